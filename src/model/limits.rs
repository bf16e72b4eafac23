//! The documented range of every number rounds reads, and the sizes it accepts.
//!
//! A [`Range`] is one number's range with the words that explain it; every
//! reader (CSV cells, JSON fields, Solomon columns) and every command-line
//! argument checks its numbers through one, where it parses them, so the
//! error names the file, line and field (or the argument) and says what was
//! expected. Nothing past the parsers has to guard against a frequency of a
//! hundred million days or a time limit of 10^20 seconds.
//!
//! The size limits ([`MAX_ACCOUNTS`], [`MAX_REPS`], [`MAX_PLACES`],
//! [`MAX_DAYS`], [`MAX_FILE_BYTES`], [`MAX_PBF_BYTES`]) bound everything that decides an
//! allocation: they are checked before anything of that size is allocated,
//! and their messages say how to split the work ([`SizeLimit`]).

use std::fmt::Display;

use chrono::{Datelike, NaiveDate};

/// A number's documented range: `min` (or more than `min`, when
/// `min_excluded`) to `max`, both in the unit `what` names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range<T> {
    /// What the number is, for messages: "the visit frequency in days".
    pub what: &'static str,
    /// The smallest value accepted.
    pub min: T,
    /// Whether `min` itself is refused (a length must be more than 0).
    pub min_excluded: bool,
    /// The largest value accepted.
    pub max: T,
    /// How to do without a larger value, for sizes ("plan a longer horizon in
    /// several runs"); empty for most numbers.
    pub advice: &'static str,
}

/// A number type a [`Range`] can hold.
pub trait Bounded: Copy + PartialOrd + Display {
    /// Reads the text of one value; `None` when it is not one.
    fn read(text: &str) -> Option<Self>;
    /// Whether the value is a number at all (not NaN or infinite).
    fn is_finite(self) -> bool {
        true
    }
    /// "a whole number", "a number", "a date": what the text must look like.
    const KIND: &'static str;
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl Bounded for $t {
            fn read(text: &str) -> Option<Self> {
                text.parse().ok()
            }
            const KIND: &'static str = "a whole number";
        }
    )*};
}
whole_numbers!(u32, u64, usize, i64);

impl Bounded for f64 {
    fn read(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    const KIND: &'static str = "a number";
}

/// Reads a date as people and their spreadsheets write one: `2026-09-14`
/// (one-digit month and day too), `2026/9/14` (a Japanese Excel's short
/// date), `2026年9月14日`, `14.9.2026` (Finnish), or in a Japanese era
/// (和暦: `令和8年9月14日`, `R8.9.14`, for 令和, 平成 and 昭和; a date outside
/// its era is no date). Slashes are read year first
/// only, so that no date reads two ways. A time of day after it (`2026/9/14
/// 0:00`, as a CRM exports a date-time field) is read and left out: the day
/// is what counts.
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let day = |text: &str| {
        ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%d.%m.%Y"]
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
            .or_else(|| era_date(text))
    };
    day(text).or_else(|| {
        let (date, time) = text.split_once([' ', 'T'])?;
        day(date).filter(|_| crate::model::time::parse_clock(time.trim()).is_ok())
    })
}

/// A date in a Japanese era (和暦), as older business systems and Excel's
/// Japanese date formats write it: `令和8年9月14日` (`元年` for the first
/// year), or the era's letter and the year, month and day separated by `.`
/// or `/` (`R8.9.14`, `H31/4/30`). Reiwa (令和, R), Heisei (平成, H) and
/// Showa (昭和, S); a date outside its era (`平成32年`) is no date.
fn era_date(text: &str) -> Option<NaiveDate> {
    /// An era: its name, its letter and the day it began; newest first, each
    /// ending the day before the one above it began.
    const ERAS: [(&str, char, i32, u32, u32); 3] =
        [("令和", 'R', 2019, 5, 1), ("平成", 'H', 1989, 1, 8), ("昭和", 'S', 1926, 12, 25)];
    let began = |era: usize| NaiveDate::from_ymd_opt(ERAS[era].2, ERAS[era].3, ERAS[era].4);
    let (era, rest) = ERAS.iter().enumerate().find_map(|(era, &(name, letter, ..))| {
        let rest =
            text.strip_prefix(name).or_else(|| text.strip_prefix([letter, letter.to_ascii_lowercase()]));
        Some((era, rest?))
    })?;
    let first = began(era)?;
    let last = if era == 0 { NaiveDate::MAX } else { began(era - 1)?.pred_opt()? };
    let numbers: Vec<&str> = match rest.strip_suffix('日') {
        Some(kanji) => kanji.split(['年', '月']).collect(),
        None => rest.split(['.', '/']).collect(),
    };
    let [year, month, day] = numbers[..] else { return None };
    let year: i32 = if year == "元" { 1 } else { year.parse().ok()? };
    let date = NaiveDate::from_ymd_opt(first.year() - 1 + year, month.parse().ok()?, day.parse().ok()?)?;
    (first..=last).contains(&date).then_some(date)
}

/// The machine formats (JSON, command-line arguments) take dates as
/// `YYYY-MM-DD` only; a file people edit is read by [`Range::parse_written`].
impl Bounded for NaiveDate {
    fn read(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }
    const KIND: &'static str = "a date";
}

impl<T: Bounded> Range<T> {
    /// A range from `min` to `max`, both included.
    pub const fn new(what: &'static str, min: T, max: T) -> Self {
        Range { what, min, min_excluded: false, max, advice: "" }
    }

    /// A range from more than `min` to `max`.
    pub const fn above(what: &'static str, min: T, max: T) -> Self {
        Range { what, min, min_excluded: true, max, advice: "" }
    }

    /// The same range, with advice on how to do without a larger value.
    pub const fn advising(self, advice: &'static str) -> Self {
        Range { advice, ..self }
    }

    /// What is expected, for messages: "the visit frequency in days, a whole
    /// number from 1 to 3650".
    pub fn expected(&self) -> String {
        let from = if self.min_excluded { "more than" } else { "from" };
        let to = if self.min_excluded { "and at most" } else { "to" };
        let advice = if self.advice.is_empty() { String::new() } else { format!(" ({})", self.advice) };
        format!("{}, {} {from} {} {to} {}{advice}", self.what, T::KIND, self.min, self.max)
    }

    /// `value` when it is in range, else what is wrong with it.
    pub fn check(&self, value: T) -> Result<T, String> {
        self.check_as(value, &value.to_string())
    }

    /// [`Range::check`], quoting the value as `text` (as the user wrote it).
    pub(crate) fn check_as(&self, value: T, text: &str) -> Result<T, String> {
        let low = if self.min_excluded { value <= self.min } else { value < self.min };
        if !value.is_finite() {
            Err(format!("`{text}` is not a finite number; expected {}", self.expected()))
        } else if low || value > self.max {
            Err(format!("`{text}` is out of range; expected {}", self.expected()))
        } else {
            Ok(value)
        }
    }

    /// Reads and checks the text of one value (already trimmed).
    pub fn parse(&self, text: &str) -> Result<T, String> {
        if text.is_empty() {
            return Err(format!("missing; expected {}", self.expected()));
        }
        match T::read(text) {
            Some(value) => self.check_as(value, &crate::io::shown(text)),
            None => {
                Err(format!("`{}` is not {}; expected {}", crate::io::shown(text), T::KIND, self.expected()))
            }
        }
    }
}

impl Range<NaiveDate> {
    /// [`Range::parse`] for a date in a file people write and spreadsheets
    /// export (a CSV cell), in any of the ways [`read_date`] reads.
    pub fn parse_written(&self, text: &str) -> Result<NaiveDate, String> {
        match read_date(text) {
            Some(date) => self.check_as(date, &crate::io::shown(text)),
            None => self.parse(text),
        }
    }
}

impl<T: Bounded + Send + Sync + 'static> Range<T> {
    /// The range as a command-line value parser: clap reports a refused
    /// value with the argument's name and exits with code 2.
    pub fn arg(&'static self) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
        move |text: &str| self.parse(text.trim())
    }
}

/// Latitude in degrees.
pub const LATITUDE: Range<f64> = Range::new("a latitude in degrees", -90.0, 90.0);
/// Longitude in degrees.
pub const LONGITUDE: Range<f64> = Range::new("a longitude in degrees", -180.0, 180.0);
/// A visit or break length in minutes: more than nothing, at most a day.
pub const DURATION_MIN: Range<f64> = Range::above("a length in minutes", 0.0, 1440.0);
/// How often an account is visited, in days: at most ten years.
pub const EVERY_DAYS: Range<u32> = Range::new("the visit frequency in days", 1, 3650);
/// The most visits a rep makes in a day.
pub const MAX_VISITS: Range<u32> = Range::new("the most visits in a day", 0, 1000);
/// Every date rounds reads: plan dates, last visits, log lines, `--date`.
pub const DATE: Range<NaiveDate> = Range::new(
    "YYYY-MM-DD",
    match NaiveDate::from_ymd_opt(1900, 1, 1) {
        Some(date) => date,
        None => NaiveDate::MIN,
    },
    match NaiveDate::from_ymd_opt(2999, 12, 31) {
        Some(date) => date,
        None => NaiveDate::MAX,
    },
);
/// `rounds book --top`: how many slots to offer.
pub const TOP_SLOTS: Range<usize> = Range::new("slots", 1, 100);
/// `--time-limit`: seconds a search may run, at most a day.
pub const TIME_LIMIT_S: Range<f64> = Range::above("seconds", 0.0, 86_400.0);
/// `--iterations`: ruin-and-recreate iterations per trajectory.
pub const ITERATIONS: Range<u64> = Range::new("iterations", 0, 1_000_000_000_000);
/// `--threads`: threads the search's trajectories run on.
pub const THREADS: Range<usize> = Range::new("threads", 1, 256);
/// `--trajectories`: cooperating annealing trajectories of one search.
pub const TRAJECTORIES: Range<usize> = Range::new("trajectories", 1, 256);
/// `--runs`: independent searches, the best kept.
pub const RUNS: Range<usize> = Range::new("independent searches", 1, 256);
/// `--jobs` of `rounds bench`: instances solved at the same time.
pub const BENCH_JOBS: Range<usize> = Range::new("instances at a time", 1, 256);
/// `--seeds` of `rounds bench`: runs per instance.
pub const SEEDS: Range<u64> = Range::new("runs per instance", 1, 1000);
/// `--detour`: road distance over straight-line distance.
pub const DETOUR: Range<f64> = Range::new("a detour factor", 1.0, 10.0);
/// `--speed-kmh`: average driving speed.
pub const SPEED_KMH: Range<f64> = Range::new("a speed in km/h", 1.0, 200.0);
/// `--max-snap-m`: how far a place may be from the nearest road.
pub const MAX_SNAP_M: Range<f64> = Range::above("metres", 0.0, 100_000.0);
/// The days of `rounds report --from D --to D`, both counted: up to ten years.
pub const REPORT_DAYS: Range<i64> =
    Range::new("days in a report", 1, 3660).advising("report a long history in several periods");
/// `--lookahead`: days ahead early visits are offered from.
pub const LOOKAHEAD_DAYS: Range<u32> = Range::new("days", 0, 365);
/// `--early-days`: days before its due date a visit may happen.
pub const EARLY_DAYS: Range<u32> = Range::new("days", 0, 60);
/// `--radius-km` of `rounds generate`.
pub const RADIUS_KM: Range<f64> = Range::above("kilometres", 0.0, 2000.0);
/// A driving time in a given matrix, in seconds: at most about four months.
pub const MATRIX_DURATION_S: Range<f64> = Range::new("seconds", 0.0, 10_000_000.0);
/// A driving distance in a given matrix, in metres: at most about once round the Earth.
pub const MATRIX_DISTANCE_M: Range<f64> = Range::new("metres", 0.0, 40_000_000.0);
/// A Solomon coordinate: small enough that every leg, scaled by
/// [`crate::interop::solomon::problem::SCALE`], fits the solver's 32-bit matrix.
pub const SOLOMON_COORDINATE: Range<f64> = Range::new("a coordinate", -50_000.0, 50_000.0);
/// A Solomon time (ready time, due date, service time), in the instance's unit.
pub const SOLOMON_TIME: Range<i64> = Range::new("a time", 0, 10_000_000);
/// A Solomon demand or vehicle capacity.
pub const SOLOMON_LOAD: Range<i64> = Range::new("a load", 0, 1_000_000_000);
/// Days in a PVRP instance's horizon: each allowed day combination is a
/// bit mask over them, held in 32 bits.
pub const PVRP_DAYS: Range<i64> = Range::new("days in the horizon", 1, 31);
/// Vehicles per day in a PVRP instance.
pub const PVRP_VEHICLES: Range<i64> = Range::new("vehicles per day", 1, 10_000);
/// A PVRP route duration limit or service time, in the instance's unit
/// (travel time equals distance).
pub const PVRP_TIME: Range<f64> = Range::new("a time", 0.0, 10_000_000.0);

/// Most accounts in one region (rows of `accounts.csv`): a national sales
/// force's. Reading, storing and splitting them is linear; what one day plans
/// at once is bounded by [`MAX_PLACES`].
pub const MAX_ACCOUNTS: usize = 100_000;
/// Most reps in one region (rows of `reps.csv`).
pub const MAX_REPS: usize = 500;
/// Most places in one travel matrix (it grows with their square): a day of
/// 10 000 visits with every rep's start and end.
pub const MAX_PLACES: usize = 10_000 + 2 * MAX_REPS;
/// Most working days planned at once (`rounds week --days`, `territories --days`):
/// half a year.
pub const MAX_DAYS: u32 = 130;
/// `--days` of `rounds week` and `rounds territories`.
pub const DAYS: Range<u32> = Range::new("working days", 1, MAX_DAYS)
    .advising("plan a longer horizon in several runs, each from where the last one ended");
/// `--freeze` of `rounds week --keep`: the kept days that stay as they were.
pub const DAYS_KEPT: Range<u32> = Range::new("days to freeze", 0, MAX_DAYS);
/// `--weeks` of `rounds territories`: [`MAX_DAYS`] in weeks.
pub const WEEKS: Range<u32> = Range::new("working weeks", 1, MAX_DAYS / 5)
    .advising("compare a longer horizon in several runs, each from where the last one ended");
/// Largest input file read into memory (CSV, JSON, Solomon, best-known tables).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Largest OpenStreetMap extract read (`--roads`): a large country.
pub const MAX_PBF_BYTES: u64 = 4 << 30;

/// A size limit, with what is counted and how to stay under it, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeLimit {
    /// What is counted, plural: "accounts".
    pub what: &'static str,
    /// The most accepted.
    pub max: u64,
    /// How to split the work to stay under the limit.
    pub advice: &'static str,
}

impl SizeLimit {
    /// Fails with the limit and the advice when `count` is over it.
    pub fn check(&self, count: u64) -> Result<(), String> {
        if count <= self.max {
            return Ok(());
        }
        Err(format!("more than {} {}, the most rounds takes at once; {}", self.max, self.what, self.advice))
    }
}

/// [`MAX_ACCOUNTS`] with its advice.
pub const ACCOUNTS: SizeLimit = SizeLimit {
    what: "accounts",
    max: MAX_ACCOUNTS as u64,
    advice: "split the region into several region folders (for example by territory) and plan each",
};
/// [`MAX_REPS`] with its advice.
pub const REPS: SizeLimit = SizeLimit {
    what: "reps",
    max: MAX_REPS as u64,
    advice: "split the team into several regions, each with its reps' accounts, and plan each",
};
/// [`MAX_PLACES`] with its advice, for instances and requests that bring their own places.
pub const PLACES: SizeLimit = SizeLimit {
    what: "locations",
    max: MAX_PLACES as u64,
    advice: "plan fewer places at once: a region's day by territory (the accounts' `territory` column, \
             `rounds territories propose`), an instance split into smaller ones; a travel matrix grows \
             with the square of its places",
};
/// Most rows of a table that is not a region file (a best-known table).
pub const ROWS: SizeLimit = SizeLimit { what: "rows", max: 1_000_000, advice: "split the file into several" };
/// Most jobs in a VROOM request: as many as a region's accounts.
pub const VROOM_JOBS: SizeLimit = SizeLimit {
    what: "jobs",
    max: MAX_ACCOUNTS as u64,
    advice: "split the request into several, for example by area",
};
/// Most vehicles in a VROOM request: as many as a region's reps.
pub const VROOM_VEHICLES: SizeLimit = SizeLimit {
    what: "vehicles",
    max: MAX_REPS as u64,
    advice: "split the request into several, for example by area",
};
/// [`MAX_FILE_BYTES`] with its advice.
pub const FILE_BYTES: SizeLimit = SizeLimit {
    what: "bytes (64 MiB)",
    max: MAX_FILE_BYTES,
    advice: "is this the right file? split a large region into several regions",
};
/// Largest given travel matrix file (`--matrix`), streamed rather than read
/// whole: the two tables of [`MAX_PLACES`] locations in JSON text.
pub const MATRIX_BYTES: SizeLimit = SizeLimit {
    what: "bytes (8 GiB)",
    max: 8 << 30,
    advice:
        "a region's matrix has one row and one column per account, rep start and rep end; split the region",
};
/// [`MAX_PBF_BYTES`] with its advice.
pub const PBF_BYTES: SizeLimit = SizeLimit {
    what: "bytes (4 GiB)",
    max: MAX_PBF_BYTES,
    advice: "cut an extract of the region's area (for example with `osmium extract`)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_name_what_is_expected() {
        assert_eq!(EVERY_DAYS.parse("7"), Ok(7));
        let msg = EVERY_DAYS.parse("100000000").unwrap_err();
        assert_eq!(msg, "`100000000` is out of range; expected the visit frequency in days, a whole number from 1 to 3650");
        assert!(EVERY_DAYS.parse("2.5").unwrap_err().contains("is not a whole number"));
        assert!(EVERY_DAYS.parse("").unwrap_err().starts_with("missing"));
        assert!(TIME_LIMIT_S.parse("0").unwrap_err().contains("more than 0 and at most 86400"));
        assert!(TIME_LIMIT_S.parse("1e20").unwrap_err().contains("out of range"));
        assert!(TIME_LIMIT_S.parse("NaN").unwrap_err().contains("not a finite number"));
        assert_eq!(LATITUDE.parse("-33.9"), Ok(-33.9));
        assert!(DATE.parse("30000-01-01").is_err());
        assert!(DATE.parse("2026-11-24").is_ok());
        let day = NaiveDate::from_ymd_opt(2026, 9, 4);
        for text in ["2026-09-04", "2026-9-4", "2026/9/4", "2026/09/04", "2026年9月4日", "4.9.2026"] {
            assert_eq!(DATE.parse_written(text).ok(), day, "{text}");
        }
        for text in ["令和8年9月4日", "R8.9.4", "r8/09/04", "R8.9.4 10:30"] {
            assert_eq!(DATE.parse_written(text).ok(), day, "{text}");
        }
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(read_date("令和元年5月1日"), ymd(2019, 5, 1));
        assert_eq!(read_date("平成31年4月30日"), ymd(2019, 4, 30));
        assert_eq!(read_date("H1.1.8"), ymd(1989, 1, 8));
        assert_eq!(read_date("昭和64年1月7日"), ymd(1989, 1, 7));
        for outside_its_era in ["平成32年1月1日", "令和1年4月30日", "H1.1.7", "S64.1.8", "R0.5.1", "R8.13.1"]
        {
            assert_eq!(read_date(outside_its_era), None, "{outside_its_era}");
        }
        for text in ["2026/9/4 0:00", "2026-09-04T09:30:00", "2026/09/04 17:45:10"] {
            assert_eq!(DATE.parse_written(text).ok(), day, "{text}");
        }
        for text in ["4/9/2026", "9/4/2026", "2026.09.04", "2026/13/1", "2026年9月", "2026/9/4 noon"] {
            assert!(DATE.parse_written(text).unwrap_err().contains("is not a date"), "{text}");
        }
        assert!(DATE.parse_written("1800/1/1").unwrap_err().contains("`1800/1/1` is out of range"));
        assert!(DATE.parse("2026/9/4").is_err(), "JSON and arguments take YYYY-MM-DD only");
    }

    #[test]
    fn size_limits_say_how_to_split() {
        assert!(ACCOUNTS.check(MAX_ACCOUNTS as u64).is_ok());
        let msg = ACCOUNTS.check(MAX_ACCOUNTS as u64 + 1).unwrap_err();
        assert!(msg.contains("more than 100000 accounts"), "{msg}");
        assert!(msg.contains("split the region"), "{msg}");
    }
}
