//! The reader's cursor moves through a text as a byte position between
//! characters (the one after it is drawn under the cursor): these are its
//! motions, and what a selection between two positions quotes.

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// One character on (`h` `l`): what a reader calls one, a letter with
/// its accents or an emoji sequence (a grapheme cluster).
pub fn next_char(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    cursor.next_boundary(text, 0).ok().flatten().unwrap_or(at)
}

pub fn prev_char(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(at)
}

/// Words as in vi: a run of letters and digits, or a run of other
/// marks (so `w` stops before a comma, and a selection can end there).
fn class(c: char) -> u8 {
    if c.is_whitespace() {
        0
    } else if c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' {
        1
    } else {
        2
    }
}

/// Each character (grapheme) of `text` with the class of its first
/// code point: an accent goes with its letter.
fn classes(text: &str) -> impl DoubleEndedIterator<Item = (usize, u8)> + '_ {
    text.grapheme_indices(true).map(|(i, g)| (i, g.chars().next().map_or(0, class)))
}

/// The start of the next word (`w`), or the end of the text.
pub fn next_word(text: &str, at: usize) -> usize {
    let mut chars = classes(&text[at..]).map(|(i, k)| (at + i, k)).peekable();
    let Some(&(_, first)) = chars.peek() else { return at };
    // Past the rest of this word, then past the whitespace after it.
    let mut rest = chars.skip_while(|&(_, k)| k == first && k != 0).skip_while(|&(_, k)| k == 0);
    rest.next().map_or(text.len(), |(i, _)| i)
}

/// The start of this word, or of the one before (`b`).
pub fn prev_word(text: &str, at: usize) -> usize {
    let mut chars = classes(&text[..at]).rev().skip_while(|&(_, k)| k == 0);
    let Some((mut start, word)) = chars.next() else { return 0 };
    for (i, k) in chars {
        if k != word {
            break;
        }
        start = i;
    }
    start
}

/// The start of the next sentence (`)`), or the end of the last one.
pub fn next_sentence(sentences: &[Range<usize>], at: usize) -> usize {
    match sentences.iter().find(|s| s.start > at) {
        Some(s) => s.start,
        None => sentences.last().map_or(at, |s| s.end.max(at)),
    }
}

/// The start of this sentence, or of the one before when at its
/// start already (`(`).
pub fn prev_sentence(sentences: &[Range<usize>], at: usize) -> usize {
    sentences.iter().rev().find(|s| s.start < at).map_or(0, |s| s.start)
}

/// The sentence the cursor is in (or, between two, the next one; after
/// the last, the last).
pub fn sentence_at(sentences: &[Range<usize>], at: usize) -> Option<Range<usize>> {
    sentences.iter().find(|s| at < s.end).or(sentences.last()).cloned()
}

/// The display line the cursor is drawn on: the line holding the
/// character after it, or the one it is at the end of (between two
/// lines, on the whitespace that wraps them, the first).
pub fn line_of(lines: &[Option<Range<usize>>], at: usize) -> Option<usize> {
    let mut last_before = None;
    for (n, line) in lines.iter().enumerate() {
        let Some(r) = line else { continue };
        if r.start <= at && at < r.end {
            return Some(n);
        }
        if r.start > at {
            break;
        }
        last_before = Some(n);
    }
    last_before.or_else(|| lines.iter().position(Option::is_some))
}

/// `delta` display lines up or down, as near the same column as the
/// line allows (blank lines between paragraphs are passed over).
pub fn vertical(text: &str, lines: &[Option<Range<usize>>], at: usize, delta: isize) -> usize {
    use unicode_width::UnicodeWidthStr;
    let Some(from) = line_of(lines, at) else { return at };
    let here = lines[from].clone().unwrap_or_default();
    let column = text[here.start..at.clamp(here.start, here.end)].width();
    let text_lines: Vec<usize> = (0..lines.len()).filter(|&n| lines[n].is_some()).collect();
    let Ok(pos) = text_lines.binary_search(&from) else { return at };
    let to = pos.saturating_add_signed(delta).min(text_lines.len() - 1);
    if to == pos {
        // Already on the first or last line: to its start or end.
        return if delta < 0 {
            here.start
        } else if delta > 0 {
            here.end
        } else {
            at
        };
    }
    let target = lines[text_lines[to]].clone().unwrap_or_default();
    let mut width = 0;
    for (i, c) in text[target.clone()].char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w > column {
            return target.start + i;
        }
        width += w;
    }
    target.end
}

/// The text between the anchor and the cursor, without the whitespace
/// at its ends; `None` when that leaves nothing.
pub fn selection(text: &str, anchor: usize, cursor: usize) -> Option<Range<usize>> {
    let (start, end) = (anchor.min(cursor), anchor.max(cursor).min(text.len()));
    let piece = text.get(start..end)?;
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    (!trimmed.is_empty()).then(|| start + lead..start + lead + trimmed.len())
}

/// What a selection quotes: its words as the text has them, a line
/// break (a text wrapped by hand) and the whitespace around it made
/// one space. `validate` finds a quote in its text across any
/// whitespace, so this is still found where it was taken.
pub fn quote_of(text: &str, range: Range<usize>) -> String {
    let piece = &text[range];
    if !piece.contains(['\n', '\r']) {
        return piece.to_string();
    }
    let mut out = String::with_capacity(piece.len());
    for (i, line) in piece.split('\n').enumerate() {
        let line = line.trim_end_matches([' ', '\t', '\r']);
        if i == 0 {
            out.push_str(line);
        } else {
            let line = line.trim_start();
            if !line.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
    }
    out
}
