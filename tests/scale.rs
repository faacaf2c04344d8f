//! Big datasets, as users see them: the sources view of a source quoted
//! tens of thousands of times shows the same lines wherever it is scrolled
//! as laying out every quote would; a search with many hits shows its first
//! ones at once and all of them after; the map's cached layers follow the
//! kind filter. (How fast is measured in `benches/perf.rs`, not here.)

mod common;

use std::collections::HashMap;

use common::{article_app, draw, frame, press, type_str};
use greatgame::app::{self, Action, App, Overlay, SourcesFocus, View};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::search::{FIRST_HITS, SearchIndex};
use greatgame::synth::{self, Params};
use greatgame::text::wrap;
use greatgame::theme::Theme;
use ratatui::crossterm::event::KeyCode::*;

/// A synthetic dataset whose relations all quote its first source (which
/// has no text): 50,000 quotes, every tenth relation repeating the quote
/// of the one before, so that a quote backs two relations.
fn one_source_dataset() -> Dataset {
    let mut data = synth::generate(&Params { actors: 12, relations: 25_000, quotes_per_relation: 2, seed: 7 });
    let id = data.sources[0].id.clone();
    for r in 0..data.relations.len() {
        for e in 0..data.relations[r].evidence.len() {
            data.relations[r].evidence[e].source = id.clone();
        }
        if r % 10 == 9 {
            let quote = data.relations[r - 1].evidence[0].quote.clone();
            data.relations[r].evidence[0].quote = quote;
        }
    }
    data
}

fn one_source_app() -> App {
    let data = one_source_dataset();
    let id = data.sources[0].id.clone();
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    app::update(&mut app, Action::ShowView(View::Sources));
    app.sources_view.source = Some(id);
    app.sources_view.focus = SourcesFocus::Text;
    app
}

/// The quote list of the app's selected source laid out whole, as the
/// sources view did before it laid out only what shows: its metadata, then
/// each quote once (in the order of first use) with the relations it backs,
/// `marked` with a "▶ ", then its figures.
fn whole_quote_list(app: &App, width: usize, marked: Option<&str>) -> Vec<String> {
    let data = &app.graph.data;
    let source = data.sources.iter().find(|s| Some(&s.id) == app.sources_view.source.as_ref()).unwrap();
    let mut lines = Vec::new();
    for (label, value) in [
        ("Publisher", Some(&source.publisher)),
        ("Date", Some(&source.date)),
        ("Type", source.r#type.as_ref()),
        ("Title", source.title.as_ref()),
        ("Url", source.url.as_ref()),
    ] {
        if let Some(value) = value {
            lines.extend(wrap(&format!("{label}: {value}"), width));
        }
    }
    lines.extend(wrap("Text not stored: the quotes taken from it, in dataset order, then its figures.", width));
    let mut order: Vec<&str> = Vec::new();
    let mut backs: HashMap<&str, Vec<usize>> = HashMap::new();
    for (r, relation) in data.relations.iter().enumerate() {
        for ev in relation.evidence.iter().filter(|e| e.source == source.id) {
            let relations = backs.entry(&ev.quote).or_insert_with(|| {
                order.push(&ev.quote);
                Vec::new()
            });
            if relations.last() != Some(&r) {
                relations.push(r);
            }
        }
    }
    let backs_line = |r: &greatgame::data::Relation, verb: &str| {
        format!("{verb} {} · {} → {} ({})", r.kind, data.name_of(&r.from), data.name_of(&r.to), r.id)
    };
    for quote in order {
        lines.push(String::new());
        let mark = if marked == Some(quote) { "▶ " } else { "" };
        lines.extend(wrap(&format!("{mark}“{quote}”"), width));
        for &r in &backs[quote] {
            lines.extend(
                wrap(&backs_line(&data.relations[r], "backs"), width - 2).into_iter().map(|l| format!("  {l}")),
            );
        }
    }
    for relation in &data.relations {
        for f in relation.figures.iter().filter(|f| f.source == source.id) {
            lines.push(String::new());
            let reporter = f.reporter.as_ref().map_or(String::new(), |r| format!(" · per {r}"));
            let approx = if f.approx { "≈" } else { "" };
            lines.extend(wrap(
                &format!("{}: {approx}{} {} · {}{reporter}", f.measure, f.value, f.unit, f.period),
                width,
            ));
            lines.extend(wrap(&backs_line(relation, "figure of"), width - 2).into_iter().map(|l| format!("  {l}")));
        }
    }
    lines
}

/// The lines the reader pane shows, and how wide its text is.
fn reader_lines(app: &App) -> (Vec<String>, usize) {
    let terminal = frame(app);
    let buf = terminal.backend().buffer();
    let area = app.last_frame.borrow().reader.area;
    let lines = (area.y + 1..area.bottom() - 1)
        .map(|y| {
            let cells: Vec<&str> = (area.x + 1..area.right() - 1).map(|x| buf[(x, y)].symbol()).collect();
            cells.concat().trim_end().to_string()
        })
        .collect();
    (lines, usize::from(area.width - 2))
}

/// What the pane should show from line `scroll` of the whole list.
fn expected(whole: &[String], scroll: usize, visible: usize) -> Vec<String> {
    let mut shown: Vec<String> = whole.iter().skip(scroll).take(visible).map(|l| l.trim_end().to_string()).collect();
    shown.resize(visible, String::new());
    shown
}

#[test]
fn a_source_quoted_fifty_thousand_times_shows_the_lines_a_whole_layout_would_wherever_scrolled() {
    let mut app = one_source_app();
    draw(&mut app, 100, 30);
    let (shown, width) = reader_lines(&app);
    let whole = whole_quote_list(&app, width, None);
    assert!(whole.len() > 150_000, "every quote and what it backs: {} lines", whole.len());
    let visible = shown.len();
    assert_eq!(shown, expected(&whole, 0, visible), "the top");

    // The end: the last lines, and the scroll range is the whole list.
    press(&mut app, &[End]);
    let (shown, _) = reader_lines(&app);
    let scroll = app.last_frame.borrow().reader_scroll;
    assert_eq!(scroll, whole.len() - visible, "End goes to the very end");
    assert_eq!(app.last_frame.borrow().reader.lines, whole.len());
    assert_eq!(shown, expected(&whole, scroll, visible), "the end");
    assert!(shown.iter().any(|l| l.contains("backs ")), "{shown:?}");

    // Back up a few pages and a line, from the end.
    press(&mut app, &[PageUp, PageUp, PageUp, Up]);
    let (shown, _) = reader_lines(&app);
    let scroll = app.last_frame.borrow().reader_scroll;
    assert_eq!(scroll, whole.len() - visible - 3 * (visible - 1) - 1, "a page is the pane's height less one line");
    assert_eq!(shown, expected(&whole, scroll, visible), "pages up from the end");

    // Home, then pages down from the top.
    press(&mut app, &[Home, PageDown, PageDown, Down]);
    let (shown, _) = reader_lines(&app);
    let scroll = app.last_frame.borrow().reader_scroll;
    assert_eq!(scroll, 2 * (visible - 1) + 1);
    assert_eq!(shown, expected(&whole, scroll, visible), "pages down from the top");
}

#[test]
fn a_quote_far_down_a_long_quote_list_opens_marked_and_in_view() {
    let mut app = one_source_app();
    app::update(&mut app, Action::ShowView(View::List));
    // A relation far down the dataset, and its first quote.
    let relation = app.graph.data.relations.len() - 3;
    let quote = app.graph.data.relations[relation].evidence[0].quote.clone();
    let (from, _to) = {
        let r = &app.graph.data.relations[relation];
        (r.from.clone(), r.to.clone())
    };
    let node = app.graph.find(&from).unwrap();
    app.select_actor(node);
    draw(&mut app, 100, 30);
    let links = app.links();
    let row = links.iter().position(|l| app.graph.edge(l.edge).relation == relation).unwrap();
    app.list.relation = row;
    press(&mut app, &[Tab, Tab]);
    type_str(&mut app, "o");
    assert_eq!(app.view, View::Sources);
    let (shown, width) = reader_lines(&app);
    let whole = whole_quote_list(&app, width, Some(&quote));
    let scroll = app.last_frame.borrow().reader_scroll;
    assert!(scroll > 100_000, "scrolled far down: {scroll}");
    assert_eq!(shown, expected(&whole, scroll, shown.len()));
    assert!(shown.iter().any(|l| l.starts_with("▶ “")), "the quote is marked and in view: {shown:?}");
}

/// A synthetic dataset with thousands of hits for a letter.
fn many_hits_app() -> App {
    let data = synth::generate(&Params { actors: 30, relations: 3_000, quotes_per_relation: 2, seed: 3 });
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    app::update(&mut app, Action::Resize(100, 30));
    app
}

fn search_box(app: &mut App) -> &mut greatgame::app::SearchBox {
    match app.overlays.last_mut() {
        Some(Overlay::Search(search)) => search,
        _ => panic!("the search line is open"),
    }
}

#[test]
fn a_search_with_many_hits_shows_the_first_at_once_and_all_of_them_after() {
    let mut app = many_hits_app();
    let index = SearchIndex::new(&app.graph.data);
    let all = index.find("a");
    assert!(all.len() > 2 * FIRST_HITS, "{} hits", all.len());
    type_str(&mut app, "/");
    app::update(&mut app, Action::SearchInput('a'));
    let search = app.search().unwrap();
    assert!(search.searching(), "the rest is being looked for");
    assert_eq!(search.hits, all[..FIRST_HITS], "the first hits, in order");
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains(&format!("{FIRST_HITS}+ hits so far")), "{screen}");
    assert!(screen.contains("▶ "), "the first hit is listed and selected: {screen}");

    search_box(&mut app).finish();
    assert_eq!(app.search().unwrap().hits, all, "once finished, the same hits as a whole search");
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains(&format!("{} hits · ↑↓ to choose", all.len())), "{screen}");
}

#[test]
fn typing_on_and_backspace_during_a_staged_search_find_what_a_whole_search_finds() {
    let mut app = many_hits_app();
    let index = SearchIndex::new(&app.graph.data);
    type_str(&mut app, "/");
    // Typed on before the first letter's search is done: the two letters'
    // hits, all of them in the end.
    app::update(&mut app, Action::SearchInput('a'));
    app::update(&mut app, Action::SearchInput('r'));
    search_box(&mut app).finish();
    assert_eq!(app.search().unwrap().hits, index.find("ar"));
    // Typed on after it: the same.
    app::update(&mut app, Action::SearchInput('m'));
    search_box(&mut app).finish();
    assert_eq!(app.search().unwrap().hits, index.find("arm"));
    // Backspace back to a search that was still going, and on with it.
    app::update(&mut app, Action::SearchDelete);
    app::update(&mut app, Action::SearchDelete);
    search_box(&mut app).finish();
    assert_eq!(app.search().unwrap().hits, index.find("a"));
}

#[test]
fn enter_on_a_staged_search_keeps_every_hit_for_n_and_shift_n() {
    let mut app = many_hits_app();
    let index = SearchIndex::new(&app.graph.data);
    let all = index.find("a");
    type_str(&mut app, "/");
    app::update(&mut app, Action::SearchInput('a'));
    assert!(app.search().unwrap().searching());
    press(&mut app, &[Down, Enter]);
    assert!(app.search().is_none(), "Enter jumped");
    let found = app.found.as_ref().unwrap();
    assert_eq!(found.hits, all, "n and N step through every hit, not only the first ones");
    assert_eq!(found.current, 1);
    // N before the first wraps to the very last hit.
    type_str(&mut app, "NN");
    assert_eq!(app.found.as_ref().unwrap().current, all.len() - 1);
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains(&format!("{}/{} n/N", all.len(), all.len())), "{screen}");
}

#[test]
fn toggling_a_kind_on_the_map_draws_what_a_fresh_map_with_that_filter_draws() {
    let mut app = article_app();
    app::update(&mut app, Action::ShowView(View::Map));
    draw(&mut app, 100, 30);
    // Arms hidden, then shown again: each frame as if drawn from scratch.
    for _ in 0..2 {
        type_str(&mut app, "2");
        let mut fresh = article_app();
        fresh.set_kinds(app.kinds.clone());
        app::update(&mut fresh, Action::ShowView(View::Map));
        let (toggled, drawn) = (draw(&mut app, 100, 30), draw(&mut fresh, 100, 30));
        assert_eq!(toggled.backend().buffer(), drawn.backend().buffer(), "kinds {:?}", app.kinds);
    }
}

#[test]
fn every_actors_relations_under_every_filter_are_listed_as_the_graph_lists_them() {
    use greatgame::graph::{Direction, KindFilter};
    let data = synth::generate(&Params { actors: 15, relations: 400, quotes_per_relation: 1, seed: 5 });
    for mut app in [article_app(), App::new(InfluenceGraph::new(data), Theme::new(true))] {
        let kinds = app.graph.data.kinds.len();
        let filters = [KindFilter::all(kinds), KindFilter::only(kinds, 0), KindFilter::only(kinds, kinds - 1)];
        for kinds in filters {
            app.set_kinds(kinds.clone());
            for direction in [Direction::All, Direction::Outgoing, Direction::Incoming] {
                app.direction = direction;
                for node in app.actor_order.clone() {
                    app.select_actor(node);
                    assert_eq!(*app.links(), app.graph.links(node, &kinds, direction)[..]);
                }
            }
        }
    }
}
