//! Recurrences without a gradient step (`V_t = \beta V_{t-1} + (1-\beta)
//! x_t`): each carried state is run on a random input sequence and compared
//! with the EMA and with every state a reference optimizer keeps.
use crate::math::env::SymbolKey;
use crate::math::{BaseKey, Env, Value};
use crate::optim::{self, OptimizerKind};
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::compare::rel_error;
use crate::verify::program::{
    DIM, Gradient, Program, RULE_STEPS, RunSetup, hyper_values, random_vector,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

use crate::verify::forms::*;
/// A recurrence without a gradient step (`V_t = \beta V_{t-1} + (1-\beta)
/// x_t`, `s_k = \rho s_{k-1} - \alpha g_k`): one carried symbol fed by one
/// input sequence. It is run on a random input sequence and compared with
/// the state of every reference that keeps such a sequence (the EMA, the
/// momentum velocity or buffer, the AdaGrad and RMSProp accumulators, Adam's
/// moments), under every mapping of its hyperparameters to roles. No match
/// is `unchecked`, never `refuted`: the note does not say which state it is.
pub(crate) fn match_recurrence(
    program: &Program,
    free: &[SymbolKey],
    inputs: &std::collections::BTreeSet<BaseKey>,
    averaged: bool,
    seed: u64,
) -> Verdict {
    let carried = program.carried();
    let inputs: Vec<&BaseKey> = inputs.iter().collect();
    let [input] = inputs.as_slice() else {
        return Verdict::unchecked(
            "a recurrence without a gradient step, not fed by one input sequence",
        );
    };
    if carried.is_empty() {
        return Verdict::unchecked("a recurrence that carries nothing from step to step");
    }
    // Several states fed by one input (`s_k` and `V_k` from `g_k`): each
    // must reproduce a reference state on its own.
    let mut reasons = Vec::new();
    for state in &carried {
        let v = match_state(program, state, free, input, averaged, seed);
        if v.status != Status::Verified {
            return v;
        }
        reasons.push(v.reason);
    }
    let evidence = json!({
        "kind": "update-rule",
        "test": "recurrence run on a random input sequence against reference states",
        "states": carried.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "tolerance": MATCH_TOL,
    });
    Verdict {
        status: Status::Verified,
        reason: reasons.join("; "),
        evidence,
    }
}

/// One carried state of a recurrence against the reference states.
fn match_state(
    program: &Program,
    state: &BaseKey,
    all_free: &[SymbolKey],
    input: &BaseKey,
    averaged: bool,
    seed: u64,
) -> Verdict {
    // The hyperparameters this state's own assignment uses.
    let used = program
        .assigns
        .iter()
        .find(|a| &a.target == state)
        .map(|a| crate::verify::symbols_used::uses(&a.expr).keys())
        .unwrap_or_default();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xec0);
    let all_values = hyper_values(all_free, &mut rng);
    let mut env = Env::new().with_elementwise_products(true);
    for (k, x) in all_free.iter().zip(&all_values) {
        env.bind(k.clone(), Value::Scalar(*x));
    }
    let (free, values): (Vec<SymbolKey>, Vec<f64>) = all_free
        .iter()
        .zip(&all_values)
        .filter(|(k, _)| used.contains(*k))
        .map(|(k, x)| (k.clone(), *x))
        .unzip();
    let free = free.as_slice();
    let h = random_vector(&mut rng, 0.5, 2.0);
    let b = random_vector(&mut rng, -1.0, 1.0);
    let gradient = Gradient::Quadratic { h, b };
    let start = 0;
    let seq: BTreeMap<i64, Value> = (start - 4..=start + RULE_STEPS as i64 + 4)
        .map(|i| (i, Value::Vector(random_vector(&mut rng, -1.0, 1.0))))
        .collect();
    let setup = RunSetup {
        env: &env,
        gradient: gradient.clone(),
        theta0: random_vector(&mut rng, -1.0, 1.0),
        inputs: BTreeMap::from([(input.clone(), seq.clone())]),
        start,
        steps: RULE_STEPS as i64,
        anchor: Some(state.clone()),
        lenient: false,
    };
    let record = match program.run(&setup, |_, _, _| {}) {
        Ok(r) => r,
        Err(e) => return Verdict::unchecked(format!("cannot run the recurrence: {e}")),
    };
    let Some(written) = record.written.get(state) else {
        return Verdict::unchecked("the recurrence wrote nothing");
    };
    let got: Vec<Value> = written
        .iter()
        .filter_map(|i| record.histories.get(state).and_then(|h| h.get(i)).cloned())
        .collect();
    // The sequence fed to the references: the input itself, or the
    // gradient at it when the rule differentiates (`\nabla w_t`).
    let differentiates =
        crate::verify::symbols_used::uses_all(program.assigns.iter().map(|a| &a.expr)).gradient;
    let offset = program
        .assigns
        .iter()
        .find(|a| &a.target == state)
        .and_then(|a| a.offset)
        .unwrap_or(0);
    let feed: Vec<ndarray::Array1<f64>> = written
        .iter()
        .filter_map(|i| seq.get(&(i - offset + offset)).cloned())
        .filter_map(|v| {
            let v = if differentiates {
                gradient.at(&v).ok()?
            } else {
                v
            };
            v.as_vector().cloned()
        })
        .collect();
    if feed.len() != got.len() || feed.is_empty() {
        return Verdict::unchecked("the recurrence's input could not be lined up with its steps");
    }
    let forms = forms();
    let mut matched: Option<(String, Vec<(String, &'static str)>)> = None;
    let mut try_states = |label: String,
                          roles: &[Role],
                          states: Vec<Vec<ndarray::Array1<f64>>>,
                          mapping: &[Option<usize>]| {
        for st in states {
            for sign in [1.0, -1.0] {
                let ok = st.len() >= got.len()
                    && got.iter().zip(&st).all(|(g, s)| {
                        rel_error(g, &Value::Vector(s * sign)).is_some_and(|e| e <= MATCH_TOL)
                    });
                if ok && matched.is_none() {
                    let shown = roles
                        .iter()
                        .zip(mapping)
                        .filter_map(|(r, s)| s.map(|s| (free[s].to_string(), r.name())))
                        .collect();
                    matched = Some((label.clone(), shown));
                }
            }
        }
    };
    // A decay no symbol plays (`V_t = 0.9 V_{t-1} + 0.1 x_t`) is tried at
    // usual values and at the numbers the rule writes.
    let written: Vec<f64> = [0.5, 0.9, 0.99, 0.999]
        .into_iter()
        .chain(crate::verify::reference::fractions_written(program))
        .collect();
    for mapping in mappings_with(free.len(), free.len(), &[Role::Decay], |_| true) {
        let decays: Vec<f64> = match mapping[0] {
            Some(s) => vec![values[s]],
            None => written.clone(),
        };
        for decay in decays {
            let ema = optim::ema::Ema {
                decay,
                init: optim::ema::EmaInit::Zero,
                debias: false,
            };
            if let Ok(series) = optim::ema::ema_series(&ema, &feed) {
                try_states(
                    if mapping[0].is_some() {
                        "an exponential moving average (zero start)".to_string()
                    } else {
                        format!(
                            "an exponential moving average (zero start) with decay {decay}, a number the rule writes or a usual one"
                        )
                    },
                    &[Role::Decay],
                    vec![series],
                    &mapping,
                );
            }
        }
    }
    for form in forms.iter().filter(|f| f.kind != OptimizerKind::Sgd) {
        for mapping in mappings_with(free.len(), free.len(), form.roles, |_| true) {
            let mut m = BTreeMap::new();
            for (role, s) in form.roles.iter().zip(&mapping) {
                if let Some(s) = s {
                    m.insert(role.name(), values[*s]);
                }
            }
            // Roles the recurrence does not name do not affect the state.
            for role in form.roles {
                m.entry(role.name()).or_insert(match role {
                    Role::Lr => 1.0,
                    Role::Eps => 1.0,
                    _ => 0.5,
                });
            }
            let config = (form.build)(&m);
            let Ok(mut source) = optim::GradientSequence::new(feed.clone()) else {
                continue;
            };
            let zero = ndarray::Array1::zeros(DIM);
            let Ok(traj) = optim::run(&config, &mut source, zero.view(), feed.len()) else {
                continue;
            };
            let states: Vec<Vec<ndarray::Array1<f64>>> = traj.states.values().cloned().collect();
            try_states(
                format!("the state of {}", form.label),
                form.roles,
                states,
                &mapping,
            );
        }
    }
    match matched {
        Some((label, roles)) => {
            let map: Vec<String> = roles.iter().map(|(s, r)| format!("{s} as {r}")).collect();
            Verdict {
                status: Status::Verified,
                reason: format!(
                    "a recurrence for {state}: it reproduces {label}{} over {} steps of a random input sequence",
                    if map.is_empty() {
                        String::new()
                    } else {
                        format!(" with {}", map.join(", "))
                    },
                    got.len()
                ),
                evidence: json!({
                    "kind": "update-rule", "test": "recurrence run on a random input sequence against reference states",
                    "matched": label, "steps": got.len(), "tolerance": MATCH_TOL,
                }),
            }
        }
        None if averaged => Verdict {
            status: Status::Refuted,
            reason: "the note presents this recurrence as a moving average, but it reproduces no exponential moving average (nor any reference optimizer's state) under any assignment of its hyperparameters".into(),
            evidence: json!({"kind": "update-rule", "test": "recurrence run on a random input sequence against reference states", "expected": "exponential moving average"}),
        },
        None => Verdict::unchecked(
            "a recurrence that reproduces none of the reference optimizers' states",
        ),
    }
}
