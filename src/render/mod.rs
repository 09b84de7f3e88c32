//! Rendering output files: the Anki text-import file ([`anki_text`]), the
//! Anki package ([`apkg`]), the check report ([`report`]), the embedded tera
//! templates ([`templates`]) and atomic file writes ([`atomic`]).
pub mod anki_text;
pub mod apkg;
pub mod atomic;
pub mod report;
pub mod templates;
