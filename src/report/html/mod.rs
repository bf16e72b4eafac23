//! The plan as one self-contained HTML page a manager can open, mail or print.
//!
//! [`html_report`] renders one or several day plans of the same region: per
//! day, a map of the routes (`map.rs`), a timeline per rep (`timeline.rs`), the
//! summary table, the accounts left out with their reasons, and the printed
//! plan ([`crate::report::terminal::plan_table`]). Several days are stacked, with links
//! to each day at the top.
//!
//! Self-contained means no network at all: the map is inline SVG drawn from
//! the coordinates (no tiles), the styling is inline CSS, and there is no
//! script; hovering a rep anywhere (route, stop, timeline, table row) fades
//! the other reps, which CSS alone does. Every text from the input (names,
//! ids, reasons) is escaped, since it comes from users' CSV files.
//!
//! Each rep keeps one colour ([`rep_colour`], by the rep's place in the
//! region) on every day, in the map, the table and the GeoJSON export.
//!
//! Hooks for tests and tools: each day is a `<section class="day"
//! id="day-YYYY-MM-DD">` holding `<svg class="map" id="map-YYYY-MM-DD">`
//! (elements `.route`, `.stop`, `.home`, `.unassigned`), one `<g class="timeline">`
//! per rep with `rect.block.drive|wait|visit|break`, and `table.summary`.

mod adherence;
mod map;
mod timeline;

use std::fmt::Write;

use crate::model::plan::Plan;
use crate::model::Region;
use crate::report::drawing::{escape, rep_colour, Frame};
use crate::report::lang::{Lang, Msg};
use crate::report::terminal::plan_table;

pub use adherence::{adherence_body, adherence_page};

/// The start of a page of the report's style titled `title` (escaped here),
/// up to and including its `<h1>`; `more_style` is added to the style sheet.
/// The adherence page ([`adherence`]) shares it.
pub(crate) fn page_head(out: &mut String, title: &str, lang: Lang, more_style: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}{MAP_STYLE}{more_style}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.code(),
        escape(title),
        escape(title)
    );
}

/// The plans as one HTML document titled `title`, in `lang`. The plans must have been
/// checked against `region` ([`crate::check::check_plan`]); a rep or account
/// the region does not know has no place on the map and is left out of it.
pub fn html_report(region: &Region, plans: &[Plan], title: &str, lang: Lang) -> String {
    let mut out = String::new();
    page_head(&mut out, title, lang, &highlight_rules(region));
    if plans.len() > 1 {
        out.push_str("<nav class=\"days\">");
        for plan in plans {
            let _ = write!(
                out,
                "<a href=\"#day-{}\">{}</a>",
                plan.date.format("%Y-%m-%d"),
                lang.short_date(plan.date)
            );
        }
        out.push_str("</nav>\n");
    }
    let frame = map::region_frame(region);
    for plan in plans {
        day_section(&mut out, region, plan, &frame, lang);
    }
    let footer = lang.fill(Msg::PlanFooter, &[&env!("CARGO_PKG_VERSION")]);
    let _ = write!(out, "<footer>{}</footer>\n</body>\n</html>\n", escape(&footer));
    out
}

fn day_section(out: &mut String, region: &Region, plan: &Plan, frame: &Frame, lang: Lang) {
    let date = plan.date.format("%Y-%m-%d").to_string();
    let printed = plan_table(region, plan, false, lang);
    // The printed plan's first line, less the date the heading already gives.
    let first_line = printed.lines().next().unwrap_or_default();
    let headline = first_line
        .split_once("): ")
        .or_else(|| first_line.split_once(": "))
        .map_or(first_line, |(_, counts)| counts);
    let _ = write!(
        out,
        "<section class=\"day\" id=\"day-{date}\">\n<h2>{}</h2>\n<p class=\"headline\">{}</p>\n",
        lang.date(plan.date),
        escape(headline)
    );
    map::render(out, region, plan, frame, lang, &|_| None);
    timeline::render(out, region, plan, lang);
    summary_table(out, region, plan, lang);
    unassigned_table(out, region, plan, lang);
    let _ = write!(
        out,
        "<details><summary>{}</summary><pre>{}</pre></details>\n</section>\n",
        lang.text(Msg::ThePlanAsPrinted),
        escape(&printed)
    );
}

/// The map of one day's routes alone, as inline SVG, framed on the whole
/// region; `stop_class` gives a visit's stop (by account id) one more CSS
/// class, so a page can show each visit's state (`rounds serve`'s team page).
pub fn day_map(
    region: &Region,
    plan: &Plan,
    lang: Lang,
    stop_class: &dyn Fn(&str) -> Option<&'static str>,
) -> String {
    let mut out = String::new();
    map::render(&mut out, region, plan, &map::region_frame(region), lang, stop_class);
    out
}

/// A table header row of these labels.
pub(crate) fn header_row(lang: Lang, columns: &[Msg]) -> String {
    let cells: String = columns.iter().map(|&c| format!("<th>{}</th>", escape(lang.text(c)))).collect();
    format!("<thead><tr>{cells}</tr></thead>")
}

/// Per rep: visits, driving, distance, when out and back; then the totals.
fn summary_table(out: &mut String, region: &Region, plan: &Plan, lang: Lang) {
    let header = header_row(
        lang,
        &[
            Msg::ColRep,
            Msg::ColName,
            Msg::ColVisits,
            Msg::ColDriving,
            Msg::ColDistance,
            Msg::ColLeaves,
            Msg::ColBack,
            Msg::ColShift,
        ],
    );
    let _ = write!(out, "<table class=\"summary\">\n{header}\n<tbody>\n");
    for route in &plan.routes {
        let rep_index = region.rep_index(&route.rep);
        let rep = rep_index.map(|r| &region.reps[r]);
        let (data_rep, swatch) = match rep_index {
            Some(r) => (
                format!(" data-rep=\"{r}\""),
                format!("<span class=\"swatch\" style=\"background:{}\"></span>", rep_colour(r)),
            ),
            None => (String::new(), String::new()),
        };
        let _ =
            writeln!(
            out,
            "<tr{data_rep}><td>{swatch}{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{:.1} km</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&route.rep),
            escape(rep.map_or("", |r| r.name.as_str())),
            route.visit_count(),
            lang.duration(route.drive_s),
            route.distance_m as f64 / 1000.0,
            lang.clock(route.depart_s),
            lang.clock(route.return_s),
            rep.and_then(|r| r.shift_on(plan.date))
                .map_or(String::new(), |s| format!("{}-{}", lang.clock(s.open_s), lang.clock(s.close_s))),
        );
    }
    let visits: usize = plan.routes.iter().map(|r| r.visit_count()).sum();
    let drive_s: i64 = plan.routes.iter().map(|r| r.drive_s).sum();
    let distance_m: i64 = plan.routes.iter().map(|r| r.distance_m).sum();
    let _ = write!(
        out,
        "</tbody>\n<tfoot><tr><td>{}</td><td></td><td class=\"num\">{visits}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{:.1} km</td><td></td><td></td><td></td></tr></tfoot>\n</table>\n",
        lang.fill(Msg::RepsCount, &[&plan.routes.len()]),
        lang.duration(drive_s),
        distance_m as f64 / 1000.0
    );
}

/// The due accounts left out, with the reason a manager can act on (and
/// their address, when the accounts have one).
fn unassigned_table(out: &mut String, region: &Region, plan: &Plan, lang: Lang) {
    if plan.unassigned.is_empty() {
        let _ = writeln!(out, "<p class=\"covered\">{}</p>", lang.text(Msg::EveryDueCovered));
        return;
    }
    let account_of = |id: &str| region.account_index(id).map(|a| &region.accounts[a]);
    let with_address =
        plan.unassigned.iter().any(|u| account_of(&u.account).is_some_and(|a| !a.address.is_empty()));
    let columns: &[Msg] = if with_address {
        &[Msg::ColAccount, Msg::ColName, Msg::ColAddress, Msg::ColReason]
    } else {
        &[Msg::ColAccount, Msg::ColName, Msg::ColReason]
    };
    let _ = write!(
        out,
        "<h3>{}</h3>\n<table class=\"unassigned-list\">\n{}\n<tbody>\n",
        lang.fill(Msg::NotCoveredCount, &[&plan.unassigned.len()]),
        header_row(lang, columns)
    );
    for left_out in &plan.unassigned {
        let account = account_of(&left_out.account);
        let address = match (with_address, account) {
            (true, Some(a)) => format!("<td>{}</td>", escape(&a.address)),
            (true, None) => "<td></td>".to_string(),
            (false, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td>{address}<td>{}</td></tr>",
            escape(&left_out.account),
            escape(account.map_or("", |a| a.name.as_str())),
            escape(&lang.reason(&left_out.reason))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Hovering anything of one rep fades every other rep's marks on that day.
fn highlight_rules(region: &Region) -> String {
    (0..region.reps.len())
        .map(|r| {
            format!(
                ".day:has([data-rep=\"{r}\"]:hover) [data-rep]:not([data-rep=\"{r}\"]) {{ opacity: .15; }}\n"
            )
        })
        .collect()
}

const STYLE: &str = "\
body { font: 14px/1.4 system-ui, sans-serif; color: #222; margin: 24px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 24px 0 4px; border-top: 1px solid #ccc; padding-top: 12px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
nav.days a { margin-right: 12px; }
.headline { margin: 0 0 12px; color: #444; }
svg { display: block; margin: 8px 0; }
svg text { font-family: system-ui, sans-serif; }
.map .scale text, .timelines text { font-size: 11px; fill: #333; }
.timelines .shift { fill: #d5dde5; fill-opacity: .45; }
.timelines .tick { stroke: #d0d7de; }
.block.drive { fill: #a5adb8; }
.block.wait { fill: #f2c14e; }
.block.visit { fill: #2f5d8a; }
.timeline .block { stroke: #fff; stroke-width: .75; }
.block.break { fill: #9b5de5; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e1e4e8; text-align: left; }
td.num { text-align: right; }
tfoot td { font-weight: 600; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
.covered { color: #2a7d2a; }
details pre { font-size: 12px; }
footer { margin-top: 24px; color: #666; font-size: 12px; }
";

/// The style of the map ([`day_map`]), for every page that shows one.
pub const MAP_STYLE: &str = "\
.map { background: #f6f8fa; border: 1px solid #d0d7de; }
.map .account { fill: #c4ccd4; }
.map .route { fill: none; stroke-width: 3; stroke-linejoin: round; stroke-linecap: round; }
.map .stop text { font-size: 8px; fill: #fff; font-weight: 600; text-anchor: middle; \
dominant-baseline: central; pointer-events: none; }
.map .home { stroke: #222; stroke-width: 1.5; }
.map .unassigned circle { fill: #fff; stroke: #d00; stroke-width: 2; }
.map .unassigned path { stroke: #d00; stroke-width: 2.5; }
.map .scale line { stroke: #222; stroke-width: 2; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::{RoutePlan, Stop, Unassigned};
    use crate::model::{Account, LatLon, Rep, TimeWindow};

    fn account(id: &str, name: &str, lat: f64, lon: f64) -> Account {
        Account { name: name.into(), ..Account::new(id, LatLon { lat, lon }, 900, 7) }
    }

    pub(super) fn region() -> Region {
        let home = LatLon { lat: 60.17, lon: 24.94 };
        let rep = |id: &str, name: &str| Rep {
            id: id.into(),
            name: name.into(),
            start: home,
            end: home,
            shift: TimeWindow::new(8 * 3600, 16 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        Region {
            accounts: vec![
                account("A1", "Kukka & <Co>", 60.18, 24.95),
                account("A2", "O'Brien \"Pub\"", 60.16, 24.93),
                account("A3", "Far", 60.20, 24.99),
            ],
            reps: vec![rep("R1", "Timo"), rep("R2", "Anna & Eve")],
            ..Default::default()
        }
    }

    pub(super) fn plan(day: u32) -> Plan {
        Plan {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            routes: vec![
                RoutePlan {
                    rep: "R1".into(),
                    depart_s: 8 * 3600,
                    return_s: 10 * 3600,
                    drive_s: 1200,
                    distance_m: 9000,
                    resumes: vec![],
                    overtime_s: 0,
                    stops: vec![
                        Stop::Visit {
                            account: "A1".into(),
                            arrival_s: 8 * 3600 + 300,
                            start_s: 8 * 3600 + 600,
                            end_s: 8 * 3600 + 1500,
                        },
                        Stop::Break { start_s: 9 * 3600, end_s: 9 * 3600 + 1800 },
                    ],
                },
                RoutePlan {
                    rep: "R2".into(),
                    depart_s: 8 * 3600,
                    return_s: 9 * 3600,
                    drive_s: 600,
                    distance_m: 4000,
                    resumes: vec![],
                    overtime_s: 0,
                    stops: vec![Stop::Visit {
                        account: "A2".into(),
                        arrival_s: 8 * 3600 + 300,
                        start_s: 8 * 3600 + 300,
                        end_s: 8 * 3600 + 1200,
                    }],
                },
            ],
            unassigned: vec![Unassigned { account: "A3".into(), reason: "closes < 09:00 & far".into() }],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<b>"A&B's"</b>"#), "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;");
    }

    #[test]
    fn the_report_holds_map_timelines_and_tables_with_every_input_text_escaped() {
        let html = html_report(&region(), &[plan(24)], "Day <1> & more", Lang::En);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Day &lt;1&gt; &amp; more</title>"));
        assert!(html.contains("Kukka &amp; &lt;Co&gt;"));
        assert!(html.contains("O&#39;Brien &quot;Pub&quot;"));
        assert!(html.contains("closes &lt; 09:00 &amp; far"));
        assert!(!html.contains("<Co>") && !html.contains("\"Pub\""), "raw input text leaked");
        assert_eq!(html.matches("<svg class=\"map\"").count(), 1);
        assert_eq!(html.matches("class=\"route\"").count(), 2);
        assert_eq!(html.matches("<g class=\"timeline\"").count(), 2);
        assert_eq!(html.matches("class=\"unassigned\"").count(), 1);
        assert!(html.contains("<table class=\"summary\">"));
        assert!(!html.contains("<nav"), "one day needs no day links");
        let outside = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!outside.contains("http://") && !outside.contains("https://"), "no link outside the file");
    }

    #[test]
    fn in_japanese_every_label_and_time_is_japanese_and_addresses_show() {
        let mut region = region();
        region.accounts[0].address = "大阪府大阪市北区梅田1-2-3".into();
        region.accounts[2].address = "大阪府大阪市港区弁天1-2-1".into();
        let html = html_report(&region, &[plan(24), plan(25)], "計画", Lang::Ja);
        assert!(html.contains("<html lang=\"ja\">"));
        assert!(html.contains("<h2>2026年11月24日(火)</h2>"), "{html}");
        assert!(html.contains("<a href=\"#day-2026-11-24\">11月24日(火)</a>"));
        assert!(html.contains("<th>担当</th><th>名称</th><th>訪問</th><th>運転</th>"), "{html}");
        assert!(html.contains("<td>8:00</td><td>10:00</td><td>8:00-16:00</td>"), "{html}");
        assert!(html.contains("<td>大阪府大阪市港区弁天1-2-1</td>"), "the accounts left out show it");
        assert!(
            html.contains("Kukka &amp; &lt;Co&gt; (大阪府大阪市北区梅田1-2-3), 8:10-8:25"),
            "map tooltip"
        );
        assert!(html.contains("aria-label=\"2026-11-24 のルート地図\""));
        assert!(html.contains("R1 Timo: 訪問 1件, 8:00-10:00</title>"), "{html}");
        assert!(html.contains(
            "<title>未訪問: A3 Far (大阪府大阪市港区弁天1-2-1): closes &lt; 09:00 &amp; far</title>"
        ));
        assert!(html.contains("<summary>印刷用の計画</summary>"));
        assert!(!html.contains(">Not covered") && !html.contains("Made by"), "no English label left");
    }

    #[test]
    fn several_days_are_stacked_with_links() {
        let html = html_report(&region(), &[plan(24), plan(25)], "Week", Lang::En);
        assert!(html.contains("<a href=\"#day-2026-11-24\">Tue 24 Nov</a>"));
        assert!(html.contains("<section class=\"day\" id=\"day-2026-11-25\">"));
        assert_eq!(html.matches("<svg class=\"map\"").count(), 2);
    }
}
