//! Build script: fingerprints the checker's sources so that the verdict
//! cache (`src/cache/`) never serves a verdict computed by another build.
//! The crate version alone is not enough: between releases the checker
//! changes while the version stays the same. The fingerprint is a SHA-256
//! over every file under `src/` (sorted by path, path and length framed),
//! exported as `VERIDECK_CHECKER_FINGERPRINT`.
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.push(PathBuf::from("Cargo.lock"));
    files.sort();
    let mut hash = Sha256::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        let name = path.to_string_lossy();
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let digest = hash.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=VERIDECK_CHECKER_FINGERPRINT={hex}");
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
