//! On clean prose — the theme unit test posts, the WordPress importer's fixtures and the saved
//! pages — the normalizer's safe rules change at most one word in 20,000, and running the
//! normalizer on its own output changes nothing.
//!
//! `cargo test --test clean_prose -- --nocapture` prints every change they make there.

mod common;

use std::path::Path;
use wpconvert::model::Document;
use wpconvert::normalize::{Settings, normalize, text_blocks};

/// Every post and page of every fixture export, and every saved page, as documents.
fn clean_documents() -> Vec<(String, Document)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut documents = common::export_documents();
    for page in ["wordpress", "002", "firefox-nightly-blog"] {
        let path = root.join("html/readability").join(page).join("source.html");
        let converted =
            wpconvert::read(&std::fs::read(&path).unwrap(), wpconvert::InputFormat::Html);
        documents.push((format!("readability/{page}"), converted.document));
    }
    documents
}

fn words(document: &Document) -> Vec<String> {
    text_blocks(document)
        .iter()
        .flat_map(|b| {
            b.text
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn safe_rules_change_at_most_one_word_in_20000_of_clean_prose() {
    let mut total_words = 0;
    let mut changed_words = 0;
    for (name, original) in clean_documents() {
        let mut document = original.clone();
        let report = normalize(&mut document, &Settings::default());
        let before = words(&original);
        let after = words(&document);
        total_words += before.len();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after) {
            if !matches!(op, similar::DiffOp::Equal { .. }) {
                changed_words += op.old_range().len().max(op.new_range().len());
            }
        }
        for change in report.changes {
            println!(
                "{name}: {} {}: `{}` → `{}`",
                change.code,
                change.name,
                change.before.replace('\n', "⏎"),
                change.after.replace('\n', "⏎")
            );
        }
    }
    println!("{changed_words} words changed of {total_words}");
    assert!(
        total_words > 40_000,
        "only {total_words} words of clean prose"
    );
    assert!(
        changed_words * 20_000 <= total_words,
        "{changed_words} words changed of {total_words}"
    );
}

#[test]
fn normalizing_its_own_output_changes_nothing() {
    let settings = Settings {
        unsafe_fixes: true,
        ..Settings::default()
    };
    let mut documents = clean_documents();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed-article.txt"),
    )
    .unwrap();
    documents.push(("seed-article".into(), wpconvert::read::text::read(&seed)));
    for (name, mut document) in documents {
        normalize(&mut document, &settings);
        let again = normalize(&mut document.clone(), &settings);
        assert!(
            again.changes.is_empty(),
            "{name}: a second pass changed {:?}",
            again.changes
        );
        // And through Markdown and back, for the text reader.
        let markdown = wpconvert::write::markdown::write(
            &document,
            &wpconvert::write::markdown::Options {
                front_matter: false,
                ..Default::default()
            },
        )
        .text;
        if name == "seed-article" {
            let mut reread = wpconvert::read::text::read(&markdown);
            let third = normalize(&mut reread, &settings);
            assert!(
                third.changes.is_empty(),
                "{name}: its Markdown, read again, changed {:?}",
                third.changes
            );
        }
    }
}
