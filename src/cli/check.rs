//! `verideck check`: verify every formula of a vault and print the report
//! for people (rustc-style diagnostics), tools (JSON) or CI (JUnit XML).
//! A thin layer: [`crate::vault::load`], [`crate::verify::check_vault`],
//! then one of [`crate::render::report`]'s renderers. The problems
//! `verideck build` would report about the input ([`crate::pipeline::problems`])
//! go to stderr as `file:line: message` (and into the JSON and JUnit
//! documents); the exit status says whether the input is broken (2) or
//! anything was refuted (1).
use super::cache_args::{self, CacheArgs};
use super::progress::Bar;
use super::vault_arg;
use super::{EXIT_BAD_INPUT, EXIT_REFUTED};
use crate::deck::DeckOptions;
use crate::pipeline;
use crate::render::report::{ReportFormat, human, json, junit};
use crate::vault;
use crate::verify;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Formats:
  human  each refuted claim as a diagnostic: file:line:col, the formula with a caret under the
         failing part, expected vs got and the counterexample; then one summary line with the
         coverage (formulas whose every claim got a numerical verdict). Coloured on a terminal.
  json   {\"claims\":[{\"id\",\"file\",\"line\",\"column\",\"latex\",\"kind\",\"status\",\"reason\",
         \"evidence\"}],\"summary\":{\"formulas\",\"claims\",\"verified\",\"refuted\",\"unchecked\",
         \"coverage\"}}; file is relative to VAULT, line and column are 1-based.
  junit  JUnit XML: a test suite per file, a test case per claim (refuted: failure, unchecked:
         skipped).

Problems with the input (the ones `verideck build` reports: a START without END, an unclosed $$,
an embed of a missing note, a skipped symlink …) are printed on stderr as file:line: message; json
adds them as \"problems\":[{\"file\",\"line\",\"severity\",\"message\"}], junit as test cases.

Exit status: 0 nothing refuted, 1 some claim refuted, 2 bad usage or broken input (a missing vault
folder, a note that cannot be read or is not UTF-8, an error-level problem above); 2 wins over 1.";

/// Arguments of `verideck check`.
#[derive(Debug, Args)]
#[command(
    long_about = "Verify every formula of VAULT numerically and report each claim as verified, \
refuted or unchecked. Nothing is written; the report goes to stdout.",
    after_help = AFTER_HELP
)]
pub struct CheckArgs {
    /// The vault folder to check (never modified); the same default as `build`.
    #[arg(default_value = vault_arg::DEFAULT_VAULT)]
    pub vault: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Human format: also list unchecked claims with their reasons.
    #[arg(long)]
    pub show_unchecked: bool,
    /// The verdict cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Runs `verideck check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    if let Err(message) = vault_arg::require_folder(&args.vault, "check") {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let vault = match vault::load(&args.vault, None) {
        Ok(vault) => vault,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let cache = args.cache.open(&args.vault);
    let bar = Bar::stderr();
    let (report, stats) = verify::check_vault_with(
        &vault,
        verify::CheckOptions {
            cache: cache.as_ref(),
            progress: Some(&bar),
        },
    );
    bar.finish();
    // What `build` would report about the input: the same gate.
    let problems = pipeline::problems(&vault, &DeckOptions::default());
    let text = match args.format {
        ReportFormat::Human => {
            let stdout = std::io::stdout();
            let options = human::HumanOptions {
                show_unchecked: args.show_unchecked,
                color: stdout.is_terminal(),
            };
            human::render(&report, &human::sources(&vault), options)
        }
        ReportFormat::Json => json::render(&report, &problems),
        ReportFormat::Junit => junit::render(&report, &problems),
    };
    // A closed pipe is not an error of ours.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    for problem in &problems {
        eprintln!("{problem}");
    }
    cache_args::finish(cache, Some(stats));
    let errors = problems.iter().filter(|d| d.is_error()).count();
    if vault.unreadable > 0 {
        eprintln!(
            "error: {} {} could not be read; their formulas were not checked",
            vault.unreadable,
            if vault.unreadable == 1 {
                "file"
            } else {
                "files"
            }
        );
    }
    if errors > 0 {
        eprintln!(
            "error: {errors} {} in the notes (above): a broken block, or the math after an unclosed $$, is left out of this check and of the deck",
            if errors == 1 { "problem" } else { "problems" }
        );
        ExitCode::from(EXIT_BAD_INPUT)
    } else if report.has_refuted() {
        ExitCode::from(EXIT_REFUTED)
    } else {
        ExitCode::SUCCESS
    }
}
