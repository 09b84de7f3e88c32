//! `verideck check` end to end on temporary vaults: each output format, the
//! published JSON shape, JUnit that parses, and the exit codes 0/1/2.
mod common;
use common::{TempVault, verideck};
use serde_json::Value;
use std::collections::BTreeSet;

/// True arithmetic, a formula the checker may not read, and a card.
const TRUE: &str = "# sums\nworked: $2 + 2 = 4$\n\n$$\n\\sum_{k=0}^{\\infty} q^k = \\frac{1}{1-q}\n$$\n\nSTART\nBasic\nWhat is $3 \\cdot 3$?\nBack: $3 \\cdot 3 = 9$\nEND\n";
/// One wrong line of arithmetic.
const FALSE: &str = "# sums\nworked: $2 + 2 = 5$\n";

fn check(v: &TempVault, args: &[&str]) -> assert_cmd::assert::Assert {
    verideck().arg("check").arg(v.vault()).args(args).assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn json(v: &TempVault) -> Value {
    let assert = check(v, &["--format", "json"]);
    serde_json::from_str(&stdout(&assert)).unwrap()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_has_exactly_the_published_shape() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes())]);
    let report = json(&v);
    assert_eq!(
        keys(&report),
        BTreeSet::from(["claims", "summary", "problems"])
    );
    assert_eq!(report["problems"], serde_json::json!([]), "a clean vault");
    let claims = report["claims"].as_array().unwrap();
    assert!(claims.len() >= 4, "{report:#}");
    let claim_keys = BTreeSet::from([
        "id", "file", "line", "column", "latex", "kind", "status", "reason", "evidence",
    ]);
    for claim in claims {
        assert_eq!(keys(claim), claim_keys, "{claim:#}");
        assert_eq!(claim["file"], "sums.md");
        assert!(["verified", "refuted", "unchecked"].contains(&claim["status"].as_str().unwrap()));
        assert!(claim["evidence"].is_object());
    }
    // `line` and `column` point at the formula as written.
    let first = &claims[0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(10))
    );
    assert!(first["latex"].as_str().unwrap().starts_with("2 + 2"));
    let summary = &report["summary"];
    assert_eq!(
        keys(summary),
        BTreeSet::from([
            "formulas",
            "claims",
            "verified",
            "refuted",
            "unchecked",
            "coverage"
        ])
    );
    let count = |s: &str| claims.iter().filter(|c| c["status"] == s).count() as u64;
    assert_eq!(summary["claims"].as_u64(), Some(claims.len() as u64));
    for status in ["verified", "refuted", "unchecked"] {
        assert_eq!(summary[status].as_u64(), Some(count(status)), "{status}");
    }
    assert_eq!(
        summary["formulas"], 4,
        "2 + 2 = 4, the series, 3·3 and 3·3 = 9"
    );
    let coverage = summary["coverage"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&coverage));
}

#[test]
fn junit_parses_with_one_testcase_per_claim() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes()), ("z/other.md", b"$x = 1$\n")]);
    let claims = json(&v)["claims"].as_array().unwrap().len();
    let xml = stdout(&check(&v, &["--format", "junit"]).success());
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut suites, mut skipped) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"testsuite" => suites += 1,
                    b"skipped" => skipped += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(cases, claims);
    assert_eq!(suites, 2, "one suite per file");
    let unchecked = json(&v)["summary"]["unchecked"].as_u64().unwrap() as usize;
    assert_eq!(skipped, unchecked, "unchecked claims are skipped cases");
}

#[test]
fn human_ends_with_the_summary_and_lists_unchecked_claims_on_request() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes())]);
    let summary = &json(&v)["summary"];
    let text = stdout(&check(&v, &[]).success());
    let line = format!(
        "{} formulas, {} claims: {} verified, 0 refuted, {} unchecked; coverage ",
        summary["formulas"], summary["claims"], summary["verified"], summary["unchecked"]
    );
    assert!(text.lines().last().unwrap().starts_with(&line), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped: {text}");
    assert!(!text.contains(": unchecked: "), "{text}");
    let shown = stdout(&check(&v, &["--show-unchecked"]).success());
    let listed = shown
        .lines()
        .filter(|l| l.contains(": unchecked: "))
        .count();
    assert_eq!(
        listed as u64,
        summary["unchecked"].as_u64().unwrap(),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .all(|l| !l.contains(": unchecked: ") || l.starts_with("sums.md:"))
    );
}

#[test]
fn the_vault_defaults_to_notes_as_for_build() {
    let v = TempVault::new(&[("notes/sums.md", TRUE.as_bytes())]);
    let here = verideck()
        .current_dir(v.vault())
        .args(["check", "--format", "json"])
        .assert()
        .success();
    let explicit = verideck()
        .current_dir(v.vault())
        .args(["check", "notes", "--format", "json"])
        .assert()
        .success();
    assert_eq!(stdout(&here), stdout(&explicit));
    assert!(stdout(&here).contains("\"file\": \"sums.md\""));
}

/// Without a `notes/` folder, both commands say which folder is missing
/// and how to pass one.
#[test]
fn a_missing_default_vault_says_which_folder_and_how_to_pass_one() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes())]);
    for command in ["check", "build"] {
        let assert = verideck()
            .current_dir(v.vault())
            .arg(command)
            .assert()
            .code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(
            stderr.trim_end(),
            format!(
                "error: cannot read vault notes (the default vault, notes/ in the current folder): \
no such folder; pass the vault folder: verideck {command} PATH/TO/VAULT"
            )
        );
    }
    assert!(!v.vault().join("out").exists(), "build wrote nothing");
}

#[test]
fn a_refuted_claim_is_a_diagnostic_with_a_caret_and_exit_1() {
    let v = TempVault::new(&[("sums.md", FALSE.as_bytes())]);
    let report = json(&v);
    assert_eq!(report["summary"]["refuted"], 1, "{report:#}");
    let assert = check(&v, &[]).code(1);
    let text = stdout(&assert);
    assert!(text.contains("error[refuted]"), "{text}");
    assert!(text.contains("sums.md:2:10"), "{text}");
    assert!(text.contains("^^^^^^^^^ this does not hold"), "{text}");
    // The two sides, from the evidence.
    assert!(
        text.contains("= left side: 4") && text.contains("= right side: 5"),
        "{text}"
    );
    check(&v, &["--format", "json"]).code(1);
    check(&v, &["--format", "junit"]).code(1);
}

#[test]
fn true_arithmetic_exits_0_in_every_format() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes())]);
    assert_eq!(json(&v)["summary"]["refuted"], 0);
    for format in ["human", "json", "junit"] {
        check(&v, &["--format", format]).code(0);
    }
}

#[test]
fn bad_usage_and_unreadable_input_exit_2() {
    let v = TempVault::new(&[("sums.md", TRUE.as_bytes())]);
    check(&v, &["--format", "yaml"]).code(2);
    check(&v, &["--bogus"]).code(2);
    verideck()
        .args(["check"])
        .arg(v.dir.path().join("nowhere"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read vault"));
    let latin1 = TempVault::new(&[("sums.md", TRUE.as_bytes()), ("l.md", b"caf\xe9 $1=1$\n")]);
    let assert = check(&latin1, &[]).code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("l.md:1: not valid UTF-8 (byte 3)"),
        "{stderr}"
    );
    assert!(stderr.contains("1 file could not be read"), "{stderr}");
}

#[test]
fn help_explains_formats_and_exit_codes() {
    let help = verideck().args(["check", "--help"]).assert().success();
    let text = stdout(&help);
    for needle in [
        "--format",
        "human",
        "json",
        "junit",
        "--show-unchecked",
        "0 nothing refuted, 1 some claim refuted, 2 bad usage",
        "[default: notes]",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

/// The sample vault, copied to two different places and checked there:
/// every report byte for byte the same (random trials are seeded from the
/// note's vault-relative path, never from the clock or the location).
#[test]
fn the_same_vault_gives_the_same_report_byte_for_byte() {
    let notes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let run = |dir: &std::path::Path| {
        let out = verideck()
            .arg("check")
            .arg(dir)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "the sample vault has nothing refuted"
        );
        out.stdout
    };
    let copy = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(name);
        for entry in walkdir::WalkDir::new(&notes) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&notes).unwrap();
            let to = target.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        (dir, target)
    };
    let first = run(&notes);
    assert_eq!(first, run(&notes));
    let (_a, elsewhere) = copy("another name");
    assert_eq!(first, run(&elsewhere));
    let report: Value = serde_json::from_slice(&first).unwrap();
    assert!(report["summary"]["claims"].as_u64().unwrap() > 100);
}

/// A broken block or an unclosed `$$` hides formulas from the check: the
/// check says where, on stderr, still reports what it could read, and
/// fails as `build` does (exit 2; more cases in `check_gate.rs`).
#[test]
fn broken_blocks_and_unclosed_display_math_are_reported() {
    let text = "# n\nok $1 + 1 = 2$\nSTART\nBasic\nfront\n\n$$\n2 + 2 = 5\n";
    let v = TempVault::new(&[("n.md", text.as_bytes())]);
    let assert = check(&v, &[]).code(2);
    assert!(
        stdout(&assert).contains("1 formulas, 1 claims: 1 verified"),
        "the readable part is still checked"
    );
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("n.md:3: START without END"), "{err}");
    assert!(err.contains("n.md:7: unclosed $$"), "{err}");
    assert!(err.contains("2 problems in the notes"), "{err}");
}
