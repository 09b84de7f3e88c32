//! When a text or roman font writes a symbol rather than prose.
//!
//! - One letter (or one Greek letter) in a bold, italic, sans or typewriter
//!   text font is that symbol: `\textbf{b}_t` is `b_t`, as `\mathbf{b}_t`
//!   is. In `\text{…}` / `\textrm{…}` one letter is a symbol where an
//!   operand stands (`\text{x} + 1`, `\text{d}_t`).
//! - A word without spaces (`lr`, `learning\_rate`, `v2`) in any text font
//!   is a multi-letter name where an operand stands next to an operator or
//!   a script: `\text{lr} \cdot g`, `x - \text{lr}`, `\textbf{m}_t`. Words
//!   between prose neighbours (`\text{for all } t`, `& \text{otherwise}`)
//!   stay annotations.
//! - Inside a subscript or superscript (`w_{\text{la}}`) the text is left
//!   alone: the parser reads it as a label.
use super::super::lexer::{Tok, Token};
use super::super::symbols::greek_name;
use super::SIZING;

/// Text fonts whose single letter is always a symbol (outside scripts).
const SYMBOL_TEXT_FONTS: &[&str] = &["textbf", "textit", "textsf", "texttt"];

/// Text commands that never write a symbol.
const PROSE_ONLY: &[&str] = &["textcircled", "intertext"];

/// How a text command at some index reads when it writes a symbol.
pub(super) enum TextSymbol {
    /// Drop the command and its braces; the one token inside is the symbol.
    Unwrap,
    /// The group is one multi-letter name; `end` is the index after its `}`.
    Name {
        /// The name, with `\_` written as `_`.
        word: String,
        /// One past the closing brace.
        end: usize,
    },
}

/// Whether the text command at `i` (`toks[i]` is `Tok::Cmd(name)`) writes a
/// symbol; `None` keeps it an annotation. `drop` and `replace` are the
/// normaliser's decisions so far (for the tokens before `i`).
pub(super) fn text_as_symbol(
    src: &str,
    toks: &[Token],
    matches: &[usize],
    drop: &[bool],
    replace: &[Option<Token>],
    i: usize,
) -> Option<TextSymbol> {
    let Tok::Cmd(name) = &toks[i].tok else {
        return None;
    };
    if PROSE_ONLY.contains(&name.as_str()) {
        return None;
    }
    let open = i + 1;
    if toks.get(open)?.tok != Tok::Char('{') {
        return None;
    }
    let close = *matches.get(open)?;
    if close >= toks.len() {
        return None;
    }
    let raw = &src[toks[open].span.end..toks[close].span.start];
    if raw.is_empty() || raw.chars().any(char::is_whitespace) {
        return None;
    }
    let effective = |k: usize| replace[k].as_ref().map_or(&toks[k].tok, |t| &t.tok);
    let before = |at: usize| (0..at).rev().find(|&k| !drop[k]);
    let prev_at = before(i);
    let prev = prev_at.map(effective);
    if matches!(prev, Some(Tok::Char('_' | '^')))
        || (matches!(prev, Some(Tok::Char('{')))
            && prev_at
                .and_then(before)
                .is_some_and(|k| matches!(effective(k), Tok::Char('_' | '^'))))
    {
        return None;
    }
    let mut after = close + 1;
    while matches!(toks.get(after), Some(Token { tok: Tok::Cmd(c), .. }) if SIZING.contains(&c.as_str()))
    {
        after += 1;
    }
    let next = toks.get(after).map(|t| &t.tok);
    let script_next = matches!(next, Some(Tok::Char('_' | '^')));
    let inner = &toks[open + 1..close];
    let single = match inner {
        [
            Token {
                tok: Tok::Letter(_),
                ..
            },
        ] => true,
        [
            Token {
                tok: Tok::Cmd(c), ..
            },
        ] => greek_name(c).is_some(),
        _ => false,
    };
    if single {
        let operand = script_next || (opens(prev) && closes(next));
        return (SYMBOL_TEXT_FONTS.contains(&name.as_str()) || operand)
            .then_some(TextSymbol::Unwrap);
    }
    let word = word_of(src, inner)?;
    let operand = script_next
        || (opens(prev) && closes(next) && (prev.is_some_and(is_op) || next.is_some_and(is_op)));
    operand.then_some(TextSymbol::Name {
        word,
        end: close + 1,
    })
}

/// The name a group of tokens spells: letters, digits after the first
/// letter, `\_`, and Greek names written as plain letters (`beta\_1`);
/// two characters or more. `None` for anything else (spaces were
/// rejected by the caller; commands, operators and numbers with a point
/// are not part of a name).
pub(super) fn word_of(src: &str, inner: &[Token]) -> Option<String> {
    let mut word = String::new();
    for t in inner {
        match &t.tok {
            Tok::Letter(c) => word.push(*c),
            Tok::Number(n) if !word.is_empty() && !n.contains('.') => word.push_str(n),
            Tok::Unknown('_') if !word.is_empty() => word.push('_'),
            Tok::Cmd(c) if greek_name(c).is_some() && !src[t.span.range()].starts_with('\\') => {
                word.push_str(c)
            }
            _ => return None,
        }
    }
    (word.chars().count() >= 2).then_some(word)
}

/// An arithmetic operator or a relation.
fn is_op(t: &Tok) -> bool {
    match t {
        Tok::Char('+' | '-' | '*' | '/' | '=' | '<' | '>') => true,
        Tok::Cmd(c) => {
            super::super::parser::is_relation_token(t)
                || matches!(
                    c.as_str(),
                    "cdot" | "times" | "odot" | "div" | "oslash" | "circ" | "pm" | "mp"
                )
        }
        _ => false,
    }
}

/// Whether an operand may start right after `prev` (`None`: the start).
fn opens(prev: Option<&Tok>) -> bool {
    match prev {
        None => true,
        Some(t) => {
            is_op(t)
                || matches!(
                    t,
                    Tok::Char('(' | '[' | '{' | '&' | ',' | ';')
                        | Tok::RowBreak
                        | Tok::Quad(_)
                        | Tok::Text(_)
                        | Tok::Begin(_)
                )
        }
    }
}

/// Whether an operand may end right before `next` (`None`: the end).
fn closes(next: Option<&Tok>) -> bool {
    match next {
        None => true,
        Some(t) => {
            is_op(t)
                || matches!(
                    t,
                    Tok::Char(')' | ']' | '}' | '&' | ',' | ';' | '.')
                        | Tok::RowBreak
                        | Tok::Quad(_)
                        | Tok::End(_)
                )
                || matches!(t, Tok::Cmd(c) if super::TEXT.contains(&c.as_str()))
        }
    }
}
