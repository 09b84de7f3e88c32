//! Issue 12's benchmark: check and build on synthetic vaults of 1k and 10k
//! notes (`support/synth.rs`, varied formulas, cards, links, embeds), cold
//! (empty verdict cache) and warm (cache filled by an earlier run), and
//! the claim-evaluation throughput with no cache; the in-memory assembly
//! of cards, verdicts and lesson pages (`assemble`); and a cold build of
//! 1k and 10k two-line notes (`tiny`), printed as the 10k/1k growth, which
//! is about 10x when every path is linear. Every figure is also
//! printed as a ratio to the *parse floor* of the same vault, measured in
//! the same run: walk + read + pulldown-cmark parse of every note.
//!
//! `cargo bench --bench scale`; on 10k notes only the floor, load and warm
//! check run unless `VERIDECK_BENCH_LARGE=1` (the cold check and the
//! builds take minutes per sample there).
#[path = "support/synth.rs"]
mod synth;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use verideck::cache::Cache;
use verideck::deck::DeckOptions;
use verideck::pipeline::{BuildOptions, build_with};
use verideck::vault;
use verideck::verify::{CheckOptions, check_vault_with};

/// Mean time per iteration of every sample, by benchmark name.
static TIMES: Mutex<BTreeMap<String, Vec<Duration>>> = Mutex::new(BTreeMap::new());

/// Times `f` for criterion and records its time per iteration.
fn timed(b: &mut criterion::Bencher, name: &str, mut f: impl FnMut()) {
    b.iter_custom(|iters| {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        let total = start.elapsed();
        TIMES
            .lock()
            .unwrap()
            .entry(name.to_string())
            .or_default()
            .push(total / iters.max(1) as u32);
        total
    });
}

/// Walk + read + pulldown-cmark parse (math and wikilinks on) of every note.
fn parse_floor(root: &Path) -> usize {
    let options = pulldown_cmark::Options::ENABLE_MATH | pulldown_cmark::Options::ENABLE_WIKILINKS;
    let mut events = 0;
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            events += pulldown_cmark::Parser::new_ext(&text, options).count();
        }
    }
    events
}

/// Load + check, with the cache in `cache_dir` (saved afterwards).
fn check(root: &Path, cache_dir: &Path) -> usize {
    let vault = vault::load(root, None).unwrap();
    let cache = Cache::open(cache_dir, root);
    let (report, _) = check_vault_with(
        &vault,
        CheckOptions {
            cache: Some(&cache),
            progress: None,
        },
    );
    cache.save().unwrap();
    report.claims.len()
}

/// A whole build into `out`, with the cache in `cache_dir`.
fn build(root: &Path, out: &Path, cache_dir: &Path) {
    let options = BuildOptions {
        vault: root.to_path_buf(),
        out: out.to_path_buf(),
        deck: DeckOptions::default(),
        templates: None,
        allow_refuted: true,
    };
    let cache = Cache::open(cache_dir, root);
    let check = CheckOptions {
        cache: Some(&cache),
        progress: None,
    };
    black_box(build_with(&options, check).unwrap());
    cache.save().unwrap();
}

/// The deck with every card's verdict, and every lesson page (not rendered).
fn assemble(vault: &vault::Vault, report: &verideck::report::CheckReport) -> usize {
    let mut deck = verideck::deck::assemble(vault, &DeckOptions::default());
    let verdicts = verideck::deck::verdict::apply(&mut deck.cards, report);
    let pages = verideck::lesson::Assembler::new(vault, Some(report)).count();
    verdicts.len() + pages
}

fn bench(c: &mut Criterion) {
    let large = std::env::var_os("VERIDECK_BENCH_LARGE").is_some();
    let tmp = tempfile::tempdir().unwrap();
    for notes in [1_000, 10_000] {
        let root = tmp.path().join(format!("vault{notes}"));
        let spec = synth::Spec {
            notes,
            kind: synth::Kind::Varied,
            seed: 12,
        };
        synth::write_vault(&root, &spec).unwrap();
        let warm = tmp.path().join(format!("warm{notes}"));
        let claims = check(&root, &warm);
        let mut group = c.benchmark_group(format!("scale/{notes}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500));
        let id = |what: &str| format!("{notes} {what}");
        group.bench_function("parse floor", |b| {
            timed(b, &id("parse floor"), || {
                black_box(parse_floor(&root));
            })
        });
        group.bench_function("load", |b| {
            timed(b, &id("load"), || {
                black_box(vault::load(&root, None).unwrap());
            })
        });
        group.bench_function("check warm", |b| {
            timed(b, &id("check warm"), || {
                black_box(check(&root, &warm));
            })
        });
        // Cards, their verdicts and the lesson pages, in memory (no I/O),
        // from the report of the warm check: the paths that scale with
        // cards x claims or formulas x claims when they go quadratic.
        {
            let vault = vault::load(&root, None).unwrap();
            let cache = Cache::open(&warm, &root);
            let (report, _) = check_vault_with(
                &vault,
                CheckOptions {
                    cache: Some(&cache),
                    progress: None,
                },
            );
            group.bench_function("assemble", |b| {
                timed(b, &id("assemble"), || {
                    black_box(assemble(&vault, &report));
                })
            });
        }
        if notes > 1_000 && !large {
            group.finish();
            continue;
        }
        group.bench_function("build warm", |b| {
            timed(b, &id("build warm"), || {
                build(&root, &tmp.path().join("out-warm"), &warm)
            })
        });
        {
            group.throughput(Throughput::Elements(claims as u64));
            group.bench_function("check cold", |b| {
                timed(b, &id("check cold"), || {
                    let cold = tempfile::tempdir().unwrap();
                    black_box(check(&root, cold.path()));
                })
            });
            group.bench_function("build cold", |b| {
                timed(b, &id("build cold"), || {
                    let cold = tempfile::tempdir().unwrap();
                    build(&root, &cold.path().join("out"), cold.path());
                })
            });
        }
        group.finish();
    }
    // 100,000 two-line notes must build in at most 15x the time of 10,000:
    // a whole cold build (no cache) of 1k and 10k of them, whose ratio is
    // about 10 when every path is linear and nearer 100 when one is quadratic.
    for notes in [1_000, 10_000] {
        let root = tmp.path().join(format!("tiny{notes}"));
        let spec = synth::Spec {
            notes,
            kind: synth::Kind::Tiny,
            seed: 12,
        };
        synth::write_vault(&root, &spec).unwrap();
        let mut group = c.benchmark_group(format!("tiny/{notes}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .throughput(Throughput::Elements(notes as u64));
        let out = tmp.path().join(format!("out-tiny{notes}"));
        group.bench_function("build cold", |b| {
            timed(b, &format!("{notes} tiny build"), || {
                let options = BuildOptions {
                    vault: root.clone(),
                    out: out.clone(),
                    deck: DeckOptions::default(),
                    templates: None,
                    allow_refuted: true,
                };
                black_box(build_with(&options, CheckOptions::default()).unwrap());
            })
        });
        group.finish();
    }
    // Claim throughput: distinct claims, nothing cached, already loaded.
    let root = tmp.path().join("vault1000");
    let vault = vault::load(&root, None).unwrap();
    let claims = verideck::verify::check_vault(&vault).claims.len();
    let mut group = c.benchmark_group("claims");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(claims as u64));
    group.bench_with_input(BenchmarkId::new("verify", claims), &vault, |b, v| {
        timed(b, "claims verify", || {
            black_box(verideck::verify::check_vault(v));
        })
    });
    group.finish();
    report(claims);
}

/// Prints the median of each figure and its ratio to the parse floor.
fn report(claims: usize) {
    let times = TIMES.lock().unwrap();
    let median = |name: &str| {
        let mut v = times.get(name)?.clone();
        v.sort();
        v.get(v.len() / 2).copied()
    };
    eprintln!("\nissue 12 figures (median per run; ratio to the parse floor of the same vault)");
    for notes in [1_000, 10_000] {
        let Some(floor) = median(&format!("{notes} parse floor")) else {
            continue;
        };
        for what in [
            "parse floor",
            "load",
            "check cold",
            "check warm",
            "build cold",
            "build warm",
            "assemble",
        ] {
            if let Some(t) = median(&format!("{notes} {what}")) {
                eprintln!(
                    "  {notes:>6} notes  {what:<12} {:>10.1} ms  {:>7.2}x floor",
                    t.as_secs_f64() * 1e3,
                    t.as_secs_f64() / floor.as_secs_f64()
                );
            }
        }
    }
    // Growth from 1k to 10k notes: about 10x when linear, 100x when quadratic.
    for what in ["assemble", "tiny build"] {
        if let (Some(small), Some(large)) = (
            median(&format!("1000 {what}")),
            median(&format!("10000 {what}")),
        ) {
            eprintln!(
                "  {what}: 10k notes take {:.1}x the time of 1k (linear: ~10x; quadratic: ~100x)",
                large.as_secs_f64() / small.as_secs_f64()
            );
        }
    }
    if let Some(t) = median("claims verify") {
        eprintln!(
            "  claims: {claims} distinct claims in {:.1} ms: {:.0} claims/s (no cache)",
            t.as_secs_f64() * 1e3,
            claims as f64 / t.as_secs_f64()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
