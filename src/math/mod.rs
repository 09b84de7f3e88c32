//! LaTeX formulas as expression trees, and their numeric evaluation: the
//! foundation of the formula checker.
//!
//! [`parse_formula`] reads the LaTeX of one math span into [`Statement`]s
//! (relation chains with spans; see [`split`](self) rules below);
//! [`parse_expr`] reads a single expression. [`eval()`] evaluates an
//! [`Expr`] to a [`Value`] (scalar, vector or matrix) under an [`Env`] of
//! bindings, with shape errors and caps reported as [`EvalError`]s.
//!
//! Pipeline: `lexer` (tokens with byte spans, Unicode mapped) → `normalise`
//! (drops `\left`, `\boxed`, `\underbrace{x}_{note}` and other looks;
//! turns `\text{…}` into annotations) → `split` (statements at `\\`, `&=`
//! rows, arrows, `\quad`, commas, text) → `parser` (one tree per
//! statement). A statement that cannot be read is an `Err` in its place;
//! the rest of the formula is still read.
//!
//! ```
//! use verideck::math::{parse_formula, parse_expr, eval, Env, Value};
//! let f = parse_formula(r"\begin{split} a &= b \\ &= c \end{split}");
//! let st = f.statements[0].as_ref().unwrap();
//! assert_eq!(st.links.len(), 2);
//! let e = parse_expr(r"2 \cdot \frac{2}{3} \cdot \frac{1}{3}").unwrap();
//! let v = eval(&e, &Env::new()).unwrap();
//! assert!((v.as_scalar().unwrap() - 4.0 / 9.0).abs() < 1e-12);
//! ```
pub mod ast;
mod display;
pub mod env;
pub mod error;
pub mod eval;
mod lexer;
mod linalg;
mod normalise;
mod parser;
mod split;
pub mod symbols;
pub mod value;

pub use ast::{Expr, ExprKind, Link, Rel, Sep, Span, Statement};
pub use env::Env;
pub use error::ParseError;
pub use eval::{EvalError, eval};
pub use parser::MAX_DEPTH;
pub use symbols::{Accent, BaseKey, Style, Symbol};
pub use value::Value;

use ast::ExprKind as K;

/// Longest LaTeX string the parser accepts, in bytes.
pub const MAX_INPUT: usize = 20_000;

/// The byte ranges of the rows of `src`, cut at every `\\` (the breaks
/// themselves left out).
pub fn row_ranges(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for t in lexer::lex(src) {
        if t.tok == lexer::Tok::RowBreak {
            out.push(start..t.span.start);
            start = t.span.end;
        }
    }
    out.push(start..src.len());
    out
}

/// The indentation of one row of an alignment, in quads: the wide spaces
/// (`\quad` 1, `\qquad` 2) before its first token other than `&`. Pseudo-
/// code writes its blocks this way.
pub fn row_indent(src: &str) -> usize {
    lexer::lex(src)
        .iter()
        .filter(|t| t.tok != lexer::Tok::Char('&'))
        .map_while(|t| match t.tok {
            lexer::Tok::Quad(w) => Some(w as usize),
            _ => None,
        })
        .sum()
}

/// Whether `src` holds nothing but layout: alignment marks, spaces and
/// wide spaces.
pub fn only_layout(src: &str) -> bool {
    lexer::lex(src)
        .iter()
        .all(|t| matches!(t.tok, lexer::Tok::Char('&') | lexer::Tok::Quad(_)))
}

/// The statements of one formula, each parsed or with the reason it was not.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// In source order; a row `&= c` continuing a chain is merged into the
    /// statement before it.
    pub statements: Vec<Result<Statement, ParseError>>,
}

impl Formula {
    /// The statements that parsed.
    pub fn parsed(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter_map(|s| s.as_ref().ok())
    }

    /// The statements that did not.
    pub fn errors(&self) -> impl Iterator<Item = &ParseError> {
        self.statements.iter().filter_map(|s| s.as_ref().err())
    }
}

/// Reads the LaTeX of one math span (without `$` delimiters).
pub fn parse_formula(src: &str) -> Formula {
    if src.len() > MAX_INPUT {
        return Formula {
            statements: vec![Err(ParseError::Limit {
                what: format!("formula longer than {MAX_INPUT} bytes"),
                span: Span::new(0, src.len()),
            })],
        };
    }
    let toks = normalise::normalise(src, lexer::lex(src));
    let mut statements: Vec<Result<Statement, ParseError>> = Vec::new();
    for seg in split::split(toks) {
        let continues = seg.sep == Sep::Row
            && seg
                .toks
                .first()
                .is_some_and(|t| parser::is_relation_token(&t.tok));
        let parsed = parser::Parser::new(src, seg.toks).parse_statement_all(seg.sep);
        match (continues, parsed, statements.last_mut()) {
            (true, Ok(st), Some(Ok(prev))) => {
                let mut lhs = prev.links.last().map_or(prev.head.span, |l| l.rhs.span);
                for mut link in st.links {
                    link.span = lhs.to(link.span);
                    lhs = link.rhs.span;
                    prev.span = prev.span.to(link.span);
                    prev.links.push(link);
                }
            }
            (_, parsed, _) => statements.push(parsed),
        }
    }
    Formula { statements }
}

/// Reads one expression (no relations, no separators).
pub fn parse_expr(src: &str) -> Result<Expr, ParseError> {
    if src.len() > MAX_INPUT {
        return Err(ParseError::Limit {
            what: format!("formula longer than {MAX_INPUT} bytes"),
            span: Span::new(0, src.len()),
        });
    }
    let toks = normalise::normalise(src, lexer::lex(src));
    if toks.is_empty() {
        return Err(ParseError::syntax(
            "empty expression",
            Span::new(0, src.len()),
        ));
    }
    parser::Parser::new(src, toks).parse_expr_all()
}

impl Expr {
    /// Whether the node is a placeholder for an absent side.
    pub fn is_missing(&self) -> bool {
        matches!(self.kind, K::Missing)
    }
}
