//! Words shared by the browser and the commands, built without a terminal:
//! citations, counts, word wrap, and the one-letter names of kinds.

use unicode_width::UnicodeWidthStr;

use crate::data::{Dataset, Evidence, Figure, Kind, printable};

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

/// A figure's value as its source states it, with its unit: `43.8 USD bn`,
/// or `≈30.2 USD bn` when the source says "about" or "over". Never
/// converted or rounded: the number as the dataset holds it.
pub fn figure_value(f: &Figure) -> String {
    format!("{} {}", stated(f), f.unit)
}

/// A figure's number as its source states it, without the unit: `43.8`,
/// `≈30.2` (bar labels and matrix cells, where the unit is said once).
pub fn stated(f: &Figure) -> String {
    format!("{}{}", if f.approx { "≈" } else { "" }, f.value)
}

/// One figure on one line, as `show` prints it: value and unit, period,
/// whose statistics, who published them and when, the url, the note:
/// `43.8 USD bn · 2024 · per China's customs · China Customs 2025-01-13 ·
/// https://…`. Data text as written (the caller makes it inert).
pub fn figure_line(data: &Dataset, f: &Figure) -> String {
    let mut parts = vec![figure_value(f), f.period.clone()];
    parts.extend(f.reporter.as_ref().map(|r| format!("per {r}")));
    match data.sources.iter().find(|s| s.id == f.source) {
        Some(s) => {
            parts.push(format!("{} {}", s.publisher, s.date));
            parts.extend(s.url.clone());
        }
        None => parts.push(f.source.clone()),
    }
    parts.extend(f.note.as_ref().map(|n| format!("note: {n}")));
    parts.join(" · ")
}

/// A relation's figures of one measure, in dataset order, and the periods
/// for which they disagree.
pub struct MeasureFigures<'a> {
    pub measure: &'a str,
    pub figures: Vec<&'a Figure>,
    /// The periods (as written) for which two figures differ in
    /// value or unit: every one of them is kept, none is "the" value.
    pub disputed: Vec<&'a str>,
}

impl MeasureFigures<'_> {
    /// Whether another figure of the measure differs from `f` for its period.
    pub fn disputes(&self, f: &Figure) -> bool {
        self.figures.iter().any(|o| same_period(o, f) && (o.value != f.value || o.unit != f.unit))
    }
}

/// The same period written two ways (`2024`, `2024/2024`) is one period.
fn same_period(a: &Figure, b: &Figure) -> bool {
    a.period == b.period || a.period().is_some_and(|p| Some(p) == b.period())
}

/// Figures (a relation's, or those a time filter leaves) grouped by
/// measure, measures in the order first met.
pub fn figures_by_measure<'a>(figures: impl IntoIterator<Item = &'a Figure>) -> Vec<MeasureFigures<'a>> {
    let mut groups: Vec<MeasureFigures> = Vec::new();
    for f in figures {
        match groups.iter_mut().find(|g| g.measure == f.measure) {
            Some(g) => g.figures.push(f),
            None => groups.push(MeasureFigures { measure: &f.measure, figures: vec![f], disputed: Vec::new() }),
        }
    }
    for g in &mut groups {
        for (i, &a) in g.figures.iter().enumerate() {
            let differs = g.figures[..i].iter().any(|b| same_period(a, b) && (a.value != b.value || a.unit != b.unit));
            let known = g.disputed.iter().any(|p| g.figures.iter().any(|b| b.period == *p && same_period(a, b)));
            if differs && !known {
                g.disputed.push(&a.period);
            }
        }
    }
    groups
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
