//! Re-planning the rest of a rep's day from their phone: "running N minutes
//! late", "customer called: urgent visit", "I have to stop for today".
//!
//! [`replan_day`] does what `rounds replan --db --now ...` does, for one rep
//! and without the command line: it takes the plan in force on the day
//! ([`Store::plan_id_for`]) with the region it was made from, puts the rep
//! where the visit log says (after the last stop recorded done or skipped,
//! when the plan had it started by `now`) or else where the plan has them
//! at `now`, re-plans with [`crate::planning::replan`], has the independent
//! validator ([`crate::check::check_plan`]) confirm the new plan, and
//! publishes it as a re-plan, so [`Store::plan_for`] serves it to every page
//! and the API. A plan the validator refuses is never stored.
//!
//! Two re-plans at once (two reps, or a rep and the office) must not lose
//! one another: the new plan is published only while the plan it was made
//! from is still in force, checked inside the write transaction
//! ([`Store::publish_over`]); otherwise the day is re-planned again from the
//! newer plan, at most [`ATTEMPTS`] times.
//!
//! A rep's own presses change only their own day (no `--team`): what no
//! longer fits goes to tomorrow with its reason. A manager may also hand the
//! rest of a rep's day to the team (`--team --end-day`: a rep taken ill),
//! which changes the other reps' days too, each from where the plan has them.
//! Every rep re-planned is past the last stop of theirs recorded today, even
//! one the plan has later (a rep ahead of the plan): no visit recorded is
//! planned again, moved or handed over.
//! Visits recorded stay recorded (the log is not touched), and stops already
//! behind the rep keep their times.

use chrono::NaiveDate;
use serde::Serialize;

use super::ServerError;
use crate::check::check_plan;
use crate::model::plan::{Change, Plan, Stop};
use crate::model::{Region, Seconds};
use crate::planning::replan::{replan, ReplanError, ReplanRequest, Whereabouts};
use crate::report::lang::{Lang, Msg};
use crate::solver::SearchConfig;
use crate::store::{PlanKind, Role, Store, StoredVisit};
use crate::travel::StraightLine;

/// The longest delay a rep can report, in minutes (ten hours: a whole shift).
pub const MAX_LATE_MIN: u32 = 600;

/// How many times a re-plan is made when other plans keep being published meanwhile.
pub const ATTEMPTS: usize = 3;

/// How many days ahead (after today) the rep's accounts are looked for in
/// the published plans, for the urgent-visit list.
pub const OWN_ACCOUNT_DAYS: u64 = 7;

/// What the rep asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplanAction {
    /// The rep is held up this many minutes.
    Late {
        /// 1 to [`MAX_LATE_MIN`].
        minutes: u32,
    },
    /// A customer of theirs called: visit this account today.
    Urgent {
        /// The account's id.
        account: String,
    },
    /// The rep goes home now; what is left goes to tomorrow.
    Stop,
    /// The rep's day ends now and the other reps take over what they can of
    /// the rest; what none can take goes to tomorrow. A manager's decision:
    /// it changes other reps' days.
    HandOver,
}

impl ReplanAction {
    /// Parses the fields of a form or a JSON body: `kind` is `late`,
    /// `urgent`, `stop` or `hand_over`; `late` needs `minutes` (a whole number, 1 to
    /// [`MAX_LATE_MIN`]), `urgent` an `account`. The error names the field.
    /// The late minutes' and the urgent account's problems are said in
    /// `lang`, for the rep's page.
    pub fn parse(
        kind: &str,
        minutes: Option<&str>,
        account: Option<&str>,
        lang: Lang,
    ) -> Result<ReplanAction, ServerError> {
        match kind.trim() {
            "late" => {
                let text = minutes.map(str::trim).unwrap_or_default();
                let minutes =
                    text.parse::<u32>().ok().filter(|m| (1..=MAX_LATE_MIN).contains(m)).ok_or_else(|| {
                        ServerError::bad("minutes", lang.fill(Msg::LateMinutes, &[&text, &MAX_LATE_MIN]))
                    })?;
                Ok(ReplanAction::Late { minutes })
            }
            "urgent" => {
                let account = account.map(str::trim).unwrap_or_default();
                if account.is_empty() {
                    return Err(ServerError::bad("account", lang.text(Msg::ChooseUrgent)));
                }
                Ok(ReplanAction::Urgent { account: account.to_string() })
            }
            "stop" => Ok(ReplanAction::Stop),
            "hand_over" => Ok(ReplanAction::HandOver),
            other => Err(ServerError::bad(
                "kind",
                format!("`{other}` is not a re-plan (late, urgent, stop or hand_over)"),
            )),
        }
    }
}

/// A re-plan published.
#[derive(Clone, Debug)]
pub struct Replanned {
    /// The new plan's id.
    pub plan_id: i64,
    /// What changed, as the plan keeps it.
    pub changes: Vec<Change>,
}

/// An account the rep may call in as urgent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrgentChoice {
    /// The account's id.
    pub account: String,
    /// Its name.
    pub name: String,
}

/// The rep's own accounts that can be visited as urgent today: those of
/// their territory and those on their routes in the plans published for the
/// next [`OWN_ACCOUNT_DAYS`] days, that no route of today's plan visits
/// already and that are open today; by id.
pub fn urgent_choices(store: &Store, date: NaiveDate, rep: &str) -> Result<Vec<UrgentChoice>, ServerError> {
    let Some((_, plan, region)) = store.plan_for(date)? else { return Ok(Vec::new()) };
    let mut own: Vec<String> = region
        .accounts
        .iter()
        .filter(|a| a.territory.as_deref() == Some(rep))
        .map(|a| a.id.clone())
        .collect();
    for ahead in 1..=OWN_ACCOUNT_DAYS {
        let Some((_, later)) = store.day_plan_for(date + chrono::Days::new(ahead))? else { continue };
        own.extend(later.routes.iter().filter(|r| r.rep == rep).flat_map(visit_accounts).map(str::to_string));
    }
    let planned: std::collections::HashSet<&str> = plan.visited_accounts().collect();
    let mut choices: Vec<UrgentChoice> = own
        .iter()
        .filter(|id| !planned.contains(id.as_str()))
        .filter_map(|id| region.account_index(id))
        .filter(|&a| region.visit_windows(a, date).is_some())
        .map(|a| UrgentChoice {
            account: region.accounts[a].id.clone(),
            name: region.accounts[a].name.clone(),
        })
        .collect();
    choices.sort_by(|a, b| a.account.cmp(&b.account));
    choices.dedup();
    Ok(choices)
}

/// Re-plans rep `rep`'s day `date` at `now_s` as `action` asks, checks the
/// new plan and publishes it (see the module doc). Only a manager may hand a
/// day to the team (`by`; 403 for a rep). Why the day cannot be re-planned
/// as it stands (no plan, outside the working hours, the day over) is said
/// in `lang`, to the rep.
pub fn replan_day(
    store: &mut Store,
    date: NaiveDate,
    rep: &str,
    (action, by): (&ReplanAction, &Role),
    now_s: Seconds,
    lang: Lang,
) -> Result<Replanned, ServerError> {
    if *action == ReplanAction::HandOver && *by != Role::Manager {
        return Err(ServerError::Forbidden);
    }
    if let ReplanAction::Urgent { account } = action {
        if !urgent_choices(store, date, rep)?.iter().any(|c| &c.account == account) {
            return Err(ServerError::bad("account", lang.fill(Msg::UrgentNotYours, &[account])));
        }
    }
    for _ in 0..ATTEMPTS {
        let Some(in_force) = store.plan_id_for(date)? else {
            return Err(ServerError::Conflict(lang.fill(Msg::NoPlanPublished, &[&lang.date(date)])));
        };
        let stored = store.stored_plan(in_force)?;
        let Some(plan) = stored.days.iter().find(|p| p.date == date) else {
            return Err(ServerError::Conflict(format!("plan {in_force} has no day {date}")));
        };
        let travel = StraightLine::from_description(&stored.travel).ok_or_else(|| {
            ServerError::Conflict(format!(
                "plan {in_force} was priced with {}; re-plan it with `rounds replan --db` and that travel model",
                stored.travel
            ))
        })?;
        let visits = store.visits_on(date)?;
        let request = request_for(plan, rep, action, now_s, &visits);
        let new_plan = checked_replan(&stored.region, plan, &request, &travel, lang)?;
        let published = store.publish_over(
            in_force,
            PlanKind::Replan,
            &stored.inputs,
            std::slice::from_ref(&new_plan),
            &stored.travel,
        )?;
        if let Some(plan_id) = published {
            return Ok(Replanned { plan_id, changes: new_plan.changes });
        }
    }
    Err(ServerError::Conflict(lang.fill(Msg::ReplanTryAgain, &[&lang.date(date), &ATTEMPTS])))
}

/// What the replan machinery is asked: the rep, where they are, what changes.
fn request_for(
    plan: &Plan,
    rep: &str,
    action: &ReplanAction,
    now_s: Seconds,
    visits: &[StoredVisit],
) -> ReplanRequest {
    ReplanRequest {
        rep: rep.to_string(),
        now_s,
        whereabouts: whereabouts(plan, rep, now_s, visits),
        delay_s: match action {
            ReplanAction::Late { minutes } => Seconds::from(*minutes) * 60,
            _ => 0,
        },
        urgent: Vec::new(),
        urgent_accounts: match action {
            ReplanAction::Urgent { account } => vec![account.clone()],
            _ => Vec::new(),
        },
        cancel: Vec::new(),
        team: *action == ReplanAction::HandOver,
        end_day: matches!(action, ReplanAction::Stop | ReplanAction::HandOver),
        recorded: visits.iter().map(|v| v.record.account.clone()).collect(),
    }
}

/// Where the rep is: at the last stop of their route recorded done or
/// skipped, when the plan had that visit started by `now`; else where the
/// plan has them at `now`.
pub fn whereabouts(plan: &Plan, rep: &str, now_s: Seconds, visits: &[StoredVisit]) -> Whereabouts {
    let recorded = |account: &str| visits.iter().any(|v| v.record.account == account && v.record.rep == rep);
    let last =
        plan.routes.iter().filter(|r| r.rep == rep).flat_map(|r| &r.stops).rev().find_map(
            |stop| match stop {
                Stop::Visit { account, start_s, .. } if recorded(account) => Some((account, *start_s)),
                _ => None,
            },
        );
    match last {
        Some((account, start_s)) if start_s <= now_s => Whereabouts::AtStop(account.clone()),
        _ => Whereabouts::AsPlanned,
    }
}

/// The re-plan, confirmed by the independent validator.
fn checked_replan(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    travel: &StraightLine,
    lang: Lang,
) -> Result<Plan, ServerError> {
    let replanned = replan(region, plan, request, travel, &SearchConfig::on_every_core())
        .map_err(|err| refused(err, lang))?;
    let report = check_plan(region, &replanned.plan, travel)
        .map_err(|err| ServerError::Internal(format!("the new plan cannot be checked: {err}")))?;
    if !report.is_valid() {
        let found: Vec<String> = report.violations.iter().map(ToString::to_string).collect();
        return Err(ServerError::Refused(found.join("; ")));
    }
    Ok(replanned.plan)
}

/// A re-plan the machinery cannot make: a wrong account is the account
/// field's fault; the rest (a day off, `now` outside the shift, the day
/// over) is the day's state, 409, said to the rep in `lang` (the
/// machinery's own words name the command line's options).
fn refused(err: ReplanError, lang: Lang) -> ServerError {
    match err {
        ReplanError::DayOff { .. } | ReplanError::Absent { .. } => {
            ServerError::Conflict(lang.text(Msg::ReplanNoWork).to_string())
        }
        ReplanError::NowOutsideShift { shift, .. } => ServerError::Conflict(
            lang.fill(Msg::ReplanOutsideShift, &[&lang.clock(shift.open_s), &lang.clock(shift.close_s)]),
        ),
        ReplanError::DayOver { back_s, .. } => {
            ServerError::Conflict(lang.fill(Msg::ReplanDayOver, &[&lang.clock(back_s)]))
        }
        ReplanError::UrgentUnknown { .. }
        | ReplanError::UrgentInPlan { .. }
        | ReplanError::UrgentClosed { .. } => ServerError::bad("account", err.to_string()),
        ReplanError::DelayPastMidnight { .. } => ServerError::bad("minutes", err.to_string()),
        ReplanError::Travel(err) => ServerError::Internal(err.to_string()),
        other => ServerError::Conflict(other.to_string()),
    }
}

/// What the latest re-plan of `date` that concerns rep `rep` changed for
/// them (empty when none did): the rep's page shows it all day, even after
/// another rep's re-plan.
pub fn changes_for(store: &Store, date: NaiveDate, rep: &str) -> Result<Vec<Change>, ServerError> {
    for (_, plan) in store.replans_on(date)? {
        let theirs: Vec<Change> =
            plan.changes.into_iter().filter(|c| c.reason.reps().contains(&rep)).collect();
        if !theirs.is_empty() {
            return Ok(theirs);
        }
    }
    Ok(Vec::new())
}

/// A change as the pages and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChangeView {
    /// The account.
    pub account: String,
    /// `added`, `cancelled`, `reassigned`, `to_tomorrow` or `moved`.
    pub kind: &'static str,
    /// The kind in words, in the reader's language.
    #[serde(skip)]
    pub kind_text: &'static str,
    /// Who, when and why, in the reader's language.
    pub text: String,
}

impl ChangeView {
    /// `change` in `lang`.
    pub fn of(change: &Change, lang: Lang) -> ChangeView {
        ChangeView {
            account: change.account.clone(),
            kind: change.kind.as_str(),
            kind_text: lang.change_kind(change.kind),
            text: lang.change(&change.reason),
        }
    }
}

/// The accounts a route visits.
fn visit_accounts(route: &crate::model::plan::RoutePlan) -> impl Iterator<Item = &str> {
    route.stops.iter().filter_map(|stop| match stop {
        Stop::Visit { account, .. } => Some(account.as_str()),
        Stop::Break { .. } => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<ReplanAction, ServerError>) -> String {
        match result {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_replan_request_names_the_field_at_fault() {
        assert_eq!(field(ReplanAction::parse("late", Some("0"), None, Lang::En)), "minutes");
        assert_eq!(field(ReplanAction::parse("late", Some("601"), None, Lang::En)), "minutes");
        assert_eq!(field(ReplanAction::parse("late", Some("ten"), None, Lang::En)), "minutes");
        assert_eq!(field(ReplanAction::parse("late", None, None, Lang::En)), "minutes");
        assert_eq!(field(ReplanAction::parse("urgent", None, Some(" "), Lang::En)), "account");
        assert_eq!(field(ReplanAction::parse("lunch", None, None, Lang::En)), "kind");
        assert_eq!(
            ReplanAction::parse("late", Some(" 30 "), None, Lang::En).unwrap(),
            ReplanAction::Late { minutes: 30 }
        );
        assert_eq!(
            ReplanAction::parse("late", Some("600"), None, Lang::En).unwrap(),
            ReplanAction::Late { minutes: 600 }
        );
        assert_eq!(
            ReplanAction::parse("urgent", None, Some("A17"), Lang::En).unwrap(),
            ReplanAction::Urgent { account: "A17".into() }
        );
        assert_eq!(ReplanAction::parse("stop", None, None, Lang::En).unwrap(), ReplanAction::Stop);
    }

    #[test]
    fn the_rep_is_at_the_last_stop_recorded_once_the_plan_has_it_started() {
        use crate::model::plan::RoutePlan;
        use crate::model::visit_log::{VisitRecord, VisitStatus};
        let visit = |account: &str, start_s: Seconds| Stop::Visit {
            account: account.into(),
            arrival_s: start_s,
            start_s,
            end_s: start_s + 1800,
        };
        let plan = Plan {
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            routes: vec![RoutePlan {
                rep: "R1".into(),
                depart_s: 8 * 3600,
                return_s: 17 * 3600,
                drive_s: 0,
                distance_m: 0,
                stops: vec![visit("A1", 9 * 3600), visit("A2", 10 * 3600), visit("A3", 11 * 3600)],
                resumes: vec![],
                overtime_s: 0,
            }],
            unassigned: vec![],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        };
        let recorded = |accounts: &[(&str, &str)]| -> Vec<StoredVisit> {
            accounts
                .iter()
                .map(|(account, rep)| StoredVisit {
                    record: VisitRecord {
                        account: account.to_string(),
                        date: plan.date,
                        rep: rep.to_string(),
                        status: VisitStatus::Visited,
                    },
                    note: String::new(),
                    source: "test".into(),
                })
                .collect()
        };
        let at = |now_s: Seconds, visits: &[(&str, &str)]| whereabouts(&plan, "R1", now_s, &recorded(visits));
        assert_eq!(at(10 * 3600 + 600, &[]), Whereabouts::AsPlanned);
        assert_eq!(at(10 * 3600 + 600, &[("A1", "R1")]), Whereabouts::AtStop("A1".into()));
        assert_eq!(at(10 * 3600 + 600, &[("A1", "R1"), ("A2", "R1")]), Whereabouts::AtStop("A2".into()));
        // A visit the plan has only later (recorded early) does not place the rep; nor does another rep's.
        assert_eq!(at(10 * 3600 + 600, &[("A3", "R1")]), Whereabouts::AsPlanned);
        assert_eq!(at(10 * 3600 + 600, &[("A1", "R2")]), Whereabouts::AsPlanned);
    }
}
