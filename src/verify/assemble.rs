//! Update rules written over several neighbouring formulas. Notes often
//! give each line of an optimizer its own display formula: Adam as
//! `m_t = …`, `v_t = …`, `\hat m_t = …, \hat v_t = …`, `\theta_t = …`, one
//! after the other. A formula whose rule reads indexed values that the
//! formulas right before or after it assign (passing over a few formulas
//! in the prose between that assign nothing) (with the same step counter)
//! is checked with those assignments added, and so on outwards while the
//! added parts read values their own neighbours assign. The added
//! assignments keep statement numbers past the formula's own, so they are
//! run but never mistaken for its lines.
use crate::math::Env;
use crate::verify::program::Program;

/// Statement numbers from here on belong to a neighbouring formula.
pub(crate) const NEIGHBOUR_BASE: usize = usize::MAX / 2;

/// One formula's update rule, completed from its neighbours.
#[derive(Debug, Clone)]
pub(crate) struct Assembled {
    /// The formula the rule is checked for.
    pub(crate) at: usize,
    /// The rule.
    pub(crate) rule: Program,
    /// Where statement `NEIGHBOUR_BASE + k` of the rule is written:
    /// `(formula, statement)`.
    pub(crate) borrowed: Vec<(usize, usize)>,
    /// Values of the rule that the formula right before or after it reads
    /// (`v` in `v \leftarrow v - \epsilon g` above `\theta \leftarrow \theta
    /// + v`): state of a larger rule, never its parameter.
    pub(crate) consumed: std::collections::BTreeSet<crate::math::BaseKey>,
}

/// The note's update rules: `(formula index, rule)` for every formula
/// whose statements carry state, each completed by the neighbouring
/// formulas that assign what it reads (see the module docs).
/// `parts[i]` is formula `i` read as assignments, if it can be.
pub(crate) fn assemble_rules(parts: &[Option<Program>]) -> Vec<Assembled> {
    let none = Env::new();
    let mut out = Vec::new();
    for (at, own) in parts.iter().enumerate() {
        let Some(own) = own.as_ref().filter(|p| !p.carried().is_empty()) else {
            continue;
        };
        let mut rule = own.clone();
        let (mut low, mut high) = (at, at);
        let mut borrowed: Vec<(usize, usize)> = Vec::new();
        loop {
            // What the rule reads but does not assign: indexed values, or
            // for a rule written in place (`\theta \leftarrow \theta + v`)
            // plain symbols.
            let (free, indexed_inputs) = rule.free(&none);
            let inputs: std::collections::BTreeSet<_> = if rule.indexed {
                indexed_inputs
            } else {
                free.into_iter()
                    .filter(|k| k.index.is_empty())
                    .map(|k| k.base)
                    .collect()
            };
            if inputs.is_empty() || (rule.indexed && rule.counter.is_none()) {
                break;
            }
            let feeds = |j: usize| {
                parts[j].as_ref().filter(|q| {
                    q.indexed == rule.indexed
                        && (!rule.indexed || q.counter == rule.counter)
                        && q.targets().iter().any(|t| inputs.contains(t))
                        && q.targets().is_disjoint(&rule.targets())
                        // `g_t \leftarrow g_t + \lambda \theta_{t-1}` (an
                        // option's rewrite of an input) does not say what
                        // the input is.
                        && !rewrites_in_step(q)
                        // `\eta = 0.25` beside the rule is a worked value,
                        // not a line of it.
                        && q.assigns.iter().any(|a| {
                            let u = crate::verify::symbols_used::uses(&a.expr);
                            !u.symbols.is_empty() || u.gradient
                        })
                })
            };
            let next = [
                nearest(parts, low, Dir::Before),
                nearest(parts, high, Dir::After),
            ]
            .into_iter()
            .flatten()
            .find_map(|j| feeds(j).map(|q| (j, q.clone())));
            let Some((j, q)) = next else {
                break;
            };
            for a in q.assigns {
                let mut a = a.clone();
                borrowed.push((j, a.statement));
                a.statement = NEIGHBOUR_BASE + borrowed.len() - 1;
                rule.assigns.push(a);
            }
            low = low.min(j);
            high = high.max(j);
        }
        if !borrowed.is_empty() {
            // Note order first (formula, then statement), then step order.
            let place = |a: &crate::verify::program::Assign| {
                a.statement
                    .checked_sub(NEIGHBOUR_BASE)
                    .and_then(|k| borrowed.get(k).copied())
                    .unwrap_or((at, a.statement))
            };
            rule.assigns.sort_by_key(|a| place(a));
            // In place, the note's order is the order of execution.
            if rule.indexed {
                rule.assigns = in_step_order(rule.assigns);
            }
        }
        let targets = rule.targets();
        let consumed = [
            nearest(parts, low, Dir::Before),
            nearest(parts, high, Dir::After),
        ]
        .into_iter()
        .flatten()
        .filter_map(|j| parts.get(j).and_then(Option::as_ref))
        .filter(|q| !rewrites_in_step(q))
        .flat_map(|q| {
            let (free, inputs) = q.free(&none);
            free.into_iter()
                .map(|k| k.base)
                .chain(inputs)
                .collect::<Vec<_>>()
        })
        .filter(|b| targets.contains(b))
        .collect();
        out.push(Assembled {
            at,
            rule,
            borrowed,
            consumed,
        });
    }
    out
}

/// Whether an assignment of `q` reads its own target at the step it
/// assigns (`g_t \leftarrow g_t + \lambda \theta_{t-1}`): it changes a
/// value given elsewhere rather than defining it. A rule written in place
/// (`v \leftarrow \beta v + g`) cannot tell so and never does.
fn rewrites_in_step(q: &Program) -> bool {
    use crate::verify::program::counter_offset;
    let at_step = |ix: &crate::math::ast::Expr, at: i64| {
        counter_offset(ix).is_some_and(|(c, d)| Some(&c) == q.counter.as_ref() && d == at)
    };
    q.indexed
        && q.assigns.iter().any(|a| {
            a.offset.is_some_and(|at| {
                crate::verify::symbols_used::uses(&a.expr)
                    .symbols
                    .iter()
                    .any(|s| {
                        s.base == a.target && matches!(s.index.as_slice(), [ix] if at_step(ix, at))
                    })
            })
        })
}

/// Rules that mix the two ways of writing (Ruder's overview: `v_t =
/// \gamma v_{t-1} + \eta \nabla_\theta J(\theta)` above `\theta = \theta -
/// v_t`): an in-place update of `X` that reads values of step `c + d` is
/// read as `X_{c+d} = … X_{c+d-1} …`, and its neighbours that read plain
/// `X` read `X_{c+d-1}`, its value before the step. Parts are changed in
/// place; statements keep their numbers.
pub(crate) fn index_in_place_updates(parts: &mut [Option<Program>]) {
    use crate::verify::program::counter_offset;
    use crate::verify::symbols_used::uses;
    for i in 0..parts.len() {
        let Some(p) = parts[i].as_ref().filter(|p| !p.indexed) else {
            continue;
        };
        let [a] = p.assigns.as_slice() else {
            continue;
        };
        let u = uses(&a.expr);
        if !u.bases().contains(&a.target) {
            continue;
        }
        // The step counter and offsets of the indexed values it reads.
        let mut counter = None;
        let mut offsets = Vec::new();
        for sym in &u.symbols {
            if let [ix] = sym.index.as_slice()
                && let Some((c, d)) = counter_offset(ix)
                && sym.base != a.target
            {
                if counter.as_ref().is_some_and(|k| *k != c) {
                    counter = None;
                    offsets.clear();
                    break;
                }
                counter = Some(c);
                offsets.push(d);
            }
        }
        let (Some(counter), Some(&d)) = (counter, offsets.iter().max()) else {
            continue;
        };
        let target = a.target.clone();
        let mut rule = p.clone();
        rule.indexed = true;
        rule.counter = Some(counter.clone());
        rule.assigns[0].offset = Some(d);
        index_plain(&mut rule.assigns[0].expr, &target, &counter, d - 1);
        parts[i] = Some(rule);
        for j in [i.checked_sub(2), i.checked_sub(1), Some(i + 1), Some(i + 2)]
            .into_iter()
            .flatten()
        {
            if let Some(Some(q)) = parts.get_mut(j)
                && q.indexed
                && q.counter.as_ref() == Some(&counter)
            {
                for b in &mut q.assigns {
                    index_plain(&mut b.expr, &target, &counter, d - 1);
                }
            }
        }
    }
}

/// Every plain `target` in `e` (no index) becomes `target_{counter+offset}`.
fn index_plain(
    e: &mut crate::math::Expr,
    target: &crate::math::BaseKey,
    counter: &crate::math::BaseKey,
    offset: i64,
) {
    use crate::math::ExprKind as K;
    if let K::Symbol(s) = &mut e.kind
        && s.base == *target
        && s.index.is_empty()
        && s.label.is_none()
    {
        let span = e.span;
        let c = crate::verify::program::plain_symbol(counter, span);
        s.index = vec![crate::verify::program::shifted(c, offset, span)];
        return;
    }
    for c in crate::verify::identity::children_mut(e) {
        index_plain(c, target, counter, offset);
    }
}

/// Which way to look for a neighbouring formula.
#[derive(Clone, Copy)]
enum Dir {
    Before,
    After,
}

/// Formulas that assign nothing (`$\beta_1$` named in the prose between
/// two lines of a rule) are passed over, up to this many.
const PASS_OVER: usize = 4;

/// The nearest formula before or after `from` that reads as assignments,
/// passing over at most [`PASS_OVER`] that do not.
fn nearest(parts: &[Option<Program>], from: usize, dir: Dir) -> Option<usize> {
    let mut j = from;
    for _ in 0..=PASS_OVER {
        j = match dir {
            Dir::Before => j.checked_sub(1)?,
            Dir::After => Some(j + 1).filter(|&h| h < parts.len())?,
        };
        if parts[j].is_some() {
            return Some(j);
        }
    }
    None
}

/// Assignments in the order one step runs them: by index offset, and
/// within one offset after the assignments whose values they read at that
/// offset (`\theta_t` after `\hat m_t` after `m_t`); note order otherwise.
fn in_step_order(
    mut assigns: Vec<crate::verify::program::Assign>,
) -> Vec<crate::verify::program::Assign> {
    use crate::verify::program::counter_offset;
    use crate::verify::symbols_used::uses;
    assigns.sort_by_key(|a| a.offset.unwrap_or(0));
    let reads_same_step = |a: &crate::verify::program::Assign,
                           b: &crate::verify::program::Assign| {
        uses(&a.expr).symbols.iter().any(|s| {
            s.base == b.target
                && match (s.index.as_slice(), b.offset) {
                    ([ix], Some(d)) => counter_offset(ix).is_some_and(|(_, o)| o == d),
                    ([], None) => true,
                    _ => false,
                }
        })
    };
    let mut placed: Vec<crate::verify::program::Assign> = Vec::with_capacity(assigns.len());
    let mut left = assigns;
    while !left.is_empty() {
        let first = left[0].offset;
        let ready = left
            .iter()
            .position(|a| {
                a.offset == first
                    && !left.iter().any(|b| {
                        b.target != a.target && b.offset == a.offset && reads_same_step(a, b)
                    })
            })
            .unwrap_or(0);
        placed.push(left.remove(ready));
    }
    placed
}
