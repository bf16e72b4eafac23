//! Argument parsing (clap derive), one file per subcommand. Raw arguments
//! become validated library types here; nothing below sees raw strings.
//!
//! Exit codes: 0 success, 1 a plan or check failed, 2 bad input.

/// `print!` that returns a failure to write (standard output sent to a full
/// disk) from the enclosing function as an error, where `print!` panics:
/// standard output is an output like any file.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!($($arg)*))?
    };
}

/// `println!` as [`out!`] is `print!`.
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {
        out!("{}\n", format_args!($($arg)*))
    };
}

/// `eprintln!` that lets a failure to write pass: standard error is where
/// failures are told, so one there has nowhere else to go, and it must not
/// turn a command that did its work into a panic.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod bench;
mod book;
mod check;
mod completions;
mod db;
mod generate;
mod man;
mod plan;
mod progress;
mod record;
mod replan;
mod report;
mod serve;
mod solve;
mod territories;
mod week;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use rounds::report::lang::Lang;

/// Route planning for route-sales teams.
#[derive(Debug, Parser)]
#[command(name = "rounds", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of the tables and reports: en or ja (default: from LC_ALL, LC_MESSAGES or
    /// LANG; Japanese when it starts with `ja`).
    #[arg(long, global = true, value_name = "en|ja", value_parser = Lang::parse)]
    lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Plan a day: every due account visited inside its hours, driving minimised.
    Plan(plan::PlanArgs),
    /// Check a plan file against the region and the travel model.
    Check(check::CheckArgs),
    /// Generate a realistic sample region (accounts.csv + reps.csv).
    Generate(generate::GenerateArgs),
    /// Solve one benchmark instance (Solomon / Gehring & Homberger VRPTW) or VROOM request.
    Solve(solve::SolveArgs),
    /// Benchmark a folder of instances against best-known solutions, or of sample regions.
    Bench(bench::BenchArgs),
    /// Re-plan the rest of a day under way: urgent visits, cancellations, delays, hand-overs.
    Replan(replan::ReplanArgs),
    /// Append a day's visits to the visit log that `--log` reads.
    Record(record::RecordArgs),
    /// Compare splits of the accounts between the reps over several weeks, or propose one.
    Territories(territories::TerritoriesArgs),
    /// Plan several working days: which day each due visit happens, and each day's order.
    Week(week::WeekArgs),
    /// Were the visits done? Planned, done and skipped per rep, accounts seen in time, overdue.
    Report(report::ReportArgs),
    /// Find the best slots to offer a customer for an appointment, by the driving each adds.
    Book(book::BookArgs),
    /// The team's database: create it, import a region folder, export it, an account's history.
    Db(db::DbArgs),
    /// Serve the team's pages and JSON API over the database: each rep's day on a phone, the
    /// team's day for the manager.
    Serve(serve::ServeArgs),
    /// Write the manual pages (rounds.1 and one per subcommand), generated from these definitions.
    Man(man::ManArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(completions::CompletionsArgs),
}

/// The command-line definition, for the generated manual pages and completions.
fn command() -> clap::Command {
    Cli::command()
}

/// Parses the arguments and runs the subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(|| Lang::from_locale(|name| std::env::var(name).ok()));
    match cli.command {
        Command::Plan(args) => plan::run(args, lang),
        Command::Check(args) => check::run(args, lang),
        Command::Generate(args) => generate::run(args),
        Command::Solve(args) => solve::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Replan(args) => replan::run(args, lang),
        Command::Record(args) => record::run(args, lang),
        Command::Territories(args) => territories::run(args, lang),
        Command::Week(args) => week::run(args, lang),
        Command::Report(args) => report::run(args, lang),
        Command::Book(args) => book::run(args, lang),
        Command::Db(args) => db::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Man(args) => man::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// Writes to standard output for [`out!`] and [`outln!`].
pub fn write_stdout(text: std::fmt::Arguments) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    std::io::stdout().lock().write_fmt(text).context("cannot write to standard output")
}

/// Bad input (a file, a field, an argument, an output that would replace an
/// input, a folder or another output) exits with 2, everything else with 1.
pub fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    let bad_input = err.chain().any(|cause| {
        cause.downcast_ref::<rounds::io::OutputError>().is_some_and(|e| e.is_bad_input())
            || cause.is::<rounds::io::InputError>()
            || cause.downcast_ref::<rounds::store::StoreError>().is_some_and(|e| e.is_bad_input())
            || cause.is::<rounds::travel::TravelError>()
            || cause.is::<rounds::travel::NamedTravelError>()
            || cause.is::<args::UsageError>()
            || cause.is::<rounds::planning::replan::ReplanError>()
            || cause.is::<rounds::planning::week::KeepError>()
    });
    ExitCode::from(if bad_input { 2 } else { 1 })
}
