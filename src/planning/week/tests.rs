use chrono::Weekday;

use super::balance::RepDay;
use super::*;
use crate::model::{Account, BreakRule, Holidays, LatLon, OpeningHours, Priority, Rep, TimeWindow};
use crate::travel::StraightLine;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn account(id: &str, north_m: f64, service_min: i64, every_days: u32, last_visit: Option<&str>) -> Account {
    Account {
        id: id.into(),
        name: String::new(),
        address: String::new(),
        location: LatLon { lat: 60.17 + north_m / 111_000.0, lon: 24.94 },
        service_s: service_min * 60,
        hours: OpeningHours::parse("Mon-Fri 08:00-17:00").unwrap(),
        every_days,
        last_visit: last_visit.map(date),
        priority: Priority::Normal,
        territory: None,
        preferred_days: Vec::new(),
    }
}

fn rep(id: &str) -> Rep {
    let home = LatLon { lat: 60.17, lon: 24.94 };
    Rep {
        id: id.into(),
        name: String::new(),
        start: home,
        end: home,
        shift: TimeWindow::parse("08:00-16:00").unwrap().into(),
        lunch: Some(BreakRule { start_window: TimeWindow::parse("11:00-13:00").unwrap(), duration_s: 1800 }),
        max_visits: None,
    }
}

fn options(from: &str, days: u32) -> WeekOptions {
    WeekOptions {
        from: date(from),
        days,
        early_days: 2,
        seed: 1,
        iterations_per_day: Some(200),
        reps_per_group: DEFAULT_REPS_PER_GROUP,
    }
}

fn plan(region: &Region, options: &WeekOptions) -> WeekPlan {
    let week = plan_week(region, options, &StraightLine::default(), &|| {}).unwrap();
    for (plan, report) in week.days.iter().zip(check_week(region, &week, &StraightLine::default()).unwrap()) {
        assert!(report.is_valid(), "{}: {:?}", plan.date, report.violations);
    }
    week
}

/// The days on which `account` is visited.
fn visits(week: &WeekPlan, account: &str) -> Vec<NaiveDate> {
    week.days.iter().filter(|p| p.visited_accounts().any(|a| a == account)).map(|p| p.date).collect()
}

#[test]
fn working_days_skip_weekends_and_a_weekend_start_moves_to_monday() {
    // 2026-11-28 is a Saturday.
    let days = working_days(date("2026-11-28"), 6, &Region::default());
    let expected = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07"];
    assert_eq!(days, expected.map(date).to_vec());
    let week = plan(
        &Region { accounts: vec![], reps: vec![rep("R1")], ..Default::default() },
        &options("2026-11-28", 3),
    );
    assert_eq!(week.from, date("2026-11-30"));
    assert_eq!(week.days.len(), 3);
}

#[test]
fn holidays_are_skipped_not_counted_and_a_visit_due_on_one_comes_before_it() {
    // Finland's Christmas: Thursday 24 to Saturday 26 December 2026.
    let holidays = Holidays::country(crate::model::Country::Finland);
    let days =
        working_days(date("2026-12-21"), 5, &Region { holidays: holidays.clone(), ..Default::default() });
    let expected = ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-28", "2026-12-29"];
    assert_eq!(days, expected.map(date).to_vec());
    // Due on Christmas Eve (weekly, last seen the 17th): visited on the 22nd
    // or 23rd, within its two early days, never on a holiday.
    let region = Region {
        accounts: vec![account("WEEKLY", 500.0, 30, 7, Some("2026-12-17"))],
        reps: vec![rep("R1")],
        holidays,
        ..Default::default()
    };
    let week = plan(&region, &options("2026-12-24", 3));
    assert_eq!(week.from, date("2026-12-28"), "a holiday start moves to the next working day");
    let week = plan(&region, &options("2026-12-21", 5));
    let seen = visits(&week, "WEEKLY");
    assert!(
        matches!(seen.first().map(|d| d.to_string()).as_deref(), Some("2026-12-22" | "2026-12-23")),
        "{seen:?}"
    );
    assert!(week.late.is_empty(), "{:?}", week.late);
}

#[test]
fn a_visit_moves_the_next_due_date_with_it() {
    // Due Monday 2026-11-23 (visited a week before), every 7 days: Monday,
    // then the next Monday; never sooner than 7 - 2 days after the last visit.
    let region = Region {
        accounts: vec![account("WEEKLY", 500.0, 30, 7, Some("2026-11-16"))],
        reps: vec![rep("R1")],
        ..Default::default()
    };
    let week = plan(&region, &options("2026-11-23", 11));
    assert_eq!(visits(&week, "WEEKLY"), vec![date("2026-11-23"), date("2026-11-30"), date("2026-12-07")]);
    assert!(week.late.is_empty(), "{:?}", week.late);

    // Every 3 days from Monday: the next one falls due on Thursday, and is
    // visited from Tuesday (2 days early) on, never on Monday again.
    let region = Region {
        accounts: vec![account("OFTEN", 500.0, 30, 3, Some("2026-11-20"))],
        reps: vec![rep("R1")],
        ..Default::default()
    };
    let week = plan(&region, &options("2026-11-23", 5));
    let days = visits(&week, "OFTEN");
    assert_eq!(days[0], date("2026-11-23"));
    for pair in days.windows(2) {
        let gap = (pair[1] - pair[0]).num_days();
        assert!((1..=3).contains(&gap), "{days:?}");
    }
    assert!(week.late.is_empty(), "{:?}", week.late);
}

#[test]
fn an_account_closed_on_tuesday_is_never_planned_on_tuesday() {
    // Due on Tuesdays (weekly): visited on the Monday before instead, and
    // the next visit falls due a week after that Monday.
    let mut closed_tuesday = account("CLOSED-TUE", 300.0, 20, 7, Some("2026-11-17"));
    closed_tuesday.hours.close(Weekday::Tue);
    let region = Region { accounts: vec![closed_tuesday], reps: vec![rep("R1")], ..Default::default() };
    let week = plan(&region, &options("2026-11-23", 10));
    assert_eq!(visits(&week, "CLOSED-TUE"), vec![date("2026-11-23"), date("2026-11-30")]);
    assert!(week.late.is_empty(), "{:?}", week.late);
}

#[test]
fn a_visit_whose_window_has_no_open_day_is_late_and_says_it_is_closed() {
    // Due Monday, closed on Mondays, and there is no day before it in the
    // horizon: it happens on Tuesday, one day late.
    let mut closed_monday = account("CLOSED-MON", 300.0, 20, 14, Some("2026-11-09"));
    closed_monday.hours.close(Weekday::Mon);
    let region = Region { accounts: vec![closed_monday], reps: vec![rep("R1")], ..Default::default() };
    let week = plan(&region, &options("2026-11-23", 5));
    assert_eq!(visits(&week, "CLOSED-MON"), vec![date("2026-11-24")]);
    assert_eq!(
        week.late,
        vec![LateVisit {
            account: "CLOSED-MON".into(),
            due: date("2026-11-23"),
            planned: Some(date("2026-11-24")),
            reason: "closed on Mon".into(),
        }]
    );
}

#[test]
fn a_visit_due_during_a_closure_comes_before_it_when_half_its_interval_allows_else_after() {
    let closure = |account: &str, from: &str, to: &str| crate::model::Closure {
        account: account.into(),
        from: date(from),
        to: date(to),
        note: "renovation".into(),
    };
    // Both fall due on Wednesday 9 December, the third day of their closures.
    let region = Region {
        accounts: vec![
            account("FORTNIGHTLY", 300.0, 20, 14, Some("2026-11-25")),
            account("WEEKLY", 600.0, 20, 7, Some("2026-12-02")),
        ],
        reps: vec![rep("R1")],
        closures: crate::model::Closures {
            list: vec![
                closure("FORTNIGHTLY", "2026-12-07", "2026-12-11"),
                closure("WEEKLY", "2026-12-07", "2026-12-11"),
            ],
        },
        ..Default::default()
    };
    let week = plan(&region, &options("2026-12-03", 8));
    // Every 14 days: up to 7 days early, so on the Thursday or Friday before.
    let before = visits(&week, "FORTNIGHTLY");
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(before[0] < date("2026-12-07"), "{before:?}");
    // Every 7 days: up to 3 days early reaches only the weekend, so the
    // Monday after, late, the closure named; listed on each closed day due.
    assert_eq!(visits(&week, "WEEKLY"), vec![date("2026-12-14")]);
    let reason = "WEEKLY is closed 2026-12-07 to 2026-12-11: renovation";
    for plan in week.days.iter().filter(|p| (date("2026-12-09")..=date("2026-12-11")).contains(&p.date)) {
        assert_eq!(plan.unassigned.len(), 1, "{}: {:?}", plan.date, plan.unassigned);
        assert_eq!(
            (plan.unassigned[0].account.as_str(), plan.unassigned[0].reason.to_string().as_str()),
            ("WEEKLY", reason)
        );
    }
    assert_eq!(
        week.late,
        vec![LateVisit {
            account: "WEEKLY".into(),
            due: date("2026-12-09"),
            planned: Some(date("2026-12-14")),
            reason: reason.into(),
        }]
    );
}

#[test]
fn an_overloaded_territory_is_reported_late_not_hidden() {
    // Twenty 60-minute visits due on Monday that only R1 may make: about
    // seven fit in a day. R2 has no account and stays home.
    let mut accounts: Vec<Account> = (0..20)
        .map(|k| {
            let mut a = account(&format!("A{k:02}"), 200.0 * k as f64, 60, 28, Some("2026-10-26"));
            a.territory = Some("R1".into());
            a
        })
        .collect();
    accounts.push(account("FREE", 100.0, 15, 28, Some("2026-10-26")));
    let region = Region { accounts, reps: vec![rep("R1"), rep("R2")], ..Default::default() };
    let week = plan(&region, &options("2026-11-23", 2));
    let monday = &week.days[0];
    assert!(!monday.unassigned.is_empty());
    assert!(monday.routes.iter().all(|r| r.rep == "R1" || r.visit_count() == 1), "R2 only takes FREE");
    let visited: usize = week.days.iter().map(|p| p.visited_accounts().count()).sum();
    assert_eq!(visited + week.late.iter().filter(|l| l.planned.is_none()).count(), 21);
    assert!(week.late.len() >= 20 - 2 * 7, "{:?}", week.late);
    for late in &week.late {
        assert_eq!(late.due, date("2026-11-23"));
        assert!(late.reason.to_string().ends_with("(only R1 may visit it)"), "{}", late.reason);
    }
    assert!(week.late.iter().any(|l| l.planned == Some(date("2026-11-24"))));
    assert!(week.late.iter().any(|l| l.planned.is_none()));
}

#[test]
fn early_visits_even_out_a_reps_days() {
    // Monday has one visit due, Wednesday eight: with two days' leeway
    // some of Wednesday's move to Monday and Tuesday.
    let mut accounts = vec![account("MON", 100.0, 45, 28, Some("2026-10-26"))];
    accounts
        .extend((0..8).map(|k| account(&format!("WED{k}"), 150.0 * k as f64, 45, 28, Some("2026-10-28"))));
    let region = Region { accounts, reps: vec![rep("R1")], ..Default::default() };
    let spread = |week: &WeekPlan| {
        let balance = &rep_balance(&region, week)[0];
        balance.longest_s - balance.shortest_s
    };
    let naive = plan(&region, &WeekOptions { early_days: 0, ..options("2026-11-23", 3) });
    let week = plan(&region, &options("2026-11-23", 3));
    assert!(week.late.is_empty() && naive.late.is_empty());
    assert!(spread(&week) * 3 < spread(&naive), "{} vs {}", spread(&week), spread(&naive));
}

#[test]
fn the_same_seed_gives_the_same_week() {
    let accounts =
        (0..30).map(|k| account(&format!("A{k}"), 120.0 * k as f64, 20, 7, Some("2026-11-17"))).collect();
    let region = Region { accounts, reps: vec![rep("R1"), rep("R2")], ..Default::default() };
    let first = plan(&region, &options("2026-11-23", 5));
    assert_eq!(first, plan(&region, &options("2026-11-23", 5)));
}

#[test]
fn check_week_replays_each_day_on_the_region_as_it_stands_that_day() {
    let region = Region {
        accounts: vec![account("WEEKLY", 500.0, 30, 7, Some("2026-11-16"))],
        reps: vec![rep("R1")],
        ..Default::default()
    };
    let travel = StraightLine::default();
    let mut week = plan(&region, &options("2026-11-23", 6));
    // Without Monday's visit, Monday leaves a due account out, and it stays
    // due (not rolled forward) every day after: the next Monday does not
    // make up for it.
    week.days[0].routes.clear();
    let reports = check_week(&region, &week, &travel).unwrap();
    let uncovered = |day: usize| {
        reports[day].violations.iter().any(|v| v.kind == crate::check::ViolationKind::DueNotCovered)
    };
    assert!((0..5).all(uncovered));
    assert!(!uncovered(5) && reports[5].is_valid(), "{:?}", reports[5].violations);
}

#[test]
fn a_kept_week_keeps_its_frozen_days_and_counts_their_visits() {
    let region = Region {
        accounts: vec![
            account("OFTEN", 500.0, 30, 3, Some("2026-11-20")),
            account("WEEKLY", 900.0, 45, 7, Some("2026-11-18")),
            account("NEW", 1500.0, 30, 14, None),
        ],
        reps: vec![rep("R1")],
        ..Default::default()
    };
    let options = options("2026-11-23", 5);
    let week = plan(&region, &options);
    let travel = StraightLine::default();
    let keep = |freeze: usize| {
        let kept =
            plan_week_keeping(&region, &options, &SearchConfig::default(), &week, freeze, &travel, &|| {});
        kept.unwrap().week
    };
    assert_eq!(keep(0), week, "nothing frozen: the same plan as from scratch");
    assert_eq!(keep(5), week, "everything frozen: the kept week itself");
    for freeze in 1..5 {
        let again = keep(freeze);
        assert_eq!(again.days[..freeze], week.days[..freeze]);
        for (plan, report) in again.days.iter().zip(check_week(&region, &again, &travel).unwrap()) {
            assert!(report.is_valid(), "--freeze {freeze}, {}: {:?}", plan.date, report.violations);
        }
        // The frozen visits roll the due dates forward: none is repeated early.
        for id in ["OFTEN", "WEEKLY", "NEW"] {
            assert_eq!(visits(&again, id).len(), visits(&week, id).len(), "{id}, --freeze {freeze}");
        }
    }

    let refused = |kept: &WeekPlan, freeze: usize| {
        plan_week_keeping(&region, &options, &SearchConfig::default(), kept, freeze, &travel, &|| {})
            .unwrap_err()
            .to_string()
    };
    assert!(refused(&week, 6).contains("cannot freeze 6 days"), "{}", refused(&week, 6));
    let later = WeekPlan { from: date("2026-11-24"), ..week.clone() };
    assert!(refused(&later, 1).contains("the kept week starts on 2026-11-24"), "{}", refused(&later, 1));
    // A kept day the validator now rejects: a visit of an account that is gone.
    let mut edited = week.clone();
    edited.days[1].routes[0].stops.insert(
        0,
        crate::model::plan::Stop::Visit { account: "GONE".into(), arrival_s: 0, start_s: 0, end_s: 0 },
    );
    let msg = refused(&edited, 3);
    assert!(msg.contains("frozen day 2026-11-24 no longer holds: "), "{msg}");
    assert!(msg.contains("use --freeze 1 or smaller"), "{msg}");
}

#[test]
fn preferred_days_are_counted() {
    let mut weekly = account("WEEKLY", 500.0, 30, 7, Some("2026-11-18"));
    weekly.preferred_days = vec![Weekday::Tue];
    let region = Region { accounts: vec![weekly], reps: vec![rep("R1")], ..Default::default() };
    let week = plan(&region, &options("2026-11-23", 5));
    // Due on Wednesday, it may come on Monday or Tuesday: it waits for Tuesday.
    assert_eq!(visits(&week, "WEEKLY"), vec![date("2026-11-24")]);
    assert_eq!(preferred_day_visits(&region, &week), (1, 1));
}

/// A team of up to twice the group size is solved again whole (split, a
/// team of 12 drove 20 % more); larger teams go by groups of that size.
#[test]
fn only_a_team_of_more_than_twice_the_group_size_is_split() {
    assert_eq!(group_size(8, DEFAULT_REPS_PER_GROUP), 8);
    assert_eq!(group_size(12, DEFAULT_REPS_PER_GROUP), 12);
    assert_eq!(group_size(20, DEFAULT_REPS_PER_GROUP), 20);
    assert_eq!(group_size(21, DEFAULT_REPS_PER_GROUP), DEFAULT_REPS_PER_GROUP);
    assert_eq!(group_size(40, DEFAULT_REPS_PER_GROUP), DEFAULT_REPS_PER_GROUP);
    assert_eq!(group_size(8, 2), 2);
}

/// Two days that each drive north and south: the trade between days puts
/// the two northern accounts on one day and the two southern ones on the
/// other, and the rep drives less.
#[test]
fn visits_trade_days_to_drive_less() {
    // Every 28 days, last seen on 27 October: due on Tuesday 24 November,
    // so Monday is one day early.
    let accounts = vec![
        account("N1", 8_000.0, 30, 28, Some("2026-10-27")),
        account("N2", 8_300.0, 30, 28, Some("2026-10-27")),
        account("S1", -8_000.0, 30, 28, Some("2026-10-27")),
        account("S2", -8_300.0, 30, 28, Some("2026-10-27")),
    ];
    let region = Region { accounts, reps: vec![rep("R1")], ..Default::default() };
    let options = options("2026-11-23", 2);
    let search =
        SearchConfig { seed: options.seed, iterations: options.iterations_per_day, ..Default::default() };
    let travel = StraightLine::default();
    let planner =
        Planner::new(&region, Calendar::new(&options, &region), &options, &search, &travel).unwrap();
    let monday = Urgency::Planned { days_until_due: 1, last_chance: false };
    let tuesday = Urgency::Due { days_overdue: Some(0) };
    let mixed = [[(0, monday), (2, monday)], [(1, tuesday), (3, tuesday)]];
    let mut week: Vec<RepDay> = mixed
        .iter()
        .enumerate()
        .map(|(day, visits)| {
            let visits: Vec<Candidate> =
                visits.iter().map(|&(account, urgency)| Candidate { account, urgency }).collect();
            let plan = planner.solve_part(day, &[0], visits.clone(), 0).unwrap();
            assert!(plan.unassigned.is_empty());
            RepDay { visits, route: plan.routes.into_iter().next(), blocked: false }
        })
        .collect();
    let drive_s =
        |week: &[RepDay]| week.iter().filter_map(|d| d.route.as_ref()).map(|r| r.drive_s).sum::<i64>();
    let before_s = drive_s(&week);

    planner.move_between_days(0, &mut week, &[true; 4]).unwrap();

    let on = |day: usize| {
        let mut accounts: Vec<usize> = week[day].visits.iter().map(|c| c.account).collect();
        accounts.sort_unstable();
        accounts
    };
    let (monday_accounts, tuesday_accounts) = (on(0), on(1));
    assert!(
        [monday_accounts.clone(), tuesday_accounts.clone()] == [vec![0, 1], vec![2, 3]]
            || [monday_accounts.clone(), tuesday_accounts.clone()] == [vec![2, 3], vec![0, 1]],
        "Monday {monday_accounts:?}, Tuesday {tuesday_accounts:?}"
    );
    assert!(drive_s(&week) < before_s, "{} s, was {before_s} s", drive_s(&week));
    // Each day's route is timed for its own visits, and an account moved
    // to Monday is there a day early.
    for (day, rep_day) in week.iter().enumerate() {
        let route = rep_day.route.as_ref().expect("both days keep two visits");
        let routed: Vec<&str> = route
            .stops
            .iter()
            .filter_map(|s| match s {
                Stop::Visit { account, .. } => Some(account.as_str()),
                Stop::Break { .. } => None,
            })
            .collect();
        assert_eq!(routed.len(), 2);
        for visit in &rep_day.visits {
            assert!(routed.contains(&region.accounts[visit.account].id.as_str()));
            assert_eq!(visit.urgency, if day == 0 { monday } else { tuesday });
        }
    }
}
