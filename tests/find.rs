//! Find and point: search over the evidence, mouse clicks and the wheel,
//! copying a quote (OSC 52) and links to sources (OSC 8).

mod common;

use common::{actor_id, article_app, find_text, frame, press, relation, type_str};
use greatgame::app::{self, Action, App, Pane, View};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::search::{SearchIndex, Target};
use greatgame::theme::Theme;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode::*;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

/// Types into the search line as a user would.
fn search(app: &mut App, query: &str) {
    type_str(app, "/");
    for c in query.chars() {
        let action = greatgame::keys::action_for_text(KeyEvent::new(Char(c), KeyModifiers::NONE)).unwrap();
        app::update(app, action);
    }
}

// --- search -------------------------------------------------------------------

#[test]
fn every_word_must_match_in_any_case_and_actors_come_first() {
    let data = common::article();
    let index = SearchIndex::new(&data);
    let targets = |q: &str| index.find(q).into_iter().map(|h| h.target).collect::<Vec<_>>();
    // "turkey" names an actor, two summaries... and one quote (China and Turkey).
    let hits = targets("TURKEY");
    assert_eq!(hits[0], Target::Actor(3), "actors first: {hits:?}");
    assert!(hits.iter().any(|t| matches!(t, Target::Quote(..))));
    // Both words, anywhere: only the arms sentence has both "turkey" and "arms".
    let both = targets("arms turkey");
    assert!(!both.is_empty());
    for t in &both {
        let text = greatgame::search::text(&data, *t).to_lowercase();
        assert!(text.contains("arms") && text.contains("turkey"), "{text}");
    }
    assert!(targets("turkey nuclear").is_empty(), "no text has both");
    assert!(targets("   ").is_empty());
}

#[test]
fn quoted_phrases_match_their_words_in_order() {
    let data = common::article();
    let index = SearchIndex::new(&data);
    let quotes = |q: &str| index.find(q).into_iter().filter(|h| matches!(h.target, Target::Quote(..))).count();
    assert_eq!(quotes("\"trade ties\""), 1, "the trade-ties sentence");
    assert_eq!(quotes("\"ties trade\""), 0, "in that order only");
    assert!(quotes("ties trade") >= 1, "unquoted, the words may come in any order");
    // A line break in the text is whitespace between the phrase's words.
    let mut broken = data.clone();
    let quote = &mut broken.relations[0].evidence[0].quote;
    *quote = quote.replace("trade ties", "trade\n  ties");
    let index = SearchIndex::new(&broken);
    let in_quotes = index.find("\"trade ties\"").into_iter().filter(|h| matches!(h.target, Target::Quote(..)));
    assert_eq!(in_quotes.count(), 1);
    // An unclosed quote runs to the end of the query, as while typing one.
    assert_eq!(quotes("\"trade ti"), 1);
}

#[test]
fn search_finds_what_the_views_show_beside_the_text() {
    let mut data = common::article();
    data.sources[0].title = Some("A title written for this test".into());
    let index = SearchIndex::new(&data);
    let targets = |q: &str| index.find(q).into_iter().map(|h| h.target).collect::<Vec<_>>();
    // A speaker, a publisher, a source title: the quotes they go with.
    let ministry = targets("ministry");
    assert!(!ministry.is_empty() && ministry.iter().all(|t| matches!(t, Target::Quote(0, 0))), "{ministry:?}");
    assert_eq!(targets("AFP").len(), 10, "every quote is AFP's");
    assert_eq!(targets("\"written for this\"").len(), 10);
    // A capital and an id find the actor; a group's name finds the group.
    assert_eq!(targets("astana"), [Target::Actor(4)]);
    assert_eq!(targets("TKM"), [Target::Actor(7)]);
    assert!(targets("\"central asia\"").contains(&Target::Group(0)));
    // A kind's label finds the relations of that kind.
    let investment = targets("investment");
    assert!(investment.iter().filter(|t| matches!(t, Target::Relation(_))).count() >= 3, "{investment:?}");
}

#[test]
fn snippets_are_cut_between_words() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(80, 24));
    // A word far into the Belt and Road quote, so the snippet starts mid-text.
    search(&mut app, "boost");
    let screen = frame(&app).backend().to_string();
    let line = screen.lines().find(|l| l.contains("║  …") && l.to_lowercase().contains("boost")).expect(&screen);
    let after = line.split('…').nth(1).unwrap();
    let first_word = after.split_whitespace().next().unwrap();
    let quote =
        &app.graph.data.relations.iter().flat_map(|r| &r.evidence).find(|e| e.quote.contains("boost")).unwrap().quote;
    assert!(
        quote.split_whitespace().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric())
            == first_word.trim_matches(|c: char| !c.is_alphanumeric())),
        "the snippet starts with a whole word of the quote: {first_word:?} in {line:?}"
    );
}

#[test]
fn hits_carry_where_each_word_matched() {
    let data = common::article();
    let index = SearchIndex::new(&data);
    let hit = index.find("NUCLEAR russia").into_iter().find(|h| matches!(h.target, Target::Quote(..))).unwrap();
    let text = greatgame::search::text(&data, hit.target);
    let ranges = index.ranges(&hit, "NUCLEAR russia");
    assert_eq!(&text[ranges[0].clone()], "nuclear");
    assert_eq!(&text[ranges[1].clone()], "Russia");
}

#[test]
fn enter_jumps_to_the_quote_and_esc_leaves_everything_as_it_was() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    type_str(&mut app, "jj1"); // European Union, trade hidden
    let before = (actor_id(&app), app.view, app.list.focus, app.kinds.clone());
    search(&mut app, "nuclear");
    assert!(app.search().is_some());
    press(&mut app, &[Esc]);
    assert!(app.search().is_none());
    assert_eq!((actor_id(&app), app.view, app.list.focus, app.kinds.clone()), before, "Esc restores");
    assert!(app.running, "Esc in the search line does not quit");

    search(&mut app, "nuclear plant");
    let hits = app.search().unwrap().hits.len();
    assert_eq!(hits, 2, "the summary and the quote");
    press(&mut app, &[Down, Enter]);
    assert_eq!(app.view, View::List);
    assert_eq!(actor_id(&app), "RUS");
    assert_eq!(relation(&app).unwrap(), ("KAZ".into(), "ru-investment-kaz-nuclear".into()));
    assert_eq!(app.list.focus, Pane::Sources, "a quote hit shows the quote");
    // Backspace returns to where the search started.
    press(&mut app, &[Backspace]);
    assert_eq!(actor_id(&app), "EU");
}

#[test]
fn a_hit_hidden_by_the_filters_is_shown_anyway() {
    let mut app = article_app();
    type_str(&mut app, "3d"); // investment hidden, outgoing only
    search(&mut app, "nuclear");
    press(&mut app, &[Enter]);
    assert_eq!(relation(&app).unwrap().1, "ru-investment-kaz-nuclear");
    assert!(app.kinds.allows(2), "investment is shown again");
}

#[test]
fn n_and_shift_n_step_through_hits_and_wrap() {
    let mut app = article_app();
    search(&mut app, "arms supplies");
    let n = app.search().unwrap().hits.len();
    assert_eq!(n, 4, "two summaries, two quotes");
    press(&mut app, &[Enter]);
    let first = relation(&app).unwrap();
    for _ in 0..n {
        type_str(&mut app, "n");
    }
    assert_eq!(relation(&app).unwrap(), first, "n wraps after the last hit");
    assert_eq!(app.found.as_ref().unwrap().current, 0);
    type_str(&mut app, "N");
    assert_eq!(app.found.as_ref().unwrap().current, n - 1, "N wraps before the first");
}

#[test]
fn typing_on_narrows_the_hits_and_backspace_brings_them_back() {
    let data = common::article();
    let index = SearchIndex::new(&data);
    let mut app = article_app();
    let mut typed = String::new();
    let mut seen = Vec::new();
    for c in "central asia arms".chars() {
        search_more(&mut app, c);
        typed.push(c);
        let hits = app.search().unwrap().hits.clone();
        assert_eq!(hits, index.find(&typed), "after typing {typed:?}, the same hits as a fresh search");
        seen.push(hits);
    }
    let backspace = greatgame::keys::action_for_text(KeyEvent::new(Backspace, KeyModifiers::NONE)).unwrap();
    while let Some(expected) = seen.pop() {
        assert_eq!(app.search().unwrap().hits, expected);
        app::update(&mut app, backspace.clone());
    }
    assert!(app.search().unwrap().hits.is_empty());
}

#[test]
fn typing_a_quoted_phrase_finds_it_letter_by_letter() {
    let data = common::article();
    let index = SearchIndex::new(&data);
    let mut app = article_app();
    let mut typed = String::new();
    for c in "\"trade ties\"".chars() {
        search_more(&mut app, c);
        typed.push(c);
        assert_eq!(app.search().unwrap().hits, index.find(&typed), "after typing {typed:?}");
    }
    // The sentence and our summary of it.
    assert_eq!(app.search().unwrap().hits.len(), 2);
}

/// Types one more character into the search line (opening it first).
fn search_more(app: &mut App, c: char) {
    if app.search().is_none() {
        type_str(app, "/");
    }
    let action = greatgame::keys::action_for_text(KeyEvent::new(Char(c), KeyModifiers::NONE)).unwrap();
    app::update(app, action);
}

#[test]
fn typing_q_in_the_search_line_searches_and_does_not_quit() {
    let mut app = article_app();
    search(&mut app, "q");
    assert!(app.running);
    assert_eq!(app.search().unwrap().query, "q");
    let backspace = greatgame::keys::action_for_text(KeyEvent::new(Backspace, KeyModifiers::NONE)).unwrap();
    app::update(&mut app, backspace.clone());
    assert_eq!(app.search().unwrap().query, "");
}

#[test]
fn search_popup_100x30() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    search(&mut app, "china arms");
    let terminal = frame(&app);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("/china arms"), "the query shows in the footer: {screen}");
    assert_snapshot!(terminal.backend());
}

// --- mouse ----------------------------------------------------------------------

#[test]
fn clicks_select_actors_relations_cells_and_kinds_at_100x30() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    // Actors: border at row 0, Russia 1, China 2, EU 3, Turkey 4, heading 5, Kazakhstan 6.
    common::act(&mut app, Action::Click(5, 2));
    assert_eq!(actor_id(&app), "CHN");
    common::act(&mut app, Action::Click(5, 5));
    assert_eq!(actor_id(&app), "CHN", "a click on the group heading selects nothing");
    common::act(&mut app, Action::Click(5, 6));
    assert_eq!(actor_id(&app), "KAZ");
    // Relations: border row 0, header row 1, first relation at row 2.
    common::act(&mut app, Action::Click(40, 4));
    assert_eq!(app.list.focus, Pane::Relations);
    assert_eq!(app.list.relation, 2);
    // The footer's first line: "1:T Trade 2:A Arms ..." — a click on Arms hides arms.
    common::act(&mut app, Action::Click(13, 28));
    assert!(!app.kinds.allows(1));
    common::act(&mut app, Action::Click(13, 28));
    assert!(app.kinds.allows(1));
    // Matrix: a click where China's row meets Kyrgyzstan's column, both
    // found on the drawn screen.
    press(&mut app, &[F(3)]);
    let screen = frame(&app).backend().buffer().clone();
    let (x, _) = find_text(&screen, "Kyrgyzstan");
    let (_, y) = find_text(&screen, "│China");
    common::act(&mut app, Action::Click(x + 1, y));
    assert_eq!(app.matrix_view.cell, (1, 1));
    assert_eq!(actor_id(&app), "CHN");
}

#[test]
fn a_click_on_a_capital_selects_it_on_the_map() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    press(&mut app, &[F(2)]);
    // China's marker is drawn right after its label ("China●") or before it.
    let screen = frame(&app).backend().buffer().clone();
    let (x, y) = find_text(&screen, "China");
    let marker = if screen[(x + 5, y)].symbol() == "●" { x + 5 } else { x - 1 };
    assert_eq!(screen[(marker, y)].symbol(), "●");
    common::act(&mut app, Action::Click(marker, y));
    assert_eq!(actor_id(&app), "CHN");
    // Far from any capital (the map's bottom-left corner): nothing changes.
    let inner = app.last_frame.borrow().map;
    common::act(&mut app, Action::Click(inner.x + 1, inner.bottom() - 1));
    assert_eq!(actor_id(&app), "CHN");
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_without_moving_focus() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    assert_eq!(app.list.focus, Pane::Actors);
    common::act(&mut app, Action::Wheel(40, 5, true));
    assert_eq!(app.list.relation, 1, "the relations pane moved");
    assert_eq!(actor_id(&app), "RUS");
    assert_eq!(app.list.focus, Pane::Actors);
    common::act(&mut app, Action::Wheel(5, 5, true));
    assert_eq!(actor_id(&app), "CHN");
    // Over an open popup the wheel scrolls it.
    type_str(&mut app, "?");
    common::act(&mut app, Action::Wheel(50, 15, true));
    assert_eq!(common::help_scroll(&app), 1);
}

// --- copy and links ---------------------------------------------------------------

#[test]
fn y_copies_the_selected_quote_with_its_citation() {
    let mut app = article_app();
    app::update(&mut app, Action::Resize(100, 30));
    press(&mut app, &[Tab, Tab, Down]); // evidence pane, second quote
    type_str(&mut app, "y");
    assert_eq!(
        app.clipboard.as_deref(),
        Some(
            "“All five Central Asian states maintain close cultural and economic links with Russia.” — AFP's own reporting · 2025-10-08"
        )
    );
    let screen = frame(&app).backend().to_string();
    assert!(screen.contains("Copied quote 2/2 with its citation"), "{screen}");
    type_str(&mut app, "j");
    let screen = frame(&app).backend().to_string();
    assert!(!screen.contains("Copied quote"), "the note goes with the next key");
}

#[test]
fn a_safe_url_is_a_hyperlink_and_an_unsafe_one_is_plain_text() {
    let data = Dataset::from_bytes(&std::fs::read("tests/fixtures/links.json").unwrap()).unwrap();
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    app::update(&mut app, Action::Resize(100, 30));
    // Alphaland's trade relation with Betaland has the two linked quotes.
    press(&mut app, &[Tab, Tab]);
    assert_eq!(relation(&app).unwrap().1, "a-trade-b");
    press(&mut app, &[Down, Down]);
    assert_eq!(app.list.quote, 2);
    let terminal = frame(&app);
    let cells: Vec<String> = terminal.backend().buffer().content().iter().map(|c| c.symbol().to_string()).collect();
    let links: Vec<&String> = cells.iter().filter(|s| s.contains("\u{1b}]8;;")).collect();
    assert!(!links.is_empty(), "the https url is a link");
    for l in &links {
        assert!(l.starts_with("\u{1b}]8;;https://example.org/news?id=7&lang=en\u{7}"), "{l:?}");
        assert!(l.ends_with("\u{1b}]8;;\u{7}"));
    }
    assert!(!cells.iter().any(|s| s.contains("javascript") && s.contains('\u{1b}')), "javascript: is never a link");
    let screen = terminal.backend().to_string();
    assert!(screen.contains("javascript:alert(1)"), "but it shows as text: {screen}");
    // What the terminal shows: a link cell stands for its two characters
    // (its width is forced to them), and the cell after it is not drawn.
    let buf = terminal.backend().buffer();
    let shown: String = (0..buf.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let symbol = buf[(x, y)].symbol();
                match symbol.strip_prefix("\u{1b}]8;;").and_then(|r| r.split_once('\u{7}')) {
                    Some((_, rest)) => {
                        let text = rest.trim_end_matches("\u{1b}]8;;\u{7}");
                        line.push_str(text);
                        x += text.chars().count() as u16;
                    }
                    None => {
                        line.push_str(symbol);
                        x += 1;
                    }
                }
            }
            line + "\n"
        })
        .collect();
    assert!(shown.contains("↗ https://example.org/news?id=7&lang=en"), "the url reads whole: {shown}");
    // And ratatui writes the rest of the url's row: its right border too.
    let (_, y) = find_text(buf, "↗");
    let empty = ratatui::buffer::Buffer::empty(buf.area);
    let written: Vec<u16> = empty.diff(buf).into_iter().filter(|(_, row, _)| *row == y).map(|(x, _, _)| x).collect();
    assert!(written.contains(&(buf.area.width - 1)), "the border after a link is drawn: {written:?}");
    assert!(shown.contains("┘") && shown.lines().all(|l| l.chars().count() <= 100), "borders drawn, no overflow");
}

// --- figures are findable ----------------------------------------------------

fn figures_data() -> Dataset {
    Dataset::from_json(&std::fs::read_to_string("tests/fixtures/figures.json").unwrap()).unwrap()
}

#[test]
fn search_finds_relations_by_their_figures_measures_reporters_notes_and_publishers() {
    let data = figures_data();
    let index = SearchIndex::new(&data);
    let relations = |q: &str| {
        index
            .find(q)
            .into_iter()
            .filter_map(|h| match h.target {
                Target::Relation(r) => Some(data.relations[r].id.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // A reporter: Alphaland's customs report both of its trade relations.
    assert_eq!(relations("customs"), ["a-trade-b", "a-trade-c"]);
    // A measure, a note, a publisher, a source's title.
    assert_eq!(relations("remittances"), ["south-migration-a"]);
    assert_eq!(relations("\"banks only\""), ["south-migration-a"]);
    assert_eq!(relations("\"example bank\""), ["south-migration-a"]);
    assert_eq!(relations("yearbook"), ["a-trade-b"], "the Betaland statistics office's yearbook");
    assert_eq!(relations("\"trade balance\""), ["a-trade-b"]);
    // What no figure says finds nothing.
    assert!(relations("\"fdi stock\"").is_empty());
}

#[test]
fn enter_on_a_figure_hit_goes_to_its_relation() {
    let mut app = App::new(InfluenceGraph::new(figures_data()), Theme::new(true));
    app::update(&mut app, Action::Resize(100, 30));
    search(&mut app, "remittances");
    assert_eq!(app.search().unwrap().hits.len(), 1);
    press(&mut app, &[Enter]);
    assert_eq!(app.view, View::List);
    let (_, relation) = relation(&app).expect("a relation selected");
    assert_eq!(relation, "south-migration-a");
}
