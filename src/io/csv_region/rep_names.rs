//! A rep named in a file: by id, or as a Japanese team's sheets name the rep
//! in a `担当者` column, by name (`山田 太郎`, spaces not counted). One
//! lookup for every reader that names a rep (an account's territory, an
//! absence, an appointment, a territory split), so a name reads the same in
//! all of them.

use crate::io::shown;
use crate::model::Rep;

/// The reps of a region, found by id or by name.
pub(crate) struct RepNames<'r> {
    reps: &'r [Rep],
    /// Each named rep's name without spaces, and its index.
    names: Vec<(String, usize)>,
}

/// Why a text names no one rep.
pub(crate) enum NoRep<'r> {
    /// Neither a rep's id nor a rep's name.
    Unknown,
    /// The name of several reps: their ids.
    Shared(Vec<&'r str>),
}

fn unspaced(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

impl<'r> RepNames<'r> {
    pub(crate) fn new(reps: &'r [Rep]) -> Self {
        let names = reps
            .iter()
            .enumerate()
            .filter(|(_, rep)| !rep.name.is_empty())
            .map(|(i, rep)| (unspaced(&rep.name), i));
        RepNames { reps, names: names.collect() }
    }

    /// The index of the rep `text` names: the rep with that id, or else the
    /// one rep with that name.
    pub(crate) fn find(&self, text: &str) -> Result<usize, NoRep<'r>> {
        if let Some(index) = self.reps.iter().position(|rep| rep.id == text) {
            return Ok(index);
        }
        let name = unspaced(text);
        let named: Vec<usize> = self.names.iter().filter(|(n, _)| *n == name).map(|&(_, i)| i).collect();
        match named[..] {
            [index] => Ok(index),
            [] => Err(NoRep::Unknown),
            _ => Err(NoRep::Shared(named.iter().map(|&i| self.reps[i].id.as_str()).collect())),
        }
    }
}

impl NoRep<'_> {
    /// The problem with `text`, a rep of `reps_source`: `unknown` when it
    /// names no rep (each reader says what it expected), else that the name
    /// is shared and the id is needed.
    pub(crate) fn problem(&self, text: &str, reps_source: &str, unknown: impl FnOnce() -> String) -> String {
        match self {
            NoRep::Unknown => unknown(),
            NoRep::Shared(ids) => format!(
                "`{}` is the name of {} reps in {reps_source} ({}); give the rep's id",
                shown(text),
                ids.len(),
                ids.join(", ")
            ),
        }
    }
}
