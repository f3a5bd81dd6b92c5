//! The first pass over an export: what converting an item may look up (attachments, reusable
//! blocks, authors, the site), the post types there are, the written items' old addresses
//! (for internal links and redirects) and the pages' parents (for child pages' paths).

use super::links::Links;
use super::select::{Selection, TypeCounts};
use super::source::{ExportError, read_records};
use crate::read::wordpress::Index;
use crate::read::wxr::{Author, Record, Site};
use std::collections::HashMap;
use std::path::PathBuf;

/// What pass 1 learns of an export.
pub struct FirstPass {
    /// What items refer to (attachments, reusable blocks).
    pub index: Index,
    pub authors: HashMap<String, Author>,
    pub site: Site,
    /// The post types there are.
    pub types: TypeCounts,
    /// The old addresses of the items `written` selects (none without it).
    pub links: Links,
    /// Pages by id: their parent's id and their slug, for the paths of child pages.
    pub pages: HashMap<u64, (u64, String)>,
}

/// Pass 1: reads the whole export once for what converting an item may look up, and the
/// addresses of the items the selection `written` writes.
pub fn first_pass(
    inputs: &[PathBuf],
    written_by: Option<&Selection>,
) -> Result<FirstPass, ExportError> {
    let mut types = TypeCounts::new();
    let mut pages = HashMap::new();
    let mut index = Index::default();
    let mut authors: HashMap<String, Author> = HashMap::new();
    // Written items' ids, addresses, slugs and earlier slugs; the site's address is known at
    // the end.
    let mut written: Vec<(String, String, String, Vec<String>)> = Vec::new();
    // Attachments' ids, page addresses and files.
    let mut attachments: Vec<(String, String, String)> = Vec::new();
    let site = read_records(inputs, |record| match record {
        Record::Item(item) => {
            *types.entry(item.post_type.clone()).or_default() += 1;
            index.add(&item);
            if item.post_type == "page"
                && let Ok(id) = item.post_id.parse::<u64>()
            {
                let parent = item.post_parent.trim().parse().unwrap_or(0);
                pages.insert(id, (parent, item.post_name.clone()));
            }
            if written_by.is_some() && item.post_type == "attachment" {
                let file = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                attachments.push((item.post_id.clone(), item.link.clone(), file.clone()));
            }
            if written_by.is_some_and(|s| s.skip_reason(&item).is_none()) {
                let old_slugs = item
                    .postmeta
                    .iter()
                    .filter(|m| m.key == "_wp_old_slug")
                    .map(|m| m.value.clone())
                    .collect();
                written.push((item.post_id, item.link, item.post_name, old_slugs));
            }
        }
        Record::Author(author) => {
            authors.insert(author.login.clone(), author);
        }
        _ => {}
    })?;
    let mut links = Links::new(&site.link);
    for (id, link, slug, old_slugs) in &written {
        links.add(id, link, slug, old_slugs);
    }
    for (id, link, file) in &attachments {
        links.add_attachment(id, link, file);
    }
    Ok(FirstPass {
        index,
        authors,
        site,
        types,
        links,
        pages,
    })
}
