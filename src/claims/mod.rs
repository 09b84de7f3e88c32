//! Claims: what the vault's formulas assert. [`collect()`] finds every
//! formula with its place; extraction into claims and their verification
//! build on it (see the formula-checker issue).
pub mod collect;

pub use collect::{Formula, collect};
