//! Notation independence (issue 5): the checker infers a symbol's role from
//! its place in a formula, never from its letter. The sample notes are
//! rewritten into other notations — ρ → β/μ/γ, α → η/lr, s → m/v/b,
//! θ → w/W, r → v/G, ρ_1 ρ_2 → β_1 β_2 — and must get the same statuses,
//! line by line. Small hand-written vaults state the same momentum, Adam and
//! EWMA claims in two notations and must agree too.
//!
//! The renamer works on LaTeX tokens inside math spans only: a command such
//! as `\rho` is replaced only as a whole command (`\rhob` is not `\rho`), a
//! letter only when it stands alone (not part of a command or a word such
//! as `lr` or `split`), and nothing inside `\text{…}`, `\mathrm{…}` or
//! `\operatorname{…}` is touched. A renaming is applied to a note only when
//! its target does not already occur in the note's math, so no two roles are
//! merged.
mod check_util;

use check_util::{TempVault, notes_dir, read_tree, statuses_by_line};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use verideck::note::math_spans::scan_markdown;
use verideck::report::CheckReport;
use verideck::verify::Status;

/// A LaTeX token as the renamer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// `\name` (letters) or `\x` (one other character).
    Command(String),
    /// A maximal run of ASCII letters.
    Word(String),
    /// Anything else, one character.
    Other(char),
}

fn tokens(latex: &str) -> Vec<Tok> {
    let chars: Vec<char> = latex.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end].is_ascii_alphabetic() {
                end += 1;
            }
            if end == start && end < chars.len() {
                end += 1;
            }
            out.push(Tok::Command(chars[start..end].iter().collect()));
            i = end;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Tok::Other(c));
            i += 1;
        }
    }
    out
}

/// Commands whose braced argument is text, not symbols.
const TEXT_COMMANDS: [&str; 4] = ["text", "mathrm", "operatorname", "textrm"];

/// The renamable symbols of a formula: `\name` for commands, the letter for
/// standalone letters (outside text arguments).
fn symbols(latex: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    walk(latex, |tok| match tok {
        Tok::Command(name) => {
            out.insert(format!("\\{name}"));
        }
        Tok::Word(w) if w.len() == 1 => {
            out.insert(w.clone());
        }
        _ => {}
    });
    out
}

/// Calls `f` on every token outside the braced argument of a text command.
fn walk(latex: &str, mut f: impl FnMut(&Tok)) {
    let toks = tokens(latex);
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_text = false;
    for tok in &toks {
        match tok {
            Tok::Other('{') => {
                depth += 1;
                if pending_text && skip_depth.is_none() {
                    skip_depth = Some(depth);
                }
                pending_text = false;
            }
            Tok::Other('}') => {
                if skip_depth == Some(depth) {
                    skip_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Command(name) if TEXT_COMMANDS.contains(&name.as_str()) => pending_text = true,
            Tok::Other(c) if c.is_whitespace() => {}
            _ => pending_text = false,
        }
        if skip_depth.is_none() {
            f(tok);
        }
    }
}

/// `latex` with each symbol of `map` (keys as [`symbols`] names them)
/// replaced by its LaTeX.
fn rename(latex: &str, map: &BTreeMap<String, String>) -> String {
    let toks = tokens(latex);
    let mut out = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_text = false;
    for (i, tok) in toks.iter().enumerate() {
        let written = match tok {
            Tok::Command(name) => format!("\\{name}"),
            Tok::Word(w) => w.clone(),
            Tok::Other(c) => c.to_string(),
        };
        match tok {
            Tok::Other('{') => {
                depth += 1;
                if pending_text && skip_depth.is_none() {
                    skip_depth = Some(depth);
                }
                pending_text = false;
            }
            Tok::Other('}') => {
                if skip_depth == Some(depth) {
                    skip_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Command(name) if TEXT_COMMANDS.contains(&name.as_str()) => pending_text = true,
            Tok::Other(c) if c.is_whitespace() => {}
            _ => pending_text = false,
        }
        let key = match tok {
            Tok::Command(name) => Some(format!("\\{name}")),
            Tok::Word(w) if w.len() == 1 => Some(w.clone()),
            _ => None,
        };
        let replacement = key
            .filter(|_| skip_depth.is_none())
            .and_then(|k| map.get(&k).cloned());
        match replacement {
            Some(new) => {
                // Keep the new symbol a token of its own: no letter may glue
                // to it on either side.
                let starts_with_letter = new.starts_with(|c: char| c.is_ascii_alphabetic());
                if starts_with_letter && out.ends_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(' ');
                }
                out.push_str(&new);
                let next_is_letter = matches!(toks.get(i + 1), Some(Tok::Word(_)));
                if next_is_letter && new.ends_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(' ');
                }
            }
            None => out.push_str(&written),
        }
    }
    out
}

/// One notation: symbol → replacement, applied note by note.
struct Scheme {
    name: &'static str,
    map: &'static [(&'static str, &'static str)],
}

const SCHEMES: &[Scheme] = &[
    Scheme {
        name: "beta-eta-w-m-v",
        map: &[
            ("\\rho", "\\beta"),
            ("\\alpha", "\\eta"),
            ("\\theta", "w"),
            ("s", "m"),
            ("r", "v"),
        ],
    },
    Scheme {
        name: "mu-lr-W-b-G",
        map: &[
            ("\\rho", "\\mu"),
            ("\\beta", "\\mu"),
            ("\\alpha", "\\mathrm{lr}"),
            ("\\eta", "\\mathrm{lr}"),
            ("\\theta", "W"),
            ("w", "W"),
            ("s", "b"),
            ("m", "b"),
            ("r", "G"),
        ],
    },
    Scheme {
        name: "gamma-eta-v",
        map: &[
            ("\\rho", "\\gamma"),
            ("\\mu", "\\gamma"),
            ("\\beta", "\\gamma"),
            ("\\alpha", "\\eta"),
            ("s", "v"),
            ("r", "G"),
        ],
    },
];

/// The renaming of `scheme` that applies to a note whose math uses
/// `present`: pairs whose source occurs, whose target does not, and whose
/// target no other applied pair produces.
fn applicable(scheme: &Scheme, present: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut targets = BTreeSet::new();
    for (from, to) in scheme.map {
        let target_symbols = symbols(to);
        let clash = target_symbols.iter().any(|t| present.contains(t))
            || to
                .strip_prefix("\\mathrm{")
                .is_some_and(|_| present.contains("\\mathrm"));
        if present.contains(*from) && !clash && targets.insert(to.to_string()) {
            map.insert(from.to_string(), to.to_string());
        }
    }
    map
}

/// A note's text with `map` applied inside its math spans.
fn rename_note(text: &str, map: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in scan_markdown(text).spans {
        out.push_str(&text[at..span.inner.start]);
        out.push_str(&rename(&text[span.inner.clone()], map));
        at = span.inner.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every symbol used in a note's math.
fn note_symbols(text: &str) -> BTreeSet<String> {
    scan_markdown(text)
        .spans
        .iter()
        .flat_map(|s| symbols(&text[s.inner.clone()]))
        .collect()
}

fn notes() -> &'static [(String, String)] {
    static NOTES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NOTES.get_or_init(|| read_tree(&notes_dir()))
}

fn original() -> &'static CheckReport {
    static REPORT: OnceLock<CheckReport> = OnceLock::new();
    REPORT.get_or_init(|| TempVault::new(notes()).check())
}

/// The sample vault in `scheme`'s notation, and how many notes changed.
fn renamed_vault(scheme: &Scheme) -> (Vec<(String, String)>, usize) {
    let mut changed = 0;
    let files = notes()
        .iter()
        .map(|(path, text)| {
            let map = applicable(scheme, &note_symbols(text));
            let renamed = rename_note(text, &map);
            if renamed != *text {
                changed += 1;
            }
            (path.clone(), renamed)
        })
        .collect();
    (files, changed)
}

/// Checks the vault in `scheme`'s notation against the original, line by line.
fn same_statuses_as_original(scheme: &Scheme) {
    let before = original();
    assert!(
        before.summary.verified > 0,
        "the original vault verifies nothing: the comparison would be vacuous"
    );
    let (files, changed) = renamed_vault(scheme);
    assert!(
        changed >= 8,
        "{}: only {changed} notes renamed",
        scheme.name
    );
    let after = TempVault::new(&files).check();
    let (a, b) = (statuses_by_line(before), statuses_by_line(&after));
    let mut differences = Vec::new();
    for key in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        let (x, y) = (a.get(key), b.get(key));
        if x != y {
            let show = |r: &CheckReport| {
                r.claims
                    .iter()
                    .filter(|c| c.file == key.0 && c.line == key.1)
                    .map(|c| format!("{} `{}` ({})", c.status.as_str(), c.latex, c.reason))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            differences.push(format!(
                "  {}:{}\n    original: {}\n    renamed:  {}",
                key.0,
                key.1,
                show(before),
                show(&after)
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{}: {} lines changed status after renaming:\n{}",
        scheme.name,
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn renamed_beta_eta_w_m_v() {
    same_statuses_as_original(&SCHEMES[0]);
}

#[test]
fn renamed_mu_lr_w_b_g() {
    same_statuses_as_original(&SCHEMES[1]);
}

#[test]
fn renamed_gamma_eta_v() {
    same_statuses_as_original(&SCHEMES[2]);
}

#[test]
fn the_renamer_replaces_whole_tokens_only() {
    let map: BTreeMap<String, String> = [
        ("\\rho", "\\beta"),
        ("\\theta", "w"),
        ("s", "m"),
        ("\\alpha", "\\mathrm{lr}"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let cases = [
        (r"s &= \rho s - \alpha g", r"m &= \beta m - \mathrm{lr} g"),
        (r"\rho_1^k \rhoo", r"\beta_1^k \rhoo"),
        (r"H\theta - b", r"H w - b"),
        (r"\theta s", r"w m"),
        (r"\tilde{\theta}_k", r"\tilde{w}_k"),
        (
            r"\begin{split} s \end{split}",
            r"\begin{split} m \end{split}",
        ),
        (r"\sum_{s \in S} x_s", r"\sum_{m \in S} x_m"),
        (r"\text{steps } s", r"\text{steps } m"),
        (r"\mathrm{s} + s", r"\mathrm{s} + m"),
        (r"\max(0, s)", r"\max(0, m)"),
        (r"\frac{\alpha}{1-\rho}", r"\frac{\mathrm{lr}}{1-\beta}"),
    ];
    for (input, expected) in cases {
        assert_eq!(rename(input, &map), expected, "{input}");
    }
}

#[test]
fn renamings_skip_symbols_a_note_already_uses() {
    let scheme = &SCHEMES[0];
    // rmsprop.md uses β and v already: ρ and r stay.
    let present = note_symbols(r"$$ v = \beta v $$ and $$ r = \rho r + (1-\rho) g $$");
    let map = applicable(scheme, &present);
    assert!(!map.contains_key("\\rho"), "{map:?}");
    assert!(!map.contains_key("r"), "{map:?}");
    // Two sources never merge into one target: ρ, μ and β all map to γ in
    // this scheme, and only the first is renamed.
    let present = note_symbols(r"$\rho$ $\beta$ $\mu$");
    let map = applicable(&SCHEMES[2], &present);
    assert_eq!(map.len(), 1, "{map:?}");
    assert_eq!(map.get("\\rho").map(String::as_str), Some("\\gamma"));
}

#[test]
fn renaming_changes_only_math() {
    let (files, _) = renamed_vault(&SCHEMES[0]);
    let momentum = files
        .iter()
        .find(|f| f.0 == "optimizers/momentum.md")
        .unwrap();
    assert!(
        momentum.1.contains(r"m_k &= \beta m_{k-1} - \eta g_k")
            || momentum.1.contains(r"w &= w + m"),
        "{}",
        momentum.1
    );
    for ((path, before), (_, after)) in notes().iter().zip(&files) {
        assert_eq!(
            before.lines().count(),
            after.lines().count(),
            "{path}: line count changed"
        );
        let prose = |t: &str| {
            let mut out = String::new();
            let mut at = 0;
            for span in scan_markdown(t).spans {
                out.push_str(&t[at..span.inner.start]);
                at = span.inner.end;
            }
            out.push_str(&t[at..]);
            out
        };
        assert_eq!(prose(before), prose(after), "{path}: prose changed");
    }
}

/// Checks one note written in two notations: per line, the same statuses,
/// and not all of them unchecked (which would agree vacuously).
fn same_verdicts(name: &str, a: &str, b: &str) {
    let report = |text: &str| TempVault::new(&[(format!("{name}.md"), text.to_string())]).check();
    let (ra, rb) = (report(a), report(b));
    assert_eq!(
        a.lines().count(),
        b.lines().count(),
        "{name}: keep the lines aligned"
    );
    let (sa, sb) = (statuses_by_line(&ra), statuses_by_line(&rb));
    let show = |r: &CheckReport| {
        r.claims
            .iter()
            .map(|c| {
                format!(
                    "  {}:{} {} `{}`: {}",
                    c.file,
                    c.line,
                    c.status.as_str(),
                    c.latex,
                    c.reason
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        sa,
        sb,
        "{name}: the two notations disagree\nfirst:\n{}\nsecond:\n{}",
        show(&ra),
        show(&rb)
    );
    assert!(
        ra.claims.iter().any(|c| c.status != Status::Unchecked),
        "{name}: nothing was checked, so agreement proves nothing:\n{}",
        show(&ra)
    );
}

#[test]
fn momentum_in_two_notations() {
    let s_form = r"# momentum
- velocity $s_0 = 0$, decay ρ ∈ [0, 1), step size α

$$
\begin{split}
g_k &= \nabla\mathcal{R}(\theta_{k-1}) \\
s_k &= \rho s_{k-1} - \alpha g_k \\
\theta_k &= \theta_{k-1} + s_k
\end{split}
$$

$$
s_2 = -\rho \alpha g_1 - \alpha g_2
$$

$$
s_3 = -\rho^3 \alpha g_1 - \rho \alpha g_2 - \alpha g_3
$$

$$
s_k = -\alpha \sum_{i=0}^{k-1} \rho^i g_{k-i}
$$

under a constant gradient g:

$$
\lim_{k \to \infty} s_k = -\frac{\alpha g}{1-\rho}
$$
";
    let m_form = r"# momentum
- accumulator $m_0 = 0$, decay μ ∈ [0, 1), learning rate η

$$
\begin{split}
g_k &= \nabla L(w_{k-1}) \\
m_k &= \mu m_{k-1} + \eta g_k \\
w_k &= w_{k-1} - m_k
\end{split}
$$

$$
m_2 = \mu \eta g_1 + \eta g_2
$$

$$
m_3 = \mu^3 \eta g_1 + \mu \eta g_2 + \eta g_3
$$

$$
m_k = \eta \sum_{i=0}^{k-1} \mu^i g_{k-i}
$$

under a constant gradient g:

$$
\lim_{k \to \infty} m_k = \frac{\eta g}{1-\mu}
$$
";
    same_verdicts("momentum", s_form, m_form);
}

#[test]
fn adam_in_two_notations() {
    let rho_form = r"# adam
- $s_0 = 0$, $r_0 = 0$, decays ρ_1, ρ_2, step α, ε > 0, k from 1

$$
\begin{split}
g_k &= \nabla\mathcal{R}(\theta_{k-1}) \\
s_k &= \rho_1 s_{k-1} + (1-\rho_1)\, g_k \\
r_k &= \rho_2 r_{k-1} + (1-\rho_2)\, g_k \odot g_k \\
\hat{s}_k &= \frac{s_k}{1-\rho_1^k} \\
\hat{r}_k &= \frac{r_k}{1-\rho_2^k} \\
\theta_k &= \theta_{k-1} - \frac{\alpha}{\sqrt{\hat{r}_k} + \epsilon} \odot \hat{s}_k
\end{split}
$$

$$
\begin{split}
\hat{s}_1 &= g_1 \\
\hat{r}_1 &= (1-\rho_2)\, g_1 \odot g_1 \\
\theta_1 &= \theta_0 - \frac{\alpha}{|g_1| + \epsilon} \odot g_1
\end{split}
$$
";
    let beta_form = r"# adam
- $m_0 = 0$, $v_0 = 0$, decays β_1, β_2, learning rate η, ε > 0, t from 1

$$
\begin{split}
g_t &= \nabla L(w_{t-1}) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 \\
\hat{m}_t &= \frac{m_t}{1-\beta_1^t} \\
\hat{v}_t &= \frac{v_t}{1-\beta_2^t} \\
w_t &= w_{t-1} - \frac{\eta}{\sqrt{\hat{v}_t} + \epsilon}\, \hat{m}_t
\end{split}
$$

$$
\begin{split}
\hat{m}_1 &= g_1 \\
\hat{v}_1 &= (1-\beta_2)\, g_1^2 \\
w_1 &= w_0 - \frac{\eta}{|g_1| + \epsilon}\, g_1
\end{split}
$$
";
    same_verdicts("adam", rho_form, beta_form);
}

#[test]
fn ewma_in_two_notations() {
    let v_form = r"# ewma
- decay β ∈ (0, 1), $V_0 = 0$

$$
V_t = \beta V_{t-1} + (1-\beta)\, x_t
$$

$$
\begin{split}
V_2 &= \beta (1-\beta) x_1 + (1-\beta) x_2 \\
V_3 &= (1-\beta)\left(\beta^2 x_1 + \beta x_2 + x_3\right) \\
V_4 &= (1-\beta)\left(\beta^4 x_1 + \beta^2 x_2 + \beta x_3 + x_4\right)
\end{split}
$$

$$
V_t = (1-\beta) \sum_{i=1}^{t} \beta^{t-i} x_i
$$
";
    let gamma_form = r"# ewma
- decay γ ∈ (0, 1), $v_0 = 0$

$$
v_t = \gamma v_{t-1} + (1-\gamma)\, \theta_t
$$

$$
\begin{split}
v_2 &= \gamma (1-\gamma) \theta_1 + (1-\gamma) \theta_2 \\
v_3 &= (1-\gamma)\left(\gamma^2 \theta_1 + \gamma \theta_2 + \theta_3\right) \\
v_4 &= (1-\gamma)\left(\gamma^4 \theta_1 + \gamma^2 \theta_2 + \gamma \theta_3 + \theta_4\right)
\end{split}
$$

$$
v_t = (1-\gamma) \sum_{i=1}^{t} \gamma^{t-i} \theta_i
$$
";
    same_verdicts("ewma", v_form, gamma_form);
}
