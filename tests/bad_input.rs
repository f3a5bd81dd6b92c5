//! Bad input never panics and never loses what can be saved: invalid UTF-8, huge files and
//! absurdly deep nesting all convert.

mod common;

use assert_cmd::Command;
use common::html_to_markdown;

fn wpconvert() -> Command {
    Command::cargo_bin("wpconvert").unwrap()
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning_naming_file_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.html");
    std::fs::write(&path, b"<p>Caf\xE9 cr\xE8me</p>\n<p>Second paragraph</p>").unwrap();
    let output = wpconvert().arg("convert").arg(&path).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout, "Caf\u{FFFD} cr\u{FFFD}me\n\nSecond paragraph\n");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("latin1.html"), "{stderr}");
    assert!(
        stderr.contains("invalid UTF-8 at line 1, column 7"),
        "{stderr}"
    );
}

/// A realistic large page: the WP Tavern article's body repeated, each copy numbered.
fn large_page(bytes: usize) -> String {
    let article = "<h2>Section</h2><p>Stack Overflow published its analysis of <a href=\"https://stackoverflow.blog/\">2017 hiring trends</a> based on the <em>targeting options</em> employers selected.</p><ul><li>ReactJS</li><li>Docker</li></ul><table><tr><th>Skill</th><th>Change</th></tr><tr><td>AJAX</td><td>-20%</td></tr></table>\n";
    let mut page =
        String::from("<!DOCTYPE html><html><head><title>Big</title></head><body><article>");
    let mut n = 0;
    while page.len() < bytes {
        n += 1;
        page.push_str(&format!("<p>Copy {n}.</p>{article}"));
    }
    page.push_str("<p>The very last paragraph.</p></article></body></html>");
    page
}

#[test]
fn a_50_mb_page_converts_whole() {
    let page = large_page(50 * 1024 * 1024);
    let markdown = html_to_markdown(&page);
    assert!(markdown.ends_with("The very last paragraph.\n"));
    let copies = page.matches("<p>Copy ").count();
    assert_eq!(markdown.matches("Copy ").count(), copies);
    assert_eq!(markdown.matches("| AJAX").count(), copies);
}

/// 100,000 levels of one element around a paragraph, converted on a thread with a small
/// (1 MiB) stack: any recursion over the depth would overflow it.
fn deep(open: &str, close: &str) -> String {
    let depth = 100_000;
    let html = format!(
        "{}<p>Deep text</p>{}<p>After</p>",
        open.repeat(depth),
        close.repeat(depth)
    );
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || html_to_markdown(&html))
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn nesting_100_000_deep_converts_without_overflow() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<span>", "</span>"),
        ("<em>", "</em>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<section><article>", "</article></section>"),
    ] {
        let markdown = deep(open, close);
        assert!(markdown.contains("Deep text"), "{open}: {markdown:.300}");
        assert!(markdown.contains("After"), "{open}");
    }
}

/// A whole page thousands of elements deep with text at every level: the article is chosen
/// and every level's text kept (choosing it once walked each block's subtree again, which took
/// a minute on this page).
#[test]
fn a_page_nested_thousands_deep_with_text_everywhere_converts_whole() {
    let page = format!(
        "<html><head><title>Deep</title></head><body>{}{}</body></html>",
        "<div>some words here, and more, ".repeat(4000),
        "</div>".repeat(4000)
    );
    let converted = wpconvert::read(page.as_bytes(), wpconvert::InputFormat::Html);
    let markdown = wpconvert::write::markdown::write(&converted.document, &Default::default()).text;
    assert!(
        markdown.matches("some words here, and more,").count() >= 4000,
        "{:.300}",
        markdown
    );
}

#[test]
fn unclosed_and_misnested_tags_are_repaired_as_a_browser_would() {
    assert_eq!(
        html_to_markdown("<p>One <b>bold <i>both</b> italic</i><p>Two<li>stray item"),
        // `**` cannot close right after the `*` of the emphasis, so `__` is used.
        "One __bold *both*__ *italic*\n\nTwo\n\nstray item\n"
    );
}

#[test]
fn binary_garbage_does_not_panic() {
    let mut state = 0x2545F4914F6CDD1Du64;
    let mut bytes = Vec::new();
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let alphabet = b"<>/=\"' abcp\x00\xff&;#!-\n";
        bytes.push(alphabet[(state % alphabet.len() as u64) as usize]);
    }
    let converted = wpconvert::read(&bytes, wpconvert::InputFormat::Html);
    let _ = wpconvert::write::markdown::write(&converted.document, &Default::default());
    assert!(
        !converted.warnings.is_empty(),
        "the 0xFF bytes are reported"
    );
}
