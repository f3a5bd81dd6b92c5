//! Converting a whole WordPress export into a site's content: the driver of the pipeline.
//!
//! ```text
//! plan (first pass: the index; every item to write placed: file, slug, new URL, old addresses)
//!   → select (written or skipped, and why)
//!   → per batch, in parallel where it pays: convert → normalize (pipeline)
//!       → place (internal links rewritten, each item placed as pass 1 placed it: layout, links)
//!       → bring media (media) → render each format (pipeline)
//!       → sink (files, JSON Lines; on a writer thread, while the next batch converts)
//!   → after the last batch: redirect maps, the media manifest, the site's files
//! ```
//!
//! A reader thread streams the export's records in batches over a short queue, and a writer
//! thread takes rendered batches over another, so memory holds a few batches, never the
//! export. Every item read is accounted for in the
//! [`Summary`].

pub use super::options::{JsonLines, Options, Outputs};
pub use super::select::Selection;
use super::source::{BATCH, BATCH_BYTES, Batch, input_records, read_batches};
pub use super::source::{ExportError, open};
use super::spill::Spill;
pub use super::summary::{Failed, Skipped, Summary, Unresolved, is_damage};

use super::links::Links;
use super::pipeline::{self, ConvertedItem, RenderedItem};
use super::plan::{FirstPass, Placer, PlanOptions, Planned, first_pass};
use super::write_atomic;
use crate::model::Document;
use crate::read::wordpress::{self, Context};
use crate::read::wxr::{Item, Record};
use crate::write::front_matter::Preset;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Called after each batch with (items read, files written).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Converts the exports at `inputs` (the files of one split export, or one file) into
/// `output`.
pub fn convert(
    inputs: &[PathBuf],
    output: &Path,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Summary, ExportError> {
    if let Some(media) = &options.media {
        super::media::check(media).map_err(|message| ExportError {
            path: output.display().to_string(),
            message,
        })?;
    }
    // With `--site`, the content goes in the generator's content folder inside the output.
    let content = match super::site::content_folder(options.preset) {
        Some(folder) if options.site => output.join(folder),
        _ => output.to_path_buf(),
    };
    let plan = PlanOptions {
        selection: &options.selection,
        preset: options.preset,
        ascii_slugs: options.ascii_slugs,
        content: &content,
    };
    // The patterns conversion uses are built on another core while pass 1 reads.
    let normalize = options.normalize.clone();
    std::thread::spawn(move || crate::prepare(normalize.as_ref()));
    let first = first_pass(inputs, Some(plan))?;
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
    convert_indexed(inputs, output, plan, options, progress, first)
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
        mut spill,
        ..
    } = first_pass(inputs, None)?;
    let context = Context {
        site: &site,
        authors: &authors,
        index: &index,
        options: wordpress,
    };
    for input in inputs {
        for record in input_records(input, spill.as_mut()) {
            if let Record::Item(item) = record?
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

/// Pass 2: convert and write.
fn convert_indexed(
    inputs: &[PathBuf],
    output: &Path,
    plan_options: PlanOptions<'_>,
    options: &Options,
    progress: Progress<'_>,
    first: FirstPass,
) -> Result<Summary, ExportError> {
    let FirstPass {
        index,
        authors,
        site,
        links,
        placer,
        spill,
        ..
    } = first;
    let (index, authors, site, links) = (&index, &authors, &site, &links);
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
    let output = plan_options.content;
    let media = options.media.as_ref().map(|media| {
        let mut library = super::media::inventory::Library::new(
            &site.link,
            index.attachments().map(|a| a.url),
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
        placer: placer.expect("a plan was asked for"),
        ranked: 0,
        plan_options,
        media,
        site_root,
        redirects: Vec::new(),
        options,
        facts: Default::default(),
        sink: None,
        pending: None,
    };
    let sink = super::sink::Sink::new(
        site_root,
        output,
        options.outputs.jsonl.as_ref(),
        options.force,
    );
    // A reader thread parses while this one converts and a writer thread writes: records
    // and rendered files cross in batches over short queues, so memory stays at a few
    // batches whatever the export's size.
    std::thread::scope(|scope| -> Result<(), ExportError> {
        writer.sink = Some(super::sink::Writer::spawn(scope, sink));
        let result = read_and_convert(
            scope,
            inputs,
            spill,
            options,
            &mut writer,
            &mut summary,
            progress,
        );
        if let Some(sink) = writer.sink.take() {
            sink.finish(&mut summary);
        }
        progress(summary.items_read(), summary.written);
        result
    })?;
    if let Some(media) = &writer.media {
        let mut media_summary = media.summary.clone();
        media_summary.failures.sort_by(|a, b| a.url.cmp(&b.url));
        summary.media = Some(media_summary);
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

/// Pass 2's loop: a reader thread parses while this one converts, batch by batch.
fn read_and_convert<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    inputs: &'env [PathBuf],
    spill: Option<Spill>,
    options: &Options,
    writer: &mut BatchWriter<'_>,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<(), ExportError> {
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    for read in read_batches(scope, inputs, spill) {
        let Batch { input, records } = read?;
        let prefix = if inputs.len() > 1 {
            format!("{}: ", inputs[input].display())
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
            writer.write(&mut batch, summary);
            progress(summary.items_read(), summary.written);
            if summary.output_closed {
                return Ok(()); // the reader thread stops at its next batch
            }
        }
    }
    writer.write(&mut batch, summary);
    writer.flush(summary);
    Ok(())
}

/// A batch placed on the new site: its items, and those that converted, by number, with
/// their file.
struct Placed {
    items: Vec<Item>,
    placed: Vec<(usize, ConvertedItem, PathBuf)>,
}

impl Placed {
    /// Each converted document with its item's description and its file from the site's root.
    fn documents(&mut self, site_root: &Path) -> Vec<(String, &mut Document, PathBuf)> {
        let items = &self.items;
        self.placed
            .iter_mut()
            .map(|(number, converted, path)| {
                let file = path.strip_prefix(site_root).unwrap_or(path);
                (
                    items[*number].describe(),
                    &mut converted.document,
                    file.to_path_buf(),
                )
            })
            .collect()
    }
}

/// Converts and writes batches of items, naming files in export order: the per-batch
/// stages of the pipeline (see [`BatchWriter::write`]).
struct BatchWriter<'a> {
    context: &'a Context<'a>,
    links: &'a Links,
    /// Places each item as pass 1 did (see [`super::plan`]).
    placer: Placer,
    /// Items of earlier batches given to [`Self::write`]: an item's rank among those
    /// written is this plus its number in its batch.
    ranked: usize,
    plan_options: PlanOptions<'a>,
    /// Brings the media the items use, when asked.
    media: Option<super::media::Media<'a>>,
    /// The site's root (the output folder), which the content folder is inside.
    site_root: &'a Path,
    /// Each written item's old addresses and new one, for `--redirects`.
    redirects: Vec<super::redirects::Redirect>,
    options: &'a Options,
    /// What the site's configuration must know of the content written.
    facts: super::site::Facts,
    /// Where the rendered items go: the writer thread, while pass 2 runs.
    sink: Option<super::sink::Writer>,
    /// The last batch, while its media are brought.
    pending: Option<(Placed, super::media::Fetching)>,
}

impl BatchWriter<'_> {
    /// One batch through the stages: convert, place (links, names), bring media, render,
    /// write. With media to bring, a batch's files are brought in the background while the
    /// next batch converts: it is rendered and written after that (see [`Self::flush`]).
    fn write(&mut self, batch: &mut Vec<Item>, summary: &mut Summary) {
        if batch.is_empty() {
            return;
        }
        let items = std::mem::take(batch);
        for (number, item) in items.iter().enumerate() {
            self.placer.note(self.ranked + number, item);
        }
        let converted = self.convert(&items, summary);
        let placed = self.place(&items, converted, summary);
        self.ranked += items.len();
        let mut placed = Placed { items, placed };
        let Some(media) = &mut self.media else {
            return self.finish(placed, summary);
        };
        let fetching = media.start(&mut placed.documents(self.site_root));
        if let Some(previous) = self.pending.take() {
            self.complete(previous, summary);
        }
        self.pending = Some((placed, fetching));
    }

    /// Completes the batch whose media are still being brought.
    fn flush(&mut self, summary: &mut Summary) {
        if let Some(pending) = self.pending.take() {
            self.complete(pending, summary);
        }
    }

    /// Waits for a batch's media, points its URLs to them, renders and writes it.
    fn complete(
        &mut self,
        (mut placed, fetching): (Placed, super::media::Fetching),
        summary: &mut Summary,
    ) {
        if let Some(media) = &mut self.media {
            media.finish(fetching, &mut placed.documents(self.site_root));
        }
        self.finish(placed, summary);
    }

    fn finish(&mut self, placed: Placed, summary: &mut Summary) {
        if summary.output_closed {
            return;
        }
        let rendered = self.render(&placed.items, placed.placed, summary);
        if let Some(sink) = &self.sink {
            sink.send(rendered, summary);
        }
    }

    /// Converts and repairs the batch's items in parallel; counts their warnings and repairs.
    fn convert(&self, batch: &[Item], summary: &mut Summary) -> Vec<(usize, ConvertedItem)> {
        let options = self.options;
        let converted: Vec<Result<ConvertedItem, String>> = batch
            .par_iter()
            .map(|item| pipeline::convert(item, self.context, options))
            .collect();
        let mut out = Vec::with_capacity(batch.len());
        for (number, (item, result)) in batch.iter().zip(converted).enumerate() {
            let converted = match result {
                Ok(converted) => converted,
                Err(message) => {
                    summary.fail(item, message);
                    continue;
                }
            };
            summary
                .warnings
                .extend(converted.warnings.iter().map(|w| &w.message));
            for change in &converted.changes {
                *summary
                    .fixes
                    .entry(format!("{} {}", change.code, change.name))
                    .or_default() += 1;
                if options.keep_changes {
                    summary.changes.push((item.describe(), change.clone()));
                }
            }
            out.push((number, converted));
        }
        out
    }

    /// Places each item on the new site, in export order (so that collisions resolve the
    /// same way every run): links to other items rewritten, its file named.
    fn place(
        &mut self,
        items: &[Item],
        converted: Vec<(usize, ConvertedItem)>,
        summary: &mut Summary,
    ) -> Vec<(usize, ConvertedItem, PathBuf)> {
        let mut placed = Vec::with_capacity(converted.len());
        for (number, mut converted) in converted {
            let item = &items[number];
            let report = self.links.rewrite(&mut converted.document);
            summary.links_rewritten += report.rewritten;
            summary
                .links_unresolved
                .extend(report.unresolved.into_iter().map(|url| Unresolved {
                    item: item.describe(),
                    url,
                }));
            let path = self.name(self.ranked + number, item, &mut converted.document, summary);
            self.facts.taxonomies.extend(
                converted
                    .document
                    .meta
                    .terms
                    .iter()
                    .filter(|t| crate::write::front_matter::is_other_content_taxonomy(&t.taxonomy))
                    .map(|t| t.taxonomy.clone()),
            );
            placed.push((number, converted, path));
        }
        placed
    }

    /// Renders each format in parallel: the files of each item (beside its name, and its
    /// comments' data file) and the JSON Lines.
    fn render(
        &self,
        items: &[Item],
        placed: Vec<(usize, ConvertedItem, PathBuf)>,
        summary: &mut Summary,
    ) -> super::sink::Rendered {
        let options = self.options;
        let results: Vec<Result<RenderedItem, String>> = placed
            .par_iter()
            .map(|(number, converted, _)| pipeline::render(&items[*number], converted, options))
            .collect();
        let mut out = super::sink::Rendered::default();
        for ((number, _, path), result) in placed.into_iter().zip(results) {
            let item = &items[number];
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
                out.lines.push_str(&line);
                if rendered.files.is_empty() {
                    summary.written += 1;
                }
            }
            if rendered.files.is_empty() {
                continue;
            }
            let mut files: Vec<(PathBuf, String)> = rendered
                .files
                .into_iter()
                .map(|(extension, text)| (path.with_extension(extension), text))
                .collect();
            if let Some((id, count, text)) = rendered.comments {
                let folder = self
                    .site_root
                    .join(super::site::comments_folder(options.preset));
                files.push((folder.join(format!("{id}.json")), text));
                summary.comments += count;
            }
            out.files.push((item.describe(), files));
        }
        out
    }

    /// Claims the item's file name (in export order) and makes its slug the name it got; a
    /// slug taken by an earlier item is a warning naming both.
    fn name(
        &mut self,
        rank: usize,
        item: &Item,
        document: &mut Document,
        summary: &mut Summary,
    ) -> PathBuf {
        let options = self.options;
        let planned = self.placer.place(rank, item, &self.plan_options);
        let Planned {
            place,
            file,
            slug,
            clash,
            ..
        } = planned;
        document.meta.path = place.path.clone();
        self.facts
            .folders
            .insert(place.folder.to_string_lossy().into_owned());
        if let Some(first) = clash {
            summary.warnings.push(format!(
                "{}: slug `{}` is taken by {first}; written as `{slug}`",
                item.describe(),
                place.slug
            ));
        }
        // An old address that is the new one needs no redirect (and one would replace the page).
        let same = |a: &str, b: &str| {
            a.trim_end_matches('/').to_lowercase() == b.trim_end_matches('/').to_lowercase()
        };
        let own = super::layout::url(&place, &slug, options.preset);
        if let (Some(own), Some(old)) = (own.as_deref(), document.meta.old_path.as_deref())
            && same(own, old)
        {
            document.meta.old_path = None;
        }
        if let Some(old) = document.meta.old_path.as_deref()
            && super::layout::is_reserved(old, options.preset)
        {
            summary.warnings.push(format!(
                "{}: its old address {old} is one of the generator's own pages; no redirect from it",
                item.describe()
            ));
            document.meta.old_path = None;
        }
        if let Some(old) = document.meta.old_path.clone() {
            self.note_old_path(&old);
        }
        // Addresses under earlier slugs, which WordPress redirected: the generator's own
        // redirects keep them, as the redirect maps do.
        let earlier: Vec<String> = document
            .meta
            .id
            .map(|id| self.links.earlier_paths(id))
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !own.as_deref().is_some_and(|own| same(own, p)))
            .filter(|p| {
                !document
                    .meta
                    .old_path
                    .as_deref()
                    .is_some_and(|old| same(old, p))
            })
            .filter(|p| !super::layout::is_reserved(p, options.preset))
            .collect();
        for path in &earlier {
            self.note_old_path(path);
            self.facts.redirects |= options.preset == Preset::Jekyll;
        }
        document.meta.earlier_paths = earlier;
        if !options.redirects.is_empty() {
            let redirect = self.redirect(&place, &slug, document);
            self.redirects.extend(redirect);
        }
        document.meta.slug = Some(slug);
        file
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
            .earlier_paths
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
}
