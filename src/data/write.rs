//! Writing JSON: one formatter for every JSON output (`export --format
//! json`, `show --format json`, datasets), and the canonical text of a
//! dataset, which `greatgame fmt` and every save write.
//!
//! serde_json escapes what JSON must (`"`, `\` and C0 controls) but writes
//! DEL, C1 controls such as U+009B, bidi controls such as U+202E and
//! invisible format characters raw: a `cat` of the output would hand them
//! to the terminal. `Inert` writes each of them as a `\uXXXX` escape
//! instead, which every JSON reader turns back into the same character:
//! the text is kept exactly, and shows inert.
//!
//! The canonical text (`Dataset::to_canonical_json`):
//! - The header first (`format`, `title`, `kinds`, `actors`, `groups`,
//!   `sources`), then `relations`, then the dataset's own unknown fields: a
//!   reader can take the header before it streams the relations.
//! - Every record's known fields in the order the format declares them,
//!   then its unknown fields (in the order `Extra` keeps: alphabetical).
//!   Optional fields are written even when empty (`"title": null`).
//! - Two-space indent; a kind, an actor, a group, a source and a quote on
//!   one line each; a relation over several lines, one field a line.
//! - Strings exactly as loaded, escaped as JSON requires and inert (see
//!   `Inert`); numbers in their shortest form that reads back the same.
//!
//! Loading the text gives back the same dataset, and writing that gives
//! back the same text.

use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::inert::needs_escape;
use super::{Dataset, FORMAT_VERSION, Relation};

/// A serde_json formatter that writes the characters `needs_escape` names
/// (controls, bidi controls, invisible format characters) as `\uXXXX`
/// escapes (a surrogate pair above U+FFFF), and lays out the rest as the
/// formatter it wraps does.
pub struct Inert<F>(pub F);

/// Writes `fragment` (text serde_json found nothing to escape in) with
/// every character `needs_escape` names as `\uXXXX`.
fn write_inert<W: ?Sized + io::Write>(writer: &mut W, fragment: &str) -> io::Result<()> {
    // serde_json has already escaped every byte below 0x20: plain ASCII
    // (DEL aside) needs nothing more, and is by far the common case.
    if fragment.bytes().all(|b| b < 0x7f) {
        return writer.write_all(fragment.as_bytes());
    }
    let mut start = 0;
    for (at, c) in fragment.char_indices() {
        if needs_escape(c) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
    }
    writer.write_all(&fragment.as_bytes()[start..])
}

/// Forwards a layout method to the wrapped formatter.
macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(writer $(, $arg)*)
            }
        )*
    };
}

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        write_inert(writer, fragment)
    }

    forward! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
    }
}

/// One line, spaced as people write JSON by hand: `{"id": "RUS", "lat": 55.76}`,
/// `["KAZ", "KGZ"]`. The dataset writer's layout for small records.
pub struct Spaced;

impl Formatter for Spaced {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

/// Serializes `value` with `formatter` (wrapped in `Inert`) into a string.
fn to_string_with<T: Serialize + ?Sized, F: Formatter>(value: &T, formatter: F) -> String {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Inert(formatter));
    // Writing to memory cannot fail, and our types are plain data with
    // string keys: a failure here is a bug, not a user's problem.
    value.serialize(&mut serializer).expect("plain data serializes to JSON");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `value` as JSON on several lines, indented by two spaces (as
/// `serde_json::to_string_pretty`), inert, with a final line break: what
/// the JSON outputs of `export` and `show` print.
pub fn to_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = to_string_with(value, PrettyFormatter::with_indent(b"  "));
    text.push('\n');
    text
}

/// `value` as JSON on one line, spaced (`{"a": 1, "b": [2, 3]}`), inert.
pub fn to_line<T: Serialize + ?Sized>(value: &T) -> String {
    to_string_with(value, Spaced)
}

// ---- the canonical dataset text ----

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
    let Relation { id, kind, from, to, period, summary, evidence, figures, extra } = r;
    out.push('{');
    let field = |out: &mut String, first: bool, key: &str, value: String| {
        let _ = write!(out, "{}\n      {}: {value}", if first { "" } else { "," }, to_line(key));
    };
    field(out, true, "id", to_line(id));
    field(out, false, "kind", to_line(kind));
    field(out, false, "from", to_line(from));
    field(out, false, "to", to_line(to));
    if let Some(period) = period {
        field(out, false, "period", to_line(period));
    }
    field(out, false, "summary", to_line(summary));
    // A list of records, one a line.
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "[]".to_string()
        } else {
            let lines: Vec<String> = items.iter().map(|item| format!("        {item}")).collect();
            format!("[\n{}\n      ]", lines.join(",\n"))
        }
    };
    field(out, false, "evidence", list(evidence.iter().map(to_line).collect()));
    if !figures.is_empty() {
        field(out, false, "figures", list(figures.iter().map(to_line).collect()));
    }
    for (key, value) in extra {
        field(out, false, key, to_line(value));
    }
    out.push_str("\n    }");
}

/// A value of the dataset's own unknown fields, on several lines when it
/// is an object or an array (two-space indent), inert.
fn pretty(value: &impl Serialize) -> String {
    to_string_with(value, PrettyFormatter::with_indent(b"  "))
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
            "sources": [{"id": "s", "publisher": "P", "date": "2025"}],
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
    {"id": "s", "publisher": "P", "date": "2025", "title": null, "url": null}
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

    #[test]
    fn controls_bidi_and_invisible_characters_become_escapes_and_read_back_the_same() {
        let text = "tab\tline\nESC\u{1b}[2J DEL\u{7f} CSI\u{9b}2J RLO\u{202e} ZWSP\u{200b} tag\u{e0041} \"q\" \\ Türkiye 日本 😀 \u{200d}";
        let json = to_line(&text);
        assert_eq!(
            json,
            "\"tab\\tline\\nESC\\u001b[2J DEL\\u007f CSI\\u009b2J RLO\\u202e ZWSP\\u200b tag\\udb40\\udc41 \\\"q\\\" \\\\ Türkiye 日本 😀 \u{200d}\""
        );
        assert!(!json.chars().any(needs_escape), "nothing in the output acts on a terminal");
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text, "the text is kept exactly");
    }

    #[test]
    fn keys_are_escaped_too_and_the_layouts_are_spaced_or_pretty() {
        let value = serde_json::json!({"k\u{202e}": [1, 2.5, null, true, {"a": "b"}], "e": {}, "l": []});
        assert_eq!(to_line(&value), r#"{"e": {}, "k\u202e": [1, 2.5, null, true, {"a": "b"}], "l": []}"#);
        assert_eq!(
            to_pretty(&value),
            serde_json::to_string_pretty(&value).unwrap().replace('\u{202e}', "\\u202e") + "\n"
        );
    }
}
