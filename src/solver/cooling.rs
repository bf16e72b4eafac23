//! The annealing's temperature over its budget, and when it starts hot.
//!
//! Temperatures fall geometrically from a start to an end, both a multiple
//! of the first solution's mean arc. On a day whose routes are full of due
//! visits that start is far too cold to give one up: leaving a due account
//! out costs at least [`Problem::due_from`], thousands of arcs, so the search
//! only ever descends in the weight it leaves out and keeps the first
//! choice of accounts it settles on. A hot phase first lets it trade an
//! account for room that fits two.

use super::problem::Problem;

/// Temperature of a hot start, as a multiple of the least skip cost of a due
/// task: a low-priority account is given up with probability e^(-1/10) at
/// first. With the hot phase as long as the share left out, the mean weights
/// left out on eight full days (seeds 1-16) changed in all by -6.9 at 10×,
/// against -4.9 at 3×, -5.5 at 30× and less at 1×; on eight days not tuned
/// on by -4.9 at 10× against -3.9 at 3× (docs/measurements.md).
const HOT_SKIPS: f64 = 10.0;

/// Longest share of the budget the hot phase takes: the rest anneals from
/// the usual start, where driving decides. Over the whole budget, days that
/// nearly fit lost driving; a fixed quarter gained less than the share left
/// out does (docs/measurements.md).
const HOT_SHARE_MAX: f64 = 0.5;

/// A temperature for each point of the budget.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cooling {
    /// Usual start and end temperature, in cost units.
    start: f64,
    end: f64,
    /// A hot phase before `start`: its temperature and the share of the
    /// budget over which it cools to `start`.
    hot: Option<(f64, f64)>,
}

impl Cooling {
    /// From `start` to `end` over the whole budget.
    pub(crate) fn new(start: f64, end: f64) -> Self {
        Cooling { start, end, hot: None }
    }

    /// Starts hot when the first solution's routes are full and it leaves
    /// out `due_out` of the problem's `due` tasks: the hot phase lasts that
    /// share of the budget (at most [`HOT_SHARE_MAX`]), so a day that nearly
    /// fits spends next to nothing on it and keeps its search for driving.
    pub(crate) fn hot_for_full_routes(self, problem: &Problem, due_out: usize, due: usize) -> Self {
        let Some(due_from) = problem.due_from() else { return self };
        let hot = HOT_SKIPS * due_from as f64;
        let share = (due_out as f64 / due.max(1) as f64).min(HOT_SHARE_MAX);
        if hot <= self.start || share <= 0.0 {
            return self;
        }
        Cooling { hot: Some((hot, share)), ..self }
    }

    /// The temperature `progress` (0 to 1) through the budget: geometric
    /// from the hot temperature to the start over the hot share, then from
    /// the start to the end over the rest.
    pub(crate) fn at(&self, progress: f64) -> f64 {
        let p = progress.clamp(0.0, 1.0);
        match self.hot {
            Some((hot, share)) if p < share => hot * (self.start / hot).powf(p / share),
            Some((_, share)) => self.start * (self.end / self.start).powf((p - share) / (1.0 - share)),
            None => self.start * (self.end / self.start).powf(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit;

    /// One task at one place, one vehicle: the cooling looks only at the due tier.
    fn problem() -> Problem {
        testkit::problem(
            [[0, 60], [60, 0]],
            vec![testkit::task(1, 300, (0, 3_600))],
            vec![testkit::vehicle((0, 7_200))],
        )
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }

    #[test]
    fn a_cold_schedule_falls_geometrically_from_start_to_end() {
        let cooling = Cooling::new(1_000.0, 1.0);
        assert!(close(cooling.at(0.0), 1_000.0));
        assert!(close(cooling.at(0.5), 1_000f64.sqrt()));
        assert!(close(cooling.at(1.0), 1.0));
    }

    #[test]
    fn a_hot_start_cools_to_the_usual_start_over_the_share_left_out_then_as_before() {
        let problem = problem().with_due_from(10_000_000);
        let cooling = Cooling::new(1_000.0, 1.0).hot_for_full_routes(&problem, 1, 5);
        assert!(close(cooling.at(0.0), 100_000_000.0));
        assert!(close(cooling.at(0.2), 1_000.0));
        assert!(close(cooling.at(0.6), 1_000f64.sqrt()));
        assert!(close(cooling.at(1.0), 1.0));
        let mut previous = f64::INFINITY;
        for step in 0..=100 {
            let t = cooling.at(f64::from(step) / 100.0);
            assert!(t <= previous, "temperature rises at {step} %");
            previous = t;
        }
        // Half the budget at most, however much is left out.
        let most = Cooling::new(1_000.0, 1.0).hot_for_full_routes(&problem, 9, 10);
        assert!(close(most.at(0.5), 1_000.0));
    }

    #[test]
    fn nothing_left_out_or_no_due_tier_keeps_the_cold_schedule() {
        let cold = Cooling::new(1_000.0, 1.0);
        let due = problem().with_due_from(10_000_000);
        assert_eq!(cold.hot_for_full_routes(&due, 0, 5), cold);
        assert_eq!(cold.hot_for_full_routes(&problem(), 2, 5), cold);
    }
}
