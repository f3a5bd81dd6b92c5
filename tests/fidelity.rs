//! Fidelity on the real-world corpus: for every post and page an export would write, the words
//! a reader of the WordPress site sees are the words a reader of the Markdown sees (rendered by
//! comrak), in order, and every code block holds exactly the code its author stored.
//!
//! The reference is built here, independently of the converter: the stored content with each
//! code plugin's region taken as that plugin stores it, the rest parsed as the HTML a browser
//! shows (scripts and styles unseen, shortcode tags not text). Conversion runs without the
//! normalizer (`--no-fix`): this measures the readers and the writer, not the repairs.
//!
//! Skipped, with a note, where `../shared` is absent.

mod common;

use comrak::nodes::{AstNode, NodeValue};
use regex::Regex;
use std::sync::LazyLock;
use wpconvert::read::wordpress::{self, Context};
use wpconvert::read::wxr::{Item, Record, WxrReader};
use wpconvert::write::markdown;

/// What a reader of the original site sees of one item.
#[derive(Debug, Default)]
struct Reference {
    words: Vec<String>,
    code: Vec<String>,
}

/// The opening tag of a code region, by the plugin that stores it, and whether that plugin
/// stores the code raw (unescaped, as typed) rather than as HTML.
static CODE_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?xi)
        <pre\b[^>]*>\s*<code\b[^>]*\blang=[^>]*>     # CodeColorer's <code lang> inside a <pre>
        | <pre\b[^>]*\blang=[^>]*>                   # WP-Syntax
        | <pre\b[^>]*>                               # any other preformatted text
        | <code\b[^>]*\blang=[^>]*>                  # CodeColorer inline or block
        | \[(?:sourcecode|code|cc[a-z]*(?:_[a-z0-9+]+)?|php|python|bash|js|javascript|java|sql|html|xml|css|cpp|c|ruby|shell|text)\b[^\]]*\]
        "#,
    )
    .unwrap()
});

static LATEX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$latex[ \t]+[^$]+?\$").unwrap());
static SHORTCODE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[/?[A-Za-z_][\w-]*(?:\s[^\[\]]*)?/?\]").unwrap());
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>").unwrap()
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);").unwrap());

/// Decodes HTML character references once, by the HTML parser's own tables.
fn decode_once(text: &str) -> String {
    let html = format!("<pre>{}</pre>", text.replace('<', "&lt;"));
    let fragment = scraper::Html::parse_fragment(&html);
    fragment.root_element().text().collect()
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>").unwrap());

/// The code a plugin shows for what it stored: code the editor stored escaped (entities, no
/// tag) decoded once; markup around code (tags beside entities, or only the tags editors wrap
/// code in: `<code>`, `<span>`, `<br>`, `<font>`) as the text a browser shows; raw code as is.
fn stored_code(body: &str) -> String {
    let tags: Vec<String> = TAG
        .captures_iter(body)
        .map(|c| c[1].to_ascii_lowercase())
        .collect();
    let entities = ENTITY.is_match(body);
    let wrappers = ["br", "code", "span", "font"];
    if !tags.is_empty() && (entities || tags.iter().all(|t| wrappers.contains(&t.as_str()))) {
        html_text(&format!("<pre>{body}</pre>"), true)
    } else if entities {
        decode_once(body)
    } else {
        body.to_string()
    }
}

fn reference(content: &str) -> Reference {
    let content = COMMENT.replace_all(content, "");
    // Jetpack's `$latex …$` shows as an image of the formula.
    let content = LATEX.replace_all(&content, " ");
    let mut prose = String::new();
    let mut code = Vec::new();
    let mut rest: &str = &content;
    while let Some(open) = CODE_OPEN.find(rest) {
        prose.push_str(&rest[..open.start()]);
        let tag = open.as_str();
        let after = &rest[open.end()..];
        let lower = tag.to_ascii_lowercase();
        let (close, raw) = if let Some(shortcode) = lower.strip_prefix('[') {
            let name: String = shortcode
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '+')
                .collect();
            (format!("[/{name}]"), true)
        } else if lower.starts_with("<pre") && lower.contains("<code") {
            ("</code>".to_string(), true)
        } else if lower.starts_with("<pre") {
            let plugin = lower.contains("lang=")
                || lower.contains("lang:")
                || lower.contains("enlighter")
                || lower.contains("brush:");
            ("</pre>".to_string(), plugin)
        } else {
            ("</code>".to_string(), true)
        };
        let Some(end) = after.to_ascii_lowercase().find(&close) else {
            prose.push_str(tag);
            rest = after;
            continue;
        };
        let body = &after[..end];
        let text = if raw {
            stored_code(body)
        } else {
            // Preformatted HTML: its text, line breaks as newlines.
            let html = format!("<pre>{}</pre>", body);
            html_text(&html, true)
        };
        code.push(text);
        rest = &after[end + close.len()..];
        if lower.starts_with("<pre") && lower.contains("<code") {
            // The </pre> after CodeColorer's </code>.
            if let Some(pre) = rest.to_ascii_lowercase().find("</pre>")
                && rest[..pre].trim().is_empty()
            {
                rest = &rest[pre + 6..];
            }
        }
        prose.push(' ');
    }
    prose.push_str(rest);
    let prose = SHORTCODE_TAG.replace_all(&prose, " ");
    Reference {
        words: words(&html_text(&prose, false)),
        code,
    }
}

/// The text a browser shows of an HTML fragment: no scripts or styles, `<br>` a line break.
fn html_text(html: &str, keep_lines: bool) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for edge in fragment.root_element().traverse() {
        if let ego_tree::iter::Edge::Open(node) = edge {
            match node.value() {
                scraper::Node::Text(text) => {
                    let hidden = node.ancestors().any(|a| {
                        a.value().as_element().is_some_and(|e| {
                            matches!(e.name(), "script" | "style" | "template" | "noscript")
                                || e.attr("hidden").is_some()
                                // WordPress's classes for text only screen readers get, and
                                // highlighters' generated line numbers.
                                || e.classes().any(|c| {
                                    matches!(
                                        c,
                                        "screen-reader-text"
                                            | "sr-only"
                                            | "gutter"
                                            | "line-numbers"
                                            | "line_numbers"
                                            | "crayon-nums"
                                            | "linenos"
                                    )
                                })
                                || e.attr("style").is_some_and(|s| {
                                    s.replace(' ', "").contains("display:none")
                                })
                        })
                    });
                    if !hidden {
                        out.push_str(text);
                    }
                }
                scraper::Node::Element(e) if e.name() == "br" => out.push('\n'),
                scraper::Node::Element(e)
                    if !keep_lines && !is_inline(e.name()) && e.name() != "html" =>
                {
                    out.push(' ')
                }
                _ => {}
            }
        }
    }
    out
}

/// Elements a browser runs into the text around them (anything else separates words).
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "big"
            | "wbr"
    )
}

/// CJK ideographs and kana, each a word of its own (those scripts put no spaces between words).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// What a reader of the Markdown sees: the words outside code blocks, and the code blocks.
fn rendered(markdown: &str) -> Reference {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut text = String::new();
    let mut code = Vec::new();
    // Depth-first without recursion; an image's children are its alt text, not shown.
    let mut stack: Vec<&AstNode<'_>> = vec![root];
    while let Some(node) = stack.pop() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::CodeBlock(block) => {
                code.push(block.literal.clone());
                continue;
            }
            NodeValue::HtmlInline(html) => text.push_str(&html_text(html, false)),
            // Preformatted text Markdown cannot hold (links in it) stays an HTML `<pre>`: its
            // text is the code a reader sees.
            NodeValue::HtmlBlock(block) if block.literal.trim_start().starts_with("<pre") => {
                code.push(html_text(&block.literal, true));
            }
            NodeValue::HtmlBlock(block) => {
                text.push(' ');
                text.push_str(&html_text(&block.literal, false));
                text.push(' ');
            }
            NodeValue::Image(_) => continue,
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push('\n'),
            NodeValue::Emph
            | NodeValue::Strong
            | NodeValue::Strikethrough
            | NodeValue::Link(_)
            | NodeValue::Superscript
            | NodeValue::Subscript => {}
            _ => text.push(' '),
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    Reference {
        words: words(&text),
        code,
    }
}

/// The share of `reference`'s words found in `output`, in order.
fn agreement(reference: &[String], output: &[String]) -> f64 {
    if reference.is_empty() {
        return 1.0;
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, reference, output);
    let same: usize = ops
        .iter()
        .map(|op| match *op {
            similar::DiffOp::Equal { len, .. } => len,
            // The same letters split where markup met (`x<sup>2</sup>`, `a**b**c`): nothing
            // lost. Words run together (a space lost) are lost.
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } if new_len >= old_len
                && reference[old_index..old_index + old_len].concat()
                    == output[new_index..new_index + new_len].concat() =>
            {
                old_len
            }
            _ => 0,
        })
        .sum();
    same as f64 / reference.len() as f64
}

/// The runs of `reference`'s words missing from `output`, with what stands in their place.
fn lost_words(reference: &[String], output: &[String]) -> Vec<String> {
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, reference, output);
    ops.iter()
        .filter_map(|op| match *op {
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => Some(format!("{:?}", &reference[old_index..old_index + old_len])),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } if new_len < old_len
                || reference[old_index..old_index + old_len].concat()
                    != output[new_index..new_index + new_len].concat() =>
            {
                Some(format!(
                    "{:?} → {:?}",
                    &reference[old_index..old_index + old_len],
                    &output[new_index..new_index + new_len]
                ))
            }
            _ => None,
        })
        .take(4)
        .collect()
}

/// Code compared as shown: blank lines (nothing or spaces only) at either edge are not part
/// of it.
fn code_edges(code: &str) -> &str {
    let blank = |line: &str| line.trim().is_empty();
    let mut code = code;
    while let Some((first, rest)) = code.split_once('\n')
        && blank(first)
    {
        code = rest;
    }
    while let Some((rest, last)) = code.rsplit_once('\n')
        && blank(last)
    {
        code = rest;
    }
    if blank(code) {
        ""
    } else {
        code.trim_end_matches('\r')
    }
}

struct Measured {
    export: String,
    item: String,
    agreement: f64,
    /// The first words lost, with what was written in their place.
    lost: Vec<String>,
    code_exact: usize,
    code_total: usize,
    missing_code: Vec<String>,
    /// Where the Markdown read back and written again first differs from the Markdown.
    round_trip: Option<String>,
}

fn written(item: &Item) -> bool {
    matches!(item.post_type.as_str(), "post" | "page")
        && item.status == "publish"
        && item.post_password.trim().is_empty()
}

fn measure_export(path: &std::path::Path) -> Vec<Measured> {
    let bytes = std::fs::read(path).unwrap();
    let export = path.file_name().unwrap().to_string_lossy().into_owned();
    let records: Vec<Record> = WxrReader::from_bytes(&bytes[..])
        .filter_map(Result::ok)
        .collect();
    let (index, authors) = common::index_and_authors(&records);
    let site = Default::default();
    let options = wordpress::Options::default();
    let context = Context {
        site: &site,
        authors: &authors,
        index: &index,
        options: &options,
    };
    let write_options = markdown::Options {
        front_matter: false,
        ..Default::default()
    };
    let mut out = Vec::new();
    for record in &records {
        let Record::Item(item) = record else { continue };
        if !written(item) {
            continue;
        }
        let (document, _) = wordpress::convert_item(item, &context);
        let markdown = markdown::write(&document, &write_options).text;
        // Read back as Markdown, front matter and all, and written again: the same text.
        let with_front = markdown::write(&document, &markdown::Options::default()).text;
        let again = wpconvert::read(with_front.as_bytes(), wpconvert::InputFormat::Markdown);
        let again = markdown::write(&again.document, &markdown::Options::default()).text;
        let round_trip = (again != with_front).then(|| first_difference(&with_front, &again));
        let expected = reference(&item.content);
        let got = rendered(&markdown);
        let mut unused: Vec<&str> = got.code.iter().map(|c| code_edges(c)).collect();
        let mut missing = Vec::new();
        for code in &expected.code {
            let code = code_edges(code);
            if code.trim().is_empty() {
                continue;
            }
            match unused.iter().position(|c| *c == code) {
                Some(at) => {
                    unused.remove(at);
                }
                None => missing.push(code.to_string()),
            }
        }
        let total = expected
            .code
            .iter()
            .filter(|c| !c.trim().is_empty())
            .count();
        // FIDELITY_SHOW=text: everything about the items whose description holds `text`.
        if let Ok(show) = std::env::var("FIDELITY_SHOW")
            && format!("{export} {}", item.describe()).contains(&show)
        {
            eprintln!(
                "==== {export} {}\n--- content\n{}\n--- markdown\n{markdown}",
                item.describe(),
                item.content
            );
            for code in &missing {
                eprintln!("--- code missing\n{code:?}");
            }
            for code in &got.code {
                eprintln!("--- code written\n{code:?}");
            }
            let ops = similar::capture_diff_slices(
                similar::Algorithm::Myers,
                &expected.words,
                &got.words,
            );
            for op in ops {
                let (old_index, old_len, new) = match op {
                    similar::DiffOp::Delete {
                        old_index, old_len, ..
                    } => (old_index, old_len, 0..0),
                    similar::DiffOp::Replace {
                        old_index,
                        old_len,
                        new_index,
                        new_len,
                    } => (old_index, old_len, new_index..new_index + new_len),
                    _ => continue,
                };
                eprintln!(
                    "--- words lost: {:?} (written instead: {:?})",
                    &expected.words[old_index..old_index + old_len],
                    &got.words[new]
                );
            }
        }
        out.push(Measured {
            export: export.clone(),
            item: item.describe(),
            agreement: agreement(&expected.words, &got.words),
            lost: lost_words(&expected.words, &got.words),
            code_exact: total - missing.len(),
            code_total: total,
            missing_code: missing,
            round_trip,
        });
    }
    out
}

/// The lines around the first difference of two texts.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
    let around = |t: &str| {
        t.lines()
            .skip(at.saturating_sub(1))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "line {}:\n{}\n--- read back and written:\n{}",
        at + 1,
        around(a),
        around(b)
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn every_real_post_keeps_its_words_and_its_code() {
    let Some(folder) = common::corpus("wxr") else {
        return;
    };
    let mut all = Vec::new();
    for export in common::files_with(&folder, ".xml") {
        all.extend(measure_export(&export));
    }
    let mut scores: Vec<f64> = all.iter().map(|m| m.agreement).collect();
    scores.sort_by(f64::total_cmp);
    eprintln!(
        "{} posts and pages: word agreement min {:.4}, 5th percentile {:.4}, median {:.4}",
        scores.len(),
        scores[0],
        percentile(&scores, 0.05),
        percentile(&scores, 0.5)
    );
    let mut per_export: Vec<(String, usize, usize)> = Vec::new();
    for m in &all {
        match per_export.last_mut() {
            Some((name, exact, total)) if *name == m.export => {
                *exact += m.code_exact;
                *total += m.code_total;
            }
            _ => per_export.push((m.export.clone(), m.code_exact, m.code_total)),
        }
    }
    for (name, exact, total) in &per_export {
        if *total > 0 {
            eprintln!("  {name}: code blocks exact {exact}/{total}");
        }
    }
    let mut worst: Vec<&Measured> = all.iter().filter(|m| m.agreement < 0.999).collect();
    worst.sort_by(|a, b| a.agreement.total_cmp(&b.agreement));
    for m in worst.iter().take(40) {
        eprintln!("  {:.4} {} {}", m.agreement, m.export, m.item);
        for lost in &m.lost {
            eprintln!("      lost {}", lost.chars().take(200).collect::<String>());
        }
    }
    let missing: Vec<&Measured> = all.iter().filter(|m| !m.missing_code.is_empty()).collect();
    for m in missing.iter().take(15) {
        eprintln!(
            "  code lost in {} {}: {:?}",
            m.export,
            m.item,
            m.missing_code[0].chars().take(160).collect::<String>()
        );
    }
    let changed: Vec<&Measured> = all.iter().filter(|m| m.round_trip.is_some()).collect();
    for m in changed
        .iter()
        .take(if std::env::var_os("FIDELITY_ALL").is_some() {
            usize::MAX
        } else {
            15
        })
    {
        eprintln!(
            "  round trip changes {} {}: {}",
            m.export,
            m.item,
            m.round_trip.as_deref().unwrap_or("")
        );
    }
    eprintln!(
        "round trip (Markdown → --from markdown → Markdown): {} of {} identical",
        all.len() - changed.len(),
        all.len()
    );
    assert!(worst.is_empty(), "{} posts lose words", worst.len());
    assert!(
        changed.is_empty(),
        "{} posts change on a round trip",
        changed.len()
    );
    assert!(missing.is_empty(), "{} posts lose code", missing.len());
}

/// Markdown written, read back with the Markdown reader and written again: the same text,
/// front matter included.
fn round_trip_difference(document: &wpconvert::model::Document) -> Option<String> {
    let written = markdown::write(document, &markdown::Options::default()).text;
    let read = wpconvert::read(written.as_bytes(), wpconvert::InputFormat::Markdown);
    let again = markdown::write(&read.document, &markdown::Options::default()).text;
    (again != written).then(|| first_difference(&written, &again))
}

#[test]
fn every_fixture_and_saved_page_reads_back_as_the_same_markdown() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut documents: Vec<(String, wpconvert::model::Document)> = common::export_documents();
    let mut html_files = vec![root.join("html/constructs/kitchen-sink.html")];
    for page in std::fs::read_dir(root.join("html/readability")).unwrap() {
        html_files.push(page.unwrap().path().join("source.html"));
    }
    let pages_dir = tempfile::tempdir().unwrap();
    if let Some(folder) = common::corpus("pages/article-extraction-benchmark/html") {
        html_files.extend(common::decompressed_pages(&folder, pages_dir.path()));
    }
    for path in html_files {
        let bytes = std::fs::read(&path).unwrap();
        let converted = wpconvert::read(&bytes, wpconvert::InputFormat::Html);
        documents.push((path.display().to_string(), converted.document));
    }
    let seed = std::fs::read(root.join("seed-article.txt")).unwrap();
    documents.push((
        "seed-article.txt".into(),
        wpconvert::read(&seed, wpconvert::InputFormat::Text).document,
    ));
    assert!(documents.len() > 200, "{} documents", documents.len());
    let changed: Vec<String> = documents
        .iter()
        .filter_map(|(name, document)| {
            round_trip_difference(document).map(|d| format!("{name}: {d}"))
        })
        .collect();
    assert!(
        changed.is_empty(),
        "{} of {} change on a round trip:\n{}",
        changed.len(),
        documents.len(),
        changed
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
