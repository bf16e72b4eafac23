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

/// A CSV file loaded into memory, with its normalised header. Every reader
/// of CSV files (region, visit log, split, best-known table) shares it, so
/// every CSV is read alike: by header name, `,` or `;`, size-limited, every
/// bad row reported.
pub(crate) struct Sheet {
    path: PathBuf,
    /// Header names, trimmed and lower-cased, in file order.
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
        required: &[&str],
        noun: &str,
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let before = problems.count();
        let sheet = Sheet::load_rows(path, required, encoding, limit, problems)?;
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
        required: &[&str],
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let bytes = read_input(path, &limits::FILE_BYTES)?;
        let decoded = text::decode(&bytes, encoding);
        let text = decoded.text.as_bytes();
        let file_error = |problem: String| InputError::File { file: path.to_path_buf(), problem };
        let empty = || match required {
            [] => file_error("empty file; expected a header line naming the columns".to_string()),
            _ => file_error(format!(
                "empty file; expected a header line naming the columns, at least {}",
                required.join(", ")
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
        let columns: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
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
        sheet.check_columns(required)?;
        Ok(sheet)
    }

    /// Fails on a column named twice or a required column missing.
    fn check_columns(&self, required: &[&str]) -> Result<(), InputError> {
        let columns = &self.columns;
        let file_error = |problem: String| InputError::File { file: self.path.clone(), problem };
        for (i, name) in columns.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = columns[..i].iter().position(|c| c == name) {
                return Err(file_error(format!(
                    "column `{}` appears twice (columns {} and {}); keep one",
                    shown(name),
                    first + 1,
                    i + 1
                )));
            }
        }
        let missing: Vec<&str> =
            required.iter().copied().filter(|r| !columns.iter().any(|c| c == r)).collect();
        if !missing.is_empty() {
            let found: Vec<Cow<'_, str>> =
                columns.iter().filter(|c| !c.is_empty()).map(|c| shown(c)).collect();
            let plural = if missing.len() == 1 { "" } else { "s" };
            return Err(file_error(format!(
                "missing required column{plural} `{}` (the header has: {}; required: {})",
                missing.join("`, `"),
                if found.is_empty() { "no names".to_string() } else { found.join(", ") },
                required.join(", ")
            )));
        }
        Ok(())
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
        let (path, columns) = (&self.path, &self.columns);
        self.rows.retain(|(line, record)| {
            let Some(i) = bad_cell(record) else { return true };
            let field = match columns.get(i).filter(|c| !c.is_empty()) {
                Some(name) => name.clone(),
                None => format!("column {}", i + 1),
            };
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
            field: field.to_string(),
            problem: problem.into(),
        }
    }

    pub(super) fn decimal_comma(&self) -> bool {
        self.sheet.decimal_comma
    }
}
