//! Fuzzes the whole `check` of a one-note vault: parsing, claim
//! extraction and verification (evaluation, reference optimizers). Any
//! note must give a report, never a panic, in bounded time.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = verideck::vault::walk::decode(data) else {
        return;
    };
    let files = [verideck::vault::SourceFile {
        path: "note.md".into(),
        text,
    }];
    let vault = verideck::vault::from_sources("fuzz", &files, Vec::new());
    let report = verideck::verify::check_vault(&vault);
    let _ = report.has_refuted();
});
