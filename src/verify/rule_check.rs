//! The verdicts of a formula that holds an update rule: the rule itself
//! (matched with the reference optimizers, or refuted at its first wrong
//! line) and the extra links and rewrites written inside it, evaluated on
//! a run of the rule.
use crate::math::ast::{Rel, Statement};
use crate::math::{BaseKey, Env, Value, eval};
use crate::optim::OptimizerKind;
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::compare::show;
use crate::verify::identity::{self, APPROX_TOL, EXACT_TOL, relation_holds};
use crate::verify::program::*;
use crate::verify::reference;
use crate::verify::site::{ClaimRef, Site};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;
/// Verdicts for every claim of a formula that holds an update rule, and
/// the statement a refuted rule first goes wrong at (numbered as in the
/// rule: past the formula's own for an assembled neighbour's).
pub(crate) fn check_rule(
    program: &Program,
    site: &Site<'_>,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    named: &[OptimizerKind],
    consumed: &std::collections::BTreeSet<BaseKey>,
    seed: u64,
) -> (Vec<Verdict>, Option<usize>) {
    // A rate written as a sequence the rule does not define (`\eta_t`)
    // beside a gradient of its own: checked as the constant the note also
    // writes.
    if let Some(param) = program.parameter()
        && let Some(constant_rates) = program.schedules_as_constants(&param, None)
    {
        return check_rule(
            &constant_rates,
            site,
            constants,
            initial,
            named,
            consumed,
            seed,
        );
    }
    let rng = ChaCha8Rng::seed_from_u64(seed);
    // An undefined input read as the gradient (`g_t`, or `g` in a rule
    // written in place): a reading is kept when it matches an optimizer,
    // or, when other state feeds the parameter as only an optimizer's
    // does, the closest reading is refuted against the named optimizer.
    let mut closest: Option<(f64, Program, Verdict, Option<usize>)> = None;
    let mut verified: Option<(Program, Verdict, Option<usize>)> = None;
    let mut also: Vec<String> = Vec::new();
    let readings = program.gradient_readings();
    let guessed = readings.len() > 1;
    for (rule, g, fed) in readings {
        let Some(p) = rule.parameter().filter(|p| !consumed.contains(p)) else {
            continue;
        };
        let (free, _) = rule.free(constants);
        let (mut v, culprit) =
            reference::match_rule(&rule, &p, &free, constants, initial, named, seed);
        // A reading the evaluator cannot run says nothing about the rule.
        // Nor does one that breaks down (a root of a negative number) when
        // the gradient is one guess among several: the guess may be what
        // fails.
        let unreadable = v
            .evidence
            .get("error")
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.starts_with("cannot evaluate") || guessed);
        if unreadable {
            continue;
        }
        let reading = format!("{g} read as the gradient at {p} before each step");
        if v.status == Status::Verified {
            if verified.is_some() {
                also.push(g.to_string());
            } else {
                v.reason = format!("{} ({reading}", v.reason);
                verified = Some((rule, v, culprit));
            }
            continue;
        }
        v.reason = format!("{} ({reading})", v.reason);
        if fed && v.status == Status::Unchecked && closest.is_none() {
            closest = Some((f64::INFINITY, rule.clone(), v.clone(), None));
        }
        if fed && v.status == Status::Refuted {
            let error = v
                .evidence
                .get("closest_error")
                .and_then(|e| e.as_f64())
                .unwrap_or(f64::INFINITY);
            if closest
                .as_ref()
                .is_none_or(|(e, _, c, _)| c.status != Status::Refuted || error < *e)
            {
                closest = Some((error, rule, v, culprit));
            }
        }
    }
    if let Some((rule, mut v, culprit)) = verified {
        // `\epsilon g` reads the same with either as the gradient.
        v.reason = if also.is_empty() {
            format!("{})", v.reason)
        } else {
            format!("{}; {} would read the same)", v.reason, also.join(", "))
        };
        if let Some((refuted, at)) = against_stated_placement(&rule, site, &v) {
            return (
                rule_verdicts(&rule, site, constants, initial, rng, (refuted, Some(at))),
                Some(at),
            );
        }
        return (
            rule_verdicts(&rule, site, constants, initial, rng, (v, culprit)),
            None,
        );
    }
    if let Some((_, rule, v, culprit)) = closest {
        let refuted = (v.status == Status::Refuted).then_some(culprit).flatten();
        return (
            rule_verdicts(&rule, site, constants, initial, rng, (v, culprit)),
            refuted,
        );
    }
    let (free, indexed_inputs) = program.free(constants);
    let param = program.parameter();
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
        None => {
            let states = crate::verify::recurrence::match_recurrence(
                program,
                &free,
                &indexed_inputs,
                crate::verify::naming::names_average(site.formula),
                seed,
            );
            let outputs = program.outputs();
            if outputs.is_empty() {
                states
            } else {
                transformation_verdict(program, constants, initial, named, seed, states, &outputs)
            }
        }
    };
    let (rule_verdict, culprit) = match against_stated_placement(program, site, &rule_verdict) {
        Some((refuted, at)) => (refuted, Some(at)),
        None => (rule_verdict, culprit),
    };
    let refuted = (rule_verdict.status == Status::Refuted)
        .then_some(culprit)
        .flatten();
    let verdicts = rule_verdicts(
        program,
        site,
        constants,
        initial,
        rng,
        (rule_verdict, culprit),
    );
    (verdicts, refuted)
}

/// A verified rule whose every matching form puts ε where the prose of
/// its section says the note does not (see [`crate::verify::stated`]):
/// refuted at the statement holding the root and ε, with that statement.
/// `None` when the forms agree with the prose, the prose states no
/// placement, or the rule has no ε.
fn against_stated_placement(
    rule: &Program,
    site: &Site<'_>,
    verified: &Verdict,
) -> Option<(Verdict, usize)> {
    use crate::verify::forms::eps_placement_of;
    if verified.status != Status::Verified {
        return None;
    }
    let matched: Vec<&str> = verified
        .evidence
        .get("matched")?
        .as_array()?
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let placements = matched
        .iter()
        .map(|l| eps_placement_of(l))
        .collect::<Option<Vec<_>>>()?;
    let stated = crate::verify::stated::stated_eps_placement(&site.section_text())?;
    if placements.is_empty()
        || placements.contains(&stated)
        || placements.contains(&crate::optim::EpsPlacement::Hat)
    {
        return None;
    }
    let eps = verified
        .evidence
        .get("roles")?
        .as_array()?
        .iter()
        .find(|r| r.get("role").and_then(|x| x.as_str()) == Some("ε"))?
        .get("symbol")?
        .as_str()?
        .to_string();
    let statement = rule
        .assigns
        .iter()
        .find(|a| {
            identity::any_node(&a.expr, &|n| {
                matches!(n.kind, crate::math::ast::ExprKind::Sqrt { .. })
            }) && crate::verify::symbols_used::uses(&a.expr)
                .keys()
                .iter()
                .any(|k| k.to_string() == eps)
        })?
        .statement;
    let word = |p: crate::optim::EpsPlacement| match p {
        crate::optim::EpsPlacement::Inside => "inside",
        _ => "outside",
    };
    Some((
        Verdict {
            status: Status::Refuted,
            reason: format!(
                "the note says {eps} goes {} the root here, but the rule puts it {}: it matches only {}",
                word(stated),
                word(placements[0]),
                matched.join(", ")
            ),
            evidence: json!({
                "kind": "update-rule", "test": "the ε placement the section states, against the forms the rule matches",
                "stated": word(stated), "matched": matched,
            }),
        },
        statement,
    ))
}

/// A recurrence with an output no assignment reads (`t_k = \mu t_{k-1} +
/// g_k`, `u_k = -\eta t_k`): the carried states' comparison says nothing
/// about the output, so the rule is verified only when, closed into an
/// optimizer (the output added to the parameter, the input the gradient
/// there), it matches a reference. Otherwise the states' verdict stands
/// downgraded to unchecked; the closed reading is an assumption and never
/// refutes.
fn transformation_verdict(
    program: &Program,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    named: &[crate::optim::OptimizerKind],
    seed: u64,
    states: Verdict,
    outputs: &[BaseKey],
) -> Verdict {
    if let Some((closed, param)) = program.closed_by_update() {
        let (free, inputs) = closed.free(constants);
        if inputs.is_empty() {
            let (v, _) =
                reference::match_rule(&closed, &param, &free, constants, initial, named, seed);
            if v.status == Status::Verified {
                return Verdict {
                    reason: format!(
                        "as a gradient transformation (its output added to the parameter, its input the gradient there), {}",
                        v.reason
                    ),
                    ..v
                };
            }
        }
    }
    if states.status != Status::Verified {
        return states;
    }
    let names: Vec<String> = outputs.iter().map(|b| b.to_string()).collect();
    Verdict::unchecked(format!(
        "{}, but {} is compared with nothing: neither a reference state nor, added to a parameter, a reference update",
        states.reason,
        names.join(", ")
    ))
}

/// The verdicts of every claim of `site` given the rule's own verdict (and
/// the statement it first goes wrong at): the rule's lines get it, and the
/// extra chain links and rewrites are evaluated on one more run of the rule.
fn rule_verdicts(
    program: &Program,
    site: &Site<'_>,
    constants: &Env,
    initial: &BTreeMap<BaseKey, Initial>,
    mut rng: ChaCha8Rng,
    (rule_verdict, culprit): (Verdict, Option<usize>),
) -> Vec<Verdict> {
    let claims = site.claims();
    // Chain links after the assignment: checked on the run itself.
    let (free, indexed_inputs) = program.free(constants);
    let param = program.parameter();
    let statements: Vec<Option<&Statement>> = site
        .parsed
        .statements
        .iter()
        .map(|s| s.as_ref().ok())
        .collect();
    let mut extra: BTreeMap<(usize, usize), (f64, Option<String>, bool)> = BTreeMap::new();
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
            let links = statements
                .get(statement)
                .copied()
                .flatten()
                .map_or(0, |st| st.links.len());
            (1..links).map(|j| (statement, j)).collect()
        };
        for (statement, j) in at_end {
            let Some(st) = statements.get(statement).copied().flatten() else {
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
                    // (A culprit in the neighbouring formula of a merged
                    // rule leaves every line here refuted.)
                    Some(c)
                        if rule_verdict.status == Status::Refuted
                            && c != statement
                            && c < site.parsed.statements.len() =>
                    {
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
