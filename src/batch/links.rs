//! Internal links: links from one written item to another on the old site
//! (`https://old.example/2019/01/hello/`, `http://www.old.example/?p=12`, an earlier slug)
//! rewritten to the target's address on the new site, which the plan decides
//! ([`super::plan`]), so that links keep working once the old host is switched off; links to
//! an attachment's page lead to its file. A link to the old front page leads to the new one.
//! Links to the old host that lead to no written item (archives, items not written) are
//! reported. Uploads (`/wp-content/`) are media, not links: left alone here.

use crate::model::{Document, UrlKind};
use crate::read::bare_host;
use crate::shelf::Shelf;
use std::collections::HashMap;

/// A new address, by its position on the shelf of addresses (a site's worth are held: they
/// wait in a temporary file, and the maps that lead to one share its position).
type Address = u64;

/// The old site's addresses of the items being written.
#[derive(Debug, Default)]
pub struct Links {
    /// The old site's host, lower case, without `www.`.
    host: String,
    /// The old site's origin and path (`https://old.example/blog`), for `read::old_path`.
    site: String,
    /// The path the site is served under (`/blog`), empty at a domain's root.
    base: String,
    /// Old path (lower case, no trailing `/`) → the item's address on the new site (from the
    /// site's root, without the base path).
    by_path: HashMap<Key, Address>,
    /// WordPress id → its address on the new site, for `?p=ID` and `?page_id=ID`.
    by_id: HashMap<u64, Address>,
    /// WordPress id → the paths it had under earlier slugs (`_wp_old_slug`).
    old_slugs: HashMap<u64, Vec<String>>,
    /// Attachment pages (old path as a key, and id) → the file they show: a link to the page
    /// becomes a link to the file, which the media stage may bring along.
    attachment_pages: HashMap<Key, Address>,
    attachment_ids: HashMap<u64, Address>,
    /// Category and tag archives of terms written items carry: (`category` or `post_tag`,
    /// slug in lower case) → the term page's address on the new site.
    terms: HashMap<(&'static str, String), String>,
    /// The new addresses the maps lead to.
    addresses: Shelf,
}

/// What the links of one item became.
#[derive(Debug, Default)]
pub struct Report {
    pub rewritten: usize,
    /// Links to the old site that lead to no written item.
    pub unresolved: Vec<String>,
}

impl Links {
    pub fn new(site_link: &str) -> Links {
        let site = site_link.trim().trim_end_matches('/').to_string();
        let host = bare_host(&site).unwrap_or_default();
        let base = crate::read::old_path(&format!("{site}/"), "")
            .map(|path| path.trim_end_matches('/').to_string())
            .unwrap_or_default();
        Links {
            host,
            site,
            base,
            ..Links::default()
        }
    }

    /// The path the site is served under (`/blog`), empty at a domain's root.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Records an item that is written, by its id, old address, slug and earlier slugs
    /// (WordPress redirects an address with an earlier slug to the item; so do links here),
    /// and its address on the new site (its old one where that is None).
    pub fn add(
        &mut self,
        id: &str,
        link: &str,
        slug: &str,
        old_slugs: &[String],
        new: Option<&str>,
    ) {
        let old = crate::read::old_path(link, &self.site);
        let Some(target) = new
            .or(old.as_deref())
            .and_then(|address| self.addresses.put(&address))
        else {
            return;
        };
        let mut earlier = Vec::new();
        if let Some(path) = &old {
            earlier = old_slugs
                .iter()
                .filter_map(|old| with_slug(path, slug, old))
                .collect();
            for old in &earlier {
                self.by_path.entry(key(old)).or_insert(target);
            }
            self.by_path.insert(key(path), target);
        }
        if let Ok(id) = id.parse::<u64>() {
            self.by_id.insert(id, target);
            if !earlier.is_empty() {
                self.old_slugs.insert(id, earlier);
            }
        }
    }

    /// Records an attachment: its page's address (`/2010/09/gallery/canola2/`, `?attachment_id=N`)
    /// leads to its file.
    pub fn add_attachment(&mut self, id: &str, link: &str, file: &str) {
        if file.trim().is_empty() {
            return;
        }
        let Some(file) = self.addresses.put(&file.trim()) else {
            return;
        };
        if let Some(path) = crate::read::old_path(link, &self.site) {
            self.attachment_pages.insert(key(&path), file);
        }
        if let Ok(id) = id.parse::<u64>() {
            self.attachment_ids.insert(id, file);
        }
    }

    /// Records a category or tag that a written item carries, by its WordPress slug, and the
    /// address of its page on the new site.
    pub fn add_term(&mut self, taxonomy: &'static str, slug: &str, page: String) {
        let slug = term_key(slug);
        if !slug.is_empty() {
            self.terms.entry((taxonomy, slug)).or_insert(page);
        }
    }

    /// The new page of a category or tag archive (`/category/news/`, `/category/a/b/page/2/`,
    /// `/tag/rust/`, a custom base such as `/categorias/hobbies/`), by the archive's last slug.
    fn term_page(&self, path: &str) -> Option<&String> {
        let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if let [.., "page", number] = segments.as_slice()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            segments.truncate(segments.len() - 2);
        }
        let [base, .., last] = segments.as_slice() else {
            return None;
        };
        let slug = last.to_lowercase();
        let category = || self.terms.get(&("category", slug.clone()));
        let tag = || self.terms.get(&("post_tag", slug.clone()));
        match *base {
            "category" => category(),
            "tag" => tag(),
            // A custom base: the slug says which, a category first.
            _ => category().or_else(tag),
        }
    }

    /// The paths an item had under its earlier slugs, except those another item holds now
    /// (WordPress sends an address to the item that has it, not to one that once had it).
    pub fn earlier_paths(&self, id: u64) -> Vec<String> {
        let (Some(own), Some(earlier)) = (self.by_id.get(&id), self.old_slugs.get(&id)) else {
            return Vec::new();
        };
        let own = self.address(*own);
        earlier
            .iter()
            .filter(|path| {
                self.by_path
                    .get(&key(path))
                    .is_some_and(|&holder| self.address(holder) == own)
            })
            .cloned()
            .collect()
    }

    /// The new address at a position on the shelf. (One the temporary file cannot give
    /// back, which only a failing disk would do, is treated as no address.)
    fn address(&self, at: Address) -> Option<String> {
        self.addresses.get(at).ok()
    }

    /// Rewrites the document's links to written items; reports the links to the old site
    /// that lead to none.
    pub fn rewrite(&self, document: &mut Document) -> Report {
        let mut report = Report::default();
        if self.host.is_empty() {
            return report;
        }
        // A site-relative address (`/2019/01/hello/`, `/wp-content/uploads/a.jpg`) in the
        // content is the old site's: it leads to the item's new address, or stays on the old
        // site (where it led), to be reported, or brought along if it is media.
        document.visit_urls(|kind, url| match kind {
            UrlKind::Link | UrlKind::ImageLink => {
                self.absolutize(url);
                self.visit(url, &mut report)
            }
            UrlKind::Image | UrlKind::Featured => self.absolutize(url),
            // Raw HTML (a table, a kept shortcode): its links as links, its sources made
            // absolute.
            UrlKind::RawHtml => {
                super::media::inventory::rewrite_html(url, &mut |attribute, found| {
                    let mut address = found.to_string();
                    self.absolutize(&mut address);
                    if attribute == "href" {
                        self.visit(&mut address, &mut report);
                    }
                    (address != found).then_some(address)
                });
            }
            UrlKind::Embed => {}
        });
        report
    }

    /// `/path` → `https://old.example/path`.
    fn absolutize(&self, url: &mut String) {
        if url.starts_with('/')
            && !url.starts_with("//")
            && let Some((origin, _)) = crate::read::split_origin(&self.site)
        {
            *url = format!("{origin}{url}");
        }
    }

    fn visit(&self, url: &mut String, report: &mut Report) {
        match self.resolve(url) {
            Target::Elsewhere => {}
            Target::Item(new) => {
                *url = new;
                report.rewritten += 1;
            }
            Target::Nothing => report.unresolved.push(url.clone()),
        }
    }

    fn resolve(&self, url: &str) -> Target {
        let Some((scheme, rest)) = url.trim().split_once("://") else {
            return Target::Elsewhere;
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
            || bare_host(url).is_none_or(|host| host != self.host)
        {
            return Target::Elsewhere;
        }
        let path_and_more = rest.find('/').map_or("/", |at| &rest[at..]);
        let (before_fragment, fragment) = match path_and_more.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (path_and_more, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        let decoded = crate::read::wxr::percent_decode(path);
        // Uploads and other files are media, not pages (a `.html` or `.php` address is a page).
        let last = decoded.rsplit('/').next().unwrap_or("");
        let file = last.rsplit_once('.').is_some_and(|(_, ending)| {
            !matches!(
                ending.to_ascii_lowercase().as_str(),
                "html" | "htm" | "php" | "asp" | "aspx" | "shtml"
            )
        });
        if file || decoded.contains("/wp-content/") || decoded.contains("/wp-includes/") {
            return Target::Elsewhere;
        }
        let query_id = |names: &[&str]| {
            query.and_then(|query| {
                query.split('&').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    names
                        .contains(&name)
                        .then(|| value.parse::<u64>().ok())
                        .flatten()
                })
            })
        };
        let by_id = query_id(&["p", "page_id"]);
        let old = crate::read::split_origin(&self.site)
            .and_then(|(origin, _)| crate::read::old_path(&format!("{origin}{path}"), &self.site));
        let found = match by_id {
            Some(id) => self.by_id.get(&id),
            None => old.as_ref().and_then(|old| self.by_path.get(&key(old))),
        };
        let attachment = match query_id(&["attachment_id"]) {
            Some(id) => self.attachment_ids.get(&id),
            None => old
                .as_ref()
                .and_then(|old| self.attachment_pages.get(&key(old))),
        };
        if let (None, Some(&file)) = (found, attachment)
            && let Some(file) = self.address(file)
        {
            return Target::Item(file);
        }
        match found.and_then(|&at| self.address(at)) {
            Some(old) => {
                let mut new = format!("{}{old}", self.base);
                if let Some(fragment) = fragment {
                    new.push('#');
                    new.push_str(fragment);
                }
                Target::Item(new)
            }
            // The front page is the new site's too.
            None if by_id.is_none()
                && decoded
                    .trim_start_matches(&self.base)
                    .trim_matches('/')
                    .is_empty() =>
            {
                Target::Item(format!("{}/", self.base))
            }
            None => match old
                .as_deref()
                .and_then(|old| old.strip_prefix(self.base.as_str()).or(Some(old)))
                .and_then(|old| self.term_page(old))
            {
                Some(page) => Target::Item(format!("{}{page}", self.base)),
                None => Target::Nothing,
            },
        }
    }
}

enum Target {
    /// Not the old site (or not a page of it).
    Elsewhere,
    /// A written item, at this address on the new site.
    Item(String),
    /// The old site, but no written item.
    Nothing,
}

/// The path with its slug segment (`hello`, or `hello.html`) made `old`: `/2019/01/hello/` →
/// `/2019/01/hi/`. None when the path does not end with the slug.
/// How a term's slug is looked up: percent-decoded, lowercase.
pub fn term_key(slug: &str) -> String {
    crate::read::wxr::percent_decode(slug.trim()).to_lowercase()
}

fn with_slug(path: &str, slug: &str, old: &str) -> Option<String> {
    let old = old.trim();
    if slug.is_empty() || old.is_empty() || old == slug || old.contains('/') {
        return None;
    }
    let trailing = path.ends_with('/');
    let trimmed = path.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/')?;
    let rest = last.strip_prefix(slug)?;
    if !(rest.is_empty() || rest.starts_with('.')) {
        return None;
    }
    let old = crate::read::wxr::percent_decode(old);
    Some(format!(
        "{parent}/{old}{rest}{}",
        if trailing { "/" } else { "" }
    ))
}

/// How an old path is looked up: without its trailing `/`, lowercase, by digest.
fn key(path: &str) -> Key {
    super::digest(&path.trim_end_matches('/').to_lowercase())
}

type Key = [u8; 16];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Inline};

    fn link(url: &str) -> Inline {
        Inline::Link {
            url: url.into(),
            title: None,
            content: vec![Inline::text("x")],
        }
    }

    #[test]
    fn category_and_tag_archives_lead_to_the_term_pages() {
        let mut links = Links::new("https://old.example");
        links.add_term("category", "news", "/categories/news/".into());
        links.add_term("category", "caf%c3%a9", "/categories/café/".into());
        links.add_term("post_tag", "rust", "/tags/rust/".into());
        let mut document = Document {
            blocks: vec![Block::Paragraph {
                content: [
                    "https://old.example/category/news/",
                    "https://old.example/category/world/news/page/2/",
                    "https://old.example/categorias/café/",
                    "https://old.example/tag/rust/",
                    "https://old.example/tag/news/",
                    "https://old.example/category/unknown/",
                ]
                .iter()
                .map(|u| link(u))
                .collect(),
            }],
            ..Document::default()
        };
        let report = links.rewrite(&mut document);
        let mut written = Vec::new();
        document.visit_urls(|_, url| written.push(url.clone()));
        assert_eq!(
            written,
            [
                "/categories/news/",
                "/categories/news/",
                "/categories/café/",
                "/tags/rust/",
                // `/tag/` says it is a tag, and no tag is called that.
                "https://old.example/tag/news/",
                "https://old.example/category/unknown/",
            ]
        );
        assert_eq!(report.unresolved.len(), 2);
    }

    #[test]
    fn links_to_written_items_in_every_form_lead_to_their_new_address() {
        let mut links = Links::new("https://old.example/blog");
        links.add(
            "12",
            "https://old.example/blog/2019/01/héllo/",
            "héllo",
            &["first-draft-name".to_string()],
            None,
        );
        // Its new address, where the plan gives one.
        links.add(
            "13",
            "https://old.example/blog/about/",
            "about",
            &[],
            Some("/pages/about-us/"),
        );
        assert_eq!(links.earlier_paths(12), ["/2019/01/first-draft-name/"]);
        // An earlier slug that another item has now leads to that item.
        links.add(
            "14",
            "https://old.example/blog/2019/01/other/",
            "other",
            &["about".into()],
            None,
        );
        links.add(
            "15",
            "https://old.example/blog/2019/01/first-draft-name/",
            "first-draft-name",
            &[],
            None,
        );
        assert!(links.earlier_paths(12).is_empty());
        assert_eq!(
            with_slug("/work/hello.html", "hello", "hi"),
            Some("/work/hi.html".to_string())
        );
        assert_eq!(with_slug("/2019/01/other/", "hello", "hi"), None);
        let urls = [
            "https://old.example/blog/2019/01/h%C3%A9llo/",
            "http://www.old.example/blog/2019/01/héllo#part",
            "https://OLD.example/blog/?p=12",
            "https://old.example/blog/?page_id=13",
            "https://old.example/blog/category/news/",
            "https://old.example/blog/wp-content/uploads/a.jpg",
            "https://old.example/files/talk.pdf",
            "https://old.example/blog/",
            "https://elsewhere.example/blog/about/",
            "/relative/",
            "https://old.example/blog/2019/01/first-draft-name/",
            "/blog/about/",
        ];
        let mut document = Document {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Strong {
                    content: urls.iter().map(|u| link(u)).collect(),
                }],
            }],
            ..Document::default()
        };
        document.blocks.push(Block::RawHtml {
            html: r#"<table><tr><td><a href="https://old.example/blog/?p=12">Hello</a> <a href='/blog/category/x/'>x</a> <img src="/blog/wp-content/uploads/a.png"></td></tr></table>"#.into(),
        });
        let report = links.rewrite(&mut document);
        let Some(Block::RawHtml { html }) = document.blocks.pop() else {
            unreachable!()
        };
        assert_eq!(
            html,
            r#"<table><tr><td><a href="/blog/2019/01/héllo/">Hello</a> <a href='https://old.example/blog/category/x/'>x</a> <img src="https://old.example/blog/wp-content/uploads/a.png"></td></tr></table>"#
        );
        let mut written = Vec::new();
        document.visit_urls(|_, url| written.push(url.clone()));
        assert_eq!(
            written,
            [
                "/blog/2019/01/héllo/",
                "/blog/2019/01/héllo/#part",
                "/blog/2019/01/héllo/",
                "/blog/pages/about-us/",
                "https://old.example/blog/category/news/",
                "https://old.example/blog/wp-content/uploads/a.jpg",
                "https://old.example/files/talk.pdf",
                "/blog/",
                "https://elsewhere.example/blog/about/",
                // A site-relative address is the old site's.
                "https://old.example/relative/",
                // Item 15 holds that address now, not item 12 under its earlier slug.
                "/blog/2019/01/first-draft-name/",
                "/blog/pages/about-us/",
            ]
        );
        assert_eq!(report.rewritten, 8);
        assert_eq!(
            report.unresolved,
            [
                "https://old.example/blog/category/news/",
                "https://old.example/relative/",
                "https://old.example/blog/category/x/"
            ]
        );
    }
}
