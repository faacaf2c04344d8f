//! Search over everything the views show: actors (with their capitals and
//! ids), groups, relation summaries (with their kinds, and their figures'
//! measures, reporters, notes and sources' publishers and titles) and quotes (with who
//! says them, the publisher, the source's title and date), for texts that
//! hold every word of a query, and every "quoted phrase", in any case. No
//! terminal here.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::data::Dataset;

/// What a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Index into `Dataset::actors`.
    Actor(usize),
    /// Index into `Dataset::groups`.
    Group(usize),
    /// Index into `Dataset::relations` (a hit in its summary).
    Relation(usize),
    /// A relation and the index of one of its quotes.
    Quote(usize, usize),
    /// A paragraph of a source's text (index into the index's passages).
    Passage(usize),
}

/// A paragraph of a source's text: the source (index into
/// `Dataset::sources`), where it is in the text, and the text.
#[derive(Debug, Clone)]
pub struct Passage {
    pub source: usize,
    pub range: Range<usize>,
    pub text: std::sync::Arc<str>,
}

impl Passage {
    pub fn as_str(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

/// Every searchable text of a dataset, folded once into one buffer (one
/// allocation, scanned front to back). Each entry is its fields (the text
/// shown, then what is shown beside it) one per line, and ends in a line
/// break, so that no query word (which has no whitespace) and no phrase
/// (whose words are only ever separated by spaces) matches across two.
pub struct SearchIndex {
    /// Shared with the threads that finish a search (`Staged`).
    scan: Arc<Scan>,
    /// The paragraphs of the sources' texts, searched after everything else.
    pub passages: Vec<Passage>,
}

/// What a search scans: the folded texts, and each entry's target and its
/// byte range in `folded`, in listing order.
struct Scan {
    folded: String,
    entries: Vec<(Target, Range<usize>)>,
}

/// How far the first stage of a search goes (`SearchIndex::find_staged`):
/// it stops at this many hits, far more than a screen shows...
pub const FIRST_HITS: usize = 1000;
/// ... or after this many bytes of text (a few milliseconds), or this many
/// earlier hits looked at again (`refine_staged`).
const FIRST_BYTES: usize = 4 << 20;
const FIRST_ENTRIES: usize = 20_000;
/// The longest stretch of text searched at once, so a search can stop
/// between two.
const WINDOW: usize = 1 << 20;

/// Where a scan of the folded texts goes on from: a byte, and the entry at
/// or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Resume {
    at: usize,
    entry: usize,
}

/// An entry that contains every word of a query. Small, so that a query
/// matching most of a big dataset stays cheap; `SearchIndex::ranges` says
/// where the words are, for the few hits on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    entry: usize,
}

/// A part of a query: a word, or a "quoted phrase" (its words, in order,
/// separated by whitespace in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word(String),
    Phrase(Vec<String>),
}

impl Term {
    fn first_word(&self) -> &str {
        match self {
            Term::Word(w) => w,
            Term::Phrase(words) => &words[0],
        }
    }

    /// Where the term first occurs in `text`.
    fn find_in(&self, text: &str) -> Option<Range<usize>> {
        match self {
            Term::Word(w) => text.find(w.as_str()).map(|start| start..start + w.len()),
            Term::Phrase(words) => {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                crate::data::texts::find_words(text, &words, 0, |c| c == ' ')
            }
        }
    }
}

impl SearchIndex {
    /// Actors first, then groups, relation summaries and quotes, each in
    /// dataset order: the order hits are listed in.
    pub fn new(data: &Dataset) -> SearchIndex {
        SearchIndex::with_texts(data, &crate::data::texts::Texts::default())
    }

    /// `new`, and the paragraphs of the sources' texts after the rest.
    pub fn with_texts(data: &Dataset, texts: &crate::data::texts::Texts) -> SearchIndex {
        let actors = (0..data.actors.len()).map(Target::Actor);
        let groups = (0..data.groups.len()).map(Target::Group);
        let summaries = (0..data.relations.len()).map(Target::Relation);
        let quotes = data
            .relations
            .iter()
            .enumerate()
            .flat_map(|(r, rel)| (0..rel.evidence.len()).map(move |e| Target::Quote(r, e)));
        let mut passages = Vec::new();
        for (s, source) in data.sources.iter().enumerate() {
            let Some(text) = texts.get(&source.id) else { continue };
            // A paragraph as the reader shows it: a phrase may run across a
            // line break of the file.
            for range in crate::reader::paragraphs(&text.text) {
                passages.push(Passage { source: s, range, text: text.text.clone() });
            }
        }
        let passage_targets = (0..passages.len()).map(Target::Passage);
        let targets: Vec<Target> = actors.chain(groups).chain(summaries).chain(quotes).chain(passage_targets).collect();
        let mut index = SearchIndex { scan: Arc::new(Scan { folded: String::new(), entries: Vec::new() }), passages };
        let size = targets.iter().map(|&t| index.fields(data, t).map(|f| f.len() + 1).sum::<usize>()).sum();
        let mut folded = String::with_capacity(size);
        let entries = targets
            .into_iter()
            .map(|t| {
                let start = folded.len();
                for (i, field) in index.fields(data, t).enumerate() {
                    if i > 0 {
                        folded.push('\n');
                    }
                    fold_into(field, &mut folded);
                }
                let end = folded.len();
                folded.push('\n');
                (t, start..end)
            })
            .collect();
        index.scan = Arc::new(Scan { folded, entries });
        index
    }

    /// The text a hit shows: `text`, or a passage of a source's text.
    pub fn hit_text<'a>(&'a self, data: &'a Dataset, target: Target) -> &'a str {
        match target {
            Target::Passage(p) => self.passages[p].as_str(),
            _ => text(data, target),
        }
    }

    /// What a search looks at for a target (see `fields`); a passage is its
    /// text and its source's publisher and title.
    fn fields<'a>(&'a self, data: &'a Dataset, target: Target) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        match target {
            Target::Passage(p) => {
                let passage = &self.passages[p];
                let source = &data.sources[passage.source];
                Box::new([passage.as_str(), &source.publisher].into_iter().chain(source.title.as_deref()))
            }
            _ => Box::new(fields(data, target)),
        }
    }

    fn text(&self, entry: usize) -> &str {
        self.scan.text(entry)
    }

    /// Hits for every entry containing every term of `query`.
    pub fn find(&self, query: &str) -> Vec<Hit> {
        let terms = terms(query);
        let mut hits = Vec::new();
        if !terms.is_empty() {
            self.scan.find(&terms, Resume { at: 0, entry: 0 }, &mut hits, |_, _| false);
        }
        hits
    }

    /// `find` among earlier hits only. Right when `query` extends the query
    /// those hits were found for (typing on): a text with every new term has
    /// every old one, each being part of a new one.
    pub fn refine(&self, query: &str, within: &[Hit]) -> Vec<Hit> {
        let terms = terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        within.iter().filter(|h| self.scan.matches(&terms, h.entry)).copied().collect()
    }

    /// `find` in stages: the first hits now (up to `FIRST_HITS`, or as many
    /// as a few milliseconds find), the rest on another thread
    /// (`Staged::poll`, `Staged::finish`). Once finished, the same hits as
    /// `find`, in the same order.
    pub fn find_staged(&self, query: &str) -> Staged {
        let terms = terms(query);
        let mut hits = Vec::new();
        if terms.is_empty() {
            return Staged { hits, rest: None };
        }
        let stop = |hits: usize, at: usize| hits >= FIRST_HITS || at >= FIRST_BYTES;
        let Some(from) = self.scan.find(&terms, Resume { at: 0, entry: 0 }, &mut hits, stop) else {
            return Staged { hits, rest: None };
        };
        let scan = Arc::clone(&self.scan);
        let rest = Rest::spawn(move |cancel| {
            let mut rest = Vec::new();
            scan.find(&terms, from, &mut rest, |_, _| cancel.load(Ordering::Relaxed));
            rest
        });
        Staged { hits, rest: Some(rest) }
    }

    /// `refine` in stages, as `find_staged`: the first hits among the first
    /// of `within`, the rest on another thread.
    pub fn refine_staged(&self, query: &str, within: Arc<Vec<Hit>>) -> Staged {
        let terms = terms(query);
        let mut hits = Vec::new();
        if terms.is_empty() {
            return Staged { hits, rest: None };
        }
        let mut looked = 0;
        for h in within.iter() {
            if hits.len() >= FIRST_HITS || looked >= FIRST_ENTRIES {
                break;
            }
            looked += 1;
            if self.scan.matches(&terms, h.entry) {
                hits.push(*h);
            }
        }
        if looked == within.len() {
            return Staged { hits, rest: None };
        }
        let scan = Arc::clone(&self.scan);
        let rest = Rest::spawn(move |cancel| {
            let mut rest = Vec::new();
            for (i, h) in within[looked..].iter().enumerate() {
                if i % 4096 == 0 && cancel.load(Ordering::Relaxed) {
                    break;
                }
                if scan.matches(&terms, h.entry) {
                    rest.push(*h);
                }
            }
            rest
        });
        Staged { hits, rest: Some(rest) }
    }

    /// Byte ranges of each term's first occurrence in the hit's text: its
    /// first field is the text `text` gives, the rest what is shown beside it.
    pub fn ranges(&self, hit: &Hit, query: &str) -> Vec<Range<usize>> {
        let text = self.text(hit.entry);
        terms(query).iter().filter_map(|t| t.find_in(text)).collect()
    }
}

impl Scan {
    fn text(&self, entry: usize) -> &str {
        &self.folded[self.entries[entry].1.clone()]
    }

    /// Whether entry `entry` holds every term.
    fn matches(&self, terms: &[Term], entry: usize) -> bool {
        let text = self.text(entry);
        terms.iter().all(|t| t.find_in(text).is_some())
    }

    /// Scans from `from` for entries holding every term (`terms` is not
    /// empty), pushing a hit for each; `stop(hits, byte)` is asked after
    /// each hit and each stretch of text (`WINDOW`): when it says so, the
    /// scan stops and says where to go on from.
    fn find(
        &self,
        terms: &[Term],
        from: Resume,
        hits: &mut Vec<Hit>,
        mut stop: impl FnMut(usize, usize) -> bool,
    ) -> Option<Resume> {
        // One scan of the buffer for the first word, jumping to the next
        // entry after each match; the terms are checked in the entries found.
        let first = terms[0].first_word();
        let (mut at, mut entry) = (from.at, from.entry);
        // A one-letter word is found with memchr, far faster than a substring search.
        let mut one = first.chars();
        let letter = match (one.next(), one.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let next = |from: &str| match letter {
            Some(c) => from.find(c),
            None => from.find(first),
        };
        let folded = &self.folded;
        while at < folded.len() {
            // A stretch of text, and what a match starting in it needs past it.
            let mut end = (at + WINDOW).min(folded.len());
            while !folded.is_char_boundary(end) {
                end += 1;
            }
            let mut reach = (end + first.len()).min(folded.len());
            while !folded.is_char_boundary(reach) {
                reach += 1;
            }
            let Some(found) = next(&folded[at..reach]).filter(|&f| at + f < end) else {
                at = end;
                if at < folded.len() && stop(hits.len(), at) {
                    return Some(Resume { at, entry });
                }
                continue;
            };
            let pos = at + found;
            while self.entries[entry].1.end < pos {
                entry += 1;
            }
            if self.matches(terms, entry) {
                hits.push(Hit { target: self.entries[entry].0, entry });
            }
            at = self.entries[entry].1.end + 1;
            entry += 1;
            if at < folded.len() && stop(hits.len(), at) {
                return Some(Resume { at, entry });
            }
        }
        None
    }
}

/// A search answered in stages (`SearchIndex::find_staged`): the hits found
/// so far, and the rest being found on another thread.
#[derive(Debug)]
pub struct Staged {
    pub hits: Vec<Hit>,
    pub rest: Option<Rest>,
}

/// The rest of a search's hits, being found on another thread. Dropped, it
/// stops looking.
#[derive(Debug)]
pub struct Rest {
    cancel: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<Vec<Hit>>>,
}

impl Rest {
    fn spawn(find: impl FnOnce(&AtomicBool) -> Vec<Hit> + Send + 'static) -> Rest {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let thread = std::thread::spawn(move || find(&flag));
        Rest { cancel, thread: Some(thread) }
    }

    /// The rest of the hits if they are all found, without waiting.
    pub fn poll(&mut self) -> Option<Vec<Hit>> {
        if self.thread.as_ref().is_some_and(|t| t.is_finished()) { self.wait() } else { None }
    }

    /// Stops looking, and waits until the thread has (it checks often):
    /// what it was given is free again.
    pub fn stop(mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.wait();
    }

    /// The rest of the hits, waiting for them.
    pub fn wait(&mut self) -> Option<Vec<Hit>> {
        // A search that panicked found nothing more.
        self.thread.take().map(|t| t.join().unwrap_or_default())
    }
}

impl Drop for Rest {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Whether a query asks for anything (a lone `"` does not).
pub fn has_terms(query: &str) -> bool {
    !terms(query).is_empty()
}

/// A query's words and "quoted phrases", folded like the texts. An
/// unclosed quote runs to the end of the query.
fn terms(query: &str) -> Vec<Term> {
    let fold = |w: &str| {
        let mut folded = String::with_capacity(w.len());
        fold_into(w, &mut folded);
        folded
    };
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        let words: Vec<String> = part.split_whitespace().map(fold).collect();
        if i % 2 == 1 {
            if !words.is_empty() {
                terms.push(Term::Phrase(words));
            }
        } else {
            terms.extend(words.into_iter().map(Term::Word));
        }
    }
    terms
}

/// The text a target stands for, as a hit shows it: an actor's name, a
/// group's name, a relation's summary, or a quote.
pub fn text(data: &Dataset, target: Target) -> &str {
    match target {
        Target::Actor(a) => &data.actors[a].name,
        Target::Group(g) => &data.groups[g].name,
        Target::Relation(r) => &data.relations[r].summary,
        Target::Quote(r, e) => &data.relations[r].evidence[e].quote,
        // Passages live in the index (`SearchIndex::hit_text`).
        Target::Passage(_) => "",
    }
}

/// What a search looks at for a target: its text, then what the views show
/// beside it (an actor's capital and id; a relation's kind and its figures'
/// measures, reporters, notes, publishers and source titles; a quote's
/// speaker, publisher, source title and date).
fn fields(data: &Dataset, target: Target) -> impl Iterator<Item = &str> {
    let mut more: Vec<&str> = Vec::new();
    match target {
        Target::Actor(a) => {
            let actor = &data.actors[a];
            more.extend(actor.capital.as_deref());
            more.push(&actor.id);
        }
        Target::Group(g) => more.push(&data.groups[g].id),
        Target::Relation(r) => {
            let relation = &data.relations[r];
            let kind = &relation.kind;
            more.push(data.kinds.iter().find(|k| &k.id == kind).map_or(kind.as_str(), |k| k.label.as_str()));
            // Its figures: what they count, whose statistics, their notes,
            // and who published them (each text once).
            for f in &relation.figures {
                let source = data.sources.iter().find(|s| s.id == f.source);
                let texts = [Some(f.measure.as_str()), f.reporter.as_deref(), f.note.as_deref()]
                    .into_iter()
                    .chain([source.map(|s| s.publisher.as_str()), source.and_then(|s| s.title.as_deref())]);
                for text in texts.flatten() {
                    if !more.contains(&text) {
                        more.push(text);
                    }
                }
            }
        }
        Target::Passage(_) => {}
        Target::Quote(r, e) => {
            let ev = &data.relations[r].evidence[e];
            more.extend(ev.speaker.as_deref());
            if let Some(source) = data.sources.iter().find(|s| s.id == ev.source) {
                more.push(&source.publisher);
                more.extend(source.title.as_deref());
                more.push(&source.date);
            }
        }
    }
    std::iter::once(text(data, target)).chain(more)
}

/// Appends `s` in lower case, char by char, keeping every byte offset: a
/// character whose lower case has another length stays as it is. Tabs and
/// line breaks become spaces (a line break ends a field).
fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // The common case, and much faster.
        out.extend(
            s.bytes().map(|b| if matches!(b, b'\n' | b'\r' | b'\t') { ' ' } else { b.to_ascii_lowercase() as char }),
        );
        return;
    }
    out.extend(s.chars().map(|c| {
        if matches!(c, '\n' | '\r' | '\t') {
            return ' ';
        }
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
