//! `show`: one actor's relations with their full quotes, speakers and
//! sources: text for people, Markdown to paste into a report, JSON for
//! scripts. Pure: returns the output; the caller writes it.
//!
//! A relation on a group reaches several actors through one claim; it is
//! reported once, as a claim about the group, never as one fact per member.
//!
//! `show --source` (a source's text with its quotes marked) is in `source`.

mod source;

pub use source::render_source;

use clap::ValueEnum;
use petgraph::graph::{EdgeIndex, NodeIndex};
use ratatui::backend::IntoCrossterm;
use ratatui::style::Style;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::data::{Actor, Evidence, Figure, Group, Relation, Source, one_line};
use crate::export::{Filter, JSON_VERSION};
use crate::graph::{Arrow, Direction, InfluenceGraph, KindFilter};
use crate::osc;
use crate::text::{figure_line, figures_by_measure, wrap};
use crate::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// How text output is styled: not at all for a pipe or a file; on a
/// terminal with the browser's theme (so NO_COLOR keeps bold and italic but
/// drops colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    styled: bool,
    theme: Theme,
}

impl Paint {
    /// No escape sequences at all.
    pub const PLAIN: Paint = Paint { styled: false, theme: Theme::new(false) };

    pub fn new(terminal: bool, no_color: bool) -> Paint {
        Paint { styled: terminal, theme: Theme::new(!no_color) }
    }

    fn paint(&self, text: &str, style: impl Fn(&Theme) -> Style) -> String {
        if !self.styled || text.is_empty() {
            return text.to_string();
        }
        let style: ratatui::crossterm::style::ContentStyle = style(&self.theme).into_crossterm();
        style.apply(text).to_string()
    }
}

/// The links an actor has through one relation, from one side of it.
struct Entry<'a> {
    relation: &'a Relation,
    kind: usize,
    arrow: Arrow,
    /// Whether the actor is on the relation's `from` side.
    from_side: bool,
    edges: Vec<EdgeIndex>,
    counterparts: Vec<NodeIndex>,
    /// The group the other side of the relation names, if it names one.
    other_group: Option<&'a Group>,
    /// The group the claim is about, when it is regional.
    regional: Option<&'a Group>,
}

fn entries<'a>(
    graph: &'a InfluenceGraph,
    actor: NodeIndex,
    kinds: &KindFilter,
    direction: Direction,
) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry> = Vec::new();
    // (relation, side) -> its entry: a busy actor has thousands of links.
    let mut index: foldhash::HashMap<(usize, bool), usize> = foldhash::HashMap::default();
    for link in graph.links(actor, kinds, direction) {
        let relation = graph.relation(link.edge);
        let from_side = graph.endpoints(link.edge).0 == actor;
        let key = (graph.edge(link.edge).relation, from_side);
        if let Some(&at) = index.get(&key) {
            entries[at].edges.push(link.edge);
            entries[at].counterparts.push(link.counterpart);
            continue;
        }
        index.insert(key, entries.len());
        let other = if from_side { &relation.to } else { &relation.from };
        entries.push(Entry {
            relation,
            kind: graph.edge(link.edge).kind,
            arrow: link.arrow,
            from_side,
            edges: vec![link.edge],
            counterparts: vec![link.counterpart],
            other_group: graph.data.group(other),
            regional: graph.regional_group(link.edge),
        });
    }
    entries
}

/// The one actor's relations, filtered, in the format asked for. `width` is
/// the text format's line width.
pub fn render(
    graph: &InfluenceGraph,
    actor: NodeIndex,
    kinds: &KindFilter,
    direction: Direction,
    format: Format,
    width: usize,
    paint: Paint,
) -> String {
    let entries = entries(graph, actor, kinds, direction);
    match format {
        Format::Text => text(graph, actor, kinds, direction, &entries, width, paint),
        Format::Markdown => markdown(graph, actor, kinds, direction, &entries),
        Format::Json => json(graph, actor, kinds, direction, &entries),
    }
}

/// Whom an entry is with: the group its relation names, or the one actor.
fn with_name<'a>(graph: &'a InfluenceGraph, entry: &Entry<'a>) -> &'a str {
    match entry.other_group {
        Some(g) => &g.name,
        None => &graph.actor(entry.counterparts[0]).name,
    }
}

/// Says whether the claim is about the actor by name or about a group.
fn scope_note(graph: &InfluenceGraph, actor: NodeIndex, entry: &Entry) -> String {
    let Some(group) = entry.regional else {
        return "Country-specific claim: about these two, not a region as a whole.".to_string();
    };
    let me = graph.actor(actor);
    let not_of = if group.members.contains(&me.id) {
        format!("not of {} in particular", me.name)
    } else {
        "not of any one member in particular".to_string()
    };
    format!("Regional claim: the source speaks of {} as a whole (group {}), {not_of}.", group.name, group.id)
}

fn source<'a>(graph: &'a InfluenceGraph, ev: &Evidence) -> Option<&'a Source> {
    graph.data.sources.iter().find(|s| s.id == ev.source)
}

/// Who says so, as the browser cites it.
fn citation(graph: &InfluenceGraph, ev: &Evidence) -> String {
    crate::text::cite(&graph.data, ev)
}

fn kinds_label(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    if kinds.is_all() {
        return "all".to_string();
    }
    let ids: Vec<&str> = Filter::new(graph, kinds, None).kinds;
    if ids.is_empty() { "none".to_string() } else { ids.join(", ") }
}

/// "9 relations", or "3 relations (11 edges)" when group relations reach
/// several actors.
fn count_label(entries: &[Entry]) -> String {
    let edges: usize = entries.iter().map(|e| e.edges.len()).sum();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if edges == entries.len() {
        plural(entries.len(), "relation")
    } else {
        format!("{} ({})", plural(entries.len(), "relation"), plural(edges, "edge"))
    }
}

/// Pads `s` to `width` display columns.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn text(
    graph: &InfluenceGraph,
    actor: NodeIndex,
    kinds: &KindFilter,
    direction: Direction,
    entries: &[Entry],
    width: usize,
    paint: Paint,
) -> String {
    let me = graph.actor(actor);
    let mut out = String::new();
    let mut push = |line: String| {
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push(
        paint.paint(&format!("{} ({}): {}", one_line(&me.name), one_line(&me.id), count_label(entries)), Theme::title),
    );
    let filters = format!(
        "Kinds: {} · Direction: {} · Dataset: {}",
        one_line(&kinds_label(graph, kinds)),
        direction.label(),
        one_line(&graph.data.title)
    );
    for line in wrap(&filters, width) {
        push(paint.paint(&line, Theme::dim));
    }
    if entries.is_empty() {
        push(String::new());
        push("No relations under these filters.".to_string());
        return out;
    }

    // Columns line up across entries: number, arrow, with, kind, scope.
    let number_width = entries.len().to_string().len();
    let with_width = entries.iter().map(|e| one_line(with_name(graph, e)).width()).max().unwrap_or(0).min(24);
    let kind_width = entries.iter().map(|e| one_line(&graph.data.kinds[e.kind].label).width()).max().unwrap_or(0);
    let indent = " ".repeat(number_width + 2);
    let body_width = width.saturating_sub(indent.len());
    for (i, entry) in entries.iter().enumerate() {
        let kind = &graph.data.kinds[entry.kind];
        let quotes = entry.relation.evidence.len();
        let head = format!(
            "{:>number_width$}  {} {}",
            i + 1,
            entry.arrow.symbol(),
            pad(&one_line(with_name(graph, entry)), with_width)
        );
        let (scope, scope_style): (_, fn(&Theme) -> Style) =
            if entry.regional.is_some() { ("regional", Theme::regional) } else { ("country ", Theme::dim) };
        push(String::new());
        push(format!(
            "{}  {}  {}  {}",
            paint.paint(&head, Theme::title),
            paint.paint(&pad(&one_line(&kind.label), kind_width), |t| t.kind(kind.color())),
            paint.paint(scope, scope_style),
            paint.paint(&evidence_count(entry.relation), Theme::dim),
        ));
        let mut block = |text: &str, style: fn(&Theme) -> Style, extra: usize| {
            for line in wrap(&one_line(text), body_width.saturating_sub(extra)) {
                push(format!("{indent}{}{}", " ".repeat(extra), paint.paint(&line, style)));
            }
        };
        if let Some(group) = entry.other_group {
            let names: Vec<&str> = entry.counterparts.iter().map(|&n| graph.actor(n).name.as_str()).collect();
            block(&format!("With {} (members of {}).", names.join(", "), group.name), Theme::title, 0);
        }
        if let Some(period) = period_label(entry.relation) {
            block(&format!("Period: {period}"), Theme::title, 0);
        }
        let scope_style: fn(&Theme) -> Style = if entry.regional.is_some() { Theme::regional } else { Theme::dim };
        block(&scope_note(graph, actor, entry), scope_style, 0);
        block(&format!("Summary (ours): {}", entry.relation.summary), Theme::dim, 0);
        for (j, ev) in entry.relation.evidence.iter().enumerate() {
            block(&format!("[{}/{quotes}] {}", j + 1, citation(graph, ev)), Theme::citation, 0);
            block(&format!("“{}”", ev.quote), Theme::quote, 2);
            if let Some(as_of) = &ev.as_of {
                block(&format!("as of {as_of}"), Theme::dim, 2);
            }
        }
        for group in figures_by_measure(&entry.relation.figures) {
            block(&format!("Figures · {}", group.measure), Theme::title, 0);
            for f in &group.figures {
                block(&figure_line(&graph.data, f), Theme::quote, 2);
            }
            for period in &group.disputed {
                block(&disagree_note(period), Theme::warning, 2);
            }
        }
    }
    out
}

/// "1 quote", "2 quotes · 3 figures", "0 quotes · 2 figures".
fn evidence_count(relation: &Relation) -> String {
    let quotes = crate::text::count(relation.evidence.len(), "quote");
    match relation.figures.len() {
        0 => quotes,
        n => format!("{quotes} · {}", crate::text::count(n, "figure")),
    }
}

/// A relation's period as written, "(ongoing)" when it has no end.
pub(crate) fn period_label(relation: &Relation) -> Option<String> {
    let written = relation.period.as_deref()?;
    let ongoing = relation.period().is_some_and(|p| p.start().is_some() && p.end().is_none());
    Some(if ongoing { format!("{written} (ongoing)") } else { written.to_string() })
}

/// What `show` says under figures that differ for one period.
fn disagree_note(period: &str) -> String {
    format!("sources disagree for {period}: every figure is kept, each with whose it is")
}

/// Escapes what Markdown would otherwise read as markup, so data text shows
/// as written.
fn md(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        // A leading - + = could start a list or an underline.
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&')
            || (i == 0 && matches!(c, '-' | '+' | '='))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "attributed to Kazakhstan's foreign ministry, reported by AFP, 2025-10-08"
/// or "AFP's own reporting, 2025-10-08" (see `text::cite`).
fn md_citation(graph: &InfluenceGraph, ev: &Evidence) -> String {
    let mut parts = vec![md(&crate::text::attribution(&graph.data, ev))];
    if let Some(src) = source(graph, ev) {
        parts.extend(src.title.iter().map(|t| format!("“{}”", md(t))));
        parts.push(md(&src.date));
        // Only a plain http(s) url becomes a link; anything else is text.
        parts.extend(src.url.iter().map(|u| if osc::safe_url(u) { format!("<{u}>") } else { md(u) }));
    }
    parts.join(", ")
}

fn markdown(
    graph: &InfluenceGraph,
    actor: NodeIndex,
    kinds: &KindFilter,
    direction: Direction,
    entries: &[Entry],
) -> String {
    let me = graph.actor(actor);
    let mut out = format!("## {} ({})\n\n", md(&me.name), md(&me.id));
    out.push_str(&format!(
        "{} · kinds: {} · direction: {} · dataset: *{}*\n",
        count_label(entries),
        md(&kinds_label(graph, kinds)),
        direction.label(),
        md(&graph.data.title)
    ));
    if entries.is_empty() {
        out.push_str("\nNo relations under these filters.\n");
    }
    for (i, entry) in entries.iter().enumerate() {
        let kind = &graph.data.kinds[entry.kind];
        let scope = if entry.regional.is_some() { "regional" } else { "country-specific" };
        out.push_str(&format!(
            "\n### {}. {} {} {}: {} ({scope})\n\n",
            i + 1,
            md(&me.name),
            entry.arrow.symbol(),
            md(with_name(graph, entry)),
            md(&kind.label)
        ));
        if let Some(group) = entry.other_group {
            let names: Vec<String> = entry.counterparts.iter().map(|&n| md(&graph.actor(n).name)).collect();
            out.push_str(&format!("With {} (members of {}).\n\n", names.join(", "), md(&group.name)));
        }
        let note = md(&scope_note(graph, actor, entry));
        match note.split_once(": ") {
            Some((head, rest)) => out.push_str(&format!("**{head}:** {rest}\n\n")),
            None => out.push_str(&format!("{note}\n\n")),
        }
        if let Some(period) = period_label(entry.relation) {
            out.push_str(&format!("**Period:** {}\n\n", md(&period)));
        }
        out.push_str(&format!("Summary (ours): {}\n", md(&entry.relation.summary)));
        for ev in &entry.relation.evidence {
            let as_of = ev.as_of.as_ref().map_or(String::new(), |d| format!(" (as of {})", md(d)));
            out.push_str(&format!("\n> {}\n>\n> — {}{as_of}\n", md(&ev.quote), md_citation(graph, ev)));
        }
        for group in figures_by_measure(&entry.relation.figures) {
            out.push_str(&format!("\n**Figures: {}**\n\n", md(group.measure)));
            for f in &group.figures {
                out.push_str(&format!("- {}\n", md_figure(graph, f)));
            }
            for period in &group.disputed {
                out.push_str(&format!("- *{}*\n", md(&disagree_note(period))));
            }
        }
    }
    out
}

/// `text::figure_line` in Markdown: data escaped, a plain http(s) url as a link.
fn md_figure(graph: &InfluenceGraph, f: &Figure) -> String {
    let mut parts = vec![md(&crate::text::figure_value(f)), md(&f.period)];
    parts.extend(f.reporter.as_ref().map(|r| format!("per {}", md(r))));
    match graph.data.sources.iter().find(|s| s.id == f.source) {
        Some(s) => {
            parts.push(format!("{} {}", md(&s.publisher), md(&s.date)));
            parts.extend(s.url.iter().map(|u| if osc::safe_url(u) { format!("<{u}>") } else { md(u) }));
        }
        None => parts.push(md(&f.source)),
    }
    parts.extend(f.note.as_ref().map(|n| format!("note: {}", md(n))));
    parts.join(" · ")
}

/// `show --format json`; the README documents every field.
#[derive(Serialize)]
struct ShowJson<'a> {
    version: u32,
    actor: &'a Actor,
    filter: Filter<'a>,
    relations: Vec<EntryJson<'a>>,
    /// The sources the quotes and figures above cite.
    sources: Vec<&'a Source>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    relation: &'a str,
    kind: &'a str,
    /// Seen from the actor: "out", "in", or "both" for an undirected kind.
    direction: &'static str,
    /// The actor or group id the relation names on the other side.
    with: &'a str,
    /// The actors it reaches there (several when `with` is a group).
    counterparts: Vec<&'a str>,
    regional: Option<&'a str>,
    /// The relation's period as written, or null.
    period: Option<&'a str>,
    summary: &'a str,
    evidence: &'a [Evidence],
    /// Every figure, as in the dataset.
    figures: &'a [Figure],
    /// The ids of the expanded edges, as in `export --format json`.
    edges: Vec<String>,
}

fn json(
    graph: &InfluenceGraph,
    actor: NodeIndex,
    kinds: &KindFilter,
    direction: Direction,
    entries: &[Entry],
) -> String {
    let relations: Vec<EntryJson> = entries
        .iter()
        .map(|e| EntryJson {
            relation: &e.relation.id,
            kind: &graph.data.kinds[e.kind].id,
            direction: match e.arrow {
                Arrow::Out => "out",
                Arrow::In => "in",
                Arrow::Both => "both",
            },
            with: if e.from_side { &e.relation.to } else { &e.relation.from },
            counterparts: e.counterparts.iter().map(|&n| graph.actor(n).id.as_str()).collect(),
            regional: e.regional.map(|g| g.id.as_str()),
            period: e.relation.period.as_deref(),
            summary: &e.relation.summary,
            evidence: &e.relation.evidence,
            figures: &e.relation.figures,
            edges: e.edges.iter().map(|&edge| graph.edge_id(edge)).collect(),
        })
        .collect();
    let cited = |s: &&Source| {
        relations
            .iter()
            .any(|r| r.evidence.iter().any(|ev| ev.source == s.id) || r.figures.iter().any(|f| f.source == s.id))
    };
    let out = ShowJson {
        version: JSON_VERSION,
        actor: graph.actor(actor),
        filter: Filter::new(graph, kinds, Some(direction)),
        sources: graph.data.sources.iter().filter(cited).collect(),
        relations,
    };
    crate::data::write::to_pretty(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;

    fn kazakhstan_arms(paint: Paint) -> String {
        let g = InfluenceGraph::new(Dataset::builtin());
        let arms = g.data.kinds.iter().position(|k| k.id == "arms").unwrap();
        let kinds = KindFilter::only(g.data.kinds.len(), arms);
        render(&g, g.find("KAZ").unwrap(), &kinds, Direction::All, Format::Text, 80, paint)
    }

    /// The parameters of every SGR sequence (`ESC [ ... m`), and the text
    /// without them.
    fn sgr(s: &str) -> (Vec<String>, String) {
        let (mut params, mut text) = (Vec::new(), String::new());
        let mut rest = s;
        while let Some(at) = rest.find("\u{1b}[") {
            text.push_str(&rest[..at]);
            let end = rest[at..].find('m').expect("SGR ends with m") + at;
            params.push(rest[at + 2..end].to_string());
            rest = &rest[end + 1..];
        }
        text.push_str(rest);
        (params, text)
    }

    fn sets_a_colour(param: &str) -> bool {
        let first: u8 = param.split(';').next().and_then(|p| p.parse().ok()).unwrap_or(0);
        matches!(first, 30..=38 | 40..=48 | 90..=97 | 100..=107)
    }

    #[test]
    fn colour_only_on_a_terminal_and_never_under_no_color() {
        let plain = kazakhstan_arms(Paint::PLAIN);
        assert!(!plain.contains('\u{1b}'), "a pipe or a file gets no escape sequences");

        let (params, text) = sgr(&kazakhstan_arms(Paint::new(true, false)));
        assert!(params.iter().any(|p| sets_a_colour(p)), "a terminal gets colour: {params:?}");
        assert_eq!(text, plain, "the same words, only styled");

        let (params, text) = sgr(&kazakhstan_arms(Paint::new(true, true)));
        assert!(!params.iter().any(|p| sets_a_colour(p)), "NO_COLOR: no colour at all: {params:?}");
        assert!(params.iter().any(|p| p == "1"), "bold still marks the headings");
        assert_eq!(text, plain);
    }
}
