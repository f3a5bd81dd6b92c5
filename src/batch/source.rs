//! Where an export is read from, and why it could not be.

use crate::read::wxr::{Record, Site, WxrError, WxrReader};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

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

/// Reads every record of the inputs (the files of one split export, in order) into `each`;
/// the site the first input that names one describes. The file is read, filtered and decoded
/// on another thread, ahead of the parsing; the records are parsed on this one (parsed on a
/// thread of their own, they took a second glibc arena: 4 MB more at the peak of a 500 MB
/// export, for a tenth of this pass's time).
pub fn read_records(inputs: &[PathBuf], mut each: impl FnMut(Record)) -> Result<Site, ExportError> {
    let mut site = Site::default();
    for input in inputs {
        let mut reader =
            WxrReader::from_bytes_ahead(open(input).map_err(|e| ExportError::open(input, e))?);
        for record in reader.by_ref() {
            each(record.map_err(|e| ExportError::read(input, e))?);
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

/// Reads the inputs' records on a thread of `scope` and sends them in batches, one batch
/// ahead of the receiver at most, so memory stays at a few batches whatever the export's
/// size. The thread stops at the first error (sent in its turn) or when the receiver is
/// dropped.
pub fn read_batches<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    inputs: &'scope [PathBuf],
) -> Receiver<Result<Batch, ExportError>> {
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    scope.spawn(move || {
        for (number, input) in inputs.iter().enumerate() {
            let reader = match open(input) {
                Ok(file) => WxrReader::from_bytes_ahead(file),
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
                        records.push(record);
                    }
                    Err(error) => {
                        let _ = sender.send(Err(ExportError::read(input, error)));
                        return;
                    }
                }
                if records.len() >= BATCH || bytes >= BATCH_BYTES {
                    let batch = Batch {
                        input: number,
                        records: std::mem::take(&mut records),
                    };
                    if sender.send(Ok(batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            let batch = Batch {
                input: number,
                records,
            };
            if sender.send(Ok(batch)).is_err() {
                return;
            }
        }
    });
    receiver
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
