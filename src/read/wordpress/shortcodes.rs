//! Shortcodes: `[caption]`, `[gallery]`, `[embed]`, `[audio]`, `[video]`, the code shortcodes
//! of syntax highlighters, and everything else.
//!
//! Known shortcodes are expanded into the HTML WordPress would render for them (a `<figure>`
//! with its `<figcaption>`, a `<pre><code class="language-x">`…), which the HTML reader then
//! reads like any other markup. Unknown shortcodes are kept verbatim, as raw text that no
//! writer escapes, or dropped or unwrapped when the user says so. Brackets inside `<pre>`,
//! `<code>` and code shortcodes are never shortcodes.

use super::{Attachment, Index, decode_entities, escape_html};
use std::collections::HashMap;

/// What to do with a shortcode wpconvert does not expand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Keep `[name …]…[/name]` verbatim in the output (the default).
    Keep,
    /// Remove it and what it encloses.
    Drop,
    /// Remove the tags, keep what it encloses.
    Unwrap,
}

/// Shortcodes for code: the generic ones, one per language that highlighters register, and
/// CodeColorer's (`[cc]`, `[cci]`, `[cc_php]`, `[ccnLe_php]`).
fn is_code_shortcode(name: &str) -> bool {
    matches!(name, "code" | "sourcecode" | "source")
        || crate::read::CODE_LANGUAGES.contains(&name)
        || codecolorer(name).is_some()
}

/// CodeColorer's shortcode names: `cc`, flags (`i` within a line, `b` block, `n`, `l`, `e`…),
/// then `_language`. The flags and the language, when `name` is one.
fn codecolorer(name: &str) -> Option<(&str, Option<&str>)> {
    let rest = name.strip_prefix("cc")?;
    let (flags, language) = match rest.split_once('_') {
        Some((flags, language)) => (flags, Some(language)),
        None => (rest, None),
    };
    let valid = flags.len() <= 6
        && flags.chars().all(|c| "ibnNlLeE".contains(c))
        && language.is_none_or(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+#".contains(c))
        });
    valid.then_some((flags, language))
}

/// One parsed shortcode occurrence.
#[derive(Debug)]
struct Shortcode<'a> {
    name: &'a str,
    attributes: HashMap<String, String>,
    /// Positional attributes (`[embed]` has none; `[gallery 1 2]` is rare).
    content: Option<&'a str>,
    /// The whole text of the occurrence.
    whole: &'a str,
}

/// Expands the shortcodes of `text` (HTML with shortcodes) into HTML.
pub fn expand(
    text: &str,
    post_id: Option<u64>,
    index: &Index,
    policies: &HashMap<String, Policy>,
) -> String {
    expand_noting(text, post_id, index, policies, &mut Vec::new())
}

/// [`expand`], with what the reader should be told (a gallery none of whose images is in
/// the export) added to `notes`.
pub fn expand_noting(
    text: &str,
    post_id: Option<u64>,
    index: &Index,
    policies: &HashMap<String, Policy>,
    notes: &mut Vec<String>,
) -> String {
    expand_depth(text, post_id, index, policies, 0, notes)
}

fn expand_depth(
    text: &str,
    post_id: Option<u64>,
    index: &Index,
    policies: &HashMap<String, Policy>,
    depth: usize,
    notes: &mut Vec<String>,
) -> String {
    if !text.contains('[') || depth > 8 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        // Skip over <pre>…</pre> and <code>…</code>: brackets there are code.
        if let Some((skip_start, skip_end)) = protected_span(rest, open) {
            out.push_str(&rest[..skip_end]);
            rest = &rest[skip_end..];
            let _ = skip_start;
            continue;
        }
        out.push_str(&rest[..open]);
        let candidate = &rest[open..];
        // `[[name]]` is WordPress's escape for a literal `[name]`.
        if let Some(escaped) = candidate.strip_prefix("[[")
            && let Some(end) = escaped.find("]]")
            && parse(&candidate[1..]).is_some()
        {
            out.push_str(&raw(&format!("[{}]", &escaped[..end])));
            rest = &escaped[end + 2..];
            continue;
        }
        // The old WordPress.com player, `[audio:https://…/a.mp3|titles=…]`.
        if let Some(player) = candidate.strip_prefix("[audio:")
            && let Some(end) = player.find(']')
            && !player[..end].contains(['[', '<', '\n'])
        {
            let url = decode_entities(player[..end].split('|').next().unwrap_or("").trim());
            if url.starts_with("http") {
                out.push_str(&format!(
                    "<audio controls src=\"{}\"></audio>",
                    escape_html(&url)
                ));
                rest = &player[end + 1..];
                continue;
            }
        }
        match parse(candidate) {
            Some(shortcode) => {
                let html = render(&shortcode, post_id, index, policies, depth, notes);
                out.push_str(&html);
                rest = &candidate[shortcode.whole.len()..];
            }
            None => {
                out.push('[');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the shortcodes used in `text` (outside code), once per occurrence, for an
/// inventory of what an export relies on.
pub fn names_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find('[') {
        let position = at + open;
        if let Some((_, end)) = protected_span(text, position) {
            at = end.max(position + 1);
            continue;
        }
        match parse(&text[position..]) {
            Some(shortcode) => {
                names.push(shortcode.name.to_string());
                // Enclosed shortcodes count too: look inside, not past.
                at = position + 1;
            }
            None => at = position + 1,
        }
    }
    names
}

/// When `at` falls in a `<pre>` or `<code>` element that starts before it, the span to copy
/// unchanged.
pub(super) fn protected_span(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = &text[..at];
    for (open, close) in [("<pre", "</pre>"), ("<code", "</code>")] {
        if let Some(start) = before.rfind(open)
            && !before[start..].contains(close)
        {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |e| start + e + close.len());
            return Some((start, end));
        }
    }
    None
}

/// Parses `[name attrs]`, `[name attrs /]` or `[name attrs]content[/name]` at the start of
/// `text`. Unknown names count only when they look like shortcodes, not prose in brackets:
/// they have `key=value` attributes, a closing tag, `/]`, or stand alone.
fn parse(text: &str) -> Option<Shortcode<'_>> {
    let inner = text.strip_prefix('[')?;
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(inner.len());
    if name_len == 0 || name_len > 64 {
        return None;
    }
    let name = &inner[..name_len];
    let after_name = &inner[name_len..];
    if !(after_name.starts_with(']') || after_name.starts_with([' ', '\t', '\n', '/'])) {
        return None;
    }
    let tag_end = find_tag_end(after_name)?;
    let attribute_text = &after_name[..tag_end];
    let self_closing = attribute_text.trim_end().ends_with('/');
    let attribute_text = attribute_text.trim_end().trim_end_matches('/');
    let attributes = parse_attributes(attribute_text);
    let open_len = 1 + name_len + tag_end + 1;
    let known = is_known(name);
    let mut content = None;
    let mut whole_len = open_len;
    if !self_closing {
        let closing = format!("[/{name}]");
        let body = &text[open_len..];
        if let Some(end) = find_closing(body, name, &closing) {
            content = Some(&body[..end]);
            whole_len = open_len + end + closing.len();
        }
    }
    let looks_like_shortcode = known
        || self_closing
        || content.is_some()
        || attribute_text.contains('=')
        || (attribute_text.trim().is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c.is_ascii_digit())
            && name.len() > 1
            && standalone(text, open_len));
    if !looks_like_shortcode {
        return None;
    }
    Some(Shortcode {
        name,
        attributes,
        content,
        whole: &text[..whole_len],
    })
}

/// `[toc]` alone on its line is a shortcode; `[sic]` in a sentence is not.
fn standalone(text: &str, len: usize) -> bool {
    let after = &text[len..];
    after.is_empty()
        || after.starts_with(['\n', '\r'])
        || after.starts_with("</p>")
        || after.starts_with("<br")
}

/// The end of the opening tag's attributes: the first `]`, quoted or not, as WordPress's
/// shortcode pattern has it (`[^\]]*`). Honouring quotes would let one stray `"` in prose in
/// brackets (`[On the 'law'"]`) carry the tag across headings and lists to a later `]`.
fn find_tag_end(text: &str) -> Option<usize> {
    text.char_indices()
        .take_while(|(i, _)| *i <= 4000)
        .find(|(_, c)| *c == ']')
        .map(|(i, _)| i)
}

/// The closing tag of an enclosing shortcode, accounting for nested ones of the same name.
fn find_closing(body: &str, name: &str, closing: &str) -> Option<usize> {
    let opening = format!("[{name}");
    let mut depth = 0;
    let mut at = 0;
    while let Some(next) = body[at..].find('[') {
        let position = at + next;
        let rest = &body[position..];
        if rest.starts_with(closing) {
            if depth == 0 {
                return Some(position);
            }
            depth -= 1;
        } else if rest.starts_with(&opening)
            && rest[opening.len()..].starts_with([']', ' ', '\t', '\n'])
        {
            depth += 1;
        }
        at = position + 1;
    }
    None
}

fn parse_attributes(text: &str) -> HashMap<String, String> {
    let mut attributes = HashMap::new();
    let mut rest = text.trim();
    let mut positional = 0;
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        if let Some(value_text) = rest.strip_prefix('=') {
            let value_text = value_text.trim_start();
            let (value, consumed) = match value_text.chars().next() {
                Some(q @ ('"' | '\'' | '“' | '”' | '″')) => {
                    let body = &value_text[q.len_utf8()..];
                    let end = body
                        .find(|c: char| {
                            c == q || (q != '"' && q != '\'' && matches!(c, '“' | '”' | '″'))
                        })
                        .unwrap_or(body.len());
                    let close_len = body[end..].chars().next().map_or(0, char::len_utf8);
                    (body[..end].to_string(), q.len_utf8() + end + close_len)
                }
                _ => {
                    let end = value_text
                        .find(char::is_whitespace)
                        .unwrap_or(value_text.len());
                    (value_text[..end].to_string(), end)
                }
            };
            attributes.insert(key, decode_entities(&value));
            rest = value_text[consumed..].trim_start();
        } else if !key.is_empty() {
            let value = key.trim_matches(['"', '\'']).to_string();
            attributes.insert(positional.to_string(), value);
            positional += 1;
        } else {
            break;
        }
    }
    attributes
}

fn is_known(name: &str) -> bool {
    matches!(
        name,
        "caption" | "wp_caption" | "gallery" | "embed" | "gist" | "audio" | "video" | "playlist"
    ) || is_code_shortcode(name)
}

fn render(
    shortcode: &Shortcode<'_>,
    post_id: Option<u64>,
    index: &Index,
    policies: &HashMap<String, Policy>,
    depth: usize,
    notes: &mut Vec<String>,
) -> String {
    let attribute = |key: &str| shortcode.attributes.get(key).map(String::as_str);
    let content = shortcode.content.unwrap_or("");
    match shortcode.name {
        "caption" | "wp_caption" => {
            // `[caption]<img …> The caption[/caption]`, or `caption="…"`.
            let inner = expand_depth(content, post_id, index, policies, depth + 1, notes);
            let (media, text) = split_caption(&inner);
            let caption = attribute("caption").map(escape_html).unwrap_or(text);
            format!("<figure>{media}<figcaption>{caption}</figcaption></figure>")
        }
        "gallery" => gallery(shortcode, post_id, index).unwrap_or_else(|| {
            // WordPress shows nothing for a gallery without images; the export holds none of
            // its images (exported without media, or from a site that lost them).
            notes.push(format!(
                "`{}` shows no image: none of its images is in the export \
                 (export the attachments too, or keep it with --shortcode gallery=keep)",
                shortcode.whole.chars().take(80).collect::<String>()
            ));
            match policies.get("gallery") {
                Some(Policy::Keep) => raw(shortcode.whole),
                _ => String::new(),
            }
        }),
        "gist" => {
            // Jetpack's `[gist id="123" file="a.rb"]`, `[gist 123]`, `[gist]URL[/gist]`.
            let given = attribute("id")
                .or(attribute("0"))
                .map(str::to_string)
                .or_else(|| Some(decode_entities(content.trim())).filter(|c| !c.is_empty()));
            let page = given.and_then(|given| {
                let given = given.trim().trim_end_matches(".js");
                let id = given
                    .strip_prefix("https://gist.github.com/")
                    .or_else(|| given.strip_prefix("http://gist.github.com/"))
                    .unwrap_or(given);
                let file = attribute("file")
                    .map(|f| format!("?file={f}"))
                    .unwrap_or_default();
                crate::read::html::gist_page(&format!("https://gist.github.com/{id}.js{file}"))
            });
            match page {
                Some(url) => format!(
                    "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">{}</div></figure>",
                    escape_html(&url)
                ),
                None => raw(shortcode.whole),
            }
        }
        "embed" => {
            let url = decode_entities(content.trim());
            format!(
                "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">{}</div></figure>",
                escape_html(&url)
            )
        }
        "audio" | "video" => {
            let source = [
                "src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "flv",
            ]
            .iter()
            .find_map(|k| attribute(k))
            // WordPress.com's `[audio https://…]`.
            .or(attribute("0").filter(|u| u.starts_with("http")));
            match source {
                Some(src) => format!(
                    "<{0} controls src=\"{1}\"></{0}>",
                    shortcode.name,
                    escape_html(src)
                ),
                None => raw(shortcode.whole),
            }
        }
        name if is_code_shortcode(name) && shortcode.content.is_some() => {
            let colorer = codecolorer(name);
            let language = attribute("language")
                .or(attribute("lang"))
                .or(match colorer {
                    Some((_, language)) => language,
                    None if matches!(name, "code" | "sourcecode" | "source") => None,
                    None => Some(name),
                })
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| {
                    !l.is_empty()
                        && l.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c))
                });
            let code = super::code::stored_code(content.trim_matches(['\n', '\r']));
            // CodeColorer: `[cci]` or `inline="true"` within a line, and one line of code.
            let inline = colorer.is_some_and(|(flags, _)| flags.contains('i'))
                || attribute("inline") == Some("true")
                || (colorer.is_some() && !code.contains('\n'));
            if inline {
                return format!("<code>{}</code>", escape_html(&code));
            }
            let class = language
                .map(|l| format!(" class=\"language-{l}\""))
                .unwrap_or_default();
            format!("<pre><code{class}>{}</code></pre>", escape_html(&code))
        }
        name => match policies.get(name).copied().unwrap_or(Policy::Keep) {
            Policy::Keep => raw(shortcode.whole),
            Policy::Drop => String::new(),
            Policy::Unwrap => expand_depth(content, post_id, index, policies, depth + 1, notes),
        },
    }
}

/// Text kept exactly as written: a custom element the HTML reader turns into raw content.
fn raw(text: &str) -> String {
    // Kept as it shows: `&amp;` in an attribute is the `&` the plugin got (unless decoding
    // would make markup of it).
    let shown = decode_entities(text);
    let text = if shown.contains('<') { text } else { &shown };
    format!("<wp-raw>{}</wp-raw>", escape_html(text))
}

/// Splits caption content into its media (the leading `<a><img></a>` or `<img>`) and the
/// caption text after it.
fn split_caption(content: &str) -> (String, String) {
    let trimmed = content.trim_start();
    let media_end = if trimmed.starts_with("<a") {
        trimmed.find("</a>").map(|e| e + 4)
    } else if trimmed.starts_with("<img") {
        trimmed.find('>').map(|e| e + 1)
    } else {
        None
    };
    match media_end {
        Some(end) => (
            trimmed[..end].to_string(),
            trimmed[end..].trim().to_string(),
        ),
        None => (String::new(), trimmed.trim().to_string()),
    }
}

/// `[gallery ids="1,2,3"]` (or `include=`), or the post's attached images: figures of the
/// attachments, with their alt text and captions.
/// `None` when none of the images is in the export.
fn gallery(shortcode: &Shortcode<'_>, post_id: Option<u64>, index: &Index) -> Option<String> {
    let ids: Vec<u64> = shortcode
        .attributes
        .get("ids")
        .or(shortcode.attributes.get("include"))
        .map(|list| {
            list.split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| {
            post_id
                .map(|id| index.attached_images(id))
                .unwrap_or_default()
        });
    let exclude: Vec<u64> = shortcode
        .attributes
        .get("exclude")
        .map(|list| {
            list.split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let link_to_file = shortcode
        .attributes
        .get("link")
        .is_some_and(|l| l == "file");
    let mut html = String::from("<figure class=\"wp-block-gallery\">");
    let mut count = 0;
    for id in ids.iter().filter(|id| !exclude.contains(id)) {
        let Some(attachment) = index.attachment(*id) else {
            continue;
        };
        let Attachment {
            url, alt, caption, ..
        } = &attachment;
        count += 1;
        let image = format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape_html(url),
            escape_html(alt)
        );
        let image = if link_to_file {
            format!("<a href=\"{}\">{image}</a>", escape_html(url))
        } else {
            image
        };
        html.push_str(&format!("<figure>{image}"));
        if !caption.trim().is_empty() {
            html.push_str(&format!(
                "<figcaption>{}</figcaption>",
                escape_html(caption.trim())
            ));
        }
        html.push_str("</figure>");
    }
    html.push_str("</figure>");
    (count > 0).then_some(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::wordpress::Attachment;

    fn index() -> Index {
        let mut index = Index::default();
        for (id, name) in [(11u64, "a"), (12, "b")] {
            index.insert_attachment(
                id,
                Attachment::new(
                    &format!("https://e.com/{name}.jpg"),
                    &format!("Alt {name}"),
                    &format!("Caption {name}"),
                    5,
                    id,
                    true,
                ),
            );
        }
        index
    }

    fn expand_text(text: &str) -> String {
        expand(text, Some(5), &index(), &HashMap::new())
    }

    #[test]
    fn captions_in_both_forms() {
        assert_eq!(
            expand_text(
                "[caption id=\"attachment_1\" align=\"alignleft\" width=\"150\"]<a href=\"https://e.com/full.jpg\"><img src=\"https://e.com/t.jpg\" alt=\"T\" /></a> Look <em>here</em>[/caption]"
            ),
            "<figure><a href=\"https://e.com/full.jpg\"><img src=\"https://e.com/t.jpg\" alt=\"T\" /></a><figcaption>Look <em>here</em></figcaption></figure>"
        );
        assert_eq!(
            expand_text("[caption caption=\"From the attribute\"]<img src=\"x.jpg\" />[/caption]"),
            "<figure><img src=\"x.jpg\" /><figcaption>From the attribute</figcaption></figure>"
        );
    }

    #[test]
    fn galleries_by_ids_and_by_attachment() {
        let by_ids = expand_text("[gallery ids=\"12,11\"]");
        assert!(
            by_ids.find("b.jpg").unwrap() < by_ids.find("a.jpg").unwrap(),
            "{by_ids}"
        );
        assert!(by_ids.contains("<figcaption>Caption a</figcaption>"));
        let attached = expand_text("[gallery columns=\"2\"]");
        assert!(
            attached.find("a.jpg").unwrap() < attached.find("b.jpg").unwrap(),
            "{attached}"
        );
    }

    #[test]
    fn code_shortcodes_unescape_once_and_shield_their_brackets() {
        assert_eq!(
            expand_text("[code language=\"php\"]&lt;?php echo $a[0]; [gallery] ?&gt;[/code]"),
            "<pre><code class=\"language-php\">&lt;?php echo $a[0]; [gallery] ?&gt;</code></pre>"
        );
        assert_eq!(
            expand_text("[python]print([1, 2])[/python]"),
            "<pre><code class=\"language-python\">print([1, 2])</code></pre>"
        );
        assert_eq!(
            expand_text("<pre>[gallery]</pre> <code>[caption]</code>"),
            "<pre>[gallery]</pre> <code>[caption]</code>"
        );
    }

    #[test]
    fn embeds_and_media() {
        assert_eq!(
            expand_text("[embed]https://www.youtube.com/watch?v=x[/embed]"),
            "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">https://www.youtube.com/watch?v=x</div></figure>"
        );
        assert_eq!(
            expand_text("[audio mp3=\"https://e.com/a.mp3\"][/audio]"),
            "<audio controls src=\"https://e.com/a.mp3\"></audio>"
        );
        assert_eq!(
            expand_text("[audio https://e.com/b.mp3]"),
            "<audio controls src=\"https://e.com/b.mp3\"></audio>"
        );
    }

    #[test]
    fn unknown_shortcodes_are_kept_dropped_or_unwrapped() {
        assert_eq!(
            expand_text("Form: [contact-form-7 id=\"12\" title=\"Contact\"]"),
            "Form: <wp-raw>[contact-form-7 id=&quot;12&quot; title=&quot;Contact&quot;]</wp-raw>"
        );
        let policies: HashMap<String, Policy> = [
            ("note".to_string(), Policy::Unwrap),
            ("ad".to_string(), Policy::Drop),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            expand(
                "[note]Read this[/note] [ad id=1]",
                None,
                &index(),
                &policies
            ),
            "Read this "
        );
    }

    #[test]
    fn prose_in_brackets_is_not_a_shortcode() {
        for text in [
            "He said [sic] it.",
            "[not a link]",
            "a[0] = 1",
            "[1] Footnote",
            "[[maybe]]x",
        ] {
            assert_eq!(expand_text(text), text);
        }
        // A quote in bracketed prose does not run on to a later `]`.
        let text = "<h2>Law [On the 'reintroduction'\"]</h2>\n<p><a href=\"u\">t</a> \"q [x]</p>";
        assert_eq!(expand_text(text), text);
        // `[[gallery]]` is WordPress's way to write the shortcode itself as text.
        assert_eq!(
            expand_text("Use [[gallery]]."),
            "Use <wp-raw>[gallery]</wp-raw>."
        );
    }
}
