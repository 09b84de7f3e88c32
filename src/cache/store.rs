//! The cache of one vault in memory: read whole from its file when a run
//! starts, asked and filled by the checker while notes are verified in
//! parallel, and written back once at the end — to a temporary file in the
//! same folder, then renamed over the old one, so a reader (or a
//! concurrent run) sees either the old file or the new one, never a mix.
//! Only the entries this run used are written back: notes deleted or
//! edited drop out, and the file stays the size of the vault's claims.
use super::key::Key;
use super::location;
use super::stored::{self, CacheFile, Header};
use crate::report::ClaimEntry;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One vault's verdict cache. The file's bytes are kept as read, and each
/// entry as the byte range of its raw JSON in them: an entry is decoded
/// when its note asks for it (on the worker threads), and written back
/// verbatim, so a run never re-encodes what it did not compute.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    bytes: Vec<u8>,
    stored: HashMap<Key, Range<usize>>,
    used: Mutex<Vec<Key>>,
    fresh: Mutex<Vec<(Key, String)>>,
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
        let (bytes, stored, warning) = match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(stored) => (bytes, stored, None),
                Err(why) => (
                    Vec::new(),
                    HashMap::new(),
                    Some(format!(
                        "ignoring the verdict cache {}: {why}; every note is verified afresh",
                        path.display()
                    )),
                ),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                (Vec::new(), HashMap::new(), None)
            }
            Err(err) => (
                Vec::new(),
                HashMap::new(),
                Some(format!(
                    "cannot read the verdict cache {}: {err}; every note is verified afresh",
                    path.display()
                )),
            ),
        };
        Self {
            path,
            bytes,
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
        let range = self.stored.get(key)?;
        let raw = std::str::from_utf8(&self.bytes[range.clone()]).ok();
        let Some(claims) = raw.and_then(stored::decode) else {
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
        let mut entries: BTreeMap<Key, &[u8]> = BTreeMap::new();
        for key in &used {
            if let Some(range) = self.stored.get(key) {
                entries.insert(*key, &self.bytes[range.clone()]);
            }
        }
        for (key, json) in &fresh {
            entries.insert(*key, json.as_bytes());
        }
        write_atomic(&self.path, &entries)?;
        Ok(Saved {
            path: self.path,
            written: true,
        })
    }
}

/// The byte range of each entry's raw JSON in a cache file's bytes, or
/// why they cannot be used. A file another build of verideck wrote is not
/// an error: it is empty.
fn parse(bytes: &[u8]) -> Result<HashMap<Key, Range<usize>>, String> {
    let file: CacheFile<'_> = match serde_json::from_slice(bytes) {
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
    let base = bytes.as_ptr() as usize;
    let mut out = HashMap::with_capacity(file.entries.len());
    for (hex, raw) in file.entries {
        let key = Key::from_hex(hex).ok_or_else(|| format!("corrupt (bad key {hex:?})"))?;
        // The raw value borrows from `bytes`: its offset is a difference
        // of addresses within the same buffer.
        let start = raw.get().as_ptr() as usize - base;
        out.insert(key, start..start + raw.get().len());
    }
    Ok(out)
}

/// Whether a file's header names another build of verideck.
fn is_other_build(checker: &str, schema: u32) -> bool {
    schema != stored::SCHEMA || checker != stored::checker_id()
}

/// Writes the cache file with `entries` (raw JSON, by key) to a temporary
/// file next to `path`, then renames it over `path`.
fn write_atomic(path: &Path, entries: &BTreeMap<Key, &[u8]>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".verdicts-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        write!(
            out,
            "{{\"format\":{},\"schema\":{},\"checker\":{},\"entries\":{{",
            serde_json::to_string(stored::FORMAT)?,
            stored::SCHEMA,
            serde_json::to_string(&stored::checker_id())?
        )?;
        for (i, (key, json)) in entries.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write!(out, "\"{}\":", key.to_hex())?;
            out.write_all(json)?;
        }
        out.write_all(b"}}")?;
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
