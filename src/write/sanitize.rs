//! What every writer lets through: raw HTML cleaned by ammonia, and link targets limited to
//! schemes that cannot run code.
//!
//! Raw HTML in the model (a `wp:html` block, a `<video>` WordPress rendered) is kept because it
//! has no Markdown equivalent, not because it is trusted: scripts, event handlers, `style`,
//! `javascript:`/`data:` URLs and iframes outside an allow-list of embed providers never reach
//! the output, whatever the output format.

use crate::model::{Block, Inline, Media};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Hosts whose players may be embedded with an `<iframe>`.
const EMBED_HOSTS: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "w.soundcloud.com",
    "open.spotify.com",
    "embed.ted.com",
    "www.dailymotion.com",
    "video.wordpress.com",
    "videopress.com",
    "codepen.io",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "video",
            "audio",
            "source",
            "track",
            "iframe",
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
            "cite",
        ])
        .add_tag_attributes(
            "video",
            [
                "src",
                "controls",
                "poster",
                "width",
                "height",
                "loop",
                "muted",
                "playsinline",
            ],
        )
        .add_tag_attributes("audio", ["src", "controls", "loop", "muted"])
        .add_tag_attributes("source", ["src", "type"])
        .add_tag_attributes("track", ["src", "kind", "srclang", "label"])
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "title", "allowfullscreen"],
        )
        .add_tag_attributes("img", ["width", "height", "loading"])
        .url_schemes(HashSet::from(SCHEMES))
        .attribute_filter(|element, attribute, value| {
            if element == "iframe" && attribute == "src" {
                return embeddable(value).then(|| value.into());
            }
            Some(value.into())
        })
        // No `target` survives, so no page opened from a link can reach back: `rel` would
        // only be noise, and cleaning the tool's own HTML must change nothing.
        .link_rel(None);
    builder
});

/// Raw HTML with everything that could run code removed.
pub fn html(raw: &str) -> String {
    let cleaned = CLEANER.clean(raw).to_string();
    // An iframe whose source was refused is an empty frame: drop it. A no-break space is
    // written as the character it is, as in every other output (the serializer spells it
    // `&nbsp;`), so that cleaning clean HTML changes nothing.
    cleaned
        .replace("<iframe></iframe>", "")
        .replace("&nbsp;", "\u{a0}")
}

/// Whether an iframe source is a known provider's player.
fn embeddable(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("//"))
    else {
        return false;
    };
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = &rest[host.len()..];
    // Google's host serves any page (`/url?q=` redirects anywhere); only its map player
    // is an embed.
    EMBED_HOSTS.contains(&host.as_str())
        || (host == "www.google.com" && path.starts_with("/maps/embed"))
}

/// The schemes a link may have: the web's, and those that name a place or an address (news
/// groups, FTP, chat, phone and message numbers, map points); none of them runs code.
const SCHEMES: [&str; 12] = [
    "http", "https", "mailto", "tel", "news", "nntp", "ftp", "irc", "ircs", "xmpp", "sms", "geo",
];

/// A link or image target that is safe to write: relative, or one of [`SCHEMES`]. `None` for
/// `javascript:`, `vbscript:`, `data:`, `file:` and any other scheme.
///
/// The scheme is judged as a renderer will see it: after character references are decoded
/// (Markdown renderers decode `&#106;avascript:` and `javascript&colon;` in destinations),
/// with ASCII whitespace and controls removed (browsers ignore them: `jav\tascript:`).
pub fn url(url: &str) -> Option<&str> {
    // The first 256 characters (a URL of 256 bytes or fewer has no more).
    let prefix = match url.len() <= 256 {
        true => url,
        false => &url[..url.char_indices().nth(256).map_or(url.len(), |(i, _)| i)],
    };
    let plain = !prefix
        .bytes()
        .any(|b| b == b'&' || b.is_ascii_whitespace() || b.is_ascii_control());
    let safe = if plain {
        // Nothing to decode or remove: the usual URL.
        has_safe_scheme(prefix)
    } else {
        let mut decoded = prefix.to_string();
        // Twice-encoded references decode once per renderer that reads them.
        for _ in 0..3 {
            let again = crate::read::wordpress::decode_entities(&decoded);
            if again == decoded {
                break;
            }
            decoded = again;
        }
        let compact: String = decoded
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .collect();
        has_safe_scheme(&compact)
    };
    safe.then_some(url)
}

/// Whether a URL as a renderer sees it (references decoded, whitespace and controls removed)
/// is relative or has a scheme of [`SCHEMES`].
fn has_safe_scheme(compact: &str) -> bool {
    let scheme_end = compact.find(':');
    let first_slash = compact
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'));
    let has_scheme = match (scheme_end, first_slash) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    if !has_scheme {
        // No scheme: relative, unless a reference left undecoded (`&#106avascript:`,
        // which browsers decode without the `;`) hides one.
        let head = &compact[..first_slash.unwrap_or(compact.len())];
        return !head.contains('&') || !compact.contains(':');
    }
    let scheme = &compact[..scheme_end.unwrap_or(0)];
    scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// The document tree as any output may show it, for outputs that hand the tree itself to
/// someone else's renderer (JSON `content`): raw HTML cleaned like [`html`], a link with an
/// unsafe target reduced to its text, an image with an unsafe source to its alt text, and
/// unsafe embeds and figure links left out.
pub fn tree(blocks: &[Block]) -> Vec<Block> {
    let mut blocks = blocks.to_vec();
    clean_blocks(&mut blocks);
    blocks
}

fn clean_blocks(blocks: &mut Vec<Block>) {
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => clean_inlines(content),
            Block::List(list) => list
                .items
                .iter_mut()
                .for_each(|i| clean_blocks(&mut i.blocks)),
            Block::BlockQuote {
                blocks,
                attribution,
            } => {
                clean_blocks(blocks);
                clean_inlines(attribution);
            }
            Block::Table(table) => {
                clean_inlines(&mut table.caption);
                for row in table.head.iter_mut().chain(table.body.iter_mut()) {
                    row.cells
                        .iter_mut()
                        .for_each(|c| clean_blocks(&mut c.blocks));
                }
            }
            Block::Figure { media, caption } => {
                clean_inlines(caption);
                match media {
                    Media::Image { src, link, .. } => {
                        if url(src).is_none() {
                            src.clear();
                        }
                        if link.as_deref().is_some_and(|l| url(l).is_none()) {
                            *link = None;
                        }
                    }
                    Media::Embed { url: target, .. } => {
                        if url(target).is_none() {
                            target.clear();
                        }
                    }
                }
            }
            Block::Embed { url: target, .. } => {
                if url(target).is_none() {
                    target.clear();
                }
            }
            Block::RawHtml { html: raw } => *raw = html(raw),
            Block::CodeBlock { .. } | Block::ThematicBreak => {}
        }
    }
    blocks.retain(|block| match block {
        Block::RawHtml { html } => !html.trim().is_empty(),
        Block::Embed { url, .. } => !url.is_empty(),
        _ => true,
    });
}

fn clean_inlines(inlines: &mut Vec<Inline>) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in std::mem::take(inlines) {
        if let Some(children) = inline.children_mut() {
            clean_inlines(children);
        }
        match inline {
            Inline::Link {
                url: target,
                content,
                ..
            } if url(&target).is_none() => out.extend(content),
            Inline::Image { src, alt, .. } if url(&src).is_none() => {
                if !alt.is_empty() {
                    out.push(Inline::Text { text: alt });
                }
            }
            Inline::RawHtml { html: raw } => {
                let cleaned = html(&raw);
                if !cleaned.is_empty() {
                    out.push(Inline::RawHtml { html: cleaned });
                }
            }
            inline => out.push(inline),
        }
    }
    *inlines = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_styles_and_foreign_frames_go() {
        let cleaned = html(
            "<p onclick=\"x()\" style=\"color:red\">Hi<script>alert(1)</script></p><iframe src=\"https://evil.example/x\"></iframe><iframe src=\"https://www.youtube.com/embed/abc\"></iframe><a href=\"javascript:alert(1)\">x</a>",
        );
        assert!(
            !cleaned.contains("script")
                && !cleaned.contains("onclick")
                && !cleaned.contains("style"),
            "{cleaned}"
        );
        assert!(
            !cleaned.contains("evil.example") && !cleaned.contains("javascript"),
            "{cleaned}"
        );
        assert!(
            cleaned.contains("https://www.youtube.com/embed/abc"),
            "{cleaned}"
        );
        assert!(html("<video controls src=\"https://e.com/a.mp4\"></video>").contains("<video"));
    }

    #[test]
    fn maps_are_the_only_google_pages_embedded() {
        let frame = |src: &str| html(&format!("<iframe src=\"{src}\"></iframe>"));
        assert!(frame("https://www.google.com/maps/embed?pb=1").contains("maps/embed"));
        for foreign in [
            "https://www.google.com/url?q=https://evil.example",
            "https://evil.example/maps/embed?pb=1",
        ] {
            assert!(!frame(foreign).contains("iframe"), "{foreign}");
        }
    }

    #[test]
    fn the_tree_keeps_what_is_safe_and_reduces_what_is_not() {
        use crate::model::Inline;
        let text = |t: &str| Inline::Text { text: t.into() };
        let link = |url: &str, t: &str| Inline::Link {
            url: url.into(),
            title: None,
            content: vec![text(t)],
        };
        let image = |src: &str, alt: &str| Inline::Image {
            src: src.into(),
            alt: alt.into(),
            title: None,
        };
        let figure = |src: &str, link: &str| Block::Figure {
            media: Media::Image {
                src: src.into(),
                alt: String::new(),
                title: None,
                link: Some(link.into()),
            },
            caption: vec![link_to_text()],
        };
        fn link_to_text() -> Inline {
            Inline::Link {
                url: "vbscript:x".into(),
                title: None,
                content: vec![Inline::Text { text: "cap".into() }],
            }
        }
        let embed = |url: &str| Block::Embed {
            url: url.into(),
            provider: None,
        };
        let blocks = vec![
            Block::Paragraph {
                content: vec![
                    link("https://e.com/", "safe"),
                    link("javascript:alert(1)", "unsafe"),
                    image("/a.png", "kept"),
                    image("data:image/svg+xml,x", "alt"),
                    image("javascript:x", ""),
                    Inline::RawHtml {
                        html: "<b onclick=\"x()\">b</b>".into(),
                    },
                    Inline::RawHtml {
                        html: "<script>x()</script>".into(),
                    },
                ],
            },
            Block::RawHtml {
                html: "<p>raw<script>x()</script></p>".into(),
            },
            Block::RawHtml {
                html: "<script>only()</script>".into(),
            },
            embed("javascript:x"),
            embed("https://www.youtube.com/watch?v=1"),
            figure("javascript:x", "javascript:y"),
            figure("/b.png", "/b-full.png"),
        ];
        let cleaned = tree(&blocks);
        let expected = vec![
            Block::Paragraph {
                content: vec![
                    link("https://e.com/", "safe"),
                    text("unsafe"),
                    image("/a.png", "kept"),
                    text("alt"),
                    Inline::RawHtml {
                        html: "<b>b</b>".into(),
                    },
                ],
            },
            Block::RawHtml {
                html: "<p>raw</p>".into(),
            },
            embed("https://www.youtube.com/watch?v=1"),
            Block::Figure {
                media: Media::Image {
                    src: String::new(),
                    alt: String::new(),
                    title: None,
                    link: None,
                },
                caption: vec![text("cap")],
            },
            Block::Figure {
                media: Media::Image {
                    src: "/b.png".into(),
                    alt: String::new(),
                    title: None,
                    link: Some("/b-full.png".into()),
                },
                caption: vec![text("cap")],
            },
        ];
        assert_eq!(cleaned, expected);
    }

    #[test]
    fn only_harmless_link_schemes_pass() {
        for ok in [
            "https://e.com/a",
            "/relative",
            "page.html",
            "#anchor",
            "mailto:a@b.c",
            "?q=1",
            "a/b:c",
            "tel:+15551234",
            // Places and addresses that run no code (a news group WordPress posts link to).
            "news:comp.lang.rust",
            "ftp://ftp.example.org/pub/",
            "irc://irc.libera.chat/rust",
            // Leading spaces are stripped by browsers: the scheme is judged without them.
            " https://e.com/a",
            // An ampersand in a relative name is no hidden reference without a colon.
            "a&b.html",
        ] {
            assert_eq!(url(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "jav\tascript:x",
            " javascript:x",
            "vbscript:x",
            "data:text/html,x",
            "\u{1}javascript:x",
            // Schemes not on the list, whatever they are.
            "a:b/c",
            "file:///etc/passwd",
            "&#106;avascript:x",
            "javascript&colon;x",
            "&amp;#106;avascript:x",
        ] {
            assert_eq!(url(bad), None, "{bad:?}");
        }
    }
}
