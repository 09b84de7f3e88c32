//! Pseudo-code rules as library documentation writes them: rows of an
//! `aligned` block with `\textbf{for}` loop headers, `\textbf{if} …:`
//! branches (on the same row or as indented blocks) and `\textbf{else}`.
//! A rule like that is read on its *default path*: the loop header is not
//! a statement of the rule, every `if` branch is not taken (options such
//! as `nesterov`, `amsgrad`, `centered`, or a weight decay `\lambda \neq 0`
//! are off by default) and every `else` branch is. The statements off that
//! path are not part of the rule that is run; they get no verdict of
//! their own.
//!
//! The default path is only a reading when the branches test options.
//! A branch that tests the loop counter (`\textbf{if}\ t > 1`) or a
//! quantity the rule computes (`\textbf{if}\ g_t > 0`) is taken on some
//! steps and not on others; such a block has no default path, and
//! [`DefaultPath::readable`] says so.
use crate::math::ast::ExprKind;
use crate::math::{self, BaseKey};
use crate::verify::symbols_used::uses_all;
use regex::Regex;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

/// A keyword of pseudo-code, written in a text or bold font.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\\(?:textbf|mathbf|text|textit|mathrm|texttt|mathit|textsf|mathsf)\s*\{\s*(if|else\s*if|elif|else|for|foreach|while|repeat|until|return|input|output|require|ensure|end|do|then|initiali[sz]e|si|sinon|sino|wenn|falls|sonst|pour|para|für|tant\s+que|solange|mientras|retourner|devolver)\b([^}]*)\}",
    )
    .expect("keyword pattern")
});

/// How the statements of one formula sit on its default path.
#[derive(Debug, Clone, Default)]
pub(crate) struct DefaultPath {
    /// Byte ranges of the formula's LaTeX off the default path.
    off: Vec<Range<usize>>,
    /// The parts of `off` under a branch on a flag (`\textbf{if
    /// centered}`): an option with no value of its own to tell it on.
    flag: Vec<Range<usize>>,
    /// Whether the default path is a reading of the rule: no branch on it
    /// tests the loop counter or a quantity the rule computes.
    pub(crate) readable: bool,
}

impl DefaultPath {
    /// Whether a statement starting at byte `at` is off the default path.
    pub(crate) fn is_off(&self, at: usize) -> bool {
        self.off.iter().any(|r| r.contains(&at))
    }

    /// Whether a statement starting at byte `at` is in a branch on a flag.
    pub(crate) fn is_flag_branch(&self, at: usize) -> bool {
        self.flag.iter().any(|r| r.contains(&at))
    }
}

/// One row of the block: its byte range and indentation (`\quad` = 1,
/// `\qquad` = 2, counted at the row's start).
struct Row {
    range: Range<usize>,
    indent: usize,
}

fn rows(latex: &str) -> Vec<Row> {
    math::row_ranges(latex)
        .into_iter()
        .map(|range| Row {
            indent: math::row_indent(&latex[range.clone()]),
            range,
        })
        .collect()
}

/// The default path of a formula's LaTeX; `targets` are the symbols the
/// formula assigns (what a data-dependent condition would test).
pub(crate) fn default_path(latex: &str, targets: &BTreeSet<BaseKey>) -> DefaultPath {
    if !KEYWORD.is_match(latex) {
        return DefaultPath {
            readable: true,
            ..DefaultPath::default()
        };
    }
    let mut path = DefaultPath {
        off: Vec::new(),
        flag: Vec::new(),
        readable: true,
    };
    // Open flag branches: indentation of the row that opened one.
    let mut flag_blocks: Vec<usize> = Vec::new();
    let mut loop_vars: BTreeSet<BaseKey> = BTreeSet::new();
    // Open blocks: (indentation of the row that opened it, on the path).
    let mut blocks: Vec<(usize, bool)> = Vec::new();
    // The last `if` row per indentation, for an `else` on a later row.
    for row in rows(latex) {
        while blocks.last().is_some_and(|(i, _)| *i >= row.indent) {
            blocks.pop();
        }
        while flag_blocks.last().is_some_and(|i| *i >= row.indent) {
            flag_blocks.pop();
        }
        if !flag_blocks.is_empty() {
            path.flag.push(row.range.clone());
        }
        let outer = blocks.iter().all(|(_, on)| *on);
        let text = &latex[row.range.clone()];
        let keywords: Vec<_> = KEYWORD.captures_iter(text).collect();
        if keywords.is_empty() {
            if !outer {
                path.off.push(row.range.clone());
            }
            continue;
        }
        // Segments between keywords: before the first one the row's
        // outer state holds.
        let first = keywords[0].get(0).expect("match").start();
        if !outer && first > 0 {
            path.off.push(row.range.start..row.range.start + first);
        }
        let mut opened: Option<bool> = None;
        for (n, cap) in keywords.iter().enumerate() {
            let whole = cap.get(0).expect("match");
            let word = cap[1].to_ascii_lowercase();
            let seg_end = keywords
                .get(n + 1)
                .map_or(text.len(), |c| c.get(0).expect("match").start());
            let segment = row.range.start + whole.start()..row.range.start + seg_end;
            let after = &text[whole.end()..seg_end];
            let word = match word.as_str() {
                "si" | "wenn" | "falls" => "if".to_string(),
                "sinon" | "sino" | "sonst" => "else".to_string(),
                "pour" | "para" | "für" => "for".to_string(),
                w if w.starts_with("tant") || w == "solange" || w == "mientras" => {
                    "while".to_string()
                }
                _ => word,
            };
            let on = match word.as_str() {
                "else" => outer,
                w if w == "if" || w == "elif" || w.starts_with("else") => {
                    if outer && !option_condition(&cap[2], after, targets, &loop_vars) {
                        path.readable = false;
                    }
                    if is_flag(&cap[2], after) {
                        path.flag.push(segment.clone());
                        if n + 1 == keywords.len() && !flag_blocks.contains(&row.indent) {
                            flag_blocks.push(row.indent);
                        }
                    }
                    false
                }
                "for" | "foreach" | "while" | "repeat" | "until" => {
                    if word == "for" || word == "foreach" {
                        loop_vars.extend(loop_variable(after));
                    } else {
                        // A loop that runs until a condition: no fixed
                        // iteration to read.
                        path.readable = false;
                    }
                    false
                }
                _ => false,
            };
            if word != "for" && word != "foreach" {
                opened = Some(on && outer);
            }
            if !(on && outer) {
                path.off.push(segment.clone());
            } else {
                // The keyword itself (and the colon after it) is not a
                // statement.
                let rest = &text[whole.end()..seg_end];
                let colon = rest
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '\\' || c == '~')
                    .strip_prefix(':')
                    .map_or(0, |r| rest.len() - r.len());
                path.off
                    .push(segment.start..row.range.start + whole.end() + colon);
            }
        }
        // A keyword row opens a block for the deeper rows below it.
        if let Some(on) = opened {
            blocks.push((row.indent, on));
        }
    }
    path
}

/// Whether an `if` condition tests a flag: a word (`\textbf{if
/// centered}`, `\textbf{if}\ \mathrm{amsgrad}`), no relation of values.
fn is_flag(in_keyword: &str, after: &str) -> bool {
    let math_part = after.split(':').next().unwrap_or("");
    if math::only_layout(math_part) {
        return !in_keyword.trim().is_empty();
    }
    let formula = math::parse_formula(math_part);
    matches!(formula.statements.first(), Some(Ok(cond))
        if cond.links.is_empty() && matches!(cond.head.kind, ExprKind::Symbol(_)))
}

/// Whether an `if` condition (the keyword's own text after the word, and
/// the math after the keyword up to `:`) tests an option: a word
/// (`nesterov`, `amsgrad`), or a relation of hyperparameters (`\lambda
/// \neq 0`) that mentions neither a loop variable nor a quantity the rule
/// assigns.
fn option_condition(
    in_keyword: &str,
    after: &str,
    targets: &BTreeSet<BaseKey>,
    loop_vars: &BTreeSet<BaseKey>,
) -> bool {
    let math_part = after.split(':').next().unwrap_or("");
    if math::only_layout(math_part) {
        // `\textbf{if nesterov}:` or `\textbf{if}` with the option's name
        // inside the bold text.
        return !in_keyword.trim().is_empty();
    }
    let formula = math::parse_formula(math_part);
    let Some(Ok(cond)) = formula.statements.first() else {
        return false;
    };
    if cond.links.is_empty() {
        // `\textbf{if}\ \mathrm{nesterov}`: a flag.
        return matches!(cond.head.kind, ExprKind::Symbol(_));
    }
    let bases = uses_all(cond.sides()).bases();
    !bases
        .iter()
        .any(|b| targets.contains(b) || loop_vars.contains(b))
}

/// The variable a `for` header counts with (`t` in `for t = 1, 2, …`).
fn loop_variable(after: &str) -> Option<BaseKey> {
    let formula = math::parse_formula(after);
    let first = formula.statements.first()?.as_ref().ok()?;
    match &first.head.kind {
        ExprKind::Symbol(s) if !first.links.is_empty() => Some(s.base.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(names: &[&str]) -> BTreeSet<BaseKey> {
        names.iter().map(|n| BaseKey::plain(n)).collect()
    }

    /// The text of the off-path ranges, trimmed.
    fn off(latex: &str, t: &[&str]) -> (Vec<String>, bool) {
        let p = default_path(latex, &targets(t));
        let texts = p
            .off
            .iter()
            .map(|r| latex[r.clone()].trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        (texts, p.readable)
    }

    #[test]
    fn plain_formulas_are_on_the_path() {
        let p = default_path(r"m_t = \beta m_{t-1} + g_t", &targets(&["m"]));
        assert!(p.off.is_empty() && p.readable && !p.is_off(0));
    }

    #[test]
    fn option_branches_are_off_and_else_is_on() {
        let src = r"&\textbf{for}\ t = 1, 2, \ldots \\ &\quad g_t \leftarrow \nabla f(\theta_{t-1}) \\ &\quad \textbf{if}\ \lambda \neq 0: \quad g_t \leftarrow g_t + \lambda \theta_{t-1} \\ &\quad \textbf{if amsgrad}: \quad a_t \leftarrow 1 \quad \textbf{else}: \quad v_t \leftarrow 2 \\ &\quad \theta_t \leftarrow \theta_{t-1} - g_t";
        let p = default_path(src, &targets(&["g", "theta", "v", "a"]));
        assert!(!p.off.is_empty() && p.readable);
        let at = |needle: &str| src.find(needle).unwrap();
        assert!(p.is_off(at("t = 1")));
        assert!(!p.is_off(at(r"g_t \leftarrow \nabla")));
        assert!(p.is_off(at(r"g_t \leftarrow g_t + \lambda")));
        assert!(p.is_off(at(r"a_t \leftarrow")));
        assert!(!p.is_off(at(r"v_t \leftarrow 2")));
        assert!(!p.is_off(at(r"\theta_t \leftarrow")));
    }

    #[test]
    fn flag_branches_are_told_from_value_branches() {
        let src = r"&\quad \textbf{if}\ \lambda \neq 0: \quad g \leftarrow g + \lambda w \\ &\quad \textbf{if centered}: \quad s \leftarrow s - a^2 \\ &\quad \textbf{if}\ \mathrm{amsgrad}: \\ &\qquad v \leftarrow 1 \\ &\quad w \leftarrow w - g";
        let p = default_path(src, &targets(&["g", "s", "v", "w"]));
        let at = |needle: &str| src.find(needle).unwrap();
        assert!(p.is_off(at(r"g \leftarrow g")) && !p.is_flag_branch(at(r"g \leftarrow g")));
        assert!(p.is_flag_branch(at(r"s \leftarrow")));
        assert!(p.is_flag_branch(at(r"v \leftarrow 1")));
        assert!(!p.is_flag_branch(at(r"w \leftarrow w")) && !p.is_off(at(r"w \leftarrow w")));
    }

    #[test]
    fn keywords_in_other_languages() {
        let src = r"&\textbf{pour}\ k = 1, 2, \ldots \\ &\quad \textbf{si}\ \mathrm{nesterov}: \quad a \leftarrow 1 \quad \textbf{sinon}: \quad b \leftarrow 2";
        let p = default_path(src, &targets(&["a", "b"]));
        assert!(p.readable);
        assert!(p.is_off(src.find("k = 1").unwrap()));
        assert!(p.is_off(src.find(r"a \leftarrow").unwrap()));
        assert!(!p.is_off(src.find(r"b \leftarrow").unwrap()));
    }

    #[test]
    fn indented_blocks_follow_their_if() {
        let src = r"&\quad \textbf{if}\ \mu \neq 0: \\ &\qquad b_t \leftarrow \mu b_{t-1} + g_t \\ &\quad \theta_t \leftarrow \theta_{t-1} - g_t";
        let (texts, readable) = off(src, &["b", "theta"]);
        assert!(readable);
        assert!(texts.iter().any(|t| t.contains(r"b_t \leftarrow")));
        assert!(!texts.iter().any(|t| t.contains(r"\theta_t \leftarrow")));
    }

    #[test]
    fn a_branch_on_the_counter_or_a_state_has_no_default_path() {
        let counter = r"&\textbf{for}\ t = 1, 2, \ldots \\ &\quad \textbf{if}\ t > 1: \quad b_t \leftarrow b_{t-1} + g_t \quad \textbf{else}: \quad b_t \leftarrow g_t";
        assert!(!off(counter, &["b"]).1);
        let state = r"\textbf{if}\ g_t > 0: \quad x \leftarrow x - 1";
        assert!(!off(state, &["g", "x"]).1);
    }
}
