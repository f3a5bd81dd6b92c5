//! Where an export is read from, and why it could not be.

use crate::read::wxr::{Record, Site, WxrError, WxrReader};
use std::io::Read;
use std::path::{Path, PathBuf};

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
/// the site the first input that names one describes.
pub fn read_records(inputs: &[PathBuf], mut each: impl FnMut(Record)) -> Result<Site, ExportError> {
    let mut site = Site::default();
    for input in inputs {
        let mut reader =
            WxrReader::from_bytes(open(input).map_err(|e| ExportError::open(input, e))?);
        for record in reader.by_ref() {
            each(record.map_err(|e| ExportError::read(input, e))?);
        }
        if site.title.is_empty() {
            site = reader.site().clone();
        }
    }
    Ok(site)
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
