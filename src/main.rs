//! The terminal and the command line. Everything else is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use greatgame::app::{self, Action, App};
use greatgame::data::{self, Dataset};
use greatgame::graph::InfluenceGraph;
use greatgame::keys;
use greatgame::theme::Theme;

/// Browse who pulls on whom, through what, and who says so.
///
/// Opens an interactive browser of the built-in dataset (Russia, China, the EU,
/// Turkey and the five Central Asian states, from an AFP dispatch of
/// 2025-10-08), or of any dataset in the same JSON format. Press ? inside for keys.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Open this dataset (JSON, see README) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let dataset = match load(cli.data.as_ref()) {
        Ok(d) => d,
        Err(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            return ExitCode::from(2);
        }
    };
    if !std::io::stdout().is_terminal() {
        eprintln!("greatgame: standard output is not a terminal; run greatgame in a terminal to browse");
        return ExitCode::from(2);
    }
    let app = App::new(InfluenceGraph::new(dataset), Theme::from_env());
    // ratatui::init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::init();
    let result = run(&mut terminal, app);
    ratatui::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("greatgame: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads and validates the dataset; on failure, the lines to print.
fn load(path: Option<&PathBuf>) -> Result<Dataset, Vec<String>> {
    let Some(path) = path else {
        return Dataset::from_json(data::BUILTIN_JSON)
            .map_err(|problems| problems.iter().map(|p| p.in_file(data::BUILTIN_NAME)).collect());
    };
    let shown = data::printable(&path.display().to_string());
    let text = std::fs::read(path).map_err(|e| vec![format!("greatgame: cannot read {shown}: {e}")])?;
    let text = String::from_utf8(text).map_err(|e| {
        vec![format!("{shown}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())]
    })?;
    Dataset::from_json(&text).map_err(|problems| problems.iter().map(|p| p.in_file(&shown)).collect())
}

/// Blocks on input; redraws only after something happened.
fn run(terminal: &mut DefaultTerminal, mut app: App) -> std::io::Result<()> {
    let size = terminal.size()?;
    app::update(&mut app, Action::Resize(size.width, size.height));
    // For the end-to-end test that a panic while drawing restores the terminal.
    let panic_in_draw = std::env::var_os("GREATGAME_TEST_PANIC").is_some();
    while app.running {
        terminal.draw(|frame| {
            frame.render_widget(&app, frame.area());
            if panic_in_draw {
                panic!("GREATGAME_TEST_PANIC is set: panicking inside the draw loop");
            }
        })?;
        let action = match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if app.search.is_some() {
                    keys::action_for_text(key)
                } else {
                    keys::action_for(key)
                }
            }
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            _ => None,
        };
        if let Some(action) = action {
            app::update(&mut app, action);
        }
    }
    Ok(())
}
