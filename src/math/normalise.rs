//! A token pass that removes what only changes how a formula looks, so the
//! parser sees the mathematics.
//!
//! - Wrappers are unwrapped: `\boxed{x}`, `\underline{x}`, `\cancel{x}` → `x`;
//!   `\underbrace{x}_{note}` and `\overbrace{x}^{note}` → `x`;
//!   `\underset{a}{x}`, `\overset{a}{x}`, `\textcolor{c}{x}` → `x`.
//! - Text becomes one [`Tok::Text`] annotation: `\text{…}`, `\textbf{…}`,
//!   `\mbox{…}`, `\textcircled{…}`; `\tag`, `\label`, `\phantom`, `\color`
//!   and `\hspace` are dropped. Text that writes a symbol is not an
//!   annotation (see `fonts`): `\textbf{b}_t` is `b_t`, `\text{lr} \cdot g`
//!   is the name `lr` times `g`.
//! - Sizing goes: `\left`, `\right`, `\big`, `\Big`, … are removed (their
//!   delimiter stays); `\left.` / `\right.` vanish entirely, and so do the
//!   delimiters of `\left\{ \begin{array} … \end{array} \right.` around an
//!   alignment environment.
//! - `\mathrm{lr}` / `\operatorname{argmin}` / `\operatorname*{argmin}` /
//!   `\mathrm{learning\_rate}` (a word of two or more characters, in any
//!   roman, bold, sans or typewriter math font) become one [`Tok::Name`];
//!   `\mathop{…}` is its content; `\xrightarrow{…}` becomes `\rightarrow`.
use super::ast::Span;
use super::lexer::{Tok, Token};

mod fonts;

/// Environments whose rows are statements.
pub(crate) fn is_align_env(name: &str) -> bool {
    matches!(
        name.trim_end_matches('*'),
        "split"
            | "aligned"
            | "align"
            | "alignat"
            | "alignedat"
            | "gathered"
            | "gather"
            | "eqnarray"
            | "array"
            | "equation"
            | "multline"
            | "flalign"
    )
}

pub(super) const SIZING: &[&str] = &[
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "bigm", "Bigm", "middle",
];
const UNWRAP: &[&str] = &[
    "boxed",
    "underline",
    "cancel",
    "bcancel",
    "xcancel",
    "smash",
    "fbox",
    "mathclap",
    "mathllap",
    "mathrlap",
    "ensuremath",
];
pub(super) const TEXT: &[&str] = &[
    "text",
    "textrm",
    "textbf",
    "textit",
    "textsf",
    "texttt",
    "textnormal",
    "textup",
    "mbox",
    "hbox",
    "textcircled",
    "emph",
    "intertext",
];
const DROP_WITH_ARG: &[&str] = &[
    "tag", "label", "phantom", "hphantom", "vphantom", "color", "hspace", "vspace", "kern",
];
const NAME_FONTS: &[&str] = &[
    "mathrm",
    "operatorname",
    "mathit",
    "mathsf",
    "mathbf",
    "mathtt",
    "bm",
    "boldsymbol",
    "mathop",
];

/// For each `{`, the index of its matching `}` (or `toks.len()` if unclosed).
fn brace_matches(toks: &[Token]) -> Vec<usize> {
    let mut matches = vec![usize::MAX; toks.len()];
    let mut stack = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Char('{') => stack.push(i),
            Tok::Char('}') => {
                if let Some(open) = stack.pop() {
                    matches[open] = i;
                }
            }
            _ => {}
        }
    }
    for open in stack {
        matches[open] = toks.len();
    }
    matches
}

/// The index just after the argument that starts at `i` (a brace group or
/// one token); `i` itself when there is none.
fn arg_end(toks: &[Token], matches: &[usize], i: usize) -> usize {
    match toks.get(i) {
        None => i,
        Some(t) if t.tok == Tok::Char('{') => (matches[i] + 1).min(toks.len()),
        Some(_) => i + 1,
    }
}

/// Runs the pass over lexed tokens of `src`.
pub(crate) fn normalise(src: &str, toks: Vec<Token>) -> Vec<Token> {
    let matches = brace_matches(&toks);
    let n = toks.len();
    let mut drop = vec![false; n];
    let mut replace: Vec<Option<Token>> = vec![None; n];
    let unwrap = |drop: &mut Vec<bool>, at: usize| {
        if at < n && toks[at].tok == Tok::Char('{') {
            drop[at] = true;
            if matches[at] < n {
                drop[matches[at]] = true;
            }
        }
    };
    let mut i = 0;
    while i < n {
        if drop[i] {
            i += 1;
            continue;
        }
        let Tok::Cmd(name) = &toks[i].tok else {
            i += 1;
            continue;
        };
        let name = name.as_str();
        if SIZING.contains(&name) {
            drop[i] = true;
            let next = i + 1;
            if let Some(t) = toks.get(next) {
                let null = t.tok == Tok::Char('.');
                let before_env = matches!(toks.get(next + 1), Some(Token { tok: Tok::Begin(e), .. }) if is_align_env(e));
                let after_env = name == "right"
                    && (0..i)
                        .rev()
                        .find(|&k| !drop[k])
                        .is_some_and(|k| matches!(&toks[k].tok, Tok::End(e) if is_align_env(e)));
                if null || (name == "left" && before_env) || after_env {
                    drop[next] = true;
                }
            }
            i += 1;
        } else if UNWRAP.contains(&name) {
            drop[i] = true;
            unwrap(&mut drop, i + 1);
            i += 1;
        } else if name == "underbrace" || name == "overbrace" {
            drop[i] = true;
            let end = arg_end(&toks, &matches, i + 1);
            unwrap(&mut drop, i + 1);
            if matches!(
                toks.get(end),
                Some(Token {
                    tok: Tok::Char('_' | '^'),
                    ..
                })
            ) {
                let note_end = arg_end(&toks, &matches, end + 1);
                drop[end..note_end].iter_mut().for_each(|d| *d = true);
            }
            i += 1;
        } else if matches!(name, "underset" | "overset" | "stackrel" | "textcolor") {
            let first_end = arg_end(&toks, &matches, i + 1);
            drop[i..first_end].iter_mut().for_each(|d| *d = true);
            unwrap(&mut drop, first_end);
            i = first_end;
        } else if TEXT.contains(&name)
            && let Some(reading) = fonts::text_as_symbol(src, &toks, &matches, &drop, &replace, i)
        {
            match reading {
                fonts::TextSymbol::Unwrap => {
                    drop[i] = true;
                    unwrap(&mut drop, i + 1);
                    i += 1;
                }
                fonts::TextSymbol::Name { word, end } => {
                    drop[i + 1..end].iter_mut().for_each(|d| *d = true);
                    replace[i] = Some(Token {
                        tok: Tok::Name(word),
                        span: Span::new(toks[i].span.start, toks[end - 1].span.end),
                    });
                    i = end;
                }
            }
        } else if TEXT.contains(&name) || DROP_WITH_ARG.contains(&name) {
            let end = arg_end(&toks, &matches, i + 1);
            let span = Span::new(toks[i].span.start, toks[end.max(i + 1) - 1].span.end);
            drop[i..end.max(i + 1)].iter_mut().for_each(|d| *d = true);
            if TEXT.contains(&name) {
                let inner = if end > i + 2 && toks[i + 1].tok == Tok::Char('{') {
                    let s = toks[i + 1].span.end;
                    let e = toks[end - 1].span.start.max(s);
                    src[s..e].trim().to_string()
                } else {
                    src[toks[i].span.end..span.end].trim().to_string()
                };
                drop[i] = false;
                replace[i] = Some(Token {
                    tok: Tok::Text(inner),
                    span,
                });
            }
            i = end.max(i + 1);
        } else if matches!(
            name,
            "xrightarrow" | "xleftarrow" | "xRightarrow" | "xmapsto"
        ) {
            let mut end = i + 1;
            if matches!(
                toks.get(end),
                Some(Token {
                    tok: Tok::Char('['),
                    ..
                })
            ) {
                while end < n && toks[end].tok != Tok::Char(']') {
                    end += 1;
                }
                end += 1;
            }
            let end = arg_end(&toks, &matches, end.min(n));
            drop[i + 1..end].iter_mut().for_each(|d| *d = true);
            replace[i] = Some(Token {
                tok: Tok::Cmd("rightarrow".to_string()),
                span: Span::new(toks[i].span.start, toks[end - 1].span.end),
            });
            i = end;
        } else if NAME_FONTS.contains(&name) {
            // `\operatorname*{argmin}`: the star only moves the limits.
            let at = if name == "operatorname"
                && toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::Char('*'))
            {
                drop[i + 1] = true;
                i + 2
            } else {
                i + 1
            };
            if let Some(word) = letters_group(src, &toks, &matches, at) {
                let end = arg_end(&toks, &matches, at);
                drop[i + 1..end].iter_mut().for_each(|d| *d = true);
                replace[i] = Some(Token {
                    tok: Tok::Name(word),
                    span: Span::new(toks[i].span.start, toks[end - 1].span.end),
                });
                i = end;
            } else if name == "mathop" {
                // `\mathop{\mathrm{sgn}}`: the operator written inside.
                drop[i] = true;
                unwrap(&mut drop, at);
                i += 1;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    toks.into_iter()
        .enumerate()
        .filter_map(|(k, t)| {
            if let Some(r) = replace[k].take() {
                Some(r)
            } else if drop[k] {
                None
            } else {
                Some(t)
            }
        })
        .collect()
}

/// The name a brace group spells (`{lr}`, `{argmin}`, `{learning\_rate}`,
/// `{v2}`; see [`fonts::word_of`]), else `None`: one letter, or one Greek
/// letter (`\mathbf{\theta}`), is a symbol in that font, not a name.
fn letters_group(src: &str, toks: &[Token], matches: &[usize], at: usize) -> Option<String> {
    if toks.get(at)?.tok != Tok::Char('{') {
        return None;
    }
    let close = *matches.get(at)?;
    let inner = toks.get(at + 1..close)?;
    if let [t] = inner
        && matches!(&t.tok, Tok::Cmd(c) if super::symbols::greek_name(c).is_some())
    {
        return None;
    }
    fonts::word_of(src, inner)
}

#[cfg(test)]
mod tests;
