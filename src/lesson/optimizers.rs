//! Which reference optimizers a note discusses, and with which
//! hyperparameters, for its lesson figure.
//!
//! An optimizer is discussed when the note's text (headings, links, prose,
//! code) names it as a whole word, case-insensitively: `sgd` or `gradient
//! descent`, `momentum`, `nesterov` or `NAG`, `adagrad`, `rmsprop`, `adam`.
//! This is presentation, not a verdict. Hyperparameters are torch's
//! defaults (momentum 0.9, as `verideck simulate` uses) unless the note
//! states others in a `torch.optim.…(…)` call: `lr`, `momentum`,
//! `nesterov=True`, `betas=(…, …)`, `eps`, `alpha`,
//! `initial_accumulator_value`.
use crate::note::Note;
use crate::optim::{LearningRate, OptimizerConfig, OptimizerKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// An optimizer to draw, with where its hyperparameters came from.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRun {
    /// The configuration the run uses.
    pub config: OptimizerConfig,
    /// Whether the note stated (some of) its hyperparameters.
    pub from_note: bool,
}

/// Every optimizer kind, in figure order.
pub const ALL_KINDS: [OptimizerKind; 6] = [
    OptimizerKind::Sgd,
    OptimizerKind::Momentum,
    OptimizerKind::Nesterov,
    OptimizerKind::Adagrad,
    OptimizerKind::Rmsprop,
    OptimizerKind::Adam,
];

static NAMES: LazyLock<Vec<(OptimizerKind, Regex)>> = LazyLock::new(|| {
    let words = |w: &str| Regex::new(&format!(r"(?i)\b(?:{w})\b")).unwrap();
    vec![
        (OptimizerKind::Sgd, words(r"sgd|gradient\s+descent")),
        (OptimizerKind::Momentum, words("momentum")),
        (OptimizerKind::Nesterov, words("nesterov|nag")),
        (OptimizerKind::Adagrad, words("adagrad")),
        (OptimizerKind::Rmsprop, words("rmsprop")),
        (OptimizerKind::Adam, words("adam")),
    ]
});

static TORCH_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"torch\.optim\.(SGD|Adam|Adagrad|RMSprop)\(((?:[^()]|\([^()]*\))*)\)").unwrap()
});
static KWARG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\w+)\s*=\s*(\([^()]*\)|[^,()\s]+)").unwrap());

/// The optimizers `note` discusses, in [`ALL_KINDS`] order.
pub fn discussed(note: &Note) -> Vec<OptimizerKind> {
    NAMES
        .iter()
        .filter(|(_, re)| re.is_match(&note.text))
        .map(|(kind, _)| *kind)
        .collect()
}

/// The runs of the figure of `note`: each discussed optimizer with the
/// hyperparameters the note states, else torch's defaults.
pub fn figure_runs(note: &Note) -> Vec<FigureRun> {
    let stated = stated_configs(&note.text);
    discussed(note)
        .into_iter()
        .map(|kind| match stated.get(&kind) {
            Some(config) => FigureRun {
                config: config.clone(),
                from_note: true,
            },
            None => FigureRun {
                config: OptimizerConfig::default_for(kind),
                from_note: false,
            },
        })
        .collect()
}

/// Configurations stated by `torch.optim.…(…)` calls in `text`; the first
/// valid call per optimizer wins.
pub fn stated_configs(text: &str) -> BTreeMap<OptimizerKind, OptimizerConfig> {
    let mut found = BTreeMap::new();
    for caps in TORCH_CALL.captures_iter(text) {
        let args: BTreeMap<String, String> = KWARG
            .captures_iter(&caps[2])
            .map(|kw| (kw[1].to_string(), kw[2].to_string()))
            .collect();
        if let Some(config) = config_from(&caps[1], &args)
            && config.validate().is_ok()
        {
            found.entry(config.kind()).or_insert(config);
        }
    }
    found
}

fn number(args: &BTreeMap<String, String>, key: &str) -> Option<f64> {
    args.get(key)?.parse().ok().filter(|v: &f64| v.is_finite())
}

fn pair(args: &BTreeMap<String, String>, key: &str) -> Option<(f64, f64)> {
    let inner = args.get(key)?.trim_start_matches('(').trim_end_matches(')');
    let (a, b) = inner.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

fn config_from(name: &str, args: &BTreeMap<String, String>) -> Option<OptimizerConfig> {
    let momentum = number(args, "momentum").unwrap_or(0.0);
    let nesterov = args.get("nesterov").is_some_and(|v| v == "True");
    let kind = match name {
        "SGD" if nesterov => OptimizerKind::Nesterov,
        "SGD" if momentum > 0.0 => OptimizerKind::Momentum,
        "SGD" => OptimizerKind::Sgd,
        "Adam" => OptimizerKind::Adam,
        "Adagrad" => OptimizerKind::Adagrad,
        "RMSprop" => OptimizerKind::Rmsprop,
        _ => return None,
    };
    let mut config = OptimizerConfig::default_for(kind);
    if let Some(lr) = number(args, "lr") {
        *config.lr_mut() = LearningRate::Constant(lr);
    }
    let eps = number(args, "eps");
    match &mut config {
        OptimizerConfig::Sgd(_) => {}
        OptimizerConfig::Momentum(c) => c.momentum = momentum,
        OptimizerConfig::Nesterov(c) => c.momentum = momentum,
        OptimizerConfig::Adagrad(c) => {
            c.eps = eps.unwrap_or(c.eps);
            c.initial_accumulator =
                number(args, "initial_accumulator_value").unwrap_or(c.initial_accumulator);
        }
        OptimizerConfig::Rmsprop(c) => {
            c.eps = eps.unwrap_or(c.eps);
            c.decay = number(args, "alpha").unwrap_or(c.decay);
        }
        OptimizerConfig::Adam(c) => {
            c.eps = eps.unwrap_or(c.eps);
            if let Some((b1, b2)) = pair(args, "betas") {
                (c.beta1, c.beta2) = (b1, b2);
            }
        }
        OptimizerConfig::Adamax(c) => {
            c.eps = eps.unwrap_or(c.eps);
            if let Some((b1, b2)) = pair(args, "betas") {
                (c.beta1, c.beta2) = (b1, b2);
            }
        }
    }
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::{AdamConfig, MomentumConfig};

    fn note(text: &str) -> Note {
        crate::note::parse("n.md", text).0
    }

    #[test]
    fn names_are_whole_words_in_any_case() {
        let n =
            note("# RMSProp\nlike [[Adam]], unlike gradient\ndescent; NAG.\nnot adamant, not sgdx");
        assert_eq!(
            discussed(&n),
            [
                OptimizerKind::Sgd,
                OptimizerKind::Nesterov,
                OptimizerKind::Rmsprop,
                OptimizerKind::Adam
            ]
        );
        assert!(discussed(&note("adamant sgdx")).is_empty());
    }

    #[test]
    fn torch_calls_state_hyperparameters() {
        let text = "sgd = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.5)\n\
                    a = torch.optim.Adam(p, lr=3e-4, betas=(0.8, 0.99), eps=1e-6)";
        let found = stated_configs(text);
        assert_eq!(
            found[&OptimizerKind::Momentum],
            OptimizerConfig::Momentum(MomentumConfig {
                lr: LearningRate::Constant(1e-2),
                momentum: 0.5,
                ..MomentumConfig::default()
            })
        );
        assert_eq!(
            found[&OptimizerKind::Adam],
            OptimizerConfig::Adam(AdamConfig {
                lr: LearningRate::Constant(3e-4),
                beta1: 0.8,
                beta2: 0.99,
                eps: 1e-6,
                ..AdamConfig::default()
            })
        );
        let n = note("momentum, see torch.optim.SGD(p, lr=1e-2, momentum=0.5); adam too");
        let runs = figure_runs(&n);
        let kinds: Vec<_> = runs
            .iter()
            .map(|r| (r.config.kind(), r.from_note))
            .collect();
        assert_eq!(
            kinds,
            [
                (OptimizerKind::Sgd, false),
                (OptimizerKind::Momentum, true),
                (OptimizerKind::Adam, false)
            ]
        );
        assert_eq!(
            runs[2].config,
            OptimizerConfig::default_for(OptimizerKind::Adam)
        );
    }
}
