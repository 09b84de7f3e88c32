//! Rendering output files: the Anki text-import file ([`anki_text`]), the
//! Anki package ([`apkg`]), the lesson pages ([`lessons`]), the check report
//! ([`report`]), the embedded, user-overridable tera templates ([`templates`])
//! and atomic file writes ([`atomic`]).
pub mod anki_text;
pub mod apkg;
pub mod atomic;
pub mod lessons;
pub mod report;
pub mod templates;
