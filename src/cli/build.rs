//! `verideck build`: check the vault's formulas, then write the deck, the
//! Anki package and the lessons — or, when a claim is refuted, print the
//! diagnostics and write nothing (unless `--allow-refuted`).
use super::cache_args::{self, CacheArgs};
use super::progress::Bar;
use super::vault_arg;
use super::{EXIT_BAD_INPUT, EXIT_REFUTED};
use crate::deck::DeckOptions;
use crate::pipeline::{BuildError, BuildOptions, build_with};
use crate::render::report::human::{self, HumanOptions};
use crate::report::CheckReport;
use crate::verify::CheckOptions;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verideck build`.
#[derive(Debug, Args)]
#[command(
    long_about = "Check every formula of VAULT (as `verideck check` does), then parse every \
note, turn each START…END flashcard block into an Anki note and write DIR/deck.txt, an Anki \
text-import file (File > Import in Anki; no field mapping needed), DIR/deck.apkg, and \
DIR/lessons/, one HTML page per note plus index.html (open it in a browser; works offline). \
Every card gets one tag verideck::verified, verideck::unchecked or verideck::refuted (the worst \
verdict among its formulas, embeds included) and a footer on its answer saying what was \
checked. If a claim is refuted, the diagnostics are printed and nothing is written, unless \
--allow-refuted. The vault is never modified. Problems are printed as `file:line: message`; \
every valid block is still exported.",
    after_help = "Exit status: 0 ok (warnings allowed; refuted claims too with --allow-refuted), \
1 a claim is refuted (nothing written), 2 bad input (some block skipped, an unreadable file, a \
missing embed …) or bad usage."
)]
pub struct BuildArgs {
    /// The vault folder to read (never modified); the same default as `check`.
    #[arg(default_value = vault_arg::DEFAULT_VAULT)]
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
    /// Write the deck and lessons even if the checker refutes a claim (the cards
    /// carry the tag verideck::refuted and the refuted formulas in their footers).
    #[arg(long)]
    pub allow_refuted: bool,
    /// The verdict cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Runs `verideck build` and prints its diagnostics and summary on stderr.
pub fn run(args: &BuildArgs) -> ExitCode {
    if let Err(message) = vault_arg::require_folder(&args.vault, "build") {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let options = BuildOptions {
        vault: args.vault.clone(),
        out: args.out.clone(),
        deck: DeckOptions {
            default_deck: args.deck.clone(),
        },
        templates: args.templates.clone(),
        allow_refuted: args.allow_refuted,
    };
    let cache = args.cache.open(&args.vault);
    let bar = Bar::stderr();
    let check = CheckOptions {
        cache: cache.as_ref(),
        progress: Some(&bar),
    };
    let built = build_with(&options, check);
    bar.finish();
    let stats = match &built {
        Ok(report) => report.stats,
        Err(BuildError::Refuted(refused)) => Some(refused.stats),
        Err(_) => None,
    };
    cache_args::finish(cache, stats);
    let report = match built {
        Ok(report) => report,
        Err(BuildError::Refuted(refused)) => {
            eprint!("{}", diagnostics(&refused.report, &refused.sources));
            eprintln!("error: {}", BuildError::Refuted(refused));
            return ExitCode::from(EXIT_REFUTED);
        }
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    if let Some(check) = report.check.as_ref().filter(|c| c.has_refuted()) {
        eprint!("{}", diagnostics(check, &report.sources));
        eprintln!(
            "warning: written anyway (--allow-refuted); the cards are tagged verideck::refuted"
        );
    }
    for removed in &report.removed {
        eprintln!(
            "removed stale output file {} (the previous build wrote it)",
            removed.display()
        );
    }
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
        report
            .written
            .iter()
            .take(2)
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        report.lessons,
        report.notes,
        errors,
        warnings
    );
    if let Some(check) = &report.check {
        let s = &check.summary;
        eprintln!(
            "checked {} formulas ({} claims): {} verified, {} refuted, {} unchecked; coverage {:.1}%",
            s.formulas,
            s.claims,
            s.verified,
            s.refuted,
            s.unchecked,
            100.0 * s.coverage
        );
    }
    if errors > 0 {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// The human report (refuted claims with carets, then the summary line),
/// in colour when stderr is a terminal.
fn diagnostics(report: &CheckReport, sources: &[(String, String)]) -> String {
    let options = HumanOptions {
        show_unchecked: false,
        color: std::io::stderr().is_terminal(),
    };
    human::render(report, sources, options)
}
