//! The reference forms an update rule is compared with: every optimizer of
//! [`crate::optim`] in each of its conventions (ε placement, bias
//! correction, Nesterov's stored point), the hyperparameter roles each
//! needs, and the injective mappings of a rule's symbols to those roles.
use crate::optim::{
    AdagradConfig, AdamConfig, AdamaxConfig, EpsPlacement, LearningRate, MomentumConfig,
    MomentumForm, NesterovConfig, NesterovForm, OptimizerConfig, OptimizerKind, RmspropConfig,
    SgdConfig,
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

/// Values of roles by [`Role::name`].
pub(crate) type RoleValues = BTreeMap<&'static str, f64>;

/// One reference form: its kind, a label, the roles it needs and how to
/// build its configuration from role values.
pub(crate) struct Form {
    /// Which optimizer.
    pub(crate) kind: OptimizerKind,
    /// The form as a report names it.
    pub(crate) label: &'static str,
    /// The roles its configuration needs.
    pub(crate) roles: &'static [Role],
    /// Its configuration from role values.
    pub(crate) build: Box<dyn Fn(&RoleValues) -> OptimizerConfig>,
}

/// The value of `role` in `values`, 0 when absent.
pub(crate) fn v(values: &RoleValues, role: Role) -> f64 {
    values.get(role.name()).copied().unwrap_or(0.0)
}

fn lr(values: &RoleValues) -> LearningRate {
    LearningRate::Constant(v(values, Role::Lr))
}

fn form(
    kind: OptimizerKind,
    label: &'static str,
    roles: &'static [Role],
    build: impl Fn(&RoleValues) -> OptimizerConfig + 'static,
) -> Form {
    Form {
        kind,
        label,
        roles,
        build: Box::new(build),
    }
}

/// Every reference form, SGD first.
pub(crate) fn forms() -> Vec<Form> {
    use OptimizerKind as O;
    use Role::*;
    let momentum = |label, momentum_form| {
        form(O::Momentum, label, &[Lr, Decay], move |m| {
            OptimizerConfig::Momentum(MomentumConfig {
                lr: lr(m),
                momentum: v(m, Decay),
                momentum_form,
            })
        })
    };
    let nesterov = |label, nesterov_form| {
        form(O::Nesterov, label, &[Lr, Decay], move |m| {
            OptimizerConfig::Nesterov(NesterovConfig {
                lr: lr(m),
                momentum: v(m, Decay),
                nesterov_form,
                momentum_form: MomentumForm::Velocity,
            })
        })
    };
    let adagrad = |label, eps_placement| {
        form(O::Adagrad, label, &[Lr, Eps], move |m| {
            OptimizerConfig::Adagrad(AdagradConfig {
                lr: lr(m),
                eps: v(m, Eps),
                eps_placement,
                initial_accumulator: 0.0,
            })
        })
    };
    let rmsprop = |label, eps_placement, bias_correction| {
        form(O::Rmsprop, label, &[Lr, Decay, Eps], move |m| {
            OptimizerConfig::Rmsprop(RmspropConfig {
                lr: lr(m),
                decay: v(m, Decay),
                eps: v(m, Eps),
                eps_placement,
                bias_correction,
            })
        })
    };
    let adam = |label, eps_placement, bias_correction| {
        form(O::Adam, label, &[Lr, Decay, Decay2, Eps], move |m| {
            OptimizerConfig::Adam(AdamConfig {
                lr: lr(m),
                beta1: v(m, Decay),
                beta2: v(m, Decay2),
                eps: v(m, Eps),
                eps_placement,
                bias_correction,
            })
        })
    };
    use EpsPlacement::{Hat, Inside, Outside};
    vec![
        form(O::Sgd, "SGD", &[Lr], |m| {
            OptimizerConfig::Sgd(SgdConfig { lr: lr(m) })
        }),
        momentum("momentum (velocity form)", MomentumForm::Velocity),
        momentum(
            "momentum (buffer form, as PyTorch and optax)",
            MomentumForm::Buffer,
        ),
        // b_k = ρ b_{k−1} + (1−ρ) g_k, θ_k = θ_{k−1} − α b_k: PyTorch's SGD
        // with dampening = momentum, the form many courses teach; it is the
        // buffer form with step size α(1−ρ).
        form(
            O::Momentum,
            "momentum (averaged form: (1−ρ) g, PyTorch dampening = momentum)",
            &[Lr, Decay],
            |m| {
                OptimizerConfig::Momentum(MomentumConfig {
                    lr: LearningRate::Constant(v(m, Lr) * (1.0 - v(m, Decay))),
                    momentum: v(m, Decay),
                    momentum_form: MomentumForm::Buffer,
                })
            },
        ),
        nesterov(
            "Nesterov (look-ahead gradient, θ reported)",
            NesterovForm::Lookahead,
        ),
        nesterov(
            "Nesterov (stored look-ahead point, as PyTorch)",
            NesterovForm::Stored,
        ),
        adagrad("AdaGrad (ε outside the root)", Outside),
        adagrad("AdaGrad (ε inside the root)", Inside),
        rmsprop("RMSProp (ε outside the root)", Outside, false),
        rmsprop("RMSProp (ε inside the root)", Inside, false),
        rmsprop("RMSProp with bias correction (ε outside)", Outside, true),
        adam("Adam (bias-corrected, ε outside the root)", Outside, true),
        adam("Adam (bias-corrected, ε inside the root)", Inside, true),
        adam("Adam (Keras ε-hat form)", Hat, true),
        adam("Adam without bias correction", Outside, false),
        // The ε-free paper form first: a rule without ε is reported as
        // the paper's, and one with ε cannot use it (every symbol needs a role).
        form(
            O::Adamax,
            "Adamax (paper, no ε)",
            &[Lr, Decay, Decay2],
            |m| {
                OptimizerConfig::Adamax(AdamaxConfig {
                    lr: lr(m),
                    beta1: v(m, Decay),
                    beta2: v(m, Decay2),
                    eps: 0.0,
                })
            },
        ),
        form(
            O::Adamax,
            "Adamax (PyTorch, ε inside the max)",
            &[Lr, Decay, Decay2, Eps],
            |m| {
                OptimizerConfig::Adamax(AdamaxConfig {
                    lr: lr(m),
                    beta1: v(m, Decay),
                    beta2: v(m, Decay2),
                    eps: v(m, Eps),
                })
            },
        ),
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

/// Where the form labelled `label` puts ε, for the adaptive optimizers;
/// `None` for a label of a form without ε (or unknown).
pub(crate) fn eps_placement_of(label: &str) -> Option<EpsPlacement> {
    let form = forms().into_iter().find(|f| f.label == label)?;
    match (form.build)(&RoleValues::new()) {
        OptimizerConfig::Adagrad(c) => Some(c.eps_placement),
        OptimizerConfig::Rmsprop(c) => Some(c.eps_placement),
        OptimizerConfig::Adam(c) => Some(c.eps_placement),
        _ => None,
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
