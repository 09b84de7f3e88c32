//! `verideck build`: parse the vault and write the Anki import file.
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verideck build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The vault folder to read (never modified).
    #[arg(default_value = "notes")]
    pub vault: PathBuf,
    /// The folder to write deck.txt into (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
}

/// Runs `verideck build`.
pub fn run(_args: &BuildArgs) -> ExitCode {
    ExitCode::SUCCESS
}
