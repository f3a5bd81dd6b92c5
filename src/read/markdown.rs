//! The Markdown reader: CommonMark with GitHub's tables and strikethrough, parsed by comrak,
//! into the document model; YAML (`---`) or TOML (`+++`) front matter read into the metadata.
//!
//! Markdown is read for what it says, nothing more: a line `Note: …` stays a line, not a
//! speaker's turn (those heuristics are the plain-text reader's). Converting wpconvert's own
//! Markdown gives the same Markdown back.

use crate::Warning;
use crate::model::{
    Alignment, Block, Cell, DateTime, Document, Inline, List, ListItem, Meta, Row, Table, Term,
};
use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use serde_json::{Map, Value};

/// Nesting deeper than this (quotes in quotes, emphasis in emphasis…) is read as the text it
/// holds: the walk recurses, and the input must not decide how deep.
const MAX_DEPTH: usize = 64;

/// What the reader produced.
#[derive(Debug, Default)]
pub struct Output {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

pub fn read(text: &str) -> Output {
    let mut warnings = Vec::new();
    let (front, body) = split_front_matter(text);
    let meta = match front {
        Some(front) => match parse_front_matter(front) {
            Ok(fields) => meta_of(fields),
            Err(error) => {
                warnings.push(Warning::new(format!(
                    "the front matter could not be read ({error}); it is kept as text"
                )));
                let document = read(body).document;
                let mut blocks = vec![Block::CodeBlock {
                    language: Some(front.kind().to_string()),
                    text: front.text().to_string(),
                }];
                blocks.extend(document.blocks);
                return Output {
                    document: Document {
                        blocks,
                        ..Document::default()
                    },
                    warnings,
                };
            }
        },
        None => Meta::default(),
    };
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    let root = comrak::parse_document(&arena, body, &options);
    Output {
        document: Document {
            meta,
            blocks: blocks(root, 0),
            comments: Vec::new(),
        },
        warnings,
    }
}

/// Front matter at the very start of a file.
#[derive(Debug, Clone, Copy)]
enum Front<'a> {
    Yaml(&'a str),
    Toml(&'a str),
}

impl<'a> Front<'a> {
    fn text(self) -> &'a str {
        match self {
            Front::Yaml(t) | Front::Toml(t) => t,
        }
    }
    fn kind(self) -> &'static str {
        match self {
            Front::Yaml(_) => "yaml",
            Front::Toml(_) => "toml",
        }
    }
}

/// The front matter (between `---` or `+++` lines at the start) and the body after it.
fn split_front_matter(text: &str) -> (Option<Front<'_>>, &str) {
    let text = text.trim_start_matches('\u{feff}');
    for fence in ["---", "+++"] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let body = &rest[offset + line.len()..];
                let front = &rest[..offset];
                let front = if fence == "---" {
                    Front::Yaml(front)
                } else {
                    Front::Toml(front)
                };
                return (Some(front), body);
            }
            offset += line.len();
        }
    }
    (None, text)
}

fn parse_front_matter(front: Front<'_>) -> Result<Map<String, Value>, String> {
    let value: Value = match front {
        Front::Yaml(text) if text.trim().is_empty() => return Ok(Map::new()),
        Front::Yaml(text) => serde_saphyr::from_str(text).map_err(|e| e.to_string())?,
        Front::Toml(text) => {
            let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
            serde_json::to_value(table).map_err(|e| e.to_string())?
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err("it is not a table of fields".to_string()),
    }
}

fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        // A TOML date comes as a table holding its text.
        Value::Object(o) if o.len() == 1 => o.values().next().and_then(string),
        _ => None,
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(string).collect(),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

/// The metadata a front matter states, under wpconvert's names and the generators' usual
/// ones (`lastmod`, `pubDate`, `heroImage`…). Fields it does not know are kept as custom
/// fields; lists of names under other keys are terms of that taxonomy.
fn meta_of(fields: Map<String, Value>) -> Meta {
    let mut meta = Meta::default();
    for (key, value) in fields {
        let text = string(&value);
        let date = || text.as_deref().and_then(DateTime::parse);
        match key.as_str() {
            "title" => meta.title = text,
            "description" | "summary" => meta.description = text,
            "date" | "pubDate" | "published" if date().is_some() => meta.published = date(),
            "updated" | "lastmod" | "modified" | "updatedDate" if date().is_some() => {
                meta.modified = date()
            }
            "draft" if value == Value::Bool(true) => meta.status = Some("draft".into()),
            "draft" => {}
            "published" if value == Value::Bool(false) => meta.status = Some("draft".into()),
            "slug" => meta.slug = text,
            "authors" | "author" => meta.authors = strings(&value).unwrap_or_default(),
            "categories" | "tags" => {
                let taxonomy = if key == "tags" {
                    "post_tag"
                } else {
                    "category"
                };
                for name in strings(&value).unwrap_or_default() {
                    meta.terms.push(Term {
                        taxonomy: taxonomy.into(),
                        name,
                        slug: None,
                    });
                }
            }
            "format" if text.is_some() => meta.terms.push(Term {
                taxonomy: "post_format".into(),
                name: text.clone().unwrap_or_default(),
                slug: text.map(|f| format!("post-format-{f}")),
            }),
            "excerpt" => meta.excerpt = text,
            "featured_image" | "image" | "heroImage" | "cover" => meta.featured_image = text,
            "canonical_url" | "canonicalURL" => meta.canonical_url = text,
            "sticky" => meta.sticky = value == Value::Bool(true),
            "lang" | "language" => meta.language = text,
            "translation_key" | "translationKey" => meta.translation_key = text,
            "site_name" => meta.site_name = text,
            "wordpress_id" => meta.id = text.and_then(|t| t.parse().ok()),
            "fields" if value.is_object() => {
                if let Value::Object(custom) = value {
                    meta.extra.extend(custom);
                }
            }
            _ => match strings(&value).filter(|_| value.is_array()) {
                Some(names) if crate::write::front_matter::is_other_content_taxonomy(&key) => {
                    for name in names {
                        meta.terms.push(Term {
                            taxonomy: key.clone(),
                            name,
                            slug: None,
                        });
                    }
                }
                _ => {
                    meta.extra.insert(key, value);
                }
            },
        }
    }
    meta
}

fn blocks<'a>(parent: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    for node in parent.children() {
        if let Some(block) = block(node, depth) {
            out.push(block);
        }
    }
    out
}

fn block<'a>(node: &'a AstNode<'a>, depth: usize) -> Option<Block> {
    if depth > MAX_DEPTH {
        let text = text_of(node)
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .to_string();
        return (!text.trim().is_empty()).then(|| Block::Paragraph {
            content: vec![Inline::text(text)],
        });
    }
    let value = node.data.borrow().value.clone();
    Some(match value {
        NodeValue::Paragraph => Block::Paragraph {
            content: inlines(node, depth + 1),
        },
        NodeValue::Heading(heading) => Block::Heading {
            level: heading.level,
            content: inlines(node, depth + 1),
            id: None,
        },
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::BlockQuote {
            blocks: blocks(node, depth + 1),
            attribution: Vec::new(),
        },
        NodeValue::List(list) => Block::List(List {
            ordered: list.list_type == ListType::Ordered,
            start: list.start as u64,
            tight: list.tight,
            items: node
                .children()
                .map(|item| ListItem {
                    blocks: blocks(item, depth + 1),
                })
                .collect(),
        }),
        NodeValue::CodeBlock(code) => {
            let language = code
                .info
                .split_whitespace()
                .next()
                .map(str::to_string)
                .filter(|l| !l.is_empty());
            // As the HTML reader reads `<pre>`: lines end in `\n`, blank lines at either end
            // are not part of the code (the last line's trailing spaces are), and a block of
            // nothing but blank lines shows nothing.
            let literal = code.literal.replace("\r\n", "\n").replace('\r', "\n");
            let content_end = literal.trim_end().len();
            let tail = &literal[content_end..];
            let text = &literal[..content_end + tail.find('\n').unwrap_or(tail.len())];
            let text = text.trim_start_matches('\n');
            if text.trim().is_empty() {
                return None;
            }
            Block::CodeBlock {
                language,
                text: text.to_string(),
            }
        }
        NodeValue::HtmlBlock(html) => Block::RawHtml {
            html: html.literal.trim_end_matches('\n').to_string(),
        },
        NodeValue::ThematicBreak => Block::ThematicBreak,
        NodeValue::Table(table) => {
            let alignments: Vec<Alignment> = table
                .alignments
                .iter()
                .map(|a| match a {
                    TableAlignment::Left => Alignment::Left,
                    TableAlignment::Center => Alignment::Center,
                    TableAlignment::Right => Alignment::Right,
                    TableAlignment::None => Alignment::Default,
                })
                .collect();
            let mut head = Vec::new();
            let mut body = Vec::new();
            for row in node.children() {
                let header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
                let cells = row
                    .children()
                    .map(|cell| Cell::from_inlines(inlines(cell, depth + 1)))
                    .collect();
                if header { &mut head } else { &mut body }.push(Row { cells });
            }
            let alignments = if alignments.iter().all(|a| *a == Alignment::Default) {
                Vec::new()
            } else {
                alignments
            };
            Block::Table(Table {
                caption: Vec::new(),
                alignments,
                head,
                body,
            })
        }
        NodeValue::FrontMatter(_) => return None,
        // Anything else (footnote definitions, description lists): its blocks, in a quote
        // would change its look; as paragraphs of its text.
        _ => {
            let children = blocks(node, depth + 1);
            if children.is_empty() {
                let text = text_of(node)
                    .trim_matches(|c: char| c.is_ascii_whitespace())
                    .to_string();
                return (!text.trim().is_empty()).then(|| Block::Paragraph {
                    content: vec![Inline::text(text)],
                });
            }
            Block::BlockQuote {
                blocks: children,
                attribution: Vec::new(),
            }
        }
    })
}

fn inlines<'a>(parent: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for node in parent.children() {
        let inline = if depth > MAX_DEPTH {
            Inline::text(text_of(node))
        } else {
            let value = node.data.borrow().value.clone();
            let children = || inlines(node, depth + 1);
            match value {
                NodeValue::Text(text) => Inline::text(text.into_owned()),
                NodeValue::SoftBreak => Inline::text("\n"),
                NodeValue::LineBreak => Inline::LineBreak,
                NodeValue::Code(code) => Inline::Code { text: code.literal },
                NodeValue::HtmlInline(html) => Inline::RawHtml { html },
                NodeValue::Emph => Inline::Emphasis {
                    content: children(),
                },
                NodeValue::Strong => Inline::Strong {
                    content: children(),
                },
                NodeValue::Strikethrough => Inline::Strikethrough {
                    content: children(),
                },
                NodeValue::Superscript => Inline::Superscript {
                    content: children(),
                },
                NodeValue::Subscript => Inline::Subscript {
                    content: children(),
                },
                NodeValue::Link(link) => Inline::Link {
                    url: link.url.clone(),
                    title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                    content: children(),
                },
                NodeValue::Image(link) => Inline::Image {
                    src: link.url.clone(),
                    alt: text_of(node),
                    title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                },
                _ => Inline::text(text_of(node)),
            }
        };
        // A container left empty (`*` delimiters around nothing) shows nothing, and would
        // keep the texts around it apart.
        if inline
            .children()
            .is_some_and(|c| c.is_empty() && !matches!(inline, Inline::Link { .. }))
        {
            continue;
        }
        crate::read::inlines::push_inline(&mut out, inline);
    }
    crate::read::inlines::fold_tags(out, depth)
}

/// The text of a node and everything under it, without recursion.
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for descendant in node.descendants() {
        match &descendant.data.borrow().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push('\n'),
            NodeValue::CodeBlock(code) => out.push_str(&code.literal),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_read_for_what_it_says() {
        let output =
            read("Note: this is a line.\n\n# Title\n\n- *a*\n- `b`\n\n```rust\nfn x() {}\n```\n");
        let blocks = output.document.blocks;
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                content: vec![Inline::text("Note: this is a line.")]
            }
        );
        assert!(matches!(&blocks[1], Block::Heading { level: 1, .. }));
        assert!(
            matches!(&blocks[2], Block::List(l) if !l.ordered && l.tight && l.items.len() == 2)
        );
        assert_eq!(
            blocks[3],
            Block::CodeBlock {
                language: Some("rust".into()),
                text: "fn x() {}".into()
            }
        );
    }

    #[test]
    fn front_matter_becomes_metadata() {
        let output = read(
            "---\ntitle: \"Hello: world\"\ndate: 2017-03-09T18:16:02-04:00\ndraft: true\ntags:\n- a\n- b\nseries:\n- One\nrating: 5\n---\nBody.\n",
        );
        let meta = output.document.meta;
        assert_eq!(meta.title.as_deref(), Some("Hello: world"));
        assert_eq!(
            meta.published.unwrap().to_string(),
            "2017-03-09T18:16:02-04:00"
        );
        assert_eq!(meta.status.as_deref(), Some("draft"));
        assert_eq!(meta.terms_of("post_tag").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(meta.terms_of("series").collect::<Vec<_>>(), ["One"]);
        assert_eq!(meta.extra["rating"], serde_json::json!(5));
        let toml = read("+++\ntitle = \"T\"\ndate = 2020-01-02T03:04:05Z\n+++\nx\n");
        assert_eq!(toml.document.meta.title.as_deref(), Some("T"));
        assert_eq!(
            toml.document.meta.published.unwrap().to_string(),
            "2020-01-02T03:04:05+00:00"
        );
    }

    #[test]
    fn broken_front_matter_is_kept_and_reported() {
        let output = read("---\ntitle: [unclosed\n---\nBody.\n");
        assert_eq!(output.warnings.len(), 1);
        assert!(
            matches!(&output.document.blocks[0], Block::CodeBlock { text, .. } if text.contains("unclosed"))
        );
    }

    #[test]
    fn inline_html_formatting_is_formatting() {
        let output = read("a<strong>b *c*</strong>d <sup>2</sup> <b>open\n");
        let Block::Paragraph { content } = &output.document.blocks[0] else {
            panic!("a paragraph")
        };
        assert_eq!(
            content[1],
            Inline::Strong {
                content: vec![
                    Inline::text("b "),
                    Inline::Emphasis {
                        content: vec![Inline::text("c")]
                    }
                ]
            }
        );
        assert!(content.contains(&Inline::Superscript {
            content: vec![Inline::text("2")]
        }));
        // An unclosed tag stays raw.
        assert!(content.contains(&Inline::RawHtml { html: "<b>".into() }));
    }

    #[test]
    fn deep_nesting_is_read_without_deep_recursion() {
        let quotes = ">".repeat(50_000) + " deep";
        let output = read(&quotes);
        assert!(!output.document.blocks.is_empty());
        let emphasis = "*".repeat(20_000) + "x" + &"*".repeat(20_000);
        let _ = read(&emphasis);
    }
}
