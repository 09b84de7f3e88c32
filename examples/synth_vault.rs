//! Writes a synthetic vault for benchmarks and scale tests (issue 12):
//! `cargo run --release --example synth_vault -- KIND N DIR [SEED]`, KIND
//! one of `varied` (varied formulas, cards, links, embeds), `copies`
//! (copies of the sample vault's notes) or `tiny` (two-line notes).
#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: synth_vault varied|copies|tiny N DIR [SEED]";
    let (Some(kind), Some(notes), Some(dir)) = (
        args.first().and_then(|k| synth::Kind::parse(k)),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(12);
    let spec = synth::Spec { notes, kind, seed };
    match synth::write_vault(std::path::Path::new(dir), &spec) {
        Ok(w) => {
            eprintln!("wrote {} notes, {} bytes, into {dir}", w.files, w.bytes);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {dir}: {err}");
            ExitCode::FAILURE
        }
    }
}
