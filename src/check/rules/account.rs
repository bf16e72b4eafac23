//! Each visited account exists, is visited once in the whole plan, is open on the plan date's weekday and belongs to the route's rep when it has a territory.

use chrono::Datelike;

use crate::check::{Checker, ViolationKind};
use crate::model::Account;

impl<'a> Checker<'a> {
    /// Rules about the account itself: it exists, is visited once, is open
    /// today and belongs to this rep's territory.
    pub(in crate::check) fn check_account(
        &mut self,
        rep_id: &'a str,
        account_id: &'a str,
        account: Option<&Account>,
    ) {
        match self.visited_by.get(account_id) {
            Some(first) => {
                let first = *first;
                self.push(
                    ViolationKind::DuplicateVisit,
                    Some(rep_id),
                    Some(account_id),
                    format!("rep {rep_id} visits {account_id}, which rep {first} already visits; an account is visited at most once a day"),
                );
            }
            None => {
                self.visited_by.insert(account_id, rep_id);
            }
        }
        let Some(account) = account else {
            self.push(
                ViolationKind::UnknownAccount,
                Some(rep_id),
                Some(account_id),
                format!("rep {rep_id} visits {account_id}, which names no account in the region"),
            );
            return;
        };
        let weekday = self.plan.date.weekday();
        if !account.hours.is_open_on(weekday) && self.appointment(account_id).is_none() {
            self.push(
                ViolationKind::ClosedOnWeekday,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} visits {account_id} on {} {}, a weekday it is closed (open {})",
                    weekday, self.plan.date, account.hours
                ),
            );
        }
        if let Some(territory) = &account.territory {
            if territory != rep_id {
                self.push(
                    ViolationKind::WrongTerritory,
                    Some(rep_id),
                    Some(account_id),
                    format!("rep {rep_id} visits {account_id}, which only rep {territory} may visit"),
                );
            }
        }
    }
}
