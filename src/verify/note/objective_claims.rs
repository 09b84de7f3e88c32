//! Worked runs on the note's own objective. A worked example that names
//! its function and start (`f(\theta) = \theta^2`, `\theta_0 = 1`) and
//! every hyperparameter of a verified rule (`\gamma = 0.1`, `\beta_1 =
//! 0.9`, …) fixes one trajectory: the rule run from that start with the
//! gradient of that function. Every value the example then writes about
//! the run (`g_2 = 2 \theta_1 \approx 1.8`, `m_2 \approx 0.36`,
//! `f(\mathbf{x}_3) \approx 0.747`, `\theta_1 - \theta_2 \approx 0.0996`)
//! is a value claim under those bindings, evaluated with them, never
//! random-tested.
//!
//! The reading is closed only when the function, the start and every
//! hyperparameter are set where the claim stands (its section or one
//! above it), and the rule is verified. It is refuted only when it fails
//! on every rule that can be meant (the verified rules of the sections
//! above, or the note's when none is), under the note's index base and
//! under the base one lower and one higher, and the example sets no
//! option the run leaves off (a weight decay the rule reads only in a
//! branch). Otherwise a failure is `unchecked`, saying why. A rule of
//! another section (no verified rule stands above the example) refutes
//! too, but only a claim of an example that has already matched that run
//! at a later step (a value at step 2 or beyond, on unbroken lines just
//! before it) and that gives no new value to a symbol the example has
//! already given one: a variant run ("with nesterov on") starts afresh.
use super::NoteChecker;
use crate::math::ast::{Expr, ExprKind, Rel};
use crate::math::env::{Function, IndexKey, SymbolKey};
use crate::math::{BaseKey, Env, Value};
use crate::verdict::{Status, Verdict};
use crate::verify::compare::show;
use crate::verify::identity;
use crate::verify::program::{Gradient, Program, RunSetup, start_index};
use crate::verify::symbols_used::{lone_symbol, uses, uses_all};
use crate::verify::worked_run::MAX_WORKED_STEPS;
use ndarray::Array1;
use std::collections::BTreeSet;

/// A function the note defines, kept as an objective a worked run can
/// descend.
#[derive(Clone)]
pub(crate) struct Objective {
    /// Its name (`f`).
    pub(crate) base: BaseKey,
    /// Its parameters as written (`\theta`).
    pub(crate) params: Vec<SymbolKey>,
    /// Its value at a point.
    pub(crate) function: Function,
    /// The headings it is defined under.
    pub(crate) scope: Vec<String>,
    /// Its body names components of a parameter (`x_1`, `x_2`).
    pub(crate) has_components: bool,
}

/// The integer-indexed symbols of `body` that are components of a
/// parameter (`x_1` in a function of `x`): `(parameter position, symbol,
/// zero-based component)`.
pub(crate) fn component_keys(params: &[SymbolKey], body: &Expr) -> Vec<(usize, SymbolKey, usize)> {
    uses(body)
        .keys()
        .into_iter()
        .filter_map(|k| {
            let [IndexKey::Int(i)] = k.index.as_slice() else {
                return None;
            };
            let i = usize::try_from(*i).ok().filter(|i| *i >= 1)?;
            let at = params
                .iter()
                .position(|p| p.base == k.base && p.index.is_empty())?;
            Some((at, k, i - 1))
        })
        .collect()
}

/// Binds each component symbol to its component of the argument, where
/// the argument is a vector that long.
pub(crate) fn bind_components(
    env: &mut Env,
    params: &[SymbolKey],
    values: &[Value],
    components: &[(usize, SymbolKey, usize)],
) {
    for (at, key, i) in components {
        if at >= &params.len() {
            continue;
        }
        if let Some(Value::Vector(v)) = values.get(*at)
            && let Some(x) = v.get(*i)
        {
            env.bind(key.clone(), *x);
        }
    }
}

/// `e` with every call of the function `f` blanked out: what is left is
/// written outside its arguments (`J(\mathbf{u}_2)` takes an iterate).
fn without_calls(e: &Expr, f: &BaseKey) -> Expr {
    fn strip(e: &mut Expr, f: &BaseKey) {
        if let ExprKind::Call { func, .. } = &e.kind
            && let ExprKind::Symbol(s) = &func.kind
            && s.base == *f
        {
            e.kind = ExprKind::Missing;
            return;
        }
        for c in identity::children_mut(e) {
            strip(c, f);
        }
    }
    let mut e = e.clone();
    strip(&mut e, f);
    e
}

/// One rule that can be meant, run on the objective: what it gives the
/// claim.
struct Outcome {
    verdict: Verdict,
    /// The rule's line.
    line: usize,
    /// The run's values of the claim's symbols.
    values: Vec<String>,
    /// The index-base convention the run took.
    convention: String,
    /// The latest step the claim names.
    step: i64,
}

/// A value of a worked example a run on the note's objective verified:
/// evidence that the example runs that rule.
#[derive(Clone)]
pub(crate) struct ConfirmedRun {
    /// The formula the value is written in.
    formula: usize,
    /// The rule's line.
    rule_line: usize,
    /// The latest step the verified value is at.
    step: i64,
    /// The symbols at numbered steps it names (`x_2`).
    keys: BTreeSet<SymbolKey>,
}

/// The symbols of `keys` at a numbered step (`x_2`, not `\eta`).
fn stepped(keys: &BTreeSet<SymbolKey>) -> BTreeSet<SymbolKey> {
    keys.iter()
        .filter(|k| matches!(k.index.as_slice(), [IndexKey::Int(_)]))
        .cloned()
        .collect()
}

/// A step late enough that a variant of the rule (another option, another
/// first-step convention) would have shown by then.
const CORROBORATING_STEP: i64 = 2;

impl NoteChecker<'_> {
    /// The verdict on `lhs rel rhs` when it is a value of a worked run on
    /// the note's objective (see the module doc); `None` when the claim
    /// names no step of such a run or the run is not closed.
    pub(super) fn objective_run_claim(
        &self,
        formula: usize,
        lhs: &Expr,
        rel: Rel,
        rhs: &Expr,
    ) -> Option<Verdict> {
        let u = uses_all([lhs, rhs]);
        if u.gradient || !u.symbolic().is_empty() || u.limit {
            return None;
        }
        let keys = u.keys();
        // Only a symbol at a numbered step can be a value of a run.
        if !keys
            .iter()
            .any(|k| matches!(k.index.as_slice(), [IndexKey::Int(_)]))
        {
            return None;
        }
        let mut outcomes: Vec<Outcome> = Vec::new();
        let (candidates, above) = self.descent_candidates(formula);
        for (at, reading) in candidates {
            // A rule some claim symbol is a step of; the rest is not closed.
            match self.objective_outcome(formula, at, &reading, &keys, lhs, rel, rhs) {
                Some(Ok(o)) => outcomes.push(o),
                Some(Err(())) => return None,
                None => {}
            }
        }
        if outcomes.is_empty() {
            return None;
        }
        if let Some(o) = outcomes
            .iter()
            .find(|o| o.verdict.status == Status::Verified)
        {
            self.confirmed_runs.borrow_mut().push(ConfirmedRun {
                formula,
                rule_line: o.line,
                step: o.step,
                keys: stepped(&keys),
            });
            return Some(self.described(o, Status::Verified));
        }
        let first = &outcomes[0];
        // A rule of another section may be run in a variant; not when the
        // same example's values at a later step already matched this run.
        // A new value for a symbol the example already gave one means the
        // claim starts another run ("with the look-ahead on, w_1 = 0.7").
        let example = self.example_formulas(formula);
        let confirmed = self.confirmed_runs.borrow();
        let in_example: Vec<&ConfirmedRun> = confirmed
            .iter()
            .filter(|c| example.contains(&c.formula))
            .collect();
        let given: BTreeSet<SymbolKey> = [lhs, rhs].into_iter().filter_map(lone_symbol).collect();
        let restated = in_example
            .iter()
            .any(|c| !c.keys.is_disjoint(&stepped(&given)));
        let corroborated = |o: &Outcome| {
            !restated
                && in_example
                    .iter()
                    .any(|c| c.rule_line == o.line && c.step >= CORROBORATING_STEP)
        };
        let corroborated_refutation = outcomes
            .iter()
            .all(|o| o.verdict.status == Status::Refuted)
            .then(|| outcomes.iter().find(|o| corroborated(o)))
            .flatten();
        if !above && let Some(o) = corroborated_refutation {
            let mut v = self.described(o, Status::Refuted);
            drop(confirmed);
            v.reason = format!(
                "{}; the same example's earlier values match this run, so it runs that rule",
                v.reason
            );
            return Some(v);
        }
        if !above {
            return Some(Verdict::unchecked(format!(
                "fails on a run of the rule at line {} on the note's objective, but that rule is written in another section, and the example may run a variant of it: {}",
                first.line, first.verdict.reason
            )));
        }
        if outcomes.iter().any(|o| o.verdict.status != Status::Refuted) {
            return Some(Verdict::unchecked(format!(
                "a run of the rule at line {} on the note's objective does not settle it: {}",
                first.line, first.verdict.reason
            )));
        }
        Some(self.described(first, Status::Refuted))
    }

    /// The formulas of the worked example formula `formula` is part of:
    /// it and those before it on unbroken lines (a list of steps, one per
    /// line), with no line of prose or blank line between them. A second
    /// example after a paragraph ("the same start with nesterov on") is
    /// another run.
    fn example_formulas(&self, formula: usize) -> BTreeSet<usize> {
        let mut out = BTreeSet::from([formula]);
        let mut start = self.sites[formula].formula.line;
        for f in (0..formula).rev() {
            let before = &self.sites[f].formula;
            let end = before.line + before.latex.matches('\n').count();
            if end + 1 < start {
                break;
            }
            out.insert(f);
            start = before.line;
        }
        out
    }

    /// `outcome` as the claim's verdict, with the run named.
    fn described(&self, o: &Outcome, status: Status) -> Verdict {
        let mut evidence = o.verdict.evidence.clone();
        if let Some(ev) = evidence.as_object_mut() {
            ev.insert("kind".into(), "objective-run".into());
            ev.insert(
                "test".into(),
                "evaluated both sides with the values of a run of the note's rule on the note's objective".into(),
            );
            ev.insert("rule_line".into(), o.line.into());
            ev.insert("index_base".into(), o.convention.clone().into());
            ev.insert("run_values".into(), o.values.clone().into());
        }
        Verdict {
            status,
            reason: format!(
                "with the values of a run of the rule at line {} on the note's objective ({}; {}): {}",
                o.line,
                o.values.join(", "),
                o.convention,
                o.verdict.reason
            ),
            evidence,
        }
    }

    /// The verified rules a worked example under formula `formula` can
    /// mean, with the formulas they are written in: those of the sections above it (its own
    /// included), or every verified rule of the note when none is there.
    /// A rule whose gradient is an undefined input is taken in each
    /// reading that makes the input the objective's gradient. The flag
    /// says whether the rules are from the sections above.
    fn descent_candidates(&self, formula: usize) -> (Vec<(usize, Program)>, bool) {
        let here = &self.sites[formula].formula.headings;
        let verified: Vec<&(usize, Program)> = self
            .programs
            .iter()
            .zip(&self.rule_verdicts)
            .filter(|(_, v)| super::worked_claims::rule_verified(v))
            .map(|(p, _)| p)
            .collect();
        let above: Vec<&(usize, Program)> = verified
            .iter()
            .copied()
            .filter(|(at, _)| here.starts_with(&self.sites[*at].formula.headings))
            .collect();
        let from_above = !above.is_empty();
        let chosen = if from_above { above } else { verified };
        let mut out = Vec::new();
        for (at, p) in chosen {
            if let Some(param) = p.parameter() {
                let constant_rates = p.schedules_as_constants(&param, None);
                out.push((*at, constant_rates.unwrap_or_else(|| p.clone())));
            } else {
                for (reading, _, fed) in p.gradient_readings() {
                    if fed && reading.parameter().is_some() {
                        out.push((*at, reading));
                    }
                }
            }
        }
        (out, from_above)
    }

    /// What the rule `program` (written in formula `at`) run on the note's objective
    /// says of the claim: `None` when the claim names no step of it,
    /// `Err` when it does but the run is not closed.
    #[allow(clippy::too_many_arguments)]
    fn objective_outcome(
        &self,
        formula: usize,
        at: usize,
        program: &Program,
        keys: &BTreeSet<SymbolKey>,
        lhs: &Expr,
        rel: Rel,
        rhs: &Expr,
    ) -> Option<Result<Outcome, ()>> {
        let param = program.parameter()?;
        let line = self.sites[at].formula.line;
        let targets = program.targets();
        let (start, convention, anchor) = start_index(program, &self.initial);
        let step_of = |k: &SymbolKey| match k.index.as_slice() {
            [IndexKey::Int(i)] if targets.contains(&k.base) || k.base == param => Some(*i),
            _ => None,
        };
        let last = keys.iter().filter_map(step_of).max()?;
        // The start itself (`f(\mathbf{x}_0) = 10.5`) is a value of the run too.
        if last < start {
            return None;
        }
        let here = &self.sites[formula].formula.headings;
        let in_scope = |k: &SymbolKey| {
            self.scopes
                .get(k)
                .is_none_or(|scope| here.starts_with(scope))
        };
        let closed = (|| {
            let objective = self.objective_for(formula, program, &param)?;
            let start_key = SymbolKey {
                base: param.clone(),
                index: vec![IndexKey::Int(start)],
            };
            let theta0 = self.start_value(formula, &start_key)?;
            let hyper = program.free(&Env::new()).0;
            if !hyper
                .iter()
                .all(|h| self.constants.value(h).is_some() && in_scope(h))
            {
                return None;
            }
            if self.sets_an_option(formula, at, program) {
                return None;
            }
            Some((objective, theta0))
        })();
        let Some((objective, theta0)) = closed else {
            return Some(Err(()));
        };
        let evaluate = |start: i64, anchor: Option<BaseKey>| -> Option<(Verdict, Vec<String>)> {
            let env = self.objective_env(program, &objective, &theta0, start, anchor, last)?;
            let bound = |k: &SymbolKey| {
                env.value(k).is_some() || (k.index.is_empty() && env.has_function(&k.base))
            };
            if !keys.iter().all(bound) {
                return None;
            }
            let values = keys
                .iter()
                .filter(|k| step_of(k).is_some())
                .filter_map(|k| env.value(k).map(|v| format!("{k} = {}", show(v))))
                .collect();
            Some((identity::arithmetic(lhs, rel, rhs, &env), values))
        };
        let Some((verdict, values)) = evaluate(start, anchor) else {
            return Some(Err(()));
        };
        let mut outcome = Outcome {
            verdict,
            line,
            values,
            convention,
            step: last,
        };
        if outcome.verdict.status == Status::Refuted {
            // Another index base: the subscripts may name the step before or after.
            let other = [start - 1, start + 1]
                .into_iter()
                .find(|s| evaluate(*s, None).is_some_and(|(v, _)| v.status == Status::Verified));
            if let Some(s) = other {
                outcome.verdict = Verdict::unchecked(format!(
                    "it holds when the state before the first update has index {s}, not under the note's index base: {}",
                    outcome.verdict.reason
                ));
            }
            // Components written like steps (`x_1` in `f(\mathbf{x}) = 0.1 x_1^2 + …`);
            // a claim that writes a vector (`\mathbf{x}_2 = (-3.572, -1.52)`)
            // is about an iterate.
            let writes_vector = [lhs, rhs].iter().any(|e| {
                identity::any_node(e, &|n| {
                    matches!(n.kind, ExprKind::Tuple(_) | ExprKind::Matrix(_))
                })
            });
            let outside = uses_all([
                &without_calls(lhs, &objective.base),
                &without_calls(rhs, &objective.base),
            ])
            .keys();
            if objective.has_components && !writes_vector && outside.iter().any(|k| k.base == param)
            {
                outcome.verdict = Verdict::unchecked(format!(
                    "the note writes components of {param} with subscripts, so a subscript may not name a step: {}",
                    outcome.verdict.reason
                ));
            }
        }
        Some(Ok(outcome))
    }

    /// The latest function the note defines where formula `formula`
    /// stands that takes the rule's parameter (`f(\theta)` for a rule in
    /// `\theta`) and that the rule differentiates, if it names one.
    fn objective_for(
        &self,
        formula: usize,
        program: &Program,
        param: &BaseKey,
    ) -> Option<Objective> {
        let here = &self.sites[formula].formula.headings;
        // A reading of an input as the gradient writes `\nabla` of the
        // parameter itself, which names no function.
        let mut named = program.differentiated_functions();
        named.remove(param);
        self.objectives
            .iter()
            .rev()
            .find(|o| {
                here.starts_with(&o.scope)
                    && matches!(o.params.as_slice(), [p] if p.base == *param && p.index.is_empty())
                    && (named.is_empty() || named.contains(&o.base))
            })
            .cloned()
    }

    /// The start value of the parameter where formula `formula` stands:
    /// a worked example's given value, or a constant set in scope.
    fn start_value(&self, formula: usize, key: &SymbolKey) -> Option<Array1<f64>> {
        let here = &self.sites[formula].formula.headings;
        let given = self
            .worked
            .iter()
            .rev()
            .find(|w| w.input && w.key == *key && here.starts_with(&w.scope))
            .map(|w| w.value.clone());
        let value = given.or_else(|| {
            let set_here = self.scopes.get(key).is_none_or(|s| here.starts_with(s));
            self.constants.value(key).filter(|_| set_here).cloned()
        })?;
        match crate::verify::compare::canonical(&value) {
            Value::Scalar(x) => Some(Array1::from_elem(1, x)),
            Value::Vector(v) => Some(v),
            _ => None,
        }
        .filter(|v| v.iter().all(|x| x.is_finite()))
    }

    /// Whether the example sets, to something other than zero, a symbol
    /// the rule's formula `at` reads only off the run's path (a
    /// weight decay in an `\textbf{if}` branch): then the run may not be
    /// the example's.
    fn sets_an_option(&self, formula: usize, at: usize, program: &Program) -> bool {
        let here = &self.sites[formula].formula.headings;
        let on_path: BTreeSet<BaseKey> = uses_all(program.assigns.iter().map(|a| &a.expr)).bases();
        let targets = program.targets();
        let site = &self.sites[at];
        let written: BTreeSet<SymbolKey> =
            uses_all(site.parsed.parsed().flat_map(|st| st.sides())).keys();
        written.iter().any(|k| {
            !on_path.contains(&k.base)
                && !targets.contains(&k.base)
                && self
                    .scopes
                    .get(k)
                    .is_some_and(|s| here.starts_with(s) && !s.is_empty())
                && self
                    .constants
                    .value(k)
                    .and_then(Value::as_scalar)
                    .is_some_and(|x| x != 0.0)
        })
    }

    /// The note's constants plus every value of a run of `program` on
    /// `objective` from `theta0` up to index `last`, the state before the
    /// first update having index `start`; `None` when the run breaks down.
    fn objective_env(
        &self,
        program: &Program,
        objective: &Objective,
        theta0: &Array1<f64>,
        start: i64,
        anchor: Option<BaseKey>,
        last: i64,
    ) -> Option<Env> {
        let steps = last - start;
        if !(1..=MAX_WORKED_STEPS).contains(&steps) {
            return None;
        }
        let run_env = self.constants.clone().with_elementwise_products(true);
        let setup = RunSetup {
            env: &run_env,
            gradient: Gradient::Objective(objective.function.clone()),
            theta0: theta0.clone(),
            inputs: Default::default(),
            start,
            steps,
            anchor,
            lenient: true,
        };
        let record = program.run(&setup, |_, _, _| {}).ok()?;
        if record.breakdown.is_some() {
            return None;
        }
        let mut env = self.constants.clone();
        for (base, seq) in &record.histories {
            for (i, v) in seq {
                let v = crate::verify::compare::canonical(v);
                if !v.is_finite() {
                    return None;
                }
                env.bind(
                    SymbolKey {
                        base: base.clone(),
                        index: vec![IndexKey::Int(*i)],
                    },
                    v,
                );
            }
        }
        Some(env)
    }
}
