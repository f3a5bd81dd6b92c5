//! Writing results to disk: safe file names, deterministic collision handling and atomic
//! writes (a temporary file renamed into place, so a crash never leaves half a file).

pub mod export;
pub mod inspect;
pub mod layout;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file name made from arbitrary text (a slug, a title, an input name) that cannot escape
/// the output folder: path separators, `..`, control characters and names Windows reserves
/// are neutralized; Unicode letters are kept.
pub fn safe_file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
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
#[derive(Debug, Default)]
pub struct Names {
    taken: HashSet<PathBuf>,
}

impl Names {
    pub fn claim(&mut self, folder: &Path, stem: &str, extension: &str) -> PathBuf {
        let stem = safe_file_stem(stem);
        let mut candidate = folder.join(format!("{stem}.{extension}"));
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = folder.join(format!("{stem}-{n}.{extension}"));
            n += 1;
        }
        candidate
    }
}

impl Names {
    /// A folder of its own (a Hugo page bundle): `slug/`, then `slug-2/`…
    pub fn claim_folder(&mut self, parent: &Path, name: &str) -> PathBuf {
        let name = safe_file_stem(name);
        let mut candidate = parent.join(&name);
        let mut n = 2;
        while !self.taken.insert(candidate.join("")) {
            candidate = parent.join(format!("{name}-{n}"));
            n += 1;
        }
        candidate
    }
}

/// Writes a file atomically: into a temporary file beside it, then renamed over it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
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
