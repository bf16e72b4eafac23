//! Travel times over real roads: an OpenStreetMap road graph behind the
//! [`TravelTimes`] seam.
//!
//! [`RoadNetwork::from_pbf`] reads the ways a car may drive from a PBF
//! extract, splits them into directed segments between consecutive nodes
//! (length by haversine, time at the way's speed), and keeps the largest
//! strongly connected part as a compact petgraph CSR graph, so that any two
//! places can reach each other. A place joins the roads at the nearest point
//! of the nearest segment; the matrix is one Dijkstra search per place, in
//! parallel. [`RoadNetwork::from_segments`] builds a network from explicit
//! roads ([`crate::generate::road_grid`] makes a synthetic city that way).
//!
//! The rules, all per way:
//! - **Roads**: `highway` = motorway, trunk, primary, secondary, tertiary
//!   (and their `_link`s), unclassified, residential, living_street,
//!   service, road. Not `area=yes`, and not when the most specific of
//!   `motorcar`, `motor_vehicle`, `vehicle`, `access` is no, private,
//!   agricultural, forestry or emergency.
//! - **Direction**: `oneway=yes|true|1` along the way, `-1|reverse` against
//!   it, `no|false|0` both; roundabouts and motorways are one-way unless
//!   tagged `oneway=no`; reversible roads are left out.
//! - **Speed**: a sane `maxspeed` (`50`, `30 mph`, `FI:urban`, `walk`, ...),
//!   else by class in km/h: motorway 100, trunk 80, primary 60, secondary
//!   50, tertiary 40, unclassified, residential and road 30, living_street
//!   and service 15; links 60, 50, 45, 40, 30.
//! - **Snapping**: the straight line from the place to its snapped point is
//!   driven at [`RoadOptions::snap_speed_kmh`] both leaving and arriving;
//!   farther than [`RoadOptions::max_snap_m`] from every kept road is an
//!   error.
//!
//! Derived from OpenStreetMap data, the network and its matrices fall under
//! the ODbL: reports drawn from them must credit OpenStreetMap contributors.

mod graph;
mod matrix;
mod osm;
mod snap;

pub use graph::check_roads;

use std::fs::File;
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use self::graph::Roads;
use self::matrix::Join;
use self::snap::SegmentIndex;
use super::{TravelError, TravelMatrix, TravelTimes};
use crate::model::limits;
use crate::model::LatLon;

/// How places join the roads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoadOptions {
    /// A place farther than this from every road cannot be planned: it is
    /// more likely a wrong coordinate than a farm track the map lacks.
    pub max_snap_m: f64,
    /// Speed for the stretch between a place and the road (a yard, a car
    /// park, a private drive): slow, since it is driven carefully or walked.
    pub snap_speed_kmh: f64,
}

impl Default for RoadOptions {
    /// 500 m at 10 km/h.
    fn default() -> Self {
        RoadOptions { max_snap_m: 500.0, snap_speed_kmh: 10.0 }
    }
}

impl RoadOptions {
    fn check(&self) -> Result<(), String> {
        if !(self.max_snap_m.is_finite() && self.max_snap_m >= 0.0) {
            return Err(format!("max snap distance {} m is not a distance", self.max_snap_m));
        }
        if !(self.snap_speed_kmh.is_finite() && self.snap_speed_kmh > 0.0) {
            return Err(format!("snap speed {} km/h is not a speed", self.snap_speed_kmh));
        }
        Ok(())
    }
}

/// A piece of road between two points, input to [`RoadNetwork::from_segments`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoadSegment {
    /// Index of the start point.
    pub from: usize,
    /// Index of the end point.
    pub to: usize,
    /// Speed driven along it, in km/h.
    pub speed_kmh: f64,
    /// Cars may drive it only from `from` to `to`.
    pub oneway: bool,
}

/// A directed road graph that prices legs by the fastest route.
pub struct RoadNetwork {
    name: String,
    sha256: String,
    options: RoadOptions,
    roads: Roads,
    index: SegmentIndex,
}

impl RoadNetwork {
    /// Reads the drivable roads of an OpenStreetMap PBF file.
    ///
    /// Fails with [`TravelError::OsmFile`] when the file cannot be read, is
    /// not a PBF, or has no two road nodes that reach each other; with
    /// [`TravelError::InvalidRoads`] when `options` are not usable.
    pub fn from_pbf(path: &Path, options: &RoadOptions) -> Result<Self, TravelError> {
        options.check().map_err(TravelError::InvalidRoads)?;
        let failed = |message: String| TravelError::OsmFile { path: path.to_path_buf(), message };
        // Read three times (hashed, then two passes): a regular file of a bounded size,
        // so that a device such as /dev/zero or a planet file ends at once with a reason.
        let meta = std::fs::metadata(path).map_err(|e| failed(e.to_string()))?;
        if !meta.is_file() {
            return Err(failed("not a regular file; give the path of an .osm.pbf file".to_string()));
        }
        limits::PBF_BYTES.check(meta.len()).map_err(failed)?;
        let sha256 = file_sha256(path).map_err(|e| failed(e.to_string()))?;
        let osm = osm::read_pbf(path).map_err(failed)?;
        let roads = Roads::build(&osm.points, &osm.segments).map_err(failed)?;
        let file = path.file_name().unwrap_or(path.as_os_str()).to_string_lossy();
        Ok(RoadNetwork::new(format!("OSM roads {file}"), sha256, *options, roads))
    }

    /// A network from explicit points and segments (lengths by haversine),
    /// pruned like a map to its largest strongly connected part; `name`
    /// appears in [`TravelTimes::describe`].
    ///
    /// Fails with [`TravelError::InvalidRoads`] on invalid coordinates,
    /// indices or speeds, unusable `options`, or when no two points reach
    /// each other.
    pub fn from_segments(
        name: &str,
        points: &[LatLon],
        segments: &[RoadSegment],
        options: &RoadOptions,
    ) -> Result<Self, TravelError> {
        options.check().map_err(TravelError::InvalidRoads)?;
        let roads = Roads::build(points, segments).map_err(TravelError::InvalidRoads)?;
        let sha256 = segments_sha256(points, segments);
        Ok(RoadNetwork::new(name.to_string(), sha256, *options, roads))
    }

    fn new(name: String, sha256: String, options: RoadOptions, roads: Roads) -> Self {
        let index = SegmentIndex::new(&roads);
        RoadNetwork { name, sha256, options, roads, index }
    }

    /// Road nodes kept for routing.
    pub fn node_count(&self) -> usize {
        self.roads.node_count()
    }

    /// Directed edges kept for routing (a two-way segment counts twice).
    pub fn edge_count(&self) -> usize {
        self.roads.graph.edge_count()
    }

    /// Hex SHA-256 of the source: the PBF file's bytes, or for
    /// [`RoadNetwork::from_segments`] the points and segments. With the
    /// places and [`RoadOptions`] it keys a cache of computed matrices.
    pub fn source_sha256(&self) -> &str {
        &self.sha256
    }

    fn join(&self, place: usize, at: LatLon) -> Result<Join, TravelError> {
        if !valid_coordinates(at) {
            return Err(TravelError::InvalidPlace { place, lat: at.lat, lon: at.lon });
        }
        let max_snap_m = self.options.max_snap_m;
        match self.index.snap(&self.roads, at) {
            Some(snap) if snap.offset_m <= max_snap_m => {
                Ok(Join::new(&self.roads, snap, self.options.snap_speed_kmh))
            }
            found => Err(TravelError::OffRoad {
                place,
                distance_m: found.map_or(f64::INFINITY, |snap| snap.offset_m),
                max_snap_m,
            }),
        }
    }
}

impl TravelTimes for RoadNetwork {
    /// Fails with [`TravelError::InvalidPlace`] or [`TravelError::OffRoad`]
    /// naming the first place that cannot join the roads.
    fn price(&self, places: &[LatLon]) -> Result<TravelMatrix, TravelError> {
        let joins =
            places.iter().enumerate().map(|(i, &at)| self.join(i, at)).collect::<Result<Vec<_>, _>>()?;
        matrix::travel_matrix(&self.roads, &joins)
    }

    fn describe(&self) -> String {
        format!("{} ({} nodes)", self.name, spaced_thousands(self.node_count()))
    }
}

/// Finite latitude in -90..=90 and longitude in -180..=180.
fn valid_coordinates(p: LatLon) -> bool {
    (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon)
}

fn file_sha256(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

fn segments_sha256(points: &[LatLon], segments: &[RoadSegment]) -> String {
    let mut hasher = Sha256::new();
    hasher.update((points.len() as u64).to_le_bytes());
    hasher.update((segments.len() as u64).to_le_bytes());
    for p in points {
        hasher.update(p.lat.to_le_bytes());
        hasher.update(p.lon.to_le_bytes());
    }
    for s in segments {
        hasher.update((s.from as u64).to_le_bytes());
        hasher.update((s.to as u64).to_le_bytes());
        hasher.update(s.speed_kmh.to_le_bytes());
        hasher.update([u8::from(s.oneway)]);
    }
    format!("{:x}", hasher.finalize())
}

/// `12345` as `12 345`.
fn spaced_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(' ');
        }
        text.push(c);
    }
    text
}

#[cfg(test)]
mod tests;
