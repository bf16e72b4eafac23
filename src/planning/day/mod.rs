//! Planning one day: from the region's accounts and reps to a [`Plan`].
//!
//! [`DayProblem::build`] picks the due (and, with a lookahead, the early)
//! accounts, prices every leg with the travel model, and turns them into the
//! solver's index-based [`Problem`]; [`DayProblem::to_plan`] turns a solution
//! back into clock times per rep and explains every due account left out
//! (the reasons are built in `reasons`).
//! [`DayProblem::build_from`] does the same for any set of [`Offer`]s and
//! reps starting where and when their [`RepStart`] says: the rest of a day
//! that is already under way (`rounds replan`).
//!
//! The multi-day planner ([`crate::planning::week`]) uses it too: it decides which
//! visits happen on which day, and which rep's day is solved on its own.
//!
//! On one of the region's holidays nobody is sent out: the problem has no
//! rep, and every account that had to be covered is listed as left out
//! with the holiday as its reason ("2026-12-24 is a holiday (Jouluaatto)"),
//! so the office sees what waits for the next working day.
//!
//! An appointment of the day ([`crate::model::calendar`]) is offered with
//! its own time, length and rep in place of the account's hours and service
//! time, even on a holiday (then the reps go out for appointments only) or a
//! weekday the account is closed; leaving it out costs
//! [`APPOINTMENT_WEIGHT`], above any due visit, so the solver keeps every
//! appointment it can before it covers anything else, and one it cannot
//! keep is listed with the reason. A due account with an appointment less
//! than one visit interval ahead is not offered: the appointment is its visit.
//!
//! How coverage is weighed: leaving out a due account costs
//! [`DUE_WEIGHT`] × its priority weight (high 4, normal 2, low 1) plus
//! [`OVERDUE_WEIGHT`] per day overdue (capped at 60; never visited counts as
//! 60). One day's driving is far below [`DUE_WEIGHT`], so the solver covers
//! as many due accounts as it can, high priority and most overdue first,
//! before it shortens any drive. Once they are covered it minimises the
//! driving plus a tenth of each rep's working day ([`WORKING_DAY_PER_MILLE`]),
//! so that nobody waits an hour at a door to save a minute of driving. An
//! early (lookahead) visit is taken only if it adds less than its prize to
//! that cost (its detour, and a tenth of the time it keeps the rep out
//! longer): 15 min for high, 10 for normal, 5 for
//! low priority, scaled by how soon it falls due (due tomorrow gets the whole
//! prize, due in N days 1/N of it). A visit a multi-day plan has put on the
//! day ahead of its due date ([`Urgency::Planned`]) costs [`PLANNED_WEIGHT`]
//! × its priority weight to leave out: far above any driving, far below any
//! due visit, because left out it only moves to a later day; on its last
//! chance before falling due it weighs as much as a due visit.

use chrono::NaiveDate;

use crate::model::plan::UnavailableRep;
use crate::model::plan::{Plan, RoutePlan, Stop, Unassigned};
use crate::model::{candidates, urgency, Candidate, LatLon, Priority, Region, Seconds, Urgency};
use crate::solver::problem::TRAJECTORY_SPLITS;
use crate::solver::route::Cursor;
use crate::solver::{starts_full, SearchConfig};
use crate::solver::{ArcCost, BreakSpec, Problem, Route, Solution, Task, Vehicle, Window, BREAK};
use crate::travel::{NamedTravelError, TravelTimes};

mod reasons;

/// Skip cost of a due account per unit of priority weight.
pub const DUE_WEIGHT: i64 = 10_000_000;
/// Extra skip cost per day overdue.
pub const OVERDUE_WEIGHT: i64 = 100_000;
/// Skip cost per unit of priority weight of a visit planned ahead of its due
/// date: a high-priority one (4 × this) still weighs less than a low-priority
/// due visit (1 × [`DUE_WEIGHT`]).
pub const PLANNED_WEIGHT: i64 = DUE_WEIGHT / 10;
/// Skip cost of an appointment: above a high-priority due visit overdue by
/// the longest counted, so no due visit ever displaces an appointment.
pub const APPOINTMENT_WEIGHT: i64 = 100 * DUE_WEIGHT;
/// Thousandths of each rep's working day, from the start of the shift to
/// coming home, that the objective adds to the driving: a minute longer out
/// weighs as six seconds of driving. With waiting free, the search found
/// days that wait an hour and a half at a door to save a minute of driving;
/// with this weight the sample city's team waits 0-6 minutes in all
/// instead of 134-163 (seeds 1-4), for 1-3 % more driving (docs/measurements.md).
pub const WORKING_DAY_PER_MILLE: i64 = 100;
/// Share of a day search's recreates that insert by regret
/// ([`SearchConfig::regret_rate`]). On the sample suburbs, seeds 1-64 at the
/// default budget, the default plan came within 1 % of the best known plan
/// for 60 seeds instead of 44 (mean +0.50 % instead of +0.95 %); a fifth of
/// the recreates gave 56, all of them 57. The city +0.51 % instead of
/// +0.68 %. Full days insert by value as before (docs/measurements.md).
pub const REGRET_RATE: f64 = 0.5;
/// Times the default work ([`Problem::default_iterations`]) a day gets when
/// its routes are full from the start, more due visits than the reps can
/// make, a tenth of them or more left out at first ([`DayProblem::search_config`]): which due accounts wait for another
/// day is the search's choice there, and it goes on improving with work
/// where a day that fits does not. On a generated suburban day of 225 due
/// visits for 10 reps, seeds 1-64, the default plans leave 103.65 of weight
/// out on the mean instead of 105.52, the worst seed 105.85 instead of
/// 109.95, in about 1.3 s on 2 cores instead of 0.4 s (docs/measurements.md).
pub const FULL_DAY_WORK: u64 = 4;
/// Independent searches a day plan runs, the better plan kept
/// ([`SearchConfig::runs`]), when its routes are not full from the start and
/// its budget is shared among the most trajectories
/// ([`Problem::trajectories_for`], eight: days of up to about 110 visits). A
/// day search's trajectories trade their best plans, so they fall into one
/// trap together: which rep takes which cluster of accounts. Two searches
/// fall into it together far less often. On the sample suburbs, seeds
/// 1-64 (the cost against the best plan known), the better of two came
/// within 1 % for 63 and 64 seeds (two sets of second seeds; mean +0.35 and
/// +0.34 %) where one search came within 1 % for 60 (+0.50 %) and one twice
/// as long for 59 (+0.49 %); the city for 64 seeds instead of 62. A full
/// day, already searched [`FULL_DAY_WORK`] times as long, keeps one search:
/// two would take it past 2 s on 2 cores; so does a larger day, whose
/// iterations cost more (a generated day of 145 visits for 10 reps took
/// 2.2 s with two searches, 1.1 s with one; two of half the work each left
/// as much out as one; docs/measurements.md). A day so large that one
/// trajectory would search it gets [`LARGE_DAY_TRAJECTORIES`] instead.
pub const DAY_RUNS: usize = 2;
/// Trajectories of a day so large that its work, shared, would leave one
/// ([`Problem::trajectories_for`]: some 300 visits that fit, 1 200 that do
/// not): each searches the whole work, so the second takes the core the
/// first would leave idle at no more wall time on 2 cores, and they trade
/// their best plans every [`LARGE_DAY_EPOCH`] iterations. A team of 40 reps
/// with 1 296 due accounts left 952.50 of weight out on the mean (seeds
/// 1-8, 7 better, 1 worse) where two independent searches left 954.96 and
/// one 957.42; a city day of 374 visits for 30 reps, all covered, cost the
/// same as with two searches (-0.02 %, a standard error of 0.2 points;
/// docs/measurements.md).
pub const LARGE_DAY_TRAJECTORIES: usize = 2;
/// Iterations between two trades of a large day's trajectories
/// ([`LARGE_DAY_TRAJECTORIES`]): about a twelfth of the 120 000 each
/// searches on the day of 40 reps, as a day of eight trajectories trades
/// every 1 000 of its 11 250. Trading every 1 000 there made the two one
/// search, and left more out than one trajectory alone (session 68).
pub const LARGE_DAY_EPOCH: u64 = 10_000;
/// Days overdue beyond which an account is not more urgent.
const OVERDUE_CAP_DAYS: i64 = 60;
/// An account with no opening hours may be visited any time of day.
const ALL_DAY: Window = Window { open: 0, close: 2 * 86_400 };

/// Options of a day plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayOptions {
    /// The day planned.
    pub date: NaiveDate,
    /// Offer accounts falling due within this many days as optional visits.
    pub lookahead_days: u32,
}

/// A day's problem with the mapping back to accounts and reps.
///
/// Planning a day as `rounds plan` does: build the problem, solve it, turn
/// the solution into a plan, and have the independent validator replay it.
///
/// ```
/// use std::path::Path;
///
/// use chrono::NaiveDate;
/// use rounds::check::check_plan;
/// use rounds::io::csv_region::read_region;
/// use rounds::io::text::TextEncoding;
/// use rounds::planning::day::{DayOptions, DayProblem};
/// use rounds::solver::{solve, SearchConfig};
/// use rounds::travel::StraightLine;
///
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions/helsinki-city");
/// let region = read_region(&dir.join("accounts.csv"), &dir.join("reps.csv"), TextEncoding::Auto)?;
/// let travel = StraightLine::default();
/// let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
///
/// let day = DayProblem::build(&region, &DayOptions { date, lookahead_days: 0 }, &travel)?;
/// assert_eq!(day.problem.tasks.len(), 79); // the accounts due that day
/// let search = SearchConfig { iterations: Some(300), ..SearchConfig::default() };
/// let outcome = solve(&day.problem, &search);
/// let plan = day.to_plan(&region, &outcome.solution);
///
/// assert!(check_plan(&region, &plan, &travel)?.is_valid());
/// assert_eq!(plan.visited_accounts().count() + plan.unassigned.len(), 79);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct DayProblem {
    /// The solver's problem.
    pub problem: Problem,
    /// Account index (into the region) of each task.
    pub task_account: Vec<usize>,
    /// Why each task is offered.
    pub candidates: Vec<Candidate>,
    /// The day planned.
    pub date: NaiveDate,
    /// Rep index (into the region) of each vehicle.
    pub vehicle_rep: Vec<usize>,
    /// Whether each vehicle's rep is already out ([`RepStart::resumed`]).
    pub vehicle_resumed: Vec<bool>,
    /// The appointment each task keeps (index into the region's
    /// appointments), if it is one.
    pub appointments: Vec<Option<usize>>,
}

/// An account offered to the solver, and what leaving it out costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The account, and whether it is due or early.
    pub candidate: Candidate,
    /// Cost of leaving it out, in the unit of driving seconds.
    pub skip_cost: i64,
    /// The only rep (index into the region) who may visit it, if any.
    pub only_rep: Option<usize>,
}

impl Offer {
    /// The offer of a day plan: the skip cost its urgency and priority earn
    /// (module docs), and only the rep of its territory may visit it.
    pub fn of(region: &Region, candidate: Candidate) -> Offer {
        let account = &region.accounts[candidate.account];
        let skip_cost = match candidate.urgency {
            Urgency::Due { days_overdue } => {
                let days = days_overdue.unwrap_or(OVERDUE_CAP_DAYS).min(OVERDUE_CAP_DAYS);
                DUE_WEIGHT * priority_weight(account.priority) + OVERDUE_WEIGHT * days
            }
            Urgency::Early { days_until_due } => early_prize_s(account.priority, days_until_due),
            Urgency::Planned { last_chance: true, .. } => DUE_WEIGHT * priority_weight(account.priority),
            Urgency::Planned { last_chance: false, .. } => PLANNED_WEIGHT * priority_weight(account.priority),
        };
        let only_rep = account.territory.as_deref().and_then(|id| region.rep_index(id));
        Offer { candidate, skip_cost, only_rep }
    }
}

/// Where and when a rep's day, or what is left of it, starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RepStart {
    /// Index of the rep in the region.
    pub rep: usize,
    /// Where the rep sets off from.
    pub place: LatLon,
    /// The rep leaves no earlier than this.
    pub time_s: Seconds,
    /// Whether the rep's break (if they have a rule) is still to be taken.
    pub break_left: bool,
    /// How many more visits the rep may make, if limited.
    pub visits_left: Option<u32>,
    /// The rep is home by this time: the shift's close, or the start of an
    /// absence later that day.
    pub close_s: Seconds,
    /// Whether the rep is already out and picks the day up again (a
    /// re-plan's resume): the rest of the route then leaves at `time_s`.
    /// Only a day starting at home leaves as late as its return allows;
    /// out on the road, waiting before driving on shortens nothing, and a
    /// plan's views count the time from one stop to the next arrival as
    /// driving.
    pub resumed: bool,
}

impl RepStart {
    /// A whole working day: from home, from the earliest start to the
    /// latest end of the rep's shift over the week ([`crate::model::Shift::bounds`]),
    /// which [`RepStart::within`] narrows to the day's hours.
    pub fn whole_day(region: &Region, rep: usize) -> RepStart {
        let r = &region.reps[rep];
        let bounds = r.shift.bounds();
        RepStart {
            rep,
            place: r.start,
            time_s: bounds.open_s,
            break_left: true,
            visits_left: r.max_visits,
            close_s: bounds.close_s,
            resumed: false,
        }
    }

    /// This start held to the rep's working window on `date` (that
    /// weekday's shift less their absences, [`Region::working_window`]):
    /// later when an absence ends the morning, home earlier when one starts
    /// later in the day or the day's shift is short, `None` when the rep
    /// does not work then. A break whose whole window falls before the day
    /// starts was taken during the absence; a day that ends by the close of
    /// the break window needs no break (the rep takes it at home).
    pub fn within(self, region: &Region, date: NaiveDate) -> Option<RepStart> {
        let window = region.working_window(self.rep, date)?;
        let time_s = self.time_s.max(window.open_s);
        let close_s = self.close_s.min(window.close_s);
        let break_not_needed = region.reps[self.rep]
            .lunch
            .is_some_and(|b| b.start_window.close_s < window.open_s || close_s <= b.start_window.close_s);
        (time_s < close_s).then_some(RepStart {
            time_s,
            close_s,
            break_left: self.break_left && !break_not_needed,
            ..self
        })
    }
}

/// The accounts with an appointment on `date` that `offered` does not hold
/// yet, each as a candidate of its urgency that day: an appointment is
/// offered whether or not the account is due.
pub fn appointment_candidates(region: &Region, date: NaiveDate, offered: &[Candidate]) -> Vec<Candidate> {
    region
        .appointments
        .on_date(date)
        .filter_map(|appointment| region.account_index(&appointment.account))
        .filter(|&a| !offered.iter().any(|c| c.account == a))
        .map(|a| Candidate { account: a, urgency: urgency(&region.accounts[a], date) })
        .collect()
}

/// The weight of a priority in skip costs: high 4, normal 2, low 1.
pub fn priority_weight(priority: Priority) -> i64 {
    match priority {
        Priority::High => 4,
        Priority::Normal => 2,
        Priority::Low => 1,
    }
}

fn early_prize_s(priority: Priority, days_until_due: i64) -> i64 {
    let full = match priority {
        Priority::High => 900,
        Priority::Normal => 600,
        Priority::Low => 300,
    };
    full / days_until_due.max(1)
}

/// When a vehicle driving `stops` leaves: as late as it can while it is
/// home at the same time. The solver's schedule leaves at the shift's start
/// and waits wherever a visit is not open yet; leaving later instead moves
/// those waits home, as far as the windows of the visits before them allow
/// (a rep who would visit one shop at 07:35 and wait an hour for the next
/// to open visits the first shortly before the second instead). Every
/// visit stays in the window it starts in, the order and the drives are the
/// same, and nothing after the last wait moves.
fn latest_departure(problem: &Problem, vehicle: &Vehicle, stops: &[u32]) -> Seconds {
    let (mut time, mut place) = (vehicle.shift.open, vehicle.start_place);
    // The waiting so far, and the most the departure may move so far.
    let (mut waited, mut delay) = (0, Seconds::MAX);
    for &node in stops {
        let (arrival, start, close, duration_s) = if node == BREAK {
            let Some(rest) = vehicle.break_spec else { return vehicle.shift.open };
            (time, time.max(rest.start.open), rest.start.close, rest.duration_s)
        } else {
            let task = &problem.tasks[node as usize];
            let arrival = time + problem.drive_s(place, task.place);
            let Some(window) = task.windows.iter().find(|w| w.close >= arrival) else {
                return vehicle.shift.open;
            };
            place = task.place;
            (arrival, arrival.max(window.open), window.close, task.service_s)
        };
        waited += start - arrival;
        delay = delay.min(close - start + waited);
        time = start + duration_s;
    }
    vehicle.shift.open + delay.min(waited).max(0)
}

impl DayProblem {
    /// Builds the day's problem: every due account (and early ones within the
    /// lookahead) offered to every rep's whole day.
    pub fn build(
        region: &Region,
        options: &DayOptions,
        travel: &dyn TravelTimes,
    ) -> Result<Self, NamedTravelError> {
        let date = options.date;
        let mut offered: Vec<Candidate> = candidates(&region.accounts, date, options.lookahead_days)
            .into_iter()
            .filter(|c| region.appointments.ahead(&region.accounts[c.account], date).is_none())
            .collect();
        offered.extend(appointment_candidates(region, date, &offered));
        let offers = offered.into_iter().map(|c| Offer::of(region, c)).collect();
        let reps = (0..region.reps.len()).map(|r| RepStart::whole_day(region, r)).collect();
        Self::build_from(region, options.date, offers, reps, travel)
    }

    /// Builds the problem of `offers` for the reps in `reps` (one vehicle
    /// each, in that order), each leaving from its own place and time and
    /// ending at home by the end of the shift. Places are the reps' starts,
    /// then their ends, then the offered accounts. An offered account with
    /// an appointment on `date` is offered as the appointment (module docs).
    /// On a holiday the reps work only for appointments, and not at all
    /// when none is offered.
    pub fn build_from(
        region: &Region,
        date: NaiveDate,
        offers: Vec<Offer>,
        reps: Vec<RepStart>,
        travel: &dyn TravelTimes,
    ) -> Result<Self, NamedTravelError> {
        let holiday = region.holidays.contains(date);
        let appointments: Vec<Option<usize>> = offers
            .iter()
            .map(|o| region.appointments.index_of(&region.accounts[o.candidate.account].id, date))
            .collect();
        let reps: Vec<RepStart> = if holiday && appointments.iter().all(Option::is_none) {
            Vec::new()
        } else {
            reps.into_iter().filter_map(|start| start.within(region, date)).collect()
        };
        let vehicles = reps.len();
        let mut places = Vec::with_capacity(2 * vehicles + offers.len());
        places.extend(reps.iter().map(|r| r.place));
        places.extend(reps.iter().map(|r| region.reps[r.rep].end));
        places.extend(offers.iter().map(|o| region.accounts[o.candidate.account].location));
        let matrix = travel.matrix(&places).map_err(|error| {
            error.naming(|place| match place {
                p if p < vehicles => {
                    let rep = &region.reps[reps[p].rep];
                    let what = if reps[p].place == rep.start { "start" } else { "position" };
                    format!("rep {}'s {what}", rep.id)
                }
                p if p < 2 * vehicles => format!("rep {}'s end", region.reps[reps[p - vehicles].rep].id),
                p => format!(
                    "account {}",
                    offers.get(p - 2 * vehicles).map_or("?", |o| &region.accounts[o.candidate.account].id)
                ),
            })
        })?;

        // An account whose one allowed rep is not among the vehicles (not working
        // this part of the day) gets an empty set: no vehicle may serve it.
        let vehicles_of = |rep: usize| reps.iter().position(|r| r.rep == rep).into_iter().collect();
        let tasks = offers
            .iter()
            .enumerate()
            .map(|(k, offer)| {
                let account = &region.accounts[offer.candidate.account];
                if let Some(i) = appointments[k] {
                    let appointment = &region.appointments.list[i];
                    let starts = appointment.time.starts();
                    let only = match &appointment.rep {
                        Some(rep) => Some(region.rep_index(rep).map_or_else(Vec::new, vehicles_of)),
                        None => offer.only_rep.map(vehicles_of),
                    };
                    return Task {
                        place: 2 * vehicles + k,
                        service_s: appointment.duration_s,
                        windows: vec![Window { open: starts.open_s, close: starts.close_s }],
                        demand: 1,
                        allowed_vehicles: only,
                        skip_cost: APPOINTMENT_WEIGHT,
                    };
                }
                // The day's hours; an account closed today (a closure) cannot be served.
                let windows: Vec<Window> = match region.visit_windows(offer.candidate.account, date) {
                    None => Vec::new(),
                    Some([]) => vec![ALL_DAY],
                    Some(windows) => windows
                        .iter()
                        .filter(|w| w.len_s() >= account.service_s)
                        .map(|w| Window { open: w.open_s, close: w.close_s - account.service_s })
                        .collect(),
                };
                Task {
                    place: 2 * vehicles + k,
                    service_s: account.service_s,
                    // Closed, or every window shorter than the visit: never served.
                    windows: if windows.is_empty() { vec![Window { open: 1, close: 0 }] } else { windows },
                    demand: 1,
                    // On a holiday the reps are out for appointments only.
                    allowed_vehicles: if holiday {
                        Some(Vec::new())
                    } else {
                        offer.only_rep.map(vehicles_of)
                    },
                    skip_cost: offer.skip_cost,
                }
            })
            .collect();
        let vehicle_list = reps
            .iter()
            .enumerate()
            .map(|(v, start)| {
                let rep = &region.reps[start.rep];
                Vehicle {
                    start_place: v,
                    end_place: vehicles + v,
                    shift: Window { open: start.time_s, close: start.close_s },
                    break_spec: rep.lunch.filter(|_| start.break_left).map(|b| BreakSpec {
                        start: Window { open: b.start_window.open_s, close: b.start_window.close_s },
                        duration_s: b.duration_s,
                        skippable: true,
                    }),
                    capacity: start.visits_left.map_or(i64::MAX / 4, i64::from),
                    fixed_cost: 0,
                }
            })
            .collect();
        Ok(DayProblem {
            problem: Problem::new(tasks, vehicle_list, matrix, ArcCost::DriveTime)
                .with_due_from(DUE_WEIGHT)
                .with_working_day_weight(WORKING_DAY_PER_MILLE),
            task_account: offers.iter().map(|o| o.candidate.account).collect(),
            candidates: offers.iter().map(|o| o.candidate).collect(),
            date,
            vehicle_rep: reps.iter().map(|r| r.rep).collect(),
            vehicle_resumed: reps.iter().map(|r| r.resumed).collect(),
            appointments,
        })
    }

    /// The search for this day: `given`, with what it leaves open filled in
    /// ([`DayProblem::search_config_sharing`]). Without an iteration budget
    /// the day gets the solver's work for a day of its size
    /// ([`Problem::default_iterations`]), or [`FULL_DAY_WORK`] times that when
    /// the search with its seed starts from full routes ([`starts_full`]);
    /// with one, that many iterations in each of the trajectories a day of
    /// this size that fits gets. Without trajectories, where the work shared
    /// would leave one, [`LARGE_DAY_TRAJECTORIES`] that each search all of
    /// it and trade every [`LARGE_DAY_EPOCH`] iterations. Without `runs`,
    /// [`DAY_RUNS`] independent searches where a day of this size that fits
    /// shares its work among eight trajectories, one otherwise. A full day
    /// combines the routes its search makes ([`SearchConfig::combine_routes`]).
    pub fn search_config(&self, given: &SearchConfig) -> SearchConfig {
        let full = starts_full(&self.problem, given.seed);
        let one_day = self.problem.default_iterations();
        let work = if full && given.iterations.is_none() { FULL_DAY_WORK * one_day } else { one_day };
        let small = self.problem.trajectories_for(one_day) == TRAJECTORY_SPLITS[0];
        let runs = given.runs.or(Some(if small && !full { DAY_RUNS } else { 1 }));
        let combine_routes = full || given.combine_routes;
        let sharing = self.search_config_sharing(given, work);
        let large = given.trajectories.is_none() && sharing.trajectory_count() == 1;
        SearchConfig {
            trajectories: if large { Some(LARGE_DAY_TRAJECTORIES) } else { sharing.trajectories },
            epoch_iterations: if large { LARGE_DAY_EPOCH } else { sharing.epoch_iterations },
            runs,
            combine_routes,
            ..sharing
        }
    }

    /// `given`, with half its recreates by regret ([`REGRET_RATE`]); without
    /// trajectories, as many as share `work` iterations well
    /// ([`Problem::trajectories_for`]); without an iteration budget, `work`
    /// shared among them, so the plan takes the same work on one thread and
    /// an eighth of the time on eight.
    pub fn search_config_sharing(&self, given: &SearchConfig, work: u64) -> SearchConfig {
        let trajectories = given.trajectories.unwrap_or_else(|| self.problem.trajectories_for(work)).max(1);
        SearchConfig {
            trajectories: Some(trajectories),
            iterations: given.iterations.or(Some(work.div_ceil(trajectories as u64))),
            regret_rate: REGRET_RATE,
            ..given.clone()
        }
    }

    /// Clock times per rep for `solution`, and the accounts that had to be
    /// covered today ([`Candidate::must_cover`]) or had an appointment left
    /// out, with reasons.
    pub fn to_plan(&self, region: &Region, solution: &Solution) -> Plan {
        let routes = solution
            .routes
            .iter()
            .filter(|r| !r.is_empty())
            .map(|route| self.route_plan(region, route))
            .collect();
        let unassigned = solution
            .unassigned()
            .filter(|&t| self.candidates[t].must_cover() || self.appointments[t].is_some())
            .map(|t| Unassigned {
                account: region.accounts[self.task_account[t]].id.clone(),
                reason: self.why_unassigned(region, solution, t),
            })
            .collect();
        let unavailable = (0..self.problem.vehicles.len())
            .filter_map(|v| {
                let reason = self.why_unavailable(v)?;
                Some(UnavailableRep { rep: region.reps[self.vehicle_rep[v]].id.clone(), reason })
            })
            .collect();
        Plan { date: self.date, routes, unassigned, unavailable, added: vec![], changes: vec![] }
    }

    fn route_plan(&self, region: &Region, route: &Route) -> RoutePlan {
        let problem = &self.problem;
        let vehicle = &problem.vehicles[route.vehicle];
        let mut stops_in: Vec<u32> = route.stops().to_vec();
        // A break left for the end is not needed if the rep is home before it must start.
        let mut cursor = Cursor::start(vehicle);
        if stops_in.iter().all(|&n| cursor.advance(problem, vehicle, n))
            && cursor.skips_break(problem, vehicle)
        {
            stops_in.pop();
        }
        let depart_s = if self.vehicle_resumed[route.vehicle] {
            vehicle.shift.open
        } else {
            latest_departure(problem, vehicle, &stops_in)
        };
        let mut time = depart_s;
        let mut place = vehicle.start_place;
        let (mut drive_s, mut distance_m) = (0, 0);
        let mut stops = Vec::with_capacity(stops_in.len());
        for &node in &stops_in {
            if node == BREAK {
                let rest = vehicle.break_spec.expect("a break only in routes of vehicles with one");
                let start_s = time.max(rest.start.open);
                time = start_s + rest.duration_s;
                stops.push(Stop::Break { start_s, end_s: time });
                continue;
            }
            let task = &problem.tasks[node as usize];
            let drive = problem.drive_s(place, task.place);
            drive_s += drive;
            distance_m += problem.matrix.distance_m(place, task.place);
            let arrival_s = time + drive;
            let start_s = crate::solver::route::earliest_start(&task.windows, arrival_s).unwrap_or(arrival_s);
            time = start_s + task.service_s;
            place = task.place;
            stops.push(Stop::Visit {
                account: region.accounts[self.task_account[node as usize]].id.clone(),
                arrival_s,
                start_s,
                end_s: time,
            });
        }
        drive_s += problem.drive_s(place, vehicle.end_place);
        distance_m += problem.matrix.distance_m(place, vehicle.end_place);
        RoutePlan {
            rep: region.reps[self.vehicle_rep[route.vehicle]].id.clone(),
            depart_s,
            return_s: time + problem.drive_s(place, vehicle.end_place),
            drive_s,
            distance_m,
            stops,
            resumes: Vec::new(),
            overtime_s: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, BreakRule, LatLon, OpeningHours, Rep, TimeWindow};
    use crate::solver::{solve, SearchConfig};
    use crate::travel::StraightLine;

    fn window(text: &str) -> TimeWindow {
        TimeWindow::parse(text).unwrap()
    }

    fn account(id: &str, lat: f64, service_min: i64, windows: &str, priority: Priority) -> Account {
        Account {
            id: id.into(),
            name: String::new(),
            address: String::new(),
            location: LatLon { lat, lon: 24.94 },
            service_s: service_min * 60,
            hours: OpeningHours::daily(windows.split_whitespace().map(window).collect()),
            every_days: 7,
            last_visit: None,
            priority,
            territory: None,
            preferred_days: Vec::new(),
        }
    }

    fn rep(shift: &str, max_visits: Option<u32>) -> Rep {
        let home = LatLon { lat: 60.17, lon: 24.94 };
        Rep {
            id: "R1".into(),
            name: String::new(),
            start: home,
            end: home,
            shift: window(shift).into(),
            lunch: Some(BreakRule { start_window: window("11:00-13:00"), duration_s: 1800 }),
            max_visits,
        }
    }

    /// R2, a second rep with R1's home and an 08:00-16:00 shift.
    fn teammate() -> Rep {
        Rep { id: "R2".into(), ..rep("08:00-16:00", None) }
    }

    /// `rep` away from `from` to `to` (inclusive), all day unless `part`.
    fn absence(rep: &str, from: &str, to: &str, part: Option<&str>, note: &str) -> crate::model::Absence {
        crate::model::Absence {
            rep: rep.into(),
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            part: part.map(window),
            note: note.into(),
        }
    }

    fn plan(region: &Region) -> Plan {
        let options = DayOptions { date: "2026-11-24".parse().unwrap(), lookahead_days: 0 };
        let day = DayProblem::build(region, &options, &StraightLine::default()).unwrap();
        let outcome = solve(&day.problem, &SearchConfig { iterations: Some(200), ..SearchConfig::default() });
        day.to_plan(region, &outcome.solution)
    }

    /// From 07:30, A (5 min away, 15 min long) at 07:35 and B (5 min on)
    /// from 07:55 would wait until B opens at 09:00: leaving 65 minutes
    /// later moves the whole wait home. If A must start by 08:00, only 25
    /// minutes of it can. B first (10 min away) is left for at 08:50, as before.
    #[test]
    fn leaving_later_moves_the_waits_home_as_far_as_the_hours_allow() {
        let rows = vec![0, 300, 600, 300, 0, 300, 600, 300, 0];
        let matrix = crate::travel::TravelMatrix::from_rows(3, rows.clone(), rows);
        let clock = |h: i64, m: i64| h * 3600 + m * 60;
        let vehicle = crate::solver::testkit::vehicle((clock(7, 30), clock(17, 0)));
        let day = |a_closes| {
            let task = crate::solver::testkit::task;
            let tasks = vec![task(1, 900, (0, a_closes)), task(2, 900, (clock(9, 0), clock(16, 0)))];
            Problem::new(tasks, vec![vehicle.clone()], matrix.clone(), ArcCost::DriveTime)
        };
        assert_eq!(latest_departure(&day(clock(16, 0)), &vehicle, &[0, 1]), clock(8, 35));
        assert_eq!(latest_departure(&day(clock(8, 0)), &vehicle, &[0, 1]), clock(7, 55));
        assert_eq!(latest_departure(&day(clock(16, 0)), &vehicle, &[1, 0]), clock(8, 50));
    }

    fn reason(plan: &Plan, account: &str) -> String {
        plan.unassigned.iter().find(|u| u.account == account).expect("left out").reason.to_string()
    }

    #[test]
    fn on_a_holiday_nobody_is_sent_out_and_every_due_account_says_why() {
        let mut region = Region {
            accounts: vec![account("A", 60.172, 30, "", Priority::High)],
            reps: vec![rep("08:00-16:00", None)],
            ..Default::default()
        };
        region.holidays.insert("2026-11-24".parse().unwrap(), "Company day");
        let plan = plan(&region);
        assert!(plan.routes.is_empty());
        assert_eq!(
            reason(&plan, "A"),
            "2026-11-24 is a holiday (Company day); nobody is sent out on a holiday"
        );
    }

    #[test]
    fn an_absent_reps_accounts_go_to_a_teammate_unless_only_they_may_visit() {
        let mut mine = account("MINE", 60.172, 30, "", Priority::High);
        mine.territory = Some("R1".into());
        let mut region = Region {
            accounts: vec![mine, account("FREE", 60.173, 30, "", Priority::High)],
            reps: vec![rep("08:00-16:00", None), teammate()],
            ..Default::default()
        };
        region.absences.list.push(absence("R1", "2026-11-23", "2026-11-27", None, "leave"));
        let plan = plan(&region);
        assert_eq!(plan.routes.len(), 1);
        assert_eq!(plan.routes[0].rep, "R2");
        assert_eq!(plan.visited_accounts().collect::<Vec<_>>(), vec!["FREE"]);
        assert_eq!(
            reason(&plan, "MINE"),
            "R1 is absent 2026-11-23 to 2026-11-27 (leave); only R1 may visit it"
        );
    }

    #[test]
    fn a_part_day_absence_ends_the_day_at_its_start() {
        let mut region = Region {
            accounts: vec![
                account("A", 60.172, 60, "", Priority::High),
                account("LATE", 60.172, 60, "13:00-16:00", Priority::High),
            ],
            reps: vec![rep("08:00-16:00", None)],
            ..Default::default()
        };
        region.absences.list.push(absence("R1", "2026-11-24", "2026-11-24", Some("12:00-16:00"), "doctor"));
        let plan = plan(&region);
        assert_eq!(plan.visited_accounts().collect::<Vec<_>>(), vec!["A"]);
        assert!(plan.routes[0].return_s <= 12 * 3600);
        assert_eq!(
            reason(&plan, "LATE"),
            "the 60 min visit (13:00-16:00) does not fit in any rep's shift with the drive there and back; \
             R1 is absent 12:00-16:00 on 2026-11-24 (doctor)"
        );
    }

    #[test]
    fn an_account_no_rep_can_reach_in_time_says_when_the_nearest_could_arrive() {
        // 0.5 degrees north is about 72 km of driving at 30 km/h: 2h24m.
        let region = Region {
            accounts: vec![account("FAR", 60.67, 30, "08:00-09:30", Priority::Normal)],
            reps: vec![rep("08:00-16:00", None)],
            ..Default::default()
        };
        let plan = plan(&region);
        let text = reason(&plan, "FAR");
        assert!(
            text.starts_with("opens 08:00-09:30 but the nearest rep (R1) cannot arrive before 10:"),
            "{text}"
        );
    }

    #[test]
    fn a_rep_who_cannot_get_home_in_the_shift_is_listed_and_a_far_account_explained() {
        let mut far_rep = rep("08:00-16:00", None);
        far_rep.end = LatLon { lat: 69.0, lon: 27.0 };
        let mut home_rep = rep("08:00-16:00", None);
        home_rep.id = "R2".into();
        let mut territory = account("MINE", 60.171, 30, "", Priority::Normal);
        territory.territory = Some("R1".into());
        let region = Region {
            accounts: vec![
                account("NEAR", 60.172, 30, "", Priority::Normal),
                // Latitude 6.017 typed for 60.17: thousands of km away.
                account("TYPO", 6.017, 30, "", Priority::Normal),
                territory,
            ],
            reps: vec![far_rep, home_rep],
            ..Default::default()
        };
        let plan = plan(&region);
        assert_eq!(plan.unavailable.len(), 1);
        assert_eq!(plan.unavailable[0].rep, "R1");
        let why = plan.unavailable[0].reason.to_string();
        assert!(
            why.starts_with("cannot get from the start to the end of the day within the shift (08:00-16:00)"),
            "{why}"
        );
        assert_eq!(plan.visited_accounts().collect::<Vec<_>>(), vec!["NEAR"]);
        let typo = reason(&plan, "TYPO");
        assert!(
            typo.contains("km from the nearest rep's start (R2)") && typo.contains("check its coordinates"),
            "{typo}"
        );
        assert!(reason(&plan, "MINE").starts_with("no rep who may visit it can work today (R1 cannot"));
    }

    #[test]
    fn a_full_day_keeps_the_high_priority_account_and_says_why_the_other_waits() {
        // Two 4-hour visits in an 8-hour shift with a lunch break: only one fits.
        let region = Region {
            accounts: vec![
                account("NORMAL", 60.171, 240, "", Priority::Normal),
                account("HIGH", 60.172, 240, "", Priority::High),
            ],
            reps: vec![rep("08:00-16:00", None)],
            ..Default::default()
        };
        let plan = plan(&region);
        assert_eq!(plan.visited_accounts().collect::<Vec<_>>(), vec!["HIGH"]);
        assert_eq!(reason(&plan, "NORMAL"), "no rep has 240 more minutes free in their shift today");
    }

    /// Two 4-hour visits in one rep's 8-hour shift fill the day from the
    /// start; two short ones fit, and so does a day whose one account left
    /// out is one no rep can reach while it is open. A day that fits runs
    /// two searches of its work, a full day one of four times that.
    #[test]
    fn a_full_day_gets_four_times_the_work_of_a_day_that_fits_in_one_search() {
        let options = DayOptions { date: "2026-11-24".parse().unwrap(), lookahead_days: 0 };
        let work = |accounts: Vec<Account>| {
            let region = Region { accounts, reps: vec![rep("08:00-16:00", None)], ..Default::default() };
            let day = DayProblem::build(&region, &options, &StraightLine::default()).unwrap();
            let config = day.search_config(&SearchConfig::default());
            let given = day.search_config(&SearchConfig {
                iterations: Some(300),
                runs: Some(3),
                ..SearchConfig::default()
            });
            assert_eq!((given.iterations, given.runs), (Some(300), Some(3)), "a budget asked for is kept");
            let work = config.iterations.unwrap() * config.trajectories.unwrap() as u64;
            (work, config.runs.unwrap(), day.problem.default_iterations())
        };
        let long = |id| account(id, 60.171, 240, "", Priority::Normal);
        let short = |id| account(id, 60.171, 20, "", Priority::Normal);
        let far = account("FAR", 60.67, 30, "08:00-09:30", Priority::Normal);
        let (full, runs, fits) = work(vec![long("A"), long("B")]);
        assert_eq!((full, runs), (FULL_DAY_WORK * fits, 1));
        let (work_fits, runs, default) = work(vec![short("A"), short("B")]);
        assert_eq!((work_fits, runs), (default, DAY_RUNS));
        let (work_unreachable, runs, default) = work(vec![short("A"), far]);
        assert_eq!((work_unreachable, runs), (default, DAY_RUNS));
    }

    /// A day so large that one trajectory would search it gets a second,
    /// each with the whole work, trading rarely; a day shared among several
    /// trajectories, and a day asked for one, keep their trajectories and
    /// one search.
    #[test]
    fn a_day_one_trajectory_would_search_gets_a_second_with_the_whole_work() {
        let options = DayOptions { date: "2026-11-24".parse().unwrap(), lookahead_days: 0 };
        let long = |id| account(id, 60.171, 240, "", Priority::Normal);
        let accounts = vec![long("A"), long("B")];
        let region = Region { accounts, reps: vec![rep("08:00-16:00", None)], ..Default::default() };
        let day = DayProblem::build(&region, &options, &StraightLine::default()).unwrap();
        let shared = day.search_config(&SearchConfig::default());
        assert!(shared.trajectory_count() > 1);
        assert_eq!(
            (shared.runs, shared.epoch_iterations),
            (Some(1), SearchConfig::default().epoch_iterations)
        );
        let asked = day.search_config(&SearchConfig { trajectories: Some(1), ..SearchConfig::default() });
        assert_eq!((asked.trajectories, asked.runs), (Some(1), Some(1)));

        // More visits than two trajectories settle in a full day's work: shared, one trajectory.
        let many: Vec<Account> =
            (0..1_250).map(|k| account(&format!("A{k}"), 60.171, 5, "", Priority::Normal)).collect();
        let region = Region { accounts: many, reps: vec![rep("08:00-16:00", None)], ..Default::default() };
        let large = DayProblem::build(&region, &options, &StraightLine::default()).unwrap();
        let work = large.problem.default_iterations() * FULL_DAY_WORK;
        assert_eq!(large.problem.trajectories_for(work), 1);
        let config = large.search_config(&SearchConfig::default());
        assert_eq!(config.trajectories, Some(LARGE_DAY_TRAJECTORIES));
        assert_eq!(
            (config.iterations, config.runs, config.epoch_iterations),
            (Some(work), Some(1), LARGE_DAY_EPOCH)
        );
    }

    #[test]
    fn max_visits_is_named_when_it_is_what_stops_a_visit() {
        let region = Region {
            accounts: vec![
                account("A", 60.171, 20, "08:00-16:00", Priority::Normal),
                account("B", 60.172, 20, "08:00-16:00", Priority::Normal),
            ],
            reps: vec![rep("08:00-16:00", Some(1))],
            ..Default::default()
        };
        let plan = plan(&region);
        assert_eq!(plan.unassigned.len(), 1);
        let left = &plan.unassigned[0];
        assert!(
            left.reason
                .to_string()
                .starts_with("every rep who may visit it already has their maximum number of visits (R1)"),
            "{}",
            left.reason
        );
    }

    fn appointment(account: &str, start: &str, rep: Option<&str>, minutes: i64) -> crate::model::Appointment {
        crate::model::Appointment {
            account: account.into(),
            date: "2026-11-24".parse().unwrap(),
            time: crate::model::AppointmentTime::At(crate::model::time::parse_clock(start).unwrap()),
            rep: rep.map(Into::into),
            duration_s: minutes * 60,
            note: String::new(),
        }
    }

    #[test]
    fn an_appointment_comes_before_a_high_priority_due_visit() {
        // A 3-hour appointment from noon leaves no 4 hours for the other visit.
        let mut booked = account("BOOKED", 60.171, 30, "", Priority::Low);
        booked.last_visit = Some("2026-11-23".parse().unwrap());
        let mut region = Region {
            accounts: vec![account("HIGH", 60.172, 240, "", Priority::High), booked],
            reps: vec![rep("08:00-16:00", None)],
            ..Default::default()
        };
        region.appointments.list.push(appointment("BOOKED", "12:00", None, 180));
        let plan = plan(&region);
        assert_eq!(plan.visited_accounts().collect::<Vec<_>>(), vec!["BOOKED"]);
        let kept = plan.routes[0].stops.iter().find_map(|s| match s {
            Stop::Visit { start_s, end_s, .. } => Some((*start_s, *end_s)),
            Stop::Break { .. } => None,
        });
        assert_eq!(kept, Some((43_200, 43_200 + 3 * 3600)), "at noon, for its 3 hours, not the 30 min visit");
        assert_eq!(reason(&plan, "HIGH"), "no rep has 240 more minutes free in their shift today");
    }

    #[test]
    fn an_appointment_that_cannot_be_kept_says_why() {
        let mut region = Region {
            accounts: vec![
                account("A", 60.172, 30, "", Priority::Normal),
                account("B", 60.173, 30, "", Priority::Normal),
                account("C", 60.174, 30, "", Priority::Normal),
            ],
            reps: vec![rep("08:00-16:00", None), teammate()],
            ..Default::default()
        };
        region.absences.list.push(absence("R2", "2026-11-24", "2026-11-24", None, "leave"));
        region.appointments.list = vec![
            appointment("A", "10:00", Some("R1"), 60),
            appointment("B", "10:30", Some("R1"), 60),
            appointment("C", "09:00", Some("R2"), 30),
        ];
        let plan = plan(&region);
        assert_eq!(plan.unassigned.len(), 2, "{:?}", plan.unassigned);
        let clash = plan.unassigned.iter().find(|u| u.account != "C").unwrap().reason.to_string();
        assert!(
            clash.contains(" with R1 cannot be kept: it clashes with other appointments kept at that time: "),
            "{clash}"
        );
        assert_eq!(
            reason(&plan, "C"),
            "appointment 2026-11-24 at 09:00 with R2 cannot be kept: R2 is absent on 2026-11-24 (leave); \
             only R2 may keep it (book another day or rep)"
        );
    }
}
