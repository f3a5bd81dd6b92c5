//! On clean prose — the theme unit test posts, the WordPress importer's fixtures and the saved
//! pages — the normalizer's safe rules change no word (they only collapse runs of spaces and
//! remove blank paragraphs), and running the normalizer on its own output changes nothing.
//!
//! `cargo test --test clean_prose -- --nocapture` prints every change they make there.

mod common;

use std::path::Path;
use wpconvert::model::Document;
use wpconvert::normalize::{Settings, normalize};

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

/// The words a reader sees: the document written as Markdown and rendered by comrak.
fn words(document: &Document) -> Vec<String> {
    let options = wpconvert::write::markdown::Options {
        front_matter: false,
        ..Default::default()
    };
    common::rendered_words(&wpconvert::write::markdown::write(document, &options).text)
}

#[test]
fn safe_rules_change_no_word_of_clean_prose() {
    let mut total_words = 0;
    let mut changed_words = Vec::new();
    let mut changes_by_rule = std::collections::BTreeMap::<&str, usize>::new();
    for (name, original) in clean_documents() {
        let mut document = original.clone();
        let report = normalize(&mut document, &Settings::default());
        let before = words(&original);
        let after = words(&document);
        total_words += before.len();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after) {
            if !matches!(op, similar::DiffOp::Equal { .. }) {
                changed_words.push(format!(
                    "{name}: {:?} → {:?}",
                    &before[op.old_range()],
                    &after[op.new_range()]
                ));
            }
        }
        for change in report.changes {
            // Whitespace only: the same words on both sides.
            let same_words = change
                .before
                .split_whitespace()
                .eq(change.after.split_whitespace());
            assert!(
                same_words && matches!(change.code, "WP202" | "WP602"),
                "{name}: {} {} changes words: `{}` → `{}`",
                change.code,
                change.name,
                change.before,
                change.after
            );
            eprintln!(
                "{name}: {} {:?} → {:?}",
                change.code, change.before, change.after
            );
            *changes_by_rule.entry(change.code).or_default() += 1;
        }
    }
    assert!(
        total_words > 40_000,
        "only {total_words} words of clean prose"
    );
    assert_eq!(
        changed_words,
        Vec::<String>::new(),
        "of {total_words} words"
    );
    // Written down from `-- --nocapture` runs, each read: double spaces after full stops and
    // `&nbsp;` padding (WP202), `<p>&nbsp;</p>` (WP602).
    assert_eq!(
        changes_by_rule,
        [("WP202", 11), ("WP602", 7)].into_iter().collect(),
        "the repairs made on clean prose"
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
