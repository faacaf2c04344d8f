//! The list view: actors, relations and evidence panes.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Cell, List, ListItem, ListState, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};
use unicode_width::UnicodeWidthStr;

use super::evidence::{self, URL_MARK};
use super::layout::actors_offset;
use super::{fit, window_start};
use crate::app::{ActorRow, App, Pane, Rows, Scrolled};
use crate::graph::Direction;
use crate::osc;

impl App {
    pub(super) fn render_actors(&self, area: Rect, buf: &mut Buffer) {
        let data = &self.graph.data;
        let inner_width = usize::from(area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        let rows = &self.actor_rows;
        let cursor = rows.iter().position(|r| *r == ActorRow::Actor(self.actor));
        let offset = actors_offset(cursor.unwrap_or(0), visible, rows.len());
        self.last_frame.borrow_mut().actors = Rows { area, top: area.y + 1, visible, offset };
        // Only the visible rows are built: counting edges is per actor.
        let items: Vec<ListItem> = rows
            .iter()
            .skip(offset)
            .take(visible)
            .map(|row| match *row {
                ActorRow::Heading(g) => {
                    let name = format!("─ {} ", data.groups[g].name);
                    ListItem::new(Line::styled(fit(&name, inner_width), self.theme.heading()))
                }
                ActorRow::Actor(pos) => {
                    let node = self.actor_order[pos];
                    // Claims (relations) and the ties (edges) they make.
                    let claims = self.graph.claims(node, &self.kinds, self.direction);
                    let ties = self.graph.count(node, &self.kinds, self.direction);
                    let count = format!("{claims} · {ties}");
                    let name = fit(&self.graph.actor(node).name, inner_width.saturating_sub(count.len() + 1));
                    let pad = inner_width.saturating_sub(name.width() + count.width());
                    ListItem::new(Line::from(vec![Span::raw(name), Span::raw(" ".repeat(pad)), Span::raw(count)]))
                }
            })
            .collect();
        let mut block = self.pane_block(Pane::Actors, "Actors · claims·ties".into());
        if rows.len() > visible && visible > 0 {
            // Which actors show, group headings not counted.
            let actors_before = |row: usize| rows[..row].iter().filter(|r| matches!(r, ActorRow::Actor(_))).count();
            let (first, last) = (actors_before(offset) + 1, actors_before((offset + visible).min(rows.len())));
            let shown = format!(" {first}-{last} of {} ", self.actor_order.len());
            block = block.title_bottom(Line::styled(shown, self.theme.dim()).right_aligned());
        }
        let list = List::new(items).block(block).highlight_style(self.selection_style(Pane::Actors));
        let mut state = ListState::default().with_selected(cursor.map(|c| c - offset));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    pub(super) fn render_relations(&self, area: Rect, buf: &mut Buffer) {
        let links = self.links();
        let name = self.selected_actor().map(|a| self.graph.actor(a).name.clone()).unwrap_or_default();
        let visible = usize::from(area.height.saturating_sub(3));
        let offset = window_start(self.list.relation, visible, links.len());
        // Below the border and the header row.
        self.last_frame.borrow_mut().relations = Rows { area, top: area.y + 2, visible, offset };
        let mut title = match self.selected_actor() {
            Some(_) => format!("Relations of {name} ({})", links.len()),
            None => "Relations".to_string(),
        };
        if links.len() > visible && visible > 0 {
            title = format!("{title} · rows {}-{}", offset + 1, (offset + visible).min(links.len()));
        }
        let block = self.pane_block(Pane::Relations, title);
        if links.is_empty() {
            let msg = match (self.kinds.is_all(), self.direction) {
                _ if self.selected_actor().is_none() => "No actors yet.",
                (true, Direction::All) => "No relations: the sources tie this actor to no other.",
                (true, _) => "No relations in this direction. Press d to change direction.",
                (false, Direction::All) => "No relations under the current filters. Press 0 to show all kinds.",
                (false, _) => "No relations under the current filters. Press 0 to show all kinds, d for direction.",
            };
            Paragraph::new(Line::styled(msg, self.theme.dim()))
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        }
        let kinds = &self.graph.data.kinds;
        // The longest visible counterpart's name, so the column fits it.
        let window = links.iter().skip(offset).take(visible);
        let name_width = window.map(|l| self.graph.actor(l.counterpart).name.width()).max().unwrap_or(0).clamp(6, 16);
        let label_width = (kinds.iter().map(|k| k.label.width()).max().unwrap_or(0) + 2).clamp(4, 14);
        let widths = [1, name_width, label_width, 8, 3];
        // What is left (5 column gaps, 2 borders) is the summary's.
        let summary_width = usize::from(area.width).saturating_sub(widths.iter().sum::<usize>() + 5 + 2);
        // Only the visible rows are built: a busy actor has thousands.
        let rows = links.iter().skip(offset).take(visible).map(|link| {
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
                Cell::from(fit(&self.graph.actor(link.counterpart).name, name_width)),
                Cell::from(Span::styled(
                    fit(&format!("{} {}", self.kind_letters[edge.kind], kind.label), label_width),
                    self.theme.kind(kind.color()),
                )),
                Cell::from(scope),
                // Quotes; for a relation backed by figures alone, its figures.
                Cell::from(match (relation.evidence.len(), relation.figures.len()) {
                    (0, figures @ 1..) => format!("{figures:>2}#"),
                    (quotes, _) => format!("{quotes:>2}❝"),
                }),
                Cell::from(fit(&relation.summary, summary_width)),
            ])
        });
        // Cut like the cells, with an ellipsis, when the pane is narrow.
        let header = Row::new(
            ["", "With", "Kind", "Scope", " ❝"]
                .map(String::from)
                .into_iter()
                .chain([fit("Summary (ours)", summary_width)]),
        )
        .style(self.theme.dim());
        let table =
            Table::new(rows, widths.map(|w| Constraint::Length(w as u16)).into_iter().chain([Constraint::Fill(1)]))
                .header(header)
                .block(block)
                .row_highlight_style(self.selection_style(Pane::Relations));
        let mut state = TableState::default().with_selected(Some(self.list.relation - offset));
        StatefulWidget::render(table, area, buf, &mut state);
    }

    pub(super) fn render_sources(&self, area: Rect, buf: &mut Buffer) {
        let evidence::EvidenceLayout { lines, links, quotes } =
            evidence::source_layout(self, area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        // The view clamps its scroll here, where it knows how the text wraps.
        let list = &self.list;
        if list.quote_in_view.take()
            && let Some(range) = quotes.get(list.quote)
        {
            list.source_scroll.set(list.scroll_for_quote(range.clone(), visible));
        }
        let scroll = list.source_scroll.get().min(lines.len().saturating_sub(visible));
        list.source_scroll.set(scroll);
        let mut frame = self.last_frame.borrow_mut();
        frame.evidence = Scrolled { area, lines: lines.len(), visible };
        frame.quote_lines = quotes;
        drop(frame);
        let mut title = "Evidence".to_string();
        if lines.len() > visible {
            let last = (scroll + visible).min(lines.len());
            title = format!("Evidence · lines {}-{last} of {}", scroll + 1, lines.len());
        }
        let block = self.pane_block(Pane::Sources, title);
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
        Paragraph::new(shown).block(block).render(area, buf);
        // Urls that are safe to follow become terminal hyperlinks (OSC 8).
        for (line, url) in links {
            if (scroll..scroll + visible).contains(&line) {
                let x = area.x + 1 + 2 + URL_MARK.width() as u16;
                let row = Rect::new(x, area.y + 1 + (line - scroll) as u16, area.right().saturating_sub(x + 1), 1);
                hyperlink(buf, row, &url);
            }
        }
    }
}

/// Makes the url drawn in `area` a hyperlink, the way ratatui's hyperlink
/// example does: every other cell carries two characters wrapped in OSC 8,
/// with its width forced to those two characters (the escape bytes would
/// otherwise count as columns, and the cells after it would never be drawn).
/// Unsafe urls stay plain text.
fn hyperlink(buf: &mut Buffer, area: Rect, url: &str) {
    if !osc::safe_url(url) {
        return;
    }
    let shown: Vec<char> = url.chars().take(usize::from(area.width)).collect();
    for (i, pair) in shown.chunks(2).enumerate() {
        let text: String = pair.iter().collect();
        if let (Some(symbol), Some(width)) = (osc::hyperlink(url, &text), NonZeroU16::new(pair.len() as u16)) {
            buf[(area.x + 2 * i as u16, area.y)]
                .set_symbol(&symbol)
                .set_diff_option(CellDiffOption::ForcedWidth(width));
        }
    }
}
