//! Overlays: what opens above the current view (help, the search line, a
//! matrix cell's evidence; forms, pickers and confirmations to come). The
//! top one gets every event first and says whether it wants text input.

use std::sync::Arc;

use super::{Action, App, clamp_step};
use crate::search::{Hit, Rest};

/// The search line and its hits while it is open. A search over a big
/// dataset answers in stages: `hits` holds the first ones found while the
/// rest are found on another thread, and taken in at the next key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchBox {
    pub query: String,
    pub hits: Vec<Hit>,
    /// Position in `hits`.
    pub selected: usize,
    /// The hits of each shorter query typed on the way here, so Backspace
    /// costs nothing; and whether they were all found.
    earlier: Vec<(Arc<Vec<Hit>>, bool)>,
    /// The rest of the hits, while they are being found.
    rest: Pending,
}

/// The rest of a search's hits being found (`search::Rest`), if any. Not
/// copied with the search box (a copy has its hits so far), and equal to
/// any other: it is work in progress, not state.
#[derive(Debug, Default)]
struct Pending(Option<Rest>);

impl Clone for Pending {
    fn clone(&self) -> Pending {
        Pending(None)
    }
}

impl PartialEq for Pending {
    fn eq(&self, _: &Pending) -> bool {
        true
    }
}

impl Eq for Pending {}

/// The evidence of one matrix cell, by the ids of its row and column actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairPopup {
    pub row: String,
    pub col: String,
    /// The selected quote, counted across the pair's relations: what `y`
    /// copies and `o` opens.
    pub quote: usize,
    /// First line shown: clamped, and moved to the selected quote, when drawn.
    pub scroll: std::cell::Cell<usize>,
    pub quote_in_view: std::cell::Cell<bool>,
    /// A line to scroll to when first drawn (the matrix's figures mode opens
    /// a cell at its measure's figures).
    pub reveal: std::cell::RefCell<Option<String>>,
}

impl PairPopup {
    pub fn new(row: String, col: String) -> PairPopup {
        PairPopup {
            row,
            col,
            quote: 0,
            scroll: Default::default(),
            quote_in_view: Default::default(),
            reveal: Default::default(),
        }
    }
}

/// A short list of relations to choose from (a quote that backs several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub title: String,
    /// What each option says, and the (relation, quote) it goes to.
    pub options: Vec<(String, usize, usize)>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The key table; `scroll` is its first line shown.
    Help {
        scroll: usize,
    },
    Search(SearchBox),
    Pair(PairPopup),
    Choose(Choice),
    /// `t`: the time filter's years.
    Years(super::YearsPrompt),
    /// A question in the footer (delete? the file changed on disk).
    Ask(super::Ask),
    /// Where to save (the built-in data's copy, or ours after a conflict).
    SaveAs(super::SaveAs),
    /// A record's fields (`e`, `a`).
    Form(Box<super::Form>),
}

/// What an overlay did with an event.
pub(super) enum Outcome {
    /// It stays open.
    Keep,
    /// It stays open, and another opens above it.
    Open(Overlay),
    Close,
}

impl Overlay {
    /// Keys that are letters are typed into it.
    pub fn wants_text(&self) -> bool {
        matches!(self, Overlay::Search(_) | Overlay::Years(_) | Overlay::Ask(_) | Overlay::SaveAs(_) | Overlay::Form(_))
    }

    /// The data changed under the overlay (an edit, a reload).
    pub(super) fn data_changed(&mut self, app_index: &crate::search::SearchIndex) {
        if let Overlay::Search(search) = self {
            // Hits point into the data they were found in: find them again.
            search.rest = Pending(None);
            search.hits = if search.query.trim().is_empty() { Vec::new() } else { app_index.find(&search.query) };
            search.earlier.clear();
            search.selected = search.selected.min(search.hits.len().saturating_sub(1));
        }
    }

    pub(super) fn handle(&mut self, action: &Action, app: &mut App) -> Outcome {
        if *action == Action::Quit {
            app.running = false;
            return Outcome::Keep;
        }
        match self {
            Overlay::Help { scroll } => {
                let (max, page) = {
                    let frame = app.last_frame.borrow();
                    (frame.popup.max_scroll() + 1, frame.popup.visible.saturating_sub(1).max(1) as isize)
                };
                match action {
                    Action::ToggleHelp | Action::Escape => return Outcome::Close,
                    _ => {
                        // A page is what shows, less a line kept for context.
                        if let Some(delta) = scroll_delta(action, page) {
                            *scroll = clamp_step(*scroll, delta, max);
                        }
                    }
                }
                Outcome::Keep
            }
            Overlay::Pair(pair) => {
                let (max, page) = {
                    let frame = app.last_frame.borrow();
                    (frame.popup.max_scroll() + 1, frame.popup.visible.saturating_sub(1).max(1) as isize)
                };
                let quotes = app.pair_quotes_shared(&pair.row, &pair.col);
                match action {
                    Action::Escape | Action::Follow | Action::Back => return Outcome::Close,
                    Action::ToggleHelp => return Outcome::Open(Overlay::Help { scroll: 0 }),
                    // ↑↓ choose a quote, as in the Evidence pane.
                    Action::Up | Action::Down => {
                        let delta = if *action == Action::Up { -1 } else { 1 };
                        pair.quote = clamp_step(pair.quote, delta, quotes.len());
                        pair.quote_in_view.set(true);
                    }
                    Action::Copy => match quotes.get(pair.quote) {
                        Some(&(r, e)) => app.copy_quote_of(r, e),
                        None => app.status = Some("Nothing to copy: the sources say nothing about this pair".into()),
                    },
                    Action::OpenSource => {
                        if let Some(&(r, e)) = quotes.get(pair.quote) {
                            app.open_quote(r, e);
                            return Outcome::Close;
                        }
                    }
                    _ => {
                        if let Some(delta) = scroll_delta(action, page) {
                            pair.scroll.set(clamp_step(pair.scroll.get(), delta, max));
                        }
                    }
                }
                Outcome::Keep
            }
            Overlay::Search(search) => search.handle(action, app),
            Overlay::Years(prompt) => {
                match action {
                    _ if edit_line(&mut prompt.text, action) => {}
                    Action::Follow => match prompt.parse() {
                        Ok(years) => {
                            app.set_years(years);
                            return Outcome::Close;
                        }
                        Err(why) => prompt.error = Some(why),
                    },
                    Action::Escape => return Outcome::Close,
                    _ => {}
                }
                Outcome::Keep
            }
            Overlay::Ask(super::Ask::Confirm { change, .. }) => match action {
                Action::SearchInput('y' | 'Y') | Action::Follow => {
                    app.make_change((**change).clone());
                    Outcome::Close
                }
                Action::SearchInput('n' | 'N') | Action::Escape => {
                    app.status = Some("nothing changed".into());
                    Outcome::Close
                }
                _ => Outcome::Keep,
            },
            Overlay::Ask(super::Ask::Conflict { path }) => match action {
                Action::SearchInput('r' | 'R') => {
                    app.reload(path.clone());
                    Outcome::Close
                }
                Action::SearchInput('w' | 'W') => {
                    let text = format!("{}.mine.json", path.with_extension("").display());
                    *self = Overlay::SaveAs(super::SaveAs { text, error: None, change: None });
                    Outcome::Keep
                }
                Action::Escape => {
                    app.status =
                        Some(format!("not saving to {} until you choose (the next change asks again)", path.display()));
                    Outcome::Close
                }
                _ => Outcome::Keep,
            },
            Overlay::Form(form) => {
                // Esc (or Ctrl-C) with something typed asks first: a second
                // one discards it, any other key goes on editing.
                let leaving = matches!(action, Action::Escape | Action::Quit);
                if leaving && (form.discarding || !form.changed()) {
                    app.status = Some("nothing changed".into());
                    return Outcome::Close;
                }
                form.discarding = leaving;
                if leaving {
                    return Outcome::Keep;
                }
                let n = form.fields.len();
                match action {
                    Action::SearchInput(c) => form.type_char(*c),
                    Action::Paste(text) => form.paste(text),
                    Action::SearchDelete => form.delete_char(),
                    Action::ClearInput => form.clear_field(),
                    // The arrows, Home and End move in the field (letters are text).
                    Action::Left => form.focused().cursor_left(),
                    Action::Right => form.focused().cursor_right(),
                    Action::First => form.focused().cursor_to_start(),
                    Action::Last => form.focused().cursor_to_end(),
                    Action::FocusNext | Action::Down => {
                        form.complete();
                        form.focus_on((form.focus + 1) % n);
                    }
                    Action::FocusPrev | Action::Up => {
                        form.complete();
                        form.focus_on((form.focus + n - 1) % n);
                    }
                    Action::Follow => {
                        // A picker of actors with no match: Enter offers to
                        // add the actor, in a form over this one.
                        if let Some((key, name)) = form.unknown_end() {
                            return Outcome::Open(Overlay::Form(Box::new(app.add_actor_form_named(key, &name))));
                        }
                        if let Some(change) = form.submit(app) {
                            // A pasted source text goes beside the dataset first.
                            if let Some((path, text)) = form.text_to_write.take()
                                && let Err(e) = app.write_source_text(&path, &text)
                            {
                                form.error = Some(format!("cannot write {}: {e}", path.display()));
                                return Outcome::Keep;
                            }
                            let added = match &change {
                                crate::edit::Change::Insert(_, crate::edit::Record::Actor(a)) => Some(a.id.clone()),
                                _ => None,
                            };
                            // A source whose id changed stays the one shown.
                            if let crate::edit::Change::Replace(_, crate::edit::Record::Source(source)) = &change {
                                app.sources_view.source = Some(source.id.clone());
                                app.sources_view.cursor_source = Some(source.id.clone());
                            }
                            app.make_change(change);
                            app.reload_texts();
                            match (&form.purpose, added) {
                                // Back in the form the actor was added from,
                                // its picker naming it.
                                (super::Purpose::AddActor { into: Some(key) }, Some(id)) => {
                                    let ends = app.end_choices();
                                    if let Some(Overlay::Form(below)) = app.overlays.last_mut() {
                                        below.actor_added(key, id, ends);
                                    }
                                }
                                // The passage is quoted now: the selection ends.
                                (super::Purpose::Capture(_) | super::Purpose::Attach(_), _) => {
                                    app.sources_view.anchor = None
                                }
                                _ => {}
                            }
                            return Outcome::Close;
                        }
                    }
                    _ => {}
                }
                Outcome::Keep
            }
            Overlay::SaveAs(prompt) => {
                match action {
                    _ if edit_line(&mut prompt.text, action) => {}
                    Action::Follow => {
                        let mut prompt = prompt.clone();
                        if app.save_as(&mut prompt) {
                            return Outcome::Close;
                        }
                        *self = Overlay::SaveAs(prompt);
                    }
                    Action::Escape => {
                        app.status = Some("nothing changed: a change needs a file to save to".into());
                        return Outcome::Close;
                    }
                    _ => {}
                }
                Outcome::Keep
            }
            Overlay::Choose(choice) => {
                match action {
                    Action::Up | Action::Wheel(_, _, false) => choice.selected = choice.selected.saturating_sub(1),
                    Action::Down | Action::Wheel(_, _, true) => {
                        choice.selected = clamp_step(choice.selected, 1, choice.options.len())
                    }
                    Action::Follow => {
                        if let Some(&(_, relation, quote)) = choice.options.get(choice.selected) {
                            app.choose_relation(relation, quote);
                        }
                        return Outcome::Close;
                    }
                    Action::Escape | Action::Back => return Outcome::Close,
                    _ => {}
                }
                Outcome::Keep
            }
        }
    }
}

/// How far a scrolling key (or the wheel) moves a popup.
fn scroll_delta(action: &Action, page: isize) -> Option<isize> {
    Some(match action {
        Action::Up | Action::Wheel(_, _, false) => -1,
        Action::Down | Action::Wheel(_, _, true) => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::First => isize::MIN / 2,
        Action::Last => isize::MAX / 2,
        _ => return None,
    })
}

impl SearchBox {
    /// Whether some hits are still being looked for: `hits` is the first of
    /// them (the count shows as "N+ hits").
    pub fn searching(&self) -> bool {
        self.rest.0.is_some()
    }

    /// Waits for the rest of the hits (Enter does, so that `n` and `N`
    /// step through all of them).
    pub fn finish(&mut self) {
        if let Some(rest) = self.rest.0.as_mut().and_then(Rest::wait) {
            self.hits.extend(rest);
        }
        self.rest = Pending(None);
    }

    /// Stops looking for the rest of the hits.
    fn stop(&mut self) {
        if let Some(rest) = self.rest.0.take() {
            rest.stop();
        }
    }

    /// Takes in the rest of the hits if they are all found, without waiting.
    fn poll(&mut self) {
        if let Some(rest) = self.rest.0.as_mut().and_then(Rest::poll) {
            self.hits.extend(rest);
            self.rest = Pending(None);
        }
    }

    /// Typing refines the hits, Enter jumps to the chosen one, Esc leaves
    /// everything as it was.
    fn handle(&mut self, action: &Action, app: &mut App) -> Outcome {
        self.poll();
        match action {
            Action::SearchInput(c) => self.type_char(*c, app),
            // A paste is typed text, its line breaks word breaks.
            Action::Paste(text) => {
                for c in text.chars() {
                    self.type_char(if c.is_whitespace() { ' ' } else { c }, app);
                }
            }
            Action::SearchDelete if self.query.pop().is_some() => {
                self.stop();
                let (hits, complete) = self.earlier.pop().unwrap_or_default();
                self.hits = Arc::try_unwrap(hits).unwrap_or_else(|hits| hits.to_vec());
                if !complete {
                    // The search was still going: on with it.
                    let staged = app.index().find_staged(&self.query);
                    (self.hits, self.rest) = (staged.hits, Pending(staged.rest));
                }
                self.selected = 0;
            }
            Action::Up | Action::Wheel(_, _, false) => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::Wheel(_, _, true) => self.selected = clamp_step(self.selected, 1, self.hits.len()),
            Action::PageUp => self.selected = clamp_step(self.selected, -10, self.hits.len()),
            Action::PageDown => self.selected = clamp_step(self.selected, 10, self.hits.len()),
            // With no hit, Enter leaves the search line open to change the query.
            Action::Follow if !self.hits.is_empty() => {
                self.finish();
                if let Some(hit) = self.hits.get(self.selected).copied() {
                    let query = self.query.trim().to_string();
                    let hits = std::mem::take(&mut self.hits);
                    app.found = Some(super::Found { query, hits, current: self.selected, revision: app.revision });
                    app.jump(&hit);
                }
                return Outcome::Close;
            }
            Action::Escape => return Outcome::Close,
            _ => {}
        }
        Outcome::Keep
    }

    fn type_char(&mut self, c: char, app: &mut App) {
        let index = app.index();
        // Typing on narrows what already matched, when all of it was found;
        // Backspace goes back a step. (A query with no term yet, such as a
        // lone `"`, has no hits to narrow.)
        let had_terms = crate::search::has_terms(&self.query);
        let complete = !self.searching();
        self.stop();
        let earlier = Arc::new(if had_terms { std::mem::take(&mut self.hits) } else { Vec::new() });
        self.query.push(c);
        let staged = if had_terms && complete {
            index.refine_staged(&self.query, Arc::clone(&earlier))
        } else {
            index.find_staged(&self.query)
        };
        (self.hits, self.rest) = (staged.hits, Pending(staged.rest));
        self.earlier.push((earlier, complete || !had_terms));
        self.selected = 0;
    }
}

/// A one-line input's own keys (the time filter's line, where to save):
/// a character typed, a paste (its controls dropped), Backspace, Ctrl-U.
/// Whether the action was one of them.
fn edit_line(text: &mut String, action: &Action) -> bool {
    match action {
        Action::SearchInput(c) => text.push(*c),
        Action::Paste(pasted) => text.extend(pasted.chars().filter(|c| !c.is_control())),
        Action::SearchDelete => {
            text.pop();
        }
        Action::ClearInput => text.clear(),
        _ => return false,
    }
    true
}
