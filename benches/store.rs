//! The database at the largest region rounds reads: 100 000 accounts (the
//! per-region limit), 500 reps and 1 000 000 visit records. Measures a whole import (CSV files read by the
//! readers, then one transaction), loading the region a day is planned from
//! (the latest import read back through the CSV rules, every visit applied,
//! the plan inputs hashed) and picking that day's due accounts, and prints
//! the database's size.
//!
//! `cargo bench --bench store`

use std::fs::File;
use std::hint::black_box;
use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::io::csv_region::read_region;
use rounds::io::csv_region::{write_accounts, write_reps};
use rounds::io::text::TextEncoding;
use rounds::io::visit_log::{read_log_entries, write_log};
use rounds::model::due_accounts;
use rounds::model::visit_log::{VisitRecord, VisitStatus};
use rounds::store::{region_sha256, ImportFiles, Store};

/// As many accounts as a region may hold: a national sales force's.
const ACCOUNTS: usize = rounds::model::limits::MAX_ACCOUNTS;
const REPS: usize = 500;
/// A million visit records in all.
const VISITS_PER_ACCOUNT: u64 = 10;

/// Writes the region folder: the generated accounts and reps, and ten visits
/// per account at its frequency, every seventh one skipped.
fn write_region(dir: &Path, today: NaiveDate) {
    let region = generate_region(&GenerateOptions {
        accounts: ACCOUNTS,
        reps: REPS,
        seed: 1,
        shape: Shape::Suburban,
        today,
        centre: None,
        radius_km: None,
    });
    write_accounts(BufWriter::new(File::create(dir.join("accounts.csv")).unwrap()), &region.accounts)
        .unwrap();
    write_reps(BufWriter::new(File::create(dir.join("reps.csv")).unwrap()), &region.reps).unwrap();
    let mut visits = Vec::with_capacity(ACCOUNTS * VISITS_PER_ACCOUNT as usize);
    for (i, account) in region.accounts.iter().enumerate() {
        for k in 1..=VISITS_PER_ACCOUNT {
            let status = if (i as u64 + k) % 7 == 0 { VisitStatus::Skipped } else { VisitStatus::Visited };
            let record = VisitRecord {
                account: account.id.clone(),
                date: today - Days::new(k * u64::from(account.every_days) + 1),
                rep: region.reps[i % REPS].id.clone(),
                status,
            };
            visits.push((record, String::new()));
        }
    }
    // The log in the order the days were recorded.
    visits.sort_by_key(|(record, _)| record.date);
    write_log(BufWriter::new(File::create(dir.join("visits.csv")).unwrap()), &visits).unwrap();
}

/// CPU seconds this process has used (user and system): on a machine shared
/// with other work, the wall-clock figures criterion gives run long.
fn cpu_s() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Runs `f`, printing its wall-clock and CPU seconds.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let (started, cpu) = (Instant::now(), cpu_s());
    let value = f();
    println!("{what}: {:.2} s ({:.2} s of CPU)", started.elapsed().as_secs_f64(), cpu_s() - cpu);
    value
}

fn size_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

fn benches(c: &mut Criterion) {
    let today: NaiveDate = "2026-11-24".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("region");
    std::fs::create_dir(&region).unwrap();
    write_region(&region, today);
    let files = ImportFiles::of_folder(&region);
    let csv_mb: f64 =
        ["accounts.csv", "reps.csv", "visits.csv"].iter().map(|f| size_mb(&region.join(f))).sum();

    // Once outside criterion too: CPU time, the parts, and the size of what it leaves.
    let db = dir.path().join("team.db");
    let summary = timed("one import", || Store::create(&db).unwrap().import(&files, "bench", today).unwrap());
    println!(
        "  {} accounts, {} reps, {} visits from {csv_mb:.0} MB of CSV; database {:.0} MB",
        summary.accounts.added,
        summary.reps.added,
        summary.visits_added,
        size_mb(&db)
    );
    timed("  of which reading and checking the CSV files", || {
        let region = read_region(&files.accounts, &files.reps, TextEncoding::Auto).unwrap();
        read_log_entries(files.log.as_ref().unwrap(), &region, today).unwrap().len()
    });
    let mut store = Store::open(&db).unwrap();
    let snapshot = timed("one load of the day's region", || store.snapshot().unwrap());
    timed("  of which hashing the plan inputs", || region_sha256(&snapshot.region));
    timed("an export: the region as imported, and every visit", || store.export().unwrap().visits.len());
    timed("a second import of the same files (nothing changed)", || {
        store.import(&files, "again", today).unwrap()
    });
    drop(store);
    println!("  database {:.0} MB", size_mb(&db));

    let mut group = c.benchmark_group("store");
    group.sample_size(10).warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(60));
    group.bench_function("import 100 000 accounts, 500 reps, 1 000 000 visits", |b| {
        b.iter_batched(
            || {
                let fresh = tempfile::tempdir_in(dir.path()).unwrap();
                let store = Store::create(&fresh.path().join("team.db")).unwrap();
                (fresh, store)
            },
            |(fresh, mut store)| {
                black_box(store.import(&files, "bench", today).unwrap());
                (fresh, store)
            },
            BatchSize::PerIteration,
        )
    });
    let mut store = Store::open(&db).unwrap();
    group.bench_function("load a day's region and its due accounts", |b| {
        b.iter(|| {
            let snapshot = store.snapshot().unwrap();
            black_box(due_accounts(&snapshot.region.accounts, today).len())
        })
    });
    group.finish();
    let snapshot = store.snapshot().unwrap();
    println!(
        "{today}: {} of {} accounts due",
        due_accounts(&snapshot.region.accounts, today).len(),
        snapshot.region.accounts.len()
    );
}

criterion_group!(store, benches);
criterion_main!(store);
