//! Text the panes show, built without a terminal: the evidence of a relation
//! wrapped to a width, and the one-letter names of kinds.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use petgraph::graph::NodeIndex;

use std::ops::Range;

use crate::app::App;
use crate::data::{Dataset, Evidence, Kind, printable};
use crate::graph::Link;
use crate::keys::BINDINGS;

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
fn cite_parts<'a>(data: &'a Dataset, ev: &'a Evidence) -> (String, Option<&'a str>) {
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

/// What `y` copies: the selected quote with its citation, ready to paste.
pub fn quote_with_citation(app: &App) -> Option<String> {
    let link = app.selected_link()?;
    let ev = app.graph.relation(link.edge).evidence.get(app.quote)?;
    Some(format!("“{}” — {}", ev.quote, cite(&app.graph.data, ev)))
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

/// The sources pane for the selected relation: its lines, where each quote
/// is (to scroll to the selected one) and where the links are.
pub fn source_layout(app: &App, width: u16) -> EvidenceLayout {
    let width = usize::from(width);
    let theme = &app.theme;
    let (Some(actor), Some(link)) = (app.selected_actor(), app.selected_link()) else {
        let msg = if app.selected_actor().is_none() {
            "This dataset has no actors."
        } else {
            "No relation under the current filters. Press 0 to show all kinds, d to change direction."
        };
        let lines = wrap(msg, width).into_iter().map(|l| Line::styled(l, theme.dim())).collect();
        return EvidenceLayout { lines, quotes: Vec::new(), links: Vec::new() };
    };
    // The quote `y` copies is always marked.
    relation_lines(app, actor, link, width, Some(app.quote))
}

/// Every relation between two actors under the current filters, seen from
/// `row`, each with its evidence: what a matrix cell stands for.
pub fn pair_lines(app: &App, row: NodeIndex, col: NodeIndex, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let links: Vec<Link> =
        app.graph.links(row, &app.kinds, app.direction).into_iter().filter(|l| l.counterpart == col).collect();
    if links.is_empty() {
        let msg = format!(
            "The sources say nothing about {} and {} under the current filters.",
            app.graph.actor(row).name,
            app.graph.actor(col).name
        );
        return wrap(&msg, width).into_iter().map(|l| Line::styled(l, app.theme.dim())).collect();
    }
    let mut lines = Vec::new();
    for (i, link) in links.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::styled("─".repeat(width), app.theme.dim()));
        }
        lines.extend(relation_lines(app, row, link, width, None).lines);
    }
    lines
}

/// The evidence of a relation, laid out for a width.
pub struct EvidenceLayout {
    pub lines: Vec<Line<'static>>,
    /// The lines each quote takes, from its citation to its last line.
    pub quotes: Vec<Range<usize>>,
    /// Lines that hold a source's url (shown as a hyperlink when safe).
    pub links: Vec<(usize, String)>,
}

/// One relation as seen from `actor`: who, what kind, its scope, our
/// summary, then every quote with who says so and the source's url. The
/// `selected` quote is marked.
fn relation_lines(app: &App, actor: NodeIndex, link: Link, width: usize, selected: Option<usize>) -> EvidenceLayout {
    let theme = &app.theme;
    let graph = &app.graph;
    let relation = graph.relation(link.edge);
    let kind_ix = graph.edge(link.edge).kind;
    let kind = &graph.data.kinds[kind_ix];
    let me = &graph.actor(actor).name;
    let other = &graph.actor(link.counterpart).name;

    let mut lines = vec![Line::from(vec![
        Span::styled(printable(&format!("{me} {} {other}", link.arrow.symbol())), theme.title()),
        Span::raw("  "),
        Span::styled(printable(&format!("{} {}", app.kind_letters[kind_ix], kind.label)), theme.kind(kind.color())),
    ])];
    let scope = match graph.regional_group(link.edge) {
        Some(group) => {
            let member = [actor, link.counterpart]
                .into_iter()
                .map(|n| graph.actor(n))
                .find(|a| group.members.contains(&a.id))
                .map_or(other, |a| &a.name);
            let text = format!(
                "Regional claim: the source speaks of {} as a whole (group {}), not of {member} in particular.",
                group.name, group.id
            );
            (text, theme.regional())
        }
        None => ("Country-specific claim: the source names both sides.".to_string(), theme.dim()),
    };
    lines.extend(wrap(&scope.0, width).into_iter().map(|l| Line::styled(l, scope.1)));
    lines.extend(
        wrap(&format!("Summary (ours): {}", relation.summary), width).into_iter().map(|l| Line::styled(l, theme.dim())),
    );

    let total = relation.evidence.len();
    let mut quotes = Vec::with_capacity(total);
    let mut links = Vec::new();
    for (i, ev) in relation.evidence.iter().enumerate() {
        lines.push(Line::raw(""));
        let start = lines.len();
        // Who says so first, then their exact words, then where to read more.
        let (cite, url) = cite_parts(&graph.data, ev);
        let is_selected = selected == Some(i);
        let marker = if is_selected { "▶ " } else { "" };
        let cite = format!("{marker}[{}/{total}] {cite}", i + 1);
        let style = if is_selected { theme.selected() } else { theme.citation() };
        lines.extend(wrap(&cite, width).into_iter().map(|l| Line::styled(l, style)));
        let quoted = format!("“{}”", ev.quote);
        lines.extend(
            wrap(&quoted, width.saturating_sub(2)).into_iter().map(|l| Line::styled(format!("  {l}"), theme.quote())),
        );
        if let Some(url) = url {
            links.push((lines.len(), url.to_string()));
            lines.push(Line::styled(format!("  {URL_MARK}{url}"), theme.link()));
        }
        quotes.push(start..lines.len());
    }
    EvidenceLayout { lines, quotes, links }
}

/// What starts a url's line in the evidence pane; the url follows it.
pub const URL_MARK: &str = "↗ ";

/// The help overlay's area within `area` and its lines, wrapped to fit:
/// every row of the key table, then what the symbols mean.
pub fn help(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let theme = &app.theme;
    let keys_width = BINDINGS.iter().map(|b| b.keys.width()).max().unwrap_or(0);
    // Numbers only for the kinds a digit key reaches.
    let kinds: Vec<String> = (app.graph.data.kinds.iter().enumerate())
        .map(|(i, k)| match i {
            0..9 => format!("{} {} {}", i + 1, app.kind_letters[i], k.label),
            _ => format!("{} {}", app.kind_letters[i], k.label),
        })
        .collect();
    let data = &app.graph.data;
    let quotes: usize = data.relations.iter().map(|r| r.evidence.len()).sum();
    let notes = [
        format!(
            "Dataset: {} ({}, {}, {}, {})",
            data.title,
            count(data.actors.len(), "actor"),
            count(data.relations.len(), "relation"),
            count(quotes, "quote"),
            count(data.sources.len(), "source")
        ),
        format!("Kinds: {}", kinds.join(", ")),
        "→ outgoing (supplier, investor, origin), ← incoming, ↔ undirected. N❝: quotes behind a relation.".to_string(),
        "Actor counts are edges under the filters: a claim about a group counts once per member.".to_string(),
        "regional: the source speaks of a group as a whole, not of that country in particular.".to_string(),
    ];
    let natural = BINDINGS
        .iter()
        .map(|b| keys_width + 2 + b.description.width())
        .chain(notes.iter().map(|n| n.width()))
        .max()
        .unwrap_or(0);
    let width = (natural + 2).min(usize::from(area.width)) as u16;
    let inner = usize::from(width.saturating_sub(2));
    let desc_width = inner.saturating_sub(keys_width + 2).max(1);
    let mut lines = Vec::new();
    for b in BINDINGS {
        for (i, part) in wrap(b.description, desc_width).into_iter().enumerate() {
            let keys = if i == 0 { b.keys } else { "" };
            lines.push(Line::from(vec![Span::styled(format!("{keys:<keys_width$}  "), theme.key()), Span::raw(part)]));
        }
    }
    lines.push(Line::raw(""));
    for note in &notes {
        lines.extend(wrap(note, inner).into_iter().map(|l| Line::styled(l, theme.dim())));
    }
    let height = (lines.len() + 2).min(usize::from(area.height)) as u16;
    (area.centered(Constraint::Length(width), Constraint::Length(height)), lines)
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
