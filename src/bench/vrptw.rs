//! Benchmarking the Solomon and Gehring & Homberger VRPTW instances.
