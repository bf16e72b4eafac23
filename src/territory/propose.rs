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
//! by balanced k-means: every account joins the centre nearest to it once
//! the rep's price is added, a rep above the fair share raises its price and
//! one below lowers it, and every centre moves to its accounts'
//! visit-weighted mean (prices make the territories weighted Voronoi cells,
//! so no account is handed to a far rep just because nearer ones are full).
//! Then two reps trade their whole territories while that shortens their
//! daily drives from home without losing balance. With a move limit the
//! search starts from the current split instead. Both then make boundary
//! changes: an account goes to the rep of one of its nearest neighbours (or
//! of a nearby centre), or is exchanged with such a neighbour, when that
//! lowers the imbalance (the workload outside the balanced band, summed over
//! the reps) or keeps it and shortens the visit-weighted distance of accounts
//! to their centres. Balance comes first: without a limit the balance bought
//! most cheaply in distance, with one the most balance per change. Fixed
//! accounts never move; with a limit, no more than `max_moves` accounts end
//! with a rep other than their current one.
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
/// Rounds of balanced k-means.
const KMEANS_ROUNDS: usize = 100;
/// Rounds after which the price step of balanced k-means is half the first.
const PRICE_HALVING_ROUNDS: f64 = 10.0;
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
        estimate.hand_out(&mut assign, fixed, reps, options.tolerance);
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
            .map(|r| {
                working_days * (r.shift.mean_weekday_s() - r.lunch.map_or(0, |b| b.duration_s)).max(0) as f64
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

    /// Hands the territories of `assign` to the reps so that the daily drives
    /// from the starts to the centres and on to the ends are short: two reps
    /// trade territories while that shortens their drives and keeps the
    /// balance. A territory holding fixed accounts stays with its rep.
    fn hand_out(&self, assign: &mut [usize], fixed: &[Option<usize>], reps: usize, tolerance: f64) {
        let centres = self.centres(assign, reps);
        let mut work = vec![0.0; reps];
        let mut pinned = vec![false; reps];
        for (i, &t) in assign.iter().enumerate() {
            work[t] += self.work_s[i];
            pinned[t] |= fixed[i].is_some();
        }
        let capacity: f64 = self.capacity_s.iter().sum();
        // Total commute and imbalance when rep r holds territory held[r].
        let score = |held: &[usize]| {
            let loads: Vec<f64> =
                (0..reps).map(|r| work[held[r]] + self.commute_s(r, centres[held[r]])).collect();
            let total: f64 = loads.iter().sum();
            let imbalance: f64 = (0..reps)
                .map(|r| {
                    let target = total * self.capacity_s[r] / capacity;
                    ((loads[r] - target).abs() - tolerance * target).max(0.0)
                })
                .sum();
            let commute: f64 = (0..reps).map(|r| self.commute_s(r, centres[held[r]])).sum();
            (imbalance, commute)
        };
        let mut held: Vec<usize> = (0..reps).collect();
        let mut best = score(&held);
        for _ in 0..reps * reps {
            let mut traded = false;
            for r in 0..reps {
                for s in r + 1..reps {
                    if pinned[held[r]] || pinned[held[s]] {
                        continue;
                    }
                    held.swap(r, s);
                    let trial = score(&held);
                    if trial.1 < best.1 - EPSILON_S && trial.0 <= best.0 + EPSILON_S {
                        best = trial;
                        traded = true;
                    } else {
                        held.swap(r, s);
                    }
                }
            }
            if !traded {
                break;
            }
        }
        let mut holder = vec![0; reps];
        for (r, &t) in held.iter().enumerate() {
            holder[t] = r;
        }
        for t in assign.iter_mut() {
            *t = holder[*t];
        }
    }

    /// Balanced k-means from the reps' starts: every free account joins the
    /// rep whose centre is nearest once the rep's price is added; a rep above
    /// the fair share raises the price and one below lowers it, by steps that
    /// shrink round by round, and every centre moves to its accounts'
    /// visit-weighted mean. Fixed accounts keep their rep.
    fn grow_from_starts(&self, fixed: &[Option<usize>], reps: usize) -> Vec<usize> {
        let n = self.at.len().max(1) as f64;
        let mean = self.at.iter().fold([0.0, 0.0], |m, p| [m[0] + p[0] / n, m[1] + p[1] / n]);
        let spread_km = (self.at.iter().map(|&p| distance_km(p, mean).powi(2)).sum::<f64>() / n).sqrt();
        let mut centres = self.start.clone();
        let mut price_km = vec![0.0; reps];
        let mut assign = vec![0; self.at.len()];
        for round in 0..KMEANS_ROUNDS {
            for (i, rep) in assign.iter_mut().enumerate() {
                *rep = fixed[i].unwrap_or_else(|| {
                    let cost = |r: usize| distance_km(self.at[i], centres[r]) + price_km[r];
                    (0..reps).min_by(|&a, &b| cost(a).total_cmp(&cost(b))).unwrap_or(0)
                });
            }
            centres = self.centres(&assign, reps);
            let loads = self.loads(&assign, &centres);
            let targets = self.targets(&loads);
            let step_km = spread_km / (1.0 + round as f64 / PRICE_HALVING_ROUNDS);
            for r in 0..reps {
                if targets[r] > 0.0 {
                    price_km[r] += step_km * (loads[r] / targets[r] - 1.0);
                }
            }
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

/// One account goes to rep `to`; with a partner (an account of `to`), the
/// partner comes back in exchange, which keeps the loads nearly level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Change {
    account: usize,
    to: usize,
    partner: Option<usize>,
}

/// A change's effect on the imbalance and on the visit-weighted distance to the centres.
#[derive(Clone, Copy, Debug)]
struct Gain {
    imbalance_s: f64,
    distance_km: f64,
}

impl Gain {
    fn improves(self) -> bool {
        self.imbalance_s < -EPSILON_S || (self.imbalance_s < EPSILON_S && self.distance_km < -1e-9)
    }

    /// Order of trial: balance first, then the largest distance saved. With
    /// moves limited, each move is scarce, so the most balance per change comes
    /// first; otherwise the balance bought most cheaply in distance.
    fn priority(self, moves_limited: bool) -> (u8, f64) {
        match (self.imbalance_s < -EPSILON_S, moves_limited) {
            (true, true) => (0, self.imbalance_s),
            (true, false) => (0, self.distance_km / -self.imbalance_s),
            (false, _) => (1, self.distance_km),
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
            let mut candidates: Vec<(Gain, Change)> = self
                .changes(assign, &centres)
                .into_iter()
                .map(|change| (self.gain(change, assign, &loads, &targets, &centres), change))
                .filter(|(gain, _)| gain.improves())
                .collect();
            candidates.sort_by(|(a, ca), (b, cb)| {
                let limited = self.max_moves.is_some();
                let (pa, pb) = (a.priority(limited), b.priority(limited));
                pa.0.cmp(&pb.0).then(pa.1.total_cmp(&pb.1)).then(ca.cmp(cb))
            });
            let mut touched = vec![false; assign.len()];
            let mut applied = 0;
            for (_, change) in candidates {
                let from = assign[change.account];
                let partner_stayed = change.partner.is_none_or(|j| assign[j] == change.to && !touched[j]);
                if touched[change.account] || from == change.to || !partner_stayed {
                    continue;
                }
                let after = moves.checked_add_signed(self.moves_change(change, assign)).unwrap_or(0);
                if self.max_moves.is_some_and(|max| after > max)
                    || !self.gain(change, assign, &loads, &targets, &centres).improves()
                {
                    continue;
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
                applied += 1;
            }
            if applied == 0 {
                break;
            }
        }
    }

    /// The changes worth trying: every free account to the reps of its
    /// nearest accounts and of the nearest centres, and exchanged with each
    /// of its nearest accounts held by another rep.
    fn changes(&self, assign: &[usize], centres: &[[f64; 2]]) -> Vec<Change> {
        let free = |i: usize| self.fixed[i].is_none();
        let mut changes = Vec::new();
        for i in (0..assign.len()).filter(|&i| free(i)) {
            let at = self.estimate.at[i];
            let mut near_centres: Vec<(f64, usize)> =
                centres.iter().enumerate().map(|(r, &c)| (distance_km(at, c), r)).collect();
            let nearest = NEAR_CENTRES.min(near_centres.len());
            if nearest > 0 && nearest < near_centres.len() {
                near_centres
                    .select_nth_unstable_by(nearest - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            let mut reps: Vec<usize> = self.estimate.neighbours[i]
                .iter()
                .map(|&j| assign[j])
                .chain(near_centres[..nearest].iter().map(|&(_, r)| r))
                .filter(|&r| r != assign[i])
                .collect();
            reps.sort_unstable();
            reps.dedup();
            changes.extend(reps.into_iter().map(|to| Change { account: i, to, partner: None }));
            changes.extend(
                self.estimate.neighbours[i]
                    .iter()
                    .filter(|&&j| j > i && free(j) && assign[j] != assign[i])
                    .map(|&j| Change { account: i, to: assign[j], partner: Some(j) }),
            );
        }
        changes
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
        Gain { imbalance_s, distance_km }
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
