//! Every account due on the plan date is visited or listed as unassigned with a reason; every unassigned entry names a known, unvisited account.

use std::collections::HashSet;

use crate::check::{Checker, ViolationKind};
use crate::model::due_accounts;

impl<'a> Checker<'a> {
    /// Every due account is visited or explained; every unassigned entry is sound.
    pub(in crate::check) fn check_coverage(&mut self) {
        let mut listed: HashSet<&str> = HashSet::new();
        for entry in &self.plan.unassigned {
            let id = entry.account.as_str();
            listed.insert(id);
            if self.ids.account(id).is_none() {
                self.push(
                    ViolationKind::UnknownAccount,
                    None,
                    Some(id),
                    format!("unassigned entry {id} names no account in the region"),
                );
            }
            if let Some(rep) = self.visited_by.get(id).copied() {
                self.push(
                    ViolationKind::UnassignedButVisited,
                    Some(rep),
                    Some(id),
                    format!("{id} is listed as unassigned but rep {rep} visits it"),
                );
            }
            if entry.reason.to_string().trim().is_empty() {
                self.push(
                    ViolationKind::UnassignedWithoutReason,
                    None,
                    Some(id),
                    format!("unassigned account {id} has no reason given"),
                );
            }
        }
        for index in due_accounts(&self.region.accounts, self.plan.date) {
            let account = &self.region.accounts[index];
            // An appointment less than one interval ahead is the account's visit.
            if self.region.appointments.ahead(account, self.plan.date).is_some() {
                continue;
            }
            let id = account.id.as_str();
            if !self.visited_by.contains_key(id) && !listed.contains(id) {
                self.push(
                    ViolationKind::DueNotCovered,
                    None,
                    Some(id),
                    format!("due account {id} is neither visited nor listed as unassigned"),
                );
            }
        }
    }
}
