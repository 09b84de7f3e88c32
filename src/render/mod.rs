//! Rendering output files: the Anki text-import file ([`anki_text`]), the
//! Anki package ([`apkg`]), each card's verification footer ([`footer`]),
//! the lesson pages ([`lessons`]), the check report ([`report`]), the
//! embedded, user-overridable tera templates ([`templates`]), atomic file
//! writes ([`atomic`]), the output folder's lock ([`lock`]) and the removal
//! of files only a previous build wrote ([`stale`]).
pub mod anki_text;
pub mod apkg;
pub mod atomic;
pub mod footer;
pub mod lessons;
pub mod lock;
pub mod report;
pub mod stale;
pub mod templates;
pub mod words;
