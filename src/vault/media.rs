//! Output names of attachments: the one place that maps a vault path to
//! the file name an attachment gets in `OUT/media/`, in the `.apkg` and in
//! the `src` of cards and lesson pages.
//!
//! Anki's media folder and `OUT/media/` are flat, so two attachments with
//! the same file name in different folders (`a/img.png`, `b/img.png`)
//! would overwrite each other and every card would show one of them. A
//! file name that no other attachment of the vault shares (compared
//! case-insensitively after NFC, as case-insensitive file systems and
//! Anki's sync would) stays as it is; each of the clashing ones gets
//! `stem-HASH.ext`, `HASH` being the first 8 hex digits of the SHA-256 of
//! its vault-relative path. Names depend only on the vault's attachment
//! paths, so they are stable from build to build.
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// The output file name of each of `paths` (vault-relative, `/`-separated),
/// in the same order.
pub fn output_names(paths: &[&str]) -> Vec<String> {
    let key = |path: &str| -> String { file_name(path).nfc().collect::<String>().to_lowercase() };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in paths {
        *counts.entry(key(path)).or_default() += 1;
    }
    paths
        .iter()
        .map(|path| {
            let name: String = file_name(path).nfc().collect();
            if counts[&key(path)] == 1 {
                return name;
            }
            with_hash(&name, path)
        })
        .collect()
}

/// Longest file name, in bytes, most file systems accept.
const MAX_NAME_BYTES: usize = 255;

/// `name` (a file name) made distinct by `-HASH` before its extension,
/// `HASH` being the first 8 hex digits of the SHA-256 of `key` (as
/// written: NFC and NFD spellings of one path get different hashes). The
/// stem is shortened (at a character boundary) so the result stays within
/// 255 bytes.
pub fn with_hash(name: &str, key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let room = MAX_NAME_BYTES.saturating_sub(hash.len() + 1 + ext.len());
    let mut cut = stem.len().min(room);
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash}{ext}", &stem[..cut])
}

/// The file name of a vault-relative path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_stay_and_clashing_ones_get_a_stable_hash() {
        let names = output_names(&["a/img.png", "b/img.png", "c/Img.PNG", "d/other.png"]);
        assert_eq!(names[3], "other.png");
        assert!(names[0].starts_with("img-") && names[0].ends_with(".png"));
        assert!(names[2].starts_with("Img-") && names[2].ends_with(".PNG"));
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), 4);
        // Stable: the same path gets the same name whatever else is there.
        assert_eq!(output_names(&["b/img.png", "z/img.png"])[0], names[1]);
    }

    #[test]
    fn hashed_names_stay_within_255_bytes() {
        let long = format!("{}.png", "é".repeat(125));
        let named = with_hash(&long, "a/x.png");
        assert!(
            named.len() <= 255 && named.ends_with(".png"),
            "{}",
            named.len()
        );
    }

    #[test]
    fn nfc_and_nfd_spellings_clash() {
        let names = output_names(&["a/caf\u{e9}.png", "b/cafe\u{301}.png"]);
        assert_ne!(names[0], names[1]);
        let same_folder = output_names(&["caf\u{e9}.png", "cafe\u{301}.png"]);
        assert_ne!(same_folder[0], same_folder[1]);
        assert!(names.iter().all(|n| n.starts_with("caf\u{e9}-")));
    }
}
