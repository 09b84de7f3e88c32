//! Adamax as a reference optimizer: a note's PyTorch-style pseudo-code for Adamax (ε inside the
//! maximum) and the paper's ε-free rule are verified by `verideck check --format json`, and
//! wrong edits of the rule under an "Adamax" heading are refuted at the edited line.
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Adamax as `\leftarrow` pseudo-code, PyTorch's notation (γ step size, ε inside the max).
const TORCH_FORM: &str = r#"# Adamax

The infinity-norm relative of Adam, written as the loop PyTorch documents; both buffers start at
zero and the first update is t = 1.

$$
\begin{aligned}
&m_0 \leftarrow 0, \quad u_0 \leftarrow 0 \\
&\textbf{for}\ t = 1, 2, \ldots \\
&\quad g_t \leftarrow \nabla_{\theta} f_t (\theta_{t-1}) \\
&\quad m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
&\quad u_t \leftarrow \mathrm{max}(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
&\quad \theta_t \leftarrow \theta_{t-1} - \frac{\gamma m_t}{(1 - \beta_1^t) u_t}
\end{aligned}
$$

Only the first moment is corrected for its zero start.
"#;

/// The paper's Adamax (Kingma & Ba, §7.1): no ε, step size α.
const PAPER_FORM: &str = r#"# Adamax in the Adam paper

With $m_0 = 0$ and $u_0 = 0$, for $t = 1, 2, \ldots$:

$$m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$$

$$u_t = \max(\beta_2 u_{t-1}, |g_t|)$$

$$\theta_t = \theta_{t-1} - \frac{\alpha}{1 - \beta_1^t} \frac{m_t}{u_t}$$
"#;

struct Claim {
    line: u64,
    status: String,
    reason: String,
}

fn check(text: &str) -> Vec<Claim> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("note.md"), text).unwrap();
    let out = Command::new(Path::new(env!("CARGO_BIN_EXE_verideck")))
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Claim {
            line: c["line"].as_u64().unwrap(),
            status: c["status"].as_str().unwrap().to_string(),
            reason: c["reason"].as_str().unwrap_or("").to_string(),
        })
        .collect()
}

fn dump(claims: &[Claim]) -> String {
    claims
        .iter()
        .map(|c| format!("{}: {} — {}", c.line, c.status, c.reason))
        .collect::<Vec<_>>()
        .join("\n")
}

fn line_of(text: &str, snippet: &str) -> u64 {
    assert_eq!(text.matches(snippet).count(), 1, "{snippet}");
    let at = text.find(snippet).unwrap();
    text[..at].matches('\n').count() as u64 + 1
}

/// Every claim on `line` has `status`, and there is at least one.
fn assert_line(claims: &[Claim], line: u64, status: &str) {
    let here: Vec<&Claim> = claims.iter().filter(|c| c.line == line).collect();
    assert!(
        !here.is_empty() && here.iter().all(|c| c.status == status),
        "line {line} should be {status}:\n{}",
        dump(claims)
    );
}

#[test]
fn torch_pseudo_code_is_verified_as_adamax() {
    let claims = check(TORCH_FORM);
    assert!(
        claims.iter().all(|c| c.status != "refuted"),
        "{}",
        dump(&claims)
    );
    let rule = line_of(TORCH_FORM, r"\theta_t \leftarrow");
    assert_line(&claims, rule, "verified");
    let u = line_of(TORCH_FORM, r"u_t \leftarrow");
    assert_line(&claims, u, "verified");
    let reason = &claims.iter().find(|c| c.line == rule).unwrap().reason;
    assert!(
        reason.contains("Adamax (PyTorch, ε inside the max)"),
        "{reason}"
    );
}

#[test]
fn paper_rule_is_verified_as_the_eps_free_form() {
    let claims = check(PAPER_FORM);
    assert!(
        claims.iter().all(|c| c.status != "refuted"),
        "{}",
        dump(&claims)
    );
    let rule = line_of(PAPER_FORM, r"\theta_t = ");
    assert_line(&claims, rule, "verified");
    let reason = &claims.iter().find(|c| c.line == rule).unwrap().reason;
    assert!(reason.contains("Adamax (paper, no ε)"), "{reason}");
}

/// One wrong edit of the PyTorch rule: refuted at the edited line.
fn assert_mutant_refuted(snippet: &str, mutated: &str) {
    assert_eq!(TORCH_FORM.matches(snippet).count(), 1, "{snippet}");
    let text = TORCH_FORM.replace(snippet, mutated);
    let line = line_of(&text, mutated);
    let claims = check(&text);
    let here: Vec<&Claim> = claims.iter().filter(|c| c.line == line).collect();
    assert!(
        here.iter().any(|c| c.status == "refuted"),
        "the edit `{mutated}` should be refuted at line {line}:\n{}",
        dump(&claims)
    );
    assert!(
        here.iter().all(|c| c.status != "verified"),
        "{}",
        dump(&claims)
    );
    // The heading "Adamax" names Adamax (not Adam): the rule is refuted against it.
    assert!(
        here.iter()
            .any(|c| c.reason.contains("does not match adamax")),
        "{}",
        dump(&claims)
    );
}

#[test]
fn bias_correction_with_beta2_is_refuted() {
    assert_mutant_refuted(r"{(1 - \beta_1^t) u_t}", r"{(1 - \beta_2^t) u_t}");
}

#[test]
fn infinity_norm_decaying_with_beta1_is_refuted() {
    assert_mutant_refuted(
        r"\mathrm{max}(\beta_2 u_{t-1}",
        r"\mathrm{max}(\beta_1 u_{t-1}",
    );
}

#[test]
fn flipped_sign_is_refuted() {
    assert_mutant_refuted(
        r"\theta_{t-1} - \frac{\gamma m_t}",
        r"\theta_{t-1} + \frac{\gamma m_t}",
    );
}
