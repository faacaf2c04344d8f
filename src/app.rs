//! Application state and `update`: the Model and Update of the Elm
//! architecture. No I/O here; tests drive `update` directly.

use std::cell::RefCell;
use std::rc::Rc;

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::geo::{self, Heading};
use crate::graph::{Direction, InfluenceGraph, KindFilter, Link, MatrixCells};
use ratatui::layout::{Position, Rect};

use crate::geo::{Bounds, LonLat};
use crate::layout::{Areas, MatrixGrid, actors_offset, kind_chips, map_areas, window_start};
use crate::search::{Hit, SearchIndex, Target};
use crate::text;
use crate::theme::Theme;

/// Everything a key (or a resize) can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    FocusNext,
    FocusPrev,
    Follow,
    Back,
    /// Toggles the n-th kind (0-based); past the last kind it does nothing.
    ToggleKind(usize),
    AllKinds,
    CycleDirection,
    NextView,
    ShowView(View),
    ToggleHelp,
    /// `/`: opens the search line.
    OpenSearch,
    /// A character typed into the search line.
    SearchInput(char),
    /// Backspace in the search line.
    SearchDelete,
    /// `y`: copies the selected quote with its citation.
    Copy,
    /// `n` / `N`: the next / previous hit of the last search.
    NextHit,
    PrevHit,
    /// Closes what is open, or quits when nothing is.
    Escape,
    Quit,
    Resize(u16, u16),
    /// A left click at a screen cell (column, row).
    Click(u16, u16),
    /// The wheel over a screen cell: `true` scrolls down.
    Wheel(u16, u16, bool),
}

/// The three ways to look at the same graph. Filters, the selected actor
/// and history are shared by all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Actors, relations and evidence panes.
    #[default]
    List,
    /// Capitals on a map, edges as lines.
    Map,
    /// Outside powers against the first group's members.
    Matrix,
}

impl View {
    pub const ALL: [View; 3] = [View::List, View::Map, View::Matrix];

    pub fn label(self) -> &'static str {
        match self {
            View::List => "list",
            View::Map => "map",
            View::Matrix => "matrix",
        }
    }

    fn next(self) -> View {
        View::ALL[(View::ALL.iter().position(|&v| v == self).unwrap_or(0) + 1) % View::ALL.len()]
    }
}

/// The search line and its hits while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchBox {
    pub query: String,
    pub hits: Vec<Hit>,
    /// Position in `hits`.
    pub selected: usize,
    /// The hits of each shorter query typed on the way here, so Backspace
    /// costs nothing.
    earlier: Vec<Vec<Hit>>,
}

/// The last search that was followed, for `n` / `N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub query: String,
    pub hits: Vec<Hit>,
    pub current: usize,
}

/// The evidence of one matrix cell, shown over the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairPopup {
    pub row: NodeIndex,
    pub col: NodeIndex,
    /// First line shown.
    pub scroll: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Actors,
    Relations,
    Sources,
}

impl Pane {
    const ORDER: [Pane; 3] = [Pane::Actors, Pane::Relations, Pane::Sources];

    fn step(self, by: isize) -> Pane {
        let i = Pane::ORDER.iter().position(|&p| p == self).unwrap_or(0) as isize;
        Pane::ORDER[(i + by).rem_euclid(Pane::ORDER.len() as isize) as usize]
    }
}

/// The last value computed from some of the state, kept for as long as that
/// state (the key) stays the same: derived data is never stale, because the
/// key is compared on every use.
pub(crate) struct Memo<K, V>(RefCell<Option<(K, V)>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(RefCell::new(None))
    }
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    pub(crate) fn get(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some((k, v)) = &*self.0.borrow()
            && *k == key
        {
            return v.clone();
        }
        let value = compute();
        *self.0.borrow_mut() = Some((key, value.clone()));
        value
    }
}

/// A row of the actors pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRow {
    /// The heading of a group (index into `Dataset::groups`).
    Heading(usize),
    /// An actor (position in `App::actor_order`).
    Actor(usize),
}

/// Where Backspace returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Visit {
    actor: usize,
    /// The relation that was selected there (its row may differ on return).
    edge: Option<EdgeIndex>,
    /// The view it was seen in: Backspace after the map's Enter goes back
    /// to the map.
    view: View,
}

pub struct App {
    pub graph: InfluenceGraph,
    pub theme: Theme,
    /// Actors in display order: those outside any group first (the outside
    /// powers), then each group's members under its heading.
    pub actor_order: Vec<NodeIndex>,
    /// The actors pane's rows: `actor_order` with a heading before each
    /// group's first member.
    pub actor_rows: Vec<ActorRow>,
    /// One letter per kind, so kinds read without colour.
    pub kind_letters: Vec<char>,
    pub kinds: KindFilter,
    pub direction: Direction,
    pub focus: Pane,
    /// Position in `actor_order`.
    pub actor: usize,
    /// Position in `links()`.
    pub relation: usize,
    /// First line shown in the sources pane.
    pub source_scroll: usize,
    /// The selected quote of the selected relation (what `y` copies).
    pub quote: usize,
    /// A one-line note for the footer (what was copied), until the next key.
    pub status: Option<String>,
    /// Text waiting to be copied to the clipboard; the terminal loop writes
    /// it out (OSC 52) and clears it.
    pub clipboard: Option<String>,
    pub view: View,
    /// The matrix's axes (see `InfluenceGraph::matrix_axes`).
    pub matrix_rows: Vec<NodeIndex>,
    pub matrix_cols: Vec<NodeIndex>,
    /// The matrix cursor: (row, column) positions in the axes.
    pub cell: (usize, usize),
    /// The evidence popup of a matrix cell, when open.
    pub pair: Option<PairPopup>,
    /// The search line, when open.
    pub search: Option<SearchBox>,
    /// The last search followed, for `n` / `N`.
    pub found: Option<Found>,
    /// Built on the first search, or beforehand in the background (see
    /// `index_in_background`), not at start-up.
    search_index: Option<SearchIndex>,
    indexing: Option<std::thread::JoinHandle<SearchIndex>>,
    pub help: bool,
    /// First line shown in the help overlay (it scrolls on small terminals).
    pub help_scroll: usize,
    pub running: bool,
    /// Terminal size, to page and to clamp scrolling as drawn.
    pub size: (u16, u16),
    history: Vec<Visit>,
    /// `links()` for the last (actor, kinds, direction) asked: derived, so
    /// never stale (the key is checked on every call).
    links_memo: Memo<(NodeIndex, KindFilter, Direction), Rc<[Link]>>,
    /// `matrix()` for the last (kinds, direction) asked.
    matrix_memo: Memo<(KindFilter, Direction), Rc<MatrixCells>>,
    /// The map's outlines and grey ties as last drawn, for that area and
    /// kind filter (see `ui::map`): a render cache, never read as state.
    pub(crate) map_cache: Memo<(Rect, KindFilter), Rc<ratatui::buffer::Buffer>>,
}

impl App {
    pub fn new(graph: InfluenceGraph, theme: Theme) -> App {
        let actor_order = display_order(&graph);
        let actor_rows = actor_rows(&graph, &actor_order);
        let kinds = KindFilter::all(graph.data.kinds.len());
        let (matrix_rows, matrix_cols) = graph.matrix_axes();
        App {
            kind_letters: text::kind_letters(&graph.data.kinds),
            graph,
            theme,
            actor_order,
            actor_rows,
            kinds,
            direction: Direction::All,
            focus: Pane::Actors,
            actor: 0,
            relation: 0,
            source_scroll: 0,
            quote: 0,
            status: None,
            clipboard: None,
            view: View::List,
            matrix_rows,
            matrix_cols,
            cell: (0, 0),
            pair: None,
            search: None,
            found: None,
            search_index: None,
            indexing: None,
            help: false,
            help_scroll: 0,
            running: true,
            size: (100, 30),
            history: Vec::new(),
            links_memo: Memo::default(),
            matrix_memo: Memo::default(),
            map_cache: Memo::default(),
        }
    }

    /// The selected actor, if the dataset has any.
    pub fn selected_actor(&self) -> Option<NodeIndex> {
        self.actor_order.get(self.actor).copied()
    }

    /// The selected actor's relations under the current filters. Several
    /// places ask for them on every key and frame; they are listed once per
    /// (actor, kinds, direction) and shared.
    pub fn links(&self) -> Rc<[Link]> {
        let Some(actor) = self.selected_actor() else { return Rc::from([]) };
        self.links_memo.get((actor, self.kinds.clone(), self.direction), || {
            self.graph.links(actor, &self.kinds, self.direction).into()
        })
    }

    /// The matrix's cells and totals under the current filters, computed
    /// once per (kinds, direction) and shared, as `links()` is.
    pub fn matrix(&self) -> Rc<MatrixCells> {
        self.matrix_memo.get((self.kinds.clone(), self.direction), || {
            Rc::new(self.graph.matrix_cells(&self.matrix_rows, &self.matrix_cols, &self.kinds, self.direction))
        })
    }

    pub fn selected_link(&self) -> Option<Link> {
        self.links().get(self.relation).copied()
    }

    /// Selects an actor by node, e.g. from `--actor`.
    pub fn select_actor(&mut self, node: NodeIndex) {
        if let Some(pos) = self.actor_order.iter().position(|&n| n == node) {
            self.actor = pos;
            self.relation = 0;
            self.reset_evidence();
        }
    }

    /// Shows only the kinds `kinds` allows, e.g. from `--kind`.
    pub fn set_kinds(&mut self, kinds: KindFilter) {
        self.refilter(|app| app.kinds = kinds);
    }

    pub fn areas(&self) -> Areas {
        Areas::new(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Rows a page key moves in the focused pane.
    fn page(&self) -> usize {
        let a = self.areas();
        let rect = match (self.view, self.focus) {
            (View::List, Pane::Actors) => a.actors,
            (View::List, Pane::Relations) => a.relations,
            (View::List, Pane::Sources) => a.sources,
            (View::Map | View::Matrix, _) => a.body,
        };
        usize::from(rect.height.saturating_sub(3)).max(1)
    }

    fn reset_evidence(&mut self) {
        self.source_scroll = 0;
        self.quote = 0;
    }

    /// Scrolls the evidence pane by lines, as far as there is text.
    fn scroll_sources(&mut self, delta: isize) {
        let area = self.areas().sources;
        let visible = usize::from(area.height.saturating_sub(2));
        let lines = text::source_layout(self, area.width.saturating_sub(2)).lines.len();
        self.source_scroll = clamp_step(self.source_scroll, delta, lines.saturating_sub(visible) + 1);
    }

    /// Selects another quote of the relation and scrolls the evidence pane
    /// so that all of it shows (or at least its start).
    fn select_quote(&mut self, delta: isize) {
        let area = self.areas().sources;
        let visible = usize::from(area.height.saturating_sub(2));
        let quotes = text::source_layout(self, area.width.saturating_sub(2)).quotes;
        self.quote = clamp_step(self.quote, delta, quotes.len());
        let Some(range) = quotes.get(self.quote) else { return };
        if self.quote == 0 && range.end <= visible {
            self.source_scroll = 0; // the relation's header stays in view
        } else if range.start < self.source_scroll || range.len() > visible {
            self.source_scroll = range.start;
        } else if range.end > self.source_scroll + visible {
            self.source_scroll = range.end - visible;
        }
    }

    /// Moves the selection in the focused pane by `delta` rows, clamped.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Actors => {
                let to = clamp_step(self.actor, delta, self.actor_order.len());
                if to != self.actor {
                    self.actor = to;
                    self.relation = 0;
                    self.reset_evidence();
                }
            }
            Pane::Relations => {
                let to = clamp_step(self.relation, delta, self.links().len());
                if to != self.relation {
                    self.relation = to;
                    self.reset_evidence();
                }
            }
            Pane::Sources => self.scroll_sources(delta),
        }
    }

    /// After a filter change the list under the cursor changes; keep the
    /// selection inside it.
    /// Where Backspace will return to.
    fn remember(&mut self) {
        self.history.push(Visit { actor: self.actor, edge: self.selected_link().map(|l| l.edge), view: self.view });
    }

    /// After the list of relations changed (a filter, a return), selects
    /// `edge` again where it now is; if it is gone, stays on the same row,
    /// inside the list.
    fn reselect(&mut self, edge: Option<EdgeIndex>) {
        let links = self.links();
        match edge.and_then(|e| links.iter().position(|l| l.edge == e)) {
            Some(pos) => self.relation = pos,
            None => self.relation = self.relation.min(links.len().saturating_sub(1)),
        }
        self.reset_evidence();
    }

    /// Changes the filters with `change`, keeping the selected relation
    /// selected when it is still listed.
    fn refilter(&mut self, change: impl FnOnce(&mut App)) {
        let edge = self.selected_link().map(|l| l.edge);
        change(self);
        self.reselect(edge);
    }
}

impl App {
    fn follow(&mut self) {
        if self.focus == Pane::Actors {
            self.focus = Pane::Relations;
            return;
        }
        let Some(link) = self.selected_link() else { return };
        self.remember();
        let back = self.selected_actor();
        self.select_actor(link.counterpart);
        // Land on the relation we came by, so the evidence stays in view.
        let links = self.links();
        if let Some(pos) = links.iter().position(|l| l.edge == link.edge) {
            self.relation = pos;
        } else if let Some(pos) = links.iter().position(|l| Some(l.counterpart) == back) {
            self.relation = pos;
        }
        self.focus = Pane::Relations;
    }

    /// The region holding the dataset's actors, fitted to the map's area.
    pub fn map_bounds(&self, inner: Rect) -> Bounds {
        let points: Vec<LonLat> = self.graph.data.actors.iter().filter_map(|a| a.lon_lat()).collect();
        Bounds::around(&points, inner.width, inner.height)
    }

    /// Selects what is under a click: an actor, a relation, a matrix cell
    /// or a capital; a kind in the footer toggles it.
    fn click(&mut self, x: u16, y: u16) {
        let a = self.areas();
        let inside = |r: Rect| r.contains(Position { x, y });
        if inside(a.footer) {
            if y == a.footer.y
                && let Some(chip) = kind_chips(self, a.footer.x).into_iter().find(|c| c.columns.contains(&x))
            {
                self.refilter(|app| app.kinds.toggle(chip.kind));
            }
            return;
        }
        match self.view {
            View::List if inside(a.actors) => {
                self.focus = Pane::Actors;
                let visible = usize::from(a.actors.height.saturating_sub(2));
                let cursor = self.actor_rows.iter().position(|r| *r == ActorRow::Actor(self.actor)).unwrap_or(0);
                let offset = actors_offset(cursor, visible, self.actor_rows.len());
                let row = usize::from(y.saturating_sub(a.actors.y + 1));
                // Between the borders only.
                if y > a.actors.y
                    && row < visible
                    && let Some(&ActorRow::Actor(pos)) = self.actor_rows.get(row + offset)
                {
                    self.select_actor(self.actor_order[pos]);
                }
            }
            View::List if inside(a.relations) => {
                self.focus = Pane::Relations;
                let visible = usize::from(a.relations.height.saturating_sub(3));
                let n = self.links().len();
                let offset = window_start(self.relation, visible, n);
                // Below the border and the header row.
                if let Some(row) = y.checked_sub(a.relations.y + 2).map(usize::from)
                    && row < visible
                {
                    let row = row + offset;
                    if row < n && row != self.relation {
                        self.relation = row;
                        self.reset_evidence();
                    }
                }
            }
            View::List if inside(a.sources) => self.focus = Pane::Sources,
            View::Matrix => {
                if let Some((row, col)) = MatrixGrid::new(self, a.body).cell_at(x, y) {
                    self.cell = (row, col);
                    if let Some(&node) = self.matrix_rows.get(row) {
                        self.select_actor(node);
                    }
                }
            }
            View::Map => {
                let (inner, _) = map_areas(a.body);
                if !inside(inner) {
                    return;
                }
                // The capital nearest the click, if its marker is within reach.
                let bounds = self.map_bounds(inner);
                let (cx, cy) = (i32::from(x - inner.x), i32::from(y - inner.y));
                let nearest = (0..self.actor_order.len())
                    .filter_map(|pos| {
                        let actor = self.graph.actor(self.actor_order[pos]);
                        let (mx, my) = bounds.cell(actor.lon_lat()?, inner.width, inner.height)?;
                        let d = (i32::from(mx) - cx).abs() + 2 * (i32::from(my) - cy).abs();
                        (d <= 4).then_some((d, pos))
                    })
                    .min();
                if let Some((_, pos)) = nearest {
                    self.select_actor(self.actor_order[pos]);
                }
            }
            _ => {}
        }
    }

    /// The wheel moves the selection (or scrolls) in the pane under the
    /// pointer, without moving the focus.
    fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let delta = if down { 1 } else { -1 };
        let a = self.areas();
        let inside = |r: Rect| r.contains(Position { x, y });
        let pane = match self.view {
            View::List if inside(a.actors) => Pane::Actors,
            View::List if inside(a.relations) => Pane::Relations,
            View::List if inside(a.sources) => Pane::Sources,
            View::Matrix if inside(a.body) => return self.move_cell(delta, 0),
            _ => return,
        };
        let focus = std::mem::replace(&mut self.focus, pane);
        self.move_by(delta);
        self.focus = focus;
    }

    fn show_view(&mut self, view: View) {
        self.view = view;
        if view == View::Matrix {
            self.sync_cell();
        }
    }

    /// Puts the matrix cursor on the selected actor's row or column.
    fn sync_cell(&mut self) {
        let Some(actor) = self.selected_actor() else { return };
        if let Some(r) = self.matrix_rows.iter().position(|&n| n == actor) {
            self.cell.0 = r;
        } else if let Some(c) = self.matrix_cols.iter().position(|&n| n == actor) {
            self.cell.1 = c;
        }
    }

    /// Moves the matrix cursor; the actor of the row (or column) moved along
    /// becomes the selected actor, shared with the other views.
    fn move_cell(&mut self, rows: isize, cols: isize) {
        let (r, c) = self.cell;
        self.cell = (clamp_step(r, rows, self.matrix_rows.len()), clamp_step(c, cols, self.matrix_cols.len()));
        let moved = if rows != 0 { self.matrix_rows.get(self.cell.0) } else { self.matrix_cols.get(self.cell.1) };
        if let Some(&node) = moved {
            self.select_actor(node);
        }
    }

    fn move_on_map(&mut self, heading: Heading) {
        let points: Vec<_> = self.actor_order.iter().map(|&n| self.graph.actor(n).lon_lat()).collect();
        if let Some(to) = geo::nearest_in_direction(&points, self.actor, heading) {
            let node = self.actor_order[to];
            self.select_actor(node);
        }
    }

    /// Starts building the search index on another thread, so the first `/`
    /// on a big dataset does not wait for it. The browser calls this once
    /// its first frame is up.
    pub fn index_in_background(&mut self) {
        if self.search_index.is_none() && self.indexing.is_none() {
            let data = std::sync::Arc::clone(&self.graph.data);
            self.indexing = Some(std::thread::spawn(move || SearchIndex::new(&data)));
        }
    }

    /// Where the words of `query` are in a hit's text (for highlighting).
    pub fn hit_ranges(&self, hit: &Hit, query: &str) -> Vec<std::ops::Range<usize>> {
        self.search_index.as_ref().map_or_else(Vec::new, |index| index.ranges(hit, query))
    }

    /// Keys while the search line is open: typing refines the hits, Enter
    /// jumps to the chosen one, Esc leaves everything as it was.
    fn update_search(&mut self, action: Action) {
        let Some(search) = self.search.as_mut() else { return };
        match action {
            Action::SearchInput(c) => {
                let Some(index) = self.search_index.as_ref() else { return };
                let hits = if search.query.trim().is_empty() { None } else { Some(std::mem::take(&mut search.hits)) };
                search.query.push(c);
                // Typing on narrows what already matched.
                search.hits = match &hits {
                    Some(earlier) => index.refine(&search.query, earlier),
                    None => index.find(&search.query),
                };
                search.earlier.push(hits.unwrap_or_default());
                search.selected = 0;
            }
            Action::SearchDelete if search.query.pop().is_some() => {
                search.hits = search.earlier.pop().unwrap_or_default();
                search.selected = 0;
            }
            Action::Up => search.selected = search.selected.saturating_sub(1),
            Action::Down => search.selected = clamp_step(search.selected, 1, search.hits.len()),
            Action::PageUp => search.selected = clamp_step(search.selected, -10, search.hits.len()),
            Action::PageDown => search.selected = clamp_step(search.selected, 10, search.hits.len()),
            // With no hit, Enter leaves the search line open to change the query.
            Action::Follow if !search.hits.is_empty() => {
                let Some(search) = self.search.take() else { return };
                if let Some(hit) = search.hits.get(search.selected).cloned() {
                    let query = search.query.trim().to_string();
                    self.found = Some(Found { query, hits: search.hits, current: search.selected });
                    self.jump(&hit);
                }
            }
            Action::Escape => self.search = None,
            Action::Quit => self.running = false,
            _ => {}
        }
    }

    /// `n` / `N`: the next or previous hit of the last search, wrapping.
    fn step_hit(&mut self, by: isize) {
        let Some(found) = self.found.as_mut() else {
            self.status = Some("No search yet: / searches, then n and N step through the hits".into());
            return;
        };
        if found.hits.is_empty() {
            return;
        }
        let n = found.hits.len() as isize;
        found.current = (found.current as isize + by).rem_euclid(n) as usize;
        let hit = found.hits[found.current];
        self.jump(&hit);
    }

    /// Shows a hit in the list view: its actor, its relation, its quote.
    /// Filters that would hide it are widened, so a hit always shows.
    fn jump(&mut self, hit: &Hit) {
        self.remember();
        self.view = View::List;
        let (relation, quote) = match hit.target {
            Target::Actor(a) => {
                self.select_actor(NodeIndex::new(a));
                self.focus = Pane::Actors;
                return;
            }
            Target::Relation(r) => (r, None),
            Target::Quote(r, e) => (r, Some(e)),
        };
        let Some(edge) = self.graph.first_edge(relation) else { return };
        let kind = self.graph.edge(edge).kind;
        if !self.kinds.allows(kind) {
            self.kinds.toggle(kind);
        }
        let (from, _) = self.graph.endpoints(edge);
        self.select_actor(from);
        if !self.links().iter().any(|l| l.edge == edge) {
            self.direction = Direction::All;
        }
        self.relation = self.links().iter().position(|l| l.edge == edge).unwrap_or(0);
        self.focus = if quote.is_some() { Pane::Sources } else { Pane::Relations };
        if let Some(e) = quote {
            self.select_quote(e as isize);
        }
    }

    fn scroll_help(&mut self, delta: isize) {
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let (popup, lines) = text::help(self, area);
        let max = lines.len().saturating_sub(usize::from(popup.height.saturating_sub(2))) + 1;
        self.help_scroll = clamp_step(self.help_scroll, delta, max);
    }

    fn scroll_pair(&mut self, delta: isize) {
        let Some(pair) = self.pair else { return };
        let popup = self.areas().popup;
        let lines = text::pair_lines(self, pair.row, pair.col, popup.width.saturating_sub(2)).len();
        let visible = usize::from(popup.height.saturating_sub(2));
        let max = lines.saturating_sub(visible) + 1;
        if let Some(p) = self.pair.as_mut() {
            p.scroll = clamp_step(p.scroll, delta, max);
        }
    }
}

fn clamp_step(at: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(delta).min(len - 1)
}

/// Outside powers first, then each group's members in the group's order.
fn display_order(graph: &InfluenceGraph) -> Vec<NodeIndex> {
    let data = &graph.data;
    let grouped = |id: &str| data.groups.iter().any(|g| g.members.iter().any(|m| m == id));
    let mut order: Vec<NodeIndex> =
        (0..data.actors.len()).filter(|&i| !grouped(&data.actors[i].id)).map(NodeIndex::new).collect();
    for g in &data.groups {
        for m in &g.members {
            if let Some(n) = graph.find(m)
                && !order.contains(&n)
            {
                order.push(n);
            }
        }
    }
    order
}

/// The rows of the actors pane: a heading before the first member of each
/// group shown.
fn actor_rows(graph: &InfluenceGraph, order: &[NodeIndex]) -> Vec<ActorRow> {
    let groups = &graph.data.groups;
    let mut rows = Vec::with_capacity(order.len() + groups.len());
    let mut heading_done = vec![false; groups.len()];
    for (pos, &node) in order.iter().enumerate() {
        let id = &graph.actor(node).id;
        if let Some(g) = groups.iter().position(|g| g.members.contains(id))
            && !heading_done[g]
        {
            heading_done[g] = true;
            rows.push(ActorRow::Heading(g));
        }
        rows.push(ActorRow::Actor(pos));
    }
    rows
}

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    // A note in the footer lasts until the next key.
    if !matches!(action, Action::Resize(..) | Action::Wheel(..)) {
        app.status = None;
    }
    if let Action::Resize(w, h) = action {
        // Whatever is open stays open; scrolling is re-clamped to the new size.
        app.size = (w, h);
        app.move_by(0);
        app.scroll_pair(0);
        app.scroll_help(0);
        return;
    }
    // The wheel scrolls whatever popup is open; clicks act only when none is.
    if let Action::Wheel(_, _, down) = action
        && (app.help || app.search.is_some() || app.pair.is_some())
    {
        let key = if down { Action::Down } else { Action::Up };
        return update(app, key);
    }
    if let Action::Click(..) = action
        && (app.help || app.search.is_some() || app.pair.is_some())
    {
        return;
    }
    if app.areas().too_small && !matches!(action, Action::Quit | Action::Escape) {
        // Nothing the user cannot see changes: only quitting works.
        return;
    }
    if app.help {
        // The help overlay is modal: it scrolls, closes, or the app quits.
        match action {
            Action::Up => app.scroll_help(-1),
            Action::Down => app.scroll_help(1),
            Action::PageUp => app.scroll_help(-10),
            Action::PageDown => app.scroll_help(10),
            Action::First => app.scroll_help(isize::MIN / 2),
            Action::Last => app.scroll_help(isize::MAX / 2),
            Action::ToggleHelp | Action::Escape => app.help = false,
            Action::Quit => app.running = false,
            _ => {}
        }
        return;
    }
    if app.search.is_some() {
        app.update_search(action);
        return;
    }
    if app.pair.is_some() {
        let page = app.areas().popup.height.saturating_sub(3) as isize;
        match action {
            Action::Up => app.scroll_pair(-1),
            Action::Down => app.scroll_pair(1),
            Action::PageUp => app.scroll_pair(-page),
            Action::PageDown => app.scroll_pair(page),
            Action::First => app.scroll_pair(isize::MIN / 2),
            Action::Last => app.scroll_pair(isize::MAX / 2),
            Action::Escape | Action::Follow | Action::Back => app.pair = None,
            Action::ToggleHelp => {
                app.help = true;
                app.help_scroll = 0;
            }
            Action::Copy => app.status = Some("y copies a quote from the list view's evidence: Esc, then F1".into()),
            Action::Quit => app.running = false,
            _ => {}
        }
        return;
    }
    match (app.view, action) {
        (View::List, Action::Up) if app.focus == Pane::Sources => app.select_quote(-1),
        (View::List, Action::Down) if app.focus == Pane::Sources => app.select_quote(1),
        (View::List, Action::Up) => app.move_by(-1),
        (View::List, Action::Down) => app.move_by(1),
        (View::List, Action::Left | Action::FocusPrev) => app.focus = app.focus.step(-1),
        (View::List, Action::Right | Action::FocusNext) => app.focus = app.focus.step(1),
        (View::List, Action::PageUp) => app.move_by(-(app.page() as isize)),
        (View::List, Action::PageDown) => app.move_by(app.page() as isize),
        (View::List, Action::First) => app.move_by(isize::MIN / 2),
        (View::List, Action::Last) => app.move_by(isize::MAX / 2),
        (View::List, Action::Follow) => app.follow(),

        (View::Map, Action::Up) => app.move_on_map(Heading::North),
        (View::Map, Action::Down) => app.move_on_map(Heading::South),
        (View::Map, Action::Left) => app.move_on_map(Heading::West),
        (View::Map, Action::Right) => app.move_on_map(Heading::East),
        (View::Map, Action::Follow) => {
            // The evidence stays one key away: the actor's relations and quotes.
            app.remember();
            app.view = View::List;
            app.focus = Pane::Relations;
        }

        (View::Matrix, Action::Up) => app.move_cell(-1, 0),
        (View::Matrix, Action::Down) => app.move_cell(1, 0),
        (View::Matrix, Action::Left) => app.move_cell(0, -1),
        (View::Matrix, Action::Right) => app.move_cell(0, 1),
        (View::Matrix, Action::PageUp) => app.move_cell(-(app.page() as isize), 0),
        (View::Matrix, Action::PageDown) => app.move_cell(app.page() as isize, 0),
        (View::Matrix, Action::First) => app.move_cell(isize::MIN / 2, 0),
        (View::Matrix, Action::Last) => app.move_cell(isize::MAX / 2, 0),
        (View::Matrix, Action::Follow) => {
            if let (Some(&row), Some(&col)) = (app.matrix_rows.get(app.cell.0), app.matrix_cols.get(app.cell.1))
                && row != col
            {
                app.pair = Some(PairPopup { row, col, scroll: 0 });
            }
        }

        (_, Action::Back) => {
            if let Some(v) = app.history.pop() {
                app.actor = v.actor.min(app.actor_order.len().saturating_sub(1));
                app.relation = 0;
                app.reselect(v.edge);
                app.show_view(v.view);
            }
        }
        (_, Action::ToggleKind(k)) => app.refilter(|app| app.kinds.toggle(k)),
        (_, Action::AllKinds) => app.refilter(|app| app.kinds = KindFilter::all(app.graph.data.kinds.len())),
        (_, Action::CycleDirection) => app.refilter(|app| app.direction = app.direction.next()),
        (View::Map | View::Matrix, Action::Copy) => {
            app.status = Some("y copies the quote marked ▶ in the list view's evidence: F1 shows it".into())
        }
        (_, Action::Copy) => match text::quote_with_citation(app) {
            Some(quote) => {
                let n = app.selected_link().map_or(0, |l| app.graph.relation(l.edge).evidence.len());
                app.status = Some(format!("Copied quote {}/{n} with its citation to the clipboard", app.quote + 1));
                app.clipboard = Some(quote);
            }
            None => app.status = Some("Nothing to copy: select a relation first".into()),
        },
        (_, Action::Click(x, y)) => app.click(x, y),
        (_, Action::Wheel(x, y, down)) => app.wheel(x, y, down),
        (_, Action::OpenSearch) => {
            if app.search_index.is_none() {
                let built = app.indexing.take().and_then(|thread| thread.join().ok());
                app.search_index = Some(built.unwrap_or_else(|| SearchIndex::new(&app.graph.data)));
            }
            app.search = Some(SearchBox::default());
        }
        (_, Action::NextHit) => app.step_hit(1),
        (_, Action::PrevHit) => app.step_hit(-1),
        (_, Action::NextView) => app.show_view(app.view.next()),
        (_, Action::ShowView(v)) => app.show_view(v),
        (_, Action::ToggleHelp) => {
            app.help = true;
            app.help_scroll = 0;
        }
        (_, Action::Escape | Action::Quit) => app.running = false,
        // Keys that mean nothing in this view.
        _ => {}
    }
}
