//! The view: `impl Widget for &App`, one `render_*` method per pane (in
//! `list`, `map` and `matrix`), plus what all views share: footer, help,
//! popups. Reads state, never changes it.

pub mod evidence;
pub mod layout;
mod list;
mod map;
mod matrix;
mod search;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, PairPopup, Pane, Scrolled, View};
use crate::keys::BINDINGS;
use crate::text;
pub(super) use layout::window_start;
use layout::{Areas, kind_chips};

/// Draws the app. What was drawn where (pane areas, the rows shown, the
/// lines of scrolled text) is written to `App::last_frame` as it is drawn,
/// for the next `update` to page, scroll and place clicks by.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = Areas::new(area);
        *self.last_frame.borrow_mut() =
            crate::app::LastFrame { body: areas.body, footer: areas.footer, ..Default::default() };
        if areas.too_small {
            self.render_too_small(area, buf);
            return;
        }
        match self.view {
            View::List => {
                self.render_actors(areas.actors, buf);
                self.render_relations(areas.relations, buf);
                self.render_sources(areas.sources, buf);
            }
            View::Map => self.render_map(areas.body, buf),
            View::Matrix => self.render_matrix(areas.body, buf),
        }
        self.render_footer(areas.footer, buf);
        // Overlays bottom to top: the top one is drawn last.
        for overlay in &self.overlays {
            match overlay {
                Overlay::Pair(pair) => self.render_pair(pair, areas.popup, buf),
                Overlay::Search(search) => self.render_search(search, areas.popup, buf),
                Overlay::Help { scroll } => self.render_help(area, *scroll, buf),
            }
        }
    }
}

impl App {
    pub(super) fn pane_block(&self, pane: Pane, title: String) -> Block<'static> {
        let focused = self.list.focus == pane;
        let block = Block::bordered().title(Span::styled(format!(" {title} "), self.theme.title()));
        if focused {
            block.border_type(BorderType::Thick).border_style(self.theme.focused_border())
        } else {
            block.border_style(self.theme.border())
        }
    }

    pub(super) fn selection_style(&self, pane: Pane) -> Style {
        if self.list.focus == pane { self.theme.selected() } else { self.theme.selected_unfocused() }
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

    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let [filters, hints] = area.layout(&ratatui::layout::Layout::vertical([Constraint::Length(1); 2]));
        let mut spans = Vec::new();
        let chips = kind_chips(self, filters.x);
        self.last_frame.borrow_mut().kind_chips = chips.iter().map(|c| (c.kind, c.columns.clone())).collect();
        for chip in chips {
            let kind = &self.graph.data.kinds[chip.kind];
            let style =
                if self.kinds.allows(chip.kind) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
            spans.push(Span::styled(chip.number, self.theme.dim()));
            spans.push(Span::styled(chip.label, style));
            spans.push(Span::raw(" "));
        }
        for (name, value) in [("dir", self.direction.label()), ("view", self.view.label())] {
            spans.push(Span::styled(format!("│ {name}: "), self.theme.dim()));
            spans.push(Span::styled(value, self.theme.title()));
            spans.push(Span::raw(" "));
        }
        if let Some(found) = &self.found {
            spans.push(Span::styled("│ ", self.theme.dim()));
            spans.push(Span::styled(format!("/{}", found.query), self.theme.hit()));
            spans.push(Span::styled(format!(" {}/{} n/N", found.current + 1, found.hits.len()), self.theme.dim()));
        }
        Line::from(spans).render(filters, buf);
        if let Some(status) = &self.status {
            Line::styled(status.as_str(), self.theme.warning()).render(hints, buf);
            return;
        }
        if let Some(search) = self.search() {
            Line::from(vec![
                Span::styled("/", self.theme.key()),
                Span::styled(format!("{}▏", search.query), self.theme.hit()),
                Span::styled("  ↑↓ choose  ⏎ jump  Esc cancel", self.theme.dim()),
            ])
            .render(hints, buf);
            return;
        }

        let mut spans = Vec::new();
        for (key, what) in BINDINGS.iter().filter_map(|b| b.hint) {
            spans.push(Span::styled(key, self.theme.key()));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        Line::from(spans).render(hints, buf);
    }

    /// A matrix cell's relations and quotes, over the matrix.
    fn render_pair(&self, pair: &PairPopup, area: Rect, buf: &mut Buffer) {
        // By id: the pair may be gone after the data changed.
        let (Some(row), Some(col)) = (self.graph.find(&pair.row), self.graph.find(&pair.col)) else {
            let lines = vec![Line::styled("This pair is no longer in the data.", self.theme.dim())];
            return self.render_popup(area, buf, "Esc closes", lines, 0);
        };
        let lines = evidence::pair_lines(self, row, col, area.width.saturating_sub(2));
        let (a, b) = (&self.graph.actor(row).name, &self.graph.actor(col).name);
        self.render_popup(area, buf, &format!("{a} and {b} · Esc closes"), lines, pair.scroll);
    }

    fn render_help(&self, area: Rect, scroll: usize, buf: &mut Buffer) {
        let (popup, lines) = evidence::help(self, area);
        self.render_popup(popup, buf, "Keys · ? or Esc closes", lines, scroll);
    }

    /// A popup over the screen showing `lines` from `scroll` on (clamped);
    /// when they do not all fit, the title says which lines show.
    fn render_popup(&self, area: Rect, buf: &mut Buffer, title: &str, lines: Vec<Line<'static>>, scroll: usize) {
        let visible = usize::from(area.height.saturating_sub(2));
        let scroll = scroll.min(lines.len().saturating_sub(visible));
        self.last_frame.borrow_mut().popup = Scrolled { area, lines: lines.len(), visible };
        let title = match lines.len() > visible {
            true => format!(" {title} · ↑↓ lines {}-{} of {} ", scroll + 1, scroll + visible, lines.len()),
            false => format!(" {title} "),
        };
        Clear.render(area, buf);
        let block = Block::bordered()
            .border_type(BorderType::Double)
            .border_style(self.theme.focused_border())
            .title(Span::styled(title, self.theme.title()));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
        Paragraph::new(shown).block(block).render(area, buf);
    }
}

/// `fit`, but the cut falls between words when there is a space to cut at.
pub(super) fn fit_words(s: &str, width: usize) -> String {
    let cut = fit(s, width);
    let Some(kept) = cut.strip_suffix('…') else { return cut };
    // The word the cut fell in is dropped, unless it is the only one.
    let next_is_space = s[kept.len()..].starts_with(char::is_whitespace);
    match kept.rfind(char::is_whitespace) {
        Some(space) if !next_is_space => format!("{}…", kept[..space].trim_end()),
        _ => format!("{}…", kept.trim_end()),
    }
}

/// Cuts `s` to at most `width` columns, marking the cut with an ellipsis.
pub(super) fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
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
