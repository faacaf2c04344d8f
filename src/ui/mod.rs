//! The view: `impl Widget for &App`, one `render_*` method per pane (in
//! `list`, `map` and `matrix`), plus what all views share: footer, help,
//! popups. Reads state, never changes it.
//!
//! The dataset keeps its text as written. What reaches the terminal is made
//! inert in one place, `make_inert`, run over every cell once the screen is
//! drawn; `fit` and `text::wrap` besides make data text read well (tabs and
//! line breaks as spaces, control characters as visible escapes).

pub mod evidence;
mod form;
pub mod layout;
mod list;
mod map;
mod matrix;
mod search;
mod sources;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, PairPopup, Pane, Scrolled, View};
use crate::data::{needs_escape, printable};
use crate::keys::BINDINGS;
use crate::{osc, text};
pub(super) use layout::window_start;
use layout::{Areas, kind_chips};

/// Draws the app. What was drawn where (pane areas, the rows shown, the
/// lines of scrolled text) is written to `App::last_frame` as it is drawn,
/// for the next `update` to page, scroll and place clicks by.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_screen(area, buf);
        make_inert(buf, area);
    }
}

/// The one gate between the screen and the terminal: after it, no cell of
/// `area` holds a control character (C0, DEL, C1), a bidi control, an
/// invisible format character or an escape sequence, whatever the data
/// held and whichever widget drew it. The exception is the one sequence the
/// browser writes into cells itself: an OSC 8 link to a url `osc::safe_url`
/// accepts, around text that is itself inert (see `list::hyperlink`).
///
/// ratatui already drops a grapheme that holds a control character and one
/// that takes no column, but a format character can ride on a visible one
/// (a tag character after a letter), a soft hyphen or a filler takes a
/// column of its own, and `Cell::set_symbol` takes anything. Such a cell
/// keeps what is visible in it, or shows U+FFFD when nothing is.
pub fn make_inert(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let symbol = cell.symbol();
            // Printable ASCII is by far the common case.
            if symbol.bytes().all(|b| (0x20..0x7f).contains(&b))
                || !symbol.chars().any(needs_escape)
                || is_safe_link(symbol)
            {
                continue;
            }
            // What is left must fit the columns the cell took: one grapheme
            // takes one or two.
            let kept: String = symbol.chars().filter(|&c| !needs_escape(c)).collect();
            let keep = (1..=symbol.width().clamp(1, 2)).contains(&kept.width());
            let shown = if keep { kept } else { REPLACEMENT.to_string() };
            cell.set_symbol(&shown).set_diff_option(CellDiffOption::None);
        }
    }
}

/// What a cell shows when nothing in it could be drawn safely.
pub const REPLACEMENT: &str = "\u{FFFD}";

/// Whether `symbol` is exactly an OSC 8 link as `osc::hyperlink` makes it,
/// to a safe url, around inert text.
fn is_safe_link(symbol: &str) -> bool {
    let Some((url, rest)) = symbol.strip_prefix("\u{1b}]8;;").and_then(|r| r.split_once('\u{7}')) else {
        return false;
    };
    let Some(text) = rest.strip_suffix("\u{1b}]8;;\u{7}") else {
        return false;
    };
    !text.chars().any(needs_escape) && osc::hyperlink(url, text).is_some_and(|link| link == symbol)
}

impl App {
    /// Every pane and overlay, as the state says.
    fn render_screen(&self, area: Rect, buf: &mut Buffer) {
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
            View::Sources => self.render_sources_view(areas.body, buf),
        }
        self.render_footer(areas.footer, buf);
        if let Some(problems) = &self.file_problems {
            self.render_problems_banner(problems, areas.body, buf);
        }
        // Overlays bottom to top: the top one is drawn last.
        for overlay in &self.overlays {
            match overlay {
                Overlay::Pair(pair) => self.render_pair(pair, areas.popup, buf),
                Overlay::Search(search) => self.render_search(search, areas.popup, buf),
                Overlay::Help { scroll } => self.render_help(area, *scroll, buf),
                Overlay::Choose(choice) => self.render_choice(choice, area, buf),
                // A line of the footer (see `render_footer`).
                Overlay::Years(_) | Overlay::Ask(_) | Overlay::SaveAs(_) => {}
                // Above the footer, which says its keys.
                Overlay::Form(form) => self.render_form(form, areas.body, buf),
            }
        }
    }

    /// The file on disk is not valid (another program wrote it): a banner
    /// over the top of the view lists its problems, the last good data
    /// showing under it, until the file is fixed.
    fn render_problems_banner(&self, problems: &[String], body: Rect, buf: &mut Buffer) {
        const SHOWN: usize = 5;
        let inner = usize::from(body.width.saturating_sub(2));
        let mut lines: Vec<Line> = (problems.iter().take(SHOWN))
            .map(|p| Line::styled(fit(&format!("• {}", printable(p)), inner), self.theme.warning()))
            .collect();
        if problems.len() > SHOWN {
            let more = format!("… and {} more (greatgame validate lists them all)", problems.len() - SHOWN);
            lines.push(Line::styled(more, self.theme.dim()));
        }
        let file = self.editing_file().map_or("the file".to_string(), |p| p.display().to_string());
        let title =
            format!(" {} is not valid: the last good data shows below · E fixes it in your editor ", printable(&file));
        let height = (lines.len() as u16 + 2).min(body.height);
        let area = Rect { height, ..body };
        Clear.render(area, buf);
        let block = Block::bordered()
            .border_type(BorderType::Double)
            .border_style(self.theme.warning())
            .title(Span::styled(fit(&title, inner), self.theme.warning()));
        Paragraph::new(lines).block(block).render(area, buf);
    }

    pub(super) fn pane_block(&self, pane: Pane, title: String) -> Block<'static> {
        // Counts are of what is in so far while a file loads.
        let title = match (&self.loading, pane) {
            (Some(_), Pane::Actors | Pane::Relations) => format!("{title} · loading…"),
            _ => title,
        };
        let focused = self.list.focus == pane;
        let block = Block::bordered().title(Span::styled(format!(" {} ", printable(&title)), self.theme.title()));
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
        // What follows the kind chips first, so the chips can shrink to
        // their letters when the whole line would not fit.
        let mut rest = Vec::new();
        for (name, value) in [("dir", self.direction.label()), ("view", self.view.label())] {
            rest.push(Span::styled(format!("│ {name}: "), self.theme.dim()));
            rest.push(Span::styled(value, self.theme.title()));
            rest.push(Span::raw(" "));
        }
        if let Some(years) = self.years {
            rest.push(Span::styled("│ time: ", self.theme.dim()));
            rest.push(Span::styled(years.to_string(), self.theme.hit()));
            rest.push(Span::raw(" "));
        }
        if self.view == View::Matrix
            && self.figures_mode
            && let Some(measure) = self.current_measure()
        {
            rest.push(Span::styled("│ figures: ", self.theme.dim()));
            rest.push(Span::styled(printable(measure), self.theme.title()));
            rest.push(Span::raw(" "));
            // Why the selected column has no largest value marked (also
            // under the grid, in full).
            let col = self.matrix_view.cell.1;
            if let (Some(crate::app::Largest::Not(why)), Some(&node)) =
                (self.figure_grid().largest.get(col), self.matrix_view.cols.get(col))
            {
                let name = &self.graph.actor(node).id;
                rest.push(Span::styled(printable(&format!("│ {name}: no largest, {why} ")), self.theme.warning()));
            }
        }
        let rest_width: usize = rest.iter().map(|s| s.content.width()).sum();
        let full: usize = kind_chips(self, filters.x, false).iter().map(|c| c.columns.len() + 1).sum();
        let short = full + rest_width > usize::from(filters.width);
        let mut spans = Vec::new();
        let chips = kind_chips(self, filters.x, short);
        self.last_frame.borrow_mut().kind_chips = chips.iter().map(|c| (c.kind, c.columns.clone())).collect();
        for chip in chips {
            let kind = &self.graph.data.kinds[chip.kind];
            let style =
                if self.kinds.allows(chip.kind) { self.theme.kind(kind.color()) } else { self.theme.kind_off() };
            spans.push(Span::styled(chip.number, self.theme.dim()));
            spans.push(Span::styled(chip.label, style));
            spans.push(Span::raw(" "));
        }
        spans.extend(rest);
        if let Some(found) = &self.found {
            spans.push(Span::styled("│ ", self.theme.dim()));
            spans.push(Span::styled(format!("/{}", found.query), self.theme.hit()));
            spans.push(Span::styled(format!(" {}/{} n/N", found.current + 1, found.hits.len()), self.theme.dim()));
        }
        Line::from(spans).render(filters, buf);
        // A question waits for its answer: it stays in sight.
        if let Some(line) = self.prompt_line() {
            line.render(hints, buf);
            return;
        }
        if let Some(status) = &self.status {
            Line::styled(status.as_str(), self.theme.warning()).render(hints, buf);
            return;
        }
        // The file on disk is not valid: said until it is fixed.
        if let Some(problems) = &self.file_problems {
            let first = problems.first().map(String::as_str).unwrap_or_default();
            let said = format!(
                "the file on disk is not valid ({}), showing the last good data: {}",
                crate::text::count(problems.len(), "problem"),
                printable(first)
            );
            Line::styled(said, self.theme.warning()).render(hints, buf);
            return;
        }
        if let Some(loading) = &self.loading
            && self.search().is_none()
            && !matches!(self.overlays.last(), Some(Overlay::Years(_)))
        {
            Line::from(loading_spans(self, loading)).render(hints, buf);
            return;
        }
        if let Some(Overlay::Years(prompt)) = self.overlays.last() {
            let mut line = vec![
                Span::styled("time: ", self.theme.key()),
                Span::styled(format!("{}▏", prompt.text), self.theme.hit()),
            ];
            match &prompt.error {
                Some(why) => line.push(Span::styled(format!("  {why}"), self.theme.warning())),
                None => line.push(Span::styled(
                    "  a year (2023) or a range (2019-2024) · empty: every year · ⏎ apply · Esc cancel",
                    self.theme.dim(),
                )),
            }
            Line::from(line).render(hints, buf);
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

        // When the hints do not all fit, the others go before the keys of
        // this view alone (the capture keys of the sources view), the last
        // before help and quit first: `?` lists every key, and quitting
        // must always show.
        let mut shown: Vec<((&str, &str), bool)> = (BINDINGS.iter())
            .filter_map(|b| b.hint_in(self.view).map(|hint| (hint, b.hint_views == [self.view])))
            .collect();
        let width =
            |hints: &[((&str, &str), bool)]| hints.iter().map(|((k, w), _)| k.width() + w.width() + 3).sum::<usize>();
        while width(&shown) > usize::from(hints.width) + 2 && shown.len() > 2 {
            let last = shown.len() - 2;
            let shared = shown[..last].iter().rposition(|(_, own)| !own);
            shown.remove(shared.unwrap_or(last - 1));
        }
        let mut spans = Vec::new();
        for ((key, what), _) in shown {
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
        let layout = evidence::pair_lines(self, row, col, area.width.saturating_sub(2), pair.quote);
        // Scrolled to the selected quote when it was chosen.
        let visible = usize::from(area.height.saturating_sub(2));
        if pair.quote_in_view.take()
            && let Some(range) = layout.quotes.get(pair.quote)
        {
            let scroll = pair.scroll.get();
            if range.start < scroll || range.len() > visible {
                pair.scroll.set(range.start);
            } else if range.end > scroll + visible {
                pair.scroll.set(range.end - visible);
            }
        }
        if let Some(wanted) = pair.reveal.borrow_mut().take()
            && let Some(line) = layout.lines.iter().position(|l| l.to_string() == printable(&wanted))
        {
            pair.scroll.set(line.saturating_sub(2));
        }
        let (a, b) = (&self.graph.actor(row).name, &self.graph.actor(col).name);
        let title = format!("{a} and {b} · ↑↓ quote · y copy · o source · Esc closes");
        let scroll = pair.scroll.get().min(layout.lines.len().saturating_sub(visible));
        pair.scroll.set(scroll);
        self.render_popup(area, buf, &title, layout.lines, scroll);
    }

    /// A short list to choose from, over the screen.
    /// The footer line of a question or a file name being typed.
    fn prompt_line(&self) -> Option<Line<'static>> {
        let dim = |s: &str| Span::styled(s.to_string(), self.theme.dim());
        match self.overlays.last()? {
            Overlay::Ask(crate::app::Ask::Confirm { question, .. }) => Some(Line::from(vec![
                Span::styled(printable(question), self.theme.warning()),
                dim("  y yes · n or Esc no"),
            ])),
            Overlay::Ask(crate::app::Ask::Conflict { path }) => Some(Line::from(vec![
                Span::styled(
                    format!("{} changed on disk, not saved: ", printable(&path.display().to_string())),
                    self.theme.warning(),
                ),
                dim("r reload (your changes since are lost) · w save yours elsewhere · Esc later"),
            ])),
            Overlay::SaveAs(prompt) => {
                let mut line = vec![
                    Span::styled("save to: ", self.theme.key()),
                    Span::styled(format!("{}▏", printable(&prompt.text)), self.theme.hit()),
                ];
                match &prompt.error {
                    Some(why) => line.push(Span::styled(format!("  {}", printable(why)), self.theme.warning())),
                    None if prompt.change.is_some() => {
                        line.push(dim("  a copy of the built-in data · ⏎ save · Esc cancel"))
                    }
                    None => line.push(dim("  a new file for your version · ⏎ save · Esc cancel")),
                }
                Some(Line::from(line))
            }
            // A form has the keys: the footer says which.
            Overlay::Form(form) if !form.discarding => Some(Line::from(vec![
                Span::styled("form: ", self.theme.key()),
                dim("letters type · ←→ Home End · ^U clear · Tab ↑↓ field · ⏎ save · Esc cancel"),
            ])),
            _ => None,
        }
    }

    fn render_choice(&self, choice: &crate::app::Choice, area: Rect, buf: &mut Buffer) {
        let width = choice.options.iter().map(|(label, ..)| label.width() + 4).max().unwrap_or(20).clamp(30, 90) as u16;
        let height = (choice.options.len() + 3) as u16;
        let popup =
            area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height.min(area.height)));
        let inner = usize::from(popup.width.saturating_sub(2));
        let mut lines: Vec<Line<'static>> = choice
            .options
            .iter()
            .enumerate()
            .map(|(i, (label, ..))| {
                let marker = if i == choice.selected { "▶ " } else { "  " };
                let line = Line::raw(fit(&format!("{marker}{label}"), inner));
                if i == choice.selected { line.style(self.theme.selected()) } else { line }
            })
            .collect();
        lines.push(Line::styled("↑↓ choose · ⏎ go there · Esc cancel", self.theme.dim()));
        self.render_popup(popup, buf, &choice.title, lines, 0);
    }

    fn render_help(&self, area: Rect, scroll: usize, buf: &mut Buffer) {
        let (popup, lines) = evidence::help(self, area);
        self.render_popup(popup, buf, "Keys · ? or Esc closes", lines, scroll);
    }

    /// A popup over the screen showing `lines` from `scroll` on (clamped);
    /// when they do not all fit, the title says which lines show.
    fn render_popup(&self, area: Rect, buf: &mut Buffer, title: &str, lines: Vec<Line<'static>>, scroll: usize) {
        let title = printable(title);
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
    let s = printable(s);
    let cut = fit(&s, width);
    let Some(kept) = cut.strip_suffix('…') else { return cut };
    // The word the cut fell in is dropped, unless it is the only one.
    let next_is_space = s[kept.len()..].starts_with(char::is_whitespace);
    match kept.rfind(char::is_whitespace) {
        Some(space) if !next_is_space => format!("{}…", kept[..space].trim_end()),
        _ => format!("{}…", kept.trim_end()),
    }
}

/// Data text on one line, cut to at most `width` columns, marking the cut
/// with an ellipsis. Tabs and line breaks read as spaces and other control
/// characters as visible escapes (`printable`), as in the command line's
/// output.
pub(super) fn fit(s: &str, width: usize) -> String {
    let s = printable(s);
    if s.width() <= width {
        return s;
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

/// A text input's value on one line with its cursor (`▏`) between
/// `before` and `after`, in at most `width` columns. A value too wide shows
/// the part around the cursor, an ellipsis where it is cut: its start while
/// the cursor is there, else the text up to the cursor and a little of what
/// follows it.
pub(super) fn fit_around_cursor(before: &str, after: &str, width: usize) -> String {
    const CURSOR: char = '▏';
    let (before, after) = (printable(before), printable(after));
    if before.width() + 1 + after.width() <= width {
        return format!("{before}{CURSOR}{after}");
    }
    if width < 2 {
        return if width == 1 { CURSOR.to_string() } else { String::new() };
    }
    // Columns kept for what follows the cursor: up to a quarter of the space.
    let ahead = after.width().min(width / 4);
    let room = width - 1 - ahead;
    let shown_before = if before.width() <= room {
        before
    } else {
        // The end of what comes before, after an ellipsis: measured as a
        // whole, as a character's width alone is not its width in a
        // sequence (an emoji and its U+FE0F take two columns, not one).
        use unicode_segmentation::UnicodeSegmentation;
        let (mut start, mut used) = (before.len(), 1);
        for (at, grapheme) in before.grapheme_indices(true).rev() {
            used += grapheme.width();
            if used > room {
                break;
            }
            start = at;
        }
        format!("…{}", &before[start..])
    };
    let rest = width.saturating_sub(1 + shown_before.width());
    format!("{shown_before}{CURSOR}{}", fit(&after, rest))
}

/// The footer while a file loads: a bar for the share of the file read,
/// the relations in, the megabytes read and the rate; then the check.
fn loading_spans(app: &App, loading: &crate::app::Loading) -> Vec<Span<'static>> {
    use crate::app::thousands;
    let theme = &app.theme;
    if loading.checking {
        return vec![
            Span::styled("⧗ checking ", theme.key()),
            Span::raw(format!("{} relations…", thousands(loading.relations))),
            Span::styled("  browse meanwhile · q quits", theme.dim()),
        ];
    }
    const WIDTH: usize = 20;
    let filled = (loading.share() * WIDTH as f64).round() as usize;
    let bar = format!("▕{}{}▏", "█".repeat(filled), "░".repeat(WIDTH - filled));
    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    vec![
        Span::styled("⧗ loading ", theme.key()),
        Span::styled(bar, theme.title()),
        Span::raw(format!(
            " {:.0}% · {} relations · {:.0} of {:.0} MB · {}/s",
            loading.share() * 100.0,
            thousands(loading.relations),
            mb(loading.bytes_read),
            mb(loading.total_bytes),
            thousands(loading.rate() as usize)
        )),
        Span::styled("  q quits", theme.dim()),
    ]
}

#[cfg(test)]
mod tests {
    use ratatui::widgets::Wrap;

    use super::*;

    fn symbols(buf: &Buffer) -> Vec<&str> {
        buf.content.iter().map(|c| c.symbol()).filter(|s| *s != " ").collect()
    }

    #[test]
    fn make_inert_leaves_no_control_bidi_or_invisible_character_in_any_cell() {
        let area = Rect::new(0, 0, 8, 1);
        let mut buf = Buffer::empty(area);
        for (x, symbol) in ["\u{1b}[2J", "a\u{e0041}", "\u{ad}", "b\u{202e}", "\u{9b}", "\u{3164}", "\u{200b}", "ok"]
            .iter()
            .enumerate()
        {
            buf[(x as u16, 0)].set_symbol(symbol);
        }
        make_inert(&mut buf, area);
        assert_eq!(symbols(&buf), [REPLACEMENT, "a", REPLACEMENT, "b", REPLACEMENT, REPLACEMENT, REPLACEMENT, "ok"]);
    }

    #[test]
    fn ratatui_lets_format_characters_through_and_the_gate_stops_them() {
        // A tag character rides on the letter before it, a soft hyphen and a
        // filler take a column: ratatui draws them all.
        let text = "Tag\u{e0041}\u{e0042}ged soft\u{ad}hyphen fill\u{3164}er \u{600}1";
        let area = Rect::new(0, 0, 40, 2);
        let mut buf = Buffer::empty(area);
        Paragraph::new(text).wrap(Wrap { trim: false }).render(area, &mut buf);
        assert!(symbols(&buf).iter().any(|s| s.chars().any(needs_escape)), "{:?}", symbols(&buf));
        make_inert(&mut buf, area);
        assert!(!symbols(&buf).iter().any(|s| s.chars().any(needs_escape)), "{:?}", symbols(&buf));
        let line: String = symbols(&buf).concat();
        assert!(line.starts_with("Tagged"), "what is visible stays: {line}");
    }

    #[test]
    fn make_inert_keeps_the_browser_own_links_and_nothing_like_them() {
        let area = Rect::new(0, 0, 4, 1);
        let mut buf = Buffer::empty(area);
        let link = osc::hyperlink("https://example.org/a", "ht").unwrap();
        buf[(0, 0)].set_symbol(&link);
        // A link to an unsafe url, and one whose text is not inert.
        buf[(1, 0)].set_symbol("\u{1b}]8;;javascript:x\u{7}ht\u{1b}]8;;\u{7}");
        buf[(2, 0)].set_symbol("\u{1b}]8;;https://example.org\u{7}\u{1b}[2J\u{1b}]8;;\u{7}");
        make_inert(&mut buf, area);
        assert_eq!(symbols(&buf), [link.as_str(), REPLACEMENT, REPLACEMENT]);
    }

    #[test]
    fn fit_reads_line_breaks_and_tabs_as_spaces_and_shows_controls() {
        assert_eq!(fit("line one\nline\ttwo", 40), "line one line two");
        assert_eq!(fit("a\u{1b}[2J", 40), "a\\u{1b}[2J");
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn a_cursor_in_a_value_too_wide_stays_in_view() {
        let value = "abcdefghijklmnopqrstuvwxyz";
        let at = |cursor: usize, width: usize| fit_around_cursor(&value[..cursor], &value[cursor..], width);
        // Room for all of it.
        assert_eq!(at(3, 40), "abc▏defghijklmnopqrstuvwxyz");
        // At the start: the start shows, the end is cut.
        assert_eq!(at(0, 10), "▏abcdefgh…");
        assert_eq!(at(2, 10), "ab▏cdefgh…");
        // At the end: the end shows.
        assert_eq!(at(26, 10), "…stuvwxyz▏");
        // In the middle: the text up to it, and a little after it.
        assert_eq!(at(13, 12), "…ghijklm▏no…");
        for cursor in 0..=26 {
            for width in 2..30 {
                let shown = at(cursor, width);
                assert!(shown.width() <= width, "{cursor} {width}: {shown}");
                assert!(shown.contains('▏'), "{cursor} {width}: {shown}");
            }
        }
        // Wide characters count as two columns.
        assert!(fit_around_cursor("東京東京東京", "", 8).width() <= 8);
        // An emoji with its variation selector takes two columns, not one.
        let hearts = "\u{2764}\u{fe0f}".repeat(60);
        for width in [10, 40, 41] {
            assert!(fit_around_cursor(&hearts, "", width).width() <= width, "{width}");
        }
    }
}
