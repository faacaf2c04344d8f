//! The evidence of a relation and the help overlay, laid out for a width:
//! the lines the panes and popups draw.

use std::ops::Range;

use petgraph::graph::NodeIndex;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::data::printable;
use crate::graph::Link;
use crate::keys::BINDINGS;
use crate::text::{cite_parts, count, wrap};

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
    relation_lines(app, actor, link, width, Some(app.list.quote))
}

/// Every relation between two actors under the current filters, seen from
/// `row`, each with its evidence: what a matrix cell stands for.
/// The `selected` quote (counted across all of them) is marked.
pub fn pair_lines(app: &App, row: NodeIndex, col: NodeIndex, width: u16, selected: usize) -> EvidenceLayout {
    let width = usize::from(width);
    let links = app.pair_links(row, col);
    if links.is_empty() {
        let msg = format!(
            "The sources say nothing about {} and {} under the current filters.",
            app.graph.actor(row).name,
            app.graph.actor(col).name
        );
        let lines = wrap(&msg, width).into_iter().map(|l| Line::styled(l, app.theme.dim())).collect();
        return EvidenceLayout { lines, quotes: Vec::new(), links: Vec::new() };
    }
    let (mut lines, mut quotes, mut urls) = (Vec::new(), Vec::new(), Vec::new());
    for (i, link) in links.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::styled("─".repeat(width), app.theme.dim()));
        }
        let first = quotes.len();
        let here = selected.checked_sub(first);
        let layout = relation_lines(app, row, link, width, here);
        let offset = lines.len();
        quotes.extend(layout.quotes.into_iter().map(|r| r.start + offset..r.end + offset));
        urls.extend(layout.links.into_iter().map(|(line, url)| (line + offset, url)));
        lines.extend(layout.lines);
    }
    EvidenceLayout { lines, quotes, links: urls }
}

/// The evidence of a relation, laid out for a width.
pub struct EvidenceLayout {
    pub lines: Vec<Line<'static>>,
    /// The lines each quote takes, from its citation to its last line.
    pub quotes: Vec<Range<usize>>,
    /// Lines that hold a source's url (shown as a hyperlink when safe).
    pub links: Vec<(usize, String)>,
}

/// One relation as seen from `actor`: who, what kind and whether the claim
/// is regional on one line, then every quote with who says so and the
/// source's url, then the scope in full and our summary. The quotes come
/// first so that the first one shows even in the smallest pane. The
/// `selected` quote is marked.
fn relation_lines(app: &App, actor: NodeIndex, link: Link, width: usize, selected: Option<usize>) -> EvidenceLayout {
    let theme = &app.theme;
    let graph = &app.graph;
    let relation = graph.relation(link.edge);
    let kind_ix = graph.edge(link.edge).kind;
    let kind = &graph.data.kinds[kind_ix];
    let me = &graph.actor(actor).name;
    let other = &graph.actor(link.counterpart).name;

    let regional = graph.regional_group(link.edge);
    let mut lines = vec![Line::from(vec![
        Span::styled(printable(&format!("{me} {} {other}", link.arrow.symbol())), theme.title()),
        Span::raw("  "),
        Span::styled(printable(&format!("{} {}", app.kind_letters[kind_ix], kind.label)), theme.kind(kind.color())),
        match regional {
            Some(group) => Span::styled(printable(&format!(" · regional claim ({})", group.name)), theme.regional()),
            None => Span::styled(" · names both", theme.dim()),
        },
    ])];
    let scope = match regional {
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

    let total = relation.evidence.len();
    let mut quotes = Vec::with_capacity(total);
    let mut links = Vec::new();
    for (i, ev) in relation.evidence.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
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
    lines.extend(figure_lines(app, relation, width));
    lines.push(Line::raw(""));
    lines.extend(wrap(&scope.0, width).into_iter().map(|l| Line::styled(l, scope.1)));
    lines.extend(
        wrap(&format!("Summary (ours): {}", relation.summary), width).into_iter().map(|l| Line::styled(l, theme.dim())),
    );
    EvidenceLayout { lines, quotes, links }
}

/// A relation's figures, below its quotes, grouped by measure: each with
/// its value and unit as stated ("≈" when the source says about or over),
/// period, whose statistics and who published it. Figures for the same
/// measure and period that differ are marked "sources disagree": both are
/// kept, never averaged.
fn figure_lines(app: &App, relation: &crate::data::Relation, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let data = &app.graph.data;
    let mut lines = Vec::new();
    let mut measures: Vec<&str> = Vec::new();
    for f in &relation.figures {
        if !measures.contains(&f.measure.as_str()) {
            measures.push(&f.measure);
        }
    }
    for measure in measures {
        lines.push(Line::raw(""));
        lines.push(Line::styled(printable(&format!("Figures · {measure}")), theme.title()));
        let figures: Vec<&crate::data::Figure> = relation.figures.iter().filter(|f| f.measure == measure).collect();
        let mut any_disputed = false;
        for f in &figures {
            let disputed = figures.iter().any(|o| o.period == f.period && (o.value != f.value || o.unit != f.unit));
            let source = data.sources.iter().find(|s| s.id == f.source);
            let mut parts =
                vec![format!("{}{} {}", if f.approx { "≈" } else { "" }, f.value, f.unit), f.period.clone()];
            parts.extend(f.reporter.as_ref().map(|r| format!("per {r}")));
            parts.extend(source.map(|s| format!("{} {}", s.publisher, s.date)));
            let text = format!("  {}", parts.join(" · "));
            let style = if disputed { theme.warning() } else { theme.quote() };
            lines.extend(wrap(&text, width).into_iter().map(|l| Line::styled(l, style)));
            any_disputed |= disputed;
        }
        if any_disputed {
            lines.push(Line::styled("  sources disagree: each figure is kept, with whose it is", theme.warning()));
        }
    }
    lines
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
        "Actors: claims · ties under the filters. A claim is one relation the sources make; a claim about a group makes a tie with each member.".to_string(),
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
