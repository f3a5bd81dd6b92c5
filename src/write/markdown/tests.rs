//! The Markdown writer, one construct at a time, on documents built by hand so that each test
//! shows exactly what goes in and what comes out.

use super::*;
use crate::model::{Cell, ListItem, Meta, Row};

fn t(text: &str) -> Inline {
    Inline::text(text)
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph { content }
}

fn md(blocks: Vec<Block>) -> String {
    let document = Document {
        meta: Meta::default(),
        blocks,
        comments: Vec::new(),
    };
    write(&document, &Options::default()).text
}

fn md_inline(content: Vec<Inline>) -> String {
    md(vec![p(content)]).trim_end().to_string()
}

fn list(ordered: bool, start: u64, tight: bool, items: Vec<Vec<Block>>) -> Block {
    Block::List(List {
        ordered,
        start,
        tight,
        items: items
            .into_iter()
            .map(|blocks| ListItem { blocks })
            .collect(),
    })
}

#[test]
fn headings_are_atx_and_keep_trailing_hashes_as_text() {
    let heading = |level, text: &str| Block::Heading {
        level,
        content: vec![t(text)],
        id: None,
    };
    assert_eq!(
        md(vec![
            heading(1, "Title"),
            heading(3, "Learn C#"),
            heading(2, "Issue #")
        ]),
        "# Title\n\n### Learn C#\n\n## Issue \\#\n"
    );
}

#[test]
fn line_starts_that_would_become_markup_are_escaped() {
    for (text, expected) in [
        ("1986. A great year", "1986\\. A great year"),
        ("2) second", "2\\) second"),
        ("# not a heading", "\\# not a heading"),
        ("#hashtag is fine", "#hashtag is fine"),
        ("- not a bullet", "\\- not a bullet"),
        ("+ not a bullet", "\\+ not a bullet"),
        ("* not a bullet", "\\* not a bullet"),
        ("> not a quote", "\\> not a quote"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("-5 degrees", "-5 degrees"),
        // A setext underline of any length, after a line of text.
        ("Title\n--", "Title\n\\--"),
        ("Title\n=", "Title\n\\="),
        // A one-column GFM delimiter row needs no pipe: `.` would become a table header.
        (".\n-:\nd", ".\n\\-:\nd"),
        ("a\n:-:", "a\n\\:-:"),
        ("5:-) smile", "5:-) smile"),
        // Line tabulation is blank: `*` before it would open a list item.
        ("*\u{b}x", "\\* x"),
    ] {
        assert_eq!(md_inline(vec![t(text)]), expected, "{text}");
    }
}

#[test]
fn ordinary_prose_carries_no_backslashes() {
    for text in [
        "Vue.js and ASP.NET, i.e. frameworks",
        "It costs 2.75 dollars, or 3-4 euros.",
        "C# and F# are languages; so is C++.",
        "snake_case_names stay, and 2 * 3 = 6",
        "Dr. Who (1963) asked: what? Yes! 50% off.",
        "a < b and c > d, R&D, AT&T",
        "Email editor@example.com or visit example.com/path.",
        "Emoji 🎉, CJK 日本語, RTL שלום, and NBSP\u{a0}here.",
        "He said \"hi\" and 'bye' — then left…",
    ] {
        assert_eq!(md_inline(vec![t(text)]), text);
    }
}

#[test]
fn text_that_would_become_inline_markup_is_escaped() {
    for (text, expected) in [
        ("*not emphasis*", "\\*not emphasis\\*"),
        ("_not emphasis_", "\\_not emphasis\\_"),
        ("**not strong**", "\\*\\*not strong\\*\\*"),
        ("~~not struck~~", "\\~\\~not struck\\~\\~"),
        // Brackets make a link only before `(`, `[` or (a definition) `:`.
        ("[not a link]", "[not a link]"),
        (
            "[gallery ids=\"1,2\"] and [sic]",
            "[gallery ids=\"1,2\"] and [sic]",
        ),
        ("[x]: http://a.org", "\\[x]: http://a.org"),
        ("[a][b]", "\\[a][b]"),
        ("[text](not-a-url)", "\\[text](not-a-url)"),
        ("<notatag>", "\\<notatag>"),
        ("</div>", "\\</div>"),
        ("`not code`", "\\`not code\\`"),
        ("&amp; as text", "\\&amp; as text"),
        ("&#8212; too", "\\&#8212; too"),
        ("back\\slash*", "back\\slash\\*"),
        ("ends with \\", "ends with \\\\"),
        ("\\*star", "\\\\\\*star"),
        ("a\\b stays", "a\\b stays"),
    ] {
        assert_eq!(md_inline(vec![t(text)]), expected, "{text}");
    }
}

#[test]
fn emphasis_strong_and_strikethrough() {
    let em = |c| Inline::Emphasis { content: c };
    let strong = |c| Inline::Strong { content: c };
    assert_eq!(
        md_inline(vec![
            t("a "),
            em(vec![t("b")]),
            t(" "),
            strong(vec![t("c")]),
            t(" "),
            Inline::Strikethrough {
                content: vec![t("d")]
            },
        ]),
        "a *b* **c** ~~d~~"
    );
    // Intraword emphasis works with `*`.
    assert_eq!(
        md_inline(vec![t("un"), em(vec![t("believ")]), t("able")]),
        "un*believ*able"
    );
    // Strong around emphasis cannot use `**` next to `*`.
    assert_eq!(
        md_inline(vec![strong(vec![em(vec![t("both")])])]),
        "__*both*__"
    );
    // Punctuation inside, a letter outside: `**` would not close; `__` would not either.
    assert_eq!(
        md_inline(vec![strong(vec![t("\"Hello\"")]), t("world")]),
        "<strong>\"Hello\"</strong>world"
    );
    // Superscript and subscript have no Markdown: HTML.
    assert_eq!(
        md_inline(vec![
            t("E=mc"),
            Inline::Superscript {
                content: vec![t("2")]
            },
            t(" H"),
            Inline::Subscript {
                content: vec![t("2")]
            },
            t("O")
        ]),
        "E=mc<sup>2</sup> H<sub>2</sub>O"
    );
}

#[test]
fn inline_code_uses_a_fence_longer_than_its_backticks() {
    let code = |s: &str| Inline::Code { text: s.into() };
    assert_eq!(md_inline(vec![code("fetch()")]), "`fetch()`");
    assert_eq!(md_inline(vec![code("a `b` c")]), "``a `b` c``");
    assert_eq!(md_inline(vec![code("`tick")]), "`` `tick ``");
    assert_eq!(md_inline(vec![code("*not emphasis*")]), "`*not emphasis*`");
}

#[test]
fn a_link_written_as_its_text_is_escaped_with_its_neighbours() {
    let unsafe_link = |text: &str| Inline::Link {
        url: "javascript:x".into(),
        title: None,
        content: vec![t(text)],
    };
    let link = Inline::Link {
        url: "e".into(),
        title: None,
        content: vec![t("N")],
    };
    // `!` from the unsafe link would make the next link an image.
    assert_eq!(md_inline(vec![unsafe_link("!"), link]), "\\![N](e)");
    // `1` from the unsafe link and `.` after it would start an ordered list.
    assert_eq!(md_inline(vec![unsafe_link("1"), t(". x")]), "1\\. x");
    // Two texts side by side are one line start too.
    assert_eq!(md_inline(vec![t("-"), t(" x")]), "\\- x");
}

#[test]
fn links_images_and_autolinks() {
    let link = |url: &str, title: Option<&str>, content| Inline::Link {
        url: url.into(),
        title: title.map(str::to_string),
        content,
    };
    let image = |src: &str, alt: &str| Inline::Image {
        src: src.into(),
        alt: alt.into(),
        title: None,
    };
    assert_eq!(
        md_inline(vec![link(
            "https://example.com/a",
            Some("A \"title\""),
            vec![t("text")]
        )]),
        "[text](https://example.com/a \"A \\\"title\\\"\")"
    );
    assert_eq!(
        md_inline(vec![link(
            "https://en.wikipedia.org/wiki/Fish_(food)",
            None,
            vec![t("balanced")]
        )]),
        "[balanced](https://en.wikipedia.org/wiki/Fish_(food))"
    );
    assert_eq!(
        md_inline(vec![link(
            "https://example.com/a b (c",
            None,
            vec![t("spaces")]
        )]),
        "[spaces](<https://example.com/a b (c>)"
    );
    assert_eq!(
        md_inline(vec![link(
            "https://example.com/",
            None,
            vec![t("https://example.com/")]
        )]),
        "<https://example.com/>"
    );
    assert_eq!(
        md_inline(vec![link(
            "https://example.com/big.jpg",
            None,
            vec![image("https://example.com/small.jpg", "A [small] image")]
        )]),
        "[![A \\[small\\] image](https://example.com/small.jpg)](https://example.com/big.jpg)"
    );
    assert_eq!(
        md_inline(vec![link("/x", None, vec![t("a [b] c")])]),
        "[a \\[b\\] c](/x)"
    );
}

#[test]
fn hard_line_breaks_and_what_follows_them() {
    assert_eq!(
        md_inline(vec![
            t("one"),
            Inline::LineBreak,
            t("- two"),
            Inline::LineBreak,
            t("three")
        ]),
        "one\\\n\\- two\\\nthree"
    );
}

#[test]
fn lists_nest_three_deep_with_code_and_quotes_inside_items() {
    let code = Block::CodeBlock {
        language: Some("sh".into()),
        text: "echo hi\n".into(),
    };
    let quote = Block::BlockQuote {
        blocks: vec![p(vec![t("quoted")])],
        attribution: vec![],
    };
    let third = list(true, 1, true, vec![vec![p(vec![t("three")]), code]]);
    let second = list(
        false,
        1,
        true,
        vec![
            vec![p(vec![t("two")]), third],
            vec![p(vec![t("quote:")]), quote],
        ],
    );
    let first = list(
        false,
        1,
        true,
        vec![vec![p(vec![t("one")]), second], vec![p(vec![t("back")])]],
    );
    assert_eq!(
        md(vec![first]),
        "- one\n  - two\n    1. three\n       ```sh\n       echo hi\n       ```\n  - quote:\n    > quoted\n- back\n"
    );
}

#[test]
fn loose_lists_ordered_starts_and_neighbouring_lists() {
    let loose = list(
        true,
        7,
        false,
        vec![
            vec![p(vec![t("a")]), p(vec![t("b")])],
            vec![p(vec![t("c")])],
        ],
    );
    assert_eq!(md(vec![loose]), "7. a\n\n   b\n\n8. c\n");
    // Two bullet lists in a row would merge into one: the second gets another marker.
    let a = list(false, 1, true, vec![vec![p(vec![t("a")])]]);
    let b = list(false, 1, true, vec![vec![p(vec![t("b")])]]);
    assert_eq!(md(vec![a, b]), "- a\n\n* b\n");
    // A tight item holding two paragraphs cannot stay tight.
    let two = list(false, 1, true, vec![vec![p(vec![t("a")]), p(vec![t("b")])]]);
    assert_eq!(md(vec![two]), "- a\n\n  b\n");
    // Empty items.
    let empty = list(false, 1, true, vec![vec![], vec![p(vec![t("x")])]]);
    assert_eq!(md(vec![empty]), "-\n- x\n");
    // A nested list whose first item writes nothing cannot interrupt the paragraph before
    // it, nor can one that starts past 1: the item becomes loose.
    for first in [
        vec![],
        vec![p(vec![Inline::Strong {
            content: vec![t(" ")],
        }])],
    ] {
        let nested = list(true, 1, true, vec![first, vec![p(vec![t("b")])]]);
        let outer = list(false, 1, true, vec![vec![p(vec![t("a")]), nested]]);
        assert_eq!(md(vec![outer]), "- a\n\n  1.\n  2. b\n");
    }
    let from_three = list(true, 3, true, vec![vec![p(vec![t("b")])]]);
    let outer = list(false, 1, true, vec![vec![p(vec![t("a")]), from_three]]);
    assert_eq!(md(vec![outer]), "- a\n\n  3. b\n");
}

#[test]
fn code_blocks_fence_longer_than_any_backtick_run_inside() {
    let block = Block::CodeBlock {
        language: Some("markdown".into()),
        text: "```js\nx\n```\n````\n".into(),
    };
    assert_eq!(
        md(vec![block]),
        "`````markdown\n```js\nx\n```\n````\n`````\n"
    );
}

#[test]
fn block_quotes_with_attribution_and_nesting() {
    let inner = Block::BlockQuote {
        blocks: vec![p(vec![t("inner")])],
        attribution: vec![],
    };
    let outer = Block::BlockQuote {
        blocks: vec![p(vec![t("outer")]), inner],
        attribution: vec![t("Someone")],
    };
    assert_eq!(md(vec![outer]), "> outer\n>\n> > inner\n>\n> — Someone\n");
}

fn cell(content: Vec<Inline>) -> Cell {
    Cell::from_inlines(content)
}

#[test]
fn pipe_tables_escape_pipes_and_turn_breaks_into_br() {
    let table = Table {
        caption: vec![t("Caption")],
        alignments: vec![Alignment::Left, Alignment::Right],
        head: vec![Row {
            cells: vec![cell(vec![t("Name")]), cell(vec![t("a | b")])],
        }],
        body: vec![
            Row {
                cells: vec![
                    cell(vec![Inline::Code {
                        text: "x | y".into(),
                    }]),
                    cell(vec![t("one"), Inline::LineBreak, t("two")]),
                ],
            },
            Row {
                cells: vec![cell(vec![t("short row")])],
            },
        ],
    };
    assert_eq!(
        md(vec![Block::Table(table)]),
        "| Name      | a \\| b     |\n| :-------- | ---------: |\n| `x \\| y`  | one<br>two |\n| short row |            |\n\n*Caption*\n"
    );
}

#[test]
fn tables_a_pipe_table_cannot_hold_are_html_and_reported() {
    let mut spanning = cell(vec![t("wide")]);
    spanning.colspan = 2;
    let table = Table {
        head: vec![Row {
            cells: vec![spanning],
        }],
        body: vec![Row {
            cells: vec![
                cell(vec![t("a")]),
                Cell {
                    blocks: vec![p(vec![t("one")]), p(vec![t("two")])],
                    colspan: 1,
                    rowspan: 1,
                },
            ],
        }],
        ..Table::default()
    };
    let document = Document {
        meta: Meta::default(),
        blocks: vec![Block::Table(table)],
        comments: Vec::new(),
    };
    let output = write(&document, &Options::default());
    assert_eq!(
        output.text,
        "<table>\n<thead>\n<tr><th colspan=\"2\">wide</th></tr>\n</thead>\n<tbody>\n<tr><td>a</td><td><p>one</p>\n<p>two</p>\n</td></tr>\n</tbody>\n</table>\n"
    );
    assert_eq!(output.warnings.len(), 1);
    assert!(output.warnings[0].message.contains("table 1"));
}

#[test]
fn figures_embeds_breaks_and_raw_html() {
    let figure = Block::Figure {
        media: Media::Image {
            src: "https://example.com/a.jpg".into(),
            alt: "Harbour".into(),
            title: None,
            link: Some("https://example.com/a-full.jpg".into()),
        },
        caption: vec![t("At dusk")],
    };
    let embed = Block::Embed {
        url: "https://www.youtube.com/watch?v=x".into(),
        provider: Some("youtube".into()),
    };
    let raw = Block::RawHtml {
        html: "<video src=\"a.mp4\">fallback</video>".into(),
    };
    assert_eq!(
        md(vec![figure, Block::ThematicBreak, embed, raw]),
        "[![Harbour](https://example.com/a.jpg)](https://example.com/a-full.jpg)\n\n*At dusk*\n\n* * *\n\n<https://www.youtube.com/watch?v=x>\n\n<video src=\"a.mp4\">\nfallback</video>\n"
    );
}

#[test]
fn raw_html_blocks_lose_their_blank_lines_so_they_stay_one_block() {
    let raw = Block::RawHtml {
        html: "<div>\n\n  <p>a</p>\n\n</div>".into(),
    };
    assert_eq!(md(vec![raw]), "<div>\n  <p>a</p>\n</div>\n");
}

#[test]
fn front_matter_comes_first_and_can_be_left_out() {
    let document = Document {
        meta: Meta {
            title: Some("Hello".into()),
            ..Meta::default()
        },
        blocks: vec![p(vec![t("Body")])],
        comments: Vec::new(),
    };
    assert_eq!(
        write(&document, &Options::default()).text,
        "---\ntitle: Hello\n---\n\nBody\n"
    );
    let options = Options {
        front_matter: false,
        ..Default::default()
    };
    assert_eq!(write(&document, &options).text, "Body\n");
}

#[test]
fn an_empty_document_is_empty() {
    assert_eq!(md(vec![]), "");
}

#[test]
fn zola_shortcodes_are_escaped_and_other_braces_kept() {
    let escape = |text: &str| escape_zola_shortcodes(text.to_string());
    assert_eq!(
        escape("a {{ youtube(id=\"x\") }} b {% quote(by=\"A\") %}q{% end %}"),
        "a {{/* youtube(id=\"x\") */}} b {%/* quote(by=\"A\") */%}q{% end %}"
    );
    assert_eq!(
        escape("{{ site.title }} {% if x %} {{ open("),
        "{{ site.title }} {% if x %} {{ open("
    );
    assert_eq!(escape("plain { brace"), "plain { brace");
}

#[test]
fn hugo_shortcodes_are_escaped_closed_or_not() {
    let escape = |text: &str| escape_hugo_shortcodes(text.to_string());
    assert_eq!(
        escape("a {{< youtube x >}} b {{% n %}}t{{% /n %}}"),
        "a {{</* youtube x */>}} b {{%/* n */%}}t{{%/* /n */%}}"
    );
    assert_eq!(escape("open {{< x"), "open {{\\< x");
    assert_eq!(escape("{{ liquid }} {{<"), "{{ liquid }} {{\\<");
    assert_eq!(escape("plain"), "plain");
}

fn kramdown(blocks: Vec<Block>) -> String {
    let document = Document {
        meta: Meta::default(),
        blocks,
        comments: Vec::new(),
    };
    let options = Options {
        front_matter: false,
        preset: Preset::Jekyll,
        ..Options::default()
    };
    write(&document, &options).text
}

/// Jekyll's kramdown reads some CommonMark differently: the Jekyll preset writes around it
/// (and tests/generators.rs compares kramdown with CommonMark on every export).
#[test]
fn jekyll_markdown_is_read_alike_by_kramdown() {
    // A line holding `|` is a table row to kramdown; a URL's `|` is encoded.
    let link = Inline::Link {
        url: "https://x.org/?a|b".into(),
        title: None,
        content: vec![t("a|b")],
    };
    assert_eq!(
        kramdown(vec![p(vec![t("Either | or "), link.clone()])]),
        "Either \\| or [a\\|b](https://x.org/?a%7Cb)\n"
    );
    assert_eq!(md_inline(vec![t("Either | or")]), "Either | or");
    // `_` touching a word, and `*` whose neighbours are not known (a link's text).
    assert_eq!(
        kramdown(vec![p(vec![t("img_2015_4-_-1.jpg and 2 * 3")])]),
        "img\\_2015\\_4-\\_-1.jpg and 2 * 3\n"
    );
    // Bold inside bold, italic inside italic: written once.
    let nested = Inline::Strong {
        content: vec![
            t("bold "),
            Inline::Strong {
                content: vec![t("text.")],
            },
        ],
    };
    assert_eq!(kramdown(vec![p(vec![nested])]), "**bold text.**\n");
    // Neighbouring lists end with a comment (kramdown reads no `1)` and continues a list
    // across `-` and `*`); a list from 4 says so; an empty item is not a bare marker.
    let item = |text: &str| vec![p(vec![t(text)])];
    assert_eq!(
        kramdown(vec![
            list(false, 1, true, vec![item("a"), vec![]]),
            list(false, 1, true, vec![item("b")]),
            list(true, 4, true, vec![item("c")]),
        ]),
        "- a\n- <!-- -->\n\n<!-- -->\n\n- b\n\n{: start=\"4\"}\n4. c\n"
    );
    // A code span starting with a blank, and a table of one row.
    assert_eq!(
        kramdown(vec![p(vec![Inline::Code {
            text: " $x = 1;".into()
        }])]),
        "`` $x = 1;``\n"
    );
    let one_row = Table {
        head: vec![Row {
            cells: vec![cell(vec![t("Only")])],
        }],
        ..Table::default()
    };
    assert!(kramdown(vec![Block::Table(one_row.clone())]).starts_with("<table>"));
    assert!(md(vec![Block::Table(one_row)]).starts_with("| Only |"));
}

#[test]
fn inert_bytes_are_inert_characters() {
    // The byte table stops the escaping's fast run exactly where the character test would:
    // on ASCII by the test itself, and never inside a character outside ASCII.
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let mut bytes = [0; 4];
        let first = c.encode_utf8(&mut bytes).as_bytes()[0];
        assert_eq!(INERT[first as usize], is_inert(c), "{c:?}");
    }
    // Runs of inert characters of every width, between characters that are escaped or not.
    let text = "é*b* [x] 1_2 a_b ~~s~~ `c` <t> &amp; | ! \\ 漢字 🎉 ~";
    assert_eq!(
        md(vec![p(vec![t(text)])]),
        "é\\*b\\* [x] 1_2 a_b \\~\\~s\\~\\~ \\`c\\` \\<t> \\&amp; | ! \\ 漢字 🎉 ~\n"
    );
}
