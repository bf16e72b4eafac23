//! How a visit sits against opening windows, and how windows and spans of
//! time are written in messages.

use std::fmt;

use crate::model::{Seconds, TimeWindow};

/// A duration as `1 h 5 min`, `5 min 12 s` or `40 s`, for drive and visit
/// lengths inside messages (clock times use [`Hms`]).
pub(super) struct Span(pub(super) Seconds);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            f.write_str("-")?;
        }
        let total = self.0.unsigned_abs();
        let parts = [(total / 3600, "h"), ((total / 60) % 60, "min"), (total % 60, "s")];
        let mut written = false;
        for (value, unit) in parts {
            if value != 0 {
                if written {
                    f.write_str(" ")?;
                }
                write!(f, "{value} {unit}")?;
                written = true;
            }
        }
        if !written {
            f.write_str("0 s")?;
        }
        Ok(())
    }
}

/// Lists windows as `08:30-11:00, 13:00-16:00`.
pub(super) struct WindowList<'w>(pub(super) &'w [TimeWindow]);

impl fmt::Display for WindowList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, window) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{window}")?;
        }
        Ok(())
    }
}

/// How a visit `[start_s, end_s]` sits against a set of windows.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Fit {
    /// Inside one window.
    Inside,
    /// Starts before `window` opens (before the first window, or in a gap):
    /// the rep should have waited.
    Early { window: TimeWindow },
    /// Starts after `window` closed with no later window, or starts in
    /// `window` but runs past its close.
    Late { window: TimeWindow },
}

/// Classifies a visit against `windows`; an empty list fits everything
/// (callers pass the shift instead of an account's empty windows).
pub(super) fn fit(windows: &[TimeWindow], start_s: Seconds, end_s: Seconds) -> Fit {
    if windows.is_empty() || windows.iter().any(|w| w.open_s <= start_s && end_s <= w.close_s) {
        return Fit::Inside;
    }
    // Among the windows already open at the start, the one closing last is
    // the one the visit was aiming for.
    let current = windows.iter().filter(|w| w.open_s <= start_s).max_by_key(|w| w.close_s);
    if let Some(&window) = current {
        if start_s <= window.close_s {
            return Fit::Late { window };
        }
    }
    let next = windows.iter().filter(|w| w.open_s > start_s).min_by_key(|w| w.open_s);
    match (next, current) {
        (Some(&window), _) => Fit::Early { window },
        (None, Some(&window)) => Fit::Late { window },
        // Unreachable: a non-empty list has a window opening either by or after the start.
        (None, None) => Fit::Inside,
    }
}
