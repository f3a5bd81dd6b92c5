//! WP603 duplicate-paragraph: the same paragraph twice.

use crate::model::Document;
use crate::normalize::{
    Applicability, Category, Diagnostic, Rule, TextBlock, path_string, removal,
};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: "WP603",
    name: "duplicate-paragraph",
    category: Category::Junk,
    summary: "A paragraph that repeats an earlier one",
    doc: "What it does: reports a paragraph of eight words or more whose text repeats an earlier \
paragraph of the document (ignoring case and spacing), and removes the repetition with \
`--unsafe-fixes`.\n\n\
Why: copy and paste, or a plugin's call to action added twice, leaves the same paragraph in two \
places.\n\n\
Before: `For more insights into…` at the end of both halves of a post\n\
After: only the first\n\n\
Fix safety: unsafe: a writer may repeat a paragraph on purpose.",
    fix: Applicability::Unsafe,
    check,
};

fn check(_document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut out = Vec::new();
    let mut folded = String::new();
    for block in blocks.iter().filter(|b| b.top_level && !b.heading) {
        // The text, lowercased and with its spacing normalized (in one buffer for all the
        // paragraphs), and its words counted in the same pass.
        folded.clear();
        let mut words = 0;
        for word in block.text.split_whitespace() {
            words += 1;
            if word.is_ascii() {
                let start = folded.len();
                folded.push_str(word);
                folded[start..].make_ascii_lowercase();
            } else {
                folded.extend(word.chars().flat_map(char::to_lowercase));
            }
            folded.push(' ');
        }
        if words < 8 {
            continue;
        }
        let key = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            folded.hash(&mut hasher);
            hasher.finish()
        };
        match seen.get(&key) {
            Some(first) => out.push(removal(
                &RULE,
                &block.path,
                block.text.clone(),
                Applicability::Unsafe,
                format!("repeats the paragraph at {}", path_string(first)),
            )),
            None => {
                seen.insert(key, block.path.clone());
            }
        }
    }
    out
}
