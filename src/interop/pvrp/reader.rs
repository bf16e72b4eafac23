//! Cordeau's text layout of the periodic VRP instances, the reference
//! solutions distributed with them (`.res`), and the JSON a solution is
//! written to.
//!
//! [`read_pvrp`] and [`parse_pvrp`] turn an instance into a
//! [`PvrpInstance`]: the horizon's days ([`PvrpDay`]: route duration limit,
//! capacity), the vehicles per day, the depot and the customers
//! ([`PvrpCustomer`], each with its allowed day combinations).
//! [`read_pvrp_solution`] reads a `.res` file into a [`PvrpSolution`];
//! [`solution_json`] writes one.
//!
//! # Layout (whitespace separated)
//! ```text
//! 1 3 50 5          type (1 = PVRP), vehicles per day, customers, days
//! 0 160             per day: route duration limit (0 = none), capacity
//! ...
//!  0 30 40 0 0 0 0  the depot: number x y service demand visits combinations
//!  1 37 52 0 7 1 5 16 8 4 2 1
//! ```
//! A site row is `number x y service demand visits count code...`: `count`
//! decimal combination codes follow, each a bit mask over the `t` days where
//! the most significant of the `t` bits is the first day (code 16 of a
//! 5-day horizon is day 1, code 1 is day 5; the reference solutions read
//! this way). A code must name exactly `visits` days.
//!
//! The reader is strict about content, because a misread instance makes every
//! benchmark figure after it wrong: every row has exactly its values, every
//! value is a number in its documented range ([`crate::model::limits`]:
//! coordinates within ±50 000, times from 0 to 10^7, demands and capacities
//! from 0 to 10^9, 1 to 31 days), numbers are unique, and the depot has no
//! demand, service or visits. Every bad row is reported
//! ([`InputError::Several`]), each with its physical line and field.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::io::{read_input, InputError, Problems};
use crate::model::limits::{self, Range};

/// A point of the instance's plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// X coordinate.
    pub x: f64,
    /// Y coordinate.
    pub y: f64,
}

/// One day of the horizon: what each of its routes may hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PvrpDay {
    /// Longest route (travel plus service), in the instance's unit; `None`
    /// when the file says 0 (no limit).
    pub max_duration: Option<f64>,
    /// What one vehicle holds, in the demands' unit.
    pub capacity: i64,
}

/// One customer row.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpCustomer {
    /// The number in the file, as written; solutions name customers by it.
    pub number: u32,
    /// Where it is.
    pub at: Point,
    /// Time spent at each visit.
    pub service: f64,
    /// Load of each visit.
    pub demand: i64,
    /// Visits over the horizon.
    pub visits: u32,
    /// The allowed day combinations as the file codes them (see the
    /// [module docs](self)), in file order.
    pub codes: Vec<u32>,
    /// The same combinations as day masks: bit `d` set means a visit on day
    /// `d` (0-based), in file order.
    pub combinations: Vec<u32>,
}

/// A periodic VRP instance as its file states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpInstance {
    /// The instance's name: the file name without its extension.
    pub name: String,
    /// Vehicles available each day.
    pub vehicles: usize,
    /// The horizon, one entry per day.
    pub days: Vec<PvrpDay>,
    /// Where every route starts and ends (number 0).
    pub depot: Point,
    /// The customers in file order; never empty.
    pub customers: Vec<PvrpCustomer>,
}

impl PvrpInstance {
    /// The benchmark's metric: Euclidean, unrounded, travel time equal to
    /// distance; `sqrt(dx² + dy²)` as the published totals compute it.
    pub fn distance(a: Point, b: Point) -> f64 {
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        (dx * dx + dy * dy).sqrt()
    }
}

/// The day mask of a file code: the most significant of the `days` bits is day 0.
pub fn days_of_code(code: u32, days: u32) -> u32 {
    (0..days).filter(|&d| code & (1 << (days - 1 - d)) != 0).fold(0, |mask, d| mask | (1 << d))
}

/// A solution: routes by day, customers by their numbers, and the total it claims.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpSolution {
    /// The total distance the solution states.
    pub distance: f64,
    /// Every route; empty routes may be listed and count for nothing.
    pub routes: Vec<PvrpRoute>,
}

/// One vehicle's route on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpRoute {
    /// The day, 0-based.
    pub day: usize,
    /// Customer numbers in visiting order, without the depot.
    pub stops: Vec<u32>,
}

fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        InputError::File {
            file: path.to_path_buf(),
            problem: format!(
                "not UTF-8 text (first invalid byte on line {line}); expected a plain text file"
            ),
        }
    })
}

/// Reads a PVRP instance file; see the [module docs](self) for the layout.
pub fn read_pvrp(path: &Path) -> Result<PvrpInstance, InputError> {
    parse_pvrp(&read_text(path)?, path)
}

/// The non-blank lines of `text` with their 1-based physical numbers.
fn lines(text: &str) -> impl Iterator<Item = (u64, Vec<&str>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    (1u64..)
        .zip(text.split('\n'))
        .map(|(line, s)| (line, s.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, values)| !values.is_empty())
}

/// Names the file and line of each value's problem.
struct At<'f> {
    file: &'f Path,
}

impl At<'_> {
    fn field(&self, line: u64, field: &str, problem: String) -> InputError {
        InputError::Field { file: self.file.to_path_buf(), line, field: field.to_string(), problem }
    }

    fn file(&self, problem: String) -> InputError {
        InputError::File { file: self.file.to_path_buf(), problem }
    }

    /// A whole number in `range`; `200.0` reads as 200.
    fn whole(&self, line: u64, field: &str, value: &str, range: &Range<i64>) -> Result<i64, InputError> {
        let number = match value.parse::<i64>() {
            Ok(n) => n,
            Err(_) => match value.parse::<f64>() {
                Ok(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 => v as i64,
                _ => {
                    return Err(self.field(
                        line,
                        field,
                        format!(
                            "`{}` is not a whole number; expected {}",
                            crate::io::shown(value),
                            range.expected()
                        ),
                    ))
                }
            },
        };
        range.check(number).map_err(|problem| self.field(line, field, problem))
    }

    /// A number, whole or decimal, in `range`.
    fn number(&self, line: u64, field: &str, value: &str, range: &Range<f64>) -> Result<f64, InputError> {
        range.parse(value).map_err(|problem| self.field(line, field, problem))
    }

    /// Exactly `N` values, or an error naming the first missing (or the last) column.
    fn split<'v, const N: usize>(
        &self,
        line: u64,
        values: &[&'v str],
        columns: &[&str; N],
    ) -> Result<[&'v str; N], InputError> {
        <[&str; N]>::try_from(values).map_err(|_| {
            let field = columns.get(values.len()).or(columns.last()).copied().unwrap_or_default();
            let problem =
                format!("the row has {} values; expected {N}: {}", values.len(), columns.join(", "));
            self.field(line, field, problem)
        })
    }
}

const HEADER_COLUMNS: [&str; 4] = ["type", "vehicles", "customers", "days"];
const DAY_COLUMNS: [&str; 2] = ["duration", "capacity"];
const SITE_COLUMNS: [&str; 7] = ["number", "x", "y", "service", "demand", "visits", "combinations"];

/// Parses the text of a PVRP instance named after `file`'s stem; `file` also
/// names the source in errors. See the [module docs](self) for the layout.
pub fn parse_pvrp(text: &str, file: &Path) -> Result<PvrpInstance, InputError> {
    let at = At { file };
    let mut rows = lines(text);
    let Some((line, header)) = rows.next() else {
        return Err(at.file("empty file; expected `type vehicles customers days` on the first line".into()));
    };
    let [kind, vehicles, customers, days] = at.split(line, &header, &HEADER_COLUMNS)?;
    if kind != "1" {
        return Err(at.field(
            line,
            "type",
            format!("`{}`: expected 1, a periodic VRP", crate::io::shown(kind)),
        ));
    }
    let vehicles = at.whole(line, "vehicles", vehicles, &limits::PVRP_VEHICLES)? as usize;
    let customers =
        at.whole(line, "customers", customers, &Range::new("customers", 1, limits::MAX_PLACES as i64 - 1))?
            as usize;
    let horizon = at.whole(line, "days", days, &limits::PVRP_DAYS)? as u32;

    let mut problems = Problems::default();
    let mut horizon_days = Vec::with_capacity(horizon as usize);
    for _ in 0..horizon {
        let Some((line, values)) = rows.next() else {
            return Err(at.file(format!("the file ends before the {horizon} day lines `duration capacity`")));
        };
        let day = (|| {
            let [duration, capacity] = at.split(line, &values, &DAY_COLUMNS)?;
            let duration = at.number(line, "duration", duration, &limits::PVRP_TIME)?;
            let capacity = at.whole(line, "capacity", capacity, &limits::SOLOMON_LOAD)?;
            Ok(PvrpDay { max_duration: (duration > 0.0).then_some(duration), capacity })
        })();
        horizon_days.extend(problems.keep(day));
    }

    let mut depot = None;
    let mut sites = Vec::with_capacity(customers);
    let mut seen: HashMap<u32, u64> = HashMap::new();
    let mut count = 0;
    for (line, values) in rows {
        count += 1;
        if count > customers + 1 {
            problems.push(at.field(
                line,
                "number",
                format!("a row beyond the depot and the {customers} customers the first line announces"),
            ));
            break;
        }
        let Some(site) = problems.keep(site(&at, line, &values, horizon)) else { continue };
        if let Some(first) = seen.insert(site.number, line) {
            problems.push(at.field(
                line,
                "number",
                format!("{} is already used on line {first}; expected every number once", site.number),
            ));
            continue;
        }
        if count == 1 {
            problems.keep(check_depot(&at, line, &site).map(|point| depot = Some(point)));
        } else if site.visits == 0 {
            problems.push(at.field(
                line,
                "visits",
                format!(
                    "0: a customer needs from 1 to {horizon} visits (only the depot, the first row, has 0)"
                ),
            ));
        } else {
            sites.push(site);
        }
    }
    if count < customers + 1 {
        problems.push(at.file(format!(
            "{count} site rows; expected the depot and {customers} customers, as the first line announces"
        )));
    }
    let instance = PvrpInstance {
        name: file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        vehicles,
        days: horizon_days,
        depot: depot.unwrap_or(Point { x: 0.0, y: 0.0 }),
        customers: sites,
    };
    problems.finish(instance)
}

/// One site row (the depot's too: visits 0 and no combinations).
fn site(at: &At, line: u64, values: &[&str], horizon: u32) -> Result<PvrpCustomer, InputError> {
    let fixed = at.split(line, &values[..values.len().min(7)], &SITE_COLUMNS)?;
    let [number, x, y, service, demand, visits, count] = fixed;
    let number = at.whole(line, "number", number, &Range::new("a site number", 0, u32::MAX as i64))? as u32;
    let at_point = Point {
        x: at.number(line, "x", x, &limits::SOLOMON_COORDINATE)?,
        y: at.number(line, "y", y, &limits::SOLOMON_COORDINATE)?,
    };
    let service = at.number(line, "service", service, &limits::PVRP_TIME)?;
    let demand = at.whole(line, "demand", demand, &limits::SOLOMON_LOAD)?;
    let visits = at.whole(line, "visits", visits, &Range::new("visits", 0, horizon as i64))? as u32;
    let all = (1i64 << horizon) - 1;
    let count = at.whole(line, "combinations", count, &Range::new("combinations", 0, all))? as usize;
    let codes = &values[7..];
    if codes.len() != count {
        return Err(at.field(
            line,
            "combination",
            format!(
                "the row lists {} combinations; expected {count}, as its `combinations` value says",
                codes.len()
            ),
        ));
    }
    let range = Range::new("a combination code", 1, all);
    let mut parsed = Vec::with_capacity(count);
    for code in codes {
        let code = at.whole(line, "combination", code, &range)? as u32;
        if code.count_ones() != visits {
            return Err(at.field(
                line,
                "combination",
                format!("{code} names {} days; expected {visits}, the row's `visits`", code.count_ones()),
            ));
        }
        parsed.push(code);
    }
    if count == 0 && visits > 0 {
        return Err(at.field(
            line,
            "combinations",
            "0: a customer needs at least one allowed combination".into(),
        ));
    }
    Ok(PvrpCustomer {
        number,
        at: at_point,
        service,
        demand,
        visits,
        combinations: parsed.iter().map(|&c| days_of_code(c, horizon)).collect(),
        codes: parsed,
    })
}

/// The first row is the depot: number 0, nothing to deliver, never visited.
fn check_depot(at: &At, line: u64, site: &PvrpCustomer) -> Result<Point, InputError> {
    if site.number != 0 {
        return Err(at.field(
            line,
            "number",
            format!("the first row is the depot and must be numbered 0, found {}", site.number),
        ));
    }
    for (field, nonzero) in [
        ("service", site.service != 0.0),
        ("demand", site.demand != 0),
        ("visits", site.visits != 0),
        ("combinations", !site.codes.is_empty()),
    ] {
        if nonzero {
            return Err(at.field(line, field, "the depot (the first row) must have 0 here".into()));
        }
    }
    Ok(site.at)
}

/// Reads a reference solution (`.res`): the total on the first line, then
/// one route per line, `day vehicle duration load 0 c1 c2 ... 0` (day
/// 1-based). Duration and load are not read: the validator recomputes them.
pub fn read_pvrp_solution(path: &Path) -> Result<PvrpSolution, InputError> {
    parse_pvrp_solution(&read_text(path)?, path)
}

/// Parses the text of a reference solution; see [`read_pvrp_solution`].
pub fn parse_pvrp_solution(text: &str, file: &Path) -> Result<PvrpSolution, InputError> {
    let at = At { file };
    let mut rows = lines(text);
    let Some((line, first)) = rows.next() else {
        return Err(at.file("empty file; expected the total distance on the first line".into()));
    };
    let [total] = at.split(line, &first, &["total"])?;
    let distance = at.number(line, "total", total, &Range::new("a distance", 0.0, 1e12))?;
    let mut problems = Problems::default();
    let mut routes = Vec::new();
    for (line, values) in rows {
        let route = (|| {
            if values.len() < 6 {
                return Err(at.field(
                    line,
                    "route",
                    format!(
                        "the row has {} values; expected day, vehicle, duration, load, then 0 ... 0",
                        values.len()
                    ),
                ));
            }
            let day = at.whole(line, "day", values[0], &Range::new("a day", 1, 31))?;
            let path = &values[4..];
            if path[0] != "0" || path[path.len() - 1] != "0" {
                return Err(at.field(
                    line,
                    "route",
                    "expected the route to start and end at the depot, 0".into(),
                ));
            }
            let stops = path[1..path.len() - 1]
                .iter()
                .filter(|&&s| s != "0")
                .map(|s| {
                    Ok(at.whole(line, "route", s, &Range::new("a customer number", 1, u32::MAX as i64))?
                        as u32)
                })
                .collect::<Result<Vec<u32>, InputError>>()?;
            Ok(PvrpRoute { day: day as usize - 1, stops })
        })();
        routes.extend(problems.keep(route));
    }
    problems.finish(PvrpSolution { distance, routes })
}

/// The JSON a solution is written to, pretty-printed, ending with a newline:
/// `{"instance", "distance", "days": [{"day", "routes"}], "combinations":
/// [{"customer", "code", "days"}]}`. Days are 1-based; routes list customer
/// numbers without the depot, empty ones left out; `code` is the
/// combination as the instance file codes it; `distance` is written in full.
pub fn solution_json(instance: &PvrpInstance, solution: &PvrpSolution) -> String {
    #[derive(Serialize)]
    struct Day<'a> {
        day: usize,
        routes: Vec<&'a [u32]>,
    }
    #[derive(Serialize)]
    struct Combination {
        customer: u32,
        code: Option<u32>,
        days: Vec<usize>,
    }
    #[derive(Serialize)]
    struct Json<'a> {
        instance: &'a str,
        distance: f64,
        days: Vec<Day<'a>>,
        combinations: Vec<Combination>,
    }
    let days = (0..instance.days.len())
        .map(|d| Day {
            day: d + 1,
            routes: solution
                .routes
                .iter()
                .filter(|r| r.day == d && !r.stops.is_empty())
                .map(|r| r.stops.as_slice())
                .collect(),
        })
        .collect();
    let mut visited: HashMap<u32, u32> = HashMap::new();
    for route in &solution.routes {
        for &stop in &route.stops {
            *visited.entry(stop).or_default() |= 1 << route.day;
        }
    }
    let combinations = instance
        .customers
        .iter()
        .map(|c| {
            let mask = visited.get(&c.number).copied().unwrap_or(0);
            let code = c.combinations.iter().position(|&m| m == mask).map(|k| c.codes[k]);
            let days = (0..instance.days.len()).filter(|&d| mask & (1 << d) != 0).map(|d| d + 1).collect();
            Combination { customer: c.number, code, days }
        })
        .collect();
    let json = Json { instance: &instance.name, distance: solution.distance, days, combinations };
    let mut text = serde_json::to_string_pretty(&json)
        .expect("a solution always serialises: string keys, and serde_json writes non-finite floats as null");
    text.push('\n');
    text
}
