//! The verdict-cache options `check` and `build` share (`--cache-dir`,
//! `--no-cache`), opening the cache for a vault, and saving it after the
//! check with one line on stderr saying how many notes were reused. Cache
//! trouble is never fatal: it is a warning, and the check runs without.
use crate::cache::{Cache, CacheSetting, resolve_dir};
use crate::verify::CheckStats;
use clap::Args;
use std::path::{Path, PathBuf};

/// `--cache-dir DIR` and `--no-cache`.
#[derive(Debug, Clone, Default, Args)]
pub struct CacheArgs {
    /// Keep the verdict cache in DIR (default: $VERIDECK_CACHE_DIR, else verideck/ in the
    /// platform cache folder, e.g. ~/.cache/verideck); never inside the vault.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
    /// Verify every note afresh: read and write no verdict cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// What the flags ask for.
    pub fn setting(&self) -> CacheSetting {
        match (&self.cache_dir, self.no_cache) {
            (_, true) => CacheSetting::Off,
            (Some(dir), false) => CacheSetting::Dir(dir.clone()),
            (None, false) => CacheSetting::Default,
        }
    }

    /// The cache of `vault`, or `None` (off, no platform folder, or a
    /// folder inside the vault: warned on stderr).
    pub fn open(&self, vault: &Path) -> Option<Cache> {
        match resolve_dir(&self.setting(), vault) {
            Ok(Some(dir)) => {
                let cache = Cache::open(&dir, vault);
                if let Some(warning) = cache.warning() {
                    eprintln!("warning: {warning}");
                }
                Some(cache)
            }
            Ok(None) => None,
            Err(warning) => {
                eprintln!("warning: {warning}");
                None
            }
        }
    }
}

/// Saves `cache` and prints how the notes were verified, or a warning if
/// the cache could not be written.
pub fn finish(cache: Option<Cache>, stats: Option<CheckStats>) {
    let Some(cache) = cache else {
        return;
    };
    let path = cache.path().to_path_buf();
    let rejected = cache.rejected();
    if rejected > 0 {
        eprintln!(
            "warning: ignored {rejected} corrupt {} of the verdict cache {}; {} verified afresh",
            if rejected == 1 { "entry" } else { "entries" },
            path.display(),
            if rejected == 1 {
                "its note was"
            } else {
                "their notes were"
            }
        );
    }
    if let Err(err) = cache.save() {
        eprintln!(
            "warning: cannot write the verdict cache {}: {err}",
            path.display()
        );
    }
    if let Some(stats) = stats {
        eprintln!(
            "cache: {} of {} notes reused, {} verified afresh ({})",
            stats.reused,
            stats.notes,
            stats.verified,
            path.display()
        );
    }
}
