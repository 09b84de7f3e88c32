//! The output folder's lock: an OS file lock (`File::try_lock`, `flock` on
//! Unix, `LockFileEx` on Windows) on `OUT/.verideck-lock`, taken before
//! anything is written and held until the build ends. A second build into
//! the same folder meanwhile cannot take it and refuses, naming the file,
//! instead of mixing its files with the first one's.
//!
//! The operating system releases the lock when the holding process ends,
//! however it ends, so a build that was killed leaves no stale lock: the
//! file may remain, but the next build takes it over. The file holds the
//! pid of the build that holds it, for people looking. A build removes the
//! file when done, while still holding the lock; a build that opened the
//! file just before it was removed notices (the path no longer names the
//! file it locked) and opens it again.
use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file's name inside the output folder.
pub const LOCK: &str = ".verideck-lock";

/// Holds the lock on an output folder until dropped.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
    /// The locked file; closing it releases the lock.
    file: Option<File>,
}

impl OutLock {
    /// Creates `out` if needed and takes its lock; fails with
    /// `AlreadyExists` when another running build holds it.
    pub fn acquire(out: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(out)?;
        let path = out.join(LOCK);
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        format!("{} is held by another build", path.display()),
                    ));
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if !still_names(&path, &file) {
                continue; // removed by the build that held it: open afresh
            }
            file.set_len(0)?;
            let _ = writeln!(file, "{}", std::process::id());
            return Ok(Self {
                path,
                file: Some(file),
            });
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Whether `path` still names the open `file` (not removed or replaced).
fn still_names(path: &Path, file: &File) -> bool {
    let (Ok(on_disk), Ok(open)) = (std::fs::metadata(path), file.metadata()) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        on_disk.dev() == open.dev() && on_disk.ino() == open.ino()
    }
    #[cfg(not(unix))]
    {
        // Windows does not let an open, locked file be removed.
        let _ = (on_disk, open);
        true
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Remove while still locked, then release by closing.
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_acquire_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::acquire(dir.path()).unwrap();
        let err = OutLock::acquire(dir.path()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        drop(first);
        assert!(!dir.path().join(LOCK).exists());
        assert!(OutLock::acquire(dir.path()).is_ok());
    }

    #[test]
    fn a_lock_file_nobody_holds_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK), "12345\n").unwrap();
        let lock = OutLock::acquire(dir.path()).unwrap();
        let pid = std::fs::read_to_string(lock.path()).unwrap();
        assert_eq!(pid.trim(), std::process::id().to_string());
    }
}
