//! Values put away as they come, in a temporary file, and fetched again by position or read
//! back in order: what a conversion holds for a whole export (its attachments, the items to
//! link at the end of pass 1, the run's warnings) then takes disk, not memory.
//!
//! Each value is a frame: its length (4 bytes, little-endian), then the value in
//! [postcard](https://docs.rs/postcard). Frames gather in memory a chunk at a time; the file
//! (unnamed, in `TMPDIR`, gone when closed or when the process ends) is made when a first
//! chunk is full, so a small export never makes one. Where it cannot be made or written, the
//! chunks stay in memory, encoded: the values are the same either way.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::io::{BufReader, Read};

/// Bytes written to and read from a temporary file at a time.
pub const CHUNK: usize = 64 << 10;

/// Values by position, in a temporary file or, where none can be written, in memory.
pub struct Shelf {
    /// Made when the first chunk is full.
    file: Option<File>,
    /// Whether the file takes more chunks (it holds on to those it took).
    writable: bool,
    /// Bytes of whole chunks in the file: positions below this are in it.
    written: u64,
    /// Chunks the file did not take, in order, after those it did.
    kept: Vec<Vec<u8>>,
    /// Bytes in `kept`.
    kept_bytes: u64,
    /// The chunk being filled.
    chunk: Vec<u8>,
    count: usize,
}

impl Default for Shelf {
    fn default() -> Shelf {
        Shelf::new()
    }
}

impl std::fmt::Debug for Shelf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shelf")
            .field("values", &self.count)
            .field("in_file", &self.written)
            .field("in_memory", &(self.kept_bytes + self.chunk.len() as u64))
            .finish()
    }
}

impl Shelf {
    pub fn new() -> Shelf {
        Shelf {
            file: None,
            writable: true,
            written: 0,
            kept: Vec::new(),
            kept_bytes: 0,
            chunk: Vec::new(),
            count: 0,
        }
    }

    /// How many values were put away.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Puts a value away: its position, or None if it cannot be encoded (none of those given
    /// here can fail to).
    pub fn put(&mut self, value: &impl Serialize) -> Option<u64> {
        let at = self.written + self.kept_bytes + self.chunk.len() as u64;
        if !push_frame(value, &mut self.chunk) {
            return None;
        }
        self.count += 1;
        if self.chunk.len() >= CHUNK {
            self.store_chunk();
        }
        Some(at)
    }

    /// Writes the full chunk to the file, or keeps it in memory: from the first chunk the
    /// file does not take, all stay in memory (a chunk it took in part counts as not taken).
    fn store_chunk(&mut self) {
        let chunk = std::mem::take(&mut self.chunk);
        if self.writable && self.file.is_none() {
            self.file = tempfile::tempfile().ok();
        }
        let taken = self.writable
            && self
                .file
                .as_ref()
                .is_some_and(|file| write_all_at(file, &chunk, self.written).is_ok());
        if taken {
            self.written += chunk.len() as u64;
        } else {
            self.writable = false;
            self.kept_bytes += chunk.len() as u64;
            self.kept.push(chunk);
        }
    }

    /// The value put away at `at` (a position [`Shelf::put`] gave).
    pub fn get<T: DeserializeOwned>(&self, at: u64) -> std::io::Result<T> {
        if at < self.written {
            // One read takes most frames whole (a second one the rest of a longer frame).
            const GUESS: u64 = 512;
            let file = self.file.as_ref().ok_or_else(missing)?;
            let mut frame = vec![0; GUESS.min(self.written - at) as usize];
            read_exact_at(file, &mut frame, at)?;
            let length = match frame.first_chunk::<4>() {
                Some(length) => u32::from_le_bytes(*length) as usize,
                None => return Err(missing()),
            };
            if let Some(more) = (4 + length).checked_sub(frame.len()).filter(|&n| n > 0) {
                let start = frame.len();
                frame.resize(start + more, 0);
                read_exact_at(file, &mut frame[start..], at + start as u64)?;
            }
            return decode_frame(&frame);
        }
        // A frame never spans chunks: find the one it starts in.
        let mut offset = at - self.written;
        for chunk in self.kept.iter().chain(std::iter::once(&self.chunk)) {
            if offset < chunk.len() as u64 {
                return decode_frame(&chunk[offset as usize..]);
            }
            offset -= chunk.len() as u64;
        }
        Err(missing())
    }

    /// The values, in the order put away.
    pub fn values<T: DeserializeOwned>(&self) -> impl Iterator<Item = std::io::Result<T>> + '_ {
        let written: Box<dyn Read + '_> = match &self.file {
            Some(file) if self.written > 0 => Box::new(BufReader::with_capacity(
                CHUNK,
                FileAt {
                    file,
                    at: 0,
                    end: self.written,
                },
            )),
            _ => Box::new(std::io::empty()),
        };
        let mut input = self
            .kept
            .iter()
            .chain(std::iter::once(&self.chunk))
            .fold(written, |input, chunk| {
                Box::new(input.chain(chunk.as_slice()))
            });
        let mut frame = Vec::new();
        (0..self.count).map(move |_| read_frame(&mut input, &mut frame))
    }
}

fn missing() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::NotFound,
        "no value at this position of the temporary file",
    )
}

/// Appends a frame (its length, then its value) to `buffer`; false, and `buffer` as it was, if
/// the value cannot be encoded.
pub fn push_frame(value: &impl Serialize, buffer: &mut Vec<u8>) -> bool {
    let at = buffer.len();
    buffer.extend_from_slice(&[0; 4]);
    let encoded = postcard::to_io(value, &mut *buffer).is_ok();
    match u32::try_from(buffer.len() - at - 4) {
        Ok(length) if encoded => {
            buffer[at..at + 4].copy_from_slice(&length.to_le_bytes());
            true
        }
        _ => {
            buffer.truncate(at);
            false
        }
    }
}

/// Reads a frame (its length, then its value) into `buffer` and decodes it.
pub fn read_frame<T: DeserializeOwned>(
    input: &mut impl Read,
    buffer: &mut Vec<u8>,
) -> std::io::Result<T> {
    let mut length = [0; 4];
    input.read_exact(&mut length)?;
    buffer.clear();
    buffer.resize(u32::from_le_bytes(length) as usize, 0);
    input.read_exact(buffer)?;
    postcard::from_bytes(buffer).map_err(std::io::Error::other)
}

/// Decodes the frame at the start of `bytes`, where it lies (no copy).
fn decode_frame<T: DeserializeOwned>(bytes: &[u8]) -> std::io::Result<T> {
    let (length, rest) = bytes.split_first_chunk::<4>().ok_or_else(missing)?;
    let value = rest
        .get(..u32::from_le_bytes(*length) as usize)
        .ok_or_else(missing)?;
    postcard::from_bytes(value).map_err(std::io::Error::other)
}

/// Part of a file, read by position (the file's own cursor is never used, so reads on other
/// threads and writes never disturb each other).
struct FileAt<'a> {
    file: &'a File,
    at: u64,
    end: u64,
}

impl Read for FileAt<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.end - self.at).unwrap_or(usize::MAX);
        let wanted = buffer.len().min(left);
        if wanted == 0 {
            return Ok(0);
        }
        let n = read_at(self.file, &mut buffer[..wanted], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

fn read_exact_at(file: &File, mut buffer: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buffer.is_empty() {
        match read_at(file, buffer, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buffer = &mut buffer[n..];
                at += n as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match write_at(file, bytes, at) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                at += n as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, at)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::write_at(file, bytes, at)
}

#[cfg(windows)]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, at)
}

#[cfg(windows)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_write(file, bytes, at)
}

// Elsewhere no file takes a chunk: everything stays in memory.
#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<usize> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<usize> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Value = (String, u64, Option<String>);

    fn values() -> Vec<Value> {
        (0..5000u64)
            .map(|n| {
                (
                    format!("value {n} {}", "é".repeat(n as usize % 40)),
                    n,
                    (n % 3 == 0).then(|| "x".repeat(n as usize)),
                )
            })
            .collect()
    }

    /// Every value comes back by its position, and all of them in order.
    fn assert_gives_back(shelf: Shelf, positions: &[u64], values: &[Value], case: &str) {
        assert_eq!(shelf.len(), values.len());
        // By position, out of order too (as conversion threads ask).
        for (at, value) in positions.iter().zip(values).rev() {
            assert_eq!(&shelf.get::<Value>(*at).expect("readable"), value, "{case}");
        }
        assert!(shelf.get::<Value>(u64::MAX).is_err(), "{case}");
        let back: Vec<Value> = shelf.values().map(|v| v.expect("readable")).collect();
        assert_eq!(back, values, "{case}");
    }

    #[test]
    fn values_come_back_by_position_and_in_order_from_the_file_or_from_memory() {
        let values = values();
        let mut shelf = Shelf::new();
        let positions: Vec<u64> = values.iter().map(|v| shelf.put(v).unwrap()).collect();
        assert!(shelf.written > 0, "most of it went to the file");
        assert_gives_back(shelf, &positions, &values, "file");
        // No file from the start, or from some chunk on: kept in memory from there on.
        for lose_after in [0, 2] {
            let mut shelf = Shelf::new();
            let mut positions = Vec::new();
            for (n, value) in values.iter().enumerate() {
                if shelf.written >= lose_after * CHUNK as u64 && n > 0 {
                    shelf.writable = false;
                }
                positions.push(shelf.put(value).unwrap());
            }
            // Both parts: what the file took before it stopped, and what memory kept after.
            assert!(shelf.written >= lose_after * CHUNK as u64 && !shelf.kept.is_empty());
            let case = format!("file lost after {lose_after} chunks");
            assert_gives_back(shelf, &positions, &values, &case);
        }
    }

    #[test]
    fn a_small_shelf_makes_no_file() {
        let mut shelf = Shelf::new();
        let at = shelf.put(&"only one").unwrap();
        assert!(shelf.file.is_none());
        assert_eq!(shelf.get::<String>(at).unwrap(), "only one");
    }
}
