//! The binary outside the browser: bad data, no terminal, --help/--version.
//! These run without a terminal, so the browser must never start.

mod common;

use common::{greatgame, stderr};

#[test]
fn invalid_data_prints_every_problem_with_the_file_name_and_exits_2() {
    let path = "tests/fixtures/invalid/many-problems.json";
    let out = greatgame(&["--data", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert_eq!(
        lines[1],
        format!(
            "{path}: relations[0] (a-arms-south) \"to\": unknown actor or group \"EUU\" (actors and groups are: AAA, BBB, CCC, south) (64:7)"
        )
    );
    // Never touched the terminal: no escape sequences (alternate screen, raw mode) anywhere.
    assert!(!err.contains('\u{1b}'));
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let out = greatgame(&["--data", "tests/fixtures/invalid/syntax-error.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "tests/fixtures/invalid/syntax-error.json:21:7: expected `,` or `}`");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = greatgame(&["--data", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("greatgame: cannot read no/such/file.json:"), "{}", stderr(&out));
}

#[test]
fn without_a_terminal_it_says_so_instead_of_drawing() {
    // stdout is a pipe here.
    let out = greatgame(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out).lines().count(), 1);
    assert!(stderr(&out).contains("not a terminal"), "{}", stderr(&out));
}

#[test]
fn valid_data_gets_as_far_as_the_terminal_check() {
    let out = greatgame(&["--data", "tests/fixtures/valid-small.json"]);
    assert!(stderr(&out).contains("not a terminal"), "{}", stderr(&out));
}

#[test]
fn help_and_version() {
    let out = greatgame(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--data <FILE>"));
    let out = greatgame(&["--version"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("greatgame {}", env!("CARGO_PKG_VERSION")));
}
