//! rounds: day plans for route-sales teams.
//!
//! A region is a list of customer [`model::Account`]s, each with a location,
//! opening hours, a visit length and a visit frequency, and the
//! [`model::Rep`]s who visit them. Each morning,
//! [`planning::day::DayProblem::build`] picks the accounts that are due
//! ([`model::due`]), prices the legs between them with a
//! [`travel::TravelTimes`] model, and asks the [`solver`] for the visiting
//! order of every rep. The [`check`] module, which shares no bookkeeping with
//! the solver, replays the resulting [`model::plan::Plan`] against the raw
//! input before anyone sees it. [`planning::week::plan_week`] plans several
//! working days at once; when the day does not go to plan,
//! [`planning::replan`] plans its rest again from where every rep is, and
//! the visit log ([`model::visit_log`]) keeps what actually happened for the
//! next day's plan.
//!
//! # Layers
//! Each folder is one layer; a layer uses only the layers listed before it
//! (tests aside), so the arrows all point down:
//!
//! 1. [`model`]: what users describe: ids, time and its formatting,
//!    accounts, reps, regions, due rules, plans, the visit log.
//! 2. [`travel`]: driving time and distance between places: the matrix, a
//!    straight-line estimate, real roads, a given matrix, the cache.
//! 3. [`solver`]: the core; speaks indices and integer seconds and metres,
//!    never accounts or files.
//! 4. [`check`]: the independent validator, one file per rule.
//! 5. [`planning`]: the sales domain turned into solver problems and back
//!    into plans: a day, a week, the rest of a day.
//! 6. [`territory`]: splits of the accounts between the reps, compared and
//!    proposed.
//! 7. [`io`]: rounds' own file formats (region CSVs, plan and week JSON,
//!    splits, the visit log) and the one safe way to write a file.
//! 8. [`store`]: the team's database (SQLite): accounts, reps, the calendar,
//!    every visit and every published plan, read back by the same rules as
//!    the files, every change kept as history.
//! 9. [`report`]: what people read: terminal tables, the HTML report, maps.
//! 10. [`interop`]: each outside format (Solomon, VROOM, OSRM, PVRP) with its
//!     reader, problem builder, validator and runner together.
//! 11. [`generate`] (synthetic regions and road networks) and [`mod@bench`]
//!     (instances and regions against reference results).
//! 12. [`server`]: `rounds serve`, the team's pages and JSON API over the
//!     store; it calls the layers above and holds no planning of its own.
//!
//! The command line (`src/cli/`, in the binary) sits on top and is the only
//! place raw arguments are seen. `docs/architecture.md` says where a new
//! format, rule, planner or page goes.

#![deny(missing_docs)]

pub mod bench;
pub mod check;
pub mod generate;
pub mod interop;
pub mod io;
pub mod model;
pub mod planning;
pub mod report;
pub mod server;
pub mod solver;
pub mod store;
pub mod territory;
pub mod travel;
