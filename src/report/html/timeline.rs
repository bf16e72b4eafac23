//! Each rep's day as a row of coloured blocks along the clock.
//!
//! The blocks come from the plan's stops alone: driving from leaving the
//! previous place (the departure or the previous stop's end) to the arrival,
//! waiting from the arrival to the start of the visit, the visit from its
//! start to its end, the break from its start to its end (and waiting before
//! it, if the rep is done before the break may start), and the drive home from
//! the last stop's end to the return. Behind them, the rep's shift is a pale
//! band; hour ticks run across all rows. All reps of a day share one clock.

use std::fmt::Write;

use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{Region, Seconds};
use crate::report::drawing::{escape, rep_colour};
use crate::report::lang::{Lang, Msg};

/// Room for the rep's id and name left of the blocks.
const LABEL_WIDTH: f64 = 190.0;
/// Width of the clock axis.
const TRACK_WIDTH: f64 = 760.0;
const ROW_HEIGHT: f64 = 26.0;
const BLOCK_HEIGHT: f64 = 16.0;
/// Room for the hour labels above the rows.
const AXIS_HEIGHT: f64 = 22.0;
/// Room for the legend below the rows.
const LEGEND_HEIGHT: f64 = 30.0;

/// What the rep is doing during a block; the name is also its CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Activity {
    Drive,
    Wait,
    Visit,
    Break,
}

impl Activity {
    const ALL: [Activity; 4] = [Activity::Drive, Activity::Wait, Activity::Visit, Activity::Break];

    fn name(self) -> &'static str {
        match self {
            Activity::Drive => "drive",
            Activity::Wait => "wait",
            Activity::Visit => "visit",
            Activity::Break => "break",
        }
    }

    /// What the legend and the tooltips call it.
    fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Activity::Drive => Msg::Drive,
            Activity::Wait => Msg::Wait,
            Activity::Visit => Msg::Visit,
            Activity::Break => Msg::Break,
        })
    }
}

/// A stretch of the rep's day.
#[derive(Debug, PartialEq, Eq)]
struct Block {
    activity: Activity,
    start_s: Seconds,
    end_s: Seconds,
    /// The visited account, for visits.
    account: Option<String>,
}

/// The route's blocks in time order; empty stretches are left out, and so
/// is the time before a re-plan's resume, which the plan does not know
/// (a visit running over, or a rep somewhere else).
fn blocks(route: &RoutePlan) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut push = |activity, start_s, end_s, account: Option<&String>| {
        if end_s > start_s {
            blocks.push(Block { activity, start_s, end_s, account: account.cloned() });
        }
    };
    let mut free_s = route.depart_s;
    let resumed = |after_stops, free_s| route.resumes_after(after_stops).last().map_or(free_s, |r| r.at_s);
    for (index, stop) in route.stops.iter().enumerate() {
        free_s = resumed(index, free_s);
        match stop {
            Stop::Visit { account, arrival_s, start_s, end_s } => {
                push(Activity::Drive, free_s, *arrival_s, None);
                push(Activity::Wait, *arrival_s, *start_s, None);
                push(Activity::Visit, *start_s, *end_s, Some(account));
                free_s = *end_s;
            }
            Stop::Break { start_s, end_s } => {
                push(Activity::Wait, free_s, *start_s, None);
                push(Activity::Break, *start_s, *end_s, None);
                free_s = *end_s;
            }
        }
    }
    free_s = resumed(route.stops.len(), free_s);
    push(Activity::Drive, free_s, route.return_s, None);
    blocks
}

/// The clock shown: whole hours covering every rep's shift and every route.
fn clock_range(region: &Region, plan: &Plan) -> (Seconds, Seconds) {
    let shifts = plan
        .routes
        .iter()
        .filter_map(|r| region.rep_index(&r.rep))
        .filter_map(|r| region.reps[r].shift_on(plan.date));
    let times = plan
        .routes
        .iter()
        .flat_map(|r| [r.depart_s, r.return_s])
        .chain(shifts.flat_map(|s| [s.open_s, s.close_s]));
    let (first, last) = times.fold((Seconds::MAX, Seconds::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    if first > last {
        return (8 * 3600, 17 * 3600);
    }
    let first_hour = first.div_euclid(3600) * 3600;
    let last_hour = (last + 3599).div_euclid(3600) * 3600;
    (first_hour, last_hour.max(first_hour + 3600))
}

/// Appends one SVG with a timeline row per route of `plan`.
pub(super) fn render(out: &mut String, region: &Region, plan: &Plan, lang: Lang) {
    let (first_s, last_s) = clock_range(region, plan);
    let x = |t: Seconds| LABEL_WIDTH + (t - first_s) as f64 * TRACK_WIDTH / (last_s - first_s) as f64;
    let width = LABEL_WIDTH + TRACK_WIDTH + 20.0;
    let rows_height = plan.routes.len() as f64 * ROW_HEIGHT;
    let height = AXIS_HEIGHT + rows_height + LEGEND_HEIGHT;
    let _ = writeln!(
        out,
        "<svg class=\"timelines\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"each rep's day along the clock\">"
    );
    out.push_str("<g class=\"axis\">");
    for hour in (first_s..=last_s).step_by(3600) {
        let _ = write!(
            out,
            "<line class=\"tick\" x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/>\
             <text x=\"{px:.1}\" y=\"14\" text-anchor=\"middle\">{}</text>",
            AXIS_HEIGHT - 4.0,
            AXIS_HEIGHT + rows_height,
            lang.clock(hour),
            px = x(hour)
        );
    }
    out.push_str("</g>\n");
    for (row, route) in plan.routes.iter().enumerate() {
        let top = AXIS_HEIGHT + row as f64 * ROW_HEIGHT;
        let rep_index = region.rep_index(&route.rep);
        let rep = rep_index.map(|r| &region.reps[r]);
        let data_rep = rep_index.map_or(String::new(), |r| format!(" data-rep=\"{r}\""));
        let _ = write!(out, "<g class=\"timeline\"{data_rep}>");
        if let Some(r) = rep_index {
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>",
                top + 8.0,
                rep_colour(r)
            );
        }
        let _ = write!(
            out,
            "<text x=\"16\" y=\"{:.1}\">{} {}</text>",
            top + 17.0,
            escape(&route.rep),
            escape(rep.map_or("", |r| r.name.as_str()))
        );
        if let Some(shift) = rep.and_then(|r| r.shift_on(plan.date)) {
            let _ = write!(
                out,
                "<rect class=\"shift\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{ROW_HEIGHT}\">\
                 <title>{} {}-{}</title></rect>",
                lang.text(Msg::ColShift),
                lang.clock(shift.open_s),
                lang.clock(shift.close_s),
                x(shift.open_s),
                x(shift.close_s) - x(shift.open_s)
            );
        }
        for block in blocks(route) {
            let what = match &block.account {
                Some(id) => {
                    let name = region.account_index(id).map_or("", |a| region.accounts[a].name.as_str());
                    format!("{} {} {}", Activity::Visit.label(lang), escape(id), escape(name))
                }
                None => block.activity.label(lang).to_string(),
            };
            let _ = write!(
                out,
                "<rect class=\"block {}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{BLOCK_HEIGHT}\">\
                 <title>{what} {}-{} ({})</title></rect>",
                block.activity.name(),
                x(block.start_s),
                top + (ROW_HEIGHT - BLOCK_HEIGHT) / 2.0,
                x(block.end_s) - x(block.start_s),
                lang.clock(block.start_s),
                lang.clock(block.end_s),
                lang.duration(block.end_s - block.start_s)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("<g class=\"legend\">");
    for (k, activity) in Activity::ALL.iter().enumerate() {
        let left = LABEL_WIDTH + k as f64 * 90.0;
        let y = AXIS_HEIGHT + rows_height + 10.0;
        let _ = write!(
            out,
            "<rect class=\"block {name}\" x=\"{left:.1}\" y=\"{y:.1}\" width=\"14\" height=\"12\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            left + 20.0,
            y + 10.0,
            activity.label(lang),
            name = activity.name()
        );
    }
    out.push_str("</g>\n</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::super::tests::{plan, region};
    use super::*;
    use crate::model::plan::Resume;

    fn block(activity: Activity, start: &str, end: &str, account: Option<&str>) -> Block {
        let clock = |t: &str| crate::model::time::parse_clock(t).unwrap();
        Block { activity, start_s: clock(start), end_s: clock(end), account: account.map(String::from) }
    }

    #[test]
    fn blocks_follow_the_stops_drive_wait_visit_break_and_home() {
        let plan = plan(24);
        use Activity::*;
        assert_eq!(
            blocks(&plan.routes[0]),
            [
                block(Drive, "08:00", "08:05", None),
                block(Wait, "08:05", "08:10", None),
                block(Visit, "08:10", "08:25", Some("A1")),
                block(Wait, "08:25", "09:00", None),
                block(Break, "09:00", "09:30", None),
                block(Drive, "09:30", "10:00", None),
            ]
        );
        // No wait at all: no empty wait block.
        assert_eq!(
            blocks(&plan.routes[1]),
            [
                block(Drive, "08:00", "08:05", None),
                block(Visit, "08:05", "08:20", Some("A2")),
                block(Drive, "08:20", "09:00", None)
            ]
        );
    }

    /// Held up at A2 until 08:40, the rep drives home from then: the hold-up
    /// is not driving.
    #[test]
    fn after_a_resume_the_rep_drives_on_from_its_time() {
        let mut route = plan(24).routes[1].clone();
        route.resumes = vec![Resume { after_stops: 1, at_s: 8 * 3600 + 40 * 60, place: None }];
        use Activity::*;
        assert_eq!(
            blocks(&route),
            [
                block(Drive, "08:00", "08:05", None),
                block(Visit, "08:05", "08:20", Some("A2")),
                block(Drive, "08:40", "09:00", None)
            ]
        );
    }

    #[test]
    fn the_clock_covers_every_shift_in_whole_hours() {
        assert_eq!(clock_range(&region(), &plan(24)), (8 * 3600, 16 * 3600));
    }

    #[test]
    fn each_route_gets_a_row_with_hour_ticks_and_a_legend() {
        let mut svg = String::new();
        render(&mut svg, &region(), &plan(24), Lang::En);
        assert_eq!(svg.matches("<g class=\"timeline\"").count(), 2);
        assert_eq!(svg.matches("class=\"tick\"").count(), 9, "08:00 to 16:00");
        assert_eq!(svg.matches("class=\"block visit\"").count(), 2 + 1, "two visits and the legend");
        assert!(svg.contains("<title>visit A1 Kukka &amp; &lt;Co&gt; 08:10-08:25 (15 min)</title>"), "{svg}");
        assert!(svg.contains("R2 Anna &amp; Eve</text>"));
    }
}
