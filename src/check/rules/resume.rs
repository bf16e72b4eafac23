//! A re-planned route picks up again at its resume point: no earlier than the previous activity's end.

use crate::check::replay::Previous;
use crate::check::{Checker, ViolationKind};
use crate::model::plan::Resume;
use crate::model::{Hms, Seconds};

impl<'a> Checker<'a> {
    /// A resume comes after an existing stop, and not before the previous activity ends.
    pub(in crate::check) fn check_resume(
        &mut self,
        rep_id: &str,
        resume: &Resume,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
    ) {
        if resume.at_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} resumes at {} but {}",
                    Hms(resume.at_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        }
    }
}
