//! rounds: day plans for route-sales teams.
//!
//! A region is a list of customer [`model::Account`]s, each with a location,
//! opening hours, a visit length and a visit frequency, and the [`model::Rep`]s
//! who visit them. Each morning, [`day::DayProblem::build`] picks the accounts that are
//! due ([`model::due`]), prices the legs between them with a
//! [`travel::TravelTimes`] model, and asks the [`solver`] for the visiting
//! order of every rep. The [`check`] module, which shares no bookkeeping with
//! the solver, replays the resulting [`plan::Plan`] against the raw input
//! before anyone sees it. When the day does not go to plan, [`replan`]
//! plans its rest again from where every rep is, and [`visit_log`] keeps what
//! actually happened for the next day's plan.
//! before anyone sees it. [`week::plan_week`] plans several working days
//! at once: which day each visit happens, then each day as above.
//!
//! [`store`] keeps a team's accounts, visits and published plans in one
//! embedded database, read by the same rules as the files.
//!
//! Layering: `model` (what users describe) and `io` (the only place file
//! formats live) sit on top of a solver core that speaks only indices and
//! integer seconds and metres.

#![deny(missing_docs)]

pub mod bench;
pub mod check;
pub mod day;
pub mod generate;
pub mod io;
pub mod model;
pub mod plan;
pub mod replan;
pub mod report;
pub mod rng;
pub mod solver;
pub mod store;
pub mod territory;
pub mod travel;
pub mod visit_log;
pub mod vroom;
pub mod vrptw;
pub mod week;
