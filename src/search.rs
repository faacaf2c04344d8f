//! Search over the evidence: actors, relation summaries and quotes that
//! contain every word of a query, case-insensitively. No terminal here.

use std::ops::Range;

use crate::data::Dataset;

/// What a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Index into `Dataset::actors`.
    Actor(usize),
    /// Index into `Dataset::relations` (a hit in its summary).
    Relation(usize),
    /// A relation and the index of one of its quotes.
    Quote(usize, usize),
}

struct Entry {
    target: Target,
    /// The searchable text, folded to lower case with the same byte offsets.
    folded: String,
}

/// Every searchable text of a dataset, folded once.
pub struct SearchIndex {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    /// Byte ranges of each query word's first occurrence in `text(target)`.
    pub ranges: Vec<Range<usize>>,
}

impl SearchIndex {
    /// Actors first, then relation summaries, then quotes, each in dataset
    /// order: the order hits are listed in.
    pub fn new(data: &Dataset) -> SearchIndex {
        let mut entries = Vec::new();
        for (i, _) in data.actors.iter().enumerate() {
            entries.push(Entry { target: Target::Actor(i), folded: String::new() });
        }
        for (r, relation) in data.relations.iter().enumerate() {
            entries.push(Entry { target: Target::Relation(r), folded: String::new() });
            for (e, _) in relation.evidence.iter().enumerate() {
                entries.push(Entry { target: Target::Quote(r, e), folded: String::new() });
            }
        }
        entries.sort_by_key(|e| match e.target {
            Target::Actor(_) => 0,
            Target::Relation(_) => 1,
            Target::Quote(..) => 2,
        });
        for e in &mut entries {
            e.folded = fold(text(data, e.target));
        }
        SearchIndex { entries }
    }

    /// Hits for every entry containing all words of `query`.
    pub fn find(&self, query: &str) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(fold).collect();
        if words.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter_map(|e| {
                let ranges = words
                    .iter()
                    .map(|w| e.folded.find(w.as_str()).map(|start| start..start + w.len()))
                    .collect::<Option<Vec<_>>>()?;
                Some(Hit { target: e.target, ranges })
            })
            .collect()
    }
}

/// The text a target stands for: an actor's name (with id and capital), a
/// relation's summary, or a quote.
pub fn text(data: &Dataset, target: Target) -> &str {
    match target {
        Target::Actor(a) => &data.actors[a].name,
        Target::Relation(r) => &data.relations[r].summary,
        Target::Quote(r, e) => &data.relations[r].evidence[e].quote,
    }
}

/// Lower case, char by char, keeping every byte offset: a character whose
/// lower case has another length stays as it is.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_byte_offsets() {
        for s in ["Türkiye", "İstanbul", "ΣΟΦΙΑ", "Kazakhstan's"] {
            assert_eq!(fold(s).len(), s.len(), "{s}");
        }
        assert_eq!(fold("Türkiye"), "türkiye");
    }
}
