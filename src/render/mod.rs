//! Rendering output files: the Anki text-import file ([`anki_text`]), the
//! Anki package ([`apkg`]), each card's verification footer ([`footer`]),
//! the lesson pages ([`lessons`]), the check report ([`report`]), the
//! embedded, user-overridable tera templates ([`templates`]), atomic file
//! writes ([`atomic`]) and the removal of stale lesson pages ([`stale`]).
pub mod anki_text;
pub mod apkg;
pub mod atomic;
pub mod footer;
pub mod lessons;
pub mod report;
pub mod stale;
pub mod templates;
