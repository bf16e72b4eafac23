//! Why a day leaves something out: a due account or an appointment not
//! covered, or a rep who cannot work at all, each as a [`Reason`] a person
//! can act on ("no rep has 45 more minutes free while it is open", "R3 is
//! absent", "the nearest rep cannot arrive before 09:08").

use chrono::Datelike;

use super::DayProblem;
use crate::model::reason::{Context, Missed, Reason};
use crate::model::{Absence, Account, Appointment, Region, Shift, TimeWindow};
use crate::solver::route::Cursor;
use crate::solver::{Solution, BREAK};

impl DayProblem {
    /// Why vehicle `v`'s rep cannot work at all, if so: even with no visit,
    /// the drive from where they start to where they end does not fit in the shift.
    pub fn why_unavailable(&self, v: usize) -> Option<Reason> {
        let problem = &self.problem;
        let vehicle = &problem.vehicles[v];
        Cursor::start(vehicle).finish(problem, vehicle).is_none().then(|| {
            let (from, to) = (vehicle.start_place, vehicle.end_place);
            Reason::CannotWorkDay {
                shift: TimeWindow { open_s: vehicle.shift.open, close_s: vehicle.shift.close },
                distance_m: problem.matrix.distance_m(from, to),
                drive_s: problem.drive_s(from, to),
            }
        })
    }

    /// When the reps who may visit `account` are absent today: their
    /// absences, and whose account it is ("R3 is absent 2026-12-01 to
    /// 2026-12-05 (leave); only R3 may visit it"); for an account of no
    /// territory in a problem without reps, the absences of the day.
    fn absence_reason(&self, region: &Region, account: &Account) -> Option<Reason> {
        if let Some(only) = account.territory.as_deref() {
            let rep = region.rep_index(only)?;
            if self.vehicle_rep.contains(&rep) {
                return None;
            }
            let absences: Vec<Absence> = region.absences.on(only, self.date).cloned().collect();
            return (!absences.is_empty()).then(|| Reason::OnlyRepAbsent { rep: only.to_string(), absences });
        }
        if !self.vehicle_rep.is_empty() || region.reps.is_empty() {
            return None;
        }
        let absences = self.absences_of_day(region);
        (!absences.is_empty()).then_some(Reason::NoRepOnDay { date: self.date, absences })
    }

    /// Every absence of the day, rep by rep in the region's order.
    fn absences_of_day(&self, region: &Region) -> Vec<Absence> {
        region.reps.iter().flat_map(|rep| region.absences.on(&rep.id, self.date).cloned()).collect()
    }

    /// Whether vehicle `v` could do task `t` on an otherwise empty day.
    fn fits_alone(&self, t: usize, v: usize) -> bool {
        let problem = &self.problem;
        let vehicle = &problem.vehicles[v];
        let orders: &[&[u32]] = if vehicle.break_spec.is_some() {
            &[&[t as u32, BREAK], &[BREAK, t as u32]]
        } else {
            &[&[t as u32]]
        };
        orders.iter().any(|order| {
            let mut cursor = Cursor::start(vehicle);
            order.iter().all(|&n| cursor.advance(problem, vehicle, n))
                && cursor.finish(problem, vehicle).is_some()
        })
    }

    /// Why the appointment of task `t` is not kept: its rep does not work,
    /// no allowed rep can be there at its time, or its time is taken by
    /// other appointments.
    fn why_appointment_missed(
        &self,
        region: &Region,
        solution: &Solution,
        t: usize,
        appointment: &Appointment,
    ) -> Missed {
        let problem = &self.problem;
        let date = self.date;
        let account = &region.accounts[self.task_account[t]];
        let only = appointment.rep.as_deref().or(account.territory.as_deref());
        if let Some(rep) = only {
            let working = region.rep_index(rep).is_some_and(|r| self.vehicle_rep.contains(&r));
            if !working {
                let absences: Vec<Absence> = region.absences.on(rep, date).cloned().collect();
                let rep = rep.to_string();
                return if !absences.is_empty() {
                    Missed::RepAbsent { rep, absences }
                } else if region.rep_index(&rep).is_none() {
                    Missed::RepNotPlanned { rep }
                } else {
                    Missed::RepOff { rep }
                };
            }
        }
        let allowed: Vec<usize> = (0..problem.vehicles.len())
            .filter(|&v| problem.allowed(t, v) && self.why_unavailable(v).is_none())
            .collect();
        if allowed.is_empty() {
            return Missed::NobodyWorks { date, absences: self.absences_of_day(region) };
        }
        let task = &problem.tasks[t];
        let service_s = task.service_s;
        if !allowed.iter().any(|&v| self.fits_alone(t, v)) {
            let v = allowed
                .iter()
                .copied()
                .min_by_key(|&v| {
                    problem.vehicles[v].shift.open
                        + problem.drive_s(problem.vehicles[v].start_place, task.place)
                })
                .expect("allowed is not empty");
            let vehicle = &problem.vehicles[v];
            let rep = region.reps[self.vehicle_rep[v]].id.clone();
            let arrive_s = vehicle.shift.open + problem.drive_s(vehicle.start_place, task.place);
            let shift = TimeWindow { open_s: vehicle.shift.open, close_s: vehicle.shift.close };
            return if arrive_s > task.windows[0].close {
                Missed::CannotArrive { rep, shift, arrive_s }
            } else {
                Missed::DoesNotFit { service_s, rep, shift }
            };
        }
        // Other appointments kept by the same reps around that time.
        let window = task.windows[0];
        let clashes: Vec<(Appointment, String)> = (0..problem.tasks.len())
            .filter(|&o| o != t && self.appointments[o].is_some())
            .filter_map(|o| {
                let crate::solver::Slot::Routed { route, .. } = solution.slot(o) else { return None };
                let route = route as usize;
                let other = &problem.tasks[o];
                let overlaps = other.windows[0].open < window.close + task.service_s
                    && window.open < other.windows[0].close + other.service_s;
                (allowed.contains(&route) && overlaps).then(|| {
                    let kept = &region.appointments.list[self.appointments[o].expect("filtered")];
                    (kept.clone(), region.reps[self.vehicle_rep[route]].id.clone())
                })
            })
            .collect();
        if clashes.is_empty() {
            Missed::NoTime { service_s }
        } else {
            Missed::Clashes(clashes)
        }
    }

    /// Why task `t` is not in the plan, in words a manager can act on.
    pub fn why_unassigned(&self, region: &Region, solution: &Solution, t: usize) -> Reason {
        let problem = &self.problem;
        let task = &problem.tasks[t];
        let account = &region.accounts[self.task_account[t]];
        if let Some(i) = self.appointments[t] {
            let appointment = &region.appointments.list[i];
            let why = self.why_appointment_missed(region, solution, t, appointment);
            return Reason::AppointmentNotKept { appointment: appointment.clone(), why };
        }
        if let Some(name) = region.holidays.name(self.date) {
            return Reason::Holiday { date: self.date, name: name.to_string() };
        }
        if let Some(closure) = region.closures.on(account, self.date) {
            return Reason::Closure(closure.into_owned());
        }
        if let Some(reason) = self.absence_reason(region, account) {
            return reason;
        }
        let weekday = self.date.weekday();
        let Some(windows) = account.hours.windows_on(weekday) else {
            return Reason::ClosedOnWeekday { weekday, hours: account.hours.to_string() };
        };
        let service_s = account.service_s;
        let hours = windows.to_vec();
        if windows.iter().all(|w| w.len_s() < account.service_s) && !windows.is_empty() {
            return Reason::HoursTooShort { service_s, hours };
        }
        let may: Vec<usize> = (0..problem.vehicles.len()).filter(|&v| problem.allowed(t, v)).collect();
        let mut context = Context { only: account.territory.clone(), ..Context::default() };
        let allowed: Vec<usize> =
            may.iter().copied().filter(|&v| self.why_unavailable(v).is_none()).collect();
        if allowed.is_empty() && !may.is_empty() {
            let reps: Vec<String> =
                may.iter().map(|&v| region.reps[self.vehicle_rep[v]].id.clone()).collect();
            return Reason::NoRepCanWork { reps, context };
        }
        // A part-day absence that shortened an allowed rep's day is part of every reason below.
        context.absences = allowed
            .iter()
            .flat_map(|&v| region.absences.on(&region.reps[self.vehicle_rep[v]].id, self.date).cloned())
            .collect();
        // So is a shift that is shorter, or otherwise different, on this weekday.
        context.shifts = allowed
            .iter()
            .map(|&v| &region.reps[self.vehicle_rep[v]])
            .filter_map(|rep| {
                let day = rep.shift_on(self.date)?;
                (rep.shift != Shift::daily(day)).then(|| (rep.id.clone(), weekday, day))
            })
            .collect();
        if !allowed.iter().any(|&v| self.fits_alone(t, v)) {
            let nearest = allowed.iter().copied().min_by_key(|&v| {
                problem.vehicles[v].shift.open + problem.drive_s(problem.vehicles[v].start_place, task.place)
            });
            let Some(v) = nearest else {
                return Reason::NoRepMay { context };
            };
            let vehicle = &problem.vehicles[v];
            let rep = region.reps[self.vehicle_rep[v]].id.clone();
            let drive_s = problem.drive_s(vehicle.start_place, task.place);
            let arrive = vehicle.shift.open + drive_s;
            let last_start = task.windows.last().map_or(0, |w| w.close);
            if drive_s > vehicle.shift.close - vehicle.shift.open {
                let distance_m = problem.matrix.distance_m(vehicle.start_place, task.place);
                return Reason::TooFar { distance_m, drive_s, rep, context };
            }
            if arrive > last_start {
                return Reason::CannotArrive { hours, rep, arrive_s: arrive, context };
            }
            return Reason::DoesNotFit { service_s, hours, context };
        }
        let full: Vec<String> = allowed
            .iter()
            .filter(|&&v| solution.routes[v].load() >= problem.vehicles[v].capacity)
            .map(|&v| region.reps[self.vehicle_rep[v]].id.clone())
            .collect();
        if full.len() == allowed.len() {
            return Reason::VisitsFull { reps: full, context };
        }
        Reason::NoRoom { service_s, hours, context }
    }
}
