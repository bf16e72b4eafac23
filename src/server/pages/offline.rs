//! The rep's pages on a phone without signal: the service worker
//! (`/sw.js`, the file `sw.js`) keeps the last copy of each rep page and the
//! stops marked while the server cannot be reached, and sends them, with the
//! day they were marked on, when it can again; the page's script
//! (`/offline.js`, the file `offline.js`) shows what the phone holds in the
//! box [`held_box`] draws. The pages work without either: a browser without
//! service workers, or with script off, gets the pages as they were.

use axum::http::header;
use axum::response::IntoResponse;
use chrono::NaiveDate;

use crate::report::drawing::escape;
use crate::report::lang::{Lang, Msg};

/// The service worker, served from the root so that its scope is the whole site.
const SERVICE_WORKER: &str = include_str!("sw.js");
/// The rep pages' script.
const PAGE_SCRIPT: &str = include_str!("offline.js");

/// `GET /sw.js`: the service worker, checked for a new version at every load.
pub(crate) async fn service_worker() -> impl IntoResponse {
    script(SERVICE_WORKER)
}

/// `GET /offline.js`: the rep pages' script.
pub(crate) async fn page_script() -> impl IntoResponse {
    script(PAGE_SCRIPT)
}

fn script(text: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], text)
}

/// The hidden box where the script says, in `lang`, that the page is the
/// copy kept on the phone (and, where the phone's calendar has moved on
/// since, that it is the plan of `day`, not today's), which stops wait to be
/// sent, which the server refused when they were, and that a re-plan pressed
/// without signal was not made; and the script itself.
pub(super) fn held_box(lang: Lang, day: NaiveDate) -> String {
    format!(
        "<section class=\"held\" id=\"offline\" role=\"status\" hidden data-day=\"{day}\" data-shown=\"{}\" \
         data-old-day=\"{}\" data-queued=\"{}\" data-queued-state=\"{}\" data-refused=\"{}\" data-replan=\"{}\">\
         </section>\n<script src=\"/offline.js\" defer></script>\n",
        escape(lang.text(Msg::OfflineKept)),
        escape(&lang.fill(Msg::OfflineOldDay, &[&lang.date(day)])),
        escape(lang.text(Msg::OfflineQueued)),
        escape(lang.text(Msg::StateQueued)),
        escape(lang.text(Msg::OfflineRefused)),
        escape(lang.text(Msg::OfflineReplan)),
    )
}
