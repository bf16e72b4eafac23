//! Cordeau's periodic vehicle routing (PVRP) instances: each customer is
//! visited a given number of times over a horizon of days, on one of a few
//! allowed combinations of days; each day's routes respect a capacity and
//! a route duration limit; the total distance over all days is minimised.
//!
//! - [`reader`] reads an instance ([`reader::PvrpInstance`]), the reference
//!   solutions distributed with it, and writes solutions as JSON.
//! - [`problem`] builds the periodic planner's problem from an instance and
//!   reads its plan back as routes of customer numbers.
//! - [`check`] validates a solution against the raw instance, sharing nothing
//!   with the planner.
//! - [`mod@bench`] runs a folder of instances against best-known totals.

pub mod bench;
pub mod check;
pub mod problem;
pub mod reader;
#[cfg(test)]
mod tests;
