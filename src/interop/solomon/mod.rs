//! Solomon and Gehring & Homberger VRPTW instances.
//!
//! - [`reader`] reads an instance file ([`reader::SolomonInstance`]) and
//!   writes benchmark solutions as JSON.
//! - [`problem`] builds the solver's problem from an instance and reads the
//!   routes back.
//! - [`check`] validates routes against the raw instance, sharing nothing
//!   with the solver.
//! - [`mod@bench`] runs a folder of instances against best-known solutions.
//!
//! Reading an instance, solving it and checking the routes, as
//! `rounds solve FILE` does:
//!
//! ```
//! use std::path::Path;
//!
//! use rounds::interop::solomon::check::check_vrptw;
//! use rounds::interop::solomon::problem::{routes_of, search_config, to_problem, Objective};
//! use rounds::interop::solomon::reader::read_solomon;
//! use rounds::solver::{solve, SearchConfig};
//!
//! let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/benchmarks/solomon/C101.txt");
//! let instance = read_solomon(&file)?;
//! assert_eq!((instance.name.as_str(), instance.customers.len()), ("C101", 100));
//!
//! let objective = Objective::Distance;
//! // Four trajectories of 300 iterations, the fleet phase of the objective.
//! let given = SearchConfig { iterations: Some(300), ..SearchConfig::default() };
//! let search = search_config(&given, objective, &instance);
//! let outcome = solve(&to_problem(&instance, objective), &search);
//! let routes = routes_of(&instance, &outcome.solution);
//!
//! let report = check_vrptw(&instance, &routes);
//! assert!(report.is_valid(), "{:?}", report.violations);
//! assert!(report.distance < 828.94 * 1.05, "within 5 % of the best known: {}", report.distance);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bench;
pub mod check;
pub mod problem;
pub mod reader;
