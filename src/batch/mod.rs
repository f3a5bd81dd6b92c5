//! Writing results to disk: safe file names, deterministic collision handling and atomic
//! writes (a temporary file renamed into place, so a crash never leaves half a file).

pub mod export;
pub mod inspect;
pub mod layout;
pub mod links;
pub mod media;
pub mod options;
mod pipeline;
mod plan;
pub mod redirects;
pub mod select;
mod sink;
pub mod site;
pub mod source;
mod spill;
pub mod summary;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file name made from arbitrary text (a slug, a title, an input name) that cannot escape
/// the output folder: path separators, `..`, control characters, bidirectional overrides
/// (which make `gpj.exe` show as `exe.jpg`) and names Windows reserves are neutralized;
/// Unicode letters are kept, in NFC.
pub fn safe_file_stem(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let neutral = |c: char| match c {
        '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
        c if c.is_control() => '-',
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '-',
        c => c,
    };
    // ASCII is in NFC already (most names).
    let mut stem: String = if name.is_ascii() {
        name.chars().map(neutral).collect()
    } else {
        name.nfc().map(neutral).collect()
    };
    stem = stem
        .trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
        .to_string();
    if stem.is_empty() {
        stem = "untitled".to_string();
    }
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    let base = stem.split('.').next().unwrap_or("").to_ascii_lowercase();
    if RESERVED.contains(&base.as_str()) {
        stem.insert(0, '_');
    }
    // Leave room for a collision suffix and an extension within common 255-byte limits.
    while stem.len() > 200 {
        stem.pop();
    }
    stem
}

/// Hands out output paths, resolving collisions deterministically: the first `name.md`
/// keeps its name, the next ones become `name-2.md`, `name-3.md`…
///
/// Names that differ only in case or in Unicode normalization (`Hello`/`hello`, `café` in
/// NFC and NFD) collide too: on macOS and Windows volumes they are one file, and a site
/// built there must not lose a post. The result is the same on every system.
#[derive(Debug, Default)]
pub struct Names {
    /// Every name handed out (by [`folded`]), with who it went to (a number the caller gives
    /// its owners). A whole site's names are held through the first pass, so by a 128-bit
    /// digest, not the path itself, and the owner by number, not by description.
    taken: HashMap<[u8; 16], u32>,
}

/// How file systems that ignore case and normalization see a path: its digest.
fn folded(path: &Path) -> [u8; 16] {
    use unicode_normalization::UnicodeNormalization;
    let path = path.to_string_lossy();
    if path.is_ascii() {
        return digest(&path.to_ascii_lowercase());
    }
    let folded: String = path.nfc().flat_map(char::to_lowercase).nfc().collect();
    digest(&folded)
}

/// A 128-bit digest of `text`, to key a site's worth of paths by (the paths themselves
/// would be most of the memory). SipHash-1-3 with a key drawn per run: collisions are
/// astronomically unlikely, and an export cannot be made to force one. (SHA-256 took a
/// microsecond per URL, and the media stage looks up every URL of every item.)
pub fn digest(text: &str) -> [u8; 16] {
    use std::hash::{BuildHasher, Hasher};
    static KEYS: std::sync::LazyLock<(u64, u64)> = std::sync::LazyLock::new(|| {
        let random = std::collections::hash_map::RandomState::new();
        (random.hash_one(0u8), random.hash_one(1u8))
    });
    let mut hasher = siphasher::sip128::SipHasher13::new_with_keys(KEYS.0, KEYS.1);
    hasher.write(text.as_bytes());
    siphasher::sip128::Hasher128::finish128(&hasher).as_bytes()
}

impl Names {
    /// The file or folder `claim_for` hands out when the name is free.
    pub fn wanted(folder: &Path, stem: &str, extension: Option<&str>) -> PathBuf {
        Names::file(folder, &safe_file_stem(stem), extension)
    }

    fn file(folder: &Path, name: &str, extension: Option<&str>) -> PathBuf {
        match extension {
            Some(extension) => folder.join(format!("{name}.{extension}")),
            None => folder.join(name),
        }
    }

    pub fn claim(&mut self, folder: &Path, stem: &str, extension: &str) -> PathBuf {
        self.claim_for(folder, stem, Some(extension), 0).0
    }

    /// `folder/stem.extension` (or the folder `folder/stem/` when there is no extension) for
    /// `owner`, numbered when taken; with the owner of the name it wanted, if it was taken.
    pub fn claim_for(
        &mut self,
        folder: &Path,
        stem: &str,
        extension: Option<&str>,
        owner: u32,
    ) -> (PathBuf, Option<u32>) {
        let stem = safe_file_stem(stem);
        let path = |name: &str| Names::file(folder, name, extension);
        // A folder's key ends with a separator, so `post/` and `post.md` never collide.
        let key = |path: &Path| match extension {
            Some(_) => folded(path),
            None => folded(&path.join("")),
        };
        let mut candidate = path(&stem);
        let mut clash = None;
        let mut n = 2;
        loop {
            match self.taken.entry(key(&candidate)) {
                Entry::Vacant(entry) => {
                    entry.insert(owner);
                    break;
                }
                Entry::Occupied(entry) => {
                    clash.get_or_insert(*entry.get());
                }
            }
            candidate = path(&format!("{stem}-{n}"));
            n += 1;
        }
        (candidate, clash)
    }
}

/// Writes a file atomically: into a temporary file beside it, then renamed over it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    replace_file(path, contents)
}

/// As [`write_atomic`], in a folder known to exist.
pub fn replace_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    static PROCESS: std::sync::LazyLock<u32> = std::sync::LazyLock::new(std::process::id);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", *PROCESS));
    let result = (|| {
        // Never through whatever is already there (a symbolic link planted under the name).
        let create = || {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
        };
        let mut file = match create() {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&temporary)?;
                create()?
            }
            other => other?,
        };
        file.write_all(contents)?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_inside_the_folder() {
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_stem("/absolute/path"), "absolute-path");
        assert_eq!(safe_file_stem(".."), "untitled");
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("nul.txt"), "_nul.txt");
        assert_eq!(safe_file_stem("a\u{0}b\nc"), "a-b-c");
        assert_eq!(safe_file_stem("日本語の記事"), "日本語の記事");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut names = Names::default();
        let folder = Path::new("out");
        assert_eq!(names.claim(folder, "post", "md"), folder.join("post.md"));
        assert_eq!(names.claim(folder, "post", "md"), folder.join("post-2.md"));
        assert_eq!(names.claim(folder, "post", "md"), folder.join("post-3.md"));
        assert_eq!(names.claim(folder, "other", "md"), folder.join("other.md"));
    }

    #[test]
    fn names_one_file_on_case_or_normalization_insensitive_systems_are_kept_apart() {
        let mut names = Names::default();
        let folder = Path::new("out");
        assert_eq!(names.claim(folder, "Hello", "md"), folder.join("Hello.md"));
        assert_eq!(
            names.claim(folder, "hello", "md"),
            folder.join("hello-2.md")
        );
        assert_eq!(
            names.claim(folder, "HELLO", "md"),
            folder.join("HELLO-3.md")
        );
        // `café` in NFC, then in NFD: written in NFC both times, the second numbered.
        assert_eq!(
            names.claim(folder, "caf\u{e9}", "md"),
            folder.join("caf\u{e9}.md")
        );
        assert_eq!(
            names.claim(folder, "cafe\u{301}", "md"),
            folder.join("caf\u{e9}-2.md")
        );
        assert_eq!(
            claim_folder(&mut names, folder, "Bundle"),
            folder.join("Bundle")
        );
        assert_eq!(
            claim_folder(&mut names, folder, "bundle"),
            folder.join("bundle-2")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_planted_at_the_temporary_name_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let path = out.join("post.md");
        let planted = out.join(format!(".post.md.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(std::fs::symlink_metadata(&planted).is_err());
    }

    /// A folder of its own (a Hugo page bundle): `slug/`, then `slug-2/`…
    fn claim_folder(names: &mut Names, parent: &Path, name: &str) -> PathBuf {
        names.claim_for(parent, name, None, 0).0
    }

    #[test]
    fn bundle_folders_get_numbered_in_order() {
        let mut names = Names::default();
        let parent = Path::new("posts");
        let claimed: Vec<PathBuf> = (0..4)
            .map(|_| claim_folder(&mut names, parent, "post"))
            .collect();
        let expected: Vec<PathBuf> = ["post", "post-2", "post-3", "post-4"]
            .iter()
            .map(|n| parent.join(n))
            .collect();
        assert_eq!(claimed, expected);
        // `Post/` is the same folder on macOS and Windows volumes.
        assert_eq!(
            claim_folder(&mut names, parent, "Post"),
            parent.join("Post-5")
        );
    }

    #[test]
    fn long_names_are_cut_to_200_bytes_on_a_character_boundary() {
        assert_eq!(safe_file_stem(&"a".repeat(300)), "a".repeat(200));
        // 150 two-byte letters: 100 of them fit.
        assert_eq!(safe_file_stem(&"é".repeat(150)), "é".repeat(100));
        assert_eq!(safe_file_stem(&"b".repeat(200)), "b".repeat(200));
    }

    #[test]
    fn bidirectional_overrides_never_reach_a_file_name() {
        assert_eq!(safe_file_stem("invoice\u{202E}gpj.exe"), "invoice-gpj.exe");
        assert_eq!(safe_file_stem("\u{2067}x\u{2069}"), "x");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let entries: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(entries.len(), 1);
    }
}
