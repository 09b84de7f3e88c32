//! Values an expression evaluates to: a scalar, a vector or a matrix of
//! `f64`, with the elementwise operations the notes use (`g \odot g`,
//! `\sqrt{r}`, `g / (\sqrt r + ε)` act per component) and scalar
//! broadcasting.
use ndarray::{Array1, Array2};

/// A scalar, a (column) vector, or a matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// One number.
    Scalar(f64),
    /// A column vector.
    Vector(Array1<f64>),
    /// A matrix (a transposed vector is a 1×n matrix).
    Matrix(Array2<f64>),
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Scalar(x)
    }
}

impl From<Array1<f64>> for Value {
    fn from(x: Array1<f64>) -> Self {
        Value::Vector(x)
    }
}

impl From<Array2<f64>> for Value {
    fn from(x: Array2<f64>) -> Self {
        Value::Matrix(x)
    }
}

impl Value {
    /// The number, for a scalar.
    pub fn as_scalar(&self) -> Option<f64> {
        match self {
            Value::Scalar(x) => Some(*x),
            _ => None,
        }
    }

    /// The vector, for a vector.
    pub fn as_vector(&self) -> Option<&Array1<f64>> {
        match self {
            Value::Vector(v) => Some(v),
            _ => None,
        }
    }

    /// The matrix, for a matrix.
    pub fn as_matrix(&self) -> Option<&Array2<f64>> {
        match self {
            Value::Matrix(m) => Some(m),
            _ => None,
        }
    }

    /// `scalar`, `vector(3)`, `matrix(2×3)`: for error messages.
    pub fn shape(&self) -> String {
        match self {
            Value::Scalar(_) => "scalar".to_string(),
            Value::Vector(v) => format!("vector({})", v.len()),
            Value::Matrix(m) => format!("matrix({}×{})", m.nrows(), m.ncols()),
        }
    }

    /// Whether every component is finite.
    pub fn is_finite(&self) -> bool {
        match self {
            Value::Scalar(x) => x.is_finite(),
            Value::Vector(v) => v.iter().all(|x| x.is_finite()),
            Value::Matrix(m) => m.iter().all(|x| x.is_finite()),
        }
    }

    /// Applies `f` to every component.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Value {
        match self {
            Value::Scalar(x) => Value::Scalar(f(*x)),
            Value::Vector(v) => Value::Vector(v.mapv(f)),
            Value::Matrix(m) => Value::Matrix(m.mapv(f)),
        }
    }

    /// The components in row-major order.
    pub fn components(&self) -> Vec<f64> {
        match self {
            Value::Scalar(x) => vec![*x],
            Value::Vector(v) => v.to_vec(),
            Value::Matrix(m) => m.iter().copied().collect(),
        }
    }

    /// Largest componentwise difference relative to `max(1, |other|)`, or
    /// `None` when the shapes differ.
    pub fn max_rel_diff(&self, other: &Value) -> Option<f64> {
        let same_shape = match (self, other) {
            (Value::Scalar(_), Value::Scalar(_)) => true,
            (Value::Vector(a), Value::Vector(b)) => a.len() == b.len(),
            (Value::Matrix(a), Value::Matrix(b)) => a.dim() == b.dim(),
            _ => false,
        };
        if !same_shape {
            return None;
        }
        Some(
            self.components()
                .iter()
                .zip(other.components())
                .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
                .fold(0.0, f64::max),
        )
    }

    /// Combines two values componentwise, broadcasting a scalar; `None`
    /// when the shapes do not match.
    pub fn zip_with(&self, other: &Value, f: impl Fn(f64, f64) -> f64) -> Option<Value> {
        Some(match (self, other) {
            (Value::Scalar(a), Value::Scalar(b)) => Value::Scalar(f(*a, *b)),
            (Value::Scalar(a), v) => v.map(|b| f(*a, b)),
            (v, Value::Scalar(b)) => v.map(|a| f(a, *b)),
            (Value::Vector(a), Value::Vector(b)) if a.len() == b.len() => {
                Value::Vector(ndarray::Zip::from(a).and(b).map_collect(|x, y| f(*x, *y)))
            }
            (Value::Matrix(a), Value::Matrix(b)) if a.dim() == b.dim() => {
                Value::Matrix(ndarray::Zip::from(a).and(b).map_collect(|x, y| f(*x, *y)))
            }
            _ => return None,
        })
    }

    /// A 1×1 matrix or a length-1 vector produced by a product becomes a scalar.
    pub(crate) fn collapse(self) -> Value {
        match self {
            Value::Matrix(m) if m.dim() == (1, 1) => Value::Scalar(m[[0, 0]]),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn zip_broadcasts_scalars_and_rejects_mismatched_shapes() {
        let v = Value::Vector(array![1.0, 2.0]);
        assert_eq!(
            v.zip_with(&Value::Scalar(1.0), |a, b| a + b),
            Some(Value::Vector(array![2.0, 3.0]))
        );
        assert_eq!(v.zip_with(&Value::Vector(array![1.0]), |a, b| a + b), None);
        assert_eq!(v.shape(), "vector(2)");
    }

    #[test]
    fn relative_difference_is_scaled() {
        let a = Value::Scalar(100.0);
        let b = Value::Scalar(101.0);
        assert!((a.max_rel_diff(&b).unwrap() - 1.0 / 101.0).abs() < 1e-12);
        assert_eq!(a.max_rel_diff(&Value::Vector(array![1.0])), None);
    }
}
