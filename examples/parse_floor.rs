//! The parse floor of a vault (issue 12): walk it, read every note and run
//! pulldown-cmark (math and wikilinks on) over it, and nothing else — the
//! least any command reading the vault costs, the yardstick `check` and
//! `build` timings are reported against.
//! `cargo run --release --example parse_floor -- DIR`.
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        return ExitCode::from(2);
    };
    let options = pulldown_cmark::Options::ENABLE_MATH | pulldown_cmark::Options::ENABLE_WIKILINKS;
    let (mut notes, mut events) = (0usize, 0usize);
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            notes += 1;
            events += pulldown_cmark::Parser::new_ext(&text, options).count();
        }
    }
    println!("{notes} notes, {events} events");
    ExitCode::SUCCESS
}
