//! The checker's verdict on each card: the worst status among the claims
//! on the card (verified < unchecked < refuted), its tag
//! `verideck::verified|unchecked|refuted`, and the per-formula verdicts
//! the footer summarises (where a formula's status comes from its claims
//! alone: definitions, conditions and mentions speak only for a formula
//! that has nothing else, and are marked as not claims).
//!
//! The claims on a card are those of its formulas — every formula its
//! fields render, including those inlined from `![[embeds]]`, matched by
//! file and place as the lessons do ([`VerdictLookup`]) — plus, as a
//! safety net, any other claim written between the card's `START` and
//! `END` lines. A card without formulas is `unchecked`.
use super::Card;
use super::tags;
use crate::lesson::verdicts::{NO_CLAIM, VerdictLookup, formula_key};
use crate::report::{CheckReport, ClaimEntry};
use crate::verify::Status;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Prefix of the verdict tag; the full tag is `verideck::` + the status.
pub const TAG_PREFIX: &str = "verideck::";

/// One distinct formula of a card with its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedFormula {
    /// The LaTeX as first met on the card.
    pub latex: String,
    /// Vault-relative path of the file it is written in.
    pub file: String,
    /// 1-based line where it is written.
    pub line: usize,
    /// The worst status of its claims (unchecked when it has none).
    pub status: Status,
    /// The claim families of its claims (`update-rule`, `limit`, …), sorted.
    pub kinds: Vec<String>,
    /// The worst claim's reason, or why there is no claim.
    pub reason: String,
    /// Whether it states a claim; `false` when all it holds are
    /// definitions, conditions or mentions, which are not failures.
    pub is_claim: bool,
}

/// What the checker said about one card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardVerdict {
    /// The worst status on the card; `unchecked` when it has no formula.
    pub status: Status,
    /// Its distinct formulas (by file and whitespace-normalised LaTeX), in card order.
    pub formulas: Vec<CheckedFormula>,
}

impl CardVerdict {
    /// The card's verdict tag: `verideck::verified`, `::unchecked` or `::refuted`.
    pub fn tag(&self) -> String {
        format!("{TAG_PREFIX}{}", self.status.as_str())
    }
}

/// Computes every card's verdict and gives each card exactly one verdict
/// tag (replacing any the note itself wrote). Returns the verdicts in card order.
pub fn apply(cards: &mut [Card], report: &CheckReport) -> Vec<CardVerdict> {
    let lookup = VerdictLookup::new(Some(report));
    cards
        .iter_mut()
        .map(|card| {
            let verdict = card_verdict(card, &lookup);
            let kept = card.tags.drain(..).filter(|t| !is_verdict_tag(t));
            card.tags = tags::normalize(kept.chain(std::iter::once(verdict.tag())));
            verdict
        })
        .collect()
}

/// Whether `tag` is one of the three verdict tags (any letter case).
pub fn is_verdict_tag(tag: &str) -> bool {
    let lower = tag.to_lowercase();
    [Status::Verified, Status::Unchecked, Status::Refuted]
        .iter()
        .any(|s| lower == format!("{TAG_PREFIX}{}", s.as_str()))
}

/// A formula being gathered: its claims so far.
struct Gathered<'r> {
    key: (String, String),
    latex: String,
    line: usize,
    claims: Vec<&'r ClaimEntry>,
}

/// The formulas of one card being gathered, in card order, with their
/// places by key (a card with many formulas stays linear).
#[derive(Default)]
struct Gathering<'r> {
    formulas: Vec<Gathered<'r>>,
    by_key: HashMap<(String, String), usize>,
}

impl<'r> Gathering<'r> {
    /// The formula of `key`, added (with `latex` trimmed and `line`) if new.
    fn slot(&mut self, key: (String, String), latex: &str, line: usize) -> &mut Gathered<'r> {
        let at = match self.by_key.get(&key) {
            Some(&at) => at,
            None => {
                self.by_key.insert(key.clone(), self.formulas.len());
                self.formulas.push(Gathered {
                    key,
                    latex: latex.trim().to_string(),
                    line,
                    claims: Vec::new(),
                });
                self.formulas.len() - 1
            }
        };
        &mut self.formulas[at]
    }
}

/// The verdict of one card; `lookup` indexes the check report.
pub fn card_verdict(card: &Card, lookup: &VerdictLookup<'_>) -> CardVerdict {
    let mut gathering = Gathering::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for formula in &card.formulas {
        let claims = lookup.claims(&formula.site());
        let key = (formula.file.clone(), formula_key(&formula.latex));
        let entry = gathering.slot(key, &formula.latex, formula.line);
        for claim in claims {
            if seen.insert(claim.id.as_str()) {
                entry.claims.push(claim);
            }
        }
    }
    for claim in lookup.claims_on_lines(&card.path, card.line, card.end_line) {
        if seen.insert(claim.id.as_str()) {
            let key = (claim.file.clone(), formula_key(&claim.formula));
            gathering
                .slot(key, &claim.formula, claim.line)
                .claims
                .push(claim);
        }
    }
    // The tag stays the worst of every entry, definitions included (a
    // formula without any is unchecked); the footer counts claims only.
    let status = gathering
        .formulas
        .iter()
        .map(|g| {
            g.claims
                .iter()
                .map(|c| c.status)
                .max()
                .unwrap_or(Status::Unchecked)
        })
        .max()
        .unwrap_or(Status::Unchecked);
    let formulas: Vec<CheckedFormula> = gathering.formulas.into_iter().map(checked).collect();
    CardVerdict { status, formulas }
}

fn checked(g: Gathered<'_>) -> CheckedFormula {
    // Definitions and mentions speak only for a formula that has nothing else.
    let claims: Vec<&ClaimEntry> = g.claims.iter().copied().filter(|c| c.is_claim()).collect();
    let is_claim = !claims.is_empty() || g.claims.is_empty();
    let speaking = if claims.is_empty() {
        &g.claims
    } else {
        &claims
    };
    // The first claim of the worst status speaks for the formula.
    let worst = speaking
        .iter()
        .copied()
        .reduce(|a, b| if b.status > a.status { b } else { a });
    let kinds: BTreeSet<&str> = speaking.iter().map(|c| c.kind.as_str()).collect();
    CheckedFormula {
        is_claim,
        latex: g.latex,
        file: g.key.0,
        line: g.line,
        status: worst.map_or(Status::Unchecked, |c| c.status),
        kinds: kinds.into_iter().map(String::from).collect(),
        reason: worst.map_or_else(|| NO_CLAIM.to_string(), |c| c.reason.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{DeckOptions, assemble};
    use crate::vault::test_vault;

    const CARDS: &str = "# m\n\nSTART\nBasic\nlimit of $s_k$?\nBack: ![[series#sum]]\nEND\n\nSTART\nBasic\nno math here\nBack: none\nEND\n\nSTART\nBasic\nown math\nBack: $1 + 1 = 2$\nEND\n";
    const SERIES: &str = "# series\n## sum\n$$\nq^0 + q^1 = 1 + q\n$$\n## other\n$x = 3$\n";

    fn claim(file: &str, line: usize, column: usize, latex: &str, status: Status) -> ClaimEntry {
        ClaimEntry {
            id: format!("{file}:{line}:{column}#0"),
            file: file.into(),
            line,
            column,
            latex: latex.into(),
            kind: "worked-arithmetic".into(),
            status,
            reason: format!("{} by hand", status.as_str()),
            evidence: serde_json::json!({}),
            formula: latex.into(),
            bytes: 0..1,
        }
    }

    fn verdicts(claims: Vec<ClaimEntry>) -> (Vec<Card>, Vec<CardVerdict>) {
        let vault = test_vault(&[("m.md", CARDS), ("series.md", SERIES)]);
        let mut cards = assemble(&vault, &DeckOptions::default()).cards;
        let report = CheckReport::new(claims, &[]);
        let verdicts = apply(&mut cards, &report);
        (cards, verdicts)
    }

    #[test]
    fn the_worst_claim_wins_embeds_included_and_each_card_has_one_verdict_tag() {
        let (cards, verdicts) = verdicts(vec![
            claim("m.md", 5, 11, "s_k", Status::Unchecked),
            claim("series.md", 4, 1, "q^0 + q^1 = 1 + q", Status::Refuted),
            claim("series.md", 7, 2, "x = 3", Status::Refuted),
            claim("m.md", 18, 8, "1 + 1 = 2", Status::Verified),
        ]);
        let status: Vec<Status> = verdicts.iter().map(|v| v.status).collect();
        assert_eq!(
            status,
            [Status::Refuted, Status::Unchecked, Status::Verified]
        );
        // The embedded section's formula counts; the section after it does not.
        assert_eq!(verdicts[0].formulas.len(), 2);
        assert_eq!(verdicts[0].formulas[1].file, "series.md");
        assert_eq!(verdicts[0].formulas[1].reason, "refuted by hand");
        assert!(verdicts[1].formulas.is_empty());
        for (card, verdict) in cards.iter().zip(&verdicts) {
            let tags: Vec<&String> = card.tags.iter().filter(|t| is_verdict_tag(t)).collect();
            assert_eq!(tags, [&verdict.tag()]);
        }
    }

    #[test]
    fn a_claim_inside_the_block_counts_even_if_no_formula_matches_it() {
        // Reported at a column no formula of the card starts at, on a line of the block.
        let (_, verdicts) = verdicts(vec![claim("m.md", 16, 1, "y = 1", Status::Refuted)]);
        assert_eq!(verdicts[2].status, Status::Refuted);
        assert_eq!(verdicts[1].status, Status::Unchecked);
    }

    #[test]
    fn a_formula_without_claims_is_unchecked_and_a_tag_written_in_the_note_is_replaced() {
        let vault = test_vault(&[(
            "n.md",
            "START\nBasic\nQ $a$\nBack: A\nTags: verideck::Verified\nEND\n",
        )]);
        let mut cards = assemble(&vault, &DeckOptions::default()).cards;
        let verdicts = apply(&mut cards, &CheckReport::new(Vec::new(), &[]));
        assert_eq!(verdicts[0].status, Status::Unchecked);
        assert_eq!(verdicts[0].formulas[0].reason, NO_CLAIM);
        assert_eq!(cards[0].tags, ["verideck", "verideck::unchecked"]);
    }
}
