//! A region folder's `accounts.csv` and `reps.csv`, as CRMs and spreadsheets export them.
//!
//! Columns are found by header name (case-insensitive, surrounding spaces
//! ignored, any order; unknown columns are ignored), the text is UTF-8 (a byte
//! order mark is skipped) or Shift_JIS, detected or named ([`TextEncoding`],
//! [`super::text`]), and the delimiter is `,` or `;` (European Excel exports), detected
//! from the header line. In `;` files a decimal comma (`52,37`) is accepted in
//! numbers. Blank lines and rows with only empty cells are skipped. Line
//! numbers in errors are physical lines of the file, the header being line 1.
//!
//! `accounts.csv` columns (see [`read_accounts`] for their meaning):
//! `id`, `name`, `address`, `lat`, `lon`, `service_min`, `windows`, `every_days`,
//! `last_visit`, `priority`, `closed`, `territory`, `preferred_days`.
//!
//! `reps.csv` columns (see [`read_reps`]): `id`, `name`, `start_lat`, `start_lon`, `end_lat`,
//! `end_lon`, `shift`, `break`, `max_visits`.
//!
//! [`read_region`] reads both and checks references between them;
//! [`write_accounts`] and [`write_reps`] write files these readers read back
//! to the same values, cell by cell as [`account_cells`] and [`rep_cells`]
//! give them. [`region_from_rows`] reads such cells from somewhere other than
//! a file (the database, [`crate::store`]) by exactly the same rules, so no
//! second validator exists.

mod accounts;
mod cells;
pub(super) mod japanese_headers;
mod rep_names;
mod reps;
mod sheet;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

pub use accounts::{account_cells, read_accounts, write_accounts, ACCOUNT_COLUMNS};
pub use cells::minutes_text;
pub(super) use cells::{clock_text, window_text};
pub(crate) use rep_names::RepNames;
pub use reps::{read_reps, rep_cells, write_reps, REP_COLUMNS};
pub(super) use sheet::{detect_delimiter, write_table};
pub(crate) use sheet::{Header, Row, Sheet};

use super::text::TextEncoding;
use super::{shown, InputError, Problems};
use crate::model::{Account, Holidays, Region, Rep};
use accounts::{accounts_of, accounts_sheet};
use reps::{reps_in, reps_of};

/// Reads both files of a region and checks the references between them: an
/// account's `territory` must name a rep in `reps`. The problems of both
/// files are reported together.
///
/// ```
/// use std::path::Path;
///
/// use rounds::io::csv_region::read_region;
/// use rounds::io::text::TextEncoding;
/// use rounds::io::InputError;
///
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions/helsinki-city");
/// let region = read_region(&dir.join("accounts.csv"), &dir.join("reps.csv"), TextEncoding::Auto)?;
/// assert_eq!((region.accounts.len(), region.reps.len()), (450, 6));
/// assert_eq!(region.reps[0].id, "R1");
///
/// // A mistake names the file (and the line and field, when it is one
/// // value); here the reps file is given as the accounts file.
/// let err = read_region(&dir.join("reps.csv"), &dir.join("reps.csv"), TextEncoding::Auto).unwrap_err();
/// assert!(err.to_string().contains("reps.csv"), "{err}");
/// assert!(err.to_string().contains("missing required columns `lat`, `lon`"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_region(accounts: &Path, reps: &Path, encoding: TextEncoding) -> Result<Region, InputError> {
    read_region_as_of(accounts, reps, encoding, None)
}

/// [`read_region`] for planning `date`: a `last_visit` after it is an error
/// naming its line, since it would hide the account until long after
/// (a visit typed as 2062 instead of 2026).
pub fn read_region_as_of(
    accounts: &Path,
    reps: &Path,
    encoding: TextEncoding,
    date: Option<NaiveDate>,
) -> Result<Region, InputError> {
    let mut problems = Problems::default();
    let account_sheet = accounts_sheet(accounts, encoding, &mut problems)?;
    let mut located = accounts_of(&account_sheet, date, &mut problems);
    let before = problems.count();
    let reps_read = reps_in(reps, encoding, &mut problems)?;
    // A rep on a bad row is missing, and the territories naming it would be reported too.
    if problems.count() == before {
        resolve_territories(
            &account_sheet,
            &mut located,
            &reps_read,
            &reps.display().to_string(),
            &mut problems,
        );
    }
    problems.finish(Region {
        accounts: located.into_iter().map(|(account, _)| account).collect(),
        reps: reps_read,
        holidays: Holidays::new(),
        absences: Default::default(),
        closures: Default::default(),
        appointments: Default::default(),
    })
}

/// A region from rows of cells in the column order of [`ACCOUNT_COLUMNS`] and
/// [`REP_COLUMNS`] (as [`account_cells`] and [`rep_cells`] give them), each
/// with the number errors call its line, read by the rules of the files (a
/// `last_visit` after `date` refused as in [`read_region_as_of`]): every bad
/// row is reported, naming `account_source` or `rep_source`
/// (`team.db: accounts`).
pub fn region_from_rows(
    account_source: &Path,
    accounts: Vec<(u64, Vec<String>)>,
    rep_source: &Path,
    reps: Vec<(u64, Vec<String>)>,
    date: Option<NaiveDate>,
) -> Result<Region, InputError> {
    let mut problems = Problems::default();
    let account_sheet = Sheet::from_rows(account_source, ACCOUNT_COLUMNS, accounts);
    let mut located = accounts_of(&account_sheet, date, &mut problems);
    let before = problems.count();
    let reps_read = reps_of(&Sheet::from_rows(rep_source, REP_COLUMNS, reps), &mut problems);
    if problems.count() == before {
        resolve_territories(
            &account_sheet,
            &mut located,
            &reps_read,
            &rep_source.display().to_string(),
            &mut problems,
        );
    }
    problems.finish(Region {
        accounts: located.into_iter().map(|(account, _)| account).collect(),
        reps: reps_read,
        holidays: Holidays::new(),
        absences: Default::default(),
        closures: Default::default(),
        appointments: Default::default(),
    })
}

/// Reads accounts that join `region` for one day only (urgent visits,
/// `rounds replan --add`), in the format of `accounts.csv`. Each id must be
/// new to the region, and each territory one of its reps.
pub fn read_added_accounts(
    path: &Path,
    region: &Region,
    encoding: TextEncoding,
) -> Result<Vec<Account>, InputError> {
    let mut problems = Problems::default();
    let sheet = accounts_sheet(path, encoding, &mut problems)?;
    let mut located = accounts_of(&sheet, None, &mut problems);
    for (account, line) in &located {
        if region.account_index(&account.id).is_some() {
            problems.push(InputError::Field {
                file: path.to_path_buf(),
                line: *line,
                field: sheet.field("id"),
                problem: format!(
                    "`{}` is already an account of the region; an added account needs an id of its own",
                    shown(&account.id)
                ),
            });
        }
    }
    resolve_territories(&sheet, &mut located, &region.reps, "the region's reps", &mut problems);
    problems.finish(located.into_iter().map(|(account, _)| account).collect())
}

/// Checks that every account of `sheet` with a `territory` names one of
/// `reps` (read from `reps_source`), by its id or else by its name, as a
/// Japanese CRM's `担当者` column names the rep (`山田 太郎`, spaces not
/// counted); a name is replaced by the rep's id. A territory that names no
/// rep, or a name two reps share, is reported.
fn resolve_territories(
    sheet: &Sheet,
    located: &mut [(Account, u64)],
    reps: &[Rep],
    reps_source: &str,
    problems: &mut Problems,
) {
    let names = RepNames::new(reps);
    for (account, line) in located.iter_mut() {
        let Some(territory) = account.territory.as_deref() else { continue };
        let problem = match names.find(territory) {
            Ok(rep) => {
                account.territory = Some(reps[rep].id.clone());
                continue;
            }
            Err(no_rep) => no_rep.problem(territory, reps_source, || {
                format!(
                    "`{}` is not a rep in {reps_source} (expected one of: {}, or a rep's name, or empty for any rep)",
                    shown(territory),
                    id_list(reps)
                )
            }),
        };
        problems.push(InputError::Field {
            file: sheet.path().to_path_buf(),
            line: *line,
            field: sheet.field("territory"),
            problem,
        });
    }
}

/// Fails on the second row using an id, naming the row that used it first.
fn check_unique(
    row: &Row<'_>,
    id: &str,
    first_line_of_id: &mut HashMap<String, u64>,
) -> Result<(), InputError> {
    if let Some(first) = first_line_of_id.get(id) {
        return Err(row.error(
            "id",
            format!("`{}` is already used on line {first}; every id must be unique", shown(id)),
        ));
    }
    first_line_of_id.insert(id.to_string(), row.line);
    Ok(())
}

/// That `text` names no rep of the region, by id or by name (an absence's or
/// an appointment's `rep`).
pub(crate) fn unknown_rep(text: &str, reps: &[Rep]) -> String {
    format!("`{}` is not a rep of the region (reps: {}; or a rep's name)", shown(text), id_list(reps))
}

/// The known rep ids for an error message, shortened when there are many.
pub(super) fn id_list(reps: &[Rep]) -> String {
    const SHOWN: usize = 10;
    let mut ids: Vec<Cow<'_, str>> = reps.iter().take(SHOWN).map(|r| shown(&r.id)).collect();
    if reps.len() > SHOWN {
        ids.push(Cow::Borrowed("..."));
    }
    ids.join(", ")
}
