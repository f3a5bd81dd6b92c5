//! `wpautop()`: how WordPress turns the blank lines and line breaks of classic-editor content
//! into `<p>` and `<br />` when it renders a post. A port of the PHP function
//! (wp-includes/formatting.php), step for step, so that a classic post reads here as it
//! displayed on the site. Not applied to block-editor content, as WordPress does not.

use regex::Regex;
use std::sync::LazyLock;

/// wpautop's block elements (`$allblocks`). The patterns do not end the name: `p` is also
/// the start of `<param>`, as in WordPress.
#[rustfmt::skip]
const ALL_BLOCKS: &[&str] = &[
    "table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th", "div",
    "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "blockquote", "address",
    "style", "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "fieldset", "legend", "section",
    "article", "aside", "hgroup", "header", "footer", "nav", "figure", "figcaption", "details",
    "menu", "summary",
];

/// `re.replace_all(text, with)`, giving back `text` itself when nothing matched: most of the
/// twenty passes match nothing in most posts, and copying the post for each was a tenth of an
/// export's time.
fn replace(re: &Regex, text: String, with: impl regex::Replacer) -> String {
    let changed = match re.replace_all(&text, with) {
        std::borrow::Cow::Owned(changed) => Some(changed),
        std::borrow::Cow::Borrowed(_) => None,
    };
    changed.unwrap_or(text)
}

/// `re.replace_all(text, …)` where the replacement is made from the whole match by `with`,
/// which pushes it: the patterns that use this have no capture groups, so the regex engine
/// only finds matches (resolving groups ran a slower engine on each of the thousands of
/// matches of a post's block tags).
fn rewrite(re: &Regex, text: String, with: impl Fn(&str, &mut String)) -> String {
    rewrite_with_before(re, text, |before, m, out| {
        out.push_str(before);
        with(m, out);
    })
}

/// [`rewrite`], where `with` also pushes the text between the previous match and this one.
fn rewrite_with_before(re: &Regex, text: String, with: impl Fn(&str, &str, &mut String)) -> String {
    let mut out = String::new();
    let mut copied = 0;
    let mut matched = false;
    for found in re.find_iter(&text) {
        if !matched {
            out.reserve(text.len() + 64);
            matched = true;
        }
        with(&text[copied..found.start()], found.as_str(), &mut out);
        copied = found.end();
    }
    if !matched {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

/// A block tag with a blank line before it (a start tag) or after it (an end tag).
fn blank_line_around(tag: &str, out: &mut String) {
    if tag.starts_with("</") {
        out.push_str(tag);
        out.push_str("\n\n");
    } else {
        out.push_str("\n\n");
        out.push_str(tag);
    }
}

/// Whether `rest` (after a `<`) is a block's start or end tag, as `</?ALLBLOCKS` reads it.
fn starts_block_tag(rest: &str) -> bool {
    let name = rest.strip_prefix('/').unwrap_or(rest).as_bytes();
    let Some(&first) = name.first() else {
        return false;
    };
    // The first letter rules out most names in one comparison each.
    ALL_BLOCKS
        .iter()
        .any(|block| block.as_bytes()[0] == first && name.starts_with(block.as_bytes()))
}

/// Whether `</?ALLBLOCKS[^>]*>\s*` followed by `next` matches in `text`.
fn block_tag_before(text: &str, next: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), next)
        .any(|at| block_tag_ending_before(text, 0, at).is_some())
}

/// Where the block tag ends (after its `>`) that `</?ALLBLOCKS[^>]*>\s*` matches right
/// before `at`, starting at `from` or later. The tag ends at the `>` that white space
/// separates from `at`, and starts at the first `<` after the `>` before that one that begins
/// a block's name (`[^>]*` crosses no `>`): the match the pattern finds first.
fn block_tag_ending_before(text: &str, from: usize, at: usize) -> Option<usize> {
    let tag = text[from..at]
        .trim_end_matches(char::is_whitespace)
        .strip_suffix('>')?;
    let start = tag.rfind('>').map_or(0, |i| i + 1);
    tag[start..]
        .match_indices('<')
        .any(|(i, _)| starts_block_tag(&tag[start + i + 1..]))
        .then_some(from + tag.len() + 1)
}

/// WordPress's `</?ALLBLOCKS[^>]*>\s*` + `next` → the tag alone (a `</p>` or `<br />` right
/// after a block tag goes). Found from each `next` back: a scan of the whole post for the
/// tags, as the pattern does, took as long as the rest of wpautop. The matches do not
/// overlap: each is looked for after the one before.
fn drop_after_block_tags(text: String, next: &str) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), next) {
        let Some(tag_end) = block_tag_ending_before(&text, copied, at) else {
            continue;
        };
        if copied == 0 {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..tag_end]);
        copied = at + next.len();
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether `previous` followed by `\s*</?ALLBLOCKS[^>]*>` may match in `text` (see
/// [`block_tag_before`]).
fn block_tag_after(text: &str, previous: &str) -> bool {
    // The tag needs a `>` after it: one before the last `>` has one.
    let Some(last_close) = text.rfind('>') else {
        return false;
    };
    memchr::memmem::find_iter(text.as_bytes(), previous).any(|at| {
        let rest = text[at + previous.len()..].trim_start_matches(char::is_whitespace);
        let tag_at = text.len() - rest.len();
        tag_at < last_close && rest.strip_prefix('<').is_some_and(starts_block_tag)
    })
}

/// Whether `(?i)<p><blockquote` may match in `text`: a `<p><` (either case of `p`) followed
/// by `blockquote` in any case, or by anything not ASCII (whose case folding may meet it: the
/// Kelvin sign is a `k`).
fn may_open_blockquote(text: &str) -> bool {
    const NAME: &[u8] = b"blockquote";
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, "><").any(|at| {
        let name = &bytes[at + 2..];
        let name = &name[..name.len().min(NAME.len())];
        at >= 2
            && bytes[at - 2] == b'<'
            && bytes[at - 1].eq_ignore_ascii_case(&b'p')
            && (!name.is_ascii() || name.eq_ignore_ascii_case(NAME))
    })
}

/// `m` without `prefix` and `suffix` (which the pattern matched literally).
fn inner<'a>(m: &'a str, prefix: &str, suffix: &str) -> &'a str {
    let m = m.strip_prefix(prefix).unwrap_or(m);
    m.strip_suffix(suffix).unwrap_or(m)
}

fn re(pattern: &str) -> Regex {
    let blocks = format!("(?:{})", ALL_BLOCKS.join("|"));
    Regex::new(&pattern.replace("ALLBLOCKS", &blocks)).expect("valid pattern")
}

struct Patterns {
    double_br: Regex,
    /// A block's start tag or end tag, to set apart with blank lines.
    block_tag: Regex,
    hr: Regex,
    option_before: Regex,
    option_after: Regex,
    object_param: Regex,
    source_before: Regex,
    source_after: Regex,
    figcaption_before: Regex,
    figcaption_after: Regex,
    empty_p: Regex,
    unclosed_p: Regex,
    wrapped_block: Regex,
    wrapped_li: Regex,
    blockquote_open: Regex,
    p_before_block: Regex,
    preserve: Regex,
    br_before_block: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    double_br: re(r"<br\s*/?>\s*<br\s*/?>"),
    block_tag: re(r"<ALLBLOCKS[\s/>]|</ALLBLOCKS>"),
    hr: re(r"<hr\s*?/?>"),
    option_before: re(r"\s*<option"),
    option_after: re(r"</option>\s*"),
    object_param: re(r"\s*(</?(?:param|embed)[^>]*>)\s*"),
    source_before: re(r"\s*(<(?:source|track)[^>]*>)"),
    source_after: re(r"(<(?:source|track)[^>]*>)\s*"),
    figcaption_before: re(r"<figcaption[^>]*>"),
    figcaption_after: re(r"</figcaption>\s*"),
    empty_p: re(r"<p>\s*</p>"),
    unclosed_p: re(r"<p>([^<]+)</(div|address|form)>"),
    wrapped_block: re(r"<p>\s*</?ALLBLOCKS[^>]*>\s*</p>"),
    wrapped_li: re(r"<p><li.+?</p>"),
    blockquote_open: re(r"(?i)<p><blockquote([^>]*)>"),
    p_before_block: re(r"<p>\s*</?ALLBLOCKS[^>]*>"),
    preserve: re(r"(?s)<(script|style|svg|math).*?</(?:script|style|svg|math)>"),
    br_before_block: re(r"<br />\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>"),
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&PATTERNS);
}

/// Adds paragraphs and line breaks to classic content, as WordPress does on display.
pub fn autop(text: &str) -> String {
    let p = &*PATTERNS;
    if text.trim().is_empty() {
        return String::new();
    }
    let mut text = format!("{text}\n");

    // <pre> is not touched: set it aside.
    let mut pre_tags: Vec<(String, String)> = Vec::new();
    if text.contains("<pre") {
        let mut parts: Vec<&str> = text.split("</pre>").collect();
        let last = parts.pop().unwrap_or("");
        let mut rebuilt = String::new();
        for part in parts {
            match part.find("<pre") {
                None => rebuilt.push_str(part),
                Some(start) => {
                    let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
                    pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
                    rebuilt.push_str(&part[..start]);
                    rebuilt.push_str(&name);
                }
            }
        }
        rebuilt.push_str(last);
        text = rebuilt;
    }

    text = replace(&p.double_br, text, "\n\n");
    // WordPress's two passes, a blank line before each start tag, then one after each end
    // tag, in one: neither kind of tag is inside the other, so they are the same tags.
    text = rewrite(&p.block_tag, text, blank_line_around);
    text = rewrite(&p.hr, text, |m, out| {
        out.push_str(m);
        out.push_str("\n\n");
    });
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text = replace_newlines_in_tags(text);

    if text.contains("<option") {
        text = replace(&p.option_before, text, "<option");
        text = replace(&p.option_after, text, "</option>");
    }
    if text.contains("</object>") {
        text = collapse_inside(&text, "<object", "</object>", |inner| {
            p.object_param.replace_all(inner, "$1").into_owned()
        });
    }
    if text.contains("<source") || text.contains("<track") {
        for tag in ["audio", "video"] {
            text = collapse_inside(&text, &format!("<{tag}"), &format!("</{tag}>"), |inner| {
                let inner = p.source_before.replace_all(inner, "$1");
                let inner = p.source_after.replace_all(&inner, "$1");
                inner.replace('\n', "")
            });
        }
    }
    if text.contains("<figcaption") {
        // `\s*(<figcaption[^>]*>)` → `$1`: the white space before each such tag goes.
        text = rewrite_with_before(&p.figcaption_before, text, |before, m, out| {
            out.push_str(before.trim_end_matches(char::is_whitespace));
            out.push_str(m);
        });
        text = replace(&p.figcaption_after, text, "</figcaption>");
    }

    text = collapse_blank_lines(text);
    let mut rebuilt = String::with_capacity(text.len() + 64);
    for paragraph in paragraphs(&text).filter(|s| !s.is_empty()) {
        rebuilt.push_str("<p>");
        rebuilt.push_str(paragraph.trim_matches('\n'));
        rebuilt.push_str("</p>\n");
    }
    text = rebuilt;

    text = replace(&p.empty_p, text, "");
    if ["</div>", "</address>", "</form>"]
        .iter()
        .any(|end| text.contains(end))
    {
        text = replace(&p.unclosed_p, text, "<p>$1</p></$2>");
    }
    // The patterns around block tags test every block tag of the post: they are run only
    // where a tag of the right kind stands next to the right neighbour (see
    // `block_tag_before`).
    let p_then_block = block_tag_after(&text, "<p>");
    let block_then_end_p = block_tag_before(&text, "</p>");
    if p_then_block && block_then_end_p {
        text = rewrite(&p.wrapped_block, text, |m, out| {
            out.push_str(inner(m, "<p>", "</p>").trim())
        });
    }
    text = rewrite(&p.wrapped_li, text, |m, out| {
        out.push_str(inner(m, "<p>", "</p>"))
    });
    if may_open_blockquote(&text) {
        text = replace(&p.blockquote_open, text, "<blockquote$1><p>");
    }
    if text.contains("</blockquote></p>") {
        text = text.replace("</blockquote></p>", "</p></blockquote>");
    }
    if block_tag_after(&text, "<p>") {
        text = rewrite(&p.p_before_block, text, |m, out| {
            out.push_str(inner(m, "<p>", "").trim_start())
        });
    }
    text = drop_after_block_tags(text, "</p>");

    // Line breaks: newlines not already after a <br /> become <br />.
    text = replace(&p.preserve, text, |c: &regex::Captures<'_>| {
        c[0].replace('\n', "<WPPreserveNewline />")
    });
    if text.contains("<br>") || text.contains("<br/>") {
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    }
    text = newlines_to_br(&text);
    if text.contains("<WPPreserveNewline />") {
        text = text.replace("<WPPreserveNewline />", "\n");
    }

    text = drop_after_block_tags(text, "<br />");
    text = rewrite(&p.br_before_block, text, |m, out| {
        out.push_str(inner(m, "<br />", ""))
    });
    if let Some(stripped) = text.strip_suffix("\n</p>") {
        text = format!("{stripped}</p>");
    }

    for (name, original) in pre_tags {
        text = text.replace(&name, &original);
    }
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(" <!-- wpnl --> ", "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// `preg_replace('|(?<!<br />)\s*\n|', "<br />\n", $text)`: whitespace ending in a newline,
/// unless right after `<br />`, becomes `<br />\n`.
fn newlines_to_br(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let bytes = text.as_bytes();
    // Past the white space run last looked at: the search goes from newline to newline, and
    // each newline's run reaches back to the character before it that is not white space.
    let mut i = 0;
    let mut copied = 0;
    while let Some(found) = memchr::memchr(b'\n', &bytes[i..]) {
        let mut start = i + found;
        while start > i && bytes[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        // `\s*\n` is greedy: it reaches the last newline of the run.
        let mut end = i + found;
        let mut newline = end;
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            if bytes[end] == b'\n' {
                newline = end;
            }
            end += 1;
        }
        if text[..start].ends_with("<br />") {
            // The lookbehind fails at `start`; PHP then retries at each later position,
            // and from `start + 1` on the lookbehind succeeds unless the run is only "\n".
            if newline > start {
                out.push_str(&text[copied..start + 1]);
                out.push_str("<br />\n");
                copied = newline + 1;
            }
        } else {
            out.push_str(&text[copied..start]);
            out.push_str("<br />\n");
            copied = newline + 1;
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// `preg_split('/\n\s*\n/', $text)`: the text between blank lines. A newline ends a
/// paragraph when the white space after it holds another newline; the break runs to the last
/// newline of that white space (`\s*` is greedy).
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        if from > text.len() {
            return None;
        }
        while let Some(found) = memchr::memchr(b'\n', &bytes[at..]) {
            let newline = at + found;
            let mut last = None;
            let mut end = newline + 1;
            for c in text[end..].chars().take_while(|c| c.is_whitespace()) {
                if c == '\n' {
                    last = Some(end);
                }
                end += c.len_utf8();
            }
            at = end;
            if let Some(last) = last {
                let paragraph = &text[from..newline];
                (from, at) = (last + 1, last + 1);
                return Some(paragraph);
            }
        }
        let paragraph = &text[from..];
        from = text.len() + 1;
        Some(paragraph)
    })
}

/// `preg_replace("/\n\n+/", "\n\n", $text)`: each run of newlines past two is cut to two.
fn collapse_blank_lines(text: String) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    for at in memchr::memmem::find_iter(bytes, b"\n\n\n") {
        if at < copied {
            continue; // inside the run cut last
        }
        let end = at + bytes[at..].iter().take_while(|&&b| b == b'\n').count();
        out.push_str(&text[copied..at + 2]);
        copied = end;
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

/// wp_replace_in_html_tags: newlines inside tags and comments become placeholders so that
/// they do not turn into paragraphs or breaks.
fn replace_newlines_in_tags(text: String) -> String {
    let mut out = String::new();
    // The text up to `copied` is in `out`; `rest` is what is left to look at.
    let mut copied = 0;
    let mut rest = text.as_str();
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        let tail = &rest[open..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else {
            memchr::memchr2(b'>', b'<', &tail.as_bytes()[1..]).map(|e| {
                if tail.as_bytes()[e + 1] == b'>' {
                    e + 2
                } else {
                    e + 1
                }
            })
        };
        let end = end.unwrap_or(tail.len());
        let tag = &tail[..end];
        if memchr::memchr(b'\n', tag.as_bytes()).is_some() {
            // Most posts have no tag across lines: they are given back as they came.
            let tag_at = text.len() - tail.len();
            out.push_str(&text[copied..tag_at]);
            out.push_str(&tag.replace('\n', " <!-- wpnl --> "));
            copied = tag_at + end;
        }
        rest = &tail[end..];
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

/// Applies `f` to the text between each `open…close` pair (tags included).
fn collapse_inside(text: &str, open: &str, close: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let Some(end) = rest[start..].find(close).map(|e| start + e + close.len()) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&f(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings made of the pieces the prefilters look at, in every order a small generator
    /// gives (xorshift, fixed seed).
    fn pieces() -> impl Iterator<Item = String> {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<P>",
            "<br />",
            "<br>",
            "<div>",
            "</div>",
            "<div class=\"a>b\">",
            "<param name=x>",
            "<pre>",
            "</li>",
            "<li>",
            "<h2>",
            "</h2>",
            "<code>",
            "<col>",
            "<blockquote>",
            "<BlockQuote cite=x>",
            "bloc\u{212A}quote",
            "blockquote",
            "<p><",
            "<figcaption>",
            "<figcaption class=x>",
            "</figcaption>",
            " ",
            "\n",
            "\u{a0}",
            "\t",
            "\r",
            "\u{c}",
            "\u{b}",
            "\u{3000}",
            ">",
            "<",
            "/",
            "text",
            "é",
            "<table",
            "</table>",
            "<hr />",
        ];
        crate::testing::strings_of(PIECES, 9)
    }

    #[test]
    fn prefilters_never_skip_a_match() {
        let p = &*PATTERNS;
        for text in pieces() {
            if p.wrapped_block.is_match(&text) {
                assert!(block_tag_before(&text, "</p>"), "{text:?}");
            }
            if p.p_before_block.is_match(&text) || p.wrapped_block.is_match(&text) {
                assert!(block_tag_after(&text, "<p>"), "{text:?}");
            }
            if p.blockquote_open.is_match(&text) {
                assert!(may_open_blockquote(&text), "{text:?}");
            }
        }
        // And they do skip: the tags are there, not in the order the patterns need.
        assert!(!block_tag_before("<p>text</p><br />", "</p>"));
        assert!(!block_tag_before("<span>x</span></p>", "</p>"));
        assert!(!block_tag_after("<p> text <div>", "<p>"));
        assert!(!may_open_blockquote("<p><b>quote</b></p>"));
    }

    #[test]
    fn tags_dropped_after_block_tags_are_those_the_pattern_drops() {
        for next in ["</p>", "<br />"] {
            let pattern = re(&format!(r"</?ALLBLOCKS[^>]*>\s*{next}"));
            for text in pieces() {
                let expected = rewrite(&pattern, text.clone(), |m, out| {
                    out.push_str(inner(m, "", next).trim_end())
                });
                assert_eq!(
                    drop_after_block_tags(text.clone(), next),
                    expected,
                    "{text:?}"
                );
                assert_eq!(
                    block_tag_before(&text, next),
                    pattern.is_match(&text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn newlines_become_breaks_as_the_php_pattern_makes_them() {
        // `(?<!<br />)\s*\n` (PHP's `\s` without the `u` flag, as this port reads it: ASCII
        // white space but the vertical tab): where the lookbehind fails at a run's start,
        // PHP's next try starts one character later.
        let pattern = Regex::new(r"[\t\n\x0C\r ]*\n").expect("valid");
        for text in pieces() {
            let (mut expected, mut copied, mut at) = (String::new(), 0, 0);
            while let Some(m) = pattern.find_at(&text, at) {
                let mut start = m.start();
                at = m.end();
                if text[..start].ends_with("<br />") {
                    start += 1;
                    if start == m.end() {
                        continue;
                    }
                }
                expected.push_str(&text[copied..start]);
                expected.push_str("<br />\n");
                copied = m.end();
            }
            expected.push_str(&text[copied..]);
            assert_eq!(newlines_to_br(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn blank_lines_and_tags_across_lines_as_the_patterns_make_them() {
        let breaks = Regex::new(r"\n\n+").expect("valid");
        for text in pieces() {
            let expected = breaks.replace_all(&text, "\n\n");
            assert_eq!(collapse_blank_lines(text.clone()), expected, "{text:?}");
        }
        assert_eq!(
            collapse_blank_lines("a\n\n\n\n\nb\n\n\nc\n".into()),
            "a\n\nb\n\nc\n"
        );
        assert_eq!(
            replace_newlines_in_tags("<a\nhref=x>one\ntwo</a><!-- a\nb -->\n<b>".into()),
            "<a <!-- wpnl --> href=x>one\ntwo</a><!-- a <!-- wpnl --> b -->\n<b>"
        );
    }

    #[test]
    fn paragraphs_are_split_where_the_pattern_splits() {
        let pattern = Regex::new(r"\n\s*\n").expect("valid");
        for text in pieces() {
            let expected: Vec<&str> = pattern.split(&text).collect();
            assert_eq!(paragraphs(&text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        assert_eq!(paragraphs("").collect::<Vec<_>>(), [""]);
        assert_eq!(
            paragraphs("a\n \n\u{a0}\nb\nc\n\n").collect::<Vec<_>>(),
            ["a", "b\nc", ""]
        );
    }

    #[test]
    fn one_pass_over_block_tags_is_wordpress_two() {
        let open = re(r"<ALLBLOCKS[\s/>]");
        let close = re(r"</ALLBLOCKS>");
        for text in pieces() {
            let opened = open.replace_all(&text, "\n\n$0");
            let two = close.replace_all(&opened, "$0\n\n");
            let one = rewrite(&PATTERNS.block_tag, text.clone(), blank_line_around);
            assert_eq!(one, two, "{text:?}");
        }
    }

    #[test]
    fn white_space_before_a_caption_goes_as_the_pattern_took_it() {
        let pattern = re(r"\s*(<figcaption[^>]*>)");
        for text in pieces() {
            let expected = pattern.replace_all(&text, "$1");
            let got =
                rewrite_with_before(&PATTERNS.figcaption_before, text.clone(), |b, m, out| {
                    out.push_str(b.trim_end_matches(char::is_whitespace));
                    out.push_str(m);
                });
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn blank_lines_make_paragraphs_and_single_newlines_breaks() {
        assert_eq!(
            autop("First line\nsecond line\n\nNew paragraph"),
            "<p>First line<br />\nsecond line</p>\n<p>New paragraph</p>\n"
        );
    }

    #[test]
    fn block_elements_are_not_wrapped() {
        assert_eq!(
            autop("Intro\n<h2>Title</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nOutro"),
            "<p>Intro</p>\n<h2>Title</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>Outro</p>\n"
        );
    }

    #[test]
    fn pre_is_left_alone() {
        assert_eq!(
            autop("Code:\n\n<pre>line one\n\nline three</pre>\n\nAfter"),
            "<p>Code:</p>\n<pre>line one\n\nline three</pre>\n<p>After</p>\n"
        );
    }

    #[test]
    fn newlines_inside_tags_and_existing_breaks_are_kept() {
        assert_eq!(
            autop("<a\nhref=\"x\">link</a> text<br />\nmore"),
            "<p><a\nhref=\"x\">link</a> text<br />\nmore</p>\n"
        );
    }

    #[test]
    fn double_br_is_a_paragraph_break() {
        assert_eq!(autop("one<br><br>two"), "<p>one</p>\n<p>two</p>\n");
    }

    #[test]
    fn empty_content_stays_empty() {
        assert_eq!(autop("  \n \n"), "");
    }
}
