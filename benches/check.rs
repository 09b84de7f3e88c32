//! The checker on the sample vault (issue 5, "Speed": the whole sample vault
//! checks in well under a second in release mode).
//!
//! `check_vault` is timed on the vault loaded once; `parse_formula` is timed
//! over the LaTeX of every formula of the vault (the parsing share of a check).
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use verideck::claims;
use verideck::math::parse_formula;
use verideck::verify::check_vault;

fn bench(c: &mut Criterion) {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let vault = verideck::vault::load(&notes, None).expect("the sample vault loads");
    let formulas: Vec<String> = claims::collect(&vault)
        .into_iter()
        .map(|f| f.latex)
        .collect();
    assert!(!formulas.is_empty(), "the sample vault has formulas");

    c.bench_function("check_vault(notes)", |b| {
        b.iter(|| check_vault(black_box(&vault)))
    });
    c.bench_function("parse_formula(every formula of notes)", |b| {
        b.iter(|| {
            for latex in &formulas {
                black_box(parse_formula(black_box(latex)));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
