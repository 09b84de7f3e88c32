//! The Anki text-import file `deck.txt` (FORMATS.md §3.1): a header that
//! tells Anki every column (so no manual mapping is needed), then one
//! tab-separated row per card with exactly guid, note type, deck, tags and
//! three field columns. Rendered from the `deck.txt` tera template.
use super::templates::TemplateError;
use crate::deck::Card;
use crate::note::note_type::MAX_FIELDS;
use tera::{Context, Tera};

/// Quotes a cell when it holds a tab, `"`, a line break or `#` (Anki would
/// otherwise split the row or read it as a comment); `"` doubles inside.
pub fn quote_cell(cell: &str) -> String {
    if cell.contains(['\t', '"', '\n', '\r', '#']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The cells of one card's row, quoted.
pub fn row(card: &Card) -> Vec<String> {
    let mut cells = vec![
        card.guid.clone(),
        card.note_type.anki_name().to_string(),
        card.deck.clone(),
        card.tags.join(" "),
    ];
    cells.extend((0..MAX_FIELDS).map(|i| card.fields.get(i).cloned().unwrap_or_default()));
    cells.iter().map(|c| quote_cell(c)).collect()
}

/// Renders the whole `deck.txt` for `cards` (already in vault order).
pub fn render(tera: &Tera, cards: &[Card]) -> Result<String, TemplateError> {
    let mut columns = vec!["guid", "notetype", "deck", "tags"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    columns.extend((1..=MAX_FIELDS).map(|i| format!("field{i}")));
    let rows: Vec<Vec<String>> = cards.iter().map(row).collect();
    let mut context = Context::new();
    context.insert("columns", &columns);
    context.insert("rows", &rows);
    tera.render("deck.txt", &context)
        .map_err(|e| TemplateError {
            name: "deck.txt".into(),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteType;

    fn card(fields: &[&str]) -> Card {
        Card {
            guid: "o2a-1".into(),
            note_type: NoteType::Basic,
            deck: "ML::Optim".into(),
            tags: vec!["ml".into(), "verideck".into()],
            fields: fields.iter().map(|s| s.to_string()).collect(),
            path: "a.md".into(),
            line: 1,
            end_line: 1,
            formulas: Vec::new(),
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote_cell("plain \\(x\\)"), "plain \\(x\\)");
        assert_eq!(quote_cell("a\tb"), "\"a\tb\"");
        assert_eq!(quote_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote_cell("# not a comment"), "\"# not a comment\"");
        assert_eq!(quote_cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn header_and_rows_have_seven_columns() {
        let tera = super::super::templates::load().unwrap();
        let text = render(&tera, &[card(&["Q", "<p>A</p>\n<p>B</p>"])]).unwrap();
        let expected = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n#if matches:update current\n#columns:guid\tnotetype\tdeck\ttags\tfield1\tfield2\tfield3\no2a-1\tBasic\tML::Optim\tml verideck\tQ\t\"<p>A</p>\n<p>B</p>\"\t\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn empty_deck_is_just_the_header() {
        let tera = super::super::templates::load().unwrap();
        let text = render(&tera, &[]).unwrap();
        assert_eq!(text.lines().count(), 8);
        assert!(text.ends_with("field3\n"));
    }
}
