//! Japan's holidays (国民の祝日に関する法律), 1980 to 2099.
//!
//! Three steps, in the order the law applies them:
//!
//! 1. **国民の祝日** (national holidays): fixed dates, the Happy Monday days
//!    (成人の日 and 体育の日 from 2000, 海の日 and 敬老の日 from 2003), the
//!    equinoxes, the changes of 天皇誕生日 and みどりの日, and the one-off days
//!    set by special laws (1989, 1990, 1993, the 2019 enthronement, the 2020
//!    and 2021 Olympic moves), which count as national holidays for steps 2
//!    and 3.
//! 2. **振替休日** (substitute holiday): a national holiday on a Sunday makes
//!    the next day a holiday; from 2007, the next day that is not itself a
//!    national holiday (so a Sunday 5月3日 gives 5月6日).
//! 3. **国民の休日** (citizens' holiday, from 1986): a day between two national
//!    holidays that is not one itself; before 2007 not when it is a Sunday
//!    or already a substitute holiday.
//!
//! The equinoxes are fixed each February by the National Astronomical
//! Observatory for the next year; this uses the standard formula that has
//! matched every announced date and holds for 1980 to 2099.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{date, nth_weekday};

/// First year covered: the equinox formula starts here.
pub(super) const FIRST_YEAR: i32 = 1980;
/// Last year covered: the equinox formula ends here.
pub(super) const LAST_YEAR: i32 = 2099;

/// Name of a substitute holiday.
const SUBSTITUTE: &str = "振替休日";
/// Name of a citizens' holiday.
const CITIZENS: &str = "国民の休日";

/// The holidays of `year` (within [`FIRST_YEAR`]..=[`LAST_YEAR`]), in date order.
pub(super) fn year(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let national = national_holidays(year);
    let mut rest: BTreeMap<NaiveDate, &'static str> = BTreeMap::new();
    for &day in national.keys().filter(|d| d.weekday() == Weekday::Sun) {
        let mut next = day + Days::new(1);
        if year >= 2007 {
            while national.contains_key(&next) {
                next = next + Days::new(1);
            }
        }
        if !national.contains_key(&next) {
            rest.insert(next, SUBSTITUTE);
        }
    }
    if year >= 1986 {
        for &day in national.keys() {
            let between = day + Days::new(1);
            let after = day + Days::new(2);
            if national.contains_key(&between) || !national.contains_key(&after) {
                continue;
            }
            let excluded = year < 2007 && (between.weekday() == Weekday::Sun || rest.contains_key(&between));
            if !excluded {
                rest.entry(between).or_insert(CITIZENS);
            }
        }
    }
    let mut all: Vec<(NaiveDate, &'static str)> = national.into_iter().chain(rest).collect();
    all.sort_by_key(|(day, _)| *day);
    all
}

/// The national holidays (国民の祝日) of `year`, with the one-off days that
/// count as national holidays.
fn national_holidays(year: i32) -> BTreeMap<NaiveDate, &'static str> {
    let mut days: BTreeMap<NaiveDate, &'static str> = BTreeMap::new();
    let mut add = |day: NaiveDate, name: &'static str| {
        days.insert(day, name);
    };
    add(date(year, 1, 1), "元日");
    add(if year < 2000 { date(year, 1, 15) } else { nth_weekday(year, 1, Weekday::Mon, 2) }, "成人の日");
    add(date(year, 2, 11), "建国記念の日");
    match year {
        ..=1988 => add(date(year, 4, 29), "天皇誕生日"),
        1989..=2018 => add(date(year, 12, 23), "天皇誕生日"),
        2019 => {}
        _ => add(date(year, 2, 23), "天皇誕生日"),
    }
    add(date(year, 3, vernal_equinox_day(year)), "春分の日");
    match year {
        ..=1988 => {}
        1989..=2006 => add(date(year, 4, 29), "みどりの日"),
        _ => {
            add(date(year, 4, 29), "昭和の日");
            add(date(year, 5, 4), "みどりの日");
        }
    }
    add(date(year, 5, 3), "憲法記念日");
    add(date(year, 5, 5), "こどもの日");
    match year {
        ..=1995 => {}
        1996..=2002 => add(date(year, 7, 20), "海の日"),
        2020 => add(date(year, 7, 23), "海の日"),
        2021 => add(date(year, 7, 22), "海の日"),
        _ => add(nth_weekday(year, 7, Weekday::Mon, 3), "海の日"),
    }
    match year {
        ..=2015 => {}
        2020 => add(date(year, 8, 10), "山の日"),
        2021 => add(date(year, 8, 8), "山の日"),
        _ => add(date(year, 8, 11), "山の日"),
    }
    add(if year <= 2002 { date(year, 9, 15) } else { nth_weekday(year, 9, Weekday::Mon, 3) }, "敬老の日");
    add(date(year, 9, autumnal_equinox_day(year)), "秋分の日");
    match year {
        ..=1999 => add(date(year, 10, 10), "体育の日"),
        2000..=2019 => add(nth_weekday(year, 10, Weekday::Mon, 2), "体育の日"),
        2020 => add(date(year, 7, 24), "スポーツの日"),
        2021 => add(date(year, 7, 23), "スポーツの日"),
        _ => add(nth_weekday(year, 10, Weekday::Mon, 2), "スポーツの日"),
    }
    add(date(year, 11, 3), "文化の日");
    add(date(year, 11, 23), "勤労感謝の日");
    match year {
        1989 => add(date(year, 2, 24), "昭和天皇の大喪の礼"),
        1990 => add(date(year, 11, 12), "即位礼正殿の儀"),
        1993 => add(date(year, 6, 9), "皇太子徳仁親王の結婚の儀"),
        2019 => {
            add(date(year, 5, 1), "天皇の即位の日");
            add(date(year, 10, 22), "即位礼正殿の儀の行われる日");
        }
        _ => {}
    }
    days
}

/// Day of March of 春分の日: floor(20.8431 + 0.242194 (y - 1980) - floor((y - 1980) / 4)),
/// in millionths so that no rounding error can move a day.
fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(20_843_100, year)
}

/// Day of September of 秋分の日: as [`vernal_equinox_day`] from 23.2488.
fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(23_248_800, year)
}

fn equinox_day(base_millionths: i64, year: i32) -> u32 {
    let since = i64::from(year - FIRST_YEAR);
    let millionths = base_millionths + 242_194 * since - 1_000_000 * (since / 4);
    (millionths / 1_000_000) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The year's holidays as `MM-DD name` lines.
    fn listed(y: i32) -> Vec<String> {
        year(y).into_iter().map(|(day, name)| format!("{} {name}", day.format("%m-%d"))).collect()
    }

    // The Cabinet Office's lists (内閣府「国民の祝日について」), every date. The
    // office writes 休日 for both kinds of extra day; here they are named
    // 振替休日 (after a Sunday holiday) and 国民の休日 (between two holidays).

    #[test]
    fn year_2024_matches_the_cabinet_office_list() {
        assert_eq!(
            listed(2024),
            [
                "01-01 元日",
                "01-08 成人の日",
                "02-11 建国記念の日",
                "02-12 振替休日",
                "02-23 天皇誕生日",
                "03-20 春分の日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-15 海の日",
                "08-11 山の日",
                "08-12 振替休日",
                "09-16 敬老の日",
                "09-22 秋分の日",
                "09-23 振替休日",
                "10-14 スポーツの日",
                "11-03 文化の日",
                "11-04 振替休日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn year_2025_matches_the_cabinet_office_list() {
        assert_eq!(
            listed(2025),
            [
                "01-01 元日",
                "01-13 成人の日",
                "02-11 建国記念の日",
                "02-23 天皇誕生日",
                "02-24 振替休日",
                "03-20 春分の日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-21 海の日",
                "08-11 山の日",
                "09-15 敬老の日",
                "09-23 秋分の日",
                "10-13 スポーツの日",
                "11-03 文化の日",
                "11-23 勤労感謝の日",
                "11-24 振替休日",
            ]
        );
    }

    #[test]
    fn year_2026_matches_the_cabinet_office_list() {
        assert_eq!(
            listed(2026),
            [
                "01-01 元日",
                "01-12 成人の日",
                "02-11 建国記念の日",
                "02-23 天皇誕生日",
                "03-20 春分の日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-20 海の日",
                "08-11 山の日",
                "09-21 敬老の日",
                "09-22 国民の休日",
                "09-23 秋分の日",
                "10-12 スポーツの日",
                "11-03 文化の日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn the_enthronement_year_2019() {
        assert_eq!(
            listed(2019),
            [
                "01-01 元日",
                "01-14 成人の日",
                "02-11 建国記念の日",
                "03-21 春分の日",
                "04-29 昭和の日",
                "04-30 国民の休日",
                "05-01 天皇の即位の日",
                "05-02 国民の休日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-15 海の日",
                "08-11 山の日",
                "08-12 振替休日",
                "09-16 敬老の日",
                "09-23 秋分の日",
                "10-14 体育の日",
                "10-22 即位礼正殿の儀の行われる日",
                "11-03 文化の日",
                "11-04 振替休日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn the_olympic_moves_of_2020_and_2021() {
        let y2020 = listed(2020);
        for day in ["02-24 振替休日", "07-23 海の日", "07-24 スポーツの日", "08-10 山の日", "09-22 秋分の日"]
        {
            assert!(y2020.contains(&day.to_string()), "{day} in {y2020:?}");
        }
        assert!(!y2020.iter().any(|d| d.starts_with("10-") && d.contains("スポーツの日")));
        assert_eq!(y2020.len(), 18);
        let y2021 = listed(2021);
        for day in ["07-22 海の日", "07-23 スポーツの日", "08-08 山の日", "08-09 振替休日", "09-23 秋分の日"]
        {
            assert!(y2021.contains(&day.to_string()), "{day} in {y2021:?}");
        }
        assert!(!y2021.iter().any(|d| d.starts_with("10-")));
        assert_eq!(y2021.len(), 17);
    }

    #[test]
    fn spot_checks_of_2030_and_earlier_rules() {
        let y2030 = listed(2030);
        for day in ["01-14 成人の日", "03-20 春分の日", "05-06 振替休日", "09-16 敬老の日", "09-23 秋分の日"]
        {
            assert!(y2030.contains(&day.to_string()), "{day} in {y2030:?}");
        }
        // Before 2007 a Sunday holiday moved only to the Monday, and 5月4日
        // between two holidays was a citizens' holiday.
        assert!(listed(1998).contains(&"05-04 振替休日".to_string()));
        assert!(listed(2005).contains(&"05-04 国民の休日".to_string()));
        // From 2007 a Sunday 5月3日 moves to the first day that is not a holiday.
        assert!(listed(2009).contains(&"05-06 振替休日".to_string()));
        // Happy Monday started in 2000 (成人の日) and 2003 (敬老の日).
        assert!(listed(1999).contains(&"01-15 成人の日".to_string()));
        assert!(listed(2002).contains(&"09-15 敬老の日".to_string()));
        assert!(listed(1989).contains(&"02-24 昭和天皇の大喪の礼".to_string()));
        assert!(listed(1988).contains(&"05-04 国民の休日".to_string()));
        assert!(!listed(1985).iter().any(|d| d.starts_with("05-04")));
    }

    #[test]
    fn equinoxes_agree_with_known_dates() {
        // (year, March day, September day) as announced by the National Astronomical Observatory.
        for (y, march, september) in
            [(1980, 20, 23), (2000, 20, 23), (2012, 20, 22), (2019, 21, 23), (2023, 21, 23), (2024, 20, 22)]
        {
            assert_eq!((vernal_equinox_day(y), autumnal_equinox_day(y)), (march, september), "{y}");
        }
    }
}
