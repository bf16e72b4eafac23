//! The slots `rounds book` offers, as a table for the terminal.

use std::fmt::Write;

use super::width::{cut, duration_columns, left, right};
use crate::model::{Account, Region};
use crate::planning::book::Slot;
use crate::report::lang::{Lang, Msg};

/// Terminal columns of a rep's name.
const NAME_COLUMNS: usize = 20;

/// One line per slot, fewest extra driving first: the day, when the visit
/// may start, the rep and the driving it adds; `days` names the horizon
/// searched.
pub fn slots_table(
    region: &Region,
    account: &Account,
    duration_s: i64,
    days: &str,
    slots: &[Slot],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let name = if account.name.is_empty() { String::new() } else { format!(" {}", account.name) };
    let length = lang.duration(duration_s);
    if slots.is_empty() {
        let _ = writeln!(out, "{}", lang.fill(Msg::SlotsNone, &[&account.id, &name, &length, &days]));
        return out;
    }
    let _ = writeln!(out, "{}", lang.fill(Msg::SlotsBest, &[&account.id, &name, &length, &days]));
    let date_w = match lang {
        Lang::En => 16,
        Lang::Ja => 18,
    };
    let drive_w = duration_columns(lang, 13);
    let _ = writeln!(
        out,
        "  {}  {}  {}  {} {} {}",
        right(lang.text(Msg::ColOrder), 2),
        left(lang.text(Msg::ColDate), date_w),
        left(lang.text(Msg::ColStart), 11),
        left(lang.text(Msg::ColRep), 6),
        left(lang.text(Msg::ColName), NAME_COLUMNS),
        right(lang.text(Msg::ColExtraDrive), drive_w),
    );
    for (k, slot) in slots.iter().enumerate() {
        let rep_name = region.reps.iter().find(|r| r.id == slot.rep).map_or("", |r| r.name.as_str());
        let start = if slot.starts.open_s == slot.starts.close_s {
            lang.fill(Msg::SlotAt, &[&lang.clock(slot.starts.open_s)])
        } else {
            format!("{}-{}", lang.clock(slot.starts.open_s), lang.clock(slot.starts.close_s))
        };
        // Negative when the account was already planned that day, farther along.
        let sign = if slot.extra_drive_s < 0 { '-' } else { '+' };
        let _ = writeln!(
            out,
            "  {:>2}  {}  {}  {} {} {}",
            k + 1,
            left(&lang.date(slot.date), date_w),
            left(&start, 11),
            left(&slot.rep, 6),
            left(&cut(rep_name, NAME_COLUMNS), NAME_COLUMNS),
            right(&format!("{sign}{}", lang.duration(slot.extra_drive_s.abs())), drive_w),
        );
    }
    out
}
