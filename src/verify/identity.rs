//! Plain identities and worked arithmetic: a link `lhs R rhs` whose free
//! symbols are unindexed is tested by binding them to random values
//! (scalars first, then vectors and matrices where the formula needs
//! them) over many seeded trials; a link without free symbols is worked
//! arithmetic, compared with a tolerance that follows the printed
//! precision of its result. Infinite sums are truncated far enough that
//! the dropped tail is below the tolerance for the sampled values.
use crate::math::ast::{Expr, ExprKind as K, Rel};
use crate::math::env::SymbolKey;
use crate::math::{BaseKey, Env, EvalError, Value, eval};
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::compare::{abs_error, rel_error, show};
use crate::verify::symbols_used::Uses;
use ndarray::{Array1, Array2};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// Random trials per shape assignment.
pub(crate) const TRIALS: usize = 16;
/// Relative tolerance of an exact (`=`) identity.
pub(crate) const EXACT_TOL: f64 = 1e-9;
/// Relative tolerance of an approximate (`\approx`) claim.
pub(crate) const APPROX_TOL: f64 = 1e-3;
/// Terms an infinite sum is cut to.
const INFINITE_SUM_TERMS: f64 = 400.0;

/// How a relation compares two numbers, `None` for relations that are
/// not numeric claims.
pub(crate) fn compares(rel: Rel) -> Option<&'static str> {
    Some(match rel {
        Rel::Eq | Rel::Def => "=",
        Rel::Approx => "≈",
        Rel::Lt | Rel::Ll => "<",
        Rel::Gt | Rel::Gg => ">",
        Rel::Le => "≤",
        Rel::Ge => "≥",
        Rel::Ne => "≠",
        _ => return None,
    })
}

/// Whether `got R expected` holds for a numeric relation, and the error.
pub(crate) fn relation_holds(rel: Rel, lhs: &Value, rhs: &Value, tol: f64) -> Option<(bool, f64)> {
    match rel {
        Rel::Eq | Rel::Def | Rel::Approx => {
            let e = rel_error(lhs, rhs)?;
            Some((e <= tol, e))
        }
        Rel::Ne => {
            let e = rel_error(lhs, rhs)?;
            Some((e > tol, e))
        }
        _ => {
            let (a, b) = (lhs.as_scalar()?, rhs.as_scalar()?);
            let ok = match rel {
                Rel::Lt => a < b,
                Rel::Gt => a > b,
                Rel::Le => a <= b * (1.0 + tol) + tol,
                Rel::Ge => a * (1.0 + tol) + tol >= b,
                Rel::Ll => a * 10.0 <= b,
                Rel::Gg => a >= b * 10.0,
                _ => return None,
            };
            Some((ok, a - b))
        }
    }
}

/// Half a unit of the last printed digit of a side that is a plain
/// number (`1.3` → 0.05, `81\%` → 0.005), if the side is one.
pub(crate) fn printed_tolerance(e: &Expr) -> Option<f64> {
    match &e.kind {
        K::Number(n) => Some(0.5 * 10f64.powi(-(n.decimals() as i32))),
        K::Neg(x) | K::Pos(x) | K::Group(x) => printed_tolerance(x),
        K::Percent(x) => printed_tolerance(x).map(|t| t / 100.0),
        // `2.74 \times 10^{-3}`: the mantissa's last digit, scaled.
        K::Mul(_, mantissa, power) => printed_tolerance(mantissa)
            .zip(power_of_ten(power))
            .map(|(t, p)| t * p),
        _ => None,
    }
}

/// The value of `10^{k}` for an integer `k` written as a number.
fn power_of_ten(e: &Expr) -> Option<f64> {
    let K::Superscript { base, exp } = &e.kind else {
        return None;
    };
    let integer = |e: &Expr| match &e.kind {
        K::Number(n) if n.decimals() == 0 => Some(n.value),
        _ => None,
    };
    let k = match &exp.kind {
        K::Neg(x) => -integer(x)?,
        K::Group(x) => integer(x).or_else(|| match &x.kind {
            K::Neg(y) => integer(y).map(|v| -v),
            _ => None,
        })?,
        _ => integer(exp)?,
    };
    (integer(base)? == 10.0 && k.abs() <= 300.0).then(|| 10f64.powi(k as i32))
}

/// Worked arithmetic: both sides closed under `env`.
pub(crate) fn arithmetic(lhs: &Expr, rel: Rel, rhs: &Expr, env: &Env) -> Verdict {
    let (a, b, tail) = match evaluate_sides(lhs, rhs, env) {
        Ok(sides) => sides,
        Err(e) => return eval_unchecked(&e),
    };
    let printed = printed_tolerance(rhs)
        .into_iter()
        .chain(printed_tolerance(lhs))
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))));
    let (holds, err, tol) = match (rel, printed) {
        (Rel::Eq | Rel::Approx | Rel::Def, Some(t)) => {
            // `≈ 0.0155`: the value rounds to the digits written, give or
            // take two units of the last one (intermediates rounded on the
            // way), or within the relative approximation tolerance.
            let t = if rel == Rel::Approx {
                let size = match (&a, &b) {
                    (Value::Scalar(a), Value::Scalar(b)) => a.abs().max(b.abs()),
                    _ => 0.0,
                };
                (4.0 * t).max(APPROX_TOL * size)
            } else {
                t
            };
            let t = t + tail;
            let e = abs_error(&a, &b).unwrap_or(f64::INFINITY);
            (e <= t * (1.0 + 1e-9), e, t)
        }
        _ => {
            let t = if rel == Rel::Approx {
                APPROX_TOL
            } else {
                EXACT_TOL
            };
            match relation_holds(rel, &a, &b, t) {
                // An infinite sum within its cut's reach of the other side
                // is not told apart from it.
                Some((false, e)) if abs_error(&a, &b).is_some_and(|d| d <= tail) => (true, e, tail),
                Some((h, e)) => (h, e, t),
                None => return Verdict::unchecked("the two sides have different shapes"),
            }
        }
    };
    let evidence = json!({
        "kind": "arithmetic", "test": "evaluated both sides",
        "left": show(&a), "right": show(&b), "error": err, "tolerance": tol,
    });
    if holds {
        Verdict {
            status: Status::Verified,
            reason: format!(
                "worked arithmetic: both sides evaluate to {} (tolerance {tol:e})",
                show(&b)
            ),
            evidence,
        }
    } else {
        Verdict {
            status: Status::Refuted,
            reason: format!(
                "worked arithmetic: the left side is {}, the right side {} (tolerance {tol:e})",
                show(&a),
                show(&b)
            ),
            evidence,
        }
    }
}

/// An `unchecked` verdict for an evaluation error, naming the construct.
pub(crate) fn eval_unchecked(e: &EvalError) -> Verdict {
    Verdict::unchecked(format!("cannot evaluate: {e}"))
}

/// How free symbols are shaped in one batch of trials.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shapes {
    /// Every symbol a scalar.
    Scalars,
    /// Lowercase symbols vectors, uppercase matrices, `I` the identity.
    Arrays,
}

/// Random testing of a link with unindexed free symbols. `integers` are
/// bound to small positive integers; `ranges` overrides the default
/// interval (0.1, 0.9) for symbols with a stated side condition.
#[allow(clippy::too_many_arguments)]
pub(crate) fn random_test(
    lhs: &Expr,
    rel: Rel,
    rhs: &Expr,
    env: &Env,
    uses: &Uses,
    ranges: &[(BaseKey, f64, f64)],
    graph: &[(SymbolKey, Expr)],
    units: &std::collections::BTreeSet<BaseKey>,
    seed: u64,
) -> Verdict {
    let lhs = truncate_infinite_sums(lhs);
    let rhs = truncate_infinite_sums(rhs);
    let mut free: Vec<SymbolKey> = uses
        .keys()
        .into_iter()
        .filter(|k| env.value(k).is_none())
        .collect();
    // Symbols the note defines by a formula (`d = -H^{-1} g`) are computed
    // from their definitions; the definitions' inputs are drawn instead.
    let defined = |k: &SymbolKey| graph.iter().any(|(d, _)| d == k);
    let derive = free.iter().any(&defined);
    if derive {
        for (_, e) in graph {
            for k in crate::verify::symbols_used::uses(e).keys() {
                if env.value(&k).is_none() && !defined(&k) && !free.contains(&k) {
                    free.push(k);
                }
            }
        }
        free.retain(|k| !defined(k));
    }
    let tol = if rel == Rel::Approx {
        APPROX_TOL
    } else {
        EXACT_TOL
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut last_error: Option<EvalError> = None;
    // Scalars first, then vectors (lowercase) and matrices (uppercase) if
    // the scalar trials cannot evaluate. A scalar pass does not test
    // non-commuting products (`AB = BA`); which letters are matrices is
    // not known from the notation alone.
    let order = [Shapes::Scalars, Shapes::Arrays];
    for shapes in order {
        if shapes == Shapes::Arrays && !free.iter().any(|k| is_array_name(&k.base)) {
            continue;
        }
        let mut worst = 0.0f64;
        let mut ran = 0;
        let mut failed_shape = false;
        for trial in 0..TRIALS {
            let mut env = env.clone();
            let dim = 2 + trial % 3;
            let mut bound = Vec::new();
            for k in &free {
                let v = sample(&k.base, units, shapes, dim, uses, ranges, &mut rng);
                bound.push((k.to_string(), show(&v)));
                env.bind(k.clone(), v);
            }
            if derive {
                for (k, e) in graph {
                    if let Ok(v) = eval(e, &env) {
                        env.bind(k.clone(), v);
                    }
                }
            }
            let (a, c) = match (eval(&lhs, &env), eval(&rhs, &env)) {
                (Ok(a), Ok(c)) => (a, c),
                (Err(e), _) | (_, Err(e)) => {
                    failed_shape = true;
                    last_error = Some(e);
                    break;
                }
            };
            let Some((holds, err)) = relation_holds(rel, &a, &c, tol) else {
                failed_shape = true;
                break;
            };
            ran += 1;
            worst = worst.max(err.abs());
            if !holds {
                let evidence = json!({
                    "kind": "identity", "test": "random trial",
                    "trial": trial + 1, "inputs": bound.iter().map(|(k, v)| json!({"symbol": k, "value": v})).collect::<Vec<_>>(),
                    "left": show(&a), "right": show(&c), "error": err, "tolerance": tol,
                });
                if rel == Rel::Approx {
                    return Verdict {
                        status: Status::Unchecked,
                        reason: format!(
                            "approximation not within {tol:e} for random values ({}); it needs conditions the note gives only in words",
                            describe(&bound)
                        ),
                        evidence,
                    };
                }
                // A matrix identity may hold only for matrices of a kind the
                // note assumes in words (Q orthogonal, \Lambda diagonal).
                if let Some(kinds) = structured_reading(
                    &lhs, rel, &rhs, &env, &free, graph, uses, ranges, units, seed,
                ) {
                    return Verdict {
                        status: Status::Unchecked,
                        reason: format!(
                            "fails for general values ({}) but holds when {kinds}, which the note may assume in words",
                            describe(&bound)
                        ),
                        evidence,
                    };
                }
                return Verdict {
                    status: Status::Refuted,
                    reason: format!(
                        "fails for {}: left side {}, right side {}",
                        describe(&bound),
                        show(&a),
                        show(&c)
                    ),
                    evidence,
                };
            }
        }
        if !failed_shape && ran == TRIALS {
            return Verdict {
                status: Status::Verified,
                reason: format!(
                    "identity holds in {TRIALS} random trials ({}), worst error {worst:.1e} ≤ {tol:e}",
                    if shapes == Shapes::Scalars {
                        "scalars"
                    } else {
                        "vectors and matrices"
                    }
                ),
                evidence: json!({
                    "kind": "identity", "test": "random trials", "trials": TRIALS,
                    "shapes": if shapes == Shapes::Scalars { "scalars" } else { "arrays" },
                    "symbols": free.iter().map(|b| b.to_string()).collect::<Vec<_>>(),
                    "worst_error": worst, "tolerance": tol,
                }),
            };
        }
    }
    match last_error {
        Some(e) => eval_unchecked(&e),
        None => Verdict::unchecked("the two sides have different shapes"),
    }
}

/// A kind of matrix a note may assume without a formula saying so.
#[derive(Debug, Clone, Copy, PartialEq)]
enum MatrixKind {
    General,
    Orthogonal,
}

impl MatrixKind {
    /// The kinds tried: a general matrix, or an orthogonal one (the
    /// eigenvectors of a symmetric matrix). Diagonal or identity readings
    /// would make every product commute and hide a swapped order.
    const ALL: [MatrixKind; 2] = [MatrixKind::General, MatrixKind::Orthogonal];

    fn name(self) -> &'static str {
        match self {
            MatrixKind::General => "general",
            MatrixKind::Orthogonal => "orthogonal",
        }
    }

    fn draw(self, dim: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
        match self {
            MatrixKind::General => Array2::from_shape_fn((dim, dim), |(i, j)| {
                if i == j {
                    rng.random_range(0.5..1.5)
                } else {
                    rng.random_range(-0.5..0.5)
                }
            }),
            MatrixKind::Orthogonal => orthogonal(dim, rng),
        }
    }
}

/// A random orthogonal matrix: Gram–Schmidt on a random one.
fn orthogonal(dim: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    let mut q = Array2::<f64>::zeros((dim, dim));
    let mut j = 0;
    while j < dim {
        let mut v = Array1::from_shape_fn(dim, |_| rng.random_range(-1.0..1.0));
        for k in 0..j {
            let c = q.column(k).dot(&v);
            v = &v - &(&q.column(k) * c);
        }
        let n = v.dot(&v).sqrt();
        if n < 1e-3 {
            continue;
        }
        q.column_mut(j).assign(&(&v / n));
        j += 1;
    }
    q
}

/// Whether a name may stand for a matrix: one uppercase Latin letter, or
/// an uppercase Greek one (`\Lambda`, `\Sigma`).
fn is_matrix_name(b: &BaseKey) -> bool {
    const GREEK: &[&str] = &[
        "Lambda", "Sigma", "Gamma", "Phi", "Psi", "Omega", "Theta", "Xi", "Upsilon",
    ];
    (b.name.len() == 1 && b.name.chars().all(|c| c.is_ascii_uppercase()))
        || GREEK.contains(&b.name.as_str())
}

/// Whether `lhs rel rhs` holds in every trial when each matrix it names is
/// of some kind (orthogonal, diagonal, …): the kinds, described, if so.
/// Only tried for up to three matrices.
#[allow(clippy::too_many_arguments)]
fn structured_reading(
    lhs: &Expr,
    rel: Rel,
    rhs: &Expr,
    env: &Env,
    free: &[SymbolKey],
    graph: &[(SymbolKey, Expr)],
    uses: &Uses,
    ranges: &[(BaseKey, f64, f64)],
    units: &std::collections::BTreeSet<BaseKey>,
    seed: u64,
) -> Option<String> {
    let matrices: Vec<&SymbolKey> = free
        .iter()
        .filter(|k| is_matrix_name(&k.base) && !units.contains(&k.base))
        .collect();
    if matrices.is_empty() || matrices.len() > 3 {
        return None;
    }
    let n = MatrixKind::ALL.len();
    let combos = n.pow(matrices.len() as u32);
    let tol = if rel == Rel::Approx {
        APPROX_TOL
    } else {
        EXACT_TOL
    };
    'combo: for combo in 0..combos {
        let kinds: Vec<MatrixKind> = (0..matrices.len())
            .map(|i| MatrixKind::ALL[(combo / n.pow(i as u32)) % n])
            .collect();
        if kinds.iter().all(|k| *k == MatrixKind::General) {
            continue;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (combo as u64).wrapping_mul(0x9e37));
        for trial in 0..8 {
            let dim = 2 + trial % 3;
            let mut env = env.clone();
            for k in free {
                let v = match matrices.iter().position(|m| *m == k) {
                    Some(i) => Value::Matrix(kinds[i].draw(dim, &mut rng)),
                    None => sample(&k.base, units, Shapes::Arrays, dim, uses, ranges, &mut rng),
                };
                env.bind(k.clone(), v);
            }
            for (k, e) in graph {
                if let Ok(v) = eval(e, &env) {
                    env.bind(k.clone(), v);
                }
            }
            let (Ok(a), Ok(c)) = (eval(lhs, &env), eval(rhs, &env)) else {
                continue 'combo;
            };
            match relation_holds(rel, &a, &c, tol.max(1e-7)) {
                Some((true, _)) => {}
                _ => continue 'combo,
            }
        }
        return Some(
            matrices
                .iter()
                .zip(&kinds)
                .filter(|(_, k)| **k != MatrixKind::General)
                .map(|(m, k)| format!("{m} is {}", k.name()))
                .collect::<Vec<_>>()
                .join(" and "),
        );
    }
    None
}

fn describe(bound: &[(String, String)]) -> String {
    bound
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Latin letters may stand for vectors (lowercase) or matrices (uppercase).
fn is_array_name(b: &BaseKey) -> bool {
    b.name.len() == 1 && b.name.chars().all(|c| c.is_ascii_alphabetic())
}

fn sample(
    b: &BaseKey,
    units: &std::collections::BTreeSet<BaseKey>,
    shapes: Shapes,
    dim: usize,
    uses: &Uses,
    ranges: &[(BaseKey, f64, f64)],
    rng: &mut ChaCha8Rng,
) -> Value {
    if uses.integers.contains(b) {
        return Value::Scalar(rng.random_range(1..=6) as f64);
    }
    // A symbol used as the unit of a matrix sum (see `units`) is the
    // identity (in the scalar trials, 1).
    let identity = units.contains(b);
    if identity && shapes == Shapes::Scalars {
        return Value::Scalar(1.0);
    }
    let (lo, hi) = ranges
        .iter()
        .find(|(k, _, _)| k == b)
        .map_or((0.1, 0.9), |(_, lo, hi)| (*lo, *hi));
    if shapes == Shapes::Arrays && is_array_name(b) {
        let upper = b.name.chars().all(|c| c.is_ascii_uppercase());
        if identity {
            return Value::Matrix(Array2::eye(dim));
        }
        if upper {
            // Well conditioned, spectral radius below 1: diagonal in
            // (0.3, 0.7) plus small off-diagonal entries.
            let scale = 0.1 / dim as f64;
            return Value::Matrix(Array2::from_shape_fn((dim, dim), |(i, j)| {
                if i == j {
                    rng.random_range(0.3..0.7)
                } else {
                    rng.random_range(-scale..scale)
                }
            }));
        }
        return Value::Vector(Array1::from_shape_fn(dim, |_| rng.random_range(lo..hi)));
    }
    Value::Scalar(rng.random_range(lo..hi))
}

/// `expr` with every `\sum_{…}^{\infty}` cut to a finite number of terms.
pub(crate) fn truncate_infinite_sums(expr: &Expr) -> Expr {
    truncate_infinite_sums_at(expr, INFINITE_SUM_TERMS).0
}

/// `expr` with every infinite sum cut to `terms` terms, and whether it held
/// one.
fn truncate_infinite_sums_at(expr: &Expr, terms: f64) -> (Expr, bool) {
    let mut e = expr.clone();
    let mut cut = false;
    truncate(&mut e, terms, &mut cut);
    (e, cut)
}

fn truncate(e: &mut Expr, terms: f64, cut: &mut bool) {
    if let K::BigOp { to: Some(to), .. } = &mut e.kind
        && matches!(to.kind, K::Infinity)
    {
        *cut = true;
        to.kind = K::Number(crate::math::ast::Number {
            text: format!("{terms}"),
            value: terms,
        });
    }
    for child in children_mut(e) {
        truncate(child, terms, cut);
    }
}

/// Both sides of a worked claim evaluated, infinite sums cut to
/// [`INFINITE_SUM_TERMS`] terms and to four times as many: the values at
/// the longer cut, and how far the cut can still be from the limit (twice
/// the change between the two cuts; zero without an infinite sum).
fn evaluate_sides(lhs: &Expr, rhs: &Expr, env: &Env) -> Result<(Value, Value, f64), EvalError> {
    let (l, cut_l) = truncate_infinite_sums_at(lhs, INFINITE_SUM_TERMS);
    let (r, cut_r) = truncate_infinite_sums_at(rhs, INFINITE_SUM_TERMS);
    let (a, b) = (eval(&l, env)?, eval(&r, env)?);
    if !(cut_l || cut_r) {
        return Ok((a, b, 0.0));
    }
    let longer = 4.0 * INFINITE_SUM_TERMS;
    let (a2, b2) = (
        eval(&truncate_infinite_sums_at(lhs, longer).0, env)?,
        eval(&truncate_infinite_sums_at(rhs, longer).0, env)?,
    );
    let change =
        abs_error(&a, &a2).unwrap_or(f64::INFINITY) + abs_error(&b, &b2).unwrap_or(f64::INFINITY);
    Ok((a2, b2, 2.0 * change))
}

/// Whether `pred` holds for `e` or any node below it.
pub(crate) fn any_node(e: &Expr, pred: &impl Fn(&Expr) -> bool) -> bool {
    if pred(e) {
        return true;
    }
    let mut e = e.clone();
    children_mut(&mut e).into_iter().any(|c| any_node(c, pred))
}

/// The direct children of a node, for rewriting passes.
pub(crate) fn children_mut(e: &mut Expr) -> Vec<&mut Expr> {
    match &mut e.kind {
        K::Neg(x)
        | K::Pos(x)
        | K::Percent(x)
        | K::Group(x)
        | K::Transpose(x)
        | K::Inverse(x)
        | K::Abs(x) => vec![x.as_mut()],
        K::Add(a, b) | K::Sub(a, b) | K::Mul(_, a, b) | K::Hadamard(a, b) | K::Range(a, b) => {
            vec![a.as_mut(), b.as_mut()]
        }
        K::Div { num, den, .. } => vec![num.as_mut(), den.as_mut()],
        K::Superscript { base, exp } => vec![base.as_mut(), exp.as_mut()],
        K::Sqrt { arg, index } => {
            let mut v = vec![arg.as_mut()];
            if let Some(i) = index {
                v.push(i.as_mut());
            }
            v
        }
        K::Func { args, .. } | K::Tuple(args) | K::List(args) | K::Set(args) => {
            args.iter_mut().collect()
        }
        K::Call { func, args } => {
            let mut v = vec![func.as_mut()];
            v.extend(args.iter_mut());
            v
        }
        K::Grad { wrt, body } => {
            let mut v = vec![body.as_mut()];
            if let Some(w) = wrt {
                v.push(w.as_mut());
            }
            v
        }
        K::Derivative { of, wrt, .. } => vec![of.as_mut(), wrt.as_mut()],
        K::EvalAt { body, var, at } => {
            let mut v = vec![body.as_mut(), at.as_mut()];
            if let Some(x) = var {
                v.push(x.as_mut());
            }
            v
        }
        K::BigOp {
            from,
            to,
            over,
            body,
            ..
        } => {
            let mut v = vec![body.as_mut()];
            for x in [from, to, over].into_iter().flatten() {
                v.push(x.as_mut());
            }
            v
        }
        K::Limit { to, body, .. } => vec![to.as_mut(), body.as_mut()],
        K::Expectation { body, .. } => vec![body.as_mut()],
        K::Norm { arg, p } => {
            let mut v = vec![arg.as_mut()];
            if let Some(p) = p {
                v.push(p.as_mut());
            }
            v
        }
        K::Interval { lo, hi, .. } => vec![lo.as_mut(), hi.as_mut()],
        K::Matrix(rows) => rows.iter_mut().flat_map(|r| r.iter_mut()).collect(),
        K::Cases(branches) => branches.iter_mut().map(|b| &mut b.value).collect(),
        K::Symbol(_) | K::Number(_) | K::Infinity | K::Ellipsis | K::Colon | K::Missing => {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_formula;
    use crate::verify::symbols_used::uses_all;

    fn check(src: &str) -> Verdict {
        let f = parse_formula(src);
        let st = f.statements[0].as_ref().unwrap();
        let (lhs, link) = (&st.head, &st.links[0]);
        let u = uses_all([lhs, &link.rhs]);
        if u.bases().is_empty() {
            arithmetic(lhs, link.rel, &link.rhs, &Env::new())
        } else {
            let units = crate::verify::units::unit_symbols(&st.sides().collect::<Vec<_>>());
            random_test(
                lhs,
                link.rel,
                &link.rhs,
                &Env::new(),
                &u,
                &[],
                &[],
                &units,
                7,
            )
        }
    }

    #[test]
    fn arithmetic_follows_printed_precision() {
        assert_eq!(
            check(r"0.9 \times 1.3 + 0.1 \times 17 = 2.87").status,
            Status::Verified
        );
        assert_eq!(
            check(r"0.9 \times 1.3 + 0.1 \times 17 = 2.88").status,
            Status::Refuted
        );
        assert_eq!(check(r"2^{20} / 64 = 16384").status, Status::Verified);
        assert_eq!(check(r"0.9^2 = 81\%").status, Status::Verified);
        assert_eq!(check(r"\frac{1}{3} = 0.33").status, Status::Verified);
        assert_eq!(check(r"\frac{1}{3} = 0.34").status, Status::Refuted);
    }

    #[test]
    fn scientific_notation_is_as_precise_as_its_mantissa() {
        for (claim, expected) in [
            (r"0.0027376 = 2.7 \times 10^{-3}", Status::Verified),
            (r"0.0027376 \approx 2.74 \times 10^{-3}", Status::Verified),
            (r"0.0027376 \approx 2.47 \times 10^{-3}", Status::Refuted),
            (r"0.0027376 = 2.8 \times 10^{-3}", Status::Refuted),
        ] {
            assert_eq!(check(claim).status, expected, "{claim}");
        }
    }

    #[test]
    fn identities_are_random_tested() {
        assert_eq!(
            check(r"\sum_{k=0}^\infty q^k = \frac{1}{1-q}").status,
            Status::Verified
        );
        assert_eq!(
            check(r"\sum_{k=0}^\infty q^k = \frac{1}{1+q}").status,
            Status::Refuted
        );
        assert_eq!(
            check(r"\sum_{i=0}^{n-1} \rho^i = \frac{1-\rho^n}{1-\rho}").status,
            Status::Verified
        );
        assert_eq!(
            check(r"\sum_{i=0}^{n-1} A^i = (I-A)^{-1}(I-A^n)").status,
            Status::Verified
        );
        assert_eq!(
            check(r"\sum_{i=0}^{n-1} A^k = (I-A)^{-1}(I-A^n)").status,
            Status::Refuted
        );
    }
}
