//! The HTML report as a user sees it: `scripts/browser-test.sh` plans the
//! sample day with `--html`, opens the report in headless Chromium (installing
//! Debian's `chromium` first when it is missing and we are root), and keeps the
//! DOM after layout and a screenshot in `target/browser/` (the CI artifact).
//! This is the only test that runs the script, so no two apt-get runs race.
//!
//! Set `ROUNDS_SKIP_BROWSER=1` to skip it on a machine without Chromium where
//! it cannot be installed.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::process::Command;

use rounds::report::drawing::rep_colour;

/// The window the script gives Chromium, and so the screenshot's size.
const WINDOW: (u32, u32) = (1280, 1400);
/// The script's exit code for "skipped".
const SKIPPED: i32 = 77;
/// Reps in the sample region.
const REPS: usize = 6;
/// A rep's colour on fewer pixels than this is only in the table's swatches
/// and the timeline's label (10 x 10 pixels each), not on a drawn map; the
/// sample day's shortest route colours about 1 400.
const MIN_ROUTE_PIXELS: usize = 500;

#[test]
fn the_sample_days_report_renders_routes_and_timelines_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new("bash")
        .arg(root.join("scripts/browser-test.sh"))
        .arg(env!("CARGO_BIN_EXE_rounds"))
        .current_dir(root)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    if run.status.code() == Some(SKIPPED) {
        eprintln!("{stderr}");
        return;
    }
    assert!(run.status.success(), "browser test script failed:\n{stderr}");
    let out = root.join("target/browser");

    let dom = std::fs::read_to_string(out.join("dom.html")).unwrap();
    assert!(dom.contains("<svg class=\"map\" id=\"map-2026-11-24\""), "no map in the DOM");
    assert_eq!(dom.matches("<polyline class=\"route\"").count(), REPS, "one route per rep");
    assert_eq!(dom.matches("<g class=\"timeline\"").count(), REPS, "one timeline per rep");
    assert!(dom.matches("class=\"block visit\"").count() >= 79, "a block per visit");

    let pixels = rgb_counts(&out.join("report.png"));
    assert!(pixels.len() > 50, "a blank screenshot: {} colours", pixels.len());
    for rep in 0..REPS {
        let colour = rgb(rep_colour(rep));
        let count = pixels.get(&colour).copied().unwrap_or(0);
        assert!(count >= MIN_ROUTE_PIXELS, "rep {rep}'s colour {} on {count} pixels only", rep_colour(rep));
    }
    let visit_blocks = pixels.get(&rgb("#2f5d8a")).copied().unwrap_or(0);
    assert!(visit_blocks >= 10_000, "visit blocks of the timelines on {visit_blocks} pixels only");
}

/// How many pixels of the screenshot have each colour; checks its size.
fn rgb_counts(path: &Path) -> HashMap<[u8; 3], usize> {
    let decoder = png::Decoder::new(std::io::BufReader::new(File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    assert_eq!((frame.width, frame.height), WINDOW, "the screenshot has the window's size");
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let channels = match frame.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let mut counts = HashMap::new();
    for pixel in buffer[..frame.buffer_size()].chunks_exact(channels) {
        *counts.entry([pixel[0], pixel[1], pixel[2]]).or_insert(0) += 1;
    }
    counts
}

/// `#rrggbb` as bytes.
fn rgb(hex: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap();
    [byte(0), byte(1), byte(2)]
}
