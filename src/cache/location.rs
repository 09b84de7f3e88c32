//! Where the cache lives: nowhere (`--no-cache`), the folder the user names
//! (`--cache-dir DIR`, or the `VERIDECK_CACHE_DIR` environment variable),
//! or `verideck/` in the platform cache folder (`$XDG_CACHE_HOME` or
//! `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on
//! Windows). A folder inside the vault is refused: the vault is never
//! written. Each vault gets its own file there, named by a hash of the
//! vault's canonical path.
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The environment variable that names the cache folder when
/// `--cache-dir` is not given (tests point it at a temporary folder).
pub const ENV_DIR: &str = "VERIDECK_CACHE_DIR";

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CacheSetting {
    /// No cache: every note is verified, nothing is read or written.
    Off,
    /// `VERIDECK_CACHE_DIR`, else the platform cache folder.
    #[default]
    Default,
    /// This folder.
    Dir(PathBuf),
}

/// The cache folder for `setting`, or why there is none: `Ok(None)` when
/// the cache is off or the platform has no cache folder, `Err` with a
/// warning when the folder lies inside `vault`.
pub fn resolve_dir(setting: &CacheSetting, vault: &Path) -> Result<Option<PathBuf>, String> {
    let dir = match setting {
        CacheSetting::Off => return Ok(None),
        CacheSetting::Dir(dir) => dir.clone(),
        CacheSetting::Default => match std::env::var_os(ENV_DIR).filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => match dirs::cache_dir() {
                Some(dir) => dir.join("verideck"),
                None => return Ok(None),
            },
        },
    };
    if let Ok(vault_real) = vault.canonicalize()
        && real_prefix(&dir).starts_with(&vault_real)
    {
        return Err(format!(
            "the cache folder {} is inside the vault {}: not using a cache (the vault is never written)",
            dir.display(),
            vault.display()
        ));
    }
    Ok(Some(dir))
}

/// The cache file of the vault at `vault` in the folder `dir`.
pub fn file_for(dir: &Path, vault: &Path) -> PathBuf {
    let real = vault.canonicalize().unwrap_or_else(|_| vault.to_path_buf());
    let digest = Sha256::digest(real.to_string_lossy().as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("verdicts-{hex}.json"))
}

/// `path` made absolute with symlinks resolved as far as it exists.
fn real_prefix(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_named_and_inside_the_vault() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("vault");
        std::fs::create_dir(&vault).unwrap();
        assert_eq!(resolve_dir(&CacheSetting::Off, &vault), Ok(None));
        let outside = tmp.path().join("cache");
        assert_eq!(
            resolve_dir(&CacheSetting::Dir(outside.clone()), &vault),
            Ok(Some(outside))
        );
        let inside = CacheSetting::Dir(vault.join("new/cache"));
        assert!(
            resolve_dir(&inside, &vault)
                .unwrap_err()
                .contains("inside the vault")
        );
    }

    #[test]
    fn each_vault_has_its_own_file() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        let dir = Path::new("/c");
        assert_ne!(file_for(dir, &a), file_for(dir, &b));
        assert_eq!(file_for(dir, &a), file_for(dir, &a.join("../a")));
    }
}
