//! Rendering output files: the Anki text-import file ([`anki_text`]), the embedded tera templates ([`templates`]) and atomic
//! file writes ([`atomic`]).
pub mod anki_text;
pub mod atomic;
pub mod report;
pub mod templates;
