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
        changes,
        warnings,
    };
    serde_json::to_value(&item).expect("the model serializes")
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
