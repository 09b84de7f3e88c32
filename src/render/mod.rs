//! Rendering: Markdown to HTML ([`html`]), the Anki text-import file
//! ([`anki_text`]), the embedded tera templates ([`templates`]) and atomic
//! file writes ([`atomic`]).
pub mod anki_text;
pub mod atomic;
pub mod cloze;
pub mod html;
pub mod report;
pub mod templates;
