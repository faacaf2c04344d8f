//! Application state and `update`: the Model and Update of the Elm
//! architecture. No I/O here; tests drive `update` directly.

use petgraph::graph::NodeIndex;

use crate::geo::{self, Heading};
use crate::graph::{Direction, InfluenceGraph, KindFilter, Link};
use crate::layout::Areas;
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
    /// Closes what is open, or quits when nothing is.
    Escape,
    Quit,
    Resize(u16, u16),
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

/// Where Backspace returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Visit {
    actor: usize,
    relation: usize,
}

pub struct App {
    pub graph: InfluenceGraph,
    pub theme: Theme,
    /// Actors in display order: those outside any group first (the outside
    /// powers), then each group's members under its heading.
    pub actor_order: Vec<NodeIndex>,
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
    pub view: View,
    /// The matrix's axes (see `InfluenceGraph::matrix_axes`).
    pub matrix_rows: Vec<NodeIndex>,
    pub matrix_cols: Vec<NodeIndex>,
    /// The matrix cursor: (row, column) positions in the axes.
    pub cell: (usize, usize),
    /// The evidence popup of a matrix cell, when open.
    pub pair: Option<PairPopup>,
    pub help: bool,
    /// First line shown in the help overlay (it scrolls on small terminals).
    pub help_scroll: usize,
    pub running: bool,
    /// Terminal size, to page and to clamp scrolling as drawn.
    pub size: (u16, u16),
    history: Vec<Visit>,
}

impl App {
    pub fn new(graph: InfluenceGraph, theme: Theme) -> App {
        let actor_order = display_order(&graph);
        let kinds = KindFilter::all(graph.data.kinds.len());
        let (matrix_rows, matrix_cols) = graph.matrix_axes();
        App {
            kind_letters: text::kind_letters(&graph.data.kinds),
            graph,
            theme,
            actor_order,
            kinds,
            direction: Direction::All,
            focus: Pane::Actors,
            actor: 0,
            relation: 0,
            source_scroll: 0,
            view: View::List,
            matrix_rows,
            matrix_cols,
            cell: (0, 0),
            pair: None,
            help: false,
            help_scroll: 0,
            running: true,
            size: (100, 30),
            history: Vec::new(),
        }
    }

    /// The selected actor, if the dataset has any.
    pub fn selected_actor(&self) -> Option<NodeIndex> {
        self.actor_order.get(self.actor).copied()
    }

    /// The selected actor's relations under the current filters.
    pub fn links(&self) -> Vec<Link> {
        match self.selected_actor() {
            Some(a) => self.graph.links(a, &self.kinds, self.direction),
            None => Vec::new(),
        }
    }

    pub fn selected_link(&self) -> Option<Link> {
        self.links().get(self.relation).copied()
    }

    /// Selects an actor by node, e.g. from `--actor`.
    pub fn select_actor(&mut self, node: NodeIndex) {
        if let Some(pos) = self.actor_order.iter().position(|&n| n == node) {
            self.actor = pos;
            self.relation = 0;
            self.source_scroll = 0;
        }
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

    fn source_lines(&self) -> usize {
        let width = self.areas().sources.width.saturating_sub(2);
        text::source_lines(self, width).len()
    }

    /// Moves the selection in the focused pane by `delta` rows, clamped.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Actors => {
                let to = clamp_step(self.actor, delta, self.actor_order.len());
                if to != self.actor {
                    self.actor = to;
                    self.relation = 0;
                    self.source_scroll = 0;
                }
            }
            Pane::Relations => {
                let to = clamp_step(self.relation, delta, self.links().len());
                if to != self.relation {
                    self.relation = to;
                    self.source_scroll = 0;
                }
            }
            Pane::Sources => {
                let visible = usize::from(self.areas().sources.height.saturating_sub(2));
                let max = self.source_lines().saturating_sub(visible) + 1;
                self.source_scroll = clamp_step(self.source_scroll, delta, max);
            }
        }
    }

    /// After a filter change the list under the cursor changes; keep the
    /// selection inside it.
    fn clamp_relation(&mut self) {
        let n = self.links().len();
        self.relation = self.relation.min(n.saturating_sub(1));
        self.source_scroll = 0;
    }
}

impl App {
    fn follow(&mut self) {
        if self.focus == Pane::Actors {
            self.focus = Pane::Relations;
            return;
        }
        let Some(link) = self.selected_link() else { return };
        self.history.push(Visit { actor: self.actor, relation: self.relation });
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
        let points: Vec<_> = self.actor_order.iter().map(|&n| self.graph.actor(n)).map(|a| (a.lon, a.lat)).collect();
        if let Some(to) = geo::nearest_in_direction(&points, self.actor, heading) {
            let node = self.actor_order[to];
            self.select_actor(node);
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

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    if let Action::Resize(w, h) = action {
        // Whatever is open stays open; scrolling is re-clamped to the new size.
        app.size = (w, h);
        app.move_by(0);
        app.scroll_pair(0);
        app.scroll_help(0);
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
            Action::Quit => app.running = false,
            _ => {}
        }
        return;
    }
    match (app.view, action) {
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
                app.relation = v.relation;
                app.clamp_relation();
                app.sync_cell();
            }
        }
        (_, Action::ToggleKind(k)) => {
            app.kinds.toggle(k);
            app.clamp_relation();
        }
        (_, Action::AllKinds) => {
            app.kinds = KindFilter::all(app.graph.data.kinds.len());
            app.clamp_relation();
        }
        (_, Action::CycleDirection) => {
            app.direction = app.direction.next();
            app.clamp_relation();
        }
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
