//! The block editor's delimiters (`<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`): HTML
//! comments around each block, often with the block's settings as JSON. Once the item's
//! blocks have been read from them (reusable blocks, raw HTML, dynamic blocks), they are
//! comments like any other, which the HTML reader drops. They are taken out before parsing:
//! a block post's delimiters are a fifth of its bytes, and a conforming tokenizer reads a
//! comment a character at a time.

use std::borrow::Cow;

/// Elements whose content is text to the HTML tokenizer, where `<!--` opens no comment.
const RAW_TEXT: &[&str] = &[
    "<script",
    "<style",
    "<textarea",
    "<title",
    "<xmp",
    "<iframe",
    "<noembed",
    "<noframes",
    "<noscript",
    "<plaintext",
];

/// `html` without the block delimiters that the HTML tokenizer would read as comments, so
/// that it parses to the same tree but for those comments. Left as it is where that is not
/// sure: where an element whose content is raw text is anywhere in it, and for a delimiter
/// inside what may be a tag (the last `<` or `>` before it is a `<`).
pub fn strip(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let raw_text = memchr::memchr_iter(b'<', bytes).any(|at| {
        let rest = &bytes[at..];
        // Most tags start with another letter than those names.
        rest.get(1).is_some_and(|&b| may_start_raw_text(b))
            && RAW_TEXT.iter().any(|tag| {
                rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            })
    });
    if raw_text {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"<!--") {
        let start = at + found;
        let end = comment_end(html, start);
        let in_tag = || {
            bytes[..start]
                .iter()
                .rposition(|&b| b == b'<' || b == b'>')
                .is_some_and(|i| bytes[i] == b'<')
        };
        if is_delimiter(&html[start + 4..end]) && !in_tag() {
            if out.is_empty() {
                out.reserve(html.len());
            }
            out.push_str(&html[copied..start]);
            copied = end;
        }
        at = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Whether a tag whose name starts with `letter` may be one of [`RAW_TEXT`].
fn may_start_raw_text(letter: u8) -> bool {
    matches!(
        letter.to_ascii_lowercase(),
        b's' | b't' | b'x' | b'i' | b'n' | b'p'
    )
}

/// Where the comment opened by the `<!--` at `start` ends, as the HTML tokenizer reads it:
/// after `<!-->` or `<!--->`, else after the first `-->` or `--!>`, else at the end.
fn comment_end(html: &str, start: usize) -> usize {
    let body = &html[start + 4..];
    if body.starts_with('>') {
        return start + 5;
    }
    if body.starts_with("->") {
        return start + 6;
    }
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(dashes) = memchr::memmem::find(&bytes[from..], b"--") {
        let at = from + dashes + 2;
        if bytes[at..].starts_with(b">") {
            return start + 4 + at + 1;
        }
        if bytes[at..].starts_with(b"!>") {
            return start + 4 + at + 2;
        }
        from = from + dashes + 1;
    }
    html.len()
}

/// Whether a comment (from after its `<!--` to its end) is a block delimiter: white space,
/// then `wp:` or `/wp:`, as WordPress's block parser reads them.
fn is_delimiter(comment: &str) -> bool {
    let name = comment.trim_start_matches(|c: char| c.is_ascii_whitespace());
    name.len() < comment.len()
        && (name.starts_with("wp:") || name.starts_with("/wp:"))
        && (comment.ends_with("-->") || comment.ends_with("--!>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_go_and_other_comments_stay() {
        let html = "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:spacer /-->\n<!-- a note --><p>Two<!--more--></p>";
        assert_eq!(
            strip(html),
            "\n<p>One</p>\n\n\n\n<!-- a note --><p>Two<!--more--></p>"
        );
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        // `<!-->` is a whole comment: the delimiter after it goes.
        assert_eq!(strip("<!-->a<!-- wp:x -->b"), "<!-->ab");
        assert_eq!(strip("<!--->a<!-- wp:x -->b"), "<!--->ab");
        // Inside another comment, a delimiter is that comment's text: the first `-->` ends both.
        assert_eq!(
            strip("<!-- a <!-- wp:x --> b -->"),
            "<!-- a <!-- wp:x --> b -->"
        );
        // `--!>` ends a comment too.
        assert_eq!(strip("<!-- wp:x --!>a"), "a");
        // An unclosed delimiter runs to the end, as the tokenizer reads it; not one of WordPress's.
        assert_eq!(strip("a<!-- wp:x"), "a<!-- wp:x");
    }

    #[test]
    fn nothing_goes_where_it_may_not_be_a_comment() {
        assert!(
            RAW_TEXT
                .iter()
                .all(|tag| may_start_raw_text(tag.as_bytes()[1]))
        );
        for html in [
            "<script>var a = '<!-- wp:x -->';</script>",
            "<STYLE>/* <!-- /wp:x --> */</STYLE>",
            "<textarea><!-- wp:x --></textarea>",
            "<a title=\"<!-- wp:x -->\">link</a>",
            "<![CDATA[ <!-- wp:x --> ]]>",
            "<!--wp:x-->",
            "<!-- wpx -->",
        ] {
            assert_eq!(strip(html), html);
        }
    }

    #[test]
    fn the_tree_is_the_same_but_for_the_comments() {
        let html = "<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>One</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n<!-- wp:table --><table><!-- wp:x --><tr><td>a<!-- wp:y -->b</td></tr></table><!-- /wp:table -->\n<!-- wp:preformatted --><pre>x\n<!-- wp:z -->\ny</pre><!-- /wp:preformatted -->";
        let stripped = strip(html);
        assert!(!stripped.contains("wp:"));
        assert_eq!(
            crate::read::html::read_fragment(html).document,
            crate::read::html::read_fragment(&stripped).document
        );
    }
}
