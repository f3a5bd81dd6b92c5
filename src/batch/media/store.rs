//! Where media files go on the new site, the address each gets there, and the manifest
//! that accounts for every one.

use super::fetch::{Fetched, Status};
use crate::write::front_matter::Preset;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The media folder of a preset's site, and the address it is served at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// From the site's root: `static/uploads` for Hugo.
    pub folder: PathBuf,
    /// The address of the folder from the site's root (`/uploads`); None where each file
    /// links to its media by a relative path (the generic preset has no site).
    pub url: Option<&'static str>,
    /// Where images that the generator's image pipeline reads from the front matter go
    /// (Astro's `src/assets`: its blog schema's `heroImage: image()` wants a file beside the
    /// content, linked relatively, not a public address).
    pub pipeline: Option<PathBuf>,
}

/// Each generator serves its own folder of files as they are: Hugo's and Zola's `static/`,
/// Astro's `public/`, Jekyll's `assets/` (any folder without `_`), Eleventy's passthrough
/// copy of `media/` (which `--site` declares); the generic preset's `media/` beside the
/// content, linked relatively.
pub fn placement(preset: Preset) -> Placement {
    let (folder, url) = match preset {
        Preset::Hugo | Preset::Zola => ("static/uploads", Some("/uploads")),
        Preset::Astro => ("public/uploads", Some("/uploads")),
        Preset::Jekyll => ("assets/uploads", Some("/assets/uploads")),
        Preset::Eleventy => ("media", Some("/media")),
        Preset::Generic => ("media", None),
    };
    Placement {
        folder: PathBuf::from(folder),
        url,
        pipeline: (preset == Preset::Astro).then(|| PathBuf::from("src/assets/uploads")),
    }
}

impl Placement {
    /// The address of the file at `path` (under the uploads) for the item written at `file`
    /// (from the site's root), on a site under `base` (`/blog`, or empty).
    pub fn address(&self, path: &str, base: &str, file: &Path) -> String {
        match self.url {
            Some(url) => format!("{base}{url}/{}", encode_path(path)),
            None => relative(&self.folder, path, file),
        }
    }
}

/// The address of the file at `path` in `folder` (from the site's root) for the item
/// written at `file`, relative to it.
pub fn relative(folder: &Path, path: &str, file: &Path) -> String {
    let depth = file.parent().map_or(0, |p| p.components().count());
    format!(
        "{}{}/{}",
        "../".repeat(depth),
        encode_path(&folder.to_string_lossy()),
        encode_path(path)
    )
}

/// A path made a URL path: characters a URL cannot hold as they are (spaces, `%`, `#`,
/// `?`, quotes, brackets) percent-encoded; letters of every script kept.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_control()
            || matches!(
                c,
                ' ' | '%'
                    | '#'
                    | '?'
                    | '"'
                    | '\''
                    | '<'
                    | '>'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '\\'
                    | '^'
                    | '`'
                    | '{'
                    | '|'
                    | '}'
            )
            || c.is_whitespace()
        {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every media file of a run: where it came from, where it is, what happened to it, and
/// every URL of the content that stands for it.
#[derive(Debug, Default, serde::Serialize)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// Where the file was fetched from.
    pub url: String,
    /// Its address on the new site (None when it failed: the old URL stays).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_url: Option<String>,
    #[serde(flatten)]
    pub fetched: Fetched,
    /// The URLs in the content that stand for it (resized copies, CDN and `http` forms).
    pub references: BTreeSet<String>,
}

impl Entry {
    pub fn ok(&self) -> bool {
        self.fetched.status != Status::Failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_the_site_s_or_relative_to_the_file_and_encoded() {
        let hugo = placement(Preset::Hugo);
        assert_eq!(
            hugo.address(
                "2019/01/a b#1.jpg",
                "/blog",
                Path::new("content/posts/x/index.md")
            ),
            "/blog/uploads/2019/01/a%20b%231.jpg"
        );
        let generic = placement(Preset::Generic);
        assert_eq!(
            generic.address("2019/01/café.jpg", "", Path::new("posts/x.md")),
            "../media/2019/01/café.jpg"
        );
        assert_eq!(
            generic.address("a.pdf", "", Path::new("x.md")),
            "media/a.pdf"
        );
    }
}
