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
ellipsis (`wait ...`), and a period that starts a number or file name (`the .env file`, `.5`), emoticons (`;-)`, `:D .`), a `.` that is a value (`git add .`, \
`the separator is .`), code and commands, and text in scripts with their own typography.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

static SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N})”’](\s+)([,;.])(?:\s|$)").expect("valid"));

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&SPACE);
}

/// Words after which a lone `.` is no sentence end but a value: `git add .`, `find .`,
/// `the separator is .`.
const BEFORE_A_VALUE: &[&str] = &[
    "is", "are", "was", "be", "the", "a", "an", "of", "to", "in", "into", "on", "at", "by", "with",
    "from", "and", "or", "as", "add", "find", "cd", "ls", "run", "type", "enter", "use", "press",
    "like", "than", "then", "via", "under",
];

/// Whether the token before the space is a word that can end a clause: not an emoticon
/// (`:D .`, `;-)`), not a bracket alone (`__( 'x' ) .`), not a word that wants a value after.
fn ends_clause(text: &str, space: usize, mark: &str) -> bool {
    let token = text[..space].split_whitespace().next_back().unwrap_or("");
    let first = token.chars().next();
    if first.is_none_or(|c| matches!(c, ':' | ';' | '=' | '(' | '<' | '_' | '$' | '-')) {
        return false;
    }
    if !token.chars().any(char::is_alphanumeric) {
        return false;
    }
    !(mark == "." && BEFORE_A_VALUE.contains(&token.to_lowercase().as_str()))
}

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
                if !ends_clause(run.text, space.start(), mark)
                    || super::looks_like_code(super::line_at(run.text, space.start()))
                    || super::other_typography_around(run.text, space.start())
                {
                    continue;
                }
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
