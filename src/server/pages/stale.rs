//! The box on the manager's pages that lists the published days whose plan
//! no longer holds ([`Store::stale_days`]), each with a button that publishes the
//! day again, or, for a day under way, the way to its reps' re-plans; with
//! several, one button that publishes them all as one plan.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::report::drawing::escape;
use crate::report::lang::{Lang, Msg};
use crate::server::auth::Signed;
use crate::server::ServerError;
use crate::store::Store;

/// The box for the days from `today` on; empty when every published plan holds.
pub(super) fn stale_box(store: &mut Store, today: NaiveDate, signed: &Signed) -> Result<String, ServerError> {
    stale_box_with(store, today, signed, true)
}

/// [`stale_box`], with the caution on visits not recorded before its first
/// day to publish only when `caution` (the publishing page says it above its
/// forms instead, for every day).
pub(super) fn stale_box_with(
    store: &mut Store,
    today: NaiveDate,
    signed: &Signed,
    caution: bool,
) -> Result<String, ServerError> {
    let stale = store.stale_days(today)?;
    if stale.is_empty() {
        return Ok(String::new());
    }
    let lang = signed.lang;
    let mut body = format!(
        "<section class=\"stale\" id=\"stale\" role=\"status\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>\n",
        escape(lang.text(Msg::StaleHeading)),
        escape(lang.text(Msg::StaleIntro))
    );
    for day in &stale {
        let line = day.line(lang);
        if day.under_way {
            // Publishing would be refused: the reps' recorded visits stay, so the day is re-planned.
            let _ = writeln!(
                body,
                "<li>{} <a href=\"/team\">{}</a></li>",
                escape(&line),
                escape(lang.text(Msg::StaleUnderWay))
            );
            continue;
        }
        let _ = writeln!(
            body,
            "<li>{}<form method=\"post\" action=\"/team/publish\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <input type=\"hidden\" name=\"kind\" value=\"day\"><input type=\"hidden\" name=\"date\" value=\"{}\">\
             <button type=\"submit\">{}</button></form></li>",
            escape(&line),
            signed.csrf,
            day.date,
            escape(lang.text(Msg::PublishAgain))
        );
    }
    body.push_str("</ul>\n");
    // Days published again one by one would each be planned without the next ones, and a week's
    // later day can break again on a new day before it: several go out as one plan.
    let publishable: Vec<NaiveDate> = stale.iter().filter(|day| !day.under_way).map(|day| day.date).collect();
    if let Some(&first) = publishable.first().filter(|_| caution) {
        body.push_str(&not_recorded_note(store, first, lang)?);
    }
    if let [first, .., last] = publishable[..] {
        let days = store.plans_in_force_from(first)?.iter().filter(|&&(date, _)| date <= last).count();
        let _ = writeln!(
            body,
            "<form method=\"post\" action=\"/team/publish\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <input type=\"hidden\" name=\"kind\" value=\"week\"><input type=\"hidden\" name=\"from\" value=\"{first}\">\
             <input type=\"hidden\" name=\"days\" value=\"{days}\"><button type=\"submit\">{}</button></form>",
            signed.csrf,
            escape(&lang.fill(Msg::PublishAllAgain, &[&days]))
        );
    }
    body.push_str("</section>\n");
    Ok(body)
}

/// A caution above a way to publish from `first` on: a day before it whose
/// plan still has visits not recorded ([`Store::not_recorded_before`]), which
/// a plan published now would count as not made; empty when there is none.
pub(super) fn not_recorded_note(store: &Store, first: NaiveDate, lang: Lang) -> Result<String, ServerError> {
    Ok(match store.not_recorded_before(first)? {
        Some(day) => format!(
            "<p class=\"caution\">{}</p>\n",
            escape(
                &lang.fill(Msg::NotRecordedBeforePublish, &[&lang.date(day.date), &day.visits, &day.plan])
            )
        ),
        None => String::new(),
    })
}
