//! `verideck simulate`: the JSON contract (insta snapshots per optimizer, plus structural checks
//! that do not depend on the snapshots), negative numbers, defaults in `--help`, and the
//! one-line errors with exit status 2.
use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;

fn simulate(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("verideck")
        .unwrap()
        .arg("simulate")
        .args(args)
        .assert()
}

fn json(args: &[&str]) -> Value {
    let out = simulate(args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is one JSON object")
}

/// The shared small problem: R = ½θᵀdiag(1, 4)θ from θ0 = (1, −1), three steps, α = 0.1.
const SMALL: [&str; 10] = [
    "--objective",
    "quadratic",
    "--hessian-diag",
    "1,4",
    "--theta0",
    "1,-1",
    "--steps",
    "3",
    "--lr",
    "0.1",
];

fn snapshot_args<'a>(optimizer: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![optimizer];
    args.extend(SMALL);
    args.extend(extra);
    args.extend(["--format", "json"]);
    args
}

#[test]
fn json_snapshots_per_optimizer() {
    for (name, optimizer, extra) in [
        ("sgd", "sgd", &[][..]),
        ("momentum", "momentum", &["--momentum", "0.5"][..]),
        ("nesterov", "nesterov", &["--momentum", "0.5"][..]),
        (
            "nesterov_stored",
            "nesterov",
            &["--momentum", "0.5", "--nesterov-form", "stored"][..],
        ),
        ("adagrad", "adagrad", &[][..]),
        ("rmsprop", "rmsprop", &[][..]),
        ("adam", "adam", &[][..]),
    ] {
        let out = simulate(&snapshot_args(optimizer, extra))
            .success()
            .get_output()
            .stdout
            .clone();
        insta::assert_snapshot!(
            format!("simulate_json_{name}"),
            String::from_utf8(out).unwrap()
        );
    }
}

#[test]
fn json_has_every_field_with_matching_lengths() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("sgd", &[], &[]),
        ("momentum", &[], &["velocity"]),
        ("nesterov", &[], &["velocity"]),
        ("adagrad", &[], &["accumulator"]),
        ("rmsprop", &[], &["v"]),
        ("adam", &[], &["m", "v"]),
    ];
    for (optimizer, extra, states) in cases {
        let v = json(&snapshot_args(optimizer, extra));
        assert_eq!(v["optimizer"], optimizer);
        assert_eq!(v["objective"]["name"], "quadratic");
        assert_eq!(v["steps"], 3);
        assert_eq!(v["trajectory"].as_array().unwrap().len(), 4);
        assert_eq!(v["trajectory"][0], serde_json::json!([1.0, -1.0]));
        assert_eq!(v["loss"].as_array().unwrap().len(), 4);
        assert_eq!(v["loss"][0], 2.5);
        assert_eq!(v["grads"][0], serde_json::json!([1.0, -4.0]));
        let state = v["state"].as_object().unwrap();
        assert_eq!(
            state.keys().map(String::as_str).collect::<Vec<_>>(),
            states,
            "{optimizer}"
        );
        assert!(state.values().all(|h| h.as_array().unwrap().len() == 3));
        assert_eq!(v["hyperparameters"]["lr"], 0.1);
    }
}

#[test]
fn hyperparameters_list_every_effective_default() {
    let v = json(&[
        "adam",
        "--objective",
        "rosenbrock",
        "--theta0",
        "0,0",
        "--steps",
        "1",
    ]);
    let h = &v["hyperparameters"];
    assert_eq!(h["lr"], 1e-3);
    assert_eq!(h["beta1"], 0.9);
    assert_eq!(h["beta2"], 0.999);
    assert_eq!(h["eps"], 1e-8);
    assert_eq!(h["eps_placement"], "outside");
    assert_eq!(h["bias_correction"], true);
    let h = json(&["rmsprop", "--objective", "rosenbrock", "--theta0", "0,0"])["hyperparameters"]
        .clone();
    assert_eq!(
        (h["lr"].clone(), h["decay"].clone(), h["eps"].clone()),
        (1e-2.into(), 0.99.into(), 1e-8.into())
    );
    assert_eq!(h["bias_correction"], false);
    let h = json(&["adagrad", "--objective", "rosenbrock", "--theta0", "0,0"])["hyperparameters"]
        .clone();
    assert_eq!(
        (
            h["lr"].clone(),
            h["eps"].clone(),
            h["initial_accumulator"].clone()
        ),
        (1e-2.into(), 1e-10.into(), 0.0.into())
    );
    let h = json(&["nesterov", "--objective", "rosenbrock", "--theta0", "0,0"])["hyperparameters"]
        .clone();
    assert_eq!(
        (h["lr"].clone(), h["momentum"].clone()),
        (1e-3.into(), 0.9.into())
    );
    assert_eq!(
        (h["nesterov_form"].clone(), h["momentum_form"].clone()),
        ("lookahead".into(), "velocity".into())
    );
    // Every switch reaches the config, and changes the run.
    let base = [
        "--objective",
        "quadratic",
        "--hessian-diag",
        "1,4",
        "--theta0",
        "1,-1",
        "--steps",
        "3",
    ];
    let run = |opt: &'static str, extra: &[&'static str]| {
        let mut args = vec![opt];
        args.extend(base);
        if opt != "momentum" {
            args.extend(["--eps", "0.01"]);
        }
        args.extend(extra);
        json(&args)
    };
    for (opt, flag, key, want) in [
        (
            "adam",
            "--no-bias-correction",
            "bias_correction",
            Value::from(false),
        ),
        (
            "rmsprop",
            "--bias-correction",
            "bias_correction",
            Value::from(true),
        ),
    ] {
        let (plain, switched) = (run(opt, &[]), run(opt, &[flag]));
        assert_eq!(switched["hyperparameters"][key], want);
        assert_ne!(
            plain["trajectory"][1], switched["trajectory"][1],
            "{opt} {flag}"
        );
    }
    for (opt, extra, key, want) in [
        (
            "adam",
            ["--eps-placement", "hat"],
            "eps_placement",
            Value::from("hat"),
        ),
        (
            "adagrad",
            ["--eps-placement", "inside"],
            "eps_placement",
            Value::from("inside"),
        ),
        (
            "adagrad",
            ["--initial-accumulator", "0.1"],
            "initial_accumulator",
            Value::from(0.1),
        ),
        (
            "momentum",
            ["--momentum-form", "buffer"],
            "momentum_form",
            Value::from("buffer"),
        ),
    ] {
        let switched = run(opt, &extra);
        assert_eq!(switched["hyperparameters"][key], want);
    }
    assert_ne!(
        run("adam", &["--eps-placement", "hat"])["trajectory"][1],
        run("adam", &[])["trajectory"][1]
    );
    assert!(run("momentum", &["--momentum-form", "buffer"])["state"]["buffer"].is_array());
    // Zero steps: the start point alone, and every state variable with an empty history.
    let v = json(&[
        "adam",
        "--objective",
        "rosenbrock",
        "--theta0",
        "0,0",
        "--steps",
        "0",
    ]);
    assert_eq!(v["trajectory"], serde_json::json!([[0.0, 0.0]]));
    assert_eq!(v["state"], serde_json::json!({"m": [], "v": []}));
    // Ten steps by default with an objective.
    assert_eq!(
        json(&["sgd", "--objective", "rosenbrock", "--theta0", "0,0"])["steps"],
        10
    );
}

#[test]
fn nesterov_forms_report_theta_or_phi() {
    let base = [
        "nesterov",
        "--objective",
        "quadratic",
        "--hessian-diag",
        "1,2",
        "--theta0",
        "1,1",
        "--lr",
        "0.5",
        "--momentum",
        "0.5",
        "--steps",
        "2",
    ];
    let look = json(&base);
    let mut stored_args = base.to_vec();
    stored_args.extend(["--nesterov-form", "stored"]);
    let stored = json(&stored_args);
    // Hand-computed (tests/optim_hand.rs): θ2 = (0.125, 0), φ2 = (−0.0625, 0).
    assert_eq!(look["trajectory"][2], serde_json::json!([0.125, 0.0]));
    assert_eq!(stored["trajectory"][2], serde_json::json!([-0.0625, 0.0]));
    assert_eq!(look["reported_point"], "theta");
    assert_eq!(stored["reported_point"], "phi");
    assert_eq!(look["phi"], stored["phi"]);
    assert_eq!(look["theta"], stored["theta"]);
    assert_eq!(stored["loss"][2], 0.5 * 0.0625 * 0.0625);
}

#[test]
fn negative_numbers_are_values() {
    for args in [
        &[
            "sgd",
            "--objective",
            "rosenbrock",
            "--theta0",
            "-1.5,2",
            "--steps",
            "1",
        ][..],
        &[
            "sgd",
            "--objective",
            "rosenbrock",
            "--theta0=-1.5,2",
            "--steps",
            "1",
        ][..],
    ] {
        assert_eq!(json(args)["trajectory"][0], serde_json::json!([-1.5, 2.0]));
    }
    let v = json(&[
        "sgd",
        "--objective",
        "quadratic",
        "--hessian-diag",
        "-1,2",
        "--theta0",
        "-1,-2",
        "--steps",
        "1",
        "--lr",
        "0.5",
    ]);
    // g = (1, −4); θ1 = (−1.5, 0).
    assert_eq!(v["trajectory"][1], serde_json::json!([-1.5, 0.0]));
}

#[test]
fn gradient_file_runs_from_zeros_without_loss() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(file, "[[1, -2], [0.5, 4], [2, 2]]").unwrap();
    let path = file.path().to_str().unwrap();
    let v = json(&[
        "momentum",
        "--grads",
        path,
        "--lr",
        "0.5",
        "--momentum",
        "0.5",
    ]);
    assert_eq!(v["objective"], Value::Null);
    assert_eq!(v["loss"], Value::Null);
    assert_eq!(v["steps"], 3);
    assert_eq!(v["trajectory"][0], serde_json::json!([0.0, 0.0]));
    // s1 = (−0.5, 1), s2 = 0.5 s1 − 0.5 (0.5, 4) = (−0.5, −1.5).
    assert_eq!(v["state"]["velocity"][1], serde_json::json!([-0.5, -1.5]));
    assert_eq!(v["trajectory"][2], serde_json::json!([-1.0, -0.5]));
    let v = json(&[
        "sgd", "--grads", path, "--theta0", "1,1", "--steps", "2", "--lr", "1",
    ]);
    assert_eq!(
        v["trajectory"],
        serde_json::json!([[1.0, 1.0], [0.0, 3.0], [-0.5, -1.0]])
    );
}

#[test]
fn default_format_off_a_terminal_is_json_and_table_is_available() {
    // assert_cmd captures stdout through a pipe: not a terminal.
    let out = simulate(&[
        "sgd",
        "--objective",
        "relu-net",
        "--theta0",
        "0.3333333333333333,2",
        "--steps",
        "1",
    ])
    .success()
    .get_output()
    .stdout
    .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    // The lecture example: ∂L/∂w1 = 8/3, ∂L/∂w2 = 4/9.
    let g = v["grads"][0].as_array().unwrap();
    assert!((g[0].as_f64().unwrap() - 8.0 / 3.0).abs() < 1e-15);
    assert!((g[1].as_f64().unwrap() - 4.0 / 9.0).abs() < 1e-15);
    let table = simulate(&[
        "adam",
        "--objective",
        "quadratic",
        "--theta0",
        "1,2",
        "--steps",
        "2",
        "--format",
        "table",
    ])
    .success()
    .get_output()
    .stdout
    .clone();
    let table = String::from_utf8(table).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5, "{table}");
    assert!(
        lines[1].contains("theta[0]") && lines[1].contains("m[1]") && lines[1].contains("loss")
    );
}

#[test]
fn help_prints_the_defaults() {
    let out = simulate(&["--help"]).success().get_output().stdout.clone();
    let help = String::from_utf8(out).unwrap();
    for needle in [
        "lr 1e-3",
        "lr 1e-2, eps 1e-10 outside, initial-accumulator 0",
        "decay 0.99",
        "eps 1e-8 outside",
        "beta1 0.9, beta2 0.999",
        "momentum 0.9",
        "--eps-placement",
        "--nesterov-form",
        "lookahead",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

/// Runs and expects exit status 2 with exactly one stderr line `error: …` containing `needle`.
fn fails(args: &[&str], needle: &str) {
    let out = simulate(args).code(2).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(needle),
        "{args:?}: {stderr}"
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let q = ["--objective", "quadratic", "--theta0", "1,2"];
    let with = |opt: &'static str, extra: &[&'static str]| {
        let mut v = vec![opt];
        v.extend(q);
        v.extend(extra);
        v
    };
    fails(&with("sgd", &["--lr", "-1"]), "lr must be > 0, got -1.0");
    fails(&with("sgd", &["--lr", "0"]), "lr must be > 0");
    fails(
        &with("momentum", &["--momentum", "1"]),
        "momentum must be in [0, 1), got 1.0",
    );
    fails(
        &with("nesterov", &["--momentum=-0.5"]),
        "momentum must be in [0, 1)",
    );
    fails(
        &with("rmsprop", &["--decay", "1.2"]),
        "decay must be in [0, 1)",
    );
    fails(&with("adam", &["--beta1", "1"]), "beta1 must be in [0, 1)");
    fails(&with("adam", &["--eps", "-1e-8"]), "eps must be >= 0");
    fails(
        &with("adagrad", &["--initial-accumulator", "-1"]),
        "initial-accumulator must be >= 0",
    );
    fails(&with("adagrad", &["--eps-placement", "hat"]), "hat");
    fails(
        &with("sgd", &["--beta1", "0.5"]),
        "--beta1 does not apply to sgd",
    );
    fails(&with("adam", &["--lr", "nan"]), "lr must be > 0, got NaN");
    fails(
        &with("sgd", &["--hessian-diag", "1,2,3"]),
        "--hessian-diag has 3 entries but --theta0 has 2",
    );
    fails(
        &["sgd", "--objective", "relu-net", "--theta0", "1,2,3"],
        "relu-net",
    );
    fails(
        &["sgd", "--objective", "rosenbrock", "--theta0", "1"],
        "at least 2 variables",
    );
    fails(
        &["sgd", "--objective", "quadratic"],
        "--objective needs --theta0",
    );
    fails(
        &["sgd", "--objective", "quadratic", "--theta0", "1,inf"],
        "`inf` is not finite",
    );
    fails(
        &["sgd", "--objective", "quadratic", "--theta0", "1,x"],
        "`x` is not a number",
    );
    fails(
        &[
            "sgd",
            "--objective",
            "rosenbrock",
            "--theta0",
            "-1.5,2",
            "--lr",
            "1",
            "--steps",
            "50",
        ],
        "diverged at step 4",
    );

    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let bad_json = file("bad.json", "[[1, 2], [3");
    fails(
        &["sgd", "--grads", &bad_json],
        "not a JSON array of gradient vectors",
    );
    let ragged = file("ragged.json", "[[1, 2], [3]]");
    fails(
        &["sgd", "--grads", &ragged],
        "gradient 2 has 1 components, gradient 1 has 2",
    );
    let huge = file("huge.json", "[[1e999]]");
    fails(&["sgd", "--grads", &huge], "number out of range");
    let ok = file("ok.json", "[[1, 2]]");
    fails(
        &["sgd", "--grads", &ok, "--theta0", "1"],
        "theta0 has 1 components but the gradients have 2",
    );
    fails(
        &["sgd", "--grads", &ok, "--steps", "2"],
        "2 steps requested but only 1 gradients given",
    );
    fails(
        &["sgd", "--grads", &ok, "--hessian-diag", "1,2"],
        "--hessian-diag applies to --objective quadratic only",
    );
    fails(
        &["sgd", "--grads", "/nonexistent/g.json"],
        "/nonexistent/g.json",
    );
}

#[test]
fn usage_errors_exit_2() {
    simulate(&["sgd"]).code(2);
    simulate(&["lbfgs", "--objective", "quadratic", "--theta0", "1"]).code(2);
    simulate(&[
        "sgd",
        "--objective",
        "quadratic",
        "--theta0",
        "1",
        "--grads",
        "g.json",
    ])
    .code(2);
    simulate(&[
        "adam",
        "--objective",
        "quadratic",
        "--theta0",
        "1",
        "--no-bias-correction",
        "--bias-correction",
    ])
    .code(2);
}
