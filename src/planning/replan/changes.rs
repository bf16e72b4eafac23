//! What changed between the plan and the re-plan, in words: added,
//! cancelled, reassigned, to tomorrow, moved.

use std::collections::{HashMap, HashSet};

use super::whereabouts::Going;
use super::{ReplanRequest, MOVED_MIN_S};
use crate::model::plan::{Change, ChangeKind, Plan, Stop};
use crate::model::reason::{ChangeReason, Reason, Slot};
use crate::model::{Priority, Region, Seconds};

/// Where and when each account is visited in a plan.
pub(super) fn visit_times(plan: &Plan) -> HashMap<&str, (&str, Seconds)> {
    let mut times = HashMap::new();
    for route in &plan.routes {
        for stop in &route.stops {
            if let Stop::Visit { account, start_s, .. } = stop {
                times.insert(account.as_str(), (route.rep.as_str(), *start_s));
            }
        }
    }
    times
}

/// What happened to every visit still ahead at the continuation point, and to every urgent one.
pub(super) fn changes(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    new_plan: &Plan,
    goings: &[Going],
    cancelled: &HashSet<String>,
    reasons: &HashMap<String, Reason>,
) -> Vec<Change> {
    let before = visit_times(plan);
    let after = visit_times(new_plan);
    let why = |account: &str| reasons.get(account).cloned().unwrap_or_else(|| Reason::Text(String::new()));
    let slot = |(rep, start_s): (&str, Seconds)| Slot { rep: rep.to_string(), start_s };
    let mut changes = Vec::new();
    let mut change = |account: &str, kind: ChangeKind, reason: ChangeReason| {
        changes.push(Change { account: account.to_string(), kind, reason });
    };
    for going in goings {
        for account in going.remaining(plan) {
            let (old_rep, old_s) = before[account];
            let was = slot((old_rep, old_s));
            if cancelled.contains(account) {
                change(account, ChangeKind::Cancelled, ChangeReason::Cancelled { at_s: request.now_s, was });
                continue;
            }
            match after.get(account) {
                Some(&(rep, start_s)) if rep != old_rep => change(
                    account,
                    ChangeKind::Reassigned,
                    ChangeReason::Moved { now: slot((rep, start_s)), was },
                ),
                Some(&(rep, start_s)) if (start_s - old_s).abs() >= MOVED_MIN_S => {
                    change(account, ChangeKind::Moved, ChangeReason::Moved { now: slot((rep, start_s)), was })
                }
                Some(_) => {}
                None => {
                    change(account, ChangeKind::ToTomorrow, ChangeReason::Later { why: why(account), was })
                }
            }
        }
    }
    let urgent = request.urgent.iter().map(|a| (a.id.as_str(), a.priority));
    let called = request.urgent_accounts.iter().map(|id| {
        let priority = region.account_index(id).map_or(Priority::Normal, |a| region.accounts[a].priority);
        (id.as_str(), priority)
    });
    for (account, priority) in urgent.chain(called) {
        match after.get(account) {
            Some(&(rep, start_s)) => change(
                account,
                ChangeKind::Added,
                ChangeReason::Urgent { priority: priority.as_str().to_string(), now: slot((rep, start_s)) },
            ),
            None => change(account, ChangeKind::ToTomorrow, ChangeReason::UrgentLater { why: why(account) }),
        }
    }
    changes.sort_by_key(|c| c.kind);
    changes
}
