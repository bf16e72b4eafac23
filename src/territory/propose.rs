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
//! **Search.** Without a move limit, the search first cuts the region into
//! one part per rep by recursive bisection: the accounts are cut across the
//! longer side of their bounding box where the work on each side matches the
//! shares of the parts on that side, down to single parts (rectangles, so
//! every part is compact and no two parts start at the same place, as
//! seeding from the reps' starts did: a quarter of a generated team starts
//! from one office). The parts are then handed to the reps at least total
//! daily drive from home to the part's centre and back (plus the drive to a
//! rep's fixed accounts), by the Hungarian method, and cut again with every
//! part's share of the accounts' work set to its rep's fair share less that
//! rep's commute, so the cut starts balanced workload and all. With a move
//! limit the search starts from the current split instead. Both then make
//! boundary changes: an account goes to the rep of one of its nearest
//! neighbours (or of a nearby centre), or is exchanged with such a neighbour,
//! when that lowers the imbalance (the workload outside the balanced band,
//! summed over the reps), or keeps it and lowers the spread (the squares of
//! those amounts, so an overloaded rep may pass work through a neighbour that
//! is overloaded less), or keeps both and shortens the visit-weighted distance
//! of accounts to their centres. Balance comes first: without a limit the
//! balance bought most cheaply in distance, with one the most balance per
//! change. The search aims at a band narrower than the tolerance
//! ([`SEARCH_BAND`]), as centres and so commutes shift with every pass, and
//! passes stop when one only shortens the distance, by less than [`SETTLED`]. Fixed
//! accounts never move; with a limit, no more than `max_moves` accounts end
//! with a rep other than their current one. Candidate changes are found and
//! priced in parallel (rayon) and applied in one fixed order.
//!
//! There are no random choices: the same region and options give the same split.

use rayon::prelude::*;
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
/// Times the parts are cut again with shares that make up for the reps' commutes
/// (the commutes change a little as the cuts move the centres).
const RECUTS: usize = 3;
/// Passes of boundary moves at most.
const MOVE_PASSES: usize = 200;
/// The share of the tolerance the search counts as balanced: the margin keeps
/// a rep inside the band when its commute shifts with the centre.
pub const SEARCH_BAND: f64 = 0.9;
/// A pass of boundary moves that only shortens the visit-weighted distance to
/// the centres by less than this share of it ends the search.
pub const SETTLED: f64 = 1e-3;
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

impl Proposal {
    /// Every rep whose estimated workload strays more than `tolerance` (0.05:
    /// 5 %) from the fair share, with how far (+0.12: 12 % over), furthest first.
    pub fn outside_band(&self, tolerance: f64) -> Vec<(usize, f64)> {
        let mut outside: Vec<(usize, f64)> = self
            .workload_s
            .iter()
            .zip(&self.target_s)
            .enumerate()
            .filter(|(_, (_, &target))| target > 0)
            .map(|(rep, (&load, &target))| (rep, load as f64 / target as f64 - 1.0))
            .filter(|&(_, deviation)| deviation.abs() > tolerance)
            .collect();
        outside.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        outside
    }
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
        assign = estimate.cut(fixed, reps);
    }
    let search = MoveSearch {
        estimate: &estimate,
        fixed,
        current: current.assignment(),
        max_moves: options.max_moves,
        tolerance: options.tolerance * SEARCH_BAND,
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
        let work_s: Vec<f64> = region
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
        // A rep with a cap on visits a day can take no more work than that
        // many visits of the region's mean work per visit, however long the shift.
        let total_visits: f64 = visits.iter().sum();
        let work_per_visit_s =
            if total_visits > 0.0 { work_s.iter().sum::<f64>() / total_visits } else { 0.0 };
        let capacity_s = region
            .reps
            .iter()
            .map(|r| {
                let shift_s = (r.shift.mean_weekday_s() - r.lunch.map_or(0, |b| b.duration_s)).max(0) as f64;
                let visits_s = r.max_visits.map_or(f64::INFINITY, |m| f64::from(m) * work_per_visit_s);
                working_days * shift_s.min(visits_s)
            })
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

    /// One part per rep by recursive bisection, handed to the reps by
    /// commute and cut again so that work plus commute match the fair shares
    /// (module docs). Fixed accounts keep their rep.
    fn cut(&self, fixed: &[Option<usize>], reps: usize) -> Vec<usize> {
        let mut part = vec![0; self.at.len()];
        let mut share = vec![1.0; reps];
        let mut holder: Vec<usize> = (0..reps).collect();
        let capacity: f64 = self.capacity_s.iter().sum();
        for round in 0..=RECUTS {
            let mut order: Vec<usize> = (0..self.at.len()).collect();
            self.bisect(&mut order, 0, &share, &mut part);
            if round == RECUTS {
                break;
            }
            let centres = self.centres(&part, reps);
            if round == 0 {
                holder = self.hand_out(&centres, fixed);
            }
            let commute: Vec<f64> = (0..reps).map(|t| self.commute_s(holder[t], centres[t])).collect();
            let total = self.work_s.iter().sum::<f64>() + commute.iter().sum::<f64>();
            share = (0..reps)
                .map(|t| {
                    let fair =
                        if capacity > 0.0 { total * self.capacity_s[holder[t]] / capacity } else { 0.0 };
                    (fair - commute[t]).max(0.0)
                })
                .collect();
        }
        part.iter().enumerate().map(|(i, &t)| fixed[i].unwrap_or(holder[t])).collect()
    }

    /// The rep of every part whose centre is at `centres`: least total daily
    /// commute, each fixed account's drive from its rep's part counted in.
    fn hand_out(&self, centres: &[[f64; 2]], fixed: &[Option<usize>]) -> Vec<usize> {
        let reps = centres.len();
        let mut cost: Vec<Vec<f64>> =
            (0..reps).map(|r| centres.iter().map(|&c| self.commute_s(r, c)).collect()).collect();
        for (i, rep) in fixed.iter().enumerate() {
            if let Some(r) = *rep {
                for (t, &c) in centres.iter().enumerate() {
                    cost[r][t] += self.visits[i] * distance_km(self.at[i], c) * self.s_per_km;
                }
            }
        }
        let part_of = least_cost_assignment(&cost);
        let mut holder = vec![0; reps];
        for (r, &t) in part_of.iter().enumerate() {
            holder[t] = r;
        }
        holder
    }

    /// Cuts `accounts` into `share.len()` parts, numbered from `first`, whose
    /// work is in proportion to `share`: across the longer side of their
    /// bounding box, parts on either side, then each side again.
    fn bisect(&self, accounts: &mut [usize], first: usize, share: &[f64], part: &mut [usize]) {
        let parts = share.len();
        if parts <= 1 || accounts.len() <= 1 {
            for &i in accounts.iter() {
                part[i] = first;
            }
            return;
        }
        let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for &i in accounts.iter() {
            for axis in 0..2 {
                low[axis] = low[axis].min(self.at[i][axis]);
                high[axis] = high[axis].max(self.at[i][axis]);
            }
        }
        let axis = usize::from(high[1] - low[1] > high[0] - low[0]);
        accounts.sort_unstable_by(|&a, &b| self.at[a][axis].total_cmp(&self.at[b][axis]).then(a.cmp(&b)));
        let left = parts / 2;
        let work_s: f64 = accounts.iter().map(|&i| self.work_s[i]).sum();
        let shares: f64 = share.iter().sum();
        let wanted_s =
            if shares > 0.0 { work_s * share[..left].iter().sum::<f64>() / shares } else { work_s / 2.0 };
        let mut sum_s = 0.0;
        let mut cut = 0;
        while cut < accounts.len() && sum_s + self.work_s[accounts[cut]] / 2.0 < wanted_s {
            sum_s += self.work_s[accounts[cut]];
            cut += 1;
        }
        let (near, far) = accounts.split_at_mut(cut.clamp(1, accounts.len() - 1));
        self.bisect(near, first, &share[..left], part);
        self.bisect(far, first + left, &share[left..], part);
    }
}

/// The column for every row of a square `cost` matrix, one row per column, at
/// the least total cost (the Hungarian method with potentials, O(n³)).
fn least_cost_assignment(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    // Row and column potentials, the row holding each column, and the path
    // back to the free row; index 0 stands for "none".
    let mut row_potential = vec![0.0; n + 1];
    let mut column_potential = vec![0.0; n + 1];
    let mut row_of = vec![0usize; n + 1];
    let mut previous = vec![0usize; n + 1];
    for row in 1..=n {
        row_of[0] = row;
        let mut column = 0;
        let mut slack = vec![f64::INFINITY; n + 1];
        let mut visited = vec![false; n + 1];
        loop {
            visited[column] = true;
            let from = row_of[column];
            let mut delta = f64::INFINITY;
            let mut next = 0;
            for j in 1..=n {
                if visited[j] {
                    continue;
                }
                let reduced = cost[from - 1][j - 1] - row_potential[from] - column_potential[j];
                if reduced < slack[j] {
                    slack[j] = reduced;
                    previous[j] = column;
                }
                if slack[j] < delta {
                    delta = slack[j];
                    next = j;
                }
            }
            for j in 0..=n {
                if visited[j] {
                    row_potential[row_of[j]] += delta;
                    column_potential[j] -= delta;
                } else {
                    slack[j] -= delta;
                }
            }
            column = next;
            if row_of[column] == 0 {
                break;
            }
        }
        while column != 0 {
            let back = previous[column];
            row_of[column] = row_of[back];
            column = back;
        }
    }
    let mut column_of = vec![0; n];
    for j in 1..=n {
        column_of[row_of[j] - 1] = j - 1;
    }
    column_of
}

/// Boundary moves from an assignment, as described in the module docs.
struct MoveSearch<'a> {
    estimate: &'a Estimate,
    fixed: &'a [Option<usize>],
    current: &'a [usize],
    max_moves: Option<usize>,
    /// The band the search aims at: the tolerance times [`SEARCH_BAND`].
    tolerance: f64,
}

/// One account goes to rep `to`; with a partner (an account of `to`), the
/// partner comes back in exchange, which keeps the loads nearly level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Change {
    account: usize,
    to: usize,
    partner: Option<usize>,
}

/// A change's effect on the imbalance, on the spread (each rep's workload
/// outside the band squared, over its fair share) and on the visit-weighted
/// distance to the centres.
#[derive(Clone, Copy, Debug)]
struct Gain {
    imbalance_s: f64,
    spread_s: f64,
    distance_km: f64,
}

impl Gain {
    fn improves(self) -> bool {
        self.imbalance_s < -EPSILON_S
            || (self.imbalance_s < EPSILON_S
                && (self.spread_s < -EPSILON_S || (self.spread_s < EPSILON_S && self.distance_km < -1e-9)))
    }

    /// Whether the change is made for balance (imbalance or spread) rather than compactness.
    fn balances(self) -> bool {
        self.imbalance_s < -EPSILON_S || self.spread_s < -EPSILON_S
    }

    /// Order of trial: balance first, then spread, then the largest distance
    /// saved. With moves limited, each move is scarce, so the most balance per
    /// change comes first; otherwise the balance bought most cheaply in distance.
    fn priority(self, moves_limited: bool) -> (u8, f64) {
        match (self.imbalance_s < -EPSILON_S, moves_limited) {
            (true, true) => (0, self.imbalance_s),
            (true, false) => (0, self.distance_km / -self.imbalance_s),
            (false, _) if self.spread_s < -EPSILON_S => (1, self.spread_s),
            (false, _) => (2, self.distance_km),
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
            // Summed in order: a parallel sum would depend on the thread count.
            let distance_km: f64 = (0..assign.len())
                .map(|i| estimate.visits[i] * distance_km(estimate.at[i], centres[assign[i]]))
                .sum();
            let mut candidates: Vec<(Gain, Change)> = self
                .changes(assign, &centres)
                .into_par_iter()
                .map(|change| (self.gain(change, assign, &loads, &targets, &centres), change))
                .filter(|(gain, _)| gain.improves())
                .collect();
            candidates.par_sort_unstable_by(|(a, ca), (b, cb)| {
                let limited = self.max_moves.is_some();
                let (pa, pb) = (a.priority(limited), b.priority(limited));
                pa.0.cmp(&pb.0).then(pa.1.total_cmp(&pb.1)).then(ca.cmp(cb))
            });
            let mut touched = vec![false; assign.len()];
            let (mut balancing, mut saved_km) = (0, 0.0);
            for (_, change) in candidates {
                let from = assign[change.account];
                let partner_stayed = change.partner.is_none_or(|j| assign[j] == change.to && !touched[j]);
                if touched[change.account] || from == change.to || !partner_stayed {
                    continue;
                }
                let after = moves.checked_add_signed(self.moves_change(change, assign)).unwrap_or(0);
                let gain = self.gain(change, assign, &loads, &targets, &centres);
                if self.max_moves.is_some_and(|max| after > max) || !gain.improves() {
                    continue;
                }
                if gain.balances() {
                    balancing += 1;
                } else {
                    saved_km -= gain.distance_km;
                }
                let mut shifted_s = estimate.work_s[change.account];
                assign[change.account] = change.to;
                touched[change.account] = true;
                if let Some(j) = change.partner {
                    shifted_s -= estimate.work_s[j];
                    assign[j] = from;
                    touched[j] = true;
                }
                loads[from] -= shifted_s;
                loads[change.to] += shifted_s;
                moves = after;
            }
            if balancing == 0 && saved_km <= SETTLED * distance_km {
                break;
            }
        }
    }

    /// The changes worth trying: every free account to the reps of its
    /// nearest accounts and of the nearest centres, and exchanged with each
    /// of its nearest accounts held by another rep.
    fn changes(&self, assign: &[usize], centres: &[[f64; 2]]) -> Vec<Change> {
        let free = |i: usize| self.fixed[i].is_none();
        let tree =
            RTree::bulk_load(centres.iter().enumerate().map(|(r, &c)| GeomWithData::new(c, r)).collect());
        (0..assign.len())
            .into_par_iter()
            .filter(|&i| free(i))
            .flat_map_iter(|i| {
                let near_centres = tree.nearest_neighbor_iter(&self.estimate.at[i]).take(NEAR_CENTRES);
                let mut reps: Vec<usize> = self.estimate.neighbours[i]
                    .iter()
                    .map(|&j| assign[j])
                    .chain(near_centres.map(|centre| centre.data))
                    .filter(|&r| r != assign[i])
                    .collect();
                reps.sort_unstable();
                reps.dedup();
                let exchanges = self.estimate.neighbours[i]
                    .iter()
                    .filter(move |&&j| j > i && free(j) && assign[j] != assign[i])
                    .map(move |&j| Change { account: i, to: assign[j], partner: Some(j) });
                reps.into_iter()
                    .map(move |to| Change { account: i, to, partner: None })
                    .chain(exchanges)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// How the count of accounts away from their current rep changes.
    fn moves_change(&self, change: Change, assign: &[usize]) -> isize {
        let away = |account: usize, rep: usize| isize::from(rep != self.current[account]);
        let from = assign[change.account];
        let mut delta = away(change.account, change.to) - away(change.account, from);
        if let Some(j) = change.partner {
            delta += away(j, from) - away(j, change.to);
        }
        delta
    }

    fn gain(
        &self,
        change: Change,
        assign: &[usize],
        loads: &[f64],
        targets: &[f64],
        centres: &[[f64; 2]],
    ) -> Gain {
        let estimate = self.estimate;
        let (i, to) = (change.account, change.to);
        let from = assign[i];
        let spoke = |account: usize, rep: usize| {
            estimate.visits[account] * distance_km(estimate.at[account], centres[rep])
        };
        let mut shifted_s = estimate.work_s[i];
        let mut distance_km = spoke(i, to) - spoke(i, from);
        if let Some(j) = change.partner {
            shifted_s -= estimate.work_s[j];
            distance_km += spoke(j, from) - spoke(j, to);
        }
        let outside =
            |load: f64, r: usize| ((load - targets[r]).abs() - self.tolerance * targets[r]).max(0.0);
        let imbalance_s = outside(loads[from] - shifted_s, from) + outside(loads[to] + shifted_s, to)
            - outside(loads[from], from)
            - outside(loads[to], to);
        let squared = |load: f64, r: usize| outside(load, r).powi(2) / targets[r].max(1.0);
        let spread_s = squared(loads[from] - shifted_s, from) + squared(loads[to] + shifted_s, to)
            - squared(loads[from], from)
            - squared(loads[to], to);
        Gain { imbalance_s, spread_s, distance_km }
    }
}

fn distance_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate_region, GenerateOptions, Shape};

    fn region(shape: Shape) -> Region {
        generate_region(&GenerateOptions {
            accounts: 600,
            reps: 6,
            seed: 3,
            shape,
            today: "2026-11-24".parse().unwrap(),
            centre: None,
            radius_km: None,
        })
    }

    fn options(max_moves: Option<usize>) -> ProposeOptions {
        ProposeOptions { working_days: 20, estimate: StraightLine::default(), max_moves, tolerance: 0.05 }
    }

    fn within_band(proposal: &Proposal, tolerance: f64) -> bool {
        proposal
            .workload_s
            .iter()
            .zip(&proposal.target_s)
            .all(|(&load, &target)| (load - target).abs() as f64 <= tolerance * target as f64 + 1.0)
    }

    #[test]
    fn every_rep_ends_within_the_balance_band_and_holds_accounts() {
        for shape in [Shape::City, Shape::Suburban, Shape::Rural] {
            let region = region(shape);
            let current = Split::current(&region).split;
            let none = vec![None; region.accounts.len()];
            let proposal = propose(&region, &current, &none, &options(None)).unwrap();
            assert!(
                within_band(&proposal, 0.05),
                "{shape:?}: {:?} vs {:?}",
                proposal.workload_s,
                proposal.target_s
            );
            assert!(proposal.split.counts().iter().all(|&c| c > 0), "{shape:?}");
            assert_eq!(proposal.moves, proposal.split.moves_from(&current));
        }
    }

    /// A rep allowed 8 visits a day gets the work of 8 mean visits, not of
    /// a full shift, and so a smaller share of the region's work.
    #[test]
    fn a_cap_on_visits_a_day_lowers_a_reps_fair_share() {
        let mut region = region(Shape::Suburban);
        let current = Split::current(&region).split;
        let none = vec![None; region.accounts.len()];
        let free = propose(&region, &current, &none, &options(None)).unwrap();
        region.reps[0].max_visits = Some(8);
        let estimate = Estimate::new(&region, &options(None));
        let per_visit_s = estimate.work_s.iter().sum::<f64>() / estimate.visits.iter().sum::<f64>();
        assert_eq!(estimate.capacity_s[0], 20.0 * 8.0 * per_visit_s);
        assert!(estimate.capacity_s[0] < estimate.capacity_s[1]);
        let capped = propose(&region, &current, &none, &options(None)).unwrap();
        assert!(capped.target_s[0] < free.target_s[0], "{} vs {}", capped.target_s[0], free.target_s[0]);
        assert!(capped.target_s[1] > free.target_s[1]);
        assert!(within_band(&capped, 0.05), "{:?} vs {:?}", capped.workload_s, capped.target_s);
    }

    #[test]
    fn the_hungarian_method_finds_the_cheapest_assignment() {
        // Greedy would give row 0 its cheapest column (0) and pay 1 + 100.
        assert_eq!(least_cost_assignment(&[vec![1.0, 2.0], vec![3.0, 100.0]]), vec![1, 0]);
        // Against every permutation of a 5 x 5 matrix of scattered costs.
        let cost: Vec<Vec<f64>> =
            (0..5).map(|r| (0..5).map(|c| f64::from((r * 7 + c * 13 + r * c * 5) % 11)).collect()).collect();
        let total = |columns: &[usize]| columns.iter().enumerate().map(|(r, &c)| cost[r][c]).sum::<f64>();
        let mut best = f64::INFINITY;
        let mut columns: Vec<usize> = (0..5).collect();
        permutations(&mut columns, 0, &mut |p| best = best.min(total(p)));
        let found = least_cost_assignment(&cost);
        let mut used = found.clone();
        used.sort_unstable();
        assert_eq!(used, vec![0, 1, 2, 3, 4], "one row per column");
        assert_eq!(total(&found), best);
    }

    fn permutations(items: &mut [usize], k: usize, visit: &mut impl FnMut(&[usize])) {
        if k == items.len() {
            visit(items);
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, visit);
            items.swap(k, i);
        }
    }

    #[test]
    fn bisection_cuts_work_in_proportion_to_the_shares() {
        let region = region(Shape::Suburban);
        let estimate = Estimate::new(&region, &options(None));
        let share = [1.0, 2.0, 1.0, 3.0, 1.0];
        let mut part = vec![usize::MAX; region.accounts.len()];
        let mut order: Vec<usize> = (0..region.accounts.len()).collect();
        estimate.bisect(&mut order, 0, &share, &mut part);
        let mut work_s = [0.0; 5];
        for (i, &p) in part.iter().enumerate() {
            work_s[p] += estimate.work_s[i];
        }
        let total: f64 = work_s.iter().sum();
        let largest_s = estimate.work_s.iter().copied().fold(0.0, f64::max);
        for (p, &s) in share.iter().enumerate() {
            let wanted_s = total * s / 8.0;
            // Each cut is off by at most one account, and a part lies below three cuts.
            assert!((work_s[p] - wanted_s).abs() <= 3.0 * largest_s, "part {p}: {} vs {wanted_s}", work_s[p]);
        }
    }

    #[test]
    fn a_team_starting_from_one_office_is_balanced_without_empty_territories() {
        // 3 000 accounts, 40 reps: ten start from the office, the seeding that
        // grew territories from the starts left some of them without accounts.
        let region = generate_region(&GenerateOptions {
            accounts: 3000,
            reps: 40,
            seed: 1,
            shape: Shape::Suburban,
            today: "2026-11-23".parse().unwrap(),
            centre: None,
            radius_km: None,
        });
        let current = Split::current(&region).split;
        let none = vec![None; region.accounts.len()];
        let proposal = propose(&region, &current, &none, &options(None)).unwrap();
        assert_eq!(
            proposal.outside_band(0.05),
            vec![],
            "{:?} vs {:?}",
            proposal.workload_s,
            proposal.target_s
        );
        assert!(proposal.split.counts().iter().all(|&c| c > 0));
        let tight = proposal.outside_band(0.001);
        assert!(
            !tight.is_empty() && tight.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()),
            "furthest first"
        );
    }

    #[test]
    fn fixed_accounts_keep_their_rep_and_the_same_input_gives_the_same_split() {
        let region = region(Shape::City);
        let current = Split::current(&region).split;
        let mut fixed = vec![None; region.accounts.len()];
        for account in (0..region.accounts.len()).step_by(25) {
            fixed[account] = Some(account % region.reps.len());
        }
        let proposal = propose(&region, &current, &fixed, &options(None)).unwrap();
        for (account, rep) in fixed.iter().enumerate() {
            if let Some(rep) = rep {
                assert_eq!(proposal.split.rep_of(account), *rep, "account {account}");
            }
        }
        assert_eq!(propose(&region, &current, &fixed, &options(None)).unwrap(), proposal);
    }

    #[test]
    fn a_move_limit_caps_the_changes_from_the_current_split_and_fixed_accounts_count() {
        let region = region(Shape::Suburban);
        let current = Split::current(&region).split;
        let none = vec![None; region.accounts.len()];
        let (before, targets) = estimate_workloads(&region, &current, &options(None));
        let spread =
            |loads: &[Seconds]| -> i64 { loads.iter().zip(&targets).map(|(l, t)| (l - t).abs()).sum() };
        for max_moves in [0, 10, 40] {
            let proposal = propose(&region, &current, &none, &options(Some(max_moves))).unwrap();
            assert!(proposal.moves <= max_moves, "{} > {max_moves}", proposal.moves);
            if max_moves == 0 {
                assert_eq!(proposal.split, current);
            } else {
                assert!(spread(&proposal.workload_s) < spread(&before), "moves balance the workloads");
            }
        }
        // Two fixed accounts away from their current rep are two moves already.
        let mut fixed = none.clone();
        fixed[0] = Some((current.rep_of(0) + 1) % region.reps.len());
        fixed[1] = Some((current.rep_of(1) + 1) % region.reps.len());
        let error = propose(&region, &current, &fixed, &options(Some(1))).unwrap_err();
        assert_eq!(error, ProposeError::FixedExceedMoves { fixed: 2, max_moves: 1 });
        let proposal = propose(&region, &current, &fixed, &options(Some(2))).unwrap();
        assert_eq!(proposal.moves, 2);
        assert_eq!(
            (proposal.split.rep_of(0), proposal.split.rep_of(1)),
            (fixed[0].unwrap(), fixed[1].unwrap())
        );
    }
}
