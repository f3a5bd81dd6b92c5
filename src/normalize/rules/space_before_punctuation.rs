//! WP203 space-before-punctuation: `word ,` and `word .`.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP203",
    name: "space-before-punctuation",
    category: Category::Spacing,
    summary: "A space before a comma, period or semicolon",
    doc: "What it does: removes spaces between a word and the `,`, `.` or `;` after it.\n\n\
Why: English sets these marks against the word; a space before them is a paste or edit slip.\n\n\
Before: `both nations , and the region .`\n\
After: `both nations, and the region.`\n\n\
Left alone: `:`, `!`, `?` and `;` in French text (set with a space by French typography), an \
ellipsis (`wait ...`), and a period that starts a number or file name (`the .env file`, `.5`).\n\n\
Fix safety: safe.",
    check,
};

static SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N})”’](\s+)([,;]|\.(?:\s|$))").expect("valid"));

fn check(document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let french = document
        .meta
        .language
        .as_deref()
        .is_some_and(|l| l.starts_with("fr"));
    let mut out = Vec::new();
    for block in blocks {
        for run in block
            .runs
            .iter()
            .filter(|r| r.text.contains(" ,") || r.text.contains(" .") || r.text.contains(" ;"))
        {
            for m in SPACE.captures_iter(run.text) {
                let mark = m.get(2).expect("group").as_str();
                if french && mark.starts_with(';') {
                    continue;
                }
                if run.text[m.get(2).expect("group").start()..].starts_with("..") {
                    continue;
                }
                let space = m.get(1).expect("group");
                if !super::english_around(run.text, space.start()) {
                    continue; // typography differs between languages
                }
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    space.range(),
                    "",
                    Applicability::Safe,
                    format!("space before `{}`", mark.trim()),
                ));
            }
        }
    }
    out
}
