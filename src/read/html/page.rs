//! A whole saved page: which element holds the article, and the page furniture around and
//! inside it that is left out.

use super::builder::{is_block_element, is_invisible};
use crate::model::{Block, Inline, Meta, plain_text};
use crate::read::bare_host;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

/// What a saved page repeats around the article: its title as the first heading (it is the
/// front matter's `title`), advertisement labels standing alone, and lines that are one link
/// to another page of the site.
pub(super) fn drop_page_labels(blocks: &mut Vec<Block>, meta: &Meta) {
    let title = meta.title.as_deref();
    let squash = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
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
        Block::Paragraph { content } | Block::Heading { content, .. } => Some(
            plain_text(content)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
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
    let tags = lower.starts_with("tags:") || lower.starts_with("tags ") && words <= 30;
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

/// A paragraph that is one link to another page of the same site and nothing else: a related
/// headline set between the article's paragraphs ("CLICK HERE TO GET THE APP", "READ MORE:
/// …" with its label),
/// a "You may also like" list written as paragraphs, a player's `close` button. A link showing its own address is a
/// source the author cites, and one to another site (a shop, a reference) is the author's too.
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

pub(super) fn looks_like_page(source: &str) -> bool {
    let head = &source[..source.floor_char_boundary(8192)];
    let head = head.to_ascii_lowercase();
    ["<!doctype", "<html", "<head", "<body"]
        .iter()
        .any(|tag| head.contains(tag))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this file are valid")
}

pub(super) fn body(html: &Html) -> Option<ElementRef<'_>> {
    // Every export item is read through here: parse the selector once.
    static BODY: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("body"));
    html.select(&BODY).next()
}

/// The element holding the article. Two views are asked: the page's own markup (the first of
/// the usual article selectors that matches outside furniture with enough text) and the text
/// itself (paragraphs scored as Readability does: length and commas, less what is link text,
/// credited to the containers above them). The tightest element that holds nearly all of the
/// best-scored container's paragraph text wins.
pub(super) fn main_content<'a>(html: &'a Html, stats: &TextStats) -> Option<ElementRef<'a>> {
    let marked = marked_content(html, stats);
    let Some(scored) = scored_content(html, stats) else {
        return marked.or_else(|| body(html));
    };
    let Some(marked) = marked else {
        return Some(scored.element);
    };
    let mass_of = |element: ElementRef<'_>| scored.mass_within(element);
    let (m, s) = (mass_of(marked), mass_of(scored.element));
    let marked_holds_scored = marked.id() == scored.element.id()
        || scored.element.ancestors().any(|a| a.id() == marked.id());
    let scored_holds_marked = marked.ancestors().any(|a| a.id() == scored.element.id());
    Some(if marked_holds_scored {
        // The page's container around the best paragraphs: it, unless most of what it holds
        // beyond them is not article text.
        if s >= 0.85 * m {
            scored.element
        } else {
            marked
        }
    } else if scored_holds_marked {
        if m >= 0.85 * s {
            marked
        } else {
            scored.element
        }
    } else if m >= s {
        marked
    } else {
        scored.element
    })
}

/// Paragraph scores of a page, and the container with the best score.
struct Scored<'a> {
    element: ElementRef<'a>,
    /// Each paragraph's worth, by node.
    paragraphs: Vec<(ego_tree::NodeId, f64)>,
}

impl Scored<'_> {
    /// The worth of the paragraphs inside `element`.
    fn mass_within(&self, element: ElementRef<'_>) -> f64 {
        let id = element.id();
        self.paragraphs
            .iter()
            .filter(|(p, _)| {
                element
                    .tree()
                    .get(*p)
                    .is_some_and(|node| node.id() == id || node.ancestors().any(|a| a.id() == id))
            })
            .map(|(_, worth)| worth)
            .sum()
    }
}

/// In a saved page, a block that is mostly links (a "Most popular" list, a row of tags, a
/// block of related headlines) is the site's, not the article's.
pub(super) fn is_link_list(node: NodeRef<'_, Node>, stats: &TextStats) -> bool {
    let Some(element) = ElementRef::wrap(node) else {
        return false;
    };
    if !matches!(
        element.value().name(),
        "ul" | "ol" | "dl" | "div" | "section" | "table"
    ) {
        return false;
    }
    // Inside what the page marks as the article's body, a list of links is the author's (the
    // bugs fixed this week, sources).
    if element
        .ancestors()
        .filter_map(|a| a.value().as_element())
        .any(|e| {
            e.attr("itemprop") == Some("articleBody")
                || e.classes().any(|c| {
                    matches!(
                        c,
                        "entry-content"
                            | "post-content"
                            | "post-body"
                            | "article-body"
                            | "article-content"
                            | "story-body"
                    )
                })
        })
    {
        return false;
    }
    let (length, links) = stats.get(element);
    if length == 0 {
        return false;
    }
    // Whatever its links, a block with a paragraph's worth of other text may hold the article.
    if length - links >= 200 {
        return false;
    }
    let density = links as f64 / length as f64;
    let linky = density > 0.5 || (density > 0.25 && class_weight(element.value()) < 0.0);
    if linky && matches!(element.value().name(), "ul" | "ol") {
        // A list of links, unless its entries say something besides their links (`🌟 Ankush
        // Dua fixed <a>an issue</a>`): a third of them with a few words of their own.
        let items: Vec<ElementRef<'_>> = element
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .collect();
        let talking = items
            .iter()
            .filter(|item| {
                let (text, links) = stats.get(**item);
                text - links >= 8
            })
            .count();
        return talking * 3 < items.len().max(1);
    }
    linky && !holds_embedded_post(node)
}

/// Text length (in characters, trimmed) of every element of a page and of the links in it,
/// scripts and styles left out: one pass after parsing, so that no question about a block's
/// text walks its subtree again (pages nest thousands deep).
pub(crate) struct TextStats(std::collections::HashMap<ego_tree::NodeId, (usize, usize)>);

impl TextStats {
    pub(super) fn of(html: &Html) -> TextStats {
        use ego_tree::iter::Edge;
        // Sized once: rehashing millions of entries holds the old table and the new.
        let elements = html.tree.nodes().filter(|n| n.value().is_element()).count();
        let mut map = std::collections::HashMap::with_capacity(elements);
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(_) => stack.push((0, 0)),
                    Node::Text(t) => {
                        if let Some(top) = stack.last_mut() {
                            top.0 += t.trim().chars().count();
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else {
                        continue;
                    };
                    let (mut text, mut links) = stack.pop().unwrap_or_default();
                    if hidden_on_page(e) {
                        (text, links) = (0, 0);
                    } else if e.name() == "a" {
                        links = text;
                    }
                    map.insert(node.id(), (text, links));
                    if let Some(parent) = stack.last_mut() {
                        parent.0 += text;
                        parent.1 += links;
                    }
                }
            }
        }
        TextStats(map)
    }

    /// The text and link-text lengths of an element.
    pub(super) fn get(&self, element: ElementRef<'_>) -> (usize, usize) {
        self.0.get(&element.id()).copied().unwrap_or_default()
    }
}

/// The text of an element's own inline content (its text nodes and inline children, not its
/// blocks): length, link length, and the text.
fn loose_text(element: ElementRef<'_>, stats: &TextStats) -> (usize, usize, String) {
    let (mut length, mut links, mut text) = (0, 0, String::new());
    for child in element.children() {
        match child.value() {
            Node::Text(t) => {
                length += t.trim().chars().count();
                text.push_str(t);
            }
            Node::Element(e) if !is_block_element(e.name()) => {
                if let Some(inline) = ElementRef::wrap(child) {
                    let (l, k) = stats.get(inline);
                    length += l;
                    links += if e.name() == "a" { l } else { k };
                    text.extend(inline.text());
                }
            }
            _ => {}
        }
    }
    (length, links, text)
}

/// Class and id words that say a container is, or is not, the article (Readability's lists).
fn class_weight(element: &scraper::node::Element) -> f64 {
    const GOOD: &[&str] = &[
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
        "blog", "story",
    ];
    const BAD: &[&str] = &[
        "hidden",
        "banner",
        "combx",
        "comment",
        "com-",
        "contact",
        "foot",
        "footer",
        "footnote",
        "gdpr",
        "masthead",
        "media",
        "meta",
        "outbrain",
        "promo",
        "related",
        "scroll",
        "share",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "sponsor",
        "shopping",
        "tags",
        "tool",
        "widget",
        "ad-",
        "nav",
        "menu",
        "teaser",
        "recommend",
    ];
    let mut weight = 0.0;
    for name in element.classes().chain(element.id()) {
        let name = name.to_ascii_lowercase();
        if BAD.iter().any(|b| name.contains(b)) {
            weight -= 25.0;
        } else if GOOD.iter().any(|g| name.contains(g)) {
            weight += 25.0;
        }
    }
    weight
}

fn scored_content<'a>(html: &'a Html, stats: &TextStats) -> Option<Scored<'a>> {
    static PARAGRAPHS: std::sync::LazyLock<Selector> =
        std::sync::LazyLock::new(|| selector("p, pre, td, blockquote, div, section"));
    let mut scores: std::collections::HashMap<ego_tree::NodeId, f64> = Default::default();
    let mut paragraphs = Vec::new();
    for element in html.select(&PARAGRAPHS) {
        let name = element.value().name();
        // A div or section with blocks in it counts by its own loose text (lines separated by
        // `<br>`, as blog platforms write them), the blocks by themselves.
        let has_blocks = matches!(name, "div" | "section" | "td")
            && element.children().any(|c| {
                c.value()
                    .as_element()
                    .is_some_and(|e| is_block_element(e.name()))
            });
        if inside_furniture(element) || is_furniture(element.value(), None) {
            continue;
        }
        let (length, links, text) = if has_blocks {
            loose_text(element, stats)
        } else {
            let (length, links) = stats.get(element);
            (length, links, element.text().collect::<String>())
        };
        if length < 25 {
            continue;
        }
        let commas = text.matches([',', '，', '、', '،']).count() as f64;
        let density = links as f64 / length as f64;
        let worth = (1.0 + commas + (length as f64 / 100.0).min(3.0)) * (1.0 - density);
        if worth <= 0.0 {
            continue;
        }
        paragraphs.push((element.id(), worth));
        // A paragraph credits the container it sits in and two above; loose text is also the
        // container's own.
        if has_blocks {
            *scores.entry(element.id()).or_default() += worth;
        }
        for (level, ancestor) in element.ancestors().take(3).enumerate() {
            let share = match level {
                0 => worth,
                1 => worth / 2.0,
                _ => worth / 6.0,
            };
            *scores.entry(ancestor.id()).or_default() += share;
        }
    }
    // In document order, so that of equal scores the first (outermost) wins, every run.
    let mut scores: Vec<(ego_tree::NodeId, f64)> = scores.into_iter().collect();
    scores.sort_by_key(|(id, _)| *id);
    let best = scores
        .into_iter()
        .filter_map(|(id, score)| {
            let element = ElementRef::wrap(html.tree.get(id)?)?;
            if matches!(element.value().name(), "html" | "body") {
                return None;
            }
            let (length, links) = stats.get(element);
            let density = if length == 0 {
                1.0
            } else {
                links as f64 / length as f64
            };
            Some((
                (score + class_weight(element.value())) * (1.0 - density),
                element,
            ))
        })
        .reduce(|best, next| if next.0 > best.0 { next } else { best })?;
    Some(Scored {
        element: best.1,
        paragraphs,
    })
}

/// The first of the usual article selectors that matches outside page furniture with a
/// reasonable amount of text, taking the match with the most text.
fn marked_content<'a>(html: &'a Html, stats: &TextStats) -> Option<ElementRef<'a>> {
    const CANDIDATES: [&str; 7] = [
        "[itemprop=articleBody]",
        ".entry-content",
        ".post-content",
        "article",
        "main",
        "[role=main]",
        "#content",
    ];
    const ENOUGH_TEXT: usize = 200;
    for css in CANDIDATES {
        let best = html
            .select(&selector(css))
            .filter(|element| !inside_furniture(*element))
            .map(|element| (stats.get(element).0, element))
            .max_by_key(|(length, _)| *length);
        if let Some((length, element)) = best
            && length >= ENOUGH_TEXT
        {
            return Some(element);
        }
    }
    None
}

/// Whether an element sits in page furniture, as far as choosing the article goes: navigation,
/// asides, forms, headers and footers, and the text-heavy furniture named by class or id
/// (comments, related posts, sidebars, author boxes). A container merely named `widget` or
/// `social` can hold the article (Blogger's posts are in `<div class="widget Blog">`); its
/// link-heavy kind is told by the scoring.
fn inside_furniture(element: ElementRef<'_>) -> bool {
    let mut node = element.parent();
    while let Some(parent) = node {
        // A form around the article is the page's (ASP.NET wraps whole pages in one): a
        // comment or search form holds no paragraphs.
        if let Some(e) = parent.value().as_element()
            && e.name() != "form"
            && is_furniture(e, None)
            && (!is_furniture_by_name_only(e) || text_heavy_furniture(e))
        {
            return true;
        }
        if is_related_section(parent) {
            return true;
        }
        node = parent.parent();
    }
    false
}

/// A block of other stories: a container that opens with a heading saying so ("You may also
/// like", "Most read in world news", "Leia também", "関連記事"), or with a heading the page
/// names `related`.
pub(super) fn is_related_section(node: NodeRef<'_, Node>) -> bool {
    let Some(element) = node.value().as_element() else {
        return false;
    };
    if matches!(
        element.name(),
        "html" | "body" | "main" | "p" | "li" | "a" | "span"
    ) {
        return false;
    }
    // The first thing in it, or the heading alone in a wrapper that comes first (`<div
    // class="rail__header"><h3>`).
    let mut first = node;
    for _ in 0..2 {
        let Some(child) = first.children().find(|c| match c.value() {
            Node::Text(t) => !t.trim().is_empty(),
            Node::Element(_) => true,
            _ => false,
        }) else {
            return false;
        };
        let Some(e) = child.value().as_element() else {
            return false;
        };
        if matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            let Some(heading) = ElementRef::wrap(child) else {
                return false;
            };
            return text_heavy_furniture(e)
                && e.classes()
                    .chain(e.id())
                    .any(|n| n.to_ascii_lowercase().contains("related"))
                || names_other_stories(&heading.text().collect::<String>());
        }
        let alone = child.children().filter(|c| c.value().is_element()).count() == 1;
        if !matches!(e.name(), "div" | "header" | "section") || !alone {
            return false;
        }
        first = child;
    }
    false
}

/// Whether a heading announces other stories of the site rather than a part of the article.
pub(super) fn names_other_stories(heading: &str) -> bool {
    const PHRASES: &[&str] = &[
        // English
        "related",
        "related posts",
        "related articles",
        "related stories",
        "related content",
        "you may also like",
        "you might also like",
        "you may like",
        "you might like",
        "recommended",
        "recommended for you",
        "most read",
        "most popular",
        "popular posts",
        "recent posts",
        "more stories",
        "more from",
        "read next",
        "up next",
        "don't miss",
        "don’t miss",
        "trending",
        "trending now",
        // Portuguese
        "você pode gostar",
        "você também pode gostar",
        "leia também",
        "veja também",
        "posts relacionados",
        "notícias relacionadas",
        "mais lidas",
        // Spanish
        "te puede interesar",
        "también te puede interesar",
        "artículos relacionados",
        "noticias relacionadas",
        "lo más leído",
        "más leídas",
        // French
        "à lire aussi",
        "lire aussi",
        "articles similaires",
        "sur le même sujet",
        // German
        "lesen sie auch",
        "das könnte sie auch interessieren",
        "ähnliche artikel",
        "meistgelesen",
        // Italian
        "leggi anche",
        "articoli correlati",
        "potrebbe interessarti",
        // Russian
        "похожие статьи",
        "читайте также",
        "самые популярные",
        // Japanese, Chinese, Korean
        "関連記事",
        "おすすめ記事",
        "人気記事",
        "相关文章",
        "相关阅读",
        "推荐阅读",
        "관련 기사",
        "관련글",
    ];
    let heading = heading
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let heading = heading.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…');
    // "More Great WIRED Stories", "More from our newsroom"…
    let more_stories = heading.starts_with("more ")
        && heading.len() <= 40
        && ["stories", "news", "articles", "reads", "videos"]
            .iter()
            .any(|end| heading.ends_with(end));
    more_stories
        || PHRASES.iter().any(|phrase| {
            heading == *phrase
                || heading
                    .strip_prefix(phrase)
                    .is_some_and(|rest| rest.starts_with([' ', ':']) && rest.len() <= 40)
        })
}

/// Whether a container (not a `<nav>`, `<aside>` or form) holds a post the article embeds (a
/// tweet, an Instagram or TikTok post quoted in the story), which is the article's even in a
/// box named for social media, or short and link-heavy like a list of links.
pub(super) fn holds_embedded_post(node: NodeRef<'_, Node>) -> bool {
    let Some(element) = node.value().as_element() else {
        return false;
    };
    if is_furniture(element, None) && !is_furniture_by_name_only(element) {
        return false;
    }
    node.descendants().any(|n| {
        n.value().as_element().is_some_and(|e| {
            e.name() == "blockquote"
                && e.classes().any(|c| {
                    matches!(
                        c,
                        "twitter-tweet" | "instagram-media" | "tiktok-embed" | "twitter-video"
                    )
                })
        })
    })
}

/// What a browser does not show of a saved page: what no document shows ([`is_invisible`]),
/// what is hidden from sight but read to screen readers (`aria-hidden`), and what the page's
/// stylesheet hides by a utility class (`hidden`, `d-none`, `is-hidden`…: closed galleries,
/// templates, menus), unless another class shows it from some screen width on (`hidden
/// md:block`, `d-none d-lg-flex`).
pub(super) fn hidden_on_page(element: &scraper::node::Element) -> bool {
    const HIDING: &[&str] = &[
        "hidden",
        "hide",
        "is-hidden",
        "u-hidden",
        "d-none",
        "visually-hidden",
        "element-invisible",
        "screen-reader-only",
    ];
    const SHOWING: &[&str] = &["block", "flex", "grid", "inline", "table", "show"];
    is_invisible(element)
        || element.attr("aria-hidden") == Some("true")
        || (element.classes().any(|c| HIDING.contains(&c))
            && !element
                .classes()
                .any(|c| !HIDING.contains(&c) && SHOWING.iter().any(|s| c.contains(s))))
}

/// Furniture for its class or id only, not its element or role.
fn is_furniture_by_name_only(element: &scraper::node::Element) -> bool {
    !matches!(
        element.name(),
        "nav"
            | "aside"
            | "form"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "dialog"
            | "header"
            | "footer"
    ) && !matches!(
        element.attr("role"),
        Some("navigation" | "complementary" | "banner" | "contentinfo" | "search" | "dialog")
    )
}

/// Furniture whose text reads like an article's: comments, related posts, sidebars, bios.
fn text_heavy_furniture(element: &scraper::node::Element) -> bool {
    const HEAVY: &[&str] = &[
        "comment",
        "respond",
        "related",
        "sidebar",
        "secondary",
        "author-bio",
        "author-box",
        "about-author",
        "newsletter",
        "subscribe",
    ];
    element.classes().chain(element.id()).any(|name| {
        let name = name.to_ascii_lowercase();
        HEAVY
            .iter()
            .any(|h| name.starts_with(h) || name.contains(&format!("-{h}")))
    })
}

/// Class and id names (or their prefix before `-`/`_`) of page furniture.
const FURNITURE_NAMES: &[&str] = &[
    "credit",
    "credits",
    "control",
    "controls",
    "comments",
    "comment-respond",
    "commentlist",
    "comment-list",
    "entry-comments",
    "respond",
    "share",
    "shares",
    "sharing",
    "sharedaddy",
    "socialshare",
    "social-share",
    "social-links",
    "social",
    "addtoany",
    "a2a_kit",
    "related",
    "related-posts",
    "jp-relatedposts",
    "yarpp-related",
    "crp_related",
    "sidebar",
    "widget",
    "widget-area",
    "breadcrumb",
    "breadcrumbs",
    "nav-links",
    "navigation",
    "post-navigation",
    "newsletter",
    "subscribe",
    "advert",
    "advertisement",
    "cookie-notice",
    "secondary",
    "entry-meta",
    "post-meta",
    "entry-footer",
    "byline",
    "author-bio",
    "author-box",
    "about-author",
];

fn furniture_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    FURNITURE_NAMES.iter().any(|f| {
        name == *f
            || (name.starts_with(f) && matches!(name.as_bytes().get(f.len()), Some(b'-' | b'_')))
    })
}

/// Page furniture: never content, whatever it holds. `parent` is the element's parent when
/// known (a `<footer>` inside a quote is its attribution, not furniture).
pub(super) fn is_furniture(element: &scraper::node::Element, parent: Option<&str>) -> bool {
    match element.name() {
        "nav" | "aside" | "form" | "button" | "input" | "select" | "textarea" | "dialog" => {
            return true;
        }
        "header" | "footer" => return parent != Some("blockquote"),
        _ => {}
    }
    if matches!(
        element.attr("role"),
        Some("navigation" | "complementary" | "banner" | "contentinfo" | "search" | "dialog")
    ) {
        return true;
    }
    element.classes().any(furniture_name) || element.id().is_some_and(furniture_name)
}
