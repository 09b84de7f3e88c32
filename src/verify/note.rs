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
use crate::report::ClaimEntry;
use crate::verdict::Status;
use crate::verdict::Verdict;
use crate::verify::derivatives::computation_graph;
use crate::verify::identity::{self, compares};
use crate::verify::naming::named_optimizers;
use crate::verify::program::{self, Program};
use crate::verify::site::{ClaimRef, Site};
use crate::verify::stand_ins::{
    only_gradients_of, opaque_function, same_start_elisions, single_index_names,
};
use crate::verify::symbols_used::{Uses, fnv, lone_symbol, uses, uses_all};
use std::collections::BTreeMap;

mod derivative_claims;
mod objective_claims;
mod worked_claims;

/// The context a note builds up while its formulas are read.
pub(crate) struct NoteChecker<'a> {
    sites: Vec<Site<'a>>,
    /// Constants the note fixes, in force from where they are written.
    constants: Env,
    /// Stated intervals of symbols (`0 < q < 1`).
    ranges: Vec<(BaseKey, f64, f64)>,
    /// The note's update rules, with the index of the formula that holds each.
    programs: Vec<(usize, Program)>,
    /// The verdicts of each rule's claims (same order as `programs`).
    rule_verdicts: Vec<Vec<Verdict>>,
    /// Verdicts for `(formula, statement)` set by a rule assembled from
    /// several formulas: where it first goes wrong.
    overrides: BTreeMap<(usize, usize), Verdict>,
    /// Verdicts for `(formula, statement)` from a verified rule assembled
    /// from several formulas, used where the line has none of its own.
    support: BTreeMap<(usize, usize), Verdict>,
    /// Initial conditions `X_j = …` the note states, keyed by symbol.
    initial: BTreeMap<BaseKey, program::Initial>,
    /// Values the note defines by a formula (`z = w_1 x`), in order: what
    /// a partial derivative `\frac{\partial L}{\partial z}` is taken through.
    definitions: Vec<(SymbolKey, Expr)>,
    /// Every `X = expr` of the note whose right side has symbols
    /// (`z = w_1 x`, `L = (\hat y - y)^2`), in order, first occurrence of
    /// each: the computation graph derivative claims are tested through.
    graph: Vec<(SymbolKey, Expr)>,
    /// The headings under which each constant was given its value: a
    /// worked example's values hold in its section and the sections
    /// below it.
    scopes: BTreeMap<SymbolKey, Vec<String>>,
    /// Bases the note's sequences are indexed by (`t` in `m_t`, `v_{t-1}`).
    counters: std::collections::BTreeSet<BaseKey>,
    /// Values worked examples gave for rules' inputs, and values a worked
    /// run confirmed, in order.
    worked: Vec<worked_claims::WorkedValue>,
    /// The functions the note defines (`f(\theta) = \theta^2`), in order:
    /// objectives a worked run can descend.
    objectives: Vec<objective_claims::Objective>,
    /// Values of worked examples that runs on the note's objective
    /// verified, in order (recorded while claims are read, by `&self`).
    confirmed_runs: std::cell::RefCell<Vec<objective_claims::ConfirmedRun>>,
    seed: u64,
}

impl<'a> NoteChecker<'a> {
    /// Parses the note's formulas and finds its update rules.
    pub(crate) fn new(formulas: &'a [Formula], text: &'a str) -> Self {
        let sites: Vec<Site<'a>> = formulas.iter().map(|f| Site::new(f, text)).collect();
        let seed = formulas.first().map_or(0, |f| fnv(&f.file));
        let mut parts: Vec<Option<Program>> = sites
            .iter()
            .map(|site| {
                site.path_readable
                    .then(|| Program::assignments(&site.parsed, &site.off_path, &site.flag_branch))
                    .flatten()
            })
            .collect();
        crate::verify::assemble::index_in_place_updates(&mut parts);
        let mut assembled = crate::verify::assemble::assemble_rules(&parts);
        let bare = program::bare_bases(sites.iter().map(|s| &s.parsed));
        let equal_at = program::equal_states(sites.iter().map(|s| &s.parsed));
        for a in &mut assembled {
            a.rule.also_bare = bare.clone();
            a.rule.equal_at = equal_at.clone();
        }
        let initial = program::initial_conditions(sites.iter().map(|s| &s.parsed));
        let graph = computation_graph(&sites);
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
        // A rule is a general statement: its hyperparameters are drawn at
        // random even where the note fixes a value for a worked example.
        let mut rule_verdicts: Vec<Vec<Verdict>> = Vec::new();
        let mut overrides: BTreeMap<(usize, usize), Verdict> = BTreeMap::new();
        let mut support: BTreeMap<(usize, usize), Verdict> = BTreeMap::new();
        for a in &assembled {
            let (mut verdicts, culprit) = crate::verify::rule_check::check_rule(
                &a.rule,
                &sites[a.at],
                &Env::new(),
                &initial,
                &named_optimizers(sites[a.at].formula),
                &a.consumed,
                seed ^ a.at as u64,
            );
            // A rule that first goes wrong in a neighbouring formula is
            // refuted there; this formula's lines point at it.
            let borrowed = culprit
                .and_then(|c| c.checked_sub(crate::verify::assemble::NEIGHBOUR_BASE))
                .and_then(|k| a.borrowed.get(k).copied());
            if let Some((formula, statement)) = borrowed {
                let line = sites[formula].statement_line(statement);
                let refuted = verdicts
                    .iter()
                    .find(|v| v.status == Status::Refuted)
                    .cloned();
                if let Some(refuted) = refuted {
                    overrides.entry((formula, statement)).or_insert(refuted);
                    for v in verdicts.iter_mut().filter(|v| v.status == Status::Refuted) {
                        *v = Verdict {
                            status: Status::Unchecked,
                            reason: format!(
                                "part of an update rule refuted at line {line}, where it first differs from the reference"
                            ),
                            evidence: serde_json::json!({"kind": "update-rule", "refuted_at_line": line}),
                        };
                    }
                }
            }
            // A verified rule vouches for the lines it took from its
            // neighbours (`v \leftarrow \alpha v - \epsilon g` above
            // `\theta \leftarrow \theta + v`) where they have no verdict
            // of their own.
            if let Some(rule) = verdicts.first().filter(|v| v.status == Status::Verified) {
                let line = sites[a.at].formula.line;
                for &(formula, statement) in &a.borrowed {
                    support
                        .entry((formula, statement))
                        .or_insert_with(|| Verdict {
                            status: Status::Verified,
                            reason: format!(
                                "a line of the update rule verified at line {line}: {}",
                                rule.reason
                            ),
                            evidence: rule.evidence.clone(),
                        });
                }
            }
            rule_verdicts.push(verdicts);
        }
        let programs: Vec<(usize, Program)> =
            assembled.into_iter().map(|a| (a.at, a.rule)).collect();
        let counters = index_counters(&sites);
        // `t = T` picks a step of the counter; it defines nothing.
        let mut graph = graph;
        graph.retain(|(k, _)| !(k.index.is_empty() && counters.contains(&k.base)));
        Self {
            sites,
            constants,
            rule_verdicts,
            overrides,
            support,
            ranges: Vec::new(),
            programs,
            initial,
            definitions: Vec::new(),
            graph,
            scopes: BTreeMap::new(),
            counters,
            worked: Vec::new(),
            objectives: Vec::new(),
            confirmed_runs: Default::default(),
            seed,
        }
    }

    /// Checks every claim, in order.
    pub(crate) fn run(mut self) -> Vec<ClaimEntry> {
        let mut out = Vec::new();
        for i in 0..self.sites.len() {
            let claims = self.sites[i].claims();
            let overridden =
                |overrides: &BTreeMap<(usize, usize), Verdict>,
                 claim: &crate::verify::site::Claim| match claim.at {
                    ClaimRef::Link { statement, link: 0 } => {
                        overrides.get(&(i, statement)).cloned()
                    }
                    _ => None,
                };
            if let Some(pos) = self.programs.iter().position(|(at, _)| *at == i) {
                for (claim, verdict) in claims.iter().zip(self.rule_verdicts[pos].clone()) {
                    let verdict = overridden(&self.overrides, claim).unwrap_or(verdict);
                    let verdict = self.supported(i, claim, verdict);
                    let verdict = self.off_path(i, claim).unwrap_or(verdict);
                    out.push(self.sites[i].entry(claim, verdict));
                }
                continue;
            }
            for claim in &claims {
                let verdict = match self
                    .off_path(i, claim)
                    .or_else(|| overridden(&self.overrides, claim))
                {
                    Some(v) => v,
                    None => self.check_claim(i, claim.at, claim.ordinal),
                };
                let verdict = self.supported(i, claim, verdict);
                out.push(self.sites[i].entry(claim, verdict));
            }
        }
        out
    }

    /// The verdict of a claim off the default path of a pseudo-code rule
    /// (a loop header, a branch for an option off by default): no claim of
    /// its own. `None` for claims on the path.
    fn off_path(&self, formula: usize, claim: &crate::verify::site::Claim) -> Option<Verdict> {
        let statement = match claim.at {
            ClaimRef::Link { statement, .. } => statement,
            ClaimRef::Bare(s) | ClaimRef::Unparsed(s) => s,
        };
        self.sites[formula]
            .off_path
            .get(statement)
            .copied()
            .unwrap_or(false)
            .then(|| {
                Verdict::unchecked(
                    "off the default path of the pseudo-code (a loop header, or a branch for an option that is off by default): the rule is read without it",
                )
            })
    }

    /// `verdict`, or where it is unchecked, what a verified rule that
    /// took this line says of it.
    fn supported(
        &self,
        formula: usize,
        claim: &crate::verify::site::Claim,
        verdict: Verdict,
    ) -> Verdict {
        match claim.at {
            ClaimRef::Link { statement, link: 0 } if verdict.status == Status::Unchecked => self
                .support
                .get(&(formula, statement))
                .cloned()
                .unwrap_or(verdict),
            _ => verdict,
        }
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

    /// The verdict of link `i` of `st`, with the refutation rule applied:
    /// what is refuted must be a closed claim (see [`admissible`]).
    fn check_link(&mut self, formula: usize, st: &Statement, i: usize, ordinal: usize) -> Verdict {
        let verdict = admissible(self.read_link(formula, st, i, ordinal), st, i);
        let kind = verdict.evidence.get("kind").and_then(|k| k.as_str());
        if verdict.status != Status::Refuted || kind != Some("arithmetic") {
            return verdict;
        }
        // A value set in another section (a worked example under its own
        // heading) may not be the value meant here.
        let here = &self.sites[formula].formula.headings;
        let foreign: Vec<String> = uses_all([st.lhs_of(i), &st.links[i].rhs])
            .keys()
            .into_iter()
            .filter(|k| {
                self.scopes
                    .get(k)
                    .is_some_and(|scope| !here.starts_with(scope))
            })
            .map(|k| k.to_string())
            .collect();
        if !foreign.is_empty() {
            return Verdict::unchecked(format!(
                "fails with the value{} of {} set under another heading, which may not be the one meant here: {}",
                if foreign.len() == 1 { "" } else { "s" },
                foreign.join(", "),
                verdict.reason
            ));
        }
        verdict
    }

    fn read_link(&mut self, formula: usize, st: &Statement, i: usize, ordinal: usize) -> Verdict {
        let link = &st.links[i];
        let (lhs, rhs) = same_start_elisions(st.lhs_of(i), &link.rhs);
        let (lhs, rhs) = (
            crate::verify::run_claims::infinite_index_as_limit(&lhs),
            crate::verify::run_claims::infinite_index_as_limit(&rhs),
        );
        if lhs.is_missing() || rhs.is_missing() {
            return Verdict::unchecked("one side of the relation is empty");
        }
        if link.rel == Rel::In
            && let Some(v) = self.side_condition(st)
        {
            return v;
        }
        let Some(_) = compares(link.rel) else {
            let written = self.sites[formula]
                .formula
                .latex
                .get(link.rel_span.range())
                .unwrap_or("the relation")
                .trim()
                .to_string();
            return Verdict::unchecked(format!(
                "`{written}` states membership, a type or a correspondence, not a numeric claim"
            ));
        };
        // `g_t \leftarrow g_t + \lambda \theta_{t-1}` on its own: a step
        // that replaces a value, which as an equation would say `\lambda
        // \theta_{t-1} = 0`.
        if i == 0
            && link.rel == Rel::Def
            && let K::Symbol(head) = &lhs.kind
            && uses(&rhs)
                .symbols
                .iter()
                .any(|s| program::same_place(s, head))
        {
            return Verdict::unchecked(format!(
                "replaces {} by a value computed from it: a step of an algorithm, not a relation between values",
                head.base
            ));
        }
        // Side conditions: a chain of inequalities around one symbol.
        if let Some(v) = self.side_condition(st) {
            return v;
        }
        // A function the note defines: `R(\theta) = \|\theta\|_2^2`.
        if i == 0
            && matches!(link.rel, Rel::Eq | Rel::Def)
            && let K::Call { func, args } = &lhs.kind
            && let K::Symbol(f) = &func.kind
            && f.index.is_empty()
            && let Some(params) = args
                .iter()
                .map(lone_symbol)
                .collect::<Option<Vec<SymbolKey>>>()
            && !params.is_empty()
            && params_used(&params, &rhs)
        {
            // Written over its parameters' components and samples
            // (`f(x, \mathbf{w}) = \sum_i (w_2 \max(0, w_1 x_i) - y_i)^2`), the
            // body is also a value of the note's symbols: partial derivatives
            // `\nabla_{w_1} f` are taken through it at the worked point.
            {
                let key = SymbolKey {
                    base: f.base.clone(),
                    index: Vec::new(),
                };
                self.definitions.retain(|(d, _)| *d != key);
                self.definitions.push((key, rhs.clone()));
            }
            let body = rhs.clone();
            let captured = self.constants.clone();
            let f_params = params.clone();
            // `f(\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2`: inside a function of x,
            // an integer-indexed x is a component of the argument.
            let components = objective_claims::component_keys(&params, &body);
            let has_components = !components.is_empty();
            let function: crate::math::env::Function =
                std::sync::Arc::new(move |values: &[crate::math::Value]| {
                    if values.len() != f_params.len() {
                        return Err(crate::math::EvalError::Domain {
                            message: format!(
                                "the function takes {} argument(s), got {}",
                                f_params.len(),
                                values.len()
                            ),
                            span: Default::default(),
                        });
                    }
                    let mut env = captured.clone();
                    for (k, v) in f_params.iter().zip(values) {
                        env.bind(k.clone(), v.clone());
                    }
                    objective_claims::bind_components(&mut env, &f_params, values, &components);
                    eval(&body, &env)
                });
            self.objectives.push(objective_claims::Objective {
                base: f.base.clone(),
                params: params.clone(),
                function: function.clone(),
                scope: self.sites[formula].formula.headings.clone(),
                has_components,
            });
            self.constants.bind_fn(f.base.clone(), function);
            return Verdict::definition(format!(
                "defines the function {}({})",
                f.base,
                params
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let u = uses_all([&lhs, &rhs]);
        let free = self.free(&u);
        let seed = self.seed ^ ((formula as u64) << 20) ^ ordinal as u64;
        // Identities about a run, and limits, go to the note's update rules.
        // A rule under the claim's own heading is what the claim is about;
        // one from another section may be a different algorithm the note
        // also describes, so a failure against it refutes nothing.
        // A claim that fails on a rule that is itself not verified may be
        // right where the rule is wrong: only a verified rule refutes.
        let verified: Vec<&Program> = self
            .programs
            .iter()
            .enumerate()
            .filter(|(n, _)| {
                self.rule_verdicts[*n]
                    .first()
                    .is_some_and(|v| v.status == Status::Verified)
            })
            .map(|(_, (_, p))| p)
            .collect();
        let run_claim = |programs: &[&Program]| {
            let v = crate::verify::run_claims::check_run_claim(
                &lhs,
                link.rel,
                &rhs,
                &u,
                programs,
                &self.constants,
                &self.initial,
                seed,
            )?;
            // `g_2 = 2 \theta_1`: the gradient written as a function of the
            // parameter is what the note's objective gives; runs use a
            // random one, so failing there says nothing.
            let about_objective = !u.gradient
                && programs.iter().any(|p| {
                    let (Some(g), Some(t)) =
                        (crate::verify::run_claims::gradient_symbol(p), p.parameter())
                    else {
                        return false;
                    };
                    let gradient_of = |side: &Expr, other: &Expr| {
                        lone_symbol(side).is_some_and(|k| k.base == g) && {
                            let b = uses(other).bases();
                            b.contains(&t) && !b.contains(&g)
                        }
                    };
                    gradient_of(&lhs, &rhs) || gradient_of(&rhs, &lhs)
                });
            if v.status != Status::Refuted {
                return Some(v);
            }
            if about_objective {
                return Some(Verdict::unchecked(format!(
                    "relates the gradient to the parameter, which depends on the note's objective, not on the rule (runs use a random objective): {}",
                    v.reason
                )));
            }
            // A card that asks about the defaults: a hyperparameter whose
            // value an example under other headings set (`\alpha = 0.9` in
            // a worked run) is not the value the card means.
            let here = &self.sites[formula].formula.headings;
            let on_card = self.sites[formula]
                .card_prompt()
                .is_some_and(|q| crate::verify::default_claims::says_default(&q, &[]));
            let foreign: Vec<String> = programs
                .iter()
                .filter(|_| on_card)
                .flat_map(|p| p.free(&Env::new()).0)
                .filter(|k| {
                    self.constants.value(k).is_some()
                        && self.scopes.get(k).is_some_and(|s| !here.starts_with(s))
                })
                .map(|k| k.to_string())
                .collect();
            if !foreign.is_empty() {
                return Some(Verdict::unchecked(format!(
                    "the run takes {} from an example under other headings, which the claim need not mean: {}",
                    foreign.join(", "),
                    v.reason
                )));
            }
            // A claim about a symbol an option re-assigns (`\tilde v_1 = …`
            // when centered) may be about the option the run leaves off.
            let subject = uses(&lhs).bases();
            let optional: Vec<String> = programs
                .iter()
                .flat_map(|p| p.optional.iter())
                .filter(|b| subject.contains(*b))
                .map(|b| b.to_string())
                .collect();
            if !optional.is_empty() {
                return Some(Verdict::unchecked(format!(
                    "is about {}, which an option of the rule assigns otherwise; the run takes the default path only: {}",
                    optional.join(", "),
                    v.reason
                )));
            }
            // A result the section's worked example states (`0.4` for its
            // v_1), written in the claim, is a value of that example, which
            // a run on a random objective does not reproduce.
            if let Some(x) = example_number(
                &[&lhs, &rhs],
                &self.constants,
                &self.stated_results(formula),
            ) {
                return Some(Verdict::unchecked(format!(
                    "writes {x}, which is no value the note sets: a value of a worked example, which a run on a random objective does not reproduce: {}",
                    v.reason
                )));
            }
            Some(v)
        };
        let trusted = |v: Verdict, programs: &[&Program]| -> Verdict {
            if v.status != Status::Refuted {
                return v;
            }
            let sure: Vec<&Program> = programs
                .iter()
                .copied()
                .filter(|p| verified.iter().any(|q| std::ptr::eq(*p, *q)))
                .collect();
            if sure.len() == programs.len() {
                return v;
            }
            match run_claim(&sure) {
                Some(w) if w.status == Status::Refuted => w,
                _ => Verdict::unchecked(format!(
                    "does not hold on the note's update rule, which is not verified itself, so either may be wrong: {}",
                    v.reason
                )),
            }
        };
        // A value of a worked run on the note's own objective and start.
        if let Some(v) = self.objective_run_claim(formula, &lhs, link.rel, &rhs) {
            return v;
        }
        let (here, elsewhere) = self.programs_by_section(formula);
        if let Some(v) = run_claim(&here) {
            if v.status == Status::Refuted
                && let Some(variant) = self.variant_rule(i, &lhs, &rhs, &here, seed)
            {
                return variant;
            }
            return trusted(v, &here);
        }
        if let Some(v) = run_claim(&elsewhere).map(|v| trusted(v, &elsewhere)) {
            if v.status == Status::Refuted && self.section_rule_untrusted(formula) {
                return Verdict::unchecked(format!(
                    "the rule of this section was not read or is refuted, and the claim does not hold on the rule of another section: {}",
                    v.reason
                ));
            }
            return v;
        }
        // Several constants at once: `(\beta_1, \beta_2) = (0.9, 0.999)`.
        if i == 0
            && matches!(link.rel, Rel::Eq | Rel::Def)
            && let Some(pairs) = self.tuple_values(&lhs, &rhs)
        {
            let before: Vec<_> = pairs
                .iter()
                .map(|(k, _)| (k.clone(), self.constants.value(k).cloned()))
                .collect();
            for (key, x) in &pairs {
                let produced = self
                    .programs
                    .iter()
                    .any(|(_, p)| p.targets().contains(&key.base));
                if !produced {
                    self.constants.bind(key.clone(), *x);
                    self.scopes
                        .insert(key.clone(), self.sites[formula].formula.headings.clone());
                }
            }
            if let Some(verdict) = self.library_default(formula, &pairs) {
                if verdict.status == Status::Refuted {
                    for (key, old) in before {
                        self.restore(key, old);
                    }
                }
                return verdict;
            }
            let names: Vec<String> = pairs.iter().map(|(k, _)| k.to_string()).collect();
            return Verdict::definition(format!(
                "sets {} (values chosen together)",
                names.join(", ")
            ));
        }
        // `t = 1` for the note's step counter (the letter its sequences are
        // indexed by) names a step, not a constant for the whole note.
        if i == 0
            && matches!(link.rel, Rel::Eq | Rel::Def)
            && let Some(key) = lone_symbol(&lhs)
            && key.index.is_empty()
            && self.counters.contains(&key.base)
            && uses(&rhs).keys().is_empty()
        {
            return Verdict::definition(format!("a value of the step counter {key}"));
        }
        // One step of a sequence a verified rule produces, stated with the
        // worked example's numbers (`r_2 = (25, 0.25)`): compared with a
        // run of the rule on those numbers.
        if i == 0
            && let Some(key) = lone_symbol(&lhs)
            && let Some(v) = self.worked_value(formula, &key, link.rel, &rhs)
        {
            return v;
        }
        // Constants the note fixes: `\beta = 0.9`, `w_1 = 1/3`.
        if i == 0
            && matches!(link.rel, Rel::Eq | Rel::Def)
            && let Some(key) = lone_symbol(&lhs)
            && self.free(&uses(&rhs)).is_empty()
            && self.unknown_functions(&uses(&rhs)).is_empty()
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
            // `\beta = A = B` where B is not A: which one the note means is
            // open, so later claims get no value from it.
            let contested = st.links[1..].iter().any(|l| {
                matches!(l.rel, Rel::Eq | Rel::Def)
                    && eval(&identity::truncate_infinite_sums(&l.rhs), &self.constants)
                        .ok()
                        .and_then(|w| crate::verify::compare::rel_error(&v, &w))
                        .is_some_and(|e| e > 5e-3)
            });
            if !produced && contested {
                // The formula stays what derivatives go through.
                if !self.definitions.iter().any(|(d, _)| *d == key) {
                    self.definitions.push((key.clone(), rhs.clone()));
                }
            }
            let before = self.constants.value(&key).cloned();
            if !produced && !contested {
                self.constants.bind(key.clone(), v.clone());
                self.scopes
                    .insert(key.clone(), self.sites[formula].formula.headings.clone());
                // A worked value of a symbol the note defines by a formula
                // (`L = \frac{1}{2}(\hat y - y)^2`, then `L = 0.5`) leaves
                // the formula as what derivatives go through.
                let by_formula = self
                    .definitions
                    .iter()
                    .any(|(d, e)| *d == key && !uses(e).keys().is_empty());
                if !by_formula {
                    self.definitions.retain(|(d, _)| *d != key);
                    self.definitions.push((key.clone(), rhs.clone()));
                }
            }
            // A value the note attributes to a library (`\rho_2 = 0.999` on a
            // line naming PyTorch) is a claim about that library's default,
            // for the role the symbol plays in the note's verified rule.
            if let Some(x) = v.as_scalar()
                && let Some(verdict) = self.library_default(formula, &[(key.clone(), x)])
            {
                // A wrong default is no value for the rest of the note.
                if verdict.status == Status::Refuted && !produced && !contested {
                    self.restore(key, before);
                }
                return verdict;
            }
            return Verdict::definition(format!("sets {key} (a worked example's value)"));
        }
        if u.limit {
            return Verdict::unchecked(
                "a limit, but the note has no update rule that produces its sequence",
            );
        }
        if free.is_empty() && self.unknown_functions(&u).is_empty() && !u.gradient {
            return identity::arithmetic(&lhs, link.rel, &rhs, &self.constants);
        }
        if !free.is_empty()
            && u.gradient
            && let Some(v) = self.derivative_test(&lhs, link.rel, &rhs, &u, seed)
        {
            return v;
        }
        if free.is_empty()
            && let Some(env) = self.with_derivatives(&[&lhs, &rhs])
        {
            let mut v = identity::arithmetic(&lhs, link.rel, &rhs, &env);
            let values = self.derivative_values(&[&lhs, &rhs], &env);
            if let Some(ev) = v.evidence.as_object_mut() {
                ev.insert(
                    "derivatives".into(),
                    "central differences through the note's definitions".into(),
                );
                ev.insert("derivative_values".into(), values.into());
            }
            return v;
        }
        // Every value fixed, but a derivative the note's values do not
        // give (`\partial L / \partial w_1` where L is only written as a
        // formula): a general statement, tested through the definitions.
        // Against a side of plain numbers it is a value claim, which random
        // values cannot refute.
        if free.is_empty()
            && u.gradient
            && let Some(v) = self.derivative_test(&lhs, link.rel, &rhs, &u, seed)
        {
            let numbers = |e: &Expr| uses(e).symbols.is_empty() && !uses(e).gradient;
            if v.status == Status::Refuted && (numbers(&lhs) || numbers(&rhs)) {
                return Verdict::unchecked(format!(
                    "a value claim about derivatives the note's values do not give: {}",
                    v.reason
                ));
            }
            return v;
        }
        if i == 0
            && let Some(key) = lone_symbol(&lhs)
            && !uses(&rhs).keys().contains(&key)
            && self.constants.value(&key).is_none()
        {
            if !self.definitions.iter().any(|(d, _)| *d == key) {
                self.definitions.push((key.clone(), rhs.clone()));
            }
            return Verdict::definition(format!("defines {key}"));
        }
        // Derivatives at the worked point next to symbols the note leaves
        // free (`w - \alpha \nabla_{w_1} f` for any step size \alpha).
        if let Some(env) = self.with_derivatives(&[&lhs, &rhs]) {
            let units = crate::verify::units::unit_symbols(&st.sides().collect::<Vec<_>>());
            let mut v = identity::random_test(
                &lhs,
                link.rel,
                &rhs,
                &env,
                &u,
                &self.ranges,
                &[],
                &units,
                seed,
            );
            let values = self.derivative_values(&[&lhs, &rhs], &env);
            if let Some(ev) = v.evidence.as_object_mut() {
                ev.insert(
                    "derivatives".into(),
                    "central differences through the note's definitions at its worked values"
                        .into(),
                );
                ev.insert("derivative_values".into(), values.clone().into());
            }
            v.reason = format!(
                "{} (derivatives by central differences through the note's definitions at its worked values: {})",
                v.reason,
                values.join(", ")
            );
            return v;
        }
        // `\hat V_t = \frac{V_t}{1-\beta^t}`: a new sequence named from
        // others (no rule of the note produces it).
        if i == 0
            && let K::Symbol(head) = &lhs.kind
            && !head.index.is_empty()
            && u.symbolic().contains(&head.base)
            && !uses(&rhs).bases().contains(&head.base)
            && !self
                .programs
                .iter()
                .any(|(_, p)| p.targets().contains(&head.base))
        {
            return Verdict::definition(format!("defines the sequence {}", head.base));
        }
        // A sequence written with one index only (`\theta_t` throughout) and
        // produced by no rule is just a name here.
        let summed = crate::verify::stand_ins::summed_sequence(&lhs, &rhs, &u);
        let (lhs, rhs, u, free) = match single_index_names(&lhs, &rhs, &u) {
            Some((l, r)) => {
                let u2 = uses_all([&l, &r]);
                let free2 = self.free(&u2);
                (l, r, u2, free2)
            }
            None => (lhs, rhs, u, free),
        };
        let symbolic = u.symbolic();
        if !symbolic.is_empty() {
            let names: Vec<String> = symbolic.iter().map(|b| b.to_string()).collect();
            return Verdict::unchecked(format!(
                "refers to the sequence {} but the note has no update rule that produces it",
                names.join(", ")
            ));
        }
        let functions = self.unknown_functions(&u);
        // A function the note does not define, applied on both sides
        // (`\mathcal{R}(\theta_t)`), may cancel: it becomes a fixed smooth
        // function of its arguments, the same on both sides.
        let both_sides = {
            let (fl, fr) = (uses(&lhs).functions, uses(&rhs).functions);
            functions.iter().all(|f| fl.contains(f) && fr.contains(f))
        };
        let mut env = self.constants.clone();
        // Gradients of such functions (`\nabla L_i(\theta)` on both sides)
        // get a fixed stand-in too.
        let gradients_opaque =
            u.gradient && !functions.is_empty() && only_gradients_of(&lhs, &rhs, &functions);
        if !functions.is_empty() && both_sides && (!u.gradient || gradients_opaque) {
            for f in &functions {
                env.bind_fn(f.clone(), opaque_function());
                env.bind_grad(f.clone(), opaque_function());
            }
        } else if !functions.is_empty() || u.gradient {
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
        // A unit of a matrix sum is not an unknown: random trials bind it.
        let units = crate::verify::units::unit_symbols(&st.sides().collect::<Vec<_>>());
        // A symbol the note defines by a formula stands for its inputs.
        let unknowns = |e: &Expr| -> Vec<SymbolKey> {
            let mut out: Vec<SymbolKey> = Vec::new();
            let mut todo = self.free(&uses(e));
            let mut seen = 0;
            while let Some(k) = todo.pop() {
                seen += 1;
                if seen > 256 {
                    break;
                }
                if let Some((_, def)) = self.graph.iter().find(|(d, _)| *d == k) {
                    todo.extend(self.free(&uses(def)));
                    continue;
                }
                if !(out.contains(&k) || k.index.is_empty() && units.contains(&k.base)) {
                    out.push(k);
                }
            }
            out
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
        // The note's step counters take whole values (`\lfloor t/1 \rfloor = t`).
        let mut u = u;
        u.integers.extend(
            u.symbols
                .iter()
                .filter(|s| s.index.is_empty() && self.counters.contains(&s.base))
                .map(|s| s.base.clone())
                .collect::<Vec<_>>(),
        );
        let verdict = identity::random_test(
            &lhs,
            link.rel,
            &rhs,
            &env,
            &u,
            &self.ranges,
            &self.graph,
            &units,
            seed,
        );
        // A value claim (`|\mu| = \sqrt{0.5}`, `\theta_0 - \theta_1 = 0.03`,
        // `\alpha = 4/(\sqrt{L} + \sqrt{m})^2` with `\alpha` fixed): one side
        // has no free symbol, so the claim is about the values the others
        // take, which the note does not give. Holding for every value
        // verifies it; failing for random ones refutes nothing.
        let unknown: Vec<SymbolKey> = l.iter().chain(&r).cloned().collect();
        let line = self.sites[formula].text_line().unwrap_or_default();
        let quantified = || {
            crate::verify::quantified::all_quantified(&line, &unknown)
                || crate::verify::quantified::inside_series(&[&lhs, &rhs], &unknown)
        };
        if verdict.status == Status::Refuted && summed {
            return Verdict::unchecked(
                "a sequence summed over its index was read as one value, and the claim fails for that reading",
            );
        }
        if verdict.status == Status::Refuted && (l.is_empty() || r.is_empty()) && !quantified() {
            let unbound: Vec<String> = unknown.iter().map(|k| k.to_string()).collect();
            return Verdict::unchecked(format!(
                "a value claim: {} {} no value in the note, and the claim does not hold for every value",
                unbound.join(", "),
                if unbound.len() == 1 { "has" } else { "have" }
            ));
        }
        // An inequality that fails for random values is a condition (`\kappa
        // \gg 1`), not a wrong identity.
        let names = || {
            free.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if verdict.status == Status::Refuted
            && !matches!(link.rel, Rel::Eq | Rel::Def | Rel::Approx)
        {
            return Verdict::definition(format!(
                "a condition on {}, not an identity (it does not hold for every value)",
                names()
            ));
        }
        verdict
    }

    /// The verdict on values `key = x` as a library's defaults, when the
    /// line says they are defaults and the clause holding them names the
    /// library (see [`crate::verify::default_claims`]). `None` when the
    /// words make no default claim.
    fn library_default(&self, formula: usize, pairs: &[(SymbolKey, f64)]) -> Option<Verdict> {
        use crate::verify::default_claims::{self as dc, Named};
        use crate::verify::library::{self, Algorithm, DefaultValue};
        let site = &self.sites[formula];
        let mut line = site.text_line().unwrap_or_default();
        let mut at = site.formula.column.saturating_sub(1);
        // A card's answer is read with its question ("default learning
        // rate of `torch.optim.SGD`" / "Back: $\gamma = 10^{-3}$").
        if !dc::says_default(&line, &[])
            && let Some(prompt) = site.card_prompt()
            && dc::says_default(&prompt, &[])
        {
            at += prompt.chars().count() + 1;
            line = format!("{prompt} {line}");
        }
        // Values a formula attributes to a library it names itself
        // (`\beta_2 = 0.99 \rightarrow \text{Keras}`) are its defaults too.
        let in_formula = dc::libraries_in(&site.formula.latex);
        if !dc::says_default(&line, &site.formula.headings) && in_formula.is_empty() {
            return None;
        }
        let (clause_start, clause) = dc::clause_at(&line, at);
        let mut libraries = if in_formula.is_empty() {
            dc::libraries_in(&clause)
        } else {
            in_formula
        };
        if libraries.is_empty() {
            let all = dc::libraries_in(&line);
            if all.len() == 1 {
                libraries = all;
            }
        }
        if libraries.is_empty() {
            return None;
        }
        let mut named = dc::optimizers_in(&clause);
        if named.is_empty() {
            named = dc::optimizers_in(&line);
        }
        if named.is_empty()
            && let Some(h) = site.formula.headings.last()
        {
            named = dc::optimizers_in(h);
        }
        if named.is_empty() {
            let kinds = self.verified_rule_kinds();
            if let [kind] = kinds.as_slice() {
                named = vec![Named::Tabulated((*kind).into())];
            }
        }
        // The library's own argument names (`beta_1`, `rho`) may name the
        // optimizer: the one whose documented arguments they all are.
        if named.is_empty() {
            // Variants (AdamW, Lion, …) share Adam's argument names; only a
            // note that names them is about them.
            let fits: Vec<Algorithm> = Algorithm::TABULATED
                .into_iter()
                .filter(|a| !Named::Tabulated(*a).without_reference())
                .filter(|a| {
                    pairs.iter().all(|(k, _)| {
                        dc::documented_name(k).is_some_and(|n| {
                            library::role_of_parameter(libraries[0], *a, &n)
                                .is_some_and(|r| library::default_of(libraries[0], *a, r).is_some())
                        })
                    })
                })
                .collect();
            if let [one] = fits.as_slice() {
                named = vec![Named::Tabulated(*one)];
            }
        }
        // Switches of one class (SGD's momentum and nesterov) name one table.
        named.dedup_by(|b, a| match (a, b) {
            (Named::Tabulated(x), Named::Tabulated(y)) => x.same_table(*y),
            _ => false,
        });
        let algorithm: Algorithm = match named.as_slice() {
            [Named::Tabulated(a)] => *a,
            [] => {
                return Some(Verdict::unchecked(
                    "a library default, but the words name no optimizer it is for",
                ));
            }
            [Named::Other] => {
                return Some(Verdict::unchecked(
                    "a default of an optimizer whose defaults verideck does not tabulate",
                ));
            }
            _ => {
                return Some(Verdict::unchecked(
                    "a library default, but the clause names several optimizers",
                ));
            }
        };
        let mut claimed = Vec::new();
        for (key, x) in pairs {
            if let Some(role) = self.default_role(
                key,
                at.saturating_sub(clause_start),
                &clause,
                libraries[0],
                algorithm,
            ) {
                claimed.push((role, DefaultValue::Number(*x)));
            }
        }
        if claimed.is_empty() {
            return Some(Verdict::unchecked(
                "a library default, but which argument the value is for is not clear",
            ));
        }
        let verdicts: Vec<Verdict> = libraries
            .iter()
            .map(|l| {
                let mut v = library::check_defaults(*l, algorithm, &claimed);
                if let Some(ev) = v.evidence.as_object_mut() {
                    ev.insert("kind".into(), "library-default".into());
                }
                v
            })
            .collect();
        let all = |s: Status| verdicts.iter().all(|v| v.status == s);
        if all(Status::Verified) || all(Status::Refuted) {
            return verdicts.into_iter().next();
        }
        Some(Verdict::unchecked(format!(
            "the clause names several libraries and the value is the default of only some: {}",
            verdicts
                .iter()
                .map(|v| v.reason.clone())
                .collect::<Vec<_>>()
                .join("; ")
        )))
    }

    /// `u_k = -\eta (g_k + \mu t_k)` beside a rule that assigns `u_k`
    /// otherwise: the rule with this line instead (a variant, such as the
    /// Nesterov switch of a momentum rule). Verified when that rule matches
    /// a reference optimizer; `None` when the claim restates no assignment
    /// of a rule or the variant matches none.
    fn variant_rule(
        &self,
        link: usize,
        lhs: &Expr,
        rhs: &Expr,
        programs: &[&Program],
        seed: u64,
    ) -> Option<Verdict> {
        let K::Symbol(head) = &lhs.kind else {
            return None;
        };
        if link != 0 {
            return None;
        }
        let [ix] = head.index.as_slice() else {
            return None;
        };
        let (counter, offset) = program::counter_offset(ix)?;
        for p in programs {
            if p.counter.as_ref() != Some(&counter) {
                continue;
            }
            let Some(j) = p
                .assigns
                .iter()
                .position(|a| a.target == head.base && a.offset == Some(offset))
            else {
                continue;
            };
            let mut variant = (*p).clone();
            variant.assigns[j].expr = rhs.clone();
            let (variant, param) = match variant.parameter() {
                Some(param) => (variant, param),
                None => variant.closed_by_update()?,
            };
            let (free, _) = variant.free(&Env::new());
            let (v, _) = crate::verify::reference::match_rule(
                &variant,
                &param,
                &free,
                &Env::new(),
                &self.initial,
                &[],
                seed,
            );
            if v.status == Status::Verified {
                return Some(Verdict {
                    status: Status::Verified,
                    reason: format!(
                        "a variant of the rule: with this line instead of its own, {}",
                        v.reason
                    ),
                    evidence: v.evidence,
                });
            }
        }
        None
    }

    /// `(a, b) = (x, y)`: a tuple of lone symbols given a tuple of closed
    /// numbers, as pairs.
    fn tuple_values(&self, lhs: &Expr, rhs: &Expr) -> Option<Vec<(SymbolKey, f64)>> {
        let items = |e: &Expr| match &e.kind {
            K::Tuple(items) => Some(items.clone()),
            K::Group(inner) => match &inner.kind {
                K::Tuple(items) => Some(items.clone()),
                _ => None,
            },
            _ => None,
        };
        let (names, values) = (items(lhs)?, items(rhs)?);
        if names.len() != values.len() || names.len() < 2 {
            return None;
        }
        names
            .iter()
            .zip(&values)
            .map(|(n, v)| {
                let key = lone_symbol(n)?;
                let u = uses(v);
                if !u.keys().is_empty() || u.gradient || !u.functions.is_empty() {
                    return None;
                }
                let x = eval(v, &self.constants).ok()?.as_scalar()?;
                Some((key, x))
            })
            .collect()
    }

    /// The optimizers the note's verified update rules match, each once
    /// (a recurrence that only reproduces one state of an optimizer does
    /// not say the note is about it).
    fn verified_rule_kinds(&self) -> Vec<crate::optim::OptimizerKind> {
        let mut out = Vec::new();
        for v in self.rule_verdicts.iter().flatten() {
            if v.status != Status::Verified
                || v.evidence.get("kind").and_then(|k| k.as_str()) != Some("update-rule")
            {
                continue;
            }
            if let Some(kind) = v
                .evidence
                .get("optimizer")
                .and_then(|o| o.as_str())
                .and_then(|name| {
                    crate::optim::OptimizerKind::ALL
                        .into_iter()
                        .find(|k| k.name() == name)
                })
                && !out.contains(&kind)
            {
                out.push(kind);
            }
        }
        out
    }

    /// The role `key` plays in a default claim: the role it has in a
    /// verified rule of the same optimizer (step size and ε in any), else
    /// the argument named in code nearest to the value in its clause
    /// (`` `alpha` ``, `` `lr` ``), else its own name when it is a word
    /// (`\mathrm{learning\_rate}`). Two sources that disagree give none.
    fn default_role(
        &self,
        key: &SymbolKey,
        at: usize,
        clause: &str,
        library: crate::verify::library::Library,
        algorithm: crate::verify::library::Algorithm,
    ) -> Option<crate::verify::library::Role> {
        use crate::verify::library::{self, Role};
        let name = key.to_string();
        let mut from_rule: Option<Role> = None;
        for v in self.rule_verdicts.iter().flatten() {
            if v.status != Status::Verified {
                continue;
            }
            let Some(kind) = v
                .evidence
                .get("optimizer")
                .and_then(|o| o.as_str())
                .and_then(|n| {
                    crate::optim::OptimizerKind::ALL
                        .into_iter()
                        .find(|k| k.name() == n)
                })
            else {
                continue;
            };
            let Some(role) = v
                .evidence
                .get("roles")
                .and_then(|r| r.as_array())
                .and_then(|roles| {
                    roles.iter().find_map(|r| {
                        (r.get("symbol")?.as_str()? == name).then(|| r.get("role")?.as_str())?
                    })
                })
            else {
                continue;
            };
            use crate::optim::OptimizerKind as O;
            let role = match (role, kind) {
                ("step size", _) => Role::Lr,
                ("ε", _) => Role::Eps,
                ("decay", O::Adam) => Role::Beta1,
                ("second decay", _) => Role::Beta2,
                ("decay", O::Rmsprop) => Role::Decay,
                ("decay", _) => Role::Momentum,
                _ => continue,
            };
            let same = crate::verify::library::Algorithm::from(kind).same_table(algorithm);
            if same || matches!(role, Role::Lr | Role::Eps) {
                from_rule = Some(role);
                break;
            }
        }
        // An argument named in code counts only when the clause names one,
        // and for the formula written nearest to it: a list (`lr`, `betas`,
        // `eps`) does not say which value is which.
        let named: Vec<(usize, Role)> = crate::verify::default_claims::code_names(clause)
            .into_iter()
            .filter_map(|(pos, n)| {
                library::role_of_parameter(library, algorithm, &n).map(|r| (pos, r))
            })
            .collect();
        let formulas = crate::verify::default_claims::formula_starts(clause);
        let from_code = match named.as_slice() {
            [(pos, role)] => formulas
                .iter()
                .min_by_key(|f| f.abs_diff(*pos))
                .filter(|f| f.abs_diff(at) <= 1)
                .map(|_| *role),
            _ => None,
        };
        let from_name = crate::verify::default_claims::documented_name(key)
            .and_then(|n| library::role_of_parameter(library, algorithm, &n));
        // The note's legend: `$\gamma$ lr, $\lambda$ weight decay`.
        let from_legend = self.sites.first().and_then(|site| {
            crate::verify::default_claims::legend_name(site.note_text(), key)
                .and_then(|n| library::role_of_parameter(library, algorithm, &n))
        });
        match (from_rule, from_code.or(from_name).or(from_legend)) {
            (Some(a), Some(b)) if a != b => None,
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }

    /// Bases `u` applies as functions that the note has not defined.
    fn unknown_functions(&self, u: &Uses) -> std::collections::BTreeSet<BaseKey> {
        u.only_functions()
            .into_iter()
            .filter(|f| !self.constants.has_function(f))
            .collect()
    }

    /// The free symbols of `u` not fixed by the note's constants.
    fn free(&self, u: &Uses) -> Vec<SymbolKey> {
        let functions = u.only_functions();
        u.keys()
            .into_iter()
            .filter(|k| !functions.contains(&k.base) && self.constants.value(k).is_none())
            .collect()
    }

    /// Puts back the value `key` had before a binding (none: unbound).
    fn restore(&mut self, key: SymbolKey, old: Option<crate::math::Value>) {
        match old {
            Some(v) => {
                self.constants.bind(key, v);
            }
            None => {
                self.constants.unbind(&key);
            }
        }
    }

    /// The lone numbers that end a relation in the formulas of formula
    /// `formula`'s section up to and including it: the results a worked
    /// example states (`\ldots = 0.4`).
    fn stated_results(&self, formula: usize) -> Vec<f64> {
        let headings = &self.sites[formula].formula.headings;
        self.sites[..=formula]
            .iter()
            .filter(|site| &site.formula.headings == headings)
            .flat_map(|site| site.parsed.parsed())
            .filter_map(|st| match &st.links.last()?.rhs.kind {
                K::Number(n) => Some(n.value),
                _ => None,
            })
            .collect()
    }

    /// Whether the section of formula `formula` displays a rule of its own
    /// that gives no trusted run: a display formula with an assignment
    /// (`\leftarrow`, `:=`) or a statement the checker could not read as a
    /// rule, or a rule it read and refuted. A claim there is about that
    /// rule, so failing on another section's rule refutes nothing.
    fn section_rule_untrusted(&self, formula: usize) -> bool {
        let headings = &self.sites[formula].formula.headings;
        self.sites.iter().enumerate().any(|(i, site)| {
            if !site.formula.display || &site.formula.headings != headings {
                return false;
            }
            match self.programs.iter().position(|(at, _)| *at == i) {
                Some(n) => self.rule_verdicts[n]
                    .iter()
                    .any(|v| v.status == Status::Refuted),
                None => site.parsed.statements.iter().any(|st| match st {
                    Err(_) => true,
                    Ok(st) => st.links.iter().any(|l| l.rel == Rel::Def),
                }),
            }
        })
    }

    /// [`Self::programs_before`] split into the rules under the same
    /// headings as formula `formula` and the others.
    fn programs_by_section(&self, formula: usize) -> (Vec<&Program>, Vec<&Program>) {
        let headings = &self.sites[formula].formula.headings;
        let (here, elsewhere): (Vec<_>, Vec<_>) =
            self.programs_before(formula).into_iter().partition(|p| {
                self.programs
                    .iter()
                    .find(|(_, q)| std::ptr::eq(q, *p))
                    .is_some_and(|(at, _)| &self.sites[*at].formula.headings == headings)
            });
        (here, elsewhere)
    }

    /// The update rules to use for a claim in formula `formula`: the
    /// nearest before it first, then the ones after.
    fn programs_before(&self, formula: usize) -> Vec<&Program> {
        // A rule refuted against its reference produces no trusted runs.
        let trusted = |(n, _): &(usize, &(usize, Program))| {
            !self.rule_verdicts[*n]
                .iter()
                .any(|v| v.status == Status::Refuted)
        };
        let mut before: Vec<&(usize, Program)> = self
            .programs
            .iter()
            .enumerate()
            .filter(trusted)
            .map(|(_, p)| p)
            .filter(|(at, _)| *at < formula)
            .collect();
        before.reverse();
        let after = self
            .programs
            .iter()
            .enumerate()
            .filter(trusted)
            .map(|(_, p)| p)
            .filter(|(at, _)| *at > formula);
        before.into_iter().chain(after).map(|(_, p)| p).collect()
    }

    /// `0 < q < 1`, `q \in (0, 1)`-like chains: record the interval of the
    /// one free symbol and report the statement as a side condition.
    fn side_condition(&mut self, st: &Statement) -> Option<Verdict> {
        // `\rho \in [0, 1)`: an interval for one symbol.
        // `(0, 1)` reads as a pair; after `\in` it is the open interval.
        let interval = |e: &Expr| match &e.kind {
            K::Interval { lo, hi, .. } => Some(((**lo).clone(), (**hi).clone())),
            K::Tuple(items) if items.len() == 2 => Some((items[0].clone(), items[1].clone())),
            _ => None,
        };
        if let [link] = st.links.as_slice()
            && link.rel == Rel::In
            && let Some((lo, hi)) = interval(&link.rhs)
            && let Some(key) = lone_symbol(&st.head)
            && self.constants.value(&key).is_none()
        {
            let num = |e: &Expr| eval(e, &self.constants).ok().and_then(|v| v.as_scalar());
            let (lo, hi) = (num(&lo)?, num(&hi)?);
            if !lo.is_finite() || !hi.is_finite() || lo >= hi {
                return None;
            }
            let (a, b) = (lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo));
            self.ranges.retain(|(k, _, _)| *k != key.base);
            self.ranges.push((key.base.clone(), a, b));
            return Some(Verdict::definition(format!(
                "side condition on {key}: used to draw its random values"
            )));
        }
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

/// `verdict` unless it refutes what is not a claim. An assignment or
/// definition (`\leftarrow`, `:=`) states a rule or names a value: it is
/// checked as part of an update rule or not at all. An inequality with a
/// symbol in it (`\eta\lambda < 2`, `t > 1`) is a condition the note
/// sets, not a claim that it holds for the values at hand. A test that
/// could not evaluate (an error, not a number) says nothing.
fn admissible(verdict: Verdict, st: &Statement, i: usize) -> Verdict {
    if verdict.status != Status::Refuted {
        return verdict;
    }
    let link = &st.links[i];
    if link.rel == Rel::Def {
        return Verdict::unchecked(
            "an assignment or definition that no update rule of the note takes in: it states a rule, not a fact to test",
        );
    }
    let inequality = matches!(
        link.rel,
        Rel::Lt | Rel::Le | Rel::Gt | Rel::Ge | Rel::Ll | Rel::Gg
    );
    if inequality && !uses_all([st.lhs_of(i), &link.rhs]).symbols.is_empty() {
        return Verdict::definition("a condition the note sets, not a claim about given values");
    }
    if verdict.evidence.get("error").is_some_and(|e| e.is_string()) {
        return Verdict::unchecked(format!(
            "the test could not run: {}",
            verdict.evidence["error"].as_str().unwrap_or_default()
        ));
    }
    verdict
}

/// The bases written shifted in the subscript of another symbol anywhere in
/// the note (`t` in `v_{t-1}`, `k` in `x_{k+1}`): the step counters its
/// sequences are indexed by.
fn index_counters(sites: &[Site<'_>]) -> std::collections::BTreeSet<BaseKey> {
    let mut out = std::collections::BTreeSet::new();
    for site in sites {
        for st in site.parsed.statements.iter().flatten() {
            for side in st.sides() {
                for sym in uses(side).symbols {
                    for ix in &sym.index {
                        if let K::Add(a, b) | K::Sub(a, b) = &ix.kind
                            && matches!(b.kind, K::Number(_))
                            && let K::Symbol(counter) = &a.kind
                            && counter.index.is_empty()
                        {
                            out.insert(counter.base.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

/// Whether a function's body refers to its parameters: as written
/// (`R(\theta) = \|\theta\|^2`), or through their components and samples
/// (`f(x, w)` over `x_i` and `w_1`).
fn params_used(params: &[SymbolKey], body: &Expr) -> bool {
    let u = uses(body);
    u.keys().iter().any(|k| params.contains(k))
        || u.bases()
            .iter()
            .any(|b| params.iter().any(|p| p.base == *b))
}

/// A number written in `sides` that a worked example of the section
/// states as a result (`stated`: the lone numbers that end a relation
/// above, `v_1 = 0.1 \cdot 2^2 = 0.4`), and that is neither a value of a
/// symbol in `constants` nor one minus one, if there is one.
fn example_number(sides: &[&Expr], constants: &Env, stated: &[f64]) -> Option<f64> {
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
    let is_example = |x: f64| {
        x.fract() != 0.0
            && stated.iter().any(|s| near(*s, x))
            && !constants
                .scalar_values()
                .any(|c| near(c, x) || near(1.0 - c, x))
    };
    sides
        .iter()
        .find_map(|side| first_number(side, &is_example))
}

fn first_number(e: &Expr, wanted: &impl Fn(f64) -> bool) -> Option<f64> {
    if let K::Number(n) = &e.kind
        && wanted(n.value)
    {
        return Some(n.value);
    }
    let mut e = e.clone();
    crate::verify::identity::children_mut(&mut e)
        .into_iter()
        .find_map(|c| first_number(c, wanted))
}

#[cfg(test)]
mod tests {
    use crate::vault::{SourceFile, from_sources};
    use crate::verify::{Status, check_vault};

    fn statuses(text: &str) -> Vec<(String, Status, String)> {
        let v = from_sources(
            "v",
            &[SourceFile {
                path: "n.md".into(),
                text: text.into(),
            }],
            Vec::new(),
        );
        check_vault(&v)
            .claims
            .into_iter()
            .map(|c| (c.latex, c.status, c.kind))
            .collect()
    }

    #[test]
    fn an_interval_membership_is_a_side_condition_for_the_trials() {
        let got = statuses("$q \\in (0, 1)$ and $$\\sum_{k=0}^{\\infty} q^k = \\frac{1}{1-q}$$");
        assert_eq!(got[0].1, Status::Unchecked);
        assert_eq!(got[0].2, "definition");
        assert_eq!(got[1].1, Status::Verified);
    }

    #[test]
    fn a_relation_that_is_not_numeric_names_itself() {
        let v = from_sources(
            "v",
            &[SourceFile {
                path: "n.md".into(),
                text: "$x \\sim S$".into(),
            }],
            Vec::new(),
        );
        let report = check_vault(&v);
        assert!(
            report.claims[0].reason.contains("`\\sim`"),
            "{}",
            report.claims[0].reason
        );
    }

    #[test]
    fn a_value_claim_is_not_random_tested_unless_quantified() {
        // `|z|` has no value in the note: a claim about a value, not refuted.
        let got = statuses("the roots have modulus $|z| = \\sqrt{0.5}$");
        assert_eq!(got[0].1, Status::Unchecked, "{got:?}");
        // The same shape, quantified in words, is a general statement.
        let got = statuses("for any $x$ and $y$: $x y - y x + x = 1$");
        assert!(got.iter().any(|(_, s, _)| *s == Status::Refuted), "{got:?}");
        let got = statuses("pour tout $x$ : $x - x = 0$");
        assert!(
            got.iter().any(|(_, s, _)| *s == Status::Verified),
            "{got:?}"
        );
    }

    #[test]
    fn assignments_and_conditions_are_not_refuted() {
        for text in [
            "$$r \\leftarrow r + g \\odot g$$",
            "stable while $\\eta \\lambda < 2$ with $\\eta = 0.6$, $\\lambda = 4$",
        ] {
            let got = statuses(text);
            assert!(
                got.iter().all(|(_, s, _)| *s != Status::Refuted),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn a_default_is_checked_against_the_library_its_clause_names() {
        let text = "- defaults: Keras `Adam` uses $\\beta_2 = 0.999$; PyTorch `torch.optim.RMSprop` uses $\\epsilon = 10^{-8}$";
        let got = statuses(text);
        assert!(got.iter().all(|(_, s, _)| *s != Status::Refuted), "{got:?}");
        let wrong = text.replace("0.999", "0.99");
        let got = statuses(&wrong);
        assert_eq!(got[0].1, Status::Refuted, "{got:?}");
        // A worked example's values next to a library's name are no claim
        // about its defaults.
        let run = "- the same run as in PyTorch: $\\mathrm{learning\\_rate} = 0.5$";
        assert!(statuses(run).iter().all(|(_, s, _)| *s != Status::Refuted));
    }

    #[test]
    fn worked_values_beside_an_in_place_rule_are_not_lines_of_it() {
        let got = statuses(
            "# descent\n$$w \\gets w - \\lambda \\nabla_w F(w)$$\nwith $\\lambda = 0.3$ from $w = 5$\n",
        );
        assert_eq!(got[0].1, Status::Verified, "{got:?}");
    }

    #[test]
    fn a_moving_average_written_with_numbers() {
        let good = "# moving average\n$$A_n = 0.8 A_{n-1} + 0.2 u_n$$\n";
        assert_eq!(statuses(good)[0].1, Status::Verified);
        let bad = good.replace("0.2 u_n", "0.3 u_n");
        assert_eq!(statuses(&bad)[0].1, Status::Refuted);
    }

    #[test]
    fn where_the_parameter_tends_is_not_judged_without_the_objective() {
        let got = statuses(
            "# descent\n$$p_{j+1} = p_j - \\kappa \\nabla F(p_j)$$\n- so $\\lim_{j \\to \\infty} p_j = 0$\n",
        );
        assert!(got.iter().all(|(_, s, _)| *s != Status::Refuted), "{got:?}");
    }

    #[test]
    fn a_rule_over_two_neighbouring_formulas_is_checked_whole() {
        let good =
            "# momentum\n$$w_{t+1} = w_t - v_t$$\n$$v_t = \\beta v_{t-1} + \\eta \\nabla w_t$$\n";
        let got = statuses(good);
        assert_eq!(got.len(), 2);
        assert!(
            got.iter()
                .all(|(_, s, k)| *s == Status::Verified && k == "update-rule"),
            "{got:?}"
        );
        let bad = good.replace("w_t - v_t", "w_t + v_t");
        let got = statuses(&bad);
        assert!(got.iter().any(|(_, s, _)| *s == Status::Refuted), "{got:?}");
    }
}
