//! Postfix constructs: sub- and superscripts (indices, powers, labels,
//! `^\top`, `^{-1}`, `^*`), primes, calls `f(x)`, percent signs and
//! evaluation bars `\Big|_{W=W_0}`.
//!
//! A subscript and a superscript on one base may come in either order;
//! the subscript is applied first, so `Q^\top_{(:, i)}` is the transpose
//! of the column `Q_{(:, i)}` and `\rho_1^k` is a power of `\rho_1`.
//!
//! A parenthesised superscript on a symbol is an iterate index, not a
//! power: `x^{(t)}` is `x_t` and `w_i^{(t)}` is `w_{i, t}`; `x^{(i:j)}`
//! (a slice) is not read. `x^2`, `x^{2}` and `(x)^{2}` are powers.
use super::notation::is_iterate_index;
use super::primary::number;
use super::{Closer, PResult, Parser};
use crate::math::ast::{Expr, ExprKind, Span};
use crate::math::error::ParseError;
use crate::math::lexer::{Tok, Token};
use crate::math::symbols::Accent;

/// What a superscript says.
enum Sup {
    Transpose,
    Inverse,
    Accent(Accent),
    /// A word written as a superscript (`g^{ave}`, `v^{max}`): a name.
    Label(String),
    Exp(Expr),
}

/// What a subscript says.
enum Sub {
    Label(String),
    Index(Vec<Expr>),
}

impl Parser<'_> {
    /// An atom followed by its postfix constructs.
    pub(super) fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            match self.peek().cloned() {
                Some(Tok::Char('^' | '_')) => e = self.scripts(e)?,
                Some(Tok::Char('\'')) => {
                    let t = self.next().expect("peeked");
                    e = add_accent(e, Accent::Prime, t.span)?;
                }
                Some(Tok::Char('(')) if self.callable(&e) => e = self.call(e)?,
                Some(Tok::Percent) => {
                    let t = self.next().expect("peeked");
                    let span = e.span.to(t.span);
                    e = Expr::new(ExprKind::Percent(Box::new(e)), span);
                }
                Some(Tok::Char('|'))
                    if self.closers.last() != Some(&Closer::Bar)
                        && self.peek_at(1) == Some(&Tok::Char('_')) =>
                {
                    e = self.eval_bar(e)?;
                }
                Some(Tok::Char('!')) => {
                    let t = self.next().expect("peeked");
                    return Err(ParseError::unsupported("!", t.span));
                }
                _ => break,
            }
        }
        Ok(e)
    }

    /// Whether `(` after `e` is an argument list: `e` is a symbol, or a
    /// symbol with a bracketed superscript label (`g^{(i)}`), and the `(`
    /// follows without whitespace (`\beta (1-\beta)` is a product).
    fn callable(&mut self, e: &Expr) -> bool {
        let ok = match &e.kind {
            ExprKind::Symbol(_) => true,
            ExprKind::Superscript { base, exp } => {
                matches!(base.kind, ExprKind::Symbol(_)) && matches!(exp.kind, ExprKind::Group(_))
            }
            _ => false,
        };
        let Some(paren) = self.peek_token() else {
            return false;
        };
        let gap = &self.src[self.prev_end().min(paren.span.start)..paren.span.start];
        ok && !gap.chars().any(char::is_whitespace)
    }

    pub(super) fn call(&mut self, func: Expr) -> PResult<Expr> {
        self.expect_char('(')?;
        let args = self.items_until(&[')'])?;
        let close = self.expect_char(')')?;
        let span = func.span.to(close);
        Ok(Expr::new(
            ExprKind::Call {
                func: Box::new(func),
                args,
            },
            span,
        ))
    }

    fn eval_bar(&mut self, body: Expr) -> PResult<Expr> {
        self.next();
        self.next();
        let st = self.script_statement()?;
        let span = body
            .span
            .to(st.span)
            .to(Span::new(self.prev_end(), self.prev_end()));
        let (var, at) = match st.links.len() {
            0 => (None, st.head),
            1 => {
                let link = st.links.into_iter().next().expect("one link");
                (Some(Box::new(st.head)), link.rhs)
            }
            _ => return Err(ParseError::syntax("chained evaluation point", st.span)),
        };
        if self.at_char('^') {
            return Err(ParseError::unsupported(
                "evaluation bar with upper limit",
                self.here(),
            ));
        }
        Ok(Expr::new(
            ExprKind::EvalAt {
                body: Box::new(body),
                var,
                at: Box::new(at),
            },
            span,
        ))
    }

    /// Reads the scripts after `base` and applies them.
    fn scripts(&mut self, base: Expr) -> PResult<Expr> {
        let mut sub: Option<(Sub, Span)> = None;
        let mut sup: Option<(Sup, Span)> = None;
        while let Some(t) = self.peek_token() {
            match t.tok {
                Tok::Char('_') => {
                    if sub.is_some() {
                        return Err(ParseError::syntax("double subscript", t.span));
                    }
                    self.next();
                    let start = self.here();
                    let s = self.sub_arg()?;
                    sub = Some((s, start.to(Span::new(self.prev_end(), self.prev_end()))));
                }
                Tok::Char('^') => {
                    if sup.is_some() {
                        return Err(ParseError::syntax("double superscript", t.span));
                    }
                    self.next();
                    let start = self.here();
                    let s = self.sup_arg()?;
                    sup = Some((s, start.to(Span::new(self.prev_end(), self.prev_end()))));
                }
                _ => break,
            }
        }
        let mut e = base;
        if let Some((s, span)) = sub {
            e = apply_sub(e, s, span)?;
        }
        if let Some((s, span)) = sup {
            let full = e.span.to(span);
            e = match s {
                Sup::Transpose => Expr::new(ExprKind::Transpose(Box::new(e)), full),
                Sup::Inverse => Expr::new(ExprKind::Inverse(Box::new(e)), full),
                Sup::Accent(a) => add_accent(e, a, span)?,
                Sup::Label(l) => match e.kind {
                    ExprKind::Symbol(mut s) if s.label.is_none() => {
                        s.label = Some(l);
                        Expr::new(ExprKind::Symbol(s), full)
                    }
                    _ => return Err(ParseError::unsupported("a word superscript", full)),
                },
                Sup::Exp(x) => match (e.kind, x.kind) {
                    // `x^{(t)}`, `w_i^{(t)}`: the iterate index, last.
                    (ExprKind::Symbol(mut s), ExprKind::Group(ix)) if is_iterate_index(&ix) => {
                        s.index.push(*ix);
                        Expr::new(ExprKind::Symbol(s), full)
                    }
                    (base, exp) => Expr::new(
                        ExprKind::Superscript {
                            base: Box::new(Expr::new(base, e.span)),
                            exp: Box::new(Expr::new(exp, x.span)),
                        },
                        full,
                    ),
                },
            };
        }
        Ok(e)
    }

    /// The raw tokens of a brace group at the current position, if it is one.
    fn raw_group(&mut self) -> Option<Vec<Tok>> {
        self.skip_noise();
        let end = self.raw_group_end(self.pos)?;
        Some(
            self.toks[self.pos + 1..end]
                .iter()
                .map(|t| t.tok.clone())
                .collect(),
        )
    }

    /// Skips a brace group whose raw tokens were inspected.
    fn skip_group(&mut self) {
        if let Some(end) = self.raw_group_end(self.pos) {
            self.pos = end + 1;
        }
    }

    fn sup_arg(&mut self) -> PResult<Sup> {
        self.reject_slice()?;
        if let Some(inner) = self.raw_group() {
            if let Some(s) = special_sup(&inner) {
                self.skip_group();
                return Ok(s);
            }
            // Three or more letters, or a `\text{…}` word: a name, not a
            // product of powers.
            if let Some(word) = word_of(&inner) {
                self.skip_group();
                return Ok(Sup::Label(word));
            }
            return Ok(Sup::Exp(self.arg()?)).and_then(|s| match s {
                Sup::Exp(e) if e.kind == ExprKind::Missing => {
                    Err(ParseError::syntax("empty superscript", e.span))
                }
                s => Ok(s),
            });
        }
        if let Some(t) = self.peek_token()
            && let Some(s) = special_sup(std::slice::from_ref(&t.tok))
        {
            self.next();
            return Ok(s);
        }
        Ok(Sup::Exp(self.script_atom()?))
    }

    fn sub_arg(&mut self) -> PResult<Sub> {
        if let Some(Tok::Name(n) | Tok::Text(n)) = self.toks.get(self.pos).map(|t| &t.tok) {
            let n = n.clone();
            self.pos += 1;
            return Ok(Sub::Label(n));
        }
        if let Some(inner) = self.raw_group()
            && let Some(label) = label_of(&inner)
        {
            self.skip_group();
            return Ok(Sub::Label(label));
        }
        Ok(Sub::Index(self.sub_items()?))
    }

    /// `x^{(i:i+n)}`, `x^{(:k)}`: a slice of iterates, which names a
    /// sequence rather than one value, is not read.
    fn reject_slice(&mut self) -> PResult<()> {
        self.skip_noise();
        let start = self.pos;
        let (from, to) = match self.raw_group_end(start) {
            Some(end) => (start + 1, end),
            None => (start, self.toks.len()),
        };
        if self.toks.get(from).map(|t| &t.tok) != Some(&Tok::Char('(')) {
            return Ok(());
        }
        let mut depth = 0usize;
        for t in &self.toks[from..to] {
            match t.tok {
                Tok::Char('(') => depth += 1,
                Tok::Char(')') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Tok::Char(':') if depth == 1 => {
                    let end = self.toks[to.min(self.toks.len()) - 1].span;
                    return Err(ParseError::unsupported(
                        "a slice of iterates `^{(i:j)}` (a sequence, not one value)",
                        self.toks[start].span.to(end),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Subscript items: `{k-i}`, `{0,0,0}`, `{(:, i)}` (flattened), or one atom.
    pub(super) fn sub_items(&mut self) -> PResult<Vec<Expr>> {
        let Some(open) = self.eat_char('{') else {
            return Ok(vec![self.script_atom()?]);
        };
        let mut items = self.items_until(&['}'])?;
        let close = self.expect_char('}')?;
        if items.is_empty() {
            return Err(ParseError::syntax("empty subscript", open.to(close)));
        }
        if items.len() == 1
            && let ExprKind::Tuple(inner) = &items[0].kind
        {
            items = inner.clone();
        }
        Ok(items)
    }

    /// One unbraced script or command argument: a digit (`x^20` is `x^2 0`
    /// as in TeX), a letter, or a command with its own arguments.
    pub(super) fn script_atom(&mut self) -> PResult<Expr> {
        self.skip_noise();
        if let Some(Token {
            tok: Tok::Number(s),
            span,
        }) = self.toks.get(self.pos).cloned()
            && s.len() > 1
        {
            let first = &s[..1];
            self.toks[self.pos] = Token {
                tok: Tok::Number(s[1..].to_string()),
                span: Span::new(span.start + 1, span.end),
            };
            return Ok(number(first, Span::new(span.start, span.start + 1)));
        }
        match self.peek().cloned() {
            Some(Tok::Char('{')) => self.arg(),
            Some(Tok::Char(c)) if !"([|".contains(c) => {
                let t = self.next().expect("peeked");
                Err(ParseError::syntax(
                    format!("expected a script or argument, found `{c}`"),
                    t.span,
                ))
            }
            None => Err(ParseError::syntax(
                "missing script or argument",
                self.here(),
            )),
            _ => self.primary(),
        }
    }
}

/// `^\top`, `^T`, `^{-1}`, `^*`, `^\prime` and their braced forms.
fn special_sup(inner: &[Tok]) -> Option<Sup> {
    Some(match inner {
        [Tok::Cmd(c)] if c == "top" || c == "intercal" => Sup::Transpose,
        [Tok::Letter('T')] => Sup::Transpose,
        [
            Tok::Cmd(c),
            Tok::Char('{'),
            Tok::Letter('T'),
            Tok::Char('}'),
        ] if c == "mathsf" || c == "mathrm" => Sup::Transpose,
        [Tok::Char('-'), Tok::Number(n)] if n == "1" => Sup::Inverse,
        [Tok::Char('*')] => Sup::Accent(Accent::Star),
        [Tok::Cmd(c)] if c == "star" => Sup::Accent(Accent::Star),
        [Tok::Cmd(c)] if c == "prime" => Sup::Accent(Accent::Prime),
        [Tok::Char('\'')] => Sup::Accent(Accent::Prime),
        _ => return None,
    })
}

/// A word as a superscript: three or more letters, or one `\text{…}` /
/// `\mathrm{…}` name.
fn word_of(inner: &[Tok]) -> Option<String> {
    match inner {
        [Tok::Text(s)] | [Tok::Name(s)] => Some(s.clone()),
        letters if letters.len() >= 3 => letters
            .iter()
            .map(|t| match t {
                Tok::Letter(c) => Some(*c),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// A textual subscript: two or more letters (`max`, `la`), or one
/// `\text{…}` / `\mathrm{…}` name, or `\max`/`\min`.
fn label_of(inner: &[Tok]) -> Option<String> {
    match inner {
        [Tok::Text(s)] | [Tok::Name(s)] => Some(s.clone()),
        [Tok::Cmd(c)] if c == "max" || c == "min" => Some(c.clone()),
        letters if letters.len() >= 2 => letters
            .iter()
            .map(|t| match t {
                Tok::Letter(c) => Some(*c),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn add_accent(e: Expr, accent: Accent, span: Span) -> PResult<Expr> {
    let full = e.span.to(span);
    match e.kind {
        ExprKind::Symbol(mut s) => {
            s.base.accents.push(accent);
            Ok(Expr::new(ExprKind::Symbol(s), full))
        }
        _ => Err(ParseError::unsupported(
            match accent {
                Accent::Prime => "prime on a non-symbol",
                _ => "star on a non-symbol",
            },
            full,
        )),
    }
}

fn apply_sub(e: Expr, sub: Sub, span: Span) -> PResult<Expr> {
    let full = e.span.to(span);
    match e.kind {
        ExprKind::Symbol(mut s) if s.index.is_empty() && s.label.is_none() => {
            match sub {
                Sub::Label(l) => s.label = Some(l),
                Sub::Index(items) => s.index = items,
            }
            Ok(Expr::new(ExprKind::Symbol(s), full))
        }
        ExprKind::Norm { arg, p: None } => {
            let p = match sub {
                Sub::Label(l) => Expr::new(
                    ExprKind::Symbol(crate::math::symbols::Symbol::plain(&l)),
                    span,
                ),
                Sub::Index(mut items) if items.len() == 1 => items.remove(0),
                Sub::Index(_) => {
                    return Err(ParseError::syntax("norm with several subscripts", span));
                }
            };
            Ok(Expr::new(
                ExprKind::Norm {
                    arg,
                    p: Some(Box::new(p)),
                },
                full,
            ))
        }
        _ => Err(ParseError::unsupported("subscript on an expression", full)),
    }
}
