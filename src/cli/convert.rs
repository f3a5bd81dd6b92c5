//! `wpconvert convert`: inputs in, Markdown out.

use super::Outcome;
use anyhow::{Context, bail};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use wpconvert::batch::{Names, write_atomic};
use wpconvert::read::wordpress::Policy;
use wpconvert::write::front_matter::{Format, Preset};
use wpconvert::write::markdown;
use wpconvert::{Detected, InputFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to convert; `-` (or nothing) reads standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Where to write: a file (`.md`, one input only) or a folder (one file per input).
    /// Without it (or with `-`), one input is written to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub(super) output: Option<PathBuf>,

    /// The input format; `auto` decides from the file extension, then the content.
    #[arg(long, value_enum, default_value_t = From::Auto)]
    from: From,

    /// Output formats, comma-separated: markdown, json, jsonl, html. Several formats are
    /// written side by side from one read (`slug.md`, `slug.json`, `slug.html`).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "markdown")]
    pub(super) to: Vec<To>,

    /// What JSON output includes besides the tree: markdown, html (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub(super) json_include: Vec<JsonInclude>,

    /// HTML output as a complete page (title, charset, description, a small stylesheet).
    #[arg(long)]
    pub(super) standalone: bool,

    /// Leave out the front matter.
    #[arg(long)]
    pub(super) no_front_matter: bool,

    /// Follow a site generator's front matter names and folder layout.
    #[arg(long, value_enum, default_value_t = Preset::Generic)]
    pub(super) preset: Preset,

    /// With an export and --preset hugo, jekyll, eleventy, zola or astro: write a site that builds
    /// as it is, the content in the generator's content folder of OUTPUT and beside it the
    /// configuration and minimal templates it needs (hugo.toml, _config.yml, …).
    #[arg(long)]
    pub(super) site: bool,

    /// With an export and a generator's preset: write redirect maps from every published item's
    /// old addresses (its old path, earlier slugs, `?p=ID`) to its new one: netlify (`_redirects`, also
    /// Cloudflare Pages), nginx (`redirects.nginx.conf`), apache (`redirects.htaccess`),
    /// vercel (`vercel.json`); comma-separated.
    #[arg(long, value_name = "FORMATS", value_delimiter = ',')]
    pub(super) redirects: Vec<wpconvert::batch::redirects::Format>,

    /// With an export: bring the media the written items use from DIR, a copy of the old
    /// site's `wp-content/uploads` (hard-linked where possible, else copied), into the
    /// preset's media folder, and point their URLs there. A file not found keeps its old URL
    /// and is reported; `media-manifest.json` lists every file.
    #[arg(long, value_name = "DIR", conflicts_with = "download_media")]
    pub(super) media_from: Option<PathBuf>,

    /// With an export: download the media the written items use from the old site (the
    /// only network use of wpconvert), a few connections per host, with timeouts and
    /// retries; files complete from an earlier run are kept. See --media-from.
    #[arg(long)]
    pub(super) download_media: bool,

    /// With an export: keep readers' approved comments, threaded, with author name, web
    /// address and date (never an e-mail or IP address): a data file per post the site's
    /// templates read (Hugo and Zola `data/comments/ID.json`, Jekyll and Eleventy
    /// `_data/comments/ID.json`, Astro `src/data/comments/ID.json`, the generic preset
    /// `comments/ID.json`), and a `comments` array in JSON output.
    #[arg(long)]
    pub(super) comments: bool,

    /// With --media-from or --download-media: bring resized copies (`photo-300x200.jpg`) as
    /// they are, instead of their originals.
    #[arg(long)]
    pub(super) keep_image_sizes: bool,

    /// With --media-from or --download-media: other hosts whose uploads are the site's own
    /// (an earlier domain, the WordPress.com address it moved from), comma-separated. The
    /// site's address and its attachments' hosts always are; media on other hosts is left
    /// alone.
    #[arg(long, value_name = "HOSTS", value_delimiter = ',')]
    pub(super) media_hosts: Vec<String>,

    /// With --download-media: connections to one host at a time.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub(super) media_per_host: usize,

    /// With --download-media: seconds to wait to connect, and for a response or its next
    /// bytes.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub(super) media_timeout: u64,

    /// With --download-media: attempts after the first for failures that may pass
    /// (timeouts, 429 and 5xx answers, dropped connections).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(super) media_retries: u32,

    /// With --download-media: the largest file accepted, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 512)]
    pub(super) media_max_size: u64,

    /// The front matter format (default: YAML, TOML for Zola).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(super) front_matter_format: Option<Format>,

    /// Export items to write, by status, comma-separated: publish, draft, pending, future,
    /// private, trash, or `all`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "publish",
        value_name = "LIST",
        value_parser = ["publish", "draft", "pending", "future", "private", "trash", "inherit", "all"],
        hide_possible_values = true
    )]
    pub(super) status: Vec<String>,

    /// Export post types to write, comma-separated (custom types by name).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "post,page",
        value_name = "LIST"
    )]
    pub(super) types: Vec<String>,

    /// Also write password-protected posts (the password itself never is).
    #[arg(long)]
    pub(super) password_protected: bool,

    /// Transliterate file names to ASCII (crème-brûlée → creme-brulee).
    #[arg(long)]
    pub(super) ascii_slugs: bool,

    /// What to do with a shortcode wpconvert does not expand: NAME=keep|drop|unwrap
    /// (repeatable; default keep, verbatim).
    #[arg(long = "shortcode", value_name = "NAME=POLICY", value_parser = shortcode_policy)]
    pub(super) shortcodes: Vec<(String, Policy)>,

    /// Which public custom fields to write: `all`, `none`, or names (`mood,geo_*`). By default
    /// an author's fields, without plugin and theme state (page builders, SEO scores, view
    /// and share counts, comment-service ids) or empty ones.
    #[arg(long, value_name = "LIST")]
    pub(super) fields: Option<String>,

    /// Write the run's summary (every item read, written or skipped) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub(super) summary: Option<PathBuf>,

    /// Overwrite output files that already exist.
    #[arg(long)]
    pub(super) force: bool,

    #[command(flatten)]
    pub(super) fix: super::fix::FixArgs,

    /// Do not repair anything: convert only.
    #[arg(long)]
    pub(super) no_fix: bool,

    /// Print what the repairs change, as a unified diff of the Markdown, instead of writing.
    #[arg(long)]
    pub(super) diff: bool,

    /// Print every repair, not only the count per rule.
    #[arg(short, long)]
    pub(super) verbose: bool,

    /// Write every repair as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub(super) report: Option<PathBuf>,

    /// Exit with 1 when there were warnings (everything is still converted).
    #[arg(long)]
    pub(super) strict: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub(super) quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum From {
    Auto,
    Html,
    /// Markdown (CommonMark with GitHub's tables); front matter read into the metadata.
    Markdown,
    /// Plain text as editors paste it (titles, lists and tables told by their look).
    Text,
    /// A WordPress export (WXR), plain or gzip-compressed.
    Wxr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum To {
    Markdown,
    /// One JSON document per item (see schema/wpconvert.schema.json).
    Json,
    /// JSON Lines: one JSON object per item, one per line, in input order.
    Jsonl,
    /// Semantic, sanitized HTML (a fragment; a page with --standalone).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum JsonInclude {
    Markdown,
    Html,
}

/// `--shortcode NAME=keep|drop|unwrap`.
fn shortcode_policy(rule: &str) -> Result<(String, Policy), String> {
    let Some((name, policy)) = rule.split_once('=') else {
        return Err("give NAME=keep, NAME=drop or NAME=unwrap".to_string());
    };
    let name = name.trim().trim_matches(['[', ']']);
    if name.is_empty() {
        return Err("the shortcode's name is missing (NAME=POLICY)".to_string());
    }
    let policy = match policy {
        "keep" => Policy::Keep,
        "drop" => Policy::Drop,
        "unwrap" => Policy::Unwrap,
        other => return Err(format!("`{other}` is not a policy: keep, drop or unwrap")),
    };
    Ok((name.to_string(), policy))
}

impl Args {
    pub(super) fn json_options(&self) -> wpconvert::write::json::Options {
        wpconvert::write::json::Options {
            markdown: self.json_include.contains(&JsonInclude::Markdown),
            html: self.json_include.contains(&JsonInclude::Html),
        }
    }

    pub(super) fn html_options(&self) -> wpconvert::write::html::Options {
        wpconvert::write::html::Options {
            standalone: self.standalone,
        }
    }
}

/// Where converted text goes.
enum Target {
    Stdout,
    File(PathBuf),
    Folder(PathBuf),
}

pub fn run(mut args: Args) -> anyhow::Result<Outcome> {
    // `-o -` is standard output, as `-` is standard input (not a folder named `-`).
    if args.output.as_deref().is_some_and(is_stdin) {
        args.output = None;
    }
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    if inputs.iter().filter(|p| is_stdin(p)).count() > 1 {
        bail!("standard input (`-`) can be given only once");
    }
    // `--from` always wins over what names and content suggest.
    let export = match args.from {
        From::Wxr => true,
        From::Html | From::Markdown | From::Text => false,
        From::Auto => is_export(&inputs[0])?,
    };
    if export && !is_stdin(&inputs[0]) {
        return super::export::run(&inputs, &args);
    }
    if inputs.len() == 1 && is_stdin(&inputs[0]) {
        // Standard input is read before anything is decided: it may be gzip-compressed,
        // and it may be an export, which conversion reads twice (so it goes to a temporary
        // file: private (0600), unpredictably named, removed when dropped, on success, on
        // error and on a panic alike).
        let bytes = gunzip_if_compressed(read_input(&inputs[0])?)?;
        let is_export = match args.from {
            From::Auto => matches!(wpconvert::detect_format(None, &bytes), Detected::Wxr),
            _ => export,
        };
        if is_export {
            let mut file = tempfile::Builder::new()
                .prefix("wpconvert-stdin-")
                .suffix(".xml")
                .tempfile()
                .context("cannot keep standard input in a temporary file")?;
            std::io::Write::write_all(&mut file, &bytes)
                .context("cannot keep standard input in a temporary file")?;
            drop(bytes);
            return super::export::run(&[file.path().to_path_buf()], &args);
        }
        STDIN.set(bytes).ok();
    }
    // Options that mean something for an export only: refused rather than ignored.
    for (given, option) in [
        (args.summary.is_some(), "--summary"),
        (!args.shortcodes.is_empty(), "--shortcode"),
        (args.fields.is_some(), "--fields"),
        (args.ascii_slugs, "--ascii-slugs"),
        (args.password_protected, "--password-protected"),
        (args.site, "--site"),
        (!args.redirects.is_empty(), "--redirects"),
        (args.media_from.is_some(), "--media-from"),
        (args.download_media, "--download-media"),
        (args.comments, "--comments"),
    ] {
        if given {
            bail!(
                "{option} applies to a WordPress export only, and {} is not one (use --from wxr if it is)",
                display_name(&inputs[0])
            );
        }
    }
    let target = match &args.output {
        None if args.to.len() > 1 => {
            bail!("several output formats need an output folder: add `-o FOLDER`")
        }
        None if inputs.len() > 1 && args.to != [To::Jsonl] => bail!(
            "{} inputs need an output folder: add `-o FOLDER`",
            inputs.len()
        ),
        None => Target::Stdout,
        Some(path)
            if (inputs.len() == 1 || args.to == [To::Jsonl])
                && args.to.len() == 1
                && has_output_extension(path) =>
        {
            Target::File(path.clone())
        }
        Some(path) => {
            let looks_like_a_file = path.extension().is_some()
                && !path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
                && !path.is_dir();
            if inputs.len() == 1 && args.to.len() == 1 && looks_like_a_file {
                bail!(
                    "`{}`: an output file ends in .md, .markdown, .mdx, .json, .jsonl, .html or \
                     .htm; for a folder of that name, write `{}/`",
                    path.display(),
                    path.display()
                );
            }
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
    // An output file that would be refused is refused before reading: converting a 50 MB page
    // only to stop at "already exists" took seconds and a gigabyte and a half.
    if let Target::File(path) = &target
        && args.to != [To::Jsonl]
        && !args.force
        && path.exists()
    {
        bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        );
    }

    let settings = args.fix.settings()?;
    let mut names = Names::default();
    let mut failed = 0;
    let mut written = 0;
    let mut warnings = 0;
    let mut changes: Vec<(String, wpconvert::normalize::Change)> = Vec::new();
    for input in &inputs {
        // One input's failure, even a bug, never stops the others.
        let result = wpconvert::isolate::isolate(|| {
            convert_one(input, &args, &settings, &target, &mut names, &mut changes)
        })
        .unwrap_or_else(|message| Err(anyhow::anyhow!("{}: {message}", input.display())));
        match result {
            Ok(count) => {
                written += 1;
                warnings += count;
            }
            // The reader of standard output has what it wanted (`| head`): stop, quietly.
            Err(error) if super::is_broken_pipe(&error) => return Ok(Outcome::Success),
            Err(error) => {
                eprintln!("wpconvert: error: {error:#}");
                failed += 1;
            }
        }
    }
    if let Some(path) = &args.report {
        super::fix::write_report(path, &changes)?;
    }
    if !args.quiet {
        if args.verbose {
            for (name, change) in &changes {
                eprintln!("{}", super::fix::describe_change(name, change));
            }
        }
        let counts = wpconvert::normalize::count_by_rule(
            &changes.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        );
        if let Some(line) = super::fix::summary_line(&counts) {
            eprintln!(
                "wpconvert: {line}{}",
                if args.diff {
                    " (not written: --diff)"
                } else {
                    ""
                }
            );
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
    } else if args.strict && warnings > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// Converts one input; returns the number of warnings printed.
fn convert_one(
    input: &Path,
    args: &Args,
    settings: &wpconvert::normalize::Settings,
    target: &Target,
    names: &mut Names,
    changes: &mut Vec<(String, wpconvert::normalize::Change)>,
) -> anyhow::Result<usize> {
    let name = display_name(input);
    let bytes = read_input(input)?;
    let format = match args.from {
        From::Html => InputFormat::Html,
        From::Markdown => InputFormat::Markdown,
        From::Text => InputFormat::Text,
        From::Wxr => {
            bail!("{name}: a WordPress export cannot be converted together with other inputs")
        }
        From::Auto => {
            let path = (!is_stdin(input)).then_some(input);
            match wpconvert::detect_format(path, &bytes) {
                Detected::Readable(format) => format,
                Detected::Wxr => bail!(
                    "{name}: a WordPress export cannot be converted together with other inputs; \
                     convert it on its own"
                ),
            }
        }
    };
    let mut converted = wpconvert::read(&bytes, format);
    let original = args.diff.then(|| converted.document.clone());
    let mut own_changes = Vec::new();
    if !args.no_fix {
        own_changes = wpconvert::normalize::fix(&mut converted.document, settings);
        changes.extend(own_changes.iter().cloned().map(|c| (name.clone(), c)));
    }
    let options = markdown::Options {
        front_matter: !args.no_front_matter,
        preset: args.preset,
        format: args
            .front_matter_format
            .unwrap_or(args.preset.default_format()),
    };
    let output = markdown::write(&converted.document, &options);
    // The Markdown writer's warnings (a table written as HTML) concern Markdown output only.
    let markdown_warnings = if args.diff || args.to.contains(&To::Markdown) {
        output.warnings.as_slice()
    } else {
        &[]
    };
    let all_warnings: Vec<_> = converted.warnings.iter().chain(markdown_warnings).collect();
    if !args.quiet {
        for warning in &all_warnings {
            eprintln!("wpconvert: warning: {name}: {warning}");
        }
    }
    if let Some(original) = original {
        let before = markdown::write(&original, &options).text;
        let diff = similar::TextDiff::from_lines(&before, &output.text);
        let mut stdout = std::io::stdout().lock();
        write!(
            stdout,
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&name, &format!("{name} (repaired)"))
        )
        .context("cannot write to standard output")?;
        return Ok(all_warnings.len());
    }
    let messages: Vec<String> = all_warnings.iter().map(|w| w.message.clone()).collect();
    let rendered: Vec<(&str, String)> = args
        .to
        .iter()
        .map(|format| match format {
            To::Markdown => ("md", output.text.clone()),
            To::Json => (
                "json",
                wpconvert::write::json::write(
                    &converted.document,
                    &own_changes,
                    &messages,
                    &args.json_options(),
                ),
            ),
            To::Jsonl => (
                "jsonl",
                wpconvert::write::json::line(
                    &converted.document,
                    &own_changes,
                    &messages,
                    &args.json_options(),
                ),
            ),
            To::Html => (
                "html",
                wpconvert::write::html::write(&converted.document, &args.html_options()),
            ),
        })
        .collect();
    match target {
        Target::Stdout => {
            let mut stdout = std::io::stdout().lock();
            for (_, text) in &rendered {
                stdout
                    .write_all(text.as_bytes())
                    .context("cannot write to standard output")?;
            }
            stdout.flush().context("cannot write to standard output")?;
        }
        Target::File(path) if rendered.len() == 1 && rendered[0].0 == "jsonl" => {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.write_all(rendered[0].1.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Target::File(path) => write_output(path, &rendered[0].1, args.force)?,
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
            for (extension, text) in &rendered {
                if *extension == "jsonl" {
                    let lines = folder.join("items.jsonl");
                    std::fs::create_dir_all(folder).ok();
                    let mut file = std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&lines)
                        .with_context(|| format!("cannot write {}", lines.display()))?;
                    file.write_all(text.as_bytes())
                        .with_context(|| format!("cannot write {}", lines.display()))?;
                } else {
                    write_output(&path.with_extension(extension), text, args.force)?;
                }
            }
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

/// Standard input, when it had to be read before deciding what it is.
static STDIN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

pub(super) fn read_input(input: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if is_stdin(input)
        && let Some(read) = STDIN.get()
    {
        return Ok(read.clone());
    }
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

/// Standard input as given, or decompressed when it is gzip (`gzip -dc` is not needed).
fn gunzip_if_compressed(bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .context("standard input is gzip-compressed but cannot be decompressed")?;
    Ok(out)
}

/// Whether the (first) input is a WordPress export, from its name or its first bytes.
fn is_export(path: &Path) -> anyhow::Result<bool> {
    if is_stdin(path) {
        return Ok(false);
    }
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".xml") || name.ends_with(".xml.gz") || name.ends_with(".wxr") {
        return Ok(true);
    }
    let Ok(mut file) = wpconvert::batch::export::open(path) else {
        return Ok(false); // the error is reported where the file is read
    };
    let mut head = vec![0; 4096];
    let n = file.read(&mut head).unwrap_or(0);
    Ok(matches!(
        wpconvert::detect_format(None, &head[..n]),
        Detected::Wxr
    ))
}

pub(super) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// `-o page.md` (or `.json`, `.jsonl`, `.html`) names a file; anything else a folder.
pub(super) fn has_output_extension(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx" | "json" | "jsonl" | "html" | "htm")
    )
}
