//! WP303 label-case: a speaker's label spelled unlike its other occurrences.

use crate::model::{Document, Inline};
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, text_diagnostic};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: "WP303",
    name: "label-case",
    category: Category::Case,
    summary: "A repeated speaker label in a different case",
    doc: "What it does: writes each speaker label of an interview the way most of its occurrences \
write it.\n\n\
Why: `Senior editor:` among six `Senior Editor:` is a slip; labels are names and should match.\n\n\
Before: `**Senior editor:** Both nations…` (with `**Senior Editor:**` elsewhere)\n\
After: `**Senior Editor:** Both nations…`\n\n\
Left alone: labels that differ in more than case, and labels that occur once.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    // Labels: the bold text ending in `:` that opens a paragraph.
    let labels: Vec<_> = blocks
        .iter()
        .filter(|b| matches!(b.inlines.first(), Some(Inline::Strong { .. })))
        .filter_map(|b| {
            b.runs
                .iter()
                .find(|r| r.in_leading_strong && r.text.trim_end().ends_with(':'))
        })
        .collect();
    let mut counts: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for run in &labels {
        *counts
            .entry(run.text.to_lowercase())
            .or_default()
            .entry(run.text)
            .or_default() += 1;
    }
    let mut out = Vec::new();
    for run in labels {
        let forms = &counts[&run.text.to_lowercase()];
        let (dominant, count) = forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .expect("not empty");
        if *dominant != run.text && *count > forms[run.text] {
            out.push(text_diagnostic(
                &RULE,
                run,
                0..run.text.len(),
                dominant,
                Applicability::Safe,
                format!("written `{dominant}` elsewhere"),
            ));
        }
    }
    out
}
