//! Numeric evaluation of an [`Expr`] under an [`Env`].
//!
//! Superscripts evaluate as powers (the checker rewrites iteration labels
//! such as `θ^{k+1}` before evaluating); `f(x)` applies a bound function,
//! or multiplies when `f` is bound to a value; `\sum`/`\prod` and
//! `\max_{1 \le i \le t}`/`\min` run over integer ranges with the bound
//! variable in scope (an `\arg\min` or a range that is not integer bounds
//! is an error here, not when parsing). Ceilings, floors and indicators
//! `\mathbb{1}[a > b]` are elementwise. Errors are values:
//! unbound symbols, shape mismatches, singular matrices, non-finite
//! results, and the caps ([`MAX_SUM_TERMS`], [`MAX_STEPS`]) each have a
//! variant with the span of the node at fault.
mod ops;

use super::ast::{BigOpKind, Expr, ExprKind, Func, MulKind, Span, Statement};
use super::env::{Env, IndexKey, SymbolKey};
pub use super::error::EvalError;
use super::symbols::Symbol;
use super::value::Value;
use ndarray::{Array1, Array2};

pub use ops::MAX_MATRIX_POWER;

/// Most terms one `\sum` or `\prod` may have.
pub const MAX_SUM_TERMS: i64 = 1_000_000;
/// Most node evaluations one call of [`eval`] may do (nested sums multiply).
pub const MAX_STEPS: u64 = 2_000_000;
/// Deepest expression nesting evaluated.
pub const MAX_EVAL_DEPTH: usize = 256;

/// Evaluates `expr` under `env`.
pub fn eval(expr: &Expr, env: &Env) -> Result<Value, EvalError> {
    Evaluator::new(env).eval(expr)
}

/// Evaluates a relation chain of scalars: whether every link holds exactly
/// (`=` means bitwise equal; the checker compares with tolerances itself).
pub fn holds(st: &Statement, env: &Env) -> Result<bool, EvalError> {
    Evaluator::new(env).holds(st)
}

struct Evaluator<'e> {
    env: &'e Env,
    locals: Vec<(SymbolKey, Value)>,
    steps: u64,
    depth: usize,
}

fn unsupported(construct: &str, span: Span) -> EvalError {
    EvalError::Unsupported {
        construct: construct.to_string(),
        span,
    }
}

impl<'e> Evaluator<'e> {
    fn new(env: &'e Env) -> Self {
        Self {
            env,
            locals: Vec::new(),
            steps: 0,
            depth: 0,
        }
    }

    fn eval(&mut self, e: &Expr) -> Result<Value, EvalError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(EvalError::Limit {
                what: format!("more than {MAX_STEPS} evaluation steps"),
                span: e.span,
            });
        }
        self.depth += 1;
        if self.depth > MAX_EVAL_DEPTH {
            self.depth -= 1;
            return Err(EvalError::Limit {
                what: format!("expression deeper than {MAX_EVAL_DEPTH}"),
                span: e.span,
            });
        }
        let r = self.eval_inner(e);
        self.depth -= 1;
        r
    }

    fn scalar(&mut self, e: &Expr) -> Result<f64, EvalError> {
        match self.eval(e)? {
            Value::Scalar(x) => Ok(x),
            other => Err(EvalError::Shape {
                message: format!("expected a scalar, got {}", other.shape()),
                span: e.span,
            }),
        }
    }

    fn integer(&mut self, e: &Expr, what: &str) -> Result<i64, EvalError> {
        let x = self.scalar(e)?;
        if (x - x.round()).abs() > 1e-9 || x.abs() > 1e15 {
            return Err(EvalError::NonInteger {
                what: format!("{what} {x}"),
                span: e.span,
            });
        }
        Ok(x.round() as i64)
    }

    fn eval_inner(&mut self, e: &Expr) -> Result<Value, EvalError> {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::Number(n) => Value::Scalar(n.value),
            ExprKind::Percent(x) => ops::div(&self.eval(x)?, &Value::Scalar(100.0), span)?,
            ExprKind::Symbol(s) => self.lookup(s, span)?,
            ExprKind::Infinity => Value::Scalar(f64::INFINITY),
            ExprKind::Neg(x) => ops::neg(&self.eval(x)?),
            ExprKind::Pos(x) | ExprKind::Group(x) => self.eval(x)?,
            ExprKind::Add(a, b) => ops::add(&self.eval(a)?, &self.eval(b)?, span)?,
            ExprKind::Sub(a, b) => ops::sub(&self.eval(a)?, &self.eval(b)?, span)?,
            ExprKind::Mul(k, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                match (k, &a, &b) {
                    (MulKind::Implicit, Value::Vector(_), Value::Vector(_))
                        if self.env.elementwise_products() =>
                    {
                        ops::hadamard(&a, &b, span)?
                    }
                    _ => ops::mul(*k, &a, &b, span)?,
                }
            }
            ExprKind::Hadamard(a, b) => ops::hadamard(&self.eval(a)?, &self.eval(b)?, span)?,
            ExprKind::Div { num, den, .. } => ops::div(&self.eval(num)?, &self.eval(den)?, span)?,
            ExprKind::Superscript { base, exp } => {
                ops::pow(&self.eval(base)?, &self.eval(exp)?, span)?
            }
            ExprKind::Transpose(x) => ops::transpose(&self.eval(x)?),
            ExprKind::Inverse(x) => ops::inverse(&self.eval(x)?, span)?,
            ExprKind::Sqrt { arg, index } => {
                let v = self.eval(arg)?;
                let n = match index {
                    Some(n) => self.scalar(n)?,
                    None => 2.0,
                };
                if n == 2.0 && v.components().iter().any(|x| *x < 0.0) {
                    return Err(EvalError::Domain {
                        message: "square root of a negative number".to_string(),
                        span,
                    });
                }
                let r = v.map(|x| if n == 2.0 { x.sqrt() } else { x.powf(1.0 / n) });
                ops::finite(r, span)?
            }
            ExprKind::Abs(x) => self.eval(x)?.map(f64::abs),
            ExprKind::Norm { arg, p } => self.norm(arg, p.as_deref(), span)?,
            ExprKind::Func { func, args } => self.func(*func, args, span)?,
            ExprKind::Call { func, args } => self.call(func, args, span)?,
            ExprKind::Grad { wrt, body } => self.grad(wrt.as_deref(), body, span)?,
            ExprKind::Derivative { of, wrt, .. } => {
                let at = self.eval(wrt)?;
                self.derivative(of, wrt, at, span)?
            }
            ExprKind::EvalAt { body, var, at } => self.eval_at(body, var.as_deref(), at, span)?,
            ExprKind::BigOp {
                op,
                var,
                from,
                to,
                over,
                body,
            } => self.big_op(
                *op,
                var.as_deref(),
                from.as_deref(),
                to.as_deref(),
                over.is_some(),
                body,
                span,
            )?,
            ExprKind::Tuple(items) | ExprKind::List(items) => self.vector(items, span)?,
            ExprKind::Matrix(rows) => self.matrix(rows, span)?,
            ExprKind::Cases(branches) => {
                for b in branches {
                    let take = match &b.condition {
                        None => true,
                        Some(c) => self.holds(c)?,
                    };
                    if take {
                        return self.eval(&b.value);
                    }
                }
                return Err(EvalError::Domain {
                    message: "no case applies".to_string(),
                    span,
                });
            }
            ExprKind::Limit { .. } => {
                return Err(unsupported("\\lim (the checker runs limits)", span));
            }
            ExprKind::Expectation { .. } => return Err(unsupported("expectation", span)),
            ExprKind::Ellipsis => return Err(unsupported("…", span)),
            ExprKind::Colon => return Err(unsupported("`:` index", span)),
            ExprKind::Missing => return Err(unsupported("missing side", span)),
            ExprKind::Set(_) => return Err(unsupported("set", span)),
            // `B_1 \dots B_n`, `1..m`: the terms between the ends are elided,
            // so the node stands for a sequence, which has no single value.
            ExprKind::Range(from, to) => {
                return Err(unsupported(
                    &format!("elision `{from} … {to}` (a sequence of terms, not one value)"),
                    span,
                ));
            }
            ExprKind::Interval { .. } => return Err(unsupported("interval", span)),
        })
    }

    fn holds(&mut self, st: &Statement) -> Result<bool, EvalError> {
        let mut lhs = self.scalar(&st.head)?;
        for l in &st.links {
            let rhs = self.scalar(&l.rhs)?;
            match ops::compare(lhs, l.rel, rhs) {
                Some(true) => {}
                Some(false) => return Ok(false),
                None => return Err(unsupported("relation in a condition", l.rel_span)),
            }
            lhs = rhs;
        }
        Ok(true)
    }

    /// The concrete key of a symbol (indices evaluated).
    fn key(&mut self, s: &Symbol) -> Result<SymbolKey, EvalError> {
        let mut index = Vec::new();
        if let Some(l) = &s.label {
            index.push(IndexKey::Label(l.clone()));
        }
        for ix in &s.index {
            index.push(IndexKey::Int(self.integer(ix, "index")?));
        }
        Ok(SymbolKey {
            base: s.base.clone(),
            index,
        })
    }

    fn lookup(&mut self, s: &Symbol, span: Span) -> Result<Value, EvalError> {
        let key = self.key(s)?;
        if let Some((_, v)) = self.locals.iter().rev().find(|(k, _)| *k == key) {
            return Ok(v.clone());
        }
        // A recorded run speaks for its own steps, before any value bound
        // by name (an initial condition the run started elsewhere).
        if let [IndexKey::Int(k)] = key.index.as_slice()
            && let Some(v) = self.env.history(&key.base, *k)
        {
            return Ok(v.clone());
        }
        if let Some(v) = self.env.value(&key) {
            return Ok(v.clone());
        }
        if key.index.is_empty() && key.base.accents.is_empty() {
            match key.base.name.as_str() {
                "e" if self.env.constants() => return Ok(Value::Scalar(std::f64::consts::E)),
                // `\pi` unbound is the number everywhere.
                "pi" => return Ok(Value::Scalar(std::f64::consts::PI)),
                _ => {}
            }
        }
        Err(EvalError::Unbound {
            symbol: key.to_string(),
            span,
        })
    }

    fn norm(&mut self, arg: &Expr, p: Option<&Expr>, span: Span) -> Result<Value, EvalError> {
        let v = self.eval(arg)?;
        let p = match p {
            None => None,
            Some(Expr {
                kind: ExprKind::Infinity,
                ..
            }) => Some(f64::INFINITY),
            Some(Expr {
                kind: ExprKind::Symbol(s),
                ..
            }) if s.base.name == "F" => None,
            Some(p) => Some(self.scalar(p)?),
        };
        let comps = v.components();
        let n = match (&v, p) {
            (Value::Matrix(m), Some(2.0)) => super::linalg::spectral_norm(m),
            (Value::Matrix(_), Some(_)) => {
                return Err(unsupported("matrix p-norm other than 2 and F", span));
            }
            (_, None) | (_, Some(2.0)) => comps.iter().map(|x| x * x).sum::<f64>().sqrt(),
            (_, Some(p)) if p.is_infinite() => comps.iter().fold(0.0, |m, x| f64::max(m, x.abs())),
            (_, Some(p)) if p >= 1.0 => comps
                .iter()
                .map(|x| x.abs().powf(p))
                .sum::<f64>()
                .powf(1.0 / p),
            _ => return Err(unsupported("norm with p < 1", span)),
        };
        ops::finite(Value::Scalar(n), span)
    }

    fn func(&mut self, func: Func, args: &[Expr], span: Span) -> Result<Value, EvalError> {
        if let Func::Indicator(rel) = func
            && ops::compare(0.0, rel, 0.0).is_none()
        {
            return Err(unsupported(
                "indicator of a relation that is not a comparison",
                span,
            ));
        }
        let vals = args
            .iter()
            .map(|a| self.eval(a))
            .collect::<Result<Vec<_>, _>>()?;
        let one = || -> Result<&Value, EvalError> {
            match vals.as_slice() {
                [v] => Ok(v),
                _ => Err(EvalError::Shape {
                    message: format!("expects one argument, got {}", vals.len()),
                    span,
                }),
            }
        };
        let domain = |msg: &str| EvalError::Domain {
            message: msg.to_string(),
            span,
        };
        let v = match func {
            Func::Max | Func::Min => {
                let pick = if func == Func::Max {
                    f64::max
                } else {
                    f64::min
                };
                if let [single] = vals.as_slice() {
                    let c = single.components();
                    Value::Scalar(c.iter().copied().reduce(pick).unwrap_or(f64::NAN))
                } else {
                    let mut acc = vals[0].clone();
                    for v in &vals[1..] {
                        acc = acc.zip_with(v, pick).ok_or_else(|| EvalError::Shape {
                            message: format!("max/min of {} and {}", acc.shape(), v.shape()),
                            span,
                        })?;
                    }
                    acc
                }
            }
            Func::Exp => one()?.map(f64::exp),
            Func::Log | Func::Ln => {
                let v = one()?;
                if v.components().iter().any(|x| *x <= 0.0) {
                    return Err(domain("logarithm of a non-positive number"));
                }
                v.map(f64::ln)
            }
            Func::Sin => one()?.map(f64::sin),
            Func::Cos => one()?.map(f64::cos),
            Func::Tan => one()?.map(f64::tan),
            Func::Tanh => one()?.map(f64::tanh),
            Func::Sign => one()?.map(|x| if x == 0.0 { 0.0 } else { x.signum() }),
            Func::Det => match one()? {
                Value::Matrix(m) if m.is_square() => Value::Scalar(super::linalg::det(m)),
                Value::Scalar(x) => Value::Scalar(*x),
                other => return Err(domain(&format!("determinant of {}", other.shape()))),
            },
            Func::Trace => match one()? {
                Value::Matrix(m) if m.is_square() => Value::Scalar(m.diag().sum()),
                Value::Scalar(x) => Value::Scalar(*x),
                other => return Err(domain(&format!("trace of {}", other.shape()))),
            },
            Func::Diag => match one()? {
                Value::Vector(v) => Value::Matrix(Array2::from_diag(v)),
                Value::Matrix(m) => Value::Vector(m.diag().to_owned()),
                Value::Scalar(x) => Value::Scalar(*x),
            },
            Func::Ceil => one()?.map(f64::ceil),
            Func::Floor => one()?.map(f64::floor),
            Func::Indicator(rel) => {
                let [a, b] = vals.as_slice() else {
                    return Err(unsupported("indicator without two sides", span));
                };
                let holds = |x: f64, y: f64| {
                    if ops::compare(x, rel, y) == Some(true) {
                        1.0
                    } else {
                        0.0
                    }
                };
                a.zip_with(b, holds).ok_or_else(|| EvalError::Shape {
                    message: format!("indicator comparing {} and {}", a.shape(), b.shape()),
                    span,
                })?
            }
            Func::ArgMin | Func::ArgMax | Func::Dim => {
                return Err(unsupported(crate::math::symbols::func_display(func), span));
            }
        };
        ops::finite(v, span)
    }

    fn call(&mut self, func: &Expr, args: &[Expr], span: Span) -> Result<Value, EvalError> {
        let ExprKind::Symbol(s) = &func.kind else {
            return Err(unsupported("application of a non-symbol", span));
        };
        if let Some(f) = self.env.function(&s.base).cloned() {
            if !s.index.is_empty() || s.label.is_some() {
                return Err(unsupported("indexed function", func.span));
            }
            let vals = args
                .iter()
                .map(|a| self.eval(a))
                .collect::<Result<Vec<_>, _>>()?;
            return f(&vals);
        }
        // Not a function: `\lambda(w_1^2 + w_2^2)` is a product.
        match args {
            [arg] => {
                let a = self.lookup(s, func.span)?;
                let b = self.eval(arg)?;
                ops::mul(MulKind::Implicit, &a, &b, span)
            }
            _ => Err(EvalError::Unbound {
                symbol: format!("function {}", s.base),
                span: func.span,
            }),
        }
    }

    fn grad(&mut self, wrt: Option<&Expr>, body: &Expr, span: Span) -> Result<Value, EvalError> {
        match &body.kind {
            ExprKind::Call { func, args } => {
                let ExprKind::Symbol(s) = &func.kind else {
                    return Err(unsupported("gradient of an expression", span));
                };
                let f = self
                    .env
                    .gradient(&s.base)
                    .cloned()
                    .ok_or_else(|| EvalError::Unbound {
                        symbol: format!("gradient of {}", s.base),
                        span,
                    })?;
                let vals = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                f(&vals)
            }
            ExprKind::Symbol(s) => {
                // `\nabla_{w_1} f`: the partial derivative of f by w_1.
                if let Some(w) = wrt
                    && let ExprKind::Symbol(ws) = &w.kind
                {
                    let key = self.key(ws).ok();
                    if let Some(f) = self
                        .env
                        .derivative(&s.base, key.as_ref(), &ws.base)
                        .cloned()
                    {
                        let at = self.eval(w)?;
                        return f(&[at]);
                    }
                }
                if let (Some(f), Some(w)) = (self.env.gradient(&s.base).cloned(), wrt) {
                    let at = self.eval(w)?;
                    return f(&[at]);
                }
                let f =
                    self.env
                        .objective_gradient()
                        .cloned()
                        .ok_or_else(|| EvalError::Unbound {
                            symbol: "gradient of the objective".to_string(),
                            span,
                        })?;
                let at = self.lookup(s, body.span)?;
                f(&[at])
            }
            _ => Err(unsupported("gradient of an expression", span)),
        }
    }

    fn derivative(
        &mut self,
        of: &Expr,
        wrt: &Expr,
        at: Value,
        span: Span,
    ) -> Result<Value, EvalError> {
        let (ExprKind::Symbol(o), ExprKind::Symbol(w)) = (&of.kind, &wrt.kind) else {
            return Err(unsupported("derivative of an expression", span));
        };
        let key = self.key(w).ok();
        let f = self
            .env
            .derivative(&o.base, key.as_ref(), &w.base)
            .cloned()
            .ok_or_else(|| EvalError::Unbound {
                symbol: format!("∂{}/∂{}", o.base, w.base),
                span,
            })?;
        f(&[at])
    }

    /// `body|_{var=at}`: `body` with `var` bound to `at`; a derivative
    /// with a bare point (`\Big|_{W_0}`) is taken at that point.
    fn eval_at(
        &mut self,
        body: &Expr,
        var: Option<&Expr>,
        at: &Expr,
        span: Span,
    ) -> Result<Value, EvalError> {
        let point = self.eval(at)?;
        match var {
            Some(v) => {
                let ExprKind::Symbol(s) = &v.kind else {
                    return Err(unsupported("evaluation at a non-symbol", v.span));
                };
                let key = self.key(s)?;
                self.locals.push((key, point));
                let r = self.eval(body);
                self.locals.pop();
                r
            }
            None => match &body.kind {
                ExprKind::Derivative { of, wrt, .. } => self.derivative(of, wrt, point, span),
                _ => Err(unsupported("evaluation bar without a variable", span)),
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn big_op(
        &mut self,
        op: BigOpKind,
        var: Option<&Expr>,
        from: Option<&Expr>,
        to: Option<&Expr>,
        has_set: bool,
        body: &Expr,
        span: Span,
    ) -> Result<Value, EvalError> {
        let what = match op {
            BigOpKind::Sum => "sum",
            BigOpKind::Prod => "product",
            BigOpKind::Max => "max",
            BigOpKind::Min => "min",
            BigOpKind::ArgMax | BigOpKind::ArgMin => {
                return Err(unsupported("arg max / arg min over a variable", span));
            }
        };
        if has_set {
            return Err(unsupported(&format!("{what} over a set"), span));
        }
        let (Some(var), Some(from), Some(to)) = (var, from, to) else {
            return Err(unsupported(
                &format!("{what} without both integer limits"),
                span,
            ));
        };
        let ExprKind::Symbol(s) = &var.kind else {
            return Err(unsupported("sum variable that is not a symbol", var.span));
        };
        if matches!(to.kind, ExprKind::Infinity) {
            return Err(unsupported("infinite sum (the checker truncates)", span));
        }
        let key = self.key(s)?;
        let lo = self.integer(from, "lower limit")?;
        let hi = self.integer(to, "upper limit")?;
        if hi.saturating_sub(lo) >= MAX_SUM_TERMS {
            return Err(EvalError::Limit {
                what: format!("sum of more than {MAX_SUM_TERMS} terms"),
                span,
            });
        }
        let mut acc: Option<Value> = None;
        for i in lo..=hi {
            self.locals.push((key.clone(), Value::Scalar(i as f64)));
            let term = self.eval(body);
            self.locals.pop();
            let term = term?;
            acc = Some(match (acc, op) {
                (None, _) => term,
                (Some(a), BigOpKind::Sum) => ops::add(&a, &term, span)?,
                (Some(a), BigOpKind::Prod) => ops::mul(MulKind::Implicit, &a, &term, span)?,
                (Some(a), BigOpKind::Max | BigOpKind::Min) => {
                    let pick = if op == BigOpKind::Max {
                        f64::max
                    } else {
                        f64::min
                    };
                    a.zip_with(&term, pick).ok_or_else(|| EvalError::Shape {
                        message: format!("{what} of {} and {}", a.shape(), term.shape()),
                        span,
                    })?
                }
                (Some(a), BigOpKind::ArgMax | BigOpKind::ArgMin) => a,
            });
        }
        Ok(match (acc, op) {
            (Some(v), _) => v,
            (None, BigOpKind::Sum) => Value::Scalar(0.0),
            (None, BigOpKind::Prod) => Value::Scalar(1.0),
            (None, _) => {
                return Err(EvalError::Domain {
                    message: format!("{what} over an empty range"),
                    span,
                });
            }
        })
    }

    fn vector(&mut self, items: &[Expr], span: Span) -> Result<Value, EvalError> {
        let xs = items
            .iter()
            .map(|i| self.scalar(i))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| match e {
                EvalError::Shape { .. } => EvalError::Shape {
                    message: "list of non-scalars".to_string(),
                    span,
                },
                e => e,
            })?;
        Ok(Value::Vector(Array1::from(xs)))
    }

    fn matrix(&mut self, rows: &[Vec<Expr>], span: Span) -> Result<Value, EvalError> {
        let ncols = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != ncols) || ncols == 0 {
            return Err(EvalError::Shape {
                message: "matrix rows of different lengths".to_string(),
                span,
            });
        }
        let mut data = Vec::with_capacity(rows.len() * ncols);
        for r in rows {
            for c in r {
                data.push(self.scalar(c)?);
            }
        }
        if ncols == 1 {
            return Ok(Value::Vector(Array1::from(data)));
        }
        let m =
            Array2::from_shape_vec((rows.len(), ncols), data).map_err(|_| EvalError::Shape {
                message: "matrix".to_string(),
                span,
            })?;
        Ok(Value::Matrix(m))
    }
}

#[cfg(test)]
mod tests;
