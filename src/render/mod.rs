//! Rendering: Markdown to HTML ([`html`]), the Anki text-import file
//! ([`anki_text`]), the Anki package ([`apkg`]), the embedded templates
//! ([`templates`]) and atomic file writes ([`atomic`]).
pub mod anki_text;
pub mod apkg;
pub mod atomic;
pub mod cloze;
pub mod html;
pub mod report;
pub mod templates;
