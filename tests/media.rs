//! Media brought along with a migration (`--download-media`, `--media-from`), against a real
//! HTTP server on 127.0.0.1 that serves an uploads tree and misbehaves on purpose.

mod common;

use assert_cmd::Command;
use common::server::{Server, file_bytes, respond};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

const OLD: &str = "https://media.example.org";
const UPLOADS: &str = "/wp-content/uploads/2024/05/";

fn wpconvert() -> Command {
    Command::cargo_bin("wpconvert").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wxr")
        .join(name)
}

/// The export with the old site's address replaced by `origin` (and its host by `origin`'s
/// where it appears without a scheme, as in CDN addresses).
fn export_served_from(source: &Path, old: &str, origin: &str, folder: &Path) -> PathBuf {
    let text = std::fs::read_to_string(source).unwrap();
    let path = folder.join("export.xml");
    let host = |url: &str| url.split_once("://").unwrap().1.to_string();
    let text = text.replace(old, origin).replace(&host(old), &host(origin));
    std::fs::write(&path, text).unwrap();
    path
}

/// The old host: files under the uploads, and a file for each way hosts fail.
fn old_host() -> Server {
    Server::start(|path, before, stream| {
        // Where the relocated file moved to.
        if path == "/wp-content/uploads/2024/06/relocated.jpg" {
            let (mime, body) = file_bytes(path);
            return respond(stream, "200 OK", &[("Content-Type", mime)], &body);
        }
        let Some(name) = path.strip_prefix(UPLOADS) else {
            return respond(stream, "404 Not Found", &[], b"no");
        };
        match name {
            "missing.jpg" => respond(
                stream,
                "404 Not Found",
                &[("Content-Type", "text/plain")],
                b"not found",
            ),
            // Throttled once, then served.
            "busy.jpg" if before == 0 => respond(
                stream,
                "429 Too Many Requests",
                &[("Retry-After", "1")],
                b"slow down",
            ),
            // Always slower than the timeout.
            "slow.jpg" => std::thread::sleep(Duration::from_secs(4)),
            "error-page.jpg" => respond(
                stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=UTF-8")],
                b"<!DOCTYPE html><html><body>Account suspended</body></html>",
            ),
            "disguised.png" => respond(
                stream,
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\n<!doctype html><html><head><title>Just a moment...</title>",
            ),
            "moved.jpg" => respond(
                stream,
                "302 Found",
                &[("Location", "ftp://127.0.0.1/moved.jpg")],
                b"",
            ),
            "relocated.jpg" => respond(
                stream,
                "301 Moved Permanently",
                &[("Location", "/wp-content/uploads/2024/06/relocated.jpg")],
                b"",
            ),
            // Promises 4,000 bytes, sends 100 and hangs up.
            "cut.jpg" => {
                use std::io::Write;
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 4000\r\n\r\n",
                );
                let _ = stream.write_all(&[0xff; 100]);
            }
            name if name.contains('.') => {
                let (mime, body) = file_bytes(name);
                respond(stream, "200 OK", &[("Content-Type", mime)], &body)
            }
            _ => respond(stream, "404 Not Found", &[], b"no"),
        }
    })
}

fn run(export: &Path, output: &Path, extra: &[&str]) -> Value {
    let summary = output.with_extension("summary.json");
    let result = wpconvert()
        .arg("convert")
        .arg(export)
        .arg("-o")
        .arg(output)
        .args(["--preset", "hugo", "--force", "-q", "--summary"])
        .arg(&summary)
        .args(extra)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        result.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap()
}

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn downloads_survive_a_misbehaving_host_and_a_second_run_fetches_only_what_failed() {
    let server = old_host();
    let temp = tempfile::tempdir().unwrap();
    let export = export_served_from(
        &fixture("media/uploads.xml"),
        OLD,
        &server.origin(),
        temp.path(),
    );
    let output = temp.path().join("site");
    let download = [
        "--download-media",
        "--media-timeout",
        "1",
        "--media-retries",
        "1",
    ];
    let summary = run(&export, &output, &download);
    let media = &summary["media"];
    let reasons: Vec<(String, String)> = media["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["url"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |name: &str| {
        reasons
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} is not among the failures: {reasons:?}"))
    };
    assert!(reason("missing.jpg").contains("HTTP 404"));
    assert!(
        reason("slow.jpg").contains("timed out"),
        "{}",
        reason("slow.jpg")
    );
    assert!(reason("error-page.jpg").contains("HTML page"));
    assert!(reason("disguised.png").contains("HTML page"));
    assert!(
        reason("moved.jpg").contains("ftp://"),
        "{}",
        reason("moved.jpg")
    );
    assert!(
        reason("cut.jpg").contains("cut off"),
        "{}",
        reason("cut.jpg")
    );
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    // harbour.jpg (its resized copies stand for it), nets.png, interview.mp3, timetable.pdf,
    // busy.jpg (after waiting as asked), relocated.jpg (through a redirect).
    assert_eq!(media["downloaded"], 6, "{media}");
    assert_eq!(media["failed"], 6);

    let uploads = output.join("static/uploads/2024/05");
    let kept: Vec<String> = files_under(&output.join("static"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        kept,
        [
            "busy.jpg",
            "harbour.jpg",
            "interview.mp3",
            "nets.png",
            "relocated.jpg",
            "timetable.pdf"
        ],
        "no partial or failed file is left behind"
    );
    assert_eq!(
        std::fs::read(uploads.join("harbour.jpg")).unwrap(),
        file_bytes("harbour.jpg").1
    );

    let post =
        std::fs::read_to_string(output.join("posts/a-morning-at-the-harbour/index.md")).unwrap();
    for brought in [
        // The resized image inside its full-size link: the original, both times.
        "[![Fishing boats at the quay](/uploads/2024/05/harbour.jpg)](/uploads/2024/05/harbour.jpg)",
        // The featured image, the gallery, the CDN address, the attachment page, the audio
        // source and the PDF.
        "featured_image: /uploads/2024/05/harbour.jpg",
        "[![](/uploads/2024/05/nets.png)](/uploads/2024/05/nets.png)",
        "![Nets](/uploads/2024/05/nets.png)",
        "[attachment page](/uploads/2024/05/nets.png)",
        "src=\"/uploads/2024/05/interview.mp3\"",
        "[tide timetable](/uploads/2024/05/timetable.pdf)",
        "![throttled](/uploads/2024/05/busy.jpg)",
        "![moved on the same host](/uploads/2024/05/relocated.jpg)",
        // Another site's photo stays where it is.
        "![Gull](https://elsewhere.example/photos/gull.jpg)",
    ] {
        assert!(post.contains(brought), "{brought} not in:\n{post}");
    }
    for (name, _) in &reasons {
        assert!(
            post.contains(&format!("{}{UPLOADS}{name}", server.origin())),
            "a file that failed keeps its old URL: {name}"
        );
    }

    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(output.join("media-manifest.json")).unwrap())
            .unwrap();
    let files = manifest["files"].as_object().unwrap();
    assert_eq!(files.len(), 12, "every file the post uses: {manifest}");
    let harbour = &files["2024/05/harbour.jpg"];
    assert_eq!(harbour["status"], "downloaded");
    assert_eq!(harbour["new_url"], "/uploads/2024/05/harbour.jpg");
    assert_eq!(harbour["bytes"], file_bytes("harbour.jpg").1.len());
    assert_eq!(harbour["sha256"].as_str().unwrap().len(), 64);
    let references: Vec<&str> = harbour["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        references
            .iter()
            .any(|r| r.ends_with("harbour-300x200.jpg"))
    );
    assert_eq!(files["2024/05/cut.jpg"]["status"], "failed");
    assert!(files["2024/05/cut.jpg"]["reason"].is_string());

    // Again: what is complete is not asked for; what failed is tried again.
    server.take_requests();
    let again = run(&export, &output, &download);
    assert_eq!(again["media"]["present"], 6, "{}", again["media"]);
    assert_eq!(again["media"]["downloaded"], 0);
    let mut asked: Vec<String> = server
        .take_requests()
        .iter()
        .map(|p| p.rsplit('/').next().unwrap().to_string())
        .collect();
    asked.sort();
    asked.dedup();
    assert_eq!(
        asked,
        [
            "cut.jpg",
            "disguised.png",
            "error-page.jpg",
            "missing.jpg",
            "moved.jpg",
            "slow.jpg"
        ]
    );
}

#[test]
fn a_local_uploads_folder_is_copied_offline_and_resized_copies_can_be_kept() {
    let temp = tempfile::tempdir().unwrap();
    let uploads = temp.path().join("uploads");
    for name in [
        "harbour.jpg",
        "harbour-300x200.jpg",
        "nets.png",
        "interview.mp3",
    ] {
        let path = uploads.join("2024/05").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, file_bytes(name).1).unwrap();
    }
    let output = temp.path().join("site");
    let summary = run(
        &fixture("media/uploads.xml"),
        &output,
        &[
            "--media-from",
            uploads.to_str().unwrap(),
            "--keep-image-sizes",
        ],
    );
    let media = &summary["media"];
    assert_eq!(media["copied"], 4, "{media}");
    let post =
        std::fs::read_to_string(output.join("posts/a-morning-at-the-harbour/index.md")).unwrap();
    assert!(post.contains(
        "[![Fishing boats at the quay](/uploads/2024/05/harbour-300x200.jpg)](/uploads/2024/05/harbour.jpg)"
    ));
    // Files the folder lacks keep their old address and are listed, each with why.
    assert!(post.contains(&format!("{OLD}{UPLOADS}timetable.pdf")));
    let failures = media["failures"].as_array().unwrap();
    assert!(
        failures
            .iter()
            .all(|f| f["reason"].as_str().unwrap().starts_with("not in "))
    );
    assert!(
        failures
            .iter()
            .any(|f| f["url"].as_str().unwrap().ends_with("timetable.pdf"))
    );
    assert_eq!(
        std::fs::read(output.join("static/uploads/2024/05/harbour-300x200.jpg")).unwrap(),
        file_bytes("harbour-300x200.jpg").1
    );
}

#[test]
fn a_missing_media_folder_is_refused_before_anything_is_written() {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("site");
    let result = wpconvert()
        .arg("convert")
        .arg(fixture("media/uploads.xml"))
        .arg("-o")
        .arg(&output)
        .args(["--preset", "hugo", "--media-from"])
        .arg(temp.path().join("no-such-folder"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
    assert!(stderr.contains("no such folder"), "{stderr}");
    assert!(!output.join("posts").exists());
}

/// On the real-world corpus, every image and uploads link of the written items that is on
/// the old site's host (or its WordPress.com file host) is in the media inventory: with an
/// empty uploads folder, each is listed in the manifest as failed, its old URL kept.
#[test]
fn every_uploads_url_of_the_real_corpus_is_accounted_for() {
    let Some(folder) = common::corpus("wxr") else {
        return;
    };
    let channel_link = regex::Regex::new(r"<link>\s*(https?://[^<\s]+)\s*</link>").unwrap();
    let url = regex::Regex::new(r#"(?:\]\(|src=")(https?://[^)\s"]+)"#).unwrap();
    let attachment =
        regex::Regex::new(r"<wp:attachment_url>(?:<!\[CDATA\[)?\s*(https?://[^<\]\s]+)").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let (mut checked, mut failures) = (0, Vec::new());
    for export in common::files_with(&folder, ".xml") {
        let head: String = String::from_utf8_lossy(&std::fs::read(&export).unwrap())
            .chars()
            .take(20_000)
            .collect();
        let Some(site) = channel_link.captures(&head).map(|c| c[1].to_string()) else {
            continue;
        };
        let bare = |url: &str| {
            let host = wpconvert::read::host_of(url).unwrap_or_default();
            host.strip_prefix("www.").unwrap_or(&host).to_string()
        };
        // The site's own hosts: its address's, and its attachments' files'.
        let text = String::from_utf8_lossy(&std::fs::read(&export).unwrap()).into_owned();
        let mut hosts: std::collections::HashSet<String> = attachment
            .captures_iter(&text)
            .map(|c| bare(&c[1]))
            .collect();
        hosts.insert(bare(&site));
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("out");
        run(
            &export,
            &output,
            &["--media-from", empty.path().to_str().unwrap()],
        );
        let manifest: Value = std::fs::read_to_string(output.join("media-manifest.json"))
            .map(|text| serde_json::from_str(&text).unwrap())
            .unwrap_or(Value::Null);
        let mut references = std::collections::HashSet::new();
        for entry in manifest["files"].as_object().into_iter().flatten() {
            for reference in entry.1["references"].as_array().into_iter().flatten() {
                references.insert(reference.as_str().unwrap().to_string());
            }
        }
        for file in files_under(&output.join("posts"))
            .into_iter()
            .chain(files_under(&output))
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
        {
            let text = std::fs::read_to_string(&file).unwrap();
            // Markup shown as text (`\<img src=…>`) is prose, not an image.
            let text: String = text
                .lines()
                .filter(|line| !line.contains("\\<"))
                .collect::<Vec<_>>()
                .join("\n");
            for found in url.captures_iter(&text) {
                let url = found[1].replace("&amp;", "&");
                let host = bare(&url);
                let uploads = hosts.contains(&host)
                    && (url.contains("/wp-content/uploads/")
                        || host.ends_with(".files.wordpress.com"));
                if !uploads {
                    continue;
                }
                checked += 1;
                if !references.contains(&url) {
                    failures.push(format!(
                        "{}: {url} is not in the media manifest",
                        file.display()
                    ));
                }
            }
        }
    }
    eprintln!("{checked} uploads URLs of the corpus checked against the media manifests");
    assert!(checked > 0);
    failures.truncate(20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An export of several batches: each batch's media are brought while the next converts, and
/// every item still ends up pointing to its files.
#[test]
fn media_of_every_batch_are_brought_while_the_next_converts() {
    let temp = tempfile::tempdir().unwrap();
    let uploads = temp.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2024/01")).unwrap();
    for n in 0..7 {
        std::fs::write(
            uploads.join(format!("2024/01/p{n}.jpg")),
            file_bytes("p.jpg").1,
        )
        .unwrap();
    }
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Many posts</title>
<link>https://site.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"#,
    );
    let posts = 700;
    for n in 0..posts {
        xml.push_str(&format!(
            "<item><title>Post {n}</title><link>https://site.example/post-{n}/</link>\
             <content:encoded><![CDATA[<p>Photo {n}: <img src=\"https://site.example/wp-content/uploads/2024/01/p{}-300x200.jpg\" alt=\"p\"></p>]]></content:encoded>\
             <wp:post_id>{}</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date>\
             <wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status>\
             <wp:post_type>post</wp:post_type></item>\n",
            n % 7,
            n + 1
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    let export = temp.path().join("export.xml");
    std::fs::write(&export, xml).unwrap();
    let output = temp.path().join("site");
    let summary = run(
        &export,
        &output,
        &["--media-from", uploads.to_str().unwrap()],
    );
    assert_eq!(summary["written"], posts);
    // No attachments in the export: the uploads are still the site's, resized copies kept as
    // asked for (the originals are not known without attachments).
    let media = &summary["media"];
    assert_eq!(media["references_rewritten"], 0, "{media}");
    assert_eq!(
        media["failed"], 7,
        "the -300x200 copies are not in the folder: {media}"
    );
    // With the resized copies in the folder, every post points to its file.
    for n in 0..7 {
        std::fs::copy(
            uploads.join(format!("2024/01/p{n}.jpg")),
            uploads.join(format!("2024/01/p{n}-300x200.jpg")),
        )
        .unwrap();
    }
    let summary = run(
        &export,
        &output,
        &["--media-from", uploads.to_str().unwrap()],
    );
    let media = &summary["media"];
    assert_eq!(media["copied"], 7, "{media}");
    assert_eq!(media["references_rewritten"], posts, "{media}");
    for n in 0..posts {
        let text =
            std::fs::read_to_string(output.join(format!("posts/post-{n}/index.md"))).unwrap();
        let file = format!("/uploads/2024/01/p{}-300x200.jpg", n % 7);
        assert!(text.contains(&file), "post {n}: {text}");
    }
}
