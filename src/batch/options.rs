//! How an export is converted and written: the options of a run.

use super::select::Selection;
use crate::read::wordpress;
use crate::write::front_matter::{Format, Preset};
use std::path::PathBuf;

/// How the export is written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    pub preset: Preset,
    /// The front matter format; the preset's own when `None`.
    pub format: Option<Format>,
    pub front_matter: bool,
    /// Transliterate slugs to ASCII (`crème-brûlée` → `creme-brulee`).
    pub ascii_slugs: bool,
    /// Overwrite files that exist.
    pub force: bool,
    pub wordpress: wordpress::Options,
    /// The normalizer's settings; `None` converts without repairing.
    pub normalize: Option<crate::normalize::Settings>,
    /// Keep every change in the summary (for `--verbose` and `--report`), not only counts.
    pub keep_changes: bool,
    /// What to write for each item.
    pub outputs: Outputs,
    /// Write a site that builds: the preset's content folder inside the output, and the
    /// generator's configuration and minimal templates beside it (see [`super::site`]).
    pub site: bool,
    /// Redirect maps to write, old addresses → new ones (see [`super::redirects`]).
    pub redirects: Vec<super::redirects::Format>,
    /// Media to bring along (see [`super::media`]); None leaves media URLs as they are.
    pub media: Option<super::media::Options>,
}

/// The formats written for each item, side by side (`slug.md`, `slug.json`, `slug.html`), and
/// JSON Lines (one line per item, in export order).
#[derive(Debug, Clone)]
pub struct Outputs {
    pub markdown: bool,
    pub json: bool,
    pub html: bool,
    /// One line per written item, to standard output or `items.jsonl`.
    pub jsonl: Option<JsonLines>,
    pub json_options: crate::write::json::Options,
    pub html_options: crate::write::html::Options,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonLines {
    Stdout,
    File(PathBuf),
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            markdown: true,
            json: false,
            html: false,
            jsonl: None,
            json_options: Default::default(),
            html_options: Default::default(),
        }
    }
}
