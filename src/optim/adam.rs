//! Adam: bias-corrected moments of g and g² (OPTIMIZERS.md §2, I5, I6, I8).
//!
//! s_0 = r_0 = 0; for k ≥ 1, s_k = ρ1 s_{k−1} + (1−ρ1) g_k (recorded as `m`) and
//! r_k = ρ2 r_{k−1} + (1−ρ2) g_k² (recorded as `v`); corrected ŝ_k = s_k/(1−ρ1^k),
//! r̂_k = r_k/(1−ρ2^k) (default; ŝ = s, r̂ = r when off). The step, with the sign applied by
//! [`ScaleByLr`]:
//! - `outside` (torch, optax `eps`): θ_k = θ_{k−1} − α ŝ_k / (√r̂_k + ε);
//! - `inside` (optax `eps_root` with `eps = 0`): θ_k = θ_{k−1} − α ŝ_k / √(r̂_k + ε);
//! - `hat` (Keras): θ_k = θ_{k−1} − α √(1−ρ2^k)/(1−ρ1^k) · s_k / (√r_k + ε), i.e. `outside` with
//!   ε_k = ε/√(1−ρ2^k). Without bias correction the factor is 1 and `hat` equals `outside`.
use crate::optim::ema::ewma;
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, EpsPlacement, StateVars, Transform, chain, power, safe_div};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};

/// u ↦ ŝ / (√r̂ + ε) (or the `inside`/`hat` variant) after updating both moments
/// (optax's `scale_by_adam`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdam {
    /// ρ1 ∈ [0, 1), decay of the first moment.
    pub beta1: f64,
    /// ρ2 ∈ [0, 1), decay of the second moment.
    pub beta2: f64,
    /// ε ≥ 0.
    pub eps: f64,
    /// `outside`, `inside` or `hat`.
    pub placement: EpsPlacement,
    /// Divide by 1 − ρ^k (on by default).
    pub bias_correction: bool,
}

/// State of [`ScaleByAdam`]: the uncorrected moments and the step count k.
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    /// s_k, first moment (recorded as `m`).
    pub m: Array1<f64>,
    /// r_k, second moment (recorded as `v`).
    pub v: Array1<f64>,
    /// k, the number of updates so far.
    pub count: u64,
}

impl StateVars for AdamState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit("m", self.m.view());
        visit("v", self.v.view());
    }
}

impl Transform for ScaleByAdam {
    type State = AdamState;

    fn init(&self, dim: usize) -> AdamState {
        AdamState {
            m: Array1::zeros(dim),
            v: Array1::zeros(dim),
            count: 0,
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut AdamState) {
        state.count += 1;
        let (bc1, bc2) = if self.bias_correction {
            let k = state.count;
            (1.0 - power(self.beta1, k), 1.0 - power(self.beta2, k))
        } else {
            (1.0, 1.0)
        };
        // Reciprocals are taken once per step, so the loop multiplies instead of dividing
        // (within an ulp of dividing; exactly 1 when uncorrected).
        let (inv1, inv2) = (1.0 / bc1, 1.0 / bc2);
        let eps = self.eps;
        let (m, v) = (&mut state.m, &mut state.v);
        let (b1, b2) = (self.beta1, self.beta2);
        match self.placement {
            EpsPlacement::Outside => adam_kernel(updates, m, v, b1, b2, |s, r| {
                safe_div(s * inv1, (r * inv2).sqrt() + eps)
            }),
            EpsPlacement::Inside => adam_kernel(updates, m, v, b1, b2, |s, r| {
                safe_div(s * inv1, (r * inv2 + eps).sqrt())
            }),
            EpsPlacement::Hat => {
                let factor = bc2.sqrt() * inv1;
                adam_kernel(updates, m, v, b1, b2, |s, r| {
                    factor * safe_div(s, r.sqrt() + eps)
                })
            }
        }
    }
}

#[inline]
fn adam_kernel(
    updates: ArrayViewMut1<'_, f64>,
    m: &mut Array1<f64>,
    v: &mut Array1<f64>,
    beta1: f64,
    beta2: f64,
    step: impl Fn(f64, f64) -> f64,
) {
    Zip::from(updates).and(m).and(v).for_each(|u, s, r| {
        let g = *u;
        *s = ewma(*s, g, beta1);
        *r = ewma(*r, g * g, beta2);
        *u = step(*s, *r);
    });
}

/// Adam: `chain(ScaleByAdam, ScaleByLr(α))`.
pub fn adam(lr: LearningRate, moments: ScaleByAdam) -> Chain<ScaleByAdam, ScaleByLr> {
    chain(moments, ScaleByLr { lr })
}
