//! Hostile input (issue 13): nothing outside the vault is read through a
//! symlink — notes, folders, media or `.verideck/templates` — and each
//! link out is skipped with one warning naming it.
#![cfg(unix)]
mod common;
use common::{TempVault, rows};
use std::os::unix::fs::symlink;
use std::path::Path;

const NOTE: &[u8] = b"START\nBasic\nInside\nBack: A\nEND\n";
const SECRET: &str = "START\nBasic\nSECRET\nBack: A\nEND\n";

/// A vault with one card, and a folder `outside/` next to it holding a
/// secret note, a secret image and a template that would leak.
fn vault_with_outside() -> TempVault {
    let v = TempVault::new(&[("a.md", NOTE)]);
    let outside = v.dir.path().join("outside");
    std::fs::create_dir_all(outside.join("deep")).unwrap();
    std::fs::write(outside.join("s.md"), SECRET).unwrap();
    for i in 0..50 {
        std::fs::write(outside.join(format!("deep/{i}.md")), SECRET).unwrap();
    }
    std::fs::write(outside.join("pic.png"), b"SECRET-IMAGE").unwrap();
    std::fs::write(outside.join("deck.txt"), "LEAKED TEMPLATE").unwrap();
    v
}

fn outside(v: &TempVault) -> std::path::PathBuf {
    v.dir.path().join("outside")
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn card_fronts(v: &TempVault) -> Vec<String> {
    rows(&v.deck()).into_iter().map(|r| r[4].clone()).collect()
}

#[test]
fn a_folder_linked_outside_is_skipped_with_one_warning() {
    let v = vault_with_outside();
    symlink(outside(&v), v.vault().join("linked")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert_eq!(card_fronts(&v), ["Inside"]);
    assert_eq!(
        stderr
            .matches("linked:1: warning: symlink points outside")
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("SECRET"));
}

#[test]
fn a_note_linked_outside_is_skipped() {
    let v = vault_with_outside();
    symlink(outside(&v).join("s.md"), v.vault().join("s.md")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert_eq!(card_fronts(&v), ["Inside"]);
    assert!(
        stderr.contains("s.md:1: warning: symlink points outside the vault"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_proc_gives_one_warning_not_thousands_of_errors() {
    let v = TempVault::new(&[("a.md", NOTE)]);
    symlink("/proc", v.vault().join("proc")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert!(stderr.lines().count() < 5, "{stderr}");
    assert_eq!(
        stderr
            .matches("proc:1: warning: symlink points outside")
            .count(),
        1
    );
}

#[test]
fn an_image_linked_outside_is_not_copied_or_packaged() {
    let v = vault_with_outside();
    std::fs::write(
        v.vault().join("b.md"),
        "START\nBasic\nPic ![[pic.png]]\nBack: A\nEND\n",
    )
    .unwrap();
    symlink(outside(&v).join("pic.png"), v.vault().join("pic.png")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    assert!(
        stderr.contains("pic.png:1: warning: symlink points outside"),
        "{stderr}"
    );
    for file in common::snapshot_tree(&v.out()) {
        assert!(
            !file.1.windows(12).any(|w| w == b"SECRET-IMAGE"),
            "{} carries the outside image",
            file.0.display()
        );
    }
    let apkg = std::fs::read(v.out().join("deck.apkg")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(apkg)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert!(!bytes.windows(12).any(|w| w == b"SECRET-IMAGE"));
    }
}

#[test]
fn vault_templates_linked_outside_are_not_used() {
    let v = vault_with_outside();
    std::fs::create_dir_all(v.vault().join(".verideck")).unwrap();
    symlink(outside(&v), v.vault().join(".verideck/templates")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert!(!v.deck().contains("LEAKED"));
    assert!(
        stderr.contains(".verideck/templates:1: warning: symlink points outside the vault"),
        "{stderr}"
    );
}

#[test]
fn a_template_file_linked_outside_is_not_used() {
    let v = vault_with_outside();
    let dir = v.vault().join(".verideck/templates");
    std::fs::create_dir_all(&dir).unwrap();
    symlink(outside(&v).join("deck.txt"), dir.join("deck.txt")).unwrap();
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert!(!v.deck().contains("LEAKED"));
    assert!(
        stderr.contains("deck.txt:1: warning: symlink points outside the templates folder"),
        "{stderr}"
    );
}

#[test]
fn links_inside_the_vault_are_followed_once_and_loops_end() {
    let v = TempVault::new(&[("sub/a.md", NOTE)]);
    symlink("sub", v.vault().join("alias")).unwrap();
    symlink(".", v.vault().join("sub/loop")).unwrap();
    symlink(Path::new("..").join("sub"), v.vault().join("sub/up")).unwrap();
    symlink("a.md", v.vault().join("sub/same.md")).unwrap();
    v.build().success();
    assert_eq!(card_fronts(&v), ["Inside"]);
    let page = v.out().join("lessons");
    let pages: Vec<_> = std::fs::read_dir(page)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}"); // index.html and one page for sub/a.md
}
