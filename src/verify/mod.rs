//! Verification: every formula of the vault becomes claims (one per link of
//! a relation chain), and every claim gets a [`Verdict`] earned by running
//! it. [`check_vault`] is the one entry point; it returns the
//! [`CheckReport`] that `verideck check` prints and `verideck build` gates on.
//!
//! Per note, formulas are read in order: constants the note fixes
//! (`\beta = 0.9`) and initial conditions (`s_0 = 0`) are remembered,
//! update-rule blocks become programs, and each link is checked by the
//! family it belongs to (see `CLAIMS.md`).

mod assemble;
mod compare;
mod default_claims;
mod derivatives;
mod forms;
mod identity;
pub(crate) mod library;
mod naming;
mod note;
mod one_sample;
mod program;
mod pseudocode;
mod quantified;
mod recurrence;
mod reference;
mod rule_check;
mod run_claims;
mod site;
mod stand_ins;
mod stated;
mod symbols_used;
mod units;
mod worked_run;

pub use crate::verdict::{Status, Verdict};

use crate::cache::{Cache, note_key};
use crate::claims::{self, Formula};
use crate::report::{CheckReport, ClaimEntry};
use crate::vault::Vault;
use rayon::prelude::*;

/// How [`check_vault_with`] runs: a verdict cache to reuse and fill, and
/// a progress display to tell. Neither changes the report.
#[derive(Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// The cache to read verdicts from and store new ones in.
    pub cache: Option<&'a Cache>,
    /// Told how many notes there are, then of each note done.
    pub progress: Option<&'a dyn Progress>,
}

/// Something that shows a check's progress (a progress bar); called from
/// the worker threads.
pub trait Progress: Sync {
    /// The check is about to verify `notes` notes (those with formulas).
    fn start(&self, notes: usize);
    /// One more note is done; it had `claims` claims.
    fn note_done(&self, claims: usize);
}

/// How the notes of a check were verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckStats {
    /// Notes with formulas.
    pub notes: usize,
    /// Notes whose claims came from the cache.
    pub reused: usize,
    /// Notes verified in this run.
    pub verified: usize,
}

/// Checks every formula of `vault`; deterministic (same vault, same report).
pub fn check_vault(vault: &Vault) -> CheckReport {
    check_vault_with(vault, CheckOptions::default()).0
}

/// Checks every formula of `vault`, one note per task on rayon's thread
/// pool, reusing and filling `options.cache`. Each note is checked by a
/// pure function of its text and formulas, and the results are joined in
/// vault order: the report is the same whatever the thread count and
/// whatever the cache held.
pub fn check_vault_with(vault: &Vault, options: CheckOptions<'_>) -> (CheckReport, CheckStats) {
    let formulas = claims::collect(vault);
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while start < formulas.len() {
        let note = formulas[start].note;
        let end = formulas[start..]
            .iter()
            .position(|f| f.note != note)
            .map_or(formulas.len(), |n| start + n);
        groups.push(start..end);
        start = end;
    }
    if let Some(progress) = options.progress {
        progress.start(groups.len());
    }
    let checked: Vec<(Vec<ClaimEntry>, bool)> = groups
        .into_par_iter()
        .map(|range| {
            let done = check_note_cached(vault, &formulas[range], options.cache);
            if let Some(progress) = options.progress {
                progress.note_done(done.0.len());
            }
            done
        })
        .collect();
    let mut stats = CheckStats {
        notes: checked.len(),
        ..CheckStats::default()
    };
    let mut entries: Vec<ClaimEntry> = Vec::with_capacity(checked.iter().map(|c| c.0.len()).sum());
    for (claims, reused) in checked {
        if reused {
            stats.reused += 1;
        } else {
            stats.verified += 1;
        }
        entries.extend(claims);
    }
    let keys: Vec<String> = formulas.iter().map(Formula::key).collect();
    (CheckReport::new(entries, &keys), stats)
}

/// The claims of one note's formulas from `cache` when it has them (and
/// `true`), else checked now and stored (and `false`).
fn check_note_cached(
    vault: &Vault,
    formulas: &[Formula],
    cache: Option<&Cache>,
) -> (Vec<ClaimEntry>, bool) {
    let Some(cache) = cache else {
        return (check_note(vault, formulas), false);
    };
    let key = note_key(note_text(vault, formulas), formulas);
    let file = formulas.first().map(|f| f.file.as_str());
    // An entry must at least be about this note's file to be used.
    if let Some(claims) = cache.get(&key)
        && claims.iter().all(|c| Some(c.file.as_str()) == file)
    {
        return (claims, true);
    }
    let claims = check_note(vault, formulas);
    cache.put(key, &claims);
    (claims, false)
}

/// The text of the note `formulas` belong to.
fn note_text<'v>(vault: &'v Vault, formulas: &[Formula]) -> &'v str {
    formulas
        .first()
        .map_or("", |f| vault.notes[f.note].text.as_str())
}

/// The claims of one note's formulas (all from the same note, in order).
fn check_note(vault: &Vault, formulas: &[Formula]) -> Vec<ClaimEntry> {
    note::NoteChecker::new(formulas, note_text(vault, formulas)).run()
}
