//! The terminal. The command line and everything else are in the library.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

use greatgame::app::{self, Action, App};
use greatgame::cli::{self, Cli, Failure};
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use greatgame::{keys, osc};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version, as clap writes them.
        Err(e) if !e.use_stderr() => e.exit(),
        // clap quotes the offending argument; a file name can hold escapes.
        Err(e) => {
            for line in e.render().to_string().lines() {
                eprintln!("{}", greatgame::data::printable(line));
            }
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => match browse(&cli) {
            // The terminal is restored and nothing is pending: end the
            // process now. A big dataset's memory goes back to the system at
            // once, faster than dropping it piece by piece would.
            Ok(_app) => {
                let _ = io::stdout().flush();
                std::process::exit(0)
            }
            Err(failure) => Err(failure),
        },
    };
    match result {
        Ok(code) => code,
        Err(Failure(lines)) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(2)
        }
    }
}

/// Opens the browser, after everything that can fail without a terminal;
/// returns the app once the terminal is restored.
fn browse(cli: &Cli) -> Result<App, Failure> {
    let loaded = cli::load_with_warnings(cli.data.as_deref())?;
    let warnings = loaded.warnings.len();
    let texts = loaded.texts;
    let graph = InfluenceGraph::new(loaded.dataset);
    let kinds = cli::kind_filter(&graph.data, &cli.kinds)?;
    let actor = cli.actor.as_deref().map(|a| cli::find_actor(&graph, a)).transpose()?;
    if !std::io::stdout().is_terminal() {
        return Err(Failure(vec![
            "greatgame: standard output is not a terminal; run greatgame in a terminal to browse (or see greatgame --help for commands that print)".into(),
        ]));
    }
    let mut app = App::new(graph, Theme::from_env());
    app.set_texts(texts);
    app.set_kinds(kinds);
    if let Some(actor) = actor {
        app.select_actor(actor);
    }
    // The built-in data's warnings are known (measures in the units their
    // pages state, README "Data"): the note is for the user's own files.
    if warnings > 0 && cli.data.is_some() {
        // Valid, but worth a look: say so on the first screen, briefly.
        let what = if warnings == 1 { "1 warning" } else { &format!("{warnings} warnings") };
        app.status = Some(format!("{what} in this file: greatgame validate lists them"));
    }
    // ratatui::init installs a panic hook that restores the terminal first;
    // ours, around it, also gives the mouse back.
    let mut terminal = ratatui::init();
    let mouse = !cli.no_mouse;
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        if mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        restore(info);
    }));
    let result = (|| {
        // A paste arrives as one event (typed into the focused input), not
        // as keys that would each act.
        execute!(terminal.backend_mut(), EnableBracketedPaste)?;
        if mouse {
            execute!(terminal.backend_mut(), EnableMouseCapture)?;
        }
        run(&mut terminal, &mut app, mouse)
    })();
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    result.map(|()| app).map_err(|e| Failure(vec![format!("greatgame: terminal error: {e}")]))
}

/// Blocks on input; redraws only after something happened.
fn run(terminal: &mut DefaultTerminal, app: &mut App, mouse: bool) -> std::io::Result<()> {
    let size = terminal.size()?;
    app::update(app, Action::Resize(size.width, size.height));
    // For the end-to-end test that a panic while drawing restores the terminal.
    let panic_in_draw = std::env::var_os("GREATGAME_TEST_PANIC").is_some();
    // For measuring start-up: quit once the first frame is on the screen.
    let quit_after_first_frame = std::env::var_os("GREATGAME_EXIT_AFTER_FIRST_FRAME").is_some();
    while app.running {
        terminal.draw(|frame| {
            frame.render_widget(&*app, frame.area());
            if panic_in_draw {
                panic!("GREATGAME_TEST_PANIC is set: panicking inside the draw loop");
            }
        })?;
        if quit_after_first_frame {
            break;
        }
        app.index_in_background();
        let action = match event::read()? {
            // The top overlay says whether letters are text or keys.
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if app.wants_text() {
                    keys::action_for_text(key)
                } else {
                    keys::action_for(key)
                }
            }
            Event::Paste(text) => Some(Action::Paste(text)),
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Mouse(_) if !mouse => None,
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, true)),
                MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, false)),
                _ => None,
            },
            _ => None,
        };
        if let Some(action) = action {
            app::update(app, action);
        }
        // The one output besides frames: a copy to the clipboard (OSC 52).
        if let Some(text) = app.clipboard.take() {
            let out = terminal.backend_mut();
            out.write_all(osc::clipboard(&text).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}
