//! Removing files a previous build left behind, and only those: every
//! build writes `OUT/.verideck-manifest.json`, the list of the files it
//! wrote (paths relative to `OUT`). The next build deletes a file only when
//! that previous manifest lists it and this build did not write it again —
//! so after a note is renamed its old page goes, while any file a user keeps
//! in the output folder (a `.html` in `lessons/` included) stays.
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".verideck-manifest.json";

/// The manifest as stored: the files one build wrote, relative to `OUT`,
/// `/`-separated, sorted.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Relative paths of the written files.
    pub files: Vec<String>,
}

/// The files of the previous build's manifest in `out` (none when there is
/// no manifest or it cannot be read: then nothing is deleted).
pub fn previous(out: &Path) -> BTreeSet<String> {
    std::fs::read(out.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        .map(|m| m.files.into_iter().collect())
        .unwrap_or_default()
}

/// `path` (under `out`) as a manifest entry.
pub fn relative(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

/// The manifest JSON for `written` (paths under `out`).
pub fn manifest_json(out: &Path, written: &[PathBuf]) -> Vec<u8> {
    let mut files: Vec<String> = written.iter().filter_map(|p| relative(out, p)).collect();
    files.sort();
    files.dedup();
    serde_json::to_vec_pretty(&Manifest { files }).unwrap_or_default()
}

/// Removes every file of `previous` not in `written`, then the folders this
/// emptied. Entries that are absolute or climb out of `out` are ignored.
/// Returns the removed files, sorted.
pub fn remove_stale(
    out: &Path,
    previous: &BTreeSet<String>,
    written: &[PathBuf],
) -> std::io::Result<Vec<PathBuf>> {
    let keep: BTreeSet<String> = written.iter().filter_map(|p| relative(out, p)).collect();
    let mut removed = Vec::new();
    for entry in previous.difference(&keep) {
        let rel = Path::new(entry);
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        let path = out.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                std::fs::remove_file(&path)?;
                removed.push(path);
            }
            _ => {}
        }
    }
    for file in &removed {
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            // Fails (and stops) at the first folder that is not empty.
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_listed_unwritten_files_and_the_folders_they_emptied() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let file = |rel: &str| {
            let p = out.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
            p
        };
        let kept = vec![file("lessons/index.html"), file("lessons/a/kept.html")];
        let mine = file("lessons/a/mine.html");
        let old = file("lessons/b/c/old.html");
        let previous: BTreeSet<String> = [
            "lessons/index.html",
            "lessons/b/c/old.html",
            "../escape.html",
            "/etc/passwd",
        ]
        .map(String::from)
        .into();
        let removed = remove_stale(out, &previous, &kept).unwrap();
        assert_eq!(removed, [old]);
        assert!(kept.iter().all(|p| p.exists()) && mine.exists());
        assert!(!out.join("lessons/b").exists());
    }

    #[test]
    fn manifest_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let json = manifest_json(out, &[out.join("b/x.html"), out.join("deck.txt")]);
        std::fs::write(out.join(MANIFEST), json).unwrap();
        let files: Vec<String> = previous(out).into_iter().collect();
        assert_eq!(files, ["b/x.html", "deck.txt"]);
    }
}
