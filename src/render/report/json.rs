//! The report as one JSON object (`{"claims": […], "summary": {…},
//! "problems": […]}`): the claims and their totals, then every problem of
//! the vault's input (`{"file", "line", "severity", "message"}`), the same
//! ones `verideck build` reports. Fields are only ever added.
use crate::diag::Diagnostic;
use crate::report::CheckReport;
use serde::Serialize;

/// The published document: the report's fields, then `problems`.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    report: &'a CheckReport,
    problems: &'a [Diagnostic],
}

/// Serialises the report and the vault's problems, pretty-printed, with a
/// final newline.
pub fn render(report: &CheckReport, problems: &[Diagnostic]) -> String {
    let document = Document { report, problems };
    let mut text = serde_json::to_string_pretty(&document).expect("report is plain data");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{CheckReport, ClaimEntry};
    use crate::verify::Status;

    #[test]
    fn has_the_published_shape() {
        let entry = ClaimEntry {
            id: "a.md:3:1#0".into(),
            file: "a.md".into(),
            line: 3,
            column: 1,
            latex: "1+1=3".into(),
            kind: "arithmetic".into(),
            status: Status::Refuted,
            reason: "left side is 2".into(),
            evidence: serde_json::json!({"expected": 3, "got": 2}),
            formula: "1+1=3".into(),
            bytes: 0..5,
        };
        let report = CheckReport::new(vec![entry], &["1+1=3".to_string()]);
        let problems = [crate::diag::Diagnostic::error(
            "b.md",
            7,
            "START without END",
        )];
        let value: serde_json::Value = serde_json::from_str(&render(&report, &problems)).unwrap();
        assert_eq!(
            value["problems"],
            serde_json::json!([{"file": "b.md", "line": 7, "severity": "error", "message": "START without END"}])
        );
        let claim = &value["claims"][0];
        for key in [
            "id", "file", "line", "column", "latex", "kind", "status", "reason", "evidence",
        ] {
            assert!(claim.get(key).is_some(), "missing {key}");
        }
        assert_eq!(claim["status"], "refuted");
        assert!(claim.get("formula").is_none() && claim.get("bytes").is_none());
        let summary = &value["summary"];
        assert_eq!(summary["formulas"], 1);
        assert_eq!(summary["refuted"], 1);
        assert_eq!(summary["coverage"], 1.0);
    }
}
