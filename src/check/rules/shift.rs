//! A rep works only inside that weekday's shift: no route on a day off,
//! and no departure before the day's shift starts (the return by its end is
//! checked with the drive home, in `return_home.rs`).

use chrono::Datelike;

use crate::check::{Checker, ViolationKind};
use crate::model::plan::RoutePlan;
use crate::model::{Hms, Rep};

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_shift(&mut self, route: &RoutePlan, rep: &Rep) {
        let rep_id = route.rep.as_str();
        let date = self.plan.date;
        let Some(shift) = rep.shift_on(date) else {
            let message = format!(
                "rep {rep_id} is sent out on {} {date}, a day off in their shift ({})",
                date.weekday(),
                rep.shift
            );
            self.push(ViolationKind::OffShift, Some(rep_id), None, message);
            return;
        };
        if route.depart_s < shift.open_s {
            self.push(
                ViolationKind::DepartBeforeShift,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} departs at {} but the shift starts at {}",
                    Hms(route.depart_s),
                    Hms(shift.open_s)
                ),
            );
        }
    }
}
