//! JSON output that is faithful and inert at once, for every JSON writer
//! (`export --format json`, `show --format json`, the dataset writer).
//!
//! serde_json escapes what JSON must (`"`, `\` and C0 controls) but writes
//! DEL, C1 controls such as U+009B, bidi controls such as U+202E and
//! invisible format characters raw: a `cat` of the output would hand them
//! to the terminal. `Inert` writes each of them as a `\uXXXX` escape
//! instead, which every JSON reader turns back into the same character:
//! the text is kept exactly, and shows inert.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::inert::needs_escape;

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

#[cfg(test)]
mod tests {
    use super::*;

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
