//! Territories at the scale of the issue: a generated suburban region of
//! 5 000 accounts and 40 reps. Proposing a split over 4 working weeks, and the
//! figures of a 20-day plan of it (the plan itself is made once, with short
//! searches, since only the metrics are measured here).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::territory::metrics::split_metrics;
use rounds::territory::propose::{propose, ProposeOptions};
use rounds::territory::{plan_split, Split, WeekOptions};
use rounds::travel::StraightLine;

fn benches(c: &mut Criterion) {
    let from = "2026-11-24".parse().unwrap();
    let region = generate_region(&GenerateOptions {
        accounts: 5_000,
        reps: 40,
        seed: 11,
        shape: Shape::Suburban,
        today: from,
        centre: None,
        radius_km: None,
    });
    let current = Split::current(&region).split;
    let none = vec![None; region.accounts.len()];
    let options = ProposeOptions {
        working_days: 20,
        estimate: StraightLine::default(),
        max_moves: None,
        tolerance: 0.05,
    };

    let mut group = c.benchmark_group("territories");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("propose: 5000 accounts, 40 reps, 20 working days", |b| {
        b.iter(|| black_box(propose(&region, &current, &none, &options).unwrap()))
    });
    group.bench_function("propose: at most 200 moves from the current split", |b| {
        let capped = ProposeOptions { max_moves: Some(200), ..options };
        b.iter(|| black_box(propose(&region, &current, &none, &capped).unwrap()))
    });

    let proposal = propose(&region, &current, &none, &options).unwrap();
    let week_options = WeekOptions {
        from,
        days: 20,
        early_days: 0,
        seed: 1,
        iterations_per_day: Some(50),
        reps_per_group: 10,
    };
    let week = plan_split(&region, &proposal.split, &week_options, &StraightLine::default(), &|| {}).unwrap();
    group.bench_function("metrics of a 20-day plan: 5000 accounts, 40 reps", |b| {
        b.iter(|| black_box(split_metrics(&region, &proposal.split, &week, 8 * 3600)))
    });
    group.finish();
}

criterion_group!(territories, benches);
criterion_main!(territories);
