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
use crate::optim::{
    self, AdagradConfig, AdamConfig, EpsPlacement, LearningRate, MomentumConfig, MomentumForm,
    NesterovConfig, NesterovForm, OptimizerConfig, OptimizerKind, RmspropConfig, SgdConfig,
};
use crate::verify::Verdict;
use crate::verify::compare::rel_error;
use crate::verify::program::{
    DIM, Gradient, Initial, Program, RULE_STEPS, RunSetup, hyper_values, random_vector, start_index,
};
use crate::verify::symbols_used::uses_all;
use crate::verify::verdict::Status;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

/// Tolerance of a trajectory match (relative, per component).
const MATCH_TOL: f64 = 1e-9;

/// A role a hyperparameter plays in a reference optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lr,
    Decay,
    Decay2,
    Eps,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Lr => "step size",
            Role::Decay => "decay",
            Role::Decay2 => "second decay",
            Role::Eps => "ε",
        }
    }
}

/// One reference form: its kind, a label, the roles it needs and how to
/// build its configuration from role values.
struct Form {
    kind: OptimizerKind,
    label: &'static str,
    roles: &'static [Role],
    build: fn(&BTreeMap<&'static str, f64>) -> OptimizerConfig,
}

fn v(values: &BTreeMap<&'static str, f64>, role: Role) -> f64 {
    values.get(role.name()).copied().unwrap_or(0.0)
}

fn forms() -> Vec<Form> {
    use Role::*;
    let eps_forms = |kind| -> Vec<(EpsPlacement, &'static str)> {
        match kind {
            OptimizerKind::Adam => vec![
                (EpsPlacement::Outside, "ε outside the root"),
                (EpsPlacement::Inside, "ε inside the root"),
                (EpsPlacement::Hat, "Keras ε-hat form"),
            ],
            _ => vec![
                (EpsPlacement::Outside, "ε outside the root"),
                (EpsPlacement::Inside, "ε inside the root"),
            ],
        }
    };
    let _ = eps_forms;
    vec![
        Form {
            kind: OptimizerKind::Sgd,
            label: "SGD",
            roles: &[Lr],
            build: |m| {
                OptimizerConfig::Sgd(SgdConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                })
            },
        },
        Form {
            kind: OptimizerKind::Momentum,
            label: "momentum (velocity form)",
            roles: &[Lr, Decay],
            build: |m| {
                OptimizerConfig::Momentum(MomentumConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    momentum: v(m, Role::Decay),
                    momentum_form: MomentumForm::Velocity,
                })
            },
        },
        Form {
            kind: OptimizerKind::Nesterov,
            label: "Nesterov (look-ahead gradient, θ reported)",
            roles: &[Lr, Decay],
            build: |m| {
                OptimizerConfig::Nesterov(NesterovConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    momentum: v(m, Role::Decay),
                    nesterov_form: NesterovForm::Lookahead,
                    momentum_form: MomentumForm::Velocity,
                })
            },
        },
        Form {
            kind: OptimizerKind::Nesterov,
            label: "Nesterov (stored look-ahead point, as PyTorch)",
            roles: &[Lr, Decay],
            build: |m| {
                OptimizerConfig::Nesterov(NesterovConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    momentum: v(m, Role::Decay),
                    nesterov_form: NesterovForm::Stored,
                    momentum_form: MomentumForm::Velocity,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adagrad,
            label: "AdaGrad (ε outside the root)",
            roles: &[Lr, Eps],
            build: |m| {
                OptimizerConfig::Adagrad(AdagradConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Outside,
                    initial_accumulator: 0.0,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adagrad,
            label: "AdaGrad (ε inside the root)",
            roles: &[Lr, Eps],
            build: |m| {
                OptimizerConfig::Adagrad(AdagradConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Inside,
                    initial_accumulator: 0.0,
                })
            },
        },
        Form {
            kind: OptimizerKind::Rmsprop,
            label: "RMSProp (ε outside the root)",
            roles: &[Lr, Decay, Eps],
            build: |m| {
                OptimizerConfig::Rmsprop(RmspropConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    decay: v(m, Role::Decay),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Outside,
                    bias_correction: false,
                })
            },
        },
        Form {
            kind: OptimizerKind::Rmsprop,
            label: "RMSProp (ε inside the root)",
            roles: &[Lr, Decay, Eps],
            build: |m| {
                OptimizerConfig::Rmsprop(RmspropConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    decay: v(m, Role::Decay),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Inside,
                    bias_correction: false,
                })
            },
        },
        Form {
            kind: OptimizerKind::Rmsprop,
            label: "RMSProp with bias correction (ε outside)",
            roles: &[Lr, Decay, Eps],
            build: |m| {
                OptimizerConfig::Rmsprop(RmspropConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    decay: v(m, Role::Decay),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Outside,
                    bias_correction: true,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adam,
            label: "Adam (bias-corrected, ε outside the root)",
            roles: &[Lr, Decay, Decay2, Eps],
            build: |m| {
                OptimizerConfig::Adam(AdamConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    beta1: v(m, Role::Decay),
                    beta2: v(m, Role::Decay2),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Outside,
                    bias_correction: true,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adam,
            label: "Adam (bias-corrected, ε inside the root)",
            roles: &[Lr, Decay, Decay2, Eps],
            build: |m| {
                OptimizerConfig::Adam(AdamConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    beta1: v(m, Role::Decay),
                    beta2: v(m, Role::Decay2),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Inside,
                    bias_correction: true,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adam,
            label: "Adam (Keras ε-hat form)",
            roles: &[Lr, Decay, Decay2, Eps],
            build: |m| {
                OptimizerConfig::Adam(AdamConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    beta1: v(m, Role::Decay),
                    beta2: v(m, Role::Decay2),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Hat,
                    bias_correction: true,
                })
            },
        },
        Form {
            kind: OptimizerKind::Adam,
            label: "Adam without bias correction",
            roles: &[Lr, Decay, Decay2, Eps],
            build: |m| {
                OptimizerConfig::Adam(AdamConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    beta1: v(m, Role::Decay),
                    beta2: v(m, Role::Decay2),
                    eps: v(m, Role::Eps),
                    eps_placement: EpsPlacement::Outside,
                    bias_correction: false,
                })
            },
        },
    ]
}

/// Every injective assignment of `symbols` to `roles` that uses every
/// symbol; ε may be left out (then 0).
fn mappings(symbols: usize, required: usize, roles: &[Role]) -> Vec<Vec<Option<usize>>> {
    fn go(
        i: usize,
        roles: &[Role],
        symbols: usize,
        used: &mut Vec<bool>,
        cur: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
        required: usize,
    ) {
        if i == roles.len() {
            if used[..required].iter().all(|u| *u) {
                out.push(cur.clone());
            }
            return;
        }
        for s in 0..symbols {
            if !used[s] {
                used[s] = true;
                cur.push(Some(s));
                go(i + 1, roles, symbols, used, cur, out, required);
                cur.pop();
                used[s] = false;
            }
        }
        if roles[i] == Role::Eps {
            cur.push(None);
            go(i + 1, roles, symbols, used, cur, out, required);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(
        0,
        roles,
        symbols,
        &mut vec![false; symbols],
        &mut Vec::new(),
        &mut out,
        required,
    );
    out
}

/// A successful or best match.
struct Match {
    label: &'static str,
    kind: OptimizerKind,
    mapping: Vec<(String, &'static str)>,
    steps: usize,
    error: f64,
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
) -> Verdict {
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
    let stateful = program.carried().iter().any(|c| c != param);
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
    };
    let record = match program.run(&setup, |_, _, _| {}) {
        Ok(r) => r,
        Err(e) => return Verdict::unchecked(format!("cannot run the rule: {e}")),
    };
    let Ok(objective) = Quadratic::diagonal(h).and_then(|q| q.with_linear(b)) else {
        return Verdict::unchecked("internal: objective");
    };
    let mut matches: Vec<Match> = Vec::new();
    let mut best_named: Option<Match> = None;
    for form in forms() {
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
            let reference = traj.params();
            let mut error = 0.0f64;
            for (got, want) in record.params[1..=steps].iter().zip(&reference[1..=steps]) {
                let want = Value::Vector(want.clone());
                error = error.max(rel_error(got, &want).unwrap_or(f64::INFINITY));
            }
            let m = Match {
                label: form.label,
                kind: form.kind,
                mapping: shown,
                steps,
                error,
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
        return Verdict {
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
                "matched": all, "steps": first.steps, "worst_error": first.error, "tolerance": MATCH_TOL,
                "roles": first.mapping.iter().map(|(s, r)| json!({"symbol": s, "role": r})).collect::<Vec<_>>(),
            }),
        };
    }
    match best_named {
        Some(m) => Verdict {
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
        None => Verdict::unchecked(
            "an update rule that matches none of the reference optimizers, and the note does not say which it is",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_use_every_symbol_and_may_drop_eps() {
        assert_eq!(mappings(2, 2, &[Role::Lr, Role::Decay]).len(), 2);
        assert_eq!(mappings(1, 1, &[Role::Lr, Role::Eps]).len(), 1);
        assert_eq!(
            mappings(3, 3, &[Role::Lr, Role::Decay, Role::Decay2, Role::Eps]).len(),
            6
        );
        // A fixed constant may fill a role but need not.
        assert_eq!(mappings(2, 1, &[Role::Lr]).len(), 1);
    }
}
