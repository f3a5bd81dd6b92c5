//! A byte filter in front of the XML parser that keeps damaged and hostile exports readable
//! in bounded memory.
//!
//! - **Unsplit `]]>`.** WordPress before 3.3 wrote content into CDATA without splitting a
//!   `]]>` inside it, so an inline `// ]]></script>` ends the section early and the rest of
//!   the post is parsed as markup, taking every later item with it. WordPress's own
//!   regex-based importer reads a field up to its closing tag (`]]></content:encoded>`). So
//!   does this filter: a `]]>` that is followed neither by the closing tag of the element the
//!   section is in nor by another section (`]]]]><![CDATA[>`, the proper split) is rewritten
//!   as that split, which keeps the content byte for byte.
//! - **Bounded runs.** The parser buffers one text run, CDATA section, comment or tag whole.
//!   A run longer than [`MAX_RUN`] is cut there and reported; blank space between elements
//!   past [`MAX_BLANK`] bytes is skipped (it holds nothing), so no single run of the input
//!   can make memory grow with it.
//!
//! Markup is ASCII, so the filter works on raw bytes, before UTF-8 decoding.

use memchr::memmem::Finder;
use std::io::Read;
use std::sync::{Arc, LazyLock, Mutex};

/// The longest text run, CDATA section, comment or tag kept whole (bytes).
pub const MAX_RUN: usize = 32 << 20;
/// Blank space between elements kept, in bytes; the rest is skipped.
pub const MAX_BLANK: usize = 64 << 10;
/// How far past a `]]>` the filter looks for the closing tag.
const LOOKAHEAD: usize = 1024;

/// The ends of a comment and of a CDATA section, searched for once per section and more: a
/// searcher built once (building one costs more than searching a short section).
static COMMENT_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-->"));
static CDATA_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"]]>"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Tag,
    CData,
    Comment,
}

/// Something the filter did that the reader reports, with the line of the input it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub line: usize,
    pub message: String,
}

/// Notices shared with the reader, which attaches each to the record it falls in.
pub type Notices = Arc<Mutex<Vec<Notice>>>;

pub struct Guard<R> {
    inner: R,
    /// Input read but not yet passed on.
    data: Vec<u8>,
    at: usize,
    eof: bool,
    out: Vec<u8>,
    out_at: usize,
    state: State,
    /// Bytes of the current run passed on, and dropped.
    run: usize,
    dropped: usize,
    /// The current text run has been blank so far.
    blank: bool,
    /// The name of the last start tag: the element a CDATA section belongs to.
    element: Vec<u8>,
    line: usize,
    run_line: usize,
    repaired: usize,
    notices: Notices,
}

impl<R: Read> Guard<R> {
    pub fn new(inner: R) -> Guard<R> {
        Guard {
            inner,
            data: Vec::new(),
            at: 0,
            eof: false,
            out: Vec::new(),
            out_at: 0,
            state: State::Text,
            run: 0,
            dropped: 0,
            blank: true,
            element: Vec::new(),
            line: 1,
            run_line: 1,
            repaired: 0,
            notices: Notices::default(),
        }
    }

    pub fn notices(&self) -> Notices {
        self.notices.clone()
    }

    /// Makes at least `wanted` unprocessed bytes available, unless the input ends first.
    fn fill(&mut self, wanted: usize) -> std::io::Result<()> {
        if self.at > 0 && (self.at >= 64 << 10 || self.at == self.data.len()) {
            self.data.drain(..self.at);
            self.at = 0;
        }
        while !self.eof && self.data.len() - self.at < wanted {
            let start = self.data.len();
            self.data.resize(start + (64 << 10), 0);
            let n = loop {
                match self.inner.read(&mut self.data[start..]) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let n = n.inspect_err(|_| self.data.truncate(start))?;
            self.data.truncate(start + n);
            self.eof = n == 0;
        }
        Ok(())
    }

    fn rest(&self) -> &[u8] {
        &self.data[self.at..]
    }

    /// Passes `n` bytes of the current run on (or drops what is past the run's limit).
    fn take(&mut self, n: usize) {
        let bytes = &self.data[self.at..self.at + n];
        self.line += memchr::memchr_iter(b'\n', bytes).count();
        let limit = if self.state == State::Text && self.blank {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                MAX_BLANK
            } else {
                self.blank = false;
                MAX_RUN
            }
        } else {
            MAX_RUN
        };
        let kept = n.min(limit.saturating_sub(self.run));
        self.out.extend_from_slice(&bytes[..kept]);
        self.run += kept;
        if !(self.state == State::Text && self.blank) {
            self.dropped += n - kept;
        }
        self.at += n;
    }

    /// Passes bytes on that belong to no run (markup delimiters).
    fn pass(&mut self, n: usize) {
        let bytes = &self.data[self.at..self.at + n];
        self.out.extend_from_slice(bytes);
        self.at += n;
    }

    fn start_run(&mut self, state: State) {
        if self.dropped > 0 {
            let what = match self.state {
                State::Text => "text",
                State::Tag => "tag",
                State::CData => "CDATA section",
                State::Comment => "comment",
            };
            let message = format!(
                "a {what} of more than {} MiB was cut there ({} bytes dropped)",
                MAX_RUN >> 20,
                self.dropped
            );
            self.notice(self.run_line, message);
        }
        self.state = state;
        self.run = 0;
        self.dropped = 0;
        self.blank = true;
        self.run_line = self.line;
    }

    fn notice(&mut self, line: usize, message: String) {
        if let Ok(mut notices) = self.notices.lock() {
            notices.push(Notice { line, message });
        }
    }

    /// Passes on, in one piece, the text runs and tags ahead that need nothing done: a fast
    /// path over the bulk of an export (millions of short runs), with the same outcome as
    /// stepping through them. It stops before a CDATA section or comment, before anything
    /// not wholly in the buffer, and before a run that reaches a limit.
    fn fast_forward(&mut self) {
        if self.dropped > 0 || !matches!(self.state, State::Text | State::Tag) {
            return;
        }
        let data = &self.data[self.at..];
        let (mut state, mut run, mut blank) = (self.state, self.run, self.blank);
        // Where the current run started (for its line), and how far all is passed on.
        let mut run_start = None;
        let mut i = 0;
        loop {
            if state == State::Tag {
                let Some(n) = memchr::memchr(b'>', &data[i..]) else {
                    break;
                };
                if run + n > MAX_RUN {
                    break;
                }
                i += n + 1;
                (state, run, blank) = (State::Text, 0, true);
                run_start = Some(i);
                continue;
            }
            let Some(n) = memchr::memchr(b'<', &data[i..]) else {
                break;
            };
            let text = &data[i..i + n];
            if blank && !text.iter().all(u8::is_ascii_whitespace) {
                blank = false;
            }
            if run + n > if blank { MAX_BLANK } else { MAX_RUN } {
                break;
            }
            run += n;
            i += n;
            let tag = &data[i..];
            if tag.len() < 9 || tag.starts_with(b"<![CDATA[") || tag.starts_with(b"<!--") {
                break;
            }
            let Some(length) = tag[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            else {
                break;
            };
            if tag[1].is_ascii_alphabetic() {
                self.element.clear();
                self.element.extend_from_slice(&tag[1..1 + length]);
            }
            i += 1;
            (state, run, blank) = (State::Tag, 0, true);
            run_start = Some(i);
        }
        if i == 0 {
            return;
        }
        let data = &self.data[self.at..self.at + i];
        self.out.extend_from_slice(data);
        match run_start {
            Some(start) => {
                self.line += memchr::memchr_iter(b'\n', &data[..start]).count();
                self.run_line = self.line;
                self.line += memchr::memchr_iter(b'\n', &data[start..]).count();
            }
            None => self.line += memchr::memchr_iter(b'\n', data).count(),
        }
        (self.state, self.run, self.blank) = (state, run, blank);
        self.at += i;
    }

    /// Processes input until some output is ready or the input has ended.
    fn step(&mut self) -> std::io::Result<()> {
        self.fill(LOOKAHEAD)?;
        self.fast_forward();
        self.fill(LOOKAHEAD)?;
        let rest = self.rest();
        if rest.is_empty() {
            self.start_run(State::Text);
            return Ok(());
        }
        match self.state {
            State::Text => match memchr::memchr(b'<', rest) {
                Some(0) => {
                    if rest.starts_with(b"<![CDATA[") {
                        self.start_run(State::CData);
                        self.pass(9);
                    } else if rest.starts_with(b"<!--") {
                        self.start_run(State::Comment);
                        self.pass(4);
                    } else {
                        let length = rest[1..]
                            .iter()
                            .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                            .unwrap_or(rest.len() - 1);
                        if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                            // Reused, not reallocated: exports have millions of tags.
                            let start = self.at + 1;
                            self.element.clear();
                            self.element
                                .extend_from_slice(&self.data[start..start + length]);
                        }
                        self.start_run(State::Tag);
                        self.pass(1);
                    }
                }
                Some(n) => self.take(n),
                None => {
                    let n = rest.len();
                    self.take(n);
                }
            },
            State::Tag => match memchr::memchr(b'>', rest) {
                Some(n) => {
                    self.take(n);
                    self.pass(1);
                    self.start_run(State::Text);
                }
                None => {
                    let n = rest.len();
                    self.take(n);
                }
            },
            State::Comment => match COMMENT_END.find(rest) {
                Some(n) => {
                    self.take(n);
                    self.pass(3);
                    self.start_run(State::Text);
                }
                // Keep two bytes back: they may begin the `-->`.
                None => {
                    let n = rest.len().saturating_sub(2);
                    self.take_or_finish(n);
                }
            },
            State::CData => match CDATA_END.find(rest) {
                Some(n) => {
                    self.take(n);
                    self.fill(LOOKAHEAD + 3)?;
                    if self.ends_section() {
                        self.pass(3);
                        self.start_run(State::Text);
                    } else {
                        // An unsplit `]]>` inside content: split it as WordPress does now.
                        self.at += 3;
                        self.out.extend_from_slice(b"]]]]><![CDATA[>");
                        self.run += 3;
                        self.repaired += 1;
                        if self.repaired == 1 {
                            let message = "a `]]>` inside CDATA content ended the section \
                                early (exports of WordPress before 3.3 do not split it); read as \
                                content up to the field's closing tag, as WordPress's importer does"
                                .to_string();
                            self.notice(self.line, message);
                        }
                    }
                }
                None => {
                    let n = rest.len().saturating_sub(2);
                    self.take_or_finish(n);
                }
            },
        }
        Ok(())
    }

    /// Takes `n` bytes, or everything when the input has ended (no delimiter will come).
    fn take_or_finish(&mut self, n: usize) {
        if self.eof {
            let all = self.rest().len();
            self.take(all);
        } else {
            self.take(n);
        }
    }

    /// Whether the `]]>` at the current position ends the section: the element's closing tag
    /// or another CDATA section follows (blank space allowed), or nothing can be known.
    fn ends_section(&self) -> bool {
        let after = &self.rest()[3..];
        let after = &after[after
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(after.len())..];
        if after.is_empty() || self.element.is_empty() || after.starts_with(b"<![CDATA[") {
            return true;
        }
        let Some(close) = after.strip_prefix(b"</") else {
            return false;
        };
        close.starts_with(&self.element)
            && close
                .get(self.element.len())
                .is_none_or(|b| *b == b'>' || b.is_ascii_whitespace())
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.out_at < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_at);
                buf[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
                self.out_at += n;
                if self.out_at == self.out.len() {
                    self.out.clear();
                    self.out_at = 0;
                }
                return Ok(n);
            }
            if self.eof && self.at == self.data.len() {
                self.start_run(State::Text);
                return Ok(0);
            }
            // Enough output to hand over in one piece, or the input is done.
            while self.out.len() < 64 << 10 && !(self.eof && self.at == self.data.len()) {
                self.step()?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(input: &[u8]) -> (String, Vec<Notice>) {
        let mut guard = Guard::new(input);
        let notices = guard.notices();
        let mut out = Vec::new();
        guard.read_to_end(&mut out).unwrap();
        let notices = notices.lock().unwrap().clone();
        (String::from_utf8(out).unwrap(), notices)
    }

    #[test]
    fn well_formed_xml_passes_unchanged() {
        let xml = "<?xml version=\"1.0\"?>\n<rss><item><title>A &amp; B</title>\
            <content:encoded><![CDATA[<p>x]]]]><![CDATA[>y</p>]]></content:encoded>\
            <!-- a comment --><wp:postmeta><wp:meta_value><![CDATA[1]]>  </wp:meta_value>\
            </wp:postmeta></item></rss>\n";
        assert_eq!(filter(xml.as_bytes()), (xml.to_string(), vec![]));
    }

    #[test]
    fn an_unsplit_end_marker_inside_content_is_split() {
        let xml = "<item>\n<content:encoded><![CDATA[<script>// <![CDATA[\nx();\n// ]]></script>\
            after]]></content:encoded></item>";
        let (out, notices) = filter(xml.as_bytes());
        assert_eq!(
            out,
            "<item>\n<content:encoded><![CDATA[<script>// <![CDATA[\nx();\n// ]]]]><![CDATA[>\
            </script>after]]></content:encoded></item>"
        );
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].line, 4);
    }

    #[test]
    fn long_runs_are_cut_and_blank_space_skipped() {
        let mut xml = b"<a>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', MAX_RUN + 10));
        xml.extend(b"</a>");
        xml.extend(std::iter::repeat_n(b' ', MAX_BLANK * 3));
        xml.extend(b"<b/>");
        let (out, notices) = filter(&xml);
        assert_eq!(out.len(), 3 + MAX_RUN + 4 + MAX_BLANK + 4);
        assert!(out.ends_with("</a><b/>") || out.ends_with(" <b/>"));
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].message.contains("10 bytes dropped"),
            "{notices:?}"
        );
    }

    #[test]
    fn runs_across_many_buffers_keep_their_lines() {
        // Thousands of short runs (the fast path) over many 64 KiB reads, then a repair:
        // the output is the input but for the split, and the notice has the right line.
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<rss>\n");
        for i in 0..20_000 {
            xml.push_str(&format!(
                "<item a=\"{i}\">\n  <title>T {i}</title>\n</item>\n"
            ));
        }
        xml.push_str("<content:encoded><![CDATA[x ]]> y]]></content:encoded>\n</rss>\n");
        let (out, notices) = filter(xml.as_bytes());
        assert_eq!(out, xml.replace("x ]]> y", "x ]]]]><![CDATA[> y"));
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].line, 2 + 20_000 * 3 + 1);
    }

    #[test]
    fn a_one_byte_reader_gives_the_same_output() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((&first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = first;
                self.0 = rest;
                Ok(1)
            }
        }
        let xml = b"<item><content:encoded><![CDATA[a ]]> b ]]]]><![CDATA[> c]]>\n</content:encoded><!-- x --></item>";
        let mut out = Vec::new();
        Guard::new(OneByte(xml)).read_to_end(&mut out).unwrap();
        assert_eq!(out, filter(xml).0.as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<item><content:encoded><![CDATA[a ]]]]><![CDATA[> b ]]]]><![CDATA[> c]]>\n</content:encoded><!-- x --></item>"
        );
    }
}
