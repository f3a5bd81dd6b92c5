//! WP302 name-case: a name written in lowercase where the document capitalizes it.

use super::is_word;
use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use std::collections::HashMap;

/// The document's words, counted: foldhash, seeded per process (the keys are the input's),
/// hashes a short word in a fraction of SipHash's time.
type Counts<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

pub static RULE: Rule = Rule {
    code: "WP302",
    name: "name-case",
    category: Category::Case,
    summary: "A name in lowercase where the document capitalizes it",
    doc: "What it does: capitalizes a word the way the document writes it elsewhere when its \
lowercase form is not an English word: a name typed in a hurry.\n\n\
Why: `mali` beside `Mali`, `al-burhan` beside `al-Burhan` are slips a reader trips over; the \
document itself says how the name is spelled.\n\n\
Before: `talks between Sudan and mali in the sahel` (with `Mali` and `Sahel` elsewhere)\n\
After: `talks between Sudan and Mali in the Sahel`\n\n\
Left alone: words that are English words in lowercase too — `polish the brass` and `march on` \
stay even where `Polish` and `March` appear —, names the document never capitalizes \
mid-sentence outside headings, words it writes in lowercase three times or more, and words \
in text that is not English (`Donec nonummy lacinia lorem`), and acronyms (`cors` beside \
`CORS` is a value, not a slip).\n\n\
Fix safety: unsafe. The document's own spelling is evidence, not proof: on real archives \
it also capitalizes common words a title or a label wrote with a capital (`roadmap`, `centre`, \
`meth`), words of other languages and product names spelled otherwise (`YouTube`).",
    fix: Applicability::Unsafe,
    check,
};

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    // Candidates first: lowercase words that are no English words. Most documents have none,
    // and then nothing else needs counting.
    let mut lowercase: Counts<&str, usize> = Counts::default();
    let all_words = blocks.iter().flat_map(|b| &b.runs).flat_map(|r| r.words());
    for &(_, word) in all_words {
        let word = strip_possessive(word);
        if word.len() >= 3 && !word.chars().any(char::is_uppercase) && !is_word(word) {
            *lowercase.entry(word).or_default() += 1;
        }
    }
    if lowercase.is_empty() {
        return Vec::new();
    }
    // How the document writes those words elsewhere, mid-sentence (a capital at a sentence
    // start, or in a heading, proves nothing).
    let mut capitalized: Counts<String, Counts<String, usize>> = Counts::default();
    let mut key = String::new();
    for block in blocks.iter().filter(|b| !b.heading) {
        for run in &block.runs {
            for &(start, word) in run.words() {
                let word = strip_possessive(word);
                if !word.chars().any(char::is_uppercase) {
                    continue;
                }
                // One buffer for the usual ASCII word; `to_lowercase` for the rest (a final
                // Greek sigma lowercases by its place).
                if word.is_ascii() {
                    key.clear();
                    key.push_str(word);
                    key.make_ascii_lowercase();
                } else {
                    key = word.to_lowercase();
                }
                if lowercase.contains_key(key.as_str())
                    && !sentence_start(&block.text, run.offset + start)
                {
                    *capitalized
                        .entry(key.clone())
                        .or_default()
                        .entry(word.to_string())
                        .or_default() += 1;
                }
            }
        }
    }
    // Only the candidates the document also capitalizes can change (the lowercase words'
    // conditions hold for these keys).
    if capitalized.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for block in blocks {
        for run in block.runs.iter().filter(|r| !r.in_link) {
            for &(start, word) in run.words() {
                let word = strip_possessive(word);
                let Some(forms) = capitalized.get(word) else {
                    continue;
                };
                if word.chars().count() < 3 {
                    continue;
                }
                // Part of an address or file name (`mali.gov`, `sahel_map`).
                let before = run.text[..start].chars().next_back();
                let after = run.text[start + word.len()..].chars().next();
                if before.is_some_and(|c| matches!(c, '.' | '/' | '@' | '_' | '#'))
                    || after.is_some_and(|c| {
                        matches!(c, '/' | '@' | '_')
                            || (c == '.'
                                && run.text[start + word.len() + 1..]
                                    .starts_with(|n: char| n.is_alphanumeric()))
                    })
                {
                    continue;
                }
                if !english_around(run.text, start) {
                    continue; // `Donec nonummy lacinia lorem`: not English prose
                }
                let (form, count) = forms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .expect("not empty");
                // An acronym in lowercase is a value or code (`mode: "cors"`, `url()`), not a
                // slip.
                if form
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                    || after == Some('(')
                {
                    continue;
                }
                // A name typed in lowercase is a slip, and slips are rare: a word the document
                // writes in lowercase again and again (`lorem ipsum`) is meant that way.
                let lower = lowercase.get(word).copied().unwrap_or(0);
                if lower == 0 {
                    continue;
                }
                if *count >= lower && lower <= 2 {
                    let range = start..start + word.len();
                    out.push(text_diagnostic(
                        &RULE,
                        run,
                        range,
                        form,
                        Applicability::Unsafe,
                        format!("the document writes `{form}`"),
                    ));
                }
            }
        }
    }
    out
}

/// Whether the words around `at` are mostly English: the rule knows English names from
/// English words, and nothing about other languages.
pub fn english_around(text: &str, at: usize) -> bool {
    let before: Vec<&str> = text[..at].split_whitespace().rev().take(6).collect();
    let after: Vec<&str> = text[at..].split_whitespace().skip(1).take(6).collect();
    let words: Vec<String> = before
        .into_iter()
        .chain(after)
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.is_empty() || words.iter().filter(|w| is_word(w)).count() * 2 >= words.len()
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// Whether the word at `at` starts a sentence (or the block).
fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '(' | '*'));
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

#[cfg(test)]
mod tests {
    use crate::normalize::{Settings, normalize};

    fn fix(input: &str) -> String {
        let mut document = crate::read::text::read(input);
        let settings = Settings {
            select: vec!["WP302".into()],
            unsafe_fixes: true,
            ..Settings::default()
        };
        normalize(&mut document, &settings);
        crate::write::markdown::write(&document, &Default::default()).text
    }

    #[test]
    fn names_take_the_documents_capitals() {
        assert_eq!(
            fix(
                "x\n\nTalks in Mali and the Sahel with al-Burhan went on.\n\nThe people of mali and the sahel heard al-burhan’s speech."
            ),
            "x\n\nTalks in Mali and the Sahel with al-Burhan went on.\n\nThe people of Mali and the Sahel heard al-Burhan’s speech.\n"
        );
    }

    #[test]
    fn words_that_are_words_stay() {
        let text =
            "x\n\nThe Polish delegation met in March.\n\nThey polish the brass and march on.\n";
        assert_eq!(fix(text), text);
    }
}
