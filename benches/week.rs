//! Multi-day planning at a size that runs in seconds: 1 000 suburban
//! accounts and 12 reps over ten working days, once with every account in
//! a territory (each rep's days solved apart, in parallel) and once as
//! generated (a handful of territories: the whole team's day is solved
//! where a rep's own day leaves a visit out).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::model::Region;
use rounds::travel::StraightLine;
use rounds::week::{plan_week, WeekOptions};

fn region() -> Region {
    generate_region(&GenerateOptions {
        accounts: 1_000,
        reps: 12,
        seed: 1,
        shape: Shape::Suburban,
        today: "2026-11-23".parse().unwrap(),
        centre: None,
        radius_km: None,
    })
}

/// Every account in the territory of the rep who starts nearest.
fn with_territories(mut region: Region) -> Region {
    let line = StraightLine::default();
    for account in &mut region.accounts {
        let nearest = region.reps.iter().min_by_key(|r| line.leg(r.start, account.location).0);
        account.territory = nearest.map(|r| r.id.clone());
    }
    region
}

fn benches(c: &mut Criterion) {
    let options = WeekOptions {
        from: "2026-11-23".parse().unwrap(),
        days: 10,
        early_days: 2,
        seed: 1,
        iterations_per_day: None,
    };
    let travel = StraightLine::default();
    let mut group = c.benchmark_group("week");
    group.sample_size(10);
    for (name, region) in [("territories", with_territories(region())), ("as generated", region())] {
        let week = plan_week(&region, &options, &travel, &|| {}).unwrap();
        let visits: usize = week.days.iter().map(|d| d.visited_accounts().count()).sum();
        println!("{name}: {visits} visits, {} late", week.late.len());
        group.bench_function(format!("10 days, 1 000 accounts, 12 reps, {name}"), |b| {
            b.iter(|| black_box(plan_week(&region, &options, &travel, &|| {}).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(week, benches);
criterion_main!(week);
