//! Which symbols play the unit of a matrix expression, read from how they
//! are used rather than from their letter: a symbol is a unit when every
//! place it appears is one term of a sum or difference with another
//! symbol's term, and that sum is inverted, raised to a power or
//! multiplied (`(I - A)^{-1}(I - A^n)`, `(E - \alpha H)^k b`). Random trials
//! bind such a symbol to the identity (1 in scalar trials); a symbol used
//! any other way (`x + y = 2y`, `AB = B`) stays a free unknown.
use crate::math::BaseKey;
use crate::math::ast::{Expr, ExprKind as K};
use crate::verify::identity::children_mut;
use crate::verify::symbols_used::uses;
use std::collections::{BTreeMap, BTreeSet};

/// The unit symbols of `exprs` (the sides of one claim).
pub(crate) fn unit_symbols(exprs: &[&Expr]) -> BTreeSet<BaseKey> {
    // Per base: (places seen, places that fit the unit pattern).
    let mut seen: BTreeMap<BaseKey, (usize, usize)> = BTreeMap::new();
    for e in exprs {
        visit(e, None, &mut seen);
    }
    seen.into_iter()
        .filter(|(_, (all, fitting))| *all > 0 && all == fitting)
        .map(|(b, _)| b)
        .collect()
}

/// How the parent uses a node: as one term of `a ± b` whose sum is
/// inverted, powered or multiplied, with whether the other term names a
/// symbol.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    TermOfScaledSum { other_has_symbol: bool },
}

fn visit(e: &Expr, how: Option<Use>, seen: &mut BTreeMap<BaseKey, (usize, usize)>) {
    if let K::Symbol(s) = &e.kind {
        if s.index.is_empty() && s.label.is_none() {
            let entry = seen.entry(s.base.clone()).or_default();
            entry.0 += 1;
            if how
                == Some(Use::TermOfScaledSum {
                    other_has_symbol: true,
                })
            {
                entry.1 += 1;
            }
        }
        return;
    }
    match &e.kind {
        K::Inverse(x) => visit_scaled(x, seen),
        K::Superscript { base, exp } => {
            visit_scaled(base, seen);
            visit(exp, None, seen);
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

/// `x` is inverted, powered or a factor: if it is a sum, its terms are
/// candidates.
fn visit_scaled(x: &Expr, seen: &mut BTreeMap<BaseKey, (usize, usize)>) {
    let mut inner = x;
    while let K::Group(g) = &inner.kind {
        inner = g;
    }
    match &inner.kind {
        K::Add(a, b) | K::Sub(a, b) => {
            let has = |e: &Expr| !uses(e).bases().is_empty();
            visit(
                a,
                Some(Use::TermOfScaledSum {
                    other_has_symbol: has(b),
                }),
                seen,
            );
            visit(
                b,
                Some(Use::TermOfScaledSum {
                    other_has_symbol: has(a),
                }),
                seen,
            );
        }
        _ => visit(x, None, seen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::parse_formula;

    fn units(src: &str) -> Vec<String> {
        let f = parse_formula(src);
        let st = f.statements[0].as_ref().unwrap();
        let sides: Vec<&Expr> = st.sides().collect();
        unit_symbols(&sides).iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn a_unit_is_found_by_its_use_whatever_its_letter() {
        assert_eq!(units(r"\sum_{k=0}^{n-1} A^k = (I-A)^{-1}(I-A^n)"), ["I"]);
        assert_eq!(units(r"\sum_{k=0}^{n-1} A^k = (E-A)^{-1}(E-A^n)"), ["E"]);
        assert_eq!(
            units(r"\alpha \sum_{k=0}^{n-1} (J - \alpha H)^k b = H^{-1}(J - (J - \alpha H)^n) b"),
            ["J"]
        );
    }

    #[test]
    fn symbols_used_otherwise_are_not_units() {
        assert!(units(r"x + y = 2 y").is_empty());
        assert!(units(r"A B = B").is_empty());
        // I and A are also bare factors here, so both are unknowns.
        assert!(units(r"(I - A)^{-1} I = B A").is_empty());
    }
}
