//! "Writers agree": for every HTML fixture, the Markdown written for its Document, read back
//! by an independent CommonMark parser (comrak), has the same block structure and the same
//! text — nothing lost, nothing added, no stray escape showing in the prose.

mod common;

use common::{assert_writers_agree, inline_kinds};
use std::path::{Path, PathBuf};

fn html_fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("fixtures/html exists") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_html_fixture_reads_back_with_the_same_structure_and_text() {
    let fixtures = html_fixtures();
    assert!(
        fixtures.len() >= 7,
        "expected the readability pages and constructs: {fixtures:?}"
    );
    for path in fixtures {
        let bytes = std::fs::read(&path).unwrap();
        let converted = wpconvert::read(&bytes, wpconvert::InputFormat::Html);
        assert!(
            !converted.document.blocks.is_empty(),
            "{}: no content",
            path.display()
        );
        assert_writers_agree(&converted.document, &path.display().to_string());
    }
}

#[test]
fn the_kitchen_sink_fixture_holds_every_inline_kind() {
    // Guards the test above: it proves something only if the constructs are really there.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/constructs/kitchen-sink.html");
    let converted = wpconvert::read(&std::fs::read(path).unwrap(), wpconvert::InputFormat::Html);
    let kinds = inline_kinds(&converted.document);
    for kind in [
        "text",
        "emphasis",
        "strong",
        "code",
        "strikethrough",
        "superscript",
        "subscript",
        "link",
        "image",
        "line_break",
    ] {
        assert!(
            kinds.contains(kind),
            "no {kind} in the kitchen sink: {kinds:?}"
        );
    }
}

/// Every post and page of every fixture export, rendered as WordPress would, then written.
#[test]
fn every_export_item_reads_back_with_the_same_structure_and_text() {
    let documents = common::export_documents();
    assert!(
        documents.len() > 300,
        "only {} items checked",
        documents.len()
    );
    for (name, document) in documents {
        assert_writers_agree(&document, &name);
    }
}
