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
    /// Edges per actor, direction (all, outgoing, incoming) and kind, so a
    /// count under any filter costs one pass over the kinds.
    counts: Vec<[Vec<usize>; 3]>,
    /// The edges each relation expanded into (edge indices are contiguous,
    /// as relations are added in order).
    relation_edges: Vec<std::ops::Range<usize>>,
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
        let mut relation_edges = Vec::with_capacity(data.relations.len());
        for (r, rel) in data.relations.iter().enumerate() {
            let first = graph.edge_count();
            let Some(kind) = data.kinds.iter().position(|k| k.id == rel.kind) else {
                relation_edges.push(first..first);
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
            relation_edges.push(first..graph.edge_count());
        }
        let mut built = InfluenceGraph { data, graph, relation_edges, counts: Vec::new() };
        built.counts = built
            .graph
            .node_indices()
            .map(|n| [Direction::All, Direction::Outgoing, Direction::Incoming].map(|d| built.counts_per_kind(n, d)))
            .collect();
        built
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

    /// The actor's relations under a kind filter and direction, grouped by
    /// kind, each kind in dataset order. An undirected tie is both
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
        // Grouped by kind, then in dataset order (petgraph lists newest first).
        links.sort_by_key(|l| (self.graph[l.edge].kind, l.edge.index()));
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

    /// The first edge a relation expanded into (none when, say, a group's
    /// only member is the other end).
    pub fn first_edge(&self, relation: usize) -> Option<EdgeIndex> {
        self.relation_edges.get(relation).filter(|r| !r.is_empty()).map(|r| EdgeIndex::new(r.start))
    }

    /// How many edges the actor has under a kind filter and direction:
    /// `links(..).len()` without listing them.
    pub fn count(&self, actor: NodeIndex, kinds: &KindFilter, direction: Direction) -> usize {
        let d = match direction {
            Direction::All => 0,
            Direction::Outgoing => 1,
            Direction::Incoming => 2,
        };
        self.counts
            .get(actor.index())
            .map_or(0, |c| c[d].iter().enumerate().filter(|&(k, _)| kinds.allows(k)).map(|(_, n)| n).sum())
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

/// How a pair is tied by one kind: by a claim naming the country, or only
/// by a claim about a group it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Regional,
    Country,
}

/// The ties of one kind between two actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tie {
    /// `Country` when at least one claim names the country itself.
    pub scope: Scope,
    pub edges: usize,
}

/// Per kind (in dataset order), the ties between two actors; `None` where
/// the sources say nothing.
pub type PairKinds = Vec<Option<Tie>>;

impl InfluenceGraph {
    /// For every counterpart of `actor`, which kinds tie them and how, under
    /// the filters. One pass over the actor's edges: a matrix row at once.
    pub fn pair_kinds(
        &self,
        actor: NodeIndex,
        kinds: &KindFilter,
        direction: Direction,
    ) -> HashMap<NodeIndex, PairKinds> {
        let mut row: HashMap<NodeIndex, PairKinds> = HashMap::new();
        for link in self.links(actor, kinds, direction) {
            let edge = &self.graph[link.edge];
            let scope = if edge.regional.is_some() { Scope::Regional } else { Scope::Country };
            let cell = row.entry(link.counterpart).or_insert_with(|| vec![None; self.data.kinds.len()]);
            let tie = cell[edge.kind].get_or_insert(Tie { scope, edges: 0 });
            tie.scope = tie.scope.max(scope);
            tie.edges += 1;
        }
        row
    }

    /// The matrix's axes: rows are the actors outside the dataset's first
    /// group (the outside powers), columns its members. Without groups (or
    /// when every actor is in the first group), all actors on both axes.
    pub fn matrix_axes(&self) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
        let all: Vec<NodeIndex> = self.graph.node_indices().collect();
        let Some(group) = self.data.groups.first() else {
            return (all.clone(), all);
        };
        let cols: Vec<NodeIndex> = group.members.iter().filter_map(|m| self.find(m)).collect();
        let rows: Vec<NodeIndex> = all.iter().copied().filter(|n| !cols.contains(n)).collect();
        if rows.is_empty() { (all.clone(), all) } else { (rows, cols) }
    }
}
