//! The cache of one vault in memory: read whole from its file when a run
//! starts, asked and filled by the checker while notes are verified in
//! parallel, and written back once at the end — to a temporary file in the
//! same folder, then renamed over the old one, so a reader (or a
//! concurrent run) sees either the old file or the new one, never a mix.
//! Only the entries this run used are written back: notes deleted or
//! edited drop out, and the file stays the size of the vault's claims.
use super::key::Key;
use super::location;
use super::stored::{self, CacheFile, CacheFileOut, Header};
use crate::report::ClaimEntry;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One vault's verdict cache. Entries are kept as raw JSON and decoded
/// when a note asks for them, so decoding runs on the worker threads and a
/// run that changes nothing never re-encodes anything.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    stored: HashMap<Key, Box<RawValue>>,
    used: Mutex<Vec<Key>>,
    fresh: Mutex<Vec<(Key, Box<RawValue>)>>,
    rejected: AtomicUsize,
    warning: Option<String>,
}

/// What [`Cache::save`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The cache file.
    pub path: PathBuf,
    /// Whether it was rewritten (nothing changed: not rewritten).
    pub written: bool,
}

impl Cache {
    /// Opens the cache of the vault at `vault` in the folder `dir`. Never
    /// fails: a missing file is an empty cache, and a file that cannot be
    /// read, is not a verideck cache or is corrupt is ignored (see
    /// [`Cache::warning`]) and replaced at the end of the run.
    pub fn open(dir: &Path, vault: &Path) -> Self {
        let path = location::file_for(dir, vault);
        let (stored, warning) = match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(stored) => (stored, None),
                Err(why) => (
                    HashMap::new(),
                    Some(format!(
                        "ignoring the verdict cache {}: {why}; every note is verified afresh",
                        path.display()
                    )),
                ),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (HashMap::new(), None),
            Err(err) => (
                HashMap::new(),
                Some(format!(
                    "cannot read the verdict cache {}: {err}; every note is verified afresh",
                    path.display()
                )),
            ),
        };
        Self {
            path,
            stored,
            used: Mutex::new(Vec::new()),
            fresh: Mutex::new(Vec::new()),
            rejected: AtomicUsize::new(0),
            warning,
        }
    }

    /// Why the cache file was ignored, if it was.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// How many entries were found corrupt when asked for (and ignored:
    /// their notes were verified afresh).
    pub fn rejected(&self) -> usize {
        self.rejected.load(Ordering::Relaxed)
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The claims stored under `key`, if any and if they decode; the entry
    /// is kept for the next run.
    pub fn get(&self, key: &Key) -> Option<Vec<ClaimEntry>> {
        let raw = self.stored.get(key)?;
        let Some(claims) = stored::decode(raw) else {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        lock(&self.used).push(*key);
        Some(claims)
    }

    /// Stores the claims just computed for `key` (encoded now, on the
    /// caller's thread).
    pub fn put(&self, key: Key, claims: &[ClaimEntry]) {
        let raw = stored::encode(claims);
        lock(&self.fresh).push((key, raw));
    }

    /// Writes the entries this run used back, atomically, unless they are
    /// exactly what the file already held.
    pub fn save(self) -> std::io::Result<Saved> {
        let mut used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        used.sort_unstable();
        used.dedup();
        let fresh = self.fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let unchanged = fresh.is_empty()
            && used.len() == self.stored.len()
            && self.warning.is_none()
            && self.rejected.load(Ordering::Relaxed) == 0;
        if unchanged {
            return Ok(Saved {
                path: self.path,
                written: false,
            });
        }
        let mut entries: BTreeMap<String, &RawValue> = BTreeMap::new();
        for key in &used {
            if let Some(raw) = self.stored.get(key) {
                entries.insert(key.to_hex(), raw);
            }
        }
        for (key, raw) in &fresh {
            entries.insert(key.to_hex(), raw);
        }
        let file = CacheFileOut {
            format: stored::FORMAT,
            schema: stored::SCHEMA,
            checker: stored::checker_id(),
            entries,
        };
        write_atomic(&self.path, &file)?;
        Ok(Saved {
            path: self.path,
            written: true,
        })
    }
}

/// The raw entries of a cache file's bytes, or why they cannot be used. A
/// file another build of verideck wrote is not an error: it is empty.
fn parse(bytes: &[u8]) -> Result<HashMap<Key, Box<RawValue>>, String> {
    let file: CacheFile = match serde_json::from_slice(bytes) {
        Ok(file) => file,
        Err(err) => {
            return match serde_json::from_slice::<Header>(bytes) {
                Ok(h) if h.format == stored::FORMAT && is_other_build(&h.checker, h.schema) => {
                    Ok(HashMap::new())
                }
                Ok(h) if h.format != stored::FORMAT => {
                    Err(format!("not a verideck cache (format {:?})", h.format))
                }
                Ok(_) => Err(format!("corrupt ({err})")),
                Err(_) => Err(format!("not a verideck cache ({err})")),
            };
        }
    };
    if file.format != stored::FORMAT {
        return Err(format!("not a verideck cache (format {:?})", file.format));
    }
    if is_other_build(&file.checker, file.schema) {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::with_capacity(file.entries.len());
    for (hex, raw) in file.entries {
        let key = Key::from_hex(&hex).ok_or_else(|| format!("corrupt (bad key {hex:?})"))?;
        out.insert(key, raw);
    }
    Ok(out)
}

/// Whether a file's header names another build of verideck.
fn is_other_build(checker: &str, schema: u32) -> bool {
    schema != stored::SCHEMA || checker != stored::checker_id()
}

/// Writes `file` as JSON to a temporary file next to `path`, then renames
/// it over `path`.
fn write_atomic(path: &Path, file: &CacheFileOut<'_>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".verdicts-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer(&mut out, file)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The lock's contents even if a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Status;

    fn claim(file: &str) -> ClaimEntry {
        ClaimEntry {
            id: format!("{file}:1:1#0"),
            file: file.into(),
            line: 1,
            column: 1,
            latex: "1+1=2".into(),
            kind: "arithmetic".into(),
            status: Status::Verified,
            reason: "ok".into(),
            evidence: serde_json::json!({"trials": 1}),
            formula: "1+1=2".into(),
            bytes: 0..5,
        }
    }

    #[test]
    fn entries_survive_a_save_and_unused_ones_drop_out() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("v");
        std::fs::create_dir(&vault).unwrap();
        let dir = tmp.path().join("cache");
        let (a, b) = (Key([1; 32]), Key([2; 32]));
        let cache = Cache::open(&dir, &vault);
        assert_eq!(cache.warning(), None);
        assert_eq!(cache.get(&a), None);
        cache.put(a, &[claim("a.md")]);
        cache.put(b, &[claim("b.md")]);
        assert!(cache.save().unwrap().written);

        let cache = Cache::open(&dir, &vault);
        assert_eq!(cache.get(&a), Some(vec![claim("a.md")]));
        let saved = cache.save().unwrap();
        assert!(saved.written, "b was not used: the file shrinks");
        let cache = Cache::open(&dir, &vault);
        assert_eq!(cache.get(&b), None);
        assert_eq!(cache.get(&a), Some(vec![claim("a.md")]));
        assert!(!cache.save().unwrap().written, "nothing changed");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn corrupt_foreign_and_stale_files_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("v");
        std::fs::create_dir(&vault).unwrap();
        let dir = tmp.path().join("cache");
        std::fs::create_dir(&dir).unwrap();
        let path = location::file_for(&dir, &vault);
        for (bytes, warned) in [
            (&b"{\"format\": \"verideck-verdict-cache\", \"sch"[..], true),
            (b"\xff\xfe garbage", true),
            (b"{\"format\":\"other\",\"schema\":1,\"checker\":\"x\"}", true),
            (
                b"{\"format\":\"verideck-verdict-cache\",\"schema\":1,\"checker\":\"0.0.0 old\",\"entries\":{}}",
                false,
            ),
        ] {
            std::fs::write(&path, bytes).unwrap();
            let cache = Cache::open(&dir, &vault);
            assert_eq!(cache.warning().is_some(), warned, "{bytes:?}");
            assert!(cache.stored.is_empty());
        }
        // A claim that is not ours is refused when asked for, and replaced.
        let bad = format!(
            "{{\"format\":\"{}\",\"schema\":{},\"checker\":\"{}\",\"entries\":{{\"{}\":[{{\"nope\":1}}]}}}}",
            stored::FORMAT,
            stored::SCHEMA,
            stored::checker_id(),
            Key([3; 32]).to_hex()
        );
        std::fs::write(&path, bad).unwrap();
        let cache = Cache::open(&dir, &vault);
        assert_eq!(cache.warning(), None);
        assert_eq!(cache.get(&Key([3; 32])), None);
        assert_eq!(cache.rejected(), 1);
        // Saving replaces the bad entry with a good one.
        cache.put(Key([3; 32]), &[claim("c.md")]);
        cache.save().unwrap();
        let cache = Cache::open(&dir, &vault);
        assert_eq!(cache.warning(), None);
        assert_eq!(cache.get(&Key([3; 32])), Some(vec![claim("c.md")]));
    }
}
