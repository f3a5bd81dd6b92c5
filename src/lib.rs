//! wpconvert turns WordPress content into clean, publishable files.
//!
//! Every conversion has the same shape, pandoc's: a reader turns the input into a
//! [`Document`](model::Document), and a writer turns the document into the output.
//!
//! ```
//! let html = "<h2>Hello</h2><p>It&rsquo;s <em>working</em>.</p>";
//! let converted = wpconvert::read(html.as_bytes(), wpconvert::InputFormat::Html);
//! let markdown = wpconvert::write::markdown::write(&converted.document, &Default::default());
//! assert_eq!(markdown.text, "## Hello\n\nIt’s *working*.\n");
//! ```

pub mod batch;
pub mod isolate;
pub mod model;
pub mod normalize;
pub mod read;
pub mod shelf;
#[cfg(test)]
mod testing;
pub mod write;

use model::Document;
use std::path::Path;

/// Something the user should know about a conversion that did not stop it: an input that was
/// not valid UTF-8, a table written as HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub message: String,
}

impl Warning {
    pub fn new(message: impl Into<String>) -> Warning {
        Warning {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The input formats there is a reader for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// An HTML fragment or a whole saved page.
    Html,
    /// Markdown (CommonMark with GitHub's tables), front matter included.
    Markdown,
    /// Plain text as editors paste it: titles, lists, speakers and tables told by their look.
    Text,
}

/// What an input looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Readable(InputFormat),
    /// A WordPress export (WXR), read by [`batch::export`].
    Wxr,
}

/// Guesses the format from the file extension, then from the content.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Detected {
    let extension = path
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm" | "xhtml") => return Detected::Readable(InputFormat::Html),
        Some("md" | "markdown" | "mdown" | "mkd") => {
            return Detected::Readable(InputFormat::Markdown);
        }
        Some("txt" | "text") => return Detected::Readable(InputFormat::Text),
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if head.contains("<rss") && head.contains("wordpress.org/export") {
        return Detected::Wxr;
    }
    if extension.as_deref() == Some("xml") {
        return Detected::Wxr;
    }
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<') {
        Detected::Readable(InputFormat::Html)
    } else if start.starts_with("---\n") || start.starts_with("+++\n") {
        // Front matter: a Markdown file of a static site.
        Detected::Readable(InputFormat::Markdown)
    } else {
        Detected::Readable(InputFormat::Text)
    }
}

/// Builds the patterns and word lists converting WordPress content uses (and, with
/// `normalize`, those of the normalizer's rules that [`normalize::fix`] runs with these
/// settings), which are otherwise built on first use. A whole-export conversion calls it on a
/// thread of its own while its first pass reads the export on another core: that takes their
/// building (a tenth of converting a 10 MB export) off the critical path.
pub fn prepare(normalize: Option<&normalize::Settings>) {
    read::wordpress::prepare();
    if let Some(settings) = normalize {
        normalize::rules::prepare(|rule| settings.fixes_with(rule));
    }
}

/// What a reader produced.
#[derive(Debug, Default)]
pub struct Converted {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// Reads input bytes in a given format. Bad input never fails: what cannot be decoded is
/// replaced and reported in the warnings.
pub fn read(bytes: &[u8], format: InputFormat) -> Converted {
    let (text, mut warnings) = read::decode(bytes);
    let converted = match format {
        InputFormat::Html => {
            let output = read::html::read(&text);
            warnings.extend(output.warnings);
            Converted {
                document: output.document,
                warnings,
            }
        }
        InputFormat::Markdown => {
            let output = read::markdown::read(&text);
            warnings.extend(output.warnings);
            Converted {
                document: output.document,
                warnings,
            }
        }
        InputFormat::Text => Converted {
            document: read::text::read(&text),
            warnings,
        },
    };
    isolate::fail_point(converted.document.meta.title.as_deref().unwrap_or(""));
    converted
}
