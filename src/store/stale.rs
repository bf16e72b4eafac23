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

use chrono::NaiveDate;

use super::{Store, StoreError};
use crate::model::plan::{Plan, WeekPlan};
use crate::planning::week::check_week;
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
    /// Whether the day is under way ([`Store::under_way`]): then it is
    /// re-planned, since publishing it again would be refused.
    pub under_way: bool,
}

impl StaleDay {
    /// The day in a line: its date, its plan, the first problem and how many more.
    pub fn line(&self, lang: Lang) -> String {
        let first = self.problems.first().map_or("", String::as_str);
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
            let Some((days, overtaken)) = self.days_as_driven(&stored.days, id, &in_force)? else { continue };
            let mut region = match self.region_since(&stored.inputs)? {
                Some(region) => region,
                None if overtaken => stored.region.clone(),
                // Nothing changed under the plan, nor before its days in force.
                None => continue,
            };
            region.appointments.apply_past(&mut region.accounts, days.from);
            let checked = check_week(&region, &days, &travel);
            for (k, day) in days.days.iter().enumerate() {
                if !in_force.contains(&(day.date, id)) {
                    continue;
                }
                let problems = match &checked {
                    Ok(reports) if reports[k].is_valid() => continue,
                    Ok(reports) => reports[k].violations.iter().map(ToString::to_string).collect(),
                    // The region no longer has what the plan names (an account or a rep gone).
                    Err(err) => vec![err.to_string()],
                };
                stale.push(StaleDay { date: day.date, plan_id: id, problems, under_way: false });
            }
        }
        stale.sort_by_key(|day| day.date);
        for day in &mut stale {
            day.under_way = self.under_way(&[day.date])?.is_some();
        }
        Ok(stale)
    }

    /// Plan `id`'s days as the team drives them: each of its days that a
    /// later plan has replaced (a day published again, a re-plan) as that
    /// plan has it, since a day after it is judged by the visits actually
    /// planned before it (a visit a re-plan sent to tomorrow must be on
    /// tomorrow's route). With whether a day replaced comes before one of
    /// `id`'s days in force; `None` when the plan has no days.
    fn days_as_driven(
        &self,
        days: &[Plan],
        id: i64,
        in_force: &[(NaiveDate, i64)],
    ) -> Result<Option<(WeekPlan, bool)>, StoreError> {
        let Some(first) = days.first() else { return Ok(None) };
        let last_in_force = days.iter().rposition(|day| in_force.contains(&(day.date, id)));
        let mut driven = Vec::with_capacity(days.len());
        let mut overtaken = false;
        for (k, day) in days.iter().enumerate() {
            let replaced = match self.plan_id_for(day.date)? {
                Some(now) if now != id => self.day_plan_for(day.date)?.map(|(_, plan)| plan),
                _ => None,
            };
            overtaken |= replaced.is_some() && last_in_force.is_some_and(|last| k < last);
            driven.push(replaced.unwrap_or_else(|| day.clone()));
        }
        Ok(Some((WeekPlan { from: first.date, days: driven, late: Vec::new() }, overtaken)))
    }
}

fn ymd<S: serde::Serializer>(date: &NaiveDate, to: S) -> Result<S::Ok, S::Error> {
    to.collect_str(&date.format("%Y-%m-%d"))
}
