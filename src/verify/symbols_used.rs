//! Which symbols an expression uses, and how: free symbols with their index
//! expressions, the ones applied as functions, the ones used as integers
//! (sum bounds, exponents of a decay, indices), and whether it mentions
//! `\lim`, `\nabla` or a derivative. Bound variables of sums and limits
//! are not free.
use crate::math::ast::{Expr, ExprKind as K};
use crate::math::env::{IndexKey, SymbolKey};
use crate::math::{BaseKey, Symbol};
use std::collections::BTreeSet;

/// What [`uses`] found in an expression.
#[derive(Debug, Clone, Default)]
pub(crate) struct Uses {
    /// Free symbols, with their index expressions as written.
    pub(crate) symbols: Vec<Symbol>,
    /// Bases applied as functions: `f(x)`, `\nabla R(θ)`, `\partial L`.
    pub(crate) functions: BTreeSet<BaseKey>,
    /// Bases that must be integers: sum bounds, subscripts.
    pub(crate) integers: BTreeSet<BaseKey>,
    /// Contains a gradient or derivative.
    pub(crate) gradient: bool,
    /// Contains `\lim`.
    pub(crate) limit: bool,
    /// Contains `\infty`.
    pub(crate) infinity: bool,
    /// Bases used as plain values somewhere (not only applied as `f(x)`).
    pub(crate) values: BTreeSet<BaseKey>,
}

impl Uses {
    /// Distinct free bases.
    pub(crate) fn bases(&self) -> BTreeSet<BaseKey> {
        self.symbols.iter().map(|s| s.base.clone()).collect()
    }

    /// Bases written with a subscript that is not a plain integer
    /// (`s_k`, `g_{k-i}`): sequences.
    pub(crate) fn symbolic(&self) -> BTreeSet<BaseKey> {
        self.symbols
            .iter()
            .filter(|s| constant_key(s).is_none())
            .map(|s| s.base.clone())
            .collect()
    }

    /// Free symbols written without a subscript or with integer/label
    /// subscripts (`\alpha`, `\rho_1`, `w_2`, `\lambda_{max}`), each a
    /// name of its own.
    pub(crate) fn keys(&self) -> BTreeSet<SymbolKey> {
        self.symbols.iter().filter_map(constant_key).collect()
    }

    /// Bases applied as functions and never used as plain values.
    pub(crate) fn only_functions(&self) -> BTreeSet<BaseKey> {
        self.functions.difference(&self.values).cloned().collect()
    }

    fn merge(&mut self, other: Uses) {
        self.symbols.extend(other.symbols);
        self.functions.extend(other.functions);
        self.integers.extend(other.integers);
        self.gradient |= other.gradient;
        self.limit |= other.limit;
        self.infinity |= other.infinity;
        self.values.extend(other.values);
    }
}

/// The uses of `expr`.
pub(crate) fn uses(expr: &Expr) -> Uses {
    let mut out = Uses::default();
    walk(expr, &mut Vec::new(), &mut out);
    out
}

/// The uses of several expressions together.
pub(crate) fn uses_all<'a>(exprs: impl IntoIterator<Item = &'a Expr>) -> Uses {
    let mut out = Uses::default();
    for e in exprs {
        out.merge(uses(e));
    }
    out
}

/// The plain symbol `\pi`, without index, label or accent.
pub(crate) fn is_pi(s: &Symbol) -> bool {
    s.base.name == "pi"
        && s.base.accents.is_empty()
        && s.base.style == crate::math::symbols::Style::Plain
        && s.index.is_empty()
        && s.label.is_none()
}

fn symbol_of(e: &Expr) -> Option<&Symbol> {
    match &e.kind {
        K::Symbol(s) => Some(s),
        _ => None,
    }
}

fn walk(e: &Expr, bound: &mut Vec<BaseKey>, out: &mut Uses) {
    match &e.kind {
        // `\pi` is the number unless the note binds it; the evaluator
        // resolves it either way.
        K::Symbol(s) if is_pi(s) => {}
        K::Symbol(s) => {
            if !bound.contains(&s.base) {
                out.symbols.push(s.clone());
                out.values.insert(s.base.clone());
            }
            for ix in &s.index {
                integers_in(ix, bound, out);
                walk(ix, bound, out);
            }
        }
        K::Infinity => out.infinity = true,
        K::Number(_) | K::Ellipsis | K::Colon | K::Missing => {}
        K::Neg(x)
        | K::Pos(x)
        | K::Percent(x)
        | K::Group(x)
        | K::Transpose(x)
        | K::Inverse(x)
        | K::Abs(x) => walk(x, bound, out),
        K::Add(a, b) | K::Sub(a, b) | K::Mul(_, a, b) | K::Hadamard(a, b) | K::Range(a, b) => {
            walk(a, bound, out);
            walk(b, bound, out);
        }
        K::Div { num, den, .. } => {
            walk(num, bound, out);
            walk(den, bound, out);
        }
        K::Superscript { base, exp } => {
            walk(base, bound, out);
            integers_in(exp, bound, out);
            walk(exp, bound, out);
        }
        K::Sqrt { arg, index } => {
            walk(arg, bound, out);
            if let Some(i) = index {
                walk(i, bound, out);
            }
        }
        K::Func { args, .. } | K::Tuple(args) | K::List(args) | K::Set(args) => {
            for a in args {
                walk(a, bound, out);
            }
        }
        K::Call { func, args } => {
            match symbol_of(func) {
                Some(s) if !bound.contains(&s.base) => {
                    out.functions.insert(s.base.clone());
                    out.symbols.push(s.clone());
                }
                Some(_) => {}
                None => walk(func, bound, out),
            }
            for a in args {
                walk(a, bound, out);
            }
        }
        K::Grad { wrt, body } => {
            out.gradient = true;
            if let Some(w) = wrt {
                walk(w, bound, out);
            }
            match (wrt, symbol_of(body)) {
                // `\nabla_{w_1} f`: f is differentiated, not a value.
                (Some(_), Some(s)) if s.index.is_empty() && !bound.contains(&s.base) => {
                    out.functions.insert(s.base.clone());
                }
                _ => walk(body, bound, out),
            }
        }
        K::Derivative { of, wrt, .. } => {
            out.gradient = true;
            match symbol_of(of) {
                // `\partial L`: L is differentiated, not a value.
                Some(s) => {
                    out.functions.insert(s.base.clone());
                }
                None => walk(of, bound, out),
            }
            walk(wrt, bound, out);
        }
        K::EvalAt { body, var, at } => {
            let v = var.as_deref().and_then(symbol_of).map(|s| s.base.clone());
            if let Some(v) = &v {
                bound.push(v.clone());
            }
            walk(body, bound, out);
            if v.is_some() {
                bound.pop();
            }
            walk(at, bound, out);
        }
        K::BigOp {
            var,
            from,
            to,
            over,
            body,
            ..
        } => {
            for lim in [from, to].into_iter().flatten() {
                integers_in(lim, bound, out);
                walk(lim, bound, out);
            }
            if let Some(o) = over {
                walk(o, bound, out);
            }
            let v = var.as_deref().and_then(symbol_of).map(|s| s.base.clone());
            if let Some(v) = &v {
                bound.push(v.clone());
            }
            walk(body, bound, out);
            if v.is_some() {
                bound.pop();
            }
        }
        K::Limit { var, to, body } => {
            out.limit = true;
            walk(to, bound, out);
            let v = symbol_of(var).map(|s| s.base.clone());
            if let Some(v) = &v {
                bound.push(v.clone());
            }
            walk(body, bound, out);
            if v.is_some() {
                bound.pop();
            }
        }
        K::Expectation { body, .. } => walk(body, bound, out),
        K::Norm { arg, p } => {
            walk(arg, bound, out);
            if let Some(p) = p {
                walk(p, bound, out);
            }
        }
        K::Interval { lo, hi, .. } => {
            walk(lo, bound, out);
            walk(hi, bound, out);
        }
        K::Matrix(rows) => {
            for r in rows {
                for c in r {
                    walk(c, bound, out);
                }
            }
        }
        K::Cases(branches) => {
            for b in branches {
                walk(&b.value, bound, out);
                if let Some(c) = &b.condition {
                    for s in c.sides() {
                        walk(s, bound, out);
                    }
                }
            }
        }
    }
}

/// Symbols written in an integer position (an index, an exponent, a sum
/// bound): plain unindexed symbols there must be integers.
fn integers_in(e: &Expr, bound: &[BaseKey], out: &mut Uses) {
    match &e.kind {
        K::Symbol(s) if s.index.is_empty() && !bound.contains(&s.base) => {
            out.integers.insert(s.base.clone());
        }
        K::Add(a, b) | K::Sub(a, b) => {
            integers_in(a, bound, out);
            integers_in(b, bound, out);
        }
        K::Group(x) | K::Neg(x) => integers_in(x, bound, out),
        _ => {}
    }
}

/// The key of a symbol whose subscripts are integer literals or a label.
pub(crate) fn constant_key(s: &Symbol) -> Option<SymbolKey> {
    let mut index = Vec::new();
    if let Some(l) = &s.label {
        index.push(IndexKey::Label(l.clone()));
    }
    for ix in &s.index {
        match &ix.kind {
            K::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e12 => {
                index.push(IndexKey::Int(n.value as i64))
            }
            K::Neg(x) => match &x.kind {
                K::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e12 => {
                    index.push(IndexKey::Int(-(n.value as i64)))
                }
                _ => return None,
            },
            _ => return None,
        }
    }
    Some(SymbolKey {
        base: s.base.clone(),
        index,
    })
}

/// The symbol key of an expression that is one symbol with integer (or no)
/// indices.
pub(crate) fn lone_symbol(e: &Expr) -> Option<SymbolKey> {
    match &e.kind {
        K::Symbol(s) => {
            let mut index = Vec::new();
            for ix in &s.index {
                match &ix.kind {
                    K::Number(n) if n.value.fract() == 0.0 => {
                        index.push(crate::math::env::IndexKey::Int(n.value as i64))
                    }
                    _ => return None,
                }
            }
            if let Some(l) = &s.label {
                index.push(crate::math::env::IndexKey::Label(l.clone()));
            }
            Some(SymbolKey {
                base: s.base.clone(),
                index,
            })
        }
        K::Group(x) => lone_symbol(x),
        _ => None,
    }
}

/// A stable 64-bit hash (FNV-1a) for seeding: the same note gives the same
/// random trials on every machine.
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_expr;

    fn names(u: &Uses) -> Vec<String> {
        u.bases().iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn bound_variables_are_not_free_and_bounds_are_integers() {
        let u = uses(&parse_expr(r"-\alpha \sum_{i=0}^{k-1} \rho^i g_{k-i}").unwrap());
        assert_eq!(names(&u), ["alpha", "g", "k", "rho"]);
        assert!(u.integers.contains(&BaseKey::plain("k")));
        assert!(!u.integers.contains(&BaseKey::plain("rho")));
        assert_eq!(u.symbolic().len(), 1);
    }

    #[test]
    fn functions_and_gradients_are_noted() {
        let u = uses(&parse_expr(r"\nabla \mathcal{R}(\theta + \rho s)").unwrap());
        assert!(u.gradient);
        assert!(u.functions.contains(&BaseKey::plain("R")));
        let u = uses(&parse_expr(r"\lim_{k \to \infty} s_k").unwrap());
        assert!(u.limit && u.infinity);
        assert_eq!(names(&u), ["s"]);
    }
}
