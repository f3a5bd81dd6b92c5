//! The seed article is the normalizer's acceptance test: every defect in it is repaired, and
//! nothing else changes.

mod common;

use assert_cmd::Command;
use common::rendered_words;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed-article.txt")
}

fn convert(args: &[&str]) -> (String, String) {
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .arg(seed())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The words of the pasted text, without its markup (bullets, table pipes and the delimiter
/// row).
fn source_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.chars().all(|c| matches!(c, '|' | '-' | '–' | '—' | ':')))
        .map(str::to_string)
        .collect()
}

#[test]
fn structure_headings_list_and_table() {
    let (markdown, _) = convert(&["--unsafe-fixes"]);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(
        lines[0],
        "# Strengthening Ties: Sudan and Mali Forge Strategic Partnership Amid Shared Challenges"
    );
    for heading in [
        "## Security Cooperation Takes Center Stage",
        "## Key Areas of Mali-Sudan cooperation",
        "## Parallel Political Trajectories",
        "## A Path Forward",
        "## Security Cooperation: A Top Priority",
        "## Economic Partnerships: Leveraging Natural Resources",
        "## Parallel Political Trajectories: Lessons from Military Transitions",
        "## A Path Forward: Hope for Stability and Growth",
    ] {
        assert!(lines.contains(&heading), "missing heading {heading:?}");
    }
    assert!(!markdown.contains("Table of Contents"));
    assert!(markdown.contains("\n\n- Security: Intensifying military collaboration"));
    assert!(markdown.contains("\n- Economic partnerships: Exploring"));
    assert!(markdown.contains("\n- Cultural Exchange: Strengthening ties"));
    // A real table: header, delimiter, three rows.
    let table: Vec<&&str> = lines.iter().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 5, "{table:?}");
    assert!(table[0].starts_with("| Key Areas of Cooperation | Details |"));
    assert!(table[1].starts_with("| ---"));
    assert!(table[2].starts_with("| Security "));
}

#[test]
fn the_listed_defects_read_repaired() {
    let (markdown, _) = convert(&["--unsafe-fixes"]);
    let text = rendered_words(&markdown).join(" ");
    for phrase in [
        "regions. Meanwhile, Sudan",
        "2023, pitting",
        "(FAS), led",
        "al-Burhan, against",
        "Daglo, known",
        "leaders. These",
        "Dr. Diallo, let’s",
        "insurgencies. How",
        "security. Mali",
        "conflict. By sharing",
        "Thank you. It’s",
        "General Abdel Fattah",
        "By sharing intelligence",
        "How can these sectors",
        "Additionally, agricultural",
        "What does this partnership",
        "General Assimi Goïta",
        "General al-Burhan’s forces",
        "in the Sahel, explore",
        "Sudan and Mali have",
        "Dr. Amina Diallo: Both",
        "Senior Editor: Both nations",
        "Though, success",
    ] {
        assert!(text.contains(phrase), "missing {phrase:?}");
    }
    // The duplicate call to action is gone with --unsafe-fixes, and so is the generator's note.
    assert_eq!(
        text.matches("For more insights into the evolving diplomatic landscape")
            .count(),
        1
    );
    assert!(!text.contains("This HTML-formatted interview is designed"));
}

#[test]
fn safe_fixes_alone_report_the_duplicate_and_keep_it() {
    let (markdown, stderr) = convert(&[]);
    assert_eq!(
        markdown
            .matches("For more insights into the evolving diplomatic landscape")
            .count(),
        2
    );
    assert!(markdown.contains("This HTML-formatted interview is designed"));
    assert!(stderr.contains("WP201 missing-space"), "{stderr}");
    let check = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("check")
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8(check.stdout).unwrap();
    for code in [
        "WP101", "WP201", "WP301", "WP302", "WP303", "WP401", "WP601", "WP603", "WP604",
    ] {
        assert!(
            report.contains(&format!(": {code} ")),
            "check does not list {code}:\n{report}"
        );
    }
    assert!(
        report.contains("WP603 duplicate-paragraph")
            && report.contains("unsafe fix (--unsafe-fixes)")
    );
}

#[test]
fn nothing_else_changed() {
    let source = std::fs::read_to_string(seed()).unwrap();
    let (markdown, _) = convert(&["--unsafe-fixes"]);
    let before = source_words(&source);
    let after = rendered_words(&markdown);
    let allowed: BTreeSet<(&str, &str)> = [
        ("assimi", "Assimi"),
        ("regions.Meanwhile,Sudan", "regions. Meanwhile, Sudan"),
        ("2023,pitting", "2023, pitting"),
        ("(FAS),led", "(FAS), led"),
        ("al-Burhan,against", "al-Burhan, against"),
        ("Daglo,known", "Daglo, known"),
        ("Table of Contents", ""),
        ("leaders.These", "leaders. These"),
        ("al-burhan’s", "al-Burhan’s"),
        ("sahel,", "Sahel,"),
        ("mali", "Mali"),
        ("general", "General"),
        ("Dr.diallo,", "Dr. Diallo,"),
        ("insurgencies.How", "insurgencies. How"),
        ("by", "By"),
        ("how", "How"),
        ("diallo:", "Diallo:"),
        ("additionally,", "Additionally,"),
        ("editor:", "Editor:"),
        ("security.Mali", "security. Mali"),
        ("conflict.by", "conflict. By"),
        ("what", "What"),
        ("Tho,", "Though,"),
        ("you.It’s", "you. It’s"),
    ]
    .into_iter()
    .collect();
    let removed_tail = "For more insights into the evolving diplomatic landscape in the Sahel, explore recent developments in high-level diplomatic activity and the challenges faced by regional actors like Algerian diplomacy in the Sahel. This HTML-formatted interview is designed for a WordPress page, incorporating key themes from the article while maintaining a natural, conversational tone. It provides context, explores critical topics, and concludes with a call to action for further reading.";
    let mut seen = BTreeSet::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after) {
        let (old, new) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let old_text = before[old].join(" ");
        let new_text = after[new].join(" ");
        if old_text == removed_tail && new_text.is_empty() {
            seen.insert((removed_tail, ""));
            continue;
        }
        let pair = allowed
            .iter()
            .find(|(o, n)| *o == old_text && *n == new_text)
            .unwrap_or_else(|| panic!("unexpected change: {old_text:?} → {new_text:?}"));
        seen.insert(*pair);
    }
    for pair in &allowed {
        assert!(seen.contains(pair), "expected change not made: {pair:?}");
    }
    assert!(
        seen.contains(&(removed_tail, "")),
        "the duplicate and the note were not removed"
    );
}

#[test]
fn normalizing_twice_changes_nothing() {
    let (markdown, _) = convert(&["--unsafe-fixes", "--no-front-matter"]);
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .args([
            "convert",
            "--from",
            "text",
            "--unsafe-fixes",
            "--no-front-matter",
        ])
        .write_stdin(markdown.clone())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Nothing to repair, nothing to warn about: the same Markdown, byte for byte.
    assert_eq!(stderr, "", "a second pass said something");
    assert_eq!(String::from_utf8_lossy(&output.stdout), markdown);
}
