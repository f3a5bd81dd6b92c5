//! The real-world corpus: 25 real WordPress exports and 181 real saved pages, read in place
//! from `../shared/corpus/` (third-party content, never copied into the repository). Every
//! export converts with default options without a failed item, accounts for every item, and
//! leaves no WordPress markup outside code; every page converts and checks.
//!
//! Skipped, with a note, where `../shared` is absent.

mod common;

use assert_cmd::Command;
use common::{corpus, decompressed_pages, files_under, files_with, prose_of};

/// `<item>` start tags in the raw bytes: an item count made without the XML reader (it
/// counts damaged files too, as the corpus manifest does).
fn raw_item_count(bytes: &[u8]) -> usize {
    bytes.windows(6).filter(|w| w == b"<item>").count()
}

#[test]
fn every_real_export_converts_with_every_item_accounted_for() {
    let Some(folder) = corpus("wxr") else { return };
    let exports = files_with(&folder, ".xml");
    assert_eq!(exports.len(), 25, "the corpus holds 25 exports");
    let mut problems = Vec::new();
    for export in &exports {
        let name = export.file_name().unwrap().to_string_lossy().to_string();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let summary_path = dir.path().join("summary.json");
        let output = Command::cargo_bin("wpconvert")
            .unwrap()
            .arg("convert")
            .arg(export)
            .arg("-o")
            .arg(&out)
            .arg("--summary")
            .arg(&summary_path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code();
        if !matches!(code, Some(0..=2)) {
            problems.push(format!("{name}: exit {code:?}: {stderr}"));
            continue;
        }
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&summary_path).unwrap()).unwrap();
        let read: u64 = summary["read"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        let skipped: u64 = summary["skipped"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v["count"].as_u64().unwrap())
            .sum();
        let written = summary["written"].as_u64().unwrap();
        let failed = summary["failed"].as_array().unwrap();
        let raw = raw_item_count(&std::fs::read(export).unwrap()) as u64;
        if read != raw {
            problems.push(format!("{name}: read {read} items, the file has {raw}"));
        }
        if !failed.is_empty() {
            problems.push(format!("{name}: failed items: {failed:?}"));
        }
        if read != written + skipped + failed.len() as u64 {
            problems.push(format!(
                "{name}: read {read} ≠ written {written} + skipped {skipped} + failed {}",
                failed.len()
            ));
        }
        let files = if out.is_dir() {
            files_under(&out)
        } else {
            Vec::new()
        };
        if files.len() as u64 != written {
            problems.push(format!(
                "{name}: {} files on disk, the summary says {written}",
                files.len()
            ));
        }
        for file in &files {
            let prose = prose_of(&std::fs::read_to_string(file).unwrap());
            for residue in ["[gallery", "[caption", "<!-- wp:", "<!--more-->"] {
                if prose.contains(residue) {
                    problems.push(format!(
                        "{name}: {residue} outside code in {}",
                        file.display()
                    ));
                }
            }
        }
        if name.starts_with("arzebiu") {
            // 567 published posts and 14 published pages; an unsplit `]]>` used to end the
            // XML after 32 of them.
            assert!(
                written >= 570,
                "arzebiu: {written} of 581 written\n{stderr}"
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_real_page_converts_and_checks() {
    let Some(folder) = corpus("pages/article-extraction-benchmark/html") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let inputs = decompressed_pages(&folder, dir.path());
    let out = dir.path().join("out");
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .args(&inputs)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let written = files_under(&out);
    assert_eq!(written.len(), inputs.len(), "{stderr}");
    let empty: Vec<_> = written
        .iter()
        .filter(|f| std::fs::read_to_string(f).unwrap().trim().is_empty())
        .collect();
    assert!(empty.is_empty(), "pages with no text: {empty:?}");

    // `check` reads every page too: exit 0 (nothing to repair) or 1 (repairs found), never
    // a failure.
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("check")
        .args(&inputs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}: {stderr}",
        output.status
    );
    assert!(!stderr.contains("error"), "{stderr}");
}
