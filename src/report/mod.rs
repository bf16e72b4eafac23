//! What people read: terminal tables, the self-contained HTML report and the
//! SVG maps.
//!
//! - [`terminal`] prints a day plan and the changes of a re-plan as tables.
//! - [`html`] writes day plans as one HTML page: map, timelines, summary.
//! - [`geojson`] writes day plans as GeoJSON for map tools.
//! - [`ics`] writes day plans as one iCalendar file per rep, for phones.
//! - [`schedule_csv`] writes day plans as a spreadsheet, a row per stop.
//! - [`lang`] is the one catalogue of labels and sentences, in English and
//!   Japanese, with dates and times as each reader writes them.
//! - [`split_svg`] draws a split of the territories as an SVG map.
//! - [`drawing`] holds what every map shares: rep colours, escaping, the
//!   projection.
//!
//! Reports read plans and regions; they never plan or check anything.

pub mod drawing;
pub mod geojson;
pub mod html;
pub mod ics;
pub mod lang;
pub mod schedule_csv;
pub mod split_svg;
pub mod terminal;
