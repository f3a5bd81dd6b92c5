//! WP301 sentence-case: a sentence, or a speaker's line, that starts in lowercase.

use super::{english_around, is_address_like, is_word, token_at};
use crate::model::Document;
use crate::normalize::{
    Applicability, Category, Diagnostic, Rule, TextBlock, TextRun, text_diagnostic,
};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP301",
    name: "sentence-case",
    category: Category::Case,
    summary: "A sentence or a speaker's line that starts in lowercase",
    doc: "What it does: capitalizes the first word of a sentence that follows a sentence end, and \
the first word a speaker says after their label in an interview.\n\n\
Why: a lowercase sentence start is a typing slip that readers notice at once.\n\n\
Before: `before the deadline. the committee met.` / `**Senior Editor:** what does it mean?`\n\
After: `before the deadline. The committee met.` / `**Senior Editor:** What does it mean?`\n\n\
Left alone: after abbreviations (`e.g. the`, `etc. and`, `vs. them`, `p.m. local`), initials, \
ordinal numbers (`16. století`) and ellipses; words that are lowercase by design (`iPhone`, `eBay`) \
or are no English words (user names); text that is not English; URLs and code.\n\n\
Fix safety: safe after a period that follows a lowercase English word, when more words \
follow; unsafe after `!` or `?` (`Yahoo! account`), after names, numbers and units; never \
after a closing quote or bracket (`?” said Hill`, `(ha!) at renaming`), where the sentence \
goes on.",
    fix: Applicability::Safe,
    check,
};

static SENTENCE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{L}\p{N}\p{P}]*)([.!?])[”’\x22')\]]*\s+(\p{Ll})").expect("valid")
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&SENTENCE_START);
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "cf", "approx", "a.m", "p.m", "no", "nos", "fig", "figs", "vol",
    "pp", "ca", "al", "incl", "resp", "esp", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
    "inc", "ltd", "co", "dept", "est", "gen", "sen", "rep", "gov", "viz", "ed", "eds", "ch", "sec",
    "ie", "eg", "min", "max", "ref", "op", "cit", "ibid", "tsp", "tbsp", "oz", "lb", "lbs", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "lit", "abs", "art", "ft", "mt", "pt", "qt", "hr",
    "hrs", "sq", "km", "cm", "mm", "kg", "mg", "ml", "yr", "yrs", "univ", "bros", "ave", "blvd",
    "rd", "apt", "tel", "ext", "cap", "abb", "bd", "nr", "ff", "usw", "bzw", "ggf", "vgl", "evtl",
    "sog", "etwa",
];

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Speakers' labels in two paragraphs or more: an interview, where what follows a label is
    // a line of speech. One bold term and a colon is as often a definition (`**RCFile:** a
    // fast placement structure`), where a lowercase start is fine.
    let labels = blocks
        .iter()
        .filter(|b| {
            b.runs
                .iter()
                .take_while(|r| r.in_leading_strong)
                .last()
                .is_some_and(|r| r.text.trim_end().ends_with(':'))
        })
        .count();
    let after_label_applicability = if labels >= 2 {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    for block in blocks {
        for (index, run) in block.runs.iter().enumerate() {
            if run.in_link {
                continue;
            }
            // Most runs have no mark, space and lowercase letter in a row: the pattern (and
            // the slower engine that resolves its groups) is not run on them at all.
            let may_start_lowercase = run.text.as_bytes().windows(3).any(|w| {
                matches!(w[0], b'.' | b'!' | b'?' | b'"' | b')' | b']' | 0x80..=0xBF)
                    && w[1].is_ascii_whitespace()
                    && (w[2].is_ascii_lowercase() || w[2] >= 0xC0)
            });
            let matches = may_start_lowercase.then(|| SENTENCE_START.captures_iter(run.text));
            for m in matches.into_iter().flatten() {
                let word = m.get(1).expect("group").as_str();
                let mark = m.get(2).expect("group");
                let letter = m.get(3).expect("group");
                if mark.as_str() == "." && ends_abbreviation(word) {
                    continue;
                }
                if run.text[..mark.end()].ends_with("..") {
                    continue;
                }
                // `?" said Hill`, `(ha!) at renaming`: a closing quote or bracket after the
                // mark means the sentence goes on.
                if !run.text[mark.end()..].starts_with(char::is_whitespace) {
                    continue;
                }
                let applicability = if mark.as_str() == "."
                    && plain_sentence_end(word)
                    && words_follow(run.text, letter.start())
                {
                    Applicability::Safe
                } else {
                    // After `!` or `?` (`Yahoo! account`, `communicate? and when`), a name or
                    // a number, a lowercase start may be meant.
                    Applicability::Unsafe
                };
                capitalize(
                    run,
                    letter.start(),
                    applicability,
                    &mut out,
                    "sentence starts in lowercase",
                );
            }
            // The first word after a speaker's label: `**Senior Editor:** what…`.
            let label = block.runs[..index]
                .iter()
                .rposition(|r| r.in_leading_strong);
            let after_label = !run.in_leading_strong
                && label.is_some_and(|l| {
                    block.runs[l].text.trim_end().ends_with(':')
                        && block.runs[l + 1..index]
                            .iter()
                            .all(|r| r.text.trim().is_empty())
                });
            if after_label
                && let Some((start, c)) = run.text.char_indices().find(|(_, c)| !c.is_whitespace())
                && c.is_lowercase()
            {
                capitalize(
                    run,
                    start,
                    after_label_applicability,
                    &mut out,
                    "speaker's line starts in lowercase",
                );
            }
        }
    }
    out
}

fn ends_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    ABBREVIATIONS.contains(&lower)
        || lower.chars().count() == 1 // an initial
        || (!lower.is_empty() && lower.chars().all(|c| c.is_ascii_digit())) // `16. století`, `1. Januar`
        || lower.contains('.') // `U.S`, `Ph.D`
}

/// Whether a period after `word` surely ends a sentence: a lowercase English word of two
/// letters or more (`items. for example`), not a name, number or initial (`So.`, `ID.`). Units
/// and other abbreviations (`oz.`, `lit.`) are skipped before it is asked.
fn plain_sentence_end(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.chars().count() >= 2 && word.chars().all(char::is_lowercase) && is_word(word)
}

/// Whether the word at `at` is followed by more words, and is no enumerator (`a.`): a lone
/// lowercase word at the end (`nation. less`) is a button's or a list's, not a sentence.
fn words_follow(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    !rest[..end].ends_with('.') && rest[end..].trim_start().starts_with(char::is_alphabetic)
}

fn capitalize(
    run: &TextRun<'_>,
    at: usize,
    applicability: Applicability,
    out: &mut Vec<Diagnostic>,
    message: &str,
) {
    let token = token_at(run.text, at);
    let word: String = run.text[at..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    // `iPhone`, `eBay`: lowercase on purpose. A word that is no English word (`mhowell`, a
    // user name) or stands in text that is not English is left as written.
    if word.chars().skip(1).any(char::is_uppercase)
        || is_address_like(token)
        || super::looks_like_code(super::line_at(run.text, at))
        || !is_word(&word.to_lowercase())
        || !english_around(run.text, at)
    {
        return;
    }
    let first = run.text[at..].chars().next().expect("a letter");
    let upper: String = first.to_uppercase().collect();
    out.push(text_diagnostic(
        &RULE,
        run,
        at..at + first.len_utf8(),
        &upper,
        applicability,
        message,
    ));
}
