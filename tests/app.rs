//! `update` driven by key sequences, as a user would type them.

mod common;

use common::{actor_id, article_app, press, relation, type_str};
use greatgame::app::{self, Action, Pane};
use greatgame::graph::Direction;
use ratatui::crossterm::event::KeyCode::*;

#[test]
fn down_moves_through_actors_and_stops_at_the_end() {
    let mut app = article_app();
    assert_eq!(actor_id(&app), "RUS");
    press(&mut app, &[Down]);
    assert_eq!(actor_id(&app), "CHN");
    type_str(&mut app, "jjj");
    assert_eq!(actor_id(&app), "KAZ");
    for _ in 0..20 {
        press(&mut app, &[Down]);
    }
    assert_eq!(actor_id(&app), "UZB");
    press(&mut app, &[Up]);
    assert_eq!(actor_id(&app), "TKM");
    type_str(&mut app, "g");
    assert_eq!(actor_id(&app), "RUS");
    type_str(&mut app, "G");
    assert_eq!(actor_id(&app), "UZB");
}

#[test]
fn focus_cycles_with_tab_and_arrows() {
    let mut app = article_app();
    assert_eq!(app.list.focus, Pane::Actors);
    press(&mut app, &[Tab]);
    assert_eq!(app.list.focus, Pane::Relations);
    press(&mut app, &[Right]);
    assert_eq!(app.list.focus, Pane::Sources);
    press(&mut app, &[Tab]);
    assert_eq!(app.list.focus, Pane::Actors);
    press(&mut app, &[BackTab]);
    assert_eq!(app.list.focus, Pane::Sources);
    type_str(&mut app, "hh");
    assert_eq!(app.list.focus, Pane::Actors);
}

#[test]
fn enter_follows_a_relation_to_its_counterpart_and_backspace_returns() {
    let mut app = article_app();
    type_str(&mut app, "j"); // China
    press(&mut app, &[Enter]); // focus relations
    assert_eq!(app.list.focus, Pane::Relations);
    type_str(&mut app, "12"); // hide trade and arms: China's first relation is investment
    let (to, rel) = relation(&app).unwrap();
    assert_eq!((to.as_str(), rel.as_str()), ("KAZ", "cn-investment-central-asia-bri"));
    press(&mut app, &[Enter]);
    assert_eq!(actor_id(&app), "KAZ");
    // The relation we came by stays selected, so its evidence stays in view.
    assert_eq!(relation(&app).unwrap(), ("CHN".into(), "cn-investment-central-asia-bri".into()));
    press(&mut app, &[Backspace]);
    assert_eq!(actor_id(&app), "CHN");
    assert_eq!(relation(&app).unwrap().1, "cn-investment-central-asia-bri");
    // Nothing more to go back to: stays put.
    press(&mut app, &[Backspace]);
    assert_eq!(actor_id(&app), "CHN");
}

#[test]
fn digits_filter_kinds_and_zero_restores_all() {
    let mut app = article_app();
    let all = app.links().len();
    type_str(&mut app, "1"); // hide trade
    assert!(app.links().iter().all(|l| app.graph.kind(l.edge).id != "trade"));
    assert!(app.links().len() < all);
    type_str(&mut app, "34"); // hide investment and migration: Russia has nothing left
    assert!(app.links().is_empty());
    assert!(app.selected_link().is_none());
    type_str(&mut app, "9"); // no ninth kind: nothing happens
    assert!(app.links().is_empty());
    type_str(&mut app, "0");
    assert_eq!(app.links().len(), all);
}

#[test]
fn filtering_keeps_the_relation_selection_inside_the_list() {
    let mut app = article_app();
    press(&mut app, &[Tab]);
    type_str(&mut app, "G"); // last of Russia's relations: migration, the last kind
    assert_eq!(relation(&app).unwrap().1, "central-asia-migration-ru");
    type_str(&mut app, "4"); // hide migration: the list shrinks under the cursor
    let n = app.links().len();
    assert!(app.list.relation < n, "selection {} outside list of {n}", app.list.relation);
    assert!(relation(&app).is_some());
}

#[test]
fn d_cycles_direction_and_filters_by_it() {
    let mut app = article_app();
    type_str(&mut app, "jjjj"); // Kazakhstan
    assert_eq!(actor_id(&app), "KAZ");
    type_str(&mut app, "d");
    assert_eq!(app.direction, Direction::Outgoing);
    // Outgoing from Kazakhstan: migration to Russia, plus undirected trade.
    let kinds: Vec<String> = app.links().iter().map(|l| app.graph.kind(l.edge).id.clone()).collect();
    assert!(kinds.contains(&"migration".to_string()));
    assert!(!kinds.contains(&"arms".to_string()));
    type_str(&mut app, "d");
    assert_eq!(app.direction, Direction::Incoming);
    let kinds: Vec<String> = app.links().iter().map(|l| app.graph.kind(l.edge).id.clone()).collect();
    assert!(kinds.contains(&"arms".to_string()));
    assert!(!kinds.contains(&"migration".to_string()));
    type_str(&mut app, "d");
    assert_eq!(app.direction, Direction::All);
}

#[test]
fn help_is_modal_and_esc_closes_it_but_never_quits() {
    let mut app = article_app();
    type_str(&mut app, "?");
    assert!(common::help_open(&app));
    type_str(&mut app, "jj1"); // ignored while help is open
    assert_eq!(actor_id(&app), "RUS");
    assert!(app.kinds.is_all());
    press(&mut app, &[Esc]);
    assert!(!common::help_open(&app));
    assert!(app.running);
    // With nothing open, Esc keeps the place: two Esc from a search must
    // not lose it. q and Ctrl-C quit.
    press(&mut app, &[Esc, Esc]);
    assert!(app.running);
    assert!(app.status.as_deref().is_some_and(|s| s.contains("q quits")), "{:?}", app.status);
    press(&mut app, &[Char('q')]);
    assert!(!app.running);
}

#[test]
fn q_quits() {
    let mut app = article_app();
    type_str(&mut app, "q");
    assert!(!app.running);
}

#[test]
fn in_the_evidence_pane_arrows_choose_a_quote_and_pages_scroll() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(80, 24));
    press(&mut app, &[Tab, Tab]);
    assert_eq!(app.list.focus, Pane::Sources);
    assert_eq!((app.list.quote, app.list.source_scroll.get()), (0, 0));
    // Russia's first relation has two quotes; the second needs scrolling at 80x24.
    press(&mut app, &[Down]);
    assert_eq!(app.list.quote, 1);
    assert!(app.list.source_scroll.get() > 0, "the pane scrolls to the second quote");
    press(&mut app, &[Down, Down]);
    assert_eq!(app.list.quote, 1, "no third quote");
    press(&mut app, &[Up]);
    assert_eq!(app.list.quote, 0);
    let quotes = app.last_frame.borrow().quote_lines.clone();
    let visible = 8; // 24 rows: 12 on top, 2 for the footer, 10 for the pane and its border
    assert!(
        app.list.source_scroll.get() <= quotes[0].start && quotes[0].start < app.list.source_scroll.get() + visible,
        "first quote in view"
    );
    for _ in 0..50 {
        press(&mut app, &[PageDown]);
    }
    let scrolled = app.list.source_scroll.get();
    assert!(scrolled > 0 && scrolled < 20, "pages stop at the last line: {scrolled}");
    press(&mut app, &[Home]);
    assert_eq!(app.list.source_scroll.get(), 0);
    // Another relation starts at its first quote.
    press(&mut app, &[BackTab, Down, Tab]);
    assert_eq!((app.list.quote, app.list.source_scroll.get()), (0, 0));
}

#[test]
fn a_filter_change_keeps_the_selected_relation_where_it_now_is() {
    let mut app = article_app();
    press(&mut app, &[Tab]);
    // Russia: five trade rows, then the nuclear plant.
    type_str(&mut app, "jjjjj");
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    type_str(&mut app, "1"); // trade hidden: the plant moves up to the first row
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    assert_eq!(app.list.relation, 0);
    type_str(&mut app, "0d"); // all kinds, then outgoing only
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
}

#[test]
fn backspace_returns_to_the_relation_even_after_the_list_changed() {
    let mut app = article_app();
    press(&mut app, &[Tab]);
    type_str(&mut app, "jjjjj"); // the nuclear plant, row 5
    press(&mut app, &[Enter]); // to Kazakhstan
    assert_eq!(actor_id(&app), "KAZ");
    type_str(&mut app, "1"); // hide trade: Russia's list is shorter now
    press(&mut app, &[Backspace]);
    assert_eq!(actor_id(&app), "RUS");
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
}

// --- records by id, one place for modes ------------------------------------------

use greatgame::app::{Overlay, View};
use greatgame::data::{Actor, Dataset};

/// The selected actor, relation and quote, as a user reads them.
fn selected(app: &greatgame::app::App) -> (String, Option<(String, String)>, Option<String>) {
    let quote = app.selected_link().map(|l| app.graph.relation(l.edge).evidence[app.list.quote].quote.clone());
    (actor_id(app), relation(app), quote)
}

#[test]
fn the_selection_stays_on_its_records_when_others_are_added_or_removed_before_them() {
    let mut app = article_app();
    // Kazakhstan, its nuclear-plant investment, then Russia's trade quote 2/2.
    press(&mut app, &[Down, Down, Down, Down]);
    assert_eq!(actor_id(&app), "KAZ");
    press(&mut app, &[Tab]);
    while relation(&app).is_some_and(|(_, r)| r != "ru-trade-central-asia") {
        press(&mut app, &[Down]);
    }
    press(&mut app, &[Tab, Down]);
    assert_eq!(app.list.quote, 1);
    let before = selected(&app);
    let position_before = (app.actor, app.list.relation);

    // A new actor and a new relation at the top of their lists, and the
    // relation listed before the selected one removed.
    let mut data = Dataset::clone(&app.graph.data);
    data.actors.insert(0, Actor { id: "ARM".into(), name: "Armenia".into(), ..Default::default() });
    data.groups[0].members.insert(0, "ARM".into());
    let mut extra = data.relations[0].clone();
    extra.id = "ru-trade-armenia".into();
    extra.to = "ARM".into();
    data.relations.insert(0, extra);
    data.relations.retain(|r| r.id != "central-asia-migration-ru");
    app.replace_data(data);
    common::frame(&app);

    assert_eq!(selected(&app), before, "the same actor, relation and quote");
    assert_ne!((app.actor, app.list.relation), position_before, "though at other positions");
    assert_eq!(app.revision, 1);

    // The selected relation itself deleted: the cursor stays in the list.
    let mut data = Dataset::clone(&app.graph.data);
    data.relations.retain(|r| r.id != "ru-trade-central-asia");
    app.replace_data(data);
    assert_eq!(actor_id(&app), "KAZ");
    assert!(app.list.relation < app.links().len());
}

#[test]
fn backspace_and_n_find_their_records_after_the_data_changed() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    type_str(&mut app, "/");
    type_str(&mut app, "nuclear");
    press(&mut app, &[Enter]);
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    press(&mut app, &[Tab, Tab, Enter]);
    // Another relation inserted first: n still finds the nuclear plant's,
    // and Backspace returns to the actor that was left.
    let mut data = Dataset::clone(&app.graph.data);
    let mut first = data.relations[2].clone();
    first.id = "a-new-first-relation".into();
    first.evidence[0].quote = "A quote that says nothing of it.".into();
    data.relations.insert(0, first);
    app.replace_data(data);
    type_str(&mut app, "n");
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    press(&mut app, &[Backspace]);
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
}

#[test]
fn the_top_overlay_gets_each_key_first() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    press(&mut app, &[F(3), Enter]);
    assert!(matches!(app.overlays.as_slice(), [Overlay::Pair(_)]));
    // `?` over the pair opens help above it; Esc closes only the top one.
    type_str(&mut app, "?");
    assert!(matches!(app.overlays.as_slice(), [Overlay::Pair(_), Overlay::Help { .. }]));
    assert!(!app.wants_text());
    press(&mut app, &[Esc]);
    assert!(matches!(app.overlays.as_slice(), [Overlay::Pair(_)]));
    // Arrows scroll the popup, not the matrix under it.
    press(&mut app, &[Down]);
    assert_eq!(app.matrix_view.cell, (0, 0));
    press(&mut app, &[Esc]);
    assert!(app.overlays.is_empty());
    assert_eq!(app.view, View::Matrix);
    // The search line wants text: `q` is typed, not a quit.
    type_str(&mut app, "/");
    assert!(app.wants_text());
    type_str(&mut app, "q");
    assert!(app.running);
    assert_eq!(app.search().unwrap().query, "q");
}

#[test]
fn a_paste_goes_to_the_search_line_as_typed_text() {
    let mut app = article_app();
    type_str(&mut app, "/");
    app::update(&mut app, Action::Paste("china\narms".into()));
    let search = app.search().expect("still open");
    assert_eq!(search.query, "china arms", "line breaks become spaces");
    let index = greatgame::search::SearchIndex::new(&app.graph.data);
    assert_eq!(search.hits, index.find("china arms"));
    assert!(!search.hits.is_empty());
    // Without a text input, a paste does nothing (no key acts).
    press(&mut app, &[Esc]);
    let before = selected(&app);
    app::update(&mut app, Action::Paste("jjjq".into()));
    assert_eq!(selected(&app), before);
    assert!(app.running);
}

#[test]
fn page_down_in_the_help_turns_a_page_less_one_line() {
    let mut app = common::article_app();
    common::draw(&mut app, 100, 30);
    common::type_str(&mut app, "?");
    common::draw(&mut app, 100, 30);
    let visible = app.last_frame.borrow().popup.visible;
    assert!(visible > 10, "the help takes most of the screen: {visible}");
    common::press(&mut app, &[ratatui::crossterm::event::KeyCode::PageDown]);
    assert_eq!(common::help_scroll(&app), visible - 1);
}
