//! Parsing one note: front matter, headings, Anki blocks and the line roles
//! that tell embeds which text is content.
//!
//! A [`Note`] is built once per file by [`parse`] and is read-only after
//! that; later stages (links, cards, claims) only borrow it.
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

pub mod blocks;
pub mod front_matter;
pub mod lines;
pub mod links;
pub mod math_spans;
pub mod note_type;

pub use blocks::{Block, Field, LineRole};
pub use front_matter::FrontMatter;
pub use note_type::NoteType;

/// A heading of a note's body (outside code and Anki blocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: usize,
    /// The heading text, trimmed, without closing `#`s.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// A piece of a note's Markdown (the whole body or one section) with the
/// file line of each of its lines, so messages about it point into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The Markdown text.
    pub text: String,
    /// `lines[i]` is the 1-based file line of the text's line `i`.
    pub lines: Vec<usize>,
}

/// One parsed note.
#[derive(Debug, Clone)]
pub struct Note {
    /// Vault-relative path.
    pub path: String,
    /// The file name without `.md`: the name links use.
    pub name: String,
    /// The text with `%%comments%%` blanked (same offsets as the file).
    pub text: String,
    /// Tags and aliases from the front matter.
    pub front_matter: FrontMatter,
    /// The first `TARGET DECK`, if any.
    pub target_deck: Option<String>,
    /// All `FILE TAGS`.
    pub file_tags: Vec<String>,
    /// Valid Anki blocks in file order.
    pub blocks: Vec<Block>,
    /// Body headings in file order.
    pub headings: Vec<Heading>,
    /// The role of each line (index = line − 1).
    pub roles: Vec<LineRole>,
}

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$").unwrap());

/// Parses the note at vault-relative `path` with text `source` into a
/// [`Note`], with the problems found.
pub fn parse(path: &str, source: &str) -> (Note, Vec<Diagnostic>) {
    let text = lines::blank_comments(source);
    let all: Vec<&str> = text.split('\n').collect();
    let code = lines::fenced_code_lines(&all);
    let fm_len = lines::front_matter_len(&all);
    let mut diagnostics = Vec::new();
    let front_matter = if fm_len > 0 {
        let (fm, err) = front_matter::parse(path, &all[1..fm_len - 1].join("\n"));
        diagnostics.extend(err);
        fm
    } else {
        FrontMatter::default()
    };
    let scan = blocks::scan(path, &all, &code, fm_len);
    diagnostics.extend(scan.diagnostics);
    let headings = all
        .iter()
        .enumerate()
        .filter(|(i, _)| scan.roles[*i] == LineRole::Body && !code[*i])
        .filter_map(|(i, line)| {
            let caps = HEADING.captures(line)?;
            Some(Heading {
                level: caps[1].len(),
                text: caps.get(2).map_or("", |m| m.as_str()).trim().to_string(),
                line: i + 1,
            })
        })
        .collect();
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let name = file_name[..file_name.len().saturating_sub(3)].to_string();
    let note = Note {
        path: path.to_string(),
        name,
        text,
        front_matter,
        target_deck: scan.target_deck,
        file_tags: scan.file_tags,
        blocks: scan.blocks,
        headings,
        roles: scan.roles,
    };
    (note, diagnostics)
}

impl Note {
    /// The note's content: everything but front matter, Anki blocks and markers.
    pub fn body(&self) -> Excerpt {
        self.excerpt(1, self.roles.len())
    }

    /// The section under the heading named `heading` (case-insensitive; for
    /// `a#b` the last part counts), with its heading line, up to the next
    /// heading of the same or a higher level.
    pub fn section(&self, heading: &str) -> Option<Excerpt> {
        let wanted = heading.rsplit('#').next().unwrap_or(heading).trim();
        let at = self.headings.iter().position(|h| {
            h.text.eq_ignore_ascii_case(wanted) || h.text.to_lowercase() == wanted.to_lowercase()
        })?;
        let h = &self.headings[at];
        let end = self.headings[at + 1..]
            .iter()
            .find(|next| next.level <= h.level)
            .map_or(self.roles.len(), |next| next.line - 1);
        Some(self.excerpt(h.line, end))
    }

    /// Body lines `first..=last` (1-based) as an excerpt.
    fn excerpt(&self, first: usize, last: usize) -> Excerpt {
        let mut text = String::new();
        let mut lines = Vec::new();
        for (i, line) in self.text.split('\n').enumerate() {
            let n = i + 1;
            if n < first || n > last || self.roles[i] != LineRole::Body {
                continue;
            }
            if !lines.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
            lines.push(n);
        }
        Excerpt { text, lines }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str) -> (Note, Vec<Diagnostic>) {
        parse("dir/series.md", text)
    }

    const TEXT: &str = "---\ntags: [ml/optim]\naliases: [geo]\n---\nTARGET DECK: ML\n# top\nintro\n## geometric series\nsum $q^k$\n```\n# not a heading\n```\nSTART\nBasic\n# in block\nEND\n### sub\ndeep\n## next\nrest";

    #[test]
    fn parses_front_matter_headings_and_blocks() {
        let (n, diags) = note(TEXT);
        assert!(diags.is_empty());
        assert_eq!(n.name, "series");
        assert_eq!(n.front_matter.tags, ["ml/optim"]);
        assert_eq!(n.target_deck.as_deref(), Some("ML"));
        let heads: Vec<_> = n
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            heads,
            [(1, "top"), (2, "geometric series"), (3, "sub"), (2, "next")]
        );
        assert_eq!(n.blocks.len(), 1);
    }

    #[test]
    fn section_runs_to_next_heading_of_same_level_and_skips_blocks() {
        let (n, _) = note(TEXT);
        let s = n.section("Geometric Series").unwrap();
        assert_eq!(
            s.text,
            "## geometric series\nsum $q^k$\n```\n# not a heading\n```\n### sub\ndeep"
        );
        assert_eq!(s.lines, [8, 9, 10, 11, 12, 17, 18]);
        assert!(n.section("missing").is_none());
    }

    #[test]
    fn body_drops_front_matter_markers_and_blocks() {
        let (n, _) = note(TEXT);
        let body = n.body();
        assert!(body.text.starts_with("# top\nintro"));
        assert!(!body.text.contains("TARGET DECK") && !body.text.contains("START"));
    }
}
