//! User templates: `--templates DIR` and the vault's `.verideck/templates/`
//! override the embedded defaults by name (the flag's folder first), and a
//! missing folder or a broken template is an error naming the file.
mod common;
use common::{TempVault, verideck};
use predicates::prelude::*;

const NOTE: &[u8] = b"# series\nsum $q^k$\n";

fn build_with(v: &TempVault, templates: Option<&std::path::Path>) -> assert_cmd::assert::Assert {
    let mut cmd = verideck();
    cmd.arg("build").arg(v.vault()).arg("--out").arg(v.out());
    if let Some(dir) = templates {
        cmd.arg("--templates").arg(dir);
    }
    cmd.assert()
}

fn page(v: &TempVault) -> String {
    std::fs::read_to_string(v.out().join("lessons/series.html")).unwrap()
}

#[test]
fn the_vault_folder_overrides_and_the_flag_folder_overrides_both() {
    let v = TempVault::new(&[
        ("series.md", NOTE),
        (
            ".verideck/templates/lessons/page.html",
            b"vault page: {{ lesson.title }}",
        ),
        (
            ".verideck/templates/lessons/style.css",
            b"body { color: teal; }",
        ),
    ]);
    build_with(&v, None).success();
    assert_eq!(page(&v), "vault page: series");
    let index = std::fs::read_to_string(v.out().join("lessons/index.html")).unwrap();
    assert!(index.contains("body { color: teal; }") && index.contains("Lessons of"));

    let flag = v.dir.path().join("mine");
    std::fs::create_dir_all(flag.join("lessons")).unwrap();
    std::fs::write(
        flag.join("lessons/page.html"),
        "{% extends \"lessons/base.html\" %}{% block content %}flag page {{ lesson.formulas }}{% endblock content %}",
    )
    .unwrap();
    build_with(&v, Some(&flag)).success();
    let html = page(&v);
    assert!(html.contains("flag page 1"), "{html}");
    assert!(
        html.contains("body { color: teal; }"),
        "the vault's style.css still applies"
    );
}

#[test]
fn a_broken_user_template_is_an_error_naming_its_file() {
    let v = TempVault::new(&[("series.md", NOTE)]);
    let dir = v.dir.path().join("broken");
    std::fs::create_dir_all(dir.join("lessons")).unwrap();
    let file = dir.join("lessons/index.html");
    std::fs::write(&file, "{% for x in %}oops").unwrap();
    build_with(&v, Some(&dir))
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: template {}",
            file.display()
        )));
    assert!(!v.out().join("deck.txt").exists(), "nothing is written");
}

#[test]
fn a_template_that_fails_while_rendering_names_its_file() {
    let v = TempVault::new(&[("series.md", NOTE)]);
    let dir = v.dir.path().join("bad-render");
    std::fs::create_dir_all(dir.join("lessons")).unwrap();
    let file = dir.join("lessons/page.html");
    std::fs::write(&file, "{{ lesson.no_such_field.deeper }}").unwrap();
    build_with(&v, Some(&dir))
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: template {}",
            file.display()
        )));
}

#[test]
fn a_missing_templates_folder_is_an_error_naming_it() {
    let v = TempVault::new(&[("series.md", NOTE)]);
    let dir = v.dir.path().join("nope");
    build_with(&v, Some(&dir))
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: template {}: templates folder not found",
            dir.display()
        )));
}
