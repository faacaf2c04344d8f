//! Reading a source: where its quotes are in its text, which relations each
//! backs, how much of the text the dataset has used, and how often each
//! source is used. No terminal here.

use std::ops::Range;

use crate::data::Dataset;

/// A quoted span of a source's text: `data::texts::QuotedSpan`.
pub use crate::data::texts::QuotedSpan as Span;

/// Every quote from `source` found in `text`, as spans in text order
/// (`data::texts::quoted_spans`).
pub fn spans(data: &Dataset, source: &str, text: &str) -> Vec<Span> {
    crate::data::texts::quoted_spans(data, source, text)
}

/// The paragraphs of a text, as byte ranges without their surrounding
/// whitespace: blocks between blank lines, their single line breaks being
/// spaces (texts are often wrapped by hand); in a text with no blank line,
/// each line (as `show --source` reads it too).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push(at..at + line.len());
        at += line.len();
    }
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let has_blank = lines.iter().any(blank);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for line in lines {
        if blank(&line) {
            out.extend(open.take());
            continue;
        }
        open = match open {
            Some(p) if has_blank => Some(p.start..line.end),
            other => {
                out.extend(other);
                Some(line)
            }
        };
    }
    out.extend(open);
    // Without the whitespace around them.
    out.into_iter()
        .map(|r| {
            let s = &text[r.clone()];
            let start = r.start + (s.len() - s.trim_start().len());
            start..start + s.trim().len()
        })
        .collect()
}

/// The sentences of a text: runs ending in `.`, `!` or `?` (and any closing
/// quote or bracket) before whitespace, or at a blank line (a heading, a
/// paragraph without a stop); a single line break is a space, as texts are
/// often wrapped by hand.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            let blank_line_next = || text[i + 1..].trim_start_matches([' ', '\t', '\r']).starts_with('\n');
            if c == '\n'
                && start.is_some()
                && (blank_line_next() || text[i + 1..].trim().is_empty())
                && let Some(s) = start.take()
            {
                out.push(s..i);
            }
            continue;
        }
        let s = *start.get_or_insert(i);
        if matches!(c, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence.
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek().is_none_or(|&(_, next)| next.is_whitespace()) {
                out.push(s..end);
                start = None;
            }
        }
    }
    if let Some(s) = start {
        out.push(s..text.trim_end().len().max(s));
    }
    out
}

/// The reader's cursor: its motions, and what a selection quotes.
pub mod motion;

/// How much of a text the dataset quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub sentences: usize,
    /// Sentences with at least part of them quoted.
    pub quoted_sentences: usize,
    /// Characters, whitespace left out.
    pub chars: usize,
    pub quoted_chars: usize,
}

impl Coverage {
    pub fn new(text: &str, spans: &[Span]) -> Coverage {
        let quoted = |r: &Range<usize>| spans.iter().any(|s| s.range.start < r.end && r.start < s.range.end);
        let sentences = sentences(text);
        let mut in_span = vec![false; text.len()];
        for s in spans {
            in_span[s.range.clone()].iter_mut().for_each(|b| *b = true);
        }
        let (mut chars, mut quoted_chars) = (0, 0);
        for (i, _) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            chars += 1;
            if in_span[i] {
                quoted_chars += 1;
            }
        }
        Coverage {
            sentences: sentences.len(),
            quoted_sentences: sentences.iter().filter(|r| quoted(r)).count(),
            chars,
            quoted_chars,
        }
    }

    /// "7 of 23 sentences quoted · 21% of the text".
    pub fn describe(&self) -> String {
        let share = (self.quoted_chars * 100 + self.chars / 2).checked_div(self.chars).unwrap_or(0);
        format!("{} of {} sentences quoted · {share}% of the text", self.quoted_sentences, self.sentences)
    }
}

/// How much a source is used: its quotes and the relations they back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub quotes: usize,
    pub figures: usize,
    /// Relations it backs, with a quote or a figure.
    pub relations: usize,
}

/// Each source's usage, in `data.sources` order.
pub fn usage(data: &Dataset) -> Vec<Usage> {
    let index: foldhash::HashMap<&str, usize> =
        data.sources.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut usage = vec![Usage::default(); data.sources.len()];
    // Relations in blocks: the sources they cite gathered first, then
    // looked up, so that the memory reads of a block overlap (a big
    // dataset's records are all over memory).
    const BLOCK: usize = 256;
    let mut cited: Vec<(u32, &str, bool)> = Vec::with_capacity(BLOCK * 4);
    let mut counted: Vec<usize> = Vec::new();
    for (b, block) in data.relations.chunks(BLOCK).enumerate() {
        cited.clear();
        for (i, relation) in block.iter().enumerate() {
            let i = (b * BLOCK + i) as u32;
            cited.extend(relation.evidence.iter().map(|e| (i, e.source.as_str(), true)));
            cited.extend(relation.figures.iter().map(|f| (i, f.source.as_str(), false)));
        }
        let mut current = u32::MAX;
        for &(relation, source, quote) in &cited {
            if relation != current {
                current = relation;
                counted.clear();
            }
            let Some(&s) = index.get(source) else { continue };
            if quote {
                usage[s].quotes += 1;
            } else {
                usage[s].figures += 1;
            }
            if !counted.contains(&s) {
                counted.push(s);
                usage[s].relations += 1;
            }
        }
    }
    usage
}

/// The quotes of one source, each once, in the order of their first use in
/// the dataset, with the relations each backs; and the source's figures.
/// What the sources view lists for a source without a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceQuotes {
    /// Each distinct quote's first use: (relation, evidence), indices into
    /// `Dataset::relations` and its `evidence`.
    pub quotes: Vec<(u32, u32)>,
    /// Where each quote's relations are in `backs`: `backs_at[q]..backs_at[q + 1]`.
    backs_at: Vec<u32>,
    backs: Vec<u32>,
    /// The source's figures: (relation, figure), in dataset order.
    pub figures: Vec<(u32, u32)>,
}

impl SourceQuotes {
    /// The relations quote `q` backs, in dataset order, each once.
    pub fn backs(&self, q: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        let range = self.backs_at[q] as usize..self.backs_at[q + 1] as usize;
        self.backs[range].iter().map(|&r| r as usize)
    }
}

/// The quotes and figures of the source `source` (an id): one pass over
/// the relations, so a source quoted 400,000 times is listed in one go.
pub fn source_quotes(data: &Dataset, source: &str) -> SourceQuotes {
    use foldhash::{HashMap, HashMapExt};
    let mut out = SourceQuotes::default();
    let mut seen: HashMap<QuoteKey, u32> = HashMap::new();
    // Each use of a quote: (quote, relation), in dataset order.
    let mut uses: Vec<(u32, u32)> = Vec::new();
    for (r, relation) in data.relations.iter().enumerate() {
        for (e, ev) in relation.evidence.iter().enumerate().filter(|(_, ev)| ev.source == source) {
            let quotes = &mut out.quotes;
            let q = *seen.entry(QuoteKey(ev.quote.as_str())).or_insert_with(|| {
                quotes.push((r as u32, e as u32));
                (quotes.len() - 1) as u32
            });
            uses.push((q, r as u32));
        }
        for (k, _) in relation.figures.iter().enumerate().filter(|(_, f)| f.source == source) {
            out.figures.push((r as u32, k as u32));
        }
    }
    drop(seen);
    // Each quote's relations together: a counting sort of the uses by
    // quote, which keeps them in dataset order.
    let mut at = vec![0u32; out.quotes.len() + 1];
    for &(q, _) in &uses {
        at[q as usize + 1] += 1;
    }
    for q in 0..out.quotes.len() {
        at[q + 1] += at[q];
    }
    let mut next = at.clone();
    let mut backs = vec![0u32; uses.len()];
    for (q, r) in uses {
        backs[next[q as usize] as usize] = r;
        next[q as usize] += 1;
    }
    // A relation quoting the same words twice backs them once.
    let mut kept = Vec::with_capacity(backs.len());
    let mut backs_at = Vec::with_capacity(at.len());
    for q in 0..out.quotes.len() {
        backs_at.push(kept.len() as u32);
        for &r in &backs[at[q] as usize..at[q + 1] as usize] {
            if kept.len() as u32 == *backs_at.last().expect("pushed above") || kept.last() != Some(&r) {
                kept.push(r);
            }
        }
    }
    backs_at.push(kept.len() as u32);
    out.backs_at = backs_at;
    out.backs = kept;
    out
}

/// A quote as a key: hashed by its length and its first and last bytes
/// (quotes are long, and differ there), compared whole.
#[derive(PartialEq, Eq)]
struct QuoteKey<'a>(&'a str);

impl std::hash::Hash for QuoteKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let bytes = self.0.as_bytes();
        let ends = 16.min(bytes.len());
        state.write_usize(bytes.len());
        state.write(&bytes[..ends]);
        state.write(&bytes[bytes.len() - ends..]);
    }
}

/// A source's text laid out at a width, with where its quoted spans are:
/// what the sources view draws from, once per (revision, source, width);
/// each frame styles only the lines it shows (`ui::sources`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TextLayout {
    /// Each display line: a byte range of the text, `None` for the blank
    /// line between paragraphs (the sources view's `layout`).
    pub(crate) lines: Vec<Option<Range<usize>>>,
    /// The spans on each line, in text order: line `n`'s are
    /// `on_line[on_line_at[n]..on_line_at[n + 1]]`.
    pub(crate) on_line_at: Vec<usize>,
    pub(crate) on_line: Vec<usize>,
    /// The lines each span takes.
    pub(crate) span_lines: Vec<Range<usize>>,
    /// What the footer says: how much of the text is quoted.
    pub(crate) footer: String,
}

impl TextLayout {
    /// The spans on line `n` (indices into the source's spans), in text order.
    pub(crate) fn spans_on(&self, n: usize) -> &[usize] {
        &self.on_line[self.on_line_at[n]..self.on_line_at[n + 1]]
    }
}

/// How many lines the quote list of a source without a text takes (its
/// quotes, then its figures: the items), counted only as far as the view
/// has needed: the first screen of a source quoted 400,000 times costs a
/// screenful, and `End` counts the rest once. For a (revision, source,
/// width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuoteLayout {
    pub(crate) key: (u64, usize, usize),
    /// The line after each item counted so far, from the first item's first
    /// line, the quote `o` marked counted without its mark.
    pub(crate) ends: Vec<usize>,
    /// The quote `o` marked, and its item (`None`: not among the quotes).
    pub(crate) chosen: Option<(String, Option<usize>)>,
}

impl QuoteLayout {
    pub(crate) fn new(key: (u64, usize, usize)) -> QuoteLayout {
        QuoteLayout { key, ends: Vec::new(), chosen: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        let text = "One here. Two \"quoted.\" Three?\n\nA heading\n\nA sentence wrapped\nby hand. Last one";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["One here.", "Two \"quoted.\"", "Three?", "A heading", "A sentence wrapped\nby hand.", "Last one"]
        );
        // A stop inside a number or an abbreviation without a space does not end one.
        let got: Vec<&str> =
            sentences("It cost $14.5 billion. Done.").into_iter().map(|r| &"It cost $14.5 billion. Done."[r]).collect();
        assert_eq!(got, ["It cost $14.5 billion.", "Done."]);
    }

    #[test]
    fn paragraphs_are_blocks_between_blank_lines_or_lines() {
        let text = "One wrapped\nparagraph.\n\n\nTwo.\n";
        let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["One wrapped\nparagraph.", "Two."]);
        let text = "Line one.\nLine two.\n";
        let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Line one.", "Line two."], "no blank line: a line is a paragraph");
    }

    #[test]
    fn coverage_counts_sentences_touched_and_characters_quoted() {
        let text = "Alpha beta. Gamma delta. Epsilon.";
        let spans = vec![Span { range: 0..11, evidence: vec![(0, 0)] }];
        let c = Coverage::new(text, &spans);
        assert_eq!((c.sentences, c.quoted_sentences), (3, 1));
        assert_eq!(c.describe(), "1 of 3 sentences quoted · 34% of the text");
    }

    #[test]
    fn the_cursor_moves_by_word_stopping_before_punctuation() {
        use motion::*;
        let text = "Putin said, \"Russia's ties\" grow.";
        // Where w stops, each shown by the word it lands on.
        let mut stops = Vec::new();
        let mut at = 0;
        while at < text.len() {
            at = next_word(text, at);
            stops.push(text[at..].split(' ').next().unwrap_or(""));
        }
        assert_eq!(stops, ["said,", ",", "\"Russia's", "Russia's", "ties\"", "\"", "grow.", ".", ""]);
        // b goes back to each word's start, the same stops in reverse.
        let mut back = Vec::new();
        let mut at = text.len();
        while at > 0 {
            at = prev_word(text, at);
            back.push(at);
        }
        let shown: Vec<&str> = back.iter().map(|&at| text[at..].split(' ').next().unwrap_or("")).collect();
        assert_eq!(shown, [".", "grow.", "\"", "ties\"", "Russia's", "\"Russia's", ",", "said,", "Putin"]);
    }

    #[test]
    fn the_cursor_moves_by_what_a_reader_calls_a_character() {
        use motion::*;
        // A decomposed é is one character and part of its word.
        let text = "Cafe\u{301} au lait";
        assert_eq!(next_word(text, 0), text.find("au").unwrap());
        assert_eq!(next_char(text, 3), 6, "e and its accent");
        assert_eq!(prev_char(text, 6), 3);
        assert_eq!(prev_word(text, text.find("au").unwrap()), 0);
        // A family emoji is one character.
        let text = "a \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} b";
        assert_eq!(next_char(text, 2), text.len() - 2);
    }

    #[test]
    fn sentences_lines_and_selections_for_the_cursor() {
        use motion::*;
        let text = "One here. Two wrapped\n  by hand.\n\nThree.";
        let s = sentences(text);
        assert_eq!(next_sentence(&s, 0), 10);
        assert_eq!(next_sentence(&s, 10), 34);
        assert_eq!(next_sentence(&s, 36), text.len(), "after the last: its end");
        assert_eq!(prev_sentence(&s, 12), 10);
        assert_eq!(prev_sentence(&s, 10), 0);
        assert_eq!(sentence_at(&s, 9).map(|r| &text[r]), Some("Two wrapped\n  by hand."), "between two: the next");
        // The selection leaves out the whitespace at its ends; its quote
        // joins a hand-wrapped line with one space, and is still found.
        let range = selection(text, 9, 33).unwrap();
        assert_eq!(&text[range.clone()], "Two wrapped\n  by hand.");
        let quote = quote_of(text, range.clone());
        assert_eq!(quote, "Two wrapped by hand.");
        assert_eq!(crate::data::texts::find_quote(text, &quote), Some(range));
        assert_eq!(selection(text, 9, 10), None, "only whitespace selects nothing");
        assert_eq!(quote_of(text, 0..9), "One here.", "without a line break: verbatim");
        // Lines: the cursor between two wrapped lines is at the first's end;
        // up and down keep the column, passing over blank lines.
        let lines = vec![Some(0..9), Some(10..21), Some(24..32), None, Some(34..40)];
        assert_eq!(line_of(&lines, 9), Some(0));
        assert_eq!(line_of(&lines, 10), Some(1));
        assert_eq!(vertical(text, &lines, 2, 1), 12);
        assert_eq!(vertical(text, &lines, 26, 1), 36, "over the blank line");
        assert_eq!(vertical(text, &lines, 36, -1), 26);
        assert_eq!(vertical(text, &lines, 2, -1), 0, "on the first line: to its start");
        assert_eq!(vertical(text, &lines, 36, 1), 40, "on the last line: to its end");
        assert_eq!(next_char(text, 0), 1);
        assert_eq!(prev_char(text, 0), 0);
    }
}
