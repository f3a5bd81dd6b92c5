//! Where rendered items go: files (folders created once, atomic writes, nothing written
//! outside the output folder, nothing overwritten unless asked) and JSON Lines (standard
//! output or a file, a batch at a time).

use super::options::JsonLines;
use super::replace_file;
use super::summary::{Failed, Summary};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A batch ready to be written: JSON Lines text, and each item's files (path, text), with
/// the item's description for a failure.
#[derive(Default)]
pub struct Rendered {
    pub lines: String,
    pub files: Vec<(String, Vec<(PathBuf, String)>)>,
}

/// What writing a batch did, for the summary.
#[derive(Default)]
pub struct Written {
    pub written: usize,
    pub failed: Vec<Failed>,
    pub errors: Vec<String>,
    /// Standard output was closed by its reader: the run stops.
    pub output_closed: bool,
}

impl Summary {
    /// Counts what writing a batch did.
    pub fn absorb(&mut self, written: Written) {
        self.written += written.written;
        self.failed.extend(written.failed);
        self.errors.extend(written.errors);
        self.output_closed |= written.output_closed;
    }
}

pub struct Sink<'a> {
    /// The output folder, which every file must stay inside.
    root: &'a Path,
    jsonl: Option<&'a JsonLines>,
    force: bool,
    /// The output folder was empty at the start: no file in it can exist unless this run
    /// wrote it, and names are unique, so nothing needs checking before a write.
    fresh: bool,
    /// Folders known to exist.
    folders: HashSet<PathBuf>,
}

impl<'a> Sink<'a> {
    pub fn new(root: &'a Path, content: &Path, jsonl: Option<&'a JsonLines>, force: bool) -> Self {
        Sink {
            root,
            jsonl,
            force,
            fresh: std::fs::read_dir(content).map_or(true, |mut entries| entries.next().is_none()),
            folders: HashSet::new(),
        }
    }

    /// Writes a batch: its JSON Lines, then its files, one item after another (files
    /// created in parallel in one folder contend for its lock in the kernel and gain
    /// nothing). An item counts once, however many files it has, and fails with its first
    /// file that cannot be written. A closed standard output stops the run.
    pub fn write(&mut self, rendered: Rendered) -> Written {
        let mut written = Written::default();
        if let Some(target) = self.jsonl
            && !rendered.lines.is_empty()
        {
            match append_lines(target, &rendered.lines) {
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                    written.output_closed = true;
                    return written;
                }
                Err(error) => written.errors.push(format!("JSON Lines output: {error}")),
                Ok(()) => {}
            }
        }
        for (item, files) in rendered.files {
            let result = files
                .iter()
                .try_for_each(|(path, text)| self.write_file(path, text));
            match result {
                Ok(()) => written.written += 1,
                Err(error) => written.failed.push(Failed {
                    item,
                    message: error.to_string(),
                }),
            }
        }
        written
    }

    /// Writes one file, refusing to overwrite one this run did not make (unless forced) or
    /// to follow a symbolic link out of the output folder.
    pub fn write_file(&mut self, path: &Path, text: &str) -> std::io::Result<()> {
        if !self.force && !self.fresh && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; use --force to overwrite it",
                    path.display()
                ),
            ));
        }
        let folder = path.parent().unwrap_or(self.root).to_path_buf();
        if !self.folders.contains(&folder) {
            std::fs::create_dir_all(&folder)?;
            // A symlink inside the output folder (`posts -> /etc`) must not carry files out.
            let root = std::fs::canonicalize(self.root)?;
            if !std::fs::canonicalize(&folder)?.starts_with(&root) {
                return Err(std::io::Error::other(format!(
                    "{} leads outside {} (a symbolic link?): not written there",
                    folder.display(),
                    self.root.display()
                )));
            }
            self.folders.insert(folder);
        }
        replace_file(path, text.as_bytes())
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

/// The sink on a thread of its own, so that creating and writing files overlaps converting
/// the next batches: batches are handed over as they are rendered (one waits at most), and
/// what writing them did comes back for the summary.
pub struct Writer {
    batches: std::sync::mpsc::SyncSender<Rendered>,
    results: std::sync::mpsc::Receiver<Written>,
}

impl Writer {
    pub fn spawn<'scope, 'env: 'scope>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        mut sink: Sink<'env>,
    ) -> Writer {
        let (batches, incoming) = std::sync::mpsc::sync_channel::<Rendered>(1);
        let (done, results) = std::sync::mpsc::channel();
        scope.spawn(move || {
            for rendered in incoming {
                let written = sink.write(rendered);
                let closed = written.output_closed;
                if done.send(written).is_err() || closed {
                    break;
                }
            }
        });
        Writer { batches, results }
    }

    /// Hands a batch over, and counts what the batches before it did.
    pub fn send(&self, rendered: Rendered, summary: &mut Summary) {
        // The thread is gone only once standard output closed: that is in the summary.
        let _ = self.batches.send(rendered);
        while let Ok(written) = self.results.try_recv() {
            summary.absorb(written);
        }
    }

    /// Waits for every batch handed over to be written, and counts them.
    pub fn finish(self, summary: &mut Summary) {
        drop(self.batches);
        for written in self.results {
            summary.absorb(written);
        }
    }
}

fn append_lines(target: &JsonLines, lines: &str) -> std::io::Result<()> {
    use std::io::Write;
    match target {
        JsonLines::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(lines.as_bytes())
                .and_then(|()| stdout.flush())
        }
        JsonLines::File(path) => std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut file| file.write_all(lines.as_bytes())),
    }
}
