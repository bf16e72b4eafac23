//! The store on small hand-written regions: what gets in, what comes back,
//! what an import records, and what the schema refuses on its own.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::io::csv_region::read_region;
use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::visit_log::{VisitRecord, VisitStatus};

const ACCOUNTS: &str =
    "id,name,lat,lon,service_min,windows,every_days,last_visit,priority,closed,territory\n\
    A1,Kiosk,60.17,24.94,15,09:00-17:00,7,2026-11-10,,Sun,\n\
    A2,Bakery,60.18,24.95,30,,14,,high,,R1\n\
    A3,Books,60.16,24.93,20,10:00-12:00 13:00-18:00,7,2026-11-17,low,Sat Sun,\n";
const REPS: &str = "id,name,start_lat,start_lon,end_lat,end_lon,shift,break,max_visits\n\
    R1,Ann,60.17,24.93,,,08:00-16:00,11:00-13:00/30,\n\
    R2,Bob,60.19,24.96,60.2,24.9,09:00-17:00,,12\n";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A region folder with these files in `dir` (created).
fn folder(dir: &Path, accounts: &str, reps: &str, visits: Option<&str>) -> ImportFiles {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("accounts.csv"), accounts).unwrap();
    fs::write(dir.join("reps.csv"), reps).unwrap();
    if let Some(visits) = visits {
        fs::write(dir.join("visits.csv"), visits).unwrap();
    }
    ImportFiles::of_folder(dir)
}

/// A new database in `dir` holding the sample region.
fn imported(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("team.db");
    let mut store = Store::create(&path).unwrap();
    let files = folder(&dir.join("v1"), ACCOUNTS, REPS, None);
    store.import(&files, "crm-v1", date("2026-11-20")).unwrap();
    (store, path)
}

fn visit(account: &str, day: &str, status: VisitStatus) -> (VisitRecord, String) {
    (VisitRecord { account: account.into(), date: date(day), rep: "R1".into(), status }, String::new())
}

#[test]
fn creates_opens_and_refuses_what_is_not_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    assert!(matches!(Store::open(&path), Err(StoreError::Missing { .. })));
    let store = Store::create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest_version());
    let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let keys: bool = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert!(keys);
    drop(store);
    assert!(matches!(Store::create(&path), Err(StoreError::Exists { .. })));
    Store::open(&path).unwrap();

    let text = dir.path().join("notes.txt");
    fs::write(&text, "hello").unwrap();
    assert!(matches!(Store::open(&text), Err(StoreError::NotRounds { .. })));
    let other = dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    assert!(matches!(Store::open(&other), Err(StoreError::NotRounds { .. })));
    // Opened under another name (a backup checked before it takes its name),
    // the errors use that name.
    let named = dir.path().join("backup.db");
    match Store::open_as(&other, &named) {
        Err(StoreError::NotRounds { path }) => assert_eq!(path, named),
        other => panic!("{:?}", other.err()),
    }

    // A database from before the latest migration is brought up to date on open.
    let older = dir.path().join("older.db");
    Connection::open(&older).unwrap().pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    assert_eq!(Store::open(&older).unwrap().schema_version().unwrap(), migrations::latest_version());

    let newer = migrations::latest_version() + 1;
    Connection::open(&path).unwrap().pragma_update(None, "user_version", newer).unwrap();
    match Store::open(&path) {
        Err(err @ StoreError::NewerSchema { .. }) => {
            assert!(err.is_bad_input());
            assert!(err.to_string().contains(&format!("schema version {newer}")), "{err}");
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
}

#[test]
fn the_region_comes_back_as_the_csv_reader_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let files = ImportFiles::of_folder(&dir.path().join("v1"));
    let from_csv = read_region(&files.accounts, &files.reps, crate::io::text::TextEncoding::Auto).unwrap();
    let snapshot = store.snapshot().unwrap();
    assert_eq!(snapshot.region, from_csv);
    assert_eq!(snapshot.inputs.import_id, 1);
    assert_eq!(snapshot.inputs.visits_upto, 0);
    assert_eq!(snapshot.inputs.region_sha256, region_sha256(&from_csv));
    let exported = store.export().unwrap();
    assert_eq!(exported.region, from_csv);
    assert!(exported.visits.is_empty());
}

#[test]
fn a_bad_import_lists_every_bad_row_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let before = store.export().unwrap();
    let bad_accounts = format!("{ACCOUNTS}A4,x,91,24.9,15,,7,,,,\nA5,y,60.1,24.9,15,17:00-09:00,7,,,,R9\n");
    let bad_reps = format!("{REPS}R3,Cy,60.1,24.9,,,08:00,,\n");
    let visits = "account,date,rep,status\nA1,2026-11-21,R1,visited\n";
    let files = folder(&dir.path().join("bad"), &bad_accounts, &bad_reps, Some(visits));
    let err = store.import(&files, "crm-bad", date("2026-11-21")).unwrap_err();
    let StoreError::Rejected { source, .. } = &err else { panic!("expected Rejected, got {err:?}") };
    let problems: Vec<String> = source.problems().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("accounts.csv line 5, field `lat`"), "{problems:#?}");
    assert!(problems[1].contains("accounts.csv line 6, field `windows`"), "{problems:#?}");
    assert!(problems[2].contains("reps.csv line 4, field `shift`"), "{problems:#?}");
    assert_eq!(store.export().unwrap(), before);
    let imports: i64 = store.conn.query_row("SELECT count(*) FROM imports", [], |r| r.get(0)).unwrap();
    assert_eq!(imports, 1);

    // With the rows fixed, the territory and the log are checked too.
    let files = folder(
        &dir.path().join("bad2"),
        &format!("{ACCOUNTS}A5,y,60.1,24.9,15,,7,,,,R9\n"),
        REPS,
        Some("account,date,rep,status\nA1,2026-11-21,R1,visited\nA7,2026-11-21,R1,visited\n"),
    );
    let err = store.import(&files, "crm-bad", date("2026-11-21")).unwrap_err();
    assert!(format!("{:#}", anyhow::Error::from(err)).contains("line 5, field `territory`"));
    let files = folder(
        &dir.path().join("bad3"),
        ACCOUNTS,
        REPS,
        Some(
            "account,date,rep,status\nA1,2026-11-21,R1,visited\nA7,2026-11-21,R1,visited\nA2,x,R1,visited\n",
        ),
    );
    let StoreError::Rejected { source, .. } =
        store.import(&files, "crm-bad", date("2026-11-21")).unwrap_err()
    else {
        panic!("expected Rejected")
    };
    assert_eq!(source.problems().len(), 2);
    assert_eq!(store.export().unwrap(), before);
}

#[test]
fn a_new_export_records_what_changed_and_a_hand_over_keeps_the_visits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    store.record_visits(&[visit("A2", "2026-11-23", VisitStatus::Visited)], "record day1.json").unwrap();
    // A2 goes to R2 with new hours, A3 leaves the export, A4 joins it.
    let v2 = "id,name,lat,lon,service_min,windows,every_days,last_visit,priority,closed,territory\n\
        A4,New,60.2,24.9,15,,7,,,,\n\
        A1,Kiosk,60.17,24.94,15,09:00-17:00,7,2026-11-10,,Sun,\n\
        A2,Bakery,60.18,24.95,30,08:00-12:00,14,,high,,R2\n";
    let summary =
        store.import(&folder(&dir.path().join("v2"), v2, REPS, None), "crm-v2", date("2026-12-01")).unwrap();
    assert_eq!(summary.accounts, RowCounts { added: 1, changed: 1, unchanged: 1, returned: 0, removed: 1 });
    assert_eq!(summary.reps, RowCounts { unchanged: 2, ..RowCounts::default() });
    let snapshot = store.snapshot().unwrap();
    let ids: Vec<&str> = snapshot.region.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["A4", "A1", "A2"], "the order of the latest file");
    assert_eq!(snapshot.region.accounts[2].last_visit, Some(date("2026-11-23")), "the visit carries over");

    store.record_visits(&[visit("A2", "2026-12-02", VisitStatus::Skipped)], "record day2.json").unwrap();
    let history = store.history("A2").unwrap();
    let field = |field: &str, old: &str, new: &str| Change::Field {
        field: field.into(),
        old: old.into(),
        new: new.into(),
    };
    let changes: Vec<(NaiveDate, &str, &Change)> =
        history.changes.iter().map(|c| (c.effective, c.source.as_str(), &c.change)).collect();
    assert_eq!(
        changes,
        [
            (date("2026-11-20"), "crm-v1", &Change::Added),
            (date("2026-12-01"), "crm-v2", &field("windows", "", "08:00-12:00")),
            (date("2026-12-01"), "crm-v2", &field("territory", "R1", "R2")),
        ]
    );
    let visits: Vec<(NaiveDate, VisitStatus, &str)> =
        history.visits.iter().map(|v| (v.record.date, v.record.status, v.source.as_str())).collect();
    assert_eq!(
        visits,
        [
            (date("2026-11-23"), VisitStatus::Visited, "record day1.json"),
            (date("2026-12-02"), VisitStatus::Skipped, "record day2.json")
        ]
    );
    assert!(history.in_region);

    let gone = store.history("A3").unwrap();
    assert!(!gone.in_region);
    assert_eq!(gone.changes.last().unwrap().change, Change::Removed);
    // Back in a third export, as it was.
    store
        .import(&folder(&dir.path().join("v3"), ACCOUNTS, REPS, None), "crm-v3", date("2026-12-08"))
        .unwrap();
    let back = store.history("A3").unwrap();
    assert_eq!(back.changes.last().unwrap().change, Change::Returned);
    assert!(matches!(store.history("A9"), Err(StoreError::UnknownAccount { .. })));
}

#[test]
fn visits_are_recorded_once_and_only_for_accounts_of_the_region() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let day =
        [visit("A1", "2026-11-23", VisitStatus::Visited), visit("A2", "2026-11-23", VisitStatus::Skipped)];
    let first = store.record_visits(&day, "record a").unwrap();
    assert_eq!(first.added.len(), 2);
    let mut again = day.to_vec();
    again[1].0.status = VisitStatus::Visited;
    let second = store.record_visits(&again, "record b").unwrap();
    assert!(second.added.is_empty());
    assert_eq!(second.already[1].1, VisitStatus::Skipped, "the first line stays");

    let err = store
        .record_visits(
            &[
                visit("A3", "2026-11-24", VisitStatus::Visited),
                visit("A9", "2026-11-24", VisitStatus::Visited),
            ],
            "c",
        )
        .unwrap_err();
    assert!(matches!(&err, StoreError::UnknownAccounts { accounts, .. } if accounts == &["A9"]));
    assert_eq!(store.export().unwrap().visits.len(), 2, "nothing of the failed record got in");
    // Skipped visits do not count as visits; A1 was visited after its last_visit.
    let region = store.snapshot().unwrap().region;
    assert_eq!(region.accounts[0].last_visit, Some(date("2026-11-23")));
    assert_eq!(region.accounts[1].last_visit, None);
}

#[test]
fn the_schema_refuses_what_the_csv_reader_would() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = imported(dir.path());
    let conn = &store.conn;
    let version = "INSERT INTO account_versions (account, import_id, name, lat, lon, service_s, windows, \
                   every_days, last_visit, priority, closed, territory) VALUES ";
    for values in [
        "(1, 1, 'x', 91, 24.9, 900, '', 7, NULL, 'normal', '', NULL)",
        "(1, 1, 'x', 60.1, 24.9, 0, '', 7, NULL, 'normal', '', NULL)",
        "(1, 1, 'x', 60.1, 24.9, 900, '', 0, NULL, 'normal', '', NULL)",
        "(1, 1, 'x', 60.1, 24.9, 900, '', 7, '2026-02-30', 'normal', '', NULL)",
        "(1, 1, 'x', 60.1, 24.9, 900, '', 7, NULL, 'urgent', '', NULL)",
        "(1, 1, 'x', 60.1, 24.9, 900, '', 7, NULL, 'normal', '', 'R9')",
        "(1, 9, 'x', 60.1, 24.9, 900, '', 7, NULL, 'normal', '', NULL)",
        "(1, 1, NULL, 60.1, 24.9, 900, '', 7, NULL, 'normal', '', NULL)",
    ] {
        assert!(conn.execute(&format!("{version}{values}"), []).is_err(), "{values} got in");
    }
    let visit = "INSERT INTO visits (account, date, rep, status, source, recorded_at) VALUES ";
    for values in [
        "(99, '2026-11-23', 'R1', 'visited', 's', 't')",
        "(1, '23.11.2026', 'R1', 'visited', 's', 't')",
        "(1, '2026-11-23', 'R1', 'done', 's', 't')",
    ] {
        assert!(conn.execute(&format!("{visit}{values}"), []).is_err(), "{values} got in");
    }
    conn.execute(&format!("{visit}(1, '2026-11-23', 'R1', 'visited', 's', 't')"), []).unwrap();
    assert!(conn.execute(&format!("{visit}(1, '2026-11-23', 'R2', 'skipped', 's', 't')"), []).is_err());
    assert!(conn.execute("INSERT INTO accounts (id) VALUES ('')", []).is_err());
    // The log is never rewritten, and its summary follows it.
    assert!(conn.execute("UPDATE visits SET status = 'skipped'", []).is_err());
    assert!(conn.execute("DELETE FROM visits", []).is_err());
    conn.execute(&format!("{visit}(1, '2026-11-20', 'R1', 'visited', 's', 't')"), []).unwrap();
    conn.execute(&format!("{visit}(1, '2026-11-25', 'R1', 'skipped', 's', 't')"), []).unwrap();
    let last: String =
        conn.query_row("SELECT date FROM last_visits WHERE account = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(last, "2026-11-23");
}

#[test]
fn rows_changed_by_hand_are_read_by_the_csv_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    // Passes the schema's checks, not the reader's: the window ends before it starts.
    store.conn.execute("UPDATE account_versions SET windows = '17:00-09:00' WHERE account = 3", []).unwrap();
    let err = store.snapshot().unwrap_err();
    let StoreError::BadRows { source, .. } = &err else { panic!("expected BadRows, got {err:?}") };
    let problem = source.problems()[0].to_string();
    assert!(problem.contains("team.db (accounts.csv) line 4, field `windows`"), "{problem}");
}

/// A day on which R1 visits A2 at 08:05.
fn visit_to_a2(day: NaiveDate) -> Plan {
    Plan {
        date: day,
        routes: vec![RoutePlan {
            rep: "R1".into(),
            depart_s: 8 * 3600,
            return_s: 9 * 3600,
            drive_s: 600,
            distance_m: 5000,
            stops: vec![Stop::Visit {
                account: "A2".into(),
                arrival_s: 8 * 3600 + 300,
                start_s: 8 * 3600 + 300,
                end_s: 8 * 3600 + 2100,
            }],
            resumes: vec![],
            overtime_s: 0,
        }],
        unassigned: vec![],
        unavailable: vec![],
        added: vec![],
        changes: vec![],
    }
}

#[test]
fn a_published_plan_replays_against_the_region_it_was_made_from() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    store.record_visits(&[visit("A1", "2026-11-23", VisitStatus::Visited)], "record a").unwrap();
    let snapshot = store.snapshot().unwrap();
    let plan = visit_to_a2(date("2026-11-24"));
    let id =
        store.publish(PlanKind::Day, &snapshot.inputs, std::slice::from_ref(&plan), "straight line").unwrap();
    // Later visits and a later import do not change what the plan is checked against.
    store.record_visits(&[visit("A3", "2026-11-24", VisitStatus::Visited)], "record b").unwrap();
    let v2 = ACCOUNTS.replace("A3,Books", "A3,Bookshop");
    store.import(&folder(&dir.path().join("v2"), &v2, REPS, None), "crm-v2", date("2026-12-01")).unwrap();
    let stored = store.stored_plan(id).unwrap();
    assert_eq!(stored.kind, PlanKind::Day);
    assert_eq!(stored.days, [plan]);
    assert_eq!(stored.region, snapshot.region);
    assert_eq!(stored.travel, "straight line");
    assert!(matches!(store.stored_plan(id + 1), Err(StoreError::UnknownPlan { .. })));

    // A region changed under a stored plan (by hand, in the file) is caught the next time the
    // database is opened; an open store keeps the plans it has read, which never change.
    store.conn.execute("UPDATE account_versions SET name = 'changed' WHERE account = 1", []).unwrap();
    let reopened = Store::open(&store.path).unwrap();
    assert!(matches!(reopened.stored_plan(id), Err(StoreError::ReplayMismatch { .. })));
}

#[test]
fn a_replan_is_published_only_over_the_plan_still_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let snapshot = store.snapshot().unwrap();
    let day = date("2026-11-24");
    let plan = |changes: &str| Plan {
        date: day,
        routes: vec![],
        unassigned: vec![],
        unavailable: vec![],
        added: vec![],
        changes: vec![crate::model::plan::Change {
            account: "A1".into(),
            kind: crate::model::plan::ChangeKind::Moved,
            reason: changes.into(),
        }],
    };
    let first = store
        .publish(PlanKind::Day, &snapshot.inputs, &[plan("R1 at 10:00; was R1 at 09:00")], "line")
        .unwrap();
    assert_eq!(store.plan_id_for(day).unwrap(), Some(first));
    let over = |store: &mut Store, base: i64, text: &str| {
        store.publish_over(base, PlanKind::Replan, &snapshot.inputs, &[plan(text)], "line").unwrap()
    };
    let second =
        over(&mut store, first, "R1 at 11:00; was R1 at 10:00").expect("published over the plan in force");
    // A re-plan made from the first plan, which is no longer in force, is not stored.
    assert_eq!(over(&mut store, first, "R1 at 12:00; was R1 at 10:00"), None);
    assert_eq!(store.plan_id_for(day).unwrap(), Some(second));
    assert_eq!(store.day_plan_for(day).unwrap().unwrap(), (second, plan("R1 at 11:00; was R1 at 10:00")));
    let replans = store.replans_on(day).unwrap();
    assert_eq!(replans.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [second]);
    assert_eq!(store.day_plan_for(date("2026-11-25")).unwrap(), None);
}

#[test]
fn a_day_under_way_takes_only_a_replan() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let inputs = store.snapshot().unwrap().inputs;
    let (monday, tuesday) = (date("2026-11-23"), date("2026-11-24"));
    let first =
        store.publish(PlanKind::Week, &inputs, &[visit_to_a2(monday), visit_to_a2(tuesday)], "line").unwrap();
    // A visit no route of the plan holds (an import's, a CRM's) does not start the day.
    store.record_visits(&[visit("A3", "2026-11-23", VisitStatus::Visited)], "import x").unwrap();
    assert_eq!(store.under_way(&[monday, tuesday]).unwrap(), None);
    let second = store.publish(PlanKind::Day, &inputs, &[visit_to_a2(monday)], "line").unwrap();

    store.record_visits(&[visit("A2", "2026-11-23", VisitStatus::Skipped)], "serve R1").unwrap();
    let under_way = DayUnderWay { date: monday, plan: second, recorded: 1 };
    assert_eq!(store.under_way(&[tuesday, monday]).unwrap(), Some(under_way.clone()));
    assert_eq!(
        under_way.to_string(),
        "2026-11-23 is under way: 1 of plan 2's visits is recorded for it, and a new plan would take it off \
         the reps' days; re-plan the rest of the day instead, or publish from 2026-11-24"
    );
    for (kind, days) in [
        (PlanKind::Day, vec![visit_to_a2(monday)]),
        (PlanKind::Week, vec![visit_to_a2(monday), visit_to_a2(tuesday)]),
    ] {
        match store.publish(kind, &inputs, &days, "line") {
            Err(StoreError::DayUnderWay { under_way: refused, .. }) => assert_eq!(refused, under_way),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.plan_id_for(monday).unwrap(), Some(second), "nothing stored");
        assert_eq!(store.plan_id_for(tuesday).unwrap(), Some(first), "nothing stored");
    }
    // The next day is free, and a re-plan keeps what was recorded.
    store.publish(PlanKind::Week, &inputs, &[visit_to_a2(tuesday)], "line").unwrap();
    let replan =
        store.publish_over(second, PlanKind::Replan, &inputs, &[visit_to_a2(monday)], "line").unwrap();
    assert_eq!(store.plan_id_for(monday).unwrap(), replan);
    store.publish(PlanKind::Replan, &inputs, &[visit_to_a2(monday)], "line").unwrap();
}

#[test]
fn users_name_a_known_rep_once_and_sessions_end_at_their_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = imported(dir.path());
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    let r1 = store.add_user("ann", &Role::Rep("R1".into()), hash).unwrap();
    store.add_user("boss", &Role::Manager, hash).unwrap();
    let refused = |result: Result<User, StoreError>| match result {
        Err(StoreError::BadValue { what, .. }) => what,
        other => panic!("{other:?}"),
    };
    assert!(refused(store.add_user("ann", &Role::Manager, hash)).contains("exists already"));
    assert!(refused(store.add_user("zed", &Role::Rep("R9".into()), hash)).contains("`R9` is not a rep"));
    // The schema refuses on its own what the code would not write.
    let sql = "INSERT INTO users (name, role, rep, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, 'now')";
    for (name, role, rep, hash) in [
        ("m2", "manager", Some("R1"), hash),
        ("r2", "rep", None, hash),
        ("r3", "rep", Some("R1"), "plain text"),
        ("", "manager", None, hash),
    ] {
        assert!(store.conn.execute(sql, rusqlite::params![name, role, rep, hash]).is_err(), "{name}");
    }
    let names: Vec<String> = store.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["ann", "boss"]);
    assert_eq!(store.user_for_sign_in("ann").unwrap().unwrap(), (r1.clone(), hash.to_string()));
    assert_eq!(store.user_for_sign_in("nobody").unwrap(), None);

    let token = "a".repeat(64);
    store.create_session(&token, r1.id, &"c".repeat(64), "ja", 1000, 2000).unwrap();
    let session = store.session(&token, 1999).unwrap().unwrap();
    assert_eq!((session.user, session.lang.as_str()), (r1, "ja"));
    assert_eq!(store.session(&token, 2000).unwrap(), None, "expired");
    store.create_session(&"b".repeat(64), 1, &"c".repeat(64), "en", 3000, 4000).unwrap();
    let left: i64 = store.conn.query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 1, "a new session clears the expired ones");
    store.end_session(&"b".repeat(64)).unwrap();
    assert_eq!(store.session(&"b".repeat(64), 3500).unwrap(), None);
}
