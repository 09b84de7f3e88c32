//! The pass/fail rule for comparing trajectories (OPTIMIZERS.md §6).
//!
//! Per component, pass iff |got − want| ≤ atol + rtol·|want| with rtol = 1e-10 and
//! atol = 1e-12 · max(1, max |want| over the whole trajectory); the report carries the worst
//! relative error |got − want| / max(|want|, atol).
use ndarray::Array1;

/// Relative tolerance, 1e-10.
pub const RTOL: f64 = 1e-10;
/// Absolute tolerance per unit of trajectory scale, 1e-12.
pub const ATOL_SCALE: f64 = 1e-12;

/// The outcome of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Every component within tolerance (and the shapes agree).
    pub pass: bool,
    /// The worst |got − want| / max(|want|, atol) (infinite on a shape mismatch or NaN).
    pub worst_rel_error: f64,
    /// Where the worst error is: (point index, component).
    pub worst_at: Option<(usize, usize)>,
}

/// Compares two trajectories (or any sequences of vectors) under the §6 rule.
pub fn compare(got: &[Array1<f64>], want: &[Array1<f64>]) -> Comparison {
    let mismatch = Comparison {
        pass: false,
        worst_rel_error: f64::INFINITY,
        worst_at: None,
    };
    if got.len() != want.len() || got.iter().zip(want).any(|(g, w)| g.len() != w.len()) {
        return mismatch;
    }
    let scale = want
        .iter()
        .flat_map(|w| w.iter())
        .fold(1.0_f64, |m, v| m.max(v.abs()));
    let atol = ATOL_SCALE * scale;
    let mut result = Comparison {
        pass: true,
        worst_rel_error: 0.0,
        worst_at: None,
    };
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        for (j, (&g, &w)) in g.iter().zip(w).enumerate() {
            let diff = (g - w).abs();
            let ok = diff <= atol + RTOL * w.abs();
            let rel = if diff.is_nan() {
                f64::INFINITY
            } else {
                diff / w.abs().max(atol)
            };
            if !ok {
                result.pass = false;
            }
            if rel > result.worst_rel_error || (!ok && result.worst_at.is_none()) {
                result.worst_rel_error = rel;
                result.worst_at = Some((i, j));
            }
        }
    }
    result
}

/// [`compare`] for scalar sequences (losses).
pub fn compare_scalars(got: &[f64], want: &[f64]) -> Comparison {
    let wrap = |v: &[f64]| v.iter().map(|&x| Array1::from(vec![x])).collect::<Vec<_>>();
    compare(&wrap(got), &wrap(want))
}
