//! `rounds territories compare` and `propose` as a manager runs them on the
//! shipped city region: the side-by-side table, the JSON and the maps, an
//! overloaded rep, split files with mistakes, fixed accounts and move limits.

use crate::common::{rounds, text};

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

const REGION: &str = "fixtures/regions/helsinki-city";
/// A Tuesday; five working days run to the Monday after.
const FROM: &str = "2026-11-24";
/// Small searches keep every run to about a second.
const FAST: &[&str] = &["--from", FROM, "--days", "5", "--iterations", "200"];

fn run(args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend_from_slice(FAST);
    rounds(&all)
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    text(&output.stdout)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The `account,rep` rows of a split file.
fn read_split(path: &Path) -> HashMap<String, String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let (account, rep) = line.split_once(',').unwrap();
            (account.to_string(), rep.to_string())
        })
        .collect()
}

/// The region's account ids in file order.
fn account_ids() -> Vec<String> {
    fs::read_to_string(Path::new(REGION).join("accounts.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap().to_string())
        .collect()
}

fn write_split(path: &Path, rep_of: impl Fn(usize) -> &'static str) {
    let mut csv = String::from("account,rep\n");
    for (index, id) in account_ids().iter().enumerate() {
        csv.push_str(&format!("{id},{}\n", rep_of(index)));
    }
    fs::write(path, csv).unwrap();
}

#[test]
fn compare_prints_the_current_and_proposed_splits_side_by_side_with_maps_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("proposed.csv");
    let proposed = run(&["territories", "propose", REGION, "--out", path(&split)]);
    let summary = ok(&proposed);
    assert!(summary.contains("proposed split of 450 accounts between 6 reps"), "{summary}");
    assert!(
        summary.contains("estimated workload per rep-day over 5 working days: current 0 min-"),
        "{summary}"
    );
    assert!(text(&proposed.stderr).contains("438 of 450 accounts have no territory"));
    assert_eq!(read_split(&split).len(), 450);

    let json = dir.path().join("compare.json");
    let maps = dir.path().join("maps");
    let split_arg = format!("proposed={}", path(&split));
    let args = [
        "territories",
        "compare",
        REGION,
        "--current",
        "--split",
        &split_arg,
        "--out",
        path(&json),
        "--svg",
        path(&maps),
    ];
    let compared = run(&args);
    let table = ok(&compared);
    for line in [
        "5 working days, 2026-11-24 (Tue) to 2026-11-30 (Mon); a day over 8h00m counts as overtime",
        "current        proposed",
        "accounts per rep (min-max)",
        "late / missed visits",
        "overloaded reps",
        "max/min workload of a rep            no work",
        "workload variation (CV)",
        "mean distance to centre",
        "checked: every day of every split holds every window, shift and break (seed 1, 200 iterations per day)",
    ] {
        assert!(table.contains(line), "missing `{line}` in\n{table}");
    }
    // R6 shares R3's start, so the nearest-start rule leaves R6 nothing in the current split.
    let r6 = table.lines().find(|l| l.starts_with("R6 ")).unwrap();
    assert!(r6.starts_with("R6      |     0   0 min  0 min  0 min"), "{r6}");

    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["from"], FROM);
    assert_eq!(report["to"], "2026-11-30");
    assert_eq!(report["working_days"], 5);
    let splits = report["splits"].as_array().unwrap();
    assert_eq!(
        splits.iter().map(|s| s["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["current", "proposed"]
    );
    assert_eq!(splits[0]["workload_ratio"], Value::Null, "a rep without work has no ratio");
    let proposed = &splits[1];
    assert!(proposed["workload_ratio"].as_f64().unwrap() < 2.0, "{proposed}");
    assert!(proposed["workload_cv"].as_f64().unwrap() < splits[0]["workload_cv"].as_f64().unwrap());
    for rep in proposed["reps"].as_array().unwrap() {
        assert_eq!(rep["workload_seconds"].as_array().unwrap().len(), 5);
        assert!(rep["accounts"].as_u64().unwrap() > 0, "{rep}");
    }

    for (name, hulls) in [("current", 5), ("proposed", 6)] {
        let svg = fs::read_to_string(maps.join(format!("{name}.svg"))).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{name}");
        assert!(svg.trim_end().ends_with("</svg>"), "{name}");
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("class=\"hull\"").count(), hulls, "{name}: one hull per rep with accounts");
        assert_eq!(svg.matches("class=\"start\"").count(), 6);
        assert_eq!(svg.matches("<circle").count(), 450);
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count(), "{name}: groups close");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(svg.contains("R6 Maria Heikkilä: "), "{name}");
    }

    // The same seed gives the same comparison.
    let again = dir.path().join("again.json");
    let mut repeat = args.to_vec();
    repeat[7] = path(&again);
    repeat.truncate(8);
    ok(&run(&repeat));
    assert_eq!(fs::read_to_string(&again).unwrap(), fs::read_to_string(&json).unwrap());
}

#[test]
fn a_rep_holding_most_accounts_is_flagged_overloaded_with_late_and_missed_visits() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("lopsided.csv");
    write_split(&split, |i| if i % 10 == 0 { ["R2", "R3", "R4", "R5", "R6"][i / 10 % 5] } else { "R1" });
    let json = dir.path().join("compare.json");
    let split_arg = format!("lopsided={}", path(&split));
    let compared =
        run(&["territories", "compare", REGION, "--current", "--split", &split_arg, "--out", path(&json)]);
    let table = ok(&compared);
    let overloaded = table.lines().find(|l| l.starts_with("overloaded reps")).unwrap();
    assert!(overloaded.trim_end().ends_with("R1"), "{overloaded}");
    let r1 = table.lines().find(|l| l.starts_with("R1 ")).unwrap();
    assert!(r1.trim_end().ends_with('!'), "{r1}");

    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    let lopsided = &report["splits"][1];
    assert_eq!(lopsided["overloaded_reps"], serde_json::json!(["R1"]));
    let r1 = &lopsided["reps"][0];
    assert_eq!(
        (r1["rep"].as_str(), r1["accounts"].as_u64(), r1["overloaded"].as_bool()),
        (Some("R1"), Some(405), Some(true))
    );
    let behind = r1["late"].as_u64().unwrap() + r1["missed"].as_u64().unwrap();
    assert!(behind >= 100, "R1 cannot cover 405 accounts alone: {r1}");
    let late_visits = lopsided["late_visits"].as_array().unwrap();
    assert_eq!(
        late_visits.len() as u64,
        lopsided["late"].as_u64().unwrap() + lopsided["missed"].as_u64().unwrap()
    );
    assert!(late_visits.iter().any(|v| v["planned"].is_null() && !v["reason"].as_str().unwrap().is_empty()));
}

#[test]
fn mistakes_in_split_files_name_the_file_line_and_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("compare.json");
    let split = dir.path().join("split.csv");
    let cases = [
        ("account,rep\nA0001,R1\nA9999,R2\n", "split.csv line 3, field `account`: `A9999` is not an account"),
        ("account;rep\nA0001;R1\n\nA0002;R7\n", "split.csv line 4, field `rep`: `R7` is not a rep"),
        ("account,rep\nA0001,R1\nA0001,R2\n", "line 3, field `account`: `A0001` already has a rep on line 2"),
        ("account,rep\nA0001,R1\n", "split.csv: 449 of the region's 450 accounts have no rep: A0002, A0003,"),
        ("account\nA0001\n", "split.csv: missing required column `rep`"),
    ];
    for (csv, expected) in cases {
        fs::write(&split, csv).unwrap();
        let split_arg = format!("mine={}", path(&split));
        let output = run(&[
            "territories",
            "compare",
            REGION,
            "--current",
            "--split",
            &split_arg,
            "--out",
            path(&json),
        ]);
        assert_eq!(output.status.code(), Some(2), "{csv}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "expected `{expected}` in {stderr}");
        assert!(!json.exists());
    }
    for (args, expected) in [
        (vec!["--current"], "give two or more splits to compare"),
        (vec!["--current", "--split", "a b=x.csv"], "is not a split name"),
        (vec!["--current", "--split", "current=x.csv"], "two splits are named `current`"),
        (vec!["--current", "--threads", "2"], "--threads does not apply here"),
        (vec!["--current", "--time-limit", "5"], "--time-limit, --trajectories and --runs do not apply here"),
        (vec!["--current", "--runs", "2"], "--time-limit, --trajectories and --runs do not apply here"),
    ] {
        let mut all = vec!["territories", "compare", REGION];
        all.extend(args);
        let output = run(&all);
        assert_eq!(output.status.code(), Some(2), "{all:?}");
        assert!(text(&output.stderr).contains(expected), "{all:?}: {}", text(&output.stderr));
    }
}

#[test]
fn propose_keeps_fixed_accounts_stays_within_the_move_limit_and_repeats_itself() {
    let dir = tempfile::tempdir().unwrap();
    // No moves allowed: the proposal is the current split.
    let current = dir.path().join("current.csv");
    ok(&run(&["territories", "propose", REGION, "--max-moves", "0", "--out", path(&current)]));
    let current = read_split(&current);

    let fixed = dir.path().join("fixed.csv");
    // Each fixed to a rep other than its current one: three forced moves.
    let other = |account: &str| if current[account] == "R6" { "R5" } else { "R6" };
    let pinned = [("A0001", other("A0001")), ("A0002", other("A0002")), ("A0100", other("A0100"))];
    let rows: String = pinned.iter().map(|(a, r)| format!("{a},{r}\n")).collect();
    fs::write(&fixed, format!("account,rep\n{rows}")).unwrap();
    let moves = |split: &HashMap<String, String>| split.iter().filter(|(a, r)| &current[*a] != *r).count();
    for max_moves in ["3", "30"] {
        let out = dir.path().join(format!("moved{max_moves}.csv"));
        let args = [
            "territories",
            "propose",
            REGION,
            "--fixed",
            path(&fixed),
            "--max-moves",
            max_moves,
            "--out",
            path(&out),
        ];
        let summary = ok(&run(&args));
        assert!(summary.contains(&format!("(at most {max_moves}), 3 fixed accounts kept")), "{summary}");
        let proposed = read_split(&out);
        for (account, rep) in pinned {
            assert_eq!(proposed[account], rep, "{account} is fixed");
        }
        assert!(moves(&proposed) <= max_moves.parse().unwrap(), "{} moves", moves(&proposed));
        assert!(summary.contains(&format!("{} accounts change rep", moves(&proposed))), "{summary}");

        let again = dir.path().join("again.csv");
        let mut repeat = args.to_vec();
        repeat[8] = path(&again);
        ok(&run(&repeat));
        assert_eq!(fs::read(&again).unwrap(), fs::read(&out).unwrap(), "same input, same split");
    }

    let out = dir.path().join("never.csv");
    let too_few = run(&[
        "territories",
        "propose",
        REGION,
        "--fixed",
        path(&fixed),
        "--max-moves",
        "2",
        "--out",
        path(&out),
    ]);
    assert_eq!(too_few.status.code(), Some(2));
    assert!(text(&too_few.stderr).contains(
        "3 fixed accounts are held by another rep in the current split, more than the 2 moves allowed"
    ));
    assert!(!out.exists());

    fs::write(&fixed, "account,rep\nA0001,R6\nA0001,R5\n").unwrap();
    let duplicate = run(&["territories", "propose", REGION, "--fixed", path(&fixed), "--out", path(&out)]);
    assert_eq!(duplicate.status.code(), Some(2));
    assert!(
        text(&duplicate.stderr).contains("fixed.csv line 3, field `account`"),
        "{}",
        text(&duplicate.stderr)
    );

    fs::write(&fixed, "account,rep\nA0001,R6\n").unwrap();
    let over_input = run(&["territories", "propose", REGION, "--fixed", path(&fixed), "--out", path(&fixed)]);
    assert!(!over_input.status.success());
    assert!(text(&over_input.stderr).contains("refusing to write"), "{}", text(&over_input.stderr));
    assert_eq!(fs::read_to_string(&fixed).unwrap(), "account,rep\nA0001,R6\n");
}

#[test]
fn propose_with_compare_proves_the_proposal_against_the_current_split() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("split.csv");
    let maps = dir.path().join("maps");
    let args =
        ["territories", "propose", REGION, "--out", path(&out), "--compare", "--svg", path(&maps), "--quiet"];
    let report = ok(&run(&args));
    assert!(report.contains("current        proposed"), "{report}");
    assert!(!report.contains("per rep:"), "--quiet prints only the team's figures");
    assert!(maps.join("current.svg").exists() && maps.join("proposed.svg").exists());
    assert_eq!(read_split(&out).len(), 450);

    // In Japanese: the note, the proposal, its workloads and the check, every line in words.
    let ja = dir.path().join("ja.csv");
    let mut args = vec!["--lang", "ja", "territories", "propose", REGION, "--out", path(&ja)];
    let ja_maps = dir.path().join("ja-maps");
    args.extend_from_slice(&["--compare", "--quiet", "--max-moves", "30", "--svg", path(&ja_maps)]);
    let run = run(&args);
    let (stdout, stderr) = (ok(&run), text(&run.stderr));
    assert!(stderr.starts_with("注意: 顧客 450件中 438件にテリトリーがありません。"), "{stderr}");
    assert!(stdout.contains("顧客 450件を担当者 6名で分ける案 (計算時間 "), "{stdout}");
    assert!(stdout.contains("件 (上限 30件)\n稼働日 5日の1人1日あたりの推定負荷: 現在 "), "{stdout}");
    assert!(
        stdout.contains("検証済み: どの分担の毎日も営業時間・勤務時間・休憩をすべて守っています"),
        "{stdout}"
    );
    assert!(!stdout.contains("checked:") && !stdout.contains("workload per rep-day"), "{stdout}");
    let map = fs::read_to_string(ja_maps.join("proposed.svg")).unwrap();
    assert!(
        map.contains(">proposed: 顧客 450件、担当者 6名、2026年11月24日(火)から稼働日 5日</text>"),
        "{map}"
    );
    assert!(map.contains(">担当者: 1日の負荷 (平均)</text>"), "{map}");
}

/// Issue 17: on a generated region of a national team's shape (a quarter of
/// the reps start from one office), the proposal left reps between a quarter
/// and one and a half times their fair share while the summary said "within 5 %".
#[test]
fn propose_on_a_generated_region_of_a_hundred_reps_holds_every_rep_within_the_band_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("region");
    ok(&rounds(&[
        "generate",
        path(&region),
        "--accounts",
        "20000",
        "--reps",
        "100",
        "--shape",
        "suburban",
        "--seed",
        "1",
        "--today",
        "2026-11-23",
    ]));
    let out = dir.path().join("split.csv");
    let summary =
        ok(&rounds(&["territories", "propose", path(&region), "--from", "2026-11-23", "--out", path(&out)]));
    assert!(summary.contains("; every rep within 5 %)"), "{summary}");
    let split = read_split(&out);
    assert_eq!(split.len(), 20000);
    let holders: std::collections::HashSet<&String> = split.values().collect();
    assert_eq!(holders.len(), 100, "every rep holds accounts");

    // With a tolerance no split can meet, the summary names how many reps are
    // outside and the furthest.
    let tight = ok(&rounds(&[
        "territories",
        "propose",
        path(&region),
        "--from",
        "2026-11-23",
        "--tolerance",
        "0",
        "--out",
        path(&dir.path().join("tight.csv")),
    ]));
    let line = tight.lines().find(|l| l.starts_with("estimated workload")).unwrap();
    assert!(line.contains(" of 100 reps outside 0 %, the furthest R"), "{line}");
}
