//! The exponentially weighted moving average, as a transform over a series x_1, x_2, …
//! (OPTIMIZERS.md §2 EMA, I9).
//!
//! - `zero` init: v_0 = 0, v_t = β v_{t−1} + (1−β) x_t, so v_t = Σ_{i=1}^{t} (1−β) β^{t−i} x_i and
//!   the weights sum to 1 − β^t; `debias` outputs v̂_t = v_t / (1 − β^t) (optax `ema`, default).
//! - `first` init: w_1 = x_1, w_t = β w_{t−1} + (1−β) x_t for t ≥ 2 (torch `AveragedModel`,
//!   Keras `use_ema`); equal to `zero` started from v_0 = x_1, i.e. w_t = v_t + β^t x_1.
//!
//! Steps count from t = 1. The same recursion gives Adam's and RMSProp's moments ([`ewma`]).
use crate::optim::transform::{StateVars, Transform, power};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};
use serde::Serialize;

/// β p + (1 − β) x: one step of an exponentially weighted average.
#[inline]
pub fn ewma(prev: f64, x: f64, decay: f64) -> f64 {
    decay * prev + (1.0 - decay) * x
}

/// How the average starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmaInit {
    /// v_0 = 0.
    #[default]
    Zero,
    /// w_1 = x_1 (the average of one value is that value).
    First,
}

/// EMA with decay β, init `init`, and (zero init only) debiasing v̂_t = v_t / (1 − β^t).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ema {
    /// β ∈ [0, 1).
    pub decay: f64,
    /// `zero` or `first`.
    pub init: EmaInit,
    /// Output v̂_t instead of v_t (meaningful with `zero` only; rejected with `first` by
    /// [`ema_series`]).
    pub debias: bool,
}

/// State of [`Ema`]: the average (recorded as `ema`) and the step count t.
#[derive(Debug, Clone, PartialEq)]
pub struct EmaState {
    /// v_t (undebiased).
    pub ema: Array1<f64>,
    /// t, the number of values absorbed.
    pub count: u64,
}

impl StateVars for EmaState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit("ema", self.ema.view());
    }
}

impl Transform for Ema {
    type State = EmaState;

    fn init(&self, dim: usize) -> EmaState {
        EmaState {
            ema: Array1::zeros(dim),
            count: 0,
        }
    }

    fn update(&self, mut updates: ArrayViewMut1<'_, f64>, state: &mut EmaState) {
        state.count += 1;
        if self.init == EmaInit::First && state.count == 1 {
            state.ema.assign(&updates);
        } else {
            let beta = self.decay;
            Zip::from(&mut state.ema)
                .and(&updates)
                .for_each(|v, &x| *v = ewma(*v, x, beta));
        }
        let scale = if self.debias {
            1.0 - power(self.decay, state.count)
        } else {
            1.0
        };
        Zip::from(&mut updates)
            .and(&state.ema)
            .for_each(|u, &v| *u = v / scale);
    }
}

/// Why an EMA cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EmaError {
    /// β outside [0, 1) or not finite.
    #[error("EMA decay must be in [0, 1), got {0}")]
    Decay(f64),
    /// Debiasing a first-value start.
    #[error("EMA debiasing applies to the zero start only")]
    DebiasFirst,
    /// Inputs of different lengths, or a non-finite input.
    #[error("EMA input x_{index}: {what}")]
    Input {
        /// 1-based index t of the offending value.
        index: usize,
        /// What is wrong with it.
        what: String,
    },
}

/// The averages of x_1 … x_n: entry t−1 is v_t (or v̂_t, or w_t). The inputs must share one
/// dimension and be finite.
pub fn ema_series(ema: &Ema, xs: &[Array1<f64>]) -> Result<Vec<Array1<f64>>, EmaError> {
    if !(0.0..1.0).contains(&ema.decay) {
        return Err(EmaError::Decay(ema.decay));
    }
    if ema.debias && ema.init == EmaInit::First {
        return Err(EmaError::DebiasFirst);
    }
    let dim = xs.first().map_or(0, Array1::len);
    let mut state = ema.init(dim);
    let mut out = Vec::with_capacity(xs.len());
    for (i, x) in xs.iter().enumerate() {
        if x.len() != dim {
            let what = format!("dimension {} differs from x_1's {dim}", x.len());
            return Err(EmaError::Input { index: i + 1, what });
        }
        if !x.iter().all(|v| v.is_finite()) {
            let what = "non-finite component".to_string();
            return Err(EmaError::Input { index: i + 1, what });
        }
        let mut u = x.clone();
        ema.update(u.view_mut(), &mut state);
        out.push(u);
    }
    Ok(out)
}
