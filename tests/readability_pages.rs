//! Whole saved WordPress pages (from Mozilla Readability's test suite): the article body is
//! found, page furniture is left out, and the metadata matches what Readability extracted.

mod common;

use common::{html_text, squash};
use serde_json::Value;
use std::path::Path;
use wpconvert::model::Document;

const PAGES: [&str; 3] = ["wordpress", "002", "firefox-nightly-blog"];

fn page(name: &str) -> (Document, String, String, Value) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/html/readability")
        .join(name);
    let source = std::fs::read(folder.join("source.html")).unwrap();
    let converted = wpconvert::read(&source, wpconvert::InputFormat::Html);
    let markdown = wpconvert::write::markdown::write(&converted.document, &Default::default()).text;
    let expected = std::fs::read_to_string(folder.join("expected.html")).unwrap();
    let metadata = serde_json::from_str(
        &std::fs::read_to_string(folder.join("expected-metadata.json")).unwrap(),
    )
    .unwrap();
    (converted.document, markdown, expected, metadata)
}

/// The Markdown read back as text: what a reader of the rendered page sees.
fn rendered_text(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.front_matter_delimiter = Some("---".into());
    let html = comrak::markdown_to_html(markdown, &options);
    squash(&html_text(&html))
}

/// Whether an element of Readability's output sits in a comment section (Readability keeps
/// the comments of the Nightly blog page; the issue wants comments left out).
fn in_comments(element: scraper::ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|a| {
            let e = a.value();
            e.id()
                .is_some_and(|id| id.contains("comment") || id == "respond")
                || e.classes().any(|c| c.contains("comment"))
                || (e.name() == "header" && a.text().collect::<String>().contains("comments on"))
        })
}

#[test]
fn every_paragraph_of_the_expected_article_is_in_the_output() {
    for name in PAGES {
        let (_, markdown, expected, _) = page(name);
        let text = rendered_text(&markdown);
        let expected = scraper::Html::parse_fragment(&expected);
        // Paragraphs, and list items without nested lists (the Nightly blog is mostly lists).
        let paragraphs = scraper::Selector::parse("p, li:not(:has(ul, ol))").unwrap();
        let (mut kept, mut left_out) = (0, 0);
        for paragraph in expected.select(&paragraphs) {
            let wanted = squash(&paragraph.text().collect::<String>());
            if wanted.is_empty() {
                continue;
            }
            if in_comments(paragraph) {
                assert!(
                    !text.contains(&wanted),
                    "{name}: comment {wanted:?} should be left out"
                );
                left_out += 1;
            } else {
                assert!(
                    text.contains(&wanted),
                    "{name}: missing paragraph {wanted:?}"
                );
                kept += 1;
            }
        }
        assert!(kept >= 8, "{name}: only {kept} paragraphs checked");
        if name == "firefox-nightly-blog" {
            assert!(
                left_out >= 3,
                "the Nightly page's comments were not recognized"
            );
        }
    }
}

#[test]
fn comments_share_buttons_and_related_posts_are_left_out() {
    // Text that appears on the pages only in those parts.
    let furniture = [
        ("wordpress", "Share this:"),
        ("wordpress", "Like this:"),
        ("wordpress", "Sallie Goetsch"), // a commenter
        (
            "wordpress",
            "If there were really no demand for WordPress developers",
        ), // a comment
        ("wordpress", "Recent Comments"),
        ("002", "Alexander Petrov"), // a commenter
        ("002", "2 comments"),
        ("002", "Read more articles by"),
        ("002", "Your name"), // the comment form
        ("firefox-nightly-blog", "Leave a Reply"),
        ("firefox-nightly-blog", "Recent Comments"),
        ("firefox-nightly-blog", "Spanish fan"), // a commenter in the sidebar
    ];
    for (name, text) in furniture {
        let (_, markdown, _, _) = page(name);
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/html/readability")
                .join(name)
                .join("source.html"),
        )
        .unwrap();
        assert!(
            source.contains(text),
            "{name}: the page does not contain {text:?}; pick another"
        );
        assert!(
            !markdown.contains(text),
            "{name}: {text:?} should have been left out"
        );
    }
}

#[test]
fn title_author_and_date_match_the_expected_metadata() {
    for name in PAGES {
        let (document, markdown, _, expected) = page(name);
        let meta = &document.meta;
        assert_eq!(
            meta.title.as_deref(),
            expected["title"].as_str(),
            "{name}: title"
        );
        assert!(
            markdown.contains(&format!("title: {}", expected["title"].as_str().unwrap()))
                || markdown.contains(&format!(
                    "title: \"{}\"",
                    expected["title"].as_str().unwrap()
                )),
            "{name}: title in the front matter"
        );
        if let Some(byline) = expected["byline"].as_str() {
            assert_eq!(meta.authors, vec![byline.to_string()], "{name}: author");
        }
        if let Some(published) = expected["publishedTime"].as_str() {
            assert_eq!(
                meta.published.map(|d| d.to_string()).as_deref(),
                Some(published),
                "{name}: date"
            );
        }
        assert_eq!(
            meta.language.as_deref(),
            expected["lang"].as_str(),
            "{name}: language"
        );
        assert_eq!(
            meta.site_name.as_deref(),
            expected["siteName"].as_str(),
            "{name}: site name"
        );
    }
}

#[test]
fn metadata_readability_missed_comes_from_the_pages_own_markup() {
    // Readability has no byline for the WP Tavern page and no date for the Nightly blog;
    // both pages state them, and wpconvert reads them.
    let (document, _, _, _) = page("wordpress");
    assert_eq!(document.meta.authors, vec!["Sarah Gooding".to_string()]);
    let (document, _, _, _) = page("firefox-nightly-blog");
    assert_eq!(
        document.meta.published.unwrap().to_string(),
        "2020-12-18T16:09:48+00:00"
    );
    // The Mozilla Hacks page has a broken `datetime` ("PDT08:05:41-07:00"): no date rather
    // than a wrong one.
    let (document, _, _, _) = page("002");
    assert_eq!(document.meta.published, None);
}

#[test]
fn code_highlighted_in_layout_tables_becomes_fenced_code() {
    let (_, markdown, _, _) = page("002");
    assert!(
        markdown.contains("```javascript\nfetch(\"/data.json\").then(function(res) {\n"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("<table>"),
        "WP-Syntax tables should be unwrapped"
    );
}
