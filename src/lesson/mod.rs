//! Assembling lessons: one page per note, plus the table of contents.
//!
//! [`assemble`] takes the parsed vault and the checker's report (or `None`
//! when the checker did not run) and returns [`Lessons`]: for every note its
//! body as HTML (formulas as MathML with verdict badges, wikilinks as links
//! between pages, embeds inlined as in the deck), its cards as
//! question/answer pairs, a figure of the optimizers it discusses, and the
//! verdict footnotes. Rendering the pages with tera is
//! [`crate::render::lessons`]'s job; nothing here touches the disk.
pub mod cards;
pub mod figure;
pub mod headings;
pub mod math;
pub mod optimizers;
pub mod paths;
pub mod style;
pub mod verdicts;

use crate::diag::Diagnostic;
use crate::html::HtmlRenderer;
use crate::note::{Excerpt, Note};
use crate::report::CheckReport;
use crate::vault::{Attachment, Vault};
use crate::verify::Status;
use figure::{Figure, LessonProblem, PlotRun};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use style::{LessonStyle, PlacedFormula};
use verdicts::VerdictLookup;

/// Formula counts per verdict (formulas that state a claim only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    /// Formulas verified.
    pub verified: usize,
    /// Formulas unchecked.
    pub unchecked: usize,
    /// Formulas refuted.
    pub refuted: usize,
}

impl VerdictCounts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Verified => self.verified += 1,
            Status::Unchecked => self.unchecked += 1,
            Status::Refuted => self.refuted += 1,
        }
    }
}

/// One card as shown at the end of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonCard {
    /// Line of the block's `START`.
    pub line: usize,
    /// The Anki note type.
    pub note_type: String,
    /// The question, as HTML.
    pub question: String,
    /// The answer, as HTML (one entry per answer field).
    pub answer: Vec<String>,
}

/// One claim behind a verdict footnote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FootnoteClaim {
    /// `verified`, `unchecked` or `refuted`.
    pub status: String,
    /// The claim family.
    pub kind: String,
    /// The claim's LaTeX.
    pub latex: String,
    /// Why.
    pub reason: String,
    /// The evidence (test details or counterexample), pretty JSON.
    pub evidence: String,
}

/// The verdict footnote of one formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    /// The formula's number on the page.
    pub number: usize,
    /// Its LaTeX.
    pub latex: String,
    /// Where it is written, `file:line`.
    pub place: String,
    /// Its status.
    pub status: String,
    /// Its claims.
    pub claims: Vec<FootnoteClaim>,
}

/// One optimizer of a figure, for its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureEntry {
    /// `sgd`, `momentum`, …
    pub name: String,
    /// The hyperparameters, `lr=0.001, momentum=0.9, …`.
    pub hyperparameters: String,
    /// Whether the note stated them (else torch's defaults).
    pub from_note: bool,
}

/// A page's figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonFigure {
    /// The SVG, ready to inline.
    pub svg: String,
    /// What the figure shows.
    pub caption: String,
    /// The optimizers drawn.
    pub entries: Vec<FigureEntry>,
}

/// One lesson page, ready for the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lesson {
    /// The note's vault-relative path.
    pub note: String,
    /// The page's path relative to `lessons/`.
    pub page: String,
    /// Link from this page to `index.html`.
    pub index_href: String,
    /// The first level-1 heading, else the file name.
    pub title: String,
    /// Whether the body starts its own level-1 heading.
    pub has_title_heading: bool,
    /// The note's folder (`""` at the top).
    pub folder: String,
    /// The body as HTML.
    pub body: String,
    /// The cards.
    pub cards: Vec<LessonCard>,
    /// The figure, if the note discusses an optimizer.
    pub figure: Option<LessonFigure>,
    /// Verdict footnotes of the formulas that have claims.
    pub footnotes: Vec<Footnote>,
    /// Numbers of the refuted formulas, for the banner.
    pub refuted: Vec<usize>,
    /// Formula counts.
    pub counts: VerdictCounts,
    /// Number of formulas on the page.
    pub formulas: usize,
}

/// All pages of a vault and the problems met.
#[derive(Debug, Clone, Default)]
pub struct Lessons {
    /// Pages in vault order.
    pub pages: Vec<Lesson>,
    /// Warnings: missing links, formulas left as source, …
    pub diagnostics: Vec<Diagnostic>,
    /// Whether verdicts came from a check report.
    pub checked: bool,
    /// Attachments the pages show (images, sounds), in vault order: the
    /// build copies them to `OUT/media/`, where the pages point.
    pub media: Vec<Attachment>,
}

/// Builds every lesson of `vault`; `report` is the checker's output, if it ran.
pub fn assemble(vault: &Vault, report: Option<&CheckReport>) -> Lessons {
    let mut assembler = Assembler::new(vault, report);
    let pages: Vec<Lesson> = assembler.by_ref().collect();
    let mut lessons = assembler.finish();
    lessons.pages = pages;
    lessons
}

/// What the table of contents needs of one page, so that a build can
/// write each page as it is made and keep only this of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// The page's title.
    pub title: String,
    /// The note's folder (`""` at the top).
    pub folder: String,
    /// The page's path relative to `lessons/`.
    pub page: String,
    /// Number of formulas on the page.
    pub formulas: usize,
    /// Formula counts.
    pub counts: VerdictCounts,
}

impl From<&Lesson> for PageEntry {
    fn from(lesson: &Lesson) -> Self {
        Self {
            title: lesson.title.clone(),
            folder: lesson.folder.clone(),
            page: lesson.page.clone(),
            formulas: lesson.formulas,
            counts: lesson.counts,
        }
    }
}

/// The lessons of a vault made one note at a time, in vault order: an
/// iterator of pages, so a build can render and write each page and drop
/// it (memory stays that of a page, not of the vault's pages). What the
/// pages share — the embed budget, the figures drawn, the media shown,
/// the diagnostics — is carried across them; [`Assembler::finish`]
/// returns it as [`Lessons`] without pages. [`assemble`] collects them all.
#[derive(Debug)]
pub struct Assembler<'v, 'r> {
    vault: &'v Vault,
    lookup: VerdictLookup<'r>,
    figures: BTreeMap<String, LessonFigure>,
    media: BTreeSet<usize>,
    /// One per-vault embed budget across every page's renderer.
    budget: crate::html::EmbedBudget,
    lessons: Lessons,
    next: usize,
}

impl<'v, 'r> Assembler<'v, 'r> {
    /// Starts on the first note of `vault`; `report` is the checker's output, if it ran.
    pub fn new(vault: &'v Vault, report: Option<&'r CheckReport>) -> Self {
        Self {
            vault,
            lookup: VerdictLookup::new(report),
            figures: BTreeMap::new(),
            media: BTreeSet::new(),
            budget: crate::html::EmbedBudget::default(),
            lessons: Lessons {
                checked: report.is_some(),
                ..Lessons::default()
            },
            next: 0,
        }
    }

    /// What the pages made so far share: diagnostics, media, whether
    /// checked (`pages` empty).
    pub fn finish(self) -> Lessons {
        let mut lessons = self.lessons;
        lessons.media = self
            .media
            .into_iter()
            .map(|i| self.vault.attachments[i].clone())
            .collect();
        lessons
    }
}

impl Iterator for Assembler<'_, '_> {
    type Item = Lesson;

    fn next(&mut self) -> Option<Lesson> {
        let vault = self.vault;
        let note = vault.notes.get(self.next)?;
        self.next += 1;
        let lessons = &mut self.lessons;
        let mut renderer =
            HtmlRenderer::with_style(vault, LessonStyle::new(&self.lookup, &note.path));
        renderer.budget = std::mem::take(&mut self.budget);
        let body = renderer.render(&note.path, &note.body());
        let body = headings::drop_empty_sections(&headings::add_heading_ids(&body));
        let cards = note
            .blocks
            .iter()
            .filter(|b| !b.delete)
            .map(|b| card(&mut renderer, &note.path, &cards::sides(b)))
            .collect();
        let figure = lesson_figure(note, &mut self.figures, &mut lessons.diagnostics);
        let HtmlRenderer {
            style,
            diagnostics,
            media: used,
            budget: spent,
            ..
        } = renderer;
        self.budget = spent;
        self.media.extend(used);
        lessons.diagnostics.extend(diagnostics);
        lessons.diagnostics.extend(style.diagnostics);
        Some(page(note, body, cards, figure, &style.formulas))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.vault.notes.len() - self.next;
        (left, Some(left))
    }
}

fn card(
    renderer: &mut HtmlRenderer<'_, LessonStyle<'_>>,
    path: &str,
    sides: &cards::CardSides,
) -> LessonCard {
    let mut render = |e: &Excerpt| headings::add_heading_ids(&renderer.render(path, e));
    LessonCard {
        line: sides.line,
        note_type: sides.note_type.to_string(),
        question: render(&sides.question),
        answer: sides.answer.iter().map(&mut render).collect(),
    }
}

fn page(
    note: &Note,
    body: String,
    cards: Vec<LessonCard>,
    figure: Option<LessonFigure>,
    formulas: &[PlacedFormula],
) -> Lesson {
    let title_heading = note.headings.iter().find(|h| h.level == 1);
    let mut counts = VerdictCounts::default();
    for f in formulas.iter().filter(|f| f.verdict.is_claim) {
        counts.add(f.verdict.status);
    }
    let page = paths::page_path(&note.path);
    Lesson {
        note: note.path.clone(),
        index_href: paths::relative_href(&note.path, "index.html"),
        title: title_heading.map_or_else(|| note.name.clone(), |h| h.text.clone()),
        has_title_heading: title_heading.is_some(),
        folder: paths::folder(&note.path).to_string(),
        body,
        cards,
        figure,
        footnotes: formulas
            .iter()
            .filter(|f| !f.verdict.claims.is_empty())
            .map(footnote)
            .collect(),
        refuted: formulas
            .iter()
            .filter(|f| f.verdict.status == Status::Refuted)
            .map(|f| f.number)
            .collect(),
        counts,
        formulas: formulas.len(),
        page,
    }
}

fn footnote(f: &PlacedFormula) -> Footnote {
    Footnote {
        number: f.number,
        latex: f.latex.clone(),
        place: format!("{}:{}", f.file, f.line),
        status: f.verdict.status.as_str().to_string(),
        claims: f
            .verdict
            .claims
            .iter()
            .map(|c| FootnoteClaim {
                status: c.status.as_str().to_string(),
                kind: c.kind.clone(),
                latex: c.latex.clone(),
                reason: c.reason.clone(),
                evidence: serde_json::to_string_pretty(&c.evidence).unwrap_or_default(),
            })
            .collect(),
    }
}

/// The figure of the optimizers `note` discusses (shared between pages
/// that draw the same runs).
fn lesson_figure(
    note: &Note,
    cache: &mut BTreeMap<String, LessonFigure>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LessonFigure> {
    let runs = optimizers::figure_runs(note);
    if runs.is_empty() {
        return None;
    }
    let key = serde_json::to_string(&runs.iter().map(|r| &r.config).collect::<Vec<_>>()).ok()?;
    if let Some(found) = cache.get(&key) {
        return Some(found.clone());
    }
    let mut plot_runs = Vec::new();
    let mut entries = Vec::new();
    for run in &runs {
        let kind = run.config.kind();
        match LessonProblem::run(&run.config) {
            Ok(t) => plot_runs.push(PlotRun::from_trajectory(kind.to_string(), &t)),
            Err(e) => {
                diagnostics.push(Diagnostic::warning(
                    &note.path,
                    1,
                    format!("figure: {kind} not drawn: {e}"),
                ));
                continue;
            }
        }
        entries.push(FigureEntry {
            name: kind.to_string(),
            hyperparameters: hyperparameters_text(&run.config.hyperparameters()),
            from_note: run.from_note,
        });
    }
    let figure = Figure {
        runs: plot_runs,
        contours: Some(LessonProblem::hessian()),
    };
    match figure::draw(&figure) {
        Ok(svg) => {
            let made = LessonFigure {
                svg: strip_xml_declaration(&svg),
                caption: figure_caption(),
                entries,
            };
            cache.insert(key, made.clone());
            Some(made)
        }
        Err(e) => {
            diagnostics.push(Diagnostic::warning(&note.path, 1, format!("figure: {e}")));
            None
        }
    }
}

/// The caption that says which problem the figure runs on.
pub fn figure_caption() -> String {
    let [x, y] = LessonProblem::THETA0;
    format!(
        "Each reference optimizer the note discusses, run for {} steps on R(θ) = ½θᵀHθ \
         with H's eigenvalues {} and {} (condition number {}, the flat direction turned {}° \
         from θ₁), from θ₀ = ({}, {}). Left: the iterates over contour lines of R; right: \
         R per step on a log scale.",
        LessonProblem::STEPS,
        LessonProblem::LAMBDA_MIN,
        LessonProblem::LAMBDA_MIN * LessonProblem::KAPPA,
        LessonProblem::KAPPA,
        LessonProblem::ANGLE_DEGREES,
        x,
        y
    )
}

fn strip_xml_declaration(svg: &str) -> String {
    match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg.to_string(),
    }
}

/// `lr=0.001, momentum=0.9` from a hyperparameters object (keys sorted,
/// `lr` first; numbers in short form).
pub fn hyperparameters_text(value: &serde_json::Value) -> String {
    let Some(map) = value.as_object() else {
        return String::new();
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| (k.as_str() != "lr", k.as_str()));
    keys.iter()
        .map(|k| {
            let v = &map[k.as_str()];
            let text = match v {
                serde_json::Value::Number(n) => n.as_f64().map_or(n.to_string(), short_number),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{k}={text}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `0.001`, `1e-8`, `0.9`: plain form between 1e-3 and 1e4, else exponent form.
pub fn short_number(v: f64) -> String {
    if v == 0.0 || (1e-3..1e4).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests;
