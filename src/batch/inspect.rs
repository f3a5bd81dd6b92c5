//! `wpconvert inspect`: what an export holds, in one streaming pass — the site, items by
//! type and status, authors, terms, and the shortcodes and block types its content uses
//! (what a migration has to handle).

use super::source::{ExportError, read_records};
use crate::read::wordpress::shortcodes;
use crate::read::wxr::Record;
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

#[derive(Debug, Default, Serialize)]
pub struct Inventory {
    pub site: SiteInfo,
    /// Items by post type, then status.
    pub items: BTreeMap<String, BTreeMap<String, usize>>,
    pub password_protected: usize,
    pub authors: Vec<AuthorInfo>,
    /// Terms defined in the export, by taxonomy.
    pub terms: BTreeMap<String, usize>,
    /// Shortcodes in post and page content, by name, with how often they occur.
    pub shortcodes: BTreeMap<String, usize>,
    /// Gutenberg block types in post and page content, with how often they occur.
    pub blocks: BTreeMap<String, usize>,
    pub comments: usize,
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub link: String,
    pub language: String,
    pub wxr_version: String,
    pub generator: String,
}

#[derive(Debug, Default, Serialize)]
pub struct AuthorInfo {
    pub login: String,
    pub display_name: String,
    /// Posts and pages whose `dc:creator` is this login.
    pub items: usize,
}

static BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s+wp:([a-z][a-z0-9-]*(?:/[a-z0-9-]+)?)").expect("valid"));

pub fn inspect(inputs: &[PathBuf]) -> Result<Inventory, ExportError> {
    let mut inventory = Inventory::default();
    let mut by_creator: BTreeMap<String, usize> = BTreeMap::new();
    let site = read_records(
        inputs,
        None,
        |_| false,
        |record| match record {
            Record::Item(item) => {
                *inventory
                    .items
                    .entry(or_unknown(&item.post_type))
                    .or_default()
                    .entry(or_unknown(&item.status))
                    .or_default() += 1;
                inventory.comments += item.comments.len();
                if !item.post_password.is_empty() {
                    inventory.password_protected += 1;
                }
                if matches!(
                    item.post_type.as_str(),
                    "attachment" | "nav_menu_item" | "revision"
                ) {
                    return;
                }
                *by_creator.entry(item.creator.clone()).or_default() += 1;
                for name in shortcodes::names_in(&item.content) {
                    *inventory.shortcodes.entry(name).or_default() += 1;
                }
                for block in BLOCK.captures_iter(&item.content) {
                    *inventory.blocks.entry(block[1].to_string()).or_default() += 1;
                }
            }
            Record::Author(author) => inventory.authors.push(AuthorInfo {
                login: author.login,
                display_name: author.display_name,
                items: 0,
            }),
            Record::Term(term) => *inventory.terms.entry(term.taxonomy).or_default() += 1,
            Record::Warning(warning) => inventory.warnings.push(warning.message),
        },
    )?;
    inventory.site = SiteInfo {
        title: site.title,
        link: site.link,
        language: site.language,
        wxr_version: site.wxr_version,
        generator: site.generator,
    };
    // WXR 1.0 has no author records: the creators are the authors.
    for (login, count) in by_creator {
        match inventory.authors.iter_mut().find(|a| a.login == login) {
            Some(author) => author.items = count,
            None if !login.is_empty() => inventory.authors.push(AuthorInfo {
                login,
                display_name: String::new(),
                items: count,
            }),
            None => {}
        }
    }
    Ok(inventory)
}

fn or_unknown(text: &str) -> String {
    if text.is_empty() {
        "(none)".into()
    } else {
        text.to_string()
    }
}

impl Inventory {
    /// The inventory as aligned text for people.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let site = &self.site;
        out.push_str(&format!("site       {} ({})\n", site.title, site.link));
        out.push_str(&format!(
            "export     WXR {}{}{}\n",
            site.wxr_version,
            if site.language.is_empty() {
                String::new()
            } else {
                format!(", language {}", site.language)
            },
            if site.generator.is_empty() {
                String::new()
            } else {
                format!(", {}", site.generator)
            }
        ));
        out.push_str("\nitems      type                  status        count\n");
        for (kind, statuses) in &self.items {
            for (status, count) in statuses {
                out.push_str(&format!("           {kind:<21} {status:<13} {count:>5}\n"));
            }
        }
        if self.password_protected > 0 {
            out.push_str(&format!(
                "           password protected                  {:>5}\n",
                self.password_protected
            ));
        }
        out.push_str(&format!(
            "           comments                            {:>5}\n",
            self.comments
        ));
        out.push_str("\nauthors    login                 name                     items\n");
        for author in &self.authors {
            out.push_str(&format!(
                "           {:<21} {:<24} {:>5}\n",
                author.login, author.display_name, author.items
            ));
        }
        out.push_str("\nterms      ");
        out.push_str(&join_counts(&self.terms));
        out.push_str("\nshortcodes ");
        out.push_str(&join_counts(&self.shortcodes));
        out.push_str("\nblocks     ");
        out.push_str(&join_counts(&self.blocks));
        out.push('\n');
        if !self.warnings.is_empty() {
            out.push_str(&format!("\nwarnings   {}\n", self.warnings.len()));
            for warning in &self.warnings {
                out.push_str(&format!("           {warning}\n"));
            }
        }
        out
    }
}

fn join_counts(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    let mut sorted: Vec<(&String, &usize)> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    sorted
        .iter()
        .map(|(name, count)| format!("{name} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}
