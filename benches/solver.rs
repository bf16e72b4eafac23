//! Hot paths of the solver on a generated city region: one insertion scan
//! (with SISR's blinks as recreate scans, and through the insertion cache, as
//! tasks left out are retried; and bounded, on a Solomon instance, where the
//! working day is not weighed),
//! move evaluation (all operators asked for an improving move, also on the
//! Solomon instance, and the moves within one route alone),
//! one local-search pass, and a short ruin-and-recreate search.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::interop::solomon::problem::{to_problem, Objective};
use rounds::interop::solomon::reader::read_solomon;
use rounds::planning::day::{DayOptions, DayProblem};
use rounds::solver::construct::regret_insertion;
use rounds::solver::insert::{best_in_route, best_in_route_below, Blinks, InsertionCache};
use rounds::solver::local_search::LocalSearch;
use rounds::solver::neighbours::Neighbours;
use rounds::solver::operators::{relocate, swap, two_opt, two_opt_star, Scratch};
use rounds::solver::rng::Rng;
use rounds::solver::{solve, Problem, SearchConfig, Slot, Solution};
use rounds::travel::StraightLine;

fn city_day() -> DayProblem {
    let today = "2026-11-24".parse().unwrap();
    let region = generate_region(&GenerateOptions {
        accounts: 600,
        reps: 7,
        seed: 1,
        shape: Shape::City,
        today,
        centre: None,
        radius_km: None,
    });
    DayProblem::build(&region, &DayOptions { date: today, lookahead_days: 2 }, &StraightLine::default())
        .unwrap()
}

/// How many operators find an improving move for a pair of neighbours, each
/// asked below zero as local search asks (whose moves the bounds pass over).
fn improving_moves(
    problem: &Problem,
    solution: &Solution,
    neighbours: &Neighbours,
    scratch: &mut Scratch,
) -> usize {
    let mut improving = 0;
    for u in 0..problem.tasks.len() {
        for &v in neighbours.of(u) {
            let v = v as usize;
            let found = [
                relocate::evaluate(problem, solution, u, v, 0, scratch),
                swap::evaluate(problem, solution, u, v, 0, scratch),
                two_opt::evaluate(problem, solution, u, v, 0, scratch),
                two_opt_star::evaluate(problem, solution, u, v, 0),
            ];
            improving += found.iter().flatten().count();
        }
    }
    improving
}

fn benches(c: &mut Criterion) {
    let day = city_day();
    let problem = &day.problem;
    let mut rng = Rng::new(1);
    let constructed = regret_insertion(problem, &mut rng);
    let neighbours = Neighbours::build(problem, 40);

    c.bench_function("insertion: every task into every route", |b| {
        b.iter(|| {
            let mut found = 0;
            for task in 0..problem.tasks.len() as u32 {
                for route in &constructed.routes {
                    found += usize::from(best_in_route(problem, route, task, 0.0, &mut rng).is_some());
                }
            }
            black_box(found)
        })
    });
    c.bench_function("insertion with blinks: every task into every route, SISR's 1 %", |b| {
        b.iter(|| {
            let mut blinks = Blinks::new(0.01, &mut rng);
            let mut found = 0;
            for task in 0..problem.tasks.len() as u32 {
                for route in &constructed.routes {
                    let best = best_in_route_below(problem, route, task, &mut blinks, i64::MAX, &mut rng);
                    found += usize::from(best.is_some());
                }
            }
            black_box(found)
        })
    });
    let solomon = to_problem(
        &read_solomon(std::path::Path::new("fixtures/benchmarks/solomon/RC201.txt")).unwrap(),
        Objective::Distance,
    );
    let solomon_routes = regret_insertion(&solomon, &mut rng);
    c.bench_function("insertion, Solomon RC201: every task into every route, below the best so far", |b| {
        b.iter(|| {
            let mut blinks = Blinks::new(0.01, &mut rng);
            let mut found = 0;
            for task in 0..solomon.tasks.len() as u32 {
                let mut bound = i64::MAX;
                for route in &solomon_routes.routes {
                    if let Some(best) =
                        best_in_route_below(&solomon, route, task, &mut blinks, bound, &mut rng)
                    {
                        bound = best.delta;
                        found += 1;
                    }
                }
            }
            black_box(found)
        })
    });
    c.bench_function("insertion cache: every task into every unchanged route", |b| {
        let mut cache = InsertionCache::new(problem);
        b.iter(|| {
            let mut found = 0;
            for task in 0..problem.tasks.len() as u32 {
                for route in &constructed.routes {
                    found += usize::from(cache.best_in_route(problem, route, task, &mut rng).is_some());
                }
            }
            black_box(found)
        })
    });
    c.bench_function("move evaluation: every operator on every neighbour pair, for an improving move", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| black_box(improving_moves(problem, &constructed, &neighbours, &mut scratch)))
    });
    let solomon_neighbours = Neighbours::build(&solomon, 40);
    c.bench_function(
        "move evaluation, Solomon RC201: every operator on every neighbour pair, for an improving move",
        |b| {
            let mut scratch = Scratch::default();
            b.iter(|| {
                black_box(improving_moves(&solomon, &solomon_routes, &solomon_neighbours, &mut scratch))
            })
        },
    );
    c.bench_function("move evaluation: relocate, or-opt and swap within a route, at a local optimum", |b| {
        let mut optimum = constructed.clone();
        LocalSearch::new(problem.tasks.len()).run(problem, &neighbours, &mut optimum, &mut Rng::new(1));
        let route_of = |task: usize| match optimum.slot(task) {
            Slot::Routed { route, .. } => Some(route),
            Slot::Unassigned => None,
        };
        let pairs: Vec<(usize, usize)> = (0..problem.tasks.len())
            .flat_map(|u| neighbours.of(u).iter().map(move |&v| (u, v as usize)))
            .filter(|&(u, v)| route_of(u).is_some() && route_of(u) == route_of(v))
            .collect();
        let mut scratch = Default::default();
        b.iter(|| {
            let mut found = 0usize;
            for &(u, v) in &pairs {
                found += usize::from(
                    relocate::evaluate(problem, &optimum, u, v, i64::MAX, &mut scratch).is_some(),
                );
                found +=
                    usize::from(swap::evaluate(problem, &optimum, u, v, i64::MAX, &mut scratch).is_some());
            }
            black_box(found)
        })
    });
    c.bench_function("construction: regret insertion", |b| {
        b.iter(|| black_box(regret_insertion(problem, &mut rng)))
    });
    c.bench_function("local search to a local optimum", |b| {
        let mut ls = LocalSearch::new(problem.tasks.len());
        b.iter(|| {
            let mut solution = constructed.clone();
            black_box(ls.run(problem, &neighbours, &mut solution, &mut rng))
        })
    });
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    group.bench_function("500 ruin-and-recreate iterations", |b| {
        let config = SearchConfig { iterations: Some(500), ..SearchConfig::default() };
        b.iter(|| black_box(solve(problem, &config).cost))
    });
    group.finish();
}

criterion_group!(solver, benches);
criterion_main!(solver);
