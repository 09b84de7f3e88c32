//! Heavy-ball momentum as a trace link, in both of its forms (OPTIMIZERS.md §2).
//!
//! [`Trace`] keeps t_k = ρ t_{k−1} + u_k (t_0 = 0) and outputs t_k (optax's `trace`). Where it
//! sits in the chain decides which textbook quantity it is:
//! - velocity form, `chain(ScaleByLr, Trace)`: u_k = −α_k g_k, so t = s with
//!   s_k = ρ s_{k−1} − α_k g_k and θ_k = θ_{k−1} + s_k (the notes' `s`, Keras's `m`);
//! - buffer form, `chain(Trace, ScaleByLr)`: t = b with b_k = ρ b_{k−1} + g_k and
//!   θ_k = θ_{k−1} − α_k b_k (torch's `momentum_buffer`, dampening 0; optax's `trace`).
//!
//! For a constant α the two give the same θ (s_k = −α b_k by induction); under a schedule the
//! buffer form rescales the whole history by the current α_k.
use crate::optim::sgd::{LearningRate, ScaleByLr};
use crate::optim::transform::{Chain, StateVars, Transform, chain};
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};
use serde::Serialize;

/// Which quantity the momentum state holds: `velocity` s (default) or torch's `buffer` b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum MomentumForm {
    /// s_k = ρ s_{k−1} − α_k g_k, θ_k = θ_{k−1} + s_k.
    #[default]
    Velocity,
    /// b_k = ρ b_{k−1} + g_k, θ_k = θ_{k−1} − α_k b_k.
    Buffer,
}

impl MomentumForm {
    /// The state variable's name in records: `velocity` or `buffer`.
    pub fn var_name(self) -> &'static str {
        match self {
            MomentumForm::Velocity => "velocity",
            MomentumForm::Buffer => "buffer",
        }
    }
}

/// t_k = ρ t_{k−1} + u_k with t_0 = 0; outputs t_k. `name` labels t in records.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// ρ, the momentum.
    pub decay: f64,
    /// The name t is recorded under (`velocity` or `buffer`).
    pub name: &'static str,
}

/// State of a trace link: t_k and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceState {
    /// t_k after k updates.
    pub trace: Array1<f64>,
    /// The record name.
    pub name: &'static str,
}

impl StateVars for TraceState {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        visit(self.name, self.trace.view());
    }
}

impl Transform for Trace {
    type State = TraceState;

    fn init(&self, dim: usize) -> TraceState {
        TraceState {
            trace: Array1::zeros(dim),
            name: self.name,
        }
    }

    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut TraceState) {
        trace_update(self.decay, updates, &mut state.trace);
    }
}

/// t ← ρ t + u, then u ← t, per component.
pub(crate) fn trace_update(rho: f64, updates: ArrayViewMut1<'_, f64>, trace: &mut Array1<f64>) {
    Zip::from(updates).and(trace).for_each(|u, t| {
        *t = rho * *t + *u;
        *u = *t;
    });
}

/// Momentum in velocity form: `chain(ScaleByLr(α), Trace(ρ))`, state `velocity` = s.
pub fn momentum_velocity(lr: LearningRate, rho: f64) -> Chain<ScaleByLr, Trace> {
    let trace = Trace {
        decay: rho,
        name: MomentumForm::Velocity.var_name(),
    };
    chain(ScaleByLr { lr }, trace)
}

/// Momentum in torch's buffer form: `chain(Trace(ρ), ScaleByLr(α))`, state `buffer` = b.
pub fn momentum_buffer(lr: LearningRate, rho: f64) -> Chain<Trace, ScaleByLr> {
    let trace = Trace {
        decay: rho,
        name: MomentumForm::Buffer.var_name(),
    };
    chain(trace, ScaleByLr { lr })
}
