//! The independent validator for periodic VRP solutions: replays the routes
//! of a [`PvrpSolution`] against the [`PvrpInstance`] as its file states it,
//! and lists every rule they break.
//!
//! Entry point: [`check_pvrp`], which returns a [`PvrpReport`] with the
//! [`PvrpViolation`]s and the recomputed total distance.
//!
//! It shares nothing with the planner ([`crate::planning::periodic`]) or the
//! solver: it reads customer numbers and days, prices legs in `f64` from the
//! coordinates, and never sees the scaled integer matrix the search uses.
//!
//! # Rules
//! - Every route's day lies in the horizon; at most the instance's vehicles
//!   have a non-empty route on each day.
//! - Every customer is visited on exactly one of its allowed combinations of
//!   days: at most once a day, and the set of days it is visited on is one of
//!   its combinations. Unknown numbers and the depot inside a route are reported.
//! - A route's load (the sum of its customers' demands) is at most the day's
//!   capacity; its duration (travel, equal to distance, plus service) at most
//!   the day's limit, with [`TIME_TOLERANCE`] for rounding.
//! - The claimed total equals the recomputed one (unrounded Euclidean, summed
//!   over every route, depot to depot) within [`TOTAL_TOLERANCE`].

use std::collections::HashMap;
use std::fmt;

use crate::interop::pvrp::reader::{Point, PvrpCustomer, PvrpInstance, PvrpSolution};

/// Room for rounding in sums of square roots when a route's duration is
/// compared with its limit: far below any real overrun.
pub const TIME_TOLERANCE: f64 = 1e-6;

/// How far the claimed total may lie from the recomputed one: the reference
/// solutions print hundredths, so half a hundredth plus rounding.
pub const TOTAL_TOLERANCE: f64 = 0.005 + 1e-9;

/// One broken rule. Days and routes are numbered from 1, as the files do.
#[derive(Clone, Debug, PartialEq)]
pub enum PvrpViolation {
    /// A route names a day outside the horizon.
    DayOutsideHorizon {
        /// The day as named.
        day: usize,
    },
    /// More non-empty routes on a day than vehicles.
    TooManyRoutes {
        /// The day.
        day: usize,
        /// Its non-empty routes.
        routes: usize,
        /// Vehicles per day.
        vehicles: usize,
    },
    /// A route names a number that is no customer (or the depot's 0).
    UnknownCustomer {
        /// The day.
        day: usize,
        /// The number.
        number: u32,
    },
    /// A customer is visited more than once on a day.
    VisitedTwice {
        /// The customer.
        customer: u32,
        /// The day.
        day: usize,
    },
    /// A customer's days are none of its allowed combinations (an unvisited
    /// customer has no days).
    WrongCombination {
        /// The customer.
        customer: u32,
        /// The days it is visited on, from 1.
        days: Vec<usize>,
    },
    /// A route carries more than the capacity.
    OverCapacity {
        /// The day.
        day: usize,
        /// The route's place among the day's routes, from 1.
        route: usize,
        /// Its load.
        load: i64,
        /// The day's capacity.
        capacity: i64,
    },
    /// A route takes longer than the limit.
    OverDuration {
        /// The day.
        day: usize,
        /// The route's place among the day's routes, from 1.
        route: usize,
        /// Its duration.
        duration: f64,
        /// The day's limit.
        limit: f64,
    },
    /// The claimed total is not the recomputed one.
    WrongTotal {
        /// As claimed.
        claimed: f64,
        /// As recomputed.
        recomputed: f64,
    },
}

impl fmt::Display for PvrpViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PvrpViolation::DayOutsideHorizon { day } => {
                write!(f, "a route on day {day}, outside the horizon")
            }
            PvrpViolation::TooManyRoutes { day, routes, vehicles } => {
                write!(f, "day {day} has {routes} routes; only {vehicles} vehicles work a day")
            }
            PvrpViolation::UnknownCustomer { day, number } => {
                write!(f, "a route on day {day} visits {number}, which is no customer")
            }
            PvrpViolation::VisitedTwice { customer, day } => {
                write!(f, "customer {customer} is visited more than once on day {day}")
            }
            PvrpViolation::WrongCombination { customer, days } if days.is_empty() => {
                write!(f, "customer {customer} is never visited")
            }
            PvrpViolation::WrongCombination { customer, days } => {
                write!(f, "customer {customer} is visited on days {days:?}, none of its allowed combinations")
            }
            PvrpViolation::OverCapacity { day, route, load, capacity } => {
                write!(f, "day {day} route {route} carries {load}, more than the capacity {capacity}")
            }
            PvrpViolation::OverDuration { day, route, duration, limit } => {
                write!(f, "day {day} route {route} takes {duration:.4}, longer than the limit {limit}")
            }
            PvrpViolation::WrongTotal { claimed, recomputed } => {
                write!(
                    f,
                    "the solution claims a total of {claimed}, but its routes add up to {recomputed:.4}"
                )
            }
        }
    }
}

/// Everything [`check_pvrp`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpReport {
    /// Every broken rule: routes in order, then customers, then the total.
    pub violations: Vec<PvrpViolation>,
    /// Total length of every route, unrounded, legs to unknown numbers left out.
    pub distance: f64,
}

impl PvrpReport {
    /// Whether the solution breaks no rule.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Checks `solution` against `instance`; the rules are in the [module docs](self).
pub fn check_pvrp(instance: &PvrpInstance, solution: &PvrpSolution) -> PvrpReport {
    let horizon = instance.days.len();
    let customers: HashMap<u32, &PvrpCustomer> = instance.customers.iter().map(|c| (c.number, c)).collect();
    let mut days_of: HashMap<u32, u32> = HashMap::new();
    let mut routes_on = vec![0usize; horizon];
    let mut violations = Vec::new();
    let mut distance = 0.0;
    for route in &solution.routes {
        let day = route.day + 1;
        let Some(limits) = instance.days.get(route.day) else {
            violations.push(PvrpViolation::DayOutsideHorizon { day });
            continue;
        };
        if route.stops.is_empty() {
            continue;
        }
        routes_on[route.day] += 1;
        let mut at: Point = instance.depot;
        let mut length = 0.0;
        let mut service = 0.0;
        let mut load = 0;
        for &number in &route.stops {
            let Some(customer) = customers.get(&number) else {
                violations.push(PvrpViolation::UnknownCustomer { day, number });
                continue;
            };
            length += PvrpInstance::distance(at, customer.at);
            at = customer.at;
            service += customer.service;
            load += customer.demand;
            let days = days_of.entry(number).or_default();
            if *days & (1 << route.day) != 0 {
                violations.push(PvrpViolation::VisitedTwice { customer: number, day });
            }
            *days |= 1 << route.day;
        }
        length += PvrpInstance::distance(at, instance.depot);
        distance += length;
        let route_number = routes_on[route.day];
        if load > limits.capacity {
            violations.push(PvrpViolation::OverCapacity {
                day,
                route: route_number,
                load,
                capacity: limits.capacity,
            });
        }
        if let Some(limit) = limits.max_duration {
            if length + service > limit + TIME_TOLERANCE {
                violations.push(PvrpViolation::OverDuration {
                    day,
                    route: route_number,
                    duration: length + service,
                    limit,
                });
            }
        }
    }
    for (d, &routes) in routes_on.iter().enumerate() {
        if routes > instance.vehicles {
            violations.push(PvrpViolation::TooManyRoutes { day: d + 1, routes, vehicles: instance.vehicles });
        }
    }
    for customer in &instance.customers {
        let mask = days_of.get(&customer.number).copied().unwrap_or(0);
        if !customer.combinations.contains(&mask) {
            let days = (0..horizon).filter(|&d| mask & (1 << d) != 0).map(|d| d + 1).collect();
            violations.push(PvrpViolation::WrongCombination { customer: customer.number, days });
        }
    }
    if !solution.distance.is_finite() || (solution.distance - distance).abs() > TOTAL_TOLERANCE {
        violations.push(PvrpViolation::WrongTotal { claimed: solution.distance, recomputed: distance });
    }
    PvrpReport { violations, distance }
}
