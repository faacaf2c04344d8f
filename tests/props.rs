//! Property tests: no dataset, key sequence or terminal size makes the
//! browser panic or point outside a list.

mod common;

use greatgame::app::{self, Action, App, View};
use greatgame::data::{Actor, Dataset, Evidence, Group, Kind, Relation, Source};
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
        let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
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
