//! WP401 misspelling: common misspellings with one unambiguous correction.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP401",
    name: "misspelling",
    category: Category::Spelling,
    summary: "A common misspelling with one unambiguous correction",
    doc: "What it does: corrects words from a curated list of misspellings that have exactly one \
correction (`data/misspellings.csv`), keeping the word's capitals, and the informal `Tho,` that \
opens a sentence.\n\n\
Why: these are typing slips, never intended spellings.\n\n\
Before: `We definately need to seperate them. Tho, teh rest waits.`\n\
After: `We definitely need to separate them. Though, the rest waits.`\n\n\
Left alone: anything that is a word in its own right (no entry of the list is one — a test \
checks it against the word list), and `tho` anywhere but at the head of a sentence before a \
comma; words in text that is not English (`adress` is Swedish and German for `address`) and \
in lines that read as code.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

/// Hashed with foldhash, like the word list (fixed keys; see `rules::WORDS`).
static MISSPELLINGS: LazyLock<HashMap<&'static str, &'static str, foldhash::fast::FixedState>> =
    LazyLock::new(|| {
        include_str!("../../../data/misspellings.csv")
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(','))
            .map(|(wrong, right)| (wrong.trim(), right.trim()))
            .collect()
    });

/// Which lengths the list's entries have, by first and last letter (bit `n` for `n` bytes): a
/// word of ASCII letters whose shape no entry has (most words) is not looked up.
static SHAPES: LazyLock<[u32; 26 * 26]> = LazyLock::new(|| {
    let mut shapes = [0; 26 * 26];
    for wrong in MISSPELLINGS.keys() {
        if let Some((slot, bit)) = shape(wrong) {
            shapes[slot] |= bit;
        }
    }
    shapes
});

/// A word's first and last letter (lowercased) and its length, as [`SHAPES`] indexes them;
/// None unless it starts and ends with ASCII letters and is shorter than 32 bytes.
fn shape(word: &str) -> Option<(usize, u32)> {
    let bytes = word.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    let last = bytes.last()?.to_ascii_lowercase();
    if !first.is_ascii_lowercase() || !last.is_ascii_lowercase() || bytes.len() >= 32 {
        return None;
    }
    let slot = usize::from(first - b'a') * 26 + usize::from(last - b'a');
    Some((slot, 1 << bytes.len()))
}

/// Whether `word` may be on the list. Only an ASCII word can be ruled out by its shape: the
/// lowercase of other letters can be ASCII (`K`, the Kelvin sign, is `k`).
fn may_be_listed(word: &str) -> bool {
    if !word.is_ascii() {
        return true;
    }
    shape(word).is_some_and(|(slot, bit)| SHAPES[slot] & bit != 0)
}

static THO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[.!?]\s+)(Tho),").expect("valid"));

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&MISSPELLINGS);
    LazyLock::force(&SHAPES);
    LazyLock::force(&THO);
}

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        for run in block.runs.iter().filter(|r| !r.in_link) {
            for &(start, word) in run.words() {
                if !may_be_listed(word) {
                    continue;
                }
                let lowered;
                let lower = if word.chars().any(char::is_uppercase) {
                    lowered = word.to_lowercase();
                    lowered.as_str()
                } else {
                    word
                };
                // The list is English: `adress` is right in Swedish, `comming` in French
                // prose is a loanword's business.
                if let Some(right) = MISSPELLINGS.get(lower)
                    && super::english_around(run.text, start)
                    && !super::looks_like_code(super::line_at(run.text, start))
                {
                    let fixed = match_case(word, right);
                    out.push(text_diagnostic(
                        &RULE,
                        run,
                        start..start + word.len(),
                        &fixed,
                        Applicability::Safe,
                        format!("`{word}` is a misspelling of `{fixed}`"),
                    ));
                }
            }
            if !run.text.contains("Tho,") {
                continue;
            }
            for m in THO.captures_iter(run.text) {
                let word = m.get(1).expect("group");
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    word.range(),
                    "Though",
                    Applicability::Safe,
                    "`Tho` is informal for `Though`",
                ));
            }
        }
    }
    out
}

fn match_case(original: &str, correction: &str) -> String {
    if original.chars().all(char::is_uppercase) && original.chars().count() > 1 {
        correction.to_uppercase()
    } else if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = correction.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        correction.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_misspelling_is_a_word_and_every_correction_is() {
        for (wrong, right) in MISSPELLINGS.iter() {
            // The shape filter assumes it (and would hide the entry otherwise).
            assert!(wrong.bytes().all(|b| b.is_ascii_lowercase()), "{wrong}");
            assert!(may_be_listed(wrong) && may_be_listed(&wrong.to_uppercase()));
            assert!(!super::super::is_word(wrong), "{wrong} is a word");
            assert!(super::super::is_word(right), "{right} is not a word");
        }
        assert!(MISSPELLINGS.len() >= 60);
    }

    #[test]
    fn only_words_shaped_like_an_entry_are_looked_up() {
        for word in ["house", "the", "teeth", "The", "a", "happy-go-lucky"] {
            assert!(!may_be_listed(word), "{word}");
        }
        for word in ["teh", "Teh", "TEH", "tounge", "Happend"] {
            assert!(may_be_listed(word), "{word}");
        }
        // Not ASCII: its lowercase may be (the Kelvin sign's is `k`), so it is looked up.
        assert!(may_be_listed("ac\u{212A}nowlege"));
        assert!(may_be_listed("café"));
    }

    #[test]
    fn capitals_are_kept() {
        assert_eq!(match_case("Teh", "the"), "The");
        assert_eq!(match_case("TEH", "the"), "THE");
        assert_eq!(match_case("seperate", "separate"), "separate");
    }
}
