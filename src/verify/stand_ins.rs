//! Rewrites and stand-ins that let a claim be tested without knowing more
//! than it states: one-index sequences as names, a fixed smooth function
//! for a function applied on both sides, elided sequences by their ends.
use crate::math::BaseKey;
use crate::math::ast::{Expr, ExprKind as K};
use crate::verify::identity::{self};
use crate::verify::symbols_used::Uses;
/// `lhs`/`rhs` with every symbol that carries a non-integer index rewritten
/// to a name of its own (`\theta_t` → `theta_t`), when each such base is
/// written with one index form only; `None` otherwise.
pub(crate) fn single_index_names(lhs: &Expr, rhs: &Expr, u: &Uses) -> Option<(Expr, Expr)> {
    let symbolic = u.symbolic();
    if symbolic.is_empty() {
        return None;
    }
    for base in &symbolic {
        let forms: std::collections::BTreeSet<String> = u
            .symbols
            .iter()
            .filter(|s| &s.base == base)
            .map(|s| {
                s.index
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        if forms.len() != 1 {
            return None;
        }
    }
    fn rename(e: &mut Expr, symbolic: &std::collections::BTreeSet<BaseKey>) {
        if let K::Symbol(s) = &mut e.kind
            && symbolic.contains(&s.base)
            && !s.index.is_empty()
        {
            let printed = s
                .index
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",");
            s.base.name = format!("{}_{}", s.base.name, printed);
            s.index.clear();
            return;
        }
        for c in identity::children_mut(e) {
            rename(c, symbolic);
        }
    }
    let (mut l, mut r) = (lhs.clone(), rhs.clone());
    rename(&mut l, &symbolic);
    rename(&mut r, &symbolic);
    Some((l, r))
}

/// A fixed smooth scalar function of any arguments, for functions a note
/// applies without defining: both sides of a claim see the same one.
pub(crate) fn opaque_function() -> crate::math::env::Function {
    std::sync::Arc::new(|args: &[crate::math::Value]| {
        let mut total = 0.0;
        for (j, a) in args.iter().enumerate() {
            for (c, x) in a.components().into_iter().enumerate() {
                let w = 1.0 + 0.37 * (j as f64) + 0.61 * (c as f64);
                total += (w * x + 0.3 * x * x).sin();
            }
        }
        Ok(crate::math::Value::Scalar(total))
    })
}

/// Whether every gradient or derivative in `lhs`/`rhs` is `\nabla f(...)`
/// of one of `functions` (so stand-ins for them cover the gradients too).
pub(crate) fn only_gradients_of(
    lhs: &Expr,
    rhs: &Expr,
    functions: &std::collections::BTreeSet<BaseKey>,
) -> bool {
    fn ok(e: &Expr, functions: &std::collections::BTreeSet<BaseKey>) -> bool {
        match &e.kind {
            K::Grad { body, .. } => match &body.kind {
                K::Call { func, args } => {
                    matches!(&func.kind, K::Symbol(s) if functions.contains(&s.base))
                        && args.iter().all(|a| ok(a, functions))
                }
                _ => false,
            },
            K::Derivative { .. } => false,
            _ => {
                let mut e = e.clone();
                identity::children_mut(&mut e)
                    .into_iter()
                    .all(|c| ok(c, functions))
            }
        }
    }
    ok(lhs, functions) && ok(rhs, functions)
}

/// `B_1 \dots n/m = B_1 \dots 16384`: two elided sequences with the same
/// start are equal when their last terms are, so the claim is about the
/// ends. Anything else is returned as it is.
pub(crate) fn same_start_elisions(lhs: &Expr, rhs: &Expr) -> (Expr, Expr) {
    if let (K::Range(a, x), K::Range(b, y)) = (&lhs.kind, &rhs.kind)
        && a.to_string() == b.to_string()
    {
        return ((**x).clone(), (**y).clone());
    }
    (lhs.clone(), rhs.clone())
}

/// Whether a sequence of `u` is indexed by the variable of a sum, product
/// or limit of `lhs`/`rhs` (`\sum_t \eta_t`): it takes many values there,
/// so reading it as one name (see [`single_index_names`]) is a
/// simplification that may verify but never refute.
pub(crate) fn summed_sequence(lhs: &Expr, rhs: &Expr, u: &Uses) -> bool {
    let mut bound = std::collections::BTreeSet::new();
    bound_variables(lhs, &mut bound);
    bound_variables(rhs, &mut bound);
    u.symbols.iter().any(|s| {
        s.index.iter().any(|ix| {
            crate::verify::symbols_used::uses(ix)
                .symbols
                .iter()
                .any(|v| bound.contains(&v.base))
        })
    })
}

/// The variables of the sums, products and limits in `e`.
fn bound_variables(e: &Expr, out: &mut std::collections::BTreeSet<BaseKey>) {
    let var = match &e.kind {
        K::BigOp { var: Some(v), .. } => Some(v.as_ref()),
        K::Limit { var, .. } => Some(var.as_ref()),
        _ => None,
    };
    if let Some(v) = var
        && let K::Symbol(s) = &v.kind
    {
        out.insert(s.base.clone());
    }
    let mut e = e.clone();
    for c in identity::children_mut(&mut e) {
        bound_variables(c, out);
    }
}
