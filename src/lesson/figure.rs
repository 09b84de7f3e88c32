//! The optimizer figure, drawn with plotters as an SVG string: on the left
//! the trajectories of one or more runs over the contour lines of a 2-D
//! quadratic, on the right the loss per step on a log scale.
//!
//! Lessons draw every optimizer a note discusses on [`LessonProblem`], a
//! fixed ill-conditioned quadratic; `verideck simulate --plot` draws one
//! run of its own objective. Output is deterministic: the same runs give
//! the same bytes (plotters writes integer pixel coordinates; tick labels
//! use fixed precision).
use crate::optim::objectives::Quadratic;
use crate::optim::{OptimizerConfig, OptimizerKind, RunError, Trajectory, run};
use ndarray::{Array1, Array2, array};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Width and height of the whole figure in SVG pixels.
pub const SIZE: (u32, u32) = (840, 380);

/// One line of the figure.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotRun {
    /// Legend text.
    pub label: String,
    /// The optimizer (picks the colour).
    pub kind: OptimizerKind,
    /// The reported points θ_0 … θ_N when θ is 2-D.
    pub points: Option<Vec<[f64; 2]>>,
    /// R at each point, when the objective is known.
    pub loss: Option<Vec<f64>>,
}

impl PlotRun {
    /// The line of `trajectory`, labelled `label`.
    pub fn from_trajectory(label: String, trajectory: &Trajectory) -> Self {
        let points = trajectory
            .params()
            .iter()
            .map(|p| (p.len() == 2).then(|| [p[0], p[1]]))
            .collect();
        Self {
            label,
            kind: trajectory.optimizer,
            points,
            loss: trajectory.loss.clone(),
        }
    }
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The runs, in legend order.
    pub runs: Vec<PlotRun>,
    /// A 2×2 symmetric positive definite H whose ½θᵀHθ contours are drawn.
    pub contours: Option<[[f64; 2]; 2]>,
}

/// Why a figure cannot be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FigureError {
    /// Neither a 2-D trajectory nor a loss to show.
    #[error("nothing to plot: θ is not 2-D and there is no loss (use an --objective)")]
    Empty,
    /// plotters failed.
    #[error("drawing failed: {0}")]
    Draw(String),
}

/// The lessons' objective: R(θ) = ½θᵀHθ with eigenvalues 5 and 100 (κ = 20),
/// the flat direction turned 30° from the θ₁ axis, started at
/// θ_0 = (−0.25, 0.2) and run for 300 steps: long enough for torch's
/// default step sizes to show each method's character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonProblem;

impl LessonProblem {
    /// The smaller eigenvalue λmin.
    pub const LAMBDA_MIN: f64 = 5.0;
    /// Condition number λmax/λmin.
    pub const KAPPA: f64 = 20.0;
    /// Angle of the flat eigenvector to the θ₁ axis, in degrees.
    pub const ANGLE_DEGREES: f64 = 30.0;
    /// θ_0.
    pub const THETA0: [f64; 2] = [-0.25, 0.2];
    /// Steps per run.
    pub const STEPS: usize = 300;

    /// H = R diag(1, κ) Rᵀ.
    pub fn hessian() -> [[f64; 2]; 2] {
        let (s, c) = Self::ANGLE_DEGREES.to_radians().sin_cos();
        let (l1, l2) = (Self::LAMBDA_MIN, Self::LAMBDA_MIN * Self::KAPPA);
        [
            [l1 * c * c + l2 * s * s, (l1 - l2) * c * s],
            [(l1 - l2) * c * s, l1 * s * s + l2 * c * c],
        ]
    }

    /// Runs `config` on the problem; a diverging run keeps its finite part.
    pub fn run(config: &OptimizerConfig) -> Result<Trajectory, RunError> {
        let h = Self::hessian();
        let h: Array2<f64> = array![[h[0][0], h[0][1]], [h[1][0], h[1][1]]];
        let mut objective = Quadratic::full(h).map_err(|e| RunError::Input(e.to_string()))?;
        let theta0: Array1<f64> = Array1::from(Self::THETA0.to_vec());
        match run(config, &mut objective, theta0.view(), Self::STEPS) {
            Err(RunError::Diverged { partial, .. }) => Ok(*partial),
            other => other,
        }
    }
}

/// The colour of each optimizer (Okabe–Ito, readable for colour-blind eyes).
pub fn colour(kind: OptimizerKind) -> RGBColor {
    match kind {
        OptimizerKind::Sgd => RGBColor(0, 0, 0),
        OptimizerKind::Momentum => RGBColor(213, 94, 0),
        OptimizerKind::Nesterov => RGBColor(0, 158, 115),
        OptimizerKind::Adagrad => RGBColor(204, 121, 167),
        OptimizerKind::Rmsprop => RGBColor(230, 159, 0),
        OptimizerKind::Adam => RGBColor(0, 114, 178),
        OptimizerKind::Adamax => RGBColor(86, 180, 233),
    }
}

const FONT: &str = "sans-serif";

/// Draws `figure` as a standalone SVG document.
pub fn draw(figure: &Figure) -> Result<String, FigureError> {
    let has_points = figure.runs.iter().any(|r| r.points.is_some());
    let has_loss = figure.runs.iter().any(|r| r.loss.is_some());
    if !has_points && !has_loss {
        return Err(FigureError::Empty);
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (left, right) = if has_points && has_loss {
            let (l, r) = root.split_horizontally(SIZE.0 / 2);
            (Some(l), Some(r))
        } else if has_points {
            (Some(root.clone()), None)
        } else {
            (None, Some(root.clone()))
        };
        if let Some(area) = left {
            draw_paths(&area, figure)?;
        }
        if let Some(area) = right {
            draw_losses(&area, figure)?;
        }
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

fn draw_error(e: impl std::fmt::Display) -> FigureError {
    FigureError::Draw(e.to_string())
}

/// Eigenvalues and the first eigenvector's angle of a symmetric 2×2 H.
fn eigen(h: [[f64; 2]; 2]) -> (f64, f64, f64) {
    let (a, b, d) = (h[0][0], h[0][1], h[1][1]);
    let mean = 0.5 * (a + d);
    let radius = (0.25 * (a - d) * (a - d) + b * b).sqrt();
    let angle = 0.5 * (2.0 * b).atan2(a - d);
    (mean + radius, mean - radius, angle)
}

/// Points of the ellipse ½θᵀHθ = level.
fn ellipse(h: [[f64; 2]; 2], level: f64) -> Vec<(f64, f64)> {
    let (l1, l2, angle) = eigen(h);
    let (s, c) = angle.sin_cos();
    let (r1, r2) = ((2.0 * level / l1).sqrt(), (2.0 * level / l2).sqrt());
    (0..=96)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / 96.0;
            let (u, v) = (r1 * t.cos(), r2 * t.sin());
            (c * u - s * v, s * u + c * v)
        })
        .collect()
}

/// A tick label with `digits` decimals, never `-0.00`.
fn tick(v: f64, digits: usize) -> String {
    let text = format!("{v:.digits$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// The runs of consecutive points inside the window (a polyline cut
/// where it leaves the plot, so nothing is drawn along the border).
fn inside_runs(
    points: impl IntoIterator<Item = (f64, f64)>,
    x: (f64, f64),
    y: (f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for p in points {
        if (x.0..=x.1).contains(&p.0) && (y.0..=y.1).contains(&p.1) {
            if let Some(run) = runs.last_mut() {
                run.push(p);
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| r.len() > 1);
    runs
}

fn quad_loss(h: [[f64; 2]; 2], p: [f64; 2]) -> f64 {
    0.5 * (h[0][0] * p[0] * p[0] + 2.0 * h[0][1] * p[0] * p[1] + h[1][1] * p[1] * p[1])
}

/// The window: every run's start, the origin of a quadratic, padded 15 %,
/// widened to the panel's aspect ratio.
fn window(figure: &Figure, aspect: f64) -> ((f64, f64), (f64, f64)) {
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for run in &figure.runs {
        if let Some(points) = &run.points {
            for p in points.iter().take(1).chain(points.last()) {
                xs.push(p[0]);
                ys.push(p[1]);
            }
        }
    }
    if figure.contours.is_some() {
        xs.push(0.0);
        ys.push(0.0);
    }
    let span = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let (mut x, mut y) = (span(&xs), span(&ys));
    if figure.contours.is_some() {
        // Centre the minimum: the window is symmetric about the origin.
        let rx = x.0.abs().max(x.1.abs());
        let ry = y.0.abs().max(y.1.abs());
        (x, y) = ((-rx, rx), (-ry, ry));
    }
    let width = (x.1 - x.0).max(1e-9);
    let height = (y.1 - y.0).max(1e-9);
    let (w, h) = if width / height > aspect {
        (width, width / aspect)
    } else {
        (height * aspect, height)
    };
    let (cx, cy) = (0.5 * (x.0 + x.1), 0.5 * (y.0 + y.1));
    x = (cx - 0.55 * w, cx + 0.55 * w);
    y = (cy - 0.55 * h, cy + 0.55 * h);
    (x, y)
}

fn draw_paths(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    figure: &Figure,
) -> Result<(), FigureError> {
    let (w, h) = area.dim_in_pixel();
    let plot_aspect = f64::from(w.saturating_sub(60)) / f64::from(h.saturating_sub(60)).max(1.0);
    let (xr, yr) = window(figure, plot_aspect);
    let mut chart = ChartBuilder::on(area)
        .caption("trajectories over the contours of R", (FONT, 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("θ₁")
        .y_desc("θ₂")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick(*v, 2))
        .y_label_formatter(&|v| tick(*v, 2))
        .label_style((FONT, 14))
        .draw()
        .map_err(draw_error)?;
    if let Some(hm) = figure.contours {
        let top = figure
            .runs
            .iter()
            .filter_map(|r| r.points.as_ref()?.first().copied())
            .map(|p| quad_loss(hm, p))
            .fold(0.0_f64, f64::max);
        let contour = RGBColor(170, 170, 170);
        for i in 0..8 {
            let level = top * 0.45_f64.powi(i);
            for piece in inside_runs(ellipse(hm, level), xr, yr) {
                chart
                    .draw_series(LineSeries::new(piece, contour.stroke_width(1)))
                    .map_err(draw_error)?;
            }
        }
        chart
            .draw_series(std::iter::once(Cross::new(
                (0.0, 0.0),
                5,
                contour.stroke_width(2),
            )))
            .map_err(draw_error)?;
    }
    let inside = |p: &[f64; 2]| (xr.0..=xr.1).contains(&p[0]) && (yr.0..=yr.1).contains(&p[1]);
    for run in &figure.runs {
        let Some(points) = &run.points else { continue };
        let shown: Vec<(f64, f64)> = points
            .iter()
            .take_while(|p| inside(p))
            .map(|p| (p[0], p[1]))
            .collect();
        let style = colour(run.kind).stroke_width(2);
        chart
            .draw_series(LineSeries::new(shown.clone(), style))
            .map_err(draw_error)?
            .label(run.label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        if let Some(&start) = shown.first() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    start,
                    3,
                    colour(run.kind).filled(),
                )))
                .map_err(draw_error)?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(120, 120, 120))
        .label_font((FONT, 14))
        .draw()
        .map_err(draw_error)
}

fn draw_losses(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    figure: &Figure,
) -> Result<(), FigureError> {
    let losses: Vec<(&PlotRun, &Vec<f64>)> = figure
        .runs
        .iter()
        .filter_map(|r| Some((r, r.loss.as_ref()?)))
        .collect();
    let steps = losses
        .iter()
        .map(|(_, l)| l.len())
        .max()
        .unwrap_or(1)
        .max(2)
        - 1;
    let finite = losses
        .iter()
        .flat_map(|(_, l)| l.iter().copied())
        .filter(|v| v.is_finite() && *v > 0.0);
    let (lo, hi) = finite.fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let hi = if hi > 0.0 { hi * 2.0 } else { 1.0 };
    let lo = lo.max(hi * 1e-16).min(hi / 10.0) / 2.0;
    let mut chart = ChartBuilder::on(area)
        .caption("loss per step (log scale)", (FONT, 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0..steps, (lo..hi).log_scale())
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(215, 215, 215))
        .x_desc("step k")
        .y_desc("R(θ_k)")
        .x_labels(6)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .label_style((FONT, 14))
        .draw()
        .map_err(draw_error)?;
    for (run, loss) in losses {
        let points = loss
            .iter()
            .enumerate()
            .take_while(|(_, v)| v.is_finite() && **v <= hi)
            .map(|(k, v)| (k, v.max(lo)));
        chart
            .draw_series(LineSeries::new(points, colour(run.kind).stroke_width(2)))
            .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lesson_hessian_has_the_stated_eigenvalues() {
        let (l1, l2, _) = eigen(LessonProblem::hessian());
        let lmin = LessonProblem::LAMBDA_MIN;
        assert!((l1 - lmin * LessonProblem::KAPPA).abs() < 1e-12 && (l2 - lmin).abs() < 1e-12);
        for p in ellipse(LessonProblem::hessian(), 0.5) {
            assert!((quad_loss(LessonProblem::hessian(), [p.0, p.1]) - 0.5).abs() < 1e-12);
        }
    }

    #[test]
    fn a_figure_is_deterministic_svg_with_every_legend_label() {
        let runs: Vec<PlotRun> = crate::lesson::optimizers::ALL_KINDS
            .into_iter()
            .map(|kind| {
                let t = LessonProblem::run(&OptimizerConfig::default_for(kind)).unwrap();
                PlotRun::from_trajectory(kind.to_string(), &t)
            })
            .collect();
        let figure = Figure {
            runs,
            contours: Some(LessonProblem::hessian()),
        };
        let svg = draw(&figure).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("\nsgd\n") && svg.contains("\nadam\n"));
        assert_eq!(svg, draw(&figure).unwrap());
        let empty = Figure {
            runs: vec![],
            contours: None,
        };
        assert_eq!(draw(&empty), Err(FigureError::Empty));
    }
}
