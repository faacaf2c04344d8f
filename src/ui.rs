//! The view: `impl Widget for &App`, one `render_*` method per pane. Reads
//! state, never changes it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Cell, Clear, List, ListItem, ListState, Paragraph, Row, StatefulWidget, Table, TableState,
    Widget, Wrap,
};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Pane};
use crate::keys::BINDINGS;
use crate::layout::{Areas, MIN_HEIGHT, MIN_WIDTH};
use crate::text;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = Areas::new(area);
        if areas.too_small {
            self.render_too_small(area, buf);
            return;
        }
        self.render_actors(areas.actors, buf);
        self.render_relations(areas.relations, buf);
        self.render_sources(areas.sources, buf);
        self.render_footer(areas.footer, buf);
        if self.help {
            self.render_help(area, buf);
        }
    }
}

impl App {
    fn pane_block(&self, pane: Pane, title: String) -> Block<'static> {
        let focused = self.focus == pane;
        let block = Block::bordered().title(Span::styled(format!(" {title} "), self.theme.title()));
        if focused {
            block.border_type(BorderType::Thick).border_style(self.theme.focused_border())
        } else {
            block.border_style(self.theme.border())
        }
    }

    fn selection_style(&self, pane: Pane) -> Style {
        if self.focus == pane { self.theme.selected() } else { self.theme.selected_unfocused() }
    }

    fn render_too_small(&self, area: Rect, buf: &mut Buffer) {
        let msg = format!(
            "Terminal too small: {}x{}. greatgame needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge the window, or press q to quit.",
            area.width, area.height
        );
        let lines = text::wrap(&msg, usize::from(area.width));
        let top = area.height.saturating_sub(lines.len() as u16) / 2;
        let text: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, self.theme.warning()).centered()).collect();
        Paragraph::new(text).render(Rect { y: area.y + top, height: area.height - top, ..area }, buf);
    }

    fn render_actors(&self, area: Rect, buf: &mut Buffer) {
        let data = &self.graph.data;
        let inner_width = usize::from(area.width.saturating_sub(2));
        let mut items = Vec::with_capacity(self.actor_order.len() + data.groups.len());
        let mut selected_item = None;
        let mut heading_done = vec![false; data.groups.len()];
        for (pos, &node) in self.actor_order.iter().enumerate() {
            let actor = self.graph.actor(node);
            // A heading before the first member of each group.
            if let Some(g) = data.groups.iter().position(|g| g.members.contains(&actor.id))
                && !heading_done[g]
            {
                heading_done[g] = true;
                let name = format!("─ {} ", data.groups[g].name);
                items.push(ListItem::new(Line::styled(fit(&name, inner_width), self.theme.heading())));
            }
            if pos == self.actor {
                selected_item = Some(items.len());
            }
            let count = self.graph.links(node, &self.kinds, self.direction).len();
            let count = count.to_string();
            let name = fit(&actor.name, inner_width.saturating_sub(count.len() + 1));
            let pad = inner_width.saturating_sub(name.width() + count.len());
            items.push(ListItem::new(Line::from(vec![
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
                Span::styled(count, if pad > 0 { Style::new() } else { self.theme.dim() }),
            ])));
        }
        let block = self.pane_block(Pane::Actors, "Actors · edges".into());
        let list = List::new(items).block(block).highlight_style(self.selection_style(Pane::Actors));
        let mut state = ListState::default().with_selected(selected_item);
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn render_relations(&self, area: Rect, buf: &mut Buffer) {
        let links = self.links();
        let name = self.selected_actor().map(|a| self.graph.actor(a).name.clone()).unwrap_or_default();
        let block = self.pane_block(Pane::Relations, format!("Relations of {name} ({})", links.len()));
        if links.is_empty() {
            let msg = if self.kinds.is_all() {
                "No relations in this direction. Press d to change direction."
            } else {
                "No relations under the current filters. Press 0 to show all kinds."
            };
            Paragraph::new(Line::styled(msg, self.theme.dim()))
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        }
        let kinds = &self.graph.data.kinds;
        let name_width = links.iter().map(|l| self.graph.actor(l.counterpart).name.width()).max().unwrap_or(0);
        let label_width = kinds.iter().map(|k| k.label.width()).max().unwrap_or(0);
        let rows = links.iter().map(|link| {
            let edge = self.graph.edge(link.edge);
            let kind = &kinds[edge.kind];
            let relation = self.graph.relation(link.edge);
            let scope = if edge.regional.is_some() {
                Span::styled("regional", self.theme.regional())
            } else {
                Span::styled("country", self.theme.dim())
            };
            Row::new([
                Cell::from(link.arrow.symbol()),
                Cell::from(self.graph.actor(link.counterpart).name.as_str()),
                Cell::from(Span::styled(
                    format!("{} {}", self.kind_letters[edge.kind], kind.label),
                    self.theme.kind(kind.color()),
                )),
                Cell::from(scope),
                Cell::from(format!("{}❝", relation.evidence.len())),
                Cell::from(relation.summary.as_str()),
            ])
        });
        let widths = [
            Constraint::Length(1),
            Constraint::Length(name_width.clamp(6, 16) as u16),
            Constraint::Length((label_width + 2).clamp(4, 14) as u16),
            Constraint::Length(8),
            Constraint::Length(3),
            Constraint::Fill(1),
        ];
        let header = Row::new(["", "With", "Kind", "Scope", "Src", "Summary (ours)"]).style(self.theme.dim());
        let table = Table::new(rows, widths)
            .header(header)
            .block(block)
            .row_highlight_style(self.selection_style(Pane::Relations));
        let mut state = TableState::default().with_selected(Some(self.relation));
        StatefulWidget::render(table, area, buf, &mut state);
    }

    fn render_sources(&self, area: Rect, buf: &mut Buffer) {
        let lines = text::source_lines(self, area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        let scroll = self.source_scroll.min(lines.len().saturating_sub(visible));
        let mut title = "Evidence".to_string();
        if lines.len() > visible {
            let last = (scroll + visible).min(lines.len());
            title = format!("Evidence · lines {}-{last} of {}", scroll + 1, lines.len());
        }
        let block = self.pane_block(Pane::Sources, title);
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
        Paragraph::new(shown).block(block).render(area, buf);
    }

    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let [filters, hints] = area.layout(&ratatui::layout::Layout::vertical([Constraint::Length(1); 2]));
        let mut spans = vec![Span::styled("Kinds ", self.theme.dim())];
        for (i, kind) in self.graph.data.kinds.iter().enumerate() {
            let style = if self.kinds.allows(i) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
            let number = if i < 9 { format!("{}:", i + 1) } else { String::new() };
            spans.push(Span::styled(number, self.theme.dim()));
            spans.push(Span::styled(format!("{} {}", self.kind_letters[i], kind.label), style));
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled("│ Direction ", self.theme.dim()));
        spans.push(Span::styled(self.direction.label(), self.theme.title()));
        Line::from(spans).render(filters, buf);

        let mut spans = Vec::new();
        for (key, what) in BINDINGS.iter().filter_map(|b| b.hint) {
            spans.push(Span::styled(key, self.theme.key()));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        Line::from(spans).render(hints, buf);
    }

    fn render_help(&self, area: Rect, buf: &mut Buffer) {
        let keys_width = BINDINGS.iter().map(|b| b.keys.width()).max().unwrap_or(0);
        let mut lines: Vec<Line> = BINDINGS
            .iter()
            .map(|b| {
                Line::from(vec![
                    Span::styled(format!("{:<keys_width$}  ", b.keys), self.theme.key()),
                    Span::raw(b.description),
                ])
            })
            .collect();
        lines.push(Line::raw(""));
        let kinds: Vec<String> = (self.graph.data.kinds.iter().enumerate())
            .map(|(i, k)| format!("{} {} {}", i + 1, self.kind_letters[i], k.label))
            .collect();
        lines.push(Line::styled(format!("Kinds: {}", kinds.join(", ")), self.theme.dim()));
        lines.push(Line::styled(
            "→ outgoing, ← incoming, ↔ undirected. N❝ = quotes behind a relation.",
            self.theme.dim(),
        ));
        let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
        let height = lines.len() as u16 + 2;
        let popup =
            area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height.min(area.height)));
        Clear.render(popup, buf);
        let block = Block::bordered()
            .border_type(BorderType::Double)
            .border_style(self.theme.focused_border())
            .title(Span::styled(" Keys · ? or Esc closes ", self.theme.title()));
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).render(popup, buf);
    }
}

/// Cuts `s` to at most `width` columns, marking the cut with an ellipsis.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
