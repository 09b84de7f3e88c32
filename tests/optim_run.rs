//! The runner and configs: validation, input errors, divergence, chain composition, schedules,
//! and the library-defaults table.
use ndarray::{Array1, array};
use verideck::optim::adam::ScaleByAdam;
use verideck::optim::defaults::{self, DefaultValue, Library, library_defaults, lookup};
use verideck::optim::objectives::{Objective, Quadratic};
use verideck::optim::sgd::ScaleByLr;
use verideck::optim::tolerance::{compare, compare_scalars};
use verideck::optim::transform::{Transform, apply_updates, chain};
use verideck::optim::*;

fn quad() -> Quadratic {
    Quadratic::diagonal(array![1.0, 3.0]).unwrap()
}

#[test]
fn config_validation_rejects_out_of_range() {
    let bad: Vec<(OptimizerConfig, &str)> = vec![
        (
            OptimizerConfig::Sgd(SgdConfig {
                lr: LearningRate::Constant(0.0),
            }),
            "lr must be > 0, got 0.0",
        ),
        (
            OptimizerConfig::Sgd(SgdConfig {
                lr: LearningRate::Constant(-1.0),
            }),
            "lr must be > 0, got -1.0",
        ),
        (
            OptimizerConfig::Sgd(SgdConfig {
                lr: LearningRate::Constant(f64::NAN),
            }),
            "lr must be > 0, got NaN",
        ),
        (
            OptimizerConfig::Sgd(SgdConfig {
                lr: LearningRate::PerStep(vec![0.1, -0.1]),
            }),
            "lr must be > 0, got -0.1",
        ),
        (
            OptimizerConfig::Momentum(MomentumConfig {
                momentum: 1.0,
                ..Default::default()
            }),
            "momentum must be in [0, 1), got 1.0",
        ),
        (
            OptimizerConfig::Nesterov(NesterovConfig {
                momentum: -0.1,
                ..Default::default()
            }),
            "momentum must be in [0, 1), got -0.1",
        ),
        (
            OptimizerConfig::Adagrad(AdagradConfig {
                eps: -1e-8,
                ..Default::default()
            }),
            "eps must be >= 0, got -1e-8",
        ),
        (
            OptimizerConfig::Adagrad(AdagradConfig {
                initial_accumulator: -0.1,
                ..Default::default()
            }),
            "initial-accumulator must be >= 0, got -0.1",
        ),
        (
            OptimizerConfig::Rmsprop(RmspropConfig {
                decay: 1.5,
                ..Default::default()
            }),
            "decay must be in [0, 1), got 1.5",
        ),
        (
            OptimizerConfig::Adam(AdamConfig {
                beta2: 1.0,
                ..Default::default()
            }),
            "beta2 must be in [0, 1), got 1.0",
        ),
        (
            OptimizerConfig::Adam(AdamConfig {
                eps: f64::INFINITY,
                ..Default::default()
            }),
            "eps must be >= 0, got inf",
        ),
    ];
    for (config, message) in bad {
        assert_eq!(config.validate().unwrap_err().to_string(), message);
        assert!(config.build(2).is_err());
    }
    for kind in [OptimizerKind::Adagrad, OptimizerKind::Rmsprop] {
        let mut c = OptimizerConfig::default_for(kind);
        match &mut c {
            OptimizerConfig::Adagrad(a) => a.eps_placement = EpsPlacement::Hat,
            OptimizerConfig::Rmsprop(r) => r.eps_placement = EpsPlacement::Hat,
            _ => unreachable!(),
        }
        assert!(c.validate().unwrap_err().to_string().contains("hat"));
    }
    let lookahead_buffer = OptimizerConfig::Nesterov(NesterovConfig {
        momentum_form: MomentumForm::Buffer,
        ..Default::default()
    });
    assert!(lookahead_buffer.validate().is_err());
    // ρ = 0 and ε = 0 are in range.
    let edge = OptimizerConfig::Momentum(MomentumConfig {
        momentum: 0.0,
        ..Default::default()
    });
    assert!(edge.validate().is_ok());
    assert!(
        OptimizerConfig::Adam(AdamConfig {
            eps: 0.0,
            ..Default::default()
        })
        .validate()
        .is_ok()
    );
}

#[test]
fn run_rejects_bad_inputs() {
    let sgd = OptimizerConfig::default_for(OptimizerKind::Sgd);
    let err = run(&sgd, &mut quad(), array![1.0, 2.0, 3.0].view(), 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "theta0 has 3 components but the gradients have 2"
    );
    let err = run(&sgd, &mut quad(), array![1.0, f64::NAN].view(), 3).unwrap_err();
    assert!(matches!(err, RunError::Input(_)));
    let mut seq = GradientSequence::new(vec![array![1.0], array![2.0]]).unwrap();
    let err = run(&sgd, &mut seq, array![0.0].view(), 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "3 steps requested but only 2 gradients given"
    );
    let schedule = OptimizerConfig::Sgd(SgdConfig {
        lr: LearningRate::PerStep(vec![0.1]),
    });
    assert!(run(&schedule, &mut quad(), array![1.0, 1.0].view(), 2).is_err());
    assert!(GradientSequence::new(vec![]).is_err());
    assert!(GradientSequence::new(vec![array![1.0], array![1.0, 2.0]]).is_err());
    assert!(GradientSequence::new(vec![array![f64::INFINITY]]).is_err());
}

#[test]
fn divergence_names_the_step_and_keeps_the_history() {
    // R = ½θ², α = 1e100: θ1 ≈ −1e100 (loss 5e199, finite), θ2 ≈ 1e200, loss 5e399 = inf.
    let config = OptimizerConfig::Sgd(SgdConfig {
        lr: LearningRate::Constant(1e100),
    });
    let mut q = Quadratic::diagonal(array![1.0]).unwrap();
    match run(&config, &mut q, array![1.0].view(), 10) {
        Err(RunError::Diverged {
            step,
            what,
            partial,
        }) => {
            assert_eq!(step, 2);
            assert_eq!(what, "the loss is not finite");
            assert_eq!(partial.theta.len(), 2);
            assert_eq!(partial.steps(), 1);
        }
        other => panic!("expected divergence, got {other:?}"),
    }
    // A step that overflows the parameters diverges at that step.
    let mut steep = Quadratic::diagonal(array![1e300]).unwrap();
    let err = run(&config, &mut steep, array![10.0].view(), 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "diverged at step 1: the parameters have a non-finite component"
    );
    // A source whose third gradient is NaN.
    let mut nan = NanAt3;
    let err = run(&config, &mut nan, array![0.0].view(), 5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "diverged at step 3: the gradient g_3 has a non-finite component"
    );
}

/// g_k = 1 for k < 3, NaN from k = 3 on.
struct NanAt3;

impl GradientSource for NanAt3 {
    fn dimension(&self) -> usize {
        1
    }
    fn gradient_at(
        &mut self,
        k: usize,
        _: ndarray::ArrayView1<'_, f64>,
        mut out: ndarray::ArrayViewMut1<'_, f64>,
    ) {
        out.fill(if k < 3 { 1.0 } else { f64::NAN });
    }
    fn loss_at(&self, _: ndarray::ArrayView1<'_, f64>) -> Option<f64> {
        None
    }
}

#[test]
fn chain_equals_its_parts_applied_by_hand() {
    let moments = ScaleByAdam {
        beta1: 0.8,
        beta2: 0.95,
        eps: 1e-3,
        placement: EpsPlacement::Inside,
        bias_correction: true,
    };
    let lr = ScaleByLr {
        lr: LearningRate::Constant(0.05),
    };
    let whole = chain(moments.clone(), lr.clone());
    let mut whole_state = whole.init(2);
    let (mut s1, mut s2) = (moments.init(2), lr.init(2));
    let (mut a, mut b) = (array![1.0, -1.0], array![1.0, -1.0]);
    for g in [array![0.3, -2.0], array![-1.0, 0.5], array![4.0, 4.0]] {
        let mut u = g.clone();
        whole.update(u.view_mut(), &mut whole_state);
        apply_updates(a.view_mut(), u.view());
        let mut v = g.clone();
        moments.update(v.view_mut(), &mut s1);
        lr.update(v.view_mut(), &mut s2);
        apply_updates(b.view_mut(), v.view());
    }
    assert_eq!(a, b);
    assert_eq!(whole_state.0, s1);
}

#[test]
fn sgd_takes_the_schedule_step_by_step() {
    // AdaGrad with torch's lr_decay: α_k = α / (1 + (k−1) d), d = 0.5: α1 = 0.1, α2 = 0.1/1.5.
    let config = OptimizerConfig::Adagrad(AdagradConfig {
        lr: LearningRate::InverseTime {
            lr: 0.1,
            lr_decay: 0.5,
        },
        eps: 0.0,
        ..Default::default()
    });
    let mut seq = GradientSequence::new(vec![array![2.0], array![-1.0]]).unwrap();
    let t = run(&config, &mut seq, array![0.0].view(), 2).unwrap();
    // r1 = 4, r2 = 5: θ1 = −0.1·2/2, θ2 = θ1 + (0.1/1.5)/√5.
    let want = [
        array![0.0],
        array![-0.1],
        array![-0.1 + 0.1 / 1.5 / 5f64.sqrt()],
    ];
    assert!(compare(t.params(), &want).pass);
    let constant = OptimizerConfig::Adagrad(AdagradConfig {
        lr: LearningRate::Constant(0.1),
        eps: 0.0,
        ..Default::default()
    });
    let mut seq = GradientSequence::new(vec![array![2.0], array![-1.0]]).unwrap();
    assert!(
        !compare(
            run(&constant, &mut seq, array![0.0].view(), 2)
                .unwrap()
                .params(),
            &want
        )
        .pass
    );
    // A zero denominator (ε = 0, r = 0) takes a zero step instead of 0/0.
    let mut zero = GradientSequence::new(vec![array![0.0, 1.0]]).unwrap();
    let t = run(&constant, &mut zero, array![5.0, 5.0].view(), 1).unwrap();
    assert_eq!(t.params()[1], array![5.0, 4.9]);
}

#[test]
fn losses_are_recorded_at_the_reported_points() {
    let config = OptimizerConfig::default_for(OptimizerKind::Adam);
    let q = quad();
    let t = run(&config, &mut q.clone(), array![1.0, -2.0].view(), 5).unwrap();
    let want: Vec<f64> = t.params().iter().map(|p| q.loss(p.view())).collect();
    assert!(compare_scalars(t.loss.as_ref().unwrap(), &want).pass);
    assert_eq!(t.theta.len(), 6);
    assert_eq!(t.states.keys().collect::<Vec<_>>(), ["m", "v"]);
    assert!(t.states.values().all(|h| h.len() == 5));
    assert!(t.phi.is_none());
}

#[test]
fn torch_defaults_are_the_configs_defaults() {
    let torch = |opt, h| match lookup(Library::Torch, opt, h) {
        Some(DefaultValue::Number(x)) => x,
        other => panic!("{opt}.{h}: {other:?}"),
    };
    let lr = |c: OptimizerConfig| match c.lr() {
        LearningRate::Constant(x) => *x,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        lr(OptimizerConfig::default_for(OptimizerKind::Sgd)),
        torch("sgd", "lr")
    );
    assert_eq!(
        lr(OptimizerConfig::default_for(OptimizerKind::Nesterov)),
        torch("sgd", "lr")
    );
    assert_eq!(
        lr(OptimizerConfig::default_for(OptimizerKind::Adagrad)),
        torch("adagrad", "lr")
    );
    assert_eq!(
        lr(OptimizerConfig::default_for(OptimizerKind::Rmsprop)),
        torch("rmsprop", "lr")
    );
    assert_eq!(
        lr(OptimizerConfig::default_for(OptimizerKind::Adam)),
        torch("adam", "lr")
    );
    let adam = AdamConfig::default();
    assert_eq!(
        (adam.beta1, adam.beta2, adam.eps),
        (
            torch("adam", "beta1"),
            torch("adam", "beta2"),
            torch("adam", "eps")
        )
    );
    assert_eq!(RmspropConfig::default().decay, torch("rmsprop", "decay"));
    assert_eq!(RmspropConfig::default().eps, torch("rmsprop", "eps"));
    assert_eq!(AdagradConfig::default().eps, torch("adagrad", "eps"));
    assert_eq!(
        AdagradConfig::default().initial_accumulator,
        torch("adagrad", "initial_accumulator")
    );
    // verideck's one deliberate departure: momentum 0.9, not torch's 0.
    assert_eq!(torch("sgd", "momentum"), 0.0);
    assert_eq!(
        MomentumConfig::default().momentum,
        defaults::MOMENTUM_WHEN_UNSET
    );
}

#[test]
fn library_table_matches_the_spec() {
    use DefaultValue::{Name, Number, Required};
    let cases = [
        (
            Library::Optax,
            "adagrad",
            "initial_accumulator",
            Number(0.1),
        ),
        (Library::Optax, "adagrad", "eps_placement", Name("inside")),
        (Library::Keras, "adam", "eps", Number(1e-7)),
        (Library::Keras, "adam", "eps_placement", Name("hat")),
        (Library::Keras, "rmsprop", "decay", Number(0.9)),
        (Library::Optax, "rmsprop", "eps_placement", Name("inside")),
        (Library::Torch, "rmsprop", "eps_placement", Name("outside")),
        (Library::Optax, "adam", "lr", Required),
        (Library::Keras, "sgd", "lr", Number(0.01)),
        (Library::Torch, "ema", "ema_init", Name("first")),
        (Library::Optax, "ema", "ema_init", Name("zero")),
        (Library::Keras, "ema", "decay", Number(0.99)),
    ];
    for (library, optimizer, h, want) in cases {
        assert_eq!(
            lookup(library, optimizer, h),
            Some(want),
            "{library:?} {optimizer} {h}"
        );
    }
    assert_eq!(lookup(Library::Torch, "adam", "momentum"), None);
    for row in library_defaults() {
        assert_eq!(row.version, row.library.version());
    }
    let versions: Vec<_> = [Library::Torch, Library::Optax, Library::Keras]
        .map(Library::version)
        .into();
    assert_eq!(versions, ["2.15.0", "0.2.8", "3.15.1"]);
    // No (library, optimizer, hyperparameter) appears twice.
    let mut keys: Vec<_> = library_defaults()
        .iter()
        .map(|r| (r.library, r.optimizer, r.hyperparameter))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
}

#[test]
fn step_objects_run_without_the_runner() {
    // The benchmark's path: build, then step in place.
    let grads: Vec<Array1<f64>> = (0..4).map(|k| array![1.0 + k as f64, -2.0]).collect();
    for kind in [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Adagrad,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
    ] {
        let config = OptimizerConfig::default_for(kind);
        let mut opt = config.build(2).unwrap();
        let mut theta = array![0.5, 0.5];
        for g in &grads {
            opt.step(theta.view_mut(), g.view());
        }
        let mut seq = GradientSequence::new(grads.clone()).unwrap();
        let t = run(&config, &mut seq, array![0.5, 0.5].view(), 4).unwrap();
        assert_eq!(&theta, t.theta.last().unwrap(), "{kind}");
    }
}
