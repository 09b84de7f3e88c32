//! `verideck simulate`: run one reference optimizer on an objective or on a given gradient
//! sequence and print its trajectory, loss and state history (JSON or a table).
//!
//! A thin layer over [`crate::optim::run()`]: flags → [`OptimizerConfig`] + gradient source, then
//! the [`Trajectory`] → JSON. Bad flags or input print one `error: …` line and exit 2.
use crate::cli::EXIT_BAD_INPUT;
use crate::cli::budget;
use crate::lesson::figure::{self, Figure, PlotRun};
use crate::optim;
use crate::optim::objectives::{Quadratic, ReluNet, Rosenbrock};
use crate::optim::{
    EpsPlacement, GradientSequence, GradientSource, LearningRate, MomentumForm, NesterovForm,
    OptimizerConfig, OptimizerKind, ReportedPoint, Trajectory,
};
use crate::render::atomic::write_atomic;
use clap::{ArgGroup, Args, ValueEnum};
use ndarray::Array1;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Steps taken with `--objective` when `--steps` is not given.
pub const DEFAULT_OBJECTIVE_STEPS: u64 = 10;

const AFTER_HELP: &str = "\
Defaults of unset hyperparameters (torch 2.15.0):
  sgd, momentum, nesterov   lr 1e-3
  momentum, nesterov        momentum 0.9 (not torch's 0, which makes them plain SGD and is an
                            error for torch's nesterov=True; --momentum 0 is accepted)
  adagrad                   lr 1e-2, eps 1e-10 outside, initial-accumulator 0
  rmsprop                   lr 1e-2, decay 0.99 (torch's alpha), eps 1e-8 outside, uncorrected
  adam                      lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8 outside, bias correction on
  adamax                    lr 2e-3, beta1 0.9, beta2 0.999, eps 1e-8 inside the max(β2·u, |g| + ε)
  nesterov-form lookahead, momentum-form velocity

Output (JSON, the default when stdout is not a terminal): optimizer, hyperparameters (every
effective value), objective (or null), steps, reported_point, trajectory (steps+1 points, the
start first), loss (per point, or null with --grads), state (each state variable after every
step), grads (the gradients used); nesterov adds theta and phi.";

/// Arguments of `verideck simulate`.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("source").required(true).args(["objective", "grads"])),
    after_help = AFTER_HELP
)]
pub struct SimulateArgs {
    /// The optimizer to run.
    #[arg(value_enum)]
    pub optimizer: OptimizerKind,

    /// Objective whose exact gradient drives the run (needs --theta0). relu-net is the lecture's
    /// ŷ = w2·max(0, w1·x), L = (ŷ − y)² at x = 1, y = 0, with θ = (w1, w2).
    #[arg(long, value_enum)]
    pub objective: Option<ObjectiveName>,

    /// Diagonal of the quadratic's Hessian, R = ½ θᵀ diag(d) θ [default: all ones].
    #[arg(long, value_name = "D1,D2,..", allow_hyphen_values = true)]
    pub hessian_diag: Option<String>,

    /// Starting point θ0, comma-separated; negative values are fine (--theta0 -1.5,2)
    /// [default with --grads: zeros].
    #[arg(long, value_name = "X1,X2,..", allow_hyphen_values = true)]
    pub theta0: Option<String>,

    /// JSON file holding an array of gradient vectors g1..gN, used in place of an objective.
    #[arg(long, value_name = "FILE.json")]
    pub grads: Option<PathBuf>,

    /// Number of steps, at most 1000000, and steps × dimension of θ at most 10000000
    /// [default: 10 with --objective, every gradient with --grads].
    #[arg(long, value_name = "N")]
    pub steps: Option<u64>,

    /// Step size α, > 0 [default: per optimizer, see below].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Momentum ρ in [0, 1) of momentum and nesterov [default: 0.9].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub momentum: Option<f64>,

    /// Adam's and Adamax's first-moment decay ρ1 in [0, 1) [default: 0.9].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub beta1: Option<f64>,

    /// Adam's second-moment (Adamax's infinity-norm) decay ρ2 in [0, 1) [default: 0.999].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub beta2: Option<f64>,

    /// RMSProp's decay ρ in [0, 1) (torch's `alpha`) [default: 0.99].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub decay: Option<f64>,

    /// Stabiliser ε ≥ 0 [default: adagrad 1e-10, rmsprop 1e-8, adam 1e-8, adamax 1e-8].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub eps: Option<f64>,

    /// Where ε goes: g/(√r + ε) (outside), g/√(r + ε) (inside), or Keras Adam's ε added to the
    /// uncorrected √r (hat, adam only) [default: outside].
    #[arg(long, value_enum, value_name = "PLACEMENT")]
    pub eps_placement: Option<EpsPlacement>,

    /// AdaGrad's r0 ≥ 0 [default: 0].
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub initial_accumulator: Option<f64>,

    /// Turn Adam's bias correction off (ŝ = s, r̂ = r).
    #[arg(long, conflicts_with = "bias_correction")]
    pub no_bias_correction: bool,

    /// Turn RMSProp's bias correction on (r̂ = r/(1−ρ^k); off by default).
    #[arg(long)]
    pub bias_correction: bool,

    /// Nesterov: report θ (lookahead, the notes' form) or the point the libraries store,
    /// φ = θ + ρs (stored) [default: lookahead].
    #[arg(long, value_enum, value_name = "FORM")]
    pub nesterov_form: Option<NesterovForm>,

    /// Momentum state: velocity s (θ += s) or torch's buffer b (θ −= αb) [default: velocity].
    #[arg(long, value_enum, value_name = "FORM")]
    pub momentum_form: Option<MomentumForm>,

    /// Output format [default: json when stdout is not a terminal, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Also draw the run as an SVG figure, as in the lessons: the trajectory (when θ is 2-D;
    /// over contour lines for --objective quadratic) and the loss per step on a log scale.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
}

/// The objectives `simulate` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveName {
    /// R = ½ θᵀ diag(d) θ.
    Quadratic,
    /// Σ 100(x_{i+1} − x_i²)² + (1 − x_i)².
    Rosenbrock,
    /// The lecture's two-layer ReLU regression.
    ReluNet,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object.
    Json,
    /// An aligned text table.
    Table,
}

/// Runs `verideck simulate`.
pub fn run(args: &SimulateArgs) -> ExitCode {
    match simulate(args) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe is not an error of ours.
            let _ = out.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Everything but the printing: returns the output text or a one-line error.
fn simulate(args: &SimulateArgs) -> Result<String, String> {
    let config = config_from(args)?;
    let (mut source, objective, theta0, steps) = source_from(args)?;
    let trajectory =
        optim::run(&config, source.as_mut(), theta0.view(), steps).map_err(|e| e.to_string())?;
    if let Some(path) = &args.plot {
        plot(args, &config, &trajectory, path)?;
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    Ok(match format {
        Format::Json => render_json(&config, objective, &trajectory),
        Format::Table => render_table(&config, &trajectory),
    })
}

/// Writes the figure of one run to `path` (see `--plot`).
fn plot(
    args: &SimulateArgs,
    config: &OptimizerConfig,
    trajectory: &Trajectory,
    path: &std::path::Path,
) -> Result<(), String> {
    let dim = trajectory.params()[0].len();
    let contours = match (&args.objective, &args.hessian_diag) {
        (Some(ObjectiveName::Quadratic), diag) if dim == 2 => {
            let d = match diag {
                Some(text) => parse_list("hessian-diag", text)?.to_vec(),
                None => vec![1.0, 1.0],
            };
            Some([[d[0], 0.0], [0.0, d[1]]]).filter(|_| d.iter().all(|v| *v > 0.0))
        }
        _ => None,
    };
    let figure = Figure {
        runs: vec![PlotRun::from_trajectory(
            config.kind().to_string(),
            trajectory,
        )],
        contours,
    };
    let svg = figure::draw(&figure).map_err(|e| format!("--plot: {e}"))?;
    write_atomic(path, svg.as_bytes()).map_err(|e| format!("--plot {}: {e}", path.display()))
}

/// Which optimizers a flag applies to.
fn applies(flag: &str, kind: OptimizerKind) -> bool {
    use OptimizerKind::*;
    match flag {
        "momentum" | "momentum-form" => matches!(kind, Momentum | Nesterov),
        "beta1" | "beta2" => matches!(kind, Adam | Adamax),
        "decay" => kind == Rmsprop,
        "eps" => matches!(kind, Adagrad | Rmsprop | Adam | Adamax),
        "eps-placement" => matches!(kind, Adagrad | Rmsprop | Adam),
        "initial-accumulator" => kind == Adagrad,
        "no-bias-correction" | "bias-correction" => matches!(kind, Rmsprop | Adam),
        "nesterov-form" => kind == Nesterov,
        _ => true,
    }
}

fn config_from(args: &SimulateArgs) -> Result<OptimizerConfig, String> {
    let kind = args.optimizer;
    let given = [
        ("momentum", args.momentum.is_some()),
        ("beta1", args.beta1.is_some()),
        ("beta2", args.beta2.is_some()),
        ("decay", args.decay.is_some()),
        ("eps", args.eps.is_some()),
        ("eps-placement", args.eps_placement.is_some()),
        ("initial-accumulator", args.initial_accumulator.is_some()),
        ("no-bias-correction", args.no_bias_correction),
        ("bias-correction", args.bias_correction),
        ("nesterov-form", args.nesterov_form.is_some()),
        ("momentum-form", args.momentum_form.is_some()),
    ];
    if let Some((flag, _)) = given
        .iter()
        .find(|(flag, set)| *set && !applies(flag, kind))
    {
        return Err(format!("--{flag} does not apply to {kind}"));
    }
    let mut config = OptimizerConfig::default_for(kind);
    let bias = |default: bool| {
        if args.no_bias_correction {
            false
        } else {
            args.bias_correction || default
        }
    };
    match &mut config {
        OptimizerConfig::Sgd(_) => {}
        OptimizerConfig::Momentum(c) => {
            set(&mut c.momentum, args.momentum);
            set(&mut c.momentum_form, args.momentum_form);
        }
        OptimizerConfig::Nesterov(c) => {
            set(&mut c.momentum, args.momentum);
            set(&mut c.nesterov_form, args.nesterov_form);
            set(&mut c.momentum_form, args.momentum_form);
        }
        OptimizerConfig::Adagrad(c) => {
            set(&mut c.eps, args.eps);
            set(&mut c.eps_placement, args.eps_placement);
            set(&mut c.initial_accumulator, args.initial_accumulator);
        }
        OptimizerConfig::Rmsprop(c) => {
            set(&mut c.decay, args.decay);
            set(&mut c.eps, args.eps);
            set(&mut c.eps_placement, args.eps_placement);
            c.bias_correction = bias(c.bias_correction);
        }
        OptimizerConfig::Adam(c) => {
            set(&mut c.beta1, args.beta1);
            set(&mut c.beta2, args.beta2);
            set(&mut c.eps, args.eps);
            set(&mut c.eps_placement, args.eps_placement);
            c.bias_correction = bias(c.bias_correction);
        }
        OptimizerConfig::Adamax(c) => {
            set(&mut c.beta1, args.beta1);
            set(&mut c.beta2, args.beta2);
            set(&mut c.eps, args.eps);
        }
    }
    if let Some(lr) = args.lr {
        *config.lr_mut() = LearningRate::Constant(lr);
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// Parses `1,-2.5,3e-4` into a finite vector.
fn parse_list(flag: &str, text: &str) -> Result<Array1<f64>, String> {
    text.split(',')
        .map(|item| {
            let item = item.trim();
            let value: f64 = item
                .parse()
                .map_err(|_| format!("--{flag}: `{item}` is not a number"))?;
            if value.is_finite() {
                Ok(value)
            } else {
                Err(format!("--{flag}: `{item}` is not finite"))
            }
        })
        .collect::<Result<Vec<f64>, String>>()
        .map(Array1::from)
}

type Source = (Box<dyn GradientSource>, Option<Value>, Array1<f64>, usize);

fn source_from(args: &SimulateArgs) -> Result<Source, String> {
    let theta0 = args
        .theta0
        .as_deref()
        .map(|t| parse_list("theta0", t))
        .transpose()?;
    if args.hessian_diag.is_some() && args.objective != Some(ObjectiveName::Quadratic) {
        return Err("--hessian-diag applies to --objective quadratic only".into());
    }
    if let Some(path) = &args.grads {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let grads: Vec<Vec<f64>> = serde_json::from_str(&text)
            .map_err(|e| format!("{shown}: not a JSON array of gradient vectors: {e}"))?;
        let grads = grads.into_iter().map(Array1::from).collect();
        let sequence = GradientSequence::new(grads).map_err(|e| format!("{shown}: {e}"))?;
        let dim = sequence.dimension();
        let n = sequence.grads().len();
        let theta0 = theta0.unwrap_or_else(|| Array1::zeros(dim));
        let steps = budget::check_steps(args.steps.unwrap_or(n as u64), dim)?;
        return Ok((Box::new(sequence), None, theta0, steps));
    }
    let name = args.objective.ok_or("give --objective or --grads")?;
    let theta0 = theta0.ok_or("--objective needs --theta0")?;
    let dim = theta0.len();
    let steps = budget::check_steps(args.steps.unwrap_or(DEFAULT_OBJECTIVE_STEPS), dim)?;
    let (objective, described): (Box<dyn GradientSource>, Value) = match name {
        ObjectiveName::Quadratic => {
            let d = match &args.hessian_diag {
                Some(text) => parse_list("hessian-diag", text)?,
                None => Array1::ones(dim),
            };
            if d.len() != dim {
                return Err(format!(
                    "--hessian-diag has {} entries but --theta0 has {dim}",
                    d.len()
                ));
            }
            let described = json!({"name": "quadratic", "hessian_diag": d.to_vec()});
            let q = Quadratic::diagonal(d).map_err(|e| e.to_string())?;
            (Box::new(q), described)
        }
        ObjectiveName::Rosenbrock => {
            let r = Rosenbrock::new(dim).map_err(|e| format!("--theta0: {e}"))?;
            let described = json!({"name": "rosenbrock", "a": r.a, "b": r.b});
            (Box::new(r), described)
        }
        ObjectiveName::ReluNet => {
            if dim != 2 {
                return Err(format!(
                    "relu-net has θ = (w1, w2) but --theta0 has {dim} entries"
                ));
            }
            let described = json!({"name": "relu-net", "x": [1.0], "y": [0.0]});
            (Box::new(ReluNet::lecture()), described)
        }
    };
    Ok((objective, Some(described), theta0, steps))
}

fn rows(points: &[Array1<f64>]) -> Vec<Vec<f64>> {
    points.iter().map(|p| p.to_vec()).collect()
}

/// The JSON object of the contract (keys in this order; hyperparameter keys sorted).
#[derive(Serialize)]
struct Report<'a> {
    optimizer: OptimizerKind,
    hyperparameters: Value,
    objective: Option<Value>,
    steps: usize,
    reported_point: ReportedPoint,
    trajectory: Vec<Vec<f64>>,
    loss: Option<&'a [f64]>,
    state: BTreeMap<&'a str, Vec<Vec<f64>>>,
    grads: Vec<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    theta: Option<Vec<Vec<f64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phi: Option<Vec<Vec<f64>>>,
}

fn render_json(config: &OptimizerConfig, objective: Option<Value>, t: &Trajectory) -> String {
    let report = Report {
        optimizer: config.kind(),
        hyperparameters: config.hyperparameters(),
        objective,
        steps: t.steps(),
        reported_point: t.reported,
        trajectory: rows(t.params()),
        loss: t.loss.as_deref(),
        state: t
            .states
            .iter()
            .map(|(k, v)| (k.as_str(), rows(v)))
            .collect(),
        grads: rows(&t.grads),
        theta: t.phi.as_ref().map(|_| rows(&t.theta)),
        phi: t.phi.as_deref().map(rows),
    };
    let mut text = serde_json::to_string(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn render_table(config: &OptimizerConfig, t: &Trajectory) -> String {
    let point = match t.reported {
        ReportedPoint::Theta => "theta",
        ReportedPoint::Phi => "phi",
    };
    let dim = t.params()[0].len();
    let mut header = vec!["k".to_string()];
    if t.loss.is_some() {
        header.push("loss".into());
    }
    header.extend((0..dim).map(|i| format!("{point}[{i}]")));
    for name in t.states.keys() {
        header.extend((0..dim).map(|i| format!("{name}[{i}]")));
    }
    let mut lines = vec![format!("{} {}", config.kind(), config.hyperparameters())];
    let cell = |v: f64| format!("{v:>14.6e}");
    lines.push(
        header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 {
                    format!("{h:>4}")
                } else {
                    format!("{h:>14}")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    );
    for (k, p) in t.params().iter().enumerate() {
        let mut row = vec![format!("{k:>4}")];
        if let Some(loss) = &t.loss {
            row.push(cell(loss[k]));
        }
        row.extend(p.iter().map(|&v| cell(v)));
        for history in t.states.values() {
            match k.checked_sub(1) {
                Some(i) => row.extend(history[i].iter().map(|&v| cell(v))),
                None => row.extend((0..dim).map(|_| format!("{:>14}", "-"))),
            }
        }
        lines.push(row.join(" "));
    }
    lines.join("\n") + "\n"
}
