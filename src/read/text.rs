//! Plain text and Markdown as editors paste them → [`Document`].
//!
//! Text pasted from a word processor or a chat window has a line per paragraph, headings as
//! short lines of their own, `- ` bullets and perhaps a pipe table; Markdown has all that with
//! syntax. Both are read here, line by line:
//!
//! - a blank line, or a new line, ends a paragraph (pasted text puts one paragraph per line);
//! - the first line, when it reads as a title, is the level-1 heading; a later short line
//!   that reads as a title and stands alone between paragraphs is a level-2 heading; `#`
//!   headings are taken as written;
//! - `- `, `* `, `+ ` and `1. ` lines are list items;
//! - lines starting with `|` are a table when their second line is a valid delimiter row, and
//!   are kept as the lines of one paragraph otherwise (the normalizer repairs tables whose
//!   delimiter row WordPress texturized);
//! - fenced code is kept as code; `> ` lines are a quote;
//! - `Speaker: text` lines of an interview stay paragraphs, the speaker in bold.
//!
//! Inline Markdown (emphasis, links, code) is read by the HTML reader's inline rules after a
//! CommonMark parse would be overkill here: only the syntax pasted text really carries is
//! handled — `**strong**`, `*emphasis*`, `` `code` `` and `[text](url)`.

use crate::model::{Alignment, Block, Cell, Document, Inline, List, ListItem, Row, Table};

pub fn read(text: &str) -> Document {
    // NUL is no text: CommonMark readers replace it with U+FFFD, and so does this one.
    let text = if text.contains('\0') {
        std::borrow::Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    Document {
        meta: Default::default(),
        blocks: read_blocks(&text, 0),
        comments: Vec::new(),
    }
}

/// Quotes nested deeper than this keep their text at this depth: the model stays shallow
/// enough for every writer, and reading stays linear in the input (each level re-reads the
/// lines inside it).
pub const MAX_QUOTE_DEPTH: usize = 16;

fn read_blocks(text: &str, depth: usize) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    let mut first = true;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        // Fenced code.
        if let Some(fence) = fence_of(trimmed) {
            let language = trimmed[fence.len()..].trim();
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(&fence) {
                code.push(lines[i]);
                i += 1;
            }
            i += 1;
            blocks.push(Block::CodeBlock {
                language: (!language.is_empty()).then(|| language.to_string()),
                text: code.join("\n"),
            });
            first = false;
            continue;
        }
        // ATX headings.
        if let Some((level, title)) = atx_heading(trimmed) {
            blocks.push(Block::Heading {
                level,
                content: inlines(title),
                id: None,
            });
            i += 1;
            first = false;
            continue;
        }
        // Pipe tables, or the lines of a broken one.
        if trimmed.starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                i += 1;
            }
            let rows: Vec<&str> = lines[start..i].iter().map(|l| l.trim()).collect();
            blocks.push(table_or_lines(&rows));
            first = false;
            continue;
        }
        // Lists.
        if list_marker(trimmed).is_some() {
            let ordered = list_marker(trimmed).is_some_and(|(o, _)| o);
            let mut items = Vec::new();
            let mut start = 1;
            while i < lines.len() {
                let Some((is_ordered, rest)) = list_marker(lines[i].trim()) else {
                    break;
                };
                if is_ordered != ordered {
                    break;
                }
                if items.is_empty() && ordered {
                    start = lines[i]
                        .trim()
                        .split(['.', ')'])
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1);
                }
                items.push(ListItem {
                    blocks: vec![Block::Paragraph {
                        content: inlines(rest),
                    }],
                });
                i += 1;
            }
            blocks.push(Block::List(List {
                ordered,
                start,
                tight: true,
                items,
            }));
            first = false;
            continue;
        }
        // Quotes.
        if trimmed.starts_with('>') {
            let mut quoted = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('>') {
                let mut line = lines[i].trim().trim_start_matches('>').trim_start();
                if depth + 1 >= MAX_QUOTE_DEPTH {
                    // As deep as quotes go: deeper markers are dropped, the text kept.
                    while let Some(rest) = line.strip_prefix('>') {
                        line = rest.trim_start();
                    }
                }
                quoted.push(line);
                i += 1;
            }
            let inner = read_blocks(&quoted.join("\n"), depth + 1);
            blocks.push(Block::BlockQuote {
                blocks: inner,
                attribution: Vec::new(),
            });
            first = false;
            continue;
        }
        // Headings recovered from title-like lines: the first line is the title.
        if looks_like_title(trimmed) {
            blocks.push(Block::Heading {
                level: if first { 1 } else { 2 },
                content: inlines(trimmed),
                id: None,
            });
            i += 1;
            first = false;
            continue;
        }
        first = false;
        // Interview lines: the speaker in bold.
        if let Some((speaker, said)) = speaker_line(trimmed) {
            let mut content = vec![Inline::Strong {
                content: vec![Inline::text(format!("{speaker}:"))],
            }];
            content.extend(inlines(&format!(" {said}")));
            blocks.push(Block::Paragraph { content });
            i += 1;
            continue;
        }
        blocks.push(Block::Paragraph {
            content: inlines(trimmed),
        });
        i += 1;
    }
    blocks
}

fn fence_of(line: &str) -> Option<String> {
    for fence_char in ['`', '~'] {
        let run = line.chars().take_while(|&c| c == fence_char).count();
        if run >= 3 {
            return Some(fence_char.to_string().repeat(run));
        }
    }
    None
}

fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((hashes as u8, rest.trim().trim_end_matches('#').trim()))
}

/// `- item`, `* item`, `+ item` (unordered) or `1. item` / `1) item` (ordered).
fn list_marker(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((false, rest.trim()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, rest.trim()));
        }
    }
    None
}

/// A short line that does not end like a sentence and whose words are mostly capitalized:
/// a title ("Key Areas of Mali-Sudan cooperation", "A Path Forward: Hope for Stability").
pub fn looks_like_title(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || line.chars().count() > 100 {
        return false;
    }
    if ends_like_sentence(line) || line.ends_with([',', ';', ':']) {
        return false;
    }
    let first = words[0].chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    let significant: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let capitalized = significant
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    significant.is_empty() || capitalized * 5 >= significant.len() * 3
}

fn ends_like_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '…', '"', '”']) && !line.ends_with("...")
}

/// `Senior Editor: what does…` → ("Senior Editor", "what does…"). A speaker is one to four
/// words, each capitalized or a title such as "Dr.", followed by a colon and speech.
pub fn speaker_line(line: &str) -> Option<(&str, &str)> {
    let (speaker, said) = line.split_once(": ")?;
    let words: Vec<&str> = speaker.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || said.trim().is_empty() {
        return None;
    }
    let capitalized = words[0].chars().next().is_some_and(char::is_uppercase);
    let name_like = words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    });
    (capitalized && name_like && said.split_whitespace().count() >= 2)
        .then_some((speaker.trim(), said.trim()))
}

/// Pipe-table lines: a table when the second line is a valid GFM delimiter row, else the
/// lines of one paragraph, joined by line breaks, for the normalizer to look at.
fn table_or_lines(rows: &[&str]) -> Block {
    if rows.len() >= 2 && is_delimiter_row(rows[1]) {
        let cells = |row: &str| -> Vec<Cell> {
            split_row(row)
                .into_iter()
                .map(|c| Cell::from_inlines(inlines(c)))
                .collect()
        };
        let alignments = split_row(rows[1])
            .into_iter()
            .map(|c| match (c.starts_with(':'), c.ends_with(':')) {
                (true, true) => Alignment::Center,
                (true, false) => Alignment::Left,
                (false, true) => Alignment::Right,
                _ => Alignment::Default,
            })
            .collect::<Vec<_>>();
        return Block::Table(Table {
            caption: Vec::new(),
            alignments: if alignments.iter().all(|a| *a == Alignment::Default) {
                Vec::new()
            } else {
                alignments
            },
            head: vec![Row {
                cells: cells(rows[0]),
            }],
            body: rows[2..].iter().map(|r| Row { cells: cells(r) }).collect(),
        });
    }
    let mut content = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            content.push(Inline::LineBreak);
        }
        content.push(Inline::text(*row));
    }
    Block::Paragraph { content }
}

pub fn is_delimiter_row(row: &str) -> bool {
    let cells = split_row(row);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            let inner = c.trim_start_matches(':').trim_end_matches(':');
            !inner.is_empty() && inner.chars().all(|ch| ch == '-')
        })
}

/// The cells of a `| a | b |` row, trimmed.
pub fn split_row(row: &str) -> Vec<&str> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').map(str::trim).collect()
}

/// The inline syntax pasted text carries: `**strong**`, `*emphasis*`, `` `code` `` and
/// `[text](url)`; everything else is text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let flush = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
            && !after.starts_with(' ')
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Strong {
                content: inlines(&after[..end]),
            });
            rest = &after[end + 2..];
            continue;
        }
        if c == '`'
            && let Some(end) = rest[1..].find('`')
            && end > 0
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Code {
                text: rest[1..1 + end].to_string(),
            });
            rest = &rest[end + 2..];
            continue;
        }
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(end) = destination_end(&rest[close + 2..]).map(|e| e + 2)
            && !rest[..close].contains('\n')
        {
            let label = &rest[1..close];
            let url = &rest[close + 2..close + end];
            if !url.contains(' ') && !label.is_empty() {
                flush(&mut plain, &mut out);
                out.push(Inline::Link {
                    url: url.to_string(),
                    title: None,
                    content: inlines(label),
                });
                rest = &rest[close + end + 1..];
                continue;
            }
        }
        if c == '*'
            && let Some(end) = rest[1..].find('*')
            && end > 0
            && !rest[1..].starts_with(' ')
            && !rest[1..1 + end].ends_with(' ')
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Emphasis {
                content: inlines(&rest[1..1 + end]),
            });
            rest = &rest[end + 2..];
            continue;
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut plain, &mut out);
    out
}

/// Where a link destination ends: the `)` that balances the ones opened inside it, as
/// CommonMark reads `[x](https://en.wikipedia.org/wiki/Rust_(language))`.
fn destination_end(text: &str) -> Option<usize> {
    let mut open = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => open += 1,
            ')' if open == 0 => return Some(at),
            ')' => open -= 1,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}
