//! Words shared by the browser and the commands, built without a terminal:
//! citations, counts, word wrap, and the one-letter names of kinds.

use unicode_width::UnicodeWidthStr;

use crate::data::{Dataset, Evidence, Kind, printable};

/// One letter per kind so kinds read without colour: the first letter of the
/// label not already taken, else the first free capital letter or digit.
pub fn kind_letters(kinds: &[Kind]) -> Vec<char> {
    let mut taken: Vec<char> = Vec::with_capacity(kinds.len());
    for k in kinds {
        let letter = k
            .label
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .chain(('A'..='Z').chain('0'..='9'))
            .find(|c| !taken.contains(c))
            .unwrap_or('?');
        taken.push(letter);
    }
    taken
}

/// Who says a quote and where it was published: "attributed to
/// Kazakhstan's foreign ministry, reported by AFP · 2025-10-08", or "AFP's
/// own reporting · 2025-10-08", then the title and url when there are any.
/// A speaker is who the source attributes the words to, as the publisher
/// reports them: often indirect speech, so never "said".
pub fn cite(data: &Dataset, ev: &Evidence) -> String {
    let (mut cite, url) = cite_parts(data, ev);
    if let Some(url) = url {
        cite.push_str(" · ");
        cite.push_str(url);
    }
    cite
}

/// `cite` without the url, and the url, which the browser shows (as a link)
/// on a line of its own.
pub(crate) fn cite_parts<'a>(data: &'a Dataset, ev: &'a Evidence) -> (String, Option<&'a str>) {
    let source = data.sources.iter().find(|s| s.id == ev.source);
    let mut parts = vec![attribution(data, ev)];
    if let Some(src) = source {
        parts.push(src.date.clone());
        parts.extend(src.title.iter().map(|t| format!("“{t}”")));
    }
    (parts.join(" · "), source.and_then(|s| s.url.as_deref()))
}

/// Who says a quote: "attributed to Kazakhstan's foreign ministry, reported
/// by AFP", or "AFP's own reporting". The one wording of every view and
/// command.
pub fn attribution(data: &Dataset, ev: &Evidence) -> String {
    let source = data.sources.iter().find(|s| s.id == ev.source);
    let publisher = source.map_or(ev.source.as_str(), |s| s.publisher.as_str());
    match &ev.speaker {
        Some(speaker) => format!("attributed to {speaker}, reported by {publisher}"),
        None => format!("{publisher}'s own reporting"),
    }
}

/// "1 source", "2 sources".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Greedy word wrap by display width; words longer than a line are split.
/// Data text reads as the command line prints it: line breaks and tabs
/// are spaces between words, other control characters visible escapes
/// (`printable`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in printable(text).split_whitespace() {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if line.width() + c.to_string().width() > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn kind_letters_are_unique() {
        let kind = |label: &str| Kind {
            id: label.into(),
            label: label.into(),
            directed: true,
            color: "red".into(),
            ..Default::default()
        };
        let kinds = [kind("Trade"), kind("Tourism"), kind("Arms"), kind("TTT"), kind("0"), kind("")];
        assert_eq!(kind_letters(&kinds), ['T', 'O', 'A', 'B', '0', 'C']);
    }
}
