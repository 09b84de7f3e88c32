//! The `VAULT` argument `check` and `build` share: one default (`notes`,
//! the sample vault of this repository and the README's quick start) and
//! one clear error when the folder is not there, naming the folder and
//! saying how to pass another.
use std::path::Path;

/// The vault folder `check` and `build` read when none is given.
pub const DEFAULT_VAULT: &str = "notes";

/// `Ok` when `vault` is a folder; otherwise the message to print, which
/// names the folder, says whether it was the default, and shows how to
/// pass one to `command`.
pub fn require_folder(vault: &Path, command: &str) -> Result<(), String> {
    if vault.is_dir() {
        return Ok(());
    }
    let what = if vault.exists() {
        "it is not a folder"
    } else {
        "no such folder"
    };
    let default = if vault == Path::new(DEFAULT_VAULT) {
        format!(" (the default vault, {DEFAULT_VAULT}/ in the current folder)")
    } else {
        String::new()
    };
    Err(format!(
        "cannot read vault {}{default}: {what}; pass the vault folder: verideck {command} PATH/TO/VAULT",
        vault.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_default_names_the_folder_and_how_to_pass_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(require_folder(dir.path(), "check"), Ok(()));
        let missing = dir.path().join("nope");
        let message = require_folder(&missing, "build").unwrap_err();
        assert!(message.starts_with("cannot read vault "), "{message}");
        assert!(message.contains("nope: no such folder"), "{message}");
        assert!(
            message.ends_with("verideck build PATH/TO/VAULT"),
            "{message}"
        );
        let file = dir.path().join("f.md");
        std::fs::write(&file, "x").unwrap();
        let message = require_folder(&file, "check").unwrap_err();
        assert!(message.contains("it is not a folder"), "{message}");
    }
}
