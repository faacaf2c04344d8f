//! The map view: country outlines, capitals and the edges between them on a
//! braille canvas, with a side panel for the selected actor and the legend.

use std::collections::HashSet;
use std::rc::Rc;

use petgraph::graph::NodeIndex;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Segment};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::layout::map_areas;
use crate::app::App;
use crate::geo::{self, Bounds, LonLat};

impl App {
    pub(super) fn render_map(&self, area: Rect, buf: &mut Buffer) {
        // The same areas mouse clicks are measured against.
        let (inner, side) = map_areas(area);
        let block = Block::bordered()
            .border_style(self.theme.focused_border())
            .title(Span::styled(" Map · arrows move between capitals ", self.theme.title()));
        block.render(inner.outer(ratatui::layout::Margin::new(1, 1)), buf);
        let bounds = self.map_bounds(inner);
        self.last_frame.borrow_mut().map = inner;
        self.render_canvas(bounds, inner, buf);
        self.render_capitals(bounds, inner, buf);
        self.render_map_side(side, buf);
    }

    /// The region holding the dataset's actors, fitted to the map's area.
    fn map_bounds(&self, inner: Rect) -> Bounds {
        let points: Vec<LonLat> = self.graph.data.actors.iter().filter_map(|a| a.lon_lat()).collect();
        Bounds::around(&points, inner.width, inner.height)
    }

    fn canvas_color(&self, c: Color) -> Color {
        if self.theme.color { c } else { Color::Reset }
    }

    /// Outlines and the grey ties: they change only with the area and the
    /// kind filter, so they are drawn once and copied on every other frame.
    fn render_background(&self, bounds: Bounds, inner: Rect) -> Buffer {
        let actor_names: HashSet<String> = self.graph.data.actors.iter().map(|a| a.name.to_lowercase()).collect();
        // Without colour the grey ties would look like the selected actor's:
        // then only the selected actor's are drawn.
        let pairs = if self.theme.color { self.graph.tied_pairs(&self.kinds) } else { Vec::new() };
        let position = |n: NodeIndex| self.graph.actor(n).lon_lat();
        let canvas = Canvas::default().marker(Marker::Braille).x_bounds(bounds.lon).y_bounds(bounds.lat).paint(|ctx| {
            // Countries that are actors a little brighter than their neighbours.
            for country in geo::outlines() {
                let is_actor = actor_names.contains(&country.name.to_lowercase());
                let color = self.canvas_color(if is_actor { Color::Gray } else { Color::DarkGray });
                for ring in country.rings.iter().filter(|r| bounds.overlaps(r.bbox)) {
                    for w in ring.points.windows(2) {
                        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                        // A ring cut at the antimeridian jumps from 180 to -180.
                        if (x2 - x1).abs() > 90.0 {
                            continue;
                        }
                        ctx.draw(&Segment { x1, y1, x2, y2, color });
                    }
                }
            }
            ctx.layer();
            // One grey line per tied pair, whatever the kinds between them.
            let color = self.canvas_color(Color::DarkGray);
            for &(a, b) in &pairs {
                let (Some((x1, y1)), Some((x2, y2))) = (position(a), position(b)) else { continue };
                ctx.draw(&Segment { x1, y1, x2, y2, color });
            }
        });
        let mut background = Buffer::empty(inner);
        canvas.render(inner, &mut background);
        background
    }

    fn render_canvas(&self, bounds: Bounds, inner: Rect, buf: &mut Buffer) {
        let background = self
            .map_cache
            .get((self.revision, inner, self.kinds.clone()), || Rc::new(self.render_background(bounds, inner)));
        buf.merge(&background);
        // The selected actor's ties, one line per (counterpart, kind), in colour.
        let Some(actor) = self.selected_actor() else { return };
        let mut seen = HashSet::new();
        let own: Vec<(NodeIndex, usize)> = self
            .links()
            .iter()
            .map(|l| (l.counterpart, self.graph.edge(l.edge).kind))
            .filter(|&pair| seen.insert(pair))
            .collect();
        // An actor without coordinates has no lines to draw.
        let Some((x1, y1)) = self.graph.actor(actor).lon_lat() else { return };
        let canvas = Canvas::default().marker(Marker::Braille).x_bounds(bounds.lon).y_bounds(bounds.lat).paint(|ctx| {
            for &(other, kind) in &own {
                let Some((x2, y2)) = self.graph.actor(other).lon_lat() else { continue };
                let color = self.canvas_color(self.graph.data.kinds[kind].color());
                ctx.draw(&Segment { x1, y1, x2, y2, color });
            }
        });
        canvas.render(inner, buf);
    }

    /// A marker at every capital and a label beside it where there is room;
    /// the selected actor first, so its label always shows.
    fn render_capitals(&self, bounds: Bounds, inner: Rect, buf: &mut Buffer) {
        let (w, h) = (inner.width, inner.height);
        let mut taken = vec![false; usize::from(w) * usize::from(h)];
        let selected = self.selected_actor();
        let mut order: Vec<NodeIndex> = self.actor_order.clone();
        order.sort_by_key(|&n| Some(n) != selected);
        // Markers first, so that no label covers another actor's capital.
        let cells: Vec<(NodeIndex, u16, u16)> = order
            .iter()
            .filter_map(|&n| bounds.cell(self.graph.actor(n).lon_lat()?, w, h).map(|(x, y)| (n, x, y)))
            .collect();
        // Where clicks find the capitals.
        self.last_frame.borrow_mut().capitals = cells.iter().map(|&(n, x, y)| (n, inner.x + x, inner.y + y)).collect();
        for &(n, x, y) in &cells {
            taken[usize::from(y) * usize::from(w) + usize::from(x)] = true;
            let (symbol, style) =
                if Some(n) == selected { ("◉", self.theme.selected()) } else { ("●", self.theme.title()) };
            buf.set_string(inner.x + x, inner.y + y, symbol, style);
        }
        for &(n, x, y) in &cells {
            let actor = self.graph.actor(n);
            let style = if Some(n) == selected { self.theme.selected() } else { self.theme.title() };
            let candidates = [actor.name.as_str(), actor.id.as_str()];
            'placing: for label in candidates {
                let label = fit(label, usize::from(w.saturating_sub(1)));
                let len = label.width() as u16;
                // Right of the marker, then left of it.
                for start in [x.checked_add(1), x.checked_sub(len)] {
                    let Some(start) = start else { continue };
                    if start + len > w {
                        continue;
                    }
                    let row = usize::from(y) * usize::from(w);
                    let span = row + usize::from(start)..row + usize::from(start + len);
                    if taken[span.clone()].iter().any(|&t| t) {
                        continue;
                    }
                    taken[span].iter_mut().for_each(|t| *t = true);
                    buf.set_string(inner.x + start, inner.y + y, &label, style);
                    break 'placing;
                }
            }
        }
    }

    fn render_map_side(&self, area: Rect, buf: &mut Buffer) {
        let block =
            Block::bordered().border_style(self.theme.border()).title(Span::styled(" Legend ", self.theme.title()));
        let mut lines = Vec::new();
        if let Some(actor) = self.selected_actor() {
            let a = self.graph.actor(actor);
            lines.push(Line::styled(format!("◉ {}", a.name), self.theme.selected()));
            let whereabouts = match (&a.capital, a.lon_lat()) {
                (_, None) => "  not on the map (no coordinates)".to_string(),
                (Some(capital), _) => format!("  {capital}"),
                (None, _) => String::new(),
            };
            lines.push(Line::styled(whereabouts, self.theme.dim()));
            let counts = self.graph.counts_per_kind(actor, self.direction);
            for (i, kind) in self.graph.data.kinds.iter().enumerate() {
                let style = if self.kinds.allows(i) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
                lines.push(Line::from(vec![
                    Span::styled(format!("━ {} {}", self.kind_letters[i], kind.label), style),
                    Span::raw(format!(" {}", counts[i])),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("● capital", self.theme.dim()));
        let unmapped = self.graph.data.actors.iter().filter(|a| a.lon_lat().is_none()).count();
        if unmapped > 0 {
            let actors = if unmapped == 1 { "actor" } else { "actors" };
            lines.push(Line::styled(format!("{unmapped} {actors} off the map (no coordinates)"), self.theme.dim()));
        }
        if self.theme.color {
            lines.push(Line::styled("━ coloured: its ties", self.theme.dim()));
            lines.push(Line::styled("━ grey: other ties", self.theme.dim()));
        } else {
            lines.push(Line::styled("━ lines: its ties", self.theme.dim()));
        }
        lines.push(Line::styled("⏎ its relations+quotes", self.theme.dim()));
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).render(area, buf);
    }
}
