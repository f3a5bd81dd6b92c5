//! WP503 double-encoded-entity: `&amp;amp;` and `&amp;#8217;` that show as entity text.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP503",
    name: "double-encoded-entity",
    category: Category::Encoding,
    summary: "HTML entities encoded twice, showing as `&#8217;` or `&amp;`",
    doc: "What it does: decodes an HTML character reference that survived decoding because it was \
encoded twice (`&amp;#8217;` shows as `&#8217;`).\n\n\
Why: exports passed through two escaping layers put entity text in the middle of prose.\n\n\
Before: `don&#8217;t use Q&amp;A`\n\
After: `don’t use Q&A`\n\n\
Left alone: entity text in code and in lines that read as code, and `&name;` that is no HTML \
entity. A sequence (`&amp;&amp;`) is decoded as one unit, never half.\n\n\
Fix safety: safe for numeric references and `&amp;`, `&quot;`, `&nbsp;` and typographic names; \
unsafe for other names, which a text about HTML may mean literally.",
    fix: Applicability::Safe,
    check,
};

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,31});").expect("valid")
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&ENTITY);
}

const TYPOGRAPHIC: &[&str] = &[
    "amp", "quot", "nbsp", "rsquo", "lsquo", "rdquo", "ldquo", "mdash", "ndash", "hellip", "laquo",
    "raquo", "apos",
];

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        for run in block.runs.iter().filter(|r| r.text.contains('&')) {
            // A sequence of entities (`&amp;&amp;`) is one unit: decoded together or not
            // at all, never half.
            let mut sequences: Vec<(std::ops::Range<usize>, Applicability)> = Vec::new();
            for m in ENTITY.captures_iter(run.text) {
                let whole = m.get(0).expect("match");
                if crate::read::wordpress::decode_entities(whole.as_str()) == whole.as_str() {
                    continue;
                }
                let name = &m[1];
                let applicability = if name.starts_with('#') || TYPOGRAPHIC.contains(&name) {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                match sequences.last_mut() {
                    Some((range, sure)) if range.end == whole.start() => {
                        range.end = whole.end();
                        *sure = (*sure).max(applicability);
                    }
                    _ => sequences.push((whole.range(), applicability)),
                }
            }
            for (range, applicability) in sequences {
                // Entity text in a line of code is what the code says.
                let line =
                    crate::read::wordpress::decode_entities(super::line_at(run.text, range.start));
                if super::looks_like_code(&line) {
                    continue;
                }
                let text = &run.text[range.clone()];
                let decoded = crate::read::wordpress::decode_entities(text);
                out.push(text_diagnostic(
                    &RULE,
                    run,
                    range,
                    &decoded,
                    applicability,
                    format!("`{text}` is entity text encoded twice"),
                ));
            }
        }
    }
    out
}
