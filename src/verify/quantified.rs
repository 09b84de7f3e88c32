//! Variables a note quantifies in words: "for any $g$", "for all $t \ge
//! 1$", "für alle $x$", "pour tout $q$". A claim whose free symbols are
//! all quantified this way is a general statement, so random values of
//! them may refute it; without such words, a formula with one side free of
//! symbols (`|z| = \sqrt{0.5}`) is a claim about particular values.
use crate::math::ast::{Expr, ExprKind};
use crate::math::env::SymbolKey;
use crate::verify::symbols_used::uses;

/// Whether every symbol of `symbols` occurs inside the body of a sum,
/// product or limit of `sides`: a series identity
/// (`(1-\beta)\sum_{i \ge 0} \beta^i = 1`) is quantified by its form.
pub(crate) fn inside_series(sides: &[&Expr], symbols: &[SymbolKey]) -> bool {
    let mut inside = Vec::new();
    for side in sides {
        series_bodies(side, &mut inside);
    }
    !symbols.is_empty()
        && symbols
            .iter()
            .all(|k| inside.iter().any(|b: &SymbolKey| b.base == k.base))
}

fn series_bodies(e: &Expr, out: &mut Vec<SymbolKey>) {
    match &e.kind {
        ExprKind::BigOp { body, .. } | ExprKind::Limit { body, .. } => {
            out.extend(uses(body).keys());
        }
        _ => {
            let mut e = e.clone();
            for child in crate::verify::identity::children_mut(&mut e) {
                series_bodies(child, out);
            }
        }
    }
}

/// Phrases that quantify the inline formulas after them, lower case, in
/// the languages notes are written in.
const QUANTIFIERS: &[&str] = &[
    "for any",
    "for all",
    "for every",
    "for each",
    "whatever",
    "für alle",
    "für jedes",
    "für jede",
    "für beliebige",
    "pour tout",
    "pour toute",
    "quel que soit",
    "quelle que soit",
    "para todo",
    "para toda",
    "para cualquier",
    "per ogni",
    "qualsiasi",
    "voor alle",
    "voor elke",
    "для всех",
    "для любого",
    "при любом",
    "对任意",
    "对所有",
    "任意の",
];

/// How far after a quantifier (in characters) an inline formula still
/// belongs to it.
const REACH: usize = 80;

/// Whether every symbol of `symbols` is quantified by the prose of
/// `line`, or by `\forall` in the line's own formulas.
pub(crate) fn all_quantified(line: &str, symbols: &[SymbolKey]) -> bool {
    if symbols.is_empty() {
        return false;
    }
    let quantified = quantified_symbols(line);
    symbols
        .iter()
        .all(|k| quantified.iter().any(|q| q.base == k.base))
}

/// The symbols of the inline formulas that follow a quantifier in `line`.
fn quantified_symbols(line: &str) -> Vec<SymbolKey> {
    let lower = line.to_lowercase();
    // Lower-casing can change byte lengths; work on characters.
    let chars: Vec<char> = line.chars().collect();
    let lower_chars: Vec<char> = lower.chars().collect();
    if chars.len() != lower_chars.len() {
        return Vec::new();
    }
    // (where the quantified formulas start, whether that is inside math)
    let mut starts: Vec<(usize, bool)> = Vec::new();
    for q in QUANTIFIERS {
        let q: Vec<char> = q.chars().collect();
        for i in 0..lower_chars.len().saturating_sub(q.len() - 1) {
            if lower_chars[i..i + q.len()] == q[..] {
                starts.push((i + q.len(), false));
            }
        }
    }
    let forall: Vec<char> = "\\forall".chars().collect();
    for i in 0..chars.len().saturating_sub(forall.len() - 1) {
        if chars[i..i + forall.len()] == forall[..] {
            starts.push((i + forall.len(), true));
        }
    }
    let mut out = Vec::new();
    for (start, in_math) in starts {
        let end = (start + REACH).min(chars.len());
        let window: String = chars[start..end].iter().collect();
        // Pieces alternate between prose and math; after `\forall` the
        // first piece is math.
        let first_math = if in_math { 0 } else { 1 };
        for piece in window.split('$').skip(first_math).step_by(2) {
            let f = crate::math::parse_formula(piece);
            for st in f.statements.iter().flatten() {
                for side in st.sides() {
                    out.extend(uses(side).keys());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> SymbolKey {
        SymbolKey::parse(s).unwrap()
    }

    #[test]
    fn words_before_inline_formulas_quantify_them() {
        let line = "- check, for any $g$ and invertible $H$: $g + H(-H^{-1} g) = 0$";
        assert!(all_quantified(line, &[key("g"), key("H")]));
        assert!(!all_quantified(line, &[key("g"), key("z")]));
    }

    #[test]
    fn other_languages_and_forall() {
        assert!(all_quantified(
            "für alle $q$ mit $|q| < 1$ gilt",
            &[key("q")]
        ));
        assert!(all_quantified("pour tout $x$, on a", &[key("x")]));
        assert!(all_quantified("$\\forall x: x - x = 0$", &[key("x")]));
    }

    #[test]
    fn a_value_named_in_prose_is_not_quantified() {
        let line = "the roots are complex with $|z| = \\sqrt{0.5}$";
        assert!(!all_quantified(line, &[key("z")]));
        assert!(!all_quantified("for any step", &[]));
    }
}
