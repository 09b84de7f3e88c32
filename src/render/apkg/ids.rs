//! Stable ids for everything the `.apkg` holds: note types, decks, notes and
//! cards.
//!
//! Anki's ids are millisecond timestamps. verideck derives each one from a
//! name instead — SHA-256 of `verideck:<kind>:<key>`, reduced into
//! [`ID_MIN`]..[`ID_MAX`] (September 2001 to September 2020) — so the same
//! vault always gives the same ids, and none lies in the future (Anki
//! renumbers ids later than tomorrow on import). Stock note types of any
//! collection made since 2021 have larger ids, so ours cannot clash with
//! them; the deck `Default` keeps Anki's id 1. Note and card ids only need
//! to be unique inside the package (Anki matches notes by GUID and renumbers
//! a new note whose id is taken), so a clash between two of ours moves the
//! later one up by one ([`Unique`]).
use crate::note::NoteType;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Smallest id verideck derives (2001-09-09 in Anki's milliseconds).
pub const ID_MIN: i64 = 1_000_000_000_000;
/// One past the largest id verideck derives (2020-09-13).
pub const ID_MAX: i64 = 1_600_000_000_000;
/// The id of Anki's `Default` deck, which every collection has.
pub const DEFAULT_DECK_ID: i64 = 1;

/// Hashes `kind` and `key` into `ID_MIN..ID_MAX`.
pub fn derive(kind: &str, key: &str) -> i64 {
    let digest = Sha256::digest(format!("verideck:{kind}:{key}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let span = (ID_MAX - ID_MIN) as u64;
    ID_MIN + (u64::from_be_bytes(first) % span) as i64
}

/// The id of verideck's own note type for `note_type`, from its name.
pub fn note_type_id(note_type: NoteType) -> i64 {
    derive("notetype", note_type.anki_name())
}

/// The id of deck `name` (`::` nesting); `Default` is Anki's deck 1.
pub fn deck_id(name: &str) -> i64 {
    if name == "Default" {
        DEFAULT_DECK_ID
    } else {
        derive("deck", name)
    }
}

/// Hands out ids that are unique within one package, in call order.
#[derive(Debug, Default)]
pub struct Unique {
    taken: BTreeSet<i64>,
}

impl Unique {
    /// `wanted`, or the next free id after it if an earlier call took it.
    pub fn claim(&mut self, wanted: i64) -> i64 {
        let mut id = wanted;
        while !self.taken.insert(id) {
            id += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::note_type::ALL_NOTE_TYPES;

    #[test]
    fn ids_are_stable_and_in_range() {
        assert_eq!(derive("note", "o2a-1"), derive("note", "o2a-1"));
        assert_ne!(derive("note", "o2a-1"), derive("card", "o2a-1"));
        for key in ["", "a", "o2a-1769357465558", "ML::Optim"] {
            let id = derive("deck", key);
            assert!((ID_MIN..ID_MAX).contains(&id), "{id}");
        }
        // Pinned: a change here renumbers every user's verideck note types.
        assert_eq!(note_type_id(NoteType::Basic), 1_022_986_060_465);
        assert_eq!(deck_id("ML::Optim"), derive("deck", "ML::Optim"));
    }

    #[test]
    fn note_type_and_deck_ids_are_distinct() {
        let mut ids: Vec<i64> = ALL_NOTE_TYPES.into_iter().map(note_type_id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL_NOTE_TYPES.len());
        assert_eq!(deck_id("Default"), 1);
        assert_ne!(deck_id("ML"), deck_id("ML::Optim"));
    }

    #[test]
    fn clashes_move_up() {
        let mut unique = Unique::default();
        assert_eq!(unique.claim(5), 5);
        assert_eq!(unique.claim(5), 6);
        assert_eq!(unique.claim(6), 7);
        assert_eq!(unique.claim(4), 4);
    }
}
