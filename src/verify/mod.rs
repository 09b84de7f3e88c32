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

use crate::claims::{self, Formula};
use crate::report::{CheckReport, ClaimEntry};
use crate::vault::Vault;

/// Checks every formula of `vault`; deterministic (same vault, same report).
pub fn check_vault(vault: &Vault) -> CheckReport {
    let formulas = claims::collect(vault);
    let mut entries: Vec<ClaimEntry> = Vec::new();
    let mut start = 0;
    while start < formulas.len() {
        let note = formulas[start].note;
        let end = formulas[start..]
            .iter()
            .position(|f| f.note != note)
            .map_or(formulas.len(), |n| start + n);
        entries.extend(check_note(vault, &formulas[start..end]));
        start = end;
    }
    let keys: Vec<String> = formulas.iter().map(Formula::key).collect();
    CheckReport::new(entries, &keys)
}

/// The claims of one note's formulas (all from the same note, in order).
fn check_note(vault: &Vault, formulas: &[Formula]) -> Vec<ClaimEntry> {
    let text = formulas
        .first()
        .map_or("", |f| vault.notes[f.note].text.as_str());
    note::NoteChecker::new(formulas, text).run()
}
