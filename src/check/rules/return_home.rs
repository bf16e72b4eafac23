//! The rep gets home no earlier than the drive allows and no later than the
//! shift's close plus the route's declared overtime. Overtime is declared
//! only when needed: exactly the time back past the close, and only by a
//! rep held up in a re-plan who goes straight home from the last resume
//! point (no visit after it), since a day that could still be planned
//! within the shift must be.

use crate::check::replay::{Location, Previous};
use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::plan::{RoutePlan, Stop};
use crate::model::{Hms, Rep, Seconds, TimeWindow};

impl<'a> Checker<'a> {
    /// The return follows the last activity plus the drive home, within the shift.
    pub(in crate::check) fn check_return(
        &mut self,
        route: &RoutePlan,
        rep: &Rep,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
        from: &Location,
        drive_s: Option<Seconds>,
    ) {
        let rep_id = route.rep.as_str();
        if route.return_s < previous_end_s {
            self.push(
                ViolationKind::ReturnTooEarly,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} is back at {} but {}",
                    Hms(route.return_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        } else if let Some(drive_s) = drive_s {
            let earliest_s = previous_end_s.saturating_add(drive_s);
            if route.return_s < earliest_s {
                self.push(
                    ViolationKind::ReturnTooEarly,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id} is back at {} but cannot be before {} ({}, then {} of driving from {})",
                        Hms(route.return_s),
                        Hms(earliest_s),
                        previous.ends_at(rep_id, previous_end_s),
                        Span(drive_s),
                        from.name
                    ),
                );
            }
        }
        // On a day off there is no close to be back by; the shift rule reports the day.
        let Some(shift) = rep.shift_on(self.plan.date) else { return };
        let overtime_s = route.overtime_s.max(0);
        if route.return_s > shift.close_s.saturating_add(overtime_s) {
            let declared = if overtime_s > 0 {
                format!(" (with {} of overtime declared)", Span(overtime_s))
            } else {
                String::new()
            };
            self.push(
                ViolationKind::ReturnAfterShift,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} is back at {} but the shift ends at {}{declared}",
                    Hms(route.return_s),
                    Hms(shift.close_s)
                ),
            );
        }
        if route.overtime_s != 0 {
            // Back by the shift's close, or by an absence's start later in the day.
            let window =
                self.region.rep_index(rep_id).and_then(|r| self.region.working_window(r, self.plan.date));
            self.check_overtime_needed(route, window.unwrap_or(shift));
        }
    }

    /// Declared overtime is the return past the close of the working day
    /// (`day`, the shift less any absence later in it), after a resume with
    /// no visit following it.
    fn check_overtime_needed(&mut self, route: &RoutePlan, day: TimeWindow) {
        let rep_id = route.rep.as_str();
        let past_close_s = (route.return_s - day.close_s).max(0);
        let straight_home = route
            .resumes
            .iter()
            .map(|r| r.after_stops)
            .max()
            .is_some_and(|after| route.stops.iter().skip(after).all(|s| matches!(s, Stop::Break { .. })));
        let why = if route.overtime_s < 0 {
            format!("declares negative overtime ({} s)", route.overtime_s)
        } else if route.overtime_s != past_close_s {
            format!(
                "declares {} of overtime but is back at {}, {} after the working day ends at {}",
                Span(route.overtime_s),
                Hms(route.return_s),
                Span(past_close_s),
                Hms(day.close_s)
            )
        } else if !straight_home {
            format!(
                "declares {} of overtime but was not held up: overtime is only for a re-planned day \
                 that goes straight home from where it resumes",
                Span(route.overtime_s)
            )
        } else {
            return;
        };
        self.push(ViolationKind::OvertimeNotNeeded, Some(rep_id), None, format!("rep {rep_id} {why}"));
    }
}
