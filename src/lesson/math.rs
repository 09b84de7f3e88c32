//! LaTeX to MathML at build time, with pulldown-latex: no JavaScript and
//! no network when the page is read. The LaTeX source is kept as the
//! `<math>` element's `alttext`. A formula the renderer cannot handle comes
//! back as an error, and the caller shows its source in `<code>` instead.
//!
//! pulldown-latex writes some of a formula's own text unescaped (operator
//! names of `\operatorname{…}`, single characters such as the relation
//! `<`), so `\operatorname{</math><script>…}` would end the `<math>` element
//! and open a live one (issue 13). Before writing, every `&`, `<`, `>`, `"`
//! and `'` of the formula's text and symbols is swapped for a private-use
//! stand-in the writer passes through untouched, and the stand-ins become
//! character references afterwards; a relation's `<`/`>` (which cannot be
//! swapped) is escaped where it stands outside a tag. So no text of a
//! formula can open or close an element or an attribute. As a second
//! guard the result may only hold MathML elements ([`MATHML_ELEMENTS`]),
//! else it is an error and the source is shown instead.
use crate::html::escape_html;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::{Content, Event};
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// The characters of a formula's text that are markup in HTML, the
/// private-use stand-in written in their place, and the reference that
/// replaces the stand-in in the output.
const MARKUP: [(char, char, &str); 5] = [
    ('&', '\u{F0E0}', "&amp;"),
    ('<', '\u{F0E1}', "&lt;"),
    ('>', '\u{F0E2}', "&gt;"),
    ('"', '\u{F0E3}', "&quot;"),
    ('\'', '\u{F0E4}', "&#39;"),
];

/// The elements pulldown-latex writes; anything else in its output means
/// a formula's text became markup, and the formula is not used.
pub const MATHML_ELEMENTS: &[&str] = &[
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
    "annotation",
];

fn stand_in(c: char) -> char {
    MARKUP
        .iter()
        .find(|(markup, _, _)| *markup == c)
        .map_or(c, |(_, s, _)| *s)
}

fn needs_stand_ins(s: &str) -> bool {
    s.chars().any(|c| stand_in(c) != c)
}

/// `s` with every markup character swapped for its stand-in.
fn with_stand_ins(s: &str) -> String {
    s.chars().map(stand_in).collect()
}

/// The writer's output with the stand-ins (and any that were written in
/// the note itself) turned into character references.
fn resolve_stand_ins(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    for c in mathml.chars() {
        match MARKUP.iter().find(|(_, s, _)| *s == c) {
            Some((_, _, reference)) => out.push_str(reference),
            None => out.push(c),
        }
    }
    out
}

/// `<` and `>` the writer put outside any tag (a relation's own
/// character, which has no public constructor to swap it: `<mo><</mo>`)
/// as references; a `<` opens a tag only before a letter or `/`.
fn escape_stray_markup(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut in_tag = false;
    let mut quote = false;
    let mut chars = mathml.chars().peekable();
    while let Some(c) = chars.next() {
        if in_tag {
            match c {
                '"' => quote = !quote,
                '>' if !quote => in_tag = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                in_tag = true;
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether every element of `mathml` is a MathML element.
fn only_mathml_elements(mathml: &str) -> bool {
    mathml.match_indices('<').all(|(at, _)| {
        let name: String = mathml[at + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        MATHML_ELEMENTS.contains(&name.as_str())
    })
}

/// Renders `latex` (without delimiters) to a `<math>` element, or returns
/// the parser's first error message.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let parsed = Parser::new(latex, &storage).collect::<Vec<_>>();
    if let Some(Err(error)) = parsed.iter().find(|e| e.is_err()) {
        return Err(one_line(&error.to_string()));
    }
    // Texts with markup characters, swapped, kept alive for the events.
    let swapped: Vec<String> =
        parsed
            .iter()
            .filter_map(|e| match e {
                Ok(Event::Content(
                    Content::Text(s) | Content::Number(s) | Content::Function(s),
                )) if needs_stand_ins(s) => Some(with_stand_ins(s)),
                _ => None,
            })
            .collect();
    let mut swapped_texts = swapped.iter();
    let events: Vec<Result<Event<'_>, _>> = parsed
        .into_iter()
        .map(|e| {
            let Ok(Event::Content(content)) = e else {
                return e;
            };
            let content = match content {
                Content::Text(s) | Content::Number(s) | Content::Function(s)
                    if needs_stand_ins(s) =>
                {
                    let s = swapped_texts.next().map_or("", String::as_str);
                    match content {
                        Content::Text(_) => Content::Text(s),
                        Content::Number(_) => Content::Number(s),
                        _ => Content::Function(s),
                    }
                }
                Content::Ordinary { content, stretchy } => Content::Ordinary {
                    content: stand_in(content),
                    stretchy,
                },
                Content::LargeOp { content, small } => Content::LargeOp {
                    content: stand_in(content),
                    small,
                },
                Content::BinaryOp { content, small } => Content::BinaryOp {
                    content: stand_in(content),
                    small,
                },
                Content::Delimiter { content, size, ty } => Content::Delimiter {
                    content: stand_in(content),
                    size,
                    ty,
                },
                Content::Punctuation(c) => Content::Punctuation(stand_in(c)),
                other => other,
            };
            Ok(Event::Content(content))
        })
        .collect();
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::with_capacity(latex.len() * 8);
    push_mathml(&mut mathml, events.into_iter(), config).map_err(|e| e.to_string())?;
    if mathml.contains("<merror") {
        return Err("the MathML renderer reported an error".to_string());
    }
    let mathml = resolve_stand_ins(&escape_stray_markup(&mathml));
    if !only_mathml_elements(&mathml) {
        return Err("the formula's text would become markup".to_string());
    }
    let alttext = format!(" alttext=\"{}\"", escape_html(latex.trim()));
    Ok(match mathml.strip_prefix("<math") {
        Some(rest) => format!("<math{alttext}{rest}"),
        None => mathml,
    })
}

/// The first line of a (possibly multi-line, annotated) error message.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("cannot render")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_inline_and_display_with_alttext() {
        let inline = to_mathml(r"\hat{s}_k = g", false).unwrap();
        assert!(inline.starts_with("<math alttext=\"\\hat{s}_k = g\" display=\"inline\""));
        assert!(inline.ends_with("</math>"));
        let block = to_mathml(r"\frac{a}{b} < c", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(block.contains("alttext=\"\\frac{a}{b} &lt; c\""), "{block}");
    }

    #[test]
    fn split_environments_render() {
        let latex = "\\begin{split}\ng_k &= \\nabla\\mathcal{R}(\\theta_{k-1}) \\\\\n\\theta_k &= \\theta_{k-1} - \\alpha g_k\n\\end{split}";
        let mathml = to_mathml(latex, true).unwrap();
        assert!(mathml.contains("<mtable"), "{mathml}");
    }

    #[test]
    fn unknown_commands_and_unbalanced_braces_are_errors() {
        assert!(to_mathml(r"\notacommand{x}", false).is_err());
        assert!(to_mathml(r"\frac{a}{b", false).is_err());
    }

    /// Every `<` of `mathml` opens a MathML element and no attribute
    /// value or text holds a raw `<`, `>` or `"`.
    fn assert_inert(mathml: &str) {
        assert!(only_mathml_elements(mathml), "{mathml}");
        assert!(!mathml.to_lowercase().contains("<script"), "{mathml}");
        assert!(!mathml.to_lowercase().contains("<img"), "{mathml}");
        assert_eq!(mathml.matches("<math").count(), 1, "{mathml}");
        assert_eq!(mathml.matches("</math>").count(), 1, "{mathml}");
        assert!(mathml.ends_with("</math>"), "{mathml}");
        let mut in_tag = false;
        for c in mathml.chars() {
            match c {
                '<' => {
                    assert!(!in_tag, "{mathml}");
                    in_tag = true;
                }
                '>' => {
                    assert!(in_tag, "{mathml}");
                    in_tag = false;
                }
                _ => {}
            }
        }
    }

    #[test]
    fn hostile_operator_names_stay_text() {
        let mathml = to_mathml(r"\operatorname{</math><script>alert(1)</script>}", false).unwrap();
        assert_inert(&mathml);
        assert!(
            mathml.contains("<mi>&lt;/math&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mi>"),
            "{mathml}"
        );
        for latex in [
            r#"\operatorname{a"b'c}"#,
            r#"\operatorname{<img src=x onerror=alert(1)>} x"#,
            r"\operatorname{&lt;}",
            r"\operatorname*{</mi><mtext>}_x",
        ] {
            assert_inert(&to_mathml(latex, true).unwrap());
        }
        assert!(
            to_mathml(r"\operatorname{&lt;}", false)
                .unwrap()
                .contains("<mi>&amp;lt;</mi>")
        );
    }

    #[test]
    fn text_and_roman_contents_stay_text() {
        for latex in [
            r"\text{</mtext></math><img src=x onerror=alert(1)>}",
            r#"\text{<b>&amp;"'}"#,
            r"\mathrm{<i>x</i>}",
            r#"\mathrm{"}"#,
            r"\mathbf{<}",
            r"\mathit{</math>}",
            r"\textbf{</math><script>}",
            r"\mathrm{\text{</mtext>}}",
        ] {
            let mathml = to_mathml(latex, false).unwrap();
            assert_inert(&mathml);
        }
        let roman = to_mathml(r"\mathrm{<i>}", false).unwrap();
        assert!(roman.contains("&lt;</mo>"), "{roman}");
        assert!(roman.contains("&gt;</mo>"), "{roman}");
    }

    #[test]
    fn relations_are_escaped() {
        let mathml = to_mathml(r"0 < q < 1, a > b", false).unwrap();
        assert_inert(&mathml);
        assert_eq!(mathml.matches("<mo>&lt;</mo>").count(), 2, "{mathml}");
        assert!(mathml.contains("<mo>&gt;</mo>"), "{mathml}");
        assert_inert(&to_mathml(r"a \not< b \nless c", false).unwrap());
    }

    #[test]
    fn stray_markup_is_escaped_outside_tags_only() {
        assert_eq!(
            escape_stray_markup("<mo a=\"<>\"><</mo><mo>></mo>"),
            "<mo a=\"<>\">&lt;</mo><mo>&gt;</mo>"
        );
        assert!(!only_mathml_elements("<math><script></script></math>"));
        assert!(only_mathml_elements(
            "<math><mi>x</mi><mspace width=\"1em\" /></math>"
        ));
    }
}
