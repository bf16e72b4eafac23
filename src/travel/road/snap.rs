//! Joining a place to the road graph at the nearest point of the nearest
//! road segment.
//!
//! The R-tree holds every kept segment as a straight line between its end
//! nodes in Earth-centred 3-D coordinates (metres), where the straight-line
//! distance between nearby points is the ground distance to within
//! millimetres at any latitude, so "nearest" means the same everywhere. The
//! chosen segment is then projected in a local equirectangular frame around
//! the place, where a few hundred metres of road are flat to well under a
//! metre.

use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;

use super::graph::Roads;
use crate::model::LatLon;

/// Mean Earth radius, as `geo`'s haversine uses.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

type Entry = GeomWithData<Line<[f64; 3]>, u32>;

/// Where a place meets the road network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Snap {
    /// Index into the kept segments.
    pub segment: u32,
    /// Share of the segment from its `a` end to the snapped point, 0..=1.
    pub along: f64,
    /// Ground distance from the place to the snapped point.
    pub offset_m: f64,
}

/// Nearest-segment lookup over the kept roads.
pub(super) struct SegmentIndex {
    tree: RTree<Entry>,
}

impl SegmentIndex {
    /// Indexes every segment of `roads`.
    pub fn new(roads: &Roads) -> Self {
        let entries = roads
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (a, b) = (roads.points[s.a as usize], roads.points[s.b as usize]);
                GeomWithData::new(Line::new(earth_centred(a), earth_centred(b)), i as u32)
            })
            .collect();
        SegmentIndex { tree: RTree::bulk_load(entries) }
    }

    /// The nearest point of the nearest segment to `place`, which must have
    /// valid coordinates; `None` only when there are no segments.
    pub fn snap(&self, roads: &Roads, place: LatLon) -> Option<Snap> {
        let nearest = self.tree.nearest_neighbor(&earth_centred(place))?;
        let segment = roads.segments[nearest.data as usize];
        let (ax, ay) = local_m(place, roads.points[segment.a as usize]);
        let (bx, by) = local_m(place, roads.points[segment.b as usize]);
        let (dx, dy) = (bx - ax, by - ay);
        let length_2 = dx * dx + dy * dy;
        let along = if length_2 > 0.0 { (-(ax * dx + ay * dy) / length_2).clamp(0.0, 1.0) } else { 0.0 };
        let offset_m = (ax + along * dx).hypot(ay + along * dy);
        Some(Snap { segment: nearest.data, along, offset_m })
    }
}

/// Earth-centred, Earth-fixed coordinates of a point on the mean sphere.
fn earth_centred(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [
        EARTH_RADIUS_M * lat.cos() * lon.cos(),
        EARTH_RADIUS_M * lat.cos() * lon.sin(),
        EARTH_RADIUS_M * lat.sin(),
    ]
}

/// East and north metres of `p` from `origin` in the equirectangular frame
/// tangent at `origin`; longitudes are taken the short way round.
fn local_m(origin: LatLon, p: LatLon) -> (f64, f64) {
    let dlon = (p.lon - origin.lon + 540.0).rem_euclid(360.0) - 180.0;
    let x = dlon.to_radians() * EARTH_RADIUS_M * origin.lat.to_radians().cos();
    let y = (p.lat - origin.lat).to_radians() * EARTH_RADIUS_M;
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::travel::road::RoadSegment;

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    #[test]
    fn snaps_to_the_nearest_point_of_the_nearest_segment() {
        // An east-west road 0-1 and a north-south road 1-2 a kilometre away.
        let points = [at(60.0, 25.0), at(60.0, 25.02), at(60.01, 25.02)];
        let segments = [
            RoadSegment { from: 0, to: 1, speed_kmh: 30.0, oneway: false },
            RoadSegment { from: 1, to: 2, speed_kmh: 30.0, oneway: false },
        ];
        let roads = Roads::build(&points, &segments).unwrap();
        let index = SegmentIndex::new(&roads);
        // 100 m north of the quarter point of the first road.
        let snap = index.snap(&roads, at(60.0 + 100.0 / 111_195.0, 25.005)).unwrap();
        let first = roads.segments[snap.segment as usize];
        assert_eq!((first.a, first.b), (0, 1));
        assert!((snap.along - 0.25).abs() < 1e-3, "{snap:?}");
        assert!((snap.offset_m - 100.0).abs() < 0.1, "{snap:?}");
        // Beyond the end of the first road: clamped to its end, or on the second road.
        let snap = index.snap(&roads, at(60.0, 25.03)).unwrap();
        assert!((snap.offset_m - 557.0).abs() < 2.0, "{snap:?}");
    }

    #[test]
    fn local_frame_wraps_the_antimeridian() {
        let (x, y) = local_m(at(0.0, 179.9995), at(0.0, -179.9995));
        assert!((x - 111.2).abs() < 0.1 && y == 0.0, "{x} {y}");
    }
}
