//! Synthetic datasets to measure with: any number of actors, relations and
//! quotes, valid in the documented format and deterministic for a seed.
//!
//! Everything generated is marked as synthetic: the title says "Synthetic
//! dataset (seed S)", every source's publisher is "Synthetic", no source has a
//! URL, and the names are made of syllables so that none reads as a real state.
//! Used by `examples/synth.rs` (the command line) and `benches/perf.rs`.
//!
//! The shape follows the built-in dataset: the same four kinds (trade
//! undirected), a tenth of the actors outside any group (the "powers", which
//! take part in most relations, so some actors are much busier than others),
//! the rest in groups of about a dozen clustered around a centre on the map,
//! and about one relation in sixteen aimed at a whole group (a regional claim).

use std::collections::HashSet;
use std::io::{self, Write};

use crate::data::{Actor, Dataset, Evidence, Extra, FORMAT_VERSION, Group, Kind, Relation, Source};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// At least 2.
    pub actors: usize,
    pub relations: usize,
    /// At least 1: every relation needs evidence.
    pub quotes_per_relation: usize,
    pub seed: u64,
}

/// Bounds (in characters) of generated texts, as in hand-made datasets.
pub const QUOTE_CHARS: (usize, usize) = (100, 300);
pub const SUMMARY_CHARS: (usize, usize) = (60, 100);

/// Roughly one relation in this many targets a group rather than an actor.
const GROUP_RELATION_ONE_IN: usize = 16;
/// Groups hold about this many members.
const GROUP_SIZE: usize = 12;
/// Longest filler word (in characters); texts are built to stay in bounds.
const MAX_WORD: usize = 14;

const SYLLABLES: &[&str] = &[
    "ka", "ra", "to", "mi", "sha", "lo", "ve", "dan", "tur", "ko", "ba", "zer", "ni", "qa", "sol", "ur", "ta", "ley",
    "mor", "ga", "vi", "ost", "ul", "ny", "es", "dor", "ki", "am", "be", "rus", "kö", "ša", "in", "ma", "te",
];
const COUNTRY_ENDINGS: &[&str] = &["stan", "ia", "land", "a", "ora", "ey", "an", "istan", "ovia", ""];
const CAPITAL_ENDINGS: &[&str] = &["grad", "abad", " City", "burg", "kent", "pol", "a", ""];
const GROUP_NAMES: &[&str] = &["Union", "Basin", "Steppe", "Coast", "Highlands", "League", "Belt", "Isles"];

/// Filler words, with the short function words repeated so that texts read
/// (a little) like prose and word lengths are realistic.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "to", "in", "in", "for", "with", "on", "a", "a", "its", "has",
    "have", "said", "is", "are", "will", "new", "pipeline", "grain", "contracts", "border", "corridor", "tariffs",
    "workers", "loans", "ports", "rail", "supply", "deliveries", "agreement", "summit", "ministers", "officials",
    "expected", "rising", "talks", "partners", "security", "energy", "projects", "billion", "dollars", "exports",
    "imports", "remittances", "drones", "plant", "network", "cooperation", "years", "region", "economic", "links",
    "build", "signed", "plans", "reported", "increasing", "fuel", "cotton", "gas", "uranium", "labour", "visas",
    "investors", "factories", "banks", "routes", "customs", "quotas", "influence", "relations", "neighbours",
    "infrastructure", "last", "year", "since", "more", "than", "million", "percent", "government", "country",
];
const SPEAKERS: &[&str] = &["{}'s foreign ministry", "a {} official", "{}'s trade minister", "the president of {}"];

/// A small, fast, well-mixed generator (SplitMix64), so that the output
/// depends only on the seed and on nothing outside this file.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One end of a relation: an actor or a group (indices into the dataset).
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Actor(usize),
    Group(usize),
}

/// Generates a dataset that `Dataset::from_json` accepts.
///
/// # Panics
/// When `actors` < 2 or `quotes_per_relation` < 1 (no valid dataset then).
pub fn generate(params: &Params) -> Dataset {
    assert!(params.actors >= 2, "a synthetic dataset needs at least 2 actors");
    assert!(params.quotes_per_relation >= 1, "every relation needs at least one quote");
    let mut rng = Rng(params.seed);

    let kinds = [
        ("trade", "Trade", false, "yellow"),
        ("arms", "Arms", true, "red"),
        ("investment", "Investment", true, "green"),
        ("migration", "Migration", true, "cyan"),
    ]
    .map(|(id, label, directed, color)| Kind {
        id: id.into(),
        label: label.into(),
        directed,
        color: color.into(),
        extra: Extra::new(),
    })
    .to_vec();

    // A tenth of the actors are outside powers; the rest are split evenly
    // into groups of about a dozen.
    let powers = (params.actors / 10).clamp(1, params.actors - 1);
    let grouped = params.actors - powers;
    let group_count = grouped.div_ceil(GROUP_SIZE);

    let width = params.actors.to_string().len();
    let mut names = HashSet::new();
    let mut actor = |rng: &mut Rng, i: usize, lat: f64, lon: f64| {
        let mut name = country_name(rng);
        if !names.insert(name.clone()) {
            name = format!("{name} {}", i + 1);
            names.insert(name.clone());
        }
        Actor {
            id: format!("S{:0width$}", i + 1),
            name,
            capital: Some(capital_name(rng)),
            lat: Some(round2(lat.clamp(-89.0, 89.0))),
            lon: Some(round2(lon.clamp(-179.0, 179.0))),
            extra: Extra::new(),
        }
    };
    let mut actors = Vec::with_capacity(params.actors);
    for i in 0..powers {
        let (lat, lon) = (rng.uniform(-55.0, 65.0), rng.uniform(-170.0, 170.0));
        actors.push(actor(&mut rng, i, lat, lon));
    }
    let mut groups = Vec::with_capacity(group_count);
    // Which group each actor is in, if any.
    let mut group_of = vec![None; params.actors];
    for g in 0..group_count {
        let size = grouped / group_count + usize::from(g < grouped % group_count);
        let (lat0, lon0) = (rng.uniform(-45.0, 55.0), rng.uniform(-160.0, 160.0));
        let mut members = Vec::with_capacity(size);
        for _ in 0..size {
            let i = actors.len();
            let (lat, lon) = (lat0 + rng.uniform(-8.0, 8.0), lon0 + rng.uniform(-12.0, 12.0));
            actors.push(actor(&mut rng, i, lat, lon));
            members.push(actors[i].id.clone());
            group_of[i] = Some(g);
        }
        let name = format!("{} {}", capitalise(&syllables(&mut rng, 2)), GROUP_NAMES[g % GROUP_NAMES.len()]);
        groups.push(Group { id: format!("group-{}", g + 1), name, members, extra: Extra::new() });
    }

    let source_count = (params.relations / 2000).clamp(3, 50);
    let sources: Vec<Source> = (0..source_count)
        .map(|s| Source {
            id: format!("synthetic-{}", s + 1),
            publisher: "Synthetic".into(),
            date: format!("2025-{:02}-{:02}", rng.between(1, 12), rng.between(1, 28)),
            title: rng.chance(0.5).then(|| format!("Synthetic report {}", s + 1)),
            url: None,
            r#type: None,
            text_file: None,
            sha256: None,
            extra: Extra::new(),
        })
        .collect();

    let mut relations = Vec::with_capacity(params.relations);
    for i in 0..params.relations {
        let kind = rng.below(kinds.len());
        // Most relations involve an outside power, as in the built-in data.
        let a = if rng.chance(0.6) { rng.below(powers) } else { rng.below(params.actors) };
        let mut b = End::Actor((a + 1 + rng.below(params.actors - 1)) % params.actors);
        if rng.below(GROUP_RELATION_ONE_IN) == 0 {
            // A group that `a` is not in, so every member gets an edge.
            let g = rng.below(group_count);
            if group_of[a] != Some(g) {
                b = End::Group(g);
            }
        }
        let (from, to) = if rng.chance(0.3) { (b, End::Actor(a)) } else { (End::Actor(a), b) };
        let end = |e: End| match e {
            End::Actor(i) => (actors[i].id.clone(), actors[i].name.clone()),
            End::Group(g) => (groups[g].id.clone(), groups[g].name.clone()),
        };
        let ((from_id, from_name), (to_id, to_name)) = (end(from), end(to));
        let k = &kinds[kind];
        let summary = text(&mut rng, format!("{from_name} {} {to_name}:", verb(&k.id)), SUMMARY_CHARS, false);
        let evidence = (0..params.quotes_per_relation)
            .map(|_| {
                let start = if rng.chance(0.5) { from_name.clone() } else { to_name.clone() };
                let speaker = rng.chance(0.4).then(|| {
                    let who = if rng.chance(0.5) { &from_name } else { &to_name };
                    rng.pick(SPEAKERS).replace("{}", who)
                });
                Evidence {
                    source: rng.pick(&sources).id.clone(),
                    quote: text(&mut rng, start, QUOTE_CHARS, true),
                    speaker,
                    as_of: None,
                    extra: Extra::new(),
                }
            })
            .collect();
        relations.push(Relation {
            id: format!("{from_id}-{}-{to_id}-{}", k.id, i + 1).to_lowercase(),
            kind: k.id.clone(),
            from: from_id,
            to: to_id,
            summary,
            period: None,
            evidence,
            figures: Vec::new(),
            extra: Extra::new(),
        });
    }

    Dataset {
        format: Some(FORMAT_VERSION),
        title: format!("Synthetic dataset (seed {})", params.seed),
        kinds,
        actors,
        groups,
        sources,
        relations,
        extra: Extra::new(),
    }
}

/// The dataset as pretty-printed JSON (what `examples/synth.rs` writes),
/// through the one JSON writer (`data::write`). Not the canonical layout, so
/// that measurements stay comparable with earlier ones.
pub fn write_json(dataset: &Dataset, mut out: impl Write) -> io::Result<()> {
    out.write_all(to_json(dataset).as_bytes())
}

/// The dataset as pretty-printed JSON, in memory.
pub fn to_json(dataset: &Dataset) -> String {
    crate::data::write::to_pretty(dataset)
}

/// The verb of a summary for each of the built-in kinds.
fn verb(kind: &str) -> &'static str {
    match kind {
        "trade" => "trades with",
        "arms" => "supplies arms to",
        "investment" => "invests in",
        _ => "sends workers to",
    }
}

fn syllables(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn country_name(rng: &mut Rng) -> String {
    let n = rng.between(2, 3);
    capitalise(&(syllables(rng, n) + *rng.pick(COUNTRY_ENDINGS)))
}

fn capital_name(rng: &mut Rng) -> String {
    let n = rng.between(1, 3);
    capitalise(&(syllables(rng, n) + *rng.pick(CAPITAL_ENDINGS)))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Two decimals, as coordinates of capitals are usually given.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `start` followed by filler words, between `min` and `max` characters
/// (`start` must be shorter than `max - MAX_WORD`). As a quote: capitalised
/// sentences ending with a full stop.
fn text(rng: &mut Rng, start: String, (min, max): (usize, usize), sentences: bool) -> String {
    let target = rng.between(min + MAX_WORD + 2, max);
    let mut out = start;
    let mut len = out.chars().count();
    let mut words_in_sentence = 1;
    let mut sentence_length = rng.between(8, 20);
    // Room for the final full stop.
    let end = usize::from(sentences);
    loop {
        let word = *rng.pick(WORDS);
        let new_sentence = sentences && words_in_sentence >= sentence_length;
        let added = word.len() + if new_sentence { 2 } else { 1 };
        if len + added + end > target {
            break;
        }
        if new_sentence {
            out.push_str(". ");
            out.push_str(&capitalise(word));
            words_in_sentence = 1;
            sentence_length = rng.between(8, 20);
        } else {
            out.push(' ');
            out.push_str(word);
            words_in_sentence += 1;
        }
        len += added;
    }
    if sentences {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_words_fit_the_length_budget() {
        assert!(WORDS.iter().all(|w| w.chars().count() <= MAX_WORD));
    }

    #[test]
    fn rng_stays_in_range() {
        let mut rng = Rng(3);
        for n in [1, 2, 7, 1000] {
            assert!((0..1000).all(|_| rng.below(n) < n));
        }
        assert!((0..1000).map(|_| rng.unit()).all(|x| (0.0..1.0).contains(&x)));
    }
}
