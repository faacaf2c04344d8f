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
//!   Also `map-toggle-kind` (show/hide arms on the map), `search-first`
//!   (the first letter of a query, then Backspace: a search over everything),
//!   `evidence-quote` (`↓` between the quotes in the Evidence pane),
//!   `list-end` (`End` / `Home` in the relations), `help-scroll`,
//!   `pair-quote` (`↓` between the quotes of a matrix cell's evidence), and in the
//!   sources view `sources-move` (the next source), `sources-scroll` (a page
//!   of the text) and `sources-end` (`End` / `Home` in the text: the synthetic
//!   sources have no text, so this is their list of 400,000 quotes at 1M).
//!
//! Moves go back and forth (`→` until it stops, then `←`, ...), so every
//! measured step is a real move except one at each turn.
//!
//! - `step-1m/<what>`: the same steps on 1,000,000 relations (200 actors, 2
//!   quotes each, seed 1, generated in memory), fewer samples. Generating the
//!   dataset takes a few seconds; it is skipped when a filter is given that
//!   cannot match `step-1m` (`cargo bench -- step/` skips it,
//!   `cargo bench -- step-1m/sources` runs only those). `step-1m/loading-batch`:
//!   while a file streams in, the relations the browser takes between two
//!   keys (`app::loading::STEP_RELATIONS`) added to half a million, and a draw.
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

use criterion::measurement::WallTime;
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
const SYNTH_1M: Params = Params { actors: 200, relations: 1_000_000, quotes_per_relation: 2, seed: 1 };

/// A dataset to measure, as text (what `load` starts from) and loaded.
struct Case {
    name: &'static str,
    /// The JSON text, for `load/*`.
    json: Option<String>,
    data: Dataset,
}

impl Case {
    fn new(name: &'static str, json: String) -> Case {
        let data = Dataset::from_json(&json).expect("benchmark datasets are valid");
        Case { name, json: Some(json), data }
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
        let Some(json) = &case.json else { continue };
        group.sampling_mode(sampling(case));
        // Freeing the graph is not part of loading it.
        group.bench_function(case.name, |b| {
            b.iter_with_large_drop(|| {
                let data = Dataset::from_json(black_box(json)).expect("valid");
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

const STEPS: [Step; 15] = [
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
    Step {
        name: "map-toggle-kind",
        setup: |app, busiest| {
            app.select_actor(busiest);
            app::update(app, Action::ShowView(View::Map));
        },
        keys: || PingPong::new(Action::ToggleKind(1), Action::ToggleKind(1)),
    },
    Step {
        name: "search-first",
        // An empty search line (the index built); a letter, then Backspace:
        // the letter searches everything, as the first one in a fresh process.
        setup: |app, _| app::update(app, Action::OpenSearch),
        keys: || PingPong::new(Action::SearchInput('a'), Action::SearchDelete),
    },
    Step {
        name: "evidence-quote",
        // The Evidence pane of the busiest actor's first relation.
        setup: |app, busiest| {
            app.select_actor(busiest);
            app::update(app, Action::FocusNext);
            app::update(app, Action::FocusNext);
        },
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "list-end",
        setup: |app, busiest| {
            app.select_actor(busiest);
            app::update(app, Action::FocusNext);
        },
        keys: || PingPong::new(Action::Last, Action::First),
    },
    Step {
        name: "help-scroll",
        setup: |app, _| app::update(app, Action::ToggleHelp),
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "pair-quote",
        // The matrix's first cell's evidence (Enter), `↓` between its quotes.
        setup: |app, _| {
            app::update(app, Action::ShowView(View::Matrix));
            app::update(app, Action::Follow);
        },
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "sources-move",
        setup: |app, _| app::update(app, Action::ShowView(View::Sources)),
        keys: || PingPong::new(Action::Down, Action::Up),
    },
    Step {
        name: "sources-scroll",
        setup: |app, _| {
            app::update(app, Action::ShowView(View::Sources));
            app::update(app, Action::FocusNext);
        },
        keys: || PingPong::new(Action::PageDown, Action::PageUp),
    },
    Step {
        name: "sources-end",
        setup: |app, _| {
            app::update(app, Action::ShowView(View::Sources));
            app::update(app, Action::FocusNext);
        },
        keys: || PingPong::new(Action::Last, Action::First),
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

/// An app on `case` at 200x60 after `step`'s set-up, its first frame drawn
/// (the first frame draws everything; steps redraw on top of it).
fn step_app(case: &Case, step: &Step) -> App {
    let graph = case.graph();
    let node = busiest(&graph);
    let mut app = App::new(graph, Theme::new(true));
    app::update(&mut app, Action::Resize(WIDTH, HEIGHT));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
    terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
    (step.setup)(&mut app, node);
    terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
    app
}

fn bench_step(group: &mut criterion::BenchmarkGroup<'_, WallTime>, id: BenchmarkId, app: &mut App, step: &Step) {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
    terminal.draw(|f| f.render_widget(&*app, f.area())).expect("draw");
    let mut keys = (step.keys)();
    group.bench_function(id, |b| {
        b.iter(|| {
            keys.action(app);
            terminal.draw(|f| f.render_widget(&*app, f.area())).expect("draw");
        })
    });
}

fn steps(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("step");
    for step in &STEPS {
        for case in cases {
            if !wanted(&format!("step/{}/{}", step.name, case.name)) {
                continue;
            }
            let mut app = step_app(case, step);
            group.sampling_mode(sampling(case));
            bench_step(&mut group, BenchmarkId::new(step.name, case.name), &mut app, step);
        }
    }
    group.finish();
}

/// The steps at 1,000,000 relations: fewer, shorter samples.
fn steps_1m(c: &mut Criterion) {
    let mut ids: Vec<String> = STEPS.iter().map(|step| format!("step-1m/{}", step.name)).collect();
    ids.push("step-1m/loading-batch".into());
    if !ids.iter().any(|id| wanted(id)) {
        return;
    }
    let case = Case { name: "1m", json: None, data: synth::generate(&SYNTH_1M) };
    let mut group = c.benchmark_group("step-1m");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (step, id) in STEPS.iter().zip(&ids) {
        if !wanted(id) {
            continue;
        }
        let mut app = step_app(&case, step);
        bench_step(&mut group, BenchmarkId::from_parameter(step.name), &mut app, step);
    }
    // While a file loads: the browser takes the next relations (as many as
    // it takes between two keys) and draws.
    if wanted("step-1m/loading-batch") {
        let mut data = case.data;
        let rest = data.relations.split_off(data.relations.len() / 2);
        let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
        app.start_loading(1 << 30);
        app.graph.defer_relation_index();
        app::update(&mut app, Action::Resize(WIDTH, HEIGHT));
        let placer = app.graph.placer();
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
        let mut batches = rest.chunks(app::loading::STEP_RELATIONS).cycle();
        group.bench_function("loading-batch", |b| {
            b.iter_batched(
                || {
                    let batch = batches.next().expect("cycles").to_vec();
                    let placed = batch.iter().map(|r| placer.place(r)).collect();
                    (batch, placed)
                },
                |(batch, placed)| {
                    app.add_relations(batch, Some(placed), 0);
                    terminal.draw(|f| f.render_widget(&app, f.area())).expect("draw");
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Whether the command line's filter (if any) can match the benchmark `id`
/// ("step-1m/list-down"), so that what only it needs (a dataset, an app) is
/// made only then. A filter is a regular expression searched in the id: a
/// plain one is matched here as a substring; any other is taken to match.
fn wanted(id: &str) -> bool {
    // Criterion's options that take a value (the value is no filter).
    const WITH_VALUE: [&str; 12] = [
        "--save-baseline",
        "--baseline",
        "--load-baseline",
        "--baseline-lenient",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--profile-time",
        "--output-format",
        "--color",
        "--plotting-backend",
        "--format",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with('-') && (*i == 0 || !WITH_VALUE.contains(&args[i - 1].as_str())))
        .map(|(_, a)| a)
        .collect();
    let plain = |f: &str| f.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'));
    filters.is_empty() || filters.iter().any(|f| !plain(f) || id.contains(f.as_str()))
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
    drop(cases);
    steps_1m(c);
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
