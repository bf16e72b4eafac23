//! A visit starts no earlier than its arrival, lasts exactly its service time
//! and lies inside one of that weekday's opening windows (or the day's shift).

use chrono::Datelike;

use crate::check::windows::{fit, Fit, Span, WindowList};
use crate::check::{Checker, ViolationKind};
use crate::model::{Account, Hms, Rep, Seconds};

impl<'a> Checker<'a> {
    /// The visit lasts exactly `service_s` and lies inside one of the
    /// account's windows of the plan date's weekday, or inside the rep's
    /// shift that day when it has none; a visit keeping an appointment is
    /// held to the appointment instead.
    pub(in crate::check) fn check_visit_times(
        &mut self,
        rep_id: &str,
        rep: Option<&Rep>,
        account: &Account,
        start_s: Seconds,
        end_s: Seconds,
    ) {
        if let Some(appointment) = self.appointment(&account.id) {
            self.check_appointment_visit(rep_id, appointment, start_s, end_s);
            return;
        }
        let id = account.id.as_str();
        let length_s = end_s.saturating_sub(start_s);
        if length_s != account.service_s {
            self.push(
                ViolationKind::WrongServiceTime,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id}'s visit to {id} from {} to {} lasts {} but a visit there takes {}",
                    Hms(start_s),
                    Hms(end_s),
                    Span(length_s),
                    Span(account.service_s)
                ),
            );
        }
        // That weekday's hours; a day it is closed is the account rule's to report.
        let Some(day_windows) = account.hours.windows_on(self.plan.date.weekday()) else { return };
        // Names for the message: the account's hours, or the rep's shift that day.
        let shift;
        let (windows, owner, hours) = if day_windows.is_empty() {
            let Some(day_shift) = rep.and_then(|rep| rep.shift_on(self.plan.date)) else { return };
            shift = [day_shift];
            (&shift[..], format!("rep {rep_id}'s shift"), "shift")
        } else {
            (day_windows, id.to_owned(), "open")
        };
        let (opens, closes) = if day_windows.is_empty() { ("starts", "ends") } else { ("opens", "closes") };
        match fit(windows, start_s, end_s) {
            Fit::Inside => {}
            Fit::Early { window } => self.push(
                ViolationKind::VisitOutsideWindow,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} starts the visit to {id} at {} but {owner} only {opens} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(window.open_s),
                    WindowList(windows)
                ),
            ),
            Fit::Late { window } if start_s > window.close_s => self.push(
                ViolationKind::LateVisit,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} starts the visit to {id} at {} but {owner} {closes} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(window.close_s),
                    WindowList(windows)
                ),
            ),
            Fit::Late { window } => self.push(
                ViolationKind::LateVisit,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} visits {id} from {} to {} but {owner} {closes} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(end_s),
                    Hms(window.close_s),
                    WindowList(windows)
                ),
            ),
        }
    }
}
