//! Loading a big dataset file while the browser already shows it.
//!
//! The canonical writer puts `title`, `kinds`, `actors`, `groups` and
//! `sources` before `relations`. A file in that order is read in chunks on
//! another thread: the header is parsed as soon as its bytes are in and sent
//! first, then the relations, one JSON element at a time (found by a scan
//! that follows strings and nesting), in batches. The browser draws its first
//! frame from the header and the first batch and keeps answering keys while
//! the rest arrives. A file in another order is loaded whole, as before.
//!
//! The file is read with `read`, never memory-mapped: a file truncated while
//! it loads (an editor saving in place) ends the read early and is reported
//! as a file that ended too soon, instead of crashing the process (a mapped
//! page past the new end of file raises SIGBUS). Nothing is kept of the
//! bytes once a batch is parsed, so memory is the dataset's, not the file's.
//!
//! Every relation is typed as it arrives; the whole dataset is validated
//! once it is all in (`finish`), with the same checks as a whole-file load.
//! Any problem, early or late, is reported exactly as a whole-file load
//! reports it: the file is then read again whole, for positions.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use super::digest::{Digests, RelationCheck};
use super::texts::Texts;
use super::{Dataset, Loaded, Problem, Relation, Severity};

/// What the loading thread sends, in this order: `Header` once, then
/// `Batch`es, then `Done`; or `Failed` at any point, and nothing after.
#[derive(Debug)]
pub enum Message<P = ()> {
    /// Everything but the relations.
    Header { dataset: Dataset, total_bytes: u64 },
    /// A file that does not stream (another key order), loaded whole and
    /// validated: everything at once, instead of the other messages.
    Whole { loaded: Loaded, total_bytes: u64 },
    /// The next relations, in file order, what `prepare` made of each
    /// (see `start_with`), and how far into the file they reach.
    /// `digests` holds each relation's part of the check (`finish`).
    Batch { relations: Vec<Relation>, prepared: Vec<P>, digests: Digests, bytes_read: u64 },
    /// The relations are all in: top-level fields that came after them.
    Done { format: Option<u64>, extra: super::Extra },
    /// The file has problems (all of them, with line:column, as a
    /// whole-file load reports them), or could not be read.
    Failed(Vec<Problem>),
}

/// The first batch is small, so the first frame comes quickly; the later
/// ones are larger, so each costs the browser one step, not many.
const FIRST_BATCH: usize = 2_000;
const BATCH: usize = 20_000;
/// A batch is also sent when it has waited this long...
const BATCH_TIME: Duration = Duration::from_millis(40);
/// ... or (after the first) when its text is this long: the text waiting
/// for the workers is memory the dataset does not keep, so little of it.
const BATCH_BYTES: usize = 1 << 20;
/// Bytes read at a time.
const CHUNK: usize = 4 << 20;

/// What the loading threads work out for each relation, from the header
/// (where it goes in the graph, say), so the browser need not.
pub type Prepare<P> = Box<dyn Fn(&Relation) -> P + Send + Sync>;

/// Starts loading `path` on a new thread. Setting `cancel` stops it at the
/// next batch (the browser quits without waiting).
pub fn start(path: PathBuf, cancel: Arc<AtomicBool>) -> Receiver<Message> {
    start_with(path, cancel, |_| Box::new(|_| ()))
}

/// `start`, with `prepare` made from the header and run on every relation
/// on the loading threads.
pub fn start_with<P: Send + 'static>(
    path: PathBuf,
    cancel: Arc<AtomicBool>,
    prepare: impl FnOnce(&Dataset) -> Prepare<P> + Send + 'static,
) -> Receiver<Message<P>> {
    // Batches in flight, bounded: the reader does not run far ahead of the
    // browser. Enough of them that a browser busy drawing for a few
    // milliseconds does not stop the reader (typed relations waiting here
    // cost no more memory than the dataset they are about to join).
    let (tx, rx) = sync_channel(64);
    std::thread::Builder::new()
        .name("greatgame-load".into())
        .spawn(move || load(&path, &tx, &cancel, prepare))
        .expect("a thread can be started");
    rx
}

/// Loads the whole file through the streaming path, on this thread, and
/// returns what the browser would end up with: for tests and tools.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Problem>> {
    let rx = start(path.to_path_buf(), Arc::new(AtomicBool::new(false)));
    let mut data: Option<Dataset> = None;
    let mut all = Digests::default();
    for message in rx {
        match message {
            Message::Header { dataset, .. } => data = Some(dataset),
            Message::Whole { loaded, .. } => return Ok(loaded),
            Message::Batch { relations, digests, .. } => {
                data.as_mut().expect("a header first").relations.extend(relations);
                all.append(digests);
            }
            Message::Done { format, extra } => {
                let mut data = data.take().expect("a header first");
                apply_tail(&mut data, format, extra);
                return finish(&data, path, Some(&all)).map(|(texts, warnings)| Loaded {
                    dataset: data,
                    warnings,
                    texts,
                });
            }
            Message::Failed(problems) => return Err(problems),
        }
    }
    Err(vec![Problem::new("the loading thread stopped without a word".into())])
}

/// Puts the top-level fields read after the relations into the dataset.
pub fn apply_tail(data: &mut Dataset, format: Option<u64>, extra: super::Extra) {
    if format.is_some() {
        data.format = format;
    }
    data.extra.extend(extra);
}

/// Validates a dataset that came in by `start`, as a whole-file load would
/// (the source texts beside `path` included): its texts and warnings, or
/// every problem with line:column (the file is read again to place them).
/// With the batches' `digests` (all of them, in order), most of the
/// relations' checks were done as they loaded.
pub fn finish(data: &Dataset, path: &Path, digests: Option<&Digests>) -> Result<(Texts, Vec<Problem>), Vec<Problem>> {
    let base = path.parent().unwrap_or(Path::new(""));
    let mut findings = match digests {
        Some(digests) => data.check_digested(digests),
        None => data.check(),
    };
    let (texts, text_findings) = if data.sources.iter().any(|s| s.text_file.is_some()) {
        super::texts::check(data, base)
    } else {
        (Texts::default(), Vec::new())
    };
    findings.extend(text_findings);
    if findings.is_empty() {
        return Ok((texts, Vec::new()));
    }
    // Rare: now the positions are worth reading the file again for.
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Err(vec![Problem::new(format!("cannot read the file again to place its problems: {e}"))]),
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let problems = super::diagnose::locate(text, findings);
    if problems.iter().any(|p| p.severity == Severity::Error) { Err(problems) } else { Ok((texts, problems)) }
}

/// The loading thread.
fn load<P: Send + 'static>(
    path: &Path,
    tx: &SyncSender<Message<P>>,
    cancel: &AtomicBool,
    prepare: impl FnOnce(&Dataset) -> Prepare<P>,
) {
    let outcome = match File::open(path) {
        Ok(file) => {
            let total = file.metadata().map(|m| m.len()).unwrap_or(0);
            let mut reader = Chunks { file, buf: Vec::new(), start: 0, read: 0, eof: false, failed: None };
            stream(&mut reader, total, tx, cancel, prepare)
        }
        Err(e) => Err(Stop::Problems(vec![Problem::new(format!("cannot read the file: {e}"))])),
    };
    match outcome {
        Ok(()) | Err(Stop::Cancelled) | Err(Stop::Gone) => {}
        Err(Stop::Problems(problems)) => {
            let _ = tx.send(Message::Failed(problems));
        }
        // Not streamable, or something the scan did not expect: the whole
        // file, the usual way, says what is wrong or loads it.
        Err(Stop::Whole) => whole(path, tx),
    }
}

/// Loads the file whole, as `Dataset::load_bytes_with_texts` does.
fn whole<P>(path: &Path, tx: &SyncSender<Message<P>>) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = tx.send(Message::Failed(vec![Problem::new(format!("cannot read the file: {e}"))]));
            return;
        }
    };
    let total = bytes.len() as u64;
    match Dataset::load_bytes_with_texts(&bytes, Some(path.parent().unwrap_or(Path::new("")))) {
        Ok(loaded) => {
            drop(bytes);
            let _ = tx.send(Message::Whole { loaded, total_bytes: total });
        }
        Err(problems) => {
            let _ = tx.send(Message::Failed(problems));
        }
    }
}

/// Why streaming stopped early.
enum Stop {
    /// The user quit.
    Cancelled,
    /// The browser is gone (the channel is closed).
    Gone,
    /// Problems to report as they are.
    Problems(Vec<Problem>),
    /// Load the file whole instead (another key order, or a file the scan
    /// finds wrong: the whole load reports it properly).
    Whole,
}

/// The file in chunks: `buf[start..]` holds the bytes not yet consumed.
struct Chunks {
    file: File,
    buf: Vec<u8>,
    start: usize,
    /// Bytes read from the file so far.
    read: u64,
    eof: bool,
    failed: Option<std::io::Error>,
}

impl Chunks {
    /// Reads one more chunk; false at the end of the file.
    fn more(&mut self) -> bool {
        if self.eof {
            return false;
        }
        // Drop what was consumed first, so the buffer stays about a chunk.
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let n = loop {
            match self.file.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = Some(e);
                    break 0;
                }
            }
        };
        self.buf.truncate(len + n);
        self.read += n as u64;
        if n == 0 {
            self.eof = true;
        }
        n > 0
    }

    /// Why reading stopped short: the read failed (reported as such), or
    /// the file ended too soon (the whole load says where).
    fn stop(&self) -> Stop {
        match &self.failed {
            Some(e) => Stop::Problems(vec![Problem::new(format!("cannot read the file: {e}"))]),
            None => Stop::Whole,
        }
    }

    /// The unconsumed bytes.
    fn rest(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// The end (relative to `rest()`) of the JSON value starting at `at`,
    /// reading more as needed; `None` at the end of the file.
    fn value_end(&mut self, at: usize) -> Option<usize> {
        loop {
            match scan_value(self.rest(), at) {
                Scan::End(end) => return Some(end),
                Scan::Bad => return None,
                Scan::More => {
                    if !self.more() {
                        return None;
                    }
                }
            }
        }
    }

    /// The position of the next byte that is not white space, from `at`.
    fn skip_ws(&mut self, mut at: usize) -> Option<usize> {
        loop {
            while let Some(&b) = self.rest().get(at) {
                if !b.is_ascii_whitespace() {
                    return Some(at);
                }
                at += 1;
            }
            if !self.more() {
                return None;
            }
        }
    }
}

/// Where a scan for the end of a value got to.
enum Scan {
    End(usize),
    /// The bytes end before the value does.
    More,
    /// Not a JSON value the scan understands.
    Bad,
}

/// Finds the end of the JSON value that starts at `at` in `bytes` (strings
/// with their escapes, objects and arrays by nesting, other values up to
/// the next delimiter). It does not check the value: serde_json does that.
fn scan_value(bytes: &[u8], at: usize) -> Scan {
    let Some(&first) = bytes.get(at) else { return Scan::More };
    match first {
        b'"' => match string_end(bytes, at) {
            Some(end) => Scan::End(end),
            None => Scan::More,
        },
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => match string_end(bytes, i) {
                        Some(end) => {
                            i = end;
                            continue;
                        }
                        None => return Scan::More,
                    },
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Scan::End(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Scan::More
        }
        b'}' | b']' | b',' | b':' => Scan::Bad,
        _ => match bytes[at..].iter().position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace()) {
            Some(n) => Scan::End(at + n),
            None => Scan::More,
        },
    }
}

/// The end (one past the closing quote) of the string starting at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        // Only a quote or a backslash can end or escape: jump to the next.
        let n = bytes[i..].iter().position(|&b| b == b'"' || b == b'\\')?;
        i += n;
        if bytes[i] == b'\\' {
            i += 2;
            if i > bytes.len() {
                return None;
            }
        } else {
            return Some(i + 1);
        }
    }
}

/// The key of an object member starting at `at`, and where its value
/// starts (after the colon).
fn object_key(reader: &mut Chunks, at: usize) -> Result<(String, usize), Stop> {
    let key_end = reader.value_end(at).ok_or_else(|| reader.stop())?;
    let key: String = serde_json::from_slice(&reader.rest()[at..key_end]).map_err(|_| Stop::Whole)?;
    let colon = reader.skip_ws(key_end).ok_or_else(|| reader.stop())?;
    if reader.rest()[colon] != b':' {
        return Err(Stop::Whole);
    }
    let value = reader.skip_ws(colon + 1).ok_or_else(|| reader.stop())?;
    Ok((key, value))
}

/// The header's fields, which must all come before `relations` for the
/// file to stream.
const HEADER: [&str; 5] = ["title", "kinds", "actors", "groups", "sources"];

fn stream<P: Send + 'static>(
    reader: &mut Chunks,
    total: u64,
    tx: &SyncSender<Message<P>>,
    cancel: &AtomicBool,
    prepare: impl FnOnce(&Dataset) -> Prepare<P>,
) -> Result<(), Stop> {
    // The header: up to the key "relations" at the top level.
    let mut at = reader.skip_ws(0).ok_or_else(|| reader.stop())?;
    if reader.rest()[at..].starts_with("\u{FEFF}".as_bytes()) {
        at = reader.skip_ws(at + 3).ok_or(Stop::Whole)?;
    }
    if reader.rest()[at] != b'{' {
        return Err(Stop::Whole);
    }
    let open = at;
    at += 1;
    let mut seen: Vec<String> = Vec::new();
    let relations_at = loop {
        at = reader.skip_ws(at).ok_or_else(|| reader.stop())?;
        if reader.rest()[at] == b'}' {
            // No relations at all: the whole load says so.
            return Err(Stop::Whole);
        }
        let key;
        (key, at) = object_key(reader, at)?;
        if key == "relations" {
            if reader.rest()[at] != b'[' || !HEADER.iter().all(|h| seen.iter().any(|s| s == h)) {
                return Err(Stop::Whole);
            }
            break at;
        }
        at = reader.value_end(at).ok_or_else(|| reader.stop())?;
        at = reader.skip_ws(at).ok_or_else(|| reader.stop())?;
        match reader.rest()[at] {
            b',' => at += 1,
            _ => return Err(Stop::Whole),
        }
        seen.push(key);
    };
    // The header as a document of its own: what came before, then no
    // relations (the comma after the last field is already there).
    let mut header = reader.rest()[open..relations_at].to_vec();
    let cut = header.iter().rposition(|&b| b == b'"').ok_or(Stop::Whole)?;
    let cut = header[..cut].iter().rposition(|&b| b == b'"').ok_or(Stop::Whole)?;
    header.truncate(cut);
    header.extend_from_slice(b"\"relations\": []}");
    let dataset: Dataset = serde_json::from_slice(&header).map_err(|_| Stop::Whole)?;
    drop(header);
    // A header with problems: the whole load reports them all.
    if dataset.check().iter().any(|f| f.severity == Severity::Error) {
        return Err(Stop::Whole);
    }
    let prepare: Arc<Prepare<P>> = Arc::new(prepare(&dataset));
    let checker = Arc::new(RelationCheck::new(&dataset));
    tx.send(Message::Header { dataset, total_bytes: total }).map_err(|_| Stop::Gone)?;

    // The relations: this thread finds where each element ends (a scan
    // for quotes and braces, no typing) and hands batches of them to
    // workers that type them; their batches go on in file order.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
    let (job_tx, job_rx) = sync_channel::<Job>(workers);
    let job_rx = Arc::new(std::sync::Mutex::new(job_rx));
    let (typed_tx, typed_rx) = std::sync::mpsc::channel::<Typed<P>>();
    // The workers hand each job's text buffer back for the next job: a
    // megabyte allocated and freed per job costs page faults.
    let (spare_tx, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    for _ in 0..workers {
        let (jobs, typed, prepare, checker) =
            (Arc::clone(&job_rx), typed_tx.clone(), Arc::clone(&prepare), Arc::clone(&checker));
        let spare = spare_tx.clone();
        std::thread::Builder::new()
            .name("greatgame-type".into())
            .spawn(move || type_jobs(&jobs, &typed, &spare, &prepare, &checker))
            .expect("a thread can be started");
    }
    drop((typed_tx, spare_tx));
    let mut order = InOrder { next: 0, waiting: std::collections::BTreeMap::new() };
    at = relations_at + 1;
    let mut job = Job::new(0, FIRST_BATCH, None);
    let mut since = Instant::now();
    let mut first = true;
    loop {
        at = reader.skip_ws(at).ok_or_else(|| reader.stop())?;
        match reader.rest()[at] {
            b']' => {
                at += 1;
                break;
            }
            b',' if !first => at = reader.skip_ws(at + 1).ok_or_else(|| reader.stop())?,
            _ if first => {}
            _ => return Err(Stop::Whole),
        }
        first = false;
        if reader.rest()[at] != b'{' {
            return Err(Stop::Whole);
        }
        let end = loop {
            match object_end(reader.rest(), at) {
                Scan::End(end) => break end,
                Scan::Bad => return Err(Stop::Whole),
                Scan::More => {
                    if !reader.more() {
                        return Err(reader.stop());
                    }
                }
            }
        };
        let start = job.bytes.len();
        job.bytes.extend_from_slice(&reader.rest()[at..end]);
        job.elements.push(start..job.bytes.len());
        at = end;
        // Let the reader drop what is consumed.
        if at > CHUNK {
            reader.start += at;
            at = 0;
        }
        let full = job.elements.len() >= job.limit || (job.seq > 0 && job.bytes.len() >= BATCH_BYTES);
        if full || since.elapsed() >= BATCH_TIME {
            if cancel.load(Ordering::Relaxed) {
                return Err(Stop::Cancelled);
            }
            job.bytes_read = reader.read - (reader.buf.len() - reader.start - at) as u64;
            let seq = job.seq;
            let next = Job::new(seq + 1, BATCH, spare.try_recv().ok());
            job_tx.send(std::mem::replace(&mut job, next)).map_err(|_| Stop::Gone)?;
            since = Instant::now();
            // Pass on what the workers have typed, in order.
            for typed in typed_rx.try_iter() {
                order.add(typed, tx)?;
            }
        }
    }
    job.bytes_read = reader.read;
    let mut sent = job.seq;
    if !job.elements.is_empty() {
        job_tx.send(job).map_err(|_| Stop::Gone)?;
        sent += 1;
    }
    drop(job_tx);
    // The rest of the batches, as the workers finish them.
    while order.next < sent {
        let typed = typed_rx.recv().map_err(|_| Stop::Whole)?;
        order.add(typed, tx)?;
    }
    // What follows the relations: more top-level fields, then the end.
    let mut format = None;
    let mut extra = serde_json::Map::new();
    loop {
        at = reader.skip_ws(at).ok_or_else(|| reader.stop())?;
        match reader.rest()[at] {
            b'}' => break,
            b',' => at = reader.skip_ws(at + 1).ok_or_else(|| reader.stop())?,
            _ => return Err(Stop::Whole),
        }
        let key;
        (key, at) = object_key(reader, at)?;
        let end = reader.value_end(at).ok_or_else(|| reader.stop())?;
        let value = &reader.rest()[at..end];
        match key.as_str() {
            "format" => format = Some(serde_json::from_slice::<u64>(value).map_err(|_| Stop::Whole)?),
            // A header field twice, or anything else the format knows
            // after the relations: the whole load says what is wrong.
            k if HEADER.contains(&k) || k == "relations" || seen.iter().any(|s| s == k) => return Err(Stop::Whole),
            _ => {
                let value: serde_json::Value = serde_json::from_slice(value).map_err(|_| Stop::Whole)?;
                if extra.insert(key, value).is_some() {
                    return Err(Stop::Whole);
                }
            }
        }
        at = end;
    }
    // Nothing but white space may follow.
    at += 1;
    loop {
        if reader.rest()[at..].iter().any(|b| !b.is_ascii_whitespace()) {
            return Err(Stop::Whole);
        }
        at = reader.rest().len();
        if !reader.more() {
            break;
        }
    }
    if reader.failed.is_some() {
        return Err(reader.stop());
    }
    tx.send(Message::Done { format, extra }).map_err(|_| Stop::Gone)?;
    Ok(())
}

/// Relations to type: their bytes, one after the other, and where each is.
struct Job {
    seq: usize,
    /// How many elements make it full.
    limit: usize,
    bytes: Vec<u8>,
    elements: Vec<std::ops::Range<usize>>,
    /// How far into the file its last element reaches.
    bytes_read: u64,
}

impl Job {
    /// A job, in `bytes` (emptied) when a worker gave one back.
    fn new(seq: usize, limit: usize, bytes: Option<Vec<u8>>) -> Job {
        Job {
            seq,
            limit,
            bytes: bytes.unwrap_or_else(|| Vec::with_capacity(BATCH_BYTES + (64 << 10))),
            elements: Vec::with_capacity(limit.min(4096)),
            bytes_read: 0,
        }
    }
}

/// A typed job: its relations (what `prepare` made of them, their
/// digests), or `None` when one would not type.
struct Typed<P> {
    seq: usize,
    relations: Option<(Vec<Relation>, Vec<P>, Digests)>,
    bytes_read: u64,
}

/// A worker: types jobs until there are no more.
fn type_jobs<P>(
    jobs: &std::sync::Mutex<Receiver<Job>>,
    typed: &std::sync::mpsc::Sender<Typed<P>>,
    spare: &std::sync::mpsc::Sender<Vec<u8>>,
    prepare: &Prepare<P>,
    checker: &RelationCheck,
) {
    loop {
        let Ok(job) = jobs.lock().map_err(|_| ()).and_then(|rx| rx.recv().map_err(|_| ())) else { return };
        // Each relation is prepared and digested as soon as it is typed,
        // while it is in the cache.
        let mut relations = Vec::with_capacity(job.elements.len());
        let mut prepared = Vec::with_capacity(job.elements.len());
        let mut digests = Digests::default();
        // Valid UTF-8 checked once for the whole job, not string by string
        // (each element starts and ends with a brace: a char boundary).
        let text = std::str::from_utf8(&job.bytes).ok();
        for r in &job.elements {
            let relation = match text {
                Some(text) => serde_json::from_str::<Relation>(&text[r.clone()]),
                None => serde_json::from_slice::<Relation>(&job.bytes[r.clone()]),
            };
            let Ok(mut relation) = relation else { break };
            // serde grows a list as it reads it: two quotes leave room
            // for four. A million relations would keep that room.
            relation.evidence.shrink_to_fit();
            relation.figures.shrink_to_fit();
            prepared.push(prepare(&relation));
            checker.digest(&relation, &mut digests);
            relations.push(relation);
        }
        let relations = (relations.len() == job.elements.len()).then_some((relations, prepared, digests));
        let mut bytes = job.bytes;
        bytes.clear();
        let _ = spare.send(bytes);
        if typed.send(Typed { seq: job.seq, relations, bytes_read: job.bytes_read }).is_err() {
            return;
        }
    }
}

/// Typed batches, passed on in the order they were read.
struct InOrder<P> {
    next: usize,
    waiting: std::collections::BTreeMap<usize, Typed<P>>,
}

impl<P> InOrder<P> {
    fn add(&mut self, typed: Typed<P>, tx: &SyncSender<Message<P>>) -> Result<(), Stop> {
        self.waiting.insert(typed.seq, typed);
        while let Some(typed) = self.waiting.remove(&self.next) {
            let (relations, prepared, digests) = typed.relations.ok_or(Stop::Whole)?;
            let batch = Message::Batch { relations, prepared, digests, bytes_read: typed.bytes_read };
            tx.send(batch).map_err(|_| Stop::Gone)?;
            self.next += 1;
        }
        Ok(())
    }
}

/// Where the JSON object starting at `at` ends: only quotes and braces
/// matter (brackets nest inside braces), found with memchr.
fn object_end(bytes: &[u8], at: usize) -> Scan {
    let mut depth = 0usize;
    let mut i = at;
    loop {
        let Some(n) = memchr::memchr3(b'"', b'{', b'}', &bytes[i..]) else { return Scan::More };
        i += n;
        match bytes[i] {
            b'"' => {
                // To the closing quote: skip escapes.
                let mut j = i + 1;
                loop {
                    let Some(n) = memchr::memchr2(b'"', b'\\', &bytes[j..]) else { return Scan::More };
                    j += n;
                    if bytes[j] == b'\\' {
                        j += 2;
                        if j > bytes.len() {
                            return Scan::More;
                        }
                    } else {
                        break;
                    }
                }
                i = j + 1;
                continue;
            }
            b'{' => depth += 1,
            _ => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Scan::End(i + 1);
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str) -> Option<usize> {
        match scan_value(text.as_bytes(), 0) {
            Scan::End(n) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn the_scan_finds_where_a_value_ends_through_strings_and_nesting() {
        assert_eq!(end(r#""a\"b" x"#), Some(6));
        assert_eq!(end(r#"{"a": "}", "b": [1, {"c": "]"}]}, 1"#), Some(32));
        assert_eq!(end("123, 4"), Some(3));
        assert_eq!(end("true}"), Some(4));
        assert_eq!(end(r#"{"a": "\\"}x"#), Some(11));
        assert!(matches!(scan_value(br#"{"a": "}"#, 0), Scan::More));
        assert!(matches!(scan_value(br#""abc\"#, 0), Scan::More));
        assert!(matches!(scan_value(b"]", 0), Scan::Bad));
    }
}
