//! Claims about a run: indexed symbols an update rule of the note produces
//! (`s_2 = …`, unrolled sums, EWMA expansions, `\hat{s}_1 = g_1`) and limits
//! under a constant gradient, evaluated on recorded histories with the index
//! base taken from the note's own initial conditions.
use crate::math::ast::{Expr, ExprKind as K, Rel};
use crate::math::env::SymbolKey;
use crate::math::{self, BaseKey, Env, EvalError, Value, eval};
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::compare::show;
use crate::verify::identity::{self, APPROX_TOL, EXACT_TOL, relation_holds};
use crate::verify::program::*;
use crate::verify::symbols_used::{Uses, uses};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
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
    let mut candidates: Vec<(usize, &Program)> = programs
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
        .collect();
    // Best first: a rule that assigns the claim's subject, then the nearest
    // (a stable sort keeps the order of `programs` among equals).
    candidates.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let program = candidates.first().map(|(_, p)| *p)?;
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
    let first = Reading::default();
    let verdict = run_claim(program, lhs, rel, rhs, u, constants, initial, &first, seed);
    if verdict.status != Status::Refuted {
        return Some(verdict);
    }
    // Refuted only if false under every reading the note allows: any rule
    // of the note that produces the claim's symbols, and, where the note
    // does not state the state before the first update, either index base.
    let best = candidates[0].0;
    for (_, other) in candidates.iter().filter(|(n, _)| *n == best) {
        let stated = start_index(other, initial)
            .2
            .is_some_and(|b| initial[&b].zero);
        let shifts: &[i64] = if stated { &[0] } else { &[0, 1, -1] };
        for &shift in shifts {
            let reading = Reading { shift };
            if std::ptr::eq(*other, program) && reading == first {
                continue;
            }
            let alt = run_claim(other, lhs, rel, rhs, u, constants, initial, &reading, seed);
            if alt.status == Status::Verified {
                return Some(Verdict {
                    status: Status::Unchecked,
                    reason: format!(
                        "depends on a reading the note leaves open: {} under the first reading, but {}",
                        verdict.reason, alt.reason
                    ),
                    evidence: json!({"kind": "run-identity", "readings": [verdict.evidence, alt.evidence]}),
                });
            }
        }
    }
    Some(verdict)
}

/// One way to read a claim about a run, where the note leaves it open.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reading {
    /// Added to the index of the state before the first update.
    shift: i64,
}

/// For an unbound `X_{j}` whose `X` has a recorded history: whether `j`
/// lies before the history's first index (`Some(true)`) or after its last
/// (`Some(false)`); `None` for anything else.
pub(crate) fn before_history(symbol: &str, record: &Record) -> Option<bool> {
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

/// Whether `e` contains a number other than 0 and 1: data of a worked example.
pub(crate) fn has_data_number(e: &Expr) -> bool {
    if let K::Number(n) = &e.kind {
        return n.value != 0.0 && n.value != 1.0;
    }
    let mut e = e.clone();
    identity::children_mut(&mut e)
        .into_iter()
        .any(|c| has_data_number(c))
}

/// The symbol the rule assigns the gradient to (`g` in `g = \nabla R(θ)`).
pub(crate) fn gradient_symbol(p: &Program) -> Option<BaseKey> {
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
pub(crate) fn run_claim(
    program: &Program,
    lhs: &Expr,
    rel: Rel,
    rhs: &Expr,
    u: &Uses,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    reading: &Reading,
    seed: u64,
) -> Verdict {
    let shift = reading.shift;
    let (free, indexed_inputs) = program.free(constants);
    let (start, base_reason, anchor) = start_index(program, initial);
    let (start, base_reason) = if shift == 0 {
        (start, base_reason)
    } else {
        (
            start + shift,
            format!(
                "the state before the first update has index {}",
                start + shift
            ),
        )
    };
    let grad_sym = gradient_symbol(program);
    // An unindexed gradient symbol in the claim means a constant gradient.
    let constant = u.limit
        || u.symbols.iter().any(|s| {
            s.index.is_empty()
                && (Some(&s.base) == grad_sym.as_ref() || indexed_inputs.contains(&s.base))
        });
    // Where the parameter itself tends depends on the objective, which a
    // run under a constant gradient does not have.
    if u.limit
        && let Some(param) = program.parameter()
        && u.symbols
            .iter()
            .any(|s| s.base == param && !s.index.is_empty())
    {
        return Verdict::unchecked(format!(
            "a limit of the parameter {param}: it depends on the objective, and limits are run under a constant gradient"
        ));
    }
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
                        // Names a value before the run's first one: the note
                        // may set it by a convention (`x_{-1} = x_0`); that
                        // value of the counter is not tested.
                        Some(true) if !counters.is_empty() => continue,
                        Some(true) => {
                            return Verdict::unchecked(format!(
                                "refers to {symbol}, before the first value the run defines ({base_reason})"
                            ));
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
pub(crate) fn constant_run_possible(u: &Uses) -> bool {
    u.limit
}

/// `\lim_{k\to\infty} body` with the body's counter bound to the last
/// recorded index: the limit is read off a long run.
pub(crate) fn resolve_limit(e: &Expr, record: &Record) -> Expr {
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

pub(crate) fn substitute(e: &mut Expr, var: &BaseKey, value: i64) {
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

/// `X_\infty` read as `\lim_{k \to \infty} X_k`: the value a sequence tends
/// to, written with an infinite index (`v_\infty = -\frac{\alpha g}{1-\rho}`).
pub(crate) fn infinite_index_as_limit(e: &Expr) -> Expr {
    if let K::Symbol(s) = &e.kind
        && let [ix] = s.index.as_slice()
        && matches!(ix.kind, K::Infinity)
    {
        let span = e.span;
        let var = Expr::new(K::Symbol(math::Symbol::plain("step")), span);
        let mut body = s.clone();
        body.index = vec![var.clone()];
        return Expr::new(
            K::Limit {
                var: Box::new(var),
                to: Box::new(ix.clone()),
                body: Box::new(Expr::new(K::Symbol(body), span)),
            },
            span,
        );
    }
    let mut e = e.clone();
    for c in identity::children_mut(&mut e) {
        *c = infinite_index_as_limit(c);
    }
    e
}
