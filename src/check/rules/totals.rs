//! The claimed driving time and distance of a route equal the sums of its legs exactly.

use crate::check::replay::Legs;
use crate::check::{Checker, ViolationKind};
use crate::model::plan::RoutePlan;

impl<'a> Checker<'a> {
    /// The claimed totals equal the sum of the legs, when every leg is known.
    pub(in crate::check) fn check_totals(&mut self, route: &RoutePlan, legs: &Legs) {
        let rep_id = route.rep.as_str();
        if let Some(drive_s) = legs.drive_s {
            if route.drive_s != drive_s {
                self.push(
                    ViolationKind::WrongDriveTotal,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id}'s route claims {} s of driving but its legs add up to {drive_s} s",
                        route.drive_s
                    ),
                );
            }
        }
        if let Some(distance_m) = legs.distance_m {
            if route.distance_m != distance_m {
                self.push(
                    ViolationKind::WrongDistanceTotal,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id}'s route claims {} m driven but its legs add up to {distance_m} m",
                        route.distance_m
                    ),
                );
            }
        }
    }
}
