//! insta snapshots of the sample vault's lessons: `index.html` and two
//! pages, whole. Nothing is redacted: the same vault must give the same
//! bytes (no timestamps, no temp paths, fixed float formatting).
use std::path::Path;
use verideck::deck::DeckOptions;
use verideck::pipeline::{BuildOptions, build};

fn build_sample(out: &Path) {
    let vault = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    build(&BuildOptions {
        vault,
        out: out.to_path_buf(),
        deck: DeckOptions::default(),
        templates: None,
        allow_refuted: false,
    })
    .unwrap();
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join("lessons").join(page)).unwrap()
}

#[test]
fn sample_vault_lessons() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    insta::assert_snapshot!("index_html", read(out.path(), "index.html"));
    insta::assert_snapshot!("adam_html", read(out.path(), "optimizers/adam.html"));
    insta::assert_snapshot!(
        "geometric_series_html",
        read(out.path(), "math/geometric series.html")
    );
}

#[test]
fn lessons_are_byte_identical_across_builds() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_sample(a.path());
    build_sample(b.path());
    let tree = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root.join("lessons"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let name = e.path().strip_prefix(root).unwrap().display().to_string();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let first = tree(a.path());
    assert_eq!(first.len(), 16, "15 pages and index.html");
    assert!(first == tree(b.path()));
}

#[test]
fn every_sample_formula_becomes_mathml() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    let mut formulas = 0;
    for entry in walkdir::WalkDir::new(out.path().join("lessons")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let placed = html.matches(" data-formula=\"").count();
            assert_eq!(
                placed,
                html.matches("<math ").count(),
                "{}",
                entry.path().display()
            );
            assert!(!html.contains("<code class=\"latex-source\">"));
            formulas += placed;
        }
    }
    assert!(formulas >= 170, "{formulas}");
}
