//! The evidence of a relation and the help overlay, laid out for a width:
//! the lines the panes and popups draw.

use std::ops::Range;

use petgraph::graph::NodeIndex;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::data::{Figure, Relation, printable};
use crate::graph::Link;
use crate::keys::BINDINGS;
use crate::text::{cite_parts, count, figure_value, figures_by_measure, stated, wrap};

/// The sources pane for the selected relation: its lines, where each quote
/// is (to scroll to the selected one) and where the links are.
pub fn source_layout(app: &App, width: u16) -> EvidenceLayout {
    let width = usize::from(width);
    let theme = &app.theme;
    let (Some(actor), Some(link)) = (app.selected_actor(), app.selected_link()) else {
        let msg = if app.graph.data.relations.is_empty() {
            "This dataset has no relations yet. To capture one from an article: F4 (the Sources view), a to add \
             the source with its text, then Tab to the text, S on a sentence and c (a picker with no match adds \
             the actor)."
        } else if app.selected_actor().is_none() {
            "This dataset has no actors."
        } else {
            "No relation under the current filters. Press 0 to show all kinds, d to change direction."
        };
        let lines = wrap(msg, width).into_iter().map(|l| Line::styled(l, theme.dim())).collect();
        return EvidenceLayout { lines, quotes: Vec::new(), links: Vec::new() };
    };
    // The quote `y` copies is always marked.
    let mut layout = relation_lines(app, actor, link, width, Some(app.list.quote));
    // Then everything dated between the two, oldest first.
    layout.lines.extend(timeline_lines(app, &app.pair_links_shared(actor, link.counterpart), width));
    layout
}

/// Every relation between two actors under the current filters, seen from
/// `row`, each with its evidence: what a matrix cell stands for.
/// The `selected` quote (counted across all of them) is marked.
pub fn pair_lines(app: &App, row: NodeIndex, col: NodeIndex, width: u16, selected: usize) -> EvidenceLayout {
    let width = usize::from(width);
    let links = app.pair_links_shared(row, col);
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
    let timeline = timeline_lines(app, &links, width);
    for (i, &link) in links.iter().enumerate() {
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
    lines.extend(timeline);
    EvidenceLayout { lines, quotes, links: urls }
}

/// A pair's quotes and figures by date, oldest first: a quote at the date
/// its claim refers to (`as_of`) or else its source's date, a figure at the
/// start of its period. Only when there are two dates or more to order.
fn timeline_lines(app: &App, links: &[Link], width: usize) -> Vec<Line<'static>> {
    use crate::data::date::PartialDate;
    let data = &app.graph.data;
    let until = app.until_year();
    let mut relations: Vec<usize> = links.iter().map(|l| app.graph.edge(l.edge).relation).collect();
    relations.dedup();
    let mut entries: Vec<((u16, u8, u8), String, String)> = Vec::new();
    for &r in &relations {
        let relation = &data.relations[r];
        for f in relation.figures.iter().filter(|f| until.is_none_or(|y| !f.starts_after(y))) {
            let Some(start) = f.period().and_then(|p| p.start()) else { continue };
            let who = f.reporter.as_ref().map_or(String::new(), |r| format!(" per {r}"));
            entries.push((start.first_day(), f.period.clone(), format!("{} {}{who}", f.measure, figure_value(f))));
        }
        for ev in &relation.evidence {
            let source = data.sources.iter().find(|s| s.id == ev.source);
            let date = ev.as_of.as_deref().or(source.map(|s| s.date.as_str()));
            let Some(date) = date.and_then(|d| d.parse::<PartialDate>().ok()) else { continue };
            let publisher = source.map_or(ev.source.as_str(), |s| s.publisher.as_str());
            let words: String = ev.quote.chars().take(48).collect();
            let more = if ev.quote.chars().count() > 48 { "…" } else { "" };
            entries.push((date.first_day(), date.to_string(), format!("{publisher}: “{words}{more}”")));
        }
    }
    let mut dates: Vec<(u16, u8, u8)> = entries.iter().map(|e| e.0).collect();
    dates.sort_unstable();
    dates.dedup();
    if dates.len() < 2 {
        return Vec::new();
    }
    entries.sort_by_key(|e| e.0);
    let theme = &app.theme;
    let mut lines = vec![Line::styled("─".repeat(width), theme.dim()), Line::styled("Timeline", theme.title())];
    let label_w = entries.iter().map(|e| e.1.width()).max().unwrap_or(4);
    for (_, when, what) in entries {
        let parts = wrap(&what, width.saturating_sub(label_w + 2).max(10));
        for (i, part) in parts.into_iter().enumerate() {
            let label = if i == 0 { when.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(printable(&format!("{label:<label_w$}  ")), theme.dim()),
                Span::styled(part, theme.quote()),
            ]));
        }
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
            None => Span::styled(" · country-specific", theme.dim()),
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
        None if relation.evidence.is_empty() => {
            ("Country-specific: the figures are for these two.".to_string(), theme.dim())
        }
        None => ("Country-specific claim: about these two, not a region as a whole.".to_string(), theme.dim()),
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
    let offset = lines.len();
    let (figures, urls) = figure_lines(app, relation, width);
    links.extend(urls.into_iter().map(|(line, url)| (line + offset, url)));
    lines.extend(figures);
    lines.push(Line::raw(""));
    lines.extend(wrap(&scope.0, width).into_iter().map(|l| Line::styled(l, scope.1)));
    lines.extend(
        wrap(&format!("Summary (ours): {}", relation.summary), width).into_iter().map(|l| Line::styled(l, theme.dim())),
    );
    EvidenceLayout { lines, quotes, links }
}

/// A relation's figures, below its quotes, grouped by measure: each with
/// its value and unit as stated ("≈" when the source says about or over),
/// period, whose statistics and who published it, oldest first. Figures for
/// the same measure and period that differ are marked "sources disagree":
/// all are kept, never averaged. A measure with several whole years draws a
/// small bar chart by year. Under a time filter, figures that begin after
/// its last year are left out, and a line says how many.
fn figure_lines(app: &App, relation: &Relation, width: usize) -> (Vec<Line<'static>>, Vec<(usize, String)>) {
    let theme = &app.theme;
    let data = &app.graph.data;
    let until = app.until_year();
    let (mut lines, mut urls) = (Vec::new(), Vec::new());
    let shown: Vec<&Figure> = relation.figures.iter().filter(|f| until.is_none_or(|y| !f.starts_after(y))).collect();
    let later = relation.figures.len() - shown.len();
    for group in figures_by_measure(shown) {
        let measure = group.measure;
        lines.push(Line::raw(""));
        lines.push(Line::styled(printable(&format!("Figures · {measure}")), theme.title()));
        // Oldest first; a period that does not parse last (validation says why).
        let oldest_first =
            |f: &&Figure| f.period().map_or((1, (0, 0, 0)), |p| (0, p.start().map_or((0, 0, 0), |d| d.first_day())));
        let mut figures = group.figures.clone();
        figures.sort_by_key(oldest_first);
        let mut disputed_periods = group.disputed.clone();
        disputed_periods.sort_by_key(|p| figures.iter().position(|f| f.period == *p));
        for f in &figures {
            let disputed = group.disputes(f);
            let source = data.sources.iter().find(|s| s.id == f.source);
            let mut parts = vec![figure_value(f), f.period.clone()];
            parts.extend(f.reporter.as_ref().map(|r| format!("per {r}")));
            parts.extend(source.map(|s| format!("{} {}", s.publisher, s.date)));
            // What the number covers, when the dataset says (transfers by bank only...).
            parts.extend(f.note.as_ref().filter(|n| !n.trim().is_empty()).map(|n| format!("note: {n}")));
            let style = if disputed { theme.warning() } else { theme.quote() };
            let text = parts.join(" · ");
            lines.extend(
                wrap(&text, width.saturating_sub(2)).into_iter().map(|l| Line::styled(format!("  {l}"), style)),
            );
            // Every number one step from its page.
            if let Some(url) = source.and_then(|s| s.url.as_deref()) {
                urls.push((lines.len(), url.to_string()));
                lines.push(Line::styled(format!("  {URL_MARK}{url}"), theme.link()));
            }
        }
        if !disputed_periods.is_empty() {
            let note =
                format!("sources disagree for {}: each figure is kept, with whose it is", disputed_periods.join(", "));
            lines.extend(
                wrap(&note, width.saturating_sub(2))
                    .into_iter()
                    .map(|l| Line::styled(format!("  {l}"), theme.warning())),
            );
        }
        lines.extend(bar_chart(app, &figures, width));
    }
    if later > 0 {
        let year = until.unwrap_or_default();
        let note =
            format!("{} after {year} not shown (time filter; t changes it)", crate::text::count(later, "figure"));
        lines.push(Line::raw(""));
        lines.extend(wrap(&note, width).into_iter().map(|l| Line::styled(l, theme.dim())));
    }
    (lines, urls)
}

/// One measure's whole-year figures as bars, a line per year, figures of
/// the same year side by side (reporters that disagree). Drawn only when
/// there are two years or more, in one unit: bars of different units, or
/// of part years, would compare what cannot be compared.
fn bar_chart(app: &App, figures: &[&Figure], width: usize) -> Vec<Line<'static>> {
    let mut yearly: Vec<(u16, &Figure)> = figures.iter().filter_map(|f| Some((f.whole_year()?, *f))).collect();
    // Within a year, always the same reporter on the left.
    yearly.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.reporter.cmp(&b.1.reporter)));
    let mut years: Vec<u16> = yearly.iter().map(|&(y, _)| y).collect();
    years.dedup();
    let one_unit = yearly.windows(2).all(|w| w[0].1.unit == w[1].1.unit);
    let max = yearly.iter().map(|(_, f)| f.value).fold(0.0_f64, f64::max);
    if years.len() < 2 || !one_unit || max.is_nan() || max <= 0.0 || yearly.iter().any(|(_, f)| f.value < 0.0) {
        return Vec::new();
    }
    let per_year = years.iter().map(|y| yearly.iter().filter(|(x, _)| x == y).count()).max().unwrap_or(1);
    // Where a year has several bars, each says whose it is: a letter, named below.
    let mut reporters: Vec<Option<&str>> = Vec::new();
    if per_year > 1 {
        for (_, f) in &yearly {
            if !reporters.contains(&f.reporter.as_deref()) {
                reporters.push(f.reporter.as_deref());
            }
        }
    }
    let letter = |f: &Figure| {
        reporters.iter().position(|r| *r == f.reporter.as_deref()).map(|i| char::from(b'A' + (i % 26) as u8))
    };
    let label = |f: &Figure| match letter(f) {
        Some(l) => format!("{} {l}", stated(f)),
        None => stated(f),
    };
    let label_w = yearly.iter().map(|(_, f)| label(f).width()).max().unwrap_or(1);
    // "  2024 " then, per figure, a bar and its value.
    let room = width.saturating_sub(7) / per_year;
    let bar_w = room.saturating_sub(label_w + 2).min(24);
    if bar_w < 4 {
        return Vec::new();
    }
    let unit = &yearly[0].1.unit;
    let mut lines = vec![Line::styled(printable(&format!("  by year, {unit}:")), app.theme.dim())];
    for year in years {
        let mut spans = vec![Span::styled(format!("  {year} "), app.theme.dim())];
        for (_, f) in yearly.iter().filter(|(y, _)| *y == year) {
            let bar = bar(f.value / max, bar_w);
            spans.push(Span::styled(format!("{bar:<bar_w$}"), app.theme.title()));
            spans.push(Span::raw(format!(" {:<label_w$} ", label(f))));
        }
        lines.push(Line::from(spans));
    }
    if !reporters.is_empty() {
        let named: Vec<String> = reporters
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!("{} per {}", char::from(b'A' + (i % 26) as u8), r.unwrap_or("a source that does not say whose"))
            })
            .collect();
        let text = named.join(" · ");
        lines.extend(
            wrap(&text, width.saturating_sub(2)).into_iter().map(|l| Line::styled(format!("  {l}"), app.theme.dim())),
        );
    }
    lines
}

/// A bar of `share` (0..=1) of `width` cells, in eighths of a cell; never
/// empty for a value above zero.
pub fn bar(share: f64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = ((share.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize).max(usize::from(share > 0.0));
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
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
    let quotes = app.quote_count();
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
        "→ outgoing (supplier, investor, origin), ← incoming, ↔ undirected. N❝: quotes behind a relation; N#: its figures, when figures alone back it.".to_string(),
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
