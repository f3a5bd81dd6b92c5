//! [`Document`] → semantic HTML5: no classes or styles from WordPress, only the elements that
//! carry meaning (`<figure>`/`<figcaption>`, `<table>` with `<thead>`, code with
//! `class="language-x"`). Safe by construction: raw HTML goes through ammonia and link
//! targets through [`sanitize::url`]. A fragment by default; `standalone` wraps it in a
//! complete page. The Markdown writer also uses it for what a pipe table cannot hold.

use crate::model::{Alignment, Block, Document, Inline, Media, Table};
use crate::write::sanitize;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A complete page (title, charset, description, a small readable stylesheet), not a
    /// fragment.
    pub standalone: bool,
}

/// The document as HTML.
pub fn write(document: &Document, options: &Options) -> String {
    let body = blocks(&document.blocks);
    if !options.standalone {
        return body;
    }
    let meta = &document.meta;
    let title = meta.title.as_deref().unwrap_or("");
    let mut page = String::from("<!DOCTYPE html>\n");
    match &meta.language {
        Some(language) => {
            page.push_str(&format!("<html lang=\"{}\">\n", escape_attribute(language)))
        }
        None => page.push_str("<html>\n"),
    }
    page.push_str("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!("<title>{}</title>\n", escape_text(title)));
    if let Some(description) = meta.description.as_deref().or(meta.excerpt.as_deref()) {
        page.push_str(&format!(
            "<meta name=\"description\" content=\"{}\">\n",
            escape_attribute(description)
        ));
    }
    if let Some(url) = meta.canonical_url.as_deref().and_then(sanitize::url) {
        page.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape_attribute(url)
        ));
    }
    page.push_str(STYLE);
    page.push_str("</head>\n<body>\n<article>\n");
    if !title.is_empty() {
        page.push_str(&format!("<h1>{}</h1>\n", escape_text(title)));
    }
    page.push_str(&body);
    page.push_str("</article>\n</body>\n</html>\n");
    page
}

const STYLE: &str = "<style>\n\
body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.6 system-ui,sans-serif;color:#222}\n\
img,video,iframe{max-width:100%;height:auto}\n\
pre{overflow:auto;padding:.75rem;background:#f5f5f5}\n\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}\n\
blockquote{margin-left:0;padding-left:1rem;border-left:3px solid #ccc;color:#555}\n\
figcaption{font-size:.9em;color:#555}\n\
</style>\n";

/// Blocks as HTML, one block per line.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        write_block(block, &mut out);
    }
    out
}

/// A table as one HTML block with no blank lines (a blank line inside `<pre>` is written
/// with `&#10;`), so that it can stand inside Markdown.
pub fn table_fragment(table: &Table) -> String {
    let mut html = String::new();
    write_table(table, &mut html);
    let lines: Vec<&str> = html.trim_end().split('\n').collect();
    let mut out = String::with_capacity(html.len());
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        if index + 1 < lines.len() {
            if index > 0 && line.trim().is_empty() {
                out.push_str("&#10;");
            } else {
                out.push('\n');
            }
        }
    }
    out
}

fn write_block(block: &Block, out: &mut String) {
    match block {
        Block::Paragraph { content } => {
            out.push_str("<p>");
            inlines(content, out);
            out.push_str("</p>\n");
        }
        Block::Heading { level, content, id } => {
            let level = (*level).clamp(1, 6);
            out.push_str(&format!("<h{level}"));
            if let Some(id) = id {
                out.push_str(&format!(" id=\"{}\"", escape_attribute(id)));
            }
            out.push('>');
            inlines(content, out);
            out.push_str(&format!("</h{level}>\n"));
        }
        Block::List(list) => {
            let tag = if list.ordered { "ol" } else { "ul" };
            out.push('<');
            out.push_str(tag);
            if list.ordered && list.start != 1 {
                out.push_str(&format!(" start=\"{}\"", list.start));
            }
            out.push_str(">\n");
            for item in &list.items {
                out.push_str("<li>");
                match item.blocks.as_slice() {
                    [Block::Paragraph { content }] if list.tight => inlines(content, out),
                    blocks => {
                        for (index, block) in blocks.iter().enumerate() {
                            match block {
                                Block::Paragraph { content } if list.tight => {
                                    inlines(content, out);
                                    if index + 1 < blocks.len() {
                                        out.push('\n');
                                    }
                                }
                                other => write_block(other, out),
                            }
                        }
                    }
                }
                out.push_str("</li>\n");
            }
            out.push_str(&format!("</{tag}>\n"));
        }
        Block::BlockQuote {
            blocks,
            attribution,
        } => {
            out.push_str("<blockquote>\n");
            for block in blocks {
                write_block(block, out);
            }
            if !attribution.is_empty() {
                out.push_str("<footer>— <cite>");
                inlines(attribution, out);
                out.push_str("</cite></footer>\n");
            }
            out.push_str("</blockquote>\n");
        }
        Block::CodeBlock { language, text } => {
            out.push_str("<pre><code");
            if let Some(language) = language {
                out.push_str(&format!(
                    " class=\"language-{}\"",
                    escape_attribute(language)
                ));
            }
            out.push('>');
            out.push_str(&escape_text(text));
            out.push_str("</code></pre>\n");
        }
        Block::Table(table) => write_table(table, out),
        Block::Figure { media, caption } => {
            out.push_str("<figure>");
            match media {
                Media::Image {
                    src,
                    alt,
                    title,
                    link,
                } => {
                    let link = link.as_deref().and_then(sanitize::url);
                    if let Some(link) = link {
                        out.push_str(&format!("<a href=\"{}\">", escape_attribute(link)));
                    }
                    image(src, alt, title.as_deref(), out);
                    if link.is_some() {
                        out.push_str("</a>");
                    }
                }
                Media::Embed { url, .. } => embed(url, out),
            }
            if !caption.is_empty() {
                out.push_str("<figcaption>");
                inlines(caption, out);
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>\n");
        }
        Block::ThematicBreak => out.push_str("<hr>\n"),
        Block::Embed { url, .. } => {
            out.push_str("<p>");
            embed(url, out);
            out.push_str("</p>\n");
        }
        Block::RawHtml { html } => {
            out.push_str(sanitize::html(html).trim());
            out.push('\n');
        }
    }
}

fn write_table(table: &Table, out: &mut String) {
    out.push_str("<table>\n");
    if !table.caption.is_empty() {
        out.push_str("<caption>");
        inlines(&table.caption, out);
        out.push_str("</caption>\n");
    }
    for (section, rows, cell_tag) in [("thead", &table.head, "th"), ("tbody", &table.body, "td")] {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("<{section}>\n"));
        for row in rows {
            out.push_str("<tr>");
            let mut column = 0;
            for cell in &row.cells {
                out.push('<');
                out.push_str(cell_tag);
                if cell.colspan > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                match table.alignments.get(column).copied().unwrap_or_default() {
                    Alignment::Default => {}
                    Alignment::Left => out.push_str(" align=\"left\""),
                    Alignment::Center => out.push_str(" align=\"center\""),
                    Alignment::Right => out.push_str(" align=\"right\""),
                }
                out.push('>');
                match cell.inlines() {
                    Some(content) => inlines(content, out),
                    None => {
                        for block in &cell.blocks {
                            write_block(block, out);
                        }
                    }
                }
                out.push_str(&format!("</{cell_tag}>"));
                column += cell.colspan as usize;
            }
            out.push_str("</tr>\n");
        }
        out.push_str(&format!("</{section}>\n"));
    }
    out.push_str("</table>\n");
}

fn embed(url: &str, out: &mut String) {
    if let Some(url) = sanitize::url(url) {
        let url = escape_attribute(url);
        out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
    }
}

fn image(src: &str, alt: &str, title: Option<&str>, out: &mut String) {
    let Some(src) = sanitize::url(src) else {
        out.push_str(&escape_text(alt));
        return;
    };
    out.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_attribute(src),
        escape_attribute(alt)
    ));
    if let Some(title) = title {
        out.push_str(&format!(" title=\"{}\"", escape_attribute(title)));
    }
    out.push('>');
}

fn inlines(content: &[Inline], out: &mut String) {
    for inline in content {
        let tag = match inline {
            Inline::Text { text } => {
                out.push_str(&escape_text(text));
                continue;
            }
            Inline::Code { text } => {
                out.push_str("<code>");
                out.push_str(&escape_text(text));
                out.push_str("</code>");
                continue;
            }
            Inline::Image { src, alt, title } => {
                image(src, alt, title.as_deref(), out);
                continue;
            }
            Inline::LineBreak => {
                out.push_str("<br>");
                continue;
            }
            Inline::RawHtml { html } => {
                if html.contains('<') {
                    out.push_str(&sanitize::html(html));
                } else {
                    out.push_str(&escape_text(html));
                }
                continue;
            }
            Inline::Link { url, content, .. } if sanitize::url(url).is_none() => {
                inlines(content, out);
                continue;
            }
            Inline::Link { url, title, .. } => {
                out.push_str(&format!("<a href=\"{}\"", escape_attribute(url)));
                if let Some(title) = title {
                    out.push_str(&format!(" title=\"{}\"", escape_attribute(title)));
                }
                out.push('>');
                "a"
            }
            Inline::Emphasis { .. } => "em",
            Inline::Strong { .. } => "strong",
            Inline::Strikethrough { .. } => "del",
            Inline::Superscript { .. } => "sup",
            Inline::Subscript { .. } => "sub",
        };
        if tag != "a" {
            out.push_str(&format!("<{tag}>"));
        }
        inlines(inline.children().map_or(&[][..], |c| c), out);
        out.push_str(&format!("</{tag}>"));
    }
}

pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn escape_attribute(text: &str) -> String {
    escape_text(text).replace('"', "&quot;")
}
