//! Reference optimizers, objectives and the runner behind `verideck simulate` (issue 4).
//!
//! The numerical specification is `OPTIMIZERS.md`. The pieces follow optax: small
//! [`transform::Transform`]s with explicit `init`/`update` state ([`sgd::ScaleByLr`],
//! [`momentum::Trace`], [`nesterov::NesterovTrace`], [`adagrad::ScaleByRss`],
//! [`rmsprop::ScaleByRms`], [`adam::ScaleByAdam`], [`adamax::ScaleByAdamax`], [`ema::Ema`]), composed by
//! [`transform::chain`]; the minus sign lives only in `ScaleByLr`, and updates are applied by
//! adding. Steps count from k = 1; all state starts at k = 0 (s_0 = r_0 = 0 unless configured).
//!
//! The library entry point is [`run()`]: an [`OptimizerConfig`] (every switch of §2), a
//! [`GradientSource`] (an [`objectives::Objective`], [`objectives::Minibatches`] or a
//! [`GradientSequence`]), θ_0 and N, giving a [`Trajectory`] with θ_k, φ_k (Nesterov), g_k and
//! every state variable per step.
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod config;
pub mod defaults;
pub mod ema;
pub mod momentum;
pub mod nesterov;
pub mod objectives;
pub mod rmsprop;
pub mod run;
pub mod sgd;
pub mod source;
pub mod tolerance;
pub mod transform;

pub use config::{
    AdagradConfig, AdamConfig, AdamaxConfig, ConfigError, MomentumConfig, NesterovConfig,
    OptimizerConfig, OptimizerKind, RmspropConfig, SgdConfig,
};
pub use momentum::MomentumForm;
pub use nesterov::NesterovForm;
pub use run::{ReportedPoint, RunError, Trajectory, run};
pub use sgd::LearningRate;
pub use source::{GradientSequence, GradientSource};
pub use transform::{EpsPlacement, Step};
