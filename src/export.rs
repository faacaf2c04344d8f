//! `export`: the graph after expansion and kind filtering, in formats other
//! tools read. Pure: each format is rendered whole into a string, so the
//! caller can write it at once (or not at all).
//!
//! JSON keeps every string exactly as loaded, control characters written as
//! `\uXXXX` escapes (`data::write`), so it is faithful and inert at once. The
//! other formats are read by people in other tools: their text goes through
//! `data::one_line`, so no control character or line break from a data file
//! reaches them, and each format's own escaping comes from its writer (csv,
//! quick-xml) or from `dot_string`.

use std::fmt::Write as _;
use std::io;

use clap::ValueEnum;
use petgraph::dot::{Config, Dot};
use petgraph::graph::EdgeIndex;
use petgraph::visit::{EdgeFiltered, EdgeRef};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use ratatui::style::Color;
use serde::Serialize;

use crate::data::figures::{Latest, latest, measures};
use crate::data::{Actor, Evidence, Figure, Group, Kind, Relation, Source, one_line};
use crate::graph::{Direction, InfluenceGraph, KindFilter};

/// Bumped only when a field of the JSON export changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Dot,
    Graphml,
    Gexf,
}

/// Which table a CSV export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Table {
    /// One row per edge, with its first quote and how many there are.
    #[default]
    Edges,
    /// One row per edge and quote, with the quote's speaker and source
    /// (publisher, date, title, url): all the evidence.
    Evidence,
    /// One row per figure of a relation (not per edge: a relation on a
    /// group is one row, with the group's id), with its source's
    /// publisher, date and url: a tidy table of every number.
    Figures,
}

pub fn render(graph: &InfluenceGraph, kinds: &KindFilter, format: Format) -> String {
    render_table(graph, kinds, format, Table::Edges)
}

/// `render`, with the table a CSV export writes (other formats have one).
pub fn render_table(graph: &InfluenceGraph, kinds: &KindFilter, format: Format, table: Table) -> String {
    match format {
        Format::Json => json(graph, kinds),
        Format::Csv if table == Table::Evidence => csv_evidence(graph, kinds),
        Format::Csv if table == Table::Figures => csv_figures(graph, kinds),
        Format::Csv => csv_rows(graph, kinds),
        Format::Dot => dot(graph, kinds),
        Format::Graphml => graphml(graph, kinds),
        Format::Gexf => gexf(graph, kinds),
    }
}

/// The filter an output was made with, recorded in JSON outputs so a reader
/// knows what was left out.
#[derive(Debug, Serialize)]
pub struct Filter<'a> {
    /// The kind ids shown (every kind when no --kind was given).
    pub kinds: Vec<&'a str>,
    /// `show` only: "all", "out" or "in".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<&'static str>,
}

impl<'a> Filter<'a> {
    pub fn new(graph: &'a InfluenceGraph, kinds: &KindFilter, direction: Option<Direction>) -> Filter<'a> {
        let shown = graph.data.kinds.iter().enumerate().filter(|&(i, _)| kinds.allows(i)).map(|(_, k)| k.id.as_str());
        let direction = direction.map(|d| match d {
            Direction::All => "all",
            Direction::Outgoing => "out",
            Direction::Incoming => "in",
        });
        Filter { kinds: shown.collect(), direction }
    }
}

/// The JSON export; the README documents every field.
#[derive(Debug, Serialize)]
struct GraphJson<'a> {
    version: u32,
    title: &'a str,
    filter: Filter<'a>,
    kinds: &'a [Kind],
    actors: &'a [Actor],
    groups: &'a [Group],
    edges: Vec<EdgeJson<'a>>,
    sources: &'a [Source],
}

/// One expanded edge. Shared with `show --format json`.
#[derive(Debug, Serialize)]
pub struct EdgeJson<'a> {
    pub id: String,
    pub relation: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub kind: &'a str,
    pub directed: bool,
    /// The group id when the source's claim is about a group as a whole.
    pub regional: Option<&'a str>,
    /// The relation's period as written (`2019/..`), or null.
    pub period: Option<&'a str>,
    pub summary: &'a str,
    pub evidence: &'a [Evidence],
    /// The relation's figures, as in the dataset (on every edge of a
    /// relation on a group: `regional` says they are about the group).
    pub figures: &'a [Figure],
}

impl<'a> EdgeJson<'a> {
    pub fn new(graph: &'a InfluenceGraph, edge: EdgeIndex) -> EdgeJson<'a> {
        let relation = graph.relation(edge);
        let (a, b) = graph.endpoints(edge);
        EdgeJson {
            id: graph.edge_id(edge),
            relation: &relation.id,
            from: &graph.actor(a).id,
            to: &graph.actor(b).id,
            kind: &graph.kind(edge).id,
            directed: graph.kind(edge).directed,
            regional: graph.regional_group(edge).map(|g| g.id.as_str()),
            period: relation.period.as_deref(),
            summary: &relation.summary,
            evidence: &relation.evidence,
            figures: &relation.figures,
        }
    }
}

fn json(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    let data = &graph.data;
    let out = GraphJson {
        version: JSON_VERSION,
        title: &data.title,
        filter: Filter::new(graph, kinds, None),
        kinds: &data.kinds,
        actors: &data.actors,
        groups: &data.groups,
        edges: graph.edges(kinds).into_iter().map(|e| EdgeJson::new(graph, e)).collect(),
        sources: &data.sources,
    };
    crate::data::write::to_pretty(&out)
}

pub const CSV_HEADER: [&str; 11] = [
    "id",
    "from",
    "to",
    "kind",
    "directed",
    "regional",
    "summary",
    "first_quote",
    "first_speaker",
    "first_source",
    "quotes",
];

fn csv_rows(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    csv_table(&CSV_HEADER, |w| {
        for edge in graph.edges(kinds) {
            let e = EdgeJson::new(graph, edge);
            let first = e.evidence.first();
            w.write_record(
                [
                    one_line(&e.id),
                    one_line(e.from),
                    one_line(e.to),
                    one_line(e.kind),
                    e.directed.to_string(),
                    one_line(e.regional.unwrap_or("")),
                    one_line(e.summary),
                    first.map_or(String::new(), |f| one_line(&f.quote)),
                    first.and_then(|f| f.speaker.as_deref()).map_or(String::new(), one_line),
                    first.map_or(String::new(), |f| one_line(&f.source)),
                    e.evidence.len().to_string(),
                ]
                .map(no_formula),
            )?;
        }
        Ok(())
    })
}

/// A CSV table: the header, then the rows `rows` writes.
fn csv_table(header: &[&str], rows: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).and_then(|()| rows(&mut w)).expect("writing to memory cannot fail");
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("the records are UTF-8")
}

pub const CSV_EVIDENCE_HEADER: [&str; 17] = [
    "edge",
    "relation",
    "kind",
    "from",
    "to",
    "relation_from",
    "relation_to",
    "regional",
    "summary",
    "quote_no",
    "quote",
    "speaker",
    "source",
    "publisher",
    "date",
    "title",
    "url",
];

/// Every quote of every edge, one row each, with who says it and where it
/// was published: the evidence table (`--table evidence`).
fn csv_evidence(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    let data = &graph.data;
    csv_table(&CSV_EVIDENCE_HEADER, |w| {
        for edge in graph.edges(kinds) {
            let e = EdgeJson::new(graph, edge);
            let relation = graph.relation(edge);
            for (i, ev) in e.evidence.iter().enumerate() {
                let source = data.sources.iter().find(|s| s.id == ev.source);
                let field = |f: Option<&str>| f.map_or(String::new(), one_line);
                w.write_record(
                    [
                        one_line(&e.id),
                        one_line(e.relation),
                        one_line(e.kind),
                        one_line(e.from),
                        one_line(e.to),
                        one_line(&relation.from),
                        one_line(&relation.to),
                        field(e.regional),
                        one_line(e.summary),
                        (i + 1).to_string(),
                        one_line(&ev.quote),
                        field(ev.speaker.as_deref()),
                        one_line(&ev.source),
                        field(source.map(|s| s.publisher.as_str())),
                        field(source.map(|s| s.date.as_str())),
                        field(source.and_then(|s| s.title.as_deref())),
                        field(source.and_then(|s| s.url.as_deref())),
                    ]
                    .map(no_formula),
                )?;
            }
        }
        Ok(())
    })
}

pub const CSV_FIGURES_HEADER: [&str; 14] = [
    "relation",
    "from",
    "to",
    "kind",
    "measure",
    "value",
    "unit",
    "period",
    "reporter",
    "approx",
    "publisher",
    "date",
    "url",
    "note",
];

/// Every figure of every relation of the kinds shown, one row each, in
/// dataset order (`--table figures`). `from` and `to` are the relation's
/// own ends (a group's id for a claim about the group); `value` is the
/// number as the dataset holds it, written as a number (so a negative one
/// stays a number: it is the one cell the formula guard leaves alone).
fn csv_figures(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    let data = &graph.data;
    csv_table(&CSV_FIGURES_HEADER, |w| {
        for relation in data.relations.iter().filter(|r| shown(graph, kinds, r)) {
            for f in &relation.figures {
                let source = data.sources.iter().find(|s| s.id == f.source);
                let field = |v: Option<&str>| no_formula(v.map_or(String::new(), one_line));
                w.write_record([
                    field(Some(&relation.id)),
                    field(Some(&relation.from)),
                    field(Some(&relation.to)),
                    field(Some(&relation.kind)),
                    field(Some(&f.measure)),
                    f.value.to_string(),
                    field(Some(&f.unit)),
                    field(Some(&f.period)),
                    field(f.reporter.as_deref()),
                    f.approx.to_string(),
                    field(source.map(|s| s.publisher.as_str())),
                    field(source.map(|s| s.date.as_str())),
                    field(source.and_then(|s| s.url.as_deref())),
                    // What the number covers, when the dataset says.
                    field(f.note.as_deref()),
                ])?;
            }
        }
        Ok(())
    })
}

/// Whether a relation's kind is one the filter shows.
fn shown(graph: &InfluenceGraph, kinds: &KindFilter, relation: &Relation) -> bool {
    graph.data.kinds.iter().position(|k| k.id == relation.kind).is_some_and(|k| kinds.allows(k))
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-` or `@`) gets a leading `'`, which spreadsheets show as text (OWASP's
/// advice against CSV injection). The only change made to data text in CSV.
fn no_formula(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@']) { format!("'{cell}") } else { cell }
}

/// A DOT quoted string of data text: on one line (`one_line`), with `"` and
/// `\` escaped, so Graphviz shows it as written.
fn dot_string(s: &str) -> String {
    format!("\"{}\"", dot_escape(s))
}

fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// petgraph's `Dot` writes the nodes and edges of the filtered graph; the
/// attributes (every one escaped) say what Graphviz draws.
fn dot(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    let filtered = EdgeFiltered::from_fn(&graph.graph, |e| kinds.allows(e.weight().kind));
    let node_attrs = |_, (node, _): (petgraph::graph::NodeIndex, &usize)| {
        let actor = graph.actor(node);
        format!(
            "label = {} id = {} tooltip = {} ",
            dot_string(&actor.name),
            dot_string(&actor.id),
            dot_string(&match &actor.capital {
                Some(capital) => format!("{} ({}), capital {capital}", actor.name, actor.id),
                None => format!("{} ({})", actor.name, actor.id),
            })
        )
    };
    let edge_attrs = |_, e: petgraph::graph::EdgeReference<'_, crate::graph::Edge>| {
        let kind = graph.kind(e.id());
        let color = dot_string(&hex(kind.color()));
        let mut attrs = format!("label = {} color = {color} fontcolor = {color} ", dot_string(&kind.label));
        if !kind.directed {
            attrs.push_str("dir = none ");
        }
        let mut tooltip = graph.relation(e.id()).summary.clone();
        if let Some(group) = graph.regional_group(e.id()) {
            // Dashed: the source speaks of the group, not of this member.
            attrs.push_str("style = dashed ");
            tooltip = format!("{tooltip} (regional: about {} as a whole)", group.name);
        }
        let _ = write!(attrs, "tooltip = {} id = {} ", dot_string(&tooltip), dot_string(&graph.edge_id(e.id())));
        attrs
    };
    let body = Dot::with_attr_getters(
        &filtered,
        &[Config::NodeNoLabel, Config::EdgeNoLabel, Config::GraphContentOnly],
        &edge_attrs,
        &node_attrs,
    );
    // The title, then a legend on a second line (DOT's \n, outside the data).
    let legend = "dashed: a regional claim, about a group as a whole; undirected kinds have no arrow";
    let label = format!("\"{}\\n{legend}\"", dot_escape(&graph.data.title));
    // Readable as `dot -Tsvg` draws it: left to right, far apart, small edge
    // labels, and each group's members boxed together (an actor in several
    // groups in the first one's box), so the ties run from the outside
    // powers across to the groups.
    let mut clusters = String::new();
    let mut boxed = vec![false; graph.actor_count()];
    for (g, group) in graph.data.groups.iter().enumerate() {
        let members: Vec<String> = group
            .members
            .iter()
            .filter_map(|m| graph.find(m))
            .filter(|n| !std::mem::replace(&mut boxed[n.index()], true))
            .map(|n| n.index().to_string())
            .collect();
        if !members.is_empty() {
            let _ = writeln!(
                clusters,
                "    subgraph cluster_{g} {{ label = {} style = dashed {} }}",
                dot_string(&group.name),
                members.join(" ")
            );
        }
    }
    format!(
        "digraph greatgame {{\n    graph [label = {label} labelloc = t fontsize = 12 rankdir = LR ranksep = 3 nodesep = 0.3]\n    node [shape = box fontsize = 12]\n    edge [fontsize = 9]\n{body:?}{clusters}}}\n"
    )
}

/// A kind's colour as #rrggbb, for Graphviz.
pub fn hex(color: Color) -> String {
    let (r, g, b) = rgb(color);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A kind's colour for a white page: named terminal colours map to darker
/// shades than a terminal shows, so that yellow still reads.
pub fn rgb(color: Color) -> (u8, u8, u8) {
    match color {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => xterm(i),
        Color::Black | Color::Reset => (0, 0, 0),
        Color::Red => (0xc0, 0x1c, 0x28),
        Color::Green => (0x26, 0x8c, 0x2e),
        Color::Yellow => (0xb8, 0x86, 0x0b),
        Color::Blue => (0x1c, 0x47, 0xb8),
        Color::Magenta => (0x9c, 0x27, 0xb0),
        Color::Cyan => (0x00, 0x83, 0x8f),
        Color::Gray => (0x80, 0x80, 0x80),
        Color::DarkGray => (0x55, 0x55, 0x55),
        Color::LightRed => (0xf0, 0x40, 0x40),
        Color::LightGreen => (0x4c, 0xc0, 0x4c),
        Color::LightYellow => (0xe0, 0xc0, 0x20),
        Color::LightBlue => (0x40, 0x80, 0xf0),
        Color::LightMagenta => (0xd0, 0x50, 0xd0),
        Color::LightCyan => (0x30, 0xc0, 0xd0),
        Color::White => (0xb0, 0xb0, 0xb0),
    }
}

/// The xterm 256-colour palette.
fn xterm(i: u8) -> (u8, u8, u8) {
    const BASE: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
    match i {
        0..=15 => rgb(BASE[usize::from(i)]),
        16..=231 => {
            let i = i - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

type Xml = Writer<Vec<u8>>;

/// Writes one XML document. quick-xml escapes every attribute value and
/// text; `one_line` has already taken out what XML 1.0 cannot hold.
fn xml(body: impl FnOnce(&mut Xml) -> io::Result<()>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).and_then(|()| body(&mut w));
    written.expect("writing to memory cannot fail");
    let mut text = String::from_utf8(w.into_inner()).expect("the document is UTF-8");
    text.push('\n');
    text
}

fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    tag.extend_attributes(attrs.iter().copied());
    tag
}

fn start(w: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Start(tag(name, attrs)))
}

fn end(w: &mut Xml, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn empty(w: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Empty(tag(name, attrs)))
}

fn leaf(w: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
    start(w, name, attrs)?;
    // Text needs only < > & escaped; apostrophes stay readable.
    w.write_event(Event::Text(BytesText::from_escaped(partial_escape(text))))?;
    end(w, name)
}

/// The attributes GraphML and GEXF carry: name, GraphML type, GEXF type.
const NODE_ATTRIBUTES: [(&str, &str, &str); 3] =
    [("capital", "string", "string"), ("lat", "double", "double"), ("lon", "double", "double")];
const EDGE_ATTRIBUTES: [(&str, &str, &str); 8] = [
    ("relation", "string", "string"),
    ("kind", "string", "string"),
    ("directed", "boolean", "boolean"),
    ("regional", "string", "string"),
    ("period", "string", "string"),
    ("summary", "string", "string"),
    ("first_quote", "string", "string"),
    ("quotes", "int", "integer"),
];

fn node_values(actor: &Actor) -> [String; 3] {
    // Empty where the actor has none (GraphML and GEXF readers take an
    // empty value as missing).
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    [one_line(actor.capital.as_deref().unwrap_or_default()), number(actor.lat), number(actor.lon)]
}

/// In the order of `EDGE_ATTRIBUTES`. `regional` is the group's id, or
/// empty for a country-specific claim.
fn edge_values(e: &EdgeJson) -> [String; 8] {
    [
        one_line(e.relation),
        one_line(e.kind),
        e.directed.to_string(),
        one_line(e.regional.unwrap_or("")),
        one_line(e.period.unwrap_or("")),
        one_line(e.summary),
        e.evidence.first().map_or(String::new(), |f| one_line(&f.quote)),
        e.evidence.len().to_string(),
    ]
}

/// The attributes each measure of the dataset adds to GraphML and GEXF
/// edges: id suffix, name suffix, GraphML type, GEXF type. In the order of
/// `MeasureKey::values`.
const MEASURE_ATTRIBUTES: [(&str, &str, &str, &str); 6] = [
    ("", "", "double", "double"),
    ("_unit", " unit", "string", "string"),
    ("_year", " year", "int", "integer"),
    ("_approx", " approx", "boolean", "boolean"),
    ("_disputed", " disputed", "boolean", "boolean"),
    ("_figures", " figures", "string", "string"),
];

/// A measure's edge attributes: `id` is a valid XML name made of the
/// measure's ASCII letters and digits (`fig_trade_turnover`), the same for
/// the same dataset; `name` is the measure as written, what Gephi shows.
struct MeasureKey {
    measure: String,
    id: String,
    name: String,
}

impl MeasureKey {
    /// One per measure the dataset's figures use, in the order first met.
    fn all(graph: &InfluenceGraph) -> Vec<MeasureKey> {
        let fixed: Vec<&str> = EDGE_ATTRIBUTES.iter().map(|a| a.0).chain(["label"]).collect();
        let mut keys: Vec<MeasureKey> = Vec::new();
        for measure in measures(&graph.data) {
            let mut slug = String::from("fig_");
            for c in measure.chars() {
                match c.is_ascii_alphanumeric() {
                    true => slug.push(c.to_ascii_lowercase()),
                    false if !slug.ends_with('_') => slug.push('_'),
                    false => {}
                }
            }
            let slug = slug.trim_end_matches('_').to_string();
            // Measures that differ only in what the id leaves out.
            let mut id = slug.clone();
            let mut n = 1;
            while keys.iter().any(|k| k.id == id) {
                n += 1;
                id = format!("{slug}_{n}");
            }
            let mut name = one_line(&measure);
            if fixed.contains(&name.as_str()) || keys.iter().any(|k| k.name == name) {
                name = format!("{name} ({id})");
            }
            keys.push(MeasureKey { measure, id, name });
        }
        keys
    }

    /// The measure's values on an edge, in the order of `MEASURE_ATTRIBUTES`
    /// (`None`: no value, the attribute is left out): the figures of the
    /// latest whole year (partial years never stand for one). The value,
    /// unit and approx only when every figure of that year agrees, and
    /// not on an edge of a relation on a group (the figure is about the
    /// group as a whole, not about this member); the year, whether the
    /// figures disagree, and every figure of that year in words always.
    fn values(&self, graph: &InfluenceGraph, edge: EdgeIndex) -> [Option<String>; 6] {
        let relation = graph.relation(edge);
        let Some(l) = latest(&relation.figures, &self.measure, None) else { return Default::default() };
        let regional = graph.regional_group(edge);
        let agreed = l.agreed().filter(|_| regional.is_none());
        let listing = figures_text(graph, &l);
        [
            agreed.map(|(value, _)| value.to_string()),
            agreed.map(|(_, unit)| one_line(unit)),
            Some(l.year.to_string()),
            agreed.map(|_| l.figures.iter().any(|f| f.approx).to_string()),
            Some(l.disputed().to_string()),
            Some(match regional {
                Some(group) => one_line(&format!("about {} as a whole: {listing}", group.name)),
                None => one_line(&listing),
            }),
        ]
    }
}

/// The figures of a year in words: "43.8 USD bn per China's customs
/// (China Customs 2025-01-13); ≈30 USD bn per …".
fn figures_text(graph: &InfluenceGraph, l: &Latest) -> String {
    let one = |f: &Figure| {
        let mut text = crate::text::figure_value(f);
        if let Some(r) = &f.reporter {
            text.push_str(&format!(" per {r}"));
        }
        if let Some(s) = graph.data.sources.iter().find(|s| s.id == f.source) {
            text.push_str(&format!(" ({} {})", s.publisher, s.date));
        }
        text
    };
    l.figures.iter().map(|f| one(f)).collect::<Vec<_>>().join("; ")
}

/// GraphML, as Gephi, Cytoscape, yEd and NetworkX read it. Node ids are the
/// actor ids; `label` is what Gephi shows. Every edge is written directed
/// (`from` -> `to`), with the `directed` attribute saying whether its kind
/// is: several readers (NetworkX) reject a graph that mixes both.
fn graphml(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    xml(|w| {
        start(
            w,
            "graphml",
            &[
                ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                ),
            ],
        )?;
        // Key ids are unique across the document; attr.name is what tools show.
        let node_keys = [("label", "string", "string")].into_iter().chain(NODE_ATTRIBUTES);
        for (name, ty, _) in node_keys {
            let id = format!("node_{name}");
            empty(w, "key", &[("id", &id), ("for", "node"), ("attr.name", name), ("attr.type", ty)])?;
        }
        for (name, ty, _) in [("label", "string", "string")].into_iter().chain(EDGE_ATTRIBUTES) {
            let id = format!("edge_{name}");
            empty(w, "key", &[("id", &id), ("for", "edge"), ("attr.name", name), ("attr.type", ty)])?;
        }
        let measures = MeasureKey::all(graph);
        for m in &measures {
            for (id, name, ty, _) in MEASURE_ATTRIBUTES {
                let (id, name) = (format!("edge_{}{id}", m.id), format!("{}{name}", m.name));
                empty(w, "key", &[("id", &id), ("for", "edge"), ("attr.name", &name), ("attr.type", ty)])?;
            }
        }
        start(w, "graph", &[("id", "greatgame"), ("edgedefault", "directed")])?;
        leaf(w, "desc", &[], &one_line(&graph.data.title))?;
        for actor in &graph.data.actors {
            start(w, "node", &[("id", &one_line(&actor.id))])?;
            leaf(w, "data", &[("key", "node_label")], &one_line(&actor.name))?;
            for ((name, _, _), value) in NODE_ATTRIBUTES.iter().zip(node_values(actor)) {
                leaf(w, "data", &[("key", &format!("node_{name}"))], &value)?;
            }
            end(w, "node")?;
        }
        for edge in graph.edges(kinds) {
            let e = EdgeJson::new(graph, edge);
            let (id, from, to) = (one_line(&e.id), one_line(e.from), one_line(e.to));
            start(w, "edge", &[("id", &id), ("source", &from), ("target", &to)])?;
            leaf(w, "data", &[("key", "edge_label")], &one_line(&graph.kind(edge).label))?;
            for ((name, _, _), value) in EDGE_ATTRIBUTES.iter().zip(edge_values(&e)) {
                leaf(w, "data", &[("key", &format!("edge_{name}"))], &value)?;
            }
            for m in &measures {
                for ((id, _, _, _), value) in MEASURE_ATTRIBUTES.iter().zip(m.values(graph, edge)) {
                    if let Some(value) = value {
                        leaf(w, "data", &[("key", &format!("edge_{}{id}", m.id))], &value)?;
                    }
                }
            }
            end(w, "edge")?;
        }
        end(w, "graph")?;
        end(w, "graphml")
    })
}

/// GEXF 1.2, Gephi's own format. Edges carry their kind's colour, and
/// undirected kinds are `type="undirected"` edges in a mixed graph, as Gephi
/// draws them (NetworkX rejects mixed graphs: it reads the GraphML export).
fn gexf(graph: &InfluenceGraph, kinds: &KindFilter) -> String {
    xml(|w| {
        start(
            w,
            "gexf",
            &[
                ("xmlns", "http://www.gexf.net/1.2draft"),
                ("xmlns:viz", "http://www.gexf.net/1.2draft/viz"),
                ("version", "1.2"),
            ],
        )?;
        start(w, "meta", &[])?;
        leaf(w, "creator", &[], concat!("greatgame ", env!("CARGO_PKG_VERSION")))?;
        leaf(w, "description", &[], &one_line(&graph.data.title))?;
        end(w, "meta")?;
        start(w, "graph", &[("mode", "static"), ("defaultedgetype", "directed")])?;
        let measures = MeasureKey::all(graph);
        for (class, attributes) in [("node", &NODE_ATTRIBUTES[..]), ("edge", &EDGE_ATTRIBUTES[..])] {
            start(w, "attributes", &[("class", class)])?;
            for &(name, _, ty) in attributes {
                empty(w, "attribute", &[("id", name), ("title", name), ("type", ty)])?;
            }
            if class == "edge" {
                for m in &measures {
                    for (id, name, _, ty) in MEASURE_ATTRIBUTES {
                        let (id, name) = (format!("{}{id}", m.id), format!("{}{name}", m.name));
                        empty(w, "attribute", &[("id", &id), ("title", &name), ("type", ty)])?;
                    }
                }
            }
            end(w, "attributes")?;
        }
        start(w, "nodes", &[])?;
        for actor in &graph.data.actors {
            start(w, "node", &[("id", &one_line(&actor.id)), ("label", &one_line(&actor.name))])?;
            start(w, "attvalues", &[])?;
            for ((name, _, _), value) in NODE_ATTRIBUTES.iter().zip(node_values(actor)) {
                empty(w, "attvalue", &[("for", name), ("value", &value)])?;
            }
            end(w, "attvalues")?;
            end(w, "node")?;
        }
        end(w, "nodes")?;
        start(w, "edges", &[])?;
        for edge in graph.edges(kinds) {
            let e = EdgeJson::new(graph, edge);
            let kind = graph.kind(edge);
            let (id, from, to, label) = (one_line(&e.id), one_line(e.from), one_line(e.to), one_line(&kind.label));
            let ty = if e.directed { "directed" } else { "undirected" };
            start(w, "edge", &[("id", &id), ("source", &from), ("target", &to), ("type", ty), ("label", &label)])?;
            start(w, "attvalues", &[])?;
            for ((name, _, _), value) in EDGE_ATTRIBUTES.iter().zip(edge_values(&e)) {
                empty(w, "attvalue", &[("for", name), ("value", &value)])?;
            }
            for m in &measures {
                for ((id, _, _, _), value) in MEASURE_ATTRIBUTES.iter().zip(m.values(graph, edge)) {
                    if let Some(value) = value {
                        empty(w, "attvalue", &[("for", &format!("{}{id}", m.id)), ("value", &value)])?;
                    }
                }
            }
            end(w, "attvalues")?;
            let (r, g, b) = rgb(kind.color());
            let (r, g, b) = (r.to_string(), g.to_string(), b.to_string());
            empty(w, "viz:color", &[("r", &r), ("g", &g), ("b", &b)])?;
            end(w, "edge")?;
        }
        end(w, "edges")?;
        end(w, "graph")?;
        end(w, "gexf")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_and_backslashes_on_one_line() {
        assert_eq!(dot_string("say \"hi\"\\n\nnext\u{1b}"), r#""say \"hi\"\\n next\\u{1b}""#);
    }

    #[test]
    fn kind_colours_become_hex_for_every_kind_of_colour_name() {
        assert_eq!(hex(Color::Rgb(1, 2, 255)), "#0102ff");
        assert_eq!(hex(Color::Indexed(196)), "#ff0000", "xterm cube");
        assert_eq!(hex(Color::Indexed(232)), "#080808", "xterm grey ramp");
        assert_eq!(hex(Color::Indexed(1)), hex(Color::Red), "the first 16 are the named ones");
        assert_ne!(hex(Color::Yellow), hex(Color::LightYellow));
    }
}
