//! Collecting formulas: every math span of every note — body text and Anki
//! blocks alike — with the place it is written and the heading it sits
//! under, in vault order.
use crate::note::lines::{LineIndex, front_matter_len};
use crate::note::math_spans;
use crate::vault::Vault;
use crate::vault::limits::MAX_FORMULAS_PER_NOTE;

/// One math span as written in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// Vault-relative path of the note.
    pub file: String,
    /// 1-based line of the LaTeX's first character.
    pub line: usize,
    /// 1-based column (characters) of the LaTeX's first character.
    pub column: usize,
    /// The LaTeX between the delimiters, as written.
    pub latex: String,
    /// `$$…$$` rather than `$…$`.
    pub display: bool,
    /// Byte offset of the LaTeX's first character in the note's text: a
    /// parser span `s` of [`Formula::latex`] is at `offset + s.start`.
    pub offset: usize,
    /// Index into `vault.notes`.
    pub note: usize,
    /// Texts of the headings above the formula, outermost first.
    pub headings: Vec<String>,
}

impl Formula {
    /// The LaTeX with runs of whitespace collapsed: formulas equal under
    /// this key are verified once and reported at every place.
    pub fn key(&self) -> String {
        self.latex.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Every formula of the vault, in vault order (path, then position).
///
/// One pass per note: the heading path and the column are carried from
/// one formula to the next (the spans come in text order), so a note with
/// many formulas, headings or formulas on one long line stays linear.
pub fn collect(vault: &Vault) -> Vec<Formula> {
    let mut out = Vec::new();
    for (index, note) in vault.notes.iter().enumerate() {
        // Front matter holds no math: blank it, keeping offsets.
        let lines: Vec<&str> = note.text.split('\n').collect();
        let fm_bytes: usize = lines[..front_matter_len(&lines)]
            .iter()
            .map(|l| l.len() + 1)
            .sum::<usize>()
            .min(note.text.len());
        // Each character becomes as many spaces as it has bytes; newlines stay.
        let mut text = String::with_capacity(note.text.len());
        for c in note.text[..fm_bytes].chars() {
            if c == '\n' {
                text.push('\n');
            } else {
                text.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        text.push_str(&note.text[fm_bytes..]);
        let line_index = LineIndex::new(&text);
        let mut columns = ColumnCursor::default();
        let mut headings = HeadingCursor::new(note);
        // Past the budget the note's formulas are not checked; the vault
        // load warns about it (`vault::limits`).
        let spans = math_spans::scan_markdown(&text).spans;
        for span in spans.into_iter().take(MAX_FORMULAS_PER_NOTE) {
            let latex = &text[span.inner.clone()];
            if latex.trim().is_empty() {
                continue;
            }
            let lead = latex.len() - latex.trim_start().len();
            let (line, column) = columns.line_col(&line_index, &text, span.inner.start + lead);
            out.push(Formula {
                file: note.path.clone(),
                line,
                column,
                latex: latex.trim().to_string(),
                display: span.display,
                offset: span.inner.start + lead,
                note: index,
                headings: headings.path_at(line),
            });
        }
    }
    out
}

/// Line and column of byte offsets met in increasing order: the column is
/// counted on from the previous offset when it is on the same line, so the
/// characters of a line are counted once however many formulas it holds
/// (out-of-order offsets are counted from the line start).
#[derive(Default)]
struct ColumnCursor {
    /// `(line, byte offset, its 1-based column)` of the last answer.
    last: Option<(usize, usize, usize)>,
}

impl ColumnCursor {
    fn line_col(&mut self, index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
        let line = index.line_of(offset);
        let (line, column) = match self.last {
            Some((at_line, at, column)) if at_line == line && at <= offset => {
                let counted = text.get(at..offset).map_or(0, |s| s.chars().count());
                (line, column + counted)
            }
            _ => index.line_col(text, offset),
        };
        self.last = Some((line, offset, column));
        (line, column)
    }
}

/// The chain of headings that contains a line, for lines met in
/// increasing order: for each level the last heading above the line,
/// deeper ones dropped when a shallower one starts. Each heading is
/// pushed once; a line before the previous one starts over.
struct HeadingCursor<'n> {
    headings: &'n [crate::note::Heading],
    /// Headings taken so far.
    next: usize,
    /// `(level, position in headings)`, outermost first.
    path: Vec<(usize, usize)>,
}

impl<'n> HeadingCursor<'n> {
    fn new(note: &'n crate::note::Note) -> Self {
        Self {
            headings: &note.headings,
            next: 0,
            path: Vec::new(),
        }
    }

    fn path_at(&mut self, line: usize) -> Vec<String> {
        if self.next > 0 && self.headings[self.next - 1].line > line {
            self.next = 0;
            self.path.clear();
        }
        while let Some(h) = self.headings.get(self.next).filter(|h| h.line <= line) {
            while self.path.last().is_some_and(|(level, _)| *level >= h.level) {
                self.path.pop();
            }
            self.path.push((h.level, self.next));
            self.next += 1;
        }
        self.path
            .iter()
            .map(|&(_, at)| self.headings[at].text.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{SourceFile, from_sources};

    #[test]
    fn finds_body_and_block_math_with_places_and_headings() {
        let text = "---\ntags: [$x$]\n---\n# Adam\n## step\nrate $\\alpha$ and\n$$\n  s = \\rho s\n$$\nSTART\nBasic\nQ $y_1 * z_2$\nEND\n# Other\n`$code$`";
        let v = from_sources(
            "v",
            &[SourceFile {
                path: "n.md".into(),
                text: text.into(),
            }],
            Vec::new(),
        );
        let got: Vec<_> = collect(&v)
            .into_iter()
            .map(|f| (f.latex, f.line, f.column, f.display, f.headings.join(">")))
            .collect();
        assert_eq!(
            got,
            [
                ("\\alpha".to_string(), 6, 7, false, "Adam>step".to_string()),
                (
                    "s = \\rho s".to_string(),
                    8,
                    3,
                    true,
                    "Adam>step".to_string()
                ),
                (
                    "y_1 * z_2".to_string(),
                    12,
                    4,
                    false,
                    "Adam>step".to_string()
                ),
            ]
        );
    }

    #[test]
    fn many_formulas_on_a_line_get_their_columns_and_headings_in_one_pass() {
        let text = "# A\né $a$ ü $b$\n## B\n$c$ ☃ $d$\n# C\n$e$";
        let v = from_sources(
            "v",
            &[SourceFile {
                path: "n.md".into(),
                text: text.into(),
            }],
            Vec::new(),
        );
        let got: Vec<_> = collect(&v)
            .into_iter()
            .map(|f| (f.latex, f.line, f.column, f.headings.join(">")))
            .collect();
        let want = [
            ("a", 2, 4, "A"),
            ("b", 2, 10, "A"),
            ("c", 4, 2, "A>B"),
            ("d", 4, 8, "A>B"),
            ("e", 6, 2, "C"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(l, line, col, h)| (l.to_string(), *line, *col, h.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn key_ignores_whitespace_layout() {
        let f = |latex: &str| Formula {
            file: String::new(),
            line: 1,
            column: 1,
            latex: latex.into(),
            display: true,
            offset: 0,
            note: 0,
            headings: vec![],
        };
        assert_eq!(f("a =  b\n+ c").key(), f("a = b + c").key());
    }
}
