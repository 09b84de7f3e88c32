//! Matching an update rule with the reference optimizers of [`crate::optim`].
//! The rule is run with random hyperparameter values on a random quadratic;
//! every reference form (SGD, momentum, Nesterov in both forms, AdaGrad,
//! RMSProp and Adam with each ε placement and bias-correction switch) is
//! run under every mapping of the rule's hyperparameters to the
//! reference's roles (learning rate, decays, ε), and the parameter
//! trajectories are compared. Roles are found by this search, never by
//! the letters used. A rule with no carried state besides the parameter
//! is compared with the first step only (a "first step of Adam" block).
use crate::math::env::SymbolKey;
use crate::math::{BaseKey, Env, Value};
use crate::optim::objectives::Quadratic;
use crate::optim::{self, OptimizerKind};
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::compare::rel_error;
use crate::verify::program::{
    DIM, Gradient, Initial, Program, RULE_STEPS, RunSetup, hyper_values, random_vector, start_index,
};
use crate::verify::symbols_used::uses_all;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

use crate::verify::forms::*;
/// A successful or best match.
struct Match {
    label: &'static str,
    kind: OptimizerKind,
    mapping: Vec<(String, &'static str)>,
    steps: usize,
    error: f64,
    /// Role values given without a symbol (see the filled-role pass), with
    /// all the roles they were run with: where a refutation is localized.
    filled: Option<RoleValues>,
}

/// The optimizers a name stands for: SGD names the library class, whose
/// `momentum` and `nesterov` arguments make heavy ball and Nesterov forms
/// of it (`torch.optim.SGD`, Keras `SGD`).
fn with_library_switches(named: &[OptimizerKind]) -> Vec<OptimizerKind> {
    let mut out = named.to_vec();
    if named.contains(&OptimizerKind::Sgd) {
        for k in [OptimizerKind::Momentum, OptimizerKind::Nesterov] {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// The verdict for a rule whose parameter is `param` and whose scalar
/// hyperparameters are `free`; `named` lists the optimizers the note's
/// headings name (preferred, and the ones a mismatch refutes).
pub(crate) fn match_rule(
    program: &Program,
    param: &BaseKey,
    free: &[SymbolKey],
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    named: &[OptimizerKind],
    seed: u64,
) -> (Verdict, Option<usize>) {
    let named = &with_library_switches(named);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0ddba11);
    let mut values = hyper_values(free, &mut rng);
    let mut env = constants.clone().with_elementwise_products(true);
    for (k, x) in free.iter().zip(&values) {
        env.bind(k.clone(), Value::Scalar(*x));
    }
    // Hyperparameters the note fixes (`\beta = 0.9`) may fill a role too,
    // with their value; unlike free symbols they may also stay unused.
    let mut names: Vec<SymbolKey> = free.to_vec();
    let used = uses_all(program.assigns.iter().map(|a| &a.expr)).keys();
    for k in used {
        if let Some(Value::Scalar(x)) = constants.value(&k)
            && !names.contains(&k)
        {
            names.push(k.clone());
            values.push(*x);
        }
    }
    let required = free.len();
    let h = random_vector(&mut rng, 0.5, 2.0);
    let b = random_vector(&mut rng, -1.0, 1.0);
    let theta0 = random_vector(&mut rng, -1.0, 1.0);
    // State is carried besides the parameter, or the parameter's past
    // itself (`x_{k+1} = x_k - \alpha \nabla f(x_k) + \beta (x_k - x_{k-1})`).
    let stateful = program.carried().iter().any(|c| c != param) || program.reads_past_of(param);
    let (start, _, anchor) = start_index(program, initial);
    let setup = RunSetup {
        env: &env,
        gradient: Gradient::Quadratic {
            h: h.clone(),
            b: b.clone(),
        },
        theta0: theta0.clone(),
        inputs: BTreeMap::new(),
        start,
        steps: RULE_STEPS as i64,
        anchor,
        lenient: !named.is_empty(),
    };
    let mut last_done: Option<usize> = None;
    let mut record = crate::verify::program::Record::default();
    let failure = program
        .run_into(
            &setup,
            |_, statement, _| {
                if statement != usize::MAX {
                    last_done = Some(statement);
                }
            },
            &mut record,
        )
        .err();
    let failure = failure
        .map(|e| e.to_string())
        .or(record.breakdown.as_ref().map(|(_, why)| why.clone()));
    let breakdown_at = record.breakdown.as_ref().map(|(s, _)| *s);
    // The assignment after the last one that succeeded is the one that failed.
    let failed_at = breakdown_at.or_else(|| {
        failure.as_ref().map(|_| {
            let order: Vec<usize> = program.assigns.iter().map(|a| a.statement).collect();
            match last_done.and_then(|l| order.iter().position(|s| *s == l)) {
                Some(i) => order[(i + 1) % order.len()],
                None => order[0],
            }
        })
    });
    if let Some(e) = &failure
        && named.is_empty()
    {
        return (
            Verdict::unchecked(format!("cannot run the rule: {e}")),
            None,
        );
    }
    let Ok(objective) = Quadratic::diagonal(h).and_then(|q| q.with_linear(b)) else {
        return (Verdict::unchecked("internal: objective"), None);
    };
    let mut matches: Vec<Match> = Vec::new();
    let mut best_named: Option<Match> = None;
    let complete = failure.is_none();
    for form in forms().into_iter().filter(|_| complete) {
        let stateless = form.kind == OptimizerKind::Sgd;
        let steps = if stateful || stateless { RULE_STEPS } else { 1 };
        for mapping in mappings(names.len(), required, form.roles) {
            let mut roles = BTreeMap::new();
            let mut shown = Vec::new();
            for (role, s) in form.roles.iter().zip(&mapping) {
                if let Some(s) = s {
                    roles.insert(role.name(), values[*s]);
                    shown.push((names[*s].to_string(), role.name()));
                }
            }
            let config = (form.build)(&roles);
            let mut source = objective.clone();
            let Ok(traj) = optim::run(&config, &mut source, theta0.view(), steps) else {
                continue;
            };
            let error = trajectory_error(&record, &traj, steps);
            let m = Match {
                label: form.label,
                kind: form.kind,
                mapping: shown,
                steps,
                error,
                filled: None,
            };
            if error <= MATCH_TOL {
                matches.push(m);
                break;
            } else if named.contains(&form.kind)
                && best_named.as_ref().is_none_or(|b| error < b.error)
            {
                best_named = Some(m);
            }
        }
    }
    // A role no symbol of the rule plays (`v \leftarrow v - \epsilon g`
    // under "momentum": no decay) is tried at usual values and at the
    // numbers the rule writes (`0.9 v_t`, Hinton's `0.9 E[g^2]_{t-1} + 0.1
    // g_t^2`), also when readings with every role given a symbol exist but
    // differ; the named optimizer's rule that differs under all of them is
    // refuted against the closest.
    if matches.is_empty() && complete && !named.is_empty() {
        let grid: Vec<f64> = [0.5, 0.9, 0.99, 0.999]
            .into_iter()
            .chain(fractions_written(program))
            .collect();
        for form in forms().into_iter().filter(|f| named.contains(&f.kind)) {
            let steps = if stateful || form.kind == OptimizerKind::Sgd {
                RULE_STEPS
            } else {
                1
            };
            for mapping in mappings_with(names.len(), required, form.roles, |_| true) {
                let missing: Vec<Role> = form
                    .roles
                    .iter()
                    .zip(&mapping)
                    .filter(|(r, m)| m.is_none() && **r != Role::Eps)
                    .map(|(r, _)| *r)
                    .collect();
                if missing.is_empty() || missing.len() > 2 {
                    continue;
                }
                let combos = grid.len().pow(missing.len() as u32);
                for combo in 0..combos {
                    let mut roles = BTreeMap::new();
                    let mut shown = Vec::new();
                    for (role, s) in form.roles.iter().zip(&mapping) {
                        if let Some(s) = s {
                            roles.insert(role.name(), values[*s]);
                            shown.push((names[*s].to_string(), role.name()));
                        }
                    }
                    let mut rest = combo;
                    for role in &missing {
                        let v = grid[rest % grid.len()];
                        rest /= grid.len();
                        roles.insert(role.name(), v);
                        shown.push((format!("{v} (no symbol)"), role.name()));
                    }
                    let mut source = objective.clone();
                    let Ok(traj) =
                        optim::run(&(form.build)(&roles), &mut source, theta0.view(), steps)
                    else {
                        continue;
                    };
                    let error = trajectory_error(&record, &traj, steps);
                    let m = Match {
                        label: form.label,
                        kind: form.kind,
                        mapping: shown,
                        steps,
                        error,
                        filled: Some(roles.clone()),
                    };
                    if error <= MATCH_TOL {
                        matches.push(m);
                    } else if best_named.as_ref().is_none_or(|b| error < b.error) {
                        best_named = Some(m);
                    }
                }
            }
        }
    }
    matches.sort_by_key(|m| !named.contains(&m.kind));
    let describe = |m: &Match| {
        let map: Vec<String> = m
            .mapping
            .iter()
            .map(|(s, r)| format!("{s} as {r}"))
            .collect();
        format!(
            "{}{}",
            m.label,
            if map.is_empty() {
                String::new()
            } else {
                format!(" with {}", map.join(", "))
            }
        )
    };
    if let Some(first) = matches.first() {
        let first_step = first.steps == 1;
        let all: Vec<String> = matches.iter().map(|m| m.label.to_string()).collect();
        let _ = DIM;
        return (
            Verdict {
                status: Status::Verified,
                reason: format!(
                    "{} of {}: the parameter matches the reference over {} step{} (worst error {:.1e}){}",
                    if first_step {
                        "the first step"
                    } else {
                        "one iteration"
                    },
                    describe(first),
                    first.steps,
                    if first.steps == 1 { "" } else { "s" },
                    first.error,
                    if all.len() > 1 {
                        format!("; also matches {}", all[1..].join(", "))
                    } else {
                        String::new()
                    }
                ),
                evidence: json!({
                    "kind": "update-rule", "test": "run against the reference optimizers on a random quadratic",
                    "matched": all, "optimizer": first.kind.name(), "steps": first.steps, "worst_error": first.error, "tolerance": MATCH_TOL,
                    "roles": first.mapping.iter().map(|(s, r)| json!({"symbol": s, "role": r})).collect::<Vec<_>>(),
                }),
            },
            None,
        );
    }
    // Where the rule first goes wrong: under the reading (form and role
    // mapping of the named optimizer) that agrees with the reference the
    // longest, the first assignment whose value is none of the reference's.
    let mut latest: Option<((usize, usize), usize)> = None;
    if !named.is_empty() {
        for form in forms().iter().filter(|f| named.contains(&f.kind)) {
            for mapping in mappings(names.len(), required, form.roles) {
                let mut roles = BTreeMap::new();
                for (role, s) in form.roles.iter().zip(&mapping) {
                    if let Some(s) = s {
                        roles.insert(role.name(), values[*s]);
                    }
                }
                let mut source = objective.clone();
                let Ok(traj) = optim::run(
                    &(form.build)(&roles),
                    &mut source,
                    theta0.view(),
                    RULE_STEPS,
                ) else {
                    continue;
                };
                let decays: Vec<f64> = roles.values().copied().collect();
                let position = match first_differing(program, &record, &traj, &decays, RULE_STEPS) {
                    Some((step, order, statement)) => ((step, order), statement),
                    None => match failed_at {
                        Some(f) => ((usize::MAX, 0), f),
                        None => continue,
                    },
                };
                if latest.as_ref().is_none_or(|(p, _)| position.0 > *p) {
                    latest = Some(position);
                }
            }
        }
    }
    // A refutation found only with roles filled in: where that reading
    // first goes wrong.
    if latest.is_none()
        && let Some(m) = &best_named
        && let Some(roles) = &m.filled
        && let Some(form) = forms().into_iter().find(|f| f.label == m.label)
    {
        let mut source = objective.clone();
        if let Ok(traj) = optim::run(&(form.build)(roles), &mut source, theta0.view(), RULE_STEPS) {
            let decays: Vec<f64> = roles.values().copied().collect();
            latest = first_differing(program, &record, &traj, &decays, RULE_STEPS)
                .map(|(step, order, statement)| ((step, order), statement));
        }
    }
    // A rule that carries more state than every optimizer the note names
    // (RMSProp with a momentum buffer and a look-ahead) is a variant the
    // references do not hold: a mismatch says nothing about it.
    let state = program
        .carried()
        .iter()
        .filter(|c| !program.is_counter(c))
        .count();
    if !named.is_empty() && named.iter().all(|k| state > k.carried_state()) {
        return (
            Verdict::unchecked(format!(
                "the rule carries {state} quantities from step to step, more than {} does: a variant verideck has no reference for",
                named
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            None,
        );
    }
    let culprit_statement = latest.map(|(_, s)| s).or(failed_at);
    // A rule that breaks down only from where its counter starts (`1 -
    // \beta^t` is zero at t = 0) breaks down because of the index base the
    // note leaves open, not because of what it computes.
    let runs_from = |start: i64| {
        let shifted = RunSetup {
            env: setup.env,
            gradient: setup.gradient.clone(),
            theta0: setup.theta0.clone(),
            inputs: BTreeMap::new(),
            start,
            steps: setup.steps,
            anchor: None,
            lenient: setup.lenient,
        };
        let mut record = crate::verify::program::Record::default();
        program
            .run_into(&shifted, |_, _, _| {}, &mut record)
            .is_ok()
            && record.breakdown.is_none()
    };
    // An error of the evaluator (a construct it cannot compute) says
    // nothing about the rule either.
    if let Some(e) = &failure
        && breakdown_at.is_none()
    {
        return (
            Verdict::unchecked(format!("cannot run the rule: {e}")),
            None,
        );
    }
    if let Some(e) = &failure
        && (runs_from(start + 1) || runs_from(start - 1))
    {
        return (
            Verdict::unchecked(format!(
                "the rule breaks down from the first index the note suggests ({e}), but runs from a neighbouring one: the index base is open"
            )),
            None,
        );
    }
    if let Some(e) = failure {
        return (
            Verdict {
                status: Status::Refuted,
                reason: format!(
                    "the rule breaks down where the reference {} runs fine: {e}",
                    named[0].name()
                ),
                evidence: json!({"kind": "update-rule", "test": "run on a random quadratic", "error": e}),
            },
            culprit_statement,
        );
    }
    match best_named {
        Some(m) => {
            let culprit = culprit_statement;
            (
                Verdict {
                    status: Status::Refuted,
                    reason: format!(
                        "does not match {} under any assignment of its hyperparameters; closest: {} (relative error {:.3} within {} step{})",
                        m.kind.name(),
                        describe(&m),
                        m.error,
                        m.steps,
                        if m.steps == 1 { "" } else { "s" }
                    ),
                    evidence: json!({
                        "kind": "update-rule", "test": "run against the reference optimizers on a random quadratic",
                        "expected": m.label, "closest_error": m.error, "steps": m.steps,
                    }),
                },
                culprit,
            )
        }
        None => (
            Verdict::unchecked(
                "an update rule that matches none of the reference optimizers, and the note does not say which it is",
            ),
            None,
        ),
    }
}

/// The statement of the first assignment whose values, at some compared
/// step, are none of the reference run's quantities (θ, the look-ahead
/// point, the gradient, a state, a bias-corrected state, each up to sign):
/// where a wrong rule first goes wrong.
fn first_differing(
    program: &Program,
    record: &crate::verify::program::Record,
    traj: &optim::Trajectory,
    decays: &[f64],
    steps: usize,
) -> Option<(usize, usize, usize)> {
    // The reference's quantities at a step, each with a stable name so an
    // assignment must match the same one at every step.
    let quantities = |step: usize| -> Vec<(String, ndarray::Array1<f64>)> {
        let mut out = Vec::new();
        if let Some(t) = traj.theta.get(step) {
            out.push(("theta".to_string(), t.clone()));
        }
        if let Some(phi) = &traj.phi {
            out.extend(phi.get(step).map(|p| ("phi".to_string(), p.clone())));
            out.extend(phi.get(step - 1).map(|p| ("phi-".to_string(), p.clone())));
        }
        out.extend(
            traj.grads
                .get(step - 1)
                .map(|g| ("grad".to_string(), g.clone())),
        );
        for (name, state) in &traj.states {
            if let Some(v) = state.get(step - 1) {
                // A state kept with the other sign (`m = -s`) is the same state.
                out.push((format!("state:{name}"), v.clone()));
                out.push((format!("state:-{name}"), -v));
                for (i, d) in decays.iter().enumerate() {
                    let c = 1.0 - d.powi(step as i32);
                    if c.abs() > 1e-12 {
                        out.push((format!("{name}/corrected{i}"), v / c));
                    }
                }
            }
        }
        out
    };
    let carried = program.carried();
    let param = program.parameter();
    let per_step: Vec<Vec<(String, ndarray::Array1<f64>)>> = (1..=steps).map(quantities).collect();
    // For each assignment, the kinds still consistent with every step so far.
    let mut alive: Vec<Option<std::collections::BTreeSet<String>>> =
        vec![None; program.assigns.len()];
    for step in 1..=steps {
        for (order, a) in program.assigns.iter().enumerate() {
            let Some(index) = record
                .written
                .get(&a.target)
                .and_then(|w| w.iter().nth(step - 1))
            else {
                continue;
            };
            let Some(got) = record.histories.get(&a.target).and_then(|h| h.get(index)) else {
                continue;
            };
            // A value that broke down (NaN) says nothing either way.
            if got.components().iter().any(|x| x.is_nan()) {
                continue;
            }
            // Carried state is compared with the reference's states only.
            let state_only = carried.contains(&a.target) && Some(&a.target) != param.as_ref();
            let matching: std::collections::BTreeSet<String> = per_step[step - 1]
                .iter()
                .filter(|(n, _)| !state_only || n.starts_with("state:"))
                .filter(|(_, c)| {
                    rel_error(got, &Value::Vector(c.clone())).is_some_and(|e| e <= 1e-6)
                })
                .map(|(n, _)| n.clone())
                .collect();
            let kinds = alive[order].get_or_insert_with(|| matching.clone());
            kinds.retain(|k| matching.contains(k));
            if kinds.is_empty() {
                return Some((step, order, a.statement));
            }
        }
    }
    None
}

/// The largest relative error of the rule's parameter against the
/// reference's over the first `steps` steps.
fn trajectory_error(
    record: &crate::verify::program::Record,
    traj: &optim::Trajectory,
    steps: usize,
) -> f64 {
    let reference = traj.params();
    let mut error = 0.0f64;
    for (got, want) in record.params[1..=steps].iter().zip(&reference[1..=steps]) {
        let want = Value::Vector(want.clone());
        error = error.max(rel_error(got, &want).unwrap_or(f64::INFINITY));
    }
    error
}

/// The numbers strictly between 0 and 1 the rule writes (`0.9` in
/// `v_{t+1} = 0.9 v_t + g_t`): values a role may have without a symbol.
/// The numbers strictly between 0 and 1 that a rule writes (`0.9 V_{t-1}`):
/// candidate values of a role no symbol plays.
pub(crate) fn fractions_written(program: &Program) -> Vec<f64> {
    fn walk(e: &crate::math::Expr, out: &mut Vec<f64>) {
        if let crate::math::ExprKind::Number(n) = &e.kind
            && n.value > 0.0
            && n.value < 1.0
            && !out.contains(&n.value)
        {
            out.push(n.value);
        }
        let mut e = e.clone();
        for c in crate::verify::identity::children_mut(&mut e) {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for a in &program.assigns {
        walk(&a.expr, &mut out);
    }
    out
}
