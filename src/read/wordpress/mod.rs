//! What WordPress does when it renders a post, done here once, so that an export item reads
//! as the post looked on the site: reusable blocks, `wp:html` blocks, `<!--more-->` and
//! `<!--nextpage-->`, shortcodes, auto-embeds and `wpautop` (classic content only), then the
//! HTML reader. [`convert_item`] turns an export [`Item`] into a [`Document`].

pub mod autop;
pub mod code;
mod delimiters;
pub mod fields;
mod language;
pub mod shortcodes;

use crate::Warning;
use crate::model::{DateTime, Document, Meta, Term, plain_text};
use crate::read::html;
use crate::read::wxr::{Author, Item, Site};
use crate::shelf::Shelf;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

pub use shortcodes::Policy;

/// What items refer to by id, gathered in a first pass over the export: attachments (for
/// galleries and featured images) and reusable blocks.
#[derive(Debug, Default)]
pub struct Index {
    /// The attachments, on a shelf (a temporary file: an export's worth are held until its
    /// end), fetched by position as items ask for them.
    shelf: Shelf,
    /// Each attachment's position on the shelf, in the order added.
    attachments: Vec<u64>,
    /// Each id's place in `attachments`.
    attachment_at: HashMap<u64, u32>,
    pub reusable_blocks: HashMap<u64, String>,
    /// The images by parent, in gallery order: (parent, menu order, id), sorted. Made when
    /// a gallery first asks, from the attachments (most exports have no gallery that does).
    images_by_parent: std::sync::OnceLock<Vec<(u64, u64, u64)>>,
}

/// An attachment: its file, and what a gallery or a featured image needs of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// Its file's URL.
    pub url: String,
    pub alt: String,
    pub caption: String,
    pub parent: u64,
    pub order: u64,
    pub is_image: bool,
}

impl Attachment {
    pub fn new(
        url: &str,
        alt: &str,
        caption: &str,
        parent: u64,
        order: u64,
        is_image: bool,
    ) -> Attachment {
        Attachment {
            url: url.to_string(),
            alt: alt.to_string(),
            caption: caption.to_string(),
            parent,
            order,
            is_image,
        }
    }
}

impl Index {
    /// Takes what later items may need from an item.
    pub fn add(&mut self, item: &Item) {
        let Ok(id) = item.post_id.parse::<u64>() else {
            return;
        };
        match item.post_type.as_str() {
            "attachment" => {
                let url = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                let is_image = item
                    .meta("_wp_attached_file")
                    .unwrap_or(url)
                    .rsplit('.')
                    .next()
                    .is_some_and(|e| {
                        matches!(
                            e.to_ascii_lowercase().as_str(),
                            "jpg"
                                | "jpeg"
                                | "png"
                                | "gif"
                                | "webp"
                                | "avif"
                                | "svg"
                                | "bmp"
                                | "tif"
                                | "tiff"
                        )
                    });
                let parent = item.post_parent.parse().unwrap_or(0);
                let attachment = Attachment::new(
                    url,
                    item.meta("_wp_attachment_image_alt").unwrap_or("").trim(),
                    item.excerpt.trim(),
                    parent,
                    item.menu_order.parse().unwrap_or(0),
                    is_image,
                );
                self.insert_attachment(id, attachment);
            }
            "wp_block" => {
                self.reusable_blocks.insert(id, item.content.clone());
            }
            _ => {}
        }
    }

    pub fn insert_attachment(&mut self, id: u64, attachment: Attachment) {
        self.images_by_parent = Default::default();
        let Some(position) = self.shelf.put(&attachment) else {
            return;
        };
        match self.attachment_at.get(&id) {
            // A later item with the same id replaces the earlier one.
            Some(&at) => self.attachments[at as usize] = position,
            None => {
                // Past four billion attachments, the rest are not kept.
                if let Ok(at) = u32::try_from(self.attachments.len()) {
                    self.attachment_at.insert(id, at);
                    self.attachments.push(position);
                }
            }
        }
    }

    /// The attachment with this id. (One the temporary file cannot give back, which only a
    /// failing disk would do, is treated as missing.)
    pub fn attachment(&self, id: u64) -> Option<Attachment> {
        let at = *self.attachment_at.get(&id)?;
        self.fetch(*self.attachments.get(at as usize)?)
    }

    fn fetch(&self, position: u64) -> Option<Attachment> {
        self.shelf.get(position).ok()
    }

    /// Every attachment, in export order.
    pub fn attachments(&self) -> impl Iterator<Item = Attachment> {
        self.attachments
            .iter()
            .filter_map(|&position| self.fetch(position))
    }

    /// The images attached to a post, in gallery order (menu order, then id).
    pub fn attached_images(&self, parent: u64) -> Vec<u64> {
        if parent == 0 {
            return Vec::new();
        }
        let images = self.images_by_parent.get_or_init(|| {
            let mut images: Vec<(u64, u64, u64)> = self
                .attachment_at
                .iter()
                .filter_map(|(&id, &at)| Some((id, self.fetch(self.attachments[at as usize])?)))
                .filter(|(_, a)| a.is_image && a.parent != 0)
                .map(|(id, a)| (a.parent, a.order, id))
                .collect();
            images.sort_unstable();
            images
        });
        let start = images.partition_point(|image| image.0 < parent);
        images[start..]
            .iter()
            .take_while(|image| image.0 == parent)
            .map(|image| image.2)
            .collect()
    }
}

/// How items are converted.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// What to do with shortcodes wpconvert does not expand, by name (default: keep).
    pub shortcodes: HashMap<String, Policy>,
    /// Which public custom fields the metadata keeps.
    pub fields: fields::Fields,
    /// Keep readers' approved comments.
    pub comments: bool,
}

/// Everything an item's conversion may look up.
pub struct Context<'a> {
    pub site: &'a Site,
    /// By login.
    pub authors: &'a HashMap<String, Author>,
    pub index: &'a Index,
    pub options: &'a Options,
}

static MORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<!--more(.*?)?-->").expect("valid"));
static NEXTPAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<!--nextpage-->").expect("valid"));
static REUSABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s+wp:block\s+(\{[^}]*\})\s+/-->").expect("valid"));
static HTML_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s+wp:html(?:\s+\{[^}]*\})?\s+-->(.*?)<!--\s+/wp:html\s+-->")
        .expect("valid")
});
static DYNAMIC_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s+wp:([a-z][a-z0-9/-]*)(?:\s+\{.*?\})?\s+/-->").expect("valid")
});
static BARE_URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(https?://[^\s<>\x22]+)[ \t]*$").expect("valid"));

/// Builds the patterns converting an item uses ahead of their first use (see
/// [`crate::prepare`]).
pub(crate) fn prepare() {
    for pattern in [
        &MORE,
        &NEXTPAGE,
        &REUSABLE,
        &HTML_BLOCK,
        &DYNAMIC_BLOCK,
        &BARE_URL_LINE,
    ] {
        LazyLock::force(pattern);
    }
    code::prepare();
    autop::prepare();
}

/// Converts one export item into a document: its content rendered as WordPress would, its
/// fields as metadata.
pub fn convert_item(item: &Item, context: &Context<'_>) -> (Document, Vec<Warning>) {
    crate::isolate::fail_point(&item.title);
    let mut warnings = Vec::new();
    let post_id = item.post_id.parse::<u64>().ok();
    // Highlighters' code first: nothing after this may read it as HTML or shortcodes.
    let mut content = code::lift(&item.content);
    let is_blocks = content.contains("<!-- wp:");

    if is_blocks {
        content = expand_reusable_blocks(&content, context.index, &mut warnings, item);
        content = HTML_BLOCK
            .replace_all(&content, |c: &regex::Captures<'_>| {
                let html = c[1].trim();
                if html.contains('<') {
                    format!("<wp-raw-html>{}</wp-raw-html>", escape_html(html))
                } else {
                    // Text only: nothing raw about it.
                    format!("<p>{html}</p>")
                }
            })
            .into_owned();
        let mut dynamic: Vec<&str> = DYNAMIC_BLOCK
            .captures_iter(&content)
            .map(|c| c.get(1).expect("group").as_str())
            .filter(|name| {
                !matches!(
                    *name,
                    "block" | "more" | "nextpage" | "spacer" | "separator"
                )
            })
            .collect();
        dynamic.sort();
        dynamic.dedup();
        if !dynamic.is_empty() {
            warnings.push(Warning::new(format!(
                "{}: {} rendered by WordPress at view time, with nothing in the export to convert: {}",
                item.describe(),
                if dynamic.len() == 1 { "a block is" } else { "blocks are" },
                dynamic.iter().map(|n| format!("wp:{n}")).collect::<Vec<_>>().join(", ")
            )));
        }
    }

    // The teaser before <!--more--> is the excerpt when the post has none.
    let mut excerpt = decode_entities(item.excerpt.trim());
    if let Some(more) = MORE.find(&content) {
        if excerpt.is_empty() {
            let teaser = &content[..more.start()];
            excerpt = teaser_text(teaser, is_blocks, post_id, context);
        }
        content = MORE.replace_all(&content, "").into_owned();
    }
    content = NEXTPAGE.replace_all(&content, "\n<hr>\n").into_owned();

    let mut notes = Vec::new();
    content = shortcodes::expand_noting(
        &content,
        post_id,
        context.index,
        &context.options.shortcodes,
        &mut notes,
    );
    warnings.extend(
        notes
            .into_iter()
            .map(|note| Warning::new(format!("{}: {note}", item.describe()))),
    );
    if is_blocks {
        // The block editor's delimiters are comments the HTML reader drops: they go first.
        if let std::borrow::Cow::Owned(stripped) = delimiters::strip(&content) {
            content = stripped;
        }
    } else {
        content = auto_embed(&content);
        content = autop::autop(&content);
    }
    let output = html::read_fragment(&content);
    warnings.extend(output.warnings);

    let mut meta = meta(item, excerpt, context);
    let polylang = item.terms.iter().any(|t| t.domain == "language");
    if !polylang && let Some(site_language) = meta.language.as_deref() {
        // A post in another script than the site's language says (Korean on an `en` site).
        if let Some(language) = language::correction(site_language, &item.title, &item.content) {
            meta.language = Some(language.to_string());
        }
    }
    let document = Document {
        meta,
        blocks: output.document.blocks,
        comments: if context.options.comments {
            comments(item)
        } else {
            Vec::new()
        },
    };
    for (field, value, parsed) in [
        ("post_date", &item.post_date, &document.meta.published),
        (
            "post_modified",
            &item.post_modified,
            &document.meta.modified,
        ),
    ] {
        let value = value.trim();
        // WordPress writes `0000-00-00 00:00:00` for "no date" (drafts): that is no loss.
        if parsed.is_none() && !value.is_empty() && !value.starts_with("0000") {
            warnings.push(Warning::new(format!(
                "{}: {field} `{}` is not a date; left out",
                item.describe(),
                value.chars().take(40).collect::<String>()
            )));
        }
    }
    (document, warnings)
}

/// An item's approved comments (not pingbacks or trackbacks), threaded: each thread in date
/// order, each reply after its parent. Comment text goes through what WordPress does to it on
/// display (`wpautop`) and the HTML reader, which keeps no script or style. A reply whose
/// parent is not approved or not there starts a thread of its own. Never recursive: threads
/// can be as deep as the export makes them.
fn comments(item: &Item) -> Vec<crate::model::Comment> {
    let kept: Vec<&crate::read::wxr::Comment> = item
        .comments
        .iter()
        .filter(|c| c.approved.trim() == "1" && matches!(c.kind.trim(), "" | "comment"))
        .filter(|c| c.id.trim().parse::<u64>().is_ok())
        .collect();
    let ids: std::collections::HashSet<u64> = kept
        .iter()
        .filter_map(|c| c.id.trim().parse().ok())
        .collect();
    let parent_of = |c: &crate::read::wxr::Comment| {
        c.parent
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|p| *p != 0 && ids.contains(p))
    };
    let mut children: HashMap<Option<u64>, Vec<&crate::read::wxr::Comment>> = HashMap::new();
    for comment in &kept {
        children
            .entry(parent_of(comment))
            .or_default()
            .push(comment);
    }
    for replies in children.values_mut() {
        replies.sort_by(|a, b| {
            (
                a.date_gmt.trim(),
                a.date.trim(),
                a.id.trim().parse::<u64>().ok(),
            )
                .cmp(&(
                    b.date_gmt.trim(),
                    b.date.trim(),
                    b.id.trim().parse::<u64>().ok(),
                ))
        });
    }
    let mut out = Vec::with_capacity(kept.len());
    let mut seen = std::collections::HashSet::new();
    // Depth-first, with an explicit stack (reversed so that the earliest comes first).
    let mut stack: Vec<(&crate::read::wxr::Comment, usize)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|c| (*c, 0)).collect())
        .unwrap_or_default();
    // Replies in a loop of parents (a damaged export) start threads of their own, after the rest.
    let mut unplaced = kept.iter();
    loop {
        let Some((comment, depth)) = stack.pop() else {
            match unplaced.find(|c| !seen.contains(&c.id.trim().parse::<u64>().unwrap_or(0))) {
                Some(comment) => {
                    stack.push((comment, 0));
                    continue;
                }
                None => break,
            }
        };
        let id: u64 = comment.id.trim().parse().unwrap_or_default();
        if !seen.insert(id) {
            continue;
        }
        if let Some(replies) = children.get(&Some(id)) {
            stack.extend(replies.iter().rev().map(|c| (*c, depth + 1)));
        }
        let html = autop::autop(&comment.content);
        let author_url = comment.author_url.trim();
        out.push(crate::model::Comment {
            id,
            parent: parent_of(comment),
            depth,
            author: decode_entities(comment.author.trim()),
            author_url: (author_url.starts_with("http://") || author_url.starts_with("https://"))
                .then(|| author_url.to_string()),
            date: wordpress_date(&comment.date, &comment.date_gmt),
            content: html::read_fragment(&html).document.blocks,
        });
    }
    out
}

/// The teaser as plain text, for the excerpt.
fn teaser_text(
    teaser: &str,
    is_blocks: bool,
    post_id: Option<u64>,
    context: &Context<'_>,
) -> String {
    let mut html = shortcodes::expand(teaser, post_id, context.index, &context.options.shortcodes);
    if !is_blocks {
        html = autop::autop(&html);
    }
    let document = html::read_fragment(&html).document;
    let mut paragraphs = Vec::new();
    collect_text(&document.blocks, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn collect_text(blocks: &[crate::model::Block], out: &mut Vec<String>) {
    use crate::model::Block;
    for block in blocks {
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                let text = plain_text(content).trim().to_string();
                if !text.is_empty() {
                    out.push(text);
                }
            }
            Block::BlockQuote { blocks, .. } => collect_text(blocks, out),
            Block::List(list) => list.items.iter().for_each(|i| collect_text(&i.blocks, out)),
            // Code and tables before the cut are part of the teaser too.
            Block::CodeBlock { text, .. } if !text.trim().is_empty() => out.push(text.clone()),
            Block::Table(table) => {
                for row in table.head.iter().chain(&table.body) {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|cell| {
                            let mut texts = Vec::new();
                            collect_text(&cell.blocks, &mut texts);
                            texts.join(" ")
                        })
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        out.push(cells.join(" | "));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `<!-- wp:block {"ref":12} /-->` → the content of reusable block 12.
///
/// A block that includes itself, directly or through others, is left out where it recurs,
/// as WordPress renders it ("block cannot be rendered inside itself"); and one item expands
/// at most [`MAX_REUSABLE`] blocks, so blocks that each include others several times cannot
/// multiply without bound.
fn expand_reusable_blocks(
    content: &str,
    index: &Index,
    warnings: &mut Vec<Warning>,
    item: &Item,
) -> String {
    let (mut chain, mut budget, mut exhausted) = (Vec::new(), MAX_REUSABLE, false);
    expand_reusable(
        content,
        index,
        warnings,
        item,
        &mut chain,
        &mut budget,
        &mut exhausted,
    )
}

/// Reusable blocks one item may expand.
const MAX_REUSABLE: usize = 1000;

fn expand_reusable(
    content: &str,
    index: &Index,
    warnings: &mut Vec<Warning>,
    item: &Item,
    chain: &mut Vec<u64>,
    budget: &mut usize,
    exhausted: &mut bool,
) -> String {
    if !content.contains("wp:block") {
        return content.to_string();
    }
    REUSABLE
        .replace_all(content, |c: &regex::Captures<'_>| {
            let reference = serde_json::from_str::<serde_json::Value>(&c[1])
                .ok()
                .and_then(|v| v.get("ref")?.as_u64());
            let Some((id, block)) =
                reference.and_then(|r| index.reusable_blocks.get(&r).map(|b| (r, b)))
            else {
                warnings.push(Warning::new(format!(
                    "{}: reusable block {} is not in the export; left out",
                    item.describe(),
                    reference.map_or("without a reference".to_string(), |r| r.to_string())
                )));
                return String::new();
            };
            if chain.contains(&id) {
                warnings.push(Warning::new(format!(
                    "{}: reusable block {id} includes itself; left out where it recurs, as \
                     WordPress does",
                    item.describe()
                )));
                return String::new();
            }
            match budget.checked_sub(1) {
                Some(left) => *budget = left,
                None => {
                    // Reported once, at the first block past the limit.
                    if !std::mem::replace(exhausted, true) {
                        warnings.push(Warning::new(format!(
                            "{}: more than {MAX_REUSABLE} reusable blocks to expand; the rest \
                             are left out",
                            item.describe()
                        )));
                    }
                    return String::new();
                }
            }
            chain.push(id);
            let expanded = expand_reusable(block, index, warnings, item, chain, budget, exhausted);
            chain.pop();
            expanded
        })
        .into_owned()
}

/// A URL alone on its line becomes an embed, as WordPress's auto-embeds do, when its
/// provider is known; other URLs are left to become links.
fn auto_embed(content: &str) -> String {
    if !content.contains("http") {
        return content.to_string();
    }
    BARE_URL_LINE
        .replace_all(content, |c: &regex::Captures<'_>| {
            let url = &c[1];
            if html::provider_of(url).is_some() {
                format!(
                    "\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">{}</div></figure>\n",
                    escape_html(url)
                )
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

fn meta(item: &Item, excerpt: String, context: &Context<'_>) -> Meta {
    let site = context.site;
    let author = context
        .authors
        .get(&item.creator)
        .map(|a| {
            if !a.display_name.is_empty() {
                a.display_name.clone()
            } else {
                format!("{} {}", a.first_name, a.last_name)
                    .trim()
                    .to_string()
            }
        })
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| item.creator.clone());
    let terms = item
        .terms
        .iter()
        .map(|t| Term {
            taxonomy: if t.domain == "tag" {
                "post_tag".into()
            } else {
                t.domain.clone()
            },
            name: decode_entities(&t.name),
            slug: (!t.slug.is_empty()).then(|| t.slug.clone()),
        })
        .collect();
    let featured_image = item
        .meta("_thumbnail_id")
        .and_then(|id| id.trim().parse::<u64>().ok())
        .and_then(|id| context.index.attachment(id))
        .map(|a| a.url);
    let mut extra = BTreeMap::new();
    for entry in &item.postmeta {
        // Public custom fields only: keys starting with `_` are WordPress's and plugins' own.
        if entry.key.is_empty()
            || entry.key.starts_with('_')
            || !context.options.fields.keeps(&entry.key, &entry.value)
        {
            continue;
        }
        let value = crate::read::php::unserialize(&entry.value)
            .filter(|_| crate::read::php::looks_serialized(&entry.value))
            .unwrap_or_else(|| serde_json::Value::String(entry.value.clone()));
        extra.insert(entry.key.clone(), value);
    }
    Meta {
        title: Some(decode_entities(&item.title)).filter(|t| !t.trim().is_empty()),
        description: None,
        authors: if author.is_empty() {
            Vec::new()
        } else {
            vec![author]
        },
        published: published_date(item),
        modified: wordpress_date(&item.post_modified, &item.post_modified_gmt),
        canonical_url: Some(item.link.clone()).filter(|l| !l.is_empty()),
        old_path: crate::read::old_path(&item.link, &site.link),
        earlier_paths: Vec::new(),
        path: None,
        // A multilingual site's (Polylang's) language of the item, else the site's.
        language: item
            .terms
            .iter()
            .find(|t| t.domain == "language" && !t.slug.is_empty())
            .map(|t| t.slug.clone())
            .or_else(|| Some(site.language.clone()))
            .filter(|l| !l.is_empty()),
        translation_key: item
            .terms
            .iter()
            .find(|t| t.domain == "post_translations" && !t.slug.is_empty())
            .map(|t| t.slug.clone()),
        site_name: Some(site.title.clone()).filter(|t| !t.is_empty()),
        id: item.post_id.parse().ok(),
        slug: Some(item.post_name.clone()).filter(|s| !s.is_empty()),
        status: Some(item.status.clone()).filter(|s| !s.is_empty()),
        post_type: Some(item.post_type.clone()).filter(|s| !s.is_empty()),
        excerpt: Some(excerpt).filter(|e| !e.is_empty()),
        featured_image,
        terms,
        sticky: item.is_sticky == "1",
        parent_id: item.post_parent.parse().ok().filter(|p| *p != 0),
        extra,
    }
}

/// A WordPress local date with the offset its GMT twin implies (`post_date − post_date_gmt`).
/// Drafts carry `0000-00-00 00:00:00`: no date, or no offset.
pub fn wordpress_date(local: &str, gmt: &str) -> Option<DateTime> {
    let parse = |text: &str| -> Option<jiff::civil::DateTime> {
        let text = text.trim();
        if text.is_empty() || text.starts_with("0000") {
            return None;
        }
        text.replace(' ', "T").parse().ok()
    };
    let civil = parse(local)?;
    let offset = parse(gmt).and_then(|gmt| {
        let seconds = civil.duration_since(gmt).as_secs();
        // Real offsets are within ±18 hours, in whole minutes.
        (seconds.abs() <= 18 * 3600 && seconds % 60 == 0)
            .then(|| jiff::tz::Offset::from_seconds(seconds as i32).ok())
            .flatten()
    });
    Some(DateTime { civil, offset })
}

/// An item's publication date, its offset from `post_date_gmt` or, where that is empty (some
/// exporters and importers leave it so), from the RSS `pubDate`, which is the same moment in
/// RFC 2822 with its zone.
pub fn published_date(item: &Item) -> Option<DateTime> {
    let mut date = wordpress_date(&item.post_date, &item.post_date_gmt)?;
    if date.offset.is_none()
        && let Ok(moment) = jiff::fmt::rfc2822::parse(item.pub_date.trim())
    {
        let utc = moment.with_time_zone(jiff::tz::TimeZone::UTC).datetime();
        let seconds = date.civil.duration_since(utc).as_secs();
        if seconds.abs() <= 18 * 3600 && seconds % 60 == 0 {
            date.offset = jiff::tz::Offset::from_seconds(seconds as i32).ok();
        }
    }
    Some(date)
}

/// Decodes HTML character references once (`&amp;` → `&`, `&#8217;` → `’`); anything that
/// is not one is kept as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail
            .char_indices()
            .take(33)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &tail[..end];
            let value = if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .map(String::from)
            } else {
                quick_xml::escape::resolve_html5_entity(name).map(str::to_string)
            };
            value.map(|v| (v, end + 1))
        });
        match decoded {
            Some((value, consumed)) => {
                out.push_str(&value);
                rest = &tail[consumed..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn escape_html(text: &str) -> String {
    crate::write::html::escape_attribute(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_worth_of_attachments_comes_back_by_id_in_order_and_by_parent() {
        // Enough to fill the shelf's file many times over; every third id comes twice (the
        // later one replaces the earlier one in its place).
        let attachment = |id: u64, version: &str| {
            Attachment::new(
                &format!("https://example.com/wp-content/uploads/{id}-{version}.jpg"),
                &format!("Alt “{id}” {version}"),
                &"caption ".repeat(id as usize % 50),
                id % 97,
                id % 7,
                !id.is_multiple_of(5),
            )
        };
        let mut index = Index::default();
        for id in 1..=6000u64 {
            index.insert_attachment(id, attachment(id, "first"));
            if id.is_multiple_of(3) {
                index.insert_attachment(id, attachment(id, "second"));
            }
        }
        let version = |id: u64| {
            if id.is_multiple_of(3) {
                "second"
            } else {
                "first"
            }
        };
        let expected = |id: u64| attachment(id, version(id));
        for id in [1, 2, 3, 2999, 4500, 6000] {
            assert_eq!(index.attachment(id), Some(expected(id)));
        }
        assert_eq!(index.attachment(6001), None);
        let all: Vec<Attachment> = index.attachments().collect();
        assert_eq!(all, (1..=6000).map(expected).collect::<Vec<_>>());
        // Parent 5's images by menu order, then id: ids ≡ 5 (mod 97), not multiples of 5.
        let mut images: Vec<(u64, u64)> = (1..=6000u64)
            .filter(|id| id % 97 == 5 && !id.is_multiple_of(5))
            .map(|id| (id % 7, id))
            .collect();
        images.sort();
        let ids: Vec<u64> = images.into_iter().map(|(_, id)| id).collect();
        assert_eq!(index.attached_images(5), ids);
    }

    #[test]
    fn dates_take_their_offset_from_the_gmt_twin() {
        let date = wordpress_date("2011-01-07 09:08:02", "2011-01-07 14:08:02").unwrap();
        assert_eq!(date.to_string(), "2011-01-07T09:08:02-05:00");
        let date = wordpress_date("2024-06-05 00:24:01", "0000-00-00 00:00:00").unwrap();
        assert_eq!(date.to_string(), "2024-06-05T00:24:01");
        assert_eq!(
            wordpress_date("0000-00-00 00:00:00", "0000-00-00 00:00:00"),
            None
        );
    }

    #[test]
    fn an_empty_gmt_date_takes_its_offset_from_pub_date() {
        let item = Item {
            post_date: "2024-06-05 00:24:01".into(),
            post_date_gmt: "0000-00-00 00:00:00".into(),
            pub_date: "Tue, 04 Jun 2024 22:24:01 +0000".into(),
            ..Item::default()
        };
        assert_eq!(
            published_date(&item).unwrap().to_string(),
            "2024-06-05T00:24:01+02:00"
        );
        // A draft's pubDate (1970, or year -1) gives no offset.
        let item = Item {
            pub_date: "Mon, 30 Nov -0001 00:00:00 +0000".into(),
            ..item
        };
        assert_eq!(
            published_date(&item).unwrap().to_string(),
            "2024-06-05T00:24:01"
        );
    }

    #[test]
    fn entities_decode_once_and_leave_the_rest() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry &#8217;s &amp;amp; R&D &bogus; &#x1F600;"),
            "Tom & Jerry ’s &amp; R&D &bogus; 😀"
        );
    }
}
