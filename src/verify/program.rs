//! Update rules as programs. A formula whose statements all assign a
//! symbol (`s = \rho s - \alpha g`, or indexed `s_k = \rho s_{k-1} - \alpha
//! g_k`) and where some symbol is carried across iterations is one
//! iteration of an algorithm. It is executed on a random quadratic (or on
//! a random input sequence), and:
//!
//! - the rule itself is compared with the reference optimizers
//!   ([`super::reference`]) under every mapping of its hyperparameters to
//!   roles (found by role, never by letter);
//! - claims about the run elsewhere in the note (`s_2 = …`, unrolled sums,
//!   `\hat{s}_1 = g_1`, limits under a constant gradient) are evaluated on
//!   the recorded histories, with the index base taken from the note's own
//!   initial conditions (`s_0 = 0` or `s_0 = -\alpha g_0`).
use crate::math::ast::{Expr, ExprKind as K, Rel, Statement};
use crate::math::env::SymbolKey;
use crate::math::{self, BaseKey, Env, EvalError, Value, eval};
use crate::optim::OptimizerKind;
use crate::verify::Verdict;
use crate::verify::compare::show;
use crate::verify::identity::{self, APPROX_TOL, EXACT_TOL, relation_holds};
use crate::verify::reference;
use crate::verify::site::{ClaimRef, Site};
use crate::verify::symbols_used::{Uses, uses, uses_all};
use crate::verify::verdict::Status;
use ndarray::Array1;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Steps a rule is run for when compared with a reference.
pub(crate) const RULE_STEPS: usize = 6;
/// Steps recorded for identities about a run.
const HISTORY_STEPS: i64 = 8;
/// Steps run for a limit.
const LIMIT_STEPS: i64 = 3000;
/// Dimension of θ in the runs.
pub(crate) const DIM: usize = 3;

/// One assignment of a rule.
#[derive(Debug, Clone)]
pub(crate) struct Assign {
    /// The symbol assigned.
    pub(crate) target: BaseKey,
    /// Offset `d` of an indexed head `X_{c+d}` (0 for `X_k`, 1 for `X_{k+1}`).
    pub(crate) offset: Option<i64>,
    /// The right-hand side (first link).
    pub(crate) expr: Expr,
    /// Which statement of the formula.
    pub(crate) statement: usize,
}

/// An update rule read from one formula.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// The assignments in order.
    pub(crate) assigns: Vec<Assign>,
    /// The step counter (`k` in `s_k`, or in `\rho^k`).
    pub(crate) counter: Option<BaseKey>,
    /// Written with indices (`s_k = … s_{k-1}`) rather than in place.
    pub(crate) indexed: bool,
    /// Statements that assign a symbol a second time: claims about the
    /// iteration (`v_t = (w_t - w_{la}) + \eta \nabla w_{la}`), evaluated
    /// at the end of each step.
    pub(crate) repeats: Vec<usize>,
}

/// A minibatch gradient (`\frac{1}{m} \sum_{i \in B_k} \nabla L_i(\theta_{k-1})`:
/// a sum over a set of gradients at one point) is a stochastic estimate of
/// the gradient at that point; a rule is run with the gradient there, as
/// the optimizers receive it. Rewritten to `\nabla R(point)` for a stand-in
/// objective named `minibatch`.
fn minibatch_as_gradient(e: &mut Expr) {
    fn has_set_sum(e: &Expr) -> bool {
        if let K::BigOp { over: Some(_), .. } = &e.kind {
            return true;
        }
        let mut e = e.clone();
        identity::children_mut(&mut e)
            .into_iter()
            .any(|c| has_set_sum(c))
    }
    fn point(e: &Expr) -> Option<Expr> {
        match &e.kind {
            K::Grad { body, wrt } => match &body.kind {
                K::Call { args, .. } => args.first().cloned(),
                _ => wrt.as_deref().cloned(),
            },
            _ => {
                let mut e = e.clone();
                identity::children_mut(&mut e)
                    .into_iter()
                    .find_map(|c| point(c))
            }
        }
    }
    if !has_set_sum(e) {
        return;
    }
    let Some(at) = point(e) else { return };
    let span = e.span;
    let objective = Expr::new(K::Symbol(crate::math::Symbol::plain("minibatch")), span);
    let call = Expr::new(
        K::Call {
            func: Box::new(objective),
            args: vec![at],
        },
        span,
    );
    *e = Expr::new(
        K::Grad {
            wrt: None,
            body: Box::new(call),
        },
        span,
    );
}

/// `w_{\text{la}}` read as a symbol of its own, named `w_la`.
pub(crate) fn labelled_as_name(s: &crate::math::Symbol) -> crate::math::Symbol {
    match &s.label {
        Some(l) if s.index.is_empty() => crate::math::Symbol {
            base: BaseKey {
                name: format!("{}_{l}", s.base.name),
                ..s.base.clone()
            },
            index: Vec::new(),
            label: None,
        },
        _ => s.clone(),
    }
}

/// Every labelled symbol in `e` renamed as by [`labelled_as_name`].
pub(crate) fn rename_labelled(e: &mut Expr) {
    if let K::Symbol(s) = &mut e.kind {
        *s = labelled_as_name(s);
        for ix in &mut s.index {
            rename_labelled(ix);
        }
        return;
    }
    for c in identity::children_mut(e) {
        rename_labelled(c);
    }
}

/// An initial condition the note states: `X_j = …` with the value zero
/// (state before any update) or not (the first update, labelled `j`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Initial {
    /// The index written.
    pub(crate) index: i64,
    /// Whether the value is zero.
    pub(crate) zero: bool,
}

/// `c + d` or `c - d` or `c` with `c` a symbol: (c, d).
fn counter_offset(e: &Expr) -> Option<(BaseKey, i64)> {
    match &e.kind {
        K::Symbol(s) if s.index.is_empty() && s.label.is_none() => Some((s.base.clone(), 0)),
        K::Add(a, b) | K::Sub(a, b) => {
            let (c, d) = counter_offset(a)?;
            let K::Number(n) = &b.kind else { return None };
            if n.value.fract() != 0.0 {
                return None;
            }
            let n = n.value as i64;
            Some((
                c,
                if matches!(e.kind, K::Add(..)) {
                    d + n
                } else {
                    d - n
                },
            ))
        }
        K::Group(x) => counter_offset(x),
        _ => None,
    }
}

impl Program {
    /// The rule in `formula`, if every statement assigns a symbol and some
    /// symbol is carried from one iteration to the next.
    pub(crate) fn from_formula(formula: &math::Formula) -> Option<Program> {
        let mut assigns = Vec::new();
        let mut repeats = Vec::new();
        let mut counter: Option<BaseKey> = None;
        let mut indexed = None;
        for (i, st) in formula.statements.iter().enumerate() {
            let st = st.as_ref().ok()?;
            let link = st.links.first()?;
            if !matches!(link.rel, Rel::Eq | Rel::Def) || link.rhs.is_missing() {
                return None;
            }
            let K::Symbol(s) = &st.head.kind else {
                return None;
            };
            if s.label.is_some() && !s.index.is_empty() {
                return None;
            }
            let was_labelled = s.label.is_some();
            let s = &labelled_as_name(s);
            let offset = match s.index.as_slice() {
                [] => None,
                [ix] => {
                    let (c, d) = counter_offset(ix)?;
                    if counter.as_ref().is_some_and(|k| *k != c) {
                        return None;
                    }
                    counter = Some(c);
                    Some(d)
                }
                _ => return None,
            };
            // Unindexed heads in an indexed rule are step-local values
            // (`w_{la} = w_t - \beta v_{t-1}`), wherever they are written.
            let _ = was_labelled;
            if offset.is_some() {
                indexed = Some(true);
            } else if indexed.is_none() {
                indexed = Some(false);
            }
            let mut expr = link.rhs.clone();
            rename_labelled(&mut expr);
            minibatch_as_gradient(&mut expr);
            // A second assignment of the same symbol in one iteration is a
            // claim about it (a rewrite), checked on the run.
            if assigns
                .iter()
                .any(|a: &Assign| a.target == s.base && a.offset == offset)
            {
                repeats.push(i);
                continue;
            }
            assigns.push(Assign {
                target: s.base.clone(),
                offset,
                expr,
                statement: i,
            });
        }
        let indexed = assigns.iter().any(|a| a.offset.is_some()) || indexed == Some(true);
        if indexed && assigns.iter().all(|a| a.offset.is_none()) {
            return None;
        }
        let program = Program {
            assigns,
            counter,
            indexed,
            repeats,
        };
        if program.carried().is_empty() {
            return None;
        }
        let mut program = program;
        if program.counter.is_none() {
            // A counter written only in exponents: `\rho_1^k`.
            let u = uses_all(program.assigns.iter().map(|a| &a.expr));
            let targets = program.targets();
            program.counter = u.integers.iter().find(|b| !targets.contains(b)).cloned();
        }
        Some(program)
    }

    /// Symbols assigned by the rule.
    pub(crate) fn targets(&self) -> BTreeSet<BaseKey> {
        self.assigns.iter().map(|a| a.target.clone()).collect()
    }

    /// Symbols read before they are assigned in an iteration: carried state.
    pub(crate) fn carried(&self) -> BTreeSet<BaseKey> {
        let mut assigned: BTreeSet<BaseKey> = BTreeSet::new();
        let mut carried = BTreeSet::new();
        let targets = self.targets();
        for a in &self.assigns {
            for s in uses(&a.expr).symbols {
                if !targets.contains(&s.base) {
                    continue;
                }
                let previous = if self.indexed {
                    let d = a.offset.unwrap_or(0);
                    s.index.len() == 1 && counter_offset(&s.index[0]).is_some_and(|(_, o)| o < d)
                } else {
                    !assigned.contains(&s.base)
                };
                if previous {
                    carried.insert(s.base.clone());
                }
            }
            assigned.insert(a.target.clone());
        }
        carried
    }

    /// The point the gradient is taken at: the first symbol inside a
    /// gradient or derivative (`θ` in `\nabla R(\theta + \rho s)`), or the
    /// carried symbol the gradient's evaluation bar names.
    pub(crate) fn parameter(&self) -> Option<BaseKey> {
        let targets = self.targets();
        let carried = self.carried();
        for a in &self.assigns {
            let Some(p) = gradient_point(&a.expr) else {
                continue;
            };
            if carried.contains(&p) {
                return Some(p);
            }
            // A look-ahead point `\tilde\theta = \theta + \mu v`: the parameter
            // is the carried symbol it is built from.
            if targets.contains(&p)
                && let Some(def) = self.assigns.iter().find(|d| d.target == p)
                && let Some(q) = uses(&def.expr)
                    .symbols
                    .iter()
                    .map(|s| s.base.clone())
                    .find(|b| carried.contains(b))
            {
                return Some(q);
            }
        }
        None
    }

    /// The offset of `base`'s assignment (`1` for `X_{k+1} = …`).
    fn offset_of(&self, base: &BaseKey) -> i64 {
        self.assigns
            .iter()
            .find(|a| &a.target == base)
            .and_then(|a| a.offset)
            .unwrap_or(0)
    }

    /// The counter's value at the first step, for an indexed rule whose
    /// state before the first update has note index `start`.
    fn first_counter(&self, start: i64, anchor: Option<&BaseKey>) -> i64 {
        let param = self.parameter();
        let carried = self.carried();
        let anchor = anchor
            .cloned()
            .or_else(|| carried.iter().find(|c| Some(*c) != param.as_ref()).cloned())
            .or(param);
        start + 1 - anchor.map_or(0, |a| self.offset_of(&a))
    }

    /// Free symbols that are neither assigned, nor the counter, nor
    /// functions: hyperparameters and external inputs.
    pub(crate) fn free(&self, constants: &Env) -> (Vec<SymbolKey>, BTreeSet<BaseKey>) {
        let u = uses_all(self.assigns.iter().map(|a| &a.expr));
        let targets = self.targets();
        let functions = u.only_functions();
        let free = u
            .keys()
            .into_iter()
            .filter(|k| {
                !targets.contains(&k.base)
                    && Some(&k.base) != self.counter.as_ref()
                    && !functions.contains(&k.base)
                    && constants.value(k).is_none()
            })
            .collect();
        let indexed_inputs: BTreeSet<BaseKey> = u
            .symbolic()
            .into_iter()
            .filter(|b| !targets.contains(b))
            .collect();
        (free, indexed_inputs)
    }
}

/// The symbol a gradient in `e` is taken at.
fn gradient_point(e: &Expr) -> Option<BaseKey> {
    match &e.kind {
        K::Grad { body, wrt } => match &body.kind {
            K::Call { args, .. } => args.first().and_then(first_symbol),
            K::Symbol(s) if wrt.is_none() => Some(s.base.clone()),
            _ => wrt.as_deref().and_then(first_symbol),
        },
        K::EvalAt { var: Some(v), .. } => first_symbol(v),
        K::Derivative { wrt, .. } => first_symbol(wrt),
        _ => {
            let mut e = e.clone();
            identity::children_mut(&mut e)
                .into_iter()
                .find_map(|c| gradient_point(c))
        }
    }
}

fn first_symbol(e: &Expr) -> Option<BaseKey> {
    uses(e).symbols.first().map(|s| s.base.clone())
}

/// The first initial condition stated for each symbol: `X_j = e` where `e`
/// does not mention `X`.
pub(crate) fn initial_conditions<'a>(
    formulas: impl Iterator<Item = &'a math::Formula>,
) -> BTreeMap<BaseKey, Initial> {
    let mut out = BTreeMap::new();
    for f in formulas {
        for st in f.parsed() {
            let Some(link) = st.links.first() else {
                continue;
            };
            if !matches!(link.rel, Rel::Eq | Rel::Def) || link.rhs.is_missing() {
                continue;
            }
            let K::Symbol(s) = &st.head.kind else {
                continue;
            };
            let [ix] = s.index.as_slice() else { continue };
            let K::Number(n) = &ix.kind else { continue };
            let u = uses(&link.rhs);
            if u.bases().contains(&s.base) || out.contains_key(&s.base) {
                continue;
            }
            let zero = u.bases().is_empty()
                && eval(&link.rhs, &Env::new())
                    .ok()
                    .and_then(|v| v.as_scalar())
                    == Some(0.0);
            out.insert(
                s.base.clone(),
                Initial {
                    index: n.value as i64,
                    zero,
                },
            );
        }
    }
    out
}

/// How the gradient is produced in a run.
#[derive(Clone)]
pub(crate) enum Gradient {
    /// ∇R(θ) = h ⊙ θ − b.
    Quadratic {
        /// Diagonal of the Hessian.
        h: Array1<f64>,
        /// Linear term.
        b: Array1<f64>,
    },
    /// The same vector everywhere.
    Constant(Array1<f64>),
}

impl Gradient {
    pub(crate) fn at(&self, x: &Value) -> Result<Value, EvalError> {
        match (self, x) {
            (Gradient::Constant(c), _) => Ok(Value::Vector(c.clone())),
            (Gradient::Quadratic { h, b }, Value::Vector(x)) if x.len() == h.len() => {
                Ok(Value::Vector(h * x - b))
            }
            (Gradient::Quadratic { h, b }, Value::Scalar(x)) => Ok(Value::Vector(h * *x - b)),
            (_, other) => Err(EvalError::Shape {
                message: format!("gradient at a {}", other.shape()),
                span: math::Span::default(),
            }),
        }
    }

    /// Binds this gradient for every function the rule differentiates.
    fn bind(&self, env: &mut Env, program: &Program) {
        let g = self.clone();
        let f: math::env::Function = Arc::new(move |args: &[Value]| match args {
            [x, ..] => g.at(x),
            [] => Err(EvalError::Domain {
                message: "gradient without a point".into(),
                span: math::Span::default(),
            }),
        });
        env.bind_objective_grad(f.clone());
        let mut functions = BTreeSet::new();
        let mut derivatives = BTreeSet::new();
        for a in &program.assigns {
            collect_differentiated(&a.expr, &mut functions, &mut derivatives);
        }
        for b in functions {
            env.bind_grad(b, f.clone());
        }
        for (of, wrt) in derivatives {
            env.bind_derivative(of, wrt, f.clone());
        }
    }
}

fn collect_differentiated(
    e: &Expr,
    functions: &mut BTreeSet<BaseKey>,
    derivatives: &mut BTreeSet<(BaseKey, BaseKey)>,
) {
    match &e.kind {
        K::Grad { body, .. } => {
            if let K::Call { func, .. } = &body.kind
                && let K::Symbol(s) = &func.kind
            {
                functions.insert(s.base.clone());
            }
            if let K::Symbol(s) = &body.kind {
                functions.insert(s.base.clone());
            }
        }
        K::Derivative { of, wrt, .. } => {
            if let (K::Symbol(o), K::Symbol(w)) = (&of.kind, &wrt.kind) {
                derivatives.insert((o.base.clone(), w.base.clone()));
            }
        }
        _ => {}
    }
    let mut e = e.clone();
    for c in identity::children_mut(&mut e) {
        collect_differentiated(c, functions, derivatives);
    }
}

/// Everything a run recorded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    /// Values by symbol and note index.
    pub(crate) histories: BTreeMap<BaseKey, BTreeMap<i64, Value>>,
    /// The parameter after each step (index 0: the start).
    pub(crate) params: Vec<Value>,
    /// Indices each symbol was assigned at by a step (not initial values).
    pub(crate) written: BTreeMap<BaseKey, BTreeSet<i64>>,
    /// The first statement whose value broke down in a lenient run, and why.
    pub(crate) breakdown: Option<(usize, String)>,
}

/// The inputs of one run.
pub(crate) struct RunSetup<'e> {
    /// Constants and hyperparameter values.
    pub(crate) env: &'e Env,
    /// The gradient.
    pub(crate) gradient: Gradient,
    /// θ_0.
    pub(crate) theta0: Array1<f64>,
    /// External indexed inputs (`θ_t` of an average): value by index.
    pub(crate) inputs: BTreeMap<BaseKey, BTreeMap<i64, Value>>,
    /// Note index of the state before the first update.
    pub(crate) start: i64,
    /// Steps.
    pub(crate) steps: i64,
    /// The state whose initial condition fixed `start`.
    pub(crate) anchor: Option<BaseKey>,
    /// Keep going when a value breaks down (a root of a negative number):
    /// it becomes NaN and the first breakdown is recorded.
    pub(crate) lenient: bool,
}

impl Program {
    /// Runs the rule; `after` is called after each statement with the step
    /// number, the statement index and the environment at that point.
    pub(crate) fn run(
        &self,
        setup: &RunSetup<'_>,
        after: impl FnMut(i64, usize, &Env),
    ) -> Result<Record, EvalError> {
        let mut record = Record::default();
        self.run_into(setup, after, &mut record)?;
        Ok(record)
    }

    /// Like [`Program::run`], writing into `record` so that what was
    /// computed before an error is kept.
    pub(crate) fn run_into(
        &self,
        setup: &RunSetup<'_>,
        mut after: impl FnMut(i64, usize, &Env),
        record: &mut Record,
    ) -> Result<(), EvalError> {
        let mut env = setup.env.clone();
        setup.gradient.bind(&mut env, self);
        let param = self.parameter();
        let carried = self.carried();
        for (base, seq) in &setup.inputs {
            for (i, v) in seq {
                env.push_history(base.clone(), *i, v.clone());
            }
            record.histories.insert(base.clone(), seq.clone());
        }
        let zero = Value::Vector(Array1::zeros(setup.theta0.len()));
        let k0 = self.first_counter(setup.start, setup.anchor.as_ref());
        let initial_index = |s: &BaseKey| {
            if self.indexed {
                k0 + self.offset_of(s) - 1
            } else {
                setup.start
            }
        };
        for s in &carried {
            let v = if Some(s) == param.as_ref() {
                Value::Vector(setup.theta0.clone())
            } else {
                zero.clone()
            };
            self.store(&mut env, record, s, initial_index(s), v);
        }
        if let Some(p) = &param {
            record.params.push(Value::Vector(setup.theta0.clone()));
            if !carried.contains(p) {
                self.store(
                    &mut env,
                    record,
                    p,
                    initial_index(p),
                    Value::Vector(setup.theta0.clone()),
                );
            }
        }
        for n in 1..=setup.steps {
            let k = k0 + n - 1;
            let index = setup.start + n;
            if let Some(c) = &self.counter {
                let value = if self.indexed { k } else { n };
                env.bind(SymbolKey::base(c.clone()), Value::Scalar(value as f64));
            }
            if !self.indexed {
                for (base, seq) in &setup.inputs {
                    if let Some(v) = seq.get(&index) {
                        env.bind(SymbolKey::base(base.clone()), v.clone());
                    }
                }
            }
            for a in &self.assigns {
                let v = match eval(&a.expr, &env) {
                    Ok(v) if v.is_finite() => v,
                    Ok(_) | Err(EvalError::Domain { .. }) if setup.lenient => {
                        if record.breakdown.is_none() {
                            record.breakdown = Some((
                                a.statement,
                                format!(
                                    "{} breaks down at step {n} (a value is not finite)",
                                    a.target
                                ),
                            ));
                        }
                        Value::Vector(Array1::from_elem(setup.theta0.len(), f64::NAN))
                    }
                    Ok(_) => {
                        return Err(EvalError::Domain {
                            message: format!("{} is not finite at step {n}", a.target),
                            span: a.expr.span,
                        });
                    }
                    Err(e) => return Err(e),
                };
                let at = if self.indexed {
                    k + a.offset.unwrap_or(0)
                } else {
                    index
                };
                self.store(&mut env, record, &a.target, at, v);
                record
                    .written
                    .entry(a.target.clone())
                    .or_default()
                    .insert(at);
                after(n, a.statement, &env);
            }
            after(n, usize::MAX, &env);
            if let Some(p) = &param {
                let v = if self.indexed {
                    record
                        .histories
                        .get(p)
                        .and_then(|h| h.get(&(k + self.offset_of(p))))
                        .cloned()
                } else {
                    env.value(&SymbolKey::base(p.clone())).cloned()
                };
                record.params.push(v.unwrap_or_else(|| zero.clone()));
            }
        }
        Ok(())
    }

    fn store(&self, env: &mut Env, record: &mut Record, base: &BaseKey, index: i64, v: Value) {
        let temporary = self.indexed
            && self
                .assigns
                .iter()
                .any(|a| &a.target == base && a.offset.is_none());
        if self.indexed && !temporary {
            env.push_history(base.clone(), index, v.clone());
        } else {
            env.bind(SymbolKey::base(base.clone()), v.clone());
        }
        record
            .histories
            .entry(base.clone())
            .or_default()
            .insert(index, v);
    }
}

/// Random values for a rule's scalar hyperparameters, in (0.1, 0.9), distinct.
pub(crate) fn hyper_values(names: &[SymbolKey], rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for _ in names {
        loop {
            let x: f64 = rng.random_range(0.1..0.9);
            if out.iter().all(|y| (x - y).abs() > 0.05) {
                out.push(x);
                break;
            }
        }
    }
    out
}

pub(crate) fn random_vector(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> Array1<f64> {
    Array1::from_shape_fn(DIM, |_| rng.random_range(lo..hi))
}

/// A random quadratic's gradient.
pub(crate) fn random_quadratic(rng: &mut ChaCha8Rng) -> Gradient {
    Gradient::Quadratic {
        h: random_vector(rng, 0.5, 2.0),
        b: random_vector(rng, -1.0, 1.0),
    }
}

/// Note index of the state before the first update, from the initial
/// conditions of the rule's carried symbols (and the reason).
pub(crate) fn start_index(
    program: &Program,
    initial: &BTreeMap<BaseKey, Initial>,
) -> (i64, String, Option<BaseKey>) {
    let param = program.parameter();
    for s in program.carried().iter().chain(program.targets().iter()) {
        if Some(s) == param.as_ref() {
            continue;
        }
        if let Some(init) = initial.get(s) {
            return if init.zero {
                (
                    init.index,
                    format!(
                        "{s}_{} = 0 is the state before the first update",
                        init.index
                    ),
                    Some(s.clone()),
                )
            } else {
                (
                    init.index - 1,
                    format!(
                        "{s}_{} is the first update, as the note writes it",
                        init.index
                    ),
                    Some(s.clone()),
                )
            };
        }
    }
    (
        0,
        "no initial condition stated: the state before the first update has index 0".into(),
        None,
    )
}

/// Verdicts for every claim of a formula that holds an update rule.
pub(crate) fn check_rule(
    program: &Program,
    site: &Site<'_>,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    named: &[OptimizerKind],
    seed: u64,
) -> Vec<Verdict> {
    let claims = site.claims();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (free, indexed_inputs) = program.free(constants);
    let param = program.parameter();
    // Chain links after the assignment: checked on the run itself.
    let mut extra: BTreeMap<(usize, usize), (f64, Option<String>, bool)> = BTreeMap::new();
    let statements: Vec<Option<&Statement>> = site
        .parsed
        .statements
        .iter()
        .map(|s| s.as_ref().ok())
        .collect();
    let mut culprit: Option<usize> = None;
    let rule_verdict = match &param {
        Some(p) if indexed_inputs.is_empty() => {
            let (v, c) = reference::match_rule(program, p, &free, constants, initial, named, seed);
            culprit = c;
            v
        }
        Some(_) => Verdict::unchecked(format!(
            "the rule uses {}, which it does not define",
            indexed_inputs
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => reference::match_recurrence(
            program,
            &free,
            &indexed_inputs,
            crate::verify::note::names_average(site.formula),
            seed,
        ),
    };
    // Run once more to check the extra chain links.
    let values = hyper_values(&free, &mut rng);
    let mut env = constants.clone().with_elementwise_products(true);
    for (k, v) in free.iter().zip(&values) {
        env.bind(k.clone(), Value::Scalar(*v));
    }
    let mut inputs = BTreeMap::new();
    let (start, _, anchor) = start_index(program, initial);
    for b in &indexed_inputs {
        let seq: BTreeMap<i64, Value> = (start - 4..=start + HISTORY_STEPS + 4)
            .map(|i| (i, Value::Vector(random_vector(&mut rng, -1.0, 1.0))))
            .collect();
        inputs.insert(b.clone(), seq);
    }
    let stateful = program.carried().iter().any(|c| Some(c) != param.as_ref());
    let setup = RunSetup {
        env: &env,
        gradient: random_quadratic(&mut rng),
        theta0: random_vector(&mut rng, -1.0, 1.0),
        inputs,
        start,
        steps: if stateful { RULE_STEPS as i64 } else { 1 },
        anchor,
        lenient: false,
    };
    let run = program.run(&setup, |_, statement, env| {
        let at_end: Vec<(usize, usize)> = if statement == usize::MAX {
            program
                .repeats
                .iter()
                .flat_map(|&r| {
                    let links = statements[r].map_or(0, |st| st.links.len());
                    (0..links).map(move |j| (r, j))
                })
                .collect()
        } else {
            let links = statements[statement].map_or(0, |st| st.links.len());
            (1..links).map(|j| (statement, j)).collect()
        };
        for (statement, j) in at_end {
            let Some(st) = statements[statement] else {
                continue;
            };
            let mut lhs = st.lhs_of(j).clone();
            let mut rhs = st.links[j].rhs.clone();
            rename_labelled(&mut lhs);
            rename_labelled(&mut rhs);
            let (lhs, rhs) = (&lhs, &rhs);
            let link = &st.links[j];
            let entry = extra.entry((statement, j)).or_insert((0.0, None, true));
            let tol = if link.rel == Rel::Approx {
                APPROX_TOL
            } else {
                EXACT_TOL
            };
            match (eval(lhs, env), eval(rhs, env)) {
                (Ok(a), Ok(b)) => match relation_holds(link.rel, &a, &b, tol) {
                    Some((ok, e)) => {
                        entry.0 = entry.0.max(e.abs());
                        if !ok && entry.2 {
                            entry.2 = false;
                            entry.1 =
                                Some(format!("left side {}, right side {}", show(&a), show(&b)));
                        }
                    }
                    None => entry.1 = Some("the two sides have different shapes".into()),
                },
                (Err(e), _) | (_, Err(e)) => entry.1 = Some(format!("cannot evaluate: {e}")),
            }
        }
    });
    let run_error = run.err();
    claims
        .iter()
        .map(|c| match c.at {
            ClaimRef::Link { statement, link: 0 } if !program.repeats.contains(&statement) => {
                match culprit {
                    // A refuted rule is refuted where it first goes wrong;
                    // its other lines are not claims of their own.
                    Some(c) if rule_verdict.status == Status::Refuted && c != statement => {
                        let line = site.formula.line + site.formula.latex[..site.parsed.statements[c]
                            .as_ref()
                            .map_or(0, |s| s.span.start.min(site.formula.latex.len()))]
                            .matches('\n')
                            .count();
                        Verdict {
                            status: Status::Unchecked,
                            reason: format!(
                                "part of an update rule refuted at line {line}, where it first differs from the reference"
                            ),
                            evidence: json!({"kind": "update-rule", "refuted_at_line": line}),
                        }
                    }
                    _ => rule_verdict.clone(),
                }
            }
            ClaimRef::Link { statement, link } => {
                if let Some(e) = &run_error {
                    return identity::eval_unchecked(e);
                }
                let rel = statements[statement].map_or(Rel::Eq, |s| s.links[link].rel);
                match extra.get(&(statement, link)) {
                    Some((worst, None, true)) => Verdict {
                        status: Status::Verified,
                        reason: format!(
                            "holds at every step of a run of the rule ({} step{}), worst error {worst:.1e}",
                            setup.steps,
                            if setup.steps == 1 { "" } else { "s" }
                        ),
                        evidence: json!({"kind": "run-identity", "test": "evaluated on a run of the rule in this formula", "steps": setup.steps, "worst_error": worst}),
                    },
                    Some((_, Some(why), false)) if rel != Rel::Approx => Verdict {
                        status: Status::Refuted,
                        reason: format!("fails on a run of the rule: {why}"),
                        evidence: json!({"kind": "run-identity", "test": "evaluated on a run of the rule in this formula", "counterexample": why}),
                    },
                    Some((_, Some(why), _)) => Verdict::unchecked(why.clone()),
                    _ => Verdict::unchecked("not evaluated"),
                }
            }
            ClaimRef::Bare(_) => Verdict::unchecked("an expression, not a claim"),
            ClaimRef::Unparsed(i) => match &site.parsed.statements[i] {
                Err(e) => Verdict::unchecked(format!("not read: {e}")),
                Ok(_) => Verdict::unchecked("not read"),
            },
        })
        .collect()
}

/// A claim about a run (indexed symbols a rule of the note produces, or a
/// limit): evaluated on recorded histories. `None` when no rule of the
/// note produces the claim's symbols.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_run_claim(
    lhs: &Expr,
    rel: Rel,
    rhs: &Expr,
    u: &Uses,
    programs: &[&Program],
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    seed: u64,
) -> Option<Verdict> {
    let mentioned: BTreeSet<BaseKey> = u
        .symbols
        .iter()
        .filter(|s| !s.index.is_empty())
        .map(|s| s.base.clone())
        .collect();
    let symbolic = u.symbolic();
    if mentioned.is_empty() && !u.limit {
        return None;
    }
    // A worked example with numbers (`V_1 = 0.9 \cdot 0 + 0.1 \cdot 20`)
    // is arithmetic, not a statement about a random run.
    let nonzero_number = |e: &Expr| {
        uses(e).bases().is_empty()
            && eval(e, constants).is_ok_and(|v| v.components().iter().any(|x| *x != 0.0))
    };
    if nonzero_number(lhs) || nonzero_number(rhs) {
        return None;
    }
    let program = programs
        .iter()
        .filter_map(|p| {
            let targets = p.targets();
            let produced: BTreeSet<BaseKey> = targets
                .iter()
                .cloned()
                .chain(p.free(constants).1)
                .chain(p.parameter())
                .collect();
            let all = symbolic.iter().all(|b| produced.contains(b));
            let head_assigned = match &lhs.kind {
                K::Symbol(h) => targets.contains(&h.base) as usize,
                _ => 0,
            };
            // Prefer a rule that assigns the claim's subject, then the
            // nearest one (the order of `programs`).
            let assigned =
                10 * head_assigned + mentioned.iter().any(|b| targets.contains(b)) as usize;
            (all && assigned > 0).then_some((assigned, *p))
        })
        .fold(None, |best: Option<(usize, &Program)>, (n, p)| match best {
            Some((m, _)) if m >= n => best,
            _ => Some((n, p)),
        })
        .map(|(_, p)| p)?;
    // `m_t = 0` for a state: how some notes say "start at zero".
    if let K::Symbol(head) = &lhs.kind
        && !head.index.is_empty()
        && u.symbolic().contains(&head.base)
        && uses(rhs).bases().is_empty()
        && eval(rhs, constants).is_ok_and(|v| v.components().iter().all(|x| *x == 0.0))
    {
        return Some(Verdict::definition(format!(
            "sets the starting value of {} to zero",
            head.base
        )));
    }
    // Another initial condition for a state the note already started
    // (`V_0 = \theta_0` after `V_0 = 0`): a convention, not a claim.
    if let K::Symbol(head) = &lhs.kind
        && let Some(init) = initial.get(&head.base)
        && let [ix] = head.index.as_slice()
        && let K::Number(n) = &ix.kind
        && n.value as i64 == init.index
        && !uses(rhs).bases().contains(&head.base)
    {
        let zero = uses(rhs).bases().is_empty()
            && eval(rhs, constants).is_ok_and(|v| v.components().iter().all(|x| *x == 0.0));
        if zero != init.zero {
            return Some(Verdict::definition(format!(
                "another initial condition for {}; the note's first one fixes the index base",
                head.base
            )));
        }
    }
    // A worked example with concrete numbers (`V_1 = 0.9 V_0 + 0.1 \cdot 13`)
    // names none of the rule's inputs or hyperparameters: it is arithmetic
    // on the values it states, not a statement about a random run.
    let (free, inputs) = program.free(constants);
    let names_rule = u.symbols.iter().any(|s| {
        inputs.contains(&s.base)
            || Some(&s.base) == gradient_symbol(program).as_ref()
            || Some(&s.base) == program.parameter().as_ref()
            || free.iter().any(|k| k.base == s.base)
    }) || u.gradient;
    if !names_rule && has_data_number(lhs) | has_data_number(rhs) {
        return None;
    }
    Some(run_claim(
        program, lhs, rel, rhs, u, constants, initial, seed,
    ))
}

/// For an unbound `X_{j}` whose `X` has a recorded history: whether `j`
/// lies before the history's first index (`Some(true)`) or after its last
/// (`Some(false)`); `None` for anything else.
fn before_history(symbol: &str, record: &Record) -> Option<bool> {
    let (name, rest) = symbol.split_once("_{")?;
    let index: i64 = rest.strip_suffix('}')?.parse().ok()?;
    let history = record
        .histories
        .iter()
        .find(|(b, _)| b.to_string() == name)
        .map(|(_, h)| h)?;
    let first = *history.keys().next()?;
    Some(index < first)
}

/// Superscripts that label iterations (`\theta^{k+1} = \theta^k + v^{k+1}`,
/// as some lecture notes write them) rewritten as subscripts. A base counts
/// as labelled when a statement's head is that base with a counter-like
/// superscript (`k`, `k+1`, `(k)`); then all its counter-like superscripts
/// in the formula are indices. Powers of anything else are left alone.
pub(crate) fn labels_to_indices(formula: &mut math::Formula) {
    let mut labelled: BTreeSet<BaseKey> = BTreeSet::new();
    for st in formula.statements.iter().flatten() {
        if let K::Superscript { base, exp } = &st.head.kind
            && let K::Symbol(s) = &base.kind
            && s.index.is_empty()
            && s.label.is_none()
            && counter_offset(exp).is_some()
        {
            labelled.insert(s.base.clone());
        }
    }
    if labelled.is_empty() {
        return;
    }
    for st in formula.statements.iter_mut().flatten() {
        relabel(&mut st.head, &labelled);
        for link in &mut st.links {
            relabel(&mut link.rhs, &labelled);
        }
    }
}

fn relabel(e: &mut Expr, labelled: &BTreeSet<BaseKey>) {
    if let K::Superscript { base, exp } = &e.kind
        && let K::Symbol(s) = &base.kind
        && labelled.contains(&s.base)
        && s.index.is_empty()
        && counter_offset(exp).is_some()
    {
        let mut symbol = s.clone();
        let mut index = (**exp).clone();
        while let K::Group(inner) = index.kind {
            index = *inner;
        }
        symbol.index = vec![index];
        e.kind = K::Symbol(symbol);
        return;
    }
    for c in identity::children_mut(e) {
        relabel(c, labelled);
    }
}

/// Whether `e` contains a number other than 0 and 1: data of a worked example.
fn has_data_number(e: &Expr) -> bool {
    if let K::Number(n) = &e.kind {
        return n.value != 0.0 && n.value != 1.0;
    }
    let mut e = e.clone();
    identity::children_mut(&mut e)
        .into_iter()
        .any(|c| has_data_number(c))
}

/// The symbol the rule assigns the gradient to (`g` in `g = \nabla R(θ)`).
fn gradient_symbol(p: &Program) -> Option<BaseKey> {
    p.assigns
        .iter()
        .find(|a| {
            matches!(
                a.expr.kind,
                K::Grad { .. } | K::EvalAt { .. } | K::Derivative { .. }
            )
        })
        .map(|a| a.target.clone())
}

#[allow(clippy::too_many_arguments)]
fn run_claim(
    program: &Program,
    lhs: &Expr,
    rel: Rel,
    rhs: &Expr,
    u: &Uses,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    seed: u64,
) -> Verdict {
    let (free, indexed_inputs) = program.free(constants);
    let (start, base_reason, anchor) = start_index(program, initial);
    let grad_sym = gradient_symbol(program);
    // An unindexed gradient symbol in the claim means a constant gradient.
    let constant = u.limit
        || u.symbols.iter().any(|s| {
            s.index.is_empty()
                && (Some(&s.base) == grad_sym.as_ref() || indexed_inputs.contains(&s.base))
        });
    let steps = if u.limit { LIMIT_STEPS } else { HISTORY_STEPS };
    let targets = program.targets();
    let functions = u.only_functions();
    let claim_free: Vec<SymbolKey> = u
        .keys()
        .into_iter()
        .filter(|k| {
            !targets.contains(&k.base)
                && !free.contains(k)
                && Some(&k.base) != grad_sym.as_ref()
                && !functions.contains(&k.base)
                && !indexed_inputs.contains(&k.base)
                && constants.value(k).is_none()
        })
        .collect();
    let counters: Vec<SymbolKey> = claim_free
        .iter()
        .filter(|k| u.integers.contains(&k.base) && k.index.is_empty())
        .cloned()
        .collect();
    // Under a constant gradient, the one vector the claim names besides
    // the run's sequences is that gradient.
    let mut claim_free = claim_free;
    let mut grad_sym = grad_sym;
    if constant_run_possible(u) && grad_sym.is_none() {
        let rest: Vec<SymbolKey> = claim_free
            .iter()
            .filter(|k| !counters.contains(k) && k.index.is_empty())
            .cloned()
            .collect();
        if let [g] = rest.as_slice() {
            grad_sym = Some(g.base.clone());
            claim_free.retain(|k| k != g);
        }
    }
    let constant = constant
        || u.symbols
            .iter()
            .any(|s| s.index.is_empty() && Some(&s.base) == grad_sym.as_ref());
    if claim_free.len() > counters.len() || counters.len() > 1 {
        let others: Vec<String> = claim_free
            .iter()
            .filter(|k| !counters.contains(k))
            .map(|k| k.to_string())
            .collect();
        return Verdict::unchecked(format!(
            "uses {}, which the update rule does not define",
            others.join(", ")
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tol = if rel == Rel::Approx {
        APPROX_TOL
    } else {
        EXACT_TOL
    };
    let mut worst = 0.0f64;
    let mut checked = 0;
    for trial in 0..4 {
        let values = hyper_values(&free, &mut rng);
        let mut env = constants.clone().with_elementwise_products(true);
        for (k, v) in free.iter().zip(&values) {
            env.bind(k.clone(), Value::Scalar(*v));
        }
        let c = random_vector(&mut rng, -1.0, 1.0);
        let gradient = if constant {
            Gradient::Constant(c.clone())
        } else {
            random_quadratic(&mut rng)
        };
        let mut inputs = BTreeMap::new();
        for b in &indexed_inputs {
            let seq: BTreeMap<i64, Value> = (start - 4..=start + steps + 4)
                .map(|i| {
                    let v = if constant {
                        c.clone()
                    } else {
                        random_vector(&mut rng, -1.0, 1.0)
                    };
                    (i, Value::Vector(v))
                })
                .collect();
            inputs.insert(b.clone(), seq);
        }
        let setup = RunSetup {
            env: &env,
            gradient,
            theta0: random_vector(&mut rng, -1.0, 1.0),
            inputs,
            start,
            steps,
            anchor: anchor.clone(),
            lenient: false,
        };
        let record = match program.run(&setup, |_, _, _| {}) {
            Ok(r) => r,
            Err(e) => return identity::eval_unchecked(&e),
        };
        let mut claim_env = env.clone();
        setup.gradient.bind(&mut claim_env, program);
        for (base, seq) in &record.histories {
            for (i, v) in seq {
                claim_env.push_history(base.clone(), *i, v.clone());
            }
        }
        if constant {
            if let Some(g) = &grad_sym {
                claim_env.bind(SymbolKey::base(g.clone()), Value::Vector(c.clone()));
            }
            for b in &indexed_inputs {
                claim_env.bind(SymbolKey::base(b.clone()), Value::Vector(c.clone()));
            }
        }
        let (lhs_e, rhs_e) = (resolve_limit(lhs, &record), resolve_limit(rhs, &record));
        // The counter runs over the steps that wrote the sequence the claim
        // is about (the first indexed symbol of its left side).
        let subject = uses(lhs)
            .symbols
            .iter()
            .find(|s| !s.index.is_empty())
            .map(|s| s.base.clone());
        let ks: Vec<i64> = match (
            counters.first(),
            subject.and_then(|b| record.written.get(&b)),
        ) {
            (Some(_), Some(written)) if !u.limit => written.iter().copied().collect(),
            (Some(_), None) if !u.limit => (start..=start + steps).collect(),
            _ => vec![0],
        };
        for k in ks {
            if let Some(kb) = counters.first() {
                claim_env.bind(kb.clone(), Value::Scalar(k as f64));
            }
            let (a, b) = match (eval(&lhs_e, &claim_env), eval(&rhs_e, &claim_env)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(EvalError::Unbound { symbol, .. }), _)
                | (_, Err(EvalError::Unbound { symbol, .. })) => {
                    match before_history(&symbol, &record) {
                        // Names a value before the run's first one: the range
                        // or the index base is off.
                        Some(true) => {
                            return Verdict {
                                status: Status::Refuted,
                                reason: format!(
                                    "refers to {symbol}, before the first value the run defines ({base_reason})"
                                ),
                                evidence: json!({"kind": "run-identity", "undefined": symbol, "index_base": base_reason}),
                            };
                        }
                        // Past the simulated steps: that value of the counter is not tested.
                        Some(false) if !counters.is_empty() => continue,
                        _ => {
                            return Verdict::unchecked(format!(
                                "cannot evaluate on the run: {symbol} is not defined"
                            ));
                        }
                    }
                }
                (Err(e), _) | (_, Err(e)) => return identity::eval_unchecked(&e),
            };
            let Some((ok, err)) = relation_holds(rel, &a, &b, if u.limit { 1e-6 } else { tol })
            else {
                return Verdict::unchecked("the two sides have different shapes");
            };
            checked += 1;
            worst = worst.max(err.abs());
            if !ok {
                let at = counters
                    .first()
                    .map(|kb| format!(" at {kb} = {k}"))
                    .unwrap_or_default();
                if rel == Rel::Approx {
                    return Verdict::unchecked(format!(
                        "approximation not within {tol:e}{at}: left {}, right {}",
                        show(&a),
                        show(&b)
                    ));
                }
                return Verdict {
                    status: Status::Refuted,
                    reason: format!(
                        "fails on a run of the update rule{at} (trial {}): left side {}, right side {} ({base_reason})",
                        trial + 1,
                        show(&a),
                        show(&b)
                    ),
                    evidence: json!({
                        "kind": if u.limit { "limit" } else { "run-identity" },
                        "test": if constant { "run with a constant gradient" } else { "run on a random quadratic" },
                        "trial": trial + 1, "counter": k, "left": show(&a), "right": show(&b),
                        "error": err, "index_base": base_reason,
                    }),
                };
            }
        }
    }
    if checked == 0 {
        return Verdict::unchecked("no step of the run is covered by the claim's indices");
    }
    let what = if u.limit {
        format!(
            "limit: a run of {LIMIT_STEPS} steps with a constant gradient converges to the right side"
        )
    } else {
        format!(
            "holds on recorded runs of the update rule ({checked} evaluations{}), worst error {worst:.1e}",
            if constant { ", constant gradient" } else { "" }
        )
    };
    Verdict {
        status: Status::Verified,
        reason: format!("{what}; {base_reason}"),
        evidence: json!({
            "kind": if u.limit { "limit" } else { "run-identity" },
            "test": if constant { "runs with a constant gradient" } else { "runs on random quadratics" },
            "evaluations": checked, "worst_error": worst, "tolerance": tol, "index_base": base_reason,
        }),
    }
}

/// Whether a claim may be about a run with a constant gradient: a limit.
fn constant_run_possible(u: &Uses) -> bool {
    u.limit
}

/// `\lim_{k\to\infty} body` with the body's counter bound to the last
/// recorded index: the limit is read off a long run.
fn resolve_limit(e: &Expr, record: &Record) -> Expr {
    match &e.kind {
        K::Limit { var, body, .. } => {
            let last = record
                .histories
                .values()
                .filter_map(|h| h.keys().next_back().copied())
                .min()
                .unwrap_or(0);
            let mut body = (**body).clone();
            if let K::Symbol(v) = &var.kind {
                substitute(&mut body, &v.base, last);
            }
            body
        }
        _ => e.clone(),
    }
}

fn substitute(e: &mut Expr, var: &BaseKey, value: i64) {
    if let K::Symbol(s) = &e.kind
        && &s.base == var
        && s.index.is_empty()
    {
        e.kind = K::Number(math::ast::Number {
            text: value.to_string(),
            value: value as f64,
        });
        return;
    }
    for c in identity::children_mut(e) {
        substitute(c, var, value);
    }
    if let K::Symbol(s) = &mut e.kind {
        for ix in &mut s.index {
            substitute(ix, var, value);
        }
    }
}
