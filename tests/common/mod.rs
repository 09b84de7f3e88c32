//! Shared helpers for integration tests: temporary vaults and running the binary.
#![allow(dead_code)]
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A vault in a temporary folder, removed when dropped.
pub struct TempVault {
    pub dir: tempfile::TempDir,
}

impl TempVault {
    /// Creates a vault with the given `(relative path, bytes)` files.
    pub fn new(files: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        std::fs::create_dir_all(&vault).unwrap();
        for (path, bytes) in files {
            let full = vault.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
        Self { dir }
    }

    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Runs `verideck build VAULT --out OUT`.
    pub fn build(&self) -> assert_cmd::assert::Assert {
        verideck()
            .arg("build")
            .arg(self.vault())
            .arg("--out")
            .arg(self.out())
            .assert()
    }

    pub fn deck(&self) -> String {
        std::fs::read_to_string(self.out().join("deck.txt")).unwrap()
    }
}

/// The binary, with its verdict cache in [`cache_dir`] (never the user's own).
pub fn verideck() -> Command {
    let mut cmd = Command::cargo_bin("verideck").unwrap();
    cmd.env("VERIDECK_CACHE_DIR", cache_dir());
    cmd
}

/// The verdict cache the tests share, under Cargo's temporary folder.
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("verideck-cache")
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Parses deck.txt rows (after the header) into cells, undoing the quoting.
pub fn rows(deck: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(deck.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}
