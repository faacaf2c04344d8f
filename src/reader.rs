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
    let index: std::collections::HashMap<&str, usize> =
        data.sources.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut usage = vec![Usage::default(); data.sources.len()];
    for relation in &data.relations {
        let mut counted: Vec<usize> = Vec::new();
        let cited = relation
            .evidence
            .iter()
            .map(|e| (&e.source, true))
            .chain(relation.figures.iter().map(|f| (&f.source, false)));
        for (source, quote) in cited {
            let Some(&s) = index.get(source.as_str()) else { continue };
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
}
