//! Hostile input (issue 13): every expansion has a budget, and hitting one
//! gives a warning with the reason while the rest of the vault is still
//! processed. Timings are generous (debug builds on a shared machine); the
//! inputs here took minutes and gigabytes before the budgets.
mod common;
use common::{TempVault, verideck};
use serde_json::Value;
use std::time::{Duration, Instant};

/// A note whose one formula the checker verifies, to show the rest of the
/// vault is still checked.
const TRUE: &str = "$$2 + 3 = 5$$\n";

fn check_json(v: &TempVault) -> (Value, String) {
    let out = verideck()
        .args(["check", "--format", "json"])
        .arg(v.vault())
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).expect("json report");
    (json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn build(v: &TempVault) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let out = verideck()
        .arg("build")
        .arg(v.vault())
        .arg("--out")
        .arg(v.out())
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (out, start.elapsed())
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn statuses(report: &Value, file: &str) -> Vec<String> {
    report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["file"] == file)
        .map(|c| c["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn notes_embedding_each_other_stop_at_the_embed_budget() {
    let notes: Vec<(String, String)> = (0..8)
        .map(|i| {
            let embeds: String = (0..8)
                .filter(|&j| j != i)
                .map(|j| format!("![[n{j}]]\n"))
                .collect();
            (format!("n{i}.md"), format!("# N{i}\ntext {i}\n{embeds}"))
        })
        .collect();
    let files: Vec<(&str, &[u8])> = notes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let v = TempVault::new(&files);
    let (out, took) = build(&v);
    let err = stderr(&out);
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(
        err.contains("more than 1000 embeds met in one text"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.lines().count() < 5_000, "{} lines", err.lines().count());
    for i in 0..8 {
        assert!(v.out().join(format!("lessons/n{i}.html")).exists());
    }
}

#[test]
fn a_sum_of_6000_terms_is_unchecked_with_the_reason_and_the_rest_is_checked() {
    let sum = format!("$${} = 6000$$\n", vec!["1"; 6000].join("+"));
    let v = TempVault::new(&[("sum.md", sum.as_bytes()), ("ok.md", TRUE.as_bytes())]);
    let start = Instant::now();
    let (report, _) = check_json(&v);
    assert!(start.elapsed() < Duration::from_secs(30));
    let claim = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == "sum.md")
        .unwrap();
    assert_eq!(claim["status"], "unchecked");
    let reason = claim["reason"].as_str().unwrap();
    assert!(reason.contains("over the maximum of 1000"), "{reason}");
    assert_eq!(statuses(&report, "ok.md"), ["verified"]);
}

#[test]
fn a_sum_under_the_budget_is_still_checked() {
    let sum = format!("$${} = 100$$\n", vec!["1"; 100].join("+"));
    let v = TempVault::new(&[("sum.md", sum.as_bytes())]);
    let (report, _) = check_json(&v);
    assert_eq!(statuses(&report, "sum.md"), ["verified"]);
}

#[test]
fn a_2_mb_note_checks_and_builds_in_seconds_with_a_warning() {
    let big = "Some prose around $a + b$ and more words.\n\n".repeat(48_000);
    assert!(big.len() > 2_000_000);
    let v = TempVault::new(&[("big.md", big.as_bytes()), ("ok.md", TRUE.as_bytes())]);
    let start = Instant::now();
    let (report, _) = check_json(&v);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(statuses(&report, "big.md").len(), 1000);
    assert_eq!(statuses(&report, "ok.md"), ["verified"]);
    let (out, took) = build(&v);
    assert!(took < Duration::from_secs(60), "{took:?}");
    let err = stderr(&out);
    assert!(
        err.contains("48000 formulas in one note, over the maximum of 1000 checked per note"),
        "{err}"
    );
    assert!(v.out().join("lessons/big.html").exists());
}

#[test]
fn lines_of_missing_embeds_are_bounded() {
    // `nope` is missing; `self` is the note itself, which embeds itself
    // 20 000 times per expansion.
    let nope = "![[nope]]\n".repeat(20_000);
    let v = TempVault::new(&[
        ("nope.md", nope.as_bytes()),
        ("ok.md", b"START\nBasic\nQ\nBack: A\nEND\n"),
    ]);
    let (out, took) = build(&v);
    assert!(took < Duration::from_secs(60), "{took:?}");
    let err = stderr(&out);
    assert!(err.matches("embed not found").count() <= 100);
    assert!(
        err.contains("the rest are not listed"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert_eq!(out.status.code(), Some(2)); // missing embeds stay errors
    assert!(common::rows(&std::fs::read_to_string(v.out().join("deck.txt")).unwrap()).len() == 1);
}
