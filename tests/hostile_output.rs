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

mod out_folder {
    use super::*;
    use common::TempVault;
    use std::path::Path;

    const NOTE: &[u8] = b"START\nBasic\nQ\nBack: A\nEND\n";

    fn build_into(vault: &Path, out: &Path) -> assert_cmd::assert::Assert {
        verideck()
            .arg("build")
            .arg(vault)
            .arg("--out")
            .arg(out)
            .assert()
    }

    #[test]
    fn an_output_folder_inside_the_vault_is_refused_and_its_notes_stay() {
        let v = TempVault::new(&[("a.md", NOTE), ("anki/kept.md", NOTE)]);
        build_into(&v.vault(), &v.vault().join("anki"))
            .code(2)
            .stderr(predicate::str::contains("inside the vault"));
        assert_eq!(std::fs::read(v.vault().join("anki/kept.md")).unwrap(), NOTE);
        assert!(!v.vault().join("anki/deck.txt").exists());
        build_into(&v.vault(), &v.vault().join("new/out"))
            .code(2)
            .stderr(predicate::str::contains("inside the vault"));
        assert!(!v.vault().join("new").exists());
    }

    #[test]
    fn an_output_folder_holding_the_vault_is_refused() {
        let v = TempVault::new(&[("a.md", NOTE)]);
        build_into(&v.vault(), v.dir.path())
            .code(2)
            .stderr(predicate::str::contains("contains the vault"));
        assert!(!v.dir.path().join("deck.txt").exists());
    }

    #[test]
    fn a_users_html_in_lessons_survives_and_only_the_previous_builds_files_go() {
        let v = TempVault::new(&[("old.md", NOTE), ("b.md", b"# b\n")]);
        let lessons = v.out().join("lessons");
        std::fs::create_dir_all(&lessons).unwrap();
        std::fs::write(lessons.join("mine.html"), "mine").unwrap();
        v.build().success();
        assert!(v.out().join(".verideck-manifest.json").is_file());
        std::fs::rename(v.vault().join("old.md"), v.vault().join("new.md")).unwrap();
        v.build().success();
        assert_eq!(
            std::fs::read_to_string(lessons.join("mine.html")).unwrap(),
            "mine"
        );
        assert!(!lessons.join("old.html").exists());
        assert!(lessons.join("new.html").is_file());
        assert!(!v.out().join(".verideck-lock").exists(), "lock released");
    }

    #[test]
    fn a_held_lock_refuses_the_build_and_names_the_lock_file() {
        let v = TempVault::new(&[("a.md", NOTE)]);
        std::fs::create_dir_all(v.out()).unwrap();
        let held = std::fs::File::create(v.out().join(".verideck-lock")).unwrap();
        held.try_lock().unwrap();
        v.build()
            .code(2)
            .stderr(predicate::str::contains(".verideck-lock"));
        assert!(!v.out().join("deck.txt").exists());
        drop(held);
        v.build().success();
    }

    #[test]
    fn a_lock_file_left_by_a_killed_build_does_not_block_the_next() {
        let v = TempVault::new(&[("a.md", NOTE)]);
        std::fs::create_dir_all(v.out()).unwrap();
        std::fs::write(v.out().join(".verideck-lock"), "999999\n").unwrap();
        v.build().success();
        assert!(!v.out().join(".verideck-lock").exists());
    }

    /// A process holding the lock (`flock(1)`, the same `flock(2)` lock a
    /// build takes) is killed: the build refused while it lived and runs
    /// once it is gone, though the file stays.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_lock_dies_with_the_process_that_held_it() {
        if std::process::Command::new("flock")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("flock(1) not installed: skipped");
            return;
        }
        let v = TempVault::new(&[("a.md", NOTE)]);
        std::fs::create_dir_all(v.out()).unwrap();
        let lock = v.out().join(".verideck-lock");
        std::fs::write(&lock, "").unwrap();
        // `-o`: flock itself holds the lock, not its `sleep` child.
        let mut holder = std::process::Command::new("flock")
            .arg("-o")
            .arg(&lock)
            .args(["sleep", "60"])
            .spawn()
            .unwrap();
        // Wait until the holder has the lock.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::File::open(&lock).unwrap().try_lock().is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "flock never took the lock"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        v.build().code(2).stderr(predicate::str::contains("locked"));
        holder.kill().unwrap();
        holder.wait().unwrap();
        assert!(lock.exists());
        v.build().success();
    }

    #[test]
    fn two_concurrent_builds_end_complete_or_refused() {
        let v = TempVault::new(&[("a.md", NOTE), ("b.md", NOTE)]);
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("verideck"))
                .env("VERIDECK_CACHE_DIR", common::cache_dir())
                .arg("build")
                .arg(v.vault())
                .arg("--out")
                .arg(v.out())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let outputs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        let ok = outputs.iter().filter(|o| o.status.success()).count();
        assert!(ok >= 1, "{outputs:?}");
        for o in outputs.iter().filter(|o| !o.status.success()) {
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("locked"),
                "{o:?}"
            );
        }
        let deck = std::fs::read_to_string(v.out().join("deck.txt")).unwrap();
        assert_eq!(common::rows(&deck).len(), 2);
        assert!(
            v.out().join("lessons/a.html").is_file() && v.out().join("lessons/b.html").is_file()
        );
        assert!(!v.out().join(".verideck-lock").exists());
    }
}
