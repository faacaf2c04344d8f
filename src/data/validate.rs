//! Validation: every problem with ids, references and values, and every
//! warning, each naming where it is (the loader adds line:column).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt;
use std::hash::BuildHasher;
use std::str::FromStr;

use ratatui::style::Color;

use super::date::{DateError, PartialDate};
use super::json::Seg;
use super::record::RecordShape;
use super::*;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The file cannot be used until it is fixed.
    Error,
    /// The file loads, but something in it is probably not what its author
    /// meant (an unknown field, a repeated relation, a date not in the ISO
    /// form). `validate --strict` makes warnings errors.
    Warning,
}

/// One problem found while loading a dataset, already phrased for a person.
/// The message quotes ids and values as the file has them, control
/// characters included: print it through `printable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Where in the dataset, e.g. `relations[3] (cn-arms) "evidence"`;
    /// `None` for a problem with the file as a whole (JSON syntax).
    pub path: Option<String>,
    /// Line and column in the file (both from 1), when known.
    pub at: Option<(usize, usize)>,
    /// What is wrong, in plain words: what was found, what was expected.
    pub message: String,
}

impl Problem {
    /// An error about the file as a whole, without a position.
    pub(super) fn new(message: String) -> Problem {
        Problem { severity: Severity::Error, path: None, at: None, message }
    }

    /// A JSON syntax error (or one serde_json reports like one) at line:column.
    pub(super) fn syntax(line: usize, column: usize, message: String) -> Problem {
        Problem { severity: Severity::Error, path: None, at: Some((line, column)), message }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The problem as one line naming the file: `FILE:LINE:COL: ...` for
    /// syntax errors (as compilers do), `FILE: ...` otherwise.
    pub fn in_file(&self, file: &str) -> String {
        match (&self.path, self.at) {
            (None, Some(_)) if !self.is_warning() => format!("{file}:{self}"),
            _ => format!("{file}: {self}"),
        }
    }
}

/// `relations[3] (cn-arms) "evidence": expected a list of quotes, found an
/// object (12:7)`; a syntax error leads with its position: `21:7: expected
/// `,` or `}``; a warning starts with `warning: `.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_warning() {
            f.write_str("warning: ")?;
        }
        match (&self.path, self.at) {
            (Some(path), Some((line, column))) => write!(f, "{path}: {} ({line}:{column})", self.message),
            (Some(path), None) => write!(f, "{path}: {}", self.message),
            (None, Some((line, column))) => write!(f, "{line}:{column}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// Where something is in a dataset: the path into the JSON document (for
/// its position) and how a person reads it (`relations[3] (cn-arms)
/// evidence[0] "quote"`).
#[derive(Debug, Clone, Default)]
pub(super) struct Loc {
    pub path: Vec<Seg>,
    /// The record or item, e.g. `relations[3] (cn-arms) evidence[0]`.
    prefix: String,
    /// A field of it.
    field: Option<String>,
}

impl Loc {
    /// The dataset itself.
    pub fn root() -> Loc {
        Loc::default()
    }

    pub fn field(&self, key: &str) -> Loc {
        let mut path = self.path.clone();
        path.push(Seg::Key(key.to_string()));
        Loc { path, prefix: self.text().unwrap_or_default(), field: Some(key.to_string()) }
    }

    /// Item `i` of the list this names, with the item's id when it has one.
    pub fn item(&self, i: usize, id: Option<&str>) -> Loc {
        let mut path = self.path.clone();
        path.push(Seg::Index(i));
        let name = self.field.as_deref().unwrap_or_default();
        let mut prefix = if self.prefix.is_empty() { String::new() } else { format!("{} ", self.prefix) };
        prefix.push_str(&format!("{name}[{i}]"));
        if let Some(id) = id.filter(|id| !id.trim().is_empty()) {
            prefix.push_str(&format!(" ({})", short(id)));
        }
        Loc { path, prefix, field: None }
    }

    /// As a person reads it; `None` for the dataset itself.
    pub fn text(&self) -> Option<String> {
        match &self.field {
            Some(f) if self.prefix.is_empty() => Some(format!("\"{}\"", short(f))),
            Some(f) => Some(format!("{} \"{}\"", self.prefix, short(f))),
            None if self.prefix.is_empty() => None,
            None => Some(self.prefix.clone()),
        }
    }
}

/// A piece of data quoted in a message, cut to a readable length.
pub(super) fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// A problem before it has a position.
#[derive(Debug)]
pub(super) struct Finding {
    pub severity: Severity,
    pub loc: Loc,
    pub message: String,
    /// The byte offset to report, when the finder knows it; otherwise the
    /// loader looks `loc.path` up in the text.
    pub offset: Option<usize>,
    /// For an unknown reference, the lists it may name (`["sources"]`): a
    /// list the file gives in a form the loader cannot read makes every
    /// reference into it unknown, which is not news.
    pub refers_to: &'static [&'static str],
}

impl Finding {
    /// The problem, placed at `at`. Everything in it that came from the
    /// file is made inert for a terminal here.
    pub fn into_problem(self, at: Option<(usize, usize)>) -> Problem {
        Problem {
            severity: self.severity,
            path: self.loc.text().map(|p| printable(&p)),
            at,
            message: printable(&self.message),
        }
    }
}

#[derive(Default)]
pub(super) struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn error(&mut self, loc: Loc, message: String) {
        self.push(Severity::Error, loc, message, &[]);
    }

    pub fn warn(&mut self, loc: Loc, message: String) {
        self.push(Severity::Warning, loc, message, &[]);
    }

    /// An id that names nothing in the lists `refers_to`.
    pub fn unknown(&mut self, loc: Loc, message: String, refers_to: &'static [&'static str]) {
        self.push(Severity::Error, loc, message, refers_to);
    }

    fn push(&mut self, severity: Severity, loc: Loc, message: String, refers_to: &'static [&'static str]) {
        self.0.push(Finding { severity, loc, message, offset: None, refers_to });
    }
}

/// From this many relations on, `check` runs on two threads.
const PARALLEL_FROM: usize = 50_000;

/// Where a record of a top-level list is.
pub(super) fn rec(list: &str, i: usize, id: &str) -> Loc {
    Loc::root().field(list).item(i, Some(id))
}

impl Dataset {
    /// Every error and warning, in the order checked, without positions
    /// (`Dataset::load` adds them).
    pub fn validate(&self) -> Vec<Problem> {
        self.check().into_iter().map(|f| f.into_problem(None)).collect()
    }

    /// The errors `check` finds in item `at` of the top-level list `list`
    /// ("relations", "actors", "sources"), each with where in the item it
    /// is (`to`, `evidence[0].quote`; empty for the item as a whole): for
    /// a form to show beside its field, in the validator's words.
    pub fn errors_in(&self, list: &str, at: usize) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        for finding in self.check() {
            let rest = match finding.loc.path.as_slice() {
                [Seg::Key(key), Seg::Index(i), rest @ ..] if key == list && *i == at => rest,
                _ => continue,
            };
            if finding.severity != Severity::Error {
                continue;
            }
            let mut field = String::new();
            for seg in rest {
                match seg {
                    Seg::Key(k) if field.is_empty() => field.push_str(k),
                    Seg::Key(k) => field.push_str(&format!(".{k}")),
                    Seg::Index(i) => field.push_str(&format!("[{i}]")),
                }
            }
            errors.push((field, printable(&finding.message)));
        }
        errors
    }

    /// Every error with ids, references and values, and every warning.
    pub(super) fn check(&self) -> Vec<Finding> {
        // Repeated relations and unknown fields are each a pass over every
        // relation of their own: on a big dataset they run on a second
        // thread beside the rest. Their findings come last, as always.
        if self.relations.len() < PARALLEL_FROM {
            let mut out = self.check_values();
            self.repeated_relations(&mut out);
            self.unknown_fields(&mut out);
            return out.0;
        }
        let (mut out, rest) = std::thread::scope(|scope| {
            let rest = scope.spawn(|| {
                let mut rest = Findings::default();
                self.repeated_relations(&mut rest);
                self.unknown_fields(&mut rest);
                rest
            });
            let out = self.check_values();
            (out, rest.join().expect("the check does not panic"))
        });
        out.0.extend(rest.0);
        out.0
    }

    /// Every error with ids, references and values (`check` adds the rest).
    fn check_values(&self) -> Findings {
        let mut out = Findings::default();

        if self.kinds.is_empty() {
            out.error(Loc::root().field("kinds"), "empty; a dataset needs at least one kind".into());
        }

        let mut hints = Hints::new();
        let kind_list = hints.list("kinds are", self.kinds.iter().map(|k| k.id.as_str()));
        let actor_list = hints.list("actors are", self.actors.iter().map(|a| a.id.as_str()));
        let end_list = hints.list(
            "actors and groups are",
            self.actors.iter().map(|a| a.id.as_str()).chain(self.groups.iter().map(|g| g.id.as_str())),
        );
        let source_list = hints.list("sources are", self.sources.iter().map(|s| s.id.as_str()));

        let kind_ids = unique_ids("kinds", self.kinds.iter().map(|k| k.id.as_str()), &mut out);
        let source_ids = unique_ids("sources", self.sources.iter().map(|s| s.id.as_str()), &mut out);
        unique_ids("relations", self.relations.iter().map(|r| r.id.as_str()), &mut out);
        // Actors and groups share one namespace: `from`/`to` may name either.
        let actor_ids = unique_ids("actors", self.actors.iter().map(|a| a.id.as_str()), &mut out);
        let mut group_ids: HashMap<&str, usize> = HashMap::new();
        for (i, g) in self.groups.iter().enumerate() {
            let at = || rec("groups", i, &g.id);
            if g.id.trim().is_empty() {
                out.error(at().field("id"), "empty".into());
            } else if !valid_id(&g.id) {
                out.error(at().field("id"), ID_RULE.into());
            } else if actor_ids.contains_key(g.id.as_str()) {
                out.error(at().field("id"), format!("\"{}\" is already an actor id", g.id));
            } else if let Some(first) = group_ids.get(g.id.as_str()) {
                out.error(at().field("id"), format!("duplicate id, first used by groups[{first}]"));
            } else {
                group_ids.insert(g.id.as_str(), i);
            }
            if g.members.is_empty() {
                out.error(at().field("members"), "empty; a group needs at least one member".into());
            }
            // A member listed twice would double its regional edges.
            let mut members = HashSet::new();
            for (j, m) in g.members.iter().enumerate() {
                let at = || at().field("members").item(j, None);
                if !actor_ids.contains_key(m.as_str()) {
                    let hint = hints.hint(actor_list, m);
                    out.unknown(at(), format!("\"{m}\" is not an actor id{hint}"), &["actors"]);
                } else if !members.insert(m.as_str()) {
                    out.error(at(), format!("\"{m}\" is listed twice"));
                }
            }
        }

        // Text a person reads must be there, and short enough to lay out.
        let mut text = |at: &dyn Fn() -> Loc, value: Option<&str>, field: &str, required: bool, max: usize| match value
        {
            Some(v) if v.trim().is_empty() && required => out.error(at().field(field), "empty".into()),
            Some(v) if v.len() > max && v.chars().count() > max => {
                out.error(at().field(field), format!("longer than {max} characters"))
            }
            _ => {}
        };
        for (i, k) in self.kinds.iter().enumerate() {
            text(&|| rec("kinds", i, &k.id), Some(&k.label), "label", true, MAX_NAME_CHARS);
        }
        for (i, a) in self.actors.iter().enumerate() {
            let at = || rec("actors", i, &a.id);
            text(&at, Some(&a.name), "name", true, MAX_NAME_CHARS);
            text(&at, a.capital.as_deref(), "capital", false, MAX_NAME_CHARS);
        }
        for (i, g) in self.groups.iter().enumerate() {
            text(&|| rec("groups", i, &g.id), Some(&g.name), "name", true, MAX_NAME_CHARS);
        }
        for (i, s) in self.sources.iter().enumerate() {
            let at = || rec("sources", i, &s.id);
            text(&at, Some(&s.publisher), "publisher", true, MAX_NAME_CHARS);
            text(&at, Some(&s.date), "date", false, MAX_NAME_CHARS);
            text(&at, s.title.as_deref(), "title", false, MAX_TITLE_CHARS);
            text(&at, s.url.as_deref(), "url", false, MAX_TITLE_CHARS);
            text(&at, s.text_file.as_deref(), "text_file", true, MAX_TITLE_CHARS);
        }
        for (i, r) in self.relations.iter().enumerate() {
            for (j, e) in r.evidence.iter().enumerate() {
                let at = || rec("relations", i, &r.id).field("evidence").item(j, None);
                text(&at, e.speaker.as_deref(), "speaker", false, MAX_NAME_CHARS);
            }
        }

        for (i, k) in self.kinds.iter().enumerate() {
            if Color::from_str(&k.color).is_err() {
                out.error(
                    rec("kinds", i, &k.id).field("color"),
                    format!("unknown color \"{}\" (use a name like \"yellow\" or \"#rrggbb\")", k.color),
                );
            }
        }

        for (i, a) in self.actors.iter().enumerate() {
            let at = || rec("actors", i, &a.id);
            if let Some(lat) = a.lat
                && !(lat.is_finite() && (-90.0..=90.0).contains(&lat))
            {
                out.error(at().field("lat"), format!("{lat} is outside -90..90"));
            }
            if let Some(lon) = a.lon
                && !(lon.is_finite() && (-180.0..=180.0).contains(&lon))
            {
                out.error(at().field("lon"), format!("{lon} is outside -180..180"));
            }
            match (a.lat, a.lon) {
                (Some(_), None) => out.error(
                    at().field("lat"),
                    "given without \"lon\"; \"lat\" and \"lon\" go together: give both, or neither (an actor off the map)"
                        .into(),
                ),
                (None, Some(_)) => out.error(
                    at().field("lon"),
                    "given without \"lat\"; \"lat\" and \"lon\" go together: give both, or neither (an actor off the map)"
                        .into(),
                ),
                _ => {}
            }
        }

        // Dates: a warning in a file of format 1 (written before dates were
        // checked), an error from format 2 on.
        let mut date = |at: &dyn Fn() -> Loc, value: &str| {
            if let Err(e) = value.parse::<PartialDate>() {
                let message = date_problem(value, e);
                if self.format.unwrap_or(1) >= 2 { out.error(at(), message) } else { out.warn(at(), message) }
            }
        };
        for (i, s) in self.sources.iter().enumerate() {
            date(&|| rec("sources", i, &s.id).field("date"), &s.date);
        }

        for (i, s) in self.sources.iter().enumerate() {
            let at = || rec("sources", i, &s.id);
            if let Some(t) = &s.r#type
                && SourceType::parse(t).is_none()
            {
                let types: Vec<&str> = SourceType::ALL.iter().map(|t| t.label()).collect();
                out.error(
                    at().field("type"),
                    format!("unknown type \"{}\" (types are: {})", short(t), types.join(", ")),
                );
            }
            if let Some(hash) = &s.sha256 {
                if !texts::is_sha256(hash) {
                    out.error(
                        at().field("sha256"),
                        format!("expected 64 hex digits (the SHA-256 of the text file), found \"{}\"", short(hash)),
                    );
                } else if s.text_file.is_none() {
                    out.warn(
                        at().field("sha256"),
                        "given without \"text_file\"; it is the SHA-256 of the source's text file".into(),
                    );
                }
            }
        }

        for (i, r) in self.relations.iter().enumerate() {
            let at = || rec("relations", i, &r.id);
            if !kind_ids.contains_key(r.kind.as_str()) {
                let hint = hints.hint(kind_list, &r.kind);
                out.unknown(at().field("kind"), format!("unknown kind \"{}\"{hint}", r.kind), &["kinds"]);
            }
            for (field, id) in [("from", &r.from), ("to", &r.to)] {
                if !actor_ids.contains_key(id.as_str()) && !group_ids.contains_key(id.as_str()) {
                    let hint = hints.hint(end_list, id);
                    out.unknown(
                        at().field(field),
                        format!("unknown actor or group \"{id}\"{hint}"),
                        &["actors", "groups"],
                    );
                }
            }
            if r.from == r.to {
                out.error(at().field("to"), format!("the same as \"from\" (\"{}\")", r.to));
            }
            if r.summary.trim().is_empty() {
                out.error(at().field("summary"), "empty".into());
            }
            if r.evidence.is_empty() && r.figures.is_empty() {
                out.error(at().field("evidence"), "empty, and no figures: a relation needs a quote or a figure".into());
            }
            if let Some(period) = &r.period
                && let Some(problem) = period_problem(period)
            {
                out.error(at().field("period"), problem);
            }
            // No more characters than bytes: count only what might be long.
            if r.summary.len() > MAX_SUMMARY_CHARS && r.summary.chars().count() > MAX_SUMMARY_CHARS {
                out.error(
                    at().field("summary"),
                    format!("longer than {MAX_SUMMARY_CHARS} characters; keep it to one line"),
                );
            }
            for (j, e) in r.evidence.iter().enumerate() {
                let at = || at().field("evidence").item(j, None);
                let len = if e.quote.len() > MAX_QUOTE_CHARS { e.quote.chars().count() } else { 0 };
                if len > MAX_QUOTE_CHARS {
                    out.error(
                        at().field("quote"),
                        format!(
                            "{len} characters long; the limit is {MAX_QUOTE_CHARS} (quote the sentence that carries the claim)"
                        ),
                    );
                }
                if !source_ids.contains_key(e.source.as_str()) {
                    let hint = hints.hint(source_list, &e.source);
                    out.unknown(at().field("source"), format!("unknown source \"{}\"{hint}", e.source), &["sources"]);
                }
                if e.quote.trim().is_empty() {
                    out.error(at().field("quote"), "empty".into());
                }
                // A quote is addressed by its relation, source and text, so
                // one relation cannot hold the same one twice.
                if let Some(k) = r.evidence[..j].iter().position(|o| o.source == e.source && o.quote == e.quote) {
                    out.error(at().field("quote"), format!("the same quote from the same source as evidence[{k}]"));
                }
                if let Some(as_of) = &e.as_of
                    && let Err(err) = as_of.parse::<super::date::PartialDate>()
                {
                    out.error(at().field("as_of"), format!("{err}"));
                }
            }
            for (j, f) in r.figures.iter().enumerate() {
                let at = || at().field("figures").item(j, None);
                if !source_ids.contains_key(f.source.as_str()) {
                    let hint = hints.hint(source_list, &f.source);
                    out.unknown(at().field("source"), format!("unknown source \"{}\"{hint}", f.source), &["sources"]);
                }
                if let Some(problem) = period_problem(&f.period) {
                    out.error(at().field("period"), problem);
                }
                if !f.value.is_finite() {
                    out.error(at().field("value"), "not a finite number".into());
                }
                for (field, text) in [("measure", &f.measure), ("unit", &f.unit)] {
                    if text.trim().is_empty() {
                        out.error(at().field(field), "empty".into());
                    }
                }
            }
        }
        // A measure counted in two units (USD bn and USD m) reads wrong when
        // figures are set side by side: worth a look, once per extra unit
        // (where it is first used, with how many figures use it).
        let mut units: std::collections::BTreeMap<&str, (&str, usize)> = std::collections::BTreeMap::new();
        let mut uses: std::collections::BTreeMap<(&str, &str), usize> = std::collections::BTreeMap::new();
        for f in self.relations.iter().flat_map(|r| &r.figures) {
            *uses.entry((f.measure.as_str(), f.unit.as_str())).or_default() += 1;
        }
        let mut warned: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
        for (i, r) in self.relations.iter().enumerate() {
            for (j, f) in r.figures.iter().enumerate() {
                match units.get(f.measure.as_str()) {
                    None => {
                        units.insert(&f.measure, (&f.unit, i));
                    }
                    Some(&(unit, first)) if unit != f.unit && warned.insert((&f.measure, &f.unit)) => {
                        let n = uses.get(&(f.measure.as_str(), f.unit.as_str())).copied().unwrap_or(1);
                        let others = match n {
                            1 => String::new(),
                            2 => " (and in 1 more figure)".to_string(),
                            n => format!(" (and in {} more figures)", n - 1),
                        };
                        out.warn(
                            rec("relations", i, &r.id).field("figures").item(j, None).field("unit"),
                            format!(
                                "measure \"{}\" is in {} here{others} and in {unit} in relations[{first}]: figures in two units do not compare",
                                short(&f.measure),
                                short(&f.unit)
                            ),
                        )
                    }
                    Some(_) => {}
                }
            }
        }

        out
    }

    /// A relation with the same kind, the same ends (either way round for
    /// an undirected kind) and the same quotes as an earlier one says
    /// nothing new: usually a paste twice.
    fn repeated_relations(&self, out: &mut Findings) {
        fn quotes(r: &Relation) -> Vec<(&str, &str)> {
            let mut q: Vec<(&str, &str)> = r.evidence.iter().map(|e| (e.source.as_str(), e.quote.as_str())).collect();
            q.sort_unstable();
            q
        }
        let directed: HashMap<&str, bool> = self.kinds.iter().map(|k| (k.id.as_str(), k.directed)).collect();
        // Keyed by a hash of the quotes too (a sum, so their order does not
        // matter): many relations between one pair cost no comparisons.
        let hasher = foldhash::fast::FixedState::with_seed(0);
        let mut seen: HashMap<(&str, &str, &str, u64), Vec<usize>> = HashMap::with_capacity(self.relations.len());
        for (i, r) in self.relations.iter().enumerate() {
            let (mut a, mut b) = (r.from.as_str(), r.to.as_str());
            if !directed.get(r.kind.as_str()).copied().unwrap_or(true) && b < a {
                (a, b) = (b, a);
            }
            let hash = r
                .evidence
                .iter()
                .fold(0u64, |sum, e| sum.wrapping_add(hasher.hash_one((e.source.as_str(), e.quote.as_str()))));
            let earlier = seen.entry((r.kind.as_str(), a, b, hash)).or_default();
            if let Some(&j) = earlier.iter().find(|&&j| quotes(&self.relations[j]) == quotes(r)) {
                let first = &self.relations[j];
                let first = if first.id.trim().is_empty() {
                    format!("relations[{j}]")
                } else {
                    format!("relations[{j}] ({})", short(&first.id))
                };
                out.warn(rec("relations", i, &r.id), format!("repeats {first}: the same kind, ends and quotes"));
            } else {
                earlier.push(i);
            }
        }
    }

    /// Every field the format does not know, with the known field it is
    /// probably a typo of.
    fn unknown_fields(&self, out: &mut Findings) {
        let mut warn = |at: &dyn Fn() -> Loc, extra: &Extra, shape: &RecordShape| {
            for key in extra.keys() {
                let hint = super::diagnose::closest(key, shape.fields.iter().map(|f| f.key))
                    .map(|k| format!("; did you mean \"{k}\"?"))
                    .unwrap_or_default();
                out.warn(at().field(key), format!("unknown field, kept as written{hint}"));
            }
        };
        warn(&Loc::root, &self.extra, &Dataset::SHAPE);
        for (i, k) in self.kinds.iter().enumerate() {
            warn(&|| rec("kinds", i, &k.id), &k.extra, &Kind::SHAPE);
        }
        for (i, a) in self.actors.iter().enumerate() {
            warn(&|| rec("actors", i, &a.id), &a.extra, &Actor::SHAPE);
        }
        for (i, g) in self.groups.iter().enumerate() {
            warn(&|| rec("groups", i, &g.id), &g.extra, &Group::SHAPE);
        }
        for (i, s) in self.sources.iter().enumerate() {
            warn(&|| rec("sources", i, &s.id), &s.extra, &Source::SHAPE);
        }
        for (i, r) in self.relations.iter().enumerate() {
            warn(&|| rec("relations", i, &r.id), &r.extra, &Relation::SHAPE);
            for (j, e) in r.evidence.iter().enumerate() {
                warn(&|| rec("relations", i, &r.id).field("evidence").item(j, None), &e.extra, &Evidence::SHAPE);
            }
        }
    }
}

/// What is wrong with a date, and how to write it.
fn date_problem(found: &str, e: DateError) -> String {
    match e {
        DateError::Form => {
            let how = match PartialDate::from_words(found) {
                Some(iso) => format!("write \"{iso}\""),
                None => "e.g. \"2025-10-08\", or \"2025-10\" for a month".to_string(),
            };
            format!("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"{}\" ({how})", short(found))
        }
        e => format!("\"{}\" is not a date: {e}", short(found)),
    }
}

/// For an unknown id: the known ones when there are few, else the one it
/// is probably a typo of, else nothing.
struct Hints<'a> {
    /// Each list: (what the hint calls it, its ids).
    lists: Vec<(&'static str, Vec<&'a str>)>,
    /// Hints given, by list and id: a file may repeat one unknown id often.
    given: HashMap<(usize, &'a str), String>,
    /// Searches for a near id left: each reads the whole list.
    searches: usize,
}

impl<'a> Hints<'a> {
    const LIST_UP_TO: usize = 12;

    fn new() -> Hints<'a> {
        Hints { lists: Vec::new(), given: HashMap::new(), searches: 100 }
    }

    /// Adds a list of known ids; returns its number.
    fn list(&mut self, these_are: &'static str, ids: impl Iterator<Item = &'a str>) -> usize {
        self.lists.push((these_are, ids.filter(|id| !id.trim().is_empty()).collect()));
        self.lists.len() - 1
    }

    fn hint(&mut self, list: usize, found: &'a str) -> String {
        if let Some(hint) = self.given.get(&(list, found)) {
            return hint.clone();
        }
        let (these_are, known) = &self.lists[list];
        let hint = if known.is_empty() {
            String::new()
        } else if known.len() <= Self::LIST_UP_TO {
            let listed: Vec<String> = known.iter().map(|k| short(k)).collect();
            format!(" ({these_are}: {})", listed.join(", "))
        } else if self.searches > 0 {
            self.searches -= 1;
            super::diagnose::closest(found, known.iter().copied())
                .map(|k| format!(" (did you mean \"{}\"?)", short(k)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        self.given.insert((list, found), hint.clone());
        hint
    }
}

/// Ids name things in exports (`relation:FROM->TO`), so they hold no space,
/// `:` or `>`, and are short.
pub(super) fn valid_id(id: &str) -> bool {
    id.len() <= MAX_NAME_CHARS && !id.contains(|c: char| c.is_whitespace() || c == ':' || c == '>')
}

const ID_RULE: &str = "an id may not hold spaces, ':' or '>', nor be longer than 200 characters";

/// Collects ids (with where each is first used), reporting empty and
/// duplicate ones.
pub(super) fn unique_ids<'a>(
    list: &str,
    ids: impl Iterator<Item = &'a str>,
    out: &mut Findings,
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.size_hint().0);
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            out.error(rec(list, i, id).field("id"), "empty".into());
        } else if !valid_id(id) {
            out.error(rec(list, i, id).field("id"), ID_RULE.into());
        } else if let Some(first) = seen.get(id) {
            out.error(rec(list, i, id).field("id"), format!("duplicate id, first used by {list}[{first}]"));
        } else {
            seen.insert(id, i);
        }
    }
    seen
}

/// A JSON syntax or shape error, with line:column. serde_json quotes parts of
/// the input in its messages, as they are: whoever prints the message makes
/// it inert, as for every other problem.
pub(super) fn json_problem(e: &serde_json::Error) -> Problem {
    let mut msg = e.to_string();
    // serde_json appends " at line L column C"; we lead with it instead.
    if let Some(cut) = msg.rfind(" at line ") {
        msg.truncate(cut);
    }
    // serde_json's words are terse; say what a person would check.
    if msg.starts_with("EOF while parsing") {
        msg.push_str(" (is the file truncated?)");
    } else if msg == "expected value" {
        msg.push_str(" (NaN, Infinity and bare words are not JSON)");
    } else if msg == "recursion limit exceeded" {
        msg.push_str(" (lists and objects nested more than 128 deep)");
    }
    Problem::syntax(e.line(), e.column(), msg)
}

/// What is wrong with a period, if anything: one syntax everywhere, a
/// partial ISO date (`2024`, `2025-04`) or an interval (`2020/2024`,
/// `2019/..` for ongoing).
pub(super) fn period_problem(period: &str) -> Option<String> {
    if period.parse::<super::date::PartialDate>().is_ok() {
        return None;
    }
    match period.parse::<super::date::Period>() {
        Ok(_) => None,
        Err(e) if period.contains('/') => Some(format!("{e}")),
        Err(_) => Some(format!(
            "expected a date (2024, 2025-04) or a period (2020/2024, 2019/.. for ongoing), found \"{}\"",
            short(period)
        )),
    }
}
