//! The days nobody is sent out: public holidays and company days off; and
//! the rest of the calendar a plan follows: absences (`absences`), opening
//! hours and shifts by weekday (`hours`), dated closures of accounts
//! (`closures`).
//!
//! [`Holidays`] is a set of dates, each with a name, that the planners treat
//! as non-working days: `rounds plan` plans no visit on one, `rounds week`
//! skips them when it counts working days, and the validator rejects a plan
//! with visits on one. A set comes from a holidays file
//! ([`crate::io::holidays`]), from a built-in [`Country`] calendar, or from
//! several of them merged ([`Holidays::extend`]).
//!
//! The built-in calendars are computed from the rules of each country's law,
//! not copied from a published list, so they do not run out at the end of
//! the last list published; each covers the years its rules are known for
//! ([`Country::years`]), and [`Holidays::check_covers`] refuses a date
//! outside them instead of silently treating it as a working day:
//!
//! - [`Country::Japan`] (`holidays_jp`): 国民の祝日 with 振替休日 and 国民の休日,
//!   1980 to 2099.
//! - [`Country::Finland`] (`holidays_fi`): the public holidays plus Midsummer
//!   Eve and Christmas Eve, 1991 to 2099.
//!
//! Why not a crate: the Japanese crates on crates.io either ship the Cabinet
//! Office's published list (so they end with its last year) or come with a
//! date type and naming of their own, and none covers Finland; the rules are
//! short and are tested here date by date against the official lists.

mod absences;
mod appointments;
mod closures;
mod holidays_fi;
mod holidays_jp;
mod hours;

pub use absences::{Absence, Absences};
pub use appointments::{Appointment, AppointmentTime, Appointments};
pub use closures::{Closure, Closures};
pub use hours::{japanese_weekday, parse_weekday, weekday_words, OpeningHours, Shift};

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};

/// A country whose public holidays are built in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Country {
    /// Japan: 国民の祝日 (national holidays), 振替休日 (substitute holidays)
    /// and 国民の休日 (citizens' holidays), with the one-off days of 1989,
    /// 1990, 1993 and 2019 and the Olympic moves of 2020 and 2021.
    Japan,
    /// Finland: the public holidays (pyhäpäivät), and Midsummer Eve and
    /// Christmas Eve, which are not public holidays by law but on which
    /// offices and most customers are closed, so sales teams do not visit.
    Finland,
}

impl Country {
    /// The country of a code or name: `jp`/`japan`, `fi`/`finland` (any case).
    pub fn parse(text: &str) -> Option<Country> {
        match text.trim().to_ascii_lowercase().as_str() {
            "jp" | "japan" => Some(Country::Japan),
            "fi" | "finland" => Some(Country::Finland),
            _ => None,
        }
    }

    /// The English name of the country, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Country::Japan => "Japan",
            Country::Finland => "Finland",
        }
    }

    /// The years the built-in rules are right for: Japan's equinox formula
    /// holds from 1980 to 2099; Finland's holidays have had today's rules
    /// since 1991 (before, Epiphany and Ascension Day moved to Saturdays).
    pub fn years(self) -> RangeInclusive<i32> {
        match self {
            Country::Japan => holidays_jp::FIRST_YEAR..=holidays_jp::LAST_YEAR,
            Country::Finland => holidays_fi::FIRST_YEAR..=holidays_fi::LAST_YEAR,
        }
    }

    /// The holidays of one year, in date order, with their names in the
    /// country's language; fails outside [`Country::years`].
    pub fn holidays(self, year: i32) -> Result<Vec<(NaiveDate, &'static str)>, OutsideCalendar> {
        if !self.years().contains(&year) {
            return Err(OutsideCalendar { country: self, year });
        }
        Ok(match self {
            Country::Japan => holidays_jp::year(year),
            Country::Finland => holidays_fi::year(year),
        })
    }
}

impl Country {
    /// The name of the holiday on `date`, if it is one; `None` also outside
    /// [`Country::years`].
    pub fn holiday_on(self, date: NaiveDate) -> Option<&'static str> {
        let year = self.holidays(date.year()).ok()?;
        year.into_iter().find(|(day, _)| *day == date).map(|(_, name)| name)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A date outside the years a built-in calendar covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the built-in holidays of {country} cover {} to {}; {year} is outside them \
     (give the year's holidays as a file instead)",
    country.years().start(),
    country.years().end()
)]
pub struct OutsideCalendar {
    /// The calendar asked.
    pub country: Country,
    /// The year asked for.
    pub year: i32,
}

/// A set of non-working dates, each with a name.
///
/// Cloning is cheap (the dates are shared), because the planners clone a
/// region, holidays included, for every day they replay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays {
    /// Date to name; names of several sources for one date are joined.
    days: Arc<BTreeMap<NaiveDate, String>>,
    /// Built-in calendars merged in, whose years [`Holidays::check_covers`] checks.
    countries: Vec<Country>,
}

impl Holidays {
    /// The empty set: every weekday is a working day.
    pub fn new() -> Holidays {
        Holidays::default()
    }

    /// Every holiday of a built-in calendar, over all of [`Country::years`].
    pub fn country(country: Country) -> Holidays {
        let mut days = BTreeMap::new();
        for year in country.years() {
            let list = country.holidays(year).unwrap_or_default();
            days.extend(list.into_iter().map(|(date, name)| (date, name.to_string())));
        }
        Holidays { days: Arc::new(days), countries: vec![country] }
    }

    /// Adds one date. A date already in the set keeps both names, joined
    /// with ` / ` (a national holiday that is also in a company's list).
    pub fn insert(&mut self, date: NaiveDate, name: &str) {
        let days = Arc::make_mut(&mut self.days);
        match days.get_mut(&date) {
            Some(existing) if existing.split(" / ").any(|n| n == name) || name.is_empty() => {}
            Some(existing) if existing.is_empty() => *existing = name.to_string(),
            Some(existing) => {
                existing.push_str(" / ");
                existing.push_str(name);
            }
            None => {
                days.insert(date, name.to_string());
            }
        }
    }

    /// Merges another set into this one.
    pub fn extend(&mut self, other: &Holidays) {
        for (date, name) in other.iter() {
            self.insert(date, name);
        }
        for country in &other.countries {
            if !self.countries.contains(country) {
                self.countries.push(*country);
            }
        }
    }

    /// The name of the holiday on `date` (empty when its source gave none),
    /// or `None` on a day that is not a holiday.
    pub fn name(&self, date: NaiveDate) -> Option<&str> {
        self.days.get(&date).map(String::as_str)
    }

    /// Whether `date` is a holiday.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.days.contains_key(&date)
    }

    /// Whether reps work on `date`: Monday to Friday, and not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.contains(date)
    }

    /// "2026-12-24 is a holiday (Jouluaatto)": why nothing is planned on
    /// `date`, or `None` when it is not a holiday.
    pub fn reason(&self, date: NaiveDate) -> Option<String> {
        self.name(date).map(|name| {
            if name.is_empty() {
                format!("{date} is a holiday")
            } else {
                format!("{date} is a holiday ({name})")
            }
        })
    }

    /// The holidays in date order.
    pub fn iter(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.days.iter().map(|(date, name)| (*date, name.as_str()))
    }

    /// How many dates the set holds.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether the set holds no date.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Fails when a built-in calendar of the set does not cover every year
    /// from `first` to `last`: a date there would silently count as a
    /// working day.
    pub fn check_covers(&self, first: NaiveDate, last: NaiveDate) -> Result<(), OutsideCalendar> {
        for &country in &self.countries {
            for year in [first.year(), last.year()] {
                if !country.years().contains(&year) {
                    return Err(OutsideCalendar { country, year });
                }
            }
        }
        Ok(())
    }
}

/// The `n`th (1-based) `weekday` of a month: the second Monday of January.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
        .expect("the first to fourth weekday of a month always exists")
}

/// A date of the calendar; the rules only build dates that exist.
fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date in a holiday rule")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn insert_merges_names_and_keeps_one_entry_per_date() {
        let mut set = Holidays::new();
        set.insert(d("2026-12-24"), "Jouluaatto");
        set.insert(d("2026-12-24"), "Office closed");
        set.insert(d("2026-12-24"), "Jouluaatto");
        set.insert(d("2026-12-24"), "");
        set.insert(d("2026-12-31"), "");
        assert_eq!(set.len(), 2);
        assert_eq!(set.name(d("2026-12-24")), Some("Jouluaatto / Office closed"));
        assert_eq!(
            set.reason(d("2026-12-24")).unwrap(),
            "2026-12-24 is a holiday (Jouluaatto / Office closed)"
        );
        assert_eq!(set.reason(d("2026-12-31")).unwrap(), "2026-12-31 is a holiday");
        assert_eq!(set.reason(d("2026-12-30")), None);
    }

    #[test]
    fn working_days_are_weekdays_that_are_not_holidays() {
        let set = Holidays::country(Country::Finland);
        assert!(set.is_working_day(d("2026-12-23")));
        assert!(!set.is_working_day(d("2026-12-24")), "Christmas Eve");
        assert!(!set.is_working_day(d("2026-12-26")), "a Saturday");
        assert!(set.is_working_day(d("2026-12-28")));
    }

    #[test]
    fn a_built_in_calendar_refuses_years_it_does_not_cover() {
        let mut set = Holidays::new();
        set.insert(d("2150-01-01"), "file");
        assert!(set.check_covers(d("2150-01-01"), d("2150-01-31")).is_ok(), "a file covers any year");
        set.extend(&Holidays::country(Country::Japan));
        assert!(set.check_covers(d("2099-12-01"), d("2099-12-31")).is_ok());
        let err = set.check_covers(d("2099-12-28"), d("2100-01-05")).unwrap_err();
        assert_eq!(err, OutsideCalendar { country: Country::Japan, year: 2100 });
        assert_eq!(
            err.to_string(),
            "the built-in holidays of Japan cover 1980 to 2099; 2100 is outside them \
             (give the year's holidays as a file instead)"
        );
        assert!(Country::Finland.holidays(1990).is_err());
        assert!(Country::Japan.holidays(1979).is_err());
    }

    #[test]
    fn countries_parse_from_codes_and_names() {
        assert_eq!(Country::parse("JP"), Some(Country::Japan));
        assert_eq!(Country::parse("finland"), Some(Country::Finland));
        assert_eq!(Country::parse("se"), None);
    }

    #[test]
    fn clones_share_the_dates() {
        let set = Holidays::country(Country::Japan);
        let copy = set.clone();
        assert!(Arc::ptr_eq(&set.days, &copy.days));
        assert_eq!(set, copy);
    }
}
