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
use std::collections::HashMap;

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

/// Claims of a check report indexed by file, and within a file by place
/// and by formula key, so that each lookup costs about the claims it
/// returns rather than every claim of the file.
#[derive(Debug, Default)]
pub struct VerdictLookup<'r> {
    ran: bool,
    by_file: HashMap<&'r str, FileClaims<'r>>,
}

/// The claims of one file: in report order, their positions sorted by
/// place, and their positions by formula key.
#[derive(Debug, Default)]
struct FileClaims<'r> {
    /// In report order.
    claims: Vec<&'r ClaimEntry>,
    /// `(line, column, position in claims)`, sorted.
    by_place: Vec<(usize, usize, usize)>,
    /// Formula key (of the claim's formula, and of its LaTeX) to
    /// `(line, position in claims)`, sorted.
    by_key: HashMap<String, Vec<(usize, usize)>>,
}

impl<'r> FileClaims<'r> {
    fn index(&mut self) {
        self.by_place = (self.claims.iter().enumerate())
            .map(|(at, c)| (c.line, c.column, at))
            .collect();
        self.by_place.sort_unstable();
        for (at, c) in self.claims.iter().enumerate() {
            let formula = formula_key(&c.formula);
            let latex = formula_key(&c.latex);
            if latex != formula {
                self.by_key.entry(latex).or_default().push((c.line, at));
            }
            self.by_key.entry(formula).or_default().push((c.line, at));
        }
        for list in self.by_key.values_mut() {
            list.sort_unstable();
        }
    }

    /// Positions of the claims whose line is in `first..=last`, sorted by place.
    fn on_lines(&self, first: usize, last: usize) -> &[(usize, usize, usize)] {
        let start = self.by_place.partition_point(|p| p.0 < first);
        let end = self.by_place.partition_point(|p| p.0 <= last);
        &self.by_place[start..end.max(start)]
    }

    /// The claims at `positions`, in report order.
    fn in_report_order(&self, mut positions: Vec<usize>) -> Vec<&'r ClaimEntry> {
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().map(|at| self.claims[at]).collect()
    }
}

impl<'r> VerdictLookup<'r> {
    /// Indexes `report`; `None` means the checker did not run.
    pub fn new(report: Option<&'r CheckReport>) -> Self {
        let mut by_file: HashMap<&str, FileClaims<'r>> = HashMap::new();
        for claim in report.iter().flat_map(|r| &r.claims) {
            by_file
                .entry(claim.file.as_str())
                .or_default()
                .claims
                .push(claim);
        }
        for file in by_file.values_mut() {
            file.index();
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

    /// The claims of `file` written on lines `first..=last`, in report order.
    pub fn claims_on_lines(&self, file: &str, first: usize, last: usize) -> Vec<&'r ClaimEntry> {
        let Some(claims) = self.by_file.get(file) else {
            return Vec::new();
        };
        let positions = claims.on_lines(first, last).iter().map(|p| p.2).collect();
        claims.in_report_order(positions)
    }

    fn claims_of(&self, site: &MathSite<'_>) -> Vec<&'r ClaimEntry> {
        let Some(claims) = self.by_file.get(site.file) else {
            return Vec::new();
        };
        // Claims at or after the formula's start on its lines: on its first
        // line only those before its end column.
        let width = site.latex.chars().count();
        let lines = claims.on_lines(site.line, site.end_line);
        let from = lines.partition_point(|p| (p.0, p.1) < (site.line, site.column));
        let by_place: Vec<usize> = lines[from..]
            .iter()
            .filter(|p| p.0 > site.line || p.1 < site.column + width)
            .map(|p| p.2)
            .collect();
        if !by_place.is_empty() {
            return claims.in_report_order(by_place);
        }
        let Some(same) = claims.by_key.get(&formula_key(site.latex)) else {
            return Vec::new();
        };
        let start = same.partition_point(|p| p.0 < site.line);
        let end = same.partition_point(|p| p.0 <= site.end_line);
        let positions = same[start..end.max(start)].iter().map(|p| p.1).collect();
        claims.in_report_order(positions)
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
