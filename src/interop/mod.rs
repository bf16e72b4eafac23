//! Outside formats, each kept together with its reader, the builder that
//! turns it into a solver problem, its own independent validator and its
//! runner, so a newcomer adds a format as one folder.
//!
//! - [`pvrp`]: Cordeau's periodic VRP instances.
//! - [`solomon`]: Solomon / Gehring & Homberger VRPTW benchmark instances.
//! - [`vroom`]: VROOM's JSON requests and responses.
//! - [`osrm`]: OSRM `table` responses as a given travel matrix.

pub mod osrm;
pub mod pvrp;
pub mod solomon;
pub mod vroom;
