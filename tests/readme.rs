//! The README works as written (issue 14): every file it links exists, every
//! `sh` example runs literally (with `verideck` on the PATH, as the quick
//! start's `cargo install --path .` leaves it) from a copy of the
//! repository's root, and the `console` example prints what it shows.
//! Lines that run cargo itself (`cargo install`, `cargo test`) are left to
//! CI, which runs them as its own steps.
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// `(language, text)` of every fenced code block.
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                current = Some((lang.to_string(), String::new()));
            }
            Event::Text(t) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// A scratch copy of what the examples read: the sample vault, the
/// templates and the docs.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["notes", "templates", "docs"] {
        for entry in walkdir::WalkDir::new(root().join(folder)) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(root()).unwrap();
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    dir
}

/// `bash -c script` in `dir` with the built `verideck` first on the PATH.
fn shell(dir: &Path, script: &str) -> std::process::Output {
    let bin: PathBuf = Path::new(env!("CARGO_BIN_EXE_verideck"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env(
            "VERIDECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-cache"),
        )
        .output()
        .unwrap()
}

#[test]
fn every_linked_file_exists() {
    let text = readme();
    let mut links = Vec::new();
    for event in Parser::new(&text) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            links.push(dest_url.to_string());
        }
    }
    assert!(links.len() >= 3, "{links:?}");
    for link in links {
        if link.starts_with("http://") || link.starts_with("https://") || link.starts_with('#') {
            continue;
        }
        let path = link.split('#').next().unwrap().replace("%20", " ");
        assert!(
            root().join(&path).exists(),
            "README links {link}, which is missing"
        );
    }
}

#[test]
fn every_shell_example_runs_as_written() {
    let blocks: Vec<String> = code_blocks(&readme())
        .into_iter()
        .filter(|(lang, _)| lang == "sh")
        .map(|(_, body)| body)
        .collect();
    assert!(blocks.len() >= 5, "{blocks:?}");
    let dir = workspace();
    let mut ran = 0;
    for block in blocks {
        // Cargo's own commands are CI steps; everything else runs here.
        let script: String = block
            .lines()
            .filter(|l| !l.trim_start().starts_with("cargo "))
            .collect::<Vec<_>>()
            .join("\n");
        if script.trim().is_empty() {
            continue;
        }
        let out = shell(dir.path(), &script);
        assert!(
            out.status.success(),
            "README example failed ({:?}):\n{script}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += script.lines().filter(|l| l.contains("verideck ")).count();
    }
    assert!(ran >= 7, "{ran} verideck commands ran");
    // What they wrote.
    for file in [
        "out/deck.txt",
        "out/lessons/index.html",
        "momentum.svg",
        "grads.json",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
}

#[test]
fn the_console_example_prints_what_it_shows() {
    let consoles: Vec<String> = code_blocks(&readme())
        .into_iter()
        .filter(|(lang, _)| lang == "console")
        .map(|(_, body)| body)
        .collect();
    assert!(!consoles.is_empty());
    let dir = workspace();
    for console in consoles {
        let (command, shown) = console
            .strip_prefix("$ ")
            .and_then(|rest| rest.split_once('\n'))
            .expect("a console block starts with `$ command`");
        let out = shell(dir.path(), command);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), shown, "{command}");
    }
}
