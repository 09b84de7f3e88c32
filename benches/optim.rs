//! One step of each optimizer on 10⁶ parameters, next to a plain copy of one 10⁶-element array
//! (the memory-bandwidth floor: every step at least copies g into its update buffer).
//!
//! Criterion reports time per iteration; with `Throughput::Elements(10⁶)` it also reports
//! elements/s, and ns per parameter is the iteration time divided by 10⁶.
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array1;
use std::hint::black_box;
use verideck::optim::{NesterovConfig, NesterovForm, OptimizerConfig, OptimizerKind};

const N: usize = 1_000_000;

fn configs() -> Vec<(&'static str, OptimizerConfig)> {
    let stored = OptimizerConfig::Nesterov(NesterovConfig {
        nesterov_form: NesterovForm::Stored,
        ..Default::default()
    });
    vec![
        ("sgd", OptimizerConfig::default_for(OptimizerKind::Sgd)),
        (
            "momentum",
            OptimizerConfig::default_for(OptimizerKind::Momentum),
        ),
        (
            "nesterov_lookahead",
            OptimizerConfig::default_for(OptimizerKind::Nesterov),
        ),
        ("nesterov_stored", stored),
        (
            "adagrad",
            OptimizerConfig::default_for(OptimizerKind::Adagrad),
        ),
        (
            "rmsprop",
            OptimizerConfig::default_for(OptimizerKind::Rmsprop),
        ),
        ("adam", OptimizerConfig::default_for(OptimizerKind::Adam)),
    ]
}

fn step(c: &mut Criterion) {
    let grad = Array1::from_shape_fn(N, |i| ((i % 1000) as f64 - 499.5) * 1e-3);
    let mut group = c.benchmark_group("step_1e6");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(30);

    let mut dst = Array1::<f64>::zeros(N);
    group.bench_function("copy_floor", |b| {
        b.iter(|| {
            dst.assign(black_box(&grad));
            black_box(&dst);
        })
    });

    for (name, config) in configs() {
        let mut opt = config.build(N).expect("valid config");
        let mut theta = Array1::<f64>::ones(N);
        group.bench_function(name, |b| {
            b.iter(|| {
                opt.step(theta.view_mut(), black_box(grad.view()));
                black_box(&theta);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, step);
criterion_main!(benches);
