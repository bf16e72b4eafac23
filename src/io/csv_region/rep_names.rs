//! A rep named in a file: by id, or as a Japanese team's sheets name the rep
//! in a `担当者` column, by name (`山田 太郎`, spaces not counted). One
//! lookup for every reader that names a rep (an account's territory, an
//! absence, an appointment, a territory split), so a name reads the same in
//! all of them.

use std::collections::HashMap;

use crate::io::shown;
use crate::model::Rep;

/// The reps of a region, found by id or by name: a file naming a rep on each
/// of 100 000 rows looks each up in a table, not along the list of reps.
pub(crate) struct RepNames<'r> {
    reps: &'r [Rep],
    /// Each rep's index by id.
    ids: HashMap<&'r str, usize>,
    /// The indices of the reps of each name, without spaces.
    names: HashMap<String, Vec<usize>>,
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
        let mut ids = HashMap::with_capacity(reps.len());
        let mut names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, rep) in reps.iter().enumerate() {
            // The first of two equal ids, as a search along the list finds it.
            ids.entry(rep.id.as_str()).or_insert(i);
            if !rep.name.is_empty() {
                names.entry(unspaced(&rep.name)).or_default().push(i);
            }
        }
        RepNames { reps, ids, names }
    }

    /// The index of the rep `text` names: the rep with that id, or else the
    /// one rep with that name.
    pub(crate) fn find(&self, text: &str) -> Result<usize, NoRep<'r>> {
        if let Some(&index) = self.ids.get(text) {
            return Ok(index);
        }
        match self.names.get(&unspaced(text)).map(Vec::as_slice) {
            Some(&[index]) => Ok(index),
            None | Some([]) => Err(NoRep::Unknown),
            Some(named) => Err(NoRep::Shared(named.iter().map(|&i| self.reps[i].id.as_str()).collect())),
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
