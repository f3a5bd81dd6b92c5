//! Readers: each turns one input format into a [`Document`](crate::model::Document).

pub mod ahead;
pub mod html;
pub(crate) mod inlines;
pub mod markdown;
pub mod php;
pub mod text;
pub mod wordpress;
pub mod wxr;

use crate::Warning;

/// Languages that code blocks name by a bare class (`<pre class="php">`) and that syntax
/// highlighters register as shortcodes (`[php]…[/php]`).
pub const CODE_LANGUAGES: &[&str] = &[
    "bash",
    "c",
    "cpp",
    "csharp",
    "css",
    "diff",
    "go",
    "html",
    "java",
    "javascript",
    "js",
    "json",
    "kotlin",
    "lua",
    "perl",
    "php",
    "plain",
    "powershell",
    "py",
    "python",
    "ruby",
    "rust",
    "scala",
    "scss",
    "shell",
    "sql",
    "swift",
    "text",
    "typescript",
    "vb",
    "xml",
    "yaml",
];

/// The path of `link` below the site's address `site` (`https://x.org/blog/2019/hi/` on
/// `https://x.org/blog` → `/2019/hi/`; the whole path where `site` is empty or another host),
/// percent-decoded, `//` collapsed: the document's [`Meta::old_path`](crate::model::Meta).
/// None for the front page and for an address with a query (`?p=12`, which no static site
/// serves) or a fragment.
pub fn old_path(link: &str, site: &str) -> Option<String> {
    let (_, path) = split_origin(link)?;
    if path.contains(['?', '#']) {
        return None;
    }
    let mut path = wxr::percent_decode(path);
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    if let (Some((_, base)), Some(site_host), Some(host)) =
        (split_origin(site), host_of(site), host_of(link))
        && site_host == host
    {
        let base = wxr::percent_decode(base.trim_end_matches('/'));
        if let Some(rest) = path.strip_prefix(&base)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            path = rest.to_string();
        }
    }
    let clean = !path.is_empty()
        && path != "/"
        && !path.chars().any(|c| c.is_control())
        && !path.split('/').any(|s| s == "." || s == "..");
    clean.then_some(path)
}

/// A URL's origin (`https://x.org`) and the rest, from its path on (`/blog/a?b`, or `` when it
/// has none); None without a `scheme://`.
pub fn split_origin(url: &str) -> Option<(&str, &str)> {
    let url = url.trim();
    let start = url.find("://")? + 3;
    Some(match url[start..].find(['/', '?', '#']) {
        Some(at) => url.split_at(start + at),
        None => (url, ""),
    })
}

/// A URL's host, lower case, with its port and without user information
/// (`https://me@X.org:8080/a` → `x.org:8080`).
pub fn host_of(url: &str) -> Option<String> {
    let (origin, _) = split_origin(url)?;
    let authority = &origin[origin.find("://")? + 3..];
    let host = authority.rsplit('@').next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// A URL's host without `www.`, which a site answers to either way
/// (`https://www.Old.example:8080/x` → `old.example:8080`).
pub fn bare_host(url: &str) -> Option<String> {
    let host = host_of(url)?;
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Input bytes as text: a byte-order mark or a `<meta charset>` is honoured, anything else is
/// read as UTF-8, and invalid sequences are replaced with U+FFFD and reported — never a
/// failure, never silent.
pub fn decode(bytes: &[u8]) -> (String, Vec<Warning>) {
    let mut warnings = Vec::new();
    let encoding = encoding_rs::Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| declared_charset(bytes))
        .unwrap_or(encoding_rs::UTF_8);
    if encoding == encoding_rs::UTF_8
        && let Err(error) =
            std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    {
        let offset = error.valid_up_to() + usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
        let (line, column) = line_and_column(bytes, offset);
        warnings.push(Warning::new(format!(
            "invalid UTF-8 at line {line}, column {column} (byte {offset}); \
                 undecodable bytes were replaced with U+FFFD"
        )));
    }
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), warnings)
}

/// The charset a page declares in its first kilobytes (`<meta charset=…>` or the
/// `http-equiv` form), when encoding_rs knows it.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    // A page that says UTF-16 in ASCII is not UTF-16; browsers ignore that claim too.
    (encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE).then_some(encoding)
}

fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A reader that passes UTF-8 through and replaces invalid sequences with U+FFFD, for
/// streaming parsers that require valid text. [`LossyUtf8::replaced`] tells whether anything
/// was replaced.
pub struct LossyUtf8<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Box<[u8]>,
    input_start: usize,
    input_end: usize,
    output: Box<[u8]>,
    output_start: usize,
    output_end: usize,
    eof: bool,
    finished: bool,
    replaced: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<R: std::io::Read> LossyUtf8<R> {
    pub fn new(inner: R) -> LossyUtf8<R> {
        const CHUNK: usize = 64 * 1024;
        LossyUtf8 {
            inner,
            decoder: encoding_rs::UTF_8.new_decoder_with_bom_removal(),
            input: vec![0; CHUNK].into_boxed_slice(),
            input_start: 0,
            input_end: 0,
            // Each invalid byte can become three bytes of U+FFFD.
            output: vec![0; CHUNK * 3 + 16].into_boxed_slice(),
            output_start: 0,
            output_end: 0,
            eof: false,
            finished: false,
            replaced: Default::default(),
        }
    }

    /// Whether invalid UTF-8 has been replaced so far.
    pub fn replaced(&self) -> bool {
        self.replaced.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A flag that turns true once invalid UTF-8 has been replaced, readable after the reader
    /// has been handed to a parser.
    pub fn replaced_flag(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.replaced.clone()
    }
}

impl<R: std::io::Read> std::io::Read for LossyUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.output_start < self.output_end {
                let n = buf.len().min(self.output_end - self.output_start);
                buf[..n].copy_from_slice(&self.output[self.output_start..self.output_start + n]);
                self.output_start += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.input_start == self.input_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.input_start = 0;
                self.input_end = n;
                self.eof = n == 0;
            }
            let (result, read, written, replaced) = self.decoder.decode_to_utf8(
                &self.input[self.input_start..self.input_end],
                &mut self.output,
                self.eof,
            );
            if replaced {
                self.replaced
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
            self.input_start += read;
            self.output_start = 0;
            self.output_end = written;
            // The last call (input ended, all of it consumed) finishes the decoder: calling it
            // again panics, even when that call still wrote output (a cut-off character's
            // U+FFFD).
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.finished = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_replaced_and_reported_with_its_position() {
        let (text, warnings) = decode(b"<p>caf\xE9</p>\n<p>ok \xFF\xFE</p>");
        assert_eq!(text, "<p>caf\u{FFFD}</p>\n<p>ok \u{FFFD}\u{FFFD}</p>");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("line 1, column 7"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn declared_windows_1252_is_decoded_as_such() {
        let (text, warnings) =
            decode(b"<html><head><meta charset=\"windows-1252\"></head><p>caf\xE9 \x93q\x94</p>");
        assert!(text.contains("café “q”"), "{text}");
        assert!(warnings.is_empty());
    }

    #[test]
    fn lossy_reader_replaces_and_reports_across_chunk_boundaries() {
        use std::io::Read;
        // "é" split across two reads of one byte each, then an invalid byte.
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let mut reader = LossyUtf8::new(OneByte("café \\xFF!".as_bytes()));
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "café \\xFF!");
        assert!(!reader.replaced());
        let mut reader = LossyUtf8::new(OneByte(b"caf\xC3\xA9 \xFF!"));
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "café \u{FFFD}!");
        assert!(reader.replaced());
    }

    #[test]
    fn utf8_with_bom_is_clean() {
        let (text, warnings) = decode("\u{FEFF}<p>é</p>".as_bytes());
        assert_eq!(text, "<p>é</p>");
        assert!(warnings.is_empty());
    }
}
