//! The normalizer: named rules that repair the damage real archives carry, every change
//! reported.
//!
//! A [`Rule`] has a stable code (`WP201`), a kebab-case name, a category and a doc with a
//! before/after example. It looks at the [`Document`] — never at the format it came from —
//! and returns [`Diagnostic`]s; each may carry an [`Edit`] whose [`Applicability`] is chosen
//! per occurrence: safe (applied by default), unsafe (applied with `--unsafe-fixes`) or
//! report-only. Rules see only prose: code blocks, inline code, raw HTML and URLs are not
//! text runs, and rules leave tokens that look like addresses or file names alone.
//!
//! [`normalize`] applies the allowed edits, skipping overlapping ones, and runs the rules again
//! until nothing changes (ruff's fix loop); every applied edit is recorded as a [`Change`].
//! [`check`] applies nothing and returns what the rules found.

pub mod rules;
mod text;

use crate::model::{Block, Document, Inline};
use serde::Serialize;
use std::ops::Range;

pub use text::{TextBlock, TextRef, TextRun, text_blocks};

/// When a fix may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Applied by default: the rule is sure.
    Safe,
    /// Applied with `--unsafe-fixes`: right in the common case, but a person should look.
    Unsafe,
    /// Never applied: the rule only reports.
    ReportOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Structure,
    Spacing,
    Case,
    Spelling,
    Encoding,
    Junk,
}

/// A rule: its identity, its documentation and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    /// One line, for lists.
    pub summary: &'static str,
    /// What it does, why, an example before → after, and when its fix is unsafe.
    pub doc: &'static str,
    /// The safest fix it makes: `Safe` if some of its fixes are, `Unsafe` if none is, and
    /// `ReportOnly` if it never fixes (a test holds every rule to it on every fixture and
    /// corpus export). [`fix`] runs only the rules whose fixes the settings apply.
    pub fix: Applicability,
    /// Looks at the document (and its prose, gathered once for all rules).
    pub check: fn(&Document, &[TextBlock<'_>]) -> Vec<Diagnostic>,
}

/// What a rule changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Replace a byte range of one text run.
    Text {
        at: TextRef,
        range: Range<usize>,
        replacement: String,
    },
    /// Replace a block with these blocks (none: remove it).
    Blocks {
        block: Vec<usize>,
        replacement: Vec<Block>,
    },
}

/// A problem a rule found, with its fix when it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    /// The block, as a path of indexes through the document's nesting (`3` is the fourth
    /// top-level block; `5.0.1` the second block of the first item of the list at 5).
    pub block: String,
    /// Byte offset in the block's text, when the problem is in text.
    pub offset: usize,
    /// The text around the problem, as it is.
    pub before: String,
    /// The same text as the fix leaves it (equal to `before` when there is no fix).
    pub after: String,
    pub applicability: Applicability,
    #[serde(skip)]
    pub edit: Option<Edit>,
}

/// An applied fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub code: &'static str,
    pub name: &'static str,
    pub block: String,
    pub offset: usize,
    pub before: String,
    pub after: String,
}

/// Which rules run and which fixes apply.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Codes or code prefixes (`WP2`) to run; all when empty.
    pub select: Vec<String>,
    /// Codes or code prefixes not to run.
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
}

impl Settings {
    pub fn enabled(&self, rule: &Rule) -> bool {
        let matches = |codes: &[String]| {
            codes
                .iter()
                .any(|c| rule.code.starts_with(c.as_str()) || rule.name == c.as_str())
        };
        (self.select.is_empty() || matches(&self.select)) && !matches(&self.ignore)
    }

    /// Whether [`fix`] runs the rule: it is enabled and its fix applies.
    pub fn fixes_with(&self, rule: &Rule) -> bool {
        self.enabled(rule) && self.allows(rule.fix)
    }

    fn allows(&self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
            Applicability::ReportOnly => false,
        }
    }
}

/// What [`normalize`] did and what it left.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
    /// Problems found but not fixed (report-only, unsafe without `--unsafe-fixes`).
    pub remaining: Vec<Diagnostic>,
}

/// How many passes the fix loop makes at most; fixes that keep producing new fixes past this
/// are a bug in a rule (a test checks convergence on every fixture).
const MAX_PASSES: usize = 10;

/// Runs the rules and applies their allowed fixes until nothing changes.
pub fn normalize(document: &mut Document, settings: &Settings) -> Report {
    repair(document, settings, |rule| settings.enabled(rule))
}

/// The changes [`normalize`] makes, without looking for what it would leave: rules with no
/// fix the settings apply (all of them unsafe, without `--unsafe-fixes`) are not run. What a
/// conversion needs; such rules took over a third of the rules' time (10 MB export: 554M →
/// 347M instructions).
pub fn fix(document: &mut Document, settings: &Settings) -> Vec<Change> {
    repair(document, settings, |rule| settings.fixes_with(rule)).changes
}

/// The fix loop over the rules `runs` picks.
fn repair(document: &mut Document, settings: &Settings, runs: impl Fn(&Rule) -> bool) -> Report {
    let mut report = Report::default();
    for _ in 0..MAX_PASSES {
        let diagnostics = diagnose(document, &runs);
        let (apply, keep): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_iter()
            .partition(|d| d.edit.is_some() && settings.allows(d.applicability));
        report.remaining = keep;
        if apply.is_empty() {
            break;
        }
        let applied = apply_edits(document, apply);
        if applied.is_empty() {
            break;
        }
        report.changes.extend(applied);
    }
    report
}

/// What the enabled rules find, in document order.
pub fn check(document: &Document, settings: &Settings) -> Vec<Diagnostic> {
    diagnose(document, |rule| settings.enabled(rule))
}

/// What the rules `runs` picks find, in document order.
fn diagnose(document: &Document, runs: impl Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let blocks = text_blocks(document);
    let mut diagnostics: Vec<Diagnostic> = rules::ALL
        .iter()
        .filter(|rule| runs(rule))
        .flat_map(|rule| (rule.check)(document, &blocks))
        .collect();
    diagnostics.sort_by(|a, b| {
        path_key(&a.block)
            .cmp(&path_key(&b.block))
            .then(a.offset.cmp(&b.offset))
    });
    diagnostics
}

fn path_key(path: &str) -> Vec<usize> {
    path.split('.').filter_map(|p| p.parse().ok()).collect()
}

/// Applies edits that do not overlap: text edits within each run from the end backwards,
/// then block replacements from the last block backwards (so earlier paths stay valid).
fn apply_edits(document: &mut Document, diagnostics: Vec<Diagnostic>) -> Vec<Change> {
    let mut applied = Vec::new();
    let mut text_edits: Vec<(TextRef, Range<usize>, String, Diagnostic)> = Vec::new();
    let mut block_edits: Vec<(Vec<usize>, Vec<Block>, Diagnostic)> = Vec::new();
    for diagnostic in diagnostics {
        match diagnostic.edit.clone() {
            Some(Edit::Text {
                at,
                range,
                replacement,
            }) => text_edits.push((at, range, replacement, diagnostic)),
            Some(Edit::Blocks { block, replacement }) => {
                block_edits.push((block, replacement, diagnostic))
            }
            None => {}
        }
    }
    // Blocks being replaced take no text edits this pass.
    text_edits.retain(|(at, ..)| !block_edits.iter().any(|(b, ..)| at.block.starts_with(b)));
    text_edits.sort_by(|a, b| {
        (&a.0, std::cmp::Reverse(a.1.start)).cmp(&(&b.0, std::cmp::Reverse(b.1.start)))
    });
    let mut last: Option<(TextRef, usize)> = None;
    for (at, range, replacement, diagnostic) in text_edits {
        // Edits come from the end of each run backwards: skip one that overlaps the last.
        if let Some((last_at, last_start)) = &last
            && *last_at == at
            && (range.end > *last_start || range.start == *last_start)
        {
            continue;
        }
        if text::replace(document, &at, range.clone(), &replacement) {
            last = Some((at, range.start));
            applied.push(change(&diagnostic));
        }
    }
    block_edits.sort_by(|a, b| b.0.cmp(&a.0));
    let mut replaced: Vec<Vec<usize>> = Vec::new();
    for (block, replacement, diagnostic) in block_edits {
        if replaced
            .iter()
            .any(|r| r.starts_with(&block) || block.starts_with(r))
        {
            continue;
        }
        if text::replace_block(document, &block, replacement) {
            replaced.push(block);
            applied.push(change(&diagnostic));
        }
    }
    applied
}

fn change(diagnostic: &Diagnostic) -> Change {
    Change {
        code: diagnostic.code,
        name: diagnostic.name,
        block: diagnostic.block.clone(),
        offset: diagnostic.offset,
        before: diagnostic.before.clone(),
        after: diagnostic.after.clone(),
    }
}

/// Builds the diagnostic of a text edit, with the snippet around it before and after.
pub fn text_diagnostic(
    rule: &Rule,
    run: &TextRun<'_>,
    range: Range<usize>,
    replacement: &str,
    applicability: Applicability,
    message: impl Into<String>,
) -> Diagnostic {
    let text = run.text;
    let start = floor_char(text, range.start.saturating_sub(24));
    let end = ceil_char(text, (range.end + 24).min(text.len()));
    let before = text[start..end].to_string();
    let after = format!(
        "{}{}{}",
        &text[start..range.start],
        replacement,
        &text[range.end..end]
    );
    Diagnostic {
        code: rule.code,
        name: rule.name,
        message: message.into(),
        block: path_string(&run.at.block),
        offset: run.offset + range.start,
        before,
        after,
        applicability,
        edit: Some(Edit::Text {
            at: run.at.clone(),
            range,
            replacement: replacement.to_string(),
        }),
    }
}

/// Builds the diagnostic of a block replacement.
pub fn block_diagnostic(
    rule: &Rule,
    block: &[usize],
    before: String,
    replacement: Option<Vec<Block>>,
    after: String,
    applicability: Applicability,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        code: rule.code,
        name: rule.name,
        message: message.into(),
        block: path_string(block),
        offset: 0,
        before,
        after,
        applicability,
        edit: replacement.map(|replacement| Edit::Blocks {
            block: block.to_vec(),
            replacement,
        }),
    }
}

/// The diagnostic of a block to remove.
pub fn removal(
    rule: &Rule,
    block: &[usize],
    before: String,
    applicability: Applicability,
    message: impl Into<String>,
) -> Diagnostic {
    block_diagnostic(
        rule,
        block,
        before,
        Some(Vec::new()),
        String::new(),
        applicability,
        message,
    )
}

pub fn path_string(path: &[usize]) -> String {
    path.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The plain text of inlines (for block-level rules).
pub fn inline_text(inlines: &[Inline]) -> String {
    crate::model::plain_text(inlines)
}

/// How many changes per rule, for a run's summary.
pub fn count_by_rule(changes: &[Change]) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for change in changes {
        *counts
            .entry(format!("{} {}", change.code, change.name))
            .or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text;

    fn runs_text(document: &Document, block: usize) -> String {
        match &document.blocks[block] {
            Block::Paragraph { content } => inline_text(content),
            other => panic!("{other:?}"),
        }
    }

    fn edit(document: &Document, block: usize, range: Range<usize>, with: &str) -> Diagnostic {
        let blocks = text_blocks(document);
        let run = blocks
            .iter()
            .find(|b| b.path == [block])
            .map(|b| b.runs[0].clone())
            .expect("a paragraph");
        text_diagnostic(
            rules::ALL[1],
            &run,
            range,
            with,
            Applicability::Safe,
            "test",
        )
    }

    #[test]
    fn diagnostics_come_in_document_order_by_numeric_path() {
        // Block 10 after block 9 (not before it, as text would sort), and a problem far into
        // block 2 before one at the start of block 3.
        let mut text = String::from("Title\n\n");
        text.push_str("A long first sentence to push it along, then a run-in.Here it is.\n\n");
        for _ in 0..8 {
            text.push_str("Plain.Then more.\n\n");
        }
        let document = text::read(&text);
        let found = check(
            &document,
            &Settings {
                select: vec!["WP201".into()],
                ..Settings::default()
            },
        );
        let blocks: Vec<&str> = found.iter().map(|d| d.block.as_str()).collect();
        assert_eq!(blocks, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert!(found[0].offset > found[1].offset);
    }

    #[test]
    fn nested_blocks_are_named_by_their_path() {
        let document = text::read("Title\n\n- first item.Then more\n- second");
        let found = check(
            &document,
            &Settings {
                select: vec!["WP201".into()],
                ..Settings::default()
            },
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].block, "1.0.0");
    }

    #[test]
    fn overlapping_edits_in_a_run_apply_once_and_neighbours_both() {
        let mut document = text::read("Title\n\nabcdefghij");
        // Two insertions at one place: one of them.
        let same = vec![edit(&document, 1, 5..5, "X"), edit(&document, 1, 5..5, "Y")];
        assert_eq!(apply_edits(&mut document, same).len(), 1);
        assert_eq!(runs_text(&document, 1), "abcdeXfghij");

        // Overlapping replacements: the later one, not both.
        let mut document = text::read("Title\n\nabcdefghij");
        let overlapping = vec![edit(&document, 1, 2..6, "-"), edit(&document, 1, 4..8, "+")];
        assert_eq!(apply_edits(&mut document, overlapping).len(), 1);
        assert_eq!(runs_text(&document, 1), "abcd+ij");

        // Touching replacements do not overlap: both.
        let mut document = text::read("Title\n\nabcdefghij");
        let touching = vec![
            edit(&document, 1, 0..5, "1"),
            edit(&document, 1, 5..10, "2"),
        ];
        assert_eq!(apply_edits(&mut document, touching).len(), 2);
        assert_eq!(runs_text(&document, 1), "12");

        // Edits in two runs never block each other.
        let mut document = text::read("Title\n\nabcdefghij\n\nklmnopqrst");
        let apart = vec![edit(&document, 1, 5..5, "X"), edit(&document, 2, 5..5, "Y")];
        assert_eq!(apply_edits(&mut document, apart).len(), 2);
        assert_eq!(runs_text(&document, 2), "klmnoYpqrst");
    }

    #[test]
    fn a_block_inside_a_block_being_replaced_is_not_replaced_too() {
        let mut document = text::read("Title\n\n- one\n- two\n\nafter");
        let rule = rules::ALL[0];
        let edits = vec![
            removal(rule, &[1], "list".into(), Applicability::Safe, "outer"),
            removal(rule, &[1, 0, 0], "one".into(), Applicability::Safe, "inner"),
        ];
        assert_eq!(apply_edits(&mut document, edits).len(), 1);
    }

    #[test]
    fn the_snippet_around_an_edit_has_24_bytes_each_side_on_char_boundaries() {
        // The edit at byte 40, and `é` (two bytes) straddling both ends of the window.
        let text = format!(
            "{}é{}ab.Cd{}éw",
            "x".repeat(15),
            "y".repeat(20),
            "z".repeat(21)
        );
        let document = text::read(&format!("Title\n\n{text}"));
        let at = text.find(".C").unwrap() + 1;
        let diagnostic = edit(&document, 1, at..at, " ");
        // 24 bytes back from 40 is 16, inside `é` (15..17): the snippet starts at 15; 24
        // bytes on is 64, inside `é` (63..65): it ends at 65.
        assert_eq!(at, 40);
        assert_eq!(diagnostic.before, text[15..65].to_string());
        assert_eq!(
            diagnostic.after,
            format!("{} {}", &text[15..40], &text[40..65])
        );
        assert_eq!(diagnostic.offset, 40);
        assert_eq!(diagnostic.block, "1");
    }
}
