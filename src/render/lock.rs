//! The output folder's lock: a build creates `OUT/.verideck-lock` with
//! `create_new` before writing anything and removes it when done (also on
//! error, when the guard is dropped). A second build into the same folder
//! meanwhile finds the file and refuses, naming it, instead of mixing its
//! files with the first one's. A lock left by a killed build can be removed
//! by hand.
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file's name inside the output folder.
pub const LOCK: &str = ".verideck-lock";

/// Holds the lock on an output folder until dropped.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
}

impl OutLock {
    /// Creates `out` if needed and takes its lock; fails with
    /// `AlreadyExists` when another build holds it.
    pub fn acquire(out: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(out)?;
        let path = out.join(LOCK);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let _ = writeln!(file, "{}", std::process::id());
        Ok(Self { path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
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
}
