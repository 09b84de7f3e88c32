//! Objectives (OPTIMIZERS.md §4): every exact gradient against central finite differences, the
//! lecture's ReLU numbers (I11), and the minibatch bookkeeping (I12).
use ndarray::{Array1, Array2, array};
use proptest::prelude::*;
use verideck::optim::objectives::{
    Hessian, LeastSquares, Minibatches, Objective, ObjectiveError, Quadratic, ReluNet, Rosenbrock,
};
use verideck::optim::{GradientSource, LearningRate, OptimizerConfig, SgdConfig, run};

/// Central differences (R(θ + h e_i) − R(θ − h e_i)) / 2h with h = 1e-5·max(1, |θ_i|), compared
/// per component within 1e-6·(1 + |g_i| + |R(θ)|).
fn check_gradient(f: &dyn Objective, theta: &Array1<f64>) -> Result<(), String> {
    let mut exact = Array1::zeros(theta.len());
    f.gradient(theta.view(), exact.view_mut());
    let r = f.loss(theta.view());
    for i in 0..theta.len() {
        let h = 1e-5 * theta[i].abs().max(1.0);
        let (mut up, mut down) = (theta.clone(), theta.clone());
        up[i] += h;
        down[i] -= h;
        let fd = (f.loss(up.view()) - f.loss(down.view())) / (2.0 * h);
        let tol = 1e-6 * (1.0 + exact[i].abs() + r.abs());
        if (fd - exact[i]).abs() > tol {
            return Err(format!(
                "component {i}: exact {} vs finite difference {fd} at {theta}",
                exact[i]
            ));
        }
    }
    Ok(())
}

fn vector(dim: usize, scale: f64) -> impl Strategy<Value = Array1<f64>> {
    prop::collection::vec(-scale..scale, dim).prop_map(Array1::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn quadratic_diagonal_gradient(d in vector(4, 5.0), theta in vector(4, 3.0)) {
        let q = Quadratic::diagonal(d.clone()).unwrap();
        prop_assert!(check_gradient(&q, &theta).is_ok());
        // ∇R = dθ exactly.
        let mut g = Array1::zeros(4);
        q.gradient(theta.view(), g.view_mut());
        prop_assert_eq!(g, &d * &theta);
    }

    #[test]
    fn quadratic_full_gradient(seed in 0u64..10_000, kappa in 1.0..1e3f64, b in vector(5, 2.0), theta in vector(5, 3.0)) {
        let q = Quadratic::conditioned(5, kappa, seed).unwrap().with_linear(b).unwrap();
        prop_assert!(check_gradient(&q, &theta).is_ok());
        // Every Rayleigh quotient of H = QΛQᵀ lies in [λmin, λmax] = [1, κ].
        let Hessian::Full(h) = q.hessian() else { panic!("conditioned() is full") };
        let rq = theta.dot(&h.dot(&theta)) / theta.dot(&theta);
        prop_assert!((1.0 - 1e-9..=kappa * (1.0 + 1e-9)).contains(&rq), "Rayleigh quotient {rq}");
        prop_assert!((h.diag().sum() - (0..5).map(|i| kappa.powf(i as f64 / 4.0)).sum::<f64>()).abs() < 1e-9 * kappa * 5.0);
    }

    #[test]
    fn rosenbrock_gradient(theta in (2usize..7).prop_flat_map(|d| vector(d, 2.0))) {
        let r = Rosenbrock::new(theta.len()).unwrap();
        prop_assert!(check_gradient(&r, &theta).is_ok(), "{:?}", check_gradient(&r, &theta));
    }

    #[test]
    fn relu_net_gradient(
        data in prop::collection::vec((0.2..3.0f64, any::<bool>(), -2.0..2.0f64), 1..8),
        w1 in 0.2..2.0f64, w1_negative in any::<bool>(), w2 in -3.0..3.0f64,
    ) {
        // |w1 x_i| ≥ 0.04 keeps every point away from the ReLU kink.
        let xs = data.iter().map(|&(x, neg, _)| if neg { -x } else { x }).collect();
        let ys = data.iter().map(|&(_, _, y)| y).collect();
        let net = ReluNet::new(xs, ys).unwrap();
        let w1 = if w1_negative { -w1 } else { w1 };
        prop_assert!(check_gradient(&net, &array![w1, w2]).is_ok());
    }

    #[test]
    fn least_squares_gradient(seed in 0u64..10_000, theta in vector(3, 3.0)) {
        let ls = LeastSquares::random(20, 3, 0.1, seed).unwrap();
        prop_assert!(check_gradient(&ls, &theta).is_ok());
    }

    /// At fixed θ the mean of an equal-size partition's batch gradients is exactly ∇R, for every
    /// epoch's permutation.
    #[test]
    fn minibatch_mean_is_full_gradient(seed in 0u64..10_000, epoch in 0u64..5, theta in vector(3, 3.0)) {
        let ls = LeastSquares::random(24, 3, 0.1, seed).unwrap();
        let mb = Minibatches::new(ls.clone(), 6, seed).unwrap();
        let batches = mb.batches(epoch);
        prop_assert_eq!(batches.len(), 4);
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        prop_assert_eq!(all, (0..24).collect::<Vec<_>>());
        let mut mean = Array1::<f64>::zeros(3);
        let mut g = Array1::zeros(3);
        for batch in &batches {
            ls.batch_gradient(theta.view(), batch, g.view_mut());
            mean += &(&g / 4.0);
        }
        let mut full = Array1::zeros(3);
        ls.gradient(theta.view(), full.view_mut());
        for (m, f) in mean.iter().zip(&full) {
            prop_assert!((m - f).abs() <= 1e-12 * (1.0 + f.abs()));
        }
    }
}

#[test]
fn relu_lecture_example_i11() {
    // x = 1, y = 0, w1 = 1/3, w2 = 2: ŷ = 2/3, L = 4/9, ∂L/∂w1 = 8/3, ∂L/∂w2 = 4/9.
    let net = ReluNet::lecture();
    let theta = array![1.0 / 3.0, 2.0];
    let mut g = Array1::zeros(2);
    net.gradient(theta.view(), g.view_mut());
    assert!((g[0] - 8.0 / 3.0).abs() < 1e-15, "∂L/∂w1 = {}", g[0]);
    assert!((g[1] - 4.0 / 9.0).abs() < 1e-15, "∂L/∂w2 = {}", g[1]);
    assert!((net.loss(theta.view()) - 4.0 / 9.0).abs() < 1e-15);
    // The swapped assignment (4/9, 8/3) is not what the net gives.
    assert!((g[0] - 4.0 / 9.0).abs() > 1.0);
    // ReLU′(0) := 0 and a dead unit pass no gradient to w1.
    net.gradient(array![-1.0, 2.0].view(), g.view_mut());
    assert_eq!(g, array![0.0, 0.0]);
    net.gradient(array![0.0, 2.0].view(), g.view_mut());
    assert_eq!(g, array![0.0, 0.0]);
    // At the kink with a nonzero error (y = 1, e = −1) ReLU′(0) = 0 still blocks w1's gradient.
    let off = ReluNet::new(vec![1.0], vec![1.0]).unwrap();
    off.gradient(array![0.0, 2.0].view(), g.view_mut());
    assert_eq!(g, array![0.0, 0.0]);
}

#[test]
fn rosenbrock_minimum_and_value() {
    let r = Rosenbrock::new(4).unwrap();
    assert_eq!(r.loss(Array1::ones(4).view()), 0.0);
    let mut g = Array1::zeros(4);
    r.gradient(Array1::ones(4).view(), g.view_mut());
    assert_eq!(g, Array1::<f64>::zeros(4));
    // (−1, 1): 100·(1 − 1)² + (1 − (−1))² = 4.
    assert_eq!(
        Rosenbrock::new(2).unwrap().loss(array![-1.0, 1.0].view()),
        4.0
    );
    assert!(Rosenbrock::new(1).is_err());
}

#[test]
fn minibatches_per_epoch_i12() {
    // 2^20 rows in batches of 64: 2^14 = 16384 steps per epoch.
    let n = 1 << 20;
    let ls = LeastSquares::new(Array2::ones((n, 1)), Array1::zeros(n)).unwrap();
    assert_eq!(
        Minibatches::new(ls, 64, 0).unwrap().batches_per_epoch(),
        16384
    );
    // When m does not divide n there are ⌈n/m⌉ batches, the last one short.
    let small = LeastSquares::random(10, 2, 0.0, 1).unwrap();
    let mb = Minibatches::new(small.clone(), 4, 3).unwrap();
    assert_eq!(mb.batches_per_epoch(), 3);
    let sizes: Vec<usize> = mb.batches(0).iter().map(Vec::len).collect();
    assert_eq!(sizes, [4, 4, 2]);
    // Seeded: the same seed repeats an epoch; other epochs and seeds permute differently.
    assert_eq!(
        mb.batches(1),
        Minibatches::new(small.clone(), 4, 3).unwrap().batches(1)
    );
    assert_ne!(mb.batches(0), mb.batches(1));
    assert_ne!(
        mb.batches(0),
        Minibatches::new(small, 4, 4).unwrap().batches(0)
    );
}

#[test]
fn minibatch_sgd_uses_one_batch_per_step() {
    let ls = LeastSquares::random(12, 2, 0.1, 5).unwrap();
    let mut mb = Minibatches::new(ls.clone(), 4, 9).unwrap();
    let config = OptimizerConfig::Sgd(SgdConfig {
        lr: LearningRate::Constant(0.05),
    });
    let t = run(&config, &mut mb, array![0.5, -0.5].view(), 6).unwrap();
    let batches: Vec<Vec<usize>> = [mb.batches(0), mb.batches(1)].concat();
    for k in 1..=6 {
        let mut want = Array1::zeros(2);
        ls.batch_gradient(t.theta[k - 1].view(), &batches[k - 1], want.view_mut());
        assert_eq!(t.grads[k - 1], want, "step {k}");
    }
    // The recorded loss is the full-batch R.
    assert_eq!(t.loss.as_ref().unwrap()[3], ls.loss(t.theta[3].view()));
    assert_eq!(mb.available_steps(), None);
}

#[test]
fn objectives_reject_bad_data() {
    let asym = array![[1.0, 2.0], [0.0, 1.0]];
    assert!(matches!(
        Quadratic::full(asym),
        Err(ObjectiveError::Value(_))
    ));
    assert!(matches!(
        Quadratic::full(Array2::zeros((2, 3))),
        Err(ObjectiveError::Shape(_))
    ));
    assert!(Quadratic::diagonal(array![1.0, f64::NAN]).is_err());
    assert!(
        Quadratic::diagonal(array![1.0])
            .unwrap()
            .with_linear(array![1.0, 2.0])
            .is_err()
    );
    assert!(ReluNet::new(vec![1.0], vec![]).is_err());
    assert!(LeastSquares::new(Array2::zeros((3, 2)), Array1::zeros(2)).is_err());
    let ls = LeastSquares::random(5, 2, 0.0, 0).unwrap();
    assert!(Minibatches::new(ls.clone(), 0, 0).is_err());
    assert!(Minibatches::new(ls, 6, 0).is_err());
}
