//! [`Document`] → JSON: one object per converted item, in a documented, versioned shape
//! (`schema/wpconvert.schema.json`), for scripts and pipelines.
//!
//! `meta` carries what the front matter carries, with stable names and dates in RFC 3339;
//! `content` is the document tree (blocks and inlines tagged by `type`), cleaned like every
//! other output ([`sanitize::tree`]: a renderer may show its raw HTML); `markdown` and
//! `html` renderings are included on request; `changes` lists the normalizer's repairs and
//! `warnings` what the conversion noticed. JSON Lines is the same object on one line.

use crate::model::Document;
use crate::normalize::Change;
use crate::write::{html, markdown, sanitize};
use serde::Serialize;

/// The version of the JSON shape; it changes only when a field is removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Which renderings to include beside the tree.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub markdown: bool,
    pub html: bool,
}

#[derive(Serialize)]
struct Item<'a> {
    schema_version: u32,
    meta: &'a crate::model::Meta,
    content: Vec<crate::model::Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
    /// Readers' comments, their content cleaned like the item's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    comments: Vec<crate::model::Comment>,
    changes: &'a [Change],
    warnings: &'a [String],
}

/// The item as a JSON value.
pub fn value(
    document: &Document,
    changes: &[Change],
    warnings: &[String],
    options: &Options,
) -> serde_json::Value {
    let item = Item {
        schema_version: SCHEMA_VERSION,
        meta: &document.meta,
        content: sanitize::tree(&document.blocks),
        markdown: options.markdown.then(|| {
            markdown::write(
                document,
                &markdown::Options {
                    front_matter: false,
                    ..Default::default()
                },
            )
            .text
        }),
        html: options
            .html
            .then(|| html::write(document, &html::Options::default())),
        comments: document
            .comments
            .iter()
            .map(|comment| crate::model::Comment {
                content: sanitize::tree(&comment.content),
                ..comment.clone()
            })
            .collect(),
        changes,
        warnings,
    };
    serde_json::to_value(&item).expect("the model serializes")
}

/// A document's comments as a site generator's data file: a JSON array in thread order,
/// each comment's content as cleaned HTML (templates insert it as it is), dates in RFC 3339.
pub fn comments_data(document: &Document) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        id: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        parent: Option<u64>,
        depth: usize,
        author: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        author_url: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<&'a crate::model::DateTime>,
        content: String,
    }
    let out: Vec<Out<'_>> = document
        .comments
        .iter()
        .map(|c| Out {
            id: c.id,
            parent: c.parent,
            depth: c.depth,
            author: &c.author,
            author_url: c.author_url.as_deref(),
            date: c.date.as_ref(),
            content: html::write(
                &Document {
                    blocks: sanitize::tree(&c.content),
                    ..Document::default()
                },
                &html::Options::default(),
            ),
        })
        .collect();
    serde_json::to_string_pretty(&out).expect("serializes") + "\n"
}

/// Pretty JSON, ending with a newline.
pub fn write(
    document: &Document,
    changes: &[Change],
    warnings: &[String],
    options: &Options,
) -> String {
    let mut out = serde_json::to_string_pretty(&value(document, changes, warnings, options))
        .expect("serializes");
    out.push('\n');
    out
}

/// One JSON Lines line, ending with a newline.
pub fn line(
    document: &Document,
    changes: &[Change],
    warnings: &[String],
    options: &Options,
) -> String {
    let mut out =
        serde_json::to_string(&value(document, changes, warnings, options)).expect("serializes");
    out.push('\n');
    out
}
