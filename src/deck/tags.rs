//! Card tags (FORMATS.md §3.3): `Tags:` and `FILE TAGS` verbatim,
//! front-matter and in-field `#tags` converted to Anki's hierarchy, plus
//! `verideck`; deduplicated case-insensitively and sorted.

/// Converts an Obsidian tag to an Anki tag: `/` → `::`, spaces → `_`.
pub fn obsidian_to_anki(tag: &str) -> String {
    tag.trim()
        .trim_start_matches('#')
        .replace('/', "::")
        .replace(char::is_whitespace, "_")
}

/// Deduplicates (case-insensitively, first spelling kept) and sorts
/// case-insensitively, dropping empty tags.
pub fn normalize(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        if !tag.is_empty()
            && !out
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&tag) || t.to_lowercase() == tag.to_lowercase())
        {
            out.push(tag);
        }
    }
    out.sort_by(|a, b| {
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_hierarchy_and_spaces() {
        assert_eq!(obsidian_to_anki("ml/optim"), "ml::optim");
        assert_eq!(obsidian_to_anki("#exam prep"), "exam_prep");
    }

    #[test]
    fn dedups_case_insensitively_and_sorts() {
        let tags = ["ml", "WS2526", "ML", "b", "verideck"].map(String::from);
        assert_eq!(normalize(tags), ["b", "ml", "verideck", "WS2526"]);
    }
}
