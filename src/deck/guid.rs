//! Stable note GUIDs (FORMATS.md §3.4).
//!
//! A block with `<!--ID: n-->` gets `o2a-n`; one without gets `vd-` and the
//! first 16 hex digits of SHA-256(path ‖ 0x00 ‖ first field source). So a
//! GUID changes only when the ID line changes, or (without ID) when the file
//! moves or the first field is edited — never for Back, tags, deck, embeds
//! or verdicts.
use sha2::{Digest, Sha256};

/// The GUID of a block at vault-relative `path` with first field `first_field`.
pub fn guid(id: Option<u64>, path: &str, first_field: &str) -> String {
    match id {
        Some(n) => format!("o2a-{n}"),
        None => {
            let mut hasher = Sha256::new();
            hasher.update(path.as_bytes());
            hasher.update([0u8]);
            hasher.update(first_field.as_bytes());
            let digest = hasher.finalize();
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("vd-{hex}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_wins_without_leading_zeros() {
        assert_eq!(guid(Some(1769357465558), "a.md", "x"), "o2a-1769357465558");
        assert_eq!(guid(Some(7), "a.md", "x"), "o2a-7");
    }

    #[test]
    fn hash_depends_on_path_and_first_field_only() {
        let g = guid(None, "optim/a.md", "What is $x$?");
        assert_eq!(g.len(), 19);
        assert!(g.starts_with("vd-"));
        assert_eq!(g, guid(None, "optim/a.md", "What is $x$?"));
        assert_ne!(g, guid(None, "optim/b.md", "What is $x$?"));
        assert_ne!(g, guid(None, "optim/a.md", "What is $y$?"));
        // The separator keeps path and field apart.
        assert_ne!(guid(None, "ab", "c"), guid(None, "a", "bc"));
        // SHA-256("a.md\0Q") starts with these bytes.
        assert_eq!(
            guid(None, "a.md", "Q"),
            format!("vd-{}", &sha_hex("a.md\0Q")[..16])
        );
    }

    fn sha_hex(s: &str) -> String {
        Sha256::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
