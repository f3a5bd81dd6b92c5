//! The builder: DOM events in, blocks out.

use super::ElementExt;
use super::code::code_language;
use super::embeds::{gist_page, page_url_of_player, provider_of};
use super::page::{
    TextStats, hidden_on_page, holds_embedded_post, is_furniture, is_link_list, is_related_section,
};
use crate::model::{Alignment, Block, Cell, Inline, List, ListItem, MAX_DEPTH, Media, Row, Table};
use crate::read::inlines::{collapse_whitespace, tidy};
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

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

pub(super) struct Builder {
    frames: Vec<Frame>,
    closers: Vec<Closer>,
    is_page: bool,
    /// A whole page's text lengths, to tell link lists from prose.
    stats: Option<TextStats>,
    /// The text length of the page's article (what [`Builder::walk`] was given).
    article_length: usize,
}

impl Builder {
    /// A builder for a fragment, or for a page with its text lengths.
    pub(super) fn new(stats: Option<TextStats>) -> Builder {
        Builder {
            frames: vec![Frame::new(Kind::Root)],
            closers: Vec::new(),
            is_page: stats.is_some(),
            stats,
            article_length: 0,
        }
    }

    /// Walks the subtree below `root` (not `root` itself) without recursion.
    pub(super) fn walk(&mut self, root: NodeRef<'_, Node>) {
        if let (Some(stats), Some(root)) = (&self.stats, ElementRef::wrap(root)) {
            self.article_length = stats.get(root).0;
        }
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

    pub(super) fn finish(mut self) -> Vec<Block> {
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
            && let Some(url) = element.attribute("src").and_then(gist_page)
        {
            self.push_block(Block::Embed {
                url,
                provider: Some("gist".into()),
            });
            return None;
        }
        // `aria-hidden` text shows (a price struck through, a heading's anchor) and a class
        // named `hidden` means what the theme makes of it: content keeps both; a saved page
        // drops what its browser does not show with the rest of the page's furniture.
        if is_invisible(element)
            || (self.is_page
                && (hidden_on_page(element)
                    || (is_furniture(element, parent_name) && !holds_embedded_post(node))
                    || is_related_section(node)
                    || self
                        .stats
                        .as_ref()
                        .is_some_and(|stats| is_link_list(node, stats))))
        {
            return None;
        }
        if self.is_page && self.is_slideshow(node, element) {
            // A slideshow in a saved page: its pictures. Its captions, counters ("Image 1 of
            // 8") and buttons are the player's, often twice over (a full and a cut caption).
            self.end_paragraph();
            for image in node.descendants() {
                if let Some(img) = image.value().as_element()
                    && img.name() == "img"
                    && !image
                        .ancestors()
                        .take_while(|a| a.id() != node.id())
                        .filter_map(|a| a.value().as_element())
                        .any(|a| hidden_on_page(a) || is_furniture(a, None))
                {
                    self.image(img);
                }
            }
            self.end_paragraph();
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
                    .attribute("src")
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
        if in_figure
            && (name == "figcaption" || element.class_names().any(|c| c == "wp-caption-text"))
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
                        Node::Element(e) if e.name() == "a" && e.attribute("href").is_some() => {
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
                let verse = element.class_names().any(|c| c == "wp-block-verse");
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
                    .attribute("start")
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
            "td" | "th" if element.class_names().any(is_gutter_class) => None,
            "td" | "th" if matches!(self.top().kind, Kind::Row { .. }) => {
                let span = |attr| {
                    element
                        .attribute(attr)
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
                    .class_names()
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
            "a" => match element.attribute("href").map(str::trim) {
                Some(href) if !href.is_empty() && !is_script_url(href) => {
                    let title = element
                        .attribute("title")
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

    /// A carousel, slider or gallery that is a part of the article, not the article itself.
    fn is_slideshow(&self, node: NodeRef<'_, Node>, element: &scraper::node::Element) -> bool {
        const PLAYERS: &[&str] = &["slideshow", "carousel", "gallery", "slider", "swiper"];
        if matches!(
            element.name(),
            "img" | "a" | "span" | "p" | "figure" | "article" | "main"
        ) {
            return false;
        }
        let named = element.class_names().chain(element.id()).any(|name| {
            PLAYERS.iter().any(|p| {
                name.as_bytes()
                    .windows(p.len())
                    .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
            })
        });
        if !named {
            return false;
        }
        match (&self.stats, ElementRef::wrap(node)) {
            (Some(stats), Some(e)) => stats.get(e).0 * 2 <= self.article_length,
            _ => false,
        }
    }

    fn image(&mut self, element: &scraper::node::Element) {
        let alt = element.attribute("alt").unwrap_or("").trim().to_string();
        // WordPress turns emoji into images of class "emoji"/"wp-smiley"; they are text.
        if element
            .class_names()
            .any(|c| c == "emoji" || c == "wp-smiley")
            && !alt.is_empty()
        {
            self.push_inline(Inline::text(alt));
            return;
        }
        let Some(src) = image_source(element) else {
            return;
        };
        let title = element
            .attribute("title")
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
pub(super) fn is_block_element(name: &str) -> bool {
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
    element.name() == "div" && element.class_names().any(|c| c == "wp-caption")
}

fn alignment_of(element: &scraper::node::Element) -> Alignment {
    let from_style = element.attribute("style").and_then(|style| {
        let style = style.to_ascii_lowercase().replace(' ', "");
        let at = style.find("text-align:")? + "text-align:".len();
        Some(style[at..].split(';').next().unwrap_or("").to_string())
    });
    match from_style
        .as_deref()
        .or(element.attribute("align"))
        .map(|a| a.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("left") => Alignment::Left,
        Some("center") => Alignment::Center,
        Some("right") => Alignment::Right,
        _ => Alignment::Default,
    }
}

/// Elements whose content is never text of the page.
pub(super) fn is_invisible(element: &scraper::node::Element) -> bool {
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
    ) || element.attribute("hidden").is_some()
        || element.attribute("style").is_some_and(|style| {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
        || element.class_names().any(|c| {
            matches!(
                c,
                "screen-reader-text" | "sr-only" | "off-screen" | "offscreen" | "visuallyhidden"
            )
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
        .filter_map(|attr| element.attribute(attr))
        .find(usable)
        .or_else(|| {
            ["srcset", "data-srcset", "data-lazy-srcset"]
                .iter()
                .filter_map(|attr| element.attribute(attr))
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
