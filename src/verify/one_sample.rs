//! Sums over a data set of one sample. A worked example often says "in our
//! case n = 1" and gives the sample as plain `x = 1, y = 0`, while the
//! loss is written for n samples: `\sum_{i=1}^n (w x_i - y_i)^2`. When the
//! range of such a sum evaluates to a single index, the sum is its one
//! term, and an indexed symbol of that term with no value of its own
//! (`x_1`) stands for the plain symbol the note gave a value (`x`).
use crate::math::ast::{BigOpKind, Expr, ExprKind as K};
use crate::math::env::{IndexKey, SymbolKey};
use crate::math::{Env, eval};
use crate::verify::identity;
use crate::verify::symbols_used::lone_symbol;

/// `e` with every sum whose range is one index (under `env`) replaced by
/// its single term, as described in the module docs. Sums over a larger
/// or unknown range are left as they are.
pub(crate) fn collapse_one_sample_sums(e: &Expr, env: &Env) -> Expr {
    let mut e = e.clone();
    collapse(&mut e, env);
    e
}

fn collapse(e: &mut Expr, env: &Env) {
    if let K::BigOp {
        op: BigOpKind::Sum,
        var: Some(var),
        from: Some(from),
        to: Some(to),
        over: None,
        body,
    } = &e.kind
        && let Some(var) = lone_symbol(var).filter(|k| k.index.is_empty())
        && let Some(k) = single_index(from, to, env)
    {
        let mut term = (**body).clone();
        substitute(&mut term, &var, k, env);
        e.kind = K::Group(Box::new(term));
    }
    for child in identity::children_mut(e) {
        collapse(child, env);
    }
}

/// The one index a range `from..=to` holds, if both ends evaluate to the
/// same integer.
fn single_index(from: &Expr, to: &Expr, env: &Env) -> Option<i64> {
    let value = |x: &Expr| eval(x, env).ok()?.as_scalar();
    let (a, b) = (value(from)?, value(to)?);
    (a == b && a.fract() == 0.0 && a.abs() < 1e9).then_some(a as i64)
}

/// Replaces the summation variable `var` by `k` in `e`: a symbol indexed
/// by `var` alone becomes the `k`-th one, or the plain symbol when only
/// that has a value; `var` itself becomes the number `k`.
fn substitute(e: &mut Expr, var: &SymbolKey, k: i64, env: &Env) {
    let number = |span| {
        Expr::new(
            K::Number(crate::math::ast::Number {
                text: k.to_string(),
                value: k as f64,
            }),
            span,
        )
    };
    if let K::Symbol(s) = &mut e.kind {
        if s.index.is_empty() && s.label.is_none() && s.base == var.base {
            *e = number(e.span);
            return;
        }
        if s.label.is_none()
            && let [ix] = s.index.as_slice()
            && lone_symbol(ix).as_ref() == Some(var)
        {
            let indexed = SymbolKey {
                base: s.base.clone(),
                index: vec![IndexKey::Int(k)],
            };
            let plain = SymbolKey {
                base: s.base.clone(),
                index: Vec::new(),
            };
            if env.value(&indexed).is_none() && env.value(&plain).is_some() {
                s.index.clear();
            } else {
                s.index[0] = number(s.index[0].span);
            }
            return;
        }
    }
    for child in identity::children_mut(e) {
        substitute(child, var, k, env);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_expr;

    fn value_after(latex: &str, bindings: &[(&str, f64)]) -> Option<f64> {
        let mut env = Env::new();
        for (name, v) in bindings {
            env.bind(SymbolKey::parse(name).unwrap(), *v);
        }
        let e = collapse_one_sample_sums(&parse_expr(latex).unwrap(), &env);
        eval(&e, &env).ok()?.as_scalar()
    }

    #[test]
    fn a_one_sample_sum_uses_the_plain_sample() {
        let v = value_after(
            r"\sum_{i=1}^n (w x_i - y_i)^2",
            &[("n", 1.0), ("w", 2.0), ("x", 3.0), ("y", 1.0)],
        );
        assert_eq!(v, Some(25.0));
    }

    #[test]
    fn an_indexed_value_wins_over_the_plain_one() {
        let v = value_after(
            r"\sum_{j=2}^{m} a_j",
            &[("m", 2.0), ("a_2", 7.0), ("a", 1.0)],
        );
        assert_eq!(v, Some(7.0));
    }

    #[test]
    fn a_longer_or_unknown_range_is_left_alone() {
        assert_eq!(
            value_after(r"\sum_{i=1}^n x_i", &[("n", 2.0), ("x", 3.0)]),
            None
        );
        assert_eq!(value_after(r"\sum_{i=1}^n x_i", &[("x", 3.0)]), None);
    }

    #[test]
    fn the_index_itself_becomes_the_number() {
        assert_eq!(value_after(r"\sum_{k=3}^{3} k^2", &[]), Some(9.0));
    }
}
