//! What WordPress does at render time, done by wpconvert: each export item below is written
//! the way WordPress stores it (block comments, classic line breaks, shortcodes), and the test
//! checks the Markdown a reader would get.

use std::collections::HashMap;
use wpconvert::read::wordpress::{self, Context, Index, Policy};
use wpconvert::read::wxr::{Item, MetaEntry, Site};
use wpconvert::write::markdown;

fn item(content: &str) -> Item {
    Item {
        title: "Test".into(),
        post_id: "100".into(),
        post_type: "post".into(),
        status: "publish".into(),
        post_date: "2020-05-01 10:00:00".into(),
        post_date_gmt: "2020-05-01 08:00:00".into(),
        content: content.into(),
        ..Item::default()
    }
}

fn convert_with(
    item: &Item,
    index: &Index,
    options: &wordpress::Options,
) -> (String, wpconvert::model::Document) {
    let site = Site::default();
    let authors = HashMap::new();
    let context = Context {
        site: &site,
        authors: &authors,
        index,
        options,
    };
    let (document, _) = wordpress::convert_item(item, &context);
    let options = markdown::Options {
        front_matter: false,
        ..Default::default()
    };
    (markdown::write(&document, &options).text, document)
}

fn body(content: &str) -> String {
    convert_with(&item(content), &Index::default(), &Default::default()).0
}

#[test]
fn classic_content_gets_paragraphs_and_line_breaks_but_not_inside_pre() {
    assert_eq!(
        body(
            "First paragraph\nwith a line break.\n\nSecond paragraph.\n\n<pre>code\n\nstays</pre>"
        ),
        "First paragraph\\\nwith a line break.\n\nSecond paragraph.\n\n```\ncode\n\nstays\n```\n"
    );
}

#[test]
fn block_content_is_not_autop_ed() {
    let content = "<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->";
    assert_eq!(body(content), "One line\n\nTwo\n");
}

#[test]
fn reusable_blocks_are_replaced_by_their_content() {
    let mut index = Index::default();
    let mut block =
        item("<!-- wp:paragraph -->\n<p>Reused everywhere.</p>\n<!-- /wp:paragraph -->");
    block.post_id = "42".into();
    block.post_type = "wp_block".into();
    index.add(&block);
    let post = item(
        "<!-- wp:paragraph --><p>Before.</p><!-- /wp:paragraph -->\n<!-- wp:block {\"ref\":42} /-->\n<!-- wp:block {\"ref\":7} /-->",
    );
    let (text, _) = convert_with(&post, &index, &Default::default());
    assert_eq!(text, "Before.\n\nReused everywhere.\n");
}

#[test]
fn html_blocks_stay_raw_and_sanitized() {
    let content = "<!-- wp:html -->\n<details><summary>More</summary><p>Hidden <b>text</b></p></details>\n<!-- /wp:html -->";
    assert_eq!(
        body(content),
        "<details><summary>More</summary><p>Hidden <b>text</b></p></details>\n"
    );
    let hostile = "<!-- wp:html -->\n<div onclick=\"steal()\" style=\"x\">Hi<script>steal()</script></div>\n<!-- /wp:html -->";
    assert_eq!(body(hostile), "<div>Hi</div>\n");
}

#[test]
fn verse_is_poetry_and_preformatted_is_code() {
    let content = "<!-- wp:verse -->\n<pre class=\"wp-block-verse\">Two roads diverged\nin a yellow wood</pre>\n<!-- /wp:verse -->\n\n<!-- wp:preformatted -->\n<pre class=\"wp-block-preformatted\">  kept   as is</pre>\n<!-- /wp:preformatted -->";
    assert_eq!(
        body(content),
        "Two roads diverged\\\nin a yellow wood\n\n```\n  kept   as is\n```\n"
    );
}

#[test]
fn embed_blocks_and_bare_urls_become_embeds() {
    let block = "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=abc\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=abc\n</div><figcaption>A video</figcaption></figure>\n<!-- /wp:embed -->";
    let (text, document) = convert_with(&item(block), &Index::default(), &Default::default());
    assert_eq!(text, "<https://www.youtube.com/watch?v=abc>\n\n*A video*\n");
    assert!(
        matches!(&document.blocks[0], wpconvert::model::Block::Figure { media: wpconvert::model::Media::Embed { provider: Some(p), .. }, .. } if p == "youtube")
    );
    // Classic: a URL alone on its line, as WordPress's auto-embed sees it.
    assert_eq!(
        body("Watch this:\n\nhttps://vimeo.com/12345\n\nNice."),
        "Watch this:\n\n<https://vimeo.com/12345>\n\nNice.\n"
    );
    // An unknown site stays a link in its paragraph.
    assert_eq!(
        body("See https://example.com/page for more."),
        "See https://example.com/page for more.\n"
    );
}

#[test]
fn more_makes_the_excerpt_and_nextpage_a_break() {
    let (text, document) = convert_with(
        &item("Teaser text.\n<!--more-->\nThe rest.\n<!--nextpage-->\nPage two."),
        &Index::default(),
        &Default::default(),
    );
    assert_eq!(document.meta.excerpt.as_deref(), Some("Teaser text."));
    assert_eq!(text, "Teaser text.\n\nThe rest.\n\n* * *\n\nPage two.\n");
    // An excerpt the author wrote wins.
    let mut with_excerpt = item("Teaser.<!--more-->Rest.");
    with_excerpt.excerpt = "Written by hand.".into();
    let (_, document) = convert_with(&with_excerpt, &Index::default(), &Default::default());
    assert_eq!(document.meta.excerpt.as_deref(), Some("Written by hand."));
    // Code and a table before the cut are in the teaser; an old WordPress.com player is not.
    let (_, document) = convert_with(
        &item(
            "Run this:\n<pre lang=\"sh\">ls *.md</pre>\n<table><tr><td>a</td><td>b</td></tr></table>\n[audio:https://example.com/a.mp3|titles=A]\n<!--more-->\nRest.",
        ),
        &Index::default(),
        &Default::default(),
    );
    assert_eq!(
        document.meta.excerpt.as_deref(),
        Some("Run this:\n\nls *.md\n\na | b")
    );
}

#[test]
fn dates_without_a_gmt_twin_take_the_offset_of_pub_date_and_language_follows_the_script() {
    let mut post = item("오늘은 날씨가 좋아서 공원에 산책을 나갔습니다. 사람들이 정말 많았어요.");
    post.post_date_gmt = "0000-00-00 00:00:00".into();
    post.pub_date = "Fri, 01 May 2020 01:00:00 +0000".into();
    let site = Site {
        language: "en-US".into(),
        ..Site::default()
    };
    let authors = HashMap::new();
    let options = wordpress::Options::default();
    let index = Index::default();
    let context = Context {
        site: &site,
        authors: &authors,
        index: &index,
        options: &options,
    };
    let (document, _) = wordpress::convert_item(&post, &context);
    assert_eq!(
        document.meta.published.unwrap().to_string(),
        "2020-05-01T10:00:00+09:00"
    );
    assert_eq!(document.meta.language.as_deref(), Some("ko"));
    // English on the same site keeps the site's language.
    let (document, _) = wordpress::convert_item(&item("A post in English, all of it."), &context);
    assert_eq!(document.meta.language.as_deref(), Some("en-US"));
}

#[test]
fn featured_images_and_galleries_resolve_attachments() {
    let mut index = Index::default();
    for (id, file, alt) in [("7", "a.jpg", "First"), ("8", "b.jpg", "Second")] {
        let mut attachment = item("");
        attachment.post_id = id.into();
        attachment.post_type = "attachment".into();
        attachment.post_parent = "100".into();
        attachment.attachment_url = format!("https://example.com/{file}");
        attachment.postmeta = vec![MetaEntry {
            key: "_wp_attachment_image_alt".into(),
            value: alt.into(),
        }];
        index.add(&attachment);
    }
    let mut post = item("Look:\n\n[gallery]");
    post.postmeta = vec![MetaEntry {
        key: "_thumbnail_id".into(),
        value: "8".into(),
    }];
    let (text, document) = convert_with(&post, &index, &Default::default());
    assert_eq!(
        document.meta.featured_image.as_deref(),
        Some("https://example.com/b.jpg")
    );
    assert_eq!(
        text,
        "Look:\n\n![First](https://example.com/a.jpg)\n\n![Second](https://example.com/b.jpg)\n"
    );
}

#[test]
fn unknown_shortcodes_are_verbatim_by_default_and_follow_their_policy() {
    // Kept as they show: no emphasis made of their stars, no backslash before the bracket.
    assert_eq!(
        body("Contact us: [contact-form-7 id=\"5\" title=\"Form *1*\"]"),
        "Contact us: [contact-form-7 id=\"5\" title=\"Form \\*1\\*\"]\n"
    );
    let options = wordpress::Options {
        shortcodes: [
            ("contact-form-7".to_string(), Policy::Drop),
            ("box".to_string(), Policy::Unwrap),
        ]
        .into_iter()
        .collect(),
        ..wordpress::Options::default()
    };
    let (text, _) = convert_with(
        &item("[box]Inside the box.[/box]\n\n[contact-form-7 id=\"5\"]"),
        &Index::default(),
        &options,
    );
    assert_eq!(text, "Inside the box.\n");
}

#[test]
fn code_shortcodes_keep_brackets_and_markup_as_code() {
    assert_eq!(
        body(
            "Example:\n\n[code lang=\"php\"]&lt;?php $a = [1, 2]; echo \"&lt;b&gt;\"; ?&gt;[/code]"
        ),
        "Example:\n\n```php\n<?php $a = [1, 2]; echo \"<b>\"; ?>\n```\n"
    );
}

#[test]
fn dates_titles_and_terms_come_from_the_item() {
    let mut post = item("x");
    post.title = "Tom &amp; Jerry &#8211; the sequel".into();
    post.terms = vec![wpconvert::read::wxr::ItemTerm {
        domain: "tag".into(),
        slug: "cats".into(),
        name: "Cats".into(),
    }];
    let (_, document) = convert_with(&post, &Index::default(), &Default::default());
    assert_eq!(
        document.meta.title.as_deref(),
        Some("Tom & Jerry – the sequel")
    );
    assert_eq!(
        document.meta.published.unwrap().to_string(),
        "2020-05-01T10:00:00+02:00"
    );
    assert_eq!(
        document.meta.terms_of("post_tag").collect::<Vec<_>>(),
        vec!["Cats"],
        "WXR 1.0's `tag` is post_tag"
    );
}

/// A comment as WordPress exports it.
fn comment(
    id: &str,
    parent: &str,
    date_gmt: &str,
    approved: &str,
    kind: &str,
    text: &str,
) -> wpconvert::read::wxr::Comment {
    wpconvert::read::wxr::Comment {
        id: id.into(),
        author: format!("Reader {id}"),
        author_email: format!("reader{id}@mail.example"),
        author_url: if id == "3" {
            "mailto:reader3@mail.example".into()
        } else {
            format!("https://reader{id}.example/")
        },
        author_ip: format!("203.0.113.{id}"),
        date: date_gmt.into(),
        date_gmt: date_gmt.into(),
        content: text.into(),
        approved: approved.into(),
        kind: kind.into(),
        parent: parent.into(),
        user_id: "0".into(),
        meta: Vec::new(),
    }
}

#[test]
fn approved_comments_are_kept_threaded_without_email_or_ip() {
    let mut post = item("<p>The post.</p>");
    post.comments = vec![
        comment(
            "1",
            "0",
            "2020-05-02 09:00:00",
            "1",
            "comment",
            "First!\n\nTwo paragraphs.",
        ),
        comment(
            "2",
            "1",
            "2020-05-02 11:00:00",
            "1",
            "comment",
            "A reply to the first.",
        ),
        // A reply written earlier than its sibling, by the export's order later.
        comment(
            "3",
            "0",
            "2020-05-02 08:00:00",
            "1",
            "",
            "The earliest, <script>alert(1)</script><b>bold</b>.",
        ),
        comment(
            "4",
            "2",
            "2020-05-03 10:00:00",
            "1",
            "comment",
            "A reply to the reply.",
        ),
        comment(
            "5",
            "1",
            "2020-05-02 10:00:00",
            "1",
            "comment",
            "An earlier reply to the first.",
        ),
        comment(
            "6",
            "0",
            "2020-05-04 10:00:00",
            "0",
            "comment",
            "Awaiting moderation.",
        ),
        comment(
            "7",
            "0",
            "2020-05-04 11:00:00",
            "spam",
            "comment",
            "Buy now.",
        ),
        comment(
            "8",
            "0",
            "2020-05-04 12:00:00",
            "1",
            "pingback",
            "Linked from elsewhere.",
        ),
        // Its parent is not approved: it starts a thread of its own.
        comment(
            "9",
            "6",
            "2020-05-05 10:00:00",
            "1",
            "comment",
            "Answering the held one.",
        ),
        // Each the other's parent (a damaged export): kept, not lost.
        comment(
            "10",
            "11",
            "2020-05-06 10:00:00",
            "1",
            "comment",
            "Loop one.",
        ),
        comment(
            "11",
            "10",
            "2020-05-06 11:00:00",
            "1",
            "comment",
            "Loop two.",
        ),
    ];
    let kept = wordpress::Options {
        comments: true,
        ..Default::default()
    };
    let (_, document) = convert_with(&post, &Index::default(), &kept);
    let thread: Vec<(u64, usize)> = document.comments.iter().map(|c| (c.id, c.depth)).collect();
    assert_eq!(
        thread,
        [
            (3, 0),
            (1, 0),
            (5, 1),
            (2, 1),
            (4, 2),
            (9, 0),
            (10, 0),
            (11, 1)
        ]
    );
    let first = &document.comments[1];
    assert_eq!(first.author, "Reader 1");
    assert_eq!(
        first.author_url.as_deref(),
        Some("https://reader1.example/")
    );
    assert_eq!(first.content.len(), 2, "wpautop made two paragraphs");
    assert_eq!(
        document.comments[0].author_url, None,
        "a mailto: address is no web address"
    );
    let json = wpconvert::write::json::write(&document, &[], &[], &Default::default());
    for private in ["@mail.example", "203.0.113.", "<script", "alert(1)"] {
        assert!(!json.contains(private), "{private} in {json}");
    }
    let data = wpconvert::write::json::comments_data(&document);
    assert!(
        data.contains("<strong>bold</strong>") || data.contains("<b>bold</b>"),
        "{data}"
    );
    for private in ["@mail.example", "203.0.113.", "<script"] {
        assert!(!data.contains(private), "{private} in {data}");
    }
    // Without --comments, none.
    let (_, document) = convert_with(&post, &Index::default(), &Default::default());
    assert!(document.comments.is_empty());
}

/// Each code plugin's stored form, as found in real exports, comes out as a fenced block (or a
/// code span) holding the code exactly.
#[test]
fn highlighter_plugins_code_is_kept_exactly() {
    let cases: &[(&str, &str)] = &[
        // WP-Syntax stores code raw: `<?php` and `<stdio.h>` are code, not tags.
        (
            "<pre lang=\"php\"><?php\nif ($a && $b) { echo \"<b>$a</b>\"; }\n?></pre>",
            "```php\n<?php\nif ($a && $b) { echo \"<b>$a</b>\"; }\n?>\n```\n",
        ),
        (
            "<pre lang=\"c\">#include <stdio.h>\nint main() { return 0; }  </pre>",
            "```c\n#include <stdio.h>\nint main() { return 0; }  \n```\n",
        ),
        // CodeColorer inside a <pre>, stored escaped (shell32).
        (
            "<pre><code lang=\"c++\">vector&lt;vector&lt;int&gt;&gt;&amp; triangle</code></pre>",
            "```c++\nvector<vector<int>>& triangle\n```\n",
        ),
        // Crayon, escaped, with decode:true (chabug).
        (
            "<pre class=\"lang:python decode:true \">if a &lt; b and __name__:\n    * x</pre>",
            "```python\nif a < b and __name__:\n    * x\n```\n",
        ),
        // SyntaxHighlighter with raw XML (bloggure).
        (
            "<pre class=\"brush: xml\"><sun-web-app>\n  <class-loader delegate=\"true\"></class-loader>\n</sun-web-app>\n</pre>",
            "```xml\n<sun-web-app>\n  <class-loader delegate=\"true\"></class-loader>\n</sun-web-app>\n```\n",
        ),
        // Enlighter (amitkohli).
        (
            "<pre class=\"EnlighterJSRAW\" data-enlighter-language=\"r\">x &lt;- c(1, 2)</pre>",
            "```r\nx <- c(1, 2)\n```\n",
        ),
        // CodeColorer shortcodes: language in the name, entities decoded once.
        (
            "[cc_php]$x = __FILE__ &amp;&amp; 1;\n* not a list[/cc_php]",
            "```php\n$x = __FILE__ && 1;\n* not a list\n```\n",
        ),
        (
            "[sourcecode language=\"python\"]print(a &lt; b)\n[/sourcecode]",
            "```python\nprint(a < b)\n```\n",
        ),
        (
            "[code lang=\"js\"]var a = '<b>';\n[/code]",
            "```js\nvar a = '<b>';\n```\n",
        ),
    ];
    for (content, expected) in cases {
        assert_eq!(&body(content), expected, "{content}");
    }
    // Within a line: Crayon's crayon-inline, CodeColorer's [cci] and one-line <code lang>.
    assert_eq!(
        body(
            "Run <pre class=\"lang:default decode:true crayon-inline\">ls &amp;&amp; pwd</pre> now."
        ),
        "Run `ls && pwd` now.\n"
    );
    assert_eq!(
        body("Call [cci]f(*a, *b)[/cci] here."),
        "Call `f(*a, *b)` here.\n"
    );
    assert_eq!(
        body("Use <code lang=\"sh\">rm -rf *</code>."),
        "Use `rm -rf *`.\n"
    );
}

/// Inline formatting as real WYSIWYG markup writes it comes out as Markdown, not raw HTML.
#[test]
fn sloppy_inline_markup_becomes_markdown() {
    let cases: &[(&str, &str)] = &[
        ("<p><strong>text </strong>more</p>", "**text** more\n"),
        ("<p><i>foo&nbsp;</i>bar</p>", "*foo*\u{a0}bar\n"),
        ("<p>a<strong><br></strong>b</p>", "a\\\nb\n"),
        (
            "<p>a<a href=\"http://x.org/\"> Cycle Eater</a></p>",
            "a [Cycle Eater](http://x.org/)\n",
        ),
        (
            "<p>one<br><br>two<br />\n<br/>three</p>",
            "one\n\ntwo\n\nthree\n",
        ),
        ("<p>x<strong>&nbsp;</strong>y</p>", "x\u{a0}y\n"),
        ("<p>a<i> </i>poem</p>", "a poem\n"),
        ("<p><code>a </code><code>b</code></p>", "`a` `b`\n"),
        ("<p><code>a</code><code>b</code></p>", "`ab`\n"),
        (
            "<p><a href=\"news:comp.lang.c\">the group</a></p>",
            "[the group](news:comp.lang.c)\n",
        ),
    ];
    for (content, expected) in cases {
        let markdown = body(content);
        assert_eq!(&markdown, expected, "{content}");
        assert!(
            !markdown.contains('<'),
            "raw HTML for {content}: {markdown}"
        );
    }
}

/// Gists, by Jetpack's shortcode or by their embedding script (which a static page would drop
/// with the other scripts), become links to the gist.
#[test]
fn gists_become_links_to_the_gist() {
    assert_eq!(
        body("The POM:\n\n[gist id=\"6397201\" file=\"pom.xml\"]\n\nDone."),
        "The POM:\n\n<https://gist.github.com/6397201#file-pom-xml>\n\nDone.\n"
    );
    assert_eq!(
        body(
            "<p>Code:</p><script src=\"https://gist.github.com/tdebarochez/6082933.js\"></script>"
        ),
        "Code:\n\n<https://gist.github.com/tdebarochez/6082933>\n"
    );
    assert_eq!(
        body("[gist]https://gist.github.com/alienlebarge/5390173[/gist]"),
        "<https://gist.github.com/alienlebarge/5390173>\n"
    );
}

/// What a fenced block cannot hold is not dropped: a `<pre>` holding only a plot (knitr's
/// output, plussixone) is the image; one with links in it stays HTML with its links.
#[test]
fn images_and_links_in_preformatted_text_are_kept() {
    assert_eq!(
        body(
            "<pre><img src=\"http://x.org/unnamed-chunk-1-1.png\" alt=\"plot of chunk unnamed-chunk-1\" /></pre>"
        ),
        "![plot of chunk unnamed-chunk-1](http://x.org/unnamed-chunk-1-1.png)\n"
    );
    assert_eq!(
        body(
            "<pre>解压工具可以用 7zip ( <a href=\"http://www.7-zip.org\">http://www.7-zip.org</a>).</pre>"
        ),
        "<pre>解压工具可以用 7zip ( <a href=\"http://www.7-zip.org\">http://www.7-zip.org</a>).</pre>\n"
    );
}
