//! The identities of OPTIMIZERS.md §3 as properties over random gradients, step sizes and
//! decays. Each property also checks that the nearby wrong statement fails (§6).
use ndarray::{Array1, array};
use proptest::prelude::*;
use verideck::optim::ema::{Ema, EmaInit, ema_series};
use verideck::optim::objectives::{Objective, Quadratic};
use verideck::optim::tolerance::compare;
use verideck::optim::*;

fn within(got: &[Array1<f64>], want: &[Array1<f64>]) -> bool {
    compare(got, want).pass
}

/// Fails the §6 tolerance by at least 1e-6 relative: the "wrong form" check.
fn misses(got: &[Array1<f64>], want: &[Array1<f64>]) -> bool {
    let c = compare(got, want);
    !c.pass && c.worst_rel_error >= 1e-6
}

fn seq(grads: &[Vec<f64>]) -> GradientSequence {
    GradientSequence::new(grads.iter().map(|g| Array1::from(g.clone())).collect()).unwrap()
}

fn run_seq(config: &OptimizerConfig, grads: &[Vec<f64>]) -> Trajectory {
    let dim = grads[0].len();
    run(
        config,
        &mut seq(grads),
        Array1::zeros(dim).view(),
        grads.len(),
    )
    .unwrap()
}

/// A component of a gradient: magnitude in [0.1, 10], either sign.
fn component() -> impl Strategy<Value = f64> {
    (0.1..10.0f64, any::<bool>()).prop_map(|(m, neg)| if neg { -m } else { m })
}

fn grads(dim: usize, len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Vec<f64>>> {
    prop::collection::vec(prop::collection::vec(component(), dim), len)
}

fn sgd(lr: LearningRate) -> OptimizerConfig {
    OptimizerConfig::Sgd(SgdConfig { lr })
}

fn momentum(lr: LearningRate, rho: f64, form: MomentumForm) -> OptimizerConfig {
    OptimizerConfig::Momentum(MomentumConfig {
        lr,
        momentum: rho,
        momentum_form: form,
    })
}

fn nesterov(
    lr: LearningRate,
    rho: f64,
    form: NesterovForm,
    scaling: MomentumForm,
) -> OptimizerConfig {
    OptimizerConfig::Nesterov(NesterovConfig {
        lr,
        momentum: rho,
        nesterov_form: form,
        momentum_form: scaling,
    })
}

fn adam(
    beta1: f64,
    beta2: f64,
    eps: f64,
    placement: EpsPlacement,
    corrected: bool,
) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig {
        lr: LearningRate::Constant(0.1),
        beta1,
        beta2,
        eps,
        eps_placement: placement,
        bias_correction: corrected,
    })
}

fn rmsprop(decay: f64, eps: f64, placement: EpsPlacement, corrected: bool) -> OptimizerConfig {
    OptimizerConfig::Rmsprop(RmspropConfig {
        lr: LearningRate::Constant(0.1),
        decay,
        eps,
        eps_placement: placement,
        bias_correction: corrected,
    })
}

fn adagrad(eps: f64, placement: EpsPlacement, r0: f64) -> OptimizerConfig {
    OptimizerConfig::Adagrad(AdagradConfig {
        lr: LearningRate::Constant(0.1),
        eps,
        eps_placement: placement,
        initial_accumulator: r0,
    })
}

/// A random SPD quadratic with a linear term, θ0 and its dimension.
fn quadratic(seed: u64) -> (Quadratic, Array1<f64>) {
    let q = Quadratic::conditioned(3, 10.0, seed).unwrap();
    let q = q.with_linear(array![0.5, -1.0, 2.0]).unwrap();
    (q, array![1.0, -2.0, 0.5])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// I1: ρ = 0 turns momentum (both forms) and Nesterov (all forms) into SGD for any α_k;
    /// with ρ > 0 the second step differs. The first step is SGD's for every ρ.
    #[test]
    fn i1_rho_zero_is_sgd(
        g in grads(3, 2..8),
        lrs in prop::collection::vec(0.01..1.0f64, 8),
        rho in 0.1..0.95f64,
    ) {
        let lr = LearningRate::PerStep(lrs);
        let plain = run_seq(&sgd(lr.clone()), &g);
        let (q, theta0) = quadratic(7);
        let on_q = |c: &OptimizerConfig| run(c, &mut q.clone(), theta0.view(), g.len()).unwrap();
        let plain_q = on_q(&sgd(lr.clone()));
        let mut variants = vec![
            momentum(lr.clone(), 0.0, MomentumForm::Velocity),
            momentum(lr.clone(), 0.0, MomentumForm::Buffer),
        ];
        for (form, scaling) in [
            (NesterovForm::Lookahead, MomentumForm::Velocity),
            (NesterovForm::Stored, MomentumForm::Velocity),
            (NesterovForm::Stored, MomentumForm::Buffer),
        ] {
            variants.push(nesterov(lr.clone(), 0.0, form, scaling));
        }
        for config in &variants {
            prop_assert!(within(run_seq(config, &g).params(), plain.params()));
            prop_assert!(within(on_q(config).params(), plain_q.params()));
        }
        let heavy = run_seq(&momentum(lr.clone(), rho, MomentumForm::Velocity), &g);
        prop_assert!(within(&heavy.params()[..2], &plain.params()[..2]));
        prop_assert!(misses(&heavy.params()[..3], &plain.params()[..3]));
        let look = on_q(&nesterov(lr, rho, NesterovForm::Lookahead, MomentumForm::Velocity));
        prop_assert!(within(&look.params()[..2], &plain_q.params()[..2]));
    }

    /// Velocity and buffer momentum give the same θ for a constant α (on an objective, so the
    /// gradients depend on θ); under a schedule with α1 ≠ α2 they part at step 2.
    #[test]
    fn momentum_forms_agree_for_constant_lr(
        seed in 0u64..1000, lr in 0.01..0.3f64, rho in 0.1..0.95f64, factor in 1.5..4.0f64,
    ) {
        let (q, theta0) = quadratic(seed);
        let on_q = |c: &OptimizerConfig| run(c, &mut q.clone(), theta0.view(), 12).unwrap();
        let c = LearningRate::Constant(lr);
        let v = on_q(&momentum(c.clone(), rho, MomentumForm::Velocity));
        let b = on_q(&momentum(c, rho, MomentumForm::Buffer));
        prop_assert!(within(b.params(), v.params()));
        // s_k = −α b_k.
        let s: Vec<Array1<f64>> = b.state("buffer").unwrap().iter().map(|b| b * -lr).collect();
        prop_assert!(within(&s, v.state("velocity").unwrap()));
        let schedule = LearningRate::PerStep(vec![lr, lr * factor, lr, lr * factor]);
        let on_q4 = |c: &OptimizerConfig| run(c, &mut q.clone(), theta0.view(), 4).unwrap();
        let vs = on_q4(&momentum(schedule.clone(), rho, MomentumForm::Velocity));
        let bs = on_q4(&momentum(schedule, rho, MomentumForm::Buffer));
        prop_assert!(within(&bs.params()[..2], &vs.params()[..2]));
        prop_assert!(misses(bs.params(), vs.params()));
    }

    /// I10: the look-ahead and stored Nesterov forms see the same gradients; the look-ahead
    /// form's θ equals the stored form's θ_k = φ_k − ρ s_k and vice versa, while the reported
    /// points differ by ρ s_k. Also 004's rewrite m_k = (θ_{k−1} − φ_{k−1}) + α∇R(φ_{k−1}).
    #[test]
    fn i10_nesterov_forms_agree(seed in 0u64..1000, lr in 0.01..0.3f64, rho in 0.5..0.95f64) {
        let (q, theta0) = quadratic(seed);
        let on_q = |form, scaling| {
            run(&nesterov(LearningRate::Constant(lr), rho, form, scaling), &mut q.clone(), theta0.view(), 15)
                .unwrap()
        };
        let look = on_q(NesterovForm::Lookahead, MomentumForm::Velocity);
        for scaling in [MomentumForm::Velocity, MomentumForm::Buffer] {
            let stored = on_q(NesterovForm::Stored, scaling);
            prop_assert!(within(&stored.grads, &look.grads));
            prop_assert!(within(&stored.theta, &look.theta));
            prop_assert!(within(stored.phi.as_ref().unwrap(), look.phi.as_ref().unwrap()));
            prop_assert!(misses(stored.params(), look.params()));
            // The libraries' loss is R(φ_k), the notes' R(θ_k).
            let phi_loss: Vec<f64> = stored.params().iter().map(|p| q.loss(p.view())).collect();
            prop_assert_eq!(stored.loss.as_ref().unwrap(), &phi_loss);
        }
        let phi = look.phi.as_ref().unwrap();
        let s = look.state("velocity").unwrap();
        for k in 1..=look.steps() {
            let m_k = -&s[k - 1];
            let rewrite = (&look.theta[k - 1] - &phi[k - 1]) + &look.grads[k - 1] * lr;
            prop_assert!(within(&[m_k], &[rewrite]));
            prop_assert!(within(&[&look.theta[k] + &(&s[k - 1] * rho)], &[phi[k].clone()]));
        }
    }

    /// I4: under a constant gradient s_k = −αg(1−ρ^k)/(1−ρ) at every k (not the 0-based
    /// (1−ρ^{k+1})), reaching −αg/(1−ρ) within relative ρ^k after ⌈ln 1e-13 / ln ρ⌉ steps;
    /// the buffer tends to g/(1−ρ), and Nesterov's velocity to the same limit.
    #[test]
    fn i4_constant_gradient_limit(g in prop::collection::vec(component(), 2), lr in 0.01..1.0f64, rho in 0.05..0.95f64) {
        let g = Array1::from(g);
        let steps = (1e-13f64.ln() / rho.ln()).ceil() as usize;
        // R = gᵀθ: a zero Hessian and linear term −g give ∇R = g everywhere.
        let linear = Quadratic::diagonal(Array1::zeros(2)).unwrap().with_linear(-&g).unwrap();
        let on_r = |c: &OptimizerConfig| run(c, &mut linear.clone(), Array1::zeros(2).view(), steps).unwrap();
        let closed = |k: usize, extra: i32| &g * (-lr * (1.0 - rho.powi(k as i32 + extra)) / (1.0 - rho));
        let limit = &g * (-lr / (1.0 - rho));
        let c = LearningRate::Constant(lr);
        for config in [
            momentum(c.clone(), rho, MomentumForm::Velocity),
            nesterov(c.clone(), rho, NesterovForm::Lookahead, MomentumForm::Velocity),
            nesterov(c.clone(), rho, NesterovForm::Stored, MomentumForm::Velocity),
        ] {
            let t = on_r(&config);
            let s = t.state("velocity").unwrap();
            let want: Vec<_> = (1..=steps).map(|k| closed(k, 0)).collect();
            prop_assert!(within(s, &want));
            let zero_based: Vec<_> = (1..=steps).map(|k| closed(k, 1)).collect();
            prop_assert!(misses(s, &zero_based));
            let last = &s[steps - 1];
            for (got, want) in last.iter().zip(&limit) {
                let bound = rho.powi(steps as i32) * want.abs() + 1e-12 * want.abs().max(1.0);
                prop_assert!((got - want).abs() <= bound);
            }
        }
        let b = on_r(&momentum(c, rho, MomentumForm::Buffer));
        let b_last = &b.state("buffer").unwrap()[steps - 1];
        let b_limit = &g / (1.0 - rho);
        for (got, want) in b_last.iter().zip(&b_limit) {
            prop_assert!((got - want).abs() <= rho.powi(steps as i32) * want.abs() + 1e-12 * want.abs().max(1.0));
        }
    }

    /// I2/I3: on random gradient sequences s_k = −Σ_{i=0}^{k−1} ρ^i α_{k−i} g_{k−i} (velocity,
    /// schedule weights each term by its own α); the buffer form instead gives −α_k Σ ρ^i g_{k−i}.
    /// With a constant α, s_k = −(α/(1−ρ)) v_k for the zero-start EMA v of g with β = ρ.
    #[test]
    fn i2_unrolled_sum(
        g in grads(2, 1..12),
        lrs in prop::collection::vec(0.01..1.0f64, 12),
        rho in 0.05..0.95f64,
    ) {
        let n = g.len();
        let gs: Vec<Array1<f64>> = g.iter().map(|v| Array1::from(v.clone())).collect();
        let unrolled = |k: usize, weight: &dyn Fn(usize) -> f64| {
            (0..k).fold(Array1::zeros(2), |acc: Array1<f64>, i| acc - &gs[k - 1 - i] * (rho.powi(i as i32) * weight(i)))
        };
        let schedule = LearningRate::PerStep(lrs.clone());
        let v = run_seq(&momentum(schedule.clone(), rho, MomentumForm::Velocity), &g);
        let own: Vec<_> = (1..=n).map(|k| unrolled(k, &|i| lrs[k - 1 - i])).collect();
        let current: Vec<_> = (1..=n).map(|k| unrolled(k, &|_| lrs[k - 1])).collect();
        prop_assert!(within(v.state("velocity").unwrap(), &own));
        let b = run_seq(&momentum(schedule, rho, MomentumForm::Buffer), &g);
        let s_buffer: Vec<_> = b.state("buffer").unwrap().iter().enumerate().map(|(k, b)| b * -lrs[k]).collect();
        prop_assert!(within(&s_buffer, &current));
        if n >= 2 && (lrs[0] - lrs[1]).abs() > 0.01 {
            prop_assert!(misses(v.state("velocity").unwrap(), &current));
        }
        // I3 with a constant α.
        let lr = lrs[0];
        let c = run_seq(&momentum(LearningRate::Constant(lr), rho, MomentumForm::Velocity), &g);
        let ema = ema_series(&Ema { decay: rho, init: EmaInit::Zero, debias: false }, &gs).unwrap();
        let scaled: Vec<_> = ema.iter().map(|v| v * (-lr / (1.0 - rho))).collect();
        prop_assert!(within(c.state("velocity").unwrap(), &scaled));
    }

    /// I5: Adam's corrected first step is AdaGrad's first step (r0 = 0, same placement):
    /// −α g/(|g| + ε) outside, −α g/√(g² + ε) inside, magnitude α|g|/(|g|+ε) per component, and
    /// zero where g = 0. AdaGrad with r0 > 0, and Keras's `hat`, give other steps.
    #[test]
    fn i5_adam_first_step_is_adagrads(
        g in prop::collection::vec(0.01..1.0f64, 3),
        negative in any::<bool>(),
        beta1 in 0.0..0.99f64, beta2 in 0.5..0.9999f64, eps in 1e-4..1e-2f64,
    ) {
        let mut g = g;
        if negative { g[1] = -g[1]; }
        g.push(0.0);
        let seq1 = [g.clone()];
        for placement in [EpsPlacement::Outside, EpsPlacement::Inside] {
            let a = run_seq(&adam(beta1, beta2, eps, placement, true), &seq1);
            let ada = run_seq(&adagrad(eps, placement, 0.0), &seq1);
            prop_assert!(within(a.params(), ada.params()));
            let want: Vec<f64> = g.iter().map(|&x| match placement {
                EpsPlacement::Outside => -0.1 * x / (x.abs() + eps),
                _ => -0.1 * x / (x * x + eps).sqrt(),
            }).collect();
            prop_assert!(within(&a.params()[1..], &[Array1::from(want)]));
            prop_assert_eq!(a.params()[1][3], 0.0);
            prop_assert!(misses(run_seq(&adagrad(eps, placement, 0.1), &seq1).params(), a.params()));
        }
        let outside = run_seq(&adam(beta1, beta2, eps, EpsPlacement::Outside, true), &seq1);
        for (theta, &x) in outside.params()[1].iter().zip(&g) {
            let magnitude = 0.1 * x.abs() / (x.abs() + eps);
            prop_assert!((theta.abs() - magnitude).abs() <= 1e-12 * magnitude.max(1e-300) + 1e-18);
            // ≈ −α sign(g) within α ε/|g| (outside).
            if x != 0.0 {
                prop_assert!((theta + 0.1 * x.signum()).abs() <= 0.1 * eps / x.abs() + 1e-15);
            }
        }
        let hat = run_seq(&adam(beta1, beta2, eps, EpsPlacement::Hat, true), &seq1);
        prop_assert!(misses(hat.params(), outside.params()));
    }

    /// Bias-corrected first moment: ŝ_1 = s_1/(1−ρ1) = g_1 and r̂_1 = g_1² for any ρ1, ρ2;
    /// the uncorrected s_1 = (1−ρ1) g_1 is not g_1.
    #[test]
    fn corrected_first_moment_is_g(g in prop::collection::vec(component(), 3), beta1 in 0.1..0.99f64, beta2 in 0.5..0.9999f64) {
        let t = run_seq(&adam(beta1, beta2, 1e-8, EpsPlacement::Outside, true), std::slice::from_ref(&g));
        let g = Array1::from(g);
        let m1 = &t.state("m").unwrap()[0];
        let v1 = &t.state("v").unwrap()[0];
        prop_assert!(within(&[m1 / (1.0 - beta1)], std::slice::from_ref(&g)));
        prop_assert!(within(&[v1 / (1.0 - beta2)], &[&g * &g]));
        prop_assert!(misses(std::slice::from_ref(m1), std::slice::from_ref(&g)));
    }

    /// I7: RMSProp's uncorrected first step (outside) is −α g/(√(1−ρ)|g| + ε): within
    /// ε/((1−ρ)|g|) of 1/√(1−ρ) times the corrected step, which is Adam's/AdaGrad's step (I5).
    #[test]
    fn i7_rmsprop_first_step(g in prop::collection::vec(component(), 3), rho in 0.5..0.999f64, eps in 1e-10..1e-6f64) {
        let seq1 = [g.clone()];
        let plain = run_seq(&rmsprop(rho, eps, EpsPlacement::Outside, false), &seq1);
        let corrected = run_seq(&rmsprop(rho, eps, EpsPlacement::Outside, true), &seq1);
        let c = (1.0 - rho).sqrt();
        let want: Vec<f64> = g.iter().map(|&x| -0.1 * x / (c * x.abs() + eps)).collect();
        prop_assert!(within(&plain.params()[1..], &[Array1::from(want)]));
        for ((p, q), &x) in plain.params()[1].iter().zip(&corrected.params()[1]).zip(&g) {
            let ratio = p / q;
            prop_assert!((ratio - 1.0 / c).abs() <= eps / (c * c * x.abs()) + 1e-12 / c);
        }
        let ada = run_seq(&adagrad(eps, EpsPlacement::Outside, 0.0), &seq1);
        prop_assert!(within(corrected.params(), ada.params()));
        prop_assert!(misses(plain.params(), corrected.params()));
    }

    /// I6: under a constant gradient every corrected Adam step equals step 1 (outside and
    /// inside); `hat` and uncorrected Adam do not keep a constant step.
    #[test]
    fn i6_adam_constant_gradient(g in prop::collection::vec(component(), 2), beta1 in 0.1..0.99f64, beta2 in 0.5..0.999f64) {
        let seq: Vec<Vec<f64>> = vec![g; 6];
        let steps_of = |t: &Trajectory| {
            t.params().windows(2).map(|w| &w[1] - &w[0]).collect::<Vec<_>>()
        };
        for placement in [EpsPlacement::Outside, EpsPlacement::Inside] {
            let d = steps_of(&run_seq(&adam(beta1, beta2, 1e-3, placement, true), &seq));
            prop_assert!(within(&d, &vec![d[0].clone(); d.len()]));
        }
        for config in [adam(beta1, beta2, 1.0, EpsPlacement::Hat, true), adam(beta1, beta2, 1e-3, EpsPlacement::Outside, false)] {
            let d = steps_of(&run_seq(&config, &seq));
            prop_assert!(misses(&d, &vec![d[0].clone(); d.len()]));
        }
    }

    /// I8: Adam with ρ1 = 0 is RMSProp with ρ = ρ2, corrected, same placement; uncorrected
    /// RMSProp is not.
    #[test]
    fn i8_adam_without_momentum_is_rmsprop(g in grads(3, 1..10), beta2 in 0.5..0.999f64, eps in 1e-4..1e-2f64) {
        for placement in [EpsPlacement::Outside, EpsPlacement::Inside] {
            let a = run_seq(&adam(0.0, beta2, eps, placement, true), &g);
            let r = run_seq(&rmsprop(beta2, eps, placement, true), &g);
            prop_assert!(within(a.params(), r.params()));
            prop_assert!(misses(run_seq(&rmsprop(beta2, eps, placement, false), &g).params(), a.params()));
        }
    }

    /// I9: the zero-start EMA is Σ (1−β) β^{t−i} x_i, its weights sum to 1 − β^t (constant x:
    /// v_t = (1−β^t) x, v̂_t = x); the first-value start is w_t = v_t + β^t x_1, and v̂_2 ≠ w_2.
    #[test]
    fn i9_ema_weights(xs in prop::collection::vec(component(), 2..15), beta in 0.05..0.99f64) {
        let xs: Vec<Array1<f64>> = xs.iter().map(|&x| array![x]).collect();
        let series = |init, debias| ema_series(&Ema { decay: beta, init, debias }, &xs).unwrap();
        let zero = series(EmaInit::Zero, false);
        let expanded: Vec<Array1<f64>> = (1..=xs.len())
            .map(|t| (1..=t).fold(array![0.0], |acc, i| acc + &xs[i - 1] * ((1.0 - beta) * beta.powi((t - i) as i32))))
            .collect();
        prop_assert!(within(&zero, &expanded));
        let ones = vec![array![1.0]; xs.len()];
        let weights = ema_series(&Ema { decay: beta, init: EmaInit::Zero, debias: false }, &ones).unwrap();
        let sums: Vec<_> = (1..=xs.len()).map(|t| array![1.0 - beta.powi(t as i32)]).collect();
        prop_assert!(within(&weights, &sums));
        let debiased = ema_series(&Ema { decay: beta, init: EmaInit::Zero, debias: true }, &ones).unwrap();
        prop_assert!(within(&debiased, &ones));
        let first = series(EmaInit::First, false);
        let shifted: Vec<_> = zero.iter().enumerate().map(|(i, v)| v + &xs[0] * beta.powi(i as i32 + 1)).collect();
        prop_assert!(within(&first, &shifted));
        if (xs[0][0] - xs[1][0]).abs() > 0.1 {
            let hat = series(EmaInit::Zero, true);
            prop_assert!(misses(&hat[1..2], &first[1..2]));
            prop_assert!(within(&hat[..1], &first[..1]));
        }
    }
}
