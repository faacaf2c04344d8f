//! The synthetic dataset generator (`greatgame::synth`, behind
//! `examples/synth.rs` and the benchmarks): its output loads, has the shape
//! the benchmarks rely on, is marked synthetic, and depends only on the seed.

use std::collections::HashSet;

use greatgame::data::Dataset;
use greatgame::graph::{Direction, InfluenceGraph, KindFilter};
use greatgame::synth::{self, Params, QUOTE_CHARS, SUMMARY_CHARS};

fn small(seed: u64) -> Params {
    Params { actors: 40, relations: 600, quotes_per_relation: 2, seed }
}

fn load(params: &Params) -> (String, Dataset) {
    let json = synth::to_json(&synth::generate(params));
    let dataset = Dataset::from_json(&json).unwrap_or_else(|problems| panic!("invalid: {problems:?}"));
    (json, dataset)
}

#[test]
fn output_is_a_valid_dataset_of_the_requested_size() {
    let (_, d) = load(&small(7));
    assert_eq!(d.actors.len(), 40);
    assert_eq!(d.relations.len(), 600);
    assert!(d.relations.iter().all(|r| r.evidence.len() == 2));
    // The 100k benchmark's shape at a smaller scale.
    let (_, d) = load(&Params { actors: 200, relations: 5000, quotes_per_relation: 1, seed: 1 });
    assert_eq!((d.actors.len(), d.relations.len()), (200, 5000));
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, _) = load(&small(7));
    let (b, _) = load(&small(7));
    let (c, _) = load(&small(8));
    assert!(a == b, "the same seed must give the same output");
    assert!(a != c, "another seed must give another dataset");
}

#[test]
fn has_groups_every_kind_regional_claims_and_busy_actors() {
    let (_, d) = load(&small(7));
    assert!(d.groups.len() >= 3, "{} groups", d.groups.len());
    assert!(d.groups.iter().all(|g| !g.members.is_empty()));
    let kinds: HashSet<&str> = d.relations.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds.len(), d.kinds.len());
    assert_eq!(d.kinds.iter().filter(|k| !k.directed).map(|k| k.id.as_str()).collect::<Vec<_>>(), ["trade"]);
    let regional = d.relations.iter().filter(|r| d.group(&r.from).is_some() || d.group(&r.to).is_some()).count();
    assert!(regional > 10, "{regional} relations on a group");
    // Some actors outside every group (the matrix's rows) ...
    let grouped: HashSet<&str> = d.groups.iter().flat_map(|g| g.members.iter().map(String::as_str)).collect();
    assert!(d.actors.iter().any(|a| !grouped.contains(a.id.as_str())));
    // ... and a busiest actor well above the average.
    let graph = InfluenceGraph::new(d);
    let all = KindFilter::all(graph.data.kinds.len());
    let degrees: Vec<usize> = graph.graph.node_indices().map(|n| graph.links(n, &all, Direction::All).len()).collect();
    let mean = degrees.iter().sum::<usize>() / degrees.len();
    let busiest = degrees.iter().copied().max().unwrap_or(0);
    assert!(busiest > 3 * mean, "busiest actor has {busiest} links, the mean is {mean}");
}

#[test]
fn texts_have_realistic_lengths_and_some_speakers() {
    let (_, d) = load(&small(7));
    let chars = |s: &str| s.chars().count();
    for r in &d.relations {
        let n = chars(&r.summary);
        assert!((SUMMARY_CHARS.0..=SUMMARY_CHARS.1).contains(&n), "summary of {n} chars: {}", r.summary);
        for e in &r.evidence {
            let n = chars(&e.quote);
            assert!((QUOTE_CHARS.0..=QUOTE_CHARS.1).contains(&n), "quote of {n} chars: {}", e.quote);
        }
    }
    let quotes: Vec<_> = d.relations.iter().flat_map(|r| &r.evidence).collect();
    let with_speaker = quotes.iter().filter(|e| e.speaker.is_some()).count();
    assert!(
        with_speaker > 0 && with_speaker < quotes.len(),
        "{with_speaker} of {} quotes have a speaker",
        quotes.len()
    );
}

#[test]
fn is_marked_synthetic() {
    let (_, d) = load(&small(42));
    assert_eq!(d.title, "Synthetic dataset (seed 42)");
    assert!(d.sources.len() >= 3);
    assert!(d.sources.iter().all(|s| s.publisher == "Synthetic" && s.url.is_none()));
}
