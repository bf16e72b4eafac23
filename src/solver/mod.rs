//! The solver core: index-based problems, routes with cached schedule data,
//! move operators, construction, and the ruin-and-recreate search.
//!
//! Main types: [`Problem`] (immutable input), [`Solution`] (one [`Route`]
//! per vehicle), [`SearchConfig`] and [`solve`].

pub mod config;
pub mod construct;
mod cooling;
mod crossover;
pub mod decompose;
pub mod insert;
pub mod local_search;
pub mod neighbours;
pub mod operators;
pub mod problem;
mod recreate;
pub mod rng;
pub mod route;
mod route_pool;
pub mod ruin;
mod runs;
pub mod search;
pub mod segments;
pub mod solution;
#[cfg(test)]
pub(crate) mod testkit;

pub use config::{every_core, ProgressHook, SearchConfig, BUDGET_GUARD, PROGRESS_EVERY, TIME_BUDGET};
pub use decompose::Decomposition;
pub use problem::{ArcCost, BreakSpec, Problem, Task, Vehicle, Window};
pub use route::{visits_in, Route, BREAK};
pub use search::{solve, solve_from, starts_full, SearchOutcome};
pub use solution::{Slot, Solution};
