//! What a user waits for, on the built-in data and on a synthetic dataset of
//! 200 actors, 100,000 relations and 2 quotes each (`greatgame::synth`, seed 1,
//! the same as `cargo run --release --example synth -- --actors 200
//! --relations 100000 --quotes-per-relation 2 --seed 1`):
//!
//! - `load/*`: parse + validate + build the graph, from the JSON text;
//! - `query/*`: the relations of the busiest actor under a two-kind filter;
//! - `step/<what>/*`: one key to one frame, `update` then `terminal.draw` on a
//!   200x60 `TestBackend`: `list-down` (next relation of the busiest actor),
//!   `map-move` (`→` on the map), `matrix-move` (`↓` in the matrix),
//!   `toggle-kind` (show/hide arms in the list), `actor-change` (`↓` in the
//!   actors pane).
//!
//! Moves go back and forth (`→` until it stops, then `←`, ...), so every
//! measured step is a real move except one at each turn.
//!
//! - `app-new/32000-actors`: opening the browser (`App::new`) on 32,000
//!   actors and 20,000 relations: linear in the actors (it was quadratic).
//! - `texts/*`: loading a dataset of 50 quotes from one source with its
//!   text checked (`Dataset::load_with_texts`): `no-text` (the source has
//!   none: the fast path), `100kb` (a 100 KB text of made-up words, every
//!   quote in it), `100kb-near-misses` (every quote one word off, so each
//!   gets its closest passage).
//!
//! Run with `cargo bench`; `cargo bench -- step/map` runs a subset.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use petgraph::graph::NodeIndex;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use greatgame::app::{self, Action, App, View};
use greatgame::data::{BUILTIN_JSON, Dataset};
use greatgame::graph::{Direction, InfluenceGraph, KindFilter};
use greatgame::search::SearchIndex;
use greatgame::synth::{self, Params};
use greatgame::theme::Theme;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

const SYNTH_100K: Params = Params { actors: 200, relations: 100_000, quotes_per_relation: 2, seed: 1 };

/// A dataset to measure, as text (what `load` starts from) and loaded.
struct Case {
    name: &'static str,
    json: String,
    data: Dataset,
}

impl Case {
    fn new(name: &'static str, json: String) -> Case {
        let data = Dataset::from_json(&json).expect("benchmark datasets are valid");
        Case { name, json, data }
    }

    fn graph(&self) -> InfluenceGraph {
        InfluenceGraph::new(self.data.clone())
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case::new("builtin", BUILTIN_JSON.to_string()),
        Case::new("100k", synth::to_json(&synth::generate(&SYNTH_100K))),
    ]
}

/// The actor with the most relations (the first of them on a tie).
fn busiest(graph: &InfluenceGraph) -> NodeIndex {
    let all = KindFilter::all(graph.data.kinds.len());
    let degree = |n: NodeIndex| graph.links(n, &all, Direction::All).len();
    graph.graph.node_indices().rev().max_by_key(|&n| degree(n)).expect("datasets have actors")
}

/// Two kinds shown, the others hidden: arms and investment in both datasets.
fn two_kinds(graph: &InfluenceGraph) -> KindFilter {
    let kinds = graph.data.kinds.len();
    let mut filter = KindFilter::only(kinds, 1);
    filter.toggle(2);
    filter
}

/// Slow steps (the 100k dataset) get equal-size samples rather than
/// criterion's linearly growing ones, to keep the whole run short.
fn sampling(case: &Case) -> SamplingMode {
    if case.name == "builtin" { SamplingMode::Auto } else { SamplingMode::Flat }
}

fn load(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("load");
    for case in cases {
        group.sampling_mode(sampling(case));
        // Freeing the graph is not part of loading it.
        group.bench_function(case.name, |b| {
            b.iter_with_large_drop(|| {
                let data = Dataset::from_json(black_box(&case.json)).expect("valid");
                InfluenceGraph::new(data)
            })
        });
    }
    group.finish();
}

fn query(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("query");
    for case in cases {
        let graph = case.graph();
        let (actor, filter) = (busiest(&graph), two_kinds(&graph));
        group.bench_function(case.name, |b| b.iter(|| graph.links(black_box(actor), &filter, Direction::All)));
    }
    group.finish();
}

/// Moves back and forth: `forward` until it changes nothing, then `back`.
struct PingPong {
    forward: Action,
    back: Action,
    going_back: bool,
}

impl PingPong {
    fn new(forward: Action, back: Action) -> PingPong {
        PingPong { forward, back, going_back: false }
    }

    fn action(&mut self, app: &mut App) {
        let at = |app: &App| (app.actor, app.list.relation, app.matrix_view.cell);
        let before = at(app);
        app::update(app, if self.going_back { self.back.clone() } else { self.forward.clone() });
        if at(app) == before {
            self.going_back = !self.going_back;
        }
    }
}

/// One of the key-to-frame steps: how to set the app up, then the key(s).
struct Step {
    name: &'static str,
    setup: fn(&mut App, NodeIndex),
    keys: fn() -> PingPong,
}

const STEPS: [Step; 6] = [
    Step {
        name: "list-down",
        setup: |app, busiest| {
            app.select_actor(busiest);
            app::update(app, Action::FocusNext);
        },
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "map-move",
        setup: |app, _| app::update(app, Action::ShowView(View::Map)),
        keys: || PingPong::new(Action::Right, Action::Left),
    },
    Step {
        name: "matrix-move",
        setup: |app, _| app::update(app, Action::ShowView(View::Matrix)),
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "toggle-kind",
        // Arms on, off, on, ...: both states are measured in turn.
        setup: |app, busiest| app.select_actor(busiest),
        keys: || PingPong::new(Action::ToggleKind(1), Action::ToggleKind(1)),
    },
    Step {
        name: "search-type",
        // The search line holds "pipelin"; one more letter, then Backspace, ...
        setup: |app, _| {
            app::update(app, Action::OpenSearch);
            "pipelin".chars().for_each(|c| app::update(app, Action::SearchInput(c)));
        },
        keys: || PingPong::new(Action::SearchInput('e'), Action::SearchDelete),
    },
    Step {
        name: "actor-change",
        // The actors pane has focus on the start screen.
        setup: |_, _| {},
        keys: || PingPong::new(Action::Down, Action::Up),
    },
];

/// Building the search index: paid once, on the first `/`.
fn search_index(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("search-index");
    for case in cases {
        let graph = case.graph();
        group.sampling_mode(sampling(case));
        group.bench_function(case.name, |b| b.iter(|| SearchIndex::new(black_box(&graph.data))));
    }
    group.finish();
}

fn steps(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("step");
    for step in &STEPS {
        for case in cases {
            let graph = case.graph();
            let node = busiest(&graph);
            let mut app = App::new(graph, Theme::new(true));
            app::update(&mut app, Action::Resize(WIDTH, HEIGHT));
            (step.setup)(&mut app, node);
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
            // The first frame draws everything; steps redraw on top of it.
            terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
            let mut keys = (step.keys)();
            group.sampling_mode(sampling(case));
            group.bench_function(BenchmarkId::new(step.name, case.name), |b| {
                b.iter(|| {
                    keys.action(&mut app);
                    terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
                })
            });
        }
    }
    group.finish();
}

/// The browser's set-up (display order, actor rows, matrix axes) with many
/// actors.
fn app_new(c: &mut Criterion) {
    let params = Params { actors: 32_000, relations: 20_000, quotes_per_relation: 1, seed: 1 };
    let data = synth::generate(&params);
    let mut group = c.benchmark_group("app-new");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("32000-actors", |b| {
        b.iter_batched(
            || InfluenceGraph::new(data.clone()),
            |graph| App::new(graph, Theme::new(true)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// A text of about `bytes` bytes of made-up words in sentences and
/// paragraphs, and `quotes` of its sentences, evenly spread.
fn synthetic_text(bytes: usize, quotes: usize) -> (String, Vec<String>) {
    const SYLLABLES: [&str; 16] =
        ["ka", "lo", "mi", "ra", "tu", "sen", "vo", "de", "zan", "pi", "qua", "bel", "or", "ny", "che", "ti"];
    let mut seed: u64 = 1;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let (mut text, mut sentences) = (String::new(), Vec::new());
    while text.len() < bytes {
        let words: Vec<String> =
            (0..12 + next(14)).map(|_| (0..1 + next(3)).map(|_| SYLLABLES[next(16) as usize]).collect()).collect();
        let sentence = format!("{}.", words.join(" "));
        text.push_str(&sentence);
        text.push_str(if next(6) == 0 { "\n\n" } else { " " });
        sentences.push(sentence);
    }
    let step = sentences.len() / quotes;
    let picked = (0..quotes).map(|i| sentences[i * step].clone()).collect();
    (text, picked)
}

/// A dataset whose 50 relations quote one source, its text in `text_file`.
fn quoting_dataset(quotes: &[String], text_file: Option<&str>) -> String {
    let relations: Vec<serde_json::Value> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            serde_json::json!({"id": format!("r{i}"), "kind": "k", "from": "A", "to": "B", "summary": "S",
                "evidence": [{"source": "s", "quote": q, "speaker": null}]})
        })
        .collect();
    serde_json::json!({"format": 2, "title": "T",
        "kinds": [{"id": "k", "label": "K", "directed": true, "color": "red"}],
        "actors": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
        "sources": [{"id": "s", "publisher": "P", "date": "2025", "text_file": text_file}],
        "relations": relations})
    .to_string()
}

fn texts(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("greatgame-bench-texts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (text, quotes) = synthetic_text(100_000, 50);
    std::fs::write(dir.join("text.txt"), &text).expect("the text written");
    // One word of each quote changed: none is in the text any more.
    let missed: Vec<String> = quotes.iter().map(|q| q.replacen(' ', " xx ", 1)).collect();
    let cases = [
        ("no-text", quoting_dataset(&quotes, None), true),
        ("100kb", quoting_dataset(&quotes, Some("text.txt")), true),
        ("100kb-near-misses", quoting_dataset(&missed, Some("text.txt")), false),
    ];
    let mut group = c.benchmark_group("texts");
    for (name, json, valid) in &cases {
        let base: &Path = &dir;
        assert_eq!(Dataset::load_with_texts(json, Some(base)).is_ok(), *valid, "{name}");
        group.bench_function(*name, |b| b.iter(|| Dataset::load_with_texts(black_box(json), Some(base))));
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn all(c: &mut Criterion) {
    texts(c);
    app_new(c);
    let cases = cases();
    load(c, &cases);
    query(c, &cases);
    search_index(c, &cases);
    steps(c, &cases);
}

criterion_group! {
    name = benches;
    // Modest, so that the whole run takes a few minutes on two cores.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = all
}
criterion_main!(benches);
