//! One file per rule: each adds a method to the checker that replays the
//! plan ([`super::replay`]), so a new rule is a new file and one call.

mod absence;
mod account;
mod added;
mod appointments;
mod arrival;
mod breaks;
mod closure;
mod coverage;
mod holiday;
mod resume;
mod return_home;
mod route_limits;
mod shift;
mod totals;
mod unavailable;
mod visit_times;
