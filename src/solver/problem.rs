//! The solver's view of a problem: indices, integer seconds and cost units.
//!
//! Nothing here knows about accounts, reps or files. A *task* is a stop that
//! may be served by one vehicle; a *vehicle* is a rep's working day (or a
//! truck in a benchmark). Places are indices into the [`TravelMatrix`].

use std::sync::Arc;

use crate::travel::{filled_table, TravelMatrix};

/// A closed interval of seconds in which something must *start*.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    /// Earliest start.
    pub open: i64,
    /// Latest start.
    pub close: i64,
}

/// One stop to be served.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// Place index in the matrix.
    pub place: usize,
    /// Time spent at the place.
    pub service_s: i64,
    /// Windows for the start of service, sorted and disjoint, never empty.
    /// A visit that must also *end* inside opening hours has its close
    /// already reduced by the service time.
    pub windows: Vec<Window>,
    /// Load taken from the vehicle's capacity (1 for a sales visit counted
    /// against `max_visits`, the demand in a benchmark).
    pub demand: i64,
    /// The vehicles allowed to serve the task, if not all: one rep for an
    /// account with a territory, the vehicles holding every skill a VROOM job
    /// needs. [`Problem::new`] sorts the list; an empty list means no vehicle may.
    pub allowed_vehicles: Option<Vec<usize>>,
    /// Cost of leaving the task out. Due visits get penalties far above any
    /// driving cost, so coverage always comes first.
    pub skip_cost: i64,
}

/// A rest the vehicle must take, wherever it is at the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BreakSpec {
    /// When the break may start.
    pub start: Window,
    /// How long it lasts.
    pub duration_s: i64,
    /// Whether a vehicle home by the latest start (`start.close`) without
    /// the break needs none. A route still holds the break, last when it
    /// is skipped ([`crate::solver::route::Cursor::skips_break`]), so that
    /// every move sees the same stops; skipped, it takes no time. A rep's
    /// lunch is so (the plan leaves it out and the validator accepts that);
    /// a VROOM request's breaks are not: each is taken.
    pub skippable: bool,
}

/// One vehicle's working day.
#[derive(Clone, Debug, PartialEq)]
pub struct Vehicle {
    /// Where the day starts.
    pub start_place: usize,
    /// Where the day ends.
    pub end_place: usize,
    /// Leave no earlier than `open`, return no later than `close`.
    pub shift: Window,
    /// A break that every non-empty route of this vehicle contains.
    pub break_spec: Option<BreakSpec>,
    /// Most load the vehicle may carry (`i64::MAX` when unlimited).
    pub capacity: i64,
    /// Cost of using the vehicle at all (0 for sales reps; large when the
    /// objective minimises vehicles first).
    pub fixed_cost: i64,
}

impl Vehicle {
    /// Whether route tails of `self` and `other` can be exchanged with their
    /// cached latest-arrival data still valid: same end, shift end and break.
    pub fn same_tail(&self, other: &Vehicle) -> bool {
        self.end_place == other.end_place
            && self.shift.close == other.shift.close
            && self.break_spec == other.break_spec
    }
}

/// Which matrix the objective minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArcCost {
    /// Driving time in seconds (sales days).
    DriveTime,
    /// Distance (benchmarks, where time equals distance anyway).
    Distance,
}

/// An immutable problem instance. Its tables are shared, not copied, by a
/// clone and by its [parts](Problem::part): a day's search holds a second
/// problem with every break taken ([`Problem::with_breaks_taken`]), and a
/// copy of the tables cost a day of 1 750 places 37 MB.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The stops.
    pub tasks: Vec<Task>,
    /// The vehicles; a solution has one route per vehicle.
    pub vehicles: Vec<Vehicle>,
    /// Travel between places.
    pub matrix: Arc<TravelMatrix>,
    /// What an arc costs.
    pub arc_cost: ArcCost,
    /// [`Problem::cost`] row by row (by origin): the matrix's own table,
    /// shared, in 32 bits, half the memory the scans over it read.
    cost: Arc<[i32]>,
    /// [`Problem::cost`] by destination, then origin: empty where the
    /// costs are symmetric, as they are then `cost` itself.
    cost_to: Arc<[i32]>,
    /// Whether the drive times are `cost` (arcs priced by their drive time,
    /// or a matrix whose distances are its times, as a benchmark's are):
    /// then a schedule reads them there, and the search one table, not two.
    drive_is_cost: bool,
    places: usize,
    restricted: bool,
    uniform_fleet: bool,
    due_from: Option<i64>,
    working_day_per_mille: i64,
}

/// The ways a day's default budget may be shared among cooperating
/// trajectories, most first; one when none fits
/// ([`Problem::trajectories_for`]).
pub const TRAJECTORY_SPLITS: [usize; 3] = [8, 4, 2];

/// Fewest iterations per task a trajectory sharing the default budget is
/// left with. At fewer, each ends less settled than one trajectory of the
/// whole budget: days of 208-210 visits drove 0.8-1 % more in four
/// trajectories (28 iterations per visit each) than in one, a day of 519
/// visits covered fewer (14 each), where a day of 145 visits drove 1.5 %
/// less (59 each) (docs/measurements.md).
pub const SETTLING_ITERATIONS_PER_TASK: u64 = 50;

/// `cost` (row by origin) by destination instead, or nothing where it is
/// symmetric.
fn transposed_unless_symmetric(cost: &[i32], places: usize) -> Arc<[i32]> {
    let symmetric = (0..places).all(|a| (0..a).all(|b| cost[a * places + b] == cost[b * places + a]));
    let cells = if symmetric { 0 } else { places * places };
    // Written in place: collected into a vector, the table grew by doubling and was then copied.
    let Ok(turned) = filled_table(cells, |turned| {
        for (b, column) in turned.chunks_mut(places.max(1)).enumerate() {
            for (a, entry) in column.iter_mut().enumerate() {
                *entry = cost[a * places + b];
            }
        }
        Ok::<(), std::convert::Infallible>(())
    });
    turned
}

impl Problem {
    /// Builds a problem; `matrix` must cover every place the tasks and vehicles name.
    pub fn new(
        mut tasks: Vec<Task>,
        vehicles: Vec<Vehicle>,
        matrix: TravelMatrix,
        arc_cost: ArcCost,
    ) -> Self {
        // Sorted, so that `allowed` is a binary search.
        for allowed in tasks.iter_mut().filter_map(|t| t.allowed_vehicles.as_mut()) {
            allowed.sort_unstable();
            allowed.dedup();
        }
        let places = matrix.len();
        let cost = match arc_cost {
            ArcCost::DriveTime => matrix.drive_s_shared(),
            ArcCost::Distance => matrix.distance_m_shared(),
        };
        let cost_to = transposed_unless_symmetric(&cost, places);
        let drive_is_cost = arc_cost == ArcCost::DriveTime || *cost == *matrix.drive_s_table();
        let restricted = tasks.iter().any(|t| t.allowed_vehicles.is_some());
        let uniform_fleet = vehicles.windows(2).all(|pair| pair[0] == pair[1]);
        Problem {
            tasks,
            vehicles,
            matrix: Arc::new(matrix),
            arc_cost,
            cost,
            cost_to,
            drive_is_cost,
            places,
            restricted,
            uniform_fleet,
            due_from: None,
            working_day_per_mille: 0,
        }
    }

    /// Marks the tasks whose skip cost is at least `skip_cost` as due: they
    /// must happen today, where the rest may as well wait (a day plan's early
    /// visits). Their skip costs keep the objective as it is; the tier only
    /// tells the search which tasks to pack into a full day first. Without
    /// it (benchmarks), no task is due in this sense.
    pub fn with_due_from(mut self, skip_cost: i64) -> Self {
        self.due_from = Some(skip_cost);
        self
    }

    /// Adds `per_mille` thousandths of each route's working day (from the
    /// start of its shift to coming home) to the objective, so that a plan
    /// does not keep a rep out an hour longer, waiting at a door, to save a
    /// minute of driving: with waiting free, a longer search finds exactly
    /// such plans. Without it (benchmarks, VROOM requests) the objective is
    /// the arcs alone, as their best-known values count it.
    pub fn with_working_day_weight(mut self, per_mille: i64) -> Self {
        self.working_day_per_mille = per_mille;
        self
    }

    /// The part of this problem made of `tasks` and `vehicles` (indices
    /// here), with the same places, costs and rules: its task `i` is
    /// `tasks[i]` here and its vehicle `j` is `vehicles[j]`, a task allowed
    /// only on some vehicles keeps those among `vehicles`. What the
    /// [decomposition](super::decompose) searches on its own; a solution of
    /// the part costs there what its routes and left-out tasks cost here.
    pub fn part(&self, tasks: &[u32], vehicles: &[usize]) -> Problem {
        let tasks: Vec<Task> = tasks
            .iter()
            .map(|&t| {
                let mut task = self.tasks[t as usize].clone();
                if let Some(allowed) = &mut task.allowed_vehicles {
                    *allowed = (0..vehicles.len())
                        .filter(|&j| allowed.binary_search(&vehicles[j]).is_ok())
                        .collect();
                }
                task
            })
            .collect();
        let vehicles: Vec<Vehicle> = vehicles.iter().map(|&v| self.vehicles[v].clone()).collect();
        Problem {
            restricted: tasks.iter().any(|t| t.allowed_vehicles.is_some()),
            uniform_fleet: vehicles.windows(2).all(|pair| pair[0] == pair[1]),
            tasks,
            vehicles,
            matrix: self.matrix.clone(),
            arc_cost: self.arc_cost,
            cost: self.cost.clone(),
            cost_to: self.cost_to.clone(),
            drive_is_cost: self.drive_is_cost,
            places: self.places,
            due_from: self.due_from,
            working_day_per_mille: self.working_day_per_mille,
        }
    }

    /// A copy in which every vehicle takes its break even where it may skip
    /// it ([`BreakSpec::skippable`]), unless its shift ends before the break
    /// could: what a day's [search](super::search) takes for most of its budget.
    /// Every route feasible in the copy is feasible here and costs no more.
    /// `None` when no break would change.
    pub fn with_breaks_taken(&self) -> Option<Problem> {
        let taken = |v: &Vehicle| {
            v.break_spec
                .is_some_and(|rest| rest.skippable && rest.start.open + rest.duration_s <= v.shift.close)
        };
        if !self.vehicles.iter().any(taken) {
            return None;
        }
        let mut copy = self.clone();
        for vehicle in copy.vehicles.iter_mut().filter(|v| taken(v)) {
            if let Some(rest) = &mut vehicle.break_spec {
                rest.skippable = false;
            }
        }
        Some(copy)
    }

    /// Whether the objective counts the working day ([`Problem::with_working_day_weight`]):
    /// then a route's cost depends on its times, not only on its arcs.
    #[inline]
    pub fn weighs_working_day(&self) -> bool {
        self.working_day_per_mille != 0
    }

    /// What a route of `vehicle` coming home at `back` adds to the objective
    /// for its working day ([`Problem::with_working_day_weight`]).
    #[inline]
    pub fn working_day_cost(&self, vehicle: &Vehicle, back: i64) -> i64 {
        self.weighed_working_s(back - vehicle.shift.open)
    }

    /// What `seconds` of working day weigh in the objective: `seconds`
    /// longer days add at least this (the weighed day is rounded down).
    #[inline]
    pub fn weighed_working_s(&self, seconds: i64) -> i64 {
        seconds * self.working_day_per_mille / 1000
    }

    /// The least skip cost of a due task ([`Problem::with_due_from`]); `None`
    /// when no task is due in that sense.
    pub fn due_from(&self) -> Option<i64> {
        self.due_from
    }

    /// Whether `task` is due in the sense of [`Problem::with_due_from`].
    #[inline]
    pub fn is_due(&self, task: usize) -> bool {
        self.due_from.is_some_and(|from| self.tasks[task].skip_cost >= from)
    }

    /// How many tasks are not due ([`Problem::is_due`]): those a search may
    /// leave out for want of room without the routes being full.
    pub fn optional_count(&self) -> usize {
        (0..self.tasks.len()).filter(|&t| !self.is_due(t)).count()
    }

    /// Cost of driving from place `a` to place `b`.
    #[inline]
    pub fn cost(&self, a: usize, b: usize) -> i64 {
        i64::from(self.cost[a * self.places + b])
    }

    /// [`Problem::cost`] from place `a` to every place, by destination.
    #[inline]
    pub fn costs_from(&self, a: usize) -> &[i32] {
        &self.cost[a * self.places..(a + 1) * self.places]
    }

    /// [`Problem::cost`] from every place to `b`, by origin: a scan that
    /// prices the drives into one place from many reads one row, not one
    /// entry of each row of the matrix.
    #[inline]
    pub fn costs_to(&self, b: usize) -> &[i32] {
        if self.cost_to.is_empty() {
            self.costs_from(b)
        } else {
            &self.cost_to[b * self.places..(b + 1) * self.places]
        }
    }

    /// Seconds of driving from place `a` to place `b`.
    #[inline]
    pub fn drive_s(&self, a: usize, b: usize) -> i64 {
        if self.drive_is_cost {
            self.cost(a, b)
        } else {
            self.matrix.drive_s(a, b)
        }
    }

    /// Whether some task is restricted to some vehicles (then moving whole
    /// route tails must check every task in them).
    #[inline]
    pub fn has_restrictions(&self) -> bool {
        self.restricted
    }

    /// Whether all vehicles are alike (then one idle vehicle stands for all).
    #[inline]
    pub fn uniform_fleet(&self) -> bool {
        self.uniform_fleet
    }

    /// Ruin-and-recreate iterations when none are asked for: a VROOM request
    /// runs them in one trajectory, a day plan shares them among its
    /// trajectories ([`Problem::trajectories_for`],
    /// `DayProblem::search_config`). An iteration costs about 0.1-0.17 µs per task, so
    /// `TEAM_DAY_WORK / tasks` iterations take about half a second whatever
    /// the day's size. A team's day of 80-223 tasks gets that; a smaller one
    /// `10 * tasks²`, since it settles sooner (one rep's day of 14 visits
    /// stays at 2 000: a week plans thousands of those); from 224 tasks up,
    /// 100 per task between 2 000 and 30 000 as before, since more measured
    /// no better there. Why half a second: on the sample suburbs (97 tasks)
    /// 51 546 iterations drive 1.6 % less on the mean of seeds 1-8 than the
    /// 9 700 before, and their worst seed 5 % less (docs/measurements.md),
    /// well inside the 2 s a user waits.
    pub fn default_iterations(&self) -> u64 {
        /// Tasks times iterations of about half a second's search.
        const TEAM_DAY_WORK: u64 = 5_000_000;
        let tasks = self.tasks.len().max(1) as u64;
        let by_size = (tasks * 100).clamp(2_000, 30_000);
        by_size.max((TEAM_DAY_WORK / tasks).min(10 * tasks * tasks))
    }

    /// How many cooperating trajectories a day plan shares a budget of
    /// `budget` iterations among (by default [`Problem::default_iterations`],
    /// four times that on a full day): the most of 8, 4, 2 and 1 that leaves
    /// each at least [`SETTLING_ITERATIONS_PER_TASK`]. The trap a day's
    /// search falls into is which rep takes which cluster of accounts, a
    /// choice one trajectory makes early and seldom undoes; several shorter
    /// ones, trading their best solution every
    /// [`SearchConfig::epoch_iterations`](super::SearchConfig::epoch_iterations),
    /// fall into it less often at the same work: the sample suburbs (97
    /// tasks, seeds 1-32) cost 1.5 % less in eight, where twice the budget
    /// in one bought nothing (docs/measurements.md). At the default budget
    /// the sample city and rural region get eight, a day of 145 tasks four,
    /// of 159-300 two, larger ones one.
    pub fn trajectories_for(&self, budget: u64) -> usize {
        let tasks = self.tasks.len().max(1) as u64;
        TRAJECTORY_SPLITS
            .into_iter()
            .find(|&k| budget >= k as u64 * SETTLING_ITERATIONS_PER_TASK * tasks)
            .unwrap_or(1)
    }

    /// Whether `vehicle` may serve `task`: the one check of vehicle restrictions.
    #[inline]
    pub fn allowed(&self, task: usize, vehicle: usize) -> bool {
        self.tasks[task]
            .allowed_vehicles
            .as_ref()
            .is_none_or(|allowed| allowed.binary_search(&vehicle).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{task, vehicle};

    /// `tasks` alike tasks at place 1, one vehicle from place 0.
    fn of_size(tasks: usize) -> Problem {
        let rows = vec![0, 60, 60, 0];
        let matrix = TravelMatrix::from_rows(2, rows.clone(), rows);
        Problem::new(
            vec![task(1, 60, (0, 36_000)); tasks],
            vec![vehicle((0, 36_000))],
            matrix,
            ArcCost::DriveTime,
        )
    }

    /// A team's day gets about half a second of search, a smaller day less
    /// (one rep's day as before); from 224 tasks up the budget is 100 per
    /// task up to 30 000, as it was before team days got more.
    #[test]
    fn the_default_budget_follows_the_size_of_the_day() {
        let budget = |tasks| of_size(tasks).default_iterations();
        assert_eq!(budget(0), 2_000);
        assert_eq!(budget(14), 2_000);
        assert_eq!(budget(43), 18_490);
        assert_eq!(budget(79), 62_410);
        assert_eq!(budget(97), 51_546);
        assert_eq!(budget(180), 27_777);
        assert_eq!(budget(225), 22_500);
        assert_eq!(budget(400), 30_000);
        assert_eq!(budget(5_000), 30_000);
    }

    #[test]
    fn the_default_budget_is_shared_while_each_trajectory_keeps_50_iterations_per_task() {
        let trajectories = |tasks| {
            let day = of_size(tasks);
            day.trajectories_for(day.default_iterations())
        };
        assert_eq!([43, 79, 97].map(trajectories), [8, 8, 8]);
        assert_eq!([145, 158].map(trajectories), [4, 4]);
        assert_eq!([159, 210, 250, 300].map(trajectories), [2, 2, 2, 2]);
        assert_eq!([301, 519, 5_000].map(trajectories), [1, 1, 1]);
    }

    /// Costs read into a place are the matrix's, by either arc cost,
    /// whether or not the matrix is symmetric, and drives are its drives,
    /// whether or not they are also the costs.
    #[test]
    fn costs_into_a_place_are_the_matrix_column_and_drives_its_drives() {
        let drive_s = vec![0, 5, 9, 7, 0, 4, 3, 8, 0];
        let distance_m = vec![0, 6, 2, 6, 0, 1, 2, 1, 0];
        let matrices = [
            TravelMatrix::from_rows(3, drive_s.clone(), distance_m),
            TravelMatrix::from_rows(3, drive_s.clone(), drive_s),
        ];
        for (matrix, arc_cost) in
            matrices.iter().flat_map(|m| [(m, ArcCost::DriveTime), (m, ArcCost::Distance)])
        {
            let problem = Problem::new(vec![], vec![vehicle((0, 36_000))], matrix.clone(), arc_cost);
            for b in 0..3 {
                for a in 0..3 {
                    let expected = match arc_cost {
                        ArcCost::DriveTime => matrix.drive_s(a, b),
                        ArcCost::Distance => matrix.distance_m(a, b),
                    };
                    assert_eq!(problem.cost(a, b), expected);
                    assert_eq!(i64::from(problem.costs_to(b)[a]), expected);
                    assert_eq!(i64::from(problem.costs_from(a)[b]), expected);
                    assert_eq!(problem.drive_s(a, b), matrix.drive_s(a, b));
                }
            }
            // The cost table is the matrix's own, not a copy: at the
            // 11 000-place limit a copy is 480 MB.
            let table = match arc_cost {
                ArcCost::DriveTime => matrix.drive_s_table(),
                ArcCost::Distance => matrix.distance_m_table(),
            };
            assert!(std::ptr::eq(problem.cost.as_ptr(), table.as_ptr()), "{arc_cost:?}");
        }
    }
}
