//! Removing lesson pages a previous build left behind: after a note is
//! renamed or deleted, its old page must not linger in `OUT/lessons/`.
//! Only `.html` files under that folder that this build did not write are
//! removed; any other file a user keeps there is left alone.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Removes every `.html` file under `lessons` (any depth; hidden entries
/// skipped) that is not in `written`, then the folders this emptied.
/// Returns the removed files, sorted.
pub fn remove_stale_pages(lessons: &Path, written: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    if !lessons.is_dir() {
        return Ok(Vec::new());
    }
    let keep: BTreeSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let mut removed = Vec::new();
    let walk = walkdir::WalkDir::new(lessons)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        let is_page = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html"));
        if entry.file_type().is_file() && is_page && !keep.contains(entry.path()) {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path().to_path_buf());
        }
    }
    for file in &removed {
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != lessons) {
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
    fn removes_only_unwritten_pages_and_the_folders_they_emptied() {
        let dir = tempfile::tempdir().unwrap();
        let lessons = dir.path().join("lessons");
        let file = |rel: &str| {
            let p = lessons.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
            p
        };
        let kept = vec![file("index.html"), file("a/kept.html")];
        let notes = file("a/notes.txt");
        let old = file("a/old.html");
        let gone = file("b/c/gone.HTML");
        let hidden = file(".git/x.html");
        let removed = remove_stale_pages(&lessons, &kept).unwrap();
        assert_eq!(removed, [old.clone(), gone.clone()]);
        assert!(kept.iter().all(|p| p.exists()) && notes.exists() && hidden.exists());
        assert!(!old.exists() && !lessons.join("b").exists());
    }

    #[test]
    fn no_lessons_folder_is_nothing_to_do() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            remove_stale_pages(&dir.path().join("lessons"), &[])
                .unwrap()
                .is_empty()
        );
    }
}
