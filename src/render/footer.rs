//! The verification footer that ends a card's answer: the card's
//! [`CardVerdict`] summarised in a line ("✓ 3 formulas verified: update
//! rule, limit · 1 formula could not be checked: …") through the
//! `footer.html` tera template, appended to the note type's footer field
//! (Back; Cloze: Back Extra; none for `Basic (type in the answer)`).
//! Only claims count: a formula that only defines something, states a
//! condition or mentions a symbol is neither counted nor called a failure.
use super::templates::{TemplateError, Templates};
use super::words::without_offsets;
use crate::deck::Card;
use crate::deck::verdict::{CardVerdict, CheckedFormula};
use crate::html::{escape_html, math_html};
use crate::verify::Status;
use serde::Serialize;
use std::collections::BTreeSet;

/// How many names or reasons a footer lists per status before "…".
pub const MAX_ITEMS: usize = 3;

/// Longest reason quoted, in characters, before it is cut with "…".
pub const MAX_REASON: usize = 80;

/// Longest refuted formula quoted in the footer, in characters.
pub const MAX_FORMULA: usize = 60;

/// The formulas of one status, for the template.
#[derive(Debug, Serialize)]
struct Part {
    count: usize,
    /// HTML snippets: claim families (verified), reasons (unchecked), or
    /// the formula, its place and the reason (refuted).
    items: Vec<String>,
}

/// Renders the footer of `verdict` with the `footer.html` template.
pub fn render(templates: &Templates, verdict: &CardVerdict) -> Result<String, TemplateError> {
    let claims: Vec<&CheckedFormula> = verdict.formulas.iter().filter(|f| f.is_claim).collect();
    let of = |status: Status| -> Vec<&CheckedFormula> {
        claims
            .iter()
            .copied()
            .filter(|f| f.status == status)
            .collect()
    };
    let verified = of(Status::Verified);
    let unchecked = of(Status::Unchecked);
    let refuted = of(Status::Refuted);
    let names = verified
        .iter()
        .flat_map(|f| f.kinds.iter().map(|k| escape_html(&k.replace('-', " "))));
    let reasons = unchecked
        .iter()
        .map(|f| escape_html(&cut(&without_offsets(&f.reason))));
    let counterclaims = refuted.iter().map(|f| {
        let latex = f.latex.split_whitespace().collect::<Vec<_>>().join(" ");
        // A long formula is named by its place only: cut LaTeX would not typeset.
        let shown = if latex.chars().count() <= MAX_FORMULA {
            format!("{} ", math_html(&latex, false))
        } else {
            String::new()
        };
        format!(
            "{shown}({}:{}) {}",
            escape_html(&f.file),
            f.line,
            escape_html(&cut(&without_offsets(&f.reason)))
        )
    });
    let mut context = tera::Context::new();
    context.insert("formulas", &claims.len());
    context.insert("not_claims", &(verdict.formulas.len() - claims.len()));
    context.insert("status", verdict.status.as_str());
    context.insert("verified", &part(verified.len(), names));
    context.insert("unchecked", &part(unchecked.len(), reasons));
    context.insert("refuted", &part(refuted.len(), counterclaims));
    Ok(templates
        .render("footer.html", &context)?
        .trim()
        .to_string())
}

/// Appends `footer` to the card's footer field, if its note type has one.
pub fn append(card: &mut Card, footer: &str) {
    let Some(at) = card.note_type.footer_field() else {
        return;
    };
    if let Some(field) = card.fields.get_mut(at) {
        if !field.is_empty() {
            field.push('\n');
        }
        field.push_str(footer);
    }
}

/// Distinct items in first-seen order, at most [`MAX_ITEMS`], then "…".
fn part(count: usize, items: impl Iterator<Item = String>) -> Part {
    let mut seen = BTreeSet::new();
    let mut distinct: Vec<String> = items.filter(|i| seen.insert(i.clone())).collect();
    if distinct.len() > MAX_ITEMS {
        distinct.truncate(MAX_ITEMS);
        distinct.push("…".to_string());
    }
    Part {
        count,
        items: distinct,
    }
}

/// `text` cut to [`MAX_REASON`] characters.
fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_REASON {
        text.to_string()
    } else {
        let kept: String = text.chars().take(MAX_REASON - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteType;

    fn formula(latex: &str, status: Status, kind: &str, reason: &str) -> CheckedFormula {
        CheckedFormula {
            latex: latex.into(),
            file: "m.md".into(),
            line: 4,
            status,
            kinds: vec![kind.into()],
            reason: reason.into(),
            is_claim: !["definition", "expression"].contains(&kind),
        }
    }

    fn footer(formulas: Vec<CheckedFormula>) -> String {
        let templates = super::super::templates::load_with(&[]).unwrap();
        let status = formulas
            .iter()
            .map(|f| f.status)
            .max()
            .unwrap_or(Status::Unchecked);
        render(&templates, &CardVerdict { status, formulas }).unwrap()
    }

    #[test]
    fn says_what_was_verified_refuted_and_left_unchecked_in_one_line() {
        let text = footer(vec![
            formula("a", Status::Verified, "update-rule", "ok"),
            formula("b", Status::Verified, "limit", "ok"),
            formula(
                "2 + 2 =\n 5",
                Status::Refuted,
                "arithmetic",
                "left <side> is 4",
            ),
            formula("c", Status::Unchecked, "relation", "unsupported \\foo"),
        ]);
        assert_eq!(
            text,
            "<div class=\"verideck\"><span class=\"refuted\">✗ 1 formula refuted</span>: \
             \\(2 + 2 = 5\\) (m.md:4) left &lt;side&gt; is 4 · <span class=\"verified\">✓ 2 \
             formulas verified</span>: update rule, limit · <span \
             class=\"unchecked\">1 formula could not be checked</span>: unsupported \\foo</div>"
        );
    }

    #[test]
    fn definitions_conditions_and_mentions_are_not_counted_as_failures() {
        let text = footer(vec![
            formula("a", Status::Verified, "update-rule", "ok"),
            formula("b", Status::Verified, "arithmetic", "ok"),
            formula("c", Status::Verified, "identity", "ok"),
            formula("x = 1", Status::Unchecked, "definition", "defines x"),
            formula(
                "x",
                Status::Unchecked,
                "expression",
                "an expression, not a claim",
            ),
        ]);
        assert_eq!(
            text,
            "<div class=\"verideck\"><span class=\"verified\">✓ 3 formulas verified</span>: \
             update rule, arithmetic, identity</div>"
        );
        let only = footer(vec![formula(
            "x = 1",
            Status::Unchecked,
            "definition",
            "defines x",
        )]);
        assert_eq!(
            only,
            "<div class=\"verideck\">No claim on this card: its formulas define or name things, nothing to check.</div>"
        );
        let unread = footer(vec![formula(
            "f(x)",
            Status::Unchecked,
            "relation",
            "unexpected `)` at byte 5",
        )]);
        assert_eq!(
            unread,
            "<div class=\"verideck\"><span class=\"unchecked\">1 formula could not be checked</span>: unexpected `)`</div>"
        );
    }

    #[test]
    fn a_card_without_formulas_says_there_was_nothing_to_check() {
        assert_eq!(
            footer(Vec::new()),
            "<div class=\"verideck\">No formula on this card: nothing to check.</div>"
        );
    }

    #[test]
    fn long_lists_and_reasons_are_cut() {
        let many: Vec<CheckedFormula> = (0..5)
            .map(|i| {
                formula(
                    "x",
                    Status::Unchecked,
                    "r",
                    &format!("reason {i} {}", "y".repeat(90)),
                )
            })
            .collect();
        let text = footer(many);
        assert_eq!(text.matches("reason ").count(), MAX_ITEMS, "{text}");
        assert!(text.contains("…; …"), "{text}");
    }

    #[test]
    fn goes_to_back_or_back_extra_and_never_to_a_typed_answer() {
        let mut card = crate::deck::Card {
            guid: "g".into(),
            note_type: NoteType::Cloze,
            deck: "D".into(),
            tags: Vec::new(),
            fields: vec!["{{c1::x}}".into(), String::new()],
            path: "m.md".into(),
            line: 1,
            end_line: 3,
            formulas: Vec::new(),
        };
        append(&mut card, "<div class=\"verideck\">f</div>");
        assert_eq!(card.fields[1], "<div class=\"verideck\">f</div>");
        card.note_type = NoteType::Basic;
        append(&mut card, "F");
        assert_eq!(card.fields[1], "<div class=\"verideck\">f</div>\nF");
        card.note_type = NoteType::BasicTypeIn;
        append(&mut card, "G");
        assert!(!card.fields[1].contains('G'));
    }
}
