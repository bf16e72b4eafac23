//! rounds' own file formats, and the error types every reader and writer shares.
//!
//! - [`csv_region`] reads and writes a region folder's `accounts.csv` and
//!   `reps.csv` into [`crate::model::Region`]; every CSV reader decodes its
//!   file with [`text`] first (UTF-8 or Shift_JIS).
//! - [`plan_json`] converts a [`crate::model::plan::Plan`] (and a week of
//!   them) to and from its JSON file.
//! - [`visit_log`] reads and appends the log of visits that happened.
//! - [`holidays`] reads a holidays file (a CSV list, or an iCalendar file
//!   read with [`ics`]) into [`crate::model::Holidays`]; [`absences`] reads
//!   the reps' absences into [`crate::model::Absences`]; [`closures`] the
//!   accounts' dated closures into [`crate::model::Closures`].
//! - [`csv_split`] reads and writes a split of the accounts between the reps
//!   (`account,rep`); [`compare_json`] writes the comparison of splits, and
//!   [`adherence_json`] the adherence of `rounds report --json`.
//!
//! Outside formats live in [`crate::interop`] (Solomon, VROOM, OSRM), maps
//! and reports for people in [`crate::report`]; the travel cache keeps its
//! private binary format beside the cache ([`crate::travel::cache`]).
//!
//! Readers report every problem as an [`InputError`] that names the file as
//! the user gave it, the line and the field, what is wrong and what was
//! expected, so a rep manager can fix the export without reading code.
//! Writers go through [`Outputs`] (or [`write_atomic`] for one file), which
//! never leaves a half-written file behind, puts a command's files in place
//! only once every one of them is written, and refuses to overwrite one of
//! the command's own input files; its failures are [`OutputError`]s.

pub mod absences;
pub mod adherence_json;
pub mod appointments;
pub mod closures;
pub mod compare_json;
pub mod csv_region;
pub mod csv_split;
pub mod holidays;
pub mod ics;
mod output;
pub mod plan_json;
mod reason_json;
pub mod slots_json;
pub mod text;
pub mod visit_log;

pub use output::{check_outputs, write_atomic, OutputError, Outputs};
pub(crate) use output::{folder_of, without_temporary_path};

use std::borrow::Cow;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::model::limits::SizeLimit;

/// Characters of a value shown in an error before it is cut: a whole
/// megabyte pasted into one cell must not flood the terminal.
pub const SHOWN_CHARS: usize = 200;
/// Problems a reader lists before it only counts the rest.
pub const SHOWN_PROBLEMS: usize = 50;

/// Why an input file could not be read; every variant names the file as given.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read at all.
    #[error("cannot read {}: {reason}", path.display())]
    Read {
        /// The file, as given.
        path: PathBuf,
        /// What the operating system reported: part of the message, not a
        /// separate cause, so that it is said once however the error is printed.
        reason: io::Error,
    },
    /// One value in one row is wrong.
    #[error("{} line {line}, field `{field}`: {problem}", file.display())]
    Field {
        /// The file, as given.
        file: PathBuf,
        /// Physical line in the file, 1-based (the header is line 1).
        line: u64,
        /// The column name, as the format documents it.
        field: String,
        /// What is wrong and what was expected.
        problem: String,
    },
    /// The file as a whole is unusable: empty, or a required column is missing.
    #[error("{}: {problem}", file.display())]
    File {
        /// The file, as given.
        file: PathBuf,
        /// What is wrong and what was expected.
        problem: String,
    },
    /// A JSON file is malformed or does not have the expected shape.
    #[error("{} line {line}, column {column}: {message}", path.display())]
    Json {
        /// The file, as given.
        path: PathBuf,
        /// Line of the problem, 1-based.
        line: usize,
        /// Column of the problem, 1-based.
        column: usize,
        /// What is wrong, as reported by the JSON reader.
        message: String,
    },
    /// Several problems in one or more files, each on a line of its own.
    #[error("{} problems found:{}{}", problems.len() + more, several_lines(problems), several_more(*more))]
    Several {
        /// The first [`SHOWN_PROBLEMS`] problems, in file order.
        problems: Vec<InputError>,
        /// How many more there are.
        more: usize,
    },
}

fn several_lines(problems: &[InputError]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

fn several_more(more: usize) -> String {
    if more == 0 {
        String::new()
    } else {
        format!("\n  ... and {more} more")
    }
}

/// `text` for an error message: whole when short, else its first
/// [`SHOWN_CHARS`] characters and how long it was.
pub fn shown(text: &str) -> Cow<'_, str> {
    shortened(text, SHOWN_CHARS)
}

/// `text` cut after `chars` characters, saying how long it was.
fn shortened(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => {
            Cow::Owned(format!("{}... ({} characters in all)", &text[..cut], text.chars().count()))
        }
    }
}

/// `problem` with every copy of a long `value` in it cut to what [`shown`]
/// shows: a reader's message may quote the value, however long it is.
pub fn cut(problem: String, value: &str) -> String {
    match shown(value) {
        Cow::Owned(short) => problem.replace(value, &short),
        Cow::Borrowed(_) => problem,
    }
}

/// Reads a whole input file, refusing one larger than `limit` before
/// reading more than that: a device such as `/dev/zero` or a wrong, huge
/// file ends with an error at once instead of filling the memory.
pub fn read_input(path: &Path, limit: &SizeLimit) -> Result<Vec<u8>, InputError> {
    let read_error = |reason| InputError::Read { path: path.to_path_buf(), reason };
    let too_large =
        || InputError::File { file: path.to_path_buf(), problem: limit.check(limit.max + 1).unwrap_err() };
    let file = fs::File::open(path).map_err(read_error)?;
    if file.metadata().map_err(read_error)?.len() > limit.max {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit.max + 1).read_to_end(&mut bytes).map_err(read_error)?;
    if bytes.len() as u64 > limit.max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Collects the problems a reader finds, so that one run reports every bad
/// row (the first [`SHOWN_PROBLEMS`], then a count), not only the first.
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<InputError>,
    more: usize,
}

impl Problems {
    /// Keeps `error` among the problems found.
    pub fn push(&mut self, error: InputError) {
        if self.found.len() < SHOWN_PROBLEMS {
            self.found.push(error);
        } else {
            self.more += 1;
        }
    }

    /// `value` when it is `Ok`; else keeps the error and gives `None`.
    pub fn keep<T>(&mut self, value: Result<T, InputError>) -> Option<T> {
        value.map_err(|error| self.push(error)).ok()
    }

    /// How many problems were found.
    pub fn count(&self) -> usize {
        self.found.len() + self.more
    }

    /// `Ok(value)` when nothing was found; else one error listing every problem.
    pub fn finish<T>(self, value: T) -> Result<T, InputError> {
        let mut found = self.found;
        match (found.len(), self.more) {
            (0, _) => Ok(value),
            (1, 0) => Err(found.remove(0)),
            _ => Err(InputError::Several { problems: found, more: self.more }),
        }
    }
}

impl InputError {
    /// The problems this error reports, one each: those of [`InputError::Several`]
    /// (the ones shown), else itself.
    pub fn problems(&self) -> &[InputError] {
        match self {
            InputError::Several { problems, .. } => problems,
            one => std::slice::from_ref(one),
        }
    }

    /// A JSON syntax or type error in `path`, with serde's position split out
    /// of its message so the file, line and column read like every other error.
    pub fn json(path: &Path, error: &serde_json::Error) -> InputError {
        let full = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        InputError::Json {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            // serde quotes a value of the wrong type whole, however long it is.
            message: shortened(full.strip_suffix(&position).unwrap_or(&full), 5 * SHOWN_CHARS).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_input_ends_with_the_size_limit() {
        let limit = SizeLimit { what: "bytes", max: 1 << 20, advice: "split it" };
        let err = read_input(Path::new("/dev/zero"), &limit).unwrap_err().to_string();
        assert!(err.contains("/dev/zero: more than 1048576 bytes"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        fs::write(&big, vec![b'x'; (1 << 20) + 1]).unwrap();
        assert!(read_input(&big, &limit).is_err());
        fs::write(&big, vec![b'x'; 1 << 20]).unwrap();
        assert_eq!(read_input(&big, &limit).unwrap().len(), 1 << 20);
    }

    #[test]
    fn problems_list_fifty_then_count_the_rest() {
        let mut problems = Problems::default();
        for line in 1..=60 {
            let problem = "bad".to_string();
            problems.push(InputError::Field { file: "a.csv".into(), line, field: "x".into(), problem });
        }
        let msg = problems.finish(()).unwrap_err().to_string();
        assert!(msg.starts_with("60 problems found:\n  a.csv line 1, field `x`: bad\n"), "{msg}");
        assert!(msg.contains("a.csv line 50,") && !msg.contains("a.csv line 51,"), "{msg}");
        assert!(msg.ends_with("\n  ... and 10 more"), "{msg}");
        assert_eq!(shown(&"é".repeat(300)).chars().count(), 200 + "... (300 characters in all)".len());
    }
}
