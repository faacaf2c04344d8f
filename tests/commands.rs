//! The commands for scripts and reports, run as a user would: the real binary,
//! its stdout, stderr and exit status. Exports are parsed back with real
//! parsers and must hold every edge of the graph.

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{greatgame, greatgame_with_stdin, stderr, stdout};
use greatgame::data::{Dataset, needs_escape};
use greatgame::graph::{InfluenceGraph, KindFilter};
use quick_xml::events::Event;
use serde::Deserialize;

const HOSTILE: &str = "tests/fixtures/markup.json";

/// Runs a command that must succeed with nothing on stderr; returns stdout.
fn ok(args: &[&str]) -> String {
    let out = greatgame(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs a command that must succeed, warnings or not; returns its stdout.
fn ok_or_warned(args: &[&str]) -> String {
    let out = greatgame(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs a command that must fail with status 2, nothing on stdout, and
/// one line per problem on stderr; returns the lines.
fn fails(args: &[&str]) -> Vec<String> {
    let out = greatgame(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
    assert!(out.stdout.is_empty(), "{args:?} printed {}", stdout(&out));
    stderr(&out).lines().map(String::from).collect()
}

fn graph(path: Option<&str>) -> InfluenceGraph {
    let data = match path {
        Some(p) => Dataset::from_json(&fs::read_to_string(p).unwrap()).unwrap(),
        None => common::article(),
    };
    InfluenceGraph::new(data)
}

fn edge_count(g: &InfluenceGraph, kinds: &[&str]) -> usize {
    let mut filter = KindFilter::none(g.data.kinds.len());
    for (i, k) in g.data.kinds.iter().enumerate() {
        if kinds.is_empty() || kinds.contains(&k.id.as_str()) {
            filter.toggle(i);
        }
    }
    g.edges(&filter).len()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

// ---- export --format json: the documented schema, read back with serde ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphJson {
    version: u32,
    title: String,
    filter: FilterJson,
    kinds: Vec<greatgame::data::Kind>,
    actors: Vec<greatgame::data::Actor>,
    groups: Vec<greatgame::data::Group>,
    edges: Vec<EdgeJson>,
    sources: Vec<greatgame::data::Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilterJson {
    kinds: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeJson {
    id: String,
    relation: String,
    from: String,
    to: String,
    kind: String,
    directed: bool,
    regional: Option<String>,
    period: Option<String>,
    summary: String,
    evidence: Vec<greatgame::data::Evidence>,
    figures: Vec<greatgame::data::Figure>,
}

#[test]
fn json_export_parses_back_with_every_edge_and_the_documented_fields() {
    let g = graph(None);
    let out: GraphJson = serde_json::from_str(&ok(&["--data", common::ARTICLE, "export", "--format", "json"]))
        .expect("documented schema");
    assert_eq!(out.version, 1);
    assert_eq!(out.title, g.data.title);
    assert_eq!(out.filter.kinds, ["trade", "arms", "investment", "migration"]);
    assert_eq!(
        (out.kinds, out.actors, out.groups, out.sources),
        (g.data.kinds.clone(), g.data.actors.clone(), g.data.groups.clone(), g.data.sources.clone())
    );
    assert_eq!(out.edges.len(), g.graph.edge_count());
    assert_eq!(out.edges.len(), 41, "9 relations, 7 of them on the five Central Asian states");
    let ids: HashSet<&str> = out.edges.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), out.edges.len(), "edge ids are unique");

    let nuclear = out.edges.iter().find(|e| e.id == "ru-investment-kaz-nuclear:RUS->KAZ").expect("nuclear plant");
    assert_eq!((nuclear.from.as_str(), nuclear.to.as_str(), nuclear.kind.as_str()), ("RUS", "KAZ", "investment"));
    assert!(nuclear.directed);
    assert_eq!(nuclear.regional, None, "the article names Kazakhstan");
    assert_eq!(nuclear.evidence[0].quote, "Russia is set to build Kazakhstan's first nuclear plant");
    let arms = out.edges.iter().find(|e| e.id == "cn-arms-central-asia:CHN->KGZ").expect("regional arms edge");
    assert_eq!(arms.regional.as_deref(), Some("central-asia"), "a claim about the region stays regional");
    assert_eq!(arms.relation, "cn-arms-central-asia");
    let trade = out.edges.iter().find(|e| e.relation == "ru-trade-central-asia").unwrap();
    assert!(!trade.directed);
    assert_eq!(trade.evidence[0].speaker.as_deref(), Some("Kazakhstan's foreign ministry"));
    assert!(!trade.summary.is_empty());
}

#[test]
fn json_export_keeps_only_the_kinds_asked_for_and_says_so() {
    let out: GraphJson =
        serde_json::from_str(&ok(&["--data", common::ARTICLE, "export", "--format", "json", "--kind", "ARMS"]))
            .unwrap();
    assert_eq!(out.filter.kinds, ["arms"]);
    assert_eq!(out.edges.len(), 10, "China and Turkey to each of the five");
    assert!(out.edges.iter().all(|e| e.kind == "arms"));
    assert_eq!(out.actors.len(), 9, "actors stay, even without edges");
}

// ---- JSON outputs: faithful and inert ----

/// No character that acts on a terminal anywhere in `text` (line breaks
/// between JSON lines aside).
fn assert_inert(what: &str, text: &str) {
    let found: Vec<char> = text.chars().filter(|&c| c != '\n' && needs_escape(c)).collect();
    assert!(found.is_empty(), "{what}: {found:?} in {text}");
}

#[test]
fn json_outputs_keep_hostile_text_exactly_and_escape_it() {
    let hostile = "tests/fixtures/hostile.json";
    let data = Dataset::from_json(&fs::read_to_string(hostile).unwrap()).unwrap();
    let text = ok(&["--data", hostile, "export", "--format", "json"]);
    assert_inert("export", &text);
    // serde_json alone would leave these raw.
    assert!(text.contains(r#""name": "Beta\u202eland""#), "{text}");
    assert!(text.contains(r#"arms \u009b2J to the\nsouth \ufeff"#), "{text}");
    let out: GraphJson = serde_json::from_str(&text).unwrap();
    assert_eq!((out.title, out.actors, out.kinds), (data.title.clone(), data.actors.clone(), data.kinds.clone()));
    assert_eq!(out.edges[0].evidence, data.relations[0].evidence, "quotes read back exactly as loaded");

    let text = ok(&["--data", hostile, "show", "AAA", "--format", "json"]);
    assert_inert("show", &text);
    let out: ShowJson = serde_json::from_str(&text).unwrap();
    assert_eq!(out.actor, data.actors[0]);
    assert_eq!(
        out.relations.iter().map(|r| r.summary.as_str()).collect::<Vec<_>>(),
        ["A and B trade", data.relations[0].summary.as_str()]
    );
}

/// What is loaded is what is written: a line break and a tab inside a quote
/// survive the JSON export and `fmt`, byte for byte.
#[test]
fn a_quote_with_a_line_break_and_a_tab_survives_export_and_fmt_byte_for_byte() {
    let quote = "first line\n\tindented second line, \"quoted\" \\ done";
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["relations"][0]["evidence"][0]["quote"] = quote.into();
    let text = serde_json::to_string_pretty(&value).unwrap();

    let out: GraphJson =
        serde_json::from_str(&stdout(&greatgame_with_stdin(&["--data", "-", "export", "--format", "json"], &text)))
            .unwrap();
    let exported: Vec<&str> = out.edges.iter().map(|e| e.evidence[0].quote.as_str()).collect();
    assert!(exported.contains(&quote), "{exported:?}");

    let formatted = greatgame_with_stdin(&["fmt", "-"], &text);
    assert_eq!(formatted.status.code(), Some(0), "{}", stderr(&formatted));
    let formatted = stdout(&formatted);
    assert!(formatted.contains(r#""quote": "first line\n\tindented second line, \"quoted\" \\ done""#), "{formatted}");
    let back = Dataset::from_json(&formatted).unwrap();
    assert_eq!(back.relations[0].evidence[0].quote, quote);
}

// ---- csv ----

#[test]
fn csv_export_has_one_row_per_edge_and_quotes_survive_the_round_trip() {
    let g = graph(None);
    let text = ok(&["--data", common::ARTICLE, "export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().collect::<Vec<_>>().join(",");
    assert_eq!(header, "id,from,to,kind,directed,regional,summary,first_quote,first_speaker,first_source,quotes");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), g.graph.edge_count());
    let row = rows.iter().find(|r| &r[0] == "ru-trade-central-asia:RUS->TJK").unwrap();
    // This quote holds a comma and double quotes: csv quoting must keep it whole.
    assert_eq!(&row[7], g.data.relations[0].evidence[0].quote);
    assert_eq!((&row[4], &row[5], &row[8], &row[10]), ("false", "central-asia", "Kazakhstan's foreign ministry", "2"));
    let nuclear = rows.iter().find(|r| &r[0] == "ru-investment-kaz-nuclear:RUS->KAZ").unwrap();
    assert_eq!(&nuclear[5], "", "country-specific: no group");
}

#[test]
fn csv_evidence_table_has_a_row_per_edge_and_quote_with_its_source() {
    let g = graph(None);
    let text = ok(&["--data", common::ARTICLE, "export", "--format", "csv", "--table", "evidence"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, greatgame::export::CSV_EVIDENCE_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Every quote of every edge: the second quote of Russia's trade claim too,
    // which the edge table leaves out.
    let quotes: usize = g.edges(&KindFilter::all(4)).iter().map(|&e| g.relation(e).evidence.len()).sum();
    assert_eq!(rows.len(), quotes);
    let tajik: Vec<_> = rows.iter().filter(|r| &r[col("edge")] == "ru-trade-central-asia:RUS->TJK").collect();
    assert_eq!(tajik.len(), 2);
    let second = tajik.iter().find(|r| &r[col("quote_no")] == "2").unwrap();
    assert_eq!(&second[col("quote")], g.data.relations[0].evidence[1].quote);
    assert_eq!(&second[col("speaker")], "", "the publisher's own reporting");
    let first = tajik.iter().find(|r| &r[col("quote_no")] == "1").unwrap();
    assert_eq!(&first[col("speaker")], "Kazakhstan's foreign ministry");
    for row in &rows {
        assert_eq!((&row[col("publisher")], &row[col("date")]), ("AFP", "2025-10-08"));
        assert_eq!(&row[col("source")], "afp-2025-10-08");
    }
    // The relation's own ends, for a regional claim the group.
    assert_eq!((&first[col("relation_from")], &first[col("relation_to")]), ("RUS", "central-asia"));
    assert_eq!(&first[col("regional")], "central-asia");
    // Only CSV has tables.
    let lines = fails(&["--data", common::ARTICLE, "export", "--format", "json", "--table", "evidence"]);
    assert_eq!(lines, ["greatgame: --table is for --format csv only"]);
}

#[test]
fn csv_export_to_a_file_is_what_stdout_would_have_been() {
    let dir = temp_dir("csv");
    let file = dir.join("edges.csv");
    let printed = greatgame(&[
        "--data",
        common::ARTICLE,
        "export",
        "--format",
        "csv",
        "--kind",
        "migration",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
    assert!(printed.stdout.is_empty(), "the file, not stdout, gets the rows");
    let written = fs::read_to_string(&file).unwrap();
    assert_eq!(written, ok(&["--data", common::ARTICLE, "export", "--format", "csv", "--kind", "migration"]));
    assert_eq!(written.lines().count(), 1 + 5);
    let entries: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["edges.csv"], "no temporary file left behind");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_export_leaves_the_previous_file_untouched() {
    let dir = temp_dir("keep");
    let file = dir.join("edges.csv");
    fs::write(&file, "previous").unwrap();
    let lines =
        fails(&["--data", common::ARTICLE, "export", "--format", "csv", "--kind", "oil", "-o", file.to_str().unwrap()]);
    assert_eq!(lines, ["greatgame: unknown kind \"oil\"; known kinds: trade, arms, investment, migration"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), "previous");
    let missing = dir.join("no/such/dir/edges.csv");
    let lines = fails(&["--data", common::ARTICLE, "export", "--format", "csv", "-o", missing.to_str().unwrap()]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with(&format!("greatgame: cannot write {}: ", missing.display())), "{lines:?}");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

// ---- dot ----

/// A basic DOT syntax check: braces and brackets balance outside quoted
/// strings, and every quoted string closes on its line. Returns the edge
/// lines.
fn check_dot(text: &str) -> Vec<&str> {
    assert!(text.starts_with("digraph greatgame {\n"), "{text}");
    let mut depth = 0i32;
    for line in text.lines() {
        let (mut quoted, mut escaped) = (false, false);
        for c in line.chars() {
            match (quoted, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, true, _) => escaped = false,
                (_, false, '"') => quoted = !quoted,
                (false, _, '{' | '[') => depth += 1,
                (false, _, '}' | ']') => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0, "closes more than it opens: {line}");
        }
        assert!(!quoted, "unterminated string: {line}");
    }
    assert_eq!(depth, 0, "unbalanced braces or brackets");
    assert!(!text.contains('\u{1b}'), "no raw control characters");
    text.lines().filter(|l| l.contains(" -> ")).collect()
}

#[test]
fn dot_export_draws_every_edge_coloured_by_kind_with_undirected_kinds_unarrowed() {
    let g = graph(None);
    let text = ok(&["--data", common::ARTICLE, "export", "--format", "dot"]);
    let edges = check_dot(&text);
    assert_eq!(edges.len(), g.graph.edge_count());
    let trade: Vec<_> = edges.iter().filter(|l| l.contains("label = \"Trade\"")).collect();
    assert_eq!(trade.len(), edge_count(&g, &["trade"]));
    assert!(trade.iter().all(|l| l.contains("dir = none")), "trade is undirected");
    assert!(edges.iter().filter(|l| l.contains("label = \"Arms\"")).all(|l| !l.contains("dir = none")));
    let colours: HashSet<&str> =
        edges.iter().map(|l| l.split("color = \"").nth(1).unwrap().split('"').next().unwrap()).collect();
    assert_eq!(colours.len(), 4, "one colour per kind: {colours:?}");
    let regional = edges.iter().filter(|l| l.contains("style = dashed")).count();
    assert_eq!(regional, g.graph.edge_count() - 1, "all but the nuclear plant are regional claims");
    // Laid out to read: left to right, and the group's members boxed together
    // (nodes are numbered in dataset order: KAZ..UZB are 4..8).
    assert!(text.contains("rankdir = LR"), "{text}");
    assert!(text.contains("subgraph cluster_0 { label = \"Central Asia\" style = dashed 4 5 6 7 8 }"), "{text}");
}

#[test]
fn dot_export_escapes_quotes_backslashes_and_line_breaks_from_the_data() {
    let g = graph(Some(HOSTILE));
    let text = ok(&["--data", HOSTILE, "export", "--format", "dot"]);
    assert_eq!(check_dot(&text).len(), g.graph.edge_count());
    assert!(text.contains(r#"label = "Alpha \"the first\" \\ land\\u{1b}[31m""#), "{text}");
    assert!(text.contains(r#"tooltip = "Line one line two, with \"quotes\", a comma, \\ and ]]> too""#), "{text}");
}

// ---- graphml and gexf, read back with an XML parser ----

/// An element's name and attributes.
type Element = (String, Vec<(String, String)>);

/// Every element, and the text of each `data` element as (key, text), from
/// a well-formed document (the parser fails otherwise).
fn parse_xml(text: &str) -> (Vec<Element>, Vec<(String, String)>) {
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut elements, mut data) = (Vec::new(), Vec::new());
    // The open `data` element's key and the text read so far.
    let mut open: Option<(String, String)> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                        (key, a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
                    })
                    .collect();
                if name == "data" {
                    open = attrs.iter().find(|(k, _)| k == "key").map(|(_, v)| (v.clone(), String::new()));
                }
                elements.push((name, attrs));
            }
            Event::Text(t) => {
                if let Some((_, text)) = open.as_mut() {
                    text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = open.as_mut() {
                    match r.resolve_char_ref().unwrap() {
                        Some(c) => text.push(c),
                        None => text.push_str(
                            quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap()).expect("XML entity"),
                        ),
                    }
                }
            }
            Event::End(_) => data.extend(open.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    (elements, data)
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn graphml_export_parses_with_every_edge_and_its_kind_regional_and_summary() {
    let g = graph(None);
    let text = ok(&["--data", common::ARTICLE, "export", "--format", "graphml"]);
    let (elements, data) = parse_xml(&text);
    let count = |name: &str| elements.iter().filter(|(n, _)| n == name).count();
    assert_eq!(count("edge"), g.graph.edge_count());
    assert_eq!(count("node"), g.data.actors.len());
    let keys: Vec<(&str, &str)> = elements
        .iter()
        .filter(|(n, _)| n == "key")
        .map(|(_, a)| (attr(a, "for").unwrap(), attr(a, "attr.name").unwrap()))
        .collect();
    for name in ["kind", "regional", "summary"] {
        assert!(keys.contains(&("edge", name)), "edge attribute {name}: {keys:?}");
    }
    let kinds = data.iter().filter(|(k, _)| k == "edge_kind").count();
    assert_eq!(kinds, g.graph.edge_count(), "every edge has its kind");
    let regional: Vec<&str> = data.iter().filter(|(k, _)| k == "edge_regional").map(|(_, v)| v.as_str()).collect();
    assert_eq!(regional.iter().filter(|v| **v == "central-asia").count(), 40);
    assert!(
        data.contains(&("edge_summary".into(), "Russia is to build Kazakhstan's first nuclear power plant".into()))
    );
}

#[test]
fn gexf_export_parses_with_every_edge_and_its_kind_regional_and_summary() {
    let g = graph(None);
    let text = ok(&["--data", common::ARTICLE, "export", "--format", "gexf", "--kind", "trade", "--kind", "arms"]);
    let (elements, _) = parse_xml(&text);
    let edges: Vec<&Vec<(String, String)>> = elements.iter().filter(|(n, _)| n == "edge").map(|(_, a)| a).collect();
    assert_eq!(edges.len(), edge_count(&g, &["trade", "arms"]));
    let undirected = edges.iter().filter(|a| attr(a, "type") == Some("undirected")).count();
    assert_eq!(undirected, edge_count(&g, &["trade"]));
    let values: Vec<&str> =
        elements.iter().filter(|(n, _)| n == "attvalue").filter_map(|(_, a)| attr(a, "for")).collect();
    for name in ["kind", "regional", "summary"] {
        assert_eq!(values.iter().filter(|v| **v == name).count(), edges.len(), "{name} on every edge");
    }
    assert_eq!(elements.iter().filter(|(n, _)| n == "viz:color").count(), edges.len());
}

#[test]
fn xml_exports_escape_markup_and_control_characters_from_the_data() {
    let g = graph(Some(HOSTILE));
    for format in ["graphml", "gexf"] {
        let text = ok(&["--data", HOSTILE, "export", "--format", format]);
        assert!(!text.contains('\u{1b}'), "{format}: raw ESC");
        let (elements, data) = parse_xml(&text);
        assert_eq!(elements.iter().filter(|(n, _)| n == "edge").count(), g.graph.edge_count());
        let summary = "Line one line two, with \"quotes\", a comma, \\ and ]]> too";
        let found = data.iter().any(|(k, v)| k == "edge_summary" && v == summary)
            || elements.iter().any(|(n, a)| n == "attvalue" && attr(a, "value") == Some(summary));
        assert!(found, "{format}: the summary reads back as written (on one line)");
        let label = elements.iter().any(|(_, a)| attr(a, "label") == Some("*Beta* [land](http://x) <i>"))
            || data.iter().any(|(_, v)| v == "*Beta* [land](http://x) <i>");
        assert!(label, "{format}: markup in a name is text");
    }
}

#[test]
fn every_command_reads_the_dataset_from_stdin() {
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let out = greatgame_with_stdin(&["export", "--format", "csv", "--data", "-"], &text);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a-arms-south reaches both members; a-trade-b is one edge.
    assert_eq!(stdout(&out).lines().count(), 1 + 3);
    // The same bytes from stdin and from the file give the same output, in
    // every format and for show.
    let runs: [&[&str]; 6] = [
        &["export", "--format", "json"],
        &["export", "--format", "dot"],
        &["export", "--format", "graphml"],
        &["export", "--format", "gexf"],
        &["show", "AAA", "--format", "markdown"],
        &["show", "BBB"],
    ];
    for args in runs {
        let from_stdin = greatgame_with_stdin(&[&["--data", "-"], args].concat(), &text);
        let from_file = greatgame(&[&["--data", "tests/fixtures/valid-small.json"], args].concat());
        assert_eq!(from_stdin.status.code(), Some(0), "{args:?}: {}", stderr(&from_stdin));
        assert_eq!(stdout(&from_stdin), stdout(&from_file), "{args:?}");
    }
}

// ---- validate ----

#[test]
fn validate_prints_the_loader_messages_of_every_invalid_fixture_and_exits_2() {
    let mut checked = 0;
    for entry in fs::read_dir("tests/fixtures/invalid").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file = path.to_str().unwrap();
        let expected: Vec<String> = fs::read_to_string(path.with_extension("expected"))
            .unwrap()
            .lines()
            .map(|l| {
                if l.starts_with(|c: char| c.is_ascii_digit()) { format!("{file}:{l}") } else { format!("{file}: {l}") }
            })
            .collect();
        assert_eq!(fails(&["validate", file]), expected, "{file}");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures");
}

#[test]
fn validate_says_ok_with_counts_for_good_files_and_still_reports_the_bad_ones() {
    assert_eq!(
        ok(&["--data", common::ARTICLE, "validate"]),
        format!("{}: ok (9 actors, 9 relations, 10 quotes)\n", common::ARTICLE)
    );
    // The built-in data is valid; its figures are in the units their pages
    // state, so some measures are in two units, and validate says so.
    let builtin = greatgame(&["validate"]);
    assert_eq!(builtin.status.code(), Some(0), "{}", stderr(&builtin));
    let said = stdout(&builtin);
    assert!(said.starts_with("built-in dataset: ok (9 actors, ") && said.contains(" warnings)"), "{said}");
    assert!(
        stderr(&builtin).lines().all(|l| l.contains("figures in two units do not compare")),
        "{}",
        stderr(&builtin)
    );
    assert_eq!(
        said.replace("built-in dataset", "data/central-asia.json"),
        ok_or_warned(&["validate", "data/central-asia.json"])
    );
    let out = greatgame(&[
        "validate",
        "tests/fixtures/valid-small.json",
        "tests/fixtures/invalid/unknown-kind.json",
        HOSTILE,
    ]);
    assert_eq!(out.status.code(), Some(2), "one bad file fails the run");
    assert_eq!(
        stdout(&out),
        "tests/fixtures/valid-small.json: ok (3 actors, 2 relations, 2 quotes)\n\
         tests/fixtures/markup.json: ok (3 actors, 2 relations, 3 quotes)\n"
    );
    assert_eq!(
        stderr(&out),
        "tests/fixtures/invalid/unknown-kind.json: relations[0] (a-arms-south) \"kind\": unknown kind \"tanks\" (kinds are: trade, arms) (62:7)\n"
    );
}

/// The warnings of a fixture as `validate` prints them, naming the file.
fn warning_lines(file: &str) -> Vec<String> {
    let expected = fs::read_to_string(Path::new(file).with_extension("expected")).unwrap();
    expected.lines().map(|l| format!("{file}: {l}")).collect()
}

#[test]
fn validate_prints_warnings_but_a_file_with_only_warnings_is_valid() {
    let file = "tests/fixtures/warnings/unknown-fields.json";
    let out = greatgame(&["validate", file]);
    assert_eq!(out.status.code(), Some(0), "warnings do not fail a file");
    assert_eq!(stdout(&out), format!("{file}: ok (3 actors, 2 relations, 2 quotes; 4 warnings)\n"));
    let lines: Vec<String> = stderr(&out).lines().map(String::from).collect();
    assert_eq!(lines, warning_lines(file));
    assert!(lines.iter().all(|l| l.starts_with(&format!("{file}: warning: "))), "{lines:?}");
    // The other commands load it without a word.
    for args in [vec!["--data", file, "show", "AAA"], vec!["--data", file, "export", "--format", "csv"]] {
        assert!(!ok(&args).is_empty(), "{args:?}");
    }
}

#[test]
fn validate_strict_makes_warnings_errors() {
    let warned = "tests/fixtures/warnings/repeated-relation.json";
    let out = greatgame(&["validate", "--strict", "tests/fixtures/valid-small.json", warned]);
    assert_eq!(out.status.code(), Some(2), "a file with warnings fails the run under --strict");
    assert_eq!(stdout(&out), "tests/fixtures/valid-small.json: ok (3 actors, 2 relations, 2 quotes)\n");
    let mut expected = warning_lines(warned);
    expected.push(format!("{warned}: 1 warning (errors under --strict)"));
    assert_eq!(stderr(&out).lines().collect::<Vec<_>>(), expected);
    // Without warnings, --strict changes nothing.
    assert_eq!(
        ok(&["validate", "--strict", common::ARTICLE]),
        format!("{}: ok (9 actors, 9 relations, 10 quotes)\n", common::ARTICLE)
    );
}

#[test]
fn validate_checks_the_data_file_when_given_no_files() {
    let out = ok(&["--data", "tests/fixtures/valid-small.json", "validate"]);
    assert_eq!(out, "tests/fixtures/valid-small.json: ok (3 actors, 2 relations, 2 quotes)\n");
    let lines = fails(&["--data", "tests/fixtures/valid-small.json", "validate", HOSTILE]);
    assert_eq!(lines, ["greatgame: validate takes either --data FILE or FILE arguments, not both"]);
}

#[test]
fn validate_reads_stdin_and_names_it() {
    let text = fs::read_to_string("tests/fixtures/invalid/syntax-error.json").unwrap();
    let out = greatgame_with_stdin(&["validate", "-"], &text);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "<stdin>:21:7: expected `,` or `}`\n");
    let missing = fails(&["validate", "no/such.json"]);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].starts_with("greatgame: cannot read no/such.json: "), "{missing:?}");
}

// ---- show ----

#[test]
fn show_finds_an_actor_by_id_or_name_in_any_case() {
    let by_id = ok(&["--data", common::ARTICLE, "show", "kaz"]);
    assert_eq!(by_id, ok(&["--data", common::ARTICLE, "show", "Kazakhstan"]));
    assert_eq!(by_id, ok(&["--data", common::ARTICLE, "show", "KAZAKHSTAN"]));
    assert!(by_id.starts_with("Kazakhstan (KAZ): 9 relations\n"), "{by_id}");
    assert!(by_id.contains("“Russia is set to build Kazakhstan's first nuclear plant”"), "{by_id}");
    assert!(by_id.contains("[1/2] attributed to Kazakhstan's foreign ministry, reported by AFP"), "{by_id}");
    // Regional claims say so; the nuclear plant is the one country-specific claim.
    assert_eq!(by_id.matches("Regional claim: the source speaks of Central Asia as a whole").count(), 8);
    assert_eq!(by_id.matches("Country-specific claim").count(), 1);
}

#[test]
fn show_text_in_a_pipe_is_plain_and_wrapped_to_80_columns_with_aligned_columns() {
    let text = ok(&["--data", common::ARTICLE, "show", "kaz"]);
    assert!(!text.contains('\u{1b}'), "no escape sequences outside a terminal");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    // The relation lines line up: the kind column starts at the same place.
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit())).collect();
    assert_eq!(heads.len(), 9);
    let kind_at: HashSet<usize> = heads
        .iter()
        .map(|l| ["Trade", "Migration", "Investment", "Arms"].iter().filter_map(|k| l.find(k)).min().unwrap())
        .collect();
    assert_eq!(kind_at.len(), 1, "{heads:#?}");
}

#[test]
fn show_reports_a_group_relation_once_as_a_claim_about_the_group() {
    let text = ok(&["--data", common::ARTICLE, "show", "RUS", "--kind", "trade"]);
    assert!(text.starts_with("Russia (RUS): 1 relation (5 edges)\n"), "{text}");
    assert!(text.contains("↔ Central Asia"), "{text}");
    assert!(text.contains("With Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan"), "{text}");
    assert!(text.contains("not of any one member in particular"), "{text}");
    assert_eq!(text.matches("All five Central Asian states").count(), 1, "the quote is given once");
}

#[test]
fn show_direction_keeps_undirected_kinds_on_both_sides() {
    let out = ok(&["--data", common::ARTICLE, "show", "kaz", "--direction", "out"]);
    // Outgoing: migration to Russia; trade is undirected, so it counts too.
    assert!(out.starts_with("Kazakhstan (KAZ): 4 relations\n"), "{out}");
    assert!(!out.contains("Investment"), "{out}");
    let incoming = ok(&["--data", common::ARTICLE, "show", "kaz", "--direction", "in", "--kind", "investment"]);
    assert!(incoming.starts_with("Kazakhstan (KAZ): 3 relations\n"), "{incoming}");
}

#[test]
fn show_markdown_is_paste_ready_with_block_quotes_and_citations() {
    let md = ok(&["--data", common::ARTICLE, "show", "rus", "--format", "markdown"]);
    assert!(md.starts_with("## Russia (RUS)\n"), "{md}");
    assert!(md.contains("### 1. Russia ↔ Central Asia: Trade (regional)\n"), "{md}");
    assert!(md.contains("### 2. Russia → Kazakhstan: Investment (country-specific)\n"), "{md}");
    assert!(md.contains(
        "\n> Russia is set to build Kazakhstan's first nuclear plant\n>\n> — AFP's own reporting, 2025-10-08\n"
    ));
    assert!(md.contains("> — attributed to Kazakhstan's foreign ministry, reported by AFP, 2025-10-08\n"), "{md}");
    assert!(md.contains("**Regional claim:** the source speaks of Central Asia as a whole"), "{md}");
}

#[test]
fn show_markdown_escapes_markup_from_the_data() {
    let md = ok(&["--data", HOSTILE, "show", "BBB", "--format", "markdown"]);
    assert!(md.starts_with(r"## \*Beta\* \[land\](http://x) \<i\> (BBB)"), "{md}");
    assert!(md.contains("> \\- a quote that starts like a list"), "a leading - is not a list: {md}");
    assert!(md.contains("> \\# second quote over two lines\n"), "folded onto the quote's one line: {md}");
    assert!(!md.contains('\u{1b}'));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowJson {
    version: u32,
    actor: greatgame::data::Actor,
    filter: ShowFilter,
    relations: Vec<ShowRelation>,
    sources: Vec<greatgame::data::Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowFilter {
    kinds: Vec<String>,
    direction: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowRelation {
    relation: String,
    kind: String,
    direction: String,
    with: String,
    counterparts: Vec<String>,
    regional: Option<String>,
    period: Option<String>,
    summary: String,
    evidence: Vec<greatgame::data::Evidence>,
    figures: Vec<greatgame::data::Figure>,
    edges: Vec<String>,
}

#[test]
fn show_json_parses_back_with_the_documented_fields() {
    let out: ShowJson = serde_json::from_str(&ok(&[
        "--data",
        common::ARTICLE,
        "show",
        "China",
        "--format",
        "json",
        "--direction",
        "out",
    ]))
    .unwrap();
    assert_eq!((out.version, out.actor.id.as_str()), (1, "CHN"));
    assert_eq!((out.filter.kinds.len(), out.filter.direction.as_str()), (4, "out"));
    let ids: Vec<&str> = out.relations.iter().map(|r| r.relation.as_str()).collect();
    // Grouped by kind, in the dataset's order of kinds: trade, arms, investment.
    assert_eq!(ids, ["cn-trade-central-asia-resources", "cn-arms-central-asia", "cn-investment-central-asia-bri"]);
    let arms = &out.relations[1];
    assert_eq!((arms.kind.as_str(), arms.direction.as_str(), arms.with.as_str()), ("arms", "out", "central-asia"));
    assert_eq!(arms.counterparts, ["KAZ", "KGZ", "TJK", "TKM", "UZB"]);
    assert_eq!(arms.regional.as_deref(), Some("central-asia"));
    assert_eq!(arms.edges.len(), 5);
    assert_eq!(arms.edges[0], "cn-arms-central-asia:CHN->KAZ");
    assert!(!arms.summary.is_empty() && arms.evidence.len() == 1);
    assert_eq!(out.relations[0].direction, "both", "trade is undirected");
    assert_eq!(out.sources.len(), 1);
}

#[test]
fn an_unknown_actor_lists_the_known_ones() {
    let lines = fails(&["--data", common::ARTICLE, "show", "Atlantis"]);
    assert_eq!(
        lines,
        ["greatgame: unknown actor \"Atlantis\"; known actors: RUS (Russia), CHN (China), EU (European Union), \
          TUR (Turkey), KAZ (Kazakhstan), KGZ (Kyrgyzstan), TJK (Tajikistan), TKM (Turkmenistan), UZB (Uzbekistan)"]
    );
    // What came from the command line is made printable.
    let lines = fails(&["--data", common::ARTICLE, "show", "\u{1b}[2J"]);
    assert!(lines[0].starts_with("greatgame: unknown actor \"\\u{1b}[2J\""), "{lines:?}");
}

#[test]
fn show_prints_no_control_characters_from_the_data() {
    let text = ok(&["--data", HOSTILE, "show", "aaa"]);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text}");
    assert!(text.starts_with("Alpha \"the first\" \\ land\\u{1b}[31m (AAA): 2 relations (3 edges)\n"), "{text}");
}

// ---- the command line itself ----

#[test]
fn data_is_accepted_before_or_after_the_command() {
    let before = ok(&["--data", "tests/fixtures/valid-small.json", "export", "--format", "csv"]);
    let after = ok(&["export", "--format", "csv", "--data", "tests/fixtures/valid-small.json"]);
    assert_eq!(before, after);
    assert!(before.contains("a-trade-b:AAA->BBB"));
}

#[test]
fn browser_options_before_a_command_are_an_error_not_ignored() {
    let lines = fails(&["--kind", "arms", "export", "--format", "csv"]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("give --kind after the command"), "{lines:?}");
}

#[test]
fn the_browser_checks_kind_and_actor_before_needing_a_terminal() {
    let lines = fails(&["--kind", "oil"]);
    assert_eq!(lines, ["greatgame: unknown kind \"oil\"; known kinds: trade, arms, investment, migration"]);
    let lines = fails(&["--actor", "nowhere"]);
    assert!(lines[0].starts_with("greatgame: unknown actor \"nowhere\"; known actors: RUS (Russia)"), "{lines:?}");
    // Both fine: it gets as far as the terminal check.
    let lines = fails(&["--kind", "Arms", "--actor", "kyrgyzstan"]);
    assert!(lines[0].contains("not a terminal"), "{lines:?}");
}

#[test]
fn every_command_has_help() {
    for (command, expect) in [
        ("validate", "Usage: greatgame validate [OPTIONS] [FILE]..."),
        ("show", "Usage: greatgame show [OPTIONS] <ACTOR|--source <ID>>"),
        ("export", "Usage: greatgame export [OPTIONS] --format <FORMAT>"),
        ("fmt", "Usage: greatgame fmt [OPTIONS] <FILE>..."),
        ("schema", "Usage: greatgame schema [OPTIONS]"),
    ] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains(expect), "{help}");
        assert!(help.contains("--data <FILE>"), "{command}: {help}");
    }
    let help = ok(&["--help"]);
    for command in ["validate", "show", "export", "fmt", "schema"] {
        assert!(help.contains(&format!("  {command} ")), "{help}");
    }
}

#[test]
fn clap_usage_errors_exit_2() {
    let out = greatgame(&["--data", common::ARTICLE, "export", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: json, csv, dot, graphml, gexf"), "{}", stderr(&out));
}

/// `-o -` is standard output, as `--data -` is standard input.
#[test]
fn output_dash_means_stdout() {
    let out = ok(&["--data", common::ARTICLE, "export", "--format", "csv", "-o", "-"]);
    assert!(out.starts_with("id,from,to,"));
    assert!(!Path::new("-").exists());
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target_and_keeps_permissions() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = temp_dir("symlink");
    let real = dir.join("real.csv");
    let link = dir.join("link.csv");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    symlink(&real, &link).unwrap();
    ok(&["--data", common::ARTICLE, "export", "--format", "csv", "-o", link.to_str().unwrap()]);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("id,from,to"), "its target was written");
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
    let mut names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["link.csv", "real.csv"], "no temporary file left behind");
    fs::remove_dir_all(&dir).unwrap();
}

// ---- fmt and schema ----

/// Runs a command; returns (exit status, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = greatgame(args);
    (out.status.code(), stdout(&out), stderr(&out))
}

#[test]
fn the_built_in_dataset_file_is_in_canonical_form() {
    assert_eq!(run(&["fmt", "--check", "data/central-asia.json"]), (Some(0), String::new(), String::new()));
    let text = fs::read_to_string("data/central-asia.json").unwrap();
    assert_eq!(Dataset::from_json(&text).unwrap().to_canonical_json(), text);
    assert!(text.starts_with("{\n  \"format\": 2,\n  \"title\": "), "{text}");
}

#[test]
fn fmt_rewrites_files_in_canonical_form_once_and_keeps_unknown_fields() {
    let dir = temp_dir("fmt");
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["actors"][1]["notes"] = serde_json::json!({"by": "desk", "checked": [true, null]});
    value["relations"][0]["weight"] = serde_json::json!(0.25);
    value["tool"] = serde_json::json!({"name": "kumu", "version": 3});
    let text = serde_json::to_string_pretty(&value).unwrap();
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    fs::write(&a, &text).unwrap();
    fs::write(&b, Dataset::from_json(&text).unwrap().to_canonical_json()).unwrap();
    let (a_name, b_name) = (a.to_str().unwrap(), b.to_str().unwrap());

    // --check writes nothing, names the file that would change, exits 1.
    assert_eq!(
        run(&["fmt", "--check", a_name, b_name]),
        (Some(1), format!("would reformat {a_name}\n"), String::new())
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), text);

    assert_eq!(run(&["fmt", a_name, b_name]), (Some(0), String::new(), String::new()));
    let formatted = fs::read_to_string(&a).unwrap();
    assert_eq!(formatted, fs::read_to_string(&b).unwrap());
    assert!(formatted.contains(r#"{"id": "BBB", "name": "Betaland", "capital": "Beta", "lat": -10.0, "lon": -20.0, "notes": {"by": "desk", "checked": [true, null]}}"#), "{formatted}");
    assert!(formatted.contains("      ],\n      \"weight\": 0.25\n    },"), "{formatted}");
    assert!(
        formatted.ends_with("  ],\n  \"tool\": {\n    \"name\": \"kumu\",\n    \"version\": 3\n  }\n}\n"),
        "{formatted}"
    );
    let reloaded: serde_json::Value = serde_json::from_str(&formatted).unwrap();
    let mut expected = value.clone();
    expected["format"] = 2.into();
    expected["relations"][0]["evidence"][0]["speaker"] = serde_json::Value::Null;
    assert_eq!(reloaded, expected, "the same data, unknown fields included");

    // Idempotent: a second run changes nothing and --check passes.
    assert_eq!(run(&["fmt", a_name]), (Some(0), String::new(), String::new()));
    assert_eq!(fs::read_to_string(&a).unwrap(), formatted);
    assert_eq!(run(&["fmt", "--check", a_name, b_name]), (Some(0), String::new(), String::new()));
    let mut names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["a.json", "b.json"], "no temporary file left behind");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_does_not_upgrade_a_file_that_format_2_would_reject() {
    let dir = temp_dir("fmt-old");
    let old = dir.join("old.json");
    let before = fs::read_to_string("tests/fixtures/warnings/old-dates.json").unwrap();
    fs::write(&old, &before).unwrap();
    let (code, out, err) = run(&["fmt", old.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(err.contains("left as it is") && err.contains("March 2024"), "{err}");
    assert_eq!(fs::read_to_string(&old).unwrap(), before, "the valid old file is not made invalid");
    assert_eq!(run(&["validate", old.to_str().unwrap()]).0, Some(0));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_leaves_invalid_and_newer_files_alone_and_exits_2() {
    let dir = temp_dir("fmt-invalid");
    let good = dir.join("good.json");
    fs::write(&good, fs::read_to_string("tests/fixtures/valid-small.json").unwrap()).unwrap();
    let bad = "tests/fixtures/invalid/unknown-kind.json";
    let before = fs::read(bad).unwrap();
    let (code, out, err) = run(&["fmt", bad, good.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    // validate's messages, as the fixture expects them.
    let expected = fs::read_to_string("tests/fixtures/invalid/unknown-kind.expected").unwrap();
    assert_eq!(err, format!("{bad}: {expected}"));
    assert_eq!(fs::read(bad).unwrap(), before, "an invalid file is not touched");
    assert!(fs::read_to_string(&good).unwrap().starts_with("{\n  \"format\": 2,"), "the good file is still done");

    let mut value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&good).unwrap()).unwrap();
    value["format"] = 3.into();
    let newer = serde_json::to_string(&value).unwrap();
    let out = greatgame_with_stdin(&["fmt", "-"], &newer);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "<stdin>: format 3 is newer than this greatgame knows (2); left as it is\n");
    assert!(out.stdout.is_empty());

    assert_eq!(fails(&["fmt", "--check", "no/such.json"]).len(), 1);
    assert_eq!(
        fails(&["--data", "data/central-asia.json", "fmt", "x.json"]),
        ["greatgame: fmt takes the files to rewrite as arguments, not --data"]
    );
    let out = greatgame(&["fmt"]);
    assert_eq!(out.status.code(), Some(2), "clap: FILE is required");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fmt_check_reads_stdin_and_names_it() {
    let text = fs::read_to_string("tests/fixtures/valid-small.json").unwrap();
    let out = greatgame_with_stdin(&["fmt", "--check", "-"], &text);
    assert_eq!((out.status.code(), stdout(&out)), (Some(1), "would reformat <stdin>\n".to_string()));
    let canonical = Dataset::from_json(&text).unwrap().to_canonical_json();
    let out = greatgame_with_stdin(&["fmt", "--check", "-"], &canonical);
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), String::new()));
}

#[test]
fn schema_prints_the_shipped_json_schema() {
    let printed = ok(&["schema"]);
    assert_eq!(printed, greatgame::data::schema_json());
    assert_eq!(printed, fs::read_to_string("data/schema.json").unwrap());
    let schema: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
}

// ---- figures, periods and as_of (tests/fixtures/figures.json, made up) ----
//
// Alphaland-Betaland trade (ongoing since 2019) has turnover for 2023, two
// reporters that disagree for 2024, and a partial 2025; Alphaland-Gammaland
// trade is backed by figures only (2023, then 2024); the South's migration
// to Alphaland is a claim about the group, with one remittances figure; the
// investment relation has a period and no figures.

const FIGURES: &str = "tests/fixtures/figures.json";

/// `show`'s text with its line wrapping undone, to look for whole phrases.
fn unwrapped(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn show_prints_periods_as_of_and_every_figure_below_the_quotes_marking_disagreements() {
    let text = ok(&["--data", FIGURES, "show", "AAA"]);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    let flat = unwrapped(&text);
    assert!(flat.contains("Period: 2019/.. (ongoing)"), "{text}");
    assert!(flat.contains("Period: 2020/2024"), "{text}");
    assert!(
        flat.contains("“Alphaland and Betaland renewed the trade pact they signed in 2019” as of 2024-12"),
        "{text}"
    );
    // Every figure, as stated: ≈ for approx, whose statistics, who published them, the url.
    assert!(flat.contains(
        "Figures · trade turnover 38.5 USD bn · 2023 · per Alphaland's customs · Alphaland Customs 2025-01-20 · https://example.org/customs \
         43.8 USD bn · 2024 · per Alphaland's customs · Alphaland Customs 2025-01-20 · https://example.org/customs \
         ≈30.2 USD bn · 2024 · per Betaland's statistics office · Betaland Statistics Office 2025-02-10 · https://example.org/b-stats \
         12.1 USD bn · 2025-01/2025-04 · per Alphaland's customs"
    ), "{text}");
    assert!(flat.contains("≈2.4 USD bn · 2024 · Example Bank 2025-05-05 · https://example.org/bank · note: transfers through banks only"), "{text}");
    assert_eq!(flat.matches(" USD bn · ").count(), 8, "all 8 figures of Alphaland's relations: {text}");
    // Below the quotes of their relation.
    assert!(flat.find("renewed the trade pact").unwrap() < flat.find("Figures · trade turnover").unwrap());
    // Only 2024's trade turnover of Alphaland-Betaland is disputed.
    assert_eq!(flat.matches("sources disagree").count(), 1, "{text}");
    assert!(flat.contains("sources disagree for 2024: every figure is kept"), "{text}");
    // A relation backed by figures alone says so.
    assert!(flat.contains("↔ Gammaland Trade country 0 quotes · 2 figures"), "{text}");
}

#[test]
fn show_markdown_and_json_carry_periods_as_of_and_figures() {
    let md = ok(&["--data", FIGURES, "show", "AAA", "--format", "markdown"]);
    assert!(md.contains("**Period:** 2019/.. (ongoing)\n"), "{md}");
    assert!(md.contains("<https://example.org/wire> (as of 2024-12)\n"), "{md}");
    assert!(md.contains(
        "\n**Figures: trade turnover**\n\n- 38.5 USD bn · 2023 · per Alphaland's customs · Alphaland Customs 2025-01-20 · <https://example.org/customs>\n"
    ), "{md}");
    assert!(md.contains("- ≈30.2 USD bn · 2024 · per Betaland's statistics office · Betaland Statistics Office 2025-02-10 · <https://example.org/b-stats>\n"), "{md}");
    assert!(md.contains("- *sources disagree for 2024: every figure is kept, each with whose it is*\n"), "{md}");

    let out: ShowJson = serde_json::from_str(&ok(&["--data", FIGURES, "show", "AAA", "--format", "json"])).unwrap();
    let rel = |id: &str| out.relations.iter().find(|r| r.relation == id).unwrap();
    let pact = rel("a-trade-b");
    assert_eq!(pact.period.as_deref(), Some("2019/.."));
    assert_eq!(pact.evidence[0].as_of.as_deref(), Some("2024-12"));
    let values: Vec<f64> = pact.figures.iter().map(|f| f.value).collect();
    assert_eq!(values, [38.5, 43.8, 30.2, 12.1, -3.2], "every figure, as in the dataset");
    let only_figures = rel("a-trade-c");
    assert!(only_figures.evidence.is_empty() && only_figures.figures.len() == 2);
    assert_eq!(rel("a-investment-b").period.as_deref(), Some("2020/2024"));
    // The sources the figures cite are listed with the quotes' source.
    let mut sources: Vec<&str> = out.sources.iter().map(|s| s.id.as_str()).collect();
    sources.sort_unstable();
    assert_eq!(sources, ["a-customs", "b-stats", "bank", "wire"]);
}

#[test]
fn show_source_lists_the_figures_a_source_gives() {
    let text = ok(&["--data", FIGURES, "show", "--source", "a-customs"]);
    assert!(text.starts_with("Source a-customs: 0 quotes and 5 figures backing 2 relations\n"), "{text}");
    let flat = unwrapped(&text);
    assert!(flat.contains("Text not stored. Figures - a-trade-b (Alphaland ↔ Betaland, Trade): trade turnover 38.5 USD bn · 2023 · per Alphaland's customs"), "{text}");
    assert!(flat.contains("- a-trade-c (Alphaland ↔ Gammaland, Trade): trade turnover 6.1 USD bn · 2024"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["--data", FIGURES, "show", "--source", "bank", "--format", "json"])).unwrap();
    assert_eq!(json["figures"][0]["relation"], "south-migration-a");
    assert_eq!(json["figures"][0]["value"], 2.4);
    assert_eq!(json["figures"][0]["note"], "transfers through banks only");
    assert_eq!(json["relations"][0]["id"], "south-migration-a");
}

#[test]
fn json_export_carries_each_relations_period_figures_and_as_of() {
    let out: GraphJson = serde_json::from_str(&ok(&["--data", FIGURES, "export", "--format", "json"])).unwrap();
    let edge = |id: &str| out.edges.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("{id}"));
    let pact = edge("a-trade-b:AAA->BBB");
    assert_eq!(pact.period.as_deref(), Some("2019/.."));
    assert_eq!(pact.evidence[0].as_of.as_deref(), Some("2024-12"));
    assert_eq!(pact.figures.len(), 5);
    let disputed: Vec<(&str, f64)> = pact
        .figures
        .iter()
        .filter(|f| f.measure == "trade turnover" && f.period == "2024")
        .map(|f| (f.reporter.as_deref().unwrap(), f.value))
        .collect();
    assert_eq!(disputed, [("Alphaland's customs", 43.8), ("Betaland's statistics office", 30.2)], "both kept");
    assert!(edge("a-trade-c:AAA->CCC").evidence.is_empty(), "backed by figures only");
    // A claim about the group: each member's edge says so beside the figure.
    for id in ["south-migration-a:BBB->AAA", "south-migration-a:CCC->AAA"] {
        assert_eq!(edge(id).regional.as_deref(), Some("south"));
        assert_eq!(edge(id).figures[0].measure, "remittances");
    }
    let port = edge("a-investment-b:AAA->BBB");
    assert_eq!((port.period.as_deref(), port.figures.len()), (Some("2020/2024"), 0));
    assert_eq!(edge("a-trade-c:AAA->CCC").period, None);
}

#[test]
fn csv_figures_table_has_one_row_per_figure_of_a_relation_that_pandas_can_read() {
    let text = ok(&["--data", FIGURES, "export", "--format", "csv", "--table", "figures"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "relation,from,to,kind,measure,value,unit,period,reporter,approx,publisher,date,url,note"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 5 + 2 + 1: the South's remittances are one row (the group), not one per member.
    assert_eq!(rows.len(), 8);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let remittances = rows.iter().find(|r| &r[col("measure")] == "remittances").unwrap();
    assert_eq!(
        remittances.iter().collect::<Vec<_>>(),
        [
            "south-migration-a",
            "south",
            "AAA",
            "migration",
            "remittances",
            "2.4",
            "USD bn",
            "2024",
            "",
            "true",
            "Example Bank",
            "2025-05-05",
            "https://example.org/bank",
            "transfers through banks only"
        ]
    );
    // Every value is a number as stated, a negative one too (no formula guard on it).
    let values: Vec<f64> = rows.iter().map(|r| r[col("value")].parse().expect("a number")).collect();
    assert_eq!(values, [38.5, 43.8, 30.2, 12.1, -3.2, 5.5, 6.1, 2.4]);
    let partial = &rows[3];
    assert_eq!((&partial[col("period")], &partial[col("reporter")]), ("2025-01/2025-04", "Alphaland's customs"));
    assert_eq!(&rows[2][col("approx")], "true");
    assert_eq!(&rows[2][col("publisher")], "Betaland Statistics Office");
    // The same --kind filter as the other tables.
    let migration = ok(&["--data", FIGURES, "export", "--format", "csv", "--table", "figures", "--kind", "migration"]);
    assert_eq!(migration.lines().count(), 1 + 1);
    let investment =
        ok(&["--data", FIGURES, "export", "--format", "csv", "--table", "figures", "--kind", "investment"]);
    assert_eq!(investment.lines().count(), 1, "the header alone: no figures");
    // Text a spreadsheet would run as a formula is shown as text.
    let hostile = fs::read_to_string(FIGURES).unwrap().replace("Alphaland's customs", "=HYPERLINK(\\\"x\\\")");
    let out = greatgame_with_stdin(&["--data", "-", "export", "--format", "csv", "--table", "figures"], &hostile);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[col("reporter")], "'=HYPERLINK(\"x\")");
}

/// Each edge's attributes (GraphML `data` by key, GEXF `attvalue` by
/// `for`), by edge id.
fn edge_attributes(text: &str) -> std::collections::HashMap<String, Vec<(String, String)>> {
    let (elements, data) = parse_xml(text);
    let mut edges: std::collections::HashMap<String, Vec<(String, String)>> = Default::default();
    let mut current: Option<String> = None;
    let mut data = data.into_iter();
    for (name, attrs) in &elements {
        match name.as_str() {
            "edge" => current = attr(attrs, "id").map(String::from),
            "node" => current = None,
            "data" => {
                let (key, value) = data.next().expect("a data element's text");
                if let Some(edge) = &current {
                    edges.entry(edge.clone()).or_default().push((key, value));
                }
            }
            "attvalue" => {
                if let Some(edge) = &current {
                    let pair = (attr(attrs, "for").unwrap().to_string(), attr(attrs, "value").unwrap().to_string());
                    edges.entry(edge.clone()).or_default().push(pair);
                }
            }
            _ => {}
        }
    }
    edges
}

#[test]
fn graphml_and_gexf_carry_the_latest_whole_year_value_per_measure_and_none_when_disputed() {
    for (format, prefix, declared, name_attr, int) in
        [("graphml", "edge_", "key", "attr.name", "int"), ("gexf", "", "attribute", "title", "integer")]
    {
        let text = ok(&["--data", FIGURES, "export", "--format", format]);
        let (elements, _) = parse_xml(&text);
        // One set of attributes per measure, declared once, with valid, stable ids.
        let declarations: Vec<(&str, &str, &str)> = elements
            .iter()
            .filter(|(n, _)| n == declared)
            .map(|(_, a)| {
                (attr(a, "id").unwrap(), attr(a, name_attr).unwrap(), attr(a, "attr.type").or(attr(a, "type")).unwrap())
            })
            .collect();
        for (id, name, ty) in [
            ("fig_trade_turnover", "trade turnover", "double"),
            ("fig_trade_turnover_unit", "trade turnover unit", "string"),
            ("fig_trade_turnover_year", "trade turnover year", int),
            ("fig_trade_turnover_disputed", "trade turnover disputed", "boolean"),
            ("fig_trade_turnover_figures", "trade turnover figures", "string"),
            ("fig_remittances", "remittances", "double"),
            ("fig_trade_balance", "trade balance", "double"),
        ] {
            let id = format!("{prefix}{id}");
            assert!(declarations.contains(&(id.as_str(), name, ty)), "{format}: {id} {name} {ty}: {declarations:?}");
        }
        for (id, _, _) in &declarations {
            assert!(
                id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !id.starts_with(|c: char| c.is_ascii_digit()),
                "{id}"
            );
        }
        let edges = edge_attributes(&text);
        let value = |edge: &str, key: &str| {
            let key = format!("{prefix}{key}");
            edges[edge].iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
        };
        // The latest whole year, not an earlier one.
        let c = "a-trade-c:AAA->CCC";
        assert_eq!(value(c, "fig_trade_turnover"), Some("6.1"), "{format}");
        assert_eq!(value(c, "fig_trade_turnover_year"), Some("2024"));
        assert_eq!(value(c, "fig_trade_turnover_unit"), Some("USD bn"));
        assert_eq!(value(c, "fig_trade_turnover_disputed"), Some("false"));
        // Two reporters disagree for 2024 (the partial 2025 never stands for a year): no single value.
        let b = "a-trade-b:AAA->BBB";
        assert_eq!(value(b, "fig_trade_turnover"), None, "{format}: a disputed year has no single value");
        assert_eq!(value(b, "fig_trade_turnover_unit"), None);
        assert_eq!(value(b, "fig_trade_turnover_year"), Some("2024"));
        assert_eq!(value(b, "fig_trade_turnover_disputed"), Some("true"));
        assert_eq!(
            value(b, "fig_trade_turnover_figures"),
            Some(
                "43.8 USD bn per Alphaland's customs (Alphaland Customs 2025-01-20); ≈30.2 USD bn per Betaland's statistics office (Betaland Statistics Office 2025-02-10)"
            )
        );
        assert_eq!(value(b, "fig_trade_balance"), Some("-3.2"));
        assert_eq!(value(b, "period"), Some("2019/.."));
        // A figure about the group is not given to each member as its own value.
        let member = "south-migration-a:BBB->AAA";
        assert_eq!(value(member, "fig_remittances"), None, "{format}");
        assert_eq!(
            value(member, "fig_remittances_figures"),
            Some("about The South as a whole: ≈2.4 USD bn (Example Bank 2025-05-05)")
        );
        // No figures, no figure attributes.
        let port = "a-investment-b:AAA->BBB";
        assert!(edges[port].iter().all(|(k, _)| !k.contains("fig_")), "{format}: {:?}", edges[port]);
        assert_eq!(value(port, "period"), Some("2020/2024"));
    }
}
