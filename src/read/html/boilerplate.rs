//! What a saved page's site puts inside the article it shows, dropped from the blocks built
//! from it: the title repeated as a heading, labels ("Advertisement", "You may also like"),
//! bylines, dates, copyright and newsletter lines around the prose, and lines that are one
//! link to another page of the site.

use super::page::{names_other_stories, squashed};
use crate::model::{Block, Inline, Meta, plain_text};
use crate::read::bare_host;

/// What a saved page repeats around the article: its title as the first heading (it is the
/// front matter's `title`), advertisement labels standing alone, and lines that are one link
/// to another page of the site.
pub(super) fn drop_page_labels(blocks: &mut Vec<Block>, meta: &Meta) {
    let title = meta.title.as_deref();
    let squash = |text: &str| squashed(text).to_lowercase();
    if let Some(title) = title.map(squash).filter(|t| !t.is_empty())
        && let Some(at) = blocks.iter().take(4).position(|block| {
            matches!(block, Block::Heading { level: 1 | 2, content, .. } if {
                let heading = squash(&plain_text(content));
                !heading.is_empty() && (heading == title || title.starts_with(&heading) && heading.len() * 3 >= title.len() * 2)
            })
        })
    {
        blocks.remove(at);
    }
    drop_edge_furniture(blocks, meta);
    let site = meta.canonical_url.as_deref().and_then(bare_host);
    blocks.retain(|block| !is_link_line(block, site.as_deref()));
    // A label announcing other stories, with the list of them after it, or last.
    let mut at = 0;
    while at < blocks.len() {
        let label = match &blocks[at] {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                is_short(content, 80) && names_other_stories(&plain_text(content))
            }
            _ => false,
        };
        if !label {
            at += 1;
            continue;
        }
        let end = blocks[at + 1..]
            .iter()
            .position(|block| !matches!(block, Block::List(_)))
            .map_or(blocks.len(), |n| at + 1 + n);
        if end == at + 1 && end < blocks.len() {
            // Followed by more of the article: a pointer the article makes ("Read also:").
            at += 1;
            continue;
        }
        blocks.drain(at..end);
    }
    blocks.retain(|block| {
        !matches!(block, Block::Paragraph { content } if is_short(content, 60) && matches!(
            squash(&plain_text(content)).as_str(),
            "advertisement" | "advertisements" | "advert" | "ad" | "sponsored" | "publicidade" | "publicidad" | "anzeige" | "publicité"
                | "continue reading below" | "story continues below" | "article continues below"
                | "this slideshow requires javascript." | "media playback is unsupported on your device"
        ))
    });
}

/// Whether inline content holds at most `limit` bytes of text, found without building it.
fn is_short(content: &[Inline], limit: usize) -> bool {
    let mut budget = limit;
    let mut stack: Vec<&[Inline]> = vec![content];
    while let Some(inlines) = stack.pop() {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => {
                    budget = match budget.checked_sub(text.len()) {
                        Some(left) => left,
                        None => return false,
                    };
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => stack.push(content),
                _ => {}
            }
        }
    }
    true
}

/// Above the article's first paragraph of prose and below its last, the lines a site puts
/// around every article: the byline and date (already in the metadata), copyright notices,
/// newsletter prompts, share and comment labels, tag lists.
fn drop_edge_furniture(blocks: &mut Vec<Block>, meta: &Meta) {
    let text_of = |block: &Block| match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            Some(squashed(&plain_text(content)))
        }
        _ => None,
    };
    let authors: Vec<String> = meta
        .authors
        .iter()
        .map(|a| a.trim().to_lowercase())
        .filter(|a| a.chars().count() >= 4)
        .collect();
    let furniture = |text: &str| is_edge_line(text, &authors);
    let prose = |block: &Block| {
        matches!(block, Block::Paragraph { .. })
            && text_of(block).is_some_and(|t| t.chars().count() >= 100 && !furniture(&t))
    };
    let Some(first) = blocks.iter().position(prose) else {
        return;
    };
    let last = blocks.iter().rposition(prose).unwrap_or(first);
    let mut index = 0;
    blocks.retain(|block| {
        let edge = index < first || index > last;
        index += 1;
        !(edge && text_of(block).is_some_and(|t| furniture(&t)))
    });
}

/// A line of the kind [`drop_edge_furniture`] drops.
fn is_edge_line(text: &str, authors: &[String]) -> bool {
    let length = text.chars().count();
    if length == 0 || length > 250 {
        return false;
    }
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let words = text.split_whitespace().count();
    let byline = length <= 120
        && (authors.iter().any(|a| lower.contains(a.as_str()))
            || ["by ", "por ", "von ", "par ", "di ", "door ", "av "]
                .iter()
                .any(|by| lower.starts_with(by) && words <= 12));
    let date = length <= 80 && words <= 12 && has_date(&lower);
    let copyright = has(&[
        "©",
        "copyright",
        "all rights reserved",
        "todos os direitos",
        "todos los derechos",
    ]);
    let newsletter = length <= 200
        && has(&[
            "newsletter",
            "subscribe",
            "sign up",
            "in your inbox",
            "inscreva-se",
            "suscríbete",
            "abonnieren",
        ]);
    let label = length <= 40
        && matches!(
            lower.trim_end_matches([':', '!', '.', '…']),
            "share"
                | "share this"
                | "share this article"
                | "share this story"
                | "sharing is caring"
                | "comments"
                | "comment"
                | "leave a comment"
                | "leave a reply"
                | "tags"
                | "compartilhe"
                | "compartilhar"
                | "comentários"
                | "comparte"
                | "comentarios"
                | "partager"
                | "commentaires"
                | "teilen"
                | "kommentare"
        );
    let tags = lower.starts_with("tags:") || (lower.starts_with("tags ") && words <= 30);
    byline || date || copyright || newsletter || label || tags
}

/// Whether a short line reads as a date: a year beside a month's name or number, or a
/// numeric day/month/year.
fn has_date(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
        "enero",
        "febrero",
        "marzo",
        "mayo",
        "junio",
        "julio",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
    ];
    let digits: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let year = digits
        .iter()
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let numeric = lower.split_whitespace().any(|word| {
        let parts: Vec<&str> = word
            .split(['/', '.', '-'])
            .filter(|p| !p.is_empty())
            .collect();
        let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            && matches!(
                lengths.as_slice(),
                [1 | 2, 1 | 2, 2 | 4] | [4, 1 | 2, 1 | 2]
            )
    });
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|word| MONTHS.contains(&word));
    numeric || (year && month) || (year && lower.contains('年'))
}

/// A paragraph that is one link to another page of the same site and nothing else, maybe
/// after a short label: a related headline set between the article's paragraphs ("CLICK HERE
/// TO GET THE APP", "READ MORE: …"), a "You may also like" list written as paragraphs, a
/// player's `close` button. A link showing its own address is a source the author cites, and
/// one to another site (a shop, a reference) is the author's too.
fn is_link_line(block: &Block, site: Option<&str>) -> bool {
    let Block::Paragraph { content } = block else {
        return false;
    };
    let mut link = None;
    let mut labelled = false;
    for inline in content {
        let this = match inline {
            Inline::Text { text } if text.trim().is_empty() => continue,
            // A label before the link: "READ MORE:", "Related:", "Leia também:".
            Inline::Text { .. } | Inline::Strong { .. } | Inline::Emphasis { .. }
                if link.is_none() && !labelled && {
                    let label = plain_text(std::slice::from_ref(inline));
                    let label = label.trim();
                    label.ends_with(':') && label.chars().count() <= 30
                } =>
            {
                labelled = true;
                continue;
            }
            Inline::Link { url, content, .. } => (url, content),
            Inline::Strong { content } | Inline::Emphasis { content } => match content.as_slice() {
                [Inline::Link { url, content, .. }] => (url, content),
                _ => return false,
            },
            _ => return false,
        };
        if link.replace(this).is_some() {
            return false;
        }
    }
    let Some((url, text)) = link else {
        return false;
    };
    let text = plain_text(text);
    let text = text.trim();
    let shows_address = text.starts_with("http") || text.starts_with("www.");
    // Elsewhere: an address on another host (a subdomain is the site's: `video.site.com`).
    let elsewhere = match (bare_host(url), site) {
        (Some(host), Some(site)) => {
            host != site
                && !host.ends_with(&format!(".{site}"))
                && !site.ends_with(&format!(".{host}"))
        }
        (Some(_), None) => true,
        // Relative addresses, `#` controls and `whatsapp:` share buttons are the page's own.
        (None, _) => false,
    };
    !text.is_empty() && !shows_address && !elsewhere
}
