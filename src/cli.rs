//! The command line: clap types, reading the dataset it names, resolving
//! `--kind` and actor names, and running the subcommands. The formats live
//! in `export` and `report`; `main.rs` owns only the terminal.
//!
//! Every failure is a `Failure`: lines for stderr, exit status 2. Anything
//! printed that came from a data file or the command line goes through
//! `data::printable` (every `Failure` line, file names) or `data::one_line`
//! (`show`, `export`), JSON through `data::write`: the data keeps its text as
//! written, and this is where it is made inert.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use petgraph::graph::NodeIndex;

use crate::data::texts::Texts;
use crate::data::{self, Dataset, FORMAT_VERSION, Loaded, Problem, printable, resolve};
use crate::graph::{Direction, InfluenceGraph, KindFilter};
use crate::report::{self, Paint};
use crate::{atomic, export, import};

/// Browse who pulls on whom, through what, and who says so.
///
/// Without a command, opens an interactive browser of the built-in dataset
/// (Russia, China, the EU, Turkey and the five Central Asian states, from an
/// AFP dispatch of 2025-10-08), or of any dataset in the same JSON format.
/// Press ? inside for keys. The commands print the same graph for scripts and
/// reports, and keep dataset files tidy. Exit status: 0 on success, 2 on any
/// error (bad data, unknown kind or actor, unreadable or unwritable file);
/// `fmt --check` exits 1 when a file is not in canonical form.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Read this dataset (JSON, see README) instead of the built-in one; - reads standard input
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Start with only this kind of relation shown; repeat for more (a kind id, any case)
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Start on this actor (an id or a name, any case)
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Leave the mouse to the terminal (text selection works; no clicks or wheel in the browser)
    #[arg(long)]
    pub no_mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dataset files; print every problem, or a summary of each good file
    ///
    /// Problems go to stderr, one line each, in the same words as the browser's
    /// loader; "FILE: ok (...)" lines go to stdout. Warnings (fields the format
    /// does not know, a relation that repeats another, a date not written
    /// YYYY-MM-DD in an old file) start with "warning:" and leave a file valid
    /// unless --strict. Exit status 0 when every file is valid, 2 otherwise.
    Validate(ValidateArgs),
    /// Print an actor's relations with their full quotes, speakers and sources, or a source's text
    ///
    /// For pasting into a report. Text is wrapped to the terminal's width (80
    /// columns when stdout is not a terminal) and coloured only on a terminal
    /// without NO_COLOR. Relations on a group (a claim about the group as a
    /// whole) are labelled regional. With --source ID instead of an actor: the
    /// source's metadata and its text with the quoted passages marked
    /// (⟦…⟧[relation ids]), or its quotes when its text is not stored. Exit
    /// status 2 for an unknown actor, source or kind.
    Show(ShowArgs),
    /// Write the graph for Graphviz, Gephi, Cytoscape, spreadsheets or scripts
    ///
    /// The graph after expansion (a relation on a group is one edge per member)
    /// and after --kind filtering. JSON carries each relation's period and
    /// figures; GraphML and GEXF the latest whole-year value of each measure
    /// (none where reporters disagree); `--format csv --table figures` every
    /// figure, one row per relation and figure. With -o, the file is written
    /// whole or not at all. Exit status 2 on any error.
    Export(ExportArgs),
    /// Rewrite dataset files in canonical form: stable order, two-space layout
    ///
    /// Each record's fields in the format's order, then the fields the format
    /// does not know (kept, in alphabetical order); text exactly as written
    /// (control characters as \uXXXX escapes); "format": 2. Only valid files
    /// are rewritten, each whole or not at all, and only when it changes. -
    /// reads standard input and writes the result to standard output. Exit
    /// status 2 for an invalid or unreadable file.
    Fmt(FmtArgs),
    /// Print the JSON Schema of the dataset format (as data/schema.json), for editors
    Schema,
    /// Start a new dataset file: the built-in data's kinds, nothing else yet
    ///
    /// Writes FILE with the four kinds of the built-in dataset (trade, arms,
    /// investment, migration) and no actors, sources or relations; with
    /// --with-actors, the built-in actors and groups too. In canonical form,
    /// whole or not at all. Never overwrites: an existing FILE is an error
    /// (exit status 2) and is left as it is.
    New(NewArgs),
    /// Add relations to a dataset from a CSV file laid out as the evidence table
    ///
    /// The columns are those `export --format csv --table evidence` writes
    /// (the header names them, in any order), so an export imports back:
    /// relation, kind, relation_from and relation_to (or from and to),
    /// summary, quote, speaker, and source (an id), or publisher, date,
    /// title and url to add a new source. Kinds, actors and groups by id or
    /// name, any case. Rows with one relation id make one relation, one
    /// quote a row. Where a source has a text, each quote must be in it.
    /// Every row is checked; each bad one is reported with its line, and
    /// nothing is written unless every row is good (--skip-bad writes the
    /// good ones). The dataset is rewritten in canonical form, whole or not
    /// at all. Exit status 0 when written, 2 otherwise.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Dataset files to check (- for standard input); none: the --data file, or the built-in dataset
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Treat warnings as errors: a file with warnings fails (exit status 2)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["actor", "source"])))]
pub struct ShowArgs {
    /// An actor id or name, any case (KAZ, kazakhstan)
    pub actor: Option<String>,
    /// Show this source instead (a source id, any case): its metadata and its text with the quoted passages marked
    #[arg(long, value_name = "ID", conflicts_with_all = ["kinds", "direction"])]
    pub source: Option<String>,
    /// Only this kind of relation; repeat for more (a kind id, any case)
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Which relations: from the actor (out), to it (in), or all. Undirected kinds count as both
    #[arg(long, value_enum, default_value_t = DirectionArg::All)]
    pub direction: DirectionArg,
    /// text for people, markdown to paste into a report, json for scripts
    #[arg(long, value_enum, default_value_t = report::Format::Text)]
    pub format: report::Format,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json (documented schema), csv (one row per edge), dot (Graphviz), graphml or gexf (Gephi, Cytoscape)
    #[arg(long, value_enum)]
    pub format: export::Format,
    /// Only this kind of relation; repeat for more (a kind id, any case)
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Write to FILE instead of standard output (through a temporary file, renamed when complete)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV only: edges (one row per edge, its first quote), evidence (one row per edge and quote, with speaker, publisher, date, title and url) or figures (one row per figure of a relation: relation, from, to, kind, measure, value, unit, period, reporter, approx, publisher, date, url)
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<export::Table>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Dataset files to rewrite (- for standard input, written to standard output)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Write nothing: name the files that are not in canonical form, and exit 1 if there is any
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The dataset file to create (it must not exist)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Copy the built-in dataset's actors and groups too
    #[arg(long)]
    pub with_actors: bool,
    /// The dataset's title
    #[arg(long, value_name = "TEXT", default_value = "New dataset")]
    pub title: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file, with a header (- for standard input)
    #[arg(value_name = "FILE.csv")]
    pub csv: PathBuf,
    /// The dataset file to add the relations to
    #[arg(long, value_name = "DATASET", required = true)]
    pub into: PathBuf,
    /// Write the good rows and list the bad ones, instead of writing nothing
    #[arg(long)]
    pub skip_bad: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    In,
    Out,
    All,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Direction {
        match d {
            DirectionArg::In => Direction::Incoming,
            DirectionArg::Out => Direction::Outgoing,
            DirectionArg::All => Direction::All,
        }
    }
}

/// A command that failed: the lines to print on stderr. Exit status 2.
/// Messages quote file names, data and what was typed, so `new` makes every
/// line printable: the one gate for what goes to stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub Vec<String>);

impl Failure {
    pub fn new(lines: impl IntoIterator<Item = String>) -> Failure {
        Failure(lines.into_iter().map(|line| printable(&line)).collect())
    }

    pub fn line(line: String) -> Failure {
        Failure::new([line])
    }

    /// The loader's problems with a file, one line each, naming the file.
    pub fn problems(shown: &str, problems: &[Problem]) -> Failure {
        Failure::new(problems.iter().map(|p| p.in_file(shown)))
    }

    /// Prints the lines on stderr.
    fn print(&self) {
        for line in &self.0 {
            eprintln!("{line}");
        }
    }
}

/// How a path on the command line is named in messages: `-` is standard input.
fn shown_name(path: &Path) -> String {
    if is_stdin(path) { "<stdin>".to_string() } else { printable(&path.display().to_string()) }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Larger files are refused before they are read. A million relations
/// (the synthetic generator's, two quotes each) take about 0.9 GB and must
/// open; a loaded dataset takes about 1.3-1.8 times its file in memory, so
/// 2 GiB keeps the largest file this machine class can browse (24 GB) well
/// inside memory, with room for the search index.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// A dataset file the browser may stream: it exists, is a file and is not
/// over the limit. Returns the name messages give it.
pub fn check_data_file(path: &Path) -> Result<String, Failure> {
    let shown = shown_name(path);
    let meta = fs::metadata(path).map_err(|e| Failure::line(format!("greatgame: cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Failure::line(format!("greatgame: cannot read {shown}: it is a directory, not a dataset file")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Failure::line(format!(
            "greatgame: {shown} is {} MiB; the limit is {} MiB",
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(shown)
}

/// Whether a `--data` path is standard input (`-`).
pub fn is_stdin_path(path: &Path) -> bool {
    is_stdin(path)
}

/// Reads a dataset file (or standard input for `-`). Returns the name to
/// use in messages and the bytes.
pub fn read_bytes(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let shown = shown_name(path);
    let cannot = |e: io::Error| Failure::line(format!("greatgame: cannot read {shown}: {e}"));
    let mut bytes = Vec::new();
    if is_stdin(path) {
        io::stdin().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    } else {
        let meta = fs::metadata(path).map_err(cannot)?;
        if meta.is_dir() {
            return Err(Failure::line(format!(
                "greatgame: cannot read {shown}: it is a directory, not a dataset file"
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Failure::line(format!(
                "greatgame: {shown} is {} MiB; the limit is {} MiB",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            )));
        }
        // Bounded: a device (say /dev/urandom) reports a length of 0.
        fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Failure::line(format!("greatgame: {shown} is over the limit of {} MiB", MAX_FILE_BYTES >> 20)));
    }
    Ok((shown, bytes))
}

/// The dataset `--data` names (`-`: standard input), or the built-in one;
/// on failure, every problem, one line each, naming the file (the loader's
/// messages, as `validate` prints them). Warnings are dropped: see
/// `load_with_warnings`.
pub fn load(path: Option<&Path>) -> Result<Dataset, Failure> {
    load_with_warnings(path).map(|loaded| loaded.dataset)
}

/// `load`, with the warnings of a dataset that loaded (each a `Problem`;
/// `Problem::in_file` names the file as `validate` does) and its sources'
/// texts (`Loaded::texts`), read relative to the dataset file's folder
/// (for standard input, the current folder) and checked with it.
pub fn load_with_warnings(path: Option<&Path>) -> Result<Loaded, Failure> {
    load_named(path).map(|(_, loaded)| loaded)
}

/// `load_with_warnings`, with the name the messages give the file.
fn load_named(path: Option<&Path>) -> Result<(String, Loaded), Failure> {
    let (shown, loaded) = match path {
        Some(path) => {
            let (shown, bytes) = read_bytes(path)?;
            // `a.json`'s folder is "", the current one: as for stdin.
            let base = if is_stdin(path) { None } else { path.parent() };
            let loaded = Dataset::load_bytes_with_texts(&bytes, base);
            (shown, loaded)
        }
        None => (data::BUILTIN_NAME.to_string(), Dataset::load_with_texts(data::BUILTIN_JSON, None)),
    };
    match loaded {
        Ok(loaded) => Ok((shown, loaded)),
        Err(problems) => Err(Failure::problems(&shown, &problems)),
    }
}

/// The message for a name `resolve` could not place: every known one, or the
/// ones it matches.
fn not_found(
    what: &str,
    asked: &str,
    candidates: Vec<usize>,
    all: usize,
    describe: impl Fn(usize) -> String,
) -> String {
    let (problem, listed, intro) = if candidates.is_empty() {
        ("unknown", (0..all).collect(), format!("known {what}s"))
    } else {
        ("ambiguous", candidates, "it matches".to_string())
    };
    let listed: Vec<String> = listed.into_iter().map(describe).collect();
    format!("greatgame: {problem} {what} \"{asked}\"; {intro}: {}", listed.join(", "))
}

/// The filter `--kind` asks for (an id, any case): all kinds when none is
/// given. Every unknown kind is reported.
pub fn kind_filter(data: &Dataset, asked: &[String]) -> Result<KindFilter, Failure> {
    if asked.is_empty() {
        return Ok(KindFilter::all(data.kinds.len()));
    }
    let mut filter = KindFilter::none(data.kinds.len());
    let mut problems = Vec::new();
    for k in asked {
        match resolve(&data.kinds, k, |k| &k.id, |k| &k.label) {
            Ok(i) if !filter.allows(i) => filter.toggle(i),
            Ok(_) => {}
            Err(candidates) => {
                problems.push(not_found("kind", k, candidates, data.kinds.len(), |i| data.kinds[i].id.clone()))
            }
        }
    }
    if problems.is_empty() { Ok(filter) } else { Err(Failure::new(problems)) }
}

/// The actor an id or a name (any case) names.
pub fn find_actor(graph: &InfluenceGraph, asked: &str) -> Result<NodeIndex, Failure> {
    let actors = &graph.data.actors;
    match resolve(actors, asked, |a| &a.id, |a| &a.name) {
        // Nodes are the actors, in order.
        Ok(i) => Ok(NodeIndex::new(i)),
        Err(candidates) => Err(Failure::line(not_found("actor", asked, candidates, actors.len(), |i| {
            format!("{} ({})", actors[i].id, actors[i].name)
        }))),
    }
}

/// The source an id names (exactly, else in any case).
pub fn find_source(data: &Dataset, asked: &str) -> Result<usize, Failure> {
    // A dataset may cite thousands of sources: an unknown id lists a few.
    const LISTED: usize = 20;
    let sources = &data.sources;
    let describe = |i: usize| format!("{} ({}, {})", sources[i].id, sources[i].publisher, sources[i].date);
    match resolve(sources, asked, |s| &s.id, |s| &s.id) {
        Ok(i) => Ok(i),
        Err(candidates) if !candidates.is_empty() => {
            Err(Failure::line(not_found("source", asked, candidates, sources.len(), describe)))
        }
        Err(_) if sources.is_empty() => {
            Err(Failure::line(format!("greatgame: unknown source \"{asked}\"; the dataset has no sources")))
        }
        Err(_) => {
            let mut message = not_found("source", asked, Vec::new(), sources.len().min(LISTED), describe);
            if sources.len() > LISTED {
                message.push_str(&format!(", and {} more", sources.len() - LISTED));
            }
            Err(Failure::line(message))
        }
    }
}

/// Runs a subcommand against the dataset `--data` names; the exit status.
pub fn run(cli: &Cli, command: &Command) -> Result<ExitCode, Failure> {
    // clap would accept them and the command would silently ignore them.
    if !cli.kinds.is_empty() || cli.actor.is_some() {
        return Err(Failure::line(
            "greatgame: --kind and --actor before a command are for the browser; give --kind after the command"
                .to_string(),
        ));
    }
    let data = cli.data.as_deref();
    let done = match command {
        Command::Validate(args) => validate(args, data),
        Command::Show(args) => show(args, data),
        Command::Export(args) => export(args, data),
        Command::Fmt(args) => return fmt(args, data),
        Command::Schema => write_stdout(data::schema_json().as_bytes()),
        Command::New(args) => new(args, data),
        Command::Import(args) => import(args, data),
    };
    done.map(|()| ExitCode::SUCCESS)
}

fn validate(args: &ValidateArgs, data: Option<&Path>) -> Result<(), Failure> {
    if !args.files.is_empty() && data.is_some() {
        return Err(Failure::line(
            "greatgame: validate takes either --data FILE or FILE arguments, not both".to_string(),
        ));
    }
    let targets: Vec<Option<&Path>> =
        if args.files.is_empty() { vec![data] } else { args.files.iter().map(|f| Some(f.as_path())).collect() };
    let mut all_valid = true;
    for target in targets {
        // Each file's verdict as soon as it is known, problems on stderr.
        match load_named(target) {
            Ok((shown, Loaded { dataset, warnings, texts })) => {
                for w in &warnings {
                    eprintln!("{}", printable(&w.in_file(&shown)));
                }
                let counted = count(warnings.len(), "warning");
                if args.strict && !warnings.is_empty() {
                    all_valid = false;
                    eprintln!("{shown}: {counted} (errors under --strict)");
                } else if warnings.is_empty() {
                    write_stdout(format!("{shown}: ok ({})\n", summary(&dataset, &texts)).as_bytes())?;
                } else {
                    write_stdout(format!("{shown}: ok ({}; {counted})\n", summary(&dataset, &texts)).as_bytes())?;
                }
            }
            Err(failure) => {
                all_valid = false;
                failure.print();
            }
        }
    }
    // The problems are already printed; only the exit status is left to say.
    if all_valid { Ok(()) } else { Err(Failure(Vec::new())) }
}

/// "9 actors, 9 relations, 10 quotes", and, when sources have texts, how
/// many quotes were found in them: ", 6 of them found in 1 source text".
fn summary(d: &Dataset, texts: &Texts) -> String {
    let quotes: usize = d.relations.iter().map(|r| r.evidence.len()).sum();
    let mut summary = [(d.actors.len(), "actor"), (d.relations.len(), "relation"), (quotes, "quote")]
        .iter()
        .map(|&(n, what)| count(n, what))
        .collect::<Vec<_>>()
        .join(", ");
    if !texts.is_empty() {
        let checked = d.relations.iter().flat_map(|r| &r.evidence).filter(|e| texts.get(&e.source).is_some()).count();
        summary.push_str(&format!(", {checked} of them found in {}", count(texts.len(), "source text")));
    }
    summary
}

/// "1 quote", "2 quotes".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn show(args: &ShowArgs, data: Option<&Path>) -> Result<(), Failure> {
    let terminal = io::stdout().is_terminal();
    // Wrapped to the terminal; to 80 columns in a pipe or a file, so the
    // output is the same wherever it is run. Below 40 columns nothing reads
    // well, so lines are not made narrower than that.
    let width = if terminal { ratatui::crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)) } else { 80 };
    let paint = Paint::new(terminal, no_color());
    if let Some(asked) = &args.source {
        let loaded = load_with_warnings(data)?;
        let source = find_source(&loaded.dataset, asked)?;
        let out = report::render_source(&loaded.dataset, &loaded.texts, source, args.format, width.max(40), paint);
        return write_stdout(out.as_bytes());
    }
    let graph = InfluenceGraph::new(load(data)?);
    let kinds = kind_filter(&graph.data, &args.kinds)?;
    // clap requires one of the two.
    let asked = args.actor.as_deref().unwrap_or_default();
    let actor = find_actor(&graph, asked)?;
    let out = report::render(&graph, actor, &kinds, args.direction.into(), args.format, width.max(40), paint);
    write_stdout(out.as_bytes())
}

/// NO_COLOR set to anything but the empty string (no-color.org).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn export(args: &ExportArgs, data: Option<&Path>) -> Result<(), Failure> {
    let graph = InfluenceGraph::new(load(data)?);
    let kinds = kind_filter(&graph.data, &args.kinds)?;
    let table = match (args.format, args.table) {
        (export::Format::Csv, table) => table.unwrap_or_default(),
        (_, None) => export::Table::Edges,
        (_, Some(_)) => return Err(Failure::line("greatgame: --table is for --format csv only".to_string())),
    };
    let out = export::render_table(&graph, &kinds, args.format, table);
    match &args.output {
        Some(path) if !is_stdin(path) => write_file(path, out.as_bytes()),
        _ => write_stdout(out.as_bytes()),
    }
}

/// Writes a file whole or not at all (`atomic::write`).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    atomic::write(path, bytes).map_err(|e| Failure::line(format!("greatgame: cannot write {}: {e}", shown_name(path))))
}

fn fmt(args: &FmtArgs, data: Option<&Path>) -> Result<ExitCode, Failure> {
    if data.is_some() {
        return Err(Failure::line("greatgame: fmt takes the files to rewrite as arguments, not --data".to_string()));
    }
    let (mut failed, mut unformatted) = (false, false);
    for path in &args.files {
        match fmt_file(path, args.check) {
            Ok(false) => {}
            Ok(true) => {
                unformatted = true;
                if args.check {
                    write_stdout(format!("would reformat {}\n", shown_name(path)).as_bytes())?;
                }
            }
            Err(failure) => {
                failed = true;
                failure.print();
            }
        }
    }
    match (failed, args.check && unformatted) {
        // The problems are already printed.
        (true, _) => Err(Failure(Vec::new())),
        (false, true) => Ok(ExitCode::from(1)),
        (false, false) => Ok(ExitCode::SUCCESS),
    }
}

/// Rewrites one file in canonical form (unless `check`); whether it was
/// not in canonical form. Standard input goes to standard output.
fn fmt_file(path: &Path, check: bool) -> Result<bool, Failure> {
    let (shown, bytes) = read_bytes(path)?;
    let dataset = Dataset::from_bytes(&bytes).map_err(|problems| Failure::problems(&shown, &problems))?;
    // Written back as version 2, a newer file would lose what is new in it.
    if let Some(format) = dataset.format.filter(|&f| f > FORMAT_VERSION) {
        return Err(Failure::line(format!(
            "{shown}: format {format} is newer than this greatgame knows ({FORMAT_VERSION}); left as it is"
        )));
    }
    let text = dataset.to_canonical_json();
    // The writer writes format 2, which is stricter (dates): a file that
    // would not load as version 2 is left for its owner to fix first.
    if let Err(problems) = Dataset::from_json(&text) {
        let mut lines = vec![format!(
            "{shown}: left as it is: written as format {FORMAT_VERSION} it would be invalid; fix these first:"
        )];
        lines.extend(problems.iter().map(|p| format!("  {}", p.in_file(&shown))));
        return Err(Failure::new(lines));
    }
    let changed = text.as_bytes() != bytes.as_slice();
    if is_stdin(path) {
        if !check {
            write_stdout(text.as_bytes())?;
        }
    } else if changed && !check {
        write_file(path, text.as_bytes())?;
    }
    Ok(changed)
}

fn new(args: &NewArgs, data: Option<&Path>) -> Result<(), Failure> {
    if data.is_some() {
        return Err(Failure::line("greatgame: new takes the file to create as its argument, not --data".to_string()));
    }
    let shown = shown_name(&args.file);
    if is_stdin(&args.file) {
        return Err(Failure::line("greatgame: new writes a file; give its name, not -".to_string()));
    }
    // symlink_metadata: a dangling link is there too (writing would follow it).
    if fs::symlink_metadata(&args.file).is_ok() {
        return Err(Failure::line(format!("greatgame: {shown} already exists; new never overwrites a file")));
    }
    let builtin = Dataset::builtin();
    let (actors, groups) = if args.with_actors { (builtin.actors, builtin.groups) } else { (Vec::new(), Vec::new()) };
    let dataset = Dataset {
        format: Some(FORMAT_VERSION),
        title: args.title.clone(),
        kinds: builtin.kinds,
        actors,
        groups,
        ..Dataset::default()
    };
    let text = dataset.to_canonical_json();
    // Only a file `validate` passes is written (no title is refused today).
    Dataset::from_json(&text).map_err(|problems| Failure::problems(&shown, &problems))?;
    // Never over a file that appeared since the check above.
    atomic::write_new(&args.file, text.as_bytes()).map_err(|e| {
        Failure::line(match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("greatgame: {shown} already exists; new never overwrites a file")
            }
            _ => format!("greatgame: cannot write {shown}: {e}"),
        })
    })?;
    let counts = [(dataset.kinds.len(), "kind"), (dataset.actors.len(), "actor"), (dataset.groups.len(), "group")];
    let counts: Vec<String> = counts.iter().map(|&(n, what)| count(n, what)).collect();
    write_stdout(format!("{shown}: new dataset ({})\n", counts.join(", ")).as_bytes())
}

fn import(args: &ImportArgs, data: Option<&Path>) -> Result<(), Failure> {
    if data.is_some() {
        return Err(Failure::line(
            "greatgame: import takes the dataset to add to as --into DATASET, not --data".to_string(),
        ));
    }
    if is_stdin(&args.into) {
        return Err(Failure::line("greatgame: import writes the dataset back; --into needs a file, not -".to_string()));
    }
    let (csv_name, csv) = read_bytes(&args.csv)?;
    let (shown, bytes) = read_bytes(&args.into)?;
    // Texts are read beside the dataset, as `validate` reads them.
    let base = args.into.parent();
    let loaded = Dataset::load_bytes_with_texts(&bytes, base).map_err(|problems| {
        let mut lines = vec![format!("greatgame: {shown} is not valid; fix it first (nothing imported):")];
        lines.extend(problems.iter().filter(|p| !p.is_warning()).map(|p| format!("  {}", p.in_file(&shown))));
        Failure::new(lines)
    })?;
    if let Some(format) = loaded.dataset.format.filter(|&f| f > FORMAT_VERSION) {
        return Err(Failure::line(format!(
            "{shown}: format {format} is newer than this greatgame knows ({FORMAT_VERSION}); left as it is"
        )));
    }
    let on_line = |p: &import::LineProblem| format!("{csv_name}:{}: {}", p.line, p.message);
    let found = import::read(&csv, &loaded.dataset, &loaded.texts)
        .map_err(|problems| Failure::new(problems.iter().map(on_line)))?;
    let mut lines: Vec<String> = found.problems.iter().map(on_line).collect();
    if found.bad_rows > 0 && !args.skip_bad {
        lines.push(format!(
            "greatgame: {shown} not changed: {} of {} with problems (--skip-bad writes the good ones)",
            found.bad_rows,
            count(found.rows, "row")
        ));
        return Err(Failure::new(lines));
    }
    if found.relations.is_empty() {
        lines.push(format!("greatgame: {shown} not changed: no good rows in {csv_name}"));
        return Err(Failure::new(lines));
    }
    let quotes: usize = found.relations.iter().map(|r| r.evidence.len()).sum();
    let added = format!(
        "{shown}: added {} ({}) and {} from {csv_name}",
        count(found.relations.len(), "relation"),
        count(quotes, "quote"),
        count(found.sources.len(), "source")
    );
    let before: Vec<(Option<String>, String)> =
        loaded.warnings.iter().map(|w| (w.path.clone(), w.message.clone())).collect();
    let mut dataset = loaded.dataset;
    dataset.sources.extend(found.sources);
    dataset.relations.extend(found.relations);
    let text = dataset.to_canonical_json();
    // The rows were checked one by one; the whole is checked as `validate`
    // would check the file, so an invalid file is never written.
    let after = match Dataset::load_bytes_with_texts(text.as_bytes(), base) {
        Ok(after) => after,
        Err(problems) => {
            lines.push(format!("greatgame: {shown} not changed: with the imported rows it would be invalid:"));
            lines.extend(problems.iter().filter(|p| !p.is_warning()).map(|p| format!("  {}", p.in_file(&shown))));
            return Err(Failure::new(lines));
        }
    };
    write_file(&args.into, text.as_bytes())?;
    // The warnings the imported rows brought, as `validate` would print them.
    for w in after.warnings.iter().filter(|w| !before.contains(&(w.path.clone(), w.message.clone()))) {
        eprintln!("{}", printable(&w.in_file(&shown)));
    }
    if found.bad_rows > 0 {
        lines.push(format!("greatgame: skipped {} with problems", count(found.bad_rows, "row")));
        Failure::new(lines).print();
    }
    write_stdout(format!("{}\n", printable(&added)).as_bytes())
}

/// Writes to stdout. A closed pipe (`| head`) is not an error: the reader
/// has what it wanted.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::line(format!("greatgame: cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_resolve_in_any_case_and_unknown_ones_list_the_known() {
        let data = Dataset::builtin();
        let f = kind_filter(&data, &["ARMS".into(), "trade".into()]).unwrap();
        assert_eq!((0..4).map(|k| f.allows(k)).collect::<Vec<_>>(), [true, true, false, false]);
        let err = kind_filter(&data, &["oil\u{1b}".into()]).unwrap_err();
        assert_eq!(err.0, ["greatgame: unknown kind \"oil\\u{1b}\"; known kinds: trade, arms, investment, migration"]);
    }
}
