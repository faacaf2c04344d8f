//! The search popup: the query, then each hit with what it belongs to and
//! the matched words highlighted.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{fit, fit_words, window_start};
use crate::app::{App, SearchBox};
use crate::search::{Hit, Target};
use crate::text;

impl App {
    pub(super) fn render_search(&self, search: &SearchBox, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let block = Block::bordered().border_type(BorderType::Double).border_style(self.theme.focused_border()).title(
            Span::styled(" Search · every word and \"phrase\", any case · ⏎ jump · Esc cancel ", self.theme.title()),
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let mut lines = vec![Line::from(vec![
            Span::styled("/ ", self.theme.key()),
            Span::styled(format!("{}▏", search.query), self.theme.hit()),
        ])];
        let summary = match (search.query.trim().is_empty(), search.hits.len()) {
            (true, _) => "Type words, or \"a phrase\", to find actors, capitals, groups, summaries, kinds, quotes, speakers and sources.".to_string(),
            // The first hits of a search still going: the count so far.
            (false, n) if search.searching() => format!("{n}+ hits so far, looking for more · ↑↓ to choose"),
            (false, 0) => "No match. Every word and \"phrase\" must appear (in any case).".to_string(),
            (false, n) => format!("{} · ↑↓ to choose", text::count(n, "hit")),
        };
        lines.push(Line::styled(summary, self.theme.dim()));
        // Two lines a hit: what it belongs to, then the text.
        let visible = usize::from(inner.height).saturating_sub(2) / 2;
        let first = window_start(search.selected, visible, search.hits.len());
        for (i, hit) in search.hits.iter().enumerate().skip(first).take(visible) {
            let selected = i == search.selected;
            let marker = if selected { "▶ " } else { "  " };
            let context = Line::styled(fit(&format!("{marker}{}", self.hit_context(hit)), width), self.theme.dim());
            let snippet = self.snippet(hit, &search.query, width.saturating_sub(2));
            let mut spans = vec![Span::raw("  ")];
            spans.extend(snippet);
            if selected {
                lines.push(context.style(self.theme.selected()));
                lines.push(Line::from(spans).style(self.theme.selected()));
            } else {
                lines.push(context);
                lines.push(Line::from(spans));
            }
        }
        Paragraph::new(lines).render(inner, buf);
    }

    /// What a hit belongs to: "actor", or "quote 1/2 · China → Central Asia · Arms".
    fn hit_context(&self, hit: &Hit) -> String {
        let data = &self.graph.data;
        let endpoint = |id: &str| data.name_of(id).to_string();
        let about = |r: usize| {
            let rel = &data.relations[r];
            let kind = data.kinds.iter().find(|k| k.id == rel.kind).map_or(rel.kind.as_str(), |k| k.label.as_str());
            format!("{} → {} · {kind}", endpoint(&rel.from), endpoint(&rel.to))
        };
        match hit.target {
            Target::Actor(a) => match &data.actors[a].capital {
                Some(capital) => format!("actor · capital {capital}"),
                None => "actor".to_string(),
            },
            Target::Group(g) => format!("group · {} members", data.groups[g].members.len()),
            Target::Relation(r) => format!("summary · {}", about(r)),
            Target::Passage(_) => match self.hit_passage(hit) {
                Some(p) => {
                    let s = &data.sources[p.source];
                    format!("text · {} · {}", s.publisher, s.date)
                }
                None => "text".into(),
            },
            Target::Quote(r, e) => {
                let who = text::attribution(data, &data.relations[r].evidence[e]);
                format!("quote {}/{} · {} · {who}", e + 1, data.relations[r].evidence.len(), about(r))
            }
        }
    }

    /// The hit's text around its first match, cut to `width`, with every
    /// matched word highlighted.
    fn snippet(&self, hit: &Hit, query: &str, width: usize) -> Vec<Span<'static>> {
        let full = self.hit_text(hit);
        // Matches in the fields shown beside the text (a speaker, a
        // capital) show in the context line above it.
        let ranges: Vec<Range<usize>> =
            self.hit_ranges(hit, query).into_iter().filter(|r| r.end <= full.len()).collect();
        let first = ranges.iter().map(|r| r.start).min().unwrap_or(0);
        // From the start when the matches fit; else a few words before the first.
        let last = ranges.iter().map(|r| r.end).max().unwrap_or(0);
        let mut start = if full[..last].width() < width { 0 } else { first.saturating_sub(24) };
        while !full.is_char_boundary(start) {
            start -= 1;
        }
        // Cut at a word: from the start of the word after the cut.
        if start > 0 && !full[..start].ends_with(char::is_whitespace) {
            start = full[start..first].find(char::is_whitespace).map_or(first, |i| start + i);
        }
        while full[start..].starts_with(char::is_whitespace) {
            start += full[start..].chars().next().map_or(1, char::len_utf8);
        }
        let lead = if start > 0 { "…" } else { "" };
        let mut ranges: Vec<Range<usize>> = ranges.into_iter().filter(|r| r.start >= start).collect();
        ranges.sort_by_key(|r| r.start);
        let mut spans = vec![Span::styled(lead, self.theme.dim())];
        let mut used = lead.width();
        let mut at = start;
        let mut push = |spans: &mut Vec<Span<'static>>, piece: &str, hit: bool| {
            let piece = fit(piece, width.saturating_sub(used));
            used += piece.width();
            spans.push(if hit { Span::styled(piece, self.theme.hit()) } else { Span::raw(piece) });
        };
        for r in ranges {
            if r.start < at {
                continue; // overlaps the previous match
            }
            push(&mut spans, &full[at..r.start], false);
            push(&mut spans, &full[r.clone()], true);
            at = r.end;
        }
        // The rest, cut after a whole word.
        let rest = fit_words(&full[at..], width.saturating_sub(used));
        spans.push(Span::raw(rest));
        spans
    }
}
