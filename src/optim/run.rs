//! The runner the CLI and the formula checker call: one optimizer, one gradient source, N steps,
//! and the full recorded history.
//!
//! Step counting follows OPTIMIZERS.md §1: θ_0 is given; for k = 1 … N, g_k is taken at the
//! point the optimizer asks for (θ_{k−1}, or φ_{k−1} = θ_{k−1} + ρ s_{k−1} for Nesterov), the state
//! absorbs g_k, and θ_k = θ_{k−1} + Δ_k. Records hold θ_0 … θ_N, for Nesterov also φ_0 … φ_N
//! (φ_k = θ_k + ρ s_k, φ_0 = θ_0), g_1 … g_N, every state variable after steps 1 … N, and the loss at
//! each reported point.
use crate::optim::config::{ConfigError, NesterovConfig, OptimizerConfig, OptimizerKind};
use crate::optim::momentum::MomentumForm;
use crate::optim::nesterov::NesterovForm;
use crate::optim::sgd::LearningRate;
use crate::optim::source::GradientSource;
use crate::optim::transform::Step;
use ndarray::{Array1, ArrayView1};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which point a trajectory reports as "the parameters".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportedPoint {
    /// θ_k (every optimizer; Nesterov's look-ahead form).
    Theta,
    /// φ_k = θ_k + ρ s_k, what the libraries store (Nesterov's stored form).
    Phi,
}

/// The recorded history of a run of N steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The optimizer that ran.
    pub optimizer: OptimizerKind,
    /// Which of `theta`/`phi` [`Trajectory::params`] returns.
    pub reported: ReportedPoint,
    /// θ_0 … θ_N.
    pub theta: Vec<Array1<f64>>,
    /// Nesterov only: φ_0 … φ_N with φ_k = θ_k + ρ s_k (the look-ahead points; φ_{k−1} is where
    /// g_k was taken).
    pub phi: Option<Vec<Array1<f64>>>,
    /// g_1 … g_N, the gradients the optimizer received.
    pub grads: Vec<Array1<f64>>,
    /// Each state variable after steps 1 … N (`velocity`, `buffer`, `accumulator`, `m`, `v`).
    pub states: BTreeMap<String, Vec<Array1<f64>>>,
    /// R at each reported point 0 … N, or `None` without an objective.
    pub loss: Option<Vec<f64>>,
}

impl Trajectory {
    /// The reported points 0 … N: θ, or φ for stored Nesterov.
    pub fn params(&self) -> &[Array1<f64>] {
        match (self.reported, &self.phi) {
            (ReportedPoint::Phi, Some(phi)) => phi,
            _ => &self.theta,
        }
    }

    /// N, the number of steps taken.
    pub fn steps(&self) -> usize {
        self.grads.len()
    }

    /// The history of one state variable (after steps 1 … N).
    pub fn state(&self, name: &str) -> Option<&[Array1<f64>]> {
        self.states.get(name).map(Vec::as_slice)
    }
}

/// Why a run failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A hyperparameter out of range or an impossible switch combination.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// θ_0, the gradients or the schedule do not fit together.
    #[error("{0}")]
    Input(String),
    /// A non-finite gradient, point, state or loss appeared at step `step` (0: at θ_0).
    #[error("diverged at step {step}: {what}")]
    Diverged {
        /// The first step whose values are not finite.
        step: usize,
        /// What became non-finite.
        what: String,
        /// The history up to step − 1.
        partial: Box<Trajectory>,
    },
}

fn finite(v: ArrayView1<'_, f64>) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Runs `config` for `steps` steps from θ_0 = `theta0` on `source`, recording everything.
///
/// Errors: invalid config; `theta0` of the wrong dimension or not finite; more steps than a
/// gradient sequence or a per-step schedule provides; divergence (with the partial history).
pub fn run(
    config: &OptimizerConfig,
    source: &mut dyn GradientSource,
    theta0: ArrayView1<'_, f64>,
    steps: usize,
) -> Result<Trajectory, RunError> {
    let dim = source.dimension();
    let mut opt = config.build(dim)?;
    if theta0.len() != dim {
        return Err(RunError::Input(format!(
            "theta0 has {} components but the gradients have {dim}",
            theta0.len()
        )));
    }
    if !finite(theta0) {
        return Err(RunError::Input("theta0 has a non-finite component".into()));
    }
    if let Some(n) = source.available_steps()
        && steps > n
    {
        return Err(RunError::Input(format!(
            "{steps} steps requested but only {n} gradients given"
        )));
    }
    if let LearningRate::PerStep(v) = config.lr()
        && steps > v.len()
    {
        return Err(RunError::Input(format!(
            "{steps} steps requested but the lr schedule has {} values",
            v.len()
        )));
    }
    let nesterov = match config {
        OptimizerConfig::Nesterov(c) => Some(c),
        _ => None,
    };
    let reported = match nesterov {
        Some(c) if c.nesterov_form == NesterovForm::Stored => ReportedPoint::Phi,
        _ => ReportedPoint::Theta,
    };
    let mut traj = Trajectory {
        optimizer: config.kind(),
        reported,
        theta: vec![theta0.to_owned()],
        phi: nesterov.map(|_| vec![theta0.to_owned()]),
        grads: Vec::with_capacity(steps),
        states: BTreeMap::new(),
        loss: None,
    };
    // Every state variable is listed even when no step is taken.
    opt.for_each_var(&mut |name, _| {
        traj.states
            .insert(name.to_string(), Vec::with_capacity(steps));
    });
    // `p` is the point the optimizer steps: θ, or φ for stored Nesterov.
    let mut p = theta0.to_owned();
    if let Some(l) = source.loss_at(p.view()) {
        if !l.is_finite() {
            return Err(diverged(
                0,
                "the loss at the initial point is not finite".into(),
                traj,
            ));
        }
        traj.loss = Some(vec![l]);
    }
    let mut point = Array1::zeros(dim);
    let mut g = Array1::zeros(dim);
    for k in 1..=steps {
        opt.gradient_point(p.view(), point.view_mut());
        source.gradient_at(k, point.view(), g.view_mut());
        if !finite(g.view()) {
            return Err(diverged(
                k,
                format!("the gradient g_{k} has a non-finite component"),
                traj,
            ));
        }
        opt.step(p.view_mut(), g.view());
        let mut bad_state = None;
        opt.for_each_var(&mut |name, value| {
            if bad_state.is_none() && !finite(value) {
                bad_state = Some(name);
            }
        });
        if let Some(name) = bad_state {
            return Err(diverged(
                k,
                format!("state `{name}` has a non-finite component"),
                traj,
            ));
        }
        if !finite(p.view()) {
            return Err(diverged(
                k,
                "the parameters have a non-finite component".into(),
                traj,
            ));
        }
        let loss = source.loss_at(p.view());
        if loss.is_some_and(|l| !l.is_finite()) {
            return Err(diverged(k, "the loss is not finite".into(), traj));
        }
        // Record step k.
        traj.grads.push(g.clone());
        opt.for_each_var(&mut |name, value| {
            traj.states
                .entry(name.to_string())
                .or_default()
                .push(value.to_owned());
        });
        if let Some(c) = nesterov {
            let companion = companion_point(c, opt.as_ref(), p.view(), k);
            let (theta, phi) = match c.nesterov_form {
                NesterovForm::Lookahead => (p.clone(), companion),
                NesterovForm::Stored => (companion, p.clone()),
            };
            traj.theta.push(theta);
            if let Some(phis) = traj.phi.as_mut() {
                phis.push(phi);
            }
        } else {
            traj.theta.push(p.clone());
        }
        if let (Some(losses), Some(l)) = (traj.loss.as_mut(), loss) {
            losses.push(l);
        }
    }
    Ok(traj)
}

fn diverged(step: usize, what: String, partial: Trajectory) -> RunError {
    RunError::Diverged {
        step,
        what,
        partial: Box::new(partial),
    }
}

/// For Nesterov, the point the optimizer does not step: φ_k = θ_k + ρ s_k from θ_k
/// (look-ahead form), or θ_k = φ_k − ρ s_k from φ_k (stored form). s_k is the velocity, or
/// −α_k b_k for buffer scaling.
fn companion_point(
    c: &NesterovConfig,
    opt: &dyn Step,
    p: ArrayView1<'_, f64>,
    k: usize,
) -> Array1<f64> {
    let name = c.momentum_form.var_name();
    let mut out = p.to_owned();
    let scale = match (c.nesterov_form, c.momentum_form) {
        (NesterovForm::Lookahead, _) => c.momentum,
        (NesterovForm::Stored, MomentumForm::Velocity) => -c.momentum,
        (NesterovForm::Stored, MomentumForm::Buffer) => c.momentum * c.lr.at(k as u64),
    };
    opt.for_each_var(&mut |var, value| {
        if var == name {
            out.scaled_add(scale, &value);
        }
    });
    out
}
