//! Front matter: the metadata block at the top of a Markdown file that static-site
//! generators read, in YAML (`---`), TOML (`+++`) or JSON.
//!
//! Field names follow a [`Preset`]: the generic set, or what Hugo, Jekyll, Astro, Zola and
//! Eleventy each document (Hugo's `lastmod`, `summary` and `aliases`; Jekyll's `layout` and
//! `published`; the Astro blog template's `pubDate` and `heroImage`; Zola's `[taxonomies]`
//! and `[extra]` tables; Eleventy's `tags` and `permalink`). Fields with no value are left
//! out; passwords and e-mail addresses are never in the model, so never here.

use crate::model::{Block, DateTime, Meta};
use serde_json::{Map, Value, json};

/// Which site generator's field names and layout to follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// Generic names most generators accept.
    #[default]
    Generic,
    Hugo,
    Jekyll,
    Astro,
    Zola,
    Eleventy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Yaml,
    Toml,
    Json,
}

impl Preset {
    /// The front matter format the generator expects by default.
    pub fn default_format(self) -> Format {
        match self {
            Preset::Zola => Format::Toml,
            _ => Format::Yaml,
        }
    }
}

/// The fields of a document's front matter, in order, as the preset names them.
pub fn fields(meta: &Meta, preset: Preset) -> Map<String, Value> {
    let mut map = Map::new();
    let put = |map: &mut Map<String, Value>, key: &str, value: Value| {
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        };
        if !empty {
            map.insert(key.to_string(), value);
        }
    };
    let date = |d: &Option<DateTime>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    // A link target like any other: `javascript:` never reaches a template.
    let featured_image = meta
        .featured_image
        .as_deref()
        .and_then(crate::write::sanitize::url)
        .map(str::to_string);
    let draft = meta
        .status
        .as_deref()
        .is_some_and(|s| s != "publish" && s != "inherit");
    let categories: Vec<&str> = meta.terms_of("category").collect();
    let tags: Vec<&str> = meta.terms_of("post_tag").collect();
    let mut taxonomies = Map::new();
    for term in &meta.terms {
        if !is_other_content_taxonomy(&term.taxonomy) {
            continue;
        }
        let entry = taxonomies
            .entry(term.taxonomy.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(names) = entry {
            names.push(Value::String(term.name.clone()));
        }
    }
    let format = meta
        .terms
        .iter()
        .find(|t| t.taxonomy == "post_format")
        .and_then(|t| t.slug.as_deref().or(Some(&t.name)))
        .map(|f| f.trim_start_matches("post-format-").to_string());
    let old_path = meta.old_path.clone();
    // Every old address that leads to it: its own, then those under earlier slugs.
    let old_paths: Vec<String> = old_path
        .iter()
        .chain(&meta.earlier_paths)
        .cloned()
        .collect();
    // A page placed under its parents: its address, which the old one (if any) redirects to.
    let path = meta.path.clone();
    let author = meta.authors.first().cloned();
    let custom: Map<String, Value> = meta.extra.clone().into_iter().collect();
    let title = meta.title.clone().map_or(Value::Null, Value::String);
    let excerpt = meta.excerpt.clone().map_or(Value::Null, Value::String);
    let description = meta
        .description
        .clone()
        .or(meta.excerpt.clone())
        .map_or(Value::Null, Value::String);

    match preset {
        Preset::Generic => {
            put(&mut map, "title", title);
            put(&mut map, "description", meta.description.clone().into());
            put(&mut map, "date", date(&meta.published));
            put(&mut map, "updated", date(&meta.modified));
            if draft {
                put(&mut map, "draft", json!(true));
            }
            put(&mut map, "slug", meta.slug.clone().into());
            put(&mut map, "authors", json!(meta.authors));
            put(&mut map, "categories", json!(categories));
            put(&mut map, "tags", json!(tags));
            for (taxonomy, names) in taxonomies {
                put(&mut map, &taxonomy, names);
            }
            put(&mut map, "format", format.into());
            put(&mut map, "excerpt", excerpt);
            put(&mut map, "featured_image", featured_image.clone().into());
            put(&mut map, "canonical_url", meta.canonical_url.clone().into());
            if meta.sticky {
                put(&mut map, "sticky", json!(true));
            }
            put(&mut map, "lang", meta.language.clone().into());
            put(
                &mut map,
                "translation_key",
                meta.translation_key.clone().into(),
            );
            put(&mut map, "site_name", meta.site_name.clone().into());
            put(&mut map, "wordpress_id", meta.id.into());
            put(&mut map, "fields", Value::Object(custom));
        }
        Preset::Hugo => {
            put(&mut map, "title", title);
            put(&mut map, "date", date(&meta.published));
            put(&mut map, "lastmod", date(&meta.modified));
            put(&mut map, "draft", json!(draft));
            put(&mut map, "slug", meta.slug.clone().into());
            put(&mut map, "summary", excerpt);
            put(&mut map, "description", meta.description.clone().into());
            put(&mut map, "categories", json!(categories));
            put(&mut map, "tags", json!(tags));
            for (taxonomy, names) in taxonomies {
                put(&mut map, &taxonomy, names);
            }
            put(&mut map, "aliases", json!(old_paths));
            put(&mut map, "url", path.clone().into());
            if meta.sticky {
                put(&mut map, "weight", json!(-1));
            }
            // Hugo's own link between translations (its language comes from the file name or
            // content folder, which a multilingual configuration sets up).
            put(
                &mut map,
                "translationKey",
                meta.translation_key.clone().into(),
            );
            let mut params = Map::new();
            put(&mut params, "author", author.into());
            put(&mut params, "featured_image", featured_image.clone().into());
            put(&mut params, "format", format.into());
            if meta.sticky {
                put(&mut params, "sticky", json!(true));
            }
            put(&mut params, "wordpress_id", meta.id.into());
            merge_under(&mut params, custom);
            put(&mut map, "params", Value::Object(params));
        }
        Preset::Jekyll => {
            let page = meta.post_type.as_deref() == Some("page");
            put(
                &mut map,
                "layout",
                json!(if page { "page" } else { "post" }),
            );
            put(&mut map, "title", title);
            put(
                &mut map,
                "date",
                meta.published
                    .map_or(Value::Null, |d| json!(jekyll_date(d))),
            );
            put(
                &mut map,
                "last_modified_at",
                meta.modified.map_or(Value::Null, |d| json!(jekyll_date(d))),
            );
            if draft {
                put(&mut map, "published", json!(false));
            }
            put(&mut map, "author", author.into());
            // What jekyll-seo-tag, jekyll-polyglot and themes read.
            put(&mut map, "lang", meta.language.clone().into());
            put(
                &mut map,
                "translation_key",
                meta.translation_key.clone().into(),
            );
            put(&mut map, "categories", json!(categories));
            put(&mut map, "tags", json!(tags));
            for (taxonomy, names) in taxonomies {
                put(&mut map, &taxonomy, names);
            }
            put(&mut map, "excerpt", excerpt);
            put(&mut map, "image", featured_image.clone().into());
            // The old address is the new one: nothing to redirect, unless Jekyll would link to
            // it by another form (see `jekyll_permalink`).
            let (permalink, redirect) = match (&path, old_path.as_deref()) {
                (Some(path), old) => (
                    Some(jekyll_permalink(path).0),
                    old.filter(|old| old.trim_end_matches('/') != path.trim_end_matches('/'))
                        .map(str::to_string),
                ),
                (None, Some(old)) => {
                    let (permalink, redirect) = jekyll_permalink(old);
                    (Some(permalink), redirect)
                }
                (None, None) => (None, None),
            };
            put(&mut map, "permalink", permalink.into());
            put(
                &mut map,
                "redirect_from",
                json!(
                    redirect
                        .into_iter()
                        .chain(meta.earlier_paths.iter().cloned())
                        .collect::<Vec<_>>()
                ),
            );
            if meta.sticky {
                put(&mut map, "pin", json!(true));
            }
            put(&mut map, "wordpress_id", meta.id.into());
            put(&mut map, "fields", Value::Object(custom));
        }
        Preset::Astro => {
            put(&mut map, "title", title);
            put(&mut map, "description", description);
            put(&mut map, "pubDate", date(&meta.published));
            put(&mut map, "updatedDate", date(&meta.modified));
            put(&mut map, "heroImage", featured_image.clone().into());
            put(&mut map, "author", author.into());
            put(&mut map, "lang", meta.language.clone().into());
            put(
                &mut map,
                "translationKey",
                meta.translation_key.clone().into(),
            );
            put(&mut map, "categories", json!(categories));
            put(&mut map, "tags", json!(tags));
            for (taxonomy, names) in taxonomies {
                put(&mut map, &taxonomy, names);
            }
            if draft {
                put(&mut map, "draft", json!(true));
            }
            put(&mut map, "slug", meta.slug.clone().into());
            // The address it had, for the site's redirects (`--site` writes the route).
            put(&mut map, "oldPath", old_path.into());
            put(&mut map, "earlierPaths", json!(meta.earlier_paths));
            put(&mut map, "path", path.clone().into());
            put(&mut map, "wordpress_id", meta.id.into());
            put(&mut map, "fields", Value::Object(custom));
        }
        Preset::Zola => {
            put(&mut map, "title", title);
            put(&mut map, "description", description);
            put(&mut map, "date", date(&meta.published));
            put(&mut map, "updated", date(&meta.modified));
            put(&mut map, "draft", json!(draft));
            put(&mut map, "slug", meta.slug.clone().into());
            // Zola's `path` is written without its leading `/`.
            put(
                &mut map,
                "path",
                path.as_deref().map(|p| p.trim_start_matches('/')).into(),
            );
            put(&mut map, "aliases", json!(old_paths));
            let mut zola_taxonomies = Map::new();
            put(&mut zola_taxonomies, "categories", json!(categories));
            put(&mut zola_taxonomies, "tags", json!(tags));
            for (taxonomy, names) in taxonomies {
                put(&mut zola_taxonomies, &taxonomy, names);
            }
            put(&mut map, "taxonomies", Value::Object(zola_taxonomies));
            let mut extra = Map::new();
            put(&mut extra, "author", author.into());
            put(&mut extra, "featured_image", featured_image.clone().into());
            if meta.sticky {
                put(&mut extra, "sticky", json!(true));
            }
            put(&mut extra, "wordpress_id", meta.id.into());
            merge_under(&mut extra, custom);
            put(&mut map, "extra", Value::Object(extra));
        }
        Preset::Eleventy => {
            put(&mut map, "title", title);
            put(&mut map, "description", description);
            put(&mut map, "date", date(&meta.published));
            // Eleventy's `tags` build its collections: the post type, the categories and tags.
            let mut collection: Vec<String> = Vec::new();
            if let Some(kind) = meta.post_type.as_deref().filter(|t| *t == "post") {
                collection.push(format!("{kind}s"));
            }
            collection.extend(categories.iter().chain(&tags).map(|s| s.to_string()));
            collection.dedup();
            put(&mut map, "tags", json!(collection));
            // Unpublished items are written but not built (`permalink: false`) nor listed.
            let permalink = match path.as_deref().or(old_path.as_deref()) {
                _ if draft => json!(false),
                Some(path) => json!(page_path(path)),
                None => Value::Null,
            };
            put(&mut map, "permalink", permalink);
            // Eleventy's i18n plugin and templates read `lang`.
            put(&mut map, "lang", meta.language.clone().into());
            put(
                &mut map,
                "translationKey",
                meta.translation_key.clone().into(),
            );
            put(&mut map, "author", author.into());
            put(&mut map, "image", featured_image.clone().into());
            if draft {
                put(&mut map, "draft", json!(true));
                put(&mut map, "eleventyExcludeFromCollections", json!(true));
            }
            put(&mut map, "wordpress_id", meta.id.into());
            put(&mut map, "fields", Value::Object(custom));
        }
    }
    map
}

/// The item's metadata with what the preset requires and the item lacks made from its
/// content, or None when nothing is missing. The Astro blog starter's schema requires a
/// `title`, a `description` and a `pubDate`: an untitled post is titled by its first words,
/// the description is the excerpt or else the first sentences, the date of an item never
/// published is its last change.
pub fn complete(meta: &Meta, blocks: &[Block], preset: Preset) -> Option<Meta> {
    if preset != Preset::Astro {
        return None;
    }
    let has = |field: &Option<String>| field.as_deref().is_some_and(|s| !s.trim().is_empty());
    let no_title = !has(&meta.title);
    let no_description = !has(&meta.description) && !has(&meta.excerpt);
    let no_date = meta.published.is_none() && meta.modified.is_some();
    if !no_title && !no_description && !no_date {
        return None;
    }
    let mut meta = meta.clone();
    let summary = crate::model::summary(blocks);
    if no_title {
        let words: Vec<&str> = summary
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        meta.title = Some(match words.len() {
            0 => "Untitled".to_string(),
            1..=8 => words.join(" "),
            _ => format!("{}…", words[..8].join(" ")),
        });
    }
    if no_description {
        // Required, even empty: an item with no text (an image alone) has its title.
        meta.description = summary.or(meta.title.clone());
    }
    if no_date {
        meta.published = meta.modified;
    }
    Some(meta)
}

/// Custom fields beside wpconvert's own in a table of parameters (Hugo's `params`, Zola's
/// `extra`): a custom field never replaces one of wpconvert's (a plugin's `wordpress_id`).
fn merge_under(table: &mut Map<String, Value>, custom: Map<String, Value>) {
    for (key, value) in custom {
        table.entry(key).or_insert(value);
    }
}

/// Whether terms of a taxonomy other than categories and tags describe the content (a
/// product category, a portfolio tag) rather than hold a plugin's or WordPress's plumbing
/// (menus, post formats, Polylang's and WPML's languages and translation groups, theme
/// bookkeeping). Plumbing would become taxonomy pages a generator builds, or refuses.
pub fn is_other_content_taxonomy(taxonomy: &str) -> bool {
    const PLUMBING: &[&str] = &[
        "post_format",
        "nav_menu",
        "link_category",
        "language",
        "term_language",
        "post_translations",
        "term_translations",
        "translation_priority",
        "wp_theme",
        "wp_template_part_area",
        "wp_pattern_category",
        "product_visibility",
        "product_type",
        "product_shipping_class",
        "avhec_catgroup",
        "ngg_tag",
        "elementor_library_type",
        "elementor_library_category",
        "elementor_font_type",
        "wpforms_form_tag",
        "amp_validation_error",
    ];
    !matches!(taxonomy, "" | "category" | "post_tag")
        && !taxonomy.starts_with('_')
        && !PLUMBING.contains(&taxonomy)
        && taxonomy
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The date as the site's clock showed it (`2011-01-07 09:08:02`), without its offset: Jekyll
/// files a post under the day its date falls on in the build machine's time zone, so a date
/// with an offset moves posts to the day before or after (and away from their old URL)
/// wherever the build runs in another zone. The wall-clock date is the one WordPress's URLs use.
fn jekyll_date(date: DateTime) -> String {
    date.civil.to_string().replacen('T', " ", 1)
}

/// Jekyll's permalink for an old address, and the address to redirect from when they differ.
/// Jekyll writes a page where its `permalink` says but links to it (`post.url`, in lists and
/// tag pages) by the NFKC form (`新年，2017` → `新年,2017`, `3ª` → `3a`, `…` → `...`) without
/// dots before a `/`: the page goes at that form, and the old address redirects to it
/// (jekyll-redirect-from).
pub fn jekyll_permalink(old_path: &str) -> (String, Option<String>) {
    use unicode_normalization::UnicodeNormalization;
    let path = page_path(old_path);
    let nfkc: String = path.nfkc().collect();
    let segments: Vec<&str> = nfkc.split('/').collect();
    let last = segments.len() - 1;
    let normal = segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            if i < last {
                segment.trim_end_matches('.')
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    if normal == path {
        (path, None)
    } else {
        (normal, Some(path))
    }
}

/// A path a generator can write a page at: it ends with `/` or names a file (`/about` →
/// `/about/`; `/2019/hello.html` stays).
pub fn page_path(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Front matter in the given format, delimiters included, ending with a newline.
/// `templates`: the body holds what the generator's template language would run (`{{`, `{%`),
/// which Jekyll (Liquid) and Eleventy (Liquid, Nunjucks) are then told to leave alone.
pub fn render(meta: &Meta, preset: Preset, format: Format, templates: bool) -> String {
    let mut fields = fields(meta, preset);
    if templates {
        match preset {
            Preset::Jekyll => {
                fields.insert("render_with_liquid".into(), json!(false));
            }
            Preset::Eleventy => {
                fields.insert("templateEngineOverride".into(), json!("md"));
            }
            _ => {}
        }
    }
    match format {
        Format::Yaml => yaml(&fields),
        Format::Toml => toml_front_matter(&fields),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&fields).expect("JSON values serialize");
            out.push('\n');
            out
        }
    }
}

/// YAML front matter from the generic fields (what HTML pages get).
pub fn yaml_of(meta: &Meta) -> String {
    yaml(&fields(meta, Preset::Generic))
}

fn yaml(fields: &Map<String, Value>) -> String {
    // One line per field: block scalars (`>-`) are valid YAML but surprise people and some
    // front matter parsers.
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    let body = serde_saphyr::to_string_with_options(fields, options)
        .expect("front matter of JSON values always serializes");
    let body = body.trim_start_matches("---\n");
    let mut out = String::from("---\n");
    out.push_str(body);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    out
}

fn toml_front_matter(fields: &Map<String, Value>) -> String {
    let table = toml_table(fields);
    let body = toml::to_string(&table).expect("TOML tables of plain values serialize");
    format!("+++\n{body}+++\n")
}

/// JSON values as TOML: dates as TOML datetimes (which Zola sorts by), nulls dropped, plain
/// fields before tables as TOML requires.
fn toml_table(fields: &Map<String, Value>) -> toml::Table {
    let mut table = toml::Table::new();
    let mut tables = Vec::new();
    for (key, value) in fields {
        match value {
            Value::Object(inner) => tables.push((key, toml::Value::Table(toml_table(inner)))),
            other => {
                if let Some(value) = toml_value(key, other) {
                    table.insert(key.clone(), value);
                }
            }
        }
    }
    for (key, value) in tables {
        table.insert(key.clone(), value);
    }
    table
}

fn toml_value(key: &str, value: &Value) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => n
            .as_i64()
            .map(toml::Value::Integer)
            .or_else(|| n.as_f64().map(toml::Value::Float))?,
        Value::String(s) => {
            let is_date = matches!(
                key,
                "date" | "updated" | "lastmod" | "pubDate" | "updatedDate"
            );
            match s.parse::<toml::value::Datetime>() {
                Ok(datetime) if is_date => toml::Value::Datetime(datetime),
                _ => toml::Value::String(s.clone()),
            }
        }
        Value::Array(items) => {
            toml::Value::Array(items.iter().filter_map(|v| toml_value("", v)).collect())
        }
        Value::Object(inner) => toml::Value::Table(toml_table(inner)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Term;

    fn meta() -> Meta {
        Meta {
            title: Some("yes: a \"title\" # with: colons".into()),
            authors: vec!["no".into()],
            published: DateTime::parse("2017-03-09T18:16:02-04:00"),
            modified: DateTime::parse("2017-03-10T08:00:00-04:00"),
            description: Some("line one\nline two".into()),
            slug: Some("hello".into()),
            status: Some("draft".into()),
            post_type: Some("post".into()),
            canonical_url: Some("https://example.com/2017/03/hello/".into()),
            old_path: Some("/2017/03/hello/".into()),
            terms: vec![
                Term {
                    taxonomy: "category".into(),
                    name: "News".into(),
                    slug: Some("news".into()),
                },
                Term {
                    taxonomy: "post_tag".into(),
                    name: "Rust".into(),
                    slug: None,
                },
            ],
            ..Meta::default()
        }
    }

    #[test]
    fn yaml_quotes_what_yaml_would_misread_and_reads_back() {
        let text = render(&meta(), Preset::Generic, Format::Yaml, false);
        assert!(
            text.starts_with("---\n") && text.ends_with("\n---\n"),
            "{text}"
        );
        let inner = &text[4..text.len() - 4];
        let value: Value = serde_saphyr::from_str(inner).expect(&text);
        assert_eq!(value["title"], "yes: a \"title\" # with: colons");
        assert_eq!(value["authors"][0], "no");
        assert_eq!(value["description"], "line one\nline two");
        assert_eq!(value["date"], "2017-03-09T18:16:02-04:00");
        assert_eq!(value["draft"], true);
    }

    #[test]
    fn zola_gets_toml_with_real_datetimes_and_tables() {
        let text = render(&meta(), Preset::Zola, Preset::Zola.default_format(), false);
        assert!(
            text.starts_with("+++\n") && text.ends_with("+++\n"),
            "{text}"
        );
        assert!(
            text.contains("\ndate = 2017-03-09T18:16:02-04:00\n"),
            "{text}"
        );
        assert!(
            text.contains("[taxonomies]\ncategories = [\"News\"]\ntags = [\"Rust\"]"),
            "{text}"
        );
        assert!(text.contains("aliases = [\"/2017/03/hello/\"]"), "{text}");
        let parsed: toml::Table = text
            .trim_start_matches("+++\n")
            .trim_end_matches("+++\n")
            .parse()
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(parsed["extra"]["author"].as_str(), Some("no"));
    }

    #[test]
    fn jekyll_dates_layout_and_unpublished_drafts() {
        let text = render(&meta(), Preset::Jekyll, Format::Yaml, false);
        assert!(text.starts_with("---\nlayout: post\n"), "{text}");
        // The wall-clock time: Jekyll would move a date with an offset into its own zone.
        assert!(text.contains("date: \"2017-03-09 18:16:02\"\n"), "{text}");
        assert!(text.contains("published: false\n"), "{text}");
        assert!(text.contains("permalink: /2017/03/hello/\n"), "{text}");
        assert!(!text.contains("redirect_from") && !text.contains("render_with_liquid"));
        let text = render(&meta(), Preset::Jekyll, Format::Yaml, true);
        assert!(text.contains("render_with_liquid: false\n"), "{text}");
        // Jekyll links by the NFKC form without dots before `/`: the page goes there.
        assert_eq!(
            jekyll_permalink("/2016/12/新年，2017"),
            (
                "/2016/12/新年,2017/".to_string(),
                Some("/2016/12/新年，2017/".to_string())
            )
        );
        assert_eq!(
            jekyll_permalink("/dell’s-support…/").0,
            "/dell’s-support/".to_string()
        );
        assert_eq!(
            jekyll_permalink("/a/b.html"),
            ("/a/b.html".to_string(), None)
        );
    }

    #[test]
    fn hugo_and_astro_and_eleventy_names() {
        let hugo = render(&meta(), Preset::Hugo, Format::Yaml, false);
        assert!(
            hugo.contains("lastmod: ") && hugo.contains("draft: true") && hugo.contains("aliases:"),
            "{hugo}"
        );
        assert!(
            hugo.contains("params:\n  author: no")
                || hugo.contains("params:\n  author: 'no'")
                || hugo.contains("params:\n  author: \"no\""),
            "{hugo}"
        );
        let astro = render(&meta(), Preset::Astro, Format::Yaml, false);
        assert!(
            astro.contains("pubDate: ") && astro.contains("updatedDate: "),
            "{astro}"
        );
        let eleventy = render(&meta(), Preset::Eleventy, Format::Json, false);
        let value: Value = serde_json::from_str(&eleventy).unwrap();
        assert_eq!(value["tags"], json!(["posts", "News", "Rust"]));
        // Unpublished: written, not built.
        assert_eq!(value["permalink"], json!(false));
        let published = Meta {
            status: Some("publish".into()),
            ..meta()
        };
        let eleventy = render(&published, Preset::Eleventy, Format::Json, false);
        let value: Value = serde_json::from_str(&eleventy).unwrap();
        assert_eq!(value["permalink"], "/2017/03/hello/");
    }
}
