//! How long a change takes in the browser on a big file: loads FILE (from
//! the JSON, whole), deletes the first relation of the first actor as `x`
//! `y` would, then undoes it, printing the time of each (the save runs on
//! its own thread meanwhile, as in the browser, into a temporary file).
//! `cargo run --release --example edit_time -- /tmp/synth-1000k.json`
use greatgame::app::{Action, App, update};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: edit_time FILE");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let data = greatgame::data::Dataset::from_json(&std::fs::read_to_string(&path).expect("readable"))
        .expect("a valid dataset");
    eprintln!("load: {:?}", started.elapsed());
    let mut app = App::new(greatgame::graph::InfluenceGraph::new(data), greatgame::theme::Theme::new(true));
    let copy = std::env::temp_dir().join(format!("greatgame-edit-time-{}.json", std::process::id()));
    app.edit_file(copy.clone(), None);
    update(&mut app, Action::Resize(100, 30));
    update(&mut app, Action::FocusNext);
    let started = std::time::Instant::now();
    update(&mut app, Action::Delete);
    update(&mut app, Action::SearchInput('y'));
    eprintln!("delete: {:?}", started.elapsed());
    let started = std::time::Instant::now();
    update(&mut app, Action::Undo);
    eprintln!("undo: {:?}", started.elapsed());
    app.finish_saves();
    let _ = std::fs::remove_file(copy);
}
