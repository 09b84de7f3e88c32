//! LaTeX to MathML at build time, with pulldown-latex: no JavaScript and
//! no network when the page is read. The LaTeX source is kept as the
//! `<math>` element's `alttext`. A formula the renderer cannot handle comes
//! back as an error, and the caller shows its source in `<code>` instead.
use crate::html::escape_html;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Renders `latex` (without delimiters) to a `<math>` element, or returns
/// the parser's first error message.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events = Parser::new(latex, &storage).collect::<Vec<_>>();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        return Err(one_line(&error.to_string()));
    }
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
}
