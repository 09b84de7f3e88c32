use super::*;
use crate::vault::{Vault, test_vault};

fn vault(files: &[(&str, &str)]) -> Vault {
    let mut v = test_vault(files);
    v.name = "v".into();
    v
}

fn messages(deck: &Deck) -> Vec<String> {
    deck.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn card_gets_deck_tags_guid_and_html_fields() {
    let v = vault(&[(
        "optim/momentum.md",
        "---\ntags: [ml/optim]\n---\nTARGET DECK: ML::Optim\nFILE TAGS: course\nSTART\nBasic\nWhat is $s$? #exam\nBack: $s = \\rho s - \\alpha g$\nTags: ml WS2526\n<!--ID: 1769357465558-->\nEND\n",
    )]);
    let deck = assemble(&v, &DeckOptions::default());
    assert!(deck.diagnostics.is_empty(), "{:?}", messages(&deck));
    let card = &deck.cards[0];
    assert_eq!(card.guid, "o2a-1769357465558");
    assert_eq!(card.deck, "ML::Optim");
    assert_eq!(
        card.tags,
        ["course", "exam", "ml", "ml::optim", "verideck", "WS2526"]
    );
    assert_eq!(
        card.fields,
        ["What is \\(s\\)? #exam", "\\(s = \\rho s - \\alpha g\\)"]
    );
    assert_eq!(card.line, 6);
}

#[test]
fn default_deck_and_cloze_spacing() {
    let v = vault(&[(
        "c.md",
        "START\nCloze\nlimit {{c1::$\\frac{1}{x^{2}}$}}\nEND",
    )]);
    let deck = assemble(
        &v,
        &DeckOptions {
            default_deck: "Inbox".into(),
        },
    );
    let card = &deck.cards[0];
    assert_eq!(card.deck, "Inbox");
    assert_eq!(card.fields[0], "limit {{c1::\\(\\frac{1}{x^{2} }\\)}}");
    assert_eq!(card.fields[1], "");
}

#[test]
fn duplicate_ids_across_files_keep_the_first() {
    let block = "START\nBasic\nQ\n<!--ID: 5-->\nEND\n";
    let v = vault(&[("a.md", block), ("b.md", &format!("x\n{block}"))]);
    let deck = assemble(&v, &DeckOptions::default());
    assert_eq!(deck.cards.len(), 1);
    assert_eq!(deck.cards[0].path, "a.md");
    assert_eq!(
        messages(&deck),
        ["b.md:5: duplicate ID 5 (first at a.md:4)\n    | <!--ID: 5-->"]
    );
}

#[test]
fn duplicate_notes_without_id_in_one_file() {
    let v = vault(&[(
        "a.md",
        "START\nBasic\nQ\nEND\nSTART\nBasic\nQ\nBack: other\nEND",
    )]);
    let deck = assemble(&v, &DeckOptions::default());
    assert_eq!(deck.cards.len(), 1);
    assert_eq!(
        messages(&deck),
        ["a.md:5: duplicate note (line 1)\n    | START"]
    );
}

#[test]
fn deleted_blocks_are_listed_not_exported() {
    let v = vault(&[("a.md", "START\nBasic\nQ\nDELETE\n<!--ID: 9-->\nEND")]);
    let deck = assemble(&v, &DeckOptions::default());
    assert!(deck.cards.is_empty());
    assert_eq!(deck.deleted[0].guid, "o2a-9");
}

#[test]
fn errors_point_at_field_lines() {
    let v = vault(&[(
        "a.md",
        "START\nBasic\nQ\nBack:\nline\n$$\nx\n\n![[missing]]\nEND",
    )]);
    let deck = assemble(&v, &DeckOptions::default());
    assert_eq!(
        messages(&deck),
        [
            "a.md:6: unclosed $$\n    | $$",
            "a.md:9: embed not found: ![[missing]]\n    | ![[missing]]"
        ]
    );
    assert_eq!(deck.cards.len(), 1);
}

#[test]
fn parent_decks_come_before_their_children_and_case_is_unified() {
    let v = vault(&[
        (
            "a.md",
            "TARGET DECK: ML::Optim::Adaptive\nSTART\nBasic\nQ1\nEND\n",
        ),
        ("b.md", "TARGET DECK: ML::Optim\nSTART\nBasic\nQ2\nEND\n"),
        ("c.md", "TARGET DECK: ml::optim\nSTART\nBasic\nQ3\nEND\n"),
    ]);
    let deck = assemble(&v, &DeckOptions::default());
    let order: Vec<(&str, &str)> = deck
        .cards
        .iter()
        .map(|c| (c.deck.as_str(), c.path.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("ML::Optim", "b.md"),
            ("ML::Optim", "c.md"),
            ("ML::Optim::Adaptive", "a.md")
        ]
    );
    assert_eq!(
        messages(&deck),
        [
            "c.md:2: warning: deck \"ml::optim\" differs only in case from \"ML::Optim\" (b.md:2); using \"ML::Optim\""
        ]
    );
}

#[test]
fn columns_of_many_formulas_on_one_line_count_characters_from_the_line_start() {
    // Columns are carried from formula to formula along a line (issue 12):
    // they must equal a count from the line's start, multi-byte letters included.
    let back = "é $a$ ü $b = 1$ $c$\n$d$ ☃ $e$";
    let v = vault(&[("n.md", &format!("START\nBasic\nQ\nBack: {back}\nEND\n"))]);
    let deck = assemble(&v, &DeckOptions::default());
    let got: Vec<(&str, usize, usize)> = deck.cards[0]
        .formulas
        .iter()
        .map(|f| (f.latex.as_str(), f.line, f.column))
        .collect();
    let line4 = "Back: é $a$ ü $b = 1$ $c$";
    let line5 = "$d$ ☃ $e$";
    let col = |line: &str, latex: &str| {
        line[..line.find(&format!("${latex}$")).unwrap()]
            .chars()
            .count()
            + 2
    };
    // Card fields are placed approximately on their first line; later lines are exact.
    assert_eq!(got.len(), 5, "{got:?}");
    let (first, rest) = got.split_at(3);
    let shift = first[0].2 as isize - col(line4, "a") as isize;
    for (latex, line, column) in first {
        assert_eq!(*line, 4);
        assert_eq!(
            *column as isize - shift,
            col(line4, latex) as isize,
            "{latex}"
        );
    }
    for (latex, line, column) in rest {
        assert_eq!((*line, *column), (5, col(line5, latex)), "{latex}");
    }
}
