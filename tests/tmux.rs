//! End to end in a real terminal: the binary runs in tmux, a user types, and
//! we read what the pane shows. Skips (loudly) without tmux, except under
//! CI=true, where a missing tmux fails so CI can never skip it silently.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a detached 100x30 session on a private server.
    fn start(name: &str, command: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("tmux is not installed, and CI=true: .ci/run must install it");
            }
            eprintln!("SKIPPED {name}: tmux is not installed (apt-get install tmux to run it)");
            return None;
        }
        let tmux = Tmux { socket: format!("greatgame-test-{name}-{}", std::process::id()) };
        tmux.run(&["new-session", "-d", "-x", "100", "-y", "30", command]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", k]);
        }
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p"])
    }

    /// Waits until the pane shows `text`, and returns the screen; fails the
    /// test with the screen if it never does.
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(|screen| screen.contains(text))
    }

    /// Waits (up to 10 s) until `done` holds for the screen and the screen
    /// has settled (the same twice in a row: a capture can land in the middle
    /// of a redraw), and returns it; fails the test with the last screen if
    /// that never happens, so no wait can be silently ignored.
    #[track_caller]
    fn wait_until(&self, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if done(&screen) && screen == last {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting; the screen:\n{screen}");
            last = screen;
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

/// The browser on the AFP dispatch's relations (a fixed world; the built-in
/// data grows).
fn binary() -> String {
    // Keep the shell alive after the program exits, so we can see the pane.
    format!("{} --data {}; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"), ARTICLE)
}

const ARTICLE: &str = "tests/fixtures/article.json";

#[test]
fn browse_filter_read_a_quote_and_quit_in_a_real_terminal() {
    let Some(tmux) = Tmux::start("browse", &binary()) else { return };
    let screen = tmux.wait_for("Relations of Russia");
    assert!(screen.contains("Actors"), "{screen}");
    assert!(screen.contains("↑↓ move"), "footer hints: {screen}");

    // Move to Kazakhstan, keep only investment, open its relations.
    tmux.keys(&["j", "j", "j", "j"]);
    let screen = tmux.wait_for("Relations of Kazakhstan");
    assert!(screen.contains("Relations of Kazakhstan"), "{screen}");
    tmux.keys(&["1", "2", "4"]);
    let screen = tmux.wait_for("Relations of Kazakhstan (3)");
    assert!(screen.contains("Relations of Kazakhstan (3)"), "{screen}");
    assert!(!screen.contains("Migration  regional"), "migration is filtered out: {screen}");

    // Russia's nuclear plant is the first investment: its quote shows.
    // Tab focuses the relations pane (thick border).
    tmux.keys(&["Tab"]);
    let screen = tmux.wait_for("┏ Relations of Kazakhstan");
    assert!(screen.contains("“Russia is set to build Kazakhstan's first nuclear plant”"), "{screen}");
    assert!(screen.contains("Country-specific claim"), "{screen}");

    // Enter follows to Russia; help opens and closes; q quits cleanly.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Relations of Russia");
    assert!(screen.contains("Relations of Russia (1)"), "{screen}");
    tmux.keys(&["?"]);
    let screen = tmux.wait_for("Keys · ? or Esc closes");
    assert!(screen.contains("go back to where you followed from"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_until(|s| !s.contains("Keys · ? or Esc closes"));
    assert!(!screen.contains("Keys · ? or Esc closes"), "{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
    // The alternate screen is gone: the browser's frame is no longer shown.
    assert!(!screen.contains("Relations of"), "{screen}");
}

#[test]
fn map_and_matrix_views_in_a_real_terminal() {
    let Some(tmux) = Tmux::start("views", &binary()) else { return };
    tmux.wait_for("Relations of Russia");

    // The map: every capital labelled, arrows move geographically.
    tmux.keys(&["v"]);
    let screen = tmux.wait_for("Map · arrows move");
    for name in ["Russia", "China", "Kazakhstan", "Turkey", "European Union"] {
        assert!(screen.contains(name), "{name} missing on the map: {screen}");
    }
    assert!(screen.contains("◉ Russia"), "legend shows the selected actor: {screen}");
    tmux.keys(&["Right"]);
    let screen = tmux.wait_for("◉ Kazakhstan");
    assert!(screen.contains("◉ Kazakhstan"), "east of Moscow lies Astana: {screen}");
    tmux.keys(&["Right"]);
    let screen = tmux.wait_for("◉ China");
    assert!(screen.contains("◉ China"), "{screen}");

    // The matrix: China's row is selected; Enter opens a pair's evidence.
    tmux.keys(&["v"]);
    let screen = tmux.wait_for("Matrix · rows");
    assert!(screen.contains("tai"), "China's cells show trade, arms, investment (regional): {screen}");
    assert!(screen.contains("tIm"), "Russia-Kazakhstan names Kazakhstan once: {screen}");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("China and Kazakhstan");
    assert!(screen.contains("The region is increasingly looking to China and Turkey for arms supplies"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_until(|s| !s.contains("China and Kazakhstan"));
    assert!(screen.contains("Matrix · rows"), "Esc closes the popup, not the app: {screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

/// A plain shell in the pane, to run commands in and to check that the
/// terminal works after the program ends.
fn shell() -> String {
    "env PS1='$ ' bash --norc --noprofile".to_string()
}

impl Tmux {
    fn type_line(&self, line: &str) {
        self.run(&["send-keys", "-l", line]);
        self.run(&["send-keys", "Enter"]);
    }

    fn pane_title(&self) -> String {
        self.run(&["display-message", "-p", "#{pane_title}"])
    }

    /// Types a command into the shell and checks that both the typed text
    /// (echo on, so not in raw mode) and its output show.
    fn assert_shell_usable(&self) {
        self.type_line("echo shell-works-$((40+2))");
        let screen = self.wait_for("shell-works-42");
        assert!(screen.contains("echo shell-works-$((40+2))"), "typed text does not echo (raw mode?): {screen}");
        assert!(screen.contains("shell-works-42"), "{screen}");
    }
}

#[test]
fn hostile_dataset_shows_inert_text_and_the_shell_works_after_quitting() {
    let Some(tmux) = Tmux::start("hostile", &shell()) else { return };
    tmux.wait_for("$");
    let title_before = tmux.pane_title();
    tmux.type_line(&format!("{} --data tests/fixtures/hostile.json", env!("CARGO_BIN_EXE_greatgame")));
    let screen = tmux.wait_for("Relations of");
    // The escape sequences show as text, and did nothing.
    assert!(screen.contains("Alpha\\u{1b}[2Jland"), "{screen}");
    assert!(screen.contains("Beta\\u{202e}land"), "{screen}");
    assert!(screen.contains("Relations of Alpha"), "the screen was not cleared by the name: {screen}");
    assert_eq!(tmux.pane_title(), title_before, "an OSC sequence changed the pane title");
    tmux.keys(&["j", "Tab", "Down", "v", "v", "Enter"]);
    let screen = tmux.wait_for("Esc closes");
    assert!(screen.contains("Esc closes"), "the pair popup opened: {screen}");
    assert!(!screen.contains("pwned") || screen.contains("\\u{1b}]0;pwned"), "{screen}");
    // Esc, then (once it has closed the popup) q: sent together they would
    // read as Alt-q.
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_until(|s| !s.contains("Esc closes"));
    assert!(screen.contains("Matrix ·"), "Esc closed the popup only: {screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_until(|s| !s.contains("Matrix ·"));
    assert!(!screen.contains("Matrix ·"), "q quit: {screen}");
    assert_eq!(tmux.pane_title(), title_before);
    tmux.assert_shell_usable();
}

#[test]
fn a_panic_while_drawing_restores_the_terminal_before_the_message() {
    let Some(tmux) = Tmux::start("panic", &shell()) else { return };
    tmux.wait_for("$");
    tmux.type_line(&format!(
        "RUST_BACKTRACE=0 GREATGAME_TEST_PANIC=1 {}; echo status=$?",
        env!("CARGO_BIN_EXE_greatgame")
    ));
    let screen = tmux.wait_until(|s| s.lines().any(|l| l.starts_with("status=")));
    assert!(screen.contains("panicking inside the draw loop"), "the panic message shows: {screen}");
    assert!(screen.contains("status=101"), "{screen}");
    // The alternate screen was left: the command line that started it is visible.
    assert!(screen.contains("GREATGAME_TEST_PANIC=1"), "{screen}");
    assert!(!screen.contains("Relations of"), "the browser's frame is gone: {screen}");
    tmux.assert_shell_usable();
    // The cursor is shown again.
    assert_eq!(tmux.run(&["display-message", "-p", "#{cursor_flag}"]).trim(), "1");
}

#[test]
fn kind_and_actor_options_preselect_the_browser() {
    let command = format!(
        "{} --data {ARTICLE} --kind ARMS --actor kyrgyzstan; echo EXITED $?; sleep 30",
        env!("CARGO_BIN_EXE_greatgame")
    );
    let Some(tmux) = Tmux::start("preselect", &command) else { return };
    // Only arms: China and Turkey supply Kyrgyzstan.
    let screen = tmux.wait_for("Relations of Kyrgyzstan (2)");
    assert!(screen.contains("Relations of Kyrgyzstan (2)"), "{screen}");
    assert!(screen.contains("A Arms"), "{screen}");
    assert!(!screen.contains("Migration  regional"), "{screen}");
    // 0 shows every kind again: the filter was the --kind one, not a fixed view.
    tmux.keys(&["0"]);
    let screen = tmux.wait_for("Relations of Kyrgyzstan (8)");
    assert!(screen.contains("Relations of Kyrgyzstan (8)"), "{screen}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

/// `show` in a real terminal: wrapped to its width, coloured, and without
/// colour under NO_COLOR.
#[test]
fn show_in_a_terminal_wraps_to_its_width_and_colours_unless_no_color() {
    let sgr_colour = |screen: &str| {
        screen.split("\u{1b}[").skip(1).filter_map(|s| s.split('m').next()).any(|params| {
            params.split(';').next().and_then(|p| p.parse::<u8>().ok()).is_some_and(|p| matches!(p, 30..=38 | 90..=97))
        })
    };
    let binary = env!("CARGO_BIN_EXE_greatgame");
    for (name, env, coloured) in [("show-colour", "env -u NO_COLOR", true), ("show-no-colour", "env NO_COLOR=1", false)]
    {
        let command = format!("{env} {binary} --data {ARTICLE} show kaz --kind arms; echo EXITED $?; sleep 30");
        let Some(tmux) = Tmux::start(name, &command) else { return };
        let screen = tmux.wait_for("EXITED");
        assert!(screen.contains("EXITED 0"), "{screen}");
        assert!(screen.contains("Kazakhstan (KAZ): 2 relations"), "{screen}");
        let widest = screen.lines().map(|l| l.trim_end().chars().count()).max().unwrap();
        assert!((81..=100).contains(&widest), "wrapped to the 100-column terminal, not to 80: {widest}\n{screen}");
        let escaped = tmux.run(&["capture-pane", "-p", "-e"]);
        assert_eq!(sgr_colour(&escaped), coloured, "{name}: {escaped:?}");
    }
}

#[test]
fn search_click_and_copy_in_a_real_terminal() {
    let Some(tmux) = Tmux::start("find", &binary()) else { return };
    // Let applications set tmux's clipboard (OSC 52) so we can read it back.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("Relations of Russia");

    // Search, choose the second hit, jump to its quote.
    tmux.keys(&["/"]);
    tmux.run(&["send-keys", "-l", "nuclear plant"]);
    let screen = tmux.wait_for("2 hits");
    assert!(screen.contains("/nuclear plant"), "{screen}");
    tmux.keys(&["Down", "Enter"]);
    let screen = tmux.wait_until(|s| !s.contains("2 hits"));
    assert!(screen.contains("▶ [1/1] AFP's own reporting"), "the quote is selected: {screen}");
    assert!(screen.contains("/nuclear plant 2/2 n/N"), "{screen}");

    // Copy it: OSC 52 puts the quote and its citation on the clipboard.
    tmux.keys(&["y"]);
    tmux.wait_for("Copied quote 1/1");
    let buffer = tmux.run(&["show-buffer"]);
    assert_eq!(buffer, "“Russia is set to build Kazakhstan's first nuclear plant” — AFP's own reporting · 2025-10-08");

    // A click on Turkey in the actors pane (SGR mouse report, 1-based).
    tmux.run(&["send-keys", "-l", "\u{1b}[<0;5;5M\u{1b}[<0;5;5m"]);
    let screen = tmux.wait_for("Relations of Turkey");
    assert!(screen.contains("Relations of Turkey (5)"), "{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

#[test]
fn the_browser_asks_for_the_mouse_unless_told_not_to() {
    // tmux knows whether the program in the pane turned mouse reporting on.
    let mouse_flags = |tmux: &Tmux| tmux.run(&["display-message", "-p", "#{mouse_any_flag}#{mouse_sgr_flag}"]);
    let Some(tmux) = Tmux::start("mouse", &binary()) else { return };
    tmux.wait_for("Relations of Russia");
    assert_eq!(mouse_flags(&tmux).trim(), "11", "mouse capture on");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED");
    assert_eq!(mouse_flags(&tmux).trim(), "00", "and off again after quitting");

    let command = format!("{} --data {ARTICLE} --no-mouse; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"));
    let Some(tmux) = Tmux::start("nomouse", &command) else { return };
    tmux.wait_for("Relations of Russia");
    assert_eq!(mouse_flags(&tmux).trim(), "00", "--no-mouse leaves selection to the terminal");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED");
}

#[test]
fn a_paste_goes_to_the_search_line_and_esc_never_quits() {
    let Some(tmux) = Tmux::start("paste", &binary()) else { return };
    tmux.wait_for("Relations of Russia");
    // A bracketed paste (tmux sends it as one when the program asked for
    // it): typed into the search line, its line break a space, no key acting.
    tmux.keys(&["/"]);
    tmux.wait_for("Search ·");
    tmux.run(&["set-buffer", "china\nq arms"]);
    tmux.run(&["paste-buffer", "-p"]);
    let screen = tmux.wait_for("/ china q arms");
    assert!(screen.contains("No match"), "q was typed, not a quit: {screen}");
    // Esc closes the search; a second Esc keeps the place instead of quitting.
    tmux.keys(&["Escape"]);
    tmux.wait_until(|s| !s.contains("Search ·"));
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("q quits");
    assert!(screen.contains("Relations of Russia"), "still browsing: {screen}");
    // Without a text input, a paste does nothing: no key of it acts.
    tmux.run(&["set-buffer", "jjq"]);
    tmux.run(&["paste-buffer", "-p"]);
    sleep(Duration::from_millis(300));
    let screen = tmux.wait_for("Relations of Russia");
    assert!(!screen.contains("EXITED"), "{screen}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

#[test]
fn a_file_with_warnings_opens_and_says_so() {
    let command = format!(
        "{} --data tests/fixtures/warnings/unknown-fields.json; echo EXITED $?; sleep 30",
        env!("CARGO_BIN_EXE_greatgame")
    );
    let Some(tmux) = Tmux::start("warnings", &command) else { return };
    let screen = tmux.wait_for("Relations of");
    assert!(screen.contains("warning") && screen.contains("greatgame validate"), "{screen}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

#[test]
fn from_a_quote_to_its_context_in_the_source_and_back() {
    // A dataset whose source has a text (written for this test) beside it.
    let dir = std::env::temp_dir().join(format!("greatgame-tmux-reader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("wire.txt"),
        "Alphaland sells tanks to Betaland, officials said.\n\nTrade between the two grew\nfast last year, the ministry added.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("data.json"),
        r#"{"title": "T", "kinds": [{"id": "trade", "label": "Trade", "directed": false, "color": "yellow"}],
            "actors": [{"id": "AAA", "name": "Alphaland"}, {"id": "BBB", "name": "Betaland"}],
            "sources": [{"id": "wire", "publisher": "Wire", "date": "2025-03-01", "text_file": "wire.txt"}],
            "relations": [{"id": "a-trade-b", "kind": "trade", "from": "AAA", "to": "BBB", "summary": "A and B trade",
              "evidence": [{"source": "wire", "quote": "Trade between the two grew fast last year"}]}]}"#,
    )
    .unwrap();
    let command = format!(
        "{} --data {}; echo EXITED $?; sleep 30",
        env!("CARGO_BIN_EXE_greatgame"),
        dir.join("data.json").display()
    );
    let Some(tmux) = Tmux::start("reader", &command) else { return };
    tmux.wait_for("Relations of Alphaland");
    // The quote, then `o`: the whole text, the quote marked T in the margin.
    tmux.keys(&["Tab", "Tab", "o"]);
    let screen = tmux.wait_for("view: sources");
    assert!(screen.contains("Alphaland sells tanks to Betaland, officials said."), "the context: {screen}");
    assert!(screen.contains("T   Trade between the two grew"), "the quote, marked: {screen}");
    assert!(screen.contains("1 of 2 sentences quoted"), "{screen}");
    // Enter: the relation; Backspace: back to the text.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("view: list");
    assert!(screen.contains("▶ [1/1] Wire's own reporting"), "{screen}");
    tmux.keys(&["BSpace"]);
    tmux.wait_for("view: sources");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The built-in data's figures, as a new user meets them: the matrix in
/// figures mode, the time filter, and a cell's evidence with its pages.
#[test]
fn figures_and_the_time_filter_on_the_builtin_data_in_a_real_terminal() {
    let command = format!("{}; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"));
    let Some(tmux) = Tmux::start("figures", &command) else { return };
    tmux.wait_for("Relations of Russia");
    tmux.keys(&["F3"]);
    let screen = tmux.wait_for("f m figures");
    assert!(screen.contains("Matrix ·"), "{screen}");
    tmux.keys(&["f"]);
    let screen = tmux.wait_for("Figures: trade turnover");
    assert!(screen.contains("USD bn"), "cells name their unit: {screen}");
    assert!(screen.contains("≠"), "reporters that disagree are all shown: {screen}");
    assert!(screen.contains("figures: trade turnover"), "the footer names the measure: {screen}");
    // As of 2022: the cells change with the year, and the footer says so.
    tmux.keys(&["t", "2", "0", "2", "2", "Enter"]);
    let screen = tmux.wait_for("time: as of 2022");
    assert!(screen.contains("at or before 2022"), "{screen}");
    // Enter on Russia x Kazakhstan: its figures, each with its page.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Figures · trade turnover");
    assert!(screen.contains("↗ https://"), "every figure one step from its page: {screen}");
    // Esc, then q on its own (sent together, a terminal reads them as Alt-q).
    tmux.keys(&["Escape"]);
    tmux.wait_until(|s| !s.contains("Esc closes"));
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

impl Tmux {
    /// Waits until the pane shows `text` at least once, without waiting for
    /// the screen to settle (a loading screen keeps moving).
    #[track_caller]
    fn wait_for_moving(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {text:?}; the screen:\n{screen}");
            sleep(Duration::from_millis(20));
        }
    }
}

/// A synthetic dataset big enough to stream (over 16 MiB), in a folder of
/// its own; `change` may edit its text.
fn big_file(name: &str, change: impl FnOnce(String) -> String) -> std::path::PathBuf {
    use greatgame::synth::{self, Params};
    let dir = std::env::temp_dir().join(format!("greatgame-tmux-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = synth::generate(&Params { actors: 200, relations: 24_000, quotes_per_relation: 2, seed: 5 })
        .to_canonical_json();
    assert!(text.len() > 16 << 20, "big enough to stream: {}", text.len());
    let file = dir.join("big.json");
    std::fs::write(&file, change(text)).unwrap();
    file
}

/// A big file: the first screen comes while the rest streams in, the
/// footer shows how far it is, keys work meanwhile, and it says when done.
#[test]
fn a_big_file_streams_in_behind_a_first_screen_that_already_works() {
    let file = big_file("stream", |t| t);
    let command = format!("{} --data {}; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"), file.display());
    let Some(tmux) = Tmux::start("stream", &command) else { return };
    let screen = tmux.wait_for_moving("Relations of");
    assert!(screen.contains("Actors"), "{screen}");
    // Keys answer while it loads: down the actors list.
    tmux.keys(&["j"]);
    let screen = tmux.wait_for("loaded 24,000 relations");
    assert!(!screen.contains("loading ▕"), "{screen}");
    assert!(screen.contains("Relations of"), "{screen}");
    // Search waited for the data; now it opens.
    tmux.keys(&["/"]);
    // (It builds its index first: slow in a debug build on a busy machine.)
    let screen = tmux.wait_for_moving("Search ·");
    assert!(!screen.contains("Search opens once the data is in"), "{screen}");
    // Esc, then q on its own (sent together, a terminal reads them as Alt-q).
    tmux.keys(&["Escape"]);
    tmux.wait_until(|s| !s.contains("Search ·"));
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

/// A problem near the end of a big file shows up after the first screen:
/// the browser stops, the terminal is restored, and the report says where.
#[test]
fn an_invalid_relation_at_the_end_of_a_big_file_stops_the_browser_with_its_place() {
    let file = big_file("invalid", |text| {
        let at = text.rfind("\"kind\": \"").unwrap() + "\"kind\": \"".len();
        let end = at + text[at..].find('"').unwrap();
        format!("{}tanks{}", &text[..at], &text[end..])
    });
    let Some(tmux) = Tmux::start("invalid-end", &shell()) else { return };
    tmux.wait_for("$");
    tmux.type_line(&format!("{} --data {}; echo status=$?", env!("CARGO_BIN_EXE_greatgame"), file.display()));
    tmux.wait_for_moving("Relations of");
    let screen = tmux.wait_until(|s| s.lines().any(|l| l.starts_with("status=")));
    assert!(screen.contains("status=2"), "{screen}");
    // The report as a whole-file load gives it (wrapped by the pane).
    // (Compared without white space: the pane wraps lines anywhere.)
    let report: String = screen.split_whitespace().collect();
    assert!(report.contains("relations[23999]") && report.contains("unknownkind\"tanks\""), "{screen}");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text[..text.find("\"tanks\"").unwrap()].lines().count();
    assert!(report.contains(&format!("({line}:")), "with its line, {line}: {screen}");
    assert!(!screen.contains("Relations of"), "the browser is gone: {screen}");
    tmux.assert_shell_usable();
}

/// `q` while a big file loads quits at once: no thread left behind, no
/// file written.
#[test]
fn quitting_while_a_big_file_loads_leaves_nothing_behind() {
    let file = big_file("quit", |t| t);
    let dir = file.parent().unwrap().to_path_buf();
    let command = format!("{} --data {}; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"), file.display());
    let Some(tmux) = Tmux::start("quit-loading", &command) else { return };
    tmux.wait_for_moving("Relations of");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
    // The process is gone (with its loading thread): the shell ran on.
    let pane_pid = tmux.run(&["display-message", "-p", "#{pane_pid}"]);
    let children = Command::new("pgrep").args(["-P", pane_pid.trim(), "greatgame"]).output().unwrap();
    assert!(children.stdout.is_empty(), "greatgame still runs: {}", String::from_utf8_lossy(&children.stdout));
    // Loading writes nothing beside the file.
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["big.json"]);
}

/// A copy of the article fixture in a folder of its own, for a test that
/// changes it.
fn copy_of_article(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-tmux-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.json");
    std::fs::copy(ARTICLE, &path).unwrap();
    path
}

/// `x` then `y` deletes, `u` undoes, and quitting leaves the file as it
/// was; `E` opens the file in $EDITOR at the selected relation, and the
/// browser reads it again afterwards, on the same relation.
#[test]
fn delete_undo_and_your_own_editor_in_a_real_terminal() {
    let path = copy_of_article("edit");
    let original = std::fs::read_to_string(&path).unwrap();
    let dir = path.parent().unwrap();
    // A stand-in editor: it says how it was called, then changes a summary.
    let editor = dir.join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho \"$@\" > {}/args\nsed -i 's/Central Asian states seek to develop trade ties/EDITED trade ties/' \"$2\"\n",
            dir.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let command = format!(
        "VISUAL= EDITOR={} {} --data {}; echo EXITED $?; sleep 30",
        editor.display(),
        env!("CARGO_BIN_EXE_greatgame"),
        path.display()
    );
    let Some(tmux) = Tmux::start("edit", &command) else { return };
    tmux.wait_for("Relations of");
    tmux.keys(&["Tab", "x"]);
    tmux.wait_for("delete relation ru-trade-central-asia");
    tmux.keys(&["y"]);
    tmux.wait_for("saved");
    assert!(!std::fs::read_to_string(&path).unwrap().contains("\"ru-trade-central-asia\""));
    tmux.keys(&["u"]);
    tmux.wait_for("undid: delete relation ru-trade-central-asia");
    tmux.wait_for("saved");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // E: the editor at the selected relation's line.
    tmux.keys(&["E"]);
    let screen = tmux.wait_for("read ");
    assert!(screen.contains("EDITED trade ties"), "the edited summary shows:\n{screen}");
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    let (line, file) = args.trim().split_once(' ').unwrap();
    assert_eq!(file, path.display().to_string());
    let line: usize = line.strip_prefix('+').unwrap().parse().unwrap();
    let at = original.lines().nth(line - 1).unwrap();
    assert!(at.trim_start().starts_with("\"id\": \"") && line > 20, "line {line} is a relation's id: {at}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
}

/// Another program writes the open file: the browser reads it again; a
/// file no longer valid leaves the last good data on screen under a line
/// that says so, until it is fixed.
#[test]
fn a_file_written_by_another_program_is_read_again_in_a_real_terminal() {
    let path = copy_of_article("watch");
    let original = std::fs::read_to_string(&path).unwrap();
    let command = format!("{} --data {}; echo EXITED $?; sleep 30", env!("CARGO_BIN_EXE_greatgame"), path.display());
    let Some(tmux) = Tmux::start("watch", &command) else { return };
    tmux.wait_for("Relations of");
    let theirs = original.replace("Central Asian states seek to develop trade ties", "THEIRS: trade ties");
    std::fs::write(&path, &theirs).unwrap();
    let screen = tmux.wait_for("changed on disk: read again");
    assert!(screen.contains("THEIRS: trade ties"), "{screen}");
    // Broken: the last good data stays, and the footer says why.
    std::fs::write(&path, "{ \"title\": ").unwrap();
    let screen = tmux.wait_for("not valid");
    assert!(screen.contains("THEIRS: trade ties"), "the last good data stays:\n{screen}");
    // A banner over the view lists the problems.
    assert!(screen.contains("is not valid: the last good data shows below"), "{screen}");
    assert!(screen.contains("║• "), "each problem on a line of the banner:\n{screen}");
    // Fixed: read again.
    std::fs::write(&path, &original).unwrap();
    tmux.wait_until(|s| s.contains("read again") && !s.contains("THEIRS"));
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "the browser wrote nothing of its own");
}

/// The whole path of issue 13, as a new user takes it: `new`, a source
/// added by pasting its article, a sentence selected in the reader, a
/// relation made from it with two pickers (each adding its actor), quit;
/// the file validates with the quote in it as the article has it.
#[test]
fn from_a_new_file_and_a_pasted_article_to_a_backed_relation_in_a_real_terminal() {
    let dir = std::env::temp_dir().join(format!("greatgame-tmux-capture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.json");
    let bin = env!("CARGO_BIN_EXE_greatgame");
    let new = Command::new(bin).arg("new").arg(&path).output().unwrap();
    assert!(new.status.success(), "{}", String::from_utf8_lossy(&new.stderr));
    let article = std::fs::read_to_string("tests/fixtures/texts/article.txt").unwrap();
    let command = format!("{bin} --data {}; echo EXITED $?; sleep 30", path.display());
    let Some(tmux) = Tmux::start("capture", &command) else { return };
    let typed = |text: &str| {
        tmux.run(&["send-keys", "-l", text]);
    };
    tmux.wait_for("view: list");
    // A source, its article pasted in one go.
    tmux.keys(&["F4", "a"]);
    tmux.wait_for("Add a source");
    typed("Example Wire");
    tmux.keys(&["Tab"]);
    typed("2031-04-02");
    tmux.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    tmux.wait_for("▶ text");
    tmux.run(&["set-buffer", &article]);
    tmux.run(&["paste-buffer", "-p"]);
    tmux.wait_for("(pasted:");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved");
    let text_file = dir.join("sources").join("example-wire-2031-04-02.txt");
    assert_eq!(std::fs::read_to_string(&text_file).unwrap(), article, "the pasted article, as it was");
    // In its text: the fifth sentence, selected, then c.
    tmux.keys(&["Tab"]);
    tmux.wait_for("S V select ┛");
    tmux.keys(&[")", ")", ")", ")", "S"]);
    tmux.wait_for("5 words · c relation");
    tmux.keys(&["c"]);
    tmux.wait_for("“The second accord covers arms.”");
    typed("arms");
    tmux.keys(&["Tab"]);
    // The file has no actors: each picker offers to add one.
    typed("Alphaland");
    tmux.wait_for("adds “Alphaland” as a new actor");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Add an actor for “from”");
    tmux.keys(&["Enter"]);
    tmux.wait_for("→ Alphaland (alphaland)");
    tmux.keys(&["Tab"]);
    typed("Betaland");
    tmux.wait_for("adds “Betaland” as a new actor");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Add an actor for “to”");
    tmux.keys(&["Enter"]);
    tmux.wait_for("→ Betaland (betaland)");
    tmux.keys(&["Tab"]);
    typed("Alphaland arms Betaland under the second accord");
    tmux.keys(&["Enter"]);
    tmux.wait_for("add relation alphaland-arms-betaland");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXITED").contains("EXITED 0"));
    let validate = Command::new(bin).arg("validate").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&validate.stdout).into_owned() + &String::from_utf8_lossy(&validate.stderr);
    assert!(validate.status.success(), "{said}");
    assert!(said.contains("found in 1 source text"), "the quote is checked against the article: {said}");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"quote\": \"The second accord covers arms.\""), "verbatim:\n{saved}");
    assert!(article.contains("The second accord covers arms."));
}
