//! Comparing two evaluated sides: shapes reconciled (a 1×1 matrix is a
//! scalar, an n×1 matrix a vector), then the largest componentwise error
//! relative to `max(1, |expected|)`.
use crate::math::Value;
use ndarray::Array1;

/// `v` with trivial shapes collapsed: 1×1 → scalar, n×1 / 1×n → vector,
/// a one-component vector → scalar.
pub(crate) fn canonical(v: &Value) -> Value {
    match v {
        Value::Matrix(m) if m.len() == 1 => Value::Scalar(m[[0, 0]]),
        Value::Matrix(m) if m.ncols() == 1 || m.nrows() == 1 => {
            Value::Vector(Array1::from_iter(m.iter().copied()))
        }
        Value::Vector(x) if x.len() == 1 => Value::Scalar(x[0]),
        other => other.clone(),
    }
}

/// Largest relative error between `got` and `expected` (a scalar
/// broadcasts against a vector), or `None` when the shapes cannot match.
pub(crate) fn rel_error(got: &Value, expected: &Value) -> Option<f64> {
    let (a, b) = (canonical(got), canonical(expected));
    if !a.is_finite() || !b.is_finite() {
        return Some(f64::INFINITY);
    }
    let diff = a.zip_with(&b, |x, y| (x - y).abs() / y.abs().max(1.0))?;
    Some(diff.components().into_iter().fold(0.0, f64::max))
}

/// Largest absolute componentwise error.
pub(crate) fn abs_error(got: &Value, expected: &Value) -> Option<f64> {
    let (a, b) = (canonical(got), canonical(expected));
    let diff = a.zip_with(&b, |x, y| (x - y).abs())?;
    Some(diff.components().into_iter().fold(0.0, f64::max))
}

/// A short printable form of a value (at most six components).
pub(crate) fn show(v: &Value) -> String {
    let fmt = |x: f64| {
        if x == x.round() && x.abs() < 1e9 {
            format!("{x}")
        } else {
            format!("{x:.6}")
        }
    };
    match canonical(v) {
        Value::Scalar(x) => fmt(x),
        other => {
            let c = other.components();
            let mut parts: Vec<String> = c.iter().take(6).map(|x| fmt(*x)).collect();
            if c.len() > 6 {
                parts.push("…".into());
            }
            format!("[{}]", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn shapes_collapse_and_scalars_broadcast() {
        let m = Value::Matrix(arr2(&[[2.0]]));
        assert_eq!(rel_error(&m, &Value::Scalar(2.0)), Some(0.0));
        let v = Value::Vector(arr1(&[1.0, 3.0]));
        assert_eq!(rel_error(&v, &Value::Scalar(1.0)), Some(2.0));
        assert_eq!(show(&v), "[1, 3]");
        assert_eq!(
            rel_error(
                &Value::Vector(arr1(&[1.0, 2.0])),
                &Value::Vector(arr1(&[1.0]))
            ),
            Some(1.0)
        );
    }
}
