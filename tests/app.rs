//! `update` driven by key sequences, as a user would type them.

mod common;

use common::{actor_id, builtin_app, press, relation, type_str};
use greatgame::app::{self, Action, Pane};
use greatgame::graph::Direction;
use ratatui::crossterm::event::KeyCode::*;

#[test]
fn down_moves_through_actors_and_stops_at_the_end() {
    let mut app = builtin_app();
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
    let mut app = builtin_app();
    assert_eq!(app.focus, Pane::Actors);
    press(&mut app, &[Tab]);
    assert_eq!(app.focus, Pane::Relations);
    press(&mut app, &[Right]);
    assert_eq!(app.focus, Pane::Sources);
    press(&mut app, &[Tab]);
    assert_eq!(app.focus, Pane::Actors);
    press(&mut app, &[BackTab]);
    assert_eq!(app.focus, Pane::Sources);
    type_str(&mut app, "hh");
    assert_eq!(app.focus, Pane::Actors);
}

#[test]
fn enter_follows_a_relation_to_its_counterpart_and_backspace_returns() {
    let mut app = builtin_app();
    type_str(&mut app, "j"); // China
    press(&mut app, &[Enter]); // focus relations
    assert_eq!(app.focus, Pane::Relations);
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
    let mut app = builtin_app();
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
    let mut app = builtin_app();
    press(&mut app, &[Tab]);
    type_str(&mut app, "G"); // last of Russia's relations: migration, the last kind
    assert_eq!(relation(&app).unwrap().1, "central-asia-migration-ru");
    type_str(&mut app, "4"); // hide migration: the list shrinks under the cursor
    let n = app.links().len();
    assert!(app.relation < n, "selection {} outside list of {n}", app.relation);
    assert!(relation(&app).is_some());
}

#[test]
fn d_cycles_direction_and_filters_by_it() {
    let mut app = builtin_app();
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
fn help_is_modal_and_esc_closes_it_before_quitting() {
    let mut app = builtin_app();
    type_str(&mut app, "?");
    assert!(app.help);
    type_str(&mut app, "jj1"); // ignored while help is open
    assert_eq!(actor_id(&app), "RUS");
    assert!(app.kinds.is_all());
    press(&mut app, &[Esc]);
    assert!(!app.help);
    assert!(app.running);
    press(&mut app, &[Esc]);
    assert!(!app.running);
}

#[test]
fn q_quits() {
    let mut app = builtin_app();
    type_str(&mut app, "q");
    assert!(!app.running);
}

#[test]
fn in_the_evidence_pane_arrows_choose_a_quote_and_pages_scroll() {
    let mut app = builtin_app();
    app::update(&mut app, Action::Resize(80, 24));
    press(&mut app, &[Tab, Tab]);
    assert_eq!(app.focus, Pane::Sources);
    assert_eq!((app.quote, app.source_scroll), (0, 0));
    // Russia's first relation has two quotes; the second needs scrolling at 80x24.
    press(&mut app, &[Down]);
    assert_eq!(app.quote, 1);
    assert!(app.source_scroll > 0, "the pane scrolls to the second quote");
    press(&mut app, &[Down, Down]);
    assert_eq!(app.quote, 1, "no third quote");
    press(&mut app, &[Up]);
    assert_eq!(app.quote, 0);
    let quotes = greatgame::text::source_layout(&app, 78).quotes;
    let visible = 8; // 24 rows: 12 on top, 2 for the footer, 10 for the pane and its border
    assert!(
        app.source_scroll <= quotes[0].start && quotes[0].start < app.source_scroll + visible,
        "first quote in view"
    );
    for _ in 0..50 {
        press(&mut app, &[PageDown]);
    }
    let scrolled = app.source_scroll;
    assert!(scrolled > 0 && scrolled < 20, "pages stop at the last line: {scrolled}");
    press(&mut app, &[Home]);
    assert_eq!(app.source_scroll, 0);
    // Another relation starts at its first quote.
    press(&mut app, &[BackTab, Down, Tab]);
    assert_eq!((app.quote, app.source_scroll), (0, 0));
}

#[test]
fn a_filter_change_keeps_the_selected_relation_where_it_now_is() {
    let mut app = builtin_app();
    press(&mut app, &[Tab]);
    // Russia: five trade rows, then the nuclear plant.
    type_str(&mut app, "jjjjj");
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    type_str(&mut app, "1"); // trade hidden: the plant moves up to the first row
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    assert_eq!(app.relation, 0);
    type_str(&mut app, "0d"); // all kinds, then outgoing only
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
}

#[test]
fn backspace_returns_to_the_relation_even_after_the_list_changed() {
    let mut app = builtin_app();
    press(&mut app, &[Tab]);
    type_str(&mut app, "jjjjj"); // the nuclear plant, row 5
    press(&mut app, &[Enter]); // to Kazakhstan
    assert_eq!(actor_id(&app), "KAZ");
    type_str(&mut app, "1"); // hide trade: Russia's list is shorter now
    press(&mut app, &[Backspace]);
    assert_eq!(actor_id(&app), "RUS");
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
}
