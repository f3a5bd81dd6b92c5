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
  wpconvert convert export.xml --to jsonl | jq -r .meta.title
                                              one JSON object per post, streamed
  wpconvert convert page.html --to markdown,json,html -o out
                                              several formats from one read
  wpconvert check article.txt                 what the normalizer would repair

Exit codes:
  0  everything converted (warnings, if any, are printed on standard error)
  1  `check` found problems, or --strict and there were warnings
  2  usage error; an input or export item that could not be read, converted or written
     (the others still are); an export that is not WXR, or is cut off or malformed, or an
     item cut at the size limit (what it holds is still converted)";

/// Turn WordPress content into clean, publishable files.
#[derive(Debug, Parser)]
#[command(name = "wpconvert", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Colour in help and usage errors: auto (only on a terminal, never with NO_COLOR),
    /// always, never. (Warnings and the summary are plain text.)
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert WordPress exports, HTML pages and fragments, text and Markdown to Markdown, JSON or HTML, repairing what the normalizer can.
    #[command(after_help = EXAMPLES)]
    Convert(Box<convert::Args>),
    /// Show what a WordPress export holds: items by type and status, authors, terms, and the
    /// shortcodes and block types its content uses.
    Inspect(inspect::Args),
    /// Report what the normalizer would repair, changing nothing (exit 1 when it finds any).
    Check(check::Args),
    /// List the normalizer's rules, or show one.
    Rules(rules::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `wpconvert man > wpconvert.1`.
    Man,
}

/// The process's outcome, as documented in `--help`.
pub enum Outcome {
    Success,
    /// `check` found problems.
    Problems,
    InputError,
}

pub fn run() -> ExitCode {
    // A bug hit by one item is reported as that item's failure, not as a backtrace.
    wpconvert::isolate::quiet_panics();
    // `--color` governs clap's help and errors, so it is read before clap parses; wpconvert's
    // own messages carry no colour codes. `auto` is colour on a terminal only, never with
    // NO_COLOR (anstream's rules).
    let arguments: Vec<String> = std::env::args().collect();
    let color = arguments
        .iter()
        .position(|a| a == "--color")
        .and_then(|i| arguments.get(i + 1).cloned())
        .or_else(|| {
            arguments
                .iter()
                .find_map(|a| a.strip_prefix("--color=").map(str::to_string))
        });
    let choice = match color.as_deref() {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let matches = <Cli as clap::CommandFactory>::command()
        .color(choice)
        .get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let outcome = match cli.command {
        Command::Convert(args) => convert::run(*args),
        Command::Inspect(args) => inspect::run(args),
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "wpconvert", &mut std::io::stdout());
            Ok(Outcome::Success)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map(|()| Outcome::Success)
                .map_err(Into::into)
        }
    };
    match outcome {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Ok(Outcome::InputError) => ExitCode::from(2),
        // A reader that stopped reading (`| head`) is no error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("wpconvert: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error comes from writing to a pipe whose reader has gone (`| head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
