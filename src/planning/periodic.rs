//! Periodic planning: visits that recur over a horizon of days, each
//! customer on one of a few allowed combinations of days, every day routed
//! by the day solver.
//!
//! Entry point: [`plan_periodic`] turns a [`PeriodicProblem`] (customers as
//! [`PeriodicVisit`]s with their allowed day masks, the vehicles working each
//! day, one travel matrix) and a [`PeriodicConfig`] into a [`PeriodicPlan`]:
//! the combination chosen for each customer and every day's routes.
//!
//! # How it searches
//! 1. **Construct**: customers with the fewest combinations and the most
//!    load first, each takes the combination whose days' cheapest feasible
//!    insertions (capacity and route duration) cost least.
//! 2. **Route the horizon** with the day solver ([`crate::solver::solve`]) as
//!    one problem: every day's vehicles side by side; a customer with one
//!    visit is one task that any vehicle of its allowed days may serve (so
//!    the solver's own moves relocate it across days), a customer with
//!    several visits a task per day of its current combination, restricted
//!    to that day's vehicles. After the first search, each one starts from
//!    the current routes ([`crate::solver::solve_from`]); its routes are kept
//!    when they cost less.
//! 3. **Change combinations**: for each customer in random order, take it
//!    out of the days it leaves and insert it at the cheapest feasible place
//!    in the days it joins, for every other allowed combination; the best
//!    change that lowers the total is made, until none does.
//! 4. **Perturb and accept**: a few random customers move to another
//!    combination (a random one, or the one cheapest if routes had room), left
//!    out of the days that have no room; steps 3, 2 and 3 run again, step 2
//!    on the days the perturbation changed only (the others keep their routes,
//!    so a round costs what its days cost, not the whole horizon). The result
//!    becomes the best when the total falls, and the next round's start when
//!    it is at most [`PeriodicConfig::accept_worse`] above the best; else the
//!    best plan so far is restored (iterated local search with threshold
//!    acceptance), until the time limit or the round budget.
//!
//! Visits the day solver leaves out of a day count [`PeriodicConfig::skip_cost`]
//! each, so covering every visit comes before distance.
//!
//! The combination moves model a route as capacity and duration only
//! (travel plus service within the vehicle's shift); customers carry no
//! time windows of their own.
//!
//! Deterministic: with [`PeriodicConfig::rounds`] set (and the time limit
//! not reached), the same problem and seed give the same plan.

use std::time::{Duration, Instant};

use super::horizon::HorizonProblem;
use crate::solver::rng::Rng;
use crate::solver::{solve, solve_from, visits_in, ArcCost, SearchConfig, Task, Vehicle, Window};
use crate::travel::TravelMatrix;

/// [`PeriodicConfig::accept_worse`] by default: 1.5 % measured best among
/// 0, 0.5, 1, 1.5, 2 and 4 % (p08, p10-p13, pr02, pr04; 10 s, seed 1; mean
/// gap +3.83, +3.58, +2.88, +2.32, +2.59, +3.64 %).
const ACCEPT_WORSE: f64 = 0.015;

/// A perturbation moves up to this fraction (1 / divisor) of the customers.
const PERTURB_DIVISOR: usize = 10;

/// One customer: where, how long, how much, and on which days it may be visited.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodicVisit {
    /// Place index in the matrix.
    pub place: usize,
    /// Time spent at each visit.
    pub service_s: i64,
    /// Load of each visit.
    pub demand: i64,
    /// Allowed combinations, each a day mask (bit `d` = day `d`); never empty.
    pub combinations: Vec<u32>,
}

/// Customers, the horizon's vehicles and the travel between places.
#[derive(Clone, Debug)]
pub struct PeriodicProblem {
    /// Travel between places, the same every day.
    pub matrix: TravelMatrix,
    /// What an arc costs.
    pub arc_cost: ArcCost,
    /// The customers.
    pub visits: Vec<PeriodicVisit>,
    /// The vehicles working each day, one list per day of the horizon.
    pub days: Vec<Vec<Vehicle>>,
}

/// How long and how the search runs.
#[derive(Clone, Debug)]
pub struct PeriodicConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Wall-clock cap, checked between rounds.
    pub time_limit: Duration,
    /// Rounds of perturbation after the first descent; `None` runs until the time limit.
    pub rounds: Option<u64>,
    /// Ruin-and-recreate iterations of the day solver's first search over the horizon.
    pub first_iterations: u64,
    /// Ruin-and-recreate iterations of each later search, from the current routes.
    pub day_iterations: u64,
    /// Start temperature of the day solver when it improves a day from its
    /// current routes, in the unit of [`SearchConfig::temperature_start`]:
    /// lower than a fresh search's, as the routes are good already.
    pub resolve_temperature: f64,
    /// Cost of a visit left out of its day.
    pub skip_cost: i64,
    /// How far above the best total (a share: 0.02 = 2 %) a round's plan
    /// may be and still be the next round's start (threshold acceptance);
    /// otherwise the next round starts from the best plan. Accepting a
    /// little worse lets the search walk through plans a single
    /// perturbation cannot improve on; see docs/measurements.md for the
    /// values measured.
    pub accept_worse: f64,
}

impl Default for PeriodicConfig {
    fn default() -> Self {
        PeriodicConfig {
            seed: 1,
            time_limit: Duration::from_secs(10),
            rounds: None,
            first_iterations: 2_000,
            day_iterations: 300,
            resolve_temperature: 1.0,
            skip_cost: 10_000_000_000_000,
            accept_worse: ACCEPT_WORSE,
        }
    }
}

/// The plan found.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodicPlan {
    /// For each customer, the index of its combination in [`PeriodicVisit::combinations`].
    pub combination: Vec<usize>,
    /// For each day, its vehicles' routes as customer indices, one route per vehicle.
    pub routes: Vec<Vec<Vec<usize>>>,
    /// For each day, the customers due that day that no route holds.
    pub left_out: Vec<Vec<usize>>,
    /// Arc costs of every route plus the skip costs.
    pub cost: i64,
    /// Perturbation rounds done.
    pub rounds: u64,
    /// Whether the time limit ended the search.
    pub stopped_by_time: bool,
}

/// One day's routes with their load, busy time (drive plus service) and arc cost.
#[derive(Clone, Debug)]
struct Day {
    routes: Vec<Vec<usize>>,
    load: Vec<i64>,
    busy: Vec<i64>,
    cost: Vec<i64>,
    left_out: Vec<usize>,
}

impl Day {
    fn total(&self, skip_cost: i64) -> i64 {
        self.cost.iter().sum::<i64>() + skip_cost * self.left_out.len() as i64
    }
}

/// Where a customer goes into a day, and what it costs.
#[derive(Clone, Copy, Debug)]
struct Insertion {
    route: usize,
    pos: usize,
    delta: i64,
}

/// A change of one customer's combination: the new one, what it changes in
/// cost, and where each of its new days takes the visit (`None`: left out).
#[derive(Clone, Debug)]
struct Move {
    to: usize,
    delta: i64,
    inserts: Vec<(usize, Option<Insertion>)>,
}

/// The search's view of the problem: prices and feasibility.
struct Search<'a> {
    problem: &'a PeriodicProblem,
    config: &'a PeriodicConfig,
}

#[derive(Clone, Debug)]
struct State {
    combination: Vec<usize>,
    days: Vec<Day>,
}

impl State {
    fn cost(&self, skip_cost: i64) -> i64 {
        self.days.iter().map(|d| d.total(skip_cost)).sum()
    }
}

impl<'a> Search<'a> {
    fn arc(&self, a: usize, b: usize) -> i64 {
        match self.problem.arc_cost {
            ArcCost::DriveTime => self.problem.matrix.drive_s(a, b),
            ArcCost::Distance => self.problem.matrix.distance_m(a, b),
        }
    }

    fn mask(&self, state: &State, customer: usize) -> u32 {
        self.problem.visits[customer].combinations[state.combination[customer]]
    }

    /// The place before position `pos` of a route and the place at it (the end when past the stops).
    fn neighbours(&self, day: usize, route: usize, stops: &[usize], pos: usize) -> (usize, usize) {
        let vehicle = &self.problem.days[day][route];
        let before = if pos == 0 { vehicle.start_place } else { self.problem.visits[stops[pos - 1]].place };
        let after = stops.get(pos).map_or(vehicle.end_place, |&c| self.problem.visits[c].place);
        (before, after)
    }

    /// Recomputes a route's load, busy time and cost from its stops.
    fn refresh(&self, days: &mut [Day], day: usize, route: usize) {
        let vehicle = &self.problem.days[day][route];
        let (mut load, mut busy, mut cost, mut at) = (0, 0, 0, vehicle.start_place);
        for &c in &days[day].routes[route] {
            let visit = &self.problem.visits[c];
            load += visit.demand;
            busy += self.problem.matrix.drive_s(at, visit.place) + visit.service_s;
            cost += self.arc(at, visit.place);
            at = visit.place;
        }
        if !days[day].routes[route].is_empty() {
            busy += self.problem.matrix.drive_s(at, vehicle.end_place);
            cost += self.arc(at, vehicle.end_place);
        }
        let d = &mut days[day];
        (d.load[route], d.busy[route], d.cost[route]) = (load, busy, cost);
    }

    /// The cheapest feasible place for `customer` in `day`; one empty route
    /// stands for all empty routes of alike vehicles.
    fn best_insertion(&self, days: &[Day], day: usize, customer: usize) -> Option<Insertion> {
        let visit = &self.problem.visits[customer];
        let state = &days[day];
        let mut best: Option<Insertion> = None;
        let mut empty_seen: Vec<&Vehicle> = Vec::new();
        for (route, stops) in state.routes.iter().enumerate() {
            let vehicle = &self.problem.days[day][route];
            if state.load[route] + visit.demand > vehicle.capacity {
                continue;
            }
            if stops.is_empty() {
                if empty_seen.contains(&vehicle) {
                    continue;
                }
                empty_seen.push(vehicle);
            }
            let room = vehicle.shift.close - vehicle.shift.open - state.busy[route] - visit.service_s;
            for pos in 0..=stops.len() {
                let (a, b) = self.neighbours(day, route, stops, pos);
                let delta = self.arc(a, visit.place) + self.arc(visit.place, b)
                    - if stops.is_empty() { 0 } else { self.arc(a, b) };
                if best.is_some_and(|b| b.delta <= delta) {
                    continue;
                }
                let drive = self.problem.matrix.drive_s(a, visit.place)
                    + self.problem.matrix.drive_s(visit.place, b)
                    - if stops.is_empty() { 0 } else { self.problem.matrix.drive_s(a, b) };
                if drive <= room {
                    best = Some(Insertion { route, pos, delta });
                }
            }
        }
        best
    }

    /// What taking `customer` out of `day` changes in cost (negative: a
    /// saving), and where it is (`None` when it was left out of the day).
    fn removal(&self, days: &[Day], day: usize, customer: usize) -> (i64, Option<(usize, usize)>) {
        for (route, stops) in days[day].routes.iter().enumerate() {
            if let Some(pos) = stops.iter().position(|&c| c == customer) {
                let place = self.problem.visits[customer].place;
                let (a, _) = self.neighbours(day, route, stops, pos);
                let (_, b) = self.neighbours(day, route, stops, pos + 1);
                let delta = if stops.len() == 1 {
                    -days[day].cost[route]
                } else {
                    self.arc(a, b) - self.arc(a, place) - self.arc(place, b)
                };
                return (delta, Some((route, pos)));
            }
        }
        (-self.config.skip_cost, None)
    }

    /// The change in cost of moving `customer` from the days of `from_mask`
    /// to combination `to`, with the cheapest feasible insertion into each
    /// day it joins, or `None` for a day with no room (the visit is then left
    /// out of it, at its skip cost).
    fn evaluate(&self, state: &State, customer: usize, from_mask: u32, to: usize) -> Move {
        let to_mask = self.problem.visits[customer].combinations[to];
        let mut delta = 0;
        let mut inserts = Vec::new();
        for day in 0..self.problem.days.len() {
            let bit = 1 << day;
            if from_mask & bit != 0 && to_mask & bit == 0 {
                delta += self.removal(&state.days, day, customer).0;
            } else if to_mask & bit != 0 && from_mask & bit == 0 {
                let insertion = self.best_insertion(&state.days, day, customer);
                delta += insertion.map_or(self.config.skip_cost, |i| i.delta);
                inserts.push((day, insertion));
            }
        }
        Move { to, delta, inserts }
    }

    /// Makes a move [`Search::evaluate`] priced from the same `from_mask`.
    fn apply(&self, state: &mut State, customer: usize, from_mask: u32, change: &Move) {
        let to_mask = self.problem.visits[customer].combinations[change.to];
        for day in 0..self.problem.days.len() {
            let bit = 1 << day;
            if from_mask & bit != 0 && to_mask & bit == 0 {
                match self.removal(&state.days, day, customer).1 {
                    Some((route, pos)) => {
                        state.days[day].routes[route].remove(pos);
                        self.refresh(&mut state.days, day, route);
                    }
                    None => state.days[day].left_out.retain(|&c| c != customer),
                }
            }
        }
        for &(day, insertion) in &change.inserts {
            match insertion {
                Some(insertion) => {
                    state.days[day].routes[insertion.route].insert(insertion.pos, customer);
                    self.refresh(&mut state.days, day, insertion.route);
                }
                None => state.days[day].left_out.push(customer),
            }
        }
        state.combination[customer] = change.to;
    }

    /// Step 1: every customer on the combination cheapest to insert, hardest first.
    fn construct(&self, rng: &mut Rng) -> State {
        let days = self
            .problem
            .days
            .iter()
            .map(|vehicles| Day {
                routes: vec![Vec::new(); vehicles.len()],
                load: vec![0; vehicles.len()],
                busy: vec![0; vehicles.len()],
                cost: vec![0; vehicles.len()],
                left_out: Vec::new(),
            })
            .collect();
        let visits = &self.problem.visits;
        let mut state = State { combination: vec![0; visits.len()], days };
        let mut order: Vec<usize> = (0..visits.len()).collect();
        rng.shuffle(&mut order);
        order.sort_by_key(|&c| {
            let v = &visits[c];
            (v.combinations.len(), -(v.demand * i64::from(v.combinations[0].count_ones())))
        });
        for customer in order {
            let best = (0..visits[customer].combinations.len())
                .map(|to| self.evaluate(&state, customer, 0, to))
                .min_by_key(|m| m.delta)
                .expect("every customer has a combination");
            self.apply(&mut state, customer, 0, &best);
        }
        state
    }

    /// Step 3: the best improving combination change per customer, until none improves.
    fn change_combinations(&self, state: &mut State, rng: &mut Rng) {
        let mut order: Vec<usize> = (0..self.problem.visits.len())
            .filter(|&c| self.problem.visits[c].combinations.len() > 1)
            .collect();
        loop {
            rng.shuffle(&mut order);
            let mut improved = false;
            for &customer in &order {
                let from_mask = self.mask(state, customer);
                let best = (0..self.problem.visits[customer].combinations.len())
                    .filter(|&to| to != state.combination[customer])
                    .map(|to| self.evaluate(state, customer, from_mask, to))
                    .min_by_key(|m| m.delta);
                if let Some(best) = best.filter(|m| m.delta < 0) {
                    self.apply(state, customer, from_mask, &best);
                    improved = true;
                }
            }
            if !improved {
                return;
            }
        }
    }

    /// What moving `customer` to combination `to` would change in cost if
    /// every route had room: where the plan would be had the day solver
    /// packed the days again.
    fn relaxed_delta(&self, state: &State, customer: usize, to: usize) -> i64 {
        let from_mask = self.mask(state, customer);
        let to_mask = self.problem.visits[customer].combinations[to];
        let place = self.problem.visits[customer].place;
        let mut delta = 0;
        for day in 0..self.problem.days.len() {
            let bit = 1 << day;
            if from_mask & bit != 0 && to_mask & bit == 0 {
                delta += self.removal(&state.days, day, customer).0;
            } else if to_mask & bit != 0 && from_mask & bit == 0 {
                let mut cheapest = i64::MAX;
                for (route, stops) in state.days[day].routes.iter().enumerate() {
                    for pos in 0..=stops.len() {
                        let (a, b) = self.neighbours(day, route, stops, pos);
                        let saved = if stops.is_empty() { 0 } else { self.arc(a, b) };
                        cheapest = cheapest.min(self.arc(a, place) + self.arc(place, b) - saved);
                    }
                }
                delta += cheapest;
            }
        }
        delta
    }

    /// Step 4: `count` random customers to another combination, half of
    /// them to a random one, half to the one cheapest if every route had
    /// room; left out of the days where no route has room, the day solver
    /// then packs the day again, or the round is not kept.
    fn perturb(&self, state: &mut State, rng: &mut Rng, count: usize) {
        let movable: Vec<usize> = (0..self.problem.visits.len())
            .filter(|&c| self.problem.visits[c].combinations.len() > 1)
            .collect();
        if movable.is_empty() {
            return;
        }
        for _ in 0..count {
            let customer = movable[rng.below(movable.len())];
            let options = self.problem.visits[customer].combinations.len();
            let to = if rng.chance(0.5) {
                (0..options)
                    .filter(|&to| to != state.combination[customer])
                    .min_by_key(|&to| self.relaxed_delta(state, customer, to))
                    .expect("a movable customer has another combination")
            } else {
                (state.combination[customer] + 1 + rng.below(options - 1)) % options
            };
            let from_mask = self.mask(state, customer);
            let change = self.evaluate(state, customer, from_mask, to);
            self.apply(state, customer, from_mask, &change);
        }
    }

    /// Whether the search leaves `customer`'s day to the solver: one visit,
    /// so any of its allowed days is one vehicle restriction.
    fn flexible(&self, customer: usize) -> bool {
        self.problem.visits[customer].combinations.iter().all(|m| m.count_ones() == 1)
    }

    /// The days of `active` (a day mask) as one solver problem
    /// ([`HorizonProblem`]): a one-visit customer now on one of them is one
    /// task any vehicle of its allowed active days may serve, any other
    /// customer a task per active day of its current combination, for that
    /// day's vehicles only. Customers of the other days stay where they are.
    fn horizon_problem(&self, state: &State, active: u32) -> Horizon {
        let days = self.problem.days.len();
        let is_active = |d: usize| active & (1 << d) != 0;
        let vehicles: Vec<Vec<Vehicle>> =
            (0..days).map(|d| if is_active(d) { self.problem.days[d].clone() } else { Vec::new() }).collect();
        let open = vehicles.iter().flatten().map(|v| v.shift.open).min().unwrap_or(0);
        let close = vehicles.iter().flatten().map(|v| v.shift.close).max().unwrap_or(0);
        let mut tasks = Vec::new();
        let mut task_customer = Vec::new();
        let mut task_of = vec![Vec::new(); self.problem.visits.len()];
        for (customer, visit) in self.problem.visits.iter().enumerate() {
            let current = self.mask(state, customer);
            let masks: Vec<u32> = if self.flexible(customer) {
                if current & active == 0 {
                    continue;
                }
                vec![visit.combinations.iter().fold(0, |m, c| m | c) & active]
            } else {
                (0..days).filter(|d| current & active & (1 << d) != 0).map(|d| 1 << d).collect()
            };
            for mask in masks {
                task_of[customer].push((mask, tasks.len() as u32));
                task_customer.push(customer);
                let task = Task {
                    place: visit.place,
                    service_s: visit.service_s,
                    windows: vec![Window { open, close }],
                    demand: visit.demand,
                    allowed_vehicles: None,
                    skip_cost: self.config.skip_cost,
                };
                tasks.push((task, (0..days).filter(|d| mask & (1 << d) != 0).collect()));
            }
        }
        let problem =
            HorizonProblem::new(&vehicles, tasks, self.problem.matrix.clone(), self.problem.arc_cost);
        Horizon { problem, task_customer, task_of }
    }

    /// Step 2: routes the days of `active` (a day mask) with the day solver,
    /// from scratch (`fresh`) or from the current routes, and keeps the new
    /// routes when they cost less. One-visit customers may change day among
    /// the active days here.
    fn route_horizon(&self, state: &mut State, rng: &mut Rng, iterations: u64, fresh: bool, active: u32) {
        let horizon = self.horizon_problem(state, active);
        let problem = &horizon.problem.problem;
        let mut config = SearchConfig {
            seed: rng.next_u64(),
            iterations: Some(iterations),
            time_limit: Duration::from_secs(86_400),
            fleet_share: Some(0.0),
            ..SearchConfig::default()
        };
        let is_active = |d: usize| active & (1 << d) != 0;
        let outcome = if fresh {
            solve(problem, &config)
        } else {
            config.temperature_start = self.config.resolve_temperature;
            let mut routes = Vec::new();
            for day in (0..state.days.len()).filter(|&d| is_active(d)) {
                for (route, stops) in state.days[day].routes.iter().enumerate() {
                    let tasks: Vec<u32> = stops.iter().map(|&c| horizon.task(c, day)).collect();
                    routes.push((day, route, tasks));
                }
            }
            let start = horizon.problem.start(routes);
            solve_from(problem, &config, &start)
        };
        let mut candidate = state.clone();
        for (day, day_state) in candidate.days.iter_mut().enumerate().filter(|&(d, _)| is_active(d)) {
            for (stops, solved) in
                day_state.routes.iter_mut().zip(horizon.problem.day_routes(&outcome.solution, day))
            {
                *stops = visits_in(solved).map(|t| horizon.task_customer[t as usize]).collect();
                for &customer in stops.iter().filter(|&&c| self.flexible(c)) {
                    let visits = &self.problem.visits[customer].combinations;
                    candidate.combination[customer] = visits
                        .iter()
                        .position(|&m| m == 1 << day)
                        .expect("a one-visit customer goes on an allowed day");
                }
            }
            day_state.left_out.clear();
        }
        for task in outcome.solution.unassigned() {
            let customer = horizon.task_customer[task];
            let mask =
                horizon.task_of[customer].iter().find(|(_, t)| *t as usize == task).map_or(0, |(m, _)| *m);
            let day = if self.flexible(customer) {
                self.mask(&candidate, customer).trailing_zeros() as usize
            } else {
                mask.trailing_zeros() as usize
            };
            candidate.days[day].left_out.push(customer);
        }
        for day in (0..candidate.days.len()).filter(|&d| is_active(d)) {
            for route in 0..candidate.days[day].routes.len() {
                self.refresh(&mut candidate.days, day, route);
            }
        }
        if candidate.cost(self.config.skip_cost) < state.cost(self.config.skip_cost) {
            *state = candidate;
        }
    }
}

/// The horizon as one solver problem, and how its tasks and vehicles map
/// back to customers and days.
struct Horizon {
    problem: HorizonProblem,
    /// The customer of each task.
    task_customer: Vec<usize>,
    /// Each customer's tasks, with the days (mask) each may go on.
    task_of: Vec<Vec<(u32, u32)>>,
}

impl Horizon {
    /// The task of `customer`'s visit on `day`.
    fn task(&self, customer: usize, day: usize) -> u32 {
        self.task_of[customer]
            .iter()
            .find(|(mask, _)| mask & (1 << day) != 0)
            .map(|(_, t)| *t)
            .expect("a customer routed on a day has a task for it")
    }
}

/// Plans the horizon; see the [module docs](self) for how.
pub fn plan_periodic(problem: &PeriodicProblem, config: &PeriodicConfig) -> PeriodicPlan {
    let started = Instant::now();
    let search = Search { problem, config };
    let mut rng = Rng::new(config.seed);
    let mut state = search.construct(&mut rng);
    let all_days = (0..problem.days.len()).fold(0, |m, d| m | 1 << d);
    search.route_horizon(&mut state, &mut rng, config.first_iterations, true, all_days);
    search.change_combinations(&mut state, &mut rng);
    let mut best = state.clone();
    let mut best_cost = best.cost(config.skip_cost);
    let mut rounds = 0;
    let mut stopped_by_time = false;
    let most = (problem.visits.len() / PERTURB_DIVISOR).max(2);
    loop {
        if config.rounds.is_some_and(|budget| rounds >= budget) {
            break;
        }
        if started.elapsed() >= config.time_limit {
            stopped_by_time = true;
            break;
        }
        rounds += 1;
        let before = state.clone();
        if rounds > 1 {
            let count = 1 + rng.below(most);
            search.perturb(&mut state, &mut rng, count);
            search.change_combinations(&mut state, &mut rng);
        }
        let changed = (0..problem.days.len())
            .filter(|&d| {
                state.days[d].routes != before.days[d].routes
                    || state.days[d].left_out != before.days[d].left_out
            })
            .fold(0, |m, d| m | 1 << d);
        let active = if changed == 0 { all_days } else { changed };
        search.route_horizon(&mut state, &mut rng, config.day_iterations, false, active);
        search.change_combinations(&mut state, &mut rng);
        let cost = state.cost(config.skip_cost);
        if cost < best_cost {
            best = state.clone();
            best_cost = cost;
        } else if cost as f64 > best_cost as f64 * (1.0 + config.accept_worse) {
            state = best.clone();
        }
    }
    PeriodicPlan {
        combination: best.combination,
        routes: best.days.iter().map(|d| d.routes.clone()).collect(),
        left_out: best.days.iter().map(|d| d.left_out.clone()).collect(),
        cost: best_cost,
        rounds,
        stopped_by_time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vehicle from and back to place 0 within `[0, close]`, holding `capacity`.
    fn depot_vehicle(close: i64, capacity: i64) -> Vehicle {
        Vehicle {
            start_place: 0,
            end_place: 0,
            shift: Window { open: 0, close },
            break_spec: None,
            capacity,
            fixed_cost: 0,
        }
    }

    /// Three days, one vehicle a day from place 0; places 1 and 2 lie 10 and
    /// 20 away (straight line). Customer 0 (at 1) only on day 0, customer 2
    /// (at 1) only on day 1, customer 1 (at 1) twice: days {0, 1} or {1, 2}.
    /// Customer 3 (at 2) once, on any day.
    fn three_days() -> PeriodicProblem {
        let d = [[0, 10, 20], [10, 0, 10], [20, 10, 0]];
        let legs: Vec<i32> = d.iter().flatten().copied().collect();
        let vehicle = depot_vehicle(1_000, 10);
        let visit = |place, combinations: &[u32]| PeriodicVisit {
            place,
            service_s: 5,
            demand: 1,
            combinations: combinations.to_vec(),
        };
        PeriodicProblem {
            matrix: TravelMatrix::from_rows(3, legs.clone(), legs),
            arc_cost: ArcCost::Distance,
            visits: vec![
                visit(1, &[0b001]),
                visit(1, &[0b011, 0b110]),
                visit(1, &[0b010]),
                visit(2, &[1, 2, 4]),
            ],
            days: vec![vec![vehicle.clone()], vec![vehicle.clone()], vec![vehicle]],
        }
    }

    #[test]
    fn a_combination_change_saves_what_it_predicts() {
        let problem = three_days();
        let config = PeriodicConfig::default();
        let search = Search { problem: &problem, config: &config };
        let mut state = search.construct(&mut Rng::new(1));
        // Put customer 1 on days {1, 2}, where it costs a trip of its own on day 2.
        let from = search.mask(&state, 1);
        let to = 1 - state.combination[1];
        if from == 0b011 {
            let change = search.evaluate(&state, 1, from, to);
            search.apply(&mut state, 1, from, &change);
        }
        let before = state.cost(config.skip_cost);
        let from = search.mask(&state, 1);
        let change = search.evaluate(&state, 1, from, 0);
        search.apply(&mut state, 1, from, &change);
        assert_eq!(state.cost(config.skip_cost) - before, change.delta);
        assert!(change.delta < 0, "{}", change.delta);

        let mut state_again = state.clone();
        search.change_combinations(&mut state_again, &mut Rng::new(2));
        assert_eq!(state_again.combination[1], 0, "days {{0, 1}} share trips with customers 0 and 2");
    }

    #[test]
    fn plans_the_best_combination_and_lets_a_one_visit_customer_join_any_day() {
        let problem = three_days();
        let config = PeriodicConfig { rounds: Some(5), ..PeriodicConfig::default() };
        let plan = plan_periodic(&problem, &config);
        assert_eq!(plan.combination[1], 0);
        // Day 0 and day 1: to place 1 and back (20 each); customer 3 on one of
        // them, through place 1 to place 2 (40 instead of 20).
        assert_eq!(plan.cost, 20 + 40);
        assert!(plan.left_out.iter().all(Vec::is_empty));
        assert!(plan.routes[2].iter().all(Vec::is_empty));
        assert_eq!(plan, plan_periodic(&problem, &config), "the same for a seed");
    }

    /// `customers` on a 100 x 100 grid over four days, two vehicles a day
    /// with tight capacity and route duration; each customer once on any
    /// day, twice ({0, 2} or {1, 3}) or on every day.
    fn random_four_days(seed: u64, customers: usize) -> PeriodicProblem {
        let mut rng = Rng::new(seed);
        let points: Vec<(i64, i64)> =
            (0..=customers).map(|_| (rng.between(0, 100), rng.between(0, 100))).collect();
        let legs: Vec<i32> = points
            .iter()
            .flat_map(|a| {
                points
                    .iter()
                    .map(move |b| (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64).sqrt().ceil() as i32)
            })
            .collect();
        let vehicle = depot_vehicle(600, 12);
        let choices: [&[u32]; 3] = [&[1, 2, 4, 8], &[0b0101, 0b1010], &[0b1111]];
        let visits = (1..=customers)
            .map(|place| PeriodicVisit {
                place,
                service_s: 10,
                demand: rng.between(1, 4),
                combinations: choices[rng.below(3)].to_vec(),
            })
            .collect();
        PeriodicProblem {
            matrix: TravelMatrix::from_rows(customers + 1, legs.clone(), legs),
            arc_cost: ArcCost::Distance,
            visits,
            days: vec![vec![vehicle; 2]; 4],
        }
    }

    /// Every customer exactly once on each day of its combination (routed or
    /// left out) and on no other day; every route within capacity and
    /// duration, with the load, busy time and cost it holds recomputed.
    fn assert_consistent(search: &Search, state: &State) {
        for (customer, visit) in search.problem.visits.iter().enumerate() {
            let mask = visit.combinations[state.combination[customer]];
            for (d, day) in state.days.iter().enumerate() {
                let seen =
                    day.routes.iter().flatten().chain(&day.left_out).filter(|&&c| c == customer).count();
                assert_eq!(seen, usize::from(mask & (1 << d) != 0), "customer {customer} on day {d}");
            }
        }
        let mut days = state.days.clone();
        for d in 0..days.len() {
            for r in 0..days[d].routes.len() {
                search.refresh(&mut days, d, r);
                let vehicle = &search.problem.days[d][r];
                assert!(days[d].load[r] <= vehicle.capacity);
                assert!(days[d].busy[r] <= vehicle.shift.close - vehicle.shift.open);
            }
            assert_eq!(
                (&days[d].load, &days[d].busy, &days[d].cost),
                (&state.days[d].load, &state.days[d].busy, &state.days[d].cost)
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// Routing only some days again leaves the others as they were, keeps
        /// every visit on its days and never raises the total.
        #[test]
        fn routing_some_days_again_leaves_the_others_and_keeps_every_visit(
            seed in 0u64..1_000, active in 1u32..16
        ) {
            let problem = random_four_days(seed, 24);
            let config = PeriodicConfig::default();
            let search = Search { problem: &problem, config: &config };
            let mut rng = Rng::new(seed);
            let mut state = search.construct(&mut rng);
            search.route_horizon(&mut state, &mut rng, 50, true, 0b1111);
            assert_consistent(&search, &state);
            search.perturb(&mut state, &mut rng, 4);
            let before = state.clone();
            search.route_horizon(&mut state, &mut rng, 50, false, active);
            assert_consistent(&search, &state);
            proptest::prop_assert!(state.cost(config.skip_cost) <= before.cost(config.skip_cost));
            for d in (0..4).filter(|d| active & (1 << d) == 0) {
                proptest::prop_assert_eq!(&state.days[d].routes, &before.days[d].routes);
                proptest::prop_assert_eq!(&state.days[d].left_out, &before.days[d].left_out);
            }
        }

        /// The whole search (rounds that route only the changed days and
        /// accept a little worse) returns a plan holding every visit on its
        /// days within capacity and duration, at the cost it claims, the best
        /// it saw, and the same plan for the same seed.
        #[test]
        fn a_plan_holds_every_visit_at_the_cost_it_claims(seed in 0u64..1_000) {
            let problem = random_four_days(seed, 24);
            let config = PeriodicConfig {
                seed,
                rounds: Some(12),
                first_iterations: 100,
                day_iterations: 30,
                ..PeriodicConfig::default()
            };
            let plan = plan_periodic(&problem, &config);
            let search = Search { problem: &problem, config: &config };
            let mut state = State {
                combination: plan.combination.clone(),
                days: plan
                    .routes
                    .iter()
                    .zip(&plan.left_out)
                    .map(|(routes, left_out)| Day {
                        routes: routes.clone(),
                        load: vec![0; routes.len()],
                        busy: vec![0; routes.len()],
                        cost: vec![0; routes.len()],
                        left_out: left_out.clone(),
                    })
                    .collect(),
            };
            for d in 0..state.days.len() {
                for r in 0..state.days[d].routes.len() {
                    search.refresh(&mut state.days, d, r);
                }
            }
            assert_consistent(&search, &state);
            proptest::prop_assert_eq!(state.cost(config.skip_cost), plan.cost);
            proptest::prop_assert_eq!(plan, plan_periodic(&problem, &config));
        }
    }

    #[test]
    fn a_visit_with_no_room_is_left_out_at_its_skip_cost() {
        let mut problem = three_days();
        for day in &mut problem.days {
            day[0].capacity = 0;
        }
        let config = PeriodicConfig { rounds: Some(1), ..PeriodicConfig::default() };
        let plan = plan_periodic(&problem, &config);
        let left: usize = plan.left_out.iter().map(Vec::len).sum();
        assert_eq!(left, 5, "every visit: 1 + 2 + 1 + 1");
        assert_eq!(plan.cost, 5 * config.skip_cost);
    }
}
