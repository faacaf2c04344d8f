//! Validation: every problem with references, ids and values, one line
//! each, naming where it is.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt;
use std::str::FromStr;

use ratatui::style::Color;

use super::*;

/// One problem found while loading a dataset, already phrased for a person.
/// The message quotes ids and values as the file has them, control
/// characters included: print it through `printable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line and column, for JSON syntax and shape errors.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    pub(super) fn new(message: String) -> Problem {
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

impl Dataset {
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
            text(At("actors", i, &a.id), a.capital.as_deref(), "capital", false, MAX_NAME_CHARS);
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
            if let Some(lat) = a.lat
                && !(lat.is_finite() && (-90.0..=90.0).contains(&lat))
            {
                say(format!("{at}: lat {lat} is outside -90..90"));
            }
            if let Some(lon) = a.lon
                && !(lon.is_finite() && (-180.0..=180.0).contains(&lon))
            {
                say(format!("{at}: lon {lon} is outside -180..180"));
            }
            if a.lat.is_some() != a.lon.is_some() {
                say(format!("{at}: \"lat\" and \"lon\" go together: give both, or neither (an actor off the map)"));
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
    }
    Problem { at: Some((e.line(), e.column())), message: msg }
}
