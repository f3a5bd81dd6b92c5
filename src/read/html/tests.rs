//! The HTML reader on small inputs: what each element becomes in the model.

use super::*;
use crate::model::{Alignment, Block, Inline, MAX_DEPTH, Media};

fn blocks(html: &str) -> Vec<Block> {
    read(html).document.blocks
}

fn t(text: &str) -> Inline {
    Inline::text(text)
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph { content }
}

#[test]
fn paragraphs_headings_and_loose_text() {
    assert_eq!(
        blocks("<h2 id=\"intro\">Intro</h2><p>One</p>Loose <b>text</b><div>In a div</div>"),
        vec![
            Block::Heading {
                level: 2,
                content: vec![t("Intro")],
                id: Some("intro".into())
            },
            para(vec![t("One")]),
            para(vec![
                t("Loose "),
                Inline::Strong {
                    content: vec![t("text")]
                }
            ]),
            para(vec![t("In a div")]),
        ]
    );
}

#[test]
fn whitespace_collapses_like_a_browser_except_in_pre() {
    assert_eq!(
        blocks("<p>\n  Hello,\n\t<em> big </em>   world  </p><pre>  keep\n    this  </pre>"),
        vec![
            para(vec![
                t("Hello, "),
                Inline::Emphasis {
                    content: vec![t("big")]
                },
                t(" world")
            ]),
            Block::CodeBlock {
                language: None,
                text: "  keep\n    this  ".into()
            },
        ]
    );
}

#[test]
fn whitespace_between_inline_elements_is_kept() {
    assert_eq!(
        blocks("<p><b>bold</b> <i>italic</i><span> </span><code>code</code></p>"),
        vec![para(vec![
            Inline::Strong {
                content: vec![t("bold")]
            },
            t(" "),
            Inline::Emphasis {
                content: vec![t("italic")]
            },
            t(" "),
            Inline::Code {
                text: "code".into()
            },
        ])]
    );
}

#[test]
fn entities_are_decoded_exactly_once() {
    assert_eq!(
        blocks("<p>&amp;amp; &lt;b&gt; &#8220;q&#8221; &nbsp;x</p>"),
        vec![para(vec![t("&amp; <b> “q” \u{a0}x")])]
    );
}

#[test]
fn code_block_languages_from_every_convention() {
    for (html, language) in [
        (
            "<pre><code class=\"language-rust\">x</code></pre>",
            Some("rust"),
        ),
        ("<pre class=\"lang-python\">x</pre>", Some("python")),
        (
            "<pre class=\"brush: php; title: ; notranslate\">x</pre>",
            Some("php"),
        ),
        ("<pre data-lang=\"go\">x</pre>", Some("go")),
        ("<pre class=\"wp-block-code\"><code>x</code></pre>", None),
        ("<pre lang=\"en\">x</pre>", None),
    ] {
        assert_eq!(
            blocks(html),
            vec![Block::CodeBlock {
                language: language.map(str::to_string),
                text: "x".into()
            }],
            "{html}"
        );
    }
}

#[test]
fn lists_nest_and_know_tight_from_loose() {
    let got = blocks("<ol start=\"3\"><li>a<ul><li>b</li></ul></li><li><p>c</p></li></ol>");
    let Block::List(list) = &got[0] else {
        panic!("{got:?}")
    };
    assert!(list.ordered);
    assert_eq!(list.start, 3);
    assert!(!list.tight, "an item with <p> makes the list loose");
    assert_eq!(list.items.len(), 2);
    assert!(
        matches!(&list.items[0].blocks[1], Block::List(inner) if !inner.ordered && inner.tight)
    );
}

#[test]
fn tables_know_their_header_spans_alignment_and_caption() {
    let got = blocks(
        "<table><caption>Cap</caption><tr><th>A</th><th style=\"text-align: right\">B</th></tr>\
         <tr><td colspan=\"2\">wide</td></tr><tr><td>1</td><td>2<br>3</td></tr></table>",
    );
    let Block::Table(table) = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(table.caption, vec![t("Cap")]);
    assert_eq!(table.head.len(), 1, "a leading row of <th> is the header");
    assert_eq!(table.body.len(), 2);
    assert_eq!(table.alignments, vec![Alignment::Default, Alignment::Right]);
    assert_eq!(table.body[0].cells[0].colspan, 2);
    assert_eq!(
        table.pipe_table_obstacle(),
        Some("cells span several columns or rows")
    );
    assert_eq!(
        table.body[1].cells[1].inlines(),
        Some(&[t("2"), Inline::LineBreak, t("3")][..])
    );
}

#[test]
fn figures_from_html5_and_from_wordpress_captions() {
    let expected = Block::Figure {
        media: Media::Image {
            src: "https://e.com/a.jpg".into(),
            alt: "A".into(),
            title: None,
            link: Some("https://e.com/full.jpg".into()),
        },
        caption: vec![t("The caption")],
    };
    assert_eq!(
        blocks(
            "<figure><a href=\"https://e.com/full.jpg\"><img src=\"https://e.com/a.jpg\" alt=\"A\"></a><figcaption>The caption</figcaption></figure>"
        ),
        vec![expected.clone()]
    );
    assert_eq!(
        blocks(
            "<div class=\"wp-caption\"><a href=\"https://e.com/full.jpg\"><img src=\"https://e.com/a.jpg\" alt=\"A\"></a><p class=\"wp-caption-text\">The caption</p></div>"
        ),
        vec![expected]
    );
    // A Gutenberg table block: the figcaption is the table's caption.
    let got = blocks(
        "<figure class=\"wp-block-table\"><table><tr><td>x</td></tr><tr><td>y</td></tr></table><figcaption>Cap</figcaption></figure>",
    );
    assert!(
        matches!(&got[0], Block::Table(table) if table.caption == vec![t("Cap")]),
        "{got:?}"
    );
}

#[test]
fn embeds_point_at_the_page_the_player_shows() {
    assert_eq!(
        blocks(
            "<p><iframe src=\"https://www.youtube.com/embed/abc_123?feature=oembed\"></iframe></p>"
        ),
        vec![Block::Embed {
            url: "https://www.youtube.com/watch?v=abc_123".into(),
            provider: Some("youtube".into())
        }]
    );
    assert_eq!(
        blocks("<iframe src=\"//player.vimeo.com/video/42\"></iframe>"),
        vec![Block::Embed {
            url: "https://vimeo.com/42".into(),
            provider: Some("vimeo".into())
        }]
    );
}

#[test]
fn a_block_inside_a_paragraph_splits_it_in_reading_order() {
    assert_eq!(
        blocks("<p>before<iframe src=\"https://example.com/x\"></iframe>after</p>"),
        vec![
            para(vec![t("before")]),
            Block::Embed {
                url: "https://example.com/x".into(),
                provider: None
            },
            para(vec![t("after")]),
        ]
    );
}

#[test]
fn a_link_around_blocks_keeps_its_text() {
    let got = blocks("<a href=\"/post\"><div>Card title</div><div>Card text</div></a>");
    let text: Vec<String> = got
        .iter()
        .map(|b| match b {
            Block::Paragraph { content } => crate::model::plain_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(text, vec!["Card title", "Card text"]);
}

#[test]
fn quotes_take_their_citation_as_attribution() {
    assert_eq!(
        blocks("<blockquote><p>Words.</p><cite>Someone</cite></blockquote>"),
        vec![Block::BlockQuote {
            blocks: vec![para(vec![t("Words.")])],
            attribution: vec![t("Someone")]
        }]
    );
}

#[test]
fn images_lazy_loaded_and_emoji() {
    assert_eq!(
        blocks(
            "<p><img src=\"data:image/gif;base64,R0l\" data-lazy-src=\"https://e.com/real.jpg\" alt=\"Real\"> <img class=\"emoji\" alt=\"🎉\" src=\"https://s.w.org/images/core/emoji/1f389.svg\"></p>"
        ),
        vec![para(vec![
            Inline::Image {
                src: "https://e.com/real.jpg".into(),
                alt: "Real".into(),
                title: None
            },
            t(" 🎉")
        ])]
    );
}

#[test]
fn scripts_styles_and_hidden_elements_are_never_content() {
    assert_eq!(
        blocks(
            "<p>a<script>x()</script><style>p{}</style><span hidden>no</span><span style=\"display: none\">no</span><span class=\"screen-reader-text\">no</span><span class=\"off-screen\">no</span>b</p>"
        ),
        vec![para(vec![t("ab")])]
    );
}

#[test]
fn empty_elements_leave_nothing_behind() {
    assert_eq!(
        blocks(
            "<p></p><p> </p><h2></h2><ul></ul><blockquote></blockquote><p><em></em><strong> </strong><a href=\"x\"></a></p><table></table>"
        ),
        vec![]
    );
}

#[test]
fn script_links_are_not_links() {
    assert_eq!(
        blocks("<p><a href=\"javascript:alert(1)\">click</a></p>"),
        vec![para(vec![t("click")])]
    );
}

#[test]
fn a_fragment_keeps_what_a_page_would_call_furniture() {
    // In a post body, a `<div class="related">` is the author's content; only whole pages
    // have their furniture removed.
    assert_eq!(
        blocks("<div class=\"related\">See also</div>"),
        vec![para(vec![t("See also")])]
    );
    let page = "<html><body><article><p>Body text.</p><div class=\"related\">See also</div></article></body></html>";
    assert_eq!(blocks(page), vec![para(vec![t("Body text.")])]);
}

#[test]
fn nesting_past_the_depth_limit_is_flattened_not_lost() {
    let depth = MAX_DEPTH * 3;
    let html = format!(
        "{}deep{}",
        "<blockquote>".repeat(depth),
        "</blockquote>".repeat(depth)
    );
    let (levels, innermost) = quote_levels(&blocks(&html));
    // The model's documented cap is 48 containers; the reader's own frames (the document,
    // the article) take a few of them. Nesting up to there is kept, past it flattened.
    assert!((40..48).contains(&levels), "{levels} levels");
    assert_eq!(innermost, vec![para(vec![t("deep")])]);
    // Deep but real nesting (40 quotes) is kept whole, level for level.
    let html = format!(
        "{}deep{}",
        "<blockquote>".repeat(40),
        "</blockquote>".repeat(40)
    );
    assert_eq!(
        quote_levels(&blocks(&html)),
        (40, vec![para(vec![t("deep")])])
    );
}

/// How many block quotes nest one in another, and what the innermost holds.
fn quote_levels(blocks: &[Block]) -> (usize, Vec<Block>) {
    let mut levels = 0;
    let mut current = blocks;
    while let [Block::BlockQuote { blocks, .. }] = current {
        levels += 1;
        current = blocks;
    }
    (levels, current.to_vec())
}
