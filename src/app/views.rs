//! The views' own event handling: the list's panes, the map's capitals and
//! the matrix's cells, with clicks and the wheel placed by the last frame.

use petgraph::graph::NodeIndex;
use ratatui::layout::Position;

use super::overlay::Choice;
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
                    self.overlays.push(Overlay::Pair(PairPopup::new(row, col)));
                }
            }
            _ => return false,
        }
        true
    }

    /// Rows a page key moves in the focused pane, as last drawn.
    fn page(&self) -> usize {
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

    /// The sources view's keys: the list moves between sources, the text
    /// scrolls and steps through its quoted spans; Enter on a span goes to
    /// the relation it backs (a choice first when it backs several).
    fn handle_sources(&mut self, action: &Action) -> bool {
        let page = self.page() as isize;
        let focus = self.sources_view.focus;
        match (focus, action) {
            (_, Action::CycleSort) => {
                // The selection stays on its source, now elsewhere in the list.
                let selected = self.selected_source().map(|s| self.graph.data.sources[s].id.clone());
                self.sources_view.sort = self.sources_view.sort.next();
                self.sources_view.source = selected;
            }
            (_, Action::FocusNext | Action::FocusPrev) => {
                self.sources_view.focus = match focus {
                    SourcesFocus::List => SourcesFocus::Text,
                    SourcesFocus::Text => SourcesFocus::List,
                }
            }
            (SourcesFocus::List, Action::Right | Action::Follow) => self.sources_view.focus = SourcesFocus::Text,
            (SourcesFocus::Text, Action::Left) => self.sources_view.focus = SourcesFocus::List,
            (SourcesFocus::List, Action::Up) => self.move_source(-1),
            (SourcesFocus::List, Action::Down) => self.move_source(1),
            (SourcesFocus::List, Action::PageUp) => self.move_source(-page),
            (SourcesFocus::List, Action::PageDown) => self.move_source(page),
            (SourcesFocus::List, Action::First) => self.move_source(isize::MIN / 2),
            (SourcesFocus::List, Action::Last) => self.move_source(isize::MAX / 2),
            (SourcesFocus::Text, Action::Up) => self.scroll_reader(-1),
            (SourcesFocus::Text, Action::Down) => self.scroll_reader(1),
            (SourcesFocus::Text, Action::PageUp) => self.scroll_reader(-page),
            (SourcesFocus::Text, Action::PageDown) => self.scroll_reader(page),
            (SourcesFocus::Text, Action::First) => self.scroll_reader(isize::MIN / 2),
            (SourcesFocus::Text, Action::Last) => self.scroll_reader(isize::MAX / 2),
            (_, Action::NextSpan) => self.step_span(1),
            (_, Action::PrevSpan) => self.step_span(-1),
            (SourcesFocus::Text, Action::Follow) => self.follow_span(),
            (_, Action::Copy) => {
                self.status = Some("y copies a quote from the list view's evidence: Enter on a span goes there".into())
            }
            _ => return false,
        }
        true
    }

    fn move_source(&mut self, delta: isize) {
        let order = self.source_order();
        let at = self.selected_source().and_then(|s| order.iter().position(|&o| o == s)).unwrap_or(0);
        let to = clamp_step(at, delta, order.len());
        if let Some(&s) = order.get(to)
            && to != at
        {
            self.sources_view.source = Some(self.graph.data.sources[s].id.clone());
            self.sources_view.span = 0;
            self.sources_view.scroll.set(0);
        }
    }

    fn scroll_reader(&mut self, delta: isize) {
        let max = self.last_frame.borrow().reader.max_scroll() + 1;
        self.sources_view.scroll.set(clamp_step(self.sources_view.scroll.get(), delta, max));
    }

    /// `]` / `[`: the next or previous quoted span, scrolled into view.
    fn step_span(&mut self, delta: isize) {
        let Some(source) = self.selected_source() else { return };
        let spans = self.spans(source).len();
        if spans == 0 {
            self.status = Some("No quoted span here: this source has no text, or none of its quotes".into());
            return;
        }
        self.sources_view.focus = SourcesFocus::Text;
        self.sources_view.span = clamp_step(self.sources_view.span, delta, spans);
        self.sources_view.span_in_view.set(true);
    }

    /// Enter on a span: the relation it backs, in the list view (Backspace
    /// comes back); a short choice first when it backs several.
    fn follow_span(&mut self) {
        let Some(source) = self.selected_source() else { return };
        let spans = self.spans(source);
        let Some(span) = spans.get(self.sources_view.span) else { return };
        match span.evidence.as_slice() {
            [] => {}
            [(r, e)] => {
                self.remember();
                self.show_relation(*r, Some(*e));
            }
            quotes => {
                let data = &self.graph.data;
                let options = quotes
                    .iter()
                    .map(|&(r, e)| {
                        let rel = &data.relations[r];
                        (format!("{} · {} → {} · {}", rel.kind, rel.from, rel.to, rel.summary), r, e)
                    })
                    .collect();
                self.overlays.push(Overlay::Choose(Choice { title: "This quote backs".into(), options, selected: 0 }));
            }
        }
    }

    /// `o` in the Evidence pane: the selected quote in its source's text.
    fn open_selected_quote(&mut self) {
        let Some(link) = self.selected_link() else { return };
        let relation = self.graph.edge(link.edge).relation;
        self.open_quote(relation, self.list.quote);
    }

    /// The sources view on a quote's source, its span selected and in view.
    pub(super) fn open_quote(&mut self, relation: usize, quote: usize) {
        let data = std::sync::Arc::clone(&self.graph.data);
        let Some(ev) = data.relations.get(relation).and_then(|r| r.evidence.get(quote)) else { return };
        let Some(source) = data.sources.iter().position(|s| s.id == ev.source) else { return };
        self.remember();
        self.view = View::Sources;
        let v = &mut self.sources_view;
        v.source = Some(ev.source.clone());
        v.focus = SourcesFocus::Text;
        v.scroll.set(0);
        let spans = self.spans(source);
        match spans.iter().position(|s| s.evidence.contains(&(relation, quote))) {
            Some(span) => {
                self.sources_view.span = span;
                self.sources_view.span_in_view.set(true);
            }
            None if self.texts.get(&ev.source).is_some() => {
                self.status =
                    Some("This quote is not in the source's text (greatgame validate says where it differs)".into())
            }
            None => self.status = Some("This source's text is not stored: its metadata and quotes show".into()),
        }
    }

    /// The sources view on a source's text, scrolled to byte `at`.
    pub(super) fn show_passage(&mut self, source: usize, at: usize) {
        self.view = View::Sources;
        let v = &mut self.sources_view;
        v.source = Some(self.graph.data.sources[source].id.clone());
        v.focus = SourcesFocus::Text;
        v.reveal.set(Some(at));
        // The first span from there on is the selected one.
        let spans = self.spans(source);
        self.sources_view.span = spans.iter().position(|s| s.range.end > at).unwrap_or(0);
    }

    /// A choice made in the overlay: the relation (and quote) to show.
    pub(super) fn choose_relation(&mut self, relation: usize, quote: usize) {
        self.remember();
        self.show_relation(relation, Some(quote));
    }
}
