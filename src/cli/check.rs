//! `verideck check`: verify every formula of a vault and print the report
//! for people (rustc-style diagnostics), tools (JSON) or CI (JUnit XML).
//! A thin layer: [`crate::vault::load`], [`crate::verify::check_vault`],
//! then one of [`crate::render::report`]'s renderers; the exit status says
//! whether anything was refuted.
use super::cache_args::{self, CacheArgs};
use super::progress::Bar;
use super::{EXIT_BAD_INPUT, EXIT_REFUTED};
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

Exit status: 0 nothing refuted, 1 some claim refuted, 2 bad usage or unreadable input (a missing
vault folder, a note that cannot be read or is not UTF-8).";

/// Arguments of `verideck check`.
#[derive(Debug, Args)]
#[command(
    long_about = "Verify every formula of VAULT numerically and report each claim as verified, \
refuted or unchecked. Nothing is written; the report goes to stdout.",
    after_help = AFTER_HELP
)]
pub struct CheckArgs {
    /// The vault folder to check (never modified).
    #[arg(default_value = ".")]
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
    let text = match args.format {
        ReportFormat::Human => {
            let stdout = std::io::stdout();
            let options = human::HumanOptions {
                show_unchecked: args.show_unchecked,
                color: stdout.is_terminal(),
            };
            human::render(&report, &human::sources(&vault), options)
        }
        ReportFormat::Json => json::render(&report),
        ReportFormat::Junit => junit::render(&report),
    };
    // A closed pipe is not an error of ours.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let unreadable = &vault.diagnostics[..vault.unreadable];
    for diagnostic in unreadable {
        eprintln!("{diagnostic}");
    }
    // A broken block or an unclosed `$$` can hide formulas from the check:
    // say so, as `build` does (the exit status stays the check's own).
    let broken: Vec<_> = vault.diagnostics[vault.unreadable..]
        .iter()
        .filter(|d| d.is_error())
        .collect();
    for diagnostic in &broken {
        eprintln!("{diagnostic}");
    }
    let unclosed = unclosed_display_math(&vault);
    for (path, line) in &unclosed {
        eprintln!("{path}:{line}: unclosed $$: the math after it is not checked");
    }
    if broken.len() + unclosed.len() > 0 {
        let broken = broken.len() + unclosed.len();
        eprintln!(
            "warning: {} problem{} in the notes (above): formulas in a broken block or after an unclosed $$ may be missing from this check",
            broken,
            if broken == 1 { "" } else { "s" }
        );
    }
    cache_args::finish(cache, Some(stats));
    if !unreadable.is_empty() {
        eprintln!(
            "error: {} {} could not be read; their formulas were not checked",
            unreadable.len(),
            if unreadable.len() == 1 {
                "file"
            } else {
                "files"
            }
        );
        ExitCode::from(EXIT_BAD_INPUT)
    } else if report.has_refuted() {
        ExitCode::from(EXIT_REFUTED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every `$$` a note opens and never closes, as (path, line).
fn unclosed_display_math(vault: &vault::Vault) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for note in &vault.notes {
        let lines = crate::note::lines::LineIndex::new(&note.text);
        for at in crate::note::math_spans::scan_markdown(&note.text).unclosed_display {
            out.push((note.path.clone(), lines.line_of(at)));
        }
    }
    out
}
