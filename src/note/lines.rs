//! Line bookkeeping for one note: turning byte offsets into 1-based lines
//! and telling which lines are front matter, fenced code, or Markdown body.
//!
//! Obsidian syntax that CommonMark does not know (Anki markers, `%%`
//! comments) must be ignored inside code and front matter, so every later
//! scan asks this module what a line is before reading it.

/// Maps byte offsets of a text to 1-based line numbers.
///
/// The line starts are shared: indexing the same text again while an
/// index of it is alive (every formula of a note builds one) reuses them
/// instead of scanning and storing the whole note once per formula, which
/// made a 2 MB note with 35 000 formulas take 13 GB (issue 13). The reuse
/// is keyed by the text's address and length and a sample of its bytes,
/// and is valid because an index is only ever used with the text it was
/// built from while that text is alive.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: std::sync::Arc<[usize]>,
}

/// The last text indexed on this thread: `(address, length, fingerprint)`
/// and its line starts, kept only as long as some index holds them.
type Shared = (usize, usize, u64, std::sync::Weak<[usize]>);

thread_local! {
    static LAST: std::cell::RefCell<Option<Shared>> = const { std::cell::RefCell::new(None) };
}

/// A cheap fingerprint of `text`: its length and 64 sampled 8-byte windows.
fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let bytes = text.as_bytes();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.len().hash(&mut hasher);
    let step = (bytes.len() / 64).max(1);
    for at in (0..bytes.len()).step_by(step) {
        bytes[at..(at + 8).min(bytes.len())].hash(&mut hasher);
    }
    hasher.finish()
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let key = (text.as_ptr() as usize, text.len(), fingerprint(text));
        let reused = LAST.with(|last| {
            let last = last.borrow();
            let (ptr, len, print, weak) = last.as_ref()?;
            ((*ptr, *len, *print) == key)
                .then(|| weak.upgrade())
                .flatten()
        });
        if let Some(starts) = reused {
            return Self { starts };
        }
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let starts: std::sync::Arc<[usize]> = starts.into();
        LAST.with(|last| {
            *last.borrow_mut() = Some((key.0, key.1, key.2, std::sync::Arc::downgrade(&starts)));
        });
        Self { starts }
    }

    /// The 1-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The 1-based line and 1-based column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..)
            .unwrap_or("")
            .char_indices()
            .take_while(|(i, _)| start + i < offset)
            .count()
            + 1;
        (line, col)
    }
}

/// For each line of `lines`, whether it belongs to a fenced code block
/// (the fence lines included). A fence is three or more backticks or
/// tildes; it closes at a line of the same character at least as long.
pub fn fenced_code_lines(lines: &[&str]) -> Vec<bool> {
    let mut inside: Option<(char, usize)> = None;
    lines
        .iter()
        .map(|line| {
            let trimmed = line.trim_start();
            let fence = fence_of(trimmed);
            match (inside, fence) {
                (None, Some(open)) => {
                    inside = Some(open);
                    true
                }
                (Some((ch, len)), Some((c, l)))
                    if c == ch && l >= len && trimmed.trim_start_matches(ch).trim().is_empty() =>
                {
                    inside = None;
                    true
                }
                (Some(_), _) => true,
                (None, None) => false,
            }
        })
        .collect()
}

fn fence_of(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = trimmed.chars().take_while(|&c| c == ch).count();
    if len < 3 {
        return None;
    }
    // A backtick fence's info string may not contain backticks.
    if ch == '`' && trimmed[len..].contains('`') {
        return None;
    }
    Some((ch, len))
}

/// The number of lines of YAML front matter at the start of `lines`
/// (including both `---` lines), or 0 when the note has none.
pub fn front_matter_len(lines: &[&str]) -> usize {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return 0;
    }
    lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .map_or(0, |i| i + 2)
}

/// Replaces every `%%…%%` comment outside fenced code with spaces, keeping
/// newlines, so byte offsets and line numbers stay those of the file.
pub fn blank_comments(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let code = fenced_code_lines(&lines);
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if code[i] && !in_comment {
            out.push_str(line);
            continue;
        }
        let mut rest = *line;
        while !rest.is_empty() {
            match rest.find("%%") {
                Some(at) => {
                    let (before, after) = rest.split_at(at);
                    if in_comment {
                        blank_into(&mut out, before);
                        out.push_str("  ");
                    } else {
                        out.push_str(before);
                        out.push_str("  ");
                    }
                    in_comment = !in_comment;
                    rest = &after[2..];
                }
                None => {
                    if in_comment {
                        blank_into(&mut out, rest);
                    } else {
                        out.push_str(rest);
                    }
                    rest = "";
                }
            }
        }
    }
    if in_comment {
        // An unclosed %% is not a comment: keep the text as written.
        return text.to_string();
    }
    out
}

fn blank_into(out: &mut String, s: &str) {
    // One space per byte keeps every later byte offset valid.
    out.extend(std::iter::repeat_n(' ', s.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines_and_columns() {
        let text = "ab\ncé\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_col(text, 6), (2, 3));
        assert_eq!(idx.line_col(text, 5), (2, 3));
        assert_eq!(idx.line_of(text.len() - 1), 4);
    }

    #[test]
    fn indexes_of_one_text_share_their_starts_and_other_texts_do_not() {
        let text = "a\nb\nc".to_string();
        let one = LineIndex::new(&text);
        let two = LineIndex::new(&text);
        assert!(std::sync::Arc::ptr_eq(&one.starts, &two.starts));
        let other = "a\nbc\n".to_string();
        let three = LineIndex::new(&other);
        assert_eq!(three.line_of(4), 2);
        assert_eq!(three.line_of(5), 3);
        let sub = LineIndex::new(&text[..3]);
        assert_eq!(sub.line_of(2), 2);
        assert_eq!(&*sub.starts, &[0, 2]);
    }

    #[test]
    fn fences_open_and_close_with_matching_runs() {
        let lines = [
            "a", "```py", "START", "``", "````", "b", "~~~", "x", "~~~~", "c",
        ];
        let code = fenced_code_lines(&lines);
        assert_eq!(
            code,
            [
                false, true, true, true, true, false, true, true, true, false
            ]
        );
    }

    #[test]
    fn front_matter_needs_a_closing_line() {
        assert_eq!(front_matter_len(&["---", "tags: [a]", "---", "x"]), 3);
        assert_eq!(front_matter_len(&["---", "tags: [a]"]), 0);
        assert_eq!(front_matter_len(&["x", "---", "---"]), 0);
    }

    #[test]
    fn comments_are_blanked_but_lines_kept() {
        let text = "a %%hid\nden%% b\n```\n%%code%%\n```";
        let out = blank_comments(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(!out.contains("hid") && !out.contains("den"));
        assert!(out.contains("%%code%%"));
    }

    #[test]
    fn unclosed_comment_is_kept() {
        assert_eq!(blank_comments("50%% off"), "50%% off");
    }
}
