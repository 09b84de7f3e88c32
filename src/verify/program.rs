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
use crate::math::ast::{Expr, ExprKind as K, Rel};
use crate::math::env::SymbolKey;
use crate::math::{self, BaseKey, Env, EvalError, Value, eval};
use crate::verify::identity::{self};
use crate::verify::symbols_used::{uses, uses_all};
use ndarray::Array1;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Steps a rule is run for when compared with a reference.
pub(crate) const RULE_STEPS: usize = 6;
/// Steps recorded for identities about a run.
pub(crate) const HISTORY_STEPS: i64 = 8;
/// Steps run for a limit.
pub(crate) const LIMIT_STEPS: i64 = 3000;
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
    /// Symbols a branch on a flag assigns (`\tilde v_t` re-assigned under
    /// `\textbf{if centered}`): their values depend on an option the run
    /// leaves off.
    pub(crate) optional: BTreeSet<BaseKey>,
    /// Bases the note also writes bare, as one constant (`\eta` beside
    /// the rule's `\eta_t`): a sequence of one of them that the rule does
    /// not define is a schedule of that constant, and a run may read it as
    /// the constant (see [`Program::schedules_as_constants`]).
    pub(crate) also_bare: BTreeSet<BaseKey>,
    /// States the note says equal at two indices (`x_{-1} = x_0`, so the
    /// first step of `x_{k+1} = x_k + \beta (x_k - x_{k-1})` is a plain
    /// gradient step): `(base, earlier index, index)`. A run that starts
    /// the state at the later index gives it the same value at the earlier.
    pub(crate) equal_at: Vec<(BaseKey, i64, i64)>,
}

/// A minibatch gradient (`\frac{1}{m} \sum_{i \in B_k} \nabla L_i(\theta_{k-1})`:
/// a sum over a set of gradients at one point) is a stochastic estimate of
/// the gradient at that point; a rule is run with the gradient there, as
/// the optimizers receive it. Rewritten to `\nabla R(point)` for a stand-in
/// objective named `minibatch`.
fn minibatch_as_gradient(e: &mut Expr) {
    // A stochastic estimate: a sum over a set of gradients
    // (`\sum_{i \in B} \nabla L_i(\theta)`) or the gradient of a sum of
    // per-sample losses (`\nabla_\theta \sum_i L(f(x^{(i)}; \theta), y)`).
    fn is_estimate(e: &Expr) -> bool {
        match &e.kind {
            K::BigOp {
                over: Some(_),
                body,
                ..
            } => has_grad(body),
            K::Grad { body, .. } => has_sum(body),
            _ => false,
        }
    }
    fn has_grad(e: &Expr) -> bool {
        identity::any_node(e, &|n| matches!(n.kind, K::Grad { .. }))
    }
    fn has_sum(e: &Expr) -> bool {
        identity::any_node(e, &|n| matches!(n.kind, K::BigOp { .. }))
    }
    // `\frac{1}{m}` or `1/|B|`: the averaging factor of a minibatch.
    fn is_reciprocal(e: &Expr) -> bool {
        matches!(&e.kind, K::Div { num, .. }
            if matches!(&num.kind, K::Number(n) if n.value == 1.0))
    }
    // The argument of a call inside `e` that holds the base of `w`
    // (`\theta + \alpha v` in `f(x^{(i)}; \theta + \alpha v)`).
    fn argument_with(e: &Expr, w: &crate::math::BaseKey) -> Option<Expr> {
        if let K::Call { args, .. } = &e.kind {
            for a in args {
                if let Some(inner) = argument_with(a, w) {
                    return Some(inner);
                }
            }
            if let Some(a) = args.iter().find(|a| uses(a).bases().contains(w)) {
                return Some(a.clone());
            }
        }
        let mut e = e.clone();
        identity::children_mut(&mut e)
            .into_iter()
            .find_map(|c| argument_with(c, w))
    }
    fn point(e: &Expr) -> Option<Expr> {
        match &e.kind {
            K::Grad { body, wrt } => match &body.kind {
                K::Call { args, .. } => args.first().cloned(),
                _ => wrt
                    .as_deref()
                    .and_then(first_symbol)
                    .and_then(|w| argument_with(body, &w))
                    .or_else(|| wrt.as_deref().cloned()),
            },
            _ => {
                let mut e = e.clone();
                identity::children_mut(&mut e)
                    .into_iter()
                    .find_map(|c| point(c))
            }
        }
    }
    fn gradient_at(estimate: &Expr, span: crate::math::Span) -> Option<Expr> {
        let at = point(estimate)?;
        let objective = Expr::new(K::Symbol(crate::math::Symbol::plain("minibatch")), span);
        let call = Expr::new(
            K::Call {
                func: Box::new(objective),
                args: vec![at],
            },
            span,
        );
        Some(Expr::new(
            K::Grad {
                wrt: None,
                body: Box::new(call),
            },
            span,
        ))
    }
    // The estimate with its averaging factor, `\frac{1}{m} \cdot estimate`.
    let averaged = match &e.kind {
        K::Mul(_, a, b) if is_reciprocal(a) && is_estimate(b) => Some(b.as_ref().clone()),
        _ if is_estimate(e) => Some(e.clone()),
        _ => None,
    };
    if let Some(estimate) = averaged {
        if let Some(g) = gradient_at(&estimate, e.span) {
            *e = g;
        }
        return;
    }
    for c in identity::children_mut(e) {
        minibatch_as_gradient(c);
    }
}

/// `\nabla_\theta L_i(\theta^k, x_i, y_i)`: the gradient of a per-sample loss
/// by its first argument, the other arguments being the sample. A rule is
/// run with the objective's gradient at that point, as the optimizers
/// receive it, so the sample's arguments are dropped:
/// `\nabla_\theta L_i(\theta^k)`.
fn drop_data_arguments(e: &mut Expr) {
    if let K::Grad {
        wrt: Some(wrt),
        body,
    } = &mut e.kind
        && let K::Call { args, .. } = &mut body.kind
        && args.len() > 1
        && let (Some(w), Some(first)) = (first_symbol(wrt), args.first().and_then(first_symbol))
        && w == first
    {
        args.truncate(1);
        return;
    }
    for c in identity::children_mut(e) {
        drop_data_arguments(c);
    }
}

/// `w_{\text{la}}` read as a symbol of its own, named `w_la`; an indexed
/// one (`g^{ave}_t`, `v_t^{max}`) is the sequence `g_ave`, `v_max`.
pub(crate) fn labelled_as_name(s: &crate::math::Symbol) -> crate::math::Symbol {
    match &s.label {
        Some(l) => crate::math::Symbol {
            base: BaseKey {
                name: format!("{}_{l}", s.base.name),
                ..s.base.clone()
            },
            index: s.index.clone(),
            label: None,
        },
        None => s.clone(),
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

/// Whether two symbols name the same value: one base, and indices that
/// are the same offsets of the same counters or the same integers
/// (`g_t` and `g_t`, `x_{k-1}` and `x_{k-1}`).
pub(crate) fn same_place(a: &crate::math::Symbol, b: &crate::math::Symbol) -> bool {
    let index_key = |e: &Expr| match &e.kind {
        K::Number(n) if n.value.fract() == 0.0 => Some((None, n.value as i64)),
        _ => counter_offset(e).map(|(c, d)| (Some(c), d)),
    };
    a.base == b.base
        && a.label == b.label
        && a.index.len() == b.index.len()
        && a.index.iter().zip(&b.index).all(|(x, y)| {
            let (x, y) = (index_key(x), index_key(y));
            x.is_some() && x == y
        })
}

/// `c + d` or `c - d` or `c` with `c` a symbol: (c, d).
pub(crate) fn counter_offset(e: &Expr) -> Option<(BaseKey, i64)> {
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
    /// Every statement of `formula` read as an assignment (`\hat m_t =
    /// \frac{m_t}{1-\beta_1^t}` too, which carries nothing): the parts a
    /// rule written over several formulas is put together from. Statements
    /// marked in `off_path` (a pseudo-code loop header or a branch not
    /// taken by default) are left out.
    pub(crate) fn assignments(
        formula: &math::Formula,
        off_path: &[bool],
        flag_branch: &[bool],
    ) -> Option<Program> {
        let mut assigns = Vec::new();
        let mut repeats = Vec::new();
        let mut counter: Option<BaseKey> = None;
        let mut indexed = None;
        let mut skipped_initial = false;
        let mut optional = BTreeSet::new();
        for (i, st) in formula.statements.iter().enumerate() {
            if off_path.get(i).copied().unwrap_or(false) {
                if flag_branch.get(i).copied().unwrap_or(false)
                    && let Ok(st) = st
                    && let K::Symbol(s) = &st.head.kind
                    && st
                        .links
                        .first()
                        .is_some_and(|l| matches!(l.rel, Rel::Eq | Rel::Def))
                {
                    optional.insert(labelled_as_name(s).base);
                }
                continue;
            }
            let st = st.as_ref().ok()?;
            let link = st.links.first()?;
            if !matches!(link.rel, Rel::Eq | Rel::Def) || link.rhs.is_missing() {
                return None;
            }
            let K::Symbol(s) = &st.head.kind else {
                return None;
            };
            let was_labelled = s.label.is_some();
            let s = &labelled_as_name(s);
            let offset = match s.index.as_slice() {
                [] => None,
                // `v_0 = 0` written beside the rule: an initial condition
                // (read by `initial_conditions`), not a step of the rule.
                [ix] if st.after != crate::math::ast::Sep::Start
                    && matches!(ix.kind, K::Number(_))
                    && !uses(&link.rhs).bases().contains(&s.base) =>
                {
                    skipped_initial = true;
                    continue;
                }
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
            drop_data_arguments(&mut expr);
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
        // Initial conditions sit only beside an indexed rule.
        if skipped_initial && !indexed {
            return None;
        }
        if indexed && assigns.iter().all(|a| a.offset.is_none()) {
            return None;
        }
        let program = Program {
            assigns,
            counter,
            indexed,
            repeats,
            optional,
            also_bare: BTreeSet::new(),
            equal_at: Vec::new(),
        };
        let mut program = program;
        program.counter_statement_as_counter();
        if program.counter.is_none() {
            // A counter written only in exponents: `\rho_1^k`.
            let u = uses_all(program.assigns.iter().map(|a| &a.expr));
            let targets = program.targets();
            program.counter = u.integers.iter().find(|b| !targets.contains(b)).cloned();
        }
        Some(program)
    }

    /// `t \leftarrow t + 1` in an in-place rule, before anything reads
    /// `t`: the step counter (the run numbers the steps 1, 2, …), not a
    /// state. Left alone when something reads `t` before it is increased
    /// (then the rule uses the previous count) or the step is not 1.
    fn counter_statement_as_counter(&mut self) {
        if self.indexed {
            return;
        }
        let Some(pos) = self.assigns.iter().position(|a| {
            self.is_counter(&a.target)
                && matches!(&a.expr.kind, K::Add(_, y) if matches!(&y.kind, K::Number(n) if n.value == 1.0))
        }) else {
            return;
        };
        let c = self.assigns[pos].target.clone();
        let read_before = self.assigns[..pos]
            .iter()
            .any(|a| uses(&a.expr).bases().contains(&c));
        let once = self.assigns.iter().filter(|a| a.target == c).count() == 1;
        if read_before || !once || self.counter.as_ref().is_some_and(|k| *k != c) {
            return;
        }
        self.assigns.remove(pos);
        self.counter = Some(c);
    }

    /// Symbols assigned by the rule.
    pub(crate) fn targets(&self) -> BTreeSet<BaseKey> {
        self.assigns.iter().map(|a| a.target.clone()).collect()
    }

    /// Whether `base` only counts steps: every assignment of it adds a
    /// number to itself (`t \leftarrow t + 1`).
    pub(crate) fn is_counter(&self, base: &BaseKey) -> bool {
        let mut of = self.assigns.iter().filter(|a| &a.target == base).peekable();
        of.peek().is_some()
            && of.all(|a| match &a.expr.kind {
                K::Add(x, y) => {
                    matches!(&y.kind, K::Number(_)) && first_symbol(x).as_ref() == Some(base)
                }
                _ => false,
            })
    }

    /// Targets that are neither carried nor read by any assignment: what
    /// the rule outputs (`u_k = -\eta t_k`).
    pub(crate) fn outputs(&self) -> Vec<BaseKey> {
        let carried = self.carried();
        let read = uses_all(self.assigns.iter().map(|a| &a.expr)).bases();
        self.targets()
            .into_iter()
            .filter(|t| !carried.contains(t) && !read.contains(t))
            .collect()
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

    /// Readings of the rule with an undefined input as the gradient, for a
    /// rule with no gradient of its own: `(rule, input, fed)`.
    ///
    /// Indexed (`g_t` in `\theta_{t+1} = \theta_t - \eta g_t` with no `g_t =
    /// …` anywhere): the one undefined sequence, read at one offset, becomes
    /// the objective's gradient at the parameter's value before the step
    /// (`\theta_t` there, `\theta_{t-1}` in `\theta_t = \theta_{t-1} -
    /// \alpha \hat m_t`). In place (`v \leftarrow \alpha v - \epsilon g`,
    /// `\theta \leftarrow \theta + v`): each free symbol read only before
    /// the parameter is updated is a candidate, in turn; the letters say
    /// nothing. The parameter is the one carried value no other assignment
    /// reads. `fed` says whether other state feeds the parameter (`\theta`
    /// reads `m`): only then is the rule surely an optimizer's rather than
    /// a moving average of an input.
    pub(crate) fn gradient_readings(&self) -> Vec<(Program, BaseKey, bool)> {
        if self.parameter().is_some() {
            return Vec::new();
        }
        let carried = self.carried();
        let read_by_others = |b: &BaseKey| {
            self.assigns
                .iter()
                .any(|a| a.target != *b && uses(&a.expr).bases().contains(b))
        };
        let [param] = carried
            .iter()
            .filter(|b| !read_by_others(b))
            .collect::<Vec<_>>()[..]
        else {
            return Vec::new();
        };
        // The parameter must be updated from its own value.
        if !self
            .assigns
            .iter()
            .any(|a| a.target == *param && uses(&a.expr).bases().contains(param))
        {
            return Vec::new();
        }
        let fed = self.assigns.iter().any(|a| {
            a.target == *param
                && uses(&a.expr)
                    .bases()
                    .iter()
                    .any(|b| b != param && self.targets().contains(b))
        });
        let reading = |input: &BaseKey, point: &Expr| {
            let mut rule = self.clone();
            for a in &mut rule.assigns {
                replace_sequence(&mut a.expr, input, point);
            }
            (rule, input.clone(), fed)
        };
        if !self.indexed {
            let (free, _) = self.free(&Env::new());
            let Some(updated) = self.assigns.iter().position(|a| a.target == *param) else {
                return Vec::new();
            };
            let point = plain_symbol(param, crate::math::Span::default());
            return free
                .iter()
                .filter(|k| k.index.is_empty())
                .filter(|k| {
                    self.assigns[updated + 1..]
                        .iter()
                        .all(|a| !uses(&a.expr).bases().contains(&k.base))
                })
                .map(|k| reading(&k.base, &point))
                .collect();
        }
        let (_, inputs) = self.free(&Env::new());
        match inputs.iter().collect::<Vec<_>>()[..] {
            [input] => self
                .indexed_reading(param, input, fed)
                .into_iter()
                .collect(),
            // Several undefined sequences: each in turn is the gradient when
            // every other one is a schedule of a constant (`\eta_t`).
            _ => inputs
                .iter()
                .filter_map(|input| {
                    let rule = self.schedules_as_constants(param, Some(input))?;
                    rule.indexed_reading(param, input, fed)
                })
                .collect(),
        }
    }

    /// The reading of an indexed rule with the one undefined sequence
    /// `input` as the gradient at the parameter `param` before each step.
    /// `g_t` is shifted to the parameter's index; a sequence with two
    /// indices, `g_{t, t-1}` (the gradient of step `t` taken at the
    /// parameter of step `t - 1`), is read at its second index, and only
    /// when that is the parameter's value before the step.
    fn indexed_reading(
        &self,
        param: &BaseKey,
        input: &BaseKey,
        fed: bool,
    ) -> Option<(Program, BaseKey, bool)> {
        let counter = self.counter.clone()?;
        let offset = |ix: &Expr| {
            counter_offset(ix)
                .filter(|(c, _)| *c == counter)
                .map(|(_, d)| d)
        };
        // Per use: the offsets from the step counter of its one or two
        // indices; anything else (a summation index `\tau`, a number) is
        // `None`.
        let offsets = |e: &Expr, base: &BaseKey| -> Vec<Option<Vec<i64>>> {
            uses(e)
                .symbols
                .iter()
                .filter(|s| s.base == *base)
                .map(|s| s.index.iter().map(offset).collect::<Option<Vec<_>>>())
                .collect()
        };
        let own = self.assigns.iter().find(|a| a.target == *param)?;
        let own_offsets = offsets(&own.expr, param);
        let [Some(before)] = own_offsets.as_slice() else {
            return None;
        };
        let &[before] = before.as_slice() else {
            return None;
        };
        // `g` at the step's own index fixes the shift to the parameter's
        // index; other indices of `g` (`g_\tau` in a sum over the past)
        // shift the same way.
        let mut at_counter = BTreeSet::new();
        for a in &self.assigns {
            at_counter.extend(offsets(&a.expr, input).into_iter().flatten());
        }
        let at_counter: Vec<Vec<i64>> = at_counter.into_iter().collect();
        let [d] = at_counter.as_slice() else {
            return None;
        };
        let at = match d[..] {
            [d] => GradientIndex::Shifted(before - d),
            [_, point] if point == before => GradientIndex::Second,
            _ => return None,
        };
        let mut rule = self.clone();
        let mut indexed_ok = true;
        for a in &mut rule.assigns {
            replace_indexed(&mut a.expr, input, param, at, &mut indexed_ok);
        }
        indexed_ok.then(|| (rule, input.clone(), fed))
    }

    /// The rule with every undefined sequence but `keep` read as the
    /// constant the note also writes bare (`\eta_t` as `\eta`), or `None`
    /// when there is none to read so or one of them is not such a
    /// schedule: indexed other than once by the step counter, read by
    /// another assignment than the parameter `param`'s own (a rate scales
    /// the step; a sequence a state reads is an input), or not written
    /// bare anywhere in the note. A rule checked so holds for a constant
    /// schedule.
    pub(crate) fn schedules_as_constants(
        &self,
        param: &BaseKey,
        keep: Option<&BaseKey>,
    ) -> Option<Program> {
        let counter = self.counter.as_ref()?;
        let (_, inputs) = self.free(&Env::new());
        let schedules: Vec<&BaseKey> = inputs.iter().filter(|b| Some(*b) != keep).collect();
        if schedules.is_empty() {
            return None;
        }
        let by_counter = |s: &crate::math::Symbol| matches!(s.index.as_slice(), [ix] if counter_offset(ix).is_some_and(|(c, _)| c == *counter));
        let all = uses_all(self.assigns.iter().map(|a| &a.expr));
        let read_by_state = |b: &BaseKey| {
            self.assigns
                .iter()
                .any(|a| a.target != *param && uses(&a.expr).bases().contains(b))
        };
        for b in &schedules {
            if !self.also_bare.contains(b)
                || read_by_state(b)
                || !all.symbols.iter().filter(|s| s.base == **b).all(by_counter)
            {
                return None;
            }
        }
        let mut rule = self.clone();
        for a in &mut rule.assigns {
            for b in &schedules {
                drop_index(&mut a.expr, b);
            }
        }
        Some(rule)
    }

    /// Whether an indexed rule reads `base` at two or more indices
    /// (`x_k` and `x_{k-1}`): its past is state of its own.
    pub(crate) fn reads_past_of(&self, base: &BaseKey) -> bool {
        let indices: BTreeSet<String> = uses_all(self.assigns.iter().map(|a| &a.expr))
            .symbols
            .iter()
            .filter(|s| s.base == *base && !s.index.is_empty())
            .map(|s| {
                format!(
                    "{:?}",
                    s.index.iter().map(counter_offset).collect::<Vec<_>>()
                )
            })
            .collect();
        self.indexed && indices.len() > 1
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
        // `f_t(\theta_{t-1})`: a per-step objective is a function, not an input.
        let indexed_inputs: BTreeSet<BaseKey> = u
            .symbolic()
            .into_iter()
            .filter(|b| !targets.contains(b) && !functions.contains(b))
            .collect();
        (free, indexed_inputs)
    }
}

impl Program {
    /// A rule that turns a gradient sequence into an update (`t_k = \mu
    /// t_{k-1} + g_k`, `u_k = -\eta t_k`, as a gradient transformation of a
    /// library is written) closed into an optimizer: the one input sequence
    /// becomes the gradient at the parameter before the step and the one
    /// output, read by no assignment, is added to that parameter. `None`
    /// unless the rule is indexed, has no parameter of its own, exactly one
    /// input sequence and exactly one output.
    pub(crate) fn closed_by_update(&self) -> Option<(Program, BaseKey)> {
        if !self.indexed || self.parameter().is_some() {
            return None;
        }
        let counter = self.counter.clone()?;
        let (_, inputs) = self.free(&Env::new());
        let [input] = inputs.into_iter().collect::<Vec<_>>().try_into().ok()?;
        let read = uses_all(self.assigns.iter().map(|a| &a.expr)).bases();
        let outputs: Vec<&Assign> = self
            .assigns
            .iter()
            .filter(|a| !read.contains(&a.target))
            .collect();
        let [output] = outputs.as_slice() else {
            return None;
        };
        let d = output.offset?;
        let span = output.expr.span;
        let param = BaseKey::plain("closed\\_parameter");
        let at = |offset: i64, base: &BaseKey| {
            let index = shifted(plain_symbol(&counter, span), offset, span);
            Expr::new(
                K::Symbol(crate::math::Symbol {
                    base: base.clone(),
                    index: vec![index],
                    label: None,
                }),
                span,
            )
        };
        let mut closed = self.clone();
        let mut ok = true;
        for a in &mut closed.assigns {
            replace_indexed(
                &mut a.expr,
                &input,
                &param,
                GradientIndex::Shifted(-1),
                &mut ok,
            );
        }
        if !ok {
            return None;
        }
        closed.assigns.push(Assign {
            target: param.clone(),
            offset: Some(d),
            expr: Expr::new(
                K::Add(Box::new(at(d - 1, &param)), Box::new(at(d, &output.target))),
                span,
            ),
            statement: output.statement,
        });
        Some((closed, param))
    }
}

/// The symbol a gradient in `e` is taken at.
pub(crate) fn gradient_point(e: &Expr) -> Option<BaseKey> {
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

/// Every `X_a = X_b` of the formulas with `a` one below the integer `b`
/// (`x_{-1} = x_0`): what [`Program::equal_at`] holds.
pub(crate) fn equal_states<'a>(
    formulas: impl IntoIterator<Item = &'a math::Formula>,
) -> Vec<(BaseKey, i64, i64)> {
    let step = |e: &Expr| -> Option<(BaseKey, i64)> {
        let K::Symbol(s) = &e.kind else { return None };
        let [ix] = s.index.as_slice() else {
            return None;
        };
        let value = eval(ix, &Env::new()).ok()?.as_scalar()?;
        (value.fract() == 0.0 && s.label.is_none()).then(|| (s.base.clone(), value as i64))
    };
    let mut out = Vec::new();
    for statement in formulas
        .into_iter()
        .flat_map(|f| f.statements.iter().flatten())
    {
        let Some(link) = statement.links.first() else {
            continue;
        };
        if !matches!(link.rel, Rel::Eq | Rel::Def) {
            continue;
        }
        if let (Some((a, i)), Some((b, j))) = (step(&statement.head), step(&link.rhs))
            && a == b
            && i + 1 == j
        {
            out.push((a, i, j));
        }
    }
    out
}

/// Every base the formulas write bare, without index or label (`\eta` in
/// "the learning rate is $\eta$"): what [`Program::also_bare`] holds.
pub(crate) fn bare_bases<'a>(
    formulas: impl IntoIterator<Item = &'a math::Formula>,
) -> BTreeSet<BaseKey> {
    let mut out = BTreeSet::new();
    for statement in formulas
        .into_iter()
        .flat_map(|f| f.statements.iter().flatten())
    {
        let sides = std::iter::once(&statement.head).chain(statement.links.iter().map(|l| &l.rhs));
        for s in uses_all(sides).symbols {
            if s.index.is_empty() && s.label.is_none() {
                out.insert(s.base.clone());
            }
        }
    }
    out
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
            // `m_0`, or `m_{-1}` in a note that counts from -1.
            let index = match &ix.kind {
                K::Number(n) if n.value.fract() == 0.0 => n.value as i64,
                K::Neg(x) => match &x.kind {
                    K::Number(n) if n.value.fract() == 0.0 => -(n.value as i64),
                    _ => continue,
                },
                _ => continue,
            };
            let u = uses(&link.rhs);
            if u.bases().contains(&s.base) || out.contains_key(&s.base) {
                continue;
            }
            let zero = u.bases().is_empty()
                && eval(&link.rhs, &Env::new())
                    .ok()
                    .and_then(|v| v.as_scalar())
                    == Some(0.0);
            out.insert(s.base.clone(), Initial { index, zero });
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
    /// The gradient of an objective the note defines (`f(\theta) = \theta^2`),
    /// by five-point central differences of its value.
    Objective(math::env::Function),
}

impl Gradient {
    pub(crate) fn at(&self, x: &Value) -> Result<Value, EvalError> {
        match (self, x) {
            (Gradient::Constant(c), _) => Ok(Value::Vector(c.clone())),
            (Gradient::Quadratic { h, b }, Value::Vector(x)) if x.len() == h.len() => {
                Ok(Value::Vector(h * x - b))
            }
            (Gradient::Quadratic { h, b }, Value::Scalar(x)) => Ok(Value::Vector(h * *x - b)),
            (Gradient::Objective(f), x) => objective_gradient(f, x),
            (_, other) => Err(EvalError::Shape {
                message: format!("gradient at a {}", other.shape()),
                span: math::Span::default(),
            }),
        }
    }

    /// Binds this gradient for every function the rule differentiates.
    pub(crate) fn bind(&self, env: &mut Env, program: &Program) {
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

/// The gradient of `f` at `x` by five-point central differences, one
/// coordinate at a time (a one-component point is passed as a scalar, as
/// a note's `f(\theta) = \theta^2` expects). Exact for polynomials up to
/// degree four but for rounding.
fn objective_gradient(f: &math::env::Function, x: &Value) -> Result<Value, EvalError> {
    let shape = |message: String| EvalError::Shape {
        message,
        span: math::Span::default(),
    };
    let point = match x {
        Value::Scalar(s) => Array1::from_elem(1, *s),
        Value::Vector(v) => v.clone(),
        other => return Err(shape(format!("gradient at a {}", other.shape()))),
    };
    let value = |p: &Array1<f64>| -> Result<f64, EvalError> {
        let arg = if p.len() == 1 {
            Value::Scalar(p[0])
        } else {
            Value::Vector(p.clone())
        };
        f(&[arg])?
            .as_scalar()
            .ok_or_else(|| shape("the objective is not a number".into()))
    };
    let mut grad = Array1::zeros(point.len());
    for i in 0..point.len() {
        let h = 1e-3 * point[i].abs().max(1.0);
        let at = |d: f64| {
            let mut p = point.clone();
            p[i] += d * h;
            value(&p)
        };
        grad[i] = (at(-2.0)? - 8.0 * at(-1.0)? + 8.0 * at(1.0)? - at(2.0)?) / (12.0 * h);
    }
    Ok(Value::Vector(grad))
}

impl Program {
    /// The functions the rule differentiates by name (`f` in `\nabla_\theta
    /// f_t(\theta_{t-1})`).
    pub(crate) fn differentiated_functions(&self) -> BTreeSet<BaseKey> {
        let mut functions = BTreeSet::new();
        let mut derivatives = BTreeSet::new();
        for a in &self.assigns {
            collect_differentiated(&a.expr, &mut functions, &mut derivatives);
        }
        functions.extend(derivatives.into_iter().map(|(of, _)| of));
        functions
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
            let at = initial_index(s);
            for (_, earlier, _) in self
                .equal_at
                .iter()
                .filter(|(b, _, later)| self.indexed && b == s && *later == at)
            {
                env.push_history(s.clone(), *earlier, v.clone());
            }
            self.store(&mut env, record, s, at, v);
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

/// `base` as a plain symbol (no index).
pub(crate) fn plain_symbol(base: &BaseKey, span: crate::math::Span) -> Expr {
    Expr::new(
        K::Symbol(crate::math::Symbol {
            base: base.clone(),
            index: Vec::new(),
            label: None,
        }),
        span,
    )
}

/// `index + by` as written in a subscript (`t - 1` for `by = -1`).
pub(crate) fn shifted(index: Expr, by: i64, span: crate::math::Span) -> Expr {
    let number = |n: i64| {
        Box::new(Expr::new(
            K::Number(crate::math::ast::Number {
                text: n.to_string(),
                value: n as f64,
            }),
            span,
        ))
    };
    match by {
        0 => index,
        d if d > 0 => Expr::new(K::Add(Box::new(index), number(d)), span),
        d => Expr::new(K::Sub(Box::new(index), number(-d)), span),
    }
}

/// Where an indexed input names the gradient's point.
#[derive(Debug, Clone, Copy)]
enum GradientIndex {
    /// `g_e` is the gradient at `param_{e + shift}`.
    Shifted(i64),
    /// `g_{e, p}` is the gradient at `param_p`.
    Second,
}

/// Every `input_{…}` in `e` replaced by the objective's gradient at the
/// parameter `at` names; `ok` turns false at an `input` with another
/// number of indices.
fn replace_indexed(
    e: &mut Expr,
    input: &BaseKey,
    param: &BaseKey,
    at: GradientIndex,
    ok: &mut bool,
) {
    if let K::Symbol(s) = &e.kind
        && s.base == *input
    {
        let span = e.span;
        let index = match (at, s.index.as_slice()) {
            (GradientIndex::Shifted(shift), [ix]) => shifted(ix.clone(), shift, span),
            (GradientIndex::Second, [_, point]) => point.clone(),
            _ => {
                *ok = false;
                return;
            }
        };
        let point = Expr::new(
            K::Symbol(crate::math::Symbol {
                base: param.clone(),
                index: vec![index],
                label: None,
            }),
            span,
        );
        *e = Expr::new(
            K::Grad {
                wrt: None,
                body: Box::new(point),
            },
            span,
        );
        return;
    }
    for c in identity::children_mut(e) {
        replace_indexed(c, input, param, at, ok);
    }
}

/// Every `base_{…}` in `e` written bare, `base`.
fn drop_index(e: &mut Expr, base: &BaseKey) {
    if let K::Symbol(s) = &mut e.kind
        && s.base == *base
    {
        s.index.clear();
        return;
    }
    for c in identity::children_mut(e) {
        drop_index(c, base);
    }
}

/// Every `input_{…}` in `e` replaced by the objective's gradient at `point`
/// (`\nabla \theta_t`).
fn replace_sequence(e: &mut Expr, input: &BaseKey, point: &Expr) {
    if let K::Symbol(s) = &e.kind
        && s.base == *input
    {
        *e = Expr::new(
            K::Grad {
                wrt: None,
                body: Box::new(point.clone()),
            },
            e.span,
        );
        return;
    }
    for c in identity::children_mut(e) {
        replace_sequence(c, input, point);
    }
}
