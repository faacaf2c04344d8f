//! The map view: country outlines, capitals and the edges between them on a
//! braille canvas, with a side panel for the selected actor and the legend.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ratatui::style::{Modifier, Style};

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
use crate::graph::Arrow;

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
        let heads = self.render_canvas(bounds, inner, buf);
        self.render_capitals(bounds, inner, &heads, buf);
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
            // Without colour, outlines are dimmed (below) instead.
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
            // One line per tied pair, whatever the kinds between them, in a
            // colour of their own (borders are grey).
            let color = self.canvas_color(OTHER_TIES);
            for &(a, b) in &pairs {
                let (Some((x1, y1)), Some((x2, y2))) = (position(a), position(b)) else { continue };
                ctx.draw(&Segment { x1, y1, x2, y2, color });
            }
        });
        let mut background = Buffer::empty(inner);
        canvas.render(inner, &mut background);
        if !self.theme.color {
            // Dim, so that the selected actor's bold lines stand out.
            for position in inner.positions() {
                background[position].modifier.insert(Modifier::DIM);
            }
        }
        background
    }

    /// The selected actor's ties as the map draws them: one line per
    /// counterpart on the map and kind, in kind order, with the directions
    /// its edges run.
    pub(crate) fn map_ties(&self) -> Vec<MapTie> {
        let Some(actor) = self.selected_actor() else { return Vec::new() };
        if self.graph.actor(actor).lon_lat().is_none() {
            return Vec::new();
        }
        let mut ties: Vec<MapTie> = Vec::new();
        let mut at: HashMap<(NodeIndex, usize), usize> = HashMap::new();
        for link in self.links().iter() {
            let to = self.graph.actor(link.counterpart).lon_lat();
            let kind = self.graph.edge(link.edge).kind;
            let Some(to) = to else { continue };
            let i = *at.entry((link.counterpart, kind)).or_insert_with(|| {
                ties.push(MapTie { counterpart: link.counterpart, to, kind, outgoing: false, incoming: false });
                ties.len() - 1
            });
            let tie = &mut ties[i];
            match link.arrow {
                Arrow::Out => tie.outgoing = true,
                Arrow::In => tie.incoming = true,
                Arrow::Both => {}
            }
        }
        ties.sort_by_key(|t| (t.counterpart, t.kind));
        ties
    }

    /// Outlines and other ties (cached), then the selected actor's ties: a
    /// pair tied by several kinds gets parallel lines a cell apart, in kind
    /// order, as transit maps draw them, each with an arrowhead towards the
    /// recipient for a directed kind. Drawn bold, so they stand out from the
    /// outlines without colour too.
    /// Returns where the arrowheads are (inside `inner`), so labels keep
    /// clear of them.
    fn render_canvas(&self, bounds: Bounds, inner: Rect, buf: &mut Buffer) -> Vec<(u16, u16)> {
        let background = self
            .map_cache
            .get((self.revision, inner, self.kinds.clone()), || Rc::new(self.render_background(bounds, inner)));
        buf.merge(&background);
        let mut heads = Vec::new();
        let Some(from) = self.selected_actor().and_then(|a| self.graph.actor(a).lon_lat()) else { return heads };
        let ties = self.map_ties();
        let grid = CellGrid { bounds, w: f64::from(inner.width.max(1)), h: f64::from(inner.height.max(1)) };
        let a = grid.to_cells(from);
        // Each tie's line in screen cells, offset sideways by its place among
        // the kinds of its pair.
        // Ties are sorted by counterpart, then kind: a pair's lines are a run.
        let mut kinds_of: HashMap<NodeIndex, usize> = HashMap::new();
        ties.iter().for_each(|t| *kinds_of.entry(t.counterpart).or_default() += 1);
        let mut place = 0;
        let segments: Vec<((f64, f64), (f64, f64))> = ties
            .iter()
            .enumerate()
            .map(|(i, tie)| {
                place = if i > 0 && ties[i - 1].counterpart == tie.counterpart { place + 1 } else { 0 };
                let count = kinds_of[&tie.counterpart] as f64;
                let offset = (place as f64 - (count - 1.0) / 2.0) * LINE_SPACING;
                let b = grid.to_cells(tie.to);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let len = (dx * dx + dy * dy).sqrt().max(f64::EPSILON);
                let (px, py) = (-dy / len * offset, dx / len * offset);
                ((a.0 + px, a.1 + py), (b.0 + px, b.1 + py))
            })
            .collect();
        let mut lines = Buffer::empty(inner);
        let canvas = Canvas::default().marker(Marker::Braille).x_bounds(bounds.lon).y_bounds(bounds.lat).paint(|ctx| {
            for (tie, &(p, q)) in ties.iter().zip(&segments) {
                let ((x1, y1), (x2, y2)) = (grid.lon_lat_at(p), grid.lon_lat_at(q));
                let color = self.canvas_color(self.graph.data.kinds[tie.kind].color());
                ctx.draw(&Segment { x1, y1, x2, y2, color });
            }
        });
        canvas.render(inner, &mut lines);
        for position in inner.positions() {
            let cell = &lines[position];
            if cell.symbol() != " " {
                let mut cell = cell.clone();
                cell.modifier.insert(Modifier::BOLD);
                buf[position] = cell;
            }
        }
        // Arrowheads a quarter of the way from the recipient's end.
        for (tie, &(p, q)) in ties.iter().zip(&segments) {
            let style = self.theme.kind(self.graph.data.kinds[tie.kind].color());
            for (on, from, to) in [(tie.outgoing, p, q), (tie.incoming, q, p)] {
                if !on {
                    continue;
                }
                let (x, y) = (from.0 + (to.0 - from.0) * 0.75, from.1 + (to.1 - from.1) * 0.75);
                if x >= 0.0 && y >= 0.0 && x < grid.w && y < grid.h {
                    let head = arrowhead(to.0 - from.0, to.1 - from.1);
                    buf.set_string(inner.x + x as u16, inner.y + y as u16, head, Style::reset().patch(style));
                    heads.push((x as u16, y as u16));
                }
            }
        }
        heads
    }

    /// A marker at every capital and a label beside it where there is room;
    /// the selected actor first, so its label always shows.
    fn render_capitals(&self, bounds: Bounds, inner: Rect, heads: &[(u16, u16)], buf: &mut Buffer) {
        let (w, h) = (inner.width, inner.height);
        let mut taken = vec![false; usize::from(w) * usize::from(h)];
        // No label covers an arrowhead: the direction must show.
        for &(x, y) in heads {
            taken[usize::from(y) * usize::from(w) + usize::from(x)] = true;
        }
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
            buf.set_string(inner.x + x, inner.y + y, symbol, Style::reset().patch(style));
        }
        for &(n, x, y) in &cells {
            let actor = self.graph.actor(n);
            // One style from the first letter to the last, whatever was
            // drawn under it (outlines, lines, arrowheads).
            let style =
                Style::reset().patch(if Some(n) == selected { self.theme.selected() } else { self.theme.title() });
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
            // What is drawn: lines per kind (a counterpart off the map has none).
            let ties = self.map_ties();
            for (i, kind) in self.graph.data.kinds.iter().enumerate() {
                let style = if self.kinds.allows(i) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
                let drawn = ties.iter().filter(|t| t.kind == i).count();
                lines.push(Line::from(vec![
                    Span::styled(format!("━ {} {}", self.kind_letters[i], kind.label), style),
                    Span::raw(format!(" {drawn}")),
                ]));
            }
            lines.push(Line::styled("lines drawn per kind", self.theme.dim()));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("● capital", self.theme.dim()));
        let unmapped = self.graph.data.actors.iter().filter(|a| a.lon_lat().is_none()).count();
        if unmapped > 0 {
            let actors = if unmapped == 1 { "actor" } else { "actors" };
            lines.push(Line::styled(format!("{unmapped} {actors} off the map (no coordinates)"), self.theme.dim()));
        }
        if self.theme.color {
            lines.push(Line::styled("━ bold, coloured: its ties, a line per kind", self.theme.dim()));
            lines.push(Line::styled("━ blue: other ties", Style::new().fg(OTHER_TIES)));
            lines.push(Line::styled("━ grey: borders", self.theme.dim()));
        } else {
            lines.push(Line::styled("━ bold: its ties, a line per kind", self.theme.dim()));
            lines.push(Line::styled("━ dim: borders", self.theme.dim()));
        }
        lines.push(Line::styled("➜ arrowhead: towards the recipient", self.theme.dim()));
        lines.push(Line::styled("⏎ its relations+quotes", self.theme.dim()));
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).render(area, buf);
    }
}

/// Other actors' ties: a colour of their own, apart from the grey borders.
const OTHER_TIES: Color = Color::Blue;
/// How far apart, in cells, the parallel lines of one pair are.
const LINE_SPACING: f64 = 1.0;

/// One line of the selected actor's on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MapTie {
    pub counterpart: NodeIndex,
    pub to: LonLat,
    pub kind: usize,
    /// The selected actor is the supplier / origin of one of its edges.
    pub outgoing: bool,
    /// The selected actor is the recipient of one of its edges.
    pub incoming: bool,
}

/// Converts between map coordinates and (fractional) screen cells.
struct CellGrid {
    bounds: Bounds,
    w: f64,
    h: f64,
}

impl CellGrid {
    fn to_cells(&self, (lon, lat): LonLat) -> (f64, f64) {
        let b = &self.bounds;
        ((lon - b.lon[0]) / (b.lon[1] - b.lon[0]) * self.w, (b.lat[1] - lat) / (b.lat[1] - b.lat[0]) * self.h)
    }

    fn lon_lat_at(&self, (x, y): (f64, f64)) -> LonLat {
        let b = &self.bounds;
        (b.lon[0] + x / self.w * (b.lon[1] - b.lon[0]), b.lat[1] - y / self.h * (b.lat[1] - b.lat[0]))
    }
}

/// The arrow glyph for a direction in screen cells (y grows downwards; a
/// cell is about twice as tall as it is wide).
fn arrowhead(dx: f64, dy: f64) -> &'static str {
    const HEADS: [&str; 8] = ["→", "↘", "↓", "↙", "←", "↖", "↑", "↗"];
    let angle = (dy * 2.0).atan2(dx);
    let octant = (angle / std::f64::consts::FRAC_PI_4).round() as i64;
    HEADS[octant.rem_euclid(8) as usize]
}
