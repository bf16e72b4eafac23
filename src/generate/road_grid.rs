//! A generated road network for scale tests and benches: a square grid of
//! streets with every intersection nudged at random, two-way arterials every
//! few streets and round the edge, and some one-way side streets.
//!
//! Every one-way street runs from edge to edge and the edge is two-way, so
//! the whole grid stays strongly connected: [`grid_network`] keeps all
//! `streets²` intersections.

use crate::model::LatLon;
use crate::solver::rng::Rng;
use crate::travel::road::{RoadNetwork, RoadOptions, RoadSegment};
use crate::travel::TravelError;

/// Speed on arterials and the edge ring.
const ARTERIAL_KMH: f64 = 50.0;

/// Speed on side streets.
const STREET_KMH: f64 = 30.0;

/// Each intersection moves up to this share of the spacing in each axis:
/// enough to make routes irregular, too little for streets to cross.
const JITTER_SHARE: f64 = 0.25;

/// Most streets per side (4 million intersections), to keep memory bounded.
const MAX_STREETS: usize = 2_000;

/// Mean Earth radius, as `geo`'s haversine uses.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The shape of a generated grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridOptions {
    /// Streets in each direction; the grid has `streets²` intersections.
    pub streets: usize,
    /// Distance between neighbouring parallel streets before jitter.
    pub spacing_m: f64,
    /// Every `arterial_every`-th street is a fast two-way arterial.
    pub arterial_every: usize,
    /// Share of side streets that are one-way, each in a random direction.
    pub oneway_share: f64,
    /// The grid's centre.
    pub centre: LatLon,
    /// Fixes the jitter and the one-way streets.
    pub seed: u64,
}

impl Default for GridOptions {
    /// A 100 × 100 grid of 120 m blocks in central Helsinki, arterials every
    /// 8 streets, 30% of side streets one-way.
    fn default() -> Self {
        GridOptions {
            streets: 100,
            spacing_m: 120.0,
            arterial_every: 8,
            oneway_share: 0.3,
            centre: LatLon { lat: 60.17, lon: 24.94 },
            seed: 1,
        }
    }
}

/// The grid as a road network.
///
/// Fails with [`TravelError::InvalidRoads`] when the options make no grid
/// (fewer than 2 or more than 2 000 streets, a spacing that is not a
/// positive distance, no arterial period, a share outside 0..=1) or one that
/// leaves the globe's valid coordinates.
pub fn grid_network(grid: &GridOptions, options: &RoadOptions) -> Result<RoadNetwork, TravelError> {
    let (points, segments) = grid_roads(grid)?;
    let name = format!("generated grid {n} x {n} streets, seed {}", grid.seed, n = grid.streets);
    RoadNetwork::from_segments(&name, &points, &segments, options)
}

/// The grid's intersections (row by row, south to north) and street
/// segments, exactly as [`grid_network`] builds from: for writing the same
/// city elsewhere, such as a PBF file (see [`super::pbf_writer`]).
///
/// Fails with [`TravelError::InvalidRoads`] when the options make no grid,
/// as [`grid_network`] does; coordinates are not checked here.
pub fn grid_roads(grid: &GridOptions) -> Result<(Vec<LatLon>, Vec<RoadSegment>), TravelError> {
    let invalid = |message: String| Err(TravelError::InvalidRoads(message));
    let n = grid.streets;
    if !(2..=MAX_STREETS).contains(&n) {
        return invalid(format!("a grid needs 2 to {MAX_STREETS} streets a side, not {n}"));
    }
    if !(grid.spacing_m.is_finite() && grid.spacing_m > 0.0) {
        return invalid(format!("street spacing {} m is not a distance", grid.spacing_m));
    }
    if grid.arterial_every == 0 {
        return invalid("arterials every 0 streets".to_string());
    }
    if !(0.0..=1.0).contains(&grid.oneway_share) {
        return invalid(format!("one-way share {} is not in 0..=1", grid.oneway_share));
    }

    let mut rng = Rng::new(grid.seed);
    let mut jitter = rng.fork(1);
    let mut streets = rng.fork(2);
    let metres_per_lon = EARTH_RADIUS_M * grid.centre.lat.to_radians().cos();
    let half = (n - 1) as f64 / 2.0;
    let mut points = Vec::with_capacity(n * n);
    for row in 0..n {
        for col in 0..n {
            let mut nudge = || (jitter.unit() * 2.0 - 1.0) * JITTER_SHARE * grid.spacing_m;
            let east_m = (col as f64 - half) * grid.spacing_m + nudge();
            let north_m = (row as f64 - half) * grid.spacing_m + nudge();
            points.push(LatLon {
                lat: grid.centre.lat + (north_m / EARTH_RADIUS_M).to_degrees(),
                lon: grid.centre.lon + (east_m / metres_per_lon).to_degrees(),
            });
        }
    }

    // Street k runs along row k (east-west) for k < n, along column k - n otherwise.
    let mut segments = Vec::with_capacity(4 * n * n);
    for street in 0..2 * n {
        let line = street % n;
        let arterial = line % grid.arterial_every == 0 || line == n - 1;
        let oneway = !arterial && streets.chance(grid.oneway_share);
        let reversed = oneway && streets.chance(0.5);
        let node = |step: usize| if street < n { line * n + step } else { step * n + line };
        for step in 0..n - 1 {
            let (from, to) =
                if reversed { (node(step + 1), node(step)) } else { (node(step), node(step + 1)) };
            let speed_kmh = if arterial { ARTERIAL_KMH } else { STREET_KMH };
            segments.push(RoadSegment { from, to, speed_kmh, oneway });
        }
    }
    Ok((points, segments))
}
