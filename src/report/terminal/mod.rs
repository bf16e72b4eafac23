//! Tables for the terminal: a day plan, the changes of a re-plan, a week,
//! splits of the territories side by side, and the slots `rounds book` offers.

mod book;
mod day;
mod territories;
mod week;

pub use book::slots_table;
pub use day::{changes_table, plan_table};
pub use territories::compare_table;
pub use week::week_table;
