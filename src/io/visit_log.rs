//! The visit log file, `visits.csv`: one line per planned visit, appended
//! day by day by `rounds record` and never rewritten.
//!
//! ```text
//! account,date,rep,status
//! A0448,2026-11-24,R1,visited
//! A0011,2026-11-24,R1,skipped
//! ```
//!
//! Columns are found by header name like those of `accounts.csv` (any order,
//! `,` or `;`, BOM tolerated, UTF-8 or Shift_JIS detected; the same reader).
//! `date` is `YYYY-MM-DD`, `status` is `visited` or `skipped`. [`read_log`] also requires every
//! account to be one of the region's, so a typo or a log from another
//! region is reported with its line instead of silently doing nothing;
//! [`read_recorded`] reads what a log holds without a region, and
//! [`LockedLog`] adds lines at its end, creating the file with its header,
//! one `rounds record` at a time. An empty file is an empty log.
//! Both readers refuse a line dated after the day planned or recorded: a
//! visit typed as 2062 would otherwise hide its account for decades, and
//! one dated next week would drop it from tomorrow's plan. Every bad line
//! is reported, not only the first.
//!
//! An optional `note` column (why a visit was skipped, what was agreed) is
//! kept by the database ([`crate::store`]): [`read_log_entries`] reads it,
//! and [`write_log`] writes a whole log, with the column only when a visit
//! has a note. Planning ignores it.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::csv_region::{detect_delimiter, write_table, Header, Row, Sheet};
use super::text::TextEncoding;
use super::{check_outputs, InputError, OutputError, Problems};
use crate::model::limits::{self, SizeLimit};
use crate::model::visit_log::{VisitRecord, VisitStatus};
use crate::model::Region;

/// The log's columns, all required, in the order [`LockedLog::append`] writes them.
const LOG_COLUMNS: &[&str] = &["account", "date", "rep", "status"];
/// The optional column of free text about a visit.
const NOTE_COLUMN: &str = "note";

/// Most lines a visit log may have.
pub const LOG_LINES: SizeLimit = SizeLimit {
    what: "lines",
    max: 2_000_000,
    advice:
        "start a new log that keeps each account's latest visited line, and keep the old one as an archive",
};

/// Reads the log at `path`; every account it names must be in `region`,
/// and no line may be dated after `until` (the day planned).
pub fn read_log(path: &Path, region: &Region, until: NaiveDate) -> Result<Vec<VisitRecord>, InputError> {
    let entries = read_log_entries(path, region, until)?;
    Ok(entries.into_iter().map(|(record, _)| record).collect())
}

/// [`read_log`] with each line's `note` (empty when the column is absent).
pub fn read_log_entries(
    path: &Path,
    region: &Region,
    until: NaiveDate,
) -> Result<Vec<(VisitRecord, String)>, InputError> {
    let known: HashSet<&str> = region.accounts.iter().map(|a| a.id.as_str()).collect();
    let _shared = shared_lock(path);
    read_lines(path, until, |row, record| {
        if known.contains(record.account.as_str()) {
            return Ok(());
        }
        Err(row.error(
            "account",
            format!(
                "`{}` is not an account of the region; the log names accounts by their `id` in accounts.csv",
                super::shown(&record.account)
            ),
        ))
    })
}

/// Reads what the log at `path` already holds, without checking its
/// accounts against a region (`rounds record` checks the plan instead);
/// no line may be dated after `until` (today).
pub fn read_recorded(path: &Path, until: NaiveDate) -> Result<Vec<VisitRecord>, InputError> {
    let _shared = shared_lock(path);
    recorded_in(path, until)
}

/// [`read_recorded`] without taking the log's lock, for the one who holds it.
fn recorded_in(path: &Path, until: NaiveDate) -> Result<Vec<VisitRecord>, InputError> {
    let entries = read_lines(path, until, |_, _| Ok(()))?;
    Ok(entries.into_iter().map(|(record, _)| record).collect())
}

/// The log at `path` held under a shared lock while it is read, so that a
/// `rounds record` appending to it finishes its lines first, and none is
/// read half written. `None` where the file cannot be opened (the reader
/// then says why) or the lock fails; on a file system without locks, the
/// file unlocked ([`lock`]).
fn shared_lock(path: &Path) -> Option<File> {
    let file = File::open(path).ok()?;
    lock(&file, Lock::Shared).ok()?;
    Some(file)
}

/// Every line of the log with its note, each also checked by `accept`;
/// every bad line is reported.
fn read_lines(
    path: &Path,
    until: NaiveDate,
    accept: impl Fn(&Row<'_>, &VisitRecord) -> Result<(), InputError>,
) -> Result<Vec<(VisitRecord, String)>, InputError> {
    if std::fs::metadata(path).is_ok_and(|file| file.len() == 0) {
        return Ok(Vec::new());
    }
    let mut problems = Problems::default();
    let sheet =
        Sheet::load_rows(path, &Header::named(LOG_COLUMNS), TextEncoding::Auto, &LOG_LINES, &mut problems)?;
    let mut records = Vec::with_capacity(sheet.row_count());
    for row in sheet.rows() {
        let record = parse_record(&row, until).and_then(|record| accept(&row, &record).map(|()| record));
        records.extend(problems.keep(record).map(|record| (record, row.text(NOTE_COLUMN).to_string())));
    }
    problems.finish(records)
}

/// The visit log opened to be appended to, under an exclusive lock (`flock`)
/// held until it is dropped: two `rounds record` runs on one log take turns,
/// so the second reads what the first appended ([`LockedLog::recorded`])
/// and does not append it again. A missing log is created empty.
#[derive(Debug)]
pub struct LockedLog {
    path: PathBuf,
    file: File,
}

impl LockedLog {
    /// Opens the log at `path` and waits for its lock. Refuses when `path`
    /// is one of the command's `inputs`, as [`super::write_atomic`] does.
    pub fn open(path: &Path, inputs: &[&Path]) -> Result<LockedLog, OutputError> {
        check_outputs(&[path], inputs)?;
        let write_error = |reason| OutputError::write(path, reason);
        let file = OpenOptions::new().read(true).append(true).create(true).open(path).map_err(write_error)?;
        lock(&file, Lock::Exclusive).map_err(write_error)?;
        Ok(LockedLog { path: path.to_path_buf(), file })
    }

    /// What the log holds now, as [`read_recorded`] reads it.
    pub fn recorded(&self, until: NaiveDate) -> Result<Vec<VisitRecord>, InputError> {
        // Not through `read_recorded`: a shared lock on a second descriptor
        // would wait for this one's exclusive lock for ever.
        recorded_in(&self.path, until)
    }

    /// Appends `records`: what is there is never rewritten. An empty log
    /// gets the header first; an existing one keeps its delimiter (`;` logs
    /// stay `;`), and a last line without its newline gets one. A write the
    /// disk cuts short is undone: the log keeps what it held.
    pub fn append(&mut self, records: &[VisitRecord]) -> Result<(), OutputError> {
        let write_error = |reason| OutputError::write(&self.path, reason);
        let mut existing = Vec::new();
        self.file.read_to_end(&mut existing).map_err(write_error)?;
        let delimiter = detect_delimiter(&existing);
        // Writing to memory cannot fail, and every record has the header's four fields.
        let mut lines =
            csv::WriterBuilder::new().delimiter(delimiter.unwrap_or(b',')).from_writer(Vec::new());
        if delimiter.is_none() {
            lines.write_record(LOG_COLUMNS).expect("a CSV line in memory");
        }
        for record in records {
            lines.write_record(record_cells(record)).expect("a CSV line in memory");
        }
        let mut bytes = lines.into_inner().expect("CSV lines in memory");
        if existing.last().is_some_and(|&b| b != b'\n') {
            bytes.insert(0, b'\n');
        }
        // A write cut short (a full disk) would leave half a line, which every
        // later read refuses and every later append builds on: cut it off again.
        let appended = self.file.write_all(&bytes).and_then(|()| self.file.sync_all());
        if let Err(reason) = appended {
            let _ = self.file.set_len(existing.len() as u64).and_then(|()| self.file.sync_all());
            return Err(write_error(reason));
        }
        Ok(())
    }
}

/// Which advisory lock [`lock`] takes.
#[derive(Clone, Copy)]
enum Lock {
    /// For appending: no other lock while it is held.
    Exclusive,
    /// For reading: other readers too, but no one appending.
    Shared,
}

/// Waits for the advisory lock `kind` on `file` (`flock`), released when
/// the file closes. A file system that has no such locks (some network
/// shares) is read and written without one, as before there were locks:
/// recording still works, and only two runs at the very same moment could
/// append a visit twice.
#[cfg(unix)]
fn lock(file: &File, kind: Lock) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let operation = match kind {
        Lock::Exclusive => libc::LOCK_EX,
        Lock::Shared => libc::LOCK_SH,
    };
    loop {
        // SAFETY: flock reads only the descriptor, which `file` keeps open.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::EINVAL) => return Ok(()),
            _ => return Err(error),
        }
    }
}

#[cfg(not(unix))]
fn lock(_: &File, _: Lock) -> std::io::Result<()> {
    Ok(())
}

/// Writes a whole log (comma-delimited, with a header) that [`read_log_entries`]
/// reads back to the same records and notes: the lines [`LockedLog::append`] writes,
/// plus a `note` column when any note is not empty.
pub fn write_log<W: Write>(w: W, entries: &[(VisitRecord, String)]) -> std::io::Result<()> {
    let noted = entries.iter().any(|(_, note)| !note.is_empty());
    let mut header = LOG_COLUMNS.to_vec();
    if noted {
        header.push(NOTE_COLUMN);
    }
    let rows = entries.iter().map(|(record, note)| {
        let mut cells = record_cells(record).to_vec();
        if noted {
            cells.push(note.clone());
        }
        cells
    });
    write_table(w, &header, rows)
}

/// A record's cells in the order of [`LOG_COLUMNS`].
fn record_cells(record: &VisitRecord) -> [String; 4] {
    [
        record.account.clone(),
        record.date.format("%Y-%m-%d").to_string(),
        record.rep.clone(),
        record.status.as_str().to_string(),
    ]
}

fn parse_record(row: &Row<'_>, until: NaiveDate) -> Result<VisitRecord, InputError> {
    let account = row.parse_as_written("account", |t| {
        if t.is_empty() {
            Err("missing; every line names the account visited".to_string())
        } else {
            Ok(t.to_string())
        }
    })?;
    let date = row.parse("date", |t| {
        let date = limits::DATE.parse_written(t)?;
        if date > until {
            return Err(format!(
                "{date} is after {until}, the day planned or recorded; a log holds visits that \
                 happened (a mistyped year?)"
            ));
        }
        Ok(date)
    })?;
    let rep = row.text("rep").to_string();
    let status = row.parse("status", VisitStatus::parse)?;
    Ok(VisitRecord { account, date, rep, status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, LatLon};
    use std::fs;

    fn region() -> Region {
        let account = |id: &str| Account::new(id, LatLon { lat: 60.17, lon: 24.94 }, 600, 7);
        Region { accounts: vec![account("A1"), account("A2")], reps: vec![], ..Default::default() }
    }

    /// The day planned in these tests: a few days after the lines they write.
    fn until() -> NaiveDate {
        "2026-11-30".parse().unwrap()
    }

    fn record(account: &str, status: VisitStatus) -> VisitRecord {
        VisitRecord { account: account.into(), date: "2026-11-24".parse().unwrap(), rep: "R1".into(), status }
    }

    fn append(path: &Path, records: &[VisitRecord]) {
        LockedLog::open(path, &[]).unwrap().append(records).unwrap();
    }

    #[test]
    fn appends_with_a_header_once_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let empty = fs::File::create(&path).unwrap();
        assert!(read_recorded(&path, until()).unwrap().is_empty(), "an empty file is an empty log");
        drop(empty);
        append(&path, &[record("A1", VisitStatus::Visited)]);
        append(&path, &[record("A2", VisitStatus::Skipped)]);
        append(&path, &[]);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "account,date,rep,status\nA1,2026-11-24,R1,visited\nA2,2026-11-24,R1,skipped\n"
        );
        let expected = vec![record("A1", VisitStatus::Visited), record("A2", VisitStatus::Skipped)];
        assert_eq!(read_log(&path, &region(), until()).unwrap(), expected);
        assert_eq!(read_recorded(&path, until()).unwrap(), expected);
    }

    #[test]
    fn a_header_alone_is_an_empty_log_and_a_missing_newline_is_added() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        fs::write(&path, "account;date;rep;status").unwrap();
        assert!(read_log(&path, &region(), until()).unwrap().is_empty());
        append(&path, &[record("A1", VisitStatus::Visited)]);
        assert_eq!(fs::read_to_string(&path).unwrap(), "account;date;rep;status\nA1;2026-11-24;R1;visited\n");
        assert_eq!(read_log(&path, &region(), until()).unwrap().len(), 1);
    }

    #[test]
    fn refuses_to_append_to_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        fs::write(&plan, "{}").unwrap();
        let err = LockedLog::open(&plan, &[&plan]).unwrap_err();
        assert!(matches!(err, OutputError::WouldOverwriteInput { .. }));
        assert_eq!(fs::read_to_string(&plan).unwrap(), "{}");
    }

    /// Two `rounds record` runs of one day: the second waits for the first's
    /// lock, then reads its lines and appends none of them again.
    #[test]
    fn a_second_recorder_waits_and_sees_the_first_ones_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let day = [record("A1", VisitStatus::Visited), record("A2", VisitStatus::Skipped)];
        let record_day = |path: &Path| {
            let mut log = LockedLog::open(path, &[]).unwrap();
            let already = log.recorded(until()).unwrap();
            let new: Vec<_> = day.iter().filter(|r| !already.contains(r)).cloned().collect();
            // Long enough for the other recorder to read the log, were it not locked.
            std::thread::sleep(std::time::Duration::from_millis(50));
            log.append(&new).unwrap();
        };
        std::thread::scope(|threads| {
            threads.spawn(|| record_day(&path));
            threads.spawn(|| record_day(&path));
        });
        assert_eq!(read_recorded(&path, until()).unwrap(), day);
    }

    /// A plan read while `rounds record` appends waits for the lines, so it
    /// never meets half of one.
    #[test]
    fn a_reader_waits_for_the_lines_being_appended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let day = [record("A1", VisitStatus::Visited), record("A2", VisitStatus::Skipped)];
        let (locked, reader_may_start) = std::sync::mpsc::channel();
        let (path, day) = (&path, &day);
        let read = std::thread::scope(|threads| {
            threads.spawn(move || {
                let mut log = LockedLog::open(path, &[]).unwrap();
                locked.send(()).unwrap();
                // Long enough for the reader to read the log, were it not locked.
                std::thread::sleep(std::time::Duration::from_millis(50));
                log.append(day).unwrap();
            });
            let reader = threads.spawn(move || {
                reader_may_start.recv().unwrap();
                read_recorded(path, until()).unwrap()
            });
            reader.join().unwrap()
        });
        assert_eq!(read, *day);
    }

    #[test]
    fn bad_lines_name_the_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let cases = [
            ("A9,2026-11-24,R1,visited", "account", "`A9` is not an account of the region"),
            ("A1,24/11/2026,R1,visited", "date", "`24/11/2026` is not a date"),
            ("A1,2026-11-24,R1,done", "status", "`done` is not a status"),
            ("A1,2030-11-24,R1,visited", "date", "2030-11-24 is after 2026-11-30, the day planned"),
        ];
        for (line, field, problem) in cases {
            fs::write(&path, format!("account,date,rep,status\nA2,2026-11-23,R1,visited\n\n{line}\n"))
                .unwrap();
            let msg = read_log(&path, &region(), until()).unwrap_err().to_string();
            assert!(msg.contains(&format!("visits.csv line 4, field `{field}`: {problem}")), "{msg}");
        }
        // Every bad line is reported, in one message.
        fs::write(
            &path,
            "account,date,rep,status\nA9,2026-11-24,R1,visited\nA1,2026-11-24,R1,visited\nA1,x,R1,visited\n",
        )
        .unwrap();
        let msg = read_log(&path, &region(), until()).unwrap_err().to_string();
        assert!(msg.starts_with("2 problems found:"), "{msg}");
        assert!(msg.contains("visits.csv line 2, field `account`"), "{msg}");
        assert!(msg.contains("visits.csv line 4, field `date`"), "{msg}");
        fs::write(&path, "account,date\nA1,2026-11-24\n").unwrap();
        let msg = read_recorded(&path, until()).unwrap_err().to_string();
        assert!(msg.contains("missing required columns `rep`, `status`"), "{msg}");
    }
}
