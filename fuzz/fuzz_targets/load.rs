//! Fuzzes the loader and validator with arbitrary bytes, then builds the
//! graph and draws every view of what loaded. Properties checked: nothing
//! panics; no message, as the command line prints it (`cli::Failure`), and
//! no drawn cell carries a control character (but for OSC 8 links to urls
//! that `osc::safe_url` accepts); and what loaded, written in canonical
//! form, loads back the same.
#![no_main]

use greatgame::app::{self, Action, App, View};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fuzz_target!(|bytes: &[u8]| {
    let data = match Dataset::from_bytes(bytes) {
        Ok(data) => data,
        Err(problems) => {
            for line in greatgame::cli::Failure::problems("fuzz", &problems).0 {
                assert!(!line.chars().any(char::is_control), "control character in {line:?}");
            }
            return;
        }
    };
    let text = data.to_canonical_json();
    let back = Dataset::from_json(&text).expect("the canonical text loads");
    assert_eq!(back, Dataset { format: Some(2), ..data.clone() }, "load -> write -> load");
    assert_eq!(back.to_canonical_json(), text, "writing is idempotent");
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    for view in View::ALL {
        app::update(&mut app, Action::ShowView(view));
        app::update(&mut app, Action::Resize(80, 24));
        app::update(&mut app, Action::Follow);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        for cell in terminal.backend().buffer().content() {
            let symbol = cell.symbol();
            // The one sequence greatgame draws itself: an OSC 8 link to a safe url.
            let text = match symbol.strip_prefix("\u{1b}]8;;").and_then(|r| r.split_once('\u{7}')) {
                Some((url, rest)) if greatgame::osc::safe_url(url) => rest.strip_suffix("\u{1b}]8;;\u{7}").unwrap_or(symbol),
                _ => symbol,
            };
            assert!(!text.chars().any(greatgame::data::needs_escape), "control character drawn: {symbol:?}");
        }
        app::update(&mut app, Action::Escape);
    }
});
