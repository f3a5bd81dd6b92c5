//! Tidying a run of inlines the way a browser lays it out: whitespace collapsed across element
//! boundaries, none at the start or end of a block or around a line break, empty elements
//! dropped, neighbours of one kind merged, and edge spaces moved out of emphasis so that a
//! writer never has to emit `** bold **`.

use crate::model::Inline;

/// Whitespace HTML collapses (not NBSP, which is content).
pub fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Collapses runs of collapsible whitespace into one space.
pub fn collapse_whitespace(text: &str) -> String {
    collapse_after(text, &mut false)
}

/// Tidies the inlines of one block (paragraph, heading, cell, caption).
pub fn tidy(mut inlines: Vec<Inline>) -> Vec<Inline> {
    let mut after_space = true; // the block start counts as a space
    collapse_across(&mut inlines, &mut after_space);
    trim_end(&mut inlines);
    let mut inlines = clean(inlines);
    // Spaces moved out of code spans and emphasis may now stand at a line's edge.
    trim_end(&mut inlines);
    trim_line_starts(&mut inlines);
    // A block never starts or ends with a line break.
    while matches!(inlines.first(), Some(Inline::LineBreak)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.pop();
    }
    inlines
}

/// Forward pass: each text's runs become one space, and a space that follows a space (in this
/// node or an earlier one), the block start or a line break is removed.
fn collapse_across(inlines: &mut [Inline], after_space: &mut bool) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => collapse_in_place(text, after_space),
            Inline::LineBreak => *after_space = true,
            Inline::Code { text } => {
                collapse_in_place(text, &mut false);
                *after_space = false;
            }
            Inline::Image { .. } => *after_space = false,
            // Raw text (a shortcode kept verbatim) shows; raw tags do not.
            Inline::RawHtml { html } if !html.starts_with('<') => *after_space = false,
            Inline::RawHtml { .. } => {}
            other => {
                if let Some(children) = other.children_mut() {
                    collapse_across(children, after_space);
                }
            }
        }
    }
}

/// `text` with each run of collapsible whitespace as one space, and none at its start when
/// `after_space`; `after_space` then says whether it ends in a space. Collapsible whitespace
/// is ASCII, so what lies between is copied a run at a time.
fn collapse_after(text: &str, after_space: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        if is_collapsible(byte as char) {
            if at > run {
                out.push_str(&text[run..at]);
                *after_space = false;
            }
            if !*after_space {
                out.push(' ');
            }
            *after_space = true;
            run = at + 1;
        }
    }
    if run < text.len() {
        out.push_str(&text[run..]);
        *after_space = false;
    }
    out
}

/// [`collapse_after`] in place: most texts have nothing to collapse (their white space is
/// single spaces, none after a space), and are left as they are rather than copied.
fn collapse_in_place(text: &mut String, after_space: &mut bool) {
    let mut space = *after_space;
    for &byte in text.as_bytes() {
        if !is_collapsible(byte as char) {
            space = false;
        } else if byte == b' ' && !space {
            space = true;
        } else {
            *text = collapse_after(text, after_space);
            return;
        }
    }
    if !text.is_empty() {
        *after_space = space;
    }
}

/// Backward pass: removes spaces before a line break and at the end. Returns whether the
/// trimming should continue into what comes before (nothing visible was met yet).
fn trim_end(inlines: &mut [Inline]) -> bool {
    let mut trimming = true;
    for inline in inlines.iter_mut().rev() {
        match inline {
            Inline::LineBreak => trimming = true,
            Inline::Text { text } if trimming => {
                let kept = text.trim_end_matches(' ').len();
                text.truncate(kept);
                trimming = text.is_empty();
            }
            Inline::RawHtml { html } if !html.starts_with('<') => trimming = false,
            Inline::RawHtml { .. } => {}
            other => match other.children_mut() {
                Some(children) if trimming => trimming = trim_end(children),
                _ => trimming = false,
            },
        }
    }
    trimming
}

/// The first run of two or more line breaks (spaces between them count for nothing) strictly
/// inside `children`: what is before it, how many breaks, what is after it.
fn split_at_double_break(children: &mut Vec<Inline>) -> Option<(Vec<Inline>, usize, Vec<Inline>)> {
    let len = children.len();
    let (range, breaks) = crate::model::blank_lines(children)
        .into_iter()
        .find(|(range, _)| range.start > 0 && range.end < len)?;
    let after = children.split_off(range.end);
    children.truncate(range.start);
    Some((std::mem::take(children), breaks, after))
}

/// Removes the spaces that begin the block or a line after a break, at the top level (where
/// cleaning may have moved them).
fn trim_line_starts(inlines: &mut Vec<Inline>) {
    let mut line_start = true;
    for inline in inlines.iter_mut() {
        match inline {
            Inline::LineBreak => line_start = true,
            Inline::Text { text } if line_start => {
                let kept = text.trim_start_matches(' ');
                if kept.len() != text.len() {
                    *text = kept.to_string();
                }
                line_start = text.is_empty();
            }
            _ => line_start = false,
        }
    }
    inlines.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

/// Drops empty nodes, merges adjacent texts and adjacent containers of one kind, and moves
/// edge spaces out of emphasis-like containers and links.
fn clean(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text { text } if text.is_empty() => {}
            Inline::Code { text } if text.trim().is_empty() => {
                // An empty <code> shows nothing; a code span of spaces only would be noise.
                if !text.is_empty() {
                    push_text(&mut out, " ");
                }
            }
            Inline::Text { text } => push_owned_text(&mut out, text),
            Inline::Code { text } => {
                // Edge spaces go outside the span, as for emphasis; spans that touch are one
                // run of code (`<code>a</code><code>b</code>` shows `ab`), and spans apart
                // stay apart (`<code>a </code><code>b</code>` is `` `a` `b` ``).
                let core = text.trim_matches(' ');
                if text.starts_with(' ') {
                    push_text(&mut out, " ");
                }
                match out.last_mut() {
                    Some(Inline::Code { text: last }) => last.push_str(core),
                    _ => out.push(Inline::Code {
                        text: core.to_string(),
                    }),
                }
                if text.ends_with(' ') {
                    push_text(&mut out, " ");
                }
            }
            Inline::Link {
                url,
                title,
                content,
            } => {
                let content = clean(content);
                if content
                    .iter()
                    .all(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()))
                {
                    // Nothing to click on; keep the space it showed.
                    if !content.is_empty() {
                        push_text(&mut out, " ");
                    }
                    continue;
                }
                // Edge spaces go outside the link (`[ Cycle Eater](…)` is `[Cycle Eater](…)`
                // after a space), as for emphasis.
                let mut content = content;
                let leading = take_leading_space(&mut content);
                let trailing = take_trailing_space(&mut content);
                push_text(&mut out, &leading);
                out.push(Inline::Link {
                    url,
                    title,
                    content,
                });
                push_text(&mut out, &trailing);
            }
            mut container if container.children().is_some() => {
                let children = std::mem::take(container.children_mut().expect("container"));
                let mut children = clean(children);
                if children.is_empty() {
                    continue;
                }
                // A blank line inside emphasis (`<strong>a<br><br>b</strong>`) is a paragraph
                // break to come: the emphasis is cut there, on each side of the breaks.
                if let Some((before, breaks, after)) = split_at_double_break(&mut children) {
                    let mut first = container.clone();
                    *first.children_mut().expect("container") = before;
                    let mut second = container;
                    *second.children_mut().expect("container") = after;
                    let mut pieces = vec![first];
                    pieces.extend(std::iter::repeat_n(Inline::LineBreak, breaks));
                    pieces.push(second);
                    for piece in clean(pieces) {
                        match piece {
                            Inline::Text { text } => push_text(&mut out, &text),
                            other => out.push(other),
                        }
                    }
                    continue;
                }
                // Emphasis around nothing but spaces and line breaks (`<strong><br></strong>`,
                // `a<i> </i>poem`) shows only those: no delimiters around nothing.
                if children.iter().all(|c| {
                    matches!(c, Inline::LineBreak)
                        || matches!(c, Inline::Text { text } if text.trim().is_empty())
                }) {
                    for child in children {
                        match child {
                            Inline::Text { text } => push_text(&mut out, &text),
                            other => out.push(other),
                        }
                    }
                    continue;
                }
                // Line breaks at the edges go outside too: a delimiter next to a line end
                // closes nothing.
                let mut breaks_before = 0;
                while matches!(children.first(), Some(Inline::LineBreak)) {
                    children.remove(0);
                    breaks_before += 1;
                }
                let mut breaks_after = 0;
                while matches!(children.last(), Some(Inline::LineBreak)) {
                    children.pop();
                    breaks_after += 1;
                }
                out.extend(std::iter::repeat_n(Inline::LineBreak, breaks_before));
                let leading = take_leading_space(&mut children);
                let trailing = take_trailing_space(&mut children);
                push_text(&mut out, &leading);
                if !children.is_empty() {
                    *container.children_mut().expect("container") = children;
                    push_container(&mut out, container);
                }
                push_text(&mut out, &trailing);
                out.extend(std::iter::repeat_n(Inline::LineBreak, breaks_after));
            }
            other => out.push(other),
        }
    }
    out
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        if !(text == " " && last.ends_with(' ')) {
            last.push_str(text);
        }
    } else {
        out.push(Inline::text(text));
    }
}

/// [`push_text`] for a text of its own: moved, not copied, when it starts a run.
fn push_owned_text(out: &mut Vec<Inline>, text: String) {
    if matches!(out.last(), Some(Inline::Text { .. })) {
        push_text(out, &text);
    } else if !text.is_empty() {
        out.push(Inline::Text { text });
    }
}

/// Appends a container, merging it into the previous one when both are of one kind
/// (`<em>a</em><em>b</em>` is one emphasis).
fn push_container(out: &mut Vec<Inline>, container: Inline) {
    if let Some(last) = out.last_mut()
        && std::mem::discriminant(last) == std::mem::discriminant(&container)
        && !matches!(container, Inline::Link { .. })
    {
        let mut container = container;
        let more = std::mem::take(container.children_mut().expect("container"));
        let children = last.children_mut().expect("container");
        for inline in more {
            match inline {
                Inline::Text { text } => push_text(children, &text),
                other => children.push(other),
            }
        }
        return;
    }
    out.push(container);
}

/// The whitespace (any Unicode space: NBSP too) at the start of the first child, taken out.
fn take_leading_space(children: &mut Vec<Inline>) -> String {
    if let Some(Inline::Text { text }) = children.first_mut() {
        let rest = text.trim_start();
        let taken = text[..text.len() - rest.len()].to_string();
        *text = rest.to_string();
        if text.is_empty() {
            children.remove(0);
        }
        return taken;
    }
    String::new()
}

/// The whitespace at the end of the last child, taken out.
fn take_trailing_space(children: &mut Vec<Inline>) -> String {
    if let Some(Inline::Text { text }) = children.last_mut() {
        let kept = text.trim_end().len();
        let taken = text[kept..].to_string();
        text.truncate(kept);
        if text.is_empty() {
            children.pop();
        }
        return taken;
    }
    String::new()
}

/// The name of the element an inline HTML tag opens or closes (`<a href=…>`, `</span>`),
/// lowercased, and whether it closes; `None` for anything else (a comment, `<br/>`).
pub(crate) fn any_tag(html: &str) -> Option<(String, bool)> {
    let inner = html.strip_prefix('<')?.strip_suffix('>')?;
    if inner.ends_with('/') {
        return None;
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    (!name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic()))
        .then(|| (name.to_ascii_lowercase(), closing))
}

/// Elements without content: a tag alone is the whole element.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "wbr" | "input" | "source" | "track" | "embed" | "area" | "col"
    )
}

/// Other elements split into tags (`<a href=…>`, text, `</a>`; `<p>`, `</p>`) made one piece
/// of raw HTML again, when only text and tags stand between: cleaned apart, an opening tag
/// would be closed at once and a closing tag dropped or doubled. `<br>` is a line break.
pub(crate) fn join_elements(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut index = 0;
    while index < inlines.len() {
        let inline = &inlines[index];
        let Inline::RawHtml { html } = inline else {
            out.push(inline.clone());
            index += 1;
            continue;
        };
        let trimmed = html.trim();
        let lower = trimmed.to_ascii_lowercase();
        if matches!(lower.as_str(), "<br>" | "<br/>" | "<br />") {
            out.push(Inline::LineBreak);
            index += 1;
            continue;
        }
        let opened = any_tag(trimmed).filter(|(name, closing)| {
            !closing && !is_void(name) && formatting_kind(name).is_none()
        });
        let Some((name, _)) = opened else {
            out.push(inline.clone());
            index += 1;
            continue;
        };
        // The matching closing tag, with only text and tags on the way.
        let mut level = 0;
        let mut end = None;
        for (at, next) in inlines.iter().enumerate().skip(index) {
            match next {
                Inline::RawHtml { html } => {
                    if let Some((other, closing)) = any_tag(html.trim())
                        && other == name
                    {
                        level += if closing { -1 } else { 1 };
                        if level == 0 {
                            end = Some(at);
                            break;
                        }
                    }
                }
                Inline::Text { .. } => {}
                _ => break,
            }
        }
        let Some(end) = end else {
            out.push(inline.clone());
            index += 1;
            continue;
        };
        let mut joined = String::new();
        for piece in &inlines[index..=end] {
            match piece {
                Inline::RawHtml { html } => joined.push_str(html),
                Inline::Text { text } => joined.push_str(&crate::write::html::escape_text(text)),
                _ => {}
            }
        }
        out.push(Inline::RawHtml { html: joined });
        index = end + 1;
    }
    out
}

/// The formatting an element stands for (`b` is strong, `s` and `strike` strikethrough): the
/// elements the Markdown reader reads as emphasis, strong, strikethrough, superscript or
/// subscript rather than raw HTML.
fn formatting_kind(name: &str) -> Option<&'static str> {
    Some(match name {
        "em" | "i" => "em",
        "strong" | "b" => "strong",
        "del" | "s" | "strike" => "del",
        "sup" => "sup",
        "sub" => "sub",
        _ => return None,
    })
}

static RAW_TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>").expect("valid")
});

/// Raw text that holds markup (a shortcode kept verbatim around a link: `[box]See <a
/// href=…>this</a>[/box]`) as the pieces a Markdown reader finds in it: text as it shows
/// (entities decoded), elements as raw HTML, `<br>` as a line break.
pub(crate) fn raw_pieces(raw: &str) -> Vec<Inline> {
    let mut pieces = Vec::new();
    let mut last = 0;
    for tag in RAW_TAG.find_iter(raw) {
        if tag.start() > last {
            pieces.push(Inline::text(crate::read::wordpress::decode_entities(
                &raw[last..tag.start()],
            )));
        }
        pieces.push(Inline::RawHtml {
            html: tag.as_str().to_string(),
        });
        last = tag.end();
    }
    if last < raw.len() {
        pieces.push(Inline::text(crate::read::wordpress::decode_entities(
            &raw[last..],
        )));
    }
    fold_tags(pieces, 0)
}

/// The formatting element an inline HTML tag opens or closes (`<strong>`, `</em>`), and
/// whether it closes.
fn formatting_tag(html: &str) -> Option<(&'static str, bool)> {
    let (name, closing) = any_tag(html)?;
    Some((formatting_kind(&name)?, closing))
}

/// Inline HTML that Markdown splits into tags (`<strong>`, text, `</strong>`) read as the
/// formatting it is, so that it is written again as Markdown or as the same HTML, and not as
/// tags on their own (which the writer's sanitizer would close or drop).
pub(crate) fn fold_tags(inlines: Vec<Inline>, depth: usize) -> Vec<Inline> {
    if depth > 64 || !inlines.iter().any(|i| matches!(i, Inline::RawHtml { .. })) {
        return inlines;
    }
    let inlines = join_elements(inlines);
    let mut out = Vec::with_capacity(inlines.len());
    let mut rest = inlines.into_iter().peekable();
    while let Some(inline) = rest.next() {
        let opened = match &inline {
            Inline::RawHtml { html } => formatting_tag(html).filter(|(_, closing)| !closing),
            _ => None,
        };
        let Some((name, _)) = opened else {
            push_inline(&mut out, inline);
            continue;
        };
        // Up to the matching closing tag among the siblings.
        let mut inner = Vec::new();
        let mut level = 1;
        let mut closed = false;
        for next in rest.by_ref() {
            if let Inline::RawHtml { html } = &next
                && let Some((other, closing)) = formatting_tag(html)
                && other == name
            {
                level += if closing { -1 } else { 1 };
                if level == 0 {
                    closed = true;
                    break;
                }
            }
            inner.push(next);
        }
        if !closed {
            // No closing tag: the tag stays as it was, and what followed it too.
            push_inline(&mut out, inline);
            for next in fold_tags(inner, depth + 1) {
                push_inline(&mut out, next);
            }
            continue;
        }
        let content = fold_tags(inner, depth + 1);
        push_inline(
            &mut out,
            match name {
                "em" => Inline::Emphasis { content },
                "strong" => Inline::Strong { content },
                "del" => Inline::Strikethrough { content },
                "sup" => Inline::Superscript { content },
                _ => Inline::Subscript { content },
            },
        );
    }
    out
}

/// Appends an inline, merging text into text before it.
pub(crate) fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(&text),
        (_, Inline::Text { text }) if text.is_empty() => {}
        (_, inline) => out.push(inline),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn collapsing_in_place_is_collapsing() {
        let texts = [
            "", " ", "  ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\n", "\r\n", "x \x0c y",
            "é b", "a b c d", " ",
        ];
        for text in texts {
            for after_space in [false, true] {
                let (mut expected_after, mut got_after) = (after_space, after_space);
                let expected = super::collapse_after(text, &mut expected_after);
                let mut got = text.to_string();
                super::collapse_in_place(&mut got, &mut got_after);
                assert_eq!((got, got_after), (expected, expected_after), "{text:?}");
            }
        }
    }

    use super::*;
    use crate::model::Inline::*;

    fn t(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn whitespace_collapses_across_element_boundaries() {
        let got = tidy(vec![
            t("  foo \n "),
            Strong {
                content: vec![t(" bar ")],
            },
            t(" baz  "),
        ]);
        assert_eq!(
            got,
            vec![
                t("foo "),
                Strong {
                    content: vec![t("bar")]
                },
                t(" baz")
            ]
        );
    }

    #[test]
    fn edge_spaces_of_a_link_go_outside_it() {
        let link = |text: &str| Link {
            url: "http://x.org".into(),
            title: None,
            content: vec![t(text)],
        };
        let got = tidy(vec![t("a"), link(" Cycle Eater "), t(".")]);
        assert_eq!(got, vec![t("a "), link("Cycle Eater"), t(" .")]);
        // A link without edge spaces is left as it is.
        let got = tidy(vec![t("see "), link("this"), t(".")]);
        assert_eq!(got, vec![t("see "), link("this"), t(".")]);
    }

    #[test]
    fn emphasis_around_only_a_line_break_is_the_line_break() {
        let got = tidy(vec![
            t("a"),
            Strong {
                content: vec![LineBreak],
            },
            t("b"),
        ]);
        assert_eq!(got, vec![t("a"), LineBreak, t("b")]);
    }

    #[test]
    fn spaces_around_line_breaks_go() {
        let got = tidy(vec![t("a  "), LineBreak, t("  b"), LineBreak]);
        assert_eq!(got, vec![t("a"), LineBreak, t("b")]);
    }

    #[test]
    fn empty_containers_and_links_disappear() {
        let got = tidy(vec![
            t("a"),
            Emphasis { content: vec![] },
            Link {
                url: "x".into(),
                title: None,
                content: vec![t(" ")],
            },
            t(" b"),
        ]);
        assert_eq!(got, vec![t("a b")]);
    }

    #[test]
    fn nbsp_is_content_not_collapsible_space() {
        let got = tidy(vec![t("\u{a0}a\u{a0}\u{a0}b ")]);
        assert_eq!(got, vec![t("\u{a0}a\u{a0}\u{a0}b")]);
    }

    #[test]
    fn neighbouring_emphasis_merges() {
        let got = tidy(vec![
            Emphasis {
                content: vec![t("a")],
            },
            Emphasis {
                content: vec![t("b")],
            },
        ]);
        assert_eq!(
            got,
            vec![Emphasis {
                content: vec![t("ab")]
            }]
        );
    }
}
