//! HTML → [`Document`]: a fragment (a post body) or a whole saved page.
//!
//! html5ever parses the input exactly as a browser would (entities decoded once, misnested
//! tags repaired). For a whole page, [`meta`] fills the [`Meta`](crate::model::Meta) from the
//! head and the page's own markup, the article body is found, and page furniture around and
//! inside it (navigation, sidebars, comments, share buttons, related posts, forms) is left out.
//!
//! The body is turned into blocks by one iterative walk over the DOM with an explicit stack of
//! open elements, so a document nested a hundred thousand levels deep costs heap, not stack.
//! The model is never built deeper than [`MAX_DEPTH`]: elements past it are flattened into
//! the deepest container, keeping their text.

mod depth;
mod meta;

use crate::Warning;
use crate::model::{
    Alignment, Block, Cell, Document, Inline, List, ListItem, MAX_DEPTH, Media, Row, Table,
    plain_text,
};
use crate::read::inlines::{collapse_whitespace, tidy};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

/// What [`read`] produced.
#[derive(Debug, Default)]
pub struct Output {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// Reads HTML. A whole page (one with `<html>`, `<head>` or `<body>`) gets meta extraction and
/// main-content detection; a fragment is converted as it is.
pub fn read(source: &str) -> Output {
    read_as(source, looks_like_page(source))
}

/// Reads a fragment (a post body), whatever it contains.
pub fn read_fragment(source: &str) -> Output {
    read_as(source, false)
}

fn read_as(source: &str, is_page: bool) -> Output {
    let mut warnings = Vec::new();
    let (source, flattened) = depth::limit_nesting(source);
    if flattened {
        warnings.push(Warning::new(format!(
            "elements nested more than {} deep were flattened (their text is kept)",
            depth::MAX_OPEN
        )));
    }
    let source = source.as_ref();
    let html = Html::parse_document(source);
    let stats = is_page.then(|| TextStats::of(&html));
    let (root, meta) = match &stats {
        Some(stats) => (main_content(&html, stats), meta::extract(&html)),
        None => (body(&html), Default::default()),
    };
    let mut builder = Builder::new(is_page);
    builder.stats = stats;
    if let Some(root) = root {
        builder.walk(*root);
    }
    let mut blocks = builder.finish();
    if is_page {
        drop_page_labels(&mut blocks, meta.title.as_deref());
    }
    Output {
        document: Document {
            meta,
            blocks,
            comments: Vec::new(),
        },
        warnings,
    }
}

/// What a saved page repeats around the article: its title as the first heading (it is the
/// front matter's `title`), and advertisement labels standing alone.
fn drop_page_labels(blocks: &mut Vec<Block>, title: Option<&str>) {
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
    blocks.retain(|block| {
        !matches!(block, Block::Paragraph { content } if matches!(
            squash(&plain_text(content)).as_str(),
            "advertisement" | "advertisements" | "ad" | "sponsored" | "publicidade" | "publicidad" | "anzeige" | "publicité"
        ))
    });
}

fn looks_like_page(source: &str) -> bool {
    let head = &source[..source.floor_char_boundary(8192)];
    let head = head.to_ascii_lowercase();
    ["<!doctype", "<html", "<head", "<body"]
        .iter()
        .any(|tag| head.contains(tag))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this file are valid")
}

fn body(html: &Html) -> Option<ElementRef<'_>> {
    // Every export item is read through here: parse the selector once.
    static BODY: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("body"));
    html.select(&BODY).next()
}

/// The element holding the article. Two views are asked: the page's own markup (the first of
/// the usual article selectors that matches outside furniture with enough text) and the text
/// itself (paragraphs scored as Readability does: length and commas, less what is link text,
/// credited to the containers above them). The tightest element that holds nearly all of the
/// best-scored container's paragraph text wins.
fn main_content<'a>(html: &'a Html, stats: &TextStats) -> Option<ElementRef<'a>> {
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
fn is_link_list(node: NodeRef<'_, Node>, stats: &TextStats) -> bool {
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
    linky
}

/// Text length (in characters, trimmed) of every element of a page and of the links in it,
/// scripts and styles left out: one pass after parsing, so that no question about a block's
/// text walks its subtree again (pages nest thousands deep).
pub(crate) struct TextStats(std::collections::HashMap<ego_tree::NodeId, (usize, usize)>);

impl TextStats {
    fn of(html: &Html) -> TextStats {
        use ego_tree::iter::Edge;
        let mut map = std::collections::HashMap::new();
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
                    match e.name() {
                        "script" | "style" | "noscript" | "template" => (text, links) = (0, 0),
                        "a" => links = text,
                        _ => {}
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
    fn get(&self, element: ElementRef<'_>) -> (usize, usize) {
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
        node = parent.parent();
    }
    false
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
fn is_furniture(element: &scraper::node::Element, parent: Option<&str>) -> bool {
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

/// Elements whose content is never text of the page.
fn is_invisible(element: &scraper::node::Element) -> bool {
    matches!(
        element.name(),
        "script"
            | "style"
            | "template"
            | "noscript"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "canvas"
            | "map"
            | "object"
            | "col"
            | "colgroup"
    ) || element.attr("hidden").is_some()
        || element.attr("style").is_some_and(|style| {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
        || element
            .classes()
            .any(|c| c == "screen-reader-text" || c == "sr-only")
}

// ----------------------------------------------------------------------------------------
// The builder: DOM events in, blocks out.

/// An open element that holds content. Elements that only pass their content through
/// (`<div>`, `<span>`) have no frame; see [`Closer`].
struct Frame {
    kind: Kind,
    /// Blocks of a block container.
    blocks: Vec<Block>,
    /// Inline content: of an inline element, a text block, or a container's loose text that
    /// becomes a paragraph.
    inlines: Vec<Inline>,
}

enum Kind {
    /// The document itself.
    Root,
    BlockQuote {
        attribution: Vec<Inline>,
    },
    ListItem {
        /// The item has a `<p>` of its own, so its list is loose.
        explicit_paragraph: bool,
    },
    Cell {
        header: bool,
        colspan: u32,
        rowspan: u32,
        alignment: Alignment,
    },
    Figure {
        caption: Vec<Inline>,
        /// Gutenberg's embed block: the URL inside is what to embed.
        embed: bool,
    },
    /// `<p>`, `<dt>`, `<dd>`.
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
    },
    /// `<figcaption>`, `<caption>`, `<cite>` inside a quote: inlines for the parent frame.
    Caption,
    /// `<pre>`: text kept as it is.
    Pre {
        language: Option<String>,
        text: String,
        /// Gutenberg's verse block: poetry, not code.
        verse: bool,
    },
    /// `<code>` and friends outside `<pre>`: text only.
    Code {
        text: String,
    },
    Inline(InlineKind),
    List {
        ordered: bool,
        start: u64,
        items: Vec<ListItem>,
        tight: bool,
    },
    Table {
        table: Table,
        in_head: bool,
        saw_head_section: bool,
    },
    Row {
        cells: Vec<Cell>,
        all_header: bool,
        alignments: Vec<Alignment>,
    },
}

enum InlineKind {
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Link { url: String, title: Option<String> },
}

impl Kind {
    fn holds_blocks(&self) -> bool {
        matches!(
            self,
            Kind::Root
                | Kind::BlockQuote { .. }
                | Kind::ListItem { .. }
                | Kind::Cell { .. }
                | Kind::Figure { .. }
        )
    }

    /// Text blocks: a block element inside them is laid out inline (`<h2><div>Title</div></h2>`
    /// stays one heading).
    fn is_text_block(&self) -> bool {
        matches!(
            self,
            Kind::Paragraph
                | Kind::Heading { .. }
                | Kind::Caption
                | Kind::Pre { .. }
                | Kind::Code { .. }
        )
    }
}

/// What to do when an element closes.
enum Closer {
    /// Pop the top frame and attach what it built.
    Frame,
    /// A pass-through element; `block` ones end the paragraph around them.
    PassThrough { block: bool },
    /// A `<br>` or other void element handled at open.
    Nothing,
}

struct Builder {
    frames: Vec<Frame>,
    closers: Vec<Closer>,
    is_page: bool,
    /// A whole page's text lengths, to tell link lists from prose.
    stats: Option<TextStats>,
}

impl Builder {
    fn new(is_page: bool) -> Builder {
        Builder {
            frames: vec![Frame::new(Kind::Root)],
            closers: Vec::new(),
            is_page,
            stats: None,
        }
    }

    /// Walks the subtree below `root` (not `root` itself) without recursion.
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut next = root.first_child();
        while let Some(node) = next {
            let descend = self.open(node);
            if descend && let Some(child) = node.first_child() {
                next = Some(child);
                continue;
            }
            if descend {
                self.close();
            }
            // Climb until a node with a next sibling, closing as we go.
            let mut current = node;
            next = loop {
                if let Some(sibling) = current.next_sibling() {
                    break Some(sibling);
                }
                match current.parent() {
                    Some(parent) if parent.id() != root.id() => {
                        self.close();
                        current = parent;
                    }
                    _ => break None,
                }
            };
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while self.frames.len() > 1 {
            self.close_frame();
        }
        let mut root = self.frames.pop().expect("root frame");
        flush_paragraph(&mut root);
        root.blocks
    }

    /// Handles a node's start. Returns whether its children are to be walked (and so whether
    /// a matching [`Builder::close`] will come).
    fn open(&mut self, node: NodeRef<'_, Node>) -> bool {
        match node.value() {
            Node::Text(text) => {
                self.text(text);
                false
            }
            Node::Element(element) => {
                let closer = self.open_element(node, element);
                match closer {
                    Some(closer) => {
                        self.closers.push(closer);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        }
    }

    fn close(&mut self) {
        match self.closers.pop() {
            Some(Closer::Frame) => self.close_frame(),
            Some(Closer::PassThrough { block: true }) => {
                self.end_paragraph();
            }
            Some(Closer::PassThrough { block: false }) | Some(Closer::Nothing) | None => {}
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn text(&mut self, text: &str) {
        let top = self.top();
        match &mut top.kind {
            Kind::Pre { text: pre, .. } => pre.push_str(text),
            Kind::Code { text: code } => code.push_str(text),
            Kind::List { .. } | Kind::Table { .. } | Kind::Row { .. } => {
                // Stray text between list items or table rows: whitespace, or something a
                // browser would show, which goes into the nearest item or cell.
                if !text.trim().is_empty() {
                    self.stray_text(text);
                }
            }
            _ => push_text(&mut top.inlines, text),
        }
    }

    fn stray_text(&mut self, text: &str) {
        self.add_block(Block::Paragraph {
            content: vec![Inline::text(collapse_whitespace(text.trim()))],
        });
    }

    /// The depth of the model being built (frames, not pass-through elements).
    fn depth(&self) -> usize {
        self.frames.len()
    }

    fn push_frame(&mut self, kind: Kind) -> Option<Closer> {
        self.frames.push(Frame::new(kind));
        Some(Closer::Frame)
    }

    fn open_element(
        &mut self,
        node: NodeRef<'_, Node>,
        element: &scraper::node::Element,
    ) -> Option<Closer> {
        let parent_name = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()));
        // A gist embedded by its script (`<script src="https://gist.github.com/u/1.js">`) is
        // the gist, not a script.
        if element.name() == "script"
            && let Some(url) = element.attr("src").and_then(gist_page)
        {
            self.push_block(Block::Embed {
                url,
                provider: Some("gist".into()),
            });
            return None;
        }
        // `aria-hidden` text shows (a price struck through, a heading's anchor): content keeps
        // it; a saved page drops it with the rest of the page's furniture.
        let aria_hidden = element.attr("aria-hidden") == Some("true");
        if is_invisible(element)
            || (self.is_page
                && (aria_hidden
                    || is_furniture(element, parent_name)
                    || self
                        .stats
                        .as_ref()
                        .is_some_and(|stats| is_link_list(node, stats))))
        {
            return None;
        }
        let name = element.name();
        let top_kind = &self.top().kind;

        // Inside <pre> and <code> every element is text, but for line breaks.
        if matches!(top_kind, Kind::Pre { .. } | Kind::Code { .. }) {
            if name == "br" {
                self.text("\n");
                return Some(Closer::Nothing);
            }
            return Some(Closer::PassThrough { block: false });
        }

        match name {
            "br" => {
                self.push_inline(Inline::LineBreak);
                return Some(Closer::Nothing);
            }
            "wbr" => return Some(Closer::Nothing),
            "img" => {
                self.image(element);
                return Some(Closer::Nothing);
            }
            "hr" => {
                self.push_block(Block::ThematicBreak);
                return Some(Closer::Nothing);
            }
            "iframe" | "embed" => {
                if let Some(url) = element
                    .attr("src")
                    .filter(|s| s.starts_with("http") || s.starts_with("//"))
                {
                    let url = page_url_of_player(&absolute_scheme(url));
                    let provider = provider_of(&url);
                    self.push_block(Block::Embed { url, provider });
                }
                return None;
            }
            "video" | "audio" => {
                let html = ElementRef::wrap(node).map(|e| e.html()).unwrap_or_default();
                self.push_block(Block::RawHtml { html });
                return None;
            }
            // Text the WordPress stage marked as raw: unknown shortcodes, `wp:html` blocks.
            "wp-raw" => {
                let html: String = ElementRef::wrap(node)
                    .map(|e| e.text().collect())
                    .unwrap_or_default();
                self.push_inline(Inline::RawHtml { html });
                return None;
            }
            "wp-raw-html" => {
                let html: String = ElementRef::wrap(node)
                    .map(|e| e.text().collect())
                    .unwrap_or_default();
                if !html.trim().is_empty() {
                    self.push_block(Block::RawHtml { html });
                }
                return None;
            }
            _ => {}
        }

        let is_block = is_block_element(name) || is_caption_div(element);
        // Past the depth limit, and inside text blocks for block elements, elements pass
        // their content through.
        if self.depth() >= MAX_DEPTH {
            if is_block {
                self.end_paragraph();
            }
            return Some(Closer::PassThrough { block: is_block });
        }
        let in_text_block = {
            let index = self.text_block_index();
            self.frames[index].kind.is_text_block()
        };
        if is_block && in_text_block {
            // Keep words apart where a browser would start a new line.
            self.push_inline(Inline::text(" "));
            return Some(Closer::PassThrough { block: false });
        }
        if is_block {
            self.end_paragraph();
        }

        let in_figure = matches!(self.top().kind, Kind::Figure { .. });
        if in_figure && (name == "figcaption" || element.classes().any(|c| c == "wp-caption-text"))
        {
            return self.push_frame(Kind::Caption);
        }

        match name {
            "p" | "dt" | "dd" => {
                if let Kind::ListItem { explicit_paragraph } = &mut self.top().kind
                    && name == "p"
                {
                    *explicit_paragraph = true;
                }
                self.push_frame(Kind::Paragraph)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(1);
                let id = element.id().map(str::to_string);
                self.push_frame(Kind::Heading { level, id })
            }
            "blockquote" => self.push_frame(Kind::BlockQuote {
                attribution: Vec::new(),
            }),
            "cite" | "footer" if matches!(self.top().kind, Kind::BlockQuote { .. }) => {
                self.push_frame(Kind::Caption)
            }
            "pre" => {
                // What a code block cannot hold: a `<pre>` of images only (a plot from knitr)
                // is its images; one with links in it stays HTML, links and all.
                let mut has_image = false;
                let mut has_link = false;
                let mut has_text = false;
                for descendant in node.descendants() {
                    match descendant.value() {
                        Node::Text(text) if !text.trim().is_empty() => has_text = true,
                        Node::Element(e) if e.name() == "img" => has_image = true,
                        Node::Element(e) if e.name() == "a" && e.attr("href").is_some() => {
                            has_link |= ElementRef::wrap(descendant)
                                .is_some_and(|a| a.text().any(|t| !t.trim().is_empty()));
                        }
                        _ => {}
                    }
                }
                if has_image && !has_text {
                    return Some(Closer::PassThrough { block: true });
                }
                if has_link && !self.is_page {
                    if let Some(pre) = ElementRef::wrap(node) {
                        self.push_block(Block::RawHtml { html: pre.html() });
                    }
                    return None;
                }
                let language = code_language(element).or_else(|| {
                    // <pre><code class="language-x">
                    node.children()
                        .filter_map(|c| c.value().as_element())
                        .find(|e| e.name() == "code")
                        .and_then(code_language)
                });
                let verse = element.classes().any(|c| c == "wp-block-verse");
                self.push_frame(Kind::Pre {
                    language: if verse { None } else { language },
                    text: String::new(),
                    verse,
                })
            }
            "code" | "kbd" | "samp" | "tt" => self.push_frame(Kind::Code {
                text: String::new(),
            }),
            "ul" | "ol" | "menu" => {
                let start = element
                    .attr("start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.push_frame(Kind::List {
                    ordered: name == "ol",
                    start,
                    items: Vec::new(),
                    tight: true,
                })
            }
            "li" if matches!(self.top().kind, Kind::List { .. }) => {
                self.push_frame(Kind::ListItem {
                    explicit_paragraph: false,
                })
            }
            "table" => self.push_frame(Kind::Table {
                table: Table::default(),
                in_head: false,
                saw_head_section: false,
            }),
            "thead" | "tbody" | "tfoot" => {
                if let Kind::Table {
                    in_head,
                    saw_head_section,
                    ..
                } = &mut self.top().kind
                {
                    *in_head = name == "thead";
                    *saw_head_section |= name == "thead";
                }
                Some(Closer::PassThrough { block: false })
            }
            "tr" if matches!(self.top().kind, Kind::Table { .. }) => self.push_frame(Kind::Row {
                cells: Vec::new(),
                all_header: true,
                alignments: Vec::new(),
            }),
            "td" | "th" if element.classes().any(is_gutter_class) => None,
            "td" | "th" if matches!(self.top().kind, Kind::Row { .. }) => {
                let span = |attr| {
                    element
                        .attr(attr)
                        .and_then(|s| s.trim().parse::<u32>().ok())
                        .map_or(1, |n| n.clamp(1, 1000))
                };
                self.push_frame(Kind::Cell {
                    header: name == "th",
                    colspan: span("colspan"),
                    rowspan: span("rowspan"),
                    alignment: alignment_of(element),
                })
            }
            "caption" if matches!(self.top().kind, Kind::Table { .. }) => {
                self.push_frame(Kind::Caption)
            }
            "figure" => self.push_frame(Kind::Figure {
                caption: Vec::new(),
                embed: element
                    .classes()
                    .any(|c| c == "wp-block-embed" || c.starts_with("wp-block-embed-")),
            }),
            _ if is_caption_div(element) => self.push_frame(Kind::Figure {
                caption: Vec::new(),
                embed: false,
            }),
            "em" | "i" | "dfn" | "var" => self.push_inline_frame(InlineKind::Emphasis),
            "strong" | "b" => self.push_inline_frame(InlineKind::Strong),
            "s" | "del" | "strike" => self.push_inline_frame(InlineKind::Strikethrough),
            "sup" => self.push_inline_frame(InlineKind::Superscript),
            "sub" => self.push_inline_frame(InlineKind::Subscript),
            "a" => match element.attr("href").map(str::trim) {
                Some(href) if !href.is_empty() && !is_script_url(href) => {
                    let title = element
                        .attr("title")
                        .map(|t| collapse_whitespace(t.trim()))
                        .filter(|t| !t.is_empty());
                    self.push_inline_frame(InlineKind::Link {
                        url: href.to_string(),
                        title,
                    })
                }
                _ => Some(Closer::PassThrough { block: false }),
            },
            _ => Some(Closer::PassThrough { block: is_block }),
        }
    }

    fn push_inline_frame(&mut self, kind: InlineKind) -> Option<Closer> {
        self.push_frame(Kind::Inline(kind))
    }

    fn image(&mut self, element: &scraper::node::Element) {
        let alt = element.attr("alt").unwrap_or("").trim().to_string();
        // WordPress turns emoji into images of class "emoji"/"wp-smiley"; they are text.
        if element.classes().any(|c| c == "emoji" || c == "wp-smiley") && !alt.is_empty() {
            self.push_inline(Inline::text(alt));
            return;
        }
        let Some(src) = image_source(element) else {
            return;
        };
        let title = element
            .attr("title")
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self.push_inline(Inline::Image { src, alt, title });
    }

    fn push_inline(&mut self, inline: Inline) {
        let top = self.top();
        match &mut top.kind {
            Kind::List { .. } | Kind::Table { .. } | Kind::Row { .. } => {
                // Content a browser shows although the markup puts it between items or rows.
                self.add_block(Block::Paragraph {
                    content: vec![inline],
                });
            }
            Kind::Pre { text, .. } | Kind::Code { text } => {
                if let Inline::Text { text: t } = &inline {
                    text.push_str(t);
                }
            }
            _ => top.inlines.push(inline),
        }
    }

    /// Adds a block where it belongs: after the paragraph being built (which ends here), or
    /// after the heading or caption it appears in (`<h2>Title<hr></h2>`).
    fn push_block(&mut self, block: Block) {
        match self.end_paragraph() {
            Some(text_block) => self.frames[text_block].blocks.push(block),
            None => self.add_block(block),
        }
    }

    /// Adds a block to the nearest block container; a list, table or row takes it into a new
    /// item or cell.
    fn add_block(&mut self, block: Block) {
        let index = self.block_container();
        match &mut self.frames[index].kind {
            Kind::List { items, .. } => match items.last_mut() {
                Some(item) => item.blocks.push(block),
                None => items.push(ListItem {
                    blocks: vec![block],
                }),
            },
            Kind::Row { cells, .. } => cells.push(Cell {
                blocks: vec![block],
                colspan: 1,
                rowspan: 1,
            }),
            Kind::Table { table, .. } => table.body.push(Row {
                cells: vec![Cell {
                    blocks: vec![block],
                    colspan: 1,
                    rowspan: 1,
                }],
            }),
            _ => self.frames[index].blocks.push(block),
        }
    }

    /// The innermost frame that takes blocks (a container, or a list/table that will wrap a
    /// stray block in an item or cell).
    fn block_container(&self) -> usize {
        self.frames
            .iter()
            .rposition(|f| {
                f.kind.holds_blocks()
                    || matches!(
                        f.kind,
                        Kind::List { .. } | Kind::Table { .. } | Kind::Row { .. }
                    )
            })
            .expect("the root holds blocks")
    }

    /// Ends the paragraph being built at this point: the loose inline content of the nearest
    /// block container, or the open `<p>`, which continues empty after whatever comes next.
    /// Inline elements open above it (`<a>` around a `<div>`) are split the same way.
    ///
    /// Returns the index of the open heading, caption or code frame when the point is inside
    /// one: those are not split, and a block met inside them goes after them.
    fn end_paragraph(&mut self) -> Option<usize> {
        let text_block = self.text_block_index();
        match self.frames[text_block].kind {
            Kind::Paragraph => {}
            ref kind if kind.holds_blocks() => {}
            ref kind if kind.is_text_block() => return Some(text_block),
            _ => return None, // a list, table or row: nothing to end
        }
        for index in (text_block + 1..self.frames.len()).rev() {
            let content = std::mem::take(&mut self.frames[index].inlines);
            if let Kind::Inline(kind) = &self.frames[index].kind
                && !content.is_empty()
            {
                let inline = make_inline(kind, content);
                self.frames[index - 1].inlines.push(inline);
            }
        }
        if matches!(self.frames[text_block].kind, Kind::Paragraph) {
            let content = tidy(std::mem::take(&mut self.frames[text_block].inlines));
            if !content.is_empty() {
                self.add_block(Block::Paragraph { content });
            }
        } else {
            flush_paragraph(&mut self.frames[text_block]);
        }
        None
    }

    /// The nearest open frame that is not an inline element.
    fn text_block_index(&self) -> usize {
        self.frames
            .iter()
            .rposition(|f| !matches!(f.kind, Kind::Inline(_)))
            .expect("the root is not inline")
    }

    fn push_deferred(&mut self, blocks: Vec<Block>) {
        for block in blocks {
            self.push_block(block);
        }
    }

    fn close_frame(&mut self) {
        let Some(mut frame) = self.frames.pop() else {
            return;
        };
        if self.frames.is_empty() {
            // The root is never closed by the walk; put it back.
            self.frames.push(frame);
            return;
        }
        if frame.kind.holds_blocks() {
            flush_paragraph(&mut frame);
        }
        match frame.kind {
            Kind::Root => {}
            Kind::Inline(kind) => {
                if !frame.inlines.is_empty() {
                    let inline = make_inline(&kind, frame.inlines);
                    self.push_inline(inline);
                }
            }
            Kind::Code { text } => self.push_inline(Inline::Code { text }),
            Kind::Paragraph => {
                let content = tidy(frame.inlines);
                if !content.is_empty() {
                    self.push_block(Block::Paragraph { content });
                }
            }
            Kind::Heading { level, id } => {
                let content = tidy(frame.inlines);
                if !content.is_empty() {
                    self.push_block(Block::Heading { level, content, id });
                }
                self.push_deferred(frame.blocks);
            }
            Kind::Caption => {
                let content = tidy(frame.inlines);
                let parent = self.top();
                match &mut parent.kind {
                    Kind::Figure { caption, .. }
                    | Kind::BlockQuote {
                        attribution: caption,
                    } => caption.extend(content),
                    Kind::Table { table, .. } => table.caption.extend(content),
                    _ => parent.inlines.extend(content),
                }
                self.push_deferred(frame.blocks);
            }
            Kind::Pre {
                language,
                text,
                verse,
            } => {
                // Blank lines at either end are not part of the code; the last line's
                // trailing spaces are (`$ vi file ` is what the author typed).
                let content_end = text.trim_end().len();
                let tail = &text[content_end..];
                let text = &text[..content_end + tail.find(['\n', '\r']).unwrap_or(tail.len())];
                let text = text.trim_start_matches(['\n', '\r']).to_string();
                if text.trim().is_empty() {
                } else if verse {
                    let mut content = Vec::new();
                    for (index, line) in text.lines().enumerate() {
                        if index > 0 {
                            content.push(Inline::LineBreak);
                        }
                        // A poem's indentation is part of it: kept as non-breaking spaces,
                        // which no renderer collapses (ordinary ones would be).
                        let line = line.trim_end();
                        let text = line.trim_start_matches([' ', '\t']);
                        let indent: String = line[..line.len() - text.len()]
                            .chars()
                            .map(|c| {
                                if c == '\t' {
                                    "\u{a0}".repeat(4)
                                } else {
                                    "\u{a0}".into()
                                }
                            })
                            .collect();
                        content.push(Inline::text(indent + text));
                    }
                    self.push_block(Block::Paragraph { content });
                } else {
                    self.push_block(Block::CodeBlock { language, text });
                }
            }
            Kind::BlockQuote { attribution } => {
                if !frame.blocks.is_empty() || !attribution.is_empty() {
                    self.push_block(Block::BlockQuote {
                        blocks: frame.blocks,
                        attribution: tidy(attribution),
                    });
                }
            }
            Kind::ListItem { explicit_paragraph } => {
                if let Some(Frame {
                    kind: Kind::List { items, tight, .. },
                    ..
                }) = self.frames.last_mut()
                {
                    *tight &= !explicit_paragraph;
                    items.push(ListItem {
                        blocks: frame.blocks,
                    });
                }
            }
            Kind::List {
                ordered,
                start,
                items,
                tight,
            } => {
                if !items.is_empty() {
                    self.push_block(Block::List(List {
                        ordered,
                        start,
                        tight,
                        items,
                    }));
                }
            }
            Kind::Cell {
                header,
                colspan,
                rowspan,
                alignment,
            } => {
                if let Some(Frame {
                    kind:
                        Kind::Row {
                            cells,
                            all_header,
                            alignments,
                        },
                    ..
                }) = self.frames.last_mut()
                {
                    *all_header &= header;
                    alignments.push(alignment);
                    cells.push(Cell {
                        blocks: frame.blocks,
                        colspan,
                        rowspan,
                    });
                }
            }
            Kind::Row {
                cells,
                all_header,
                alignments,
            } => {
                if let Some(Frame {
                    kind:
                        Kind::Table {
                            table,
                            in_head,
                            saw_head_section,
                        },
                    ..
                }) = self.frames.last_mut()
                {
                    if table.alignments.is_empty() {
                        table.alignments = alignments;
                    }
                    let row = Row { cells };
                    // Without a <thead>, a leading row of <th> cells is the header.
                    let head = *in_head
                        || (!*saw_head_section
                            && all_header
                            && table.body.is_empty()
                            && !row.cells.is_empty());
                    if head {
                        table.head.push(row);
                    } else {
                        table.body.push(row);
                    }
                }
            }
            Kind::Table { mut table, .. } => {
                table.caption = tidy(table.caption);
                if let Some(blocks) = layout_table_content(&mut table) {
                    self.push_deferred(blocks);
                    return;
                }
                if table.alignments.iter().all(|a| *a == Alignment::Default) {
                    table.alignments.clear();
                }
                if !table.head.is_empty() || !table.body.is_empty() {
                    self.push_block(Block::Table(table));
                } else if !table.caption.is_empty() {
                    self.push_block(Block::Paragraph {
                        content: table.caption,
                    });
                }
            }
            Kind::Figure { caption, embed } => {
                let caption = tidy(caption);
                for block in figure_blocks(frame.blocks, caption, embed) {
                    self.push_block(block);
                }
            }
        }
    }
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
        }
    }
}

fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text { text: last }) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::text(text));
    }
}

fn make_inline(kind: &InlineKind, content: Vec<Inline>) -> Inline {
    match kind {
        InlineKind::Emphasis => Inline::Emphasis { content },
        InlineKind::Strong => Inline::Strong { content },
        InlineKind::Strikethrough => Inline::Strikethrough { content },
        InlineKind::Superscript => Inline::Superscript { content },
        InlineKind::Subscript => Inline::Subscript { content },
        InlineKind::Link { url, title } => Inline::Link {
            url: url.clone(),
            title: title.clone(),
            content,
        },
    }
}

/// Turns a container's loose inline content into a paragraph.
fn flush_paragraph(frame: &mut Frame) {
    if frame.inlines.is_empty() {
        return;
    }
    let content = tidy(std::mem::take(&mut frame.inlines));
    if !content.is_empty() {
        frame.blocks.push(Block::Paragraph { content });
    }
}

/// What a `<figure>` (or a WordPress `.wp-caption`) becomes: a figure when it shows one image
/// or embed, else its content unwrapped (a table takes the caption as its own).
fn figure_blocks(mut blocks: Vec<Block>, caption: Vec<Inline>, embed: bool) -> Vec<Block> {
    if embed
        && let [Block::Paragraph { content }] = blocks.as_slice()
        && let [Inline::Text { text: url } | Inline::Link { url, .. }] = content.as_slice()
        && url.trim().starts_with("http")
        && !url.trim().contains(char::is_whitespace)
    {
        let url = url.trim().to_string();
        let provider = provider_of(&url);
        return vec![Block::Figure {
            media: Media::Embed { url, provider },
            caption,
        }];
    }
    let media = match blocks.as_slice() {
        [Block::Paragraph { content }] => match content.as_slice() {
            [Inline::Image { src, alt, title }] => Some(Media::Image {
                src: src.clone(),
                alt: alt.clone(),
                title: title.clone(),
                link: None,
            }),
            [Inline::Link { url, content, .. }] => match content.as_slice() {
                [Inline::Image { src, alt, title }] => Some(Media::Image {
                    src: src.clone(),
                    alt: alt.clone(),
                    title: title.clone(),
                    link: Some(url.clone()),
                }),
                _ => None,
            },
            _ => None,
        },
        [Block::Embed { url, provider }] => Some(Media::Embed {
            url: url.clone(),
            provider: provider.clone(),
        }),
        _ => None,
    };
    if let Some(media) = media {
        return vec![Block::Figure { media, caption }];
    }
    if caption.is_empty() {
        return blocks;
    }
    if let [Block::Table(table)] = blocks.as_mut_slice()
        && table.caption.is_empty()
    {
        table.caption = caption;
        return blocks;
    }
    blocks.push(Block::Paragraph { content: caption });
    blocks
}

/// A table used for layout rather than data: one row whose cells hold blocks (code
/// highlighters such as WP-Syntax put a `<pre>` in a one-row table), or a single cell. Returns
/// the content to put in its place.
fn layout_table_content(table: &mut Table) -> Option<Vec<Block>> {
    let rows = table.head.len() + table.body.len();
    let row = table.head.first_mut().or(table.body.first_mut())?;
    let single_cell = row.cells.len() == 1;
    let holds_blocks = row.cells.iter().any(|c| c.inlines().is_none())
        || row
            .cells
            .iter()
            .any(|c| matches!(c.blocks.as_slice(), [Block::CodeBlock { .. }]));
    if rows != 1 || !(single_cell || holds_blocks) {
        return None;
    }
    let mut blocks: Vec<Block> = row.cells.drain(..).flat_map(|c| c.blocks).collect();
    if !table.caption.is_empty() {
        blocks.push(Block::Paragraph {
            content: std::mem::take(&mut table.caption),
        });
    }
    Some(blocks)
}

/// Line-number gutters of code highlighters: generated numbers, not content.
fn is_gutter_class(class: &str) -> bool {
    matches!(
        class,
        "line_numbers" | "line-numbers" | "gutter" | "crayon-nums" | "linenos" | "lineno"
    )
}

/// Block-level elements: they end the paragraph around them.
fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "caption"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "body"
            | "html"
    )
}

/// WordPress's rendered `[caption]`: `<div class="wp-caption">`.
fn is_caption_div(element: &scraper::node::Element) -> bool {
    element.name() == "div" && element.classes().any(|c| c == "wp-caption")
}

fn alignment_of(element: &scraper::node::Element) -> Alignment {
    let from_style = element.attr("style").and_then(|style| {
        let style = style.to_ascii_lowercase().replace(' ', "");
        let at = style.find("text-align:")? + "text-align:".len();
        Some(style[at..].split(';').next().unwrap_or("").to_string())
    });
    match from_style
        .as_deref()
        .or(element.attr("align"))
        .map(|a| a.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("left") => Alignment::Left,
        Some("center") => Alignment::Center,
        Some("right") => Alignment::Right,
        _ => Alignment::Default,
    }
}

/// The language of a code block from the conventions in use: `class="language-x"`,
/// `lang-x`, SyntaxHighlighter's `brush: x`, `data-lang` / `data-language`.
fn code_language(element: &scraper::node::Element) -> Option<String> {
    let valid = |s: &str| {
        let s = s.trim().trim_end_matches(';');
        (!s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')))
        .then(|| s.to_ascii_lowercase())
    };
    for attr in ["data-lang", "data-language", "lang"] {
        if let Some(lang) = element.attr(attr).and_then(valid)
            && (attr != "lang" || element.name() == "code" || element.name() == "pre")
        {
            // `lang` is also the human language attribute; only trust it on code.
            if attr == "lang" && lang.len() <= 3 && lang.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            return Some(lang);
        }
    }
    let class = element.attr("class").unwrap_or("");
    if let Some(at) = class.find("brush:") {
        return valid(class[at + "brush:".len()..].split(';').next().unwrap_or(""));
    }

    if element.name() == "pre"
        && let Some(name) = element
            .classes()
            .find(|c| crate::read::CODE_LANGUAGES.contains(c))
    {
        return Some(name.to_string());
    }
    element.classes().find_map(|c| {
        c.strip_prefix("language-")
            .or_else(|| c.strip_prefix("lang-"))
            .or_else(|| c.strip_prefix("highlight-source-"))
            .and_then(valid)
    })
}

/// The real source of an image: lazy-loading plugins put it in `data-src` (and friends) and a
/// placeholder in `src`.
fn image_source(element: &scraper::node::Element) -> Option<String> {
    let usable = |s: &&str| {
        let s = s.trim();
        !s.is_empty() && !s.starts_with("data:")
    };
    ["data-src", "data-lazy-src", "data-original", "src"]
        .iter()
        .filter_map(|attr| element.attr(attr))
        .find(usable)
        .or_else(|| {
            ["srcset", "data-srcset", "data-lazy-srcset"]
                .iter()
                .filter_map(|attr| element.attr(attr))
                .filter_map(|set| set.split(',').next()?.split_whitespace().next())
                .find(usable)
        })
        .map(|s| absolute_scheme(s.trim()))
}

fn absolute_scheme(url: &str) -> String {
    match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_string(),
    }
}

fn is_script_url(href: &str) -> bool {
    let lower: String = href
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:")
}

/// The page a provider's player shows: `youtube.com/embed/ID` → `youtube.com/watch?v=ID`,
/// `player.vimeo.com/video/ID` → `vimeo.com/ID`. This is the URL WordPress itself embeds
/// from, and the one static-site generators' embed shortcodes take.
fn page_url_of_player(url: &str) -> String {
    let id_after = |marker: &str| {
        let at = url.find(marker)? + marker.len();
        let id: String = url[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then_some(id)
    };
    if let Some(id) =
        id_after("youtube.com/embed/").or_else(|| id_after("youtube-nocookie.com/embed/"))
    {
        return format!("https://www.youtube.com/watch?v={id}");
    }
    if let Some(id) = id_after("player.vimeo.com/video/") {
        return format!("https://vimeo.com/{id}");
    }
    url.to_string()
}

/// The provider of an embed URL, by host.
/// The page of a gist from its embedding script's address (`https://gist.github.com/u/ID.js`,
/// `?file=pom.xml` for one file of it).
pub fn gist_page(src: &str) -> Option<String> {
    let src = src.trim();
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("http://"))
        .or_else(|| src.strip_prefix("//"))?;
    let path = rest.strip_prefix("gist.github.com/")?;
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.strip_suffix(".js")?;
    if path.is_empty() || path.contains(['<', '>', '"', ' ']) {
        return None;
    }
    let file = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("file="))
        .filter(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        });
    Some(match file {
        Some(file) => format!(
            "https://gist.github.com/{path}#file-{}",
            file.replace('.', "-").to_ascii_lowercase()
        ),
        None => format!("https://gist.github.com/{path}"),
    })
}

pub fn provider_of(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    const PROVIDERS: &[(&str, &str)] = &[
        ("youtube.com", "youtube"),
        ("youtube-nocookie.com", "youtube"),
        ("youtu.be", "youtube"),
        ("vimeo.com", "vimeo"),
        ("twitter.com", "twitter"),
        ("x.com", "twitter"),
        ("instagram.com", "instagram"),
        ("facebook.com", "facebook"),
        ("soundcloud.com", "soundcloud"),
        ("spotify.com", "spotify"),
        ("tiktok.com", "tiktok"),
        ("dailymotion.com", "dailymotion"),
        ("wordpress.tv", "wordpress-tv"),
        ("ted.com", "ted"),
        ("codepen.io", "codepen"),
        ("flickr.com", "flickr"),
        ("slideshare.net", "slideshare"),
        ("reddit.com", "reddit"),
        ("twitch.tv", "twitch"),
        ("google.com", "google"),
        ("gist.github.com", "gist"),
    ];
    PROVIDERS
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests;
