//! The influence graph: actors are petgraph nodes, relations expanded into
//! edges (a relation on a group becomes one regional edge per member).
//!
//! Every query the UI needs lives here, so widgets only lay out what it returns.

use std::collections::HashMap;

use petgraph::Direction as PgDirection;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::data::{Actor, Dataset, Group, Kind, Relation};

/// One expanded relation between two actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Index into `Dataset::relations`.
    pub relation: usize,
    /// Index into `Dataset::kinds`.
    pub kind: usize,
    /// Index into `Dataset::groups` when the source's claim is about a group
    /// as a whole rather than about this particular actor.
    pub regional: Option<usize>,
}

/// Which of an actor's edges to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    All,
    Outgoing,
    Incoming,
}

impl Direction {
    pub fn next(self) -> Direction {
        match self {
            Direction::All => Direction::Outgoing,
            Direction::Outgoing => Direction::Incoming,
            Direction::Incoming => Direction::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::All => "all",
            Direction::Outgoing => "outgoing",
            Direction::Incoming => "incoming",
        }
    }
}

/// Which kinds are shown: one flag per kind of the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindFilter(Vec<bool>);

impl KindFilter {
    pub fn all(kinds: usize) -> KindFilter {
        KindFilter(vec![true; kinds])
    }

    /// Nothing shown; `toggle` then turns kinds on one by one.
    pub fn none(kinds: usize) -> KindFilter {
        KindFilter(vec![false; kinds])
    }

    pub fn only(kinds: usize, kind: usize) -> KindFilter {
        KindFilter((0..kinds).map(|k| k == kind).collect())
    }

    pub fn allows(&self, kind: usize) -> bool {
        self.0.get(kind).copied().unwrap_or(false)
    }

    /// Toggles one kind; an index past the last kind is ignored.
    pub fn toggle(&mut self, kind: usize) {
        if let Some(on) = self.0.get_mut(kind) {
            *on = !*on;
        }
    }

    pub fn is_all(&self) -> bool {
        self.0.iter().all(|&on| on)
    }
}

/// How an edge looks from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    /// This actor is the supplier / investor / origin.
    Out,
    /// This actor is the recipient / destination.
    In,
    /// An undirected kind: no arrow.
    Both,
}

impl Arrow {
    pub fn symbol(self) -> &'static str {
        match self {
            Arrow::Out => "→",
            Arrow::In => "←",
            Arrow::Both => "↔",
        }
    }
}

/// One row of an actor's relations list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub edge: EdgeIndex,
    pub counterpart: NodeIndex,
    pub arrow: Arrow,
}

pub struct InfluenceGraph {
    pub data: Dataset,
    pub graph: DiGraph<usize, Edge>,
}

impl InfluenceGraph {
    /// Builds the graph from a validated dataset. Unknown references cannot
    /// occur after validation; if they do, the relation is skipped rather than
    /// crashing the browser.
    pub fn new(data: Dataset) -> InfluenceGraph {
        let mut graph = DiGraph::with_capacity(data.actors.len(), data.relations.len());
        for i in 0..data.actors.len() {
            graph.add_node(i);
        }
        let index: HashMap<&str, NodeIndex> =
            data.actors.iter().enumerate().map(|(i, a)| (a.id.as_str(), NodeIndex::new(i))).collect();
        let node_of = |id: &str| index.get(id).copied();
        for (r, rel) in data.relations.iter().enumerate() {
            let Some(kind) = data.kinds.iter().position(|k| k.id == rel.kind) else {
                continue;
            };
            let (from, from_group) = expand(&data, &rel.from, &node_of);
            let (to, to_group) = expand(&data, &rel.to, &node_of);
            let regional = from_group.or(to_group);
            for &a in &from {
                for &b in &to {
                    if a != b {
                        graph.add_edge(a, b, Edge { relation: r, kind, regional });
                    }
                }
            }
        }
        InfluenceGraph { data, graph }
    }

    pub fn actor(&self, node: NodeIndex) -> &Actor {
        &self.data.actors[self.graph[node]]
    }

    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge(&self, edge: EdgeIndex) -> &Edge {
        &self.graph[edge]
    }

    pub fn relation(&self, edge: EdgeIndex) -> &Relation {
        &self.data.relations[self.graph[edge].relation]
    }

    pub fn kind(&self, edge: EdgeIndex) -> &Kind {
        &self.data.kinds[self.graph[edge].kind]
    }

    pub fn regional_group(&self, edge: EdgeIndex) -> Option<&Group> {
        self.graph[edge].regional.map(|g| &self.data.groups[g])
    }

    pub fn endpoints(&self, edge: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.graph.edge_endpoints(edge).expect("edge index from this graph")
    }

    /// The other end of `edge` seen from `actor`.
    pub fn counterpart(&self, edge: EdgeIndex, actor: NodeIndex) -> NodeIndex {
        let (a, b) = self.endpoints(edge);
        if a == actor { b } else { a }
    }

    /// The actor's relations under a kind filter and direction, in dataset
    /// order. An undirected tie is both
    /// outgoing and incoming, so it shows under either direction.
    pub fn links(&self, actor: NodeIndex, kinds: &KindFilter, direction: Direction) -> Vec<Link> {
        let mut links = Vec::new();
        for (pg_dir, arrow) in [(PgDirection::Outgoing, Arrow::Out), (PgDirection::Incoming, Arrow::In)] {
            for e in self.graph.edges_directed(actor, pg_dir) {
                let edge = e.weight();
                if !kinds.allows(edge.kind) {
                    continue;
                }
                let directed = self.data.kinds[edge.kind].directed;
                let shown = match direction {
                    Direction::All => true,
                    Direction::Outgoing => !directed || arrow == Arrow::Out,
                    Direction::Incoming => !directed || arrow == Arrow::In,
                };
                if shown {
                    let counterpart = if arrow == Arrow::Out { e.target() } else { e.source() };
                    let arrow = if directed { arrow } else { Arrow::Both };
                    links.push(Link { edge: e.id(), counterpart, arrow });
                }
            }
        }
        // petgraph lists newest edges first; dataset order reads better.
        links.sort_by_key(|l| l.edge.index());
        links
    }

    /// How many edges of each kind the actor has under a direction.
    pub fn counts_per_kind(&self, actor: NodeIndex, direction: Direction) -> Vec<usize> {
        let mut counts = vec![0; self.data.kinds.len()];
        for link in self.links(actor, &KindFilter::all(counts.len()), direction) {
            counts[self.graph[link.edge].kind] += 1;
        }
        counts
    }

    /// Every edge the filter allows, in dataset order: the graph an export
    /// writes.
    pub fn edges(&self, kinds: &KindFilter) -> Vec<EdgeIndex> {
        self.graph.edge_references().filter(|e| kinds.allows(e.weight().kind)).map(|e| e.id()).collect()
    }

    /// A stable id for an expanded edge, unique in the graph (validation
    /// rules out a member listed twice): `relation-id:FROM->TO`.
    pub fn edge_id(&self, edge: EdgeIndex) -> String {
        let (a, b) = self.endpoints(edge);
        format!("{}:{}->{}", self.relation(edge).id, self.actor(a).id, self.actor(b).id)
    }

    /// The node of an actor id, if any.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.data.actors.iter().position(|a| a.id == id).map(NodeIndex::new)
    }
}

/// The actors an endpoint names: itself, or every member of a group (with the
/// group's index, which marks the resulting edges regional).
fn expand(data: &Dataset, id: &str, node_of: &impl Fn(&str) -> Option<NodeIndex>) -> (Vec<NodeIndex>, Option<usize>) {
    if let Some(node) = node_of(id) {
        return (vec![node], None);
    }
    match data.groups.iter().position(|g| g.id == id) {
        Some(g) => (data.groups[g].members.iter().filter_map(|m| node_of(m)).collect(), Some(g)),
        None => (Vec::new(), None),
    }
}
