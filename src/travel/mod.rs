//! How long it takes to drive between places: the `TravelTimes` seam.
//!
//! Every travel model turns a list of places into a [`TravelMatrix`] of whole
//! seconds and metres. The solver and the validator only ever read the matrix,
//! so a road network or a matrix from another routing engine plugs in here
//! without touching either.

pub mod cache;
pub mod given;
pub mod road;
pub mod straight_line;

pub use straight_line::StraightLine;

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::limits;
use crate::model::LatLon;

/// Why a travel matrix could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TravelError {
    /// More places than one matrix may hold ([`limits::PLACES`]).
    #[error("a travel matrix between {0}")]
    TooManyPlaces(String),
    /// Two places cannot reach each other in the model.
    #[error("no route from place {from} to place {to}")]
    Unreachable {
        /// Index of the origin.
        from: usize,
        /// Index of the destination.
        to: usize,
    },
    /// A place the model has no data for (not among a given matrix's locations).
    #[error("place {place} is not among the matrix's locations")]
    UnknownPlace {
        /// Index of the place.
        place: usize,
    },
    /// An OpenStreetMap file could not be read, is not a PBF, or holds no drivable roads.
    #[error("cannot use OpenStreetMap file {}: {message}", path.display())]
    OsmFile {
        /// The file as given.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Roads, a generated grid or road options that cannot make a network.
    #[error("invalid road network: {0}")]
    InvalidRoads(String),
    /// A place has no usable coordinates (not finite, or outside -90..=90 / -180..=180).
    #[error("place {place} has invalid coordinates (lat {lat}, lon {lon})")]
    InvalidPlace {
        /// Index of the place.
        place: usize,
        /// Latitude as given.
        lat: f64,
        /// Longitude as given.
        lon: f64,
    },
    /// A place is too far from every road of the connected network to drive from or to.
    #[error(
        "place {place} is {distance_m:.0} m from the nearest connected road (at most {max_snap_m:.0} m allowed)"
    )]
    OffRoad {
        /// Index of the place.
        place: usize,
        /// Distance to the nearest road segment of the kept network.
        distance_m: f64,
        /// The limit in force.
        max_snap_m: f64,
    },
}

impl TravelError {
    /// The same error in words that name the places (`name(index)`, e.g.
    /// "account A0012"), for a user who knows accounts and reps, not indices.
    pub fn naming(self, name: impl Fn(usize) -> String) -> NamedTravelError {
        let message = match &self {
            TravelError::Unreachable { from, to } => {
                format!("no road route from {} to {}", name(*from), name(*to))
            }
            TravelError::UnknownPlace { place } => {
                format!("{} is not among the matrix's locations", name(*place))
            }
            TravelError::InvalidPlace { place, lat, lon } => {
                format!("{} has invalid coordinates (lat {lat}, lon {lon})", name(*place))
            }
            TravelError::OffRoad { place, distance_m, max_snap_m } => format!(
                "{} is {distance_m:.0} m from the nearest connected road (at most {max_snap_m:.0} m allowed; \
                 check its coordinates, or raise --max-snap-m)",
                name(*place)
            ),
            TravelError::OsmFile { .. } | TravelError::InvalidRoads(_) | TravelError::TooManyPlaces(_) => {
                self.to_string()
            }
        };
        NamedTravelError { message, error: self }
    }
}

/// A [`TravelError`] whose message names the places involved.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct NamedTravelError {
    /// The message with place names.
    pub message: String,
    /// The underlying error.
    pub error: TravelError,
}

/// Drive time and distance between every ordered pair of places, row-major.
///
/// Stored as `i32` to halve memory on large regions (a 5 000-place matrix is
/// 200 MB as two `i32` tables); every value is below 2^31 seconds or metres.
/// The tables are shared, not copied: the solver's cost table is one of them
/// ([`TravelMatrix::drive_s_shared`]), and a clone of the matrix costs nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TravelMatrix {
    places: usize,
    drive_s: Arc<[i32]>,
    distance_m: Arc<[i32]>,
}

impl TravelMatrix {
    /// A matrix from row-major tables of `places * places` entries. The
    /// tables are copied once into their shared form; a travel model that
    /// prices many places writes them in place with [`TravelMatrix::filled`].
    pub fn from_rows(places: usize, drive_s: Vec<i32>, distance_m: Vec<i32>) -> Self {
        TravelMatrix::from_shared(places, drive_s.into(), distance_m.into())
    }

    /// A matrix from row-major tables of `places * places` entries, already
    /// in their shared form (as [`filled_table`] makes them).
    pub fn from_shared(places: usize, drive_s: Arc<[i32]>, distance_m: Arc<[i32]>) -> Self {
        assert_eq!(drive_s.len(), places * places, "one driving time per pair of places");
        assert_eq!(distance_m.len(), places * places, "one distance per pair of places");
        TravelMatrix { places, drive_s, distance_m }
    }

    /// A matrix of `places` whose row-major drive-time and distance tables
    /// `fill` writes in place, each allocated once where it stays, as
    /// [`filled_table`] makes one.
    pub fn filled<E>(
        places: usize,
        fill: impl FnOnce(&mut [i32], &mut [i32]) -> Result<(), E>,
    ) -> Result<Self, E> {
        let (mut drive_s, mut distance_m) = (zeroed(places * places), zeroed(places * places));
        fill(writable(&mut drive_s), writable(&mut distance_m))?;
        Ok(TravelMatrix { places, drive_s, distance_m })
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

    /// Every [`TravelMatrix::drive_s`], row by row (by origin).
    pub fn drive_s_table(&self) -> &[i32] {
        &self.drive_s
    }

    /// Every [`TravelMatrix::distance_m`], row by row (by origin).
    pub fn distance_m_table(&self) -> &[i32] {
        &self.distance_m
    }

    /// [`TravelMatrix::drive_s_table`] shared, for a reader that keeps it
    /// (the solver's cost table) without a copy.
    pub fn drive_s_shared(&self) -> Arc<[i32]> {
        Arc::clone(&self.drive_s)
    }

    /// [`TravelMatrix::distance_m_table`] shared.
    pub fn distance_m_shared(&self) -> Arc<[i32]> {
        Arc::clone(&self.distance_m)
    }
}

/// A table of `cells` entries that `fill` writes in place, allocated once at
/// its full size where it stays. A table made as a vector and then shared
/// is copied, and at the 11 000-place limit a copy is 480 MB more while it
/// is made.
pub fn filled_table<E>(
    cells: usize,
    fill: impl FnOnce(&mut [i32]) -> Result<(), E>,
) -> Result<Arc<[i32]>, E> {
    let mut table = zeroed(cells);
    fill(writable(&mut table))?;
    Ok(table)
}

/// `cells` zeros in one allocation (an iterator of known length is
/// collected into an `Arc` without a copy).
fn zeroed(cells: usize) -> Arc<[i32]> {
    std::iter::repeat_n(0, cells).collect()
}

/// The entries of a table [`zeroed`] has just made, to write.
fn writable(table: &mut Arc<[i32]>) -> &mut [i32] {
    Arc::get_mut(table).unwrap_or_else(|| unreachable!("a table just made has no other owner"))
}

/// A travel model: anything that can price the legs between places.
pub trait TravelTimes: Sync {
    /// The full matrix between `places`, in the given order. More places than
    /// [`limits::MAX_PLACES`] are refused before anything is allocated (the
    /// matrix grows with their square), whatever the model.
    fn matrix(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
        limits::PLACES.check(places.len() as u64).map_err(TravelError::TooManyPlaces)?;
        self.price(places)
    }

    /// The model's own pricing of every leg between `places` (callers use
    /// [`TravelTimes::matrix`], which checks the size first).
    fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError>;

    /// A short description for reports, e.g. `straight line x1.3 at 30 km/h`.
    fn describe(&self) -> String;
}
