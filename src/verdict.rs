//! The outcome of checking one claim: a [`Status`] with its reason and
//! evidence. A leaf module shared by the checker ([`crate::verify`]), the
//! report ([`crate::report`]) and every renderer of verdicts.
//!
//! # The refutation rule
//!
//! A claim is `refuted` only when its reading is *closed* and it is false
//! under *every* reading the note allows; otherwise it is `unchecked` with
//! a reason, or `verified` when a test passed.
//!
//! - **Closed**: every symbol is bound by the note — a definition, a
//!   worked value set in the claim's section or a section above it, a run
//!   of the note's own verified rule, a library's tabulated default named
//!   in the claim's clause — or quantified by the claim's form (a series
//!   over its index, an identity both of whose sides hold free symbols) or
//!   by the note's words ("for any $g$", "pour tout $x$", `\forall`).
//! - **Every reading**: where the note leaves a convention open, the claim
//!   must fail under each admissible one before it is refuted: either index
//!   base when no initial condition states it, every equally good rule of
//!   the section, a rule restated as a variant, matrices of the kind a note
//!   assumes in words (orthogonal), the gradient when several symbols could
//!   be it. A claim true under one of them is unchecked, and the reason
//!   names both readings.
//! - **Value claims** (one side free of unknowns: `|z| = \sqrt{0.5}`) are
//!   evaluated with the note's values, never refuted by random values.
//! - **Not claims**: assignments and definitions (`\leftarrow`, `:=`),
//!   conditions (an inequality with a symbol), choices of a value and
//!   mentions are never refuted, and definitions do not count against
//!   coverage ([`Verdict::definition`]).
//! - **Evaluator errors** (an unsupported construct, a root of a negative
//!   number under a guessed reading) refute nothing.
//!
//! The evidence of every verdict names the reading it used: the test, the
//! bindings or random inputs, the index base, the rule and the reference
//! form it matched.
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
