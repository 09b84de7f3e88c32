//! The cache file's shape: a header naming the format, its schema and the
//! build that wrote it, then the claims of each note by key (hex). Claims
//! are stored with every field of [`ClaimEntry`], including the two the
//! published JSON report leaves out (the formula key and the byte range).
use crate::report::ClaimEntry;
use crate::verdict::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` field of every verideck cache file.
pub const FORMAT: &str = "verideck-verdict-cache";

/// The version of this shape; bumped when it changes.
pub const SCHEMA: u32 = 1;

/// The header, read first to tell a foreign or stale file from a corrupt one.
#[derive(Debug, Deserialize)]
pub struct Header {
    /// Must be [`FORMAT`].
    pub format: String,
    /// [`SCHEMA`] of the writer.
    pub schema: u32,
    /// The writer's version and source fingerprint.
    pub checker: String,
}

/// A whole cache file.
#[derive(Debug, Serialize, Deserialize)]
pub struct CacheFile {
    /// [`FORMAT`].
    pub format: String,
    /// [`SCHEMA`].
    pub schema: u32,
    /// [`checker_id`] of the writer.
    pub checker: String,
    /// The claims of each note, by hex key.
    pub entries: BTreeMap<String, Vec<StoredClaim>>,
}

/// verideck's version and the source fingerprint, as written in the header.
pub fn checker_id() -> String {
    format!("{} {}", env!("CARGO_PKG_VERSION"), super::key::CHECKER)
}

/// One claim as stored: [`ClaimEntry`] field for field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredClaim {
    id: String,
    file: String,
    line: usize,
    column: usize,
    latex: String,
    kind: String,
    status: String,
    reason: String,
    evidence: serde_json::Value,
    formula: String,
    bytes: (usize, usize),
}

impl From<&ClaimEntry> for StoredClaim {
    fn from(c: &ClaimEntry) -> Self {
        Self {
            id: c.id.clone(),
            file: c.file.clone(),
            line: c.line,
            column: c.column,
            latex: c.latex.clone(),
            kind: c.kind.clone(),
            status: c.status.as_str().to_string(),
            reason: c.reason.clone(),
            evidence: c.evidence.clone(),
            formula: c.formula.clone(),
            bytes: (c.bytes.start, c.bytes.end),
        }
    }
}

impl StoredClaim {
    /// The claim, or `None` when a field cannot be one of ours (an unknown
    /// status, a reversed byte range).
    pub fn into_entry(self) -> Option<ClaimEntry> {
        let status = match self.status.as_str() {
            "verified" => Status::Verified,
            "unchecked" => Status::Unchecked,
            "refuted" => Status::Refuted,
            _ => return None,
        };
        if self.bytes.0 > self.bytes.1 {
            return None;
        }
        Some(ClaimEntry {
            id: self.id,
            file: self.file,
            line: self.line,
            column: self.column,
            latex: self.latex,
            kind: self.kind,
            status,
            reason: self.reason,
            evidence: self.evidence,
            formula: self.formula,
            bytes: self.bytes.0..self.bytes.1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_round_trips_with_its_hidden_fields() {
        let entry = ClaimEntry {
            id: "n.md:3:1#0".into(),
            file: "n.md".into(),
            line: 3,
            column: 1,
            latex: "1+1=2".into(),
            kind: "arithmetic".into(),
            status: Status::Refuted,
            reason: "r".into(),
            evidence: serde_json::json!({"got": 2.5}),
            formula: "1+1=2".into(),
            bytes: 4..9,
        };
        let json = serde_json::to_string(&StoredClaim::from(&entry)).unwrap();
        let back: StoredClaim = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_entry(), Some(entry));
    }

    #[test]
    fn unknown_status_is_refused() {
        let mut claim = StoredClaim::from(&ClaimEntry {
            id: String::new(),
            file: String::new(),
            line: 1,
            column: 1,
            latex: String::new(),
            kind: String::new(),
            status: Status::Verified,
            reason: String::new(),
            evidence: serde_json::Value::Null,
            formula: String::new(),
            bytes: 0..0,
        });
        claim.status = "trusted".into();
        assert_eq!(claim.into_entry(), None);
    }
}
