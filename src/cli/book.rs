//! `rounds book`: the best slots to offer a customer for an appointment.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use rounds::model::limits;
use rounds::planning::book::{find_slots, BookRequest};
use rounds::planning::week::{plan_week_with, working_days, WeekOptions, DEFAULT_EARLY_DAYS};
use rounds::report::lang::{Lang, Msg};

use super::args::{check_calendar, RegionArgs, SearchArgs, TravelArgs, UsageError};
use super::progress;
use super::week::week_holds;

/// Arguments of `rounds book`.
#[derive(Debug, Args)]
pub struct BookArgs {
    /// The account to book a visit for (its id in accounts.csv).
    #[arg(value_name = "ACCOUNT")]
    account: String,
    #[command(flatten)]
    region: RegionArgs,
    /// First day to offer, YYYY-MM-DD (default: today); a weekend day or holiday starts on the next working day.
    #[arg(long, value_parser = limits::DATE.arg())]
    from: Option<NaiveDate>,
    /// Working days to search, 1 to 130: each planned as `rounds week` plans it.
    #[arg(long, default_value_t = 5, value_parser = limits::DAYS.arg())]
    days: u32,
    /// Length of the visit in minutes (default: the account's service_min).
    #[arg(long, value_name = "MIN", value_parser = limits::DURATION_MIN.arg())]
    duration: Option<f64>,
    /// How many slots to offer, 1 to 100.
    #[arg(long, default_value_t = 3, value_parser = limits::TOP_SLOTS.arg())]
    top: usize,
    /// As in `rounds week`: a visit may happen up to this many days (at most 60) before it falls due.
    #[arg(long, default_value_t = DEFAULT_EARLY_DAYS, value_name = "DAYS", value_parser = limits::EARLY_DAYS.arg())]
    early_days: u32,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Print the slots as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: BookArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    // Nothing is written: road matrices are cached beside the region.
    let cache_dir = args.region.cache_dir(None)?;
    let from = args.from.unwrap_or_else(|| chrono::Local::now().date_naive());
    let region = args.region.load(from)?;
    let Some(account) = region.account_index(&args.account) else {
        return Err(UsageError(format!("`{}` is not an account of the region", args.account)).into());
    };
    let travel = args.travel.region_model(&region, &cache_dir)?;
    let travel = travel.as_ref();
    let options = WeekOptions {
        from,
        days: args.days,
        early_days: args.early_days,
        seed: args.search.seed,
        iterations_per_day: args.search.iterations,
        reps_per_group: rounds::planning::week::DEFAULT_REPS_PER_GROUP,
    };
    let horizon = working_days(options.from, options.days, &region);
    let (Some(&first), Some(&last)) = (horizon.first(), horizon.last()) else {
        return Err(UsageError("no working day to search".into()).into());
    };
    check_calendar(&region, first, last)?;

    let bar = progress::bar(u64::from(args.days), args.json);
    let week = plan_week_with(&region, &options, &args.search.day_config(), travel, &|| bar.inc(1))?.week;
    bar.finish_and_clear();
    if !week_holds(&region, &week, travel, "a planned day failed the independent check; no slot is offered:")?
    {
        return Ok(ExitCode::from(1));
    }
    let duration_s =
        args.duration.map_or(region.accounts[account].service_s, |min| (min * 60.0).round() as i64);
    let request = BookRequest { account, duration_s: duration_s.max(1), top: args.top };
    let slots = find_slots(&region, &week, &request, travel)?;
    if args.json {
        out!("{}", rounds::io::slots_json::slots_to_json(&args.account, request.duration_s, &slots));
    } else {
        let (first, last) = (lang.numeric_date(first), lang.numeric_date(last));
        let days = lang.fill(Msg::SlotsDays, &[&horizon.len(), &first, &last]);
        let account = &region.accounts[account];
        let table =
            rounds::report::terminal::slots_table(&region, account, request.duration_s, &days, &slots, lang);
        out!("{table}");
        if !slots.is_empty() {
            outln!("{}", lang.fill(Msg::SlotsChecked, &[&args.search.seed]));
        }
    }
    Ok(if slots.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
