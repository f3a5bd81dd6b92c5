//! One item, from export record to rendered outputs: convert → normalize → render each
//! format. Runs in parallel, one item per task, and isolated: a bug hit by one item fails
//! that item only (see [`crate::isolate`]).

use super::export::Options;
use crate::Warning;
use crate::model::Document;
use crate::normalize::Change;
use crate::read::wordpress::{self, Context};
use crate::read::wxr::Item;
use crate::write::markdown;

/// What one item became: the document (for naming its file), the text of each file format
/// (by extension), its JSON Lines line, and what happened on the way.
pub struct RenderedItem {
    pub document: Document,
    pub files: Vec<(&'static str, String)>,
    pub line: Option<String>,
    pub warnings: Vec<Warning>,
    pub changes: Vec<Change>,
}

/// Converts, repairs and renders one item; `Err` carries the message of a bug it hit.
pub fn render(
    item: &Item,
    context: &Context<'_>,
    options: &Options,
) -> Result<RenderedItem, String> {
    crate::isolate::isolate(|| render_unisolated(item, context, options))
}

fn render_unisolated(item: &Item, context: &Context<'_>, options: &Options) -> RenderedItem {
    let outputs = &options.outputs;
    let (mut document, mut warnings) = wordpress::convert_item(item, context);
    let changes = match &options.normalize {
        Some(settings) => crate::normalize::normalize(&mut document, settings).changes,
        None => Vec::new(),
    };
    let mut files = Vec::new();
    if outputs.markdown {
        let markdown_options = markdown::Options {
            front_matter: options.front_matter,
            preset: options.preset,
            format: options.format.unwrap_or(options.preset.default_format()),
        };
        let output = markdown::write(&document, &markdown_options);
        warnings.extend(
            output
                .warnings
                .into_iter()
                .map(|w| Warning::new(format!("{}: {}", item.describe(), w.message))),
        );
        files.push(("md", output.text));
    }
    let messages: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
    if outputs.json {
        let json = crate::write::json::write(&document, &changes, &messages, &outputs.json_options);
        files.push(("json", json));
    }
    if outputs.html {
        files.push((
            "html",
            crate::write::html::write(&document, &outputs.html_options),
        ));
    }
    let line = outputs
        .jsonl
        .is_some()
        .then(|| crate::write::json::line(&document, &changes, &messages, &outputs.json_options));
    RenderedItem {
        document,
        files,
        line,
        warnings,
        changes,
    }
}
