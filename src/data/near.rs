//! The passage of a text closest to a quote that is not in it, and where
//! the two differ, word by word: what the loader shows for a quote that
//! `find_quote` cannot find (`it's` typed for the text's `it’s`, a word
//! dropped or added).
//!
//! The text's words are indexed once, each under a loose form (lower case,
//! typographic quotes and dashes as plain ones, outer punctuation dropped).
//! The quote is then aligned with the text word by word: an edit distance
//! in which the passage may start and end anywhere, the same word costing
//! nothing, the same loose form little, and any other change more. A short
//! text is aligned whole; in a longer one, only the stretches around the
//! places where the quote's rarest words occur are.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};

/// How a word of the closest passage compares with the quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordDiff<'a> {
    /// The same word in the text and the quote (the text's word: at the
    /// quote's ends, the whole word the quote starts or ends inside).
    Same(&'a str),
    /// A word of the text that the quote lacks.
    TextOnly(&'a str),
    /// A word of the quote that the text lacks.
    QuoteOnly(&'a str),
}

/// The passage of a text closest to a quote, and how they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss<'a> {
    /// The passage's bytes in the text, from its first word to its last.
    pub range: Range<usize>,
    /// The line of the text the passage starts on (from 1).
    pub line: usize,
    /// The passage and the quote, word by word, in order: where a word of
    /// one stands for a different word of the other, the text's comes first.
    pub words: Vec<WordDiff<'a>>,
}

/// The passage of `text` closest to `quote`, or `None` when no passage
/// holds at least half of the quote's words in order (a quote from
/// another text, or one rewritten). Meant for a quote `find_quote` did not
/// find; for one it finds, the passage is the quote itself.
pub fn closest_passage<'a>(text: &'a str, quote: &'a str) -> Option<NearMiss<'a>> {
    WordIndex::new(text).closest(quote)
}

/// Alignment costs: the same word, the same loose form, another word, a
/// word of the text the quote lacks, a word of the quote the text lacks.
/// A word the quote lacks costs less than one it adds, so that at the end
/// of a passage a dropped word and the match after it win over a word
/// left unmatched; another word costs less than both gaps.
const SAME: u32 = 0;
const LOOSE: u32 = 1;
const OTHER: u32 = 4;
const TEXT_GAP: u32 = 2;
const QUOTE_GAP: u32 = 3;

/// Cells (quote words x text words) aligned at once: beyond this, only
/// windows around the rarest words are (a sentence of 30 words is aligned
/// with the whole of a text of some 2,000 words).
const WHOLE_TEXT_CELLS: usize = 1 << 16;

/// The words of a text with their loose forms, to align quotes with.
pub(crate) struct WordIndex<'a> {
    text: &'a str,
    /// Each whitespace-separated word's bytes.
    words: Vec<Range<usize>>,
    /// Each word's loose form, as a number (`ids`).
    keys: Vec<u32>,
    ids: HashMap<String, u32>,
    /// Each word as it is, as a number (`exact_ids`): aligning compares
    /// numbers.
    exact: Vec<u32>,
    exact_ids: HashMap<&'a str, u32>,
    /// Where each loose form occurs, by number.
    at: Vec<Vec<u32>>,
}

impl<'a> WordIndex<'a> {
    pub(crate) fn new(text: &'a str) -> WordIndex<'a> {
        let words = word_ranges(text);
        let mut ids: HashMap<String, u32> = HashMap::with_capacity(words.len() / 4);
        let mut at: Vec<Vec<u32>> = Vec::new();
        let mut keys = Vec::with_capacity(words.len());
        let mut exact_ids: HashMap<&'a str, u32> = HashMap::with_capacity(words.len() / 4);
        let mut exact = Vec::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            let next = exact_ids.len() as u32;
            exact.push(*exact_ids.entry(&text[w.clone()]).or_insert(next));
            let key = loose(&text[w.clone()]);
            let next = at.len() as u32;
            let id = *ids.entry(key).or_insert(next);
            if id == next {
                at.push(Vec::new());
            }
            at[id as usize].push(i as u32);
            keys.push(id);
        }
        WordIndex { text, words, keys, ids, exact, exact_ids, at }
    }

    pub(crate) fn closest(&self, quote: &'a str) -> Option<NearMiss<'a>> {
        self.closest_within(quote, WHOLE_TEXT_CELLS)
    }

    /// `closest`, aligning the whole text when it is at most `cells`
    /// (quote words x text words), else windows around the rarest words.
    fn closest_within(&self, quote: &'a str, cells: usize) -> Option<NearMiss<'a>> {
        let words: Vec<&'a str> = quote.split_whitespace().collect();
        if words.is_empty() || self.words.is_empty() {
            return None;
        }
        let n = words.len();
        let q: Vec<QuoteWord> = words
            .iter()
            .enumerate()
            .map(|(i, &word)| QuoteWord {
                word,
                exact: self.exact_ids.get(word).copied(),
                loose: self.ids.get(&loose(word)).copied(),
                end: match (i == 0, i + 1 == n) {
                    (true, true) => End::Only,
                    (true, false) => End::First,
                    (false, true) => End::Last,
                    (false, false) => End::Inside,
                },
            })
            .collect();
        let windows = if n.saturating_mul(self.words.len()) <= cells {
            std::iter::once(0..self.words.len()).collect()
        } else {
            self.windows(&q)
        };
        let best = windows.into_iter().filter_map(|window| self.align(&q, window)).min_by_key(|a| (a.cost, a.start))?;
        // At least half of the quote's words, in order: else it is not a
        // near miss but another sentence.
        if best.matched == 0 || best.matched * 2 < n {
            return None;
        }
        let range = self.words[best.start].start..self.words[best.end - 1].end;
        let line = self.text[..range.start].matches('\n').count() + 1;
        Some(NearMiss { range, line, words: best.words })
    }

    /// Stretches of the text where the quote may be: around each place its
    /// rarest words put its start, the busiest places first.
    fn windows(&self, q: &[QuoteWord]) -> Vec<Range<usize>> {
        let n = q.len();
        let mut anchors: Vec<(usize, u32)> = Vec::new();
        for (qi, w) in q.iter().enumerate() {
            if let Some(k) = w.loose
                && !anchors.iter().any(|&(_, a)| a == k)
            {
                anchors.push((qi, k));
            }
        }
        anchors.sort_by_key(|&(qi, k)| (self.at[k as usize].len(), qi));
        anchors.truncate(4);
        // Where each occurrence of an anchor puts the quote's first word.
        let mut starts: Vec<isize> = anchors
            .iter()
            .flat_map(|&(qi, k)| self.at[k as usize].iter().take(64).map(move |&p| p as isize - qi as isize))
            .collect();
        starts.sort_unstable();
        let slack = 2 + n as isize / 8;
        // Starts close together are one place, with a vote for each.
        let mut places: Vec<(usize, isize, isize)> = Vec::new();
        for s in starts {
            match places.last_mut() {
                Some((votes, _, hi)) if s - *hi <= slack => {
                    *votes += 1;
                    *hi = s;
                }
                _ => places.push((1, s, s)),
            }
        }
        places.sort_by_key(|&(votes, lo, _)| (std::cmp::Reverse(votes), lo));
        let m = self.words.len() as isize;
        places
            .into_iter()
            .take(3)
            .map(|(_, lo, hi)| (lo - slack).clamp(0, m) as usize..(hi + n as isize + slack).clamp(0, m) as usize)
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// How much a quote word differs from text word `t`.
    fn cost(&self, q: &QuoteWord, t: usize) -> u32 {
        // As `find_quote` matches: the first word may end a text word, the
        // last may begin one, a single word may be inside one.
        let same = match q.end {
            End::Inside => q.exact == Some(self.exact[t]),
            End::First => self.text[self.words[t].clone()].ends_with(q.word),
            End::Last => self.text[self.words[t].clone()].starts_with(q.word),
            End::Only => self.text[self.words[t].clone()].contains(q.word),
        };
        if same {
            SAME
        } else if q.loose == Some(self.keys[t]) {
            LOOSE
        } else {
            OTHER
        }
    }

    /// The best alignment of the quote with a passage of `window` (an edit
    /// distance free at both ends of the window).
    fn align(&self, q: &[QuoteWord<'a>], window: Range<usize>) -> Option<Alignment<'a>> {
        let (n, w) = (q.len(), window.len());
        if w == 0 {
            return None;
        }
        let cols = w + 1;
        let mut d = vec![0u32; (n + 1) * cols];
        for i in 1..=n {
            d[i * cols] = i as u32 * QUOTE_GAP;
            for j in 1..=w {
                let c = self.cost(&q[i - 1], window.start + j - 1);
                let diagonal = d[(i - 1) * cols + j - 1] + c;
                let up = d[(i - 1) * cols + j] + QUOTE_GAP;
                let left = d[i * cols + j - 1] + TEXT_GAP;
                d[i * cols + j] = diagonal.min(up).min(left);
            }
        }
        let last = &d[n * cols..];
        let (mut j, &cost) = last.iter().enumerate().skip(1).min_by_key(|&(j, &c)| (c, j))?;
        let end = window.start + j;
        // Back from the end, preferring a word against a word.
        let (mut i, mut words, mut matched) = (n, Vec::with_capacity(n + 4), 0);
        let text_word = |j: usize| &self.text[self.words[window.start + j - 1].clone()];
        while i > 0 {
            let here = d[i * cols + j];
            if j > 0 {
                let c = self.cost(&q[i - 1], window.start + j - 1);
                if here == d[(i - 1) * cols + j - 1] + c {
                    if c == SAME {
                        words.push(WordDiff::Same(text_word(j)));
                    } else {
                        // Reversed below: the text's word comes first.
                        words.push(WordDiff::QuoteOnly(q[i - 1].word));
                        words.push(WordDiff::TextOnly(text_word(j)));
                    }
                    matched += usize::from(c != OTHER);
                    i -= 1;
                    j -= 1;
                    continue;
                }
            }
            if j == 0 || here == d[(i - 1) * cols + j] + QUOTE_GAP {
                words.push(WordDiff::QuoteOnly(q[i - 1].word));
                i -= 1;
            } else {
                words.push(WordDiff::TextOnly(text_word(j)));
                j -= 1;
            }
        }
        words.reverse();
        // The passage runs from the first text word aligned to the last
        // (the free ends of the window are not in it).
        if words.iter().all(|w| matches!(w, WordDiff::QuoteOnly(_))) {
            return None;
        }
        Some(Alignment { cost, start: window.start + j, end, words, matched })
    }
}

/// A word of the quote, as the alignment compares it.
struct QuoteWord<'a> {
    word: &'a str,
    /// The number of the text word that is the same, if there is one.
    exact: Option<u32>,
    /// The number of its loose form among the text's, if it is one.
    loose: Option<u32>,
    end: End,
}

/// Where a word is in the quote.
#[derive(Clone, Copy)]
enum End {
    First,
    Inside,
    Last,
    /// The quote is one word.
    Only,
}

struct Alignment<'a> {
    cost: u32,
    /// The passage's words in the text: `start..end`.
    start: usize,
    end: usize,
    words: Vec<WordDiff<'a>>,
    /// Quote words aligned with a text word of the same loose form.
    matched: usize,
}

/// The bytes of each whitespace-separated word of `text`.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let base = text.as_ptr() as usize;
    text.split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - base;
            start..start + w.len()
        })
        .collect()
}

/// A word's loose form: lower case, typographic apostrophes, quotation
/// marks and dashes as plain ones, and without the punctuation around it
/// (a word of punctuation alone stays as it is).
fn loose(word: &str) -> String {
    let plain: String = word
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{A0}' | '\u{202F}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let trimmed = plain.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() { plain } else { trimmed.to_string() }
}

impl NearMiss<'_> {
    /// Words of the same run kept on each side of a difference, in a
    /// passage too long to show whole.
    const CONTEXT: usize = 5;
    const WHOLE: usize = 20;

    /// The passage on one line: `[-…-]` around the text's words that the
    /// quote lacks, `{+…+}` around the quote's words that the text lacks
    /// (as `git diff --word-diff` marks them); long runs of the same words
    /// are cut to their ends (`…`).
    pub fn marked(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        let words = &self.words;
        while i < words.len() {
            let run = words[i..].iter().take_while(|w| matches!(w, WordDiff::Same(_))).count();
            if run > 0 {
                let same: Vec<&str> = words[i..i + run]
                    .iter()
                    .map(|w| match w {
                        WordDiff::Same(s) => *s,
                        _ => unreachable!("a run of the same words"),
                    })
                    .collect();
                let (first, last) = (i == 0, i + run == words.len());
                let (first, last) = if words.len() <= Self::WHOLE { (true, true) } else { (first, last) };
                let k = Self::CONTEXT;
                let shown = match (first, last) {
                    (true, true) => same.join(" "),
                    (true, false) if run > k => format!("… {}", same[run - k..].join(" ")),
                    (false, true) if run > k => format!("{} …", same[..k].join(" ")),
                    (false, false) if run > 2 * k + 1 => {
                        format!("{} … {}", same[..k].join(" "), same[run - k..].join(" "))
                    }
                    _ => same.join(" "),
                };
                parts.push(shown);
                i += run;
                continue;
            }
            let hunk = words[i..].iter().take_while(|w| !matches!(w, WordDiff::Same(_))).count();
            let (text, quote) = split_hunk(&words[i..i + hunk]);
            let mut shown = String::new();
            if !text.is_empty() {
                shown.push_str(&format!("[-{}-]", cut(&text)));
            }
            if !quote.is_empty() {
                shown.push_str(&format!("{{+{}+}}", cut(&quote)));
            }
            parts.push(shown);
            i += hunk;
        }
        parts.join(" ")
    }

    /// Differences too small to see in `marked`: where one word of the
    /// text stands for one of the quote and they differ in a character or
    /// three, which ones, with their code points when they are not plain
    /// ASCII (`the text has "’" (U+2019) where the quote has "'" (U+0027)`).
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            let hunk = self.words[i..].iter().take_while(|w| !matches!(w, WordDiff::Same(_))).count();
            if hunk == 0 {
                i += 1;
                continue;
            }
            let (text, quote) = split_hunk(&self.words[i..i + hunk]);
            if let ([t], [q]) = (text.as_slice(), quote.as_slice())
                && let Some(note) = char_note(t, q)
                && !notes.contains(&note)
            {
                notes.push(note);
            }
            i += hunk;
        }
        notes.truncate(3);
        notes
    }
}

/// The text's words and the quote's words of a run of differences.
fn split_hunk<'a>(hunk: &[WordDiff<'a>]) -> (Vec<&'a str>, Vec<&'a str>) {
    let (mut text, mut quote) = (Vec::new(), Vec::new());
    for w in hunk {
        match *w {
            WordDiff::TextOnly(t) => text.push(t),
            WordDiff::QuoteOnly(q) => quote.push(q),
            WordDiff::Same(_) => {}
        }
    }
    (text, quote)
}

/// Words joined, a long run cut in the middle.
fn cut(words: &[&str]) -> String {
    const EDGE: usize = 5;
    if words.len() > 2 * EDGE + 2 {
        format!("{} … {}", words[..EDGE].join(" "), words[words.len() - EDGE..].join(" "))
    } else {
        words.join(" ")
    }
}

/// Says which characters differ between two words that differ in few.
fn char_note(text: &str, quote: &str) -> Option<String> {
    let (t, q): (Vec<char>, Vec<char>) = (text.chars().collect(), quote.chars().collect());
    let prefix = t.iter().zip(&q).take_while(|(a, b)| a == b).count();
    let suffix = t[prefix..].iter().rev().zip(q[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&t[prefix..t.len() - suffix], &q[prefix..q.len() - suffix]);
    if a.len() > 3 || b.len() > 3 || (a.is_empty() && b.is_empty()) {
        return None;
    }
    let coded = a.iter().chain(b).any(|c| !c.is_ascii_graphic());
    let describe = |cs: &[char]| {
        if cs.is_empty() {
            return "nothing".to_string();
        }
        let s: String = cs.iter().collect();
        if coded {
            let points: Vec<String> = cs.iter().map(|c| format!("U+{:04X}", u32::from(*c))).collect();
            format!("\"{s}\" ({})", points.join(" "))
        } else {
            format!("\"{s}\"")
        }
    };
    Some(format!("the text has {} where the quote has {}", describe(a), describe(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The two governments met on Tuesday.\n\n\
        Officials said it’s the first accord of its kind between them, and that\n\
        grain shipments would start in the spring. Critics were not convinced.";

    fn marked(quote: &str) -> Option<(String, Vec<String>, &'static str)> {
        closest_passage(TEXT, quote).map(|m| (m.marked(), m.notes(), &TEXT[m.range.clone()]))
    }

    #[test]
    fn a_straight_apostrophe_for_a_curly_one_is_found_and_named() {
        let (shown, notes, passage) = marked("Officials said it's the first accord of its kind").unwrap();
        assert_eq!(shown, "Officials said [-it’s-]{+it's+} the first accord of its kind");
        assert_eq!(notes, ["the text has \"’\" (U+2019) where the quote has \"'\" (U+0027)"]);
        assert_eq!(passage, "Officials said it’s the first accord of its kind");
        assert_eq!(closest_passage(TEXT, "said it's the first").unwrap().line, 3);
    }

    #[test]
    fn a_dropped_word_is_marked_as_the_texts() {
        let (shown, notes, passage) = marked("grain shipments would start in spring").unwrap();
        assert_eq!(shown, "grain shipments would start in [-the-] spring.");
        assert!(notes.is_empty(), "{notes:?}");
        // The quote's last word may begin a text word, as in find_quote.
        assert_eq!(passage, "grain shipments would start in the spring.");
    }

    #[test]
    fn an_added_word_is_marked_as_the_quotes() {
        let (shown, _, passage) = marked("the first ever accord of its kind").unwrap();
        assert_eq!(shown, "the first {+ever+} accord of its kind");
        assert_eq!(passage, "the first accord of its kind");
    }

    #[test]
    fn a_changed_word_shows_both_and_small_changes_are_named() {
        let (shown, notes, _) = marked("grain shipments will start in the spring").unwrap();
        assert_eq!(shown, "grain shipments [-would-]{+will+} start in the spring.");
        assert!(notes.is_empty(), "a whole word changed: {notes:?}");
        let (shown, notes, _) = marked("Critics were not convinced!").unwrap();
        assert_eq!(shown, "Critics were not [-convinced.-]{+convinced!+}");
        assert_eq!(notes, ["the text has \".\" where the quote has \"!\""]);
    }

    #[test]
    fn a_quote_not_in_the_text_at_all_has_no_close_passage() {
        assert_eq!(closest_passage(TEXT, "The moon is made of green cheese, say experts"), None);
        assert_eq!(closest_passage(TEXT, "Nothing here"), None);
        assert_eq!(closest_passage("", "anything"), None);
        assert_eq!(closest_passage(TEXT, "   "), None);
    }

    #[test]
    fn long_runs_of_the_same_words_are_cut_around_the_difference() {
        let words: Vec<String> = (1..=30).map(|n| format!("w{n}")).collect();
        let text = words.join(" ");
        let quote = text.replace("w15", "W15");
        let near = closest_passage(&text, &quote).unwrap();
        assert_eq!(near.marked(), "… w10 w11 w12 w13 w14 [-w15-]{+W15+} w16 w17 w18 w19 w20 …");
        assert_eq!(near.range, 0..text.len());
    }

    #[test]
    fn a_long_text_is_aligned_around_the_rarest_words() {
        // A long text of filler with the passage near its end.
        let mut text = "lorem ipsum dolor sit amet the and of a ".repeat(400);
        let at = text.len();
        text.push_str("Officials said it’s the first accord of its kind. ");
        text.push_str(&"the and of a lorem ".repeat(50));
        let index = WordIndex::new(&text);
        let quote = "Officials said it's the first accord of its kind";
        for cells in [usize::MAX, 100] {
            let near = index.closest_within(quote, cells).expect("found");
            assert_eq!(near.range.start, at, "cells {cells}");
            assert_eq!(near.marked(), "Officials said [-it’s-]{+it's+} the first accord of its kind.");
        }
    }
}
