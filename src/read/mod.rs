//! Readers: each turns one input format into a [`Document`](crate::model::Document).

pub mod html;
mod inlines;

use crate::Warning;

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
    fn utf8_with_bom_is_clean() {
        let (text, warnings) = decode("\u{FEFF}<p>é</p>".as_bytes());
        assert_eq!(text, "<p>é</p>");
        assert!(warnings.is_empty());
    }
}
