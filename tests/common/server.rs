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

/// Hex of tiny images that image libraries read and decode (a generator's image pipeline
/// reads their size): a 3×2 baseline JPEG, a 2×2 PNG, a 1×1 GIF.
const JPEG: &str = "ffd8ffdb00430001010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101ffc0000b080002000301011100ffc40014000100000000000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003fffd9";
const PNG: &str = "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001049444154789c63b0ca5b0a440c100a0022ce0535e08f4c430000000049454e44ae426082";
const GIF: &str = "47494638396101000100800000000000ffffff2c00000000010001000002024401003b";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// A file of the kind its name says (a real image for image names), and its media type.
pub fn file_bytes(path: &str) -> (&'static str, Vec<u8>) {
    let ending = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let (mime, body) = match ending.as_str() {
        "jpg" | "jpeg" => ("image/jpeg", hex(JPEG)),
        "png" => ("image/png", hex(PNG)),
        "gif" => ("image/gif", hex(GIF)),
        "mp3" => ("audio/mpeg", b"ID3\x03\x00".to_vec()),
        "mov" => ("video/quicktime", b"\x00\x00\x00\x14ftypqt  ".to_vec()),
        "pdf" => ("application/pdf", b"%PDF-1.4\n".to_vec()),
        _ => ("application/octet-stream", b"data".to_vec()),
    };
    let mut body = body;
    if !mime.starts_with("image/") {
        body.extend(path.bytes().cycle().take(2000));
    }
    (mime, body)
}
