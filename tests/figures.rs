//! How much and when, in the browser: the time filter, the matrix's figures
//! mode, the Evidence pane's bar chart and a pair's timeline; and the
//! built-in figures layer's citations.

mod common;

use common::{draw, find_row, press, row, type_str};
use greatgame::app::{self, Action, App, View};
use greatgame::data::Dataset;
use greatgame::data::figures::Years;
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use ratatui::crossterm::event::KeyCode::{Backspace, Down, Enter, Esc, F, Tab};
use serde_json::json;

/// Two powers (Pland, Qland) and a group of two states (Xland, Yland).
/// Column Xland: one unit, one year, so the largest can be named (Qland).
/// Column Yland: USD and EUR, so it cannot. Pland-Yland has two reporters
/// that disagree about 2023. Pland-Xland has figures for three years.
fn world() -> Dataset {
    let fig = |value: f64, unit: &str, period: &str, reporter: &str| {
        json!({"measure": "trade turnover", "value": value, "unit": unit, "period": period,
               "source": "stats", "reporter": reporter})
    };
    let value = json!({
        "format": 2,
        "title": "Figures world (made up)",
        "kinds": [
            {"id": "trade", "label": "Trade", "directed": false, "color": "yellow"},
            {"id": "arms", "label": "Arms", "directed": true, "color": "red"}
        ],
        "actors": [
            {"id": "P", "name": "Pland", "capital": "P", "lat": 50.0, "lon": 10.0},
            {"id": "Q", "name": "Qland", "capital": "Q", "lat": 40.0, "lon": 100.0},
            {"id": "X", "name": "Xland", "capital": "X", "lat": 45.0, "lon": 60.0},
            {"id": "Y", "name": "Yland", "capital": "Y", "lat": 40.0, "lon": 70.0}
        ],
        "groups": [{"id": "mid", "name": "Middle", "members": ["X", "Y"]}],
        "sources": [
            {"id": "stats", "publisher": "Example Statistics", "date": "2025-02-01",
             "title": "Trade yearbook", "url": "https://example.org/stats", "type": "statistics"},
            {"id": "wire", "publisher": "Example Wire", "date": "2025-06-01", "title": null, "url": null}
        ],
        "relations": [
            {"id": "p-x", "kind": "trade", "from": "P", "to": "X", "summary": "P and X trade",
             "figures": [fig(8.0, "USD bn", "2022", "P customs"), fig(9.5, "USD bn", "2023", "P customs"),
                         fig(10.0, "USD bn", "2024", "P customs"), fig(4.0, "USD bn", "2025-01/2025-06", "P customs")]},
            {"id": "q-x", "kind": "trade", "from": "Q", "to": "X", "summary": "Q and X trade",
             "figures": [fig(20.0, "USD bn", "2024", "Q customs")]},
            {"id": "p-y", "kind": "trade", "from": "P", "to": "Y", "summary": "P and Y trade",
             "evidence": [{"source": "wire", "quote": "P and Y signed a trade deal", "as_of": "2021"}],
             "figures": [fig(5.0, "USD bn", "2023", "P customs"), fig(3.0, "USD bn", "2023", "Y statistics")]},
            {"id": "q-y", "kind": "trade", "from": "Q", "to": "Y", "summary": "Q and Y trade",
             "figures": [fig(4.0, "EUR bn", "2023", "Q customs")]},
            {"id": "q-arms-x", "kind": "arms", "from": "Q", "to": "X", "period": "2019/2020",
             "summary": "Q sold X arms", "evidence": [{"source": "wire", "quote": "Q armed X"}]}
        ]
    });
    Dataset::from_json(&value.to_string()).expect("a valid world")
}

fn world_app() -> App {
    App::new(InfluenceGraph::new(world()), Theme::new(true))
}

/// The matrix in figures mode, drawn at 100x30.
fn figures_matrix(app: &mut App) -> String {
    press(app, &[F(3)]);
    type_str(app, "f");
    assert!(app.figures_mode);
    draw(app, 100, 30).backend().to_string()
}

/// The matrix row of `name`, as text.
fn matrix_row(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(&format!("│{name} ")))
        .unwrap_or_else(|| panic!("no row {name}: {screen}"))
        .to_string()
}

#[test]
fn t_sets_the_years_and_lt_gt_step_them_and_the_footer_says_so() {
    let mut app = world_app();
    type_str(&mut app, "t2023");
    assert!(app.wants_text(), "the years line takes the digits");
    press(&mut app, &[Enter]);
    assert_eq!(app.years, Some(Years::as_of(2023)));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("time: as of 2023"), "{screen}");
    type_str(&mut app, "<<");
    assert_eq!(app.years, Some(Years::as_of(2021)));
    type_str(&mut app, ">");
    assert_eq!(app.years, Some(Years::as_of(2022)));
    // A range, then nothing: every year again.
    type_str(&mut app, "t");
    press(&mut app, &[Backspace, Backspace, Backspace, Backspace]);
    type_str(&mut app, "2019-2024");
    press(&mut app, &[Enter]);
    assert_eq!(app.years, Some(Years { first: 2019, last: 2024 }));
    type_str(&mut app, "t");
    for _ in 0..9 {
        press(&mut app, &[Backspace]);
    }
    press(&mut app, &[Enter]);
    assert_eq!(app.years, None);
    assert!(!draw(&mut app, 100, 30).backend().to_string().contains("time:"));
}

#[test]
fn a_year_that_is_not_one_is_refused_next_to_what_was_typed() {
    let mut app = world_app();
    type_str(&mut app, "tsoon");
    press(&mut app, &[Enter]);
    assert!(app.wants_text(), "the line stays open");
    assert_eq!(app.years, None);
    let footer = row(draw(&mut app, 100, 30).backend().buffer(), 29);
    assert!(footer.contains("time: soon"), "what was typed is kept: {footer}");
    assert!(footer.contains("expected a year such as 2023"), "{footer}");
    press(&mut app, &[Esc]);
    assert!(!app.wants_text());
    assert_eq!(app.years, None);
}

#[test]
fn lt_starts_from_the_latest_year_with_a_figure() {
    let mut app = world_app();
    type_str(&mut app, "<");
    assert_eq!(app.years, Some(Years::as_of(2023)), "2024 is the latest whole year; one earlier");
    let mut bare = common::article_app();
    type_str(&mut bare, "<");
    assert_eq!(bare.years, None);
    assert!(bare.status.as_deref().unwrap_or("").contains("Nothing in this dataset has a year"));
}

#[test]
fn the_time_filter_hides_relations_whose_period_is_over_and_keeps_the_rest() {
    let mut app = world_app();
    let shown = |app: &App| -> Vec<String> {
        let x = app.graph.find("X").unwrap();
        app.graph.links(x, &app.kinds, app.direction).iter().map(|l| app.graph.relation(l.edge).id.clone()).collect()
    };
    assert!(shown(&app).contains(&"q-arms-x".to_string()));
    // Selected: Qland's trade with Xland, by id, through the change.
    let q = app.graph.find("Q").unwrap();
    app.select_actor(q);
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "q-x") {
        press(&mut app, &[Down]);
    }
    app.set_years(Some(Years::as_of(2023)));
    assert!(!shown(&app).contains(&"q-arms-x".to_string()), "arms sales of 2019-2020 are over by 2023");
    assert!(shown(&app).contains(&"p-x".to_string()), "a relation without a period always shows");
    assert_eq!(common::relation(&app).map(|(_, r)| r), Some("q-x".to_string()), "the selection stays");
    app.set_years(Some(Years::as_of(2020)));
    assert!(shown(&app).contains(&"q-arms-x".to_string()));
    app.set_years(None);
    assert!(shown(&app).contains(&"q-arms-x".to_string()));
}

#[test]
fn figures_mode_shows_the_latest_whole_year_with_its_unit_and_marks_the_largest() {
    let mut app = world_app();
    let screen = figures_matrix(&mut app);
    let pland = matrix_row(&screen, "Pland");
    let qland = matrix_row(&screen, "Qland");
    // Pland-Xland: 2024, not 2023 nor the part-year 2025 figure.
    assert!(pland.contains("10 USD bn"), "{pland}");
    assert!(!pland.contains("4 USD bn") && !pland.contains("9.5"), "{pland}");
    // Qland is Xland's largest partner: one unit, one year, no dispute.
    assert!(qland.contains("20 USD bn▲"), "{qland}");
    assert!(!pland.contains("▲"), "{pland}");
    // Pland-Yland: two reporters disagree about 2023; both show, none picked.
    assert!(pland.contains("5 USD bn≠3 USD bn"), "{pland}");
    // Yland: nothing is marked, and the screen says why.
    assert!(!qland.contains("4 EUR bn▲"), "{qland}");
    assert!(qland.contains("4 EUR bn"), "{qland}");
    type_str(&mut app, "l");
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Yland: no largest marked, units differ (EUR bn, USD bn): no conversion"), "{screen}");
    // f again: the kind letters.
    type_str(&mut app, "f");
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(!screen.contains("USD bn"), "{screen}");
    assert!(matrix_row(&screen, "Pland").contains('T'), "{screen}");
}

#[test]
fn figures_mode_follows_the_time_filter() {
    let mut app = world_app();
    figures_matrix(&mut app);
    app.set_years(Some(Years::as_of(2023)));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    let pland = matrix_row(&screen, "Pland");
    assert!(pland.contains("9.5 USD bn"), "as of 2023, the 2023 figure: {pland}");
    // Qland-Xland has no figure before 2024: silent.
    let qland = matrix_row(&screen, "Qland");
    assert!(!qland.contains("20 USD bn") && qland.contains('·'), "{qland}");
    app.set_years(Some(Years::as_of(2021)));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(!matrix_row(&screen, "Pland").contains("USD"), "nothing before 2022: {screen}");
}

#[test]
fn cells_are_shaded_by_size_in_colour_and_without() {
    for colour in [true, false] {
        let mut app = App::new(InfluenceGraph::new(world()), Theme::new(colour));
        figures_matrix(&mut app);
        let terminal = draw(&mut app, 100, 30);
        let buf = terminal.backend().buffer();
        let screen = terminal.backend().to_string();
        // Qland-Xland (20, the largest in USD) is darkest; Pland-Xland (10) half.
        assert!(matrix_row(&screen, "Qland").contains("█20 USD bn"), "{screen}");
        assert!(matrix_row(&screen, "Pland").contains("▒10 USD bn"), "{screen}");
        let (x, y) = common::find_text(buf, "█20");
        let fg = buf[(x, y)].fg;
        assert_eq!(fg != ratatui::style::Color::Reset, colour, "colour only when colour is on");
    }
}

#[test]
fn m_cycles_the_measures_and_a_dataset_without_figures_says_so() {
    let mut app = common::article_app();
    press(&mut app, &[F(3)]);
    type_str(&mut app, "f");
    assert!(!app.figures_mode);
    assert!(app.status.as_deref().unwrap_or("").contains("no figures"));
    let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
    press(&mut app, &[F(3)]);
    let first = app.current_measure().unwrap().to_string();
    type_str(&mut app, "m");
    assert!(app.figures_mode, "m shows figures");
    assert_ne!(app.current_measure().unwrap(), first);
    for _ in 1..app.measures.len() {
        type_str(&mut app, "m");
    }
    assert_eq!(app.current_measure().unwrap(), first, "m comes round");
}

#[test]
fn the_evidence_pane_draws_a_bar_per_year_in_one_unit() {
    let mut app = world_app();
    let p = app.graph.find("P").unwrap();
    app.select_actor(p);
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "p-x") {
        press(&mut app, &[Down]);
    }
    let terminal = draw(&mut app, 100, 40);
    let buf = terminal.backend().buffer();
    let chart = find_row(buf, "by year, USD bn:");
    let bar = |y: u16| row(buf, y).chars().filter(|&c| "▏▎▍▌▋▊▉█".contains(c)).count();
    let lines: Vec<String> = (chart + 1..chart + 4).map(|y| row(buf, y)).collect();
    assert!(lines[0].contains("2022") && lines[1].contains("2023") && lines[2].contains("2024"), "{lines:?}");
    let (b22, b23, b24) = (bar(chart + 1), bar(chart + 2), bar(chart + 3));
    assert!(b22 < b24 && b23 <= b24 && b22 <= b23, "bars grow with the value: {b22} {b23} {b24}");
    // The part-year figure is listed, but has no bar.
    let screen = terminal.backend().to_string();
    assert!(screen.contains("4 USD bn · 2025-01/2025-06 · per P customs"), "{screen}");
    assert!(!row(buf, chart + 4).contains("2025"), "{}", row(buf, chart + 4));
    // Under a time filter, later figures are left out, and counted.
    app.set_years(Some(Years::as_of(2023)));
    let screen = draw(&mut app, 100, 40).backend().to_string();
    assert!(!screen.contains("10 USD bn · 2024"), "{screen}");
    assert!(screen.contains("2 figures after 2023 not shown"), "{screen}");
}

#[test]
fn disagreeing_reporters_stand_side_by_side_in_the_chart() {
    let mut value: serde_json::Value = serde_json::to_value(world()).unwrap();
    let fig = json!({"measure": "trade turnover", "value": 6.0, "unit": "USD bn", "period": "2024",
                     "source": "stats", "reporter": "P customs"});
    value["relations"][2]["figures"].as_array_mut().unwrap().push(fig);
    let data = Dataset::from_json(&value.to_string()).unwrap();
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    let p = app.graph.find("P").unwrap();
    app.select_actor(p);
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "p-y") {
        press(&mut app, &[Down]);
    }
    let terminal = draw(&mut app, 100, 40);
    let buf = terminal.backend().buffer();
    let chart = find_row(buf, "by year, USD bn:");
    let y2023 = row(buf, chart + 1);
    assert!(y2023.contains("2023") && y2023.contains(" 5 ") && y2023.contains(" 3 "), "{y2023}");
    assert!(terminal.backend().to_string().contains("sources disagree"));
}

#[test]
fn a_pairs_evidence_ends_with_its_timeline() {
    let mut app = world_app();
    press(&mut app, &[F(3)]);
    // Pland (row 1) and Yland (column 2).
    type_str(&mut app, "l");
    press(&mut app, &[Enter]);
    let screen = draw(&mut app, 100, 40).backend().to_string();
    let at = screen.find("Timeline").unwrap_or_else(|| panic!("{screen}"));
    let after = &screen[at..];
    let quote = after.find("2021").expect("the quote, as of 2021");
    let figure = after.find("2023  ").expect("the 2023 figures");
    assert!(quote < figure, "oldest first: {after}");
    assert!(after.contains("Example Wire: “P and Y signed a trade deal”"), "{after}");
}

/// The built-in figures layer: every figure traceable to a page.
#[test]
fn every_builtin_figure_has_a_dated_page_a_period_and_a_unit() {
    let data = Dataset::builtin();
    let mut figures = 0;
    for r in &data.relations {
        for f in &r.figures {
            figures += 1;
            let source = data.sources.iter().find(|s| s.id == f.source).expect("its source exists");
            let url = source.url.as_deref().unwrap_or_else(|| panic!("{}: {} has no url", r.id, source.id));
            assert!(url.starts_with("https://") || url.starts_with("http://"), "{url}");
            assert!(source.date.parse::<greatgame::data::date::PartialDate>().is_ok(), "{}", source.id);
            assert!(f.period().is_some(), "{}: period {}", r.id, f.period);
            assert!(!f.unit.trim().is_empty(), "{}", r.id);
            assert!(f.value.is_finite());
        }
    }
    assert!(figures >= 60, "the figures layer is there: {figures}");
    // Regional claims stay regional: a figure on a group is on the group.
    for r in data.relations.iter().filter(|r| !r.figures.is_empty()) {
        let actors = |id: &str| data.actors.iter().any(|a| a.id == id) || data.group(id).is_some();
        assert!(actors(&r.from) && actors(&r.to), "{}", r.id);
    }
}

#[test]
fn builtin_trade_figures_cover_most_power_state_pairs() {
    let data = Dataset::builtin();
    let powers = ["RUS", "CHN", "EU", "TUR"];
    let states = ["KAZ", "KGZ", "TJK", "TKM", "UZB"];
    let covered = powers
        .iter()
        .flat_map(|p| states.iter().map(move |s| (*p, *s)))
        .filter(|(p, s)| {
            data.relations.iter().any(|r| {
                ((r.from == *p && r.to == *s) || (r.from == *s && r.to == *p))
                    && r.figures.iter().any(|f| f.measure == "trade turnover")
            })
        })
        .count();
    assert!(covered >= 15, "trade turnover for {covered} of 20 pairs");
}

#[test]
fn figures_mode_on_the_builtin_data_names_units_and_never_picks_between_reporters() {
    let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
    app::update(&mut app, Action::ShowView(View::Matrix));
    app::update(&mut app, Action::ToggleFigures);
    assert_eq!(app.current_measure(), Some("trade turnover"));
    let screen = draw(&mut app, 100, 30).backend().to_string();
    let china = matrix_row(&screen, "China");
    assert!(china.contains("USD bn"), "{china}");
    // China-Kyrgyzstan: Chinese customs and Kyrgyz statistics differ for 2024.
    assert!(china.contains("22.7≠"), "{china}");
}

#[test]
fn a_relation_backed_by_figures_alone_counts_its_figures_in_the_list() {
    let mut app = world_app();
    let q = app.graph.find("Q").unwrap();
    app.select_actor(q);
    let screen = draw(&mut app, 100, 30).backend().to_string();
    let line = screen.lines().find(|l| l.contains("Xland") && l.contains("Trade")).expect("Q's trade with X");
    assert!(line.contains(" 1#"), "one figure, no quote: {line}");
    let line = screen.lines().find(|l| l.contains("Xland") && l.contains("Arms")).expect("Q's arms to X");
    assert!(line.contains(" 1❝"), "{line}");
}

#[test]
fn a_cell_older_than_its_column_says_its_year_and_mixed_units_are_never_bare() {
    let mut app = world_app();
    let screen = figures_matrix(&mut app);
    // Xland's column is of 2024; Yland's of 2023: nothing older there.
    assert!(!matrix_row(&screen, "Pland").contains('’'), "{screen}");
    app.set_years(None);
    // Qland-Yland in EUR, Pland-Yland in USD: at 80 columns the cells keep
    // their units (the columns scroll instead).
    let screen = draw(&mut app, 80, 24).backend().to_string();
    assert!(matrix_row(&screen, "Qland").contains("USD bn"), "{screen}");
    let mut value: serde_json::Value = serde_json::to_value(world()).unwrap();
    let old = json!({"measure": "trade turnover", "value": 7.0, "unit": "USD bn", "period": "2021",
                     "source": "stats", "reporter": "Z"});
    // Qland-Xland's only figure is from 2021 now: older than Pland-Xland's 2024.
    value["relations"][1]["figures"] = json!([old]);
    let mut app = App::new(InfluenceGraph::new(Dataset::from_json(&value.to_string()).unwrap()), Theme::new(true));
    let screen = figures_matrix(&mut app);
    assert!(matrix_row(&screen, "Qland").contains("7 USD bn ’21"), "{screen}");
    assert!(screen.contains("Xland: no largest marked, years differ (2021, 2024)"), "{screen}");
}

#[test]
fn the_sources_view_counts_and_lists_the_figures_a_source_gives() {
    let mut app = world_app();
    press(&mut app, &[F(4)]);
    let screen = draw(&mut app, 100, 30).backend().to_string();
    // "Example Statistics" gives 8 figures to 4 relations, no quote.
    let line = screen.lines().find(|l| l.contains("Example Statistics")).unwrap();
    assert!(line.contains("0❝ 8# 4r"), "{line}");
    while !draw(&mut app, 100, 30).backend().to_string().contains("Text not stored") {
        press(&mut app, &[Down]);
    }
    let mut screen = String::new();
    for _ in 0..3 {
        if screen.contains("Example Statistics") && screen.contains("figure of trade") {
            break;
        }
        screen = draw(&mut app, 100, 30).backend().to_string();
        press(&mut app, &[Down]);
    }
    assert!(screen.contains("trade turnover: 10 USD bn · 2024 · per P customs"), "{screen}");
    assert!(screen.contains("figure of trade · Pland → Xland (p-x)"), "{screen}");
}

#[test]
fn a_year_with_several_reporters_names_each_bar_and_the_disagreement_names_the_year() {
    let mut value: serde_json::Value = serde_json::to_value(world()).unwrap();
    let fig = json!({"measure": "trade turnover", "value": 6.0, "unit": "USD bn", "period": "2024",
                     "source": "stats", "reporter": "P customs"});
    value["relations"][2]["figures"].as_array_mut().unwrap().push(fig);
    let mut app = App::new(InfluenceGraph::new(Dataset::from_json(&value.to_string()).unwrap()), Theme::new(true));
    let p = app.graph.find("P").unwrap();
    app.select_actor(p);
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "p-y") {
        press(&mut app, &[Down]);
    }
    let screen = draw(&mut app, 100, 40).backend().to_string();
    assert!(screen.contains("sources disagree for 2023:"), "{screen}");
    // P customs is A, left in every year; Y statistics is B.
    assert!(screen.contains(" 5 A ") && screen.contains(" 3 B ") && screen.contains(" 6 A "), "{screen}");
    assert!(screen.contains("A per P customs · B per Y statistics"), "{screen}");
}

#[test]
fn keys_that_need_a_quote_say_why_on_a_relation_backed_by_figures_alone() {
    let mut app = world_app();
    let q = app.graph.find("Q").unwrap();
    app.select_actor(q);
    press(&mut app, &[Tab]);
    while common::relation(&app).is_some_and(|(_, r)| r != "q-x") {
        press(&mut app, &[Down]);
    }
    type_str(&mut app, "y");
    assert!(app.clipboard.is_none());
    assert!(app.status.as_deref().unwrap_or("").contains("no quote to copy"), "{:?}", app.status);
    type_str(&mut app, "o");
    assert_eq!(app.view, View::List);
    assert!(app.status.as_deref().unwrap_or("").contains("no quote to open"), "{:?}", app.status);
}

#[test]
fn gt_stops_at_the_latest_year_with_figures() {
    let mut app = world_app();
    type_str(&mut app, ">");
    assert_eq!(app.years, Some(Years::as_of(2024)));
    type_str(&mut app, ">");
    assert_eq!(app.years, Some(Years::as_of(2024)));
    assert!(app.status.as_deref().unwrap_or("").contains("2024 is the latest year"));
}

#[test]
fn the_footer_shrinks_the_kind_chips_before_it_cuts_the_filters() {
    let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
    press(&mut app, &[F(3)]);
    type_str(&mut app, "f");
    app.set_years(Some(Years::as_of(2023)));
    let footer = row(draw(&mut app, 100, 30).backend().buffer(), 28);
    assert!(footer.contains("time: as of 2023") && footer.contains("figures: trade turnover"), "{footer}");
    assert!(footer.starts_with("1:T 2:A 3:I 4:M"), "{footer}");
    // Where there is room, the chips keep their labels.
    type_str(&mut app, "f");
    let footer = row(draw(&mut app, 160, 30).backend().buffer(), 28);
    assert!(footer.starts_with("1:T Trade 2:A Arms"), "{footer}");
}

#[test]
fn enter_on_a_figures_cell_opens_its_evidence_at_the_measure() {
    let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
    press(&mut app, &[F(3)]);
    while app.current_measure() != Some("remittances from Russia") {
        type_str(&mut app, "m");
    }
    // Russia's row, Kyrgyzstan's column: Kyrgyz migrants' money home.
    type_str(&mut app, "l");
    press(&mut app, &[Enter]);
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("Figures · remittances from Russia"), "{screen}");
    assert!(!screen.contains("lines 1-"), "scrolled past the quotes before it: {screen}");
}
