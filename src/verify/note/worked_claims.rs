//! Worked examples for the note checker: the values a note gives for a
//! rule's inputs (`g_1 = (3, 0.4)`, a start `\theta_0`) are remembered
//! under their heading, and a stated value of what a verified rule
//! produces (`r_2 = (25, 0.25)`) is compared with a run of that rule on
//! those numbers (see [`crate::verify::worked_run`]). Values a run
//! confirmed are remembered too, so that later arithmetic with them
//! (`\frac{s_2}{1 - 0.9^2}`) has them.
use super::NoteChecker;
use crate::math::ast::{Expr, Rel};
use crate::math::env::{IndexKey, SymbolKey};
use crate::math::{Env, Value, eval};
use crate::verdict::{Status, Verdict};
use crate::verify::program::{Program, start_index};
use crate::verify::symbols_used::uses;
use crate::verify::worked_run::{GivenValue, WorkedExample, is_input};
use std::collections::BTreeMap;

/// A value a worked example states, with the headings it stands under.
#[derive(Debug, Clone)]
pub(super) struct WorkedValue {
    /// The symbol and its step.
    pub(super) key: SymbolKey,
    /// The value.
    pub(super) value: Value,
    /// Written with `\approx`.
    pub(super) approximate: bool,
    /// Given as an input (not confirmed by a run).
    pub(super) input: bool,
    /// The headings of the formula that stated it.
    pub(super) scope: Vec<String>,
}

impl NoteChecker<'_> {
    /// The note's constants plus the worked values in force under the
    /// headings of formula `formula` (the latest of each).
    pub(super) fn worked_env(&self, formula: usize) -> Env {
        let here = &self.sites[formula].formula.headings;
        let mut env = self.constants.clone();
        for w in self.worked.iter().filter(|w| here.starts_with(&w.scope)) {
            env.bind(w.key.clone(), w.value.clone());
        }
        env
    }

    /// The verdict on `key rel rhs` when `key` is one step (`r_2`) of a
    /// sequence a verified rule of the note produces and `rhs` is a value
    /// under the note's numbers: an input of the rule is remembered (a
    /// definition), anything else is compared with a worked run. `None`
    /// when no verified rule produces `key` or the run is not closed.
    pub(super) fn worked_value(
        &mut self,
        formula: usize,
        key: &SymbolKey,
        rel: Rel,
        rhs: &Expr,
    ) -> Option<Verdict> {
        let [IndexKey::Int(k)] = key.index.as_slice() else {
            return None;
        };
        let k = *k;
        if !matches!(rel, Rel::Eq | Rel::Def | Rel::Approx) {
            return None;
        }
        let env = self.worked_env(formula);
        let value = eval(&crate::verify::identity::truncate_infinite_sums(rhs), &env).ok()?;
        if uses(rhs).gradient || !value.is_finite() {
            return None;
        }
        let scope = self.sites[formula].formula.headings.clone();
        // An input of a verified rule anywhere in the note (the gradients
        // of a worked example are often given once, above the sections
        // that use them), or the starting point of one.
        // A rule that reads its gradient as an input starts a descent only
        // on an objective the note defines over that parameter.
        let descends = |d: &Program| {
            d.parameter().is_some_and(|param| {
                self.objectives
                    .iter()
                    .any(|o| matches!(o.params.as_slice(), [p] if p.base == param))
            })
        };
        let input = self.verified_rules().any(|p| {
            is_input(p, &key.base)
                || (p.parameter().as_ref() == Some(&key.base)
                    && k == start_index(p, &self.initial).0)
                || descents(p).iter().filter(|d| descends(d)).any(|d| {
                    let (start, _, _) = start_index(d, &self.initial);
                    d.parameter().as_ref() == Some(&key.base) && k == start
                })
        });
        let verdict = if input {
            Verdict::definition(format!("gives {key}, an input of the worked example"))
        } else {
            self.worked_run_verdict(formula, key, k, rel, &value, rhs)?
        };
        if input || verdict.status == Status::Verified {
            self.worked.push(WorkedValue {
                key: key.clone(),
                value,
                approximate: rel == Rel::Approx,
                input,
                scope,
            });
        }
        Some(verdict)
    }

    /// The verdict of a worked run of the verified rule that produces
    /// `key`'s sequence, compared with `value` at step `k`; `None` when no
    /// verified rule produces it or a hyperparameter has no value under
    /// the claim's heading.
    fn worked_run_verdict(
        &self,
        formula: usize,
        key: &SymbolKey,
        k: i64,
        rel: Rel,
        value: &Value,
        rhs: &Expr,
    ) -> Option<Verdict> {
        let scope = &self.sites[formula].formula.headings;
        let (n, program) = self.verified_producer(formula, key)?;
        let (all, _) = program.free(&Env::new());
        let closed = all.iter().all(|h| {
            self.constants.value(h).is_some()
                && self.scopes.get(h).is_none_or(|s| scope.starts_with(s))
        });
        if !closed {
            return None;
        }
        let given = self.given_inputs(formula);
        let example = WorkedExample {
            program,
            rule_line: self.sites[self.programs[n].0].formula.line,
            constants: &self.constants,
            given: &given,
            initial: &self.initial,
        };
        example.check(&key.base, k, rel, value, rhs)
    }

    /// The note's rules that are verified (their first line verified and
    /// none refuted).
    fn verified_rules(&self) -> impl Iterator<Item = &Program> {
        self.programs
            .iter()
            .zip(&self.rule_verdicts)
            .filter(|(_, v)| rule_verified(v))
            .map(|((_, p), _)| p)
    }

    /// The rule that produces `key`'s sequence for a claim in formula
    /// `formula`: a verified rule under the same headings, nearest first,
    /// with its position in `programs`.
    fn verified_producer(&self, formula: usize, key: &SymbolKey) -> Option<(usize, &Program)> {
        let (here, _) = self.programs_by_section(formula);
        let p = here
            .into_iter()
            .find(|p| p.targets().contains(&key.base) || is_input(p, &key.base))?;
        let n = self.programs.iter().position(|(_, q)| std::ptr::eq(q, p))?;
        rule_verified(&self.rule_verdicts[n]).then_some((n, p))
    }

    /// The inputs worked examples gave that are in force under formula
    /// `formula`'s headings, by symbol and step (the latest of each).
    fn given_inputs(
        &self,
        formula: usize,
    ) -> BTreeMap<crate::math::BaseKey, BTreeMap<i64, GivenValue>> {
        let here = &self.sites[formula].formula.headings;
        let mut out: BTreeMap<_, BTreeMap<i64, GivenValue>> = BTreeMap::new();
        for w in self
            .worked
            .iter()
            .filter(|w| w.input && here.starts_with(&w.scope))
        {
            if let [IndexKey::Int(i)] = w.key.index.as_slice() {
                out.entry(w.key.base.clone()).or_default().insert(
                    *i,
                    GivenValue {
                        value: w.value.clone(),
                        approximate: w.approximate,
                    },
                );
            }
        }
        out
    }
}

/// Whether a rule's verdicts make it verified: its first line verified
/// and none refuted.
pub(super) fn rule_verified(verdicts: &[Verdict]) -> bool {
    verdicts
        .first()
        .is_some_and(|v| v.status == Status::Verified)
        && verdicts.iter().all(|v| v.status != Status::Refuted)
}

/// The rule `p` as a descent on an objective: itself when it takes a
/// gradient, else each reading of an undefined input as the gradient.
fn descents(p: &Program) -> Vec<Program> {
    if p.parameter().is_some() {
        return vec![p.clone()];
    }
    p.gradient_readings()
        .into_iter()
        .map(|(r, _, _)| r)
        .collect()
}
