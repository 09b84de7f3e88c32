//! Optimizer configurations: every hyperparameter and convention switch of OPTIMIZERS.md §2,
//! their validation, and [`OptimizerConfig::build`], which assembles the transform chain.
//!
//! `Default` for each config is torch 2.15.0's default ([`crate::optim::defaults::torch`]),
//! except the momentum of the `momentum` and `nesterov` optimizers, which is
//! [`MOMENTUM_WHEN_UNSET`] = 0.9 (torch's 0 would make them SGD). Each config serialises to the
//! `hyperparameters` object of `verideck simulate`.
use crate::optim::adagrad::{ScaleByRss, adagrad};
use crate::optim::adam::{ScaleByAdam, adam};
use crate::optim::adamax::{ScaleByAdamax, adamax};
use crate::optim::defaults::{MOMENTUM_WHEN_UNSET, torch};
use crate::optim::momentum::{MomentumForm, momentum_buffer, momentum_velocity};
use crate::optim::nesterov::{
    NesterovForm, nesterov_lookahead, nesterov_stored_buffer, nesterov_stored_velocity,
};
use crate::optim::rmsprop::{ScaleByRms, rmsprop};
use crate::optim::sgd::{LearningRate, sgd};
use crate::optim::transform::{EpsPlacement, RootEps, Stateful, Step};
use serde::Serialize;
use std::fmt;

/// The seven optimizers of `verideck simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// Gradient descent.
    Sgd,
    /// Heavy-ball momentum.
    Momentum,
    /// Nesterov momentum.
    Nesterov,
    /// AdaGrad.
    Adagrad,
    /// RMSProp.
    Rmsprop,
    /// Adam.
    Adam,
    /// Adamax (Adam with an infinity-norm second moment).
    Adamax,
}

impl OptimizerKind {
    /// How many quantities its update carries from step to step: the
    /// parameter and each state buffer (Adam: θ, m, v; Adamax: θ, m, u).
    pub fn carried_state(self) -> usize {
        match self {
            OptimizerKind::Sgd => 1,
            OptimizerKind::Momentum
            | OptimizerKind::Nesterov
            | OptimizerKind::Adagrad
            | OptimizerKind::Rmsprop => 2,
            OptimizerKind::Adam | OptimizerKind::Adamax => 3,
        }
    }

    /// Every kind, in the order of the enum.
    pub const ALL: [OptimizerKind; 7] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Adagrad,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
        OptimizerKind::Adamax,
    ];

    /// The lowercase name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Adamax => "adamax",
        }
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// SGD: θ_k = θ_{k−1} − α_k g_k.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SgdConfig {
    /// α_k.
    pub lr: LearningRate,
}

/// Momentum (§2): velocity s or buffer b, ρ ∈ [0, 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MomentumConfig {
    /// α_k.
    pub lr: LearningRate,
    /// ρ ∈ [0, 1).
    pub momentum: f64,
    /// `velocity` (default) or `buffer`.
    pub momentum_form: MomentumForm,
}

/// Nesterov (§2): which point is reported, and the scaling of the stored form's state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NesterovConfig {
    /// α_k.
    pub lr: LearningRate,
    /// ρ ∈ [0, 1).
    pub momentum: f64,
    /// `lookahead` (θ, default) or `stored` (φ = θ + ρ s).
    pub nesterov_form: NesterovForm,
    /// `velocity` (default) or `buffer`; `buffer` needs the `stored` form.
    pub momentum_form: MomentumForm,
}

/// AdaGrad (§2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdagradConfig {
    /// α_k (torch's `lr_decay` is [`LearningRate::InverseTime`]).
    pub lr: LearningRate,
    /// ε ≥ 0.
    pub eps: f64,
    /// `outside` or `inside` (`hat` is rejected).
    pub eps_placement: EpsPlacement,
    /// r_0 ≥ 0.
    pub initial_accumulator: f64,
}

/// RMSProp (§2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RmspropConfig {
    /// α_k.
    pub lr: LearningRate,
    /// ρ ∈ [0, 1) (torch `alpha`).
    pub decay: f64,
    /// ε ≥ 0.
    pub eps: f64,
    /// `outside` or `inside` (`hat` is rejected).
    pub eps_placement: EpsPlacement,
    /// r̂_k = r_k/(1−ρ^k) (off by default).
    pub bias_correction: bool,
}

/// Adam (§2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdamConfig {
    /// α_k.
    pub lr: LearningRate,
    /// ρ1 ∈ [0, 1).
    pub beta1: f64,
    /// ρ2 ∈ [0, 1).
    pub beta2: f64,
    /// ε ≥ 0.
    pub eps: f64,
    /// `outside`, `inside` or `hat`.
    pub eps_placement: EpsPlacement,
    /// ŝ, r̂ bias correction (on by default).
    pub bias_correction: bool,
}

/// Adamax (Kingma & Ba 2015, §7.1; `torch.optim.Adamax`): the first moment as Adam's, an
/// infinity norm u_k = max(ρ2 u_{k−1}, |g_k| + ε) in place of the second moment, and only the
/// first moment bias-corrected. ε = 0 gives the paper's form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdamaxConfig {
    /// α_k.
    pub lr: LearningRate,
    /// ρ1 ∈ [0, 1).
    pub beta1: f64,
    /// ρ2 ∈ [0, 1), decay of the infinity norm.
    pub beta2: f64,
    /// ε ≥ 0, inside the maximum.
    pub eps: f64,
}

impl Default for SgdConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::SGD_LR),
        }
    }
}

impl Default for MomentumConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::SGD_LR),
            momentum: MOMENTUM_WHEN_UNSET,
            momentum_form: MomentumForm::Velocity,
        }
    }
}

impl Default for NesterovConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::SGD_LR),
            momentum: MOMENTUM_WHEN_UNSET,
            nesterov_form: NesterovForm::Lookahead,
            momentum_form: MomentumForm::Velocity,
        }
    }
}

impl Default for AdagradConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::ADAGRAD_LR),
            eps: torch::ADAGRAD_EPS,
            eps_placement: EpsPlacement::Outside,
            initial_accumulator: torch::ADAGRAD_INITIAL_ACCUMULATOR,
        }
    }
}

impl Default for RmspropConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::RMSPROP_LR),
            decay: torch::RMSPROP_DECAY,
            eps: torch::RMSPROP_EPS,
            eps_placement: EpsPlacement::Outside,
            bias_correction: false,
        }
    }
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::ADAM_LR),
            beta1: torch::ADAM_BETA1,
            beta2: torch::ADAM_BETA2,
            eps: torch::ADAM_EPS,
            eps_placement: EpsPlacement::Outside,
            bias_correction: true,
        }
    }
}

impl Default for AdamaxConfig {
    fn default() -> Self {
        Self {
            lr: LearningRate::Constant(torch::ADAMAX_LR),
            beta1: torch::ADAMAX_BETA1,
            beta2: torch::ADAMAX_BETA2,
            eps: torch::ADAMAX_EPS,
        }
    }
}

/// One optimizer with all its hyperparameters and switches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OptimizerConfig {
    /// SGD.
    Sgd(SgdConfig),
    /// Momentum.
    Momentum(MomentumConfig),
    /// Nesterov.
    Nesterov(NesterovConfig),
    /// AdaGrad.
    Adagrad(AdagradConfig),
    /// RMSProp.
    Rmsprop(RmspropConfig),
    /// Adam.
    Adam(AdamConfig),
    /// Adamax.
    Adamax(AdamaxConfig),
}

/// A hyperparameter out of its range, or a switch combination that does not exist.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// A value outside its range (or not finite).
    #[error("{name} must be {range}, got {value:?}")]
    OutOfRange {
        /// The hyperparameter (CLI flag name without dashes).
        name: &'static str,
        /// The offending value.
        value: f64,
        /// The allowed range, in words.
        range: &'static str,
    },
    /// A combination of switches that has no definition.
    #[error("{0}")]
    Unsupported(&'static str),
}

fn check(name: &'static str, value: f64, ok: bool, range: &'static str) -> Result<(), ConfigError> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange { name, value, range })
    }
}

fn check_lr(lr: &LearningRate) -> Result<(), ConfigError> {
    if let LearningRate::PerStep(v) = lr
        && v.is_empty()
    {
        return Err(ConfigError::Unsupported(
            "lr: a per-step schedule needs at least one value",
        ));
    }
    for value in lr.values() {
        check("lr", value, value > 0.0, "> 0")?;
    }
    if let LearningRate::InverseTime { lr_decay, .. } = lr {
        check("lr_decay", *lr_decay, *lr_decay >= 0.0, ">= 0")?;
    }
    Ok(())
}

fn check_unit(name: &'static str, value: f64) -> Result<(), ConfigError> {
    check(name, value, (0.0..1.0).contains(&value), "in [0, 1)")
}

fn check_nonneg(name: &'static str, value: f64) -> Result<(), ConfigError> {
    check(name, value, value >= 0.0, ">= 0")
}

fn root_eps(placement: EpsPlacement) -> Result<RootEps, ConfigError> {
    RootEps::from_placement(placement).ok_or(ConfigError::Unsupported(
        "eps-placement hat is Keras's Adam form; AdaGrad and RMSProp take outside or inside",
    ))
}

impl OptimizerConfig {
    /// The defaults of `kind` (see the module docs).
    pub fn default_for(kind: OptimizerKind) -> Self {
        match kind {
            OptimizerKind::Sgd => Self::Sgd(SgdConfig::default()),
            OptimizerKind::Momentum => Self::Momentum(MomentumConfig::default()),
            OptimizerKind::Nesterov => Self::Nesterov(NesterovConfig::default()),
            OptimizerKind::Adagrad => Self::Adagrad(AdagradConfig::default()),
            OptimizerKind::Rmsprop => Self::Rmsprop(RmspropConfig::default()),
            OptimizerKind::Adam => Self::Adam(AdamConfig::default()),
            OptimizerKind::Adamax => Self::Adamax(AdamaxConfig::default()),
        }
    }

    /// Which optimizer this is.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Self::Sgd(_) => OptimizerKind::Sgd,
            Self::Momentum(_) => OptimizerKind::Momentum,
            Self::Nesterov(_) => OptimizerKind::Nesterov,
            Self::Adagrad(_) => OptimizerKind::Adagrad,
            Self::Rmsprop(_) => OptimizerKind::Rmsprop,
            Self::Adam(_) => OptimizerKind::Adam,
            Self::Adamax(_) => OptimizerKind::Adamax,
        }
    }

    /// The step size α_k.
    pub fn lr(&self) -> &LearningRate {
        match self {
            Self::Sgd(c) => &c.lr,
            Self::Momentum(c) => &c.lr,
            Self::Nesterov(c) => &c.lr,
            Self::Adagrad(c) => &c.lr,
            Self::Rmsprop(c) => &c.lr,
            Self::Adam(c) => &c.lr,
            Self::Adamax(c) => &c.lr,
        }
    }

    /// The step size α_k, to replace.
    pub fn lr_mut(&mut self) -> &mut LearningRate {
        match self {
            Self::Sgd(c) => &mut c.lr,
            Self::Momentum(c) => &mut c.lr,
            Self::Nesterov(c) => &mut c.lr,
            Self::Adagrad(c) => &mut c.lr,
            Self::Rmsprop(c) => &mut c.lr,
            Self::Adam(c) => &mut c.lr,
            Self::Adamax(c) => &mut c.lr,
        }
    }

    /// Rejects lr ≤ 0, ρ ∉ [0, 1) (Adam's and Adamax's ρ1, ρ2 too), ε < 0, r_0 < 0, non-finite values, `hat` outside Adam, and
    /// look-ahead Nesterov with buffer scaling (the look-ahead point is defined on s).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_lr(self.lr())?;
        match self {
            Self::Sgd(_) => Ok(()),
            Self::Momentum(c) => check_unit("momentum", c.momentum),
            Self::Nesterov(c) => {
                check_unit("momentum", c.momentum)?;
                if c.nesterov_form == NesterovForm::Lookahead
                    && c.momentum_form == MomentumForm::Buffer
                {
                    return Err(ConfigError::Unsupported(
                        "the look-ahead Nesterov form is defined on the velocity s; \
                         buffer scaling needs nesterov-form stored",
                    ));
                }
                Ok(())
            }
            Self::Adagrad(c) => {
                check_nonneg("eps", c.eps)?;
                check_nonneg("initial-accumulator", c.initial_accumulator)?;
                root_eps(c.eps_placement).map(drop)
            }
            Self::Rmsprop(c) => {
                check_unit("decay", c.decay)?;
                check_nonneg("eps", c.eps)?;
                root_eps(c.eps_placement).map(drop)
            }
            Self::Adam(c) => {
                check_unit("beta1", c.beta1)?;
                check_unit("beta2", c.beta2)?;
                check_nonneg("eps", c.eps)
            }
            Self::Adamax(c) => {
                check_unit("beta1", c.beta1)?;
                check_unit("beta2", c.beta2)?;
                check_nonneg("eps", c.eps)
            }
        }
    }

    /// Validates, then builds the running optimizer (transform chain plus state) for parameters
    /// of dimension `dim`.
    pub fn build(&self, dim: usize) -> Result<Box<dyn Step>, ConfigError> {
        self.validate()?;
        let lr = self.lr().clone();
        Ok(match self {
            Self::Sgd(_) => Box::new(Stateful::new(sgd(lr), dim)),
            Self::Momentum(c) => match c.momentum_form {
                MomentumForm::Velocity => {
                    Box::new(Stateful::new(momentum_velocity(lr, c.momentum), dim))
                }
                MomentumForm::Buffer => {
                    Box::new(Stateful::new(momentum_buffer(lr, c.momentum), dim))
                }
            },
            Self::Nesterov(c) => match (c.nesterov_form, c.momentum_form) {
                (NesterovForm::Lookahead, _) => {
                    Box::new(Stateful::new(nesterov_lookahead(lr, c.momentum), dim))
                }
                (NesterovForm::Stored, MomentumForm::Velocity) => {
                    Box::new(Stateful::new(nesterov_stored_velocity(lr, c.momentum), dim))
                }
                (NesterovForm::Stored, MomentumForm::Buffer) => {
                    Box::new(Stateful::new(nesterov_stored_buffer(lr, c.momentum), dim))
                }
            },
            Self::Adagrad(c) => {
                let rss = ScaleByRss {
                    initial_accumulator: c.initial_accumulator,
                    eps: c.eps,
                    placement: root_eps(c.eps_placement)?,
                };
                Box::new(Stateful::new(adagrad(lr, rss), dim))
            }
            Self::Rmsprop(c) => {
                let rms = ScaleByRms {
                    decay: c.decay,
                    eps: c.eps,
                    placement: root_eps(c.eps_placement)?,
                    bias_correction: c.bias_correction,
                };
                Box::new(Stateful::new(rmsprop(lr, rms), dim))
            }
            Self::Adam(c) => {
                let moments = ScaleByAdam {
                    beta1: c.beta1,
                    beta2: c.beta2,
                    eps: c.eps,
                    placement: c.eps_placement,
                    bias_correction: c.bias_correction,
                };
                Box::new(Stateful::new(adam(lr, moments), dim))
            }
            Self::Adamax(c) => {
                let moments = ScaleByAdamax {
                    beta1: c.beta1,
                    beta2: c.beta2,
                    eps: c.eps,
                };
                Box::new(Stateful::new(adamax(lr, moments), dim))
            }
        })
    }

    /// Every effective hyperparameter as a JSON object (keys sorted).
    pub fn hyperparameters(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
