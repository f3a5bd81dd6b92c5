//! Reading ahead on a thread of its own: [`ReadAhead`] runs a reader (a file behind the byte
//! filter and the UTF-8 decoding) on another thread and hands its bytes over in chunks, so
//! that work overlaps the parsing that consumes them.

use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Bytes handed over at a time (larger chunks were no faster, and their memory adds to the
/// peak).
const CHUNK: usize = 64 << 10;
/// Chunks read ahead at most (besides the one being consumed): memory stays at a few chunks.
const AHEAD: usize = 2;

/// A reader whose inner reader runs on a thread of its own, a few chunks ahead.
///
/// The thread ends when the input does, on the first error (handed on in its turn), or when
/// this reader is dropped.
pub struct ReadAhead {
    chunks: Receiver<std::io::Result<Vec<u8>>>,
    /// Consumed chunks go back to the thread to be filled again.
    spare: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    done: bool,
}

impl ReadAhead {
    pub fn new<R: Read + Send + 'static>(mut inner: R) -> ReadAhead {
        let (sender, chunks) = sync_channel(AHEAD);
        let (spare, spares) = sync_channel::<Vec<u8>>(AHEAD + 2);
        std::thread::spawn(move || {
            loop {
                let mut chunk = spares.try_recv().unwrap_or_default();
                chunk.resize(CHUNK, 0);
                let (n, error) = fill(&mut inner, &mut chunk);
                chunk.truncate(n);
                // The bytes before an error go first; an empty chunk is the end.
                if (n > 0 || error.is_none()) && sender.send(Ok(chunk)).is_err() {
                    return;
                }
                if let Some(error) = error {
                    let _ = sender.send(Err(error));
                    return;
                }
                if n == 0 {
                    return;
                }
            }
        });
        ReadAhead {
            chunks,
            spare,
            current: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

/// Reads into `chunk` until it is full or the input ends: the bytes read, and the error that
/// stopped it.
fn fill(inner: &mut impl Read, chunk: &mut [u8]) -> (usize, Option<std::io::Error>) {
    let mut filled = 0;
    while filled < chunk.len() {
        match inner.read(&mut chunk[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (filled, Some(e)),
        }
    }
    (filled, None)
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            let _ = self.spare.try_send(std::mem::take(&mut self.current));
            self.at = 0;
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.done = chunk.is_empty();
                    self.current = chunk;
                }
                Ok(Err(error)) => {
                    self.done = true;
                    return Err(error);
                }
                Err(_) => {
                    self.done = true;
                    return Err(std::io::Error::other(
                        "the thread reading the input stopped before its end",
                    ));
                }
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out a few bytes per read, then fails or ends.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        fail_at: Option<usize>,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.fail_at.is_some_and(|f| self.at >= f) {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = buf.len().min(7).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn hands_on_every_byte_in_order_across_chunks() {
        let data = data(3 * CHUNK + 12345);
        let mut ahead = ReadAhead::new(Trickle {
            data: data.clone(),
            at: 0,
            fail_at: None,
        });
        let mut out = Vec::new();
        ahead.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), data.len());
        assert!(out == data);
        // And the end stays the end.
        assert_eq!(ahead.read(&mut [0; 8]).unwrap(), 0);
    }

    #[test]
    fn an_error_arrives_after_the_bytes_before_it() {
        let data = data(CHUNK + 100);
        let mut ahead = ReadAhead::new(Trickle {
            data: data.clone(),
            at: 0,
            fail_at: Some(CHUNK + 50),
        });
        // Everything the inner reader gave before failing: the first chunk, then reads of 7
        // bytes up to the failure.
        let before = CHUNK + 50usize.div_ceil(7) * 7;
        let mut out = vec![0; before];
        ahead.read_exact(&mut out).unwrap();
        assert!(out == data[..before]);
        let error = ahead.read(&mut [0; 8]).unwrap_err();
        assert_eq!(error.to_string(), "disk on fire");
        assert_eq!(ahead.read(&mut [0; 8]).unwrap(), 0);
    }
}
