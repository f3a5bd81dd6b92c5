//! `wpconvert convert`: inputs in, Markdown out.

use super::Outcome;
use anyhow::{Context, bail};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use wpconvert::batch::{Names, write_atomic};
use wpconvert::write::markdown;
use wpconvert::{Detected, InputFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to convert; `-` (or nothing) reads standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Where to write: a file (`.md`, one input only) or a folder (one file per input).
    /// Without it, one input is written to standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// The input format; `auto` decides from the file extension, then the content.
    #[arg(long, value_enum, default_value_t = From::Auto)]
    from: From,

    /// The output format.
    #[arg(long, value_enum, default_value_t = To::Markdown)]
    to: To,

    /// Leave out the YAML front matter.
    #[arg(long)]
    no_front_matter: bool,

    /// Overwrite output files that already exist.
    #[arg(long)]
    force: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum From {
    Auto,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum To {
    Markdown,
}

/// Where converted text goes.
enum Target {
    Stdout,
    File(PathBuf),
    Folder(PathBuf),
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    if inputs.iter().filter(|p| is_stdin(p)).count() > 1 {
        bail!("standard input (`-`) can be given only once");
    }
    let target = match &args.output {
        None if inputs.len() > 1 => bail!(
            "{} inputs need an output folder: add `-o FOLDER`",
            inputs.len()
        ),
        None => Target::Stdout,
        Some(path) if inputs.len() == 1 && has_markdown_extension(path) => {
            Target::File(path.clone())
        }
        Some(path) => {
            if path.is_file() {
                bail!(
                    "`{}` is a file, but {} needs a folder for its output",
                    path.display(),
                    if inputs.len() > 1 {
                        "several inputs"
                    } else {
                        "this input"
                    }
                );
            }
            Target::Folder(path.clone())
        }
    };

    let mut names = Names::default();
    let mut failed = 0;
    let mut written = 0;
    let mut warnings = 0;
    for input in &inputs {
        match convert_one(input, &args, &target, &mut names) {
            Ok(count) => {
                written += 1;
                warnings += count;
            }
            Err(error) => {
                eprintln!("wpconvert: error: {error:#}");
                failed += 1;
            }
        }
    }
    if let Target::Folder(folder) = &target
        && !args.quiet
        && std::io::stderr().is_terminal()
    {
        eprintln!(
            "wpconvert: converted {written} of {} input{} into {}{}",
            inputs.len(),
            if inputs.len() == 1 { "" } else { "s" },
            folder.display(),
            match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            }
        );
    }
    Ok(if failed > 0 {
        Outcome::InputError
    } else {
        Outcome::Success
    })
}

/// Converts one input; returns the number of warnings printed.
fn convert_one(
    input: &Path,
    args: &Args,
    target: &Target,
    names: &mut Names,
) -> anyhow::Result<usize> {
    let name = display_name(input);
    let bytes = read_input(input)?;
    let format = match args.from {
        From::Html => InputFormat::Html,
        From::Auto => {
            let path = (!is_stdin(input)).then_some(input);
            match wpconvert::detect_format(path, &bytes) {
                Detected::Readable(format) => format,
                Detected::Wxr => bail!(
                    "{name}: looks like a WordPress export (WXR), which this version cannot \
                     read yet"
                ),
                Detected::Text => bail!(
                    "{name}: looks like plain text or Markdown, which this version cannot read \
                     yet; use `--from html` if it is HTML"
                ),
            }
        }
    };
    let converted = wpconvert::read(&bytes, format);
    let options = markdown::Options {
        front_matter: !args.no_front_matter,
        ..Default::default()
    };
    let output = markdown::write(&converted.document, &options);
    let all_warnings: Vec<_> = converted.warnings.iter().chain(&output.warnings).collect();
    if !args.quiet {
        for warning in &all_warnings {
            eprintln!("wpconvert: warning: {name}: {warning}");
        }
    }
    match target {
        Target::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(output.text.as_bytes())
                .and_then(|()| stdout.flush())
                .context("cannot write to standard output")?;
        }
        Target::File(path) => write_output(path, &output.text, args.force)?,
        Target::Folder(folder) => {
            let stem = if is_stdin(input) {
                "stdin".to_string()
            } else {
                input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            let path = names.claim(folder, &stem, "md");
            write_output(&path, &output.text, args.force)?;
        }
    }
    Ok(all_warnings.len())
}

fn write_output(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if !force && path.exists() {
        bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        );
    }
    write_atomic(path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

fn read_input(input: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if is_stdin(input) {
        let mut stdin = std::io::stdin().lock();
        if stdin.is_terminal() {
            bail!("no input: give a file to convert, or pipe content to standard input");
        }
        stdin
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(input).with_context(|| {
            format!(
                "cannot read {}{}",
                input.display(),
                if input.exists() {
                    ""
                } else {
                    " (check the path)"
                }
            )
        })?;
    }
    Ok(bytes)
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn has_markdown_extension(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}
