//! Two steps of every optimizer and every switch value, computed by hand (OPTIMIZERS.md §2).
//! Each expectation is also run against the other values of its switch, which must miss it
//! (§6: a test that accepts one form must see the others fail).
use ndarray::{Array1, array};
use verideck::optim::ema::{Ema, EmaInit, ema_series};
use verideck::optim::objectives::Quadratic;
use verideck::optim::tolerance::compare;
use verideck::optim::*;

fn pts(rows: &[[f64; 2]]) -> Vec<Array1<f64>> {
    rows.iter().map(|r| Array1::from(r.to_vec())).collect()
}

/// R = ½θᵀdiag(1, 2)θ from θ0 = (1, 1), two steps.
fn on_quadratic(config: &OptimizerConfig) -> Trajectory {
    let mut q = Quadratic::diagonal(array![1.0, 2.0]).unwrap();
    run(config, &mut q, array![1.0, 1.0].view(), 2).unwrap()
}

/// g1 = (3, −0.5), g2 = (−1, 2) from θ0 = (1, −1).
fn on_sequence(config: &OptimizerConfig) -> Trajectory {
    let mut seq = GradientSequence::new(vec![array![3.0, -0.5], array![-1.0, 2.0]]).unwrap();
    run(config, &mut seq, array![1.0, -1.0].view(), 2).unwrap()
}

fn assert_matches(got: &[Array1<f64>], want: &[Array1<f64>]) {
    let c = compare(got, want);
    assert!(c.pass, "got {got:?}\nwant {want:?}\n{c:?}");
}

fn assert_misses(got: &[Array1<f64>], want: &[Array1<f64>]) {
    let c = compare(got, want);
    assert!(
        !c.pass && c.worst_rel_error >= 1e-6,
        "a wrong convention matched: {got:?} vs {want:?}"
    );
}

const A: f64 = 0.5; // α for the dyadic quadratic runs
const R: f64 = 0.5; // ρ

#[test]
fn sgd_two_steps() {
    let t = on_quadratic(&OptimizerConfig::Sgd(SgdConfig {
        lr: LearningRate::Constant(A),
    }));
    // g1 = (1, 2), θ1 = (0.5, 0); g2 = (0.5, 0), θ2 = (0.25, 0).
    assert_matches(t.params(), &pts(&[[1.0, 1.0], [0.5, 0.0], [0.25, 0.0]]));
    assert_matches(&t.grads, &pts(&[[1.0, 2.0], [0.5, 0.0]]));
    assert_eq!(t.loss.as_deref(), Some(&[1.5, 0.125, 0.03125][..]));
    assert!(t.states.is_empty());
}

fn momentum(form: MomentumForm) -> OptimizerConfig {
    OptimizerConfig::Momentum(MomentumConfig {
        lr: LearningRate::Constant(A),
        momentum: R,
        momentum_form: form,
    })
}

#[test]
fn momentum_two_steps_both_forms() {
    // s1 = −0.5(1, 2) = (−0.5, −1), θ1 = (0.5, 0); g2 = (0.5, 0);
    // s2 = 0.5 s1 − 0.5 g2 = (−0.5, −0.5), θ2 = (0, −0.5).
    let theta = pts(&[[1.0, 1.0], [0.5, 0.0], [0.0, -0.5]]);
    let v = on_quadratic(&momentum(MomentumForm::Velocity));
    assert_matches(v.params(), &theta);
    assert_matches(
        v.state("velocity").unwrap(),
        &pts(&[[-0.5, -1.0], [-0.5, -0.5]]),
    );
    // Buffer: b1 = g1 = (1, 2), b2 = 0.5 b1 + g2 = (1, 1); θ2 = θ1 − 0.5 b2: the same θ.
    let b = on_quadratic(&momentum(MomentumForm::Buffer));
    assert_matches(b.params(), &theta);
    assert_matches(b.state("buffer").unwrap(), &pts(&[[1.0, 2.0], [1.0, 1.0]]));
    assert!(b.state("velocity").is_none());
    // SGD's θ2 = (0.25, 0) is not momentum's.
    assert_misses(v.params(), &pts(&[[1.0, 1.0], [0.5, 0.0], [0.25, 0.0]]));
}

fn nesterov(form: NesterovForm, scaling: MomentumForm) -> OptimizerConfig {
    OptimizerConfig::Nesterov(NesterovConfig {
        lr: LearningRate::Constant(A),
        momentum: R,
        nesterov_form: form,
        momentum_form: scaling,
    })
}

#[test]
fn nesterov_two_steps_all_forms() {
    // Look-ahead: g1 = ∇R(θ0) = (1, 2), s1 = (−0.5, −1), θ1 = (0.5, 0);
    // φ1 = θ1 + 0.5 s1 = (0.25, −0.5), g2 = ∇R(φ1) = (0.25, −1);
    // s2 = 0.5 s1 − 0.5 g2 = (−0.375, 0), θ2 = (0.125, 0), φ2 = θ2 + 0.5 s2 = (−0.0625, 0).
    let theta = pts(&[[1.0, 1.0], [0.5, 0.0], [0.125, 0.0]]);
    let phi = pts(&[[1.0, 1.0], [0.25, -0.5], [-0.0625, 0.0]]);
    let grads = pts(&[[1.0, 2.0], [0.25, -1.0]]);
    let look = on_quadratic(&nesterov(NesterovForm::Lookahead, MomentumForm::Velocity));
    assert_eq!(look.reported, ReportedPoint::Theta);
    assert_matches(look.params(), &theta);
    assert_matches(look.phi.as_ref().unwrap(), &phi);
    assert_matches(&look.grads, &grads);
    assert_matches(
        look.state("velocity").unwrap(),
        &pts(&[[-0.5, -1.0], [-0.375, 0.0]]),
    );
    // Loss at the reported point: R(θ2) = ½ (0.125²) = 0.0078125.
    assert_eq!(look.loss.as_ref().unwrap()[2], 0.0078125);

    // Stored (φ1 = φ0 + ρ s1 − α g1 = (0.25, −0.5)), velocity and torch buffer scaling
    // (b1 = (1, 2), φ1 = φ0 − α(g1 + ρ b1); b2 = (0.75, 0)).
    for (scaling, name, state) in [
        (
            MomentumForm::Velocity,
            "velocity",
            pts(&[[-0.5, -1.0], [-0.375, 0.0]]),
        ),
        (
            MomentumForm::Buffer,
            "buffer",
            pts(&[[1.0, 2.0], [0.75, 0.0]]),
        ),
    ] {
        let stored = on_quadratic(&nesterov(NesterovForm::Stored, scaling));
        assert_eq!(stored.reported, ReportedPoint::Phi);
        assert_matches(stored.params(), &phi);
        assert_matches(&stored.theta, &theta);
        assert_matches(&stored.grads, &grads);
        assert_matches(stored.state(name).unwrap(), &state);
        assert_eq!(
            stored.loss.as_ref().unwrap()[1],
            0.5 * (0.0625 + 2.0 * 0.25)
        );
        // The stored form does not report θ, nor look-ahead φ.
        assert_misses(stored.params(), &theta);
        assert_misses(look.params(), &phi);
    }
    // Plain momentum takes its g2 at θ1, not at the look-ahead point.
    assert_misses(
        on_quadratic(&momentum(MomentumForm::Velocity)).params(),
        &theta,
    );
}

const LR: f64 = 0.1;
const EPS: f64 = 0.01;

fn adagrad(placement: EpsPlacement, r0: f64) -> OptimizerConfig {
    OptimizerConfig::Adagrad(AdagradConfig {
        lr: LearningRate::Constant(LR),
        eps: EPS,
        eps_placement: placement,
        initial_accumulator: r0,
    })
}

#[test]
fn adagrad_two_steps_placements_and_r0() {
    // r0 = 0.5: r1 = (9.5, 0.75), r2 = (10.5, 4.75).
    let out = |r: f64| r.sqrt() + EPS;
    let ins = |r: f64| (r + EPS).sqrt();
    let want = |den: &dyn Fn(f64) -> f64, r1: [f64; 2], r2: [f64; 2]| {
        let t1 = [1.0 - LR * 3.0 / den(r1[0]), -1.0 + LR * 0.5 / den(r1[1])];
        let t2 = [t1[0] + LR / den(r2[0]), t1[1] - LR * 2.0 / den(r2[1])];
        pts(&[[1.0, -1.0], t1, t2])
    };
    let outside = want(&out, [9.5, 0.75], [10.5, 4.75]);
    let inside = want(&ins, [9.5, 0.75], [10.5, 4.75]);
    let outside_r0_zero = want(&out, [9.0, 0.25], [10.0, 4.25]);

    let t = on_sequence(&adagrad(EpsPlacement::Outside, 0.5));
    assert_matches(t.params(), &outside);
    assert_matches(
        t.state("accumulator").unwrap(),
        &pts(&[[9.5, 0.75], [10.5, 4.75]]),
    );
    assert_misses(t.params(), &inside);
    assert_misses(t.params(), &outside_r0_zero);
    let t = on_sequence(&adagrad(EpsPlacement::Inside, 0.5));
    assert_matches(t.params(), &inside);
    assert_misses(t.params(), &outside);
    let t = on_sequence(&adagrad(EpsPlacement::Outside, 0.0));
    assert_matches(t.params(), &outside_r0_zero);
}

fn rmsprop(placement: EpsPlacement, bias_correction: bool) -> OptimizerConfig {
    OptimizerConfig::Rmsprop(RmspropConfig {
        lr: LearningRate::Constant(LR),
        decay: 0.9,
        eps: EPS,
        eps_placement: placement,
        bias_correction,
    })
}

#[test]
fn rmsprop_two_steps_placements_and_correction() {
    // r1 = 0.1 g1² = (0.9, 0.025); r2 = 0.9 r1 + 0.1 g2² = (0.91, 0.4225).
    // Corrected: r̂1 = r1/0.1, r̂2 = r2/0.19.
    let r1 = [0.9, 0.025];
    let r2 = [0.91, 0.4225];
    let want = |inside: bool, c1: f64, c2: f64| {
        let den = |r: f64| {
            if inside {
                (r + EPS).sqrt()
            } else {
                r.sqrt() + EPS
            }
        };
        let t1 = [
            1.0 - LR * 3.0 / den(r1[0] / c1),
            -1.0 + LR * 0.5 / den(r1[1] / c1),
        ];
        let t2 = [
            t1[0] + LR / den(r2[0] / c2),
            t1[1] - LR * 2.0 / den(r2[1] / c2),
        ];
        pts(&[[1.0, -1.0], t1, t2])
    };
    let cases = [
        (EpsPlacement::Outside, false, want(false, 1.0, 1.0)),
        (EpsPlacement::Inside, false, want(true, 1.0, 1.0)),
        (EpsPlacement::Outside, true, want(false, 0.1, 0.19)),
        (EpsPlacement::Inside, true, want(true, 0.1, 0.19)),
    ];
    for (i, (placement, corrected, expected)) in cases.iter().enumerate() {
        let t = on_sequence(&rmsprop(*placement, *corrected));
        assert_matches(t.params(), expected);
        assert_matches(t.state("v").unwrap(), &pts(&[r1, r2]));
        for (j, (_, _, other)) in cases.iter().enumerate() {
            if i != j {
                assert_misses(t.params(), other);
            }
        }
    }
}

fn adam(placement: EpsPlacement, bias_correction: bool) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig {
        lr: LearningRate::Constant(LR),
        beta1: 0.9,
        beta2: 0.999,
        eps: EPS,
        eps_placement: placement,
        bias_correction,
    })
}

#[test]
fn adam_two_steps_placements_and_correction() {
    // m1 = 0.1 g1 = (0.3, −0.05), v1 = 0.001 g1² = (0.009, 0.00025);
    // m2 = 0.9 m1 + 0.1 g2 = (0.17, 0.155), v2 = 0.999 v1 + 0.001 g2² = (0.009991, 0.00424975).
    let m: [[f64; 2]; 2] = [[0.3, -0.05], [0.17, 0.155]];
    let v: [[f64; 2]; 2] = [[0.009, 0.00025], [0.009991, 0.00424975]];
    let (bc1, bc2): ([f64; 2], [f64; 2]) = ([0.1, 0.19], [0.001, 0.001999]);
    // step(k, i) for each convention, k = 0, 1 (steps 1, 2), component i.
    let outside = |k: usize, i: usize| (m[k][i] / bc1[k]) / ((v[k][i] / bc2[k]).sqrt() + EPS);
    let inside = |k: usize, i: usize| (m[k][i] / bc1[k]) / (v[k][i] / bc2[k] + EPS).sqrt();
    let hat = |k: usize, i: usize| bc2[k].sqrt() / bc1[k] * m[k][i] / (v[k][i].sqrt() + EPS);
    let plain = |k: usize, i: usize| m[k][i] / (v[k][i].sqrt() + EPS);
    let plain_in = |k: usize, i: usize| m[k][i] / (v[k][i] + EPS).sqrt();
    let traj = |step: &dyn Fn(usize, usize) -> f64| {
        let t1 = [1.0 - LR * step(0, 0), -1.0 - LR * step(0, 1)];
        let t2 = [t1[0] - LR * step(1, 0), t1[1] - LR * step(1, 1)];
        pts(&[[1.0, -1.0], t1, t2])
    };
    let cases = [
        (EpsPlacement::Outside, true, traj(&outside)),
        (EpsPlacement::Inside, true, traj(&inside)),
        (EpsPlacement::Hat, true, traj(&hat)),
        (EpsPlacement::Outside, false, traj(&plain)),
        (EpsPlacement::Inside, false, traj(&plain_in)),
    ];
    for (i, (placement, corrected, expected)) in cases.iter().enumerate() {
        let t = on_sequence(&adam(*placement, *corrected));
        assert_matches(t.params(), expected);
        assert_matches(t.state("m").unwrap(), &pts(&m));
        assert_matches(t.state("v").unwrap(), &pts(&v));
        for (j, (_, _, other)) in cases.iter().enumerate() {
            if i != j {
                assert_misses(t.params(), other);
            }
        }
    }
    // Uncorrected `hat` has no correction factor left: it is uncorrected `outside`.
    assert_matches(
        on_sequence(&adam(EpsPlacement::Hat, false)).params(),
        &traj(&plain),
    );
}

#[test]
fn ema_three_values_all_inits() {
    // β = 0.5, x = 2, 4, 8. Zero: v = 1, 2.5, 5.25; debiased ÷(0.5, 0.75, 0.875) = 2, 10/3, 6;
    // first: w = 2, 3, 5.5 (= v_t + β^t x1).
    let xs: Vec<Array1<f64>> = [2.0, 4.0, 8.0].iter().map(|&x| array![x]).collect();
    let series = |init, debias| {
        let ema = Ema {
            decay: 0.5,
            init,
            debias,
        };
        ema_series(&ema, &xs).unwrap()
    };
    let col = |v: &[f64]| v.iter().map(|&x| array![x]).collect::<Vec<_>>();
    let zero = col(&[1.0, 2.5, 5.25]);
    let debiased = col(&[2.0, 10.0 / 3.0, 6.0]);
    let first = col(&[2.0, 3.0, 5.5]);
    assert_matches(&series(EmaInit::Zero, false), &zero);
    assert_matches(&series(EmaInit::Zero, true), &debiased);
    assert_matches(&series(EmaInit::First, false), &first);
    assert_misses(&series(EmaInit::Zero, true), &first);
    assert_misses(&series(EmaInit::First, false), &debiased);
    assert_misses(&series(EmaInit::Zero, false), &first);
    let bad = Ema {
        decay: 0.5,
        init: EmaInit::First,
        debias: true,
    };
    assert!(ema_series(&bad, &xs).is_err());
}
