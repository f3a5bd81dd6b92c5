//! `wpconvert inspect export.xml`: an inventory of an export, as a table or JSON.

use super::Outcome;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The export (all files of a split export), plain or gzip-compressed.
    #[arg(value_name = "EXPORT", required = true)]
    inputs: Vec<PathBuf>,

    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let inventory = wpconvert::batch::inspect::inspect(&args.inputs)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&inventory)?);
    } else {
        print!("{}", inventory.to_table());
    }
    Ok(Outcome::Success)
}
