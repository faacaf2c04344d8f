//! Opening a big file as the browser does, at 10k, 100k and 1M relations
//! (the synthetic generator: 200 actors, 2 quotes each, seed 1; written once
//! to the temporary folder and reused):
//!
//! - `stream/first-screen/*`: from opening the file to the header and the
//!   first batch of relations in a graph: what the first frame needs (the
//!   target: 250 ms at any size, and flat);
//! - `stream/all-in/*`: every relation in the graph, batch by batch, as the
//!   browser takes them (the data is browsable; the check runs after);
//! - `stream/checked/*`: and the whole dataset validated, as `validate`
//!   would (the target: 3 s at 1M).
//!
//! `cargo bench --bench load` (a few minutes: the 1M file is 0.9 GB);
//! `cargo bench --bench load -- 100k` runs one size.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

use greatgame::data::digest::Digests;
use greatgame::data::stream::{self, Message};
use greatgame::graph::{InfluenceGraph, Placer};
use greatgame::synth::{self, Params};

/// The synthetic file of `relations` relations, written once.
fn file(relations: usize) -> PathBuf {
    let path = std::env::temp_dir().join(format!("greatgame-bench-synth-{relations}.json"));
    if !path.exists() {
        let text =
            synth::generate(&Params { actors: 200, relations, quotes_per_relation: 2, seed: 1 }).to_canonical_json();
        let partial = path.with_extension("part");
        std::fs::write(&partial, text).expect("the temporary folder is writable");
        std::fs::rename(&partial, &path).expect("the temporary folder is writable");
    }
    path
}

/// Loads `path` as the browser does, up to `until`; returns the graph.
fn open(path: &Path, until: Until) -> InfluenceGraph {
    let rx = stream::start_with(path.to_path_buf(), Arc::new(AtomicBool::new(false)), |header| {
        let placer = Placer::new(header);
        Box::new(move |r| placer.place(r))
    });
    let Ok(Message::Header { dataset, .. }) = rx.recv() else { panic!("a header first") };
    let mut graph = InfluenceGraph::new(dataset);
    let mut all = Digests::default();
    for message in rx {
        match message {
            Message::Batch { relations, prepared, digests, .. } => {
                all.append(digests);
                graph.extend(relations, Some(prepared), |_| true).expect("not shared");
                if until == Until::FirstScreen {
                    return graph;
                }
            }
            Message::Done { .. } => break,
            _ => panic!("the synthetic file streams and is valid"),
        }
    }
    if until == Until::Checked {
        assert!(stream::finish(&graph.data, path, Some(&all)).is_ok());
    }
    graph
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    FirstScreen,
    AllIn,
    Checked,
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("stream");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_millis(500));
    for (name, relations) in [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)] {
        let path = file(relations);
        if relations >= 1_000_000 {
            group.measurement_time(Duration::from_secs(40));
        } else {
            group.measurement_time(Duration::from_secs(5));
        }
        group.bench_with_input(BenchmarkId::new("first-screen", name), &path, |b, p| {
            b.iter(|| open(p, Until::FirstScreen))
        });
        group.bench_with_input(BenchmarkId::new("all-in", name), &path, |b, p| b.iter(|| open(p, Until::AllIn)));
        group.bench_with_input(BenchmarkId::new("checked", name), &path, |b, p| b.iter(|| open(p, Until::Checked)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
