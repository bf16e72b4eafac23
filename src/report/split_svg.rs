//! A split as a map a manager can open in a browser: one self-contained SVG.
//!
//! Accounts are dots coloured by rep, each territory's convex hull is drawn
//! half-transparent in the rep's colour with the rep id at its centre, and
//! each rep's start is a square with a black edge. The legend names every rep
//! with the mean workload per working day and any late or missed visits
//! (overloaded reps in red). Colours and projection are those of every map the
//! tool draws ([`crate::report::drawing`]), so a rep has the same colour here as in
//! the HTML report.

use std::fmt::Write;

use geo::{ConvexHull, MultiPoint, Point};

use crate::model::{LatLon, Region};
use crate::report::drawing::{escape, rep_colour, Frame};
use crate::report::lang::{Lang, Msg};
use crate::report::terminal::width::columns;
use crate::territory::metrics::{RepMetrics, SplitMetrics};
use crate::territory::Split;

/// Width of the map area in pixels.
const MAP_WIDTH: f64 = 900.0;
/// Space around the map and above it for the title.
const MARGIN: f64 = 20.0;
const TITLE_HEIGHT: f64 = 30.0;
/// Height of one legend line, and a generous width of one of its characters (bold, 12 px).
const LEGEND_LINE: f64 = 18.0;
const LEGEND_CHAR_WIDTH: f64 = 7.5;

/// The map of `split` with the figures of `metrics` in the legend, titled
/// `title`, the legend in `lang`.
pub fn split_svg(region: &Region, split: &Split, metrics: &SplitMetrics, title: &str, lang: Lang) -> String {
    let places: Vec<LatLon> =
        region.accounts.iter().map(|a| a.location).chain(region.reps.iter().map(|r| r.start)).collect();
    let frame = Frame::fit(&places, MAP_WIDTH, f64::INFINITY, 0.0);
    let map_height = frame.height;
    let legend: Vec<(String, bool)> = region
        .reps
        .iter()
        .enumerate()
        .map(|(r, rep)| {
            let label = if rep.name.is_empty() { rep.id.clone() } else { format!("{} {}", rep.id, rep.name) };
            let figures = metrics.reps.get(r).map(|rep| legend_figures(rep, lang)).unwrap_or_default();
            (format!("{label}: {figures}"), metrics.reps.get(r).is_some_and(RepMetrics::overloaded))
        })
        .collect();
    let legend_chars = legend.iter().map(|(text, _)| columns(text)).max().unwrap_or(0).max(30);
    let legend_width = 18.0 + LEGEND_CHAR_WIDTH * legend_chars as f64;
    let legend_height = TITLE_HEIGHT + LEGEND_LINE * (region.reps.len() as f64 + 2.0);
    let width = MAP_WIDTH + legend_width + 3.0 * MARGIN;
    let height = (map_height + TITLE_HEIGHT).max(legend_height) + 2.0 * MARGIN;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        svg,
        r#"<text x="{MARGIN}" y="{:.0}" font-size="16" font-weight="bold">{}</text>"#,
        MARGIN + 16.0,
        escape(title)
    );
    let origin = (MARGIN, MARGIN + TITLE_HEIGHT);
    let at = |p: LatLon| {
        let (x, y) = frame.project(p);
        (origin.0 + x, origin.1 + y)
    };

    let _ = writeln!(svg, r#"<g id="territories">"#);
    for (r, rep) in region.reps.iter().enumerate() {
        let points: Vec<Point> = split
            .accounts_of(r)
            .map(|a| {
                let (x, y) = at(region.accounts[a].location);
                Point::new(x, y)
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        let hull = MultiPoint::new(points.clone()).convex_hull();
        let outline: Vec<String> =
            hull.exterior().coords().map(|c| format!("{:.1},{:.1}", c.x, c.y)).collect();
        let colour = rep_colour(r);
        let _ = writeln!(
            svg,
            r#"<polygon class="hull" data-rep="{}" points="{}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="1.5"/>"#,
            escape(&rep.id),
            outline.join(" ")
        );
        let _ = writeln!(svg, r#"<g class="accounts" data-rep="{}" fill="{colour}">"#, escape(&rep.id));
        for p in &points {
            let _ = writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="2.5"/>"#, p.x(), p.y());
        }
        let _ = writeln!(svg, "</g>");
        let (cx, cy) = points.iter().fold((0.0, 0.0), |(x, y), p| (x + p.x(), y + p.y()));
        let n = points.len() as f64;
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-weight="bold" fill="#000000" fill-opacity="0.7">{}</text>"##,
            cx / n,
            cy / n,
            escape(&rep.id)
        );
    }
    let _ = writeln!(svg, "</g>");

    let _ = writeln!(svg, r#"<g id="starts">"#);
    for (r, rep) in region.reps.iter().enumerate() {
        let (x, y) = at(rep.start);
        let _ = writeln!(
            svg,
            r##"<rect class="start" data-rep="{}" x="{:.1}" y="{:.1}" width="9" height="9" fill="{}" stroke="#000000" stroke-width="1.5"/>"##,
            escape(&rep.id),
            x - 4.5,
            y - 4.5,
            rep_colour(r)
        );
    }
    let _ = writeln!(svg, "</g>");

    let left = MARGIN + MAP_WIDTH + MARGIN;
    let _ = writeln!(svg, r#"<g id="legend">"#);
    let _ = writeln!(
        svg,
        r#"<text x="{left:.0}" y="{:.0}" font-weight="bold">{}</text>"#,
        MARGIN + TITLE_HEIGHT,
        lang.text(Msg::SplitLegendHeading)
    );
    for (r, (text, overloaded)) in legend.iter().enumerate() {
        let y = MARGIN + TITLE_HEIGHT + LEGEND_LINE * (r as f64 + 1.0);
        let _ = writeln!(
            svg,
            r#"<rect x="{left:.0}" y="{:.0}" width="12" height="12" fill="{}"/>"#,
            y - 10.0,
            rep_colour(r)
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.0}" y="{y:.0}"{}>{}</text>"#,
            left + 18.0,
            if *overloaded { r##" fill="#BE0032" font-weight="bold""## } else { "" },
            escape(text)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{left:.0}" y="{:.0}" font-size="11">{}</text>"#,
        MARGIN + TITLE_HEIGHT + LEGEND_LINE * (region.reps.len() as f64 + 1.5),
        lang.text(Msg::SplitLegendStart)
    );
    let _ = writeln!(svg, "</g>");
    svg.push_str("</svg>\n");
    svg
}

/// `5h40m/day, 120 accounts, 2 late, 1 missed` for one rep, in `lang`.
fn legend_figures(rep: &RepMetrics, lang: Lang) -> String {
    let mut text =
        lang.fill(Msg::SplitLegendFigures, &[&lang.duration(rep.mean_workload_s()), &rep.accounts]);
    if rep.late > 0 {
        text.push_str(&lang.fill(Msg::SplitLegendLate, &[&rep.late]));
    }
    if rep.missed > 0 {
        text.push_str(&lang.fill(Msg::SplitLegendMissed, &[&rep.missed]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Rep, TimeWindow};
    use crate::territory::metrics::split_metrics;
    use crate::territory::WeekPlan;

    #[test]
    fn one_hull_per_rep_with_accounts_and_escaped_names() {
        let account = |id: &str, lat: f64, lon: f64| Account::new(id, LatLon { lat, lon }, 600, 7);
        let rep = |id: &str, name: &str| Rep {
            id: id.into(),
            name: name.into(),
            start: LatLon { lat: 60.0, lon: 25.0 },
            end: LatLon { lat: 60.0, lon: 25.0 },
            shift: TimeWindow::new(8 * 3600, 16 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        let region = Region {
            accounts: vec![
                account("A1", 60.0, 25.0),
                account("A2", 60.1, 25.0),
                account("A3", 60.0, 25.1),
                account("A4", 60.2, 25.2),
            ],
            reps: vec![rep("R1", "Tom & <Jerry>"), rep("R2", ""), rep("R3", "idle")],
            ..Default::default()
        };
        let split = Split::new(vec![0, 0, 0, 1], 3);
        let week = WeekPlan { from: "2026-11-23".parse().unwrap(), days: vec![], late: vec![] };
        let metrics = split_metrics(&region, &split, &week, 8 * 3600);
        let svg = split_svg(&region, &split, &metrics, "a \"title\"", Lang::En);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"hull\"").count(), 2, "R3 holds nothing");
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches("class=\"start\"").count(), 3);
        assert!(svg.contains("Tom &amp; &lt;Jerry&gt;"), "{svg}");
        assert!(svg.contains("a &quot;title&quot;"), "{svg}");
        // The triangle of R1 closes on its first corner.
        let hull = svg.lines().find(|l| l.contains("data-rep=\"R1\" points")).unwrap();
        let points = hull.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        let corners: Vec<&str> = points.split(' ').collect();
        assert_eq!(corners.len(), 4);
        assert_eq!(corners.first(), corners.last());
    }
}
