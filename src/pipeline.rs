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
use crate::render::lock::OutLock;
use crate::render::report::human;
use crate::render::{anki_text, apkg, atomic::write_atomic, footer, lessons, stale, templates};
use crate::report::CheckReport;
use crate::vault::{self, Vault};
use crate::verify::{self, CheckOptions, CheckStats};
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
        // Only when it resolves inside the vault (no symlink out).
        dirs.extend(templates::vault_templates(&self.vault));
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
    /// Files an earlier build wrote (its manifest lists them) that this one
    /// removed.
    pub removed: Vec<PathBuf>,
    /// `(path, text)` of the notes, for the human diagnostics of refuted
    /// claims (filled only when some claim is refuted).
    pub sources: Vec<(String, String)>,
    /// How the check's notes were verified (from the cache or afresh);
    /// `None` when no check ran.
    pub stats: Option<CheckStats>,
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
    /// The output folder is the vault or lies inside it: the build would
    /// read its own output, or overwrite notes.
    #[error(
        "refusing to write into {0}: it is inside the vault {1} (or is the vault); choose an --out outside the vault"
    )]
    OutInVault(PathBuf, PathBuf),
    /// The output folder contains the vault: stale-file removal could reach
    /// the notes.
    #[error(
        "refusing to write into {0}: it contains the vault {1}; choose an --out outside the vault"
    )]
    OutHoldsVault(PathBuf, PathBuf),
    /// Another build holds the output folder's lock.
    #[error(
        "{0} is locked by another verideck build (lock file {1}); wait for it, or remove the lock file if no build is running"
    )]
    Locked(PathBuf, PathBuf),
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
    /// How the check's notes were verified.
    pub stats: CheckStats,
}

/// Checks the vault, then builds: cards tagged and footed with their
/// verdicts, lessons with verdict badges. When a claim is refuted and
/// `options.allow_refuted` is off, returns [`BuildError::Refuted`] and
/// writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(options, CheckOptions::default())
}

/// [`build`], with the check run as `check` says (a verdict cache, a
/// progress display); the output is the same.
pub fn build_with(
    options: &BuildOptions,
    check: CheckOptions<'_>,
) -> Result<BuildReport, BuildError> {
    let (templates, vault) = prepare(options)?;
    let (check, stats) = verify::check_vault_with(&vault, check);
    if check.has_refuted() && !options.allow_refuted {
        return Err(BuildError::Refuted(Box::new(Refused {
            sources: human::sources(&vault),
            report: check,
            stats,
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
    report.stats = Some(stats);
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
    check_out_folder(&options.vault, &options.out)?;
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
    let _lock = OutLock::acquire(&options.out).map_err(|source| {
        let lock = options.out.join(crate::render::lock::LOCK);
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            BuildError::Locked(options.out.clone(), lock)
        } else {
            BuildError::Write { path: lock, source }
        }
    })?;
    let previous = stale::previous(&options.out);
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
        // Unique in the vault (`vault::media`): same-named files of
        // different folders do not overwrite each other.
        let target = options.out.join("media").join(&attachment.media_name);
        let bytes = std::fs::read(&attachment.disk_path).map_err(|source| BuildError::Write {
            path: attachment.disk_path.clone(),
            source,
        })?;
        write(&target, &bytes)?;
        written.push(target);
    }
    let lessons_dir = options.out.join("lessons");
    let pages: Vec<(PathBuf, &[u8])> = pages
        .iter()
        .map(|(page, html)| (lessons_dir.join(page), html.as_bytes()))
        .collect();
    written.extend(write_many(&pages)?);
    let removed = stale::remove_stale(&options.out, &previous, &written).map_err(|source| {
        BuildError::Write {
            path: options.out.clone(),
            source,
        }
    })?;
    write(
        &options.out.join(stale::MANIFEST),
        &stale::manifest_json(&options.out, &written),
    )?;
    let diagnostics = merge(vault.diagnostics, deck.diagnostics, lessons.diagnostics);
    Ok(BuildReport {
        written,
        notes: deck.cards.len(),
        lessons: pages.len().saturating_sub(1),
        deleted: deck.deleted,
        diagnostics,
        check: None,
        removed,
        sources: Vec::new(),
        stats: None,
    })
}

/// Every problem a build of `vault` would report — the vault's own
/// (unreadable files, broken blocks, skipped symlinks, budgets), the
/// deck's (duplicate IDs, missing embeds and unclosed math in cards) and
/// the lesson pages' (missing embeds and unclosed math in the text) —
/// sorted by file and line, without repeats. `verideck check` reports
/// these, so it fails on exactly the input `verideck build` fails on.
pub fn problems(vault: &Vault, deck: &DeckOptions) -> Vec<Diagnostic> {
    let cards = deck::assemble(vault, deck);
    let lessons = lesson::assemble(vault, None);
    merge(
        vault.diagnostics.clone(),
        cards.diagnostics,
        lessons.diagnostics,
    )
}

/// The vault's, the deck's and the lessons' diagnostics in vault order,
/// each once.
fn merge(
    mut diagnostics: Vec<Diagnostic>,
    deck: Vec<Diagnostic>,
    lessons: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics.extend(deck);
    diagnostics.extend(lessons);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    diagnostics
}

/// Threads that write output files: each atomic write waits for its
/// `fsync`, so the disk, not the CPU, is the limit, and more writes in
/// flight than cores keep it busy.
const WRITE_THREADS: usize = 8;

/// Writes every `(path, bytes)` atomically, several at a time; returns the
/// paths in the given order, or the error of the first (in that order)
/// that failed.
fn write_many(files: &[(PathBuf, &[u8])]) -> Result<Vec<PathBuf>, BuildError> {
    use rayon::prelude::*;
    let one = |(path, bytes): &(PathBuf, &[u8])| {
        write_atomic(path, bytes).map_err(|source| BuildError::Write {
            path: path.clone(),
            source,
        })
    };
    let results: Vec<Result<(), BuildError>> = match rayon::ThreadPoolBuilder::new()
        .num_threads(WRITE_THREADS)
        .build()
    {
        Ok(pool) => pool.install(|| files.par_iter().map(one).collect()),
        Err(_) => files.iter().map(one).collect(),
    };
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(files.iter().map(|(path, _)| path.clone()).collect())
}

/// Refuses an output folder that is the vault, lies inside it, or contains
/// it (canonical paths; a folder not created yet counts by its nearest
/// existing parent).
fn check_out_folder(vault: &Path, out: &Path) -> Result<(), BuildError> {
    let Ok(vault_real) = vault.canonicalize() else {
        return Ok(()); // vault::load reports the unreadable vault.
    };
    let out_real = resolve(out);
    if out_real.starts_with(&vault_real) {
        return Err(BuildError::OutInVault(
            out.to_path_buf(),
            vault.to_path_buf(),
        ));
    }
    if vault_real.starts_with(&out_real) {
        return Err(BuildError::OutHoldsVault(
            out.to_path_buf(),
            vault.to_path_buf(),
        ));
    }
    Ok(())
}

/// `path` made absolute with symlinks resolved as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(real, |acc: PathBuf, part| acc.join(part));
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
