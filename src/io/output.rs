//! The one way rounds writes its files. A file appears whole or not at all,
//! never over one of the command's own inputs, and the files a command writes
//! together ([`Outputs`]: a plan, its report, its map, a calendar per rep)
//! are all written before any of them replaces what was there: a full disk
//! or a missing folder met by the last leaves the others as they were.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

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
    /// Two of the command's outputs are the same file: one would replace the other.
    #[error(
        "refusing to write {} twice (also as {}); give each output a path of its own",
        path.display(),
        other.display()
    )]
    NamedTwice {
        /// The later output, as given.
        path: PathBuf,
        /// The earlier output it coincides with, as given.
        other: PathBuf,
    },
    /// The output path is a folder, which a file cannot replace.
    #[error("refusing to write {}: it is a folder; give the file's name", path.display())]
    Folder {
        /// The output path, as given.
        path: PathBuf,
    },
    /// Creating, writing or renaming the file failed. The system's reason is
    /// part of the message, not a separate cause, so that it is said once
    /// however the error is printed.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The output path, as given.
        path: PathBuf,
        /// What the operating system reported.
        reason: io::Error,
    },
    /// Creating a folder the outputs go in failed.
    #[error("cannot create {}: {reason}", path.display())]
    MakeFolder {
        /// The folder, as given.
        path: PathBuf,
        /// What the operating system reported.
        reason: io::Error,
    },
}

impl OutputError {
    /// Whether the paths given are at fault (exit code 2, refused before any
    /// work) rather than the system (a full disk: exit code 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, OutputError::Write { .. } | OutputError::MakeFolder { .. })
    }

    /// A failure to write `path`, for `reason`.
    pub(crate) fn write(path: &Path, reason: io::Error) -> OutputError {
        OutputError::Write { path: path.to_path_buf(), reason: without_temporary_path(reason) }
    }
}

/// The folder `path` is in: its parent, or `.` for a bare file name, where a
/// temporary file beside it goes.
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The system's reason alone: `tempfile` adds the name of its temporary file
/// (`... at path "/x/.rounds-Ab12.tmp"`), which means nothing to a user who
/// named another file and will not find that one.
pub(crate) fn without_temporary_path(reason: io::Error) -> io::Error {
    let wrapped = reason.raw_os_error().is_none() && reason.get_ref().is_some();
    let text = reason.to_string();
    match text.rfind(" at path ").filter(|_| wrapped) {
        Some(at) => io::Error::new(reason.kind(), &text[..at]),
        None => reason,
    }
}

/// The files one command writes, put in place together. Each [`Outputs::stage`]
/// writes its bytes in full to a temporary file beside the destination and
/// flushes it to disk; [`Outputs::commit`] then renames every one over its
/// destination. A failure while staging (a full disk, a missing folder, no
/// permission) leaves every destination as it was, and dropping the
/// `Outputs` without committing removes the temporary files and the folders
/// [`Outputs::make_folder`] made for them.
#[derive(Debug)]
pub struct Outputs<'a> {
    inputs: &'a [&'a Path],
    staged: Vec<Staged>,
    /// Folders made for the outputs, each after the one it is in.
    made_folders: Vec<PathBuf>,
}

/// A file written to its temporary file, not yet in place.
#[derive(Debug)]
struct Staged {
    path: PathBuf,
    destination: Option<PathBuf>,
    temp: TempPath,
}

impl<'a> Outputs<'a> {
    /// Nothing staged yet; no output may replace one of `inputs`.
    pub fn new(inputs: &'a [&'a Path]) -> Self {
        Outputs { inputs, staged: Vec::new(), made_folders: Vec::new() }
    }

    /// Makes `dir` and any missing folder above it, for outputs to be staged
    /// in (`--ics DIR`, `rounds man DIR`). Folders made here are removed
    /// again, when empty, if the outputs are dropped without being committed,
    /// so a failed command leaves no empty folder behind.
    pub fn make_folder(&mut self, dir: &Path) -> Result<(), OutputError> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(PathBuf::from)
            .collect();
        fs::create_dir_all(dir)
            .map_err(|reason| OutputError::MakeFolder { path: dir.to_path_buf(), reason })?;
        self.made_folders.extend(missing.into_iter().rev());
        Ok(())
    }

    /// Writes `contents` for `path` to a temporary file beside it. Refuses
    /// when `path` is one of the inputs or an output already staged.
    pub fn stage(&mut self, path: &Path, contents: &[u8]) -> Result<(), OutputError> {
        let earlier = self.staged.iter().map(|s| (s.path.as_path(), &s.destination));
        let destination = check_output(path, self.inputs, earlier)?;
        let write_error = |reason| OutputError::write(path, reason);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".rounds-").suffix(".tmp");
        if let Some(permissions) = permissions_for(path) {
            builder.permissions(permissions);
        }
        let mut temp = builder.tempfile_in(folder_of(path)).map_err(write_error)?;
        temp.as_file_mut().write_all(contents).map_err(write_error)?;
        temp.as_file().sync_all().map_err(write_error)?;
        self.staged.push(Staged { path: path.to_path_buf(), destination, temp: temp.into_temp_path() });
        Ok(())
    }

    /// Puts every staged file in place, in the order staged, and returns
    /// their paths. Only a rename can fail here, which on one file system
    /// does not run out of space.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let staged = std::mem::take(&mut self.staged);
        let mut written = Vec::with_capacity(staged.len());
        for Staged { path, temp, .. } in staged {
            temp.persist(&path).map_err(|e| OutputError::write(&path, e.error))?;
            written.push(path);
        }
        self.made_folders.clear();
        Ok(written)
    }
}

impl Drop for Outputs<'_> {
    /// Removes what was staged and not committed: the temporary files, then
    /// the folders made for them, innermost first and only where empty.
    fn drop(&mut self) {
        self.staged.clear();
        for folder in self.made_folders.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Writes `contents` to `path` so that readers see either the old file or the
/// complete new one, never a partial file: [`Outputs`] with one file.
///
/// Refuses when `path` is the same file as any of `inputs` (compared after
/// resolving symlinks and `..` when both exist), because overwriting the data
/// a plan was made from loses it. An existing file keeps its permissions.
pub fn write_atomic(path: &Path, contents: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    let mut outputs = Outputs::new(inputs);
    outputs.stage(path, contents)?;
    outputs.commit()?;
    Ok(())
}

/// Refuses when any of `outputs` is the same file as one of `inputs`, or
/// two of `outputs` are the same file.
///
/// [`Outputs`] checks this as it stages each file; a command calls it for
/// all its outputs before any work, so that a refused output is said at once.
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), OutputError> {
    let mut seen: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(outputs.len());
    for &path in outputs {
        let destination = check_output(path, inputs, seen.iter().map(|(p, d)| (*p, d)))?;
        seen.push((path, destination));
    }
    Ok(())
}

/// Where `output` lands ([`destination`]), once it is checked: not one of
/// `inputs`, not a folder (the rename that puts a file in place cannot
/// replace one, and would fail only once the files before it were in
/// place), and not where one of the `earlier` outputs, with their
/// destinations, lands.
fn check_output<'e>(
    output: &Path,
    inputs: &[&Path],
    mut earlier: impl Iterator<Item = (&'e Path, &'e Option<PathBuf>)>,
) -> Result<Option<PathBuf>, OutputError> {
    if let Some(input) = inputs.iter().find(|input| same_file(output, input)) {
        return Err(OutputError::WouldOverwriteInput {
            path: output.to_path_buf(),
            input: input.to_path_buf(),
        });
    }
    if output.is_dir() {
        return Err(OutputError::Folder { path: output.to_path_buf() });
    }
    let destination = destination(output);
    match earlier.find(|&(path, lands)| path == output || (destination.is_some() && *lands == destination)) {
        Some((other, _)) => {
            Err(OutputError::NamedTwice { path: output.to_path_buf(), other: other.to_path_buf() })
        }
        None => Ok(destination),
    }
}

/// Whether two paths name the same existing file: the same path once links
/// and `..` are resolved, or (on Unix) the same file behind two hard links.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b || same_inode(&a, &b),
        _ => false,
    }
}

/// Where an output lands, whether or not it exists yet, so that two spellings
/// of one file compare equal: the file with links and `..` resolved, or the
/// resolved folder and the name in it. `None` where the folder is not there
/// (writing will say so).
fn destination(path: &Path) -> Option<PathBuf> {
    if let Ok(file) = fs::canonicalize(path) {
        return Some(file);
    }
    Some(fs::canonicalize(folder_of(path)).ok()?.join(path.file_name()?))
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
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
    fn write_atomic_refuses_an_input_behind_a_symbolic_or_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("accounts.csv");
        fs::write(&input, "id,lat\n").unwrap();
        let (symbolic, hard) = (dir.path().join("link.csv"), dir.path().join("other-name.csv"));
        std::os::unix::fs::symlink(&input, &symbolic).unwrap();
        fs::hard_link(&input, &hard).unwrap();
        for link in [&symbolic, &hard] {
            let err = write_atomic(link, b"oops", &[&input]).unwrap_err();
            assert!(matches!(err, OutputError::WouldOverwriteInput { .. }), "{err}");
        }
        assert_eq!(fs::read_to_string(&input).unwrap(), "id,lat\n");
    }

    #[test]
    fn write_atomic_reports_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no-such-dir").join("plan.json");
        let err = write_atomic(&out, b"x", &[]).unwrap_err();
        assert!(matches!(err, OutputError::Write { .. }));
        let message = err.to_string();
        assert!(message.ends_with("plan.json: No such file or directory (os error 2)"), "{message}");
        assert!(std::error::Error::source(&err).is_none(), "the reason is said once, in the message");
    }

    #[test]
    fn outputs_replace_nothing_until_every_one_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        fs::write(&plan, "old plan").unwrap();
        let mut outputs = Outputs::new(&[]);
        outputs.stage(&plan, b"new plan").unwrap();
        assert_eq!(fs::read_to_string(&plan).unwrap(), "old plan", "staged, not yet in place");
        let report = dir.path().join("no-such-dir").join("report.html");
        assert!(matches!(outputs.stage(&report, b"<html>"), Err(OutputError::Write { .. })));
        drop(outputs);
        assert_eq!(fs::read_to_string(&plan).unwrap(), "old plan");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["plan.json"], "no temporary file left behind");

        let mut outputs = Outputs::new(&[]);
        outputs.stage(&plan, b"new plan").unwrap();
        outputs.stage(&dir.path().join("map.geojson"), b"{}").unwrap();
        assert_eq!(outputs.commit().unwrap(), [plan.clone(), dir.path().join("map.geojson")]);
        assert_eq!(fs::read_to_string(&plan).unwrap(), "new plan");
    }

    #[test]
    fn two_outputs_on_one_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        let same = dir.path().join(".").join("plan.json");
        let err = check_outputs(&[&plan, &dir.path().join("map.geojson"), &same], &[]).unwrap_err();
        assert!(matches!(err, OutputError::NamedTwice { .. }), "{err}");
        let mut outputs = Outputs::new(&[]);
        outputs.stage(&plan, b"plan").unwrap();
        assert!(matches!(outputs.stage(&same, b"report"), Err(OutputError::NamedTwice { .. })));
        assert!(!plan.exists(), "nothing committed");
    }

    #[test]
    fn folders_made_for_outputs_go_again_unless_committed() {
        let dir = tempfile::tempdir().unwrap();
        let calendars = dir.path().join("out").join("calendars");
        let mut outputs = Outputs::new(&[]);
        outputs.make_folder(&calendars).unwrap();
        outputs.stage(&calendars.join("R1.ics"), b"BEGIN:VCALENDAR").unwrap();
        assert!(outputs.stage(&dir.path().join("no-such-dir").join("report.html"), b"<html>").is_err());
        drop(outputs);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "no folder made, no file left");

        // A folder that was there stays, and committed files keep theirs.
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        drop({
            let mut outputs = Outputs::new(&[]);
            outputs.make_folder(&calendars).unwrap();
            outputs
        });
        assert!(out.is_dir() && !calendars.exists());
        let mut outputs = Outputs::new(&[]);
        outputs.make_folder(&calendars).unwrap();
        outputs.stage(&calendars.join("R1.ics"), b"BEGIN:VCALENDAR").unwrap();
        outputs.commit().unwrap();
        assert_eq!(fs::read_to_string(calendars.join("R1.ics")).unwrap(), "BEGIN:VCALENDAR");

        let file = dir.path().join("file");
        fs::write(&file, "").unwrap();
        let err = Outputs::new(&[]).make_folder(&file.join("sub")).unwrap_err();
        assert!(matches!(err, OutputError::MakeFolder { .. }) && !err.is_bad_input(), "{err}");
        assert!(
            err.to_string().starts_with(&format!("cannot create {}: ", file.join("sub").display())),
            "{err}"
        );
    }
}
