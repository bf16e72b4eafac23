//! Running the `rounds` binary from tests, as a user would from the project folder.

use std::process::{Command, Output};

/// Runs `rounds` with `args` in the project folder.
pub fn rounds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rounds runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
