//! A route holds at most the rep's `max_visits` and at most one break.

use crate::check::windows::Span;
use crate::check::{Checker, ViolationKind};
use crate::model::plan::RoutePlan;
use crate::model::{Hms, Rep};

impl<'a> Checker<'a> {
    /// Whole-route rules: the break is present when required, and the visit cap holds.
    pub(in crate::check) fn check_route_limits(
        &mut self,
        route: &RoutePlan,
        rep: &Rep,
        visits: usize,
        breaks: usize,
    ) {
        let rep_id = route.rep.as_str();
        if let Some(rule) = rep.lunch {
            // Back by the end of the break window: the break can wait until after the shift.
            if visits > 0
                && breaks == 0
                && route.return_s > rule.start_window.close_s
                && !self.break_taken_while_absent(rep)
            {
                self.push(
                    ViolationKind::MissingBreak,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id} works until {} but takes no break (one of {} must start between {} and {})",
                        Hms(route.return_s),
                        Span(rule.duration_s),
                        Hms(rule.start_window.open_s),
                        Hms(rule.start_window.close_s)
                    ),
                );
            }
        }
        if let Some(max_visits) = rep.max_visits {
            if visits > max_visits as usize {
                self.push(
                    ViolationKind::TooManyVisits,
                    Some(rep_id),
                    None,
                    format!("rep {rep_id} makes {visits} visits but at most {max_visits} are allowed"),
                );
            }
        }
    }
}
