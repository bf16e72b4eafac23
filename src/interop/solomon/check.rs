//! The independent validator for VRPTW benchmark solutions: replays routes of
//! customer numbers against a [`SolomonInstance`] exactly as the classic
//! Solomon rules define them, and lists every rule they break.
//!
//! Entry point: [`check_vrptw`], which returns a [`VrptwReport`] with the
//! violations, the recomputed total distance and the number of vehicles used.
//!
//! Like the plan validator in [`crate::check`], it shares nothing with the
//! solver: it reads only the instance as the file states it and the routes as
//! customer numbers, so a bug in the solver's bookkeeping (cached arrival
//! times, incremental distances, index mappings) cannot hide here.
//!
//! # Rules (classic Solomon semantics)
//! Distances are unrounded Euclidean ([`SolomonInstance::distance`]), travel
//! time equals distance, and all times are `f64`.
//! - Every customer is served exactly once: missing, repeated and unknown
//!   numbers are each reported, and the depot's number must not appear inside
//!   a route (leaving and returning to the depot are implied).
//! - A route's total demand is at most the vehicle capacity.
//! - A route leaves the depot at `max(0, depot ready time)`. At each customer,
//!   arrival = previous departure + distance; service starts at
//!   `max(arrival, ready time)` and must start no later than the due date;
//!   departure = start + service time. The vehicle must be back at the depot
//!   no later than the depot's due date. Both time checks allow
//!   [`TIME_TOLERANCE`] for floating-point rounding.
//! - At most the fleet size of routes are non-empty; empty routes are ignored.
//!
//! Routes are numbered from 1 in messages, as solution files usually number
//! them. An unknown number or the depot inside a route is skipped for timing
//! and distance (it cannot be priced or is not a stop); a repeated customer is
//! replayed like any other stop, since the route as written goes there.
//! Nothing here panics, whatever the routes hold.

use std::collections::HashMap;
use std::fmt;

use crate::interop::solomon::reader::{SolomonInstance, SolomonSite};

/// How far past a due date, in the instance's time unit, a start of service or
/// return still counts as on time: room for rounding in sums of square roots,
/// far below any real lateness (the instances' times are whole numbers).
pub const TIME_TOLERANCE: f64 = 1e-6;

/// Everything [`check_vrptw`] found about a solution.
#[derive(Clone, Debug, PartialEq)]
pub struct VrptwReport {
    /// Every broken rule as a full sentence naming the route (from 1) and the
    /// customer number; routes first, in order, then missing customers, then the fleet size.
    pub violations: Vec<String>,
    /// Total length of the non-empty routes, depot to depot, unrounded; legs to
    /// unknown numbers or the depot inside a route are not counted.
    pub distance: f64,
    /// Number of non-empty routes.
    pub vehicles: usize,
}

impl VrptwReport {
    /// Whether the solution breaks no rule.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Replays `routes`, each a list of customer numbers as in the instance file
/// without the depot, against `instance`; the rules are in the [module docs](self).
///
/// Customer numbers are expected to be unique, as
/// [`parse_solomon`](crate::interop::solomon::reader::parse_solomon) guarantees; should a
/// hand-built instance repeat one, the first customer with it is used.
pub fn check_vrptw(instance: &SolomonInstance, routes: &[Vec<u32>]) -> VrptwReport {
    let depot = &instance.depot;
    let mut sites: HashMap<u32, &SolomonSite> = HashMap::with_capacity(instance.customers.len());
    for customer in &instance.customers {
        sites.entry(customer.number).or_insert(customer);
    }
    // Customer number -> the route (from 1) that serves it first.
    let mut served_by: HashMap<u32, usize> = HashMap::with_capacity(instance.customers.len());
    let mut violations = Vec::new();
    let mut distance = 0.0;
    let mut vehicles = 0;

    for (route, stops) in (1..).zip(routes).filter(|(_, stops)| !stops.is_empty()) {
        vehicles += 1;
        let mut at = depot;
        let mut time = depot.ready.max(0) as f64;
        let mut load: i64 = 0;
        for &number in stops {
            if number == depot.number {
                violations.push(format!(
                    "Route {route} lists the depot (number {number}) as a stop; a route lists customers only, \
                     the start and return at the depot are implied."
                ));
                continue;
            }
            let Some(&site) = sites.get(&number) else {
                violations.push(format!(
                    "Route {route} visits customer {number}, which the instance does not have."
                ));
                continue;
            };
            match served_by.get(&number) {
                Some(&first) if first == route => {
                    violations.push(format!("Route {route} serves customer {number} more than once."))
                }
                Some(&first) => violations.push(format!(
                    "Route {route} serves customer {number}, which route {first} already serves."
                )),
                None => {
                    served_by.insert(number, route);
                }
            }
            let leg = instance.distance(at, site);
            distance += leg;
            let start = (time + leg).max(site.ready as f64);
            let due = site.due as f64;
            if start > due + TIME_TOLERANCE {
                violations.push(format!(
                    "Route {route} starts serving customer {number} at {}, {} after its due date {}.",
                    Time(start),
                    Time(start - due),
                    site.due
                ));
            }
            time = start + site.service as f64;
            load = load.saturating_add(site.demand);
            at = site;
        }
        let leg = instance.distance(at, depot);
        distance += leg;
        let back = time + leg;
        let closes = depot.due as f64;
        if back > closes + TIME_TOLERANCE {
            violations.push(format!(
                "Route {route} returns to the depot at {}, {} after it closes at {}.",
                Time(back),
                Time(back - closes),
                depot.due
            ));
        }
        if load > instance.capacity {
            violations.push(format!(
                "Route {route} carries a demand of {load}, {} more than the vehicle capacity {}.",
                load.saturating_sub(instance.capacity),
                instance.capacity
            ));
        }
    }

    for customer in &instance.customers {
        if !served_by.contains_key(&customer.number) {
            violations.push(format!("Customer {} is not served by any route.", customer.number));
        }
    }
    if vehicles > instance.vehicles {
        violations.push(format!(
            "The solution uses {vehicles} vehicles but the fleet has only {}.",
            instance.vehicles
        ));
    }
    VrptwReport { violations, distance, vehicles }
}

/// A time or time difference for messages: up to six decimals, trailing zeros
/// dropped, so a lateness just past [`TIME_TOLERANCE`] still shows.
struct Time(f64);

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.6}", self.0);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        f.write_str(if text == "-0" { "0" } else { text })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::interop::solomon::reader::{parse_solomon, read_solomon};

    /// Depot at the origin, open 0-40; fleet 3, capacity 25. Customer 1 must be
    /// served by time 8, customer 2 not before 10.
    const TINY: &str = "\
TINY

VEHICLE
NUMBER     CAPACITY
  3          25

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0      0      0      0     40      0
    1      3      4     10      0      8      2
    2      6      8     10     10     30      2
    3      0     -5     10      0     50      1
    4     -5     -5      5      0     50      5
";

    fn tiny() -> SolomonInstance {
        parse_solomon(TINY, Path::new("tiny.txt")).unwrap()
    }

    /// Checks `routes` on the tiny instance, expecting exactly one violation
    /// that contains `expected`.
    fn one_violation(routes: &[Vec<u32>], expected: &str) -> VrptwReport {
        let report = check_vrptw(&tiny(), routes);
        assert_eq!(report.violations.len(), 1, "{:#?}", report.violations);
        assert!(report.violations[0].contains(expected), "{:#?}", report.violations);
        assert!(!report.is_valid());
        report
    }

    /// The valid solution's length, by hand: 0→1→2→0 is 5 + 5 + 10, and
    /// 0→3→4→0 is 5 + 5 + √50.
    const VALID_DISTANCE: f64 = 20.0 + 10.0 + 7.071_067_811_865_475_5;

    #[test]
    fn accepts_a_valid_solution() {
        // Route 1 arrives at customer 1 at 5 (due 8), at customer 2 at 12 (ready 10), is back at 24;
        // route 2 is back at 12 + 5 + √50 ≈ 23.07.
        let report = check_vrptw(&tiny(), &[vec![1, 2], vec![3, 4]]);
        assert!(report.is_valid(), "{:#?}", report.violations);
        assert!((report.distance - VALID_DISTANCE).abs() < 1e-9, "{}", report.distance);
        assert_eq!(report.vehicles, 2);
    }

    #[test]
    fn ignores_empty_routes() {
        let report = check_vrptw(&tiny(), &[vec![], vec![1, 2], vec![], vec![3, 4], vec![]]);
        assert!(report.is_valid(), "{:#?}", report.violations);
        assert_eq!(report.vehicles, 2);
        assert!((report.distance - VALID_DISTANCE).abs() < 1e-9);
    }

    #[test]
    fn reports_a_late_service_with_the_lateness() {
        // Customer 2 first: served 10 to 12, then 5 to customer 1, arriving at 17, due 8.
        one_violation(
            &[vec![2, 1], vec![3, 4]],
            "Route 1 starts serving customer 1 at 17, 9 after its due date 8.",
        );
    }

    #[test]
    fn allows_rounding_within_the_tolerance_only() {
        let mut instance = tiny();
        instance.customers[0].x = 8.0 + TIME_TOLERANCE / 2.0;
        instance.customers[0].y = 0.0;
        assert!(check_vrptw(&instance, &[vec![1, 2], vec![3, 4]]).is_valid());
        instance.customers[0].x = 8.0 + 2.0 * TIME_TOLERANCE;
        let report = check_vrptw(&instance, &[vec![1, 2], vec![3, 4]]);
        assert_eq!(report.violations.len(), 1, "{:#?}", report.violations);
        assert!(report.violations[0].contains("customer 1 at 8.000002, 0.000002 after"), "{:#?}", report);
    }

    #[test]
    fn reports_a_route_over_capacity() {
        one_violation(
            &[vec![1, 2, 3], vec![4]],
            "Route 1 carries a demand of 30, 5 more than the vehicle capacity 25.",
        );
    }

    #[test]
    fn reports_a_missing_customer() {
        one_violation(&[vec![1, 2], vec![3]], "Customer 4 is not served by any route.");
    }

    #[test]
    fn reports_a_customer_served_by_two_routes() {
        one_violation(
            &[vec![1, 2], vec![3, 4], vec![4]],
            "Route 3 serves customer 4, which route 2 already serves.",
        );
    }

    #[test]
    fn reports_a_customer_served_twice_by_one_route() {
        one_violation(&[vec![1, 2], vec![3, 4, 3]], "Route 2 serves customer 3 more than once.");
    }

    #[test]
    fn reports_an_unknown_customer_and_skips_it() {
        let report = one_violation(
            &[vec![1, 2], vec![3, 9, 4]],
            "Route 2 visits customer 9, which the instance does not have.",
        );
        assert!((report.distance - VALID_DISTANCE).abs() < 1e-9);
    }

    #[test]
    fn reports_more_routes_than_the_fleet() {
        let report = one_violation(
            &[vec![1], vec![2], vec![3], vec![4]],
            "The solution uses 4 vehicles but the fleet has only 3.",
        );
        assert_eq!(report.vehicles, 4);
    }

    #[test]
    fn reports_the_depot_inside_a_route_and_skips_it() {
        let report =
            one_violation(&[vec![1, 0, 2], vec![3, 4]], "Route 1 lists the depot (number 0) as a stop");
        assert!((report.distance - VALID_DISTANCE).abs() < 1e-9);
    }

    #[test]
    fn reports_a_late_return_to_the_depot() {
        // 0→1→2 as before, leaving 2 at 14; √290 to customer 4, served until ≈ 36.03; √50 home ≈ 43.10.
        let back = 14.0 + 290f64.sqrt() + 5.0 + 50f64.sqrt();
        let report = one_violation(&[vec![1, 2, 4], vec![3]], "Route 1 returns to the depot at 43.1");
        assert!(report.violations[0].contains(&format!("{}", Time(back - 40.0))), "{:#?}", report);
        assert!(report.violations[0].ends_with("after it closes at 40."), "{:#?}", report);
    }

    #[test]
    fn reports_nothing_served() {
        let report = check_vrptw(&tiny(), &[]);
        assert_eq!(report.violations.len(), 4, "{:#?}", report.violations);
        assert_eq!((report.distance, report.vehicles), (0.0, 0));
    }

    #[test]
    fn time_drops_trailing_zeros() {
        assert_eq!(Time(17.0).to_string(), "17");
        assert_eq!(Time(43.096_245_4).to_string(), "43.096245");
        assert_eq!(Time(-0.000_000_1).to_string(), "0");
    }

    /// The optimal C101 solution (10 routes), as customer numbers.
    const C101_ROUTES: [&[u32]; 10] = [
        &[5, 3, 7, 8, 10, 11, 9, 6, 4, 2, 1, 75],
        &[13, 17, 18, 19, 15, 16, 14, 12],
        &[20, 24, 25, 27, 29, 30, 28, 26, 23, 22, 21],
        &[32, 33, 31, 35, 37, 38, 39, 36, 34],
        &[43, 42, 41, 40, 44, 46, 45, 48, 51, 50, 52, 49, 47],
        &[57, 55, 54, 53, 56, 58, 60, 59],
        &[67, 65, 63, 62, 74, 72, 61, 64, 68, 66, 69],
        &[81, 78, 76, 71, 70, 73, 77, 79, 80],
        &[90, 87, 86, 83, 82, 84, 85, 88, 89, 91],
        &[98, 96, 95, 94, 92, 93, 97, 100, 99],
    ];

    #[test]
    fn accepts_the_optimal_c101_solution() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/benchmarks/solomon/C101.txt");
        let instance = read_solomon(Path::new(path)).unwrap();
        let routes: Vec<Vec<u32>> = C101_ROUTES.iter().map(|route| route.to_vec()).collect();
        let report = check_vrptw(&instance, &routes);
        assert!(report.is_valid(), "{:#?}", report.violations);
        assert_eq!(report.vehicles, 10);
        // bks.csv: 828.94, rounded to two decimals.
        assert!((report.distance - 828.94).abs() < 0.005, "{}", report.distance);
    }
}
