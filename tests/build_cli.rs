//! The `verideck build` command end to end, on temporary vaults.
mod common;
use common::{TempVault, rows, snapshot_tree, verideck};
use predicates::prelude::*;

const GOOD: &str = "---\ntags: [ml/optim]\n---\nTARGET DECK: ML::Optim\n## limit\nconstant $g$: $s_\\infty = -\\frac{\\alpha g}{1-\\rho}$\n\nSTART\nBasic\nWhat is the limit?\nBack:\n![[momentum#limit]]\nTags: ml\n<!--ID: 11-->\nEND\n";

#[test]
fn writes_a_deck_for_a_good_vault_and_exits_zero() {
    let v = TempVault::new(&[("momentum.md", GOOD.as_bytes())]);
    v.build()
        .success()
        .stderr(predicate::str::contains("1 notes; 0 errors"));
    let deck = v.deck();
    assert!(deck.starts_with("#separator:tab\n#html:true\n"));
    let rows = rows(&deck);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0..3], ["o2a-11", "Basic", "ML::Optim"]);
    // The verdict tag is the checker's business (see check_cli.rs); here: exactly one.
    let tags: Vec<&str> = rows[0][3].split(' ').collect();
    assert_eq!(tags[..3], ["ml", "ml::optim", "verideck"]);
    assert_eq!(tags.len(), 4);
    assert!(tags[3].starts_with("verideck::"), "{tags:?}");
    assert_eq!(rows[0].len(), 7);
    assert!(rows[0][5].starts_with("<div class=\"embed\"><h2>limit</h2>"));
    assert!(rows[0][5].contains("\\(s_\\infty = -\\frac{\\alpha g}{1-\\rho}\\)"));
}

/// Every bad-input case of FORMATS.md §2 in one vault: each is reported at
/// its file and line, the valid blocks are all still exported, exit 2.
#[test]
fn bad_input_is_reported_and_nothing_valid_is_lost() {
    let broken = "\
START\nBasic\nno end here\nBack: x\n\
START\nBasique\nQ\nEND\n\
END\n\
START\nBasic\n\nBack: empty front\nEND\n\
START\nCloze\nno deletion\nEND\n\
START\nBasic\nvalid one\nBack: $$\nunclosed\nEND\n\
START\nBasic\nembeds\nBack: ![[nowhere#x]] and ![[loop#a]]\nEND\n";
    let loop_note = "# a\n![[loop2#b]]\n";
    let loop2 = "# b\n![[loop#a]]\n";
    let tail = "START\nBasic\nlast good\nEND\nSTART\nBasic\nunterminated";
    let v = TempVault::new(&[
        ("a.md", GOOD.replace("momentum#limit", "a#limit").as_bytes()),
        ("broken.md", broken.as_bytes()),
        ("latin1.md", b"caf\xe9\nSTART\nBasic\nQ\nEND\n"),
        ("loop.md", loop_note.as_bytes()),
        ("loop2.md", loop2.as_bytes()),
        ("z.md", tail.as_bytes()),
    ]);
    let assert = v.build().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for expected in [
        "broken.md:5: START inside block from line 1 (missing END?)",
        "broken.md:6: unknown note type \"Basique\"\n    | Basique",
        "broken.md:9: END without START",
        "broken.md:10: empty first field \"Front\"",
        "broken.md:15: Cloze note has no {{cN::…}}",
        "broken.md:22: unclosed $$",
        "broken.md:28: embed not found: ![[nowhere#x]]",
        "loop2.md:2: embed cycle: broken.md → loop.md → loop2.md → loop.md",
        "latin1.md:1: not valid UTF-8 (byte 3)",
        "z.md:5: START without END",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    let firsts: Vec<String> = rows(&v.deck()).into_iter().map(|r| r[4].clone()).collect();
    // Rows go by deck (Default < ML::Optim), then path, then line.
    assert_eq!(
        firsts,
        ["valid one", "embeds", "last good", "What is the limit?"]
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_the_vault_is_untouched() {
    let v = TempVault::new(&[
        ("momentum.md", GOOD.as_bytes()),
        ("b/other.md", b"START\nBasic\nno id $x$\nBack: y\nEND\n"),
    ]);
    let before = snapshot_tree(&v.vault());
    v.build().success();
    let first = v.deck();
    v.build().success();
    assert_eq!(first, v.deck());
    assert_eq!(before, snapshot_tree(&v.vault()));
    let mut leftovers: Vec<_> = std::fs::read_dir(v.out())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [
            ".verideck-manifest.json",
            "deck.apkg",
            "deck.txt",
            "lessons"
        ]
    );
}

#[test]
fn guid_without_id_survives_a_back_edit_but_not_a_front_edit() {
    let v = TempVault::new(&[("n.md", b"START\nBasic\nQ\nBack: one\nEND\n")]);
    v.build().success();
    let guid = rows(&v.deck())[0][0].clone();
    std::fs::write(v.vault().join("n.md"), "START\nBasic\nQ\nBack: two\nEND\n").unwrap();
    v.build().success();
    assert_eq!(rows(&v.deck())[0][0], guid);
    std::fs::write(v.vault().join("n.md"), "START\nBasic\nQ?\nBack: two\nEND\n").unwrap();
    v.build().success();
    assert_ne!(rows(&v.deck())[0][0], guid);
}

#[test]
fn attachments_are_embedded_and_copied() {
    let v = TempVault::new(&[
        (
            "n.md",
            b"START\nBasic\nplot\nBack: ![[img/curve.png]] ![[tone.mp3]]\nEND\n",
        ),
        ("img/curve.png", b"\x89PNG"),
        ("tone.mp3", b"ID3"),
    ]);
    v.build().success();
    let row = &rows(&v.deck())[0];
    assert_eq!(
        row[5],
        "<img src=\"curve.png\"> [sound:tone.mp3]\n\
         <div class=\"verideck\">No formula on this card: nothing to check.</div>"
    );
    assert!(row[3].ends_with(" verideck::unchecked"), "{}", row[3]);
    assert_eq!(
        std::fs::read(v.out().join("media/curve.png")).unwrap(),
        b"\x89PNG"
    );
}

#[test]
fn missing_vault_and_out_equal_to_vault_are_usage_errors() {
    verideck()
        .args(["build", "/no/such/vault"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: cannot read vault"));
    let v = TempVault::new(&[("n.md", b"x")]);
    verideck()
        .arg("build")
        .arg(v.vault())
        .arg("--out")
        .arg(v.vault())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the vault"));
}

#[test]
fn help_explains_every_flag() {
    let out = verideck().args(["build", "--help"]).assert().success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for flag in ["[VAULT]", "--out <DIR>", "--deck <NAME>", "Exit status"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    verideck()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build"));
    verideck().arg("frobnicate").assert().code(2);
}
