//! Accounts a plan adds (urgent visits) need ids of their own.

use crate::check::{Checker, ViolationKind};

impl<'a> Checker<'a> {
    /// Every added account has an id of its own.
    pub(in crate::check) fn check_added(&mut self) {
        let added_from = self.region.accounts.len() - self.plan.added.len();
        for (index, account) in self.region.accounts.iter().enumerate().skip(added_from) {
            let id = account.id.as_str();
            let first = self.ids.account(id).filter(|&first| first != index);
            if let Some(first) = first {
                let whose =
                    if first < added_from { "the region already has" } else { "the plan already adds" };
                self.push(
                    ViolationKind::AddedAccountExists,
                    None,
                    Some(id),
                    format!(
                        "the plan adds account {id}, which {whose}; an added account needs an id of its own"
                    ),
                );
            }
        }
    }
}
