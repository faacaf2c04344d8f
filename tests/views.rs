//! The map and matrix views: geographic navigation, matrix cells against the
//! built-in data, view switching with shared state, and whole screens.

mod common;

use common::{actor_id, article_app, draw, press, type_str};
use greatgame::app::{self, Action, App, Pane, View};
use greatgame::geo::{Heading, nearest_in_direction};
use greatgame::graph::{Direction, InfluenceGraph, KindFilter, Scope, Tie};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode::*;

fn select(app: &mut App, id: &str) {
    let node = app.graph.find(id).unwrap();
    app.select_actor(node);
}

// --- nearest actor in a direction -------------------------------------------

fn capitals() -> (Vec<String>, Vec<Option<(f64, f64)>>) {
    let data = common::article();
    (data.actors.iter().map(|a| a.id.clone()).collect(), data.actors.iter().map(|a| a.lon_lat()).collect())
}

fn step(from: &str, heading: Heading) -> Option<String> {
    let (ids, points) = capitals();
    let from = ids.iter().position(|i| i == from).unwrap();
    nearest_in_direction(&points, from, heading).map(|i| ids[i].clone())
}

#[test]
fn from_kazakhstan_down_goes_to_a_southern_neighbour_and_right_to_china() {
    let down = step("KAZ", Heading::South).unwrap();
    assert_eq!(down, "KGZ", "Bishkek: 8.3° south, 2° aside beats Tashkent: 9.9° south, 1.4° aside");
    assert_eq!(step("KAZ", Heading::East).as_deref(), Some("CHN"));
    assert_eq!(step("KAZ", Heading::North).as_deref(), None, "nothing lies north of Astana but Moscow's west");
}

#[test]
fn westward_and_eastward_steps_follow_the_map() {
    assert_eq!(step("CHN", Heading::West).as_deref(), Some("KGZ"));
    assert_eq!(step("TUR", Heading::West).as_deref(), Some("EU"));
    assert_eq!(step("EU", Heading::East).as_deref(), Some("RUS"));
    assert_eq!(step("TKM", Heading::West).as_deref(), Some("TUR"));
}

#[test]
fn no_actor_in_that_direction_gives_none() {
    // China is the easternmost capital; Brussels the westernmost.
    assert_eq!(step("CHN", Heading::East), None);
    assert_eq!(step("EU", Heading::West), None);
    assert_eq!(nearest_in_direction(&[Some((0.0, 0.0))], 0, Heading::North), None);
    assert_eq!(nearest_in_direction(&[], 0, Heading::North), None);
}

#[test]
fn actors_off_the_map_are_never_a_step_away() {
    // The nearest point north has no coordinates (a company, say): the step
    // goes past it, and from it there is no step at all.
    let points = [Some((0.0, 0.0)), None, Some((0.5, 9.0))];
    assert_eq!(nearest_in_direction(&points, 0, Heading::North), Some(2));
    assert_eq!(nearest_in_direction(&points, 1, Heading::North), None);
}

#[test]
fn ties_go_to_the_earlier_actor() {
    // Two points mirrored around the heading's axis, equally far.
    let points = [Some((0.0, 0.0)), Some((1.0, 5.0)), Some((-1.0, 5.0))];
    assert_eq!(nearest_in_direction(&points, 0, Heading::North), Some(1));
    let points = [Some((0.0, 0.0)), Some((-1.0, 5.0)), Some((1.0, 5.0))];
    assert_eq!(nearest_in_direction(&points, 0, Heading::North), Some(1));
}

#[test]
fn points_far_off_the_heading_are_not_in_that_direction() {
    // Almost due east is not "north".
    let points = [Some((0.0, 0.0)), Some((10.0, 1.0))];
    assert_eq!(nearest_in_direction(&points, 0, Heading::North), None);
    assert_eq!(nearest_in_direction(&points, 0, Heading::East), Some(1));
}

// --- matrix cells ---------------------------------------------------------------

fn cell(g: &InfluenceGraph, row: &str, col: &str, kinds: &KindFilter) -> Vec<Option<Tie>> {
    let r = g.find(row).unwrap();
    let c = g.find(col).unwrap();
    g.matrix_cells(&[r], &[c], kinds, Direction::All)
        .cell(0, 0)
        .cloned()
        .unwrap_or_else(|| vec![None; g.data.kinds.len()])
}

fn letters(g: &InfluenceGraph, tie: &[Option<Tie>]) -> String {
    let letters = greatgame::text::kind_letters(&g.data.kinds);
    tie.iter()
        .zip(letters)
        .filter_map(|(t, l)| {
            t.map(|t| match t.scope {
                Scope::Country => l,
                Scope::Regional => l.to_ascii_lowercase(),
            })
        })
        .collect()
}

#[test]
fn matrix_axes_are_outside_powers_against_central_asia() {
    let g = InfluenceGraph::new(common::article());
    let (rows, cols) = g.matrix_axes(Some("central-asia"));
    let ids = |v: &[petgraph::graph::NodeIndex]| v.iter().map(|&n| g.actor(n).id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&rows), ["RUS", "CHN", "EU", "TUR"]);
    assert_eq!(ids(&cols), ["KAZ", "KGZ", "TJK", "TKM", "UZB"]);
}

#[test]
fn matrix_cells_match_the_article() {
    let g = InfluenceGraph::new(common::article());
    let all = KindFilter::all(g.data.kinds.len());
    // Russia and Kazakhstan: regional trade and migration, and the nuclear
    // plant, the one country-specific claim.
    assert_eq!(letters(&g, &cell(&g, "RUS", "KAZ", &all)), "tIm");
    assert_eq!(letters(&g, &cell(&g, "RUS", "UZB", &all)), "tm");
    assert_eq!(letters(&g, &cell(&g, "CHN", "TJK", &all)), "tai");
    assert_eq!(letters(&g, &cell(&g, "EU", "TKM", &all)), "ti");
    assert_eq!(letters(&g, &cell(&g, "TUR", "KGZ", &all)), "a");
    // The kind filter applies: with only arms, Russia and Kazakhstan are silent.
    let arms = KindFilter::only(g.data.kinds.len(), 1);
    assert_eq!(letters(&g, &cell(&g, "RUS", "KAZ", &arms)), "");
    assert_eq!(letters(&g, &cell(&g, "CHN", "KAZ", &arms)), "a");
    // Counts: China and Kazakhstan have one edge of each of three kinds.
    let edges: Vec<usize> = cell(&g, "CHN", "KAZ", &all).iter().map(|t| t.map_or(0, |t| t.edges)).collect();
    assert_eq!(edges, [1, 1, 1, 0]);
}

// --- update in the views ----------------------------------------------------------

#[test]
fn v_cycles_views_and_function_keys_jump() {
    let mut app = article_app();
    assert_eq!(app.view, View::List);
    type_str(&mut app, "v");
    assert_eq!(app.view, View::Map);
    type_str(&mut app, "v");
    assert_eq!(app.view, View::Matrix);
    type_str(&mut app, "v");
    assert_eq!(app.view, View::Sources);
    type_str(&mut app, "v");
    assert_eq!(app.view, View::List);
    press(&mut app, &[F(4)]);
    assert_eq!(app.view, View::Sources);
    press(&mut app, &[F(3)]);
    assert_eq!(app.view, View::Matrix);
    press(&mut app, &[F(2)]);
    assert_eq!(app.view, View::Map);
}

#[test]
fn arrows_on_the_map_move_between_capitals_and_enter_shows_the_evidence() {
    let mut app = article_app();
    select(&mut app, "KAZ");
    press(&mut app, &[F(2), Right]);
    assert_eq!(actor_id(&app), "CHN");
    press(&mut app, &[Right]);
    assert_eq!(actor_id(&app), "CHN", "nothing east of Beijing: stays");
    press(&mut app, &[Left]);
    assert_eq!(actor_id(&app), "KGZ");
    press(&mut app, &[Enter]);
    assert_eq!(app.view, View::List);
    assert_eq!(app.list.focus, Pane::Relations);
    assert_eq!(actor_id(&app), "KGZ");
}

#[test]
fn filters_and_selection_are_shared_between_views() {
    let mut app = article_app();
    type_str(&mut app, "jj"); // European Union
    type_str(&mut app, "1d"); // trade off, outgoing only
    press(&mut app, &[F(3)]);
    assert_eq!(app.matrix_view.cell.0, 2, "the matrix cursor starts on the EU's row");
    assert!(!app.kinds.allows(0));
    assert_eq!(app.direction, Direction::Outgoing);
    press(&mut app, &[Down]);
    assert_eq!(actor_id(&app), "TUR");
    press(&mut app, &[Right, Right]);
    assert_eq!(actor_id(&app), "TJK", "moving along a row selects the column's actor");
    press(&mut app, &[F(1)]);
    assert_eq!(actor_id(&app), "TJK");
    assert!(!app.kinds.allows(0));
}

#[test]
fn enter_on_a_matrix_cell_opens_the_pair_and_esc_closes_it_without_quitting() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    press(&mut app, &[F(3), Enter]);
    let pair = common::pair(&app).expect("popup open");
    assert_eq!(pair.row, "RUS");
    assert_eq!(pair.col, "KAZ");
    // The popup is modal: arrows choose its quotes, they do not move the cursor.
    press(&mut app, &[Down, Down]);
    assert_eq!(app.matrix_view.cell, (0, 0));
    assert_eq!(common::pair(&app).unwrap().quote, 2);
    // y copies the chosen quote (the nuclear plant, third of the pair's
    // four); o opens it in its source.
    type_str(&mut app, "y");
    assert!(
        app.clipboard
            .as_deref()
            .is_some_and(|c| c.starts_with("“Russia is set to build Kazakhstan's first nuclear plant”")),
        "{:?}",
        app.clipboard
    );
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("▶ [1/1] AFP's own reporting"), "the chosen quote is marked: {screen}");
    app::update(&mut app, Action::Resize(80, 24));
    assert!(common::pair(&app).is_some(), "a resize keeps the popup open");
    press(&mut app, &[Esc]);
    assert!(common::pair(&app).is_none());
    assert!(app.running);
}

#[test]
fn backspace_returns_to_the_previous_actor_from_any_view() {
    let mut app = article_app();
    press(&mut app, &[Enter, Enter]); // Russia: relations, follow to Kazakhstan
    assert_eq!(actor_id(&app), "KAZ");
    press(&mut app, &[F(2), Backspace]);
    assert_eq!(actor_id(&app), "RUS");
    assert_eq!(app.view, View::List, "back to where the relation was followed, in the list");
    // Enter on the map opens the list; Backspace returns to the map.
    press(&mut app, &[F(2), Enter]);
    assert_eq!(app.view, View::List);
    press(&mut app, &[Backspace]);
    assert_eq!(app.view, View::Map);
    assert_eq!(actor_id(&app), "RUS");
}

// --- screens --------------------------------------------------------------------

#[test]
fn map_100x30() {
    let mut app = article_app();
    select(&mut app, "KAZ");
    type_str(&mut app, "v");
    let terminal = draw(&mut app, 100, 30);
    let screen = terminal.backend().to_string();
    for name in ["Kazakhstan", "China", "Russia", "Turkey", "European Union"] {
        assert!(screen.contains(name), "{name} not labelled: {screen}");
    }
    assert!(screen.contains("◉"), "selected capital marked");
    assert!(screen.contains("Legend"));
    assert_snapshot!(terminal.backend());
}

#[test]
fn map_80x24() {
    let mut app = article_app();
    type_str(&mut app, "v");
    let terminal = draw(&mut app, 80, 24);
    // Every kind of Russia's ties is drawn, and every actor labelled (by
    // id where names do not fit).
    let buf = terminal.backend().buffer();
    for colour in [Color::Yellow, Color::Green, Color::Cyan] {
        assert!(cells_in(&app, buf, colour) > 2, "{colour:?}");
    }
    let screen = terminal.backend().to_string();
    for (name, id) in app.graph.data.actors.iter().map(|a| (&a.name, &a.id)) {
        assert!(screen.contains(name.as_str()) || screen.contains(id.as_str()), "{name} not labelled");
    }
    assert_snapshot!(terminal.backend());
}

#[test]
fn matrix_100x30() {
    let mut app = article_app();
    press(&mut app, &[F(3)]);
    let terminal = draw(&mut app, 100, 30);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("tIm"), "Russia-Kazakhstan cell: {screen}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn matrix_80x24_with_arms_only_shows_gaps() {
    let mut app = article_app();
    press(&mut app, &[F(3)]);
    type_str(&mut app, "134");
    let terminal = draw(&mut app, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains('·'), "silent cells are marked: {screen}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn matrix_pair_popup_100x30() {
    let mut app = article_app();
    press(&mut app, &[F(3), Enter]);
    let terminal = draw(&mut app, 100, 30);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Russia and Kazakhstan"), "{screen}");
    assert!(screen.contains("attributed to Kazakhstan's foreign ministry"), "{screen}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn matrix_totals_count_edges_per_kind_for_each_row_and_column() {
    let g = InfluenceGraph::new(common::article());
    let (rows, cols) = g.matrix_axes(Some("central-asia"));
    let m = g.matrix_cells(&rows, &cols, &KindFilter::all(4), Direction::All);
    // Kinds: trade, arms, investment, migration.
    assert_eq!(m.row_totals[0], [5, 0, 1, 5], "Russia");
    assert_eq!(m.row_totals[1], [5, 5, 5, 0], "China");
    assert_eq!(m.row_totals[3], [0, 5, 0, 0], "Turkey");
    assert_eq!(m.col_totals[0], [3, 2, 3, 1], "Kazakhstan");
    assert_eq!(m.col_totals[1], [3, 2, 2, 1], "Kyrgyzstan: no nuclear plant");
    // Cells agree with the per-actor query, and the filter applies.
    let kaz = m.cell(0, 0).unwrap();
    assert_eq!(kaz[2].map(|t| t.scope), Some(Scope::Country));
    let arms = g.matrix_cells(&rows, &cols, &KindFilter::only(4, 1), Direction::All);
    assert!(arms.cell(0, 0).is_none(), "Russia and Kazakhstan: nothing on arms");
    assert_eq!(arms.row_totals[1], [0, 5, 0, 0]);
}

#[test]
fn a_dataset_with_many_kinds_draws_its_matrix() {
    // 16 kinds: more than the digit keys reach, more letters than a column.
    let mut data = common::article();
    for i in 4..16 {
        data.kinds.push(greatgame::data::Kind {
            id: format!("k{i}"),
            label: format!("Kind {i}"),
            directed: true,
            color: "blue".into(),
            ..Default::default()
        });
    }
    // The nuclear plant now of the 16th kind: its letter must show in
    // Russia's cell with Kazakhstan, whatever the size.
    data.relations.iter_mut().find(|r| r.id == "ru-investment-kaz-nuclear").unwrap().kind = "k15".into();
    let letter = greatgame::text::kind_letters(&data.kinds)[15];
    let mut app = App::new(InfluenceGraph::new(data), greatgame::theme::Theme::new(true));
    press(&mut app, &[F(3)]);
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let terminal = draw(&mut app, w, h);
        let buf = terminal.backend().buffer();
        let screen = terminal.backend().to_string();
        assert!(screen.contains("Kazakhstan") || screen.contains("KAZ"), "{screen}");
        let grid = app.last_frame.borrow().grid;
        let russia = common::row(buf, grid.inner.y + 1);
        assert!(russia.contains("Russia"), "{russia}");
        let cell: String = russia.chars().skip(usize::from(grid.inner.x) + grid.header_w).take(grid.col_w).collect();
        assert!(cell.contains(letter), "{letter} for the 16th kind in Russia/Kazakhstan at {w}x{h}: {cell:?}");
    }
}

#[test]
fn in_a_square_matrix_a_directed_tie_has_one_cell() {
    // All actors on both axes: Russia's investment in Kazakhstan's nuclear
    // plant sits at (Russia, Kazakhstan), not at (Kazakhstan, Russia).
    let g = InfluenceGraph::new(common::article());
    let (rows, cols) = g.matrix_axes(None);
    assert_eq!(rows, cols);
    let at = |id: &str| rows.iter().position(|&n| g.actor(n).id == id).unwrap();
    let m = g.matrix_cells(&rows, &cols, &KindFilter::all(4), Direction::All);
    let investment = |r: &str, c: &str| m.cell(at(r), at(c)).and_then(|t| t[2]);
    assert!(investment("RUS", "KAZ").is_some());
    assert!(investment("KAZ", "RUS").is_none(), "a directed tie belongs to one cell");
    // Trade is undirected: both cells.
    let trade = |r: &str, c: &str| m.cell(at(r), at(c)).and_then(|t| t[0]);
    assert!(trade("RUS", "KAZ").is_some() && trade("KAZ", "RUS").is_some());
    // Whatever the direction filter, it stays in its own cell.
    for direction in [Direction::Outgoing, Direction::Incoming] {
        let m = g.matrix_cells(&rows, &cols, &KindFilter::all(4), direction);
        assert!(m.cell(at("RUS"), at("KAZ")).and_then(|t| t[2]).is_some_and(|t| !t.incoming), "{direction:?}");
        assert!(m.cell(at("KAZ"), at("RUS")).and_then(|t| t[2]).is_none(), "{direction:?}");
    }
}

#[test]
fn a_tie_from_column_to_row_is_marked_incoming() {
    // Migration runs from Central Asia to Russia: in Russia's row it is
    // incoming, unlike the nuclear plant (Russia -> Kazakhstan).
    let g = InfluenceGraph::new(common::article());
    let kaz = cell(&g, "RUS", "KAZ", &KindFilter::all(4));
    assert!(kaz[3].unwrap().incoming, "migration");
    assert!(!kaz[2].unwrap().incoming, "investment");
    assert!(!kaz[0].unwrap().incoming, "trade is undirected");
    // On screen: the migration letter is underlined, the others are not.
    let mut app = article_app();
    press(&mut app, &[F(3)]);
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    let (x, y) = common::find_text(buf, "tIm");
    assert!(buf[(x + 2, y)].modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert!(!buf[(x + 1, y)].modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert!(terminal.backend().to_string().contains("Underlined: the tie runs column → row"));
}

#[test]
fn c_cycles_the_matrix_columns_through_the_groups_and_all_actors() {
    let mut app = article_app();
    press(&mut app, &[F(3)]);
    assert_eq!(app.matrix_view.columns.as_deref(), Some("central-asia"));
    type_str(&mut app, "C");
    assert_eq!(app.matrix_view.columns, None);
    assert_eq!(app.matrix_view.rows.len(), 9);
    assert_eq!(app.matrix_view.cols.len(), 9);
    let screen = draw(&mut app, 100, 30).backend().to_string();
    assert!(screen.contains("every actor against every actor"), "{screen}");
    assert!(screen.contains("row = from, column = to"), "{screen}");
    type_str(&mut app, "C");
    assert_eq!(app.matrix_view.columns.as_deref(), Some("central-asia"));
    // Outside the matrix, C does nothing.
    press(&mut app, &[F(1)]);
    type_str(&mut app, "C");
    assert_eq!(app.matrix_view.columns.as_deref(), Some("central-asia"));
}

#[test]
fn matrix_columns_show_names_when_they_fit_and_name_the_ids_when_not() {
    let data = greatgame::synth::generate(&greatgame::synth::Params {
        actors: 200,
        relations: 2000,
        quotes_per_relation: 1,
        seed: 1,
    });
    let mut app = App::new(InfluenceGraph::new(data), greatgame::theme::Theme::new(true));
    press(&mut app, &[F(3)]);
    let screen = draw(&mut app, 200, 60).backend().to_string();
    let first = app.graph.actor(app.matrix_view.cols[0]);
    assert!(screen.contains(first.name.as_str()), "{} fits at 200 columns: {screen}", first.name);
    // All 200 actors as columns: ids, each named in the legend.
    type_str(&mut app, "C");
    while app.matrix_view.columns.is_some() {
        type_str(&mut app, "C");
    }
    let screen = draw(&mut app, 200, 60).backend().to_string();
    let first = app.graph.actor(app.matrix_view.cols[0]);
    assert!(screen.contains(&format!("{} {}", first.id, first.name)), "{screen}");
}

// --- the map tells the truth -------------------------------------------------------

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn is_braille(symbol: &str) -> bool {
    symbol.chars().next().is_some_and(|c| ('\u{2801}'..='\u{28FF}').contains(&c))
}

/// How many canvas cells (inside the map's border) are drawn in `colour`.
fn cells_in(app: &App, buf: &Buffer, colour: Color) -> usize {
    let map = app.last_frame.borrow().map;
    map.positions().filter(|&p| is_braille(buf[p].symbol()) && buf[p].fg == colour).count()
}

#[test]
fn the_map_draws_every_kind_of_a_pair_tied_by_several() {
    // Russia is tied to each Central Asian state by trade and migration (and
    // to Kazakhstan by investment too): each kind gets its own line.
    for (w, h) in [(160, 48), (80, 24)] {
        let mut app = article_app();
        press(&mut app, &[F(2)]);
        let terminal = draw(&mut app, w, h);
        let buf = terminal.backend().buffer();
        for (kind, colour) in [("trade", Color::Yellow), ("investment", Color::Green), ("migration", Color::Cyan)] {
            assert!(cells_in(&app, buf, colour) > 2, "{kind} is drawn at {w}x{h}: {}", terminal.backend());
        }
        assert_eq!(cells_in(&app, buf, Color::Red), 0, "Russia has no arms tie");
        // The legend counts what is drawn: a line per counterpart and kind.
        let legend = terminal.backend().to_string();
        for line in ["T Trade 5", "A Arms 0", "I Investment 1", "M Migration 5"] {
            assert!(legend.contains(line), "{line} at {w}x{h}");
        }
    }
}

#[test]
fn directed_ties_show_arrowheads_towards_the_recipient() {
    let mut app = article_app();
    select(&mut app, "KAZ");
    press(&mut app, &[F(2)]);
    let terminal = draw(&mut app, 160, 48);
    let buf = terminal.backend().buffer();
    // Kazakhstan sends migrants to Russia and gets arms from China and Turkey.
    let heads: Vec<(Color, &str)> = app
        .last_frame
        .borrow()
        .map
        .positions()
        .filter(|&p| "→↘↓↙←↖↑↗".contains(buf[p].symbol()) && buf[p].symbol() != " ")
        .map(|p| (buf[p].fg, buf[p].symbol()))
        .collect();
    // Moscow lies west of Astana, a little north.
    assert!(heads.contains(&(Color::Cyan, "←")), "migration points to Moscow: {heads:?}");
    // Arms come from Turkey (south-west: the head points north-east) and
    // from China (east: the head points west).
    assert!(heads.contains(&(Color::Red, "↗")) && heads.contains(&(Color::Red, "←")), "{heads:?}");
    assert!(heads.iter().all(|&(c, _)| c != Color::Yellow), "trade is undirected: no head: {heads:?}");
    assert!(terminal.backend().to_string().contains("arrowhead: towards the"));
}

#[test]
fn map_labels_are_one_style_from_first_letter_to_last() {
    let mut app = article_app();
    press(&mut app, &[F(2)]);
    for (w, h) in [(100, 30), (160, 48)] {
        let terminal = draw(&mut app, w, h);
        let buf = terminal.backend().buffer();
        for name in ["Uzbekistan", "Turkmenistan", "Kazakhstan", "China"] {
            let Some((x, y)) = common::try_find_text(buf, name) else { continue };
            let first = buf[(x, y)].style();
            for dx in 1..name.len() as u16 {
                assert_eq!(buf[(x + dx, y)].style(), first, "{name} at {w}x{h}: letter {dx} differs");
            }
        }
    }
}

#[test]
fn without_colour_the_selected_ties_stand_apart_from_outlines() {
    let mut app = App::new(InfluenceGraph::new(common::article()), greatgame::theme::Theme::new(false));
    press(&mut app, &[F(2)]);
    let terminal = draw(&mut app, 100, 30);
    let buf = terminal.backend().buffer();
    let map = app.last_frame.borrow().map;
    let braille: Vec<Modifier> =
        map.positions().filter(|&p| is_braille(buf[p].symbol())).map(|p| buf[p].modifier).collect();
    let bold = braille.iter().filter(|m| m.contains(Modifier::BOLD)).count();
    let dim = braille.iter().filter(|m| m.contains(Modifier::DIM)).count();
    assert!(bold > 10 && dim > 100, "ties bold ({bold}), outlines dim ({dim})");
    assert!(braille.iter().all(|m| m.contains(Modifier::BOLD) != m.contains(Modifier::DIM)));
    assert!(map.positions().all(|p| buf[p].fg == Color::Reset), "no colour under NO_COLOR");
}

#[test]
fn other_ties_have_a_colour_of_their_own() {
    let mut app = article_app();
    select(&mut app, "TUR");
    press(&mut app, &[F(2)]);
    let terminal = draw(&mut app, 160, 48);
    let buf = terminal.backend().buffer();
    let others = cells_in(&app, buf, Color::Blue);
    assert!(others > 10, "Russia's, China's and the EU's ties show as other ties: {others}");
    for border in [Color::Gray, Color::DarkGray] {
        assert!(cells_in(&app, buf, border) > 0, "borders stay grey");
    }
    assert!(terminal.backend().to_string().contains("blue: other ties"));
}
