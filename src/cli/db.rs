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
    let accounts = dir.join("accounts.csv");
    let reps = dir.join("reps.csv");
    let visits = dir.join("visits.csv");
    let holidays = dir.join("holidays.csv");
    let absences = dir.join("absences.csv");
    let closures = dir.join("closures.csv");
    let appointments = dir.join("appointments.csv");
    let mut files = vec![&accounts, &reps];
    if !exported.visits.is_empty() {
        files.push(&visits);
    }
    if !exported.region.holidays.is_empty() {
        files.push(&holidays);
    }
    if !exported.region.absences.list.is_empty() {
        files.push(&absences);
    }
    if !exported.region.closures.list.is_empty() {
        files.push(&closures);
    }
    if !exported.region.appointments.list.is_empty() {
        files.push(&appointments);
    }
    if let Some(existing) = files.iter().find(|path| path.exists()) {
        return Err(UsageError(format!("{} exists; refusing to overwrite it", existing.display())).into());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut text = Vec::new();
    write_accounts(&mut text, &exported.region.accounts).context("cannot format accounts.csv")?;
    write_output(&accounts, &String::from_utf8(text)?, &[db])?;
    let mut text = Vec::new();
    write_reps(&mut text, &exported.region.reps).context("cannot format reps.csv")?;
    write_output(&reps, &String::from_utf8(text)?, &[db])?;
    if !exported.visits.is_empty() {
        let mut text = Vec::new();
        write_log(&mut text, &exported.visits).context("cannot format visits.csv")?;
        write_output(&visits, &String::from_utf8(text)?, &[db])?;
    }
    if !exported.region.holidays.is_empty() {
        let mut text = Vec::new();
        write_holidays(&mut text, &exported.region.holidays).context("cannot format holidays.csv")?;
        write_output(&holidays, &String::from_utf8(text)?, &[db])?;
    }
    if !exported.region.absences.list.is_empty() {
        let mut text = Vec::new();
        write_absences(&mut text, &exported.region.absences).context("cannot format absences.csv")?;
        write_output(&absences, &String::from_utf8(text)?, &[db])?;
    }
    if !exported.region.closures.list.is_empty() {
        let mut text = Vec::new();
        write_closures(&mut text, &exported.region.closures).context("cannot format closures.csv")?;
        write_output(&closures, &String::from_utf8(text)?, &[db])?;
    }
    if !exported.region.appointments.list.is_empty() {
        let mut text = Vec::new();
        write_appointments(&mut text, &exported.region.appointments)
            .context("cannot format appointments.csv")?;
        write_output(&appointments, &String::from_utf8(text)?, &[db])?;
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
