//! `show --source`: a source's metadata and its text with the quoted
//! passages marked (text, Markdown), or the text and the spans with their
//! offsets (JSON). A source without a text gets its quotes in dataset
//! order instead, each with the relations it backs.
//!
//! Passages that overlap (one quote inside another) are marked as one, with
//! the relations of both; the JSON keeps every span as it is.

use std::collections::HashMap;

use ratatui::style::{Modifier, Style};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{Format, Paint, md};
use crate::data::texts::{QuotedSpan, SourceText, Texts, quoted_spans, sha256_hex};
use crate::data::{Dataset, Figure, Relation, Source, one_line, printable};
use crate::export::JSON_VERSION;
use crate::osc;
use crate::text::{count, wrap};
use crate::theme::Theme;

/// The source `data.sources[source]` with its text from `texts`, in the
/// format asked for. `width` is the text format's line width.
pub fn render_source(
    data: &Dataset,
    texts: &Texts,
    source: usize,
    format: Format,
    width: usize,
    paint: Paint,
) -> String {
    let src = &data.sources[source];
    let text = texts.get(&src.id);
    let spans = text.map(|t| quoted_spans(data, &src.id, &t.text)).unwrap_or_default();
    let view = View { data, src, text, quotes: quotes(data, &src.id), spans };
    match format {
        Format::Text => view.text(width, paint),
        Format::Markdown => view.markdown(),
        Format::Json => view.json(),
    }
}

/// One quote of the source (the same words and speaker in several
/// relations are one quote) and the relations it backs.
struct Quote<'a> {
    quote: &'a str,
    speaker: Option<&'a str>,
    /// Indices into `Dataset::relations`, in dataset order.
    relations: Vec<usize>,
}

/// The source's quotes in dataset order (of their first use).
fn quotes<'a>(data: &'a Dataset, source: &str) -> Vec<Quote<'a>> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut seen: HashMap<(String, Option<&str>), usize> = HashMap::new();
    for (i, r) in data.relations.iter().enumerate() {
        for e in r.evidence.iter().filter(|e| e.source == source) {
            let key = (one_line(&e.quote), e.speaker.as_deref());
            let at = *seen.entry(key).or_insert_with(|| {
                quotes.push(Quote { quote: &e.quote, speaker: e.speaker.as_deref(), relations: Vec::new() });
                quotes.len() - 1
            });
            if !quotes[at].relations.contains(&i) {
                quotes[at].relations.push(i);
            }
        }
    }
    quotes
}

struct View<'a> {
    data: &'a Dataset,
    src: &'a Source,
    text: Option<&'a SourceText>,
    quotes: Vec<Quote<'a>>,
    spans: Vec<QuotedSpan>,
}

/// A stretch of the text marked as quoted: spans that overlap are one.
struct Marked {
    start: usize,
    end: usize,
    /// Indices into `Dataset::relations`, in dataset order.
    relations: Vec<usize>,
}

/// A paragraph's words, each in pieces: plain text, quoted text (of the
/// marked stretch numbered), and the marks around a stretch.
type Word<'a> = Vec<Piece<'a>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Plain(&'a str),
    Quoted(&'a str, usize),
    Open(usize),
    Close(usize),
}

impl<'a> View<'a> {
    fn relation(&self, i: usize) -> &'a Relation {
        &self.data.relations[i]
    }

    /// The relations that back at least one quote of the source.
    fn relations(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self.quotes.iter().flat_map(|q| q.relations.iter().copied()).collect();
        all.extend(self.figures().into_iter().map(|(i, _)| i));
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The figures the source gives, in dataset order, each with its
    /// relation (an index into `Dataset::relations`).
    fn figures(&self) -> Vec<(usize, &'a Figure)> {
        let data: &'a Dataset = self.data;
        let id = &self.src.id;
        (data.relations.iter().enumerate())
            .flat_map(|(i, r)| r.figures.iter().filter(|f| &f.source == id).map(move |f| (i, f)))
            .collect()
    }

    /// "6 quotes backing 4 relations", "1 quote and 3 figures backing 2 relations".
    fn counts(&self) -> String {
        let uses: usize =
            self.data.relations.iter().map(|r| r.evidence.iter().filter(|e| e.source == self.src.id).count()).sum();
        let figures = match self.figures().len() {
            0 => String::new(),
            n => format!(" and {}", count(n, "figure")),
        };
        format!("{}{figures} backing {}", count(uses, "quote"), count(self.relations().len(), "relation"))
    }

    /// "a-trade-b (Alphaland ↔ Betaland, Trade): trade turnover 43.8 USD bn · 2024 · per …".
    fn figure_text(&self, i: usize, f: &Figure) -> String {
        let r = self.relation(i);
        let mut parts = vec![crate::text::figure_value(f), f.period.clone()];
        parts.extend(f.reporter.as_ref().map(|r| format!("per {r}")));
        parts.extend(f.note.as_ref().map(|n| format!("note: {n}")));
        format!("{} ({}): {} {}", r.id, self.describe(r), f.measure, parts.join(" · "))
    }

    /// An actor's or a group's name, or the id when it names neither.
    fn name(&self, id: &'a str) -> &'a str {
        self.data
            .actors
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.as_str())
            .or_else(|| self.data.group(id).map(|g| g.name.as_str()))
            .unwrap_or(id)
    }

    /// Who says a quote, in the words of `text::attribution`.
    fn who(&self, q: &Quote) -> String {
        let publisher = &self.src.publisher;
        match q.speaker {
            Some(speaker) => format!("attributed to {speaker}, reported by {publisher}"),
            None => format!("{publisher}'s own reporting"),
        }
    }

    /// "Alphaland ↔ Betaland, Trade".
    fn describe(&self, r: &Relation) -> String {
        let kind = self.data.kinds.iter().find(|k| k.id == r.kind);
        let arrow = self.data.arrow_of(&r.kind);
        let label = kind.map_or(r.kind.as_str(), |k| k.label.as_str());
        format!("{} {arrow} {}, {label}", self.name(&r.from), self.name(&r.to))
    }

    /// The metadata as (label, value) pairs, values as written.
    fn metadata(&self) -> Vec<(&'static str, String)> {
        let given = |v: Option<&str>| v.map_or_else(|| "not given".to_string(), str::to_string);
        let file = match (self.text, &self.src.text_file) {
            (Some(t), _) => t.path.display().to_string(),
            (None, Some(f)) => f.clone(),
            (None, None) => "not given".to_string(),
        };
        vec![
            ("Publisher", self.src.publisher.clone()),
            ("Date", self.src.date.clone()),
            ("Type", given(self.src.r#type.as_deref())),
            ("Title", given(self.src.title.as_deref())),
            ("URL", given(self.src.url.as_deref())),
            ("Text file", file),
        ]
    }

    /// The marked stretches: overlapping spans merged.
    fn marked(&self) -> Vec<Marked> {
        let mut marked: Vec<Marked> = Vec::new();
        for span in &self.spans {
            let relations = span.evidence.iter().map(|&(i, _)| i);
            match marked.last_mut() {
                Some(m) if span.range.start < m.end => {
                    m.end = m.end.max(span.range.end);
                    m.relations.extend(relations);
                }
                _ => {
                    marked.push(Marked { start: span.range.start, end: span.range.end, relations: relations.collect() })
                }
            }
        }
        for m in &mut marked {
            m.relations.sort_unstable();
            m.relations.dedup();
        }
        marked
    }

    /// The text's paragraphs (separated by blank lines; each line, in a
    /// text without a blank line), each as its words in pieces.
    fn paragraphs(&self, text: &'a str, marked: &[Marked]) -> Vec<Vec<Word<'a>>> {
        // (position, close before open at the same place, event)
        let mut events: Vec<(usize, u8, Piece<'a>)> = Vec::with_capacity(marked.len() * 2);
        for (k, m) in marked.iter().enumerate() {
            events.push((m.start, 1, Piece::Open(k)));
            events.push((m.end, 0, Piece::Close(k)));
        }
        events.sort_by_key(|&(at, order, _)| (at, order));
        let mut next = 0;
        let mut inside: Option<usize> = None;
        let base = text.as_ptr() as usize;
        let mut paragraphs = Vec::new();
        for paragraph in split_paragraphs(text) {
            let mut words: Vec<Word> = Vec::new();
            for w in paragraph.split_whitespace() {
                let (start, end) = (w.as_ptr() as usize - base, w.as_ptr() as usize - base + w.len());
                // Marks before this word's start that fell in whitespace.
                let mut word: Word = Vec::new();
                let mut at = start;
                while next < events.len() && events[next].0 <= end {
                    let (p, _, event) = events[next];
                    let p = p.clamp(at, end);
                    if p > at {
                        word.push(piece(&text[at..p], inside));
                        at = p;
                    }
                    inside = match event {
                        Piece::Open(k) => Some(k),
                        _ => None,
                    };
                    word.push(event);
                    next += 1;
                }
                if end > at {
                    word.push(piece(&text[at..end], inside));
                }
                words.push(word);
            }
            if !words.is_empty() {
                paragraphs.push(words);
            }
        }
        paragraphs
    }

    fn text(&self, width: usize, paint: Paint) -> String {
        let mut out = String::new();
        let mut push = |line: String| {
            out.push_str(line.trim_end());
            out.push('\n');
        };
        push(paint.paint(&format!("Source {}: {}", one_line(&self.src.id), self.counts()), Theme::title));
        let label_width = "Text file".len() + 2;
        for (label, value) in self.metadata() {
            let label = format!("{label}:");
            let lines = wrap(&one_line(&value), width.saturating_sub(label_width).max(20));
            for (n, line) in lines.into_iter().enumerate() {
                let head = if n == 0 { format!("{label:<label_width$}") } else { " ".repeat(label_width) };
                push(format!("{}{line}", paint.paint(&head, Theme::dim)));
            }
        }
        push(String::new());
        let figures = self.figures();
        let figure_section = |push: &mut dyn FnMut(String)| {
            if figures.is_empty() {
                return;
            }
            push(String::new());
            push(paint.paint("Figures", Theme::title));
            for &(i, f) in &figures {
                for (k, l) in wrap(&one_line(&self.figure_text(i, f)), width.saturating_sub(2)).into_iter().enumerate()
                {
                    push(format!("{}{l}", if k == 0 { "- " } else { "  " }));
                }
            }
        };
        let Some(text) = self.text else {
            if self.quotes.is_empty() {
                push("Text not stored.".to_string());
                figure_section(&mut push);
                return out;
            }
            push("Text not stored: the source's quotes, in dataset order.".to_string());
            let number_width = self.quotes.len().to_string().len();
            let indent = " ".repeat(number_width + 2);
            let body = width.saturating_sub(indent.len());
            for (n, q) in self.quotes.iter().enumerate() {
                push(String::new());
                for (k, line) in wrap(&format!("“{}”", one_line(q.quote)), body).into_iter().enumerate() {
                    let head = if k == 0 { format!("{:>number_width$}  ", n + 1) } else { indent.clone() };
                    push(format!("{head}{}", paint.paint(&line, Theme::quote)));
                }
                for line in wrap(&one_line(&self.who(q)), body) {
                    push(format!("{indent}{}", paint.paint(&line, Theme::citation)));
                }
                for &i in &q.relations {
                    let r = self.relation(i);
                    for line in wrap(&one_line(&format!("backs {} ({})", r.id, self.describe(r))), body) {
                        push(format!("{indent}{line}"));
                    }
                }
            }
            figure_section(&mut push);
            return out;
        };
        let marked = self.marked();
        let colours: Vec<Style> = marked
            .iter()
            .map(|m| {
                let kind = self.data.kinds.iter().find(|k| k.id == self.relation(m.relations[0]).kind);
                let colour = kind.map(|k| k.color());
                // Underlined too, so a quoted passage shows without colour.
                let style = colour.map_or(Style::new(), |c| paint.theme.kind(c));
                style.add_modifier(Modifier::UNDERLINED)
            })
            .collect();
        let ids: Vec<String> = marked
            .iter()
            .map(|m| {
                let ids: Vec<&str> = m.relations.iter().map(|&i| self.relation(i).id.as_str()).collect();
                format!("[{}]", ids.join(", "))
            })
            .collect();
        for (n, paragraph) in self.paragraphs(&text.text, &marked).into_iter().enumerate() {
            if n > 0 {
                push(String::new());
            }
            // Each word as (printable text, style) pieces.
            let words: Vec<Vec<(String, Option<Style>)>> = paragraph
                .iter()
                .map(|word| {
                    word.iter()
                        .map(|p| match *p {
                            Piece::Plain(s) => (printable(s), None),
                            Piece::Quoted(s, k) => (printable(s), Some(colours[k])),
                            Piece::Open(_) => ("⟦".to_string(), Some(dim(paint))),
                            Piece::Close(k) => (format!("⟧{}", printable(&ids[k])), Some(dim(paint))),
                        })
                        .collect()
                })
                .collect();
            for line in wrap_pieces(&words, width) {
                push(
                    line.iter()
                        .map(|(s, style)| style.map_or_else(|| s.clone(), |st| paint.paint(s, |_: &Theme| st)))
                        .collect(),
                );
            }
        }
        figure_section(&mut push);
        let relations = self.relations();
        if !relations.is_empty() {
            push(String::new());
            push(paint.paint("Relations", Theme::title));
            for i in relations {
                let r = self.relation(i);
                let line = format!("{}: {}. Summary (ours): {}", r.id, self.describe(r), r.summary);
                for (k, l) in wrap(&one_line(&line), width.saturating_sub(2)).into_iter().enumerate() {
                    push(format!("{}{l}", if k == 0 { "- " } else { "  " }));
                }
            }
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!("## Source {}\n\n", md(&self.src.id));
        for (label, value) in self.metadata() {
            let value = match label {
                "URL" if osc::safe_url(&value) => format!("<{value}>"),
                _ => md(&value),
            };
            out.push_str(&format!("- {label}: {value}\n"));
        }
        out.push_str(&format!("\n{}.", self.counts()));
        let figures = self.figures();
        let figure_section = |out: &mut String| {
            if figures.is_empty() {
                return;
            }
            out.push_str("\n### Figures\n\n");
            for &(i, f) in &figures {
                out.push_str(&format!("- {}\n", md(&self.figure_text(i, f))));
            }
        };
        let Some(text) = self.text else {
            if self.quotes.is_empty() {
                out.push_str(" Text not stored.\n");
                figure_section(&mut out);
                return out;
            }
            out.push_str(" Text not stored: the source's quotes, in dataset order.\n");
            for q in &self.quotes {
                let who = md(&self.who(q));
                let backs: Vec<String> = q
                    .relations
                    .iter()
                    .map(|&i| format!("{} ({})", md(&self.relation(i).id), md(&self.describe(self.relation(i)))))
                    .collect();
                out.push_str(&format!("\n> {}\n>\n> — {who}; backs {}\n", md(q.quote), backs.join(", ")));
            }
            figure_section(&mut out);
            return out;
        };
        out.push_str(" Quoted passages are in bold, with the relations they back.\n");
        let marked = self.marked();
        let ids: Vec<String> = marked
            .iter()
            .map(|m| {
                let ids: Vec<String> = m.relations.iter().map(|&i| md(&self.relation(i).id)).collect();
                format!(" \\[{}\\]", ids.join(", "))
            })
            .collect();
        for paragraph in self.paragraphs(&text.text, &marked) {
            let mut line = String::new();
            let mut bold = false;
            for (n, word) in paragraph.iter().enumerate() {
                if n > 0 {
                    line.push(' ');
                }
                for p in word {
                    match *p {
                        Piece::Plain(s) => {
                            if bold {
                                line.push_str("**");
                                bold = false;
                            }
                            line.push_str(&md_piece(s, line.is_empty()));
                        }
                        Piece::Quoted(s, _) => {
                            if !bold {
                                line.push_str("**");
                                bold = true;
                            }
                            line.push_str(&md_piece(s, line.is_empty()));
                        }
                        Piece::Open(_) => {}
                        Piece::Close(k) => {
                            if bold {
                                line.push_str("**");
                                bold = false;
                            }
                            line.push_str(&ids[k]);
                        }
                    }
                }
            }
            if bold {
                line.push_str("**");
            }
            out.push('\n');
            out.push_str(&line);
            out.push('\n');
        }
        figure_section(&mut out);
        let relations = self.relations();
        if !relations.is_empty() {
            out.push_str("\n### Relations\n\n");
            for i in relations {
                let r = self.relation(i);
                out.push_str(&format!(
                    "- {}: {}. Summary (ours): {}\n",
                    md(&r.id),
                    md(&self.describe(r)),
                    md(&r.summary)
                ));
            }
        }
        out
    }

    fn json(&self) -> String {
        let text = self.text.map(|t| &*t.text);
        // Char offsets: one walk over the text for every span boundary.
        let mut bounds: Vec<usize> = self.spans.iter().flat_map(|s| [s.range.start, s.range.end]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut chars: HashMap<usize, usize> = HashMap::with_capacity(bounds.len());
        if let Some(text) = text {
            let (mut byte, mut n) = (0, 0);
            for b in bounds {
                n += text[byte..b].chars().count();
                byte = b;
                chars.insert(b, n);
            }
        }
        let ids = |relations: &mut dyn Iterator<Item = usize>| {
            let mut all: Vec<usize> = relations.collect();
            all.sort_unstable();
            all.dedup();
            all.into_iter().map(|i| self.relation(i).id.as_str()).collect::<Vec<&str>>()
        };
        let spans: Vec<SpanJson> = self
            .spans
            .iter()
            .map(|s| SpanJson {
                start: s.range.start,
                end: s.range.end,
                char_start: chars[&s.range.start],
                char_end: chars[&s.range.end],
                relations: ids(&mut s.evidence.iter().map(|&(i, _)| i)),
            })
            .collect();
        let span_of = |q: &Quote| {
            self.spans.iter().position(|s| {
                s.evidence.iter().any(|&(i, j)| {
                    let e = &self.relation(i).evidence[j];
                    q.relations.contains(&i) && e.quote == q.quote
                })
            })
        };
        let quotes: Vec<QuoteJson> = self
            .quotes
            .iter()
            .map(|q| QuoteJson {
                quote: q.quote,
                speaker: q.speaker,
                relations: ids(&mut q.relations.iter().copied()),
                span: if text.is_some() { span_of(q) } else { None },
            })
            .collect();
        let relations: Vec<RelationJson> = self
            .relations()
            .into_iter()
            .map(|i| {
                let r = self.relation(i);
                RelationJson { id: &r.id, kind: &r.kind, from: &r.from, to: &r.to, summary: &r.summary }
            })
            .collect();
        let out = SourceJson {
            version: JSON_VERSION,
            source: self.src,
            text_path: self.text.map(|t| t.path.display().to_string()),
            text_sha256: text.map(|t| sha256_hex(t.as_bytes())),
            text,
            spans,
            quotes,
            figures: self
                .figures()
                .into_iter()
                .map(|(i, figure)| FigureJson { relation: &self.relation(i).id, figure })
                .collect(),
            relations,
        };
        crate::data::write::to_pretty(&out)
    }
}

/// `show --source --format json`; the README documents every field.
#[derive(Serialize)]
struct SourceJson<'a> {
    version: u32,
    /// The source record, as in the dataset.
    source: &'a Source,
    /// The file the text was read from (`text_file` resolved), or null.
    text_path: Option<String>,
    /// The SHA-256 of the text, or null.
    text_sha256: Option<String>,
    /// The text exactly as the file holds it, or null when not stored.
    text: Option<&'a str>,
    spans: Vec<SpanJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    /// Every figure the source gives, each with its relation's id.
    figures: Vec<FigureJson<'a>>,
    relations: Vec<RelationJson<'a>>,
}

#[derive(Serialize)]
struct FigureJson<'a> {
    relation: &'a str,
    /// The figure's fields, as in the dataset.
    #[serde(flatten)]
    figure: &'a Figure,
}

#[derive(Serialize)]
struct SpanJson<'a> {
    /// Byte offsets into `text`, end exclusive.
    start: usize,
    end: usize,
    /// The same in characters (Unicode scalar values).
    char_start: usize,
    char_end: usize,
    relations: Vec<&'a str>,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    quote: &'a str,
    speaker: Option<&'a str>,
    relations: Vec<&'a str>,
    /// Its index in `spans`, or null (no text, or not in it).
    span: Option<usize>,
}

#[derive(Serialize)]
struct RelationJson<'a> {
    id: &'a str,
    kind: &'a str,
    from: &'a str,
    to: &'a str,
    summary: &'a str,
}

fn piece(s: &str, inside: Option<usize>) -> Piece<'_> {
    match inside {
        Some(k) => Piece::Quoted(s, k),
        None => Piece::Plain(s),
    }
}

fn dim(paint: Paint) -> Style {
    paint.theme.dim()
}

/// The paragraphs of a text: separated by blank lines, or, in a text
/// without any, each line one.
fn split_paragraphs(text: &str) -> Vec<&str> {
    let blank = |l: &str| l.trim().is_empty();
    if !text.lines().any(blank) {
        return text.lines().collect();
    }
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let base = text.as_ptr() as usize;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let at = line.as_ptr() as usize - base;
        if blank(line) {
            if let Some(s) = start.take() {
                paragraphs.push(&text[s..end]);
            }
        } else {
            start.get_or_insert(at);
            end = at + line.len();
        }
    }
    if let Some(s) = start {
        paragraphs.push(&text[s..end]);
    }
    paragraphs
}

/// Markdown escapes for a piece of a paragraph (spaces kept); `first`:
/// the paragraph's start, where `-`, `+`, `=` or `1.` would start a list.
fn md_piece(s: &str, first: bool) -> String {
    let mut out = md(s);
    // `md` trims: a piece is one word or part of one, so nothing to trim.
    if !first && out.starts_with('\\') && matches!(s.chars().next(), Some('-' | '+' | '=')) {
        out.remove(0);
    }
    if first {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Greedy wrap of words made of styled pieces, by display width; a word
/// longer than a line is split.
fn wrap_pieces(words: &[Vec<(String, Option<Style>)>], width: usize) -> Vec<Vec<(String, Option<Style>)>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<(String, Option<Style>)>> = Vec::new();
    let mut line: Vec<(String, Option<Style>)> = Vec::new();
    let mut used = 0;
    for word in words {
        let w: usize = word.iter().map(|(s, _)| s.width()).sum();
        let sep = usize::from(used > 0);
        if used + sep + w <= width {
            if sep == 1 {
                line.push((" ".to_string(), None));
            }
            line.extend(word.iter().cloned());
            used += sep + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for (s, style) in word {
            for c in s.chars() {
                let cw = c.to_string().width();
                if used + cw > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                match line.last_mut() {
                    Some((last, st)) if st == style => last.push(c),
                    _ => line.push((c.to_string(), *style)),
                }
                used += cw;
            }
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

    fn fixture() -> (Dataset, Texts) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/texts");
        let json = std::fs::read_to_string(dir.join("valid.json")).unwrap();
        let loaded = Dataset::load_with_texts(&json, Some(&dir)).unwrap();
        (loaded.dataset, loaded.texts)
    }

    /// The text without its SGR sequences, and whether any underlines.
    fn strip(s: &str) -> (String, bool) {
        let (mut text, mut underline, mut rest) = (String::new(), false, s);
        while let Some(at) = rest.find("\u{1b}[") {
            text.push_str(&rest[..at]);
            let end = rest[at..].find('m').unwrap() + at;
            underline |= rest[at + 2..end].split(';').any(|p| p == "4");
            rest = &rest[end + 1..];
        }
        text.push_str(rest);
        (text, underline)
    }

    #[test]
    fn quoted_passages_are_underlined_on_a_terminal_even_without_colour() {
        let (data, texts) = fixture();
        let plain = render_source(&data, &texts, 0, Format::Text, 80, Paint::PLAIN);
        assert!(!plain.contains('\u{1b}'));
        for no_color in [false, true] {
            let styled = render_source(&data, &texts, 0, Format::Text, 80, Paint::new(true, no_color));
            let (text, underline) = strip(&styled);
            assert!(underline, "NO_COLOR {no_color}: quoted passages are underlined");
            assert_eq!(text, plain, "the same words, only styled");
        }
    }

    #[test]
    fn paragraphs_are_split_at_blank_lines_or_else_at_each_line() {
        assert_eq!(split_paragraphs("a\nb\n\n \nc\n"), ["a\nb\n", "c\n"]);
        assert_eq!(split_paragraphs("a\nb\nc"), ["a", "b", "c"]);
        assert_eq!(split_paragraphs(""), Vec::<&str>::new());
    }

    #[test]
    fn overlapping_quotes_are_marked_as_one_passage_with_both_relations() {
        let (mut data, texts) = fixture();
        // A second quote inside the first one's sentence, for another relation.
        data.relations[3].evidence[0].quote = "ship grain to Betaland".into();
        let out = render_source(&data, &texts, 0, Format::Text, 200, Paint::PLAIN);
        assert!(
            out.contains("⟦Alphaland will ship grain to Betaland from next spring⟧[a-trade-b, c-trade-a]."),
            "{out}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render_source(&data, &texts, 0, Format::Json, 80, Paint::PLAIN)).unwrap();
        assert_eq!(json["spans"].as_array().unwrap().len(), 5, "the JSON keeps both spans");
        let md = render_source(&data, &texts, 0, Format::Markdown, 80, Paint::PLAIN);
        assert!(
            md.contains("**Alphaland will ship grain to Betaland from next spring** \\[a-trade-b, c-trade-a\\]."),
            "{md}"
        );
    }
}
