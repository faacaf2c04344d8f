//! The check of a big dataset, mostly done while it loads. Each relation
//! is looked at by the loading worker that just typed it (it is in the
//! cache then): whether it passes every check of its own, and hashes of
//! what the checks across relations compare (its id; its kind, ends and
//! quotes). Once all are in, `Dataset::check_digested` needs only those
//! hashes and the header, unless something is amiss: then the whole check
//! runs, so the findings are always exactly `Dataset::check`'s.

use std::hash::BuildHasher;

use foldhash::{HashMap, HashSet};

use super::validate::{period_problem, unique_ids, valid_id};
use super::{Dataset, MAX_NAME_CHARS, MAX_QUOTE_CHARS, MAX_SUMMARY_CHARS, Relation};

/// What the relations' own checks found, and their hashes, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Digests {
    /// Every relation passed every check of its own.
    pub clean: bool,
    /// A hash of each relation's id.
    pub ids: Vec<u64>,
    /// A hash of each relation's kind, ends (either way round for an
    /// undirected kind) and quotes (in any order).
    pub repeats: Vec<u64>,
}

impl Default for Digests {
    fn default() -> Self {
        Digests { clean: true, ids: Vec::new(), repeats: Vec::new() }
    }
}

impl Digests {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The digests of the relations that follow.
    pub fn append(&mut self, more: Digests) {
        self.clean &= more.clean;
        self.ids.extend(more.ids);
        self.repeats.extend(more.repeats);
    }
}

/// A relation's own checks, against a header (kinds, actors, groups,
/// sources) that has no errors.
pub struct RelationCheck {
    kinds: HashSet<String>,
    /// Whether each kind is directed.
    directed: HashMap<String, bool>,
    /// Actor and group ids: what `from` and `to` may name.
    ends: HashSet<String>,
    sources: HashSet<String>,
    hasher: foldhash::fast::FixedState,
}

impl RelationCheck {
    pub fn new(header: &Dataset) -> RelationCheck {
        // The ids the whole check accepts, found the way it finds them.
        let mut ignored = super::validate::Findings::default();
        let kind_ids = unique_ids("kinds", header.kinds.iter().map(|k| k.id.as_str()), &mut ignored);
        let kinds = kind_ids.keys().map(|k| k.to_string()).collect();
        // As the check of repeated relations reads it (the last of a
        // repeated id counts).
        let directed = header.kinds.iter().map(|k| (k.id.clone(), k.directed)).collect();
        let actors = unique_ids("actors", header.actors.iter().map(|a| a.id.as_str()), &mut ignored);
        let groups = (header.groups.iter().map(|g| &g.id))
            .filter(|g| !g.trim().is_empty() && valid_id(g) && !actors.contains_key(g.as_str()));
        let ends = actors.keys().map(|a| a.to_string()).chain(groups.cloned()).collect();
        let sources = unique_ids("sources", header.sources.iter().map(|s| s.id.as_str()), &mut ignored);
        let sources = sources.keys().map(|s| s.to_string()).collect();
        RelationCheck { kinds, directed, ends, sources, hasher: foldhash::fast::FixedState::with_seed(0) }
    }

    /// Adds `r`'s digest to `into`.
    pub fn digest(&self, r: &Relation, into: &mut Digests) {
        into.clean &= self.is_clean(r);
        into.ids.push(self.hasher.hash_one(r.id.as_str()));
        let (mut a, mut b) = (r.from.as_str(), r.to.as_str());
        if !self.directed.get(r.kind.as_str()).copied().unwrap_or(true) && b < a {
            (a, b) = (b, a);
        }
        let quotes = r
            .evidence
            .iter()
            .fold(0u64, |sum, e| sum.wrapping_add(self.hasher.hash_one((e.source.as_str(), e.quote.as_str()))));
        into.repeats.push(self.hasher.hash_one((r.kind.as_str(), a, b, quotes)));
    }

    /// Whether `r` passes every check `Dataset::check` makes of one
    /// relation alone. Figures are left to the whole check (their units
    /// are compared across relations).
    fn is_clean(&self, r: &Relation) -> bool {
        let text_fits = |text: &str, max: usize| text.len() <= max || text.chars().count() <= max;
        let quote_ok = |j: usize| {
            let e = &r.evidence[j];
            text_fits(&e.quote, MAX_QUOTE_CHARS)
                && self.sources.contains(e.source.as_str())
                && !e.quote.trim().is_empty()
                && !r.evidence[..j].iter().any(|o| o.source == e.source && o.quote == e.quote)
                && e.as_of.as_deref().is_none_or(|d| d.parse::<super::date::PartialDate>().is_ok())
                && e.speaker.as_deref().is_none_or(|s| text_fits(s, MAX_NAME_CHARS))
                && e.extra.is_empty()
        };
        !r.id.trim().is_empty()
            && valid_id(&r.id)
            && self.kinds.contains(r.kind.as_str())
            && self.ends.contains(r.from.as_str())
            && self.ends.contains(r.to.as_str())
            && r.from != r.to
            && !r.summary.trim().is_empty()
            && text_fits(&r.summary, MAX_SUMMARY_CHARS)
            && r.period.as_deref().is_none_or(|p| period_problem(p).is_none())
            && r.figures.is_empty()
            && !r.evidence.is_empty()
            && (0..r.evidence.len()).all(quote_ok)
            && r.extra.is_empty()
    }
}

impl Dataset {
    /// Whether every relation passes every check, its own and those
    /// against the others, by its digest: clean, and no two share an id
    /// or a repeat hash (two that do are looked at by the whole check).
    fn relations_pass(&self, digests: &Digests) -> bool {
        let distinct = |hashes: &[u64]| {
            let mut sorted = hashes.to_vec();
            sorted.sort_unstable();
            sorted.windows(2).all(|w| w[0] != w[1])
        };
        digests.clean
            && digests.len() == self.relations.len()
            && std::thread::scope(|scope| {
                let ids = scope.spawn(|| distinct(&digests.ids));
                distinct(&digests.repeats) && ids.join().expect("sorting does not panic")
            })
    }

    /// `check`, from the relations' digests (`RelationCheck`): when every
    /// relation is clean and no two share an id or a repeat hash, what is
    /// left to find is in the header alone; otherwise the whole check runs.
    pub(super) fn check_digested(&self, digests: &Digests) -> Vec<super::validate::Finding> {
        if !self.relations_pass(digests) {
            return self.check();
        }
        self.header().check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Evidence, Figure};
    use proptest::prelude::*;

    /// The digests of every relation, as the loading workers make them.
    fn digests(data: &Dataset) -> Digests {
        let check = RelationCheck::new(data);
        let mut digests = Digests::default();
        data.relations.iter().for_each(|r| check.digest(r, &mut digests));
        digests
    }

    fn problems(findings: Vec<crate::data::validate::Finding>) -> Vec<crate::data::Problem> {
        findings.into_iter().map(|f| f.into_problem(None)).collect()
    }

    /// One way to spoil relation `i` (with `j`, another relation, for
    /// what relations can share by mistake).
    fn spoil(data: &mut Dataset, how: usize, i: usize, j: usize) {
        let other = data.relations[j].clone();
        let r = &mut data.relations[i];
        // An earlier spoil may have taken its quotes: then nothing to spoil.
        if r.evidence.is_empty() {
            return;
        }
        let e = Evidence {
            source: r.evidence[0].source.clone(),
            quote: r.evidence[0].quote.clone(),
            speaker: None,
            as_of: None,
            extra: Default::default(),
        };
        match how {
            0 => r.id = other.id,
            // The same claim again: kind, ends and quotes.
            1 => (r.kind, r.from, r.to, r.evidence) = (other.kind, other.from, other.to, other.evidence),
            // ... with the ends either way round and the quotes reversed.
            2 => {
                (r.kind, r.from, r.to, r.evidence) = (other.kind, other.to, other.from, other.evidence);
                r.evidence.reverse();
            }
            3 => r.kind = "no-such-kind".into(),
            4 => r.to = "nobody".into(),
            5 => r.to = r.from.clone(),
            6 => r.summary = " ".into(),
            7 => r.summary = "x".repeat(crate::data::MAX_SUMMARY_CHARS + 1),
            8 => _ = r.extra.insert("note".into(), serde_json::Value::Null),
            9 => _ = r.evidence[0].extra.insert("page".into(), 3.into()),
            10 => r.evidence.clear(),
            11 => r.evidence.push(e),
            12 => r.evidence[0].source = "nowhere".into(),
            13 => r.evidence[0].as_of = Some("last spring".into()),
            14 => r.evidence[0].speaker = Some("s".repeat(crate::data::MAX_NAME_CHARS + 1)),
            15 => r.period = Some("2030/2020".into()),
            16 => r.id = "has space".into(),
            17 => r.id = String::new(),
            18 => r.evidence[0].quote = "  ".into(),
            _ => r.figures.push(Figure {
                measure: "trade".into(),
                value: 1.0,
                unit: if i.is_multiple_of(2) { "USD bn" } else { "USD m" }.into(),
                period: "2024".into(),
                source: e.source,
                reporter: None,
                approx: false,
                note: None,
                extra: Default::default(),
            }),
        }
    }

    proptest! {
        // Failing cases are kept beside this file, not in a folder of the
        // repository's top level.
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
            ..ProptestConfig::default()
        })]

        /// Whatever is wrong with the relations, the check from their
        /// digests finds exactly what the whole check finds, in its order.
        #[test]
        fn the_check_from_digests_finds_what_the_whole_check_finds(
            seed in any::<u64>(),
            spoils in proptest::collection::vec((0..20usize, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..4),
        ) {
            let params = crate::synth::Params { actors: 30, relations: 60, quotes_per_relation: 2, seed };
            let mut data = crate::synth::generate(&params);
            for (how, i, j) in spoils {
                let (i, j) = (i.index(data.relations.len()), j.index(data.relations.len()));
                spoil(&mut data, how, i, j);
            }
            prop_assert_eq!(problems(data.check_digested(&digests(&data))), problems(data.check()));
        }
    }

    #[test]
    fn a_clean_dataset_needs_only_its_header_checked() {
        let data = crate::synth::generate(&crate::synth::Params {
            actors: 30,
            relations: 200,
            quotes_per_relation: 2,
            seed: 7,
        });
        let digests = digests(&data);
        assert!(digests.clean);
        assert_eq!(digests.len(), 200);
        assert!(data.relations_pass(&digests), "only the header is checked again");
        assert!(data.check().is_empty());
        assert!(data.check_digested(&digests).is_empty());
    }

    #[test]
    fn every_kind_of_problem_in_a_relation_shows_in_its_digest() {
        let clean = crate::synth::generate(&crate::synth::Params {
            actors: 30,
            relations: 20,
            quotes_per_relation: 2,
            seed: 3,
        });
        for how in 0..20 {
            let mut data = clean.clone();
            spoil(&mut data, how, 0, 1);
            // The last adds a figure: not a problem, but figures are left
            // to the whole check.
            assert!(how == 19 || !data.check().is_empty(), "spoil {how} is a problem");
            assert!(!data.relations_pass(&digests(&data)), "spoil {how} is seen in the digests");
        }
    }
}
