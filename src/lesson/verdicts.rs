//! The checker's verdicts, looked up per formula. The lessons consume a
//! [`CheckReport`] (or none, when the checker did not run) and never
//! compute a verdict themselves.
//!
//! A formula's claims are those of the same file whose position falls
//! inside the formula (its first line and column up to its last line), or,
//! when positions drift (a card field's first line), whose formula key —
//! the whitespace-normalised LaTeX — equals the formula's on those lines.
//! The formula's status is its worst claim's: refuted over unchecked over
//! verified; definitions and mentions count only when there is nothing else.
use crate::html::MathSite;
use crate::report::{CheckReport, ClaimEntry};
use crate::verify::Status;
use std::collections::BTreeMap;

/// Reason shown on every badge when no check report was given.
pub const NOT_RUN: &str = "checker not run";

/// Reason shown when the checker ran but found no claim in a formula.
pub const NO_CLAIM: &str = "the checker found no claim in this formula";

/// The verdict of one formula, with the claims behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaVerdict {
    /// The worst status among the claims (unchecked when there are none).
    pub status: Status,
    /// One sentence: the worst claim's reason, or why there is none.
    pub reason: String,
    /// The claims found in the formula, in report order.
    pub claims: Vec<ClaimEntry>,
    /// Whether the formula states a claim; `false` when its entries are
    /// only definitions, conditions or mentions (badged as such, never
    /// counted as unchecked).
    pub is_claim: bool,
}

/// Claims of a check report indexed by file.
#[derive(Debug, Default)]
pub struct VerdictLookup<'r> {
    ran: bool,
    by_file: BTreeMap<&'r str, Vec<&'r ClaimEntry>>,
}

impl<'r> VerdictLookup<'r> {
    /// Indexes `report`; `None` means the checker did not run.
    pub fn new(report: Option<&'r CheckReport>) -> Self {
        let mut by_file: BTreeMap<&str, Vec<&ClaimEntry>> = BTreeMap::new();
        for claim in report.iter().flat_map(|r| &r.claims) {
            by_file.entry(claim.file.as_str()).or_default().push(claim);
        }
        Self {
            ran: report.is_some(),
            by_file,
        }
    }

    /// The verdict of the formula at `site`.
    pub fn verdict(&self, site: &MathSite<'_>) -> FormulaVerdict {
        if !self.ran {
            return FormulaVerdict {
                is_claim: true,
                status: Status::Unchecked,
                reason: NOT_RUN.to_string(),
                claims: Vec::new(),
            };
        }
        let claims = self.claims_of(site);
        // Definitions and mentions speak only for a formula that has nothing else.
        let real: Vec<&&ClaimEntry> = claims.iter().filter(|c| c.is_claim()).collect();
        let is_claim = !real.is_empty() || claims.is_empty();
        let worst = if real.is_empty() {
            claims.iter().max_by_key(|c| c.status)
        } else {
            real.into_iter().max_by_key(|c| c.status)
        };
        FormulaVerdict {
            is_claim,
            status: worst.map_or(Status::Unchecked, |c| c.status),
            reason: worst.map_or_else(|| NO_CLAIM.to_string(), |c| c.reason.clone()),
            claims: claims.into_iter().cloned().collect(),
        }
    }

    /// The claims of the formula at `site` (none when the checker did not run).
    pub fn claims(&self, site: &MathSite<'_>) -> Vec<&'r ClaimEntry> {
        self.claims_of(site)
    }

    fn claims_of(&self, site: &MathSite<'_>) -> Vec<&'r ClaimEntry> {
        let Some(all) = self.by_file.get(site.file) else {
            return Vec::new();
        };
        let on_lines = |c: &&&ClaimEntry| (site.line..=site.end_line).contains(&c.line);
        let by_place: Vec<&ClaimEntry> = all
            .iter()
            .filter(on_lines)
            .filter(|c| (c.line, c.column) >= (site.line, site.column))
            .filter(|c| c.line > site.line || c.column < site.column + site.latex.chars().count())
            .copied()
            .collect();
        if !by_place.is_empty() {
            return by_place;
        }
        let key = formula_key(site.latex);
        all.iter()
            .filter(on_lines)
            .filter(|c| formula_key(&c.formula) == key || formula_key(&c.latex) == key)
            .copied()
            .collect()
    }
}

/// LaTeX with runs of whitespace collapsed (as the checker keys formulas).
pub fn formula_key(latex: &str) -> String {
    latex.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(file: &str, line: usize, column: usize, latex: &str, status: Status) -> ClaimEntry {
        ClaimEntry {
            id: format!("{file}:{line}:{column}#0"),
            file: file.into(),
            line,
            column,
            latex: latex.into(),
            kind: "identity".into(),
            status,
            reason: format!("{} by test", status.as_str()),
            evidence: serde_json::json!({"trials": 3}),
            formula: latex.into(),
            bytes: 0..1,
        }
    }

    fn site<'a>(file: &'a str, line: usize, column: usize, latex: &'a str) -> MathSite<'a> {
        MathSite {
            latex,
            display: false,
            file,
            line,
            column,
            end_line: line + latex.matches('\n').count(),
        }
    }

    #[test]
    fn without_a_report_every_formula_is_unchecked_checker_not_run() {
        let lookup = VerdictLookup::new(None);
        let v = lookup.verdict(&site("a.md", 1, 1, "x = 1"));
        assert_eq!((v.status, v.reason.as_str()), (Status::Unchecked, NOT_RUN));
    }

    #[test]
    fn claims_inside_the_formula_decide_and_the_worst_wins() {
        let claims = vec![
            claim("a.md", 3, 5, "a = b", Status::Verified),
            claim("a.md", 3, 12, "b = c", Status::Refuted),
            claim("a.md", 3, 40, "other", Status::Verified),
            claim("b.md", 3, 5, "a = b", Status::Verified),
        ];
        let report = CheckReport::new(claims, &[]);
        let lookup = VerdictLookup::new(Some(&report));
        let v = lookup.verdict(&site("a.md", 3, 5, "a = b = c"));
        assert_eq!(v.status, Status::Refuted);
        assert_eq!(v.reason, "refuted by test");
        assert_eq!(v.claims.len(), 2);
        let none = lookup.verdict(&site("a.md", 9, 1, "y"));
        assert_eq!(
            (none.status, none.reason.as_str()),
            (Status::Unchecked, NO_CLAIM)
        );
    }

    #[test]
    fn a_shifted_column_falls_back_to_the_formula_key_on_the_same_lines() {
        let report = CheckReport::new(vec![claim("a.md", 7, 9, "x  =  1", Status::Verified)], &[]);
        let lookup = VerdictLookup::new(Some(&report));
        assert_eq!(
            lookup.verdict(&site("a.md", 7, 1, "x = 1")).status,
            Status::Verified
        );
        assert_eq!(
            lookup.verdict(&site("a.md", 8, 1, "x = 1")).status,
            Status::Unchecked
        );
    }
}
