//! The reference forms an update rule is compared with: every optimizer of
//! [`crate::optim`] in each of its conventions (ε placement, bias
//! correction, Nesterov's stored point), the hyperparameter roles each
//! needs, and the injective mappings of a rule's symbols to those roles.
use crate::optim::{
    AdagradConfig, AdamConfig, EpsPlacement, LearningRate, MomentumConfig, MomentumForm,
    NesterovConfig, NesterovForm, OptimizerConfig, OptimizerKind, RmspropConfig, SgdConfig,
};
use std::collections::BTreeMap;

/// Tolerance of a trajectory match (relative, per component).
pub(crate) const MATCH_TOL: f64 = 1e-9;

/// A role a hyperparameter plays in a reference optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Lr,
    Decay,
    Decay2,
    Eps,
}

impl Role {
    /// How the role is named in reports.
    pub(crate) fn name(self) -> &'static str {
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
pub(crate) struct Form {
    /// Which optimizer.
    pub(crate) kind: OptimizerKind,
    /// The form as a report names it.
    pub(crate) label: &'static str,
    /// The roles its configuration needs.
    pub(crate) roles: &'static [Role],
    /// Its configuration from role values (by [`Role::name`]).
    pub(crate) build: fn(&BTreeMap<&'static str, f64>) -> OptimizerConfig,
}

/// The value of `role` in `values`, 0 when absent.
pub(crate) fn v(values: &BTreeMap<&'static str, f64>, role: Role) -> f64 {
    values.get(role.name()).copied().unwrap_or(0.0)
}

/// Every reference form, SGD first.
pub(crate) fn forms() -> Vec<Form> {
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
            kind: OptimizerKind::Momentum,
            label: "momentum (buffer form, as PyTorch and optax)",
            roles: &[Lr, Decay],
            build: |m| {
                OptimizerConfig::Momentum(MomentumConfig {
                    lr: LearningRate::Constant(v(m, Role::Lr)),
                    momentum: v(m, Role::Decay),
                    momentum_form: MomentumForm::Buffer,
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
pub(crate) fn mappings(symbols: usize, required: usize, roles: &[Role]) -> Vec<Vec<Option<usize>>> {
    mappings_with(symbols, required, roles, |r| r == Role::Eps)
}

/// Like [`mappings`], with `optional` saying which roles may stay
/// unassigned (for a state that does not depend on the step size, every
/// role may).
pub(crate) fn mappings_with(
    symbols: usize,
    required: usize,
    roles: &[Role],
    optional: impl Fn(Role) -> bool + Copy,
) -> Vec<Vec<Option<usize>>> {
    #[allow(clippy::too_many_arguments)]
    fn go(
        i: usize,
        roles: &[Role],
        symbols: usize,
        used: &mut Vec<bool>,
        cur: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
        required: usize,
        optional: impl Fn(Role) -> bool + Copy,
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
                go(i + 1, roles, symbols, used, cur, out, required, optional);
                cur.pop();
                used[s] = false;
            }
        }
        if optional(roles[i]) {
            cur.push(None);
            go(i + 1, roles, symbols, used, cur, out, required, optional);
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
        optional,
    );
    out
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
