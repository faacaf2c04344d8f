//! The terminal. The command line and everything else are in the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use clap::Parser;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

use greatgame::app::{self, Action, App};
use greatgame::cli::{self, Cli, Failure};
use greatgame::data::digest::Digests;
use greatgame::data::stream::{self, Message};
use greatgame::data::texts::Texts;
use greatgame::data::{Dataset, Loaded, Problem};
use greatgame::graph::{InfluenceGraph, Placed, Placer};
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
            Ok(mut app) => {
                let _ = io::stdout().flush();
                // Quitting waits for the last change to be saved.
                if let Some(path) = app.saving() {
                    eprintln!("greatgame: saving {}…", greatgame::data::printable(&path.display().to_string()));
                }
                let problems = app.finish_saves();
                for problem in &problems {
                    eprintln!("{}", greatgame::data::printable(problem));
                }
                std::process::exit(if problems.is_empty() { 0 } else { 2 })
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

/// A file still loading: its batches, and then its check.
struct Loader {
    messages: Receiver<Message<Placed>>,
    cancel: Arc<AtomicBool>,
    path: PathBuf,
    shown: String,
    /// The check of the whole dataset, once every relation is in.
    check: Option<Receiver<Checked>>,
    /// The relations' own checks, done as they were typed (`stream::finish`).
    digests: Digests,
}

/// What `stream::finish` says: the texts and warnings, or every problem.
type Checked = Result<(Texts, Vec<Problem>), Vec<Problem>>;

impl Loader {
    /// Checks the whole dataset on another thread: the browser stays usable.
    fn start_check(&mut self, data: Arc<Dataset>) {
        let path = self.path.clone();
        let digests = std::mem::take(&mut self.digests);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(stream::finish(&data, &path, Some(&digests)));
        });
        self.check = Some(rx);
    }

    /// Takes what has arrived, for a few milliseconds at most, so keys
    /// keep their turn.
    fn pump(&mut self, app: &mut App) -> Result<Pumped, Failure> {
        let until = Instant::now() + Duration::from_millis(12);
        if let Some(check) = &self.check {
            return match check.try_recv() {
                Ok(Ok((texts, warnings))) => {
                    app.loaded(texts, warnings.len());
                    Ok(Pumped::Done)
                }
                Ok(Err(problems)) => Err(Failure::problems(&self.shown, &problems)),
                Err(TryRecvError::Empty) => Ok(Pumped::Waiting),
                Err(TryRecvError::Disconnected) => {
                    Err(Failure::line("greatgame: the check of the data stopped".into()))
                }
            };
        }
        // The batches that have arrived join the graph together: the
        // browser keeps its selection once per pump, not once per batch.
        let mut relations = Vec::new();
        let mut prepared = Vec::new();
        let mut reached = 0;
        let pumped = loop {
            if Instant::now() >= until || relations.len() >= app::loading::STEP_RELATIONS {
                break Pumped::More;
            }
            match self.messages.try_recv() {
                Ok(Message::Batch { relations: more, prepared: placed, digests, bytes_read }) => {
                    self.digests.append(digests);
                    relations.extend(more);
                    prepared.extend(placed);
                    reached = bytes_read;
                }
                Ok(Message::Done { format, extra }) => {
                    if !relations.is_empty() {
                        app.add_relations(relations, Some(prepared), reached);
                    }
                    app.relations_in(format, extra);
                    self.start_check(Arc::clone(&app.graph.data));
                    return Ok(Pumped::Waiting);
                }
                Ok(Message::Failed(problems)) => return Err(Failure::problems(&self.shown, &problems)),
                Ok(Message::Header { .. } | Message::Whole { .. }) => {}
                Err(TryRecvError::Empty) => break Pumped::Waiting,
                Err(TryRecvError::Disconnected) => {
                    return Err(Failure::line("greatgame: loading stopped before the end of the file".into()));
                }
            }
        };
        if !relations.is_empty() {
            app.add_relations(relations, Some(prepared), reached);
        }
        Ok(pumped)
    }
}

/// What a `pump` left.
enum Pumped {
    /// Loaded and checked.
    Done,
    /// More has arrived than it had time for.
    More,
    /// Nothing more has arrived yet.
    Waiting,
}

/// The data to browse: loaded, or (a file in a terminal) its header and
/// first relations, the rest on their way.
enum Opened {
    Whole(Loaded),
    /// The header and first batch, the file's size, how far the first
    /// batch reaches into it (`None`: every relation came at once).
    Streaming {
        dataset: Dataset,
        total: u64,
        first_read: Option<u64>,
        loader: Loader,
    },
}

/// Files this size and up stream; smaller ones load whole (about 15,000
/// relations take 16 MiB, and well under 100 ms to load whole).
const STREAM_FROM_BYTES: u64 = 16 << 20;

/// Loads the data `--data` names (or the built-in data). A file streams
/// when the browser will show it; otherwise (standard input, the built-in
/// data, no terminal) it is read whole, as the commands read it.
fn open(cli: &Cli) -> Result<Opened, Failure> {
    let path = match cli.data.as_deref() {
        Some(path) if !cli::is_stdin_path(path) && std::io::stdout().is_terminal() => path,
        data => return cli::load_with_warnings(data).map(Opened::Whole),
    };
    let shown = cli::check_data_file(path)?;
    // A small file is in and checked before streaming would pay off.
    if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) < STREAM_FROM_BYTES {
        return cli::load_with_warnings(Some(path)).map(Opened::Whole);
    }
    let cancel = Arc::new(AtomicBool::new(false));
    // The loading threads also work out where each relation goes in the
    // graph (from the header), so the browser only adds edges.
    let messages = stream::start_with(path.to_path_buf(), Arc::clone(&cancel), |header| {
        let placer = Placer::new(header);
        Box::new(move |r| placer.place(r))
    });
    let stopped = || Failure::line("greatgame: loading stopped before the end of the file".into());
    let (mut dataset, total) = match messages.recv().map_err(|_| stopped())? {
        Message::Header { dataset, total_bytes } => (dataset, total_bytes),
        Message::Whole { loaded, .. } => return Ok(Opened::Whole(loaded)),
        Message::Failed(problems) => return Err(Failure::problems(&shown, &problems)),
        Message::Batch { .. } | Message::Done { .. } => return Err(stopped()),
    };
    // The first screen shows relations: wait for the first (small) batch.
    let mut first = None;
    let mut first_digests = Digests::default();
    match messages.recv().map_err(|_| stopped())? {
        Message::Batch { relations, digests, bytes_read, .. } => {
            dataset.relations = relations;
            first_digests = digests;
            first = Some(bytes_read);
        }
        Message::Failed(problems) => return Err(Failure::problems(&shown, &problems)),
        Message::Done { format, extra } => stream::apply_tail(&mut dataset, format, extra),
        Message::Header { .. } | Message::Whole { .. } => return Err(stopped()),
    }
    // With `first` none, everything came in the first message: only the
    // check is left (`browse` starts it once the data is the browser's).
    let loader = Loader { messages, cancel, path: path.to_path_buf(), shown, check: None, digests: first_digests };
    Ok(Opened::Streaming { dataset, total, first_read: first, loader })
}

/// Opens the browser, after everything that can fail without a terminal;
/// returns the app once the terminal is restored.
fn browse(cli: &Cli) -> Result<App, Failure> {
    // The file as it was read: a save finds out if another program wrote
    // it since.
    let stamp = cli.data.as_deref().and_then(greatgame::save::Stamp::of);
    let (dataset, warnings, texts, mut loader, progress) = match open(cli)? {
        Opened::Whole(loaded) => (loaded.dataset, loaded.warnings.len(), loaded.texts, None, None),
        Opened::Streaming { dataset, total, first_read, loader } => {
            (dataset, 0, Texts::default(), Some(loader), Some((first_read, total)))
        }
    };
    let graph = InfluenceGraph::new(dataset);
    let kinds = cli::kind_filter(&graph.data, &cli.kinds)?;
    let actor = cli.actor.as_deref().map(|a| cli::find_actor(&graph, a)).transpose()?;
    if !std::io::stdout().is_terminal() {
        return Err(Failure(vec![
            "greatgame: standard output is not a terminal; run greatgame in a terminal to browse (or see greatgame --help for commands that print)".into(),
        ]));
    }
    let mut app = App::new(graph, Theme::from_env());
    // Changes are saved to the file they were made in (not to standard
    // input, nor to the built-in data, which asks where at the first).
    if let Some(path) = cli.data.as_deref().filter(|p| !cli::is_stdin_path(p)) {
        app.edit_file(path.to_path_buf(), stamp);
    }
    if let Some((first_read, total)) = progress {
        app.start_loading(total);
        app.graph.defer_relation_index();
        let first = app.graph.data.relations.len();
        let bytes_read = first_read.unwrap_or(total);
        if let Some(loading) = &mut app.loading {
            loading.relations = first;
            loading.bytes_read = bytes_read;
        }
        // The first batch's bytes per relation say about how many are
        // coming: room for them all, so the data is not copied as it grows.
        if bytes_read > 0 {
            let expected = (first as f64 * total as f64 / bytes_read as f64 * 1.05) as usize;
            app.graph.reserve(expected.saturating_sub(first));
        }
        if first_read.is_none() {
            app.relations_in(None, Default::default());
            if let Some(loader) = &mut loader {
                loader.start_check(Arc::clone(&app.graph.data));
            }
        }
    }
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
        run(&mut terminal, &mut app, mouse, &mut loader)
    })();
    // Quitting while a file loads: the loading thread stops at its next
    // batch (and the process ends right after anyway).
    if let Some(loader) = &loader {
        loader.cancel.store(true, Ordering::Relaxed);
    }
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    match result {
        Ok(None) => Ok(app),
        // A problem found once the browser was up: the full report, as a
        // whole-file load gives it, now that the terminal is restored.
        Ok(Some(failure)) => Err(failure),
        Err(e) => Err(Failure(vec![format!("greatgame: terminal error: {e}")])),
    }
}

/// `E`: the dataset file in `$VISUAL` / `$EDITOR` (else `vi`) at `line`.
/// The browser leaves the screen to it and reads no key while it runs,
/// then comes back and reads the file again if it changed.
fn open_editor(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mouse: bool,
    path: &std::path::Path,
    line: usize,
) -> io::Result<()> {
    // The editor opens the file as last saved.
    app.wait_for_saves();
    let before = greatgame::save::Stamp::of(path);
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    // "code -w", say: a command and its own arguments.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let ran = std::process::Command::new(&program).args(words).arg(format!("+{line}")).arg(path).status();
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), ratatui::crossterm::terminal::EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()?;
    match ran {
        Ok(_) => app.after_editor(path, before),
        Err(e) => app.status = Some(format!("could not start the editor {program}: {e} (set $EDITOR)")),
    }
    Ok(())
}

/// Blocks on input; redraws only after something happened (or, while a
/// file loads, when more of it came in). `Some` problems found in the data
/// once the browser was up end it.
fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mouse: bool,
    loader: &mut Option<Loader>,
) -> std::io::Result<Option<Failure>> {
    let size = terminal.size()?;
    app::update(app, Action::Resize(size.width, size.height));
    // For the end-to-end test that a panic while drawing restores the terminal.
    let panic_in_draw = std::env::var_os("GREATGAME_TEST_PANIC").is_some();
    // For measuring start-up: quit once the first frame is on the screen.
    let quit_after_first_frame = std::env::var_os("GREATGAME_EXIT_AFTER_FIRST_FRAME").is_some();
    // For measuring a full load: quit once a streamed file is in and checked.
    let quit_when_loaded = std::env::var_os("GREATGAME_EXIT_WHEN_LOADED").is_some();
    // While a file loads, frames come at most this often unless a key
    // asks for one: drawing is not what loading should wait for.
    const LOADING_FRAME: Duration = Duration::from_millis(50);
    let mut drawn = Instant::now();
    let mut draw = true;
    // Another program writing the file: read it again (not standard input,
    // not the built-in data).
    let watch = app.editing_file().and_then(greatgame::watch::Watch::start);
    while app.running {
        if watch.as_ref().is_some_and(|w| w.changed()) && app.file_changed_on_disk() {
            draw = true;
        }
        // What the saving thread said, before the frame that shows it.
        app.poll_saves();
        if draw {
            terminal.draw(|frame| {
                frame.render_widget(&*app, frame.area());
                if panic_in_draw {
                    panic!("GREATGAME_TEST_PANIC is set: panicking inside the draw loop");
                }
            })?;
            drawn = Instant::now();
            // A file loaded whole is loaded at its first frame.
            if quit_after_first_frame || (quit_when_loaded && loader.is_none()) {
                break;
            }
        }
        draw = true;
        app.index_in_background();
        if let Some(l) = loader {
            let more = match l.pump(app) {
                Ok(Pumped::Done) => {
                    *loader = None;
                    if quit_when_loaded {
                        break;
                    }
                    false
                }
                Ok(Pumped::More) => true,
                Ok(Pumped::Waiting) => false,
                Err(failure) => return Ok(Some(failure)),
            };
            // A key first, at once; else take more while more is there,
            // or wait a little for either.
            let wait = if more { Duration::ZERO } else { Duration::from_millis(15) };
            if !event::poll(wait)? {
                draw = drawn.elapsed() >= LOADING_FRAME || loader.is_none();
                continue;
            }
        }
        // A save under way: look again shortly, to say when it is done;
        // a watched file: now and then, to see it change.
        let wake = match (app.saving(), &watch) {
            (Some(_), _) => Some(Duration::from_millis(50)),
            (None, Some(_)) => Some(Duration::from_millis(200)),
            (None, None) => None,
        };
        if let Some(wait) = wake.filter(|_| loader.is_none())
            && !event::poll(wait)?
        {
            // Only a save's end has something new to show.
            draw = app.saving().is_some();
            continue;
        }
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
        if let Some((path, line)) = app.editor.take() {
            open_editor(terminal, app, mouse, &path, line)?;
        }
        // The one output besides frames: a copy to the clipboard (OSC 52).
        if let Some(text) = app.clipboard.take() {
            let out = terminal.backend_mut();
            out.write_all(osc::clipboard(&text).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(None)
}
