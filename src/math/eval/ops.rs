//! Arithmetic on [`Value`]s with shape checks: elementwise `+ - ⊙ /`,
//! products (matrix product for matrix×vector and matrix×matrix, scaling
//! by scalars, dot product for `vector \cdot vector`), powers, transpose
//! and inverse.
use super::EvalError;
use crate::math::ast::{MulKind, Span};
use crate::math::linalg;
use crate::math::value::Value;
use ndarray::{Array2, Axis};

/// Largest |n| for an integer power of a matrix.
pub const MAX_MATRIX_POWER: f64 = 10_000.0;

fn shape_err(what: &str, a: &Value, b: &Value, span: Span) -> EvalError {
    EvalError::Shape {
        message: format!("{what} of {} and {}", a.shape(), b.shape()),
        span,
    }
}

/// Finite or an error at `span`.
pub(super) fn finite(v: Value, span: Span) -> Result<Value, EvalError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(EvalError::NonFinite { span })
    }
}

pub(super) fn add(a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    let v = a
        .zip_with(b, |x, y| x + y)
        .ok_or_else(|| shape_err("sum", a, b, span))?;
    finite(v, span)
}

pub(super) fn sub(a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    let v = a
        .zip_with(b, |x, y| x - y)
        .ok_or_else(|| shape_err("difference", a, b, span))?;
    finite(v, span)
}

pub(super) fn hadamard(a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    let v = a
        .zip_with(b, |x, y| x * y)
        .ok_or_else(|| shape_err("elementwise product", a, b, span))?;
    finite(v, span)
}

/// `a / b` componentwise (scalar broadcast); dividing by a matrix is an error.
pub(super) fn div(a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    if matches!(b, Value::Matrix(_)) && !matches!(a, Value::Matrix(_)) {
        return Err(EvalError::Shape {
            message: format!("division of {} by {}: write ^{{-1}}", a.shape(), b.shape()),
            span,
        });
    }
    let v = a
        .zip_with(b, |x, y| x / y)
        .ok_or_else(|| shape_err("quotient", a, b, span))?;
    finite(v, span)
}

/// A product written `a b`, `a \cdot b` or `a \times b`.
pub(super) fn mul(kind: MulKind, a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    let v = match (a, b) {
        (Value::Scalar(_), _) | (_, Value::Scalar(_)) => {
            a.zip_with(b, |x, y| x * y).expect("scalar broadcast")
        }
        (Value::Matrix(m), Value::Matrix(n)) if m.ncols() == n.nrows() => Value::Matrix(m.dot(n)),
        (Value::Matrix(m), Value::Vector(v)) if m.ncols() == v.len() => {
            let r = m.dot(v);
            if m.nrows() == 1 {
                Value::Scalar(r[0])
            } else {
                Value::Vector(r)
            }
        }
        (Value::Vector(v), Value::Matrix(m)) if m.nrows() == 1 => {
            let col = v.view().insert_axis(Axis(1));
            Value::Matrix(col.dot(m))
        }
        (Value::Vector(x), Value::Vector(y)) if kind == MulKind::Cdot && x.len() == y.len() => {
            Value::Scalar(x.dot(y))
        }
        (Value::Vector(_), Value::Vector(_)) => {
            return Err(EvalError::Shape {
                message: format!(
                    "product of {} and {} is ambiguous: write \\odot, \\cdot or ^\\top",
                    a.shape(),
                    b.shape()
                ),
                span,
            });
        }
        _ => return Err(shape_err("product", a, b, span)),
    };
    finite(v.collapse(), span)
}

pub(super) fn neg(a: &Value) -> Value {
    a.map(|x| -x)
}

pub(super) fn transpose(a: &Value) -> Value {
    match a {
        Value::Scalar(x) => Value::Scalar(*x),
        Value::Vector(v) => Value::Matrix(v.view().insert_axis(Axis(0)).to_owned()),
        Value::Matrix(m) if m.nrows() == 1 => Value::Vector(m.row(0).to_owned()),
        Value::Matrix(m) => Value::Matrix(m.t().to_owned()),
    }
}

pub(super) fn inverse(a: &Value, span: Span) -> Result<Value, EvalError> {
    match a {
        Value::Scalar(x) => finite(Value::Scalar(1.0 / x), span),
        Value::Matrix(m) if m.is_square() => linalg::inverse(m)
            .map(Value::Matrix)
            .ok_or(EvalError::Singular { span }),
        other => Err(EvalError::Shape {
            message: format!("inverse of {}", other.shape()),
            span,
        }),
    }
}

/// `base^exp`: powf per component; a square matrix to an integer power.
pub(super) fn pow(base: &Value, exp: &Value, span: Span) -> Result<Value, EvalError> {
    let Value::Scalar(e) = exp else {
        return Err(EvalError::Shape {
            message: format!("exponent is a {}", exp.shape()),
            span,
        });
    };
    let e = *e;
    let v = match base {
        Value::Matrix(m) => {
            if !m.is_square() || e.fract() != 0.0 {
                return Err(EvalError::Shape {
                    message: format!("{} to the power {e}", base.shape()),
                    span,
                });
            }
            if e.abs() > MAX_MATRIX_POWER {
                return Err(EvalError::Limit {
                    what: format!("matrix power {e} exceeds {MAX_MATRIX_POWER}"),
                    span,
                });
            }
            let m = if e < 0.0 {
                linalg::inverse(m).ok_or(EvalError::Singular { span })?
            } else {
                m.clone()
            };
            Value::Matrix(matrix_power(&m, e.abs() as u64))
        }
        other => other.map(|x| powf(x, e)),
    };
    if !v.is_finite() {
        return Err(EvalError::Domain {
            message: format!("power {e} of {} is not finite", base.shape()),
            span,
        });
    }
    Ok(v)
}

/// `x^e` with integer exponents done exactly where powf would lose sign.
fn powf(x: f64, e: f64) -> f64 {
    if e.fract() == 0.0 && e.abs() <= i32::MAX as f64 {
        x.powi(e as i32)
    } else {
        x.powf(e)
    }
}

fn matrix_power(m: &Array2<f64>, mut n: u64) -> Array2<f64> {
    let mut result = Array2::eye(m.nrows());
    let mut base = m.clone();
    while n > 0 {
        if n & 1 == 1 {
            result = result.dot(&base);
        }
        base = base.dot(&base);
        n >>= 1;
    }
    result
}

/// Compares two scalars by a relation (for `\begin{cases}` conditions).
pub(super) fn compare(a: f64, rel: crate::math::ast::Rel, b: f64) -> Option<bool> {
    use crate::math::ast::Rel;
    Some(match rel {
        Rel::Eq => a == b,
        Rel::Ne => a != b,
        Rel::Lt => a < b,
        Rel::Gt => a > b,
        Rel::Le => a <= b,
        Rel::Ge => a >= b,
        _ => return None,
    })
}
