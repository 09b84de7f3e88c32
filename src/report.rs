//! The check report: one entry per claim with its verdict and place, and a
//! summary with coverage. Renderers ([`crate::render::report`]) print it as
//! human diagnostics, JSON or JUnit; its JSON shape is a published contract
//! (extend, don't rename).
use crate::verdict::Status;
use serde::Serialize;
use std::collections::BTreeMap;

/// One claim as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimEntry {
    /// Stable id: `file:line:column#link`.
    pub id: String,
    /// Vault-relative path.
    pub file: String,
    /// 1-based line of the claim (of its chain link).
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The LaTeX of the claim.
    pub latex: String,
    /// The claim family (`update-rule`, `identity`, `arithmetic`, …).
    pub kind: String,
    /// The verdict.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// Test details or counterexample.
    pub evidence: serde_json::Value,
    /// The distinct formula the claim belongs to (its whitespace-normalised LaTeX).
    #[serde(skip)]
    pub formula: String,
    /// Byte range of the failing part in the file, for carets.
    #[serde(skip)]
    pub bytes: std::ops::Range<usize>,
}

/// Claim families that are not claims: a definition or a worked example's
/// value (`x = 1`, `d = -H^{-1} g`, a side condition `0 < q < 1`) and a
/// bare expression (`$x$`, a mention). They stay in the report, but card
/// footers, lesson badges and verdict tags never count them as failures.
pub const NOT_CLAIMS: [&str; 2] = ["definition", "expression"];

impl ClaimEntry {
    /// Whether this entry asserts something a test can confirm or refute
    /// (not a definition, a condition or a mention: [`NOT_CLAIMS`]).
    pub fn is_claim(&self) -> bool {
        !NOT_CLAIMS.contains(&self.kind.as_str())
    }
}

/// Totals over the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Distinct formulas in the vault.
    pub formulas: usize,
    /// Claims reported.
    pub claims: usize,
    /// Claims verified.
    pub verified: usize,
    /// Claims refuted.
    pub refuted: usize,
    /// Claims unchecked.
    pub unchecked: usize,
    /// Share of distinct formulas that got a numerical verdict and whose
    /// other claims are only definitions (`x = 1`, `d = -H^{-1} g`).
    pub coverage: f64,
}

/// Every claim of a vault with its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Claims in vault order.
    pub claims: Vec<ClaimEntry>,
    /// Totals.
    pub summary: Summary,
}

impl CheckReport {
    /// Builds the report and its summary; `formulas` lists every distinct
    /// formula key (a formula without claims counts as not covered). A
    /// formula is covered when at least one of its claims got a numerical
    /// verdict and every other claim is a definition (kind `definition`).
    pub fn new(claims: Vec<ClaimEntry>, formulas: &[String]) -> Self {
        let count = |s: Status| claims.iter().filter(|c| c.status == s).count();
        let mut checked: BTreeMap<&str, bool> =
            formulas.iter().map(|f| (f.as_str(), false)).collect();
        // Per formula: (some claim got a numerical verdict, some claim is
        // unchecked for a reason other than being a definition).
        let mut seen: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
        for c in &claims {
            let entry = seen.entry(c.formula.as_str()).or_default();
            entry.0 |= c.status != Status::Unchecked;
            entry.1 |= c.status == Status::Unchecked && c.kind != "definition";
        }
        for (formula, (numerical, open)) in seen {
            checked.insert(formula, numerical && !open);
        }
        let covered = checked.values().filter(|c| **c).count();
        let summary = Summary {
            formulas: checked.len(),
            claims: claims.len(),
            verified: count(Status::Verified),
            refuted: count(Status::Refuted),
            unchecked: count(Status::Unchecked),
            coverage: if checked.is_empty() {
                1.0
            } else {
                covered as f64 / checked.len() as f64
            },
        };
        Self { claims, summary }
    }

    /// Whether any claim is refuted.
    pub fn has_refuted(&self) -> bool {
        self.summary.refuted > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn entry(formula: &str, status: Status) -> ClaimEntry {
        ClaimEntry {
            id: format!("n.md:1:1#{formula}"),
            file: "n.md".into(),
            line: 1,
            column: 1,
            latex: formula.into(),
            kind: "arithmetic".into(),
            status,
            reason: "r".into(),
            evidence: serde_json::json!({}),
            formula: formula.into(),
            bytes: 0..1,
        }
    }

    #[test]
    fn coverage_counts_formulas_whose_claims_all_got_a_numerical_verdict() {
        let claims = vec![
            entry("a", Status::Verified),
            entry("a", Status::Refuted),
            entry("b", Status::Verified),
            entry("b", Status::Unchecked),
        ];
        let formulas = ["a", "b", "c"].map(String::from);
        let report = CheckReport::new(claims, &formulas);
        assert_eq!(report.summary.formulas, 3);
        assert_eq!(
            (
                report.summary.verified,
                report.summary.refuted,
                report.summary.unchecked
            ),
            (2, 1, 1)
        );
        assert!((report.summary.coverage - 1.0 / 3.0).abs() < 1e-12);
        assert!(report.has_refuted());
    }
}
