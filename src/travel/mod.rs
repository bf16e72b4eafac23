//! How long it takes to drive between places: the `TravelTimes` seam.
//!
//! Every travel model turns a list of places into a [`TravelMatrix`] of whole
//! seconds and metres. The solver and the validator only ever read the matrix,
//! so a road network or a matrix from another routing engine plugs in here
//! without touching either.

pub mod cache;
pub mod given;
pub mod straight_line;

pub use straight_line::StraightLine;

use crate::model::LatLon;

/// Why a travel matrix could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TravelError {
    /// Two places cannot reach each other in the model.
    #[error("no route from place {from} to place {to}")]
    Unreachable {
        /// Index of the origin.
        from: usize,
        /// Index of the destination.
        to: usize,
    },
}

/// Drive time and distance between every ordered pair of places, row-major.
///
/// Stored as `i32` to halve memory on large regions (a 5 000-place matrix is
/// 200 MB as two `i32` tables); every value is below 2^31 seconds or metres.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TravelMatrix {
    places: usize,
    drive_s: Vec<i32>,
    distance_m: Vec<i32>,
}

impl TravelMatrix {
    /// A matrix from row-major tables of `places * places` entries.
    pub fn from_rows(places: usize, drive_s: Vec<i32>, distance_m: Vec<i32>) -> Self {
        assert_eq!(drive_s.len(), places * places);
        assert_eq!(distance_m.len(), places * places);
        TravelMatrix { places, drive_s, distance_m }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places
    }

    /// Whether the matrix has no places.
    pub fn is_empty(&self) -> bool {
        self.places == 0
    }

    /// Seconds of driving from `from` to `to`.
    #[inline]
    pub fn drive_s(&self, from: usize, to: usize) -> i64 {
        i64::from(self.drive_s[from * self.places + to])
    }

    /// Metres driven from `from` to `to`.
    #[inline]
    pub fn distance_m(&self, from: usize, to: usize) -> i64 {
        i64::from(self.distance_m[from * self.places + to])
    }
}

/// A travel model: anything that can price the legs between places.
pub trait TravelTimes: Sync {
    /// The full matrix between `places`, in the given order.
    fn matrix(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError>;

    /// A short description for reports, e.g. `straight line x1.3 at 30 km/h`.
    fn describe(&self) -> String;
}
