//! The slots `rounds book --json` prints, for a booking page or a CRM:
//!
//! ```text
//! {"account": "A12", "duration_min": 25, "slots": [
//!   {"date": "2026-09-24", "rep": "R2", "earliest": "10:00", "latest": "12:15", "extra_drive_min": 3}]}
//! ```
//!
//! Slots in rank order (fewest extra driving first); `earliest` and
//! `latest` are the first and last start time of the visit, both allowed;
//! `extra_drive_min` is the driving the visit adds to the rep's day, in
//! whole minutes rounded up.

use serde::Serialize;

use crate::model::{Hm, Seconds};
use crate::planning::book::Slot;

#[derive(Serialize)]
struct SlotsJson<'a> {
    account: &'a str,
    duration_min: Seconds,
    slots: Vec<SlotJson<'a>>,
}

#[derive(Serialize)]
struct SlotJson<'a> {
    date: String,
    rep: &'a str,
    earliest: String,
    latest: String,
    extra_drive_min: Seconds,
}

/// The slots for `account` as pretty JSON, ending in a newline.
pub fn slots_to_json(account: &str, duration_s: Seconds, slots: &[Slot]) -> String {
    let json = SlotsJson {
        account,
        duration_min: (duration_s + 59) / 60,
        slots: slots
            .iter()
            .map(|slot| SlotJson {
                date: slot.date.to_string(),
                rep: &slot.rep,
                earliest: Hm(slot.starts.open_s).to_string(),
                latest: Hm(slot.starts.close_s).to_string(),
                extra_drive_min: (slot.extra_drive_s + 59).div_euclid(60),
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&json).expect("slots always serialise: strings and numbers only");
    text.push('\n');
    text
}
