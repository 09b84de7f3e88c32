//! Printing a [`CheckReport`](crate::report::CheckReport): rustc-style
//! diagnostics for people ([`human`]), JSON for tools ([`json`]) and JUnit
//! XML for CI systems ([`junit`]). The report is made once; these only present it.
pub mod evidence;
pub mod human;
pub mod json;
pub mod junit;

/// The output formats of `verideck check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Diagnostics with carets under the failing part, then a summary line.
    Human,
    /// One JSON object: `claims` and `summary`.
    Json,
    /// JUnit XML, one test case per claim.
    Junit,
}
