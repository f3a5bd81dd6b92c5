//! Helpers shared by the integration tests: HTML → Markdown in one call, and the comparison
//! of a Document with what a CommonMark parser (comrak) reads back from its Markdown.

#![allow(dead_code)]

pub mod server;

use comrak::nodes::{AstNode, ListType, NodeValue};
use wpconvert::model::{Block, Document, Inline, Media};

/// The text a reader of the rendered Markdown sees: like `model::plain_text`, but raw content
/// that is not a tag (a shortcode kept verbatim) shows as the text it is.
fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::RawHtml { html } if !html.trim_start().starts_with('<') => out.push_str(html),
            Inline::RawHtml { .. } => {}
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak => out.push('\n'),
            other => out.push_str(&plain_text(other.children().map_or(&[][..], |c| c))),
        }
    }
    out
}
use wpconvert::write::markdown;

pub fn html_to_markdown(html: &str) -> String {
    let converted = wpconvert::read(html.as_bytes(), wpconvert::InputFormat::Html);
    let options = markdown::Options {
        front_matter: false,
        ..Default::default()
    };
    markdown::write(&converted.document, &options).text
}

/// The block structure and text of a document, as comparable across formats.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Heading(u8, String),
    Paragraph(String),
    List {
        ordered: bool,
        items: Vec<Vec<Shape>>,
    },
    Quote(Vec<Shape>),
    Code(String),
    Table(Vec<Vec<String>>),
    Break,
    /// An HTML block, by its text with all whitespace removed.
    Html(String),
}

/// Whitespace collapsed and trimmed: how a browser shows text. Only ASCII whitespace
/// collapses; a no-break space (a poem's indentation) is text.
pub fn squash(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the Markdown writer promises for each block of the model.
pub fn shapes_of_document(document: &Document) -> Vec<Shape> {
    shapes_of_blocks(&document.blocks)
}

fn shapes_of_blocks(blocks: &[Block]) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { level, content, .. } => {
                shapes.push(Shape::Heading(*level, squash(&plain_text(content))))
            }
            Block::Paragraph { content } => {
                // Two line breaks in a row (`<br><br>`) are a paragraph break in Markdown; a
                // part of nothing but spaces writes nothing.
                let mut start = 0;
                let mut ranges: Vec<_> = wpconvert::model::blank_lines(content)
                    .into_iter()
                    .map(|(range, _)| range)
                    .collect();
                ranges.push(content.len()..content.len());
                for range in ranges {
                    let part = &content[start..range.start];
                    start = range.end;
                    let shows = part.iter().any(|i| {
                        !matches!(i, Inline::LineBreak)
                            && !matches!(i, Inline::Text { text } if text.trim_matches(|c: char| c.is_ascii_whitespace()).is_empty())
                    });
                    if shows {
                        shapes.push(Shape::Paragraph(squash(&plain_text(part))));
                    }
                }
            }
            Block::List(list) => shapes.push(Shape::List {
                ordered: list.ordered,
                items: list
                    .items
                    .iter()
                    .map(|i| shapes_of_blocks(&i.blocks))
                    .collect(),
            }),
            Block::BlockQuote {
                blocks,
                attribution,
            } => {
                let mut inner = shapes_of_blocks(blocks);
                if !attribution.is_empty() {
                    inner.push(Shape::Paragraph(squash(&format!(
                        "— {}",
                        plain_text(attribution)
                    ))));
                }
                shapes.push(Shape::Quote(inner));
            }
            Block::CodeBlock { text, .. } => {
                shapes.push(Shape::Code(text.trim_end_matches('\n').to_string()))
            }
            Block::Table(table) => {
                // A GFM pipe table holds one header row at most, no spans, and cells of one
                // paragraph at most; anything else must be written as HTML.
                let rows = || table.head.iter().chain(&table.body);
                let pipe_table = table.head.len() <= 1
                    && rows().flat_map(|r| &r.cells).all(|c| {
                        c.colspan == 1
                            && c.rowspan == 1
                            && matches!(c.blocks.as_slice(), [] | [Block::Paragraph { .. }])
                    });
                if !pipe_table {
                    let text: String = table
                        .head
                        .iter()
                        .chain(&table.body)
                        .flat_map(|r| &r.cells)
                        .flat_map(|c| shapes_of_blocks(&c.blocks))
                        .map(|b| shape_text(&b))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let caption = plain_text(&table.caption);
                    shapes.push(Shape::Html(squash(&format!("{caption} {text}"))));
                } else {
                    let columns = table.columns().max(1);
                    let rows = table
                        .head
                        .iter()
                        .chain(&table.body)
                        .map(|r| {
                            let mut cells: Vec<String> = r
                                .cells
                                .iter()
                                .map(|c| squash(&plain_text(c.inlines().unwrap_or(&[]))))
                                .collect();
                            cells.resize(columns, String::new());
                            cells
                        })
                        .collect();
                    shapes.push(Shape::Table(rows));
                    if !table.caption.is_empty() {
                        shapes.push(Shape::Paragraph(squash(&plain_text(&table.caption))));
                    }
                }
            }
            Block::Figure { media, caption } => {
                let text = match media {
                    Media::Image { alt, .. } => alt.clone(),
                    Media::Embed { url, .. } => url.clone(),
                };
                shapes.push(Shape::Paragraph(squash(&text)));
                if !caption.is_empty() {
                    shapes.push(Shape::Paragraph(squash(&plain_text(caption))));
                }
            }
            Block::ThematicBreak => shapes.push(Shape::Break),
            Block::Embed { url, .. } => shapes.push(Shape::Paragraph(url.clone())),
            Block::RawHtml { html } => shapes.push(Shape::Html(squash(&html_text(html)))),
        }
    }
    shapes
}

fn shape_text(shape: &Shape) -> String {
    match shape {
        Shape::Heading(_, t) | Shape::Paragraph(t) | Shape::Code(t) | Shape::Html(t) => t.clone(),
        Shape::List { items, .. } => items.iter().flatten().map(shape_text).collect(),
        Shape::Quote(inner) => inner.iter().map(shape_text).collect(),
        Shape::Table(rows) => rows.iter().flatten().cloned().collect(),
        Shape::Break => String::new(),
    }
}

/// The visible text of an HTML snippet.
pub fn html_text(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for edge in fragment.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if let Some(text) = node.value().as_text() {
                    out.push_str(text);
                } else if node
                    .value()
                    .as_element()
                    .is_some_and(|e| SEPARATE.contains(&e.name()))
                {
                    // A browser shows a cell, a row, a paragraph apart from its neighbours.
                    out.push(' ');
                }
            }
            ego_tree::iter::Edge::Close(_) => {}
        }
    }
    out
}

/// Elements whose text a browser never runs into the text beside them.
const SEPARATE: &[&str] = &[
    "p",
    "div",
    "td",
    "th",
    "tr",
    "li",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "table",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "dt",
    "dd",
];

/// What comrak reads from Markdown (GFM tables and strikethrough on).
pub fn shapes_of_markdown(markdown: &str) -> Vec<Shape> {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.front_matter_delimiter = Some("---".to_string());
    let root = comrak::parse_document(&arena, markdown, &options);
    shapes_of_nodes(root)
}

fn shapes_of_nodes<'a>(node: &'a AstNode<'a>) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for child in node.children() {
        let value = child.data.borrow().value.clone();
        match value {
            NodeValue::FrontMatter(_) => {}
            NodeValue::Paragraph => shapes.push(Shape::Paragraph(squash(&inline_text(child)))),
            NodeValue::Heading(h) => {
                shapes.push(Shape::Heading(h.level, squash(&inline_text(child))))
            }
            NodeValue::List(list) => shapes.push(Shape::List {
                ordered: list.list_type == ListType::Ordered,
                items: child.children().map(shapes_of_nodes).collect(),
            }),
            NodeValue::BlockQuote => shapes.push(Shape::Quote(shapes_of_nodes(child))),
            NodeValue::CodeBlock(code) => {
                shapes.push(Shape::Code(code.literal.trim_end_matches('\n').to_string()))
            }
            NodeValue::HtmlBlock(html) => {
                shapes.push(Shape::Html(squash(&html_text(&html.literal))))
            }
            NodeValue::ThematicBreak => shapes.push(Shape::Break),
            NodeValue::Table(_) => shapes.push(Shape::Table(
                child
                    .children()
                    .map(|row| {
                        row.children()
                            .map(|cell| squash(&inline_text(cell)))
                            .collect()
                    })
                    .collect(),
            )),
            other => panic!("unexpected block in Markdown output: {other:?}"),
        }
    }
    shapes
}

/// The text of inline nodes as a reader sees it: HTML tags (`<sup>`, `<br>`) contribute
/// nothing but a line break for `<br>`.
fn inline_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for child in node.children() {
        let value = child.data.borrow().value.clone();
        match value {
            NodeValue::Text(text) => out.push_str(&text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::SoftBreak => out.push(' '),
            NodeValue::LineBreak => out.push('\n'),
            NodeValue::HtmlInline(html) => {
                if html.starts_with("<br") {
                    out.push('\n');
                }
            }
            _ => out.push_str(&inline_text(child)),
        }
    }
    out
}

/// The first difference between two shape lists, for a readable failure.
pub fn first_difference(expected: &[Shape], actual: &[Shape]) -> Option<String> {
    for (index, (e, a)) in expected.iter().zip(actual).enumerate() {
        if e != a {
            return Some(format!(
                "block {index}:\n  document: {e:?}\n  markdown: {a:?}"
            ));
        }
    }
    if expected.len() != actual.len() {
        return Some(format!(
            "{} blocks in the document, {} read back from the Markdown; first extra: {:?}",
            expected.len(),
            actual.len(),
            expected.get(actual.len()).or(actual.get(expected.len()))
        ));
    }
    None
}

/// Asserts that the Markdown written for `document` reads back with the same structure and
/// text.
pub fn assert_writers_agree(document: &Document, label: &str) {
    let options = markdown::Options::default();
    let markdown = markdown::write(document, &options).text;
    let expected = shapes_of_document(document);
    let actual = shapes_of_markdown(&markdown);
    if let Some(difference) = first_difference(&expected, &actual) {
        panic!(
            "{label}: the Markdown does not read back as the document\n{difference}\n\n--- markdown ---\n{markdown}"
        );
    }
}

/// Every inline kind in a document, for checks that a test input covers what it claims to.
pub fn inline_kinds(document: &Document) -> std::collections::BTreeSet<&'static str> {
    fn visit(inlines: &[Inline], kinds: &mut std::collections::BTreeSet<&'static str>) {
        for inline in inlines {
            kinds.insert(match inline {
                Inline::Text { .. } => "text",
                Inline::Emphasis { .. } => "emphasis",
                Inline::Strong { .. } => "strong",
                Inline::Code { .. } => "code",
                Inline::Strikethrough { .. } => "strikethrough",
                Inline::Superscript { .. } => "superscript",
                Inline::Subscript { .. } => "subscript",
                Inline::Link { .. } => "link",
                Inline::Image { .. } => "image",
                Inline::LineBreak => "line_break",
                Inline::RawHtml { .. } => "raw_html",
            });
            if let Some(children) = inline.children() {
                visit(children, kinds);
            }
        }
    }
    fn blocks(list: &[Block], kinds: &mut std::collections::BTreeSet<&'static str>) {
        for block in list {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    visit(content, kinds)
                }
                Block::List(l) => l.items.iter().for_each(|i| blocks(&i.blocks, kinds)),
                Block::BlockQuote {
                    blocks: b,
                    attribution,
                } => {
                    blocks(b, kinds);
                    visit(attribution, kinds);
                }
                Block::Table(t) => {
                    for cell in t.head.iter().chain(&t.body).flat_map(|r| &r.cells) {
                        blocks(&cell.blocks, kinds);
                    }
                    visit(&t.caption, kinds);
                }
                Block::Figure { caption, .. } => visit(caption, kinds),
                _ => {}
            }
        }
    }
    let mut kinds = std::collections::BTreeSet::new();
    blocks(&document.blocks, &mut kinds);
    kinds
}

/// Every post and page of every fixture export, rendered as WordPress would, by name.
/// The importer's fixtures that are not WXR at all.
pub const NOT_WXR: &[&str] = &[
    "invalid-version-tag.xml",
    "malformed.xml",
    "missing-version-tag.xml",
];

/// What converting an export's items looks up: attachments and reusable blocks, and the
/// authors by login.
pub fn index_and_authors(
    records: &[wpconvert::read::wxr::Record],
) -> (
    wpconvert::read::wordpress::Index,
    std::collections::HashMap<String, wpconvert::read::wxr::Author>,
) {
    use wpconvert::read::wxr::Record;
    let mut index = wpconvert::read::wordpress::Index::default();
    let mut authors = std::collections::HashMap::new();
    for record in records {
        match record {
            Record::Item(item) => index.add(item),
            Record::Author(a) => {
                authors.insert(a.login.clone(), a.clone());
            }
            _ => {}
        }
    }
    (index, authors)
}

pub fn export_documents() -> Vec<(String, Document)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wxr");
    let mut documents = Vec::new();
    for folder in [
        "theme-test-data",
        "wordpress-importer/phpunit-data",
        "wordpress-importer/e2e-fixtures",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            match wxr_documents(&path) {
                Ok(found) => documents.extend(found),
                // WordPress's importer refuses these too (no or an invalid WXR version); any
                // other export the reader rejects is a failure, not a file fewer.
                Err(_) if NOT_WXR.contains(&name.as_str()) => continue,
                Err(error) => panic!("{}: {error}", path.display()),
            }
        }
    }
    documents
}

/// Every post and page of an export, converted (comments kept) but not normalized, named by
/// file and item; the reader's error where it rejects the export.
pub fn wxr_documents(
    path: &std::path::Path,
) -> Result<Vec<(String, Document)>, wpconvert::read::wxr::WxrError> {
    use wpconvert::read::wordpress::{self, Context};
    use wpconvert::read::wxr::{Record, WxrReader};
    let bytes = std::fs::read(path).unwrap();
    let records = WxrReader::from_bytes(&bytes[..]).collect::<Result<Vec<_>, _>>()?;
    let (index, authors) = index_and_authors(&records);
    let site = Default::default();
    // Comments kept: every output (the JSON schema too) must hold them.
    let options = wordpress::Options {
        comments: true,
        ..Default::default()
    };
    let context = Context {
        site: &site,
        authors: &authors,
        index: &index,
        options: &options,
    };
    let mut documents = Vec::new();
    for record in &records {
        if let Record::Item(item) = record
            && matches!(item.post_type.as_str(), "post" | "page")
        {
            let name = format!(
                "{} {}",
                path.file_name().unwrap().to_string_lossy(),
                item.describe()
            );
            documents.push((name, wordpress::convert_item(item, &context).0));
        }
    }
    Ok(documents)
}

/// The text a reader sees outside code: Markdown rendered by comrak, code removed.
pub fn prose_of(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.front_matter_delimiter = Some("---".into());
    options.render.r#unsafe = true;
    let html = comrak::markdown_to_html(markdown, &options);
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<code") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</code>")
            .map_or("", |end| &rest[start + end + 7..]);
    }
    out.push_str(rest);
    out
}

/// The words of Markdown as a reader sees them rendered (comrak, then the text of the HTML):
/// markup gone, words left.
pub fn rendered_words(markdown: &str) -> Vec<String> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    let html = comrak::markdown_to_html(markdown, &options);
    let text: String = scraper::Html::parse_fragment(&html)
        .root_element()
        .text()
        .collect::<Vec<_>>()
        .join(" ");
    text.split_whitespace().map(str::to_string).collect()
}

/// `../shared/corpus/SUB`, the real-world corpus read in place; `None`, with a printed note,
/// where it is absent.
pub fn corpus(sub: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(sub);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "note: {} is absent; the real-world corpus test is skipped",
            path.display()
        );
        None
    }
}

/// Every file below `folder`, at any depth (walked without recursion).
pub fn files_under(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The files of a folder whose names end with `suffix`, sorted.
pub fn files_with(folder: &std::path::Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// The benchmark's 181 gzipped pages, decompressed into `dir` (as `HASH.html`).
pub fn decompressed_pages(
    folder: &std::path::Path,
    dir: &std::path::Path,
) -> Vec<std::path::PathBuf> {
    use std::io::Read;
    let pages = files_with(folder, ".html.gz");
    assert_eq!(pages.len(), 181, "the benchmark has 181 pages");
    pages
        .iter()
        .map(|page| {
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(page).unwrap())
                .read_to_end(&mut html)
                .unwrap();
            let name = page
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(".gz", "");
            let path = dir.join(name);
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect()
}
