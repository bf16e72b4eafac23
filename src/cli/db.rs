//! `rounds db`: the team's database. `init` creates it, `import` brings in a
//! region folder (recording what changed), `export` writes the files back,
//! `history` tells one account's story, `user` adds and lists who may sign
//! in to `rounds serve`, `key` keeps the API keys of its VROOM endpoint,
//! `backup` copies the database while it is in use.

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
use rounds::io::Outputs;
use rounds::report::lang::{Lang, Msg};
use rounds::server::auth::{hash_password, random_token, token_sha256, MIN_PASSWORD_CHARS};
use rounds::store::{Change, ImportFiles, Role, RowCounts, Store};

use super::args::{write_outputs, UsageError};

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
    /// The people who sign in to `rounds serve`: add one, list them.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Copy the database to a new file with SQLite's online backup, safe while `rounds serve`
    /// runs; the copy is checked before it takes its name, and an existing file is never
    /// overwritten. Restore by stopping the server and putting the copy in the database's place.
    Backup {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
        /// The backup file to create.
        #[arg(value_name = "BACKUP")]
        to: PathBuf,
    },
    /// The API keys of `rounds serve`'s VROOM endpoint: add one (printed once), list, remove.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

#[derive(Debug, Subcommand)]
enum KeyCommand {
    /// Make a key and print it: it is shown this once, and the database keeps only its SHA-256.
    Add {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
        /// Who or what the key is for (1 to 64 characters), e.g. the tool that calls.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the keys by name (never the keys).
    List {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
    },
    /// Remove a key: calls with it are refused from then on.
    Remove {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
        /// The key's name.
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user. The password is read from --password-file or the first line of stdin,
    /// never from the command line (which other users of the machine can see).
    Add(UserAddArgs),
    /// List the users and their roles.
    List {
        /// The database.
        #[arg(value_name = "DB")]
        db: PathBuf,
    },
}

/// Arguments of `rounds db user add`.
#[derive(Debug, Args)]
struct UserAddArgs {
    /// The database.
    #[arg(value_name = "DB")]
    db: PathBuf,
    /// The name typed at sign-in (at most 64 characters).
    #[arg(value_name = "NAME")]
    name: String,
    /// manager (the whole team) or rep (one rep's own day; give --rep).
    #[arg(long, value_name = "manager|rep")]
    role: UserRole,
    /// The rep id a rep signs in as (a rep of reps.csv).
    #[arg(long, value_name = "REP")]
    rep: Option<String>,
    /// A file whose first line is the password (default: the first line of stdin).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

/// What a user may do, as typed.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum UserRole {
    Manager,
    Rep,
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
            outln!("created {} (schema version {})", db.display(), store.schema_version()?);
        }
        DbCommand::Import(args) => import(&args)?,
        DbCommand::Export { db, dir } => export(&db, &dir)?,
        DbCommand::History { db, account } => history(&db, &account)?,
        DbCommand::User { command: UserCommand::Add(args) } => add_user(&args)?,
        DbCommand::User { command: UserCommand::List { db } } => list_users(&db)?,
        DbCommand::Key { command } => key(command)?,
        DbCommand::Backup { db, to } => {
            Store::open(&db)?.backup_to(&to)?;
            outln!("backed {} up to {}", db.display(), to.display());
        }
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
    outln!("imported {source} into {} as import {} (effective {date})", args.db.display(), summary.import_id);
    outln!("  accounts: {}", counts_text(&summary.accounts));
    outln!("  reps: {}", counts_text(&summary.reps));
    match &files.log {
        Some(log) => outln!(
            "  visits ({}): {} added, {} already there",
            log.display(),
            summary.visits_added,
            summary.visits_already
        ),
        None => outln!("  visits: no visits.csv in {}", args.region.display()),
    }
    if summary.holidays + summary.absences + summary.closures + summary.appointments > 0 {
        outln!(
            "  calendar: {} holidays, {} absences, {} closures, {} appointments",
            summary.holidays,
            summary.absences,
            summary.closures,
            summary.appointments
        );
    }
    for line in stale_lines(&mut store, date, Msg::StaleAfterImport, Lang::En)? {
        outln!("{line}");
    }
    Ok(())
}

/// The days from `from` on whose published plan no longer holds
/// ([`Store::stale_days`]), each with its first problem, under `heading`,
/// which says what was just done broke them; nothing when every plan holds.
/// In `lang`: `db import` speaks English, as the rest of the `db` commands;
/// a publishing command speaks its `--lang`.
pub(super) fn stale_lines(
    store: &mut Store,
    from: NaiveDate,
    heading: Msg,
    lang: Lang,
) -> anyhow::Result<Vec<String>> {
    let stale = store.stale_days(from)?;
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = vec![lang.text(heading).to_string()];
    for day in &stale {
        let replan = if day.under_way { lang.text(Msg::StaleUnderWayReplan) } else { "" };
        lines.push(format!("  {}{replan}", day.line(lang)));
    }
    Ok(lines)
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
    let inputs = [db];
    let mut outputs = Outputs::new(&inputs);
    outputs.make_folder(dir)?;
    for (path, text) in &files {
        outputs.stage(path, text.as_bytes())?;
    }
    write_outputs(outputs, Lang::En)?;
    outln!(
        "exported {} accounts, {} reps and {} visits from {} to {}",
        exported.region.accounts.len(),
        exported.region.reps.len(),
        exported.visits.len(),
        db.display(),
        dir.display()
    );
    match exported.visits_left_out {
        0 => {}
        1 => outln!("  1 visit to an account no longer in the region stays in the database (`rounds db history` shows it)"),
        n => outln!("  {n} visits to accounts no longer in the region stay in the database (`rounds db history` shows them)"),
    }
    Ok(())
}

fn history(db: &Path, account: &str) -> anyhow::Result<()> {
    let history = Store::open(db)?.history(account)?;
    let whereabouts = if history.in_region { "in the region" } else { "not in the latest import" };
    outln!("{} {} ({whereabouts})", history.id, history.name);
    outln!("changes:");
    for entry in &history.changes {
        let what = match &entry.change {
            Change::Added => "added".to_string(),
            Change::Removed => "removed".to_string(),
            Change::Returned => "back".to_string(),
            Change::Field { field, old, new } => format!("{field}: {} -> {}", shown(old), shown(new)),
        };
        outln!("  {}  import {}  {}  {what}", entry.effective, entry.import_id, entry.source);
    }
    outln!("visits:");
    if history.visits.is_empty() {
        outln!("  none recorded");
    }
    for visit in &history.visits {
        let record = &visit.record;
        let note = if visit.note.is_empty() { String::new() } else { format!("  \"{}\"", visit.note) };
        outln!(
            "  {}  {}  {}{note}  ({})",
            record.date,
            if record.rep.is_empty() { "-" } else { &record.rep },
            record.status.as_str(),
            visit.source
        );
    }
    Ok(())
}

fn add_user(args: &UserAddArgs) -> anyhow::Result<()> {
    let name = args.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(UsageError(format!("`{}` is not a user name (1 to 64 characters)", args.name)).into());
    }
    let role = match (args.role, &args.rep) {
        (UserRole::Manager, None) => Role::Manager,
        (UserRole::Rep, Some(rep)) => Role::Rep(rep.trim().to_string()),
        (UserRole::Manager, Some(_)) => {
            return Err(UsageError("a manager sees the whole team; --rep is for a rep".into()).into())
        }
        (UserRole::Rep, None) => return Err(UsageError("--role rep needs --rep REP".into()).into()),
    };
    let password = match &args.password_file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            text.lines().next().unwrap_or_default().to_string()
        }
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).context("cannot read the password from stdin")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UsageError(format!("a password has at least {MIN_PASSWORD_CHARS} characters")).into());
    }
    let mut store = Store::open(&args.db)?;
    let user = store.add_user(name, &role, &hash_password(&password)?)?;
    outln!("added {} user `{}` to {}", describe_role(&user.role), user.name, args.db.display());
    Ok(())
}

fn list_users(db: &Path) -> anyhow::Result<()> {
    let users = Store::open(db)?.users()?;
    if users.is_empty() {
        outln!("no users in {}; add one with `rounds db user add`", db.display());
    }
    for user in &users {
        outln!("{}  {}", user.name, describe_role(&user.role));
    }
    Ok(())
}

fn key(command: KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Add { db, name } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
                return Err(UsageError(format!("`{name}` is not a key name (1 to 64 characters)")).into());
            }
            let mut store = Store::open(&db)?;
            let key = random_token()?;
            store.add_api_key(name, &token_sha256(&key))?;
            outln!("added API key `{name}` to {}; it is shown only now:", db.display());
            outln!("{key}");
        }
        KeyCommand::List { db } => {
            let keys = Store::open(&db)?.api_keys()?;
            if keys.is_empty() {
                outln!("no API keys in {}; add one with `rounds db key add`", db.display());
            }
            for key in &keys {
                outln!("{}  added {}", key.name, key.created_at);
            }
        }
        KeyCommand::Remove { db, name } => {
            if !Store::open(&db)?.remove_api_key(&name)? {
                return Err(UsageError(format!("{} has no API key named `{name}`", db.display())).into());
            }
            outln!("removed API key `{name}` from {}", db.display());
        }
    }
    Ok(())
}

/// `manager` or `rep R1`.
fn describe_role(role: &Role) -> String {
    match role {
        Role::Manager => "manager".to_string(),
        Role::Rep(rep) => format!("rep {rep}"),
    }
}

/// An empty value in words.
fn shown(value: &str) -> &str {
    if value.is_empty() {
        "(empty)"
    } else {
        value
    }
}
