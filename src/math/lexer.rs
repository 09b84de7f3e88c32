//! Splitting LaTeX into tokens with byte spans.
//!
//! Unicode is mapped to its LaTeX meaning here (`β` → `\beta`, `−` → `-`,
//! `·` → `\cdot`, `⌈` → `\lceil`, `²` → `^{2}`, `₁` → `_{1}`), so later stages see one
//! spelling. A run of ASCII letters that spells a Greek name (`rho`,
//! `beta`) becomes that Greek command; other runs are single letters, as in
//! TeX. Spacing commands and `%` comments are dropped.
use super::ast::Span;
use super::symbols::{greek_char, greek_name};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// `\name` (letters only), without the backslash.
    Cmd(String),
    /// One ASCII letter.
    Letter(char),
    /// A multi-letter name from `\mathrm{lr}` / `\operatorname{lr}` (made by the normaliser).
    Name(String),
    /// Digits with an optional fractional part.
    Number(String),
    /// One punctuation or operator character.
    Char(char),
    /// `\|`, `||`, `‖`, `\Vert`.
    DoubleBar,
    /// `\{`.
    LSet,
    /// `\}`.
    RSet,
    /// `\%`.
    Percent,
    /// `\\`.
    RowBreak,
    /// `\dots`, `...`, `..`, `…`.
    Ellipsis,
    /// `\begin{name}`.
    Begin(String),
    /// `\end{name}`.
    End(String),
    /// `\quad` (width 1) or `\qquad` (width 2), in quads: a wide space
    /// that separates statements and indents pseudo-code rows.
    Quad(u8),
    /// `\text{…}` and friends (made by the normaliser): an annotation.
    Text(String),
    /// A character no rule knows.
    Unknown(char),
}

/// A token and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) span: Span,
}

/// Tokenises `src`; never fails (unknown characters become [`Tok::Unknown`]).
pub(crate) fn lex(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    // Open `{` groups, innermost last: whether each is a subscript `_{`.
    let mut groups: Vec<bool> = Vec::new();
    while i < src.len() {
        let c = src[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        let push = |out: &mut Vec<Token>, tok: Tok, s: usize, e: usize| {
            out.push(Token {
                tok,
                span: Span::new(s, e),
            })
        };
        match c {
            '\\' => i = lex_command(src, i, &mut out),
            '%' => {
                while i < src.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < src.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let mut text = src[start..i].to_string();
                // Not in an index (`x_{1,000}` lists indices) nor as a bare
                // script, where TeX takes one digit (`x^1,000`).
                let script = groups.contains(&true)
                    || matches!(
                        out.last(),
                        Some(Token {
                            tok: Tok::Char('^' | '_'),
                            ..
                        })
                    );
                if !script && let Some(end) = thousands_end(bytes, start, i) {
                    text = src[start..end].replace(',', "");
                    i = end;
                }
                if i + 1 < src.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                    let point = i;
                    i += 1;
                    while i < src.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    text.push_str(&src[point..i]);
                }
                push(&mut out, Tok::Number(text), start, i);
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < src.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let run = &src[start..i];
                match greek_name(run) {
                    Some(_) if run.len() >= 2 && !run.starts_with("var") => {
                        push(&mut out, Tok::Cmd(run.to_string()), start, i)
                    }
                    _ => {
                        for (k, ch) in run.char_indices() {
                            push(&mut out, Tok::Letter(ch), start + k, start + k + 1);
                        }
                    }
                }
            }
            '.' => {
                let start = i;
                while i < src.len() && bytes[i] == b'.' {
                    i += 1;
                }
                let tok = if i - start >= 2 {
                    Tok::Ellipsis
                } else {
                    Tok::Char('.')
                };
                push(&mut out, tok, start, i);
            }
            '|' if bytes.get(i + 1) == Some(&b'|') => {
                push(&mut out, Tok::DoubleBar, i, i + 2);
                i += 2;
            }
            c if c.is_whitespace() || c == '~' => i += len,
            c if superscript_digit(c).is_some() || subscript_digit(c).is_some() => {
                i = lex_script_run(src, i, &mut out);
            }
            c => {
                let tok = unicode_token(c);
                match tok {
                    Tok::Char('{') => groups.push(matches!(
                        out.last(),
                        Some(Token {
                            tok: Tok::Char('_'),
                            ..
                        })
                    )),
                    Tok::Char('}') => {
                        groups.pop();
                    }
                    _ => {}
                }
                push(&mut out, tok, i, i + len);
                i += len;
            }
        }
    }
    out
}

/// Where a number written with thousands separators (`16,384`,
/// `1,000,000`) ends, given its leading digits at `start..digits_end`:
/// one to three digits, then one or more groups of `,` and exactly three
/// digits, each comma directly followed by its digits. `None` (read the
/// digits alone) when there is no such group, or when the digits sit in a
/// comma list written without spaces (`1,2,345`, `1,000,0`), where the
/// commas separate items.
fn thousands_end(bytes: &[u8], start: usize, digits_end: usize) -> Option<usize> {
    let digit = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    if digits_end - start > 3 || (start > 0 && bytes[start - 1] == b',') {
        return None;
    }
    let mut end = digits_end;
    while bytes.get(end) == Some(&b',')
        && digit(end + 1)
        && digit(end + 2)
        && digit(end + 3)
        && !digit(end + 4)
    {
        end += 4;
    }
    let list_follows = bytes.get(end) == Some(&b',') && digit(end + 1);
    (end > digits_end && !list_follows).then_some(end)
}

/// The token of one non-ASCII-letter, non-digit character.
fn unicode_token(c: char) -> Tok {
    if let Some(name) = greek_char(c) {
        return Tok::Cmd(name.to_string());
    }
    let cmd = match c {
        '∇' => "nabla",
        '∂' => "partial",
        '·' | '⋅' | '∙' => "cdot",
        '×' => "times",
        '⊙' => "odot",
        '≈' => "approx",
        '≤' | '⩽' => "le",
        '≥' | '⩾' => "ge",
        '≠' => "ne",
        '∞' => "infty",
        '∑' => "sum",
        '∏' => "prod",
        '√' => "sqrt",
        '∈' => "in",
        '∝' => "propto",
        '→' | '⟶' => "rightarrow",
        '⇒' | '⟹' => "Rightarrow",
        '←' => "leftarrow",
        '∀' => "forall",
        '⊤' => "top",
        '≪' => "ll",
        '≫' => "gg",
        '∼' => "sim",
        '⊆' => "subseteq",
        '↳' => "hookrightarrow",
        '↑' => "uparrow",
        '↓' => "downarrow",
        '⌈' => "lceil",
        '⌉' => "rceil",
        '⌊' => "lfloor",
        '⌋' => "rfloor",
        _ => "",
    };
    if !cmd.is_empty() {
        return Tok::Cmd(cmd.to_string());
    }
    match c {
        '−' | '–' | '—' => Tok::Char('-'),
        '′' => Tok::Char('\''),
        '…' | '⋯' => Tok::Ellipsis,
        '‖' => Tok::DoubleBar,
        c if "+-*/=<>()[]{}^_&,;:|'!?".contains(c) => Tok::Char(c),
        c => Tok::Unknown(c),
    }
}

/// Lexes `\…` at byte `i`; returns the index after it.
fn lex_command(src: &str, i: usize, out: &mut Vec<Token>) -> usize {
    let bytes = src.as_bytes();
    let start = i;
    let mut j = i + 1;
    if j >= src.len() {
        out.push(Token {
            tok: Tok::Unknown('\\'),
            span: Span::new(start, j),
        });
        return j;
    }
    if !bytes[j].is_ascii_alphabetic() {
        let c = src[j..].chars().next().unwrap_or(' ');
        let end = j + c.len_utf8();
        let tok = match c {
            '\\' => Some(Tok::RowBreak),
            '|' => Some(Tok::DoubleBar),
            '{' => Some(Tok::LSet),
            '}' => Some(Tok::RSet),
            '%' => Some(Tok::Percent),
            ',' | ';' | ':' | '!' | ' ' | '>' | '\n' | '\t' => None,
            c => Some(Tok::Unknown(c)),
        };
        if let Some(tok) = tok {
            out.push(Token {
                tok,
                span: Span::new(start, end),
            });
        }
        return end;
    }
    while j < src.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    let name = &src[i + 1..j];
    // `\begin{env}` / `\end{env}` (allowing `align*`).
    if name == "begin" || name == "end" {
        let mut k = j;
        while k < src.len() && bytes[k] == b' ' {
            k += 1;
        }
        if k < src.len()
            && bytes[k] == b'{'
            && let Some(close) = src[k..].find('}')
        {
            let env = src[k + 1..k + close].trim().to_string();
            let end = k + close + 1;
            let tok = if name == "begin" {
                Tok::Begin(env)
            } else {
                Tok::End(env)
            };
            out.push(Token {
                tok,
                span: Span::new(start, end),
            });
            return end;
        }
    }
    let tok = match name {
        "dots" | "ldots" | "cdots" | "vdots" | "ddots" | "dotsc" | "dotsb" => Some(Tok::Ellipsis),
        "Vert" | "lVert" | "rVert" => Some(Tok::DoubleBar),
        "vert" | "lvert" | "rvert" | "mid" => Some(Tok::Char('|')),
        "lbrace" => Some(Tok::LSet),
        "rbrace" => Some(Tok::RSet),
        "lbrack" => Some(Tok::Char('[')),
        "rbrack" => Some(Tok::Char(']')),
        "quad" => Some(Tok::Quad(1)),
        "qquad" => Some(Tok::Quad(2)),
        "enspace" | "thinspace" | "medspace" | "thickspace" | "negthinspace" | "nobreak"
        | "displaystyle" | "textstyle" | "scriptstyle" | "mathstrut" | "strut" | "limits"
        | "nolimits" | "nonumber" | "notag" => None,
        "lt" => Some(Tok::Char('<')),
        "gt" => Some(Tok::Char('>')),
        "ast" => Some(Tok::Char('*')),
        _ => Some(Tok::Cmd(name.to_string())),
    };
    if let Some(tok) = tok {
        out.push(Token {
            tok,
            span: Span::new(start, j),
        });
    }
    j
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        '⁺' => '+',
        'ᵀ' => 'T',
        _ => return None,
    })
}

fn subscript_digit(c: char) -> Option<char> {
    Some(match c {
        '₀' => '0',
        '₁' => '1',
        '₂' => '2',
        '₃' => '3',
        '₄' => '4',
        '₅' => '5',
        '₆' => '6',
        '₇' => '7',
        '₈' => '8',
        '₉' => '9',
        '₋' => '-',
        '₊' => '+',
        _ => return None,
    })
}

/// Lexes a run of Unicode super- or subscript characters as `^{…}` / `_{…}`.
fn lex_script_run(src: &str, i: usize, out: &mut Vec<Token>) -> usize {
    let first = src[i..].chars().next().unwrap_or(' ');
    let sup = superscript_digit(first).is_some();
    let map = |c: char| {
        if sup {
            superscript_digit(c)
        } else {
            subscript_digit(c)
        }
    };
    let mut j = i;
    let mut chars = Vec::new();
    for c in src[i..].chars() {
        match map(c) {
            Some(m) => {
                chars.push((j, c.len_utf8(), m));
                j += c.len_utf8();
            }
            None => break,
        }
    }
    let tok = |tok: Tok, s: usize, e: usize| Token {
        tok,
        span: Span::new(s, e),
    };
    out.push(tok(Tok::Char(if sup { '^' } else { '_' }), i, i));
    out.push(tok(Tok::Char('{'), i, i));
    for (at, len, m) in chars {
        let t = if m.is_ascii_digit() {
            Tok::Number(m.to_string())
        } else if m.is_ascii_alphabetic() {
            Tok::Letter(m)
        } else {
            Tok::Char(m)
        };
        out.push(tok(t, at, at + len));
    }
    out.push(tok(Tok::Char('}'), j, j));
    j
}

#[cfg(test)]
mod tests;
