//! WP202 repeated-spaces: runs of spaces and non-breaking spaces in prose.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP202",
    name: "repeated-spaces",
    category: Category::Spacing,
    summary: "Runs of spaces and non-breaking spaces in prose",
    doc: "What it does: turns a run of two or more spaces or non-breaking spaces inside prose into \
one space.\n\n\
Why: editors pad text with `&nbsp;` to push words around; in Markdown the padding shows as stray \
characters and breaks line wrapping.\n\n\
Before: `the visit\u{a0}\u{a0} will focus`\n\
After: `the visit will focus`\n\n\
Left alone: a single non-breaking space (`November\u{a0}7` keeps its number with its month), \
code and lines that read as code, spaces that begin a line (a poem's indentation, after a line \
break), padding that aligns columns (an indented line, or a line with several runs), and text in \
scripts with their own spacing conventions (CJK, Hangul, Thai, Arabic, Hebrew…).\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

static RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \u{a0}]{2,}").expect("valid"));

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&RUN);
}

/// Whether most tokens of a line are English words (`One.  Two  three.`), not values
/// lined up in columns (`PV /dev/sda2   VG vg00   lvm2`, `1     243069  1952445440`).
fn mostly_words(line: &str) -> bool {
    let (mut tokens, mut words) = (0, 0);
    for token in line.split_whitespace() {
        tokens += 1;
        let token = token
            .trim_matches(|c: char| !c.is_alphabetic())
            .to_lowercase();
        words += usize::from(super::is_word(&token));
    }
    words * 2 > tokens
}

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        for run in block
            .runs
            .iter()
            .filter(|r| r.text.contains("  ") || r.text.contains('\u{a0}'))
        {
            for m in RUN.find_iter(run.text) {
                // Spaces that begin a line are indentation (a poem's, after a line break).
                let at = run.offset + m.start();
                if at == 0 || block.text.get(..at).is_some_and(|t| t.ends_with('\n')) {
                    continue;
                }
                // Padding that lines things up — in an indented line, or in a line with more
                // than one run (`PV /dev/sda2   VG vg00   lvm2`) — is layout, and code is code.
                let line = super::line_at(&block.text, at);
                let indented = line.starts_with([' ', '\u{a0}', '\t']);
                let columns = RUN.find_iter(line).count() >= 2 && !mostly_words(line);
                if indented
                    || columns
                    || super::looks_like_code(line)
                    || super::other_typography_around(line, 0)
                {
                    continue;
                }
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    m.range(),
                    " ",
                    Applicability::Safe,
                    "repeated spaces",
                ));
            }
        }
    }
    out
}
