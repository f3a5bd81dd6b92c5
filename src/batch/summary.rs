//! What a run did, item by item: written, skipped (and why), failed; repairs, links, media.

use super::select::NEVER_WRITTEN;
use crate::read::wxr::Item;
use crate::shelf::Shelf;
use std::collections::BTreeMap;

/// What a run did: every item read is either written or skipped with a reason.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    pub site: String,
    /// Items read, by `type/status`.
    pub read: BTreeMap<String, usize>,
    pub written: usize,
    /// Skipped items, by reason.
    pub skipped: BTreeMap<String, Skipped>,
    pub warnings: Messages,
    /// Repairs made, by rule (`WP201 missing-space`).
    pub fixes: BTreeMap<String, usize>,
    /// Every repair, by item, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<(String, crate::normalize::Change)>,
    /// Items that failed: a file that could not be written, or a bug hit while converting.
    pub failed: Vec<Failed>,
    /// Errors that concern no single item (the JSON Lines output could not be written).
    pub errors: Vec<String>,
    /// The export was damaged (cut off, XML errors): not everything in it was read.
    pub damaged: bool,
    /// Links between written items rewritten to the address the target keeps on the new site.
    pub links_rewritten: usize,
    /// Links to the old site that lead to no written item (archives, attachment pages, items
    /// not written), with the item holding each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links_unresolved: Vec<Unresolved>,
    /// Readers' comments kept (`--comments`).
    #[serde(skip_serializing_if = "is_zero")]
    pub comments: usize,
    /// Media brought along, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<super::media::Summary>,
    /// Standard output was closed by its reader (`| head`): the run stopped there.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub output_closed: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A link to the old site that leads to no written item.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unresolved {
    pub item: String,
    pub url: String,
}

/// Whether a reader's warning says content was lost (a cut-off or malformed export, an item
/// cut at the size limit): an error for the exit code. (A repaired `]]>` lost nothing.)
pub fn is_damage(message: &str) -> bool {
    ["cut off", "XML error", "was cut"]
        .iter()
        .any(|m| message.contains(m))
}

impl Summary {
    pub fn items_read(&self) -> usize {
        self.read.values().sum()
    }

    pub fn items_skipped(&self) -> usize {
        self.skipped.values().map(|s| s.count).sum()
    }

    pub(super) fn fail(&mut self, item: &Item, message: String) {
        self.failed.push(Failed {
            item: item.describe(),
            message,
        });
    }

    pub(super) fn skip(&mut self, reason: String, item: &Item) {
        let entry = self.skipped.entry(reason).or_default();
        entry.count += 1;
        // Content is listed by name; WordPress's plumbing (attachments, menu items,
        // revisions) is only counted, or the list would be most of the export.
        if !NEVER_WRITTEN.contains(&item.post_type.as_str()) {
            entry.items.push(item.describe());
        }
    }
}

/// An item that could not be converted or written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failed {
    /// Title, id and line in the export.
    pub item: String,
    pub message: String,
}

/// Items skipped for one reason.
#[derive(Debug, Default, serde::Serialize)]
pub struct Skipped {
    pub count: usize,
    /// The items, by description (not for attachments, menu items and the like).
    #[serde(skip_serializing_if = "Messages::is_empty")]
    pub items: Messages,
}

/// Messages a run gathers for its end (warnings, skipped items): on a shelf, a temporary
/// file, since a large export has tens of thousands of them; written out as a list.
#[derive(Debug, Default)]
pub struct Messages(Shelf);

impl Messages {
    pub fn push(&mut self, message: impl AsRef<str>) {
        self.0.put(&message.as_ref());
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages in the order given. (One the temporary file cannot give back, which
    /// only a failing disk would do, comes as a message saying so.)
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        self.0.values::<String>().map(|message| {
            message.unwrap_or_else(|error| {
                format!("(a message kept in a temporary file could not be read back: {error})")
            })
        })
    }
}

impl<S: AsRef<str>> Extend<S> for Messages {
    fn extend<I: IntoIterator<Item = S>>(&mut self, messages: I) {
        for message in messages {
            self.push(message);
        }
    }
}

impl serde::Serialize for Messages {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_back_in_order_and_as_a_json_list() {
        // More than a chunk's worth: most are read back from the temporary file.
        let messages: Vec<String> = (0..20_000)
            .map(|n| format!("“Post {n}” (id {n}, line {}): a warning", n * 40))
            .collect();
        let mut kept = Messages::default();
        kept.extend(&messages);
        assert_eq!(kept.len(), messages.len());
        assert_eq!(kept.iter().collect::<Vec<_>>(), messages);
        assert_eq!(
            serde_json::to_value(&kept).unwrap(),
            serde_json::json!(messages)
        );
        assert!(Messages::default().is_empty());
    }
}
