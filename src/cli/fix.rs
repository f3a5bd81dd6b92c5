//! The normalizer's options, shared by `convert` and `check`, and `wpconvert.toml`.

use anyhow::Context;
use std::path::{Path, PathBuf};
use wpconvert::normalize::{Change, Settings};

#[derive(Debug, Clone, clap::Args)]
pub struct FixArgs {
    /// Run only these rules: codes, code prefixes (WP2) or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Do not run these rules.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Apply unsafe fixes too: fixes that are usually right but need a person to look (names
    /// capitalized as the document writes them elsewhere, duplicate and generated paragraphs
    /// removed, run-in sentences split where only the context suggests it).
    #[arg(long)]
    pub unsafe_fixes: bool,
}

/// `wpconvert.toml`, in the current folder or a parent.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    normalize: NormalizeConfig,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NormalizeConfig {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    unsafe_fixes: bool,
}

fn find_config() -> Option<PathBuf> {
    let mut folder = std::env::current_dir().ok()?;
    loop {
        let candidate = folder.join("wpconvert.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if !folder.pop() {
            return None;
        }
    }
}

impl FixArgs {
    /// The settings: the command line over `wpconvert.toml`.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let config = match find_config() {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                toml::from_str::<Config>(&text)
                    .with_context(|| format!("{} is not a valid wpconvert.toml", path.display()))?
            }
            None => Config::default(),
        };
        let pick =
            |cli: &Vec<String>, file: Vec<String>| if cli.is_empty() { file } else { cli.clone() };
        for (option, codes) in [("--select", &self.select), ("--ignore", &self.ignore)] {
            check_codes(option, codes)?;
        }
        for (option, codes) in [
            ("select", &config.normalize.select),
            ("ignore", &config.normalize.ignore),
        ] {
            check_codes(&format!("wpconvert.toml's {option}"), codes)?;
        }
        Ok(Settings {
            select: pick(&self.select, config.normalize.select),
            ignore: pick(&self.ignore, config.normalize.ignore),
            unsafe_fixes: self.unsafe_fixes || config.normalize.unsafe_fixes,
        })
    }
}

/// Refuses a code, prefix or name that selects no rule: `--select WP999` or `wp401` would
/// otherwise quietly run nothing (or everything).
fn check_codes(option: &str, codes: &[String]) -> anyhow::Result<()> {
    let rules = wpconvert::normalize::rules::ALL;
    for code in codes {
        let selects = |code: &str| {
            !code.is_empty()
                && rules
                    .iter()
                    .any(|rule| rule.code.starts_with(code) || rule.name == code)
        };
        if selects(code) {
            continue;
        }
        let hint = if selects(&code.to_ascii_uppercase()) {
            format!(" (did you mean {}?)", code.to_ascii_uppercase())
        } else {
            String::new()
        };
        let known: Vec<&str> = rules.iter().map(|rule| rule.code).collect();
        anyhow::bail!(
            "{option}: no rule `{code}`{hint}; rules are {} (or a prefix such as WP2, or a name: \
             `wpconvert rules` lists them)",
            known.join(", ")
        );
    }
    Ok(())
}

/// `path: WP201 missing-space at block 3, offset 42: `a.B` → `a. B``
pub fn describe_change(name: &str, change: &Change) -> String {
    format!(
        "{name}: {} {} at block {}, offset {}: `{}` → `{}`",
        change.code,
        change.name,
        change.block,
        change.offset,
        change.before.replace('\n', "⏎"),
        change.after.replace('\n', "⏎")
    )
}

/// "fixed 27 problems: 12 × WP201 missing-space, …"
pub fn summary_line(counts: &std::collections::BTreeMap<String, usize>) -> Option<String> {
    let total: usize = counts.values().sum();
    (total > 0).then(|| {
        let parts: Vec<String> = counts
            .iter()
            .map(|(rule, n)| format!("{n} × {rule}"))
            .collect();
        format!(
            "fixed {total} problem{}: {}",
            if total == 1 { "" } else { "s" },
            parts.join(", ")
        )
    })
}

/// A list of things found per input, as JSON objects with an `input` field beside the
/// thing's own fields (how `check --format json` and `--report` print).
pub fn by_input<T: serde::Serialize>(items: &[(String, T)]) -> anyhow::Result<String> {
    #[derive(serde::Serialize)]
    struct Entry<'a, T> {
        input: &'a str,
        #[serde(flatten)]
        item: &'a T,
    }
    let entries: Vec<Entry<'_, T>> = items
        .iter()
        .map(|(input, item)| Entry { input, item })
        .collect();
    Ok(serde_json::to_string_pretty(&entries)?)
}

/// Writes every change as JSON.
pub fn write_report(path: &Path, changes: &[(String, Change)]) -> anyhow::Result<()> {
    let json = by_input(changes)?;
    wpconvert::batch::write_atomic(path, json.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
