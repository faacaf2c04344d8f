//! Capturing claims from a source's text (issue 13, section 3): `c` makes a
//! relation quoting the reader's selection, `A` adds it to a relation, a
//! picker with no match adds the actor, and `u` takes each step back.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use greatgame::app::{App, Field, Form, Overlay};
use greatgame::data::Dataset;
use greatgame::data::texts::{Texts, find_quote};
use greatgame::graph::InfluenceGraph;
use greatgame::save::Stamp;
use greatgame::theme::Theme;
use ratatui::crossterm::event::KeyCode::*;

const FIXTURE: &str = "tests/fixtures/texts/valid.json";
const ARTICLE: &str = "tests/fixtures/texts/article.txt";

/// A copy of the fixture with a source text, in a folder of its own.
fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-capture-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(ARTICLE, dir.join("article.txt")).unwrap();
    let path = dir.join("data.json");
    std::fs::copy(FIXTURE, &path).unwrap();
    path
}

/// The browser on `path` with its texts, in the Sources view, the text
/// focused.
fn reader_on(path: &Path) -> App {
    let data = Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (texts, errors) = Texts::load(&data, path.parent().unwrap());
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    app.set_texts(texts);
    app.edit_file(path.to_path_buf(), Stamp::of(path));
    greatgame::app::update(&mut app, greatgame::app::Action::Resize(100, 30));
    press(&mut app, &[F(4), Tab]);
    app
}

fn form(app: &App) -> &Form {
    match app.overlays.last() {
        Some(Overlay::Form(f)) => f,
        other => panic!("no form on top: {other:?} · {:?}", app.status),
    }
}

fn field<'a>(app: &'a App, key: &str) -> &'a Field {
    form(app).fields.iter().find(|f| f.key == key).expect("a field of the form")
}

fn the_article() -> String {
    std::fs::read_to_string(ARTICLE).unwrap()
}

/// Moves the reader's cursor to the first occurrence of `words`.
fn cursor_to(app: &mut App, words: &str) {
    let at = the_article().find(words).expect("in the article");
    press(app, &[Home]);
    // Word by word, as a user would (w), until there.
    for _ in 0..400 {
        if app.sources_view.cursor >= at {
            break;
        }
        type_str(app, "w");
    }
    assert_eq!(app.sources_view.cursor, at, "w lands on word starts");
}

fn on_disk(path: &Path) -> Dataset {
    Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn c_on_a_sentence_makes_a_relation_quoting_it_verbatim_and_u_takes_it_back() {
    let path = copy("c");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = reader_on(&path);
    cursor_to(&mut app, "Gammaland was not");
    type_str(&mut app, "S");
    type_str(&mut app, "c");
    assert_eq!(form(&app).title, "New relation from the text");
    assert!(form(&app).notes[0].contains("“Gammaland was not at the table.”"), "{:?}", form(&app).notes);
    // The actors the quote names come first in the pickers.
    assert_eq!(field(&app, "from").matches().first().map(|(id, _)| id.as_str()), Some("CCC"));
    // Two pickers, by name in any case; the id follows.
    type_str(&mut app, "trade");
    press(&mut app, &[Tab]);
    type_str(&mut app, "gamma");
    press(&mut app, &[Tab]);
    type_str(&mut app, "BETA");
    press(&mut app, &[Tab]);
    type_str(&mut app, "Gammaland stays out of the accords");
    assert_eq!(field(&app, "id").value, "ccc-trade-bbb");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "saved and closed: {:?}", app.status);
    assert_eq!(app.sources_view.anchor, None, "the selection ends");
    saved(&mut app);
    let data = on_disk(&path);
    let added = data.relations.iter().find(|r| r.id == "ccc-trade-bbb").expect("in the file");
    assert_eq!((added.kind.as_str(), added.from.as_str(), added.to.as_str()), ("trade", "CCC", "BBB"));
    assert_eq!(added.evidence[0].quote, "Gammaland was not at the table.");
    assert_eq!(added.evidence[0].speaker, None);
    assert!(the_article().contains(&added.evidence[0].quote), "verbatim");
    // Now one of the reader's marked spans.
    let wire = app.graph.data.sources.iter().position(|s| s.id == "wire").unwrap();
    assert!(
        app.spans(wire)
            .iter()
            .any(|s| s.evidence.iter().any(|&(r, _)| app.graph.data.relations[r].id == "ccc-trade-bbb"))
    );
    press(&mut app, &[Char('u')]);
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "u: the file as it was");
}

#[test]
fn a_selection_across_a_line_break_is_quoted_with_one_space_and_still_found() {
    let path = copy("wrapped");
    let mut app = reader_on(&path);
    let text = the_article();
    // "the two\nneighbours" is wrapped by hand in the file.
    assert!(text.contains("the two\nneighbours"), "the fixture wraps there");
    cursor_to(&mut app, "of its kind between");
    type_str(&mut app, "V");
    // To the comma after "neighbours": the selection stops before it.
    for _ in 0..7 {
        type_str(&mut app, "w");
    }
    type_str(&mut app, "c");
    let quote = "of its kind between the two neighbours";
    assert!(form(&app).notes[0].contains(&format!("“{quote}”")), "{:?}", form(&app).notes);
    // It overlaps a passage a relation quotes already: the form says which.
    assert!(form(&app).notes.iter().any(|n| n.starts_with("Already quoted by") && n.contains("a-trade-b")));
    type_str(&mut app, "trade");
    press(&mut app, &[Tab]);
    type_str(&mut app, "AAA");
    press(&mut app, &[Tab]);
    type_str(&mut app, "BBB");
    press(&mut app, &[Tab]);
    type_str(&mut app, "A first grain accord");
    press(&mut app, &[Tab]);
    // The speaker suggests those quotes already name; what is typed stands.
    assert!(field(&app, "speaker").matches().iter().any(|(s, _)| s == "a Betaland minister"));
    type_str(&mut app, "Officials");
    press(&mut app, &[Enter]);
    saved(&mut app);
    let data = on_disk(&path);
    let added = data.relations.iter().find(|r| r.id == "aaa-trade-bbb").expect("in the file");
    assert_eq!(added.evidence[0].quote, quote);
    assert_eq!(added.evidence[0].speaker.as_deref(), Some("Officials"));
    assert!(find_quote(&text, quote).is_some(), "validate finds it in the text");
    let out = greatgame(&["validate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_adds_the_selection_to_a_relation_chosen_in_a_picker() {
    let path = copy("attach");
    let mut app = reader_on(&path);
    cursor_to(&mut app, "shipments would double");
    type_str(&mut app, "V");
    for _ in 0..3 {
        type_str(&mut app, "w");
    }
    type_str(&mut app, "A");
    assert_eq!(form(&app).title, "Add the quote to a relation");
    // Enter with nothing chosen says what to do, next to the picker.
    press(&mut app, &[Enter]);
    assert!(field(&app, "relation").error.as_deref().is_some_and(|e| e.starts_with("choose one")));
    // By a word of its summary.
    type_str(&mut app, "ship grain");
    assert_eq!(field(&app, "relation").matches().first().map(|(id, _)| id.as_str()), Some("a-trade-b"));
    let quotes_before = app.graph.data.relations[app.graph.relation_index("a-trade-b").unwrap()].evidence.len();
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    saved(&mut app);
    let data = on_disk(&path);
    let r = data.relations.iter().find(|r| r.id == "a-trade-b").unwrap();
    assert_eq!(r.evidence.len(), quotes_before + 1);
    assert_eq!(r.evidence.last().unwrap().quote, "shipments would double");
    press(&mut app, &[Char('u')]);
    assert_eq!(app.graph.data.relations[app.graph.relation_index("a-trade-b").unwrap()].evidence.len(), quotes_before);
    assert!(app.status.as_deref().is_some_and(|s| s.contains("undid: add a quote to a-trade-b")), "{:?}", app.status);
}

#[test]
fn a_picker_with_no_match_adds_the_actor_and_then_names_it() {
    let path = copy("new-actor");
    let mut app = reader_on(&path);
    cursor_to(&mut app, "Gammaland was not");
    type_str(&mut app, "Sc");
    type_str(&mut app, "arms");
    press(&mut app, &[Tab]);
    type_str(&mut app, "Deltaland");
    assert_eq!(form(&app).unknown_end(), Some(("from", "Deltaland".to_string())));
    // Enter: a form for the actor, over this one, named and with an id.
    press(&mut app, &[Enter]);
    assert_eq!(form(&app).title, "Add an actor for “from”");
    assert_eq!(field(&app, "name").value, "Deltaland");
    assert_eq!(field(&app, "id").value, "deltaland");
    press(&mut app, &[Enter]);
    // Back in the relation's form, its picker naming the new actor.
    assert_eq!(form(&app).title, "New relation from the text");
    assert_eq!(field(&app, "from").value, "deltaland");
    assert!(app.graph.find("deltaland").is_some(), "the actor is in the data");
    press(&mut app, &[Tab]);
    type_str(&mut app, "gammaland");
    press(&mut app, &[Tab]);
    type_str(&mut app, "Deltaland arms Gammaland");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    saved(&mut app);
    let data = on_disk(&path);
    assert!(data.actors.iter().any(|a| a.id == "deltaland" && a.name == "Deltaland"));
    assert!(data.relations.iter().any(|r| r.id == "deltaland-arms-ccc" && r.from == "deltaland"));
    // Two steps back: the relation, then the actor.
    press(&mut app, &[Char('u'), Char('u')]);
    assert!(app.graph.find("deltaland").is_none());
}

#[test]
fn c_needs_a_source_text_and_says_so() {
    let path = copy("no-text");
    let mut app = reader_on(&path);
    // The list of sources has the keys: c says where to capture from.
    press(&mut app, &[BackTab]);
    type_str(&mut app, "c");
    assert!(app.overlays.is_empty());
    assert!(app.status.as_deref().is_some_and(|s| s.contains("Tab to it")), "{:?}", app.status);
    // A source without a stored text.
    press(&mut app, &[Down, Tab]);
    type_str(&mut app, "c");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("text is not stored")), "{:?}", app.status);
}

#[test]
fn an_empty_form_asks_for_each_choice_plainly_and_a_fixed_field_loses_its_complaint() {
    let path = copy("empty-form");
    let mut app = reader_on(&path);
    cursor_to(&mut app, "Its foreign ministry");
    type_str(&mut app, "Sc");
    press(&mut app, &[Enter]);
    for key in ["kind", "from", "to"] {
        assert_eq!(field(&app, key).error.as_deref(), Some("choose one: type part of its id or name"), "{key}");
    }
    assert_eq!(form(&app).error, None, "no \"the same as from\" for two empty pickers");
    // Typing in a field takes its complaint away; the others stay.
    type_str(&mut app, "tr");
    assert_eq!(field(&app, "kind").error, None);
    assert!(field(&app, "from").error.is_some());
    // Ctrl-U empties the field.
    ctrl(&mut app, 'u');
    assert_eq!(field(&app, "kind").value, "");
    // The quote is a trade one's already: the form says so, with ↔ for an
    // undirected kind.
    assert!(
        form(&app).notes.iter().any(|n| n.contains("trade · Gammaland ↔ Alphaland (c-trade-a)")),
        "{:?}",
        form(&app).notes
    );
}

#[test]
fn a_form_opened_filled_in_closes_with_one_esc() {
    let path = copy("esc");
    let mut app = reader_on(&path);
    cursor_to(&mut app, "Gammaland was not");
    type_str(&mut app, "Sc");
    press(&mut app, &[Tab]);
    type_str(&mut app, "Deltaland");
    press(&mut app, &[Enter]);
    assert_eq!(form(&app).title, "Add an actor for “from”");
    // Nothing typed in it: one Esc, back to the relation's form.
    press(&mut app, &[Esc]);
    assert_eq!(form(&app).title, "New relation from the text");
    assert_eq!(field(&app, "from").value, "Deltaland", "what was typed there stays");
    assert!(app.graph.find("deltaland").is_none(), "no actor added");
}

fn ctrl(app: &mut App, c: char) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let action = greatgame::keys::action_for_text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    act(app, action.expect("a key of the table"));
}

#[test]
fn the_reader_keys_say_where_they_work() {
    let path = copy("where");
    let mut app = reader_on(&path);
    press(&mut app, &[BackTab]);
    type_str(&mut app, "S");
    assert_eq!(app.status.as_deref(), Some("the cursor is in the text: Tab to it"));
    type_str(&mut app, "c");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("Tab to it")), "{:?}", app.status);
    // ] and [ go from the cursor: from the end, [ is the last span.
    press(&mut app, &[Tab, End]);
    type_str(&mut app, "[");
    let wire = app.graph.data.sources.iter().position(|s| s.id == "wire").unwrap();
    let spans = app.spans(wire);
    assert_eq!(app.sources_view.span, spans.len() - 1);
    assert_eq!(app.sources_view.cursor, spans[spans.len() - 1].range.start);
    type_str(&mut app, "]");
    assert_eq!(app.status.as_deref(), Some("no quoted span after the cursor"));
    // From the headline, ] is the first.
    press(&mut app, &[Home]);
    type_str(&mut app, "]");
    assert_eq!(app.sources_view.span, 0);
}

#[test]
fn at_80x24_the_footer_keeps_the_capture_keys_and_a_tall_form_keeps_its_focus_in_sight() {
    let path = copy("small");
    let mut app = reader_on(&path);
    let terminal = draw(&mut app, 80, 24);
    let footer = row(terminal.backend().buffer(), 23);
    assert!(footer.contains("S V select") && footer.contains("c A capture") && footer.contains("q quit"), "{footer}");
    // A long passage, refused once (a complaint under every field): the
    // form is taller than the screen, and the focused field still shows.
    cursor_to(&mut app, "ALPHA");
    type_str(&mut app, "V");
    for _ in 0..3 {
        type_str(&mut app, ")");
    }
    type_str(&mut app, "c");
    press(&mut app, &[Enter]);
    for _ in 0..5 {
        press(&mut app, &[Tab]);
    }
    assert_eq!(form(&app).fields[form(&app).focus].key, "id");
    let terminal = draw(&mut app, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("▶ id:"), "{screen}");
    let footer = row(terminal.backend().buffer(), 23);
    assert!(footer.contains("⏎ save"), "the form's keys in the footer: {footer}");
}

/// Adds a source from the Sources view's list: `a`, publisher, date, and
/// its text pasted.
fn add_source(app: &mut App, publisher: &str, date: &str, text: &str) {
    press(app, &[BackTab]);
    type_str(app, "a");
    type_str(app, publisher);
    press(app, &[Tab]);
    type_str(app, date);
    press(app, &[Tab, Tab, Tab, Tab, Tab]);
    act(app, greatgame::app::Action::Paste(text.to_string()));
    press(app, &[Enter]);
    assert!(app.overlays.is_empty(), "added: {:?}", app.status);
    saved(app);
}

fn shown_source(app: &App) -> String {
    app.graph.data.sources[app.selected_source().unwrap()].id.clone()
}

#[test]
fn a_selection_stays_with_its_source_and_an_edited_id_stays_shown() {
    let path = copy("stale");
    let mut app = reader_on(&path);
    // A newer source, shown first: a sentence of it selected.
    add_source(&mut app, "Extra Wire", "2040-01-01", "Extra text one. Extra text two is here.");
    assert_eq!(shown_source(&app), "extra-wire-2040-01-01");
    press(&mut app, &[Tab]);
    type_str(&mut app, ")S");
    assert!(app.reader_selection().is_some());
    // Deleted: the view falls back to the article, with no selection
    // carried over and the cursor at its top.
    press(&mut app, &[BackTab]);
    type_str(&mut app, "xy");
    assert_eq!(shown_source(&app), "wire");
    assert_eq!(app.reader_selection(), None);
    press(&mut app, &[Tab]);
    type_str(&mut app, "c");
    assert!(
        form(&app).notes[0].contains("“Alphaland and Betaland sign grain and arms accords”"),
        "{:?}",
        form(&app).notes
    );
    press(&mut app, &[Esc]);
    // An older source, chosen in the list, its id edited: still the one shown.
    add_source(&mut app, "Old Wire", "2020-01-01", "Old text.");
    assert_eq!(app.sources_view.focus, greatgame::app::SourcesFocus::List);
    press(&mut app, &[End]);
    assert_eq!(shown_source(&app), "old-wire-2020-01-01");
    type_str(&mut app, "e");
    press(&mut app, &[Tab, Tab, Tab, Tab, Tab]);
    ctrl(&mut app, 'u');
    type_str(&mut app, "old-2");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    assert_eq!(shown_source(&app), "old-2");
}

#[test]
fn brackets_reach_every_span_even_those_starting_together() {
    let path = copy("same-start");
    let mut app = reader_on(&path);
    // A quote that is the start of another one: two spans, one start.
    cursor_to(&mut app, "Alphaland will ship");
    type_str(&mut app, "Vww");
    type_str(&mut app, "A");
    type_str(&mut app, "a-arms-south");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let wire = app.graph.data.sources.iter().position(|s| s.id == "wire").unwrap();
    let spans = app.spans(wire).len();
    // ] from the top visits each in turn, then says there is no more.
    press(&mut app, &[Home]);
    let mut seen = Vec::new();
    for _ in 0..spans + 1 {
        type_str(&mut app, "]");
        if app.status.as_deref() == Some("no quoted span after the cursor") {
            break;
        }
        seen.push(app.sources_view.span);
    }
    assert_eq!(seen, (0..spans).collect::<Vec<_>>());
    // And [ back again.
    let mut back = Vec::new();
    for _ in 0..spans {
        type_str(&mut app, "[");
        if app.status.is_some() {
            break;
        }
        back.push(app.sources_view.span);
    }
    assert_eq!(back, (0..spans - 1).rev().collect::<Vec<_>>());
}

#[test]
fn a_speaker_typed_inside_one_used_before_stands() {
    let path = copy("speaker");
    let mut app = reader_on(&path);
    type_str(&mut app, "Sc");
    press(&mut app, &[Tab, Tab, Tab, Tab]);
    assert_eq!(form(&app).fields[form(&app).focus].key, "speaker");
    type_str(&mut app, "minister");
    press(&mut app, &[Tab]);
    assert_eq!(field(&app, "speaker").value, "minister", "not replaced by a Betaland minister");
    press(&mut app, &[BackTab]);
    ctrl(&mut app, 'u');
    type_str(&mut app, "a bet");
    press(&mut app, &[Tab]);
    assert_eq!(field(&app, "speaker").value, "a Betaland minister", "what it begins with completes");
}
