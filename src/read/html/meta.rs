//! Page metadata: OpenGraph and `article:*` tags, `<meta name=…>`, `<link rel=canonical>`,
//! JSON-LD `Article` data, and the page's own markup (`<time>`, `rel=author`) as a fallback.
//! Each field takes the first source that has a usable value.

use crate::model::{DateTime, Meta, Term};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

pub fn extract(html: &Html) -> Meta {
    let page = Page::new(html);
    let ld = page.json_ld_article();
    let ld_str = |key: &str| ld.as_ref().and_then(|v| string_of(v.get(key)?));

    let site_name = page.meta("og:site_name").or_else(|| {
        ld.as_ref()
            .and_then(|v| string_of(v.get("publisher")?.get("name")?))
    });
    let title = page
        .meta("og:title")
        .or_else(|| page.meta("twitter:title"))
        .or_else(|| ld_str("headline"))
        .or_else(|| page.title_element(site_name.as_deref()))
        .or_else(|| page.text_of("h1"));
    let description = page
        .meta("og:description")
        .or_else(|| page.meta("description"))
        .or_else(|| page.meta("twitter:description"))
        .or_else(|| ld_str("description"));
    let mut authors = ld
        .as_ref()
        .map(|v| names(v.get("author")))
        .unwrap_or_default();
    if authors.is_empty() {
        authors.extend(
            page.meta("author")
                .or_else(|| page.meta("article:author").filter(|a| !a.contains("://")))
                .or_else(|| page.meta("dc.creator"))
                .or_else(|| {
                    page.text_of(
                        "[rel~=author], [itemprop=author] [itemprop=name], .byline .author, \
                         .author .fn, .vcard .fn",
                    )
                }),
        );
    }
    let published = [
        page.meta("article:published_time"),
        ld_str("datePublished"),
        page.attr_of(
            "time[itemprop=datePublished], time.published, time.entry-date, time[pubdate]",
            "datetime",
        ),
        page.meta("date"),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| DateTime::parse(&d));
    let modified = [
        page.meta("article:modified_time"),
        page.meta("og:updated_time"),
        ld_str("dateModified"),
        page.attr_of("time[itemprop=dateModified], time.updated", "datetime"),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| DateTime::parse(&d));
    let canonical_url = page
        .attr_of("link[rel~=canonical]", "href")
        .or_else(|| page.meta("og:url"));
    let old_path = canonical_url
        .as_deref()
        .and_then(|url| crate::read::old_path(url, ""));
    let language = page
        .attr_of("html", "lang")
        .or_else(|| page.meta("og:locale").map(|l| l.replace('_', "-")));
    let featured_image = page.meta("og:image").or_else(|| {
        let image = ld.as_ref()?.get("image")?;
        string_of(image)
            .or_else(|| string_of(image.get("url")?))
            .or_else(|| string_of(image.get(0)?))
    });
    let mut terms = Vec::new();
    for section in page.metas("article:section") {
        terms.push(Term {
            taxonomy: "category".into(),
            name: section,
            slug: None,
        });
    }
    for tag in page.metas("article:tag") {
        terms.push(Term {
            taxonomy: "post_tag".into(),
            name: tag,
            slug: None,
        });
    }

    Meta {
        title,
        description,
        authors,
        published,
        modified,
        canonical_url,
        old_path,
        language,
        site_name,
        featured_image,
        terms,
        ..Meta::default()
    }
}

/// The elements metadata can come from, gathered in one walk over the page (a 50 MB page has
/// millions of nodes; walking them once per field would cost seconds).
struct Page<'a> {
    elements: Vec<ElementRef<'a>>,
}

impl<'a> Page<'a> {
    fn new(html: &'a Html) -> Page<'a> {
        let elements = html
            .root_element()
            .descendent_elements()
            .filter(|e| {
                let element = e.value();
                matches!(
                    element.name(),
                    "html" | "meta" | "link" | "title" | "script" | "time" | "h1"
                ) || element.attr("rel").is_some()
                    || element.attr("itemprop").is_some()
                    || element.classes().any(|c| {
                        matches!(
                            c,
                            "author" | "byline" | "fn" | "vcard" | "published" | "updated"
                        )
                    })
            })
            .collect();
        Page { elements }
    }

    fn select(&self, css: &str) -> impl Iterator<Item = ElementRef<'a>> + use<'a, '_> {
        let selector = Selector::parse(css).expect("selectors in this file are valid");
        self.elements
            .iter()
            .copied()
            .filter(move |e| selector.matches(e))
    }

    /// `<meta property|name|itemprop="key" content>` values, case-insensitively by key.
    fn metas(&self, key: &str) -> Vec<String> {
        self.select("meta[content]")
            .filter(|m| {
                ["property", "name", "itemprop"]
                    .iter()
                    .filter_map(|a| m.attr(a))
                    .any(|k| k.trim().eq_ignore_ascii_case(key))
            })
            .filter_map(|m| clean(m.attr("content")?))
            .collect()
    }

    fn meta(&self, key: &str) -> Option<String> {
        self.metas(key).into_iter().next()
    }

    fn attr_of(&self, css: &str, attr: &str) -> Option<String> {
        self.select(css).find_map(|e| clean(e.attr(attr)?))
    }

    fn text_of(&self, css: &str) -> Option<String> {
        self.select(css)
            .find_map(|e| clean(&e.text().collect::<String>()))
    }

    /// `<title>`, without the " – Site name" suffix most themes add.
    fn title_element(&self, site_name: Option<&str>) -> Option<String> {
        let title = self.text_of("title")?;
        for separator in [" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " ✩ "] {
            if let Some((head, tail)) = title.rsplit_once(separator)
                && (site_name.is_some_and(|s| tail.trim() == s) || site_name.is_none())
                && !head.trim().is_empty()
            {
                return Some(head.trim().to_string());
            }
        }
        Some(title)
    }

    /// The first JSON-LD object typed as an article (directly, in an array or an `@graph`).
    fn json_ld_article(&self) -> Option<Value> {
        const ARTICLE_TYPES: [&str; 7] = [
            "Article",
            "NewsArticle",
            "BlogPosting",
            "TechArticle",
            "ScholarlyArticle",
            "Report",
            "LiveBlogPosting",
        ];
        let is_article = |v: &Value| match v.get("@type") {
            Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
            Some(Value::Array(ts)) => ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
            _ => false,
        };
        for script in self.select("script[type='application/ld+json']") {
            let text: String = script.text().collect();
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let mut candidates = vec![value];
            while let Some(candidate) = candidates.pop() {
                match candidate {
                    Value::Array(items) => candidates.extend(items.into_iter().rev()),
                    Value::Object(mut object) => {
                        if let Some(graph) = object.remove("@graph") {
                            candidates.push(graph);
                        }
                        let value = Value::Object(object);
                        if is_article(&value) {
                            return Some(value);
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }
}

/// Trimmed, whitespace-collapsed, and not empty.
fn clean(text: &str) -> Option<String> {
    let text = crate::read::inlines::collapse_whitespace(text.trim());
    (!text.is_empty()).then_some(text)
}

fn string_of(value: &Value) -> Option<String> {
    value.as_str().and_then(clean)
}

/// Author names from JSON-LD: a string, an object with `name`, or an array of either.
fn names(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(name)) => clean(name).into_iter().collect(),
        Some(Value::Object(object)) => object.get("name").and_then(string_of).into_iter().collect(),
        Some(Value::Array(items)) => items.iter().flat_map(|v| names(Some(v))).collect(),
        _ => Vec::new(),
    }
}
