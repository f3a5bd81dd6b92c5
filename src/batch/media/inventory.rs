//! What an item uses of the old site's uploads: which URLs of a document are media files of
//! the export (images, their `srcset` candidates and full-size links, links to PDFs and other
//! uploads, featured images, audio and video sources), and which file each stands for: a
//! resized copy (`photo-300x200.jpg`) stands for its original (`photo.jpg`) when the export
//! has that original, unless the sizes are kept; a Jetpack CDN address
//! (`i0.wp.com/old.example/…`) stands for the file it serves. Media on other hosts is left
//! alone.

use crate::model::{Document, UrlKind};
use crate::read::bare_host;
use crate::shelf::Shelf;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The export's media files, and the hosts that serve the site's uploads.
#[derive(Debug, Default)]
pub struct Library {
    /// Hosts (lower case, without `www.`) of the site and of its attachments' files.
    hosts: HashSet<String>,
    /// Attachment files by key (bare host and path, by digest) → their URL as the export
    /// gives it, by its position on `urls` (a site's worth are held: they wait in a
    /// temporary file).
    attachments: HashMap<[u8; 16], u64>,
    urls: Shelf,
    /// Keep resized copies as such instead of bringing their originals.
    keep_sizes: bool,
}

/// A media file to bring along: where it is fetched from, and its path under the uploads
/// folder (`2019/01/photo.jpg`), which is where it is placed on the new site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wanted {
    pub url: String,
    pub path: String,
}

impl Library {
    pub fn new<S: AsRef<str>>(
        site_link: &str,
        attachment_urls: impl IntoIterator<Item = S>,
        keep_sizes: bool,
    ) -> Library {
        let mut library = Library {
            keep_sizes,
            ..Library::default()
        };
        if let Some(host) = bare_host(site_link) {
            library.hosts.insert(host);
        }
        for url in attachment_urls {
            if let Some(parts) = Parts::of(url.as_ref()) {
                library.hosts.insert(parts.host.clone());
                if let Some(at) = library.urls.put(&parts.url()) {
                    library.attachments.insert(parts.key(), at);
                }
            }
        }
        library
    }

    /// Counts the uploads of `host` (`old.example`, `www.old.example`, or a URL) as the site's.
    pub fn add_host(&mut self, host: &str) {
        let host = host.trim().to_ascii_lowercase();
        let host = match host.contains("://") {
            true => bare_host(&host).unwrap_or_default(),
            false => host.trim_end_matches('/').to_string(),
        };
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        if !host.is_empty() {
            self.hosts.insert(host);
        }
    }

    /// The file a URL of a document stands for, if it is one of the site's uploads.
    pub fn resolve(&self, url: &str) -> Option<Wanted> {
        let parts = Parts::of(url)?;
        if let Some(original) = self.attachment(&parts.key()) {
            return Wanted::of(&original);
        }
        if let Some(original) = original_of(&parts.path)
            && let Some(found) = self.attachment(&key(&parts.host, &original))
        {
            return if self.keep_sizes {
                Wanted::of(&parts.url())
            } else {
                Wanted::of(&found)
            };
        }
        let uploads = parts.path.contains("/wp-content/uploads/")
            || parts.path.contains("/files/")
            || parts.host.ends_with(".files.wordpress.com");
        let file = parts
            .path
            .rsplit('/')
            .next()
            .and_then(|last| last.rsplit_once('.'))
            .is_some_and(|(stem, ending)| !stem.is_empty() && is_media_ending(ending));
        (self.hosts.contains(&parts.host) && uploads && file)
            .then(|| Wanted::of(&parts.url()))
            .flatten()
    }

    /// The URL of the attachment file with this key. (One the temporary file cannot give
    /// back, which only a failing disk would do, is treated as no attachment.)
    fn attachment(&self, key: &[u8; 16]) -> Option<String> {
        self.urls.get(*self.attachments.get(key)?).ok()
    }

    /// Every media file the document uses.
    pub fn inventory(&self, document: &mut Document) -> Vec<Wanted> {
        let mut found = Vec::new();
        rewrite(document, |_, url| {
            found.extend(self.resolve(url));
            None
        });
        found
    }
}

impl Wanted {
    fn of(url: &str) -> Option<Wanted> {
        let parts = Parts::of(url)?;
        let decoded = crate::read::wxr::percent_decode(&parts.path);
        let under_uploads = ["/wp-content/uploads/", "/files/"]
            .iter()
            .find_map(|marker| decoded.find(marker).map(|at| &decoded[at + marker.len()..]))
            .unwrap_or(&decoded);
        let path: Vec<String> = under_uploads
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(super::super::safe_file_stem)
            .collect();
        (!path.is_empty()).then(|| Wanted {
            url: parts.url(),
            path: path.join("/"),
        })
    }
}

/// An http(s) URL taken apart: scheme, bare host, path (query and fragment dropped).
struct Parts {
    scheme: String,
    /// The host as written (for fetching) and bare (for matching).
    written_host: String,
    host: String,
    path: String,
}

impl Parts {
    fn of(url: &str) -> Option<Parts> {
        let url = url.trim();
        let url = match url.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => url.to_string(),
        };
        let (origin, rest) = crate::read::split_origin(&url)?;
        let scheme = origin.split_once("://")?.0.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let written_host = crate::read::host_of(&url)?;
        // Jetpack's image CDN serves `i0.wp.com/old.example/path`.
        let cdn = written_host.len() == 9
            && written_host.starts_with('i')
            && written_host.ends_with(".wp.com")
            && written_host.as_bytes()[1].is_ascii_digit();
        if cdn {
            let (host, path) = path.trim_start_matches('/').split_once('/')?;
            let host = host.to_ascii_lowercase();
            return Some(Parts {
                scheme,
                host: host.strip_prefix("www.").unwrap_or(&host).to_string(),
                written_host: host,
                path: format!("/{path}"),
            });
        }
        Some(Parts {
            scheme,
            host: written_host
                .strip_prefix("www.")
                .unwrap_or(&written_host)
                .to_string(),
            written_host,
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
        })
    }

    fn key(&self) -> [u8; 16] {
        key(&self.host, &self.path)
    }

    fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.written_host, self.path)
    }
}

/// How an attachment file is looked up: by a digest of its bare host and path.
fn key(host: &str, path: &str) -> [u8; 16] {
    super::super::digest(&format!("{host}{path}"))
}

/// A resized copy's original: `/a/photo-300x200.jpg` → `/a/photo.jpg`.
fn original_of(path: &str) -> Option<String> {
    static RESIZED: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"-\d{1,5}x\d{1,5}(\.[A-Za-z0-9]{2,5})$").unwrap());
    let found = RESIZED.captures(path)?;
    let whole = found.get(0)?;
    Some(format!("{}{}", &path[..whole.start()], &found[1]))
}

/// File endings of media and documents people upload (not pages).
fn is_media_ending(ending: &str) -> bool {
    !matches!(
        ending.to_ascii_lowercase().as_str(),
        "html" | "htm" | "php" | "asp" | "aspx" | "shtml" | "xml"
    )
}

/// Calls `new` on every URL of the document that may name a media file (images, links,
/// the featured image, `src`, `href`, `poster` and `srcset` in raw HTML) and puts what it
/// returns in its place. A `srcset` keeps each file once.
pub fn rewrite(
    document: &mut Document,
    mut new: impl FnMut(UrlKind, &str) -> Option<String>,
) -> usize {
    let mut count = 0;
    document.visit_urls(|kind, url| match kind {
        UrlKind::Embed => {}
        UrlKind::RawHtml => count += rewrite_html(url, &mut |_, url| new(UrlKind::RawHtml, url)),
        UrlKind::Link | UrlKind::Image | UrlKind::ImageLink | UrlKind::Featured => {
            if let Some(replacement) = new(kind, url) {
                *url = replacement;
                count += 1;
            }
        }
    });
    count
}

/// The URLs in raw HTML's `src`, `href`, `poster` and `srcset` attributes, each given to `new`
/// with its attribute's name (lower case); what it returns replaces the URL.
pub(in crate::batch) fn rewrite_html(
    html: &mut String,
    new: &mut impl FnMut(&str, &str) -> Option<String>,
) -> usize {
    static ATTRIBUTE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(src|href|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .unwrap()
    });
    if !html.contains("://") && !html.contains("=\"/") && !html.contains("='/") {
        return 0;
    }
    let mut count = 0;
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for found in ATTRIBUTE.captures_iter(html) {
        let Some(value) = found.get(2).or(found.get(3)) else {
            continue;
        };
        let decoded = crate::read::wordpress::decode_entities(value.as_str());
        let attribute = found[1].to_ascii_lowercase();
        let replaced = if attribute == "srcset" {
            rewrite_srcset(&decoded, &mut |url| new(&attribute, url))
        } else {
            new(&attribute, &decoded)
        };
        if let Some(replaced) = replaced {
            out.push_str(&html[last..value.start()]);
            out.push_str(&crate::write::html::escape_attribute(&replaced));
            last = value.end();
            count += 1;
        }
    }
    if count > 0 {
        out.push_str(&html[last..]);
        *html = out;
    }
    count
}

/// A `srcset` with each candidate's URL rewritten, each file kept once (resized copies that
/// became their original collapse into one candidate). None when nothing changed.
fn rewrite_srcset(srcset: &str, new: &mut impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    for candidate in srcset.split(',') {
        let candidate = candidate.trim();
        let (url, descriptor) = candidate
            .split_once(char::is_whitespace)
            .map_or((candidate, ""), |(u, d)| (u, d.trim()));
        if url.is_empty() {
            continue;
        }
        let url = match new(url) {
            Some(replaced) => {
                changed = true;
                replaced
            }
            None => url.to_string(),
        };
        if seen.insert(url.clone()) {
            candidates.push(if descriptor.is_empty() {
                url
            } else {
                format!("{url} {descriptor}")
            });
        }
    }
    changed.then(|| candidates.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_of(keep_sizes: bool) -> Library {
        Library::new(
            "https://old.example/blog",
            [
                "https://old.example/blog/wp-content/uploads/2019/01/photo.jpg",
                "http://old.files.wordpress.com/2012/03/talk.pdf",
            ],
            keep_sizes,
        )
    }

    #[test]
    fn uploads_resized_copies_and_cdn_addresses_resolve_to_the_export_s_files() {
        let library = library_of(false);
        let photo = Some(Wanted {
            url: "https://old.example/blog/wp-content/uploads/2019/01/photo.jpg".into(),
            path: "2019/01/photo.jpg".into(),
        });
        for url in [
            "https://old.example/blog/wp-content/uploads/2019/01/photo.jpg",
            "http://www.old.example/blog/wp-content/uploads/2019/01/photo-300x200.jpg",
            "https://i2.wp.com/old.example/blog/wp-content/uploads/2019/01/photo.jpg?resize=300",
            "//old.example/blog/wp-content/uploads/2019/01/photo-1024x683.jpg#x",
        ] {
            assert_eq!(library.resolve(url), photo, "{url}");
        }
        assert_eq!(
            library_of(true)
                .resolve("https://old.example/blog/wp-content/uploads/2019/01/photo-300x200.jpg"),
            Some(Wanted {
                url: "https://old.example/blog/wp-content/uploads/2019/01/photo-300x200.jpg".into(),
                path: "2019/01/photo-300x200.jpg".into(),
            })
        );
        assert_eq!(
            library
                .resolve("https://old.files.wordpress.com/2012/03/talk.pdf")
                .map(|w| w.path),
            Some("2012/03/talk.pdf".into())
        );
        // An upload the export has no attachment for is still the site's.
        assert_eq!(
            library
                .resolve("https://old.example/blog/wp-content/uploads/2020/05/chart%20v2.png")
                .map(|w| w.path),
            Some("2020/05/chart v2.png".into())
        );
        // Another host's uploads are its own, unless the site says they are the site's.
        let earlier = "https://old-name.files.wordpress.com/2011/02/map.png";
        assert_eq!(library.resolve(earlier), None);
        let mut moved = library_of(false);
        moved.add_host("old-name.files.wordpress.com");
        assert_eq!(
            moved.resolve(earlier).map(|w| w.path),
            Some("2011/02/map.png".into())
        );
        for elsewhere in [
            "https://elsewhere.example/wp-content/uploads/2019/01/photo.jpg",
            "https://old.example/blog/2019/01/hello/",
            "https://old.example/blog/wp-content/uploads/",
            "mailto:me@old.example",
            "/wp-content/uploads/2019/01/photo.jpg",
        ] {
            assert_eq!(library.resolve(elsewhere), None, "{elsewhere}");
        }
    }

    #[test]
    fn hostile_upload_paths_stay_inside_the_media_folder() {
        let library = library_of(false);
        let wanted = library
            .resolve("https://old.example/wp-content/uploads/../../etc/passwd.jpg")
            .unwrap();
        assert!(
            !wanted.path.split('/').any(|s| s == ".." || s.is_empty()),
            "{}",
            wanted.path
        );
    }

    #[test]
    fn raw_html_sources_and_srcset_are_rewritten_each_file_once() {
        let library = library_of(false);
        let mut html = String::from(
            r#"<video controls poster="https://old.example/blog/wp-content/uploads/2019/01/photo-300x200.jpg" src="https://elsewhere.example/v.mp4"></video><img srcset="https://old.example/blog/wp-content/uploads/2019/01/photo-300x200.jpg 300w, https://old.example/blog/wp-content/uploads/2019/01/photo.jpg 1200w, https://cdn.example/x.jpg 2x">"#,
        );
        let count = rewrite_html(&mut html, &mut |_, url| {
            library.resolve(url).map(|w| format!("/media/{}", w.path))
        });
        assert_eq!(count, 2);
        assert_eq!(
            html,
            r#"<video controls poster="/media/2019/01/photo.jpg" src="https://elsewhere.example/v.mp4"></video><img srcset="/media/2019/01/photo.jpg 300w, https://cdn.example/x.jpg 2x">"#
        );
    }
}
