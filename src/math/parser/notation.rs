//! Notations from lecture and library notes read beside the core grammar:
//! operators over a subscript range (`\sum_{1 \le i \le n}`,
//! `\max_{1 \le i \le t} x_i`, `\arg\min_w L(w)`), ceilings and floors,
//! partials `\partial_w f`, indicators `\mathbb{1}[z > 0]`, iterate
//! superscripts `x^{(t)}` and bare operator mentions (`$\odot$`).
use super::primary::{number, symbol};
use super::{Closer, PResult, Parser};
use crate::math::ast::{
    BigOpKind, Expr, ExprKind, Func, MulKind, Number, Rel, Sep, Span, Statement,
};
use crate::math::error::ParseError;
use crate::math::lexer::{Tok, Token};
use crate::math::symbols::{Style, Symbol, func_command, greek_name};

/// What the subscript of a big operator says about its variable.
#[derive(Default)]
struct Bounds {
    var: Option<Box<Expr>>,
    from: Option<Box<Expr>>,
    to: Option<Box<Expr>>,
    over: Option<Box<Expr>>,
}

/// The printed name of a big operator, for messages.
fn op_name(op: BigOpKind) -> &'static str {
    match op {
        BigOpKind::Sum => "\\sum",
        BigOpKind::Prod => "\\prod",
        BigOpKind::Max => "\\max",
        BigOpKind::Min => "\\min",
        BigOpKind::ArgMax => "\\arg\\max",
        BigOpKind::ArgMin => "\\arg\\min",
    }
}

/// `e + by` (`by` is ±1), for the integer end of a strict bound.
fn shift(e: Expr, by: i64) -> Expr {
    let span = e.span;
    let one = Box::new(number("1", span));
    let kind = if by > 0 {
        ExprKind::Add(Box::new(e), one)
    } else {
        ExprKind::Sub(Box::new(e), one)
    };
    Expr::new(kind, span)
}

/// The bounds a subscript relation chain gives: `i`, `i=0`, `j \in S`,
/// `1 \le i \le n`, `0 \le i < n` (to `n - 1`), `t \ge i \ge 1`, `i \le n`,
/// `1 \le i`.
fn bounds(st: Statement, op: BigOpKind) -> PResult<Bounds> {
    let is_symbol = |e: &Expr| matches!(e.kind, ExprKind::Symbol(_));
    let lower = |e: Expr, rel: Rel| match rel {
        Rel::Lt | Rel::Gt => shift(e, 1),
        _ => e,
    };
    let upper = |e: Expr, rel: Rel| match rel {
        Rel::Lt | Rel::Gt => shift(e, -1),
        _ => e,
    };
    let unsupported = |what: &str, span: Span| {
        ParseError::unsupported(format!("{what} in the subscript of {}", op_name(op)), span)
    };
    let mut b = Bounds::default();
    let span = st.span;
    let head = st.head;
    let mut links = st.links.into_iter();
    match (links.next(), links.next(), links.next()) {
        (None, ..) => b.var = Some(Box::new(head)),
        (Some(l), None, _) => match l.rel {
            Rel::Eq | Rel::Def => {
                b.var = Some(Box::new(head));
                b.from = Some(Box::new(l.rhs));
            }
            Rel::In | Rel::Sim | Rel::Subset => {
                b.var = Some(Box::new(head));
                b.over = Some(Box::new(l.rhs));
            }
            Rel::Le | Rel::Lt | Rel::Ge | Rel::Gt => {
                // `i \le n` bounds `i` from above; `1 \le i` from below.
                let var_first = is_symbol(&head) || !is_symbol(&l.rhs);
                let (var, other) = if var_first {
                    (head, l.rhs)
                } else {
                    (l.rhs, head)
                };
                let other_is_upper = matches!(l.rel, Rel::Le | Rel::Lt) == var_first;
                if other_is_upper {
                    b.to = Some(Box::new(upper(other, l.rel)));
                } else {
                    b.from = Some(Box::new(lower(other, l.rel)));
                }
                b.var = Some(Box::new(var));
            }
            _ => return Err(unsupported("relation", l.rel_span)),
        },
        (Some(l1), Some(l2), None) => {
            let up = |r: Rel| matches!(r, Rel::Le | Rel::Lt);
            let down = |r: Rel| matches!(r, Rel::Ge | Rel::Gt);
            if !is_symbol(&l1.rhs) {
                return Err(unsupported("range without a variable", span));
            }
            let (lo, lo_rel, hi, hi_rel) = if up(l1.rel) && up(l2.rel) {
                (head, l1.rel, l2.rhs, l2.rel)
            } else if down(l1.rel) && down(l2.rel) {
                (l2.rhs, l2.rel, head, l1.rel)
            } else {
                return Err(unsupported("mixed relations", span));
            };
            b.var = Some(Box::new(l1.rhs));
            b.from = Some(Box::new(lower(lo, lo_rel)));
            b.to = Some(Box::new(upper(hi, hi_rel)));
        }
        _ => return Err(unsupported("chained relation", span)),
    }
    Ok(b)
}

impl Parser<'_> {
    /// `\sum`, `\prod`, or `\max`/`\min`/`\arg\min`/`\arg\max` followed by
    /// a subscript: the scripts, then the body. A sum, product, max or min
    /// takes the rest of its product term as the body (`\max_i x_i + 1` is
    /// `(max x_i) + 1`); an arg-min or arg-max takes the rest of the side
    /// (`\arg\min_w f(w) + g(w)`).
    pub(super) fn big_op(&mut self, op: BigOpKind, span: Span) -> PResult<Expr> {
        let mut b = Bounds::default();
        let mut seen = (false, false);
        loop {
            if !seen.0 && self.eat_char('_').is_some() {
                seen.0 = true;
                let st = self.script_statement()?;
                let to = b.to.take();
                b = bounds(st, op)?;
                b.to = b.to.or(to);
            } else if !seen.1 && self.eat_char('^').is_some() {
                seen.1 = true;
                let to = Box::new(self.arg()?);
                if b.to.is_some() {
                    return Err(ParseError::syntax(
                        format!("two upper limits on {}", op_name(op)),
                        to.span,
                    ));
                }
                b.to = Some(to);
            } else {
                break;
            }
        }
        if !self.can_start_factor() {
            return Err(ParseError::syntax(
                format!("{} without a body", op_name(op)),
                span,
            ));
        }
        let body = match op {
            BigOpKind::ArgMin | BigOpKind::ArgMax => self.expr()?,
            _ => self.operator_body()?,
        };
        let full = span.to(body.span);
        Ok(Expr::new(
            ExprKind::BigOp {
                op,
                var: b.var,
                from: b.from,
                to: b.to,
                over: b.over,
                body: Box::new(body),
            },
            full,
        ))
    }

    /// `\max_{…}`, `\min_{…}`, `\arg\min_{…}`, `\arg\max_{…}`: the function
    /// with a subscript is an operator over the subscript's variable.
    pub(super) fn scripted_func(&mut self, func: Func, span: Span) -> PResult<Expr> {
        let op = match func {
            Func::Max => BigOpKind::Max,
            Func::Min => BigOpKind::Min,
            Func::ArgMax => BigOpKind::ArgMax,
            Func::ArgMin => BigOpKind::ArgMin,
            _ => {
                return Err(ParseError::unsupported(
                    format!("script on \\{}", crate::math::symbols::func_display(func)),
                    self.here(),
                ));
            }
        };
        self.big_op(op, span)
    }

    /// `\lceil x \rceil` or `\lfloor x \rfloor`, after the opening command.
    pub(super) fn ceil_floor(&mut self, open: &str, span: Span) -> PResult<Expr> {
        let (func, close) = if open == "lceil" {
            (Func::Ceil, "rceil")
        } else {
            (Func::Floor, "rfloor")
        };
        self.closers.push(Closer::Other);
        let arg = self.expr();
        self.closers.pop();
        let arg = arg?;
        match self.peek_token() {
            Some(Token {
                tok: Tok::Cmd(c),
                span: end,
            }) if c == close => {
                self.pos += 1;
                Ok(Expr::new(
                    ExprKind::Func {
                        func,
                        args: vec![arg],
                    },
                    span.to(end),
                ))
            }
            _ => Err(ParseError::syntax(
                format!("`\\{open}` is never closed"),
                span,
            )),
        }
    }

    /// `\partial_w f`, `\partial_{\mathbf{w}} l(\mathbf{w})`: the partial
    /// of what follows with respect to the subscript, read as
    /// `\nabla_w f` is.
    pub(super) fn partial(&mut self, span: Span) -> PResult<Expr> {
        if !self.at_char('_') {
            return Err(ParseError::unsupported("\\partial outside \\frac", span));
        }
        self.grad(span)
    }

    /// `\mathbb{1}[z > 0]`, `\mathbb{1}(z > 0)`, `\mathbb{1}\{z > 0\}`,
    /// `\mathbb{1}_{z > 0}`, after the font and its `1`: the indicator of
    /// the condition. A chain `0 < z \le 1` is the elementwise product of
    /// one indicator per relation. `None`, with nothing consumed, when no bracket or
    /// subscript holding a relation follows.
    pub(super) fn indicator(&mut self, span: Span) -> PResult<Option<Expr>> {
        let saved = (self.pos, self.toks.clone(), self.closers.len(), self.depth);
        match self.indicator_condition() {
            Ok(Some((st, end))) if !st.links.is_empty() => {
                let mut out: Option<Expr> = None;
                for (k, link) in st.links.iter().enumerate() {
                    let lhs = st.lhs_of(k).clone();
                    let s = lhs.span.to(link.rhs.span);
                    let one = Expr::new(
                        ExprKind::Func {
                            func: Func::Indicator(link.rel),
                            args: vec![lhs, link.rhs.clone()],
                        },
                        s,
                    );
                    out = Some(match out {
                        None => one,
                        Some(acc) => {
                            let s = acc.span.to(one.span);
                            Expr::new(ExprKind::Hadamard(Box::new(acc), Box::new(one)), s)
                        }
                    });
                }
                let mut e = out.expect("a link");
                e.span = span.to(end);
                Ok(Some(e))
            }
            _ => {
                (self.pos, self.toks, _, self.depth) = saved;
                self.closers.truncate(saved.2);
                Ok(None)
            }
        }
    }

    /// The condition of an indicator and the span of its closing bracket.
    fn indicator_condition(&mut self) -> PResult<Option<(Statement, Span)>> {
        let sub = self.eat_char('_').is_some();
        let Some(open) = self.next() else {
            return Ok(None);
        };
        let close = match open.tok {
            Tok::Char('[') => Tok::Char(']'),
            Tok::Char('(') => Tok::Char(')'),
            Tok::LSet => Tok::RSet,
            Tok::Char('{') if sub => Tok::Char('}'),
            _ => return Ok(None),
        };
        let set = sub && self.peek() == Some(&Tok::LSet);
        if set {
            self.next();
        }
        self.closers.push(Closer::Other);
        let st = self.statement(Sep::Start);
        self.closers.pop();
        let st = st?;
        if set && self.next().map(|t| t.tok) != Some(Tok::RSet) {
            return Ok(None);
        }
        match self.next() {
            Some(t) if t.tok == close => Ok(Some((st, t.span))),
            _ => Ok(None),
        }
    }
}

/// Whether a parenthesised superscript `(…)` on a symbol is an iterate
/// index (`x^{(t)}`, `x^{(k+1)}`, `\theta^{(0)}`, `W^{[l]}`) rather than a
/// power: an integer, one letter (Latin or Greek), or a sum or difference
/// of Latin letters, integers and integer multiples (`2k+1`). A power
/// written in brackets (`x^{(1-\beta)}`, `x^{(0.5)}`) stays a power.
pub(super) fn is_iterate_index(e: &Expr) -> bool {
    fn latin(e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Symbol(s) if plain_letter(s) && s.base.name.len() == 1
            && s.base.name.chars().all(|c| c.is_ascii_alphabetic()))
    }
    fn integer(e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Number(Number { text, .. }) if !text.contains('.'))
    }
    fn term(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Add(a, b) | ExprKind::Sub(a, b) => term(a) && term(b),
            ExprKind::Mul(MulKind::Implicit, a, b) => integer(a) && latin(b),
            _ => latin(e) || integer(e),
        }
    }
    match &e.kind {
        ExprKind::Symbol(s) => plain_letter(s) && (s.base.name.len() == 1 || greek(s)),
        ExprKind::Number(_) => integer(e),
        _ => term(e),
    }
}

fn plain_letter(s: &Symbol) -> bool {
    s.base.style == Style::Plain
        && s.base.accents.is_empty()
        && s.index.is_empty()
        && s.label.is_none()
}

fn greek(s: &Symbol) -> bool {
    greek_name(&s.base.name) == Some(s.base.name.as_str())
}

/// A statement that is only an operator or a function name, written to
/// mention it in prose (`the product $\odot$ …`, `$\nabla$`): a bare
/// expression, the symbol `\odot`, rather than a formula that is not read.
pub(super) fn operator_mention(toks: &[Token]) -> Option<Expr> {
    let [t] = toks else {
        return None;
    };
    let name = match &t.tok {
        Tok::Char(c @ ('+' | '-' | '*' | '/')) => c.to_string(),
        Tok::Cmd(c)
            if func_command(c).is_some()
                || matches!(
                    c.as_str(),
                    "odot"
                        | "oplus"
                        | "otimes"
                        | "cdot"
                        | "times"
                        | "circ"
                        | "oslash"
                        | "div"
                        | "pm"
                        | "mp"
                        | "nabla"
                        | "partial"
                        | "sum"
                        | "prod"
                        | "int"
                        | "sqrt"
                        | "lceil"
                        | "lfloor"
                ) =>
        {
            format!("\\{c}")
        }
        _ => return None,
    };
    Some(symbol(Symbol::plain(&name), t.span))
}
