//! Hostile and careless input (issue 13): output folders that hold the
//! vault or other files, symlinks that lead outside the vault, budgets of
//! `simulate`, and file names that clash.
mod common;
use common::verideck;
use predicates::prelude::*;

mod simulate_budget {
    use super::*;

    fn simulate_steps(steps: &str) -> assert_cmd::assert::Assert {
        verideck()
            .args(["simulate", "sgd", "--objective", "quadratic"])
            .args(["--theta0", "1,1", "--format", "json", "--steps", steps])
            .assert()
    }

    #[test]
    fn a_billion_steps_is_refused_before_allocating() {
        simulate_steps("1000000000")
            .code(2)
            .stderr(predicate::str::contains(
                "over the maximum of 1000000 steps",
            ));
    }

    #[test]
    fn the_largest_u64_is_refused_without_a_panic() {
        simulate_steps(&u64::MAX.to_string())
            .code(2)
            .stderr(predicate::str::contains("over the maximum"));
        simulate_steps("18446744073709551616").code(2);
    }

    #[test]
    fn steps_times_dimension_is_capped_too() {
        let theta0 = vec!["1"; 20].join(",");
        verideck()
            .args([
                "simulate",
                "sgd",
                "--objective",
                "quadratic",
                "--format",
                "json",
            ])
            .args(["--theta0", &theta0, "--steps", "1000000"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("steps × dimension"));
    }

    #[test]
    fn the_maximum_is_documented_in_help() {
        verideck()
            .args(["simulate", "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("at most 1000000"));
    }

    #[test]
    fn a_long_run_under_the_cap_still_runs() {
        simulate_steps("100000").success();
    }
}
