//! Source texts: a dataset's sources point at their texts (`text_file`),
//! and loading reads them beside the dataset file and checks every quote
//! against its source's text. The fixtures in tests/fixtures/texts/ are a made-up
//! article (`article.txt`, written for these tests) and datasets quoting it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{greatgame, greatgame_with_stdin, stderr, stdout};
use greatgame::data::texts::{find_quote, sha256_hex};
use greatgame::data::{BUILTIN_JSON, Dataset, Severity};

const DIR: &str = "tests/fixtures/texts";
const VALID: &str = "tests/fixtures/texts/valid.json";
const ARTICLE: &str = "tests/fixtures/texts/article.txt";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-texts-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a command that must succeed with nothing on stderr; returns stdout.
fn ok(args: &[&str]) -> String {
    let out = greatgame(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Every fixture beside the article, with the problems its .expected holds
/// (one a line; empty for none).
fn fixtures() -> Vec<(PathBuf, String)> {
    let mut all: Vec<(PathBuf, String)> = fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let expected = fs::read_to_string(p.with_extension("expected"))
                .unwrap_or_else(|_| panic!("{} has no .expected file", p.display()));
            (p, expected)
        })
        .collect();
    all.sort();
    assert!(all.len() >= 9, "only {} fixtures", all.len());
    all
}

// ---- loading with texts ----

#[test]
fn every_texts_fixture_reports_exactly_its_expected_problems() {
    let mut failures = Vec::new();
    for (path, expected) in fixtures() {
        let bytes = fs::read(&path).unwrap();
        let got: String = match Dataset::load_bytes_with_texts(&bytes, Some(Path::new(DIR))) {
            Ok(loaded) => {
                assert!(loaded.warnings.iter().all(|w| w.severity == Severity::Warning));
                assert_eq!(loaded.texts.len(), 1, "{}: the one source with a text", path.display());
                loaded.warnings.iter().map(|w| format!("{w}\n")).collect()
            }
            Err(problems) => problems.iter().map(|p| format!("{p}\n")).collect(),
        };
        if got != expected {
            failures.push(format!("{}:\n  expected: {expected:?}\n  got:      {got:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_quote_that_is_nearly_in_the_text_shows_the_passage_and_where_they_differ() {
    let problem = |file: &str| {
        let bytes = fs::read(Path::new(DIR).join(file)).unwrap();
        let problems = Dataset::load_bytes_with_texts(&bytes, Some(Path::new(DIR))).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems[0].to_string()
    };
    // Which quote: its relation and evidence index, and where in the file.
    let apostrophe = problem("near-miss-apostrophe.json");
    assert!(apostrophe.starts_with("relations[0] (a-trade-b) evidence[1] \"quote\": not in the text of source \"wire\" (tests/fixtures/texts/article.txt)"), "{apostrophe}");
    assert!(apostrophe.contains("\"Officials said [-it’s-]{+it's+} the first accord of its kind\""), "{apostrophe}");
    assert!(apostrophe.contains("the text has \"’\" (U+2019) where the quote has \"'\" (U+0027)"), "{apostrophe}");
    assert!(apostrophe.ends_with("(29:28)"), "{apostrophe}");
    let dropped = problem("dropped-word.json");
    assert!(dropped.contains("line 7 of the text"), "{dropped}");
    assert!(dropped.contains("\"Alphaland will ship grain to Betaland from [-next-] spring.\""), "{dropped}");
    let added = problem("added-word.json");
    assert!(added.contains("\"the new deal makes Betaland its largest {+arms+} customer in the region.\""), "{added}");
    let elsewhere = problem("quote-not-in-text.json");
    assert!(elsewhere.contains("and no passage of the text is close"), "{elsewhere}");
}

#[test]
fn the_texts_are_read_beside_the_dataset_and_handed_to_the_caller() {
    let bytes = fs::read(VALID).unwrap();
    let loaded = Dataset::load_bytes_with_texts(&bytes, Some(Path::new(DIR))).unwrap();
    assert_eq!(loaded.warnings, []);
    let wire = loaded.texts.get("wire").expect("the wire's text");
    assert_eq!(wire.path, Path::new(ARTICLE));
    assert_eq!(&*wire.text, fs::read_to_string(ARTICLE).unwrap());
    assert_eq!(loaded.texts.get("notes"), None, "a source without text_file has none");
    // The sha256 in the fixture is the article's, as sha256sum prints it.
    assert_eq!(sha256_hex(wire.text.as_bytes()), loaded.dataset.sources[0].sha256.as_deref().unwrap());
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    // The browser's loader does the same, relative to the file's folder.
    let loaded = greatgame::cli::load_with_warnings(Some(Path::new(VALID))).unwrap();
    assert_eq!(loaded.texts.get("wire").unwrap().path, Path::new(ARTICLE));

    // `Dataset::load` reads no file: nothing is checked against the texts.
    let missing = fs::read("tests/fixtures/texts/missing-file.json").unwrap();
    let loaded = Dataset::load_bytes(&missing).expect("texts are not read");
    assert!(loaded.texts.is_empty() && loaded.warnings.is_empty());
}

#[test]
fn a_file_with_shape_errors_still_gets_its_quotes_checked() {
    let text = fs::read_to_string("tests/fixtures/texts/near-miss-apostrophe.json").unwrap();
    let text = text.replacen("\"lat\": 10.0", "\"lat\": \"10\"", 1);
    let problems = Dataset::load_with_texts(&text, Some(Path::new(DIR))).unwrap_err();
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].starts_with("actors[0] (AAA) \"lat\": expected a number or null, found the string \"10\""));
    assert!(lines[1].starts_with("relations[0] (a-trade-b) evidence[1] \"quote\": not in the text"), "{lines:#?}");
}

#[test]
fn a_text_that_is_not_a_readable_utf8_file_is_an_error_naming_its_path() {
    let dir = temp_dir("unreadable");
    let dataset = fs::read_to_string(VALID).unwrap();
    fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
    fs::create_dir(dir.join("folder")).unwrap();
    for (file, expected) in [
        ("latin1.txt", "latin1.txt: not valid UTF-8 (byte offset 3)"),
        ("folder", "folder: it is a directory, not a text file"),
    ] {
        let text = dataset.replace("\"text_file\": \"article.txt\"", &format!("\"text_file\": \"{file}\""));
        let problems = Dataset::load_with_texts(&text, Some(&dir)).unwrap_err();
        let message = problems[0].to_string();
        let path = dir.join(file);
        assert!(message.contains(&format!("\"text_file\": cannot read {}", path.display())), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

// ---- validate ----

#[test]
fn validate_reports_the_quote_checks_of_every_fixture_naming_the_file() {
    for (path, expected) in fixtures() {
        let file = path.to_str().unwrap();
        let out = greatgame(&["validate", file]);
        let lines: Vec<String> = stderr(&out).lines().map(String::from).collect();
        let expected: Vec<String> = expected.lines().map(|l| format!("{file}: {l}")).collect();
        assert_eq!(lines, expected, "{file}");
        let warnings_only = expected.iter().all(|l| l.starts_with(&format!("{file}: warning: ")));
        assert_eq!(out.status.code(), Some(if warnings_only { 0 } else { 2 }), "{file}");
        if warnings_only {
            let summary = "3 actors, 4 relations, 7 quotes, 6 of them found in 1 source text";
            assert!(stdout(&out).starts_with(&format!("{file}: ok ({summary}")), "{file}");
        }
    }
}

#[test]
fn from_standard_input_a_text_file_is_relative_to_the_current_folder() {
    let dataset = fs::read_to_string(VALID).unwrap();
    // The tests run in the repository's folder.
    let here = dataset.replace("\"text_file\": \"article.txt\"", &format!("\"text_file\": \"{ARTICLE}\""));
    let out = greatgame_with_stdin(&["validate", "-"], &here);
    let summary = "3 actors, 4 relations, 7 quotes, 6 of them found in 1 source text";
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), format!("<stdin>: ok ({summary})\n")));
    let out = greatgame_with_stdin(&["validate", "-"], &dataset);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("<stdin>: sources[0] (wire) \"text_file\": cannot read article.txt: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fmt_checks_the_file_itself_and_reads_no_text() {
    // The quote is not in the text, but the file is in canonical form.
    assert_eq!(ok(&["fmt", "--check", "tests/fixtures/texts/missing-file.json", VALID]), "");
}

// ---- the seed article ----

/// The built-in dataset's quotes come from the AFP dispatch beside the
/// repository (never copied into it). Pointed at it, the built-in data
/// validates: the reader finds every quote.
#[test]
fn every_builtin_quote_is_found_in_the_seed_article_by_the_reader() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_6ca4f864301c5f1d.txt");
    let Ok(seed) = seed.canonicalize() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{} is missing under CI=true: the reader cannot be checked against it",
            seed.display()
        );
        eprintln!("SKIPPED: {} not found; the reader not checked against the article", seed.display());
        return;
    };
    let article = fs::read_to_string(&seed).unwrap();
    let builtin = Dataset::builtin();
    let mut quotes = 0;
    for r in &builtin.relations {
        for e in &r.evidence {
            assert!(find_quote(&article, &e.quote).is_some(), "{}: not found by find_quote: {}", r.id, e.quote);
            quotes += 1;
        }
    }
    assert_eq!(quotes, 10);

    // A dataset that is the built-in one with the article as its source's text.
    let dir = temp_dir("seed");
    let mut value: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    assert_eq!(value["sources"].as_array().unwrap().len(), 1);
    value["sources"][0]["text_file"] = seed.to_str().unwrap().into();
    value["sources"][0]["sha256"] = sha256_hex(article.as_bytes()).into();
    let file = dir.join("builtin-with-article.json");
    fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let loaded = greatgame::cli::load_with_warnings(Some(&file)).expect("validates");
    assert_eq!(loaded.warnings, []);
    assert_eq!(loaded.texts.len(), 1);
    let file = file.to_str().unwrap();
    let summary = "9 actors, 9 relations, 10 quotes, 10 of them found in 1 source text";
    assert_eq!(ok(&["validate", file]), format!("{file}: ok ({summary})\n"));
    fs::remove_dir_all(&dir).unwrap();
}
