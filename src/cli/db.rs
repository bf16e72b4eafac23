//! `rounds db`: the team's database. `init` creates it, `import` brings in a
//! region folder (recording what changed), `export` writes the files back,
//! `history` tells one account's story.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rounds::io::absences::write_absences;
use rounds::io::appointments::write_appointments;
use rounds::io::closures::write_closures;
use rounds::io::csv_region::{write_accounts, write_reps};
use rounds::io::holidays::write_holidays;
use rounds::io::visit_log::write_log;
use rounds::store::{Change, ImportFiles, RowCounts, Store};

use super::args::{write_output, UsageError};

/// Arguments of `rounds db`.
#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(Debug, Subcommand)]
enum DbCommand {
    /// Create a new database file (refuses one that exists).
    Init {
        /// The database file to create, e.g. team.db.
        #[arg(value_name = "DB")]
        db: PathBuf,
    },
    /// Import a region folder: accounts.csv, reps.csv, and visits.csv, holidays.csv,
    /// holidays.ics, absences.csv, closures.csv and appointments.csv when present. All or
    /// nothing: a bad row anywhere imports nothing and every bad row is listed.
    Import(ImportArgs),
    /// Write the region, its calendar and its visits back as accounts.csv, reps.csv,
    /// visits.csv, holidays.csv, absences.csv, closures.csv and appointments.csv.
    Export {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
        /// Folder to write into (created if missing; existing files are not overwritten).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Every change any import made to an account, and every visit to it.
    History {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
        /// The account's id.
        #[arg(value_name = "ACCOUNT")]
        account: String,
    },
}

/// Arguments of `rounds db import`.
#[derive(Debug, Args)]
struct ImportArgs {
    /// The database.
    #[arg(value_name = "DB")]
    db: PathBuf,
    /// Region folder holding accounts.csv and reps.csv (and visits.csv, if any).
    #[arg(value_name = "REGION")]
    region: PathBuf,
    /// The day the changes take effect, as the history shows them (default: today).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Where the files came from, as the history shows it (default: REGION as given).
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
}

pub fn run(args: DbArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        DbCommand::Init { db } => {
            let store = Store::create(&db)?;
            println!("created {} (schema version {})", db.display(), store.schema_version()?);
        }
        DbCommand::Import(args) => import(&args)?,
        DbCommand::Export { db, dir } => export(&db, &dir)?,
        DbCommand::History { db, account } => history(&db, &account)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn import(args: &ImportArgs) -> anyhow::Result<()> {
    if !args.region.is_dir() {
        return Err(UsageError(format!("{} is not a region folder", args.region.display())).into());
    }
    let mut store = Store::open(&args.db)?;
    let files = ImportFiles::of_folder(&args.region);
    let source = args.source.clone().unwrap_or_else(|| args.region.display().to_string());
    let date = args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let summary = store.import(&files, &source, date)?;
    println!(
        "imported {source} into {} as import {} (effective {date})",
        args.db.display(),
        summary.import_id
    );
    println!("  accounts: {}", counts_text(&summary.accounts));
    println!("  reps: {}", counts_text(&summary.reps));
    match &files.log {
        Some(log) => println!(
            "  visits ({}): {} added, {} already there",
            log.display(),
            summary.visits_added,
            summary.visits_already
        ),
        None => println!("  visits: no visits.csv in {}", args.region.display()),
    }
    if summary.holidays + summary.absences + summary.closures + summary.appointments > 0 {
        println!(
            "  calendar: {} holidays, {} absences, {} closures, {} appointments",
            summary.holidays, summary.absences, summary.closures, summary.appointments
        );
    }
    Ok(())
}

fn counts_text(counts: &RowCounts) -> String {
    let mut text =
        format!("{} added, {} changed, {} unchanged", counts.added, counts.changed, counts.unchanged);
    if counts.returned > 0 {
        text.push_str(&format!(", {} back", counts.returned));
    }
    if counts.removed > 0 {
        text.push_str(&format!(", {} removed (kept in the database with their visits)", counts.removed));
    }
    text
}

fn export(db: &Path, dir: &Path) -> anyhow::Result<()> {
    let exported = Store::open(db)?.export()?;
    let region = &exported.region;
    // Every file formatted before anything is written; the optional ones only when they hold rows.
    let formatted = |name: &str, write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut text = Vec::new();
        write(&mut text).with_context(|| format!("cannot format {name}"))?;
        anyhow::Ok((dir.join(name), String::from_utf8(text)?))
    };
    let mut files = vec![
        formatted("accounts.csv", &|w| write_accounts(w, &region.accounts))?,
        formatted("reps.csv", &|w| write_reps(w, &region.reps))?,
    ];
    if !exported.visits.is_empty() {
        files.push(formatted("visits.csv", &|w| write_log(w, &exported.visits))?);
    }
    if !region.holidays.is_empty() {
        files.push(formatted("holidays.csv", &|w| write_holidays(w, &region.holidays))?);
    }
    if !region.absences.list.is_empty() {
        files.push(formatted("absences.csv", &|w| write_absences(w, &region.absences))?);
    }
    if !region.closures.list.is_empty() {
        files.push(formatted("closures.csv", &|w| write_closures(w, &region.closures))?);
    }
    if !region.appointments.list.is_empty() {
        files.push(formatted("appointments.csv", &|w| write_appointments(w, &region.appointments))?);
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(UsageError(format!("{} exists; refusing to overwrite it", existing.display())).into());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (path, text) in &files {
        write_output(path, text, &[db])?;
    }
    println!(
        "exported {} accounts, {} reps and {} visits from {} to {}",
        exported.region.accounts.len(),
        exported.region.reps.len(),
        exported.visits.len(),
        db.display(),
        dir.display()
    );
    match exported.visits_left_out {
        0 => {}
        1 => println!("  1 visit to an account no longer in the region stays in the database (`rounds db history` shows it)"),
        n => println!("  {n} visits to accounts no longer in the region stay in the database (`rounds db history` shows them)"),
    }
    Ok(())
}

fn history(db: &Path, account: &str) -> anyhow::Result<()> {
    let history = Store::open(db)?.history(account)?;
    let whereabouts = if history.in_region { "in the region" } else { "not in the latest import" };
    println!("{} {} ({whereabouts})", history.id, history.name);
    println!("changes:");
    for entry in &history.changes {
        let what = match &entry.change {
            Change::Added => "added".to_string(),
            Change::Removed => "removed".to_string(),
            Change::Returned => "back".to_string(),
            Change::Field { field, old, new } => format!("{field}: {} -> {}", shown(old), shown(new)),
        };
        println!("  {}  import {}  {}  {what}", entry.effective, entry.import_id, entry.source);
    }
    println!("visits:");
    if history.visits.is_empty() {
        println!("  none recorded");
    }
    for visit in &history.visits {
        let record = &visit.record;
        let note = if visit.note.is_empty() { String::new() } else { format!("  \"{}\"", visit.note) };
        println!(
            "  {}  {}  {}{note}  ({})",
            record.date,
            if record.rep.is_empty() { "-" } else { &record.rep },
            record.status.as_str(),
            visit.source
        );
    }
    Ok(())
}

/// An empty value in words.
fn shown(value: &str) -> &str {
    if value.is_empty() {
        "(empty)"
    } else {
        value
    }
}
