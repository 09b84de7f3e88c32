//! The link index: resolving the `t` of `[[t]]` and `![[t]]` to a note or
//! an attachment (FORMATS.md §1.2).
//!
//! Matching is case-insensitive with `.md` optional: a path suffix when `t`
//! contains `/`, else a file stem, else an alias. Ties go to the linking
//! file's folder, then the shortest path, then byte order, and are reported.
use super::walk::Attachment;
use crate::note::Note;

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

/// Name → file lookups for one vault.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    notes: Vec<Entry>,
    attachments: Vec<Entry>,
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
            notes: notes
                .iter()
                .map(|n| entry(&n.path, true, &n.front_matter.aliases))
                .collect(),
            attachments: attachments
                .iter()
                .map(|a| entry(&a.path, false, &[]))
                .collect(),
        }
    }

    /// Resolves `target` as written in the note at path `from`.
    pub fn resolve(&self, target: &str, from: &str) -> Resolution {
        let wanted = fold(target.trim());
        if wanted.is_empty() {
            let own = self.notes.iter().position(|e| e.path == from);
            return Resolution {
                target: own.map(Resolved::Note),
                others: Vec::new(),
            };
        }
        let note_key = wanted.strip_suffix(".md").unwrap_or(&wanted);
        let is_note =
            !wanted.contains('.') || wanted.ends_with(".md") || self.has_note_stem(note_key);
        if is_note {
            let (chosen, others) = choose(&self.notes, from, |e| matches_key(e, note_key));
            if let Some(i) = chosen {
                return Resolution {
                    target: Some(Resolved::Note(i)),
                    others,
                };
            }
            if !note_key.contains('/') {
                let (chosen, others) = choose(&self.notes, from, |e| {
                    e.aliases.iter().any(|a| a == note_key)
                });
                if let Some(i) = chosen {
                    return Resolution {
                        target: Some(Resolved::Note(i)),
                        others,
                    };
                }
            }
        }
        let (chosen, others) = choose(&self.attachments, from, |e| matches_key(e, &wanted));
        Resolution {
            target: chosen.map(Resolved::Attachment),
            others,
        }
    }

    fn has_note_stem(&self, key: &str) -> bool {
        self.notes.iter().any(|e| matches_key(e, key))
    }
}

fn matches_key(e: &Entry, key: &str) -> bool {
    if key.contains('/') {
        e.key == key || e.key.ends_with(&format!("/{key}"))
    } else {
        e.stem == key
    }
}

/// Picks the best of the entries matching `pred`: same folder as `from`,
/// then shortest path, then byte order. Returns the others' paths too.
fn choose(
    entries: &[Entry],
    from: &str,
    pred: impl Fn(&Entry) -> bool,
) -> (Option<usize>, Vec<String>) {
    let mut found: Vec<usize> = (0..entries.len()).filter(|&i| pred(&entries[i])).collect();
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
