//! Markdown to HTML for cards and lessons, FORMATS.md §3.2.
//!
//! Math, wikilinks and embeds are first set aside as placeholders, the rest
//! is rendered by pulldown-cmark (tables, strikethrough, task lists; soft
//! breaks become `<br>` as in Obsidian), the result — with whatever raw
//! HTML and links the note wrote — is run through the [`sanitize`]
//! allow-list (no scripts, event handlers or `javascript:`/`data:` URLs),
//! then the placeholders are put back: math as MathJax `\(…\)` / `\[…\]` with only `&`, `<`, `>` escaped,
//! links as `obsidian://` anchors, embeds as the rendered section of the
//! target note in `<div class="embed">`. Embeds recurse with cycle
//! detection and a depth cap; every problem becomes a diagnostic.
//!
//! How math and links come out is a [`RenderStyle`]: [`AnkiStyle`] (the
//! default) writes MathJax delimiters and `obsidian://` links for cards;
//! lessons plug in their own style (MathML, links between lesson pages,
//! media paths relative to the page) without copying the renderer.
//! Markdown images (`![alt](img/x.png)`) that name an attachment of the
//! vault are treated like `![[x.png]]` embeds: the file is copied to
//! `media/` and the `src` comes from the style.
use crate::diag::Diagnostic;
use crate::note::links::{WikiLink, find_links};
use crate::note::{Excerpt, Note, math_spans};
use crate::vault::{Attachment, Resolved, Vault};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html::push_html};
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
    /// The URL an `<img src>` uses for the attachment `name` (its file
    /// name, as copied to `OUT/media/`), not yet HTML-escaped. Anki wants
    /// the bare name, which is the default.
    fn media_src(&mut self, name: &str) -> String {
        name.to_string()
    }
    /// The HTML of an embedded sound `name`; Anki's `[sound:…]` by default.
    fn sound(&mut self, name: &str) -> String {
        format!("[sound:{}]", escape_html(name))
    }
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
    /// What embeds have expanded so far; carry it from one renderer to the
    /// next to keep the per-vault budget across them.
    pub budget: EmbedBudget,
    /// Line starts of the excerpts being rendered, innermost last.
    lines: Vec<Vec<usize>>,
    /// For each excerpt of `lines`, the last formula's `(line, byte offset,
    /// column)`: the next formula on that line counts its column on from
    /// there, so a line of many formulas is counted once, not once per formula.
    columns: Vec<Option<(usize, usize, usize)>>,
}

/// The embed budgets of [`crate::vault::limits`] as they are spent: per
/// rendered text (reset by [`HtmlRenderer::render`]) and per vault (kept
/// for the renderer's life, and across renderers that pass it on).
#[derive(Debug, Clone, Default)]
pub struct EmbedBudget {
    vault_bytes: usize,
    vault_warned: bool,
    text_bytes: usize,
    text_embeds: usize,
    text_warned: bool,
    text_messages: usize,
}

impl EmbedBudget {
    /// Starts the per-text budget afresh (the per-vault one goes on).
    fn new_text(&mut self) {
        self.text_bytes = 0;
        self.text_embeds = 0;
        self.text_warned = false;
        self.text_messages = 0;
    }

    /// Spends one embed (expanded or cut, counted before its section is
    /// even copied); the budget's reason when it is over.
    fn count(&mut self) -> Result<(), String> {
        use crate::vault::limits::MAX_EMBEDS_PER_NOTE;
        self.text_embeds += 1;
        if self.text_embeds > MAX_EMBEDS_PER_NOTE {
            return Err(format!(
                "more than {MAX_EMBEDS_PER_NOTE} embeds met in one text (notes embedding each other fan out)"
            ));
        }
        Ok(())
    }

    /// Spends `bytes` of embedded text; the budget's reason when it is over.
    fn spend(&mut self, bytes: usize) -> Result<(), String> {
        use crate::vault::limits::*;
        if self.vault_bytes + bytes > MAX_EMBEDDED_BYTES_PER_VAULT {
            return Err(format!(
                "embeds of the vault expand to more than {MAX_EMBEDDED_BYTES_PER_VAULT} bytes of text in all"
            ));
        }
        if self.text_bytes + bytes > MAX_EMBEDDED_BYTES_PER_NOTE {
            return Err(format!(
                "embeds expand to more than {MAX_EMBEDDED_BYTES_PER_NOTE} bytes of text in one text"
            ));
        }
        self.vault_bytes += bytes;
        self.text_bytes += bytes;
        Ok(())
    }
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
            budget: EmbedBudget::default(),
            lines: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Renders `excerpt`, a piece of the note at `path`, to HTML.
    pub fn render(&mut self, path: &str, excerpt: &Excerpt) -> String {
        let mut chain = vec![(path.to_string(), String::new())];
        self.budget.new_text();
        let html = self.render_nested(path, excerpt, &mut chain);
        unwrap_lone_paragraph(html.trim_end()).to_string()
    }

    /// The 0-based line of `excerpt`'s text that holds byte `offset`,
    /// from the line table of the excerpt being rendered (no rescan).
    fn line_in_text(&self, excerpt: &Excerpt, offset: usize) -> usize {
        match self.lines.last() {
            Some(starts) if starts.last().is_some_and(|&s| s <= excerpt.text.len()) => {
                starts.partition_point(|&s| s <= offset).saturating_sub(1)
            }
            _ => excerpt.text[..offset].matches('\n').count(),
        }
    }

    fn file_line(&self, excerpt: &Excerpt, offset: usize) -> usize {
        let line_in_text = self.line_in_text(excerpt, offset);
        excerpt.lines.get(line_in_text).copied().unwrap_or(0)
    }

    fn report(&mut self, path: &str, excerpt: &Excerpt, offset: usize, message: String) {
        self.budget.text_messages += 1;
        let max = crate::vault::limits::MAX_EMBED_DIAGNOSTICS_PER_NOTE;
        if self.budget.text_messages > max {
            if self.budget.text_messages == max + 1 {
                let line = self.file_line(excerpt, offset);
                self.diagnostics.push(Diagnostic::warning(
                    path,
                    line,
                    format!("more than {max} problems with embeds and math in this text: the rest are not listed"),
                ));
            }
            return;
        }
        let line = self.file_line(excerpt, offset);
        let mut diag = Diagnostic::error(path, line, message);
        let line_in_text = self.line_in_text(excerpt, offset);
        let text = excerpt.text.as_str();
        diag.line_text = self.lines.last().and_then(|starts| {
            let start = *starts.get(line_in_text)?;
            let end = starts
                .get(line_in_text + 1)
                .map_or(text.len(), |&next| next - 1);
            text.get(start..end).map(|l| l.trim_end().to_string())
        });
        self.diagnostics.push(diag);
    }

    fn render_nested(
        &mut self,
        path: &str,
        excerpt: &Excerpt,
        chain: &mut Vec<(String, String)>,
    ) -> String {
        let text = excerpt.text.as_str();
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.lines.push(starts);
        self.columns.push(None);
        let html = self.render_lines(path, excerpt, chain);
        self.columns.pop();
        self.lines.pop();
        html
    }

    /// [`Self::render_nested`] once the excerpt's line table is pushed.
    fn render_lines(
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
        let events = self.media_images(path, events.collect());
        let mut html = String::with_capacity(source.len() * 2);
        push_html(&mut html, events.into_iter());
        restore_placeholders(&sanitize::clean(&html), text, &replacements)
    }

    /// Markdown images that name an attachment of the vault become an
    /// `<img>` with the style's media URL (and the attachment is copied);
    /// other images stay as written, for the sanitiser to judge.
    fn media_images<'e>(&mut self, path: &str, events: Vec<Event<'e>>) -> Vec<Event<'e>> {
        let mut out = Vec::with_capacity(events.len());
        let mut events = events.into_iter();
        while let Some(event) = events.next() {
            let Event::Start(Tag::Image {
                dest_url, title, ..
            }) = &event
            else {
                out.push(event);
                continue;
            };
            let Some(src) = self.image_src(path, dest_url) else {
                out.push(event);
                continue;
            };
            let title = title.to_string();
            // The alt text: the image's inner text, as pulldown-cmark writes it.
            let mut alt = String::new();
            let mut depth = 1;
            for inner in events.by_ref() {
                match inner {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => alt.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => alt.push(' '),
                    _ => {}
                }
            }
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(&title))
            };
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<img src=\"{}\" alt=\"{}\"{title}>",
                escape_html(&src),
                escape_html(&alt)
            ))));
        }
        out
    }

    /// The style's media URL for the attachment a Markdown image's
    /// destination names (relative to the note's folder, else as a vault
    /// link), if it names an image attachment.
    fn image_src(&mut self, path: &str, dest: &str) -> Option<String> {
        let written = dest.trim();
        if written.is_empty() || written.starts_with("//") || has_scheme(written) {
            return None;
        }
        let decoded = percent_decode(written.split(['?', '#']).next().unwrap_or(written));
        let decoded = decoded.trim_start_matches("./").trim_start_matches('/');
        let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let beside = if folder.is_empty() {
            decoded.to_string()
        } else {
            format!("{folder}/{decoded}")
        };
        let found = [beside.as_str(), decoded].into_iter().find_map(|target| {
            match self.vault.index.resolve(target, path).target {
                Some(Resolved::Attachment(i)) => Some(i),
                _ => None,
            }
        });
        let i = found.filter(|&i| is_image(&self.vault.attachments[i].path))?;
        self.media.insert(i);
        let name = self.vault.attachments[i].media_name.clone();
        Some(self.style.media_src(&name))
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
        let last = inner.end.saturating_sub(1).max(start);
        let site = MathSite {
            latex,
            display,
            file: path,
            line: self.file_line(excerpt, start),
            column: self.column(excerpt, start),
            end_line: self.file_line(excerpt, last),
        };
        self.style.math(&site)
    }

    /// The 1-based column (characters) of byte `start` in `excerpt`'s text:
    /// counted on from the previous formula when it is on the same line
    /// of the excerpt being rendered, else from the line's start.
    fn column(&mut self, excerpt: &Excerpt, start: usize) -> usize {
        let text = excerpt.text.as_str();
        let table = self
            .lines
            .last()
            .filter(|starts| starts.last().is_some_and(|&s| s <= text.len()));
        let Some(starts) = table else {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            return text[line_start..start].chars().count() + 1;
        };
        let line = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let column = match self.columns.last().copied().flatten() {
            Some((at_line, at, column)) if at_line == line && at <= start => {
                column + text[at..start].chars().count()
            }
            _ => text[starts[line]..start].chars().count() + 1,
        };
        if let Some(top) = self.columns.last_mut() {
            *top = Some((line, start, column));
        }
        column
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
            let line = self.file_line(excerpt, link.range.start);
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
            line: self.file_line(excerpt, link.range.start),
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
        if self.budget.text_warned || self.budget.vault_warned {
            // Over budget: no more resolving or copying sections.
            return format!(
                "<span class=\"embed-cut\">{}</span>",
                escape_html(&link.source())
            );
        }
        let note = match self.resolve(path, excerpt, link) {
            Some(Resolved::Attachment(i)) => return self.attachment_html(i),
            Some(Resolved::Note(i)) => &self.vault.notes[i],
            None => return missing(self),
        };
        if let Err(reason) = self.budget.count() {
            return self.over_budget(path, excerpt, link, reason);
        }
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
        if let Err(reason) = self.budget.spend(section.text.len()) {
            return self.over_budget(path, excerpt, link, reason);
        }
        chain.push(key);
        let inner = self.render_nested(&note.path.clone(), &section, chain);
        chain.pop();
        format!("<div class=\"embed\">{}</div>", inner.trim_end())
    }

    /// The cut marker for an embed over budget; warns once per text (and
    /// once per vault for the vault's budget) with the reason.
    fn over_budget(
        &mut self,
        path: &str,
        excerpt: &Excerpt,
        link: &WikiLink,
        reason: String,
    ) -> String {
        let warned = if reason.contains("of the vault") {
            std::mem::replace(&mut self.budget.vault_warned, true)
        } else {
            std::mem::replace(&mut self.budget.text_warned, true)
        };
        if !warned {
            let line = self.file_line(excerpt, link.range.start);
            self.diagnostics.push(Diagnostic::warning(
                path,
                line,
                format!(
                    "{reason}: {} and later embeds are not expanded",
                    link.source()
                ),
            ));
        }
        format!(
            "<span class=\"embed-cut\">{}</span>",
            escape_html(&link.source())
        )
    }

    fn attachment_html(&mut self, index: usize) -> String {
        let path = &self.vault.attachments[index].path;
        let name = self.vault.attachments[index].media_name.clone();
        if is_image(path) {
            self.media.insert(index);
            format!(
                "<img src=\"{}\">",
                escape_html(&self.style.media_src(&name))
            )
        } else if extension(path).is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.as_str())) {
            self.media.insert(index);
            self.style.sound(&name)
        } else {
            escape_html(&name)
        }
    }
}

/// The file name of a vault-relative path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The lowercased extension of a path's file name.
fn extension(path: &str) -> Option<String> {
    file_name(path)
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
}

/// Whether the attachment at `path` is shown as an `<img>`.
fn is_image(path: &str) -> bool {
    extension(path).is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str()))
}

/// Whether a URL starts with a scheme (`https:`, `javascript:`, `c:`).
fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `%20` and the like decoded (invalid sequences and non-UTF-8 stay as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Puts the set-aside HTML back into sanitised Markdown output. A
/// placeholder alone in a paragraph whose replacement is a block (an embed
/// alone on its line) replaces the paragraph. A placeholder that ended up
/// inside a tag — raw HTML like `<img alt="$x$">` — gets the escaped source
/// text instead of markup, so no replacement can open or close an element
/// or an attribute.
fn restore_placeholders(html: &str, text: &str, replacements: &[Replacement]) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == PH_OPEN {
            let after = &rest[c.len_utf8()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let found = after[digits..]
                .starts_with(PH_CLOSE)
                .then(|| after[..digits].parse::<usize>().ok())
                .flatten()
                .and_then(|n| replacements.get(n));
            if let Some(r) = found {
                rest = &after[digits + PH_CLOSE.len_utf8()..];
                if in_tag {
                    out.push_str(&escape_html(&text[r.range.clone()]));
                } else if r.block && out.ends_with("<p>") && rest.starts_with("</p>") {
                    out.truncate(out.len() - "<p>".len());
                    out.push_str(&r.html);
                    rest = &rest["</p>".len()..];
                } else {
                    out.push_str(&r.html);
                }
                continue;
            }
        }
        if in_tag {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '>' => in_tag = false,
                None => {}
            }
        } else if c == '<' {
            in_tag = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
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
pub mod sanitize;

#[cfg(test)]
mod tests;
