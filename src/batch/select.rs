//! Which items of an export are written, and why the others are not.

use crate::read::wxr::Item;
use std::collections::BTreeMap;

/// Which items are written.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Statuses written (`publish` by default; `draft`, `pending`, `future`, `private` on
    /// request). Trashed items are written only when `trash` is listed.
    pub statuses: Vec<String>,
    /// Post types written (`post` and `page` by default).
    pub types: Vec<String>,
    /// Write password-protected posts too (their password never is).
    pub password_protected: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            statuses: vec!["publish".into()],
            types: vec!["post".into(), "page".into()],
            password_protected: false,
        }
    }
}

/// Types that are never pages, whatever is asked: WordPress's own plumbing.
pub(super) const NEVER_WRITTEN: &[&str] = &[
    "attachment",
    "nav_menu_item",
    "revision",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_changeset",
];

/// WordPress's own post types: asking for one an export does not hold is no mistake.
const BUILT_IN_TYPES: &[&str] = &["post", "page"];

impl Selection {
    /// Refuses a post type that is neither WordPress's own nor in the export: `--types psot`
    /// would otherwise write nothing and succeed.
    pub(super) fn check_types(&self, present: &TypeCounts) -> Result<(), String> {
        for wanted in &self.types {
            if present.contains_key(wanted)
                || BUILT_IN_TYPES.contains(&wanted.as_str())
                || NEVER_WRITTEN.contains(&wanted.as_str())
            {
                continue;
            }
            let listed: Vec<String> = present
                .iter()
                .map(|(name, count)| format!("{name} ({count})"))
                .collect();
            return Err(format!(
                "--types: no item of type `{wanted}` in this export; its types are {}",
                if listed.is_empty() {
                    "none (it holds no items)".to_string()
                } else {
                    listed.join(", ")
                }
            ));
        }
        Ok(())
    }

    /// `None` to write the item, or why it is skipped.
    pub fn skip_reason(&self, item: &Item) -> Option<String> {
        let kind = item.post_type.as_str();
        if kind.is_empty() {
            return Some("no post type".into());
        }
        if NEVER_WRITTEN.contains(&kind) {
            return Some(format!("{kind} (never a page)"));
        }
        if !self.types.iter().any(|t| t == kind) {
            return Some(format!("post type {kind} (add it with --types)"));
        }
        let status = if item.status.is_empty() {
            "publish"
        } else {
            item.status.as_str()
        };
        if !self.statuses.iter().any(|s| s == status) {
            return Some(format!("status {status} (add it with --status)"));
        }
        if !item.post_password.is_empty() && !self.password_protected {
            return Some("password protected (add --password-protected)".into());
        }
        None
    }
}

/// Items of each post type in an export.
pub(super) type TypeCounts = BTreeMap<String, usize>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::wxr::{Record, WxrReader};

    #[test]
    fn an_outline_is_skipped_and_named_as_its_item() {
        // Pass 1 keeps only an outline of the items pass 2 skips: it must come to the same.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml"
        );
        let file = std::fs::File::open(path).expect("the theme unit test export");
        let items: Vec<Item> = WxrReader::from_bytes(file)
            .filter_map(|record| match record {
                Ok(Record::Item(item)) => Some(*item),
                _ => None,
            })
            .collect();
        let selections = [
            Selection::default(),
            Selection {
                statuses: vec!["publish".into(), "draft".into(), "private".into()],
                types: vec!["post".into(), "attachment".into(), "nav_menu_item".into()],
                password_protected: true,
            },
        ];
        let mut reasons = std::collections::BTreeSet::new();
        for item in &items {
            let outline = item.outline();
            assert_eq!(outline.describe(), item.describe());
            for selection in &selections {
                let reason = selection.skip_reason(item);
                assert_eq!(selection.skip_reason(&outline), reason);
                reasons.extend(reason);
            }
        }
        // Skipped for their type, their status and their password.
        for kind in ["never a page", "status", "password"] {
            assert!(reasons.iter().any(|r| r.contains(kind)), "{reasons:?}");
        }
    }
}
