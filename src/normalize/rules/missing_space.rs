//! WP201 missing-space: a sentence or clause run into the next one.

use super::{is_address_like, is_word, token_at};
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
URLs, e-mail addresses and paths.\n\n\
Fix safety: safe before a capital letter, after a comma and after a title; unsafe before a \
lowercase word (`conflict.by sharing`), where both sides must be English words and the right \
side no file extension or domain.",
    check,
};

/// Sentence punctuation run into a capitalized word: `regions.Meanwhile`.
static SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Ll})\]”’\x22][.!?]+(\p{Lu}\p{Ll})").expect("valid"));
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

/// File extensions and top-level domains that follow a period in non-prose tokens.
const NOT_PROSE: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "js", "ts", "py", "rs", "rb",
    "go", "md", "txt", "html", "htm", "php", "css", "json", "xml", "yml", "yaml", "toml", "sh",
    "exe", "zip", "gz", "tar", "pdf", "jpg", "jpeg", "png", "gif", "svg", "webp", "doc", "docx",
    "xls", "xlsx", "csv", "ppt", "mp3", "mp4", "mov", "app", "dev", "info", "biz", "tv", "me",
    "ly", "ai", "net", "min", "map",
];

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
                    if is_address_like(token_at(text, at)) {
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
            for m in SENTENCE.captures_iter(text) {
                let at = m.get(1).expect("group").start();
                insert(at, Applicability::Safe, "sentence punctuation", &mut out);
            }
            for m in TITLE.captures_iter(text) {
                let at = m.get(1).expect("group").start();
                insert(at, Applicability::Safe, "a title", &mut out);
            }
            for m in COMMA.captures_iter(text) {
                let at = m.get(1).expect("group").start();
                insert(at, Applicability::Safe, "a comma", &mut out);
            }
            for m in LOWER.captures_iter(text) {
                let (left, right) = (m.get(1).expect("group"), m.get(2).expect("group"));
                let followed_by = text[right.end()..].chars().next();
                let prose = is_word(left.as_str())
                    && is_word(right.as_str())
                    && !NOT_PROSE.contains(&right.as_str())
                    && followed_by.is_none_or(|c| {
                        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '!' | '?')
                    });
                if prose {
                    insert(
                        right.start(),
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
