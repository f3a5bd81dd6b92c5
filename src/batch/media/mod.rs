//! Media brought along with the content: every upload of the old site that a written item
//! uses ([`inventory`]) is copied from a local folder or downloaded ([`fetch`]), placed where
//! the preset's generator serves files ([`store`]), and the item's URLs are rewritten to the
//! new address. A file that cannot be brought keeps its old URL and is reported; nothing
//! stops the conversion. Works batch by batch: the files a batch's items use are fetched
//! (each once per run) before the batch is rendered.

pub mod fetch;
pub mod inventory;
pub mod store;

use crate::model::{Document, UrlKind};
use crate::write::front_matter::Preset;
use fetch::{Job, Source, Status};
use inventory::{Library, Wanted};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use store::{Entry, Manifest, Placement};

/// What media to bring along, and from where.
#[derive(Debug, Clone)]
pub struct Options {
    pub source: Source,
    /// Bring resized copies (`photo-300x200.jpg`) as they are, instead of their originals.
    pub keep_sizes: bool,
    /// Other hosts whose uploads are the site's own (an earlier domain, a WordPress.com
    /// address the site moved from), besides its address's and its attachments'.
    pub hosts: Vec<String>,
}

/// The media manifest's name, in the site's root.
pub const MANIFEST: &str = "media-manifest.json";

/// What happened to the media of a run.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub copied: usize,
    pub downloaded: usize,
    /// Complete from an earlier run.
    pub present: usize,
    pub failed: usize,
    /// URLs in the content rewritten to a file brought along.
    pub references_rewritten: usize,
    /// Files that could not be brought, with why; their old URLs stay in the content.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Failure {
    pub url: String,
    pub reason: String,
    /// The first item that uses it.
    pub item: String,
}

/// The media stage of an export.
pub struct Media<'a> {
    library: Library,
    options: &'a Options,
    placement: Placement,
    /// The media folder, on disk.
    folder: PathBuf,
    site_root: PathBuf,
    /// The site's base path (`/blog`), for addresses.
    base: String,
    manifest: Manifest,
    /// Every file asked for so far (in the manifest, or being brought).
    asked: HashSet<String>,
    pub summary: Summary,
}

/// Files being brought for a batch, in the background.
pub struct Fetching {
    /// Each file, with the first item that uses it.
    jobs: Vec<(Job, String)>,
    handle: Option<std::thread::JoinHandle<Vec<fetch::Fetched>>>,
}

impl<'a> Media<'a> {
    pub fn new(
        options: &'a Options,
        library: Library,
        preset: Preset,
        site_root: &Path,
        base: &str,
    ) -> Media<'a> {
        let placement = store::placement(preset);
        Media {
            library,
            options,
            folder: site_root.join(&placement.folder),
            site_root: site_root.to_path_buf(),
            placement,
            base: base.to_string(),
            manifest: Manifest::default(),
            asked: HashSet::new(),
            summary: Summary::default(),
        }
    }

    /// Starts bringing the files the documents use (each document with the item it comes
    /// from) that no earlier batch asked for, in the background: the work overlaps the
    /// conversion of the next batch. [`Media::finish`] waits for it.
    pub fn start(&mut self, documents: &mut [(String, &mut Document, PathBuf)]) -> Fetching {
        let mut jobs: Vec<(Job, String)> = Vec::new();
        for (item, document, _) in documents.iter_mut() {
            for Wanted { url, path } in self.library.inventory(document) {
                if !self.asked.insert(path.clone()) {
                    continue;
                }
                let destination = self.folder.join(&path);
                jobs.push((
                    Job {
                        url,
                        path,
                        destination,
                    },
                    item.clone(),
                ));
            }
        }
        let source = self.options.source.clone();
        let list: Vec<Job> = jobs.iter().map(|(job, _)| job.clone()).collect();
        let handle = (!list.is_empty())
            .then(|| std::thread::spawn(move || fetch::fetch_all(&source, &list)));
        Fetching { jobs, handle }
    }

    /// Waits for the files `fetching` brings, then points the documents' URLs to the files
    /// brought (each document with its file's path from the site's root).
    pub fn finish(
        &mut self,
        fetching: Fetching,
        documents: &mut [(String, &mut Document, PathBuf)],
    ) {
        let Fetching { jobs, handle } = fetching;
        let fetched = match handle.map(std::thread::JoinHandle::join) {
            Some(Ok(fetched)) => fetched,
            Some(Err(_)) => jobs
                .iter()
                .map(|_| fetch::Fetched::failed("the transfer stopped on a bug".into()))
                .collect(),
            None => Vec::new(),
        };
        for ((job, item), fetched) in jobs.into_iter().zip(fetched) {
            match fetched.status {
                Status::Copied => self.summary.copied += 1,
                Status::Downloaded => self.summary.downloaded += 1,
                Status::Present => self.summary.present += 1,
                Status::Failed => {
                    self.summary.failed += 1;
                    self.summary.failures.push(Failure {
                        url: job.url.clone(),
                        reason: fetched.reason.clone().unwrap_or_default(),
                        item,
                    });
                }
            }
            self.manifest.files.insert(
                job.path,
                Entry {
                    url: job.url,
                    new_url: None,
                    fetched,
                    references: Default::default(),
                },
            );
        }
        for (_, document, file) in documents.iter_mut() {
            let (library, placement, base) = (&self.library, &self.placement, &self.base);
            let (files, site_root) = (&mut self.manifest.files, &self.site_root);
            self.summary.references_rewritten += inventory::rewrite(document, |kind, url| {
                let wanted = library.resolve(url)?;
                let entry = files.get_mut(&wanted.path)?;
                entry.references.insert(url.to_string());
                if !entry.ok() {
                    return None;
                }
                if let (UrlKind::Featured, Some(pipeline)) = (kind, &placement.pipeline) {
                    let copy = site_root.join(pipeline).join(&wanted.path);
                    let original = site_root.join(&placement.folder).join(&wanted.path);
                    return fetch::place_copy(&original, &copy)
                        .ok()
                        .map(|()| store::relative(pipeline, &wanted.path, file));
                }
                // Site-wide addresses are the same for every item; relative ones are not.
                let address = placement.address(&wanted.path, base, file);
                if placement.url.is_some() {
                    entry.new_url.get_or_insert_with(|| address.clone());
                }
                Some(address)
            });
        }
    }

    /// The manifest's text (JSON): every file, keyed by its path under the media folder.
    pub fn manifest(&self) -> String {
        #[derive(serde::Serialize)]
        struct Out<'m> {
            folder: String,
            files: &'m std::collections::BTreeMap<String, Entry>,
        }
        serde_json::to_string_pretty(&Out {
            folder: self.placement.folder.to_string_lossy().into_owned(),
            files: &self.manifest.files,
        })
        .unwrap_or_default()
            + "\n"
    }

    /// Whether any file was brought or tried.
    pub fn is_empty(&self) -> bool {
        self.manifest.files.is_empty()
    }
}

/// Reports what `source` lacks before a run: a local folder that is not there.
pub fn check(options: &Options) -> Result<(), String> {
    match &options.source {
        Source::Folder(folder) if !folder.is_dir() => Err(format!(
            "--media-from {}: no such folder (give a copy of wp-content/uploads)",
            folder.display()
        )),
        _ => Ok(()),
    }
}
