//! `rounds replan` at the size the issue asks for: a generated 10-rep city
//! day of 152 due visits, planned once, then re-planned with `--team` (every
//! rep from where they are) at three times of day, with an urgent visit
//! added and one visit cancelled. Target: well under a second each.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::model::plan::{Plan, Stop};
use rounds::model::{Account, LatLon, OpeningHours, Priority, TimeWindow};
use rounds::planning::day::{DayOptions, DayProblem};
use rounds::planning::replan::{replan, ReplanRequest, Whereabouts};
use rounds::solver::{solve, SearchConfig};
use rounds::travel::StraightLine;

/// The day of `rounds generate DIR --accounts 1050 --reps 10 --seed 3 --shape city --today 2026-11-24`.
fn team_day() -> (rounds::model::Region, Plan) {
    let today = "2026-11-24".parse().unwrap();
    let region = generate_region(&GenerateOptions {
        accounts: 1050,
        reps: 10,
        seed: 3,
        shape: Shape::City,
        today,
        centre: None,
        radius_km: None,
    });
    let day =
        DayProblem::build(&region, &DayOptions { date: today, lookahead_days: 0 }, &StraightLine::default())
            .unwrap();
    let config = day.search_config(&SearchConfig::default());
    let plan = day.to_plan(&region, &solve(&day.problem, &config).solution);
    (region, plan)
}

fn urgent() -> Account {
    Account {
        id: "U1".into(),
        name: "urgent".into(),
        address: String::new(),
        location: LatLon { lat: 60.1685, lon: 24.933 },
        service_s: 1800,
        hours: OpeningHours::daily(vec![TimeWindow::parse("09:00-15:00").unwrap()]),
        every_days: 7,
        last_visit: None,
        priority: Priority::High,
        territory: None,
        preferred_days: Vec::new(),
    }
}

fn benches(c: &mut Criterion) {
    let (region, plan) = team_day();
    let visits: usize = plan.routes.iter().map(|r| r.visit_count()).sum();
    assert_eq!((plan.routes.len(), visits), (10, 152), "the day the README reports");
    let r3 = plan.routes.iter().find(|r| r.rep == "R3").unwrap();
    let last = r3.stops.iter().rev().find_map(|s| match s {
        Stop::Visit { account, .. } => Some(account.clone()),
        Stop::Break { .. } => None,
    });
    let mut group = c.benchmark_group("replan --team, 10 reps, 152 visits");
    group.sample_size(10);
    for now in ["09:30", "12:00", "14:30"] {
        let request = ReplanRequest {
            rep: "R3".into(),
            now_s: rounds::model::time::parse_clock(now).unwrap(),
            whereabouts: Whereabouts::AsPlanned,
            delay_s: 0,
            urgent: vec![urgent()],
            urgent_accounts: Vec::new(),
            cancel: last.clone().into_iter().collect(),
            team: true,
            end_day: false,
            recorded: Vec::new(),
        };
        group.bench_function(format!("at {now}, one urgent visit and one cancelled"), |b| {
            b.iter(|| {
                let replanned =
                    replan(&region, &plan, &request, &StraightLine::default(), &SearchConfig::default())
                        .unwrap();
                black_box(replanned.plan.routes.len())
            })
        });
    }
    group.finish();
}

criterion_group!(replanning, benches);
criterion_main!(replanning);
