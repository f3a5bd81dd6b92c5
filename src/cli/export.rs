//! `wpconvert convert export.xml -o FOLDER`: a whole WordPress export, with a progress bar on a
//! terminal and a summary at the end.

use super::Outcome;
use super::convert::{Args, is_stdin};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use wpconvert::batch::export::{self, Options, Selection, Summary};
use wpconvert::read::wordpress;

pub fn run(inputs: &[PathBuf], args: &Args) -> anyhow::Result<Outcome> {
    if inputs.iter().any(|p| is_stdin(p)) {
        bail!("an export on standard input is converted on its own: give it alone, as `-`");
    }
    use super::convert::To;
    let jsonl_only = args.to == [To::Jsonl];
    let output = match &args.output {
        Some(output) => output.clone(),
        None if jsonl_only => std::path::PathBuf::from("."), // nothing is written there
        None => bail!(
            "an export becomes one file per post and page: add `-o FOLDER` (or stream it with `--to jsonl`)"
        ),
    };
    let output = &output;
    if output.is_file()
        || (!jsonl_only && !output.is_dir() && super::convert::has_output_extension(output))
    {
        bail!(
            "`{}` names a file; an export becomes many files and needs a folder",
            output.display()
        );
    }
    if !args.force
        && !jsonl_only
        && output.is_dir()
        && std::fs::read_dir(output)
            .with_context(|| format!("cannot read {}", output.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty; use --force to write into it (existing files are replaced)",
            output.display()
        );
    }
    {
        use wpconvert::write::front_matter::Preset;
        match args.preset {
            _ if !args.site => {}
            Preset::Generic => bail!(
                "--site writes a generator's site: choose it with --preset hugo|jekyll|eleventy|zola|astro"
            ),
            Preset::Hugo | Preset::Jekyll | Preset::Eleventy | Preset::Zola | Preset::Astro => {}
        }
        if !args.redirects.is_empty() && args.preset == Preset::Generic {
            bail!(
                "--redirects maps old addresses to a site's new ones: choose its generator with --preset hugo|jekyll|eleventy|zola|astro"
            );
        }
    }
    if args.site && output == std::path::Path::new(".") && args.output.is_none() {
        bail!("--site needs `-o FOLDER` for the site");
    }
    let shortcodes = args.shortcodes.iter().cloned().collect();
    let statuses = if args.status.iter().any(|s| s == "all") {
        [
            "publish", "draft", "pending", "future", "private", "trash", "inherit",
        ]
        .map(String::from)
        .to_vec()
    } else {
        args.status.clone()
    };
    let options = Options {
        selection: Selection {
            statuses,
            types: args.types.clone(),
            password_protected: args.password_protected,
        },
        preset: args.preset,
        format: args.front_matter_format,
        front_matter: !args.no_front_matter,
        ascii_slugs: args.ascii_slugs,
        force: args.force,
        site: args.site,
        redirects: args.redirects.clone(),
        media: media_options(args),
        wordpress: wordpress::Options {
            comments: args.comments,
            shortcodes,
            fields: args
                .fields
                .as_deref()
                .map(wordpress::fields::Fields::parse)
                .unwrap_or_default(),
        },
        normalize: (!args.no_fix).then(|| args.fix.settings()).transpose()?,
        keep_changes: args.verbose || args.report.is_some(),
        outputs: export::Outputs {
            markdown: args.to.contains(&To::Markdown),
            json: args.to.contains(&To::Json),
            html: args.to.contains(&To::Html),
            jsonl: args.to.contains(&To::Jsonl).then(|| match &args.output {
                Some(folder) if !jsonl_only || folder.extension().is_none() => {
                    export::JsonLines::File(folder.join("items.jsonl"))
                }
                Some(file) => export::JsonLines::File(file.clone()),
                None => export::JsonLines::Stdout,
            }),
            json_options: args.json_options(),
            html_options: args.html_options(),
        },
    };
    if let Some(export::JsonLines::File(path)) = &options.outputs.jsonl {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        // A fresh file each run: lines are appended batch by batch.
        std::fs::write(path, "").with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.diff {
        bail!(
            "--diff shows the repairs of one page or article; for an export, use --report FILE.json"
        );
    }

    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let progress = |read: usize, written: usize| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{read} items read, {written} files written"));
        }
    };
    let result = export::convert(inputs, output, &options, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    if let Some(path) = &args.report {
        super::fix::write_report(path, &summary.changes)?;
    }
    if args.verbose && !args.quiet {
        for (item, change) in &summary.changes {
            eprintln!("{}", super::fix::describe_change(item, change));
        }
    }
    if let Some(path) = &args.summary {
        let json = serde_json::to_string_pretty(&summary)?;
        wpconvert::batch::write_atomic(path, json.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if summary.output_closed {
        // The reader of standard output has what it wanted (`| head`): no error, no report.
        return Ok(Outcome::Success);
    }
    if args.quiet {
        eprint!("{}", errors(&summary));
    } else {
        let written = match &options.outputs.jsonl {
            Some(export::JsonLines::Stdout) => "items to standard output (JSON Lines)".to_string(),
            Some(export::JsonLines::File(path)) if jsonl_only => {
                format!("items to {} (JSON Lines)", path.display())
            }
            _ => format!("files to {}", output.display()),
        };
        eprint!("{}", report(&summary, &written));
    }
    Ok(
        if summary.damaged || !summary.failed.is_empty() || !summary.errors.is_empty() {
            Outcome::InputError
        } else if args.strict && !summary.warnings.is_empty() {
            Outcome::Problems
        } else {
            Outcome::Success
        },
    )
}

/// What media to bring along, from the media options.
fn media_options(args: &Args) -> Option<wpconvert::batch::media::Options> {
    use std::time::Duration;
    use wpconvert::batch::media::{self, fetch};
    let source = match (&args.media_from, args.download_media) {
        (Some(folder), _) => fetch::Source::Folder(folder.clone()),
        (None, true) => fetch::Source::Download(fetch::Download {
            per_host: args.media_per_host.max(1),
            connect_timeout: Duration::from_secs(args.media_timeout.clamp(1, 30)),
            read_timeout: Duration::from_secs(args.media_timeout.max(1)),
            retries: args.media_retries,
            max_bytes: args.media_max_size.saturating_mul(1 << 20),
            ..Default::default()
        }),
        (None, false) => return None,
    };
    Some(media::Options {
        source,
        keep_sizes: args.keep_image_sizes,
        hosts: args.media_hosts.clone(),
    })
}

/// What `-q` still prints: the messages behind an exit code of 2.
fn errors(summary: &Summary) -> String {
    let mut out = String::new();
    for damage in summary.warnings.iter().filter(|w| export::is_damage(w)) {
        out.push_str(&format!("wpconvert: error: {damage}\n"));
    }
    push_failures(summary, &mut out);
    out
}

fn push_failures(summary: &Summary, out: &mut String) {
    for failure in &summary.failed {
        out.push_str(&format!(
            "wpconvert: error: {}: {}\n",
            failure.item, failure.message
        ));
    }
    for error in &summary.errors {
        out.push_str(&format!("wpconvert: error: {error}\n"));
    }
}

/// The summary for people: counts, skip reasons, warnings. Every item read is written,
/// skipped or failed.
fn report(summary: &Summary, written: &str) -> String {
    let mut out = String::new();
    for warning in summary.warnings.iter() {
        out.push_str(&format!("wpconvert: warning: {warning}\n"));
    }
    push_failures(summary, &mut out);
    let read: Vec<String> = summary
        .read
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    out.push_str(&format!(
        "read {} items from {}: {}\n",
        summary.items_read(),
        if summary.site.is_empty() {
            "the export"
        } else {
            &summary.site
        },
        read.join(", ")
    ));
    out.push_str(&format!("wrote {} {written}\n", summary.written));
    if !summary.failed.is_empty() {
        out.push_str(&format!("failed {} items\n", summary.failed.len()));
    }
    if summary.items_skipped() > 0 {
        out.push_str(&format!("skipped {} items:\n", summary.items_skipped()));
        for (reason, skipped) in &summary.skipped {
            out.push_str(&format!("  {} × {reason}", skipped.count));
            let items = &skipped.items;
            if !items.is_empty() {
                const SHOWN: usize = 10;
                let names: Vec<String> = items.iter().take(SHOWN).collect();
                out.push_str(&format!(": {}", names.join("; ")));
                if items.len() > SHOWN {
                    out.push_str(&format!("; and {} more", items.len() - SHOWN));
                }
            }
            out.push('\n');
        }
    }
    if summary.links_rewritten > 0 || !summary.links_unresolved.is_empty() {
        out.push_str(&format!(
            "rewrote {} links between items to their address on the new site",
            summary.links_rewritten
        ));
        if !summary.links_unresolved.is_empty() {
            out.push_str(&format!(
                "; {} links to the old site lead to no written item (listed with --summary)",
                summary.links_unresolved.len()
            ));
        }
        out.push('\n');
    }
    if summary.comments > 0 {
        out.push_str(&format!(
            "kept {} readers' comments, threaded (no e-mail or IP address)\n",
            summary.comments
        ));
    }
    if let Some(media) = &summary.media {
        let mut done = Vec::new();
        for (count, what) in [
            (media.copied, "copied"),
            (media.downloaded, "downloaded"),
            (media.present, "already present"),
        ] {
            if count > 0 {
                done.push(format!("{count} {what}"));
            }
        }
        if done.is_empty() {
            done.push("none brought".to_string());
        }
        out.push_str(&format!(
            "media: {}; {} URLs in the content point to them",
            done.join(", "),
            media.references_rewritten
        ));
        if media.failed > 0 {
            out.push_str(&format!(
                "; {} failed, their old URLs kept (media-manifest.json says why)",
                media.failed
            ));
        }
        out.push('\n');
        for failure in media.failures.iter().take(10) {
            out.push_str(&format!("  {}: {}\n", failure.url, failure.reason));
        }
        if media.failures.len() > 10 {
            out.push_str(&format!("  … and {} more\n", media.failures.len() - 10));
        }
    }
    if let Some(line) = super::fix::summary_line(&summary.fixes) {
        out.push_str(&line);
        out.push('\n');
    }
    if !summary.warnings.is_empty() {
        out.push_str(&format!("{} warnings\n", summary.warnings.len()));
    }
    out
}
