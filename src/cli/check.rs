//! `wpconvert check`: what the normalizer would change, without changing anything.

use super::Outcome;
use super::fix::FixArgs;
use anyhow::Context;
use std::path::PathBuf;
use wpconvert::isolate::isolate;
use wpconvert::normalize::{Applicability, Diagnostic, check};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// HTML pages or fragments, text or Markdown files, WordPress exports (each published post
    /// and page is checked); `-` reads standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    #[command(flatten)]
    fix: FixArgs,

    /// `text` for people, `json` for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let settings = args.fix.settings()?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut found: Vec<(String, Diagnostic)> = Vec::new();
    // Inputs or export items whose check hit a bug: reported, the others still checked.
    let mut failed = 0;
    // What `convert` with these settings would fix: one repair can uncover another, so
    // this is counted by repairing a copy, not from the problems found.
    let mut fixes = 0;
    for input in &inputs {
        let name = if super::convert::is_stdin(input) {
            "<stdin>".to_string()
        } else {
            input.display().to_string()
        };
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xml") || lower.ends_with(".xml.gz") {
            // Every published post and page of the export, as `convert` would write it.
            let selection = wpconvert::batch::export::Selection::default();
            let options = wpconvert::read::wordpress::Options::default();
            wpconvert::batch::export::for_each_document(
                std::slice::from_ref(input),
                &selection,
                &options,
                |item, document| {
                    let where_ = format!("{name} {}", item.describe());
                    match document.and_then(|d| isolate(|| check_and_count(d, &settings))) {
                        Ok((diagnostics, count)) => {
                            fixes += count;
                            found.extend(diagnostics.into_iter().map(|d| (where_.clone(), d)))
                        }
                        Err(message) => {
                            eprintln!("wpconvert: error: {where_}: {message}");
                            failed += 1;
                        }
                    }
                },
            )?;
            continue;
        }
        let bytes = super::convert::read_input(input).with_context(|| name.clone())?;
        let format = match wpconvert::detect_format(
            Some(input)
                .filter(|p| !super::convert::is_stdin(p))
                .map(|p| p.as_path()),
            &bytes,
        ) {
            wpconvert::Detected::Readable(format) => format,
            wpconvert::Detected::Wxr => {
                anyhow::bail!("{name}: give an export to check as a file (`.xml`)")
            }
        };
        match isolate(|| check_and_count(wpconvert::read(&bytes, format).document, &settings)) {
            Ok((diagnostics, count)) => {
                fixes += count;
                found.extend(diagnostics.into_iter().map(|d| (name.clone(), d)))
            }
            Err(message) => {
                eprintln!("wpconvert: error: {name}: {message}");
                failed += 1;
            }
        }
    }
    match args.format {
        Format::Json => println!("{}", super::fix::by_input(&found)?),
        Format::Text => {
            for (input, d) in &found {
                println!("{input}: {} {}: {}", d.code, d.name, d.message);
                println!("  --> block {}, offset {}", d.block, d.offset);
                println!("   | {}", d.before.replace('\n', "⏎"));
                let fix = match d.applicability {
                    Applicability::Safe => "fix",
                    Applicability::Unsafe if settings.unsafe_fixes => "unsafe fix",
                    Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
                    Applicability::ReportOnly => "no fix",
                };
                if d.edit.is_some() {
                    println!(
                        "   = {fix}: {}",
                        if d.after.is_empty() {
                            "(removed)".to_string()
                        } else {
                            d.after.replace('\n', "⏎")
                        }
                    );
                }
                println!();
            }
            if found.is_empty() {
                println!("no problems found");
            } else {
                let left = found
                    .iter()
                    .filter(|(_, d)| match d.applicability {
                        Applicability::Safe => d.edit.is_none(),
                        Applicability::Unsafe => d.edit.is_none() || !settings.unsafe_fixes,
                        Applicability::ReportOnly => true,
                    })
                    .count();
                println!(
                    "{} problem{} found; `wpconvert convert{}` fixes {fixes}{}",
                    found.len(),
                    if found.len() == 1 { "" } else { "s" },
                    if settings.unsafe_fixes {
                        " --unsafe-fixes"
                    } else {
                        ""
                    },
                    match left {
                        0 => String::new(),
                        n if settings.unsafe_fixes => format!("; {n} need a person"),
                        n => format!("; {n} need --unsafe-fixes or a person"),
                    }
                );
            }
        }
    }
    Ok(if failed > 0 {
        Outcome::InputError
    } else if found.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

/// What the enabled rules find in a document, and how many repairs `convert` makes in it.
fn check_and_count(
    mut document: wpconvert::model::Document,
    settings: &wpconvert::normalize::Settings,
) -> (Vec<Diagnostic>, usize) {
    let diagnostics = check(&document, settings);
    let fixes = wpconvert::normalize::fix(&mut document, settings).len();
    (diagnostics, fixes)
}
