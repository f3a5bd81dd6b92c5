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

/// An item converted and repaired, not yet rendered: its file is named (in export order)
/// between the two steps, so that what is rendered carries the name it is written under.
pub struct ConvertedItem {
    pub document: Document,
    pub warnings: Vec<Warning>,
    pub changes: Vec<Change>,
}

/// What one item became: the text of each file format (by extension), its JSON Lines line.
pub struct RenderedItem {
    pub files: Vec<(&'static str, String)>,
    /// The comments' data file (`--comments`): the item's WordPress id, how many comments,
    /// the file's text.
    pub comments: Option<(u64, usize, String)>,
    pub line: Option<String>,
    pub warnings: Vec<Warning>,
}

/// Converts and repairs one item; `Err` carries the message of a bug it hit.
pub fn convert(
    item: &Item,
    context: &Context<'_>,
    options: &Options,
) -> Result<ConvertedItem, String> {
    crate::isolate::isolate(|| {
        let (mut document, warnings) = wordpress::convert_item(item, context);
        let changes = match &options.normalize {
            Some(settings) => crate::normalize::fix(&mut document, settings),
            None => Vec::new(),
        };
        ConvertedItem {
            document,
            warnings,
            changes,
        }
    })
}

/// Renders each format asked for; `Err` carries the message of a bug it hit.
pub fn render(
    item: &Item,
    converted: &ConvertedItem,
    options: &Options,
) -> Result<RenderedItem, String> {
    crate::isolate::isolate(|| render_unisolated(item, converted, options))
}

fn render_unisolated(item: &Item, converted: &ConvertedItem, options: &Options) -> RenderedItem {
    let outputs = &options.outputs;
    let ConvertedItem {
        document, changes, ..
    } = converted;
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    if outputs.markdown {
        let markdown_options = markdown::Options {
            front_matter: options.front_matter,
            preset: options.preset,
            format: options.format.unwrap_or(options.preset.default_format()),
        };
        let output = markdown::write(document, &markdown_options);
        warnings.extend(
            output
                .warnings
                .into_iter()
                .map(|w| Warning::new(format!("{}: {}", item.describe(), w.message))),
        );
        files.push(("md", output.text));
    }
    let messages: Vec<String> = converted
        .warnings
        .iter()
        .chain(&warnings)
        .map(|w| w.message.clone())
        .collect();
    if outputs.json {
        let json = crate::write::json::write(document, changes, &messages, &outputs.json_options);
        files.push(("json", json));
    }
    if outputs.html {
        files.push((
            "html",
            crate::write::html::write(document, &outputs.html_options),
        ));
    }
    let line = outputs
        .jsonl
        .is_some()
        .then(|| crate::write::json::line(document, changes, &messages, &outputs.json_options));
    let comments = (outputs.markdown && !document.comments.is_empty())
        .then(|| {
            document.meta.id.map(|id| {
                let text = crate::write::json::comments_data(document);
                (id, document.comments.len(), text)
            })
        })
        .flatten();
    RenderedItem {
        files,
        comments,
        line,
        warnings,
    }
}
