//! What a run did, item by item: written, skipped (and why), failed; repairs, links, media.

use super::select::NEVER_WRITTEN;
use crate::read::wxr::Item;
use std::collections::BTreeMap;

/// What a run did: every item read is either written or skipped with a reason.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub site: String,
    /// Items read, by `type/status`.
    pub read: BTreeMap<String, usize>,
    pub written: usize,
    /// Skipped items, by reason.
    pub skipped: BTreeMap<String, Skipped>,
    pub warnings: Vec<String>,
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
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Skipped {
    pub count: usize,
    /// The items, by description (not for attachments, menu items and the like).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}
