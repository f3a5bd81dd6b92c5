//! The article extraction benchmark (181 real pages, a person's marking of each article body)
//! scored the way its own `evaluate.py` scores: word 4-gram shingles of the extracted text
//! against the marking, precision and recall per page (normalised so that long pages weigh
//! no more than short ones), averaged, F1 of the averages. The bar is the issue's: ahead of
//! every published extractor (rs_trafilatura: F1 0.970, precision 0.951).
//!
//! `benches/extraction.py` runs the release binary and the benchmark's own Python scorer
//! (the README's figures); this test holds the same bar in `cargo test`, through the library.
//! Skipped, with a note, where `../shared` is absent.

mod common;

use std::collections::HashMap;

/// Word tokens as `evaluate.py` takes them (`\w+`, Unicode).
fn tokens(text: &str) -> Vec<&str> {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\w+").unwrap());
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let words: Vec<String> = tokens(text).iter().map(|w| w.to_string()).collect();
    let mut counts = HashMap::new();
    let n = 4;
    for start in 0..words.len().saturating_sub(n - 1).max(1) {
        let shingle: Vec<String> = words.iter().skip(start).take(n).cloned().collect();
        if !shingle.is_empty() {
            *counts.entry(shingle).or_insert(0) += 1;
        }
    }
    counts
}

/// (tp, fp, fn) of one page, normalised to sum to 1.
fn matching(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let (truth, predicted) = (shingles(truth), shingles(predicted));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in truth
        .keys()
        .chain(predicted.keys().filter(|k| !truth.contains_key(*k)))
    {
        let t = *truth.get(key).unwrap_or(&0) as f64;
        let p = *predicted.get(key).unwrap_or(&0) as f64;
        tp += t.min(p);
        fp += (p - t).max(0.0);
        fn_ += (t - p).max(0.0);
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (tp, fp, fn_)
    }
}

#[test]
fn saved_pages_extract_ahead_of_every_published_extractor() {
    let Some(folder) = common::corpus("pages/article-extraction-benchmark") else {
        return;
    };
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("ground-truth.json")).unwrap())
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pages = common::decompressed_pages(&folder.join("html"), dir.path());
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    let mut worst = Vec::new();
    for page in &pages {
        let key = page
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace(".html", "");
        let marked = truth[&key]["articleBody"].as_str().unwrap_or("");
        let converted =
            wpconvert::read(&std::fs::read(page).unwrap(), wpconvert::InputFormat::Html);
        let html = wpconvert::write::html::write(&converted.document, &Default::default());
        let text = common::html_text(&html);
        let (tp, fp, fn_) = matching(marked, &text);
        let precision = if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        };
        let recall = if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        };
        if tp + fp > 0.0 {
            precisions.push(precision);
        }
        if tp + fn_ > 0.0 {
            recalls.push(recall);
        }
        worst.push((fp + fn_, key[..12].to_string(), precision, recall));
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (precision, recall) = (mean(&precisions), mean(&recalls));
    let f1 = 2.0 * precision * recall / (precision + recall);
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    let report: String = worst
        .iter()
        .take(10)
        .map(|(_, key, p, r)| format!("\n  {key}  precision {p:.2}  recall {r:.2}"))
        .collect();
    eprintln!(
        "extraction benchmark: F1 {f1:.3}, precision {precision:.3}, recall {recall:.3}; costliest pages:{report}"
    );
    assert!(
        f1 >= 0.97 && precision >= 0.95,
        "F1 {f1:.4}, precision {precision:.4}, recall {recall:.4}; costliest pages:{report}"
    );
}
