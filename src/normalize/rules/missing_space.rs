//! WP201 missing-space: a sentence or clause run into the next one.

use super::{
    is_address_like, is_word, line_at, looks_like_code, other_typography_around, token_at,
};
use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP201",
    name: "missing-space",
    category: Category::Spacing,
    summary: "A missing space after sentence punctuation or a comma",
    doc: "What it does: inserts the space missing after `.`, `!`, `?` or `,` between two words, \
and after a title such as `Dr.` before a name.\n\n\
Why: pasted and hand-edited text loses spaces (`regions.Meanwhile,Sudan`), which reads as one \
garbled word.\n\n\
Before: `regions.Meanwhile,Sudan has (FAS),led by Dr.diallo`\n\
After: `regions. Meanwhile, Sudan has (FAS), led by Dr. diallo`\n\n\
Left alone: abbreviations and initials (`i.e.`, `Ph.D.`, `U.S.Army`), decimals and versions \
(`2.75`, `1,000`), domains and file names (`example.com`, `Vue.js`, `ASP.NET`), times (`10:30`), \
URLs, e-mail addresses and paths; dotted identifiers (`java.lang.X`, `Event.Handler`), lists \
written without spaces (`[L,R=301]`, `php2,php3`), lines that read as code, and text in scripts \
with their own punctuation (`时,把`).\n\n\
Fix safety: safe before a word that starts sentences (`The`, `Nous`, `Weder`) or between two \
English words (`found.This`), after a comma between two words, and after a title; unsafe \
otherwise (`Rain.Rdy`, `conflict.by sharing`, a comma in a list of run-in words).",
    fix: Applicability::Safe,
    check,
};

/// Sentence punctuation run into a capitalized word: `regions.Meanwhile`, `1998.Since`,
/// `end."Next`.
static SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[\p{L}\p{N})\]”’"][.!?]+[”’"]?(\p{Lu}\p{Ll})"#).expect("valid"));
/// Sentence punctuation run into a lowercase word: `conflict.by`.
static LOWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Ll}{3,})\.(\p{Ll}{2,})\b").expect("valid"));
/// A comma run into a word: `Meanwhile,Sudan`, `2023,pitting`, `(FAS),led`.
static COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N})\]”’\x22],(\p{L})").expect("valid"));
/// A title run into a name: `Dr.diallo`.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Sgt|Capt|Col|Lt|Rev|Hon)\.(\p{L})")
        .expect("valid")
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&SENTENCE);
    LazyLock::force(&LOWER);
    LazyLock::force(&COMMA);
    LazyLock::force(&TITLE);
}

/// File extensions and top-level domains that follow a period in non-prose tokens.
const NOT_PROSE: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "js", "ts", "py", "rs", "rb",
    "go", "md", "txt", "html", "htm", "php", "css", "json", "xml", "yml", "yaml", "toml", "sh",
    "exe", "zip", "gz", "tar", "pdf", "jpg", "jpeg", "png", "gif", "svg", "webp", "doc", "docx",
    "xls", "xlsx", "csv", "ppt", "mp3", "mp4", "mov", "app", "dev", "info", "biz", "tv", "me",
    "ly", "ai", "net", "min", "map",
];

/// Words that start sentences and are no names of classes or products, in the languages of
/// the corpus: after them, `Name.Word` is a sentence run into the next one, not a member
/// (`Dropbox.The` against `Event.Handler`).
#[rustfmt::skip]
const SENTENCE_STARTERS: &[&str] = &[
    // English
    "the", "this", "that", "these", "those", "there", "then", "they", "it", "its", "i", "we", "he",
    "she", "you", "my", "our", "his", "her", "their", "in", "on", "at", "as", "if", "but", "and",
    "so", "a", "an", "now", "here", "what", "when", "where", "why", "how", "who", "which", "also",
    "however", "after", "before", "for", "to", "with", "no", "not", "one", "some", "many", "most",
    "all", "each", "every", "another", "today", "meanwhile", "since", "while", "although",
    "though", "because", "still", "yet", "even", "just", "only", "once", "both", "first", "next",
    "finally", "thanks", "let", "please", "maybe", "perhaps", "instead", "otherwise", "moreover",
    "furthermore", "additionally", "unfortunately", "fortunately", "anyway", "well", "yes", "oh",
    "again", "hence", "thus", "there's", "that's", "it's", "here's", "what's", "let's", "i'm",
    "i've", "i'll", "i'd", "we're", "we've", "don't", "didn't", "can't", "you're", "he's", "she's",
    "they're", "there’s", "that’s", "it’s", "here’s", "what’s", "let’s", "i’m", "i’ve", "i’ll",
    "i’d", "we’re", "we’ve", "don’t", "didn’t", "can’t", "you’re", "he’s", "she’s", "they’re",
    // French
    "le", "la", "les", "un", "une", "des", "ce", "ça", "ca", "cette", "ces", "il", "elle", "ils",
    "elles", "on", "nous", "vous", "je", "mais", "et", "donc", "puis", "alors", "en", "pour",
    "dans", "sur", "avec", "si", "quand", "voilà", "voici", "cela", "enfin", "ensuite", "pourtant",
    "c'est", "c’est",
    // Spanish, Portuguese, Italian
    "el", "los", "las", "lo", "es", "pero", "y", "que", "para", "con", "por", "como", "este",
    "esta", "esto", "ese", "esa", "eso", "os", "um", "uma", "mas", "não", "na", "ma", "per",
    "questo", "questa", "non", "gli",
    // German
    "der", "die", "das", "den", "dem", "ein", "eine", "er", "sie", "wir", "ich", "und", "aber",
    "auch", "dann", "doch", "weder", "nicht", "im", "am", "mit", "für", "auf", "wenn", "hier",
    "heute",
];

/// Words that name an object in code: `this.Name`, `self.Value` are members, not sentences.
const RECEIVERS: &[&str] = &[
    "this", "self", "me", "base", "super", "window", "document", "object", "string", "event",
    "element", "system", "console", "math", "java", "android", "app", "model", "data",
];

/// The characters that may open a token before a word: `(Tours,France)`, `“Grande,aproveita`.
fn opens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '“' | '‘' | '"' | '\'' | '«' | '¿' | '¡')
}

/// The word that ends at byte `end` (letters or digits, after an optional closing bracket or
/// quote), if it starts a token: `regions` in `regions.Meanwhile`, `FAS` in `(FAS),led`.
fn left_word(text: &str, end: usize) -> Option<&str> {
    let before = text[..end].trim_end_matches([')', ']', '”', '’', '"']);
    // Letters or digits, with inner hyphens and apostrophes (`al-Burhan`, `don't`).
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
        .last()
        .map(|(i, _)| i)?;
    let word = before[start..].trim_start_matches(['-', '\'', '’']);
    let start = before.len() - word.len();
    let opened = before[..start].chars().next_back().is_none_or(opens);
    let letters = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
    let plain = !word.is_empty() && (letters || word.chars().all(|c| c.is_ascii_digit()));
    (opened && plain).then_some(word)
}

/// The word that starts at byte `start` (letters, with inner `'` or `-`), if it ends its token
/// as prose does: followed by a space, the end, or punctuation that ends a clause — not by
/// `.`, `(`, `=`, a digit or a capital inside (`GetAxis`, `Job.java`, `a[j]`).
fn right_word(text: &str, start: usize) -> Option<&str> {
    let rest = &text[start..];
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joiner =
            matches!(c, '\'' | '’' | '-') && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        if !(c.is_alphabetic() || joiner) {
            end = i;
            break;
        }
    }
    let word = &rest[..end];
    let after = rest[end..].chars().next();
    let prose_end = after.is_none_or(|c| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '!' | '?' | ')' | '”' | '’' | '"' | '…')
    });
    let camel = word.chars().skip(1).any(char::is_uppercase);
    (prose_end && !camel && word.chars().count() >= 2).then_some(word)
}

/// How sure a period, `!` or `?` run into a capitalized word (`at`) is a sentence end.
/// `None` when the left side is no word that starts its token (`U.S.Army`, `java.lang.X`,
/// `al-Burhan.The`): an initial or a path, not a sentence.
fn sentence_end(text: &str, mark: usize, at: usize) -> Option<Applicability> {
    let left = left_word(text, mark).filter(|w| w.chars().count() >= 2)?;
    let Some(right) = right_word(text, at) else {
        return Some(Applicability::Unsafe);
    };
    let marks = &text[mark..at];
    let right = right.to_lowercase();
    let starter = SENTENCE_STARTERS.contains(&right.as_str());
    let lowercase_word =
        left.chars().all(char::is_lowercase) && is_word(left) && !RECEIVERS.contains(&left);
    let sure = if marks.starts_with('.') {
        starter || (lowercase_word && is_word(&right))
    } else {
        starter && lowercase_word // `Play!Framework`, `Yahoo!Answers` are names
    };
    Some(if sure {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    })
}

/// How sure a comma run into a word (`at`) is a missing space: a word or number on the
/// left, a word on the right that ends its token, and nothing else in the token — lists
/// without spaces (`php2,php3,php4`, `[L,R=301]`, `(k2,v2)`) are values.
fn comma(text: &str, comma: usize, at: usize) -> Option<Applicability> {
    let left = left_word(text, comma)?;
    let right = right_word(text, at)?;
    let after = &text[at + right.len()..];
    if after.starts_with(',') || (left.chars().count() < 2 && left.chars().all(char::is_alphabetic))
    {
        return None;
    }
    // A list written without spaces throughout (`baidu,ebay,facebook,IBM,NY Times,Yahoo!`)
    // is the author's style: one space added would make it inconsistent.
    let previous = text[..comma].split_whitespace().rev().nth(1);
    let next = if after.starts_with(char::is_whitespace) {
        after.split_whitespace().next()
    } else {
        after.split_whitespace().nth(1)
    };
    let run_in = |token: &str| {
        token
            .char_indices()
            .any(|(i, c)| c == ',' && token[i + 1..].starts_with(|n: char| !n.is_whitespace()))
    };
    if previous.is_some_and(run_in) || next.is_some_and(run_in) {
        return Some(Applicability::Unsafe);
    }
    Some(Applicability::Safe)
}

/// Where the last `count` characters of `text[..end]` start.
fn last_chars_start(text: &str, end: usize, count: usize) -> usize {
    text[..end]
        .char_indices()
        .nth_back(count - 1)
        .map_or(end, |(i, _)| i)
}

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        for run in block.runs.iter().filter(|r| !r.in_link) {
            let text = run.text;
            if !super::has_run_in_punctuation(text) {
                continue;
            }
            let insert =
                |at: usize, applicability: Applicability, what: &str, out: &mut Vec<Diagnostic>| {
                    // Addresses, code and text whose scripts space punctuation otherwise
                    // (`时,把`) are left as they are.
                    if is_address_like(token_at(text, at))
                        || looks_like_code(line_at(text, at))
                        || other_typography_around(text, at)
                    {
                        return;
                    }
                    out.push(text_diagnostic(
                        &RULE,
                        run,
                        at..at,
                        " ",
                        applicability,
                        format!("missing space after {what}"),
                    ));
                };
            // The patterns' groups are found from their matches (the last one or two letters,
            // or either side of the period): resolving groups runs a slower engine per match.
            for whole in SENTENCE.find_iter(text) {
                let at = last_chars_start(text, whole.end(), 2);
                let first = text[whole.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                let mark = whole.start() + first;
                if let Some(applicability) = sentence_end(text, mark, at) {
                    insert(at, applicability, "sentence punctuation", &mut out);
                }
            }
            for m in TITLE.find_iter(text) {
                let at = last_chars_start(text, m.end(), 1);
                insert(at, Applicability::Safe, "a title", &mut out);
            }
            for m in COMMA.find_iter(text) {
                let at = last_chars_start(text, m.end(), 1);
                if let Some(applicability) = comma(text, at - 1, at) {
                    insert(at, applicability, "a comma", &mut out);
                }
            }
            for m in LOWER.find_iter(text) {
                // Letters either side of the one period.
                let Some((left, right)) = m.as_str().split_once('.') else {
                    continue;
                };
                let followed_by = text[m.end()..].chars().next();
                let prose = is_word(left)
                    && is_word(right)
                    && !NOT_PROSE.contains(&right)
                    && followed_by.is_none_or(|c| {
                        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '!' | '?')
                    });
                if prose {
                    insert(
                        m.end() - right.len(),
                        Applicability::Unsafe,
                        "sentence punctuation",
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::normalize::{Settings, normalize};
    use crate::read::text;

    fn fix(input: &str) -> String {
        let mut document = text::read(&format!("x\n\n{input}"));
        let settings = Settings {
            select: vec!["WP201".into()],
            unsafe_fixes: true,
            ..Settings::default()
        };
        normalize(&mut document, &settings);
        crate::normalize::inline_text(match &document.blocks[1] {
            crate::model::Block::Paragraph { content } => content,
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn fixes_run_together_sentences_and_clauses() {
        assert_eq!(
            fix("in its regions.Meanwhile,Sudan is at war."),
            "in its regions. Meanwhile, Sudan is at war."
        );
        assert_eq!(
            fix("since April 2023,pitting the (FAS),led by al-Burhan,against them."),
            "since April 2023, pitting the (FAS), led by al-Burhan, against them."
        );
        assert_eq!(
            fix("Thank you.It’s done. Dr.diallo agrees."),
            "Thank you. It’s done. Dr. diallo agrees."
        );
        assert_eq!(
            fix("to end the conflict.by sharing power."),
            "to end the conflict. by sharing power."
        );
    }

    #[test]
    fn leaves_abbreviations_numbers_names_and_addresses() {
        for text in [
            "Use Vue.js or ASP.NET, i.e. frameworks, e.g. React.",
            "It costs 2.75 or 1,000 dollars at 10:30 in the U.S.Army base.",
            "She has a Ph.D. in physics from the University.",
            "Visit example.com or write to me@example.org, see docs/index.md.",
            "Open the file.txt and the report.pdf today.",
            "E. B. White wrote it.",
        ] {
            assert_eq!(fix(text), text);
        }
    }
}
