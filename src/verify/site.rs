//! Where a claim is written: a formula's parsed statements, and for each
//! claim (one link of a relation chain, a bare expression, or a statement
//! that did not parse) its file, line, column and source text.
use crate::claims::Formula;
use crate::math::{self, Span};
use crate::note::lines::LineIndex;
use crate::report::ClaimEntry;
use crate::verdict::Verdict;

/// One formula of a note, parsed, with the note's text to place spans.
pub(crate) struct Site<'a> {
    /// The formula as collected.
    pub(crate) formula: &'a Formula,
    /// Its statements.
    pub(crate) parsed: math::Formula,
    /// Per statement: off the default path of a pseudo-code rule (a loop
    /// header, an `if` branch; see [`crate::verify::pseudocode`]).
    pub(crate) off_path: Vec<bool>,
    /// Per statement: in a pseudo-code branch on a flag (`\textbf{if
    /// centered}`), an option the default path leaves off.
    pub(crate) flag_branch: Vec<bool>,
    /// Whether the formula has a default path to read a rule on (false for
    /// pseudo-code branching on the step counter or on a computed value).
    pub(crate) path_readable: bool,
    text: &'a str,
    lines: LineIndex,
}

/// What a claim is about: a link `lhs R rhs` of statement `statement`, a
/// statement without relation, or a statement that did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClaimRef {
    /// Link `link` of statement `statement`.
    Link {
        /// Statement index.
        statement: usize,
        /// Link index.
        link: usize,
    },
    /// A statement with no relation.
    Bare(usize),
    /// A statement that did not parse.
    Unparsed(usize),
}

/// A claim with the span a report quotes, in the formula's LaTeX.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claim {
    /// Which part of the formula.
    pub(crate) at: ClaimRef,
    /// What a report quotes.
    pub(crate) span: Span,
    /// Ordinal within the formula, for the id.
    pub(crate) ordinal: usize,
    /// Where the claim is written: the relation of a link (a `&= c` row
    /// belongs to its own line), else the start of `span`.
    pub(crate) anchor: usize,
}

impl<'a> Site<'a> {
    /// Parses `formula`; `text` is its note's text.
    pub(crate) fn new(formula: &'a Formula, text: &'a str) -> Self {
        let parsed = {
            let mut parsed = math::parse_formula(&formula.latex);
            crate::verify::program::labels_to_indices(&mut parsed);
            // `w_{\text{la}}`, `R_{\text{L2}}`: names of their own.
            for st in parsed.statements.iter_mut().flatten() {
                crate::verify::program::rename_labelled(&mut st.head);
                for link in &mut st.links {
                    crate::verify::program::rename_labelled(&mut link.rhs);
                }
            }
            share_listed_value(&mut parsed);
            parsed
        };
        let targets = parsed
            .parsed()
            .filter(|st| {
                st.links.first().is_some_and(|l| {
                    matches!(
                        l.rel,
                        crate::math::ast::Rel::Eq | crate::math::ast::Rel::Def
                    )
                })
            })
            .filter_map(|st| match &st.head.kind {
                crate::math::ast::ExprKind::Symbol(s) => Some(s.base.clone()),
                _ => None,
            })
            .collect();
        let path = crate::verify::pseudocode::default_path(&formula.latex, &targets);
        let starts: Vec<usize> = parsed
            .statements
            .iter()
            .map(|st| match st {
                Ok(st) => st.span.start,
                Err(e) => e.span().start,
            })
            .collect();
        let off_path = starts.iter().map(|at| path.is_off(*at)).collect();
        let flag_branch = starts.iter().map(|at| path.is_flag_branch(*at)).collect();
        Self {
            formula,
            parsed,
            off_path,
            flag_branch,
            path_readable: path.readable,
            text,
            lines: LineIndex::new(text),
        }
    }

    /// Every claim of the formula, in source order.
    pub(crate) fn claims(&self) -> Vec<Claim> {
        let mut out = Vec::new();
        for (i, st) in self.parsed.statements.iter().enumerate() {
            match st {
                Err(e) => out.push((ClaimRef::Unparsed(i), e.span(), e.span().start)),
                Ok(st) if st.links.is_empty() => {
                    out.push((ClaimRef::Bare(i), st.span, st.span.start))
                }
                Ok(st) => {
                    for (j, link) in st.links.iter().enumerate() {
                        out.push((
                            ClaimRef::Link {
                                statement: i,
                                link: j,
                            },
                            link.span,
                            link.rel_span.start,
                        ))
                    }
                }
            }
        }
        out.into_iter()
            .enumerate()
            .map(|(ordinal, (at, span, rel))| {
                let latex = &self.formula.latex;
                // A continuation row `&= c` is written on the relation's line.
                let line_of = |b: usize| latex[..b.min(latex.len())].matches('\n').count();
                let anchor = if line_of(rel) != line_of(span.start) {
                    rel
                } else {
                    span.start
                };
                Claim {
                    at,
                    span: balanced(latex, span),
                    ordinal,
                    anchor,
                }
            })
            .collect()
    }

    /// The note line statement `statement` of the formula starts on.
    pub(crate) fn statement_line(&self, statement: usize) -> usize {
        let latex = &self.formula.latex;
        let start = self
            .parsed
            .statements
            .get(statement)
            .and_then(|s| s.as_ref().ok())
            .map_or(0, |s| s.span.start.min(latex.len()));
        self.formula.line + latex[..start].matches('\n').count()
    }

    /// The whole line of the note the formula starts on.
    pub(crate) fn text_line(&self) -> Option<String> {
        self.text
            .split('\n')
            .nth(self.formula.line.checked_sub(1)?)
            .map(str::to_string)
    }

    /// When the formula stands in a flashcard block (`START` … `END`), the
    /// block's lines above the formula's line, joined by spaces: the
    /// question a card's answer is read with. `None` outside a card.
    pub(crate) fn card_prompt(&self) -> Option<String> {
        let lines: Vec<&str> = self.text.split('\n').collect();
        let at = self.formula.line.checked_sub(1)?.min(lines.len());
        let is = |l: &str, word: &str| l.trim() == word;
        let start = lines[..at]
            .iter()
            .rposition(|l| is(l, "START") || is(l, "END"))
            .filter(|&i| is(lines[i], "START"))?;
        lines[at..]
            .iter()
            .position(|l| is(l, "END") || is(l, "START"))
            .filter(|&i| is(lines[at + i], "END"))?;
        Some(lines[start + 1..at].join(" "))
    }

    /// The whole text of the note the formula stands in.
    pub(crate) fn note_text(&self) -> &'a str {
        self.text
    }

    /// The prose of the section the formula stands in: the note's lines
    /// from the heading above it to the next heading (code fences are not
    /// told apart; this is only searched for stated conventions).
    pub(crate) fn section_text(&self) -> String {
        let lines: Vec<&str> = self.text.split('\n').collect();
        let at = self.formula.line.saturating_sub(1).min(lines.len());
        let heading = |l: &&str| l.trim_start().starts_with('#');
        let start = lines[..at].iter().rposition(heading).map_or(0, |i| i + 1);
        let end = lines[at..]
            .iter()
            .skip(1)
            .position(heading)
            .map_or(lines.len(), |i| at + 1 + i);
        lines[start..end].join("\n")
    }

    /// The report entry of `claim` with `verdict`.
    pub(crate) fn entry(&self, claim: &Claim, verdict: Verdict) -> ClaimEntry {
        self.entry_at(claim, claim.span, verdict)
    }

    /// Like [`Site::entry`], with the caret (and line) at `focus`, a span
    /// inside the formula (the failing part).
    pub(crate) fn entry_at(&self, claim: &Claim, focus: Span, verdict: Verdict) -> ClaimEntry {
        let f = self.formula;
        let clamp = |x: usize| x.min(f.latex.len());
        let start = f.offset + clamp(claim.anchor);
        let (line, column) = self.lines.line_col(self.text, start);
        let latex = f
            .latex
            .get(clamp(claim.span.start)..clamp(claim.span.end))
            .unwrap_or(&f.latex)
            .to_string();
        let focus_start = f.offset + clamp(focus.start);
        let focus_end = (f.offset + clamp(focus.end)).max(focus_start);
        ClaimEntry {
            id: format!("{}:{}:{}#{}", f.file, line, column, claim.ordinal),
            file: f.file.clone(),
            line,
            column,
            latex,
            kind: kind_of(claim, &verdict).to_string(),
            status: verdict.status,
            reason: verdict.reason,
            evidence: verdict.evidence,
            formula: f.key(),
            bytes: focus_start..focus_end,
        }
    }
}

/// `n, d = 1` and `\alpha, \beta > 0`: symbols listed before one that is
/// given a plain number share its relation, so `n` gets the link `= 1` too
/// (quoted as the whole list). Only a run of lone symbols separated by
/// commas, ending in `symbol R number` whose right side has no symbol,
/// is read so: `\theta_t, g_t = \nabla f(\theta_t)` is left alone.
fn share_listed_value(parsed: &mut math::Formula) {
    use crate::math::ast::Sep;
    use crate::verify::symbols_used::{lone_symbol, uses};
    let n = parsed.statements.len();
    for end in 1..n {
        let Ok(last) = &parsed.statements[end] else {
            continue;
        };
        let shared = match last.links.as_slice() {
            [link]
                if last.after == Sep::Comma
                    && lone_symbol(&last.head).is_some()
                    && uses(&link.rhs).keys().is_empty()
                    && uses(&link.rhs).functions.is_empty() =>
            {
                link.clone()
            }
            _ => continue,
        };
        let mut start = end;
        while start > 0 {
            let comma_before =
                matches!(&parsed.statements[start], Ok(st) if st.after == Sep::Comma);
            let bare_symbol = matches!(&parsed.statements[start - 1],
                Ok(st) if st.links.is_empty() && lone_symbol(&st.head).is_some());
            if !(comma_before && bare_symbol) {
                break;
            }
            start -= 1;
        }
        for st in parsed.statements[start..end].iter_mut().flatten() {
            let mut link = shared.clone();
            link.span = Span::new(st.head.span.start, shared.span.end);
            st.links.push(link);
        }
    }
}

/// `span` widened over closing braces the parser's spans stop short of
/// (`\frac{1}{1-q` → `\frac{1}{1-q}`), so a quoted claim is balanced.
fn balanced(latex: &str, span: Span) -> Span {
    let mut end = span.end.min(latex.len());
    let Some(text) = latex.get(span.start.min(end)..end) else {
        return span;
    };
    let mut open = text.matches('{').count() as i64 - text.matches('}').count() as i64;
    let bytes = latex.as_bytes();
    while open > 0 {
        let mut next = end;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        if next < bytes.len() && bytes[next] == b'}' {
            end = next + 1;
            open -= 1;
        } else {
            break;
        }
    }
    Span::new(span.start, end)
}

/// The claim family named in the verdict's evidence (`"kind"`), else a
/// default by the claim's shape.
fn kind_of(claim: &Claim, verdict: &Verdict) -> String {
    if let Some(kind) = verdict.evidence.get("kind").and_then(|k| k.as_str()) {
        return kind.to_string();
    }
    match claim.at {
        ClaimRef::Link { .. } => "relation",
        ClaimRef::Bare(_) => "expression",
        ClaimRef::Unparsed(_) => "unparsed",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(latex: &str) -> Vec<usize> {
        let mut parsed = math::parse_formula(latex);
        share_listed_value(&mut parsed);
        parsed
            .statements
            .iter()
            .map(|s| s.as_ref().map_or(usize::MAX, |s| s.links.len()))
            .collect()
    }

    #[test]
    fn listed_symbols_share_a_plain_value() {
        assert_eq!(links("n, d = 1"), vec![1, 1]);
        assert_eq!(links(r"\alpha, \beta, \gamma > 0"), vec![1, 1, 1]);
    }

    #[test]
    fn a_value_with_symbols_or_a_list_of_expressions_is_not_shared() {
        assert_eq!(links(r"\theta_t, g_t = \nabla f(\theta_t)"), vec![0, 1]);
        assert_eq!(links("x + 1, d = 1"), vec![0, 1]);
        assert_eq!(links(r"n \quad d = 1"), vec![0, 1]);
    }
}
