//! Library defaults (OPTIMIZERS.md §5): what torch 2.15.0, optax 0.2.8 and Keras 3.15.1 use when
//! a hyperparameter is not given. The checker compares "default" facts in notes against
//! [`library_defaults`]; the CLI's unset flags take the [`torch`] values.
//!
//! Every entry names its library and the version it was read from, the library's own parameter
//! name, and the value in canonical terms (ε placement `outside`/`inside`/`hat`, EMA init
//! `zero`/`first`).
use serde::Serialize;

/// torch 2.15.0 defaults used for unset `verideck simulate` flags.
pub mod torch {
    /// The version the values were read from.
    pub const VERSION: &str = "2.15.0";
    /// `torch.optim.SGD(lr=1e-3)`.
    pub const SGD_LR: f64 = 1e-3;
    /// `torch.optim.SGD(momentum=0)`.
    pub const SGD_MOMENTUM: f64 = 0.0;
    /// `torch.optim.Adagrad(lr=1e-2)`.
    pub const ADAGRAD_LR: f64 = 1e-2;
    /// `torch.optim.Adagrad(eps=1e-10)`, added outside the square root.
    pub const ADAGRAD_EPS: f64 = 1e-10;
    /// `torch.optim.Adagrad(initial_accumulator_value=0)`.
    pub const ADAGRAD_INITIAL_ACCUMULATOR: f64 = 0.0;
    /// `torch.optim.Adagrad(lr_decay=0)`.
    pub const ADAGRAD_LR_DECAY: f64 = 0.0;
    /// `torch.optim.RMSprop(lr=1e-2)`.
    pub const RMSPROP_LR: f64 = 1e-2;
    /// `torch.optim.RMSprop(alpha=0.99)`: the decay ρ, not a step size.
    pub const RMSPROP_DECAY: f64 = 0.99;
    /// `torch.optim.RMSprop(eps=1e-8)`, outside the square root.
    pub const RMSPROP_EPS: f64 = 1e-8;
    /// `torch.optim.Adam(lr=1e-3)`.
    pub const ADAM_LR: f64 = 1e-3;
    /// `torch.optim.Adam(betas=(0.9, _))`.
    pub const ADAM_BETA1: f64 = 0.9;
    /// `torch.optim.Adam(betas=(_, 0.999))`.
    pub const ADAM_BETA2: f64 = 0.999;
    /// `torch.optim.Adam(eps=1e-8)`, outside the square root of the corrected r̂.
    pub const ADAM_EPS: f64 = 1e-8;
    /// `torch.optim.Adamax(lr=2e-3)`.
    pub const ADAMAX_LR: f64 = 2e-3;
    /// `torch.optim.Adamax(betas=(0.9, _))`.
    pub const ADAMAX_BETA1: f64 = 0.9;
    /// `torch.optim.Adamax(betas=(_, 0.999))`.
    pub const ADAMAX_BETA2: f64 = 0.999;
    /// `torch.optim.Adamax(eps=1e-8)`, added to |g| inside the maximum.
    pub const ADAMAX_EPS: f64 = 1e-8;
    /// `torch.optim.swa_utils.get_ema_avg_fn(decay=0.999)`.
    pub const EMA_DECAY: f64 = 0.999;
}

/// Momentum verideck uses for its `momentum` and `nesterov` optimizers when `--momentum` is
/// unset. Not a torch default: torch's `SGD(momentum=0)` makes `momentum` plain SGD and rejects
/// `nesterov=True`; 0.9 is the value of common use (and optax's/Keras's examples).
pub const MOMENTUM_WHEN_UNSET: f64 = 0.9;

/// A library whose defaults are tabulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Library {
    /// PyTorch 2.15.0 (`torch.optim`, `torch.optim.swa_utils`).
    Torch,
    /// optax 0.2.8.
    Optax,
    /// Keras 3.15.1 (`keras.optimizers`).
    Keras,
}

impl Library {
    /// The version the table was read from.
    pub const fn version(self) -> &'static str {
        match self {
            Library::Torch => torch::VERSION,
            Library::Optax => "0.2.8",
            Library::Keras => "3.15.1",
        }
    }
}

/// A default value, in canonical terms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultValue {
    /// A number.
    Number(f64),
    /// A boolean switch.
    Bool(bool),
    /// A named convention (`outside`, `inside`, `hat`, `first`, `zero`, `none`).
    Name(&'static str),
    /// The library has no default: the argument is required.
    Required,
}

/// One row of the table: `library` `optimizer`'s `hyperparameter` defaults to `value`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LibraryDefault {
    /// Which library.
    pub library: Library,
    /// The version the value was read from.
    pub version: &'static str,
    /// Canonical optimizer name: `sgd`, `adagrad`, `rmsprop`, `adam`, `adamax`, `ema`, …
    pub optimizer: &'static str,
    /// Canonical hyperparameter: `lr`, `momentum`, `dampening`, `nesterov`, `eps`,
    /// `eps_placement`, `initial_accumulator`, `lr_decay`, `decay`, `beta1`, `beta2`,
    /// `eps_root`, `bias_correction`, `centered`, `ema_init`, `ema_debias`.
    pub hyperparameter: &'static str,
    /// The library's own argument name.
    pub library_name: &'static str,
    /// The default.
    pub value: DefaultValue,
}

const fn row(
    library: Library,
    optimizer: &'static str,
    hyperparameter: &'static str,
    library_name: &'static str,
    value: DefaultValue,
) -> LibraryDefault {
    LibraryDefault {
        library,
        version: library.version(),
        optimizer,
        hyperparameter,
        library_name,
        value,
    }
}

use DefaultValue::{Bool, Name, Number as Num, Required};
use Library::{Keras, Optax, Torch};

static TABLE: &[LibraryDefault] = &[
    // SGD (momentum and Nesterov are switches of SGD in all three libraries).
    row(Torch, "sgd", "lr", "lr", Num(torch::SGD_LR)),
    row(
        Torch,
        "sgd",
        "momentum",
        "momentum",
        Num(torch::SGD_MOMENTUM),
    ),
    row(Torch, "sgd", "dampening", "dampening", Num(0.0)),
    row(Torch, "sgd", "nesterov", "nesterov", Bool(false)),
    row(Optax, "sgd", "lr", "learning_rate", Required),
    row(Optax, "sgd", "momentum", "momentum", Name("none")),
    row(Optax, "sgd", "nesterov", "nesterov", Bool(false)),
    row(Keras, "sgd", "lr", "learning_rate", Num(0.01)),
    row(Keras, "sgd", "momentum", "momentum", Num(0.0)),
    row(Keras, "sgd", "nesterov", "nesterov", Bool(false)),
    // AdaGrad
    row(Torch, "adagrad", "lr", "lr", Num(torch::ADAGRAD_LR)),
    row(Torch, "adagrad", "eps", "eps", Num(torch::ADAGRAD_EPS)),
    row(Torch, "adagrad", "eps_placement", "eps", Name("outside")),
    row(
        Torch,
        "adagrad",
        "initial_accumulator",
        "initial_accumulator_value",
        Num(0.0),
    ),
    row(
        Torch,
        "adagrad",
        "lr_decay",
        "lr_decay",
        Num(torch::ADAGRAD_LR_DECAY),
    ),
    row(Optax, "adagrad", "lr", "learning_rate", Required),
    row(Optax, "adagrad", "eps", "eps", Num(1e-7)),
    row(Optax, "adagrad", "eps_placement", "eps", Name("inside")),
    row(
        Optax,
        "adagrad",
        "initial_accumulator",
        "initial_accumulator_value",
        Num(0.1),
    ),
    row(Keras, "adagrad", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "adagrad", "eps", "epsilon", Num(1e-7)),
    row(Keras, "adagrad", "eps_placement", "epsilon", Name("inside")),
    row(
        Keras,
        "adagrad",
        "initial_accumulator",
        "initial_accumulator_value",
        Num(0.1),
    ),
    // RMSProp
    row(Torch, "rmsprop", "lr", "lr", Num(torch::RMSPROP_LR)),
    row(
        Torch,
        "rmsprop",
        "decay",
        "alpha",
        Num(torch::RMSPROP_DECAY),
    ),
    row(Torch, "rmsprop", "eps", "eps", Num(torch::RMSPROP_EPS)),
    row(Torch, "rmsprop", "eps_placement", "eps", Name("outside")),
    row(Torch, "rmsprop", "centered", "centered", Bool(false)),
    row(Torch, "rmsprop", "bias_correction", "-", Bool(false)),
    row(Optax, "rmsprop", "lr", "learning_rate", Required),
    row(Optax, "rmsprop", "decay", "decay", Num(0.9)),
    row(Optax, "rmsprop", "eps", "eps", Num(1e-8)),
    row(
        Optax,
        "rmsprop",
        "eps_placement",
        "eps_in_sqrt",
        Name("inside"),
    ),
    row(Optax, "rmsprop", "centered", "centered", Bool(false)),
    row(Optax, "rmsprop", "momentum", "momentum", Name("none")),
    row(
        Optax,
        "rmsprop",
        "bias_correction",
        "bias_correction",
        Bool(false),
    ),
    row(Keras, "rmsprop", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "rmsprop", "decay", "rho", Num(0.9)),
    row(Keras, "rmsprop", "eps", "epsilon", Num(1e-7)),
    row(Keras, "rmsprop", "eps_placement", "epsilon", Name("inside")),
    row(Keras, "rmsprop", "centered", "centered", Bool(false)),
    row(Keras, "rmsprop", "momentum", "momentum", Num(0.0)),
    row(Keras, "rmsprop", "bias_correction", "-", Bool(false)),
    // Adam
    row(Torch, "adam", "lr", "lr", Num(torch::ADAM_LR)),
    row(Torch, "adam", "beta1", "betas[0]", Num(torch::ADAM_BETA1)),
    row(Torch, "adam", "beta2", "betas[1]", Num(torch::ADAM_BETA2)),
    row(Torch, "adam", "eps", "eps", Num(torch::ADAM_EPS)),
    row(Torch, "adam", "eps_placement", "eps", Name("outside")),
    row(Optax, "adam", "lr", "learning_rate", Required),
    row(Optax, "adam", "beta1", "b1", Num(0.9)),
    row(Optax, "adam", "beta2", "b2", Num(0.999)),
    row(Optax, "adam", "eps", "eps", Num(1e-8)),
    row(Optax, "adam", "eps_placement", "eps", Name("outside")),
    row(Optax, "adam", "eps_root", "eps_root", Num(0.0)),
    row(Keras, "adam", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "adam", "beta1", "beta_1", Num(0.9)),
    row(Keras, "adam", "beta2", "beta_2", Num(0.999)),
    row(Keras, "adam", "eps", "epsilon", Num(1e-7)),
    row(Keras, "adam", "eps_placement", "epsilon", Name("hat")),
    // Weight decay of the classes above (L2 added to the gradient in torch).
    row(Torch, "sgd", "weight_decay", "weight_decay", Num(0.0)),
    row(Torch, "adagrad", "weight_decay", "weight_decay", Num(0.0)),
    row(Torch, "rmsprop", "weight_decay", "weight_decay", Num(0.0)),
    row(Torch, "rmsprop", "momentum", "momentum", Num(0.0)),
    row(Torch, "adam", "weight_decay", "weight_decay", Num(0.0)),
    // AdamW (decoupled weight decay).
    row(Torch, "adamw", "lr", "lr", Num(1e-3)),
    row(Torch, "adamw", "beta1", "betas[0]", Num(0.9)),
    row(Torch, "adamw", "beta2", "betas[1]", Num(0.999)),
    row(Torch, "adamw", "eps", "eps", Num(1e-8)),
    row(Torch, "adamw", "weight_decay", "weight_decay", Num(1e-2)),
    row(Optax, "adamw", "lr", "learning_rate", Required),
    row(Optax, "adamw", "beta1", "b1", Num(0.9)),
    row(Optax, "adamw", "beta2", "b2", Num(0.999)),
    row(Optax, "adamw", "eps", "eps", Num(1e-8)),
    row(Optax, "adamw", "weight_decay", "weight_decay", Num(1e-4)),
    row(Keras, "adamw", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "adamw", "beta1", "beta_1", Num(0.9)),
    row(Keras, "adamw", "beta2", "beta_2", Num(0.999)),
    row(Keras, "adamw", "eps", "epsilon", Num(1e-7)),
    row(Keras, "adamw", "weight_decay", "weight_decay", Num(0.004)),
    // Adamax.
    row(Torch, "adamax", "lr", "lr", Num(torch::ADAMAX_LR)),
    row(
        Torch,
        "adamax",
        "beta1",
        "betas[0]",
        Num(torch::ADAMAX_BETA1),
    ),
    row(
        Torch,
        "adamax",
        "beta2",
        "betas[1]",
        Num(torch::ADAMAX_BETA2),
    ),
    row(Torch, "adamax", "eps", "eps", Num(torch::ADAMAX_EPS)),
    row(Torch, "adamax", "weight_decay", "weight_decay", Num(0.0)),
    row(Keras, "adamax", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "adamax", "beta1", "beta_1", Num(0.9)),
    row(Keras, "adamax", "beta2", "beta_2", Num(0.999)),
    row(Keras, "adamax", "eps", "epsilon", Num(1e-7)),
    // NAdam.
    row(Torch, "nadam", "lr", "lr", Num(2e-3)),
    row(Torch, "nadam", "beta1", "betas[0]", Num(0.9)),
    row(Torch, "nadam", "beta2", "betas[1]", Num(0.999)),
    row(Torch, "nadam", "eps", "eps", Num(1e-8)),
    row(Torch, "nadam", "weight_decay", "weight_decay", Num(0.0)),
    row(
        Torch,
        "nadam",
        "momentum_decay",
        "momentum_decay",
        Num(4e-3),
    ),
    row(Keras, "nadam", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "nadam", "beta1", "beta_1", Num(0.9)),
    row(Keras, "nadam", "beta2", "beta_2", Num(0.999)),
    row(Keras, "nadam", "eps", "epsilon", Num(1e-7)),
    // Adadelta (its decay ρ is `rho`).
    row(Torch, "adadelta", "lr", "lr", Num(1.0)),
    row(Torch, "adadelta", "decay", "rho", Num(0.9)),
    row(Torch, "adadelta", "eps", "eps", Num(1e-6)),
    row(Torch, "adadelta", "weight_decay", "weight_decay", Num(0.0)),
    row(Keras, "adadelta", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "adadelta", "decay", "rho", Num(0.95)),
    row(Keras, "adadelta", "eps", "epsilon", Num(1e-7)),
    // Lion.
    row(Optax, "lion", "lr", "learning_rate", Required),
    row(Optax, "lion", "beta1", "b1", Num(0.9)),
    row(Optax, "lion", "beta2", "b2", Num(0.99)),
    row(Optax, "lion", "weight_decay", "weight_decay", Num(1e-3)),
    row(Keras, "lion", "lr", "learning_rate", Num(1e-3)),
    row(Keras, "lion", "beta1", "beta_1", Num(0.9)),
    row(Keras, "lion", "beta2", "beta_2", Num(0.99)),
    // EMA
    row(Torch, "ema", "decay", "decay", Num(torch::EMA_DECAY)),
    row(Torch, "ema", "ema_init", "-", Name("first")),
    row(Optax, "ema", "decay", "decay", Required),
    row(Optax, "ema", "ema_init", "-", Name("zero")),
    row(Optax, "ema", "ema_debias", "debias", Bool(true)),
    row(Keras, "ema", "decay", "ema_momentum", Num(0.99)),
    row(Keras, "ema", "ema_init", "-", Name("first")),
];

/// The whole table, grouped by optimizer, then library.
pub fn library_defaults() -> &'static [LibraryDefault] {
    TABLE
}

/// The default of `library`'s `optimizer` for `hyperparameter` (canonical names), if tabulated.
pub fn lookup(library: Library, optimizer: &str, hyperparameter: &str) -> Option<DefaultValue> {
    TABLE
        .iter()
        .find(|r| {
            r.library == library && r.optimizer == optimizer && r.hyperparameter == hyperparameter
        })
        .map(|r| r.value)
}
