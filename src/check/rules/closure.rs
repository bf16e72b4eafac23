//! No visit on a day an account is closed by a dated closure (`closures.csv`),
//! or on a public holiday when its hours close on them (`土日祝`), except the
//! account's appointment that day: an agreed visit stands against the
//! account's closures as against its hours, and the day planner keeps it.

use crate::check::{Checker, ViolationKind};
use crate::model::plan::Stop;

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_closure(&mut self) {
        let plan = self.plan;
        for route in &plan.routes {
            for stop in &route.stops {
                let Stop::Visit { account, .. } = stop else { continue };
                let Some(known) = self.ids.account(account).map(|a| &self.region.accounts[a]) else {
                    continue;
                };
                if self.appointment(account).is_some() {
                    continue;
                }
                let Some(reason) = self.region.closures.reason(known, plan.date) else { continue };
                let message = format!("rep {} visits {account} on {} but {reason}", route.rep, plan.date);
                self.push(ViolationKind::VisitOnClosure, Some(&route.rep), Some(account), message);
            }
        }
    }
}
