//! The build pipeline as one library call: walk and parse the vault, check
//! every formula ([`crate::verify::check_vault`]) and stop if one is refuted
//! (unless allowed), assemble the cards with their verdict tags and
//! footers, render each lesson page and stage it under `lessons/` (a
//! chunk of pages at a time, so memory holds a chunk, not every page),
//! write `deck.txt` and `deck.apkg` atomically with the media the cards
//! and the pages use (`media/`), then put the staged pages in place
//! (removing pages a previous build left). The CLI only
//! maps the [`BuildReport`] or [`BuildError`] to an exit code.
use crate::deck::{self, DeckOptions, DeletedBlock};
use crate::diag::{self, Diagnostic};
use crate::lesson;
use crate::render::atomic::{Staged, stage, write_atomic};
use crate::render::lock::OutLock;
use crate::render::report::human;
use crate::render::{anki_text, apkg, footer, lessons, stale, templates};
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
    let out_existed = options.out.exists();
    let lock = OutLock::acquire(&options.out).map_err(|source| {
        let lock = options.out.join(crate::render::lock::LOCK);
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            BuildError::Locked(options.out.clone(), lock)
        } else {
            BuildError::Write { path: lock, source }
        }
    })?;
    let previous = stale::previous(&options.out);
    // Every page is rendered and staged (written under a temporary name)
    // before anything is put in place: a template error still writes nothing.
    let lessons_dir = options.out.join("lessons");
    let lessons_existed = lessons_dir.exists();
    let (lessons, pages) = match stage_lessons(templates, &vault, report, &lessons_dir) {
        Ok(staged) => staged,
        Err(err) => {
            // The staged pages are gone; so go the folders made for them.
            drop(lock);
            if !out_existed {
                remove_empty_dirs(&options.out);
            } else if !lessons_existed {
                remove_empty_dirs(&lessons_dir);
            }
            return Err(err);
        }
    };
    let _lock = lock;
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
    let page_count = pages.len().saturating_sub(1);
    written.extend(commit_many(pages)?);
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
        lessons: page_count,
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

/// Lesson pages rendered and staged at a time: enough to keep the write
/// threads busy, few enough that memory holds a chunk, not the vault's pages.
const PAGE_CHUNK: usize = 256;

/// Runs `f` on a pool of [`WRITE_THREADS`] threads (on the caller's
/// thread if the pool cannot be made).
fn on_write_threads<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(WRITE_THREADS)
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Assembles the lessons one page at a time ([`lesson::Assembler`]),
/// renders and stages each page under `dir` a chunk at a time, then the
/// table of contents; returns what the pages share (media, diagnostics)
/// and the staged files, `index.html` first, then the pages in vault
/// order. Memory holds a chunk of pages, not all of them. On an error the
/// staged files are removed (dropped) and the error of the first page (in
/// vault order) that failed is returned.
fn stage_lessons(
    templates: &templates::Templates,
    vault: &Vault,
    report: Option<&CheckReport>,
    dir: &Path,
) -> Result<(lesson::Lessons, Vec<Staged>), BuildError> {
    use rayon::prelude::*;
    let checked = report.is_some();
    let mut assembler = lesson::Assembler::new(vault, report);
    let mut entries: Vec<lesson::PageEntry> = Vec::with_capacity(vault.notes.len());
    let mut staged: Vec<Staged> = Vec::with_capacity(vault.notes.len() + 1);
    let one = |lesson: &lesson::Lesson| -> Result<Staged, BuildError> {
        let html = lessons::render_page(templates, lesson, checked, &vault.name)?;
        stage_file(&dir.join(&lesson.page), html.as_bytes())
    };
    on_write_threads(|| -> Result<(), BuildError> {
        loop {
            let chunk: Vec<lesson::Lesson> = assembler.by_ref().take(PAGE_CHUNK).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            entries.extend(chunk.iter().map(lesson::PageEntry::from));
            let done: Vec<Result<Staged, BuildError>> = chunk.par_iter().map(one).collect();
            for page in done {
                staged.push(page?);
            }
        }
    })?;
    let index = lessons::render_index_of(templates, &entries, checked, &vault.name)?;
    let mut files = Vec::with_capacity(staged.len() + 1);
    files.push(stage_file(&dir.join("index.html"), index.as_bytes())?);
    files.append(&mut staged);
    Ok((assembler.finish(), files))
}

/// Removes `root` and the folders under it that hold no file (deepest
/// first); a folder that holds something stays, with its parents.
fn remove_empty_dirs(root: &Path) {
    for entry in walkdir::WalkDir::new(root)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// [`stage`] with the error naming the file.
fn stage_file(path: &Path, bytes: &[u8]) -> Result<Staged, BuildError> {
    stage(path, bytes).map_err(|source| BuildError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Puts every staged file in place, several at a time; returns their
/// paths in the given order, or the error of the first (in that order)
/// that failed.
fn commit_many(files: Vec<Staged>) -> Result<Vec<PathBuf>, BuildError> {
    use rayon::prelude::*;
    let paths: Vec<PathBuf> = files.iter().map(|f| f.target().to_path_buf()).collect();
    let results: Vec<Result<(), BuildError>> = on_write_threads(|| {
        files
            .into_par_iter()
            .map(|file| {
                let path = file.target().to_path_buf();
                file.commit()
                    .map_err(|source| BuildError::Write { path, source })
            })
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(paths)
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
