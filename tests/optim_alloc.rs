//! Steps are in place: after `build`, stepping any optimizer in any switch combination
//! allocates nothing (checked with a counting global allocator that counts
//! only the test's own thread, so the harness's threads cannot disturb it).
use ndarray::Array1;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use verideck::optim::*;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if COUNTING.with(Cell::get) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn every_combination() -> Vec<OptimizerConfig> {
    let mut all = vec![OptimizerConfig::default_for(OptimizerKind::Sgd)];
    for form in [MomentumForm::Velocity, MomentumForm::Buffer] {
        all.push(OptimizerConfig::Momentum(MomentumConfig {
            momentum_form: form,
            ..Default::default()
        }));
    }
    for (nesterov_form, momentum_form) in [
        (NesterovForm::Lookahead, MomentumForm::Velocity),
        (NesterovForm::Stored, MomentumForm::Velocity),
        (NesterovForm::Stored, MomentumForm::Buffer),
    ] {
        all.push(OptimizerConfig::Nesterov(NesterovConfig {
            nesterov_form,
            momentum_form,
            ..Default::default()
        }));
    }
    for eps_placement in [EpsPlacement::Outside, EpsPlacement::Inside] {
        all.push(OptimizerConfig::Adagrad(AdagradConfig {
            eps_placement,
            ..Default::default()
        }));
        for bias_correction in [false, true] {
            all.push(OptimizerConfig::Rmsprop(RmspropConfig {
                eps_placement,
                bias_correction,
                ..Default::default()
            }));
        }
    }
    for eps_placement in [
        EpsPlacement::Outside,
        EpsPlacement::Inside,
        EpsPlacement::Hat,
    ] {
        for bias_correction in [false, true] {
            all.push(OptimizerConfig::Adam(AdamConfig {
                eps_placement,
                bias_correction,
                ..Default::default()
            }));
        }
    }
    all
}

#[test]
fn stepping_allocates_nothing() {
    let dim = 1000;
    let grad = Array1::from_shape_fn(dim, |i| (i as f64).sin());
    let mut point = Array1::zeros(dim);
    for config in every_combination() {
        let mut opt = config.build(dim).unwrap();
        let mut theta = Array1::<f64>::ones(dim);
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        COUNTING.with(|c| c.set(true));
        for _ in 0..50 {
            opt.gradient_point(theta.view(), point.view_mut());
            opt.step(theta.view_mut(), grad.view());
        }
        COUNTING.with(|c| c.set(false));
        let allocated = ALLOCATIONS.load(Ordering::SeqCst) - before;
        assert_eq!(
            allocated, 0,
            "{config:?} allocated {allocated} times in 50 steps"
        );
        assert!(theta.iter().all(|v| v.is_finite()));
    }
}
