//! insta snapshot of the sample vault's `deck.txt`: any change to what the
//! shipped notes produce shows up as a reviewed diff.
use verideck::deck::DeckOptions;
use verideck::pipeline::{BuildOptions, build};

#[test]
fn sample_vault_deck() {
    let out = tempfile::tempdir().unwrap();
    let vault = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let report = build(&BuildOptions {
        vault,
        out: out.path().to_path_buf(),
        deck: DeckOptions::default(),
        templates: None,
        allow_refuted: false,
    })
    .unwrap();
    // The sample vault links to a few notes it does not have; lessons warn about those.
    let problems: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| !d.message.starts_with("link to a missing note"))
        .map(|d| d.to_string())
        .collect();
    assert!(
        problems.is_empty(),
        "the sample vault must build cleanly: {problems:#?}"
    );
    let deck = std::fs::read_to_string(out.path().join("deck.txt")).unwrap();
    insta::assert_snapshot!("sample_vault_deck_txt", deck);
}
