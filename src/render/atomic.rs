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
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
