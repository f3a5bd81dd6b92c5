//! Code stored by syntax-highlighter plugins, taken from the raw content before anything
//! parses it as HTML.
//!
//! Highlighters keep code in markup of their own, and most keep it *raw*: WP-Syntax's
//! `<pre lang="php">`, CodeColorer's `<code lang="…">`, Crayon's `<pre class="lang:php
//! decode:true">`, Enlighter's `<pre class="EnlighterJSRAW">`, SyntaxHighlighter's `<pre
//! class="brush: xml">`. An HTML parser would eat `<?php`, `#include <stdio.h>` or a whole XML
//! sample as tags. Each region is rewritten here into the one form every later stage reads
//! exactly, `<pre><code class="language-x">` with the code escaped once (inline code as
//! `<code>`), so that wpautop, shortcodes and the HTML reader all leave it alone.
//!
//! What a region holds is read by [`stored_code`]: raw code as it is, code the editor stored
//! escaped decoded once, and markup around code (a `<code>` wrapper, `<span>`s pasted from
//! an editor, `<br>` for lines) as the text it shows.

use super::{decode_entities, escape_html};
use regex::Regex;
use std::sync::LazyLock;

/// The opening tag of a region a highlighter owns.
static OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(pre|code)\b([^>]*)>").expect("valid"));
/// A `<pre>` wrapped in `<code>` (inline code around a block, from some editors): the `<pre>`.
static PRE_IN_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<code>\s*(<pre\b[^>]*>.*?</pre>)\s*</code>").expect("valid")
});
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)([a-z][a-z0-9_:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .expect("valid")
});
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>").expect("valid"));
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});").expect("valid")
});

/// Elements an editor wraps code in, which show only their text: a `<code>` inside the
/// `<pre>`, spans of a pasted highlight, line breaks. (`<b>` is as likely to be the code's
/// own, `echo "<b>$name</b>"`.)
const WRAPPERS: &[&str] = &["br", "code", "span", "font"];

/// The code a region shows, from what the plugin stored: markup around code (any entity
/// beside tags, or tags that are all editor wrappers) read as HTML text; escaped code (an
/// entity and no tag) decoded once; anything else, raw code, as it is.
pub fn stored_code(body: &str) -> String {
    let mut tags = TAG
        .captures_iter(body)
        .map(|c| c[2].to_ascii_lowercase())
        .peekable();
    let has_tags = tags.peek().is_some();
    let has_entities = ENTITY.is_match(body);
    let only_wrappers = has_tags && tags.all(|name| WRAPPERS.contains(&name.as_str()));
    if has_tags && (has_entities || only_wrappers) {
        markup_text(body)
    } else if has_entities {
        decode_entities(body)
    } else {
        body.to_string()
    }
}

/// The text of markup around code: `<br>` a newline, other tags gone, entities decoded once.
fn markup_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for tag in TAG.captures_iter(body) {
        let whole = tag.get(0).expect("match");
        out.push_str(&body[last..whole.start()]);
        if tag[2].eq_ignore_ascii_case("br") {
            // The visual editor writes `<br />` and a newline for one line break.
            let after = &body[whole.end()..];
            if !after.starts_with('\n') && !after.starts_with("\r\n") {
                out.push('\n');
            }
        }
        last = whole.end();
    }
    out.push_str(&body[last..]);
    decode_entities(&out)
}

/// One highlighter region found in the content.
struct Region {
    /// Byte range of the whole region in the content.
    start: usize,
    end: usize,
    language: Option<String>,
    body_start: usize,
    body_end: usize,
    inline: bool,
}

fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    ATTRIBUTE.captures_iter(attributes).find_map(|c| {
        c[1].eq_ignore_ascii_case(name).then(|| {
            c.get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str())
        })
    })
}

/// A language name usable as a fence's info string, or none.
fn language(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches(';').to_ascii_lowercase();
    let usable = !name.is_empty()
        && name.len() <= 40
        && name != "default"
        && name != "none"
        && name != "plain"
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'));
    usable.then_some(name)
}

/// The plugin's language for a `<pre>`'s attributes, when a raw-storing plugin owns it.
fn pre_plugin(attributes: &str) -> Option<(Option<String>, bool)> {
    if let Some(lang) = attribute(attributes, "lang") {
        // WP-Syntax
        return Some((language(lang), false));
    }
    let class = attribute(attributes, "class").unwrap_or("");
    if let Some(at) = class.find("lang:") {
        // Crayon: `lang:php decode:true`, `crayon-inline` for code within a line.
        let name = class[at + 5..].split_whitespace().next().unwrap_or("");
        let inline = class.split_whitespace().any(|c| c == "crayon-inline");
        return Some((language(name), inline));
    }
    if class
        .split_whitespace()
        .any(|c| c.starts_with("EnlighterJS"))
    {
        let name = attribute(attributes, "data-enlighter-language").unwrap_or("");
        return Some((language(name), false));
    }
    if let Some(at) = class.find("brush:") {
        // SyntaxHighlighter: `brush: xml; gutter: false`
        let name = class[at + 6..].split(';').next().unwrap_or("");
        return Some((language(name), false));
    }
    None
}

/// Where the closing tag of `name` starts, searching `lower` (the content lowercased once:
/// ASCII lowercasing keeps every offset) from `from`.
fn find_close(lower: &str, from: usize, name: &str) -> Option<usize> {
    let close = format!("</{name}");
    lower[from..].find(&close).map(|at| from + at)
}

/// The end of the closing tag that starts at `at`.
fn past_tag(content: &str, at: usize) -> usize {
    content[at..]
        .find('>')
        .map_or(content.len(), |end| at + end + 1)
}

fn regions(content: &str) -> Vec<Region> {
    let lower = content.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = OPEN.captures_at(content, from) {
        let whole = open.get(0).expect("match");
        let name = open[1].to_ascii_lowercase();
        let attributes = open.get(2).map_or("", |m| m.as_str());
        let body_start = whole.end();
        let Some(close) = find_close(&lower, body_start, &name) else {
            break;
        };
        let end = past_tag(content, close);
        let region = if name == "pre" {
            // CodeColorer inside a <pre>: `<pre><code lang="c++">…</code></pre>`.
            let inner = &content[body_start..close];
            let inner_code = OPEN
                .captures(inner)
                .filter(|c| {
                    c.get(0).expect("match").start() == inner.len() - inner.trim_start().len()
                        && c[1].eq_ignore_ascii_case("code")
                })
                .and_then(|c| {
                    let lang = attribute(c.get(2).map_or("", |m| m.as_str()), "lang")?;
                    Some((language(lang), body_start + c.get(0).expect("match").end()))
                });
            match (pre_plugin(attributes), inner_code) {
                (_, Some((language, code_start))) => {
                    find_close(&lower, code_start, "code").map(|code_end| Region {
                        start: whole.start(),
                        end: past_tag(content, close.max(code_end)),
                        language,
                        body_start: code_start,
                        body_end: code_end,
                        inline: false,
                    })
                }
                (Some((language, inline)), None) => Some(Region {
                    start: whole.start(),
                    end,
                    language,
                    body_start,
                    body_end: close,
                    inline,
                }),
                (None, None) => None,
            }
        } else {
            // CodeColorer's `<code lang="php">`, within a line or on lines of its own.
            attribute(attributes, "lang").map(|lang| Region {
                start: whole.start(),
                end,
                language: language(lang),
                body_start,
                body_end: close,
                inline: !content[body_start..close].contains('\n'),
            })
        };
        match region {
            Some(region) => {
                from = region.end;
                out.push(region);
            }
            // Any other <pre> or <code> is HTML: read by the HTML reader, skipped whole here
            // (a `<code lang>` inside a plain `<pre>` is its code).
            None if name == "pre" && !content[body_start..close].contains(" lang=") => from = end,
            None => from = body_start,
        }
    }
    out
}

/// Rewrites every highlighter region of `content` into `<pre><code class="language-x">` (or
/// `<code>` within a line) holding the code escaped once. Content without one comes back as
/// it is.
pub fn lift(content: &str) -> String {
    let has_code =
        content.contains("<pre") || content.contains("<code") || content.contains("<PRE");
    if !has_code && !content.contains("$latex") {
        return content.to_string();
    }
    let unwrapped = PRE_IN_CODE.replace_all(content, "$1");
    let content: &str = &unwrapped;
    let regions = if has_code {
        regions(content)
    } else {
        Vec::new()
    };
    let mut out = String::with_capacity(content.len() + 64 * regions.len());
    let mut last = 0;
    for region in regions {
        out.push_str(&latex(&content[last..region.start]));
        let code = stored_code(&content[region.body_start..region.body_end]);
        if region.inline {
            out.push_str("<code>");
            out.push_str(&escape_html(&code));
            out.push_str("</code>");
        } else {
            // The first newline after <pre> is the tag's own (HTML drops it); a stored
            // leading newline is kept by writing one more.
            let class = region
                .language
                .map(|l| format!(" class=\"language-{l}\""))
                .unwrap_or_default();
            out.push_str(&format!("<pre><code{class}>"));
            if code.starts_with('\n') {
                out.push('\n');
            }
            out.push_str(&escape_html(&code));
            out.push_str("</code></pre>");
        }
        last = region.end;
    }
    out.push_str(&latex(&content[last..]));
    out
}

/// Jetpack's LaTeX, `$latex e^{i\pi} + 1 = 0&bg=ffffff$`, which WordPress.com shows as an image
/// of the formula: the formula as code within the line, between its dollars (Markdown has no
/// math that every renderer reads, and as text its `_` and `*` would be emphasis).
static LATEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$latex[ \t]+([^$]+?)\$").expect("valid"));
static LATEX_PARAMETERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:&amp;|&#038;|&)(?:bg|fg|s)=[^&$]*(?:(?:&amp;|&#038;|&)(?:bg|fg|s)=[^&$]*)*\s*$")
        .expect("valid")
});

/// Builds this module's patterns ahead of their first use (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&OPEN);
    LazyLock::force(&PRE_IN_CODE);
    LazyLock::force(&ATTRIBUTE);
    LazyLock::force(&TAG);
    LazyLock::force(&ENTITY);
    LazyLock::force(&LATEX);
    LazyLock::force(&LATEX_PARAMETERS);
}

fn latex(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("$latex") {
        return std::borrow::Cow::Borrowed(html);
    }
    LATEX.replace_all(html, |c: &regex::Captures<'_>| {
        let whole = c.get(0).expect("match");
        if super::shortcodes::protected_span(html, whole.start()).is_some() {
            return whole.as_str().to_string();
        }
        let formula = LATEX_PARAMETERS.replace(&c[1], "");
        let formula = decode_entities(formula.trim());
        format!("<code>${}$</code>", escape_html(&formula))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_code_is_kept_as_stored() {
        let lifted = lift("<p>See:</p>\n<pre lang=\"php\"><?php echo $a && $b; ?>\n  x  </pre>\n");
        assert_eq!(
            lifted,
            "<p>See:</p>\n<pre><code class=\"language-php\">&lt;?php echo $a &amp;&amp; $b; ?&gt;\n  x  </code></pre>\n"
        );
    }

    #[test]
    fn escaped_code_is_decoded_once() {
        assert_eq!(stored_code("a &lt; b &amp;amp; c"), "a < b &amp; c");
        // Markup around escaped code is read as HTML.
        assert_eq!(
            stored_code("<code>#include &lt;QApplication&gt;<br />\nint x;</code>"),
            "#include <QApplication>\nint x;"
        );
        // Tags of the code's own (XML) with no entity are code.
        assert_eq!(
            stored_code("<sun-web-app>\n  <class-loader delegate=\"true\"/>\n</sun-web-app>"),
            "<sun-web-app>\n  <class-loader delegate=\"true\"/>\n</sun-web-app>"
        );
        // An editor's spans alone are markup.
        assert_eq!(
            stored_code("<span role=\"presentation\">Office 2007</span>"),
            "Office 2007"
        );
    }

    #[test]
    fn each_plugin_is_recognised() {
        let cases = [
            (
                "<pre class=\"lang:python decode:true \">a &lt; b</pre>",
                "python",
            ),
            (
                "<pre class=\"EnlighterJSRAW\" data-enlighter-language=\"r\">x <- 1</pre>",
                "r",
            ),
            ("<pre class=\"brush: xml; gutter: false\"><a/></pre>", "xml"),
            (
                "<pre><code lang=\"c++\">vector&lt;int&gt; v;</code></pre>",
                "c++",
            ),
            ("<code lang=\"bash\">ls\n-la</code>", "bash"),
        ];
        for (html, lang) in cases {
            let lifted = lift(html);
            assert!(
                lifted.starts_with(&format!("<pre><code class=\"language-{lang}\">")),
                "{html} → {lifted}"
            );
        }
        assert_eq!(
            lift("a <pre class=\"lang:default decode:true crayon-inline\">x &amp;&amp; y</pre> b"),
            "a <code>x &amp;&amp; y</code> b"
        );
        assert_eq!(
            lift("run <code lang=\"sh\">ls</code>."),
            "run <code>ls</code>."
        );
    }

    #[test]
    fn jetpack_latex_is_a_formula_in_code() {
        assert_eq!(
            lift("<p>$latex ELO_{new} = a \\times b &amp;bg=f0f0f0$ and $5 or $6.</p>"),
            "<p><code>$ELO_{new} = a \\times b$</code> and $5 or $6.</p>"
        );
        // In code it is code.
        let code = "<pre>echo '$latex x$'</pre>";
        assert_eq!(lift(code), code);
    }

    #[test]
    fn a_pre_wrapped_in_code_is_the_pre() {
        assert_eq!(
            lift("<code>\n<pre>\n## Title\nx  y\n</pre>\n</code>"),
            "<pre>\n## Title\nx  y\n</pre>"
        );
    }

    #[test]
    fn other_markup_is_left_alone() {
        for html in [
            "<pre>plain <b>html</b></pre>",
            "<pre class=\"wp-block-code\"><code>a &lt; b</code></pre>",
            "<code>x</code> and <pre>unclosed",
            "<pre lang=\"php\">never closed",
        ] {
            assert_eq!(lift(html), html);
        }
    }
}
