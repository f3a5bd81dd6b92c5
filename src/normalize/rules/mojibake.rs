//! WP501 mojibake: UTF-8 text that was once read as Windows-1252 (`â€™` for `’`).

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};

pub static RULE: Rule = Rule {
    code: "WP501",
    name: "mojibake",
    category: Category::Encoding,
    summary: "UTF-8 read as Windows-1252 or Latin-1 (â€™, Ã©)",
    doc: "What it does: finds runs of characters that are the bytes of a UTF-8 character decoded \
as Windows-1252 or Latin-1, and puts back the character (ftfy's approach).\n\n\
Why: a database or export that was converted twice leaves `donâ€™t` and `cafÃ©` all over an \
archive.\n\n\
Before: `donâ€™t visit the cafÃ©`\n\
After: `don’t visit the café`\n\n\
Left alone: a run that does not decode as a whole to valid UTF-8 (`Ãx`), and real accented \
text (`não`, `déjà`, `Øre`), whose letters are not UTF-8 lead and continuation bytes in order.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

/// The Windows-1252 byte of a character, when it has one above 0x7F.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) || (0x80..=0x9F).contains(&code) {
        return Some(code as u8);
    }
    let byte = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// Whether a decoded character is one that mojibake plausibly hid: Latin letters, typographic
/// punctuation, symbols and emoji always; other characters only when the characters read
/// were not themselves ordinary text. `á…”` in Spanish decodes to a Hangul jamo (U+1154) no
/// text holds alone; a letter followed by an ellipsis and a closing quote is writing.
fn plausible(decoded: &str, continuation: &[char]) -> bool {
    let Some(c) = decoded.chars().next() else {
        return false;
    };
    let common =
        matches!(c as u32, 0xA0..=0x24F | 0x2000..=0x214F | 0x2190..=0x22FF | 0x1F000..=0x1FAFF);
    let typographic = continuation.iter().all(|c| {
        matches!(
            c,
            '…' | '“' | '”' | '‘' | '’' | '–' | '—' | '•' | '«' | '»' | '\u{a0}'
        )
    });
    let jamo = ('\u{1100}'..='\u{11FF}').contains(&c);
    common || (!jamo && !typographic)
}

/// Whether `text` holds a character U+00C2 to U+00F4 (`Â` to `ô`, the UTF-8 lead bytes read
/// as Windows-1252), with which every mojibake sequence starts: bytes `C3 82` to `C3 B4`.
/// Most text has none, and is not looked at further.
fn may_hold_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xC3, bytes)
        .any(|at| bytes.get(at + 1).is_some_and(|b| (0x82..=0xB4).contains(b)))
}

/// Repairs the mojibake sequences of `text` (none most of the time).
pub fn repair(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    if !may_hold_mojibake(text) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut fixes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(lead) = cp1252_byte(chars[i].1) else {
            i += 1;
            continue;
        };
        let length = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        if i + length > chars.len() {
            i += 1;
            continue;
        }
        let mut bytes = vec![lead];
        for (_, c) in &chars[i + 1..i + length] {
            match cp1252_byte(*c) {
                Some(b @ 0x80..=0xBF) => bytes.push(b),
                _ => break,
            }
        }
        let continuation: Vec<char> = chars[i + 1..i + length].iter().map(|(_, c)| *c).collect();
        match (bytes.len() == length)
            .then(|| String::from_utf8(bytes).ok())
            .flatten()
            .filter(|decoded| plausible(decoded, &continuation))
        {
            Some(decoded) => {
                let start = chars[i].0;
                let end = chars.get(i + length).map_or(text.len(), |(at, _)| *at);
                fixes.push((start..end, decoded));
                i += length;
            }
            None => i += 1,
        }
    }
    fixes
}

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        // Mojibake starts with a UTF-8 lead byte read as a character: Â to ô.
        for run in block.runs.iter().filter(|r| may_hold_mojibake(r.text)) {
            for (range, decoded) in repair(run.text) {
                let message = format!(
                    "`{}` is `{decoded}` decoded twice",
                    &run.text[range.clone()]
                );
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    range,
                    &decoded,
                    Applicability::Safe,
                    message,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::repair;

    fn fixed(text: &str) -> String {
        let mut out = text.to_string();
        for (range, value) in repair(text).into_iter().rev() {
            out.replace_range(range, &value);
        }
        out
    }

    #[test]
    fn repairs_double_decoded_text() {
        assert_eq!(fixed("donâ€™t visit the cafÃ©"), "don’t visit the café");
        assert_eq!(
            fixed("â€œquotedâ€\u{9d} and â€” dashes"),
            "“quoted” and — dashes"
        );
        assert_eq!(fixed("emoji ðŸŽ‰"), "emoji 🎉");
    }

    #[test]
    fn leaves_real_accents() {
        for text in [
            "não déjà Øre Ñu Ö",
            "£5 or €10",
            "Â alone",
            "naïve café — ok",
            // Spanish closing a quotation: á, an ellipsis, a closing quote (once read as the
            // bytes of U+1154, a Hangul jamo).
            "semiótica, blablablá…”), pero",
        ] {
            assert_eq!(fixed(text), text);
        }
    }
}
