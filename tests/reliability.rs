//! Real archives never crash a run: one item's failure is reported and counted, everything
//! else is written; the crashes found on real exports and by fuzzing stay fixed; memory and
//! depth are bounded; output never escapes its folder.
//!
//! `WPCONVERT_FAIL_ITEM=TITLE` makes the item (or input) with that title fail as a bug
//! would, in debug builds only (see `isolate::fail_point`): the tests drive the real
//! isolation path with it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn wpconvert() -> Command {
    Command::cargo_bin("wpconvert").unwrap()
}

/// A WXR 1.2 export of published posts with these titles and bodies.
fn export(posts: &[(&str, &str)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Test site</title>
<wp:wxr_version>1.2</wp:wxr_version>
"#,
    );
    for (n, (title, body)) in posts.iter().enumerate() {
        xml.push_str(&format!(
            "<item>\n<title>{title}</title>\n<content:encoded><![CDATA[{body}]]></content:encoded>\n\
             <wp:post_id>{}</wp:post_id>\n<wp:post_date>2020-01-{:02} 10:00:00</wp:post_date>\n\
             <wp:post_name>{}</wp:post_name>\n<wp:status>publish</wp:status>\n\
             <wp:post_type>post</wp:post_type>\n</item>\n",
            n + 1,
            n % 28 + 1,
            title.to_lowercase().replace(' ', "-"),
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Run {
    let output = command.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

const THREE: &[(&str, &str)] = &[
    ("First post", "<p>One.</p>"),
    ("Broken post", "<p>Two.</p>"),
    ("Third post", "<p>Three.</p>"),
];

#[test]
fn one_failing_item_is_reported_and_counted_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(THREE)).unwrap();
    let out = dir.path().join("out");
    let summary = dir.path().join("summary.json");
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Broken post")
        .env_remove("RUST_BACKTRACE")
        .args(["convert"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--summary")
        .arg(&summary));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    // The item by title, id and line, the message, and a request to report it.
    assert!(
        result.stderr.contains(
            "wpconvert: error: “Broken post” (id 2, line 15): internal error at src/isolate.rs"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("failing “Broken post” on request"));
    assert!(result.stderr.contains("please report it"));
    assert!(
        result.stderr.contains("failed 1 items"),
        "{}",
        result.stderr
    );
    // No raw panic message or backtrace hint for users.
    assert!(!result.stderr.contains("panicked at"), "{}", result.stderr);
    assert!(
        !result.stderr.contains("RUST_BACKTRACE"),
        "{}",
        result.stderr
    );
    let names: Vec<String> = files_under(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["first-post.md", "third-post.md"]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(summary["written"], 2);
    assert_eq!(summary["read"]["post/publish"], 3);
    assert_eq!(summary["failed"].as_array().unwrap().len(), 1);
    assert_eq!(
        summary["failed"][0]["item"],
        "“Broken post” (id 2, line 15)"
    );
}

/// A slug taken by an item batches earlier, which failed to convert: the item that wanted it
/// is still told who has it (pass 1 claims names by rank; pass 2 learns the descriptions).
#[test]
fn a_slug_clash_names_the_first_item_across_batches_even_when_it_failed() {
    let fillers: Vec<String> = (2..600).map(|n| format!("Post {n}")).collect();
    let mut posts = vec![("Same slug", "<p>First.</p>")];
    posts.extend(fillers.iter().map(|t| (t.as_str(), "<p>Filler.</p>")));
    posts.push(("Same Slug", "<p>Last.</p>"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(&posts)).unwrap();
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Same slug")
        .args(["convert"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out")));
    assert!(
        result.stderr.contains(
            "“Same Slug” (id 600, line 5397): slug `same-slug` is taken by “Same slug” (id 1, line 6); written as `same-slug-2`"
        ),
        "{}",
        result.stderr
    );
    assert!(dir.path().join("out/posts/same-slug-2.md").exists());
}

#[test]
fn developers_still_get_the_panic_and_its_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(THREE)).unwrap();
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Broken post")
        .env("RUST_BACKTRACE", "1")
        .args(["convert", "--to", "jsonl"])
        .arg(&input));
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("panicked at"), "{}", result.stderr);
    assert!(
        result.stderr.contains("stack backtrace"),
        "{}",
        result.stderr
    );
}

#[test]
fn json_lines_keep_every_other_item_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(THREE)).unwrap();
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Broken post")
        .args(["convert", "--to", "jsonl"])
        .arg(&input));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    let titles: Vec<String> = result
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["meta"]["title"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(titles, ["First post", "Third post"]);
    assert!(result.stderr.contains("“Broken post”"), "{}", result.stderr);
}

#[test]
fn check_goes_on_past_a_failing_item() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    let posts = [
        ("Broken post", "<p>One.</p>"),
        ("Later post", "<p>A sentence.the next one.</p>"),
    ];
    std::fs::write(&input, export(&posts)).unwrap();
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Broken post")
        .arg("check")
        .arg(&input));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("“Broken post”"), "{}", result.stderr);
    assert!(result.stdout.contains("“Later post”"), "{}", result.stdout);
    assert!(result.stdout.contains("WP201"), "{}", result.stdout);
}

#[test]
fn one_failing_input_of_several_stops_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("a.html", "Fine page"), ("b.html", "Broken page")] {
        std::fs::write(
            dir.path().join(name),
            format!("<html><head><title>{title}</title></head><body><article><p>Text of {title}.</p></article></body></html>"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let result = run(wpconvert()
        .env("WPCONVERT_FAIL_ITEM", "Broken page")
        .arg("convert")
        .arg(dir.path().join("b.html"))
        .arg(dir.path().join("a.html"))
        .arg("-o")
        .arg(&out));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("b.html"), "{}", result.stderr);
    assert!(
        result.stderr.contains("please report it"),
        "{}",
        result.stderr
    );
    let written = files_under(&out);
    assert_eq!(written.len(), 1);
    assert!(
        std::fs::read_to_string(&written[0])
            .unwrap()
            .contains("Text of Fine page.")
    );
}

/// Every kind of multi-byte whitespace next to punctuation: each panicked in the
/// normalizer's token scan (WP201, WP301) and took whole real exports down.
#[test]
fn multi_byte_whitespace_by_punctuation_converts() {
    let spaces = [
        '\u{A0}', '\u{2003}', '\u{2009}', '\u{202F}', '\u{3000}', '\u{2028}', '\u{2029}', '\u{85}',
        '\u{1680}',
    ];
    let mut body = String::new();
    for space in spaces {
        body.push_str(&format!(
            "<p>Word{space}.Next,{space}x and. {space}more{space},Then it.{space}ends</p>"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(&[("Spaces", &body)])).unwrap();
    let out = dir.path().join("out");
    let result = run(wpconvert().arg("convert").arg(&input).arg("-o").arg(&out));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let written = std::fs::read_to_string(out.join("posts/spaces.md")).unwrap();
    // Every paragraph arrives (the normalizer may capitalize `ends` after `it.`).
    assert_eq!(
        written.to_lowercase().matches("ends").count(),
        spaces.len(),
        "{written}"
    );
    for html in ["&nbspe,h", "<p>. &#160o</p>"] {
        let result = run(wpconvert()
            .args(["convert", "--from", "html"])
            .write_stdin(html));
        assert_eq!(result.code, Some(0), "{html}: {}", result.stderr);
        let result = run(wpconvert().args(["check", "-"]).write_stdin(html));
        assert!(
            matches!(result.code, Some(0 | 1)),
            "{html}: {}",
            result.stderr
        );
    }
}

/// A download cut off inside a UTF-8 character: exit 2 with everything before converted,
/// not a panic in the decoder.
#[test]
fn an_export_cut_inside_a_character_converts_what_it_holds() {
    let mut bytes = export(&[("Whole post", "<p>Kept.</p>")]).into_bytes();
    let end = bytes.len() - "</channel>\n</rss>\n".len();
    bytes.truncate(end);
    bytes.extend(b"<item><title>Cut caf\xC3");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cut.xml");
    std::fs::write(&input, &bytes).unwrap();
    let out = dir.path().join("out");
    let result = run(wpconvert().arg("convert").arg(&input).arg("-o").arg(&out));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("cut off"), "{}", result.stderr);
    assert!(out.join("posts/whole-post.md").is_file());
    // The single byte the fuzzer shrank it to.
    let result = run(wpconvert()
        .args(["convert", "-", "--from", "html"])
        .write_stdin(&b"\xCC"[..]));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    std::fs::write(&input, b"\xCC").unwrap();
    let result = run(wpconvert()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out2")));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("WXR"), "{}", result.stderr);
}

/// 10,000 and 100,000 nested `> ` (20 KB and 200 KB) overflowed the stack (SIGABRT); 8,000
/// took seconds and 1.5 GB in every output. Quotes now nest 16 deep at most, text kept.
#[test]
fn deeply_nested_quotes_convert_in_every_format() {
    for depth in [10_000, 100_000] {
        let text = format!("{}deep words\n\nafter\n", "> ".repeat(depth));
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("deep.txt");
        std::fs::write(&input, &text).unwrap();
        let out = dir.path().join("out");
        let result = run(wpconvert()
            .arg("convert")
            .arg(&input)
            .args(["--to", "markdown,json,html", "-o"])
            .arg(&out));
        assert_eq!(result.code, Some(0), "{depth}: {}", result.stderr);
        let markdown = std::fs::read_to_string(out.join("deep.md")).unwrap();
        assert!(markdown.contains("deep words"), "{markdown}");
        assert!(markdown.ends_with("after\n"), "{markdown}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("deep.json")).unwrap()).unwrap();
        let mut depth_seen = 0;
        let mut node = &json["content"][0];
        while node["type"] == "block_quote" {
            depth_seen += 1;
            node = &node["blocks"][0];
        }
        assert_eq!(depth_seen, 16, "quotes nest as deep as the reader's limit");
        let result = run(wpconvert().arg("check").arg(&input));
        assert!(matches!(result.code, Some(0 | 1)), "{}", result.stderr);
    }
}

#[test]
fn link_destinations_keep_balanced_parentheses() {
    let result = run(wpconvert().args(["convert", "--from", "text"]).write_stdin(
        "See [Rust](https://en.wikipedia.org/wiki/Rust_(programming_language)) now.\n",
    ));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let html = comrak::markdown_to_html(&result.stdout, &comrak::Options::default());
    assert_eq!(
        html,
        "<p>See <a href=\"https://en.wikipedia.org/wiki/Rust_(programming_language)\">Rust</a> now.</p>\n"
    );
}

/// An unsplit `]]>` (WordPress before 3.3) used to end the XML early: every item after it
/// was lost. It is read as WordPress's importer reads it, content byte for byte.
#[test]
fn an_unsplit_cdata_end_inside_content_is_read_as_content() {
    let script = "<script type=\"text/javascript\">// <![CDATA[\nvar a = 1;\n// ]]></script><p>After the script.</p>";
    let xml = export(&[("Script post", script), ("Next post", "<p>Still here.</p>")]);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("old.xml");
    std::fs::write(&input, xml).unwrap();
    let result = run(wpconvert().args(["convert", "--to", "jsonl"]).arg(&input));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let lines: Vec<serde_json::Value> = result
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", result.stderr);
    assert_eq!(lines[1]["meta"]["title"], "Next post");
    assert!(result.stdout.contains("After the script."));
    assert!(result.stderr.contains("“Script post”"), "{}", result.stderr);
    assert!(
        result.stderr.contains("WordPress's importer"),
        "{}",
        result.stderr
    );
}

/// One item far past the limit: cut and reported, the process never killed; the items
/// around it written.
#[test]
fn an_oversized_item_is_cut_and_reported() {
    let huge = format!("<p>{}</p>", "word ".repeat(8 << 20)); // 40 MiB
    let xml = export(&[
        ("Before", "<p>a</p>"),
        ("Huge", &huge),
        ("After", "<p>b</p>"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.xml");
    std::fs::write(&input, xml).unwrap();
    let out = dir.path().join("out");
    let result = run(wpconvert()
        .args(["convert", "--no-fix"])
        .arg(&input)
        .arg("-o")
        .arg(&out));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(
        result.stderr.contains("“Huge”") && result.stderr.contains("MiB was cut"),
        "{}",
        result.stderr
    );
    assert!(out.join("posts/before.md").is_file());
    assert!(out.join("posts/after.md").is_file());
    let huge = std::fs::metadata(out.join("posts/huge.md")).unwrap().len();
    assert!(huge > 30 << 20 && huge < 34 << 20, "{huge}");
}

/// 200 MiB of blank space between two items: it used to be buffered whole (1.5 GB of it
/// peaked at 3.6 GB). The child's peak memory is read from /proc while it runs.
#[cfg(target_os = "linux")]
#[test]
fn whitespace_between_items_costs_no_memory() {
    let xml = export(THREE).replacen(
        "</item>\n<item>",
        &format!("</item>{}<item>", " ".repeat(200 << 20)),
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("padded.xml");
    std::fs::write(&input, xml).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wpconvert"))
        .args(["convert", "--to", "jsonl"])
        .arg(&input)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb = line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(status.success());
    assert_eq!(stdout.lines().count(), 3);
    assert!(peak_kb > 0, "the child's memory could not be read");
    assert!(peak_kb < 150 << 10, "peak {} MB", peak_kb >> 10);
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_folder_never_carries_files_outside() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    std::fs::write(&input, export(THREE)).unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("posts")).unwrap();
    let result = run(wpconvert()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--force"));
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    assert!(result.stderr.contains("leads outside"), "{}", result.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn names_that_collide_on_case_insensitive_systems_get_distinct_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    let xml = export(&[("Hello", "<p>Upper.</p>"), ("hello", "<p>Lower.</p>")])
        .replace(
            "<wp:post_name>hello</wp:post_name>",
            "<wp:post_name>Hello</wp:post_name>",
        )
        .replacen(
            "<wp:post_name>Hello</wp:post_name>",
            "<wp:post_name>hello</wp:post_name>",
            1,
        );
    std::fs::write(&input, xml).unwrap();
    let out = dir.path().join("out");
    let result = run(wpconvert().arg("convert").arg(&input).arg("-o").arg(&out));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let mut names: Vec<String> = files_under(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// An export on standard input is kept in a temporary file while it converts: private
/// (0600), not named after the process id, and gone afterwards. The temporary folder is
/// watched while a large export converts.
#[cfg(target_os = "linux")]
#[test]
fn an_export_on_standard_input_is_kept_privately_and_removed() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let body =
        "<p>A paragraph of a long post, repeated to make the export take a while.</p>".repeat(60);
    let titles: Vec<String> = (0..3000).map(|n| format!("Post {n}")).collect();
    let posts: Vec<(&str, &str)> = titles.iter().map(|t| (t.as_str(), body.as_str())).collect();
    let xml = export(&posts);
    let temp = std::env::temp_dir();
    let ours = |name: &str| name.starts_with("wpconvert-stdin-");
    let before: std::collections::HashSet<String> = std::fs::read_dir(&temp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| ours(n))
        .collect();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wpconvert"))
        .args(["convert", "-", "--to", "jsonl", "--no-fix"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(xml.as_bytes()));
    let mut seen = Vec::new();
    let status = loop {
        for entry in std::fs::read_dir(&temp).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if ours(&name)
                && !before.contains(&name)
                && !seen.iter().any(|(n, _)| *n == name)
                && let Ok(metadata) = entry.metadata()
            {
                seen.push((name, metadata.permissions().mode() & 0o777));
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    writer.join().unwrap().unwrap();
    assert!(status.success());
    assert!(!seen.is_empty(), "the temporary file was never seen");
    for (name, mode) in &seen {
        assert_eq!(*mode, 0o600, "{name}");
        assert_ne!(
            *name,
            format!("wpconvert-stdin-{pid}.xml"),
            "a predictable name"
        );
        assert!(!temp.join(name).exists(), "{name} was left behind");
    }
}

#[test]
fn code_running_urls_never_reach_front_matter_or_links() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.xml");
    let body = "<p><a href=\"&amp;#106;avascript:alert(1)\">one</a> \
        <a href=\"javascript&amp;colon;alert(2)\">two</a> \
        <a href=\"&#106avascript:alert(3)\">three</a></p>";
    let xml = export(&[("Links", body)]).replace(
        "<wp:post_type>post</wp:post_type>",
        "<wp:post_type>post</wp:post_type>\n<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>",
    ).replace(
        "</channel>",
        "<item><title>Evil</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>javascript:alert(4)</wp:attachment_url></item>\n</channel>",
    );
    std::fs::write(&input, xml).unwrap();
    let out = dir.path().join("out");
    let result = run(wpconvert().arg("convert").arg(&input).arg("-o").arg(&out));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    let markdown = std::fs::read_to_string(out.join("posts/links.md")).unwrap();
    assert!(!markdown.contains("featured_image"), "{markdown}");
    // comrak, a third-party renderer, decodes references in destinations: no link it
    // renders may lead to a script.
    let html = comrak::markdown_to_html(&markdown, &comrak::Options::default());
    assert!(
        !html.to_ascii_lowercase().contains("href=\"javascript"),
        "{html}"
    );
    for word in ["one", "two", "three"] {
        assert!(markdown.contains(word), "{markdown}");
    }
}

/// Reusable blocks that include each other: each expanded once on its way, the recurrence
/// left out with a warning (WordPress renders nothing there either).
#[test]
fn reusable_blocks_that_include_each_other_expand_once() {
    let post = "<!-- wp:paragraph --><p>Post text.</p><!-- /wp:paragraph -->\n<!-- wp:block {\"ref\":21} /-->";
    let block = |id: u32, text: &str, includes: u32| {
        format!(
            "<item><title>Block {id}</title><content:encoded><![CDATA[<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->\n<!-- wp:block {{\"ref\":{includes}}} /-->]]></content:encoded><wp:post_id>{id}</wp:post_id><wp:status>publish</wp:status><wp:post_type>wp_block</wp:post_type></item>\n"
        )
    };
    let xml = export(&[("Uses blocks", post)]).replace(
        "</channel>",
        &format!(
            "{}{}</channel>",
            block(21, "Alpha", 22),
            block(22, "Beta", 21)
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("blocks.xml");
    std::fs::write(&input, xml).unwrap();
    let result = run(wpconvert().args(["convert", "--to", "jsonl"]).arg(&input));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    for text in ["Post text.", "Alpha", "Beta"] {
        assert_eq!(result.stdout.matches(text).count(), 1, "{}", result.stdout);
    }
    assert!(
        result.stderr.contains("reusable block 21 includes itself"),
        "{}",
        result.stderr
    );
}

/// Blocks that each include another several times multiply: ten levels of ten would be
/// 10¹⁰ copies. One item expands 1,000 blocks at most, with a warning.
#[test]
fn reusable_blocks_cannot_multiply_without_bound() {
    let mut blocks = String::new();
    for level in 0..10u32 {
        let refs = format!("<!-- wp:block {{\"ref\":{}}} /-->", 101 + level).repeat(10);
        blocks.push_str(&format!(
            "<item><title>Level {level}</title><content:encoded><![CDATA[<!-- wp:paragraph --><p>L{level}</p><!-- /wp:paragraph -->{refs}]]></content:encoded><wp:post_id>{}</wp:post_id><wp:status>publish</wp:status><wp:post_type>wp_block</wp:post_type></item>\n",
            100 + level
        ));
    }
    let xml = export(&[(
        "Bomb",
        "<!-- wp:paragraph --><p>Top.</p><!-- /wp:paragraph --><!-- wp:block {\"ref\":100} /-->",
    )])
    .replace("</channel>", &format!("{blocks}</channel>"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bomb.xml");
    std::fs::write(&input, xml).unwrap();
    let result = run(wpconvert().args(["convert", "--to", "jsonl"]).arg(&input));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert!(
        result.stdout.len() < 1 << 20,
        "{} bytes",
        result.stdout.len()
    );
    assert_eq!(
        result
            .stderr
            .matches("more than 1000 reusable blocks")
            .count(),
        1,
        "{}",
        result.stderr
    );
}

#[test]
fn a_date_that_does_not_parse_is_reported() {
    let xml = export(&[("Dated", "<p>x</p>")]).replace(
        "<wp:post_date>2020-01-01 10:00:00</wp:post_date>",
        "<wp:post_date>last Tuesday</wp:post_date>",
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dates.xml");
    std::fs::write(&input, xml).unwrap();
    let result = run(wpconvert().args(["convert", "--to", "jsonl"]).arg(&input));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("“Dated” (id 1, line 6): post_date `last Tuesday` is not a date"),
        "{}",
        result.stderr
    );
}
