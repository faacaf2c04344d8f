//! The terminal. The command line and everything else are in the library.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use greatgame::app::{self, Action, App};
use greatgame::cli::{self, Cli, Failure};
use greatgame::graph::InfluenceGraph;
use greatgame::keys;
use greatgame::theme::Theme;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => browse(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(lines)) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(2)
        }
    }
}

/// Opens the browser, after everything that can fail without a terminal.
fn browse(cli: &Cli) -> Result<(), Failure> {
    let graph = InfluenceGraph::new(cli::load(cli.data.as_deref())?);
    let kinds = cli::kind_filter(&graph.data, &cli.kinds)?;
    let actor = cli.actor.as_deref().map(|a| cli::find_actor(&graph, a)).transpose()?;
    if !std::io::stdout().is_terminal() {
        return Err(Failure(vec![
            "greatgame: standard output is not a terminal; run greatgame in a terminal to browse (or see greatgame --help for commands that print)".into(),
        ]));
    }
    let mut app = App::new(graph, Theme::from_env());
    app.set_kinds(kinds);
    if let Some(actor) = actor {
        app.select_actor(actor);
    }
    // ratatui::init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::init();
    let result = run(&mut terminal, app);
    ratatui::restore();
    result.map_err(|e| Failure(vec![format!("greatgame: terminal error: {e}")]))
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
