//! Hostile data: files made to break the loader or to act on the user's
//! terminal. Nothing panics, every problem is reported, the text is kept as
//! written, and no control character reaches a cell of the screen or what
//! the commands print.

mod common;

use std::fs;

use common::greatgame;
use greatgame::app::{self, Action, App, View};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn hostile_app() -> App {
    app_of("tests/fixtures/hostile.json")
}

fn app_of(path: &str) -> App {
    let bytes = fs::read(path).unwrap();
    let data = Dataset::from_bytes(&bytes).expect("hostile but valid");
    App::new(InfluenceGraph::new(data), Theme::new(true))
}

/// A character that could act on a terminal or hide what text says:
/// controls, bidi controls, zero-width and other invisible format
/// characters, fillers, separators, tags and noncharacters.
fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{AD}' | '\u{34F}' | '\u{600}'
                ..='\u{605}' | '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{3164}' | '\u{FFA0}'
        )
        || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
        || matches!(c, '\u{FDD0}'..='\u{FDEF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{FFFE}' | '\u{FFFF}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
}

/// Every cell of one frame, as (symbol, what the test calls it).
fn dangerous_cells(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .filter(|s| s.chars().any(dangerous))
        .map(String::from)
        .collect()
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let bytes = fs::read("tests/fixtures/bom.json").unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(Dataset::from_bytes(&bytes).is_ok());
}

#[test]
fn a_20_mb_quote_is_refused_quickly_with_its_place() {
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let huge = "x".repeat(20 * 1024 * 1024);
    let text = text.replacen("A sells arms to the south", &huge, 1);
    let problems = Dataset::from_json(&text).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .starts_with("relations[0] (a-arms-south) evidence[0] \"quote\": 20971520 characters long"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].at, Some((69, 11)), "the line and column of the quote's key");
    // With a shape error too, the diagnostic pass reads the 20 MB again and
    // still reports both, each where it is.
    let text = text.replacen("\"lat\": 10.0", "\"lat\": \"10.0\"", 1);
    let problems = Dataset::from_json(&text).unwrap_err();
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[0],
        "actors[0] (AAA) \"lat\": expected a number or null, found the string \"10.0\" (write numbers without quotes) (22:7)"
    );
    assert!(lines[1].ends_with("(69:11)"), "{lines:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let problems = Dataset::from_json(&text).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "1:1: expected a dataset (an object with \"title\", \"kinds\", \"actors\", \"sources\" and \"relations\"), found a list"
    );
    // Nesting where the format has no room for it fails at its first level.
    let text = format!("{{\"title\": \"t\", \"kinds\": {}", "[".repeat(100_000));
    let problems = Dataset::from_json(&text).unwrap_err();
    assert!(problems[0].at.is_some(), "{}", problems[0]);
}

#[test]
fn problems_quote_what_the_file_holds_inertly() {
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A shape error (the slow path), an unknown reference, an unknown field
    // and a bad date, each carrying escape sequences or bidi controls.
    value["actors"][0]["lat"] = "\u{1b}]0;pwned\u{7}".into();
    value["relations"][0]["kind"] = "\u{1b}[2J".into();
    value["relations"][0]["id"] = "x\u{202e}y".into();
    value["actors"][1]["\u{1b}[31mkey"] = 1.into();
    value["sources"][0]["date"] = "\u{9b}2J".into();
    let problems = Dataset::from_json(&value.to_string()).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:?}");
    for p in &problems {
        let line = p.to_string();
        assert!(!line.chars().any(dangerous), "{line:?}");
    }
}

#[test]
fn hostile_strings_are_kept_exactly_as_written() {
    let app = hostile_app();
    let data = &app.graph.data;
    assert_eq!(data.actors[0].name, "Alpha\u{1b}[2Jland");
    assert_eq!(data.actors[1].name, "Beta\u{202e}land");
    assert_eq!(data.relations[0].evidence[0].quote, "A sells \u{1b}[H\u{1b}[2J arms \u{9b}2J to the\nsouth \u{feff}");
    assert_eq!(data.title, "Hostile \u{1b}]0;pwned\u{7} title");
}

#[test]
fn no_control_character_reaches_any_cell_in_any_view_or_size() {
    for fixture in ["tests/fixtures/hostile.json", "tests/fixtures/invisible.json"] {
        for view in View::ALL {
            for (w, h) in [(100, 30), (80, 24), (120, 40), (40, 10)] {
                let mut app = app_of(fixture);
                app::update(&mut app, Action::ShowView(view));
                app::update(&mut app, Action::Resize(w, h));
                for action in [Action::Follow, Action::Down, Action::ToggleHelp, Action::ToggleHelp, Action::OpenSearch]
                    .into_iter()
                    .chain("land".chars().map(Action::SearchInput))
                {
                    app::update(&mut app, action);
                    let cells = dangerous_cells(&app, w, h);
                    assert!(cells.is_empty(), "{fixture} {view:?} {w}x{h}: {cells:?}");
                }
            }
        }
    }
}

/// Line breaks and tabs in the data keep words apart wherever they are
/// drawn: the evidence pane (summary and quote) and the relations table.
#[test]
fn line_breaks_and_tabs_read_as_spaces_on_screen() {
    let mut app = app_of("tests/fixtures/invisible.json");
    app::update(&mut app, Action::Resize(160, 40));
    // Alpha's second relation: the one with line breaks.
    app::update(&mut app, Action::FocusNext);
    app::update(&mut app, Action::Down);
    let terminal = common::frame(&app);
    let screen: Vec<String> =
        (0..40).map(|y| (0..160).map(|x| terminal.backend().buffer()[(x, y)].symbol()).collect::<String>()).collect();
    let screen = screen.join("\n");
    assert!(screen.contains("Summary (ours): Summary line one summary line two after a tab"), "{screen}");
    assert!(screen.contains("“Quote line one quote line two after a tab”"), "{screen}");
    assert!(screen.contains("1❝ Summary line one summary line two after a tab "), "the relations table: {screen}");
    // The hostile fixture's quote breaks a line between "the" and "south".
    let mut app = hostile_app();
    app::update(&mut app, Action::Resize(160, 40));
    app::update(&mut app, Action::FocusNext);
    app::update(&mut app, Action::Down);
    let terminal = common::frame(&app);
    let text: String = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("to the south"), "{text}");
}

// --- the command line ---------------------------------------------------------

/// No ESC, C1 control or bidi override in anything the commands print, for
/// the escape-sequence fixture, whatever the format.
#[test]
fn commands_print_no_escape_from_a_hostile_dataset() {
    let hostile = "tests/fixtures/hostile.json";
    let runs: Vec<Vec<&str>> = vec![
        vec!["validate", hostile],
        vec!["--data", hostile, "show", "AAA"],
        vec!["--data", hostile, "show", "BBB", "--format", "markdown"],
        vec!["--data", hostile, "show", "AAA", "--format", "json"],
        vec!["--data", hostile, "export", "--format", "csv"],
        vec!["--data", hostile, "export", "--format", "dot"],
        vec!["--data", hostile, "export", "--format", "graphml"],
        vec!["--data", hostile, "show", "\u{1b}]0;pwned\u{7}"],
        // clap's own errors quote what was typed.
        vec!["\u{1b}]2;PWNED\u{7}"],
        vec!["export", "--format", "\u{1b}[2J\u{1b}]2;PWN2\u{7}"],
    ];
    for args in runs {
        let out = greatgame(&args);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.chars().any(|c| c != '\n' && dangerous(c)), "{args:?} {stream}: {text}");
            assert!(!bytes.contains(&0x1b), "{args:?} {stream} has an ESC byte");
        }
    }
}

#[test]
fn a_directory_or_a_missing_file_is_a_clear_error_and_exit_2() {
    for (path, says) in [("tests/fixtures", "is a directory"), ("tests/fixtures/nope.json", "cannot read")] {
        let out = greatgame(&["--data", path]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains(path), "{err}");
        assert_eq!(err.lines().count(), 1);
        assert!(out.stdout.is_empty());
    }
}
