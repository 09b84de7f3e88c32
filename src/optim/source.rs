//! Where a run's gradients come from: an [`Objective`] evaluated at the point the optimizer
//! asks for, seeded [`Minibatches`], or a fixed sequence g_1 … g_N that ignores θ (for identities
//! about the state: unrolled sums, limits under a constant gradient, EMA weights).
use crate::optim::objectives::{Minibatches, Objective, ObjectiveError};
use ndarray::{Array1, ArrayView1, ArrayViewMut1};

/// A source of gradients g_k, k = 1, 2, …, and (if it has one) of the loss.
pub trait GradientSource {
    /// d, the dimension of the gradients.
    fn dimension(&self) -> usize;
    /// Writes g_k (k ≥ 1) taken at `point` into `out`.
    fn gradient_at(&mut self, k: usize, point: ArrayView1<'_, f64>, out: ArrayViewMut1<'_, f64>);
    /// R(point), or `None` when there is no objective.
    fn loss_at(&self, point: ArrayView1<'_, f64>) -> Option<f64>;
    /// How many gradients there are, if finitely many.
    fn available_steps(&self) -> Option<usize> {
        None
    }
}

/// A deterministic objective: g_k = ∇R(point) for every k.
impl<O: Objective> GradientSource for O {
    fn dimension(&self) -> usize {
        Objective::dim(self)
    }
    fn gradient_at(&mut self, _k: usize, point: ArrayView1<'_, f64>, out: ArrayViewMut1<'_, f64>) {
        Objective::gradient(self, point, out);
    }
    fn loss_at(&self, point: ArrayView1<'_, f64>) -> Option<f64> {
        Some(Objective::loss(self, point))
    }
}

/// Least squares with minibatches; the loss is the full-batch R.
impl GradientSource for Minibatches {
    fn dimension(&self) -> usize {
        Objective::dim(self.problem())
    }
    fn gradient_at(&mut self, k: usize, point: ArrayView1<'_, f64>, out: ArrayViewMut1<'_, f64>) {
        self.step_gradient(k, point, out);
    }
    fn loss_at(&self, point: ArrayView1<'_, f64>) -> Option<f64> {
        Some(Objective::loss(self.problem(), point))
    }
}

/// Given gradients g_1 … g_N, independent of θ; no loss.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientSequence {
    grads: Vec<Array1<f64>>,
}

impl GradientSequence {
    /// At least one gradient; all of one dimension, all finite.
    pub fn new(grads: Vec<Array1<f64>>) -> Result<Self, ObjectiveError> {
        let Some(first) = grads.first() else {
            return Err(ObjectiveError::Shape(
                "the gradient sequence is empty".into(),
            ));
        };
        let dim = first.len();
        for (i, g) in grads.iter().enumerate() {
            if g.len() != dim {
                return Err(ObjectiveError::Shape(format!(
                    "gradient {} has {} components, gradient 1 has {dim}",
                    i + 1,
                    g.len()
                )));
            }
            if !g.iter().all(|v| v.is_finite()) {
                return Err(ObjectiveError::Value(format!(
                    "gradient {} has a non-finite component",
                    i + 1
                )));
            }
        }
        Ok(Self { grads })
    }

    /// The gradients.
    pub fn grads(&self) -> &[Array1<f64>] {
        &self.grads
    }
}

impl GradientSource for GradientSequence {
    fn dimension(&self) -> usize {
        self.grads[0].len()
    }
    fn gradient_at(
        &mut self,
        k: usize,
        _point: ArrayView1<'_, f64>,
        mut out: ArrayViewMut1<'_, f64>,
    ) {
        out.assign(&self.grads[k - 1]);
    }
    fn loss_at(&self, _point: ArrayView1<'_, f64>) -> Option<f64> {
        None
    }
    fn available_steps(&self) -> Option<usize> {
        Some(self.grads.len())
    }
}
