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

mod boilerplate;
mod builder;
mod code;
mod depth;
mod embeds;
mod meta;
mod page;

pub use embeds::{gist_page, provider_of};

use crate::Warning;
use crate::model::Document;
use boilerplate::drop_page_labels;
use builder::Builder;
use page::{TextStats, body, looks_like_page, main_content};
use scraper::Html;
use std::borrow::Cow;

/// Parses a document into a tree; a page's node arena is sized up front: a document has at most
/// about one node per `<` and one text node between tags, and reserving that much costs
/// only address space until used, where growing a 50 MB page's arena by doubling held the
/// old and the new copy at once.
fn parse(source: &str, is_page: bool) -> Html {
    use html5ever::tendril::TendrilSink;
    // Export items are small and many: their arenas grow as usual.
    let tags = if is_page {
        memchr::memchr_iter(b'<', source.as_bytes()).count()
    } else {
        0
    };
    let html = Html {
        quirks_mode: html5ever::tree_builder::QuirksMode::NoQuirks,
        tree: ego_tree::Tree::with_capacity(scraper::Node::Document, 2 * tags + 16),
    };
    html5ever::driver::parse_document(scraper::HtmlTreeSink::new(html), Default::default())
        .one(source)
}

/// Attribute lookups that do not intern the name: scraper's `Element::attr` makes a
/// string-cache atom of it on every call (through a global table's lock for names it does
/// not know, such as `data-src`), and `classes` interns every class of the element.
pub(crate) trait ElementExt {
    /// The value of the attribute `name` (lower case), by its local name: a namespaced one
    /// (`xlink:href`, only in SVG and MathML, which are never read) would count too.
    fn attribute(&self, name: &str) -> Option<&str>;
    /// The element's classes as written (for tests of any of them: duplicates are kept).
    fn class_names(&self) -> std::str::SplitAsciiWhitespace<'_>;
}

impl ElementExt for scraper::node::Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    fn class_names(&self) -> std::str::SplitAsciiWhitespace<'_> {
        self.attribute("class")
            .unwrap_or("")
            .split_ascii_whitespace()
    }
}

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
    let source = if is_page {
        match depth::strip_machinery(&source) {
            Cow::Borrowed(_) => source,
            Cow::Owned(stripped) => Cow::Owned(stripped),
        }
    } else {
        source
    };
    let html = parse(&source, is_page);
    let stats = is_page.then(|| TextStats::of(&html));
    let (root, meta) = match &stats {
        Some(stats) => (main_content(&html, stats), meta::extract(&html)),
        None => (body(&html), Default::default()),
    };
    let mut builder = Builder::new(stats);
    if let Some(root) = root {
        builder.walk(*root);
    }
    let mut blocks = builder.finish();
    if is_page {
        drop_page_labels(&mut blocks, &meta);
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

#[cfg(test)]
mod tests;
