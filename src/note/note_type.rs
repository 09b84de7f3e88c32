//! The Anki note types an Obsidian_to_Anki block may name, with their
//! fields in Anki's order (FORMATS.md §1.4).

/// One of Anki's stock note types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteType {
    /// `Basic`: Front, Back; one card.
    Basic,
    /// `Basic (and reversed card)`: Front, Back; two cards.
    BasicAndReversed,
    /// `Basic (optional reversed card)`: Front, Back, Add Reverse.
    BasicOptionalReversed,
    /// `Basic (type in the answer)`: Front, Back; Back is compared with the typed answer.
    BasicTypeIn,
    /// `Cloze`: Text, Back Extra; one card per cloze number.
    Cloze,
}

/// Every note type, in a fixed order.
pub const ALL_NOTE_TYPES: [NoteType; 5] = [
    NoteType::Basic,
    NoteType::BasicAndReversed,
    NoteType::BasicOptionalReversed,
    NoteType::BasicTypeIn,
    NoteType::Cloze,
];

/// The most fields any note type has: the width of the field columns in `deck.txt`.
pub const MAX_FIELDS: usize = 3;

impl NoteType {
    /// The type named exactly `name` (Anki's English stock names).
    pub fn from_name(name: &str) -> Option<Self> {
        ALL_NOTE_TYPES.into_iter().find(|t| t.anki_name() == name)
    }

    /// Anki's English name of the type.
    pub fn anki_name(self) -> &'static str {
        match self {
            NoteType::Basic => "Basic",
            NoteType::BasicAndReversed => "Basic (and reversed card)",
            NoteType::BasicOptionalReversed => "Basic (optional reversed card)",
            NoteType::BasicTypeIn => "Basic (type in the answer)",
            NoteType::Cloze => "Cloze",
        }
    }

    /// Field names in Anki's order; the first is the one a block may leave unlabelled.
    pub fn field_names(self) -> &'static [&'static str] {
        match self {
            NoteType::Cloze => &["Text", "Back Extra"],
            NoteType::BasicOptionalReversed => &["Front", "Back", "Add Reverse"],
            _ => &["Front", "Back"],
        }
    }

    /// The field that ends with the verification footer, if the type has one
    /// (not `Basic (type in the answer)`, whose Back is compared with what the user types).
    pub fn footer_field(self) -> Option<usize> {
        match self {
            NoteType::BasicTypeIn => None,
            _ => Some(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_exact() {
        for t in ALL_NOTE_TYPES {
            assert_eq!(NoteType::from_name(t.anki_name()), Some(t));
            assert!(t.field_names().len() <= MAX_FIELDS);
        }
        assert_eq!(NoteType::from_name("basic"), None);
        assert_eq!(NoteType::from_name("Basique"), None);
    }
}
