//! `--site`: the configuration and minimal templates a generator needs to build the converted
//! content as it is (Hugo's raw HTML switched on and taxonomies declared, Jekyll's permalink
//! style, Eleventy's layout and site data, Zola's taxonomies and sections). The templates
//! render each page's content, dates and terms, nothing more: a site to start from, and the
//! one the tests build with the real generators. Astro's routes also write the redirects
//! from old addresses, which its front matter carries as `oldPath`.

use crate::read::wxr::Site;
use crate::write::front_matter::Preset;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What the converted content holds that the configuration must name.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// Taxonomies other than categories and tags that items carry (by WordPress name).
    pub taxonomies: BTreeSet<String>,
    /// The folders items were written to, inside the content folder (`posts`, `` for pages).
    pub folders: BTreeSet<String>,
    /// The endings of old addresses that name a file (`html` of `/2010/05/hello.html`).
    pub old_extensions: BTreeSet<String>,
    /// Some item redirects from its old address with `redirect_from` (Jekyll's plugin).
    pub redirects: bool,
}

/// The folder, inside the site, that the content goes to.
pub fn content_folder(preset: Preset) -> Option<&'static str> {
    match preset {
        Preset::Generic => None,
        Preset::Hugo | Preset::Zola => Some("content"),
        Preset::Astro => Some("src/content"),
        Preset::Jekyll | Preset::Eleventy => Some(""),
    }
}

/// The folder, inside the site, of the comments' data files (`--comments`): where each
/// generator's templates read data.
pub fn comments_folder(preset: Preset) -> &'static str {
    match preset {
        Preset::Hugo => "data/comments",
        Preset::Jekyll | Preset::Eleventy => "_data/comments",
        Preset::Astro => "src/data/comments",
        Preset::Zola => "data/comments",
        Preset::Generic => "comments",
    }
}

/// The site's files (path inside the site, text), for the content of `site`.
pub fn files(preset: Preset, site: &Site, facts: &Facts) -> Vec<(PathBuf, String)> {
    let title = if site.title.trim().is_empty() {
        "WordPress archive"
    } else {
        site.title.trim()
    };
    let base_url = base_url(&site.link);
    let language = language(&site.language);
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_string());
    match preset {
        Preset::Generic => Vec::new(),
        Preset::Astro => astro(title, &base_url, &language, facts),
        Preset::Hugo => {
            let mut taxonomies = toml::Table::new();
            taxonomies.insert("category".into(), "categories".into());
            taxonomies.insert("tag".into(), "tags".into());
            for taxonomy in &facts.taxonomies {
                taxonomies.insert(taxonomy.clone(), taxonomy.clone().into());
            }
            let mut config = toml::Table::new();
            config.insert("baseURL".into(), base_url.into());
            config.insert("title".into(), title.into());
            config.insert("locale".into(), language.into());
            config.insert("taxonomies".into(), taxonomies.into());
            let config = format!(
                "# Written by wpconvert for its Hugo preset.\n{}\n\
                 # wpconvert writes HTML for what Markdown cannot hold (audio, video, complex\n\
                 # tables, figures with captions): Hugo drops raw HTML unless this is on.\n\
                 [markup.goldmark.renderer]\nunsafe = true\n",
                toml::to_string(&config).expect("plain TOML values serialize")
            );
            vec![
                (PathBuf::from("hugo.toml"), config),
                file("layouts/baseof.html", include_str!("site/hugo/baseof.html")),
                file("layouts/single.html", include_str!("site/hugo/single.html")),
                file("layouts/list.html", include_str!("site/hugo/list.html")),
            ]
        }
        Preset::Jekyll => {
            // A page listing each term of a taxonomy and its posts.
            let terms = |field: &str, title: &str| {
                (
                    PathBuf::from(format!("{field}.html")),
                    include_str!("site/jekyll/terms.html")
                        .replace("__FIELD__", field)
                        .replace("__TITLE__", title),
                )
            };
            let (url, base) = split_base(&base_url);
            let config = json!({
                "title": title,
                "description": site.description.trim(),
                "url": url,
                "baseurl": base,
                "lang": language,
                // Posts without an old address (`?p=12`) get WordPress's date-based form;
                // pages follow it with `/slug/`. The others keep their old address through
                // their own `permalink`.
                "permalink": "/:year/:month/:day/:title/",
                "exclude": ["vendor", "node_modules", "Gemfile", "Gemfile.lock", "media-manifest.json"],
            });
            let mut config = config;
            if facts.redirects {
                config["plugins"] = json!(["jekyll-redirect-from"]);
            }
            let config = serde_saphyr::to_string(&config).expect("plain YAML values serialize");
            vec![
                (
                    PathBuf::from("_config.yml"),
                    format!("# Written by wpconvert for its Jekyll preset.\n{config}"),
                ),
                file(
                    "_layouts/default.html",
                    include_str!("site/jekyll/default.html"),
                ),
                file("_layouts/post.html", include_str!("site/jekyll/post.html")),
                file("_layouts/page.html", include_str!("site/jekyll/page.html")),
                file(
                    "_includes/comments.html",
                    include_str!("site/jekyll/comments.html"),
                ),
                file("index.html", include_str!("site/jekyll/index.html")),
                terms("tags", "Tags"),
                terms("categories", "Categories"),
            ]
        }
        Preset::Eleventy => {
            let data = json!({ "title": title, "url": base_url, "lang": language });
            vec![
                file(
                    "eleventy.config.mjs",
                    include_str!("site/eleventy/config.mjs"),
                ),
                (
                    PathBuf::from("_data/site.json"),
                    serde_json::to_string_pretty(&data).expect("JSON values serialize") + "\n",
                ),
                file("_includes/base.njk", include_str!("site/eleventy/base.njk")),
                file("_includes/item.njk", include_str!("site/eleventy/item.njk")),
                file("index.njk", include_str!("site/eleventy/index.njk")),
                file("tags.njk", include_str!("site/eleventy/tags.njk")),
            ]
        }
        Preset::Zola => {
            let mut taxonomies = vec![json!({"name": "categories"}), json!({"name": "tags"})];
            taxonomies.extend(facts.taxonomies.iter().map(|t| json!({ "name": t })));
            let config = json!({
                "base_url": base_url.trim_end_matches('/'),
                "title": title,
                "default_language": language,
                "compile_sass": false,
                "build_search_index": false,
                "taxonomies": taxonomies,
            });
            let config: toml::Table =
                serde_json::from_value(config).expect("JSON objects are TOML tables");
            let mut files = vec![
                (
                    PathBuf::from("config.toml"),
                    format!(
                        "# Written by wpconvert for its Zola preset.\n{}",
                        toml::to_string(&config).expect("plain TOML values serialize")
                    ),
                ),
                file("templates/base.html", include_str!("site/zola/base.html")),
                file("templates/index.html", include_str!("site/zola/index.html")),
                file(
                    "templates/section.html",
                    include_str!("site/zola/section.html"),
                ),
                file("templates/page.html", include_str!("site/zola/page.html")),
                file(
                    "templates/taxonomy_list.html",
                    include_str!("site/zola/taxonomy_list.html"),
                ),
                file(
                    "templates/taxonomy_single.html",
                    include_str!("site/zola/taxonomy_single.html"),
                ),
                file("content/_index.md", "+++\nsort_by = \"date\"\n+++\n"),
            ];
            // A folder of pages is a section only with an `_index.md`.
            for folder in facts.folders.iter().filter(|f| !f.is_empty()) {
                files.push((
                    PathBuf::from("content").join(folder).join("_index.md"),
                    format!(
                        "+++\ntitle = {}\nsort_by = \"date\"\n+++\n",
                        toml::Value::from(folder.as_str())
                    ),
                ));
            }
            files
        }
    }
}

/// Astro: a project with the blog starter's content schema for each folder of content, a
/// route for every entry and its old address, and one for each ending of old addresses
/// naming a file (`[...path].html.ts`: Astro writes a page's route as `path/index.html`).
fn astro(title: &str, base_url: &str, language: &str, facts: &Facts) -> Vec<(PathBuf, String)> {
    let (site, base) = split_base(base_url);
    let json = |value: serde_json::Value| value.to_string();
    let package = json!({
        "name": "wordpress-archive",
        "type": "module",
        "private": true,
        "scripts": { "dev": "astro dev", "build": "astro build", "preview": "astro preview" },
        "dependencies": { "astro": "^5.18.2" },
    });
    let mut config = json!({ "site": site });
    if !base.is_empty() {
        config["base"] = json!(base);
    }
    let collections: Vec<&String> = facts.folders.iter().filter(|f| !f.is_empty()).collect();
    let content_config = collections.iter().fold(String::new(), |mut out, folder| {
        out.push_str(&format!(
            "  {}: collection({}),\n",
            json(json!(folder)),
            json(json!(folder))
        ));
        out
    });
    let site_module = include_str!("site/astro/site.ts")
        .replace(
            "__SITE__",
            &json(json!({ "title": title, "lang": language })),
        )
        .replace("__COLLECTIONS__", &json(json!(collections)))
        .replace("__EXTENSIONS__", &json(json!(facts.old_extensions)));
    let mut files = vec![
        (
            PathBuf::from("package.json"),
            serde_json::to_string_pretty(&package).expect("JSON values serialize") + "\n",
        ),
        (
            PathBuf::from("astro.config.mjs"),
            format!(
                "// Written by wpconvert for its Astro preset.\n\
                 import {{ defineConfig }} from 'astro/config';\n\n\
                 export default defineConfig({});\n",
                serde_json::to_string_pretty(&config).expect("JSON values serialize")
            ),
        ),
        (
            PathBuf::from("src/content.config.ts"),
            include_str!("site/astro/content.config.ts")
                .replace("__COLLECTIONS__", &content_config),
        ),
        (PathBuf::from("src/site.ts"), site_module),
        (
            PathBuf::from("src/layouts/Base.astro"),
            include_str!("site/astro/Base.astro").to_string(),
        ),
        (
            PathBuf::from("src/pages/index.astro"),
            include_str!("site/astro/index.astro").to_string(),
        ),
        (
            PathBuf::from("src/pages/[...path].astro"),
            include_str!("site/astro/route.astro").to_string(),
        ),
    ];
    for field in ["tags", "categories"] {
        files.push((
            PathBuf::from(format!("src/pages/{field}/[term].astro")),
            include_str!("site/astro/terms.astro").replace("__FIELD__", field),
        ));
    }
    for extension in &facts.old_extensions {
        files.push((
            PathBuf::from(format!("src/pages/[...path].{extension}.ts")),
            include_str!("site/astro/redirect.ts").replace("__EXTENSION__", extension),
        ));
    }
    files
}

/// The site's address with one trailing slash (`https://example.org/`).
fn base_url(link: &str) -> String {
    let link = link.trim();
    if link.starts_with("http://") || link.starts_with("https://") {
        format!("{}/", link.trim_end_matches('/'))
    } else {
        "https://example.org/".to_string()
    }
}

/// `https://x.org/blog/` → (`https://x.org`, `/blog`).
fn split_base(url: &str) -> (String, String) {
    let url = url.trim_end_matches('/');
    match crate::read::split_origin(url) {
        Some((origin, path)) => (origin.to_string(), path.to_string()),
        None => (url.to_string(), String::new()),
    }
}

/// The site's language tag (`en-US`), `en` when the export gives none.
fn language(tag: &str) -> String {
    let tag = tag.trim();
    if tag.is_empty()
        || !tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        "en".to_string()
    } else {
        tag.replace('_', "-")
    }
}
