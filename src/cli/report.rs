//! `rounds report`: were the visits done? The visit log over a period, per
//! rep and for the team, and the accounts overdue at its end.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::model::adherence::adherence;
use rounds::model::limits;
use rounds::report::lang::{Lang, Msg};

use super::args::{refuse_overwrites, write_output, RegionArgs, UsageError};

/// Arguments of `rounds report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The region (`--log` is the visit log written by `rounds record`, or `--db` the team's
    /// database with its recorded visits; one of them is required here).
    #[command(flatten)]
    region: RegionArgs,
    /// First day of the period, YYYY-MM-DD.
    #[arg(long, value_parser = limits::DATE.arg())]
    from: NaiveDate,
    /// Last day of the period, YYYY-MM-DD (both days count).
    #[arg(long, value_parser = limits::DATE.arg())]
    to: NaiveDate,
    /// Write the report as a self-contained HTML page here (atomically; never over an input file).
    #[arg(long, value_name = "HTML")]
    html: Option<PathBuf>,
    /// Print the figures as JSON instead of the table.
    #[arg(long)]
    json: bool,
}

pub fn run(mut args: ReportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let inputs = args.region.inputs()?;
    let input_paths: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    refuse_overwrites(&input_paths, &args.html.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    let days = (args.to - args.from).num_days() + 1;
    limits::REPORT_DAYS.check(days).map_err(|problem| {
        UsageError(format!(
            "--from {} --to {}: {problem}; --to is the last day, on or after --from",
            args.from, args.to
        ))
    })?;
    // Lines after the period are allowed (the log goes on), lines after today are not.
    let until = args.to.max(chrono::Local::now().date_naive());
    // The visits are read here, over the period, not applied to the region as planning does.
    let (region, records) = match &args.region.db {
        Some(db) => {
            let exported = rounds::store::Store::open(db)?.export()?;
            let mut region = exported.region;
            args.region.add_calendar(&mut region)?;
            let records = exported.visits.into_iter().map(|(record, _)| record).filter(|r| r.date <= until);
            (region, records.collect())
        }
        None => {
            let log = args.region.log.take().ok_or_else(|| {
                UsageError(
                    "give the visit log: --log visits.csv (written by `rounds record`), or --db".into(),
                )
            })?;
            let region = args.region.load(until)?;
            let records =
                rounds::io::visit_log::read_log(&log, &region, until).context("cannot read the visit log")?;
            (region, records)
        }
    };
    let report = adherence(&region, &records, args.from, args.to);

    let (from, to) = match lang {
        Lang::En => (args.from.to_string(), args.to.to_string()),
        Lang::Ja => (lang.date(args.from), lang.date(args.to)),
    };
    let title = lang.fill(Msg::ReportTitle, &[&args.region.label(), &from, &to]);
    if args.json {
        out!("{}", rounds::io::adherence_json::adherence_to_json(&region, &report));
    } else {
        out!("{}", rounds::report::terminal::adherence_table(&region, &report, &title, lang));
    }
    if let Some(path) = &args.html {
        let page = rounds::report::html::adherence_page(&region, &report, &title, lang);
        write_output(path, page.as_bytes(), &input_paths, lang)?;
    }
    Ok(ExitCode::SUCCESS)
}
