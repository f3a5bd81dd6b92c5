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

use crate::read::wxr::Record;
use crate::shelf::{CHUNK, push_frame, read_frame};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, Write};

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
}
