//! Tables for the terminal: a day plan, the changes of a re-plan, a week,
//! splits of the territories side by side, the adherence report and the
//! slots `rounds book` offers. Every label comes from [`crate::report::lang`],
//! and columns are measured in terminal columns (`width.rs`), so Japanese
//! names line up.

mod adherence;
mod book;
mod day;
mod territories;
mod week;
pub(crate) mod width;

pub use adherence::adherence_table;
pub(crate) use adherence::{percent, team_line};
pub use book::slots_table;
pub use day::{changes_table, plan_table};
pub use territories::compare_table;
pub use week::week_table;
