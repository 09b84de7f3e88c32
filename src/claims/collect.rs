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
        let mut text: String = note.text[..fm_bytes]
            .chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        text.push_str(&note.text[fm_bytes..]);
        let line_index = LineIndex::new(&text);
        // Past the budget the note's formulas are not checked; the vault
        // load warns about it (`vault::limits`).
        let spans = math_spans::scan_markdown(&text).spans;
        for span in spans.into_iter().take(MAX_FORMULAS_PER_NOTE) {
            let latex = &text[span.inner.clone()];
            if latex.trim().is_empty() {
                continue;
            }
            let lead = latex.len() - latex.trim_start().len();
            let (line, column) = line_index.line_col(&text, span.inner.start + lead);
            let headings = heading_path(note, line);
            out.push(Formula {
                file: note.path.clone(),
                line,
                column,
                latex: latex.trim().to_string(),
                display: span.display,
                offset: span.inner.start + lead,
                note: index,
                headings,
            });
        }
    }
    out
}

/// The chain of headings that contains `line`: for each level the last
/// heading above it, dropping deeper ones when a shallower one starts.
fn heading_path(note: &crate::note::Note, line: usize) -> Vec<String> {
    let mut path: Vec<(usize, String)> = Vec::new();
    for h in note.headings.iter().take_while(|h| h.line <= line) {
        while path.last().is_some_and(|(level, _)| *level >= h.level) {
            path.pop();
        }
        path.push((h.level, h.text.clone()));
    }
    path.into_iter().map(|(_, text)| text).collect()
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
