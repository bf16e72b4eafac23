//! The `rounds` command line: a thin layer over the `rounds` library.

mod cli;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_default_sigpipe();
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // With standard error unwritable too, the exit code is all that is left to tell.
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            cli::exit_code_for(&err)
        }
    }
}

/// Rust ignores SIGPIPE, so printing a plan into `head` or a pager that quits
/// early would make every later write to standard output fail with an error.
/// A command-line tool is expected to end quietly instead, as `cat` does:
/// restore the default action.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; setting a
    // signal's disposition to its default has no other effect on this process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
