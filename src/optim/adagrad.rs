//! AdaGrad: per-component step sizes from the running sum of squared gradients
//! (OPTIMIZERS.md §2).
//!
//! r_0 = `initial_accumulator` ≥ 0 (torch 0, optax/Keras 0.1); r_k = r_{k−1} + g_k² for k ≥ 1;
//! θ_k = θ_{k−1} − α g_k / (√r_k + ε) with ε `outside` (torch) or / √(r_k + ε) `inside`
//! (optax, Keras). No bias correction. A component whose denominator is 0 takes a zero step.
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, RootEps, StateVars, Transform, chain, safe_div};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};

/// u ↦ u / (√r + ε) or u / √(r + ε) after r ← r + u² (optax's `scale_by_rss`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByRss {
    /// r_0, the same for every component.
    pub initial_accumulator: f64,
    /// ε ≥ 0.
    pub eps: f64,
    /// Outside or inside the square root.
    pub placement: RootEps,
}

/// State of [`ScaleByRss`]: r_k, recorded as `accumulator`.
#[derive(Debug, Clone, PartialEq)]
pub struct RssState {
    /// r_k = r_0 + Σ_{i ≤ k} g_i².
    pub accumulator: Array1<f64>,
}

impl StateVars for RssState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit("accumulator", self.accumulator.view());
    }
}

impl Transform for ScaleByRss {
    type State = RssState;

    fn init(&self, dim: usize) -> RssState {
        RssState {
            accumulator: Array1::from_elem(dim, self.initial_accumulator),
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut RssState) {
        let eps = self.eps;
        let acc = &mut state.accumulator;
        match self.placement {
            RootEps::Outside => rss_kernel(updates, acc, |r| r.sqrt() + eps),
            RootEps::Inside => rss_kernel(updates, acc, |r| (r + eps).sqrt()),
        }
    }
}

#[inline]
fn rss_kernel(updates: ArrayViewMut1<'_, f64>, acc: &mut Array1<f64>, den: impl Fn(f64) -> f64) {
    Zip::from(updates).and(acc).for_each(|u, r| {
        *r += *u * *u;
        *u = safe_div(*u, den(*r));
    });
}

/// AdaGrad: `chain(ScaleByRss, ScaleByLr(α))`.
pub fn adagrad(lr: LearningRate, rss: ScaleByRss) -> Chain<ScaleByRss, ScaleByLr> {
    chain(rss, ScaleByLr { lr })
}
