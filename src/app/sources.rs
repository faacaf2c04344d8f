//! The sources view's state and keys: the sources in an order, the text of
//! the selected one with its quoted spans, and the ways into it (`o` on a
//! quote, a search hit in a text) and out of it (`Enter` on a span).

use std::cell::Cell;
use std::rc::Rc;

use std::ops::Range;
use std::sync::Arc;

use super::overlay::Choice;
use super::{Action, App, Overlay, View, clamp_step};
use crate::reader::{self, Span, motion};

/// How the sources view orders the sources (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceSort {
    /// Newest first.
    #[default]
    Date,
    /// Most quotes first.
    Use,
    Publisher,
}

impl SourceSort {
    fn next(self) -> SourceSort {
        match self {
            SourceSort::Date => SourceSort::Use,
            SourceSort::Use => SourceSort::Publisher,
            SourceSort::Publisher => SourceSort::Date,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceSort::Date => "date",
            SourceSort::Use => "use",
            SourceSort::Publisher => "publisher",
        }
    }
}

/// Which side of the sources view has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourcesFocus {
    List,
    Text,
}

/// The sources view's own state: the selected source (by id), the order,
/// the focus, the selected quoted span and how far the text is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesView {
    pub source: Option<String>,
    pub sort: SourceSort,
    pub focus: SourcesFocus,
    /// Position in the selected source's spans.
    pub span: usize,
    /// First line of the text shown: clamped, and moved to the selected span
    /// when asked, when drawn.
    pub scroll: Cell<usize>,
    pub span_in_view: Cell<bool>,
    /// The quote `o` opened in a source without a text (marked in its list).
    pub quote: Option<String>,
    /// Scroll the text to this byte at the next frame (a search hit).
    pub reveal: Cell<Option<usize>>,
    /// The reader's cursor: a byte of the selected source's text, between
    /// two characters (the next one is drawn under it).
    pub cursor: usize,
    /// Where the selection the cursor extends began (`V`, `S`), if any.
    pub anchor: Option<usize>,
    /// The source (id) the cursor and the selection are in: another
    /// source shown (a deletion, an undo, a reload) starts at its top.
    pub cursor_source: Option<String>,
    /// Scroll the text so that the cursor shows, at the next frame.
    pub cursor_in_view: Cell<bool>,
}

impl App {
    /// The sources (indices into `Dataset::sources`) in the view's order.
    pub fn source_order(&self) -> Rc<[usize]> {
        let sort = self.sources_view.sort;
        self.source_order_memo.get((self.revision, sort), || {
            let data = &self.graph.data;
            let usage = self.source_usage();
            let mut order: Vec<usize> = (0..data.sources.len()).collect();
            match sort {
                // Newest first; ISO dates sort as text.
                SourceSort::Date => order.sort_by(|&a, &b| data.sources[b].date.cmp(&data.sources[a].date)),
                SourceSort::Use => order.sort_by_key(|&s| std::cmp::Reverse(usage[s].quotes + usage[s].figures)),
                SourceSort::Publisher => order.sort_by_key(|&s| data.sources[s].publisher.to_lowercase()),
            }
            order.into()
        })
    }

    /// The selected source (index into `Dataset::sources`): the one the view
    /// names, or the first in its order.
    pub fn selected_source(&self) -> Option<usize> {
        let data = &self.graph.data;
        let named = self.sources_view.source.as_deref().and_then(|id| data.sources.iter().position(|s| s.id == id));
        named.or_else(|| self.source_order().first().copied())
    }

    /// The quoted spans of a source's text (none without a text).
    pub fn spans(&self, source: usize) -> Rc<[Span]> {
        self.spans_memo.get((self.revision, source), || {
            let id = &self.graph.data.sources[source].id;
            match self.texts.get(id) {
                Some(text) => reader::spans(&self.graph.data, id, &text.text).into(),
                None => Rc::from([]),
            }
        })
    }

    /// The sources view's keys: the list moves between sources, the text
    /// scrolls and steps through its quoted spans; Enter on a span goes to
    /// the relation it backs (a choice first when it backs several).
    pub(super) fn handle_sources(&mut self, action: &Action) -> bool {
        let page = self.page() as isize;
        let focus = self.sources_view.focus;
        self.claim_cursor();
        if focus == SourcesFocus::Text && self.move_cursor(action) {
            return true;
        }
        match (focus, action) {
            (_, Action::CycleSort) => {
                // The selection stays on its source, now elsewhere in the list.
                let selected = self.selected_source().map(|s| self.graph.data.sources[s].id.clone());
                self.sources_view.sort = self.sources_view.sort.next();
                self.sources_view.source = selected;
            }
            (_, Action::FocusNext | Action::FocusPrev) => {
                self.sources_view.focus = match focus {
                    SourcesFocus::List => SourcesFocus::Text,
                    SourcesFocus::Text => SourcesFocus::List,
                }
            }
            (SourcesFocus::List, Action::Right | Action::Follow) => self.sources_view.focus = SourcesFocus::Text,
            (SourcesFocus::Text, Action::Left) => self.sources_view.focus = SourcesFocus::List,
            (SourcesFocus::List, Action::Up) => self.move_source(-1),
            (SourcesFocus::List, Action::Down) => self.move_source(1),
            (SourcesFocus::List, Action::PageUp) => self.move_source(-page),
            (SourcesFocus::List, Action::PageDown) => self.move_source(page),
            (SourcesFocus::List, Action::First) => self.move_source(isize::MIN / 2),
            (SourcesFocus::List, Action::Last) => self.move_source(isize::MAX / 2),
            (SourcesFocus::Text, Action::Up) => self.scroll_reader(-1),
            (SourcesFocus::Text, Action::Down) => self.scroll_reader(1),
            (SourcesFocus::Text, Action::PageUp) => self.scroll_reader(-page),
            (SourcesFocus::Text, Action::PageDown) => self.scroll_reader(page),
            (SourcesFocus::Text, Action::First) => self.scroll_reader(isize::MIN / 2),
            // To the end, wherever it is: the frame clamps it (the quote list
            // of a source without a text counts its lines as it needs them).
            (SourcesFocus::Text, Action::Last) => self.sources_view.scroll.set(usize::MAX),
            (_, Action::NextSpan) => self.step_span(1),
            (_, Action::PrevSpan) => self.step_span(-1),
            (SourcesFocus::Text, Action::Follow) => self.follow_span(),
            // The cursor's keys, where there is no cursor: say where it is.
            (
                _,
                Action::SelectSentence
                | Action::SelectFree
                | Action::NextWord
                | Action::PrevWord
                | Action::NextSentence
                | Action::PrevSentence,
            ) => {
                self.status = Some(match (focus, self.reader_text()) {
                    (SourcesFocus::List, Some(_)) => "the cursor is in the text: Tab to it".into(),
                    _ => "this source's text is not stored: there is no text to move in".into(),
                })
            }
            // The selected span's quote (its first relation's), with its citation.
            (_, Action::Copy) => {
                let span = self.selected_source().and_then(|s| self.spans(s).get(self.sources_view.span).cloned());
                match span.and_then(|s| s.evidence.first().copied()) {
                    Some((r, e)) => self.copy_quote_of(r, e),
                    None => self.status = Some("Nothing to copy: select a quoted span with ] or [".into()),
                }
            }
            _ => return false,
        }
        true
    }

    fn move_source(&mut self, delta: isize) {
        self.sources_view.quote = None;
        let order = self.source_order();
        let at = self.selected_source().and_then(|s| order.iter().position(|&o| o == s)).unwrap_or(0);
        let to = clamp_step(at, delta, order.len());
        if let Some(&s) = order.get(to)
            && to != at
        {
            self.sources_view.source = Some(self.graph.data.sources[s].id.clone());
            self.sources_view.span = 0;
            self.sources_view.scroll.set(0);
        }
    }

    fn scroll_reader(&mut self, delta: isize) {
        let max = self.last_frame.borrow().reader.max_scroll() + 1;
        self.sources_view.scroll.set(clamp_step(self.sources_view.scroll.get(), delta, max));
    }

    /// `]` / `[`: the next or previous quoted span, scrolled into view.
    fn step_span(&mut self, delta: isize) {
        let Some(source) = self.selected_source() else { return };
        let spans = self.spans(source).len();
        if spans == 0 {
            self.status = Some("No quoted span here: this source has no text, or none of its quotes".into());
            return;
        }
        self.sources_view.focus = SourcesFocus::Text;
        // From the cursor, in a text: the next span starting after it, or
        // the last one starting before it.
        let from_cursor = self.reader_text().map(|(_, text)| {
            let at = self.reader_cursor(&text);
            let all = self.spans(source);
            // Spans that start where the cursor is (one quote the start of
            // another) are taken in their order.
            let current = self.sources_view.span;
            let starts = all.iter().map(|s| s.range.start).enumerate();
            if delta > 0 {
                starts.clone().position(|(i, start)| start > at || (start == at && i > current))
            } else {
                starts.rev().find(|&(i, start)| start < at || (start == at && i < current)).map(|(i, _)| i)
            }
        });
        self.sources_view.span = match from_cursor {
            Some(Some(span)) => span,
            Some(None) => {
                let way = if delta > 0 { "after" } else { "before" };
                self.status = Some(format!("no quoted span {way} the cursor"));
                return;
            }
            None => clamp_step(self.sources_view.span, delta, spans),
        };
        self.sources_view.span_in_view.set(true);
        if let Some(span) = self.spans(source).get(self.sources_view.span) {
            self.sources_view.cursor = span.range.start;
        }
    }

    /// Enter on a span: the relation it backs, in the list view (Backspace
    /// comes back); a short choice first when it backs several.
    fn follow_span(&mut self) {
        let Some(source) = self.selected_source() else { return };
        let spans = self.spans(source);
        // Enter acts on what shows: a selected span scrolled out of view
        // gives way to the first one in view.
        let in_view = {
            let frame = self.last_frame.borrow();
            let (first, visible) = (frame.reader_scroll, frame.reader.visible);
            let shows = |lines: &std::ops::Range<usize>| lines.start < first + visible && lines.end > first;
            let selected_shows = frame.span_lines.get(self.sources_view.span).is_none_or(shows);
            if selected_shows { None } else { Some(frame.span_lines.iter().position(shows)) }
        };
        if let Some(other) = in_view {
            match other {
                Some(span) => {
                    self.sources_view.span = span;
                    self.status = Some("Selected the quoted span in view: Enter goes to its relation".into());
                }
                None => self.status = Some("No quoted span in view: ] and [ go to one".into()),
            }
            return;
        }
        let Some(span) = spans.get(self.sources_view.span) else { return };
        match span.evidence.as_slice() {
            [] => {}
            [(r, e)] => {
                self.remember();
                self.show_relation(*r, Some(*e));
            }
            quotes => {
                let data = &self.graph.data;
                let options = quotes
                    .iter()
                    .map(|&(r, e)| {
                        let rel = &data.relations[r];
                        (format!("{} · {} → {} · {}", rel.kind, rel.from, rel.to, rel.summary), r, e)
                    })
                    .collect();
                self.overlays.push(Overlay::Choose(Choice { title: "This quote backs".into(), options, selected: 0 }));
            }
        }
    }

    /// The selected source and its text, when it has one.
    pub fn reader_text(&self) -> Option<(usize, Arc<str>)> {
        let s = self.selected_source()?;
        let text = self.texts.get(&self.graph.data.sources[s].id)?;
        Some((s, Arc::clone(&text.text)))
    }

    /// Whether the cursor (and the selection) are in the selected source.
    fn cursor_here(&self) -> bool {
        let here = self.selected_source().map(|s| &self.graph.data.sources[s].id);
        self.sources_view.cursor_source.as_ref() == here
    }

    /// The cursor and the selection move to the selected source (at its
    /// top) when they were in another.
    fn claim_cursor(&mut self) {
        if !self.cursor_here() {
            self.place_cursor(0);
        }
    }

    /// The cursor at byte `at` of the selected source's text, no selection.
    fn place_cursor(&mut self, at: usize) {
        let here = self.selected_source().map(|s| self.graph.data.sources[s].id.clone());
        let v = &mut self.sources_view;
        (v.cursor, v.anchor, v.cursor_source) = (at, None, here);
    }

    /// The cursor in the selected source's text, on a character boundary
    /// (the text may have changed under it); its top when the cursor was
    /// in another source.
    pub fn reader_cursor(&self, text: &str) -> usize {
        if !self.cursor_here() {
            return 0;
        }
        let mut at = self.sources_view.cursor.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The selected passage of the reader: from the anchor to the cursor,
    /// without the whitespace at its ends.
    pub fn reader_selection(&self) -> Option<Range<usize>> {
        let anchor = self.sources_view.anchor.filter(|_| self.cursor_here())?;
        let (_, text) = self.reader_text()?;
        motion::selection(&text, anchor.min(text.len()), self.reader_cursor(&text))
    }

    /// The reader's cursor keys, when the text has the keys and the source
    /// has a text: arrows and `hjkl` by line and character, `w` `b` by
    /// word, `)` `(` by sentence, `S` selects the sentence, `V` starts or
    /// ends a selection the moves extend, `Esc` ends it.
    fn move_cursor(&mut self, action: &Action) -> bool {
        let Some((source, text)) = self.reader_text() else { return false };
        let at = self.reader_cursor(&text);
        let lines = || -> Vec<Option<Range<usize>>> {
            // The lines as last drawn; before any frame, the text's own.
            let frame = self.last_frame.borrow();
            match &frame.reader_layout {
                // Drawn from this text as it is now (the lines are its byte ranges).
                Some((key, layout)) if *key == (self.revision, source) => layout.lines.clone(),
                _ => reader::paragraphs(&text).into_iter().map(Some).collect(),
            }
        };
        let page = self.page() as isize;
        let v = &mut self.sources_view;
        let to = match action {
            Action::Left => motion::prev_char(&text, at),
            Action::Right => motion::next_char(&text, at),
            Action::Up => motion::vertical(&text, &lines(), at, -1),
            Action::Down => motion::vertical(&text, &lines(), at, 1),
            Action::PageUp => motion::vertical(&text, &lines(), at, -page),
            Action::PageDown => motion::vertical(&text, &lines(), at, page),
            Action::First => 0,
            Action::Last => text.trim_end().len(),
            Action::NextWord => motion::next_word(&text, at),
            Action::PrevWord => motion::prev_word(&text, at),
            Action::NextSentence => motion::next_sentence(&reader::sentences(&text), at),
            Action::PrevSentence => motion::prev_sentence(&reader::sentences(&text), at),
            Action::SelectSentence => match motion::sentence_at(&reader::sentences(&text), at) {
                Some(sentence) => {
                    v.anchor = Some(sentence.start);
                    self.status = Some("sentence selected: c makes a relation of it, A adds it to one".into());
                    sentence.end
                }
                None => at,
            },
            Action::SelectFree => {
                v.anchor = match v.anchor {
                    Some(_) => None,
                    None => {
                        self.status = Some("selecting: move to extend, c or A to use it, V or Esc to end".into());
                        Some(at)
                    }
                };
                at
            }
            Action::Escape if v.anchor.is_some() => {
                v.anchor = None;
                at
            }
            _ => return false,
        };
        v.cursor = to;
        v.cursor_in_view.set(true);
        // The quoted span under the cursor is the selected one (Enter
        // follows it).
        if let Some(span) = self.spans(source).iter().position(|s| s.range.contains(&to)) {
            self.sources_view.span = span;
        }
        true
    }

    /// `o` in the Evidence pane: the selected quote in its source's text.
    pub(super) fn open_selected_quote(&mut self) {
        let Some(link) = self.selected_link() else { return };
        let relation = self.graph.edge(link.edge).relation;
        if self.graph.data.relations[relation].evidence.is_empty() {
            self.status = Some("This relation has no quote to open: figures back it, each with its page's url".into());
            return;
        }
        self.open_quote(relation, self.list.quote);
    }

    /// The sources view on a quote's source, its span selected and in view.
    pub(super) fn open_quote(&mut self, relation: usize, quote: usize) {
        let data = std::sync::Arc::clone(&self.graph.data);
        let Some(ev) = data.relations.get(relation).and_then(|r| r.evidence.get(quote)) else { return };
        let Some(source) = data.sources.iter().position(|s| s.id == ev.source) else { return };
        self.remember();
        self.view = View::Sources;
        let v = &mut self.sources_view;
        v.source = Some(ev.source.clone());
        v.focus = SourcesFocus::Text;
        v.scroll.set(0);
        let spans = self.spans(source);
        let span = spans.iter().position(|s| s.evidence.contains(&(relation, quote)));
        self.place_cursor(span.map_or(0, |span| spans[span].range.start));
        match span {
            Some(span) => {
                self.sources_view.span = span;
                self.sources_view.span_in_view.set(true);
            }
            None if self.texts.get(&ev.source).is_some() => {
                self.status =
                    Some("This quote is not in the source's text (greatgame validate says where it differs)".into())
            }
            None => {
                // The quote list of a text-less source marks it instead.
                self.sources_view.quote = Some(ev.quote.clone());
                self.sources_view.span_in_view.set(true);
                self.status = Some("This source's text is not stored: its quotes show, this one marked".into());
            }
        }
    }

    /// The sources view on a source's text, scrolled to byte `at`.
    pub(super) fn show_passage(&mut self, source: usize, at: usize) {
        self.view = View::Sources;
        let v = &mut self.sources_view;
        v.source = Some(self.graph.data.sources[source].id.clone());
        v.focus = SourcesFocus::Text;
        v.reveal.set(Some(at));
        self.place_cursor(at);
        // The first span from there on is the selected one.
        let spans = self.spans(source);
        self.sources_view.span = spans.iter().position(|s| s.range.end > at).unwrap_or(0);
        self.sources_view.quote = None;
    }

    /// A choice made in the overlay: the relation (and quote) to show.
    pub(super) fn choose_relation(&mut self, relation: usize, quote: usize) {
        self.remember();
        self.show_relation(relation, Some(quote));
    }
}
