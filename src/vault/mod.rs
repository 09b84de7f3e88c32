//! The vault: walking the folder ([`walk()`]), parsing every note, and the
//! link index that resolves `[[names]]` to notes and attachments ([`index`]).
pub mod index;
pub mod limits;
pub mod media;
pub mod walk;

pub use index::{LinkIndex, Resolved};
pub use walk::{Attachment, SourceFile, WalkError, walk};

use crate::diag::Diagnostic;
use crate::note::{self, Note};
use std::path::{Path, PathBuf};

/// A whole vault, parsed: notes sorted by path, attachments, the link
/// index, and every problem found so far.
#[derive(Debug)]
pub struct Vault {
    /// The folder's name, used in `obsidian://` links.
    pub name: String,
    /// The folder on disk.
    pub root: PathBuf,
    /// Parsed notes, sorted by vault-relative path.
    pub notes: Vec<Note>,
    /// Non-Markdown files, sorted by path.
    pub attachments: Vec<Attachment>,
    /// Resolves link targets to notes and attachments.
    pub index: LinkIndex,
    /// Problems met while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files could not be read (not UTF-8, no permission): their
    /// diagnostics are the first `unreadable` of [`Vault::diagnostics`].
    pub unreadable: usize,
}

/// Reads and parses every note of the vault at `root`; `skip` is a folder
/// (the output) to leave out if it lies inside the vault.
pub fn load(root: &Path, skip: Option<&Path>) -> Result<Vault, WalkError> {
    let walked = walk(root, skip)?;
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.to_string_lossy().into_owned());
    let mut vault = from_sources(&name, &walked.files, walked.attachments);
    vault.root = root.to_path_buf();
    vault.unreadable = walked.diagnostics.iter().filter(|d| d.is_error()).count();
    vault.diagnostics.splice(0..0, walked.diagnostics);
    Ok(vault)
}

/// Parses notes already in memory (sorted by path) into a vault named `name`.
pub fn from_sources(name: &str, files: &[SourceFile], mut attachments: Vec<Attachment>) -> Vault {
    let paths: Vec<&str> = attachments.iter().map(|a| a.path.as_str()).collect();
    let names = media::output_names(&paths);
    for (attachment, name) in attachments.iter_mut().zip(names) {
        attachment.media_name = name;
    }
    let mut diagnostics = Vec::new();
    let mut notes = Vec::with_capacity(files.len());
    for file in files {
        let (note, diags) = note::parse(&file.path, &file.text);
        diagnostics.extend(diags);
        diagnostics.extend(formula_budget(&note));
        notes.push(note);
    }
    let index = LinkIndex::new(&notes, &attachments);
    Vault {
        name: name.to_string(),
        root: PathBuf::new(),
        notes,
        attachments,
        index,
        diagnostics,
        unreadable: 0,
    }
}

/// The warning for a note with more math spans than
/// [`limits::MAX_FORMULAS_PER_NOTE`]: the checker stops there.
fn formula_budget(note: &Note) -> Option<Diagnostic> {
    let spans = note::math_spans::scan_markdown(&note.text).spans;
    let max = limits::MAX_FORMULAS_PER_NOTE;
    let first_unchecked = spans.get(max)?;
    let line = 1 + note.text[..first_unchecked.inner.start]
        .matches('\n')
        .count();
    Some(Diagnostic::warning(
        &note.path,
        line,
        format!(
            "{} formulas in one note, over the maximum of {max} checked per note: the {} from this line on are not checked (split the note)",
            spans.len(),
            spans.len() - max
        ),
    ))
}

/// A vault named `v` of in-memory `(path, text)` notes, for tests.
#[cfg(test)]
pub(crate) fn test_vault(files: &[(&str, &str)]) -> Vault {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(path, text)| SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        })
        .collect();
    from_sources("v", &files, Vec::new())
}
