//! The build pipeline as one library call: walk and parse the vault,
//! assemble the cards, render `deck.txt` and `deck.apkg`, write them
//! atomically with the media they use, then the lesson pages under
//! `lessons/`. The CLI only maps the [`BuildReport`] to an exit code.
use crate::deck::{self, DeckOptions, DeletedBlock};
use crate::diag::{self, Diagnostic};
use crate::lesson;
use crate::render::{anki_text, apkg, atomic::write_atomic, lessons, templates};
use crate::report::CheckReport;
use crate::vault;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The vault folder (read only).
    pub vault: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Deck options (default deck).
    pub deck: DeckOptions,
    /// A folder of templates that override the built-in ones (`--templates`);
    /// the vault's `.verideck/templates/` comes next.
    pub templates: Option<PathBuf>,
}

impl BuildOptions {
    /// The user's template folders, most specific first: `--templates`,
    /// then the vault's `.verideck/templates/` if it exists.
    pub fn template_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self.templates.iter().cloned().collect();
        let in_vault = self.vault.join(templates::VAULT_TEMPLATES);
        if in_vault.is_dir() {
            dirs.push(in_vault);
        }
        dirs
    }
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// Number of notes in `deck.txt`.
    pub notes: usize,
    /// Number of lesson pages written (without `index.html`).
    pub lessons: usize,
    /// Blocks marked `DELETE`, listed but not exported.
    pub deleted: Vec<DeletedBlock>,
    /// Every problem found, sorted by file and line, without repeats.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildReport {
    /// Number of error diagnostics.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Errors that stop a build before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The vault cannot be read.
    #[error(transparent)]
    Vault(#[from] vault::WalkError),
    /// The output would go into the vault folder itself.
    #[error("refusing to write into the vault folder itself ({0}); choose another --out")]
    OutIsVault(PathBuf),
    /// A template failed to load or render.
    #[error(transparent)]
    Template(#[from] templates::TemplateError),
    /// The Anki package could not be built.
    #[error(transparent)]
    Apkg(#[from] apkg::ApkgError),
    /// Writing an output file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs the whole build, without verdicts (the checker is not wired in yet:
/// every formula of the lessons is marked "checker not run").
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_report(options, None)
}

/// Runs the whole build; the lessons show the verdicts of `report`.
pub fn build_with_report(
    options: &BuildOptions,
    report: Option<&CheckReport>,
) -> Result<BuildReport, BuildError> {
    if same_folder(&options.vault, &options.out) {
        return Err(BuildError::OutIsVault(options.out.clone()));
    }
    let templates = templates::load_with(&options.template_dirs())?;
    let vault = vault::load(&options.vault, Some(&options.out))?;
    let deck = deck::assemble(&vault, &options.deck);
    let text = anki_text::render(&templates.tera, &deck.cards)?;
    let lessons = lesson::assemble(&vault, report);
    let pages = lessons::render(&templates, &lessons, &vault.name)?;
    let deck_path = options.out.join("deck.txt");
    let write = |path: &Path, bytes: &[u8]| {
        write_atomic(path, bytes).map_err(|source| BuildError::Write {
            path: path.to_path_buf(),
            source,
        })
    };
    write(&deck_path, text.as_bytes())?;
    let times = apkg::NoteTimes::read(&options.vault, deck.cards.iter().map(|c| c.path.as_str()));
    let package = apkg::render(&deck.cards, &deck.media, &times)?;
    let apkg_path = options.out.join("deck.apkg");
    write(&apkg_path, &package)?;
    let mut written = vec![deck_path, apkg_path];
    for attachment in &deck.media {
        let name = attachment
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&attachment.path);
        let target = options.out.join("media").join(name);
        let bytes = std::fs::read(&attachment.disk_path).map_err(|source| BuildError::Write {
            path: attachment.disk_path.clone(),
            source,
        })?;
        write(&target, &bytes)?;
        written.push(target);
    }
    for (page, html) in &pages {
        let target = options.out.join("lessons").join(page);
        write(&target, html.as_bytes())?;
        written.push(target);
    }
    let mut diagnostics = vault.diagnostics;
    diagnostics.extend(deck.diagnostics);
    diagnostics.extend(lessons.diagnostics);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Ok(BuildReport {
        written,
        notes: deck.cards.len(),
        lessons: pages.len().saturating_sub(1),
        deleted: deck.deleted,
        diagnostics,
    })
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
