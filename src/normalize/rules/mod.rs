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
/// The words point into the one decompressed list, kept for the life of the process: a
/// String per word was a hundred thousand allocations, and growing the set rehashed it
/// repeatedly (together an eighth of converting the theme unit test export).
/// Looked up for every word of every post: hashed with foldhash (fixed seed: the keys are
/// the list's, not the input's, so nothing an export holds can crowd a bucket).
static WORDS: LazyLock<HashSet<&'static str, foldhash::fast::FixedState>> = LazyLock::new(|| {
    use std::io::Read;
    let compressed: &[u8] = include_bytes!("../../../data/english-words.txt.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_string(&mut text)
        .expect("the bundled word list is valid gzip of UTF-8");
    let text: &'static str = text.leak();
    let mut words = HashSet::with_capacity_and_hasher(
        text.lines().count(),
        foldhash::fast::FixedState::default(),
    );
    words.extend(text.lines());
    words
});

/// Builds the word list and the patterns of the rules that will run ahead of their first use
/// (see [`crate::prepare`]); a rule that does not run (an unsafe fix by default) costs
/// nothing.
pub(crate) fn prepare(runs: impl Fn(&Rule) -> bool) {
    LazyLock::force(&WORDS);
    let patterns: [(&Rule, fn()); 7] = [
        (
            &double_encoded_entities::RULE,
            double_encoded_entities::prepare,
        ),
        (&generated_text::RULE, generated_text::prepare),
        (&missing_space::RULE, missing_space::prepare),
        (&misspelling::RULE, misspelling::prepare),
        (&repeated_spaces::RULE, repeated_spaces::prepare),
        (&sentence_case::RULE, sentence_case::prepare),
        (
            &space_before_punctuation::RULE,
            space_before_punctuation::prepare,
        ),
    ];
    for (rule, prepare) in patterns {
        if runs(rule) {
            prepare();
        }
    }
}

/// Whether `text`, trimmed and without a trailing colon, is one of `titles` (lowercase) in
/// any case: a plugin's heading (`Related posts:`). Lowercasing never makes fewer characters,
/// so a text of more characters than the longest title has bytes is not lowercased (most are
/// whole paragraphs).
pub fn is_title_in(text: &str, titles: &[&str]) -> bool {
    let text = text.trim().trim_end_matches(':');
    let longest = titles.iter().map(|t| t.len()).max().unwrap_or(0);
    text.chars().nth(longest).is_none() && titles.contains(&text.to_lowercase().as_str())
}

/// Whether a lowercase word is an English word in its own right.
pub fn is_word(word: &str) -> bool {
    WORDS.contains(word)
}

/// The words of `text` with their byte offsets: letters, with inner hyphens and apostrophes
/// (`al-Burhan`, `don’t`). A hand-written scan: Unicode-aware regexes cost more than the
/// whole rule set otherwise.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    // Whether a letter starts at a byte offset: ASCII without decoding.
    let letter_at = |i: usize| match bytes.get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => text[i..].chars().next().is_some_and(char::is_alphabetic),
        None => false,
    };
    // About one word per six bytes of prose: grown once or not at all.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Letters run on; anything else ends the word but a joiner between letters.
        let (letter, joiner, length) = if b.is_ascii() {
            (b.is_ascii_alphabetic(), b == b'-' || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            (c.is_alphabetic(), c == '’', c.len_utf8())
        };
        if letter {
            start.get_or_insert(i);
        } else if !(joiner && start.is_some() && letter_at(i + length))
            && let Some(begin) = start.take()
        {
            out.push((begin, &text[begin..i]));
        }
        i += length;
    }
    if let Some(begin) = start {
        out.push((begin, &text[begin..]));
    }
    out
}

/// Whether text has a punctuation mark run into what follows (`a.B`, `a,b`): most prose has
/// none, and the spacing rules skip it at once.
pub fn has_run_in_punctuation(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b >= 0x80)
    };
    // From mark to mark (memchr): a few bytes in a hundred of prose.
    memchr::memchr3_iter(b'.', b'!', b'?', bytes)
        // `end."Next`
        .any(|at| letter(at + 1) || (bytes.get(at + 1) == Some(&b'"') && letter(at + 2)))
        || memchr::memchr_iter(b',', bytes).any(|at| letter(at + 1))
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

/// The line of `text` around byte `at` (a run may hold several, split by line breaks).
pub fn line_at(text: &str, at: usize) -> &str {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// Whether a line reads as code or a command rather than prose: a shell prompt at its start
/// (`$ git add .`, `# apt install x`), or a density of what prose rarely has — brackets,
/// operators, `;`, `->`, `::`, `__name__`, `$variables`, paths. Rules that are not sure a line
/// is prose leave it alone.
pub fn looks_like_code(line: &str) -> bool {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace());
    let prompt = ["$ ", "# ", "% ", "> "]
        .iter()
        .find(|p| trimmed.starts_with(**p))
        .is_some_and(|p| {
            trimmed[p.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_lowercase() || matches!(c, '.' | '/' | '~'))
        });
    // A preprocessor line, a shebang, a log line (`2019-12-04 16:08:34,907 INFO …`).
    let directive = ["#include", "#define", "#import", "#if", "#!"]
        .iter()
        .any(|d| trimmed.starts_with(d));
    let timestamp = line.as_bytes().windows(8).any(|w| {
        w[2] == b':' && w[5] == b':' && [0, 1, 3, 4, 6, 7].iter().all(|&i| w[i].is_ascii_digit())
    });
    if prompt || directive || timestamp {
        return true;
    }
    const SIGNS: &[&str] = &["->", "::", "=>", "==", "!=", "&&", "||", "__", "();", "){"];
    if SIGNS.iter().any(|s| line.contains(s)) || trimmed.starts_with("// ") {
        return true;
    }
    // A statement or a block (`worker_processes  2;`, `pid_t fork(void);`, `server {`), an
    // identifier in snake_case, a path from the root (`/dev/sda2`).
    let statement = line.trim_end().ends_with([';', '{', '}']);
    let snake = line
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'_' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric());
    let root_path = line.split_whitespace().any(|t| {
        t.starts_with('/')
            && t[1..].contains('/')
            && t[1..].starts_with(|c: char| c.is_ascii_alphabetic())
    });
    if statement || snake || root_path {
        return true;
    }
    // A call with arguments: `sys_socket(int family,int type)`, `split('t',1)`.
    let call = line.match_indices('(').any(|(at, _)| {
        line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && line[at..]
                .find(')')
                .is_some_and(|end| line[at..at + end].contains(','))
    });
    if call {
        return true;
    }
    let words = line.split_whitespace().count().max(1);
    let symbols = line
        .chars()
        .filter(|c| {
            matches!(
                c,
                '{' | '}' | '[' | ']' | '<' | '>' | '=' | ';' | '$' | '|' | '\\' | '^'
            )
        })
        .count();
    // Prose has a bracket or a semicolon now and then, not one every other word.
    symbols >= 2 && symbols * 3 >= words
}

/// Whether a character belongs to a script written without spaces between words, or with
/// its own punctuation (CJK, kana, Hangul, Thai, Lao, Khmer, Myanmar, Tibetan), or written
/// right to left (Arabic, Hebrew, Persian…): rules that insert or remove ASCII spaces follow
/// English typography and leave text in these scripts alone.
pub fn other_typography(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'       // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan…
        | '\u{0E00}'..='\u{0FFF}'     // Thai, Lao, Tibetan
        | '\u{1000}'..='\u{109F}'     // Myanmar
        | '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{1780}'..='\u{17FF}'     // Khmer
        | '\u{2E80}'..='\u{2FDF}'     // CJK radicals
        | '\u{3000}'..='\u{30FF}'     // CJK punctuation, kana
        | '\u{3100}'..='\u{9FFF}'     // Bopomofo … CJK unified ideographs
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'     // Hangul
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FB1D}'..='\u{FDFF}'     // Hebrew and Arabic presentation forms
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{FF00}'..='\u{FFEF}'     // full-width forms
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether the line around `at` holds text of [`other_typography`].
pub fn other_typography_around(text: &str, at: usize) -> bool {
    line_at(text, at).chars().any(other_typography)
}

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
    fn words_are_letter_runs_joined_by_hyphens_and_apostrophes() {
        let pattern =
            regex::Regex::new(r"\p{Alphabetic}+(?:[-'’]\p{Alphabetic}+)*").expect("valid");
        let pieces = [
            "a", "Zé", "ß", "漢字", "й", "-", "'", "’", "‘", " ", "\u{a0}", "1", ".", "ǅ",
            "\u{301}", "Ⅻ", "ª", "_", "\n", "—",
        ];
        for text in crate::testing::strings_of(&pieces, 12) {
            let expected: Vec<(usize, &str)> = pattern
                .find_iter(&text)
                .map(|m| (m.start(), m.as_str()))
                .collect();
            assert_eq!(words(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn run_in_punctuation_is_found_wherever_it_is() {
        // What the scan must find: a mark, then a letter (or `"` and a letter).
        let naive = |text: &str| {
            let letter = |b: u8| b.is_ascii_alphabetic() || b >= 0x80;
            let bytes = text.as_bytes();
            bytes
                .windows(2)
                .any(|w| matches!(w[0], b'.' | b'!' | b'?' | b',') && letter(w[1]))
                || bytes
                    .windows(3)
                    .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b'"' && letter(w[2]))
        };
        let pieces = [
            ".", "!", "?", ",", "\"", "a", "Z", "é", " ", "1", "..", "\n",
        ];
        for text in crate::testing::strings_of(&pieces, 8) {
            assert_eq!(has_run_in_punctuation(&text), naive(&text), "{text:?}");
        }
    }

    #[test]
    fn titles_are_found_in_any_case_and_only_whole() {
        let titles = ["related posts", "toc", "inhaltsverzeichnis"];
        for (text, expected) in [
            ("Related Posts:", true),
            ("  RELATED POSTS  ", true),
            ("TOC", true),
            // The Kelvin sign lowercases to `k`, three bytes to one.
            ("INHALTSVERZEICHNIS", true),
            ("\u{212A}", false),
            ("Related posts about the war, and more", false),
            ("related", false),
            ("", false),
        ] {
            assert_eq!(is_title_in(text, &titles), expected, "{text:?}");
            let old = titles.contains(&text.trim().trim_end_matches(':').to_lowercase().as_str());
            assert_eq!(is_title_in(text, &titles), old, "{text:?}");
        }
        // Characters that lowercase to more characters or fewer bytes, at the length limit.
        for text in [
            "TO\u{130}",
            "T\u{212A}C",
            "\u{130}\u{130}\u{130}\u{130}",
            "tOc:",
        ] {
            let old = titles.contains(&text.trim().trim_end_matches(':').to_lowercase().as_str());
            assert_eq!(is_title_in(text, &titles), old, "{text:?}");
        }
    }

    #[test]
    fn code_and_commands_are_told_from_prose() {
        for code in [
            "$ git add .",
            "# apt install nginx",
            "return username != null ? username : \"\";",
            "sys_socket(int family,int type,int protocal)",
            "worker_processes  2;",
            "server {",
            "pvcreate /dev/sda3",
            "my_variable holds it",
            "#include <stdio.h>",
            "2019-12-04 16:08:34,907 INFO mapred.LocalJobRunner",
            "if (a && b) run()",
            "RewriteRule ^old$ /new [L,R=301]",
        ] {
            assert!(looks_like_code(code), "{code}");
        }
        for prose in [
            "The meeting (held in Paris, France) ended; talks resume Monday.",
            "She asked: is it worth it? Yes, at 10:30 or so.",
            "Prices rose 5% [see table 2] in the first quarter.",
            "#1 in sales this year",
            "He wrote > 300 letters in a year.",
            "Visit https://example.com/a/b for the details.",
        ] {
            assert!(!looks_like_code(prose), "{prose}");
        }
    }

    #[test]
    fn scripts_with_their_own_typography_are_known() {
        for text in ["时,把", "안녕하세요", "สวัสดี", "مرحبا", "שלום", "ｆｕｌｌ"]
        {
            assert!(text.chars().any(other_typography), "{text}");
        }
        for text in ["café, naïve", "Ελληνικά", "Русский", "Türkçe"] {
            assert!(!text.chars().any(other_typography), "{text}");
        }
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
