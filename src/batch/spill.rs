//! Pass 1's records kept for pass 2: written to a temporary file as pass 1 reads them, and
//! read back by pass 2 instead of parsing the export a second time (parsing, filtering and
//! decoding the XML was a sixth of pass 2's work).
//!
//! The file is unnamed (removed when closed, or when the process ends however it ends) and
//! in the temporary folder (`TMPDIR`); it takes about as much room as the export. Where it
//! cannot be created or written in full (no room), pass 2 parses the export again, as it
//! would without it: the records are the same either way.
//!
//! Each record is a frame: its length (4 bytes, little-endian), then the record in
//! [postcard](https://docs.rs/postcard); each input's records end with an end frame.
//!
//! A [`Tape`] keeps, the same way, what pass 1 needs again only at its end (the items to
//! link), and in memory, encoded, where no file can be written.

use crate::read::wxr::Record;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};

/// A frame as written: a record, or the end of an input's records.
#[derive(Serialize)]
enum FrameRef<'a> {
    Record(&'a Record),
    End,
}

/// A frame as read back.
#[derive(Deserialize)]
enum Frame {
    Record(Record),
    End,
}

/// Bytes written to and read from a file at a time.
const CHUNK: usize = 64 << 10;

/// A frame's buffer bigger than this is not kept for the next one (records are bounded by
/// the reader's limit, 48 MiB of text, but almost all are a few kilobytes).
const KEEP: usize = 1 << 20;

/// Writes pass 1's records as they are read.
pub struct SpillWriter {
    /// None once something could not be written: pass 2 then parses the export again.
    out: Option<BufWriter<File>>,
    frame: Vec<u8>,
}

impl SpillWriter {
    /// A writer to a new temporary file (or to nothing, if none can be created).
    pub fn new() -> SpillWriter {
        SpillWriter {
            out: tempfile::tempfile()
                .ok()
                .map(|file| BufWriter::with_capacity(CHUNK, file)),
            frame: Vec::new(),
        }
    }

    pub fn record(&mut self, record: &Record) {
        self.write(&FrameRef::Record(record));
    }

    /// Ends the current input's records.
    pub fn end_input(&mut self) {
        self.write(&FrameRef::End);
    }

    fn write(&mut self, frame: &FrameRef<'_>) {
        let Some(out) = &mut self.out else {
            return;
        };
        self.frame.clear();
        let written = push_frame(frame, &mut self.frame) && out.write_all(&self.frame).is_ok();
        if !written {
            self.out = None;
        }
        if self.frame.capacity() > KEEP {
            self.frame = Vec::new();
        }
    }

    /// The records written, ready to be read back; None if any could not be written.
    pub fn finish(self) -> Option<Spill> {
        let mut file = self.out?.into_inner().ok()?;
        file.rewind().ok()?;
        Some(Spill {
            input: BufReader::with_capacity(CHUNK, file),
            frame: Vec::new(),
        })
    }
}

/// The records pass 1 wrote, read back in order.
pub struct Spill {
    input: BufReader<File>,
    frame: Vec<u8>,
}

impl Spill {
    /// The current input's next record; None at the end of its records.
    pub fn next_record(&mut self) -> Option<std::io::Result<Record>> {
        match self.frame() {
            Ok(Frame::Record(record)) => Some(Ok(record)),
            Ok(Frame::End) => None,
            Err(error) => Some(Err(error)),
        }
    }

    fn frame(&mut self) -> std::io::Result<Frame> {
        let frame = read_frame(&mut self.input, &mut self.frame);
        if self.frame.capacity() > KEEP {
            self.frame = Vec::new();
        }
        frame
    }
}

/// Appends a frame (its length, then its value) to `buffer`; false, and `buffer` as it was, if
/// the value cannot be encoded.
fn push_frame(value: &impl Serialize, buffer: &mut Vec<u8>) -> bool {
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
fn read_frame<T: serde::de::DeserializeOwned>(
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

/// Values kept in order until the end of a pass, then read back once, in the same order:
/// in a temporary file as they come, so that an export's worth of them takes no memory, or
/// in memory, encoded, where the file cannot be created or written.
pub struct Tape {
    /// Made when the first chunk is full (most tapes of a small export never need one).
    file: Option<File>,
    /// Whether the file takes more chunks (it holds on to those it took).
    writable: bool,
    /// Bytes of whole chunks in the file.
    written: u64,
    /// Encoded values not in the file: chunks it could not take, and the one being filled.
    kept: Vec<Vec<u8>>,
    chunk: Vec<u8>,
    count: usize,
}

impl Tape {
    pub fn new() -> Tape {
        Tape {
            file: None,
            writable: true,
            written: 0,
            kept: Vec::new(),
            chunk: Vec::new(),
            count: 0,
        }
    }

    /// Adds a value (one that cannot be encoded is left out: none of those given here can).
    pub fn push(&mut self, value: &impl Serialize) {
        if push_frame(value, &mut self.chunk) {
            self.count += 1;
        }
        if self.chunk.len() >= CHUNK {
            let chunk = std::mem::take(&mut self.chunk);
            if self.writable && self.file.is_none() {
                self.file = tempfile::tempfile().ok();
            }
            let taken = self.writable
                && self
                    .file
                    .as_mut()
                    .is_some_and(|file| file.write_all(&chunk).is_ok());
            if taken {
                self.written += chunk.len() as u64;
            } else {
                // From the first chunk the file does not take, all stay in memory (a chunk
                // it took in part is not counted as written).
                self.writable = false;
                self.kept.push(chunk);
            }
        }
    }

    /// The values, in the order given.
    pub fn values<T: serde::de::DeserializeOwned>(
        self,
    ) -> impl Iterator<Item = std::io::Result<T>> {
        let written: Box<dyn Read> = match self.file {
            Some(mut file) if self.written > 0 => match file.rewind() {
                Ok(()) => Box::new(BufReader::with_capacity(CHUNK, file.take(self.written))),
                Err(error) => Box::new(Failing(Some(error))),
            },
            _ => Box::new(std::io::empty()),
        };
        let mut input = self
            .kept
            .into_iter()
            .chain(std::iter::once(self.chunk))
            .fold(written, |input, chunk| {
                Box::new(input.chain(std::io::Cursor::new(chunk)))
            });
        let mut frame = Vec::new();
        (0..self.count).map(move |_| read_frame(&mut input, &mut frame))
    }
}

/// A reader that fails with the error it holds.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self
            .0
            .take()
            .unwrap_or_else(|| std::io::Error::other("read failed")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warning;
    use crate::read::wxr::{Author, Comment, Item, ItemTerm, MetaEntry, TermDef};

    fn records() -> Vec<Record> {
        let item = Item {
            title: "Crème brûlée, “quoted” & <escaped>".into(),
            content: "<p>Line one\r\nline two\0 ünïcödé 漢字 🎉</p>".into(),
            post_id: "42".into(),
            terms: vec![ItemTerm {
                domain: "category".into(),
                slug: "news".into(),
                name: "News".into(),
            }],
            postmeta: vec![MetaEntry {
                key: "_wp_old_slug".into(),
                value: "a:1:{i:0;s:3:\"old\";}".into(),
            }],
            comments: vec![Comment {
                id: "7".into(),
                content: "A reader's comment".into(),
                ..Comment::default()
            }],
            line: usize::MAX,
            ..Item::default()
        };
        vec![
            Record::Author(Author {
                login: "admin".into(),
                ..Author::default()
            }),
            Record::Term(TermDef {
                name: "News".into(),
                ..TermDef::default()
            }),
            Record::Item(Box::new(item)),
            Record::Item(Box::new(Item {
                content: "x".repeat(3 << 20),
                ..Item::default()
            })),
            Record::Warning(Warning::new("line 3: XML error")),
        ]
    }

    #[test]
    fn records_come_back_as_written_input_by_input() {
        let first = records();
        let mut writer = SpillWriter::new();
        for record in &first {
            writer.record(record);
        }
        writer.end_input();
        // An input without records, then one more.
        writer.end_input();
        writer.record(&first[4]);
        writer.end_input();
        let mut spill = writer.finish().expect("the temporary folder is writable");
        let read = |spill: &mut Spill| -> Vec<Record> {
            std::iter::from_fn(|| spill.next_record())
                .map(|r| r.expect("readable"))
                .collect()
        };
        assert_eq!(read(&mut spill), first);
        assert_eq!(read(&mut spill), vec![]);
        assert_eq!(read(&mut spill), vec![first[4].clone()]);
        // Past the end: an error, not a record.
        assert!(spill.next_record().is_some_and(|r| r.is_err()));
    }

    #[test]
    fn a_tape_gives_its_values_back_in_order_from_the_file_or_from_memory() {
        let values: Vec<(String, u64, Option<String>)> = (0..5000u64)
            .map(|n| {
                (
                    format!("value {n} {}", "é".repeat(n as usize % 40)),
                    n,
                    None,
                )
            })
            .collect();
        let mut tape = Tape::new();
        for value in &values {
            tape.push(value);
        }
        assert!(tape.written > 0, "most of it went to the file");
        let back: Vec<(String, u64, Option<String>)> =
            tape.values().map(|v| v.expect("readable")).collect();
        assert_eq!(back, values);
        // No file from the start, or from some chunk on: all kept in memory, same values.
        for lose_after in [0, 2] {
            let mut tape = Tape::new();
            for (n, value) in values.iter().enumerate() {
                if tape.written >= lose_after * CHUNK as u64 && n > 0 {
                    tape.writable = false;
                }
                tape.push(value);
            }
            // Both parts: what the file took before it stopped, and what memory kept after.
            assert!(tape.written >= lose_after * CHUNK as u64 && !tape.kept.is_empty());
            let back: Vec<(String, u64, Option<String>)> =
                tape.values().map(|v| v.expect("readable")).collect();
            assert_eq!(back, values, "file lost after {lose_after} chunks");
        }
    }
}
