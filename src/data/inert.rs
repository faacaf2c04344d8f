//! Making untrusted text inert where it leaves the program. The dataset
//! keeps text exactly as written; these are applied on output: `printable`
//! and `one_line` for what the command line prints, `needs_escape` for the
//! terminal's cells (`ui::make_inert`) and the JSON writers (`write::Inert`).

/// Makes untrusted text inert: tabs and line breaks become spaces, and every
/// other control character (C0, DEL, C1), bidi control and invisible
/// zero-width character becomes a visible escape such as `\u{1b}`. Text
/// that needs none of this is returned as it is.
///
/// This is how text from outside (a data file, a file name, a serde_json
/// message quoting the input) is made safe for what the command line prints.
/// Applying it twice changes nothing more.
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

/// A character that must not reach a terminal as it is: a control
/// character (C0, DEL, C1; tabs and line breaks too), a bidi control or an
/// invisible format character (see `is_invisible_format`).
pub fn needs_escape(c: char) -> bool {
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
