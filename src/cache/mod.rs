//! The verdict cache: the claims of a note, as the checker reported them,
//! kept between runs in a file outside the vault, so that a re-run only
//! re-verifies the notes that changed. A note's entry is keyed by a hash of
//! everything the checker reads for it ([`key`]); the file lives in the
//! platform cache folder or a folder the user names ([`location`]), holds
//! entries in a versioned JSON shape ([`stored`]), and is read whole and
//! replaced atomically ([`store`]). A corrupt or foreign file is ignored
//! with a warning; the vault is never written.
pub mod key;
pub mod location;
pub mod store;
pub mod stored;

pub use key::{Key, note_key};
pub use location::{CacheSetting, resolve_dir};
pub use store::{Cache, Saved};
