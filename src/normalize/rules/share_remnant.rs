//! WP605 share-remnant: share buttons and related-post lists a plugin left in the content.

use super::{only_link_blocks, only_links};
use crate::model::{Block, Document, Inline};
use crate::normalize::{Applicability, Category, Diagnostic, Rule, TextBlock, removal};

pub static RULE: Rule = Rule {
    code: "WP605",
    name: "share-remnant",
    category: Category::Junk,
    summary: "Share buttons and related-post lists left by a plugin",
    doc: "What it does: removes the remnants of sharing and related-post plugins (Jetpack, \
AddToAny, Shareaholic…): a `Share this:`, `Like this:` or `Related` title with the links under \
it, and paragraphs made only of share links (`facebook.com/sharer`, `twitter.com/intent`…).\n\n\
Why: they were widgets, not writing; in a static site they are dead links.\n\n\
Before: `Share this:` / `- Twitter` / `- Facebook` at the end of a post\n\
After: (removed)\n\n\
Left alone: the words inside sentences, a `Related` title followed by prose, and a sentence \
linked for sharing (a “Click to Tweet” quote: writing, not a button).\n\n\
Fix safety: safe.",
    fix: Applicability::Safe,
    check,
};

const TITLES: &[&str] = &[
    "share this",
    "share",
    "like this",
    "related",
    "related posts",
    "related articles",
    "you may also like",
    "you might also like",
    "more from this author",
    "like loading...",
];

const SHARE_HOSTS: &[&str] = &[
    "facebook.com/sharer",
    "twitter.com/intent",
    "twitter.com/share",
    "x.com/intent",
    "linkedin.com/share",
    "pinterest.com/pin/create",
    "reddit.com/submit",
    "api.whatsapp.com/send",
    "t.me/share",
    "tumblr.com/share",
    "getpocket.com/save",
    "addtoany.com/share",
    "?share=",
];

fn check(document: &Document, blocks: &[TextBlock<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks.iter().filter(|b| b.top_level) {
        let index = block.path[0];
        if super::is_title_in(&block.text, TITLES) {
            let next = document.blocks.get(index + 1);
            let links_follow = matches!(next, Some(Block::List(list)) if list.items.iter().all(|i| only_link_blocks(&i.blocks, any_url)))
                || matches!(next, Some(Block::Paragraph { content }) if only_links(content, any_url));
            let prose_follows = matches!(next, Some(Block::Paragraph { .. })) && !links_follow;
            if prose_follows {
                continue;
            }
            out.push(removal(
                &RULE,
                &block.path,
                block.text.clone(),
                Applicability::Safe,
                "a sharing or related-posts title",
            ));
            if links_follow {
                out.push(removal(
                    &RULE,
                    &[index + 1],
                    "(its links)".into(),
                    Applicability::Safe,
                    "the plugin's links",
                ));
            }
        } else if !block.heading && share_links_only(block.inlines) {
            out.push(removal(
                &RULE,
                &block.path,
                block.text.clone(),
                Applicability::Safe,
                "share buttons",
            ));
        }
    }
    out
}

fn any_url(_: &str) -> bool {
    true
}

/// Share buttons: links to a sharing endpoint whose text is a button's (a few words), not a
/// sentence of the article offered for sharing ("Click to Tweet" quotes are writing).
fn share_links_only(content: &[Inline]) -> bool {
    only_links(content, |url| SHARE_HOSTS.iter().any(|h| url.contains(h)))
        && crate::model::plain_text(content).split_whitespace().count() <= 8
}
