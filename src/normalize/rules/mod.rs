//! The rules, one file each, and what several of them share: the English word list, and
//! telling prose tokens from addresses, file names and code.

mod c1_controls;
mod double_encoded_entities;
mod duplicate_paragraph;
mod empty_paragraph;
mod generated_text;
mod label_case;
mod missing_space;
mod misspelling;
mod mojibake;
mod name_case;
mod repeated_spaces;
mod sentence_case;
mod share_remnant;
mod space_before_punctuation;
mod texturized_table;
mod toc_remnant;

use super::Rule;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Every rule, by code.
pub static ALL: &[&Rule] = &[
    &texturized_table::RULE,
    &missing_space::RULE,
    &repeated_spaces::RULE,
    &space_before_punctuation::RULE,
    &sentence_case::RULE,
    &name_case::RULE,
    &label_case::RULE,
    &misspelling::RULE,
    &mojibake::RULE,
    &c1_controls::RULE,
    &double_encoded_entities::RULE,
    &toc_remnant::RULE,
    &share_remnant::RULE,
    &empty_paragraph::RULE,
    &duplicate_paragraph::RULE,
    &generated_text::RULE,
];

/// Lowercase English words (SCOWL, see `data/README.md`).
static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    use std::io::Read;
    let compressed: &[u8] = include_bytes!("../../../data/english-words.txt.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_string(&mut text)
        .expect("the bundled word list is valid gzip of UTF-8");
    text.lines().map(str::to_string).collect()
});

/// Whether a lowercase word is an English word in its own right.
pub fn is_word(word: &str) -> bool {
    WORDS.contains(word)
}

/// The words of `text` with their byte offsets: letters, with inner hyphens and apostrophes
/// (`al-Burhan`, `don’t`). A hand-written scan: Unicode-aware regexes cost more than the
/// whole rule set otherwise.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphabetic() {
            start.get_or_insert(at);
            continue;
        }
        let joiner = matches!(c, '-' | '\'' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        if joiner {
            continue;
        }
        if let Some(begin) = start.take() {
            out.push((begin, &text[begin..at]));
        }
    }
    if let Some(begin) = start {
        out.push((begin, &text[begin..]));
    }
    out
}

/// Whether text has a punctuation mark run into what follows (`a.B`, `a,b`): most prose has
/// none, and the spacing rules skip it at once.
pub fn has_run_in_punctuation(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| {
        matches!(w[0], b'.' | b'!' | b'?' | b',') && (w[1].is_ascii_alphabetic() || w[1] >= 0x80)
    })
}

/// Whether inlines are only links whose target `accept`s, with nothing between them but
/// punctuation or numbering (`1.`, `·`, `|`): a plugin's list of links, not writing.
pub fn only_links(content: &[crate::model::Inline], accept: fn(&str) -> bool) -> bool {
    use crate::model::Inline;
    content.iter().any(|i| matches!(i, Inline::Link { .. }))
        && content.iter().all(|i| match i {
            Inline::Link { url, .. } => accept(url),
            Inline::Image { .. } | Inline::LineBreak => true,
            Inline::Text { text } => text.chars().all(|c| !c.is_alphabetic()),
            _ => false,
        })
}

/// The same for blocks: paragraphs of links, or lists of them, nested or not.
pub fn only_link_blocks(blocks: &[crate::model::Block], accept: fn(&str) -> bool) -> bool {
    use crate::model::Block;
    !blocks.is_empty()
        && blocks.iter().all(|block| match block {
            Block::Paragraph { content } => only_links(content, accept),
            Block::List(list) => list
                .items
                .iter()
                .all(|i| only_link_blocks(&i.blocks, accept)),
            _ => false,
        })
}

/// The whitespace-separated token around byte `at`.
/// `at` must be a char boundary (a regex match position is); whitespace of any width
/// (U+00A0, U+3000…) separates tokens.
pub fn token_at(text: &str, at: usize) -> &str {
    let (before, after) = text.split_at(at);
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = after
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

pub use name_case::english_around;

/// A token that is an address, a path or code rather than prose: rules leave it alone.
pub fn is_address_like(token: &str) -> bool {
    token.contains("://")
        || token.contains('@')
        || token.contains('/')
        || token.contains('\\')
        || token.contains('_')
        || token.starts_with("www.")
        || token.contains("()")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let text = "General al-Burhan’s forces, don't—stop 2023 Goïta.";
        let found = words(text);
        let list: Vec<&str> = found.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            list,
            vec!["General", "al-Burhan’s", "forces", "don't", "stop", "Goïta"]
        );
        assert!(found.iter().all(|(at, w)| text[*at..].starts_with(w)));
    }

    #[test]
    fn the_word_list_knows_words_from_names() {
        for word in ["polish", "march", "the", "partnership", "senior"] {
            assert!(is_word(word), "{word}");
        }
        for name in ["mali", "sahel", "diallo", "al-burhan", "bamako"] {
            assert!(!is_word(name), "{name}");
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in ALL {
            assert!(codes.insert(rule.code), "{}", rule.code);
            assert!(names.insert(rule.name), "{}", rule.name);
            assert!(
                rule.code.starts_with("WP") && rule.code.len() == 5,
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.name
            );
            assert!(
                rule.doc.contains("Before") && rule.doc.contains("After"),
                "{}: doc needs an example",
                rule.code
            );
        }
    }
}
