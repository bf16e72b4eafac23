//! Published plans that no longer hold. An edit on the manager's pages (an
//! absence, an appointment, an account's hours) or a new import changes the
//! region, not the plans already published: a rep marked absent tomorrow
//! would still find tomorrow's route on their phone. A day published again
//! or re-planned inside a week changes what the week's later days were
//! planned on: a visit a re-plan sends to tomorrow is on no route tomorrow.
//! So each plan in force from a day on that was made from an earlier import,
//! or whose earlier days a later plan replaced, is checked again by the
//! independent validator, against the region as it is now with the visits
//! the plan was made with and the days as the plans in force now have them,
//! and the days it no longer holds are listed for the manager to publish
//! again (the server's pages, `rounds db import`, each publishing command).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Store, StoreError, StoredVisit};
use crate::check::Violation;
use crate::model::plan::Plan;
use crate::model::visit_log::VisitStatus;
use crate::planning::week::{replay_days, ReplayDay};
use crate::report::lang::{Lang, Msg};
use crate::travel::StraightLine;

/// A day whose plan in force breaks a rule of the region as it is now.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct StaleDay {
    /// The day, `YYYY-MM-DD`.
    #[serde(serialize_with = "ymd")]
    #[schema(value_type = String)]
    pub date: NaiveDate,
    /// The plan in force on it.
    pub plan_id: i64,
    /// What the validator found, in its words.
    pub problems: Vec<String>,
    /// The same, as the validator's violations, for a line in the reader's
    /// language ([`Lang::violation`]); empty when the check itself failed.
    #[serde(skip)]
    pub violations: Vec<Violation>,
    /// Whether the day is under way ([`Store::under_way`]): then it is
    /// re-planned, since publishing it again would be refused.
    pub under_way: bool,
}

impl StaleDay {
    /// The day in a line: its date, its plan, the first problem and how many more.
    pub fn line(&self, lang: Lang) -> String {
        let first = match self.violations.first() {
            Some(violation) => lang.violation(violation),
            None => self.problems.first().cloned().unwrap_or_default(),
        };
        let more = match self.problems.len() {
            0 | 1 => String::new(),
            n => lang.fill(Msg::StaleMore, &[&(n - 1)]),
        };
        lang.fill(Msg::StaleDay, &[&lang.date(self.date), &self.plan_id, &first, &more])
    }
}

impl Store {
    /// The days from `from` on whose plan in force no longer holds, by date.
    /// Plans priced on roads or a given matrix are not checked here: the
    /// database keeps their files' hashes, not the files (`rounds check --db
    /// --plan-id` with them checks those).
    pub fn stale_days(&mut self, from: NaiveDate) -> Result<Vec<StaleDay>, StoreError> {
        let in_force = self.plans_in_force_from(from)?;
        let mut plans: Vec<i64> = in_force.iter().map(|&(_, id)| id).collect();
        plans.sort_unstable();
        plans.dedup();
        let mut stale = Vec::new();
        for id in plans {
            // Shared, not cloned: the region it was made from is cloned only when needed.
            let stored = self.stored_plan_shared(id)?;
            let Some(travel) = StraightLine::from_description(&stored.travel) else { continue };
            let Some(first) = stored.days.first() else { continue };
            let driven = self.driven(&stored.days, id)?;
            let days = driven.replay(&stored.days, |date| in_force.contains(&(date, id)));
            let mut region = match self.region_since(&stored.inputs)? {
                Some(region) => region,
                None if went_otherwise(&stored.days, &days) => stored.region.clone(),
                // Nothing changed under the plan, nor on the days before its days in force.
                None => continue,
            };
            region.appointments.apply_past(&mut region.accounts, first.date);
            let checked = replay_days(&region, &days, &travel);
            for (k, day) in days.iter().enumerate() {
                let Some(plan) = day.checked else { continue };
                // A visit already recorded is past changing: a rule it breaks now (an absence
                // entered for the whole of a day under way) is not the plan's to mend.
                let recorded: HashSet<&str> =
                    driven.recorded[k].iter().map(|visit| visit.record.account.as_str()).collect();
                // Under way ([`Store::under_way`]): a visit on a route of the day, which is in
                // force, is recorded.
                let under_way = plan.visited_accounts().any(|account| recorded.contains(account));
                let (problems, violations) = match &checked {
                    Ok(reports) => {
                        let Some(report) = &reports[k] else { continue };
                        let open: Vec<Violation> = report
                            .violations
                            .iter()
                            .filter(|v| {
                                v.account.as_deref().is_none_or(|account| !recorded.contains(account))
                            })
                            .cloned()
                            .collect();
                        if open.is_empty() {
                            continue;
                        }
                        (open.iter().map(ToString::to_string).collect(), open)
                    }
                    // The region no longer has what the plan names (an account or a rep gone).
                    Err(err) => (vec![err.to_string()], Vec::new()),
                };
                stale.push(StaleDay { date: plan.date, plan_id: id, problems, violations, under_way });
            }
        }
        stale.sort_by_key(|day| day.date);
        Ok(stale)
    }

    /// How plan `id`'s days went, or are to go: each day a later plan
    /// replaced (a day published again, a re-plan) as that plan has it, and
    /// the visits recorded for each day.
    fn driven(&self, days: &[Plan], id: i64) -> Result<Driven, StoreError> {
        let mut driven = Driven { replaced: Vec::with_capacity(days.len()), recorded: Vec::new() };
        for day in days {
            let replaced = match self.plan_id_for(day.date)? {
                Some(now) if now != id => self.day_plan_for(day.date)?.map(|(_, plan)| plan),
                _ => None,
            };
            driven.replaced.push(replaced);
            driven.recorded.push(self.visits_on(day.date)?);
        }
        Ok(driven)
    }
}

/// A plan's days as the team drives them ([`Store::stale_days`]). A day is
/// judged by the visits made or still planned before it, not by those its
/// own plan once planned: a visit a re-plan sends to tomorrow, or one
/// recorded as skipped, must be on a later route.
struct Driven {
    /// Per day, the plan in force on it when another than the one judged.
    replaced: Vec<Option<Plan>>,
    /// Per day, the visits recorded for it.
    recorded: Vec<Vec<StoredVisit>>,
}

impl Driven {
    /// The days to replay: each day's visits (its plan in force, less the
    /// visits recorded as skipped, plus those recorded as made), and its own
    /// plan checked where `judged` says so.
    fn replay<'a>(&'a self, days: &'a [Plan], judged: impl Fn(NaiveDate) -> bool) -> Vec<ReplayDay<'a>> {
        let per_day = days.iter().zip(&self.replaced).zip(&self.recorded);
        per_day
            .map(|((own, replaced), recorded)| {
                let mut visited: HashSet<&str> =
                    replaced.as_ref().unwrap_or(own).visited_accounts().collect();
                for visit in recorded {
                    let account = visit.record.account.as_str();
                    match visit.record.status {
                        VisitStatus::Visited => visited.insert(account),
                        VisitStatus::Skipped => visited.remove(account),
                    };
                }
                ReplayDay { date: own.date, checked: judged(own.date).then_some(own), visited }
            })
            .collect()
    }
}

/// Whether a day before the last one judged went otherwise than its own plan
/// had it: only then can a plan made from the latest import break.
fn went_otherwise(days: &[Plan], replay: &[ReplayDay]) -> bool {
    let Some(last) = replay.iter().rposition(|day| day.checked.is_some()) else { return false };
    days.iter().zip(replay).take(last).any(|(own, day)| day.visited != own.visited_accounts().collect())
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, to: S) -> Result<S::Ok, S::Error> {
    to.collect_str(&date.format("%Y-%m-%d"))
}
