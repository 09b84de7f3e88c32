//! Which cards a note has: the template ordinals Anki would generate for it.
//! An `.apkg` carries its cards (Anki's importer does not generate missing
//! ones for imported notes), so they are listed here as Anki would:
//! `Basic` and `type in the answer` have card 0; `and reversed card` cards 0
//! and 1; `optional reversed card` card 1 only when `Add Reverse` is not
//! blank; `Cloze` one card per distinct number `N` in `{{cN::…}}`, with
//! ordinal `N - 1` (card 0 if there is none, as Anki does).
use crate::note::NoteType;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static CLOZE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{c(\d+)::").expect("valid regex"));

/// The template ordinals of the cards of a note of `note_type` with `fields`.
pub fn card_ords(note_type: NoteType, fields: &[String]) -> Vec<u32> {
    let field = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
    match note_type {
        NoteType::Basic | NoteType::BasicTypeIn => vec![0],
        NoteType::BasicAndReversed => vec![0, 1],
        NoteType::BasicOptionalReversed if field(2).trim().is_empty() => vec![0],
        NoteType::BasicOptionalReversed => vec![0, 1],
        NoteType::Cloze => {
            let numbers: BTreeSet<u32> = CLOZE_NUMBER
                .captures_iter(field(0))
                .filter_map(|c| c[1].parse::<u32>().ok())
                .filter(|&n| n > 0)
                .collect();
            if numbers.is_empty() {
                vec![0]
            } else {
                numbers.into_iter().map(|n| n - 1).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ords(t: NoteType, fields: &[&str]) -> Vec<u32> {
        let fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        card_ords(t, &fields)
    }

    #[test]
    fn card_counts_per_type() {
        assert_eq!(ords(NoteType::Basic, &["Q", "A"]), [0]);
        assert_eq!(ords(NoteType::BasicTypeIn, &["Q", "A"]), [0]);
        assert_eq!(ords(NoteType::BasicAndReversed, &["Q", "A"]), [0, 1]);
        assert_eq!(ords(NoteType::BasicOptionalReversed, &["Q", "A", " "]), [0]);
        assert_eq!(ords(NoteType::BasicOptionalReversed, &["Q", "A"]), [0]);
        assert_eq!(
            ords(NoteType::BasicOptionalReversed, &["Q", "A", "y"]),
            [0, 1]
        );
    }

    #[test]
    fn one_cloze_card_per_distinct_number() {
        let text = "{{c1::a}} {{c3::b::hint}} {{c1::c}} {{c0::zero}}";
        assert_eq!(ords(NoteType::Cloze, &[text, ""]), [0, 2]);
        assert_eq!(ords(NoteType::Cloze, &["{{c2::\\(x^{2} \\)}}", ""]), [1]);
        assert_eq!(ords(NoteType::Cloze, &["no deletion", ""]), [0]);
    }
}
