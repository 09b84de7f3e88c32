//! `verideck check` as a CI gate for the whole vault (issue 14): every
//! problem `verideck build` reports about the input — a `START` with no
//! `END`, an unclosed `$$`, an embed of a missing note, a skipped symlink —
//! is printed on stderr as `file:line: message`, listed in the JSON
//! `problems` and the JUnit report, and an error-level one makes `check`
//! exit with 2, as `build` does (2 wins over a refuted claim's 1).
mod common;
use common::{TempVault, verideck};
use serde_json::Value;

/// A note with a true formula and nothing wrong with it.
const CLEAN: &str = "# ok\nworked: $2 + 2 = 4$\n";

/// Runs `check` on the vault with `args`; returns (exit code, stdout, stderr).
fn check(v: &TempVault, args: &[&str]) -> (Option<i32>, String, String) {
    let out = verideck()
        .arg("check")
        .arg(v.vault())
        .args(args)
        .arg("--no-cache")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The `problems` of the JSON report, as `(file, line, severity, message)`.
fn problems(v: &TempVault) -> Vec<(String, u64, String, String)> {
    let (_, stdout, _) = check(v, &["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    report["problems"]
        .as_array()
        .expect("problems is an array")
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap(),
                p["severity"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts that `note` (the only broken note of a vault) makes every format
/// exit with 2 and reports `expected` at `file:line` on stderr, in the
/// JSON problems and as a JUnit error.
fn assert_gate(note: &str, line: u64, expected: &str) {
    let v = TempVault::new(&[("ok.md", CLEAN.as_bytes()), ("bad.md", note.as_bytes())]);
    for format in ["human", "json", "junit"] {
        let (code, _, stderr) = check(&v, &["--format", format]);
        assert_eq!(code, Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains(&format!("bad.md:{line}: {expected}")),
            "{format}: {stderr}"
        );
    }
    let listed = problems(&v);
    assert!(
        listed.contains(&("bad.md".into(), line, "error".into(), expected.into())),
        "{listed:?}"
    );
    let (_, xml, _) = check(&v, &["--format", "junit"]);
    assert!(
        xml.contains(&format!("name=\"bad.md:{line}: {expected}\"")),
        "{xml}"
    );
    assert!(xml.contains("type=\"broken-input\""), "{xml}");
}

#[test]
fn a_start_without_end_exits_2() {
    assert_gate(
        "# n\ntext\nSTART\nBasic\nfront\nBack: back\n",
        3,
        "START without END",
    );
}

#[test]
fn an_unclosed_display_math_exits_2() {
    assert_gate("# n\nbefore\n$$\n2 + 2 = 4\n", 3, "unclosed $$");
}

#[test]
fn an_embed_of_a_missing_note_exits_2() {
    assert_gate(
        "# n\nsee\n![[nowhere to be found]]\n",
        3,
        "embed not found: ![[nowhere to be found]]",
    );
}

#[test]
fn a_missing_embed_in_a_card_exits_2() {
    assert_gate(
        "# n\nSTART\nBasic\nfront\nBack: ![[gone]]\nEND\n",
        5,
        "embed not found: ![[gone]]",
    );
}

#[test]
fn broken_input_wins_over_a_refuted_claim() {
    let v = TempVault::new(&[
        ("wrong.md", b"# w\nworked: $2 + 2 = 5$\n"),
        ("bad.md", b"# n\nSTART\nBasic\nfront\n"),
    ]);
    let (code, stdout, stderr) = check(&v, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stdout.contains("error[refuted]"),
        "still reported: {stdout}"
    );
    assert!(stderr.contains("bad.md:2: START without END"), "{stderr}");
    assert!(stderr.contains("1 problem in the notes"), "{stderr}");
    // Without the broken note, the refuted claim alone exits with 1.
    let v = TempVault::new(&[("wrong.md", b"# w\nworked: $2 + 2 = 5$\n")]);
    assert_eq!(check(&v, &[]).0, Some(1));
}

#[test]
fn a_clean_vault_has_no_problems_and_exits_0() {
    let v = TempVault::new(&[("ok.md", CLEAN.as_bytes())]);
    let (code, _, stderr) = check(&v, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("ok.md:"), "{stderr}");
    assert_eq!(problems(&v), Vec::new());
}

/// Warnings (here a link to a missing note) are listed but leave the exit
/// status alone.
#[test]
fn warnings_are_reported_and_exit_0() {
    let v = TempVault::new(&[("ok.md", b"# ok\nsee [[nobody]] and $2 + 2 = 4$\n")]);
    let (code, _, stderr) = check(&v, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let listed = problems(&v);
    assert!(
        listed
            .iter()
            .any(|(file, line, severity, _)| file == "ok.md"
                && *line == 2
                && severity == "warning"),
        "{listed:?}"
    );
    assert!(stderr.contains("ok.md:2: warning: "), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_skipped_symlink_is_a_warning() {
    let v = TempVault::new(&[("ok.md", CLEAN.as_bytes())]);
    let outside = v.dir.path().join("outside.md");
    std::fs::write(&outside, "# out\n$1 + 1 = 3$\n").unwrap();
    std::os::unix::fs::symlink(&outside, v.vault().join("s.md")).unwrap();
    let (code, _, stderr) = check(&v, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("s.md:1: warning: symlink points outside the vault"),
        "{stderr}"
    );
}

/// `check` reports exactly the problems `build` reports, line for line.
#[test]
fn check_reports_what_build_reports() {
    let v = TempVault::new(&[
        ("ok.md", CLEAN.as_bytes()),
        ("a.md", b"# a\nSTART\nBasic\nfront\n"),
        ("b.md", b"# b\n![[gone]] and [[nobody]]\n$$\nx\n"),
        (
            "c.md",
            b"# c\nSTART\nBasic\nq\nBack: $$\nx\nEND\nEND\nSTART\nNope\nq\nEND\n",
        ),
    ]);
    let problem_lines = |stderr: &str| -> Vec<String> {
        stderr
            .lines()
            .filter(|l| l.contains(".md:"))
            .map(str::to_string)
            .collect()
    };
    let build = v.build().code(2);
    let built = problem_lines(&String::from_utf8_lossy(&build.get_output().stderr));
    let (code, _, stderr) = check(&v, &[]);
    assert_eq!(code, Some(2));
    let checked = problem_lines(&stderr);
    assert!(built.len() >= 6, "{built:#?}");
    assert_eq!(checked, built);
}

/// A budget warning (notes embedding each other past the embed budget) is
/// reported by `check` as by `build`, with the same exit status (the
/// embed cycles there are errors).
#[test]
fn an_exceeded_embed_budget_is_a_warning() {
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
    let (code, _, stderr) = check(&v, &[]);
    let built = v.build().get_output().status.code();
    assert_eq!(code, built);
    assert_eq!(code, Some(2), "embed cycles are errors");
    assert!(
        stderr.contains(": warning: more than 1000 embeds met in one text"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
}
