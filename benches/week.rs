//! Multi-day planning: ten working days of 1 000 suburban accounts and 12
//! reps, with every account in a territory (each rep's days solved apart,
//! in parallel) and as generated (a handful of territories: the whole team's
//! day is solved again where a rep's own day leaves a visit out); and the
//! issue's scale, twenty days of 5 000 accounts and 40 reps, in territories
//! and as generated (a team too large to solve again whole: its day is
//! solved again by groups of about ten nearby reps); `cargo bench --bench
//! week -- "20 days"` runs only those two.
//!
//! The generator gives only a few accounts a territory; here every account
//! gets the rep who starts nearest among those with fewer than an even share
//! of the accounts, the accounts with the clearest nearest rep choosing first.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::model::Region;
use rounds::planning::week::{plan_week, WeekOptions, DEFAULT_REPS_PER_GROUP};
use rounds::travel::StraightLine;

fn region(accounts: usize, reps: usize) -> Region {
    generate_region(&GenerateOptions {
        accounts,
        reps,
        seed: 1,
        shape: Shape::Suburban,
        today: "2026-11-23".parse().unwrap(),
        centre: None,
        radius_km: None,
    })
}

/// Every account in the territory of the nearest rep who has room.
fn with_territories(mut region: Region) -> Region {
    let line = StraightLine::default();
    let room = region.accounts.len().div_ceil(region.reps.len());
    let by_distance: Vec<Vec<(i32, usize)>> = region
        .accounts
        .iter()
        .map(|a| {
            let mut reps: Vec<(i32, usize)> = region
                .reps
                .iter()
                .enumerate()
                .map(|(r, rep)| (line.leg(rep.start, a.location).0, r))
                .collect();
            reps.sort_unstable();
            reps
        })
        .collect();
    let mut order: Vec<usize> = (0..region.accounts.len()).collect();
    order.sort_by_key(|&a| (std::cmp::Reverse(by_distance[a][1].0 - by_distance[a][0].0), a));
    let mut held = vec![0; region.reps.len()];
    for a in order {
        let (_, r) = *by_distance[a].iter().find(|&&(_, r)| held[r] < room).unwrap_or(&by_distance[a][0]);
        held[r] += 1;
        region.accounts[a].territory = Some(region.reps[r].id.clone());
    }
    region
}

fn options(days: u32) -> WeekOptions {
    WeekOptions {
        from: "2026-11-23".parse().unwrap(),
        days,
        early_days: 2,
        seed: 1,
        iterations_per_day: None,
        reps_per_group: DEFAULT_REPS_PER_GROUP,
    }
}

fn benches(c: &mut Criterion) {
    let travel = StraightLine::default();
    let mut group = c.benchmark_group("week");
    group.sample_size(10);
    let cases = [
        ("10 days, 1 000 accounts, 12 reps, territories", with_territories(region(1_000, 12)), 10),
        ("10 days, 1 000 accounts, 12 reps, as generated", region(1_000, 12), 10),
        ("20 days, 5 000 accounts, 40 reps, territories", with_territories(region(5_000, 40)), 20),
        ("20 days, 5 000 accounts, 40 reps, as generated", region(5_000, 40), 20),
    ];
    for (name, region, days) in cases {
        let options = options(days);
        let week = plan_week(&region, &options, &travel, &|| {}).unwrap();
        let visits: usize = week.days.iter().map(|d| d.visited_accounts().count()).sum();
        println!("{name}: {visits} visits, {} late", week.late.len());
        group.bench_function(name, |b| {
            b.iter(|| black_box(plan_week(&region, &options, &travel, &|| {}).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(week, benches);
criterion_main!(week);
