use super::*;
use crate::math::env::SymbolKey;
use crate::math::parse_expr;
use crate::math::symbols::BaseKey;
use ndarray::array;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

fn ev(src: &str, env: &Env) -> Result<Value, EvalError> {
    eval(
        &parse_expr(src).unwrap_or_else(|e| panic!("{src}: {e}")),
        env,
    )
}

fn num(src: &str, env: &Env) -> f64 {
    ev(src, env)
        .unwrap_or_else(|e| panic!("{src}: {e}"))
        .as_scalar()
        .unwrap_or_else(|| panic!("{src}: not a scalar"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn random_vec(rng: &mut ChaCha8Rng, n: usize) -> Array1<f64> {
    Array1::from_shape_fn(n, |_| rng.random_range(-2.0..2.0))
}

#[test]
fn worked_arithmetic_from_the_notes() {
    let env = Env::new();
    assert!(close(
        num(r"2 \cdot \frac{2}{3} \cdot \frac{1}{3}", &env),
        4.0 / 9.0
    ));
    assert!(close(num(r"0.25^2 + 0.5^2 + 0.25^2", &env), 0.375));
    assert!(close(num(r"2^{20}/64", &env), 16384.0));
    assert!(close(num(r"0.9 \times 1.3 + 0.1 \times 17", &env), 2.87));
    assert!(close(num(r"81\%", &env), 0.81));
    assert!(close(num(r"\frac{1}{1-0.9}", &env), 10.0));
}

#[test]
fn bias_correction_cancels_for_random_values() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for _ in 0..20 {
        let rho: f64 = rng.random_range(0.01..0.99);
        let n = rng.random_range(2..6);
        let g = random_vec(&mut rng, n);
        let mut env = Env::new();
        env.set(r"\rho_1", rho)
            .unwrap()
            .set("g", g.clone())
            .unwrap();
        let v = ev(r"\frac{(1-\rho_1) g}{1-\rho_1}", &env).unwrap();
        let diff = v.max_rel_diff(&Value::Vector(g)).unwrap();
        assert!(diff < 1e-12, "{diff}");
    }
}

#[test]
fn matrix_geometric_series() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for _ in 0..10 {
        let a = Array2::from_shape_fn((3, 3), |_| rng.random_range(-0.25..0.25));
        let n = rng.random_range(1..8) as f64;
        let mut env = Env::new();
        env.set("A", a).unwrap().set("n", n).unwrap();
        env.set_identity("I", 3).unwrap();
        let lhs = ev(r"\sum_{i=0}^{n-1} A^i", &env).unwrap();
        let rhs = ev(r"(I-A)^{-1}(I-A^n)", &env).unwrap();
        assert!(lhs.max_rel_diff(&rhs).unwrap() < 1e-10);
        // A corrupted exponent must not match.
        let wrong = ev(r"(I-A)^{-1}(I-A^{n+1})", &env).unwrap();
        assert!(lhs.max_rel_diff(&wrong).unwrap() > 1e-6);
    }
}

#[test]
fn ewma_expansion_with_bound_values() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let beta: f64 = rng.random_range(0.1..0.95);
    let theta: Vec<f64> = (0..5).map(|_| rng.random_range(0.0..40.0)).collect();
    let mut env = Env::new();
    env.set(r"\beta", beta).unwrap();
    let mut v = 0.0;
    for (t, th) in theta.iter().enumerate().skip(1) {
        env.push_history(BaseKey::plain("theta"), t as i64, *th);
        v = beta * v + (1.0 - beta) * th;
        env.push_history(BaseKey::plain("V"), t as i64, v);
    }
    let expanded = num(
        r"\beta^3 (1-\beta) \theta_1 + \beta^2 (1-\beta) \theta_2 + \beta (1-\beta) \theta_3 + (1-\beta) \theta_4",
        &env,
    );
    assert!(close(expanded, v));
    let factored = num(
        r"(1-\beta) [\beta^3 \theta_1 + \beta^2 \theta_2 + \beta \theta_3 + \theta_4]",
        &env,
    );
    assert!(close(factored, v));
    assert!(close(
        num(r"\beta V_3 + (1-\beta) \theta_4", &env),
        num("V_4", &env)
    ));
}

#[test]
fn unrolled_momentum_sum_reads_a_history() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let (rho, alpha) = (0.8, 0.1);
    let mut env = Env::new();
    env.set(r"\rho_1", rho)
        .unwrap()
        .set(r"\alpha", alpha)
        .unwrap();
    let mut s = array![0.0, 0.0];
    for k in 0..6 {
        let g = random_vec(&mut rng, 2);
        s = if k == 0 {
            -alpha * &g
        } else {
            rho * &s - alpha * &g
        };
        env.push_history(BaseKey::plain("g"), k, g);
        env.push_history(BaseKey::plain("s"), k, s.clone());
    }
    env.set("k", 5.0).unwrap();
    let unrolled = ev(r"-\sum_{i=0}^k\rho_1^i \alpha g_{k-i}", &env).unwrap();
    let direct = ev("s_k", &env).unwrap();
    assert!(unrolled.max_rel_diff(&direct).unwrap() < 1e-12);
}

#[test]
fn linear_algebra_shapes() {
    let mut env = Env::new();
    env.set("g", array![1.0, 2.0])
        .unwrap()
        .set("H", array![[2.0, 0.0], [0.0, 3.0]])
        .unwrap();
    assert!(close(num(r"g^\top H g", &env), 14.0));
    assert!(close(num(r"g \cdot g", &env), 5.0));
    assert!(close(num(r"\|g\|_2^2", &env), 5.0));
    assert!(close(num(r"||g||", &env), 5f64.sqrt()));
    assert_eq!(ev(r"H g", &env).unwrap(), Value::Vector(array![2.0, 6.0]));
    assert_eq!(
        ev(r"g \odot g", &env).unwrap(),
        Value::Vector(array![1.0, 4.0])
    );
    assert_eq!(
        ev(r"g g^\top", &env).unwrap(),
        Value::Matrix(array![[1.0, 2.0], [2.0, 4.0]])
    );
    assert_eq!(
        ev(r"-H^{-1}g", &env).unwrap(),
        Value::Vector(array![-0.5, -2.0 / 3.0])
    );
    assert_eq!(
        ev(r"\begin{pmatrix} 1 \\ 2 \end{pmatrix} - 2 \cdot g", &env).unwrap(),
        Value::Vector(array![-1.0, -2.0])
    );
    assert!(matches!(ev("g g", &env), Err(EvalError::Shape { .. })));
    assert!(matches!(
        ev("g + [1, 2, 3]", &env),
        Err(EvalError::Shape { .. })
    ));
    env.set("S", array![[1.0, 2.0], [2.0, 4.0]]).unwrap();
    assert!(matches!(
        ev("S^{-1}", &env),
        Err(EvalError::Singular { .. })
    ));
}

#[test]
fn elementwise_functions() {
    let mut env = Env::new();
    env.set("z", array![-1.0, 0.0, 2.0]).unwrap();
    assert_eq!(
        ev(r"\max(0, z)", &env).unwrap(),
        Value::Vector(array![0.0, 0.0, 2.0])
    );
    assert_eq!(
        ev(r"\mathrm{sign}(z)", &env).unwrap(),
        Value::Vector(array![-1.0, 0.0, 1.0])
    );
    assert_eq!(
        ev(r"|z|", &env).unwrap(),
        Value::Vector(array![1.0, 0.0, 2.0])
    );
    assert!(matches!(
        ev(r"\sqrt{z}", &env),
        Err(EvalError::Domain { .. })
    ));
    assert!(matches!(ev(r"\log z", &env), Err(EvalError::Domain { .. })));
    assert!(matches!(
        ev(r"\frac{1}{0}", &env),
        Err(EvalError::NonFinite { .. })
    ));
    let cases = r"\begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{else} \end{cases}";
    env.set("x", 0.5).unwrap();
    assert_eq!(num(cases, &env), 1.0);
    env.set("x", -0.5).unwrap();
    assert_eq!(num(cases, &env), 0.0);
}

#[test]
fn symbols_need_bindings_and_constants_need_consent() {
    let err = ev(r"\hat{s} + 1", &Env::new()).unwrap_err();
    assert!(matches!(err, EvalError::Unbound { ref symbol, .. } if symbol == "s.hat"));
    assert!(matches!(
        ev("e", &Env::new()),
        Err(EvalError::Unbound { .. })
    ));
    assert!(close(
        num("e", &Env::new().with_constants(true)),
        std::f64::consts::E
    ));
    assert!(
        close(num(r"\pi", &Env::new()), std::f64::consts::PI),
        "pi needs no consent"
    );
    let mut env = Env::new();
    env.set("pi", 3.0).unwrap();
    assert_eq!(num(r"\pi", &env), 3.0, "a binding wins over pi");
    let mut env = Env::new().with_constants(true);
    env.set("e", 2.0).unwrap();
    assert_eq!(num("e", &env), 2.0, "a binding wins over the constant");
    let mut env = Env::new();
    env.bind(SymbolKey::parse("g_3").unwrap(), 7.0);
    env.set("k", 1.0).unwrap();
    assert_eq!(num("g_{k+2}", &env), 7.0);
    env.set("k", 1.5).unwrap();
    assert!(matches!(
        ev("g_{k+2}", &env),
        Err(EvalError::NonInteger { .. })
    ));
}

#[test]
fn functions_gradients_and_derivatives() {
    let mut env = Env::new();
    let square: crate::math::env::Function = Arc::new(|a: &[Value]| Ok(a[0].map(|x| x * x)));
    let double: crate::math::env::Function = Arc::new(|a: &[Value]| Ok(a[0].map(|x| 2.0 * x)));
    env.bind_fn(BaseKey::plain("f"), square.clone());
    env.bind_grad(BaseKey::plain("R"), double.clone());
    env.bind_derivative(BaseKey::plain("L"), BaseKey::plain("W"), double);
    env.set("W_0", 3.0).unwrap().set("W", 10.0).unwrap();
    env.set(r"\theta", 1.5)
        .unwrap()
        .set(r"\lambda", 2.0)
        .unwrap();
    env.set("w_1", 1.0).unwrap().set("w_2", 2.0).unwrap();
    assert_eq!(num("f(3)", &env), 9.0);
    assert_eq!(num(r"\nabla\mathcal{R}(\theta)", &env), 3.0);
    assert_eq!(num(r"\frac{\partial L}{\partial W}", &env), 20.0);
    assert_eq!(
        num(r"\frac{\partial L}{\partial W} \Big|_{W=W_0}", &env),
        6.0
    );
    assert_eq!(num(r"\frac{\partial L}{\partial W} \Big|_{W_0}", &env), 6.0);
    // `\lambda` is bound to a number, so `\lambda(…)` is a product.
    assert_eq!(num(r"\lambda(w_1^2 + w_2^2)", &env), 10.0);
    assert!(matches!(
        ev("h(1, 2)", &env),
        Err(EvalError::Unbound { .. })
    ));
}

#[test]
fn caps_are_errors_not_hangs() {
    let env = Env::new();
    assert!(matches!(
        ev(r"\sum_{i=0}^{100000000} i", &env),
        Err(EvalError::Limit { .. })
    ));
    assert!(matches!(
        ev(r"\sum_{i=1}^{900000}\sum_{j=1}^{900000} 1", &env),
        Err(EvalError::Limit { .. })
    ));
    let mut env = Env::new();
    env.set("A", array![[0.5, 0.0], [0.0, 0.5]]).unwrap();
    assert!(matches!(
        ev("A^{100000}", &env),
        Err(EvalError::Limit { .. })
    ));
    assert!(matches!(
        ev(r"\sum_{k=0}^\infty 0.5^k", &env),
        Err(EvalError::Unsupported { .. })
    ));
    assert_eq!(num(r"\sum_{i=3}^{2} i", &env), 0.0);
    assert_eq!(num(r"\prod_{i=1}^{4} i", &env), 24.0);
}

/// Seed 003, lines 610–611: `n = 2^{20}`, `m = 64`, and
/// `B_1 \dots n/m = B_1 \dots 16,384`. The arithmetic (`2^{20}/64`,
/// `\frac{2^{20}}{64}`, `n/m`) evaluates; the "cannot evaluate range" came
/// from the elisions `B_1 \dots n/m` and `B_1 \dots 16,384` (the minibatches
/// `B_1, …, B_{n/m}`), which are sequences of terms, not values.
#[test]
fn seed_003_minibatch_count() {
    let mut env = Env::new();
    env.set(r"\mathbf{n}", num(r"2^{20}", &Env::new())).unwrap();
    env.set(r"\mathbf{m}", 64.0).unwrap();
    env.set("n", 1048576.0).unwrap().set("m", 64.0).unwrap();
    assert_eq!(num(r"2^{20}/64", &env), 16384.0);
    assert_eq!(num(r"\frac{2^{20}}{64}", &env), 16384.0);
    assert_eq!(num("n/m", &env), 16384.0);
    assert_eq!(num("16,384", &env), 16384.0);
    let src = r"B_1 \dots n/m = B_1 \dots 16,384";
    let f = crate::math::parse_formula(src);
    assert_eq!(f.statements.len(), 1);
    let st = f.statements[0].as_ref().unwrap();
    assert!(matches!(st.head.kind, ExprKind::Range(..)));
    for (side, text) in [
        (&st.head, r"B_1 \dots n/m"),
        (&st.links[0].rhs, r"B_1 \dots 16,384"),
    ] {
        assert_eq!(&src[side.span.range()], text);
        let err = eval(side, &env).unwrap_err();
        let EvalError::Unsupported { construct, span } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*span, side.span);
        assert!(construct.contains("elision"), "{construct}");
        assert!(construct.contains("B_1 … "), "{construct}");
    }
    assert_eq!(
        eval(&st.head, &env).unwrap_err().to_string(),
        "cannot evaluate elision `B_1 … n / m` (a sequence of terms, not one value) at byte 0"
    );
    assert_eq!(
        eval(&st.links[0].rhs, &env).unwrap_err().to_string(),
        "cannot evaluate elision `B_1 … 16384` (a sequence of terms, not one value) at byte 16"
    );
}

#[test]
fn words_and_fonts_evaluate_as_their_symbols() {
    let mut env = Env::new();
    env.set(r"\mathrm{step\_size}", 0.1).unwrap();
    env.set("d", 3.0).unwrap().set("b_2", 5.0).unwrap();
    assert!(close(num(r"\text{step\_size} \cdot d", &env), 0.3));
    assert!(close(num(r"\mathrm{step\_size} \cdot d", &env), 0.3));
    assert_eq!(num(r"\textbf{b}_2 + \mathtt{b}_2", &env), 10.0);
    assert_eq!(num(r"\mathop{\mathrm{sgn}}(-d)", &env), -1.0);
}

#[test]
fn ceilings_and_floors_are_elementwise() {
    let mut env = Env::new();
    env.set("n", 7.0).unwrap();
    env.set("u", array![0.5, -1.5, 2.0]).unwrap();
    assert_eq!(num(r"\lceil n / 2 \rceil", &env), 4.0);
    assert_eq!(num(r"\lfloor n / 2 \rfloor", &env), 3.0);
    assert_eq!(num(r"\left\lfloor -0.5 \right\rfloor", &env), -1.0);
    let v = ev(r"\lceil u \rceil", &env).unwrap();
    assert_eq!(v, Value::Vector(array![1.0, -1.0, 2.0]));
    let v = ev(r"\lfloor u \rfloor", &env).unwrap();
    assert_eq!(v, Value::Vector(array![0.0, -2.0, 2.0]));
}

#[test]
fn max_and_min_over_integer_ranges() {
    let mut env = Env::new();
    env.set("n", 4.0).unwrap();
    for (k, x) in [3.0, -1.0, 5.0, 2.0].iter().enumerate() {
        env.set(&format!("u_{}", k + 1), *x).unwrap();
    }
    assert_eq!(num(r"\max_{1 \le j \le n} u_j", &env), 5.0);
    assert_eq!(num(r"\min_{1 \le j \le n} u_j", &env), -1.0);
    assert_eq!(num(r"\max_{1 \le j < n} u_j + 1", &env), 6.0);
    assert_eq!(num(r"\max_{j=1}^{2} u_j", &env), 3.0);
    assert_eq!(num(r"\min_{2 < j \le n} (j - 3.5)^2", &env), 0.25);
    // Elementwise over vectors.
    env.set("a_1", array![1.0, 4.0]).unwrap();
    env.set("a_2", array![3.0, 2.0]).unwrap();
    let v = ev(r"\max_{1 \le j \le 2} a_j", &env).unwrap();
    assert_eq!(v, Value::Vector(array![3.0, 4.0]));
    // Ranges that are not integer bounds are evaluation errors.
    assert!(matches!(
        ev(r"\max_{j} u_j", &env),
        Err(EvalError::Unsupported { .. })
    ));
    assert!(matches!(
        ev(r"\min_{z \in C} z", &env),
        Err(EvalError::Unsupported { .. })
    ));
    assert!(matches!(
        ev(r"\arg\min_{j} u_j", &env),
        Err(EvalError::Unsupported { .. })
    ));
    assert!(matches!(
        ev(r"\max_{3 \le j \le 2} u_j", &env),
        Err(EvalError::Domain { .. })
    ));
    // Sums take the same subscripts.
    assert_eq!(num(r"\sum_{1 \le j \le n} u_j", &env), 9.0);
    assert_eq!(num(r"\sum_{0 < j < 3} u_j", &env), 2.0);
}

#[test]
fn indicators_are_elementwise() {
    let mut env = Env::new();
    env.set("z", array![1.0, -1.0, 0.0, 2.0]).unwrap();
    env.set("g", array![3.0, 4.0, 5.0, 6.0]).unwrap();
    env.set("c", 0.5).unwrap();
    let v = ev(r"g \odot \mathbb{1}[z > 0]", &env).unwrap();
    assert_eq!(v, Value::Vector(array![3.0, 0.0, 0.0, 6.0]));
    let v = ev(r"\mathbb{1}_{z \le 0}", &env).unwrap();
    assert_eq!(v, Value::Vector(array![0.0, 1.0, 1.0, 0.0]));
    let v = ev(r"\mathbb{1}(0 < z \le 1)", &env).unwrap();
    assert_eq!(v, Value::Vector(array![1.0, 0.0, 0.0, 0.0]));
    assert_eq!(num(r"\mathbb{1}[c > 0]", &env), 1.0);
    assert_eq!(num(r"\mathbb{1}\{c = 1\}", &env), 0.0);
    assert!(matches!(
        ev(r"\mathbb{1}[c \in S]", &env),
        Err(EvalError::Unsupported { .. })
    ));
}

#[test]
fn partials_with_a_subscript_evaluate_as_gradients() {
    let mut env = Env::new();
    let double: crate::math::env::Function = Arc::new(|a: &[Value]| Ok(a[0].map(|x| 2.0 * x)));
    env.bind_grad(BaseKey::plain("R"), double);
    env.set(r"\theta", 1.5).unwrap();
    assert_eq!(num(r"\partial_{\theta} R(\theta)", &env), 3.0);
    assert_eq!(
        num(
            r"\partial_{\boldsymbol{\theta}} R(\boldsymbol{\theta})",
            &env
        ),
        num(r"\nabla_{\theta} R(\theta)", &env)
    );
}

#[test]
fn iterate_superscripts_evaluate_as_indexed_symbols() {
    let mut env = Env::new();
    env.set("k", 2.0).unwrap();
    env.set("u_1", 1.5).unwrap().set("u_2", 4.0).unwrap();
    env.set("v_{3, 2}", 7.0).unwrap().set("v_3", 0.5).unwrap();
    assert_eq!(
        num(r"u^{(k)} - u^{(k-1)}", &env),
        num(r"u_k - u_{k-1}", &env)
    );
    assert_eq!(num(r"u^{(k)} - u^{(k-1)}", &env), 2.5);
    assert_eq!(num(r"v_3^{(k)}", &env), 7.0);
    // A power stays a power.
    assert_eq!(num(r"v_3^{2}", &env), 0.25);
}
