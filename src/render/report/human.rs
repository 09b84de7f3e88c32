//! The report for people: each refuted claim as a rustc-style diagnostic
//! (codespan-reporting) with the formula, a caret under the failing part,
//! expected vs got and the counterexample written out in words
//! ([`super::evidence`]; never JSON, never byte offsets); unchecked claims as one line
//! each when asked; then a one-line summary with coverage.
use super::evidence;
use crate::render::words::without_offsets;
use crate::report::{CheckReport, ClaimEntry};
use crate::vault::Vault;
use crate::verify::Status;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config, Styles, StylesWriter};

/// Options of the human format.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Also list unchecked claims with their reasons.
    pub show_unchecked: bool,
    /// Colour the diagnostics with ANSI escapes (for a terminal).
    pub color: bool,
}

/// `(vault-relative path, text)` of every note of `vault`: the `sources`
/// [`render`] quotes.
pub fn sources(vault: &Vault) -> Vec<(String, String)> {
    vault
        .notes
        .iter()
        .map(|n| (n.path.clone(), n.text.clone()))
        .collect()
}

/// Renders the report; `sources` maps vault-relative paths to file texts.
pub fn render(report: &CheckReport, sources: &[(String, String)], options: HumanOptions) -> String {
    let mut files = SimpleFiles::new();
    // By path, the first source of a path winning: one lookup per claim.
    let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (path, text) in sources {
        let id = files.add(path.clone(), text.clone());
        ids.entry(path.as_str()).or_insert(id);
    }
    let file_id = |path: &str| ids.get(path).copied();
    let config = Config::default();
    let mut out = String::new();
    for claim in &report.claims {
        match claim.status {
            Status::Refuted => match file_id(&claim.file) {
                Some(id) => {
                    let diagnostic = refuted_diagnostic(claim, id);
                    match emit(&config, &files, &diagnostic, options.color) {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(&one_line(claim)),
                    }
                }
                None => out.push_str(&one_line(claim)),
            },
            Status::Unchecked if options.show_unchecked => out.push_str(&one_line(claim)),
            _ => {}
        }
    }
    let s = &report.summary;
    out.push_str(&format!(
        "{} formulas, {} claims: {} verified, {} refuted, {} unchecked; coverage {:.1}%\n",
        s.formulas,
        s.claims,
        s.verified,
        s.refuted,
        s.unchecked,
        100.0 * s.coverage
    ));
    out
}

/// One diagnostic as text, in colour when asked; `None` if a span is out of range.
fn emit(
    config: &Config,
    files: &SimpleFiles<String, String>,
    diagnostic: &Diagnostic<usize>,
    color: bool,
) -> Option<String> {
    if !color {
        return term::emit_into_string(config, files, diagnostic).ok();
    }
    let styles = Styles::default();
    let mut buffer = Buffer::ansi();
    let mut writer = StylesWriter::new(&mut buffer, &styles);
    term::emit_to_write_style(&mut writer, config, files, diagnostic).ok()?;
    String::from_utf8(buffer.into_inner()).ok()
}

fn one_line(claim: &ClaimEntry) -> String {
    format!(
        "{}:{}:{}: {}: {} — {}\n",
        claim.file,
        claim.line,
        claim.column,
        claim.status.as_str(),
        without_offsets(&claim.reason),
        claim.latex
    )
}

fn refuted_diagnostic(claim: &ClaimEntry, file: usize) -> Diagnostic<usize> {
    // Expected vs got (or the two sides) and the inputs first, in words.
    let notes = evidence::notes(&claim.evidence);
    Diagnostic::error()
        .with_code("refuted")
        .with_message(format!(
            "{} ({})",
            without_offsets(&claim.reason),
            claim.kind
        ))
        .with_labels(vec![
            Label::primary(file, claim.bytes.clone()).with_message("this does not hold"),
        ])
        .with_notes(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuted_claims_get_a_caret_and_the_summary_line_ends() {
        let text = "# arithmetic\n$$\n2^{20}/64 = 16383\n$$\n".to_string();
        let start = text.find("2^").unwrap();
        let claim = ClaimEntry {
            id: "n.md:3:1#0".into(),
            file: "n.md".into(),
            line: 3,
            column: 1,
            latex: "2^{20}/64 = 16383".into(),
            kind: "arithmetic".into(),
            status: Status::Refuted,
            reason: "the two sides differ".into(),
            evidence: serde_json::json!({"expected": "16383", "got": 16384.0}),
            formula: "2^{20}/64 = 16383".into(),
            bytes: start..start + 17,
        };
        let report = CheckReport::new(vec![claim], &["2^{20}/64 = 16383".to_string()]);
        let out = render(&report, &[("n.md".into(), text)], HumanOptions::default());
        assert!(
            out.contains("error[refuted]: the two sides differ (arithmetic)"),
            "{out}"
        );
        assert!(out.contains("n.md:3:1"), "{out}");
        assert!(
            out.contains("^^^^^^^^^^^^^^^^^ this does not hold"),
            "{out}"
        );
        assert!(out.contains("= expected: 16383"), "{out}");
        assert!(
            out.ends_with(
                "1 formulas, 1 claims: 0 verified, 1 refuted, 0 unchecked; coverage 100.0%\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn colour_only_when_asked_and_unchecked_only_when_shown() {
        let text = "$1 = 2$ and $x$\n".to_string();
        let claim = |latex: &str, status, bytes: std::ops::Range<usize>| ClaimEntry {
            id: latex.into(),
            file: "n.md".into(),
            line: 1,
            column: bytes.start + 1,
            latex: latex.into(),
            kind: "arithmetic".into(),
            status,
            reason: format!("because {latex}"),
            evidence: serde_json::json!({}),
            formula: latex.into(),
            bytes,
        };
        let report = CheckReport::new(
            vec![
                claim("1 = 2", Status::Refuted, 1..6),
                claim("x", Status::Unchecked, 13..14),
            ],
            &[],
        );
        let sources = [("n.md".to_string(), text)];
        let plain = render(&report, &sources, HumanOptions::default());
        assert!(
            !plain.contains('\u{1b}') && !plain.contains("because x"),
            "{plain}"
        );
        let options = HumanOptions {
            show_unchecked: true,
            color: true,
        };
        let coloured = render(&report, &sources, options);
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        assert!(
            coloured.contains("n.md:1:14: unchecked: because x — x"),
            "{coloured}"
        );
    }
}
