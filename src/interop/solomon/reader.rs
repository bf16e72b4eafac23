//! The Solomon text layout of the VRPTW benchmark instances (Solomon's
//! 100-customer set and the Gehring & Homberger extensions), and the JSON file
//! a benchmark solution is written to.
//!
//! [`read_solomon`] and [`parse_solomon`] turn a file into a
//! [`SolomonInstance`]: the fleet size and vehicle capacity, the depot and the
//! customers, each a [`SolomonSite`]. [`SolomonInstance::distance`] is the
//! benchmark's metric (unrounded Euclidean, travel time equal to distance).
//! [`solution_json`] writes routes as customer numbers.
//!
//! # Layout
//! ```text
//! C101
//!
//! VEHICLE
//! NUMBER     CAPACITY
//!   25         200
//!
//! CUSTOMER
//! CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
//!
//!     0         40         50          0          0       1236          0
//!     1         45         68         10        912        967         90
//! ```
//! The first line names the instance. The `VEHICLE` section gives the fleet
//! size and the capacity of every vehicle; the `CUSTOMER` section has one row
//! per site, the first being the depot, numbered 0. The column-header lines
//! (`NUMBER CAPACITY`, `CUST NO. ...`) may be left out.
//!
//! The reader is tolerant of layout: values are separated by any whitespace;
//! blank lines, a byte order mark, CRLF line ends and trailing spaces are
//! ignored; headings match in any letter case; a whole number may be written
//! as a decimal (`200.0`), and coordinates may have decimals. It is strict
//! about content, because a silently misread instance makes every benchmark
//! figure after it wrong: every row must have exactly its columns, every value
//! must be a number in its documented range ([`crate::model::limits`]:
//! coordinates within ±50 000, times from 0 to 10^7, demands and capacities
//! from 0 to 10^9), a due date must not precede its ready time, customer numbers must
//! be unique, and the depot must have no demand and no service time (both would
//! be ignored). At most [`crate::model::limits::MAX_PLACES`] sites are read. A fleet larger
//! than the number of customers is capped to it: a route serves at least one
//! customer, so more vehicles could never be used. Errors are [`InputError::Field`] with the physical line
//! (1-based) and the column name as the format spells it, or
//! [`InputError::File`] when something is missing at the end of the file.

use std::collections::HashMap;
use std::iter::Peekable;
use std::path::Path;

use serde::Serialize;

use crate::io::{read_input, InputError};
use crate::model::limits::{self, Range};

/// The columns of a `CUSTOMER` row, in order, as the format's header names them.
const CUSTOMER_COLUMNS: [&str; 7] =
    ["CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME"];
/// The columns of the `VEHICLE` section's value line, as its header names them.
const VEHICLE_COLUMNS: [&str; 2] = ["NUMBER", "CAPACITY"];

/// One row of the `CUSTOMER` section: the depot or a customer.
///
/// Times are in the instance's time unit (travel time equals distance), from
/// the start of the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct SolomonSite {
    /// The number in the file's `CUST NO.` column, kept as written (the depot is 0);
    /// solutions name customers by it.
    pub number: u32,
    /// X coordinate, in the instance's distance unit.
    pub x: f64,
    /// Y coordinate, in the instance's distance unit.
    pub y: f64,
    /// Load a visit delivers, in the capacity's unit; 0 for the depot.
    pub demand: i64,
    /// Earliest start of service (for the depot: earliest departure).
    pub ready: i64,
    /// Latest start of service (for the depot: latest return).
    pub due: i64,
    /// How long service takes; 0 for the depot.
    pub service: i64,
}

/// A VRPTW benchmark instance as its Solomon-format file states it.
#[derive(Clone, Debug, PartialEq)]
pub struct SolomonInstance {
    /// The instance's name, from the file's first line (such as `C101`).
    pub name: String,
    /// Fleet size: the most routes a solution may use; never more than the customers.
    pub vehicles: usize,
    /// What one vehicle holds, in the demands' unit.
    pub capacity: i64,
    /// The depot, where every route starts and ends (number 0).
    pub depot: SolomonSite,
    /// The customers in file order, each to be served exactly once; never empty.
    pub customers: Vec<SolomonSite>,
}

impl SolomonInstance {
    /// The distance between two sites, which is also the travel time: Euclidean
    /// and not rounded, as in the classic Solomon and SINTEF convention the
    /// hierarchical best-known solutions use.
    ///
    /// Computed as `sqrt(dx² + dy²)`: with the integer coordinates of every
    /// standard file the sum is exact, so the result is correctly rounded and
    /// matches other tools bit for bit (`hypot` may differ in the last bit).
    /// It is a method so that the metric belongs to the instance and every
    /// caller prices legs the same way.
    pub fn distance(&self, a: &SolomonSite, b: &SolomonSite) -> f64 {
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        (dx * dx + dy * dy).sqrt()
    }
}

/// Reads a Solomon-format instance file; see the [module docs](self) for the
/// layout and what is rejected.
pub fn read_solomon(path: &Path) -> Result<SolomonInstance, InputError> {
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        InputError::File {
            file: path.to_path_buf(),
            problem: format!(
                "not UTF-8 text (first invalid byte on line {line}); expected a plain text file"
            ),
        }
    })?;
    parse_solomon(&text, path)
}

/// Parses the text of a Solomon-format instance; `file` is only used to name
/// the source in errors. See the [module docs](self) for the layout.
pub fn parse_solomon(text: &str, file: &Path) -> Result<SolomonInstance, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines =
        (1u64..).zip(text.split('\n')).map(|(line, s)| (line, s.trim())).filter(|(_, s)| !s.is_empty());
    let mut parser = Parser { file, lines: lines.peekable(), last_line: 0 };

    let Some((name_line, name)) = parser.next() else {
        return Err(parser.file_error(
            "empty file; expected the instance name, then the VEHICLE and CUSTOMER sections".into(),
        ));
    };
    if is_heading(name, "VEHICLE") || is_heading(name, "CUSTOMER") {
        return Err(parser.field_error(
            name_line,
            "instance name",
            format!("found the `{name}` heading; the file must start with the instance name (such as C101)"),
        ));
    }

    parser.heading("VEHICLE")?;
    parser.skip_header("NUMBER");
    let Some((line, text)) = parser.next() else {
        return Err(parser.file_error(format!(
            "the file ends after line {}; expected the VEHICLE values NUMBER and CAPACITY",
            parser.last_line
        )));
    };
    let [number, capacity] = parser.split(line, text, &VEHICLE_COLUMNS)?;
    let vehicles =
        u64::try_from(parser.whole(line, "NUMBER", number)?).ok().filter(|&n| n > 0).ok_or_else(|| {
            parser.field_error(line, "NUMBER", format!("{number} vehicles: expected a fleet of at least 1"))
        })?;
    let capacity = parser.ranged(line, "CAPACITY", capacity, &limits::SOLOMON_LOAD)?;

    parser.heading("CUSTOMER")?;
    parser.skip_header("CUST");
    let mut sites: Vec<SolomonSite> = Vec::new();
    let mut seen: HashMap<u32, u64> = HashMap::new();
    while let Some((line, text)) = parser.next() {
        if let Err(problem) = limits::PLACES.check(sites.len() as u64 + 1) {
            return Err(parser.field_error(line, "CUST NO.", problem));
        }
        let site = parser.site(line, text)?;
        if let Some(first) = seen.insert(site.number, line) {
            return Err(parser.field_error(
                line,
                "CUST NO.",
                format!("{} is already used on line {first}; expected every number once", site.number),
            ));
        }
        if sites.is_empty() {
            parser.check_depot(line, &site)?;
        }
        sites.push(site);
    }
    let mut sites = sites.into_iter();
    let Some(depot) = sites.next() else {
        return Err(parser.file_error(
            "the CUSTOMER section has no rows; expected the depot (number 0), then the customers".into(),
        ));
    };
    let customers: Vec<SolomonSite> = sites.collect();
    if customers.is_empty() {
        return Err(parser.file_error("the CUSTOMER section has the depot but no customers".into()));
    }
    // Capped before anything is sized by it: a route per vehicle is allocated.
    let vehicles = usize::try_from(vehicles).unwrap_or(usize::MAX).min(customers.len());
    Ok(SolomonInstance { name: name.to_string(), vehicles, capacity, depot, customers })
}

/// Walks the non-blank lines of the text, remembering where it is for errors.
struct Parser<'f, I: Iterator> {
    /// The file, as given, for errors.
    file: &'f Path,
    /// Non-blank lines, trimmed, with their 1-based physical line numbers.
    lines: Peekable<I>,
    /// The last line handed out, for "the file ends after line N".
    last_line: u64,
}

impl<'t, I: Iterator<Item = (u64, &'t str)>> Parser<'_, I> {
    /// The next non-blank line and its number.
    fn next(&mut self) -> Option<(u64, &'t str)> {
        let next = self.lines.next();
        if let Some((line, _)) = next {
            self.last_line = line;
        }
        next
    }

    /// Skips the next line if it is a column header, recognised by its first word.
    fn skip_header(&mut self, first_word: &str) {
        if self.lines.peek().is_some_and(|&(_, text)| starts_with_word(text, first_word)) {
            self.next();
        }
    }

    fn field_error(&self, line: u64, field: &str, problem: String) -> InputError {
        InputError::Field { file: self.file.to_path_buf(), line, field: field.to_string(), problem }
    }

    fn file_error(&self, problem: String) -> InputError {
        InputError::File { file: self.file.to_path_buf(), problem }
    }

    /// The next line, which must be the section heading `name`.
    fn heading(&mut self, name: &str) -> Result<(), InputError> {
        match self.next() {
            Some((_, text)) if is_heading(text, name) => Ok(()),
            Some((line, text)) => Err(self.field_error(
                line,
                name,
                format!("expected the `{name}` section heading, found `{text}`"),
            )),
            None => Err(self.file_error(format!(
                "the file ends after line {}; expected the `{name}` section",
                self.last_line
            ))),
        }
    }

    /// Splits a value line into exactly one value per column. On a wrong count
    /// the error names the first missing column, or the last column when there
    /// are too many values.
    fn split<const N: usize>(
        &self,
        line: u64,
        text: &'t str,
        columns: &[&str; N],
    ) -> Result<[&'t str; N], InputError> {
        let values: Vec<&'t str> = text.split_whitespace().collect();
        <[&'t str; N]>::try_from(values).map_err(|values| {
            let field = columns.get(values.len()).or(columns.last()).copied().unwrap_or_default();
            let problem =
                format!("the row has {} values; expected {N}: {}", values.len(), columns.join(", "));
            self.field_error(line, field, problem)
        })
    }

    /// A whole number; a decimal with no fractional part (`200.0`) is accepted.
    fn whole(&self, line: u64, field: &str, value: &str) -> Result<i64, InputError> {
        if let Ok(n) = value.parse::<i64>() {
            return Ok(n);
        }
        // 2^63: the first f64 beyond i64's range.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let problem = match value.parse::<f64>() {
            Err(_) => "is not a number",
            Ok(v) if !v.is_finite() => "is not a finite number",
            Ok(v) if v.fract() != 0.0 => "has a fractional part",
            Ok(v) if (-LIMIT..LIMIT).contains(&v) => return Ok(v as i64),
            Ok(_) => "is too large",
        };
        Err(self.field_error(line, field, format!("`{value}` {problem}; expected a whole number")))
    }

    /// A whole number in `range`.
    fn ranged(&self, line: u64, field: &str, value: &str, range: &Range<i64>) -> Result<i64, InputError> {
        let n = self.whole(line, field, value)?;
        range.check(n).map_err(|problem| self.field_error(line, field, problem))
    }

    /// A coordinate, whole or decimal.
    fn coordinate(&self, line: u64, field: &str, value: &str) -> Result<f64, InputError> {
        limits::SOLOMON_COORDINATE.parse(value).map_err(|problem| self.field_error(line, field, problem))
    }

    /// One `CUSTOMER` row.
    fn site(&self, line: u64, text: &'t str) -> Result<SolomonSite, InputError> {
        let [number, x, y, demand, ready, due, service] = self.split(line, text, &CUSTOMER_COLUMNS)?;
        let number = u32::try_from(self.whole(line, "CUST NO.", number)?).map_err(|_| {
            self.field_error(line, "CUST NO.", format!("{number}: expected a number from 0 to {}", u32::MAX))
        })?;
        let x = self.coordinate(line, "XCOORD.", x)?;
        let y = self.coordinate(line, "YCOORD.", y)?;
        let demand = self.ranged(line, "DEMAND", demand, &limits::SOLOMON_LOAD)?;
        let ready = self.ranged(line, "READY TIME", ready, &limits::SOLOMON_TIME)?;
        let due = self.ranged(line, "DUE DATE", due, &limits::SOLOMON_TIME)?;
        if due < ready {
            return Err(self.field_error(
                line,
                "DUE DATE",
                format!("{due} is before the READY TIME {ready}; expected a window that is not empty"),
            ));
        }
        let service = self.ranged(line, "SERVICE TIME", service, &limits::SOLOMON_TIME)?;
        Ok(SolomonSite { number, x, y, demand, ready, due, service })
    }

    /// The first row is the depot: numbered 0, with no demand and no service,
    /// which the Solomon semantics would ignore.
    fn check_depot(&self, line: u64, depot: &SolomonSite) -> Result<(), InputError> {
        if depot.number != 0 {
            return Err(self.field_error(
                line,
                "CUST NO.",
                format!("the first row is the depot and must be numbered 0, found {}", depot.number),
            ));
        }
        for (field, value) in [("DEMAND", depot.demand), ("SERVICE TIME", depot.service)] {
            if value != 0 {
                return Err(self.field_error(
                    line,
                    field,
                    format!(
                        "the depot (number 0) has {value}; expected 0, as a depot's value would be ignored"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Whether `text` is the heading `name`, in any letter case.
fn is_heading(text: &str, name: &str) -> bool {
    text.eq_ignore_ascii_case(name)
}

/// Whether the first word of `text` starts with `prefix`, in any letter case.
fn starts_with_word(text: &str, prefix: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|word| word.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix)))
}

/// The JSON a benchmark run writes for one solution, pretty-printed and ending with a newline:
/// `{"instance", "distance", "vehicles", "routes"}`.
///
/// `routes` lists customer numbers as in the instance file, without the depot.
/// Empty routes are left out, so `vehicles` is the number of routes listed.
/// `distance` is written in full (the shortest text that reads back to the same
/// `f64`), not rounded, so a checker can compare it exactly; JSON has no NaN or
/// infinity, so a non-finite distance is written as `null`.
pub fn solution_json(instance: &str, distance: f64, routes: &[Vec<u32>]) -> String {
    #[derive(Serialize)]
    struct Solution<'a> {
        instance: &'a str,
        distance: f64,
        vehicles: usize,
        routes: Vec<&'a [u32]>,
    }
    let routes: Vec<&[u32]> = routes.iter().filter(|route| !route.is_empty()).map(Vec::as_slice).collect();
    let solution = Solution { instance, distance, vehicles: routes.len(), routes };
    let mut text = serde_json::to_string_pretty(&solution).expect(
        "a solution always serialises: only string keys, and serde_json writes non-finite floats as null",
    );
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const C101: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/benchmarks/solomon/C101.txt");
    const C1_2_1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/benchmarks/homberger/C1_2_1.txt");

    /// A small valid instance; the malformed cases below each break one line of it.
    /// Line numbers: 5 is the VEHICLE values, 10 the depot, 11 to 14 customers 1 to 4.
    const TINY: &str = "\
TINY

VEHICLE
NUMBER     CAPACITY
  3          25

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0      0      0      0     30      0
    1      3      4     10      0      8      2
    2      6      8     10     10     30      2
    3      0     -5     10      0     50      1
    4     -5     -5      5      0     50      1
";

    fn parse(text: &str) -> Result<SolomonInstance, InputError> {
        parse_solomon(text, Path::new("tiny.txt"))
    }

    /// Parses TINY with `from` replaced by `to`, expecting an error.
    fn broken(from: &str, to: &str) -> InputError {
        assert!(TINY.contains(from), "{from:?} is not in the test instance");
        parse(&TINY.replacen(from, to, 1)).expect_err("the broken instance must be rejected")
    }

    /// Asserts a field error on `line` naming `field`, and returns its text.
    fn assert_field(err: InputError, line: u64, field: &str) -> String {
        let text = err.to_string();
        assert!(
            matches!(&err, InputError::Field { line: l, field: f, .. } if *l == line && f == field),
            "{text}"
        );
        assert!(text.contains(&format!("tiny.txt line {line}, field `{field}`")), "{text}");
        text
    }

    fn assert_file(err: InputError, words: &str) {
        let text = err.to_string();
        assert!(matches!(err, InputError::File { .. }), "{text}");
        assert!(text.starts_with("tiny.txt: ") && text.contains(words), "{text}");
    }

    #[test]
    fn reads_c101() {
        let c101 = read_solomon(Path::new(C101)).unwrap();
        assert_eq!(c101.name, "C101");
        assert_eq!((c101.vehicles, c101.capacity), (25, 200));
        assert_eq!(c101.customers.len(), 100);
        let depot = SolomonSite { number: 0, x: 40.0, y: 50.0, demand: 0, ready: 0, due: 1236, service: 0 };
        assert_eq!(c101.depot, depot);
        let first =
            SolomonSite { number: 1, x: 45.0, y: 68.0, demand: 10, ready: 912, due: 967, service: 90 };
        assert_eq!(c101.customers[0], first);
        assert_eq!(c101.customers[99].number, 100);
        assert_eq!(c101.distance(&c101.depot, &c101.customers[0]), 349f64.sqrt());
    }

    #[test]
    fn reads_a_homberger_200_file() {
        let instance = read_solomon(Path::new(C1_2_1)).unwrap();
        assert_eq!(instance.name, "C1_2_1");
        assert_eq!((instance.vehicles, instance.capacity), (50, 200));
        assert_eq!(instance.customers.len(), 200);
        assert_eq!((instance.depot.x, instance.depot.y, instance.depot.due), (70.0, 70.0, 1351));
    }

    /// The full sets live beside the project (`../shared/benchmarks`, present
    /// in CI and on developers' machines), not in it; without them there is
    /// nothing to read.
    #[test]
    fn reads_every_shared_benchmark_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks");
        if !root.is_dir() {
            eprintln!("skipped: {} is not there", root.display());
            return;
        }
        for (dir, customers, vehicles) in [("solomon", 100, 25), ("homberger", 200, 50)] {
            let mut files = 0;
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let instance = read_solomon(&path).unwrap();
                assert_eq!((instance.customers.len(), instance.vehicles), (customers, vehicles), "{path:?}");
                assert_eq!(Some(instance.name.as_str()), path.file_stem().and_then(|s| s.to_str()));
                files += 1;
            }
            assert!(files >= 24, "{dir}: only {files} files");
        }
    }

    #[test]
    fn tolerates_layout_but_keeps_values() {
        let text = "\u{feff}TINY  \r\n\r\n vehicle\r\n  25\t200.0 \r\n\r\nCustomer\r\n\
                    0 40 50 0 0 1236 0\r\n\r\n17 45.5 -68.25 10 912 967 90.0\r\n5 1e1 0 0 0 10 0\r\n";
        let instance = parse(text).unwrap();
        assert_eq!(instance.name, "TINY");
        assert_eq!((instance.vehicles, instance.capacity), (2, 200), "25 vehicles, capped to 2 customers");
        let numbers: Vec<u32> = instance.customers.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [17, 5], "numbers are kept as in the file");
        let c17 = &instance.customers[0];
        assert_eq!((c17.x, c17.y, c17.service), (45.5, -68.25, 90));
        assert_eq!(instance.customers[1].x, 10.0);
        assert_eq!(parse(TINY).unwrap().customers.len(), 4);
    }

    #[test]
    fn read_reports_a_missing_file() {
        let err = read_solomon(Path::new("no/such/instance.txt")).unwrap_err();
        assert!(matches!(err, InputError::Read { .. }), "{err}");
    }

    #[test]
    fn read_reports_bytes_that_are_not_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"BAD\n\nVEHICLE\n\xff\n").unwrap();
        let err = read_solomon(&path).unwrap_err();
        assert!(matches!(err, InputError::File { .. }) && err.to_string().contains("line 4"), "{err}");
    }

    #[test]
    fn rejects_an_empty_file() {
        assert_file(parse("").unwrap_err(), "empty file");
        assert_file(parse(" \r\n\n\t\n").unwrap_err(), "empty file");
    }

    #[test]
    fn rejects_a_missing_name() {
        let text = TINY.replacen("TINY\n\n", "", 1);
        assert_field(parse(&text).unwrap_err(), 1, "instance name");
    }

    #[test]
    fn rejects_a_missing_vehicle_section() {
        let err = broken("VEHICLE\nNUMBER     CAPACITY\n  3          25\n\n", "");
        assert_field(err, 3, "VEHICLE");
        assert_file(parse("TINY\n\n").unwrap_err(), "ends after line 1; expected the `VEHICLE` section");
    }

    #[test]
    fn rejects_a_missing_customer_section() {
        assert_field(broken("CUSTOMER\n", ""), 7, "CUSTOMER");
        let text = &TINY[..TINY.find("CUSTOMER").unwrap()];
        assert_file(parse(text).unwrap_err(), "ends after line 5; expected the `CUSTOMER` section");
    }

    #[test]
    fn rejects_missing_vehicle_values() {
        let text = &TINY[..TINY.find("  3 ").unwrap()];
        assert_file(parse(text).unwrap_err(), "ends after line 4; expected the VEHICLE values");
    }

    #[test]
    fn rejects_a_wrong_vehicle_column_count() {
        let text = assert_field(broken("  3          25", "  3"), 5, "CAPACITY");
        assert!(text.contains("1 values; expected 2: NUMBER, CAPACITY"), "{text}");
    }

    #[test]
    fn a_fleet_larger_than_the_customers_is_capped() {
        for number in ["4294967295", "50000000", "9223372036854775807"] {
            let instance = parse(&TINY.replacen("  3          25", &format!("  {number} 25"), 1)).unwrap();
            assert_eq!(instance.vehicles, 4, "{number}");
        }
        assert_eq!(parse(TINY).unwrap().vehicles, 3);
    }

    #[test]
    fn rejects_values_out_of_their_range() {
        let text = assert_field(broken("    2      6", "    2   1e9"), 12, "XCOORD.");
        assert!(text.contains("`1e9` is out of range; expected a coordinate"), "{text}");
        assert_field(broken("0     30      0", "0     99999999999      0"), 10, "DUE DATE");
    }

    #[test]
    fn rejects_a_bad_fleet_size() {
        assert_field(broken("  3          25", "  x 25"), 5, "NUMBER");
        assert_field(broken("  3          25", "  0 25"), 5, "NUMBER");
    }

    #[test]
    fn rejects_a_negative_capacity() {
        let text = assert_field(broken("  3          25", "  3 -25"), 5, "CAPACITY");
        assert!(text.contains("`-25` is out of range; expected a load"), "{text}");
    }

    #[test]
    fn rejects_a_row_with_too_few_values() {
        let text = assert_field(broken("10     30      2", "10     30"), 12, "SERVICE TIME");
        assert!(text.contains("6 values; expected 7: CUST NO., XCOORD."), "{text}");
        assert_field(broken("    3      0     -5     10      0     50      1", "    3 0"), 13, "YCOORD.");
    }

    #[test]
    fn rejects_a_row_with_too_many_values() {
        let text = assert_field(broken("10     30      2", "10     30      2 7"), 12, "SERVICE TIME");
        assert!(text.contains("8 values; expected 7"), "{text}");
    }

    #[test]
    fn rejects_a_value_that_is_not_a_number() {
        let text =
            assert_field(broken("    1      3      4     10", "    1      3      4     ten"), 11, "DEMAND");
        assert!(text.contains("`ten` is not a number"), "{text}");
        assert_field(broken("    1      3      4", "    1      3      4x"), 11, "YCOORD.");
    }

    #[test]
    fn rejects_a_coordinate_that_is_nan_or_infinite() {
        let text = assert_field(broken("    2      6", "    2    NaN"), 12, "XCOORD.");
        assert!(text.contains("`NaN` is not a finite number"), "{text}");
        assert_field(broken("    2      6      8", "    2      6    inf"), 12, "YCOORD.");
    }

    #[test]
    fn rejects_a_fractional_time() {
        let text =
            assert_field(broken("    1      3      4     10      0", "    1 3 4 10 0.5"), 11, "READY TIME");
        assert!(text.contains("`0.5` has a fractional part"), "{text}");
    }

    #[test]
    fn rejects_a_customer_number_out_of_range() {
        assert_field(broken("    1      3", "   -1      3"), 11, "CUST NO.");
        assert_field(broken("    1      3", " 4294967296 3"), 11, "CUST NO.");
    }

    #[test]
    fn rejects_a_negative_demand() {
        assert_field(broken("   -5     -5      5", "   -5     -5     -5"), 14, "DEMAND");
    }

    #[test]
    fn rejects_a_negative_service_time() {
        assert_field(broken("0     50      1\n    4", "0     50     -1\n    4"), 13, "SERVICE TIME");
    }

    #[test]
    fn rejects_a_due_date_before_the_ready_time() {
        let text = assert_field(broken("10     10     30", "10     10      5"), 12, "DUE DATE");
        assert!(text.contains("5 is before the READY TIME 10"), "{text}");
    }

    #[test]
    fn rejects_a_duplicate_customer_number() {
        let text = assert_field(broken("    3      0     -5", "    1      0     -5"), 13, "CUST NO.");
        assert!(text.contains("1 is already used on line 11"), "{text}");
        // A second depot row is a duplicate of number 0.
        assert_field(broken("    4     -5", "    0     -5"), 14, "CUST NO.");
    }

    #[test]
    fn rejects_a_first_row_that_is_not_the_depot() {
        let text = assert_field(broken("    0      0      0", "    9      0      0"), 10, "CUST NO.");
        assert!(text.contains("must be numbered 0, found 9"), "{text}");
    }

    #[test]
    fn rejects_a_depot_with_demand_or_service() {
        assert_field(broken("    0      0      0      0", "    0      0      0      4"), 10, "DEMAND");
        assert_field(broken("     30      0\n", "     30      9\n"), 10, "SERVICE TIME");
    }

    #[test]
    fn rejects_an_instance_without_customers() {
        let depot_only = &TINY[..TINY.find("    1 ").unwrap()];
        assert_file(parse(depot_only).unwrap_err(), "the depot but no customers");
        let no_rows = &TINY[..TINY.find("    0 ").unwrap()];
        assert_file(parse(no_rows).unwrap_err(), "the CUSTOMER section has no rows");
    }

    #[test]
    fn solution_json_writes_full_distance_and_non_empty_routes() {
        let distance = 828.936_866_942_833_8;
        let text = solution_json("C101", distance, &[vec![5, 3], vec![], vec![7]]);
        assert!(text.starts_with("{\n  \"instance\": \"C101\",\n  \"distance\": "), "{text}");
        assert!(text.ends_with("}\n"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["distance"].as_f64(), Some(distance), "{text}");
        assert_eq!(json["vehicles"], 2);
        assert_eq!(json["routes"], serde_json::json!([[5, 3], [7]]));
    }

    #[test]
    fn solution_json_writes_a_non_finite_distance_as_null() {
        let json: serde_json::Value = serde_json::from_str(&solution_json("X", f64::NAN, &[])).unwrap();
        assert!(json["distance"].is_null());
        assert_eq!(json["vehicles"], 0);
        assert_eq!(json["routes"], serde_json::json!([]));
    }
}
