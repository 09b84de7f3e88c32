//! The lesson pages as files: each [`Lesson`] through the
//! `lessons/page.html` template, and the table of contents through
//! `lessons/index.html`. Returns paths relative to the `lessons/` folder
//! with their text; the pipeline writes them.
use super::templates::{TemplateError, Templates};
use crate::lesson::{Lesson, Lessons, VerdictCounts};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// One row of the table of contents.
#[derive(Debug, Serialize)]
struct TocEntry<'a> {
    title: &'a str,
    href: String,
    formulas: usize,
    counts: VerdictCounts,
}

/// One folder of the table of contents.
#[derive(Debug, Serialize)]
struct TocFolder<'a> {
    name: &'a str,
    pages: Vec<TocEntry<'a>>,
}

/// Totals over all pages.
#[derive(Debug, Serialize)]
struct Totals {
    pages: usize,
    formulas: usize,
    counts: VerdictCounts,
}

/// Renders every page and `index.html`: `(path under lessons/, HTML)`,
/// index first, then the pages in vault order.
pub fn render(
    templates: &Templates,
    lessons: &Lessons,
    vault_name: &str,
) -> Result<Vec<(String, String)>, TemplateError> {
    let mut files = vec![(
        "index.html".to_string(),
        render_index(templates, lessons, vault_name)?,
    )];
    for lesson in &lessons.pages {
        files.push((
            lesson.page.clone(),
            render_page(templates, lesson, lessons.checked, vault_name)?,
        ));
    }
    Ok(files)
}

/// One lesson page.
pub fn render_page(
    templates: &Templates,
    lesson: &Lesson,
    checked: bool,
    vault_name: &str,
) -> Result<String, TemplateError> {
    let mut context = Context::new();
    context.insert("lesson", lesson);
    context.insert("checked", &checked);
    context.insert("vault_name", vault_name);
    templates.render("lessons/page.html", &context)
}

/// The table of contents: folders in byte order, notes in vault order.
pub fn render_index(
    templates: &Templates,
    lessons: &Lessons,
    vault_name: &str,
) -> Result<String, TemplateError> {
    let mut folders: BTreeMap<&str, Vec<TocEntry<'_>>> = BTreeMap::new();
    let mut totals = Totals {
        pages: lessons.pages.len(),
        formulas: 0,
        counts: VerdictCounts::default(),
    };
    for lesson in &lessons.pages {
        totals.formulas += lesson.formulas;
        totals.counts.verified += lesson.counts.verified;
        totals.counts.unchecked += lesson.counts.unchecked;
        totals.counts.refuted += lesson.counts.refuted;
        folders.entry(&lesson.folder).or_default().push(TocEntry {
            title: &lesson.title,
            href: crate::lesson::paths::relative_href("index.md", &lesson.page),
            formulas: lesson.formulas,
            counts: lesson.counts,
        });
    }
    let folders: Vec<TocFolder<'_>> = folders
        .into_iter()
        .map(|(name, pages)| TocFolder { name, pages })
        .collect();
    let mut context = Context::new();
    context.insert("folders", &folders);
    context.insert("totals", &totals);
    context.insert("checked", &lessons.checked);
    context.insert("vault_name", vault_name);
    templates.render("lessons/index.html", &context)
}
