//! Watching the dataset file: when another program writes it, the browser
//! reads it again. The file's folder is watched, not the file: an editor
//! that saves by writing a new file and renaming it over the old one
//! replaces the file being watched. Events come debounced, so one save is
//! one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer, notify};

/// Changes to one file.
pub struct Watch {
    file: PathBuf,
    events: Receiver<DebounceEventResult>,
    /// Kept: watching stops when it is dropped.
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

impl Watch {
    /// Watches `file`; `None` when the system cannot (the browser then
    /// only notices changes when it saves).
    pub fn start(file: &Path) -> Option<Watch> {
        let file = std::path::absolute(file).ok()?;
        let folder = file.parent()?.to_path_buf();
        let (tx, events) = channel();
        let mut debouncer = new_debouncer(Duration::from_millis(150), tx).ok()?;
        debouncer.watcher().watch(&folder, notify::RecursiveMode::NonRecursive).ok()?;
        Some(Watch { file, events, _debouncer: debouncer })
    }

    /// Whether the file changed since the last call (something happened to
    /// it: written, replaced, removed).
    pub fn changed(&self) -> bool {
        let mut changed = false;
        while let Ok(result) = self.events.try_recv() {
            if let Ok(events) = result {
                changed |= events.iter().any(|e| e.path == self.file);
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waits_for(watch: &Watch) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if watch.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_write_and_a_save_by_rename_are_each_seen_others_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.json");
        std::fs::write(&file, "one").unwrap();
        let Some(watch) = Watch::start(&file) else {
            eprintln!("SKIPPED: this system cannot watch files");
            return;
        };
        std::fs::write(dir.path().join("other.json"), "x").unwrap();
        std::thread::sleep(Duration::from_millis(400));
        assert!(!watch.changed(), "another file in the folder is not ours");
        std::fs::write(&file, "two").unwrap();
        assert!(waits_for(&watch), "a write is seen");
        // As editors save: a new file renamed over the old one.
        let tmp = dir.path().join(".data.json.swp");
        std::fs::write(&tmp, "three").unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        assert!(waits_for(&watch), "a save by rename is seen");
    }
}
