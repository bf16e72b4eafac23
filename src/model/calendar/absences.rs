//! Days, or parts of days, a rep does not work: leave, training, a doctor's
//! afternoon (`absences.csv`).
//!
//! A whole-day absence takes the rep out of the day: nobody plans a visit
//! for them, and an account only they may visit waits, with the absence as
//! its reason. A part-day absence (`start`, `end`) shortens the rep's
//! working window rather than splitting it, the simplest model that a
//! route (one departure, one return) can follow: an absence that begins at
//! or before the shift opens moves the start of the day to its end; any
//! other ends the day at its start. So a doctor's afternoon from 13:00
//! sends the rep home by 13:00, and a morning's training until 10:00 has
//! them leave at 10:00. The validator ([`crate::check`]) holds every route
//! to the same window.

use chrono::NaiveDate;

use crate::model::time::TimeWindow;

/// One absence of one rep over one or more days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Absence {
    /// The rep's id.
    pub rep: String,
    /// First day absent.
    pub from: NaiveDate,
    /// Last day absent (inclusive).
    pub to: NaiveDate,
    /// The absent part of each day, or `None` for the whole day.
    pub part: Option<TimeWindow>,
    /// Why (leave, training); may be empty.
    pub note: String,
}

impl Absence {
    /// Whether the absence concerns `rep` on `date`.
    pub fn covers(&self, rep: &str, date: NaiveDate) -> bool {
        self.rep == rep && self.from <= date && date <= self.to
    }

    /// "R3 is absent 2026-12-01 to 2026-12-05 (leave)", or for a part of a
    /// day "R1 is absent 13:00-17:00 on 2026-12-02 (doctor)": the reason an
    /// account waits, in words a person can act on.
    pub fn describe(&self) -> String {
        let days = if self.from == self.to {
            format!("on {}", self.from)
        } else {
            format!("{} to {}", self.from, self.to)
        };
        let part = self.part.map(|w| format!("{w} ")).unwrap_or_default();
        let note = if self.note.is_empty() { String::new() } else { format!(" ({})", self.note) };
        format!("{} is absent {part}{days}{note}", self.rep)
    }
}

/// Every absence of a region's reps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Absences {
    /// In file order.
    pub list: Vec<Absence>,
}

impl Absences {
    /// The absences of `rep` on `date`, in file order.
    pub fn on<'s>(&'s self, rep: &'s str, date: NaiveDate) -> impl Iterator<Item = &'s Absence> + 's {
        self.list.iter().filter(move |a| a.covers(rep, date))
    }

    /// The time `rep` works on `date` within `shift` (module docs), or
    /// `None` when they do not work that day: a whole-day absence, or
    /// part-day absences that leave nothing of the shift.
    pub fn working_window(&self, rep: &str, date: NaiveDate, shift: TimeWindow) -> Option<TimeWindow> {
        let mut window = shift;
        for absence in self.on(rep, date) {
            let part = absence.part?;
            if part.open_s <= window.open_s {
                window.open_s = window.open_s.max(part.close_s);
            } else {
                window.close_s = window.close_s.min(part.open_s);
            }
            if window.open_s >= window.close_s {
                return None;
            }
        }
        Some(window)
    }

    /// Why `rep` does not work all of `date`: every absence of theirs that
    /// day described, joined with `; `; `None` when they have none.
    pub fn reason(&self, rep: &str, date: NaiveDate) -> Option<String> {
        let texts: Vec<String> = self.on(rep, date).map(Absence::describe).collect();
        (!texts.is_empty()).then(|| texts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn absence(rep: &str, from: &str, to: &str, part: Option<&str>, note: &str) -> Absence {
        Absence {
            rep: rep.into(),
            from: d(from),
            to: d(to),
            part: part.map(|p| TimeWindow::parse(p).unwrap()),
            note: note.into(),
        }
    }

    #[test]
    fn a_whole_day_absence_takes_the_rep_out_and_says_why() {
        let set = Absences { list: vec![absence("R3", "2026-12-01", "2026-12-05", None, "leave")] };
        let shift = TimeWindow::parse("08:00-16:30").unwrap();
        assert_eq!(set.working_window("R3", d("2026-12-03"), shift), None);
        assert_eq!(set.working_window("R3", d("2026-12-06"), shift), Some(shift));
        assert_eq!(set.working_window("R1", d("2026-12-03"), shift), Some(shift));
        assert_eq!(
            set.reason("R3", d("2026-12-01")).unwrap(),
            "R3 is absent 2026-12-01 to 2026-12-05 (leave)"
        );
        assert_eq!(set.reason("R3", d("2026-12-07")), None);
    }

    #[test]
    fn a_part_day_absence_moves_the_start_or_ends_the_day() {
        let set = Absences {
            list: vec![
                absence("R1", "2026-12-02", "2026-12-02", Some("13:00-17:00"), "doctor"),
                absence("R2", "2026-12-02", "2026-12-02", Some("07:00-10:00"), ""),
                absence("R4", "2026-12-02", "2026-12-02", Some("07:00-10:00"), ""),
                absence("R4", "2026-12-02", "2026-12-02", Some("09:30-18:00"), ""),
            ],
        };
        let shift = TimeWindow::parse("08:00-16:30").unwrap();
        let date = d("2026-12-02");
        assert_eq!(set.working_window("R1", date, shift), Some(TimeWindow::parse("08:00-13:00").unwrap()));
        assert_eq!(set.working_window("R2", date, shift), Some(TimeWindow::parse("10:00-16:30").unwrap()));
        assert_eq!(set.working_window("R4", date, shift), None, "nothing of the shift is left");
        assert_eq!(set.reason("R1", date).unwrap(), "R1 is absent 13:00-17:00 on 2026-12-02 (doctor)");
    }
}
