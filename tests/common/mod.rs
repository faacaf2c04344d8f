//! Helpers shared by the integration tests.
#![allow(dead_code)]

use greatgame::app::{self, Action, App};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::keys;
use greatgame::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn builtin_app() -> App {
    App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true))
}

/// Types keys as a user would: through the key table, then `update`.
pub fn press(app: &mut App, codes: &[KeyCode]) {
    for &code in codes {
        if let Some(action) = keys::action_for(KeyEvent::new(code, KeyModifiers::NONE)) {
            app::update(app, action);
        }
    }
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
