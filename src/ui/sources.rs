//! The sources view: the sources on the left, the selected one's text on the
//! right, wrapped with its paragraphs kept and every quoted span marked in
//! its relation's kind colour and underlined (so it shows without colour),
//! with the kinds' letters in a margin. A source without a text shows its
//! metadata and its quotes instead.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, StatefulWidget, Widget};
use unicode_width::UnicodeWidthStr;

use super::{fit, window_start};
use crate::app::{App, Rows, Scrolled, SourcesFocus};
use crate::data::{Source, printable};
use crate::reader::{Coverage, QuoteLayout, SourceQuotes, Span as QuotedSpan, TextLayout, motion};
use crate::text::wrap;

/// Width of the list of sources.
const LIST_WIDTH: u16 = 34;
/// The margin before each line of text: the kind letters of its spans.
const MARGIN: usize = 4;

impl App {
    pub(super) fn render_sources_view(&self, area: Rect, buf: &mut Buffer) {
        let [list, text] = Layout::horizontal([Constraint::Length(LIST_WIDTH), Constraint::Fill(1)]).areas(area);
        self.render_source_list(list, buf);
        self.render_reader(text, buf);
    }

    fn sources_block(&self, focus: SourcesFocus, title: String) -> ratatui::widgets::Block<'static> {
        let focused = self.sources_view.focus == focus;
        let block = ratatui::widgets::Block::bordered()
            .title(Span::styled(format!(" {} ", printable(&title)), self.theme.title()));
        if focused {
            block.border_type(ratatui::widgets::BorderType::Thick).border_style(self.theme.focused_border())
        } else {
            block.border_style(self.theme.border())
        }
    }

    fn render_source_list(&self, area: Rect, buf: &mut Buffer) {
        let data = &self.graph.data;
        let order = self.source_order();
        let usage = self.source_usage();
        let width = usize::from(area.width.saturating_sub(2));
        // Two lines a source.
        let visible = usize::from(area.height.saturating_sub(2)) / 2;
        let selected = self.selected_source().and_then(|s| order.iter().position(|&o| o == s));
        let offset = window_start(selected.unwrap_or(0), visible, order.len());
        self.last_frame.borrow_mut().sources = Rows { area, top: area.y + 1, visible, offset };
        let items: Vec<ListItem> = order
            .iter()
            .skip(offset)
            .take(visible)
            .map(|&s| {
                let source = &data.sources[s];
                let figures = if usage[s].figures > 0 { format!(" {}#", usage[s].figures) } else { String::new() };
                let counts = format!("{}❝{figures} {}r", usage[s].quotes, usage[s].relations);
                let head =
                    fit(&format!("{} · {}", source.publisher, source.date), width.saturating_sub(counts.width() + 1));
                let pad = width.saturating_sub(head.width() + counts.width());
                let kind = source.r#type.as_deref().unwrap_or("no type");
                let title = source.title.as_deref().map_or("(no title)".to_string(), |t| format!("“{t}”"));
                let text = if self.texts.get(&source.id).is_some() { "" } else { " · no text" };
                ListItem::new(vec![
                    Line::from(vec![
                        Span::raw(head),
                        Span::raw(" ".repeat(pad)),
                        Span::styled(counts, self.theme.dim()),
                    ]),
                    Line::styled(fit(&format!("  {kind}{text} · {title}"), width), self.theme.dim()),
                ])
            })
            .collect();
        let title = format!("Sources · by {} (s)", self.sources_view.sort.label());
        let style = if self.sources_view.focus == SourcesFocus::List {
            self.theme.selected()
        } else {
            self.theme.selected_unfocused()
        };
        let block = self
            .sources_block(SourcesFocus::List, title)
            .title_bottom(Line::styled(" ❝ quotes # figures r relations ", self.theme.dim()));
        let list = List::new(items).block(block).highlight_style(style);
        let mut state = ListState::default().with_selected(selected.map(|s| s - offset));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn render_reader(&self, area: Rect, buf: &mut Buffer) {
        let data = &self.graph.data;
        let Some(s) = self.selected_source() else {
            let block = self.sources_block(SourcesFocus::Text, "Source".into());
            Paragraph::new(Line::styled(
                "This dataset has no sources yet: a adds one, its text pasted or a file's path.",
                self.theme.dim(),
            ))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(block)
            .render(area, buf);
            return;
        };
        let source = &data.sources[s];
        let width = usize::from(area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        let v = &self.sources_view;
        // Only the lines in view are styled; what it takes to know where
        // they are is kept between frames.
        let (shown, lines, span_lines, scroll, footer) = match self.texts.get(&source.id) {
            Some(text) => {
                let layout = self.text_layout(s, &text.text, width);
                // The view scrolls here, where it knows how the text wraps.
                if let Some(at) = v.reveal.take() {
                    let line = layout.lines.iter().position(|l| l.as_ref().is_some_and(|r| r.end >= at)).unwrap_or(0);
                    v.scroll.set(line.saturating_sub(visible / 3));
                    v.span_in_view.set(false);
                }
                if v.span_in_view.take()
                    && let Some(range) = layout.span_lines.get(v.span)
                {
                    // A third of the way down, so what comes before shows too.
                    v.scroll.set(range.start.saturating_sub(visible / 3));
                }
                // The cursor, when it moved: scrolled just enough to show.
                let cursor = self.reader_cursor(&text.text);
                if v.cursor_in_view.take()
                    && let Some(line) = motion::line_of(&layout.lines, cursor)
                {
                    let top = v.scroll.get().min(layout.lines.len().saturating_sub(visible));
                    if line < top {
                        v.scroll.set(line);
                    } else if line >= top + visible {
                        v.scroll.set(line + 1 - visible);
                    }
                }
                let scroll = v.scroll.get().min(layout.lines.len().saturating_sub(visible));
                let spans = self.spans(s);
                let end = (scroll + visible).min(layout.lines.len());
                // The cursor shows while the text has the keys.
                let marks = Marks {
                    cursor: (v.focus == SourcesFocus::Text).then_some(cursor),
                    selection: self.reader_selection(),
                };
                let shown = (scroll..end).map(|n| self.text_line(&text.text, &spans, &layout, n, &marks)).collect();
                self.last_frame.borrow_mut().reader_layout = Some(((self.revision, s), Rc::clone(&layout)));
                (shown, layout.lines.len(), layout.span_lines.clone(), scroll, layout.footer.clone())
            }
            None => {
                v.reveal.take();
                let (shown, lines, marked, scroll) = self.quote_list(s, width, visible);
                (shown, lines, marked.into_iter().collect(), scroll, " text not stored ".to_string())
            }
        };
        v.scroll.set(scroll);
        let mut frame = self.last_frame.borrow_mut();
        frame.reader = Scrolled { area, lines, visible };
        frame.span_lines = span_lines;
        frame.reader_scroll = scroll;
        drop(frame);
        let mut block = self.sources_block(SourcesFocus::Text, source_title(source));
        // What the cursor can do, while the text has the keys.
        let said = match self.texts.get(&source.id) {
            Some(text) if v.focus == SourcesFocus::Text => Some(match (self.reader_selection(), v.anchor) {
                (Some(range), _) => {
                    let words = text.text[range].split_whitespace().count();
                    format!(" {words} words · c relation · A add ")
                }
                (None, Some(_)) => " selecting: move · V Esc end ".to_string(),
                (None, None) => " S V select ".to_string(),
            }),
            _ => None,
        };
        // The coverage on the left, when it fits beside that.
        let room = usize::from(area.width.saturating_sub(4));
        let footer = printable(&footer);
        if said.as_ref().is_none_or(|said| footer.width() + said.width() <= room) {
            block = block.title_bottom(Line::styled(footer, self.theme.dim()));
        }
        if let Some(said) = said {
            block = block.title_bottom(Line::styled(fit(&said, room), self.theme.key()).right_aligned());
        }
        Paragraph::new(shown).block(block).render(area, buf);
    }

    /// The text wrapped to `width` (less the margin), paragraphs kept, with
    /// the spans on each line and the lines each span takes: once per
    /// (revision, source, width).
    fn text_layout(&self, s: usize, text: &str, width: usize) -> Rc<TextLayout> {
        self.caches.text_layout.get((self.revision, s, width), || {
            let spans = self.spans(s);
            let lines = layout(text, width.saturating_sub(MARGIN).max(1));
            let mut span_lines: Vec<Option<Range<usize>>> = vec![None; spans.len()];
            let (mut on_line_at, mut on_line) = (vec![0], Vec::new());
            // Spans are in text order: those before `first` ended above.
            let mut first = 0;
            for (n, line) in lines.iter().enumerate() {
                if let Some(range) = line {
                    while first < spans.len() && spans[first].range.end <= range.start {
                        first += 1;
                    }
                    let here = (first..spans.len())
                        .take_while(|&i| spans[i].range.start < range.end)
                        .filter(|&i| range.start < spans[i].range.end);
                    for i in here {
                        let start = span_lines[i].as_ref().map_or(n, |r| r.start);
                        span_lines[i] = Some(start..n + 1);
                        on_line.push(i);
                    }
                }
                on_line_at.push(on_line.len());
            }
            let footer = format!(" {} ", Coverage::new(text, &spans).describe());
            let span_lines = span_lines.into_iter().map(Option::unwrap_or_default).collect();
            Rc::new(TextLayout { lines, on_line_at, on_line, span_lines, footer })
        })
    }

    /// Line `n` of a laid out text: the kind letters of its spans in the
    /// margin, then the text, every span styled.
    fn text_line(
        &self,
        text: &str,
        spans: &[QuotedSpan],
        layout: &TextLayout,
        n: usize,
        marks: &Marks,
    ) -> Line<'static> {
        let Some(range) = layout.lines[n].clone() else { return Line::raw("") };
        let kinds = &self.graph.data.kinds;
        let kind_of = |span: &QuotedSpan| {
            let r = span.evidence[0].0;
            let relation = &self.graph.data.relations[r];
            kinds.iter().position(|k| k.id == relation.kind)
        };
        let here = layout.spans_on(n);
        let mut letters: Vec<char> = Vec::new();
        for &i in here {
            for &(r, _) in &spans[i].evidence {
                let k = kinds.iter().position(|k| k.id == self.graph.data.relations[r].kind);
                if let Some(letter) = k.map(|k| self.kind_letters[k])
                    && !letters.contains(&letter)
                {
                    letters.push(letter);
                }
            }
        }
        let margin: String = letters.iter().take(MARGIN - 1).collect();
        let mut out = vec![Span::styled(format!("{margin:<width$}", width = MARGIN), self.theme.key())];
        // The line in pieces, cut wherever a span, the selection or the
        // cursor begins or ends: each plain or inside a span (the first one
        // that covers it), selected or not.
        let mut cuts = vec![range.start, range.end];
        for &i in here {
            cuts.extend([spans[i].range.start, spans[i].range.end]);
        }
        if let Some(selection) = &marks.selection {
            cuts.extend([selection.start, selection.end]);
        }
        if let Some(cursor) = marks.cursor {
            cuts.extend([cursor, motion::next_char(text, cursor)]);
        }
        cuts.retain(|c| range.contains(c) || *c == range.end);
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let (at, next) = (piece[0], piece[1]);
            let covering = here.iter().copied().find(|&i| spans[i].range.start <= at && at < spans[i].range.end);
            let mut style = match covering {
                None => Style::new(),
                Some(i) => {
                    let color = kind_of(&spans[i]).map(|k| kinds[k].color());
                    let mut style = color.map_or(Style::new(), |c| self.theme.kind(c));
                    style = style.add_modifier(Modifier::UNDERLINED);
                    // While a passage is selected, only it stands out.
                    if i == self.sources_view.span && marks.selection.is_none() {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    style
                }
            };
            if marks.selection.as_ref().is_some_and(|s| s.contains(&at)) {
                style = style.patch(self.theme.selection());
            }
            if marks.cursor == Some(at) {
                style = cursor_style(style);
            }
            out.push(Span::styled(printable(&text[at..next]), style));
        }
        // The cursor after the line's last character (on the space that
        // wraps it, or at the end of the text): a cell of its own.
        if let Some(cursor) = marks.cursor
            && cursor >= range.end
            && motion::line_of(&layout.lines, cursor) == Some(n)
        {
            out.push(Span::styled(" ", cursor_style(Style::new())));
        }
        Line::from(out)
    }

    /// A source without a text: its metadata, then its quotes in dataset
    /// order, each with the relations it backs, then its figures. Only the
    /// `visible` lines from the view's scroll are made; the rest is counted
    /// as far as needed (`QuoteLayout`). Returns them, the number of lines
    /// known (all of them once the end was asked for), the lines of the
    /// quote `o` opened, marked, and the first line shown.
    fn quote_list(
        &self,
        s: usize,
        width: usize,
        visible: usize,
    ) -> (Vec<Line<'static>>, usize, Option<Range<usize>>, usize) {
        let quotes = self.source_quotes(s);
        let list = QuoteList { app: self, source: &self.graph.data.sources[s], quotes: &quotes, width };
        let header = list.header();
        let items = list.items();
        let v = &self.sources_view;
        let mut cell = self.caches.quote_layout.borrow_mut();
        let key = (self.revision, s, width);
        let layout = match &mut *cell {
            Some(layout) if layout.key == key => layout,
            other => other.insert(QuoteLayout::new(key)),
        };
        // The quote `o` opened: its item, and the lines its mark adds.
        let wanted = v.quote.as_deref();
        if layout.chosen.as_ref().map(|(q, _)| Some(q.as_str())) != Some(wanted) {
            layout.chosen = wanted.map(|q| (q.to_string(), list.find(q)));
        }
        let chosen = layout.chosen.as_ref().and_then(|(_, item)| *item);
        let extra = chosen.map_or(0, |c| list.quote_lines(c, true) - list.quote_lines(c, false));
        let mut counter = Counter { list: &list, layout, header: header.len(), chosen, extra, names: None };
        let marked = chosen.map(|c| {
            counter.count_items(c + 1);
            let start = counter.start(c) + 1;
            start..start + list.quote_lines(c, true)
        });
        if v.span_in_view.take()
            && let Some(range) = &marked
        {
            // A third of the way down, so what comes before shows too.
            v.scroll.set(range.start.saturating_sub(visible / 3));
        }
        // Counted a screen past the one shown, so that a page down is never
        // cut short; all of it when the end is asked for.
        let scroll = v.scroll.get();
        counter.count_lines(scroll.saturating_add(2 * visible));
        let lines = counter.counted_lines();
        let scroll = scroll.min(lines.saturating_sub(visible));
        let mut shown: Vec<Line<'static>> = header.into_iter().skip(scroll).take(visible).collect();
        let from = scroll.max(counter.header);
        let mut item = counter.item_at(from);
        let mut at = if item < counter.layout.ends.len() { counter.start(item) } else { lines };
        while shown.len() < visible && item < items {
            let lines_of = list.item_lines(item, Some(item) == chosen);
            let skip = from.saturating_sub(at);
            at += lines_of.len();
            shown.extend(lines_of.into_iter().skip(skip).take(visible - shown.len()));
            item += 1;
        }
        (shown, lines, marked, scroll)
    }
}

/// The quote list of a source without a text, item by item: the quotes,
/// then the figures. `item_lines` makes an item's lines; `item_count` says
/// how many there are without making them.
struct QuoteList<'a> {
    app: &'a App,
    source: &'a Source,
    quotes: &'a SourceQuotes,
    width: usize,
}

impl QuoteList<'_> {
    fn items(&self) -> usize {
        self.quotes.quotes.len() + self.quotes.figures.len()
    }

    /// The source's metadata and what the list is.
    fn header(&self) -> Vec<Line<'static>> {
        let (source, width, theme) = (self.source, self.width, &self.app.theme);
        let mut lines = Vec::new();
        let mut meta = |label: &str, value: Option<&str>| {
            if let Some(value) = value {
                lines.extend(
                    wrap(&format!("{label}: {value}"), width).into_iter().map(|l| Line::styled(l, theme.dim())),
                );
            }
        };
        meta("Publisher", Some(&source.publisher));
        meta("Date", Some(&source.date));
        meta("Type", source.r#type.as_deref());
        meta("Title", source.title.as_deref());
        meta("Url", source.url.as_deref());
        lines.extend(
            wrap("Text not stored: the quotes taken from it, in dataset order, then its figures.", width)
                .into_iter()
                .map(|l| Line::styled(l, theme.warning())),
        );
        lines
    }

    fn quote(&self, q: usize) -> &str {
        let (r, e) = self.quotes.quotes[q];
        &self.app.graph.data.relations[r as usize].evidence[e as usize].quote
    }

    /// The quote item of `quote`, if the source has it.
    fn find(&self, quote: &str) -> Option<usize> {
        (0..self.quotes.quotes.len()).find(|&q| self.quote(q) == quote)
    }

    fn quote_text(&self, q: usize, chosen: bool) -> String {
        let mark = if chosen { "▶ " } else { "" };
        format!("{mark}“{}”", self.quote(q))
    }

    /// The lines of quote `q`'s words.
    fn quote_lines(&self, q: usize, chosen: bool) -> usize {
        wrap_count(&self.quote_text(q, chosen), self.width)
    }

    /// Item `i`'s lines: a blank line, the quote (or figure), then what it
    /// backs, indented.
    fn item_lines(&self, i: usize, chosen: bool) -> Vec<Line<'static>> {
        let (data, width, theme) = (&self.app.graph.data, self.width, &self.app.theme);
        let mut lines = vec![Line::raw("")];
        let name = |id: &str| data.name_of(id).to_string();
        let indented = |lines: &mut Vec<Line<'static>>, text: String| {
            // Indented under its quote (wrap drops leading spaces).
            let lines_of = wrap(&text, width.saturating_sub(2));
            lines.extend(lines_of.into_iter().map(|l| Line::styled(format!("  {l}"), theme.dim())));
        };
        match self.quotes.quotes.len().checked_sub(i + 1) {
            Some(_) => {
                let style = if chosen { theme.selected() } else { theme.quote() };
                lines.extend(wrap(&self.quote_text(i, chosen), width).into_iter().map(|l| Line::styled(l, style)));
                for r in self.quotes.backs(i) {
                    indented(&mut lines, backs_line(&data.relations[r], "backs", name));
                }
            }
            None => {
                let (r, k) = self.quotes.figures[i - self.quotes.quotes.len()];
                let relation = &data.relations[r as usize];
                let text = figure_text(&relation.figures[k as usize]);
                lines.extend(wrap(&text, width).into_iter().map(|l| Line::styled(l, theme.quote())));
                indented(&mut lines, backs_line(relation, "figure of", name));
            }
        }
        lines
    }

    /// How many lines `item_lines(i, false)` makes, `names` being each
    /// actor's and group's name by id.
    fn item_count(&self, i: usize, names: &HashMap<&str, &str>) -> usize {
        let data = &self.app.graph.data;
        let name = |id: &str| names.get(id).map_or(id.to_string(), |n| n.to_string());
        let indented = |text: String| wrap_count(&text, self.width.saturating_sub(2));
        match self.quotes.quotes.len().checked_sub(i + 1) {
            Some(_) => {
                let backs: usize =
                    self.quotes.backs(i).map(|r| indented(backs_line(&data.relations[r], "backs", name))).sum();
                1 + self.quote_lines(i, false) + backs
            }
            None => {
                let (r, k) = self.quotes.figures[i - self.quotes.quotes.len()];
                let relation = &data.relations[r as usize];
                let text = figure_text(&relation.figures[k as usize]);
                1 + wrap_count(&text, self.width) + indented(backs_line(relation, "figure of", name))
            }
        }
    }
}

/// What the reader marks besides the quoted spans: the cursor (while the
/// text has the keys) and the selection.
struct Marks {
    cursor: Option<usize>,
    selection: Option<Range<usize>>,
}

/// The cursor stands out from whatever it is on: reversed, or plain on a
/// reversed piece.
fn cursor_style(style: Style) -> Style {
    if style.add_modifier.contains(Modifier::REVERSED) {
        style.remove_modifier(Modifier::REVERSED).add_modifier(Modifier::BOLD)
    } else {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// "backs trade · Russia → Kazakhstan (r-id)".
fn backs_line(r: &crate::data::Relation, verb: &str, name: impl Fn(&str) -> String) -> String {
    format!("{verb} {} · {} → {} ({})", r.kind, name(&r.from), name(&r.to), r.id)
}

/// "Trade: ≈12.5 billion USD · 2023 · per China's customs".
fn figure_text(f: &crate::data::Figure) -> String {
    let reporter = f.reporter.as_ref().map_or(String::new(), |r| format!(" · per {r}"));
    format!("{}: {} · {}{reporter}", f.measure, crate::text::figure_value(f), f.period)
}

/// Counts the lines of a quote list (`QuoteList`) into its `QuoteLayout`,
/// item by item, as far as asked; line numbers count the header and the
/// mark of the chosen quote.
struct Counter<'a, 'l> {
    list: &'a QuoteList<'a>,
    layout: &'l mut QuoteLayout,
    header: usize,
    chosen: Option<usize>,
    /// The lines the chosen quote's mark adds.
    extra: usize,
    names: Option<HashMap<&'a str, &'a str>>,
}

impl<'a> Counter<'a, '_> {
    /// The extra lines of the chosen quote's mark before item `i`'s end.
    fn extra_to(&self, i: usize) -> usize {
        if self.chosen.is_some_and(|c| c <= i) { self.extra } else { 0 }
    }

    /// The first line of item `i` (counted, or the next to count).
    fn start(&self, i: usize) -> usize {
        match i.checked_sub(1) {
            Some(before) => self.header + self.layout.ends[before] + self.extra_to(before),
            None => self.header,
        }
    }

    /// Lines counted so far: all of them once every item is counted.
    fn counted_lines(&self) -> usize {
        self.start(self.layout.ends.len())
    }

    /// The first counted item that ends after line `line` (the number of
    /// items counted when none does).
    fn item_at(&self, line: usize) -> usize {
        let (mut lo, mut hi) = (0, self.layout.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.start(mid + 1) > line { hi = mid } else { lo = mid + 1 }
        }
        lo
    }

    fn count_next(&mut self) {
        let data = &self.list.app.graph.data;
        let names = self.names.get_or_insert_with(|| data.names_by_id());
        let i = self.layout.ends.len();
        let count = self.list.item_count(i, names);
        self.layout.ends.push(self.layout.ends.last().copied().unwrap_or(0) + count);
    }

    /// Counts the first `items` items (or all there are).
    fn count_items(&mut self, items: usize) {
        while self.layout.ends.len() < items.min(self.list.items()) {
            self.count_next();
        }
    }

    /// Counts items until line `line` is counted (or all of them are).
    fn count_lines(&mut self, line: usize) {
        while self.layout.ends.len() < self.list.items() && self.counted_lines() <= line {
            self.count_next();
        }
    }
}
/// "AFP · 2025-10-08 · news · “Title”".
fn source_title(source: &Source) -> String {
    let mut parts = vec![source.publisher.clone(), source.date.clone()];
    parts.extend(source.r#type.clone());
    parts.extend(source.title.as_ref().map(|t| format!("“{t}”")));
    parts.join(" · ")
}

/// How many lines `text::wrap(text, width)` makes, without making them:
/// the sources view counts the lines of 400,000 quotes with it. Exact: text
/// it cannot count quickly (a word to cut that is not plain ASCII, a
/// character `printable` escapes) is wrapped.
pub fn wrap_count(text: &str, width: usize) -> usize {
    let width = width.max(1);
    if text.chars().any(crate::data::needs_escape) {
        return wrap(text, width).len();
    }
    let (mut lines, mut line, mut empty) = (0, 0, true);
    for word in text.split_whitespace() {
        let w = word.width();
        let sep = usize::from(!empty);
        if line + sep + w <= width {
            line += sep + w;
            empty = false;
            continue;
        }
        if !word.is_ascii() {
            // Cut character by character, as `wrap` does.
            return wrap(text, width).len();
        }
        if !empty {
            lines += 1;
        }
        // Pieces of `width` characters, the last one left open.
        let full = (w - 1) / width;
        lines += full;
        line = w - full * width;
        empty = false;
    }
    lines + 1
}

/// The display lines of a text wrapped to `width` columns: each a byte range
/// of the text, `None` for the blank line between paragraphs
/// (`reader::paragraphs`).
pub fn layout(text: &str, width: usize) -> Vec<Option<Range<usize>>> {
    let width = width.max(1);
    let mut out: Vec<Option<Range<usize>>> = Vec::new();
    for paragraph in crate::reader::paragraphs(text) {
        if !out.is_empty() {
            out.push(None);
        }
        let mut line: Option<Range<usize>> = None;
        for word in words(&text[paragraph.clone()]).map(|r| paragraph.start + r.start..paragraph.start + r.end) {
            // A line break inside the paragraph counts as one space.
            let gap = |current: &Range<usize>| {
                let between = &text[current.end..word.start];
                if between.contains('\n') { 1 } else { between.width() }
            };
            if let Some(current) = &line
                && text[current.clone()].width() + gap(current) + text[word.clone()].width() <= width
            {
                line = Some(current.start..word.end);
                continue;
            }
            out.extend(line.take().map(Some));
            // A word longer than a line is cut into pieces that fit.
            let mut piece = word.start;
            for (i, c) in text[word.clone()].char_indices() {
                let at = word.start + i;
                if at > piece && text[piece..at + c.len_utf8()].width() > width {
                    out.push(Some(piece..at));
                    piece = at;
                }
            }
            line = Some(piece..word.end);
        }
        out.extend(line.map(Some));
    }
    out
}

/// The byte ranges of the words of `s`.
fn words(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    s.char_indices().chain([(s.len(), ' ')]).filter_map(move |(i, c)| {
        if c.is_whitespace() {
            start.take().map(|st| st..i)
        } else {
            start.get_or_insert(i);
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_count_counts_the_lines_wrap_makes() {
        // Words of every sort: short, long enough to cut, wide, combining,
        // emoji sequences, control characters; runs of whitespace.
        let pieces = [
            "a",
            "word",
            "longerwordthanaline",
            "é",
            "e\u{301}",
            "中文字",
            "👍🏽",
            "👨‍👩‍👧",
            "é中a",
            "x\u{fe0f}",
            "\u{7}bell",
            "tab\tin",
            " ",
            "  ",
            "\n",
            "“quoted”",
            "→",
            "·",
            "(id-42)",
        ];
        let mut seed: u64 = 1;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..3000 {
            let text: String = (0..next(12)).map(|_| [pieces[next(pieces.len())], " "].concat()).collect();
            for width in [1, 2, 3, 5, 8, 13, 40] {
                assert_eq!(wrap_count(&text, width), wrap(&text, width).len(), "{text:?} at {width}");
            }
        }
    }

    #[test]
    fn layout_wraps_words_keeps_paragraphs_and_folds_blank_runs() {
        let text = "One two three four.\n\n\n\nFive six\n";
        let lines: Vec<Option<&str>> = layout(text, 9).into_iter().map(|l| l.map(|r| &text[r])).collect();
        assert_eq!(lines, [Some("One two"), Some("three"), Some("four."), None, Some("Five six")]);
        // Lines of a paragraph wrapped by hand are joined.
        let text = "signed two\naccords on\nWednesday.\n\nNext.";
        let lines: Vec<Option<&str>> = layout(text, 40).into_iter().map(|l| l.map(|r| &text[r])).collect();
        assert_eq!(lines, [Some("signed two\naccords on\nWednesday."), None, Some("Next.")]);
        // A word longer than the line is cut.
        let lines: Vec<Option<&str>> =
            layout("abcdefghij", 4).into_iter().map(|l| l.map(|r| &"abcdefghij"[r])).collect();
        assert_eq!(lines, [Some("abcd"), Some("efgh"), Some("ij")]);
    }
}
