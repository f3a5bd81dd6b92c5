//! Bringing media files along: copied (hard-linked where possible) from a local copy of
//! `wp-content/uploads`, or downloaded over HTTP, politely and defensively: a few
//! connections per host, connect and read timeouts, retries with backoff that honour
//! `Retry-After`, redirects followed to http(s) only, a size limit, and a check that what
//! arrived is the kind of file asked for (an HTML error page saved as `photo.jpg` is a
//! failure). Files arrive under a temporary name and are renamed when complete, so a file
//! at its final name is complete: a second run skips it.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Where media files come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A local copy of the site's `wp-content/uploads` folder.
    Folder(PathBuf),
    /// The old site itself, over HTTP.
    Download(Download),
}

/// How files are downloaded.
#[derive(Debug, Clone)]
pub struct Download {
    /// Connections to one host at a time.
    pub per_host: usize,
    pub connect_timeout: Duration,
    /// The longest wait for a response or for the next bytes of one.
    pub read_timeout: Duration,
    /// Attempts after the first, for failures that may pass (timeouts, 429, 5xx, dropped
    /// connections).
    pub retries: u32,
    /// The first retry's wait; each next one doubles it.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a host asking for more is a failure.
    pub max_wait: Duration,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for Download {
    fn default() -> Self {
        Download {
            per_host: 4,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            max_bytes: 512 << 20,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Copied,
    Downloaded,
    /// Complete from an earlier run.
    Present,
    Failed,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Fetched {
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Fetched {
    fn done(status: Status, (bytes, sha256): (u64, String)) -> Fetched {
        Fetched {
            status,
            bytes: Some(bytes),
            sha256: Some(sha256),
            reason: None,
        }
    }

    pub(super) fn failed(reason: String) -> Fetched {
        Fetched {
            status: Status::Failed,
            bytes: None,
            sha256: None,
            reason: Some(reason),
        }
    }
}

/// One file to bring: from `url` (or `path` under the local folder) to `destination`.
#[derive(Debug, Clone)]
pub struct Job {
    pub url: String,
    pub path: String,
    pub destination: PathBuf,
}

/// Brings every job's file, in parallel where the source allows; results in job order.
pub fn fetch_all(source: &Source, jobs: &[Job]) -> Vec<Fetched> {
    match source {
        Source::Folder(folder) => jobs.iter().map(|job| copy(folder, job)).collect(),
        Source::Download(download) => download_all(download, jobs),
    }
}

/// The file at `destination` if it is there already: size and digest.
fn present(destination: &Path) -> Option<Fetched> {
    if !destination.is_file() {
        return None;
    }
    let file = std::fs::File::open(destination).ok()?;
    let digest = hash_copy(file, std::io::sink(), u64::MAX).ok()?;
    Some(Fetched::done(Status::Present, digest))
}

fn copy(folder: &Path, job: &Job) -> Fetched {
    if let Some(present) = present(&job.destination) {
        return present;
    }
    let from = folder.join(&job.path);
    if !from.is_file() {
        return Fetched::failed(format!("not in {}", folder.display()));
    }
    let result = (|| -> std::io::Result<(u64, String)> {
        make_parent(&job.destination)?;
        if std::fs::hard_link(&from, &job.destination).is_ok() {
            return hash_copy(
                std::fs::File::open(&job.destination)?,
                std::io::sink(),
                u64::MAX,
            );
        }
        let mut temporary = temporary_beside(&job.destination)?;
        let digest = hash_copy(std::fs::File::open(&from)?, &mut temporary, u64::MAX)?;
        temporary.persist(&job.destination).map_err(|e| e.error)?;
        Ok(digest)
    })();
    match result {
        Ok(digest) => Fetched::done(Status::Copied, digest),
        Err(error) => Fetched::failed(format!("cannot copy {}: {error}", from.display())),
    }
}

/// A second copy of a file brought along (hard-linked where possible), if not there yet.
pub fn place_copy(original: &Path, copy: &Path) -> std::io::Result<()> {
    if copy.is_file() {
        return Ok(());
    }
    make_parent(copy)?;
    if std::fs::hard_link(original, copy).is_ok() {
        return Ok(());
    }
    let mut temporary = temporary_beside(copy)?;
    std::io::copy(&mut std::fs::File::open(original)?, &mut temporary)?;
    temporary.persist(copy).map_err(|e| e.error)?;
    Ok(())
}

fn make_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent),
        None => Ok(()),
    }
}

fn temporary_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".wpconvert-")
        .suffix(".part")
        .tempfile_in(path.parent().unwrap_or(Path::new(".")))
}

/// Copies `from` into `to`, at most `limit` bytes; the size and SHA-256 of what was copied.
fn hash_copy(
    mut from: impl Read,
    mut to: impl Write,
    limit: u64,
) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 << 10];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        total += n as u64;
        if total > limit {
            return Err(std::io::Error::other(format!(
                "larger than the limit of {}",
                megabytes(limit)
            )));
        }
        hasher.update(&buffer[..n]);
        to.write_all(&buffer[..n])?;
    }
    to.flush()?;
    let digest = hasher.finalize();
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((total, hex))
}

fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
}

/// Downloads with `per_host` workers for each host.
fn download_all(download: &Download, jobs: &[Job]) -> Vec<Fetched> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!(
            "wpconvert/",
            env!("CARGO_PKG_VERSION"),
            " (migrating a WordPress site's media)"
        ))
        .timeout_connect(Some(download.connect_timeout))
        .timeout_recv_response(Some(download.read_timeout))
        .timeout_per_read(Some(download.read_timeout))
        .build()
        .into();
    let mut by_host: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
    for (number, job) in jobs.iter().enumerate() {
        let host = crate::read::host_of(&job.url).unwrap_or_default();
        by_host.entry(host).or_default().push_back(number);
    }
    let results: Vec<Mutex<Option<Fetched>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let queues: Vec<(usize, Mutex<VecDeque<usize>>)> = by_host
        .into_values()
        .map(|queue| (queue.len(), Mutex::new(queue)))
        .collect();
    std::thread::scope(|scope| {
        for (length, queue) in &queues {
            let workers = download.per_host.clamp(1, 16).min(*length);
            for _ in 0..workers {
                let (agent, results) = (&agent, &results);
                scope.spawn(move || {
                    while let Some(number) = queue.lock().ok().and_then(|mut q| q.pop_front()) {
                        let fetched = download_one(agent, download, &jobs[number]);
                        if let Ok(mut slot) = results[number].lock() {
                            *slot = Some(fetched);
                        }
                    }
                });
            }
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Fetched::failed("not attempted (a worker stopped)".into()))
        })
        .collect()
}

/// Why one attempt failed, and whether another may succeed (and after how long).
struct Failure {
    reason: String,
    retry: Option<Option<Duration>>,
}

impl Failure {
    fn fatal(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            retry: None,
        }
    }

    fn passing(reason: impl Into<String>, after: Option<Duration>) -> Failure {
        Failure {
            reason: reason.into(),
            retry: Some(after),
        }
    }
}

fn download_one(agent: &ureq::Agent, download: &Download, job: &Job) -> Fetched {
    if let Some(present) = present(&job.destination) {
        return present;
    }
    let mut attempt = 0;
    loop {
        match attempt_download(agent, download, job) {
            Ok(digest) => return Fetched::done(Status::Downloaded, digest),
            Err(Failure {
                reason,
                retry: Some(after),
            }) if attempt < download.retries => {
                let wait = after.unwrap_or(download.backoff * 2u32.saturating_pow(attempt));
                if wait > download.max_wait {
                    return Fetched::failed(format!(
                        "{reason}; the host asks to wait {} s, more than {} s",
                        wait.as_secs(),
                        download.max_wait.as_secs()
                    ));
                }
                std::thread::sleep(wait);
                attempt += 1;
            }
            Err(Failure { reason, retry }) => {
                return Fetched::failed(if retry.is_some() && attempt > 0 {
                    format!("{reason} ({} attempts)", attempt + 1)
                } else {
                    reason
                });
            }
        }
    }
}

/// The most redirects followed for one file.
const MAX_REDIRECTS: usize = 5;

fn attempt_download(
    agent: &ureq::Agent,
    download: &Download,
    job: &Job,
) -> Result<(u64, String), Failure> {
    let mut url = job.url.clone();
    for _ in 0..=MAX_REDIRECTS {
        let response = match agent.get(&url).call() {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => return Err(Failure::passing("timed out", None)),
            Err(ureq::Error::Io(error)) => {
                return Err(Failure::passing(
                    format!("connection failed: {error}"),
                    None,
                ));
            }
            Err(error) => return Err(Failure::fatal(format!("cannot fetch: {error}"))),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            200..=299 => return receive(response, download, job),
            301 | 302 | 303 | 307 | 308 => {
                let Some(location) = header("location") else {
                    return Err(Failure::fatal(format!("HTTP {status} without a Location")));
                };
                url = follow(&url, &location)?;
            }
            429 | 503 => {
                let after = header("retry-after")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                return Err(Failure::passing(format!("HTTP {status}"), after));
            }
            500..=599 => return Err(Failure::passing(format!("HTTP {status}"), None)),
            _ => return Err(Failure::fatal(format!("HTTP {status}"))),
        }
    }
    Err(Failure::fatal(format!(
        "more than {MAX_REDIRECTS} redirects"
    )))
}

/// Where a redirect leads, if it is somewhere this tool goes: http(s) only.
fn follow(from: &str, location: &str) -> Result<String, Failure> {
    let location = location.trim();
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(location.to_string());
    }
    if let Some(rest) = location.strip_prefix("//") {
        let scheme = from.split("://").next().unwrap_or("https");
        return Ok(format!("{scheme}://{rest}"));
    }
    let scheme_like = location
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    if scheme_like {
        return Err(Failure::fatal(format!(
            "redirected to {location} (only http and https are followed)"
        )));
    }
    let (origin, path) = crate::read::split_origin(from)
        .ok_or_else(|| Failure::fatal(format!("redirected from an odd address {from}")))?;
    Ok(if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        format!("{origin}{folder}/{location}")
    })
}

/// Receives a response's body into the job's file, if it is what was asked for.
fn receive(
    response: ureq::http::Response<ureq::Body>,
    download: &Download,
    job: &Job,
) -> Result<(u64, String), Failure> {
    let ending = job
        .path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mime = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if let Some(problem) = wrong_type(&ending, &mime) {
        return Err(Failure::fatal(problem));
    }
    let body = response.into_body();
    if let Some(length) = body.content_length()
        && length > download.max_bytes
    {
        return Err(Failure::fatal(format!(
            "{} MB, more than the limit of {}",
            length >> 20,
            megabytes(download.max_bytes)
        )));
    }
    let expected = body.content_length();
    let mut reader = body.into_reader();
    // The first bytes tell an HTML page from the file, whatever the header claims.
    let mut head = vec![0u8; 512];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) => return Err(body_failure(error)),
        }
    }
    head.truncate(filled);
    if looks_like_html(&head) && !matches!(ending.as_str(), "html" | "htm" | "svg" | "xml" | "txt")
    {
        return Err(Failure::fatal(format!(
            "an HTML page arrived instead of the .{ending} file"
        )));
    }
    make_parent(&job.destination).map_err(|e| Failure::fatal(format!("cannot write: {e}")))?;
    let mut temporary = temporary_beside(&job.destination)
        .map_err(|e| Failure::fatal(format!("cannot write: {e}")))?;
    let digest = hash_copy(
        std::io::Cursor::new(head).chain(reader),
        &mut temporary,
        download.max_bytes,
    )
    .map_err(body_failure)?;
    if let Some(expected) = expected
        && digest.0 != expected
    {
        return Err(Failure::passing(
            format!("cut off: {} of {expected} bytes arrived", digest.0),
            None,
        ));
    }
    temporary
        .persist(&job.destination)
        .map_err(|e| Failure::fatal(format!("cannot write: {}", e.error)))?;
    Ok(digest)
}

fn body_failure(error: std::io::Error) -> Failure {
    let message = error.to_string();
    if message.contains("larger than the limit") {
        Failure::fatal(message)
    } else {
        Failure::passing(format!("cut off: {message}"), None)
    }
}

/// Why a response of type `mime` cannot be the file ending in `.ending`.
fn wrong_type(ending: &str, mime: &str) -> Option<String> {
    let html = matches!(mime, "text/html" | "application/xhtml+xml");
    if html && !matches!(ending, "html" | "htm") {
        return Some(format!(
            "an HTML page arrived instead of the .{ending} file"
        ));
    }
    let wanted = match ending {
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff"
        | "heic" | "svg" => "image/",
        "mp3" | "m4a" | "ogg" | "oga" | "wav" | "wma" | "flac" | "aac" => "audio/",
        "mp4" | "m4v" | "webm" | "ogv" | "mov" | "avi" | "wmv" | "flv" => "video/",
        _ => return None,
    };
    let generic = mime.is_empty()
        || mime == "application/octet-stream"
        || mime == "binary/octet-stream"
        // Audio and video formats that are also containers.
        || (wanted != "image/" && (mime.starts_with("audio/") || mime.starts_with("video/")))
        || mime == "application/ogg";
    (!generic && !mime.starts_with(wanted))
        .then(|| format!("served as {mime}, not as the .{ending} file asked for"))
}

fn looks_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lower = text
        .get(..text.len().min(15))
        .unwrap_or("")
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.starts_with("<head")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_that_cannot_be_the_file_are_told_apart() {
        assert!(wrong_type("jpg", "text/html").is_some());
        assert!(wrong_type("jpg", "application/json").is_some());
        assert!(wrong_type("html", "text/html").is_none());
        assert!(wrong_type("jpg", "image/jpeg").is_none());
        assert!(wrong_type("jpg", "").is_none());
        assert!(wrong_type("mp4", "application/octet-stream").is_none());
        assert!(wrong_type("pdf", "application/pdf").is_none());
        assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
        assert!(!looks_like_html(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn redirects_are_followed_to_http_and_https_only() {
        let from = "http://127.0.0.1:8080/wp-content/uploads/a.jpg";
        assert_eq!(
            follow(from, "/new/a.jpg").ok(),
            Some("http://127.0.0.1:8080/new/a.jpg".to_string())
        );
        assert_eq!(
            follow(from, "b.jpg").ok(),
            Some("http://127.0.0.1:8080/wp-content/uploads/b.jpg".to_string())
        );
        assert_eq!(
            follow(from, "HTTPS://cdn.example/a.jpg").ok(),
            Some("HTTPS://cdn.example/a.jpg".to_string())
        );
        for refused in [
            "ftp://old.example/a.jpg",
            "file:///etc/passwd",
            "javascript:x",
        ] {
            assert!(follow(from, refused).is_err(), "{refused}");
        }
    }
}
