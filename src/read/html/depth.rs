//! A guard against absurd nesting, applied before parsing.
//!
//! The HTML parsing algorithm scans the stack of open elements for many start tags (is a `<p>`
//! in button scope?), so a document nested 100,000 `<div>`s deep costs html5ever — like any
//! conforming parser — billions of steps. Browsers cap the depth of the tree for the same
//! reason (Blink at 512). Here, start tags past [`MAX_OPEN`] open elements are dropped
//! together with as many end tags; text and everything else is kept.

use std::borrow::Cow;

/// Open elements allowed before start tags are dropped. Far above any real page.
pub const MAX_OPEN: usize = 4096;

/// Elements that never nest: void elements, and those whose end tag HTML lets authors omit
/// (an unclosed `<li>` or `<p>` is closed by the next one, not nested in it).
fn never_nests(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "optgroup"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is raw text, not markup.
fn raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// The source with start tags past the depth limit (and as many end tags) removed, and
/// whether anything was removed.
pub fn limit_nesting(source: &str) -> (Cow<'_, str>, bool) {
    // Cheap exit: a document with fewer tags than the limit cannot exceed it.
    if memchr::memchr_iter(b'<', source.as_bytes()).count() <= MAX_OPEN {
        return (Cow::Borrowed(source), false);
    }
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut copied_to = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if source[i..].starts_with("<!--") {
            i = source[i + 4..]
                .find("-->")
                .map_or(bytes.len(), |end| i + 4 + end + 3);
            continue;
        }
        let closing = bytes.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let tag_end = tag_end(bytes, name_end);
        let name = source[name_start..name_end].to_ascii_lowercase();
        if !closing && raw_text(&name) {
            // Skip to the matching end tag; nothing inside is markup.
            i = find_end_tag(bytes, tag_end, &name).unwrap_or(bytes.len());
            continue;
        }
        let self_closing = bytes[..tag_end].ends_with(b"/>");
        let mut drop = false;
        if closing {
            if dropped > 0 && !never_nests(&name) {
                dropped -= 1;
                drop = true;
            } else if !never_nests(&name) {
                depth = depth.saturating_sub(1);
            }
        } else if !never_nests(&name) && !self_closing {
            if depth >= MAX_OPEN {
                dropped += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            out.push_str(&source[copied_to..i]);
            copied_to = tag_end;
        }
        i = tag_end;
    }
    if copied_to == 0 {
        return (Cow::Borrowed(source), false);
    }
    out.push_str(&source[copied_to..]);
    (Cow::Owned(out), true)
}

/// A saved page without what can never be its content, removed before the tree is built (a
/// page's size is mostly these, and every node of the tree costs about a hundred bytes):
/// comments, scripts (but JSON-LD metadata and the scripts that embed a gist), styles,
/// `<noscript>` fallbacks, templates and inline SVG drawings.
pub fn strip_machinery(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    let mut out = String::new();
    let mut copied_to = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let mut cut = None;
        if source[at..].starts_with("<!--") {
            let end = source[at + 4..]
                .find("-->")
                .map_or(bytes.len(), |end| at + 4 + end + 3);
            cut = Some(end);
        } else {
            let name_end = at
                + 1
                + bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
            let name = source[at + 1..name_end].to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "script" | "style" | "noscript" | "template" | "svg"
            ) {
                let open_end = tag_end(bytes, name_end);
                let open = source[at..open_end].to_ascii_lowercase();
                let keep = name == "script"
                    && (open.contains("ld+json") || open.contains("gist.github.com"));
                if !keep {
                    // Raw text ends at its end tag; a drawing at the end tag that closes it.
                    let close = if name == "svg" || name == "template" {
                        find_matching_end(bytes, open_end, &name)
                    } else {
                        find_end_tag(bytes, open_end, &name)
                    };
                    cut = Some(close.map_or(bytes.len(), |c| tag_end(bytes, c + 2)));
                }
            }
        }
        match cut {
            Some(end) => {
                if out.capacity() == 0 {
                    // Never regrown: a copy made while growing would hold both at once.
                    out.reserve(source.len());
                }
                out.push_str(&source[copied_to..at]);
                copied_to = end;
                i = end;
            }
            // Past the whole tag: a `<script>` inside a quoted attribute value is text.
            None => {
                let name_start = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'/'));
                i = if bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                    tag_end(bytes, name_start)
                } else {
                    at + 1
                };
            }
        }
        if i >= bytes.len() {
            break;
        }
    }
    if copied_to == 0 {
        return Cow::Borrowed(source);
    }
    out.push_str(&source[copied_to.min(source.len())..]);
    Cow::Owned(out)
}

/// Where the end tag that closes an element named `name` opened just before `from` starts,
/// counting the same elements opened inside it.
fn find_matching_end(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut depth = 1usize;
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let candidate = &bytes[name_start..];
        let boundary = candidate
            .get(name.len())
            .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && boundary
        {
            if closing {
                depth -= 1;
                if depth == 0 {
                    return Some(start);
                }
            } else if !bytes[..tag_end(bytes, name_start + name.len())].ends_with(b"/>") {
                depth += 1;
            }
        }
        at = start + 1;
    }
    None
}

/// Where `</name` starts at or after `from`, ignoring case.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = bytes[at..].windows(2).position(|w| w == b"</") {
        let start = at + offset;
        let candidate = &bytes[start + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// The index just past the `>` that ends a tag whose name ends at `from`, skipping quoted
/// attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (offset, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return from + offset + 1,
            _ => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_machinery_is_removed_before_parsing_and_content_is_not() {
        let page = concat!(
            "<html><head><script>var a = '<p>not text</p>';</script>",
            "<script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>",
            "<STYLE>p > b { color: red }</STYLE></head><body><!-- a <p>note</p> -->",
            "<p>One <b>two</b></p><svg viewBox=\"0 0 1 1\"><svg><text>inner</text></svg>",
            "<text>drawing</text></svg><noscript><img src=\"x.gif\"></noscript>",
            "<template><p>later</p></template>",
            "<script src=\"https://gist.github.com/u/1.js\"></script><p>three</p></body></html>",
        );
        let stripped = strip_machinery(page);
        assert_eq!(
            stripped,
            concat!(
                "<html><head>",
                "<script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>",
                "</head><body><p>One <b>two</b></p>",
                "<script src=\"https://gist.github.com/u/1.js\"></script><p>three</p></body></html>",
            )
        );
        // Nothing to remove: the source itself, not a copy.
        assert!(matches!(strip_machinery("<p>a < b</p>"), Cow::Borrowed(_)));
        // Unclosed at the end of the file: removed to the end, nothing panics.
        assert_eq!(strip_machinery("<p>a</p><script>x("), "<p>a</p>");
        assert_eq!(strip_machinery("<p>a</p><!-- x"), "<p>a</p>");
        assert_eq!(strip_machinery("<p>a</p><svg><svg></svg>"), "<p>a</p>");
        let quoted = "<a title=\"<script>x\" href=\"/\">link</a><p>after</p>";
        assert_eq!(strip_machinery(quoted), quoted);
        // Names that only begin like these are other elements.
        assert_eq!(
            strip_machinery("<scripted>x</scripted><svgs>y</svgs>"),
            "<scripted>x</scripted><svgs>y</svgs>"
        );
    }

    #[test]
    fn ordinary_documents_are_untouched() {
        // More elements opened and closed than the limit: closed ones no longer count.
        let html = "<div><p>a<p>b<ul><li>c<li>d</ul></div>".repeat(MAX_OPEN);
        let (out, changed) = limit_nesting(&html);
        assert!(!changed);
        assert_eq!(out, html);
    }

    #[test]
    fn long_runs_of_unclosed_paragraphs_and_items_are_not_nesting() {
        let html = format!("<ul>{}</ul>", "<li><p>item".repeat(MAX_OPEN * 2));
        assert!(!limit_nesting(&html).1);
    }

    #[test]
    fn start_tags_past_the_limit_go_with_as_many_end_tags_and_text_stays() {
        let depth = MAX_OPEN + 10;
        let html = format!(
            "{}<b title=\"a>b\">x</b>{}<p>after",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let (out, changed) = limit_nesting(&html);
        assert!(changed);
        // The innermost start tags (ten `<div>`s and the `<b>`, whose quoted `>` is no end)
        // and as many end tags go, whole; the text stays and nothing else changes.
        let expected = format!(
            "{}x{}<p>after",
            "<div>".repeat(MAX_OPEN),
            "</div>".repeat(MAX_OPEN)
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn markup_inside_scripts_and_comments_is_not_counted() {
        let inner = "<div>".repeat(MAX_OPEN * 2);
        let html = format!("<script>{inner}</script><!-- {inner} --><p>ok");
        assert!(!limit_nesting(&html).1);
        // An end tag of another element inside the script does not end it.
        let html = format!("<script>w('</b>{inner}');</script><p>ok");
        assert!(!limit_nesting(&html).1);
        // Many short comments, each holding a start tag right before its end.
        for comment in ["<!--<div>-->", "<!--<b>-->"] {
            let html = format!("{}<p>ok", comment.repeat(MAX_OPEN * 2));
            assert!(!limit_nesting(&html).1, "{comment}");
        }
    }

    #[test]
    fn less_than_signs_that_open_no_tag_are_not_counted() {
        // `<3`, `< b`, `<-` and a `<` at the very end are text to the HTML parser too.
        let html = format!("{}<p>ok <", "I <3 it, a < b, x <- y. ".repeat(MAX_OPEN * 2));
        assert!(!limit_nesting(&html).1);
    }

    #[test]
    fn nesting_after_a_comment_or_a_script_is_still_counted() {
        let depth = MAX_OPEN + 10;
        let html = format!(
            "<p>before, a paragraph long enough to matter here</p><!-- a note --><SCRIPT>if (a</b) x = 1 < 2;</Script><script>b</script>{}y{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let (out, changed) = limit_nesting(&html);
        assert!(changed);
        assert_eq!(out.matches("<div>").count(), MAX_OPEN);
        // The scan resumes right after the comment and the scripts: every `<div>` is seen.
        assert!(out.starts_with("<p>before, a paragraph") && out.contains('y'));
    }
}
