//! The lesson pages as files: each [`Lesson`] through the
//! `lessons/page.html` template, and the table of contents through
//! `lessons/index.html`. Returns paths relative to the `lessons/` folder
//! with their text; the pipeline writes them. A build renders page by page
//! ([`render_page`], then [`render_index_of`] from what it kept of each).
use super::templates::{TemplateError, Templates};
use crate::lesson::{Lesson, Lessons, PageEntry, VerdictCounts};
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
    let entries: Vec<PageEntry> = lessons.pages.iter().map(PageEntry::from).collect();
    render_index_of(templates, &entries, lessons.checked, vault_name)
}

/// [`render_index`] from what the table of contents needs of each page
/// (in vault order), for a build that did not keep the pages.
pub fn render_index_of(
    templates: &Templates,
    entries: &[PageEntry],
    checked: bool,
    vault_name: &str,
) -> Result<String, TemplateError> {
    let mut folders: BTreeMap<&str, Vec<TocEntry<'_>>> = BTreeMap::new();
    let mut totals = Totals {
        pages: entries.len(),
        formulas: 0,
        counts: VerdictCounts::default(),
    };
    for lesson in entries {
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
    context.insert("checked", &checked);
    context.insert("vault_name", vault_name);
    templates.render("lessons/index.html", &context)
}
