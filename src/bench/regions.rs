//! Benchmarking sample regions as day plans.
