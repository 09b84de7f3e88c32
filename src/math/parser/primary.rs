//! Atoms: numbers, symbols, groups and lists, and the commands that build
//! nodes (`\frac`, `\sqrt`, fonts, accents, functions, `\nabla`, `\sum`,
//! `\lim`, `\mathbb{E}`, matrix and cases environments).
use super::{Closer, PResult, Parser};
use crate::math::ast::{BigOpKind, Branch, Expr, ExprKind, Func, Number, Rel, Sep, Span};
use crate::math::error::ParseError;
use crate::math::lexer::{Tok, Token};
use crate::math::symbols::{
    Style, Symbol, accent_command, func_command, func_name, greek_name, is_font_command,
};

const MATRIX_ENVS: &[&str] = &["pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix"];

impl Parser<'_> {
    /// One atom (no postfix scripts).
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.primary_inner();
        self.leave();
        r
    }

    /// `E[g^2]_t`: a letter, a bracket right after it and a subscript after
    /// the bracket name one indexed quantity (the running average of
    /// `g^2` in RMSProp and AdaDelta notes), written `E[g^2]` as its name.
    /// `None` (nothing consumed) for anything else, such as `E[X]` with no
    /// subscript.
    fn bracket_name(&mut self, letter: char, span: Span) -> Option<Expr> {
        if self.toks.get(self.pos).map(|t| &t.tok) != Some(&Tok::Char('[')) {
            return None;
        }
        let mut depth = 0usize;
        let mut end = None;
        for (k, t) in self.toks.iter().enumerate().skip(self.pos) {
            match &t.tok {
                Tok::Char('[') => depth += 1,
                Tok::Char(']') => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(k);
                        break;
                    }
                }
                Tok::RowBreak | Tok::Begin(_) | Tok::End(_) => return None,
                _ => {}
            }
        }
        let end = end?;
        if self.toks.get(end + 1).map(|t| &t.tok) != Some(&Tok::Char('_')) {
            return None;
        }
        let mut name = letter.to_string();
        for t in &self.toks[self.pos..=end] {
            match &t.tok {
                Tok::Cmd(c) => {
                    name.push('\\');
                    name.push_str(c);
                }
                Tok::Letter(c) | Tok::Char(c) => name.push(*c),
                Tok::Name(w) | Tok::Number(w) => name.push_str(w),
                _ => return None,
            }
        }
        let full = span.to(self.toks[end].span);
        self.pos = end + 1;
        Some(symbol(Symbol::plain(&name), full))
    }

    /// The body of `\sum`, `\prod` or `\lim`: the product term after the
    /// operator, with any `\odot` factors (`\sum_i g_i \odot g_i` sums the
    /// squares).
    pub(super) fn operator_body(&mut self) -> PResult<Expr> {
        let mut body = self.product()?;
        while self.at_cmd("odot") || self.at_cmd("circ") {
            self.next();
            let rhs = self.product()?;
            let span = body.span.to(rhs.span);
            body = Expr::new(ExprKind::Hadamard(Box::new(body), Box::new(rhs)), span);
        }
        Ok(body)
    }

    fn primary_inner(&mut self) -> PResult<Expr> {
        let Some(t) = self.next() else {
            return Err(ParseError::syntax("expected an operand", self.here()));
        };
        let span = t.span;
        match t.tok {
            Tok::Number(s) => Ok(number(&s, span)),
            Tok::Letter(c) => Ok(self
                .bracket_name(c, span)
                .unwrap_or_else(|| symbol(Symbol::plain(&c.to_string()), span))),
            Tok::Name(w) => match func_name(&w) {
                Some(f) => self.func_app(f, span),
                None => Ok(symbol(Symbol::plain(&w), span)),
            },
            Tok::Ellipsis => Ok(Expr::new(ExprKind::Ellipsis, span)),
            Tok::Char(c @ ('(' | '[')) => self.bracketed(c, span),
            Tok::Char('{') => self.brace_group(span),
            Tok::LSet => self.set(span),
            Tok::Char('|') => self.abs(span),
            Tok::DoubleBar => self.norm(span),
            Tok::Begin(env) => self.environment(&env, span),
            Tok::Cmd(c) => self.command(&c, span),
            _ => {
                self.pos -= 1;
                Err(match &t.tok {
                    Tok::Char(c) if ")]}".contains(*c) => {
                        ParseError::syntax(format!("unbalanced `{c}`"), span)
                    }
                    Tok::Char(_) | Tok::RSet | Tok::RowBreak | Tok::End(_) | Tok::Percent => {
                        ParseError::syntax(
                            format!("expected an operand, found {}", self.describe(&t)),
                            span,
                        )
                    }
                    _ => self.unexpected(&t),
                })
            }
        }
    }

    fn command(&mut self, c: &str, span: Span) -> PResult<Expr> {
        if let Some(name) = greek_name(c) {
            if name == "Delta"
                && let Some(increment) = self.increment(span)?
            {
                return Ok(increment);
            }
            return Ok(symbol(Symbol::plain(name), span));
        }
        if is_font_command(c) {
            return self.font(c, span);
        }
        if let Some(accent) = accent_command(c) {
            let arg = self.arg()?;
            let full = span.to(arg.span);
            return match arg.kind {
                ExprKind::Symbol(mut s) => {
                    s.base.accents.push(accent);
                    Ok(symbol(s, full))
                }
                _ => Err(ParseError::unsupported(
                    format!("\\{c} on a non-symbol"),
                    full,
                )),
            };
        }
        if let Some(f) = func_command(c) {
            return self.func_app(f, span);
        }
        match c {
            "infty" => Ok(Expr::new(ExprKind::Infinity, span)),
            "frac" | "dfrac" | "tfrac" | "cfrac" => self.frac(span),
            "sqrt" => self.sqrt(span),
            "arg" => {
                let f = match self.next() {
                    Some(Token {
                        tok: Tok::Cmd(m), ..
                    }) if m == "min" => Func::ArgMin,
                    Some(Token {
                        tok: Tok::Cmd(m), ..
                    }) if m == "max" => Func::ArgMax,
                    _ => return Err(ParseError::unsupported("\\arg", span)),
                };
                self.func_app(f, span)
            }
            "nabla" => self.grad(span),
            "sum" => self.big_op(BigOpKind::Sum, span),
            "prod" => self.big_op(BigOpKind::Prod, span),
            "lim" => self.limit(span),
            "partial" => self.partial(span),
            "lceil" | "lfloor" => self.ceil_floor(c, span),
            _ => Err(ParseError::unsupported(format!("\\{c}"), span)),
        }
    }

    /// `\Delta \theta`, `\Delta x_t`: the increment of a quantity, one
    /// symbol (named `Δtheta`, so its subscripts and accents attach to the
    /// increment). Only when a plain letter, a Greek letter or a font-styled
    /// letter follows directly; `\Delta` alone, `\Delta_t`, `\Delta(…)`
    /// and `\Delta 2` stay the letter (`None`, nothing consumed).
    fn increment(&mut self, span: Span) -> PResult<Option<Expr>> {
        let starts_symbol = match self.toks.get(self.pos).map(|t| &t.tok) {
            Some(Tok::Letter(_)) => true,
            Some(Tok::Cmd(c)) => greek_name(c).is_some() || is_font_command(c),
            _ => false,
        };
        if !starts_symbol {
            return Ok(None);
        }
        let start = self.pos;
        let inner = self.primary()?;
        match inner.kind {
            ExprKind::Symbol(mut s) if s.index.is_empty() && s.label.is_none() => {
                s.base.name = format!("Δ{}", s.base.name);
                Ok(Some(symbol(s, span.to(inner.span))))
            }
            _ => {
                self.pos = start;
                Ok(None)
            }
        }
    }

    /// A command argument: a brace group (empty → [`ExprKind::Missing`]) or
    /// one token (`\frac12`, `\hat s`).
    pub(super) fn arg(&mut self) -> PResult<Expr> {
        if let Some(open) = self.eat_char('{') {
            if let Some(close) = self.eat_char('}') {
                return Ok(Expr::new(ExprKind::Missing, open.to(close)));
            }
            self.closers.push(Closer::Other);
            let e = self.expr()?;
            self.closers.pop();
            self.expect_char('}')?;
            return Ok(e);
        }
        self.script_atom()
    }

    fn font(&mut self, c: &str, span: Span) -> PResult<Expr> {
        let arg = self.arg()?;
        let full = span.to(arg.span);
        match arg.kind {
            ExprKind::Number(n)
                if n.text == "1"
                    && matches!(
                        c,
                        "mathbb" | "mathbf" | "bm" | "boldsymbol" | "mathds" | "mathbbm"
                    ) =>
            {
                // `\mathbb{1}[z > 0]`: an indicator; a lone `\mathbf{1}`
                // (the ones vector) stays the number.
                match self.indicator(full)? {
                    Some(ind) => Ok(ind),
                    None => Ok(number(&n.text, full)),
                }
            }
            ExprKind::Symbol(mut s) => {
                if c == "mathbb" {
                    s.base.style = Style::Blackboard;
                    if s.base.name == "E" && s.index.is_empty() {
                        // `\mathbb{E}[g^2]_t`: the running average, as `E[g^2]_t`.
                        if let Some(named) = self.bracket_name('E', full) {
                            return Ok(named);
                        }
                        return self.expectation(full);
                    }
                }
                Ok(symbol(s, full))
            }
            kind => Ok(Expr::new(kind, full)),
        }
    }

    fn expectation(&mut self, span: Span) -> PResult<Expr> {
        let over = if self.eat_char('_').is_some() {
            Some(Box::new(self.script_statement()?))
        } else {
            None
        };
        if !self.can_start_factor() {
            return Err(ParseError::syntax("\\mathbb{E} without an argument", span));
        }
        let body = self.postfix()?;
        let full = span.to(body.span);
        Ok(Expr::new(
            ExprKind::Expectation {
                over,
                body: Box::new(body),
            },
            full,
        ))
    }

    fn frac(&mut self, span: Span) -> PResult<Expr> {
        if let Some(d) = self.derivative(span)? {
            return Ok(d);
        }
        let num = self.arg()?;
        let den = self.arg()?;
        let full = span.to(den.span).to(num.span);
        if den.kind == ExprKind::Missing {
            // OCR'd notes put labels under terms (`\frac{x}{\text{epoch 1}}`):
            // a fraction whose denominator is only text is its numerator.
            return Ok(Expr::new(num.kind, full));
        }
        if num.kind == ExprKind::Missing {
            return Err(ParseError::syntax("empty numerator", full));
        }
        Ok(Expr::new(
            ExprKind::Div {
                num: Box::new(num),
                den: Box::new(den),
                slash: false,
            },
            full,
        ))
    }

    /// `\frac{\partial L}{\partial w}` or `\frac{df}{dx}`; `None` (nothing
    /// consumed) for an ordinary fraction.
    fn derivative(&mut self, span: Span) -> PResult<Option<Expr>> {
        self.skip_noise();
        let Some(close) = self.raw_group_end(self.pos) else {
            return Ok(None);
        };
        let first = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
        let den_first = self.toks.get(close + 2).map(|t| t.tok.clone());
        let opens_den = matches!(self.toks.get(close + 1), Some(t) if t.tok == Tok::Char('{'));
        let partial = match (&first, &den_first) {
            (Some(Tok::Cmd(a)), Some(Tok::Cmd(b))) if a == "partial" && b == "partial" => true,
            (Some(Tok::Letter('d')), Some(Tok::Letter('d')))
                if close > self.pos + 2
                    && self.raw_group_end(close + 1).is_some_and(|e| e > close + 3) =>
            {
                false
            }
            _ => return Ok(None),
        };
        if !opens_den {
            return Ok(None);
        }
        let operator = |p: &mut Self| -> PResult<()> {
            p.expect_char('{')?;
            p.next();
            if p.at_char('^') {
                return Err(ParseError::unsupported("higher-order derivative", p.here()));
            }
            Ok(())
        };
        operator(self)?;
        if self.at_char('}') {
            return Err(ParseError::unsupported(
                "derivative operator without operand",
                span,
            ));
        }
        self.closers.push(Closer::Other);
        let of = self.expr()?;
        self.closers.pop();
        self.expect_char('}')?;
        operator(self)?;
        self.closers.push(Closer::Other);
        let wrt = self.expr()?;
        self.closers.pop();
        let end = self.expect_char('}')?;
        Ok(Some(Expr::new(
            ExprKind::Derivative {
                of: Box::new(of),
                wrt: Box::new(wrt),
                partial,
            },
            span.to(end),
        )))
    }

    /// The index of the `}` matching a `{` at raw index `at`.
    pub(super) fn raw_group_end(&self, at: usize) -> Option<usize> {
        if self.toks.get(at)?.tok != Tok::Char('{') {
            return None;
        }
        let mut depth = 0usize;
        for (k, t) in self.toks.iter().enumerate().skip(at) {
            match t.tok {
                Tok::Char('{') => depth += 1,
                Tok::Char('}') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn sqrt(&mut self, span: Span) -> PResult<Expr> {
        let index = if self.eat_char('[').is_some() {
            self.closers.push(Closer::Other);
            let e = self.expr()?;
            self.closers.pop();
            self.expect_char(']')?;
            Some(Box::new(e))
        } else {
            None
        };
        let arg = self.arg()?;
        if arg.kind == ExprKind::Missing {
            return Err(ParseError::syntax("empty \\sqrt", span.to(arg.span)));
        }
        let full = span.to(arg.span);
        Ok(Expr::new(
            ExprKind::Sqrt {
                arg: Box::new(arg),
                index,
            },
            full,
        ))
    }

    /// `\max(0, z)` with a bracket, or `\exp x` / `\arg\min f(x)` with one factor.
    fn func_app(&mut self, func: Func, span: Span) -> PResult<Expr> {
        if self.at_char('_') {
            return self.scripted_func(func, span);
        }
        if self.at_char('^') {
            return Err(ParseError::unsupported(
                format!("script on \\{}", crate::math::symbols::func_display(func)),
                self.here(),
            ));
        }
        if let Some(open) = self.eat_char('(') {
            let args = self.items_until(&[')'])?;
            let close = self.expect_char(')')?;
            if args.is_empty() {
                return Err(ParseError::syntax("function without arguments", open));
            }
            return Ok(Expr::new(ExprKind::Func { func, args }, span.to(close)));
        }
        if !self.can_start_factor() {
            return Err(ParseError::syntax("function without an argument", span));
        }
        let arg = self.postfix()?;
        let full = span.to(arg.span);
        Ok(Expr::new(
            ExprKind::Func {
                func,
                args: vec![arg],
            },
            full,
        ))
    }

    pub(super) fn grad(&mut self, span: Span) -> PResult<Expr> {
        let wrt = if self.eat_char('_').is_some() {
            let items = self.sub_items()?;
            Some(Box::new(match items.len() {
                1 => items.into_iter().next().expect("one item"),
                _ => {
                    let s = items[0].span.to(items[items.len() - 1].span);
                    Expr::new(ExprKind::Tuple(items), s)
                }
            }))
        } else {
            None
        };
        if !self.can_start_factor() {
            let op = &self.src[span.range()];
            return Err(ParseError::syntax(format!("{op} without an operand"), span));
        }
        let mut body = self.postfix()?;
        // `\nabla_\theta f_t (\theta_{t-1})`: what a gradient is taken of
        // is applied to its argument, spaced or not.
        if matches!(body.kind, ExprKind::Symbol(_))
            && self
                .peek_token()
                .is_some_and(|t| matches!(t.tok, Tok::Char('(')))
        {
            body = self.call(body)?;
        }
        let full = span.to(body.span);
        Ok(Expr::new(
            ExprKind::Grad {
                wrt,
                body: Box::new(body),
            },
            full,
        ))
    }

    fn limit(&mut self, span: Span) -> PResult<Expr> {
        if self.eat_char('_').is_none() {
            return Err(ParseError::syntax("\\lim without a subscript", span));
        }
        let st = self.script_statement()?;
        let [link] = st.links.as_slice() else {
            return Err(ParseError::syntax(
                "\\lim subscript must be `k \\to a`",
                st.span,
            ));
        };
        if link.rel != Rel::To {
            return Err(ParseError::syntax(
                "\\lim subscript must be `k \\to a`",
                st.span,
            ));
        }
        let to = link.rhs.clone();
        if !self.can_start_factor() {
            return Err(ParseError::syntax("\\lim without a body", span));
        }
        let body = self.operator_body()?;
        let full = span.to(body.span);
        Ok(Expr::new(
            ExprKind::Limit {
                var: Box::new(st.head),
                to: Box::new(to),
                body: Box::new(body),
            },
            full,
        ))
    }

    /// A subscript read as a relation chain: `{i=0}`, `{k \to \infty}`,
    /// `{W=W_0}`, or one atom.
    pub(super) fn script_statement(&mut self) -> PResult<crate::math::ast::Statement> {
        if self.eat_char('{').is_some() {
            self.closers.push(Closer::Other);
            let st = self.statement(Sep::Start)?;
            self.closers.pop();
            self.expect_char('}')?;
            return Ok(st);
        }
        let head = self.script_atom()?;
        let span = head.span;
        Ok(crate::math::ast::Statement {
            head,
            links: Vec::new(),
            after: Sep::Start,
            span,
        })
    }

    /// `( … )` or `[ … ]`: a group, tuple, list or interval.
    fn bracketed(&mut self, open: char, span: Span) -> PResult<Expr> {
        let items = self.items_until(&[')', ']'])?;
        let close_tok = self.next();
        let (close, close_span) = match close_tok {
            Some(Token {
                tok: Tok::Char(c @ (')' | ']')),
                span,
            }) => (c, span),
            _ => {
                return Err(ParseError::syntax(
                    format!("`{open}` is never closed"),
                    span,
                ));
            }
        };
        let full = span.to(close_span);
        let matched = (open == '(') == (close == ')');
        let mut items = items;
        let kind = match (items.len(), matched) {
            (0, _) => return Err(ParseError::syntax("empty brackets", full)),
            (1, true) => ExprKind::Group(Box::new(items.remove(0))),
            (2, false) => {
                let hi = items.pop().expect("two items");
                let lo = items.pop().expect("two items");
                ExprKind::Interval {
                    lo: Box::new(lo),
                    hi: Box::new(hi),
                    lo_closed: open == '[',
                    hi_closed: close == ']',
                }
            }
            (_, false) => {
                return Err(ParseError::syntax(
                    format!("`{open}` closed by `{close}`"),
                    full,
                ));
            }
            _ if open == '(' => ExprKind::Tuple(items),
            _ => ExprKind::List(items),
        };
        Ok(Expr::new(kind, full))
    }

    fn brace_group(&mut self, span: Span) -> PResult<Expr> {
        if let Some(close) = self.eat_char('}') {
            return Err(ParseError::syntax("empty braces", span.to(close)));
        }
        self.closers.push(Closer::Other);
        let e = self.expr()?;
        self.closers.pop();
        let close = self.expect_char('}')?;
        let full = span.to(close);
        Ok(match e.kind {
            k @ (ExprKind::Symbol(_) | ExprKind::Number(_)) => Expr::new(k, full),
            k => Expr::new(ExprKind::Group(Box::new(Expr::new(k, e.span))), full),
        })
    }

    fn set(&mut self, span: Span) -> PResult<Expr> {
        let items = self.items_until(&[])?;
        match self.next() {
            Some(Token {
                tok: Tok::RSet,
                span: close,
            }) => Ok(Expr::new(ExprKind::Set(items), span.to(close))),
            _ => Err(ParseError::syntax("`\\{` is never closed", span)),
        }
    }

    fn abs(&mut self, span: Span) -> PResult<Expr> {
        self.closers.push(Closer::Bar);
        let e = self.expr()?;
        self.closers.pop();
        let close = self
            .expect_char('|')
            .map_err(|_| ParseError::syntax("`|` is never closed", span))?;
        Ok(Expr::new(ExprKind::Abs(Box::new(e)), span.to(close)))
    }

    fn norm(&mut self, span: Span) -> PResult<Expr> {
        self.closers.push(Closer::DoubleBar);
        let e = self.expr()?;
        self.closers.pop();
        match self.next() {
            Some(Token {
                tok: Tok::DoubleBar,
                span: close,
            }) => Ok(Expr::new(
                ExprKind::Norm {
                    arg: Box::new(e),
                    p: None,
                },
                span.to(close),
            )),
            _ => Err(ParseError::syntax("`\\|` is never closed", span)),
        }
    }

    /// Items separated by `,` or `;` up to (not including) one of `closers`
    /// (or `\}` when `closers` is empty). `:` is an item (`Q_{(:, i)}`),
    /// `a .. b` a range, `\dots` an elision.
    pub(super) fn items_until(&mut self, closers: &[char]) -> PResult<Vec<Expr>> {
        self.closers.push(Closer::Other);
        let mut items = Vec::new();
        let at_close = |p: &mut Self| match p.peek() {
            Some(Tok::Char(c)) => closers.contains(c),
            Some(Tok::RSet) => closers.is_empty(),
            None => true,
            _ => false,
        };
        loop {
            if at_close(self) {
                break;
            }
            items.push(self.list_item()?);
            if self.eat_char(',').is_none() && self.eat_char(';').is_none() {
                break;
            }
        }
        self.closers.pop();
        Ok(items)
    }

    fn list_item(&mut self) -> PResult<Expr> {
        if let Some(span) = self.eat_char(':') {
            return Ok(Expr::new(ExprKind::Colon, span));
        }
        if let Some(Token {
            tok: Tok::Ellipsis,
            span,
        }) = self.peek_token()
        {
            self.next();
            return Ok(Expr::new(ExprKind::Ellipsis, span));
        }
        let from = self.expr()?;
        if self.peek() == Some(&Tok::Ellipsis) {
            self.next();
            if self.can_start_factor() || self.at_char('-') {
                let to = self.expr()?;
                let span = from.span.to(to.span);
                return Ok(Expr::new(
                    ExprKind::Range(Box::new(from), Box::new(to)),
                    span,
                ));
            }
            return Err(ParseError::syntax("`..` without an end", from.span));
        }
        Ok(from)
    }

    fn environment(&mut self, env: &str, span: Span) -> PResult<Expr> {
        let cases = matches!(env, "cases" | "dcases" | "rcases");
        if !cases && !MATRIX_ENVS.contains(&env) {
            return Err(ParseError::unsupported(format!("\\begin{{{env}}}"), span));
        }
        self.closers.push(Closer::Other);
        let mut rows: Vec<Vec<Expr>> = Vec::new();
        let mut branches: Vec<Branch> = Vec::new();
        let mut row: Vec<Expr> = Vec::new();
        let end_span = loop {
            let at_cell_end = |p: &mut Self| {
                matches!(
                    p.peek(),
                    Some(Tok::Char('&') | Tok::RowBreak | Tok::End(_)) | None
                )
            };
            if cases && row.len() == 1 {
                let condition = if at_cell_end(self) {
                    None
                } else {
                    Some(self.statement(Sep::Start)?)
                };
                let value = row.pop().expect("one cell");
                if value.kind != ExprKind::Missing || condition.is_some() {
                    branches.push(Branch { value, condition });
                }
            } else if at_cell_end(self) {
                row.push(Expr::new(ExprKind::Missing, self.here()));
            } else {
                row.push(self.expr()?);
            }
            match self.next() {
                Some(Token {
                    tok: Tok::Char('&'),
                    ..
                }) => {}
                Some(Token {
                    tok: Tok::RowBreak, ..
                }) => {
                    if cases && row.len() == 1 {
                        let value = row.pop().expect("one cell");
                        if value.kind != ExprKind::Missing {
                            branches.push(Branch {
                                value,
                                condition: None,
                            });
                        }
                    }
                    rows.push(std::mem::take(&mut row));
                }
                Some(Token {
                    tok: Tok::End(e),
                    span: end,
                }) if e == env => {
                    if cases && row.len() == 1 {
                        let value = row.pop().expect("one cell");
                        if value.kind != ExprKind::Missing {
                            branches.push(Branch {
                                value,
                                condition: None,
                            });
                        }
                    }
                    rows.push(std::mem::take(&mut row));
                    break end;
                }
                Some(t) => return Err(self.unexpected(&t)),
                None => {
                    return Err(ParseError::syntax(
                        format!("\\begin{{{env}}} is never ended"),
                        span,
                    ));
                }
            }
        };
        self.closers.pop();
        let full = span.to(end_span);
        if cases {
            if branches.is_empty() {
                return Err(ParseError::syntax("empty cases", full));
            }
            return Ok(Expr::new(ExprKind::Cases(branches), full));
        }
        while rows
            .last()
            .is_some_and(|r| r.iter().all(|c| c.kind == ExprKind::Missing))
        {
            rows.pop();
        }
        if rows.is_empty() {
            return Err(ParseError::syntax("empty matrix", full));
        }
        if let Some(cell) = rows.iter().flatten().find(|c| c.kind == ExprKind::Missing) {
            return Err(ParseError::syntax("empty matrix cell", cell.span));
        }
        Ok(Expr::new(ExprKind::Matrix(rows), full))
    }
}

/// A number literal node.
pub(super) fn number(text: &str, span: Span) -> Expr {
    let value = if text.starts_with('.') {
        format!("0{text}").parse().unwrap_or(f64::NAN)
    } else {
        text.parse().unwrap_or(f64::NAN)
    };
    Expr::new(
        ExprKind::Number(Number {
            text: text.to_string(),
            value,
        }),
        span,
    )
}

/// A symbol node.
pub(super) fn symbol(s: Symbol, span: Span) -> Expr {
    Expr::new(ExprKind::Symbol(s), span)
}
