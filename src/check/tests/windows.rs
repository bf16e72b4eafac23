//! How a visit sits against a window: early, late or inside, and how the gap is written.

use super::*;

#[test]
fn spans_print_only_their_nonzero_parts() {
    assert_eq!(Span(0).to_string(), "0 s");
    assert_eq!(Span(40).to_string(), "40 s");
    assert_eq!(Span(30 * M).to_string(), "30 min");
    assert_eq!(Span(5 * M + 12).to_string(), "5 min 12 s");
    assert_eq!(Span(H + 5 * M).to_string(), "1 h 5 min");
    assert_eq!(Span(-65).to_string(), "-1 min 5 s");
    assert!(!Span(Seconds::MIN).to_string().is_empty());
}

#[test]
fn fit_tells_early_from_late() {
    let windows = [TimeWindow::new(13 * H, 16 * H), TimeWindow::new(9 * H, 11 * H)];
    let (morning, afternoon) = (windows[1], windows[0]);
    assert_eq!(fit(&windows, 9 * H, 10 * H), Fit::Inside);
    assert_eq!(fit(&windows, 13 * H, 16 * H), Fit::Inside);
    // Before the first window, or in the gap: the rep should have waited.
    assert_eq!(fit(&windows, 8 * H, 9 * H), Fit::Early { window: morning });
    assert_eq!(fit(&windows, 12 * H, 13 * H), Fit::Early { window: afternoon });
    // Runs past the close of the window it started in.
    assert_eq!(fit(&windows, 10 * H + 50 * M, 11 * H + 10 * M), Fit::Late { window: morning });
    // After the last window closed.
    assert_eq!(fit(&windows, 16 * H + M, 17 * H), Fit::Late { window: afternoon });
    assert_eq!(fit(&[], 0, 1), Fit::Inside);
}
