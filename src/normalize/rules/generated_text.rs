//! WP604 generated-text-note: notes a text generator left in the content.

use crate::model::Document;
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, removal};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "WP604",
    name: "generated-text-note",
    category: Category::Junk,
    summary: "A note a text generator left in the content",
    doc: "What it does: reports paragraphs that talk about the text instead of being it — notes \
a text-generation tool added before or after the article — and removes them with \
`--unsafe-fixes`.\n\n\
Why: `This HTML-formatted interview is designed for a WordPress page…`, `As an AI language \
model…`, `Certainly! Here is the revised article…` and `I hope this helps!` were never meant for \
readers.\n\n\
Before: the article, then `This HTML-formatted interview is designed for a WordPress page, …`\n\
After: the article\n\n\
Fix safety: unsafe: an article about such tools may quote these words.",
    fix: Applicability::Unsafe,
    check,
};

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // The tool describing what it made, and for whom.
        r"(?i)^this (?:html|markdown|seo)[- ](?:formatted|optimized|friendly) (?:interview|article|post|blog post|content|piece)\b",
        r"(?i)\b(?:is|was) designed for a wordpress (?:page|post|site)\b",
        r"(?i)\bas an ai(?: language)? model\b",
        r"(?i)^(?:certainly|sure|absolutely|of course)[!,.]? (?:here|below)(?:'s| is| are)\b",
        r"(?i)^i hope (?:this|that) helps\b",
        r"(?i)^(?:feel free to|let me know if you(?:'d| would)? (?:like|want|need))\b.*\b(?:adjust|changes|modify|modifications|tweak|edits|revisions|further)",
        // Preambles that introduce the article to whoever asked for it.
        r"(?i)^(?:here(?:'s| is) (?:a|an|the|your) (?:revised|rewritten|updated|expanded|improved|polished|shortened|longer|shorter|seo[- ]optimized|seo[- ]friendly|humanized|plagiarism[- ]free|\d[\d,]*[- ]word) (?:version|article|blog post|post|draft|text|content)|below is (?:a|an|the|your) (?:article|blog post|draft|rewritten|revised|seo))",
        r"(?i)^(?:i(?:'ve| have) (?:rewritten|revised|expanded|edited|shortened|restructured|optimized|updated) (?:the|your) (?:article|text|post|content|draft))",
        r"(?i)^(?:in this (?:version|revision|rewrite)|as (?:you )?requested),? (?:i(?:'ve| have)?|the article|here)",
        // Remarks about the text's length, tone or layout.
        r"(?i)^(?:\(?word count|total words|\(?approximately \d[\d,]* words\)?$|this (?:article|post|piece|text) (?:is|contains) (?:approximately|about|around|roughly) \d[\d,]* words)",
        r"(?i)^(?:note|please note)?:? ?(?:this|the) (?:article|post|text|content) (?:above )?(?:has been|is|was) (?:written|optimized|formatted|structured|tailored) (?:in|for|to|with) (?:a |an )?(?:seo|the keyword|your|wordpress|readability|a conversational|a professional|an engaging)",
        r"(?i)\bi hope (?:this|the) (?:article|post|draft|content|version) (?:meets|fits|matches|suits) your (?:needs|requirements|expectations)\b",
        // Placeholders left for a person to fill in.
        r"(?i)^\[(?:insert|add|your|include|image|link|placeholder)[^\]]{0,40}\]\.?$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid"))
    .collect()
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&PATTERNS);
}

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    blocks
        .iter()
        .filter(|b| b.top_level && !b.heading)
        .filter(|b| PATTERNS.iter().any(|p| p.is_match(b.text.trim())))
        .map(|b| {
            removal(
                &RULE,
                &b.path,
                b.text.clone(),
                Applicability::Unsafe,
                "a text generator's note, not content",
            )
        })
        .collect()
}
