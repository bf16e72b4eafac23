//! Benchmarks a manager or developer runs from the command line: the
//! standard VRPTW instances against best-known solutions, and the sample
//! regions as day plans.

pub mod regions;
