//! The lesson [`RenderStyle`]: formulas become MathML with a verdict badge,
//! wikilinks become relative links between lesson pages, embedded images
//! and sounds point at the copies in `OUT/media/` (`../media/pixel.png`).
//!
//! Every formula gets a page-wide number `n`: its element carries `id="fn"`,
//! `data-formula="n"` and `data-status`, so the browser check can count
//! formulas against `<math>` elements. A formula pulldown-latex cannot
//! render shows its LaTeX in `<code>` with a warning. A link to a missing
//! note is its text, with a warning; a link to an attachment
//! (`[[diagram.png]]`) is its text, silently, unless the attachment is
//! missing too.
use super::headings::slug;
use super::math::to_mathml;
use super::paths::{media_href, page_path, relative_href};
use super::verdicts::{FormulaVerdict, VerdictLookup};
use crate::diag::Diagnostic;
use crate::html::{LinkSite, MathSite, RenderStyle, escape_html};
use crate::verify::Status;

/// One formula as placed on a lesson page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFormula {
    /// Its number on the page, from 1.
    pub number: usize,
    /// The LaTeX, trimmed.
    pub latex: String,
    /// Vault-relative path of the file it is written in.
    pub file: String,
    /// Its first line there.
    pub line: usize,
    /// Whether it became MathML (else its source is shown in `<code>`).
    pub mathml: bool,
    /// The checker's verdict.
    pub verdict: FormulaVerdict,
}

/// Renders math and links for the page of one note.
#[derive(Debug)]
pub struct LessonStyle<'a> {
    lookup: &'a VerdictLookup<'a>,
    page_note: String,
    /// Formulas in page order.
    pub formulas: Vec<PlacedFormula>,
    /// Fallbacks and missing links.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> LessonStyle<'a> {
    /// A style for the page of the note at `page_note` (links are relative to it).
    pub fn new(lookup: &'a VerdictLookup<'a>, page_note: &str) -> Self {
        Self {
            lookup,
            page_note: page_note.to_string(),
            formulas: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// The badge's visible label.
fn label(status: Status, display: bool) -> &'static str {
    match (status, display) {
        (Status::Refuted, _) => "✗ refuted",
        (Status::Verified, true) => "✓ verified",
        (Status::Verified, false) => "✓",
        (Status::Unchecked, true) => "? unchecked",
        (Status::Unchecked, false) => "?",
    }
}

/// The badge of a formula that only defines or mentions: `definition` or
/// `mention` on display formulas, `≔` inline.
fn not_a_claim_label(claims: &[crate::report::ClaimEntry], display: bool) -> &'static str {
    let defines = claims.iter().any(|c| c.kind == "definition");
    match (defines, display) {
        (true, true) => "definition",
        (false, true) => "mention",
        (true, false) => "≔",
        (false, false) => "·",
    }
}

impl RenderStyle for LessonStyle<'_> {
    fn math(&mut self, site: &MathSite<'_>) -> String {
        let number = self.formulas.len() + 1;
        let verdict = self.lookup.verdict(site);
        let latex = site.latex.trim();
        let (body, mathml) = match to_mathml(latex, site.display) {
            Ok(mathml) => (mathml, true),
            Err(why) => {
                self.diagnostics.push(Diagnostic::warning(
                    site.file,
                    site.line,
                    format!("formula shown as LaTeX source, not MathML: {why}"),
                ));
                let source = escape_html(latex);
                (
                    format!("<code class=\"latex-source\">{source}</code>"),
                    false,
                )
            }
        };
        // A definition or a mention is badged as what it is, not as unchecked.
        let (status, badge_label) = if verdict.is_claim {
            (verdict.status.as_str(), label(verdict.status, site.display))
        } else {
            ("note", not_a_claim_label(&verdict.claims, site.display))
        };
        let kind = if site.display { "display" } else { "inline" };
        let title = if verdict.is_claim {
            escape_html(&format!("{status}: {}", verdict.reason))
        } else {
            escape_html(&verdict.reason)
        };
        let badge = if verdict.claims.is_empty() {
            format!("<span class=\"badge badge-{status}\" title=\"{title}\">{badge_label}</span>")
        } else {
            format!(
                "<a class=\"badge badge-{status}\" href=\"#v{number}\" title=\"{title}\">{badge_label}<sup>{number}</sup></a>"
            )
        };
        self.formulas.push(PlacedFormula {
            number,
            latex: latex.to_string(),
            file: site.file.to_string(),
            line: site.line,
            mathml,
            verdict,
        });
        format!(
            "<span class=\"formula formula-{kind} verdict-{status}\" id=\"f{number}\" data-formula=\"{number}\" data-status=\"{status}\">{body}{badge}</span>"
        )
    }

    fn media_src(&mut self, name: &str) -> String {
        media_href(&self.page_note, name)
    }

    fn sound(&mut self, name: &str) -> String {
        format!(
            "<audio controls src=\"{}\">{}</audio>",
            escape_html(&media_href(&self.page_note, name)),
            escape_html(name)
        )
    }

    fn link(&mut self, site: &LinkSite<'_>) -> String {
        let text = escape_html(&site.link.display_text());
        match site.target {
            Some(note) => {
                let mut href = relative_href(&self.page_note, &page_path(&note.path));
                if let Some(heading) = site.link.heading.as_deref().filter(|h| !h.is_empty()) {
                    href.push('#');
                    href.push_str(&slug(heading.rsplit('#').next().unwrap_or(heading)));
                }
                format!("<a class=\"wikilink\" href=\"{href}\">{text}</a>")
            }
            None if site.attachment.is_some() => {
                format!("<span class=\"attachment-link\">{text}</span>")
            }
            None => {
                let what = if names_attachment(&site.link.target) {
                    "attachment"
                } else {
                    "note"
                };
                self.diagnostics.push(Diagnostic::warning(
                    site.file,
                    site.line,
                    format!("link to a missing {what}: {}", site.link.source()),
                ));
                format!("<span class=\"missing-link\" title=\"no such {what}\">{text}</span>")
            }
        }
    }
}

/// Whether a link target names a file other than a note (`diagram.png`,
/// `slides.pdf`): it has an extension that is not `.md`.
fn names_attachment(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.eq_ignore_ascii_case("md")
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}
