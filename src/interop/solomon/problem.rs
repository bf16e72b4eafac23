//! Vehicle routing with time windows from benchmark files: a Solomon or
//! Gehring & Homberger instance as a solver [`Problem`], and the solver's
//! routes back as customer numbers.
//!
//! The solver works in integers, the benchmarks in unrounded Euclidean
//! distances. Coordinates and times are scaled by [`SCALE`] and every leg is
//! rounded *up*, so a solution feasible for the solver is feasible with
//! exact distances too; reported distances are recomputed in `f64` by the
//! validator ([`crate::interop::solomon::check`]).

use crate::interop::solomon::reader::SolomonInstance;
use crate::solver::{ArcCost, Decomposition, Problem, SearchConfig, Solution, Task, Vehicle, Window};
use crate::travel::TravelMatrix;

/// Integer units per distance or time unit of the instance.
pub const SCALE: f64 = 10_000.0;

/// Skip cost of a customer: every customer must be served.
const SKIP_COST: i64 = 10_000_000_000_000;

/// Cost of using a vehicle under [`Objective::Vehicles`]: more than any
/// instance's total scaled distance, so one vehicle fewer always wins.
const VEHICLE_COST: i64 = 100_000_000_000;

/// What a benchmark run minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Objective {
    /// Total distance; vehicles are free up to the fleet size.
    Distance,
    /// Vehicles first, then distance (the classic hierarchical objective).
    Vehicles,
}

impl Objective {
    /// Share of the search spent first on removing vehicles. Even for
    /// distance, a short fleet phase pays: on instances like C203 the
    /// shortest plan also has the fewest routes, and annealing alone rarely
    /// empties a whole route (measured: mean gap over the 56 Solomon
    /// instances +0.42 % without it, +0.30 % with 10 %, at 10 s each).
    pub fn fleet_share(self) -> f64 {
        match self {
            Objective::Distance => 0.1,
            Objective::Vehicles => 0.5,
        }
    }
}

/// Share of the budget before which a benchmark run's new bests are not
/// polished: none. A team's day waits a tenth of its budget
/// ([`SearchConfig::polish_from`](crate::solver::SearchConfig::polish_from)),
/// but on the 1 000-customer instances at 100 s (seeds 1-2) polishing from
/// the start gave a mean gap of +1.41 % against +1.66 % (R1 +1.52 against
/// +2.19 %, RC1 +1.74 against +2.34 %): there the first tenth of the search
/// finds new bests all the time, and polishing them is what descends fast.
pub const POLISH_FROM: f64 = 0.0;

/// Annealing trajectories a benchmark run of up to [`CROSSING_UP_TO`]
/// customers shares its budget among, unless told otherwise. Given more
/// time, one trajectory hardly gains (R1 and R2 at 200 customers, seed 1:
/// +1.16 % at 20 s, +1.11 % at 80 s), while four that cross their bests
/// gain a lot (+0.71 % at 80 s): the long routes of R2 need other routes
/// crossed in, not more ruins of their own (docs/measurements.md).
pub const TRAJECTORIES: usize = 4;

/// The most customers for which a benchmark run crosses [`TRAJECTORIES`]
/// trajectories; larger instances run one. At the time limits four
/// gained at 100, 200 and 400 customers (+0.10, +0.38 and +0.67 % against
/// +0.16, +0.69 and +0.80 %), but at 1 000 customers, with a quarter of
/// the iterations each, the short routes of R1 and RC1 lost more than the
/// long ones gained (+1.50 % with four, +1.70 % with two, +1.41 % with
/// one). Between 400 and 1 000 customers nothing was measured.
pub const CROSSING_UP_TO: usize = 500;

/// Routes that hold at most this many customers on the mean before the
/// vehicle is full are short: Gehring & Homberger's type 1 (capacity 200,
/// about 11), against 37 on C2 and 55 on R2 and RC2.
pub const SHORT_ROUTE_CUSTOMERS: f64 = 20.0;

/// Share of the budget before which a run of more than [`CROSSING_UP_TO`]
/// customers on short routes ([`SHORT_ROUTE_CUSTOMERS`]) opens no route
/// beyond those the fleet phase left
/// ([`SearchConfig::open_routes_from`](crate::solver::SearchConfig::open_routes_from)).
/// C1_10_2 needs 89.7 vehicles by capacity and ended every run at 99 routes,
/// 60 of them part-loaded; kept from opening routes in the hot half, the
/// type-1 instances of 1 000 customers gave +1.64 % at 100 s over 18 runs
/// against +1.91 %, most of it C1_10_2's (+1.34 % on 94-96 routes against
/// +1.96 %; R1 and RC1 within their spread). The long routes of type 2
/// need the routes they open while hot (R2_10_2 +6.05 % without them), and
/// at 400 customers, where four trajectories cross, type 1 was within the
/// seeds' spread (+0.75 % against +0.79 %) (docs/measurements.md).
pub const OPEN_ROUTES_FROM: f64 = 0.5;

/// The parts a benchmark run improves its best solution by in the last
/// fifth of its budget: groups of neighbouring routes holding 100 customers
/// or more, each searched by [`TRAJECTORIES`] trajectories of 50 000
/// iterations, about a second ([`Decomposition`]). At the time
/// limits, seeds 1-2: +0.58 % at 400 customers instead of +0.76 % (every
/// family but C1 lower, the worst run +1.47 % instead of +1.85 %), +0.33 %
/// at 200 instead of +0.40 % (the worst +1.20 % instead of +1.90 %),
/// Solomon's 100 within the spread (+0.10 % against +0.12 %). At 1 000
/// customers, where the whole search runs one trajectory, parts searched by
/// four gave +1.13 % and +1.04 % (seeds 1-2 and 3-4) against +1.21 % and
/// +1.18 % without parts, most on C1 and R2; searched by one they gave
/// +1.28 %. Groups of three routes, whatever they hold, lost C1 and R1 at
/// 400 customers (+0.77 %) (docs/measurements.md).
pub const DECOMPOSITION: Decomposition =
    Decomposition { share: 0.2, part_tasks: 100, part_iterations: 50_000, part_trajectories: TRAJECTORIES };

/// Iterations each trajectory of a benchmark run searches between two
/// exchanges. A team's day exchanges every 1 000 of its few thousand
/// iterations; a benchmark run does hundreds of thousands, and exchanging
/// every 1 000 of them makes the trajectories one before they have found
/// anything to cross (R1 and R2 at 200 customers, 20 s, seeds 1-2: +1.03 %
/// every 1 000, +0.80 % every 10 000, +0.83 % every 50 000).
pub const EPOCH_ITERATIONS: u64 = 10_000;

/// The search for a benchmark run of `instance`: `given` with what it
/// leaves open filled in. The fleet phase of `objective` unless a share is
/// given, new bests polished from the start ([`POLISH_FROM`]), unless a
/// number is given [`TRAJECTORIES`] trajectories exchanging every
/// [`EPOCH_ITERATIONS`] (one beyond [`CROSSING_UP_TO`] customers), the
/// last share improving by parts ([`DECOMPOSITION`], each part searched by
/// the trajectories given, if any), and beyond that size
/// on short routes no route opened before [`OPEN_ROUTES_FROM`], and no
/// left-out customer swapped in by local search: every customer costs the
/// same to leave out, so the move only trades the customers a part's
/// construction could not place by driving, and at 400 customers (40 s,
/// seeds 1-8) it gave +0.70 % against +0.64 % with 8 runs of 96 above
/// 1.5 % against 4 (Solomon +0.06 % against +0.10 %, 200 customers +0.32 %
/// against +0.35 %; docs/measurements.md).
pub fn search_config(given: &SearchConfig, objective: Objective, instance: &SolomonInstance) -> SearchConfig {
    let customers = instance.customers.len();
    let large = customers > CROSSING_UP_TO;
    let demand: i64 = instance.customers.iter().map(|c| c.demand).sum();
    let short_routes = instance.capacity as f64 * customers as f64 <= SHORT_ROUTE_CUSTOMERS * demand as f64;
    SearchConfig {
        fleet_share: given.fleet_share.or(Some(objective.fleet_share())),
        polish_from: POLISH_FROM,
        trajectories: given.trajectories.or(Some(if large { 1 } else { TRAJECTORIES })),
        epoch_iterations: EPOCH_ITERATIONS,
        open_routes_from: if large && short_routes { OPEN_ROUTES_FROM } else { given.open_routes_from },
        swap_in: false,
        decomposition: given.decomposition.or(Some(Decomposition {
            part_trajectories: given.trajectories.unwrap_or(DECOMPOSITION.part_trajectories),
            ..DECOMPOSITION
        })),
        ..given.clone()
    }
}

impl std::str::FromStr for Objective {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "distance" => Ok(Objective::Distance),
            "vehicles" => Ok(Objective::Vehicles),
            other => Err(format!("`{other}` is not an objective (distance or vehicles)")),
        }
    }
}

fn scaled(value: i64) -> i64 {
    (value as f64 * SCALE).round() as i64
}

/// The instance as a solver problem: place 0 is the depot, place `k` the
/// `k`-th customer row of the file.
pub fn to_problem(instance: &SolomonInstance, objective: Objective) -> Problem {
    let sites: Vec<_> = std::iter::once(&instance.depot).chain(&instance.customers).collect();
    let n = sites.len();
    let mut legs = Vec::with_capacity(n * n);
    for a in &sites {
        for b in &sites {
            legs.push((instance.distance(a, b) * SCALE).ceil() as i32);
        }
    }
    let matrix = TravelMatrix::from_rows(n, legs.clone(), legs);
    let tasks = instance
        .customers
        .iter()
        .enumerate()
        .map(|(k, c)| Task {
            place: k + 1,
            service_s: scaled(c.service),
            windows: vec![Window { open: scaled(c.ready), close: scaled(c.due) }],
            demand: c.demand,
            allowed_vehicles: None,
            skip_cost: SKIP_COST,
        })
        .collect();
    let vehicle = Vehicle {
        start_place: 0,
        end_place: 0,
        shift: Window { open: scaled(instance.depot.ready), close: scaled(instance.depot.due) },
        break_spec: None,
        capacity: instance.capacity,
        fixed_cost: match objective {
            Objective::Distance => 0,
            Objective::Vehicles => VEHICLE_COST,
        },
    };
    Problem::new(tasks, vec![vehicle; instance.vehicles], matrix, ArcCost::Distance)
}

/// The non-empty routes of `solution` as customer numbers from the file.
pub fn routes_of(instance: &SolomonInstance, solution: &Solution) -> Vec<Vec<u32>> {
    solution
        .routes
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.visits().map(|t| instance.customers[t as usize].number).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::solomon::reader::SolomonSite;

    /// `customers` customers of demand 10 and vehicles of `capacity`.
    fn instance(customers: usize, capacity: i64) -> SolomonInstance {
        let site = |number: u32, demand: i64| SolomonSite {
            number,
            x: f64::from(number),
            y: 0.0,
            demand,
            ready: 0,
            due: 10_000,
            service: 0,
        };
        SolomonInstance {
            name: "test".to_string(),
            vehicles: customers,
            capacity,
            depot: site(0, 0),
            customers: (1..=customers as u32).map(|n| site(n, 10)).collect(),
        }
    }

    #[test]
    fn a_benchmark_run_crosses_four_trajectories_up_to_500_customers_and_improves_by_parts_unless_told() {
        let given = SearchConfig::default();
        let small = search_config(&given, Objective::Distance, &instance(500, 200));
        assert_eq!(small.trajectories, Some(TRAJECTORIES));
        assert_eq!(small.epoch_iterations, EPOCH_ITERATIONS);
        assert_eq!(small.fleet_share, Some(0.1));
        assert_eq!(small.polish_from, POLISH_FROM);
        assert_eq!(small.decomposition, Some(DECOMPOSITION));
        let large = search_config(&given, Objective::Distance, &instance(501, 200));
        assert_eq!((large.trajectories, large.decomposition), (Some(1), Some(DECOMPOSITION)));
        assert_eq!(DECOMPOSITION.part_trajectories, TRAJECTORIES);
        let told = SearchConfig { trajectories: Some(2), fleet_share: Some(0.3), ..given };
        let run = search_config(&told, Objective::Vehicles, &instance(200, 200));
        assert_eq!((run.trajectories, run.fleet_share), (Some(2), Some(0.3)));
        assert_eq!(run.decomposition.map(|parts| parts.part_trajectories), Some(2));
    }

    #[test]
    fn only_large_runs_on_short_routes_keep_routes_closed_while_hot() {
        let given = SearchConfig::default();
        let opens_from = |customers, capacity| {
            search_config(&given, Objective::Distance, &instance(customers, capacity)).open_routes_from
        };
        // 20 customers of demand 10 fill a vehicle of 200: short routes.
        assert_eq!(opens_from(1_000, 200), OPEN_ROUTES_FROM);
        assert_eq!(opens_from(1_000, 210), 0.0);
        assert_eq!(opens_from(1_000, 1_000), 0.0);
        assert_eq!(opens_from(500, 200), 0.0);
    }
}
