//! `import`: relations from a CSV file laid out as the evidence table
//! (`export --format csv --table evidence`), so that an export imports back.
//!
//! Pure: `read` takes the CSV's bytes and the dataset (with its sources'
//! texts) and returns the relations and sources to add, and what is wrong
//! with each bad row; `cli` reads and writes the files.
//!
//! The evidence table has one row per edge and quote: a relation on a group
//! is one edge per member, so its quotes come once per member. Rows with
//! one relation id make one relation; a quote repeated from the same source
//! with the same speaker is the same piece of evidence. `edge`, `regional`
//! and `quote_no` are derived from the other columns and not read.

use std::collections::{HashMap, HashSet};

use crate::data::date::PartialDate;
use crate::data::resolve;
use crate::data::texts::{Texts, closest_passage, find_quote, near_miss_message};
use crate::data::{
    Dataset, Evidence, MAX_NAME_CHARS, MAX_QUOTE_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, Relation, Source,
};
use crate::export::CSV_EVIDENCE_HEADER;

/// Something wrong with a line of the CSV file (from 1; the header is 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: u64,
    pub message: String,
}

/// What a CSV file adds to a dataset.
#[derive(Debug, Default)]
pub struct Import {
    /// Sources the rows create (a source id the dataset does not have, or
    /// none, with a publisher and a date).
    pub sources: Vec<Source>,
    pub relations: Vec<Relation>,
    /// Rows read (blank ones aside).
    pub rows: usize,
    /// Rows with problems: nothing of them is in `sources` or `relations`.
    pub bad_rows: usize,
    /// Every problem, in line order, several for a row when it has several.
    pub problems: Vec<LineProblem>,
}

/// Reads the rows of `csv` against `data` (`texts`: its sources' texts).
/// `Err`: the header is not one `import` can read, and no row was read.
pub fn read(csv: &[u8], data: &Dataset, texts: &Texts) -> Result<Import, Vec<LineProblem>> {
    // Flexible: a row with a missing cell is that row's problem, not the file's.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(e) => return Err(vec![LineProblem { line: 1, message: csv_error(&e) }]),
    };
    let columns = Columns::new(&header)?;
    let mut importer = Importer::new(data, texts);
    let mut out = Import::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.rows += 1;
                out.bad_rows += 1;
                out.problems.push(LineProblem { line, message: csv_error(&e) });
                continue;
            }
        };
        // A spreadsheet's trailing rows of empty cells.
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        out.rows += 1;
        let problems = if record.len() != header.len() {
            vec![format!("{} cells; the header has {} columns", record.len(), header.len())]
        } else {
            let row = Row { columns: &columns, record: &record };
            importer.add(line, &row).err().unwrap_or_default()
        };
        if !problems.is_empty() {
            out.bad_rows += 1;
            out.problems.extend(problems.into_iter().map(|message| LineProblem { line, message }));
        }
    }
    out.sources = importer.sources;
    out.relations = importer.relations;
    Ok(out)
}

/// csv's error without its position (the caller gives the line).
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8 (field {})", err.field() + 1),
        _ => e.to_string(),
    }
}

/// Where each column is, by its name in the evidence table.
struct Columns(HashMap<&'static str, usize>);

impl Columns {
    fn new(header: &csv::StringRecord) -> Result<Columns, Vec<LineProblem>> {
        let mut at = HashMap::new();
        let mut problems = Vec::new();
        let mut problem = |message: String| problems.push(LineProblem { line: 1, message });
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            match CSV_EVIDENCE_HEADER.iter().find(|&&known| known == name) {
                Some(&known) if at.insert(known, i).is_some() => problem(format!("column \"{name}\" is there twice")),
                Some(_) => {}
                // A column that would not be imported would be lost silently.
                None => problem(format!(
                    "unknown column \"{name}\"; the columns are those of the evidence table: {}",
                    CSV_EVIDENCE_HEADER.join(",")
                )),
            }
        }
        let needed: [&[&str]; 7] = [
            &["relation"],
            &["kind"],
            &["relation_from", "from"],
            &["relation_to", "to"],
            &["summary"],
            &["quote"],
            &["source", "publisher"],
        ];
        for names in needed {
            if !names.iter().any(|n| at.contains_key(n)) {
                let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                problem(format!("no {} column", names.join(" or ")));
            }
        }
        if problems.is_empty() { Ok(Columns(at)) } else { Err(problems) }
    }
}

/// One row's cells, by column name.
struct Row<'a> {
    columns: &'a Columns,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The cell as written ("" when the file has no such column), less the
    /// `'` the export puts before a cell a spreadsheet would run as a
    /// formula (`=`, `+`, `-`, `@`).
    fn text(&self, column: &str) -> &str {
        let cell = self.columns.0.get(column).and_then(|&i| self.record.get(i)).unwrap_or_default();
        match cell.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
            _ => cell,
        }
    }

    /// An id or a name: spaces around it are a spreadsheet's, not the data's.
    fn name(&self, column: &str) -> &str {
        self.text(column).trim()
    }

    /// An optional text: an empty cell is none.
    fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column)).filter(|t| !t.trim().is_empty()).map(String::from)
    }
}

/// The rows read so far, and what they add.
struct Importer<'a> {
    data: &'a Dataset,
    texts: &'a Texts,
    /// The dataset's relation ids: a row may not reuse one.
    relation_ids: HashSet<&'a str>,
    /// What `from` and `to` may name: (id, name) of every actor, then group.
    ends: Vec<(&'a str, &'a str)>,
    /// Relations added: each one's index in `relations` and its first line.
    added: HashMap<String, (usize, u64)>,
    sources: Vec<Source>,
    relations: Vec<Relation>,
}

/// A row's source: one the dataset (or an earlier row) has, or a new one.
enum Cited {
    Known(String),
    New(Source),
}

impl<'a> Importer<'a> {
    fn new(data: &'a Dataset, texts: &'a Texts) -> Importer<'a> {
        let ends = (data.actors.iter().map(|a| (a.id.as_str(), a.name.as_str())))
            .chain(data.groups.iter().map(|g| (g.id.as_str(), g.name.as_str())))
            .collect();
        let relation_ids = data.relations.iter().map(|r| r.id.as_str()).collect();
        Importer { data, texts, relation_ids, ends, added: HashMap::new(), sources: Vec::new(), relations: Vec::new() }
    }

    /// Checks a row, then adds it (its relation, quote, new source), or
    /// returns every problem it has and adds nothing.
    fn add(&mut self, line: u64, row: &Row) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let id = row.name("relation");
        if id.is_empty() {
            problems.push("no relation id (column \"relation\")".to_string());
        } else if let Some(problem) = id_problem("relation", id) {
            problems.push(problem);
        } else if self.relation_ids.contains(id) {
            problems.push(format!("relation \"{id}\" is already in the dataset"));
        }
        let kind = self.kind(row.name("kind")).map_err(|p| problems.push(p)).ok();
        let from = self.end(row, "from").map_err(|p| problems.push(p)).ok();
        let to = self.end(row, "to").map_err(|p| problems.push(p)).ok();
        if let (Some(from), Some(to)) = (&from, &to)
            && from == to
        {
            problems.push(format!("from and to are the same (\"{from}\")"));
        }
        let summary = row.text("summary");
        let quote = row.text("quote");
        for (column, value) in [("summary", summary), ("quote", quote)] {
            if value.trim().is_empty() {
                problems.push(format!("empty \"{column}\""));
            }
        }
        let speaker = row.optional("speaker");
        for (column, value, max) in [
            ("summary", summary, MAX_SUMMARY_CHARS),
            ("quote", quote, MAX_QUOTE_CHARS),
            ("speaker", speaker.as_deref().unwrap_or_default(), MAX_NAME_CHARS),
        ] {
            if value.chars().count() > max {
                problems.push(format!("\"{column}\" is longer than {max} characters"));
            }
        }
        let cited = self.source(row).map_err(|p| problems.push(p)).ok();
        if let Some(Cited::Known(source)) = &cited
            && let Some(problem) = self.not_in_text(source, quote)
        {
            problems.push(problem);
        }
        let (Some(kind), Some(from), Some(to), Some(cited), true) = (kind, from, to, cited, problems.is_empty()) else {
            return Err(problems);
        };
        let source = match &cited {
            Cited::Known(source) => source.clone(),
            Cited::New(source) => source.id.clone(),
        };
        let evidence = Evidence { source, quote: quote.to_string(), speaker, ..Evidence::default() };
        let relation = Relation {
            id: id.to_string(),
            kind,
            from,
            to,
            summary: summary.to_string(),
            evidence: vec![evidence],
            ..Relation::default()
        };
        match self.added.get(id) {
            Some(&(i, first)) => merge(&mut self.relations[i], first, relation)?,
            None => {
                self.added.insert(id.to_string(), (self.relations.len(), line));
                self.relations.push(relation);
            }
        }
        if let Cited::New(source) = cited {
            self.sources.push(source);
        }
        Ok(())
    }

    /// The id of the kind a cell names (an id or a label, any case).
    fn kind(&self, asked: &str) -> Result<String, String> {
        let kinds = &self.data.kinds;
        match resolve(kinds, asked, |k| &k.id, |k| &k.label) {
            Ok(i) => Ok(kinds[i].id.clone()),
            Err(_) if asked.is_empty() => Err("empty \"kind\"".to_string()),
            Err(found) => {
                Err(unknown("kind", asked, "", "kinds are", found, kinds.iter().map(|k| k.id.clone()).collect()))
            }
        }
    }

    /// The relation's `from` or `to` (`side`): the relation's own end
    /// (`relation_from`), else the edge's (`from`). When both are given, the
    /// edge's end is the relation's, or a member of its group.
    fn end(&self, row: &Row, side: &str) -> Result<String, String> {
        let own_column = format!("relation_{side}");
        let (own, edge) = (row.name(&own_column), row.name(side));
        if own.is_empty() && edge.is_empty() {
            return Err(format!("no \"{own_column}\" or \"{side}\""));
        }
        let (column, asked) = if own.is_empty() { (side, edge) } else { (own_column.as_str(), own) };
        let id = self.actor_or_group(column, asked)?;
        if !own.is_empty() && !edge.is_empty() {
            let edge_id = self.actor_or_group(side, edge)?;
            let member = self.data.group(&id).is_some_and(|g| g.members.contains(&edge_id));
            if edge_id != id && !member {
                return Err(format!(
                    "\"{side}\" is \"{edge}\", neither \"{own_column}\" (\"{own}\") nor a member of it"
                ));
            }
        }
        Ok(id)
    }

    /// The id of the actor or group a cell names (an id or a name, any case).
    fn actor_or_group(&self, column: &str, asked: &str) -> Result<String, String> {
        let ends = &self.ends;
        match resolve(ends, asked, |e| e.0, |e| e.1) {
            Ok(i) => Ok(ends[i].0.to_string()),
            Err(found) => {
                let ids = ends.iter().map(|e| e.0.to_string()).collect();
                let place = format!(" in \"{column}\"");
                Err(unknown("actor or group", asked, &place, "actors and groups are", found, ids))
            }
        }
    }

    /// The row's source: the one its `source` id names (whose publisher,
    /// date, title and url the row may repeat, not contradict), else one
    /// made from the row's publisher, date, title and url: the same as a
    /// source already there, or a new one (with the row's id, or an id
    /// made from the publisher and date).
    fn source(&self, row: &Row) -> Result<Cited, String> {
        let id = row.name("source");
        let new = Source {
            id: id.to_string(),
            publisher: row.text("publisher").to_string(),
            date: row.name("date").to_string(),
            title: row.optional("title"),
            url: row.optional("url"),
            ..Source::default()
        };
        let known = || self.data.sources.iter().chain(&self.sources);
        if let Some(source) = known().find(|s| !id.is_empty() && s.id == id) {
            return agrees(source, &new).map(|()| Cited::Known(source.id.clone()));
        }
        if new.publisher.trim().is_empty() {
            return Err(if id.is_empty() {
                "no source: give a source id, or a publisher and a date".to_string()
            } else {
                format!("source \"{id}\" is not in the dataset, and the row has no publisher to add it with")
            });
        }
        if id.is_empty()
            && let Some(same) = known().find(|s| {
                (&s.publisher, &s.date, &s.title, &s.url) == (&new.publisher, &new.date, &new.title, &new.url)
            })
        {
            return Ok(Cited::Known(same.id.clone()));
        }
        if new.date.is_empty() {
            return Err("a new source needs a date (YYYY, YYYY-MM or YYYY-MM-DD)".to_string());
        }
        if let Err(e) = new.date.parse::<PartialDate>() {
            return Err(format!("the new source's date \"{}\" is not a date: {e}", new.date));
        }
        for (column, value, max) in [
            ("publisher", new.publisher.as_str(), MAX_NAME_CHARS),
            ("title", new.title.as_deref().unwrap_or_default(), MAX_TITLE_CHARS),
            ("url", new.url.as_deref().unwrap_or_default(), MAX_TITLE_CHARS),
        ] {
            if value.chars().count() > max {
                return Err(format!("\"{column}\" is longer than {max} characters"));
            }
        }
        let id = if id.is_empty() { self.fresh_source_id(&new) } else { id.to_string() };
        if let Some(problem) = id_problem("source", &id) {
            return Err(problem);
        }
        Ok(Cited::New(Source { id, ..new }))
    }

    /// `publisher-date` in lower case, letters and digits kept, the rest
    /// dashes (`afp-2025-10-08`), with `-2`, `-3`... if it is taken.
    fn fresh_source_id(&self, source: &Source) -> String {
        let raw = format!("{}-{}", source.publisher, source.date).to_lowercase();
        let words: Vec<&str> = raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let base: String = words.join("-").chars().take(MAX_NAME_CHARS - 4).collect();
        crate::data::unused_id(base, |id| self.data.sources.iter().chain(&self.sources).any(|s| s.id == id))
    }

    /// Why `quote` is not evidence from `source`, when the source has a text
    /// and the quote is not in it (as `validate` finds quotes: the words in
    /// order, runs of whitespace folded).
    fn not_in_text(&self, source: &str, quote: &str) -> Option<String> {
        let text = self.texts.get(source)?;
        if quote.trim().is_empty() || find_quote(&text.text, quote).is_some() {
            return None;
        }
        let whose = format!("the quote is not in the text of source \"{source}\" ({})", text.path.display());
        Some(match closest_passage(&text.text, quote) {
            None => format!("{whose}, and no passage of the text is close to it"),
            Some(near) => near_miss_message(&whose, &near),
        })
    }
}

/// A later row of a relation (`row`, with its one quote) into the relation
/// its first row (on line `first`) made: one more quote, or the same one
/// again (the export writes it once per member of a group). The relation
/// itself must be the same.
fn merge(earlier: &mut Relation, first: u64, row: Relation) -> Result<(), Vec<String>> {
    let id = &row.id;
    let fields = [
        ("kind", &earlier.kind, &row.kind),
        ("from", &earlier.from, &row.from),
        ("to", &earlier.to, &row.to),
        ("summary", &earlier.summary, &row.summary),
    ];
    let mut problems: Vec<String> = (fields.into_iter().filter(|(_, a, b)| a != b))
        .map(|(field, a, b)| format!("relation \"{id}\" has {field} \"{a}\" on line {first}, \"{b}\" here"))
        .collect();
    let evidence = row.evidence.into_iter().next().expect("a row has one quote");
    match earlier.evidence.iter().find(|e| e.source == evidence.source && e.quote == evidence.quote) {
        Some(same) if same.speaker != evidence.speaker => problems
            .push(format!("relation \"{id}\" has this quote from this source on an earlier row, with another speaker")),
        Some(_) => {}
        None if problems.is_empty() => earlier.evidence.push(evidence),
        None => {}
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Whether the row's publisher, date, title and url (those it gives) are
/// the source's: a row does not change a source.
fn agrees(source: &Source, row: &Source) -> Result<(), String> {
    let fields = [
        ("publisher", Some(&source.publisher), Some(&row.publisher)),
        ("date", Some(&source.date), Some(&row.date)),
        ("title", source.title.as_ref(), row.title.as_ref()),
        ("url", source.url.as_ref(), row.url.as_ref()),
    ];
    for (field, has, says) in fields {
        let Some(says) = says.filter(|s| !s.trim().is_empty()) else { continue };
        if has != Some(says) {
            let has = has.map_or("none".to_string(), |h| format!("\"{h}\""));
            return Err(format!("source \"{}\" has {field} {has}; this row says \"{says}\"", source.id));
        }
    }
    Ok(())
}

/// Ids name things in exports (`relation:FROM->TO`): validation's rule.
fn id_problem(what: &str, id: &str) -> Option<String> {
    let bad = id.chars().count() > MAX_NAME_CHARS || id.contains(|c: char| c.is_whitespace() || c == ':' || c == '>');
    bad.then(|| format!("{what} id \"{id}\" may not hold spaces, ':' or '>', nor be longer than 200 characters"))
}

/// `unknown kind "oil" (kinds are: trade, arms)` (up to a dozen known ids
/// are listed, as `validate` does), or `ambiguous ... : it matches ...`;
/// `found` is what `resolve` matched.
fn unknown(what: &str, asked: &str, place: &str, known_are: &str, found: Vec<usize>, ids: Vec<String>) -> String {
    const LISTED: usize = 12;
    if !found.is_empty() {
        let matches: Vec<&str> = found.iter().map(|&i| ids[i].as_str()).collect();
        return format!("ambiguous {what} \"{asked}\"{place}: it matches {}", matches.join(", "));
    }
    if ids.len() > LISTED || ids.is_empty() {
        return format!("unknown {what} \"{asked}\"{place}");
    }
    format!("unknown {what} \"{asked}\"{place} ({known_are}: {})", ids.join(", "))
}
