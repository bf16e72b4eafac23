//! Solomon and Gehring & Homberger VRPTW instances.
//!
//! - [`reader`] reads an instance file ([`reader::SolomonInstance`]) and
//!   writes benchmark solutions as JSON.
//! - [`problem`] builds the solver's problem from an instance and reads the
//!   routes back.
//! - [`check`] validates routes against the raw instance, sharing nothing
//!   with the solver.
//! - [`mod@bench`] runs a folder of instances against best-known solutions.

pub mod bench;
pub mod check;
pub mod problem;
pub mod reader;
