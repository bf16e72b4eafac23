//! Running the `rounds` binary from tests, as a user would from the project folder.

pub mod server;

use std::process::{Command, Output};

/// Runs `rounds` with `args` in the project folder, in English whatever
/// the locale of the machine running the tests (`--lang` picks another).
pub fn rounds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .expect("rounds runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `rounds` like [`rounds`] and fails the test, showing the command
/// and its output, unless it succeeds.
#[allow(dead_code)] // not every test binary asks for a run that must succeed
pub fn run_ok(args: &[&str]) -> Output {
    let run = rounds(args);
    assert!(run.status.success(), "rounds {}:\n{}{}", args.join(" "), text(&run.stdout), text(&run.stderr));
    run
}

/// [`run_ok`]'s standard output as text.
#[allow(dead_code)] // not every test binary reads what a successful run prints
pub fn stdout_ok(args: &[&str]) -> String {
    text(&run_ok(args).stdout)
}
