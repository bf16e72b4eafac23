//! A matrix the team already has, or one priced once for the whole region:
//! legs looked up by place instead of computed.
//!
//! [`GivenMatrix`] holds one table of driving times and distances between
//! the region's locations, in the order of [`Region::locations`]: every
//! account in `accounts.csv` order, then every rep's start in `reps.csv`
//! order, then every rep's end (the start when the file gives none). It
//! serves every [`TravelTimes::matrix`] request by looking the places up,
//! so no leg is ever estimated. The tables come from a file a team's own
//! routing engine produced ([`crate::interop::osrm`] reads OSRM's `table`
//! response) or from another travel model priced once
//! ([`GivenMatrix::priced`]).

use std::collections::HashMap;

use super::{NamedTravelError, TravelError, TravelMatrix, TravelTimes};
use crate::model::{LatLon, Region};

/// A travel model that only looks legs up in a matrix read from a file.
///
/// Places are matched to the region's locations by their exact coordinates
/// (the bits of latitude and longitude), so every place taken from the region
/// the matrix was read for is found. Where two locations share coordinates the
/// first one's row is used; a routing engine snaps both to the same road, so
/// their rows are the same.
#[derive(Clone, Debug)]
pub struct GivenMatrix {
    /// Where the matrix comes from, for [`TravelTimes::describe`].
    source: String,
    /// The legs between the region's locations, in their order.
    matrix: TravelMatrix,
    /// Row of each distinct location, keyed by [`place_key`].
    rows: HashMap<(u64, u64), usize>,
}

impl GivenMatrix {
    /// A matrix over `locations` (the region's, in [`Region::locations`]
    /// order), one row and one column per location; `source` says where it
    /// came from, for [`TravelTimes::describe`].
    pub fn new(source: String, locations: &[LatLon], matrix: TravelMatrix) -> GivenMatrix {
        assert_eq!(matrix.len(), locations.len(), "one row and one column per location");
        let mut rows = HashMap::with_capacity(locations.len());
        for (row, &place) in locations.iter().enumerate() {
            rows.entry(place_key(place)).or_insert(row);
        }
        GivenMatrix { source, matrix, rows }
    }

    /// The matrix between all of `region`'s locations ([`Region::locations`]),
    /// priced once by `travel`, to look legs up in afterwards: for a command
    /// that asks for many small matrices of one region (`rounds week` on
    /// roads, where every request costs a road search per place).
    pub fn priced(region: &Region, travel: &dyn TravelTimes) -> Result<GivenMatrix, NamedTravelError> {
        let locations = region.locations();
        let (accounts, reps) = (region.accounts.len(), region.reps.len());
        let matrix = travel.matrix(&locations).map_err(|error| {
            error.naming(|p| match p {
                p if p < accounts => format!("account {}", region.accounts[p].id),
                p if p < accounts + reps => format!("rep {}'s start", region.reps[p - accounts].id),
                p => format!("rep {}'s end", region.reps[p - accounts - reps].id),
            })
        })?;
        let source = format!("{}, priced once", travel.describe());
        Ok(GivenMatrix::new(source, &locations, matrix))
    }
}

impl TravelTimes for GivenMatrix {
    /// The legs between `places`, looked up in the given matrix.
    ///
    /// A place that is not one of the region's locations has no row to look
    /// up: [`TravelError::UnknownPlace`].
    fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
        let rows = places
            .iter()
            .enumerate()
            .map(|(i, &place)| {
                self.rows.get(&place_key(place)).copied().ok_or(TravelError::UnknownPlace { place: i })
            })
            .collect::<Result<Vec<usize>, TravelError>>()?;
        let n = rows.len().max(1);
        TravelMatrix::filled(rows.len(), |drive_s, distance_m| {
            let (given_s, given_m) = (self.matrix.drive_s_table(), self.matrix.distance_m_table());
            for ((drive_row, distance_row), &from) in
                drive_s.chunks_mut(n).zip(distance_m.chunks_mut(n)).zip(&rows)
            {
                let start = from * self.matrix.len();
                for ((s, m), &to) in drive_row.iter_mut().zip(distance_row.iter_mut()).zip(&rows) {
                    (*s, *m) = (given_s[start + to], given_m[start + to]);
                }
            }
            Ok(())
        })
    }

    fn describe(&self) -> String {
        format!("{} ({} locations)", self.source, self.matrix.len())
    }
}

/// Exact identity of a place: two coordinates match only when they are the same numbers.
fn place_key(place: LatLon) -> (u64, u64) {
    (place.lat.to_bits(), place.lon.to_bits())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Rep, TimeWindow};

    const A1: LatLon = LatLon { lat: 60.17, lon: 24.94 };
    const A2: LatLon = LatLon { lat: 60.20, lon: 24.90 };
    const START: LatLon = LatLon { lat: 60.25, lon: 25.05 };
    const END: LatLon = LatLon { lat: 60.10, lon: 24.80 };

    /// Two accounts and one rep: locations A1, A2, R1's start, R1's end.
    fn region() -> Region {
        Region {
            accounts: vec![Account::new("A1", A1, 600, 7), Account::new("A2", A2, 600, 7)],
            reps: vec![Rep {
                id: "R1".into(),
                name: String::new(),
                start: START,
                end: END,
                shift: TimeWindow::new(8 * 3600, 17 * 3600).into(),
                lunch: None,
                max_visits: None,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_region_priced_once_answers_as_its_model_does() {
        let model = crate::travel::StraightLine::default();
        let priced = GivenMatrix::priced(&region(), &model).unwrap();
        let places = [END, A2, START, A1, A2];
        assert_eq!(priced.matrix(&places).unwrap(), model.matrix(&places).unwrap());
        assert!(priced.describe().ends_with(", priced once (4 locations)"), "{}", priced.describe());
    }

    #[test]
    fn locations_are_accounts_then_starts_then_ends() {
        assert_eq!(region().locations(), vec![A1, A2, START, END]);
    }

    #[test]
    fn sub_matrix_follows_the_order_asked() {
        let locations = region().locations();
        let drive_s = (0..16).collect();
        let distance_m = (0..16).map(|i| 10 * i).collect();
        let given =
            GivenMatrix::new("test".into(), &locations, TravelMatrix::from_rows(4, drive_s, distance_m));
        let m = given.matrix(&[START, END, A2, A1, A1]).unwrap();
        assert_eq!((m.drive_s(0, 1), m.distance_m(0, 1)), (11, 110), "start row 2, end column 3");
        assert_eq!(m.drive_s(2, 3), 4, "A2 row 1, A1 column 0");
        assert_eq!(m.drive_s(3, 4), 0);
        assert!(given.matrix(&[]).unwrap().is_empty());
    }

    #[test]
    fn an_unknown_place_is_unreachable_from_itself() {
        let given = GivenMatrix::priced(&region(), &crate::travel::StraightLine::default()).unwrap();
        let elsewhere = LatLon { lat: 61.0, lon: 25.0 };
        let err = given.matrix(&[A1, elsewhere]).unwrap_err();
        assert!(matches!(err, TravelError::UnknownPlace { place: 1 }), "{err}");
    }
}
