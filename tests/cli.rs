//! The `wpconvert` command as a user or a script meets it: inputs and outputs, exit codes,
//! messages that name the file and say what to do.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn wpconvert() -> Command {
    Command::cargo_bin("wpconvert").unwrap()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn stdin_to_stdout() {
    let out = stdout_of(
        wpconvert()
            .arg("convert")
            .write_stdin("<p>Hello <b>world</b></p>"),
    );
    assert_eq!(out, "Hello **world**\n");
    let out = stdout_of(
        wpconvert()
            .args(["convert", "-"])
            .write_stdin("<h1>Title</h1>"),
    );
    assert_eq!(out, "# Title\n");
}

#[test]
fn a_saved_page_prints_markdown_with_front_matter() {
    let out = stdout_of(
        wpconvert()
            .arg("convert")
            .arg(fixture("html/readability/wordpress/source.html")),
    );
    assert!(
        out.starts_with("---\ntitle: Stack Overflow Jobs Data Shows ReactJS Skills"),
        "{out:.200}"
    );
    assert!(out.contains("\ndate: \"2017-03-09T23:16:02+00:00\"\n"));
    assert!(out.contains("\n---\n\n[![](https://i0.wp.com/"));
    let out = stdout_of(
        wpconvert()
            .args(["convert", "--no-front-matter"])
            .arg(fixture("html/readability/wordpress/source.html")),
    );
    assert!(out.starts_with("[![]("));
}

#[test]
fn output_to_a_file_and_to_a_folder_with_collisions_resolved_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.md");
    wpconvert()
        .arg("convert")
        .arg(fixture("html/readability/002/source.html"))
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("title: This API is so Fetching!")
    );

    let folder = dir.path().join("site");
    wpconvert()
        .arg("convert")
        .arg(fixture("html/readability/002/source.html"))
        .arg(fixture("html/readability/wordpress/source.html"))
        .arg(fixture("html/constructs/kitchen-sink.html"))
        .arg("-o")
        .arg(&folder)
        .assert()
        .success();
    let first = std::fs::read_to_string(folder.join("source.md")).unwrap();
    let second = std::fs::read_to_string(folder.join("source-2.md")).unwrap();
    assert!(first.contains("This API is so Fetching!"));
    assert!(second.contains("Stack Overflow Jobs Data"));
    assert!(folder.join("kitchen-sink.md").exists());
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.md");
    std::fs::write(&file, "precious").unwrap();
    let output = wpconvert()
        .args(["convert", "-", "-o"])
        .arg(&file)
        .write_stdin("<p>new</p>")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("already exists; use --force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");

    wpconvert()
        .args(["convert", "-", "--force", "-o"])
        .arg(&file)
        .write_stdin("<p>new</p>")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "new\n");
}

#[test]
fn a_missing_input_fails_with_exit_2_and_the_others_still_convert() {
    let dir = tempfile::tempdir().unwrap();
    let output = wpconvert()
        .arg("convert")
        .arg("no-such-file.html")
        .arg(fixture("html/constructs/kitchen-sink.html"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot read no-such-file.html (check the path)"),
        "{stderr}"
    );
    assert!(dir.path().join("kitchen-sink.md").exists());
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    let output = wpconvert()
        .args(["convert", "a.html", "b.html"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("add `-o FOLDER`"));

    let output = wpconvert()
        .args(["convert", "--frobnicate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));

    let output = wpconvert()
        .args(["convert", "--from", "docx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values: auto, html"));
}

#[test]
fn the_extension_picks_the_reader_and_from_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "<p>actually HTML</p>").unwrap();
    // Read as text: the markup is text, and stays text in the Markdown.
    let out = stdout_of(wpconvert().args(["convert", "--no-fix"]).arg(&text));
    assert_eq!(out, "\\<p>actually HTML\\</p>\n");
    let out = stdout_of(wpconvert().args(["convert", "--from", "html"]).arg(&text));
    assert_eq!(out, "actually HTML\n");
}

#[test]
fn warnings_go_to_stderr_and_quiet_silences_them() {
    let input = "<table><tr><td colspan=2>wide</td></tr><tr><td>a</td><td>b</td></tr></table>";
    let output = wpconvert()
        .arg("convert")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: <stdin>: table 1 is written as HTML"),
        "{stderr}"
    );
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("<table>")
    );

    let output = wpconvert()
        .args(["convert", "-q"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
}

#[test]
fn no_colour_codes_or_progress_when_not_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let output = wpconvert()
        .arg("convert")
        .arg(fixture("html/constructs/kitchen-sink.html"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        !stderr.contains("converted"),
        "no summary off a terminal: {stderr}"
    );
}

#[test]
fn help_shows_examples_and_exit_codes_and_version_prints() {
    let out = stdout_of(wpconvert().args(["convert", "--help"]));
    assert!(
        out.contains("Examples:") && out.contains("Exit codes:"),
        "{out}"
    );
    let out = stdout_of(wpconvert().arg("--version"));
    assert_eq!(out, format!("wpconvert {}\n", env!("CARGO_PKG_VERSION")));
}

// The normalizer from the command line.

const DAMAGED: &str = "Title Of The Piece\n\nThe regions.Meanwhile,Sudan waits. teh end is near.\n";

#[test]
fn convert_repairs_and_counts_per_rule_and_diff_shows_the_repairs() {
    let output = wpconvert()
        .args(["convert", "--from", "text"])
        .write_stdin(DAMAGED)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "# Title Of The Piece\n\nThe regions. Meanwhile, Sudan waits. The end is near.\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("fixed 4 problems: 2 × WP201 missing-space, 1 × WP301 sentence-case, 1 × WP401 misspelling"), "{stderr}");

    let diff = stdout_of(
        wpconvert()
            .args(["convert", "--from", "text", "--diff"])
            .write_stdin(DAMAGED),
    );
    assert!(diff.contains("-The regions.Meanwhile,Sudan waits. teh end is near.\n+The regions. Meanwhile, Sudan waits. The end is near.\n"), "{diff}");

    let untouched = stdout_of(
        wpconvert()
            .args(["convert", "--from", "text", "--no-fix"])
            .write_stdin(DAMAGED),
    );
    assert!(untouched.contains("regions.Meanwhile,Sudan"));
}

#[test]
fn verbose_and_report_list_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("changes.json");
    let output = wpconvert()
        .args(["convert", "--from", "text", "-v", "--report"])
        .arg(&report)
        .write_stdin(DAMAGED)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("<stdin>: WP401 misspelling at block 1"),
        "{stderr}"
    );
    let changes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let changes = changes.as_array().unwrap();
    assert_eq!(changes.len(), 4);
    assert!(changes.iter().any(|c| c["code"] == "WP401"
        && c["before"].as_str().unwrap().contains("teh end")
        && c["after"].as_str().unwrap().contains("the end")));
}

#[test]
fn check_exits_1_with_problems_and_speaks_json() {
    let output = wpconvert()
        .args(["check", "--format", "json", "-"])
        .write_stdin(DAMAGED)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"WP201") && codes.contains(&"WP401"),
        "{codes:?}"
    );
    let clean = wpconvert()
        .args(["check", "-"])
        .write_stdin("Clean Title\n\nA clean sentence stays clean.\n")
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("no problems found"));
}

#[test]
fn select_ignore_and_the_config_file() {
    let only_spelling = stdout_of(
        wpconvert()
            .args(["convert", "--from", "text", "--select", "WP4"])
            .write_stdin(DAMAGED),
    );
    assert!(
        only_spelling.contains("regions.Meanwhile,Sudan waits. the end"),
        "{only_spelling}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wpconvert.toml"),
        "[normalize]\nignore = [\"WP201\", \"sentence-case\"]\n",
    )
    .unwrap();
    let nested = dir.path().join("articles");
    std::fs::create_dir(&nested).unwrap();
    let out = stdout_of(
        wpconvert()
            .current_dir(&nested)
            .args(["convert", "--from", "text"])
            .write_stdin(DAMAGED),
    );
    assert!(
        out.contains("regions.Meanwhile,Sudan waits. the end"),
        "{out}"
    );
    std::fs::write(
        dir.path().join("wpconvert.toml"),
        "[normalize]\nunknown = 1\n",
    )
    .unwrap();
    let bad = wpconvert()
        .current_dir(&nested)
        .args(["convert", "--from", "text"])
        .write_stdin(DAMAGED)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a valid wpconvert.toml"));
}

#[test]
fn rules_lists_every_rule_and_documents_one() {
    let list = stdout_of(wpconvert().arg("rules"));
    for code in ["WP101", "WP201", "WP302", "WP501", "WP604"] {
        assert!(list.contains(code), "{list}");
    }
    let one = stdout_of(wpconvert().args(["rules", "name-case"]));
    assert!(
        one.contains("WP302 name-case")
            && one.contains("Before:")
            && one.contains("polish the brass"),
        "{one}"
    );
}

#[test]
fn an_export_on_stdin_streams_as_json_lines_and_strict_fails_on_warnings() {
    let export = std::fs::read(fixture(
        "wxr/wordpress-importer/phpunit-data/wxr-simple.xml",
    ))
    .unwrap();
    let out = stdout_of(
        wpconvert()
            .args(["convert", "--to", "jsonl", "-q"])
            .write_stdin(export),
    );
    let item: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        item["meta"]["title"],
        "\"The Road Not Taken\" by Robert Frost"
    );

    let warning = "<table><tr><td colspan=2>wide</td></tr><tr><td>a</td><td>b</td></tr></table>";
    let lenient = wpconvert()
        .args(["convert", "-q"])
        .write_stdin(warning)
        .output()
        .unwrap();
    assert_eq!(lenient.status.code(), Some(0));
    let strict = wpconvert()
        .args(["convert", "-q", "--strict"])
        .write_stdin(warning)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(!strict.stdout.is_empty(), "still converted");
}
