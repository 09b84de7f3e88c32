//! Markdown to HTML for cards and lessons, FORMATS.md §3.2.
//!
//! Math, wikilinks and embeds are first set aside as placeholders, the rest
//! is rendered by pulldown-cmark (tables, strikethrough, task lists; soft
//! breaks become `<br />` as in Obsidian), then the placeholders are put
//! back: math as MathJax `\(…\)` / `\[…\]` with only `&`, `<`, `>` escaped,
//! links as `obsidian://` anchors, embeds as the rendered section of the
//! target note in `<div class="embed">`. Embeds recurse with cycle
//! detection and a depth cap; every problem becomes a diagnostic.
//!
//! How math and links come out is a [`RenderStyle`]: [`AnkiStyle`] (the
//! default) writes MathJax delimiters and `obsidian://` links for cards;
//! lessons plug in their own style (MathML, links between lesson pages)
//! without copying the renderer.
use crate::diag::Diagnostic;
use crate::note::links::{WikiLink, find_links};
use crate::note::{Excerpt, Note, math_spans};
use crate::vault::{Attachment, Resolved, Vault};
use pulldown_cmark::{Event, Options, Parser, html::push_html};
use std::collections::BTreeSet;
use std::ops::Range;

/// How deep embeds may nest before the chain is cut.
pub const MAX_EMBED_DEPTH: usize = 8;

const PH_OPEN: char = '\u{E000}';
const PH_CLOSE: char = '\u{E001}';

const IMAGE_EXTENSIONS: [&str; 9] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif", "tif",
];
const AUDIO_EXTENSIONS: [&str; 6] = ["mp3", "ogg", "wav", "m4a", "flac", "webm"];

/// The pulldown-cmark options verideck renders with; tests use them too.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A formula met while rendering, with its place in the file it comes
/// from (an embed's formulas carry the embedded note's path and lines).
#[derive(Debug, Clone, Copy)]
pub struct MathSite<'a> {
    /// The LaTeX between the delimiters, as written.
    pub latex: &'a str,
    /// `$$…$$` rather than `$…$`.
    pub display: bool,
    /// Vault-relative path of the file the formula is written in.
    pub file: &'a str,
    /// 1-based file line of the LaTeX's first non-blank character.
    pub line: usize,
    /// 1-based column (characters) of that character; exact for note
    /// bodies, approximate on the first line of a card field.
    pub column: usize,
    /// 1-based file line of the LaTeX's last character.
    pub end_line: usize,
}

/// A `[[wikilink]]` met while rendering, resolved.
#[derive(Debug, Clone, Copy)]
pub struct LinkSite<'a> {
    /// The link as parsed.
    pub link: &'a WikiLink,
    /// The note it names, if it resolved to one.
    pub target: Option<&'a Note>,
    /// The attachment it names (`[[diagram.png]]`), if it resolved to one.
    pub attachment: Option<&'a Attachment>,
    /// The vault's folder name.
    pub vault_name: &'a str,
    /// Vault-relative path of the file the link is written in.
    pub file: &'a str,
    /// 1-based file line of the link.
    pub line: usize,
}

/// How formulas and links are written: the only parts of the HTML that
/// differ between Anki cards and lesson pages.
pub trait RenderStyle {
    /// The HTML of one formula.
    fn math(&mut self, site: &MathSite<'_>) -> String;
    /// The HTML of one (non-embed) wikilink.
    fn link(&mut self, site: &LinkSite<'_>) -> String;
}

/// The card style of FORMATS.md §3.2: MathJax `\(…\)`/`\[…\]` and
/// `obsidian://open` links; an unresolved link is its text, silently.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnkiStyle;

impl RenderStyle for AnkiStyle {
    fn math(&mut self, site: &MathSite<'_>) -> String {
        math_html(site.latex, site.display)
    }

    fn link(&mut self, site: &LinkSite<'_>) -> String {
        let text = escape_html(&site.link.display_text());
        match site.target {
            Some(note) => {
                let file = note.path.strip_suffix(".md").unwrap_or(&note.path);
                format!(
                    "<a href=\"obsidian://open?vault={}&amp;file={}\">{}</a>",
                    encode_uri_component(site.vault_name),
                    encode_uri_component(file),
                    text
                )
            }
            None => text,
        }
    }
}

/// Renders Markdown of one vault to HTML, collecting diagnostics and the
/// attachments that rendered fields use.
#[derive(Debug)]
pub struct HtmlRenderer<'v, S = AnkiStyle> {
    vault: &'v Vault,
    /// How math and links are written.
    pub style: S,
    /// Problems met while rendering (unclosed `$$`, missing embeds, cycles).
    pub diagnostics: Vec<Diagnostic>,
    /// Indexes into `vault.attachments` of the media the output uses.
    pub media: BTreeSet<usize>,
}

/// One thing set aside before Markdown rendering.
struct Replacement {
    range: Range<usize>,
    html: String,
    /// An embed alone on its line: replaces its whole paragraph.
    block: bool,
}

impl<'v> HtmlRenderer<'v> {
    /// A renderer for `vault` in the card style.
    pub fn new(vault: &'v Vault) -> Self {
        Self::with_style(vault, AnkiStyle)
    }
}

impl<'v, S: RenderStyle> HtmlRenderer<'v, S> {
    /// A renderer for `vault` that writes math and links with `style`.
    pub fn with_style(vault: &'v Vault, style: S) -> Self {
        Self {
            vault,
            style,
            diagnostics: Vec::new(),
            media: BTreeSet::new(),
        }
    }

    /// Renders `excerpt`, a piece of the note at `path`, to HTML.
    pub fn render(&mut self, path: &str, excerpt: &Excerpt) -> String {
        let mut chain = vec![(path.to_string(), String::new())];
        let html = self.render_nested(path, excerpt, &mut chain);
        unwrap_lone_paragraph(html.trim_end()).to_string()
    }

    fn file_line(excerpt: &Excerpt, offset: usize) -> usize {
        let line_in_text = excerpt.text[..offset].matches('\n').count();
        excerpt.lines.get(line_in_text).copied().unwrap_or(0)
    }

    fn report(&mut self, path: &str, excerpt: &Excerpt, offset: usize, message: String) {
        let line = Self::file_line(excerpt, offset);
        let mut diag = Diagnostic::error(path, line, message);
        let line_in_text = excerpt.text[..offset].matches('\n').count();
        diag.line_text = excerpt
            .text
            .split('\n')
            .nth(line_in_text)
            .map(|l| l.trim_end().to_string());
        self.diagnostics.push(diag);
    }

    fn render_nested(
        &mut self,
        path: &str,
        excerpt: &Excerpt,
        chain: &mut Vec<(String, String)>,
    ) -> String {
        let text = excerpt.text.as_str();
        let code = math_spans::code_ranges(text);
        let scan = math_spans::scan(text, &code);
        for &at in &scan.unclosed_display {
            self.report(path, excerpt, at, "unclosed $$".into());
        }
        let mut replacements: Vec<Replacement> = Vec::new();
        for span in &scan.spans {
            let html = self.math_site_html(path, excerpt, &span.inner, span.display);
            replacements.push(Replacement {
                range: span.outer.clone(),
                html,
                block: false,
            });
        }
        let mut skip = code;
        skip.extend(scan.spans.iter().map(|s| s.outer.clone()));
        for link in find_links(text, &skip) {
            let html = if link.embed {
                self.embed_html(path, excerpt, &link, chain)
            } else {
                self.link_html(path, excerpt, &link)
            };
            let block = link.embed && alone_on_line(text, &link.range);
            replacements.push(Replacement {
                range: link.range,
                html,
                block,
            });
        }
        replacements.sort_by_key(|r| r.range.start);
        let mut source = String::with_capacity(text.len());
        let mut last = 0;
        for (n, r) in replacements.iter().enumerate() {
            source.push_str(&text[last..r.range.start]);
            source.push_str(&format!("{PH_OPEN}{n}{PH_CLOSE}"));
            last = r.range.end;
        }
        source.push_str(&text[last..]);
        let events = Parser::new_ext(&source, markdown_options()).map(|e| match e {
            Event::SoftBreak => Event::HardBreak,
            other => other,
        });
        let mut html = String::with_capacity(source.len() * 2);
        push_html(&mut html, events);
        for (n, r) in replacements.iter().enumerate() {
            let ph = format!("{PH_OPEN}{n}{PH_CLOSE}");
            if r.block {
                html = html.replace(&format!("<p>{ph}</p>"), &r.html);
            }
            html = html.replace(&ph, &r.html);
        }
        html
    }

    /// Hands one formula to the style, with its place in the file.
    fn math_site_html(
        &mut self,
        path: &str,
        excerpt: &Excerpt,
        inner: &Range<usize>,
        display: bool,
    ) -> String {
        let text = excerpt.text.as_str();
        let latex = &text[inner.clone()];
        let lead = latex.len() - latex.trim_start().len();
        let start = inner.start + lead;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let last = inner.end.saturating_sub(1).max(start);
        let site = MathSite {
            latex,
            display,
            file: path,
            line: Self::file_line(excerpt, start),
            column: text[line_start..start].chars().count() + 1,
            end_line: Self::file_line(excerpt, last),
        };
        self.style.math(&site)
    }

    /// Resolves a link target, warning when the name fits several files.
    fn resolve(&mut self, path: &str, excerpt: &Excerpt, link: &WikiLink) -> Option<Resolved> {
        let resolution = self.vault.index.resolve(&link.target, path);
        if !resolution.others.is_empty() {
            let chosen = match resolution.target {
                Some(Resolved::Note(i)) => self.vault.notes[i].path.clone(),
                Some(Resolved::Attachment(i)) => self.vault.attachments[i].path.clone(),
                None => String::new(),
            };
            let line = Self::file_line(excerpt, link.range.start);
            self.diagnostics.push(Diagnostic::warning(
                path,
                line,
                format!(
                    "ambiguous link {}: using {chosen} (also {})",
                    link.source(),
                    resolution.others.join(", ")
                ),
            ));
        }
        resolution.target
    }

    fn link_html(&mut self, path: &str, excerpt: &Excerpt, link: &WikiLink) -> String {
        let resolution = self.resolve(path, excerpt, link);
        let vault = self.vault;
        let (target, attachment) = match resolution {
            Some(Resolved::Note(i)) => (Some(&vault.notes[i]), None),
            Some(Resolved::Attachment(i)) => (None, Some(&vault.attachments[i])),
            None => (None, None),
        };
        let site = LinkSite {
            link,
            target,
            attachment,
            vault_name: &vault.name,
            file: path,
            line: Self::file_line(excerpt, link.range.start),
        };
        self.style.link(&site)
    }

    fn embed_html(
        &mut self,
        path: &str,
        excerpt: &Excerpt,
        link: &WikiLink,
        chain: &mut Vec<(String, String)>,
    ) -> String {
        let missing = |r: &mut Self| {
            r.report(
                path,
                excerpt,
                link.range.start,
                format!("embed not found: {}", link.source()),
            );
            format!(
                "<span class=\"embed-missing\">{}</span>",
                escape_html(&link.source())
            )
        };
        let note = match self.resolve(path, excerpt, link) {
            Some(Resolved::Attachment(i)) => return self.attachment_html(i),
            Some(Resolved::Note(i)) => &self.vault.notes[i],
            None => return missing(self),
        };
        let heading = link.heading.clone().unwrap_or_default();
        let section = if heading.is_empty() {
            Some(note.body())
        } else {
            note.section(&heading)
        };
        let Some(section) = section else {
            return missing(self);
        };
        let key = (note.path.clone(), heading.to_lowercase());
        let cycle = chain.iter().skip(1).any(|k| *k == key);
        if cycle || chain.len() > MAX_EMBED_DEPTH {
            let mut names: Vec<&str> = chain.iter().map(|(p, _)| p.as_str()).collect();
            names.push(&note.path);
            let what = if cycle {
                "embed cycle"
            } else {
                "embed depth over 8"
            };
            let message = format!("{what}: {}", names.join(" → "));
            self.report(path, excerpt, link.range.start, message);
            return format!(
                "<span class=\"embed-cut\">{}</span>",
                escape_html(&link.source())
            );
        }
        chain.push(key);
        let inner = self.render_nested(&note.path.clone(), &section, chain);
        chain.pop();
        format!("<div class=\"embed\">{}</div>", inner.trim_end())
    }

    fn attachment_html(&mut self, index: usize) -> String {
        let attachment = &self.vault.attachments[index];
        let name = attachment
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&attachment.path);
        let ext = name.rsplit('.').next().unwrap_or("").to_lowercase();
        if IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            self.media.insert(index);
            format!("<img src=\"{}\">", escape_html(name))
        } else if AUDIO_EXTENSIONS.contains(&ext.as_str()) {
            self.media.insert(index);
            format!("[sound:{name}]")
        } else {
            escape_html(name)
        }
    }
}

fn alone_on_line(text: &str, range: &Range<usize>) -> bool {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    text[start..range.start].trim().is_empty() && text[range.end..end].trim().is_empty()
}

/// MathJax delimiters around LaTeX whose bytes stay as written but for `&<>`.
pub fn math_html(latex: &str, display: bool) -> String {
    let (open, close) = if display {
        ("\\[", "\\]")
    } else {
        ("\\(", "\\)")
    };
    format!("{open}{}{close}", escape_html(latex))
}

/// Escapes `&`, `<`, `>` and `"` for HTML text and attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `<p>x</p>` alone becomes `x`.
fn unwrap_lone_paragraph(html: &str) -> &str {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") && !inner.contains("</p>") => inner,
        _ => html,
    }
}

pub mod cloze;

#[cfg(test)]
mod tests;
