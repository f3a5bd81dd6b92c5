//! `wpconvert rules`: every rule with its documentation.

use super::Outcome;
use wpconvert::normalize::rules::ALL;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show one rule, by code or name.
    rule: Option<String>,

    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let rules: Vec<_> = ALL
        .iter()
        .filter(|r| {
            args.rule
                .as_deref()
                .is_none_or(|q| r.code.eq_ignore_ascii_case(q) || r.name == q)
        })
        .collect();
    if rules.is_empty() {
        anyhow::bail!(
            "no rule {:?}: `wpconvert rules` lists them",
            args.rule.unwrap_or_default()
        );
    }
    if args.json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| serde_json::json!({"code": r.code, "name": r.name, "category": r.category, "fix": r.fix, "summary": r.summary, "doc": r.doc}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else if args.rule.is_some() {
        for rule in rules {
            println!(
                "{} {} ({:?})\n\n{}\n",
                rule.code, rule.name, rule.category, rule.doc
            );
        }
    } else {
        for rule in rules {
            println!("{}  {:<26} {}", rule.code, rule.name, rule.summary);
        }
        println!("\n`wpconvert rules CODE` shows a rule's documentation.");
    }
    Ok(Outcome::Success)
}
