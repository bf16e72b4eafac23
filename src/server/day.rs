//! A rep's day as the pages and the API show it, and recording one stop.
//!
//! The day is the plan in force ([`Store::plan_for`]: the latest published
//! plan covering the date) with each visit's state from the visit log. A
//! stop is recorded through [`Store::record_visits`], as `rounds record
//! --db` records a plan's visits: only a visit of that rep's route in that
//! plan, never twice for an account and day (a repeat changes nothing and
//! says what is kept).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::ServerError;
use crate::model::plan::{Plan, Stop};
use crate::model::visit_log::{VisitRecord, VisitStatus};
use crate::model::Region;
use crate::report::lang::{Lang, Msg};
use crate::store::{Store, StoreError, StoredVisit};

/// The longest note or reason kept with a visit, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// How many days back a stop may still be recorded from the rep's page or
/// the API: a phone without signal keeps what the rep marked and sends it,
/// with the day it was made, when the signal is back; older days are the
/// office's to record (`rounds record --db`).
pub const MAX_RECORD_DAYS_BACK: i64 = 7;

/// Where a planned visit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StopState {
    /// Nothing recorded yet.
    ToDo,
    /// Recorded as visited.
    Visited,
    /// Recorded as skipped.
    Skipped,
    /// An urgent visit added for the day only (not in accounts.csv, so the log does not take it).
    Added,
}

impl StopState {
    /// The CSS class of the state.
    pub fn class(self) -> &'static str {
        match self {
            StopState::ToDo => "todo",
            StopState::Visited => "done",
            StopState::Skipped => "skipped",
            StopState::Added => "added",
        }
    }
}

/// The plan in force on a day, the region it was made from and the visits recorded.
pub struct TeamDay {
    /// The day.
    pub date: NaiveDate,
    /// The published plan covering it, its id, and its region; `None` when none is published.
    pub plan: Option<(i64, Plan, Region)>,
    /// The visits recorded for the day, by account.
    pub visits: HashMap<String, StoredVisit>,
    /// The reps of the latest import, `(id, name)`, for days without a plan.
    pub reps: Vec<(String, String)>,
}

impl TeamDay {
    /// Reads the day from the store. A database nothing has been imported
    /// into yet is a day without a plan and without reps, which the pages
    /// show as such, not a server fault.
    pub fn load(store: &mut Store, date: NaiveDate) -> Result<TeamDay, ServerError> {
        let plan = store.plan_for(date)?;
        let reps_of = |region: &Region| region.reps.iter().map(|r| (r.id.clone(), r.name.clone())).collect();
        let reps = match &plan {
            Some((_, _, region)) => reps_of(region),
            None => match store.snapshot() {
                Ok(snapshot) => reps_of(&snapshot.region),
                Err(StoreError::Empty { .. }) => Vec::new(),
                Err(err) => return Err(err.into()),
            },
        };
        let visits =
            store.visits_on(date)?.into_iter().map(|visit| (visit.record.account.clone(), visit)).collect();
        Ok(TeamDay { date, plan, visits, reps })
    }

    /// The state of a visit to `account` in the plan.
    pub fn state(&self, account: &str) -> StopState {
        if let Some(visit) = self.visits.get(account) {
            return match visit.record.status {
                VisitStatus::Visited => StopState::Visited,
                VisitStatus::Skipped => StopState::Skipped,
            };
        }
        match &self.plan {
            Some((_, plan, _)) if plan.added.iter().any(|a| a.id == account) => StopState::Added,
            _ => StopState::ToDo,
        }
    }

    /// Rep `rep`'s day; `NotFound` for a rep the region does not have.
    pub fn rep_day(&self, rep: &str, lang: Lang) -> Result<RepDay, ServerError> {
        let Some((_, name)) = self.reps.iter().find(|(id, _)| id == rep) else {
            return Err(ServerError::NotFound(format!("there is no rep `{rep}`")));
        };
        let mut day = RepDay {
            date: self.date.format("%Y-%m-%d").to_string(),
            rep: rep.to_string(),
            name: name.clone(),
            plan_id: None,
            stops: Vec::new(),
        };
        let Some((plan_id, plan, region)) = &self.plan else { return Ok(day) };
        day.plan_id = Some(*plan_id);
        let Some(route) = plan.routes.iter().find(|r| r.rep == rep) else { return Ok(day) };
        for stop in &route.stops {
            let Stop::Visit { account, arrival_s, start_s, end_s } = stop else { continue };
            let (place, hours) = match region.account_index(account) {
                Some(a) => (&region.accounts[a], hours_text(region.visit_windows(a, self.date), lang)),
                None => match plan.added.iter().find(|x| &x.id == account) {
                    Some(added) => (added, String::new()),
                    None => continue,
                },
            };
            let state = self.state(account);
            day.stops.push(StopView {
                order: day.stops.len() + 1,
                account: account.clone(),
                name: place.name.clone(),
                address: place.address.clone(),
                lat: place.location.lat,
                lon: place.location.lon,
                arrival: lang.clock(*arrival_s),
                start: lang.clock(*start_s),
                end: lang.clock(*end_s),
                hours,
                state,
                note: self.visits.get(account).map(|v| v.note.clone()).unwrap_or_default(),
            });
        }
        Ok(day)
    }

    /// Every rep's day, in the region's order.
    pub fn rep_days(&self, lang: Lang) -> Result<Vec<RepDay>, ServerError> {
        self.reps.iter().map(|(rep, _)| self.rep_day(rep, lang)).collect()
    }
}

/// Opening hours on the day, in words.
fn hours_text(windows: Option<&[crate::model::TimeWindow]>, lang: Lang) -> String {
    use crate::report::lang::Msg;
    match windows {
        None => lang.text(Msg::ClosedToday).to_string(),
        Some([]) => lang.text(Msg::OpenAnyTime).to_string(),
        Some(windows) => {
            let list: Vec<String> = windows
                .iter()
                .map(|w| format!("{}-{}", lang.clock(w.open_s), lang.clock(w.close_s)))
                .collect();
            lang.fill(Msg::OpenHours, &[&list.join(" ")])
        }
    }
}

/// One rep's day.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RepDay {
    /// The day, YYYY-MM-DD.
    pub date: String,
    /// The rep's id.
    pub rep: String,
    /// The rep's name.
    pub name: String,
    /// The published plan the stops come from; `null` when none covers the day.
    pub plan_id: Option<i64>,
    /// The visits in order (empty without a plan, or with no route for the rep).
    pub stops: Vec<StopView>,
}

impl RepDay {
    /// How many stops are in `state`.
    pub fn count(&self, state: StopState) -> usize {
        self.stops.iter().filter(|s| s.state == state).count()
    }
}

/// One visit of a rep's day.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StopView {
    /// 1 for the first visit.
    pub order: usize,
    /// The account's id.
    pub account: String,
    /// The account's name.
    pub name: String,
    /// Its postal address ('' when none is known).
    pub address: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Planned arrival.
    pub arrival: String,
    /// Planned start of the visit.
    pub start: String,
    /// Planned end of the visit.
    pub end: String,
    /// Opening hours on the day, in words.
    pub hours: String,
    /// What is recorded.
    pub state: StopState,
    /// The note or reason recorded with it.
    pub note: String,
}

/// A stop to record, parsed from a form or a JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordStop {
    /// The account visited or skipped.
    pub account: String,
    /// Visited or skipped.
    pub status: VisitStatus,
    /// The note (the reason, for a skipped visit).
    pub note: String,
    /// The day of the visit: today, or the day a page without signal showed.
    pub date: NaiveDate,
}

impl RecordStop {
    /// Checks the fields as the server takes them: an account id, `visited`
    /// or `skipped`, a note of at most [`MAX_NOTE_CHARS`] characters that
    /// a skipped visit must have (its reason), and the day (`YYYY-MM-DD`;
    /// absent or empty: `today`), at most [`MAX_RECORD_DAYS_BACK`] days
    /// before `today` and never after it.
    /// The note's and the day's problems are said in `lang`, for the rep's page.
    pub fn parse(
        account: &str,
        status: &str,
        note: &str,
        date: Option<&str>,
        today: NaiveDate,
        lang: Lang,
    ) -> Result<RecordStop, ServerError> {
        let account = account.trim();
        if account.is_empty() {
            return Err(ServerError::bad("account", "give the account's id"));
        }
        let status = VisitStatus::parse(status).map_err(|message| ServerError::bad("status", message))?;
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(ServerError::bad("note", lang.fill(Msg::NoteTooLong, &[&MAX_NOTE_CHARS])));
        }
        if note.chars().any(|c| c.is_control() && c != '\n') {
            return Err(ServerError::bad("note", lang.text(Msg::NoteControl)));
        }
        if status == VisitStatus::Skipped && note.is_empty() {
            return Err(ServerError::bad("note", lang.text(Msg::SkippedNeedsReason)));
        }
        let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
            None => today,
            Some(text) => record_date(text, today, lang)?,
        };
        Ok(RecordStop { account: account.to_string(), status, note: note.to_string(), date })
    }
}

/// The day a stop is recorded for, from its text: a date from
/// [`MAX_RECORD_DAYS_BACK`] days before `today` up to `today`.
fn record_date(text: &str, today: NaiveDate, lang: Lang) -> Result<NaiveDate, ServerError> {
    let date = crate::model::limits::DATE.parse(text).map_err(|message| ServerError::bad("date", message))?;
    if date > today {
        return Err(ServerError::bad("date", lang.fill(Msg::RecordDateAhead, &[&lang.date(date)])));
    }
    if (today - date).num_days() > MAX_RECORD_DAYS_BACK {
        return Err(ServerError::bad(
            "date",
            lang.fill(Msg::RecordDateOld, &[&lang.date(date), &MAX_RECORD_DAYS_BACK]),
        ));
    }
    Ok(date)
}

/// What recording a stop did.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Recorded {
    /// The account.
    pub account: String,
    /// False when the day's visit was recorded already (nothing changed).
    pub added: bool,
    /// The state the log keeps for it.
    pub state: StopState,
}

/// Records `stop` of rep `rep`'s route in the plan in force on the stop's
/// day, by `user`. A stop the plan in force no longer holds (the page was
/// older than a re-plan) is refused in `lang`, to the rep.
pub fn record_stop(
    store: &mut Store,
    rep: &str,
    stop: &RecordStop,
    (user, lang): (&str, Lang),
) -> Result<Recorded, ServerError> {
    let date = stop.date;
    let Some((plan_id, plan, _)) = store.plan_for(date)? else {
        return Err(ServerError::bad("account", lang.fill(Msg::NoPlanPublished, &[&lang.date(date)])));
    };
    let in_route = plan
        .routes
        .iter()
        .filter(|r| r.rep == rep)
        .flat_map(|r| &r.stops)
        .any(|s| matches!(s, Stop::Visit { account, .. } if *account == stop.account));
    if !in_route {
        return Err(ServerError::bad("account", lang.fill(Msg::NotInDay, &[&stop.account, &plan_id])));
    }
    if plan.added.iter().any(|a| a.id == stop.account) {
        return Err(ServerError::bad(
            "account",
            format!(
                "`{}` was added for the day only; the visit log keeps accounts of accounts.csv",
                stop.account
            ),
        ));
    }
    let record =
        VisitRecord { account: stop.account.clone(), date, rep: rep.to_string(), status: stop.status };
    let summary =
        store.record_visits(&[(record, stop.note.clone())], &format!("serve {user} (plan {plan_id})"))?;
    let (added, status) = match summary.already.first() {
        Some((_, kept)) => (false, *kept),
        None => (true, stop.status),
    };
    let state = match status {
        VisitStatus::Visited => StopState::Visited,
        VisitStatus::Skipped => StopState::Skipped,
    };
    Ok(Recorded { account: stop.account.clone(), added, state })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_to_record_names_the_field_at_fault() {
        let field = |result: Result<RecordStop, ServerError>| match result {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let parse = |account: &str, status: &str, note: &str, date: Option<&str>| {
            RecordStop::parse(account, status, note, date, today, Lang::En)
        };
        assert_eq!(field(parse(" ", "visited", "", None)), "account");
        assert_eq!(field(parse("A1", "done", "", None)), "status");
        assert_eq!(field(parse("A1", "skipped", "  ", None)), "note");
        assert_eq!(field(parse("A1", "visited", &"x".repeat(501), None)), "note");
        assert_eq!(field(parse("A1", "visited", "bell\u{7}", None)), "note");
        for (date, said) in [
            ("2026-12-02", "2026-12-02 (Wed) is after today: a visit is recorded on the day it was made"),
            ("2026-11-23", "2026-11-23 (Mon) is more than 7 days ago: the office records older visits"),
            ("2026-11-31", "`2026-11-31` is not a date; expected YYYY-MM-DD"),
        ] {
            match parse("A1", "visited", "", Some(date)) {
                Err(ServerError::BadInput { field, message }) => {
                    assert_eq!(field, "date");
                    assert!(message.starts_with(said), "{message}");
                }
                other => panic!("{date}: {other:?}"),
            }
        }
        let ok = parse(" A1 ", "Skipped", " closed for inventory ", Some(" ")).unwrap();
        assert_eq!(ok.account, "A1");
        assert_eq!(ok.status, VisitStatus::Skipped);
        assert_eq!(ok.note, "closed for inventory");
        assert_eq!(ok.date, today, "no day given is today");
        let week_ago = parse("A1", "visited", "", Some("2026-11-24")).unwrap();
        assert_eq!(week_ago.date, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let ja = RecordStop::parse("A1", "visited", "", Some("2026-12-05"), today, Lang::Ja);
        assert!(matches!(ja, Err(ServerError::BadInput { message, .. }) if message.contains("後の日")));
    }

    #[test]
    fn a_database_with_nothing_imported_is_a_day_without_plan_or_reps() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("team.db")).unwrap();
        let day = TeamDay::load(&mut store, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).unwrap();
        assert!(day.plan.is_none());
        assert!(day.reps.is_empty());
        assert!(day.visits.is_empty());
    }
}
