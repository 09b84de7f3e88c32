//! Finding math in Markdown: `$…$` inline and `$$…$$` display spans, with
//! the rules of FORMATS.md §1.2, outside code.
//!
//! Display math runs from `$$` to the next unescaped `$$`, across lines but
//! not across a blank line; inline math has no space just inside its `$`s,
//! balanced braces, stays in one paragraph, and its closing `$` is not
//! followed by a digit. `\$` is a literal dollar. Code spans and code
//! blocks (found with pulldown-cmark) never hold math.
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// One math span of a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathSpan {
    /// Byte range including the `$` delimiters.
    pub outer: Range<usize>,
    /// Byte range of the LaTeX between the delimiters.
    pub inner: Range<usize>,
    /// `$$…$$` (true) or `$…$` (false).
    pub display: bool,
}

/// Math spans of a text and the `$$` that never closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MathScan {
    /// Spans in text order.
    pub spans: Vec<MathSpan>,
    /// Byte offsets of `$$` openers without a closer.
    pub unclosed_display: Vec<usize>,
}

/// Byte ranges of code spans and code blocks in `text`, sorted.
///
/// pulldown-cmark parses with its math extension on, so a backtick inside
/// `$…$` does not open a code span (`$a`b$ `c`` has one code span, `c`).
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_MATH).into_offset_iter() {
        match event {
            Event::Code(_) if block_depth == 0 => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => {
                if block_depth == 0 {
                    ranges.push(range);
                }
                block_depth += 1;
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                block_depth = block_depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Finds the math spans of `text`, skipping the given code ranges.
pub fn scan(text: &str, code: &[Range<usize>]) -> MathScan {
    let bytes = text.as_bytes();
    let mut out = MathScan::default();
    let mut code_iter = code.iter().peekable();
    let in_code = |i: usize| code.iter().find(|r| r.contains(&i)).map(|r| r.end);
    let mut i = 0;
    while i < bytes.len() {
        while code_iter.peek().is_some_and(|r| r.end <= i) {
            code_iter.next();
        }
        if let Some(r) = code_iter.peek()
            && r.contains(&i)
        {
            i = r.end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'$' if bytes.get(i + 1) == Some(&b'$') => {
                match find_display_close(text, i + 2, &in_code) {
                    Some(close) => {
                        out.spans.push(MathSpan {
                            outer: i..close + 2,
                            inner: i + 2..close,
                            display: true,
                        });
                        i = close + 2;
                    }
                    None => {
                        out.unclosed_display.push(i);
                        i += 2;
                    }
                }
            }
            b'$' => match find_inline_close(text, i + 1) {
                Some(close) => {
                    out.spans.push(MathSpan {
                        outer: i..close + 1,
                        inner: i + 1..close,
                        display: false,
                    });
                    i = close + 1;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    out
}

/// Whether a blank line starts right after the newline at `i`.
fn blank_line_after(bytes: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
        j += 1;
    }
    j >= bytes.len() || bytes[j] == b'\n'
}

fn find_display_close(
    text: &str,
    from: usize,
    in_code: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'\n' if blank_line_after(bytes, j) => return None,
            b'$' if bytes.get(j + 1) == Some(&b'$') && in_code(j).is_none() => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn find_inline_close(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.get(from)?;
    if first.is_ascii_whitespace() || first == b'$' {
        return None;
    }
    let mut depth = 0i32;
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'{' => {
                depth += 1;
                j += 1;
            }
            b'}' => {
                depth -= 1;
                j += 1;
            }
            b'\n' if blank_line_after(bytes, j) => return None,
            b'$' => {
                let before_space = bytes[j - 1].is_ascii_whitespace();
                let digit_after = bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
                if depth == 0 && !before_space && !digit_after {
                    return Some(j);
                }
                if bytes.get(j + 1) == Some(&b'$') {
                    // `$$` inside inline math: not a closer.
                    return None;
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
    None
}

/// Finds the math of `text`, computing its code ranges first.
pub fn scan_markdown(text: &str) -> MathScan {
    scan(text, &code_ranges(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<(&str, bool)> {
        scan_markdown(text)
            .spans
            .iter()
            .map(|s| (&text[s.inner.clone()], s.display))
            .collect()
    }

    #[test]
    fn inline_and_display() {
        assert_eq!(
            inner("a $x_1 * y_2$ b\n$$\n\\sum_i x\n$$\n"),
            [("x_1 * y_2", false), ("\n\\sum_i x\n", true)]
        );
    }

    #[test]
    fn no_space_inside_and_no_digit_after() {
        assert_eq!(inner("costs $5 and $6"), []);
        assert_eq!(inner("$ x$ and $x $"), []);
        assert_eq!(inner("between $3$4"), []);
    }

    #[test]
    fn braces_must_balance() {
        assert_eq!(inner("$\\frac{a$b}{c}$"), [("\\frac{a$b}{c}", false)]);
    }

    #[test]
    fn escaped_dollar_is_not_math() {
        assert_eq!(inner("price \\$5 and \\$x\\$"), []);
        assert_eq!(inner("$a \\$ b$"), [("a \\$ b", false)]);
    }

    #[test]
    fn code_holds_no_math() {
        assert_eq!(inner("`$x$` and\n```\n$$\ny\n$$\n```\n$z$"), [("z", false)]);
        assert_eq!(inner("    $$indented$$ code"), []);
    }

    #[test]
    fn display_math_does_not_cross_a_blank_line() {
        let scan = scan_markdown("$$\na\n\nb$$ c");
        assert!(scan.spans.is_empty());
        assert_eq!(scan.unclosed_display, [0, 7]);
    }

    #[test]
    fn inline_math_stays_in_its_paragraph() {
        assert_eq!(inner("$a\nb$"), [("a\nb", false)]);
        assert_eq!(inner("$a\n\nb$"), []);
    }

    #[test]
    fn backticks_inside_math_are_not_code() {
        assert_eq!(inner("$a`b$ and `c`"), [("a`b", false)]);
    }

    #[test]
    fn comparison_signs_stay_in_math() {
        assert_eq!(inner("$x<y$"), [("x<y", false)]);
    }
}
