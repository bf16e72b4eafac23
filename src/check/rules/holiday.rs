//! Nothing is visited on one of the region's holidays: nobody is sent out,
//! except to keep an appointment agreed for that day.

use crate::check::{Checker, ViolationKind};
use crate::model::plan::Stop;

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_holiday(&mut self) {
        let Some(reason) = self.region.holidays.reason(self.plan.date) else { return };
        let plan = self.plan;
        for route in &plan.routes {
            for stop in &route.stops {
                if let Stop::Visit { account, .. } = stop {
                    if self.appointment(account).is_some() {
                        continue;
                    }
                    let message = format!("rep {} visits {account} but {reason}", route.rep);
                    self.push(ViolationKind::VisitOnHoliday, Some(&route.rep), Some(account), message);
                }
            }
        }
    }
}
