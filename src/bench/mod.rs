//! Benchmarks a manager or developer runs from the command line: the sample
//! regions as day plans ([`regions`]), and the two cells every table of runs
//! against best-known solutions shares, whatever the instances' format (the
//! VRPTW and PVRP runners live with their formats in `interop`).

pub mod regions;

/// The mean of `values`, `None` when there are none.
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// A gap to the best known in per cent as a table shows it (`+0.26 %`, `-`
/// when unknown).
pub(crate) fn pct(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |g| format!("{g:+.2} %"))
}
