//! The vault: walking the folder ([`walk`]), parsing every note, and the
//! link index that resolves `[[names]]` to notes and attachments ([`index`]).
pub mod index;
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
}

/// Reads and parses every note of the vault at `root`; `skip` is a folder
/// (the output) to leave out if it lies inside the vault.
pub fn load(root: &Path, skip: Option<&Path>) -> Result<Vault, WalkError> {
    let walked = walk(root, skip)?;
    let mut diagnostics = walked.diagnostics;
    let mut notes = Vec::with_capacity(walked.files.len());
    for file in &walked.files {
        let (note, diags) = note::parse(file);
        notes.push(note);
        diagnostics.extend(diags);
    }
    let index = LinkIndex::new(&notes, &walked.attachments);
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.to_string_lossy().into_owned());
    Ok(Vault {
        name,
        root: root.to_path_buf(),
        notes,
        attachments: walked.attachments,
        index,
        diagnostics,
    })
}
