//! `greatgame new` and `greatgame import`, run as a user would: the real
//! binary, the files it writes, its stderr and exit status. The datasets
//! are made from the article fixture; the source text some tests check
//! quotes against is written by the test from that fixture's quotes (exact
//! substrings of the AFP dispatch), one a line.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{ARTICLE, greatgame, stderr, stdout};
use greatgame::data::{Dataset, Relation};

const SOURCE: &str = "afp-2025-10-08";

fn run(args: &[&Path]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
    greatgame(&args)
}

fn load(path: &Path) -> Dataset {
    Dataset::from_json(&fs::read_to_string(path).unwrap()).unwrap()
}

fn relation<'a>(data: &'a Dataset, id: &str) -> &'a Relation {
    data.relations.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no relation {id}"))
}

/// A CSV file with the evidence table's columns this test names.
fn write_csv(path: &Path, header: &[&str], rows: &[&[&str]]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(*row).unwrap();
    }
    w.flush().unwrap();
}

const HEADER: [&str; 8] = ["relation", "kind", "relation_from", "relation_to", "summary", "quote", "speaker", "source"];

/// In a new folder: `data.json`, the article fixture with only the
/// relations `keep` names, its source's text `afp.txt` (the fixture's
/// quotes, one a line) beside it.
fn dataset_with_text(keep: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut data = common::article();
    let mut quotes: Vec<&str> = Vec::new();
    for e in data.relations.iter().flat_map(|r| &r.evidence) {
        if !quotes.contains(&e.quote.as_str()) {
            quotes.push(&e.quote);
        }
    }
    fs::write(dir.path().join("afp.txt"), quotes.join("\n") + "\n").unwrap();
    data.sources[0].text_file = Some("afp.txt".into());
    data.relations.retain(|r| keep.contains(&r.id.as_str()));
    let path = dir.path().join("data.json");
    fs::write(&path, data.to_canonical_json()).unwrap();
    (dir, path)
}

// ---- new ----

#[test]
fn new_writes_a_valid_canonical_dataset_with_the_builtin_kinds_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.json");
    let out = run(&[Path::new("new"), &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let data = load(&file);
    let builtin = Dataset::builtin();
    assert_eq!(data.kinds, builtin.kinds);
    assert_eq!(
        data.kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
        ["trade", "arms", "investment", "migration"]
    );
    assert!(data.actors.is_empty() && data.groups.is_empty() && data.sources.is_empty() && data.relations.is_empty());
    assert_eq!(data.title, "New dataset");
    let out = run(&[Path::new("validate"), Path::new("--strict"), &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&[Path::new("fmt"), Path::new("--check"), &file]);
    assert_eq!(out.status.code(), Some(0), "new writes the canonical form: {}", stdout(&out));
}

#[test]
fn new_with_actors_copies_the_builtin_actors_and_groups_and_takes_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.json");
    let out = greatgame(&["new", "--with-actors", "--title", "Caspian notes", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let data = load(&file);
    let builtin = Dataset::builtin();
    assert_eq!(data.actors, builtin.actors);
    assert_eq!(data.groups, builtin.groups);
    assert!(data.sources.is_empty() && data.relations.is_empty());
    assert_eq!(data.title, "Caspian notes");
    assert_eq!(run(&[Path::new("validate"), Path::new("--strict"), &file]).status.code(), Some(0));
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.json");
    fs::write(&file, "my own work").unwrap();
    for with in [false, true] {
        let out = if with {
            run(&[Path::new("new"), Path::new("--with-actors"), &file])
        } else {
            run(&[Path::new("new"), &file])
        };
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
        assert_eq!(fs::read_to_string(&file).unwrap(), "my own work");
    }
}

// ---- import ----

#[test]
fn an_export_of_the_evidence_table_imports_back_into_the_dataset_without_its_relations() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("evidence.csv");
    let out = greatgame(&[
        "--data",
        ARTICLE,
        "export",
        "--format",
        "csv",
        "--table",
        "evidence",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let article = common::article();
    let mut empty = article.clone();
    empty.relations.clear();
    let into = dir.path().join("copy.json");
    fs::write(&into, empty.to_canonical_json()).unwrap();

    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &into]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("added 9 relations (10 quotes) and 0 sources"), "{}", stdout(&out));
    // Regional relations come once per member in the export, and once here.
    assert_eq!(load(&into).relations, article.relations);
    assert_eq!(fs::read_to_string(&into).unwrap(), article.to_canonical_json(), "the same file, canonical");
}

#[test]
fn bad_rows_are_reported_with_their_line_and_nothing_is_written() {
    let (dir, data) = dataset_with_text(&["ru-investment-kaz-nuclear"]);
    let before = fs::read(&data).unwrap();
    let csv = dir.path().join("rows.csv");
    let nuclear = "Russia is set to build Kazakhstan's first nuclear plant";
    let migrants = "millions of Central Asian migrants have moved across the border to work in some of Russia's most labour-intensive industries";
    write_csv(
        &csv,
        &HEADER,
        &[
            // Line 2: good.
            &["ca-migration-ru", "migration", "central-asia", "RUS", "Migrants work in Russia", migrants, "", SOURCE],
            // Line 3: an actor the dataset does not have.
            &["ru-arms-x", "arms", "RUS", "Atlantis", "Arms", nuclear, "", SOURCE],
            // Line 4: a word of the text left out of the quote.
            &[
                "ru-kaz-2",
                "investment",
                "RUS",
                "KAZ",
                "A plant",
                "Russia is set to build Kazakhstan's nuclear plant",
                "",
                SOURCE,
            ],
            // Line 5: a relation the dataset already has.
            &["ru-investment-kaz-nuclear", "investment", "RUS", "KAZ", "A plant", nuclear, "", SOURCE],
        ],
    );
    // Line 6: a row with its last cells missing.
    let mut text = fs::read_to_string(&csv).unwrap();
    text.push_str("ru-kaz-3,investment,RUS,KAZ\n");
    fs::write(&csv, text).unwrap();

    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    let name = csv.display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{name}:3: unknown actor or group \"Atlantis\" in \"relation_to\"")),
        "{err}"
    );
    assert!(lines[1].starts_with(&format!("{name}:4: the quote is not in the text of source \"{SOURCE}\"")), "{err}");
    assert!(lines[1].contains("[-first-]"), "says where the quote differs: {err}");
    assert_eq!(lines[2], format!("{name}:5: relation \"ru-investment-kaz-nuclear\" is already in the dataset"));
    assert_eq!(lines[3], format!("{name}:6: 4 cells; the header has 8 columns"));
    assert!(lines[4].contains("not changed: 4 of 5 rows with problems"), "{err}");
    assert_eq!(lines.len(), 5, "{err}");
    assert_eq!(fs::read(&data).unwrap(), before, "nothing written");

    // --skip-bad: the good row is written, the bad ones listed.
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data, Path::new("--skip-bad")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for line in [3, 4, 5, 6] {
        assert!(err.contains(&format!("{name}:{line}: ")), "line {line} listed: {err}");
    }
    assert!(err.contains("skipped 4 rows with problems"), "{err}");
    assert!(stdout(&out).contains("added 1 relation (1 quote) and 0 sources"), "{}", stdout(&out));
    let after = load(&data);
    assert_eq!(after.relations.len(), 2);
    let added = relation(&after, "ca-migration-ru");
    assert_eq!((added.kind.as_str(), added.from.as_str(), added.to.as_str()), ("migration", "central-asia", "RUS"));
    assert_eq!(added.evidence[0].quote, migrants);
    let out = run(&[Path::new("validate"), &data]);
    assert!(stdout(&out).contains("2 of them found in 1 source text"), "{}", stdout(&out));
}

#[test]
fn kinds_actors_and_groups_are_named_by_id_or_name_in_any_case() {
    let (dir, data) = dataset_with_text(&[]);
    let csv = dir.path().join("names.csv");
    let nuclear = "Russia is set to build Kazakhstan's first nuclear plant";
    let arms = "The region is increasingly looking to China and Turkey for arms supplies";
    write_csv(
        &csv,
        &HEADER,
        &[
            &["ru-kaz", "Investment", "russia", "KAZAKHSTAN", "A plant", nuclear, "", SOURCE],
            &["tr-ca", "ARMS", "tur", "central asia", "Arms", arms, "", SOURCE],
        ],
    );
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = load(&data);
    let ends = |id| {
        let r = relation(&after, id);
        (r.kind.clone(), r.from.clone(), r.to.clone())
    };
    assert_eq!(ends("ru-kaz"), ("investment".into(), "RUS".into(), "KAZ".into()));
    assert_eq!(ends("tr-ca"), ("arms".into(), "TUR".into(), "central-asia".into()));
}

#[test]
fn rows_of_one_relation_make_one_relation_and_must_agree() {
    let (dir, data) = dataset_with_text(&[]);
    let csv = dir.path().join("rows.csv");
    let first = "All five Central Asian states maintain close cultural and economic links with Russia.";
    let second = "Central Asian countries will use the summit to \"advance their positions\", as well as to build trust with Russia and develop trade ties";
    let summary = "Central Asian states keep close economic links with Russia";
    write_csv(
        &csv,
        &HEADER,
        &[
            &["ru-ca", "trade", "RUS", "central-asia", summary, first, "", SOURCE],
            &["ru-ca", "trade", "RUS", "central-asia", summary, second, "Kazakhstan's foreign ministry", SOURCE],
            &["ru-ca", "trade", "RUS", "KAZ", summary, first, "", SOURCE],
        ],
    );
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(":4: relation \"ru-ca\" has to \"central-asia\" on line 2, \"KAZ\" here"),
        "{}",
        stderr(&out)
    );
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data, Path::new("--skip-bad")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = load(&data);
    let quotes: Vec<(&str, Option<&str>)> =
        relation(&after, "ru-ca").evidence.iter().map(|e| (e.quote.as_str(), e.speaker.as_deref())).collect();
    assert_eq!(quotes, [(first, None), (second, Some("Kazakhstan's foreign ministry"))]);
}

#[test]
fn a_row_without_a_known_source_adds_one_from_its_own_cells_only() {
    let (dir, data) = dataset_with_text(&[]);
    let csv = dir.path().join("sources.csv");
    let nuclear = "Russia is set to build Kazakhstan's first nuclear plant";
    let header = ["relation", "kind", "from", "to", "summary", "quote", "publisher", "date", "title", "url"];
    write_csv(
        &csv,
        &header,
        &[
            // The same publisher and date as the fixture's source, no title: that source.
            &["a", "investment", "RUS", "KAZ", "A plant", nuclear, "AFP", "2025-10-08", "", ""],
            // Another: added, with what the row says and nothing more.
            &["b", "investment", "RUS", "KGZ", "Notes", "words of my own notes", "Desk notes", "2025-10", "", ""],
            &["c", "investment", "RUS", "TJK", "Notes", "other words of my notes", "Desk notes", "2025-10", "", ""],
        ],
    );
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = load(&data);
    assert_eq!(after.sources.len(), 2);
    let notes = &after.sources[1];
    assert_eq!((notes.publisher.as_str(), notes.date.as_str()), ("Desk notes", "2025-10"));
    assert_eq!((&notes.title, &notes.url, &notes.text_file), (&None, &None, &None), "nothing invented");
    assert_eq!(relation(&after, "a").evidence[0].source, SOURCE);
    assert_eq!(relation(&after, "b").evidence[0].source, notes.id);
    assert_eq!(relation(&after, "c").evidence[0].source, notes.id);
}

#[test]
fn a_csv_without_a_needed_column_is_refused_at_its_header() {
    let (dir, data) = dataset_with_text(&[]);
    let before = fs::read(&data).unwrap();
    let csv = dir.path().join("short.csv");
    write_csv(
        &csv,
        &["relation", "kind", "from", "to", "quote", "source"],
        &[&["r", "trade", "RUS", "KAZ", "x", SOURCE]],
    );
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), format!("{}:1: no \"summary\" column", csv.display()));
    assert_eq!(fs::read(&data).unwrap(), before);
}

#[test]
fn the_guard_the_export_puts_before_formula_like_cells_is_taken_off_again() {
    let (dir, data) = dataset_with_text(&["ru-investment-kaz-nuclear"]);
    let mut with_dash = load(&data);
    with_dash.relations[0].summary = "- Russia is to build Kazakhstan's first nuclear power plant".into();
    fs::write(&data, with_dash.to_canonical_json()).unwrap();
    let csv = dir.path().join("evidence.csv");
    let out = greatgame(&[
        "--data",
        data.to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "--table",
        "evidence",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(&csv).unwrap().contains(",'- Russia"), "the export guards the cell");
    let mut empty = with_dash.clone();
    empty.relations.clear();
    fs::write(&data, empty.to_canonical_json()).unwrap();
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &data]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(load(&data).relations, with_dash.relations);
}

#[test]
fn import_prints_the_warnings_its_rows_bring_as_validate_would() {
    let (_dir, into) = dataset_with_text(&["cn-arms-central-asia"]);
    let existing = relation(&common::article(), "cn-arms-central-asia").clone();
    let csv = into.with_file_name("rows.csv");
    // The same kind, ends and quote under another id: a repeat, which
    // `validate` warns about (it loads, but it is likely a mistake).
    let row = [
        "cn-arms-again",
        existing.kind.as_str(),
        existing.from.as_str(),
        existing.to.as_str(),
        "China arms the region, again",
        existing.evidence[0].quote.as_str(),
        "",
        SOURCE,
    ];
    write_csv(&csv, &HEADER, &[&row]);
    let out = run(&[Path::new("import"), &csv, Path::new("--into"), &into]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("added 1 relation"), "{}", stdout(&out));
    let said = stderr(&out);
    assert!(said.contains("cn-arms-again") && said.contains("repeats"), "the new warning: {said}");
    let validate = run(&[Path::new("validate"), &into]);
    assert!(stderr(&validate).contains("repeats"), "validate says the same: {}", stderr(&validate));
}
