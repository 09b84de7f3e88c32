//! Which symbols play the unit of a matrix expression, read from how they
//! are used rather than from their letter: a symbol is a unit when every
//! place it appears in a claim's chain is one term of a sum or difference
//! with another symbol's term, and at least one such sum is inverted,
//! raised to a power or multiplied (`(I - A)^{-1}(I - A^n)`, `(E - \alpha
//! H)^k b`). Random trials bind such a symbol to the identity (1 in scalar
//! trials); a symbol used any other way (`x + y = 2y`, `AB = B`) stays a
//! free unknown.
use crate::math::BaseKey;
use crate::math::ast::{Expr, ExprKind as K};
use crate::verify::identity::children_mut;
use crate::verify::symbols_used::uses;
use std::collections::{BTreeMap, BTreeSet};

/// How often a base was seen: anywhere, as a term of a sum with another
/// symbol's term, and as such a term of a scaled sum.
#[derive(Default)]
struct Seen {
    all: usize,
    term: usize,
    scaled: usize,
}

/// The unit symbols of `exprs` (the sides of one claim's chain).
pub(crate) fn unit_symbols(exprs: &[&Expr]) -> BTreeSet<BaseKey> {
    let mut seen: BTreeMap<BaseKey, Seen> = BTreeMap::new();
    for e in exprs {
        visit(e, None, &mut seen);
    }
    seen.into_iter()
        .filter(|(_, s)| s.all > 0 && s.term == s.all && s.scaled > 0)
        .map(|(b, _)| b)
        .collect()
}

/// How the parent uses a node: as one term of `a ± b` (`scaled` when the
/// sum is inverted, powered or multiplied), with whether the other term
/// names a symbol.
#[derive(Clone, Copy)]
struct Term {
    scaled: bool,
    other_has_symbol: bool,
}

fn visit(e: &Expr, how: Option<Term>, seen: &mut BTreeMap<BaseKey, Seen>) {
    match &e.kind {
        K::Symbol(s) => {
            if s.index.is_empty() && s.label.is_none() {
                let entry = seen.entry(s.base.clone()).or_default();
                entry.all += 1;
                if let Some(t) = how
                    && t.other_has_symbol
                {
                    entry.term += 1;
                    entry.scaled += t.scaled as usize;
                }
            }
        }
        K::Add(a, b) | K::Sub(a, b) => terms(a, b, how.is_some_and(|t| t.scaled), seen),
        K::Group(x) => visit(x, how, seen),
        K::Inverse(x) => visit_scaled(x, seen),
        K::Superscript { base, exp } => {
            visit_scaled(base, seen);
            visit(exp, None, seen);
        }
        // `\alpha I` as a term (`H + \alpha I`): the matrix factor is the
        // term, scaled by a number or a scalar (a lower-case symbol).
        K::Mul(_, a, b)
            if how.is_some()
                && let Some(unit) = scaled_matrix(a, b).or_else(|| scaled_matrix(b, a)) =>
        {
            let coefficient = if std::ptr::eq(unit, a.as_ref()) { b } else { a };
            visit(unit, how, seen);
            visit(coefficient, None, seen);
        }
        K::Mul(_, a, b) | K::Hadamard(a, b) => {
            visit_scaled(a, seen);
            visit_scaled(b, seen);
        }
        _ => {
            let mut copy = e.clone();
            for c in children_mut(&mut copy) {
                visit(c, None, seen);
            }
        }
    }
}

/// `m` when `m` is a lone upper-case symbol (a matrix by the notation's
/// case) and `c` a number or a lone lower-case symbol (a scalar).
fn scaled_matrix<'e>(m: &'e Expr, c: &Expr) -> Option<&'e Expr> {
    let K::Symbol(ms) = &m.kind else {
        return None;
    };
    let upper =
        |s: &crate::math::Symbol| s.base.name.chars().next().is_some_and(char::is_uppercase);
    let scalar = match &c.kind {
        K::Number(_) => true,
        K::Symbol(cs) => !upper(cs),
        _ => false,
    };
    (upper(ms) && ms.index.is_empty() && scalar).then_some(m)
}

/// The two terms of `a ± b`.
fn terms(a: &Expr, b: &Expr, scaled: bool, seen: &mut BTreeMap<BaseKey, Seen>) {
    let has = |e: &Expr| !uses(e).bases().is_empty();
    let (ha, hb) = (has(a), has(b));
    visit(
        a,
        Some(Term {
            scaled,
            other_has_symbol: hb,
        }),
        seen,
    );
    visit(
        b,
        Some(Term {
            scaled,
            other_has_symbol: ha,
        }),
        seen,
    );
}

/// `x` is inverted, powered or a factor: if it is a sum, its terms are
/// terms of a scaled sum.
fn visit_scaled(x: &Expr, seen: &mut BTreeMap<BaseKey, Seen>) {
    let mut inner = x;
    while let K::Group(g) = &inner.kind {
        inner = g;
    }
    match &inner.kind {
        K::Add(a, b) | K::Sub(a, b) => terms(a, b, true, seen),
        _ => visit(x, None, seen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_formula;

    fn units(src: &str) -> Vec<String> {
        let f = parse_formula(src);
        assert_eq!(f.statements.len(), 1, "{src}");
        let st = f.statements[0].as_ref().unwrap();
        let sides: Vec<&Expr> = st.sides().collect();
        unit_symbols(&sides).iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn a_unit_is_found_by_its_use_whatever_its_letter() {
        assert_eq!(units(r"\sum_{k=0}^{n-1} A^k = (I-A)^{-1}(I-A^n)"), ["I"]);
        // Across a chain: I is a plain term in the last side.
        assert_eq!(
            units(
                r"(I-A) \sum_{k=0}^{n-1} A^k = \sum_{k=0}^{n-1} A^k - \sum_{k=1}^{n} A^k = I - A^n"
            ),
            ["I"]
        );
        assert_eq!(units(r"\sum_{k=0}^{n-1} A^k = (E-A)^{-1}(E-A^n)"), ["E"]);
        // A scaled unit next to a matrix: `(H + \lambda J)^{-1}`.
        assert_eq!(
            units(r"(H + \lambda J)^{-1} H = (H + \lambda J)^{-1} (H + \lambda J - \lambda J)"),
            ["J"]
        );
        assert_eq!(
            units(r"\alpha \sum_{k=0}^{n-1} (J - \alpha H)^k b = H^{-1}(J - (J - \alpha H)^n) b"),
            ["J"]
        );
    }

    #[test]
    fn symbols_used_otherwise_are_not_units() {
        assert!(units(r"x + y = 2 y").is_empty());
        assert!(units(r"(x + y)^2 = x^2 + 2 x y + y^2").is_empty());
        assert!(units(r"A B = B").is_empty());
        // I and A are also bare factors here, so both are unknowns.
        assert!(units(r"(I - A)^{-1} I = B A").is_empty());
    }
}
