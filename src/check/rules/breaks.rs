//! At most one break, only for a rep with a break rule, inside its window and long enough; required once the route has a visit unless the rep is home before the window closes.

use crate::check::replay::Previous;
use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::{Hms, Rep, Seconds};

impl<'a> Checker<'a> {
    /// A break comes after the previous activity, is the route's only one,
    /// and follows the rep's rule.
    pub(in crate::check) fn check_break(
        &mut self,
        rep_id: &str,
        rep: Option<&Rep>,
        ordinal: usize,
        start_s: Seconds,
        end_s: Seconds,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
    ) {
        if ordinal > 1 {
            self.push(
                ViolationKind::ExtraBreak,
                Some(rep_id),
                None,
                format!("rep {rep_id} takes a second break at {}; at most one is allowed", Hms(start_s)),
            );
        }
        if start_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} starts a break at {} but {}",
                    Hms(start_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        }
        let Some(rep) = rep else { return };
        let Some(rule) = rep.lunch else {
            self.push(
                ViolationKind::BreakWithoutRule,
                Some(rep_id),
                None,
                format!("rep {rep_id} takes a break at {} but has no break rule", Hms(start_s)),
            );
            return;
        };
        if !rule.start_window.contains(start_s) {
            self.push(
                ViolationKind::BreakOutsideWindow,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} starts a break at {} but breaks must start between {} and {}",
                    Hms(start_s),
                    Hms(rule.start_window.open_s),
                    Hms(rule.start_window.close_s)
                ),
            );
        }
        let length_s = end_s.saturating_sub(start_s);
        if length_s < rule.duration_s {
            self.push(
                ViolationKind::BreakTooShort,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id}'s break from {} to {} lasts {} but must last at least {}",
                    Hms(start_s),
                    Hms(end_s),
                    Span(length_s),
                    Span(rule.duration_s)
                ),
            );
        }
    }
}
