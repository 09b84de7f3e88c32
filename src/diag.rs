//! Diagnostics: the errors and warnings verideck reports about a vault.
//!
//! Every stage adds [`Diagnostic`]s instead of stopping, so one bad note
//! never hides the rest of the vault. A diagnostic names the vault-relative
//! file and the 1-based line it is about, and prints as
//! `path:line: message` (warnings: `path:line: warning: message`), followed
//! by the offending line's text when it is known.
use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is: errors make `verideck build` exit with 2,
/// warnings are printed but leave the exit status alone. In JSON it is
/// `"error"` or `"warning"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something in the input is broken; the affected part was skipped.
    Error,
    /// Something looks doubtful but was handled.
    Warning,
}

/// One message about one place in the vault. Serialised (in `check
/// --format json`'s `problems`) as `{"file", "line", "severity", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Vault-relative path with `/` separators.
    pub file: String,
    /// 1-based line number (1 for whole-file problems).
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The text of the offending line, when there is one.
    #[serde(skip)]
    pub line_text: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line`, quoting `line_text` when given.
    pub fn error(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            message: message.into(),
            line_text: None,
        }
    }

    /// A warning at `file:line`.
    pub fn warning(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, message)
        }
    }

    /// The same diagnostic, quoting the offending line of `text` (1-based `line`).
    pub fn quoting(mut self, text: &str) -> Self {
        self.line_text = text
            .lines()
            .nth(self.line.saturating_sub(1))
            .map(|l| l.trim_end().to_string());
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(text) = &self.line_text {
            write!(f, "\n    | {text}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics into the vault's order: by path, then line, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.file.as_bytes(), a.line, &a.message).cmp(&(b.file.as_bytes(), b.line, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_path_line_message_and_quoted_line() {
        let d = Diagnostic::error("a/b.md", 2, "END without START").quoting("x\nEND  \ny");
        assert_eq!(d.to_string(), "a/b.md:2: END without START\n    | END");
    }

    #[test]
    fn warnings_say_so() {
        let d = Diagnostic::warning("n.md", 1, "ambiguous link");
        assert_eq!(d.to_string(), "n.md:1: warning: ambiguous link");
        assert!(!d.is_error());
    }

    #[test]
    fn serialises_file_line_severity_and_message() {
        let d = Diagnostic::warning("n.md", 4, "skipped").quoting("a\nb\nc\nd");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"file":"n.md","line":4,"severity":"warning","message":"skipped"}"#
        );
    }
}
