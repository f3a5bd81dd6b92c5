//! WP502 c1-control: C1 control characters where Windows-1252 punctuation was meant.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};

pub static RULE: Rule = Rule {
    code: "WP502",
    name: "c1-control",
    category: Category::Encoding,
    summary: "C1 control characters (U+0080–U+009F) in text",
    doc: "What it does: replaces an invisible C1 control character with the Windows-1252 character \
whose byte it is (U+0092 → `’`), or removes it when that byte means nothing.\n\n\
Why: Windows-1252 text read as Latin-1 turns curly quotes and dashes into these controls, which \
show as boxes or nothing.\n\n\
Before: `don\\u{92}t`\n\
After: `don’t`\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        // U+0080 to U+009F are `C2 80` to `C2 9F` in UTF-8: most text has none.
        let has_c1 = |text: &str| {
            let bytes = text.as_bytes();
            memchr::memchr_iter(0xC2, bytes)
                .any(|at| bytes.get(at + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
        };
        for run in block.runs.iter().filter(|run| has_c1(run.text)) {
            // A control inside mojibake (`â€\u{9d}` is `”` read twice) is WP501's to decode.
            let mojibake = super::mojibake::repair(run.text);
            for (at, c) in run
                .text
                .char_indices()
                .filter(|(_, c)| ('\u{80}'..='\u{9f}').contains(c))
                .filter(|(at, _)| !mojibake.iter().any(|(range, _)| range.contains(at)))
            {
                let byte = [c as u32 as u8];
                let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                let replacement = if decoded.chars().all(|d| ('\u{80}'..='\u{9f}').contains(&d)) {
                    String::new()
                } else {
                    decoded.into_owned()
                };
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    at..at + c.len_utf8(),
                    &replacement,
                    Applicability::Safe,
                    format!("C1 control U+{:04X}", c as u32),
                ));
            }
        }
    }
    out
}
