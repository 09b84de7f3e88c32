//! Issue 12, parallel checking: notes are verified on rayon's thread pool,
//! and the report is the same, byte for byte, whatever the thread count.
//! Run on the sample vault with 1 and 4 threads (no cache, so that both
//! runs really verify), in the JSON and human formats, and for `build`.
mod common;
use common::{snapshot_tree, verideck};
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")
}

fn check(threads: &str, format: &str) -> (Vec<u8>, Option<i32>) {
    let out = verideck()
        .env("RAYON_NUM_THREADS", threads)
        .args(["check", "--no-cache", "--format", format])
        .arg(sample())
        .output()
        .unwrap();
    // stderr is a pipe here: no progress bar, and never one on stdout.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("checking ["), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("checking ["));
    (out.stdout, out.status.code())
}

#[test]
fn check_report_is_the_same_with_1_and_4_threads() {
    for format in ["json", "human", "junit"] {
        let one = check("1", format);
        let four = check("4", format);
        assert!(!one.0.is_empty(), "{format}: empty report");
        assert_eq!(one.1, four.1, "{format}: exit status");
        assert!(
            one.0 == four.0,
            "{format}: reports differ between 1 and 4 threads"
        );
    }
}

#[test]
fn build_output_is_the_same_with_1_and_4_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "4"] {
        let out = tmp.path().join(format!("out{threads}"));
        verideck()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--no-cache", "--allow-refuted", "--out"])
            .arg(&out)
            .arg(sample())
            .assert()
            .success();
        let tree: Vec<_> = snapshot_tree(&out)
            .into_iter()
            .map(|(path, bytes)| (path.strip_prefix(&out).unwrap().to_path_buf(), bytes))
            .collect();
        trees.push(tree);
    }
    assert!(!trees[0].is_empty());
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&trees[0]), names(&trees[1]));
    for ((path, a), (_, b)) in trees[0].iter().zip(&trees[1]) {
        assert!(a == b, "{} differs between 1 and 4 threads", path.display());
    }
}
