//! Every appointment of the day is kept or explained: visited at its time
//! (the visit starts at its start, or within its window), for its duration,
//! by its rep when it names one (the territory rule covers the rest); or
//! listed as unassigned with a reason. On that day the appointment stands
//! in for the account's opening hours, service time and closed weekdays.

use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::{Appointment, Hms, Seconds};

impl<'a> Checker<'a> {
    /// The appointment of `account` on the plan's date, if it has one.
    pub(in crate::check) fn appointment(&self, account: &str) -> Option<&'a Appointment> {
        self.region.appointments.of(account, self.plan.date)
    }

    /// A visit that keeps `appointment`: by its rep, at its time, for its duration.
    pub(in crate::check) fn check_appointment_visit(
        &mut self,
        rep_id: &str,
        appointment: &Appointment,
        start_s: Seconds,
        end_s: Seconds,
    ) {
        let id = appointment.account.as_str();
        let what = appointment.describe();
        if let Some(rep) = appointment.rep.as_deref().filter(|&rep| rep != rep_id) {
            let message = format!("rep {rep_id} visits {id} but the {what} is with {rep}");
            self.push(ViolationKind::AppointmentNotKept, Some(rep_id), Some(id), message);
        }
        let starts = appointment.time.starts();
        if !starts.contains(start_s) {
            let message = format!("rep {rep_id} starts the visit to {id} at {} but the {what}", Hms(start_s));
            self.push(ViolationKind::AppointmentNotKept, Some(rep_id), Some(id), message);
        }
        let length_s = end_s.saturating_sub(start_s);
        if length_s != appointment.duration_s {
            let message = format!(
                "rep {rep_id}'s visit to {id} lasts {} but the {what} lasts {}",
                Span(length_s),
                Span(appointment.duration_s)
            );
            self.push(ViolationKind::AppointmentNotKept, Some(rep_id), Some(id), message);
        }
    }

    /// Every appointment of the day is visited or listed as unassigned
    /// (whose reason the coverage rule requires).
    pub(in crate::check) fn check_appointments(&mut self) {
        let region = self.region;
        for appointment in region.appointments.on_date(self.plan.date) {
            let id = appointment.account.as_str();
            let listed = self.plan.unassigned.iter().any(|u| u.account == id);
            if !self.visited_by.contains_key(id) && !listed {
                let message =
                    format!("the {} is neither kept nor listed as not covered", appointment.describe());
                self.push(ViolationKind::AppointmentNotCovered, None, Some(id), message);
            }
        }
    }
}
