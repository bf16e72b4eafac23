//! A rep listed as unable to work the day is a known rep, has no route, and has a reason.

use crate::check::{Checker, ViolationKind};

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_unavailable(&mut self) {
        for entry in &self.plan.unavailable {
            let rep = entry.rep.as_str();
            let message = if self.ids.rep(rep).is_none() {
                format!("rep {rep}, listed as unable to work the day, is not a rep of the region")
            } else if self.plan.routes.iter().any(|route| route.rep == rep) {
                format!("rep {rep} is listed as unable to work the day but has a route")
            } else if entry.reason.to_string().trim().is_empty() {
                format!("rep {rep} is listed as unable to work the day without a reason")
            } else {
                continue;
            };
            self.push(ViolationKind::BadUnavailableRep, Some(rep), None, message);
        }
    }
}
