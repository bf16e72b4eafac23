//! The rep gets home no earlier than the drive allows and no later than the shift's close.

use crate::check::replay::{Location, Previous};
use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::plan::RoutePlan;
use crate::model::{Hms, Rep, Seconds};

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
        if route.return_s > rep.shift.close_s {
            self.push(
                ViolationKind::ReturnAfterShift,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} is back at {} but the shift ends at {}",
                    Hms(route.return_s),
                    Hms(rep.shift.close_s)
                ),
            );
        }
    }
}
