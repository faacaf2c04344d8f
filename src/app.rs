//! Application state and `update`: the Model and Update of the Elm
//! architecture. No I/O here; tests drive `update` directly.

use petgraph::graph::NodeIndex;

use crate::graph::{Direction, InfluenceGraph, KindFilter, Link};
use crate::layout::Areas;
use crate::text;
use crate::theme::Theme;

/// Everything a key (or a resize) can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
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
    ToggleHelp,
    /// Closes what is open, or quits when nothing is.
    Escape,
    Quit,
    Resize(u16, u16),
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
    pub help: bool,
    pub running: bool,
    /// Terminal size, to page and to clamp scrolling as drawn.
    pub size: (u16, u16),
    history: Vec<Visit>,
}

impl App {
    pub fn new(graph: InfluenceGraph, theme: Theme) -> App {
        let actor_order = display_order(&graph);
        let kinds = KindFilter::all(graph.data.kinds.len());
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
            help: false,
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

    /// Shows only the kinds `kinds` allows, e.g. from `--kind`.
    pub fn set_kinds(&mut self, kinds: KindFilter) {
        self.kinds = kinds;
        self.clamp_relation();
    }

    fn areas(&self) -> Areas {
        Areas::new(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Rows a page key moves in the focused pane.
    fn page(&self) -> usize {
        let a = self.areas();
        let rect = match self.focus {
            Pane::Actors => a.actors,
            Pane::Relations => a.relations,
            Pane::Sources => a.sources,
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
    if app.help {
        // The help overlay is modal: it closes, or the app quits.
        match action {
            Action::ToggleHelp | Action::Escape => app.help = false,
            Action::Quit => app.running = false,
            Action::Resize(w, h) => app.size = (w, h),
            _ => {}
        }
        return;
    }
    match action {
        Action::Up => app.move_by(-1),
        Action::Down => app.move_by(1),
        Action::PageUp => app.move_by(-(app.page() as isize)),
        Action::PageDown => app.move_by(app.page() as isize),
        Action::First => app.move_by(isize::MIN / 2),
        Action::Last => app.move_by(isize::MAX / 2),
        Action::FocusNext => app.focus = app.focus.step(1),
        Action::FocusPrev => app.focus = app.focus.step(-1),
        Action::Follow => {
            if app.focus == Pane::Actors {
                app.focus = Pane::Relations;
            } else if let Some(link) = app.selected_link() {
                app.history.push(Visit { actor: app.actor, relation: app.relation });
                let back = app.selected_actor();
                app.select_actor(link.counterpart);
                // Land on the relation we came by, so the evidence stays in view.
                if let Some(pos) = app.links().iter().position(|l| l.edge == link.edge) {
                    app.relation = pos;
                } else if let Some(pos) = app.links().iter().position(|l| Some(l.counterpart) == back) {
                    app.relation = pos;
                }
                app.focus = Pane::Relations;
            }
        }
        Action::Back => {
            if let Some(v) = app.history.pop() {
                app.actor = v.actor.min(app.actor_order.len().saturating_sub(1));
                app.relation = v.relation;
                app.clamp_relation();
            }
        }
        Action::ToggleKind(k) => {
            app.kinds.toggle(k);
            app.clamp_relation();
        }
        Action::AllKinds => {
            app.kinds = KindFilter::all(app.graph.data.kinds.len());
            app.clamp_relation();
        }
        Action::CycleDirection => {
            app.direction = app.direction.next();
            app.clamp_relation();
        }
        Action::ToggleHelp => app.help = true,
        Action::Escape | Action::Quit => app.running = false,
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.move_by(0);
        }
    }
}
