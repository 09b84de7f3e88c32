//! verideck: turn an Obsidian vault of study notes into Anki decks whose
//! formulas are checked by running them.
//!
//! The library is organised as a one-way pipeline, one module per stage:
//! [`vault`] walks the folder and resolves links, [`note`] parses each file
//! into headings, math and Anki blocks, [`deck`] assembles cards, and
//! [`render`] writes the output files; [`lesson`] assembles the HTML lesson
//! pages. [`math`] parses and evaluates the LaTeX of formulas, [`optim`]
//! holds the reference optimizers the checker runs. The `verideck` binary is a thin clap layer
//! over these functions.
#![warn(missing_docs, unreachable_pub)]

pub mod cache;
pub mod claims;
pub mod cli;
pub mod deck;
pub mod diag;
pub mod html;
pub mod lesson;
pub mod math;
pub mod note;
pub mod optim;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod vault;
pub mod verdict;
pub mod verify;
