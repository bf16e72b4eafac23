//! A PVRP instance as the periodic planner's problem
//! ([`crate::planning::periodic::PeriodicProblem`]), and its plan back as
//! routes of customer numbers.
//!
//! The planner works in integers, the benchmark in unrounded Euclidean
//! distances: coordinates and times are scaled by
//! [`SCALE`], as for Solomon, and
//! every leg is rounded *up*, so a plan within the duration limit for the
//! planner is within it with exact distances too. Totals are recomputed in
//! `f64` by the validator ([`crate::interop::pvrp::check`]).

use crate::interop::pvrp::reader::{PvrpInstance, PvrpRoute, PvrpSolution};
use crate::interop::solomon::problem::SCALE;
use crate::planning::periodic::{PeriodicPlan, PeriodicProblem, PeriodicVisit};
use crate::solver::{ArcCost, Vehicle, Window};
use crate::travel::TravelMatrix;

/// Longest route when a day has no limit: more than any instance's scaled
/// total, far below overflow.
const NO_LIMIT: i64 = 1 << 50;

/// The instance as a periodic problem: place 0 is the depot, place `k` the
/// `k`-th customer row of the file.
pub fn to_periodic(instance: &PvrpInstance) -> PeriodicProblem {
    let sites: Vec<_> =
        std::iter::once(instance.depot).chain(instance.customers.iter().map(|c| c.at)).collect();
    let n = sites.len();
    let mut legs = Vec::with_capacity(n * n);
    for &a in &sites {
        for &b in &sites {
            legs.push((PvrpInstance::distance(a, b) * SCALE).ceil() as i32);
        }
    }
    let matrix = TravelMatrix::from_rows(n, legs.clone(), legs);
    let visits = instance
        .customers
        .iter()
        .enumerate()
        .map(|(k, c)| PeriodicVisit {
            place: k + 1,
            service_s: (c.service * SCALE).round() as i64,
            demand: c.demand,
            combinations: c.combinations.clone(),
        })
        .collect();
    let days = instance
        .days
        .iter()
        .map(|day| {
            let close = day.max_duration.map_or(NO_LIMIT, |limit| (limit * SCALE).floor() as i64);
            let vehicle = Vehicle {
                start_place: 0,
                end_place: 0,
                shift: Window { open: 0, close },
                break_spec: None,
                capacity: day.capacity,
                fixed_cost: 0,
            };
            vec![vehicle; instance.vehicles]
        })
        .collect();
    PeriodicProblem { matrix, arc_cost: ArcCost::Distance, visits, days }
}

/// The plan's routes as customer numbers, with the total distance
/// recomputed unrounded from the coordinates (what the solution claims).
pub fn solution_of(instance: &PvrpInstance, plan: &PeriodicPlan) -> PvrpSolution {
    let mut routes = Vec::new();
    let mut distance = 0.0;
    for (day, day_routes) in plan.routes.iter().enumerate() {
        for route in day_routes.iter().filter(|r| !r.is_empty()) {
            let points = route.iter().map(|&c| instance.customers[c].at);
            let mut at = instance.depot;
            for point in points.chain(std::iter::once(instance.depot)) {
                distance += PvrpInstance::distance(at, point);
                at = point;
            }
            routes.push(PvrpRoute {
                day,
                stops: route.iter().map(|&c| instance.customers[c].number).collect(),
            });
        }
    }
    PvrpSolution { distance, routes }
}
