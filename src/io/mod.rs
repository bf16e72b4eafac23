//! File formats: the only place they live.
//!
//! - [`csv_region`] reads and writes a region folder's `accounts.csv` and
//!   `reps.csv` into [`crate::model::Region`].
//! - [`plan_json`] converts a [`crate::plan::Plan`] to and from its JSON file.
//! - [`solomon`] reads Solomon / Gehring & Homberger VRPTW instances and
//!   writes benchmark solutions as JSON.
//! - [`geojson`] writes day plans as GeoJSON for map tools.
//! - [`html_report`] writes day plans as one self-contained HTML page: map,
//!   timelines, summary.
//! - [`vroom`] reads VROOM requests and writes VROOM responses.
//! - [`visit_log`] reads and appends the log of visits that happened.
//! - [`drawing`] holds what every map shares: rep colours, escaping, the projection;
//!   [`split_svg`] draws a split of the territories as an SVG map.
//! - [`csv_split`] reads and writes a split of the accounts between the reps
//!   (`account,rep`); [`compare_json`] writes the comparison of splits.
//!
//! Readers report every problem as an [`InputError`] that names the file as
//! the user gave it, the line and the field, what is wrong and what was
//! expected, so a rep manager can fix the export without reading code.
//! Writers go through [`write_atomic`], which never leaves a half-written file
//! behind and refuses to overwrite one of the command's own input files;
//! its failures are [`OutputError`]s.

pub mod compare_json;
pub mod csv_region;
pub mod csv_split;
pub mod drawing;
pub mod geojson;
pub mod html_report;
pub mod plan_json;
pub mod solomon;
pub mod split_svg;
pub mod visit_log;
pub mod vroom;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why an input file could not be read; every variant names the file as given.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read at all.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file, as given.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
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
}

impl InputError {
    /// A JSON syntax or type error in `path`, with serde's position split out
    /// of its message so the file, line and column read like every other error.
    pub fn json(path: &Path, error: &serde_json::Error) -> InputError {
        let full = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        InputError::Json {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            message: full.strip_suffix(&position).unwrap_or(&full).to_string(),
        }
    }
}

/// Every problem found in an input, in file and line order: what a command
/// that must take all of its input or nothing (`rounds db import`) reports,
/// so the user fixes the file once rather than once per run. Never empty.
#[derive(Debug)]
pub struct InputErrors(Vec<InputError>);

impl InputErrors {
    /// `value` when `errors` is empty, else all of them.
    pub fn first_all<T>(errors: Vec<InputError>, value: T) -> Result<T, InputErrors> {
        if errors.is_empty() {
            Ok(value)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// `value` when `errors` is empty, else the first of them.
    pub fn first_or<T>(errors: Vec<InputError>, value: T) -> Result<T, InputError> {
        Self::first_all(errors, value).map_err(InputErrors::into_first)
    }

    /// The first problem, for readers that stop at one.
    pub fn into_first(self) -> InputError {
        self.0.into_iter().next().expect("InputErrors is never empty")
    }

    /// Every problem, in order.
    pub fn errors(&self) -> &[InputError] {
        &self.0
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        InputErrors(vec![error])
    }
}

impl std::fmt::Display for InputErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems:", all.len())?;
                for error in all {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for InputErrors {}

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output path is one of the command's input files; writing would destroy the input.
    #[error(
        "refusing to write {}: it is the input file {}; choose another output path",
        path.display(),
        input.display()
    )]
    WouldOverwriteInput {
        /// The output path, as given.
        path: PathBuf,
        /// The input path it coincides with, as given.
        input: PathBuf,
    },
    /// Creating, writing or renaming the file failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The output path, as given.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
    },
}

/// Writes `contents` to `path` so that readers see either the old file or the
/// complete new one, never a partial file.
///
/// Refuses when `path` is the same file as any of `inputs` (compared after
/// resolving symlinks and `..` when both exist), because overwriting the data
/// a plan was made from loses it. The bytes go to a temporary file in the same
/// directory, are flushed to disk, and the temporary file is then renamed over
/// `path`. An existing file keeps its permissions.
pub fn write_atomic(path: &Path, contents: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    refuse_inputs(&[path], inputs)?;
    let write_error = |source| OutputError::Write { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rounds-").suffix(".tmp");
    if let Some(permissions) = permissions_for(path) {
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(dir).map_err(write_error)?;
    temp.write_all(contents).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}

/// Refuses when any of `outputs` is the same file as one of `inputs`.
///
/// [`write_atomic`] checks this for the one file it writes; a command writing
/// several files calls it for all of them before writing the first, so a
/// refused output never leaves the others written.
pub fn refuse_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), OutputError> {
    for path in outputs {
        if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
            return Err(OutputError::WouldOverwriteInput {
                path: path.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The permissions the written file should get: those of the file it replaces,
/// or those of an ordinary new file (the temporary file would otherwise be private).
fn permissions_for(path: &Path) -> Option<fs::Permissions> {
    match fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    }
}

#[cfg(unix)]
fn new_file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // Narrowed by the process umask, exactly as for `File::create`.
    Some(fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan.json");
        write_atomic(&out, b"first", &[]).unwrap();
        write_atomic(&out, b"second", &[]).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn write_atomic_refuses_to_overwrite_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("accounts.csv");
        fs::write(&input, "id,lat\n").unwrap();
        // The same file reached through a different spelling.
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let other = dir.path().join("reps.csv");
        let out = sub.join("..").join("accounts.csv");

        let err = write_atomic(&out, b"oops", &[&other, &input]).unwrap_err();
        assert!(matches!(err, OutputError::WouldOverwriteInput { .. }));
        assert!(err.to_string().contains("accounts.csv"), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "id,lat\n");
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_refuses_an_input_behind_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("accounts.csv");
        fs::write(&input, "id,lat\n").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        assert!(write_atomic(&link, b"oops", &[&input]).is_err());
        assert_eq!(fs::read_to_string(&input).unwrap(), "id,lat\n");
    }

    #[test]
    fn write_atomic_reports_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no-such-dir").join("plan.json");
        let err = write_atomic(&out, b"x", &[]).unwrap_err();
        assert!(matches!(err, OutputError::Write { .. }));
        assert!(err.to_string().contains("plan.json"), "{err}");
    }
}
