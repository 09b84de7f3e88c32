//! `verideck build`: parse the vault and write the Anki import file.
use super::EXIT_BAD_INPUT;
use crate::deck::DeckOptions;
use crate::pipeline::{BuildOptions, build};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verideck build`.
#[derive(Debug, Args)]
#[command(
    long_about = "Parse every note of VAULT, turn each START…END flashcard block into an Anki \
note and write DIR/deck.txt, an Anki text-import file (File > Import in Anki; no field mapping \
needed), and DIR/lessons/, one HTML page per note plus index.html (open it in a browser; works \
offline). The vault is never modified. Problems are printed as `file:line: message`; every valid \
block is still exported.",
    after_help = "Exit status: 0 ok (warnings allowed), 2 bad input (some block skipped, an \
unreadable file, a missing embed …) or bad usage."
)]
pub struct BuildArgs {
    /// The vault folder to read (never modified).
    #[arg(default_value = "notes")]
    pub vault: PathBuf,
    /// The folder to write deck.txt (and media/) into; created if missing.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// The deck of notes whose file has no `TARGET DECK` line.
    #[arg(long, value_name = "NAME", default_value = "Default")]
    pub deck: String,
    /// A folder of tera templates overriding the built-in ones by relative name
    /// (lessons/page.html, lessons/index.html, lessons/base.html, lessons/style.css,
    /// deck.txt); the vault's .verideck/templates/ is used next.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Runs `verideck build` and prints its diagnostics and summary on stderr.
pub fn run(args: &BuildArgs) -> ExitCode {
    let options = BuildOptions {
        vault: args.vault.clone(),
        out: args.out.clone(),
        deck: DeckOptions {
            default_deck: args.deck.clone(),
        },
        templates: args.templates.clone(),
    };
    let report = match build(&options) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    for diagnostic in &report.diagnostics {
        eprintln!("{diagnostic}");
    }
    for deleted in &report.deleted {
        eprintln!(
            "{}:{}: note: DELETE block not exported (guid {})",
            deleted.path, deleted.line, deleted.guid
        );
    }
    let errors = report.errors();
    let warnings = report.diagnostics.len() - errors;
    eprintln!(
        "wrote {} and {} lesson pages: {} notes; {} errors, {} warnings",
        report.written[0].display(),
        report.lessons,
        report.notes,
        errors,
        warnings
    );
    if errors > 0 {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}
