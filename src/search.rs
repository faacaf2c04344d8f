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

/// Every searchable text of a dataset, folded once into one buffer (one
/// allocation, scanned front to back), each text ending in a line break so
/// that no query word (which has no whitespace) matches across two texts.
pub struct SearchIndex {
    folded: String,
    /// Each text's target and its byte range in `folded`, in listing order.
    entries: Vec<(Target, Range<usize>)>,
}

/// An entry that contains every word of a query. Small, so that a query
/// matching most of a big dataset stays cheap; `SearchIndex::ranges` says
/// where the words are, for the few hits on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    entry: usize,
}

impl SearchIndex {
    /// Actors first, then relation summaries, then quotes, each in dataset
    /// order: the order hits are listed in.
    pub fn new(data: &Dataset) -> SearchIndex {
        let actors = (0..data.actors.len()).map(Target::Actor);
        let summaries = (0..data.relations.len()).map(Target::Relation);
        let quotes = data
            .relations
            .iter()
            .enumerate()
            .flat_map(|(r, rel)| (0..rel.evidence.len()).map(move |e| Target::Quote(r, e)));
        let targets: Vec<Target> = actors.chain(summaries).chain(quotes).collect();
        let size = targets.iter().map(|&t| text(data, t).len() + 1).sum();
        let mut folded = String::with_capacity(size);
        let entries = targets
            .into_iter()
            .map(|t| {
                let start = folded.len();
                fold_into(text(data, t), &mut folded);
                let end = folded.len();
                folded.push('\n');
                (t, start..end)
            })
            .collect();
        SearchIndex { folded, entries }
    }

    fn text(&self, entry: usize) -> &str {
        &self.folded[self.entries[entry].1.clone()]
    }

    /// Hits for every entry containing all words of `query`.
    pub fn find(&self, query: &str) -> Vec<Hit> {
        let words = words(query);
        let Some((first, rest)) = words.split_first() else { return Vec::new() };
        // One scan of the buffer for the first word, jumping to the next
        // text after each match; the other words are checked in the texts found.
        let mut hits = Vec::new();
        let (mut at, mut entry) = (0, 0);
        // A one-letter word is found with memchr, far faster than a substring search.
        let mut one = first.chars();
        let letter = match (one.next(), one.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let next = |from: &str| match letter {
            Some(c) => from.find(c),
            None => from.find(first.as_str()),
        };
        while let Some(found) = next(&self.folded[at..]) {
            let pos = at + found;
            while self.entries[entry].1.end < pos {
                entry += 1;
            }
            if rest.iter().all(|w| self.text(entry).contains(w.as_str())) {
                hits.push(Hit { target: self.entries[entry].0, entry });
            }
            at = self.entries[entry].1.end + 1;
            entry += 1;
            if at >= self.folded.len() {
                break;
            }
        }
        hits
    }

    /// `find` among earlier hits only. Right when `query` extends the query
    /// those hits were found for (typing on): a text with every new word has
    /// every old one, each being part of a new word.
    pub fn refine(&self, query: &str, within: &[Hit]) -> Vec<Hit> {
        let words = words(query);
        if words.is_empty() {
            return Vec::new();
        }
        within.iter().filter(|h| words.iter().all(|w| self.text(h.entry).contains(w.as_str()))).copied().collect()
    }

    /// Byte ranges of each word's first occurrence in the hit's text.
    pub fn ranges(&self, hit: &Hit, query: &str) -> Vec<Range<usize>> {
        let text = self.text(hit.entry);
        words(query).iter().filter_map(|w| text.find(w.as_str()).map(|start| start..start + w.len())).collect()
    }
}

/// A query's words, folded like the texts.
fn words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| {
            let mut folded = String::with_capacity(w.len());
            fold_into(w, &mut folded);
            folded
        })
        .collect()
}

/// The text a target stands for: an actor's name, a
/// relation's summary, or a quote.
pub fn text(data: &Dataset, target: Target) -> &str {
    match target {
        Target::Actor(a) => &data.actors[a].name,
        Target::Relation(r) => &data.relations[r].summary,
        Target::Quote(r, e) => &data.relations[r].evidence[e].quote,
    }
}

/// Appends `s` in lower case, char by char, keeping every byte offset: a
/// character whose lower case has another length stays as it is.
fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // The common case, and much faster.
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.extend(s.chars().map(|c| {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
            _ => c,
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut out = String::new();
        fold_into(s, &mut out);
        out
    }

    #[test]
    fn fold_keeps_byte_offsets() {
        for s in ["Türkiye", "İstanbul", "ΣΟΦΙΑ", "Kazakhstan's"] {
            assert_eq!(fold(s).len(), s.len(), "{s}");
        }
        assert_eq!(fold("Türkiye"), "türkiye");
    }

    #[test]
    fn a_word_never_matches_across_two_texts() {
        let mut data = Dataset::builtin();
        data.actors[0].name = "Rus".into();
        data.actors[1].name = "sia".into();
        let index = SearchIndex::new(&data);
        assert!(index.find("russia").iter().all(|h| h.target != Target::Actor(0)));
        assert_eq!(index.find("rus")[0].target, Target::Actor(0));
    }
}
