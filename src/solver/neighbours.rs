//! The granular neighbourhood: for each task, the tasks it is worth putting
//! next to, built as a petgraph graph of tasks whose edges carry a proximity
//! that mixes travel cost with how well the two tasks' windows follow each
//! other (after Vidal et al. 2013).

use petgraph::graph::{DiGraph, NodeIndex};

use super::problem::Problem;

/// Weight of the wait that `a` then `b` would force.
const WAIT_WEIGHT: f64 = 0.2;
/// Weight of the lateness that `a` then `b` would force.
const LATE_WEIGHT: f64 = 1.0;

/// The `k` nearest tasks of every task, nearest first.
#[derive(Clone, Debug)]
pub struct Neighbours {
    lists: Vec<Vec<u32>>,
}

impl Neighbours {
    /// Builds the neighbourhood graph with up to `k` edges per task.
    pub fn build(problem: &Problem, k: usize) -> Self {
        let graph = proximity_graph(problem, k);
        let lists = graph
            .node_indices()
            .map(|node| {
                let mut edges: Vec<(f64, u32)> = graph
                    .edges(node)
                    .map(|e| (*e.weight(), petgraph::visit::EdgeRef::target(&e).index() as u32))
                    .collect();
                edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                edges.into_iter().map(|(_, t)| t).collect()
            })
            .collect();
        Neighbours { lists }
    }

    /// The neighbours of `task`, nearest first.
    #[inline]
    pub fn of(&self, task: usize) -> &[u32] {
        &self.lists[task]
    }
}

/// How bad it is to serve `b` right after `a`; smaller is closer.
fn proximity(problem: &Problem, a: usize, b: usize) -> f64 {
    let (ta, tb) = (&problem.tasks[a], &problem.tasks[b]);
    let travel = problem.drive_s(ta.place, tb.place);
    let a_open = ta.windows.first().map_or(0, |w| w.open);
    let a_close = ta.windows.last().map_or(0, |w| w.close);
    let b_open = tb.windows.first().map_or(0, |w| w.open);
    let b_close = tb.windows.last().map_or(0, |w| w.close);
    let wait = (b_open - a_close - ta.service_s - travel).max(0);
    let late = (a_open + ta.service_s + travel - b_close).max(0);
    problem.cost(ta.place, tb.place) as f64 + WAIT_WEIGHT * wait as f64 + LATE_WEIGHT * late as f64
}

fn proximity_graph(problem: &Problem, k: usize) -> DiGraph<(), f64> {
    let n = problem.tasks.len();
    let mut graph = DiGraph::with_capacity(n, n * k.min(n.saturating_sub(1)));
    let nodes: Vec<NodeIndex> = (0..n).map(|_| graph.add_node(())).collect();
    let mut scored: Vec<(f64, usize)> = Vec::with_capacity(n);
    for a in 0..n {
        scored.clear();
        scored.extend((0..n).filter(|&b| b != a).map(|b| {
            // Symmetric: a task is near another if either order works well.
            (proximity(problem, a, b).min(proximity(problem, b, a)), b)
        }));
        let keep = k.min(scored.len());
        if keep < scored.len() {
            scored.select_nth_unstable_by(keep, |x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        }
        for &(weight, b) in &scored[..keep] {
            graph.add_edge(nodes[a], nodes[b], weight);
        }
    }
    graph
}
