//! The human report says in words what was compared (issue 14): each
//! refuted claim's evidence as `label: value` notes — the two sides, the
//! inputs as `ρ = 0.7`, the difference as a short number — never JSON and
//! never byte offsets. The whole report of a small vault is a snapshot.
mod common;
use common::{TempVault, verideck};

/// Wrong arithmetic, two wrong identities (one with a Greek symbol) and a
/// momentum rule with a flipped sign.
const NOTES: &[(&str, &str)] = &[
    ("sums.md", "# sums\nworked: $3^2 + 4^2 = 49$\n"),
    (
        "series.md",
        "# series\nFor $0 < \\rho < 1$:\n\n$$\n\\sum_{i=0}^{k-1} \\rho^i = \\frac{1-\\rho^{k+1}}{1-\\rho}\n$$\n\nand $(a+b)^2 = a^2 + b^2$ for all $a, b$.\n",
    ),
    (
        "momentum.md",
        "# momentum\n\n## update\n$$\n\\begin{split}\ns_k &= \\rho s_{k-1} - \\alpha g_k \\\\\n\\theta_k &= \\theta_{k-1} - s_k\n\\end{split}\n$$\n",
    ),
];

fn report() -> String {
    let files: Vec<(&str, &[u8])> = NOTES.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let v = TempVault::new(&files);
    let out = verideck()
        .arg("check")
        .arg(v.vault())
        .args(["--show-unchecked", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn evidence_is_written_in_words() {
    let text = report();
    assert!(
        text.contains("= inputs: k = 5, ρ = "),
        "inputs as assignments: {text}"
    );
    assert!(text.contains("= left side: 25\n"), "{text}");
    for internal in ["{\"", "\"symbol\"", "at byte", "worst_error", "index_base"] {
        assert!(!text.contains(internal), "{internal:?} in {text}");
    }
    insta::assert_snapshot!("human_report", text);
}
