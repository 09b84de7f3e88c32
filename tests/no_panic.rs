//! No input may panic: random notes built from the syntax's sharp edges go
//! through parsing, card assembly and deck rendering.
use proptest::prelude::*;
use verideck::deck::{DeckOptions, assemble};
use verideck::render::{anki_text, templates};
use verideck::vault::{SourceFile, from_sources};

const TOKENS: &[&str] = &[
    "START",
    "END",
    "STARTI [Basic] q Back: a ENDI",
    "Basic",
    "Cloze",
    "Basique",
    "Back:",
    "Front:",
    "Text:",
    "Back Extra:",
    "Tags: a b",
    "<!--ID: 12-->",
    "ID: 99999999999999999999999",
    "DELETE",
    "TARGET DECK",
    "TARGET DECK: A::B",
    "FILE TAGS: t",
    "---",
    "tags: [a/b]",
    "```",
    "~~~",
    "$",
    "$$",
    "\\$",
    "{{c1::",
    "}}",
    "{",
    "}",
    "[[",
    "]]",
    "![[",
    "![[b#h]]",
    "![[a]]",
    "#",
    "## h",
    "# h",
    "%%",
    "\t",
    "\"",
    "é",
    "\u{E000}",
    "\u{E001}0",
    " ",
    "x",
    "\\",
    "<",
    "&",
    "|",
    "#tag",
];

fn note_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(TOKENS),
            prop::sample::select(&["", " ", "\n", "\n\n"][..]),
        ),
        0..60,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(t, sep)| format!("{t}{sep}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn any_vault_builds_without_panicking(a in note_text(), b in note_text()) {
        let files = vec![
            SourceFile { path: "a.md".into(), text: a },
            SourceFile { path: "b.md".into(), text: b },
        ];
        let vault = from_sources("v", &files, Vec::new());
        let deck = assemble(&vault, &DeckOptions::default());
        let tera = templates::load().unwrap();
        let text = anki_text::render(&tera, &deck.cards).unwrap();
        // Every row has the seven columns, whatever the fields hold.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b'\t').has_headers(false).comment(Some(b'#')).flexible(true)
            .from_reader(text.as_bytes());
        let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
        prop_assert_eq!(rows.len(), deck.cards.len());
        for row in rows {
            prop_assert_eq!(row.len(), 7);
        }
    }
}
