//! The document model: the one tree every reader produces and every writer consumes.
//!
//! It is deliberately small and semantic, in the spirit of pandoc's AST: a [`Document`] is
//! [`Meta`] plus a list of [`Block`]s, and blocks hold [`Inline`]s. Nothing here knows about
//! HTML, Markdown or WordPress; presentation (classes, styles, wrappers) never reaches it.
//!
//! The tree serializes with serde as tagged JSON (`{"type": "paragraph", "content": [...]}`),
//! which is the stable shape the JSON writer publishes.
//!
//! Readers never build a tree deeper than [`MAX_DEPTH`] containers: deeper nesting in the
//! source is flattened into the deepest allowed container, so every writer and transform can
//! walk the tree recursively without risking the stack.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The deepest nesting of containers (block quotes, lists, emphasis, links…) a reader builds.
/// Real content rarely goes past ten; hostile content can go to a hundred thousand.
pub const MAX_DEPTH: usize = 48;

/// A converted piece of content: its metadata and its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Readers' comments, when kept (`--comments`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
}

/// A reader's comment (one of WordPress's approved comments), in thread order: each reply
/// comes right after its parent's thread, one level deeper. Who wrote it is a name and a web
/// address, never an e-mail address or an IP address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    /// The comment it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<u64>,
    /// 0 for a comment on the post, 1 for a reply to one, …
    #[serde(default)]
    pub depth: usize,
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateTime>,
    pub content: Vec<Block>,
}

/// What is known about a document besides its body. Every field is optional: a fragment of
/// HTML has none, a WordPress export item has most.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Display names, in the order the source gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// Where the document was on its old site, as a path from the site's root, percent-decoded
    /// (`/2019/01/héllo/`): what aliases, redirects and permalinks keep working. None for
    /// the site's front page and for addresses with a query (`?p=12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// Where it was on its old site under earlier slugs (WordPress's `_wp_old_slug`), which
    /// WordPress redirected to it: kept working the same way as `old_path`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_paths: Vec<String>,
    /// Where the document is on the new site, from its root, when its place there is not the
    /// generator's default for its file: a child page under its parents (`/about/team/`), as
    /// on the old site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A BCP 47 language tag such as `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Shared by the translations of one text (Polylang's translation group): the same key
    /// links a post to its versions in other languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    // What WordPress exports add. HTML pages fill some of these too (a featured image from
    // `og:image`, tags from `article:tag`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// `publish`, `draft`, `private`… as WordPress names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `post`, `page` or a custom post type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub featured_image: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
    /// Pinned to the top of the blog.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sticky: bool,
    /// The parent page's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<u64>,
    /// Anything else worth keeping, by name: public custom fields, with PHP-serialized values
    /// read into structure.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }

    /// The names of the terms of one taxonomy (`category`, `post_tag`, …), in order.
    pub fn terms_of<'a>(&'a self, taxonomy: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.terms
            .iter()
            .filter(move |t| t.taxonomy == taxonomy)
            .map(|t| t.name.as_str())
    }
}

/// A category, tag or custom taxonomy term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// `category`, `post_tag`, `post_format` or a custom taxonomy name.
    pub taxonomy: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// A point in time as the source states it: a civil date and time, with the UTC offset when
/// the source gives one. Serialized as RFC 3339 (`2017-03-09T23:16:02+00:00`), or without the
/// offset when it is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub civil: jiff::civil::DateTime,
    pub offset: Option<jiff::tz::Offset>,
}

impl DateTime {
    /// Reads the date formats found in pages and exports: RFC 3339 / ISO 8601 with or without
    /// an offset or seconds, a plain date, and RFC 2822 (`<pubDate>`; a wrong weekday is
    /// forgiven). Returns `None` for anything else rather than guessing.
    pub fn parse(text: &str) -> Option<DateTime> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(zoned) = text.parse::<jiff::Timestamp>() {
            // Has an offset or `Z`: keep the offset as written.
            let offset = parse_trailing_offset(text).unwrap_or(jiff::tz::Offset::UTC);
            let civil = offset.to_datetime(zoned);
            return Some(DateTime {
                civil,
                offset: Some(offset),
            });
        }
        if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
            return Some(DateTime {
                civil,
                offset: None,
            });
        }
        if let Ok(date) = text.parse::<jiff::civil::Date>() {
            return Some(DateTime {
                civil: date.to_datetime(jiff::civil::Time::midnight()),
                offset: None,
            });
        }
        parse_rfc2822(text)
    }
}

fn parse_trailing_offset(text: &str) -> Option<jiff::tz::Offset> {
    if text.ends_with('Z') || text.ends_with('z') {
        return Some(jiff::tz::Offset::UTC);
    }
    let sign_at = text.rfind(['+', '-'])?;
    let (sign, rest) = text[sign_at..].split_at(1);
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 || rest.len() > 5 {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    let seconds = (hours * 3600 + minutes * 60) * if sign == "-" { -1 } else { 1 };
    jiff::tz::Offset::from_seconds(seconds).ok()
}

fn parse_rfc2822(text: &str) -> Option<DateTime> {
    let parse = |t: &str| jiff::fmt::rfc2822::parse(t);
    // Real feeds carry wrong weekdays ("Sun, 09 Mar 2017"); jiff rejects those, so retry
    // without the weekday.
    let zoned = parse(text).ok().or_else(|| {
        let (_, rest) = text.split_once(',')?;
        parse(rest.trim()).ok()
    })?;
    Some(DateTime {
        civil: zoned.datetime(),
        offset: Some(zoned.offset()),
    })
}

impl std::fmt::Display for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.civil;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year(),
            c.month(),
            c.day(),
            c.hour(),
            c.minute(),
            c.second()
        )?;
        if let Some(offset) = self.offset {
            let total = offset.seconds();
            let sign = if total < 0 { '-' } else { '+' };
            let total = total.abs();
            write!(f, "{sign}{:02}:{:02}", total / 3600, (total % 3600) / 60)?;
        }
        Ok(())
    }
}

impl Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        /// 1 to 6.
        level: u8,
        content: Vec<Inline>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    List(List),
    BlockQuote {
        blocks: Vec<Block>,
        /// Who is quoted (`<cite>`, a pull quote's citation).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attribution: Vec<Inline>,
    },
    CodeBlock {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        text: String,
    },
    Table(Table),
    Figure {
        media: Media,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
    },
    ThematicBreak,
    /// Content a provider renders from a URL (a YouTube video, a tweet…).
    Embed {
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
    },
    /// Markup with no equivalent in the model, kept verbatim.
    RawHtml {
        html: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    pub ordered: bool,
    /// The first number of an ordered list (`1` unless the source says otherwise).
    #[serde(default = "one")]
    pub start: u64,
    /// Tight lists have no paragraph spacing between items.
    pub tight: bool,
    pub items: Vec<ListItem>,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
}

/// What a figure shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Media {
    Image {
        src: String,
        #[serde(default)]
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// Where clicking the image leads (often the full-size file).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<String>,
    },
    Embed {
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// One entry per column; may be shorter than the widest row (missing means default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alignments: Vec<Alignment>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    #[default]
    Default,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// A table cell. Almost every cell holds one paragraph of inlines; a cell with several blocks
/// (lists, several paragraphs) is kept as it is, and [`Table::pipe_table_obstacle`] says that
/// such a table cannot be written as a Markdown pipe table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub blocks: Vec<Block>,
    #[serde(default = "one_u32", skip_serializing_if = "is_one")]
    pub colspan: u32,
    #[serde(default = "one_u32", skip_serializing_if = "is_one")]
    pub rowspan: u32,
}

fn one_u32() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Cell {
    /// A cell holding one run of inlines (or nothing).
    pub fn from_inlines(content: Vec<Inline>) -> Cell {
        let blocks = if content.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph { content }]
        };
        Cell {
            blocks,
            colspan: 1,
            rowspan: 1,
        }
    }

    /// The cell's inlines when it holds at most one paragraph, `None` when it holds more.
    pub fn inlines(&self) -> Option<&[Inline]> {
        match self.blocks.as_slice() {
            [] => Some(&[]),
            [Block::Paragraph { content }] => Some(content),
            _ => None,
        }
    }
}

impl Table {
    /// Why this table cannot be a GFM pipe table, or `None` when it can.
    pub fn pipe_table_obstacle(&self) -> Option<&'static str> {
        let rows = || self.head.iter().chain(&self.body);
        if self.head.len() > 1 {
            return Some("it has several header rows");
        }
        if rows()
            .flat_map(|r| &r.cells)
            .any(|c| c.colspan > 1 || c.rowspan > 1)
        {
            return Some("cells span several columns or rows");
        }
        if rows().flat_map(|r| &r.cells).any(|c| c.inlines().is_none()) {
            return Some("cells hold block content");
        }
        None
    }

    /// The number of columns: the widest row, counting spans.
    pub fn columns(&self) -> usize {
        self.head
            .iter()
            .chain(&self.body)
            .map(|r| r.cells.iter().map(|c| c.colspan.max(1) as usize).sum())
            .max()
            .unwrap_or(0)
    }
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Strikethrough {
        content: Vec<Inline>,
    },
    Superscript {
        content: Vec<Inline>,
    },
    Subscript {
        content: Vec<Inline>,
    },
    Link {
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        content: Vec<Inline>,
    },
    Image {
        src: String,
        #[serde(default)]
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    LineBreak,
    RawHtml {
        html: String,
    },
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// The children of a container inline, `None` for leaves.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => Some(content),
            _ => None,
        }
    }

    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => Some(content),
            _ => None,
        }
    }
}

/// What a URL of a document is, for [`Document::visit_urls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// A link's target.
    Link,
    /// An image's source (inline or a figure's).
    Image,
    /// Where clicking a figure's image leads (often the full-size file).
    ImageLink,
    /// An embedded provider's URL.
    Embed,
    /// The featured image in the metadata.
    Featured,
    /// Raw HTML, whole: its attributes may hold URLs (`<video src>`, `<img srcset>`).
    RawHtml,
}

impl Document {
    /// Calls `f` on every URL of the document, and on every piece of raw HTML, which may hold
    /// URLs, in no particular order, without recursion: nesting depth comes from the input.
    pub fn visit_urls(&mut self, mut f: impl FnMut(UrlKind, &mut String)) {
        if let Some(image) = &mut self.meta.featured_image {
            f(UrlKind::Featured, image);
        }
        let mut block_stack: Vec<&mut Block> = self.blocks.iter_mut().rev().collect();
        let mut inline_stack: Vec<&mut Inline> = Vec::new();
        while let Some(block) = block_stack.pop() {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    inline_stack.extend(content.iter_mut().rev())
                }
                Block::List(list) => {
                    for item in &mut list.items {
                        block_stack.extend(item.blocks.iter_mut().rev());
                    }
                }
                Block::BlockQuote {
                    blocks,
                    attribution,
                } => {
                    block_stack.extend(blocks.iter_mut().rev());
                    inline_stack.extend(attribution.iter_mut().rev());
                }
                Block::Table(table) => {
                    inline_stack.extend(table.caption.iter_mut().rev());
                    for row in table.head.iter_mut().chain(table.body.iter_mut()).rev() {
                        for cell in row.cells.iter_mut().rev() {
                            block_stack.extend(cell.blocks.iter_mut().rev());
                        }
                    }
                }
                Block::Figure { media, caption } => {
                    match media {
                        Media::Image { src, link, .. } => {
                            f(UrlKind::Image, src);
                            if let Some(link) = link {
                                f(UrlKind::ImageLink, link);
                            }
                        }
                        Media::Embed { url, .. } => f(UrlKind::Embed, url),
                    }
                    inline_stack.extend(caption.iter_mut().rev());
                }
                Block::Embed { url, .. } => f(UrlKind::Embed, url),
                Block::RawHtml { html } => f(UrlKind::RawHtml, html),
                Block::CodeBlock { .. } | Block::ThematicBreak => {}
            }
            while let Some(inline) = inline_stack.pop() {
                match inline {
                    Inline::Link { url, content, .. } => {
                        f(UrlKind::Link, url);
                        inline_stack.extend(content.iter_mut().rev());
                    }
                    Inline::Image { src, .. } => f(UrlKind::Image, src),
                    Inline::RawHtml { html } => f(UrlKind::RawHtml, html),
                    other => {
                        if let Some(children) = other.children_mut() {
                            inline_stack.extend(children.iter_mut().rev());
                        }
                    }
                }
            }
        }
    }
}

/// The readable text of inlines, as a reader of the rendered page would see it: images count
/// by their alt text, line breaks as newlines, raw HTML not at all.
/// The blank lines of a run of inlines: runs of two or more line breaks (`<br><br>`, spaces
/// between them counting for nothing), each as its range and its number of breaks.
pub fn blank_lines(inlines: &[Inline]) -> Vec<(std::ops::Range<usize>, usize)> {
    let is_break = |i: &Inline| matches!(i, Inline::LineBreak);
    let is_blank = |i: &Inline| matches!(i, Inline::Text { text } if text.trim().is_empty());
    let mut runs = Vec::new();
    let mut index = 0;
    while index < inlines.len() {
        if !is_break(&inlines[index]) {
            index += 1;
            continue;
        }
        let mut end = index;
        let mut breaks = 0;
        while end < inlines.len() && (is_break(&inlines[end]) || is_blank(&inlines[end])) {
            breaks += usize::from(is_break(&inlines[end]));
            end += 1;
        }
        if breaks >= 2 {
            runs.push((index..end, breaks));
        }
        index = end;
    }
    runs
}

pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

/// A description made from the content, for generators that require one: the first
/// sentences of the top-level paragraphs, whitespace collapsed, about 160 characters at most
/// (cut at a sentence's end where one falls between 60 and 200 characters, else at a word
/// with `…`). None when the content has no paragraph text.
pub fn summary(blocks: &[Block]) -> Option<String> {
    const ENOUGH: usize = 60;
    const MOST: usize = 200;
    const CUT: usize = 160;
    let mut words: Vec<String> = Vec::new();
    let mut length = 0;
    for block in blocks {
        if length > MOST {
            break;
        }
        if let Block::Paragraph { content } = block {
            for word in plain_text(content).split_whitespace() {
                length += word.chars().count() + 1;
                words.push(word.to_string());
                if length > MOST {
                    break;
                }
            }
        }
    }
    if words.is_empty() {
        return None;
    }
    let mut out = String::new();
    // Where a cut at a word leaves at most CUT characters.
    let mut cut = 0;
    for word in &words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        let chars = out.chars().count();
        if chars > MOST {
            out.truncate(cut);
            out.push('…');
            return Some(out);
        }
        if chars >= ENOUGH && ends_sentence(word) {
            return Some(out);
        }
        if chars <= CUT {
            cut = out.len();
        }
    }
    Some(out)
}

fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .ends_with(['.', '!', '?', '。', '！', '？', '…'])
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak => out.push('\n'),
            Inline::RawHtml { .. } => {}
            other => push_plain_text(other.children().map_or(&[][..], |c| c), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(text)],
        }
    }

    #[test]
    fn a_summary_is_the_first_sentences() {
        let blocks = [
            Block::Heading {
                level: 2,
                content: vec![Inline::text("Not this")],
                id: None,
            },
            paragraph(
                "Short one. This second sentence makes the summary long enough to stand alone. And a third.",
            ),
        ];
        assert_eq!(
            summary(&blocks).as_deref(),
            Some("Short one. This second sentence makes the summary long enough to stand alone.")
        );
        // Short text is taken whole, across paragraphs.
        let blocks = [paragraph("Hello  there"), paragraph("world")];
        assert_eq!(summary(&blocks).as_deref(), Some("Hello there world"));
        // A long sentence is cut at a word, never inside a character.
        let long = "Ünïcödé wörds ".repeat(30);
        let cut = summary(&[paragraph(&long)]).unwrap();
        assert!(
            cut.ends_with("wörds…") && cut.chars().count() <= 161,
            "{cut}"
        );
        assert_eq!(summary(&[Block::ThematicBreak]), None);
    }
}
