//! Changes to a dataset, each checked before it is applied, and the
//! history that undoes and redoes them. A change says where (a position
//! in a list) and what; applying it gives back the change that undoes
//! it, so undo is applying that, and redo applying its undo.
//!
//! A change is checked the way `greatgame validate` checks a file: the
//! record, against the kinds, actors, groups and sources it may name, in
//! the validator's own words, each problem under the field it is about.
//! Removing what something still refers to is refused, with the list of
//! what refers to it.

use crate::data::{Actor, Dataset, Evidence, Relation, Source};

/// A record of one of the dataset's lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Relation(Relation),
    Actor(Actor),
    Source(Source),
}

/// One of the lists a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Relations,
    Actors,
    Sources,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Relations => "relations",
            List::Actors => "actors",
            List::Sources => "sources",
        }
    }
}

impl Record {
    fn list(&self) -> List {
        match self {
            Record::Relation(_) => List::Relations,
            Record::Actor(_) => List::Actors,
            Record::Source(_) => List::Sources,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::Relation(r) => &r.id,
            Record::Actor(a) => &a.id,
            Record::Source(s) => &s.id,
        }
    }
}

/// A change to a dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The record goes in at this position of its list (the end: added).
    Insert(usize, Record),
    /// The record at this position becomes this one.
    Replace(usize, Record),
    /// The record at this position of the list goes.
    Remove(List, usize),
    /// One more quote for the relation at `relation`, at position `at`.
    InsertQuote { relation: usize, at: usize, evidence: Evidence },
    /// The relation's quote at `at` goes.
    RemoveQuote { relation: usize, at: usize },
}

/// What is wrong with a change: each problem with the field it is about
/// (`None`: the record as a whole), in the validator's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<(Option<String>, String)>);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = (self.0.iter())
            .map(|(field, message)| match field {
                Some(field) => format!("{field}: {message}"),
                None => message.clone(),
            })
            .collect();
        write!(f, "{}", lines.join("; "))
    }
}

fn refused(message: String) -> Refused {
    Refused(vec![(None, message)])
}

impl Change {
    /// What the change does, in a few words, for the footer ("delete
    /// relation cn-arms-central-asia").
    pub fn describe(&self, data: &Dataset) -> String {
        let noun = |list: List| match list {
            List::Relations => "relation",
            List::Actors => "actor",
            List::Sources => "source",
        };
        let id_at = |list: List, i: usize| -> String {
            match list {
                List::Relations => data.relations.get(i).map(|r| r.id.clone()),
                List::Actors => data.actors.get(i).map(|a| a.id.clone()),
                List::Sources => data.sources.get(i).map(|s| s.id.clone()),
            }
            .unwrap_or_default()
        };
        match self {
            Change::Insert(_, record) => format!("add {} {}", noun(record.list()), record.id()),
            Change::Replace(_, record) => format!("edit {} {}", noun(record.list()), record.id()),
            Change::Remove(list, i) => format!("delete {} {}", noun(*list), id_at(*list, *i)),
            Change::InsertQuote { relation, .. } => format!("add a quote to {}", id_at(List::Relations, *relation)),
            Change::RemoveQuote { relation, .. } => {
                format!("remove a quote from {}", id_at(List::Relations, *relation))
            }
        }
    }

    /// Whether the change can be applied to `data`, and if not, why.
    pub fn check(&self, data: &Dataset) -> Result<(), Refused> {
        match self {
            Change::Insert(at, record) => {
                if *at > len(data, record.list()) {
                    return Err(refused(format!("no position {at} in {}", record.list().key())));
                }
                check_record(data, record, None)
            }
            Change::Replace(at, record) => {
                if *at >= len(data, record.list()) {
                    return Err(refused(format!("no {}[{at}]", record.list().key())));
                }
                check_record(data, record, Some(*at))?;
                // An id others refer to cannot change under them.
                let old = id_of(data, record.list(), *at);
                if old != record.id() {
                    refuse_if_referenced(data, record.list(), old)
                        .map_err(|r| Refused(r.0.into_iter().map(|(_, m)| (Some("id".to_string()), m)).collect()))?;
                }
                Ok(())
            }
            Change::Remove(list, at) => {
                if *at >= len(data, *list) {
                    return Err(refused(format!("no {}[{at}]", list.key())));
                }
                refuse_if_referenced(data, *list, id_of(data, *list, *at))
            }
            Change::InsertQuote { relation, at, evidence } => {
                let Some(r) = data.relations.get(*relation) else {
                    return Err(refused(format!("no relations[{relation}]")));
                };
                if *at > r.evidence.len() {
                    return Err(refused(format!("no position {at} in the quotes of {}", r.id)));
                }
                let mut with = r.clone();
                with.evidence.insert(*at, evidence.clone());
                check_record(data, &Record::Relation(with), Some(*relation))
            }
            Change::RemoveQuote { relation, at } => {
                let Some(r) = data.relations.get(*relation) else {
                    return Err(refused(format!("no relations[{relation}]")));
                };
                if *at >= r.evidence.len() {
                    return Err(refused(format!("no quote {at} in {}", r.id)));
                }
                if r.evidence.len() == 1 && r.figures.is_empty() {
                    return Err(refused(format!(
                        "this is the last piece of evidence of {}: delete the relation instead",
                        r.id
                    )));
                }
                Ok(())
            }
        }
    }

    /// Applies the change (checked first) and gives back the change that
    /// undoes it.
    pub fn apply(self, data: &mut Dataset) -> Result<Change, Refused> {
        self.check(data)?;
        Ok(self.apply_unchecked(data))
    }

    fn apply_unchecked(self, data: &mut Dataset) -> Change {
        match self {
            Change::Insert(at, record) => {
                let list = record.list();
                match record {
                    Record::Relation(r) => data.relations.insert(at, r),
                    Record::Actor(a) => data.actors.insert(at, a),
                    Record::Source(s) => data.sources.insert(at, s),
                }
                Change::Remove(list, at)
            }
            Change::Replace(at, record) => {
                let old = match record {
                    Record::Relation(r) => Record::Relation(std::mem::replace(&mut data.relations[at], r)),
                    Record::Actor(a) => Record::Actor(std::mem::replace(&mut data.actors[at], a)),
                    Record::Source(s) => Record::Source(std::mem::replace(&mut data.sources[at], s)),
                };
                Change::Replace(at, old)
            }
            Change::Remove(list, at) => {
                let old = match list {
                    List::Relations => Record::Relation(data.relations.remove(at)),
                    List::Actors => Record::Actor(data.actors.remove(at)),
                    List::Sources => Record::Source(data.sources.remove(at)),
                };
                Change::Insert(at, old)
            }
            Change::InsertQuote { relation, at, evidence } => {
                data.relations[relation].evidence.insert(at, evidence);
                Change::RemoveQuote { relation, at }
            }
            Change::RemoveQuote { relation, at } => {
                let evidence = data.relations[relation].evidence.remove(at);
                Change::InsertQuote { relation, at, evidence }
            }
        }
    }
}

fn len(data: &Dataset, list: List) -> usize {
    match list {
        List::Relations => data.relations.len(),
        List::Actors => data.actors.len(),
        List::Sources => data.sources.len(),
    }
}

fn id_of(data: &Dataset, list: List, at: usize) -> &str {
    match list {
        List::Relations => &data.relations[at].id,
        List::Actors => &data.actors[at].id,
        List::Sources => &data.sources[at].id,
    }
}

/// Checks `record` as the validator would, placed at `at` of its list
/// (`None`: added), against the rest of `data`.
fn check_record(data: &Dataset, record: &Record, at: Option<usize>) -> Result<(), Refused> {
    let list = record.list();
    // Unique ids: against the other records of the list.
    let taken = match list {
        List::Relations => data.relations.iter().enumerate().any(|(i, r)| Some(i) != at && r.id == record.id()),
        List::Actors => {
            data.actors.iter().enumerate().any(|(i, a)| Some(i) != at && a.id == record.id())
                || data.groups.iter().any(|g| g.id == record.id())
        }
        List::Sources => data.sources.iter().enumerate().any(|(i, s)| Some(i) != at && s.id == record.id()),
    };
    let mut problems = Vec::new();
    if taken && !record.id().is_empty() {
        problems.push((Some("id".to_string()), format!("\"{}\" is already used", record.id())));
    }
    // The rest: the validator's check of a dataset holding the header and
    // this one record (so every message is the validator's own).
    let mut alone = data.header();
    // The record in its place (`at`), or added at the end; where it is.
    fn place<T>(list: &mut Vec<T>, item: T, at: Option<usize>) -> usize {
        match at {
            Some(i) => {
                list[i] = item;
                i
            }
            None => {
                list.push(item);
                list.len() - 1
            }
        }
    }
    let index = match record.clone() {
        // Alone among the relations: the header's own check then runs too.
        Record::Relation(r) => place(&mut alone.relations, r, None),
        Record::Actor(a) => place(&mut alone.actors, a, at),
        Record::Source(s) => place(&mut alone.sources, s, at),
    };
    for (field, message) in alone.errors_in(list.key(), index) {
        let field = (!field.is_empty()).then_some(field);
        if !problems.iter().any(|(f, m)| *f == field && *m == message) {
            problems.push((field, message));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Refused(problems)) }
}

/// Refuses when anything refers to the record `id` of `list`, naming
/// what does.
fn refuse_if_referenced(data: &Dataset, list: List, id: &str) -> Result<(), Refused> {
    let users: Vec<String> = match list {
        List::Relations => Vec::new(),
        List::Actors => {
            let relations =
                (data.relations.iter()).filter(|r| r.from == id || r.to == id).map(|r| format!("relation {}", r.id));
            let groups =
                data.groups.iter().filter(|g| g.members.iter().any(|m| m == id)).map(|g| format!("group {}", g.id));
            relations.chain(groups).collect()
        }
        List::Sources => (data.relations.iter())
            .filter(|r| r.evidence.iter().any(|e| e.source == id) || r.figures.iter().any(|f| f.source == id))
            .map(|r| format!("relation {}", r.id))
            .collect(),
    };
    if users.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 5;
    let more = match users.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let shown: Vec<&str> = users.iter().take(SHOWN).map(String::as_str).collect();
    Err(refused(format!("{id} is still used by {}{more}", shown.join(", "))))
}

/// The changes made since the dataset was opened, to undo and redo.
#[derive(Debug, Default)]
pub struct History {
    /// What undoes each change made, newest last, with what it did.
    done: Vec<(Change, String)>,
    /// What redoes each change undone, newest last.
    undone: Vec<(Change, String)>,
}

impl History {
    /// Applies `change` to `data` and remembers how to undo it; says what
    /// it did. Redo is no longer possible after a new change.
    pub fn apply(&mut self, data: &mut Dataset, change: Change) -> Result<String, Refused> {
        let what = change.describe(data);
        let undo = change.apply(data)?;
        self.done.push((undo, what.clone()));
        self.undone.clear();
        Ok(what)
    }

    /// Undoes the last change; says what was undone.
    pub fn undo(&mut self, data: &mut Dataset) -> Option<String> {
        let (undo, what) = self.done.pop()?;
        let redo = undo.apply_unchecked(data);
        self.undone.push((redo, what.clone()));
        Some(what)
    }

    /// Redoes the last change undone; says what was redone.
    pub fn redo(&mut self, data: &mut Dataset) -> Option<String> {
        let (redo, what) = self.undone.pop()?;
        let undo = redo.apply_unchecked(data);
        self.done.push((undo, what.clone()));
        Some(what)
    }

    /// The relation the last undo (`after_undo`) or redo left in the
    /// data, to show it: one put back or changed, or whose quotes changed
    /// (with the quote's position). None when it took a relation away.
    pub fn touched_relation(&self, after_undo: bool) -> Option<(usize, Option<usize>)> {
        // The change that would step back again names the place.
        let (change, _) = if after_undo { self.undone.last()? } else { self.done.last()? };
        match change {
            Change::Remove(List::Relations, i) | Change::Replace(i, Record::Relation(_)) => Some((*i, None)),
            Change::InsertQuote { relation, at, .. } | Change::RemoveQuote { relation, at } => {
                Some((*relation, Some(*at)))
            }
            _ => None,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn article() -> Dataset {
        Dataset::from_json(include_str!("../tests/fixtures/article.json")).expect("the fixture is valid")
    }

    fn relation_at(data: &Dataset, id: &str) -> usize {
        data.relations.iter().position(|r| r.id == id).expect("a relation of the fixture")
    }

    #[test]
    fn a_change_is_checked_and_each_problem_named_by_its_field() {
        let data = article();
        let mut r = data.relations[0].clone();
        r.id = "new-one".into();
        r.to = r.from.clone();
        r.kind = "tarde".into();
        let Err(Refused(problems)) = Change::Insert(data.relations.len(), Record::Relation(r)).check(&data) else {
            panic!("from = to and an unknown kind are refused");
        };
        let fields: Vec<_> = problems.iter().map(|(f, _)| f.as_deref()).collect();
        assert!(fields.contains(&Some("to")) && fields.contains(&Some("kind")), "{problems:?}");
        assert!(problems.iter().any(|(_, m)| m.contains("the same as \"from\"")), "{problems:?}");
        // A relation id already used.
        let mut twin = data.relations[1].clone();
        twin.summary = "Said again".into();
        twin.evidence.truncate(1);
        let Err(Refused(problems)) = Change::Insert(0, Record::Relation(twin)).check(&data) else { panic!() };
        assert_eq!(problems[0].0.as_deref(), Some("id"));
    }

    #[test]
    fn what_is_still_used_cannot_be_removed_and_the_users_are_named() {
        let data = article();
        let china = data.actors.iter().position(|a| a.id == "CHN").expect("China is in the fixture");
        let refused = Change::Remove(List::Actors, china).check(&data).unwrap_err();
        assert!(refused.to_string().starts_with("CHN is still used by relation "), "{refused}");
        let afp = data.sources.iter().position(|s| s.id.contains("afp")).expect("the AFP source");
        assert!(Change::Remove(List::Sources, afp).check(&data).is_err());
    }

    #[test]
    fn the_last_piece_of_evidence_stays() {
        let data = article();
        let one = data.relations.iter().position(|r| r.evidence.len() == 1 && r.figures.is_empty()).unwrap();
        let refused = Change::RemoveQuote { relation: one, at: 0 }.check(&data).unwrap_err();
        assert!(refused.to_string().contains("delete the relation instead"), "{refused}");
    }

    #[test]
    fn undo_and_redo_say_what_they_did() {
        let mut data = article();
        let before = data.to_canonical_json();
        let mut history = History::default();
        let at = relation_at(&data, &data.relations[2].id.clone());
        let id = data.relations[at].id.clone();
        let what = history.apply(&mut data, Change::Remove(List::Relations, at)).unwrap();
        assert_eq!(what, format!("delete relation {id}"));
        assert!(data.relations.iter().all(|r| r.id != id));
        assert_eq!(history.undo(&mut data).as_deref(), Some(what.as_str()));
        assert_eq!(data.to_canonical_json(), before);
        assert_eq!(history.redo(&mut data).as_deref(), Some(what.as_str()));
        assert!(data.relations.iter().all(|r| r.id != id));
        assert!(history.redo(&mut data).is_none(), "nothing more to redo");
    }

    /// A change made of random picks: some are refused (removing what is
    /// used, say), which changes nothing.
    fn change(data: &Dataset, how: usize, i: usize, j: usize, n: usize) -> Change {
        let pick = |len: usize, k: usize| if len == 0 { 0 } else { k % len };
        let rel = pick(data.relations.len(), i);
        match how {
            0 => Change::Remove(List::Relations, rel),
            1 | 2 => {
                let Some(r) = data.relations.get(pick(data.relations.len(), j)) else {
                    return Change::Remove(List::Relations, 0);
                };
                let mut r = r.clone();
                r.id = format!("copy-{n}");
                r.summary = format!("A copy, number {n}");
                let at = if how == 1 { data.relations.len() } else { pick(data.relations.len() + 1, i) };
                Change::Insert(at, Record::Relation(r))
            }
            3 => match data.relations.get(rel) {
                Some(r) => {
                    let mut r = r.clone();
                    r.summary = format!("Edited, number {n}");
                    Change::Replace(rel, Record::Relation(r))
                }
                None => Change::Remove(List::Relations, 0),
            },
            4 => Change::RemoveQuote { relation: rel, at: j % 3 },
            5 => {
                let evidence = data.relations.get(pick(data.relations.len(), j)).and_then(|r| r.evidence.first());
                match evidence {
                    Some(e) => Change::InsertQuote { relation: rel, at: 0, evidence: e.clone() },
                    None => Change::Remove(List::Relations, 0),
                }
            }
            6 => Change::Insert(
                pick(data.actors.len() + 1, j),
                Record::Actor(Actor {
                    id: format!("A{n}"),
                    name: format!("Actor {n}"),
                    capital: None,
                    lat: None,
                    lon: None,
                    extra: Default::default(),
                }),
            ),
            7 => Change::Remove(List::Actors, pick(data.actors.len(), j)),
            _ => Change::Remove(List::Sources, pick(data.sources.len(), j)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 128,
            failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
            ..ProptestConfig::default()
        })]

        /// Any edits, then as many undos, give back the file byte for byte;
        /// as many redos give back the edited one. Every change applied
        /// leaves a valid dataset.
        #[test]
        fn edits_then_as_many_undos_give_back_the_original(
            picks in proptest::collection::vec((0..9usize, any::<usize>(), any::<usize>()), 1..12),
        ) {
            let mut data = article();
            let original = data.to_canonical_json();
            let mut history = History::default();
            let mut applied = 0;
            for (n, (how, i, j)) in picks.into_iter().enumerate() {
                let change = change(&data, how, i, j, n);
                let before = data.to_canonical_json();
                match history.apply(&mut data, change) {
                    Ok(_) => {
                        applied += 1;
                        prop_assert!(data.validate().iter().all(|p| p.is_warning()), "{:?}", data.validate());
                    }
                    Err(_) => prop_assert_eq!(data.to_canonical_json(), before, "a refused change changes nothing"),
                }
            }
            let edited = data.to_canonical_json();
            for _ in 0..applied {
                prop_assert!(history.undo(&mut data).is_some());
            }
            prop_assert!(history.undo(&mut data).is_none());
            prop_assert_eq!(data.to_canonical_json(), original);
            for _ in 0..applied {
                prop_assert!(history.redo(&mut data).is_some());
            }
            prop_assert_eq!(data.to_canonical_json(), edited);
        }
    }
}
