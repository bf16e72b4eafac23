//! What changed between the plan and the re-plan, in words: added,
//! cancelled, reassigned, to tomorrow, moved.

use std::collections::{HashMap, HashSet};

use super::whereabouts::Going;
use super::{ReplanRequest, MOVED_MIN_S};
use crate::model::plan::{Change, ChangeKind, Plan, Stop};
use crate::model::reason::Reason;
use crate::model::{Hm, Seconds};

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
    plan: &Plan,
    request: &ReplanRequest,
    new_plan: &Plan,
    goings: &[Going],
    cancelled: &HashSet<String>,
    reasons: &HashMap<String, Reason>,
) -> Vec<Change> {
    let before = visit_times(plan);
    let after = visit_times(new_plan);
    let why = |account: &str| reasons.get(account).map(Reason::to_string).unwrap_or_default();
    let mut changes = Vec::new();
    let mut change = |account: &str, kind: ChangeKind, reason: String| {
        changes.push(Change { account: account.to_string(), kind, reason });
    };
    for going in goings {
        for account in going.remaining(plan) {
            let (old_rep, old_s) = before[account];
            let was = format!("was {old_rep} at {}", Hm(old_s));
            if cancelled.contains(account) {
                change(account, ChangeKind::Cancelled, format!("cancelled at {}; {was}", Hm(request.now_s)));
                continue;
            }
            match after.get(account) {
                Some(&(rep, start_s)) if rep != old_rep => {
                    change(account, ChangeKind::Reassigned, format!("{rep} at {}; {was}", Hm(start_s)))
                }
                Some(&(rep, start_s)) if (start_s - old_s).abs() >= MOVED_MIN_S => {
                    change(account, ChangeKind::Moved, format!("{rep} at {}; {was}", Hm(start_s)))
                }
                Some(_) => {}
                None => change(account, ChangeKind::ToTomorrow, format!("{}; {was}", why(account))),
            }
        }
    }
    for account in &request.urgent {
        match after.get(account.id.as_str()) {
            Some(&(rep, start_s)) => change(
                &account.id,
                ChangeKind::Added,
                format!("urgent ({} priority): {rep} at {}", account.priority.as_str(), Hm(start_s)),
            ),
            None => change(&account.id, ChangeKind::ToTomorrow, format!("urgent, but {}", why(&account.id))),
        }
    }
    changes.sort_by_key(|c| c.kind);
    changes
}
