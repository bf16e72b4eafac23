//! A split of the accounts between the reps: which rep holds which account.
//!
//! [`Split`] stores one rep index per account, in the region's order, and
//! every account has a rep. [`Split::current`] reads the split a region
//! already has from its accounts' `territory` column; [`Split::apply`] writes a
//! split back into that column, so that the day planner lets only the
//! account's own rep visit it.

use geo::{Distance, Haversine, Point};

use crate::model::{LatLon, Region};

/// The rep (index into the region's reps) of every account (index into its accounts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    rep_of: Vec<usize>,
    reps: usize,
}

/// The split a region's `territory` column describes, with the accounts that had none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentSplit {
    /// Every account with its rep.
    pub split: Split,
    /// Accounts without a territory, given to the rep whose day starts nearest.
    pub defaulted: Vec<usize>,
}

impl Split {
    /// A split of `rep_of.len()` accounts between `reps` reps.
    ///
    /// # Panics
    /// When a rep index is not below `reps`: readers check rep ids before building a split.
    pub fn new(rep_of: Vec<usize>, reps: usize) -> Split {
        assert!(rep_of.iter().all(|&r| r < reps), "every rep index is below the number of reps");
        Split { rep_of, reps }
    }

    /// The split in `region`'s `territory` column.
    ///
    /// An account without a territory may be visited by any rep in a day plan;
    /// a split must name one, so it goes to the rep whose day starts nearest
    /// (great-circle distance; the earlier rep in `reps.csv` on a tie), as a
    /// manager would hand out an unclaimed shop. Those accounts are listed in
    /// [`CurrentSplit::defaulted`] so the caller can say how many there were.
    pub fn current(region: &Region) -> CurrentSplit {
        let mut defaulted = Vec::new();
        let rep_of = region
            .accounts
            .iter()
            .enumerate()
            .map(|(index, account)| match account.territory.as_deref().and_then(|id| region.rep_index(id)) {
                Some(rep) => rep,
                None => {
                    defaulted.push(index);
                    nearest_start(region, account.location)
                }
            })
            .collect();
        CurrentSplit { split: Split::new(rep_of, region.reps.len()), defaulted }
    }

    /// Number of accounts.
    pub fn accounts(&self) -> usize {
        self.rep_of.len()
    }

    /// Number of reps the accounts are split between.
    pub fn reps(&self) -> usize {
        self.reps
    }

    /// The rep holding `account`.
    pub fn rep_of(&self, account: usize) -> usize {
        self.rep_of[account]
    }

    /// The rep of every account, in account order.
    pub fn assignment(&self) -> &[usize] {
        &self.rep_of
    }

    /// The accounts `rep` holds, in account order.
    pub fn accounts_of(&self, rep: usize) -> impl Iterator<Item = usize> + '_ {
        self.rep_of.iter().enumerate().filter(move |&(_, &r)| r == rep).map(|(account, _)| account)
    }

    /// How many accounts each rep holds.
    pub fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.reps];
        for &rep in &self.rep_of {
            counts[rep] += 1;
        }
        counts
    }

    /// How many accounts have a different rep in `other`: the changes a
    /// manager would have to announce when moving from `other` to this split.
    pub fn moves_from(&self, other: &Split) -> usize {
        self.rep_of.iter().zip(&other.rep_of).filter(|(a, b)| a != b).count()
    }

    /// `region` with every account's `territory` set to its rep in this split,
    /// so that a plan of it visits each account only by its own rep.
    pub fn apply(&self, region: &Region) -> Region {
        let mut applied = region.clone();
        for (account, &rep) in applied.accounts.iter_mut().zip(&self.rep_of) {
            account.territory = Some(region.reps[rep].id.clone());
        }
        applied
    }
}

/// The rep whose day starts nearest to `place`.
fn nearest_start(region: &Region, place: LatLon) -> usize {
    let point = |p: LatLon| Point::new(p.lon, p.lat);
    let distance = |rep: usize| Haversine.distance(point(region.reps[rep].start), point(place));
    (0..region.reps.len()).min_by(|&a, &b| distance(a).total_cmp(&distance(b))).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Priority, Rep, TimeWindow};

    fn region(territories: &[Option<&str>]) -> Region {
        let rep = |id: &str, lat: f64| Rep {
            id: id.into(),
            name: String::new(),
            start: LatLon { lat, lon: 25.0 },
            end: LatLon { lat, lon: 25.0 },
            shift: TimeWindow::new(8 * 3600, 16 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        let accounts = territories
            .iter()
            .enumerate()
            .map(|(i, territory)| Account {
                id: format!("A{i}"),
                name: String::new(),
                address: String::new(),
                location: LatLon { lat: 60.0 + 0.1 * i as f64, lon: 25.0 },
                service_s: 600,
                hours: Default::default(),
                every_days: 7,
                last_visit: None,
                priority: Priority::Normal,
                territory: territory.map(str::to_string),
                preferred_days: Vec::new(),
            })
            .collect();
        Region { accounts, reps: vec![rep("R1", 60.0), rep("R2", 60.3)], ..Default::default() }
    }

    #[test]
    fn current_keeps_territories_and_gives_the_rest_to_the_nearest_start() {
        let region = region(&[None, Some("R2"), None, None, Some("R1")]);
        let current = Split::current(&region);
        // A0 at 60.0 is R1's home, A2 at 60.2 and A3 at 60.3 are nearer R2's.
        assert_eq!(current.split.assignment(), &[0, 1, 1, 1, 0]);
        assert_eq!(current.defaulted, vec![0, 2, 3]);
        assert_eq!(current.split.counts(), vec![2, 3]);
        assert_eq!(current.split.accounts_of(1).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn apply_sets_every_territory_and_moves_count_changed_reps() {
        let region = region(&[None, None, None]);
        let split = Split::new(vec![1, 0, 1], 2);
        let applied = split.apply(&region);
        let territories: Vec<_> = applied.accounts.iter().map(|a| a.territory.as_deref()).collect();
        assert_eq!(territories, vec![Some("R2"), Some("R1"), Some("R2")]);
        assert_eq!(Split::current(&applied).split, split);
        assert_eq!(split.moves_from(&Split::new(vec![1, 1, 1], 2)), 1);
    }
}
