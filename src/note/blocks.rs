//! Anki blocks: `START`…`END` (and inline `STARTI`…`ENDI`) in the
//! Obsidian_to_Anki syntax, plus the file-level `TARGET DECK` and
//! `FILE TAGS` markers (FORMATS.md §1.3).
//!
//! The scanner walks a note line by line, ignoring front matter and fenced
//! code outside blocks; every problem becomes a [`Diagnostic`] and the scan
//! goes on, so one broken block never hides the others.
use super::note_type::NoteType;
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

/// One field of a block: its text (trimmed, otherwise byte for byte) and
/// where that text starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name in its note type (`Front`, `Back`, `Text`, …).
    pub name: &'static str,
    /// The Markdown source of the field, trimmed.
    pub text: String,
    /// 1-based line of the text's first character (0 when the field is empty).
    pub line: usize,
    /// 1-based column (in characters) of the text's first character.
    pub column: usize,
}

/// One flashcard block, parsed and valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of `START` (or of the `STARTI` line).
    pub line: usize,
    /// 1-based line of `END` (for `STARTI…ENDI`, the same line as [`Block::line`]).
    pub end_line: usize,
    /// The note type named on the type line.
    pub note_type: NoteType,
    /// One entry per field of the note type, in Anki's order; absent fields are empty.
    pub fields: Vec<Field>,
    /// Tags from the `Tags:` line, verbatim.
    pub tags: Vec<String>,
    /// The `<!--ID: n-->` number, if the block has one.
    pub id: Option<u64>,
    /// Line of the ID, if any.
    pub id_line: Option<usize>,
    /// Whether the block carries `DELETE` (it is reported, not exported).
    pub delete: bool,
}

impl Block {
    /// The first field's text (Front or Text).
    pub fn first_field(&self) -> &str {
        &self.fields[0].text
    }
}

/// What each line of a note is, as far as embeds and headings care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// YAML front matter, with its `---` lines.
    FrontMatter,
    /// A line of an Anki block, `START` and `END` included.
    Block,
    /// `TARGET DECK`, `FILE TAGS`, a stray `END` or `DELETE`: markers, not content.
    Marker,
    /// Ordinary Markdown.
    Body,
}

/// The result of scanning one note for blocks and markers.
#[derive(Debug, Clone, Default)]
pub struct BlockScan {
    /// Valid blocks in file order.
    pub blocks: Vec<Block>,
    /// The first `TARGET DECK` of the file.
    pub target_deck: Option<String>,
    /// All `FILE TAGS`, in order.
    pub file_tags: Vec<String>,
    /// The role of every line (index = line − 1).
    pub roles: Vec<LineRole>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

static ID_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:<!--)?\s*ID:\s*(\d+)\s*(?:-->)?$").unwrap());
static INLINE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"STARTI\s*\[([^\]]*)\](.*?)ENDI").unwrap());
static INLINE_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:<!--)?\s*ID:\s*(\d+)\s*(?:-->)?\s*$").unwrap());
static CLOZE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{c\d+::").unwrap());

/// Scans `lines` (the note split at `\n`) for blocks and markers.
/// `code` marks fenced-code lines and `front_matter` is the number of
/// leading front-matter lines.
pub fn scan(path: &str, lines: &[&str], code: &[bool], front_matter: usize) -> BlockScan {
    let mut scan = BlockScan {
        roles: vec![LineRole::Body; lines.len()],
        ..BlockScan::default()
    };
    for role in scan.roles.iter_mut().take(front_matter) {
        *role = LineRole::FrontMatter;
    }
    let mut open: Option<usize> = None;
    let mut i = front_matter;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(start) = open {
            scan.roles[i] = LineRole::Block;
            if !code[i] && line == "START" {
                scan.diagnostics.push(
                    Diagnostic::error(
                        path,
                        i + 1,
                        format!("START inside block from line {} (missing END?)", start + 1),
                    )
                    .quoting_line(lines[i]),
                );
                open = Some(i);
            } else if !code[i] && line == "END" {
                parse_block(path, lines, code, start, i, &mut scan);
                open = None;
            }
        } else if code[i] {
            // Fenced code outside blocks holds no markers.
        } else if line == "START" {
            scan.roles[i] = LineRole::Block;
            open = Some(i);
        } else if line == "END" {
            scan.roles[i] = LineRole::Marker;
            scan.diagnostics
                .push(Diagnostic::error(path, i + 1, "END without START").quoting_line(lines[i]));
        } else if let Some(value) = marker_value(lines, i, "TARGET DECK") {
            scan.roles[i] = LineRole::Marker;
            if !value.inline {
                scan.roles[i + 1] = LineRole::Marker;
            }
            if scan.target_deck.is_none() && !value.text.is_empty() {
                scan.target_deck = Some(value.text.to_string());
            }
            i += usize::from(!value.inline);
        } else if let Some(value) = marker_value(lines, i, "FILE TAGS") {
            scan.roles[i] = LineRole::Marker;
            if !value.inline {
                scan.roles[i + 1] = LineRole::Marker;
            }
            scan.file_tags
                .extend(value.text.split_whitespace().map(str::to_string));
            i += usize::from(!value.inline);
        } else if line.contains("STARTI") {
            scan_inline(path, lines[i], i + 1, &mut scan);
        }
        i += 1;
    }
    if let Some(start) = open {
        scan.diagnostics.push(
            Diagnostic::error(path, start + 1, "START without END").quoting_line(lines[start]),
        );
        // The block is skipped, but the text after it is still the note's.
        for role in &mut scan.roles[start..] {
            *role = LineRole::Body;
        }
    }
    scan
}

trait QuoteLine {
    fn quoting_line(self, line: &str) -> Self;
}

impl QuoteLine for Diagnostic {
    fn quoting_line(mut self, line: &str) -> Self {
        self.line_text = Some(line.trim_end().to_string());
        self
    }
}

struct MarkerValue<'a> {
    text: &'a str,
    inline: bool,
}

/// `NAME: value` on one line, or `NAME` alone with the value on the next.
fn marker_value<'a>(lines: &[&'a str], i: usize, name: &str) -> Option<MarkerValue<'a>> {
    let line = lines[i].trim_end();
    let rest = line.strip_prefix(name)?;
    if rest.is_empty() {
        let next = lines.get(i + 1)?;
        return Some(MarkerValue {
            text: next.trim(),
            inline: false,
        });
    }
    let value = rest.strip_prefix(':')?;
    Some(MarkerValue {
        text: value.trim(),
        inline: true,
    })
}

/// Parses the block from the `START` at `start` to the `END` at `end` (0-based lines).
fn parse_block(
    path: &str,
    lines: &[&str],
    code: &[bool],
    start: usize,
    end: usize,
    scan: &mut BlockScan,
) {
    let error = |line: usize, message: String| {
        Diagnostic::error(path, line + 1, message).quoting_line(lines[line])
    };
    let type_at = start + 1;
    if type_at >= end || lines[type_at].trim().is_empty() {
        scan.diagnostics.push(error(
            start,
            "block has no note type line after START".into(),
        ));
        return;
    }
    let type_name = lines[type_at].trim();
    let Some(note_type) = NoteType::from_name(type_name) else {
        scan.diagnostics
            .push(error(type_at, format!("unknown note type \"{type_name}\"")));
        return;
    };
    let trailer = read_trailer(lines, type_at + 1, end);
    let body_end = trailer.first_line;
    let names = note_type.field_names();
    let mut fields: Vec<Option<Vec<Segment>>> = vec![None; names.len()];
    let mut unlabelled: Vec<Segment> = Vec::new();
    let mut current: Option<usize> = None;
    for i in type_at + 1..body_end {
        let line = lines[i];
        let label = if code[i] {
            None
        } else {
            names.iter().enumerate().find_map(|(k, name)| {
                let rest = line.strip_prefix(name)?.strip_prefix(':')?;
                fields[k].is_none().then_some((k, rest))
            })
        };
        match label {
            Some((k, rest)) => {
                let column = line.len() - rest.len();
                fields[k] = Some(vec![(i, column, rest)]);
                current = Some(k);
            }
            None => match current {
                Some(k) => fields[k].as_mut().unwrap().push((i, 0, line)),
                None => unlabelled.push((i, 0, line)),
            },
        }
    }
    let unlabelled_text = join_segments(&unlabelled, lines);
    if !unlabelled_text.text.is_empty() {
        if fields[0].is_some() {
            scan.diagnostics.push(error(
                start,
                format!(
                    "first field \"{}\" given twice (text before the labels and a \"{}:\" line)",
                    names[0], names[0]
                ),
            ));
            return;
        }
        fields[0] = Some(unlabelled);
    }
    let fields: Vec<Field> = names
        .iter()
        .zip(&fields)
        .map(|(name, segments)| {
            let joined = segments
                .as_ref()
                .map(|s| join_segments(s, lines))
                .unwrap_or_default();
            Field {
                name,
                text: joined.text,
                line: joined.line,
                column: joined.column,
            }
        })
        .collect();
    if fields[0].text.is_empty() {
        scan.diagnostics
            .push(error(start, format!("empty first field \"{}\"", names[0])));
        return;
    }
    if note_type == NoteType::Cloze && !CLOZE.is_match(&fields[0].text) {
        scan.diagnostics
            .push(error(start, "Cloze note has no {{cN::…}}".to_string()));
        return;
    }
    scan.blocks.push(Block {
        line: start + 1,
        end_line: end + 1,
        note_type,
        fields,
        tags: trailer.tags,
        id: trailer.id,
        id_line: trailer.id_line,
        delete: trailer.delete,
    });
}

/// A piece of a field: (0-based line, byte column where it starts, text).
type Segment<'a> = (usize, usize, &'a str);

#[derive(Default)]
struct Joined {
    text: String,
    line: usize,
    column: usize,
}

/// Joins field segments `(line index, byte column, text)` and trims the
/// result, remembering where its first character is.
fn join_segments(segments: &[Segment], lines: &[&str]) -> Joined {
    let raw: Vec<&str> = segments.iter().map(|s| s.2).collect();
    let joined = raw.join("\n");
    let text = joined.trim();
    if text.is_empty() {
        return Joined::default();
    }
    let lead = joined.len() - joined.trim_start().len();
    let mut offset = 0;
    for &(line, column, segment) in segments {
        if lead < offset + segment.len() + 1 {
            let byte_col = column + (lead - offset);
            let col = lines[line][..byte_col.min(lines[line].len())]
                .chars()
                .count()
                + 1;
            return Joined {
                text: text.to_string(),
                line: line + 1,
                column: col,
            };
        }
        offset += segment.len() + 1;
    }
    Joined {
        text: text.to_string(),
        ..Joined::default()
    }
}

struct Trailer {
    first_line: usize,
    tags: Vec<String>,
    id: Option<u64>,
    id_line: Option<usize>,
    delete: bool,
}

/// Reads `Tags:`, `DELETE` and ID lines from the end of a block body
/// (`from..end`, 0-based, exclusive), each at most once, in any order.
fn read_trailer(lines: &[&str], from: usize, end: usize) -> Trailer {
    let mut trailer = Trailer {
        first_line: end,
        tags: Vec::new(),
        id: None,
        id_line: None,
        delete: false,
    };
    let mut seen_tags = false;
    let mut i = end;
    while i > from {
        let line = lines[i - 1].trim();
        if line.is_empty() {
            i -= 1;
            continue;
        }
        if let (Some(rest), false) = (line.strip_prefix("Tags:"), seen_tags) {
            trailer.tags = rest.split_whitespace().map(str::to_string).collect();
            seen_tags = true;
        } else if line == "DELETE" && !trailer.delete {
            trailer.delete = true;
        } else if let (Some(caps), None) = (ID_LINE.captures(line), trailer.id) {
            match caps[1].parse::<u64>() {
                Ok(id) => {
                    trailer.id = Some(id);
                    trailer.id_line = Some(i);
                }
                Err(_) => break,
            }
        } else {
            break;
        }
        i -= 1;
        trailer.first_line = i;
    }
    trailer
}

/// Parses every `STARTI [Type] … ENDI` on one line.
fn scan_inline(path: &str, line: &str, line_no: usize, scan: &mut BlockScan) {
    for caps in INLINE_BLOCK.captures_iter(line) {
        let type_name = caps[1].trim();
        let Some(note_type) = NoteType::from_name(type_name) else {
            scan.diagnostics.push(
                Diagnostic::error(path, line_no, format!("unknown note type \"{type_name}\""))
                    .quoting_line(line),
            );
            continue;
        };
        let mut body = caps[2].to_string();
        let mut id = None;
        if let Some(m) = INLINE_ID.captures(&body) {
            id = m[1].parse().ok();
            let at = m.get(0).unwrap().start();
            body.truncate(at);
        }
        let mut tags = Vec::new();
        if let Some(at) = body.rfind(" Tags:") {
            tags = body[at + 6..]
                .split_whitespace()
                .map(str::to_string)
                .collect();
            body.truncate(at);
        }
        let names = note_type.field_names();
        let mut texts: Vec<String> = vec![String::new(); names.len()];
        let mut current = 0;
        let mut rest = body.as_str();
        loop {
            let next = names
                .iter()
                .enumerate()
                .skip(1)
                .filter_map(|(k, name)| rest.find(&format!(" {name}:")).map(|at| (at, k, name)))
                .min();
            match next {
                Some((at, k, name)) => {
                    texts[current].push_str(&rest[..at]);
                    current = k;
                    rest = &rest[at + name.len() + 2..];
                }
                None => {
                    texts[current].push_str(rest);
                    break;
                }
            }
        }
        let fields: Vec<Field> = names
            .iter()
            .zip(texts)
            .map(|(name, text)| {
                let text = text.trim().to_string();
                Field {
                    name,
                    line: if text.is_empty() { 0 } else { line_no },
                    column: 1,
                    text,
                }
            })
            .collect();
        if fields[0].text.is_empty() {
            scan.diagnostics.push(
                Diagnostic::error(path, line_no, format!("empty first field \"{}\"", names[0]))
                    .quoting_line(line),
            );
            continue;
        }
        scan.blocks.push(Block {
            line: line_no,
            end_line: line_no,
            note_type,
            fields,
            tags,
            id,
            id_line: id.map(|_| line_no),
            delete: false,
        });
    }
}

#[cfg(test)]
mod tests;
