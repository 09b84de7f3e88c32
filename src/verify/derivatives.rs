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
/// The `(of, wrt)` symbol pairs of every `\frac{\partial of}{\partial wrt}`
/// and every `\nabla_{wrt} of`.
pub(crate) fn derivative_pairs(e: &Expr, out: &mut Vec<(SymbolKey, SymbolKey)>) {
    let pair = match &e.kind {
        K::Derivative { of, wrt, .. } => Some((of.as_ref(), wrt.as_ref())),
        K::Grad {
            wrt: Some(wrt),
            body,
        } => Some((body.as_ref(), wrt.as_ref())),
        _ => None,
    };
    if let Some((of, wrt)) = pair
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

/// `definitions` in an order where each comes after the definitions its
/// right side uses (`L = (\hat y - y)^2` after `\hat y = w_2 h` when the
/// note wrote them the other way round); note order otherwise, and
/// definitions caught in a cycle keep their place at the end.
pub(crate) fn dependency_order(definitions: &[(SymbolKey, Expr)]) -> Vec<(SymbolKey, Expr)> {
    let needs: Vec<Vec<SymbolKey>> = definitions
        .iter()
        .map(|(d, e)| {
            refers_to(e)
                .into_iter()
                .filter(|k| k != d && definitions.iter().any(|(o, _)| o == k))
                .collect()
        })
        .collect();
    let mut done: Vec<bool> = vec![false; definitions.len()];
    let mut out: Vec<(SymbolKey, Expr)> = Vec::with_capacity(definitions.len());
    loop {
        let ready = (0..definitions.len())
            .find(|&i| !done[i] && needs[i].iter().all(|k| out.iter().any(|(o, _)| o == k)));
        match ready {
            Some(i) => {
                done[i] = true;
                out.push(definitions[i].clone());
            }
            None => break,
        }
    }
    for (i, d) in definitions.iter().enumerate() {
        if !done[i] {
            out.push(d.clone());
        }
    }
    out
}

/// The keys a definition's right side refers to: symbols, and functions
/// (as plain keys) that may themselves be defined.
fn refers_to(e: &Expr) -> Vec<SymbolKey> {
    let u = uses(e);
    let mut keys: Vec<SymbolKey> = u.keys().into_iter().collect();
    keys.extend(u.functions.iter().map(|b| SymbolKey {
        base: b.clone(),
        index: Vec::new(),
    }));
    keys
}

/// `of` and every definition it is computed from, directly or not.
pub(crate) fn needed_for(
    of: &SymbolKey,
    definitions: &[(SymbolKey, Expr)],
) -> std::collections::BTreeSet<SymbolKey> {
    let mut needed = std::collections::BTreeSet::from([of.clone()]);
    let mut todo = vec![of.clone()];
    while let Some(k) = todo.pop() {
        for (d, e) in definitions.iter().filter(|(d, _)| *d == k) {
            for r in refers_to(e) {
                if r != *d && needed.insert(r.clone()) {
                    todo.push(r);
                }
            }
        }
    }
    needed
}

/// `\frac{\partial of}{\partial wrt}` at a point, as a central difference:
/// `wrt` is nudged in `env`, every definition that depends on it is
/// evaluated again in dependency order, and `of` is read off.
pub(crate) fn central_difference(
    definitions: Vec<(SymbolKey, Expr)>,
    env: Env,
    of: SymbolKey,
    wrt: SymbolKey,
) -> crate::math::env::Function {
    // Only what `of` is computed from is evaluated again.
    let definitions: Vec<(SymbolKey, Expr)> = {
        let needed = needed_for(&of, &definitions);
        dependency_order(&definitions)
            .into_iter()
            .filter(|(d, _)| needed.contains(d))
            .collect()
    };
    std::sync::Arc::new(move |args| {
        let [crate::math::Value::Scalar(y)] = args else {
            return Err(crate::math::EvalError::Domain {
                message: "derivative at a non-scalar point".into(),
                span: Default::default(),
            });
        };
        // The five-point stencil: error O(h^4) from the function's shape
        // and about eps/h from rounding, both near 1e-12 at this step.
        let h = 1e-3 * y.abs().max(1.0);
        let at = |y: f64| -> Result<f64, crate::math::EvalError> {
            let mut env = env.clone();
            env.bind(wrt.clone(), y);
            let mut changed = vec![wrt.clone()];
            for (d, e) in &definitions {
                let depends = refers_to(e).iter().any(|k| changed.contains(k));
                if *d == wrt || !depends {
                    continue;
                }
                let v = eval(e, &env)?;
                env.bind(d.clone(), v);
                changed.push(d.clone());
            }
            env.value(&of)
                .and_then(|v| v.as_scalar())
                .ok_or(crate::math::EvalError::Domain {
                    message: "derivative of a non-scalar".into(),
                    span: Default::default(),
                })
        };
        let near = at(y + h)? - at(y - h)?;
        let far = at(y + 2.0 * h)? - at(y - 2.0 * h)?;
        Ok(crate::math::Value::Scalar((8.0 * near - far) / (12.0 * h)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_expr;

    fn def(name: &str, latex: &str) -> (SymbolKey, Expr) {
        (SymbolKey::parse(name).unwrap(), parse_expr(latex).unwrap())
    }

    #[test]
    fn definitions_come_after_what_they_use() {
        let defs = vec![
            def("L", r"(p - y)^2"),
            def("p", r"v h"),
            def("h", r"\max(0, z)"),
            def("z", r"w x"),
        ];
        let order: Vec<String> = dependency_order(&defs)
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
        assert_eq!(order, ["z", "h", "p", "L"]);
        let needed: Vec<String> = needed_for(&SymbolKey::parse("p").unwrap(), &defs)
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert!(needed.contains(&"h".to_string()) && !needed.contains(&"L".to_string()));
    }

    #[test]
    fn the_derivative_goes_through_every_definition_in_between() {
        let defs = vec![def("L", r"(p - 1)^2"), def("p", r"3 w")];
        let mut env = Env::new();
        env.bind(SymbolKey::parse("w").unwrap(), 2.0);
        let d = central_difference(
            defs,
            env,
            SymbolKey::parse("L").unwrap(),
            SymbolKey::parse("w").unwrap(),
        );
        // L = (3w - 1)^2, dL/dw = 6(3w - 1) = 30 at w = 2.
        let got = d(&[crate::math::Value::Scalar(2.0)]).unwrap();
        assert!((got.as_scalar().unwrap() - 30.0).abs() < 1e-9, "{got:?}");
    }
}
