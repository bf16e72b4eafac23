//! A rep's next days: today and the following working days, each as the
//! plan published for it has the rep's stops, so a rep sees the week ahead
//! on the phone.
//!
//! Each day is read as the day page reads today (`TeamDay::load`): the
//! plan in force on that date ([`Store::plan_for`]; a week plan covers
//! several dates, a re-plan its one), or none, which the page says.

use chrono::NaiveDate;
use serde::Serialize;

use super::day::{RepDay, TeamDay};
use super::ServerError;
use crate::report::lang::Lang;
use crate::store::{Store, StoreError};

/// How many days the week shows, today included.
pub const WEEK_DAYS: usize = 7;

/// How far ahead working days are looked for (two weeks covers a week of holidays).
const LOOK_AHEAD_DAYS: u64 = 14;

/// A rep's next days.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RepWeek {
    /// The rep's id.
    pub rep: String,
    /// The rep's name.
    pub name: String,
    /// Today and the following working days, each with its stops (`plan_id`
    /// `null` and no stops where no plan is published).
    pub days: Vec<RepDay>,
}

/// Rep `rep`'s days from `today`: today, then each day the region counts
/// as a working day for the rep (their shift, not a holiday) or that a
/// published plan covers, up to [`WEEK_DAYS`] in all.
pub fn rep_week(store: &mut Store, today: NaiveDate, rep: &str, lang: Lang) -> Result<RepWeek, ServerError> {
    let region = match store.snapshot() {
        Ok(snapshot) => Some(snapshot.region),
        Err(StoreError::Empty { .. }) => None,
        Err(err) => return Err(err.into()),
    };
    let works = |date: NaiveDate| {
        region.as_ref().is_some_and(|region| {
            region.rep_index(rep).is_some_and(|r| {
                region.holidays.is_working_day(date)
                    || (!region.holidays.contains(date) && region.reps[r].shift_on(date).is_some())
            })
        })
    };
    let mut days = Vec::new();
    for ahead in 0..LOOK_AHEAD_DAYS {
        let date = today + chrono::Days::new(ahead);
        if ahead > 0 && !works(date) && store.plan_id_for(date)?.is_none() {
            continue;
        }
        days.push(TeamDay::load(store, date)?.rep_day(rep, lang)?);
        if days.len() == WEEK_DAYS {
            break;
        }
    }
    let first = &days[0];
    Ok(RepWeek { rep: first.rep.clone(), name: first.name.clone(), days })
}
