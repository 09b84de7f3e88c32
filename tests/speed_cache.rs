//! Issue 12, the verdict cache: a warm run reports exactly what a cold one
//! does and verifies nothing; editing one note re-verifies only that note;
//! `--no-cache` reads and writes nothing; a corrupt or foreign cache file
//! is ignored with a warning and replaced; a cache folder inside the vault
//! is refused; concurrent runs sharing a cache leave it readable; the
//! vault is never written.
mod common;
use common::{TempVault, snapshot_tree, verideck};
use std::path::Path;

const NOTES: &[(&str, &[u8])] = &[
    ("a.md", b"# a\n$2 + 3 = 5$ and $$7 \\cdot 6 = 42$$\n"),
    ("b.md", b"# b\n$10 - 4 = 6$\n"),
    ("sub/c.md", b"# c\nwrong: $2 + 2 = 5$\n"),
    ("d.md", b"# d\n$(a+b)^2 = a^2 + 2ab + b^2$\n"),
];

struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: Option<i32>,
}

fn check(vault: &Path, cache: &Path, extra: &[&str]) -> Run {
    let mut cmd = verideck();
    cmd.args(["check", "--format", "json"]);
    if !extra.contains(&"--no-cache") {
        cmd.arg("--cache-dir").arg(cache);
    }
    let out = cmd.args(extra).arg(vault).output().unwrap();
    Run {
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code(),
    }
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn warm_run_reuses_every_note_and_reports_the_same() {
    let v = TempVault::new(NOTES);
    let cache = v.dir.path().join("cache");
    let before = snapshot_tree(&v.vault());
    let cold = check(&v.vault(), &cache, &[]);
    assert_eq!(cold.code, Some(1), "{}", cold.stderr);
    assert!(
        cold.stderr
            .contains("cache: 0 of 4 notes reused, 4 verified afresh"),
        "{}",
        cold.stderr
    );
    let warm = check(&v.vault(), &cache, &[]);
    assert!(
        warm.stderr
            .contains("cache: 4 of 4 notes reused, 0 verified afresh"),
        "{}",
        warm.stderr
    );
    assert_eq!(warm.code, cold.code);
    assert!(warm.stdout == cold.stdout, "warm report differs from cold");
    let uncached = check(&v.vault(), &cache, &["--no-cache"]);
    assert!(uncached.stdout == cold.stdout);
    assert!(!uncached.stderr.contains("cache:"), "{}", uncached.stderr);
    assert_eq!(snapshot_tree(&v.vault()), before, "the vault was written");
    assert_eq!(cache_files(&cache).len(), 1);
}

#[test]
fn editing_one_note_reverifies_only_that_note() {
    let v = TempVault::new(NOTES);
    let cache = v.dir.path().join("cache");
    check(&v.vault(), &cache, &[]);
    std::fs::write(v.vault().join("b.md"), "# b\n$10 - 4 = 7$\n").unwrap();
    let edited = check(&v.vault(), &cache, &[]);
    assert!(
        edited
            .stderr
            .contains("cache: 3 of 4 notes reused, 1 verified afresh"),
        "{}",
        edited.stderr
    );
    let fresh = check(&v.vault(), &cache, &["--no-cache"]);
    assert!(edited.stdout == fresh.stdout, "edited report differs");
    let json: serde_json::Value = serde_json::from_slice(&edited.stdout).unwrap();
    assert_eq!(json["summary"]["refuted"], 2, "{json}");
    // A deleted note drops out; the others are still reused.
    std::fs::remove_file(v.vault().join("d.md")).unwrap();
    let deleted = check(&v.vault(), &cache, &[]);
    assert!(
        deleted
            .stderr
            .contains("cache: 3 of 3 notes reused, 0 verified afresh"),
        "{}",
        deleted.stderr
    );
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let v = TempVault::new(NOTES);
    let cache = v.dir.path().join("env-cache");
    let out = verideck()
        .env("VERIDECK_CACHE_DIR", &cache)
        .args(["check", "--no-cache"])
        .arg(v.vault())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(cache_files(&cache).is_empty());
    // Without flags the environment variable names the folder.
    verideck()
        .env("VERIDECK_CACHE_DIR", &cache)
        .args(["check"])
        .arg(v.vault())
        .output()
        .unwrap();
    assert_eq!(cache_files(&cache).len(), 1);
    verideck()
        .args(["check", "--no-cache", "--cache-dir", "x"])
        .arg(v.vault())
        .assert()
        .code(2);
}

#[test]
fn corrupt_or_foreign_cache_file_is_ignored_with_a_warning_and_replaced() {
    let v = TempVault::new(NOTES);
    let cache = v.dir.path().join("cache");
    let cold = check(&v.vault(), &cache, &[]);
    let file = cache_files(&cache).pop().unwrap();
    let good = std::fs::read(&file).unwrap();
    let tampered = String::from_utf8(good.clone())
        .unwrap()
        .replacen("\"verified\"", "\"trusted\"", 1)
        .into_bytes();
    for (bad, warning, reused) in [
        (
            good[..good.len() / 2].to_vec(),
            "warning: ignoring the verdict cache",
            0,
        ),
        (
            b"\x00\x01 not json".to_vec(),
            "warning: ignoring the verdict cache",
            0,
        ),
        (
            br#"{"format":"someone-else","schema":1,"checker":"x","entries":{}}"#.to_vec(),
            "warning: ignoring the verdict cache",
            0,
        ),
        // One note's entry is not ours: that note is verified afresh.
        (
            tampered,
            "warning: ignored 1 corrupt entry of the verdict cache",
            3,
        ),
    ] {
        std::fs::write(&file, &bad).unwrap();
        let run = check(&v.vault(), &cache, &[]);
        assert!(run.stderr.contains(warning), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{reused} of 4 notes reused")),
            "{}",
            run.stderr
        );
        assert_eq!(run.code, cold.code);
        assert!(run.stdout == cold.stdout);
        let again = check(&v.vault(), &cache, &[]);
        assert!(!again.stderr.contains("warning"), "{}", again.stderr);
        assert!(again.stderr.contains("4 of 4 notes reused"));
    }
}

#[test]
fn cache_folder_inside_the_vault_is_refused() {
    let v = TempVault::new(NOTES);
    let before = snapshot_tree(&v.vault());
    let run = check(&v.vault(), &v.vault().join(".cache"), &[]);
    assert!(run.stderr.contains("inside the vault"), "{}", run.stderr);
    assert_eq!(run.code, Some(1));
    assert_eq!(snapshot_tree(&v.vault()), before);
    assert!(!v.vault().join(".cache").exists());
}

#[test]
fn concurrent_runs_sharing_a_cache_leave_it_readable() {
    let v = TempVault::new(NOTES);
    let cache = v.dir.path().join("cache");
    let reference = check(&v.vault(), &cache, &["--no-cache"]);
    let spawn = |i: usize| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("verideck"));
        if i.is_multiple_of(2) {
            cmd.args(["check", "--format", "json"]);
        } else {
            cmd.args(["build", "--allow-refuted", "--out"])
                .arg(v.dir.path().join(format!("out{i}")));
        }
        cmd.arg("--cache-dir")
            .arg(&cache)
            .arg(v.vault())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..6).map(spawn).collect();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("verdict cache"), "{stderr}");
        if i.is_multiple_of(2) {
            assert!(out.stdout == reference.stdout, "run {i}: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(0), "{stderr}");
        }
    }
    assert_eq!(cache_files(&cache).len(), 1, "a temporary file was left");
    let after = check(&v.vault(), &cache, &[]);
    assert!(
        after.stderr.contains("4 of 4 notes reused"),
        "{}",
        after.stderr
    );
    assert!(after.stdout == reference.stdout);
}
