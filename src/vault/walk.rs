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
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

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
    /// Its file name in `OUT/media/`, in the `.apkg` and in the `src` of
    /// cards and pages: unique in the vault ([`super::media`]). Set when
    /// the vault is loaded ([`super::from_sources`]).
    pub media_name: String,
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

/// The folder inside a vault whose templates override the built-in ones.
pub const TEMPLATES_DIR: &str = ".verideck/templates";

/// How deep folders may nest (counting followed symlinks) before the walk
/// stops descending with a warning. Real vaults nest a handful of levels;
/// the cap only bounds pathological trees.
pub const MAX_FOLDER_DEPTH: usize = 64;

/// Walks `vault`, skipping `skip` (the output folder) if it lies inside it.
///
/// Symlinks are never followed out of the vault: a link (to a file or a
/// folder) whose canonical target lies outside, or that is broken, is
/// skipped with one warning naming it, and nothing behind it is read. A
/// link to a place inside the vault is followed; every folder is entered
/// at most once (so link loops end), and a file reached by several paths is
/// kept once, under its real path when that path is walked.
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
    let mut walker = Walker {
        skip: skip.and_then(|s| s.canonicalize().ok()),
        visited: BTreeSet::from([root.clone()]),
        found: Vec::new(),
        pending: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        scope: "the vault",
        root,
    };
    let root = walker.root.clone();
    walker.dir(&root, "", 0);
    walker.follow_pending();
    walker.check_templates();
    let Walker {
        root,
        found,
        mut errors,
        warnings,
        ..
    } = walker;
    let mut result = WalkResult::default();
    let mut warnings = warnings;
    for (rel, real) in keep_once(&root, found, &mut warnings) {
        if is_note_name(&rel) {
            match read_note(&real, &rel) {
                Ok(file) => result.files.push(file),
                Err(diag) => errors.push(diag),
            }
        } else {
            result.attachments.push(Attachment {
                media_name: rel.rsplit('/').next().unwrap_or(&rel).to_string(),
                path: rel,
                disk_path: real,
            });
        }
    }
    // Errors (unreadable files) first: `Vault::unreadable` counts them.
    result.diagnostics = errors;
    result.diagnostics.extend(warnings);
    result
        .files
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    result
        .attachments
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    Ok(result)
}

/// The walk's state: the canonical vault root, folders already entered,
/// and the files found as `(vault-relative path, canonical path)`.
struct Walker {
    root: PathBuf,
    skip: Option<PathBuf>,
    visited: BTreeSet<PathBuf>,
    found: Vec<(String, PathBuf)>,
    /// Symlinked folders inside the vault, `(canonical, rel, depth)`,
    /// entered after the real tree so its files keep their real paths.
    pending: Vec<(PathBuf, String, usize)>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// What `root` is, for warnings: "the vault", "the templates folder".
    scope: &'static str,
}

impl Walker {
    /// Enters the symlinked folders met so far (and those met inside
    /// them), each canonical folder once.
    fn follow_pending(&mut self) {
        let mut next = 0;
        while next < self.pending.len() {
            let (real, rel, depth) = self.pending[next].clone();
            next += 1;
            if self.visited.insert(real.clone()) {
                self.dir(&real, &rel, depth);
            }
        }
    }

    /// Warns about the vault's templates folder ([`TEMPLATES_DIR`], a hidden
    /// folder the walk itself skips) when it, or a file in it, is a symlink
    /// out of the vault or out of the folder: such templates are not used
    /// (`render::templates` applies the same rule).
    fn check_templates(&mut self) {
        let Ok(real) = self.root.join(TEMPLATES_DIR).canonicalize() else {
            return;
        };
        if !real.starts_with(&self.root) {
            self.warnings.push(Diagnostic::warning(
                TEMPLATES_DIR,
                1,
                format!(
                    "symlink points outside the vault (to {}): the vault's templates are not used",
                    real.display()
                ),
            ));
            return;
        }
        let mut folder = Walker {
            skip: None,
            visited: BTreeSet::from([real.clone()]),
            found: Vec::new(),
            pending: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            scope: "the templates folder",
            root: real.clone(),
        };
        folder.dir(&real, TEMPLATES_DIR, 0);
        folder.follow_pending();
        self.warnings.extend(folder.warnings);
    }

    /// Walks the folder `disk` (shown as `rel`), whose canonical path is
    /// already in `visited`.
    fn dir(&mut self, disk: &Path, rel: &str, depth: usize) {
        if depth > MAX_FOLDER_DEPTH {
            self.warnings.push(Diagnostic::warning(
                rel,
                1,
                format!("folders nest deeper than {MAX_FOLDER_DEPTH} levels: not walked further"),
            ));
            return;
        }
        let entries = match std::fs::read_dir(disk) {
            Ok(entries) => entries,
            Err(err) => {
                let shown = if rel.is_empty() { "." } else { rel };
                self.errors
                    .push(Diagnostic::error(shown, 1, format!("cannot read: {err}")));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            if is_skipped_name(&name) {
                continue;
            }
            let child_rel = join_rel(rel, &name.to_string_lossy());
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let real = if kind.is_symlink() {
                match path.canonicalize() {
                    Ok(real) if real.starts_with(&self.root) => real,
                    Ok(real) => {
                        self.warnings.push(Diagnostic::warning(
                            &child_rel,
                            1,
                            format!(
                                "symlink points outside {} (to {}): skipped",
                                self.scope,
                                real.display()
                            ),
                        ));
                        continue;
                    }
                    Err(err) => {
                        self.warnings.push(Diagnostic::warning(
                            &child_rel,
                            1,
                            format!("broken symlink ({err}): skipped"),
                        ));
                        continue;
                    }
                }
            } else if kind.is_dir() || kind.is_file() {
                match path.canonicalize() {
                    Ok(real) => real,
                    Err(err) => {
                        self.errors.push(Diagnostic::error(
                            &child_rel,
                            1,
                            format!("cannot read: {err}"),
                        ));
                        continue;
                    }
                }
            } else {
                continue; // sockets, fifos, devices: never notes
            };
            if self.skip.as_ref().is_some_and(|s| real.starts_with(s)) {
                continue;
            }
            if real.is_dir() && kind.is_symlink() {
                self.pending.push((real, child_rel, depth + 1));
            } else if real.is_dir() {
                if self.visited.insert(real.clone()) {
                    self.dir(&real, &child_rel, depth + 1);
                }
            } else if real.is_file() {
                self.found.push((child_rel, real));
            }
        }
    }
}

/// `rel/name`, or `name` at the top.
fn join_rel(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

/// The files found, each real file once: under its own vault-relative path
/// when the walk reached it there, else under the first link path (byte
/// order). Paths become NFC; when several files have the same path once
/// normalised (`café.md` written in NFC and in NFD), one keeps the NFC path
/// (the one written in NFC, else the first in byte order), the others keep
/// their path as written, and a warning names them: nothing is merged or
/// lost, and links to the name are reported as ambiguous.
fn keep_once(
    root: &Path,
    found: Vec<(String, PathBuf)>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut by_real: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (rel, real) in found {
        let own = relative_raw(root, &real);
        match by_real.get_mut(&real) {
            Some(kept) if *kept != own && (rel == own || rel.as_bytes() < kept.as_bytes()) => {
                *kept = rel;
            }
            Some(_) => {}
            None => {
                by_real.insert(real, rel);
            }
        }
    }
    let mut by_nfc: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for (real, rel) in by_real {
        by_nfc
            .entry(rel.nfc().collect())
            .or_default()
            .push((rel, real));
    }
    let mut out = Vec::new();
    for (nfc, mut group) in by_nfc {
        group.sort_by(|a, b| (a.0 != nfc, a.0.as_bytes()).cmp(&(b.0 != nfc, b.0.as_bytes())));
        if group.len() > 1 {
            warnings.push(Diagnostic::warning(
                &nfc,
                1,
                format!(
                    "{} files have this name once Unicode-normalised (NFC): kept apart, the others under their name as written; links to it are ambiguous",
                    group.len()
                ),
            ));
        }
        for (i, (rel, real)) in group.into_iter().enumerate() {
            out.push((if i == 0 { nfc.clone() } else { rel }, real));
        }
    }
    out
}

fn is_skipped_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.to_lowercase().ends_with(".excalidraw.md")
}

fn is_note_name(rel: &str) -> bool {
    rel.to_lowercase().ends_with(".md")
}

/// `path` relative to `root`, `/`-separated, as written on disk.
fn relative_raw(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
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
