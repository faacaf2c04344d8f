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
use crate::data::figures;
use crate::geo::{self, Bounds, LonLat};
use crate::graph::Arrow;
use crate::text::figure_value;

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
        // The selected actor's ties, for the canvas and the legend.
        let ties = self.map_ties();
        let heads = self.render_canvas(bounds, inner, &ties, buf);
        self.render_capitals(bounds, inner, &heads, buf);
        self.render_map_side(side, &ties, buf);
    }

    /// The region holding the dataset's actors, fitted to the map's area.
    fn map_bounds(&self, inner: Rect) -> Bounds {
        let points: Vec<LonLat> = self.graph.data.actors.iter().filter_map(|a| a.lon_lat()).collect();
        Bounds::around(&points, inner.width, inner.height)
    }

    fn canvas_color(&self, c: Color) -> Color {
        if self.theme.color { c } else { Color::Reset }
    }

    /// The selected actor's lines are bold; the smallest figures' dim, in
    /// colour only (without colour dim is the outlines').
    fn line_modifier(&self, brightness: Brightness) -> Modifier {
        if brightness == Brightness::Dim && self.theme.color { Modifier::DIM } else { Modifier::BOLD }
    }

    /// A tie's line in the legend: its kind's colour, brightness and modifier.
    fn line_style(&self, tie: &MapTie) -> Style {
        let brightness = tie.weight.brightness();
        let color = brightness.of(self.graph.data.kinds[tie.kind].color());
        let style = if self.theme.color { Style::new().fg(color) } else { Style::new() };
        style.add_modifier(self.line_modifier(brightness))
    }

    /// Outlines and the other ties: they change only with the area and the
    /// kind filter, so they are drawn once and copied on every other frame
    /// (`map_cache`). The outlines do not depend on the filter: a layer of
    /// their own (`map_outlines`), so showing or hiding a kind only redraws
    /// the ties over them, as one canvas with the ties on a layer above the
    /// outlines would.
    fn render_background(&self, bounds: Bounds, inner: Rect) -> Buffer {
        let outlines =
            self.caches.map_outlines.get((self.revision, inner), || Rc::new(self.render_outlines(bounds, inner)));
        let mut background = Buffer::clone(&outlines);
        // Without colour the other ties would look like the selected actor's:
        // then only the selected actor's are drawn.
        if !self.theme.color {
            return background;
        }
        let kinds = self.graph.data.kinds.len();
        let color = self.canvas_color(OTHER_TIES);
        if kinds > 64 {
            let pairs = self.graph.tied_pairs(&self.kinds);
            let ties = self.render_ties(bounds, inner, &pairs);
            for position in inner.positions() {
                let cell = &ties[position];
                if cell.symbol() != " " {
                    background[position].set_symbol(cell.symbol()).set_fg(color);
                }
            }
            return background;
        }
        // The ties of each set of kinds, drawn once (`tie_layers`): those a
        // kind shown ties, together.
        let layers = self.caches.map_ties.get((self.revision, inner), || Rc::new(self.tie_layers(bounds, inner)));
        let shown: u64 = (0..kinds).filter(|&k| self.kinds.allows(k)).map(|k| 1 << k).sum();
        let mut dots = vec![0u8; usize::from(inner.width) * usize::from(inner.height)];
        for (_, layer) in layers.iter().filter(|(mask, _)| mask & shown != 0) {
            dots.iter_mut().zip(layer).for_each(|(d, l)| *d |= l);
        }
        // A cell the ties draw in takes their dots and colour, as a canvas
        // layer over the outlines does.
        for (position, &bits) in inner.positions().zip(&dots) {
            if bits != 0 {
                let dot = char::from_u32(0x2800 + u32::from(bits)).expect("a braille pattern");
                background[position].set_char(dot).set_fg(color);
            }
        }
        background
    }

    /// One line per tied pair, whatever the kinds between them, in a colour
    /// of their own (borders are grey).
    fn render_ties(&self, bounds: Bounds, inner: Rect, pairs: &[(NodeIndex, NodeIndex)]) -> Buffer {
        let position = |n: NodeIndex| self.graph.actor(n).lon_lat();
        let mut ties = Buffer::empty(inner);
        let color = self.canvas_color(OTHER_TIES);
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds(bounds.lon)
            .y_bounds(bounds.lat)
            .paint(|ctx| {
                for &(a, b) in pairs {
                    let (Some((x1, y1)), Some((x2, y2))) = (position(a), position(b)) else { continue };
                    ctx.draw(&Segment { x1, y1, x2, y2, color });
                }
            })
            .render(inner, &mut ties);
        ties
    }

    /// The other ties' dots (braille patterns, a byte a cell) per set of
    /// kinds (a bit per kind): each pair is drawn once, in the layer of the
    /// kinds that tie it. The ties under a kind filter are the layers of the
    /// sets it shows a kind of, their dots together: as drawing those pairs
    /// on one canvas would make them, since all are one colour.
    fn tie_layers(&self, bounds: Bounds, inner: Rect) -> Vec<(u64, Vec<u8>)> {
        let kinds = self.graph.data.kinds.len();
        let mut mask: HashMap<(NodeIndex, NodeIndex), u64> = HashMap::new();
        for k in 0..kinds {
            for pair in self.graph.tied_pairs(&crate::graph::KindFilter::only(kinds, k)) {
                *mask.entry(pair).or_default() |= 1 << k;
            }
        }
        let mut sets: HashMap<u64, Vec<(NodeIndex, NodeIndex)>> = HashMap::new();
        for (pair, m) in mask {
            sets.entry(m).or_default().push(pair);
        }
        sets.into_iter()
            .map(|(m, pairs)| {
                let ties = self.render_ties(bounds, inner, &pairs);
                let dots = inner
                    .positions()
                    .map(|p| {
                        let c = ties[p].symbol().chars().next().unwrap_or(' ');
                        u32::from(c).checked_sub(0x2800).and_then(|b| u8::try_from(b).ok()).unwrap_or(0)
                    })
                    .collect();
                (m, dots)
            })
            .collect()
    }

    /// The country outlines, for an area: countries that are actors a little
    /// brighter than their neighbours (without colour, all dimmed).
    fn render_outlines(&self, bounds: Bounds, inner: Rect) -> Buffer {
        let actor_names: HashSet<String> = self.graph.data.actors.iter().map(|a| a.name.to_lowercase()).collect();
        let canvas = Canvas::default().marker(Marker::Braille).x_bounds(bounds.lon).y_bounds(bounds.lat).paint(|ctx| {
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
        });
        let mut outlines = Buffer::empty(inner);
        canvas.render(inner, &mut outlines);
        if !self.theme.color {
            // Dim, so that the selected actor's bold lines stand out.
            for position in inner.positions() {
                outlines[position].modifier.insert(Modifier::DIM);
            }
        }
        outlines
    }

    /// The selected actor's ties as the map draws them: one line per
    /// counterpart on the map and kind, in kind order, with the directions
    /// its edges run and, in figures mode, the weight of the selected
    /// measure (`weigh_ties`).
    pub(crate) fn map_ties(&self) -> Vec<MapTie> {
        let Some(actor) = self.selected_actor() else { return Vec::new() };
        if self.graph.actor(actor).lon_lat().is_none() {
            return Vec::new();
        }
        let measure = self.weight_measure();
        let mut ties: Vec<MapTie> = Vec::new();
        // Per tie, the relations behind it: claims that name the pair, and
        // claims about a group one of them is in (only to say why no weight).
        let mut behind: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        // Each (counterpart, kind)'s tie, by slot: an actor busy at 1M
        // relations has tens of thousands of links to a few hundred actors.
        const NONE: usize = usize::MAX;
        const OFF_MAP: usize = usize::MAX - 1;
        let kinds = self.graph.data.kinds.len();
        let mut at: Vec<usize> = vec![NONE; self.graph.graph.node_count() * kinds];
        for link in self.links().iter() {
            let edge = self.graph.edge(link.edge);
            let kind = edge.kind;
            let slot = &mut at[link.counterpart.index() * kinds + kind];
            if *slot == NONE {
                *slot = match self.graph.actor(link.counterpart).lon_lat() {
                    Some(to) => {
                        ties.push(MapTie {
                            counterpart: link.counterpart,
                            to,
                            kind,
                            outgoing: false,
                            incoming: false,
                            weight: Weight::None,
                        });
                        behind.push((Vec::new(), Vec::new()));
                        ties.len() - 1
                    }
                    None => OFF_MAP,
                };
            }
            if *slot == OFF_MAP {
                continue;
            }
            let i = *slot;
            let tie = &mut ties[i];
            match link.arrow {
                Arrow::Out => tie.outgoing = true,
                Arrow::In => tie.incoming = true,
                Arrow::Both => {}
            }
            if measure.is_some() {
                let (named, grouped) = &mut behind[i];
                let list = if edge.regional.is_some() { grouped } else { named };
                if !list.contains(&edge.relation) {
                    list.push(edge.relation);
                }
            }
        }
        if let Some(measure) = measure {
            self.weigh_ties(measure, &mut ties, &behind);
        }
        ties.sort_by_key(|t| (t.counterpart, t.kind));
        ties
    }

    /// The measure the map's lines are weighted by: the figures mode's,
    /// when it is on.
    fn weight_measure(&self) -> Option<&str> {
        if self.figures_mode { self.current_measure() } else { None }
    }

    /// Each tie's weight: the latest whole-year figures of `measure` (at or
    /// before the time filter's last year) of the claims naming the pair,
    /// when they agree; then a level among the ties of the same unit, in
    /// proportion to the largest of them. Nothing is converted, and nothing
    /// is picked where the year's figures differ. Claims about a group give
    /// no weight: a figure for the region is not one for a member. Reads
    /// only the figures of the ties' own relations.
    fn weigh_ties(&self, measure: &str, ties: &mut [MapTie], behind: &[(Vec<usize>, Vec<usize>)]) {
        let data = &self.graph.data;
        let until = self.until_year();
        for (tie, (named, grouped)) in ties.iter_mut().zip(behind) {
            let figures_of = |relations: &[usize]| {
                relations.iter().flat_map(|&r| data.relations[r].figures.iter()).collect::<Vec<_>>()
            };
            let named_figures = figures_of(named);
            tie.weight = match figures::latest(named_figures.iter().copied(), measure, until) {
                Some(latest) if latest.disputed() => Weight::Differ { year: latest.year },
                Some(latest) => {
                    let first = latest.figures[0];
                    let figure = named
                        .iter()
                        .find_map(|&r| {
                            let k = data.relations[r].figures.iter().position(|f| std::ptr::eq(f, first))?;
                            Some((r, k))
                        })
                        .expect("the figure is one of the tie's relations'");
                    Weight::Figure { year: latest.year, figure, level: None }
                }
                None if figures::latest(figures_of(grouped), measure, until).is_some() => Weight::Group,
                None => Weight::None,
            };
        }
        // The largest value and how many ties per unit: levels are within a
        // unit, never across.
        let figure = |(r, k): (usize, usize)| &data.relations[r].figures[k];
        let mut units: HashMap<&str, (f64, usize)> = HashMap::new();
        for tie in ties.iter() {
            if let Weight::Figure { figure: f, .. } = tie.weight {
                let f = figure(f);
                let entry = units.entry(f.unit.as_str()).or_insert((f64::NEG_INFINITY, 0));
                *entry = (entry.0.max(f.value), entry.1 + 1);
            }
        }
        for tie in ties.iter_mut() {
            if let Weight::Figure { figure: f, level, .. } = &mut tie.weight {
                let f = figure(*f);
                let (largest, count) = units[f.unit.as_str()];
                // Alone in its unit, nothing to compare with; a negative
                // value has no thickness.
                if count > 1 && largest > 0.0 && f.value >= 0.0 {
                    *level = Some(((f.value / largest * 3.0).ceil() as u8).clamp(1, 3));
                }
            }
        }
    }

    /// Outlines and other ties (cached), then the selected actor's ties: a
    /// pair tied by several kinds gets parallel lines a cell apart, in kind
    /// order, as transit maps draw them, each with an arrowhead towards the
    /// recipient for a directed kind. Drawn bold, so they stand out from the
    /// outlines without colour too. In figures mode, weighted (`Weight`).
    /// Returns where the arrowheads are (inside `inner`), so labels keep
    /// clear of them.
    fn render_canvas(&self, bounds: Bounds, inner: Rect, ties: &[MapTie], buf: &mut Buffer) -> Vec<(u16, u16)> {
        let background = self
            .map_cache
            .get((self.revision, inner, self.kinds.clone()), || Rc::new(self.render_background(bounds, inner)));
        buf.merge(&background);
        let mut heads = Vec::new();
        let Some(from) = self.selected_actor().and_then(|a| self.graph.actor(a).lon_lat()) else { return heads };
        let grid = CellGrid { bounds, w: f64::from(inner.width.max(1)), h: f64::from(inner.height.max(1)) };
        let a = grid.to_cells(from);
        // Each tie's line in screen cells, offset sideways by its place among
        // the kinds of its pair.
        // Ties are sorted by counterpart, then kind: a pair's lines are a run.
        let mut kinds_of: HashMap<NodeIndex, usize> = HashMap::new();
        ties.iter().for_each(|t| *kinds_of.entry(t.counterpart).or_default() += 1);
        let mut place = 0;
        let segments: Vec<CellLine> = ties
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
        // In figures mode a tie's weight is drawn as thickness (strands a
        // dot apart) and brightness; smaller first, so that larger lines are
        // drawn over them. Drawn on every frame, never cached, so the
        // weights follow the measure, the mode and the time filter at once;
        // the cached background holds no weight.
        // Which cells an earlier (smaller) class of lines drew:
        let mut drawn_here = vec![false; usize::from(inner.width) * usize::from(inner.height)];
        for brightness in [Brightness::Dim, Brightness::Normal, Brightness::Bright] {
            let drawn: Vec<(&MapTie, &CellLine)> =
                ties.iter().zip(&segments).filter(|(t, _)| t.weight.brightness() == brightness).collect();
            if drawn.is_empty() {
                continue;
            }
            let mut lines = Buffer::empty(inner);
            let canvas =
                Canvas::default().marker(Marker::Braille).x_bounds(bounds.lon).y_bounds(bounds.lat).paint(|ctx| {
                    for &(tie, &(p, q)) in &drawn {
                        let color = self.canvas_color(brightness.of(self.graph.data.kinds[tie.kind].color()));
                        let (sx, sy) = grid.dot_across(p, q);
                        for &strand in tie.weight.strands() {
                            let shift = |(x, y): (f64, f64)| (x + sx * strand, y + sy * strand);
                            for (p, q) in pieces(shift(p), shift(q), tie.weight.dashed()) {
                                let ((x1, y1), (x2, y2)) = (grid.lon_lat_at(p), grid.lon_lat_at(q));
                                ctx.draw(&Segment { x1, y1, x2, y2, color });
                            }
                        }
                    }
                });
            canvas.render(inner, &mut lines);
            let modifier = self.line_modifier(brightness);
            for position in inner.positions() {
                let cell = &lines[position];
                if cell.symbol() != " " {
                    let mut cell = cell.clone();
                    cell.modifier.insert(modifier);
                    // A cell two of its lines share keeps both's dots, in
                    // the colour of the one drawn last, as on one canvas.
                    let i = usize::from(position.y - inner.y) * usize::from(inner.width)
                        + usize::from(position.x - inner.x);
                    if drawn_here[i]
                        && let Some(dots) = braille_or(buf[position].symbol(), cell.symbol())
                    {
                        cell.set_symbol(&dots);
                    }
                    drawn_here[i] = true;
                    buf[position] = cell;
                }
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

    fn render_map_side(&self, area: Rect, ties: &[MapTie], buf: &mut Buffer) {
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
            for (i, kind) in self.graph.data.kinds.iter().enumerate() {
                let style = if self.kinds.allows(i) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
                let drawn = ties.iter().filter(|t| t.kind == i).count();
                lines.push(Line::from(vec![
                    Span::styled(format!("━ {} {}", self.kind_letters[i], kind.label), style),
                    Span::raw(format!(" {drawn}")),
                ]));
            }
            lines.push(Line::styled("lines drawn per kind", self.theme.dim()));
            lines.extend(self.weight_legend(ties, usize::from(area.width.saturating_sub(2))));
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

impl App {
    /// What the lines' weight means, then each tie with a figure of the
    /// measure: its line, counterpart, value and year. Nothing for a
    /// dataset without figures.
    fn weight_legend(&self, ties: &[MapTie], width: usize) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if self.measures.is_empty() {
            return lines;
        }
        let Some(measure) = self.weight_measure() else {
            lines.push(Line::styled("lines unweighted: figures mode off (matrix: f, m)", self.theme.dim()));
            return lines;
        };
        lines.push(Line::styled(format!("Weight: {}", fit(measure, width * 2)), self.theme.title()));
        let year = match self.until_year() {
            Some(y) => format!("latest whole year at or before {y}"),
            None => "latest whole year".to_string(),
        };
        let larger = if self.theme.color { "thicker and brighter" } else { "thicker" };
        lines.push(Line::styled(format!("{year}; within a unit, {larger} is larger"), self.theme.dim()));
        let data = &self.graph.data;
        let figure = |(r, k): (usize, usize)| &data.relations[r].figures[k];
        // Weighted ties by unit, largest first; then those alone in their
        // unit, those whose figures differ, those with a group's only.
        let mut shown: Vec<&MapTie> = ties.iter().filter(|t| t.weight != Weight::None).collect();
        shown.sort_by(|a, b| {
            let rank = |t: &MapTie| match t.weight {
                Weight::Figure { level: Some(_), .. } => 0,
                Weight::Figure { level: None, .. } => 1,
                Weight::Differ { .. } => 2,
                Weight::Group | Weight::None => 3,
            };
            let unit_value = |t: &MapTie| match t.weight {
                Weight::Figure { figure: f, .. } => (figure(f).unit.as_str(), -figure(f).value),
                _ => ("", 0.0),
            };
            let (ua, va) = unit_value(a);
            let (ub, vb) = unit_value(b);
            rank(a).cmp(&rank(b)).then(ua.cmp(ub)).then(va.total_cmp(&vb))
        });
        if shown.is_empty() {
            lines.push(Line::styled("no tie has a figure of it", self.theme.dim()));
        }
        let entries: Vec<(&MapTie, String)> = shown
            .iter()
            .take(MAX_WEIGHT_LINES)
            .map(|&tie| {
                let what = match tie.weight {
                    Weight::Figure { year, figure: f, level } => {
                        let alone = if level.is_none() { " (alone in its unit)" } else { "" };
                        format!("{} {year}{alone}", figure_value(figure(f)))
                    }
                    Weight::Differ { year } => format!("{year}: differ"),
                    Weight::Group | Weight::None => "group's figure".to_string(),
                };
                (tie, what)
            })
            .collect();
        // Names where every one fits on its line, else ids for all.
        let room = |what: &str| width.saturating_sub(SAMPLE_WIDTH + what.width() + 2);
        let names_fit = entries
            .iter()
            .all(|(tie, what)| crate::data::printable(&self.graph.actor(tie.counterpart).name).width() <= room(what));
        for (tie, what) in &entries {
            let actor = self.graph.actor(tie.counterpart);
            let name = if names_fit { &actor.name } else { &actor.id };
            let name = fit(name, room(what).max(6));
            lines.push(Line::from(vec![
                Span::styled(tie.weight.sample(), self.line_style(tie)),
                Span::raw(format!(" {name} {what}")),
            ]));
        }
        if shown.len() > MAX_WEIGHT_LINES {
            lines.push(Line::styled(format!("+{} more", shown.len() - MAX_WEIGHT_LINES), self.theme.dim()));
        }
        lines
    }
}

/// How many ties the legend lists with their figures.
const MAX_WEIGHT_LINES: usize = 8;
/// The width of a line's sample in the legend (`Weight::sample`).
const SAMPLE_WIDTH: usize = 3;

/// Other actors' ties: a colour of their own, apart from the grey borders.
const OTHER_TIES: Color = Color::Blue;
/// How far apart, in cells, the parallel lines of one pair are.
const LINE_SPACING: f64 = 1.0;
/// A dashed line's dashes and gaps, in cells.
const DASH: f64 = 2.0;
const GAP: f64 = 1.0;

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
    /// In figures mode, what the selected measure says of the pair.
    pub weight: Weight,
}

/// What a tie's line is weighted by in figures mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Weight {
    /// Nothing to weigh: figures mode is off, or no claim naming the pair
    /// has a whole-year figure of the measure at or before the filter.
    None,
    /// Only a claim about a group has one: a figure for the region is not
    /// a figure for one member.
    Group,
    /// The year's figures differ in value or unit: none is picked.
    Differ { year: u16 },
    /// The value the year's figures agree on, as (relation, figure), and
    /// its level among the ties of its unit (1 to 3, in thirds of the
    /// largest), `None` when no other tie shares the unit.
    Figure { year: u16, figure: (usize, usize), level: Option<u8> },
}

impl Weight {
    fn level(self) -> Option<u8> {
        if let Weight::Figure { level, .. } = self { level } else { None }
    }

    /// Strands a dot apart: one, two or three.
    fn strands(self) -> &'static [f64] {
        match self.level() {
            Some(3) => &[-1.0, 0.0, 1.0],
            Some(2) => &[0.0, 1.0],
            _ => &[0.0],
        }
    }

    fn dashed(self) -> bool {
        matches!(self, Weight::Differ { .. })
    }

    fn brightness(self) -> Brightness {
        match self.level() {
            Some(1) => Brightness::Dim,
            Some(3) => Brightness::Bright,
            _ => Brightness::Normal,
        }
    }

    /// The line as the legend draws it (three cells of a horizontal line).
    fn sample(self) -> &'static str {
        match (self.level(), self) {
            (Some(3), _) => "⠿⠿⠿",
            (Some(2), _) => "⠶⠶⠶",
            (_, Weight::Differ { .. }) => "⠒ ⠒",
            _ => "⠒⠒⠒",
        }
    }
}

/// How bright a tie's line is drawn: dim for the smallest third of a unit,
/// a lighter shade for the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brightness {
    Dim,
    Normal,
    Bright,
}

impl Brightness {
    fn of(self, kind: Color) -> Color {
        if self == Brightness::Bright { brighter(kind) } else { kind }
    }
}

/// A line from one point to another, in (fractional) screen cells.
type CellLine = ((f64, f64), (f64, f64));

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

    /// One braille dot across the line from `p` to `q`, in cells: up or
    /// down for a line more wide than tall, sideways otherwise, so that
    /// strands a dot apart never share a dot. The canvas puts its first and
    /// last dots on the bounds, hence `- 1`.
    fn dot_across(&self, p: (f64, f64), q: (f64, f64)) -> (f64, f64) {
        let (dx, dy) = ((q.0 - p.0) * 2.0, (q.1 - p.1) * 4.0);
        if dx.abs() >= dy.abs() {
            (0.0, self.h / (self.h * 4.0 - 1.0).max(1.0))
        } else {
            (self.w / (self.w * 2.0 - 1.0).max(1.0), 0.0)
        }
    }
}

/// The line from `p` to `q` (in cells), whole or in dashes.
fn pieces(p: (f64, f64), q: (f64, f64), dashed: bool) -> Vec<CellLine> {
    let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
    if !dashed || len <= DASH {
        return vec![(p, q)];
    }
    let at = |t: f64| (p.0 + (q.0 - p.0) * t / len, p.1 + (q.1 - p.1) * t / len);
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < len {
        out.push((at(t), at((t + DASH).min(len))));
        t += DASH + GAP;
    }
    out
}

/// The dots of two braille cells together.
fn braille_or(a: &str, b: &str) -> Option<String> {
    let bits = |s: &str| {
        let mut chars = s.chars();
        let c = chars.next()?;
        let bits = (c as u32).checked_sub(0x2800).filter(|&b| b <= 0xFF && chars.next().is_none())?;
        Some(bits)
    };
    char::from_u32(0x2800 + (bits(a)? | bits(b)?)).map(String::from)
}

/// A lighter shade of a colour, for the largest figures.
fn brighter(c: Color) -> Color {
    match c {
        Color::Black => Color::DarkGray,
        Color::Red => Color::LightRed,
        Color::Green => Color::LightGreen,
        Color::Yellow => Color::LightYellow,
        Color::Blue => Color::LightBlue,
        Color::Magenta => Color::LightMagenta,
        Color::Cyan => Color::LightCyan,
        Color::DarkGray => Color::Gray,
        Color::Gray => Color::White,
        Color::Rgb(r, g, b) => {
            let up = |v: u8| v + (255 - v) / 2;
            Color::Rgb(up(r), up(g), up(b))
        }
        other => other,
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
