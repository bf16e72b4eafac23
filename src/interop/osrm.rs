//! OSRM `table` responses: a matrix the team already has, read from a file.
//!
//! Teams that run their own routing engine price the region's legs on their
//! roads and pass the answer as `rounds plan REGION --matrix matrix.json`.
//! [`read_osrm_table`] reads it into a [`GivenMatrix`], which serves every
//! [`crate::travel::TravelTimes::matrix`] request by looking the places up in
//! it, so no leg is ever estimated.
//!
//! The rows and columns are the region's locations in the order of
//! [`Region::locations`]: every account in `accounts.csv` order, then every
//! rep's start in `reps.csv` order, then every rep's end (the start when the
//! file gives none). The request is a plain OSRM table request over those
//! coordinates (`lon,lat`, in that order) with
//! `annotations=duration,distance`, which makes OSRM return both tables:
//!
//! ```json
//! {"code": "Ok",
//!  "durations": [[0, 412.3], [398.9, 0]],
//!  "distances": [[0, 3105.2], [2987.4, 0]]}
//! ```
//!
//! `code`, when present, must be `"Ok"`; other fields (`sources`,
//! `destinations`, ...) are ignored. Values are rounded to whole seconds and
//! metres. A `null` (OSRM found no route), negative or non-number entry is an
//! error naming its row, its column and the two locations, so the user can fix
//! the coordinates rather than get a plan built on a guess.
//!
//! The file is parsed as a stream straight into integer tables, so a large
//! response never sits in memory as text or as a JSON tree.

use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::io::InputError;
use crate::model::limits::{self, Range};
use crate::model::Region;
use crate::travel::given::GivenMatrix;
use crate::travel::{filled_table, TravelMatrix};

/// Reads an OSRM `table` response for `region` (see the [module docs](self)).
///
/// Both tables must be square with one row and one column per entry of
/// [`Region::locations`]; every problem is an [`InputError`] naming the file
/// and the place in it, e.g. field `durations[3][7]`.
pub fn read_osrm_table(path: &Path, region: &Region) -> Result<GivenMatrix, InputError> {
    let read_error = |reason| InputError::Read { path: path.to_path_buf(), reason };
    // The tables are allocated at their full size before a row is read.
    let locations = region.locations();
    if limits::PLACES.check(locations.len() as u64).is_err() {
        let problem = format!(
            "would need a row and a column for each of the region's {} locations (accounts, reps' \
             starts and ends), more than the {} a matrix may have; split the region into several \
             region folders, each with its own matrix",
            locations.len(),
            limits::MAX_PLACES
        );
        return Err(InputError::File { file: path.to_path_buf(), problem });
    }
    let file = File::open(path).map_err(read_error)?;
    if let Err(problem) = limits::MATRIX_BYTES.check(file.metadata().map_err(read_error)?.len()) {
        return Err(InputError::File { file: path.to_path_buf(), problem });
    }
    let mut reader = BufReader::new(file);
    skip_byte_order_mark(&mut reader).map_err(read_error)?;

    let problem = Cell::new(None);
    let context = Context { region, side: locations.len(), problem: &problem };
    let mut json = serde_json::Deserializer::from_reader(reader);
    let response = ResponseSeed(&context)
        .deserialize(&mut json)
        .and_then(|response| json.end().map(|()| response))
        .map_err(|e| json_error(path, e, problem.take()))?;

    let file_error = |problem: String| InputError::File { file: path.to_path_buf(), problem };
    if let Some(code) = response.code.filter(|code| code != "Ok") {
        let message = response.message.map(|m| format!(" ({m})")).unwrap_or_default();
        return Err(file_error(format!(
            "OSRM answered with code {code}{message}, not \"Ok\": the table request failed; \
             fix it and request the table again"
        )));
    }
    let drive_s = response.durations.ok_or_else(|| {
        file_error(
            "has no `durations` table; expected an OSRM table response with `durations` and `distances`"
                .to_string(),
        )
    })?;
    let distance_m = response.distances.ok_or_else(|| {
        file_error(
            "has no `distances` table; OSRM returns it only when the table request asks for \
             `annotations=duration,distance`"
                .to_string(),
        )
    })?;

    let source = format!("given matrix {}", path.display());
    let matrix = TravelMatrix::from_shared(locations.len(), drive_s, distance_m);
    Ok(GivenMatrix::new(source, &locations, matrix))
}

/// Skips a UTF-8 byte order mark, which spreadsheet-era tools put in front of JSON.
fn skip_byte_order_mark(reader: &mut impl BufRead) -> io::Result<()> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if reader.fill_buf()?.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(())
}

/// Turns a parse failure into an [`InputError`]: a problem found in a value
/// names its field; anything else is the JSON reader's own message.
fn json_error(path: &Path, e: serde_json::Error, problem: Option<Problem>) -> InputError {
    if let Some(Problem { field, problem }) = problem {
        return InputError::Field { file: path.to_path_buf(), line: e.line() as u64, field, problem };
    }
    if e.is_io() {
        return InputError::Read { path: path.to_path_buf(), reason: io::Error::from(e) };
    }
    InputError::json(path, &e)
}

/// A wrong value found while parsing, kept beside the JSON error that stops the parse.
struct Problem {
    field: String,
    problem: String,
}

/// What the table readers need to know: the expected side and how to name locations.
struct Context<'a> {
    region: &'a Region,
    side: usize,
    /// Set just before parsing is stopped because of a wrong value.
    problem: &'a Cell<Option<Problem>>,
}

impl Context<'_> {
    /// Records the problem and returns the error that stops the parse.
    fn fail<E: de::Error>(&self, field: String, problem: String) -> E {
        let error = E::custom(format!("field `{field}`: {problem}"));
        self.problem.set(Some(Problem { field, problem }));
        error
    }

    /// Which account or rep location a row or column is.
    fn location(&self, index: usize) -> String {
        let (accounts, reps) = (&self.region.accounts, &self.region.reps);
        if let Some(account) = accounts.get(index) {
            return format!("account {}", account.id);
        }
        // Past the accounts: `index >= accounts.len()`, and likewise for the starts below.
        let rep = index - accounts.len();
        if let Some(start) = reps.get(rep) {
            return format!("rep {}'s start", start.id);
        }
        match reps.get(rep - reps.len()) {
            Some(end) => format!("rep {}'s end", end.id),
            None => format!("location {index}"),
        }
    }

    /// Checks one entry and rounds it to a whole number of seconds or metres.
    fn entry<E: de::Error>(&self, table: Table, row: usize, column: usize, entry: Entry) -> Result<i32, E> {
        let what = match entry {
            Entry::Number(value) => match whole(value, table.range()) {
                Ok(whole) => return Ok(whole),
                Err(what) => what,
            },
            Entry::Null => "null (OSRM found no route)".to_string(),
            Entry::Other(kind) => kind.to_string(),
        };
        Err(self.fail(
            format!("{}[{row}][{column}]", table.name()),
            format!(
                "the {} from {} (row {row}) to {} (column {column}) is {what}; expected {}",
                table.quantity(),
                self.location(row),
                self.location(column),
                table.unit(),
            ),
        ))
    }
}

/// `value` rounded to a whole number in `range`, or what is wrong with it.
fn whole(value: f64, range: &Range<f64>) -> Result<i32, String> {
    if value.is_nan() {
        Err("not a number (NaN)".to_string())
    } else if value < range.min {
        Err(format!("negative ({value})"))
    } else if value.round() > range.max {
        Err(format!("too large ({value})"))
    } else {
        // The range's largest values are far below `i32::MAX`.
        Ok(value.round() as i32)
    }
}

/// One of the two tables of a response.
#[derive(Clone, Copy)]
enum Table {
    Durations,
    Distances,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Durations => "durations",
            Table::Distances => "distances",
        }
    }

    fn quantity(self) -> &'static str {
        match self {
            Table::Durations => "driving time",
            Table::Distances => "driving distance",
        }
    }

    /// The documented range of an entry.
    fn range(self) -> &'static Range<f64> {
        match self {
            Table::Durations => &limits::MATRIX_DURATION_S,
            Table::Distances => &limits::MATRIX_DISTANCE_M,
        }
    }

    fn unit(self) -> String {
        let range = self.range();
        format!("{} to {} {}", range.min, range.max, range.what)
    }
}

/// The parts of an OSRM table response that matter here.
struct Response {
    /// OSRM's status, as written (a JSON value, so a wrong type is reported too).
    code: Option<serde_json::Value>,
    /// OSRM's explanation of a failure, if it gave one.
    message: Option<String>,
    durations: Option<Arc<[i32]>>,
    distances: Option<Arc<[i32]>>,
}

/// Reads the top-level object, streaming each table through [`TableSeed`].
struct ResponseSeed<'a>(&'a Context<'a>);

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_> {
    type Value = Response;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Response, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResponseSeed<'_> {
    type Value = Response;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OSRM table response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response, A::Error> {
        let mut response = Response { code: None, message: None, durations: None, distances: None };
        while let Some(key) = map.next_key::<String>()? {
            // After a failed request the tables, if any, are not worth checking.
            let failed = response.code.as_ref().is_some_and(|code| code != "Ok");
            let table = match key.as_str() {
                "code" => {
                    response.code = Some(map.next_value()?);
                    continue;
                }
                "message" => {
                    let message: serde_json::Value = map.next_value()?;
                    response.message = message.as_str().map(str::to_string);
                    continue;
                }
                "durations" if !failed => Table::Durations,
                "distances" if !failed => Table::Distances,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let slot = match table {
                Table::Durations => &mut response.durations,
                Table::Distances => &mut response.distances,
            };
            if slot.is_some() {
                return Err(de::Error::duplicate_field(table.name()));
            }
            *slot = Some(map.next_value_seed(TableSeed { context: self.0, table })?);
        }
        Ok(response)
    }
}

/// Reads one table into `side * side` row-major integers, written in place
/// into the table the matrix keeps ([`filled_table`]).
struct TableSeed<'a> {
    context: &'a Context<'a>,
    table: Table,
}

impl<'de> DeserializeSeed<'de> for TableSeed<'_> {
    type Value = Arc<[i32]>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Arc<[i32]>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_> {
    type Value = Arc<[i32]>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "`{}` as an array of rows", self.table.name())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Arc<[i32]>, A::Error> {
        let side = self.context.side;
        filled_table(side * side, |values| {
            let mut rows = 0;
            for values in values.chunks_mut(side.max(1)) {
                let row = RowSeed { context: self.context, table: self.table, row: rows, values };
                if seq.next_element_seed(row)?.is_none() {
                    break;
                }
                rows += 1;
            }
            // Count any extra rows so the message says how many there are.
            while seq.next_element::<IgnoredAny>()?.is_some() {
                rows += 1;
            }
            if rows != side {
                return Err(self.context.fail(
                    self.table.name().to_string(),
                    format!("has {rows} rows; expected {side}, {}", one_per_location(self.context.region)),
                ));
            }
            Ok(())
        })
    }
}

/// Reads one row, writing its checked values.
struct RowSeed<'a, 'v> {
    context: &'a Context<'a>,
    table: Table,
    row: usize,
    values: &'v mut [i32],
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "row {} of `{}` as an array of numbers", self.row, self.table.name())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let side = self.context.side;
        let mut columns = 0;
        for value in self.values.iter_mut() {
            let Some(entry) = seq.next_element::<Entry>()? else { break };
            *value = self.context.entry(self.table, self.row, columns, entry)?;
            columns += 1;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            columns += 1;
        }
        if columns != side {
            return Err(self.context.fail(
                format!("{}[{}]", self.table.name(), self.row),
                format!("has {columns} entries; expected {side}, {}", one_per_location(self.context.region)),
            ));
        }
        Ok(())
    }
}

/// How the expected side of the tables comes about, for size errors.
fn one_per_location(region: &Region) -> String {
    format!(
        "one per region location ({} accounts, then {} reps' starts, then {} reps' ends)",
        region.accounts.len(),
        region.reps.len(),
        region.reps.len()
    )
}

/// One table entry as written, before it is checked.
enum Entry {
    Number(f64),
    Null,
    /// Any other JSON value, described for the error message.
    Other(&'static str),
}

impl<'de> de::Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or null")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Entry, E> {
        Ok(Entry::Number(value as f64))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Entry, E> {
        Ok(Entry::Number(value as f64))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Entry, E> {
        Ok(Entry::Number(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
        Ok(Entry::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Entry, E> {
        Ok(Entry::Other("a boolean"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Entry, E> {
        Ok(Entry::Other("a string"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Entry::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Entry::Other("an object"))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, LatLon, Rep, TimeWindow};
    use crate::travel::TravelTimes;

    const A1: LatLon = LatLon { lat: 60.17, lon: 24.94 };
    const A2: LatLon = LatLon { lat: 60.20, lon: 24.90 };
    const START: LatLon = LatLon { lat: 60.25, lon: 25.05 };
    const END: LatLon = LatLon { lat: 60.10, lon: 24.80 };

    fn account(id: &str, location: LatLon) -> Account {
        Account::new(id, location, 600, 7)
    }

    /// Two accounts and one rep: locations A1, A2, R1's start, R1's end.
    fn region() -> Region {
        Region {
            accounts: vec![account("A1", A1), account("A2", A2)],
            reps: vec![Rep {
                id: "R1".into(),
                name: String::new(),
                start: START,
                end: END,
                shift: TimeWindow::new(8 * 3600, 17 * 3600).into(),
                lunch: None,
                max_visits: None,
            }],
            ..Default::default()
        }
    }

    /// Seconds from location `r` to `c` as written: `100r + c` plus a fraction
    /// that rounds down, except that 1->2 is exactly half way (rounds up).
    fn duration(r: usize, c: usize) -> String {
        let fraction = if (r, c) == (1, 2) { 0.5 } else { 0.4 };
        format!("{}", (100 * r + c) as f64 + fraction)
    }

    /// Metres from location `r` to `c` as written: `1000r + 10c + 0.6`, rounding up.
    fn distance(r: usize, c: usize) -> String {
        format!("{}", (1000 * r + 10 * c) as f64 + 0.6)
    }

    /// An OSRM-style response with one row per line: durations row `r` is on
    /// line `3 + r`, distances row `r` on line `9 + r`.
    fn response(
        code: &str,
        durations: impl Fn(usize, usize) -> String,
        distances: impl Fn(usize, usize) -> String,
    ) -> String {
        let table = |entry: &dyn Fn(usize, usize) -> String| {
            (0..4)
                .map(|r| format!("  [{}]", (0..4).map(|c| entry(r, c)).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(",\n")
        };
        format!(
            "{{\"code\": {code},\n \"durations\": [\n{}\n ],\n \"distances\": [\n{}\n ],\n \
             \"sources\": [{{\"location\": [24.94, 60.17], \"name\": \"\"}}]}}\n",
            table(&durations),
            table(&distances)
        )
    }

    fn read(text: &str) -> Result<GivenMatrix, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matrix.json");
        std::fs::write(&path, text).unwrap();
        read_osrm_table(&path, &region())
    }

    /// The field and problem of a value error, after checking its line.
    fn field_error(text: &str, line: u64) -> (String, String) {
        match read(text).unwrap_err() {
            InputError::Field { file, line: at, field, problem } => {
                assert!(file.ends_with("matrix.json"));
                assert_eq!(at, line, "{field}: {problem}");
                (field, problem)
            }
            other => panic!("expected a field error, got {other}"),
        }
    }

    fn file_error(text: &str) -> String {
        match read(text).unwrap_err() {
            InputError::File { problem, .. } => problem,
            other => panic!("expected a file error, got {other}"),
        }
    }

    #[test]
    fn sub_matrix_follows_the_order_asked_and_rounds() {
        let given = read(&response("\"Ok\"", duration, distance)).unwrap();
        assert!(given.describe().ends_with(" (4 locations)"), "{}", given.describe());
        assert!(given.describe().starts_with("given matrix ") && given.describe().contains("matrix.json"));

        // Places as the day problem lists them: starts, ends, then some accounts.
        let places = [START, END, A2, A1];
        let rows = [2, 3, 1, 0];
        let m = given.matrix(&places).unwrap();
        assert_eq!(m.len(), 4);
        for (a, &r) in rows.iter().enumerate() {
            for (b, &c) in rows.iter().enumerate() {
                let half_way = usize::from((r, c) == (1, 2));
                assert_eq!(m.drive_s(a, b), (100 * r + c + half_way) as i64, "{r}->{c}");
                assert_eq!(m.distance_m(a, b), (1000 * r + 10 * c + 1) as i64, "{r}->{c}");
            }
        }
        assert_eq!(m.drive_s(2, 0), 103, "half a second rounds up: row 1, column 2 is 102.5");

        // A place may be asked for twice, and an empty request is empty.
        let twice = given.matrix(&[A1, A1]).unwrap();
        assert_eq!((twice.drive_s(0, 1), twice.distance_m(1, 0)), (0, 1));
        assert!(given.matrix(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_rep_ending_where_they_start_shares_the_start_row() {
        let mut region = region();
        region.reps[0].end = START;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matrix.json");
        std::fs::write(&path, response("\"Ok\"", duration, distance)).unwrap();
        let given = read_osrm_table(&path, &region).unwrap();
        let m = given.matrix(&[START, A1]).unwrap();
        assert_eq!((m.drive_s(0, 1), m.drive_s(1, 0)), (200, 2));
    }

    /// A region too large for one matrix is refused before its tables are
    /// allocated (100 000 accounts would ask for 40 GB), whatever the file.
    #[test]
    fn a_region_with_more_locations_than_a_matrix_may_have_is_refused_first() {
        let mut region = region();
        let accounts = crate::model::limits::MAX_PLACES - 1;
        region.accounts = (0..accounts).map(|k| account(&format!("A{k}"), A1)).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matrix.json");
        std::fs::write(&path, response("\"Ok\"", duration, distance)).unwrap();
        match read_osrm_table(&path, &region).unwrap_err() {
            InputError::File { problem, .. } => {
                assert!(problem.contains(&format!("{} locations", accounts + 2)), "{problem}");
                assert!(problem.contains("split the region"), "{problem}");
            }
            other => panic!("expected a file error, got {other}"),
        }
    }

    #[test]
    fn code_may_be_absent_and_a_byte_order_mark_is_skipped() {
        let text = response("\"Ok\"", duration, distance).replace("\"code\": \"Ok\",", "");
        assert!(read(&format!("\u{feff}{text}")).is_ok());
    }

    #[test]
    fn a_null_names_row_column_and_both_locations() {
        let text = response(
            "\"Ok\"",
            |r, c| if (r, c) == (1, 3) { "null".into() } else { duration(r, c) },
            distance,
        );
        let (field, problem) = field_error(&text, 4);
        assert_eq!(field, "durations[1][3]");
        assert_eq!(
            problem,
            "the driving time from account A2 (row 1) to rep R1's end (column 3) is null \
             (OSRM found no route); expected 0 to 10000000 seconds"
        );
    }

    #[test]
    fn a_negative_distance_names_row_column_and_both_locations() {
        let text =
            response("\"Ok\"", duration, |r, c| if (r, c) == (2, 0) { "-5".into() } else { distance(r, c) });
        let (field, problem) = field_error(&text, 11);
        assert_eq!(field, "distances[2][0]");
        assert_eq!(
            problem,
            "the driving distance from rep R1's start (row 2) to account A1 (column 0) is negative (-5); \
             expected 0 to 40000000 metres"
        );
    }

    #[test]
    fn a_string_is_not_a_number() {
        let text = response(
            "\"Ok\"",
            |r, c| if (r, c) == (0, 1) { "\"NaN\"".into() } else { duration(r, c) },
            distance,
        );
        let (field, problem) = field_error(&text, 3);
        assert_eq!(field, "durations[0][1]");
        assert!(
            problem.contains("from account A1 (row 0) to account A2 (column 1) is a string;"),
            "{problem}"
        );
    }

    #[test]
    fn values_that_do_not_fit_are_named() {
        let seconds = &limits::MATRIX_DURATION_S;
        assert_eq!(whole(0.0, seconds), Ok(0));
        assert_eq!(whole(-0.0, seconds), Ok(0));
        assert_eq!(whole(2.5, seconds), Ok(3));
        assert_eq!(whole(10_000_000.4, seconds), Ok(10_000_000));
        assert!(whole(f64::NAN, seconds).unwrap_err().contains("NaN"));
        assert!(whole(-0.1, seconds).unwrap_err().contains("negative"));
        assert!(whole(10_000_000.5, seconds).unwrap_err().contains("too large"));
        assert!(whole(f64::INFINITY, seconds).unwrap_err().contains("too large"));
    }

    #[test]
    fn wrong_sizes_say_expected_and_found() {
        // Four rows, but row 2 has a fifth entry.
        let text = response("\"Ok\"", duration, distance).replace("[200.4,", "[200.4, 7,");
        let (field, problem) = field_error(&text, 5);
        assert_eq!(field, "durations[2]");
        assert!(problem.starts_with("has 5 entries; expected 4, one per region location"), "{problem}");
        assert!(problem.contains("2 accounts, then 1 reps' starts"), "{problem}");

        // A row missing from the distances.
        let text =
            response("\"Ok\"", duration, distance).replace(",\n  [3000.6, 3010.6, 3020.6, 3030.6]", "");
        let (field, problem) = field_error(&text, 12);
        assert_eq!(field, "distances");
        assert!(problem.starts_with("has 3 rows; expected 4"), "{problem}");

        // Extra rows are counted, not just noticed; the error is at the closing bracket.
        let text = response("\"Ok\"", duration, distance)
            .replace("]\n ],\n \"distances\"", "],\n [1], [2]\n ],\n \"distances\"");
        let (field, problem) = field_error(&text, 8);
        assert_eq!(field, "durations");
        assert!(problem.starts_with("has 6 rows; expected 4"), "{problem}");
    }

    #[test]
    fn missing_distances_say_how_to_ask_for_them() {
        let text = response("\"Ok\"", duration, distance);
        let without = format!("{}}}\n", &text[..text.find(",\n \"distances\"").unwrap()]);
        let problem = file_error(&without);
        assert!(problem.contains("no `distances` table"), "{problem}");
        assert!(problem.contains("annotations=duration,distance"), "{problem}");
        assert!(file_error("{\"code\": \"Ok\"}").contains("no `durations` table"));
    }

    #[test]
    fn a_failed_request_is_reported_with_osrm_s_message() {
        let problem =
            file_error("{\"code\": \"NoSegment\", \"message\": \"Could not find a matching segment\"}");
        assert!(problem.contains("code \"NoSegment\" (Could not find a matching segment)"), "{problem}");
        // A failed request's tables are not checked: the code is the news.
        let problem = file_error(&response("\"InvalidQuery\"", |_, _| "null".into(), distance));
        assert!(problem.contains("code \"InvalidQuery\""), "{problem}");
    }

    #[test]
    fn malformed_json_and_missing_files_are_input_errors() {
        let err = read("{\"durations\": [[0, 1, 2, 3],\n [1 0]]}").unwrap_err();
        assert!(matches!(err, InputError::Json { line: 2, .. }), "{err}");
        let err = read("[1, 2]").unwrap_err();
        assert!(err.to_string().contains("an OSRM table response object"), "{err}");
        let err = read("{\"durations\": [[0, 1,").unwrap_err();
        assert!(matches!(err, InputError::Json { .. }), "{err}");
        let twice = response("\"Ok\"", duration, distance).replace("distances", "durations");
        let err = read(&twice).unwrap_err();
        assert!(err.to_string().contains("duplicate field `durations`"), "{err}");
        let err = read_osrm_table(Path::new("/no/such/matrix.json"), &region()).unwrap_err();
        assert!(matches!(err, InputError::Read { .. }), "{err}");
    }
}
