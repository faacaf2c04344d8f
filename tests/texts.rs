//! Source texts: a dataset's sources point at their texts (`text_file`),
//! loading reads them beside the dataset file and checks every quote
//! against its source's text, and `show --source` prints a text with its
//! quotes marked. The fixtures in tests/fixtures/texts/ are a made-up
//! article (`article.txt`, written for these tests) and datasets quoting it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{greatgame, greatgame_with_stdin, stderr, stdout};
use greatgame::data::texts::{find_quote, sha256_hex};
use greatgame::data::{Dataset, Severity};
use serde::Deserialize;

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

/// Runs of whitespace folded to one space, as quotes may be.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    let Some(seed) = common::seed_article("the reader") else { return };
    let article = fs::read_to_string(&seed).unwrap();
    let builtin = common::article();
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
    let mut value: serde_json::Value = serde_json::from_str(include_str!("fixtures/article.json")).unwrap();
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

    // Every quote is marked in the text show --source prints.
    let shown = ok(&["--data", file, "show", "--source", "afp-2025-10-08"]);
    let spans = greatgame::data::texts::quoted_spans(&builtin, "afp-2025-10-08", &article);
    assert_eq!(spans.iter().map(|s| s.evidence.len()).sum::<usize>(), 10, "every quote has its span");
    assert_eq!(shown.matches('⟦').count(), spans.len());
    assert_eq!(shown.matches("⟧[").count(), spans.len());
    assert!(shown.contains("cn-arms-central-asia, tr-arms-central-asia]"), "one sentence backs both arms claims");
    fs::remove_dir_all(&dir).unwrap();
}

// ---- show --source ----

/// The article's text as `show --source` prints it, marks taken out:
/// `⟦` and `⟧[ids]` (text), or `**` and ` \[ids\]` with Markdown escapes.
fn unmark_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('⟧') {
        out.push_str(&rest[..at]);
        let after = &rest[at + '⟧'.len_utf8()..];
        let close = after.find(']').expect("ids after ⟧");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace('⟦', "")
}

#[test]
fn show_source_text_marks_every_quoted_passage_with_the_relations_it_backs() {
    let out = ok(&["--data", VALID, "show", "--source", "wire"]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("Source wire: 6 quotes backing 4 relations"));
    for expected in [
        "Publisher: Example Wire",
        "Date:      2031-04-02",
        "Type:      news",
        "Title:     Alphaland and Betaland sign grain and arms accords",
        "URL:       not given",
        "Text file: tests/fixtures/texts/article.txt",
    ] {
        assert_eq!(lines.next(), Some(expected));
    }
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "wrapped to 80 columns in a pipe: {line}");
    }
    assert!(!out.contains('\u{1b}'), "plain in a pipe");
    let flat = fold(&out);
    // A quote that runs over a line break in the file, one that backs two relations.
    assert!(flat.contains("⟦Alphaland will ship grain to Betaland from next spring⟧[a-trade-b]."), "{out}");
    assert!(flat.contains("⟦Alphaland sells arms to the south⟧[a-arms-b, a-arms-south], a Betaland"), "{out}");
    assert_eq!(out.matches('⟦').count(), 5, "six quotes, two of them the same passage");
    // The paragraphs are kept, and nothing of the text is lost.
    let body = out.split("\n\n").skip(1).take(5).collect::<Vec<_>>();
    assert_eq!(body[0], "Alphaland and Betaland sign grain and arms accords");
    let article = fs::read_to_string(ARTICLE).unwrap();
    let shown: Vec<&str> = out.split("\n\n").skip(1).collect();
    let shown = shown[..shown.len() - 1].join("\n\n");
    assert_eq!(fold(&unmark_text(&shown)), fold(&article));
    assert!(
        out.contains("\nRelations\n- a-trade-b: Alphaland ↔ Betaland, Trade. Summary (ours): Alphaland is to ship\n"),
        "{out}"
    );
}

#[test]
fn show_source_markdown_puts_quotes_in_bold_with_their_relations() {
    let md = ok(&["--data", VALID, "show", "--source", "wire", "--format", "markdown"]);
    assert!(md.starts_with("## Source wire\n\n- Publisher: Example Wire\n- Date: 2031-04-02\n- Type: news\n"), "{md}");
    assert!(md.contains("**Alphaland will ship grain to Betaland from next spring** \\[a-trade-b\\]."), "{md}");
    assert!(md.contains("**Alphaland sells arms to the south** \\[a-arms-b, a-arms-south\\], a Betaland"), "{md}");
    // One paragraph a line, as in the file; read back, the text is whole.
    let paragraphs: Vec<&str> = md.split("\n\n").skip(3).take(5).collect();
    assert_eq!(paragraphs.len(), 5);
    let mut back = paragraphs.join("\n\n").replace("**", "");
    for ids in ["a-trade-b", "a-arms-b, a-arms-south", "a-arms-b", "c-trade-a"] {
        back = back.replace(&format!(" \\[{ids}\\]"), "");
    }
    assert_eq!(fold(&back), fold(&fs::read_to_string(ARTICLE).unwrap()));
    assert!(md.contains("\n### Relations\n\n- a-trade-b: Alphaland ↔ Betaland, Trade."), "{md}");
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceJson {
    version: u32,
    source: greatgame::data::Source,
    text_path: Option<String>,
    text_sha256: Option<String>,
    text: Option<String>,
    spans: Vec<SpanJson>,
    quotes: Vec<QuoteJson>,
    figures: Vec<serde_json::Value>,
    relations: Vec<RelationJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanJson {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    relations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteJson {
    quote: String,
    speaker: Option<String>,
    relations: Vec<String>,
    span: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationJson {
    id: String,
    kind: String,
    from: String,
    to: String,
    summary: String,
}

#[test]
fn show_source_json_gives_the_text_and_each_span_in_bytes_and_characters() {
    let out: SourceJson =
        serde_json::from_str(&ok(&["--data", VALID, "show", "--source", "wire", "--format", "json"])).unwrap();
    let data = Dataset::from_json(&fs::read_to_string(VALID).unwrap()).unwrap();
    assert_eq!(out.version, 1);
    assert_eq!(out.source, data.sources[0]);
    let text = out.text.expect("the text");
    assert_eq!(text, fs::read_to_string(ARTICLE).unwrap(), "exactly as the file holds it");
    assert_eq!(out.text_path.as_deref(), Some(ARTICLE));
    assert_eq!(out.text_sha256.as_deref(), data.sources[0].sha256.as_deref());
    assert_eq!(out.spans.len(), 5);
    let chars: Vec<char> = text.chars().collect();
    for span in &out.spans {
        let by_bytes = &text[span.start..span.end];
        let by_chars: String = chars[span.char_start..span.char_end].iter().collect();
        assert_eq!(by_bytes, by_chars);
    }
    // The passage with a curly apostrophe: characters and bytes differ after it.
    let officials = &out.spans[1];
    assert!(text[officials.start..officials.end].starts_with("Officials said it’s"));
    assert_eq!(officials.end - officials.char_end, 2, "’ is three bytes");
    assert_eq!(out.spans[2].relations, ["a-arms-b", "a-arms-south"]);
    // Each quote once, with every relation it backs and its span.
    assert_eq!(out.quotes.len(), 5);
    let arms = out.quotes.iter().find(|q| q.quote == "Alphaland sells arms to the south").unwrap();
    assert_eq!(arms.relations, ["a-arms-b", "a-arms-south"]);
    assert_eq!(arms.speaker.as_deref(), Some("a Betaland minister"));
    assert_eq!(arms.span, Some(2));
    for q in &out.quotes {
        let span = &out.spans[q.span.expect("every quote is in the text")];
        assert_eq!(fold(&text[span.start..span.end]), fold(&q.quote));
    }
    assert!(out.figures.is_empty(), "the article gives no figures");
    let ids: Vec<&str> = out.relations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a-trade-b", "a-arms-b", "a-arms-south", "c-trade-a"]);
    let south = &out.relations[2];
    assert_eq!((south.kind.as_str(), south.from.as_str(), south.to.as_str()), ("arms", "AAA", "south"));
    assert_eq!(south.summary, "Alphaland sells arms to the South");
}

#[test]
fn show_source_without_text_lists_its_quotes_with_the_relations_they_back() {
    let out = ok(&["show", "--source", "afp-2025-10-08"]);
    assert!(out.starts_with("Source afp-2025-10-08: 10 quotes backing 9 relations\nPublisher: AFP\n"), "{out}");
    assert!(
        out.contains("\nText file: not given\n\nText not stored: the source's quotes, in dataset order.\n"),
        "{out}"
    );
    // In dataset order: Russia's trade claim comes first.
    assert!(out.contains("\n1  “Central Asian countries will use the summit"), "{out}");
    assert!(out.contains("\n2  “All five Central Asian states"), "{out}");
    assert!(out.contains("attributed to Kazakhstan's foreign ministry, reported by AFP"), "{out}");
    let arms = out.split("\n\n").find(|q| q.contains("looking to China and Turkey for arms")).unwrap();
    assert!(arms.contains("backs cn-arms-central-asia (China → Central Asia, Arms)"), "{arms}");
    assert!(arms.contains("backs tr-arms-central-asia (Turkey → Central Asia, Arms)"), "{arms}");
    assert_eq!(out.matches("backs ").count(), 10, "every relation with each quote it backs");

    let json: SourceJson =
        serde_json::from_str(&ok(&["show", "--source", "afp-2025-10-08", "--format", "json"])).unwrap();
    assert_eq!((json.text, json.text_path, json.text_sha256), (None, None, None));
    assert!(json.spans.is_empty());
    assert_eq!(json.quotes.len(), 8, "10 quotes; two sentences each back two relations");
    assert!(json.quotes.iter().all(|q| q.span.is_none()));
    assert_eq!(json.relations.len(), 9);

    let md = ok(&["show", "--source", "AFP-2025-10-08", "--format", "markdown"]);
    assert!(md.contains("Text not stored: the source's quotes, in dataset order."), "{md}");
    assert!(md.contains("> — AFP's own reporting; backs cn-arms-central-asia (China → Central Asia, Arms), tr-arms-central-asia (Turkey → Central Asia, Arms)\n"), "{md}");
}

#[test]
fn show_source_with_an_unknown_id_lists_the_known_sources() {
    let out = greatgame(&["--data", VALID, "show", "--source", "nowhere\u{1b}[2J"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "greatgame: unknown source \"nowhere\\u{1b}[2J\"; known sources: wire (Example Wire, 2031-04-02), notes (Desk notes, 2031-04)\n"
    );
    // An actor and a source at once, or --kind with a source: clap says no.
    for args in
        [&["show", "KAZ", "--source", "afp-2025-10-08"][..], &["show", "--source", "afp-2025-10-08", "--kind", "arms"]]
    {
        let out = greatgame(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("cannot be used with"), "{}", stderr(&out));
    }
}

#[test]
fn show_source_prints_no_control_characters_from_the_text() {
    let dir = temp_dir("hostile");
    let text = "Plain words. A quoted \u{1b}[2J line\u{202e} with tricks.\nMore\u{200b} words.\n";
    fs::write(dir.join("t.txt"), text).unwrap();
    // The wire's text is t.txt, quoted once; the other quotes are the notes'.
    let mut value: serde_json::Value = serde_json::from_str(&fs::read_to_string(VALID).unwrap()).unwrap();
    value["sources"][0]["text_file"] = "t.txt".into();
    value["sources"][0].as_object_mut().unwrap().remove("sha256");
    for r in value["relations"].as_array_mut().unwrap() {
        for e in r["evidence"].as_array_mut().unwrap() {
            e["source"] = "notes".into();
        }
    }
    value["relations"][0]["evidence"][0]["source"] = "wire".into();
    value["relations"][0]["evidence"][0]["quote"] = "A quoted \u{1b}[2J line\u{202e} with".into();
    let file = dir.join("d.json");
    fs::write(&file, value.to_string()).unwrap();
    let file = file.to_str().unwrap();
    let shown = ok(&["--data", file, "show", "--source", "wire"]);
    assert!(!shown.chars().any(|c| c != '\n' && greatgame::data::needs_escape(c)), "{shown:?}");
    assert!(fold(&shown).contains("⟦A quoted \\u{1b}[2J line\\u{202e} with⟧[a-trade-b] tricks."), "{shown}");
    let md = ok(&["--data", file, "show", "--source", "wire", "--format", "markdown"]);
    assert!(!md.chars().any(|c| c != '\n' && greatgame::data::needs_escape(c)), "{md:?}");
    let json = ok(&["--data", file, "show", "--source", "wire", "--format", "json"]);
    assert!(!json.chars().any(|c| c != '\n' && greatgame::data::needs_escape(c)), "{json:?}");
    let back: SourceJson = serde_json::from_str(&json).unwrap();
    assert_eq!(back.text.as_deref(), Some(text), "the text is kept exactly");
    fs::remove_dir_all(&dir).unwrap();
}
