//! Proposing a split: compact territories with balanced workloads.
//!
//! **Workload estimate.** Over a horizon of `working_days` (a working week
//! stands for 7 calendar days of visit frequency), account *i* needs
//! `visits = days × 7/5 / every_days` visits, each taking its service time plus
//! the drive to it. That drive is estimated from how densely the accounts lie:
//! on a working day about `m` of the `n` accounts are due, spread like all of
//! them, and a route through `m` random points has legs of about
//! `0.7124 × sqrt(A/m)` (Beardwood-Halton-Hammersley), which is
//! `0.7124 × sqrt(π)` times the distance to the `n/m`-th nearest account.
//! A rep also drives every working day from the start to the territory's
//! centre and from there to the end. Capacity is the shift less the break;
//! each rep's fair share of the whole estimated workload is proportional to
//! it, and a rep within `tolerance` of the fair share counts as balanced.
//! Drives use the straight-line model's detour and speed on a flat projection
//! of the region (kilometres east and north of its mean position).
//!
//! **Search.** Without a move limit, territories grow from the reps' starts
//! by capacitated k-means: accounts are handed out in order of regret (how
//! much farther their second-nearest centre is than their nearest), each to
//! the nearest centre with workload room left, then every centre moves to its
//! accounts' visit-weighted mean, until the assignment settles. With a move
//! limit the search starts from the current split instead. Both then make
//! boundary moves: an account goes to the rep of one of its nearest
//! neighbours (or of a nearby centre) when that lowers the imbalance (the
//! workload outside the balanced band, summed over the reps) or keeps it and
//! shortens the visit-weighted distance of accounts to their centres. The
//! moves that buy the most balance per kilometre come first. Fixed accounts
//! never move; with a limit, no more than `max_moves` accounts end with a rep
//! other than their current one.
//!
//! There are no random choices: the same region and options give the same split.

use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::Split;
use crate::model::{LatLon, Region, Seconds};
use crate::travel::StraightLine;

/// Kilometres per degree of latitude on the mean Earth sphere (radius 6 371.0088 km).
const KM_PER_DEGREE: f64 = 6_371.008_8 * std::f64::consts::TAU / 360.0;
/// The Beardwood-Halton-Hammersley constant for tours through random points in the plane, times
/// sqrt(π): a tour leg over the distance from a point to its `n/m`-th nearest neighbour.
const LEG_PER_NEIGHBOUR_DISTANCE: f64 = 0.7124 * 1.772_453_850_905_516;
/// Nearest accounts whose reps an account may move to.
const NEIGHBOURS: usize = 8;
/// Nearest territory centres whose reps an account may move to.
const NEAR_CENTRES: usize = 2;
/// Rounds of capacitated k-means at most.
const KMEANS_ROUNDS: usize = 30;
/// Passes of boundary moves at most.
const MOVE_PASSES: usize = 200;
/// Seconds of imbalance below which a change does not count.
const EPSILON_S: f64 = 1e-6;

/// How to propose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProposeOptions {
    /// Working days the workload is estimated over.
    pub working_days: u32,
    /// Detour and speed of the drive estimate.
    pub estimate: StraightLine,
    /// Most accounts whose rep may differ from the current split; `None`: any number.
    pub max_moves: Option<usize>,
    /// How far a rep's estimated workload may stray from the fair share (0.05: 5 %).
    pub tolerance: f64,
}

/// A proposed split with its estimated workloads.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// The split.
    pub split: Split,
    /// Accounts whose rep differs from the current split.
    pub moves: usize,
    /// Estimated workload of every rep over the horizon.
    pub workload_s: Vec<Seconds>,
    /// Every rep's fair share of the total estimated workload.
    pub target_s: Vec<Seconds>,
}

/// Why no split can be proposed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProposeError {
    /// The fixed accounts alone change more reps than allowed.
    #[error(
        "{fixed} fixed accounts are held by another rep in the current split, \
         more than the {max_moves} moves allowed; allow more moves or fix fewer accounts"
    )]
    FixedExceedMoves {
        /// Fixed accounts whose rep differs from the current split.
        fixed: usize,
        /// The move limit.
        max_moves: usize,
    },
}

/// Proposes a split of `region` between its reps. `fixed[account]` is the rep
/// an account must stay with; `current` is the split moves are counted from.
pub fn propose(
    region: &Region,
    current: &Split,
    fixed: &[Option<usize>],
    options: &ProposeOptions,
) -> Result<Proposal, ProposeError> {
    let estimate = Estimate::new(region, options);
    let reps = region.reps.len();
    let mut assign: Vec<usize> =
        fixed.iter().zip(current.assignment()).map(|(fixed, &current)| fixed.unwrap_or(current)).collect();
    if let Some(max_moves) = options.max_moves {
        let forced = assign.iter().zip(current.assignment()).filter(|(a, c)| a != c).count();
        if forced > max_moves {
            return Err(ProposeError::FixedExceedMoves { fixed: forced, max_moves });
        }
    } else {
        assign = estimate.grow_from_starts(fixed, reps);
    }
    let search = MoveSearch {
        estimate: &estimate,
        fixed,
        current: current.assignment(),
        max_moves: options.max_moves,
        tolerance: options.tolerance,
    };
    search.run(&mut assign, reps);
    let split = Split::new(assign, reps);
    let (workload_s, target_s) = workloads_of(&estimate, &split);
    Ok(Proposal { moves: split.moves_from(current), split, workload_s, target_s })
}

/// Every rep's estimated workload under `split` over the horizon, and their fair shares.
pub fn estimate_workloads(
    region: &Region,
    split: &Split,
    options: &ProposeOptions,
) -> (Vec<Seconds>, Vec<Seconds>) {
    workloads_of(&Estimate::new(region, options), split)
}

fn workloads_of(estimate: &Estimate, split: &Split) -> (Vec<Seconds>, Vec<Seconds>) {
    let centres = estimate.centres(split.assignment(), split.reps());
    let loads = estimate.loads(split.assignment(), &centres);
    let targets = estimate.targets(&loads);
    let seconds = |values: Vec<f64>| values.into_iter().map(|v| v.round() as Seconds).collect();
    (seconds(loads), seconds(targets))
}

/// What the search knows of the region: positions, workloads and capacities.
struct Estimate {
    /// Accounts in kilometres east and north of the region's mean position.
    at: Vec<[f64; 2]>,
    /// Reps' starts and ends, likewise.
    start: Vec<[f64; 2]>,
    end: Vec<[f64; 2]>,
    /// Visits of each account over the horizon.
    visits: Vec<f64>,
    /// Service and driving of each account over the horizon.
    work_s: Vec<f64>,
    /// Each rep's working time over the horizon.
    capacity_s: Vec<f64>,
    /// Each account's nearest accounts, nearest first.
    neighbours: Vec<Vec<usize>>,
    /// Seconds to drive one kilometre of straight line.
    s_per_km: f64,
    working_days: f64,
}

impl Estimate {
    fn new(region: &Region, options: &ProposeOptions) -> Estimate {
        let places: Vec<LatLon> = region
            .accounts
            .iter()
            .map(|a| a.location)
            .chain(region.reps.iter().flat_map(|r| [r.start, r.end]))
            .collect();
        let lat0 = places.iter().map(|p| p.lat).sum::<f64>() / places.len() as f64;
        let lon0 = places.iter().map(|p| p.lon).sum::<f64>() / places.len() as f64;
        let project = |p: LatLon| {
            [(p.lon - lon0) * lat0.to_radians().cos() * KM_PER_DEGREE, (p.lat - lat0) * KM_PER_DEGREE]
        };
        let at: Vec<[f64; 2]> = region.accounts.iter().map(|a| project(a.location)).collect();
        let working_days = f64::from(options.working_days);
        let calendar_days = working_days * 7.0 / 5.0;
        let visits: Vec<f64> =
            region.accounts.iter().map(|a| calendar_days / f64::from(a.every_days)).collect();
        let due_per_day: f64 = visits.iter().sum::<f64>() / working_days.max(1.0);
        let n = at.len();
        // The k-th nearest account stands for the nearest one due the same day.
        let spacing =
            ((n as f64 / due_per_day.max(1.0)).round() as usize).clamp(1, n.saturating_sub(1).max(1));
        let tree = RTree::bulk_load(at.iter().enumerate().map(|(i, &p)| GeomWithData::new(p, i)).collect());
        let neighbours: Vec<Vec<usize>> = at
            .iter()
            .enumerate()
            .map(|(i, p)| {
                tree.nearest_neighbor_iter(p)
                    .map(|g| g.data)
                    .filter(|&j| j != i)
                    .take(NEIGHBOURS.max(spacing))
                    .collect()
            })
            .collect();
        let s_per_km = 1000.0 * options.estimate.detour / (options.estimate.speed_kmh / 3.6);
        let work_s = region
            .accounts
            .iter()
            .enumerate()
            .map(|(i, account)| {
                let leg_km = neighbours[i]
                    .get(spacing - 1)
                    .or(neighbours[i].last())
                    .map_or(0.0, |&j| distance_km(at[i], at[j]) * LEG_PER_NEIGHBOUR_DISTANCE);
                visits[i] * (account.service_s as f64 + leg_km * s_per_km)
            })
            .collect();
        let capacity_s = region
            .reps
            .iter()
            .map(|r| working_days * (r.shift.len_s() - r.lunch.map_or(0, |b| b.duration_s)) as f64)
            .collect();
        Estimate {
            at,
            start: region.reps.iter().map(|r| project(r.start)).collect(),
            end: region.reps.iter().map(|r| project(r.end)).collect(),
            visits,
            work_s,
            capacity_s,
            neighbours: neighbours
                .into_iter()
                .map(|mut near| {
                    near.truncate(NEIGHBOURS);
                    near
                })
                .collect(),
            s_per_km,
            working_days,
        }
    }

    /// Each territory's visit-weighted mean position; a rep without accounts is at the start.
    fn centres(&self, assign: &[usize], reps: usize) -> Vec<[f64; 2]> {
        let mut sums = vec![[0.0, 0.0, 0.0]; reps];
        for (i, &r) in assign.iter().enumerate() {
            let v = self.visits[i];
            sums[r][0] += v * self.at[i][0];
            sums[r][1] += v * self.at[i][1];
            sums[r][2] += v;
        }
        sums.iter()
            .enumerate()
            .map(|(r, s)| if s[2] > 0.0 { [s[0] / s[2], s[1] / s[2]] } else { self.start[r] })
            .collect()
    }

    /// Driving from the start to the territory's centre and on to the end, every working day.
    fn commute_s(&self, rep: usize, centre: [f64; 2]) -> f64 {
        let km = distance_km(self.start[rep], centre) + distance_km(centre, self.end[rep]);
        self.working_days * km * self.s_per_km
    }

    /// Every rep's estimated workload: the accounts' work plus the daily commute.
    fn loads(&self, assign: &[usize], centres: &[[f64; 2]]) -> Vec<f64> {
        let mut loads: Vec<f64> = (0..centres.len()).map(|r| self.commute_s(r, centres[r])).collect();
        for (i, &r) in assign.iter().enumerate() {
            loads[r] += self.work_s[i];
        }
        loads
    }

    /// Every rep's fair share of the total workload `loads`, in proportion to capacity.
    fn targets(&self, loads: &[f64]) -> Vec<f64> {
        let total: f64 = loads.iter().sum();
        let capacity: f64 = self.capacity_s.iter().sum();
        self.capacity_s.iter().map(|c| if capacity > 0.0 { total * c / capacity } else { 0.0 }).collect()
    }

    /// Capacitated k-means from the reps' starts; fixed accounts keep their rep.
    fn grow_from_starts(&self, fixed: &[Option<usize>], reps: usize) -> Vec<usize> {
        let mut centres = self.start.clone();
        let mut assign: Vec<usize> = Vec::new();
        for _ in 0..KMEANS_ROUNDS {
            let commute: Vec<f64> = (0..reps).map(|r| self.commute_s(r, centres[r])).collect();
            let total = self.work_s.iter().sum::<f64>() + commute.iter().sum::<f64>();
            let capacity: f64 = self.capacity_s.iter().sum();
            // What each rep has room for, after the commute and the fixed accounts.
            let mut room: Vec<f64> =
                (0..reps).map(|r| total * self.capacity_s[r] / capacity - commute[r]).collect();
            let mut next: Vec<Option<usize>> = fixed.to_vec();
            for (i, rep) in fixed.iter().enumerate() {
                if let Some(r) = rep {
                    room[*r] -= self.work_s[i];
                }
            }
            let mut by_distance: Vec<(usize, Vec<usize>, f64)> = (0..self.at.len())
                .filter(|&i| fixed[i].is_none())
                .map(|i| {
                    let mut order: Vec<usize> = (0..reps).collect();
                    order.sort_by(|&a, &b| {
                        distance_km(self.at[i], centres[a]).total_cmp(&distance_km(self.at[i], centres[b]))
                    });
                    let regret = match order[..] {
                        [first, second, ..] => {
                            distance_km(self.at[i], centres[second]) - distance_km(self.at[i], centres[first])
                        }
                        _ => 0.0,
                    };
                    (i, order, regret)
                })
                .collect();
            by_distance.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            for (i, order, _) in &by_distance {
                let w = self.work_s[*i];
                let rep = order.iter().copied().find(|&r| room[r] >= w).unwrap_or_else(|| {
                    (0..reps).max_by(|&a, &b| room[a].total_cmp(&room[b]).then(b.cmp(&a))).unwrap_or(0)
                });
                room[rep] -= w;
                next[*i] = Some(rep);
            }
            let next: Vec<usize> = next.into_iter().map(|r| r.unwrap_or(0)).collect();
            if next == assign {
                break;
            }
            centres = self.centres(&next, reps);
            assign = next;
        }
        assign
    }
}

/// Boundary moves from an assignment, as described in the module docs.
struct MoveSearch<'a> {
    estimate: &'a Estimate,
    fixed: &'a [Option<usize>],
    current: &'a [usize],
    max_moves: Option<usize>,
    tolerance: f64,
}

/// A move's change of imbalance and of visit-weighted distance to the centres.
#[derive(Clone, Copy, Debug)]
struct Gain {
    imbalance_s: f64,
    distance_km: f64,
}

impl Gain {
    fn improves(self) -> bool {
        self.imbalance_s < -EPSILON_S || (self.imbalance_s < EPSILON_S && self.distance_km < -1e-9)
    }

    /// Order of trial: balance bought most cheaply in distance first, then the largest distance saved.
    fn priority(self) -> (u8, f64) {
        if self.imbalance_s < -EPSILON_S {
            (0, self.distance_km / -self.imbalance_s)
        } else {
            (1, self.distance_km)
        }
    }
}

impl MoveSearch<'_> {
    fn run(&self, assign: &mut [usize], reps: usize) {
        let estimate = self.estimate;
        let mut moves = assign.iter().zip(self.current).filter(|(a, c)| a != c).count();
        for _ in 0..MOVE_PASSES {
            let centres = estimate.centres(assign, reps);
            let mut loads = estimate.loads(assign, &centres);
            let targets = estimate.targets(&loads);
            let mut candidates: Vec<(Gain, usize, usize)> = Vec::new();
            for i in (0..assign.len()).filter(|&i| self.fixed[i].is_none()) {
                for to in self.destinations(i, assign, &centres) {
                    let gain = self.gain(i, assign[i], to, &loads, &targets, &centres);
                    if gain.improves() {
                        candidates.push((gain, i, to));
                    }
                }
            }
            candidates.sort_by(|a, b| {
                let (pa, pb) = (a.0.priority(), b.0.priority());
                pa.0.cmp(&pb.0).then(pa.1.total_cmp(&pb.1)).then((a.1, a.2).cmp(&(b.1, b.2)))
            });
            let mut moved = vec![false; assign.len()];
            let mut applied = 0;
            for (_, i, to) in candidates {
                let from = assign[i];
                if moved[i] || from == to {
                    continue;
                }
                let change = usize::from(to != self.current[i]) as isize
                    - usize::from(from != self.current[i]) as isize;
                let after = moves.checked_add_signed(change).unwrap_or(0);
                if self.max_moves.is_some_and(|max| after > max) {
                    continue;
                }
                if !self.gain(i, from, to, &loads, &targets, &centres).improves() {
                    continue;
                }
                loads[from] -= estimate.work_s[i];
                loads[to] += estimate.work_s[i];
                assign[i] = to;
                moved[i] = true;
                moves = after;
                applied += 1;
            }
            if applied == 0 {
                break;
            }
        }
    }

    /// The reps account `i` may move to: those of its nearest accounts and of the nearest centres.
    fn destinations(&self, i: usize, assign: &[usize], centres: &[[f64; 2]]) -> Vec<usize> {
        let at = self.estimate.at[i];
        let mut near_centres: Vec<usize> = (0..centres.len()).collect();
        near_centres.sort_by(|&a, &b| distance_km(at, centres[a]).total_cmp(&distance_km(at, centres[b])));
        let mut reps: Vec<usize> = self.estimate.neighbours[i]
            .iter()
            .map(|&j| assign[j])
            .chain(near_centres.into_iter().take(NEAR_CENTRES))
            .filter(|&r| r != assign[i])
            .collect();
        reps.sort_unstable();
        reps.dedup();
        reps
    }

    fn gain(
        &self,
        i: usize,
        from: usize,
        to: usize,
        loads: &[f64],
        targets: &[f64],
        centres: &[[f64; 2]],
    ) -> Gain {
        let estimate = self.estimate;
        let w = estimate.work_s[i];
        let outside =
            |load: f64, r: usize| ((load - targets[r]).abs() - self.tolerance * targets[r]).max(0.0);
        let imbalance_s = outside(loads[from] - w, from) + outside(loads[to] + w, to)
            - outside(loads[from], from)
            - outside(loads[to], to);
        let at = estimate.at[i];
        let distance_km =
            estimate.visits[i] * (distance_km(at, centres[to]) - distance_km(at, centres[from]));
        Gain { imbalance_s, distance_km }
    }
}

fn distance_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}
