//! Helpers for the checker's integration tests (mutations, renaming, seeds):
//! copying a vault to a temporary folder, checking a folder, and looking at
//! a report line by line.
#![allow(dead_code)]
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use verideck::report::{CheckReport, ClaimEntry};
use verideck::verify::{Status, check_vault};

/// The sample vault of the repository.
pub fn notes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")
}

/// Every Markdown file under `dir` as (vault-relative path with `/`, text), sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A vault written to a fresh temporary folder (removed when dropped).
pub struct TempVault {
    dir: tempfile::TempDir,
}

impl TempVault {
    /// Writes `files` (vault-relative path, text) under a new folder.
    pub fn new(files: &[(String, String)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join("vault").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("vault")).unwrap();
        Self { dir }
    }

    /// The vault folder.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    /// Loads and checks the vault.
    pub fn check(&self) -> CheckReport {
        check_dir(&self.path())
    }
}

/// Loads the vault at `dir` and checks it.
pub fn check_dir(dir: &Path) -> CheckReport {
    let vault = verideck::vault::load(dir, None).unwrap();
    check_vault(&vault)
}

/// The claims written on `line` of `file`.
pub fn on_line<'a>(report: &'a CheckReport, file: &str, line: usize) -> Vec<&'a ClaimEntry> {
    report
        .claims
        .iter()
        .filter(|c| c.file == file && c.line == line)
        .collect()
}

/// Statuses per (file, line), each line's statuses sorted (a multiset).
pub fn statuses_by_line(report: &CheckReport) -> BTreeMap<(String, usize), Vec<Status>> {
    let mut map: BTreeMap<(String, usize), Vec<Status>> = BTreeMap::new();
    for c in &report.claims {
        map.entry((c.file.clone(), c.line))
            .or_default()
            .push(c.status);
    }
    for statuses in map.values_mut() {
        statuses.sort();
    }
    map
}

/// Claims listed for a failure message: place, status, LaTeX and reason.
pub fn describe(claims: &[&ClaimEntry]) -> String {
    if claims.is_empty() {
        return "    (no claims)".to_string();
    }
    claims
        .iter()
        .map(|c| {
            format!(
                "    {}:{}:{} {} `{}`: {}",
                c.file,
                c.line,
                c.column,
                c.status.as_str(),
                c.latex,
                c.reason
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
