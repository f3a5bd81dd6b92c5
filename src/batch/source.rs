//! Where an export is read from, and why it could not be.

use super::spill::{Spill, SpillWriter};
use crate::read::wxr::{Item, Record, Site, WxrError, WxrReader};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};

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

/// Reads every record of the inputs (the files of one split export, in order) into `each`,
/// and into `spill` when given (in outline the items `outlined` says pass 2 only counts:
/// attachments and menu items are 44% of the items of the real-world corpus, a quarter of
/// their bytes, mostly meta); the site the first input that names one describes. The file
/// is read, filtered and decoded on another thread, ahead of the parsing; the records are
/// parsed on this one (parsed on a thread of their own, they took a second glibc arena: 4 MB
/// more at the peak of a 500 MB export, for a tenth of this pass's time).
pub fn read_records(
    inputs: &[PathBuf],
    mut spill: Option<&mut SpillWriter>,
    outlined: impl Fn(&Item) -> bool,
    mut each: impl FnMut(Record),
) -> Result<Site, ExportError> {
    let mut site = Site::default();
    for input in inputs {
        let mut reader =
            WxrReader::from_bytes_ahead(open(input).map_err(|e| ExportError::open(input, e))?);
        for record in reader.by_ref() {
            let record = record.map_err(|e| ExportError::read(input, e))?;
            if let Some(spill) = spill.as_deref_mut() {
                match &record {
                    Record::Item(item) if outlined(item) => {
                        spill.record(&Record::Item(Box::new(item.outline())))
                    }
                    _ => spill.record(&record),
                }
            }
            each(record);
        }
        if let Some(spill) = spill.as_deref_mut() {
            spill.end_input();
        }
        if site.title.is_empty() {
            site = reader.site().clone();
        }
    }
    Ok(site)
}

/// Records read together.
pub struct Batch {
    /// The input they come from (its index among the inputs).
    pub input: usize,
    pub records: Vec<Record>,
}

/// Records read together, at most: large enough to keep the threads busy, small enough to
/// keep memory flat.
pub const BATCH: usize = 256;
/// Bytes of item content read together, at most (one item may exceed it alone).
pub const BATCH_BYTES: usize = 32 << 20;

/// Reads the inputs' records on a thread of `scope` (from `spill`, pass 1's copy, when there
/// is one) and sends them in batches, one batch ahead of the receiver at most, so memory
/// stays at a few batches whatever the export's size. The thread stops at the first error
/// (sent in its turn) or when the receiver is dropped.
pub fn read_batches<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    inputs: &'scope [PathBuf],
    mut spill: Option<Spill>,
) -> Receiver<Result<Batch, ExportError>> {
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    scope.spawn(move || {
        for (number, input) in inputs.iter().enumerate() {
            if !send_batches(number, input_records(input, spill.as_mut()), &sender) {
                return;
            }
        }
    });
    receiver
}

/// Sends an input's records in batches; false if it stopped on an error (sent) or because
/// the receiver is gone.
fn send_batches(
    input: usize,
    records: impl Iterator<Item = Result<Record, ExportError>>,
    sender: &SyncSender<Result<Batch, ExportError>>,
) -> bool {
    let mut batch = Vec::with_capacity(BATCH);
    let mut bytes = 0;
    for record in records {
        match record {
            Ok(record) => {
                if let Record::Item(item) = &record {
                    bytes += item.content.len();
                }
                batch.push(record);
            }
            Err(error) => {
                let _ = sender.send(Err(error));
                return false;
            }
        }
        if batch.len() >= BATCH || bytes >= BATCH_BYTES {
            let records = std::mem::take(&mut batch);
            if sender.send(Ok(Batch { input, records })).is_err() {
                return false;
            }
            bytes = 0;
        }
    }
    let records = batch;
    sender.send(Ok(Batch { input, records })).is_ok()
}

/// An input's records after pass 1: its copy of them read back (see [`super::spill`]), or,
/// without one, the input parsed again. The first error ends them.
pub fn input_records<'a>(
    input: &'a Path,
    spill: Option<&'a mut Spill>,
) -> Box<dyn Iterator<Item = Result<Record, ExportError>> + 'a> {
    match spill {
        Some(spill) => Box::new(std::iter::from_fn(|| spill.next_record()).map(|record| {
            record.map_err(|error| ExportError {
                path: input.display().to_string(),
                message: format!(
                    "cannot read back pass 1's temporary copy of its records: {error}"
                ),
            })
        })),
        None => match open(input) {
            Ok(file) => Box::new(
                WxrReader::from_bytes_ahead(file)
                    .map(|record| record.map_err(|e| ExportError::read(input, e))),
            ),
            Err(error) => Box::new(std::iter::once(Err(ExportError::open(input, error)))),
        },
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
