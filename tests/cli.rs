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

    // The refusal comes before the input is read: an input that cannot be read is not
    // the first thing reported (a large page was converted in full before being refused).
    let output = wpconvert()
        .arg("convert")
        .arg(dir.path().join("not-there.html"))
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("already exists; use --force"), "{stderr}");
    assert!(!stderr.contains("not-there"), "{stderr}");
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

// What the README and `--help` promise, held to the letter.

const THEME_EXPORT: &str = "wxr/theme-test-data/themeunittestdata.wordpress.xml";
const WIDE_TABLE: &str =
    "<table><tr><td colspan=2>wide</td></tr><tr><td>a</td><td>b</td></tr></table>";

/// Exit code and standard error of a command expected to be refused.
fn refused(command: &mut Command) -> String {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "refused, yet wrote output");
    stderr
}

#[test]
fn a_closed_standard_output_ends_the_run_quietly_with_exit_0() {
    use std::io::BufRead;
    let export = fixture(THEME_EXPORT);
    let pages = [
        fixture("html/readability/wordpress/source.html"),
        fixture("html/readability/002/source.html"),
    ];
    for args in [
        vec![
            "convert".into(),
            export.clone().into_os_string(),
            "--to".into(),
            "jsonl".into(),
        ],
        // Page after page: more than a pipe's 64 KiB buffer before the last.
        std::iter::once("convert".into())
            .chain(
                std::iter::repeat_n(pages.clone(), 40)
                    .flatten()
                    .map(Into::into),
            )
            .chain(["--to".into(), "jsonl".into()])
            .collect::<Vec<std::ffi::OsString>>(),
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wpconvert"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -n 1`: one line, then the pipe closes.
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("{\"schema_version\""), "{first}");
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(
            !stderr.contains("error") && !stderr.contains("Broken pipe"),
            "{stderr}"
        );
    }
}

#[test]
fn from_wins_over_the_extension_and_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.xml");
    std::fs::write(&page, "<p>Hello <b>world</b></p>").unwrap();
    let out = stdout_of(wpconvert().args(["convert", "--from", "html"]).arg(&page));
    assert_eq!(out, "Hello **world**\n");
    let out = stdout_of(
        wpconvert()
            .args(["convert", "--from", "text", "--no-fix"])
            .arg(&page),
    );
    assert_eq!(out, "\\<p>Hello \\<b>world\\</b>\\</p>\n");
}

#[test]
fn an_export_on_standard_input_plain_gzipped_or_named_by_from() {
    let export = std::fs::read(fixture(
        "wxr/wordpress-importer/phpunit-data/wxr-simple.xml",
    ))
    .unwrap();
    let mut gzipped = Vec::new();
    {
        use std::io::Write;
        let mut encoder =
            flate2::write::GzEncoder::new(&mut gzipped, flate2::Compression::default());
        encoder.write_all(&export).unwrap();
        encoder.finish().unwrap();
    }
    for (from, input) in [
        ("auto", export.clone()),
        ("wxr", export.clone()),
        ("auto", gzipped.clone()),
        ("wxr", gzipped),
    ] {
        let out = stdout_of(
            wpconvert()
                .args(["convert", "--to", "jsonl", "-q", "--from", from])
                .write_stdin(input),
        );
        let titles: Vec<String> = out
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .map(|item| item["meta"]["title"].as_str().unwrap().to_string())
            .collect();
        assert!(
            titles.contains(&"\"The Road Not Taken\" by Robert Frost".to_string()),
            "--from {from}: {titles:?}"
        );
    }
}

#[test]
fn quiet_still_prints_the_errors_behind_exit_2() {
    let export = std::fs::read(fixture(THEME_EXPORT)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.xml");
    std::fs::write(&cut, &export[..export.len() / 2]).unwrap();
    let output = wpconvert()
        .args(["convert", "-q", "-o"])
        .arg(dir.path().join("out"))
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: ") && stderr.contains("cut off"),
        "{stderr}"
    );
    // Errors only: no warnings, no summary.
    assert!(
        !stderr.contains("warning:") && !stderr.contains("wrote "),
        "{stderr}"
    );
}

/// The count in convert's "fixed N problems" line.
fn fixed_by_convert(args: &[&str]) -> usize {
    let output = wpconvert()
        .args(["convert"])
        .args(args)
        .arg(fixture("seed-article.txt"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let count = stderr
        .split("fixed ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next());
    count
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"))
}

#[test]
fn check_counts_the_fixes_convert_makes_with_the_same_options() {
    for options in [&[][..], &["--unsafe-fixes"], &["--select", "WP2"]] {
        let output = wpconvert()
            .arg("check")
            .args(options)
            .arg(fixture("seed-article.txt"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last = stdout.lines().last().unwrap();
        let fixes: usize = last
            .split("` fixes ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{last}"));
        assert_eq!(fixes, fixed_by_convert(options), "{options:?}: {last}");
    }
    // With --unsafe-fixes, check's own list says which fixes apply.
    let output = wpconvert()
        .args(["check", "--unsafe-fixes"])
        .arg(fixture("seed-article.txt"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("(--unsafe-fixes)"));
}

/// `check` on an export reads pass 1's records back from the temporary folder; with no such
/// folder it parses the export again, and says the same.
#[test]
fn check_says_the_same_of_an_export_with_or_without_a_temporary_folder() {
    let export = fixture("wxr/theme-test-data/themeunittestdata.wordpress.xml");
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    let run = |temporary: Option<&std::path::Path>| {
        let mut command = wpconvert();
        if let Some(temporary) = temporary {
            command.env("TMPDIR", temporary);
        }
        let output = command.arg("check").arg(&export).output().unwrap();
        (output.status.code(), output.stdout, output.stderr)
    };
    let (code, stdout, stderr) = run(None);
    assert_eq!(code, Some(1), "{}", String::from_utf8_lossy(&stderr));
    assert!(
        String::from_utf8_lossy(&stdout).contains("“Page Image Alignment” (id 1133, line 8765)")
    );
    assert_eq!(run(Some(&missing)), (code, stdout, stderr));
}

#[test]
fn export_only_options_are_refused_for_pages() {
    let page = fixture("seed-article.txt");
    for option in [
        &["--summary", "summary.json"][..],
        &["--shortcode", "gallery=drop"],
        &["--ascii-slugs"],
        &["--password-protected"],
    ] {
        let stderr = refused(wpconvert().arg("convert").args(option).arg(&page));
        assert!(
            stderr.contains(&format!("{} applies to a WordPress export only", option[0])),
            "{stderr}"
        );
    }
}

#[test]
fn unknown_values_are_usage_errors_that_list_the_valid_ones() {
    let page = fixture("seed-article.txt");
    let export = fixture(THEME_EXPORT);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec![
                "convert".into(),
                page.clone().into(),
                "--select".into(),
                "WP999".into(),
            ],
            "WP101, WP201",
        ),
        (
            vec![
                "convert".into(),
                page.clone().into(),
                "--ignore".into(),
                "nope".into(),
            ],
            "no rule `nope`",
        ),
        (
            vec![
                "convert".into(),
                page.clone().into(),
                "--select".into(),
                "wp401".into(),
            ],
            "did you mean WP401?",
        ),
        (
            vec![
                "check".into(),
                page.clone().into(),
                "--select".into(),
                "WP999".into(),
            ],
            "no rule `WP999`",
        ),
        (
            vec![
                "convert".into(),
                export.clone().into(),
                "-o".into(),
                out.clone().into(),
                "--status".into(),
                "publish,publsh".into(),
            ],
            "possible values: publish, draft",
        ),
        (
            vec![
                "convert".into(),
                export.clone().into(),
                "-o".into(),
                out.clone().into(),
                "--shortcode".into(),
                "box=explode".into(),
            ],
            "keep, drop or unwrap",
        ),
        (
            vec![
                "convert".into(),
                export.clone().into(),
                "-o".into(),
                out.clone().into(),
                "--types".into(),
                "post,psot".into(),
            ],
            "its types are attachment (37), nav_menu_item (70), page (21), post (58)",
        ),
    ];
    for (args, listed) in cases {
        let stderr = refused(wpconvert().args(&args));
        assert!(stderr.contains(listed), "{args:?}: {stderr}");
    }
    assert!(!out.exists(), "a refused run writes nothing");
    // A type WordPress has is no mistake, even when this export holds none of it.
    let output = wpconvert()
        .args(["convert", "-q", "--types", "post,page", "-o"])
        .arg(&out)
        .arg(fixture(
            "wxr/wordpress-importer/phpunit-data/wxr-simple.xml",
        ))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_output_name_with_an_unknown_extension_is_not_silently_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = refused(
        wpconvert()
            .current_dir(dir.path())
            .args(["convert", "-o", "notes.txt"])
            .arg(fixture("seed-article.txt")),
    );
    assert!(stderr.contains("write `notes.txt/`"), "{stderr}");
    assert!(!dir.path().join("notes.txt").exists());
    // Said plainly, it is a folder.
    let output = wpconvert()
        .current_dir(dir.path())
        .args(["convert", "-q", "-o", "notes.txt/"])
        .arg(fixture("seed-article.txt"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(dir.path().join("notes.txt/seed-article.md").is_file());
    // An export needs a folder, not a file name.
    let stderr = refused(
        wpconvert()
            .current_dir(dir.path())
            .args(["convert", "-o", "site.md"])
            .arg(fixture(THEME_EXPORT)),
    );
    assert!(stderr.contains("needs a folder"), "{stderr}");
}

#[test]
fn the_summary_says_where_json_lines_went() {
    let output = wpconvert()
        .args(["convert", "--to", "jsonl"])
        .arg(fixture(THEME_EXPORT))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    assert!(
        stderr.contains(&format!(
            "wrote {lines} items to standard output (JSON Lines)"
        )),
        "{lines} lines; {stderr}"
    );
    assert!(!stderr.contains("files to ."), "{stderr}");
}

#[test]
fn markdown_warnings_only_where_markdown_is_written() {
    for to in ["json", "html", "jsonl"] {
        let output = wpconvert()
            .args(["convert", "--to", to])
            .write_stdin(WIDE_TABLE)
            .output()
            .unwrap();
        assert!(output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("written as HTML"), "--to {to}: {stderr}");
    }
    let output = wpconvert()
        .args(["convert", "--to", "markdown"])
        .write_stdin(WIDE_TABLE)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("table 1 is written as HTML"));
}

/// An editor's Markdown file is read as Markdown: its front matter is the metadata, a line
/// `Note: …` stays a line, and the tool's own Markdown converts to itself.
#[test]
fn markdown_files_are_read_as_markdown_and_convert_to_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: A walk\ndate: 2021-05-04T10:00:00+02:00\ntags: [harbour, boats]\n---\n\nNote: the tide was low.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```sh\nls *.jpg  \n```\n",
    )
    .unwrap();
    let json = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["convert", "--to", "json", "--no-fix"])
        .arg(&post)
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["meta"]["title"], "A walk");
    assert_eq!(value["meta"]["published"], "2021-05-04T10:00:00+02:00");
    assert_eq!(value["content"][0]["type"], "paragraph");
    assert_eq!(
        value["content"][0]["content"][0]["text"],
        "Note: the tide was low."
    );
    assert_eq!(value["content"][1]["type"], "table");
    assert_eq!(value["content"][2]["text"], "ls *.jpg  ");

    let first = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["convert", "--no-fix"])
        .arg(&post)
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    let again_path = dir.path().join("again.md");
    std::fs::write(&again_path, &first.stdout).unwrap();
    let again = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["convert", "--no-fix", "--from", "markdown"])
        .arg(&again_path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&first.stdout)
    );
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("tags:\n- harbour\n- boats\n"), "{text}");
    assert!(!text.contains("**Note:**"), "{text}");
}

#[test]
fn dash_as_output_is_standard_output_not_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    // An export streamed as JSON Lines: one line per item written, nothing on disk.
    let output = wpconvert()
        .current_dir(dir.path())
        .args(["convert", "--to", "jsonl", "-o", "-"])
        .arg(fixture(THEME_EXPORT))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let lines = String::from_utf8(output.stdout).unwrap();
    assert_eq!(lines.lines().count(), 76, "{lines}");
    // A page, as Markdown.
    let output = wpconvert()
        .current_dir(dir.path())
        .args(["convert", "-o", "-"])
        .arg(fixture("html/readability/wordpress/source.html"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!output.stdout.is_empty());
    // An export as files needs a real folder: said, not written into one named `-`.
    let output = wpconvert()
        .current_dir(dir.path())
        .args(["convert", "-o", "-"])
        .arg(fixture(THEME_EXPORT))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("add `-o FOLDER`"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
