//! [`Sheet`], a CSV file read by header name, and its [`Row`]s: the one way
//! every CSV file of ours (and the CSV tables of outside formats) is read,
//! and [`write_table`], the one way a table is written.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use csv::StringRecord;

use super::{shown, InputError, Problems};
use crate::io::text::{self, TextEncoding};
use crate::io::{cut, read_input};
use crate::model::limits::{self, SizeLimit};

/// Writes a comma-delimited table: the header `columns`, then one line per
/// row of cells. Every file of ours that is written whole goes through it.
pub(in crate::io) fn write_table<W, R, C>(w: W, columns: &[&str], rows: R) -> io::Result<()>
where
    W: Write,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let mut out = csv::Writer::from_writer(w);
    out.write_record(columns)?;
    for row in rows {
        out.write_record(row)?;
    }
    out.flush()
}

/// The header a reader looks for: the columns a file must have, and the
/// other names people head its columns with. A Japanese team's spreadsheet
/// or CRM export says `緯度` where rounds says `lat`, and renaming columns
/// in Excel before every run is a step someone forgets.
pub(crate) struct Header<'a> {
    pub(crate) required: &'a [&'a str],
    /// `(column, names)`: a header cell reading one of `names` (lower-case,
    /// without spaces) is `column`.
    pub(crate) other_names: &'a [(&'a str, &'a [&'a str])],
}

impl<'a> Header<'a> {
    /// A header whose columns are known by their own names only.
    pub(crate) const fn named(required: &'a [&'a str]) -> Header<'a> {
        Header { required, other_names: &[] }
    }

    /// The column a header cell names: the cell trimmed and lower-cased,
    /// full-width forms folded (`ＩＤ` is `id`), or the column it is another
    /// name of. Other names are matched without spaces and without a unit in
    /// brackets at the end, so `訪問時間（分）` is `訪問時間`.
    fn column_of(&self, cell: &str) -> String {
        let name = text::ascii_width(cell).trim().to_lowercase();
        let bare: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let bare = without_unit(&bare);
        match self.other_names.iter().find(|(_, names)| names.contains(&bare)) {
            Some((column, _)) => column.to_string(),
            None => name,
        }
    }

    /// The other names of `column`, for a message about it being missing.
    fn other_names_of(&self, column: &str) -> &[&str] {
        self.other_names.iter().find(|(c, _)| *c == column).map_or(&[], |(_, names)| names)
    }
}

/// A header's name without a bracketed unit at its end: `訪問周期(日)` is
/// `訪問周期`, `時間[分]` is `時間`.
fn without_unit(name: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = name.strip_suffix(close) {
            if let Some(at) = inner.rfind(open).filter(|&at| at > 0) {
                return &name[..at];
            }
        }
    }
    name
}

/// A CSV file loaded into memory, with its normalised header. Every reader
/// of CSV files (region, visit log, split, best-known table) shares it, so
/// every CSV is read alike: by header name, `,` or `;`, size-limited, every
/// bad row reported.
pub(crate) struct Sheet {
    path: PathBuf,
    /// The column each header cell names ([`Header::column_of`]), in file order.
    columns: Vec<String>,
    /// The header row as read, with its physical line number.
    header: (u64, StringRecord),
    /// Non-blank data rows with their physical line numbers.
    rows: Vec<(u64, StringRecord)>,
    /// Whether numbers may use a decimal comma (only in `;`-delimited files).
    decimal_comma: bool,
}

impl Sheet {
    /// Reads the file, decodes it ([`super::text`]), detects the delimiter
    /// and checks the required columns. `noun` names what the rows are
    /// (`accounts`) for the "no rows" error; more rows than `limit` are
    /// refused before they are kept. Rows holding text the decoding could not
    /// read go to `problems`.
    pub(crate) fn load(
        path: &Path,
        header: &Header<'_>,
        noun: &str,
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let before = problems.count();
        let sheet = Sheet::load_rows(path, header, encoding, limit, problems)?;
        // Rows that could not be read are reported as such, not as no rows at all.
        if sheet.rows.is_empty() && problems.count() == before {
            return Err(InputError::File {
                file: path.to_path_buf(),
                problem: format!("no {noun}: the file has a header but no data rows"),
            });
        }
        Ok(sheet)
    }

    /// [`Sheet::load`] for a file whose header alone is a valid, empty list.
    pub(crate) fn load_rows(
        path: &Path,
        expected: &Header<'_>,
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let bytes = read_input(path, &limits::FILE_BYTES)?;
        let decoded = text::decode(&bytes, encoding);
        let text = decoded.text.as_bytes();
        let file_error = |problem: String| InputError::File { file: path.to_path_buf(), problem };
        let empty = || match expected.required {
            [] => file_error("empty file; expected a header line naming the columns".to_string()),
            _ => file_error(format!(
                "empty file; expected a header line naming the columns, at least {}",
                expected.required.join(", ")
            )),
        };
        let Some(delimiter) = detect_delimiter(text) else {
            return Err(empty());
        };
        let lines = LineIndex::new(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text);
        let mut records = reader.records();
        let header = loop {
            let record = records.next().ok_or_else(empty)?.map_err(|e| csv_error(path, e))?;
            if !is_blank(&record) {
                break record;
            }
        };
        let header_line = lines.line_of(header.position());
        let columns: Vec<String> = header.iter().map(|cell| expected.column_of(cell)).collect();
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(path, e))?;
            if is_blank(&record) {
                continue;
            }
            let line = lines.line_of(record.position());
            if rows.len() as u64 >= limit.max {
                let too_many = limit.check(limit.max + 1).unwrap_err();
                return Err(file_error(format!("line {line}: {too_many}")));
            }
            rows.push((line, record));
        }
        let mut sheet = Sheet {
            path: path.to_path_buf(),
            columns,
            header: (header_line, header),
            rows,
            decimal_comma: delimiter == b';',
        };
        if decoded.malformed {
            sheet.set_aside_malformed(decoded.problem, problems)?;
        }
        sheet.check_columns(expected)?;
        Ok(sheet)
    }

    /// Fails on a column named twice or a required column missing.
    fn check_columns(&self, expected: &Header<'_>) -> Result<(), InputError> {
        let columns = &self.columns;
        let file_error = |problem: String| InputError::File { file: self.path.clone(), problem };
        for (i, name) in columns.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = columns[..i].iter().position(|c| c == name) {
                let written = |at: usize| match self.renamed(at) {
                    Some(cell) => format!("{} `{}`", at + 1, shown(cell)),
                    None => (at + 1).to_string(),
                };
                return Err(file_error(format!(
                    "column `{}` appears twice (columns {} and {}); keep one",
                    shown(name),
                    written(first),
                    written(i)
                )));
            }
        }
        let missing: Vec<&str> =
            expected.required.iter().copied().filter(|r| !columns.iter().any(|c| c == r)).collect();
        if !missing.is_empty() {
            let found: Vec<Cow<'_, str>> = self.header_cells().filter(|c| !c.is_empty()).map(shown).collect();
            let plural = if missing.len() == 1 { "" } else { "s" };
            let also: Vec<String> = missing
                .iter()
                .filter(|column| !expected.other_names_of(column).is_empty())
                .map(|column| format!("`{column}` as {}", expected.other_names_of(column).join(", ")))
                .collect();
            return Err(file_error(format!(
                "missing required column{plural} `{}` (the header has: {}; required: {}{})",
                missing.join("`, `"),
                if found.is_empty() { "no names".to_string() } else { found.join(", ") },
                expected.required.join(", "),
                if also.is_empty() { String::new() } else { format!("; also read: {}", also.join("; ")) }
            )));
        }
        Ok(())
    }

    /// The header cell of column `at` as written, where it names its column
    /// by another name (`緯度` for `lat`).
    fn renamed(&self, at: usize) -> Option<&str> {
        let cell = self.header.1.get(at)?.trim();
        (text::ascii_width(cell).trim().to_lowercase() != self.columns[at]).then_some(cell)
    }

    /// How errors name a column: by its name, and by the header cell as
    /// written where that is another name (`緯度 (lat)`), so that the user
    /// finds the column in their own file.
    pub(in crate::io) fn field(&self, column: &str) -> String {
        match self.columns.iter().position(|c| c == column).and_then(|at| self.renamed(at)) {
            Some(cell) => format!("{} ({column})", shown(cell)),
            None => column.to_string(),
        }
    }

    /// Text the decoding could not read (U+FFFD): in the header it is the
    /// error; each data row holding some is reported, naming its line and
    /// column, and set aside, so the rest of the file is still checked.
    fn set_aside_malformed(&mut self, problem: &str, problems: &mut Problems) -> Result<(), InputError> {
        let bad_cell = |record: &StringRecord| record.iter().position(|cell| cell.contains('\u{FFFD}'));
        if let Some(i) = bad_cell(&self.header.1) {
            return Err(InputError::Field {
                file: self.path.clone(),
                line: self.header.0,
                field: format!("column {}", i + 1),
                problem: problem.into(),
            });
        }
        let fields: Vec<String> = (0..self.columns.len())
            .map(|i| match &self.columns[i] {
                name if name.is_empty() => format!("column {}", i + 1),
                name => self.field(name),
            })
            .collect();
        let path = &self.path;
        self.rows.retain(|(line, record)| {
            let Some(i) = bad_cell(record) else { return true };
            let field = fields.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
            problems.push(InputError::Field {
                file: path.clone(),
                line: *line,
                field,
                problem: problem.into(),
            });
            false
        });
        Ok(())
    }

    /// The sheet of a file whose first line may already be data: the
    /// header row becomes the first data row, and the columns are named
    /// `names` in order (a holidays list exported without a header).
    pub(in crate::io) fn headerless(mut self, names: &[&str]) -> Sheet {
        let (line, header) = self.header.clone();
        self.rows.insert(0, (line, header));
        self.columns = names.iter().map(|n| n.to_string()).collect();
        self
    }

    /// Names the columns by position (`names` in order), keeping the header
    /// line as a header: a file whose header names its columns in words the
    /// reader does not know.
    pub(in crate::io) fn rename_columns(mut self, names: &[&str]) -> Sheet {
        self.columns = names.iter().map(|n| n.to_string()).collect();
        self
    }

    /// The file the sheet was read from.
    pub(in crate::io) fn path(&self) -> &Path {
        &self.path
    }

    /// The header row's cells, trimmed, as the file wrote them.
    pub(in crate::io) fn header_cells(&self) -> impl Iterator<Item = &str> {
        self.header.1.iter().map(str::trim)
    }

    /// The column names, trimmed and lower-cased.
    pub(in crate::io) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// How many data rows the file has.
    pub(in crate::io) fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// A sheet of rows that come from elsewhere than a file, under `columns`
    /// (the header); numbers never use a decimal comma.
    pub(in crate::io) fn from_rows(source: &Path, columns: &[&str], rows: Vec<(u64, Vec<String>)>) -> Sheet {
        Sheet {
            path: source.to_path_buf(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            header: (0, StringRecord::from(columns.to_vec())),
            rows: rows.into_iter().map(|(line, cells)| (line, StringRecord::from(cells))).collect(),
            decimal_comma: false,
        }
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, record)| Row { sheet: self, line: *line, record })
    }
}

/// `;` when the header line has more semicolons than commas, else `,`;
/// `None` when the file has no non-blank line.
pub(in crate::io) fn detect_delimiter(text: &[u8]) -> Option<u8> {
    let header = text.split(|&b| b == b'\n').find(|line| line.iter().any(|b| !b.is_ascii_whitespace()))?;
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    Some(if count(b';') > count(b',') { b';' } else { b',' })
}

/// Physical line numbers from byte offsets. The csv crate's own line count
/// skips blank lines, so it cannot be shown to a user looking at the file.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset of every `\n`.
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a [u8]) -> Self {
        let newlines = (0..text.len()).filter(|&i| text[i] == b'\n').collect();
        LineIndex { text, newlines }
    }

    /// The 1-based line holding the first byte of a record. The csv position
    /// is where the reader resumed, before any blank lines it skipped.
    fn line_of(&self, pos: Option<&csv::Position>) -> u64 {
        let resumed = pos.map_or(0, |p| p.byte()).try_into().unwrap_or(usize::MAX);
        let skipped = self
            .text
            .get(resumed..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let start = resumed.saturating_add(skipped);
        (self.newlines.partition_point(|&nl| nl < start) + 1) as u64
    }
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// A CSV-level failure. The text is valid UTF-8 by the time the csv reader
/// sees it (bad bytes are reported by [`Sheet::malformed_cell`]), so what is
/// left is a file the reader cannot read at all.
fn csv_error(path: &Path, err: csv::Error) -> InputError {
    InputError::File { file: path.to_path_buf(), problem: format!("not a readable CSV file: {err}") }
}

/// One data row, with what is needed to report errors about it.
pub(crate) struct Row<'a> {
    sheet: &'a Sheet,
    /// Physical line in the file, 1-based.
    pub(in crate::io) line: u64,
    record: &'a StringRecord,
}

impl<'a> Row<'a> {
    /// The trimmed cell of a column; empty when the column or the cell is absent.
    pub(crate) fn text(&self, field: &str) -> &'a str {
        self.sheet
            .columns
            .iter()
            .position(|c| c == field)
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }

    /// Parses a cell's value, with full-width forms read as ASCII
    /// ([`text::ascii_width`]: `３０` is 30), turning the parser's complaint
    /// into an error naming file, line and field.
    pub(crate) fn parse<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, InputError> {
        self.parse_as_written(field, |text| parse(text::ascii_width(text).trim()))
    }

    /// [`Row::parse`] for an identifier, read as written: `Ａ０１` and
    /// `A01` are two accounts, as they are to the CRM that exported them.
    pub(crate) fn parse_as_written<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, InputError> {
        let text = self.text(field);
        parse(text).map_err(|problem| self.error(field, cut(problem, text)))
    }

    /// [`Row::parse`] for a cell that may be left empty: `None` then.
    pub(crate) fn parse_optional<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, InputError> {
        self.parse(field, |text| if text.is_empty() { Ok(None) } else { parse(text).map(Some) })
    }

    pub(in crate::io) fn error(&self, field: &str, problem: impl Into<String>) -> InputError {
        InputError::Field {
            file: self.sheet.path.clone(),
            line: self.line,
            field: self.sheet.field(field),
            problem: problem.into(),
        }
    }

    pub(super) fn decimal_comma(&self) -> bool {
        self.sheet.decimal_comma
    }
}
