//! Nesterov momentum in its two forms (OPTIMIZERS.md §2, I10).
//!
//! Both forms share the gradient g_k = ∇R(θ_{k−1} + ρ s_{k−1}) and the velocity
//! s_k = ρ s_{k−1} − α g_k (s_0 = 0); they differ in the point they keep:
//! - look-ahead (the notes): the parameters are θ, θ_k = θ_{k−1} + s_k, and the gradient is taken
//!   at the look-ahead point φ_{k−1} = θ_{k−1} + ρ s_{k−1} ([`LookaheadTrace`]);
//! - stored (torch, optax, Keras): the parameters are φ, φ_0 = θ_0, the gradient is taken at φ
//!   itself and φ_k = φ_{k−1} + ρ s_k − α g_k ([`NesterovTrace`], optax's `trace(nesterov=True)`).
//!
//! φ_k = θ_k + ρ s_k at every k. With torch's buffer scaling b = −s/α the stored update reads
//! b_k = ρ b_{k−1} + g_k, φ_k = φ_{k−1} − α (g_k + ρ b_k).
use crate::optim::momentum::{MomentumForm, TraceState, trace_update};
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, Transform, chain};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};
use serde::Serialize;

/// Which point Nesterov reports as its parameters: θ (`lookahead`, default) or the libraries' φ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NesterovForm {
    /// Parameters θ; gradient at θ + ρ s.
    #[default]
    Lookahead,
    /// Parameters φ = θ + ρ s, as the libraries store them; gradient at φ.
    Stored,
}

/// Velocity trace whose next gradient is taken at the look-ahead point θ + ρ t.
///
/// t_k = ρ t_{k−1} + u_k, outputs t_k; placed after [`ScaleByLr`] it is the velocity s.
#[derive(Debug, Clone, PartialEq)]
pub struct LookaheadTrace {
    /// ρ, the momentum.
    pub decay: f64,
}

impl Transform for LookaheadTrace {
    type State = TraceState;

    fn init(&self, dim: usize) -> TraceState {
        TraceState {
            trace: Array1::zeros(dim),
            name: MomentumForm::Velocity.var_name(),
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut TraceState) {
        trace_update(self.decay, updates, &mut state.trace);
    }

    fn lookahead<'s>(&self, state: &'s TraceState) -> Option<(f64, ArrayView1<'s, f64>)> {
        Some((self.decay, state.trace.view()))
    }
}

/// Nesterov trace of the stored form: t_k = ρ t_{k−1} + u_k (t_0 = 0), outputs ρ t_k + u_k.
#[derive(Debug, Clone, PartialEq)]
pub struct NesterovTrace {
    /// ρ, the momentum.
    pub decay: f64,
    /// The name t is recorded under (`velocity` or `buffer`).
    pub name: &'static str,
}

impl Transform for NesterovTrace {
    type State = TraceState;

    fn init(&self, dim: usize) -> TraceState {
        TraceState {
            trace: Array1::zeros(dim),
            name: self.name,
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut TraceState) {
        let rho = self.decay;
        Zip::from(updates).and(&mut state.trace).for_each(|u, t| {
            *t = rho * *t + *u;
            *u += rho * *t;
        });
    }
}

/// Look-ahead Nesterov: `chain(ScaleByLr(α), LookaheadTrace(ρ))`, parameters θ, state `velocity`.
pub fn nesterov_lookahead(lr: LearningRate, rho: f64) -> Chain<ScaleByLr, LookaheadTrace> {
    chain(ScaleByLr { lr }, LookaheadTrace { decay: rho })
}

/// Stored Nesterov, velocity scaling: `chain(ScaleByLr(α), NesterovTrace(ρ))`, parameters φ,
/// state `velocity` = s.
pub fn nesterov_stored_velocity(lr: LearningRate, rho: f64) -> Chain<ScaleByLr, NesterovTrace> {
    let trace = NesterovTrace {
        decay: rho,
        name: MomentumForm::Velocity.var_name(),
    };
    chain(ScaleByLr { lr }, trace)
}

/// Stored Nesterov, torch/optax buffer scaling: `chain(NesterovTrace(ρ), ScaleByLr(α))`,
/// parameters φ, state `buffer` = b.
pub fn nesterov_stored_buffer(lr: LearningRate, rho: f64) -> Chain<NesterovTrace, ScaleByLr> {
    let trace = NesterovTrace {
        decay: rho,
        name: MomentumForm::Buffer.var_name(),
    };
    chain(trace, ScaleByLr { lr })
}
