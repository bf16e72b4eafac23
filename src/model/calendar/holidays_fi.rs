//! Finland's holidays, 1991 to 2099, with their Finnish names.
//!
//! The public holidays (pyhäpäivät): New Year's Day, Epiphany, Good Friday,
//! Easter Sunday and Monday, May Day, Ascension Day (Easter + 39 days),
//! Whit Sunday (Easter + 49), Midsummer Day (the Saturday from 20 to 26
//! June), All Saints' Day (the Saturday from 31 October to 6 November),
//! Independence Day, Christmas Day and St Stephen's Day.
//!
//! Also Midsummer Eve (the Friday before Midsummer Day) and Christmas Eve:
//! not public holidays by law, but offices and nearly every customer a sales
//! rep visits are closed, so no visits are planned on them. A team that does
//! work then gives its own holidays file instead of `fi`.
//!
//! Since 1991 Epiphany and Ascension Day are on their own dates again (from
//! 1973 to 1990 they moved to Saturdays), hence the first year.

use chrono::{Days, NaiveDate, Weekday};

use super::date;

/// First year covered: today's rules start here.
pub(super) const FIRST_YEAR: i32 = 1991;
/// Last year covered, the same horizon as the other built-in calendars.
pub(super) const LAST_YEAR: i32 = 2099;

/// The holidays of `year` (within [`FIRST_YEAR`]..=[`LAST_YEAR`]), in date order.
pub(super) fn year(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let after_easter = |days: u64| easter + Days::new(days);
    let midsummer_day = first_weekday_from(date(year, 6, 20), Weekday::Sat);
    let mut days = vec![
        (date(year, 1, 1), "Uudenvuodenpäivä"),
        (date(year, 1, 6), "Loppiainen"),
        (easter - Days::new(2), "Pitkäperjantai"),
        (easter, "Pääsiäispäivä"),
        (after_easter(1), "2. pääsiäispäivä"),
        (date(year, 5, 1), "Vappu"),
        (after_easter(39), "Helatorstai"),
        (after_easter(49), "Helluntaipäivä"),
        (midsummer_day - Days::new(1), "Juhannusaatto"),
        (midsummer_day, "Juhannuspäivä"),
        (first_weekday_from(date(year, 10, 31), Weekday::Sat), "Pyhäinpäivä"),
        (date(year, 12, 6), "Itsenäisyyspäivä"),
        (date(year, 12, 24), "Jouluaatto"),
        (date(year, 12, 25), "Joulupäivä"),
        (date(year, 12, 26), "Tapaninpäivä"),
    ];
    days.sort_by_key(|(day, _)| *day);
    days
}

/// The first `weekday` on or after `from`.
fn first_weekday_from(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    from.iter_days().find(|d| chrono::Datelike::weekday(d) == weekday).expect("a weekday within a week")
}

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm of
/// Meeus, Jones and Butcher), as the Evangelical Lutheran Church of Finland keeps it.
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(y: i32) -> Vec<String> {
        year(y).into_iter().map(|(day, name)| format!("{} {name}", day.format("%m-%d"))).collect()
    }

    #[test]
    fn year_2025() {
        assert_eq!(
            listed(2025),
            [
                "01-01 Uudenvuodenpäivä",
                "01-06 Loppiainen",
                "04-18 Pitkäperjantai",
                "04-20 Pääsiäispäivä",
                "04-21 2. pääsiäispäivä",
                "05-01 Vappu",
                "05-29 Helatorstai",
                "06-08 Helluntaipäivä",
                "06-20 Juhannusaatto",
                "06-21 Juhannuspäivä",
                "11-01 Pyhäinpäivä",
                "12-06 Itsenäisyyspäivä",
                "12-24 Jouluaatto",
                "12-25 Joulupäivä",
                "12-26 Tapaninpäivä",
            ]
        );
    }

    #[test]
    fn year_2026() {
        assert_eq!(
            listed(2026),
            [
                "01-01 Uudenvuodenpäivä",
                "01-06 Loppiainen",
                "04-03 Pitkäperjantai",
                "04-05 Pääsiäispäivä",
                "04-06 2. pääsiäispäivä",
                "05-01 Vappu",
                "05-14 Helatorstai",
                "05-24 Helluntaipäivä",
                "06-19 Juhannusaatto",
                "06-20 Juhannuspäivä",
                "10-31 Pyhäinpäivä",
                "12-06 Itsenäisyyspäivä",
                "12-24 Jouluaatto",
                "12-25 Joulupäivä",
                "12-26 Tapaninpäivä",
            ]
        );
    }

    #[test]
    fn easter_on_known_dates() {
        for (y, expected) in
            [(1991, "1991-03-31"), (2000, "2000-04-23"), (2019, "2019-04-21"), (2038, "2038-04-25")]
        {
            assert_eq!(easter_sunday(y), expected.parse::<NaiveDate>().unwrap(), "{y}");
        }
    }
}
