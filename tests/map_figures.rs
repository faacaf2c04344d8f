//! The map in figures mode: the selected actor's ties weighted by the
//! latest whole-year figure of the selected measure, within a unit, never
//! across units, between disagreeing figures or from a group's claim.

mod common;

use greatgame::app::{self, Action, App, View};
use greatgame::data::Dataset;
use greatgame::data::figures::Years;
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};

fn app_on(data: Dataset, color: bool) -> App {
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(color));
    app::update(&mut app, Action::ShowView(View::Map));
    app
}

fn builtin(color: bool) -> App {
    app_on(Dataset::builtin(), color)
}

fn select(app: &mut App, id: &str) {
    let node = app.graph.find(id).unwrap();
    app.select_actor(node);
}

/// Figures mode on, weighting by `measure`.
fn weigh_by(app: &mut App, measure: &str) {
    if !app.figures_mode {
        app::update(app, Action::ToggleFigures);
    }
    assert!(app.figures_mode);
    for _ in 0..app.measures.len() {
        if app.current_measure() == Some(measure) {
            return;
        }
        app::update(app, Action::CycleMeasure);
    }
    assert_eq!(app.current_measure(), Some(measure), "the built-in data has figures of {measure}");
}

fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    common::draw(app, w, h).backend().buffer().clone()
}

fn screen(buf: &Buffer) -> String {
    (0..buf.area.height).map(|y| common::row(buf, y)).collect::<Vec<_>>().join("\n")
}

/// The canvas cells along the middle of the line between two capitals
/// (from 40% to 85% of the way), within a cell and a half of it:
/// the pair's parallel lines, one per kind, and nothing else's.
fn corridor(app: &App, from: &str, to: &str) -> Vec<Position> {
    let frame = app.last_frame.borrow();
    let at = |id: &str| {
        let node = app.graph.find(id).unwrap();
        let &(_, x, y) = frame.capitals.iter().find(|c| c.0 == node).expect("on the map");
        (f64::from(x), f64::from(y))
    };
    let (a, b) = (at(from), at(to));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    frame
        .map
        .positions()
        .filter(|p| {
            let (px, py) = (f64::from(p.x) - a.0, f64::from(p.y) - a.1);
            let t = (px * dx + py * dy) / len2;
            let across = (px * dy - py * dx).abs() / len2.sqrt();
            (0.4..=0.85).contains(&t) && across <= 1.5
        })
        .collect()
}

fn is_braille(symbol: &str) -> bool {
    symbol.chars().next().is_some_and(|c| ('\u{2801}'..='\u{28FF}').contains(&c))
}

fn dots(symbol: &str) -> u32 {
    symbol.chars().next().map_or(0, |c| (c as u32).wrapping_sub(0x2800).count_ones())
}

/// The braille cells of a corridor drawn in `colour`.
fn cells_in(buf: &Buffer, cells: &[Position], colour: Color) -> Vec<Position> {
    cells.iter().copied().filter(|&p| is_braille(buf[p].symbol()) && buf[p].fg == colour).collect()
}

/// How many braille dots the selected actor's lines (bold) put in a corridor.
fn bold_dots(buf: &Buffer, cells: &[Position]) -> u32 {
    cells.iter().filter(|&&p| buf[p].modifier.contains(Modifier::BOLD)).map(|&p| dots(buf[p].symbol())).sum()
}

fn mean_dots(buf: &Buffer, cells: &[Position]) -> f64 {
    let total: u32 = cells.iter().map(|&p| dots(buf[p].symbol())).sum();
    f64::from(total) / cells.len().max(1) as f64
}

#[test]
fn a_larger_figure_draws_a_thicker_brighter_line_than_a_smaller_one_of_its_unit() {
    // Kazakhstan's trade turnover, latest whole year: China 43.8 USD bn
    // (2024), Turkey 6 USD bn (2023).
    let mut app = builtin(true);
    select(&mut app, "KAZ");
    weigh_by(&mut app, "trade turnover");
    let buf = render(&mut app, 160, 48);
    let (china, turkey) = (corridor(&app, "KAZ", "CHN"), corridor(&app, "KAZ", "TUR"));
    let china_trade = cells_in(&buf, &china, Color::LightYellow);
    let turkey_trade = cells_in(&buf, &turkey, Color::Yellow);
    assert!(china_trade.len() > 5, "China's tie is drawn brighter: {}", screen(&buf));
    assert!(turkey_trade.len() > 5, "Turkey's tie in the kind's own colour");
    assert!(cells_in(&buf, &turkey, Color::LightYellow).is_empty(), "Turkey's is not the brighter");
    assert!(china_trade.iter().all(|&p| buf[p].modifier.contains(Modifier::BOLD)));
    assert!(turkey_trade.iter().all(|&p| buf[p].modifier.contains(Modifier::DIM)), "the smallest third is dim");
    let (big, small) = (mean_dots(&buf, &china_trade), mean_dots(&buf, &turkey_trade));
    assert!(big > small * 1.5, "denser: {big:.2} dots a cell against {small:.2}");
    // The legend says what the weight is and lists the figures.
    let text = screen(&buf);
    for words in ["Weight: trade turnover", "latest whole year", "within a", "43.8 USD bn 2024", "6 USD bn 2023"] {
        assert!(text.contains(words), "{words:?} in the legend: {text}");
    }
}

#[test]
fn without_figures_mode_the_map_is_as_it_was() {
    // The built-in data with figures mode off draws the same map as the
    // same data without any figure; figures mode on changes it, and off
    // again restores it.
    let mut stripped = Dataset::builtin();
    stripped.relations.iter_mut().for_each(|r| r.figures.clear());
    let mut before = app_on(stripped, true);
    let mut app = builtin(true);
    for a in [&mut before, &mut app] {
        select(a, "KAZ");
    }
    let expected = render(&mut before, 100, 30);
    let map = before.last_frame.borrow().map;
    let canvas = |buf: &Buffer| map.positions().map(|p| buf[p].clone()).collect::<Vec<_>>();
    let off = render(&mut app, 100, 30);
    assert!(canvas(&off) == canvas(&expected), "figures mode off: the map as before");
    assert!(screen(&off).contains("figures mode off"), "the legend says nothing is weighted");
    app::update(&mut app, Action::ToggleFigures);
    let on = render(&mut app, 100, 30);
    assert!(canvas(&on) != canvas(&expected), "figures mode on weights the lines");
    app::update(&mut app, Action::ToggleFigures);
    let again = render(&mut app, 100, 30);
    assert!(canvas(&again) == canvas(&expected), "off again: no weight left over");
}

#[test]
fn without_colour_the_weight_shows_as_density() {
    let mut app = builtin(false);
    select(&mut app, "KAZ");
    let off = render(&mut app, 160, 48);
    let (china, turkey) = (corridor(&app, "KAZ", "CHN"), corridor(&app, "KAZ", "TUR"));
    weigh_by(&mut app, "trade turnover");
    let on = render(&mut app, 160, 48);
    let map = app.last_frame.borrow().map;
    assert!(map.positions().all(|p| on[p].fg == Color::Reset), "no colour under NO_COLOR");
    // China's trade line gains two strands; Turkey's, the smallest, none.
    let (china_off, china_on) = (bold_dots(&off, &china), bold_dots(&on, &china));
    assert!(f64::from(china_on) > f64::from(china_off) * 1.4, "China's ties denser: {china_off} -> {china_on}");
    assert_eq!(bold_dots(&on, &turkey), bold_dots(&off, &turkey), "Turkey's as thin as before");
    // Without colour dim is the outlines': the ties stay bold.
    let mut braille = map.positions().filter(|&p| is_braille(on[p].symbol()));
    assert!(braille.all(|p| on[p].modifier.contains(Modifier::BOLD) != on[p].modifier.contains(Modifier::DIM)));
    assert!(screen(&on).contains("⠿⠿⠿"), "the legend draws the thick line: {}", screen(&on));
}

#[test]
fn the_time_filter_and_the_measure_change_the_weights() {
    let mut app = builtin(true);
    select(&mut app, "KAZ");
    weigh_by(&mut app, "trade turnover");
    let now = render(&mut app, 160, 48);
    let (china, eu) = (corridor(&app, "KAZ", "CHN"), corridor(&app, "KAZ", "EU"));
    assert!(!cells_in(&now, &china, Color::LightYellow).is_empty(), "China's 43.8 the largest");
    // As of 2022 China's trade has no whole-year figure yet (2023 is its
    // first): its line is drawn as usual; the EU's 40 USD bn (2022) leads.
    app.set_years(Some(Years::as_of(2022)));
    let then = render(&mut app, 160, 48);
    assert!(cells_in(&then, &china, Color::LightYellow).is_empty(), "no stale weight: {}", screen(&then));
    let china_trade = cells_in(&then, &china, Color::Yellow);
    assert!(!china_trade.is_empty() && china_trade.iter().all(|&p| then[p].modifier.contains(Modifier::BOLD)));
    assert!(!cells_in(&then, &eu, Color::LightYellow).is_empty(), "the EU's the largest as of 2022");
    let text = screen(&then);
    assert!(text.contains("latest whole year at or") && text.contains("before 2022"), "{text}");
    assert!(text.contains("40 USD bn 2022") && !text.contains("43.8"), "{text}");
    // Another measure: nothing of Kazakhstan's trade is weighted by it.
    app.set_years(None);
    weigh_by(&mut app, "exports");
    let exports = render(&mut app, 160, 48);
    assert!(cells_in(&exports, &china, Color::LightYellow).is_empty());
    assert!(screen(&exports).contains("Weight: exports"));
}

#[test]
fn units_are_never_compared_and_disagreeing_figures_never_picked() {
    // The EU's trade turnover: Kazakhstan 40 and Uzbekistan 4.4 USD bn;
    // Turkmenistan ≈1.87 EUR bn and Tajikistan ≈405 EUR m, each alone in its
    // unit; Kyrgyzstan's 2022 figures differ (1.319 EUR bn, 603 USD m).
    let mut app = builtin(true);
    select(&mut app, "EU");
    let off = render(&mut app, 160, 48);
    let kyrgyzstan = corridor(&app, "EU", "KGZ");
    weigh_by(&mut app, "trade turnover");
    let buf = render(&mut app, 160, 48);
    for alone in ["TKM", "TJK"] {
        let cells = corridor(&app, "EU", alone);
        let trade = cells_in(&buf, &cells, Color::Yellow);
        assert!(!trade.is_empty(), "{alone}'s trade is drawn");
        assert!(cells_in(&buf, &cells, Color::LightYellow).is_empty(), "{alone} alone in its unit: not the largest");
        assert!(trade.iter().all(|&p| buf[p].modifier.contains(Modifier::BOLD)), "{alone}: not the smallest either");
    }
    assert!(!cells_in(&buf, &corridor(&app, "EU", "KAZ"), Color::LightYellow).is_empty());
    // Kyrgyzstan's differing figures: dashed, never weighted.
    assert!(cells_in(&buf, &kyrgyzstan, Color::LightYellow).is_empty());
    let (solid, dashed) = (cells_in(&off, &kyrgyzstan, Color::Yellow), cells_in(&buf, &kyrgyzstan, Color::Yellow));
    assert!(!dashed.is_empty() && dashed.len() < solid.len(), "dashed: {} of {} cells", dashed.len(), solid.len());
    let text = screen(&buf);
    for words in ["alone in its unit", "2022: differ", "40 USD bn 2022"] {
        assert!(text.contains(words), "{words:?}: {text}");
    }
}

#[test]
fn a_figure_about_the_group_weighs_no_member() {
    // The EU's €12 billion package is for Central Asia as a whole. Made a
    // whole-year figure here, it would weigh every member's line alike if
    // it counted; it must not.
    let mut data = Dataset::builtin();
    let package = data.relations.iter_mut().find(|r| r.id == "eu-central-asia-investment").unwrap();
    package.figures.iter_mut().for_each(|f| f.period = "2024".into());
    let mut app = app_on(data, true);
    select(&mut app, "EU");
    weigh_by(&mut app, "investment package");
    let buf = render(&mut app, 160, 48);
    let map = app.last_frame.borrow().map;
    let investment = map.positions().filter(|&p| is_braille(buf[p].symbol()) && buf[p].fg == Color::Green).count();
    assert!(investment > 10, "the EU's investment ties are drawn: {}", screen(&buf));
    let weighted = map.positions().filter(|&p| [Color::LightGreen].contains(&buf[p].fg)).count();
    assert_eq!(weighted, 0, "no member weighted by the group's figure");
    assert!(screen(&buf).contains("KAZ group's figure"), "{}", screen(&buf));
}
