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
use crate::solver::{ArcCost, Problem, Solution, Task, Vehicle, Window, BREAK};
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
        .map(|r| {
            r.stops()
                .iter()
                .filter(|&&t| t != BREAK)
                .map(|&t| instance.customers[t as usize].number)
                .collect()
        })
        .collect()
}
