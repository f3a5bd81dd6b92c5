//! WP101 texturized-table: a pipe table WordPress or a paste broke into a paragraph.

use crate::model::{Block, Cell, Document, Inline, Row, Table};
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, block_diagnostic};

pub static RULE: Rule = Rule {
    code: "WP101",
    name: "texturized-table",
    category: Category::Structure,
    summary: "A pipe table broken into a paragraph",
    doc: "What it does: turns a paragraph whose lines are the rows of a pipe table into a real \
table — when WordPress's texturize turned the delimiter row's hyphens into en or em dashes \
(`|——————|————-|`), or the rows lack outer pipes or have ragged column counts.\n\n\
Why: the table is there, line by line, but no Markdown renderer will show it.\n\n\
Before: `| Area | Details |` / `|——————|————-|` / `| Security | Shared intelligence |`\n\
After: a table with the header `Area | Details` and one row\n\n\
Left alone: dashes anywhere else (prose keeps its em dashes), and lines with pipes but no \
delimiter row.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

const DASHES: &[char] = &['-', '–', '—', '‒', '―', '−', '﹣', '－'];

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        if block.heading || !block.text.contains('|') || !block.text.contains('\n') {
            continue;
        }
        let lines: Vec<String> = split_lines(block.inlines);
        if lines.len() < 2
            || !lines.iter().all(|l| l.matches('|').count() >= 1)
            || !is_delimiter(&lines[1])
        {
            continue;
        }
        let rows: Vec<Vec<String>> = lines.iter().map(|l| cells(l)).collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns < 2 && !lines[0].trim_start().starts_with('|') {
            continue;
        }
        let row = |cells: &Vec<String>| Row {
            cells: (0..columns)
                .map(|i| {
                    Cell::from_inlines(
                        cells
                            .get(i)
                            .filter(|c| !c.is_empty())
                            .map(|c| vec![Inline::text(c.clone())])
                            .unwrap_or_default(),
                    )
                })
                .collect(),
        };
        let table = Table {
            caption: Vec::new(),
            alignments: Vec::new(),
            head: vec![row(&rows[0])],
            body: rows[2..].iter().map(row).collect(),
        };
        let after = format!("a table of {} columns and {} rows", columns, rows.len() - 2);
        out.push(block_diagnostic(
            &RULE,
            &block.path,
            lines.join("\n"),
            Some(vec![Block::Table(table)]),
            after,
            Applicability::Safe,
            "pipe-table lines are not a table",
        ));
    }
    out
}

/// The paragraph's lines, when it is only text and line breaks.
fn split_lines(inlines: &[Inline]) -> Vec<String> {
    let mut lines = vec![String::new()];
    for inline in inlines {
        match inline {
            Inline::Text { text } => lines.last_mut().expect("one line").push_str(text),
            Inline::LineBreak => lines.push(String::new()),
            _ => return Vec::new(),
        }
    }
    lines
}

/// A delimiter row: pipes, colons, spaces and dashes of any kind, with at least one dash.
fn is_delimiter(line: &str) -> bool {
    let line = line.trim();
    line.contains(DASHES)
        && line
            .chars()
            .all(|c| DASHES.contains(&c) || matches!(c, '|' | ':' | ' ' | '\u{a0}'))
        && !crate::read::text::is_delimiter_row(line)
        || (crate::read::text::is_delimiter_row(line) && line.contains('|'))
}

fn cells(line: &str) -> Vec<String> {
    crate::read::text::split_row(line)
        .into_iter()
        .map(str::to_string)
        .collect()
}
