//! The dataset: serde types for the documented JSON format, and validation.
//!
//! This layer knows nothing of graphs or terminals. `Dataset::from_json` either
//! returns a dataset whose every reference resolves, or every problem found,
//! one line each, naming where it is. Strings are kept exactly as the file
//! has them (line breaks, tabs, control characters and all); whoever shows
//! or prints them makes them inert (`printable`, `one_line`, the terminal's
//! `ui::make_inert`, the JSON writers' `write::Inert`).

use std::path::Path;
use std::str::FromStr;

use ratatui::style::Color;

#[macro_use]
pub mod record;
pub mod date;
mod diagnose;
pub mod digest;
pub mod figures;
mod inert;
mod json;
mod near;
pub mod stream;
pub mod texts;
mod validate;
pub mod write;

pub use diagnose::Loaded;
pub use inert::{needs_escape, one_line, printable};
pub use validate::{Problem, Severity};

/// The built-in dataset, embedded so the binary runs from any directory.
pub const BUILTIN_JSON: &str = include_str!("../../data/central-asia.json");
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

/// Fields a file holds that the format does not know (a `"weight"` on a
/// kind, a `"notes"` on an actor): kept as written and written back, so a
/// tool's own fields survive a load and a save (after the known fields, in
/// the map's alphabetical order). `validate` accepts them.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// The format version the writer writes. A file without `format` is version 1.
pub const FORMAT_VERSION: u64 = 2;

record! {
    /// A greatgame dataset: actors, the kinds of relation between them, and the
    /// relations, each backed by quoted evidence from a source.
    pub struct Dataset {
        /// The format version: absent means 1; the writer writes 2.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 1))]
        pub format: Option<u64> = "format" or default,
        /// The dataset's name.
        pub title: String = "title",
        /// The kinds of relation; their order is the order of the 1-9 keys.
        #[schemars(length(min = 1))]
        pub kinds: Vec<Kind> = "kinds",
        /// The states (or other actors): the graph's nodes. May be empty (the
        /// browser then says so).
        pub actors: Vec<Actor> = "actors",
        /// Named groups of actors; a relation on a group is a claim about the
        /// group as a whole and is shown as regional.
        #[serde(default)]
        pub groups: Vec<Group> = "groups" or default,
        /// Where the quotes come from.
        pub sources: Vec<Source> = "sources",
        /// Who pulls on whom, through what, and who says so.
        pub relations: Vec<Relation> = "relations",
    }
}

record! {
    /// A kind of relation (trade, arms, ...). Kinds are data, not an enum.
    pub struct Kind {
        /// Unique among kinds; relations name their kind by it.
        pub id: String = "id",
        /// Shown to people; its first free letter becomes the kind's letter.
        pub label: String = "label",
        /// `false` for symmetric ties (trade): shown on both ends without an
        /// arrow. `true`: `from` is the supplier / investor / origin.
        pub directed: bool = "directed",
        /// A colour name ("yellow", "light red"), an ANSI index ("9") or "#rrggbb".
        pub color: String = "color",
    }
}

record! {
    /// A state, or an actor that is not one (a company, an organisation):
    /// those have no capital, and are listed but not mapped.
    pub struct Actor {
        /// Unique among actors and groups, e.g. an ISO 3166 alpha-3 code.
        pub id: String = "id",
        pub name: String = "name",
        /// The capital, or null (an actor that is not a state).
        #[serde(default)]
        pub capital: Option<String> = "capital" or default,
        /// Latitude of the capital, in degrees; with `lon`, or neither.
        #[serde(default)]
        #[schemars(range(min = -90.0, max = 90.0))]
        pub lat: Option<f64> = "lat" or default,
        /// Longitude of the capital, in degrees; with `lat`, or neither.
        #[serde(default)]
        #[schemars(range(min = -180.0, max = 180.0))]
        pub lon: Option<f64> = "lon" or default,
    }
}

record! {
    pub struct Group {
        /// Unique among actors and groups.
        pub id: String = "id",
        pub name: String = "name",
        /// Actor ids, each listed once.
        #[schemars(length(min = 1))]
        pub members: Vec<String> = "members",
    }
}

record! {
    pub struct Source {
        /// Unique among sources; evidence names its source by it.
        pub id: String = "id",
        /// Who published it (a news agency, a ministry, ...).
        pub publisher: String = "publisher",
        /// Publication date, preferably YYYY-MM-DD.
        pub date: String = "date",
        /// The headline, or null when unknown: never invent one.
        #[serde(default)]
        pub title: Option<String> = "title" or default,
        /// Where to read it, or null when unknown: never invent one.
        #[serde(default)]
        pub url: Option<String> = "url" or default,
        /// What kind of source it is: news, statistics, government, research
        /// or other (see `SourceType`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub r#type: Option<String> = "type" or default,
        /// Its text, a UTF-8 file (path relative to the dataset file): quotes
        /// from the source must occur in it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub text_file: Option<String> = "text_file" or default,
        /// The SHA-256 of `text_file` (hex) when its quotes were taken: a
        /// text changed since is reported.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<String> = "sha256" or default,
    }
}

/// What kind of source a source is (`Source::type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceType {
    News,
    Statistics,
    Government,
    Research,
    Other,
}

impl SourceType {
    pub const ALL: [SourceType; 5] =
        [SourceType::News, SourceType::Statistics, SourceType::Government, SourceType::Research, SourceType::Other];

    /// The type a `type` field names, if it is one.
    pub fn parse(name: &str) -> Option<SourceType> {
        SourceType::ALL.into_iter().find(|t| t.label() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceType::News => "news",
            SourceType::Statistics => "statistics",
            SourceType::Government => "government",
            SourceType::Research => "research",
            SourceType::Other => "other",
        }
    }
}

record! {
    pub struct Relation {
        /// Unique among relations.
        pub id: String = "id",
        /// A kind id.
        pub kind: String = "kind",
        /// An actor id or a group id: the supplier / investor / origin.
        pub from: String = "from",
        /// An actor id or a group id, not the same as `from`: the recipient / destination.
        pub to: String = "to",
        /// When the tie holds: a partial ISO date or an interval (`2024`,
        /// `2020/2024`, `2019/..` for ongoing); absent: always shown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub period: Option<String> = "period" or default,
        /// One line in your own words (the quotes are the source's).
        pub summary: String = "summary",
        /// The quotes that back the relation (with `figures`, at least one
        /// piece of evidence).
        #[serde(default)]
        pub evidence: Vec<Evidence> = "evidence" or default,
        /// Numbers that back it: trade turnover, remittances, shares...
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub figures: Vec<Figure> = "figures" or default,
    }
}

record! {
    /// A number a source states about a relation, as the source states it:
    /// never converted, averaged or computed.
    pub struct Figure {
        /// What is counted: "trade turnover", "remittances", "FDI stock"...
        pub measure: String = "measure",
        /// The number as the source states it.
        pub value: f64 = "value",
        /// "USD bn", "EUR bn", "%", "people", "TIV m"...
        pub unit: String = "unit",
        /// A partial ISO date or an interval: `2024`, `2025-04`, `2020/2024`.
        pub period: String = "period",
        /// A source id: who published it.
        pub source: String = "source",
        /// Whose statistics they are ("China's customs"), when the source says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reporter: Option<String> = "reporter" or default,
        /// The source says "about", "over", "nearly"...
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub approx: bool = "approx" or default,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<String> = "note" or default,
    }
}

record! {
    pub struct Evidence {
        /// A source id.
        pub source: String = "source",
        /// The source's exact words.
        pub quote: String = "quote",
        /// Who the source attributes the words to; null for the publisher's own narration.
        #[serde(default)]
        pub speaker: Option<String> = "speaker" or default,
        /// What the claim refers to, when not the source's date: a partial
        /// ISO date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub as_of: Option<String> = "as_of" or default,
    }
}

impl Actor {
    /// Where the actor is on a map: (lon, lat), when it has both.
    pub fn lon_lat(&self) -> Option<(f64, f64)> {
        Some((self.lon?, self.lat?))
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

    /// Parses and validates, keeping every string as written. On failure,
    /// returns every problem found (warnings included); warnings alone do
    /// not fail (`load` returns them).
    pub fn from_json(text: &str) -> Result<Dataset, Vec<Problem>> {
        Dataset::load(text).map(|loaded| loaded.dataset)
    }

    /// `from_json`, keeping the warnings: fields the format does not know,
    /// relations that repeat another, dates not in the ISO form (in a file
    /// of format 1). Problems come in file order, each with its line:column.
    ///
    /// Reads no file: sources' texts are not read, nor their quotes checked
    /// against them (`Loaded::texts` is empty); see `load_with_texts`.
    pub fn load(text: &str) -> Result<Loaded, Vec<Problem>> {
        diagnose::load(text, None)
    }

    /// `load`, then the texts of the sources that have a `text_file`, read
    /// relative to `base` (the dataset file's folder; `None`: the current
    /// folder, for standard input and the built-in data), and checked: a
    /// file that cannot be read is an error naming its path, so is every
    /// quote not in its source's text (with the closest passage and where
    /// they differ); a `sha256` the file no longer has is a warning. The
    /// texts are in `Loaded::texts`. A dataset without texts costs nothing
    /// more than `load`.
    pub fn load_with_texts(text: &str, base: Option<&Path>) -> Result<Loaded, Vec<Problem>> {
        diagnose::load(text, Some(base.unwrap_or(Path::new(""))))
    }

    /// `from_json` for raw bytes, as read from a file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Dataset, Vec<Problem>> {
        Dataset::load_bytes(bytes).map(|loaded| loaded.dataset)
    }

    /// `load` for raw bytes, as read from a file: invalid UTF-8 is
    /// reported with its line, column and byte offset.
    pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
        Dataset::read_bytes(bytes, None)
    }

    /// `load_with_texts` for raw bytes, as read from a file.
    pub fn load_bytes_with_texts(bytes: &[u8], base: Option<&Path>) -> Result<Loaded, Vec<Problem>> {
        Dataset::read_bytes(bytes, Some(base.unwrap_or(Path::new(""))))
    }

    fn read_bytes(bytes: &[u8], texts: Option<&Path>) -> Result<Loaded, Vec<Problem>> {
        match std::str::from_utf8(bytes) {
            Ok(text) => diagnose::load(text, texts),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
                Err(vec![Problem::syntax(line, column, format!("not valid UTF-8 (byte offset {})", e.valid_up_to()))])
            }
        }
    }

    /// The dataset without its relations: kinds, actors, groups, sources
    /// and the top-level fields (what a check of one record, or of the
    /// header alone, needs).
    pub fn header(&self) -> Dataset {
        Dataset {
            format: self.format,
            title: self.title.clone(),
            kinds: self.kinds.clone(),
            actors: self.actors.clone(),
            groups: self.groups.clone(),
            sources: self.sources.clone(),
            relations: Vec::new(),
            extra: self.extra.clone(),
        }
    }

    /// The group an id names, if any.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The name of the actor or group an id names; the id itself when it
    /// names neither.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.actors
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.as_str())
            .or_else(|| self.group(id).map(|g| g.name.as_str()))
            .unwrap_or(id)
    }

    /// Every actor's and group's name by id, as `name_of` finds them (the
    /// first actor of an id, else the group): for naming many relations'
    /// ends without a search each.
    pub fn names_by_id(&self) -> std::collections::HashMap<&str, &str> {
        let groups = self.groups.iter().map(|g| (g.id.as_str(), g.name.as_str()));
        let actors = self.actors.iter().rev().map(|a| (a.id.as_str(), a.name.as_str()));
        groups.chain(actors).collect()
    }

    /// The arrow between a relation's ends: `→` for a directed kind (or
    /// one the dataset does not have), `↔` for an undirected one.
    pub fn arrow_of(&self, kind: &str) -> &'static str {
        let kind = self.kinds.iter().find(|k| k.id == kind);
        if kind.is_none_or(|k| k.directed) { "→" } else { "↔" }
    }

    /// "trade · Russia ↔ Kazakhstan": a relation's kind and ends as a
    /// person reads them.
    pub fn kind_and_ends(&self, r: &Relation) -> String {
        format!("{} · {} {} {}", r.kind, self.name_of(&r.from), self.arrow_of(&r.kind), self.name_of(&r.to))
    }
}

/// The one item `asked` names: an exact id first, then an id in any case,
/// then a name (or label) in any case. Several at one step is ambiguous;
/// none at all, `Err` of nothing.
pub(crate) fn resolve<T>(
    items: &[T],
    asked: &str,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> &str,
) -> Result<usize, Vec<usize>> {
    let lower = asked.to_lowercase();
    let steps: [&dyn Fn(&T) -> bool; 3] =
        [&|t| id(t) == asked, &|t| id(t).to_lowercase() == lower, &|t| name(t).to_lowercase() == lower];
    for matches in steps {
        let found: Vec<usize> = (0..items.len()).filter(|&i| matches(&items[i])).collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found[0]),
            _ => return Err(found),
        }
    }
    Err(Vec::new())
}

/// `base`, or `base-2`, `base-3`... the first that is not `taken` (an
/// empty base stays as it is, for the check to refuse).
pub fn unused_id(base: String, taken: impl Fn(&str) -> bool) -> String {
    if base.is_empty() || !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or(base)
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
