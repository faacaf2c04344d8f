//! Source texts: the articles (and reports, statistics pages...) a
//! dataset's sources point at with `text_file`, read from beside the dataset
//! file, and where each quote is in them.
//!
//! A quote occurs in a text when its words occur there in order with runs of
//! whitespace folded (a line break in the article is a space in the quote);
//! nothing else is forgiven. When it does not, `closest_passage` says
//! where it nearly does, and how the two differ.
//!
//! Loading a dataset with its texts (`Dataset::load_with_texts`) checks
//! every quote of a source with a text against it, and the text against
//! its `sha256`; `check` below is that step.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::Dataset;
use super::near::WordIndex;
use super::validate::{Finding, Findings, rec, short};

pub use super::near::{NearMiss, WordDiff, closest_passage};

/// Larger text files are refused before they are read: an article, a
/// report or a statistics page is far smaller.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// One source's text, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The file it was read from (the dataset's `text_file` resolved
    /// against the dataset's folder).
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// The texts of a dataset's sources that have one, by source id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts(HashMap<String, SourceText>);

/// Why a source's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub source: String,
    pub path: PathBuf,
    pub message: String,
}

impl Texts {
    /// Reads every source's `text_file`, relative to `base` (the dataset
    /// file's folder; the current folder for standard input and the
    /// built-in data). Sources without one are skipped; those whose file
    /// cannot be read (missing, not a regular file, over `MAX_TEXT_BYTES`,
    /// not UTF-8) are returned as errors.
    pub fn load(data: &Dataset, base: &Path) -> (Texts, Vec<TextError>) {
        let mut texts = HashMap::new();
        let mut errors = Vec::new();
        for source in &data.sources {
            // An empty one is the dataset's own error (`Dataset::validate`).
            let Some(file) = source.text_file.as_deref().filter(|f| !f.trim().is_empty()) else { continue };
            let path = base.join(file);
            match read_text(&path) {
                Ok(text) => {
                    texts.insert(source.id.clone(), SourceText { path, text: text.into() });
                }
                Err(message) => errors.push(TextError { source: source.id.clone(), path, message }),
            }
        }
        (Texts(texts), errors)
    }

    pub fn get(&self, source: &str) -> Option<&SourceText> {
        self.0.get(source)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many sources have a text.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sets a source's text (a test, or a text pasted into the browser).
    pub fn insert(&mut self, source: String, text: SourceText) {
        self.0.insert(source, text);
    }
}

/// A text file's content, or why it cannot be had. Only a regular file
/// is opened (a FIFO would block, a device never end), and no more than
/// `MAX_TEXT_BYTES` of it is read.
fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory, not a text file".into());
    }
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_TEXT_BYTES {
        return Err(format!("{} MiB; the limit is {} MiB", meta.len() >> 20, MAX_TEXT_BYTES >> 20));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(format!("over the limit of {} MiB", MAX_TEXT_BYTES >> 20));
    }
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (byte offset {})", e.utf8_error().valid_up_to()))
}

/// The SHA-256 of `bytes` as 64 lower-case hex digits: what a source's
/// `sha256` holds for its text file (`sha256sum` prints the same).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Whether `s` has the form of a `sha256`: 64 hex digits (either case).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A passage of a source's text that is quoted, and the quotes that are it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedSpan {
    /// The passage's bytes in the text, as `find_quote` finds it.
    pub range: Range<usize>,
    /// The quotes found there, in dataset order: (relation index, evidence
    /// index) into `Dataset::relations`.
    pub evidence: Vec<(usize, usize)>,
}

/// Every passage of `text` (the text of source `source`) that quotes of
/// that source are, ordered by start, then end. A quote that occurs more
/// than once is placed where it first occurs; one not in the text is left
/// out. Several quotes that are the same passage (one sentence backing two
/// relations) make one span; overlapping passages are separate spans.
pub fn quoted_spans(data: &Dataset, source: &str, text: &str) -> Vec<QuotedSpan> {
    let mut found: HashMap<&str, Option<Range<usize>>> = HashMap::new();
    let mut spans: Vec<QuotedSpan> = Vec::new();
    let mut by_range: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, r) in data.relations.iter().enumerate() {
        for (j, e) in r.evidence.iter().enumerate() {
            if e.source != source {
                continue;
            }
            let Some(range) = found.entry(e.quote.as_str()).or_insert_with(|| find_quote(text, &e.quote)).clone()
            else {
                continue;
            };
            let at = *by_range.entry((range.start, range.end)).or_insert_with(|| {
                spans.push(QuotedSpan { range, evidence: Vec::new() });
                spans.len() - 1
            });
            spans[at].evidence.push((i, j));
        }
    }
    spans.sort_by_key(|s| (s.range.start, s.range.end));
    spans
}

/// Reads the texts of the sources that have one (relative to `base`) and
/// checks them: each file can be read, its `sha256` (when given) is still
/// its hash, and every quote from the source occurs in it.
pub(super) fn check(data: &Dataset, base: &Path) -> (Texts, Vec<Finding>) {
    let (texts, errors) = Texts::load(data, base);
    let mut out = Findings::default();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, s) in data.sources.iter().enumerate() {
        first.entry(s.id.as_str()).or_insert(i);
    }
    for e in &errors {
        let i = first.get(e.source.as_str()).copied().unwrap_or(0);
        out.error(
            rec("sources", i, &e.source).field("text_file"),
            format!("cannot read {}: {}", e.path.display(), e.message),
        );
    }
    for (i, s) in data.sources.iter().enumerate() {
        let (Some(expected), Some(text)) = (&s.sha256, texts.get(&s.id)) else { continue };
        // A malformed one is an error of the dataset itself (`check`).
        if !is_sha256(expected) {
            continue;
        }
        let actual = sha256_hex(text.text.as_bytes());
        if !actual.eq_ignore_ascii_case(expected) {
            out.warn(
                rec("sources", i, &s.id).field("sha256"),
                format!(
                    "the text changed since its quotes were taken: {} now has sha256 {actual}",
                    text.path.display()
                ),
            );
        }
    }
    // Each text's words are indexed once, when a quote from it is missing.
    let mut indexes: HashMap<&str, WordIndex> = HashMap::new();
    for (i, r) in data.relations.iter().enumerate() {
        for (j, e) in r.evidence.iter().enumerate() {
            let Some(text) = texts.get(&e.source) else { continue };
            if e.quote.trim().is_empty() || find_quote(&text.text, &e.quote).is_some() {
                continue;
            }
            let index = indexes.entry(e.source.as_str()).or_insert_with(|| WordIndex::new(&text.text));
            let at = rec("relations", i, &r.id).field("evidence").item(j, None).field("quote");
            let whose = format!("not in the text of source \"{}\" ({})", short(&e.source), text.path.display());
            let message = match index.closest(&e.quote) {
                // Say which quote: the others show it in their closest passage.
                None => format!("{whose}, and no passage of the text is close to \"{}\"", short(&e.quote)),
                Some(near) => near_miss_message(&whose, &near),
            };
            out.error(at, message);
        }
    }
    drop(indexes);
    (texts, out.0)
}

/// Where `quote` first occurs in `text`, its words in order with any run of
/// whitespace between them: the byte range in `text`, from the quote's
/// first character to its last.
pub fn find_quote(text: &str, quote: &str) -> Option<Range<usize>> {
    find_quote_from(text, quote, 0)
}

/// `find_quote`, starting the search at byte `from` of `text`.
pub fn find_quote_from(text: &str, quote: &str, from: usize) -> Option<Range<usize>> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    find_words(text, &words, from, char::is_whitespace)
}

/// Where `words` first occur in `text` from byte `from`, in order, each
/// separated from the next by one or more characters `is_gap` accepts: the
/// byte range from the first word's start to the last word's end. (Quotes
/// accept any whitespace; search phrases only spaces, which keep them
/// inside one field of the search index.)
pub fn find_words(text: &str, words: &[&str], from: usize, is_gap: fn(char) -> bool) -> Option<Range<usize>> {
    let (first, rest) = words.split_first()?;
    let mut at = from;
    while let Some(found) = text.get(at..)?.find(first) {
        let start = at + found;
        let mut end = start + first.len();
        let matched = rest.iter().all(|w| {
            let gap = text[end..].len() - text[end..].trim_start_matches(is_gap).len();
            if gap == 0 || !text[end + gap..].starts_with(w) {
                return false;
            }
            end += gap + w.len();
            true
        });
        if matched {
            return Some(start..end);
        }
        // The next try starts a character on: an occurrence may overlap
        // this one ("00 troops" in "1000 troops").
        at = start + first.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// "`whose`; closest passage (line L of the text; ...): "..."", with what
/// differs: how a quote not found in its source's text is reported, by
/// `validate` and by `import` alike.
pub fn near_miss_message(whose: &str, near: &NearMiss) -> String {
    let mut message = format!(
        "{whose}; closest passage (line {} of the text; [-text only-] {{+quote only+}}): \"{}\"",
        near.line,
        near.marked()
    );
    for note in near.notes() {
        message.push_str("; ");
        message.push_str(&note);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_found_across_line_breaks_and_runs_of_spaces() {
        let text = "First line.\nThe region is  increasingly\n   looking to China. Then more.";
        let range = find_quote(text, "The region is increasingly looking to China.").unwrap();
        assert_eq!(&text[range], "The region is  increasingly\n   looking to China.");
        // Nothing else is forgiven: a changed word, a missing space.
        assert_eq!(find_quote(text, "The region is increasingly looking at China."), None);
        assert_eq!(find_quote(text, "Theregion is"), None);
        assert_eq!(find_quote(text, "  "), None);
        // A first word that overlaps an earlier try of itself.
        let text = "They sent 1000 troops north.";
        assert_eq!(find_quote(text, "00 troops").map(|r| &text[r]), Some("00 troops"));
    }

    #[test]
    fn later_occurrences_are_found_from_an_offset() {
        let text = "arms and arms";
        assert_eq!(find_quote(text, "arms"), Some(0..4));
        assert_eq!(find_quote_from(text, "arms", 1), Some(9..13));
    }
}
