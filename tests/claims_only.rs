//! Card footers and lesson badges count only claims (issue 14): a
//! definition (`x = 1`), a side condition or a mention (`$x$`) is neither
//! counted nor shown as unchecked; a claim the checker could not read is
//! "could not be checked: <reason>".
mod common;
use common::{TempVault, rows};

/// A definition, a mention, a true worked example and a card on them.
const NOTE: &str = "# defs\n\nLet $a = 3$ and look at $a$.\n\n$$\nb = 2\n$$\n\nworked: $3 + 2 = 5$\n\nSTART\nBasic\nwhat is $a$?\nBack: $a = 3$, so $3 + 2 = 5$\nEND\n";

#[test]
fn footers_and_badges_leave_definitions_and_mentions_out() {
    let v = TempVault::new(&[("defs.md", NOTE.as_bytes())]);
    v.build().success();
    let rows = rows(&v.deck());
    let back = &rows[0][5];
    assert!(
        back.ends_with(
            "<div class=\"verideck\"><span class=\"verified\">✓ 1 formula verified</span>: arithmetic</div>"
        ),
        "{back}"
    );
    assert!(!back.contains("unchecked"), "{back}");
    let page = std::fs::read_to_string(v.out().join("lessons/defs.html")).unwrap();
    assert!(
        page.contains("class=\"badge badge-note\"") && page.contains(">definition<"),
        "the display definition is badged as one"
    );
    assert!(
        !page.contains("class=\"badge badge-unchecked"),
        "nothing unchecked"
    );
    let index = std::fs::read_to_string(v.out().join("lessons/index.html")).unwrap();
    assert!(index.contains("0 unchecked"), "{index}");
    assert!(index.contains("definitions or mentions</span>"), "{index}");
}
