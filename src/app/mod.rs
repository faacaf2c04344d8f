//! Application state and `update`: the Model and Update of the Elm
//! architecture. No I/O and no drawing code here; tests drive `update`
//! directly.
//!
//! Who gets an event is decided in one place, `update`: the overlay on top
//! of the stack (help, search, a matrix cell's evidence) first, then the
//! current view (`views.rs`), then the keys every view shares. Sizes come
//! from the last frame the ui drew (`frame.rs`).

mod capture;
mod editing;
mod form;
mod frame;
pub mod loading;
mod overlay;
mod sources;
mod time;
mod views;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use foldhash::{HashMap, HashMapExt};
use petgraph::graph::{EdgeIndex, NodeIndex};
use ratatui::layout::Rect;

pub use crate::action::{Action, View};
use crate::data::Dataset;
use crate::data::texts::Texts;
use crate::graph::{Direction, InfluenceGraph, KindFilter, Link, MatrixCells};
use crate::reader::Span;
use crate::search::{Hit, SearchIndex, Target};
use crate::text;
use crate::theme::Theme;
pub use capture::{Captured, named_in, suggested_relation_id};
pub use editing::{Ask, SUGGESTED_COPY, SaveAs};
pub use form::{Field, Form, Purpose, suggested_id};
pub use frame::{Grid, LastFrame, Rows, Scrolled};
pub use loading::{Loading, thousands};
pub use overlay::{Choice, Overlay, PairPopup, SearchBox};
pub use sources::{SourceSort, SourcesFocus, SourcesView};
pub use time::{FigureCell, FigureGrid, Largest, YearsPrompt, cell_disputed};

/// The smallest terminal the browser draws in; below it, a note.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The last search that was followed, for `n` / `N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub query: String,
    pub hits: Vec<Hit>,
    pub current: usize,
    /// The data revision the hits point into; after a change the query is
    /// run again before a hit is followed.
    revision: u64,
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

/// The list view's own state: which pane has the focus, the selected
/// relation and quote, how far the evidence is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    pub focus: Pane,
    /// Position in `App::links()`.
    pub relation: usize,
    /// The selected quote of the selected relation (what `y` copies).
    pub quote: usize,
    /// First line shown in the evidence pane: clamped, and moved to the
    /// selected quote, when drawn (the ui knows how the text wraps).
    pub source_scroll: Cell<usize>,
    /// Scroll the selected quote into view at the next frame.
    pub quote_in_view: Cell<bool>,
}

impl ListView {
    /// The first line of the evidence pane that shows the selected quote
    /// (its `lines`), all of it if it fits, at its start if not; the first
    /// quote keeps the relation's header in view when it can.
    pub fn scroll_for_quote(&self, lines: std::ops::Range<usize>, visible: usize) -> usize {
        let scroll = self.source_scroll.get();
        if self.quote == 0 && lines.end <= visible {
            0
        } else if lines.start < scroll || lines.len() > visible {
            lines.start
        } else if lines.end > scroll + visible {
            lines.end - visible
        } else {
            scroll
        }
    }
}

/// The matrix view's own state: which group forms the columns, its axes
/// and cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatrixView {
    /// The group whose members are the columns (by id); `None`: every actor
    /// on both axes. `C` cycles through the groups, then all actors.
    pub columns: Option<String>,
    /// The axes (see `InfluenceGraph::matrix_axes`).
    pub rows: Vec<NodeIndex>,
    pub cols: Vec<NodeIndex>,
    /// The cursor: (row, column) positions in the axes.
    pub cell: (usize, usize),
}

/// The last value computed from some of the state, kept for as long as that
/// state (the key) stays the same: derived data is never stale, because the
/// key is compared on every use. Keys include the data revision.
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

    /// The value kept for `key`, without computing one.
    pub(crate) fn peek(&self, key: &K) -> Option<V> {
        self.0.borrow().as_ref().filter(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `key`, worked out by other means than `get`'s.
    pub(crate) fn set(&self, key: K, value: V) {
        *self.0.borrow_mut() = Some((key, value));
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

/// An expanded edge by id: its relation and its two actors. Stays true
/// when records before it are added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeId {
    pub relation: String,
    pub from: String,
    pub to: String,
}

/// What `replace_data` keeps across a change of data, by id.
struct Kept {
    selection: Selection,
    /// Each kind's id and whether it was shown.
    kinds: Vec<(String, bool)>,
}

/// What is selected, by id, so a change of the data (an edit, a reload)
/// never leaves the selection on another record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub actor: Option<String>,
    pub edge: Option<EdgeId>,
    /// The selected quote by content: its source and its text.
    pub quote: Option<(String, String)>,
    /// The matrix cursor's row and column actors.
    pub cell: (Option<String>, Option<String>),
}

/// Where Backspace returns to, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Visit {
    actor: Option<String>,
    /// The relation that was selected there (its row may differ on return).
    edge: Option<EdgeId>,
    /// The view it was seen in: Backspace after the map's Enter goes back
    /// to the map.
    view: View,
}

/// What the figures mode's grid depends on: revision, columns, kinds,
/// direction, measure and the time filter's last year.
type FigureKey = (u64, Option<String>, KindFilter, Direction, usize, Option<u16>);

pub struct App {
    pub graph: InfluenceGraph,
    /// Bumped by every change of the data: caches key on it.
    pub revision: u64,
    pub theme: Theme,
    /// Actors in display order: those outside any group first (the outside
    /// powers), then each group's members under its heading.
    pub actor_order: Vec<NodeIndex>,
    /// Each node's position in `actor_order`.
    actor_position: Vec<usize>,
    /// The actors pane's rows: `actor_order` with a heading before each
    /// group's first member.
    pub actor_rows: Vec<ActorRow>,
    /// One letter per kind, so kinds read without colour.
    pub kind_letters: Vec<char>,
    pub kinds: KindFilter,
    pub direction: Direction,
    /// While a big file is still coming in: how far it is.
    pub loading: Option<Loading>,
    /// The time filter (`t`, `<`, `>`): `None` shows every year.
    pub years: Option<crate::data::figures::Years>,
    /// The measures the figures use, in the order first met, and the one
    /// the matrix's figures mode shows (`m`).
    pub measures: Vec<String>,
    pub measure: usize,
    /// `f`: the matrix's cells show figures of `measure`, not kind letters.
    pub figures_mode: bool,
    /// Position in `actor_order`.
    pub actor: usize,
    pub view: View,
    pub list: ListView,
    pub matrix_view: MatrixView,
    pub sources_view: SourcesView,
    /// The sources' texts, read beside the dataset file.
    pub texts: Texts,
    /// Help, search and popups, the top one last: it gets events first.
    pub overlays: Vec<Overlay>,
    /// A one-line note for the footer (what was copied), until the next key.
    pub status: Option<String>,
    /// Text waiting to be copied to the clipboard; the terminal loop writes
    /// it out (OSC 52) and clears it.
    pub clipboard: Option<String>,
    /// The last search followed, for `n` / `N`.
    pub found: Option<Found>,
    /// Built on the first search, or beforehand in the background (see
    /// `index_in_background`), not at start-up; with the revision it indexes.
    search_index: Option<(u64, SearchIndex)>,
    indexing: Option<(u64, std::thread::JoinHandle<SearchIndex>)>,
    /// The index of relations by id being built on another thread, for
    /// the relations of a file that streamed in (how many it covers).
    relation_indexing: Option<std::thread::JoinHandle<(HashMap<u64, usize>, usize)>>,
    /// The changes made since the data was opened, to undo and redo.
    edits: crate::edit::History,
    /// Where changes are saved; `None` until there is a file (the built-in
    /// data asks for one at its first change).
    saver: Option<crate::save::Saver>,
    /// What the last change did, for the footer once it is saved.
    last_change: Option<String>,
    /// The file as last read or saved by us: a change that does not leave
    /// it so is another program's.
    known_stamp: Option<crate::save::Stamp>,
    /// The file changed on disk and is not valid: its problems, shown until
    /// it is fixed (the data shown is the last good one).
    pub file_problems: Option<Vec<String>>,
    /// `E` asked for the user's editor on this file at this line: the
    /// browser (which owns the terminal) opens it, then `after_editor`.
    pub editor: Option<(std::path::PathBuf, usize)>,
    pub running: bool,
    /// Terminal size.
    pub size: (u16, u16),
    /// Where the last frame drew what (written by the ui while drawing).
    pub last_frame: RefCell<LastFrame>,
    history: Vec<Visit>,
    /// `links()` for the last (revision, actor, kinds, direction) asked.
    links_memo: Memo<(u64, NodeIndex, KindFilter, Direction), Rc<[Link]>>,
    /// The sources in the view's order, for the last (revision, sort).
    source_order_memo: Memo<(u64, SourceSort), Rc<[usize]>>,
    /// A source's quoted spans, for the last (revision, source) asked.
    spans_memo: Memo<(u64, usize), Rc<[Span]>>,
    /// `matrix()` for the last (revision, columns, kinds, direction) asked.
    matrix_memo: Memo<(u64, Option<String>, KindFilter, Direction), Rc<MatrixCells>>,
    /// The map's outlines and grey ties as last drawn, for that revision,
    /// area and kind filter (see `ui::map`): a render cache.
    /// `figure_grid()` for the last (revision, columns, kinds, direction,
    /// measure, last year) asked.
    figure_memo: Memo<FigureKey, Rc<FigureGrid>>,
    pub(crate) map_cache: Memo<(u64, Rect, KindFilter), Rc<ratatui::buffer::Buffer>>,
    pub(crate) caches: views::ViewCaches,
}

impl App {
    pub fn new(graph: InfluenceGraph, theme: Theme) -> App {
        let kinds = KindFilter::all(graph.data.kinds.len());
        let mut app = App {
            kind_letters: Vec::new(),
            graph,
            revision: 0,
            theme,
            actor_order: Vec::new(),
            actor_position: Vec::new(),
            actor_rows: Vec::new(),
            kinds,
            direction: Direction::All,
            loading: None,
            years: None,
            measures: Vec::new(),
            measure: 0,
            figures_mode: false,
            actor: 0,
            view: View::List,
            list: ListView {
                focus: Pane::Actors,
                relation: 0,
                quote: 0,
                source_scroll: Cell::new(0),
                quote_in_view: Cell::new(false),
            },
            matrix_view: MatrixView::default(),
            sources_view: SourcesView {
                source: None,
                sort: SourceSort::Date,
                focus: SourcesFocus::List,
                span: 0,
                scroll: Cell::new(0),
                span_in_view: Cell::new(false),
                reveal: Cell::new(None),
                quote: None,
                cursor: 0,
                anchor: None,
                cursor_source: None,
                cursor_in_view: Cell::new(false),
            },
            texts: Texts::default(),
            overlays: Vec::new(),
            status: None,
            clipboard: None,
            found: None,
            search_index: None,
            indexing: None,
            relation_indexing: None,
            edits: Default::default(),
            saver: None,
            last_change: None,
            known_stamp: None,
            file_problems: None,
            editor: None,
            running: true,
            size: (100, 30),
            last_frame: RefCell::default(),
            history: Vec::new(),
            links_memo: Memo::default(),
            source_order_memo: Memo::default(),
            spans_memo: Memo::default(),
            matrix_memo: Memo::default(),
            figure_memo: Memo::default(),
            map_cache: Memo::default(),
            caches: Default::default(),
        };
        app.derive_from_graph();
        app
    }

    /// Everything computed from the graph once per revision.
    fn derive_from_graph(&mut self) {
        self.actor_order = display_order(&self.graph);
        self.actor_position = vec![0; self.graph.actor_count()];
        for (pos, node) in self.actor_order.iter().enumerate() {
            self.actor_position[node.index()] = pos;
        }
        self.actor_rows = actor_rows(&self.graph, &self.actor_order);
        self.kind_letters = text::kind_letters(&self.graph.data.kinds);
        // The measure shown stays the same by name while it exists.
        let shown = self.measures.get(self.measure).cloned();
        self.measures = time::measures(&self.graph.data);
        self.measure = shown.and_then(|m| self.measures.iter().position(|x| *x == m)).unwrap_or(0);
        if self.measures.is_empty() {
            self.figures_mode = false;
        }
        // The first group forms the columns until the user picks another;
        // a choice survives new data while its group does.
        let columns = match self.revision {
            0 => self.graph.data.groups.first().map(|g| g.id.clone()),
            _ => self.matrix_view.columns.take().filter(|id| self.graph.data.group(id).is_some()),
        };
        self.set_matrix_columns(columns);
    }

    /// Puts `columns` (a group id, or all actors) on the matrix's columns.
    fn set_matrix_columns(&mut self, columns: Option<String>) {
        let (rows, cols) = self.graph.matrix_axes(columns.as_deref());
        self.matrix_view = MatrixView { columns, rows, cols, cell: (0, 0) };
    }

    /// `C`: the next group as the matrix's columns, then all actors, then
    /// the first group again.
    fn cycle_matrix_columns(&mut self) {
        let groups = &self.graph.data.groups;
        let at = self.matrix_view.columns.as_deref().and_then(|id| groups.iter().position(|g| g.id == id));
        let next = match at {
            Some(i) => groups.get(i + 1),
            None => groups.first(),
        };
        self.set_matrix_columns(next.map(|g| g.id.clone()));
        self.sync_cell();
    }

    /// Replaces the data (an edit, a reload): the selection, the history and
    /// the last search stay on the same records, by id, wherever those now
    /// are; what is gone falls back to a neighbour. Caches key on the
    /// revision this bumps.
    pub fn replace_data(&mut self, data: Dataset) {
        let kept = self.kept();
        self.replace_data_keeping(kept, data);
    }

    /// What a change of data keeps, by id: the selection and the kinds shown.
    fn kept(&self) -> Kept {
        let kinds =
            self.graph.data.kinds.iter().enumerate().map(|(i, k)| (k.id.clone(), self.kinds.allows(i))).collect();
        Kept { selection: self.selection(), kinds }
    }

    /// The dataset, to change it: taken out of the graph when nothing else
    /// holds it (a million relations are not copied), copied otherwise (a
    /// save under way holds it). The graph has no data until
    /// `replace_data_keeping` (or `give_back_data`): read `kept` first.
    fn take_data(&mut self) -> Dataset {
        let taken = std::mem::replace(&mut self.graph.data, std::sync::Arc::new(Dataset::default()));
        std::sync::Arc::try_unwrap(taken).unwrap_or_else(|shared| (*shared).clone())
    }

    /// The dataset `take_data` took, unchanged, back in the graph.
    fn give_back_data(&mut self, data: Dataset) {
        self.graph.data = std::sync::Arc::new(data);
    }

    /// `replace_data`, with what was kept before the data was taken.
    fn replace_data_keeping(&mut self, kept: Kept, data: Dataset) {
        let Kept { selection, kinds: old_kinds } = kept;
        self.graph = match self.years {
            Some(years) => InfluenceGraph::showing(std::sync::Arc::new(data), |r| years.shows(r)),
            None => InfluenceGraph::new(data),
        };
        self.revision += 1;
        self.search_index = None;
        self.indexing = None;
        // Kinds keep their on/off by id; a new kind shows.
        let mut kinds = KindFilter::all(self.graph.data.kinds.len());
        for (i, kind) in self.graph.data.kinds.iter().enumerate() {
            if old_kinds.iter().any(|(id, on)| id == &kind.id && !on) {
                kinds.toggle(i);
            }
        }
        self.kinds = kinds;
        let actor = self.actor;
        self.derive_from_graph();
        self.actor = actor.min(self.actor_order.len().saturating_sub(1));
        self.restore(&selection);
        if self.overlays.iter().any(Overlay::wants_text) {
            self.index();
            let index = &self.search_index.as_ref().expect("built above").1;
            for overlay in &mut self.overlays {
                overlay.data_changed(index);
            }
        }
    }

    /// The selection, by id.
    pub fn selection(&self) -> Selection {
        let id = |n: Option<&NodeIndex>| n.map(|&n| self.graph.actor(n).id.clone());
        let link = self.selected_link();
        Selection {
            actor: id(self.selected_actor().as_ref()),
            edge: link.map(|l| self.edge_id(l.edge)),
            quote: link.and_then(|l| {
                let ev = self.graph.relation(l.edge).evidence.get(self.list.quote)?;
                Some((ev.source.clone(), ev.quote.clone()))
            }),
            cell: (
                id(self.matrix_view.rows.get(self.matrix_view.cell.0)),
                id(self.matrix_view.cols.get(self.matrix_view.cell.1)),
            ),
        }
    }

    /// Selects what `selection` names, where it is now. An actor that is
    /// gone leaves the cursor on the same row.
    pub fn restore(&mut self, selection: &Selection) {
        let focus = self.list.focus;
        if let Some(node) = selection.actor.as_deref().and_then(|id| self.graph.find(id)) {
            self.select_actor(node);
        }
        self.reselect(selection.edge.as_ref());
        if let (Some(link), Some((source, quote))) = (self.selected_link(), &selection.quote) {
            let evidence = &self.graph.relation(link.edge).evidence;
            self.list.quote = evidence.iter().position(|e| &e.source == source && &e.quote == quote).unwrap_or(0);
            self.scroll_to_quote();
        }
        let (rows, cols) = (&self.matrix_view.rows, &self.matrix_view.cols);
        let find = |axis: &[NodeIndex], id: &Option<String>| {
            let node = id.as_deref().and_then(|id| self.graph.find(id))?;
            axis.iter().position(|&n| n == node)
        };
        let cell = (find(rows, &selection.cell.0), find(cols, &selection.cell.1));
        self.matrix_view.cell = (cell.0.unwrap_or(0), cell.1.unwrap_or(0));
        self.list.focus = focus;
    }

    /// An expanded edge by id.
    pub fn edge_id(&self, edge: EdgeIndex) -> EdgeId {
        let (a, b) = self.graph.endpoints(edge);
        EdgeId {
            relation: self.graph.relation(edge).id.clone(),
            from: self.graph.actor(a).id.clone(),
            to: self.graph.actor(b).id.clone(),
        }
    }

    /// The edge `id` names in the current graph, if it is still there.
    pub fn edge_by_id(&self, id: &EdgeId) -> Option<EdgeIndex> {
        let (from, to) = (self.graph.find(&id.from)?, self.graph.find(&id.to)?);
        self.graph
            .relation_edges(self.graph.relation_index(&id.relation)?)
            .find(|&e| self.graph.endpoints(e) == (from, to))
    }

    /// Gives the app the sources' texts (read beside the dataset file).
    pub fn set_texts(&mut self, texts: Texts) {
        self.texts = texts;
        self.revision += 1;
    }

    /// The selected actor, if the dataset has any.
    pub fn selected_actor(&self) -> Option<NodeIndex> {
        self.actor_order.get(self.actor).copied()
    }

    /// The selected actor's relations under the current filters. Several
    /// places ask for them on every key and frame; they are listed once per
    /// (revision, actor, kinds, direction) and shared.
    pub fn links(&self) -> Rc<[Link]> {
        let Some(actor) = self.selected_actor() else { return Rc::from([]) };
        self.links_memo.get((self.revision, actor, self.kinds.clone(), self.direction), || self.links_of(actor).into())
    }

    /// The matrix's cells and totals under the current filters, computed
    /// once per (revision, columns, kinds, direction) and shared, as
    /// `links()` is.
    pub fn matrix(&self) -> Rc<MatrixCells> {
        let key = (self.revision, self.matrix_view.columns.clone(), self.kinds.clone(), self.direction);
        self.matrix_memo.get(key, || {
            let m = &self.matrix_view;
            Rc::new(self.graph.matrix_cells(&m.rows, &m.cols, &self.kinds, self.direction))
        })
    }

    pub fn selected_link(&self) -> Option<Link> {
        self.links().get(self.list.relation).copied()
    }

    /// Selects an actor by node, e.g. from `--actor`.
    pub fn select_actor(&mut self, node: NodeIndex) {
        if let Some(&pos) = self.actor_position.get(node.index()) {
            self.actor = pos;
            self.list.relation = 0;
            self.reset_evidence();
        }
    }

    /// Shows only the kinds `kinds` allows, e.g. from `--kind`.
    pub fn set_kinds(&mut self, kinds: KindFilter) {
        self.refilter(|app| app.kinds = kinds);
    }

    /// Below the minimum size the browser shows a note and only quits.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The top overlay wants text: keys that are letters are typed.
    pub fn wants_text(&self) -> bool {
        self.overlays.last().is_some_and(Overlay::wants_text)
    }

    /// The open search line, if it is on top.
    pub fn search(&self) -> Option<&SearchBox> {
        match self.overlays.last() {
            Some(Overlay::Search(search)) => Some(search),
            _ => None,
        }
    }

    fn reset_evidence(&mut self) {
        self.list.source_scroll.set(0);
        self.list.quote_in_view.set(false);
        self.list.quote = 0;
    }

    /// Where Backspace will return to.
    fn remember(&mut self) {
        let visit = Visit {
            actor: self.selected_actor().map(|n| self.graph.actor(n).id.clone()),
            edge: self.selected_link().map(|l| self.edge_id(l.edge)),
            view: self.view,
        };
        self.history.push(visit);
    }

    /// After the list of relations changed (a filter, a return, new data),
    /// selects `edge` again where it now is; if it is gone, stays on the
    /// same row, inside the list.
    fn reselect(&mut self, edge: Option<&EdgeId>) {
        let edge = edge.and_then(|id| self.edge_by_id(id));
        let links = self.links();
        match edge.and_then(|e| links.iter().position(|l| l.edge == e)) {
            Some(pos) => self.list.relation = pos,
            None => self.list.relation = self.list.relation.min(links.len().saturating_sub(1)),
        }
        self.reset_evidence();
    }

    /// After relations were added at the end: the same relation stays
    /// selected (its evidence as it was scrolled), or the same row.
    fn reselect_keeping(&mut self, edge: Option<&EdgeId>) {
        let edge = edge.and_then(|id| self.edge_by_id(id));
        let links = self.links();
        match edge.and_then(|e| links.iter().position(|l| l.edge == e)) {
            Some(pos) => self.list.relation = pos,
            None => self.list.relation = self.list.relation.min(links.len().saturating_sub(1)),
        }
    }

    /// Changes the filters with `change`, keeping the selected relation
    /// selected when it is still listed.
    fn refilter(&mut self, change: impl FnOnce(&mut App)) {
        let edge = self.selected_link().map(|l| self.edge_id(l.edge));
        change(self);
        self.reselect(edge.as_ref());
    }

    /// Starts building the search index on another thread, so the first `/`
    /// on a big dataset does not wait for it. The browser calls this once
    /// its first frame is up.
    pub fn index_in_background(&mut self) {
        // Not while loading: the index would hold the data that batches
        // still add to.
        if self.search_index.is_none() && self.indexing.is_none() && self.loading.is_none() {
            let data = std::sync::Arc::clone(&self.graph.data);
            let texts = self.texts.clone();
            self.indexing = Some((self.revision, std::thread::spawn(move || SearchIndex::with_texts(&data, &texts))));
        }
        // So too the index by id of relations that streamed in.
        if let Some(thread) = self.relation_indexing.take_if(|t| t.is_finished()) {
            if let Ok((index, covers)) = thread.join() {
                self.graph.set_relation_index(index, covers);
            }
        } else if self.relation_indexing.is_none() && self.loading.is_none() && self.graph.relation_index_pending() {
            let data = std::sync::Arc::clone(&self.graph.data);
            self.relation_indexing =
                Some(std::thread::spawn(move || (InfluenceGraph::build_relation_index(&data), data.relations.len())));
        }
    }

    /// The search index of the current data, built now if need be.
    fn index(&mut self) -> &SearchIndex {
        if self.search_index.as_ref().is_none_or(|(rev, _)| *rev != self.revision) {
            let built = match self.indexing.take() {
                Some((rev, thread)) if rev == self.revision => thread.join().ok(),
                _ => None,
            };
            let index = built.unwrap_or_else(|| SearchIndex::with_texts(&self.graph.data, &self.texts));
            self.search_index = Some((self.revision, index));
        }
        &self.search_index.as_ref().expect("built above").1
    }

    /// The text a hit shows (a passage of a source's text included).
    pub fn hit_text(&self, hit: &Hit) -> &str {
        match &self.search_index {
            Some((rev, index)) if *rev == self.revision => index.hit_text(&self.graph.data, hit.target),
            _ => "",
        }
    }

    /// The source a passage hit is in, if the hit is one.
    pub fn hit_passage(&self, hit: &Hit) -> Option<&crate::search::Passage> {
        let Target::Passage(p) = hit.target else { return None };
        match &self.search_index {
            Some((rev, index)) if *rev == self.revision => index.passages.get(p),
            _ => None,
        }
    }

    /// Where the words of `query` are in a hit's text (for highlighting).
    pub fn hit_ranges(&self, hit: &Hit, query: &str) -> Vec<std::ops::Range<usize>> {
        match &self.search_index {
            Some((rev, index)) if *rev == self.revision => index.ranges(hit, query),
            _ => Vec::new(),
        }
    }

    /// `n` / `N`: the next or previous hit of the last search, wrapping.
    fn step_hit(&mut self, by: isize) {
        let Some(found) = self.found.take() else {
            self.status = Some("No search yet: / searches, then n and N step through the hits".into());
            return;
        };
        let mut found = found;
        if found.revision != self.revision {
            // The data changed since: the same words, in the data as it is now.
            found.hits = self.index().find(&found.query);
            found.current = found.current.min(found.hits.len().saturating_sub(1));
            found.revision = self.revision;
        }
        if !found.hits.is_empty() {
            let n = found.hits.len() as isize;
            found.current = (found.current as isize + by).rem_euclid(n) as usize;
            let hit = found.hits[found.current];
            self.found = Some(found);
            self.jump(&hit);
        } else {
            self.found = Some(found);
        }
    }

    /// Shows a hit in the list view: its actor, its relation, its quote.
    /// Filters that would hide it are widened, so a hit always shows. Hits
    /// point into the current revision (`Found` and the search box re-run
    /// their query after a change).
    fn jump(&mut self, hit: &Hit) {
        self.remember();
        self.view = View::List;
        let (relation, quote) = match hit.target {
            Target::Actor(a) => {
                self.select_actor(NodeIndex::new(a));
                self.list.focus = Pane::Actors;
                return;
            }
            // A group: its first member, under its heading.
            Target::Group(g) => {
                let first = self.graph.data.groups[g].members.iter().find_map(|m| self.graph.find(m));
                if let Some(node) = first {
                    self.select_actor(node);
                }
                self.list.focus = Pane::Actors;
                return;
            }
            Target::Relation(r) => (r, None),
            Target::Quote(r, e) => (r, Some(e)),
            // A passage of a source's text: the reader, there.
            Target::Passage(_) => {
                // Where the search's words are in the passage, not only
                // where the passage starts: a paragraph can be long.
                let query = self.found.as_ref().map(|f| f.query.clone()).unwrap_or_default();
                let first = self.hit_ranges(hit, &query).iter().map(|r| r.start).min().unwrap_or(0);
                if let Some((source, start, len)) =
                    self.hit_passage(hit).map(|p| (p.source, p.range.start, p.range.len()))
                {
                    self.show_passage(source, start + first.min(len));
                }
                return;
            }
        };
        self.show_relation(relation, quote);
    }

    /// Shows a relation (and one of its quotes) in the list view, from its
    /// first end, widening filters that would hide it.
    pub(super) fn show_relation(&mut self, relation: usize, quote: Option<usize>) {
        self.view = View::List;
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
        self.list.relation = self.links().iter().position(|l| l.edge == edge).unwrap_or(0);
        self.list.focus = if quote.is_some() { Pane::Sources } else { Pane::Relations };
        if let Some(e) = quote {
            self.list.quote = e;
            self.scroll_to_quote();
        }
    }

    /// What `y` copies: the selected quote with its citation, ready to paste.
    pub fn quote_with_citation(&self) -> Option<String> {
        let link = self.selected_link()?;
        let ev = self.graph.relation(link.edge).evidence.get(self.list.quote)?;
        Some(format!("“{}” — {}", ev.quote, text::cite(&self.graph.data, ev)))
    }

    fn copy_quote(&mut self) {
        if self.selected_link().is_some_and(|l| self.graph.relation(l.edge).evidence.is_empty()) {
            self.status = Some("This relation has no quote to copy: figures back it, each with its page's url".into());
            return;
        }
        match self.selected_link() {
            Some(link) => self.copy_quote_of(self.graph.edge(link.edge).relation, self.list.quote),
            None => self.status = Some("Nothing to copy: select a relation first".into()),
        }
    }

    /// Puts a quote with its citation on the clipboard, and says so.
    pub(crate) fn copy_quote_of(&mut self, relation: usize, quote: usize) {
        let data = std::sync::Arc::clone(&self.graph.data);
        let Some(ev) = data.relations.get(relation).and_then(|r| r.evidence.get(quote)) else { return };
        let n = data.relations[relation].evidence.len();
        self.status = Some(format!("Copied quote {}/{n} with its citation to the clipboard", quote + 1));
        self.clipboard = Some(format!("“{}” — {}", ev.quote, text::cite(&data, ev)));
    }

    /// The relations between two actors under the filters, seen from `row`:
    /// what a matrix cell stands for.
    pub fn pair_links(&self, row: NodeIndex, col: NodeIndex) -> Vec<Link> {
        self.graph.links(row, &self.kinds, self.direction).into_iter().filter(|l| l.counterpart == col).collect()
    }

    /// Every quote of a pair's relations, as (relation, quote), in the order
    /// the pair popup lists them.
    pub fn pair_quotes(&self, row: &str, col: &str) -> Vec<(usize, usize)> {
        let (Some(row), Some(col)) = (self.graph.find(row), self.graph.find(col)) else { return Vec::new() };
        self.pair_links(row, col)
            .iter()
            .flat_map(|l| {
                let r = self.graph.edge(l.edge).relation;
                (0..self.graph.data.relations[r].evidence.len()).map(move |e| (r, e))
            })
            .collect()
    }

    fn open_search(&mut self) {
        if let Some(loading) = &self.loading {
            self.status = Some(format!(
                "Search opens once the data is in ({} relations so far): browse meanwhile",
                thousands(loading.relations)
            ));
            return;
        }
        self.index();
        self.overlays.push(Overlay::Search(SearchBox::default()));
    }
}

pub(crate) fn clamp_step(at: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(delta).min(len - 1)
}

/// Outside powers first, then each group's members in the group's order.
/// Linear in actors and members: big datasets have tens of thousands.
fn display_order(graph: &InfluenceGraph) -> Vec<NodeIndex> {
    let data = &graph.data;
    let mut placed = vec![false; graph.actor_count()];
    let members: Vec<Vec<NodeIndex>> =
        data.groups.iter().map(|g| g.members.iter().filter_map(|m| graph.find(m)).collect()).collect();
    let mut grouped = vec![false; graph.actor_count()];
    for &n in members.iter().flatten() {
        grouped[n.index()] = true;
    }
    let mut order: Vec<NodeIndex> = graph.graph.node_indices().filter(|n| !grouped[n.index()]).collect();
    for &n in members.iter().flatten() {
        if !std::mem::replace(&mut placed[n.index()], true) {
            order.push(n);
        }
    }
    order
}

/// The rows of the actors pane: a heading before the first member of each
/// group shown (an actor in several groups is listed under the first).
fn actor_rows(graph: &InfluenceGraph, order: &[NodeIndex]) -> Vec<ActorRow> {
    let groups = &graph.data.groups;
    let mut group_of: HashMap<NodeIndex, usize> = HashMap::with_capacity(order.len());
    for (g, group) in groups.iter().enumerate() {
        for m in &group.members {
            if let Some(n) = graph.find(m) {
                group_of.entry(n).or_insert(g);
            }
        }
    }
    let mut rows = Vec::with_capacity(order.len() + groups.len());
    let mut heading_done = vec![false; groups.len()];
    for (pos, node) in order.iter().enumerate() {
        if let Some(&g) = group_of.get(node)
            && !std::mem::replace(&mut heading_done[g], true)
        {
            rows.push(ActorRow::Heading(g));
        }
        rows.push(ActorRow::Actor(pos));
    }
    rows
}

/// Applies one action. The only place state changes, and the one place that
/// decides who gets an event: the top overlay, then the view, then the keys
/// every view shares.
pub fn update(app: &mut App, action: Action) {
    // A note in the footer lasts until the next key.
    if !matches!(action, Action::Resize(..) | Action::Wheel(..)) {
        app.status = None;
    }
    if let Action::Resize(w, h) = action {
        // Whatever is open stays open; scrolling is clamped when drawn.
        app.size = (w, h);
        return;
    }
    if app.too_small() && action != Action::Quit {
        // Nothing the user cannot see changes: only quitting works.
        return;
    }
    if let Some(mut top) = app.overlays.pop() {
        // The overlay is off the stack while it handles the event, so it
        // may change anything else in the app.
        match top.handle(&action, app) {
            overlay::Outcome::Keep => app.overlays.push(top),
            overlay::Outcome::Open(other) => {
                app.overlays.push(top);
                app.overlays.push(other);
            }
            overlay::Outcome::Close => {}
        }
        return;
    }
    if app.handle_view(&action) {
        return;
    }
    match action {
        Action::Back => {
            if let Some(v) = app.history.pop() {
                if let Some(node) = v.actor.as_deref().and_then(|id| app.graph.find(id)) {
                    app.select_actor(node);
                }
                app.list.relation = 0;
                app.reselect(v.edge.as_ref());
                app.show_view(v.view);
            }
        }
        Action::ToggleKind(k) => app.refilter(|app| app.kinds.toggle(k)),
        Action::AllKinds => app.refilter(|app| app.kinds = KindFilter::all(app.graph.data.kinds.len())),
        Action::CycleDirection => app.refilter(|app| app.direction = app.direction.next()),
        Action::Copy => app.copy_quote(),
        Action::Click(x, y) => app.click(x, y),
        Action::Wheel(x, y, down) => app.wheel(x, y, down),
        Action::OpenSearch => app.open_search(),
        Action::NextHit => app.step_hit(1),
        Action::PrevHit => app.step_hit(-1),
        Action::CycleColumns if app.view == View::Matrix => app.cycle_matrix_columns(),
        Action::SetYears => app.open_years_prompt(),
        Action::EarlierYear => app.step_years(-1),
        Action::LaterYear => app.step_years(1),
        Action::ToggleFigures => app.toggle_figures(),
        Action::CycleMeasure => app.cycle_measure(),
        Action::NextView => app.show_view(app.view.next()),
        Action::ShowView(v) => app.show_view(v),
        Action::ToggleHelp => app.overlays.push(Overlay::Help { scroll: 0 }),
        Action::Delete => app.ask_delete(),
        Action::Edit => app.open_edit_form(),
        Action::Add => app.open_add_form(),
        Action::Capture => app.open_capture(false),
        Action::Attach => app.open_capture(true),
        Action::Undo => app.undo(),
        Action::OpenEditor => app.request_editor(),
        Action::Redo => app.redo(),
        // Esc closes and cancels (as in lazygit, k9s, gitui); it never quits.
        Action::Escape => app.status = Some("Nothing to close: q quits".into()),
        Action::Quit => app.running = false,
        // Keys that mean nothing here.
        _ => {}
    }
}
