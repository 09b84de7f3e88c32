//! RMSProp: steps scaled by a decaying mean of squared gradients (OPTIMIZERS.md §2, I7).
//!
//! r_0 = 0; r_k = ρ r_{k−1} + (1−ρ) g_k² for k ≥ 1 (ρ is torch's `alpha`, optax's `decay`,
//! Keras's `rho`); r̂_k = r_k / (1 − ρ^k) if bias-corrected (off by default, as in every library),
//! else r̂_k = r_k; θ_k = θ_{k−1} − α g_k / (√r̂_k + ε) (`outside`, torch) or / √(r̂_k + ε)
//! (`inside`, optax `eps_in_sqrt`, Keras). Uncorrected, the first step is about 1/√(1−ρ) times the
//! corrected one. Centered RMSProp and RMSProp with momentum are not implemented.
use crate::optim::ema::ewma;
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, RootEps, StateVars, Transform, chain, power, safe_div};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};

/// u ↦ u / (√r̂ + ε) or u / √(r̂ + ε) after r ← ρ r + (1−ρ) u² (optax's `scale_by_rms`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByRms {
    /// ρ ∈ [0, 1).
    pub decay: f64,
    /// ε ≥ 0.
    pub eps: f64,
    /// Outside or inside the square root.
    pub placement: RootEps,
    /// Divide r_k by 1 − ρ^k before the square root.
    pub bias_correction: bool,
}

/// State of [`ScaleByRms`]: r_k (recorded as `v`) and the step count k.
#[derive(Debug, Clone, PartialEq)]
pub struct RmsState {
    /// r_k, the uncorrected mean square.
    pub v: Array1<f64>,
    /// k, the number of updates so far.
    pub count: u64,
}

impl StateVars for RmsState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit("v", self.v.view());
    }
}

impl Transform for ScaleByRms {
    type State = RmsState;

    fn init(&self, dim: usize) -> RmsState {
        RmsState {
            v: Array1::zeros(dim),
            count: 0,
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut RmsState) {
        state.count += 1;
        // 1/(1 − ρ^k), once per step (exactly 1 when uncorrected).
        let inv = if self.bias_correction {
            1.0 / (1.0 - power(self.decay, state.count))
        } else {
            1.0
        };
        let (rho, eps, v) = (self.decay, self.eps, &mut state.v);
        match self.placement {
            RootEps::Outside => rms_kernel(updates, v, rho, |r| (r * inv).sqrt() + eps),
            RootEps::Inside => rms_kernel(updates, v, rho, |r| (r * inv + eps).sqrt()),
        }
    }
}

#[inline]
fn rms_kernel(
    updates: ArrayViewMut1<'_, f64>,
    v: &mut Array1<f64>,
    rho: f64,
    den: impl Fn(f64) -> f64,
) {
    Zip::from(updates).and(v).for_each(|u, r| {
        *r = ewma(*r, *u * *u, rho);
        *u = safe_div(*u, den(*r));
    });
}

/// RMSProp: `chain(ScaleByRms, ScaleByLr(α))`.
pub fn rmsprop(lr: LearningRate, rms: ScaleByRms) -> Chain<ScaleByRms, ScaleByLr> {
    chain(rms, ScaleByLr { lr })
}
