//! The outcome of checking one claim: a [`Status`] with its reason and
//! evidence. A leaf module shared by the checker ([`crate::verify`]), the
//! report ([`crate::report`]) and every renderer of verdicts.
use serde::Serialize;

/// Whether a numerical test ran and what it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A numerical test ran and passed.
    Verified,
    /// The tool could not interpret the claim; the reason says what.
    Unchecked,
    /// A numerical test ran and failed; the evidence holds a counterexample.
    Refuted,
}

impl Status {
    /// `verified`, `unchecked` or `refuted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Unchecked => "unchecked",
            Status::Refuted => "refuted",
        }
    }
}

/// A status with its reason and the evidence behind it (the test, trials,
/// worst error and tolerance; or the counterexample).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The outcome.
    pub status: Status,
    /// One sentence a reader understands.
    pub reason: String,
    /// Machine-readable details.
    pub evidence: serde_json::Value,
}

impl Verdict {
    /// An `unchecked` verdict for a definition (a symbol given a value or
    /// a name for an expression, or a side condition): nothing to test, and
    /// it does not count against the coverage of its formula.
    pub fn definition(reason: impl Into<String>) -> Self {
        Self {
            status: Status::Unchecked,
            reason: reason.into(),
            evidence: serde_json::json!({"kind": "definition"}),
        }
    }

    /// Whether this is a [`Verdict::definition`].
    pub fn is_definition(&self) -> bool {
        self.evidence.get("kind").and_then(|k| k.as_str()) == Some("definition")
    }

    /// An `unchecked` verdict with `reason` and no evidence.
    pub fn unchecked(reason: impl Into<String>) -> Self {
        Self {
            status: Status::Unchecked,
            reason: reason.into(),
            evidence: serde_json::Value::Object(Default::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuted_is_the_worst() {
        let mut all = [Status::Refuted, Status::Verified, Status::Unchecked];
        all.sort();
        assert_eq!(all, [Status::Verified, Status::Unchecked, Status::Refuted]);
        assert_eq!(
            serde_json::to_string(&Status::Refuted).unwrap(),
            "\"refuted\""
        );
    }
}
