//! Territories: which rep holds which account, and what a split does to the reps' weeks.
//!
//! - [`Split`] (in [`split`]): one rep per account; [`Split::current`] reads
//!   the region's `territory` column, [`Split::apply`] writes one back.
//! - [`plan_split`] plans a split over several working days ([`WeekOptions`],
//!   [`WeekPlan`]) with the week planner, rep by rep in parallel;
//!   [`crate::planning::week::check_week`] replays every day with the independent validator.
//! - [`metrics::split_metrics`] turns those plans into figures a manager
//!   compares: driving, workload per day, overtime, late and missed visits,
//!   balance and compactness; [`crate::report::terminal::compare_table`] prints splits side by side.
//! - [`propose::propose`] suggests a compact split balanced by estimated
//!   workload, optionally within a number of changes from the current one.
//! - [`crate::report::split_svg::split_svg`] draws a split as a map.

mod compare;
pub mod metrics;
pub mod propose;
pub mod split;

pub use crate::planning::week::{LateVisit, WeekOptions, WeekPlan};
pub use compare::plan_split;
pub use split::{CurrentSplit, Split};
