//! The two escape sequences greatgame writes itself, built as strings so
//! they can be tested: OSC 52 (copy to the clipboard, through SSH and tmux)
//! and OSC 8 (a hyperlink). Nothing from a data file reaches them unchecked:
//! the clipboard text travels base64-encoded, and a URL must pass `safe_url`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// OSC 52: asks the terminal to put `text` on the clipboard.
pub fn clipboard(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// Only http(s) URLs made of the characters RFC 3986 allows: no spaces,
/// no control characters, nothing that could end the escape sequence.
pub fn safe_url(url: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() <= 2048 && url.chars().all(allowed)
}

/// OSC 8: `text` shown as a link to `url`; `None` for an unsafe URL.
pub fn hyperlink(url: &str, text: &str) -> Option<String> {
    safe_url(url).then(|| format!("\x1b]8;;{url}\x07{text}\x1b]8;;\x07"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipboard_text_is_base64_so_nothing_is_injected() {
        let seq = clipboard("a\u{1b}]0;pwned\u{7}“quote”");
        assert!(seq.starts_with("\u{1b}]52;c;") && seq.ends_with('\u{7}'));
        let payload = &seq[7..seq.len() - 1];
        assert!(!payload.contains(['\u{1b}', '\u{7}']));
        assert_eq!(STANDARD.decode(payload).unwrap(), "a\u{1b}]0;pwned\u{7}“quote”".as_bytes());
    }

    #[test]
    fn only_plain_http_urls_become_links() {
        assert!(safe_url("https://www.afp.com/en/news?id=1&x=%20"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url("file:///etc/passwd"));
        assert!(!safe_url("https://evil.example/\u{7}\u{1b}]0;pwned"));
        assert!(!safe_url("https://evil.example/\\u{1b}]0;x"), "a made-visible escape is not a URL");
        assert!(!safe_url("https://a b"));
        assert_eq!(hyperlink("ftp://x", "x"), None);
        assert_eq!(hyperlink("https://x.org", "x").unwrap(), "\u{1b}]8;;https://x.org\u{7}x\u{1b}]8;;\u{7}");
    }
}
