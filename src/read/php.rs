//! PHP-serialized values (`a:1:{s:3:"key";s:5:"value";}`), as WordPress stores arrays and
//! objects in post, term and comment meta, read into JSON values.
//!
//! Leniently: a database search-and-replace that changed a string without fixing its byte
//! count (`s:10:"https://new.example"` after a domain change) is the most common damage in
//! real exports, so a string whose count is wrong is read up to its closing `";` instead.

use serde_json::{Map, Value};

/// Nesting deeper than this is refused (hostile input, not WordPress data).
const MAX_DEPTH: usize = 64;

/// Parses a serialized value; `None` when the text is not one (most meta values are plain
/// strings).
pub fn unserialize(text: &str) -> Option<Value> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    (parser.at == parser.bytes.len() || text[parser.at..].trim().is_empty()).then_some(value)
}

/// Whether a meta value looks serialized (as WordPress's `is_serialized()` decides).
pub fn looks_serialized(text: &str) -> bool {
    let text = text.trim();
    text == "N;"
        || (text.len() >= 4
            && matches!(text.get(..2), Some("a:" | "O:" | "s:" | "i:" | "d:" | "b:"))
            && (text.ends_with(';') || text.ends_with('}')))
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let kind = *self.bytes.get(self.at)?;
        self.at += 1;
        match kind {
            b'N' => {
                self.expect(b';')?;
                Some(Value::Null)
            }
            b'b' => {
                self.expect(b':')?;
                let n = self.until(b';')?;
                Some(Value::Bool(n != "0"))
            }
            b'i' => {
                self.expect(b':')?;
                let n = self.until(b';')?;
                Some(Value::from(n.trim().parse::<i64>().ok()?))
            }
            b'd' => {
                self.expect(b':')?;
                let n = self.until(b';')?;
                let f: f64 = n.trim().parse().ok()?;
                Some(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
            }
            b's' => {
                self.expect(b':')?;
                let string = self.string()?;
                self.expect(b';')?;
                Some(Value::String(string))
            }
            b'a' => {
                self.expect(b':')?;
                let count: usize = self.until(b':')?.parse().ok()?;
                self.expect(b'{')?;
                self.entries(count, depth)
            }
            b'O' => {
                self.expect(b':')?;
                let _class = self.string()?;
                self.expect(b':')?;
                let count: usize = self.until(b':')?.parse().ok()?;
                self.expect(b'{')?;
                self.entries(count, depth)
            }
            b'r' | b'R' => {
                // A reference to an earlier value: kept as null rather than resolved.
                self.expect(b':')?;
                self.until(b';')?;
                Some(Value::Null)
            }
            _ => None,
        }
    }

    /// `count` key/value pairs and the closing `}`: a JSON array when the keys are 0..n.
    fn entries(&mut self, count: usize, depth: usize) -> Option<Value> {
        let mut pairs = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let key = match self.value(depth + 1)? {
                Value::String(s) => s.rsplit('\0').next().unwrap_or_default().to_string(), // private/protected property names
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            };
            let value = self.value(depth + 1)?;
            pairs.push((key, value));
        }
        self.expect(b'}')?;
        let sequential = pairs
            .iter()
            .enumerate()
            .all(|(i, (k, _))| *k == i.to_string());
        if sequential && !pairs.is_empty() {
            Some(Value::Array(pairs.into_iter().map(|(_, v)| v).collect()))
        } else {
            Some(Value::Object(pairs.into_iter().collect::<Map<_, _>>()))
        }
    }

    /// `LEN:"…"`: trusts LEN when the string really ends there, else reads to the `"` that is
    /// followed by `;` (or `:`, for class names) and a plausible next token.
    fn string(&mut self) -> Option<String> {
        let length: usize = self.until(b':')?.parse().ok()?;
        self.expect(b'"')?;
        let start = self.at;
        let end = start + length;
        let exact = self.bytes.get(end) == Some(&b'"')
            && matches!(self.bytes.get(end + 1), Some(b';' | b':'));
        let end = if exact {
            end
        } else {
            (start..self.bytes.len()).find(|&i| {
                self.bytes[i] == b'"'
                    && matches!(self.bytes.get(i + 1), Some(b';' | b':'))
                    && matches!(
                        self.bytes.get(i + 2),
                        None | Some(b'}' | b's' | b'i' | b'a' | b'b' | b'd' | b'N' | b'O' | b'{')
                            | Some(b'0'..=b'9')
                    )
            })?
        };
        let string = std::str::from_utf8(&self.bytes[start..end])
            .ok()?
            .to_string();
        self.at = end + 1;
        Some(string)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn until(&mut self, byte: u8) -> Option<&str> {
        let start = self.at;
        let offset = self.bytes[start..].iter().position(|&b| b == byte)?;
        self.at = start + offset + 1;
        std::str::from_utf8(&self.bytes[start..start + offset]).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_starting_with_a_wide_character_is_no_serialized_data() {
        // `text[..2]` fell inside `日` and panicked on such postmeta.
        assert!(!looks_serialized("日本語の値;"));
        assert!(looks_serialized("a:0:{}"));
    }

    #[test]
    fn scalars_arrays_and_objects() {
        assert_eq!(unserialize("i:1;"), Some(json!(1)));
        assert_eq!(unserialize("b:0;"), Some(json!(false)));
        assert_eq!(unserialize("N;"), Some(Value::Null));
        assert_eq!(unserialize("d:2.5;"), Some(json!(2.5)));
        assert_eq!(
            unserialize("s:13:\"¯\\_(ツ)_/¯\";"),
            Some(json!("¯\\_(ツ)_/¯"))
        );
        assert_eq!(
            unserialize(
                "a:2:{s:18:\"special_post_title\";s:15:\"A special title\";s:11:\"is_calendar\";s:0:\"\";}"
            ),
            Some(json!({"special_post_title": "A special title", "is_calendar": ""}))
        );
        assert_eq!(
            unserialize("a:2:{i:0;s:1:\"a\";i:1;s:1:\"b\";}"),
            Some(json!(["a", "b"]))
        );
        assert_eq!(
            unserialize(
                "a:1:{s:3:\"key\";a:2:{s:3:\"foo\";s:13:\"¯\\_(ツ)_/¯\";s:3:\"bar\";s:2:\"\\o/\";}}"
            ),
            Some(json!({"key": {"foo": "¯\\_(ツ)_/¯", "bar": "\\o/"}}))
        );
        assert_eq!(
            unserialize("O:8:\"stdClass\":1:{s:3:\"tag\";s:5:\"album\";}"),
            Some(json!({"tag": "album"}))
        );
    }

    #[test]
    fn wrong_byte_counts_after_a_search_and_replace_are_forgiven() {
        // The URL grew from 19 to 27 bytes but the count still says 19.
        assert_eq!(
            unserialize("a:2:{s:3:\"url\";s:19:\"https://new.example.org/x\";s:1:\"n\";i:2;}"),
            Some(json!({"url": "https://new.example.org/x", "n": 2}))
        );
    }

    #[test]
    fn plain_text_and_hostile_input_are_not_values() {
        assert_eq!(unserialize("hello"), None);
        assert_eq!(unserialize("a:1:{s:3:\"key\""), None);
        assert_eq!(unserialize(&"a:1:{i:0;".repeat(10_000)), None);
        assert!(looks_serialized("a:0:{}"));
        assert!(!looks_serialized("a: note"));
    }

    #[test]
    fn the_importer_fixtures_unserialize() {
        let read = |name: &str| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/wxr/wordpress-importer/phpunit-data")
                .join(name);
            let mut export =
                crate::read::wxr::WxrReader::from_bytes(std::fs::File::open(path).unwrap());
            export
                .by_ref()
                .filter_map(|r| match r.unwrap() {
                    crate::read::wxr::Record::Item(item) => Some(*item),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let items = read("test-serialized-postmeta-no-cdata.xml");
        let post = items.iter().find(|i| i.post_id == "122").unwrap();
        assert_eq!(
            unserialize(post.meta("post-options").unwrap()),
            Some(json!({"special_post_title": "A special title", "is_calendar": ""}))
        );
        let items = read("test-serialized-postmeta-with-cdata.xml");
        let post = items.iter().find(|i| i.post_id == "10").unwrap();
        assert_eq!(
            unserialize(post.meta("array").unwrap()),
            Some(json!({"key": "¯\\_(ツ)_/¯"}))
        );
        assert_eq!(
            unserialize(post.meta("array-nested").unwrap()),
            Some(json!({"key": {"foo": "¯\\_(ツ)_/¯", "bar": "\\o/"}}))
        );
        assert_eq!(post.meta("integer"), Some("1"));
        let items = read("test-utw-post-meta-import.xml");
        let post = items.iter().find(|i| i.post_id == "150").unwrap();
        let tags: Vec<String> = unserialize(post.meta("test").unwrap())
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["tag"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            tags,
            [
                "album",
                "apple",
                "art",
                "artwork",
                "dead-tracks",
                "ipod",
                "itunes",
                "javascript",
                "lyrics",
                "script",
                "tracks",
                "windows-scripting-host",
                "wscript"
            ]
        );
    }
}
