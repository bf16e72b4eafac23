//! Synthetic data for the shipped fixtures, tests and benchmarks.
//!
//! - [`region`] makes realistic sample regions (`rounds generate`).
//! - [`road_grid`] makes a synthetic city's road network for scale tests of
//!   the road model, and [`pbf_writer`] writes one as an OpenStreetMap PBF
//!   file to measure the reader at scale.
//!
//! Every random choice comes from one seeded [`crate::solver::rng::Rng`], so
//! a seed names the same data on every platform.

pub mod pbf_writer;
pub mod region;
pub mod road_grid;

pub use region::{generate_region, GenerateOptions, Shape};
