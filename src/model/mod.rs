//! The problem as users describe it: accounts, reps, times, holidays and due rules,
//! and what the visit log says was done ([`adherence`]).
//!
//! These types are what the file readers produce and what the validator checks
//! plans against. The solver never sees them; [`crate::planning::day`] turns them into the
//! index-based [`crate::solver::Problem`].

pub mod adherence;
pub mod calendar;
pub mod due;
pub mod limits;
pub mod plan;
pub mod reason;
pub mod region;
pub mod time;
pub mod visit_log;

pub use calendar::{
    Absence, Absences, Appointment, AppointmentTime, Appointments, Closure, Closures, Country, Holidays,
    OpeningHours, Shift,
};
pub use due::{candidates, due_accounts, urgency, Candidate, Urgency};
pub use region::{Account, BreakRule, LatLon, Priority, Region, Rep};
pub use time::{Hm, Hms, Seconds, TimeWindow};
