//! Helpers shared by the integration tests.
#![allow(dead_code)]

use greatgame::app::{self, Action, App, Overlay, PairPopup};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::keys;
use greatgame::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The dataset of the AFP dispatch alone: the built-in dataset's quotes
/// and relations before the figures layer, a fixed world for the tests of
/// the browser's behaviour (the built-in data grows; these tests should not
/// change with it). Tests of the built-in data itself use `Dataset::builtin`.
pub fn article() -> Dataset {
    Dataset::from_json(include_str!("../fixtures/article.json")).expect("the article fixture is valid")
}

pub fn article_app() -> App {
    App::new(InfluenceGraph::new(article()), Theme::new(true))
}

/// The fixture `article()` reads, for the command line's `--data`.
pub const ARTICLE: &str = "tests/fixtures/article.json";

/// Types keys as a user would: through the key table (the text keymap when
/// a text input is on top), then `update`, with a frame drawn before and
/// after each key, as the browser does (`update` pages and scrolls by what
/// the last frame showed).
pub fn press(app: &mut App, codes: &[KeyCode]) {
    for &code in codes {
        frame(app);
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        let action = if app.wants_text() { keys::action_for_text(key) } else { keys::action_for(key) };
        if let Some(action) = action {
            app::update(app, action);
        }
        frame(app);
    }
}

/// `update` with a frame drawn before and after, as in the browser.
pub fn act(app: &mut App, action: Action) {
    frame(app);
    app::update(app, action);
    frame(app);
}

pub fn help_open(app: &App) -> bool {
    app.overlays.iter().any(|o| matches!(o, Overlay::Help { .. }))
}

pub fn help_scroll(app: &App) -> usize {
    app.overlays.iter().find_map(|o| if let Overlay::Help { scroll } = o { Some(*scroll) } else { None }).unwrap_or(0)
}

pub fn pair(app: &App) -> Option<&PairPopup> {
    app.overlays.iter().find_map(|o| if let Overlay::Pair(p) = o { Some(p) } else { None })
}

/// Types a string of characters, e.g. "jj2".
pub fn type_str(app: &mut App, s: &str) {
    let codes: Vec<KeyCode> = s.chars().map(KeyCode::Char).collect();
    press(app, &codes);
}

pub fn actor_id(app: &App) -> String {
    app.graph.actor(app.selected_actor().unwrap()).id.clone()
}

/// The selected relation as "FROM-ID counterpart-ID relation-id".
pub fn relation(app: &App) -> Option<(String, String)> {
    app.selected_link().map(|l| (app.graph.actor(l.counterpart).id.clone(), app.graph.relation(l.edge).id.clone()))
}

/// Resizes the app to `width` x `height` (as the terminal would tell it),
/// then draws one frame there.
pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app::update(app, Action::Resize(width, height));
    frame(app)
}

/// Draws one frame at the app's current size.
pub fn frame(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
}

/// One screen row as text.
pub fn row(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The first row containing `needle`.
pub fn find_row(buf: &ratatui::buffer::Buffer, needle: &str) -> u16 {
    (0..buf.area.height).find(|&y| row(buf, y).contains(needle)).unwrap_or_else(|| panic!("{needle:?} not on screen"))
}

/// Where `needle` is drawn: (column, row) of its first character.
pub fn find_text(buf: &ratatui::buffer::Buffer, needle: &str) -> (u16, u16) {
    try_find_text(buf, needle).unwrap_or_else(|| panic!("{needle:?} is not on screen"))
}

pub fn try_find_text(buf: &ratatui::buffer::Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line = cells.concat();
        if let Some(byte) = line.find(needle) {
            // Columns, not bytes: count the cells before the match.
            let mut width = 0;
            let x = cells.iter().position(|s| {
                width += s.len();
                width > byte
            });
            return Some((x? as u16, y));
        }
    }
    None
}

/// Runs the real binary with `args` (standard input empty, NO_COLOR unset).
pub fn greatgame(args: &[&str]) -> std::process::Output {
    greatgame_with_stdin(args, "")
}

/// Runs the real binary with `args`, `stdin` on its standard input.
pub fn greatgame_with_stdin(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_greatgame"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The AFP dispatch the built-in quotes come from: it sits beside the repo
/// (in shared/), never in it. When it is missing the caller's check is
/// skipped, loudly, except under CI=true, where CI lays shared/ beside the
/// clone and a missing article fails the test.
pub fn seed_article(what: &str) -> Option<std::path::PathBuf> {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_6ca4f864301c5f1d.txt");
    match seed.canonicalize() {
        Ok(path) => Some(path),
        Err(_) => {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "{} is missing under CI=true: {what} cannot be checked",
                seed.display()
            );
            eprintln!("SKIPPED: {} not found; {what} not checked against the article", seed.display());
            None
        }
    }
}

/// Until the saves under way are done, as the browser's loop waits for
/// them; fails the test when they never are.
pub fn saved(app: &mut App) {
    for _ in 0..500 {
        app.poll_saves();
        if app.saving().is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the save did not finish");
}
