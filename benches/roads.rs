//! Road-network benchmarks (in progress).
fn main() {}
