//! The fuzz targets' bodies (`fuzz/bodies.rs`) on stable Rust: over every crash the fuzzer
//! has found (`fuzz/regressions/TARGET/`), the fixtures, the real-world corpus (where
//! `../shared` is present), and a bounded, deterministic campaign of mutations of them.
//! cargo-fuzz runs the same bodies for as long as it is given (`fuzz/run`).

#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::{Path, PathBuf};

type Body = fn(&[u8]);

const TARGETS: &[(&str, Body)] = &[
    ("wxr", bodies::wxr),
    ("html_fragment", bodies::html_fragment),
    ("html_page", bodies::html_page),
    ("text", bodies::text),
    ("markdown_input", bodies::markdown_input),
    ("pipeline", bodies::pipeline),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

/// Runs a body; a panic is returned as its message, naming the input.
fn run(target: &str, body: Body, name: &str, data: &[u8]) -> Result<(), String> {
    std::panic::catch_unwind(|| body(data)).map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{target} on {name}: {message}")
    })
}

/// Runs on a thread with a small stack (1 MiB, less than a main thread's), so that
/// recursion on the input's depth shows as an overflow here.
fn on_small_stack(work: impl FnOnce() -> Vec<String> + Send + 'static) -> Vec<String> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap_or_else(|_| vec!["the harness thread died".into()])
}

#[test]
fn every_crash_found_so_far_stays_fixed() {
    let failures = on_small_stack(|| {
        let mut failures = Vec::new();
        let mut count = 0;
        for (target, body) in TARGETS {
            for file in files_in(&root().join("fuzz/regressions").join(target)) {
                count += 1;
                let data = std::fs::read(&file).unwrap();
                if let Err(e) = run(target, *body, &file.display().to_string(), &data) {
                    failures.push(e);
                }
            }
        }
        assert!(count >= 8, "the regression inputs are in fuzz/regressions/");
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Seeds for a target: the repository's fixtures of its kind.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let wanted: &[&str] = match target {
        "wxr" | "pipeline" => &["xml"],
        "html_fragment" | "html_page" => &["html"],
        _ => &["txt", "md"],
    };
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for path in files_in(&dir) {
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let size = path.metadata().map_or(0, |m| m.len());
            if wanted.contains(&extension) && size < 400_000 {
                out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            stack.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_dir()));
        }
    }
    out.sort();
    out
}

#[test]
fn the_targets_hold_on_every_fixture() {
    let failures = on_small_stack(|| {
        let mut failures = Vec::new();
        for (target, body) in TARGETS {
            let seeds = seeds(target);
            assert!(!seeds.is_empty(), "{target} has seeds");
            for (name, data) in &seeds {
                if let Err(e) = run(target, *body, name, data) {
                    failures.push(e);
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_targets_hold_on_the_real_world_corpus() {
    let wxr = root().join("../shared/corpus/wxr");
    if !wxr.is_dir() {
        eprintln!("note: ../shared is absent; the corpus run of the fuzz targets is skipped");
        return;
    }
    let failures = on_small_stack(move || {
        let mut failures = Vec::new();
        for file in files_in(&wxr) {
            if file.extension().is_some_and(|e| e == "xml") {
                let data = std::fs::read(&file).unwrap();
                if let Err(e) = run("wxr", bodies::wxr, &file.display().to_string(), &data) {
                    failures.push(e);
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What real damage and hostile input look like, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"\xC2\xA0",
    b"\xE3\x80\x80",
    b"\xE2\x80\xA8",
    b"&nbsp;",
    b"&#160;",
    b"]]>",
    b"<![CDATA[",
    b"<!-- wp:paragraph -->",
    b"<!--more-->",
    b"[gallery]",
    b"[caption]x[/caption]",
    b"> ",
    b"| a | b |\n|---|---|\n",
    b"```\n",
    b"<pre>",
    b"</p>",
    b"<table><tr><td>",
    b"\xCC",
    b"\xFF",
    b"\0",
    b". ",
    b",",
    b"**",
    b"[a](b)",
    b"\xE2\x80\x94",
];

fn mutate(rng: &mut Rng, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            1 if at < out.len() => out[at] ^= 1 << rng.below(8),
            2 => out.truncate(at),
            3 if !out.is_empty() => {
                let from = rng.below(out.len());
                let end = (from + rng.below(256)).min(out.len());
                let piece = out[from..end].to_vec();
                out.splice(at..at, piece);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    out
}

#[test]
fn a_bounded_mutation_campaign_finds_nothing() {
    let failures = on_small_stack(|| {
        let mut failures = Vec::new();
        for (number, (target, body)) in TARGETS.iter().enumerate() {
            let mut seeds = seeds(target);
            // Small seeds mutate into more distinct inputs per run.
            seeds.retain(|(_, d)| d.len() < 64_000);
            let regressions = root().join("fuzz/regressions").join(target);
            for file in files_in(&regressions) {
                seeds.push((file.display().to_string(), std::fs::read(&file).unwrap()));
            }
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (number as u64 + 1));
            for round in 0..150 {
                let (name, seed) = &seeds[rng.below(seeds.len())];
                let data = mutate(&mut rng, seed);
                if let Err(e) = run(target, *body, &format!("{name} (mutation {round})"), &data) {
                    // Kept for a look, and to go into fuzz/regressions/ with the fix.
                    let kept =
                        std::env::temp_dir().join(format!("wpconvert-fuzz-{target}-{round}"));
                    std::fs::write(&kept, &data).unwrap();
                    failures.push(format!("{e}\n(input kept in {})", kept.display()));
                    break;
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
