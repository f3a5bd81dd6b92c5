//! WordPress export (WXR) reader: a stream of quick-xml events in, one record at a time out.
//!
//! Memory is bounded by the largest item, never by the file: the reader keeps the site's
//! header fields and the element being read, nothing else. Each `<item>`, `<wp:author>`,
//! `<wp:category>`, `<wp:tag>` and `<wp:term>` is gathered into a small tree of its own and
//! turned into a typed record ([`Item`], [`Author`], [`TermDef`]).
//!
//! Elements are matched by namespace URI, not prefix: WXR 1.0, 1.1 and 1.2 under `http://`
//! or `https://` are all "the WordPress namespace", an element that rebinds `wp:` to a
//! foreign URI is not, and an undeclared prefix (WordPress.com's `atom:link`) is just an
//! unknown element.
//!
//! Damage is survived and reported: characters XML 1.0 forbids (form feeds in post bodies)
//! are dropped with a warning naming the item and line, invalid UTF-8 is replaced, a file
//! that is cut off yields every complete item plus a warning with the line where it broke,
//! and XML errors are reported with their line and skipped where the parser can go on.

mod guard;

use crate::Warning;
use guard::{Guard, Notices};
use quick_xml::NsReader;
use quick_xml::events::Event as XmlEvent;
use quick_xml::name::ResolveResult;
use std::io::BufRead;

/// Why an export cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    #[error(
        "this does not appear to be a WXR file: missing or invalid WXR version number{0} \
         (export the site again with Tools → Export)"
    )]
    NotWxr(String),
    #[error("cannot read the export: {0}")]
    Io(#[from] std::io::Error),
}

/// The site an export comes from (the `<channel>`'s own fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub title: String,
    pub link: String,
    pub description: String,
    pub language: String,
    pub wxr_version: String,
    pub base_site_url: String,
    pub base_blog_url: String,
    pub generator: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Author {
    pub id: String,
    pub login: String,
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

/// A term defined at the top of the export: a category, tag or custom taxonomy term.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermDef {
    pub id: String,
    /// `category`, `post_tag` or the custom taxonomy.
    pub taxonomy: String,
    pub slug: String,
    /// The parent's slug, empty at the top.
    pub parent: String,
    pub name: String,
    pub description: String,
    pub meta: Vec<MetaEntry>,
}

/// A `wp:postmeta`, `wp:termmeta` or `wp:commentmeta` entry: the value exactly as exported
/// (PHP-serialized values stay serialized; see [`crate::read::php`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MetaEntry {
    pub key: String,
    pub value: String,
}

/// A term attached to an item (`<category domain="post_tag" nicename="news">News</category>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemTerm {
    /// The taxonomy: `category`, `post_tag` (`tag` in WXR 1.0), `post_format`, custom.
    pub domain: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub author_email: String,
    pub author_url: String,
    pub author_ip: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    pub approved: String,
    pub kind: String,
    pub parent: String,
    pub user_id: String,
    pub meta: Vec<MetaEntry>,
}

/// One `<item>`: a post, page, attachment, menu item, revision, reusable block…
///
/// Every field is a string as exported: simple fields trimmed, content and excerpt kept byte
/// for byte. `post_name` is percent-decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub title: String,
    pub link: String,
    pub pub_date: String,
    pub creator: String,
    pub guid: String,
    pub description: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified: String,
    pub post_modified_gmt: String,
    pub comment_status: String,
    pub ping_status: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: String,
    pub menu_order: String,
    pub post_type: String,
    pub post_password: String,
    pub is_sticky: String,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub postmeta: Vec<MetaEntry>,
    pub comments: Vec<Comment>,
    /// The line of the export where the item starts.
    pub line: usize,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.postmeta
            .iter()
            .find(|m| m.key == key)
            .map(|m| m.value.as_str())
    }

    /// "“Title” (id 12, line 345)", for messages.
    /// The item without its text, meta and comments: its type, status and password, and what
    /// [`Item::describe`] names it by. What is read of an item that is only counted.
    pub fn outline(&self) -> Item {
        Item {
            title: self.title.clone(),
            post_id: self.post_id.clone(),
            status: self.status.clone(),
            post_type: self.post_type.clone(),
            post_password: self.post_password.clone(),
            line: self.line,
            ..Item::default()
        }
    }

    pub fn describe(&self) -> String {
        let title = if self.title.trim().is_empty() {
            "untitled item".to_string()
        } else {
            format!("“{}”", self.title.trim())
        };
        match self.post_id.as_str() {
            "" => format!("{title} (line {})", self.line),
            id => format!("{title} (id {id}, line {})", self.line),
        }
    }
}

/// What the reader yields, in export order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Record {
    Author(Author),
    Term(TermDef),
    Item(Box<Item>),
    Warning(Warning),
}

/// Which namespace an element is in, as far as WXR is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace (RSS's own elements).
    None,
    Wp,
    Excerpt,
    Content,
    Dc,
    Other,
}

/// [`classify`], remembered for the few namespaces an export declares (every element's
/// namespace was classified anew: a fortieth of converting an export).
fn classify_cached(cache: &mut Vec<(Vec<u8>, Ns)>, uri: &[u8]) -> Ns {
    if let Some((_, ns)) = cache.iter().find(|(known, _)| known.as_slice() == uri) {
        return *ns;
    }
    let ns = classify(uri);
    // A hostile export may declare namespaces without end; past a few, they are not kept.
    if cache.len() < 32 {
        cache.push((uri.to_vec(), ns));
    }
    ns
}

fn classify(uri: &[u8]) -> Ns {
    let uri = std::str::from_utf8(uri).unwrap_or("");
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
        .unwrap_or("");
    if let Some(version) = rest.strip_prefix("wordpress.org/export/") {
        // `1.2/` or `1.2/excerpt/`
        let (number, tail) = version.split_once('/').unwrap_or((version, ""));
        let numeric = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
        return match (numeric, tail) {
            (true, "") => Ns::Wp,
            (true, "excerpt/") => Ns::Excerpt,
            _ => Ns::Other,
        };
    }
    match uri {
        "http://purl.org/rss/1.0/modules/content/" => Ns::Content,
        "http://purl.org/dc/elements/1.1/" => Ns::Dc,
        _ => Ns::Other,
    }
}

/// An element gathered while reading a record.
#[derive(Debug, Default)]
struct Node {
    ns: Option<Ns>,
    name: Name,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
    /// Its own text is never read (a record, a comment, a meta entry: only the elements in
    /// it are), so blank space between those is not gathered.
    container: bool,
}

impl Node {
    fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == Some(ns) && self.name == name
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn trimmed(&self) -> String {
        self.text.trim().to_string()
    }

    /// The text trimmed, moved out when it has nothing to trim (most fields).
    fn take_trimmed(&mut self) -> String {
        if self.text.trim().len() == self.text.len() {
            std::mem::take(&mut self.text)
        } else {
            self.trimmed()
        }
    }

    /// A `<wp:postmeta>`, `<wp:termmeta>` or `<wp:commentmeta>` as a key and value, the value
    /// moved out of the record (post meta can be large: page builders keep whole layouts
    /// there).
    fn take_meta_entry(&mut self) -> MetaEntry {
        let mut entry = MetaEntry::default();
        for child in &mut self.children {
            if child.is(Ns::Wp, "meta_key") {
                entry.key = child.take_trimmed();
            } else if child.is(Ns::Wp, "meta_value") {
                entry.value = std::mem::take(&mut child.text);
            }
        }
        entry
    }
}

/// An element's local name. WXR's own names are this list's (no allocation for each of an
/// export's millions of elements); others are kept as read.
type Name = std::borrow::Cow<'static, str>;

fn name_of(bytes: &[u8]) -> Name {
    Name::Borrowed(match bytes {
        b"attachment_url" => "attachment_url",
        b"author" => "author",
        b"author_display_name" => "author_display_name",
        b"author_email" => "author_email",
        b"author_first_name" => "author_first_name",
        b"author_id" => "author_id",
        b"author_last_name" => "author_last_name",
        b"author_login" => "author_login",
        b"base_blog_url" => "base_blog_url",
        b"base_site_url" => "base_site_url",
        b"cat_name" => "cat_name",
        b"category" => "category",
        b"category_description" => "category_description",
        b"category_nicename" => "category_nicename",
        b"category_parent" => "category_parent",
        b"channel" => "channel",
        b"comment" => "comment",
        b"comment_approved" => "comment_approved",
        b"comment_author" => "comment_author",
        b"comment_author_IP" => "comment_author_IP",
        b"comment_author_email" => "comment_author_email",
        b"comment_author_url" => "comment_author_url",
        b"comment_content" => "comment_content",
        b"comment_date" => "comment_date",
        b"comment_date_gmt" => "comment_date_gmt",
        b"comment_id" => "comment_id",
        b"comment_parent" => "comment_parent",
        b"comment_status" => "comment_status",
        b"comment_type" => "comment_type",
        b"comment_user_id" => "comment_user_id",
        b"commentmeta" => "commentmeta",
        b"creator" => "creator",
        b"description" => "description",
        b"encoded" => "encoded",
        b"generator" => "generator",
        b"guid" => "guid",
        b"is_sticky" => "is_sticky",
        b"item" => "item",
        b"language" => "language",
        b"link" => "link",
        b"menu_order" => "menu_order",
        b"meta_key" => "meta_key",
        b"meta_value" => "meta_value",
        b"ping_status" => "ping_status",
        b"post_date" => "post_date",
        b"post_date_gmt" => "post_date_gmt",
        b"post_id" => "post_id",
        b"post_modified" => "post_modified",
        b"post_modified_gmt" => "post_modified_gmt",
        b"post_name" => "post_name",
        b"post_parent" => "post_parent",
        b"post_password" => "post_password",
        b"post_type" => "post_type",
        b"postmeta" => "postmeta",
        b"pubDate" => "pubDate",
        b"status" => "status",
        b"tag" => "tag",
        b"tag_description" => "tag_description",
        b"tag_name" => "tag_name",
        b"tag_slug" => "tag_slug",
        b"term" => "term",
        b"term_description" => "term_description",
        b"term_id" => "term_id",
        b"term_name" => "term_name",
        b"term_parent" => "term_parent",
        b"term_slug" => "term_slug",
        b"term_taxonomy" => "term_taxonomy",
        b"termmeta" => "termmeta",
        b"title" => "title",
        b"wp_author" => "wp_author",
        b"wxr_version" => "wxr_version",
        _ => return Name::Owned(String::from_utf8_lossy(bytes).into_owned()),
    })
}

/// Nodes deeper than this inside a record keep only their text (WXR records are three
/// levels deep: item › comment › commentmeta).
const RECORD_DEPTH: usize = 4;

/// The streaming reader. Iterate it for [`Record`]s; [`WxrReader::site`] has the channel's
/// fields once the first record has been read.
pub struct WxrReader<R: std::io::Read> {
    xml: NsReader<LineCounter<R>>,
    buffer: Vec<u8>,
    site: Site,
    /// Names of the open elements outside any record.
    outer: Vec<(Option<Ns>, Name)>,
    /// The record being gathered: its open elements, outermost first.
    record: Vec<Node>,
    record_line: usize,
    /// Characters dropped from the current record, for its warning.
    dropped: Vec<(char, usize)>,
    /// A channel-level field being read (`wp:wxr_version`…).
    field: Option<(String, String)>,
    version_checked: bool,
    /// Namespace URIs seen, classified (see [`classify_cached`]).
    namespaces: Vec<(Vec<u8>, Ns)>,
    errors: usize,
    done: bool,
    pending: std::collections::VecDeque<Record>,
    invalid_utf8: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// What the byte filter in front of the parser repaired or cut, by line.
    notices: Option<Notices>,
    /// Bytes of text gathered into the current record, and what was cut past the limit.
    record_bytes: usize,
    record_cut: usize,
}

/// The most text one record (an item with its meta and comments) keeps, in bytes; the
/// rest is cut and reported.
pub const MAX_RECORD: usize = 48 << 20;

/// More XML errors than this and the reader stops: the file is not XML any more.
const MAX_ERRORS: usize = 50;

impl<T: std::io::Read> WxrReader<crate::read::LossyUtf8<Guard<T>>> {
    /// A reader over raw bytes: invalid UTF-8 is replaced, and reported when the input ends;
    /// unsplit `]]>` in content is repaired and overlong runs are cut (see [`guard`]).
    pub fn from_bytes(input: T) -> Self {
        WxrReader::filtered(input, |filtered| filtered)
    }
}

impl WxrReader<crate::read::ahead::ReadAhead> {
    /// As [`WxrReader::from_bytes`], with the reading, filtering and decoding on a thread of
    /// their own, ahead of the parsing.
    pub fn from_bytes_ahead<T: std::io::Read + Send + 'static>(input: T) -> Self {
        WxrReader::filtered(input, crate::read::ahead::ReadAhead::new)
    }
}

impl<R: std::io::Read> WxrReader<R> {
    /// A reader over `input` through the byte filter and the UTF-8 decoding, which `place`
    /// puts in front of the parser.
    fn filtered<T: std::io::Read>(
        input: T,
        place: impl FnOnce(crate::read::LossyUtf8<Guard<T>>) -> R,
    ) -> Self {
        let guard = Guard::new(input);
        let notices = guard.notices();
        let lossy = crate::read::LossyUtf8::new(guard);
        let flag = lossy.replaced_flag();
        let mut reader = WxrReader::new(place(lossy));
        reader.invalid_utf8 = Some(flag);
        reader.notices = Some(notices);
        reader
    }
}

impl<R: std::io::Read> WxrReader<R> {
    /// A reader over text that is known to be UTF-8 (see [`WxrReader::from_bytes`]).
    pub fn new(input: R) -> WxrReader<R> {
        let mut xml = NsReader::from_reader(LineCounter::new(input));
        let config = xml.config_mut();
        config.allow_dangling_amp = true;
        config.check_end_names = false;
        config.expand_empty_elements = true;
        WxrReader {
            xml,
            buffer: Vec::new(),
            site: Site::default(),
            outer: Vec::new(),
            record: Vec::new(),
            record_line: 0,
            dropped: Vec::new(),
            field: None,
            version_checked: false,
            namespaces: Vec::new(),
            errors: 0,
            done: false,
            pending: Default::default(),
            invalid_utf8: None,
            notices: None,
            record_bytes: 0,
            record_cut: 0,
        }
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The line of the input read so far.
    fn line(&mut self) -> usize {
        self.xml.get_mut().line()
    }

    /// The line the event being handled starts on.
    fn event_line(&mut self) -> usize {
        self.xml.get_mut().mark_line()
    }

    /// Reads until a record is complete or the input ends.
    fn advance(&mut self) -> Result<(), WxrError> {
        // The event borrows this buffer, not the reader, so it is handled without a copy.
        let mut buffer = std::mem::take(&mut self.buffer);
        while self.pending.is_empty() && !self.done {
            buffer.clear();
            self.xml.get_mut().mark();
            if self.record.is_empty() {
                let line = self.event_line();
                for notice in self.notices_up_to(line) {
                    self.pending.push_back(Record::Warning(Warning::new(format!(
                        "line {}: {}",
                        notice.line, notice.message
                    ))));
                }
            }
            let event = match self.xml.read_event_into(&mut buffer) {
                Ok(event) => Some(event),
                Err(quick_xml::Error::Io(error)) => {
                    self.buffer = buffer;
                    return Err(WxrError::Io(std::io::Error::new(
                        error.kind(),
                        error.to_string(),
                    )));
                }
                Err(error) => {
                    let line = self.event_line();
                    self.errors += 1;
                    self.pending.push_back(Record::Warning(Warning::new(format!(
                        "line {line}: XML error: {error}"
                    ))));
                    if self.errors >= MAX_ERRORS {
                        self.pending.push_back(Record::Warning(Warning::new(format!(
                            "line {line}: stopped reading after {MAX_ERRORS} XML errors; \
                             everything before was converted"
                        ))));
                        self.done = true;
                    }
                    None
                }
            };
            if let Some(event) = event
                && let Err(error) = self.handle(event)
            {
                self.buffer = buffer;
                return Err(error);
            }
        }
        self.buffer = buffer;
        Ok(())
    }

    fn handle(&mut self, event: XmlEvent<'_>) -> Result<(), WxrError> {
        match event {
            XmlEvent::Start(start) => {
                // Only an element's namespace is looked at.
                let ns = Some(match self.xml.resolver().resolve_element(start.name()).0 {
                    ResolveResult::Bound(ns) => {
                        classify_cached(&mut self.namespaces, ns.as_ref().as_bytes())
                    }
                    ResolveResult::Unbound => Ns::None,
                    ResolveResult::Unknown(_) => Ns::Other,
                });
                let name = name_of(start.local_name().as_ref().as_bytes());
                if !self.record.is_empty() {
                    let container = ns == Some(Ns::Wp)
                        && matches!(
                            name.as_ref(),
                            "postmeta" | "termmeta" | "commentmeta" | "comment"
                        );
                    let mut node = Node {
                        ns,
                        name,
                        container,
                        ..Node::default()
                    };
                    if self.record.len() < RECORD_DEPTH {
                        node.attributes = attributes(&start);
                    }
                    self.record.push(node);
                    return Ok(());
                }
                if is_record(ns, &name) {
                    if !self.version_checked {
                        self.check_version()?;
                    }
                    self.record_line = self.event_line();
                    self.record.push(Node {
                        ns,
                        name,
                        attributes: attributes(&start),
                        container: true,
                        // An item's fields, without growing the list field by field.
                        children: Vec::with_capacity(32),
                        ..Node::default()
                    });
                    return Ok(());
                }
                if self.outer.last().is_some_and(|(_, n)| n == "channel") {
                    self.field = Some((field_key(ns, &name), String::new()));
                }
                self.outer.push((ns, name));
            }
            XmlEvent::End(_) => {
                if let Some(node) = self.record.pop() {
                    let depth = self.record.len();
                    match self.record.last_mut() {
                        Some(parent) => {
                            if depth >= RECORD_DEPTH {
                                parent.text.push_str(&node.text);
                            } else {
                                parent.children.push(node);
                            }
                        }
                        None => self.finish_record(node),
                    }
                    return Ok(());
                }
                if let Some((key, value)) = self.field.take() {
                    self.set_site_field(&key, value);
                }
                self.outer.pop();
            }
            XmlEvent::Text(text) => {
                let text = text.xml10_content();
                self.push_text(&text);
            }
            XmlEvent::CData(data) => {
                let text = data.xml10_content();
                self.push_text(&text);
            }
            XmlEvent::GeneralRef(reference) => {
                let text = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.xml10_content();
                        match quick_xml::escape::resolve_predefined_entity(&name)
                            .or_else(|| quick_xml::escape::resolve_html5_entity(&name))
                        {
                            Some(value) => value.to_string(),
                            None => format!("&{name};"),
                        }
                    }
                };
                self.push_text(&text);
            }
            XmlEvent::Eof => {
                self.done = true;
                let line = self.event_line();
                if let Some(record) = self.record.first() {
                    let what = match record.name.as_ref() {
                        "item" => {
                            let title = record
                                .children
                                .iter()
                                .find(|c| c.is(Ns::None, "title"))
                                .map(|c| format!(" “{}”", c.text.trim()))
                                .unwrap_or_default();
                            format!("item{title}")
                        }
                        other => other.to_string(),
                    };
                    self.pending.push_back(Record::Warning(Warning::new(format!(
                        "the export is cut off at line {line}, inside the {what} that starts at \
                         line {}: that record is lost, everything before it was read",
                        self.record_line
                    ))));
                    self.record.clear();
                } else if !self.outer.is_empty() {
                    self.pending.push_back(Record::Warning(Warning::new(format!(
                        "the export ends at line {line} without closing </{}>: it may be cut off",
                        self.outer.last().map_or("rss", |(_, n)| n.as_ref())
                    ))));
                }
                if self
                    .invalid_utf8
                    .as_ref()
                    .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
                {
                    self.pending.push_back(Record::Warning(Warning::new(
                        "the export is not valid UTF-8: undecodable bytes were replaced with U+FFFD",
                    )));
                }
                if !self.version_checked {
                    self.check_version()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The filter's notices for input up to `line`, taken.
    fn notices_up_to(&mut self, line: usize) -> Vec<guard::Notice> {
        let Some(notices) = &self.notices else {
            return Vec::new();
        };
        let Ok(mut notices) = notices.lock() else {
            return Vec::new();
        };
        if notices.is_empty() {
            return Vec::new();
        }
        let (now, later) = notices.drain(..).partition(|n| n.line <= line);
        *notices = later;
        now
    }

    fn push_text(&mut self, text: &str) {
        if !self.record.is_empty() {
            self.record_bytes += text.len();
            if self.record_bytes > MAX_RECORD {
                let keep = text.len().saturating_sub(self.record_bytes - MAX_RECORD);
                let keep = text.floor_char_boundary(keep);
                self.record_cut += text.len() - keep;
                self.record_bytes = MAX_RECORD;
                if keep == 0 {
                    return;
                }
                return self.push_text_kept(&text[..keep]);
            }
        }
        self.push_text_kept(text)
    }

    fn push_text_kept(&mut self, text: &str) {
        if self.record.is_empty() {
            if let Some((_, value)) = &mut self.field {
                value.push_str(text);
            }
            return;
        }
        if is_plain_xml(text) {
            if let Some(node) = self.record.last_mut()
                && !node.container
            {
                node.text.push_str(text);
            }
            return;
        }
        let mut line = self.event_line();
        let Some(node) = self.record.last_mut() else {
            return;
        };
        for c in text.chars() {
            if allowed_in_xml(c) {
                node.text.push(c);
            } else {
                self.dropped.push((c, line));
            }
            if c == '\n' {
                line += 1;
            }
        }
    }

    fn check_version(&mut self) -> Result<(), WxrError> {
        self.version_checked = true;
        let version = self.site.wxr_version.trim();
        let numeric = !version.is_empty()
            && version.chars().all(|c| c.is_ascii_digit() || c == '.')
            && version.chars().any(|c| c.is_ascii_digit());
        if numeric {
            Ok(())
        } else if version.is_empty() {
            Err(WxrError::NotWxr(String::new()))
        } else {
            Err(WxrError::NotWxr(format!(" (it says {version:?})")))
        }
    }

    fn set_site_field(&mut self, key: &str, value: String) {
        let value = value.trim().to_string();
        let site = &mut self.site;
        match key {
            "title" => site.title = value,
            "link" => site.link = value,
            "description" => site.description = value,
            "language" => site.language = value,
            "generator" => site.generator = value,
            "wp:wxr_version" => site.wxr_version = value,
            "wp:base_site_url" => site.base_site_url = value,
            "wp:base_blog_url" => site.base_blog_url = value,
            _ => {}
        }
    }

    fn finish_record(&mut self, node: Node) {
        let dropped = std::mem::take(&mut self.dropped);
        let cut = std::mem::take(&mut self.record_cut);
        self.record_bytes = 0;
        let line = self.line();
        let notices = self.notices_up_to(line);
        let record = if node.is(Ns::Wp, "author") || node.is(Ns::Wp, "wp_author") {
            Record::Author(author(&node))
        } else if node.name == "item" {
            let mut item = item(node);
            item.line = self.record_line;
            Record::Item(Box::new(item))
        } else {
            Record::Term(term(node))
        };
        if notices.is_empty() && cut == 0 && dropped.is_empty() {
            self.pending.push_front(record);
            return;
        }
        // What the warnings name it by.
        let what = match &record {
            Record::Author(author) => format!("author “{}”", author.login),
            Record::Item(item) => item.describe(),
            Record::Term(term) => format!("term “{}”", term.name),
            Record::Warning(_) => String::new(),
        };
        self.pending.push_front(record);
        for notice in notices {
            self.pending.push_back(Record::Warning(Warning::new(format!(
                "{what}: line {}: {}",
                notice.line, notice.message
            ))));
        }
        if cut > 0 {
            self.pending.push_back(Record::Warning(Warning::new(format!(
                "{what}: its text was cut at {} MiB ({cut} bytes dropped)",
                MAX_RECORD >> 20
            ))));
        }
        if !dropped.is_empty() {
            self.pending.push_back(Record::Warning(Warning::new(format!(
                "{what}: dropped {} character{} not allowed in XML ({}) at line {}",
                dropped.len(),
                if dropped.len() == 1 { "" } else { "s" },
                describe_chars(&dropped),
                dropped[0].1
            ))));
        }
    }
}

impl<R: std::io::Read> Iterator for WxrReader<R> {
    type Item = Result<Record, WxrError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Err(error) = self.advance() {
            self.done = true;
            self.pending.clear();
            return Some(Err(error));
        }
        self.pending.pop_front().map(Ok)
    }
}

fn is_record(ns: Option<Ns>, name: &str) -> bool {
    matches!(
        (ns, name),
        (Some(Ns::None), "item")
            | (
                Some(Ns::Wp),
                "author" | "wp_author" | "category" | "tag" | "term"
            )
    )
}

fn field_key(ns: Option<Ns>, name: &str) -> String {
    match ns {
        Some(Ns::Wp) => format!("wp:{name}"),
        Some(Ns::None) => name.to_string(),
        _ => String::new(),
    }
}

fn attributes(start: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (key, value)
        })
        .collect()
}

/// Whether every character of `text` is allowed in XML 1.0 (see [`allowed_in_xml`]): no C0
/// control but tab and line breaks (a branch-free scan the compiler vectorizes: every text of
/// an export passes here), no U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`; surrogates cannot be
/// in a `str`).
fn is_plain_xml(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control = bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
    });
    !control && (memchr::memchr(0xEF, bytes).is_none() || !text.contains(['\u{FFFE}', '\u{FFFF}']))
}

/// XML 1.0's Char production.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn describe_chars(dropped: &[(char, usize)]) -> String {
    let mut names: Vec<String> = dropped
        .iter()
        .map(|(c, _)| format!("U+{:04X}", *c as u32))
        .collect();
    names.sort();
    names.dedup();
    names.join(", ")
}

fn author(node: &Node) -> Author {
    let mut author = Author::default();
    for child in node.children.iter().filter(|c| c.ns == Some(Ns::Wp)) {
        let value = child.trimmed();
        match child.name.as_ref() {
            "author_id" => author.id = value,
            "author_login" => author.login = value,
            "author_email" => author.email = value,
            "author_display_name" => author.display_name = value,
            "author_first_name" => author.first_name = value,
            "author_last_name" => author.last_name = value,
            _ => {}
        }
    }
    author
}

fn term(mut node: Node) -> TermDef {
    let mut term = TermDef {
        taxonomy: match node.name.as_ref() {
            "category" => "category".into(),
            "tag" => "post_tag".into(),
            _ => String::new(),
        },
        ..TermDef::default()
    };
    for child in node.children.iter_mut().filter(|c| c.ns == Some(Ns::Wp)) {
        if child.name == "termmeta" {
            term.meta.push(child.take_meta_entry());
            continue;
        }
        let value = child.take_trimmed();
        match child.name.as_ref() {
            "term_id" => term.id = value,
            "term_taxonomy" => term.taxonomy = value,
            "category_nicename" | "tag_slug" | "term_slug" => term.slug = value,
            "category_parent" | "term_parent" => term.parent = value,
            "cat_name" | "tag_name" | "term_name" => term.name = value,
            "category_description" | "tag_description" | "term_description" => {
                term.description = value
            }
            _ => {}
        }
    }
    term
}

/// The item a record holds. The record is consumed: the post's text moves into the item rather
/// than being copied (it is most of an export's bytes).
fn item(mut node: Node) -> Item {
    let mut item = Item::default();
    for child in &mut node.children {
        if child.ns == Some(Ns::Wp) && child.name == "postmeta" {
            item.postmeta.push(child.take_meta_entry());
            continue;
        }
        if child.ns == Some(Ns::Wp) && child.name == "comment" {
            item.comments.push(comment(child));
            continue;
        }
        // A name of WXR's own costs nothing to copy (see [`name_of`]).
        let name = child.name.clone();
        match (child.ns, name.as_ref()) {
            (Some(Ns::None), "title") => item.title = child.take_trimmed(),
            (Some(Ns::None), "link") => item.link = child.take_trimmed(),
            (Some(Ns::None), "pubDate") => item.pub_date = child.take_trimmed(),
            (Some(Ns::None), "guid") => item.guid = child.take_trimmed(),
            (Some(Ns::None), "description") => item.description = child.take_trimmed(),
            (Some(Ns::None), "category") => {
                // WXR 1.0 repeats each category without a domain: skip those (and see below).
                if let Some(domain) = child.attribute("domain") {
                    item.terms.push(ItemTerm {
                        domain: domain.trim().to_string(),
                        slug: percent_decode(child.attribute("nicename").unwrap_or("").trim()),
                        name: child.take_trimmed(),
                    });
                }
            }
            (Some(Ns::Dc), "creator") => item.creator = child.take_trimmed(),
            (Some(Ns::Content), "encoded") => item.content = std::mem::take(&mut child.text),
            (Some(Ns::Excerpt), "encoded") => item.excerpt = std::mem::take(&mut child.text),
            (Some(Ns::Wp), name) => {
                let value = child.take_trimmed();
                match name {
                    "post_id" => item.post_id = value,
                    "post_date" => item.post_date = value,
                    "post_date_gmt" => item.post_date_gmt = value,
                    "post_modified" => item.post_modified = value,
                    "post_modified_gmt" => item.post_modified_gmt = value,
                    "comment_status" => item.comment_status = value,
                    "ping_status" => item.ping_status = value,
                    "post_name" if value.contains('%') => item.post_name = percent_decode(&value),
                    "post_name" => item.post_name = value,
                    "status" => item.status = value,
                    "post_parent" => item.post_parent = value,
                    "menu_order" => item.menu_order = value,
                    "post_type" => item.post_type = value,
                    "post_password" => item.post_password = value,
                    "is_sticky" => item.is_sticky = value,
                    "attachment_url" => item.attachment_url = value,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    // WXR 1.0 writes each term twice, once without its slug: keep the full one.
    let has_full = |terms: &[ItemTerm], t: &ItemTerm| {
        terms
            .iter()
            .any(|full| !full.slug.is_empty() && full.domain == t.domain && full.name == t.name)
    };
    let doubles: Vec<usize> = (0..item.terms.len())
        .filter(|&i| item.terms[i].slug.is_empty() && has_full(&item.terms, &item.terms[i]))
        .collect();
    for i in doubles.into_iter().rev() {
        item.terms.remove(i);
    }
    item
}

fn comment(node: &mut Node) -> Comment {
    let mut comment = Comment::default();
    for child in node.children.iter_mut().filter(|c| c.ns == Some(Ns::Wp)) {
        if child.name == "commentmeta" {
            comment.meta.push(child.take_meta_entry());
            continue;
        }
        if child.name == "comment_content" {
            comment.content = std::mem::take(&mut child.text);
            continue;
        }
        let value = child.take_trimmed();
        match child.name.as_ref() {
            "comment_id" => comment.id = value,
            "comment_author" => comment.author = value,
            "comment_author_email" => comment.author_email = value,
            "comment_author_url" => comment.author_url = value,
            "comment_author_IP" => comment.author_ip = value,
            "comment_date" => comment.date = value,
            "comment_date_gmt" => comment.date_gmt = value,
            "comment_approved" => comment.approved = value,
            "comment_type" => comment.kind = value,
            "comment_parent" => comment.parent = value,
            "comment_user_id" => comment.user_id = value,
            _ => {}
        }
    }
    comment
}

/// `%e6%97%a5` → `日`: WordPress stores non-ASCII slugs percent-encoded. Invalid sequences
/// are kept as they are.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => decoded,
        Err(_) => text.to_string(),
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The input, buffered for quick-xml, knowing the line of what it has handed out. Newlines
/// are counted once per buffer (and up to an event's start when a message asks for its line),
/// not per event: exports have millions of events and few messages.
pub struct LineCounter<R> {
    inner: R,
    buffer: Box<[u8]>,
    /// Handed out up to `start`, read up to `end`.
    start: usize,
    end: usize,
    /// The line at `buffer[counted]` (1 + the newlines before it).
    line: usize,
    counted: usize,
    /// Where the event being read began, and its line once that part of the buffer is gone.
    mark: usize,
    mark_line: Option<usize>,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            buffer: vec![0; 256 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            line: 1,
            counted: 0,
            mark: 0,
            mark_line: None,
        }
    }

    fn count_to(&mut self, to: usize) {
        if to > self.counted {
            self.line += memchr::memchr_iter(b'\n', &self.buffer[self.counted..to]).count();
            self.counted = to;
        }
    }

    /// Marks the start of the next event.
    fn mark(&mut self) {
        self.mark = self.start;
        self.mark_line = None;
    }

    /// The line the marked event starts on.
    fn mark_line(&mut self) -> usize {
        if let Some(line) = self.mark_line {
            return line;
        }
        self.count_to(self.mark);
        self.line
    }

    /// The line of the next byte to be handed out.
    fn line(&mut self) -> usize {
        self.count_to(self.start);
        self.line
    }
}

impl<R: std::io::Read> std::io::Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: std::io::Read> BufRead for LineCounter<R> {
    // Inlined: the parser asks for the buffer a few times per event, and mostly gets it as
    // it was.
    #[inline]
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.start == self.end {
            return self.refill();
        }
        Ok(&self.buffer[self.start..self.end])
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

impl<R: std::io::Read> LineCounter<R> {
    /// Reads the next stretch of input into the buffer, once all of it was handed out.
    #[inline(never)]
    fn refill(&mut self) -> std::io::Result<&[u8]> {
        // The buffer is about to be reused: its lines are counted first, the marked event's
        // start among them.
        if self.mark_line.is_none() {
            self.mark_line = Some(self.mark_line());
        }
        self.count_to(self.start);
        let n = loop {
            match self.inner.read(&mut self.buffer) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        self.start = 0;
        self.end = n;
        self.counted = 0;
        self.mark = 0;
        Ok(&self.buffer[self.start..self.end])
    }
}

#[cfg(test)]
mod tests;
