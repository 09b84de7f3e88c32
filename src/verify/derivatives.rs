//! Partial derivatives of symbols a note defines by formulas: the note's
//! computation graph (`z = w_1 x`, `h = \max(0, z)`, …), the derivative
//! pairs a claim uses, and central differences through the graph.
use crate::math::ast::{Expr, ExprKind as K, Rel};
use crate::math::env::SymbolKey;
use crate::math::{Env, eval};
use crate::verify::identity::{self};
use crate::verify::site::Site;
use crate::verify::symbols_used::lone_symbol;
use crate::verify::symbols_used::uses;
/// The `(of, wrt)` symbol pairs of every `\frac{\partial of}{\partial wrt}`.
pub(crate) fn derivative_pairs(e: &Expr, out: &mut Vec<(SymbolKey, SymbolKey)>) {
    if let K::Derivative { of, wrt, .. } = &e.kind
        && let (Some(o), Some(w)) = (lone_symbol(of), lone_symbol(wrt))
    {
        out.push((o, w));
    }
    let mut e = e.clone();
    for c in identity::children_mut(&mut e) {
        derivative_pairs(c, out);
    }
}

/// The note's `X = expr` statements whose right side has symbols, first
/// occurrence of each `X`, in order: `z = w_1 x`, `h = \max(0, z)`.
pub(crate) fn computation_graph(sites: &[Site<'_>]) -> Vec<(SymbolKey, Expr)> {
    let mut out: Vec<(SymbolKey, Expr)> = Vec::new();
    for site in sites {
        for st in site.parsed.parsed() {
            let Some(link) = st.links.first() else {
                continue;
            };
            if !matches!(link.rel, Rel::Eq | Rel::Def) || link.rhs.is_missing() {
                continue;
            }
            let Some(key) = lone_symbol(&st.head) else {
                continue;
            };
            let u = uses(&link.rhs);
            if u.keys().is_empty()
                || u.keys().contains(&key)
                || !u.symbolic().is_empty()
                || u.gradient
                || out.iter().any(|(k, _)| *k == key)
            {
                continue;
            }
            out.push((key, link.rhs.clone()));
        }
    }
    out
}

/// `\frac{\partial of}{\partial wrt}` at a point, as a central difference:
/// `wrt` is nudged in `env`, every definition after it is evaluated again,
/// and `of` is read off.
pub(crate) fn central_difference(
    definitions: Vec<(SymbolKey, Expr)>,
    env: Env,
    of: SymbolKey,
    wrt: SymbolKey,
) -> crate::math::env::Function {
    std::sync::Arc::new(move |args| {
        let [crate::math::Value::Scalar(y)] = args else {
            return Err(crate::math::EvalError::Domain {
                message: "derivative at a non-scalar point".into(),
                span: Default::default(),
            });
        };
        let h = 1e-5 * y.abs().max(1.0);
        let at = |y: f64| -> Result<f64, crate::math::EvalError> {
            let mut env = env.clone();
            env.bind(wrt.clone(), y);
            let from = definitions
                .iter()
                .position(|(d, _)| *d == wrt)
                .map_or(0, |i| i + 1);
            for (d, e) in &definitions[from..] {
                let v = eval(e, &env)?;
                env.bind(d.clone(), v);
            }
            env.value(&of)
                .and_then(|v| v.as_scalar())
                .ok_or(crate::math::EvalError::Domain {
                    message: "derivative of a non-scalar".into(),
                    span: Default::default(),
                })
        };
        Ok(crate::math::Value::Scalar(
            (at(y + h)? - at(y - h)?) / (2.0 * h),
        ))
    })
}
