//! Whole screens as a user sees them (insta snapshots of a TestBackend), and
//! the styles that carry meaning (Buffer checks; snapshots hold no colour).

mod common;

use common::{article_app, draw, find_row, press, row, type_str};
use greatgame::app::{self, Action, App};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode::*;
use ratatui::style::{Color, Modifier};

#[test]
fn start_screen_100x30() {
    let mut app = article_app();
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    // Russia selected, its first relation's first quote marked and in full.
    assert!(row(buf, 1).contains("Russia") && buf[(1, 1)].modifier.contains(Modifier::REVERSED));
    let cite = find_row(buf, "▶ [1/2] attributed to Kazakhstan's foreign ministry");
    assert!(row(buf, cite + 1).contains("“Central Asian countries will use the summit"));
    assert!(terminal.backend().to_string().contains("develop trade ties”"), "the whole quote shows");
    assert_snapshot!(terminal.backend());
}

#[test]
fn start_screen_80x24() {
    let mut app = article_app();
    let terminal = draw(&mut app, 80, 24);
    // At the smallest size the first quote is readable without a key: its
    // citation and the start of its words are in the Evidence pane.
    let buf = terminal.backend().buffer();
    let evidence = find_row(buf, "Evidence");
    let quote = find_row(buf, "“Central Asian countries");
    assert!(quote > evidence && quote < 23, "the quote's first line at row {quote}");
    assert!(row(buf, quote + 1).trim_matches(['│', ' ']).len() > 10, "and its second line: {}", row(buf, quote + 1));
    assert!(find_row(buf, "regional claim (Central Asia)") < quote, "its scope stays in view, above it");
    assert_snapshot!(terminal.backend());
}

#[test]
fn quote_of_the_nuclear_plant_at_100x30() {
    let mut app = article_app();
    type_str(&mut app, "jjjj"); // Kazakhstan
    type_str(&mut app, "124"); // only investment: Russia's nuclear plant comes first
    press(&mut app, &[Tab]);
    let terminal = draw(&mut app, 100, 30);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Russia is set to build Kazakhstan's first nuclear plant"), "{screen}");
    assert!(screen.contains("Country-specific claim"), "{screen}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn regional_quote_with_speaker_at_80x24() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(80, 24));
    press(&mut app, &[Tab, Tab]);
    let terminal = draw(&mut app, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("▶ [1/2] attributed to Kazakhstan's foreign ministry"), "{screen}");
    assert!(screen.contains("Evidence · lines 1-8 of 14"), "{screen}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn help_overlay_lists_every_key_of_the_table() {
    let mut app = article_app();
    type_str(&mut app, "?");
    let terminal = draw(&mut app, 100, 30);
    assert_snapshot!(terminal.backend());
    // Scrolled to its end, every row of the key table has been on screen.
    let mut seen = terminal.backend().to_string();
    for _ in 0..greatgame::keys::BINDINGS.len() {
        press(&mut app, &[Down]);
        seen.push_str(&draw(&mut app, 100, 30).backend().to_string());
    }
    for b in greatgame::keys::BINDINGS {
        assert!(seen.contains(b.description), "help lacks {:?}", b.description);
    }
}

#[test]
fn footer_hints_come_from_the_key_table_for_each_view() {
    use greatgame::app::View;
    let mut app = article_app();
    for (view, key) in [(View::List, F(1)), (View::Map, F(2)), (View::Matrix, F(3)), (View::Sources, F(4))] {
        press(&mut app, &[key]);
        let terminal = draw(&mut app, 160, 30);
        let footer = row(terminal.backend().buffer(), 29);
        for (key, what) in greatgame::keys::BINDINGS.iter().filter_map(|b| b.hint_in(view)) {
            assert!(footer.contains(&format!("{key} {what}")), "{view:?} footer lacks {key} {what}: {footer}");
        }
        // Where they do not all fit, help and quit still show.
        let narrow = row(draw(&mut app, 80, 24).backend().buffer(), 23);
        assert!(narrow.contains("? help  q quit"), "{view:?}: {narrow}");
        // The sources view reads texts: no kind filter there, but its own keys.
        assert_eq!(footer.contains("][ span"), view == View::Sources, "{footer}");
        assert_eq!(footer.contains("1-9 kind"), view != View::Sources, "{footer}");
    }
}

#[test]
fn too_small_terminal_shows_a_note() {
    let mut app = article_app();
    let terminal = draw(&mut app, 79, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Terminal too small: 79x24"), "{screen}");
    assert!(!screen.contains("Actors"));
    let mut app = article_app();
    assert!(draw(&mut app, 80, 23).backend().to_string().contains("too small"));
}

#[test]
fn empty_filter_says_how_to_get_relations_back() {
    let mut app = article_app();
    type_str(&mut app, "1234");
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Press 0 to show all kinds"), "{screen}");
}

#[test]
fn selected_rows_are_reversed_and_hidden_kinds_crossed_out() {
    let mut app = article_app();
    type_str(&mut app, "2");
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    // The selected actor (focused pane) is reversed: visible without colour.
    let y = find_row(buf, "┃Russia");
    assert!(buf[(1, y)].modifier.contains(Modifier::REVERSED));
    let y = find_row(buf, "┃China");
    assert!(!buf[(1, y)].modifier.contains(Modifier::REVERSED));
    // The footer shows arms off, trade on in its colour.
    let footer = row(buf, 28);
    assert!(footer.starts_with("1:T Trade 2:A Arms"), "{footer}");
    let x = footer.find("A Arms").unwrap();
    let x = footer[..x].chars().count() as u16;
    assert!(buf[(x, 28)].modifier.contains(Modifier::CROSSED_OUT));
    let x = footer[..footer.find("T Trade").unwrap()].chars().count() as u16;
    assert_eq!(buf[(x, 28)].fg, Color::Yellow);
}

#[test]
fn no_color_theme_draws_no_colour_but_keeps_the_selection_visible() {
    let mut app = App::new(InfluenceGraph::new(common::article()), Theme::new(false));
    press(&mut app, &[Tab]);
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "coloured cell {:?}", cell.symbol());
        assert_eq!(cell.bg, Color::Reset);
    }
    let y = find_row(buf, "↔ Kazakhstan");
    assert!(buf[(30, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_actors_pane_counts_claims_and_ties_and_scrolls_by_actors() {
    let mut app = article_app();
    let terminal = draw(&mut app, 80, 24);
    let buf = terminal.backend().buffer();
    assert!(row(buf, 0).contains("Actors · claims·ties"), "the header says what is counted: {}", row(buf, 0));
    // The dispatch makes three claims about China (all regional: 15 ties
    // with the five states) and one about Turkey (5 ties).
    assert!(row(buf, find_row(buf, "China")).contains("3 · 15"), "{}", row(buf, find_row(buf, "China")));
    assert!(row(buf, find_row(buf, "Turkey")).contains("1 · 5"), "{}", row(buf, find_row(buf, "Turkey")));
    // Hiding arms: Turkey's one claim goes.
    type_str(&mut app, "2");
    let terminal = draw(&mut app, 80, 24);
    let buf = terminal.backend().buffer();
    assert!(row(buf, find_row(buf, "Turkey")).contains("0 · 0"));

    // 200 actors under 17 group headings: the position counts actors only.
    let data = greatgame::synth::generate(&greatgame::synth::Params {
        actors: 200,
        relations: 500,
        quotes_per_relation: 1,
        seed: 1,
    });
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    let terminal = draw(&mut app, 80, 24);
    let buf = terminal.backend().buffer();
    let bottom = row(buf, 11);
    assert!(bottom.contains(" 1-10 of 200 "), "{bottom}");
    // On the first group's first member (the 21st actor), its heading takes
    // a row: 9 actors show, 13-21.
    for _ in 0..20 {
        press(&mut app, &[Down]);
    }
    let terminal = draw(&mut app, 80, 24);
    let buf = terminal.backend().buffer();
    assert!((1..11).any(|y| row(buf, y).contains("─ ")), "a heading is in view: {}", terminal.backend());
    let bottom = row(buf, 11);
    assert!(bottom.contains(" 13-21 of 200 "), "{bottom}");
}

#[test]
fn figures_show_below_the_quotes_and_disagreements_are_marked() {
    let text = std::fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["relations"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "a-trade-c", "kind": "trade", "from": "AAA", "to": "CCC", "summary": "A and C trade",
        "figures": [
            {"measure": "trade turnover", "value": 43.8, "unit": "USD bn", "period": "2024", "source": "src",
             "reporter": "Alphaland's customs"},
            {"measure": "trade turnover", "value": 30, "unit": "USD bn", "period": "2024", "source": "src", "approx": true}
        ]
    }));
    let data = Dataset::from_json(&value.to_string()).unwrap();
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    // Alphaland's trade with Gammaland: backed by figures alone.
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "a-trade-c") {
        press(&mut app, &[Down]);
    }
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Figures · trade turnover"), "{screen}");
    assert!(screen.contains("43.8 USD bn · 2024 · per Alphaland's customs · Example Wire 2025-01-01"), "{screen}");
    assert!(screen.contains("≈30 USD bn · 2024"), "about 30, as stated: {screen}");
    assert!(screen.contains("sources disagree"), "{screen}");
}
