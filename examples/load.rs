//! Loads a dataset as greatgame does (read, parse + validate, build the
//! graph and the app), draws one frame of each view on a 200x60
//! `TestBackend` and builds the search index, printing the time of each
//! phase and the graph's size. No terminal needed, so peak memory can be
//! measured:
//!
//! ```sh
//! cargo run --release --example synth > /tmp/synth-100k.json
//! cargo build --release --example load
//! /usr/bin/time -v ./target/release/examples/load /tmp/synth-100k.json
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use greatgame::app::{self, Action, App, View};
use greatgame::data::{self, Dataset};
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Load a dataset and draw each view once, timing every phase.
#[derive(Parser)]
struct Cli {
    /// The dataset (JSON); the built-in one when absent.
    file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = Instant::now();
    let lap = |what: &str, since: &mut Instant| {
        println!("{what:<28} {:>9.1} ms", since.elapsed().as_secs_f64() * 1000.0);
        *since = Instant::now();
    };
    let mut t = Instant::now();
    let text = match &cli.file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("load: cannot read {}: {e}", data::printable(&path.display().to_string()));
                return ExitCode::FAILURE;
            }
        },
        None => data::BUILTIN_JSON.to_string(),
    };
    lap(&format!("read ({} bytes)", text.len()), &mut t);
    let dataset = match Dataset::from_json(&text) {
        Ok(d) => d,
        Err(problems) => {
            for p in problems.iter().take(20) {
                eprintln!("{}", data::printable(&p.in_file("load")));
            }
            return ExitCode::from(2);
        }
    };
    lap("parse + validate", &mut t);
    drop(text);
    let graph = InfluenceGraph::new(dataset);
    let (actors, edges, relations) = (graph.actor_count(), graph.graph.edge_count(), graph.data.relations.len());
    lap(&format!("graph ({actors} actors, {relations} relations, {edges} edges)"), &mut t);
    let mut app = App::new(graph, Theme::new(true));
    app::update(&mut app, Action::Resize(200, 60));
    lap("App::new", &mut t);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    for view in View::ALL {
        app::update(&mut app, Action::ShowView(view));
        terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
        lap(&format!("first frame, {} view", view.label()), &mut t);
    }
    // What the browser builds in the background after its first frame.
    app::update(&mut app, Action::OpenSearch);
    lap("search index", &mut t);
    for c in ['a', 'r', 'm'] {
        app::update(&mut app, Action::SearchInput(c));
        terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
        let hits = app.search().map_or(0, |s| s.hits.len());
        lap(&format!("typing {c:?}: {hits} hits, drawn"), &mut t);
    }
    println!("{:<28} {:>9.1} ms", "total", start.elapsed().as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}
