//! Index-base invariance (issue 11): where a note starts counting is a
//! convention, not a fact the checker may depend on. Each template below is
//! a true note — an update rule, its initial condition and claims about its
//! run (first values, unrolled sums, bias corrections, closed forms) — with
//! its index convention left open. It is rendered with the state before the
//! first update at index 0 (`v_0 = 0`, claims on `v_1`, `\hat m_1`), and
//! again with every index shifted by +1 (`v_1 = 0`, claims on `v_2`,
//! `\hat m_2`, `1-\beta_1^{t-1}`, `\sum_{i=2}^{t}`) and, where the checker
//! handles it, by −1 (`v_{-1} = 0`, `1-\beta_1^{t+1}`). Every rendering is
//! mathematically true, so every claim must get the same status in every
//! rendering, line by line, and none may be refuted.
//!
//! Template syntax: `@n` is the index `base + n` (write it in braces,
//! `v_{@1}`, so that negative indices stay one subscript); `⟦t⟧`, `⟦t-1⟧`,
//! `⟦k+1⟧` are a generic index shifted against the base (`⟦t⟧` is `t` at
//! base 0, `t-1` at base 1, `t+1` at base −1), for exponents and sum bounds
//! that count steps taken. Step counts written as numbers (`1-\beta_1^2`
//! after two steps) do not move.
mod check_util;

use check_util::{TempVault, statuses_by_line};
use std::collections::BTreeSet;
use verideck::report::CheckReport;
use verideck::verify::Status;

/// A generic index `x + off` written the way a note would (`t`, `t-1`, `t+2`).
fn shifted_symbol(x: char, off: i64) -> String {
    match off {
        0 => x.to_string(),
        o if o > 0 => format!("{x}+{o}"),
        o => format!("{x}-{}", -o),
    }
}

/// `template` with its indices counted from `base` (see the module doc).
fn render(template: &str, base: i64) -> String {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '@' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
                assert!(end > start, "`@` without a number in a template");
                let n: i64 = chars[start..end]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap();
                out.push_str(&(base + n).to_string());
                i = end;
            }
            '⟦' => {
                let close = (i..chars.len())
                    .find(|&j| chars[j] == '⟧')
                    .expect("unclosed ⟦");
                let inner: String = chars[i + 1..close].iter().collect();
                let mut it = inner.chars();
                let x = it.next().expect("empty ⟦⟧");
                let rest: String = it.collect();
                let off: i64 = if rest.is_empty() {
                    0
                } else {
                    rest.trim_start_matches('+').parse().unwrap()
                };
                out.push_str(&shifted_symbol(x, off - base));
                i = close + 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn check(text: &str) -> CheckReport {
    TempVault::new(&[("note.md".to_string(), text.to_string())]).check()
}

/// Every claim of a report, one per line, for failure messages.
fn show(report: &CheckReport) -> String {
    report
        .claims
        .iter()
        .map(|c| {
            format!(
                "    {}:{} {} `{}`: {}",
                c.file,
                c.line,
                c.status.as_str(),
                c.latex,
                c.reason
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines whose statuses differ between two reports, described.
fn differing_lines(a: &CheckReport, b: &CheckReport) -> Vec<String> {
    let (sa, sb) = (statuses_by_line(a), statuses_by_line(b));
    let keys: BTreeSet<_> = sa.keys().chain(sb.keys()).collect();
    let on = |r: &CheckReport, line: usize| {
        r.claims
            .iter()
            .filter(|c| c.line == line)
            .map(|c| format!("{} `{}` ({})", c.status.as_str(), c.latex, c.reason))
            .collect::<Vec<_>>()
            .join("; ")
    };
    keys.into_iter()
        .filter(|k| sa.get(*k) != sb.get(*k))
        .map(|k| {
            format!(
                "  line {}\n    base 0:  {}\n    shifted: {}",
                k.1,
                on(a, k.1),
                on(b, k.1)
            )
        })
        .collect()
}

/// Renders `template` at base 0 and at each of `shifts`: same statuses line
/// by line, nothing refuted, and something verified (so the agreement is
/// not the vacuous one of two unread notes).
fn same_verdicts_under_shifts(name: &str, template: &str, shifts: &[i64]) {
    let original = render(template, 0);
    let before = check(&original);
    let verified = before
        .claims
        .iter()
        .filter(|c| c.status == Status::Verified)
        .count();
    assert!(
        verified >= 3,
        "{name}: only {verified} claims verified at base 0:\n{}",
        show(&before)
    );
    assert!(
        before.claims.iter().all(|c| c.status != Status::Refuted),
        "{name}: the note is true, yet something is refuted at base 0:\n{}",
        show(&before)
    );
    for &shift in shifts {
        let shifted = render(template, shift);
        assert_ne!(shifted, original, "{name}: shift {shift} changes nothing");
        assert_eq!(
            shifted.lines().count(),
            original.lines().count(),
            "{name}: keep the lines aligned"
        );
        let after = check(&shifted);
        let diff = differing_lines(&before, &after);
        assert!(
            diff.is_empty(),
            "{name}: indices shifted by {shift:+} change {} lines:\n{}\nshifted note:\n{shifted}",
            diff.len(),
            diff.join("\n")
        );
        assert!(
            after.claims.iter().all(|c| c.status != Status::Refuted),
            "{name}: shifted by {shift:+}, something is refuted:\n{}",
            show(&after)
        );
    }
}

/// Template: momentum, velocity v_t = β v_{t-1} + g_t, with a closed form and a limit.
const MOMENTUM: &str = r#"# Momentum
- velocity $v_{@0} = 0$, decay β ∈ [0, 1), step size α, t from @1

$$
\begin{split}
g_t &= \nabla f(\theta_{t-1}) \\
v_t &= \beta v_{t-1} + g_t \\
\theta_t &= \theta_{t-1} - \alpha v_t
\end{split}
$$

$$
v_{@1} = g_{@1}
$$

$$
v_{@2} = \beta g_{@1} + g_{@2}
$$

$$
v_{@3} = \beta^2 g_{@1} + \beta g_{@2} + g_{@3}
$$

$$
v_t = \sum_{i=@1}^{t} \beta^{t-i} g_i
$$

$$
v_t = \sum_{i=0}^{⟦t-1⟧} \beta^i g_{t-i}
$$

$$
\theta_{@1} = \theta_{@0} - \alpha g_{@1}
$$

under a constant gradient g:

$$
v_t = g \, \frac{1-\beta^{⟦t⟧}}{1-\beta}
$$

$$
\lim_{t \to \infty} v_t = \frac{g}{1-\beta}
$$
"#;

/// Template: heavy-ball momentum s_k = ρ s_{k-1} − α g_k, with the parameter as a sum of velocities.
const HEAVY_BALL: &str = r#"# Momentum
- velocity $s_{@0} = 0$, decay ρ ∈ [0, 1), step size α, k from @1

$$
\begin{split}
g_k &= \nabla\mathcal{R}(\theta_{k-1}) \\
s_k &= \rho s_{k-1} - \alpha g_k \\
\theta_k &= \theta_{k-1} + s_k
\end{split}
$$

$$
\begin{split}
s_{@1} &= -\alpha g_{@1} \\
s_{@2} &= \rho s_{@1} - \alpha g_{@2} = -\rho \alpha g_{@1} - \alpha g_{@2} \\
\theta_{@2} &= \theta_{@0} + s_{@1} + s_{@2}
\end{split}
$$

$$
s_k = -\alpha \sum_{i=@1}^{k} \rho^{k-i} g_i
$$

$$
\theta_k = \theta_{@0} + \sum_{j=@1}^{k} s_j
$$

with a constant gradient g:

$$
\begin{split}
s_k &= -\alpha g \sum_{i=0}^{⟦k-1⟧} \rho^i \\
&= -\alpha g \, \frac{1-\rho^{⟦k⟧}}{1-\rho}
\end{split}
$$
"#;

/// Template: Adam in one block, bias correction 1 − β_1^t.
const ADAM: &str = r#"# Adam
- $m_{@0} = 0$, $v_{@0} = 0$, decays β_1, β_2, step α, ε > 0, t from @1

$$
\begin{split}
g_t &= \nabla L(\theta_{t-1}) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 \\
\hat{m}_t &= \frac{m_t}{1-\beta_1^{⟦t⟧}} \\
\hat{v}_t &= \frac{v_t}{1-\beta_2^{⟦t⟧}} \\
\theta_t &= \theta_{t-1} - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon}\, \hat{m}_t
\end{split}
$$

$$
\begin{split}
m_{@1} &= (1-\beta_1)\, g_{@1} \\
\hat{m}_{@1} &= \frac{(1-\beta_1)\, g_{@1}}{1-\beta_1} = g_{@1} \\
\hat{v}_{@1} &= g_{@1}^2 \\
\theta_{@1} &= \theta_{@0} - \frac{\alpha}{|g_{@1}| + \epsilon}\, g_{@1}
\end{split}
$$

$$
m_{@2} = \beta_1 (1-\beta_1)\, g_{@1} + (1-\beta_1)\, g_{@2}
$$

$$
\hat{m}_{@2} = \frac{m_{@2}}{1-\beta_1^2} = \frac{\beta_1 g_{@1} + g_{@2}}{1+\beta_1}
$$

$$
m_t = (1-\beta_1) \sum_{i=@1}^{t} \beta_1^{t-i} g_i
$$

with a constant gradient g, $m_t = (1-\beta_1^{⟦t⟧})\, g$ and $\hat{m}_t = g$.
"#;

/// Template: Adam one formula per line with β_1 = 0.9, β_2 = 0.999 written as numbers.
const ADAM_WORKED: &str = r#"# Adam, worked
- $m_{@0} = 0$, $v_{@0} = 0$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, step α, ε, t from @1

$$m_t = 0.9\, m_{t-1} + 0.1\, g_t$$
$$v_t = 0.999\, v_{t-1} + 0.001\, g_t^2$$
$$\hat{m}_t = \frac{m_t}{1-0.9^{⟦t⟧}}, \quad \hat{v}_t = \frac{v_t}{1-0.999^{⟦t⟧}}$$
$$\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}$$

- after one step $\hat{m}_{@1} = g_{@1}$ and $\hat{v}_{@1} = g_{@1}^2$
- after two steps $m_{@2} = 0.09\, g_{@1} + 0.1\, g_{@2}$ and $\hat{m}_{@2} = \frac{m_{@2}}{0.19}$
- the correction after two steps: $1 - 0.9^2 = 0.19$
"#;

/// Template: exponentially weighted average, its weights and its bias correction.
const EWMA: &str = r#"# Exponentially weighted average
- decay β ∈ (0, 1), $V_{@0} = 0$, inputs from $x_{@1}$

$$
V_t = \beta V_{t-1} + (1-\beta)\, x_t
$$

$$
\begin{split}
V_{@1} &= (1-\beta)\, x_{@1} \\
V_{@2} &= \beta (1-\beta) x_{@1} + (1-\beta) x_{@2} \\
V_{@3} &= (1-\beta)\left(\beta^2 x_{@1} + \beta x_{@2} + x_{@3}\right)
\end{split}
$$

$$
V_t = (1-\beta) \sum_{i=@1}^{t} \beta^{t-i} x_i
$$

the weights sum to

$$
(1-\beta) \sum_{i=@1}^{t} \beta^{t-i} = 1 - \beta^{⟦t⟧}
$$

so the corrected average $\hat{V}_t = \frac{V_t}{1-\beta^{⟦t⟧}}$ starts at $\hat{V}_{@1} = x_{@1}$.
"#;

/// Template: exponentially weighted average of temperatures, worked with β = 0.9.
const EWMA_WORKED: &str = r#"# Exponentially weighted average, temperatures
- decay $\beta = 0.9$, $V_{@0} = 0$

$$
V_t = \beta V_{t-1} + (1-\beta)\, x_t
$$

with $x_{@1} = 10$, $x_{@2} = 20$, $x_{@3} = 14$:

$$
\begin{split}
V_{@1} &= 0.9 \cdot 0 + 0.1 \cdot 10 = 1 \\
V_{@2} &= 0.9 \cdot 1 + 0.1 \cdot 20 = 2.9 \\
V_{@3} &= 0.9 \cdot 2.9 + 0.1 \cdot 14 = 4.01
\end{split}
$$

bias corrected: $\frac{V_{@3}}{1-0.9^3} = \frac{4.01}{0.271} \approx 14.80$
"#;

/// Template: AdaGrad with its accumulator unrolled.
const ADAGRAD: &str = r#"# AdaGrad
- accumulator $G_{@0} = 0$, step α, ε > 0, t from @1

$$
\begin{split}
G_t &= G_{t-1} + g_t \odot g_t \\
\theta_t &= \theta_{t-1} - \frac{\alpha}{\sqrt{G_t} + \epsilon} \odot g_t
\end{split}
$$

$$
\begin{split}
G_{@1} &= g_{@1} \odot g_{@1} \\
G_{@2} &= g_{@1} \odot g_{@1} + g_{@2} \odot g_{@2}
\end{split}
$$

$$
G_t = \sum_{i=@1}^{t} g_i \odot g_i
$$

$$
\theta_{@1} = \theta_{@0} - \frac{\alpha}{|g_{@1}| + \epsilon} \odot g_{@1}
$$
"#;

/// Template: RMSProp, symbolic and with ρ = 0.9.
const RMSPROP: &str = r#"# RMSProp
- $r_{@0} = 0$, decay ρ, step α, ε > 0, t from @1

$$
\begin{split}
r_t &= \rho r_{t-1} + (1-\rho)\, g_t \odot g_t \\
\theta_t &= \theta_{t-1} - \frac{\alpha}{\sqrt{r_t + \epsilon}} \odot g_t
\end{split}
$$

$$
\begin{split}
r_{@1} &= (1-\rho)\, g_{@1} \odot g_{@1} \\
r_{@2} &= \rho (1-\rho)\, g_{@1} \odot g_{@1} + (1-\rho)\, g_{@2} \odot g_{@2}
\end{split}
$$

$$
r_t = (1-\rho) \sum_{i=@1}^{t} \rho^{t-i}\, g_i \odot g_i
$$

with $\rho = 0.9$:

$$
\begin{split}
r_{@1} &= 0.9 \cdot 0 + 0.1\, g_{@1}^2 = 0.1\, g_{@1}^2 \\
r_{@2} &= 0.9\, r_{@1} + 0.1\, g_{@2}^2 = 0.09\, g_{@1}^2 + 0.1\, g_{@2}^2
\end{split}
$$
"#;

/// Template: momentum with the first update numbered, m_0 = η g_0.
const MOMENTUM_BY_HAND: &str = r#"# Momentum by hand
- accumulator m, decay β, step η; the first update is numbered @0: $m_{@0} = \eta g_{@0}$

$$
\begin{split}
m_k &= \beta m_{k-1} + \eta g_k \\
w_{k+1} &= w_k - m_k
\end{split}
$$

## first updates
$$
\begin{split}
m_{@1} &= \beta m_{@0} + \eta g_{@1} = \eta\left(\beta g_{@0} + g_{@1}\right) \\
m_{@2} &= \eta\left(\beta^2 g_{@0} + \beta g_{@1} + g_{@2}\right)
\end{split}
$$

$$
m_k = \eta \sum_{i=0}^{⟦k⟧} \beta^i g_{k-i}
$$

with a constant gradient g:

$$
m_k = \eta g \, \frac{1-\beta^{⟦k+1⟧}}{1-\beta}
$$
"#;

#[test]
fn momentum_shifted_by_one_either_way() {
    same_verdicts_under_shifts("momentum", MOMENTUM, &[1, -1]);
}

#[test]
fn heavy_ball_momentum_shifted_by_one_either_way() {
    same_verdicts_under_shifts("heavy ball", HEAVY_BALL, &[1, -1]);
}

#[test]
fn adam_bias_correction_shifted_by_one_either_way() {
    same_verdicts_under_shifts("adam", ADAM, &[1, -1]);
}

#[test]
fn adam_with_numeric_decays_shifted_by_one_either_way() {
    // Shifted by −1 the note counts from `m_{-1} = 0` (`1-0.9^{t+1}`).
    same_verdicts_under_shifts("adam worked", ADAM_WORKED, &[1, -1]);
}

#[test]
fn ewma_shifted_by_one_either_way() {
    same_verdicts_under_shifts("ewma", EWMA, &[1, -1]);
}

#[test]
fn ewma_worked_example_shifted_by_one_either_way() {
    same_verdicts_under_shifts("ewma worked", EWMA_WORKED, &[1, -1]);
}

#[test]
fn adagrad_shifted_by_one_either_way() {
    same_verdicts_under_shifts("adagrad", ADAGRAD, &[1, -1]);
}

#[test]
fn rmsprop_shifted_by_one_either_way() {
    same_verdicts_under_shifts("rmsprop", RMSPROP, &[1, -1]);
}

#[test]
fn momentum_with_a_numbered_first_update_shifted_by_one_either_way() {
    // Shifted by −1 the first update is `m_{-1} = \eta g_{-1}`.
    same_verdicts_under_shifts("momentum by hand", MOMENTUM_BY_HAND, &[1, -1]);
}

#[test]
fn the_renderer_shifts_indices_and_step_counts() {
    let t = r"$v_{@0} = 0$, $v_{@2} = \beta g_{@1}$, $\sum_{i=@1}^{t} x$, $1-\beta^{⟦t⟧}$, $\sum_{i=0}^{⟦k-1⟧}$, $\beta^{⟦k+1⟧}$, $\beta^2$";
    assert_eq!(
        render(t, 0),
        r"$v_{0} = 0$, $v_{2} = \beta g_{1}$, $\sum_{i=1}^{t} x$, $1-\beta^{t}$, $\sum_{i=0}^{k-1}$, $\beta^{k+1}$, $\beta^2$"
    );
    assert_eq!(
        render(t, 1),
        r"$v_{1} = 0$, $v_{3} = \beta g_{2}$, $\sum_{i=2}^{t} x$, $1-\beta^{t-1}$, $\sum_{i=0}^{k-2}$, $\beta^{k}$, $\beta^2$"
    );
    assert_eq!(
        render(t, -1),
        r"$v_{-1} = 0$, $v_{1} = \beta g_{0}$, $\sum_{i=0}^{t} x$, $1-\beta^{t+1}$, $\sum_{i=0}^{k}$, $\beta^{k+2}$, $\beta^2$"
    );
}

#[test]
fn a_half_shifted_note_is_caught() {
    // The property is not vacuous: shift only the initial condition, or
    // only the bias correction, and the verdicts change.
    for (name, template, from, to) in [
        ("momentum", MOMENTUM, "v_{0} = 0", "v_{1} = 0"),
        ("adam", ADAM, r"{1-\beta_1^{t}}", r"{1-\beta_1^{t+1}}"),
    ] {
        let original = render(template, 0);
        assert_eq!(original.matches(from).count(), 1, "{name}: {from}");
        let before = check(&original);
        let after = check(&original.replacen(from, to, 1));
        assert!(
            !differing_lines(&before, &after).is_empty(),
            "{name}: {from} -> {to} changed no verdict:\n{}",
            show(&after)
        );
        assert!(
            after.claims.iter().any(|c| c.status == Status::Refuted),
            "{name}: {from} -> {to} refutes nothing:\n{}",
            show(&after)
        );
    }
}
