//! The default travel model: great-circle distance times a detour factor,
//! driven at a constant average speed.

use geo::{Distance, Haversine, Point};
use rayon::prelude::*;

use super::{TravelError, TravelMatrix, TravelTimes};
use crate::model::LatLon;

/// Haversine distance (mean Earth radius 6 371 008.8 m, as `geo` uses) times
/// `detour`, at `speed_kmh`; both rounded to whole metres and seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StraightLine {
    /// Road distance over great-circle distance; 1.3 is typical for towns.
    pub detour: f64,
    /// Average driving speed including stops at lights.
    pub speed_kmh: f64,
}

impl Default for StraightLine {
    fn default() -> Self {
        StraightLine { detour: 1.3, speed_kmh: 30.0 }
    }
}

impl StraightLine {
    /// The model in words, as a published plan stores it (`straight line,
    /// detour 1.3, 30 km/h`) and `rounds check --db --plan-id` compares it.
    pub fn describe(&self) -> String {
        format!("straight line, detour {}, {} km/h", self.detour, self.speed_kmh)
    }

    /// The model [`StraightLine::describe`] wrote `words` for; `None` for
    /// any other words (a road map, a given matrix, whose files are needed).
    pub fn from_description(words: &str) -> Option<StraightLine> {
        let rest = words.strip_prefix("straight line, detour ")?;
        let (detour, speed) = rest.split_once(", ")?;
        let line = StraightLine {
            detour: detour.parse().ok()?,
            speed_kmh: speed.strip_suffix(" km/h")?.parse().ok()?,
        };
        (line.describe() == words).then_some(line)
    }

    /// Metres and seconds for one leg.
    pub fn leg(&self, from: LatLon, to: LatLon) -> (i32, i32) {
        let metres =
            Haversine.distance(Point::new(from.lon, from.lat), Point::new(to.lon, to.lat)) * self.detour;
        let seconds = metres / (self.speed_kmh / 3.6);
        (metres.round() as i32, seconds.round() as i32)
    }
}

impl TravelTimes for StraightLine {
    fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
        TravelMatrix::filled(places.len(), |drive_s, distance_m| {
            let n = places.len().max(1);
            drive_s.par_chunks_mut(n).zip(distance_m.par_chunks_mut(n)).zip(places).for_each(
                |((drive_row, distance_row), &from)| {
                    for ((s, m), &to) in drive_row.iter_mut().zip(distance_row.iter_mut()).zip(places) {
                        (*m, *s) = self.leg(from, to);
                    }
                },
            );
            Ok(())
        })
    }

    fn describe(&self) -> String {
        format!("straight line x{} at {} km/h", self.detour, self.speed_kmh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_a_plan_stores_read_back_as_the_same_model() {
        let line = StraightLine::from_description("straight line, detour 1.3, 30 km/h").unwrap();
        assert_eq!(line, StraightLine::default());
        assert_eq!(line.describe(), "straight line, detour 1.3, 30 km/h");
        assert!(StraightLine::from_description("straight line, detour 1.30, 30 km/h").is_none());
        assert!(StraightLine::from_description("given matrix (SHA-256 00)").is_none());
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let model = StraightLine { detour: 1.0, speed_kmh: 36.0 };
        let (m, s) = model.leg(LatLon { lat: 60.0, lon: 25.0 }, LatLon { lat: 61.0, lon: 25.0 });
        assert!((m - 111_195).abs() <= 1, "{m}");
        assert_eq!(s, (f64::from(m) / 10.0).round() as i32);
    }

    #[test]
    fn matrix_is_symmetric_with_zero_diagonal() {
        let places = [
            LatLon { lat: 60.17, lon: 24.94 },
            LatLon { lat: 60.20, lon: 24.90 },
            LatLon { lat: 60.25, lon: 25.05 },
        ];
        let m = StraightLine::default().matrix(&places).unwrap();
        for a in 0..3 {
            assert_eq!(m.drive_s(a, a), 0);
            for b in 0..3 {
                assert_eq!(m.drive_s(a, b), m.drive_s(b, a));
            }
        }
    }
}
