//! The slots `rounds book` offers, as a table for the terminal.

use std::fmt::Write;

use chrono::Datelike;

use crate::model::time::duration_text;
use crate::model::{Account, Region};
use crate::planning::book::Slot;

/// One line per slot, fewest extra driving first: the day, when the visit
/// may start, the rep and the driving it adds; `days` names the horizon
/// searched.
pub fn slots_table(
    region: &Region,
    account: &Account,
    duration_s: i64,
    days: &str,
    slots: &[Slot],
) -> String {
    let mut out = String::new();
    let name = if account.name.is_empty() { String::new() } else { format!(" {}", account.name) };
    if slots.is_empty() {
        let _ =
            writeln!(out, "no slot for {}{name} ({} visit) in {days}", account.id, duration_text(duration_s));
        return out;
    }
    let _ = writeln!(
        out,
        "best slots for {}{name} ({} visit) in {days}, fewest extra driving first:",
        account.id,
        duration_text(duration_s)
    );
    let _ = writeln!(
        out,
        "  {:>2}  {:<16}  {:<11}  {:<6} {:<20} {:>13}",
        "#", "date", "start", "rep", "name", "extra driving"
    );
    for (k, slot) in slots.iter().enumerate() {
        let rep_name = region.reps.iter().find(|r| r.id == slot.rep).map_or("", |r| r.name.as_str());
        let rep_name: String = rep_name.chars().take(20).collect();
        let start = if slot.starts.open_s == slot.starts.close_s {
            format!("at {}", crate::model::Hm(slot.starts.open_s))
        } else {
            slot.starts.to_string()
        };
        let _ = writeln!(
            out,
            "  {:>2}  {:<16}  {start:<11}  {:<6} {rep_name:<20} {:>13}",
            k + 1,
            format!("{} ({})", slot.date, slot.date.weekday()),
            slot.rep,
            // Negative when the account was already planned that day, farther along.
            if slot.extra_drive_s < 0 {
                format!("-{}", duration_text(-slot.extra_drive_s))
            } else {
                format!("+{}", duration_text(slot.extra_drive_s))
            }
        );
    }
    out
}
