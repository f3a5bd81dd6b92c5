//! WP602 empty-paragraph: paragraphs that hold nothing but spaces.

use crate::model::{Document, Inline};
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, removal};

pub static RULE: Rule = Rule {
    code: "WP602",
    name: "empty-paragraph",
    category: Category::Junk,
    summary: "A paragraph with nothing but spaces",
    doc: "What it does: removes paragraphs whose only content is spaces, non-breaking spaces or \
line breaks.\n\n\
Why: editors use `<p>&nbsp;</p>` for vertical space; in Markdown it is an invisible paragraph.\n\n\
Before: `<p>&nbsp;</p>`\n\
After: (removed)\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    blocks
        .iter()
        .filter(|b| !b.heading)
        .filter(|b| {
            b.inlines.iter().all(|i| {
                matches!(i, Inline::Text { text } if text.trim().is_empty())
                    || matches!(i, Inline::LineBreak)
            })
        })
        .map(|b| {
            removal(
                &RULE,
                &b.path,
                b.text.clone(),
                Applicability::Safe,
                "empty paragraph",
            )
        })
        .collect()
}
