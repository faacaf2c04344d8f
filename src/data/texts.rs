//! Source texts: the articles (and reports, statistics pages...) a
//! dataset's sources point at with `text_file`, read from beside the dataset
//! file, and where each quote is in them.
//!
//! A quote occurs in a text when its words occur there in order with runs of
//! whitespace folded (a line break in the article is a space in the quote);
//! nothing else is forgiven.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Dataset;

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
    /// cannot be read are returned as errors.
    pub fn load(data: &Dataset, base: &Path) -> (Texts, Vec<TextError>) {
        let mut texts = HashMap::new();
        let mut errors = Vec::new();
        for source in &data.sources {
            let Some(file) = &source.text_file else { continue };
            let path = base.join(file);
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        texts.insert(source.id.clone(), SourceText { path, text: text.into() });
                    }
                    Err(e) => errors.push(TextError {
                        source: source.id.clone(),
                        path,
                        message: format!("not valid UTF-8 (byte offset {})", e.utf8_error().valid_up_to()),
                    }),
                },
                Err(e) => errors.push(TextError { source: source.id.clone(), path, message: e.to_string() }),
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

    /// Sets a source's text (a test, or a text pasted into the browser).
    pub fn insert(&mut self, source: String, text: SourceText) {
        self.0.insert(source, text);
    }
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
    let (first, rest) = words.split_first()?;
    let mut at = from;
    while let Some(found) = text.get(at..)?.find(first) {
        let start = at + found;
        let mut end = start + first.len();
        let matched = rest.iter().all(|w| {
            let gap = text[end..].len() - text[end..].trim_start().len();
            if gap == 0 || !text[end + gap..].starts_with(w) {
                return false;
            }
            end += gap + w.len();
            true
        });
        if matched {
            return Some(start..end);
        }
        at = start + first.len();
    }
    None
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
    }

    #[test]
    fn later_occurrences_are_found_from_an_offset() {
        let text = "arms and arms";
        assert_eq!(find_quote(text, "arms"), Some(0..4));
        assert_eq!(find_quote_from(text, "arms", 1), Some(9..13));
    }
}
