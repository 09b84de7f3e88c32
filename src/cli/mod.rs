//! Command-line interface: one file per subcommand, each a thin layer that
//! calls one library function and maps its result to an exit code.
use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub mod budget;
pub mod build;
pub mod cache_args;
pub mod check;
pub mod progress;
pub mod simulate;
pub mod vault_arg;

/// verideck checks the formulas in an Obsidian vault of study notes by
/// running them, and renders the notes' flashcards as an Anki import file.
#[derive(Debug, Parser)]
#[command(name = "verideck", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `verideck`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every formula of a vault, then write DIR/deck.txt, DIR/deck.apkg and
    /// DIR/lessons/ (nothing when a claim is refuted, unless --allow-refuted).
    Build(build::BuildArgs),
    /// Verify every formula of a vault and report verified, refuted and unchecked claims
    /// (human diagnostics, JSON or JUnit).
    Check(check::CheckArgs),
    /// Run one reference optimizer on an objective or a gradient sequence and print its
    /// trajectory, loss and state history (JSON or a table).
    Simulate(simulate::SimulateArgs),
}

/// Exit status when the input or the usage is bad (unreadable file, broken block).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Exit status when the checker refuted a claim.
pub const EXIT_REFUTED: u8 = 1;

/// Parses the process arguments and runs the chosen subcommand.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Simulate(args) => simulate::run(&args),
    }
}
