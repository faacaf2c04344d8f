//! The streaming loader on real files: a canonical file streams (header
//! first, then batches) and gives what a whole-file load gives; problems
//! anywhere are reported as a whole-file load reports them; a file cut
//! short while it loads is an error, never a crash.

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use greatgame::data::Dataset;
use greatgame::data::stream::{self, Message};
use greatgame::synth::{self, Params};

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-stream-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("data.json");
    fs::write(&file, text).unwrap();
    file
}

fn synthetic(relations: usize) -> String {
    synth::generate(&Params { actors: 60, relations, quotes_per_relation: 2, seed: 7 }).to_canonical_json()
}

#[test]
fn a_canonical_file_streams_header_first_then_batches_and_loads_as_a_whole_file_does() {
    let text = synthetic(8_000);
    let file = temp_file("canonical", &text);
    let rx = stream::start(file.clone(), Arc::new(AtomicBool::new(false)));
    let mut messages = rx.iter();
    let Some(Message::Header { dataset, total_bytes }) = messages.next() else { panic!("the header comes first") };
    assert!(dataset.relations.is_empty());
    assert_eq!(dataset.actors.len(), 60);
    assert_eq!(total_bytes, text.len() as u64);
    let mut batches = 0;
    let mut relations = Vec::new();
    let mut last_read = 0;
    for message in messages {
        match message {
            Message::Batch { relations: batch, bytes_read, .. } => {
                batches += 1;
                assert!(bytes_read >= last_read && bytes_read <= total_bytes, "progress only grows");
                last_read = bytes_read;
                relations.extend(batch);
            }
            Message::Done { .. } => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(batches >= 2, "in batches: {batches}");
    let whole = Dataset::from_json(&text).unwrap();
    assert_eq!(relations, whole.relations);
    // And through the whole path of `load_file`.
    assert_eq!(stream::load_file(&file).unwrap().dataset, whole);
}

#[test]
fn a_file_in_another_key_order_loads_whole_and_the_same() {
    let data = Dataset::builtin();
    let mut value: serde_json::Value = serde_json::from_str(&data.to_canonical_json()).unwrap();
    let relations = value.as_object_mut().unwrap().remove("relations").unwrap();
    // Relations first: the header is not in before them.
    let text = format!("{{\"relations\": {relations}, {}", &value.to_string()[1..]);
    let file = temp_file("order", &text);
    let rx = stream::start(file.clone(), Arc::new(AtomicBool::new(false)));
    assert!(matches!(rx.recv().unwrap(), Message::Whole { .. }), "loaded whole");
    assert_eq!(stream::load_file(&file).unwrap().dataset, Dataset::from_json(&text).unwrap());
}

#[test]
fn an_invalid_relation_near_the_end_is_reported_with_its_place_as_a_whole_load_does() {
    let text = synthetic(6_000);
    // The last relation's kind becomes one the dataset does not have.
    let at = text.rfind("\"kind\": \"").unwrap() + "\"kind\": \"".len();
    let end = at + text[at..].find('"').unwrap();
    let text = format!("{}tanks{}", &text[..at], &text[end..]);
    let file = temp_file("invalid-end", &text);
    let rx = stream::start(file.clone(), Arc::new(AtomicBool::new(false)));
    // It streams: the header and batches come before anything is known.
    assert!(matches!(rx.recv().unwrap(), Message::Header { .. }));
    assert!(matches!(rx.recv().unwrap(), Message::Batch { .. }));
    drop(rx);
    let streamed = stream::load_file(&file).map(|_| ()).unwrap_err();
    let whole = Dataset::load_bytes_with_texts(text.as_bytes(), file.parent()).map(|_| ()).unwrap_err();
    assert_eq!(streamed, whole);
    let line = text[..at].lines().count();
    let shown = streamed.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
    assert!(shown.contains("relations[5999]") && shown.contains("unknown kind \"tanks\""), "{shown}");
    assert!(shown.contains(&format!("({line}:")), "with its line, {line}: {shown}");
}

#[test]
fn a_syntax_error_late_in_the_file_is_reported_as_a_whole_load_does() {
    let text = synthetic(5_000);
    // A bare word where the last speaker's value goes: not JSON.
    let at = text.rfind("\"speaker\": ").unwrap() + "\"speaker\": ".len();
    let text = format!("{}nobody, {}", &text[..at], &text[at..]);
    let file = temp_file("syntax", &text);
    let streamed = stream::load_file(&file).map(|_| ()).unwrap_err();
    assert_eq!(streamed, Dataset::load_bytes(text.as_bytes()).map(|_| ()).unwrap_err());
}

#[test]
fn a_file_cut_short_while_it_loads_is_an_error_not_a_crash() {
    let text = synthetic(20_000);
    let file = temp_file("truncated", &text);
    let rx = stream::start(file.clone(), Arc::new(AtomicBool::new(false)));
    assert!(matches!(rx.recv().unwrap(), Message::Header { .. }));
    // An editor saving in place: the file shrinks under the reader.
    fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(text.len() as u64 / 3).unwrap();
    let mut failed = None;
    for message in rx {
        match message {
            Message::Batch { .. } => {}
            Message::Failed(problems) => failed = Some(problems),
            // The read ran ahead of the cut: it got the whole file first.
            Message::Done { .. } => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    if let Some(problems) = failed {
        let shown = problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
        assert!(shown.contains("truncated"), "{shown}");
    }
    // The file as it is now is reported the same way by both loaders.
    let now = fs::read(&file).unwrap();
    assert_eq!(stream::load_file(&file).map(|_| ()).unwrap_err(), Dataset::load_bytes(&now).map(|_| ()).unwrap_err());
}

#[test]
fn cancelling_stops_the_thread_without_waiting_for_the_file() {
    let text = synthetic(20_000);
    let file = temp_file("cancel", &text);
    let cancel = Arc::new(AtomicBool::new(false));
    let rx = stream::start(file, Arc::clone(&cancel));
    assert!(matches!(rx.recv().unwrap(), Message::Header { .. }));
    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    // The thread stops at its next batch: the channel closes before the end.
    let done = rx.iter().any(|m| matches!(m, Message::Done { .. }));
    assert!(!done, "a cancelled load does not run to its end");
}

/// A graph that grows batch by batch counts and lists exactly what a graph
/// built at once does.
#[test]
fn a_graph_extended_in_batches_is_the_graph_built_at_once() {
    use greatgame::graph::{Direction, InfluenceGraph, KindFilter};
    let data = synth::generate(&Params { actors: 40, relations: 3_000, quotes_per_relation: 1, seed: 3 });
    let whole = InfluenceGraph::new(data.clone());
    let mut header = data.clone();
    let mut rest = std::mem::take(&mut header.relations);
    let mut grown = InfluenceGraph::new(header);
    // Placed on "loading threads" (here), as the browser's loader does,
    // every other batch; worked out by the graph itself in between.
    let placer = grown.placer();
    // The browser lists the selected actor's links again after each batch
    // by merging in the new ones: under any filter, what listing them all
    // again gives.
    let mut some_kinds = KindFilter::all(data.kinds.len());
    some_kinds.toggle(1);
    let filters = [
        (KindFilter::all(data.kinds.len()), Direction::All),
        (KindFilter::all(data.kinds.len()), Direction::Incoming),
        (some_kinds, Direction::Outgoing),
        (KindFilter::only(data.kinds.len(), 0), Direction::All),
    ];
    let actors: Vec<_> = whole.graph.node_indices().step_by(7).collect();
    for (n, size) in [1, 7, 500, 10, 1_000].into_iter().cycle().enumerate() {
        if rest.is_empty() {
            break;
        }
        let before: Vec<Vec<_>> =
            filters.iter().flat_map(|(k, d)| actors.iter().map(|&a| grown.links(a, k, *d))).collect();
        let first_edge = grown.graph.edge_count();
        let batch: Vec<_> = rest.drain(..size.min(rest.len())).collect();
        let placed = (n % 2 == 0).then(|| batch.iter().map(|r| placer.place(r)).collect());
        grown.extend(batch, placed, |_| true).unwrap();
        let pairs = filters.iter().flat_map(|(k, d)| actors.iter().map(move |&a| (a, k, *d)));
        for ((actor, kinds, direction), old) in pairs.zip(&before) {
            let merged = grown.links_added(old, actor, kinds, direction, first_edge);
            assert_eq!(merged, grown.links(actor, kinds, direction), "batch {n}, {direction:?}");
        }
    }
    assert_eq!(grown.data.relations, whole.data.relations);
    let kinds = KindFilter::all(data.kinds.len());
    for node in whole.graph.node_indices() {
        for direction in [Direction::All, Direction::Outgoing, Direction::Incoming] {
            assert_eq!(grown.links(node, &kinds, direction), whole.links(node, &kinds, direction));
            assert_eq!(grown.counts_per_kind(node, direction), whole.counts_per_kind(node, direction));
            assert_eq!(grown.claims(node, &kinds, direction), whole.claims(node, &kinds, direction));
        }
    }
    let (rows, cols) = whole.matrix_axes(None);
    let cells = |g: &InfluenceGraph| {
        let m = g.matrix_cells(&rows, &cols, &kinds, Direction::All);
        (0..rows.len())
            .flat_map(|r| (0..cols.len()).map(move |c| (r, c)))
            .map(|(r, c)| m.cell(r, c).cloned())
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&grown), cells(&whole));
    for r in &data.relations {
        assert_eq!(grown.relation_index(&r.id), whole.relation_index(&r.id));
    }
}

/// While a big file streams in, relations are found by id without an index
/// (the browser builds it on another thread once all are in); with the
/// index put in, and for relations added after it was built, the same.
#[test]
fn relations_are_found_by_id_before_and_after_their_index_is_built() {
    use greatgame::graph::InfluenceGraph;
    let data = synth::generate(&Params { actors: 20, relations: 900, quotes_per_relation: 1, seed: 5 });
    let mut header = data.clone();
    let mut rest = std::mem::take(&mut header.relations);
    let later = rest.split_off(600);
    let mut grown = InfluenceGraph::new(header);
    grown.defer_relation_index();
    grown.extend(rest, None, |_| true).unwrap();
    assert!(grown.relation_index_pending());
    let found = |g: &InfluenceGraph| data.relations.iter().map(|r| g.relation_index(&r.id)).collect::<Vec<_>>();
    let expected: Vec<_> = (0..900).map(|i| (i < 600).then_some(i)).collect();
    assert_eq!(found(&grown), expected, "found by a scan");
    // Built from the first 600 on "another thread"; 300 more come before it is put in.
    let index = InfluenceGraph::build_relation_index(&grown.data);
    grown.extend(later, None, |_| true).unwrap();
    grown.set_relation_index(index, 600);
    assert!(!grown.relation_index_pending());
    assert_eq!(found(&grown), (0..900).map(Some).collect::<Vec<_>>());
    assert_eq!(grown.relation_index("no-such-relation"), None);
}
