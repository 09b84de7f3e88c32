//! The cache file's shape: a header naming the format, its schema and the
//! build that wrote it, then the claims of each note by key (hex). Claims
//! are stored with every field of [`ClaimEntry`], including the two the
//! published JSON report leaves out (the formula key and the byte range);
//! floats round-trip exactly (serde_json's `float_roundtrip`).
use crate::report::ClaimEntry;
use crate::verdict::Status;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The `format` field of every verideck cache file.
pub const FORMAT: &str = "verideck-verdict-cache";

/// The version of this shape; bumped when it changes.
pub const SCHEMA: u32 = 1;

/// The header of a file that did not parse whole: tells a file another
/// build of verideck wrote (ignored silently) from a foreign or corrupt one.
#[derive(Debug, Deserialize)]
pub struct Header {
    /// Must be [`FORMAT`].
    pub format: String,
    /// [`SCHEMA`] of the writer.
    pub schema: u32,
    /// The writer's version and source fingerprint.
    pub checker: String,
}

/// A whole cache file as read, borrowing from its bytes: each note's
/// claims stay raw JSON, decoded only when the note asks for them (on the
/// worker threads).
#[derive(Debug, Deserialize)]
pub struct CacheFile<'a> {
    /// [`FORMAT`].
    pub format: String,
    /// [`SCHEMA`].
    pub schema: u32,
    /// [`checker_id`] of the writer.
    pub checker: String,
    /// The claims of each note, by hex key.
    #[serde(borrow)]
    pub entries: BTreeMap<&'a str, &'a RawValue>,
}

/// verideck's version and the source fingerprint, as written in the header.
pub fn checker_id() -> String {
    format!("{} {}", env!("CARGO_PKG_VERSION"), super::key::CHECKER)
}

/// One claim as stored: [`ClaimEntry`] field for field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// [`StoredClaim`]'s shape, borrowed from a [`ClaimEntry`] for writing.
#[derive(Serialize)]
struct StoredRef<'a> {
    id: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    latex: &'a str,
    kind: &'a str,
    status: &'a str,
    reason: &'a str,
    evidence: &'a serde_json::Value,
    formula: &'a str,
    bytes: (usize, usize),
}

/// The claims of one note as JSON, ready to be stored.
pub fn encode(claims: &[ClaimEntry]) -> String {
    let refs: Vec<StoredRef<'_>> = claims
        .iter()
        .map(|c| StoredRef {
            id: &c.id,
            file: &c.file,
            line: c.line,
            column: c.column,
            latex: &c.latex,
            kind: &c.kind,
            status: c.status.as_str(),
            reason: &c.reason,
            evidence: &c.evidence,
            formula: &c.formula,
            bytes: (c.bytes.start, c.bytes.end),
        })
        .collect();
    serde_json::to_string(&refs).unwrap_or_else(|_| "[]".into())
}

/// The claims [`encode`] stored, or `None` when they are not ours (not
/// the shape, an unknown status, a reversed byte range).
pub fn decode(json: &str) -> Option<Vec<ClaimEntry>> {
    let claims: Vec<StoredClaim> = serde_json::from_str(json).ok()?;
    claims.into_iter().map(StoredClaim::into_entry).collect()
}

impl StoredClaim {
    /// The claim, or `None` when a field cannot be one of ours.
    fn into_entry(self) -> Option<ClaimEntry> {
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

    fn entry(status: Status) -> ClaimEntry {
        ClaimEntry {
            id: "n.md:3:1#0".into(),
            file: "n.md".into(),
            line: 3,
            column: 1,
            latex: "1+1=2".into(),
            kind: "arithmetic".into(),
            status,
            reason: "r".into(),
            evidence: serde_json::json!({"got": 2.5, "tiny": 6.934666069118309e-16}),
            formula: "1+1=2".into(),
            bytes: 4..9,
        }
    }

    #[test]
    fn claims_round_trip_with_their_hidden_fields_and_exact_floats() {
        let claims = vec![entry(Status::Refuted), entry(Status::Verified)];
        assert_eq!(decode(&encode(&claims)), Some(claims));
    }

    #[test]
    fn what_is_not_ours_is_refused() {
        let json = encode(&[entry(Status::Verified)]).replace("\"verified\"", "\"trusted\"");
        assert_eq!(decode(&json), None);
        let reversed = encode(&[entry(Status::Verified)]).replace("[4,9]", "[9,4]");
        assert_eq!(decode(&reversed), None);
        assert_eq!(decode("{\"a\":1}"), None);
    }
}
