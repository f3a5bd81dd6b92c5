//! WP601 toc-remnant: what a table-of-contents plugin leaves behind.

use crate::model::{Block, Document};
use crate::normalize::{
    Applicability, Category, Diagnostic, Rule, TextBlock, path_string, removal,
};

pub static RULE: Rule = Rule {
    code: "WP601",
    name: "toc-remnant",
    category: Category::Junk,
    summary: "A table-of-contents plugin's remnant",
    doc: "What it does: removes a lone `Table of Contents` line, and a plugin's table of contents \
(ez-toc, TOC+, LuckyWP): that title followed by a list of links to anchors on the page.\n\n\
Why: the plugin builds the table at display time; in an export or a paste only its title or \
its dead links remain, and static sites make their own.\n\n\
Before: `Table of Contents` standing alone between two paragraphs\n\
After: (removed)\n\n\
Left alone: a contents title followed by anything but anchor links, and the words inside \
sentences.\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

const TITLES: &[&str] = &[
    "table of contents",
    "contents",
    "in this article",
    "toc",
    "inhaltsverzeichnis",
    "sommaire",
    "índice",
    "indice",
    "inhoud",
];

fn check(document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks.iter().filter(|b| b.top_level) {
        if !super::is_title_in(&block.text, TITLES) {
            continue;
        }
        let index = block.path[0];
        let next = document.blocks.get(index + 1);
        let anchor_list = matches!(next, Some(Block::List(list)) if !list.items.is_empty() && list.items.iter().all(|item| super::only_link_blocks(&item.blocks, |url| url.starts_with('#'))));
        let followed_by_other_list = matches!(next, Some(Block::List(_))) && !anchor_list;
        if followed_by_other_list {
            continue;
        }
        out.push(removal(
            &RULE,
            &block.path,
            block.text.clone(),
            Applicability::Safe,
            "table-of-contents title without its table",
        ));
        if anchor_list {
            let path = vec![index + 1];
            out.push(removal(
                &RULE,
                &path,
                format!(
                    "(list of {} anchor links at {})",
                    match next {
                        Some(Block::List(l)) => l.items.len(),
                        _ => 0,
                    },
                    path_string(&path)
                ),
                Applicability::Safe,
                "a table-of-contents plugin's links",
            ));
        }
    }
    out
}
