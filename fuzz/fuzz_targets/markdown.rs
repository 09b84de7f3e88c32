//! Fuzzes the note parser (front matter, headings, Anki blocks, math
//! spans, links) and the Markdown-to-HTML renderer of cards and lessons:
//! any text must parse and render without a panic, and stay within the
//! input budgets.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = verideck::vault::walk::decode(data) else {
        return;
    };
    let (note, _diagnostics) = verideck::note::parse("fuzz.md", &text);
    let _ = verideck::note::math_spans::scan_markdown(&note.text);
    let files = [
        verideck::vault::SourceFile {
            path: "fuzz.md".into(),
            text: text.clone(),
        },
        // A second note the fuzzed one can link to and embed.
        verideck::vault::SourceFile {
            path: "other.md".into(),
            text: "# Other\n![[fuzz]]\n$x = 1$\n".into(),
        },
    ];
    let vault = verideck::vault::from_sources("fuzz", &files, Vec::new());
    let _ = verideck::deck::assemble(&vault, &Default::default());
    let _ = verideck::lesson::assemble(&vault, None);
});
