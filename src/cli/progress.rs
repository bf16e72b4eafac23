//! The progress bar of long commands: drawn on stderr when it is a terminal
//! (indicatif hides it otherwise), never with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting `len` steps; hidden when `quiet`.
pub fn bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} [{elapsed} / ~{duration}]")
            .expect("a valid progress template"),
    );
    bar
}
