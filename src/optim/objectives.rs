//! Test objectives with exact gradients (OPTIMIZERS.md §4): quadratic (diagonal or full
//! symmetric Hessian), Rosenbrock, the lecture's two-layer ReLU regression, and least squares
//! with seeded minibatches. Every gradient is tested against central finite differences.
use ndarray::linalg::general_mat_vec_mul;
use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1, Axis, Zip};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A differentiable R: ℝ^d → ℝ with its exact gradient.
pub trait Objective {
    /// d, the dimension of θ.
    fn dim(&self) -> usize;
    /// R(θ).
    fn loss(&self, theta: ArrayView1<'_, f64>) -> f64;
    /// Writes ∇R(θ) into `out` without allocating.
    fn gradient(&self, theta: ArrayView1<'_, f64>, out: ArrayViewMut1<'_, f64>);
}

/// An objective that cannot be built from the given data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ObjectiveError {
    /// Shapes that do not fit together.
    #[error("{0}")]
    Shape(String),
    /// A non-finite entry, or a matrix that is not symmetric.
    #[error("{0}")]
    Value(String),
}

/// The Hessian of a [`Quadratic`].
#[derive(Debug, Clone, PartialEq)]
pub enum Hessian {
    /// H = diag(d).
    Diagonal(Array1<f64>),
    /// A full symmetric H.
    Full(Array2<f64>),
}

/// R(θ) = ½ θᵀHθ − bᵀθ, ∇R(θ) = Hθ − b, H symmetric (b = 0 unless given).
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    hessian: Hessian,
    linear: Option<Array1<f64>>,
}

fn all_finite<'a>(values: impl IntoIterator<Item = &'a f64>) -> bool {
    values.into_iter().all(|v| v.is_finite())
}

impl Quadratic {
    /// ½ θᵀ diag(d) θ.
    pub fn diagonal(d: Array1<f64>) -> Result<Self, ObjectiveError> {
        if !all_finite(&d) {
            return Err(ObjectiveError::Value(
                "hessian diagonal: non-finite entry".into(),
            ));
        }
        Ok(Self {
            hessian: Hessian::Diagonal(d),
            linear: None,
        })
    }

    /// ½ θᵀHθ for a square, finite, symmetric H (|H_ij − H_ji| ≤ 1e-12·max|H|).
    pub fn full(h: Array2<f64>) -> Result<Self, ObjectiveError> {
        let (rows, cols) = h.dim();
        if rows != cols {
            return Err(ObjectiveError::Shape(format!(
                "hessian is {rows}×{cols}, not square"
            )));
        }
        if !all_finite(&h) {
            return Err(ObjectiveError::Value("hessian: non-finite entry".into()));
        }
        let scale = h.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let asym = Zip::from(&h)
            .and(&h.t())
            .fold(0.0_f64, |m, a, b| m.max((a - b).abs()));
        if asym > 1e-12 * scale {
            return Err(ObjectiveError::Value(format!(
                "hessian is not symmetric (|H − Hᵀ| = {asym})"
            )));
        }
        Ok(Self {
            hessian: Hessian::Full(h),
            linear: None,
        })
    }

    /// H = QΛQᵀ with Q orthogonal (Gram–Schmidt QR of a seeded Gaussian matrix) and Λ spaced
    /// geometrically from 1 to κ = λmax/λmin ≥ 1, symmetrised exactly.
    pub fn conditioned(dim: usize, kappa: f64, seed: u64) -> Result<Self, ObjectiveError> {
        if dim == 0 || !(kappa >= 1.0 && kappa.is_finite()) {
            return Err(ObjectiveError::Value(format!(
                "need dim ≥ 1 and finite κ ≥ 1, got {dim}, {kappa}"
            )));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let q = orthogonal(dim, &mut rng);
        let lambda = Array1::from_shape_fn(dim, |i| {
            if dim == 1 {
                1.0
            } else {
                kappa.powf(i as f64 / (dim - 1) as f64)
            }
        });
        let h = q.dot(&Array2::from_diag(&lambda)).dot(&q.t());
        let h = (&h + &h.t()) * 0.5;
        Self::full(h)
    }

    /// Adds the linear term: R(θ) = ½ θᵀHθ − bᵀθ.
    pub fn with_linear(mut self, b: Array1<f64>) -> Result<Self, ObjectiveError> {
        if b.len() != self.dim() {
            return Err(ObjectiveError::Shape(format!(
                "b has {} entries, H is {}×{}",
                b.len(),
                self.dim(),
                self.dim()
            )));
        }
        if !all_finite(&b) {
            return Err(ObjectiveError::Value("b: non-finite entry".into()));
        }
        self.linear = Some(b);
        Ok(self)
    }

    /// The Hessian.
    pub fn hessian(&self) -> &Hessian {
        &self.hessian
    }
}

/// A d×d orthogonal matrix: modified Gram–Schmidt on the columns of a standard Gaussian matrix
/// (Box–Muller from the seeded stream).
fn orthogonal(dim: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    let mut a = Array2::from_shape_fn((dim, dim), |_| gaussian(rng));
    for j in 0..dim {
        for i in 0..j {
            let proj = a.column(i).dot(&a.column(j));
            let qi = a.column(i).to_owned();
            a.column_mut(j).scaled_add(-proj, &qi);
        }
        let norm = a.column(j).dot(&a.column(j)).sqrt();
        a.column_mut(j).mapv_inplace(|v| v / norm);
    }
    a
}

/// One standard normal sample (Box–Muller).
pub(crate) fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

impl Objective for Quadratic {
    fn dim(&self) -> usize {
        match &self.hessian {
            Hessian::Diagonal(d) => d.len(),
            Hessian::Full(h) => h.nrows(),
        }
    }

    fn loss(&self, theta: ArrayView1<'_, f64>) -> f64 {
        let quad = match &self.hessian {
            Hessian::Diagonal(d) => Zip::from(d)
                .and(&theta)
                .fold(0.0, |acc, &d, &t| acc + d * t * t),
            Hessian::Full(h) => theta.dot(&h.dot(&theta)),
        };
        let lin = self.linear.as_ref().map_or(0.0, |b| b.dot(&theta));
        0.5 * quad - lin
    }

    fn gradient(&self, theta: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
        match &self.hessian {
            Hessian::Diagonal(d) => Zip::from(&mut out)
                .and(d)
                .and(&theta)
                .for_each(|o, &d, &t| *o = d * t),
            Hessian::Full(h) => general_mat_vec_mul(1.0, h, &theta, 0.0, &mut out),
        }
        if let Some(b) = &self.linear {
            out -= b;
        }
    }
}

/// R(x) = Σ_{i=1}^{d−1} [b(x_{i+1} − x_i²)² + (a − x_i)²], d ≥ 2 (a = 1, b = 100 by default);
/// minimum 0 at (a, …, a).
#[derive(Debug, Clone, PartialEq)]
pub struct Rosenbrock {
    /// a (1).
    pub a: f64,
    /// b (100).
    pub b: f64,
    dim: usize,
}

impl Rosenbrock {
    /// The standard a = 1, b = 100 function in `dim` ≥ 2 variables.
    pub fn new(dim: usize) -> Result<Self, ObjectiveError> {
        if dim < 2 {
            return Err(ObjectiveError::Shape(format!(
                "rosenbrock needs at least 2 variables, got {dim}"
            )));
        }
        Ok(Self {
            a: 1.0,
            b: 100.0,
            dim,
        })
    }
}

impl Objective for Rosenbrock {
    fn dim(&self) -> usize {
        self.dim
    }

    fn loss(&self, x: ArrayView1<'_, f64>) -> f64 {
        x.windows(2)
            .into_iter()
            .map(|w| self.b * (w[1] - w[0] * w[0]).powi(2) + (self.a - w[0]).powi(2))
            .sum()
    }

    /// `∂R/∂x_j = −4b x_j(x_{j+1} − x_j²) − 2(a − x_j) [j < d] + 2b(x_j − x_{j−1}²) [j > 1]`.
    fn gradient(&self, x: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
        let (a, b, d) = (self.a, self.b, self.dim);
        for j in 0..d {
            let mut g = 0.0;
            if j + 1 < d {
                g += -4.0 * b * x[j] * (x[j + 1] - x[j] * x[j]) - 2.0 * (a - x[j]);
            }
            if j > 0 {
                g += 2.0 * b * (x[j] - x[j - 1] * x[j - 1]);
            }
            out[j] = g;
        }
    }
}

/// The lecture's two-layer ReLU regression, θ = (w1, w2): ŷ_i = w2·max(0, w1 x_i),
/// R = (1/n) Σ (ŷ_i − y_i)²; ReLU′(0) := 0.
///
/// `∂R/∂w2 = (2/n) Σ e_i max(0, w1 x_i)`, `∂R/∂w1 = (2/n) Σ e_i w2 1[w1 x_i > 0] x_i`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReluNet {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl ReluNet {
    /// Data points (x_i, y_i); at least one, all finite.
    pub fn new(xs: Vec<f64>, ys: Vec<f64>) -> Result<Self, ObjectiveError> {
        if xs.is_empty() || xs.len() != ys.len() {
            return Err(ObjectiveError::Shape(format!(
                "need n ≥ 1 pairs, got {} x and {} y",
                xs.len(),
                ys.len()
            )));
        }
        if !all_finite(xs.iter().chain(&ys)) {
            return Err(ObjectiveError::Value(
                "relu-net data: non-finite value".into(),
            ));
        }
        Ok(Self { xs, ys })
    }

    /// The lecture's single example x = 1, y = 0 (so R = L = (ŷ − y)²).
    pub fn lecture() -> Self {
        Self {
            xs: vec![1.0],
            ys: vec![0.0],
        }
    }
}

impl Objective for ReluNet {
    fn dim(&self) -> usize {
        2
    }

    fn loss(&self, theta: ArrayView1<'_, f64>) -> f64 {
        let (w1, w2) = (theta[0], theta[1]);
        let n = self.xs.len() as f64;
        self.xs
            .iter()
            .zip(&self.ys)
            .map(|(&x, &y)| (w2 * (w1 * x).max(0.0) - y).powi(2))
            .sum::<f64>()
            / n
    }

    fn gradient(&self, theta: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
        let (w1, w2) = (theta[0], theta[1]);
        let n = self.xs.len() as f64;
        let (mut g1, mut g2) = (0.0, 0.0);
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let z = w1 * x;
            let e = w2 * z.max(0.0) - y;
            g2 += e * z.max(0.0);
            if z > 0.0 {
                g1 += e * w2 * x;
            }
        }
        out[0] = 2.0 * g1 / n;
        out[1] = 2.0 * g2 / n;
    }
}

/// R(θ) = (1/n) ‖Xθ − y‖² for X of n rows; a batch B of m rows has
/// g_B = (2/m) X_Bᵀ(X_Bθ − y_B).
#[derive(Debug, Clone, PartialEq)]
pub struct LeastSquares {
    x: Array2<f64>,
    y: Array1<f64>,
}

impl LeastSquares {
    /// X (n×d, n ≥ 1) and y (n), finite.
    pub fn new(x: Array2<f64>, y: Array1<f64>) -> Result<Self, ObjectiveError> {
        if x.nrows() == 0 || x.nrows() != y.len() {
            return Err(ObjectiveError::Shape(format!(
                "X has {} rows, y has {} entries",
                x.nrows(),
                y.len()
            )));
        }
        if !all_finite(x.iter().chain(&y)) {
            return Err(ObjectiveError::Value(
                "least squares data: non-finite value".into(),
            ));
        }
        Ok(Self { x, y })
    }

    /// A seeded random problem: X Gaussian n×d, y = Xθ* + noise·N(0, 1), θ* Gaussian.
    pub fn random(n: usize, dim: usize, noise: f64, seed: u64) -> Result<Self, ObjectiveError> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let x = Array2::from_shape_fn((n, dim), |_| gaussian(&mut rng));
        let theta = Array1::from_shape_fn(dim, |_| gaussian(&mut rng));
        let y = x.dot(&theta) + Array1::from_shape_fn(n, |_| noise * gaussian(&mut rng));
        Self::new(x, y)
    }

    /// n, the number of rows.
    pub fn rows(&self) -> usize {
        self.x.nrows()
    }

    /// g_B = (2/|B|) Σ_{i∈B} (x_iᵀθ − y_i) x_i, without allocating.
    pub fn batch_gradient(
        &self,
        theta: ArrayView1<'_, f64>,
        batch: &[usize],
        mut out: ArrayViewMut1<'_, f64>,
    ) {
        out.fill(0.0);
        let scale = 2.0 / batch.len() as f64;
        for &i in batch {
            let row = self.x.row(i);
            let e = row.dot(&theta) - self.y[i];
            out.scaled_add(scale * e, &row);
        }
    }
}

impl Objective for LeastSquares {
    fn dim(&self) -> usize {
        self.x.ncols()
    }

    fn loss(&self, theta: ArrayView1<'_, f64>) -> f64 {
        let r = self.x.dot(&theta) - &self.y;
        r.dot(&r) / self.rows() as f64
    }

    fn gradient(&self, theta: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
        out.fill(0.0);
        let scale = 2.0 / self.rows() as f64;
        for (row, &y) in self.x.axis_iter(Axis(0)).zip(&self.y) {
            out.scaled_add(scale * (row.dot(&theta) - y), &row);
        }
    }
}

/// Stochastic least squares: epoch e is a seeded permutation of the n rows cut into ⌈n/m⌉
/// consecutive batches (the last one shorter when m ∤ n), one batch per step; step k uses batch
/// (k−1) mod ⌈n/m⌉ of epoch ⌊(k−1)/⌈n/m⌉⌋.
#[derive(Debug, Clone)]
pub struct Minibatches {
    problem: LeastSquares,
    batch_size: usize,
    seed: u64,
    epoch: Option<u64>,
    order: Vec<usize>,
}

impl Minibatches {
    /// Batches of `batch_size` ∈ [1, n] rows of `problem`, permuted by ChaCha8 from `seed`.
    pub fn new(
        problem: LeastSquares,
        batch_size: usize,
        seed: u64,
    ) -> Result<Self, ObjectiveError> {
        if batch_size == 0 || batch_size > problem.rows() {
            return Err(ObjectiveError::Shape(format!(
                "batch size must be in [1, {}], got {batch_size}",
                problem.rows()
            )));
        }
        Ok(Self {
            problem,
            batch_size,
            seed,
            epoch: None,
            order: Vec::new(),
        })
    }

    /// ⌈n/m⌉, the steps per epoch (I12: n/m when m divides n).
    pub fn batches_per_epoch(&self) -> usize {
        self.problem.rows().div_ceil(self.batch_size)
    }

    /// The full-batch problem.
    pub fn problem(&self) -> &LeastSquares {
        &self.problem
    }

    /// The row indices of every batch of `epoch` (0-based), in step order.
    pub fn batches(&self, epoch: u64) -> Vec<Vec<usize>> {
        self.permutation(epoch)
            .chunks(self.batch_size)
            .map(<[usize]>::to_vec)
            .collect()
    }

    fn permutation(&self, epoch: u64) -> Vec<usize> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(epoch);
        let mut order: Vec<usize> = (0..self.problem.rows()).collect();
        order.shuffle(&mut rng);
        order
    }

    /// g_k: the gradient of step k ≥ 1's batch at `theta`.
    pub fn step_gradient(
        &mut self,
        k: usize,
        theta: ArrayView1<'_, f64>,
        out: ArrayViewMut1<'_, f64>,
    ) {
        let per_epoch = self.batches_per_epoch();
        let epoch = ((k - 1) / per_epoch) as u64;
        if self.epoch != Some(epoch) {
            self.order = self.permutation(epoch);
            self.epoch = Some(epoch);
        }
        let j = (k - 1) % per_epoch;
        let end = ((j + 1) * self.batch_size).min(self.order.len());
        let batch = &self.order[j * self.batch_size..end];
        self.problem.batch_gradient(theta, batch, out);
    }
}
