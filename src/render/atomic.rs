//! Atomic file writes: write a temporary file beside the target, then
//! rename it over the target, so readers never see half a file. The file
//! gets ordinary permissions: those of the file it replaces, else
//! `rw-r--r--` (0644), not the owner-only mode temporary files are created with.
use std::io::Write;
use std::path::Path;

/// Permissions of a new output file on Unix: `rw-r--r--`.
#[cfg(unix)]
pub const NEW_FILE_MODE: u32 = 0o644;

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(path, bytes)?.commit()
}

/// A file written and synced beside its target under a temporary name,
/// not yet in place: [`Staged::commit`] renames it over the target;
/// dropping it removes the temporary file. A build stages many files
/// without holding their bytes, then commits them all or none.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    target: std::path::PathBuf,
}

impl Staged {
    /// Renames the staged file over its target.
    pub fn commit(self) -> std::io::Result<()> {
        self.tmp.persist(&self.target).map_err(|e| e.error)
    }

    /// The target path.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Writes `bytes` beside `path` (creating parent folders) under a
/// temporary name, with the permissions `path` will have, and syncs it.
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".verideck-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file()
        .set_permissions(permissions_for(path, tmp.as_file())?)?;
    tmp.as_file().sync_all()?;
    Ok(Staged {
        tmp: tmp.into_temp_path(),
        target: path.to_path_buf(),
    })
}

/// The permissions the written file should have: those of the file it
/// replaces, else 0644 on Unix (elsewhere the temporary file's own).
fn permissions_for(path: &Path, tmp: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Ok(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp;
        Ok(std::fs::Permissions::from_mode(NEW_FILE_MODE))
    }
    #[cfg(not(unix))]
    {
        tmp.metadata().map(|m| m.permissions())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/deck.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["deck.txt"]);
    }

    #[test]
    fn a_staged_file_appears_on_commit_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("a/kept.html");
        let dropped = dir.path().join("a/dropped.html");
        let staged = stage(&kept, b"kept").unwrap();
        drop(stage(&dropped, b"dropped").unwrap());
        assert!(!kept.exists());
        staged.commit().unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["kept.html"]);
        assert_eq!(std::fs::read(&kept).unwrap(), b"kept");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_0644_and_a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.txt");
        write_atomic(&path, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o664);
    }
}
