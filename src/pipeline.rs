//! The build pipeline as one library call: walk and parse the vault, check
//! every formula ([`crate::verify::check_vault`]) and stop if one is refuted
//! (unless allowed), assemble the cards with their verdict tags and
//! footers, render `deck.txt` and `deck.apkg`, write them atomically with
//! the media the cards and the pages use (`media/`), then the lesson pages
//! under `lessons/` (removing pages a previous build left). The CLI only
//! maps the [`BuildReport`] or [`BuildError`] to an exit code.
use crate::deck::{self, DeckOptions, DeletedBlock};
use crate::diag::{self, Diagnostic};
use crate::lesson;
use crate::render::report::human;
use crate::render::{anki_text, apkg, atomic::write_atomic, footer, lessons, stale, templates};
use crate::report::CheckReport;
use crate::vault::{self, Vault};
use crate::verify;
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
    /// Write the output even when the checker refutes a claim (`--allow-refuted`).
    pub allow_refuted: bool,
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
    /// The checker's report the build ran with (`None` for
    /// [`build_with_report`] without one).
    pub check: Option<CheckReport>,
    /// Lesson pages of an earlier build that this one removed.
    pub removed: Vec<PathBuf>,
    /// `(path, text)` of the notes, for the human diagnostics of refuted
    /// claims (filled only when some claim is refuted).
    pub sources: Vec<(String, String)>,
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
    /// The checker refuted a claim and `allow_refuted` was off: nothing was written.
    #[error(
        "{} refuted {}: nothing written (--allow-refuted writes anyway)",
        .0.report.summary.refuted,
        if .0.report.summary.refuted == 1 { "claim" } else { "claims" }
    )]
    Refuted(Box<Refused>),
    /// Writing an output file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A build the checker stopped: its report, and the notes' texts the
/// human diagnostics quote.
#[derive(Debug)]
pub struct Refused {
    /// The check report (some claim refuted).
    pub report: CheckReport,
    /// `(vault-relative path, text)` of every note.
    pub sources: Vec<(String, String)>,
}

/// Checks the vault, then builds: cards tagged and footed with their
/// verdicts, lessons with verdict badges. When a claim is refuted and
/// `options.allow_refuted` is off, returns [`BuildError::Refuted`] and
/// writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (templates, vault) = prepare(options)?;
    let check = verify::check_vault(&vault);
    if check.has_refuted() && !options.allow_refuted {
        return Err(BuildError::Refuted(Box::new(Refused {
            sources: human::sources(&vault),
            report: check,
        })));
    }
    let sources = if check.has_refuted() {
        human::sources(&vault)
    } else {
        Vec::new()
    };
    let mut report = write_outputs(options, &templates, vault, Some(&check))?;
    report.check = Some(check);
    report.sources = sources;
    Ok(report)
}

/// Builds with the verdicts of `report` and no gating; with `None` the
/// checker counts as not run (lesson badges say so, cards get no verdict
/// tag or footer).
pub fn build_with_report(
    options: &BuildOptions,
    report: Option<&CheckReport>,
) -> Result<BuildReport, BuildError> {
    let (templates, vault) = prepare(options)?;
    write_outputs(options, &templates, vault, report)
}

/// Checks the options and loads the templates and the vault.
fn prepare(options: &BuildOptions) -> Result<(templates::Templates, Vault), BuildError> {
    if same_folder(&options.vault, &options.out) {
        return Err(BuildError::OutIsVault(options.out.clone()));
    }
    let templates = templates::load_with(&options.template_dirs())?;
    let vault = vault::load(&options.vault, Some(&options.out))?;
    Ok((templates, vault))
}

/// Assembles, renders and writes everything.
fn write_outputs(
    options: &BuildOptions,
    templates: &templates::Templates,
    vault: Vault,
    report: Option<&CheckReport>,
) -> Result<BuildReport, BuildError> {
    let mut deck = deck::assemble(&vault, &options.deck);
    if let Some(report) = report {
        let verdicts = deck::verdict::apply(&mut deck.cards, report);
        for (card, verdict) in deck.cards.iter_mut().zip(&verdicts) {
            footer::append(card, &footer::render(templates, verdict)?);
        }
    }
    let text = anki_text::render(&templates.tera, &deck.cards)?;
    let lessons = lesson::assemble(&vault, report);
    let pages = lessons::render(templates, &lessons, &vault.name)?;
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
    // The media the cards use and those the lesson pages show, once each.
    let mut media: Vec<&vault::Attachment> = deck.media.iter().chain(&lessons.media).collect();
    media.sort_by(|a, b| a.path.cmp(&b.path));
    media.dedup_by(|a, b| a.path == b.path);
    for attachment in media {
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
    let lessons_dir = options.out.join("lessons");
    let mut pages_written = Vec::with_capacity(pages.len());
    for (page, html) in &pages {
        let target = lessons_dir.join(page);
        write(&target, html.as_bytes())?;
        pages_written.push(target);
    }
    let removed = stale::remove_stale_pages(&lessons_dir, &pages_written).map_err(|source| {
        BuildError::Write {
            path: lessons_dir.clone(),
            source,
        }
    })?;
    written.extend(pages_written);
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
        check: None,
        removed,
        sources: Vec::new(),
    })
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
