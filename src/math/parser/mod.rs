//! Recursive-descent parsing of one statement's tokens into an [`Expr`]
//! tree and a [`Statement`] chain.
//!
//! Precedence, loosest first: relations; `+`/`-`; `\odot`; products
//! (explicit `\cdot \times * /` and juxtaposition, left to right); unary
//! minus; postfix (scripts, calls, `\%`, evaluation bars); atoms. `\odot`
//! binds looser than juxtaposition, so `\frac{1}{\sqrt r} \odot \alpha g`
//! is `(1/√r) ⊙ (α g)`. A `\sum`/`\prod`/`\lim` takes the rest of its
//! product term as its body: `\sum_i a_i b_i + c` is `(Σ a_i b_i) + c`.
mod notation;
mod primary;
mod scripts;

use super::ast::{Expr, ExprKind, Link, MulKind, Rel, Sep, Span, Statement};
use super::error::ParseError;
use super::lexer::{Tok, Token};

/// Deepest nesting of groups and operators the parser follows.
pub const MAX_DEPTH: usize = 64;

/// Most tokens one statement may have; see
/// [`crate::vault::limits::MAX_FORMULA_TOKENS`].
const MAX_TOKENS: usize = crate::vault::limits::MAX_FORMULA_TOKENS;

type PResult<T> = Result<T, ParseError>;

/// A closing delimiter the parser is inside of; decides whether `|` closes
/// an absolute value or opens a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    Bar,
    DoubleBar,
    Other,
}

/// Parser state over the tokens of one statement.
pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    closers: Vec<Closer>,
    /// Span of the whole input, for errors at the end.
    end: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str, toks: Vec<Token>) -> Self {
        let end = toks.last().map_or(0, |t| t.span.end);
        Self {
            src,
            toks,
            pos: 0,
            depth: 0,
            closers: Vec::new(),
            end,
        }
    }

    /// Parses all tokens as one statement (a trailing `.` or `,` is ignored).
    pub(crate) fn parse_statement_all(mut self, after: Sep) -> PResult<Statement> {
        self.check_size()?;
        while matches!(
            self.toks.last(),
            Some(Token {
                tok: Tok::Char('.' | ',' | ';'),
                ..
            })
        ) {
            self.toks.pop();
        }
        if let Some(head) = notation::operator_mention(&self.toks) {
            let span = head.span;
            return Ok(Statement {
                head,
                links: Vec::new(),
                after,
                span,
            });
        }
        let st = self.statement(after)?;
        self.expect_end()?;
        Ok(st)
    }

    /// Parses all tokens as one expression.
    pub(crate) fn parse_expr_all(mut self) -> PResult<Expr> {
        self.check_size()?;
        let e = self.expr()?;
        self.expect_end()?;
        Ok(e)
    }

    /// Refuses a statement of more than [`MAX_TOKENS`] tokens: a chain
    /// of `n` terms is a tree `n` deep, which later stages walk
    /// recursively, some copying each subtree (time and memory in `n²`).
    fn check_size(&self) -> PResult<()> {
        if self.toks.len() > MAX_TOKENS {
            let span = Span::new(self.toks.first().map_or(0, |t| t.span.start), self.end);
            return Err(ParseError::Limit {
                what: format!(
                    "{} tokens in one statement, over the maximum of {MAX_TOKENS} (terms of a sum, factors of a product)",
                    self.toks.len()
                ),
                span,
            });
        }
        Ok(())
    }

    fn expect_end(&mut self) -> PResult<()> {
        match self.peek_token() {
            None => Ok(()),
            Some(t) => Err(self.unexpected(&t)),
        }
    }

    // ---- token helpers -------------------------------------------------

    /// Skips annotations that may sit anywhere inside a statement.
    fn skip_noise(&mut self) {
        while let Some(t) = self.toks.get(self.pos) {
            if matches!(t.tok, Tok::Text(_) | Tok::Quad(_)) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek_token(&mut self) -> Option<Token> {
        self.skip_noise();
        self.toks.get(self.pos).cloned()
    }

    fn peek(&mut self) -> Option<&Tok> {
        self.skip_noise();
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks
            .iter()
            .skip(self.pos)
            .filter(|t| !matches!(t.tok, Tok::Text(_) | Tok::Quad(_)))
            .nth(k)
            .map(|t| &t.tok)
    }

    fn next(&mut self) -> Option<Token> {
        self.skip_noise();
        let t = self.toks.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn at_char(&mut self, c: char) -> bool {
        self.peek() == Some(&Tok::Char(c))
    }

    fn at_cmd(&mut self, name: &str) -> bool {
        matches!(self.peek(), Some(Tok::Cmd(n)) if n == name)
    }

    fn eat_char(&mut self, c: char) -> Option<Span> {
        if self.at_char(c) {
            self.next().map(|t| t.span)
        } else {
            None
        }
    }

    fn expect_char(&mut self, c: char) -> PResult<Span> {
        match self.peek_token() {
            Some(t) if t.tok == Tok::Char(c) => {
                self.pos += 1;
                Ok(t.span)
            }
            Some(t) => Err(ParseError::syntax(
                format!("expected `{c}`, found {}", self.describe(&t)),
                t.span,
            )),
            None => Err(ParseError::syntax(format!("expected `{c}`"), self.here())),
        }
    }

    /// An empty span at the current position.
    fn here(&self) -> Span {
        match self.toks.get(self.pos) {
            Some(t) => Span::new(t.span.start, t.span.start),
            None => Span::new(self.end, self.end),
        }
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|p| self.toks.get(p))
            .map_or(0, |t| t.span.end)
    }

    fn describe(&self, t: &Token) -> String {
        format!("`{}`", &self.src[t.span.range()])
    }

    /// The error for a token that cannot appear here.
    fn unexpected(&self, t: &Token) -> ParseError {
        match &t.tok {
            Tok::Cmd(_) | Tok::Unknown(_) | Tok::Begin(_) | Tok::Char('!' | '?') => {
                ParseError::unsupported(self.src[t.span.range()].to_string(), t.span)
            }
            _ => ParseError::syntax(format!("unexpected {}", self.describe(t)), t.span),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::Limit {
                what: format!("nesting deeper than {MAX_DEPTH}"),
                span: self.here(),
            });
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- statements ----------------------------------------------------

    /// The relation at the current token, if any, with its span (consumed).
    fn relation(&mut self) -> Option<(Rel, Span)> {
        let t = self.peek_token()?;
        let rel = match &t.tok {
            Tok::Char('=') => Rel::Eq,
            Tok::Char('<') | Tok::Char('>') => {
                let lt = t.tok == Tok::Char('<');
                self.pos += 1;
                if let Some(s) = self.eat_char('=') {
                    return Some((if lt { Rel::Le } else { Rel::Ge }, t.span.to(s)));
                }
                return Some((if lt { Rel::Lt } else { Rel::Gt }, t.span));
            }
            Tok::Char(':') => {
                self.pos += 1;
                if let Some(s) = self.eat_char('=') {
                    return Some((Rel::Def, t.span.to(s)));
                }
                return Some((Rel::Colon, t.span));
            }
            Tok::Cmd(c) => relation_command(c)?,
            _ => return None,
        };
        self.pos += 1;
        Some((rel, t.span))
    }

    fn at_relation(&mut self) -> bool {
        match self.peek() {
            Some(Tok::Char('=' | '<' | '>' | ':')) => true,
            Some(Tok::Cmd(c)) => relation_command(c).is_some(),
            _ => false,
        }
    }

    /// `head (R side)*`; a missing head or side becomes [`ExprKind::Missing`].
    fn statement(&mut self, after: Sep) -> PResult<Statement> {
        let head = if self.at_relation() {
            Expr::new(ExprKind::Missing, self.here())
        } else {
            self.side()?
        };
        let mut links: Vec<Link> = Vec::new();
        while let Some((rel, rel_span)) = self.relation() {
            let rhs = if self.peek().is_none() || self.at_relation() {
                Expr::new(ExprKind::Missing, Span::new(rel_span.end, rel_span.end))
            } else {
                self.side()?
            };
            let lhs_span = links.last().map_or(head.span, |l| l.rhs.span);
            let span = lhs_span.to(rhs.span).to(rel_span);
            links.push(Link {
                rel,
                rel_span,
                rhs,
                span,
            });
        }
        let span = links
            .iter()
            .fold(head.span, |s, l| s.to(l.span))
            .to(head.span);
        Ok(Statement {
            head,
            links,
            after,
            span,
        })
    }

    /// One side of a relation: an expression, or `a \dots b` (a range
    /// written with an elision, `\alpha_2 \dots \alpha_n`).
    fn side(&mut self) -> PResult<Expr> {
        let from = self.expr()?;
        if self.peek() == Some(&Tok::Ellipsis) {
            let dots = self.next().expect("peeked");
            if !self.can_start_factor() {
                return Err(ParseError::syntax("elision without an end", dots.span));
            }
            let to = self.expr()?;
            let span = from.span.to(to.span);
            return Ok(Expr::new(
                ExprKind::Range(Box::new(from), Box::new(to)),
                span,
            ));
        }
        Ok(from)
    }

    // ---- expressions ---------------------------------------------------

    /// `[+-] hterm ((+|-) hterm)*` with `\odot` inside the terms.
    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.additive();
        self.leave();
        r
    }

    fn additive(&mut self) -> PResult<Expr> {
        let mut lhs = self.odot_term()?;
        loop {
            let add = if self.at_char('+') {
                true
            } else if self.at_char('-') {
                false
            } else if self.at_cmd("pm") || self.at_cmd("mp") {
                let t = self.next().expect("peeked");
                return Err(self.unexpected(&t));
            } else {
                break;
            };
            self.next();
            let rhs = self.odot_term()?;
            let span = lhs.span.to(rhs.span);
            let kind = if add {
                ExprKind::Add(Box::new(lhs), Box::new(rhs))
            } else {
                ExprKind::Sub(Box::new(lhs), Box::new(rhs))
            };
            lhs = Expr::new(kind, span);
        }
        Ok(lhs)
    }

    fn odot_term(&mut self) -> PResult<Expr> {
        let mut lhs = self.signed_term()?;
        while self.at_cmd("odot") || self.at_cmd("circ") {
            self.next();
            let rhs = self.signed_term()?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr::new(ExprKind::Hadamard(Box::new(lhs), Box::new(rhs)), span);
        }
        Ok(lhs)
    }

    /// A product term, with a leading sign applying to the whole term.
    fn signed_term(&mut self) -> PResult<Expr> {
        if let Some(tok) = self.peek_token()
            && matches!(tok.tok, Tok::Char('-' | '+'))
        {
            self.next();
            self.enter()?;
            let inner = self.signed_term();
            self.leave();
            let inner = inner?;
            let span = tok.span.to(inner.span);
            let kind = if tok.tok == Tok::Char('-') {
                ExprKind::Neg(Box::new(inner))
            } else {
                ExprKind::Pos(Box::new(inner))
            };
            return Ok(Expr::new(kind, span));
        }
        self.product()
    }

    /// Factors joined by `\cdot \times * / \div` or juxtaposition.
    pub(crate) fn product(&mut self) -> PResult<Expr> {
        let mut lhs = self.postfix()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Cmd(c)) if c == "cdot" => Some(Op::Mul(MulKind::Cdot)),
                Some(Tok::Cmd(c)) if c == "times" => Some(Op::Mul(MulKind::Times)),
                Some(Tok::Char('*')) => Some(Op::Mul(MulKind::Times)),
                Some(Tok::Char('/')) => Some(Op::Div),
                // `\oslash`: element-wise division, as `/` is on arrays.
                Some(Tok::Cmd(c)) if c == "div" || c == "oslash" => Some(Op::Div),
                _ => None,
            };
            let rhs;
            let kind_of: Op;
            if let Some(op) = op {
                self.next();
                rhs = self.signed_factor()?;
                kind_of = op;
            } else if self.can_start_factor() {
                rhs = self.postfix()?;
                kind_of = Op::Mul(MulKind::Implicit);
            } else {
                break;
            }
            let span = lhs.span.to(rhs.span);
            let kind = match kind_of {
                Op::Mul(k) => ExprKind::Mul(k, Box::new(lhs), Box::new(rhs)),
                Op::Div => ExprKind::Div {
                    num: Box::new(lhs),
                    den: Box::new(rhs),
                    slash: true,
                },
            };
            lhs = Expr::new(kind, span);
        }
        Ok(lhs)
    }

    /// A factor after an explicit operator may carry a sign: `a \cdot -b`.
    fn signed_factor(&mut self) -> PResult<Expr> {
        if let Some(tok) = self.peek_token()
            && tok.tok == Tok::Char('-')
        {
            self.next();
            self.enter()?;
            let inner = self.signed_factor();
            self.leave();
            let inner = inner?;
            let span = tok.span.to(inner.span);
            return Ok(Expr::new(ExprKind::Neg(Box::new(inner)), span));
        }
        self.postfix()
    }

    /// Whether the next token can begin a factor (for juxtaposition).
    fn can_start_factor(&mut self) -> bool {
        let top = self.closers.last().copied();
        match self.peek() {
            None => false,
            Some(Tok::Letter(_) | Tok::Number(_) | Tok::Name(_) | Tok::LSet) => true,
            Some(Tok::Char('(' | '[' | '{')) => true,
            Some(Tok::Char('|')) => top != Some(Closer::Bar),
            Some(Tok::DoubleBar) => top != Some(Closer::DoubleBar),
            Some(Tok::Begin(env)) => !super::normalise::is_align_env(env),
            Some(Tok::Cmd(c)) => !is_infix_command(c),
            _ => false,
        }
    }
}

#[derive(Clone, Copy)]
enum Op {
    Mul(MulKind),
    Div,
}

/// The relation a command writes.
fn relation_command(c: &str) -> Option<Rel> {
    Some(match c {
        "approx" | "simeq" | "cong" | "thickapprox" => Rel::Approx,
        "le" | "leq" | "leqslant" => Rel::Le,
        "ge" | "geq" | "geqslant" => Rel::Ge,
        "ne" | "neq" => Rel::Ne,
        "ll" => Rel::Ll,
        "gg" => Rel::Gg,
        "in" => Rel::In,
        "subseteq" | "subset" => Rel::Subset,
        "propto" => Rel::Propto,
        "sim" => Rel::Sim,
        "to" | "rightarrow" => Rel::To,
        // `v \leftarrow \alpha v - \epsilon g`: pseudo-code assignment.
        "coloneqq" | "equiv" | "triangleq" | "doteq" | "leftarrow" | "longleftarrow" | "gets" => {
            Rel::Def
        }
        _ => return None,
    })
}

/// Commands that sit between operands and so never start a factor.
fn is_infix_command(c: &str) -> bool {
    relation_command(c).is_some()
        || matches!(
            c,
            "cdot"
                | "times"
                | "odot"
                | "circ"
                | "div"
                | "oslash"
                | "pm"
                | "mp"
                | "Rightarrow"
                | "implies"
                | "longrightarrow"
                | "Longrightarrow"
                | "forall"
                | "right"
                | "rceil"
                | "rfloor"
        )
}

/// Whether `t` is a relation token (used by the statement splitter).
pub(crate) fn is_relation_token(t: &Tok) -> bool {
    match t {
        Tok::Char('=' | '<' | '>') => true,
        Tok::Cmd(c) => relation_command(c).is_some() && c != "to" && c != "rightarrow",
        _ => false,
    }
}

#[cfg(test)]
mod tests;
