//! A real HTTP server on 127.0.0.1, in the test process, answering each request with what
//! the test's handler writes: enough HTTP/1.1 to serve files and to misbehave on purpose.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

pub struct Server {
    pub port: u16,
    /// Every request's path, in arrival order.
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts serving; `handler` gets the path, how many times it was asked before, and the
    /// connection to answer on (closed when it returns).
    pub fn start(handler: impl Fn(&str, usize, &mut TcpStream) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let counts = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
        let handler = Arc::new(handler);
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, log, counts) = (handler.clone(), log.clone(), counts.clone());
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let Some(path) = read_request(&stream) else {
                        return;
                    };
                    log.lock().unwrap().push(path.clone());
                    let before = {
                        let mut counts = counts.lock().unwrap();
                        let count = counts.entry(path.clone()).or_default();
                        *count += 1;
                        *count - 1
                    };
                    handler(&path, before, &mut stream);
                    let _ = stream.flush();
                });
            }
        });
        Server { port, requests }
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut *self.requests.lock().unwrap())
    }
}

/// The path of the request on the connection (its headers read and dropped).
fn read_request(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
    }
    Some(path)
}

/// Writes a whole response.
pub fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// The first bytes of a file of each kind, so that a file looks like what it is named.
pub fn file_bytes(path: &str) -> (&'static str, Vec<u8>) {
    let ending = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let (mime, magic): (&str, &[u8]) = match ending.as_str() {
        "jpg" | "jpeg" => ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        "png" => ("image/png", b"\x89PNG\r\n\x1a\n"),
        "gif" => ("image/gif", b"GIF89a"),
        "mp3" => ("audio/mpeg", b"ID3\x03\x00"),
        "mov" => ("video/quicktime", b"\x00\x00\x00\x14ftypqt  "),
        "pdf" => ("application/pdf", b"%PDF-1.4\n"),
        _ => ("application/octet-stream", b"data"),
    };
    let mut body = magic.to_vec();
    body.extend(path.bytes().cycle().take(2000));
    (mime, body)
}
