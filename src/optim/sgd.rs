//! Plain gradient descent and the learning-rate link every optimizer ends with.
//!
//! [`ScaleByLr`] maps u ↦ −α_k u: it holds the one minus sign of every chain (optax's
//! `scale_by_learning_rate`), so SGD is the one-link chain θ_k = θ_{k−1} − α_k g_k, step k = 1, 2, ….
use crate::optim::transform::{StateVars, Transform};
use ndarray::{ArrayView1, ArrayViewMut1};
use serde::Serialize;

/// The step size α_k for steps k = 1, 2, … (a constant or a schedule).
///
/// Serialises as a number (constant), an array (explicit per-step values) or an object
/// `{"lr": α, "lr_decay": d}` (torch AdaGrad's α_k = α / (1 + (k−1)·d)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum LearningRate {
    /// α_k = α for every k.
    Constant(f64),
    /// α_k = values[k−1]; a run may not take more steps than there are values.
    PerStep(Vec<f64>),
    /// torch AdaGrad's `lr_decay`: α_k = lr / (1 + (k−1)·lr_decay).
    InverseTime {
        /// α_1.
        lr: f64,
        /// The decay d ≥ 0.
        lr_decay: f64,
    },
}

impl LearningRate {
    /// α_k, for k ≥ 1. Past the end of a `PerStep` schedule it keeps the last value.
    pub fn at(&self, k: u64) -> f64 {
        match self {
            LearningRate::Constant(lr) => *lr,
            LearningRate::PerStep(values) => {
                let i = usize::try_from(k.saturating_sub(1)).unwrap_or(usize::MAX);
                values[i.min(values.len().saturating_sub(1))]
            }
            LearningRate::InverseTime { lr, lr_decay } => lr / (1.0 + (k - 1) as f64 * lr_decay),
        }
    }

    /// Every value the schedule can take: checked to be finite and > 0.
    pub(crate) fn values(&self) -> Vec<f64> {
        match self {
            LearningRate::Constant(lr) | LearningRate::InverseTime { lr, .. } => vec![*lr],
            LearningRate::PerStep(values) => values.clone(),
        }
    }

    /// Whether α_k is the same for every k.
    pub fn is_constant(&self) -> bool {
        match self {
            LearningRate::Constant(_) => true,
            LearningRate::PerStep(v) => v.windows(2).all(|w| w[0] == w[1]),
            LearningRate::InverseTime { lr_decay, .. } => *lr_decay == 0.0,
        }
    }
}

/// u ↦ −α_k u (the sign flip lives here and nowhere else). State: the step count k.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByLr {
    /// α_k.
    pub lr: LearningRate,
}

/// State of [`ScaleByLr`]: how many steps have been taken (0 after `init`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountState {
    /// k, the number of updates so far.
    pub count: u64,
}

impl StateVars for CountState {
    fn for_each_var(&self, _visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {}
}

impl Transform for ScaleByLr {
    type State = CountState;

    fn init(&self, _dim: usize) -> CountState {
        CountState { count: 0 }
    }

    fn update(&self, mut updates: ArrayViewMut1<'_, f64>, state: &mut CountState) {
        state.count += 1;
        let neg_lr = -self.lr.at(state.count);
        updates.mapv_inplace(|u| neg_lr * u);
    }
}

/// SGD, no state: θ_k = θ_{k−1} − α_k g_k.
pub fn sgd(lr: LearningRate) -> ScaleByLr {
    ScaleByLr { lr }
}
