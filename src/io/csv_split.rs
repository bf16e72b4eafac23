//! A split file: which rep holds which account, one `account,rep` row per account.
//!
//! ```csv
//! account,rep
//! A0001,R3
//! A0002,R1
//! ```
//!
//! Read like the region's own files (see [`super::csv_region`]): columns by
//! header name in any order, `,` or `;`, UTF-8 (with or without a byte order
//! mark) or Shift_JIS, detected (rounds writes UTF-8; a user may edit it in Excel),
//! blank lines skipped, line numbers counted from the header as line 1. Ids
//! are the `id`s of `accounts.csv` and `reps.csv`; a rep may also be named by
//! name (`山田 太郎`, as a `担当者` column names them).
//!
//! [`read_assignments`] reads any subset of the accounts (a `--fixed` file);
//! [`read_split`] also requires every account of the region, because a split
//! that forgets an account cannot be compared. [`write_split`] writes a file
//! [`read_split`] reads back to the same split.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use super::csv_region::{id_list, japanese_headers, Header, RepNames, Sheet};
use super::text::TextEncoding;
use super::{shown, InputError, Problems};
use crate::model::limits;
use crate::model::Region;
use crate::territory::Split;

/// Columns a split file must have.
const SPLIT_COLUMNS: &[&str] = &["account", "rep"];
/// Missing accounts named in an error before the rest are only counted.
const NAMED_MISSING: usize = 10;

/// Reads `account,rep` rows: the rep of each account the file names, `None` for the others.
///
/// Every row must name an account and a rep of `region`, and no account may
/// appear twice.
pub fn read_assignments(path: &Path, region: &Region) -> Result<Vec<Option<usize>>, InputError> {
    let mut problems = Problems::default();
    let header = Header { required: SPLIT_COLUMNS, other_names: japanese_headers::SPLIT };
    let sheet = Sheet::load(path, &header, "accounts", TextEncoding::Auto, &limits::ACCOUNTS, &mut problems)?;
    let account_index: HashMap<&str, usize> =
        region.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let names = RepNames::new(&region.reps);
    let mut rep_of = vec![None; region.accounts.len()];
    let mut line_of = vec![0; region.accounts.len()];
    for row in sheet.rows() {
        let assignment = (|| {
            let id = row.text("account");
            if id.is_empty() {
                return Err(row.error("account", "missing; every row names an account id of accounts.csv"));
            }
            let Some(&account) = account_index.get(id) else {
                return Err(row.error("account", format!("`{}` is not an account of the region", shown(id))));
            };
            let rep_id = row.text("rep");
            let expected = || format!("(expected one of: {}, or a rep's name)", id_list(&region.reps));
            if rep_id.is_empty() {
                let problem =
                    format!("missing; expected the id of the rep who holds {} {}", shown(id), expected());
                return Err(row.error("rep", problem));
            }
            let rep = names.find(rep_id).map_err(|no_rep| {
                let unknown = || format!("`{}` is not a rep of the region {}", shown(rep_id), expected());
                row.error("rep", no_rep.problem(rep_id, "the region", unknown))
            })?;
            if rep_of[account].is_some() {
                return Err(row.error(
                    "account",
                    format!(
                        "`{}` already has a rep on line {}; give every account one line",
                        shown(id),
                        line_of[account]
                    ),
                ));
            }
            Ok((account, rep))
        })();
        if let Some((account, rep)) = problems.keep(assignment) {
            rep_of[account] = Some(rep);
            line_of[account] = row.line;
        }
    }
    problems.finish(rep_of)
}

/// Reads a complete split: like [`read_assignments`], and every account of
/// `region` must have a rep; the error lists the first missing ones and counts the rest.
pub fn read_split(path: &Path, region: &Region) -> Result<Split, InputError> {
    let assigned = read_assignments(path, region)?;
    let missing: Vec<&str> = assigned
        .iter()
        .zip(&region.accounts)
        .filter(|(rep, _)| rep.is_none())
        .map(|(_, account)| account.id.as_str())
        .collect();
    if !missing.is_empty() {
        let named: Vec<_> = missing.iter().take(NAMED_MISSING).map(|id| shown(id)).collect();
        let mut named = named.join(", ");
        if missing.len() > NAMED_MISSING {
            named.push_str(&format!(" and {} more", missing.len() - NAMED_MISSING));
        }
        return Err(InputError::File {
            file: path.to_path_buf(),
            problem: format!(
                "{} of the region's {} accounts have no rep: {named}; give every account a line `account,rep`",
                missing.len(),
                region.accounts.len()
            ),
        });
    }
    let rep_of = assigned.into_iter().map(|rep| rep.expect("every account was checked above")).collect();
    Ok(Split::new(rep_of, region.reps.len()))
}

/// Writes `split` as `account,rep` rows in the region's account order.
pub fn write_split<W: Write>(w: W, region: &Region, split: &Split) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(SPLIT_COLUMNS)?;
    for (account, &rep) in region.accounts.iter().zip(split.assignment()) {
        out.write_record([account.id.as_str(), region.reps[rep].id.as_str()])?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::csv_region::read_region;

    fn region() -> Region {
        read_region(
            Path::new("fixtures/regions/helsinki-city/accounts.csv"),
            Path::new("fixtures/regions/helsinki-city/reps.csv"),
            TextEncoding::Auto,
        )
        .unwrap()
    }

    fn split_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("split.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn error(text: &str) -> String {
        let (_dir, path) = split_file(text);
        read_assignments(&path, &region()).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_partial_file_with_bom_semicolons_and_extra_columns() {
        let (_dir, path) = split_file("\u{feff}Rep;note;Account\r\nR2;x;A0003\r\n\r\nR6;;A0001\r\n");
        let rep_of = read_assignments(&path, &region()).unwrap();
        assert_eq!(rep_of[0], Some(5));
        assert_eq!(rep_of[2], Some(1));
        assert_eq!(rep_of.iter().flatten().count(), 2);
    }

    #[test]
    fn errors_name_the_file_line_and_field() {
        let msg = error("account,rep\nA0001,R1\n\nA9999,R1\n");
        assert!(msg.contains("split.csv line 4, field `account`: `A9999` is not an account"), "{msg}");
        let msg = error("account,rep\nA0001,R9\n");
        assert!(msg.contains("split.csv line 2, field `rep`: `R9` is not a rep"), "{msg}");
        assert!(msg.contains("R1, R2, R3, R4, R5, R6"), "{msg}");
        let msg = error("account,rep\nA0001,\n");
        assert!(msg.contains("line 2, field `rep`: missing"), "{msg}");
        let msg = error("account,rep\nA0001,R1\nA0002,R1\nA0001,R2\n");
        assert!(msg.contains("line 4, field `account`: `A0001` already has a rep on line 2"), "{msg}");
        let msg = error("account,owner\nA0001,R1\n");
        assert!(msg.contains("missing required column `rep`"), "{msg}");
    }

    #[test]
    fn a_split_missing_accounts_lists_them() {
        let (_dir, path) = split_file("account,rep\nA0001,R1\n");
        let msg = read_split(&path, &region()).unwrap_err().to_string();
        assert!(
            msg.contains("split.csv: 449 of the region's 450 accounts have no rep: A0002, A0003,"),
            "{msg}"
        );
        assert!(msg.contains("A0011 and 439 more"), "{msg}");
    }

    #[test]
    fn round_trip() {
        let region = region();
        let split = Split::new((0..region.accounts.len()).map(|i| i % 6).collect(), 6);
        let mut bytes = Vec::new();
        write_split(&mut bytes, &region, &split).unwrap();
        let (_dir, path) = split_file(std::str::from_utf8(&bytes).unwrap());
        assert_eq!(read_split(&path, &region).unwrap(), split);
    }
}
