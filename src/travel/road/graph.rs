//! The routable graph: road segments between numbered nodes, pruned to the
//! largest strongly connected component and stored as a petgraph [`Csr`].
//!
//! Pruning is what lets the matrix promise a route between any two places:
//! every node kept can reach every other, so a place snapped onto any kept
//! segment can reach any other snapped place. Islands, car parks reached only
//! through a dropped gate, and one-way stubs at the edge of an extract go.

use geo::{Distance, Haversine, Point};
use petgraph::algo::kosaraju_scc;
use petgraph::csr::Csr;
use petgraph::graph::DiGraph;
use petgraph::Directed;

use super::{valid_coordinates, RoadSegment};
use crate::model::LatLon;

/// Time and distance, compared by time first and distance second, so that
/// among equally fast routes the shorter one wins.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Cost {
    /// Seconds of driving.
    pub drive_s: f64,
    /// Metres driven.
    pub distance_m: f64,
}

impl Cost {
    /// No cost: where a search starts.
    pub const ZERO: Cost = Cost { drive_s: 0.0, distance_m: 0.0 };

    /// This cost followed by `other`.
    #[inline]
    pub fn then(self, other: Cost) -> Cost {
        Cost { drive_s: self.drive_s + other.drive_s, distance_m: self.distance_m + other.distance_m }
    }

    /// `share` (0..=1) of this cost.
    #[inline]
    pub fn part(self, share: f64) -> Cost {
        Cost { drive_s: self.drive_s * share, distance_m: self.distance_m * share }
    }

    /// Time first, then distance; total order (costs are never NaN).
    #[inline]
    pub fn order(&self, other: &Cost) -> std::cmp::Ordering {
        self.drive_s.total_cmp(&other.drive_s).then(self.distance_m.total_cmp(&other.distance_m))
    }
}

/// A directed graph edge, stored in `f32` to halve the bytes a search pulls
/// through the cache (the search's hot loop); `f32` keeps seven digits, a
/// few millimetres on a long edge, and sums are taken in `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Leg {
    /// Seconds of driving.
    pub drive_s: f32,
    /// Metres driven.
    pub distance_m: f32,
}

impl From<Cost> for Leg {
    fn from(cost: Cost) -> Leg {
        Leg { drive_s: cost.drive_s as f32, distance_m: cost.distance_m as f32 }
    }
}

/// One piece of road between two nodes of the kept graph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Segment {
    /// Node at the start of the piece.
    pub a: u32,
    /// Node at the end.
    pub b: u32,
    /// Driving the whole piece, either way.
    pub cost: Cost,
    /// Cars may drive from `a` to `b`.
    pub forward: bool,
    /// Cars may drive from `b` to `a`.
    pub backward: bool,
}

/// The kept part of a road network.
pub(super) struct Roads {
    /// Coordinates of the kept nodes.
    pub points: Vec<LatLon>,
    /// Every kept road piece, in input order.
    pub segments: Vec<Segment>,
    /// Directed edges between kept nodes; of parallel edges only the cheapest.
    pub graph: Csr<(), Leg, Directed, u32>,
}

impl Roads {
    /// Validates `segments` over `points`, computes their lengths and times,
    /// and keeps the largest strongly connected component. The error is a
    /// message for the caller to put in context.
    pub fn build(points: &[LatLon], segments: &[RoadSegment]) -> Result<Roads, String> {
        check_roads(points, segments)?;
        let mut pieces = Vec::with_capacity(segments.len());
        for s in segments {
            if s.from == s.to {
                continue;
            }
            let (a, b) = (points[s.from], points[s.to]);
            let distance_m = Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat));
            pieces.push(Segment {
                a: s.from as u32,
                b: s.to as u32,
                cost: Cost { drive_s: distance_m / (s.speed_kmh / 3.6), distance_m },
                forward: true,
                backward: !s.oneway,
            });
        }

        let kept = largest_component(points.len(), &pieces);
        if kept.len() < 2 {
            return Err("no two road nodes can reach each other".to_string());
        }
        let mut renumber = vec![u32::MAX; points.len()];
        for (new, &old) in kept.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let segments: Vec<Segment> = pieces
            .into_iter()
            .filter_map(|s| {
                let (a, b) = (renumber[s.a as usize], renumber[s.b as usize]);
                (a != u32::MAX && b != u32::MAX).then_some(Segment { a, b, ..s })
            })
            .collect();

        let mut edges: Vec<(u32, u32, Cost)> = Vec::with_capacity(segments.len() * 2);
        for s in &segments {
            if s.forward {
                edges.push((s.a, s.b, s.cost));
            }
            if s.backward {
                edges.push((s.b, s.a, s.cost));
            }
        }
        edges.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.order(&y.2)));
        edges.dedup_by_key(|e| (e.0, e.1));
        let edges: Vec<(u32, u32, Leg)> = edges.into_iter().map(|(a, b, cost)| (a, b, cost.into())).collect();
        // Sorted and unique by construction; every kept node has an outgoing edge, so the
        // last node bounds the graph and node numbers match `points`.
        let graph = Csr::from_sorted_edges(&edges).map_err(|e| format!("road graph: {e:?}"))?;
        let points = kept.iter().map(|&old| points[old as usize]).collect();
        Ok(Roads { points, segments, graph })
    }

    /// Number of kept nodes.
    pub fn node_count(&self) -> usize {
        self.points.len()
    }
}

/// The nodes of the largest strongly connected component, ascending; ties go
/// to the component found first, so the choice is deterministic.
fn largest_component(nodes: usize, pieces: &[Segment]) -> Vec<u32> {
    let mut graph = DiGraph::<(), (), u32>::with_capacity(nodes, pieces.len() * 2);
    for _ in 0..nodes {
        graph.add_node(());
    }
    for s in pieces {
        if s.forward {
            graph.add_edge(s.a.into(), s.b.into(), ());
        }
        if s.backward {
            graph.add_edge(s.b.into(), s.a.into(), ());
        }
    }
    // Kosaraju's DFS keeps its own stack; petgraph's Tarjan recurses once per
    // node on a path and would overflow on a city's worth of road.
    let mut best: Vec<u32> = Vec::new();
    for component in kosaraju_scc(&graph) {
        if component.len() > best.len() {
            best = component.iter().map(|n| n.index() as u32).collect();
        }
    }
    best.sort_unstable();
    best
}

/// Why `segments` over `points` do not describe roads, if they do not:
/// coordinates out of range, a segment naming a missing point, a speed that
/// is not a positive number. Shared by the graph and the PBF writer.
pub fn check_roads(points: &[LatLon], segments: &[RoadSegment]) -> Result<(), String> {
    if u32::try_from(points.len()).is_err() {
        return Err(format!("{} points are more than this program can index", points.len()));
    }
    if let Some(bad) = points.iter().position(|&p| !valid_coordinates(p)) {
        let p = points[bad];
        return Err(format!("point {bad} has invalid coordinates (lat {}, lon {})", p.lat, p.lon));
    }
    for (index, s) in segments.iter().enumerate() {
        if s.from >= points.len() || s.to >= points.len() {
            return Err(format!(
                "segment {index} joins points {} and {}, but there are only {} points",
                s.from,
                s.to,
                points.len()
            ));
        }
        if !(s.speed_kmh.is_finite() && s.speed_kmh > 0.0) {
            return Err(format!("segment {index} has speed {} km/h", s.speed_kmh));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    fn road(from: usize, to: usize, oneway: bool) -> RoadSegment {
        RoadSegment { from, to, speed_kmh: 36.0, oneway }
    }

    #[test]
    fn keeps_the_largest_strongly_connected_part() {
        let points = [at(60.0, 25.0), at(60.001, 25.0), at(60.002, 25.0), at(60.003, 25.0), at(61.0, 25.0)];
        // 0-1-2 two-way; 2->3 one-way dead end; 4 isolated.
        let roads = Roads::build(&points, &[road(0, 1, false), road(1, 2, false), road(2, 3, true)]).unwrap();
        assert_eq!(roads.node_count(), 3);
        assert_eq!(roads.segments.len(), 2);
        assert_eq!(roads.graph.edge_count(), 4);
        let one = roads.segments[0].cost;
        assert!((one.distance_m - 111.2).abs() < 0.1, "{one:?}");
        assert!((one.drive_s - one.distance_m / 10.0).abs() < 1e-9);
    }

    #[test]
    fn parallel_edges_keep_the_cheapest() {
        let points = [at(60.0, 25.0), at(60.001, 25.0)];
        let slow = RoadSegment { speed_kmh: 18.0, ..road(0, 1, false) };
        let roads = Roads::build(&points, &[slow, road(0, 1, false)]).unwrap();
        assert_eq!(roads.graph.edge_count(), 2);
        assert_eq!(roads.graph.edges_slice(0)[0], Leg::from(roads.segments[1].cost));
    }

    #[test]
    fn bad_input_is_an_error() {
        let points = [at(60.0, 25.0), at(60.001, 25.0)];
        assert!(Roads::build(&points, &[road(0, 2, false)]).is_err());
        assert!(Roads::build(&points, &[RoadSegment { speed_kmh: 0.0, ..road(0, 1, false) }]).is_err());
        assert!(Roads::build(&points, &[RoadSegment { speed_kmh: f64::NAN, ..road(0, 1, false) }]).is_err());
        assert!(Roads::build(&points, &[road(0, 1, true)]).is_err());
        assert!(Roads::build(&points, &[]).is_err());
        assert!(Roads::build(&[at(f64::NAN, 25.0), at(60.0, 25.0)], &[road(0, 1, false)]).is_err());
    }
}
