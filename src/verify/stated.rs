//! Conventions a note states in words next to its rule. Where a convention
//! is open between readings (ε inside or outside the root), a rule that
//! matches a reference under one reading is verified; but when the prose
//! of its section says which reading the note uses ("ε sits outside the
//! root", "unter der Wurzel"), a rule matching only the other reading
//! contradicts the note's own words. A section that names both placements
//! (comparing libraries) states neither.
use crate::optim::EpsPlacement;
use regex::Regex;
use std::sync::LazyLock;

static OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:outside|after|beyond)\s+(?:of\s+)?the\s+(?:square\s+)?root|außerhalb\s+der\s+wurzel|nach\s+der\s+wurzel|hors\s+de\s+la\s+racine|après\s+la\s+racine|fuera\s+de\s+la\s+ra[ií]z|despu[eé]s\s+de\s+la\s+ra[ií]z",
    )
    .expect("outside pattern")
});

static INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:inside|under|within|beneath)\s+(?:of\s+)?the\s+(?:square\s+)?root|innerhalb\s+der\s+wurzel|unter\s+der\s+wurzel|sous\s+la\s+racine|dans\s+la\s+racine|dentro\s+de\s+la\s+ra[ií]z|bajo\s+la\s+ra[ií]z",
    )
    .expect("inside pattern")
});

/// The ε placement a section's prose states, if it names exactly one
/// (emphasis marks are ignored: "**inside** the root").
pub(crate) fn stated_eps_placement(prose: &str) -> Option<EpsPlacement> {
    let plain: String = prose.chars().filter(|c| !matches!(c, '*' | '_')).collect();
    match (OUTSIDE.is_match(&plain), INSIDE.is_match(&plain)) {
        (true, false) => Some(EpsPlacement::Outside),
        (false, true) => Some(EpsPlacement::Inside),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_placement_named_is_stated() {
        assert_eq!(
            stated_eps_placement("- here $\\delta$ sits **outside** the root"),
            Some(EpsPlacement::Outside)
        );
        assert_eq!(
            stated_eps_placement("ε steht unter der Wurzel"),
            Some(EpsPlacement::Inside)
        );
        assert_eq!(
            stated_eps_placement("eps is added after the square root"),
            Some(EpsPlacement::Outside)
        );
    }

    #[test]
    fn both_or_neither_state_nothing() {
        assert_eq!(
            stated_eps_placement("added after the square root; Keras puts it under the root"),
            None
        );
        assert_eq!(
            stated_eps_placement("the step is divided by the root"),
            None
        );
    }
}
