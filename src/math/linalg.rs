//! Matrix operations ndarray lacks, done with nalgebra (pure Rust, no
//! LAPACK/BLAS system libraries): inverse, determinant, spectral norm.
//! Values are copied across; matrices here are tiny.
use nalgebra::DMatrix;
use ndarray::Array2;

fn to_na(m: &Array2<f64>) -> DMatrix<f64> {
    DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| m[[i, j]])
}

fn from_na(m: &DMatrix<f64>) -> Array2<f64> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
}

/// Reciprocal condition estimate below which a matrix counts as singular.
const SINGULAR_RCOND: f64 = 1e-13;

/// The inverse of a square matrix, or `None` if it is (numerically) singular.
pub(crate) fn inverse(m: &Array2<f64>) -> Option<Array2<f64>> {
    let a = to_na(m);
    let svd = a.clone().svd(false, false);
    let max = svd.singular_values.max();
    let min = svd.singular_values.min();
    if max.is_nan() || max <= 0.0 || min / max < SINGULAR_RCOND {
        return None;
    }
    a.try_inverse().map(|inv| from_na(&inv))
}

/// The determinant of a square matrix.
pub(crate) fn det(m: &Array2<f64>) -> f64 {
    to_na(m).determinant()
}

/// The largest singular value.
pub(crate) fn spectral_norm(m: &Array2<f64>) -> f64 {
    to_na(m).svd(false, false).singular_values.max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn inverse_of_a_2x2_and_singular_detection() {
        let a = array![[2.0, 1.0], [1.0, 1.0]];
        let inv = inverse(&a).unwrap();
        let id = a.dot(&inv);
        assert!((id[[0, 0]] - 1.0).abs() < 1e-12 && id[[0, 1]].abs() < 1e-12);
        assert!(inverse(&array![[1.0, 2.0], [2.0, 4.0]]).is_none());
        assert!((det(&a) - 1.0).abs() < 1e-12);
        assert!((spectral_norm(&array![[3.0, 0.0], [0.0, -4.0]]) - 4.0).abs() < 1e-12);
    }
}
