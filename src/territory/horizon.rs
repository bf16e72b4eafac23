//! Planning several working days in a row: a minimal stand-in for the
//! multi-day planner (`crate::week::plan_week`), with the same types and signature.
//!
//! It plans each working day (Monday to Friday) as `rounds plan` would, with
//! no look-ahead beyond `early_days`, and moves the last visit of every
//! account visited that day forward before planning the next. A due account
//! left out stays due, and becomes a [`LateVisit`]: `planned` is the day it
//! was finally visited, or `None` when the horizon ended first.
//!
//! The territory module reads only the [`WeekPlan`] this returns, so the real
//! planner replaces this file: `super::plan_horizon` becomes
//! `crate::week::plan_week`, and the three types are re-exported from there.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::day::{DayOptions, DayProblem};
use crate::model::Region;
use crate::plan::Plan;
use crate::rng::Rng;
use crate::solver::{solve, SearchConfig};
use crate::travel::{NamedTravelError, TravelTimes};

/// What to plan: which working days, and how hard to search each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekOptions {
    /// The first day of the horizon (a weekend date starts on the Monday after).
    pub from: NaiveDate,
    /// Working days (Monday to Friday) to plan.
    pub days: u32,
    /// Accounts falling due within this many days may be visited early.
    pub early_days: u32,
    /// Seed of every day's search.
    pub seed: u64,
    /// Ruin-and-recreate iterations per day; `None` takes the day planner's default.
    pub iterations_per_day: Option<u64>,
}

/// A due visit that did not happen on the day it was due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateVisit {
    /// Account id.
    pub account: String,
    /// The first planned day on which it was due and left out.
    pub due: NaiveDate,
    /// The day it was visited after all; `None`: not within the horizon (missed).
    pub planned: Option<NaiveDate>,
    /// Why the day plan left it out (the last time it did).
    pub reason: String,
}

/// Plans for consecutive working days.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekPlan {
    /// The first day asked for.
    pub from: NaiveDate,
    /// One plan per working day, in date order.
    pub days: Vec<Plan>,
    /// Visits later than due, or missed, ordered by due date and account.
    pub late: Vec<LateVisit>,
}

/// The first `count` working days (Monday to Friday) from `from` on.
fn working_days(from: NaiveDate, count: u32) -> Vec<NaiveDate> {
    from.iter_days()
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .take(count as usize)
        .collect()
}

/// Plans `options.days` working days of `region` one after the other;
/// `progress` is called once per planned day.
pub(super) fn plan_horizon(
    region: &Region,
    options: &WeekOptions,
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekPlan, NamedTravelError> {
    let mut region = region.clone();
    let account_index: HashMap<String, usize> =
        region.accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
    let mut seeds = Rng::new(options.seed);
    let mut open: BTreeMap<String, LateVisit> = BTreeMap::new();
    let mut late = Vec::new();
    let mut days = Vec::new();
    for date in working_days(options.from, options.days) {
        let day =
            DayProblem::build(&region, &DayOptions { date, lookahead_days: options.early_days }, travel)?;
        let config = SearchConfig {
            seed: seeds.next_u64(),
            iterations: Some(options.iterations_per_day.unwrap_or_else(|| day.default_iterations())),
            ..SearchConfig::default()
        };
        let plan = day.to_plan(&region, &solve(&day.problem, &config).solution);
        for id in plan.visited_accounts() {
            region.accounts[account_index[id]].last_visit = Some(date);
            if let Some(visit) = open.remove(id) {
                late.push(LateVisit { planned: Some(date), ..visit });
            }
        }
        for left in &plan.unassigned {
            open.entry(left.account.clone())
                .or_insert_with(|| LateVisit {
                    account: left.account.clone(),
                    due: date,
                    planned: None,
                    reason: String::new(),
                })
                .reason
                .clone_from(&left.reason);
        }
        days.push(plan);
        progress();
    }
    late.extend(open.into_values());
    late.sort_by(|a, b| (a.due, &a.account).cmp(&(b.due, &b.account)));
    Ok(WeekPlan { from: options.from, days, late })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends() {
        let saturday: NaiveDate = "2026-11-28".parse().unwrap();
        let days = working_days(saturday, 6);
        assert_eq!(days.first().unwrap().to_string(), "2026-11-30");
        assert_eq!(days.last().unwrap().to_string(), "2026-12-07");
        assert!(days.iter().all(|d| d.weekday().number_from_monday() <= 5));
    }
}
