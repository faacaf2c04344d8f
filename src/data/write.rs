//! The canonical text of a dataset: what `greatgame fmt` writes, and what
//! every save writes.
//!
//! - The header first (`format`, `title`, `kinds`, `actors`, `groups`,
//!   `sources`), then `relations`, then the dataset's own unknown fields: a
//!   reader can take the header before it streams the relations.
//! - Every record's known fields in the order the format declares them,
//!   then its unknown fields (in the order `Extra` keeps: alphabetical).
//!   Optional fields are written even when empty (`"title": null`).
//! - Two-space indent; a kind, an actor, a group, a source and a quote on
//!   one line each; a relation over several lines, one field a line.
//! - Strings exactly as loaded, escaped as JSON requires and inert (see
//!   `json::Inert`); numbers in their shortest form that reads back the same.
//!
//! Loading the text gives back the same dataset, and writing that gives
//! back the same text.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::{Inert, to_line};
use super::{Dataset, FORMAT_VERSION, Relation};

impl Dataset {
    /// The dataset in canonical form, always as format `FORMAT_VERSION`.
    pub fn to_canonical_json(&self) -> String {
        // Every field is named here, so a field added to the format cannot
        // be left out of the writer without the compiler saying so.
        let Dataset { format: _, title, kinds, actors, groups, sources, relations, extra } = self;
        let mut out = String::with_capacity(256 + relations.len() * 512);
        out.push_str("{\n");
        let _ = writeln!(out, "  \"format\": {FORMAT_VERSION},");
        let _ = write!(out, "  \"title\": {}", to_line(title));
        list(&mut out, "kinds", kinds, |out, kind| out.push_str(&to_line(kind)));
        list(&mut out, "actors", actors, |out, actor| out.push_str(&to_line(actor)));
        list(&mut out, "groups", groups, |out, group| out.push_str(&to_line(group)));
        list(&mut out, "sources", sources, |out, source| out.push_str(&to_line(source)));
        list(&mut out, "relations", relations, relation);
        for (key, value) in extra {
            let _ = write!(out, ",\n  {}: {}", to_line(key), indented(&pretty(value), "  "));
        }
        out.push_str("\n}\n");
        out
    }
}

/// `,\n  "name": [` then each item on its own line(s), or `[]`.
fn list<T>(out: &mut String, name: &str, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    let _ = write!(out, ",\n  \"{name}\": [");
    if items.is_empty() {
        out.push(']');
        return;
    }
    for (i, it) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        item(out, it);
    }
    out.push_str("\n  ]");
}

/// A relation, one field a line, its quotes one a line.
fn relation(out: &mut String, r: &Relation) {
    let Relation { id, kind, from, to, summary, evidence, extra } = r;
    out.push('{');
    let field = |out: &mut String, first: bool, key: &str, value: String| {
        let _ = write!(out, "{}\n      {}: {value}", if first { "" } else { "," }, to_line(key));
    };
    field(out, true, "id", to_line(id));
    field(out, false, "kind", to_line(kind));
    field(out, false, "from", to_line(from));
    field(out, false, "to", to_line(to));
    field(out, false, "summary", to_line(summary));
    let quotes = if evidence.is_empty() {
        "[]".to_string()
    } else {
        let lines: Vec<String> = evidence.iter().map(|e| format!("        {}", to_line(e))).collect();
        format!("[\n{}\n      ]", lines.join(",\n"))
    };
    field(out, false, "evidence", quotes);
    for (key, value) in extra {
        field(out, false, key, to_line(value));
    }
    out.push_str("\n    }");
}

/// A value of the dataset's own unknown fields, on several lines when it
/// is an object or an array (two-space indent), inert.
fn pretty(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let formatter = Inert(serde_json::ser::PrettyFormatter::with_indent(b"  "));
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).expect("a JSON value serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Indents every line of `text` but the first. A JSON text holds no line
/// break inside a string (they are escaped), so this touches layout only.
fn indented(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_the_documented_one() {
        let text = r#"{"title": "T", "kinds": [{"id": "k", "label": "K", "directed": true, "color": "red", "w": 1}],
            "actors": [{"id": "A", "name": "A"}, {"id": "B", "name": "B", "capital": "b", "lat": 1, "lon": 2.5}],
            "sources": [{"id": "s", "publisher": "P", "date": "d"}],
            "relations": [{"id": "r", "kind": "k", "from": "A", "to": "B", "summary": "S",
                           "evidence": [{"source": "s", "quote": "Q\n\tq", "page": 3}], "z": {"n": [1, 2]}}],
            "meta": {"by": "x", "list": [1]}}"#;
        let data = Dataset::from_json(text).unwrap();
        let expected = r#"{
  "format": 2,
  "title": "T",
  "kinds": [
    {"id": "k", "label": "K", "directed": true, "color": "red", "w": 1}
  ],
  "actors": [
    {"id": "A", "name": "A", "capital": null, "lat": null, "lon": null},
    {"id": "B", "name": "B", "capital": "b", "lat": 1.0, "lon": 2.5}
  ],
  "groups": [],
  "sources": [
    {"id": "s", "publisher": "P", "date": "d", "title": null, "url": null}
  ],
  "relations": [
    {
      "id": "r",
      "kind": "k",
      "from": "A",
      "to": "B",
      "summary": "S",
      "evidence": [
        {"source": "s", "quote": "Q\n\tq", "speaker": null, "page": 3}
      ],
      "z": {"n": [1, 2]}
    }
  ],
  "meta": {
    "by": "x",
    "list": [
      1
    ]
  }
}
"#;
        assert_eq!(data.to_canonical_json(), expected);
        let again = Dataset::from_json(expected).unwrap();
        assert_eq!(again.to_canonical_json(), expected, "writing is idempotent");
    }

    #[test]
    fn coordinates_read_back_to_the_last_digit() {
        // serde_json without float_roundtrip reads this back one unit off.
        let lat = -25.366750270994622;
        let text = r#"{"title": "T", "kinds": [{"id": "k", "label": "K", "directed": true, "color": "red"}],
            "actors": [{"id": "A", "name": "A", "lat": 1, "lon": 2}], "sources": [], "relations": []}"#;
        let mut data = Dataset::from_json(text).unwrap();
        data.actors[0].lat = Some(lat);
        let back = Dataset::from_json(&data.to_canonical_json()).unwrap();
        assert_eq!(back.actors[0].lat, Some(lat));
    }
}
