//! Cutting one formula's tokens into statements.
//!
//! At the outer level (outside every bracket, brace and matrix), a
//! statement ends at `\\`, at the start or end of an alignment environment
//! (`split`, `aligned`, `align`, `gathered`, `array` …), at an arrow
//! (`\Rightarrow`, `\rightarrow`, `\to`, `\implies` …; `\leftarrow` and
//! `\gets` are assignments, relations of their statement), at `\quad`, at a
//! comma or semicolon, at `\text{…}`, and at `\forall`. `&` is dropped
//! there. Inside a subscript such as `\lim_{k \to \infty}` nothing splits.
use super::ast::Sep;
use super::lexer::{Tok, Token};
use super::normalise::is_align_env;

/// The tokens of one statement and what separated it from the previous one.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) sep: Sep,
    pub(crate) toks: Vec<Token>,
}

/// What an arrow command separates as, if it is one.
fn arrow_sep(c: &str) -> Option<Sep> {
    Some(match c {
        "Rightarrow" | "Longrightarrow" | "implies" | "therefore" | "iff" | "Leftrightarrow"
        | "Longleftrightarrow" => Sep::Implies,
        "rightarrow" | "to" | "longrightarrow" | "Leftarrow" | "leftrightarrow" | "mapsto"
        | "hookrightarrow" | "rightsquigarrow" | "leadsto" | "uparrow" | "downarrow"
        | "Uparrow" | "Downarrow" | "nearrow" | "searrow" | "because" => Sep::Arrow,
        _ => return None,
    })
}

/// Splits normalised tokens into statement segments (empty ones dropped).
pub(crate) fn split(toks: Vec<Token>) -> Vec<Segment> {
    let mut segs = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    let mut sep = Sep::Start;
    let mut depth = 0usize;
    let mut flush = |cur: &mut Vec<Token>, sep: &mut Sep, next: Sep| {
        if cur.iter().all(|t| t.tok == Tok::Char('.')) {
            cur.clear();
            if *sep != Sep::Row {
                *sep = next;
            }
        } else {
            segs.push(Segment {
                sep: *sep,
                toks: std::mem::take(cur),
            });
            *sep = next;
        }
    };
    let mut iter = toks.into_iter().peekable();
    while let Some(t) = iter.next() {
        match &t.tok {
            Tok::Begin(env) if depth == 0 && is_align_env(env) => {
                flush(&mut cur, &mut sep, Sep::Row);
                let spec = matches!(env.trim_end_matches('*'), "array" | "alignat" | "alignedat");
                if spec && iter.peek().is_some_and(|n| n.tok == Tok::Char('{')) {
                    let mut d = 0usize;
                    for n in iter.by_ref() {
                        match n.tok {
                            Tok::Char('{') => d += 1,
                            Tok::Char('}') => {
                                d -= 1;
                                if d == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                continue;
            }
            Tok::End(env) if depth == 0 && is_align_env(env) => {
                flush(&mut cur, &mut sep, Sep::Row);
                continue;
            }
            Tok::Begin(_) | Tok::Char('(' | '[' | '{') | Tok::LSet => depth += 1,
            Tok::End(_) | Tok::Char(')' | ']' | '}') | Tok::RSet => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            Tok::RowBreak => {
                flush(&mut cur, &mut sep, Sep::Row);
                continue;
            }
            Tok::Char('&') => continue,
            Tok::Quad(_) => {
                flush(&mut cur, &mut sep, Sep::Quad);
                continue;
            }
            Tok::Text(_) => {
                flush(&mut cur, &mut sep, Sep::Text);
                continue;
            }
            Tok::Char(',' | ';') => {
                flush(&mut cur, &mut sep, Sep::Comma);
                continue;
            }
            Tok::Cmd(c) if c == "forall" => {
                flush(&mut cur, &mut sep, Sep::ForAll);
                continue;
            }
            Tok::Cmd(c) if arrow_sep(c).is_some() => {
                let next = arrow_sep(c).unwrap_or(Sep::Arrow);
                flush(&mut cur, &mut sep, next);
                continue;
            }
            _ => {}
        }
        cur.push(t);
    }
    flush(&mut cur, &mut sep, Sep::Row);
    segs
}
