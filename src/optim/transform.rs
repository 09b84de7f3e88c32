//! The composable core, shaped after optax's `GradientTransformation`.
//!
//! A [`Transform`] is a pair `init`/`update` with an explicit state value: `init(d)` builds the
//! state before any update (step count k = 0), and `update` turns the incoming vector `u` in place
//! into the outgoing one while advancing the state by one step (the first call is k = 1). An
//! optimizer is a [`Chain`] of such pieces ending in [`crate::optim::sgd::ScaleByLr`], the only
//! place a minus sign appears; [`apply_updates`] only adds: θ_k = θ_{k−1} + u_k. Every update is
//! in place over ndarray `Zip`s and allocates nothing.
use ndarray::{Array1, ArrayView1, ArrayViewMut1, Zip};
use serde::Serialize;

/// A gradient transformation with explicit state (optax's `init`/`update` pair).
///
/// `update` receives the vector produced by the previous link of the chain (for the first link
/// the gradient g_k) and overwrites it with its own output. The state counts steps from k = 0 at
/// `init`; the first `update` is step k = 1, the same numbering the bias corrections use.
pub trait Transform {
    /// The state carried between steps.
    type State: StateVars;

    /// The state before the first update, for parameters of dimension `dim`.
    fn init(&self, dim: usize) -> Self::State;

    /// Advances `state` by one step and rewrites `updates` in place.
    fn update(&self, updates: ArrayViewMut1<'_, f64>, state: &mut Self::State);

    /// Where the next gradient must be taken, as an offset from the stepped parameters:
    /// `Some((c, v))` means at `params + c·v`. Only Nesterov's look-ahead form uses it
    /// ([`crate::optim::nesterov::LookaheadTrace`]); the default is the parameters themselves.
    fn lookahead<'s>(&self, _state: &'s Self::State) -> Option<(f64, ArrayView1<'s, f64>)> {
        None
    }
}

/// Read access to the named vectors of a state, for recording histories.
pub trait StateVars {
    /// Calls `visit(name, value)` for every vector-valued state variable, in chain order.
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>));
}

impl StateVars for () {
    fn for_each_var(&self, _visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {}
}

impl<A: StateVars, B: StateVars> StateVars for (A, B) {
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        self.0.for_each_var(visit);
        self.1.for_each_var(visit);
    }
}

/// Two transforms applied in sequence, `second ∘ first` (optax's `chain`); its state is the pair
/// of states. Longer chains nest: `chain(a, chain(b, c))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain<A, B> {
    /// Applied first, to the incoming vector.
    pub first: A,
    /// Applied second, to the output of `first`.
    pub second: B,
}

/// Builds the chain `second ∘ first`.
pub fn chain<A: Transform, B: Transform>(first: A, second: B) -> Chain<A, B> {
    Chain { first, second }
}

impl<A: Transform, B: Transform> Transform for Chain<A, B> {
    type State = (A::State, B::State);

    fn init(&self, dim: usize) -> Self::State {
        (self.first.init(dim), self.second.init(dim))
    }

    fn update(&self, mut updates: ArrayViewMut1<'_, f64>, state: &mut Self::State) {
        self.first.update(updates.view_mut(), &mut state.0);
        self.second.update(updates, &mut state.1);
    }

    fn lookahead<'s>(&self, state: &'s Self::State) -> Option<(f64, ArrayView1<'s, f64>)> {
        self.first
            .lookahead(&state.0)
            .or_else(|| self.second.lookahead(&state.1))
    }
}

/// θ ← θ + u, in place. The only way updates reach the parameters; it never negates.
pub fn apply_updates(params: ArrayViewMut1<'_, f64>, updates: ArrayView1<'_, f64>) {
    Zip::from(params)
        .and(updates)
        .for_each(|theta, &u| *theta += u);
}

/// A running optimizer with its type erased: what [`crate::optim::OptimizerConfig::build`]
/// returns and what the runner and the benchmark step.
pub trait Step {
    /// Dimension of the parameters this optimizer was built for.
    fn dim(&self) -> usize;

    /// One step k: u ← g_k, the chain rewrites u, then θ ← θ + u. Allocation-free.
    fn step(&mut self, params: ArrayViewMut1<'_, f64>, grad: ArrayView1<'_, f64>);

    /// Writes into `out` the point where the next gradient must be taken (see
    /// [`Transform::lookahead`]); plain `params` for every optimizer but look-ahead Nesterov.
    fn gradient_point(&self, params: ArrayView1<'_, f64>, out: ArrayViewMut1<'_, f64>);

    /// Visits the named state vectors after the last step.
    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>));
}

/// A transform bundled with its state and one scratch vector for the updates.
#[derive(Debug, Clone)]
pub struct Stateful<T: Transform> {
    /// The transformation (hyperparameters and switches).
    pub transform: T,
    /// Its state after the steps taken so far.
    pub state: T::State,
    scratch: Array1<f64>,
}

impl<T: Transform> Stateful<T> {
    /// `init(dim)` plus a scratch buffer: the only allocations of a run.
    pub fn new(transform: T, dim: usize) -> Self {
        let state = transform.init(dim);
        Self {
            transform,
            state,
            scratch: Array1::zeros(dim),
        }
    }
}

impl<T: Transform> Step for Stateful<T> {
    fn dim(&self) -> usize {
        self.scratch.len()
    }

    fn step(&mut self, params: ArrayViewMut1<'_, f64>, grad: ArrayView1<'_, f64>) {
        self.scratch.assign(&grad);
        self.transform
            .update(self.scratch.view_mut(), &mut self.state);
        apply_updates(params, self.scratch.view());
    }

    fn gradient_point(&self, params: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
        out.assign(&params);
        if let Some((c, v)) = self.transform.lookahead(&self.state) {
            out.scaled_add(c, &v);
        }
    }

    fn for_each_var(&self, visit: &mut dyn FnMut(&'static str, ArrayView1<'_, f64>)) {
        self.state.for_each_var(visit);
    }
}

/// ρ^k for a step count k ≥ 0, in f64 (`powi` below 2³¹, `powf` beyond).
pub fn power(base: f64, k: u64) -> f64 {
    match i32::try_from(k) {
        Ok(k) => base.powi(k),
        Err(_) => base.powf(k as f64),
    }
}

/// `num / den`, except that a zero denominator gives a zero step (OPTIMIZERS.md §2, AdaGrad: a
/// component with ε = 0 and r_k = 0 stays put). Used by every adaptive method.
#[inline]
pub(crate) fn safe_div(num: f64, den: f64) -> f64 {
    // Divide unconditionally, then select: a branch-free form the loops vectorize.
    let quotient = num / den;
    if den == 0.0 { 0.0 } else { quotient }
}

/// Where ε goes in an adaptive step's denominator (the CLI's `--eps-placement`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum EpsPlacement {
    /// g / (√r + ε): torch everywhere, optax Adam's `eps`.
    #[default]
    Outside,
    /// g / √(r + ε): Keras AdaGrad/RMSProp, optax RMSProp `eps_in_sqrt`, optax Adam's `eps_root`.
    Inside,
    /// Keras Adam: α √(1−ρ2^k)/(1−ρ1^k) · s / (√r + ε), ε added to the uncorrected √r. Adam only.
    Hat,
}

/// The two placements that exist for AdaGrad and RMSProp (`hat` is Adam's alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RootEps {
    /// Denominator √r + ε.
    #[default]
    Outside,
    /// Denominator √(r + ε).
    Inside,
}

impl RootEps {
    /// The placement for AdaGrad or RMSProp; `None` for `hat`, which only Adam has.
    pub fn from_placement(placement: EpsPlacement) -> Option<RootEps> {
        match placement {
            EpsPlacement::Outside => Some(RootEps::Outside),
            EpsPlacement::Inside => Some(RootEps::Inside),
            EpsPlacement::Hat => None,
        }
    }
}
