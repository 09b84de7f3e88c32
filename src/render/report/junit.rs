//! The report as JUnit XML: a test suite per file, a test case per claim;
//! refuted claims are failures and unchecked ones are skipped. Each problem
//! of the vault's input is a test case of its file's suite too (class
//! `input`): an error-level one is an `<error>`, a warning passes with the
//! message as its output.
use crate::diag::Diagnostic;
use crate::report::CheckReport;
use crate::verify::Status;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;

/// Renders the report and the vault's problems as a JUnit XML document.
pub fn render(report: &CheckReport, problems: &[Diagnostic]) -> String {
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
    for problem in problems {
        suites
            .entry(problem.file.as_str())
            .or_insert_with(|| TestSuite::new(problem.file.clone()))
            .add_test_case(problem_case(problem));
    }
    let mut junit = Report::new("verideck check");
    junit.add_test_suites(suites.into_values());
    junit.to_string().expect("JUnit report serialises")
}

/// One problem of the input as a test case.
fn problem_case(problem: &Diagnostic) -> TestCase {
    let name = format!("{}:{}: {}", problem.file, problem.line, problem.message);
    let mut case = if problem.is_error() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(problem.message.clone())
            .set_type("broken-input");
        TestCase::new(name, status)
    } else {
        let mut case = TestCase::new(name, TestCaseStatus::success());
        case.set_system_out(format!("warning: {}", problem.message));
        case
    };
    case.set_classname("input");
    case
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
        let xml = render(&report, &[]);
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

    #[test]
    fn problems_are_errors_or_passing_cases_with_the_warning() {
        let report = CheckReport::new(Vec::new(), &[]);
        let problems = [
            Diagnostic::error("b.md", 3, "START without END"),
            Diagnostic::warning("b.md", 9, "skipped symlink"),
        ];
        let xml = render(&report, &problems);
        assert!(
            xml.contains(
                "<testsuite name=\"b.md\" tests=\"2\" skipped=\"0\" errors=\"1\" failures=\"0\">"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<error message=\"START without END\" type=\"broken-input\"/>"),
            "{xml}"
        );
        assert!(xml.contains("warning: skipped symlink"), "{xml}");
    }
}
