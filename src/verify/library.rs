//! Facts about library defaults (CLAIMS.md, family 7): "Keras: β₁ = 0.9,
//! β₂ = 0.999", "torch's RMSprop decays with alpha = 0.99", "momentum = 0.9
//! default". A note's claim is compared with the table of OPTIMIZERS.md §5
//! (torch 2.15.0, optax 0.2.8, Keras 3.15.1); every entry cites the library
//! version it was read from.
//!
//! The data itself lives in [`crate::optim::defaults`] (the same table sets
//! `verideck simulate`'s unset flags); this module adds what the checker
//! needs on top of it: recognising a library named in prose
//! (`default_claims::libraries_in`), naming a hyperparameter by its role in the algorithm
//! ([`Role`], so torch's RMSprop `alpha` is a decay and not a step size),
//! looking a default up ([`default_of`]) and turning claimed values into a
//! [`Verdict`] ([`check_defaults`]).
// Nothing calls this yet outside its tests: the checker wires it in when it
// reads library-default facts (issue 5). Remove this once it does.
use crate::optim::OptimizerKind;
pub(crate) use crate::optim::defaults::{DefaultValue, Library};
use crate::optim::defaults::{LibraryDefault, library_defaults};
use crate::verdict::{Status, Verdict};
use serde_json::{Value, json};

/// What a default fact is about: one of the reference optimizers, or the
/// exponential moving average of parameters (which is not an optimizer of
/// its own in any of the three libraries, but has tabulated defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Algorithm {
    /// Plain SGD (`torch.optim.SGD`, `optax.sgd`, `keras.optimizers.SGD`).
    Sgd,
    /// Heavy-ball momentum: the momentum switch of the SGD class.
    Momentum,
    /// Nesterov momentum: the nesterov switch of the SGD class.
    Nesterov,
    /// AdaGrad.
    Adagrad,
    /// RMSProp.
    Rmsprop,
    /// Adam.
    Adam,
    /// EMA of the parameters (torch `swa_utils`, `optax.ema`, Keras `use_ema`).
    Ema,
    /// AdamW (decoupled weight decay).
    AdamW,
    /// Adamax (the infinity-norm variant of Adam).
    Adamax,
    /// NAdam (Adam with Nesterov momentum).
    Nadam,
    /// Adadelta.
    Adadelta,
    /// Lion (sign of an interpolated momentum).
    Lion,
}

impl From<OptimizerKind> for Algorithm {
    fn from(kind: OptimizerKind) -> Self {
        match kind {
            OptimizerKind::Sgd => Algorithm::Sgd,
            OptimizerKind::Momentum => Algorithm::Momentum,
            OptimizerKind::Nesterov => Algorithm::Nesterov,
            OptimizerKind::Adagrad => Algorithm::Adagrad,
            OptimizerKind::Rmsprop => Algorithm::Rmsprop,
            OptimizerKind::Adam => Algorithm::Adam,
            OptimizerKind::Adamax => Algorithm::Adamax,
        }
    }
}

impl Algorithm {
    /// The optimizers the default table has.
    /// (SGD stands for its momentum and Nesterov switches, one table.)
    pub(crate) const TABULATED: [Algorithm; 10] = [
        Algorithm::Sgd,
        Algorithm::Adagrad,
        Algorithm::Rmsprop,
        Algorithm::Adam,
        Algorithm::Ema,
        Algorithm::AdamW,
        Algorithm::Adamax,
        Algorithm::Nadam,
        Algorithm::Adadelta,
        Algorithm::Lion,
    ];

    /// The table's optimizer name: momentum and Nesterov are switches of
    /// the SGD class in all three libraries, so they share its rows.
    fn table_name(self) -> &'static str {
        match self {
            Algorithm::Sgd | Algorithm::Momentum | Algorithm::Nesterov => "sgd",
            Algorithm::Adagrad => "adagrad",
            Algorithm::Rmsprop => "rmsprop",
            Algorithm::Adam => "adam",
            Algorithm::Ema => "ema",
            Algorithm::AdamW => "adamw",
            Algorithm::Adamax => "adamax",
            Algorithm::Nadam => "nadam",
            Algorithm::Adadelta => "adadelta",
            Algorithm::Lion => "lion",
        }
    }

    /// Whether the two are read from the same class of the libraries
    /// (SGD, momentum and Nesterov are switches of one).
    pub(crate) fn same_table(self, other: Algorithm) -> bool {
        self.table_name() == other.table_name()
    }

    /// Lowercase name for evidence.
    fn name(self) -> &'static str {
        match self {
            Algorithm::Sgd => "sgd",
            Algorithm::Momentum => "momentum",
            Algorithm::Nesterov => "nesterov",
            Algorithm::Adagrad => "adagrad",
            Algorithm::Rmsprop => "rmsprop",
            Algorithm::Adam => "adam",
            Algorithm::Ema => "ema",
            Algorithm::AdamW => "adamw",
            Algorithm::Adamax => "adamax",
            Algorithm::Nadam => "nadam",
            Algorithm::Adadelta => "adadelta",
            Algorithm::Lion => "lion",
        }
    }
}

/// The role a hyperparameter plays in the algorithm, whatever the library
/// or the note calls it.
// Switch roles and argument-name lookup serve the table's tests now and a
// reader of `torch.optim.Adam(...)` code lines next.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Role {
    /// Step size α (`lr`, `learning_rate`).
    Lr,
    /// Momentum coefficient ρ of SGD (`momentum`); also RMSProp's momentum
    /// switch, which is off by default.
    Momentum,
    /// Decay of RMSProp's second moment (torch `alpha`, optax `decay`,
    /// Keras `rho`) or of an EMA (`decay`, Keras `ema_momentum`).
    Decay,
    /// Adam's first-moment decay ρ1 (`betas[0]`, `b1`, `beta_1`).
    Beta1,
    /// Adam's second-moment decay ρ2 (`betas[1]`, `b2`, `beta_2`).
    Beta2,
    /// The stabiliser ε (`eps`, `epsilon`).
    Eps,
    /// Where ε goes: `outside` the root, `inside` it, or Keras's `hat`.
    EpsPlacement,
    /// AdaGrad's r_0 (`initial_accumulator_value`).
    InitialAccumulator,
    /// The Nesterov switch of SGD.
    Nesterov,
    /// How an EMA starts: `zero` or `first`.
    EmaInit,
    /// The weight decay coefficient λ (`weight_decay`).
    WeightDecay,
    /// NAdam's momentum decay ψ (`momentum_decay`).
    MomentumDecay,
    /// SGD's dampening τ of the new gradient in the momentum buffer.
    Dampening,
}

impl Role {
    /// Every role, in declaration order.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) const ALL: [Role; 13] = [
        Role::Lr,
        Role::Momentum,
        Role::Decay,
        Role::Beta1,
        Role::Beta2,
        Role::Eps,
        Role::EpsPlacement,
        Role::InitialAccumulator,
        Role::Nesterov,
        Role::EmaInit,
        Role::WeightDecay,
        Role::MomentumDecay,
        Role::Dampening,
    ];

    /// The table's canonical hyperparameter name.
    fn table_name(self) -> &'static str {
        match self {
            Role::Lr => "lr",
            Role::Momentum => "momentum",
            Role::Decay => "decay",
            Role::Beta1 => "beta1",
            Role::Beta2 => "beta2",
            Role::Eps => "eps",
            Role::EpsPlacement => "eps_placement",
            Role::InitialAccumulator => "initial_accumulator",
            Role::Nesterov => "nesterov",
            Role::EmaInit => "ema_init",
            Role::WeightDecay => "weight_decay",
            Role::MomentumDecay => "momentum_decay",
            Role::Dampening => "dampening",
        }
    }
}

/// One tabulated default, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DefaultFact {
    /// The value, or [`DefaultValue::Required`] when the library has none.
    pub(crate) value: DefaultValue,
    /// The library version the value was read from.
    pub(crate) version: &'static str,
    /// The library's callable, e.g. `keras.optimizers.Adam`.
    pub(crate) source: &'static str,
    /// The library's own argument name, e.g. `beta_2` (`-` for a behaviour
    /// without an argument, such as an EMA's start value).
    pub(crate) parameter: &'static str,
}

/// The library's display name in messages.
fn library_label(library: Library) -> &'static str {
    match library {
        Library::Torch => "torch",
        Library::Optax => "optax",
        Library::Keras => "Keras",
    }
}

/// The callable whose defaults `algorithm` uses in `library`.
fn source(library: Library, algorithm: Algorithm) -> &'static str {
    use Algorithm as A;
    use Library as L;
    match (library, algorithm) {
        (L::Torch, A::Sgd | A::Momentum | A::Nesterov) => "torch.optim.SGD",
        (L::Torch, A::Adagrad) => "torch.optim.Adagrad",
        (L::Torch, A::Rmsprop) => "torch.optim.RMSprop",
        (L::Torch, A::Adam) => "torch.optim.Adam",
        (L::Torch, A::Ema) => "torch.optim.swa_utils.get_ema_avg_fn",
        (L::Optax, A::Sgd | A::Momentum | A::Nesterov) => "optax.sgd",
        (L::Optax, A::Adagrad) => "optax.adagrad",
        (L::Optax, A::Rmsprop) => "optax.rmsprop",
        (L::Optax, A::Adam) => "optax.adam",
        (L::Optax, A::Ema) => "optax.ema",
        (L::Keras, A::Sgd | A::Momentum | A::Nesterov) => "keras.optimizers.SGD",
        (L::Keras, A::Adagrad) => "keras.optimizers.Adagrad",
        (L::Keras, A::Rmsprop) => "keras.optimizers.RMSprop",
        (L::Keras, A::Adam) => "keras.optimizers.Adam",
        (L::Keras, A::Ema) => "keras.optimizers.Optimizer(use_ema=True)",
        (L::Torch, A::AdamW) => "torch.optim.AdamW",
        (L::Torch, A::Adamax) => "torch.optim.Adamax",
        (L::Torch, A::Nadam) => "torch.optim.NAdam",
        (L::Torch, A::Adadelta) => "torch.optim.Adadelta",
        (L::Torch, A::Lion) => "torch (no Lion)",
        (L::Optax, A::AdamW) => "optax.adamw",
        (L::Optax, A::Adamax) => "optax.adamax",
        (L::Optax, A::Nadam) => "optax.nadam",
        (L::Optax, A::Adadelta) => "optax.adadelta",
        (L::Optax, A::Lion) => "optax.lion",
        (L::Keras, A::AdamW) => "keras.optimizers.AdamW",
        (L::Keras, A::Adamax) => "keras.optimizers.Adamax",
        (L::Keras, A::Nadam) => "keras.optimizers.Nadam",
        (L::Keras, A::Adadelta) => "keras.optimizers.Adadelta",
        (L::Keras, A::Lion) => "keras.optimizers.Lion",
    }
}

/// The optimizer's name in messages: the last part of the callable
/// (`Adam`, `RMSprop`, `sgd`), or `EMA`.
fn algorithm_label(library: Library, algorithm: Algorithm) -> &'static str {
    if algorithm == Algorithm::Ema {
        return "EMA";
    }
    let source = source(library, algorithm);
    source.rsplit('.').next().unwrap_or(source)
}

/// The table row of `library`'s `algorithm` for `role`.
fn row(library: Library, algorithm: Algorithm, role: Role) -> Option<&'static LibraryDefault> {
    library_defaults().iter().find(|r| {
        r.library == library
            && r.optimizer == algorithm.table_name()
            && r.hyperparameter == role.table_name()
    })
}

/// The default `library` uses for `role` of `algorithm` (an
/// [`OptimizerKind`] converts), or `None` when the table has no such entry
/// (e.g. Adam has no momentum role).
pub(crate) fn default_of(
    library: Library,
    algorithm: impl Into<Algorithm>,
    role: Role,
) -> Option<DefaultFact> {
    let algorithm = algorithm.into();
    row(library, algorithm, role).map(|r| DefaultFact {
        value: r.value,
        version: r.version,
        source: source(library, algorithm),
        parameter: r.library_name,
    })
}

/// The role of an argument the library or a note names (`beta_2`, `b2`,
/// `betas[1]`, torch RMSprop's `alpha`, Keras's `rho`, `lr`, `eps`, …) for
/// `algorithm` in `library`; the canonical names (`beta2`, `decay`, …)
/// are recognised too.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn role_of_parameter(
    library: Library,
    algorithm: impl Into<Algorithm>,
    name: &str,
) -> Option<Role> {
    let algorithm = algorithm.into();
    let name = name.trim();
    let bare = |n: &str| n.replace('_', "").to_ascii_lowercase();
    Role::ALL.into_iter().find(|&role| {
        bare(role.table_name()) == bare(name)
            || row(library, algorithm, role)
                .is_some_and(|r| r.library_name != "-" && r.library_name.eq_ignore_ascii_case(name))
    })
}

/// Whether a claimed value is the tabulated one: numbers equal up to float
/// rounding of the literal (relative 1e-12), switches and names exactly.
/// optax's `momentum=None` means no momentum, which a note writes as 0.
fn matches(expected: DefaultValue, got: DefaultValue) -> bool {
    match (expected, got) {
        (DefaultValue::Number(e), DefaultValue::Number(g)) => {
            e == g || (e - g).abs() <= 1e-12 * e.abs().max(g.abs())
        }
        (DefaultValue::Name("none"), DefaultValue::Number(g)) => g == 0.0,
        (DefaultValue::Name(e), DefaultValue::Name(g)) => e.eq_ignore_ascii_case(g),
        (e, g) => e == g,
    }
}

/// A value as a note would write it: `0.999`, `1e-7`, `false`, `hat`,
/// `required (no default)`.
fn show(value: DefaultValue) -> String {
    match value {
        DefaultValue::Number(x) if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e6) => {
            format!("{x:e}")
        }
        DefaultValue::Number(x) => format!("{x}"),
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Name(n) => n.to_string(),
        DefaultValue::Required => "required (no default)".to_string(),
    }
}

/// The value as JSON evidence.
fn to_json(value: DefaultValue) -> Value {
    match value {
        DefaultValue::Number(x) => json!(x),
        DefaultValue::Bool(b) => json!(b),
        DefaultValue::Name(n) => json!(n),
        DefaultValue::Required => json!("required"),
    }
}

/// Checks claimed defaults of `library`'s `algorithm`: `verified` when every
/// `(role, value)` matches the table, `refuted` at the first mismatch
/// ("Keras 3.15.1 Adam beta_2 default is 0.999, the note says 0.99", with
/// library, version, role, expected and got as evidence), `unchecked` when
/// nothing is claimed or a role has no tabulated default.
pub(crate) fn check_defaults(
    library: Library,
    algorithm: impl Into<Algorithm>,
    claimed: &[(Role, DefaultValue)],
) -> Verdict {
    let algorithm = algorithm.into();
    let lib = library_label(library);
    let alg = algorithm_label(library, algorithm);
    if claimed.is_empty() {
        return Verdict::unchecked(format!("no {lib} {alg} default is claimed"));
    }
    let mut checked = Vec::new();
    let mut untabulated = None;
    for &(role, got) in claimed {
        let Some(fact) = default_of(library, algorithm, role) else {
            untabulated.get_or_insert(role);
            continue;
        };
        let evidence = json!({
            "test": "library-default",
            "library": library,
            "version": fact.version,
            "source": fact.source,
            "optimizer": algorithm.name(),
            "role": role.table_name(),
            "parameter": fact.parameter,
            "expected": to_json(fact.value),
            "got": to_json(got),
        });
        if !matches(fact.value, got) {
            return Verdict {
                status: Status::Refuted,
                reason: format!(
                    "{lib} {} {alg} {} default is {}, the note says {}",
                    fact.version,
                    name_in_message(fact.parameter, role),
                    show(fact.value),
                    show(got)
                ),
                evidence,
            };
        }
        checked.push(evidence);
    }
    if let Some(role) = untabulated {
        return Verdict::unchecked(format!(
            "no tabulated {lib} {} {alg} default for {}",
            library.version(),
            role.table_name()
        ));
    }
    let names: Vec<String> = checked
        .iter()
        .map(|e| {
            format!(
                "{} = {}",
                e["parameter"].as_str().unwrap_or("?"),
                e["expected"]
            )
        })
        .collect();
    Verdict {
        status: Status::Verified,
        reason: format!(
            "{lib} {} {alg} defaults match: {}",
            library.version(),
            names.join(", ")
        ),
        evidence: json!({
            "test": "library-default",
            "library": library,
            "version": library.version(),
            "source": source(library, algorithm),
            "optimizer": algorithm.name(),
            "checked": checked,
        }),
    }
}

/// The argument name to print: the library's, or the role's when the
/// behaviour has no argument of its own.
fn name_in_message(parameter: &'static str, role: Role) -> &'static str {
    if parameter == "-" {
        role.table_name()
    } else {
        parameter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DefaultValue::{Bool, Name, Number, Required};

    fn value(library: Library, algorithm: Algorithm, role: Role) -> DefaultValue {
        default_of(library, algorithm, role)
            .unwrap_or_else(|| panic!("{library:?} {algorithm:?} {role:?} is tabulated"))
            .value
    }

    #[test]
    fn the_table_of_optimizers_md_section_5() {
        use Algorithm as A;
        use Library::{Keras, Optax, Torch};
        use Role as R;
        // (library, algorithm, role, value), row by row of §5.
        let rows = [
            (Torch, A::Sgd, R::Lr, Number(1e-3)),
            (Torch, A::Momentum, R::Momentum, Number(0.0)),
            (Torch, A::Nesterov, R::Nesterov, Bool(false)),
            (Optax, A::Sgd, R::Lr, Required),
            (Optax, A::Momentum, R::Momentum, Name("none")),
            (Optax, A::Sgd, R::Nesterov, Bool(false)),
            (Keras, A::Sgd, R::Lr, Number(0.01)),
            (Keras, A::Momentum, R::Momentum, Number(0.0)),
            (Keras, A::Nesterov, R::Nesterov, Bool(false)),
            (Torch, A::Adagrad, R::Lr, Number(1e-2)),
            (Torch, A::Adagrad, R::Eps, Number(1e-10)),
            (Torch, A::Adagrad, R::EpsPlacement, Name("outside")),
            (Torch, A::Adagrad, R::InitialAccumulator, Number(0.0)),
            (Optax, A::Adagrad, R::Lr, Required),
            (Optax, A::Adagrad, R::Eps, Number(1e-7)),
            (Optax, A::Adagrad, R::EpsPlacement, Name("inside")),
            (Optax, A::Adagrad, R::InitialAccumulator, Number(0.1)),
            (Keras, A::Adagrad, R::Lr, Number(1e-3)),
            (Keras, A::Adagrad, R::Eps, Number(1e-7)),
            (Keras, A::Adagrad, R::EpsPlacement, Name("inside")),
            (Keras, A::Adagrad, R::InitialAccumulator, Number(0.1)),
            (Torch, A::Rmsprop, R::Lr, Number(1e-2)),
            (Torch, A::Rmsprop, R::Decay, Number(0.99)),
            (Torch, A::Rmsprop, R::Eps, Number(1e-8)),
            (Torch, A::Rmsprop, R::EpsPlacement, Name("outside")),
            (Optax, A::Rmsprop, R::Lr, Required),
            (Optax, A::Rmsprop, R::Decay, Number(0.9)),
            (Optax, A::Rmsprop, R::Eps, Number(1e-8)),
            (Optax, A::Rmsprop, R::EpsPlacement, Name("inside")),
            (Keras, A::Rmsprop, R::Lr, Number(1e-3)),
            (Keras, A::Rmsprop, R::Decay, Number(0.9)),
            (Keras, A::Rmsprop, R::Eps, Number(1e-7)),
            (Keras, A::Rmsprop, R::EpsPlacement, Name("inside")),
            (Torch, A::Adam, R::Lr, Number(1e-3)),
            (Torch, A::Adam, R::Beta1, Number(0.9)),
            (Torch, A::Adam, R::Beta2, Number(0.999)),
            (Torch, A::Adam, R::Eps, Number(1e-8)),
            (Torch, A::Adam, R::EpsPlacement, Name("outside")),
            (Optax, A::Adam, R::Lr, Required),
            (Optax, A::Adam, R::Beta1, Number(0.9)),
            (Optax, A::Adam, R::Beta2, Number(0.999)),
            (Optax, A::Adam, R::Eps, Number(1e-8)),
            (Optax, A::Adam, R::EpsPlacement, Name("outside")),
            (Keras, A::Adam, R::Lr, Number(1e-3)),
            (Keras, A::Adam, R::Beta1, Number(0.9)),
            (Keras, A::Adam, R::Beta2, Number(0.999)),
            (Keras, A::Adam, R::Eps, Number(1e-7)),
            (Keras, A::Adam, R::EpsPlacement, Name("hat")),
            (Torch, A::Ema, R::Decay, Number(0.999)),
            (Torch, A::Ema, R::EmaInit, Name("first")),
            (Optax, A::Ema, R::Decay, Required),
            (Optax, A::Ema, R::EmaInit, Name("zero")),
            (Keras, A::Ema, R::Decay, Number(0.99)),
            (Keras, A::Ema, R::EmaInit, Name("first")),
        ];
        for (library, algorithm, role, expected) in rows {
            assert_eq!(
                value(library, algorithm, role),
                expected,
                "{library:?} {algorithm:?} {role:?}"
            );
        }
    }

    #[test]
    fn every_fact_cites_its_version_and_source() {
        let fact = default_of(Library::Keras, OptimizerKind::Adam, Role::Beta2).unwrap();
        assert_eq!(fact.version, "3.15.1");
        assert_eq!(fact.source, "keras.optimizers.Adam");
        assert_eq!(fact.parameter, "beta_2");
        let fact = default_of(Library::Torch, OptimizerKind::Rmsprop, Role::Decay).unwrap();
        assert_eq!((fact.version, fact.parameter), ("2.15.0", "alpha"));
        let fact = default_of(Library::Optax, Algorithm::Ema, Role::Decay).unwrap();
        assert_eq!((fact.version, fact.source), ("0.2.8", "optax.ema"));
    }

    #[test]
    fn roles_an_optimizer_does_not_have_are_not_tabulated() {
        assert_eq!(
            default_of(Library::Torch, OptimizerKind::Adam, Role::Momentum),
            None
        );
        assert_eq!(
            default_of(Library::Keras, OptimizerKind::Sgd, Role::Beta1),
            None
        );
        assert_eq!(
            default_of(
                Library::Optax,
                OptimizerKind::Rmsprop,
                Role::InitialAccumulator
            ),
            None
        );
    }

    #[test]
    fn parameters_map_to_roles_by_library() {
        let torch = Library::Torch;
        assert_eq!(
            role_of_parameter(torch, OptimizerKind::Rmsprop, "alpha"),
            Some(Role::Decay)
        );
        assert_eq!(
            role_of_parameter(torch, OptimizerKind::Adam, "betas[1]"),
            Some(Role::Beta2)
        );
        assert_eq!(role_of_parameter(torch, OptimizerKind::Adam, "alpha"), None);
        assert_eq!(
            role_of_parameter(Library::Keras, OptimizerKind::Rmsprop, "rho"),
            Some(Role::Decay)
        );
        assert_eq!(
            role_of_parameter(Library::Keras, OptimizerKind::Adam, "beta_1"),
            Some(Role::Beta1)
        );
        assert_eq!(
            role_of_parameter(Library::Optax, OptimizerKind::Adam, "b2"),
            Some(Role::Beta2)
        );
        assert_eq!(
            role_of_parameter(Library::Optax, OptimizerKind::Adam, "learning_rate"),
            Some(Role::Lr)
        );
        assert_eq!(
            role_of_parameter(Library::Keras, Algorithm::Ema, "ema_momentum"),
            Some(Role::Decay)
        );
    }

    #[test]
    fn matching_defaults_are_verified() {
        let v = check_defaults(
            Library::Torch,
            OptimizerKind::Adam,
            &[
                (Role::Lr, Number(1e-3)),
                (Role::Beta1, Number(0.9)),
                (Role::Beta2, Number(0.999)),
                (Role::Eps, Number(1e-8)),
            ],
        );
        assert_eq!(v.status, Status::Verified, "{}", v.reason);
        assert_eq!(v.evidence["version"], "2.15.0");
        assert_eq!(v.evidence["checked"].as_array().unwrap().len(), 4);
        // optax's momentum=None is no momentum.
        let v = check_defaults(
            Library::Optax,
            OptimizerKind::Momentum,
            &[(Role::Momentum, Number(0.0))],
        );
        assert_eq!(v.status, Status::Verified, "{}", v.reason);
    }

    #[test]
    fn the_first_mismatch_is_refuted_with_evidence() {
        let v = check_defaults(
            Library::Keras,
            OptimizerKind::Adam,
            &[
                (Role::Beta1, Number(0.9)),
                (Role::Beta2, Number(0.99)),
                (Role::Eps, Number(1e-8)),
            ],
        );
        assert_eq!(v.status, Status::Refuted);
        assert_eq!(
            v.reason,
            "Keras 3.15.1 Adam beta_2 default is 0.999, the note says 0.99"
        );
        assert_eq!(v.evidence["library"], "keras");
        assert_eq!(v.evidence["version"], "3.15.1");
        assert_eq!(v.evidence["role"], "beta2");
        assert_eq!(v.evidence["expected"], 0.999);
        assert_eq!(v.evidence["got"], 0.99);

        let v = check_defaults(
            Library::Keras,
            OptimizerKind::Adam,
            &[(Role::Eps, Number(1e-8))],
        );
        assert_eq!(
            v.reason,
            "Keras 3.15.1 Adam epsilon default is 1e-7, the note says 1e-8"
        );
        let v = check_defaults(
            Library::Torch,
            OptimizerKind::Rmsprop,
            &[(Role::Decay, Number(0.9))],
        );
        assert_eq!(
            v.reason,
            "torch 2.15.0 RMSprop alpha default is 0.99, the note says 0.9"
        );
        let v = check_defaults(
            Library::Optax,
            OptimizerKind::Adam,
            &[(Role::Lr, Number(1e-3))],
        );
        assert_eq!(v.status, Status::Refuted);
        assert_eq!(v.evidence["expected"], "required");
        let v = check_defaults(
            Library::Keras,
            OptimizerKind::Adam,
            &[(Role::EpsPlacement, Name("outside"))],
        );
        assert_eq!(
            v.reason,
            "Keras 3.15.1 Adam epsilon default is hat, the note says outside"
        );
        let v = check_defaults(
            Library::Torch,
            Algorithm::Ema,
            &[(Role::EmaInit, Name("zero"))],
        );
        assert_eq!(
            v.reason,
            "torch 2.15.0 EMA ema_init default is first, the note says zero"
        );
    }

    #[test]
    fn nothing_claimed_or_untabulated_is_unchecked() {
        let v = check_defaults(Library::Torch, OptimizerKind::Adam, &[]);
        assert_eq!(v.status, Status::Unchecked);
        let v = check_defaults(
            Library::Torch,
            OptimizerKind::Adam,
            &[(Role::Beta1, Number(0.9)), (Role::Momentum, Number(0.9))],
        );
        assert_eq!(v.status, Status::Unchecked);
        assert!(v.reason.contains("momentum"), "{}", v.reason);
        // A mismatch still wins over an untabulated role.
        let v = check_defaults(
            Library::Torch,
            OptimizerKind::Adam,
            &[(Role::Momentum, Number(0.9)), (Role::Beta1, Number(0.8))],
        );
        assert_eq!(v.status, Status::Refuted);
    }

    #[test]
    fn numbers_print_as_a_note_writes_them() {
        assert_eq!(show(Number(1e-7)), "1e-7");
        assert_eq!(show(Number(1e-10)), "1e-10");
        assert_eq!(show(Number(0.999)), "0.999");
        assert_eq!(show(Number(0.001)), "0.001");
        assert_eq!(show(Number(0.0)), "0");
        assert_eq!(show(Bool(false)), "false");
    }
}
