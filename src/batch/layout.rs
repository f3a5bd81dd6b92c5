//! Where each item's file goes: the folder layout and file names each site generator
//! expects (Jekyll's `_posts/YYYY-MM-DD-slug.md`, Hugo's `posts/slug/index.md` bundles, …).

use crate::model::Document;
use crate::read::wxr::Item;
use crate::write::front_matter::Preset;
use std::path::PathBuf;

/// An item's place in the output: a folder, and either a file name or (for Hugo's page
/// bundles) a folder of its own holding `index.md`. The name is the slug, after a prefix
/// for generators that want one (Jekyll's `YYYY-MM-DD-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub folder: PathBuf,
    pub prefix: String,
    pub slug: String,
    pub bundle: bool,
    /// The address the front matter sets (a child page under its parents, `/about/team/`),
    /// instead of the generator's default for the file's place.
    pub path: Option<String>,
}

impl Place {
    /// The file (or bundle folder) name wanted, before collisions are resolved.
    pub fn name(&self) -> String {
        format!("{}{}", self.prefix, self.slug)
    }
}

/// An item's place before it is converted (for the plan): [`place`] with the metadata the
/// conversion takes from the export's own fields.
pub fn place_of_item(item: &Item, preset: Preset, ascii: bool) -> Place {
    use crate::read::wordpress::{decode_entities, wordpress_date};
    let filled = |text: &str| Some(text.to_string()).filter(|t| !t.is_empty());
    let document = Document {
        meta: crate::model::Meta {
            post_type: filled(&item.post_type),
            status: filled(&item.status),
            slug: filled(&item.post_name),
            title: Some(decode_entities(&item.title)).filter(|t| !t.trim().is_empty()),
            published: wordpress_date(&item.post_date, &item.post_date_gmt),
            ..Default::default()
        },
        ..Default::default()
    };
    place(item, &document, preset, ascii)
}

pub fn place(item: &Item, document: &Document, preset: Preset, ascii: bool) -> Place {
    let meta = &document.meta;
    let kind = meta.post_type.as_deref().unwrap_or("post");
    let slug = slug(item, document, ascii);
    let published = meta.status.as_deref().is_none_or(|s| s == "publish");
    let plural = match kind {
        "post" => "posts".to_string(),
        "page" => String::new(),
        other => other.to_string(),
    };
    let mut prefix = String::new();
    let (folder, bundle) = match preset {
        Preset::Generic => (
            if kind == "page" {
                "pages".to_string()
            } else {
                plural
            },
            false,
        ),
        Preset::Hugo => (plural, true),
        Preset::Jekyll => match kind {
            "post" if !published || meta.published.is_none() => ("_drafts".into(), false),
            "post" => {
                let date = meta.published.expect("checked").civil.date();
                prefix = format!("{date}-");
                ("_posts".into(), false)
            }
            "page" => (String::new(), false),
            other => (format!("_{other}"), false),
        },
        Preset::Astro => (
            match kind {
                "post" => "blog".to_string(),
                "page" => "pages".to_string(),
                other => other.to_string(),
            },
            false,
        ),
        Preset::Zola | Preset::Eleventy => (plural, false),
    };
    Place {
        folder: PathBuf::from(folder),
        prefix,
        slug,
        bundle,
        path: None,
    }
}

/// The address a generator gives an item at `place` whose claimed slug is `slug`, from the
/// site's root, where the preset decides it from the file's place (`/posts/hello/`, and for
/// Astro what `--site`'s route does: `/blog/hello/`, pages at `/about/`); None where the
/// front matter sets it (Jekyll's and Eleventy's permalinks are the old paths).
pub fn url(place: &Place, slug: &str, preset: Preset) -> Option<String> {
    let folder = place.folder.to_string_lossy();
    match preset {
        Preset::Generic | Preset::Jekyll | Preset::Eleventy => None,
        _ if place.path.is_some() => place.path.clone(),
        _ if folder == root_folder(preset) => Some(format!("/{slug}/")),
        Preset::Hugo | Preset::Zola | Preset::Astro => Some(format!("/{folder}/{slug}/")),
    }
}

/// The address the built site gives an item (from the site's root, without its base path):
/// the preset's own for its place, else (Jekyll, Eleventy) its permalink, which is its old
/// address, or the address the generator gives a file without one. None for the generic
/// preset, which has no site.
pub fn new_url(
    place: &Place,
    slug: &str,
    preset: Preset,
    old_path: Option<&str>,
) -> Option<String> {
    use crate::write::front_matter::{jekyll_permalink, page_path};
    let folder = place.folder.to_string_lossy();
    match preset {
        Preset::Generic => None,
        Preset::Hugo | Preset::Zola | Preset::Astro => url(place, slug, preset),
        Preset::Jekyll => Some(match place.path.as_deref().or(old_path) {
            Some(path) => jekyll_permalink(path).0,
            // The site's `permalink: /:year/:month/:day/:title/` for posts; pages by name.
            None if folder == "_posts" => {
                let date = place.prefix.trim_end_matches('-').replace('-', "/");
                format!("/{date}/{slug}/")
            }
            None if folder.is_empty() => format!("/{slug}/"),
            None => format!("/{}/{slug}/", folder.trim_start_matches('_')),
        }),
        Preset::Eleventy => Some(match place.path.as_deref().or(old_path) {
            Some(path) => page_path(path),
            None if folder.is_empty() => format!("/{slug}/"),
            None => format!("/{folder}/{slug}/"),
        }),
    }
}

/// The page of a category (`category`) or tag (`post_tag`) on the generator's site with
/// `--site`'s templates: Hugo's and Zola's term pages (named by each one's slug rule), Astro's
/// term route, Jekyll's and Eleventy's term lists. None for the generic preset.
pub fn term_url(preset: Preset, taxonomy: &str, name: &str) -> Option<String> {
    let plural = if taxonomy == "category" {
        "categories"
    } else {
        "tags"
    };
    let lower_runs = |text: &str| {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
                out.extend(c.to_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    Some(match preset {
        Preset::Generic => return None,
        Preset::Hugo => format!("/{plural}/{}/", hugo_urlize(name)),
        Preset::Zola => format!("/{plural}/{}/", slugify(&deunicode::deunicode(name))),
        Preset::Astro => {
            use unicode_normalization::UnicodeNormalization;
            let normalized: String = name.nfkc().collect();
            format!("/{plural}/{}/", lower_runs(&normalized))
        }
        Preset::Jekyll => format!("/{plural}/#{}", lower_runs(name)),
        // One page lists every collection (categories and tags alike).
        Preset::Eleventy => "/tags/".to_string(),
    })
}

/// Hugo's `urlize` of a term name: letters, digits, marks and `. _ # + ~ - @` kept, each run
/// of spaces made one `-` before the next character kept (`a - b` → `a---b`), anything else
/// dropped, lower case.
fn hugo_urlize(name: &str) -> String {
    let mut out = String::new();
    let mut hyphen = false;
    for c in name.trim().chars() {
        let allowed = matches!(c, '.' | '_' | '#' | '+' | '~' | '-' | '@')
            || c.is_alphabetic()
            || c.is_numeric()
            || unicode_normalization::char::is_combining_mark(c);
        if allowed {
            if hyphen {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else if c.is_whitespace() && !out.is_empty() {
            hyphen = true;
        }
    }
    out.to_lowercase()
}

/// The folder whose items the generator puts at the site's root (`/about/`): pages.
pub fn root_folder(preset: Preset) -> &'static str {
    match preset {
        Preset::Astro => "pages",
        Preset::Generic | Preset::Hugo | Preset::Jekyll | Preset::Zola | Preset::Eleventy => "",
    }
}

/// Addresses the generator's own pages take at the site's root (with `--site`'s templates):
/// section lists (`posts`) and taxonomy pages (`tags`, `categories` and everything under
/// them). A page named like one, or an old address among them, would fight over the URL.
pub fn reserved(preset: Preset) -> &'static [&'static str] {
    match preset {
        Preset::Hugo | Preset::Zola => &["posts", "tags", "categories"],
        // `index` is the home page the site's templates write.
        Preset::Eleventy => &["index", "tags", "categories"],
        Preset::Jekyll => &["index", "tags", "categories"],
        Preset::Astro => &["blog", "tags", "categories"],
        Preset::Generic => &[],
    }
}

/// Whether an old address is one of the generator's own pages (see [`reserved`]).
pub fn is_reserved(path: &str, preset: Preset) -> bool {
    let mut segments = path.trim_matches('/').split('/');
    let first = segments.next().unwrap_or("").to_lowercase();
    let deeper = segments.next().is_some();
    reserved(preset)
        .iter()
        .any(|r| *r == first && (!deeper || matches!(first.as_str(), "tags" | "categories")))
}

/// The path of a page under its parents (`/about/team/`): its parents' slugs (nearest last),
/// as WordPress's own hierarchical addresses have them, then its own. None without parents.
pub fn path_under(parents: &[String], slug: &str, ascii: bool) -> Option<String> {
    let segments: Vec<String> = parents
        .iter()
        .map(|name| slug_text(name, ascii))
        .filter(|s| !s.is_empty())
        .collect();
    (!segments.is_empty()).then(|| format!("/{}/{slug}/", segments.join("/")))
}

/// A WordPress slug as a path segment (see [`slug`]); empty when nothing is left.
fn slug_text(name: &str, ascii: bool) -> String {
    let text = if ascii {
        slugify(&deunicode::deunicode(name))
    } else {
        url_safe(name)
    };
    if text.trim_matches('-').is_empty() {
        return String::new();
    }
    super::safe_file_stem(&text)
}

/// The item's slug: WordPress's own (percent-decoded, Unicode kept), else one made from the
/// title, else `type-id`.
fn slug(item: &Item, document: &Document, ascii: bool) -> String {
    let from_wordpress = document.meta.slug.clone().unwrap_or_default();
    let base = if !from_wordpress.trim().is_empty() {
        from_wordpress
    } else {
        slugify(document.meta.title.as_deref().unwrap_or(""))
    };
    let base = slug_text(&base, ascii);
    let base = if base.is_empty() {
        let kind = if item.post_type.is_empty() {
            "item"
        } else {
            &item.post_type
        };
        match item.post_id.as_str() {
            "" => format!("{kind}-line-{}", item.line),
            id => format!("{kind}-{id}"),
        }
    } else {
        base
    };
    super::safe_file_stem(&base)
}

/// A slug that every generator keeps as it is in a URL: letters and digits of any script,
/// combining marks, `_` and `.`; anything else (`’`, `–`, `：`, `†`, spaces) becomes `-`, runs
/// of `-` become one. Hugo drops such characters from URLs itself, so a slug that kept them
/// would put the page elsewhere than its front matter says.
fn url_safe(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for c in slug.chars() {
        if c.is_alphanumeric()
            || c == '_'
            || c == '.'
            || unicode_normalization::char::is_combining_mark(c)
        {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

/// Lowercase words joined by `-`: letters and digits of any script are kept.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_pages_are_named_by_each_generator_s_rule() {
        let cases = [
            (Preset::Hugo, "C++ & Rust", "/tags/c++-rust/"),
            (Preset::Hugo, "Café Life", "/tags/café-life/"),
            (Preset::Hugo, "Tróia - Sagres", "/tags/tróia---sagres/"),
            (Preset::Zola, "Café Life", "/tags/cafe-life/"),
            (Preset::Astro, "Café  Life!", "/tags/café-life/"),
            (Preset::Jekyll, "Café Life", "/tags/#café-life"),
            (Preset::Eleventy, "Café Life", "/tags/"),
        ];
        for (preset, name, url) in cases {
            assert_eq!(
                term_url(preset, "post_tag", name).as_deref(),
                Some(url),
                "{preset:?}"
            );
        }
        assert_eq!(
            term_url(Preset::Hugo, "category", "新年").as_deref(),
            Some("/categories/新年/")
        );
        assert_eq!(term_url(Preset::Generic, "category", "x"), None);
    }
    use crate::model::{DateTime, Meta};

    fn document(kind: &str, status: &str, slug: &str, title: &str) -> Document {
        Document {
            meta: Meta {
                post_type: Some(kind.into()),
                status: Some(status.into()),
                slug: Some(slug.into()).filter(|s: &String| !s.is_empty()),
                title: Some(title.into()),
                published: DateTime::parse("2019-01-07T09:08:02-05:00"),
                ..Meta::default()
            },
            blocks: vec![],
            comments: Vec::new(),
        }
    }

    fn item(id: &str) -> Item {
        Item {
            post_id: id.into(),
            post_type: "post".into(),
            ..Item::default()
        }
    }

    #[test]
    fn each_preset_lays_out_posts_and_pages_its_way() {
        let post = document("post", "publish", "hello", "Hello");
        let page = document("page", "publish", "about", "About");
        let cases = [
            (Preset::Generic, &post, "posts", "hello", false),
            (Preset::Generic, &page, "pages", "about", false),
            (Preset::Hugo, &post, "posts", "hello", true),
            (Preset::Hugo, &page, "", "about", true),
            (Preset::Jekyll, &post, "_posts", "2019-01-07-hello", false),
            (Preset::Jekyll, &page, "", "about", false),
            (Preset::Astro, &post, "blog", "hello", false),
            (Preset::Zola, &post, "posts", "hello", false),
            (Preset::Eleventy, &page, "", "about", false),
        ];
        for (preset, document, folder, name, bundle) in cases {
            let got = place(&item("1"), document, preset, false);
            assert_eq!(
                (got.folder.clone(), got.name(), got.bundle),
                (folder.into(), name.to_string(), bundle),
                "{preset:?}"
            );
        }
        let draft = document("post", "draft", "wip", "WIP");
        assert_eq!(
            place(&item("1"), &draft, Preset::Jekyll, false).folder,
            PathBuf::from("_drafts")
        );
    }

    #[test]
    fn slugs_come_from_wordpress_then_the_title_then_the_id() {
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "日本語の記事", "x"),
                Preset::Generic,
                false
            )
            .slug,
            "日本語の記事"
        );
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "crème-brûlée", "x"),
                Preset::Generic,
                true
            )
            .slug,
            "creme-brulee"
        );
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "", "Hello, World!"),
                Preset::Generic,
                false
            )
            .slug,
            "hello-world"
        );
        assert_eq!(
            place(
                &item("42"),
                &document("post", "publish", "", ""),
                Preset::Generic,
                false
            )
            .slug,
            "post-42"
        );
        assert_eq!(
            place(
                &item("7"),
                &document("post", "publish", "../../etc/passwd", ""),
                Preset::Generic,
                false
            )
            .slug,
            "etc-passwd"
        );
    }
}
