//! Claims with partial derivatives and gradients, for the note checker:
//! at the note's worked values (`\nabla_{w_1} f` at `w_1 = 1/3`), through
//! its definitions by central differences, and as general statements
//! random-tested through its computation graph (`\partial L / \partial
//! \hat y = 2(\hat y - y)` for any inputs).
use super::NoteChecker;
use crate::math::ast::{Expr, Rel};
use crate::math::env::SymbolKey;
use crate::math::{Env, eval};
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::derivatives::{
    central_difference, dependency_order, derivative_pairs, needed_for,
};
use crate::verify::identity;
use crate::verify::one_sample::collapse_one_sample_sums;
use crate::verify::symbols_used::{Uses, uses, uses_all};

impl NoteChecker<'_> {
    /// The note's constants with every partial derivative `\frac{\partial
    /// X}{\partial Y}` in `exprs` bound to a central difference through the
    /// note's definitions (`Y` nudged, every later definition re-evaluated,
    /// `X` read off); `None` unless every derivative there is of that kind.
    pub(super) fn with_derivatives(&self, exprs: &[&Expr]) -> Option<Env> {
        let mut pairs: Vec<(SymbolKey, SymbolKey)> = Vec::new();
        for e in exprs {
            derivative_pairs(e, &mut pairs);
        }
        if pairs.is_empty() {
            return None;
        }
        // Sums over a one-sample data set become their one term; a
        // definition still summing over unknown samples is no use here.
        let definitions: Vec<(SymbolKey, Expr)> = self
            .definitions
            .iter()
            .map(|(d, e)| (d.clone(), collapse_one_sample_sums(e, &self.constants)))
            .filter(|(_, e)| uses(e).symbolic().is_empty())
            .collect();
        let mut env = self.constants.clone();
        for (of, wrt) in pairs {
            let known = |k: &SymbolKey| definitions.iter().any(|(d, _)| d == k);
            if !known(&of) {
                return None;
            }
            if self.constants.value(&wrt).is_none() {
                // `\nabla_{\mathbf{w}} f` where the note fixes `w_1, w_2`:
                // the vector of the partial derivatives by each component.
                let components = self.components(&wrt)?;
                let parts: Vec<_> = components
                    .iter()
                    .map(|(c, _)| {
                        central_difference(
                            definitions.clone(),
                            self.constants.clone(),
                            of.clone(),
                            c.clone(),
                        )
                    })
                    .collect();
                let gradient: crate::math::env::Function = std::sync::Arc::new(move |args| {
                    let [crate::math::Value::Vector(at)] = args else {
                        return Err(crate::math::EvalError::Domain {
                            message: "a gradient by a vector at a non-vector point".into(),
                            span: Default::default(),
                        });
                    };
                    if at.len() != parts.len() {
                        return Err(crate::math::EvalError::Domain {
                            message: "a gradient at a point of another dimension".into(),
                            span: Default::default(),
                        });
                    }
                    let mut out = Vec::with_capacity(parts.len());
                    for (part, x) in parts.iter().zip(at.iter()) {
                        let d = part(&[crate::math::Value::Scalar(*x)])?;
                        out.push(d.as_scalar().unwrap_or(f64::NAN));
                    }
                    Ok(crate::math::Value::Vector(out.into()))
                });
                let at: Vec<f64> = components.iter().map(|(_, v)| *v).collect();
                env.bind(wrt.clone(), crate::math::Value::Vector(at.into()));
                env.bind_partial(of.base.clone(), wrt.clone(), gradient);
                continue;
            }
            let f = central_difference(
                definitions.clone(),
                self.constants.clone(),
                of.clone(),
                wrt.clone(),
            );
            env.bind_partial(of.base.clone(), wrt.clone(), f);
        }
        Some(env)
    }

    /// The derivatives of `exprs` as bound in `env` (see
    /// [`Self::with_derivatives`]), each at the note's value of what it is
    /// taken by: `∂f/∂w_1 = 2.666667`, for a report.
    pub(super) fn derivative_values(&self, exprs: &[&Expr], env: &Env) -> Vec<String> {
        let mut pairs: Vec<(SymbolKey, SymbolKey)> = Vec::new();
        for e in exprs {
            derivative_pairs(e, &mut pairs);
        }
        let mut out = Vec::new();
        for (of, wrt) in pairs {
            let value = env
                .derivative(&of.base, Some(&wrt), &wrt.base)
                .zip(env.value(&wrt))
                .and_then(|(f, at)| f(std::slice::from_ref(at)).ok());
            if let Some(v) = value {
                let line = format!("∂{of}/∂{wrt} = {}", crate::verify::compare::show(&v));
                if !out.contains(&line) {
                    out.push(line);
                }
            }
        }
        out
    }

    /// The components `w_1, w_2, …` (or from `w_0`) the note fixes for an
    /// unindexed symbol `w` with no value of its own, with their values:
    /// at least two, consecutive. `None` otherwise.
    pub(super) fn components(&self, of: &SymbolKey) -> Option<Vec<(SymbolKey, f64)>> {
        if !of.index.is_empty() {
            return None;
        }
        let component = |j: i64| {
            let key = SymbolKey {
                base: of.base.clone(),
                index: vec![crate::math::env::IndexKey::Int(j)],
            };
            let value = self.constants.value(&key)?.as_scalar()?;
            Some((key, value))
        };
        let first = if component(0).is_some() { 0 } else { 1 };
        let out: Vec<(SymbolKey, f64)> = (first..first + 64).map_while(component).collect();
        (out.len() >= 2).then_some(out)
    }

    /// A claim with partial derivatives and free symbols (`\frac{\partial
    /// L}{\partial \hat y} = 2(\hat y - y)`), random-tested through the
    /// note's computation graph: the graph's inputs get random values, the
    /// defined values are computed from them, and each derivative is a
    /// central difference through the graph. `None` when a derivative is
    /// not of a symbol the graph defines.
    pub(super) fn derivative_test(
        &self,
        lhs: &Expr,
        rel: Rel,
        rhs: &Expr,
        u: &Uses,
        seed: u64,
    ) -> Option<Verdict> {
        use rand::{RngExt, SeedableRng};
        let mut pairs = Vec::new();
        derivative_pairs(lhs, &mut pairs);
        derivative_pairs(rhs, &mut pairs);
        let defined = |k: &SymbolKey| self.graph.iter().any(|(d, _)| d == k);
        if pairs.is_empty() || !pairs.iter().all(|(of, _)| defined(of)) {
            return None;
        }
        // A derivative formula is a general statement in the symbols it
        // writes out: those are drawn at random even where the note fixes
        // them for a worked example (`2(\hat y - y)` with `y = 0` would
        // otherwise hide a dropped `- y`). Inputs of the definitions it
        // goes through that the note fixes and the claim does not name keep
        // the note's values; the others are drawn too.
        let mut needed = std::collections::BTreeSet::new();
        for k in pairs
            .iter()
            .map(|(of, _)| of.clone())
            .chain(uses_all([lhs, rhs]).keys())
            .filter(|k| defined(k))
        {
            needed.extend(needed_for(&k, &self.graph));
        }
        let graph: Vec<(SymbolKey, Expr)> = dependency_order(&self.graph)
            .into_iter()
            .filter(|(d, _)| needed.contains(d))
            .collect();
        let mut roots: Vec<SymbolKey> = Vec::new();
        let inputs = graph.iter().flat_map(|(_, e)| self.free(&uses(e)));
        let named = uses_all([lhs, rhs]).keys();
        for k in inputs.chain(named) {
            if !defined(&k) && !roots.contains(&k) {
                roots.push(k);
            }
        }
        // A derivative by a value the note fixes (`\partial \hat y /
        // \partial w_2` with `w_2 = 2`) is taken at that value.
        for (_, wrt) in &pairs {
            if !defined(wrt) && !roots.contains(wrt) && self.constants.value(wrt).is_none() {
                return None;
            }
        }
        let tol = if rel == Rel::Approx {
            identity::APPROX_TOL
        } else {
            1e-6
        };
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xd1ff);
        let mut worst = 0.0f64;
        for trial in 0..identity::TRIALS {
            let mut env = self.constants.clone();
            let mut bound = Vec::new();
            for k in &roots {
                let x: f64 = rng.random_range(0.1..0.9);
                bound.push(format!("{k} = {x:.6}"));
                env.bind(k.clone(), x);
            }
            // A definition that does not evaluate here (a vector formula
            // elsewhere in the note) stays unbound; a claim that needs it
            // then fails to evaluate and says so.
            for (d, e) in &graph {
                if let Ok(value) = eval(e, &env) {
                    env.bind(d.clone(), value);
                }
            }
            let base = env.clone();
            for (of, wrt) in &pairs {
                let f = central_difference(graph.clone(), base.clone(), of.clone(), wrt.clone());
                env.bind_partial(of.base.clone(), wrt.clone(), f);
            }
            let (a, b) = match (eval(lhs, &env), eval(rhs, &env)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(e), _) | (_, Err(e)) => return Some(identity::eval_unchecked(&e)),
            };
            let (ok, err) = identity::relation_holds(rel, &a, &b, tol)?;
            worst = worst.max(err.abs());
            if !ok {
                let reason = format!(
                    "fails for {} (derivatives by central differences through the note's definitions): left side {}, right side {}",
                    bound.join(", "),
                    crate::verify::compare::show(&a),
                    crate::verify::compare::show(&b)
                );
                if rel == Rel::Approx {
                    return Some(Verdict::unchecked(reason));
                }
                return Some(Verdict {
                    status: Status::Refuted,
                    reason,
                    evidence: serde_json::json!({
                        "kind": "identity", "test": "random trial through the note's definitions",
                        "trial": trial + 1, "inputs": bound, "error": err, "tolerance": tol,
                    }),
                });
            }
        }
        let _ = u;
        Some(Verdict {
            status: Status::Verified,
            reason: format!(
                "holds in {} random trials of {} with derivatives by central differences through the note's definitions, worst error {worst:.1e}",
                identity::TRIALS,
                roots
                    .iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            evidence: serde_json::json!({
                "kind": "identity", "test": "random trials through the note's definitions",
                "trials": identity::TRIALS, "worst_error": worst, "tolerance": tol,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::vault::{SourceFile, from_sources};
    use crate::verify::{Status, check_vault};

    /// Status and reason of every claim on the note's last line.
    fn last_line(text: &str) -> Vec<(Status, String)> {
        let v = from_sources(
            "v",
            &[SourceFile {
                path: "n.md".into(),
                text: text.into(),
            }],
            Vec::new(),
        );
        let report = check_vault(&v);
        let last = report.claims.iter().map(|c| c.line).max().unwrap_or(0);
        report
            .claims
            .into_iter()
            .filter(|c| c.line == last)
            .map(|c| (c.status, c.reason))
            .collect()
    }

    /// A least-squares fit of one sample (a = 2, b = 1) at u = (0.5, 3):
    /// the residual is 3, so the gradient is (2·3·2, 2·3) = (12, 6).
    const FIT: &str = "$a = 2$, $b = 1$, $u_1 = 0.5$, $u_2 = 3$ and $m = 1$\n\n\
        $$J(\\mathbf{u}) = \\sum_{j=1}^{m} (u_1 a_j + u_2 - b_j)^2$$\n\n";

    #[test]
    fn a_gradient_step_at_the_worked_values_is_verified() {
        let step = "$$\\begin{pmatrix} u_1 \\\\ u_2 \\end{pmatrix} - \\eta \\begin{pmatrix} \\nabla_{u_1} J \\\\ \\nabla_{u_2} J \\end{pmatrix} = \\begin{pmatrix} 0.5 \\\\ 3 \\end{pmatrix} - \\eta \\begin{pmatrix} 12 \\\\ 6 \\end{pmatrix}$$\n";
        let got = last_line(&format!("{FIT}{step}"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Status::Verified, "{got:?}");
        let wrong = step.replace("12", "10");
        let got = last_line(&format!("{FIT}{wrong}"));
        assert_eq!(got[0].0, Status::Refuted, "{got:?}");
        assert!(got[0].1.contains("central differences"), "{got:?}");
    }

    #[test]
    fn the_gradient_by_a_vector_is_the_vector_of_partials() {
        let claim = "$$\\nabla_{\\mathbf{u}} J = \\begin{pmatrix} 12 \\\\ 6 \\end{pmatrix}$$\n";
        let got = last_line(&format!("{FIT}{claim}"));
        assert_eq!(got[0].0, Status::Verified, "{got:?}");
        let swapped = claim.replace("12 \\\\ 6", "6 \\\\ 12");
        let got = last_line(&format!("{FIT}{swapped}"));
        assert_eq!(got[0].0, Status::Refuted, "{got:?}");
    }

    #[test]
    fn more_samples_than_the_note_gives_stay_unchecked() {
        let text = FIT.replace("$m = 1$", "$m = 3$");
        let claim = "$$\\nabla_{u_2} J = 6$$\n";
        let got = last_line(&format!("{text}{claim}"));
        assert_eq!(got[0].0, Status::Unchecked, "{got:?}");
    }

    #[test]
    fn a_derivative_formula_draws_the_symbols_it_names() {
        // True only at the worked target t = 0: a dropped `- t`.
        let note = "$t = 0$\n\n$$E = (p - t)^2$$\n\n$$p = v q$$\n\n";
        let got = last_line(&format!(
            "{note}$$\\frac{{\\partial E}}{{\\partial p}} = 2(p - t)$$\n"
        ));
        assert_eq!(got[0].0, Status::Verified, "{got:?}");
        let got = last_line(&format!(
            "{note}$$\\frac{{\\partial E}}{{\\partial p}} = 2(p - t) + t$$\n"
        ));
        assert_eq!(got[0].0, Status::Refuted, "{got:?}");
    }
}
