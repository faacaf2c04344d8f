//! The sources view: a source's text with its quotes marked, stepping
//! through them, from a quote to its context and back. The texts here are
//! written for these tests.

mod common;

use std::path::PathBuf;

use common::{draw, find_row, press, row, type_str};
use greatgame::app::{self, Action, App, Overlay, Pane, SourcesFocus, View};
use greatgame::data::Dataset;
use greatgame::data::texts::{SourceText, Texts};
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use ratatui::crossterm::event::KeyCode::*;
use ratatui::style::{Color, Modifier};

/// A text of three paragraphs; the second quote runs across a line break
/// of the file, and the third paragraph is long enough to wrap.
const TEXT: &str = "Alphaland sells tanks to Betaland, officials said on Monday.\n\n\
Trade between the two grew\nfast last year, the ministry added.\n\n\
Gammaland, a neighbour of both, has watched the arms sales with concern for several years \
and its parliament has debated them many times without reaching any conclusion at all.\n";

fn dataset() -> Dataset {
    let json = r#"{
      "title": "Reader test",
      "kinds": [
        {"id": "trade", "label": "Trade", "directed": false, "color": "yellow"},
        {"id": "arms", "label": "Arms", "directed": true, "color": "red"}
      ],
      "actors": [
        {"id": "AAA", "name": "Alphaland"}, {"id": "BBB", "name": "Betaland"}, {"id": "CCC", "name": "Gammaland"}
      ],
      "sources": [
        {"id": "wire", "publisher": "Wire", "date": "2025-03-01", "type": "news", "text_file": "wire.txt"},
        {"id": "notes", "publisher": "Desk notes", "date": "2024-01-01"}
      ],
      "relations": [
        {"id": "a-arms-b", "kind": "arms", "from": "AAA", "to": "BBB", "summary": "A arms B",
         "evidence": [{"source": "wire", "quote": "Alphaland sells tanks to Betaland"}]},
        {"id": "a-trade-b", "kind": "trade", "from": "AAA", "to": "BBB", "summary": "A and B trade",
         "evidence": [{"source": "wire", "quote": "Trade between the two grew fast last year"},
                      {"source": "notes", "quote": "A note that is not in any text"}]},
        {"id": "a-arms-c", "kind": "arms", "from": "AAA", "to": "CCC", "summary": "A's arms worry C",
         "evidence": [{"source": "wire", "quote": "Alphaland sells tanks to Betaland"}]}
      ]
    }"#;
    Dataset::from_json(json).expect("valid")
}

fn app() -> App {
    app_with_text(TEXT)
}

/// The test dataset, its "wire" source's text being `text`.
fn app_with_text(text: &str) -> App {
    let mut app = App::new(InfluenceGraph::new(dataset()), Theme::new(true));
    let mut texts = Texts::default();
    texts.insert("wire".into(), SourceText { path: PathBuf::from("wire.txt"), text: text.into() });
    app.set_texts(texts);
    app
}

#[test]
fn the_text_shows_with_its_quotes_marked_in_kind_colours_and_letters() {
    let mut app = app();
    press(&mut app, &[F(4)]);
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    let screen = terminal.backend().to_string();
    // The newest source first, with its use; the text in full, wrapped.
    assert!(row(buf, 1).contains("Wire · 2025-03-01") && row(buf, 1).contains("3❝ 3r"), "{screen}");
    let gamma = find_row(buf, "Gammaland, a neighbour");
    assert_eq!(find_row(buf, "│    all."), gamma + 3, "the long paragraph wraps: {screen}");
    // The arms quote: red, underlined, selected (reversed), an A in the margin.
    let y = find_row(buf, "Alphaland sells tanks");
    let x = (0..buf.area.width).find(|&x| buf[(x, y)].symbol() == "A" && buf[(x + 1, y)].symbol() == "l").unwrap();
    let cell = &buf[(x, y)];
    assert_eq!(cell.fg, Color::Red);
    assert!(cell.modifier.contains(Modifier::UNDERLINED | Modifier::REVERSED), "{:?}", cell.modifier);
    assert!(row(buf, y).contains("│A   Alphaland"), "margin letter: {}", row(buf, y));
    // The rest of that sentence is not quoted: plain.
    let (ox, oy) = common::find_text(buf, "officials");
    assert!(!buf[(ox, oy)].modifier.contains(Modifier::UNDERLINED));
    // The trade quote runs across a line break of the file, which the reader
    // joins (the paragraph was wrapped by hand): one line, marked.
    let first = find_row(buf, "Trade between the two grew fast last year");
    assert!(row(buf, first).contains("│T   Trade"), "{}", row(buf, first));
    let (tx, ty) = common::find_text(buf, "fast");
    assert_eq!(buf[(tx, ty)].fg, Color::Yellow);
    assert!(buf[(tx, ty)].modifier.contains(Modifier::UNDERLINED));
    assert!(!buf[(tx, ty)].modifier.contains(Modifier::REVERSED), "not the selected span");
    // How much of it the dataset has used.
    assert!(screen.contains("2 of 3 sentences quoted"), "{screen}");
}

#[test]
fn brackets_step_through_spans_and_enter_goes_to_the_relation_and_back() {
    let mut app = app();
    app::update(&mut app, Action::Resize(100, 30));
    press(&mut app, &[F(4), Tab]);
    assert_eq!(app.sources_view.focus, SourcesFocus::Text);
    type_str(&mut app, "]");
    assert_eq!(app.sources_view.span, 1, "the trade quote");
    type_str(&mut app, "]");
    assert_eq!(app.sources_view.span, 1, "no third span");
    // Enter: the relation it backs, its quote selected, in the list view.
    press(&mut app, &[Enter]);
    assert_eq!(app.view, View::List);
    assert_eq!(common::relation(&app).unwrap().1, "a-trade-b");
    assert_eq!((app.list.focus, app.list.quote), (Pane::Sources, 0));
    // Backspace comes back to the text, on the same span.
    press(&mut app, &[Backspace]);
    assert_eq!((app.view, app.sources_view.span), (View::Sources, 1));
    // The arms quote backs two relations: a short choice first.
    type_str(&mut app, "[");
    press(&mut app, &[Enter]);
    let Some(Overlay::Choose(choice)) = app.overlays.last() else { panic!("a choice: {:?}", app.overlays) };
    assert_eq!(choice.options.len(), 2);
    press(&mut app, &[Down, Enter]);
    assert!(app.overlays.is_empty());
    assert_eq!(common::relation(&app).unwrap().1, "a-arms-c");
}

#[test]
fn o_opens_the_selected_quote_in_its_source_and_backspace_returns() {
    let mut app = app();
    app::update(&mut app, Action::Resize(80, 24));
    // Alphaland's relations: trade with Betaland first; its first quote in
    // the Evidence pane.
    press(&mut app, &[Tab, Tab]);
    type_str(&mut app, "o");
    assert_eq!(app.view, View::Sources);
    assert_eq!(app.sources_view.source.as_deref(), Some("wire"));
    assert_eq!(app.sources_view.span, 1, "the trade quote's span");
    let terminal = draw(&mut app, 80, 24);
    assert!(terminal.backend().to_string().contains("Trade between the two grew"), "the quote is in view");
    press(&mut app, &[Backspace]);
    assert_eq!((app.view, app.list.focus), (View::List, Pane::Sources));
    // The second quote comes from a source without a text: its quote list
    // opens with that quote marked.
    press(&mut app, &[Down]);
    type_str(&mut app, "o");
    assert_eq!(app.sources_view.source.as_deref(), Some("notes"));
    let screen = draw(&mut app, 80, 24).backend().to_string();
    assert!(screen.contains("▶ “A note that is not in any text”"), "{screen}");
}

#[test]
fn a_source_without_text_shows_its_quotes_and_what_they_back() {
    let mut app = app();
    press(&mut app, &[F(4), Down]);
    assert_eq!(app.sources_view.source.as_deref(), Some("notes"));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Text not stored"), "{screen}");
    assert!(screen.contains("“A note that is not in any text”"), "{screen}");
    assert!(screen.contains("backs trade · Alphaland → Betaland (a-trade-b)"), "{screen}");
    assert!(screen.contains("text not stored"), "{screen}");
    // No span to step to: the footer says why.
    type_str(&mut app, "]");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("No quoted span")));
}

#[test]
fn s_cycles_the_order_and_keeps_the_selected_source() {
    let mut app = app();
    press(&mut app, &[F(4), Down]);
    assert_eq!(app.sources_view.source.as_deref(), Some("notes"));
    let order =
        |app: &App| app.source_order().iter().map(|&s| app.graph.data.sources[s].id.clone()).collect::<Vec<_>>();
    assert_eq!(order(&app), ["wire", "notes"], "by date: newest first");
    type_str(&mut app, "s");
    assert_eq!(order(&app), ["wire", "notes"], "by use: three quotes before one");
    type_str(&mut app, "s");
    assert_eq!(order(&app), ["notes", "wire"], "by publisher");
    assert_eq!(app.sources_view.source.as_deref(), Some("notes"));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Sources · by publisher (s)"), "{screen}");
}

#[test]
fn search_finds_passages_of_the_texts_and_enter_opens_the_reader_there() {
    let mut app = app();
    app::update(&mut app, Action::Resize(80, 24));
    type_str(&mut app, "/");
    for c in "parliament".chars() {
        app::update(&mut app, Action::SearchInput(c));
    }
    let hits = app.search().unwrap().hits.clone();
    assert_eq!(hits.len(), 1, "the third paragraph, nothing else says it");
    let screen = draw(&mut app, 80, 24).backend().to_string();
    assert!(screen.contains("text · Wire · 2025-03-01"), "{screen}");
    press(&mut app, &[Enter]);
    assert_eq!((app.view, app.sources_view.source.as_deref()), (View::Sources, Some("wire")));
    let screen = draw(&mut app, 80, 24).backend().to_string();
    assert!(screen.contains("its parliament has"), "the passage is in view: {screen}");
    // Backspace returns to where the search started.
    press(&mut app, &[Backspace]);
    assert_eq!(app.view, View::List);
}

#[test]
fn a_phrase_is_found_across_a_line_break_of_the_text() {
    let app = app();
    let index = greatgame::search::SearchIndex::with_texts(&app.graph.data, &app.texts);
    // "two grew" ends one line of the file, "fast last" starts the next.
    let hits = index.find("\"two grew fast last\"");
    assert!(hits.iter().any(|h| matches!(h.target, greatgame::search::Target::Passage(_))), "{hits:?}");
}

/// The test app with a long text: the quotes at its top, then many
/// paragraphs, the last one naming a zebra.
fn long_app() -> App {
    let mut text = TEXT.to_string();
    for i in 0..80 {
        text.push_str(&format!("\nFiller paragraph number {i} says nothing of interest to anyone here.\n"));
    }
    text.push_str("\nThe very last paragraph mentions a zebra.\n");
    app_with_text(&text)
}

#[test]
fn a_text_hit_far_down_a_long_text_opens_the_reader_at_the_match() {
    let mut app = long_app();
    app::update(&mut app, Action::Resize(80, 24));
    type_str(&mut app, "/");
    for c in "zebra".chars() {
        app::update(&mut app, Action::SearchInput(c));
    }
    press(&mut app, &[Enter]);
    let screen = draw(&mut app, 80, 24).backend().to_string();
    assert!(screen.contains("The very last paragraph mentions") && screen.contains("zebra."), "{screen}");
}

#[test]
fn enter_acts_on_a_span_in_view_not_one_scrolled_away() {
    let mut app = long_app();
    app::update(&mut app, Action::Resize(80, 24));
    press(&mut app, &[F(4), Tab]);
    // The spans are at the top; the end of the text shows none.
    press(&mut app, &[End, Enter]);
    assert_eq!(app.view, View::Sources, "no jump to a relation out of sight");
    assert!(app.status.as_deref().is_some_and(|s| s.contains("No quoted span in view")), "{:?}", app.status);
    // Back at the top, Enter goes to the span's relation.
    press(&mut app, &[Home, Enter]);
    assert!(matches!(app.overlays.last(), Some(Overlay::Choose(_))), "the arms quote backs two: a choice");
}

/// The text between the reader's selection's ends, if any.
fn selected(app: &App) -> Option<&'static str> {
    app.reader_selection().map(|r| &TEXT[r])
}

#[test]
fn the_cursor_moves_by_word_line_and_sentence_and_selects_a_passage() {
    let mut app = app();
    app::update(&mut app, Action::Resize(140, 30));
    press(&mut app, &[F(4), Tab]);
    // w w: the cursor on "tanks", inside the selected (reversed) span, where
    // it shows as the one plain cell.
    type_str(&mut app, "ww");
    assert_eq!(app.sources_view.cursor, TEXT.find("tanks").unwrap());
    let terminal = draw(&mut app, 140, 30);
    let buf = terminal.backend().buffer();
    let (x, y) = common::find_text(buf, "tanks to");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED), "the cursor");
    assert!(buf[(x + 1, y)].modifier.contains(Modifier::REVERSED), "the span around it");
    // b back; ) to the next sentence; j down a line, same column.
    type_str(&mut app, "b");
    assert_eq!(app.sources_view.cursor, TEXT.find("sells").unwrap());
    type_str(&mut app, ")");
    assert_eq!(app.sources_view.cursor, TEXT.find("Trade").unwrap());
    // (Wide enough for that paragraph to take one line.)
    type_str(&mut app, "j");
    assert_eq!(app.sources_view.cursor, TEXT.find("Gammaland").unwrap(), "over the blank line");
    type_str(&mut app, "k");
    // S: the sentence under the cursor, line break and all; drawn on a
    // blue ground.
    type_str(&mut app, "S");
    assert_eq!(selected(&app), Some("Trade between the two grew\nfast last year, the ministry added."));
    let terminal = draw(&mut app, 140, 30);
    let buf = terminal.backend().buffer();
    let (x, y) = common::find_text(buf, "ministry");
    assert_eq!(buf[(x, y)].bg, Color::Indexed(24));
    // Esc ends it; V starts a free one that the moves extend, up to the
    // cursor (so w stops it before the next word).
    press(&mut app, &[Esc]);
    assert_eq!(selected(&app), None);
    type_str(&mut app, "(Vwwww");
    assert_eq!(selected(&app), Some("Trade between the two"));
    type_str(&mut app, "ll");
    assert_eq!(selected(&app), Some("Trade between the two gr"));
    type_str(&mut app, "V");
    assert_eq!(selected(&app), None, "V again ends it");
    // The cursor in a quoted span makes it the selected one: Enter follows it.
    press(&mut app, &[Enter]);
    assert_eq!(app.view, View::List);
    assert_eq!(common::relation(&app).unwrap().1, "a-trade-b");
}
