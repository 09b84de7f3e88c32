//! The Anki package `deck.apkg`: the same notes as `deck.txt` (GUIDs,
//! fields, tags, decks) with verideck's own note types and the media the
//! fields use, so importing it needs no field mapping and never falls back
//! to another note type.
//!
//! Format: a zip with `collection.anki2` in Anki's legacy schema 11 — what
//! genanki writes and every current Anki and AnkiDroid imports — plus the
//! `media` map ([`package`]). The collection ([`collection`]) holds the five
//! note types of [`models`] (`verideck Basic`, …, `verideck Cloze`), the
//! decks the cards use, and one new card per card Anki would generate
//! ([`card_ords`]). Ids are derived from names and GUIDs ([`ids`]), note
//! times from the source files ([`note_times`]); nothing reads the clock, so
//! the same vault with the same file times gives the same bytes.
pub mod card_ords;
pub mod col_json;
pub mod collection;
pub mod ids;
pub mod models;
pub mod note_times;
pub mod package;
pub mod sort_field;

pub use note_times::NoteTimes;
pub use package::MediaFile;

use crate::deck::Card;
use crate::vault::Attachment;
use std::path::PathBuf;

/// Errors while building the package.
#[derive(Debug, thiserror::Error)]
pub enum ApkgError {
    /// SQLite failed while building the collection.
    #[error("building collection.anki2: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Writing the zip archive failed.
    #[error("building deck.apkg: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A media file could not be read.
    #[error("cannot read {path}: {source}")]
    Media {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The bytes of `deck.apkg` for `cards` (in deck order) with `media`; note
/// times come from `times`.
pub fn render(
    cards: &[Card],
    media: &[Attachment],
    times: &NoteTimes,
) -> Result<Vec<u8>, ApkgError> {
    let collection = collection::collection(cards, times)?;
    let media = media
        .iter()
        .map(|a| {
            let bytes = std::fs::read(&a.disk_path).map_err(|source| ApkgError::Media {
                path: a.disk_path.clone(),
                source,
            })?;
            let name = a.media_name.clone();
            Ok(MediaFile { name, bytes })
        })
        .collect::<Result<Vec<_>, ApkgError>>()?;
    Ok(package::package(&collection, &media)?)
}
