//! The report as JUnit XML: a test suite per file, a test case per claim;
//! refuted claims are failures and unchecked ones are skipped.
use crate::report::CheckReport;
use crate::verify::Status;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;

/// Renders the report as a JUnit XML document.
pub fn render(report: &CheckReport) -> String {
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    for claim in &report.claims {
        let status = match claim.status {
            Status::Verified => TestCaseStatus::success(),
            Status::Refuted => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(claim.reason.clone())
                    .set_type("refuted")
                    .set_description(format!("{}\n{}", claim.latex, claim.evidence));
                s
            }
            Status::Unchecked => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(claim.reason.clone());
                s
            }
        };
        let mut case = TestCase::new(
            format!(
                "{}:{}:{} {}",
                claim.file, claim.line, claim.column, claim.latex
            ),
            status,
        );
        case.set_classname(claim.kind.clone());
        suites
            .entry(claim.file.as_str())
            .or_insert_with(|| TestSuite::new(claim.file.clone()))
            .add_test_case(case);
    }
    let mut junit = Report::new("verideck check");
    junit.add_test_suites(suites.into_values());
    junit.to_string().expect("JUnit report serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ClaimEntry;

    #[test]
    fn refuted_is_a_failure_and_unchecked_is_skipped() {
        let claim = |latex: &str, status| ClaimEntry {
            id: latex.into(),
            file: "n.md".into(),
            line: 2,
            column: 3,
            latex: latex.into(),
            kind: "arithmetic".into(),
            status,
            reason: format!("reason <{latex}>"),
            evidence: serde_json::json!({}),
            formula: latex.into(),
            bytes: 0..1,
        };
        let report = CheckReport::new(
            vec![
                claim("1=1", Status::Verified),
                claim("1=2", Status::Refuted),
                claim("x", Status::Unchecked),
            ],
            &[],
        );
        let xml = render(&report);
        assert!(
            xml.contains(
                "<testsuite name=\"n.md\" tests=\"3\" skipped=\"1\" errors=\"0\" failures=\"1\">"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<failure message=\"reason &lt;1=2&gt;\" type=\"refuted\">"),
            "{xml}"
        );
        assert!(
            xml.contains("<skipped message=\"reason &lt;x&gt;\"/>"),
            "{xml}"
        );
    }
}
