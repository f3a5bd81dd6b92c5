//! What converting each real export writes, held by a digest per export: the theme unit test
//! export (always) and the 25 exports of the real-world corpus (where `../shared` is
//! present). An optimization must leave every digest as it was; a change of behaviour changes
//! some, and is then blessed on purpose:
//!
//! `WPCONVERT_BLESS=1 cargo test --test output_digests` rewrites `tests/output-digests.tsv`
//! (commit it with the change that explains it).
//!
//! Each digest is SHA-256 over every file written (its path in the output folder, its bytes),
//! in path order, for the default conversion (Markdown with front matter, the normalizer's safe
//! fixes) with readers' comments and the run's summary (warnings, skipped items, with their
//! lines), and for JSON Lines on standard output.

mod common;

use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LIST: &str = "tests/output-digests.tsv";

fn digest_of_folder(folder: &Path) -> String {
    let mut files: Vec<PathBuf> = common::files_under(folder);
    files.sort();
    let mut hash = Sha256::new();
    for file in files {
        let relative = file.strip_prefix(folder).unwrap();
        hash.update(relative.to_string_lossy().as_bytes());
        hash.update([0]);
        hash.update(std::fs::read(&file).unwrap());
        hash.update([0]);
    }
    hex(&hash.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digests of converting `export`, with `TMPDIR` set to `temporary` when given.
fn digests_of(export: &Path, temporary: Option<&Path>) -> (String, String) {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("site");
    let wpconvert = || {
        let mut command = Command::cargo_bin("wpconvert").unwrap();
        if let Some(temporary) = temporary {
            command.env("TMPDIR", temporary);
        }
        command
    };
    wpconvert()
        .arg("convert")
        .arg(export)
        .arg("-o")
        .arg(&folder)
        .arg("--comments")
        .arg("--summary")
        .arg(out.path().join("summary.json"))
        .output()
        .unwrap();
    std::fs::rename(out.path().join("summary.json"), folder.join("summary.json")).unwrap();
    let markdown = digest_of_folder(&folder);
    let lines = wpconvert()
        .args(["convert", "--to", "jsonl"])
        .arg(export)
        .output()
        .unwrap();
    let jsonl = hex(&Sha256::digest(&lines.stdout));
    (markdown, jsonl)
}

/// The theme unit test export, and the corpus's exports where `../shared` is present.
fn exports() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut exports: Vec<(String, PathBuf)> = vec![(
        "themeunittestdata".into(),
        root.join("fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml"),
    )];
    let corpus = common::corpus("wxr");
    if let Some(corpus) = &corpus {
        for file in common::files_with(corpus, ".xml") {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            exports.push((name, file));
        }
    }
    exports
}

/// Every export's digests, by name.
fn digests(temporary: Option<&Path>) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for (name, path) in exports() {
        let (markdown, jsonl) = digests_of(&path, temporary);
        found.insert(name, format!("{markdown}\t{jsonl}"));
    }
    found
}

fn stored() -> BTreeMap<String, String> {
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join(LIST);
    let stored = std::fs::read_to_string(&list).unwrap_or_default();
    stored
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (name, digests) = l.split_once('\t')?;
            Some((name.to_string(), digests.to_string()))
        })
        .collect()
}

/// The exports whose digests differ from the stored ones.
fn changed(found: &BTreeMap<String, String>) -> Vec<String> {
    let stored = stored();
    found
        .iter()
        .filter(|(name, digests)| stored.get(*name) != Some(digests))
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn every_export_converts_to_the_same_bytes_as_before() {
    let found = digests(None);
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join(LIST);
    if std::env::var_os("WPCONVERT_BLESS").is_some() {
        // Exports absent here (no `../shared`) keep their stored digests.
        let mut all = stored();
        all.extend(found.clone());
        let text: String = all
            .iter()
            .map(|(name, digests)| format!("{name}\t{digests}\n"))
            .collect();
        std::fs::write(
            &list,
            format!("# export\tMarkdown folder SHA-256\tJSON Lines SHA-256\n{text}"),
        )
        .unwrap();
        return;
    }
    let changed = changed(&found);
    assert!(
        changed.is_empty(),
        "the output changed for {changed:?}; if the change is meant, \
         WPCONVERT_BLESS=1 cargo test --test output_digests rewrites {LIST}"
    );
}

/// Pass 2 reads pass 1's copy of the records from the temporary folder; where there is none to
/// be had, it parses the export again, to the same bytes.
#[test]
fn without_a_temporary_folder_every_export_converts_to_the_same_bytes() {
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    let changed = changed(&digests(Some(&missing)));
    assert!(
        changed.is_empty(),
        "converted without pass 1's copy of the records, the output changed for {changed:?}"
    );
}
