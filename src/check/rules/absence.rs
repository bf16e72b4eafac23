//! No rep works while absent: no visit on a day of a whole-day absence, and
//! the route (departure to return) inside what a part-day absence leaves of
//! the shift ([`crate::model::calendar::Absences::working_window`]), but for
//! the overtime of a rep held up and going straight home.

use crate::check::{Checker, ViolationKind};
use crate::model::plan::Stop;
use crate::model::{Hm, Rep};

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_absence(&mut self) {
        let plan = self.plan;
        let date = plan.date;
        for route in &plan.routes {
            let Some(r) = self.region.rep_index(&route.rep) else { continue };
            let Some(reason) = self.region.absences.reason(&route.rep, date) else { continue };
            let rep = route.rep.as_str();
            match self.region.working_window(r, date) {
                None => {
                    for stop in &route.stops {
                        if let Stop::Visit { account, .. } = stop {
                            let message = format!("rep {rep} visits {account} but {reason}");
                            self.push(ViolationKind::AbsentRep, Some(rep), Some(account), message);
                        }
                    }
                }
                // Declared overtime (a rep held up in a re-plan, going straight home) may
                // run into a later absence as into the evening; `return_home.rs` checks it.
                Some(window)
                    if route.depart_s < window.open_s
                        || route.return_s > window.close_s.saturating_add(route.overtime_s.max(0)) =>
                {
                    let message = format!(
                        "rep {rep} is out from {} to {} but works only {window} on {date}: {reason}",
                        Hm(route.depart_s),
                        Hm(route.return_s)
                    );
                    self.push(ViolationKind::AbsentRep, Some(rep), None, message);
                }
                Some(_) => {}
            }
        }
    }

    /// Whether `rep` took their break during an absence today: what the
    /// absences leave of the shift starts after the break window closes.
    pub(in crate::check) fn break_taken_while_absent(&self, rep: &Rep) -> bool {
        let Some(rule) = rep.lunch else { return false };
        let Some(r) = self.region.rep_index(&rep.id) else { return false };
        self.region
            .working_window(r, self.plan.date)
            .is_some_and(|window| window.open_s > rule.start_window.close_s)
    }
}
