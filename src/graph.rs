//! The influence graph: actors are petgraph nodes, relations expanded into
//! edges (a relation on a group becomes one regional edge per member).
//!
//! Every query the UI needs lives here, so widgets only lay out what it returns.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

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
    /// Shared, so that work on the text (the search index) can run on
    /// another thread.
    pub data: Arc<Dataset>,
    pub graph: DiGraph<usize, Edge>,
    /// The edges each relation expanded into (edge indices are contiguous,
    /// as relations are added in order).
    relation_edges: Vec<std::ops::Range<usize>>,
    /// Actor id -> node and relation id -> position: records are addressed
    /// by id, so these lookups are on every path that restores a selection.
    /// Where relations go: actor and kind ids to nodes and kinds.
    placer: Arc<Placer>,
    /// Relation ids by a hash of the id, not a copy of it: a million
    /// relations would otherwise hold a million more strings. The id is
    /// compared on lookup; a hash shared by two ids falls back to a scan.
    relation_index: HashMap<u64, usize>,
    /// How many relations, from the first, `relation_index` holds: while a
    /// big file streams in, the others are found by a scan until an index
    /// built on another thread is put in (`set_relation_index`).
    indexed: usize,
    /// Whether relations go into `relation_index` as they are added.
    index_as_added: bool,
    /// Whether any relation has a period: only then can a time filter
    /// hide one.
    pub has_periods: bool,
    /// What counting more edges needs to go on from where it stopped.
    tally: Tally,
}

impl InfluenceGraph {
    /// Builds the graph from a validated dataset. Unknown references cannot
    /// occur after validation; if they do, the relation is skipped rather than
    /// crashing the browser.
    pub fn new(data: Dataset) -> InfluenceGraph {
        InfluenceGraph::showing(Arc::new(data), |_| true)
    }

    /// The graph of the relations `shows` keeps (a time filter), over all
    /// of `data`: relations keep their positions and ids, those left out
    /// simply have no edges, so a selection by id survives the filter.
    pub fn showing(data: Arc<Dataset>, shows: impl Fn(&Relation) -> bool) -> InfluenceGraph {
        let mut graph = DiGraph::with_capacity(data.actors.len(), data.relations.len());
        for i in 0..data.actors.len() {
            graph.add_node(i);
        }
        let placer = Arc::new(Placer::new(&data));
        let tally = Tally::new(graph.node_count(), data.kinds.len());
        let mut built = InfluenceGraph {
            data,
            has_periods: false,
            graph,
            relation_edges: Vec::new(),
            placer,
            relation_index: HashMap::new(),
            indexed: 0,
            index_as_added: true,
            tally,
        };
        built.add_relations(0, &shows, None);
        built
    }

    /// Adds relations that came in after the others (a file loading in
    /// batches): they go to the end of the dataset, their edges after the
    /// others', and every count goes on from where it was, as if the graph
    /// had been built with them. `shows` is the time filter's. Gives the
    /// relations back when the dataset is shared (the search index is
    /// being built on another thread): then nothing changes.
    pub fn extend(
        &mut self,
        relations: Vec<Relation>,
        placed: Option<Vec<Placed>>,
        shows: impl Fn(&Relation) -> bool,
    ) -> Result<(), Vec<Relation>> {
        let Some(data) = Arc::get_mut(&mut self.data) else { return Err(relations) };
        let from = data.relations.len();
        data.relations.extend(relations);
        self.add_relations(from, &shows, placed);
        Ok(())
    }

    /// Works out where relations go from the header alone (actor, group
    /// and kind ids), so the loading threads can do it for the browser.
    pub fn placer(&self) -> Arc<Placer> {
        Arc::clone(&self.placer)
    }

    /// Room for `more` relations, so a growing dataset is not copied as
    /// it grows (a file's size says about how many are coming).
    pub fn reserve(&mut self, more: usize) {
        if let Some(data) = Arc::get_mut(&mut self.data) {
            data.relations.reserve(more);
        }
        self.relation_edges.reserve(more);
        if self.index_as_added {
            self.relation_index.reserve(more);
        }
    }

    /// Expands `relations[from..]` into edges and counts them; `placed`
    /// says where each goes when the loading threads worked it out.
    fn add_relations(&mut self, from: usize, shows: &dyn Fn(&Relation) -> bool, placed: Option<Vec<Placed>>) {
        let data = Arc::clone(&self.data);
        let placed = placed
            .filter(|p| p.len() == data.relations.len() - from)
            .unwrap_or_else(|| data.relations[from..].iter().map(|r| self.placer.place(r)).collect());
        let first_edge = self.graph.edge_count();
        for (k, p) in placed.into_iter().enumerate() {
            let r = from + k;
            if self.index_as_added {
                self.relation_index.entry(p.id_hash).or_insert(r);
            }
            self.has_periods |= p.has_period;
            let first = self.graph.edge_count();
            // Only a relation with a period can be hidden by the time filter.
            let Some(kind) = p.kind.filter(|_| !p.has_period || shows(&data.relations[r])) else {
                self.relation_edges.push(first..first);
                continue;
            };
            let (from_nodes, to_nodes) = (self.placer.nodes(&p.from), self.placer.nodes(&p.to));
            for &a in from_nodes {
                for &b in to_nodes {
                    if a != b {
                        self.graph.add_edge(a, b, Edge { relation: r, kind, regional: p.regional });
                    }
                }
            }
            self.relation_edges.push(first..self.graph.edge_count());
        }
        self.tally.add(&data, &self.graph, first_edge);
        if self.index_as_added {
            self.indexed = data.relations.len();
        }
    }

    /// Relations added from now on are not indexed by id as they come (a
    /// big file streaming in: a million inserts would cost the browser a
    /// second); `relation_index` scans for them until `set_relation_index`.
    pub fn defer_relation_index(&mut self) {
        self.index_as_added = false;
    }

    /// Whether some relations are not in the index by id.
    pub fn relation_index_pending(&self) -> bool {
        self.indexed < self.data.relations.len()
    }

    /// The index by id of `data`'s relations, for `set_relation_index`:
    /// built on another thread.
    pub fn build_relation_index(data: &Dataset) -> HashMap<u64, usize> {
        let mut index = HashMap::with_capacity(data.relations.len());
        for (i, r) in data.relations.iter().enumerate() {
            index.entry(id_hash(&r.id)).or_insert(i);
        }
        index
    }

    /// Puts in an index from `build_relation_index` of the first `covers`
    /// relations; those after are added to it, and so are relations from
    /// now on.
    pub fn set_relation_index(&mut self, index: HashMap<u64, usize>, covers: usize) {
        self.relation_index = index;
        for (i, r) in self.data.relations.iter().enumerate().skip(covers) {
            self.relation_index.entry(id_hash(&r.id)).or_insert(i);
        }
        self.indexed = self.data.relations.len();
        self.index_as_added = true;
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
        let mut keyed = Vec::new();
        for (pg_dir, arrow) in [(PgDirection::Outgoing, Arrow::Out), (PgDirection::Incoming, Arrow::In)] {
            for e in self.graph.edges_directed(actor, pg_dir) {
                let counterpart = if arrow == Arrow::Out { e.target() } else { e.source() };
                if let Some(link) = self.link(e.id(), e.weight(), counterpart, arrow, kinds, direction) {
                    keyed.push((link_order(e.weight().kind, e.id()), link));
                }
            }
        }
        // Grouped by kind, then in dataset order (petgraph lists newest
        // first); the key is taken once per link, not once per comparison.
        keyed.sort_unstable_by_key(|&(key, _)| key);
        keyed.into_iter().map(|(_, link)| link).collect()
    }

    /// `links` after edges from `first_edge` on were added, from the
    /// links before (`old`, as `links` gave them): only the new edges are
    /// looked at, and the two lists merged. A file loading in batches
    /// lists the selected actor's links this way after every batch.
    pub fn links_added(
        &self,
        old: &[Link],
        actor: NodeIndex,
        kinds: &KindFilter,
        direction: Direction,
        first_edge: usize,
    ) -> Vec<Link> {
        let mut new: Vec<(u64, Link)> = (first_edge..self.graph.edge_count())
            .map(EdgeIndex::new)
            .filter_map(|e| {
                let (source, target) = self.endpoints(e);
                let (counterpart, arrow) = if source == actor {
                    (target, Arrow::Out)
                } else if target == actor {
                    (source, Arrow::In)
                } else {
                    return None;
                };
                let link = self.link(e, &self.graph[e], counterpart, arrow, kinds, direction)?;
                Some((link_order(self.graph[e].kind, e), link))
            })
            .collect();
        // In edge order already: grouping by kind keeps that order.
        new.sort_by_key(|&(key, _)| key >> 40);
        // Every new edge comes after every old one: each kind's new links
        // go at the end of its group (found by bisection, as the old
        // links are grouped by kind).
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let mut rest = old;
        for group in new.chunk_by(|a, b| a.0 >> 40 == b.0 >> 40) {
            let kind = (group[0].0 >> 40) as usize;
            let cut = rest.partition_point(|l| self.graph[l.edge].kind <= kind);
            merged.extend_from_slice(&rest[..cut]);
            rest = &rest[cut..];
            merged.extend(group.iter().map(|&(_, l)| l));
        }
        merged.extend_from_slice(rest);
        merged
    }

    /// The link `edge` makes for the actor at its `arrow` end, if the
    /// filters show it.
    fn link(
        &self,
        edge: EdgeIndex,
        weight: &Edge,
        counterpart: NodeIndex,
        arrow: Arrow,
        kinds: &KindFilter,
        direction: Direction,
    ) -> Option<Link> {
        if !kinds.allows(weight.kind) {
            return None;
        }
        let directed = self.data.kinds[weight.kind].directed;
        let shown = match direction {
            Direction::All => true,
            Direction::Outgoing => !directed || arrow == Arrow::Out,
            Direction::Incoming => !directed || arrow == Arrow::In,
        };
        let arrow = if directed { arrow } else { Arrow::Both };
        shown.then_some(Link { edge, counterpart, arrow })
    }

    /// How many edges of each kind the actor has under a direction.
    pub fn counts_per_kind(&self, actor: NodeIndex, direction: Direction) -> Vec<usize> {
        self.tally
            .counts
            .get(actor.index())
            .map_or_else(|| vec![0; self.data.kinds.len()], |c| c[dir_index(direction)].clone())
    }

    /// The first edge a relation expanded into (none when, say, a group's
    /// only member is the other end).
    pub fn first_edge(&self, relation: usize) -> Option<EdgeIndex> {
        self.relation_edges.get(relation).filter(|r| !r.is_empty()).map(|r| EdgeIndex::new(r.start))
    }

    /// How many edges the actor has under a kind filter and direction:
    /// `links(..).len()` without listing them.
    pub fn count(&self, actor: NodeIndex, kinds: &KindFilter, direction: Direction) -> usize {
        let d = dir_index(direction);
        self.tally
            .counts
            .get(actor.index())
            .map_or(0, |c| c[d].iter().enumerate().filter(|&(k, _)| kinds.allows(k)).map(|(_, n)| n).sum())
    }

    /// How many relations (claims) the actor is part of under a kind filter
    /// and direction; `count` gives the edges (ties) they expand into.
    pub fn claims(&self, actor: NodeIndex, kinds: &KindFilter, direction: Direction) -> usize {
        let d = dir_index(direction);
        self.tally
            .claims
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
        self.placer.actor_index.get(id).copied()
    }

    /// The position of a relation id in `Dataset::relations`, if any.
    pub fn relation_index(&self, id: &str) -> Option<usize> {
        let relations = &self.data.relations;
        match self.relation_index.get(&id_hash(id)) {
            Some(&i) if relations.get(i).is_some_and(|r| r.id == id) => Some(i),
            // Another id with the same hash came first: look it up the slow way.
            Some(_) => relations.iter().position(|r| r.id == id),
            // Not indexed, or not yet.
            None => relations.iter().skip(self.indexed).position(|r| r.id == id).map(|i| self.indexed + i),
        }
    }

    /// Every edge a relation expanded into.
    pub fn relation_edges(&self, relation: usize) -> impl Iterator<Item = EdgeIndex> + use<> {
        self.relation_edges.get(relation).cloned().unwrap_or(0..0).map(EdgeIndex::new)
    }
}

/// The actors an endpoint names: itself, or every member of a group (with the
/// group's index, which marks the resulting edges regional).
/// Where a relation goes in the graph: its kind, the nodes at each end (a
/// group's members for a group), the group that makes it regional, and its
/// id's hash. Worked out from the header alone.
#[derive(Debug, Clone)]
pub struct Placed {
    kind: Option<usize>,
    from: End,
    to: End,
    regional: Option<usize>,
    id_hash: u64,
    has_period: bool,
}

/// What a relation's `from` or `to` names: nothing on the heap, so the
/// loading threads hand over placements without allocating.
#[derive(Debug, Clone, Copy)]
enum End {
    Actor(NodeIndex),
    /// A group, by index: its members are the ends.
    Group(usize),
    /// Neither an actor nor a group (validation reports it): no edges.
    Unknown,
}

/// Actor, group and kind ids to what they stand for in the graph.
#[derive(Debug)]
pub struct Placer {
    actor_index: HashMap<String, NodeIndex>,
    /// Each group id and its index (the first of two with one id).
    groups: HashMap<String, usize>,
    /// Each group's members, by group index.
    members: Vec<Vec<NodeIndex>>,
    kind_of: HashMap<String, usize>,
}

impl Placer {
    pub fn new(data: &Dataset) -> Placer {
        let mut actor_index = HashMap::with_capacity(data.actors.len());
        for (i, a) in data.actors.iter().enumerate() {
            // The first of two actors with one id wins (validation reports it).
            actor_index.entry(a.id.clone()).or_insert(NodeIndex::new(i));
        }
        let mut groups = HashMap::with_capacity(data.groups.len());
        for (g, group) in data.groups.iter().enumerate() {
            groups.entry(group.id.clone()).or_insert(g);
        }
        let members = (data.groups.iter())
            .map(|group| group.members.iter().filter_map(|m| actor_index.get(m.as_str()).copied()).collect())
            .collect();
        let mut kind_of = HashMap::with_capacity(data.kinds.len());
        for (i, k) in data.kinds.iter().enumerate() {
            kind_of.entry(k.id.clone()).or_insert(i);
        }
        Placer { actor_index, groups, members, kind_of }
    }

    /// Where `r` goes. An id that is neither an actor nor a group gives
    /// no edges (validation reports it).
    pub fn place(&self, r: &Relation) -> Placed {
        let (from, to) = (self.end(&r.from), self.end(&r.to));
        let group = |end| match end {
            End::Group(g) => Some(g),
            _ => None,
        };
        Placed {
            kind: self.kind_of.get(r.kind.as_str()).copied(),
            from,
            to,
            regional: group(from).or(group(to)),
            id_hash: id_hash(&r.id),
            has_period: r.period.is_some(),
        }
    }

    /// What an actor or group id names.
    fn end(&self, id: &str) -> End {
        if let Some(&node) = self.actor_index.get(id) {
            return End::Actor(node);
        }
        self.groups.get(id).map_or(End::Unknown, |&g| End::Group(g))
    }

    /// The actors an end stands for: itself, or a group's members.
    fn nodes<'a>(&'a self, end: &'a End) -> &'a [NodeIndex] {
        match end {
            End::Actor(node) => std::slice::from_ref(node),
            End::Group(g) => &self.members[*g],
            End::Unknown => &[],
        }
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
    /// Some of them run from the column's actor to the row's (a directed
    /// kind): shown marked, so that a cell never reads the wrong way.
    pub incoming: bool,
}

/// Per kind (in dataset order), the ties between two actors; `None` where
/// the sources say nothing.
pub type PairKinds = Vec<Option<Tie>>;

impl InfluenceGraph {
    /// The whole matrix under the filters: each (row, column) cell and the
    /// totals per kind of each row and column. From the tallies made at load:
    /// no pass over the edges.
    ///
    /// A directed tie sits in the row of its `from` and the column of its
    /// `to`. In a square matrix (the same actors on both axes) that is its
    /// only cell, whatever `direction` says; with other axes, a tie that
    /// runs column -> row shows too, marked `incoming`, and `direction`
    /// filters from the row's side.
    pub fn matrix_cells(
        &self,
        rows: &[NodeIndex],
        cols: &[NodeIndex],
        kinds: &KindFilter,
        direction: Direction,
    ) -> MatrixCells {
        let n_kinds = self.data.kinds.len();
        let square = rows == cols;
        let directed: Vec<bool> = self.data.kinds.iter().map(|k| k.directed).collect();
        let mut col_of = vec![None; self.graph.node_count()];
        for (c, &node) in cols.iter().enumerate() {
            col_of[node.index()] = Some(c);
        }
        let mut cells = vec![None; rows.len() * cols.len()];
        let mut row_totals = vec![vec![0; n_kinds]; rows.len()];
        let mut col_totals = vec![vec![0; n_kinds]; cols.len()];
        for (r, &row) in rows.iter().enumerate() {
            for (other, tallies) in self.tally.row(row) {
                let Some(c) = col_of[other.index()] else { continue };
                let Some(ties) = cell(tallies, direction, kinds, &directed, square) else { continue };
                for (k, tie) in ties.iter().enumerate() {
                    let edges = tie.map_or(0, |t| t.edges);
                    row_totals[r][k] += edges;
                    col_totals[c][k] += edges;
                }
                cells[r * cols.len() + c] = Some(ties);
            }
        }
        MatrixCells { cols: cols.len(), cells, row_totals, col_totals }
    }

    /// Every pair of actors tied by an edge of a shown kind, once.
    pub fn tied_pairs(&self, kinds: &KindFilter) -> Vec<(NodeIndex, NodeIndex)> {
        let mut pairs = Vec::new();
        for a in self.graph.node_indices() {
            for (b, tallies) in self.tally.row(a) {
                let tied = tallies.iter().enumerate().any(|(k, t)| kinds.allows(k) && t[0] != [0, 0]);
                if a < b && tied {
                    pairs.push((a, b));
                }
            }
        }
        pairs
    }

    /// The matrix's axes: with `columns` a group id, its members are the
    /// columns and the actors outside it (the outside powers) the rows. With
    /// `None`, an unknown group, or a group every actor is in, all actors on
    /// both axes.
    pub fn matrix_axes(&self, columns: Option<&str>) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
        let all: Vec<NodeIndex> = self.graph.node_indices().collect();
        let Some(group) = columns.and_then(|id| self.data.group(id)) else {
            return (all.clone(), all);
        };
        let cols: Vec<NodeIndex> = group.members.iter().filter_map(|m| self.find(m)).collect();
        let mut in_cols = vec![false; all.len()];
        cols.iter().for_each(|n| in_cols[n.index()] = true);
        let rows: Vec<NodeIndex> = all.iter().copied().filter(|n| !in_cols[n.index()]).collect();
        if rows.is_empty() { (all.clone(), all) } else { (rows, cols) }
    }
}

/// The matrix under some filters (see `InfluenceGraph::matrix_cells`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixCells {
    cols: usize,
    cells: Vec<Option<PairKinds>>,
    /// Edges per kind of each row's actor with the columns' actors.
    pub row_totals: Vec<Vec<usize>>,
    /// Edges per kind of each column's actor with the rows' actors.
    pub col_totals: Vec<Vec<usize>>,
}

impl MatrixCells {
    /// The ties of a cell; `None` where the sources say nothing.
    pub fn cell(&self, row: usize, col: usize) -> Option<&PairKinds> {
        self.cells.get(row * self.cols + col)?.as_ref()
    }
}

/// Edge counts between two actors for one kind: per direction (all,
/// outgoing, incoming, as `links` lists them), country-specific and regional.
type PairTally = [[u32; 2]; 3];

/// A pair's ties per kind under the filters, from its tallies (seen from
/// the row's actor); `None` when no shown kind ties them.
fn cell(
    tallies: &[PairTally],
    direction: Direction,
    kinds: &KindFilter,
    directed: &[bool],
    square: bool,
) -> Option<PairKinds> {
    let (all, out, inward) = (0, 1, 2);
    let ties: PairKinds = tallies
        .iter()
        .enumerate()
        .map(|(k, t)| {
            // Which tallies show, and whether they include column -> row ties.
            let (d, incoming) = match (directed[k], direction) {
                (false, d) => (dir_index(d), false),
                (true, _) if square => (out, false),
                (true, Direction::All) => (all, t[inward] != [0, 0]),
                (true, Direction::Outgoing) => (out, false),
                (true, Direction::Incoming) => (inward, true),
            };
            let [country, regional] = t[d];
            (kinds.allows(k) && country + regional > 0).then(|| Tie {
                scope: if country > 0 { Scope::Country } else { Scope::Regional },
                edges: (country + regional) as usize,
                incoming,
            })
        })
        .collect();
    ties.iter().any(Option::is_some).then_some(ties)
}

fn dir_index(direction: Direction) -> usize {
    match direction {
        Direction::All => 0,
        Direction::Outgoing => 1,
        Direction::Incoming => 2,
    }
}

/// Where a link goes in `links`: by kind, then by edge (dataset order).
fn link_order(kind: usize, edge: EdgeIndex) -> u64 {
    ((kind as u64) << 40) | edge.index() as u64
}

/// The hash `relation_index` files an id under (fixed, so lookups agree).
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x67726561).hash_one(id)
}

/// Counts per actor, direction and kind.
type Counts = Vec<[Vec<usize>; 3]>;

/// The counts the views need, kept so that more edges can be counted later.
#[derive(Debug, Clone)]
struct Tally {
    /// Edges per actor, direction (all, outgoing, incoming) and kind, so a
    /// count under any filter costs one pass over the kinds.
    counts: Counts,
    /// Relations (claims) per actor, direction and kind: a claim about a
    /// group is one claim for each member, however many edges it made.
    claims: Counts,
    /// Per actor, each counterpart and where their tallies are in
    /// `pair_tallies`: a matrix row under any filter without a pass over
    /// the edges.
    pairs: Vec<Vec<(NodeIndex, usize)>>,
    /// The edges between two actors per kind, direction and scope, one
    /// slot of `kinds` tallies per (actor, counterpart): one array, not a
    /// list per pair, as every edge adds to two of them.
    pair_tallies: Vec<PairTally>,
    kinds: usize,
    /// The last relation counted for each actor and direction: a
    /// relation's edges are contiguous, so this counts each relation once
    /// per actor.
    last: Vec<[usize; 3]>,
    /// Where each (actor, counterpart)'s tallies start in `pair_tallies`.
    pair_of: HashMap<(NodeIndex, NodeIndex), usize>,
}

impl Tally {
    fn new(actors: usize, kinds: usize) -> Tally {
        let counts = vec![[vec![0; kinds], vec![0; kinds], vec![0; kinds]]; actors];
        Tally {
            claims: counts.clone(),
            counts,
            pairs: vec![Vec::new(); actors],
            pair_tallies: Vec::new(),
            kinds,
            last: vec![[usize::MAX; 3]; actors],
            pair_of: HashMap::new(),
        }
    }

    /// An actor's counterparts, each with its tallies per kind.
    fn row(&self, actor: NodeIndex) -> impl Iterator<Item = (NodeIndex, &[PairTally])> {
        let row = self.pairs.get(actor.index()).map_or(&[][..], Vec::as_slice);
        row.iter().map(|&(other, at)| (other, &self.pair_tallies[at..at + self.kinds]))
    }

    /// Counts the edges from `first` on.
    fn add(&mut self, data: &Dataset, graph: &DiGraph<usize, Edge>, first: usize) {
        let kinds = data.kinds.len();
        for e in (first..graph.edge_count()).map(EdgeIndex::new) {
            let edge = &graph[e];
            let (source, target) = graph.edge_endpoints(e).expect("an edge of this graph");
            let undirected = !data.kinds[edge.kind].directed;
            let scope = usize::from(edge.regional.is_some());
            for (me, other, out) in [(source, target, true), (target, source, false)] {
                let dirs = [true, out || undirected, !out || undirected];
                for (d, on) in dirs.into_iter().enumerate() {
                    if on {
                        self.counts[me.index()][d][edge.kind] += 1;
                        if std::mem::replace(&mut self.last[me.index()][d], edge.relation) != edge.relation {
                            self.claims[me.index()][d][edge.kind] += 1;
                        }
                    }
                }
                let at = *self.pair_of.entry((me, other)).or_insert_with(|| {
                    self.pairs[me.index()].push((other, self.pair_tallies.len()));
                    self.pair_tallies.resize(self.pair_tallies.len() + kinds, [[0; 2]; 3]);
                    self.pair_tallies.len() - kinds
                });
                let tally = &mut self.pair_tallies[at + edge.kind];
                for (d, on) in dirs.into_iter().enumerate() {
                    if on {
                        tally[d][scope] += 1;
                    }
                }
            }
        }
    }
}
