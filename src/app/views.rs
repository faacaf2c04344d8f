//! The views' own event handling: the list's panes, the map's capitals and
//! the matrix's cells, with clicks and the wheel placed by the last frame.

use std::rc::Rc;

use petgraph::graph::NodeIndex;
use ratatui::layout::Position;

use super::{Action, ActorRow, App, Overlay, PairPopup, Pane, SourcesFocus, View, clamp_step};
use crate::geo::{self, Heading};

impl App {
    /// The current view's keys; `false` when the view has no use for the
    /// action (the keys every view shares then get it).
    pub(super) fn handle_view(&mut self, action: &Action) -> bool {
        let page = self.page() as isize;
        match (self.view, action) {
            (View::List, Action::Up) if self.list.focus == Pane::Sources => self.select_quote(-1),
            (View::List, Action::Down) if self.list.focus == Pane::Sources => self.select_quote(1),
            (View::List, Action::Up) => self.move_by(-1),
            (View::List, Action::Down) => self.move_by(1),
            (View::List, Action::Left | Action::FocusPrev) => self.list.focus = self.list.focus.step(-1),
            (View::List, Action::Right | Action::FocusNext) => self.list.focus = self.list.focus.step(1),
            (View::List, Action::PageUp) => self.move_by(-page),
            (View::List, Action::PageDown) => self.move_by(page),
            (View::List, Action::First) => self.move_by(isize::MIN / 2),
            (View::List, Action::Last) => self.move_by(isize::MAX / 2),
            (View::List, Action::Follow) => self.follow(),
            (View::List, Action::OpenSource) => self.open_selected_quote(),

            (View::Sources, _) => return self.handle_sources(action),

            (View::Map, Action::Up) => self.move_on_map(Heading::North),
            (View::Map, Action::Down) => self.move_on_map(Heading::South),
            (View::Map, Action::Left) => self.move_on_map(Heading::West),
            (View::Map, Action::Right) => self.move_on_map(Heading::East),
            (View::Map, Action::Follow) => {
                // The evidence stays one key away: the actor's relations and quotes.
                self.remember();
                self.view = View::List;
                self.list.focus = Pane::Relations;
            }
            (View::Map | View::Matrix, Action::Copy) => {
                self.status = Some("y copies the quote marked ▶ in the list view's evidence: F1 shows it".into())
            }

            (View::Matrix, Action::Up) => self.move_cell(-1, 0),
            (View::Matrix, Action::Down) => self.move_cell(1, 0),
            (View::Matrix, Action::Left) => self.move_cell(0, -1),
            (View::Matrix, Action::Right) => self.move_cell(0, 1),
            (View::Matrix, Action::PageUp) => self.move_cell(-page, 0),
            (View::Matrix, Action::PageDown) => self.move_cell(page, 0),
            (View::Matrix, Action::First) => self.move_cell(isize::MIN / 2, 0),
            (View::Matrix, Action::Last) => self.move_cell(isize::MAX / 2, 0),
            (View::Matrix, Action::Follow) => {
                let m = &self.matrix_view;
                if let (Some(&row), Some(&col)) = (m.rows.get(m.cell.0), m.cols.get(m.cell.1))
                    && row != col
                {
                    let (row, col) = (self.graph.actor(row).id.clone(), self.graph.actor(col).id.clone());
                    let popup = PairPopup::new(row, col);
                    // In figures mode, the cell's evidence opens at its measure.
                    if let Some(measure) = self.current_measure().filter(|_| self.figures_mode) {
                        *popup.reveal.borrow_mut() = Some(format!("Figures · {measure}"));
                    }
                    self.overlays.push(Overlay::Pair(popup));
                }
            }
            _ => return false,
        }
        true
    }

    /// Rows a page key moves in the focused pane, as last drawn.
    pub(super) fn page(&self) -> usize {
        let frame = self.last_frame.borrow();
        let height = match (self.view, self.list.focus) {
            (View::List, Pane::Actors) => frame.actors.area.height,
            (View::List, Pane::Relations) => frame.relations.area.height,
            (View::List, Pane::Sources) => frame.evidence.area.height,
            (View::Map | View::Matrix, _) => frame.body.height,
            (View::Sources, _) => match self.sources_view.focus {
                SourcesFocus::List => frame.sources.area.height,
                SourcesFocus::Text => frame.reader.area.height,
            },
        };
        usize::from(height.saturating_sub(3)).max(1)
    }

    /// Scrolls the evidence pane by lines, as far as there is text.
    fn scroll_sources(&mut self, delta: isize) {
        let max = self.last_frame.borrow().evidence.max_scroll() + 1;
        self.list.source_scroll.set(clamp_step(self.list.source_scroll.get(), delta, max));
        self.list.quote_in_view.set(false);
    }

    /// Selects another quote of the relation; the pane scrolls to it when
    /// drawn.
    fn select_quote(&mut self, delta: isize) {
        let quotes = self.selected_link().map_or(0, |l| self.graph.relation(l.edge).evidence.len());
        self.list.quote = clamp_step(self.list.quote, delta, quotes);
        self.scroll_to_quote();
    }

    pub(super) fn scroll_to_quote(&mut self) {
        self.list.quote_in_view.set(true);
    }

    /// Moves the selection in the focused pane by `delta` rows, clamped.
    fn move_by(&mut self, delta: isize) {
        match self.list.focus {
            Pane::Actors => {
                let to = clamp_step(self.actor, delta, self.actor_order.len());
                if to != self.actor {
                    self.actor = to;
                    self.list.relation = 0;
                    self.reset_evidence();
                }
            }
            Pane::Relations => {
                let to = clamp_step(self.list.relation, delta, self.links().len());
                if to != self.list.relation {
                    self.list.relation = to;
                    self.reset_evidence();
                }
            }
            Pane::Sources => self.scroll_sources(delta),
        }
    }

    fn follow(&mut self) {
        if self.list.focus == Pane::Actors {
            self.list.focus = Pane::Relations;
            return;
        }
        let Some(link) = self.selected_link() else { return };
        self.remember();
        let back = self.selected_actor();
        self.select_actor(link.counterpart);
        // Land on the relation we came by, so the evidence stays in view.
        let links = self.links();
        if let Some(pos) = links.iter().position(|l| l.edge == link.edge) {
            self.list.relation = pos;
        } else if let Some(pos) = links.iter().position(|l| Some(l.counterpart) == back) {
            self.list.relation = pos;
        }
        self.list.focus = Pane::Relations;
    }

    /// Selects what is under a click, where the last frame drew it: an
    /// actor, a relation, a matrix cell or a capital; a kind in the footer
    /// toggles it.
    pub(super) fn click(&mut self, x: u16, y: u16) {
        let frame = self.last_frame.borrow().clone();
        let inside = |r: ratatui::layout::Rect| r.contains(Position { x, y });
        if inside(frame.footer) {
            if let Some(kind) = frame.kind_at(x, y) {
                self.refilter(|app| app.kinds.toggle(kind));
            }
            return;
        }
        match self.view {
            View::List if inside(frame.actors.area) => {
                self.list.focus = Pane::Actors;
                if let Some(&ActorRow::Actor(pos)) = frame.actors.row_at(y).and_then(|row| self.actor_rows.get(row)) {
                    self.select_actor(self.actor_order[pos]);
                }
            }
            View::List if inside(frame.relations.area) => {
                self.list.focus = Pane::Relations;
                if let Some(row) = frame.relations.row_at(y)
                    && row < self.links().len()
                    && row != self.list.relation
                {
                    self.list.relation = row;
                    self.reset_evidence();
                }
            }
            View::List if inside(frame.evidence.area) => self.list.focus = Pane::Sources,
            View::Matrix => {
                if let Some((row, col)) = frame.grid.cell_at(x, y) {
                    self.matrix_view.cell = (row, col);
                    if let Some(&node) = self.matrix_view.rows.get(row) {
                        self.select_actor(node);
                    }
                }
            }
            View::Map => {
                if let Some(node) = frame.capital_near(x, y) {
                    self.select_actor(node);
                }
            }
            _ => {}
        }
    }

    /// The wheel moves the selection (or scrolls) in the pane under the
    /// pointer, without moving the focus.
    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let delta = if down { 1 } else { -1 };
        let pane = {
            let frame = self.last_frame.borrow();
            let inside = |r: ratatui::layout::Rect| r.contains(Position { x, y });
            match self.view {
                View::List if inside(frame.actors.area) => Pane::Actors,
                View::List if inside(frame.relations.area) => Pane::Relations,
                View::List if inside(frame.evidence.area) => Pane::Sources,
                View::Matrix if inside(frame.body) => Pane::Actors,
                _ => return,
            }
        };
        if self.view == View::Matrix {
            return self.move_cell(delta, 0);
        }
        let focus = std::mem::replace(&mut self.list.focus, pane);
        self.move_by(delta);
        self.list.focus = focus;
    }

    pub(super) fn show_view(&mut self, view: View) {
        self.view = view;
        if view == View::Matrix {
            self.sync_cell();
        }
    }

    /// Puts the matrix cursor on the selected actor's row or column.
    pub(super) fn sync_cell(&mut self) {
        let Some(actor) = self.selected_actor() else { return };
        let m = &mut self.matrix_view;
        if let Some(r) = m.rows.iter().position(|&n| n == actor) {
            m.cell.0 = r;
        } else if let Some(c) = m.cols.iter().position(|&n| n == actor) {
            m.cell.1 = c;
        }
    }

    /// Moves the matrix cursor; the actor of the row (or column) moved along
    /// becomes the selected actor, shared with the other views.
    fn move_cell(&mut self, rows: isize, cols: isize) {
        let m = &mut self.matrix_view;
        let (r, c) = m.cell;
        m.cell = (clamp_step(r, rows, m.rows.len()), clamp_step(c, cols, m.cols.len()));
        let moved = if rows != 0 { m.rows.get(m.cell.0) } else { m.cols.get(m.cell.1) };
        if let Some(&node) = moved {
            self.select_actor(node);
        }
    }

    fn move_on_map(&mut self, heading: Heading) {
        if let Some(actor) = self.selected_actor().map(|n| self.graph.actor(n))
            && actor.lon_lat().is_none()
        {
            self.status = Some(format!(
                "{} is not on the map (no coordinates): pick a capital with a click, or an actor in the list (F1)",
                actor.name
            ));
            return;
        }
        let points: Vec<_> = self.actor_order.iter().map(|&n| self.graph.actor(n).lon_lat()).collect();
        if let Some(to) = geo::nearest_in_direction(&points, self.actor, heading) {
            let node: NodeIndex = self.actor_order[to];
            self.select_actor(node);
        }
    }
}

/// What the views draw from that is costly to compute, kept between frames:
/// each keyed on everything it depends on, the data revision first, so it is
/// never stale (`Memo`). Render caches live here rather than in `App` itself.
#[derive(Default)]
pub(crate) struct ViewCaches {
    /// Each source's usage (`reader::usage`), for a revision.
    pub(crate) usage: super::Memo<u64, Rc<[crate::reader::Usage]>>,
    /// The quotes of the sources asked for, each once, with what they back
    /// (`reader::source_quotes`), by (revision, source): moving back to a
    /// source costs nothing.
    pub(crate) quotes: std::cell::RefCell<foldhash::HashMap<(u64, usize), Rc<crate::reader::SourceQuotes>>>,
    /// A source's text laid out, for a (revision, source, width).
    pub(crate) text_layout: super::Memo<(u64, usize, usize), Rc<crate::reader::TextLayout>>,
    /// How many lines the quotes of a source without a text take, counted
    /// as far as the view has needed (see `QuoteLayout`).
    pub(crate) quote_layout: std::cell::RefCell<Option<crate::reader::QuoteLayout>>,
    /// The map's country outlines, for a (revision, area): they do not
    /// depend on the filters (see `ui::map`).
    pub(crate) map_outlines: super::Memo<(u64, ratatui::layout::Rect), Rc<ratatui::buffer::Buffer>>,
    /// The map's other ties, a layer per set of kinds, for a (revision,
    /// area): a kind shown or hidden only puts them together again.
    pub(crate) map_ties: super::Memo<(u64, ratatui::layout::Rect), Rc<TieLayers>>,
    /// A pair's links under the filters (`pair_links`), for the last
    /// (revision, row, column, kinds, direction) asked.
    pub(crate) pair_links: super::Memo<PairKey, Rc<[crate::graph::Link]>>,
    /// How many quotes the dataset has (the help says), for a revision.
    pub(crate) quote_count: super::Memo<u64, usize>,
    /// Every actor's links, for a revision (`LinkIndex`).
    pub(crate) link_index: super::Memo<u64, Rc<LinkIndex>>,
}

/// Every actor's links under no filter, grouped by kind, each kind in
/// dataset order: `InfluenceGraph::links` for every actor at once, made in
/// one pass over the edges. An actor's links under any kinds and direction
/// are then its own kinds' runs, filtered by direction: a new actor or
/// filter costs its links, not a walk of the graph and a sort (tens of
/// milliseconds for a busy actor at 1M relations).
pub(crate) struct LinkIndex {
    kinds: usize,
    /// Actor `a`'s links of kind `k`: `links[at[a * kinds + k]..at[a * kinds + k + 1]]`.
    at: Vec<usize>,
    links: Vec<crate::graph::Link>,
}

impl LinkIndex {
    fn new(graph: &crate::graph::InfluenceGraph) -> LinkIndex {
        use crate::graph::{Arrow, Link};
        use petgraph::visit::EdgeRef;
        let kinds = graph.data.kinds.len();
        let runs = graph.graph.node_count() * kinds;
        // Each edge is a link for both its ends: from its source, outgoing;
        // from its target, incoming (for a loop, both, in that order).
        let ends = |e: &petgraph::graph::EdgeReference<'_, crate::graph::Edge>| {
            let kind = e.weight().kind;
            let directed = graph.data.kinds[kind].directed;
            let arrow = |a: Arrow| if directed { a } else { Arrow::Both };
            [
                (
                    e.source().index() * kinds + kind,
                    Link { edge: e.id(), counterpart: e.target(), arrow: arrow(Arrow::Out) },
                ),
                (
                    e.target().index() * kinds + kind,
                    Link { edge: e.id(), counterpart: e.source(), arrow: arrow(Arrow::In) },
                ),
            ]
        };
        let mut at = vec![0; runs + 1];
        for e in graph.graph.edge_references() {
            for (run, _) in ends(&e) {
                at[run + 1] += 1;
            }
        }
        for run in 0..runs {
            at[run + 1] += at[run];
        }
        // In edge order within each run: dataset order.
        let mut next = at.clone();
        let filler =
            Link { edge: petgraph::graph::EdgeIndex::new(0), counterpart: NodeIndex::new(0), arrow: Arrow::Both };
        let mut links = vec![filler; at[runs]];
        for e in graph.graph.edge_references() {
            for (run, link) in ends(&e) {
                links[next[run]] = link;
                next[run] += 1;
            }
        }
        LinkIndex { kinds, at, links }
    }

    /// `InfluenceGraph::links(actor, kinds, direction)`.
    fn links(
        &self,
        actor: NodeIndex,
        kinds: &crate::graph::KindFilter,
        direction: crate::graph::Direction,
    ) -> Vec<crate::graph::Link> {
        use crate::graph::{Arrow, Direction};
        let shown = |arrow: Arrow| match direction {
            Direction::All => true,
            Direction::Outgoing => arrow != Arrow::In,
            Direction::Incoming => arrow != Arrow::Out,
        };
        let first = actor.index() * self.kinds;
        if first + self.kinds >= self.at.len() {
            return Vec::new();
        }
        (0..self.kinds)
            .filter(|&k| kinds.allows(k))
            .flat_map(|k| &self.links[self.at[first + k]..self.at[first + k + 1]])
            .filter(|l| shown(l.arrow))
            .copied()
            .collect()
    }
}

/// The map's other ties: for each set of kinds (a bit per kind), the dots
/// (a braille pattern per cell) of the pairs those kinds tie.
pub(crate) type TieLayers = Vec<(u64, Vec<u8>)>;

/// What a pair's links depend on: revision, the two actors, kinds, direction.
type PairKey = (u64, NodeIndex, NodeIndex, crate::graph::KindFilter, crate::graph::Direction);

impl App {
    /// An actor's links under the current kinds and direction, as
    /// `InfluenceGraph::links` lists them, from the links of every actor
    /// (`LinkIndex`, once per revision).
    pub(crate) fn links_of(&self, actor: NodeIndex) -> Vec<crate::graph::Link> {
        // While a file loads every batch is a new revision: indexing every
        // actor's links for each would cost more than listing one actor's.
        if self.loading.is_some() {
            return self.graph.links(actor, &self.kinds, self.direction);
        }
        let index = self.caches.link_index.get(self.revision, || Rc::new(LinkIndex::new(&self.graph)));
        index.links(actor, &self.kinds, self.direction)
    }

    /// `pair_links`, kept while the pair and the filters stay the same:
    /// the Evidence pane and the pair popup draw from it on every frame,
    /// and listing an actor's links at 1M relations takes milliseconds.
    /// For the selected actor, its links (`links`) are filtered.
    pub fn pair_links_shared(&self, row: NodeIndex, col: NodeIndex) -> Rc<[crate::graph::Link]> {
        let key = (self.revision, row, col, self.kinds.clone(), self.direction);
        self.caches.pair_links.get(key, || {
            if self.selected_actor() == Some(row) {
                self.links().iter().filter(|l| l.counterpart == col).copied().collect()
            } else {
                self.links_of(row).into_iter().filter(|l| l.counterpart == col).collect()
            }
        })
    }

    /// `pair_quotes`, from the pair's links as the popup shows them
    /// (`pair_links_shared`).
    pub(crate) fn pair_quotes_shared(&self, row: &str, col: &str) -> Vec<(usize, usize)> {
        let (Some(row), Some(col)) = (self.graph.find(row), self.graph.find(col)) else { return Vec::new() };
        self.pair_links_shared(row, col)
            .iter()
            .flat_map(|l| {
                let r = self.graph.edge(l.edge).relation;
                (0..self.graph.data.relations[r].evidence.len()).map(move |e| (r, e))
            })
            .collect()
    }

    /// How many quotes the dataset has, counted once per revision.
    pub fn quote_count(&self) -> usize {
        self.caches.quote_count.get(self.revision, || self.graph.data.relations.iter().map(|r| r.evidence.len()).sum())
    }

    /// Each source's usage, in `data.sources` order, once per revision.
    pub fn source_usage(&self) -> Rc<[crate::reader::Usage]> {
        self.caches.usage.get(self.revision, || crate::reader::usage(&self.graph.data).into())
    }

    /// A source's quotes and figures (`reader::source_quotes`), once per
    /// revision.
    pub fn source_quotes(&self, source: usize) -> Rc<crate::reader::SourceQuotes> {
        let mut quotes = self.caches.quotes.borrow_mut();
        // Those of another revision point into other data.
        quotes.retain(|&(revision, _), _| revision == self.revision);
        let id = &self.graph.data.sources[source].id;
        let found = quotes.entry((self.revision, source));
        Rc::clone(found.or_insert_with(|| Rc::new(crate::reader::source_quotes(&self.graph.data, id))))
    }
}
