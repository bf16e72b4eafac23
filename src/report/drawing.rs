//! What every drawn output shares (the HTML report's route maps, the territory
//! maps): one colour per rep, text escaped for SVG and HTML, and the map
//! projection, so the same rep has the same colour and a place sits the same
//! way on every map the tool draws.

use crate::model::LatLon;

/// Twenty colours told apart easily: Tableau 10, then ten of Kelly's (1965)
/// colours of maximum contrast that are unlike them. Reps beyond twenty reuse them.
const PALETTE: [&str; 20] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
    "#bab0ac", "#875692", "#a1caf1", "#be0032", "#c2b280", "#008856", "#0067a5", "#604e97", "#882d17",
    "#8db600", "#2b3d26",
];

/// The colour of the rep at `rep_index` in the region's reps, as `#rrggbb`.
pub fn rep_colour(rep_index: usize) -> &'static str {
    PALETTE[rep_index % PALETTE.len()]
}

/// Text made safe for element content and quoted attribute values, in SVG and HTML alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Metres in a degree of latitude (mean Earth radius).
pub const METRES_PER_DEGREE: f64 = 111_195.0;

/// Where places go on a map: equirectangular, longitudes shrunk by the cosine
/// of the middle latitude so that a kilometre is as long east-west as
/// north-south (true enough over a city or a county), north up, fitted to a
/// set of places.
#[derive(Clone, Debug)]
pub struct Frame {
    /// Cosine of the middle latitude: shrinks longitudes to the same scale as latitudes.
    lon_scale: f64,
    /// Westmost shrunk longitude and northmost latitude: the top left corner inside the margin.
    min_x: f64,
    max_lat: f64,
    /// Room left around the outermost places, so markers are not cut.
    margin: f64,
    /// Horizontal offset that centres places narrower than the map.
    offset_x: f64,
    /// Pixels per degree of latitude.
    pub pixels_per_degree: f64,
    /// Height of the map, margins included (its width is the one asked for).
    pub height: f64,
}

impl Frame {
    /// The frame fitting `places` into `width` pixels across and at most
    /// `max_height` down, with `margin` pixels around them.
    pub fn fit(places: &[LatLon], width: f64, max_height: f64, margin: f64) -> Frame {
        let (min_lat, max_lat) = min_max(places.iter().map(|p| p.lat));
        let lon_scale = ((min_lat + max_lat) / 2.0).to_radians().cos().max(0.01);
        let (min_x, max_x) = min_max(places.iter().map(|p| p.lon * lon_scale));
        // A single place (or none) still gets a frame about a kilometre across.
        let span_x = (max_x - min_x).max(0.01);
        let span_y = (max_lat - min_lat).max(0.01);
        let inner = width - 2.0 * margin;
        let pixels_per_degree = (inner / span_x).min((max_height - 2.0 * margin) / span_y);
        Frame {
            lon_scale,
            min_x,
            max_lat,
            margin,
            offset_x: margin + (inner - (max_x - min_x) * pixels_per_degree) / 2.0,
            pixels_per_degree,
            height: (max_lat - min_lat) * pixels_per_degree + 2.0 * margin,
        }
    }

    /// Map position of a place, in pixels from the top left.
    pub fn project(&self, at: LatLon) -> (f64, f64) {
        let x = self.offset_x + (at.lon * self.lon_scale - self.min_x) * self.pixels_per_degree;
        let y = self.margin + (self.max_lat - at.lat) * self.pixels_per_degree;
        (x, y)
    }

    /// [`Frame::project`] as an SVG `x,y` pair.
    pub fn point(&self, at: LatLon) -> String {
        let (x, y) = self.project(at);
        format!("{x:.1},{y:.1}")
    }
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if min.is_finite() {
        (min, max)
    } else {
        (0.0, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Vec<LatLon> {
        vec![
            LatLon { lat: 60.16, lon: 24.90 },
            LatLon { lat: 60.21, lon: 25.00 },
            LatLon { lat: 60.18, lon: 24.95 },
        ]
    }

    #[test]
    fn every_place_is_inside_the_margins_and_north_is_up() {
        let frame = Frame::fit(&places(), 960.0, 720.0, 24.0);
        for p in places() {
            let (x, y) = frame.project(p);
            assert!((24.0 - 0.01..=960.0 - 24.0 + 0.01).contains(&x), "{x}");
            assert!((24.0 - 0.01..=frame.height - 24.0 + 0.01).contains(&y), "{y}");
        }
        let (_, north) = frame.project(LatLon { lat: 60.20, lon: 24.94 });
        let (_, south) = frame.project(LatLon { lat: 60.16, lon: 24.94 });
        assert!(north < south);
    }

    #[test]
    fn a_kilometre_is_as_long_east_west_as_north_south() {
        let frame = Frame::fit(&places(), 960.0, 720.0, 24.0);
        let at = LatLon { lat: 60.18, lon: 24.95 };
        let (x0, y0) = frame.project(at);
        let (_, y1) = frame.project(LatLon { lat: at.lat + 1000.0 / METRES_PER_DEGREE, ..at });
        let east = 1000.0 / (METRES_PER_DEGREE * at.lat.to_radians().cos());
        let (x1, _) = frame.project(LatLon { lon: at.lon + east, ..at });
        assert!(((x1 - x0) - (y0 - y1)).abs() < 0.02 * (y0 - y1), "{} vs {}", x1 - x0, y0 - y1);
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }
}
