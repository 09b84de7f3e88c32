//! A canonical, unambiguous text form of expressions and statements, for
//! tests, debug output and evidence in reports: `frac(1, 1 - rho_1)`,
//! `s.hat`, `g_{k - i}`, `sum_{i=0}^{k}(rho_1^i alpha g_{k - i})`.
use super::ast::{BigOpKind, Expr, ExprKind, Func, MulKind, Rel, Statement};
use super::symbols::{Symbol, func_display};
use std::fmt;

fn prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Add(..) | ExprKind::Sub(..) => 1,
        ExprKind::Hadamard(..) => 2,
        ExprKind::Mul(..) | ExprKind::Div { slash: true, .. } => 3,
        ExprKind::Neg(_) | ExprKind::Pos(_) => 4,
        ExprKind::BigOp { .. } | ExprKind::Limit { .. } => 4,
        ExprKind::Superscript { .. }
        | ExprKind::Transpose(_)
        | ExprKind::Inverse(_)
        | ExprKind::Percent(_)
        | ExprKind::EvalAt { .. } => 5,
        _ => 6,
    }
}

/// Writes `e`, in parentheses when it binds looser than `min`.
fn child(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if prec(e) < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

fn list(f: &mut fmt::Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{x}")?;
    }
    Ok(())
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.base)?;
        if let Some(l) = &self.label {
            write!(f, "_\"{l}\"")?;
        }
        match self.index.as_slice() {
            [] => Ok(()),
            [one] if prec(one) == 6 && !matches!(one.kind, ExprKind::Group(_)) => {
                write!(f, "_{one}")
            }
            items => {
                write!(f, "_{{")?;
                list(f, items)?;
                write!(f, "}}")
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{}", n.text),
            ExprKind::Percent(e) => {
                child(f, e, 6)?;
                write!(f, "%")
            }
            ExprKind::Symbol(s) => write!(f, "{s}"),
            ExprKind::Infinity => write!(f, "inf"),
            ExprKind::Ellipsis => write!(f, "..."),
            ExprKind::Colon => write!(f, ":"),
            ExprKind::Missing => write!(f, "?"),
            ExprKind::Neg(e) => {
                write!(f, "-")?;
                child(f, e, 4)
            }
            ExprKind::Pos(e) => {
                write!(f, "+")?;
                child(f, e, 4)
            }
            ExprKind::Add(a, b) => {
                child(f, a, 1)?;
                write!(f, " + ")?;
                child(f, b, 2)
            }
            ExprKind::Sub(a, b) => {
                child(f, a, 1)?;
                write!(f, " - ")?;
                child(f, b, 2)
            }
            ExprKind::Hadamard(a, b) => {
                child(f, a, 2)?;
                write!(f, " ⊙ ")?;
                child(f, b, 3)
            }
            ExprKind::Mul(k, a, b) => {
                child(f, a, 3)?;
                write!(
                    f,
                    "{}",
                    match k {
                        MulKind::Implicit => " ",
                        MulKind::Cdot => " · ",
                        MulKind::Times => " × ",
                    }
                )?;
                child(f, b, 4)
            }
            ExprKind::Div {
                num,
                den,
                slash: true,
            } => {
                child(f, num, 3)?;
                write!(f, " / ")?;
                child(f, den, 4)
            }
            ExprKind::Div { num, den, .. } => write!(f, "frac({num}, {den})"),
            ExprKind::Superscript { base, exp } => {
                child(f, base, 6)?;
                if prec(exp) == 6 && !matches!(exp.kind, ExprKind::Group(_)) {
                    write!(f, "^{exp}")
                } else {
                    write!(f, "^{{{exp}}}")
                }
            }
            ExprKind::Transpose(e) => {
                child(f, e, 6)?;
                write!(f, "^T")
            }
            ExprKind::Inverse(e) => {
                child(f, e, 6)?;
                write!(f, "^-1")
            }
            ExprKind::Sqrt { arg, index: None } => write!(f, "sqrt({arg})"),
            ExprKind::Sqrt {
                arg,
                index: Some(n),
            } => write!(f, "root({n}, {arg})"),
            ExprKind::Func {
                func: Func::Indicator(rel),
                args,
            } if args.len() == 2 => write!(f, "1[{} {} {}]", args[0], rel_str(*rel), args[1]),
            ExprKind::Func { func, args } => {
                write!(f, "{}(", func_display(*func))?;
                list(f, args)?;
                write!(f, ")")
            }
            ExprKind::Call { func, args } => {
                child(f, func, 6)?;
                write!(f, "(")?;
                list(f, args)?;
                write!(f, ")")
            }
            ExprKind::Grad { wrt, body } => {
                write!(f, "grad")?;
                if let Some(w) = wrt {
                    write!(f, "_{{{w}}}")?;
                }
                write!(f, "({body})")
            }
            ExprKind::Derivative { of, wrt, partial } => {
                let d = if *partial { "∂" } else { "d" };
                write!(f, "{d}({of})/{d}({wrt})")
            }
            ExprKind::EvalAt { body, var, at } => {
                child(f, body, 6)?;
                match var {
                    Some(v) => write!(f, "|_{{{v}={at}}}"),
                    None => write!(f, "|_{{{at}}}"),
                }
            }
            ExprKind::BigOp {
                op,
                var,
                from,
                to,
                over,
                body,
            } => {
                write!(
                    f,
                    "{}",
                    match op {
                        BigOpKind::Sum => "sum",
                        BigOpKind::Prod => "prod",
                        BigOpKind::Max => "max",
                        BigOpKind::Min => "min",
                        BigOpKind::ArgMax => "argmax",
                        BigOpKind::ArgMin => "argmin",
                    }
                )?;
                if let Some(v) = var {
                    write!(f, "_{{{v}")?;
                    if let Some(a) = from {
                        write!(f, "={a}")?;
                    }
                    if let Some(s) = over {
                        write!(f, " in {s}")?;
                    }
                    write!(f, "}}")?;
                }
                if let Some(b) = to {
                    write!(f, "^{{{b}}}")?;
                }
                write!(f, "({body})")
            }
            ExprKind::Limit { var, to, body } => write!(f, "lim_{{{var}->{to}}}({body})"),
            ExprKind::Expectation { over, body } => {
                write!(f, "E")?;
                if let Some(o) = over {
                    write!(f, "_{{{o}}}")?;
                }
                write!(f, "[{body}]")
            }
            ExprKind::Abs(e) => write!(f, "|{e}|"),
            ExprKind::Norm { arg, p } => {
                write!(f, "‖{arg}‖")?;
                match p {
                    Some(p) => write!(f, "_{p}"),
                    None => Ok(()),
                }
            }
            ExprKind::Group(e) => write!(f, "({e})"),
            ExprKind::Tuple(items) => {
                write!(f, "(")?;
                list(f, items)?;
                write!(f, ")")
            }
            ExprKind::List(items) => {
                write!(f, "[")?;
                list(f, items)?;
                write!(f, "]")
            }
            ExprKind::Set(items) => {
                write!(f, "{{")?;
                list(f, items)?;
                write!(f, "}}")
            }
            ExprKind::Range(a, b) => write!(f, "{a}..{b}"),
            ExprKind::Interval {
                lo,
                hi,
                lo_closed,
                hi_closed,
            } => write!(
                f,
                "{}{lo}, {hi}{}",
                if *lo_closed { "[" } else { "(" },
                if *hi_closed { "]" } else { ")" }
            ),
            ExprKind::Matrix(rows) => {
                write!(f, "mat[")?;
                for (i, r) in rows.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    list(f, r)?;
                }
                write!(f, "]")
            }
            ExprKind::Cases(branches) => {
                write!(f, "cases(")?;
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    match &b.condition {
                        Some(c) => write!(f, "{} if {c}", b.value)?,
                        None => write!(f, "{} otherwise", b.value)?,
                    }
                }
                write!(f, ")")
            }
        }
    }
}

/// The printed form of a relation.
pub(crate) fn rel_str(r: Rel) -> &'static str {
    match r {
        Rel::Eq => "=",
        Rel::Def => ":=",
        Rel::Approx => "≈",
        Rel::Lt => "<",
        Rel::Gt => ">",
        Rel::Le => "≤",
        Rel::Ge => "≥",
        Rel::Ne => "≠",
        Rel::Ll => "≪",
        Rel::Gg => "≫",
        Rel::In => "∈",
        Rel::Subset => "⊆",
        Rel::Propto => "∝",
        Rel::Sim => "~",
        Rel::To => "->",
        Rel::Colon => ":",
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.head)?;
        for l in &self.links {
            write!(f, " {} {}", rel_str(l.rel), l.rhs)?;
        }
        Ok(())
    }
}
