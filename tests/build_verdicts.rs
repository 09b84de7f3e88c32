//! `verideck build` runs the checker first: a refuted claim stops the build
//! (exit 1, nothing written) unless `--allow-refuted`; every card carries
//! exactly one verdict tag — the worst status among the claims on it, as
//! `verideck check` reports them — and a footer saying what was checked.
//! Also: stale lesson pages go, user files stay, files are 0644.
mod common;
use common::{TempVault, rows, snapshot_tree, verideck};
use serde_json::Value;

/// A card with formulas, one embedding another note's section, one without math.
const CARDS: &str = "# cards\n\nSTART\nBasic\nWhat is $3 \\cdot 3$?\nBack: $3 \\cdot 3 = 9$\nEND\n\nSTART\nBasic\nthe series\nBack: ![[series#sum]]\nEND\n\nSTART\nBasic\nno math\nBack: words only\nEND\n\nSTART\nBasic (type in the answer)\ncapital of France?\nBack: Paris\nEND\n";
const SERIES: &str =
    "# series\n## sum\n$$\n\\sum_{k=0}^{\\infty} q^k = \\frac{1}{1-q}\n$$\n## other\n$x = 1$\n";
const FALSE_CARD: &str = "START\nBasic\nwhat is $2 + 2$?\nBack: $2 + 2 = 5$\nEND\n";

fn check_json(v: &TempVault) -> Value {
    let out = verideck()
        .arg("check")
        .arg(v.vault())
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rank(status: &str) -> u8 {
    match status {
        "verified" => 0,
        "unchecked" => 1,
        "refuted" => 2,
        other => panic!("status {other}"),
    }
}

/// The worst status among the claims of `file` on lines `lines`.
fn worst(report: &Value, file: &str, lines: std::ops::RangeInclusive<u64>) -> Option<String> {
    report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["file"] == file && lines.contains(&c["line"].as_u64().unwrap()))
        .map(|c| c["status"].as_str().unwrap().to_string())
        .max_by_key(|s| rank(s))
}

fn verdict_tags(row: &[String]) -> Vec<&str> {
    row[3]
        .split(' ')
        .filter(|t| t.starts_with("verideck::"))
        .collect()
}

#[test]
fn each_card_is_tagged_with_the_worst_claim_on_it_embeds_included() {
    let v = TempVault::new(&[
        ("cards.md", CARDS.as_bytes()),
        ("series.md", SERIES.as_bytes()),
    ]);
    v.build().success();
    let report = check_json(&v);
    let rows = rows(&v.deck());
    assert_eq!(rows.len(), 4);
    let by_front = |front: &str| rows.iter().find(|r| r[4].contains(front)).unwrap();
    // Own formulas: the claims between START and END.
    let own = worst(&report, "cards.md", 3..=7).expect("claims on the first card");
    assert_eq!(
        verdict_tags(by_front("What is")),
        [format!("verideck::{own}")]
    );
    // An embed brings the embedded section's claims (series.md lines 2-5), not the next section's.
    let embedded = worst(&report, "series.md", 2..=5).expect("claims in the section");
    assert_eq!(
        verdict_tags(by_front("the series")),
        [format!("verideck::{embedded}")]
    );
    // No formula: unchecked, and the footer says so.
    let plain = by_front("no math");
    assert_eq!(verdict_tags(plain), ["verideck::unchecked"]);
    assert!(
        plain[5]
            .ends_with("<div class=\"verideck\">No formula on this card: nothing to check.</div>")
    );
    for row in &rows {
        assert_eq!(verdict_tags(row).len(), 1, "{row:?}");
        let footers = row[5].matches("<div class=\"verideck\">").count();
        // A typed answer is compared with the Back: no footer there.
        let want = usize::from(row[1] != "Basic (type in the answer)");
        assert_eq!(footers, want, "{row:?}");
    }
    let first = by_front("What is");
    assert!(first[5].starts_with("\\(3 \\cdot 3 = 9\\)\n<div class=\"verideck\">"));
}

#[test]
fn tags_and_footers_do_not_change_guids() {
    let v = TempVault::new(&[
        ("cards.md", CARDS.as_bytes()),
        ("series.md", SERIES.as_bytes()),
    ]);
    v.build().success();
    let guids: Vec<String> = rows(&v.deck()).into_iter().map(|r| r[0].clone()).collect();
    let expected: Vec<String> = [
        "What is $3 \\cdot 3$?",
        "the series",
        "no math",
        "capital of France?",
    ]
    .iter()
    .map(|front| verideck::deck::guid::guid(None, "cards.md", front))
    .collect();
    let mut sorted = expected.clone();
    sorted.sort();
    let mut got = guids.clone();
    got.sort();
    assert_eq!(got, sorted);
}

#[test]
fn a_refuted_claim_stops_the_build_and_writes_nothing() {
    let v = TempVault::new(&[("bad.md", FALSE_CARD.as_bytes())]);
    let assert = v.build().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("error[refuted]"), "{stderr}");
    assert!(stderr.contains("bad.md:4:"), "{stderr}");
    assert!(
        stderr.contains("nothing written (--allow-refuted writes anyway)"),
        "{stderr}"
    );
    assert!(!v.out().exists(), "the out folder must not be created");
    // An earlier build's output stays as it was.
    let good = TempVault::new(&[("bad.md", b"START\nBasic\nQ\nBack: A\nEND\n")]);
    good.build().success();
    let before = snapshot_tree(&good.out());
    std::fs::write(good.vault().join("bad.md"), FALSE_CARD).unwrap();
    good.build().code(1);
    assert!(snapshot_tree(&good.out()) == before, "out/ changed");
}

#[test]
fn allow_refuted_writes_and_tags_the_card_refuted() {
    let v = TempVault::new(&[("bad.md", FALSE_CARD.as_bytes())]);
    let assert = verideck()
        .arg("build")
        .arg(v.vault())
        .arg("--out")
        .arg(v.out())
        .arg("--allow-refuted")
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("error[refuted]"), "{stderr}");
    let rows = rows(&v.deck());
    assert_eq!(verdict_tags(&rows[0]), ["verideck::refuted"]);
    assert!(rows[0][5].contains("<span class=\"refuted\">✗ 1 formula refuted</span>"));
    assert!(v.out().join("deck.apkg").is_file());
    let page = std::fs::read_to_string(v.out().join("lessons/bad.html")).unwrap();
    assert!(page.contains("refuted"), "{page}");
}

#[test]
fn stale_lesson_pages_go_and_user_files_stay() {
    let v = TempVault::new(&[("old name.md", b"# a\n"), ("keep.md", b"# b\n")]);
    v.build().success();
    let lessons = v.out().join("lessons");
    assert!(lessons.join("old name.html").is_file());
    std::fs::write(lessons.join("my notes.txt"), "mine").unwrap();
    std::fs::write(v.out().join("other.html"), "mine").unwrap();
    std::fs::rename(v.vault().join("old name.md"), v.vault().join("new name.md")).unwrap();
    v.build()
        .success()
        .stderr(predicates::str::contains("removed stale output file"));
    assert!(!lessons.join("old name.html").exists());
    assert!(lessons.join("new name.html").is_file() && lessons.join("keep.html").is_file());
    assert_eq!(
        std::fs::read_to_string(lessons.join("my notes.txt")).unwrap(),
        "mine"
    );
    assert!(v.out().join("other.html").is_file());
}

#[cfg(unix)]
#[test]
fn written_files_are_readable_by_everyone() {
    use std::os::unix::fs::PermissionsExt;
    let v = TempVault::new(&[("a.md", b"START\nBasic\nQ\nBack: A\nEND\n")]);
    v.build().success();
    for file in [
        "deck.txt",
        "deck.apkg",
        "lessons/index.html",
        "lessons/a.html",
    ] {
        let mode = std::fs::metadata(v.out().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{file}");
    }
}
