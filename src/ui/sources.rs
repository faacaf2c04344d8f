//! The sources view: the sources on the left, the selected one's text on the
//! right, wrapped with its paragraphs kept and every quoted span marked in
//! its relation's kind colour and underlined (so it shows without colour),
//! with the kinds' letters in a margin. A source without a text shows its
//! metadata and its quotes instead.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, StatefulWidget, Widget};
use unicode_width::UnicodeWidthStr;

use super::{fit, window_start};
use crate::app::{App, Rows, Scrolled, SourcesFocus};
use crate::data::{Source, printable};
use crate::reader::{Coverage, Span as QuotedSpan, usage};
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
        let usage = usage(data);
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
            .title_bottom(Line::styled(" ❝ quotes · # figures · r relations ", self.theme.dim()));
        let list = List::new(items).block(block).highlight_style(style);
        let mut state = ListState::default().with_selected(selected.map(|s| s - offset));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn render_reader(&self, area: Rect, buf: &mut Buffer) {
        let data = &self.graph.data;
        let Some(s) = self.selected_source() else {
            let block = self.sources_block(SourcesFocus::Text, "Source".into());
            Paragraph::new(Line::styled("This dataset has no sources.", self.theme.dim()))
                .block(block)
                .render(area, buf);
            return;
        };
        let source = &data.sources[s];
        let width = usize::from(area.width.saturating_sub(2));
        let visible = usize::from(area.height.saturating_sub(2));
        let (lines, span_lines, footer) = match self.texts.get(&source.id) {
            Some(text) => {
                let spans = self.spans(s);
                let (lines, span_lines) = self.text_lines(&text.text, &spans, width);
                let footer = format!(" {} ", Coverage::new(&text.text, &spans).describe());
                (lines, span_lines, footer)
            }
            None => {
                let (lines, marked) = self.quote_list(s, width);
                (lines, marked.into_iter().collect(), " text not stored ".to_string())
            }
        };
        // The view scrolls here, where it knows how the text wraps.
        let v = &self.sources_view;
        if let (Some(at), Some(text)) = (v.reveal.take(), self.texts.get(&source.id)) {
            let line = layout(&text.text, width.saturating_sub(MARGIN).max(1))
                .iter()
                .position(|l| l.as_ref().is_some_and(|r| r.end >= at))
                .unwrap_or(0);
            v.scroll.set(line.saturating_sub(visible / 3));
            v.span_in_view.set(false);
        }
        // Without a text, the one quote marked stands in for the span.
        let span = if self.texts.get(&source.id).is_some() { v.span } else { 0 };
        if v.span_in_view.take()
            && let Some(range) = span_lines.get(span)
        {
            // A third of the way down, so what comes before shows too.
            v.scroll.set(range.start.saturating_sub(visible / 3));
        }
        let scroll = v.scroll.get().min(lines.len().saturating_sub(visible));
        v.scroll.set(scroll);
        let mut frame = self.last_frame.borrow_mut();
        frame.reader = Scrolled { area, lines: lines.len(), visible };
        frame.span_lines = span_lines;
        frame.reader_scroll = scroll;
        drop(frame);
        let mut block = self.sources_block(SourcesFocus::Text, source_title(source));
        block = block.title_bottom(Line::styled(printable(&footer), self.theme.dim()));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
        Paragraph::new(shown).block(block).render(area, buf);
    }

    /// The text wrapped to `width` (less the margin), paragraphs kept, spans
    /// styled; and the lines each span takes.
    fn text_lines(&self, text: &str, spans: &[QuotedSpan], width: usize) -> (Vec<Line<'static>>, Vec<Range<usize>>) {
        let layout = layout(text, width.saturating_sub(MARGIN).max(1));
        let kinds = &self.graph.data.kinds;
        let kind_of = |span: &QuotedSpan| {
            let r = span.evidence[0].0;
            let relation = &self.graph.data.relations[r];
            kinds.iter().position(|k| k.id == relation.kind)
        };
        let mut span_lines: Vec<Option<Range<usize>>> = vec![None; spans.len()];
        let mut lines = Vec::with_capacity(layout.len());
        for (n, line) in layout.iter().enumerate() {
            let Some(range) = line else {
                lines.push(Line::raw(""));
                continue;
            };
            // Spans on this line, in text order.
            let here: Vec<usize> = (0..spans.len())
                .filter(|&i| spans[i].range.start < range.end && range.start < spans[i].range.end)
                .collect();
            for &i in &here {
                let first = span_lines[i].as_ref().map_or(n, |r| r.start);
                span_lines[i] = Some(first..n + 1);
            }
            let mut letters: Vec<char> = Vec::new();
            for &i in &here {
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
            // The line in pieces: plain, or inside a span (the first one that
            // covers it), selected or not.
            let mut at = range.start;
            while at < range.end {
                let covering = here.iter().copied().find(|&i| spans[i].range.start <= at && at < spans[i].range.end);
                let next = match covering {
                    Some(i) => spans[i].range.end.min(range.end),
                    None => here
                        .iter()
                        .map(|&i| spans[i].range.start)
                        .filter(|&s| s > at)
                        .min()
                        .unwrap_or(range.end)
                        .min(range.end),
                };
                let piece = printable(&text[at..next]);
                let style = match covering {
                    None => Style::new(),
                    Some(i) => {
                        let color = kind_of(&spans[i]).map(|k| kinds[k].color());
                        let mut style = color.map_or(Style::new(), |c| self.theme.kind(c));
                        style = style.add_modifier(Modifier::UNDERLINED);
                        if i == self.sources_view.span {
                            style = style.add_modifier(Modifier::REVERSED);
                        }
                        style
                    }
                };
                out.push(Span::styled(piece, style));
                at = next;
            }
            lines.push(Line::from(out));
        }
        let span_lines = span_lines.into_iter().map(Option::unwrap_or_default).collect();
        (lines, span_lines)
    }

    /// A source without a text: its metadata, then its quotes in dataset
    /// order, each with the relations it backs.
    /// Also returns the lines of the quote `o` opened, marked.
    fn quote_list(&self, s: usize, width: usize) -> (Vec<Line<'static>>, Option<Range<usize>>) {
        let data = &self.graph.data;
        let source = &data.sources[s];
        let mut lines = Vec::new();
        let mut meta = |label: &str, value: Option<&str>| {
            if let Some(value) = value {
                lines.extend(
                    wrap(&format!("{label}: {value}"), width).into_iter().map(|l| Line::styled(l, self.theme.dim())),
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
                .map(|l| Line::styled(l, self.theme.warning())),
        );
        // Each quote once, with every relation it backs: one pass.
        let mut order: Vec<&str> = Vec::new();
        let mut backs: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (r, relation) in data.relations.iter().enumerate() {
            for ev in relation.evidence.iter().filter(|e| e.source == source.id) {
                let relations = backs.entry(ev.quote.as_str()).or_insert_with(|| {
                    order.push(&ev.quote);
                    Vec::new()
                });
                if relations.last() != Some(&r) {
                    relations.push(r);
                }
            }
        }
        let mut marked = None;
        let backs_line = |r: &crate::data::Relation, verb: &str| {
            format!("{verb} {} · {} → {} ({})", r.kind, data.name_of(&r.from), data.name_of(&r.to), r.id)
        };
        for quote in order {
            lines.push(Line::raw(""));
            let start = lines.len();
            let chosen = self.sources_view.quote.as_deref() == Some(quote);
            let (mark, style) = if chosen { ("▶ ", self.theme.selected()) } else { ("", self.theme.quote()) };
            lines.extend(wrap(&format!("{mark}“{quote}”"), width).into_iter().map(|l| Line::styled(l, style)));
            if chosen {
                marked = Some(start..lines.len());
            }
            for &r in &backs[quote] {
                // Indented under its quote (wrap drops leading spaces).
                let lines_of = wrap(&backs_line(&data.relations[r], "backs"), width.saturating_sub(2));
                lines.extend(lines_of.into_iter().map(|l| Line::styled(format!("  {l}"), self.theme.dim())));
            }
        }
        for relation in &data.relations {
            for f in relation.figures.iter().filter(|f| f.source == source.id) {
                lines.push(Line::raw(""));
                let reporter = f.reporter.as_ref().map_or(String::new(), |r| format!(" · per {r}"));
                let approx = if f.approx { "≈" } else { "" };
                let text = format!("{}: {approx}{} {} · {}{reporter}", f.measure, f.value, f.unit, f.period);
                lines.extend(wrap(&text, width).into_iter().map(|l| Line::styled(l, self.theme.quote())));
                let lines_of = wrap(&backs_line(relation, "figure of"), width.saturating_sub(2));
                lines.extend(lines_of.into_iter().map(|l| Line::styled(format!("  {l}"), self.theme.dim())));
            }
        }
        (lines, marked)
    }
}

/// "AFP · 2025-10-08 · news · “Title”".
fn source_title(source: &Source) -> String {
    let mut parts = vec![source.publisher.clone(), source.date.clone()];
    parts.extend(source.r#type.clone());
    parts.extend(source.title.as_ref().map(|t| format!("“{t}”")));
    parts.join(" · ")
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
