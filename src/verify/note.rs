//! Checking the formulas of one note in order. The note's own statements
//! set the context: constants it fixes (`\beta = 0.9`), side conditions
//! (`0 < q < 1`), and update rules (see [`super::program`]). Each claim is
//! then sent to its family: update rule, identity about a run, limit,
//! worked arithmetic or plain identity; what fits none is `unchecked` with
//! the reason.
use crate::claims::Formula;
use crate::math::ast::{Expr, ExprKind as K, Rel, Statement};
use crate::math::env::SymbolKey;
use crate::math::{BaseKey, Env, eval};
use crate::optim::OptimizerKind;
use crate::report::ClaimEntry;
use crate::verify::Verdict;
use crate::verify::identity::{self, compares};
use crate::verify::program::{self, Program};
use crate::verify::site::{ClaimRef, Site};
use crate::verify::symbols_used::{Uses, uses, uses_all};
use crate::verify::verdict::Status;
use std::collections::BTreeMap;

/// The context a note builds up while its formulas are read.
pub(crate) struct NoteChecker<'a> {
    sites: Vec<Site<'a>>,
    /// Constants the note fixes, in force from where they are written.
    constants: Env,
    /// Stated intervals of symbols (`0 < q < 1`).
    ranges: Vec<(BaseKey, f64, f64)>,
    /// The note's update rules, with the index of the formula that holds each.
    programs: Vec<(usize, Program)>,
    /// Initial conditions `X_j = …` the note states, keyed by symbol.
    initial: BTreeMap<BaseKey, program::Initial>,
    /// Values the note defines by a formula (`z = w_1 x`), in order: what
    /// a partial derivative `\frac{\partial L}{\partial z}` is taken through.
    definitions: Vec<(SymbolKey, Expr)>,
    seed: u64,
}

impl<'a> NoteChecker<'a> {
    /// Parses the note's formulas and finds its update rules.
    pub(crate) fn new(formulas: &'a [Formula], text: &'a str) -> Self {
        let sites: Vec<Site<'a>> = formulas.iter().map(|f| Site::new(f, text)).collect();
        let seed = formulas.first().map_or(0, |f| fnv(&f.file));
        let mut programs = Vec::new();
        for (i, site) in sites.iter().enumerate() {
            if let Some(p) = Program::from_formula(&site.parsed) {
                programs.push((i, p));
            }
        }
        let initial = program::initial_conditions(sites.iter().map(|s| &s.parsed));
        // States the note starts at zero (`V_0 = 0`) are known values.
        let mut constants = Env::new();
        for (base, init) in &initial {
            if init.zero {
                constants.bind(
                    SymbolKey {
                        base: base.clone(),
                        index: vec![crate::math::env::IndexKey::Int(init.index)],
                    },
                    0.0,
                );
            }
        }
        Self {
            sites,
            constants,
            ranges: Vec::new(),
            programs,
            initial,
            definitions: Vec::new(),
            seed,
        }
    }

    /// Checks every claim, in order.
    pub(crate) fn run(mut self) -> Vec<ClaimEntry> {
        let mut out = Vec::new();
        for i in 0..self.sites.len() {
            let claims = self.sites[i].claims();
            if let Some(pos) = self.programs.iter().position(|(at, _)| *at == i) {
                // A rule is a general statement: its hyperparameters are
                // drawn at random even where the note fixes a value later
                // used in a worked example.
                let verdicts = program::check_rule(
                    &self.programs[pos].1,
                    &self.sites[i],
                    &Env::new(),
                    &self.initial,
                    &named_optimizers(self.sites[i].formula),
                    self.seed ^ i as u64,
                );
                for (claim, verdict) in claims.iter().zip(verdicts) {
                    out.push(self.sites[i].entry(claim, verdict));
                }
                continue;
            }
            for claim in &claims {
                let verdict = self.check_claim(i, claim.at, claim.ordinal);
                out.push(self.sites[i].entry(claim, verdict));
            }
        }
        out
    }

    fn check_claim(&mut self, formula: usize, at: ClaimRef, ordinal: usize) -> Verdict {
        let site = &self.sites[formula];
        match at {
            ClaimRef::Unparsed(i) => match &site.parsed.statements[i] {
                Err(e) => Verdict::unchecked(format!("not read: {e}")),
                Ok(_) => Verdict::unchecked("not read"),
            },
            ClaimRef::Bare(_) => Verdict::unchecked("an expression, not a claim (no relation)"),
            ClaimRef::Link { statement, link } => {
                let st = site.parsed.statements[statement]
                    .as_ref()
                    .expect("links come from parsed statements")
                    .clone();
                self.check_link(formula, &st, link, ordinal)
            }
        }
    }

    fn check_link(&mut self, formula: usize, st: &Statement, i: usize, ordinal: usize) -> Verdict {
        let lhs = st.lhs_of(i).clone();
        let link = &st.links[i];
        let rhs = link.rhs.clone();
        if lhs.is_missing() || rhs.is_missing() {
            return Verdict::unchecked("one side of the relation is empty");
        }
        let Some(_) = compares(link.rel) else {
            return Verdict::unchecked(format!(
                "{:?} is a statement about sets or types, not a numeric claim",
                link.rel
            ));
        };
        // Side conditions: a chain of inequalities around one symbol.
        if let Some(v) = self.side_condition(st) {
            return v;
        }
        let u = uses_all([&lhs, &rhs]);
        let free = self.free(&u);
        let seed = self.seed ^ ((formula as u64) << 20) ^ ordinal as u64;
        // Identities about a run, and limits, go to the note's update rules.
        if let Some(v) = program::check_run_claim(
            &lhs,
            link.rel,
            &rhs,
            &u,
            &self.programs_before(formula),
            &self.constants,
            &self.initial,
            seed,
        ) {
            return v;
        }
        // Constants the note fixes: `\beta = 0.9`, `w_1 = 1/3`.
        if i == 0
            && matches!(link.rel, Rel::Eq | Rel::Def)
            && let Some(key) = lone_symbol(&lhs)
            && self.free(&uses(&rhs)).is_empty()
            && uses(&rhs).only_functions().is_empty()
            && uses(&rhs).symbolic().is_empty()
            && !uses(&rhs).gradient
            && let Ok(v) = eval(&identity::truncate_infinite_sums(&rhs), &self.constants)
        {
            // A value of a sequence an update rule produces (`V_1 = 2` in a
            // worked example) stays out of the note's constants: runs of
            // the rule give that sequence its values.
            let produced = self
                .programs
                .iter()
                .any(|(_, p)| p.targets().contains(&key.base));
            if !produced {
                self.constants.bind(key.clone(), v);
                self.definitions.retain(|(d, _)| *d != key);
                self.definitions.push((key.clone(), rhs.clone()));
            }
            return Verdict::definition(format!("sets {key} (a worked example's value)"));
        }
        if u.limit {
            return Verdict::unchecked(
                "a limit, but the note has no update rule that produces its sequence",
            );
        }
        if free.is_empty() && u.only_functions().is_empty() && !u.gradient {
            return identity::arithmetic(&lhs, link.rel, &rhs, &self.constants);
        }
        if free.is_empty()
            && let Some(env) = self.with_derivatives(&[&lhs, &rhs])
        {
            let mut v = identity::arithmetic(&lhs, link.rel, &rhs, &env);
            if let Some(ev) = v.evidence.as_object_mut() {
                ev.insert(
                    "derivatives".into(),
                    "central differences through the note's definitions".into(),
                );
            }
            return v;
        }
        if i == 0
            && let Some(key) = lone_symbol(&lhs)
            && !uses(&rhs).keys().contains(&key)
            && self.constants.value(&key).is_none()
        {
            return Verdict::definition(format!("defines {key}"));
        }
        let symbolic = u.symbolic();
        if !symbolic.is_empty() {
            let names: Vec<String> = symbolic.iter().map(|b| b.to_string()).collect();
            return Verdict::unchecked(format!(
                "refers to the sequence {} but the note has no update rule that produces it",
                names.join(", ")
            ));
        }
        let functions = u.only_functions();
        if !functions.is_empty() || u.gradient {
            let names: Vec<String> = functions.iter().map(|b| b.to_string()).collect();
            return Verdict::unchecked(format!(
                "applies {}, a function the note does not define",
                if names.is_empty() {
                    "a gradient".to_string()
                } else {
                    names.join(", ")
                }
            ));
        }
        // The identity matrix `I` is not an unknown: random trials bind it.
        let unknowns = |e: &Expr| -> Vec<SymbolKey> {
            self.free(&uses(e))
                .into_iter()
                .filter(|k| {
                    !(k.base.name == "I" && k.base.accents.is_empty() && k.index.is_empty())
                })
                .collect()
        };
        let (l, r) = (unknowns(&lhs), unknowns(&rhs));
        let only_left: Vec<String> = l
            .iter()
            .filter(|b| !r.contains(b))
            .map(|b| b.to_string())
            .collect();
        let only_right: Vec<String> = r
            .iter()
            .filter(|b| !l.contains(b))
            .map(|b| b.to_string())
            .collect();
        if !only_left.is_empty() && !only_right.is_empty() {
            return Verdict::unchecked(format!(
                "relates {} to {}, which no formula of the note connects (a definition or a substitution)",
                only_left.join(", "),
                only_right.join(", ")
            ));
        }
        let verdict = identity::random_test(
            &lhs,
            link.rel,
            &rhs,
            &self.constants,
            &u,
            &self.ranges,
            seed,
        );
        // An inequality or an equation `… = 0` that fails for random values
        // is a condition or an equation to solve, not a wrong identity.
        let is_zero = |e: &Expr| {
            uses(e).bases().is_empty()
                && eval(e, &self.constants).is_ok_and(|v| v.components().iter().all(|x| *x == 0.0))
        };
        let names = || {
            free.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if verdict.status == Status::Refuted {
            if !matches!(link.rel, Rel::Eq | Rel::Def | Rel::Approx) {
                return Verdict::definition(format!(
                    "a condition on {}, not an identity (it does not hold for every value)",
                    names()
                ));
            }
            if is_zero(&lhs) || is_zero(&rhs) {
                return Verdict::unchecked(format!(
                    "an equation to solve for {}, not an identity (it does not hold for every value)",
                    names()
                ));
            }
        }
        verdict
    }

    /// The note's constants with every partial derivative `\frac{\partial
    /// X}{\partial Y}` in `exprs` bound to a central difference through the
    /// note's definitions (`Y` nudged, every later definition re-evaluated,
    /// `X` read off); `None` unless every derivative there is of that kind.
    fn with_derivatives(&self, exprs: &[&Expr]) -> Option<Env> {
        let mut pairs: Vec<(SymbolKey, SymbolKey)> = Vec::new();
        for e in exprs {
            derivative_pairs(e, &mut pairs);
        }
        if pairs.is_empty() {
            return None;
        }
        let mut env = self.constants.clone();
        let mut bound: BTreeMap<(BaseKey, BaseKey), SymbolKey> = BTreeMap::new();
        for (of, wrt) in pairs {
            let known = |k: &SymbolKey| self.definitions.iter().any(|(d, _)| d == k);
            if !known(&of) || self.constants.value(&wrt).is_none() {
                return None;
            }
            // The evaluator keys derivatives by base: two different
            // subscripts of one base in one claim cannot both be bound.
            let slot = (of.base.clone(), wrt.base.clone());
            if bound.get(&slot).is_some_and(|k| *k != wrt) {
                return None;
            }
            bound.insert(slot, wrt.clone());
            let definitions = self.definitions.clone();
            let constants = self.constants.clone();
            let (of_base, wrt_base) = (of.base.clone(), wrt.base.clone());
            let f: crate::math::env::Function = std::sync::Arc::new(move |args| {
                let [crate::math::Value::Scalar(y)] = args else {
                    return Err(crate::math::EvalError::Domain {
                        message: "derivative at a non-scalar point".into(),
                        span: Default::default(),
                    });
                };
                let h = 1e-5 * y.abs().max(1.0);
                let at = |y: f64| -> Result<f64, crate::math::EvalError> {
                    let mut env = constants.clone();
                    env.bind(wrt.clone(), y);
                    let start = definitions
                        .iter()
                        .position(|(d, _)| *d == wrt)
                        .map_or(0, |i| i + 1);
                    for (d, e) in &definitions[start..] {
                        let v = eval(e, &env)?;
                        env.bind(d.clone(), v);
                    }
                    let value = env.value(&of).cloned();
                    value
                        .and_then(|v| v.as_scalar())
                        .ok_or(crate::math::EvalError::Domain {
                            message: "derivative of a non-scalar".into(),
                            span: Default::default(),
                        })
                };
                Ok(crate::math::Value::Scalar(
                    (at(y + h)? - at(y - h)?) / (2.0 * h),
                ))
            });
            env.bind_derivative(of_base, wrt_base, f);
        }
        Some(env)
    }

    /// The free symbols of `u` not fixed by the note's constants.
    fn free(&self, u: &Uses) -> Vec<SymbolKey> {
        let functions = u.only_functions();
        u.keys()
            .into_iter()
            .filter(|k| !functions.contains(&k.base) && self.constants.value(k).is_none())
            .collect()
    }

    /// The update rules to use for a claim in formula `formula`: the
    /// nearest before it first, then the ones after.
    fn programs_before(&self, formula: usize) -> Vec<&Program> {
        let mut before: Vec<&(usize, Program)> = self
            .programs
            .iter()
            .filter(|(at, _)| *at < formula)
            .collect();
        before.reverse();
        let after = self.programs.iter().filter(|(at, _)| *at > formula);
        before.into_iter().chain(after).map(|(_, p)| p).collect()
    }

    /// `0 < q < 1`, `q \in (0, 1)`-like chains: record the interval of the
    /// one free symbol and report the statement as a side condition.
    fn side_condition(&mut self, st: &Statement) -> Option<Verdict> {
        if st.links.is_empty()
            || !st
                .links
                .iter()
                .all(|l| matches!(l.rel, Rel::Lt | Rel::Le | Rel::Gt | Rel::Ge))
        {
            return None;
        }
        let u = uses_all(st.sides());
        let free = self.free(&u);
        let [symbol] = free.as_slice() else {
            return None;
        };
        let symbol = &symbol.base;
        let sides: Vec<&Expr> = st.sides().collect();
        let at = sides
            .iter()
            .position(|s| lone_symbol(s).is_some_and(|k| &k.base == symbol))?;
        let num = |e: &Expr| eval(e, &self.constants).ok().and_then(|v| v.as_scalar());
        let mut lo = f64::NEG_INFINITY;
        let mut hi = f64::INFINITY;
        if at > 0 {
            let bound = num(sides[at - 1])?;
            match st.links[at - 1].rel {
                Rel::Lt | Rel::Le => lo = bound,
                _ => hi = bound,
            }
        }
        if at + 1 < sides.len() {
            let bound = num(sides[at + 1])?;
            match st.links[at].rel {
                Rel::Lt | Rel::Le => hi = bound,
                _ => lo = bound,
            }
        }
        let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
            (true, true) => (lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)),
            (true, false) => (lo + 0.1, lo + 2.0),
            (false, true) => (hi - 2.0, hi - 0.1),
            _ => return None,
        };
        self.ranges.retain(|(b, _, _)| b != symbol);
        self.ranges.push((symbol.clone(), lo, hi));
        Some(Verdict::definition(format!(
            "side condition on {symbol}: used to draw its random values"
        )))
    }
}

/// The symbol key of an expression that is one symbol with integer (or no)
/// indices.
pub(crate) fn lone_symbol(e: &Expr) -> Option<SymbolKey> {
    match &e.kind {
        K::Symbol(s) => {
            let mut index = Vec::new();
            for ix in &s.index {
                match &ix.kind {
                    K::Number(n) if n.value.fract() == 0.0 => {
                        index.push(crate::math::env::IndexKey::Int(n.value as i64))
                    }
                    _ => return None,
                }
            }
            if let Some(l) = &s.label {
                index.push(crate::math::env::IndexKey::Label(l.clone()));
            }
            Some(SymbolKey {
                base: s.base.clone(),
                index,
            })
        }
        K::Group(x) => lone_symbol(x),
        _ => None,
    }
}

/// A stable 64-bit hash (FNV-1a) for seeding: the same note gives the same
/// random trials on every machine.
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// The optimizers a formula's headings (innermost first) and its note's
/// name say it is about: what an update rule there claims to be.
pub(crate) fn named_optimizers(formula: &Formula) -> Vec<OptimizerKind> {
    let stem = formula
        .file
        .rsplit('/')
        .next()
        .unwrap_or(&formula.file)
        .trim_end_matches(".md");
    let mut out = Vec::new();
    for text in formula
        .headings
        .iter()
        .rev()
        .map(String::as_str)
        .chain([stem])
    {
        let t = text.to_lowercase();
        let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
        let found = [
            (words.contains(&"adam"), OptimizerKind::Adam),
            (t.contains("adagrad"), OptimizerKind::Adagrad),
            (t.contains("rmsprop"), OptimizerKind::Rmsprop),
            (
                t.contains("nesterov") || words.contains(&"nag"),
                OptimizerKind::Nesterov,
            ),
            (
                t.contains("momentum") && !t.contains("nesterov"),
                OptimizerKind::Momentum,
            ),
            (
                words.contains(&"sgd") || t.contains("gradient descent"),
                OptimizerKind::Sgd,
            ),
        ];
        for (hit, kind) in found {
            if hit && !out.contains(&kind) {
                out.push(kind);
            }
        }
    }
    out
}

/// The `(of, wrt)` symbol pairs of every `\frac{\partial of}{\partial wrt}`.
fn derivative_pairs(e: &Expr, out: &mut Vec<(SymbolKey, SymbolKey)>) {
    if let K::Derivative { of, wrt, .. } = &e.kind
        && let (Some(o), Some(w)) = (lone_symbol(of), lone_symbol(wrt))
    {
        out.push((o, w));
    }
    let mut e = e.clone();
    for c in identity::children_mut(&mut e) {
        derivative_pairs(c, out);
    }
}
