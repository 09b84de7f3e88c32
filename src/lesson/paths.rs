//! Where lesson pages live and how they link to each other: a note
//! `optimizers/adam.md` becomes `optimizers/adam.html`, and links are
//! relative (the folder opens from disk, `file://`), with percent-encoded
//! segments. Media are the files the build copies to `OUT/media/`, beside
//! `OUT/lessons/`: a page reaches them through `../` (one more per folder).
use crate::html::encode_uri_component;

/// The page of the note at vault-relative `note_path`, relative to `lessons/`.
///
/// Note paths are NFC except for a note whose name clashes with another
/// once normalised (the vault walk keeps it as written, with a warning):
/// its page gets the NFC name with a short hash of the path as written,
/// so the two notes get two pages that no file system merges.
pub fn page_path(note_path: &str) -> String {
    let stem = note_path
        .strip_suffix(".md")
        .or_else(|| note_path.strip_suffix(".MD"))
        .unwrap_or(note_path);
    if unicode_normalization::is_nfc(stem) {
        return format!("{stem}.html");
    }
    let nfc: String = unicode_normalization::UnicodeNormalization::nfc(stem).collect();
    let (dir, file) = nfc
        .rsplit_once('/')
        .map_or(("", nfc.as_str()), |(d, f)| (d, f));
    let file = crate::vault::media::with_hash(&format!("{file}.html"), note_path);
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

/// The folder part of a vault-relative path (`""` at the top).
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The `href` from the page of `from_note` to `target` (a path relative
/// to `lessons/`, e.g. another page or `index.html`), percent-encoded.
pub fn relative_href(from_note: &str, target: &str) -> String {
    let from_dirs: Vec<&str> = folder(from_note)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to: Vec<&str> = target.split('/').collect();
    let (to_dirs, file) = to.split_at(to.len() - 1);
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dirs.len() - common];
    parts.extend(to_dirs[common..].iter().map(|d| encode_uri_component(d)));
    parts.push(encode_uri_component(file[0]));
    parts.join("/")
}

/// The `src` from the page of `from_note` to the media file `name` in
/// `OUT/media/` (a sibling of `OUT/lessons/`), percent-encoded.
pub fn media_href(from_note: &str, name: &str) -> String {
    let depth = folder(from_note)
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    format!(
        "{}media/{}",
        "../".repeat(depth + 1),
        encode_uri_component(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_kept_in_nfd_gets_its_own_page() {
        let nfc = page_path("a/caf\u{e9}.md");
        let nfd = page_path("a/cafe\u{301}.md");
        assert_eq!(nfc, "a/caf\u{e9}.html");
        assert!(nfd.starts_with("a/caf\u{e9}-"), "{nfd}");
        assert!(nfd.ends_with(".html") && nfd != nfc);
    }

    #[test]
    fn pages_and_relative_links() {
        assert_eq!(page_path("optimizers/adam.md"), "optimizers/adam.html");
        assert_eq!(
            relative_href("optimizers/adam.md", "optimizers/rmsprop.html"),
            "rmsprop.html"
        );
        assert_eq!(
            relative_href("optimizers/adam.md", "math/ill conditioned hessian.html"),
            "../math/ill%20conditioned%20hessian.html"
        );
        assert_eq!(relative_href("top.md", "a/b/c.html"), "a/b/c.html");
        assert_eq!(relative_href("a/b/c.md", "index.html"), "../../index.html");
    }

    #[test]
    fn media_are_beside_the_lessons_folder() {
        assert_eq!(media_href("top.md", "pixel.png"), "../media/pixel.png");
        assert_eq!(
            media_href("optimizers/adam.md", "loss curve é.png"),
            "../../media/loss%20curve%20%C3%A9.png"
        );
        assert_eq!(media_href("a/b/c.md", "x.svg"), "../../../media/x.svg");
    }
}
