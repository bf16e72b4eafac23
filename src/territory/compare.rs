//! Planning a split over a horizon.
//!
//! Under a split every account has exactly one rep who may visit it, so the
//! reps share nothing: [`plan_split`] plans each rep's territory on its own,
//! all reps in parallel (rayon), and merges their plans day by day. The days
//! of one rep depend on each other (a visit moves the account's next due
//! date), so they run in order. Each rep's search seed is derived from the
//! seed and the rep's position, so the result does not depend on threads.
//! Every rep's days come from the week planner ([`crate::planning::week::plan_week`]);
//! [`crate::planning::week::check_week`] replays the merged days.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::Split;
use crate::model::plan::Plan;
use crate::model::Region;
use crate::planning::week::{plan_week, WeekOptions, WeekPlan};
use crate::solver::rng::Rng;
use crate::travel::{NamedTravelError, TravelTimes};

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
                holidays: region.holidays.clone(),
                absences: region.absences.clone(),
                closures: region.closures.clone(),
                appointments: region.appointments.clone(),
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
        // By date: a rep's week may hold a day off planned for an appointment.
        for plan in week.days {
            match days.iter_mut().find(|day| day.date == plan.date) {
                Some(day) => {
                    day.routes.extend(plan.routes);
                    day.unassigned.extend(plan.unassigned);
                }
                None => days.push(plan),
            }
        }
        late.extend(week.late);
    }
    days.sort_by_key(|day| day.date);
    late.sort_by(|a, b| (a.due, &a.account).cmp(&(b.due, &b.account)));
    WeekPlan { from, days, late }
}
