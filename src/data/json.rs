//! Positions in a JSON text, for the loader's messages (serde_json's `Value`
//! keeps none): a tree of a document's values with their byte offsets, and a
//! single pass that finds where given paths are.
//!
//! Both read text that serde_json has already found to be valid JSON; on
//! anything else they give up (`None`) rather than guess. Neither recurses
//! deeper than the dataset format goes: deeper values are skipped with a
//! loop, so no nesting can overflow the stack, and a long string is skipped
//! with a search for its closing quote, so a 20 MB quote costs one scan.

use std::borrow::Cow;
use std::collections::HashMap;

/// A step into a document: an object's key or a list's index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

/// Containers deeper than this are not opened: the deepest value the format
/// knows (a quote's text) is at depth 5.
const MAX_DEPTH: usize = 8;

/// A value and where it is: `text[start..end]` is its JSON text.
pub(super) struct Node<'a> {
    pub start: usize,
    pub end: usize,
    pub value: Value<'a>,
}

pub(super) enum Value<'a> {
    Null,
    Bool,
    Number,
    String,
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
    /// A list or an object nested deeper than `MAX_DEPTH`, not opened.
    Deep {
        array: bool,
    },
}

/// An object's key and value; `text[key_start..key_end]` is the quoted key.
pub(super) struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_start: usize,
    pub key_end: usize,
    pub value: Node<'a>,
}

/// The document's tree, or `None` if the text is not valid JSON.
pub(super) fn parse(text: &str) -> Option<Node<'_>> {
    let mut s = Scanner { text, pos: 0 };
    let node = s.node(0)?;
    (s.peek().is_none()).then_some(node)
}

/// A JSON string's content (the text between the quotes, escapes decoded).
pub(super) fn string_at<'a>(text: &'a str, node: &Node<'a>) -> Option<Cow<'a, str>> {
    match node.value {
        Value::String => decode(&text[node.start..node.end]),
        _ => None,
    }
}

fn decode(quoted: &str) -> Option<Cow<'_, str>> {
    let inner = &quoted[1..quoted.len() - 1];
    if inner.contains('\\') { serde_json::from_str(quoted).ok().map(Cow::Owned) } else { Some(Cow::Borrowed(inner)) }
}

/// Paths to find in a document, each to be given the offset where it is.
#[derive(Default)]
pub(super) struct Wanted {
    at: Option<usize>,
    keys: HashMap<String, Wanted>,
    items: HashMap<usize, Wanted>,
}

impl Wanted {
    pub fn insert(&mut self, path: &[Seg]) {
        let mut node = self;
        for seg in path {
            node = match seg {
                Seg::Key(k) => node.keys.entry(k.clone()).or_default(),
                Seg::Index(i) => node.items.entry(*i).or_default(),
            };
        }
    }

    /// One pass over the text, skipping every value no path goes into.
    pub fn find(&mut self, text: &str) {
        let mut s = Scanner { text, pos: 0 };
        if s.peek().is_some() {
            let start = s.pos;
            // Invalid text: the paths found so far keep their offsets.
            let _ = walk(&mut s, self, start);
        }
    }

    /// Where a path is: a key's opening quote, a list item's first
    /// character. A path that is not all there (a missing field) gets the
    /// offset of the deepest part that is.
    pub fn at(&self, path: &[Seg]) -> Option<usize> {
        let mut node = self;
        let mut at = node.at;
        for seg in path {
            let next = match seg {
                Seg::Key(k) => node.keys.get(k),
                Seg::Index(i) => node.items.get(i),
            };
            match next.filter(|n| n.at.is_some()) {
                Some(n) => {
                    node = n;
                    at = n.at;
                }
                None => break,
            }
        }
        at
    }
}

fn walk(s: &mut Scanner, wanted: &mut Wanted, at: usize) -> Option<()> {
    // A key given twice: the first is the one the loader reads.
    wanted.at.get_or_insert(at);
    if wanted.keys.is_empty() && wanted.items.is_empty() {
        return s.skip();
    }
    match s.peek()? {
        b'{' => {
            s.pos += 1;
            s.items(b'}', |s, _| {
                let (key, key_start, _) = s.key()?;
                match wanted.keys.get_mut(key.as_ref()) {
                    Some(child) => walk(s, child, key_start),
                    None => s.skip(),
                }
            })
        }
        b'[' => {
            s.pos += 1;
            s.items(b']', |s, i| match wanted.items.get_mut(&i) {
                Some(child) => {
                    s.peek()?;
                    let start = s.pos;
                    walk(s, child, start)
                }
                None => s.skip(),
            })
        }
        _ => s.skip(),
    }
}

/// Line and column (both from 1; the column counts characters) of each
/// byte offset, in one pass over the text however many there are.
pub(super) fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    // Counting has reached `pos`, which is at `line`, `column`.
    let (mut pos, mut line, mut column) = (0, 1, 1);
    for i in order {
        let mut offset = offsets[i].min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let offset = offset.max(pos);
        let chunk = &text[pos..offset];
        match chunk.rfind('\n') {
            Some(last) => {
                line += chunk.matches('\n').count();
                column = chunk[last + 1..].chars().count() + 1;
            }
            None => column += chunk.chars().count(),
        }
        pos = offset;
        out[i] = (line, column);
    }
    out
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// The next byte that is not white space (the position is left on it).
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Past a string; the position is on its opening quote.
    fn string(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        let mut from = self.pos + 1;
        loop {
            // `find` searches with memchr: fast over a long quote.
            let quote = from + self.text.get(from..)?.find('"')?;
            let backslashes = bytes[..quote].iter().rev().take_while(|&&b| b == b'\\').count();
            from = quote + 1;
            if backslashes % 2 == 0 {
                self.pos = from;
                return Some(());
            }
        }
    }

    /// A key and the colon after it: (key, where its quote opens, where it ends).
    fn key(&mut self) -> Option<(Cow<'a, str>, usize, usize)> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.pos;
        self.string()?;
        let end = self.pos;
        self.eat(b':')?;
        Some((decode(&self.text[start..end])?, start, end))
    }

    /// Calls `each` for every item of the list or object whose opening
    /// bracket was just passed, then passes the closing one.
    fn items(&mut self, close: u8, mut each: impl FnMut(&mut Self, usize) -> Option<()>) -> Option<()> {
        if self.peek()? == close {
            self.pos += 1;
            return Some(());
        }
        for i in 0.. {
            each(self, i)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b if b == close => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
        None
    }

    /// Past one value, of any depth, without recursion.
    fn skip(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        match self.peek()? {
            b'"' => self.string(),
            b'[' | b'{' => {
                let mut depth = 0usize;
                loop {
                    match *bytes.get(self.pos)? {
                        b'"' => self.string()?,
                        b'[' | b'{' => {
                            depth += 1;
                            self.pos += 1;
                        }
                        b']' | b'}' => {
                            depth -= 1;
                            self.pos += 1;
                            if depth == 0 {
                                return Some(());
                            }
                        }
                        _ => self.pos += 1,
                    }
                }
            }
            _ => {
                // A number, true, false or null.
                let start = self.pos;
                while let Some(b) = bytes.get(self.pos)
                    && !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    fn node(&mut self, depth: usize) -> Option<Node<'a>> {
        let first = self.peek()?;
        let start = self.pos;
        let value = match first {
            b'[' | b'{' if depth >= MAX_DEPTH => {
                self.skip()?;
                Value::Deep { array: first == b'[' }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.items(b']', |s, _| {
                    items.push(s.node(depth + 1)?);
                    Some(())
                })?;
                Value::Array(items)
            }
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                self.items(b'}', |s, _| {
                    let (key, key_start, key_end) = s.key()?;
                    members.push(Member { key, key_start, key_end, value: s.node(depth + 1)? });
                    Some(())
                })?;
                Value::Object(members)
            }
            b'"' => {
                self.string()?;
                Value::String
            }
            b'n' => {
                self.skip()?;
                Value::Null
            }
            b't' | b'f' => {
                self.skip()?;
                Value::Bool
            }
            _ => {
                self.skip()?;
                Value::Number
            }
        };
        Some(Node { start, end: self.pos, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }

    #[test]
    fn paths_are_found_at_their_keys_and_items() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"c\": {\"d\": [[[]]]}\n}";
        let paths =
            [vec![key("a"), Seg::Index(1), key("b")], vec![key("c")], vec![key("a"), Seg::Index(7)], vec![key("zz")]];
        let mut wanted = Wanted::default();
        for p in &paths {
            wanted.insert(p);
        }
        wanted.find(text);
        let at: Vec<usize> = paths.iter().map(|p| wanted.at(p).unwrap()).collect();
        let positions = line_columns(text, &at);
        // A missing item or key is placed where its parent is.
        assert_eq!(positions, [(2, 13), (3, 3), (2, 3), (1, 1)]);
    }

    #[test]
    fn the_tree_keeps_offsets_and_stops_opening_at_the_format_depth() {
        let deep = format!(
            "{{\"k\\u0065y\": {}{}, \"s\": \"{}\"}}",
            "[".repeat(100_000),
            "]".repeat(100_000),
            "x".repeat(1000)
        );
        let root = parse(&deep).expect("valid JSON");
        let Value::Object(members) = &root.value else { panic!("an object") };
        assert_eq!(members[0].key, "key");
        assert_eq!(&deep[members[0].key_start..members[0].key_end], "\"k\\u0065y\"");
        assert_eq!(string_at(&deep, &members[1].value).unwrap().len(), 1000);
        assert!(parse("[1, 2").is_none());
        assert!(parse("{} x").is_none());
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_columns("ä\"ö\"\n x", &[3, 8, 0]), [(1, 3), (2, 2), (1, 1)]);
    }
}
