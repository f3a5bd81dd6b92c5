//! The command line: clap definitions, and one module per subcommand.

mod check;
mod convert;
mod export;
mod fix;
mod inspect;
mod rules;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  wpconvert convert export.xml -o content     a whole WordPress export, one .md per post/page
  wpconvert convert export.xml -o site --preset hugo --status publish,draft
  wpconvert convert page.html                 Markdown on standard output
  wpconvert convert page.html -o page.md      ...into a file
  wpconvert convert saved/*.html -o content   one .md per input, in content/
  curl -s https://example.com/post | wpconvert convert --from html
                                              standard input to standard output

Exit codes:
  0  everything converted (warnings, if any, are printed on standard error)
  1  `check` found problems
  2  usage error; an input that could not be read or written; an export that is not
     WXR, or is cut off or malformed (what it holds is still converted)";

/// Turn WordPress content into clean, publishable files.
#[derive(Debug, Parser)]
#[command(name = "wpconvert", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert WordPress exports, HTML pages and fragments to Markdown.
    #[command(after_help = EXAMPLES)]
    Convert(convert::Args),
    /// Show what a WordPress export holds: items by type and status, authors, terms, and the
    /// shortcodes and block types its content uses.
    Inspect(inspect::Args),
    /// Report what the normalizer would repair, changing nothing (exit 1 when it finds any).
    Check(check::Args),
    /// List the normalizer's rules, or show one.
    Rules(rules::Args),
}

/// The process's outcome, as documented in `--help`.
pub enum Outcome {
    Success,
    /// `check` found problems.
    Problems,
    InputError,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
    };
    match outcome {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Ok(Outcome::InputError) => ExitCode::from(2),
        Err(error) => {
            eprintln!("wpconvert: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
