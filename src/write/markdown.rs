//! [`Document`] → CommonMark with GFM pipe tables.
//!
//! Choices: ATX headings, `-` bullets, `*`/`**` emphasis, fenced code, inline links, autolinks
//! where the text is the URL, `\` hard breaks. Escaping happens in one place,
//! [`escape_text`], and only where the text would otherwise turn into markup: `*not
//! emphasis*`, `[not a link]` and a line starting `1986. ` are escaped, while `Vue.js`,
//! `i.e.`, `2.75` and `C#` are written as typed.
//!
//! What Markdown cannot say is written as HTML, and tables of that kind are listed as
//! warnings: tables with spanning cells or block content, superscript and subscript, and
//! emphasis whose delimiters CommonMark's flanking rules would not accept where it sits.

use crate::Warning;
use crate::model::{Alignment, Block, Document, Inline, List, Media, Table};
use crate::write::front_matter::Preset;
use crate::write::{front_matter, html, sanitize};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone)]
pub struct Options {
    /// Write front matter from the metadata (when there is any).
    pub front_matter: bool,
    /// Whose field names to use.
    pub preset: front_matter::Preset,
    pub format: front_matter::Format,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            front_matter: true,
            preset: front_matter::Preset::Generic,
            format: front_matter::Format::Yaml,
        }
    }
}

#[derive(Debug, Default)]
pub struct Output {
    pub text: String,
    pub warnings: Vec<Warning>,
}

/// Hugo runs `{{< name >}}` and `{{% name %}}` anywhere in a page's Markdown, code included,
/// as shortcodes: a post that shows one (or only resembles one) would execute it or fail the
/// build. Each closed one is written in Hugo's escaped form, `{{</* name */>}}`, which Hugo
/// shows as the text it was. One never closed would fail the build: its `<` or `%` gets a
/// Markdown backslash escape, which prose shows as the character (code shows the backslash).
fn escape_hugo_shortcodes(body: String) -> String {
    if !body.contains("{{<") && !body.contains("{{%") {
        return body;
    }
    let call = |from: &str| match from.get(..3) {
        Some("{{<") => Some((3, ">}}")),
        Some("{{%") => Some((3, "%}}")),
        _ => None,
    };
    escape_template_calls(&body, call, true)
}

/// Zola runs `{{ name(…) }}` and `{% name(…) %}` in content as shortcodes (and fails on
/// names it does not know): written as Zola's escaped forms, `{{/* name(…) */}}` and
/// `{%/* name(…) */%}`, which it shows as the text they were. Other `{{ … }}` are text to Zola.
fn escape_zola_shortcodes(body: String) -> String {
    if !body.contains("{{") && !body.contains("{%") {
        return body;
    }
    let call = |from: &str| {
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => return None,
        };
        let name = from[2..].trim_start();
        let ident = name
            .char_indices()
            .take_while(|(i, c)| {
                c.is_ascii_alphabetic() || *c == '_' || (*i > 0 && c.is_ascii_digit())
            })
            .count();
        (ident > 0 && name[ident..].trim_start().starts_with('(')).then_some((2, close))
    };
    escape_template_calls(&body, call, false)
}

/// Writes each template call in `body` in the generator's escaped form, `open/*…*/close`.
/// `call` says whether the text from a `{` opens one, how long its opening is and what closes
/// it; a call never closed keeps its text, with a backslash after `{{` if `escape_unclosed`.
fn escape_template_calls(
    body: &str,
    call: impl Fn(&str) -> Option<(usize, &'static str)>,
    escape_unclosed: bool,
) -> String {
    let mut out = String::with_capacity(body.len() + 16);
    let mut rest = body;
    while let Some(at) = rest.find('{') {
        let from = &rest[at..];
        let Some((open, close)) = call(from) else {
            out.push_str(&rest[..at + 1]);
            rest = &from[1..];
            continue;
        };
        let inner = &from[open..];
        match inner.find(close) {
            Some(end) if !inner[..end].contains("{{") && !inner[..end].contains("{%") => {
                out.push_str(&rest[..at + open]);
                out.push_str("/*");
                out.push_str(&inner[..end]);
                out.push_str("*/");
                out.push_str(close);
                rest = &inner[end + close.len()..];
            }
            _ => {
                out.push_str(&rest[..at + 2]);
                if escape_unclosed {
                    out.push('\\');
                }
                rest = &from[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn write(document: &Document, options: &Options) -> Output {
    let mut writer = Writer {
        kramdown: options.preset == Preset::Jekyll,
        ..Writer::default()
    };
    let mut body = writer.blocks(&document.blocks);
    if !writer.inline_html.is_empty() {
        let kinds: Vec<String> = writer
            .inline_html
            .iter()
            .map(|(tag, count)| format!("{count} <{tag}>"))
            .collect();
        writer.warnings.push(Warning::new(format!(
            "{} written as inline HTML, which Markdown cannot say there: {}",
            if writer.inline_html.values().sum::<usize>() == 1 {
                "one element"
            } else {
                "elements"
            },
            kinds.join(", ")
        )));
    }
    match options.preset {
        Preset::Hugo => body = escape_hugo_shortcodes(body),
        Preset::Zola => body = escape_zola_shortcodes(body),
        _ => {}
    }
    let mut text = String::new();
    if options.front_matter && !document.meta.is_empty() {
        // Jekyll and Eleventy run a page's Markdown through a template language first.
        let templates = matches!(options.preset, Preset::Jekyll | Preset::Eleventy)
            && ["{{", "{%", "{#"].iter().any(|t| body.contains(t));
        let completed = front_matter::complete(&document.meta, &document.blocks, options.preset);
        text.push_str(&front_matter::render(
            completed.as_ref().unwrap_or(&document.meta),
            options.preset,
            options.format,
            templates,
        ));
        if !body.is_empty() {
            text.push('\n');
        }
    }
    text.push_str(&body);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Output {
        text,
        warnings: writer.warnings,
    }
}

#[derive(Default)]
struct Writer {
    warnings: Vec<Warning>,
    tables: usize,
    /// Inline elements written as HTML, by tag (`sup`, or `strong` where `**` cannot stand).
    inline_html: std::collections::BTreeMap<&'static str, usize>,
    /// Markdown for kramdown (Jekyll), which reads any line holding an unescaped `|` as a
    /// table row and no table without body rows.
    kramdown: bool,
}

/// Where inline text is being written.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Inside `[…]` of a link or image: brackets must be escaped.
    in_link: bool,
    /// Inside a pipe table cell: `|` must be escaped, line breaks become `<br>`.
    in_table: bool,
    /// A heading or table cell: one line only.
    single_line: bool,
    /// Inside an inline container: the first character does not start a line.
    nested: bool,
    /// Written for kramdown (Jekyll): `|` is escaped everywhere, `_` wherever it touches
    /// a word (kramdown opens emphasis at `2015_4-_-`, where CommonMark does not).
    kramdown: bool,
    /// Inside strong emphasis, or emphasis: the same again within is written as its content
    /// (bold inside bold shows the same, and kramdown cannot read `__a **b**__`, `_*a*_`).
    in_strong: bool,
    in_emphasis: bool,
    /// Inside strikethrough: the same within is its content.
    in_strikethrough: bool,
}

/// A link's or image's text, with a leading `^` escaped: `[^a]` is a footnote reference in
/// GFM, and `![^a](x)` would lose its image.
fn label(text: String) -> String {
    if text.starts_with('^') {
        format!("\\{text}")
    } else {
        text
    }
}

/// Whether a line is, roughly, one HTML tag alone (`<sub>`, `</em>`, `<a href="x">`): the start
/// of an HTML block of CommonMark's seventh kind. Errs on the side of yes.
fn looks_like_a_lone_tag(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('<')
        && line.ends_with('>')
        && line[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
}

/// Whether a line is a thematic break: three or more of one of `-`, `*`, `_`, and spaces.
fn is_thematic_break(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|c| *c == marks[0])
}

impl Writer {
    /// Blocks separated by blank lines.
    fn blocks(&mut self, blocks: &[Block]) -> String {
        let written = self.written_blocks(blocks);
        join_blocks(&written, "\n\n")
    }

    /// Each block that writes something, with its text. Neighbouring lists of one kind get
    /// different markers so that they stay two lists.
    fn written_blocks<'a>(&mut self, blocks: &'a [Block]) -> Vec<(&'a Block, String)> {
        let mut out: Vec<(&Block, String)> = Vec::new();
        let mut alternate = false;
        // kramdown continues a list across a change of marker and reads no `1)`: a comment
        // ends the first list.
        static LIST_END: Block = Block::RawHtml {
            html: String::new(),
        };
        for block in blocks {
            alternate = match (out.last(), block) {
                (Some((Block::List(p), _)), Block::List(l)) if p.ordered == l.ordered => {
                    if self.kramdown {
                        out.push((&LIST_END, "<!-- -->".to_string()));
                        false
                    } else {
                        !alternate
                    }
                }
                _ => false,
            };
            let text = self.block(block, alternate);
            if !text.is_empty() {
                out.push((block, text));
            }
        }
        out
    }

    /// One block, without a trailing newline.
    fn block(&mut self, block: &Block, alternate: bool) -> String {
        match block {
            Block::Paragraph { content } => {
                // A blank line made of breaks (`<br><br>`) is a paragraph break: Markdown has
                // no line that holds only a `\`.
                let parts: Vec<String> = split_at_blank_lines(content)
                    .into_iter()
                    .map(|part| {
                        let mut text = self.inlines(part, Context::default());
                        // A first line that is one tag alone (`<sub>` before a line break)
                        // would open an HTML block, and the lines after it would be raw HTML,
                        // not text: the break after it is written as the space it renders as.
                        if let Some(end) = text.find('\n')
                            && looks_like_a_lone_tag(&text[..end])
                        {
                            text.replace_range(end..end + 1, " ");
                        }
                        // Blanks at a paragraph's end are not read (a line tabulation there
                        // is written as the space it shows as).
                        let kept = text.trim_end_matches([' ', '\t']).len();
                        text.truncate(kept);
                        text
                    })
                    // A paragraph of a no-break space shows (and is kept); an empty one not.
                    .filter(|text| {
                        !text
                            .trim_matches(|c: char| c.is_ascii_whitespace())
                            .is_empty()
                    })
                    .collect();
                parts.join("\n\n")
            }
            Block::Heading { level, content, .. } => {
                let level = (*level).clamp(1, 6) as usize;
                let context = Context {
                    single_line: true,
                    ..Context::default()
                };
                let text = self.inlines(content, context);
                // Blanks at a heading's end are not read (nor a form feed written as one).
                let text = escape_closing_hashes(text.trim_end_matches([' ', '\t']).to_string());
                let marks = "#".repeat(level);
                if text.is_empty() {
                    // An empty heading shows nothing; kramdown would show its `#`s.
                    if self.kramdown { String::new() } else { marks }
                } else {
                    format!("{marks} {text}")
                }
            }
            Block::List(list) => self.list(list, alternate),
            Block::BlockQuote {
                blocks,
                attribution,
            } => {
                let mut inner = self.blocks(blocks);
                if !attribution.is_empty() {
                    if !inner.is_empty() {
                        inner.push_str("\n\n");
                    }
                    inner.push_str("— ");
                    inner.push_str(&self.inlines(attribution, Context::default()));
                }
                prefix_lines(&inner, "> ", ">")
            }
            Block::CodeBlock { language, text } => code_block(language.as_deref(), text),
            Block::Table(table) => self.table(table),
            Block::Figure { media, caption } => {
                let mut out = match media {
                    Media::Image {
                        src,
                        alt,
                        title,
                        link,
                    } => {
                        let image = image(src, alt, title.as_deref(), self.kramdown);
                        match link.as_deref().and_then(sanitize::url) {
                            Some(link) => format!("[{image}]({})", destination(link, None)),
                            None => image,
                        }
                    }
                    Media::Embed { url, .. } => autolink_or_link(url, self.kramdown),
                };
                if !caption.is_empty() {
                    let caption = Inline::Emphasis {
                        content: caption.clone(),
                    };
                    out.push_str("\n\n");
                    out.push_str(&self.inlines(std::slice::from_ref(&caption), Context::default()));
                }
                out
            }
            Block::ThematicBreak => "* * *".to_string(),
            Block::Embed { url, .. } => autolink_or_link(url, self.kramdown),
            Block::RawHtml { html } => raw_html_block(&sanitize::html(html)),
        }
    }

    /// A list; `alternate` uses `*` bullets or `)` numbers, to keep it apart from the list of
    /// the same kind before it.
    fn list(&mut self, list: &List, alternate: bool) -> String {
        let after_same_kind = alternate;
        // kramdown numbers every list from 1 unless told otherwise.
        let mut out = if self.kramdown && list.ordered && list.start != 1 {
            format!("{{: start=\"{}\"}}\n", list.start)
        } else {
            String::new()
        };
        let items: Vec<_> = list
            .items
            .iter()
            .map(|item| self.written_blocks(&item.blocks))
            .collect();
        // A figure's caption is a paragraph after a blank line, and CommonMark readers see a
        // list of tables as loose: an item holding either makes the list loose, whatever the
        // source said, so that it reads back as written.
        let tight = list.tight
            && items.iter().all(|blocks| {
                can_join_tightly(blocks)
                    && !blocks.iter().any(|(block, _)| match block {
                        Block::Figure { caption, .. } => !caption.is_empty(),
                        Block::Table(_) => true,
                        _ => false,
                    })
            });
        for (index, blocks) in items.iter().enumerate() {
            let marker = if list.ordered {
                let number = list.start.saturating_add(index as u64);
                format!("{number}{}", if after_same_kind { ')' } else { '.' })
            } else if after_same_kind {
                "*".to_string()
            } else {
                "-".to_string()
            };
            let content = join_blocks(blocks, if tight { "\n" } else { "\n\n" });
            if index > 0 {
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            if content.is_empty() {
                out.push_str(&marker);
                // kramdown reads a bare marker as text, `-` as a heading's underline.
                if self.kramdown {
                    out.push_str(" <!-- -->");
                }
                continue;
            }
            let indent = " ".repeat(marker.len() + 1);
            let mut lines = content.split('\n');
            out.push_str(&marker);
            let first = lines.next().unwrap_or("");
            if is_thematic_break(&format!("{marker} {first}")) {
                // `- - -` (an item that opens with a list whose item opens with an empty
                // one) reads as a thematic break: the content starts on the next line.
                out.push('\n');
                out.push_str(&indent);
            } else {
                out.push(' ');
            }
            out.push_str(first);
            for line in lines {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&indent);
                    out.push_str(line);
                }
            }
        }
        out
    }

    fn table(&mut self, table: &Table) -> String {
        self.tables += 1;
        let reason = match table.pipe_table_obstacle() {
            Some(reason) => Some(format!("{reason}, which a Markdown pipe table cannot hold")),
            None if self.kramdown && table.head.len() + table.body.len() < 2 => {
                Some("kramdown (Jekyll) reads a pipe table of one row as text".to_string())
            }
            None => None,
        };
        if let Some(reason) = reason {
            self.warnings.push(Warning::new(format!(
                "table {} is written as HTML: {reason}",
                self.tables
            )));
            return raw_html_block(&html::table_fragment(table));
        }
        let columns = table.columns().max(1);
        let context = Context {
            in_table: true,
            single_line: true,
            ..Context::default()
        };
        // GFM needs a header row; a table without one uses its first row.
        let mut rows: Vec<Vec<String>> = table
            .head
            .iter()
            .chain(&table.body)
            .map(|row| {
                let mut cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|cell| {
                        // Blanks at a cell's edges are not read (a line tabulation there is
                        // written as the space it shows as).
                        let text = self.inlines(cell.inlines().unwrap_or(&[]), context);
                        text.trim_matches([' ', '\t']).to_string()
                    })
                    .collect();
                cells.resize(columns, String::new());
                cells
            })
            .collect();
        if rows.is_empty() {
            rows.push(vec![String::new(); columns]);
        }
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                let widest = rows.iter().map(|r| r[c].width()).max().unwrap_or(0);
                // Long cells are not padded: the alignment would cost more than it shows.
                if widest > 40 { 3 } else { widest.max(3) }
            })
            .collect();
        let line = |cells: &[String]| {
            let mut out = String::from("|");
            for (cell, width) in cells.iter().zip(&widths) {
                out.push(' ');
                out.push_str(cell);
                out.push_str(&" ".repeat(width.saturating_sub(cell.width())));
                out.push_str(" |");
            }
            out
        };
        let mut out = line(&rows[0]);
        out.push_str("\n|");
        for (column, width) in widths.iter().enumerate() {
            let alignment = table.alignments.get(column).copied().unwrap_or_default();
            let (left, right) = match alignment {
                Alignment::Default => ("-", "-"),
                Alignment::Left => (":", "-"),
                Alignment::Center => (":", ":"),
                Alignment::Right => ("-", ":"),
            };
            out.push_str(&format!(" {left}{}{right} |", "-".repeat(width - 2)));
        }
        for row in &rows[1..] {
            out.push('\n');
            out.push_str(&line(row));
        }
        if !table.caption.is_empty() {
            let caption = Inline::Emphasis {
                content: table.caption.clone(),
            };
            out.push_str("\n\n");
            out.push_str(&self.inlines(std::slice::from_ref(&caption), Context::default()));
        }
        out
    }

    /// Inlines as Markdown. Emphasis is written with `*` where CommonMark's flanking rules
    /// let those delimiters work in place, else as HTML tags.
    fn inlines(&mut self, inlines: &[Inline], context: Context) -> String {
        let context = Context {
            kramdown: self.kramdown,
            ..context
        };
        // Links written as their text (a target that could run code, a link inside a link)
        // join the text around them, and neighbouring texts and code spans are joined, so
        // that escaping sees the characters really written on each side: `!` before a link,
        // `1` before `.` at a line start. (Adjacent code spans would run their backtick
        // fences together, `` `a``b` ``, and show literal backticks: one span reads the same.)
        let joined;
        let inlines = if needs_joining(inlines, context) {
            joined = joined_inlines(inlines, context);
            &joined[..]
        } else {
            inlines
        };
        // Raw text holding markup (a shortcode kept around a link) is written as the text
        // and the elements it is made of: the text escaped like any text, so that it shows
        // as written and reads back the same.
        let expanded;
        let inlines = if inlines.iter().any(|i| matches!(i, Inline::RawHtml { .. })) {
            expanded = expand_raw_text(inlines);
            &expanded[..]
        } else {
            inlines
        };
        let mut out = String::new();
        for (index, inline) in inlines.iter().enumerate() {
            let at_line_start = at_line_start(&out, context);
            let next = inlines.get(index + 1);
            match inline {
                Inline::Text { text } => {
                    let next_char = next.and_then(first_written);
                    escape_text(
                        text,
                        out.chars().last(),
                        next_char,
                        at_line_start,
                        context,
                        &mut out,
                    );
                }
                Inline::Emphasis { content } if context.in_emphasis => {
                    out.push_str(&self.inlines(content, nested(context)));
                }
                Inline::Emphasis { content } => {
                    let context = Context {
                        in_emphasis: true,
                        ..context
                    };
                    self.delimited(&mut out, &["*", "_"], "em", content, next, context)
                }
                Inline::Strong { content } if context.in_strong => {
                    out.push_str(&self.inlines(content, nested(context)));
                }
                Inline::Strong { content } => {
                    let context = Context {
                        in_strong: true,
                        ..context
                    };
                    self.delimited(&mut out, &["**", "__"], "strong", content, next, context)
                }
                Inline::Strikethrough { content } if context.in_strikethrough => {
                    out.push_str(&self.inlines(content, nested(context)));
                }
                Inline::Strikethrough { content } => {
                    let context = Context {
                        in_strikethrough: true,
                        ..context
                    };
                    self.delimited(&mut out, &["~~"], "del", content, next, context)
                }
                Inline::Superscript { content } => {
                    let inner = self.inlines(content, nested(context));
                    out.push_str(&format!("<sup>{inner}</sup>"));
                    *self.inline_html.entry("sup").or_default() += 1;
                }
                Inline::Subscript { content } => {
                    let inner = self.inlines(content, nested(context));
                    out.push_str(&format!("<sub>{inner}</sub>"));
                    *self.inline_html.entry("sub").or_default() += 1;
                }
                Inline::Code { text } => out.push_str(&code_span(text, self.kramdown)),
                Inline::Link {
                    url,
                    title,
                    content,
                } => {
                    if is_autolink(url, content) && !(self.kramdown && url.contains('|')) {
                        out.push_str(&format!("<{url}>"));
                    } else {
                        let text = self.inlines(
                            content,
                            Context {
                                in_link: true,
                                ..nested(context)
                            },
                        );
                        let text = label(text);
                        out.push_str(&format!("[{text}]({})", destination(url, title.as_deref())));
                    }
                }
                Inline::Image { src, alt, title } => {
                    out.push_str(&image(src, alt, title.as_deref(), self.kramdown))
                }
                Inline::LineBreak => {
                    if context.in_table {
                        out.push_str("<br>");
                    } else if context.single_line {
                        out.push(' ');
                    } else {
                        out.push_str("\\\n");
                    }
                }
                Inline::RawHtml { html } => {
                    let html = sanitize::html(html);
                    if shows_nothing(&html) {
                        // A tag left open (`<i>` alone) is closed by cleaning and shows
                        // nothing; written, it would read back as nothing.
                        continue;
                    }
                    if !context.nested
                        && !context.single_line
                        && !context.in_table
                        && out.ends_with('\n')
                        && starts_html_block(&html.trim_start().to_ascii_lowercase())
                    {
                        // A line that starts with a block tag (`<h3>`) ends the paragraph
                        // and starts an HTML block (and a break before it would show its
                        // `\`): said with a blank line, it reads back the same.
                        let ending = if out.ends_with("\\\n") { 2 } else { 1 };
                        out.truncate(out.len() - ending);
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                        out.push_str("\n\n");
                    }
                    if context.single_line {
                        out.push_str(&html.replace('\n', " "));
                    } else {
                        out.push_str(&html);
                    }
                }
            }
        }
        if context.in_table {
            // A code span or raw HTML may hold a pipe; GFM wants it escaped even there.
            out = escape_unescaped_pipes(&out);
        }
        out
    }

    /// Writes emphasis-like content between delimiters that CommonMark will read back in
    /// this place: `*`/`**` (or `~~`) first, `_`/`__` when a neighbour defeats those, and the
    /// HTML tag when neither works.
    fn delimited(
        &mut self,
        out: &mut String,
        delimiters: &[&str],
        tag: &'static str,
        content: &[Inline],
        next: Option<&Inline>,
        context: Context,
    ) {
        let written = self.inlines(content, nested(context));
        // Whitespace at the edges (`<strong>text </strong>`) goes outside the delimiters,
        // where it defeats nothing, as HTML renders it. A hard break at the end (`\` and a
        // newline) stays inside: without its newline the backslash would escape the closer.
        let start = written.len() - written.trim_start().len();
        let mut end = written.trim_end().len().max(start);
        if written[start..end].ends_with('\\') {
            end = written.len();
        }
        let (lead, inner, trail) = (&written[..start], &written[start..end], &written[end..]);
        // At the start of a line blanks would be stripped, or indent a code block.
        if !at_line_start(out, context) {
            push_blank(out, lead);
        }
        if inner.is_empty() {
            return;
        }
        let before = out.chars().last();
        // The next inline's first character as it will be written: a neighbour that is
        // itself emphasis starts with a delimiter character.
        let after = trail
            .chars()
            .next()
            .or_else(|| next.and_then(first_written));
        let usable = |delimiter: &str| {
            let d = delimiter.chars().next().expect("delimiter");
            let first = inner.chars().next().expect("not empty");
            let last = inner.chars().last().expect("not empty");
            let left_flanking = |prev: Option<char>, next: char| {
                !next.is_whitespace()
                    && (!is_punctuation(next)
                        || prev.is_none_or(|p| p.is_whitespace() || is_punctuation(p)))
            };
            let right_flanking = |prev: char, next: Option<char>| {
                !prev.is_whitespace()
                    && (!is_punctuation(prev)
                        || next.is_none_or(|n| n.is_whitespace() || is_punctuation(n)))
            };
            let mut opens = left_flanking(before, first);
            let mut closes = right_flanking(last, after);
            if d == '_' {
                // `_` must not be intraword: an opener may not also be right-flanking unless
                // preceded by punctuation, and likewise for a closer.
                // (CommonMark counts every character that is neither a blank nor punctuation
                // as part of a word: a control character too.)
                opens &= before.is_none_or(|b| b.is_whitespace() || is_punctuation(b));
                closes &= after.is_none_or(|a| a.is_whitespace() || is_punctuation(a));
            }
            opens
                && closes
                && before != Some(d)
                && after != Some(d)
                && first != d
                && last != d
                // CommonMark emphasis runs across the lines of a paragraph; kramdown's may not.
                && (!self.kramdown || !inner.contains('\n'))
        };
        match delimiters.iter().find(|d| usable(d)) {
            Some(delimiter) => {
                out.push_str(delimiter);
                out.push_str(inner);
                out.push_str(delimiter);
            }
            None => {
                out.push_str(&format!("<{tag}>{inner}</{tag}>"));
                *self.inline_html.entry(tag).or_default() += 1;
            }
        }
        push_blank(out, trail);
    }
}

/// Whitespace taken from the edge of emphasis: as written, or one newline for a run that
/// holds one (never a blank line, which would end the paragraph).
fn push_blank(out: &mut String, blank: &str) {
    if !blank.contains('\n') {
        out.push_str(blank);
        return;
    }
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Whether what is written next begins a line: after a newline, or first in a block (an
/// inline nested in another never is).
fn at_line_start(out: &str, context: Context) -> bool {
    (out.is_empty() && !context.nested) || out.ends_with('\n')
}

fn nested(context: Context) -> Context {
    Context {
        nested: true,
        ..context
    }
}

fn join_blocks(blocks: &[(&Block, String)], separator: &str) -> String {
    let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
    texts.join(separator)
}

/// Cleaned raw HTML that shows nothing: nothing left, or an empty element.
fn shows_nothing(html: &str) -> bool {
    html.trim().is_empty() || is_empty_element(html.trim())
}

/// An element with nothing in it that shows nothing (`<i></i>`, `<a href="x"></a>`): not a
/// player, frame or other replaced element.
fn is_empty_element(html: &str) -> bool {
    let Some(inner) = html.strip_prefix('<') else {
        return false;
    };
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    !name.is_empty()
        && html.ends_with(&format!("></{name}>"))
        && html.matches('<').count() == 2
        && !matches!(
            name.as_str(),
            "iframe" | "video" | "audio" | "object" | "embed" | "canvas" | "textarea" | "svg"
        )
}

/// Raw content that is not a tag: a shortcode kept verbatim, perhaps around markup.
fn is_raw_text(inline: &Inline) -> bool {
    matches!(inline, Inline::RawHtml { html } if !html.trim_start().starts_with('<'))
}

/// Raw text as the text it shows (escaped on writing like any text, so that `[gallery]`
/// shows as written and `instasize_4-_-1.jpg` has no emphasis), and the elements in it.
fn expand_raw_text(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len() + 4);
    for inline in inlines {
        match inline {
            Inline::RawHtml { html } if is_raw_text(inline) && html.contains('<') => {
                for piece in crate::read::inlines::raw_pieces(html) {
                    push_joined(&mut out, piece);
                }
            }
            Inline::RawHtml { html } if is_raw_text(inline) => {
                push_joined(&mut out, Inline::text(html.clone()));
            }
            // A tag left open (`<i>` alone) is closed by cleaning and shows nothing: gone
            // before neighbours are joined (two code spans it stood between touch).
            Inline::RawHtml { html } if shows_nothing(&sanitize::html(html)) => {}
            other => push_joined(&mut out, other.clone()),
        }
    }
    out
}

/// Whether every written block after the first can follow the one before without a blank
/// line (and so a tight list item stays tight).
fn can_join_tightly(blocks: &[(&Block, String)]) -> bool {
    blocks.windows(2).all(|pair| match (pair[0].0, pair[1].0) {
        (Block::List(_) | Block::BlockQuote { .. }, Block::Paragraph { .. }) => false,
        // A list interrupts a paragraph only from 1 and with something in its first item
        // (markers hold no space: `-`, `*`, `1.`, `1)`).
        (_, Block::List(list)) => {
            let first_line = pair[1].1.lines().next().unwrap_or("");
            (!list.ordered || list.start == 1)
                && first_line
                    .split_once(' ')
                    .is_some_and(|(_, rest)| !rest.trim().is_empty())
        }
        (_, Block::CodeBlock { .. } | Block::BlockQuote { .. } | Block::Heading { .. }) => true,
        (_, Block::ThematicBreak) => true,
        _ => false,
    })
}

fn first_char(inline: &Inline) -> Option<char> {
    match inline {
        Inline::Text { text } => text.chars().next(),
        other => other.children()?.first().and_then(first_char),
    }
}

/// The first character an inline is written with: a neighbour that is itself markup starts
/// with its delimiter.
fn first_written(inline: &Inline) -> Option<char> {
    match inline {
        Inline::Emphasis { .. } | Inline::Strong { .. } => Some('*'),
        Inline::Strikethrough { .. } => Some('~'),
        // A link that could run code is written as its text.
        Inline::Link { url, .. } if sanitize::url(url).is_some() => Some('['),
        Inline::Image { .. } => Some('!'),
        Inline::Code { .. } => Some('`'),
        Inline::LineBreak | Inline::RawHtml { .. } => Some('<'),
        other => first_char(other),
    }
}

/// CommonMark's punctuation: ASCII punctuation and Unicode punctuation and symbols.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// Escapes the characters of `text` that would otherwise be read as Markdown, and only those.
/// `before` and `after` are the characters written around it, `at_line_start` whether it
/// begins a line.
fn escape_text(
    text: &str,
    before: Option<char>,
    after: Option<char>,
    mut at_line_start: bool,
    context: Context,
    out: &mut String,
) {
    let mut previous = before;
    // Where the next character starts in `text`.
    let mut at = 0;
    // Where this text starts in `out`: what is before it may be markup.
    let text_start = out.len();
    while let Some(raw) = text[at..].chars().next() {
        // Characters no context escapes (most of any text) are copied a run at a time.
        if !at_line_start {
            let rest = &text[at..];
            // Those that are not are ASCII: a byte scan stops on a character's start.
            let run = rest
                .bytes()
                .position(|b| !INERT[b as usize])
                .unwrap_or(rest.len());
            if run > 0 {
                out.push_str(&rest[..run]);
                previous = rest[..run].chars().next_back();
                at += run;
                continue;
            }
        }
        let c = blank_as_space(raw);
        // What follows the character in this text.
        let following = &text[at + raw.len_utf8()..];
        let next = following.chars().next().or(after);
        if c == '\r' && next == Some('\n') {
            at += raw.len_utf8();
            continue;
        }
        // A lone `\r` is a line ending to CommonMark, like `\n`.
        if c == '\n' || c == '\r' {
            if context.single_line {
                out.push(' ');
            } else if !at_line_start {
                // Blanks before a newline would make a hard break, and a second newline a
                // blank line, which ends the paragraph (and any link inside it): text
                // whitespace is neither.
                while out.ends_with([' ', '\t']) {
                    out.pop();
                }
                out.push('\n');
                at_line_start = true;
            }
            previous = Some(c);
            at += raw.len_utf8();
            continue;
        }
        if at_line_start {
            // Leading blanks would be stripped, or make an indented code block.
            if c == ' ' || c == '\t' {
                at += raw.len_utf8();
                continue;
            }
            // Only these begin what a line's start can make of it (see escape_line_start):
            // the rest of the line is looked at for them alone.
            let may_begin_block = matches!(
                c,
                '#' | '>' | '-' | '+' | '*' | '=' | '_' | ':' | '|' | '0'..='9'
            );
            let line = &text[at..];
            let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
            let rest: String = if may_begin_block {
                line.chars().map(blank_as_space).collect()
            } else {
                String::new()
            };
            if let Some((escaped, covered)) = escape_line_start(&rest) {
                out.push_str(&escaped);
                previous = escaped.chars().last();
                at += line
                    .char_indices()
                    .nth(covered)
                    .map_or(line.len(), |(end, _)| end);
                at_line_start = false;
                continue;
            }
            at_line_start = false;
        }
        // Beyond the text's ends: a line's edge at the top level; inside emphasis or a link,
        // a delimiter or a tag that may yet be written (`<strong>~</strong>` beside `~~`).
        let is_space = |c: Option<char>| match c {
            Some(c) => c.is_whitespace(),
            None => !context.nested,
        };
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '`' => true,
            // A bracket that closes in this text and is followed by nothing that makes a
            // link of it (`[toc]`, `[sic]`, a shortcode kept) is text as it stands.
            '[' => context.in_link || !closes_as_text(following, after),
            ']' => context.in_link,
            // kramdown pairs delimiters more eagerly than CommonMark, and text written
            // apart from its neighbours (a link's) cannot know them: escaped unless blanks
            // are known to stand on both sides.
            '*' | '_' if context.kramdown => {
                let blank = |c: Option<char>| c.is_some_and(char::is_whitespace);
                !(blank(previous) && blank(next))
            }
            '*' | '~' => !(is_space(previous) && is_space(next)),
            '_' => {
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                !((alnum(previous) && alnum(next)) || (is_space(previous) && is_space(next)))
            }
            // Unless what follows is known to be harmless, for it may open a tag.
            '<' => next.is_none_or(|n| !(n.is_whitespace() || n.is_ascii_digit() || n == '=')),
            '&' => looks_like_entity(following),
            '|' => context.in_table || context.kramdown,
            // `!` before a link's `[` would make it an image.
            '!' => next == Some('['),
            _ => false,
        };
        if escape && c == '<' && !context.in_link {
            close_bare_url(out, text_start);
        }
        if escape {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
        at += raw.len_utf8();
    }
}

/// When the text written so far ends in a web address that GFM would make a link of
/// (`see https://a.org/?q=1,`), makes it an explicit autolink (`<https://a.org/?q=1,>`):
/// a GFM link runs up to a `<` and would swallow the backslash that escapes it
/// (`https://a.org/x,\<?php` shows `<?php` as a tag, and hides it).
fn close_bare_url(out: &mut String, text_start: usize) {
    let word_start = out.rfind(char::is_whitespace).map_or(0, |at| {
        at + out[at..].chars().next().map_or(1, char::len_utf8)
    });
    if word_start < text_start {
        // The word began in markup written before this text (a link's `](`).
        return;
    }
    let word = &out[word_start..];
    let Some(start) = ["https://", "http://", "ftp://"]
        .iter()
        .filter_map(|scheme| word.rfind(scheme))
        .max()
    else {
        return;
    };
    let url = &word[start..];
    // Inside `<…>` nothing is unescaped: a URL already holding an escape stays as it is.
    if url.contains(['\\', '&', '<', '>']) || url.len() <= "https://".len() {
        return;
    }
    out.insert(word_start + start, '<');
    out.push('>');
}

/// A paragraph's inlines cut where two or more line breaks follow each other (spaces between
/// them count for nothing), without the breaks.
fn split_at_blank_lines(content: &[Inline]) -> Vec<&[Inline]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (range, _) in crate::model::blank_lines(content) {
        parts.push(&content[start..range.start]);
        start = range.end;
    }
    parts.push(&content[start..]);
    parts
}

/// Whether the `[` before `rest` is closed within `rest`, with no bracket between, by a `]`
/// that neither a `(`, a `[` nor a `:` follows (`after` is what follows this text).
fn closes_as_text(rest: &str, after: Option<char>) -> bool {
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            // Brackets inside brackets: which pairs with which depends on their own
            // escaping; escaped, nothing can pair.
            '[' => return false,
            ']' => {
                let next = chars.next().or(after);
                return !matches!(next, Some('(' | '[' | ':'));
            }
            _ => {}
        }
    }
    false
}

/// A character [`escape_text`] writes as it is wherever it stands (but at a line's start):
/// none of those it escapes, looks around, or turns into a space or a line break.
const fn is_inert(c: char) -> bool {
    !matches!(
        c,
        '\\' | '`'
            | '['
            | ']'
            | '*'
            | '_'
            | '~'
            | '<'
            | '&'
            | '|'
            | '!'
            | '\n'
            | '\r'
            | '\u{b}'
            | '\u{c}'
    )
}

/// [`is_inert`] by byte: every byte of a character outside ASCII is inert (no character
/// that is not inert is outside ASCII).
static INERT: [bool; 256] = {
    let mut table = [true; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = is_inert(byte as u8 as char);
        byte += 1;
    }
    table
};

/// Line tabulation and form feed are blank to CommonMark, and would hide a line's real start
/// from the escaping: written as the spaces they show as.
fn blank_as_space(c: char) -> char {
    match c {
        '\u{b}' | '\u{c}' => ' ',
        c => c,
    }
}

/// At the start of a line: the escaped form of what would begin a block (a heading, list
/// item, quote, thematic break or setext underline), and how many characters it covers.
fn escape_line_start(line: &str) -> Option<(String, usize)> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let second = chars.next();
    let space_or_end = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
    // A GFM table delimiter row (`---|`, `|:--|`, `-:`) would make the line before it a
    // table header, and the lines after rows (cells past the header's count are dropped).
    if line.contains(['|', ':'])
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
    {
        return Some((format!("\\{first}"), 1));
    }
    match first {
        '#' => {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            let after = line.chars().nth(hashes);
            (hashes <= 6 && space_or_end(after)).then(|| ("\\#".to_string(), 1))
        }
        '>' => Some(("\\>".to_string(), 1)),
        '-' | '+' | '*' | '=' | '_' => {
            let run: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            // `=` and `-` lines of any length underline a setext heading.
            let rule =
                run.chars().all(|c| c == first) && (run.len() >= 3 || matches!(first, '=' | '-'));
            if rule || (first != '=' && first != '_' && space_or_end(second)) {
                Some((format!("\\{first}"), 1))
            } else {
                None
            }
        }
        '0'..='9' => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let mut rest = line.chars().skip(digits);
            let marker = rest.next();
            let after = rest.next();
            if digits <= 9 && matches!(marker, Some('.' | ')')) && space_or_end(after) {
                let number: String = line.chars().take(digits).collect();
                Some((
                    format!("{number}\\{}", marker.expect("matched")),
                    digits + 1,
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `&name;`, `&#123;` or `&#x1F;`: text CommonMark would decode as a character reference.
fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest.chars().take(33).take_while(|&c| c != ';').collect();
    if body.len() >= rest.len() || body.is_empty() {
        return false; // no `;` within reach
    }
    if let Some(number) = body.strip_prefix('#') {
        let digits = number
            .strip_prefix(['x', 'X'])
            .map_or(number.chars().all(|c| c.is_ascii_digit()), |hex| {
                hex.chars().all(|c| c.is_ascii_hexdigit())
            });
        return digits && number.len() > usize::from(number.starts_with(['x', 'X']));
    }
    body.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A heading's text ending in ` #` would lose the `#` as a closing sequence.
fn escape_closing_hashes(text: String) -> String {
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() == text.len() || !(trimmed.is_empty() || trimmed.ends_with([' ', '\t'])) {
        return text;
    }
    format!("{trimmed}\\{}", &text[trimmed.len()..])
}

fn escape_unescaped_pipes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut backslashes = 0;
    for c in text.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// A code span. (In a table, its pipes are escaped with the rest of the cell.)
/// Whether a link is written as its text alone: links cannot nest, and a link that could run
/// code is no link.
/// Whether an inline is written as its content alone: a link inside a link or to a target
/// that could run code, emphasis inside emphasis, strong inside strong, strikethrough inside
/// strikethrough.
fn dissolves(inline: &Inline, context: Context) -> bool {
    match inline {
        Inline::Link { url, .. } => context.in_link || sanitize::url(url).is_none(),
        Inline::Emphasis { .. } => context.in_emphasis,
        Inline::Strong { .. } => context.in_strong,
        Inline::Strikethrough { .. } => context.in_strikethrough,
        _ => false,
    }
}

fn needs_joining(inlines: &[Inline], context: Context) -> bool {
    inlines.iter().any(|i| dissolves(i, context))
        || inlines.windows(2).any(|w| {
            matches!(
                w,
                [Inline::Text { .. }, Inline::Text { .. }]
                    | [Inline::Code { .. }, Inline::Code { .. }]
            )
        })
}

/// The inlines with unlinked links replaced by their content, and neighbouring texts and
/// code spans joined. (Nesting is bounded by the model's depth limit.)
fn joined_inlines(inlines: &[Inline], context: Context) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if dissolves(inline, context) {
            for inner in joined_inlines(inline.children().map_or(&[][..], |c| c), context) {
                push_joined(&mut out, inner);
            }
        } else {
            push_joined(&mut out, inline.clone());
        }
    }
    out
}

fn push_joined(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
        (Some(Inline::Code { text }), Inline::Code { text: more }) => text.push_str(&more),
        (_, inline) => out.push(inline),
    }
}

fn code_span(text: &str, kramdown: bool) -> String {
    // Every CommonMark line ending (`\r` alone too) would end the span's line: a space is
    // what a renderer shows for it anyway.
    let text = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let longest = longest_run(&text, '`');
    if longest >= 80 {
        // cmark and comrak read no backtick string longer than 80 as a code span's fence.
        return format!("<code>{}</code>", html::escape_text(&text));
    }
    let mut fence = "`".repeat(longest + 1);
    // kramdown reads one backtick before a blank as a backtick, not a code span.
    if kramdown && longest == 0 && text.starts_with(char::is_whitespace) {
        fence.push('`');
    }
    // One space is stripped from each side when both are there; add them where the content
    // starts or ends with a backtick or would lose its own edge spaces.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == of {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

fn code_block(language: Option<&str>, text: &str) -> String {
    // A language name (`php`, `c++`, `objective-c`); anything else would change the fence
    // it follows (`~~~` and `~x` make a longer fence that `~~~` does not close).
    let info = language
        .and_then(|l| l.split_whitespace().next())
        .filter(|l| {
            l.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '+' | '#' | '.' | '_' | '-'))
        })
        .unwrap_or("");
    let fence_char = '`';
    // A carriage return is a line ending to CommonMark: outside a line of its own it would
    // end the block's line early (and inside a quote, the quote).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let fence = fence_char
        .to_string()
        .repeat(3.max(longest_run(&text, fence_char) + 1));
    let text = text.strip_suffix('\n').unwrap_or(&text);
    format!("{fence}{info}\n{text}\n{fence}")
}

fn image(src: &str, alt: &str, title: Option<&str>, kramdown: bool) -> String {
    let src = sanitize::url(src).unwrap_or("");
    let mut escaped_alt = String::new();
    escape_text(
        &alt.replace('\n', " "),
        Some('['),
        Some(']'),
        false,
        Context {
            in_link: true,
            kramdown,
            ..Context::default()
        },
        &mut escaped_alt,
    );
    format!("![{}]({})", label(escaped_alt), destination(src, title))
}

/// A link destination with its optional title: bare when it can be, in `<…>` when it holds
/// spaces or unbalanced parentheses.
fn destination(url: &str, title: Option<&str>) -> String {
    let mut out = String::new();
    // The usual URL: ASCII with nothing to bracket or escape.
    let plain = !url.is_empty()
        && url.bytes().all(|b| {
            b.is_ascii_graphic() && !matches!(b, b'(' | b')' | b'<' | b'>' | b'\\' | b'|')
        });
    if plain {
        out.push_str(url);
    } else {
        bracketed_or_escaped(url, &mut out);
    }
    if let Some(title) = title {
        out.push_str(" \"");
        for c in title.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(if c == '\n' { ' ' } else { c });
        }
        out.push('"');
    }
    out
}

/// A destination in `<…>` when it holds spaces or unbalanced parentheses, else with its
/// backslashes escaped; a `|` as `%7C` either way.
fn bracketed_or_escaped(url: &str, out: &mut String) {
    let mut depth: i64 = 0;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                balanced &= depth >= 0;
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    let needs_brackets = !balanced
        || url.is_empty()
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if needs_brackets {
        out.push('<');
        for c in url.chars() {
            match c {
                '<' | '>' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' | '\r' => out.push_str("%0A"),
                '|' => out.push_str("%7C"),
                _ => out.push(c),
            }
        }
        out.push('>');
    } else {
        for (i, c) in url.char_indices() {
            let next = url[i + c.len_utf8()..].chars().next();
            if c == '\\' && next.is_none_or(|n| n.is_ascii_punctuation()) {
                out.push('\\');
            }
            if c == '|' {
                // Not a URI character, and a table cell's border to kramdown.
                out.push_str("%7C");
                continue;
            }
            out.push(c);
        }
    }
}

/// `<url>` when the link text is the URL itself and CommonMark accepts it as an autolink.
fn is_autolink(url: &str, content: &[Inline]) -> bool {
    let [Inline::Text { text }] = content else {
        return false;
    };
    let shown = url.strip_prefix("mailto:").unwrap_or(url);
    text == shown && text == url && is_absolute_uri(url)
}

fn is_absolute_uri(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

fn autolink_or_link(url: &str, kramdown: bool) -> String {
    if sanitize::url(url).is_none() {
        return String::new();
    }
    if is_absolute_uri(url) && !(kramdown && url.contains('|')) {
        format!("<{url}>")
    } else {
        let mut text = String::new();
        escape_text(
            url,
            None,
            None,
            true,
            Context {
                in_link: true,
                kramdown,
                ..Context::default()
            },
            &mut text,
        );
        format!("[{}]({})", label(text), destination(url, None))
    }
}

/// Raw HTML laid out so that CommonMark reads it as one HTML block: no blank lines inside
/// (they would end it), and a first line that starts the block on its own.
fn raw_html_block(html: &str) -> String {
    // A no-break space is content, not blank.
    let html = html.trim_matches(|c: char| c.is_ascii_whitespace());
    if !html.starts_with('<') {
        // Not markup at its start: only a wrapper keeps CommonMark from reading it as text.
        return raw_html_block(&format!("<div>\n{html}\n</div>"));
    }
    let lower = html.to_ascii_lowercase();
    let verbatim_kind = ["<pre", "<script", "<style", "<textarea"]
        .iter()
        .any(|tag| lower.starts_with(tag));
    let mut out: String = if verbatim_kind {
        html.to_string()
    } else {
        // Blank lines would end the block (a line of no-break spaces is not blank).
        html.lines()
            .filter(|line| !line.trim_matches([' ', '\t', '\r']).is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    if !verbatim_kind && !starts_html_block(&lower) {
        // A block of any other tag must have its opening tag alone on the first line.
        if let Some(end) = out.find('>')
            && !out[end + 1..]
                .split('\n')
                .next()
                .unwrap_or("")
                .trim()
                .is_empty()
            && !out[..=end].contains('\n')
        {
            out.insert(end + 1, '\n');
        }
    }
    out
}

/// Whether the text opens an HTML block of kinds 2 to 6 (comments, declarations, and the
/// block-level tags CommonMark lists).
fn starts_html_block(lower: &str) -> bool {
    const TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    if lower.starts_with("<!") || lower.starts_with("<?") {
        return true;
    }
    let name: String = lower
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let after = lower
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .nth(name.len());
    TAGS.contains(&name.as_str()) && after.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
}

/// Prefixes every line (`> ` for quotes); empty lines get `empty` alone.
fn prefix_lines(text: &str, prefix: &str, empty: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                empty.to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests;
