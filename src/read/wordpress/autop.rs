//! `wpautop()`: how WordPress turns the blank lines and line breaks of classic-editor content
//! into `<p>` and `<br />` when it renders a post. A port of the PHP function
//! (wp-includes/formatting.php), step for step, so that a classic post reads here as it
//! displayed on the site. Not applied to block-editor content, as WordPress does not.

use regex::Regex;
use std::sync::LazyLock;

const ALL_BLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

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
    let mut out = String::new();
    let mut copied = 0;
    let mut matched = false;
    for found in re.find_iter(&text) {
        if !matched {
            out.reserve(text.len() + 64);
            matched = true;
        }
        out.push_str(&text[copied..found.start()]);
        with(found.as_str(), &mut out);
        copied = found.end();
    }
    if !matched {
        return text;
    }
    out.push_str(&text[copied..]);
    out
}

/// `m` without `prefix` and `suffix` (which the pattern matched literally).
fn inner<'a>(m: &'a str, prefix: &str, suffix: &str) -> &'a str {
    let m = m.strip_prefix(prefix).unwrap_or(m);
    m.strip_suffix(suffix).unwrap_or(m)
}

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("ALLBLOCKS", ALL_BLOCKS)).expect("valid pattern")
}

struct Patterns {
    double_br: Regex,
    block_open: Regex,
    block_close: Regex,
    hr: Regex,
    option_before: Regex,
    option_after: Regex,
    object_param: Regex,
    source_before: Regex,
    source_after: Regex,
    figcaption_before: Regex,
    figcaption_after: Regex,
    many_breaks: Regex,
    paragraph_split: Regex,
    empty_p: Regex,
    unclosed_p: Regex,
    wrapped_block: Regex,
    wrapped_li: Regex,
    blockquote_open: Regex,
    p_before_block: Regex,
    p_after_block: Regex,
    preserve: Regex,
    br_after_block: Regex,
    br_before_block: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    double_br: re(r"<br\s*/?>\s*<br\s*/?>"),
    block_open: re(r"<ALLBLOCKS[\s/>]"),
    block_close: re(r"</ALLBLOCKS>"),
    hr: re(r"<hr\s*?/?>"),
    option_before: re(r"\s*<option"),
    option_after: re(r"</option>\s*"),
    object_param: re(r"\s*(</?(?:param|embed)[^>]*>)\s*"),
    source_before: re(r"\s*(<(?:source|track)[^>]*>)"),
    source_after: re(r"(<(?:source|track)[^>]*>)\s*"),
    figcaption_before: re(r"\s*(<figcaption[^>]*>)"),
    figcaption_after: re(r"</figcaption>\s*"),
    many_breaks: re(r"\n\n+"),
    paragraph_split: re(r"\n\s*\n"),
    empty_p: re(r"<p>\s*</p>"),
    unclosed_p: re(r"<p>([^<]+)</(div|address|form)>"),
    wrapped_block: re(r"<p>\s*</?ALLBLOCKS[^>]*>\s*</p>"),
    wrapped_li: re(r"<p><li.+?</p>"),
    blockquote_open: re(r"(?i)<p><blockquote([^>]*)>"),
    p_before_block: re(r"<p>\s*</?ALLBLOCKS[^>]*>"),
    p_after_block: re(r"</?ALLBLOCKS[^>]*>\s*</p>"),
    preserve: re(r"(?s)<(script|style|svg|math).*?</(?:script|style|svg|math)>"),
    br_after_block: re(r"</?ALLBLOCKS[^>]*>\s*<br />"),
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
    text = rewrite(&p.block_open, text, |m, out| {
        out.push_str("\n\n");
        out.push_str(m);
    });
    let then_blank_line = |m: &str, out: &mut String| {
        out.push_str(m);
        out.push_str("\n\n");
    };
    text = rewrite(&p.block_close, text, then_blank_line);
    text = rewrite(&p.hr, text, then_blank_line);
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text = replace_newlines_in_tags(&text);

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
        text = replace(&p.figcaption_before, text, "$1");
        text = replace(&p.figcaption_after, text, "</figcaption>");
    }

    text = replace(&p.many_breaks, text, "\n\n");
    let mut rebuilt = String::with_capacity(text.len() + 64);
    for paragraph in p.paragraph_split.split(&text).filter(|s| !s.is_empty()) {
        rebuilt.push_str("<p>");
        rebuilt.push_str(paragraph.trim_matches('\n'));
        rebuilt.push_str("</p>\n");
    }
    text = rebuilt;

    text = replace(&p.empty_p, text, "");
    text = replace(&p.unclosed_p, text, "<p>$1</p></$2>");
    text = rewrite(&p.wrapped_block, text, |m, out| {
        out.push_str(inner(m, "<p>", "</p>").trim())
    });
    text = rewrite(&p.wrapped_li, text, |m, out| {
        out.push_str(inner(m, "<p>", "</p>"))
    });
    text = replace(&p.blockquote_open, text, "<blockquote$1><p>");
    if text.contains("</blockquote></p>") {
        text = text.replace("</blockquote></p>", "</p></blockquote>");
    }
    text = rewrite(&p.p_before_block, text, |m, out| {
        out.push_str(inner(m, "<p>", "").trim_start())
    });
    text = rewrite(&p.p_after_block, text, |m, out| {
        out.push_str(inner(m, "", "</p>").trim_end())
    });

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

    text = rewrite(&p.br_after_block, text, |m, out| {
        out.push_str(inner(m, "", "<br />").trim_end())
    });
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
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // A run of whitespace: does it contain a newline? `\s*\n` is greedy, so it reaches
        // the last newline of the run.
        let start = i;
        let mut end = i;
        let mut last_newline = None;
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            if bytes[end] == b'\n' {
                last_newline = Some(end);
            }
            end += 1;
        }
        if let Some(newline) = last_newline {
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
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// wp_replace_in_html_tags: newlines inside tags and comments become placeholders so that
/// they do not turn into paragraphs or breaks.
fn replace_newlines_in_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else {
            tail[1..].find(['>', '<']).map(|e| {
                if tail.as_bytes()[e + 1] == b'>' {
                    e + 2
                } else {
                    e + 1
                }
            })
        };
        let end = end.unwrap_or(tail.len());
        out.push_str(&tail[..end].replace('\n', " <!-- wpnl --> "));
        rest = &tail[end..];
    }
    out.push_str(rest);
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
    use super::autop;

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
