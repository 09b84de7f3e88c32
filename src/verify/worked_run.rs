//! Worked examples checked against a run of the note's own rule on the
//! note's own numbers. When a note states the value a verified update rule
//! produces at one step (`r_2 = (25, 0.25)`, `\Delta\theta_1 \approx
//! (-0.1, -0.1)`), the rule is run with the hyperparameters the example
//! sets, the inputs it gives (gradients `g_1, g_2, …`, a starting point
//! `\theta_0`) and zero for the states it starts at zero, and the stated
//! value is compared with the run's value at that step, to the precision
//! the note prints.
//!
//! The reading is closed only when every hyperparameter of the rule has a
//! value where the claim stands and every step up to the claimed one has
//! its input; otherwise a run gives no verdict (`None`). The note's index
//! base decides which step a subscript names; a value that does not match
//! there but matches with the first step numbered one lower or higher is
//! not refuted (the convention may be read wrongly), and a value computed
//! from inputs the note gives only approximately (`g_2 \approx …`) is not
//! refuted either.
use crate::math::ast::{Expr, ExprKind as K, Rel};
use crate::math::{BaseKey, Env, Value};
use crate::verdict::{Status, Verdict};
use crate::verify::compare::{canonical, show};
use crate::verify::identity::{APPROX_TOL, printed_tolerance};
use crate::verify::program::{Gradient, Initial, Program, RunSetup, start_index};
use ndarray::Array1;
use serde_json::json;
use std::collections::BTreeMap;

/// The most steps a worked run takes: worked examples list a few steps.
pub(crate) const MAX_WORKED_STEPS: i64 = 50;

/// A value the note gives for an input of a rule at one step, and whether
/// it is written as an approximation.
#[derive(Debug, Clone)]
pub(crate) struct GivenValue {
    /// The value.
    pub(crate) value: Value,
    /// Written with `\approx`.
    pub(crate) approximate: bool,
}

/// Everything a worked run of one rule needs from the note.
pub(crate) struct WorkedExample<'a> {
    /// The verified rule.
    pub(crate) program: &'a Program,
    /// The line the rule is written on (named in the evidence).
    pub(crate) rule_line: usize,
    /// The note's constants where the claim stands.
    pub(crate) constants: &'a Env,
    /// Values the note gives, by symbol and note index (inputs and
    /// starting values).
    pub(crate) given: &'a BTreeMap<BaseKey, BTreeMap<i64, GivenValue>>,
    /// The note's initial conditions.
    pub(crate) initial: &'a BTreeMap<BaseKey, Initial>,
}

/// Whether `base` is an input of `program` whose values a worked example
/// gives rather than claims: an indexed input the rule reads, or the
/// quantity the rule computes as a gradient (`g \leftarrow \nabla …`).
pub(crate) fn is_input(program: &Program, base: &BaseKey) -> bool {
    let computed_gradient = program
        .assigns
        .iter()
        .any(|a| &a.target == base && crate::verify::symbols_used::uses(&a.expr).gradient);
    computed_gradient || program.free(&Env::new()).1.contains(base)
}

impl WorkedExample<'_> {
    /// The verdict on `base_k rel claimed` (with `rhs` the side as written,
    /// for its printed precision), or `None` when the run is not closed.
    pub(crate) fn check(
        &self,
        base: &BaseKey,
        k: i64,
        rel: Rel,
        claimed: &Value,
        rhs: &Expr,
    ) -> Option<Verdict> {
        if !matches!(rel, Rel::Eq | Rel::Def | Rel::Approx)
            || !self.program.targets().contains(base)
        {
            return None;
        }
        if is_input(self.program, base) {
            return None;
        }
        let (start, convention, anchor) = start_index(self.program, self.initial);
        let ours = self.value_at(base, k, start, anchor.clone())?;
        let tolerances = printed_tolerances(rhs, rel, claimed);
        let matches = |got: &Value| within(got, claimed, &tolerances);
        let inputs = self.described_inputs(start, k);
        let evidence = |got: &Value, status: &str| {
            json!({
                "kind": "worked-run", "test": "a run of the note's rule on the note's numbers",
                "rule_line": self.rule_line, "inputs": inputs, "index_base": convention,
                "run": show(got), "claimed": show(claimed), "status": status,
            })
        };
        let ours_matches = matches(&ours)?;
        if ours_matches {
            return Some(Verdict {
                status: Status::Verified,
                reason: format!(
                    "a run of the rule at line {} on the note's numbers ({inputs}) gives {base}_{k} = {} ({convention})",
                    self.rule_line,
                    show(&ours)
                ),
                evidence: evidence(&ours, "verified"),
            });
        }
        // Another index base: the subscript may name the step before or after.
        let other = [start - 1, start + 1].into_iter().find(|s| {
            self.value_at(base, k, *s, None)
                .and_then(|v| matches(&v))
                .unwrap_or(false)
        });
        if let Some(s) = other {
            return Some(Verdict::unchecked(format!(
                "the stated value is what a run of the rule at line {} gives when the state before the first update has index {s}; under the note's index base ({convention}) it gives {}",
                self.rule_line,
                show(&ours)
            )));
        }
        if self.uses_approximate_input(start, k) {
            return Some(Verdict::unchecked(format!(
                "a run of the rule at line {} gives {}, but it starts from inputs the note gives only approximately",
                self.rule_line,
                show(&ours)
            )));
        }
        Some(Verdict {
            status: Status::Refuted,
            reason: format!(
                "a run of the rule at line {} on the note's numbers ({inputs}) gives {base}_{k} = {}, not {} ({convention})",
                self.rule_line,
                show(&ours),
                show(claimed)
            ),
            evidence: evidence(&ours, "refuted"),
        })
    }

    /// The value of `base` at note index `k` in a run whose state before
    /// the first update has index `start`; `None` when the run is not
    /// closed or the value depends on something the note does not give.
    fn value_at(
        &self,
        base: &BaseKey,
        k: i64,
        start: i64,
        anchor: Option<BaseKey>,
    ) -> Option<Value> {
        let steps = k - start;
        if !(1..=MAX_WORKED_STEPS).contains(&steps) {
            return None;
        }
        let program = self.program;
        // Every hyperparameter needs the example's value.
        if !program.free(self.constants).0.is_empty() {
            return None;
        }
        let param = program.parameter();
        let inputs: Vec<&BaseKey> = self
            .given
            .keys()
            .filter(|b| is_input(program, b) && Some(*b) != param.as_ref())
            .collect();
        if inputs.is_empty() {
            return None;
        }
        let mut runnable = program.clone();
        runnable.assigns.retain(|a| !inputs.contains(&&a.target));
        let mut sequences = BTreeMap::new();
        let mut dim = None;
        for b in &inputs {
            let seq = &self.given[*b];
            let mut values = BTreeMap::new();
            for i in start + 1..=k {
                let v = as_vector(&seq.get(&i)?.value)?;
                if *dim.get_or_insert(v.len()) != v.len() {
                    return None;
                }
                values.insert(i, Value::Vector(v));
            }
            sequences.insert((*b).clone(), values);
        }
        let dim = dim?;
        // States the note starts at anything but zero are not known here.
        for s in runnable.carried() {
            if Some(&s) != param.as_ref() && self.initial.get(&s).is_some_and(|i| !i.zero) {
                return None;
            }
        }
        let theta0 = param
            .as_ref()
            .and_then(|p| self.given.get(p))
            .and_then(|seq| seq.get(&start))
            .and_then(|g| as_vector(&g.value))
            .filter(|v| v.len() == dim)
            .unwrap_or_else(|| Array1::from_elem(dim, f64::NAN));
        let env = self.constants.clone().with_elementwise_products(true);
        let setup = RunSetup {
            env: &env,
            gradient: Gradient::Constant(Array1::from_elem(dim, f64::NAN)),
            theta0,
            inputs: sequences,
            start,
            steps,
            anchor,
            lenient: true,
        };
        let record = runnable.run(&setup, |_, _, _| {}).ok()?;
        let got = record.histories.get(base)?.get(&k)?.clone();
        got.is_finite().then_some(got)
    }

    /// The inputs a run up to index `k` uses, for the evidence.
    fn described_inputs(&self, start: i64, k: i64) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (b, seq) in self.given {
            for (i, g) in seq.range(start..=k) {
                parts.push(format!("{b}_{i} = {}", show(&g.value)));
            }
        }
        parts.join(", ")
    }

    fn uses_approximate_input(&self, start: i64, k: i64) -> bool {
        self.given
            .values()
            .any(|seq| seq.range(start..=k).any(|(_, g)| g.approximate))
    }
}

/// A value as a vector of components (a scalar is one component).
fn as_vector(v: &Value) -> Option<Array1<f64>> {
    match canonical(v) {
        Value::Scalar(x) => Some(Array1::from_elem(1, x)),
        Value::Vector(x) => Some(x),
        _ => None,
    }
}

/// The tolerance of each component of a stated value: half a unit of the
/// last digit printed (`0.016` → 0.0005), and for `\approx` four of them
/// or the relative approximation tolerance, whichever is larger.
fn printed_tolerances(rhs: &Expr, rel: Rel, claimed: &Value) -> Vec<f64> {
    let comps = claimed.components();
    let written: Vec<Option<f64>> = match &rhs.kind {
        K::Tuple(items) if items.len() == comps.len() => {
            items.iter().map(printed_tolerance).collect()
        }
        _ if comps.len() == 1 => vec![printed_tolerance(rhs)],
        _ => vec![None; comps.len()],
    };
    comps
        .iter()
        .zip(written)
        .map(|(x, half)| {
            let size = x.abs().max(1.0);
            match (rel, half) {
                (Rel::Approx, Some(h)) => (4.0 * h).max(APPROX_TOL * x.abs()),
                (Rel::Approx, None) => APPROX_TOL * size,
                (_, Some(h)) => h + 1e-9 * size,
                (_, None) => 1e-9 * size,
            }
        })
        .collect()
}

/// Whether every component of `got` is within its tolerance of `claimed`;
/// `None` when the shapes differ.
fn within(got: &Value, claimed: &Value, tolerances: &[f64]) -> Option<bool> {
    let (a, b) = (as_vector(got)?, as_vector(claimed)?);
    if a.len() != b.len() || b.len() != tolerances.len() {
        return None;
    }
    Some(
        a.iter()
            .zip(b.iter())
            .zip(tolerances)
            .all(|((x, y), t)| (x - y).abs() <= t * (1.0 + 1e-9)),
    )
}
