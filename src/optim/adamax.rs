//! Adamax: Adam with the second moment replaced by an exponentially weighted infinity norm
//! (Kingma & Ba 2015, §7.1; `torch.optim.Adamax`).
//!
//! Index base as everywhere (OPTIMIZERS.md §1): s_0 = u_0 = 0 and the first update is k = 1. For
//! k ≥ 1, s_k = ρ1 s_{k−1} + (1−ρ1) g_k (recorded as `m`) and u_k = max(ρ2 u_{k−1}, |g_k| + ε)
//! (recorded as `u`); only the first moment is bias-corrected, and the step, with the sign applied
//! by [`ScaleByLr`], is θ_k = θ_{k−1} − α s_k / ((1−ρ1^k) u_k). ε sits inside the maximum, as in
//! torch; the paper's form has no ε (ε = 0: u_k = max(ρ2 u_{k−1}, |g_k|)). A component whose u_k is
//! 0 (ε = 0 and no gradient yet) takes a zero step.
use crate::optim::ema::ewma;
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, StateVars, Transform, chain, power, safe_div};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};

/// u ↦ ŝ / u_k after updating the first moment s and the infinity norm u (optax's
/// `scale_by_adamax`, with torch's ε inside the maximum).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdamax {
    /// ρ1 ∈ [0, 1), decay of the first moment.
    pub beta1: f64,
    /// ρ2 ∈ [0, 1), decay of the infinity norm.
    pub beta2: f64,
    /// ε ≥ 0, added to |g_k| inside the maximum (0 in the paper).
    pub eps: f64,
}

/// State of [`ScaleByAdamax`]: the uncorrected first moment, the infinity norm and the step
/// count k.
#[derive(Debug, Clone, PartialEq)]
pub struct AdamaxState {
    /// s_k, first moment (recorded as `m`).
    pub m: Array1<f64>,
    /// u_k, exponentially weighted infinity norm (recorded as `u`).
    pub u: Array1<f64>,
    /// k, the number of updates so far.
    pub count: u64,
}

impl StateVars for AdamaxState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit("m", self.m.view());
        visit("u", self.u.view());
    }
}

impl Transform for ScaleByAdamax {
    type State = AdamaxState;

    fn init(&self, dim: usize) -> AdamaxState {
        AdamaxState {
            m: Array1::zeros(dim),
            u: Array1::zeros(dim),
            count: 0,
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut AdamaxState) {
        state.count += 1;
        let bc1 = 1.0 - power(self.beta1, state.count);
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        Zip::from(updates)
            .and(&mut state.m)
            .and(&mut state.u)
            .for_each(|x, s, u| {
                let g = *x;
                *s = ewma(*s, g, b1);
                *u = (b2 * *u).max(g.abs() + eps);
                *x = safe_div(*s, bc1 * *u);
            });
    }
}

/// Adamax: `chain(ScaleByAdamax, ScaleByLr(α))`.
pub fn adamax(lr: LearningRate, moments: ScaleByAdamax) -> Chain<ScaleByAdamax, ScaleByLr> {
    chain(moments, ScaleByLr { lr })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::objectives::Quadratic;
    use crate::optim::{AdamaxConfig, OptimizerConfig, OptimizerKind, run};
    use ndarray::array;

    fn two_steps(eps: f64) -> crate::optim::Trajectory {
        let config = OptimizerConfig::Adamax(AdamaxConfig {
            lr: LearningRate::Constant(0.1),
            beta1: 0.9,
            beta2: 0.999,
            eps,
        });
        // ½·2·θ² = θ², so g = 2θ.
        let mut f = Quadratic::diagonal(array![2.0]).unwrap();
        run(&config, &mut f, array![1.0].view(), 2).unwrap()
    }

    fn close(got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 1e-15 * want.abs().max(1.0),
            "got {got:e}, want {want:e}"
        );
    }

    /// f(θ) = θ², θ_0 = 1, α = 0.1, ρ1 = 0.9, ρ2 = 0.999, ε = 1e-8, by hand:
    ///
    /// k = 1: g_1 = 2θ_0 = 2; m_1 = 0.1·2 = 0.2; u_1 = max(0.999·0, 2 + 1e-8) = 2.00000001;
    /// θ_1 = 1 − 0.1·0.2/((1 − 0.9)·2.00000001) = 1 − 0.2/2.00000001 = 0.9000000005 (to 1e-18:
    /// 0.2/2.00000001 = 0.1/(1 + 5e-9) = 0.1 − 5e-10 + 2.5e-18).
    ///
    /// k = 2: g_2 = 2θ_1 = 1.800000001; m_2 = 0.9·0.2 + 0.1·1.800000001 = 0.3600000001;
    /// u_2 = max(0.999·2.00000001, 1.800000001 + 1e-8) = max(1.99800000999, 1.800000011)
    /// = 1.99800000999 (the first gradient is still remembered);
    /// θ_2 = θ_1 − 0.1·0.3600000001/((1 − 0.81)·1.99800000999)
    /// = 0.9000000005 − 0.03600000001/0.3796200018981 = 0.9000000005 − 0.0948316733…
    /// ≈ 0.80516832717.
    #[test]
    fn two_hand_computed_steps_with_eps() {
        let t = two_steps(1e-8);
        assert_eq!(t.optimizer, OptimizerKind::Adamax);
        let theta1 = 1.0 - 0.2 / 2.000_000_01;
        close(t.theta[1][0], theta1);
        assert!((t.theta[1][0] - 0.900_000_000_5).abs() < 1e-15);
        let m = t.state("m").unwrap();
        let u = t.state("u").unwrap();
        close(m[0][0], 0.2);
        close(u[0][0], 2.000_000_01);
        let g2 = 2.0 * theta1;
        close(t.grads[1][0], g2);
        let m2 = 0.9 * 0.2 + 0.1 * g2;
        close(m[1][0], m2);
        close(u[1][0], 0.999 * 2.000_000_01);
        let theta2 = theta1 - 0.1 * m2 / ((1.0 - 0.81) * (0.999 * 2.000_000_01));
        close(t.theta[2][0], theta2);
        assert!((t.theta[2][0] - 0.805_168_327_17).abs() < 1e-11);
    }

    /// The paper's form (ε = 0), same run: u_1 = 2, θ_1 = 1 − 0.2/2 = 0.9; g_2 = 1.8,
    /// m_2 = 0.18 + 0.18 = 0.36, u_2 = max(1.998, 1.8) = 1.998,
    /// θ_2 = 0.9 − 0.036/(0.19·1.998) = 0.9 − 0.036/0.37962 ≈ 0.80516832622; it differs from the
    /// ε = 1e-8 run by about 1e-9, far above rounding.
    #[test]
    fn two_hand_computed_steps_without_eps() {
        let t = two_steps(0.0);
        close(t.theta[1][0], 0.9);
        close(t.state("u").unwrap()[1][0], 1.998);
        close(t.theta[2][0], 0.9 - 0.036 / (0.19 * 1.998));
        assert!((t.theta[2][0] - 0.805_168_326_22).abs() < 1e-11);
        let with_eps = two_steps(1e-8);
        assert!((t.theta[2][0] - with_eps.theta[2][0]).abs() > 5e-10);
    }

    /// u_k takes |g_k| + ε once the gradient outgrows the decayed maximum, and a component with
    /// no gradient and ε = 0 stays put.
    #[test]
    fn the_maximum_switches_and_zero_denominators_step_zero() {
        let s = ScaleByAdamax {
            beta1: 0.5,
            beta2: 0.5,
            eps: 0.0,
        };
        let mut state = s.init(2);
        let mut x = array![1.0, 0.0];
        s.update(x.view_mut(), &mut state);
        assert_eq!(x, array![1.0, 0.0]);
        let mut x = array![-3.0, 0.0];
        s.update(x.view_mut(), &mut state);
        // m = 0.5·0.5 + 0.5·(−3) = −1.25, u = max(0.5, 3) = 3, ŝ = −1.25/0.75.
        assert_eq!(state.u, array![3.0, 0.0]);
        close(x[0], -1.25 / 0.75 / 3.0);
        assert_eq!(x[1], 0.0);
    }
}
