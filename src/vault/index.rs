//! The link index: resolving the `t` of `[[t]]` and `![[t]]` to a note or
//! an attachment (FORMATS.md §1.2).
//!
//! Matching is case-insensitive with `.md` optional: a path suffix when `t`
//! contains `/`, else a file stem, else an alias. Ties go to the linking
//! file's folder, then the shortest path, then byte order, and are reported.
use super::walk::Attachment;
use crate::note::Note;
use std::collections::HashMap;

/// What a link target resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The note at this index of `Vault::notes`.
    Note(usize),
    /// The attachment at this index of `Vault::attachments`.
    Attachment(usize),
}

/// A resolution, and the other candidates when the name was ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The chosen target, if any matched.
    pub target: Option<Resolved>,
    /// Paths of the candidates not chosen (empty when unambiguous).
    pub others: Vec<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    path: String,
    key: String,
    stem: String,
    aliases: Vec<String>,
}

/// Entries with hash lookups by stem, alias and path, so a link costs
/// the number of files sharing its name, not the size of the vault.
#[derive(Debug, Clone, Default)]
struct Table {
    entries: Vec<Entry>,
    by_stem: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, Vec<usize>>,
    by_path: HashMap<String, usize>,
}

impl Table {
    fn new(entries: Vec<Entry>) -> Self {
        let mut t = Table {
            entries,
            ..Table::default()
        };
        for (i, e) in t.entries.iter().enumerate() {
            t.by_stem.entry(e.stem.clone()).or_default().push(i);
            for a in &e.aliases {
                let ids = t.by_alias.entry(a.clone()).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
            t.by_path.entry(e.path.clone()).or_insert(i);
        }
        t
    }

    /// The entries whose name matches `key` (see [`matches_key`]).
    fn matching(&self, key: &str) -> Vec<usize> {
        let stem = key.rsplit('/').next().unwrap_or(key);
        self.by_stem.get(stem).map_or_else(Vec::new, |ids| {
            ids.iter()
                .copied()
                .filter(|&i| matches_key(&self.entries[i], key))
                .collect()
        })
    }

    fn with_alias(&self, alias: &str) -> Vec<usize> {
        self.by_alias.get(alias).cloned().unwrap_or_default()
    }
}

/// Name → file lookups for one vault.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    notes: Table,
    attachments: Table,
}

/// A name as links match it: NFC, then lowercase (so `café` typed in NFD
/// finds `café.md`).
fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect::<String>().to_lowercase()
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

impl LinkIndex {
    /// Builds the index of `notes` and `attachments`.
    pub fn new(notes: &[Note], attachments: &[Attachment]) -> Self {
        let entry = |path: &str, strip_md: bool, aliases: &[String]| {
            let lower = fold(path);
            let key = if strip_md {
                lower.strip_suffix(".md").unwrap_or(&lower).to_string()
            } else {
                lower
            };
            Entry {
                path: path.to_string(),
                stem: key.rsplit('/').next().unwrap_or(&key).to_string(),
                key,
                aliases: aliases.iter().map(|a| fold(a)).collect(),
            }
        };
        Self {
            notes: Table::new(
                notes
                    .iter()
                    .map(|n| entry(&n.path, true, &n.front_matter.aliases))
                    .collect(),
            ),
            attachments: Table::new(
                attachments
                    .iter()
                    .map(|a| entry(&a.path, false, &[]))
                    .collect(),
            ),
        }
    }

    /// Resolves `target` as written in the note at path `from`.
    pub fn resolve(&self, target: &str, from: &str) -> Resolution {
        let wanted = fold(target.trim());
        if wanted.is_empty() {
            let own = self.notes.by_path.get(from).copied();
            return Resolution {
                target: own.map(Resolved::Note),
                others: Vec::new(),
            };
        }
        let note_key = wanted.strip_suffix(".md").unwrap_or(&wanted);
        let is_note =
            !wanted.contains('.') || wanted.ends_with(".md") || self.has_note_stem(note_key);
        if is_note {
            let (chosen, others) = choose(&self.notes.entries, from, self.notes.matching(note_key));
            if let Some(i) = chosen {
                return Resolution {
                    target: Some(Resolved::Note(i)),
                    others,
                };
            }
            if !note_key.contains('/') {
                let (chosen, others) =
                    choose(&self.notes.entries, from, self.notes.with_alias(note_key));
                if let Some(i) = chosen {
                    return Resolution {
                        target: Some(Resolved::Note(i)),
                        others,
                    };
                }
            }
        }
        let (chosen, others) = choose(
            &self.attachments.entries,
            from,
            self.attachments.matching(&wanted),
        );
        Resolution {
            target: chosen.map(Resolved::Attachment),
            others,
        }
    }

    fn has_note_stem(&self, key: &str) -> bool {
        !self.notes.matching(key).is_empty()
    }
}

fn matches_key(e: &Entry, key: &str) -> bool {
    if key.contains('/') {
        e.key == key || e.key.ends_with(&format!("/{key}"))
    } else {
        e.stem == key
    }
}

/// Picks the best of the matching entries `found`: same folder as `from`,
/// then shortest path, then byte order. Returns the others' paths too.
fn choose(entries: &[Entry], from: &str, mut found: Vec<usize>) -> (Option<usize>, Vec<String>) {
    let here = folder(from);
    found.sort_by(|&a, &b| {
        let (ea, eb) = (&entries[a], &entries[b]);
        (folder(&ea.path) != here, ea.path.len(), ea.path.as_bytes()).cmp(&(
            folder(&eb.path) != here,
            eb.path.len(),
            eb.path.as_bytes(),
        ))
    });
    let others = found
        .iter()
        .skip(1)
        .map(|&i| entries[i].path.clone())
        .collect();
    (found.first().copied(), others)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(specs: &[(&str, &str)]) -> Vec<Note> {
        specs
            .iter()
            .map(|(path, text)| crate::note::parse(path, text).0)
            .collect()
    }

    #[test]
    fn stem_path_suffix_and_alias() {
        let ns = notes(&[
            ("a/momentum.md", ""),
            ("b/Momentum.md", ""),
            ("series.md", "---\naliases: [Geometric Series]\n---\n"),
        ]);
        let idx = LinkIndex::new(&ns, &[]);
        let r = idx.resolve("momentum", "b/x.md");
        assert_eq!(r.target, Some(Resolved::Note(1)));
        assert_eq!(r.others, ["a/momentum.md"]);
        assert_eq!(
            idx.resolve("a/momentum.md", "z.md").target,
            Some(Resolved::Note(0))
        );
        assert_eq!(
            idx.resolve("geometric series", "z.md").target,
            Some(Resolved::Note(2))
        );
        assert_eq!(idx.resolve("nothing", "z.md").target, None);
        assert_eq!(idx.resolve("", "series.md").target, Some(Resolved::Note(2)));
    }

    #[test]
    fn ties_prefer_shortest_path_then_byte_order() {
        let ns = notes(&[("x/deep/n.md", ""), ("y/n.md", ""), ("z/n.md", "")]);
        let idx = LinkIndex::new(&ns, &[]);
        let r = idx.resolve("n", "top.md");
        assert_eq!(r.target, Some(Resolved::Note(1)));
        assert_eq!(r.others, ["z/n.md", "x/deep/n.md"]);
    }

    #[test]
    fn attachments_by_file_name() {
        let atts = vec![Attachment {
            path: "img/Plot.png".into(),
            disk_path: "/tmp/img/Plot.png".into(),
            media_name: String::new(),
        }];
        let idx = LinkIndex::new(&[], &atts);
        assert_eq!(
            idx.resolve("plot.png", "n.md").target,
            Some(Resolved::Attachment(0))
        );
    }
}
