//! `verideck simulate … --plot FILE.svg`: the lessons' figure for one run.
mod common;
use common::verideck;
use predicates::prelude::*;

#[test]
fn plot_writes_the_same_svg_figure_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("run.svg");
    let run = || {
        verideck()
            .args([
                "simulate",
                "adam",
                "--objective",
                "quadratic",
                "--hessian-diag",
                "1,20",
            ])
            .args([
                "--theta0", "-1,0.5", "--lr", "0.05", "--steps", "40", "--format", "json",
            ])
            .arg("--plot")
            .arg(&svg)
            .assert()
            .success()
            .stdout(predicate::str::starts_with("{\"optimizer\":\"adam\""));
        std::fs::read_to_string(&svg).unwrap()
    };
    let first = run();
    assert!(first.starts_with("<svg") && first.trim_end().ends_with("</svg>"));
    assert!(first.contains("trajectories over the contours of R"));
    assert!(first.contains("loss per step (log scale)"));
    assert!(first.contains("\nadam\n"), "legend names the optimizer");
    assert_eq!(first, run());
}

#[test]
fn plot_without_2d_points_or_loss_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let grads = dir.path().join("g.json");
    std::fs::write(&grads, "[[1,2,3],[1,2,3]]").unwrap();
    verideck()
        .args(["simulate", "sgd", "--grads"])
        .arg(&grads)
        .arg("--plot")
        .arg(dir.path().join("x.svg"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: --plot: nothing to plot"));
}
