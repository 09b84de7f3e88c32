//! Note modification times for the package: each note's `mod` is its source
//! file's mtime, in whole seconds (FORMATS.md §3.4).
//!
//! Anki's `.apkg` importer updates a note it already has (same GUID) only
//! when the incoming `mod` is *newer* than the stored one (its default,
//! "update if newer"). Editing a note's file makes its mtime newer than the
//! last import, so the note updates; untouched files keep their mtime, so
//! their notes are left alone. An edit made in Anki after the import is
//! newer still and wins over an older file. An edit only in a note that is
//! *embedded* does not change the embedding file's mtime: touch that file
//! (or choose "Always" for updates in Anki's import dialog).
use super::models::NOTE_TYPES_MTIME;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// Modification time (Unix seconds) of each source file, by vault path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteTimes(BTreeMap<String, i64>);

impl NoteTimes {
    /// Reads the mtime of each vault-relative path in `paths` under `root`.
    /// A file whose mtime cannot be read is left out.
    pub fn read<'a>(root: &Path, paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut times = BTreeMap::new();
        for path in paths {
            let modified = std::fs::metadata(root.join(path))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
            if let Some(since_epoch) = modified {
                times.insert(path.to_string(), since_epoch.as_secs() as i64);
            }
        }
        Self(times)
    }

    /// The mtime of `path`; for a file not read, the note types' fixed time.
    pub fn mtime(&self, path: &str) -> i64 {
        self.0.get(path).copied().unwrap_or(NOTE_TYPES_MTIME)
    }
}

impl<const N: usize> From<[(String, i64); N]> for NoteTimes {
    fn from(entries: [(String, i64); N]) -> Self {
        Self(BTreeMap::from(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_file_mtimes_and_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let file = dir.path().join("sub/a.md");
        std::fs::write(&file, "x").unwrap();
        let when = UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(when)
            .unwrap();
        let times = NoteTimes::read(dir.path(), ["sub/a.md", "missing.md"]);
        assert_eq!(times.mtime("sub/a.md"), 1_700_000_000);
        assert_eq!(times.mtime("missing.md"), NOTE_TYPES_MTIME);
    }
}
