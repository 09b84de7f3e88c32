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
