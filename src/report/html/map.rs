//! The day's routes as an inline SVG map, drawn from the coordinates alone.
//!
//! Projection: equirectangular, longitudes shrunk by the cosine of the
//! region's middle latitude so that a kilometre is as long east-west as
//! north-south (true enough over a city or a county), fitted to the region's
//! accounts and reps. All days of a report share one [`Frame`], so the same
//! place is at the same spot on every day's map.
//!
//! Drawn, bottom to top: every account of the region as a faint dot, each
//! rep's route as a polyline in the rep's colour (start, visits, end; straight
//! segments), the numbered stops, the reps' homes as squares, the due accounts
//! left out as a red crossed circle whose tooltip gives the reason, and a scale bar.

use std::fmt::Write;

use crate::model::plan::{Plan, Stop};
use crate::model::Region;
use crate::report::drawing::{escape, rep_colour, Frame, METRES_PER_DEGREE};
use crate::report::lang::{Lang, Msg};

/// Width of the map in CSS pixels.
const WIDTH: f64 = 960.0;
/// The tallest the map may get; a region taller than wide is fitted to this.
const MAX_HEIGHT: f64 = 720.0;
/// Room around the outermost places, so markers are not cut.
const MARGIN: f64 = 24.0;
/// The frame of a report's maps: every account and every rep's start and end of
/// `region`, so the same place is at the same spot on every day's map.
pub(super) fn region_frame(region: &Region) -> Frame {
    Frame::fit(&region.locations(), WIDTH, MAX_HEIGHT, MARGIN)
}

/// Appends the map of `plan` to `out`. `stop_class` gives a visit's stop
/// (by account id) one more CSS class, such as its recorded state (`done`).
pub(super) fn render(
    out: &mut String,
    region: &Region,
    plan: &Plan,
    frame: &Frame,
    lang: Lang,
    stop_class: &dyn Fn(&str) -> Option<&'static str>,
) {
    let date = plan.date.format("%Y-%m-%d");
    let _ = writeln!(
        out,
        "<svg class=\"map\" id=\"map-{date}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" \
         height=\"{h:.0}\" viewBox=\"0 0 {WIDTH} {h:.0}\" role=\"img\" aria-label=\"{}\">",
        escape(&lang.fill(Msg::MapLabel, &[&date])),
        h = frame.height
    );
    out.push_str("<g class=\"accounts\">");
    for account in &region.accounts {
        let (x, y) = frame.project(account.location);
        let _ = write!(out, "<circle class=\"account\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\"/>");
    }
    out.push_str("</g>\n");

    let mut stops = String::new();
    let mut homes = String::new();
    out.push_str("<g class=\"routes\">\n");
    for route in &plan.routes {
        let Some(r) = region.rep_index(&route.rep) else { continue };
        let rep = &region.reps[r];
        let colour = rep_colour(r);
        let mut points = vec![frame.point(rep.start)];
        let mut order = 0;
        for stop in &route.stops {
            let Stop::Visit { account, start_s, end_s, .. } = stop else { continue };
            let Some(a) = region.account_index(account) else { continue };
            let class = stop_class(account).map_or(String::new(), |class| format!(" {class}"));
            let account = &region.accounts[a];
            order += 1;
            points.push(frame.point(account.location));
            let (x, y) = frame.project(account.location);
            let _ = writeln!(
                stops,
                "<g class=\"stop{class}\" data-rep=\"{r}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6.5\" fill=\"{colour}\"/>\
                 <text x=\"{x:.1}\" y=\"{y:.1}\">{order}</text><title>{} {order}. {} {}{}, {}-{}</title></g>",
                escape(&rep.id),
                escape(&account.id),
                escape(&account.name),
                address_note(&account.address),
                lang.clock(*start_s),
                lang.clock(*end_s)
            );
        }
        points.push(frame.point(rep.end));
        let _ = writeln!(
            out,
            "<polyline class=\"route\" data-rep=\"{r}\" stroke=\"{colour}\" points=\"{}\">\
             <title>{} {}: {}, {}-{}</title></polyline>",
            points.join(" "),
            escape(&rep.id),
            escape(&rep.name),
            lang.fill(Msg::VisitCount, &[&order]),
            lang.clock(route.depart_s),
            lang.clock(route.return_s)
        );
        let ends = [(rep.start, lang.text(Msg::RouteStart)), (rep.end, lang.text(Msg::RouteEnd))];
        for (k, (place, what)) in ends.into_iter().enumerate() {
            if k == 1 && rep.end == rep.start {
                continue;
            }
            let (x, y) = frame.project(place);
            let _ = writeln!(
                homes,
                "<rect class=\"home\" data-rep=\"{r}\" x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" \
                 fill=\"{colour}\"><title>{} {}: {what}</title></rect>",
                x - 6.0,
                y - 6.0,
                escape(&rep.id),
                escape(&rep.name)
            );
        }
    }
    let _ = write!(out, "</g>\n<g class=\"stops\">\n{stops}</g>\n<g class=\"homes\">\n{homes}</g>\n");

    out.push_str("<g class=\"unassigned-accounts\">\n");
    for left_out in &plan.unassigned {
        let Some(a) = region.account_index(&left_out.account) else { continue };
        let account = &region.accounts[a];
        let (x, y) = frame.project(account.location);
        let _ = writeln!(
            out,
            "<g class=\"unassigned\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/>\
             <path d=\"M{:.1} {:.1}l8 8m0 -8l-8 8\"/><title>{}</title></g>",
            x - 4.0,
            y - 4.0,
            lang.fill(
                Msg::NotCovered,
                &[
                    &format!(
                        "{} {}{}",
                        escape(&account.id),
                        escape(&account.name),
                        address_note(&account.address)
                    ),
                    &escape(&lang.reason(&left_out.reason))
                ]
            )
        );
    }
    out.push_str("</g>\n");
    scale_bar(out, frame);
    out.push_str("</svg>\n");
}

/// ` (address)` after a name in a tooltip, escaped; nothing without an address.
fn address_note(address: &str) -> String {
    if address.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(address))
    }
}

/// A bar of a round length, about a sixth of the map's width, bottom left.
fn scale_bar(out: &mut String, frame: &Frame) {
    let metres_per_pixel = METRES_PER_DEGREE / frame.pixels_per_degree;
    let wanted_m = WIDTH / 6.0 * metres_per_pixel;
    let length_m = [1, 2, 5]
        .iter()
        .flat_map(|&d| (0..8).map(move |p| d as f64 * 10f64.powi(p)))
        .filter(|&m| m <= wanted_m)
        .fold(1.0, f64::max);
    let pixels = length_m / metres_per_pixel;
    let label =
        if length_m >= 1000.0 { format!("{} km", length_m / 1000.0) } else { format!("{length_m} m") };
    let y = frame.height - 10.0;
    let _ = writeln!(
        out,
        "<g class=\"scale\"><line x1=\"10\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
         <text x=\"10\" y=\"{:.1}\">{label}</text></g>",
        10.0 + pixels,
        y - 5.0
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::{plan, region};
    use super::*;

    #[test]
    fn routes_start_and_end_at_home_and_stops_are_numbered_in_order() {
        let region = region();
        let mut svg = String::new();
        render(&mut svg, &region, &plan(24), &region_frame(&region), Lang::En, &|_| None);
        let frame = region_frame(&region);
        let home = frame.point(region.reps[0].start);
        let a1 = frame.point(region.accounts[0].location);
        assert!(svg.contains(&format!("points=\"{home} {a1} {home}\"")), "{svg}");
        assert!(
            svg.contains(">1</text><title>R1 1. A1 Kukka &amp; &lt;Co&gt;, 08:10-08:25</title>"),
            "{svg}"
        );
        assert!(svg.contains("<title>not covered: A3 Far: closes &lt; 09:00 &amp; far</title>"));
        assert_eq!(svg.matches("class=\"home\"").count(), 2, "one home per rep, start = end");
    }
}
