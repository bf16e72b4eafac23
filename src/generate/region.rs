//! Realistic sample regions for the shipped fixture, tests and benchmarks.
//!
//! [`generate_region`] turns [`GenerateOptions`] into a [`Region`]: accounts
//! clustered around a real place in one of three [`Shape`]s, with the opening
//! hours, lunch closures, visit lengths, frequencies and visit history that
//! make planning hard in the field, and reps living around the region. Every
//! random choice comes from one [`Rng`] seeded by `options.seed`, so a seed
//! names a region on every platform.
//!
//! # How busy a day is
//!
//! Frequencies are 7, 14, 28 or 56 days (30 / 40 / 27 / 3 %), and each last
//! visit fell on a working day picked evenly from the account's last cycle,
//! with 4 % of accounts overdue and 3 % never visited. So on any working day
//! about 15 % of the accounts are due: 46 of 300 on average over 100 seeds,
//! the same for every shape and weekday.
//!
//! A visit averages about 25 minutes and a rep's day is 8.5 hours less lunch.
//! Due accounts of a City region lie 1-3 minutes' drive apart at the default
//! 30 km/h, so a City rep fits about 15 visits; Suburban ones lie about 6
//! minutes apart (about 13 visits); Rural ones 15-20 minutes apart with an
//! hour's drive from home (about 8 visits). A day the reps can just cover thus
//! has about 100 accounts per City rep, 85 per Suburban and 50 per Rural rep;
//! these are estimates, and fewer accounts per rep leave slack.

use std::f64::consts::TAU;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::model::{
    Account, BreakRule, Holidays, LatLon, OpeningHours, Priority, Region, Rep, Seconds, TimeWindow,
};
use crate::solver::rng::Rng;

/// How densely the accounts of a region are packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Central Helsinki: most accounts within 5 km, in tight clusters that
    /// stand for shopping streets and malls.
    City,
    /// The Helsinki metro area with Espoo and Vantaa: town-centre clusters and
    /// scattered shops within about 25 km.
    Suburban,
    /// Kymenlaakso between Kouvola and Kotka: small villages and lone shops within about
    /// 85 km, with long drives between them.
    Rural,
}

impl Shape {
    /// The lower-case name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::City => "city",
            Shape::Suburban => "suburban",
            Shape::Rural => "rural",
        }
    }

    /// How this shape spreads its accounts.
    fn layout(self) -> Layout {
        match self {
            Shape::City => Layout {
                centre: LatLon { lat: 60.1699, lon: 24.9384 },
                radius_km: 5.5,
                cluster_radius_km: 4.0,
                cluster_sigma_km: 0.3,
                accounts_per_cluster: 40,
                clusters_min: 3,
                clusters_max: 8,
                clustered_share: 0.75,
                // Helsinki's centre is a peninsula: the sea starts half a
                // kilometre south and curves north on both sides.
                south_max_km: 0.6,
                coast_slope: 0.6,
                east_max_km: f64::INFINITY,
            },
            Shape::Suburban => Layout {
                centre: LatLon { lat: 60.23, lon: 24.90 },
                radius_km: 25.0,
                cluster_radius_km: 20.0,
                cluster_sigma_km: 1.0,
                accounts_per_cluster: 40,
                clusters_min: 4,
                clusters_max: 12,
                clustered_share: 0.6,
                // Reaches down to central Helsinki on the centre's meridian;
                // the coast of Espoo and Sipoo lies further north.
                south_max_km: 7.0,
                coast_slope: 0.3,
                east_max_km: f64::INFINITY,
            },
            Shape::Rural => Layout {
                centre: LatLon { lat: 60.6, lon: 26.9 },
                radius_km: 85.0,
                cluster_radius_km: 70.0,
                cluster_sigma_km: 1.2,
                accounts_per_cluster: 15,
                clusters_min: 5,
                clusters_max: 20,
                clustered_share: 0.65,
                // The Gulf of Finland south of Kotka, and the Russian border
                // some 50 km east.
                south_max_km: 12.0,
                coast_slope: 0.0,
                east_max_km: 45.0,
            },
        }
    }
}

impl FromStr for Shape {
    type Err = String;

    /// Parses `city`, `suburban` or `rural` (any case).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "city" => Ok(Shape::City),
            "suburban" => Ok(Shape::Suburban),
            "rural" => Ok(Shape::Rural),
            other => Err(format!("`{other}` is not a region shape (city, suburban or rural)")),
        }
    }
}

/// What region to make.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    /// Number of accounts.
    pub accounts: usize,
    /// Number of reps.
    pub reps: usize,
    /// Fixes every random choice: the same options give the same region.
    pub seed: u64,
    /// How densely the accounts are packed.
    pub shape: Shape,
    /// The planning day the visit history leads up to; every last visit is before it.
    pub today: NaiveDate,
    /// Where the region is; `None` uses the shape's real place. The
    /// north-leaning spread that keeps the default places out of the sea is
    /// kept for any centre.
    pub centre: Option<LatLon>,
    /// How far the region reaches, in km; `None` uses the shape's own reach.
    /// Every distance of the layout scales with it (a city layout squeezed
    /// into 1 km fits a small OpenStreetMap extract).
    pub radius_km: Option<f64>,
}

/// A sample region as described by `options`: accounts `A0001`.., reps `R1`...
pub fn generate_region(options: &GenerateOptions) -> Region {
    let layout = options.shape.layout();
    let layout = match options.radius_km {
        Some(radius_km) if radius_km > 0.0 => layout.scaled(radius_km / layout.radius_km),
        _ => layout,
    };
    let centre = options.centre.unwrap_or(layout.centre);
    let mut rng = Rng::new(options.seed);
    // Separate streams, so that one more rep moves no account and changes none of its hours.
    let mut place_rng = rng.fork(1);
    let mut rep_rng = rng.fork(2);
    let mut account_rng = rng.fork(3);
    let long_share = long_book_share(options.accounts, options.reps);

    let clusters = layout.clusters(&mut place_rng, options.accounts);
    // Reps live in the towns and villages, each in a different one while they last.
    let homes: Vec<Offset> = (0..options.reps)
        .map(|index| layout.near(&mut rep_rng, clusters[index % clusters.len()].1))
        .collect();
    let reps = make_reps(&mut rep_rng, &homes, centre);

    let accounts = (0..options.accounts)
        .map(|index| {
            let place = if account_rng.chance(layout.clustered_share) {
                let cluster = *pick(&mut account_rng, &clusters);
                layout.near(&mut account_rng, cluster)
            } else {
                layout.scattered(&mut account_rng)
            };
            // Territory accounts belong to the rep living nearest, the one who knows the owner.
            let territory = (account_rng.chance(TERRITORY_SHARE) && !reps.is_empty()).then(|| {
                let nearest = (0..homes.len())
                    .min_by(|&a, &b| place.dist_sq_km2(homes[a]).total_cmp(&place.dist_sq_km2(homes[b])))
                    .expect("reps is not empty");
                reps[nearest].id.clone()
            });
            make_account(&mut account_rng, index, place.at(centre), territory, (options.today, long_share))
        })
        .collect();

    Region { accounts, reps, holidays: Holidays::new(), ..Default::default() }
}

/// Kilometres per degree of latitude on the mean Earth sphere (radius 6 371.0088 km).
const KM_PER_DEG_LAT: f64 = 6_371.008_8 * TAU / 360.0;

/// A place as kilometres east and north of the region's centre; flat-Earth
/// is close enough within 100 km.
#[derive(Clone, Copy, Debug)]
struct Offset {
    east_km: f64,
    north_km: f64,
}

impl Offset {
    /// The place, kept on the globe: near a pole or the date line a wide
    /// region would otherwise run past ±90° or ±180° and could not be read back.
    fn at(self, centre: LatLon) -> LatLon {
        let lon = centre.lon + self.east_km / (KM_PER_DEG_LAT * centre.lat.to_radians().cos());
        LatLon {
            lat: (centre.lat + self.north_km / KM_PER_DEG_LAT).clamp(-90.0, 90.0),
            lon: match lon {
                lon if (-180.0..=180.0).contains(&lon) => lon,
                lon if lon.is_finite() => (lon + 180.0).rem_euclid(360.0) - 180.0,
                _ => centre.lon,
            },
        }
    }

    fn dist_sq_km2(self, other: Offset) -> f64 {
        (self.east_km - other.east_km).powi(2) + (self.north_km - other.north_km).powi(2)
    }
}

/// How one shape spreads its accounts, in kilometres from the centre.
#[derive(Clone, Copy)]
struct Layout {
    /// The real place the shape is modelled on.
    centre: LatLon,
    /// Scattered accounts lie within this distance.
    radius_km: f64,
    /// Cluster centres (shopping streets, town centres, villages) lie within this distance.
    cluster_radius_km: f64,
    /// Standard deviation of an account's distance from its cluster centre, per axis.
    cluster_sigma_km: f64,
    /// One cluster for this many accounts, kept within `clusters_min..=clusters_max`.
    accounts_per_cluster: usize,
    clusters_min: usize,
    clusters_max: usize,
    /// Share of accounts in clusters; the rest are scattered over the whole region.
    clustered_share: f64,
    /// How far south of the centre places may lie on its meridian: every
    /// default centre has the sea to the south.
    south_max_km: f64,
    /// How much that allowance shrinks per kilometre east or west, as the coast bends north.
    coast_slope: f64,
    /// How far east places may lie (the Russian border for Rural).
    east_max_km: f64,
}

impl Layout {
    /// The same layout with every distance multiplied by `factor`.
    fn scaled(self, factor: f64) -> Layout {
        Layout {
            radius_km: self.radius_km * factor,
            cluster_radius_km: self.cluster_radius_km * factor,
            cluster_sigma_km: self.cluster_sigma_km * factor,
            south_max_km: self.south_max_km * factor,
            east_max_km: self.east_max_km * factor,
            ..self
        }
    }

    /// Whether a place is on the right side of the rough coast and border.
    fn on_land(&self, place: Offset) -> bool {
        place.north_km >= -self.south_max_km + self.coast_slope * place.east_km.abs()
            && place.east_km <= self.east_max_km
    }

    /// Cluster centres, weighted by how many accounts they draw. The first is
    /// the centre itself (the main street or the town) and the largest.
    fn clusters(&self, rng: &mut Rng, accounts: usize) -> Vec<(f64, Offset)> {
        let count = (accounts / self.accounts_per_cluster).clamp(self.clusters_min, self.clusters_max);
        let mut clusters = vec![(2.0, Offset { east_km: 0.0, north_km: 0.0 })];
        for _ in 1..count {
            let place = self.within(rng, self.cluster_radius_km);
            clusters.push((0.5 + rng.unit(), place));
        }
        clusters
    }

    /// A place spread evenly over the region.
    fn scattered(&self, rng: &mut Rng) -> Offset {
        self.within(rng, self.radius_km)
    }

    /// A place spread evenly over the land within `radius_km` of the centre.
    fn within(&self, rng: &mut Rng, radius_km: f64) -> Offset {
        loop {
            let distance_km = radius_km * rng.unit().sqrt();
            let angle = TAU * rng.unit();
            let place = Offset { east_km: distance_km * angle.cos(), north_km: distance_km * angle.sin() };
            if self.on_land(place) {
                return place;
            }
        }
    }

    /// A place on land in the cluster around `cluster`.
    fn near(&self, rng: &mut Rng, cluster: Offset) -> Offset {
        loop {
            let place = Offset {
                east_km: cluster.east_km + self.cluster_sigma_km * rng.normal(),
                north_km: cluster.north_km + self.cluster_sigma_km * rng.normal(),
            };
            if self.on_land(place) {
                return place;
            }
        }
    }
}

/// Share of accounts only one rep may visit: enough to exercise the rule.
const TERRITORY_SHARE: f64 = 0.03;
/// Share of accounts never visited: new customers.
const NEVER_VISITED_SHARE: f64 = 0.03;
/// Share of accounts whose last visit is overdue by up to half a cycle.
const OVERDUE_SHARE: f64 = 0.04;

/// Seconds since midnight of a clock time.
const fn hm(hours: Seconds, minutes: Seconds) -> Seconds {
    hours * 3600 + minutes * 60
}

/// Opening hours of ordinary shops, weighted; every window is at least 2.5
/// hours, longer than the longest visit.
const OPENING_HOURS: [(f64, &[(Seconds, Seconds)]); 7] = [
    (12.0, &[]),
    (20.0, &[(hm(8, 0), hm(16, 0))]),
    (24.0, &[(hm(9, 0), hm(17, 0))]),
    (16.0, &[(hm(10, 0), hm(18, 0))]),
    (14.0, &[(hm(9, 0), hm(11, 30)), (hm(12, 30), hm(17, 0))]),
    (8.0, &[(hm(8, 0), hm(11, 0)), (hm(12, 0), hm(16, 0))]),
    (6.0, &[(hm(12, 0), hm(20, 0))]),
];
/// Bakeries that sell out by noon.
const MORNING_ONLY: &[(Seconds, Seconds)] = &[(hm(7, 0), hm(11, 0))];
/// Share of bakeries open only in the morning.
const MORNING_ONLY_BAKERY_SHARE: f64 = 0.6;

/// Visit lengths in minutes of ordinary accounts, weighted.
const VISIT_MIN: [(f64, Seconds); 4] = [(35.0, 15), (30.0, 20), (20.0, 30), (15.0, 45)];
/// Visit lengths in minutes of key accounts, where the rep restocks and negotiates.
const KEY_VISIT_MIN: [(f64, Seconds); 3] = [(1.0, 60), (1.0, 75), (1.0, 90)];
/// Share of high-priority accounts that are key accounts.
const KEY_SHARE_OF_HIGH: f64 = 0.4;
/// Share of other accounts that are key accounts anyway.
const KEY_SHARE_OF_OTHERS: f64 = 0.02;

/// Visit frequencies in days, weighted.
const EVERY_DAYS: [(f64, u32); 4] = [(30.0, 7), (40.0, 14), (27.0, 28), (3.0, 56)];

/// The accounts a rep holds at [`EVERY_DAYS`]'s frequencies when their
/// days are full: some 14 visits a working day of about half an hour each,
/// with the driving between them (5 000 accounts and 40 reps plan with a
/// few per cent of visits late).
const FULL_BOOK_ACCOUNTS_PER_REP: f64 = 125.0;

/// The frequencies of the accounts a rep with a larger book sees less
/// often: a company whose reps hold 200 accounts each visits most of them
/// monthly, not weekly, or its reps could not make the visits.
const LONG_EVERY_DAYS: [(f64, u32); 2] = [(1.0, 28), (1.0, 56)];

/// Visits a working day per account at `table`'s frequencies (five working
/// days in seven).
fn visits_per_working_day(table: &[(f64, u32)]) -> f64 {
    let total: f64 = table.iter().map(|(weight, _)| weight).sum();
    table.iter().map(|(weight, every_days)| weight / total / f64::from(*every_days)).sum::<f64>() * 7.0 / 5.0
}

/// The share of accounts that take [`LONG_EVERY_DAYS`] instead of
/// [`EVERY_DAYS`], so that `accounts` held by `reps` need no more visits a
/// rep than a full book ([`FULL_BOOK_ACCOUNTS_PER_REP`]); 0 up to a full
/// book, and at most 1 (beyond some 375 accounts a rep, the team is short
/// of reps whatever the frequencies); 0 without reps. Above a full book, the number of
/// reps thus changes the accounts' frequencies (not their places or hours).
fn long_book_share(accounts: usize, reps: usize) -> f64 {
    let per_rep = accounts as f64 / reps as f64;
    if reps == 0 || per_rep <= FULL_BOOK_ACCOUNTS_PER_REP {
        return 0.0;
    }
    let (full, long) = (visits_per_working_day(&EVERY_DAYS), visits_per_working_day(&LONG_EVERY_DAYS));
    let wanted = full * FULL_BOOK_ACCOUNTS_PER_REP / per_rep;
    ((full - wanted) / (full - long)).clamp(0.0, 1.0)
}

const PRIORITIES: [(f64, Priority); 3] =
    [(15.0, Priority::High), (70.0, Priority::Normal), (15.0, Priority::Low)];

const CLOSED_DAYS: [(f64, &[Weekday]); 4] = [
    (80.0, &[Weekday::Sat, Weekday::Sun]),
    (12.0, &[Weekday::Sun]),
    (4.0, &[Weekday::Mon, Weekday::Sat, Weekday::Sun]),
    (4.0, &[Weekday::Wed, Weekday::Sat, Weekday::Sun]),
];

/// What a shop sells, as the first or last word of its name.
const KINDS: [&str; 14] = [
    "Kahvila", "Kukka", "Rauta", "Market", "Apteekki", "Leipomo", "Kioski", "Kirja", "Optiikka", "Lelu",
    "Urheilu", "Sisustus", "Lemmikki", "Herkku",
];
/// The kind whose shops may close at eleven.
const BAKERY: &str = "Leipomo";
/// Owners' surnames in the genitive: "Virtasen Kukka" is Virtanen's flower shop.
const OWNERS: [&str; 12] = [
    "Virtasen",
    "Korhosen",
    "Mäkisen",
    "Niemisen",
    "Mäkelän",
    "Hämäläisen",
    "Laineen",
    "Heikkisen",
    "Koskisen",
    "Järvisen",
    "Lehtosen",
    "Saarisen",
];
/// Places a shop is named after, joined to its kind: "Torikukka", "Asema-apteekki".
const PLACES: [&str; 10] =
    ["Kulma", "Tori", "Asema", "Keskus", "Kylä", "Ranta", "Puisto", "Silta", "Mylly", "Satama"];
/// Brand-like names after the kind: "Kahvila Aurora".
const BRANDS: [&str; 10] =
    ["Aurora", "Helmi", "Onni", "Lilja", "Tähti", "Kaisla", "Sointu", "Majakka", "Pihlaja", "Kanerva"];

fn make_account(
    rng: &mut Rng,
    index: usize,
    location: LatLon,
    territory: Option<String>,
    (today, long_share): (NaiveDate, f64),
) -> Account {
    let kind = KINDS[rng.below(KINDS.len())];
    let name = shop_name(rng, kind);
    let hours = if kind == BAKERY && rng.chance(MORNING_ONLY_BAKERY_SHARE) {
        MORNING_ONLY
    } else {
        pick(rng, &OPENING_HOURS)
    };
    let mut hours = OpeningHours::daily(
        hours.iter().map(|&(open_s, close_s)| TimeWindow::new(open_s, close_s)).collect(),
    );
    let priority = *pick(rng, &PRIORITIES);
    let key_share = if priority == Priority::High { KEY_SHARE_OF_HIGH } else { KEY_SHARE_OF_OTHERS };
    let visit_min = if rng.chance(key_share) { pick(rng, &KEY_VISIT_MIN) } else { pick(rng, &VISIT_MIN) };
    // A draw only for a large book, so that a region of full books or
    // fewer accounts a rep stays the same as it always was.
    let every_days = if long_share > 0.0 && rng.chance(long_share) {
        *pick(rng, &LONG_EVERY_DAYS)
    } else {
        *pick(rng, &EVERY_DAYS)
    };
    let closed = pick(rng, &CLOSED_DAYS).to_vec();
    let last_visit = last_visit(rng, today, every_days, &closed);
    closed.into_iter().for_each(|day| hours.close(day));
    Account {
        id: format!("A{:04}", index + 1),
        name,
        address: String::new(),
        location,
        service_s: visit_min * 60,
        hours,
        every_days,
        last_visit,
        priority,
        territory,
        preferred_days: Vec::new(),
    }
}

fn shop_name(rng: &mut Rng, kind: &str) -> String {
    match rng.below(3) {
        0 => format!("{} {kind}", OWNERS[rng.below(OWNERS.len())]),
        1 => {
            let place = PLACES[rng.below(PLACES.len())];
            let kind = kind.to_lowercase();
            // Finnish hyphenates a compound where the same vowel meets itself.
            let hyphen = if place.chars().last() == kind.chars().next() { "-" } else { "" };
            format!("{place}{hyphen}{kind}")
        }
        _ => format!("{kind} {}", BRANDS[rng.below(BRANDS.len())]),
    }
}

/// A working day, picked evenly from the account's last cycle, so that on
/// any working day about one account in `every_days * 5 / 7` falls due; a
/// few are pushed back to overdue, a few never visited.
fn last_visit(rng: &mut Rng, today: NaiveDate, every_days: u32, closed: &[Weekday]) -> Option<NaiveDate> {
    if rng.chance(NEVER_VISITED_SHARE) {
        return None;
    }
    // Reps work weekdays, and not where the shop is shut.
    let is_visit_day = |date: &NaiveDate| {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !closed.contains(&date.weekday())
    };
    let cycle: Vec<NaiveDate> = (1..=u64::from(every_days))
        .map(|days_ago| today - Days::new(days_ago))
        .filter(is_visit_day)
        .collect();
    let mut date = cycle[rng.below(cycle.len())];
    if rng.chance(OVERDUE_SHARE) {
        date = date - Days::new(rng.between(1, i64::from(every_days / 2)) as u64);
        while !is_visit_day(&date) {
            date = date - Days::new(1);
        }
    }
    Some(date)
}

/// Shifts, weighted: most reps work 8:00-16:30, early and late birds shift by half an hour.
const SHIFTS: [(f64, (Seconds, Seconds)); 3] =
    [(70.0, (hm(8, 0), hm(16, 30))), (15.0, (hm(7, 30), hm(16, 0))), (15.0, (hm(9, 0), hm(17, 30)))];
/// Lunch lengths in minutes, weighted; lunch starts between 11:00 and 13:30.
const LUNCH_MIN: [(f64, Seconds); 2] = [(80.0, 30), (20.0, 45)];
/// Share of reps whose manager caps the day at [`CAPPED_VISITS`].
const CAPPED_SHARE: f64 = 0.15;
const CAPPED_VISITS: u32 = 12;
/// One rep in this many (rounded) starts and ends the day at the office in the centre.
const REPS_PER_OFFICE_REP: usize = 4;

const FIRST_NAMES: [&str; 20] = [
    "Matti", "Anna", "Juha", "Laura", "Mikko", "Johanna", "Timo", "Sari", "Jari", "Tiina", "Pekka", "Maria",
    "Antti", "Heidi", "Ville", "Katja", "Sanna", "Janne", "Elina", "Tuomas",
];
const LAST_NAMES: [&str; 20] = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
];

/// Reps living at `homes`; a few of them start from the office at `centre` instead.
fn make_reps(rng: &mut Rng, homes: &[Offset], centre: LatLon) -> Vec<Rep> {
    let mut order: Vec<usize> = (0..homes.len()).collect();
    rng.shuffle(&mut order);
    let office_reps = &order[..(homes.len() + REPS_PER_OFFICE_REP / 2) / REPS_PER_OFFICE_REP];
    homes
        .iter()
        .enumerate()
        .map(|(index, home)| {
            let start = if office_reps.contains(&index) { centre } else { home.at(centre) };
            let (open_s, close_s) = *pick(rng, &SHIFTS);
            let lunch_min = *pick(rng, &LUNCH_MIN);
            Rep {
                id: format!("R{}", index + 1),
                name: format!(
                    "{} {}",
                    FIRST_NAMES[rng.below(FIRST_NAMES.len())],
                    LAST_NAMES[rng.below(LAST_NAMES.len())]
                ),
                start,
                end: start,
                shift: TimeWindow::new(open_s, close_s).into(),
                lunch: Some(BreakRule {
                    start_window: TimeWindow::new(hm(11, 0), hm(13, 30)),
                    duration_s: lunch_min * 60,
                }),
                max_visits: rng.chance(CAPPED_SHARE).then_some(CAPPED_VISITS),
            }
        })
        .collect()
}

/// One item of a weighted table, chosen with probability proportional to its weight.
fn pick<'a, T>(rng: &mut Rng, table: &'a [(f64, T)]) -> &'a T {
    let total: f64 = table.iter().map(|(weight, _)| weight).sum();
    let mut roll = rng.unit() * total;
    for (weight, item) in table {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &table[table.len() - 1].1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::due_accounts;
    use crate::travel::StraightLine;
    use std::collections::HashSet;

    const SHAPES: [Shape; 3] = [Shape::City, Shape::Suburban, Shape::Rural];

    fn options(shape: Shape, seed: u64) -> GenerateOptions {
        GenerateOptions {
            accounts: 300,
            reps: 6,
            seed,
            shape,
            today: "2026-11-24".parse().unwrap(),
            centre: None,
            radius_km: None,
        }
    }

    #[test]
    fn same_seed_same_region_other_seed_other_region() {
        for shape in SHAPES {
            let region = generate_region(&options(shape, 1));
            assert_eq!(region, generate_region(&options(shape, 1)));
            assert_ne!(region, generate_region(&options(shape, 2)));
        }
    }

    #[test]
    fn counts_and_ids_match_the_options() {
        for (accounts, reps) in [(0, 0), (1, 1), (300, 6), (1200, 20)] {
            let region = generate_region(&GenerateOptions { accounts, reps, ..options(Shape::Suburban, 3) });
            assert_eq!(region.accounts.len(), accounts);
            assert_eq!(region.reps.len(), reps);
            let account_ids: HashSet<&str> = region.accounts.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(account_ids.len(), accounts);
            let rep_ids: HashSet<&str> = region.reps.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(rep_ids.len(), reps);
            for account in &region.accounts {
                if let Some(rep) = &account.territory {
                    assert!(rep_ids.contains(rep.as_str()), "{} belongs to unknown rep {rep}", account.id);
                }
            }
        }
        assert_eq!(generate_region(&options(Shape::City, 1)).accounts[0].id, "A0001");
    }

    #[test]
    fn places_lie_near_the_centre() {
        let metres = StraightLine { detour: 1.0, speed_kmh: 30.0 };
        for shape in SHAPES {
            let options = options(shape, 4);
            let centre = shape.layout().centre;
            let region = generate_region(&options);
            let places = region
                .accounts
                .iter()
                .map(|a| a.location)
                .chain(region.reps.iter().flat_map(|r| [r.start, r.end]));
            for place in places {
                assert!(place.lat.is_finite() && place.lon.is_finite());
                let (distance_m, _) = metres.leg(centre, place);
                assert!(distance_m < 150_000, "{place:?} is {distance_m} m from {centre:?}");
            }
        }
    }

    #[test]
    fn another_centre_moves_the_region_there() {
        let tampere = LatLon { lat: 61.4978, lon: 23.7610 };
        let metres = StraightLine { detour: 1.0, speed_kmh: 30.0 };
        let region =
            generate_region(&GenerateOptions { centre: Some(tampere), ..options(Shape::Suburban, 6) });
        for account in &region.accounts {
            assert!(metres.leg(tampere, account.location).0 < 40_000, "{account:?}");
        }
    }

    #[test]
    fn one_more_rep_moves_no_account() {
        let six = generate_region(&options(Shape::Rural, 7));
        let seven = generate_region(&GenerateOptions { reps: 7, ..options(Shape::Rural, 7) });
        for (a, b) in six.accounts.iter().zip(&seven.accounts) {
            assert_eq!(Account { territory: None, ..a.clone() }, Account { territory: None, ..b.clone() });
        }
    }

    #[test]
    fn windows_are_sorted_apart_and_fit_the_visit() {
        for shape in SHAPES {
            for account in generate_region(&options(shape, 5)).accounts {
                let windows: Vec<_> = account.hours.all_windows().collect();
                for window in &windows {
                    assert!(window.len_s() >= account.service_s, "{}: {window} too short", account.id);
                }
                let monday = account.hours.windows_on(chrono::Weekday::Mon).unwrap_or_default();
                for pair in monday.windows(2) {
                    assert!(pair[0].close_s < pair[1].open_s, "{}: windows overlap", account.id);
                }
            }
        }
    }

    #[test]
    fn a_plausible_share_of_accounts_is_due_today() {
        for shape in SHAPES {
            for seed in 1..=3 {
                let options = options(shape, seed);
                let region = generate_region(&options);
                assert!(region.accounts.iter().all(|a| a.last_visit.is_none_or(|d| d < options.today)));
                let due = due_accounts(&region.accounts, options.today).len();
                assert!((30..=105).contains(&due), "{} seed {seed}: {due} of 300 due", shape.as_str());
            }
        }
    }

    #[test]
    fn a_larger_book_is_visited_less_often_so_each_rep_has_a_full_book_of_visits() {
        assert_eq!(long_book_share(5000, 40), 0.0);
        assert_eq!(long_book_share(300, 0), 0.0);
        let full = FULL_BOOK_ACCOUNTS_PER_REP * visits_per_working_day(&EVERY_DAYS);
        let large = GenerateOptions { accounts: 2000, reps: 10, ..options(Shape::Suburban, 4) };
        let region = generate_region(&large);
        let per_rep = region.accounts.iter().map(|a| 7.0 / 5.0 / f64::from(a.every_days)).sum::<f64>() / 10.0;
        assert!(
            (per_rep - full).abs() < 0.05 * full,
            "{per_rep:.1} visits a rep a day, a full book is {full:.1}"
        );
        assert!(region.accounts.iter().all(|a| [7, 14, 28, 56].contains(&a.every_days)));
        assert_eq!(long_book_share(1_000_000, 1), 1.0);
    }

    #[test]
    fn shape_names_round_trip() {
        for shape in SHAPES {
            assert_eq!(shape.as_str().parse(), Ok(shape));
        }
        assert_eq!(" City ".parse(), Ok(Shape::City));
        assert!("town".parse::<Shape>().is_err());
    }
}
