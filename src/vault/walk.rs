//! Walking a vault folder: which files are notes, which are attachments,
//! and reading notes as normalised UTF-8 text.
//!
//! Rules (FORMATS.md §1.1): every `.md` file (any case) is a note, other
//! files are attachments; `.obsidian/`, `.trash/`, names starting with `.`,
//! `*.excalidraw.md` and the output folder are skipped; a symlink is
//! followed only when it resolves inside the vault. Text is UTF-8 with the
//! BOM dropped and CRLF/CR turned into LF. Results are sorted by the
//! vault-relative path (NFC, `/` separators) so output never depends on
//! directory order.
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

/// One Markdown note as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Vault-relative path, `/`-separated, NFC.
    pub path: String,
    /// The file's text: UTF-8, no BOM, LF line ends.
    pub text: String,
}

/// A non-Markdown file of the vault (an image, a sound) that embeds may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Vault-relative path, `/`-separated, NFC.
    pub path: String,
    /// Where the file is on disk.
    pub disk_path: PathBuf,
}

/// Everything the walk found: notes, attachments and the problems met.
#[derive(Debug, Default)]
pub struct WalkResult {
    /// Notes sorted by path.
    pub files: Vec<SourceFile>,
    /// Attachments sorted by path.
    pub attachments: Vec<Attachment>,
    /// Unreadable files and other problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Errors that stop the walk before it starts.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// The vault folder does not exist or cannot be read.
    #[error("cannot read vault {path}: {source}")]
    Unreadable {
        /// The folder given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The vault path is a file, not a folder.
    #[error("vault {0} is not a folder")]
    NotAFolder(PathBuf),
}

/// Walks `vault`, skipping `skip` (the output folder) if it lies inside it.
pub fn walk(vault: &Path, skip: Option<&Path>) -> Result<WalkResult, WalkError> {
    let root = vault
        .canonicalize()
        .map_err(|source| WalkError::Unreadable {
            path: vault.to_path_buf(),
            source,
        })?;
    if !root.is_dir() {
        return Err(WalkError::NotAFolder(vault.to_path_buf()));
    }
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let mut result = WalkResult::default();
    let walker = WalkDir::new(&root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_name(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(&root, p))
                    .unwrap_or_else(|| ".".into());
                result
                    .diagnostics
                    .push(Diagnostic::error(&rel, 1, format!("cannot read: {err}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(real) = entry.path().canonicalize() else {
            continue;
        };
        if !real.starts_with(&root) || skip.as_ref().is_some_and(|s| real.starts_with(s)) {
            continue;
        }
        let rel = relative(&root, entry.path());
        if is_note_name(&rel) {
            match read_note(entry.path(), &rel) {
                Ok(file) => result.files.push(file),
                Err(diag) => result.diagnostics.push(diag),
            }
        } else {
            result.attachments.push(Attachment {
                path: rel,
                disk_path: entry.path().to_path_buf(),
            });
        }
    }
    result
        .files
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    result
        .attachments
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    Ok(result)
}

fn is_skipped_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.to_lowercase().ends_with(".excalidraw.md")
}

fn is_note_name(rel: &str) -> bool {
    rel.to_lowercase().ends_with(".md")
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").nfc().collect()
}

fn read_note(disk: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(disk)
        .map_err(|err| Diagnostic::error(rel, 1, format!("cannot read: {err}")))?;
    let text = decode(&bytes).map_err(|(line, byte)| {
        Diagnostic::error(rel, line, format!("not valid UTF-8 (byte {byte})"))
    })?;
    Ok(SourceFile {
        path: rel.to_string(),
        text,
    })
}

/// Decodes note bytes: UTF-8 only, BOM dropped, CRLF and CR become LF.
/// On invalid UTF-8 returns the 1-based line and the byte offset of the
/// first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, usize)> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        (line, at)
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(normalize_newlines(text))
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_bom_and_normalizes_newlines() {
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb\rc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn decode_reports_line_and_byte_of_invalid_utf8() {
        assert_eq!(decode(b"ok\nfine\nbad \xff here"), Err((3, 12)));
    }

    #[test]
    fn walk_sorts_skips_hidden_and_reads_notes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::create_dir_all(root.join(".obsidian")).unwrap();
        std::fs::write(root.join("b/z.md"), "z").unwrap();
        std::fs::write(root.join("a.MD"), "a").unwrap();
        std::fs::write(root.join(".obsidian/x.md"), "hidden").unwrap();
        std::fs::write(root.join("d.excalidraw.md"), "drawing").unwrap();
        std::fs::write(root.join("pic.png"), [0u8, 1]).unwrap();
        std::fs::write(root.join("bad.md"), b"\xfe").unwrap();
        let result = walk(root, None).unwrap();
        let paths: Vec<_> = result.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.MD", "b/z.md"]);
        assert_eq!(result.attachments.len(), 1);
        assert_eq!(result.diagnostics.len(), 1);
        assert_eq!(
            result.diagnostics[0].to_string(),
            "bad.md:1: not valid UTF-8 (byte 0)"
        );
    }

    #[test]
    fn missing_vault_is_an_error() {
        assert!(walk(Path::new("/definitely/not/here"), None).is_err());
    }
}
