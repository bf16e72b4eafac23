//! Finding a day for an appointment (`rounds book`): the slots to offer a
//! customer on the phone, ranked by the driving each adds.
//!
//! [`find_slots`] takes the days as `rounds week` plans them ([`WeekPlan`])
//! and, on every working day the account is open, tries the visit in every
//! position of every working rep's route (each rep's day as planned, their
//! absences and the account's territory respected). For each rep and day
//! it keeps the cheapest position and the start times that position allows
//! (the earliest, and the latest before the route breaks: a window, the
//! break, the shift), and prices it as the day's driving with the visit
//! less the day's driving without it. The account's own planned visit that
//! day, if any, is taken out first, since the appointment replaces it.
//!
//! Every slot is confirmed before it is offered: the day with the visit
//! inserted, as an appointment over the slot's start times, is replayed by
//! the independent validator ([`crate::check`]) against the region as it
//! stands that morning, and its extra driving is the validator's own sum
//! of the rep's legs less the day as planned. A [`Slot`] is the answer; deterministic, since the
//! week is and the search here is exhaustive.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::check::check_plan;
use crate::model::plan::{Stop, WeekPlan};
use crate::model::{Appointment, AppointmentTime, Candidate, Region, Seconds, TimeWindow, Urgency};
use crate::planning::day::{DayProblem, Offer, RepStart};
use crate::planning::week::roll_forward;
use crate::solver::route::Cursor;
use crate::solver::{Problem, Solution, BREAK};
use crate::travel::{NamedTravelError, TravelTimes};

/// What to book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookRequest {
    /// The account (index into the region).
    pub account: usize,
    /// How long the visit lasts.
    pub duration_s: Seconds,
    /// How many slots to return at most.
    pub top: usize,
}

/// One time to offer the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The day.
    pub date: NaiveDate,
    /// The rep who would come.
    pub rep: String,
    /// When the visit may start, whole minutes, both ends included.
    pub starts: TimeWindow,
    /// The driving the visit adds to the rep's planned day.
    pub extra_drive_s: Seconds,
}

/// The best `request.top` slots over the working days of `week` (planned
/// for `region`), fewest extra driving first, then earliest day, then the
/// reps' order; one slot per rep and day.
pub fn find_slots(
    region: &Region,
    week: &WeekPlan,
    request: &BookRequest,
    travel: &dyn TravelTimes,
) -> Result<Vec<Slot>, NamedTravelError> {
    let mut today = region.clone();
    let mut found: Vec<(Slot, usize)> = Vec::new();
    for plan in &week.days {
        let date = plan.date;
        let account = &region.accounts[request.account];
        let open = region.is_working_day(date)
            && account.hours.is_open_on(date.weekday())
            && !region.closures.is_closed(account, date)
            && region.appointments.of(&account.id, date).is_none();
        if open {
            found.extend(slots_of_day(&today, plan, request, travel)?);
        }
        roll_forward(&mut today, plan);
    }
    found.sort_by_key(|(slot, rep)| (slot.extra_drive_s, slot.date, *rep));
    Ok(found.into_iter().take(request.top).map(|(slot, _)| slot).collect())
}

/// The slots of one day, one per rep who can take the visit, each with the
/// rep's index for ordering; `morning` is the region as it stands that day.
fn slots_of_day(
    morning: &Region,
    plan: &crate::model::plan::Plan,
    request: &BookRequest,
    travel: &dyn TravelTimes,
) -> Result<Vec<(Slot, usize)>, NamedTravelError> {
    let date = plan.date;
    let mut region = morning.clone();
    region.accounts[request.account].service_s = request.duration_s;
    let booked = region.accounts[request.account].id.clone();
    // Each planned visit stays with its rep; the booked account comes last.
    let mut offers: Vec<Offer> = Vec::new();
    let mut routes: Vec<(usize, Vec<Option<u32>>, Seconds)> = Vec::new();
    for route in &plan.routes {
        let Some(r) = region.rep_index(&route.rep) else { continue };
        let mut stops = Vec::new();
        for stop in &route.stops {
            match stop {
                Stop::Visit { account, .. } if *account == booked => {}
                Stop::Visit { account, .. } => {
                    let Some(a) = region.account_index(account) else { continue };
                    let candidate = Candidate { account: a, urgency: Urgency::Due { days_overdue: Some(0) } };
                    stops.push(Some(offers.len() as u32));
                    offers.push(Offer { only_rep: Some(r), ..Offer::of(&region, candidate) });
                }
                Stop::Break { .. } => stops.push(None),
            }
        }
        routes.push((r, stops, route.drive_s));
    }
    let task = offers.len() as u32;
    let candidate = Candidate { account: request.account, urgency: Urgency::Due { days_overdue: Some(0) } };
    offers.push(Offer::of(&region, candidate));
    // On a weekend only the reps whose shift names the day work, as in the week planned.
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    let reps = (0..region.reps.len())
        .filter(|&r| !weekend || region.reps[r].shift.names(date.weekday()))
        .map(|r| RepStart::whole_day(&region, r))
        .collect();
    let day = DayProblem::build_from(&region, date, offers.clone(), reps, travel)?;
    let problem = &day.problem;

    let planned: Vec<Vec<u32>> = (0..problem.vehicles.len())
        .map(|v| {
            let rep = day.vehicle_rep[v];
            let stops = routes
                .iter()
                .find(|(r, ..)| *r == rep)
                .map_or_else(Vec::new, |(_, s, _)| s.iter().map(|n| n.unwrap_or(BREAK)).collect());
            with_break(problem, v, stops)
        })
        .collect();
    let mut slots = Vec::new();
    for v in 0..problem.vehicles.len() {
        if !problem.allowed(task as usize, v) || day.why_unavailable(v).is_some() {
            continue;
        }
        let rep = day.vehicle_rep[v];
        let base_s = routes.iter().find(|(r, ..)| *r == rep).map_or(0, |(.., drive_s)| *drive_s);
        let Some((stops, cost, starts)) = best_insertion(problem, v, &planned[v], task) else { continue };
        let mut slot = Slot { date, rep: region.reps[rep].id.clone(), starts, extra_drive_s: 0 };
        let mut routes_with = planned.clone();
        routes_with[v] = stops;
        let booking = Booking { region: &region, offers: &offers, routes: &routes_with, plan };
        if let Some(drive_s) = booking.confirmed(&slot, request, travel)? {
            debug_assert_eq!(drive_s, cost, "the validator prices the route as the insertion did");
            slot.extra_drive_s = drive_s - base_s;
            slots.push((slot, rep));
        }
    }
    Ok(slots)
}

/// The route `stops` of vehicle `v` with the break appended when the plan
/// left it out (the rep was home before it had to start) and the solver's
/// route needs it.
fn with_break(problem: &Problem, v: usize, stops: Vec<u32>) -> Vec<u32> {
    let vehicle = &problem.vehicles[v];
    if vehicle.break_spec.is_some() && !stops.is_empty() && !stops.contains(&BREAK) {
        let mut with = stops.clone();
        with.push(BREAK);
        if replay(problem, v, &with, None).is_some() {
            return with;
        }
    }
    stops
}

/// Replays vehicle `v` driving `stops`; with `forced` = (k, s), the stop at
/// index k starts no earlier than s. Returns the route's arc cost and when
/// the stop at k starts (0 without `forced`), or `None` when something is late.
fn replay(
    problem: &Problem,
    v: usize,
    stops: &[u32],
    forced: Option<(usize, Seconds)>,
) -> Option<(i64, Seconds)> {
    let vehicle = &problem.vehicles[v];
    let mut cursor = Cursor::start(vehicle);
    let mut start_s = 0;
    for (k, &node) in stops.iter().enumerate() {
        if let Some((_, not_before)) = forced.filter(|&(at, _)| at == k) {
            let task = &problem.tasks[node as usize];
            cursor.time = cursor.time.max(not_before - problem.drive_s(cursor.place, task.place));
            let before = cursor;
            if !cursor.advance(problem, vehicle, node) {
                return None;
            }
            let arrival = before.time + problem.drive_s(before.place, task.place);
            start_s = crate::solver::route::earliest_start(&task.windows, arrival)?;
        } else if !cursor.advance(problem, vehicle, node) {
            return None;
        }
    }
    cursor.home(problem, vehicle).map(|(cost, _)| (cost, start_s))
}

/// The cheapest place for `task` in vehicle `v`'s route `stops`: the new
/// stops, their arc cost and the start times that place allows (whole
/// minutes inside the task's window that holds the earliest start).
fn best_insertion(
    problem: &Problem,
    v: usize,
    stops: &[u32],
    task: u32,
) -> Option<(Vec<u32>, i64, TimeWindow)> {
    let mut orders: Vec<Vec<u32>> = (0..=stops.len())
        .map(|k| {
            let mut order = stops.to_vec();
            order.insert(k, task);
            order
        })
        .collect();
    if stops.is_empty() && problem.vehicles[v].break_spec.is_some() {
        orders = vec![vec![task, BREAK], vec![BREAK, task]];
    }
    let (order, cost) = orders
        .into_iter()
        .filter_map(|order| {
            let (cost, _) = replay(problem, v, &order, None)?;
            Some((order, cost))
        })
        .min_by_key(|(_, cost)| *cost)?;
    let k = order.iter().position(|&n| n == task).expect("the task was inserted");
    let (_, earliest_s) = replay(problem, v, &order, Some((k, 0)))?;
    let window = problem.tasks[task as usize]
        .windows
        .iter()
        .find(|w| w.open <= earliest_s && earliest_s <= w.close)?;
    // The latest start that keeps the route feasible: later never helps, so bisect.
    let (mut ok, mut bad) = (earliest_s, window.close + 1);
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        match replay(problem, v, &order, Some((k, mid))) {
            Some((_, start_s)) if start_s == mid => ok = mid,
            _ => bad = mid,
        }
    }
    let first = (earliest_s + 59) / 60 * 60;
    let last = ok / 60 * 60;
    (first <= last).then(|| (order, cost, TimeWindow::new(first, last)))
}

/// A day with the booked visit placed: the region of the day (the
/// account's service time set to the visit's length), what is offered
/// (the booked account last) and every vehicle's stops.
struct Booking<'a> {
    region: &'a Region,
    offers: &'a [Offer],
    routes: &'a [Vec<u32>],
    plan: &'a crate::model::plan::Plan,
}

impl Booking<'_> {
    /// The driving of the slot's rep that day as the independent validator
    /// recomputes it, when the day passes it with the visit booked as an
    /// appointment over the slot's start times (the day is planned again
    /// with that appointment, as `rounds plan` would hold it, and the routes
    /// replayed); `None` when it does not.
    fn confirmed(
        &self,
        slot: &Slot,
        request: &BookRequest,
        travel: &dyn TravelTimes,
    ) -> Result<Option<Seconds>, NamedTravelError> {
        let id = &self.region.accounts[request.account].id;
        let mut region = self.region.clone();
        region.appointments.list.push(Appointment {
            account: id.clone(),
            date: slot.date,
            time: AppointmentTime::Within(slot.starts),
            rep: Some(slot.rep.clone()),
            duration_s: request.duration_s,
            note: String::new(),
        });
        let reps = (0..region.reps.len()).map(|r| RepStart::whole_day(&region, r)).collect();
        let day = DayProblem::build_from(&region, slot.date, self.offers.to_vec(), reps, travel)?;
        let mut solution = Solution::empty(&day.problem);
        for (v, stops) in self.routes.iter().enumerate() {
            solution.set_route(&day.problem, v, stops);
        }
        let mut booked = day.to_plan(&region, &solution);
        booked.unassigned.extend(self.plan.unassigned.iter().filter(|u| &u.account != id).cloned());
        let report = check_plan(&region, &booked, travel)?;
        let drive_s = report.routes.iter().find(|r| r.rep == slot.rep).and_then(|r| r.drive_s);
        Ok(drive_s.filter(|_| report.is_valid()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, BreakRule, LatLon, Rep};
    use crate::planning::week::{plan_week, WeekOptions};
    use crate::travel::StraightLine;

    fn region() -> Region {
        let home = LatLon { lat: 60.17, lon: 24.94 };
        let window = |text: &str| TimeWindow::parse(text).unwrap();
        let rep = |id: &str, lon: f64| Rep {
            id: id.into(),
            name: String::new(),
            start: LatLon { lon, ..home },
            end: LatLon { lon, ..home },
            shift: window("08:00-16:00").into(),
            lunch: Some(BreakRule { start_window: window("11:00-13:00"), duration_s: 1800 }),
            max_visits: None,
        };
        let mut accounts: Vec<Account> = (0..6)
            .map(|k| {
                let mut a = Account::new(
                    format!("A{k}"),
                    LatLon { lat: 60.17 + 0.004 * k as f64, lon: 24.94 + 0.01 * (k % 3) as f64 },
                    1800,
                    7,
                );
                a.last_visit = Some(NaiveDate::from_ymd_opt(2026, 11, 17 + (k as u32 % 3)).unwrap());
                a
            })
            .collect();
        // The account to book: opens only in the afternoon, last seen yesterday.
        accounts[5].hours = crate::model::OpeningHours::daily(vec![window("13:00-17:00")]);
        accounts[5].last_visit = Some(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        Region { accounts, reps: vec![rep("R1", 24.94), rep("R2", 24.98)], ..Default::default() }
    }

    #[test]
    fn slots_are_ranked_by_the_extra_driving_the_validator_confirms() {
        let region = region();
        let travel = StraightLine::default();
        let options = WeekOptions {
            from: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            days: 3,
            early_days: 2,
            seed: 1,
            iterations_per_day: Some(100),
            reps_per_group: crate::planning::week::DEFAULT_REPS_PER_GROUP,
        };
        let week = plan_week(&region, &options, &travel, &|| {}).unwrap();
        let request = BookRequest { account: 5, duration_s: 2700, top: 10 };
        let slots = find_slots(&region, &week, &request, &travel).unwrap();
        assert_eq!(slots.len(), 6, "both reps on each of the 3 days: {slots:?}");
        assert!(slots.windows(2).all(|w| w[0].extra_drive_s <= w[1].extra_drive_s), "{slots:?}");
        for slot in &slots {
            // The afternoon opening holds: a 45 min visit starts 13:00-16:15 at the latest, and
            // the rep is home by 16:00, so it starts well before 16:00.
            assert!(slot.starts.open_s >= 13 * 3600 && slot.starts.close_s < 16 * 3600, "{slot:?}");
            assert!(slot.extra_drive_s >= 0);
        }
        let again = find_slots(&region, &week, &BookRequest { top: 2, ..request }, &travel).unwrap();
        assert_eq!(again, slots[..2], "deterministic, and --top takes the first");
    }
}
