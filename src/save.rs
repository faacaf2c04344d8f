//! Saving a dataset after every change, on a thread of its own: a key
//! never waits for a write (a big file takes seconds). The file is written
//! canonically and atomically (a temporary file renamed over it), so a
//! crash at any moment leaves the old file or the new one, never a part.
//! A file another program changed since it was loaded or last saved is
//! not written over: the save is refused and the user chooses.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::SystemTime;

use crate::data::Dataset;

/// What a file looked like when last read or written: a change by another
/// program changes its length or its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The file's stamp now; `None` when there is no file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp { len: meta.len(), modified: meta.modified().ok() })
    }
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Written; the file's stamp then (a change to the file that does not
    /// leave it so is another program's).
    Written(PathBuf, Option<Stamp>),
    /// The file changed on disk since it was loaded or last saved: not
    /// written (nor will it be until the user chooses).
    Conflict(PathBuf),
    Failed(PathBuf, String),
}

/// The saving thread, and what it has said.
#[derive(Debug)]
pub struct Saver {
    path: PathBuf,
    tx: Option<Sender<Arc<Dataset>>>,
    rx: Receiver<Saved>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Saves asked for and not yet reported.
    pending: usize,
}

impl Saver {
    /// Saves to `path`, which was read when it had `stamp` (`None`: a new
    /// file, which must not exist when first written).
    pub fn start(path: PathBuf, stamp: Option<Stamp>) -> Saver {
        let (tx, jobs) = channel::<Arc<Dataset>>();
        let (done, rx) = channel();
        let target = path.clone();
        let thread = std::thread::Builder::new()
            .name("greatgame-save".into())
            .spawn(move || write_each(&target, stamp, &jobs, &done))
            .expect("a thread can be started");
        Saver { path, tx: Some(tx), rx, thread: Some(thread), pending: 0 }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves `data` (a snapshot: the browser goes on with its own).
    pub fn save(&mut self, data: Arc<Dataset>) {
        if let Some(tx) = &self.tx
            && tx.send(data).is_ok()
        {
            self.pending += 1;
        }
    }

    /// Whether a save is under way.
    pub fn saving(&self) -> bool {
        self.pending > 0
    }

    /// What the saves since the last call came to.
    pub fn poll(&mut self) -> Vec<Saved> {
        let mut said = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(saved) => {
                    self.pending = self.pending.saturating_sub(1);
                    said.push(saved);
                }
                Err(TryRecvError::Empty) => return said,
                Err(TryRecvError::Disconnected) => {
                    self.pending = 0;
                    return said;
                }
            }
        }
    }

    /// Waits for the saves asked for (the browser is quitting).
    pub fn finish(mut self) -> Vec<Saved> {
        drop(self.tx.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.poll()
    }
}

/// The thread: writes each dataset it is given, the newest when several
/// wait (an older one would be written over at once).
fn write_each(path: &Path, mut stamp: Option<Stamp>, jobs: &Receiver<Arc<Dataset>>, done: &Sender<Saved>) {
    while let Ok(mut data) = jobs.recv() {
        let mut skipped = 0;
        while let Ok(newer) = jobs.try_recv() {
            data = newer;
            skipped += 1;
        }
        let saved = if Stamp::of(path) != stamp {
            Saved::Conflict(path.to_path_buf())
        } else {
            // A new file is never written over one that appeared meanwhile.
            let text = data.to_canonical_json();
            let written = match stamp {
                Some(_) => crate::atomic::write(path, text.as_bytes()),
                None => crate::atomic::write_new(path, text.as_bytes()),
            };
            match written {
                Ok(()) => {
                    stamp = Stamp::of(path);
                    Saved::Written(path.to_path_buf(), stamp)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Saved::Conflict(path.to_path_buf()),
                Err(e) => Saved::Failed(path.to_path_buf(), e.to_string()),
            }
        };
        // One report per save asked for, so the count of pending ones
        // comes back to zero.
        for _ in 0..=skipped {
            if done.send(saved.clone()).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Dataset {
        Dataset::from_json(include_str!("../tests/fixtures/article.json")).expect("valid")
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("greatgame-save-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("data.json")
    }

    #[test]
    fn a_save_writes_the_file_canonically_and_finish_waits_for_it() {
        let path = temp("write");
        let mut data = article();
        std::fs::write(&path, data.to_canonical_json()).unwrap();
        let mut saver = Saver::start(path.clone(), Stamp::of(&path));
        data.title = "Changed".into();
        saver.save(Arc::new(data.clone()));
        data.title = "Changed twice".into();
        saver.save(Arc::new(data.clone()));
        assert!(saver.saving());
        let said = saver.finish();
        assert_eq!(said.last(), Some(&Saved::Written(path.clone(), Stamp::of(&path))), "{said:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), data.to_canonical_json());
    }

    #[test]
    fn a_file_changed_by_another_program_is_not_written_over() {
        let path = temp("conflict");
        let data = article();
        std::fs::write(&path, data.to_canonical_json()).unwrap();
        let mut saver = Saver::start(path.clone(), Stamp::of(&path));
        // Another program writes the file (longer, so the stamp differs
        // even within the clock's resolution).
        let theirs = format!("{}\n\n", data.to_canonical_json());
        std::fs::write(&path, &theirs).unwrap();
        saver.save(Arc::new(data));
        assert_eq!(saver.finish(), vec![Saved::Conflict(path.clone())]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "their version is kept");
    }

    #[test]
    fn a_new_file_is_not_written_over_one_that_appeared_meanwhile() {
        let path = temp("new");
        let mut saver = Saver::start(path.clone(), None);
        std::fs::write(&path, "someone else's").unwrap();
        saver.save(Arc::new(article()));
        assert_eq!(saver.finish(), vec![Saved::Conflict(path.clone())]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone else's");
    }
}
