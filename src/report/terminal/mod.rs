//! Tables for the terminal: a day plan, the changes of a re-plan, a week,
//! and splits of the territories side by side.

mod day;
mod territories;
mod week;

pub use day::{changes_table, plan_table};
pub use territories::compare_table;
pub use week::week_table;
