//! Verification: every claim gets a [`Verdict`] earned by running it.
pub mod verdict;

pub use verdict::{Status, Verdict};
