//! The sales domain turned into solver problems and back into plans.
//!
//! - [`day`] plans one day: the due accounts of a region become a
//!   [`crate::solver::Problem`], the solution becomes a [`crate::model::plan::Plan`].
//! - [`week`] plans several working days: which day each visit happens, then
//!   each day through [`day`].
//! - [`periodic`] plans recurring visits over a horizon when each customer
//!   has allowed combinations of days (the periodic VRP), every day through
//!   the day solver.
//! - [`horizon`] puts several days' vehicles in one solver problem, so that
//!   the day solver moves visits between days: [`periodic`] and [`week`] use it.
//! - [`replan`] plans the rest of a day already under way from where every
//!   rep is.
//! - [`book`] finds the slots to offer a customer for an appointment in the
//!   days [`week`] plans.
//!
//! Planning calls the solver and the travel model, and the independent
//! validator ([`crate::check`]) to confirm what it hands back; it never
//! reads or writes files.

pub mod book;
pub mod day;
pub mod horizon;
pub mod periodic;
pub mod replan;
pub mod week;
