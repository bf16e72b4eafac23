//! Planning a split over a horizon, and checking every planned day.
//!
//! Under a split every account has exactly one rep who may visit it, so the
//! reps share nothing: [`plan_split`] plans each rep's territory on its own,
//! all reps in parallel (rayon), and merges their plans day by day. The days
//! of one rep depend on each other (a visit moves the account's next due
//! date), so they run in order. Each rep's search seed is derived from the
//! seed and the rep's position, so the result does not depend on threads.
//!
//! [`check_week`] replays every merged day with the independent validator
//! against the region as it stands that morning (the last visits of the days
//! before it applied), so a split's figures come only from plans that hold.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{Split, WeekOptions, WeekPlan};
use crate::check::{check_plan, Violation};
use crate::model::Region;
use crate::plan::Plan;
use crate::rng::Rng;
use crate::travel::{NamedTravelError, TravelTimes};
use crate::week::plan_week;

/// A rule a planned day breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayViolation {
    /// The day.
    pub date: NaiveDate,
    /// What the validator found.
    pub violation: Violation,
}

/// Plans `region` for `options.days` working days with each account
/// visited only by its rep in `split`; `progress` is called once per rep and day.
pub fn plan_split(
    region: &Region,
    split: &Split,
    options: &WeekOptions,
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekPlan, NamedTravelError> {
    let applied = split.apply(region);
    let weeks = (0..region.reps.len())
        .into_par_iter()
        .map(|rep| {
            let territory = Region {
                accounts: split.accounts_of(rep).map(|a| applied.accounts[a].clone()).collect(),
                reps: vec![applied.reps[rep].clone()],
            };
            let seed = Rng::new(options.seed).fork(rep as u64).next_u64();
            plan_week(&territory, &WeekOptions { seed, ..*options }, travel, progress)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(merge(options.from, weeks))
}

/// One plan per day holding every rep's route of that day, reps in region order.
fn merge(from: NaiveDate, weeks: Vec<WeekPlan>) -> WeekPlan {
    let mut days: Vec<Plan> = Vec::new();
    let mut late = Vec::new();
    for week in weeks {
        for (index, plan) in week.days.into_iter().enumerate() {
            match days.get_mut(index) {
                Some(day) => {
                    day.routes.extend(plan.routes);
                    day.unassigned.extend(plan.unassigned);
                }
                None => days.push(plan),
            }
        }
        late.extend(week.late);
    }
    late.sort_by(|a, b| (a.due, &a.account).cmp(&(b.due, &b.account)));
    WeekPlan { from, days, late }
}

/// Replays every day of `week` against `region` (with the split applied)
/// as it stands that morning, and returns every violation found.
pub fn check_week(
    region: &Region,
    week: &WeekPlan,
    travel: &dyn TravelTimes,
) -> Result<Vec<DayViolation>, NamedTravelError> {
    let account_index: HashMap<&str, usize> =
        region.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    // The last visit of every account on the morning of each day.
    let mut last_visits = Vec::with_capacity(week.days.len());
    let mut last_visit: Vec<Option<NaiveDate>> = region.accounts.iter().map(|a| a.last_visit).collect();
    for plan in &week.days {
        last_visits.push(last_visit.clone());
        for id in plan.visited_accounts() {
            if let Some(&account) = account_index.get(id) {
                last_visit[account] = Some(plan.date);
            }
        }
    }
    let per_day = week
        .days
        .par_iter()
        .zip(last_visits)
        .map(|(plan, last_visit)| {
            let mut morning = region.clone();
            for (account, last) in morning.accounts.iter_mut().zip(last_visit) {
                account.last_visit = last;
            }
            let report = check_plan(&morning, plan, travel)?;
            Ok(report.violations.into_iter().map(|violation| DayViolation { date: plan.date, violation }))
        })
        .collect::<Result<Vec<_>, NamedTravelError>>()?;
    Ok(per_day.into_iter().flatten().collect())
}
