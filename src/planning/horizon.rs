//! Several days as one solver problem, so that the day solver moves visits
//! between days as readily as between routes.
//!
//! Every day's vehicles stand side by side in one [`Problem`]; a visit that
//! may happen on several days is *one* task whose allowed vehicles are those
//! days' vehicles. The solver's own moves (relocate, exchange, 2-opt*,
//! ruin and recreate) then change a visit's day whenever that lowers the
//! cost, with every window, break and shift checked as on a single day: no
//! move of its own is needed for "change the day".
//!
//! Two planners use it: the periodic planner ([`super::periodic`]) routes its
//! horizon this way, and the week planner (`rounds week`) moves each rep's
//! visits between the days of their windows once every day is routed.
//!
//! The days must not share a clock: a week's days put each day's times at
//! an offset of their own (see the week planner), a periodic problem's
//! vehicles are told apart by the allowed vehicles alone.

use crate::solver::{ArcCost, Problem, Solution, Task, Vehicle};
use crate::travel::TravelMatrix;

/// The days' vehicles and tasks as one problem, and where each day's vehicles sit in it.
#[derive(Clone, Debug)]
pub struct HorizonProblem {
    /// The solver's problem: the vehicles of day 0, then those of day 1, ...
    pub problem: Problem,
    /// The index of each day's first vehicle.
    first_vehicle: Vec<usize>,
}

impl HorizonProblem {
    /// Builds the problem of `days` (each day's vehicles, an empty list for
    /// a day not in play) and `tasks`, each with the days it may go on: its
    /// allowed vehicles become every vehicle of those days (whatever the
    /// task said before), none at all when it may go on every day that has
    /// vehicles. `matrix` covers every place the tasks and vehicles name.
    pub fn new(
        days: &[Vec<Vehicle>],
        tasks: Vec<(Task, Vec<usize>)>,
        matrix: TravelMatrix,
        arc_cost: ArcCost,
    ) -> Self {
        let mut first_vehicle = Vec::with_capacity(days.len());
        let mut vehicles = Vec::new();
        for day in days {
            first_vehicle.push(vehicles.len());
            vehicles.extend(day.iter().cloned());
        }
        let working: Vec<usize> = (0..days.len()).filter(|&d| !days[d].is_empty()).collect();
        let tasks = tasks
            .into_iter()
            .map(|(task, on)| {
                let everywhere = working.iter().all(|d| on.contains(d));
                let allowed = on.iter().flat_map(|&d| first_vehicle[d]..first_vehicle[d] + days[d].len());
                Task { allowed_vehicles: (!everywhere).then(|| allowed.collect()), ..task }
            })
            .collect();
        HorizonProblem { problem: Problem::new(tasks, vehicles, matrix, arc_cost), first_vehicle }
    }

    /// Marks tasks as due from `skip_cost` on ([`Problem::with_due_from`]).
    pub fn with_due_from(self, skip_cost: i64) -> Self {
        HorizonProblem { problem: self.problem.with_due_from(skip_cost), ..self }
    }

    /// Weighs each day's working day as a day plan does ([`Problem::with_working_day_weight`]).
    pub fn with_working_day_weight(self, per_mille: i64) -> Self {
        HorizonProblem { problem: self.problem.with_working_day_weight(per_mille), ..self }
    }

    /// The problem's vehicle for vehicle `route` of `day`.
    pub fn vehicle(&self, day: usize, route: usize) -> usize {
        self.first_vehicle[day] + route
    }

    /// The number of vehicles of `day`.
    fn vehicles_of(&self, day: usize) -> usize {
        let next = self.first_vehicle.get(day + 1).copied().unwrap_or(self.problem.vehicles.len());
        next - self.first_vehicle[day]
    }

    /// A solution holding `routes`: `(day, route, stops)`, the stops as task
    /// indices (and [`crate::solver::BREAK`]) in order.
    pub fn start<S: AsRef<[u32]>>(&self, routes: impl IntoIterator<Item = (usize, usize, S)>) -> Solution {
        let mut solution = Solution::empty(&self.problem);
        for (day, route, stops) in routes {
            solution.set_route(&self.problem, self.vehicle(day, route), stops.as_ref());
        }
        solution
    }

    /// The stops of each of `day`'s vehicles in `solution`, breaks included.
    pub fn day_routes<'s>(&self, solution: &'s Solution, day: usize) -> impl Iterator<Item = &'s [u32]> {
        let first = self.first_vehicle[day];
        solution.routes[first..first + self.vehicles_of(day)].iter().map(|route| route.stops())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::{solve, visits_in, SearchConfig, Window};

    fn vehicle(open: i64, close: i64) -> Vehicle {
        Vehicle {
            start_place: 0,
            end_place: 0,
            shift: Window { open, close },
            break_spec: None,
            capacity: i64::MAX / 4,
            fixed_cost: 0,
        }
    }

    fn task(place: usize, open: i64, close: i64) -> Task {
        Task {
            place,
            service_s: 10,
            windows: vec![Window { open, close }],
            demand: 1,
            allowed_vehicles: None,
            skip_cost: 1_000_000,
        }
    }

    /// Places 1 and 2 lie beside each other, 100 from the depot; place 1's
    /// visit may go on day 0 or day 1, place 2's only on day 1: moved to day 1
    /// the two share one trip.
    #[test]
    fn a_visit_moves_to_the_day_where_it_costs_least() {
        let d = [[0, 100, 100], [100, 0, 1], [100, 1, 0]];
        let legs: Vec<i32> = d.iter().flatten().copied().collect();
        let matrix = TravelMatrix::from_rows(3, legs.clone(), legs);
        let days = vec![vec![vehicle(0, 1_000)], vec![vehicle(10_000, 11_000)]];
        let tasks = vec![(task(1, 0, 11_000), vec![0, 1]), (task(2, 10_000, 11_000), vec![1])];
        let horizon = HorizonProblem::new(&days, tasks, matrix, ArcCost::Distance);
        assert_eq!(horizon.problem.tasks[0].allowed_vehicles, None, "both days: no restriction");
        assert_eq!(horizon.problem.tasks[1].allowed_vehicles, Some(vec![1]));

        let start = horizon.start([(0, 0, &[0u32][..]), (1, 0, &[1u32][..])]);
        assert_eq!(start.cost(&horizon.problem), 400);
        let config = SearchConfig { iterations: Some(200), ..SearchConfig::default() };
        let outcome = solve(&horizon.problem, &config);
        assert_eq!(outcome.cost, 201);
        assert!(horizon.day_routes(&outcome.solution, 0).all(<[u32]>::is_empty));
        let day1: Vec<&[u32]> = horizon.day_routes(&outcome.solution, 1).collect();
        assert_eq!(day1.len(), 1);
        let mut visits: Vec<u32> = visits_in(day1[0]).collect();
        visits.sort_unstable();
        assert_eq!(visits, vec![0, 1]);
    }
}
