//! The travel matrix over the road graph: one Dijkstra search per place, in
//! parallel across places.
//!
//! A place enters the graph at its snapped point. Leaving, it drives the
//! snap offset at the slow snap speed, then the part of its segment up to
//! each end the segment's direction allows; arriving mirrors that. Two
//! places on the same segment may also drive straight along it when the
//! direction allows. Each search runs from one place until every node some
//! place arrives from is settled, ranking routes by time and carrying the
//! distance of the route it keeps; of the ways into a place, the fastest
//! wins, and of equally fast ones the shorter.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::graph::{Cost, Roads};
use super::snap::Snap;
use crate::travel::{TravelError, TravelMatrix};

/// A place joined to the graph.
#[derive(Clone, Debug)]
pub(super) struct Join {
    snap: Snap,
    /// The snap offset driven at the snap speed.
    offset: Cost,
    /// Nodes the place can drive to along its segment, with what that costs.
    leave: Vec<(u32, Cost)>,
    /// Nodes the place can be reached from along its segment, with what that costs.
    arrive: Vec<(u32, Cost)>,
}

impl Join {
    /// Joins a place snapped at `snap`, driving the offset at `snap_speed_kmh`.
    pub fn new(roads: &Roads, snap: Snap, snap_speed_kmh: f64) -> Join {
        let segment = roads.segments[snap.segment as usize];
        let offset = Cost { drive_s: snap.offset_m / (snap_speed_kmh / 3.6), distance_m: snap.offset_m };
        let to_a = offset.then(segment.cost.part(snap.along));
        let to_b = offset.then(segment.cost.part(1.0 - snap.along));
        let (mut leave, mut arrive) = (Vec::with_capacity(2), Vec::with_capacity(2));
        if segment.forward {
            leave.push((segment.b, to_b));
            arrive.push((segment.a, to_a));
        }
        if segment.backward {
            leave.push((segment.a, to_a));
            arrive.push((segment.b, to_b));
        }
        Join { snap, offset, leave, arrive }
    }

    /// Straight along a shared segment from `self` to `to`, if the segment's
    /// direction allows.
    fn direct(&self, to: &Join, roads: &Roads) -> Option<Cost> {
        if self.snap.segment != to.snap.segment {
            return None;
        }
        let segment = roads.segments[self.snap.segment as usize];
        let ahead = to.snap.along - self.snap.along;
        let allowed = (segment.forward && ahead >= 0.0) || (segment.backward && ahead <= 0.0);
        allowed.then(|| self.offset.then(segment.cost.part(ahead.abs())).then(to.offset))
    }
}

/// The full matrix between `joins`, in order.
pub(super) fn travel_matrix(roads: &Roads, joins: &[Join]) -> Result<TravelMatrix, TravelError> {
    let nodes = roads.graph.node_count();
    let mut is_target = vec![false; nodes];
    for join in joins {
        for &(node, _) in &join.arrive {
            is_target[node as usize] = true;
        }
    }
    let targets = is_target.iter().filter(|&&t| t).count();

    let n = joins.len();
    TravelMatrix::filled(n, |drive_s, distance_m| {
        let rows: Vec<Result<(), TravelError>> = drive_s
            .par_chunks_mut(n.max(1))
            .zip(distance_m.par_chunks_mut(n.max(1)))
            .enumerate()
            .map_init(
                || Search::new(nodes),
                |search, (from, (drive_row, distance_row))| {
                    search.run(roads, &joins[from].leave, &is_target, targets);
                    search.row(roads, joins, from, drive_row, distance_row)
                },
            )
            .collect();
        // The first unreachable pair in row order, whichever thread found it first.
        rows.into_iter().collect()
    })
}

/// One thread's Dijkstra state, reused from search to search.
///
/// Routes are ranked by time alone; of equally fast routes the first found
/// stays, and its distance is carried along. The heap key is the bit pattern
/// of the time, which orders like the time for the non-negative finite
/// values a search meets, and compares as one integer.
struct Search {
    drive_s: Vec<f64>,
    distance_m: Vec<f64>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Search {
    fn new(nodes: usize) -> Search {
        Search {
            drive_s: vec![f64::INFINITY; nodes],
            distance_m: vec![f64::INFINITY; nodes],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Settles nodes from `starts` outward until all `targets` nodes marked
    /// in `is_target` are settled (or nothing more is reachable).
    fn run(&mut self, roads: &Roads, starts: &[(u32, Cost)], is_target: &[bool], targets: usize) {
        for &node in &self.touched {
            self.drive_s[node as usize] = f64::INFINITY;
            self.distance_m[node as usize] = f64::INFINITY;
        }
        self.touched.clear();
        self.heap.clear();
        for &(node, cost) in starts {
            self.relax(node, cost.drive_s, cost.distance_m);
        }
        let mut unsettled = targets;
        while let Some(Reverse((key, node))) = self.heap.pop() {
            let (drive_s, distance_m) = (self.drive_s[node as usize], self.distance_m[node as usize]);
            if key != drive_s.to_bits() {
                continue; // superseded by a faster entry
            }
            if is_target[node as usize] {
                unsettled = unsettled.saturating_sub(1);
                if unsettled == 0 {
                    break;
                }
            }
            let heads = roads.graph.neighbors_slice(node);
            let legs = roads.graph.edges_slice(node);
            for (&head, leg) in heads.iter().zip(legs) {
                self.relax(head, drive_s + f64::from(leg.drive_s), distance_m + f64::from(leg.distance_m));
            }
        }
    }

    #[inline]
    fn relax(&mut self, node: u32, drive_s: f64, distance_m: f64) {
        let best = &mut self.drive_s[node as usize];
        if drive_s < *best {
            if best.is_infinite() {
                self.touched.push(node);
            }
            *best = drive_s;
            self.distance_m[node as usize] = distance_m;
            self.heap.push(Reverse((drive_s.to_bits(), node)));
        }
    }

    /// The route found to `node`; infinite when not reached.
    fn reached(&self, node: u32) -> Cost {
        Cost { drive_s: self.drive_s[node as usize], distance_m: self.distance_m[node as usize] }
    }

    /// Writes the whole seconds and metres from place `from` to every place
    /// into its rows of the two tables, after `run`.
    fn row(
        &self,
        roads: &Roads,
        joins: &[Join],
        from: usize,
        drive_s: &mut [i32],
        distance_m: &mut [i32],
    ) -> Result<(), TravelError> {
        for ((to, join), (s, m)) in joins.iter().enumerate().zip(drive_s.iter_mut().zip(distance_m)) {
            let cost = if to == from {
                Cost::ZERO
            } else {
                let via_graph = join.arrive.iter().map(|&(node, last)| self.reached(node).then(last));
                via_graph
                    .chain(joins[from].direct(join, roads))
                    .min_by(Cost::order)
                    .filter(|cost| cost.drive_s.is_finite())
                    .ok_or(TravelError::Unreachable { from, to })?
            };
            (*s, *m) = (cost.drive_s.round() as i32, cost.distance_m.round() as i32);
        }
        Ok(())
    }
}
