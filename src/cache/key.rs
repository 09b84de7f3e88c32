//! Cache keys: a SHA-256 over everything the checker reads to verify one
//! note — verideck's version and the fingerprint of the build's sources,
//! the note's whole text, and every field of each of its formulas (path,
//! place, LaTeX, display flag, byte offset, headings; the note's index in
//! the vault is left out, as the checker does not read it). Fields are
//! length-framed so that no two different inputs hash alike by
//! concatenation.
use crate::claims::Formula;
use sha2::{Digest, Sha256};

/// The fingerprint of the build's sources (see `build.rs`): two builds of
/// the same version with a different checker never share verdicts.
pub const CHECKER: &str = env!("VERIDECK_CHECKER_FINGERPRINT");

/// A note's cache key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 32]);

impl Key {
    /// Lower-case hex, as stored in the cache file.
    pub fn to_hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses [`Key::to_hex`]'s output.
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Self(out))
    }
}

/// The key of the note `text` whose formulas are `formulas` (in order).
pub fn note_key(text: &str, formulas: &[Formula]) -> Key {
    let mut hash = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field(b"verideck verdict cache key 1");
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(CHECKER.as_bytes());
    field(text.as_bytes());
    field(&(formulas.len() as u64).to_le_bytes());
    for f in formulas {
        field(f.file.as_bytes());
        field(&(f.line as u64).to_le_bytes());
        field(&(f.column as u64).to_le_bytes());
        field(f.latex.as_bytes());
        field(&[u8::from(f.display)]);
        field(&(f.offset as u64).to_le_bytes());
        field(&(f.headings.len() as u64).to_le_bytes());
        for heading in &f.headings {
            field(heading.as_bytes());
        }
    }
    Key(hash.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula(file: &str, latex: &str) -> Formula {
        Formula {
            file: file.into(),
            line: 1,
            column: 2,
            latex: latex.into(),
            display: false,
            offset: 1,
            note: 0,
            headings: vec!["H".into()],
        }
    }

    #[test]
    fn every_input_changes_the_key() {
        let base = note_key("$x$", &[formula("a.md", "x")]);
        assert_eq!(base, note_key("$x$", &[formula("a.md", "x")]));
        assert_ne!(base, note_key("$x$ ", &[formula("a.md", "x")]));
        assert_ne!(base, note_key("$x$", &[formula("b.md", "x")]));
        assert_ne!(base, note_key("$x$", &[formula("a.md", "y")]));
        let mut moved = formula("a.md", "x");
        moved.line = 2;
        assert_ne!(base, note_key("$x$", &[moved]));
        let mut shown = formula("a.md", "x");
        shown.display = true;
        assert_ne!(base, note_key("$x$", &[shown]));
        let mut headed = formula("a.md", "x");
        headed.headings = vec!["G".into()];
        assert_ne!(base, note_key("$x$", &[headed]));
        // The note's index is not an input of the checker.
        let mut other_index = formula("a.md", "x");
        other_index.note = 7;
        assert_eq!(base, note_key("$x$", &[other_index]));
    }

    #[test]
    fn framing_keeps_split_points_apart() {
        let mut a = formula("a.md", "x");
        a.headings = vec!["ab".into(), "c".into()];
        let mut b = formula("a.md", "x");
        b.headings = vec!["a".into(), "bc".into()];
        assert_ne!(note_key("", &[a]), note_key("", &[b]));
    }

    #[test]
    fn hex_round_trips() {
        let key = note_key("t", &[]);
        assert_eq!(Key::from_hex(&key.to_hex()), Some(key));
        assert_eq!(Key::from_hex("zz"), None);
        assert_eq!(Key::from_hex(&"g".repeat(64)), None);
    }
}
