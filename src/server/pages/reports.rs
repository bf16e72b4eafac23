//! The manager's read-only views: `/team/week` (the published plans of the
//! next days: per rep per day the visits and the driving) and
//! `/team/adherence` (the adherence report over the database's recorded
//! visits, as `rounds report --db` makes it) and `/team/territories` (the
//! current territories planned over a horizon and compared as `rounds
//! territories compare --current` prints them, with the split's map), and
//! `/team/schedule.csv` (the plan in force on a day as the spreadsheet
//! `--csv` writes).

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::edit::nav;
use super::page;
use super::stale::stale_box;
use crate::report::drawing::escape;
use crate::report::html::adherence_body;
use crate::report::lang::Msg;
use crate::report::split_svg::split_svg;
use crate::report::terminal::compare_table;
use crate::server::auth::Manager;
use crate::server::extract::Query;
use crate::server::state::AppState;
use crate::server::views::published_week;
use crate::server::ServerError;

/// `?from=&to=` of the views.
#[derive(Deserialize)]
pub(crate) struct Period {
    /// The first day.
    pub(crate) from: Option<String>,
    /// The last day.
    pub(crate) to: Option<String>,
}

/// `?from=&weeks=` of the territories view.
#[derive(Deserialize)]
pub(crate) struct Horizon {
    /// The first day planned.
    pub(crate) from: Option<String>,
    /// Working weeks planned.
    pub(crate) weeks: Option<String>,
}

/// `?date=` of the schedule's download.
#[derive(Deserialize)]
pub(crate) struct OnDate {
    /// The day.
    pub(crate) date: Option<String>,
}

/// `GET /team/schedule.csv?date=` (default today): the plan in force that
/// day as the spreadsheet `rounds plan --csv` writes, in the manager's
/// language, to download; 404 when no plan is published for the day.
pub(crate) async fn schedule_csv(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Query(on): Query<OnDate>,
) -> Result<impl IntoResponse, ServerError> {
    let date = query_date("date", on.date.as_deref(), state.today())?;
    let lang = signed.lang;
    let Some((_, plan, region)) = state.with_store(move |store| Ok(store.plan_for(date)?)).await? else {
        let none = lang.fill(Msg::NoPlanPublished, &[&lang.date(date)]);
        return Err(ServerError::NotFound(none));
    };
    let bytes = crate::report::schedule_csv::plans_csv(&region, &[plan], lang);
    let file = format!("attachment; filename=\"schedule-{date}.csv\"");
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, file)], bytes))
}

/// Working weeks the territories view plans by default, as `rounds territories` does.
const TERRITORY_WEEKS: u32 = 4;

/// The territories' horizon of a query, read as `--from` and `--weeks` are: (first day, working days).
pub(crate) fn territory_horizon(
    horizon: &Horizon,
    today: NaiveDate,
) -> Result<(NaiveDate, u32), ServerError> {
    let from = query_date("from", horizon.from.as_deref(), today)?;
    let weeks = match horizon.weeks.as_deref().map(str::trim) {
        None | Some("") => TERRITORY_WEEKS,
        Some(text) => {
            crate::model::limits::WEEKS.parse(text).map_err(|message| ServerError::bad("weeks", message))?
        }
    };
    Ok((from, weeks * 5))
}

/// `GET /team/territories`: plans the horizon on the request (seconds for
/// a team of a few reps), so the page loads when the comparison is made.
pub(crate) async fn territories_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Query(horizon): Query<Horizon>,
) -> Result<Html<String>, ServerError> {
    let (from, days) = territory_horizon(&horizon, state.today())?;
    let iterations = state.iterations;
    let lang = signed.lang;
    let html = state
        .with_store(move |store| {
            let territories = crate::server::views::territories_of(store, from, days, iterations)?;
            let mut body = nav(lang);
            let _ = writeln!(
                body,
                "<form method=\"get\" action=\"/team/territories\" class=\"actions\">\
                 <label for=\"from\">{}</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{from}\">\
                 <label for=\"weeks\">{}</label><input type=\"number\" id=\"weeks\" name=\"weeks\" value=\"{}\" \
                 min=\"1\" max=\"26\"><button type=\"submit\">{}</button></form>",
                lang.text(Msg::FieldFrom),
                lang.text(Msg::FieldWeeks),
                days / 5,
                lang.text(Msg::ShowPeriod)
            );
            if territories.violations.is_empty() {
                let table = compare_table(&[(lang.text(Msg::SplitCurrent), &territories.metrics)], false, lang);
                let _ = writeln!(body, "<pre class=\"territories\">{}</pre>", escape(&table));
                let title = lang.text(Msg::TerritoriesTitle);
                body.push_str(&split_svg(&territories.region, &territories.split, &territories.metrics, title, lang));
            } else {
                let violations = territories.violations.join("; ");
                let _ = writeln!(body, "<p class=\"error\">{}</p>", escape(&lang.fill(Msg::TerritoriesFailed, &[&violations])));
            }
            Ok(page(lang, lang.text(Msg::TerritoriesTitle), Some(&signed), None, &body))
        })
        .await?;
    Ok(Html(html))
}

/// Days the adherence view covers by default: four weeks up to today.
const ADHERENCE_DAYS: u64 = 28;

/// A date of the query, read as `--from` and `--to` are; `default` when not given.
pub(crate) fn query_date(
    name: &str,
    value: Option<&str>,
    default: NaiveDate,
) -> Result<NaiveDate, ServerError> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(text) => {
            crate::model::limits::DATE.parse(text).map_err(|message| ServerError::bad(name, message))
        }
    }
}

/// The adherence period of a query: `to` default today, `from` default four weeks before it.
pub(crate) fn adherence_period(
    period: &Period,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ServerError> {
    let to = query_date("to", period.to.as_deref(), today)?;
    let from = query_date("from", period.from.as_deref(), to - Days::new(ADHERENCE_DAYS - 1))?;
    crate::model::limits::REPORT_DAYS.check((to - from).num_days() + 1).map_err(|message| {
        ServerError::bad("to", format!("{message}; `to` is the last day, on or after `from`"))
    })?;
    Ok((from, to))
}

/// `GET /team/week`.
pub(crate) async fn team_week_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Query(period): Query<Period>,
) -> Result<Html<String>, ServerError> {
    let today = state.today();
    let from = query_date("from", period.from.as_deref(), today)?;
    let asking = signed.clone();
    let (week, stale) = state
        .with_store(move |store| Ok((published_week(store, from)?, stale_box(store, today, &asking)?)))
        .await?;
    let lang = signed.lang;
    let mut body = nav(lang);
    body.push_str(&stale);
    let mut reps: Vec<&str> = Vec::new();
    for (_, day) in &week {
        for rep in &day.reps {
            if !reps.contains(&rep.rep.as_str()) {
                reps.push(&rep.rep);
            }
        }
    }
    let _ = write!(body, "<table class=\"week\">\n<thead><tr><th>{}</th>", escape(lang.text(Msg::ColRep)));
    for (date, day) in &week {
        let label = escape(&lang.date(*date));
        let plan = day.plan_id.map_or(String::new(), |id| {
            format!(
                "<br><small>#{id} <a href=\"/team/schedule.csv?date={date}\">{}</a></small>",
                escape(lang.text(Msg::ScheduleCsv))
            )
        });
        if *date == today {
            let _ = write!(body, "<th><a href=\"/team\">{label}</a>{plan}</th>");
        } else {
            let _ = write!(body, "<th>{label}{plan}</th>");
        }
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for rep in &reps {
        let _ = write!(body, "<tr><td>{}</td>", escape(rep));
        for (_, day) in &week {
            match (day.plan_id, day.reps.iter().find(|r| r.rep == *rep)) {
                (Some(_), Some(totals)) => {
                    let _ = write!(
                        body,
                        "<td class=\"num\">{}</td>",
                        escape(
                            &lang
                                .fill(Msg::VisitsAndDrive, &[&totals.visits, &lang.duration(totals.drive_s)])
                        )
                    );
                }
                _ => body.push_str("<td class=\"num\">-</td>"),
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    if week.iter().all(|(_, day)| day.plan_id.is_none()) {
        let _ = writeln!(body, "<p>{}</p>", escape(&lang.fill(Msg::NoPlanPublished, &[&lang.date(from)])));
    }
    let title = lang.fill(Msg::WeekViewTitle, &[&lang.date(from)]);
    Ok(Html(page(lang, &title, Some(&signed), None, &body)))
}

/// `GET /team/adherence`.
pub(crate) async fn adherence_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Query(period): Query<Period>,
) -> Result<Html<String>, ServerError> {
    let (from, to) = adherence_period(&period, state.today())?;
    let lang = signed.lang;
    let html = state
        .with_store(move |store| {
            let (region, report) = crate::server::views::adherence_of(store, from, to)?;
            let mut body = nav(lang);
            let _ = writeln!(
                body,
                "<form method=\"get\" action=\"/team/adherence\" class=\"actions\">\
                 <label for=\"from\">{}</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{from}\">\
                 <label for=\"to\">{}</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{to}\">\
                 <button type=\"submit\">{}</button></form>",
                lang.text(Msg::FieldFrom),
                lang.text(Msg::FieldTo),
                lang.text(Msg::ShowPeriod)
            );
            body.push_str(&adherence_body(&region, &report, lang));
            let title = lang.fill(Msg::AdherenceViewTitle, &[&lang.date(from), &lang.date(to)]);
            Ok(page(lang, &title, Some(&signed), None, &body))
        })
        .await?;
    Ok(Html(html))
}
