//! Property tests: no dataset, key sequence or terminal size makes the
//! browser panic or point outside a list; text made of hostile characters
//! never reaches a cell of the screen as it is; and a dataset written in
//! canonical form loads back as the same dataset (and the same text).

mod common;

use greatgame::app::{self, Action, App, View};
use greatgame::data::{Actor, Dataset, Evidence, Extra, Group, Kind, Relation, Source, needs_escape};
use greatgame::graph::InfluenceGraph;
use greatgame::theme::Theme;
use proptest::prelude::*;

/// The raw numbers a dataset is built from; `build` maps them onto valid
/// references, so every generated dataset is valid by construction.
#[derive(Debug, Clone)]
struct Shape {
    actors: Vec<(f64, f64)>,
    kinds: Vec<bool>,
    groups: Vec<Vec<usize>>,
    relations: Vec<(usize, usize, usize, usize)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::collection::vec((-90.0..=90.0f64, -180.0..=180.0f64), 0..=50),
        prop::collection::vec(any::<bool>(), 1..=16),
        prop::collection::vec(prop::collection::vec(any::<usize>(), 1..6), 0..=3),
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), 1..=3usize), 0..=120),
    )
        .prop_map(|(actors, kinds, groups, relations)| Shape { actors, kinds, groups, relations })
}

fn build(shape: &Shape) -> Dataset {
    let n = shape.actors.len();
    let actors: Vec<Actor> = shape
        .actors
        .iter()
        .enumerate()
        .map(|(i, &(lat, lon))| Actor {
            id: format!("A{i}"),
            name: format!("Actor number {i} with a longish name"),
            // Every fifth actor is not a state: no capital, off the map.
            capital: (i % 5 != 4).then(|| format!("Capital {i}")),
            lat: (i % 5 != 4).then_some(lat),
            lon: (i % 5 != 4).then_some(lon),
            ..Default::default()
        })
        .collect();
    let groups: Vec<Group> = if n == 0 {
        Vec::new()
    } else {
        shape
            .groups
            .iter()
            .enumerate()
            .map(|(g, members)| {
                let mut ids: Vec<String> = members.iter().map(|m| format!("A{}", m % n)).collect();
                ids.sort();
                ids.dedup();
                Group { id: format!("G{g}"), name: format!("Group {g}"), members: ids, ..Default::default() }
            })
            .collect()
    };
    let kinds: Vec<Kind> = shape
        .kinds
        .iter()
        .enumerate()
        .map(|(k, &directed)| Kind {
            id: format!("k{k}"),
            label: format!("Kind{k}"),
            directed,
            color: "red".into(),
            ..Default::default()
        })
        .collect();
    let endpoints: Vec<String> =
        actors.iter().map(|a| a.id.clone()).chain(groups.iter().map(|g| g.id.clone())).collect();
    let relations: Vec<Relation> = if endpoints.len() < 2 {
        Vec::new()
    } else {
        shape
            .relations
            .iter()
            .enumerate()
            .map(|(r, &(k, from, to, quotes))| {
                let from = from % endpoints.len();
                let to = (from + 1 + to % (endpoints.len() - 1)) % endpoints.len();
                Relation {
                    id: format!("r{r}"),
                    kind: format!("k{}", k % kinds.len()),
                    from: endpoints[from].clone(),
                    to: endpoints[to].clone(),
                    summary: format!("Relation {r} in our own words"),
                    evidence: (0..quotes)
                        .map(|q| Evidence {
                            source: "s".into(),
                            quote: format!("Quote {q} of relation {r}, long enough to wrap on a narrow terminal pane."),
                            speaker: (q % 2 == 0).then(|| "A speaker".to_string()),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                }
            })
            .collect()
    };
    Dataset {
        title: "Generated".into(),
        kinds,
        actors,
        groups,
        sources: vec![Source {
            id: "s".into(),
            publisher: "Wire".into(),
            date: "2025-01-01".into(),
            title: None,
            url: None,
            ..Default::default()
        }],
        relations,
        ..Default::default()
    }
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::Left),
        Just(Action::Right),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::First),
        Just(Action::Last),
        Just(Action::FocusNext),
        Just(Action::FocusPrev),
        Just(Action::Follow),
        Just(Action::Back),
        (0..12usize).prop_map(Action::ToggleKind),
        Just(Action::AllKinds),
        Just(Action::CycleDirection),
        Just(Action::NextView),
        prop::sample::select(View::ALL.to_vec()).prop_map(Action::ShowView),
        Just(Action::ToggleHelp),
        Just(Action::Escape),
        (1..=300u16, 1..=100u16).prop_map(|(w, h)| Action::Resize(w, h)),
        (0..300u16, 0..100u16).prop_map(|(x, y)| Action::Click(x, y)),
        (0..300u16, 0..100u16, any::<bool>()).prop_map(|(x, y, down)| Action::Wheel(x, y, down)),
        Just(Action::OpenSearch),
        prop::sample::select(vec!['a', 'e', 'r', '1', ' ', 'Q']).prop_map(Action::SearchInput),
        Just(Action::SearchDelete),
        "[a-z \n\t]{0,12}".prop_map(Action::Paste),
        Just(Action::NextHit),
        Just(Action::PrevHit),
        Just(Action::Copy),
    ]
}

/// Every selection points inside its list.
fn check_selections(app: &App) -> Result<(), TestCaseError> {
    let actors = app.actor_order.len();
    prop_assert!(app.actor < actors.max(1), "actor {} of {actors}", app.actor);
    let links = app.links().len();
    prop_assert!(app.list.relation < links.max(1), "relation {} of {links}", app.list.relation);
    prop_assert!(app.matrix_view.cell.0 < app.matrix_view.rows.len().max(1), "row {:?}", app.matrix_view.cell);
    prop_assert!(app.matrix_view.cell.1 < app.matrix_view.cols.len().max(1), "column {:?}", app.matrix_view.cell);
    if let Some(search) = app.search() {
        prop_assert!(search.selected < search.hits.len().max(1));
    }
    if let Some(found) = &app.found {
        prop_assert!(found.current < found.hits.len().max(1));
    }
    if let Some(pair) = common::pair(app) {
        prop_assert!(app.graph.find(&pair.row).is_some());
        prop_assert!(app.graph.find(&pair.col).is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_datasets_are_valid(shape in shape()) {
        let data = build(&shape);
        prop_assert_eq!(data.validate(), vec![]);
    }

    #[test]
    fn no_key_sequence_panics_or_leaves_a_list(shape in shape(), actions in prop::collection::vec(action(), 1..40)) {
        let mut app = App::new(InfluenceGraph::new(build(&shape)), Theme::new(true));
        app::update(&mut app, Action::Resize(100, 30));
        for action in actions {
            app::update(&mut app, action);
            check_selections(&app)?;
            common::frame(&app);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_view_renders_at_every_size(
        w in 1..=300u16,
        h in 1..=100u16,
        view in prop::sample::select(View::ALL.to_vec()),
        popup in 0..3u8,
    ) {
        let mut app = App::new(InfluenceGraph::new(common::article()), Theme::new(true));
        app::update(&mut app, Action::ShowView(view));
        match popup {
            1 => app::update(&mut app, Action::ToggleHelp),
            2 => {
                app::update(&mut app, Action::ShowView(View::Matrix));
                app::update(&mut app, Action::Follow);
            }
            _ => {}
        }
        app::update(&mut app, Action::Resize(w, h));
        common::frame(&app);
        check_selections(&app)?;
    }
}

// ---- the reader's cursor ---------------------------------------------------

fn reader_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::Left),
        Just(Action::Right),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::First),
        Just(Action::Last),
        Just(Action::NextWord),
        Just(Action::PrevWord),
        Just(Action::NextSentence),
        Just(Action::PrevSentence),
        Just(Action::SelectSentence),
        Just(Action::SelectFree),
        Just(Action::NextSpan),
        Just(Action::PrevSpan),
        Just(Action::Escape),
        (20..=200u16, 5..=60u16).prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Whatever the text (wide, combining, emoji, controls, CRLF, blank)
    /// and the keys, the cursor stays on a character of it, every frame
    /// draws, and what a selection (or `S`) would quote is found again in
    /// the text as `validate` finds quotes.
    #[test]
    fn the_reader_cursor_stays_in_its_text_and_a_selection_is_always_found_again(
        text in "[a-zA-Z0-9é中👍\u{301}\u{200b}\u{1b}.!?,'\" \n\r\t-]{0,160}",
        actions in prop::collection::vec(reader_action(), 1..40),
    ) {
        let mut app = App::new(InfluenceGraph::new(common::article()), Theme::new(true));
        let source = app.graph.data.sources[0].id.clone();
        let mut texts = greatgame::data::texts::Texts::default();
        texts.insert(source, greatgame::data::texts::SourceText { path: "t.txt".into(), text: text.as_str().into() });
        app.set_texts(texts);
        app::update(&mut app, Action::Resize(100, 30));
        app::update(&mut app, Action::ShowView(View::Sources));
        app::update(&mut app, Action::FocusNext);
        let found = |app: &App| -> Result<(), TestCaseError> {
            if let Some(range) = app.reader_selection() {
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                let quote = greatgame::reader::motion::quote_of(&text, range);
                prop_assert!(!quote.trim().is_empty());
                prop_assert!(
                    greatgame::data::texts::find_quote(&text, &quote).is_some(),
                    "{quote:?} is not found again in {text:?}"
                );
            }
            Ok(())
        };
        for action in actions {
            app::update(&mut app, action);
            let cursor = app.sources_view.cursor;
            prop_assert!(cursor <= text.len() && text.is_char_boundary(cursor), "cursor {cursor} in {text:?}");
            common::frame(&app);
            found(&app)?;
        }
        app::update(&mut app, Action::SelectSentence);
        found(&app)?;
    }
}

// ---- hostile text ----------------------------------------------------------

/// Characters that break naive writers and terminals: JSON's own escapes,
/// controls (C0, DEL, C1), bidi and zero-width characters, tags, line
/// separators, noncharacters, and characters outside the BMP.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('a', 'z'),
        1 => Just(' '),
        3 => prop::sample::select(vec![
            '"', '\\', '/', '\n', '\t', '\r', '\u{0}', '\u{8}', '\u{c}', '\u{1b}', '\u{7}', '\u{7f}', '\u{85}',
            '\u{9b}', '\u{ad}', '\u{200b}', '\u{200d}', '\u{200e}', '\u{2028}', '\u{202e}', '\u{2066}',
            '\u{feff}', '\u{fffe}', '\u{fffd}', '\u{e0041}', 'é', '日', '😀', '𝄞', '\u{10ffff}',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(String::from_iter)
}

/// Text a field that must not be empty can hold: a letter first.
fn hostile_name() -> impl Strategy<Value = String> {
    hostile_text(12).prop_map(|s| format!("N{s}"))
}

/// An id suffix: no whitespace, ':' or '>' (the id rule).
fn id_suffix() -> impl Strategy<Value = String> {
    hostile_text(6).prop_map(|s| s.chars().filter(|c| !c.is_whitespace() && !matches!(c, ':' | '>')).collect())
}

/// Any JSON value, nested, with hostile strings and keys.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinities", |f| f.is_finite()).prop_map(Value::from),
        hostile_text(8).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(hostile_text(5), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Fields a record's format does not know: keys start with "x", which no
/// known field does.
fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::btree_map(hostile_text(6).prop_map(|k| format!("x{k}")), json_value(), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

/// A valid dataset whose every string is hostile and whose every record may
/// carry unknown fields.
fn hostile_dataset() -> impl Strategy<Value = Dataset> {
    let actor = (
        hostile_name(),
        id_suffix(),
        prop::option::of(hostile_text(8)),
        prop::option::of((-90.0..=90.0f64, -180.0..=180.0f64)),
        extra(),
    );
    let quote = (hostile_name(), prop::option::of(hostile_name()), extra());
    let relation = (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        hostile_name(),
        prop::collection::vec(quote, 1..3),
        extra(),
    );
    (
        (hostile_text(20), prop::collection::vec((hostile_name(), any::<bool>(), extra()), 1..4), extra()),
        prop::collection::vec(actor, 2..6),
        prop::collection::vec(
            (hostile_name(), prop::option::of(hostile_text(10)), prop::option::of(hostile_text(10)), extra()),
            1..3,
        ),
        prop::collection::vec(relation, 0..6),
        (hostile_name(), extra()),
    )
        .prop_map(|((title, kinds, top), actors, sources, relations, (group_name, group_extra))| {
            let kinds: Vec<Kind> = kinds
                .into_iter()
                .enumerate()
                .map(|(i, (label, directed, extra))| Kind {
                    id: format!("k{i}"),
                    label,
                    directed,
                    color: "red".into(),
                    extra,
                })
                .collect();
            let actors: Vec<Actor> = actors
                .into_iter()
                .enumerate()
                .map(|(i, (name, suffix, capital, at, extra))| Actor {
                    id: format!("A{i}{suffix}"),
                    name,
                    capital,
                    lat: at.map(|a| a.0),
                    lon: at.map(|a| a.1),
                    extra,
                })
                .collect();
            let groups = vec![Group {
                id: "G".into(),
                name: group_name,
                members: actors.iter().take(2).map(|a| a.id.clone()).collect(),
                extra: group_extra,
            }];
            let sources: Vec<Source> = sources
                .into_iter()
                .enumerate()
                .map(|(i, (publisher, title, url, extra))| Source {
                    id: format!("s{i}"),
                    // The optional fields round-trip too, set on every other source.
                    r#type: (i % 2 == 0).then(|| "statistics".into()),
                    text_file: (i % 2 == 0).then(|| publisher.clone()),
                    sha256: (i % 2 == 0).then(|| "ab".repeat(32)),
                    publisher,
                    date: "2025".into(),
                    title,
                    url,
                    extra,
                })
                .collect();
            let ends: Vec<String> = actors.iter().map(|a| a.id.clone()).chain(["G".to_string()]).collect();
            let relations = relations
                .into_iter()
                .enumerate()
                .map(|(i, (kind, from, to, summary, mut quotes, extra))| {
                    // One relation holds a quote once (quotes are addressed by
                    // relation, source and text); a number makes each unique.
                    for (j, q) in quotes.iter_mut().enumerate() {
                        q.0.push_str(&format!(" {j}"));
                    }
                    let from = from.index(ends.len());
                    let to = (from + 1 + to.index(ends.len() - 1)) % ends.len();
                    Relation {
                        id: format!("r{i}"),
                        kind: kinds[kind.index(kinds.len())].id.clone(),
                        from: ends[from].clone(),
                        to: ends[to].clone(),
                        // Periods, as_of dates and figures round-trip too, on
                        // every other relation and quote.
                        period: (i % 2 == 0).then(|| "2020/..".into()),
                        figures: (i % 2 == 0)
                            .then(|| greatgame::data::Figure {
                                measure: summary.clone(),
                                value: 43.8,
                                unit: "USD bn".into(),
                                period: "2024".into(),
                                source: sources[0].id.clone(),
                                reporter: Some(summary.clone()),
                                approx: true,
                                note: None,
                                extra: Default::default(),
                            })
                            .into_iter()
                            .collect(),
                        summary,
                        evidence: quotes
                            .into_iter()
                            .enumerate()
                            .map(|(j, (quote, speaker, extra))| Evidence {
                                source: sources[j % sources.len()].id.clone(),
                                quote,
                                speaker,
                                as_of: (j % 2 == 1).then(|| "2025-10".into()),
                                extra,
                            })
                            .collect(),
                        extra,
                    }
                })
                .collect();
            Dataset { format: None, title, kinds, actors, groups, sources, relations, extra: top }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Load -> write -> load is the identity, and writing is idempotent:
    /// whatever the text and the unknown fields hold.
    #[test]
    fn the_canonical_text_loads_back_as_the_same_dataset(data in hostile_dataset()) {
        // Valid: its unknown fields are only warnings.
        let errors: Vec<_> = data.validate().into_iter().filter(|p| !p.is_warning()).collect();
        prop_assert_eq!(errors, vec![]);
        let text = data.to_canonical_json();
        let back = Dataset::from_json(&text).map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
        prop_assert_eq!(back.format, Some(2), "the writer writes the format version");
        prop_assert_eq!(&back, &Dataset { format: Some(2), ..data.clone() });
        prop_assert_eq!(back.to_canonical_json(), text.clone(), "fmt is idempotent");
        // Faithful and inert: nothing in the text acts on a terminal.
        prop_assert!(!text.chars().any(|c| c != '\n' && needs_escape(c)), "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Hostile text never reaches a cell as it is, in any view.
    #[test]
    fn hostile_text_reaches_no_cell(data in hostile_dataset(), w in 40..=140u16, h in 10..=40u16) {
        let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
        app::update(&mut app, Action::Resize(w, h));
        let actions = [Action::Follow, Action::Down, Action::ToggleHelp, Action::ToggleHelp, Action::ShowView(View::Map), Action::ShowView(View::Matrix), Action::Follow, Action::Escape, Action::OpenSearch, Action::SearchInput('n')];
        for action in actions {
            app::update(&mut app, action.clone());
            let terminal = common::frame(&app);
            for cell in terminal.backend().buffer().content() {
                prop_assert!(!cell.symbol().chars().any(needs_escape), "{:?} after {:?}", cell.symbol(), action);
            }
        }
    }
}

/// The dataset's top-level fields as text, in the order `order` gives
/// (a permutation of 0..7 plus the unknown fields last or first), compact
/// or indented: the same dataset in another key order.
fn in_key_order(data: &Dataset, order: &[usize], pretty: bool, extra_first: bool) -> String {
    let json = |v: &dyn erased::Json| v.text(pretty);
    let fields: Vec<(&str, String)> = vec![
        ("format", json(&data.format)),
        ("title", json(&data.title)),
        ("kinds", json(&data.kinds)),
        ("actors", json(&data.actors)),
        ("groups", json(&data.groups)),
        ("sources", json(&data.sources)),
        ("relations", json(&data.relations)),
    ];
    let mut parts: Vec<String> = order
        .iter()
        .map(|&i| &fields[i])
        .filter(|(k, v)| !(*k == "format" && v == "null"))
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    let extra: Vec<String> = data.extra.iter().map(|(k, v)| format!("{}: {}", json(k), json(v))).collect();
    if extra_first {
        parts.splice(0..0, extra);
    } else {
        parts.extend(extra);
    }
    let sep = if pretty { ",\n  " } else { "," };
    format!("{{{}}}\n", parts.join(sep))
}

mod erased {
    /// Anything serde can write, as JSON text.
    pub trait Json {
        fn text(&self, pretty: bool) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn text(&self, pretty: bool) -> String {
            if pretty { serde_json::to_string_pretty(self).unwrap() } else { serde_json::to_string(self).unwrap() }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A file loaded by the streaming loader (header first, relations in
    /// batches; another key order loaded whole) gives the same dataset, the
    /// same warnings and the same texts as a whole-file load, whatever the
    /// key order, layout and text.
    #[test]
    fn streaming_load_gives_the_same_model_as_a_whole_file_load(
        data in hostile_dataset(),
        order in Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
        canonical in any::<bool>(),
        pretty in any::<bool>(),
        extra_first in any::<bool>(),
    ) {
        let text = if canonical { data.to_canonical_json() } else { in_key_order(&data, &order, pretty, extra_first) };
        let dir = std::env::temp_dir().join(format!("greatgame-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("data.json");
        std::fs::write(&file, &text).unwrap();
        let whole = Dataset::load_bytes_with_texts(text.as_bytes(), Some(&dir));
        let streamed = greatgame::data::stream::load_file(&file);
        match (whole, streamed) {
            (Ok(w), Ok(s)) => {
                prop_assert_eq!(&s.dataset, &w.dataset);
                prop_assert_eq!(s.warnings, w.warnings);
            }
            (Err(w), Err(s)) => prop_assert_eq!(s, w),
            (w, s) => prop_assert!(false, "whole: {:?}\nstreamed: {:?}\n{}", w.is_ok(), s.is_ok(), text),
        }
    }
}
