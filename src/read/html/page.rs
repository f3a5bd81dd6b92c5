//! A whole saved page: which element holds the article, and the page furniture around and
//! inside it that is left out.

use super::ElementExt;
use super::builder::{is_block_element, is_invisible};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

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

/// Text with its words one space apart and nothing around them, as a reader compares it.
pub(super) fn squashed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    let heading = squashed(heading).to_lowercase();
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
        || element.attribute("aria-hidden") == Some("true")
        || (element.class_names().any(|c| HIDING.contains(&c))
            && !element
                .class_names()
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
