//! The dataset: serde types for the documented JSON format, and validation.
//!
//! This layer knows nothing of graphs or terminals. `Dataset::from_json` either
//! returns a dataset whose every reference resolves, or every problem found,
//! one line each, naming where it is.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt;
use std::str::FromStr;

use ratatui::style::Color;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The built-in dataset, embedded so the binary runs from any directory.
pub const BUILTIN_JSON: &str = include_str!("../data/central-asia.json");
/// Limits that keep a hostile file from making every frame slow: a quote is
/// a sentence or a paragraph, a summary one line.
pub const MAX_QUOTE_CHARS: usize = 10_000;
pub const MAX_SUMMARY_CHARS: usize = 500;
/// Ids, names, labels, capitals, publishers, dates and speakers.
pub const MAX_NAME_CHARS: usize = 200;
/// Source titles and urls.
pub const MAX_TITLE_CHARS: usize = 2000;
/// How the built-in dataset is named in messages.
pub const BUILTIN_NAME: &str = "built-in dataset";

/// A greatgame dataset: actors, the kinds of relation between them, and the
/// relations, each backed by quoted evidence from a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The dataset's name.
    pub title: String,
    /// The kinds of relation; their order is the order of the 1-9 keys.
    #[schemars(length(min = 1))]
    pub kinds: Vec<Kind>,
    /// The states (or other actors): the graph's nodes. May be empty (the
    /// browser then says so).
    pub actors: Vec<Actor>,
    /// Named groups of actors; a relation on a group is a claim about the
    /// group as a whole and is shown as regional.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Where the quotes come from.
    pub sources: Vec<Source>,
    /// Who pulls on whom, through what, and who says so.
    pub relations: Vec<Relation>,
}

/// A kind of relation (trade, arms, ...). Kinds are data, not an enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Unique among kinds; relations name their kind by it.
    pub id: String,
    /// Shown to people; its first free letter becomes the kind's letter.
    pub label: String,
    /// `false` for symmetric ties (trade): shown on both ends without an
    /// arrow. `true`: `from` is the supplier / investor / origin.
    pub directed: bool,
    /// A colour name ("yellow", "light red"), an ANSI index ("9") or "#rrggbb".
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Unique among actors and groups, e.g. an ISO 3166 alpha-3 code.
    pub id: String,
    pub name: String,
    pub capital: String,
    /// Latitude of the capital, in degrees.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: f64,
    /// Longitude of the capital, in degrees.
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique among actors and groups.
    pub id: String,
    pub name: String,
    /// Actor ids, each listed once.
    #[schemars(length(min = 1))]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique among sources; evidence names its source by it.
    pub id: String,
    /// Who published it (a news agency, a ministry, ...).
    pub publisher: String,
    /// Publication date, preferably YYYY-MM-DD.
    pub date: String,
    /// The headline, or null when unknown: never invent one.
    #[serde(default)]
    pub title: Option<String>,
    /// Where to read it, or null when unknown: never invent one.
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// Unique among relations.
    pub id: String,
    /// A kind id.
    pub kind: String,
    /// An actor id or a group id: the supplier / investor / origin.
    pub from: String,
    /// An actor id or a group id, not the same as `from`: the recipient / destination.
    pub to: String,
    /// One line in your own words (the quotes are the source's).
    pub summary: String,
    /// The quotes that back the relation.
    #[schemars(length(min = 1))]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A source id.
    pub source: String,
    /// The source's exact words.
    pub quote: String,
    /// Who the source attributes the words to; null for the publisher's own narration.
    #[serde(default)]
    pub speaker: Option<String>,
}

/// One problem found while loading a dataset, already phrased for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line and column, for JSON syntax and shape errors.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    fn new(message: String) -> Problem {
        Problem { at: None, message }
    }

    /// The problem as one line naming the file: `FILE:LINE:COL: ...` for
    /// syntax errors (as compilers do), `FILE: ...` otherwise.
    pub fn in_file(&self, file: &str) -> String {
        match self.at {
            Some(_) => format!("{file}:{self}"),
            None => format!("{file}: {self}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{line}:{column}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Kind {
    /// The kind's colour; validation guarantees it parses.
    pub fn color(&self) -> Color {
        Color::from_str(&self.color).unwrap_or(Color::Reset)
    }
}

impl Dataset {
    /// The built-in dataset. It is checked by the test suite, so failing here
    /// would be a build defect, not a user error.
    pub fn builtin() -> Dataset {
        Dataset::from_json(BUILTIN_JSON).expect("the built-in dataset is valid")
    }

    /// Parses, makes every string inert for a terminal (see `printable`),
    /// and validates. On failure, returns every problem found.
    pub fn from_json(text: &str) -> Result<Dataset, Vec<Problem>> {
        // Editors on Windows like to start UTF-8 files with a byte order mark.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(vec![Problem::new("the file is empty; expected a JSON dataset (see README)".into())]);
        }
        let mut dataset: Dataset = serde_json::from_str(text).map_err(|e| vec![json_problem(&e)])?;
        dataset.make_printable();
        let problems = dataset.validate();
        if problems.is_empty() { Ok(dataset) } else { Err(problems) }
    }

    /// `from_json` for raw bytes, as read from a file: invalid UTF-8 is
    /// reported with its line, column and byte offset.
    pub fn from_bytes(bytes: &[u8]) -> Result<Dataset, Vec<Problem>> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Dataset::from_json(text),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
                Err(vec![Problem {
                    at: Some((line, column)),
                    message: format!("not valid UTF-8 (byte offset {})", e.valid_up_to()),
                }])
            }
        }
    }

    /// Every string of the dataset through `printable`, so nothing read from
    /// the file can reach a terminal (browser, `show`, error messages) as a
    /// control sequence. Exports carry the same inert text.
    fn make_printable(&mut self) {
        let clean = |s: &mut String| {
            // Printable ASCII is by far the common case: check bytes first.
            let plain_ascii = s.bytes().all(|b| (0x20..0x7f).contains(&b));
            if !plain_ascii && s.chars().any(needs_escape) {
                *s = printable(s);
            }
        };
        clean(&mut self.title);
        for k in &mut self.kinds {
            [&mut k.id, &mut k.label, &mut k.color].into_iter().for_each(clean);
        }
        for a in &mut self.actors {
            [&mut a.id, &mut a.name, &mut a.capital].into_iter().for_each(clean);
        }
        for g in &mut self.groups {
            [&mut g.id, &mut g.name].into_iter().chain(g.members.iter_mut()).for_each(clean);
        }
        for s in &mut self.sources {
            [&mut s.id, &mut s.publisher, &mut s.date]
                .into_iter()
                .chain(s.title.as_mut())
                .chain(s.url.as_mut())
                .for_each(clean);
        }
        for r in &mut self.relations {
            [&mut r.id, &mut r.kind, &mut r.from, &mut r.to, &mut r.summary].into_iter().for_each(clean);
            for e in &mut r.evidence {
                [&mut e.source, &mut e.quote].into_iter().chain(e.speaker.as_mut()).for_each(clean);
            }
        }
    }

    /// The group an id names, if any.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Every problem with references, ids and values, in file order.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut say = |msg: String| problems.push(Problem::new(msg));

        if self.kinds.is_empty() {
            say("\"kinds\" is empty: a dataset needs at least one kind".into());
        }

        let kind_ids = unique_ids("kinds", self.kinds.iter().map(|k| k.id.as_str()), &mut say);
        let source_ids = unique_ids("sources", self.sources.iter().map(|s| s.id.as_str()), &mut say);
        unique_ids("relations", self.relations.iter().map(|r| r.id.as_str()), &mut say);
        // Actors and groups share one namespace: `from`/`to` may name either.
        let actor_ids = unique_ids("actors", self.actors.iter().map(|a| a.id.as_str()), &mut say);
        let mut group_ids = HashSet::new();
        for (i, g) in self.groups.iter().enumerate() {
            let at = At("groups", i, &g.id);
            if g.id.trim().is_empty() {
                say(format!("groups[{i}]: \"id\" is empty"));
            } else if !valid_id(&g.id) {
                say(format!("{at}: {ID_RULE}"));
            } else if actor_ids.contains_key(g.id.as_str()) {
                say(format!("{at}: id \"{}\" is already an actor id", g.id));
            } else if !group_ids.insert(g.id.as_str()) {
                say(format!("{at}: duplicate id \"{}\"", g.id));
            }
            if g.members.is_empty() {
                say(format!("{at}: \"members\" is empty"));
            }
            // A member listed twice would double its regional edges.
            let mut members = HashSet::new();
            for m in &g.members {
                if !actor_ids.contains_key(m.as_str()) {
                    say(format!("{at}: member \"{m}\" is not an actor id"));
                } else if !members.insert(m.as_str()) {
                    say(format!("{at}: member \"{m}\" is listed twice"));
                }
            }
        }

        // Text a person reads must be there, and short enough to lay out.
        let mut text = |what: At, value: Option<&str>, field: &str, required: bool, max: usize| match value {
            Some(v) if v.trim().is_empty() && required => say(format!("{what}: \"{field}\" is empty")),
            Some(v) if v.len() > max && v.chars().count() > max => {
                say(format!("{what}: \"{field}\" is longer than {max} characters"))
            }
            _ => {}
        };
        for (i, k) in self.kinds.iter().enumerate() {
            text(At("kinds", i, &k.id), Some(&k.label), "label", true, MAX_NAME_CHARS);
        }
        for (i, a) in self.actors.iter().enumerate() {
            text(At("actors", i, &a.id), Some(&a.name), "name", true, MAX_NAME_CHARS);
            text(At("actors", i, &a.id), Some(&a.capital), "capital", false, MAX_NAME_CHARS);
        }
        for (i, g) in self.groups.iter().enumerate() {
            text(At("groups", i, &g.id), Some(&g.name), "name", true, MAX_NAME_CHARS);
        }
        for (i, s) in self.sources.iter().enumerate() {
            text(At("sources", i, &s.id), Some(&s.publisher), "publisher", true, MAX_NAME_CHARS);
            text(At("sources", i, &s.id), Some(&s.date), "date", false, MAX_NAME_CHARS);
            text(At("sources", i, &s.id), s.title.as_deref(), "title", false, MAX_TITLE_CHARS);
            text(At("sources", i, &s.id), s.url.as_deref(), "url", false, MAX_TITLE_CHARS);
        }
        for (i, r) in self.relations.iter().enumerate() {
            for e in &r.evidence {
                text(At("relations", i, &r.id), e.speaker.as_deref(), "speaker", false, MAX_NAME_CHARS);
            }
        }

        for (i, k) in self.kinds.iter().enumerate() {
            if Color::from_str(&k.color).is_err() {
                say(format!(
                    "kinds[{i}] ({}): unknown color \"{}\" (use a name like \"yellow\" or \"#rrggbb\")",
                    k.id, k.color
                ));
            }
        }

        for (i, a) in self.actors.iter().enumerate() {
            let at = At("actors", i, &a.id);
            if !(a.lat.is_finite() && (-90.0..=90.0).contains(&a.lat)) {
                say(format!("{at}: lat {} is outside -90..90", a.lat));
            }
            if !(a.lon.is_finite() && (-180.0..=180.0).contains(&a.lon)) {
                say(format!("{at}: lon {} is outside -180..180", a.lon));
            }
        }

        for (i, r) in self.relations.iter().enumerate() {
            let at = At("relations", i, &r.id);
            if !kind_ids.contains_key(r.kind.as_str()) {
                say(format!("{at}: \"kind\" names unknown kind \"{}\"", r.kind));
            }
            for (field, id) in [("from", &r.from), ("to", &r.to)] {
                if !actor_ids.contains_key(id.as_str()) && !group_ids.contains(id.as_str()) {
                    say(format!("{at}: \"{field}\" names unknown actor \"{id}\""));
                }
            }
            if r.from == r.to {
                say(format!("{at}: \"from\" and \"to\" are both \"{}\"", r.from));
            }
            if r.summary.trim().is_empty() {
                say(format!("{at}: \"summary\" is empty"));
            }
            if r.evidence.is_empty() {
                say(format!("{at}: no evidence: every relation needs at least one quote"));
            }
            // No more characters than bytes: count only what might be long.
            if r.summary.len() > MAX_SUMMARY_CHARS && r.summary.chars().count() > MAX_SUMMARY_CHARS {
                say(format!("{at}: \"summary\" is longer than {MAX_SUMMARY_CHARS} characters: keep it to one line"));
            }
            for (j, e) in r.evidence.iter().enumerate() {
                let len = if e.quote.len() > MAX_QUOTE_CHARS { e.quote.chars().count() } else { 0 };
                if len > MAX_QUOTE_CHARS {
                    say(format!(
                        "{at}: evidence[{j}] quote is {len} characters long; the limit is {MAX_QUOTE_CHARS} (quote the sentence that carries the claim)"
                    ));
                }
                if !source_ids.contains_key(e.source.as_str()) {
                    say(format!("{at}: evidence[{j}] names unknown source \"{}\"", e.source));
                }
                if e.quote.trim().is_empty() {
                    say(format!("{at}: evidence[{j}] has an empty quote"));
                }
            }
        }
        problems
    }
}

/// The JSON Schema (draft-07, which most editors and validators read) of the
/// dataset format, as shipped in `data/schema.json`. Generated from the types
/// above, so it follows them; a test fails when the shipped file is stale.
pub fn schema_json() -> String {
    let schema = schemars::generate::SchemaSettings::draft07().into_generator().into_root_schema_for::<Dataset>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// Where a problem is, e.g. `relations[7] (eu-investment)`: built only when
/// there is a problem to report (validation runs over every item).
struct At<'a>(&'static str, usize, &'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ({})", self.0, self.1, self.2)
    }
}

/// Ids name things in exports (`relation:FROM->TO`), so they hold no space,
/// `:` or `>`, and are short.
fn valid_id(id: &str) -> bool {
    id.len() <= MAX_NAME_CHARS && !id.contains(|c: char| c.is_whitespace() || c == ':' || c == '>')
}

const ID_RULE: &str = "an id may not hold spaces, ':' or '>', nor be longer than 200 characters";

/// Collects ids (with where each is first used), reporting empty and
/// duplicate ones.
fn unique_ids<'a>(
    list: &str,
    ids: impl Iterator<Item = &'a str>,
    say: &mut impl FnMut(String),
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.size_hint().0);
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            say(format!("{list}[{i}]: \"id\" is empty"));
        } else if !valid_id(id) {
            say(format!("{list}[{i}] ({id}): {ID_RULE}"));
        } else if let Some(first) = seen.get(id) {
            say(format!("{list}[{i}] ({id}): duplicate id, first used by {list}[{first}]"));
        } else {
            seen.insert(id, i);
        }
    }
    seen
}

/// A JSON syntax or shape error, with line:column. serde_json quotes parts of
/// the input in its messages, so control characters are made visible.
fn json_problem(e: &serde_json::Error) -> Problem {
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
    }
    Problem { at: Some((e.line(), e.column())), message: printable(&msg) }
}

/// Makes untrusted text inert: tabs and line breaks become spaces, and every
/// other control character (C0, DEL, C1), bidi control and invisible
/// zero-width character becomes a visible escape such as `\u{1b}`. Text
/// that needs none of this is returned as it is.
///
/// This is the one place text from outside (a data file, a file name, a
/// serde_json message quoting the input) is made safe for a terminal.
pub fn printable(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if needs_escape(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// Text from a data file as one printable line: runs of whitespace (line
/// breaks included) folded to one space, as quotes may be, then `printable`.
/// For output whose lines must not break where the data breaks them.
pub fn one_line(s: &str) -> String {
    printable(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Characters that draw nothing but change how text shows or reads: bidi
/// controls (embeddings, overrides, isolates, marks), zero-width and other
/// format characters (Unicode category Cf), line and paragraph separators,
/// fillers that render as blanks, tag characters (used to hide text) and
/// noncharacters. The joiners U+200C/U+200D stay: scripts such as Persian
/// and emoji sequences need them.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FDD0}'..='\u{FDEF}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{FFFE}'..='\u{FFFF}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_controls_and_bidi() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(printable("a\u{9b}b\u{7f}"), "a\\u{9b}b\\u{7f}");
        assert_eq!(printable("zero\u{200B}width"), "zero\\u{200b}width");
        // Tag characters can hide a whole sentence; soft hyphens, separators too.
        assert_eq!(printable("a\u{E0041}\u{E0042}b"), "a\\u{e0041}\\u{e0042}b");
        assert_eq!(printable("x\u{AD}\u{2028}\u{FFFE}y"), "x\\u{ad}\\u{2028}\\u{fffe}y");
        assert_eq!(printable("line\nbreak\ttab"), "line break tab");
        // Joiners are part of scripts and emoji, not tricks.
        assert_eq!(printable("\u{645}\u{200C}\u{6CC}"), "\u{645}\u{200C}\u{6CC}");
        assert_eq!(printable("Türkiye"), "Türkiye");
    }

    #[test]
    fn one_line_folds_breaks_and_escapes_the_rest() {
        assert_eq!(one_line(" two\n lines\tand\u{1b}[1m "), "two lines and\\u{1b}[1m");
    }
}
