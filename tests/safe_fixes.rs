//! Every change the default (safe) fixes make on the real-world corpus, reviewed.
//!
//! `convert` with default options runs over the 25 real exports and the 181 real pages of
//! `../shared/corpus/` (read in place, third-party content) with `--report`; each change it
//! reports becomes one line of `tests/safe-fixes.tsv`: verdict, source, item, rule, and the
//! text around the change before → after. The test fails when the list differs from the one in
//! the repository (a new change must be reviewed), or when any line is not marked `right`.
//!
//! After a change to the rules, `WPCONVERT_BLESS=1 cargo test --test safe_fixes` rewrites the
//! list, keeping the verdicts of lines already reviewed and marking new ones `?`: read each,
//! mark it `right`, or make it a "leaves alone" case in the rule's tests and fix the rule.
//!
//! Skipped, with a note, where `../shared` is absent.

mod common;

use assert_cmd::Command;
use common::{decompressed_pages, files_with};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LIST: &str = "tests/safe-fixes.tsv";
const HEADER: &str = "# verdict\tsource\titem\trule\tbefore\tafter";

/// One field of the list: tabs and line ends shown, not taken as separators.
fn field(text: &str) -> String {
    text.replace('\t', "⇥")
        .replace('\n', "⏎")
        .replace('\r', "␍")
}

/// `“Title” (id 42, line 1234)` → `id 42`: the post id names an item for good.
fn item_of(input: &str) -> String {
    match input.rfind("(id ") {
        Some(at) => input[at + 1..]
            .split([',', ')'])
            .next()
            .unwrap_or(input)
            .to_string(),
        None => input.to_string(),
    }
}

/// Runs `convert` with default options and `--report`; the report's changes as list lines
/// (without the verdict).
/// `name` gives an input's source and item columns.
fn changes(inputs: &[PathBuf], name: impl Fn(&str) -> (String, String)) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .args(inputs)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 2)) && !stderr.contains("panicked"),
        "{inputs:?}: {stderr}"
    );
    let report: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    report
        .iter()
        .map(|c| {
            let (source, item) = name(c["input"].as_str().unwrap());
            [
                source,
                item,
                c["code"].as_str().unwrap().to_string(),
                c["before"].as_str().unwrap().to_string(),
                c["after"].as_str().unwrap().to_string(),
            ]
            .map(|f| field(&f))
            .join("\t")
        })
        .collect()
}

fn corpus_changes(corpus: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    let exports = files_with(&corpus.join("wxr"), ".xml");
    assert_eq!(exports.len(), 25, "the corpus holds 25 exports");
    for export in &exports {
        let stem = export.file_stem().unwrap().to_string_lossy().to_string();
        let source = stem.split("__").next().unwrap().to_string();
        lines.extend(changes(std::slice::from_ref(export), |input| {
            (source.clone(), item_of(input))
        }));
    }

    let dir = tempfile::tempdir().unwrap();
    let inputs = decompressed_pages(
        &corpus.join("pages/article-extraction-benchmark/html"),
        dir.path(),
    );
    lines.extend(changes(&inputs, |input| {
        let name = Path::new(input).file_name().unwrap().to_string_lossy();
        (format!("page {}", &name[..12]), "-".to_string())
    }));
    lines
}

#[test]
fn every_safe_fix_on_the_real_world_corpus_is_reviewed_and_right() {
    let Some(corpus) = common::corpus("") else {
        return;
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(LIST);
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    // Verdicts by line; a line may occur more than once (the same slip twice in one item).
    let mut reviewed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stored.lines().filter(|l| !l.starts_with('#')) {
        let (verdict, change) = line.split_once('\t').unwrap_or((line, ""));
        reviewed
            .entry(change.to_string())
            .or_default()
            .push(verdict.to_string());
    }

    let found = corpus_changes(&corpus);
    let mut verdicts = reviewed.clone();
    let listed: Vec<String> = found
        .iter()
        .map(|change| {
            let verdict = verdicts
                .get_mut(change)
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
                .unwrap_or_else(|| "?".to_string());
            format!("{verdict}\t{change}")
        })
        .collect();
    let text = format!("{HEADER}\n{}\n", listed.join("\n"));

    if std::env::var_os("WPCONVERT_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let stored_lines: Vec<&str> = stored.lines().filter(|l| !l.starts_with('#')).collect();
    let new: Vec<&String> = listed
        .iter()
        .filter(|l| !stored_lines.contains(&l.as_str()))
        .collect();
    let gone: Vec<&&str> = stored_lines
        .iter()
        .filter(|l| !listed.contains(&l.to_string()))
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "the safe fixes changed on the corpus ({} new, {} no longer made); review them \
         (WPCONVERT_BLESS=1 rewrites {LIST}):\nnew:\n{}\nno longer made:\n{}",
        new.len(),
        gone.len(),
        new.iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        gone.iter().map(|l| **l).collect::<Vec<_>>().join("\n"),
    );
    let not_right: Vec<&String> = listed
        .iter()
        .filter(|l| !l.starts_with("right\t"))
        .collect();
    assert!(
        not_right.is_empty(),
        "{} safe fixes on the corpus are not reviewed as right:\n{}",
        not_right.len(),
        not_right
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
