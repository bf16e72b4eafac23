//! An arrival is no earlier than the previous activity's end plus the drive from where the rep was.

use crate::check::replay::{Location, Previous};
use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::{Hms, Seconds};

impl<'a> Checker<'a> {
    /// The arrival must follow the previous activity plus the drive from the
    /// previous location.
    pub(in crate::check) fn check_arrival(
        &mut self,
        rep_id: &str,
        account_id: &str,
        arrival_s: Seconds,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
        from: &Location,
        drive_s: Option<Seconds>,
    ) {
        if arrival_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} arrives at {account_id} at {} but {}",
                    Hms(arrival_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
            return;
        }
        let Some(drive_s) = drive_s else { return };
        let earliest_s = previous_end_s.saturating_add(drive_s);
        if arrival_s < earliest_s {
            self.push(
                ViolationKind::ArrivalTooEarly,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} arrives at {account_id} at {} but cannot be there before {} ({}, then {} of driving from {})",
                    Hms(arrival_s),
                    Hms(earliest_s),
                    previous.ends_at(rep_id, previous_end_s),
                    Span(drive_s),
                    from.name
                ),
            );
        }
    }
}
