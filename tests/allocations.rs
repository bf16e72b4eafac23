//! The search's inner loop must not allocate: ruin, recreate, move
//! evaluation and the copy-back between current and candidate all reuse
//! buffers. Only rare events (a new best solution, an applied local-search
//! move) may allocate. Counted with a global allocator wrapper.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use rounds::interop::solomon::problem::{to_problem, Objective};
use rounds::interop::solomon::reader::read_solomon;
use rounds::solver::{solve, SearchConfig};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_for(iterations: u64, regret_rate: f64) -> u64 {
    let instance =
        read_solomon(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/benchmarks/solomon/R101.txt").as_ref())
            .expect("fixture reads");
    let problem = to_problem(&instance, Objective::Distance);
    let config = SearchConfig {
        iterations: Some(iterations),
        fleet_share: Some(0.0),
        regret_rate,
        ..SearchConfig::default()
    };
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let outcome = solve(&problem, &config);
    assert!(outcome.solution.is_feasible());
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

/// Greedy recreate, as benchmarks run it, and half the recreates by regret, as a day plan does.
#[test]
fn ruin_and_recreate_iterations_do_not_allocate() {
    for regret_rate in [0.0, 0.5] {
        let short = allocations_for(2_000, regret_rate);
        let long = allocations_for(6_000, regret_rate);
        let per_iteration = (long.saturating_sub(short)) as f64 / 4_000.0;
        eprintln!(
            "regret {regret_rate}: allocations: {short} for 2000 iterations, {long} for 6000; {per_iteration:.3} per extra iteration"
        );
        assert!(per_iteration < 0.5, "regret {regret_rate}: {per_iteration:.3} allocations per iteration");
    }
}
