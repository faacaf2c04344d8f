//! Loading with every problem at once, in plain words, with line:column.
//!
//! A valid file is parsed once, typed, by serde_json (the fast path). Only a
//! file serde_json refuses for its shape (a wrong type, a missing field) is
//! read a second time, here: its tree (with offsets) is checked against the
//! records' `SHAPE`s, every misfit reported where it is and patched with a
//! neutral value, and what is left typed and validated as usual, so one
//! run reports the shape, the references and the values together. The
//! problems validation finds about a patched value are dropped: they would
//! only repeat the shape problem in other words.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use serde::de::IgnoredAny;
use serde_json::error::Category;

use super::json::{self, Node, Seg, Value, Wanted};
use super::record::{Expect, RecordShape, Shaped};
use super::texts::{self, Texts};
use super::validate::{Finding, Loc, Severity, json_problem, short};
use super::{Dataset, Problem};

/// A dataset that loaded, and what is odd about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Problems that do not stop the file from loading (see `Severity::Warning`),
    /// in file order.
    pub warnings: Vec<Problem>,
    /// The texts of its sources, by source id (`Dataset::load_with_texts`;
    /// empty after `Dataset::load`, which reads no file).
    pub texts: Texts,
}

/// The findings about the sources' texts, read relative to `base` (`None`:
/// not read), and the texts. Nothing is done for a dataset without texts.
fn check_texts(dataset: &Dataset, base: Option<&Path>) -> (Texts, Vec<Finding>) {
    match base {
        Some(base) if dataset.sources.iter().any(|s| s.text_file.is_some()) => texts::check(dataset, base),
        _ => (Texts::default(), Vec::new()),
    }
}

/// See `Dataset::load` and `Dataset::load_with_texts` (`base` is `None`
/// for the first).
pub(super) fn load(text: &str, base: Option<&Path>) -> Result<Loaded, Vec<Problem>> {
    // Editors on Windows like to start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Problem::new("the file is empty; expected a JSON dataset (see README)".into())]);
    }
    let dataset: Dataset = match serde_json::from_str(text) {
        Ok(dataset) => dataset,
        // A number too large for a float is valid JSON, but serde_json calls it a syntax error.
        Err(e) if e.classify() == Category::Data || e.to_string().starts_with("number out of range") => {
            return Err(diagnose(text, &e, base));
        }
        Err(e) => return Err(vec![json_problem(&e)]),
    };
    let mut findings = dataset.check();
    let (texts, text_findings) = check_texts(&dataset, base);
    findings.extend(text_findings);
    if findings.is_empty() {
        return Ok(Loaded { dataset, warnings: Vec::new(), texts });
    }
    let problems = locate(text, findings);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        Err(problems)
    } else {
        Ok(Loaded { dataset, warnings: problems, texts })
    }
}

/// Every problem of a file serde_json could not type (`typing` is why),
/// its texts checked too when `base` says where they are.
fn diagnose(text: &str, typing: &serde_json::Error, base: Option<&Path>) -> Vec<Problem> {
    // Typing stops at its first error; the rest may not even be JSON.
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        return vec![json_problem(&e)];
    }
    let Some(root) = json::parse(text) else { return vec![json_problem(typing)] };
    let mut shaper = Shaper { text, findings: Vec::new(), patched: Vec::new(), out: String::with_capacity(text.len()) };
    // A document that is not an object is patched whole: every finding of
    // validation is then dropped, and only that one problem is left.
    shaper.value(&root, root.start, &Dataset::EXPECT, Loc::root());
    // The tree is done with: free it before the typed copy is built.
    drop(root);
    let Shaper { mut findings, patched, out, .. } = shaper;
    let shape_errors = findings.iter().any(|f| f.severity == Severity::Error);
    match serde_json::from_str::<Dataset>(&out) {
        Ok(dataset) if shape_errors => {
            let patched: HashSet<Vec<Seg>> = patched.into_iter().collect();
            let is_patched = |f: &Finding| {
                let path = &f.loc.path;
                (0..=path.len()).any(|n| patched.contains(&path[..n]))
                    || f.refers_to.iter().any(|list| patched.contains([Seg::Key(list.to_string())].as_slice()))
            };
            findings.extend(dataset.check().into_iter().filter(|f| !is_patched(f)));
            findings.extend(check_texts(&dataset, base).1.into_iter().filter(|f| !is_patched(f)));
            locate(text, findings)
        }
        // Something the shape check does not see: say what serde_json says.
        _ => {
            let mut problems = locate(text, findings);
            problems.push(json_problem(typing));
            problems
        }
    }
}

/// The findings as problems with line:column, in file order.
pub(super) fn locate(text: &str, findings: Vec<Finding>) -> Vec<Problem> {
    let mut wanted = Wanted::default();
    for f in findings.iter().filter(|f| f.offset.is_none()) {
        wanted.insert(&f.loc.path);
    }
    wanted.find(text);
    let offsets: Vec<Option<usize>> = findings.iter().map(|f| f.offset.or_else(|| wanted.at(&f.loc.path))).collect();
    let known: Vec<usize> = offsets.iter().flatten().copied().collect();
    let mut positions = json::line_columns(text, &known).into_iter();
    let mut problems: Vec<(Option<usize>, Problem)> = findings
        .into_iter()
        .zip(offsets)
        .map(|(f, offset)| (offset, f.into_problem(offset.and_then(|_| positions.next()))))
        .collect();
    problems.sort_by_key(|&(offset, _)| offset.unwrap_or(usize::MAX));
    problems.into_iter().map(|(_, p)| p).collect()
}

/// Checks a document against the format and writes it out again as JSON
/// that types: every value that does not fit replaced by a neutral one
/// (`""`, `false`, `0`, `[]`, a record with its required fields so), every
/// field the format does not know kept as it is.
struct Shaper<'a> {
    text: &'a str,
    findings: Vec<Finding>,
    /// The paths of the values replaced.
    patched: Vec<Vec<Seg>>,
    out: String,
}

impl<'a> Shaper<'a> {
    fn error(&mut self, loc: Loc, offset: usize, message: String) {
        self.findings.push(Finding { severity: Severity::Error, loc, message, offset: Some(offset), refers_to: &[] });
    }

    fn raw(&mut self, node: &Node) {
        self.out.push_str(&self.text[node.start..node.end]);
    }

    /// Writes `node` if it is what `expect` says, else reports it (at
    /// `offset`: the key of a field, an item's start) and writes a neutral value.
    fn value(&mut self, node: &Node<'a>, offset: usize, expect: &Expect, loc: Loc) {
        match (expect, &node.value) {
            (Expect::String, Value::String) | (Expect::Bool, Value::Bool) | (Expect::Nullable(_), Value::Null) => {
                self.raw(node)
            }
            (Expect::Number | Expect::Count, Value::Number) => {
                let raw = &self.text[node.start..node.end];
                let fits = match expect {
                    Expect::Count => raw.parse::<u64>().is_ok(),
                    _ => raw.parse::<f64>().is_ok_and(f64::is_finite),
                };
                if fits { self.raw(node) } else { self.mismatch(node, offset, expect, loc) }
            }
            // The right kind of value is checked further as the inner one;
            // the wrong kind is reported as not that or null.
            (Expect::Nullable(inner), value) if same_kind(inner, value) => self.value(node, offset, inner, loc),
            (Expect::List(inner), Value::Array(items)) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let id = match inner {
                        Expect::Record(shape) => self.id_of(item, shape),
                        _ => None,
                    };
                    self.value(item, item.start, inner, loc.item(i, id.as_deref()));
                }
                self.out.push(']');
            }
            (Expect::Record(shape), Value::Object(members)) => self.record(node, members, shape, loc),
            _ => self.mismatch(node, offset, expect, loc),
        }
    }

    fn record(&mut self, node: &Node<'a>, members: &[json::Member<'a>], shape: &RecordShape, loc: Loc) {
        self.out.push('{');
        let mut seen: Vec<Option<usize>> = vec![None; shape.fields.len()];
        let mut others: Vec<&str> = Vec::new();
        let mut first = true;
        for m in members {
            let known = shape.fields.iter().position(|f| f.key == m.key);
            let again = match known {
                Some(k) => seen[k].replace(m.key_start).is_some(),
                None if others.contains(&m.key.as_ref()) => true,
                None => {
                    others.push(m.key.as_ref());
                    false
                }
            };
            if again {
                // The first is kept, as the locator places problems there.
                self.error(loc.field(&m.key), m.key_start, "given twice in one record; keep one".into());
                continue;
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            self.out.push_str(&self.text[m.key_start..m.key_end]);
            self.out.push(':');
            match known {
                Some(k) => self.value(&m.value, m.key_start, &shape.fields[k].expect, loc.field(&m.key)),
                // Kept as written; validation warns about it.
                None => self.raw(&m.value),
            }
        }
        for (field, seen) in shape.fields.iter().zip(seen) {
            if seen.is_none() && field.required {
                let at = loc.field(field.key);
                self.error(at.clone(), node.start, format!("missing; expected {}", describe(&field.expect)));
                self.patched.push(at.path);
                if !first {
                    self.out.push(',');
                }
                first = false;
                self.out.push_str(&format!("\"{}\":{}", field.key, neutral(&field.expect)));
            }
        }
        self.out.push('}');
    }

    /// Reports a value that does not fit and writes a neutral one instead.
    fn mismatch(&mut self, node: &Node<'a>, offset: usize, expect: &Expect, loc: Loc) {
        let message = format!("expected {}, found {}{}", expected(expect), self.found(node), self.hint(node, expect));
        self.out.push_str(&neutral(expect));
        self.patched.push(loc.path.clone());
        self.error(loc, offset, message);
    }

    /// The id a record gives itself, to name it in messages.
    fn id_of(&self, node: &Node<'a>, shape: &RecordShape) -> Option<String> {
        let Value::Object(members) = &node.value else { return None };
        shape.fields.iter().find(|f| f.key == "id")?;
        let id = members.iter().find(|m| m.key == "id")?;
        json::string_at(self.text, &id.value).map(Cow::into_owned)
    }

    /// A value as a message names it: `the string "59.91"`, `a list`.
    fn found(&self, node: &Node<'a>) -> String {
        let raw = &self.text[node.start..node.end];
        match &node.value {
            Value::Null => "null".into(),
            Value::Bool => raw.into(),
            Value::Number => format!("the number {}", short(raw)),
            Value::String => match json::string_at(self.text, node) {
                Some(s) if s.is_empty() => "an empty string".into(),
                Some(s) => format!("the string \"{}\"", short(&s)),
                None => "a string".into(),
            },
            Value::Array(_) | Value::Deep { array: true } => "a list".into(),
            Value::Object(_) | Value::Deep { array: false } => "an object".into(),
        }
    }

    /// How to fix the usual slips: a number or true/false in quotes, one
    /// value where a list of them belongs, an id without quotes.
    fn hint(&self, node: &Node<'a>, expect: &Expect) -> &'static str {
        let base = |e: &Expect| match *e {
            Expect::Nullable(inner) => *inner,
            e => e,
        };
        let content = json::string_at(self.text, node);
        let content = content.as_deref().map(str::trim);
        match (base(expect), &node.value) {
            (Expect::Number, Value::String) if content.is_some_and(|s| s.parse::<f64>().is_ok()) => {
                " (write numbers without quotes)"
            }
            (Expect::Count, Value::String) if content.is_some_and(|s| s.parse::<u64>().is_ok()) => {
                " (write numbers without quotes)"
            }
            (Expect::Bool, Value::String) if matches!(content, Some("true" | "false")) => {
                " (write true or false without quotes)"
            }
            (Expect::String, Value::Number | Value::Bool) => " (put it in quotes)",
            (Expect::Number, Value::Number) => " (too large for a number)",
            (Expect::Count, Value::Number) => " (a whole number, 0 or more)",
            // An object with the fields of one record, not a map of them.
            (Expect::List(Expect::Record(shape)), Value::Object(members))
                if members.iter().any(|m| shape.fields.iter().any(|f| f.key == m.key)) =>
            {
                " (put it in [ ] to make a list of one)"
            }
            (Expect::List(Expect::String), Value::String) => " (put it in [ ] to make a list of one)",
            _ => "",
        }
    }
}

/// Whether a value is of the JSON type `expect` asks for, whatever is in it.
fn same_kind(expect: &Expect, value: &Value) -> bool {
    matches!(
        (expect, value),
        (Expect::String, Value::String)
            | (Expect::Bool, Value::Bool)
            | (Expect::Number | Expect::Count, Value::Number)
            | (Expect::List(_), Value::Array(_))
            | (Expect::Record(_), Value::Object(_))
    )
}

/// What a value should be, as a message says it: `a list of quotes`.
fn describe(expect: &Expect) -> String {
    match expect {
        Expect::String => "a string".into(),
        Expect::Bool => "true or false".into(),
        Expect::Number => "a number".into(),
        Expect::Count => "a whole number".into(),
        Expect::Nullable(inner) => format!("{} or null", describe(inner)),
        Expect::List(Expect::Record(shape)) => format!("a list of {}", noun(shape).1),
        Expect::List(Expect::String) => "a list of strings".into(),
        Expect::List(inner) => format!("a list, each item {}", describe(inner)),
        Expect::Record(shape) => noun(shape).0.into(),
    }
}

/// `describe`, with a record's required fields: what a mismatch expected.
fn expected(expect: &Expect) -> String {
    match expect {
        Expect::Record(shape) => {
            let required: Vec<String> =
                shape.fields.iter().filter(|f| f.required).map(|f| format!("\"{}\"", f.key)).collect();
            let fields = match required.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            format!("{} (an object with {fields})", noun(shape).0)
        }
        e => describe(e),
    }
}

/// A record type as messages name one of it, and many.
fn noun(shape: &RecordShape) -> (&'static str, &'static str) {
    match shape.name {
        "Dataset" => ("a dataset", "datasets"),
        "Kind" => ("a kind", "kinds"),
        "Actor" => ("an actor", "actors"),
        "Group" => ("a group", "groups"),
        "Source" => ("a source", "sources"),
        "Relation" => ("a relation", "relations"),
        "Evidence" => ("a quote", "quotes"),
        _ => ("an object", "objects"),
    }
}

/// A value that types as `expect` and says nothing: validation finds
/// nothing in it that the shape problem has not said already.
fn neutral(expect: &Expect) -> String {
    match expect {
        Expect::String => "\"\"".into(),
        Expect::Bool => "false".into(),
        Expect::Number | Expect::Count => "0".into(),
        // A coordinate patched to null would leave its pair half given.
        Expect::Nullable(Expect::Number) => "0".into(),
        Expect::Nullable(_) => "null".into(),
        Expect::List(_) => "[]".into(),
        Expect::Record(shape) => {
            let fields: Vec<String> = shape
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| format!("\"{}\":{}", f.key, neutral(&f.expect)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
    }
}

/// The candidate `word` is probably a typo of: the same in another case, or
/// one edit away (two for longer words; a swap of two letters is one edit).
pub(super) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    if word.len() > 64 {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|c| {
            // Too long to be within two edits, even counted in bytes.
            if c.len() > 4 * (word.len() + 2) {
                return None;
            }
            let cand: Vec<char> = c.to_lowercase().chars().collect();
            let limit = match cand.len() {
                0..=2 => 0,
                3..=5 => 1,
                _ => 2,
            };
            if cand.len().abs_diff(word.len()) > limit {
                return None;
            }
            let d = edit_distance(&word, &cand);
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours, each one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_known_words_are_recognised_and_others_are_not() {
        let fields = ["id", "kind", "from", "to", "summary", "evidence"];
        assert_eq!(closest("form", fields), Some("from"));
        assert_eq!(closest("sumary", fields), Some("summary"));
        assert_eq!(closest("Evidence", fields), Some("evidence"));
        assert_eq!(closest("evidance", fields), Some("evidence"));
        assert_eq!(closest("ID", fields), Some("id"));
        assert_eq!(closest("notes", fields), None);
        assert_eq!(closest("no", fields), None, "two letters: only another case counts");
        assert_eq!(closest("kinds", ["kind", "kinds"]), Some("kinds"));
    }

    #[test]
    fn neutral_values_type_as_what_they_replace() {
        let text = neutral(&Expect::Record(&Dataset::SHAPE));
        let dataset: Dataset = serde_json::from_str(&text).expect("a neutral dataset types");
        assert!(dataset.kinds.is_empty() && dataset.title.is_empty());
        let relation: super::super::Relation = serde_json::from_str(&neutral(&super::super::Relation::EXPECT)).unwrap();
        assert!(relation.evidence.is_empty());
    }
}
