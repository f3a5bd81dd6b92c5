//! Converting a whole WordPress export into a folder of Markdown files.
//!
//! Two streaming passes over the export: the first gathers what items refer to by id
//! (attachments for galleries and featured images, reusable blocks) and the authors; the
//! second reads items one at a time, decides for each whether it is written or skipped (and
//! why), converts the ones to write in parallel batches, names their files in export order
//! (so collisions resolve the same way every run) and writes them atomically. Memory holds
//! one batch of items, never the export.

use super::links::Links;
use super::pipeline::{self, ConvertedItem, RenderedItem};
use super::{Names, write_atomic};
use crate::model::Document;
use crate::read::wordpress::{self, Context, Index};
use crate::read::wxr::{Author, Item, Record, Site, WxrError, WxrReader};
use crate::write::front_matter::{Format, Preset};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Which items are written.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Statuses written (`publish` by default; `draft`, `pending`, `future`, `private` on
    /// request). Trashed items are written only when `trash` is listed.
    pub statuses: Vec<String>,
    /// Post types written (`post` and `page` by default).
    pub types: Vec<String>,
    /// Write password-protected posts too (their password never is).
    pub password_protected: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            statuses: vec!["publish".into()],
            types: vec!["post".into(), "page".into()],
            password_protected: false,
        }
    }
}

/// Types that are never pages, whatever is asked: WordPress's own plumbing.
const NEVER_WRITTEN: &[&str] = &[
    "attachment",
    "nav_menu_item",
    "revision",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_changeset",
];

/// WordPress's own post types: asking for one an export does not hold is no mistake.
const BUILT_IN_TYPES: &[&str] = &["post", "page"];

impl Selection {
    /// Refuses a post type that is neither WordPress's own nor in the export: `--types psot`
    /// would otherwise write nothing and succeed.
    fn check_types(&self, present: &TypeCounts) -> Result<(), String> {
        for wanted in &self.types {
            if present.contains_key(wanted)
                || BUILT_IN_TYPES.contains(&wanted.as_str())
                || NEVER_WRITTEN.contains(&wanted.as_str())
            {
                continue;
            }
            let listed: Vec<String> = present
                .iter()
                .map(|(name, count)| format!("{name} ({count})"))
                .collect();
            return Err(format!(
                "--types: no item of type `{wanted}` in this export; its types are {}",
                if listed.is_empty() {
                    "none (it holds no items)".to_string()
                } else {
                    listed.join(", ")
                }
            ));
        }
        Ok(())
    }

    /// `None` to write the item, or why it is skipped.
    pub fn skip_reason(&self, item: &Item) -> Option<String> {
        let kind = item.post_type.as_str();
        if kind.is_empty() {
            return Some("no post type".into());
        }
        if NEVER_WRITTEN.contains(&kind) {
            return Some(format!("{kind} (never a page)"));
        }
        if !self.types.iter().any(|t| t == kind) {
            return Some(format!("post type {kind} (add it with --types)"));
        }
        let status = if item.status.is_empty() {
            "publish"
        } else {
            item.status.as_str()
        };
        if !self.statuses.iter().any(|s| s == status) {
            return Some(format!("status {status} (add it with --status)"));
        }
        if !item.post_password.is_empty() && !self.password_protected {
            return Some("password protected (add --password-protected)".into());
        }
        None
    }
}

/// How the export is written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    pub preset: Preset,
    /// The front matter format; the preset's own when `None`.
    pub format: Option<Format>,
    pub front_matter: bool,
    /// Transliterate slugs to ASCII (`crème-brûlée` → `creme-brulee`).
    pub ascii_slugs: bool,
    /// Overwrite files that exist.
    pub force: bool,
    pub wordpress: wordpress::Options,
    /// The normalizer's settings; `None` converts without repairing.
    pub normalize: Option<crate::normalize::Settings>,
    /// Keep every change in the summary (for `--verbose` and `--report`), not only counts.
    pub keep_changes: bool,
    /// What to write for each item.
    pub outputs: Outputs,
    /// Write a site that builds: the preset's content folder inside the output, and the
    /// generator's configuration and minimal templates beside it (see [`super::site`]).
    pub site: bool,
    /// Redirect maps to write, old addresses → new ones (see [`super::redirects`]).
    pub redirects: Vec<super::redirects::Format>,
    /// Media to bring along (see [`super::media`]); None leaves media URLs as they are.
    pub media: Option<super::media::Options>,
}

/// The formats written for each item, side by side (`slug.md`, `slug.json`, `slug.html`), and
/// JSON Lines (one line per item, in export order).
#[derive(Debug, Clone)]
pub struct Outputs {
    pub markdown: bool,
    pub json: bool,
    pub html: bool,
    /// One line per written item, to standard output or `items.jsonl`.
    pub jsonl: Option<JsonLines>,
    pub json_options: crate::write::json::Options,
    pub html_options: crate::write::html::Options,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonLines {
    Stdout,
    File(PathBuf),
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            markdown: true,
            json: false,
            html: false,
            jsonl: None,
            json_options: Default::default(),
            html_options: Default::default(),
        }
    }
}

/// What a run did: every item read is either written or skipped with a reason.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub site: String,
    /// Items read, by `type/status`.
    pub read: BTreeMap<String, usize>,
    pub written: usize,
    /// Skipped items, by reason.
    pub skipped: BTreeMap<String, Skipped>,
    pub warnings: Vec<String>,
    /// Repairs made, by rule (`WP201 missing-space`).
    pub fixes: BTreeMap<String, usize>,
    /// Every repair, by item, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<(String, crate::normalize::Change)>,
    /// Items that failed: a file that could not be written, or a bug hit while converting.
    pub failed: Vec<Failed>,
    /// Errors that concern no single item (the JSON Lines output could not be written).
    pub errors: Vec<String>,
    /// The export was damaged (cut off, XML errors): not everything in it was read.
    pub damaged: bool,
    /// Links between written items rewritten to the address the target keeps on the new site.
    pub links_rewritten: usize,
    /// Links to the old site that lead to no written item (archives, attachment pages, items
    /// not written), with the item holding each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links_unresolved: Vec<Unresolved>,
    /// Readers' comments kept (`--comments`).
    #[serde(skip_serializing_if = "is_zero")]
    pub comments: usize,
    /// Media brought along, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<super::media::Summary>,
    /// Standard output was closed by its reader (`| head`): the run stopped there.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub output_closed: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A link to the old site that leads to no written item.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unresolved {
    pub item: String,
    pub url: String,
}

/// Whether a reader's warning says content was lost (a cut-off or malformed export, an item
/// cut at the size limit): an error for the exit code. (A repaired `]]>` lost nothing.)
pub fn is_damage(message: &str) -> bool {
    ["cut off", "XML error", "was cut"]
        .iter()
        .any(|m| message.contains(m))
}

impl Summary {
    pub fn items_read(&self) -> usize {
        self.read.values().sum()
    }

    pub fn items_skipped(&self) -> usize {
        self.skipped.values().map(|s| s.count).sum()
    }

    fn fail(&mut self, item: &Item, message: String) {
        self.failed.push(Failed {
            item: item.describe(),
            message,
        });
    }

    fn skip(&mut self, reason: String, item: &Item) {
        let entry = self.skipped.entry(reason).or_default();
        entry.count += 1;
        // Content is listed by name; WordPress's plumbing (attachments, menu items,
        // revisions) is only counted, or the list would be most of the export.
        if !NEVER_WRITTEN.contains(&item.post_type.as_str()) {
            entry.items.push(item.describe());
        }
    }
}

/// An item that could not be converted or written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Failed {
    /// Title, id and line in the export.
    pub item: String,
    pub message: String,
}

/// Items skipped for one reason.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Skipped {
    pub count: usize,
    /// The items, by description (not for attachments, menu items and the like).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// Called after each batch with (items read, files written).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Opens an input for reading: a file (gzip-compressed or not).
pub fn open(path: &Path) -> std::io::Result<Box<dyn Read + Send>> {
    let mut file = std::fs::File::open(path)?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic)?;
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let reader = head.chain(file);
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Ok(Box::new(reader))
    }
}

/// Converts the exports at `inputs` (the files of one split export, or one file) into
/// `output`.
pub fn convert(
    inputs: &[PathBuf],
    output: &Path,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Summary, ExportError> {
    // Links between items become the address the target keeps on the new site, so the first
    // pass records the written items' addresses; the generic preset (no site) keeps links.
    if let Some(media) = &options.media {
        super::media::check(media).map_err(|message| ExportError {
            path: output.display().to_string(),
            message,
        })?;
    }
    let written = (options.preset != Preset::Generic).then_some(&options.selection);
    let first = first_pass(inputs, written)?;
    options
        .selection
        .check_types(&first.types)
        .map_err(|message| ExportError {
            path: inputs
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message,
        })?;
    convert_indexed(inputs, output, options, progress, &first)
}

/// Calls `each` with every item the selection writes, as a document (not normalized), in
/// export order: for tools that look at an export's posts without writing them (`check`).
/// An item whose conversion hit a bug comes with the message instead of a document.
pub fn for_each_document(
    inputs: &[PathBuf],
    selection: &Selection,
    wordpress: &wordpress::Options,
    mut each: impl FnMut(&Item, Result<Document, String>),
) -> Result<(), ExportError> {
    let FirstPass {
        index,
        authors,
        site,
        ..
    } = first_pass(inputs, None)?;
    let context = Context {
        site: &site,
        authors: &authors,
        index: &index,
        options: wordpress,
    };
    for input in inputs {
        let reader = WxrReader::from_bytes(open(input).map_err(|e| ExportError::open(input, e))?);
        for record in reader {
            if let Record::Item(item) = record.map_err(|e| ExportError::read(input, e))?
                && selection.skip_reason(&item).is_none()
            {
                let document =
                    crate::isolate::isolate(|| wordpress::convert_item(&item, &context).0);
                each(&item, document);
            }
        }
    }
    Ok(())
}

/// Items of each post type in an export.
type TypeCounts = BTreeMap<String, usize>;

/// What pass 1 learns of an export.
struct FirstPass {
    /// What items refer to (attachments, reusable blocks).
    index: Index,
    authors: HashMap<String, Author>,
    site: Site,
    /// The post types there are.
    types: TypeCounts,
    /// The old addresses of the items `written` selects (none without it).
    links: Links,
    /// Pages by id: their parent's id and their slug, for the paths of child pages.
    pages: HashMap<u64, (u64, String)>,
}

/// Pass 1: reads the whole export once for what converting an item may look up, and the
/// addresses of the items the selection `written` writes.
fn first_pass(
    inputs: &[PathBuf],
    written_by: Option<&Selection>,
) -> Result<FirstPass, ExportError> {
    let mut types = TypeCounts::new();
    let mut pages = HashMap::new();
    let mut index = Index::default();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut site = Site::default();
    // Written items' ids, addresses, slugs and earlier slugs; the site's address is known at
    // the end.
    let mut written: Vec<(String, String, String, Vec<String>)> = Vec::new();
    // Attachments' ids, page addresses and files.
    let mut attachments: Vec<(String, String, String)> = Vec::new();
    for input in inputs {
        let mut reader =
            WxrReader::from_bytes(open(input).map_err(|e| ExportError::open(input, e))?);
        for record in reader.by_ref() {
            match record.map_err(|e| ExportError::read(input, e))? {
                Record::Item(item) => {
                    *types.entry(item.post_type.clone()).or_default() += 1;
                    index.add(&item);
                    if item.post_type == "page"
                        && let Ok(id) = item.post_id.parse::<u64>()
                    {
                        let parent = item.post_parent.trim().parse().unwrap_or(0);
                        pages.insert(id, (parent, item.post_name.clone()));
                    }
                    if written_by.is_some() && item.post_type == "attachment" {
                        let file = if item.attachment_url.is_empty() {
                            &item.guid
                        } else {
                            &item.attachment_url
                        };
                        attachments.push((item.post_id.clone(), item.link.clone(), file.clone()));
                    }
                    if written_by.is_some_and(|s| s.skip_reason(&item).is_none()) {
                        let old_slugs = item
                            .postmeta
                            .iter()
                            .filter(|m| m.key == "_wp_old_slug")
                            .map(|m| m.value.clone())
                            .collect();
                        written.push((item.post_id, item.link, item.post_name, old_slugs));
                    }
                }
                Record::Author(author) => {
                    authors.insert(author.login.clone(), author);
                }
                _ => {}
            }
        }
        if site.title.is_empty() {
            site = reader.site().clone();
        }
    }
    let mut links = Links::new(&site.link);
    for (id, link, slug, old_slugs) in &written {
        links.add(id, link, slug, old_slugs);
    }
    for (id, link, file) in &attachments {
        links.add_attachment(id, link, file);
    }
    Ok(FirstPass {
        index,
        authors,
        site,
        types,
        links,
        pages,
    })
}

/// Pass 2: convert and write.
fn convert_indexed(
    inputs: &[PathBuf],
    output: &Path,
    options: &Options,
    progress: Progress<'_>,
    first: &FirstPass,
) -> Result<Summary, ExportError> {
    let FirstPass {
        index,
        authors,
        site,
        links,
        pages,
        ..
    } = first;
    let mut summary = Summary {
        site: site.title.clone(),
        ..Summary::default()
    };
    let context = Context {
        site,
        authors,
        index,
        options: &options.wordpress,
    };
    let site_root = output;
    let content = match super::site::content_folder(options.preset) {
        Some(folder) if options.site => output.join(folder),
        _ => output.to_path_buf(),
    };
    let output = content.as_path();
    let mut names = Names::default();
    let root = output.join(super::layout::root_folder(options.preset));
    for name in super::layout::reserved(options.preset) {
        let owner = format!("the generator's own `/{name}/` pages");
        names.claim_for(&root, name, None, &owner);
        names.claim_for(&root, name, Some("md"), &owner);
    }
    let media = options.media.as_ref().map(|media| {
        let mut library = super::media::inventory::Library::new(
            &site.link,
            index.attachments.values().map(|a| a.url.as_str()),
            media.keep_sizes,
        );
        for host in &media.hosts {
            library.add_host(host);
        }
        super::media::Media::new(media, library, options.preset, site_root, links.base())
    });
    let mut writer = BatchWriter {
        context: &context,
        links,
        pages,
        media,
        site_root,
        redirects: Vec::new(),
        options,
        output,
        facts: Default::default(),
        names,
        folders: Default::default(),
        fresh_output: std::fs::read_dir(output)
            .map_or(true, |mut entries| entries.next().is_none()),
    };
    // A reader thread parses while this one converts and writes: records cross in batches
    // over a short queue, so memory stays at a few batches whatever the export's size.
    std::thread::scope(|scope| -> Result<(), ExportError> {
        let (sender, receiver) =
            std::sync::mpsc::sync_channel::<Result<(usize, Vec<Record>), ExportError>>(4);
        scope.spawn(move || {
            for (number, input) in inputs.iter().enumerate() {
                let reader = match open(input) {
                    Ok(file) => WxrReader::from_bytes(file),
                    Err(error) => {
                        let _ = sender.send(Err(ExportError::open(input, error)));
                        return;
                    }
                };
                let mut records = Vec::with_capacity(BATCH);
                let mut bytes = 0;
                for record in reader {
                    match record {
                        Ok(record) => {
                            if let Record::Item(item) = &record {
                                bytes += item.content.len();
                            }
                            records.push(record)
                        }
                        Err(error) => {
                            let _ = sender.send(Err(ExportError::read(input, error)));
                            return;
                        }
                    }
                    if (records.len() >= BATCH || bytes >= BATCH_BYTES)
                        && sender
                            .send(Ok((number, std::mem::take(&mut records))))
                            .is_err()
                    {
                        return;
                    }
                    if records.is_empty() {
                        bytes = 0;
                    }
                }
                if sender.send(Ok((number, records))).is_err() {
                    return;
                }
            }
        });
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
        for received in receiver {
            let (number, records) = received?;
            let prefix = if inputs.len() > 1 {
                format!("{}: ", inputs[number].display())
            } else {
                String::new()
            };
            for record in records {
                match record {
                    Record::Item(item) => {
                        let key = format!(
                            "{}/{}",
                            if item.post_type.is_empty() {
                                "?"
                            } else {
                                &item.post_type
                            },
                            if item.status.is_empty() {
                                "?"
                            } else {
                                &item.status
                            }
                        );
                        *summary.read.entry(key).or_default() += 1;
                        match options.selection.skip_reason(&item) {
                            Some(reason) => summary.skip(reason, &item),
                            None => batch.push(*item),
                        }
                    }
                    Record::Warning(warning) => {
                        let message = warning.message;
                        summary.damaged |= is_damage(&message);
                        summary.warnings.push(format!("{prefix}{message}"));
                    }
                    Record::Author(_) | Record::Term(_) => {}
                }
            }
            // Batches are bounded in bytes too, so a few huge posts are not held together.
            let bytes: usize = batch.iter().map(|i| i.content.len()).sum();
            if batch.len() >= BATCH || bytes >= BATCH_BYTES {
                writer.write(&mut batch, &mut summary);
                progress(summary.items_read(), summary.written);
                if summary.output_closed {
                    return Ok(()); // the reader thread stops at its next batch
                }
            }
        }
        writer.write(&mut batch, &mut summary);
        progress(summary.items_read(), summary.written);
        Ok(())
    })?;
    if let Some(media) = &writer.media {
        summary.media = Some(media.summary.clone());
        if !media.is_empty() {
            let path = site_root.join(super::media::MANIFEST);
            if let Err(error) = write_atomic(&path, media.manifest().as_bytes()) {
                summary
                    .errors
                    .push(format!("{}: cannot write: {error}", path.display()));
            }
        }
    }
    if !options.redirects.is_empty() && !summary.output_closed {
        for (path, text) in super::redirects::files(&writer.redirects, &options.redirects) {
            let path = site_root.join(path);
            if let Err(error) = write_atomic(&path, text.as_bytes()) {
                summary
                    .errors
                    .push(format!("{}: cannot write: {error}", path.display()));
            }
        }
    }
    if options.site && !summary.output_closed {
        for (path, text) in super::site::files(options.preset, site, &writer.facts) {
            let path = site_root.join(path);
            if path.exists() && !options.force {
                summary.warnings.push(format!(
                    "{}: kept as it is (--force replaces it with wpconvert's)",
                    path.display()
                ));
                continue;
            }
            if let Err(error) = write_atomic(&path, text.as_bytes()) {
                summary
                    .errors
                    .push(format!("{}: cannot write: {error}", path.display()));
            }
        }
    }
    Ok(summary)
}

/// Items converted together; large enough to keep the threads busy, small enough to keep
/// memory flat.
const BATCH: usize = 256;
/// Content bytes converted together, at most (one item may exceed it alone).
const BATCH_BYTES: usize = 32 << 20;

/// Converts and writes batches of items, naming files in export order.
struct BatchWriter<'a> {
    context: &'a Context<'a>,
    links: &'a Links,
    /// Pages by id: parent and slug (see [`FirstPass`]).
    pages: &'a HashMap<u64, (u64, String)>,
    /// Brings the media the items use, when asked.
    media: Option<super::media::Media<'a>>,
    /// The site's root (the output folder), which the content folder is inside.
    site_root: &'a Path,
    /// Each written item's old addresses and new one, for `--redirects`.
    redirects: Vec<super::redirects::Redirect>,
    options: &'a Options,
    output: &'a Path,
    /// What the site's configuration must know of the content written.
    facts: super::site::Facts,
    names: Names,
    /// Folders known to exist.
    folders: std::collections::HashSet<PathBuf>,
    /// The output folder was empty at the start: no file in it can exist unless this run
    /// wrote it, and names are unique, so nothing needs checking before a write.
    fresh_output: bool,
}

impl BatchWriter<'_> {
    fn write(&mut self, batch: &mut Vec<Item>, summary: &mut Summary) {
        let (context, options) = (self.context, self.options);
        if batch.is_empty() {
            return;
        }
        let outputs = &options.outputs;
        let converted: Vec<Result<ConvertedItem, String>> = batch
            .par_iter()
            .map(|item| pipeline::convert(item, context, options))
            .collect();
        // Names in export order, so that collisions resolve the same way every run; the
        // slug becomes the name the file got, so that the generator's URL is unique too.
        let mut named: Vec<(&Item, ConvertedItem, PathBuf)> = Vec::with_capacity(batch.len());
        for (item, result) in batch.iter().zip(converted) {
            let mut converted = match result {
                Ok(converted) => converted,
                Err(message) => {
                    summary.fail(item, message);
                    continue;
                }
            };
            summary
                .warnings
                .extend(converted.warnings.iter().map(|w| w.message.clone()));
            for change in &converted.changes {
                *summary
                    .fixes
                    .entry(format!("{} {}", change.code, change.name))
                    .or_default() += 1;
                if options.keep_changes {
                    summary.changes.push((item.describe(), change.clone()));
                }
            }
            let report = self.links.rewrite(&mut converted.document);
            summary.links_rewritten += report.rewritten;
            summary
                .links_unresolved
                .extend(report.unresolved.into_iter().map(|url| Unresolved {
                    item: item.describe(),
                    url,
                }));
            let path = self.name(item, &mut converted.document, summary);
            self.facts.taxonomies.extend(
                converted
                    .document
                    .meta
                    .terms
                    .iter()
                    .filter(|t| crate::write::front_matter::is_other_content_taxonomy(&t.taxonomy))
                    .map(|t| t.taxonomy.clone()),
            );
            named.push((item, converted, path));
        }
        if let Some(media) = &mut self.media {
            let mut documents: Vec<(String, &mut Document, PathBuf)> = named
                .iter_mut()
                .map(|(item, converted, path)| {
                    let file = path.strip_prefix(self.site_root).unwrap_or(path);
                    (item.describe(), &mut converted.document, file.to_path_buf())
                })
                .collect();
            media.bring(&mut documents);
        }
        let rendered: Vec<Result<RenderedItem, String>> = named
            .par_iter()
            .map(|(item, converted, _)| pipeline::render(item, converted, options))
            .collect();
        let mut lines = String::new();
        let mut files: Vec<(&Item, Vec<(PathBuf, String)>)> = Vec::new();
        for ((item, _, path), result) in named.into_iter().zip(rendered) {
            let rendered = match result {
                Ok(rendered) => rendered,
                Err(message) => {
                    summary.fail(item, message);
                    continue;
                }
            };
            summary
                .warnings
                .extend(rendered.warnings.into_iter().map(|w| w.message));
            if let Some(line) = rendered.line {
                lines.push_str(&line);
                if rendered.files.is_empty() {
                    summary.written += 1;
                }
            }
            if rendered.files.is_empty() {
                continue;
            }
            let mut item_files: Vec<(PathBuf, String)> = rendered
                .files
                .into_iter()
                .map(|(extension, text)| (path.with_extension(extension), text))
                .collect();
            if let Some((id, count, text)) = rendered.comments {
                let folder = self
                    .site_root
                    .join(super::site::comments_folder(options.preset));
                item_files.push((folder.join(format!("{id}.json")), text));
                summary.comments += count;
            }
            files.push((item, item_files));
        }
        if let Some(target) = &outputs.jsonl
            && !lines.is_empty()
        {
            let result = match target {
                JsonLines::Stdout => {
                    use std::io::Write;
                    let mut stdout = std::io::stdout().lock();
                    stdout
                        .write_all(lines.as_bytes())
                        .and_then(|()| stdout.flush())
                }
                JsonLines::File(path) => {
                    use std::io::Write;
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .and_then(|mut file| file.write_all(lines.as_bytes()))
                }
            };
            match result {
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                    summary.output_closed = true;
                    return;
                }
                Err(error) => summary.errors.push(format!("JSON Lines output: {error}")),
                Ok(()) => {}
            }
        }
        // Written one after another: files created in parallel in one folder contend for its
        // lock in the kernel and gain nothing. An item counts once, however many formats it
        // is written in, and fails with its first file that cannot be written.
        for (item, item_files) in files {
            let result = item_files
                .iter()
                .try_for_each(|(path, text)| self.write_file(path, text));
            match result {
                Ok(()) => summary.written += 1,
                Err(error) => summary.fail(item, error.to_string()),
            }
        }
        batch.clear();
    }

    /// Claims the item's file name (in export order) and makes its slug the name it got; a
    /// slug taken by an earlier item is a warning naming both.
    fn name(&mut self, item: &Item, document: &mut Document, summary: &mut Summary) -> PathBuf {
        let options = self.options;
        let mut place = super::layout::place(item, document, options.preset, options.ascii_slugs);
        if options.preset != Preset::Generic && item.post_type == "page" {
            place.path =
                super::layout::path_under(&self.parents(item), &place.slug, options.ascii_slugs);
            document.meta.path = place.path.clone();
        }
        let folder = self.output.join(&place.folder);
        self.facts
            .folders
            .insert(place.folder.to_string_lossy().into_owned());
        let owner = item.describe();
        let (claimed, clash) = if place.bundle {
            self.names.claim_for(&folder, &place.name(), None, &owner)
        } else {
            self.names
                .claim_for(&folder, &place.name(), Some("md"), &owner)
        };
        let stem = if place.bundle {
            claimed.file_name()
        } else {
            claimed.file_stem()
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
        let slug = stem
            .strip_prefix(&place.prefix)
            .unwrap_or(&stem)
            .to_string();
        if let Some(first) = clash {
            summary.warnings.push(format!(
                "{owner}: slug `{}` is taken by {first}; written as `{slug}`",
                place.slug
            ));
        }
        // An old address that is the new one needs no redirect (and one would replace the page).
        let own = super::layout::url(&place, &slug, options.preset);
        if let (Some(own), Some(old)) = (own, document.meta.old_path.as_deref())
            && own.trim_end_matches('/').to_lowercase() == old.trim_end_matches('/').to_lowercase()
        {
            document.meta.old_path = None;
        }
        if let Some(old) = document.meta.old_path.as_deref()
            && super::layout::is_reserved(old, options.preset)
        {
            summary.warnings.push(format!(
                "{owner}: its old address {old} is one of the generator's own pages; no redirect from it"
            ));
            document.meta.old_path = None;
        }
        if let Some(old) = document.meta.old_path.as_deref() {
            self.note_old_path(old);
        }
        if !options.redirects.is_empty() {
            let redirect = self.redirect(&place, &slug, document);
            self.redirects.extend(redirect);
        }
        document.meta.slug = Some(slug);
        if place.bundle {
            claimed.join("index.md")
        } else {
            claimed
        }
    }

    /// A page's parents' slugs, the root's first; bounded, and safe from loops of parents.
    fn parents(&self, item: &Item) -> Vec<String> {
        let mut slugs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut parent = item.post_parent.trim().parse::<u64>().unwrap_or(0);
        while parent != 0 && seen.insert(parent) && slugs.len() < 32 {
            let Some((grandparent, slug)) = self.pages.get(&parent) else {
                break;
            };
            slugs.push(slug.clone());
            parent = *grandparent;
        }
        slugs.reverse();
        slugs
    }

    /// What the site's configuration must know of an old address the output keeps: its file
    /// ending (Astro's routes), whether Jekyll redirects from it.
    fn note_old_path(&mut self, old: &str) {
        if let Some((_, ending)) = old.rsplit('/').next().unwrap_or("").rsplit_once('.')
            && !ending.is_empty()
            && ending.chars().all(|c| c.is_ascii_alphanumeric())
        {
            self.facts.old_extensions.insert(ending.to_string());
        }
        if self.options.preset == Preset::Jekyll {
            self.facts.redirects |= crate::write::front_matter::jekyll_permalink(old)
                .1
                .is_some();
        }
    }

    /// A published item's old addresses (those its front matter keeps, its earlier slugs,
    /// `?p=ID`) and the URL the generator gives it, under the site's base path.
    fn redirect(
        &self,
        place: &super::layout::Place,
        slug: &str,
        document: &Document,
    ) -> Option<super::redirects::Redirect> {
        let meta = &document.meta;
        if meta.status.as_deref().is_some_and(|s| s != "publish") {
            return None;
        }
        let old = meta.old_path.as_deref();
        let to = super::layout::new_url(place, slug, self.options.preset, old)?;
        let base = self.links.base();
        let from = old
            .filter(|old| old.trim_end_matches('/') != to.trim_end_matches('/'))
            .map(|old| format!("{base}{old}"));
        let earlier = meta
            .id
            .map_or(&[][..], |id| self.links.earlier_paths(id))
            .iter()
            .map(|old| format!("{base}{old}"))
            .collect();
        Some(super::redirects::Redirect {
            from,
            earlier,
            id: meta.id,
            to: format!("{base}{to}"),
        })
    }

    fn write_file(&mut self, path: &Path, text: &str) -> std::io::Result<()> {
        // A folder that was empty at the start holds only files this run named, each once.
        if !self.options.force && !self.fresh_output && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; use --force to overwrite it",
                    path.display()
                ),
            ));
        }
        let folder = path.parent().unwrap_or(self.output).to_path_buf();
        if !self.folders.contains(&folder) {
            std::fs::create_dir_all(&folder)?;
            // A symlink inside the output folder (`posts -> /etc`) must not carry files out.
            let root = std::fs::canonicalize(self.site_root)?;
            if !std::fs::canonicalize(&folder)?.starts_with(&root) {
                return Err(std::io::Error::other(format!(
                    "{} leads outside {} (a symbolic link?): not written there",
                    folder.display(),
                    self.site_root.display()
                )));
            }
            self.folders.insert(folder);
        }
        write_atomic(path, text.as_bytes())
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

/// Why an export could not be converted at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ExportError {
    pub path: String,
    pub message: String,
}

impl ExportError {
    pub(crate) fn open(path: &Path, error: std::io::Error) -> ExportError {
        ExportError {
            path: path.display().to_string(),
            message: format!("cannot open: {error}"),
        }
    }

    pub(crate) fn read(path: &Path, error: WxrError) -> ExportError {
        ExportError {
            path: path.display().to_string(),
            message: error.to_string(),
        }
    }
}
