//! Issue 12, "no quadratic paths": a build renders and stages its lesson
//! pages a chunk at a time instead of holding them all, and still writes
//! nothing when a template fails on a page of a late chunk (the pages
//! staged before it are removed, and so are the folders made for them);
//! an earlier build's output is then left as it was. The figures of the
//! linear paths themselves are in `benches/scale.rs` (the `tiny` group).
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use verideck::deck::DeckOptions;
use verideck::pipeline::{BuildError, BuildOptions, build};

/// More notes than a chunk of pages (256), so the failing page is staged late.
const NOTES: usize = 600;

fn vault(dir: &Path) -> PathBuf {
    let root = dir.join("vault");
    let spec = synth::Spec {
        notes: NOTES,
        kind: synth::Kind::Tiny,
        seed: 12,
    };
    synth::write_vault(&root, &spec).unwrap();
    root
}

fn options(vault: &Path, out: &Path, templates: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        vault: vault.to_path_buf(),
        out: out.to_path_buf(),
        deck: DeckOptions::default(),
        templates,
        allow_refuted: false,
    }
}

/// A page template that fails on the page of note `n{at}` only.
fn failing_on(dir: &Path, at: usize) -> PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir_all(templates.join("lessons")).unwrap();
    std::fs::write(
        templates.join("lessons/page.html"),
        format!(
            "{{% if lesson.title == \"n{at}\" %}}{{{{ no_such_variable }}}}{{% endif %}}page {{{{ lesson.title }}}}\n"
        ),
    )
    .unwrap();
    templates
}

/// Every file under `dir`, relative, sorted, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_template_failing_on_a_late_page_writes_nothing_not_even_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = vault(tmp.path());
    let out = tmp.path().join("out");
    let templates = failing_on(tmp.path(), NOTES - 10);
    let err = build(&options(&root, &out, Some(templates))).unwrap_err();
    assert!(matches!(err, BuildError::Template(_)), "{err}");
    assert!(
        !out.exists(),
        "the output folder was left: {:?}",
        files(&out)
    );
}

#[test]
fn a_failing_build_leaves_the_previous_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let root = vault(tmp.path());
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).unwrap();
    assert_eq!(report.lessons, NOTES);
    let before = files(&out);
    let templates = failing_on(tmp.path(), NOTES - 10);
    assert!(build(&options(&root, &out, Some(templates))).is_err());
    assert_eq!(files(&out), before, "the earlier build's files changed");
}
